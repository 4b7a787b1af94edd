//! The tables as one Excel workbook (`tables.xlsx`, on request): a sheet
//! saying where the numbers came from, then a sheet per table with the
//! same columns and values as its CSV file — numbers as numbers, rates
//! shown as percentages, the header frozen and filterable.
//!
//! The file is the same bytes for the same input: its creation time is
//! fixed (the workbook states the ledger head instead of a clock).

use std::path::Path;

use polars::prelude::*;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::input::Input;
use crate::{Error, Options};

/// The creation time every workbook states: a fixed one, so that two
/// reports from the same ledger are the same bytes.
const CREATED: (u16, u8, u8) = (2000, 1, 1);

fn failed(error: rust_xlsxwriter::XlsxError, path: &Path) -> Error {
    Error::Workbook { path: path.to_path_buf(), message: error.to_string() }
}

/// `tables` (name, frame) as the bytes of a workbook (`path` names it in
/// errors).
pub(crate) fn workbook(
    input: &Input,
    tables: &[(&str, DataFrame)],
    options: &Options,
    path: &Path,
) -> Result<Vec<u8>, Error> {
    let lang = options.lang;
    let fail = |error| failed(error, path);
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2).map_err(fail)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(
                lang.pick("tarkka – laaturaportin taulukot", "tarkka – quality report tables"),
            )
            .set_comment(format!(
                "{}: {}",
                lang.pick("Pääkirjan pää", "Ledger head"),
                input.provenance.head
            ))
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold().set_background_color(Color::RGB(0xF0_F0_F0));
    let score = Format::new().set_num_format("0.00");
    let percent = Format::new().set_num_format("0.0%");

    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("Lähde", "Provenance")).map_err(fail)?;
    provenance(sheet, input, options, &header).map_err(fail)?;

    for (name, frame) in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).map_err(fail)?;
        for (col, column) in frame.columns().iter().enumerate() {
            let col = col as u16;
            sheet
                .write_string_with_format(0, col, column.name().as_str(), &header)
                .map_err(fail)?;
            let rows = 1u32..;
            match column.dtype() {
                DataType::String => {
                    for (row, value) in rows.zip(column.str()?.iter()) {
                        if let Some(value) = value {
                            sheet.write_string(row, col, value).map_err(fail)?;
                        }
                    }
                }
                DataType::Boolean => {
                    for (row, value) in rows.zip(column.bool()?.iter()) {
                        if let Some(value) = value {
                            sheet.write_boolean(row, col, value).map_err(fail)?;
                        }
                    }
                }
                DataType::Float64 => {
                    // Scores are 0..100; every other fraction is a rate.
                    let format = if column.name().starts_with("mean") { &score } else { &percent };
                    for (row, value) in rows.zip(column.f64()?.iter()) {
                        if let Some(value) = value.filter(|v| v.is_finite()) {
                            sheet
                                .write_number_with_format(row, col, value, format)
                                .map_err(fail)?;
                        }
                    }
                }
                _ => {
                    let counts = column.cast(&DataType::Float64)?;
                    for (row, value) in rows.zip(counts.f64()?.iter()) {
                        if let Some(value) = value {
                            sheet.write_number(row, col, value).map_err(fail)?;
                        }
                    }
                }
            }
        }
        let (height, width) = (frame.height() as u32, frame.width() as u16);
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        if width > 0 {
            sheet.autofilter(0, 0, height, width - 1).map_err(fail)?;
        }
        sheet.autofit();
    }
    workbook.save_to_buffer().map_err(fail)
}

/// The first sheet: the ledger state, rubrics, filters and command.
fn provenance(
    sheet: &mut Worksheet,
    input: &Input,
    options: &Options,
    header: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let lang = options.lang;
    let provenance = &input.provenance;
    sheet.write_string_with_format(0, 0, lang.pick("Mitä", "What"), header)?;
    sheet.write_string_with_format(0, 1, lang.pick("Arvo", "Value"), header)?;
    sheet.write_string(1, 0, lang.pick("Pääkirjan pää", "Ledger head"))?;
    sheet.write_string(1, 1, &provenance.head)?;
    sheet.write_string(2, 0, lang.pick("Merkle-juuri", "Merkle root"))?;
    sheet.write_string(2, 1, &provenance.merkle_root)?;
    sheet.write_string(3, 0, lang.pick("Merkintöjä", "Entries"))?;
    sheet.write_number(3, 1, provenance.entries as f64)?;
    let mut rows: Vec<(&str, String)> = input
        .rubrics
        .iter()
        .map(|rubric| {
            let described = format!("{} {} ({})", rubric.id, rubric.version, rubric.fingerprint);
            (lang.pick("Arviointilomake", "Rubric"), described)
        })
        .collect();
    let filters = if provenance.filters.is_empty() {
        lang.pick("ei rajauksia", "none").to_string()
    } else {
        provenance.filters.join(", ")
    };
    rows.push((lang.pick("Rajaukset", "Filters"), filters));
    rows.push((lang.pick("Komento", "Command"), provenance.command.clone()));
    for (row, (what, value)) in (4u32..).zip(&rows) {
        sheet.write_string(row, 0, *what)?;
        sheet.write_string(row, 1, value)?;
    }
    sheet.autofit();
    Ok(())
}

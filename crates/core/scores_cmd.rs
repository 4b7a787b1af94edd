//! `tarkka scores`: recorded results, current after amendments, filtered.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use tarkka_app::scores::Filter;
use tarkka_ledger::payload::Source;

use crate::Outcome;
use crate::args::{ListFormat, ScoresArgs, SourceArg};
use crate::context::Context;
use crate::output::{print, table};

pub fn list(args: &ScoresArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let (from, to) = tarkka_app::scores::date_flags(args.from.as_deref(), args.to.as_deref())?;
    let filter = Filter {
        location: args.location.clone(),
        agent: args.agent.clone(),
        auditor: args.auditor.clone(),
        rubric: args.rubric.clone(),
        from,
        to,
        source: match args.source {
            SourceArg::Human => Some(Source::Human),
            SourceArg::Automatic => Some(Source::Automatic),
            SourceArg::All => None,
        },
    };
    let rows = tarkka_app::scores::list(&workspace.ledger(), &filter)?;
    let filtered = [
        &filter.location,
        &filter.agent,
        &filter.auditor,
        &filter.rubric,
        &filter.from,
        &filter.to,
    ]
    .iter()
    .any(|value| value.is_some());
    if rows.is_empty() && filtered {
        eprintln!(
            "{}",
            lang.pick(
                "tarkka: huom: mikään pisteytys ei täytä näitä ehtoja yhdessä (jokainen nimi on pääkirjassa)",
                "tarkka: note: no scoresheet matches these filters together (each name is in the ledger)"
            )
        );
    }
    match args.format {
        ListFormat::Json => print(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?,
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record([
                "encounter",
                "date",
                "location",
                "agent",
                "auditor",
                "rubric",
                "source",
                "overall",
                "overall_percent",
                "verdict",
                "critical_failures",
                "amendments",
                "entry",
            ])?;
            for row in &rows {
                writer.write_record([
                    row.encounter.as_str(),
                    &row.date,
                    &row.location,
                    &row.agent,
                    &row.auditor,
                    &row.rubric,
                    row.source,
                    row.overall.as_deref().unwrap_or(""),
                    row.overall_percent.as_deref().unwrap_or(""),
                    &row.verdict,
                    &row.critical_failures.join(" "),
                    &row.amendments.to_string(),
                    &row.entry.to_string(),
                ])?;
            }
            let text = String::from_utf8(writer.into_inner()?)?;
            print(&crate::output::csv_for(text, args.excel, &["overall_percent"], true)?)?;
        }
        ListFormat::Text => {
            let t = |fi, en| lang.pick(fi, en);
            let mut table = table(&[
                t("kohtaaminen", "encounter"),
                t("päivä", "date"),
                t("paikka", "location"),
                t("asiakaspalvelija", "agent"),
                t("arvioija", "auditor"),
                t("lomake", "rubric"),
                t("pisteet", "overall"),
                t("tulos", "verdict"),
                t("kriittiset", "critical"),
            ]);
            for row in &rows {
                let verdict = match row.verdict.as_str() {
                    "pass" => t("hyväksytty", "pass"),
                    "fail" => t("hylätty", "fail"),
                    _ => t("ei pisteitä", "not scored"),
                };
                let amended = if row.amendments > 0 {
                    format!(" ({}×{})", t("muutettu ", "amended "), row.amendments)
                } else {
                    String::new()
                };
                let auditor = if row.source == "automatic" {
                    format!("{} (auto)", row.auditor)
                } else {
                    row.auditor.clone()
                };
                table.add_row(vec![
                    Cell::new(&row.encounter),
                    Cell::new(tarkka_i18n::date_in(lang.pick("fi", "en"), &row.date)),
                    Cell::new(&row.location),
                    Cell::new(&row.agent),
                    Cell::new(auditor),
                    Cell::new(&row.rubric),
                    Cell::new(format!(
                        "{} %{amended}",
                        crate::output::decimal(row.overall_percent.as_deref().unwrap_or("–"), lang)
                    ))
                    .set_alignment(CellAlignment::Right),
                    Cell::new(verdict),
                    Cell::new(row.critical_failures.join(", ")),
                ]);
            }
            let mut out = format!("{table}\n");
            // Every count names its source: the auditors' and the
            // automatic checks' scoresheets are never added up.
            let sources: &[(&str, &str, &str)] = match args.source {
                SourceArg::Human => &[("human", "arvioijien pisteytystä", "auditors' scoresheets")],
                SourceArg::Automatic => {
                    &[("automatic", "automaattista pisteytystä", "automatic scoresheets")]
                }
                SourceArg::All => &[
                    ("human", "arvioijien pisteytystä", "auditors' scoresheets"),
                    ("automatic", "automaattista pisteytystä", "automatic scoresheets"),
                ],
            };
            for (source, fi, en) in sources {
                let of_source = rows.iter().filter(|r| r.source == *source);
                let count = of_source.clone().count();
                let passed = of_source.filter(|r| r.verdict == "pass").count();
                let _ =
                    writeln!(out, "{count} {}, {passed} {}", t(fi, en), t("hyväksyttyä", "passed"));
            }
            print(&out)?;
        }
    }
    Ok(Outcome::Success)
}

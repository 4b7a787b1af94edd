//! `tarkka scores`: recorded results, current after amendments, filtered.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use tarkka_app::scores::Filter;

use crate::Outcome;
use crate::args::{ListFormat, ScoresArgs};
use crate::context::Context;
use crate::output::{print, table};

pub fn list(args: &ScoresArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let filter = Filter {
        location: args.location.clone(),
        agent: args.agent.clone(),
        auditor: args.auditor.clone(),
        rubric: args.rubric.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
    };
    let rows = tarkka_app::scores::list(&workspace.ledger(), &filter)?;
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
            print(&String::from_utf8(writer.into_inner()?)?)?;
        }
        ListFormat::Text => {
            let t = |fi, en| lang.pick(fi, en);
            let mut table = table(&[
                t("kohtaaminen", "encounter"),
                t("päivä", "date"),
                t("paikka", "location"),
                t("palvelija", "agent"),
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
                    Cell::new(&row.date),
                    Cell::new(&row.location),
                    Cell::new(&row.agent),
                    Cell::new(auditor),
                    Cell::new(&row.rubric),
                    Cell::new(format!(
                        "{} %{amended}",
                        row.overall_percent.as_deref().unwrap_or("–")
                    ))
                    .set_alignment(CellAlignment::Right),
                    Cell::new(verdict),
                    Cell::new(row.critical_failures.join(", ")),
                ]);
            }
            let mut out = format!("{table}\n");
            let passed = rows.iter().filter(|r| r.verdict == "pass").count();
            let _ = writeln!(
                out,
                "{} {}, {} {}",
                rows.len(),
                t("pisteytystä", "scoresheets"),
                passed,
                t("hyväksyttyä", "passed")
            );
            print(&out)?;
        }
    }
    Ok(Outcome::Success)
}

//! `tarkka scores`: recorded results, current after amendments, filtered.

use std::fmt::Write as _;

use anyhow::{Context as _, bail};
use comfy_table::{Cell, CellAlignment};
use tarkka_ledger::payload::{ScoreAmended, ScoresheetRecorded, Source};
use tarkka_ledger::{EncounterState, Recorded};
use tarkka_rubric::Fraction;

use crate::Outcome;
use crate::args::{ListFormat, ScoresArgs};
use crate::context::Context;
use crate::output::{print, table};
use crate::report_ledger::{Encounter, ReportLedger};

/// A scoresheet with the amendments that changed it, in order.
pub struct Chain<'a> {
    /// The scoresheet as recorded.
    pub sheet: &'a Recorded<ScoresheetRecorded>,
    /// Its amendments (an amendment may amend an amendment), in order.
    pub amendments: Vec<&'a Recorded<ScoreAmended>>,
}

impl Chain<'_> {
    /// The entry a new amendment amends: the last in the chain.
    pub fn last_seq(&self) -> u64 {
        self.amendments.last().map_or(self.sheet.seq, |a| a.seq)
    }

    /// The current result: the last amendment's, else the scoresheet's.
    pub fn result(&self) -> &serde_json::value::RawValue {
        self.amendments.last().map_or(&self.sheet.payload.result, |a| &a.payload.result)
    }
}

/// Every scoresheet of an encounter with its amendments.
pub fn chains(encounter: &EncounterState) -> Vec<Chain<'_>> {
    encounter
        .scoresheets
        .iter()
        .map(|sheet| {
            let mut members = vec![sheet.seq];
            let mut amendments = Vec::new();
            // An amendment counts only after what it amends (as `verify`
            // requires); one naming a later entry amends nothing.
            for amendment in encounter.amendments.iter().filter(|a| a.seq > sheet.seq) {
                if members.contains(&amendment.payload.amends) {
                    members.push(amendment.seq);
                    amendments.push(amendment);
                }
            }
            Chain { sheet, amendments }
        })
        .collect()
}

/// Checks `--from` and `--to`: dates, in order.
pub fn check_dates(from: Option<&str>, to: Option<&str>) -> anyhow::Result<()> {
    for (flag, date) in [("--from", from), ("--to", to)] {
        if let Some(date) = date {
            date.parse::<jiff::civil::Date>()
                .with_context(|| format!("{flag} `{date}` is not a date like 2026-05-31"))?;
        }
    }
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        bail!("--from {from} is after --to {to}");
    }
    Ok(())
}

/// One row of the listing.
#[derive(serde::Serialize)]
struct ScoreRow {
    encounter: String,
    date: String,
    location: String,
    agent: String,
    auditor: String,
    rubric: String,
    source: &'static str,
    overall: Option<String>,
    overall_percent: Option<String>,
    verdict: String,
    critical_failures: Vec<String>,
    amendments: usize,
    entry: u64,
}

pub fn list(args: &ScoresArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    check_dates(args.from.as_deref(), args.to.as_deref())?;
    // The report's slim replay: current results without their JSON.
    let state = ReportLedger::replay(&workspace.ledger())?;
    let name = |index: u32| state.names.name(index);
    let id = |index: u32| state.ids[index as usize].to_string();
    let mut encounters: Vec<&(String, Encounter)> = state.encounters.iter().collect();
    encounters.sort_by(|(a_id, a), (b_id, b)| (&a.time, a_id).cmp(&(&b.time, b_id)));
    let mut rows = Vec::new();
    for (encounter_id, encounter) in encounters {
        let date = encounter.time.get(..10).unwrap_or(&encounter.time).to_string();
        let keep = args.location.as_ref().is_none_or(|l| l == name(encounter.location))
            && args.agent.as_ref().is_none_or(|a| a == name(encounter.agent))
            && args.rubric.as_ref().is_none_or(|r| r == name(encounter.rubric_id))
            && args.from.as_ref().is_none_or(|from| &date >= from)
            && args.to.as_ref().is_none_or(|to| &date <= to);
        if !keep {
            continue;
        }
        for sheet in &encounter.sheets {
            if args.auditor.as_ref().is_some_and(|auditor| auditor != name(sheet.auditor)) {
                continue;
            }
            let result = &sheet.result;
            let overall = result.overall_exact.map(id);
            let percent = overall
                .as_deref()
                .and_then(|o| o.parse::<Fraction>().ok())
                .map(|o| o.to_percent_string());
            rows.push(ScoreRow {
                encounter: encounter_id.clone(),
                date: date.clone(),
                location: name(encounter.location).to_string(),
                agent: name(encounter.agent).to_string(),
                auditor: name(sheet.auditor).to_string(),
                rubric: name(sheet.rubric).to_string(),
                source: match sheet.source {
                    Source::Human => "human",
                    Source::Automatic => "automatic",
                },
                overall,
                overall_percent: percent,
                verdict: id(result.verdict),
                critical_failures: result.critical_failures.iter().map(|&c| id(c)).collect(),
                amendments: sheet.amendments.len(),
                entry: sheet.amendments.last().copied().unwrap_or(sheet.seq),
            });
        }
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

/// The overall score of a result as a fraction, if it has one.
pub fn overall_of(result: &serde_json::value::RawValue) -> Option<Fraction> {
    tarkka_ledger::payload::summary_of(result).overall.and_then(|o| o.parse().ok())
}

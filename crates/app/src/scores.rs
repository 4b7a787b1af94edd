//! `tarkka scores`: recorded results, current after amendments, filtered.

use serde::Serialize;
use tarkka_ledger::Lines;
use tarkka_ledger::payload::Source;
use tarkka_rubric::Fraction;

use crate::error::Result;
use crate::replay::{Encounter, ReportLedger};

/// Which scoresheets to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only this location's encounters.
    pub location: Option<String>,
    /// Only this agent's.
    pub agent: Option<String>,
    /// Only this auditor's scoresheets.
    pub auditor: Option<String>,
    /// Only encounters logged with this rubric.
    pub rubric: Option<String>,
    /// From this date (YYYY-MM-DD).
    pub from: Option<String>,
    /// To this date, inclusive.
    pub to: Option<String>,
    /// Only the auditors' or only the automatic checks' scoresheets; both
    /// when `None`.
    pub source: Option<Source>,
}

/// One scoresheet in the listing.
#[derive(Clone, Debug, Serialize)]
pub struct ScoreRow {
    /// The encounter.
    pub encounter: String,
    /// Its date.
    pub date: String,
    /// Where.
    pub location: String,
    /// Who served.
    pub agent: String,
    /// Who scored.
    pub auditor: String,
    /// The rubric.
    pub rubric: String,
    /// `human` or `automatic`.
    pub source: &'static str,
    /// The exact overall score (a fraction), when scored.
    pub overall: Option<String>,
    /// It in percent, two decimals.
    pub overall_percent: Option<String>,
    /// `pass`, `fail` or `not-scored`.
    pub verdict: String,
    /// The failed critical criteria.
    pub critical_failures: Vec<String>,
    /// How many amendments changed it.
    pub amendments: usize,
    /// The entry that holds its current result.
    pub entry: u64,
}

/// Checks `--from` and `--to`: dates, in order.
pub fn check_dates(from: Option<&str>, to: Option<&str>) -> Result<()> {
    for (flag, date) in [("--from", from), ("--to", to)] {
        if let Some(date) = date
            && date.parse::<jiff::civil::Date>().is_err()
        {
            crate::refuse!("date-bad", flag = flag, date = date);
        }
    }
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        crate::refuse!("dates-reversed", from = from, to = to);
    }
    Ok(())
}

/// A `--from` or `--to` date as the filters compare it (`2026-02-01`),
/// from the ISO form or the Finnish one (`1.2.2026`, `01.02.2026`); an
/// error names the flag and both forms.
pub fn date_flag(flag: &str, given: &str) -> Result<String> {
    let given = given.trim();
    match crate::local_time::day(given) {
        Some(date) => Ok(date.to_string()),
        None => crate::refuse!("date-bad", flag = flag, date = given),
    }
}

/// `--from` and `--to` as the filters compare them ([`date_flag`]).
pub fn date_flags(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>)> {
    Ok((
        from.map(|date| date_flag("--from", date)).transpose()?,
        to.map(|date| date_flag("--to", date)).transpose()?,
    ))
}

/// Every scoresheet that passes the filter, its result current after
/// amendments, encounters in time order. Reads the report's slim replay.
pub fn list(ledger: &impl Lines, filter: &Filter) -> Result<Vec<ScoreRow>> {
    check_dates(filter.from.as_deref(), filter.to.as_deref())?;
    let state = ReportLedger::replay(ledger)?;
    let name = |index: u32| state.names.name(index);
    let id = |index: u32| state.ids[index as usize].clone();
    let mut encounters: Vec<&(String, Encounter)> = state.encounters.iter().collect();
    encounters.sort_by(|(a_id, a), (b_id, b)| (&a.time, a_id).cmp(&(&b.time, b_id)));
    use crate::names::Field;
    crate::names::check_encounters(
        &state,
        [
            (Field::Location, &filter.location),
            (Field::Agent, &filter.agent),
            (Field::Rubric, &filter.rubric),
            (Field::Auditor, &filter.auditor),
        ]
        .into_iter()
        .filter_map(|(field, value)| Some((field, value.as_deref()?))),
    )?;
    let mut rows = Vec::new();
    for (encounter_id, encounter) in encounters {
        let date = encounter.time.get(..10).unwrap_or(&encounter.time).to_string();
        let keep = filter.location.as_ref().is_none_or(|l| l == name(encounter.location))
            && filter.agent.as_ref().is_none_or(|a| a == name(encounter.agent))
            && filter.rubric.as_ref().is_none_or(|r| r == name(encounter.rubric_id))
            && filter.from.as_ref().is_none_or(|from| &date >= from)
            && filter.to.as_ref().is_none_or(|to| &date <= to);
        if !keep {
            continue;
        }
        for sheet in &encounter.sheets {
            if filter.auditor.as_ref().is_some_and(|auditor| auditor != name(sheet.auditor))
                || filter.source.is_some_and(|source| source != sheet.source)
            {
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
                amendments: sheet.chain.amendments.len(),
                entry: sheet.chain.last(),
            });
        }
    }
    Ok(rows)
}

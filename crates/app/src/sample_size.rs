//! `tarkka sample size`: how many more evaluations each agent (or location)
//! needs before its mean score is known to within ±X points, and which
//! ones cannot yet be told apart.
//!
//! The numbers are the report's: each encounter counts once, with its
//! latest human scoresheet after amendments (docs/reports.md, "What
//! counts"), and a group's interval is the report's 95 % interval for a
//! mean score, which stays on the 0–100 scale
//! ([`tarkka_report::stats::mean_interval`]). The evaluations needed are
//! the fewest with which that interval, at the spread the group shows now,
//! would reach no more than the margin from the mean on either side. A
//! group with fewer than two scores, or whose scores are all equal, has no
//! spread of its own to go by: the spread of all scores in the selection
//! stands in, and the row says so.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tarkka_ledger::Lines;
use tarkka_ledger::payload::Source;
use tarkka_report::stats::{MIN_INTERVAL_N, mean_interval, told_apart};

use crate::error::Result;
use crate::replay::ReportLedger;

/// What to group by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// By the agent who served.
    Agent,
    /// By location.
    Location,
}

/// What to compute.
#[derive(Clone, Debug)]
pub struct Request {
    /// The groups.
    pub by: By,
    /// How far the interval may reach from the mean, in points of the
    /// 0–100 score, as given: a decimal number with a point or a comma.
    pub margin: String,
    /// Only encounters logged with this rubric.
    pub rubric: Option<String>,
    /// Only this location's encounters.
    pub location: Option<String>,
}

/// One group.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// The agent or location.
    pub name: String,
    /// Encounters with a human score.
    pub n: u64,
    /// Their mean score, 0–100.
    pub mean: f64,
    /// Their standard deviation (n − 1).
    pub sd: Option<f64>,
    /// The 95 % interval now (none below three scores).
    pub interval: Option<(f64, f64)>,
    /// The larger distance from the mean to an end of the interval.
    pub margin_now: Option<f64>,
    /// Whether the spread behind `needed` is the selection's, for want of
    /// the group's own.
    pub pooled_spread: bool,
    /// The evaluations the group needs in all for the margin asked.
    pub needed: u64,
    /// How many more than it has.
    pub more: u64,
    /// How many of the other groups with an interval this one's does not
    /// overlap: the ones it can be told apart from now (`None` without an
    /// interval of its own).
    pub told_apart_from: Option<usize>,
}

/// The answer.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The margin asked, in points.
    pub margin: f64,
    /// The standard deviation of every score in the selection.
    pub overall_sd: Option<f64>,
    /// The groups, by name (the map's order).
    pub rows: Vec<Row>,
    /// How many groups have an interval to compare.
    pub compared: usize,
    /// How many rubrics the scores selected come from: comparing groups
    /// scored on different rubrics compares the rubrics too.
    pub rubrics: usize,
    /// The ledger state the numbers come from: how many entries.
    pub entries: u64,
    /// And the last one's hash (empty for an empty ledger).
    pub head: String,
}

/// Above this, "needed" is not searched further: the margin cannot be
/// reached with any number of evaluations a team would make.
pub const MAX_NEEDED: u64 = 1_000_000;

/// Computes the report from the ledger.
pub fn size(ledger: &impl Lines, request: &Request) -> Result<Report> {
    let margin = request.margin.trim().replace(',', ".").parse::<f64>().unwrap_or(f64::NAN);
    if !(margin > 0.0 && margin <= 50.0) {
        crate::refuse!("sample-size-margin", margin = request.margin.as_str());
    }
    let state = ReportLedger::replay(ledger)?;
    let name = |index: u32| state.names.name(index);
    use crate::names::Field;
    crate::names::check_encounters(
        &state,
        [(Field::Rubric, &request.rubric), (Field::Location, &request.location)]
            .into_iter()
            .filter_map(|(field, value)| Some((field, value.as_deref()?))),
    )?;
    let mut groups: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut rubrics = BTreeSet::new();
    for (_, encounter) in &state.encounters {
        let keep = request.rubric.as_ref().is_none_or(|r| r == name(encounter.rubric_id))
            && request.location.as_ref().is_none_or(|l| l == name(encounter.location));
        let score = encounter.latest(Source::Human).and_then(|sheet| sheet.result.overall);
        let (true, Some(score)) = (keep, score) else { continue };
        let key = match request.by {
            By::Agent => encounter.agent,
            By::Location => encounter.location,
        };
        groups.entry(name(key)).or_default().push(score);
        rubrics.insert(encounter.rubric_id);
    }
    let all: Vec<f64> = groups.values().flatten().copied().collect();
    let overall_sd = sd(&all);
    let mut rows: Vec<Row> = groups
        .iter()
        .map(|(group, scores)| {
            let n = scores.len() as u64;
            let mean = scores.iter().sum::<f64>() / n as f64;
            let spread_of_own = sd(scores);
            // Without a spread of its own (`mean_interval` takes 0 as none),
            // the interval is a share's.
            let interval = mean_interval(mean, spread_of_own.unwrap_or(0.0), n);
            let own = spread_of_own.filter(|sd| *sd > 0.0);
            let spread = own.or(overall_sd.filter(|sd| *sd > 0.0));
            let needed = spread.map_or(MIN_INTERVAL_N, |sd| needed(mean, sd, margin));
            Row {
                name: (*group).to_string(),
                n,
                mean,
                sd: spread_of_own,
                interval,
                margin_now: interval.map(|(low, high)| (mean - low).max(high - mean)),
                pooled_spread: own.is_none(),
                needed,
                more: needed.saturating_sub(n),
                told_apart_from: None,
            }
        })
        .collect();
    let intervals: Vec<Option<(f64, f64)>> = rows.iter().map(|r| r.interval).collect();
    for (row, apart) in rows.iter_mut().zip(told_apart(&intervals)) {
        row.told_apart_from = apart;
    }
    let compared = intervals.iter().flatten().count();
    Ok(Report {
        margin,
        overall_sd,
        rows,
        compared,
        rubrics: rubrics.len(),
        entries: state.replayed.entries,
        head: state.replayed.head.as_ref().map_or(String::new(), |h| h.hash.to_hex()),
    })
}

/// The sample standard deviation; `None` below two values.
fn sd(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    Some((values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt())
}

/// The fewest evaluations with which the 95 % interval of a mean `mean`
/// with spread `sd` stays within `margin` of the mean on both sides (the
/// interval narrows as n grows: a binary search).
fn needed(mean: f64, sd: f64, margin: f64) -> u64 {
    let reaches = |n: u64| {
        mean_interval(mean, sd, n)
            .is_some_and(|(low, high)| (mean - low).max(high - mean) <= margin)
    };
    if !reaches(MAX_NEEDED) {
        return MAX_NEEDED;
    }
    let (mut low, mut high) = (MIN_INTERVAL_N, MAX_NEEDED);
    while low < high {
        let middle = low + (high - low) / 2;
        if reaches(middle) {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluations_needed_follow_the_spread_and_the_margin() {
        // A spread of 15 points around 70: the t interval's n for ±5 is
        // about (2.02 · 15 / 5)² ≈ 37; the interval on the 0–100 scale,
        // longer on the side away from 100, needs a few more (40).
        let n = needed(70.0, 15.0, 5.0);
        assert_eq!(n, 40);
        // Half the margin, nearly four times the evaluations (the
        // asymmetry fades as n grows).
        let quarter = needed(70.0, 15.0, 2.5);
        assert!((7 * n / 2..=4 * n).contains(&quarter), "{n} {quarter}");
        // It is the fewest: one less does not reach the margin.
        let (low, high) = mean_interval(70.0, 15.0, n - 1).unwrap();
        assert!((70.0 - low).max(high - 70.0) > 5.0);
        // A margin no number of evaluations reaches says so.
        assert_eq!(needed(50.0, 30.0, 0.001), MAX_NEEDED);
    }
}

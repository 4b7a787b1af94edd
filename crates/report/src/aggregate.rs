//! The report's numbers: the input as polars data frames, grouped by
//! period, location, agent, auditor, rubric, section and criterion, with
//! intervals; every group kept, the small ones marked.

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::input::{Input, PromiseStatus};
use crate::stats::{mean_interval, p_chart_limits, wilson};
use crate::{Options, Period};

/// A proportion with its Wilson interval.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rate {
    /// How many had it.
    pub count: u64,
    /// Out of how many.
    pub of: u64,
}

impl Rate {
    /// `count / of`, if `of > 0`.
    pub fn value(&self) -> Option<f64> {
        (self.of > 0).then(|| self.count as f64 / self.of as f64)
    }

    /// The 95 % Wilson interval.
    pub fn interval(&self) -> Option<(f64, f64)> {
        wilson(self.count, self.of)
    }
}

/// The numbers of one group of encounters (or scoresheets).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stat {
    /// The group's keys, as indices into the input's names (see the table).
    pub keys: Vec<u32>,
    /// How many encounters.
    pub n: u64,
    /// How many had an overall score.
    pub scored: u64,
    /// The mean overall score in percent.
    pub mean: Option<f64>,
    /// Its 95 % t interval.
    pub mean_interval: Option<(f64, f64)>,
    /// Passed of judged.
    pub pass: Rate,
    /// Critical failures of all.
    pub critical: Rate,
    /// Below the minimum group size: shown, but marked.
    pub small: bool,
}

/// How one criterion was answered (optionally per location or agent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CriterionStat {
    /// The criterion's index.
    pub criterion: u32,
    /// The group's index: a location for the heat map, an agent on an
    /// agent's page; `None` over all encounters.
    pub group: Option<u32>,
    /// Failed (below the criterion's own `met`) of answered.
    pub failed: Rate,
    /// The mean credit, 0..1: 8.6 of 10 points is 0.86.
    pub mean_credit: f64,
    /// The score lost: weight × (1 − credit), summed over the answers.
    pub lost: f64,
    /// Below the minimum group size.
    pub small: bool,
}

impl CriterionStat {
    /// The share of answers that met the criterion.
    pub fn met(&self) -> Rate {
        Rate { count: self.failed.of - self.failed.count, of: self.failed.of }
    }
}

/// A section's mean score.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SectionStat {
    /// The section's index.
    pub section: u32,
    /// How many scored.
    pub n: u64,
    /// The mean section score.
    pub mean: Option<f64>,
    /// Its interval.
    pub mean_interval: Option<(f64, f64)>,
    /// Below the minimum group size.
    pub small: bool,
}

/// One period of the p-chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ControlPoint {
    /// The period's index into [`Aggregates::periods`].
    pub period: u32,
    /// Critical failures of encounters.
    pub rate: Rate,
    /// The centre line: the rate over all periods.
    pub centre: f64,
    /// The lower 3σ limit for this period's size.
    pub lower: f64,
    /// The upper 3σ limit.
    pub upper: f64,
    /// Outside the limits.
    pub out_of_control: bool,
}

/// Human and automatic verdicts on one criterion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementStat {
    /// The criterion's index.
    pub criterion: u32,
    /// Agreeing pairs of all pairs.
    pub agree: Rate,
    /// Failed by the auditor.
    pub human_failed: u64,
    /// Failed by the checks.
    pub automatic_failed: u64,
}

/// Promises by status for one location or agent.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct PromiseStat {
    /// The location's or agent's index.
    #[serde(skip)]
    pub key: u32,
    /// Kept.
    pub kept: u64,
    /// Broken.
    pub broken: u64,
    /// Open.
    pub open: u64,
    /// Unknown.
    pub unknown: u64,
}

impl PromiseStat {
    /// Counts one promise.
    pub fn add(&mut self, status: PromiseStatus) {
        match status {
            PromiseStatus::Kept => self.kept += 1,
            PromiseStatus::Broken => self.broken += 1,
            PromiseStatus::Open => self.open += 1,
            PromiseStatus::Unknown => self.unknown += 1,
        }
    }

    /// Kept of those decided.
    pub fn kept_rate(&self) -> Rate {
        Rate { count: self.kept, of: self.kept + self.broken }
    }
}

/// Every table of the report, sorted for reading and for determinism.
#[derive(Clone, Debug, Default)]
pub struct Aggregates {
    /// The period labels, in time order (`2026-03`, `2026-W11`, `2026-Q1`).
    pub periods: Vec<String>,
    /// All encounters together (one key: 0).
    pub total: Vec<Stat>,
    /// By rubric.
    pub by_rubric: Vec<Stat>,
    /// By location.
    pub by_location: Vec<Stat>,
    /// By agent.
    pub by_agent: Vec<Stat>,
    /// By location and agent: every pair that has encounters.
    pub by_location_agent: Vec<Stat>,
    /// By auditor, over their own scoresheets.
    pub by_auditor: Vec<Stat>,
    /// By period, all locations.
    pub by_period: Vec<Stat>,
    /// By location and period: the trend.
    pub trend: Vec<Stat>,
    /// By agent and period.
    pub agent_trend: Vec<Stat>,
    /// By section.
    pub by_section: Vec<SectionStat>,
    /// By criterion, most score lost first (the Pareto order).
    pub by_criterion: Vec<CriterionStat>,
    /// By criterion and location: the heat map.
    pub criterion_location: Vec<CriterionStat>,
    /// By criterion and agent.
    pub criterion_agent: Vec<CriterionStat>,
    /// The p-chart of critical failures by period.
    pub control: Vec<ControlPoint>,
    /// Human against automatic, by criterion.
    pub agreement: Vec<AgreementStat>,
    /// Promises by location.
    pub promises_by_location: Vec<PromiseStat>,
    /// Promises by agent.
    pub promises_by_agent: Vec<PromiseStat>,
}

/// The period an encounter falls in, as a sortable label.
pub fn period_label(date: jiff::civil::Date, period: Period) -> String {
    match period {
        Period::Week => {
            let week = date.iso_week_date();
            format!("{}-W{:02}", week.year(), week.week())
        }
        // `Auto` is resolved before anything is labelled (`Period::resolve`).
        Period::Month | Period::Auto => format!("{}-{:02}", date.year(), date.month()),
        Period::Quarter => format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
        Period::Year => date.year().to_string(),
    }
}

/// Every period from the first of `labels` to the last, in time order,
/// those without encounters included, and where each of `labels` falls
/// among them: a time axis on which a gap of five months is five steps,
/// not one. Labels are [`period_label`]'s, sorted; one that is not is
/// kept where it is, with nothing filled in after it.
pub fn calendar(labels: &[String]) -> (Vec<String>, Vec<usize>) {
    let mut axis: Vec<String> = Vec::new();
    let mut places = Vec::with_capacity(labels.len());
    for label in labels {
        // At most ten years of weeks between two periods with data.
        for _ in 0..530 {
            match axis.last().and_then(|last| next_period(last)) {
                Some(next) if next < *label => axis.push(next),
                _ => break,
            }
        }
        places.push(axis.len());
        axis.push(label.clone());
    }
    (axis, places)
}

/// The period after `label` (`2026-06` → `2026-07`, `2026-Q4` → `2027-Q1`,
/// `2026-W52` → `2026-W53` or `2027-W01`, `2026` → `2027`); `None` for a
/// label that is none of these.
fn next_period(label: &str) -> Option<String> {
    use jiff::ToSpan;
    let (year, rest) = match label.split_once('-') {
        Some((year, rest)) => (year.parse::<i16>().ok()?, Some(rest)),
        None => (label.parse::<i16>().ok()?, None),
    };
    let (date, period) = match rest {
        None => (jiff::civil::date(year, 1, 1).checked_add(1.year()).ok()?, Period::Year),
        Some(week) if week.starts_with('W') => {
            let week: i8 = week[1..].parse().ok()?;
            let monday = jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
                .ok()?
                .date();
            (monday.checked_add(1.week()).ok()?, Period::Week)
        }
        Some(quarter) if quarter.starts_with('Q') => {
            let quarter: i8 = quarter[1..].parse().ok()?;
            let first = jiff::civil::Date::new(year, 3 * (quarter - 1) + 1, 1).ok()?;
            (first.checked_add(3.months()).ok()?, Period::Quarter)
        }
        Some(month) => {
            let month: i8 = month.parse().ok()?;
            let first = jiff::civil::Date::new(year, month, 1).ok()?;
            (first.checked_add(1.month()).ok()?, Period::Month)
        }
    };
    Some(period_label(date, period))
}

fn u32_column(name: &str, values: Vec<u32>) -> Column {
    Column::new(name.into(), values)
}

/// Groups `frame` by its `u32` key columns, aggregates, sorts by the keys
/// (for determinism) and returns the result with its key columns read out.
fn group(
    frame: &DataFrame,
    keys: &[&str],
    aggregations: impl AsRef<[Expr]>,
) -> PolarsResult<(DataFrame, Vec<Vec<u32>>)> {
    let by: Vec<Expr> = keys.iter().map(|key| col(*key)).collect();
    let grouped = frame
        .clone()
        .lazy()
        .group_by(by)
        .agg(aggregations)
        .sort(
            keys.iter().map(|key| PlSmallStr::from(*key)).collect::<Vec<_>>(),
            SortMultipleOptions::default(),
        )
        .collect()?;
    let key_columns = keys
        .iter()
        .map(|key| Ok(grouped.column(key)?.u32()?.into_no_null_iter().collect()))
        .collect::<PolarsResult<_>>()?;
    Ok((grouped, key_columns))
}

/// Groups `frame` by `keys` and summarises its `overall`, `passed` and
/// `critical` columns.
fn summarise(frame: &DataFrame, keys: &[&str], min_group: u64) -> PolarsResult<Vec<Stat>> {
    let (grouped, key_columns) = group(
        frame,
        keys,
        [
            len().cast(DataType::UInt64).alias("n"),
            col("overall").count().cast(DataType::UInt64).alias("scored"),
            col("overall").mean().alias("mean"),
            col("overall").std(1).alias("sd"),
            col("passed").cast(DataType::UInt64).sum().alias("passed"),
            col("passed").count().cast(DataType::UInt64).alias("judged"),
            col("critical").cast(DataType::UInt64).sum().alias("critical"),
        ],
    )?;
    let u64s = |name: &str| -> PolarsResult<Vec<u64>> {
        Ok(grouped.column(name)?.u64()?.iter().map(|v| v.unwrap_or(0)).collect())
    };
    let f64s = |name: &str| -> PolarsResult<Vec<Option<f64>>> {
        Ok(grouped.column(name)?.f64()?.iter().collect())
    };
    let (n, scored, passed, judged, critical) =
        (u64s("n")?, u64s("scored")?, u64s("passed")?, u64s("judged")?, u64s("critical")?);
    let (mean, sd) = (f64s("mean")?, f64s("sd")?);
    Ok((0..grouped.height())
        .map(|row| Stat {
            keys: key_columns.iter().map(|column| column[row]).collect(),
            n: n[row],
            scored: scored[row],
            mean: mean[row],
            mean_interval: mean[row]
                .and_then(|m| mean_interval(m, sd[row].unwrap_or(f64::NAN), scored[row])),
            pass: Rate { count: passed[row], of: judged[row] },
            critical: Rate { count: critical[row], of: n[row] },
            small: n[row] < min_group,
        })
        .collect())
}

/// Groups answered criteria by `keys`: failures, mean credit and the score
/// lost.
fn failures(frame: &DataFrame, keys: &[&str], min_group: u64) -> PolarsResult<Vec<CriterionStat>> {
    let (grouped, key_columns) = group(
        frame,
        keys,
        [
            len().cast(DataType::UInt64).alias("n"),
            col("failed").cast(DataType::UInt64).sum().alias("failed"),
            col("credit").cast(DataType::Float64).mean().alias("credit"),
            col("lost").cast(DataType::Float64).sum().alias("lost"),
        ],
    )?;
    let n: Vec<u64> = grouped.column("n")?.u64()?.into_no_null_iter().collect();
    let failed: Vec<u64> =
        grouped.column("failed")?.u64()?.iter().map(|v| v.unwrap_or(0)).collect();
    let credit: Vec<f64> =
        grouped.column("credit")?.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect();
    let lost: Vec<f64> = grouped.column("lost")?.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect();
    Ok((0..grouped.height())
        .map(|row| CriterionStat {
            criterion: key_columns[0][row],
            group: key_columns.get(1).map(|column| column[row]),
            failed: Rate { count: failed[row], of: n[row] },
            // Credits are read to 1/65,535 and summed as f32: four and three
            // decimals are what they hold, and all a table should print.
            mean_credit: (credit[row] * 1e4).round() / 1e4,
            lost: (lost[row] * 1e3).round() / 1e3,
            small: n[row] < min_group,
        })
        .collect())
}

/// Most score lost first; ties by more failures, then the criterion's place.
pub fn by_loss(a: &CriterionStat, b: &CriterionStat) -> std::cmp::Ordering {
    b.lost
        .total_cmp(&a.lost)
        .then(b.failed.count.cmp(&a.failed.count))
        .then(a.criterion.cmp(&b.criterion))
}

/// Computes every table.
pub fn aggregate(input: &Input, options: &Options) -> PolarsResult<Aggregates> {
    let encounters = &input.encounters;
    let min_group = u64::from(options.min_group);
    // Periods in time order: labels sort chronologically.
    let labels: Vec<String> =
        encounters.date.iter().map(|date| period_label(*date, options.period)).collect();
    let periods: Vec<String> =
        labels.iter().cloned().collect::<BTreeSet<_>>().into_iter().collect();
    let encounter_period: Vec<u32> = labels
        .iter()
        .map(|label| periods.binary_search(label).expect("every label is a period") as u32)
        .collect();

    let frame = DataFrame::new_infer_height(vec![
        u32_column("all", vec![0; encounters.id.len()]),
        u32_column("rubric", encounters.rubric.clone()),
        u32_column("location", encounters.location.clone()),
        u32_column("agent", encounters.agent.clone()),
        u32_column("period", encounter_period),
        Column::new("overall".into(), encounters.overall.clone()),
        Column::new("passed".into(), encounters.passed.clone()),
        Column::new("critical".into(), encounters.critical.clone()),
    ])?;
    let sheets = &input.sheets;
    let sheet_frame = DataFrame::new_infer_height(vec![
        u32_column("auditor", sheets.auditor.clone()),
        Column::new("overall".into(), sheets.overall.clone()),
        Column::new("passed".into(), sheets.passed.clone()),
        Column::new("critical".into(), sheets.critical.clone()),
    ])?;
    let answers = &input.answers;
    let answer_location: Vec<u32> =
        answers.encounter.iter().map(|&e| encounters.location[e as usize]).collect();
    let answer_agent: Vec<u32> =
        answers.encounter.iter().map(|&e| encounters.agent[e as usize]).collect();
    let lost: Vec<f32> =
        answers.credit.iter().zip(&answers.weight).map(|(c, w)| w * (1.0 - c)).collect();
    let answer_frame = DataFrame::new_infer_height(vec![
        u32_column("criterion", answers.criterion.clone()),
        u32_column("location", answer_location),
        u32_column("agent", answer_agent),
        Column::new("failed".into(), answers.failed.clone()),
        Column::new("credit".into(), answers.credit.clone()),
        Column::new("lost".into(), lost),
    ])?;

    let mut aggregates = Aggregates {
        total: summarise(&frame, &["all"], min_group)?,
        by_rubric: summarise(&frame, &["rubric"], min_group)?,
        by_location: summarise(&frame, &["location"], min_group)?,
        by_agent: summarise(&frame, &["agent"], min_group)?,
        by_location_agent: summarise(&frame, &["location", "agent"], min_group)?,
        by_auditor: summarise(&sheet_frame, &["auditor"], min_group)?,
        by_period: summarise(&frame, &["period"], min_group)?,
        trend: summarise(&frame, &["location", "period"], min_group)?,
        agent_trend: summarise(&frame, &["agent", "period"], min_group)?,
        ..Aggregates::default()
    };

    let mut by_criterion = failures(&answer_frame, &["criterion"], min_group)?;
    // Pareto order: most score lost first.
    by_criterion.sort_by(by_loss);
    aggregates.by_criterion = by_criterion;
    aggregates.criterion_location = failures(&answer_frame, &["criterion", "location"], min_group)?;
    aggregates.criterion_agent = failures(&answer_frame, &["criterion", "agent"], min_group)?;

    let scores = &input.section_scores;
    if !scores.section.is_empty() {
        let section_frame = DataFrame::new_infer_height(vec![
            u32_column("section", scores.section.clone()),
            Column::new("overall".into(), scores.score.clone()),
            Column::new("passed".into(), vec![None::<bool>; scores.section.len()]),
            Column::new("critical".into(), vec![false; scores.section.len()]),
        ])?;
        aggregates.by_section = summarise(&section_frame, &["section"], min_group)?
            .into_iter()
            .map(|stat| SectionStat {
                section: stat.keys[0],
                n: stat.scored,
                mean: stat.mean,
                mean_interval: stat.mean_interval,
                small: stat.small,
            })
            .collect();
    }

    // The p-chart: one centre line over all periods, limits per period size.
    let all = aggregates.total.first().map(|stat| stat.critical).unwrap_or_default();
    let centre = all.value().unwrap_or(0.0);
    aggregates.control = aggregates
        .by_period
        .iter()
        .map(|stat| {
            let (lower, upper) = p_chart_limits(centre, stat.n);
            let rate = stat.critical.value().unwrap_or(0.0);
            ControlPoint {
                period: stat.keys[0],
                rate: stat.critical,
                centre,
                lower,
                upper,
                out_of_control: rate > upper || rate < lower,
            }
        })
        .collect();

    let automatic = &input.automatic;
    if !automatic.criterion.is_empty() {
        let agree: Vec<bool> = automatic
            .human_failed
            .iter()
            .zip(&automatic.automatic_failed)
            .map(|(human, machine)| human == machine)
            .collect();
        let agreement_frame = DataFrame::new_infer_height(vec![
            u32_column("criterion", automatic.criterion.clone()),
            Column::new("agree".into(), agree),
            Column::new("human".into(), automatic.human_failed.clone()),
            Column::new("machine".into(), automatic.automatic_failed.clone()),
        ])?;
        let grouped = agreement_frame
            .lazy()
            .group_by([col("criterion")])
            .agg([
                len().cast(DataType::UInt64).alias("n"),
                col("agree").cast(DataType::UInt64).sum().alias("agree"),
                col("human").cast(DataType::UInt64).sum().alias("human"),
                col("machine").cast(DataType::UInt64).sum().alias("machine"),
            ])
            .sort(["criterion"], SortMultipleOptions::default())
            .collect()?;
        let column = |name: &str| -> PolarsResult<Vec<u64>> {
            Ok(grouped.column(name)?.u64()?.iter().map(|v| v.unwrap_or(0)).collect())
        };
        let criteria: Vec<u32> = grouped.column("criterion")?.u32()?.into_no_null_iter().collect();
        let (n, agree, human, machine) =
            (column("n")?, column("agree")?, column("human")?, column("machine")?);
        aggregates.agreement = (0..grouped.height())
            .map(|row| AgreementStat {
                criterion: criteria[row],
                agree: Rate { count: agree[row], of: n[row] },
                human_failed: human[row],
                automatic_failed: machine[row],
            })
            .collect();
    }

    let tally = |keys: &[u32]| -> Vec<PromiseStat> {
        let mut stats: std::collections::BTreeMap<u32, PromiseStat> = Default::default();
        for (key, status) in keys.iter().zip(&input.promises.status) {
            stats
                .entry(*key)
                .or_insert(PromiseStat { key: *key, ..Default::default() })
                .add(*status);
        }
        stats.into_values().collect()
    };
    aggregates.promises_by_location = tally(&input.promises.location);
    aggregates.promises_by_agent = tally(&input.promises.agent);
    aggregates.periods = periods;
    Ok(aggregates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar_of(labels: &[&str]) -> (Vec<String>, Vec<usize>) {
        calendar(&labels.iter().map(|label| label.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn the_calendar_keeps_the_periods_without_encounters() {
        let (axis, places) = calendar_of(&["2026-05", "2026-06", "2026-11"]);
        assert_eq!(
            axis,
            ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
        );
        assert_eq!(places, [0, 1, 6]);
        assert_eq!(
            calendar_of(&["2025-11", "2026-02"]).0,
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(calendar_of(&["2025-Q4", "2026-Q2"]).0, ["2025-Q4", "2026-Q1", "2026-Q2"]);
        // 2026 has 53 ISO weeks, 2027 has 52.
        assert_eq!(calendar_of(&["2026-W52", "2027-W01"]).0, ["2026-W52", "2026-W53", "2027-W01"]);
        assert_eq!(calendar_of(&["2027-W52", "2028-W01"]).0, ["2027-W52", "2028-W01"]);
        assert_eq!(calendar_of(&["2024", "2026"]).0, ["2024", "2025", "2026"]);
        assert_eq!(calendar_of(&["2026-05"]), (vec!["2026-05".to_string()], vec![0]));
        assert_eq!(calendar_of(&[]), (Vec::new(), Vec::new()));
    }
}

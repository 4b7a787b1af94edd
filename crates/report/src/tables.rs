//! The aggregate tables as files: CSV for spreadsheets, Parquet for
//! pyarrow, DuckDB and polars. Columns are named in English (they are
//! identifiers); rates are fractions 0..1, scores percentages 0..100.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::aggregate::{Aggregates, Rate, Stat};
use crate::input::Input;
use crate::{Error, Options, Sink};

/// A table being assembled column by column.
#[derive(Default)]
pub(crate) struct Table {
    columns: Vec<Column>,
}

impl Table {
    fn text(mut self, name: &str, values: Vec<String>) -> Table {
        self.columns.push(Column::new(name.into(), values));
        self
    }

    fn count(mut self, name: &str, values: Vec<u64>) -> Table {
        self.columns.push(Column::new(name.into(), values));
        self
    }

    fn number(mut self, name: &str, values: Vec<Option<f64>>) -> Table {
        self.columns.push(Column::new(name.into(), values));
        self
    }

    fn flag(mut self, name: &str, values: Vec<bool>) -> Table {
        self.columns.push(Column::new(name.into(), values));
        self
    }

    /// A rate's value and interval as three columns.
    fn rate(self, name: &str, rates: &[Rate]) -> Table {
        let low = rates.iter().map(|r| r.interval().map(|i| i.0)).collect();
        let high = rates.iter().map(|r| r.interval().map(|i| i.1)).collect();
        self.number(&format!("{name}_rate"), rates.iter().map(Rate::value).collect())
            .number(&format!("{name}_low"), low)
            .number(&format!("{name}_high"), high)
    }

    /// The columns every [`Stat`] has.
    fn stats(self, stats: &[Stat]) -> Table {
        let passes: Vec<Rate> = stats.iter().map(|s| s.pass).collect();
        let critical: Vec<Rate> = stats.iter().map(|s| s.critical).collect();
        self.count("encounters", stats.iter().map(|s| s.n).collect())
            .count("scored", stats.iter().map(|s| s.scored).collect())
            .number("mean_score", stats.iter().map(|s| s.mean).collect())
            .number("mean_low", stats.iter().map(|s| s.mean_interval.map(|i| i.0)).collect())
            .number("mean_high", stats.iter().map(|s| s.mean_interval.map(|i| i.1)).collect())
            .rate("pass", &passes)
            .rate("critical", &critical)
            .flag("small_group", stats.iter().map(|s| s.small).collect())
    }

    fn frame(self) -> PolarsResult<DataFrame> {
        DataFrame::new_infer_height(self.columns)
    }
}

fn names(stats: &[Stat], key: usize, names: &crate::input::Names) -> Vec<String> {
    stats.iter().map(|s| names.name(s.keys[key]).to_string()).collect()
}

/// Every table, in the order the report lists them, with its name.
pub(crate) fn build(
    input: &Input,
    aggregates: &Aggregates,
    failures: &[CriticalFailure],
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let rubric_of = |index: u32| input.rubrics[index as usize].id.clone();
    let criterion = |index: u32| &input.criteria[index as usize];
    let period = |index: u32| aggregates.periods[index as usize].clone();
    let mut tables = Vec::new();

    let mut overview: Vec<Stat> = aggregates.total.clone();
    overview.extend(aggregates.by_rubric.iter().cloned());
    let scope: Vec<String> = std::iter::once("all".to_string())
        .take(aggregates.total.len())
        .chain(aggregates.by_rubric.iter().map(|s| rubric_of(s.keys[0])))
        .collect();
    tables.push(("overview", Table::default().text("rubric", scope).stats(&overview).frame()?));
    tables.push((
        "by_location",
        Table::default()
            .text("location", names(&aggregates.by_location, 0, &input.locations))
            .stats(&aggregates.by_location)
            .frame()?,
    ));
    tables.push((
        "by_agent",
        Table::default()
            .text("agent", names(&aggregates.by_agent, 0, &input.agents))
            .stats(&aggregates.by_agent)
            .frame()?,
    ));
    tables.push((
        "by_auditor",
        Table::default()
            .text("auditor", names(&aggregates.by_auditor, 0, &input.auditors))
            .stats(&aggregates.by_auditor)
            .frame()?,
    ));
    tables.push((
        "by_period",
        Table::default()
            .text("period", aggregates.by_period.iter().map(|s| period(s.keys[0])).collect())
            .stats(&aggregates.by_period)
            .frame()?,
    ));
    tables.push((
        "trend_by_location",
        Table::default()
            .text("location", names(&aggregates.trend, 0, &input.locations))
            .text("period", aggregates.trend.iter().map(|s| period(s.keys[1])).collect())
            .stats(&aggregates.trend)
            .frame()?,
    ));
    let sections = &aggregates.by_section;
    tables.push((
        "by_section",
        Table::default()
            .text(
                "rubric",
                sections
                    .iter()
                    .map(|s| rubric_of(input.sections[s.section as usize].rubric))
                    .collect(),
            )
            .text(
                "section",
                sections.iter().map(|s| input.sections[s.section as usize].id.clone()).collect(),
            )
            .count("scored", sections.iter().map(|s| s.n).collect())
            .number("mean_score", sections.iter().map(|s| s.mean).collect())
            .number("mean_low", sections.iter().map(|s| s.mean_interval.map(|i| i.0)).collect())
            .number("mean_high", sections.iter().map(|s| s.mean_interval.map(|i| i.1)).collect())
            .flag("small_group", sections.iter().map(|s| s.small).collect())
            .frame()?,
    ));
    let criteria = &aggregates.by_criterion;
    let fails: Vec<Rate> = criteria.iter().map(|c| c.failed).collect();
    tables.push((
        "by_criterion",
        Table::default()
            .text(
                "rubric",
                criteria.iter().map(|c| rubric_of(criterion(c.criterion).rubric)).collect(),
            )
            .text("criterion", criteria.iter().map(|c| criterion(c.criterion).id.clone()).collect())
            .flag("critical", criteria.iter().map(|c| criterion(c.criterion).critical).collect())
            .count("answered", criteria.iter().map(|c| c.failed.of).collect())
            .count("failed", criteria.iter().map(|c| c.failed.count).collect())
            .rate("fail", &fails)
            .number("mean_credit", criteria.iter().map(|c| Some(c.mean_credit)).collect())
            .number("score_lost", criteria.iter().map(|c| Some(c.lost)).collect())
            .flag("small_group", criteria.iter().map(|c| c.small).collect())
            .frame()?,
    ));
    let cells = &aggregates.criterion_location;
    let passes: Vec<Rate> = cells.iter().map(|c| c.met()).collect();
    tables.push((
        "criterion_by_location",
        Table::default()
            .text(
                "rubric",
                cells.iter().map(|c| rubric_of(criterion(c.criterion).rubric)).collect(),
            )
            .text("criterion", cells.iter().map(|c| criterion(c.criterion).id.clone()).collect())
            .text(
                "location",
                cells
                    .iter()
                    .map(|c| input.locations.name(c.group.unwrap_or(0)).to_string())
                    .collect(),
            )
            .count("answered", cells.iter().map(|c| c.failed.of).collect())
            .rate("pass", &passes)
            .number("mean_credit", cells.iter().map(|c| Some(c.mean_credit)).collect())
            .number("score_lost", cells.iter().map(|c| Some(c.lost)).collect())
            .flag("small_group", cells.iter().map(|c| c.small).collect())
            .frame()?,
    ));
    let control = &aggregates.control;
    tables.push((
        "critical_control",
        Table::default()
            .text("period", control.iter().map(|p| period(p.period)).collect())
            .count("encounters", control.iter().map(|p| p.rate.of).collect())
            .count("critical_failures", control.iter().map(|p| p.rate.count).collect())
            .number("rate", control.iter().map(|p| p.rate.value()).collect())
            .number("centre", control.iter().map(|p| Some(p.centre)).collect())
            .number("lower_limit", control.iter().map(|p| Some(p.lower)).collect())
            .number("upper_limit", control.iter().map(|p| Some(p.upper)).collect())
            .flag("out_of_control", control.iter().map(|p| p.out_of_control).collect())
            .frame()?,
    ));
    let agreement = &aggregates.agreement;
    let agree: Vec<Rate> = agreement.iter().map(|a| a.agree).collect();
    tables.push((
        "human_vs_automatic",
        Table::default()
            .text(
                "rubric",
                agreement.iter().map(|a| rubric_of(criterion(a.criterion).rubric)).collect(),
            )
            .text(
                "criterion",
                agreement.iter().map(|a| criterion(a.criterion).id.clone()).collect(),
            )
            .count("pairs", agreement.iter().map(|a| a.agree.of).collect())
            .count("agree", agreement.iter().map(|a| a.agree.count).collect())
            .rate("agreement", &agree)
            .count("human_failed", agreement.iter().map(|a| a.human_failed).collect())
            .count("automatic_failed", agreement.iter().map(|a| a.automatic_failed).collect())
            .frame()?,
    ));
    let mut kinds = Vec::new();
    let mut who = Vec::new();
    let mut rows = Vec::new();
    for stat in &aggregates.promises_by_location {
        kinds.push("location".to_string());
        who.push(input.locations.name(stat.key).to_string());
        rows.push(stat.clone());
    }
    for stat in &aggregates.promises_by_agent {
        kinds.push("agent".to_string());
        who.push(input.agents.name(stat.key).to_string());
        rows.push(stat.clone());
    }
    let kept: Vec<Rate> = rows.iter().map(|r| r.kept_rate()).collect();
    tables.push((
        "promises",
        Table::default()
            .text("by", kinds)
            .text("name", who)
            .count("kept", rows.iter().map(|r| r.kept).collect())
            .count("broken", rows.iter().map(|r| r.broken).collect())
            .count("open", rows.iter().map(|r| r.open).collect())
            .count("unknown", rows.iter().map(|r| r.unknown).collect())
            .rate("kept", &kept)
            .frame()?,
    ));
    tables.push((
        "critical_failures",
        Table::default()
            .text("encounter", failures.iter().map(|f| f.encounter.clone()).collect())
            .text("date", failures.iter().map(|f| f.date.clone()).collect())
            .text("location", failures.iter().map(|f| f.location.clone()).collect())
            .text("agent", failures.iter().map(|f| f.agent.clone()).collect())
            .text("rubric", failures.iter().map(|f| f.rubric.clone()).collect())
            .text(
                "criteria",
                failures
                    .iter()
                    .map(|f| {
                        let ids: Vec<&str> =
                            f.criteria.iter().map(|&c| criterion(c).id.as_str()).collect();
                        ids.join(" ")
                    })
                    .collect(),
            )
            .text("evidence_sha256", failures.iter().map(|f| f.evidence.join(" ")).collect())
            .frame()?,
    ));
    if let Some(review) = &input.review {
        tables.extend(review_tables(input, review)?);
    }
    Ok(tables)
}

/// The review workflow's tables: per auditor, per disputed criterion and
/// per location.
fn review_tables(
    input: &Input,
    review: &crate::input::Review,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let a = &review.by_auditor;
    let c = &review.by_criterion;
    let l = &review.by_location;
    Ok(vec![
        (
            "review_by_auditor",
            Table::default()
                .text(
                    "auditor",
                    a.iter().map(|r| input.auditors.name(r.auditor).to_string()).collect(),
                )
                .count("evaluations", a.iter().map(|r| r.evaluations).collect())
                .count("from_draws", a.iter().map(|r| r.sampled).collect())
                .count("disputed", a.iter().map(|r| r.disputed).collect())
                .count("accepted", a.iter().map(|r| r.accepted).collect())
                .count("partly_accepted", a.iter().map(|r| r.partly).collect())
                .count("rejected", a.iter().map(|r| r.rejected).collect())
                .count("open", a.iter().map(|r| r.open).collect())
                .frame()?,
        ),
        (
            "review_by_criterion",
            Table::default()
                .text(
                    "rubric",
                    c.iter()
                        .map(|r| {
                            input.rubrics[input.criteria[r.criterion as usize].rubric as usize]
                                .id
                                .clone()
                        })
                        .collect(),
                )
                .text(
                    "criterion",
                    c.iter().map(|r| input.criteria[r.criterion as usize].id.clone()).collect(),
                )
                .count("disputed", c.iter().map(|r| r.disputed).collect())
                .count("accepted", c.iter().map(|r| r.accepted).collect())
                .count("rejected", c.iter().map(|r| r.rejected).collect())
                .count(
                    "open",
                    c.iter().map(|r| r.disputed.saturating_sub(r.accepted + r.rejected)).collect(),
                )
                .frame()?,
        ),
        (
            "review_by_location",
            Table::default()
                .text(
                    "location",
                    l.iter().map(|r| input.locations.name(r.location).to_string()).collect(),
                )
                .count("evaluations", l.iter().map(|r| r.evaluations).collect())
                .count("acknowledged", l.iter().map(|r| r.acknowledged).collect())
                .count("unacknowledged_old", l.iter().map(|r| r.unacknowledged_old).collect())
                .frame()?,
        ),
    ])
}

/// An encounter whose current result has a critical failure.
pub(crate) struct CriticalFailure {
    pub(crate) index: u32,
    pub(crate) encounter: String,
    pub(crate) date: String,
    pub(crate) location: String,
    pub(crate) agent: String,
    pub(crate) rubric: String,
    /// The failed critical criteria, indices into [`Input::criteria`].
    pub(crate) criteria: Vec<u32>,
    pub(crate) evidence: Vec<String>,
}

/// The encounters behind the critical failures, oldest first, with the
/// failed critical criteria and the evidence hashes.
pub(crate) fn critical_failures(input: &Input) -> Vec<CriticalFailure> {
    let encounters = &input.encounters;
    let mut failed: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for ((&encounter, &criterion), &critical) in
        input.answers.encounter.iter().zip(&input.answers.criterion).zip(&input.answers.critical)
    {
        if critical {
            failed.entry(encounter).or_default().push(criterion);
        }
    }
    let mut rows: Vec<CriticalFailure> = (0..encounters.id.len() as u32)
        .filter(|&e| encounters.critical[e as usize])
        .map(|e| {
            let i = e as usize;
            CriticalFailure {
                index: e,
                encounter: encounters.id[i].clone(),
                date: encounters.date[i].to_string(),
                location: input.locations.name(encounters.location[i]).to_string(),
                agent: input.agents.name(encounters.agent[i]).to_string(),
                rubric: input.rubrics[encounters.rubric[i] as usize].id.clone(),
                criteria: failed.remove(&e).unwrap_or_default(),
                evidence: encounters.evidence[i].clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.date, &a.encounter).cmp(&(&b.date, &b.encounter)));
    rows
}

/// Puts every table as `NAME.csv` and `NAME.parquet` into `dir` of the
/// sink, and all of them as `tables.xlsx` when asked.
pub(crate) fn write(
    input: &Input,
    aggregates: &Aggregates,
    failures: &[CriticalFailure],
    options: &Options,
    sink: &mut dyn Sink,
    dir: &Path,
) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    let mut tables = build(input, aggregates, failures)?;
    for (name, frame) in &mut tables {
        // Encoded in memory and put whole: measured, this peaked no higher
        // than streaming polars' writers into the files (BENCHMARKS.md).
        let mut csv = Vec::new();
        CsvWriter::new(&mut csv).finish(frame)?;
        written.push(sink.put(&dir.join(format!("{name}.csv")), &csv)?);
        drop(csv);
        let mut parquet = Vec::new();
        ParquetWriter::new(&mut parquet).finish(frame)?;
        written.push(sink.put(&dir.join(format!("{name}.parquet")), &parquet)?);
    }
    if options.xlsx {
        let path = dir.join("tables.xlsx");
        let bytes = crate::xlsx::workbook(input, &tables, options, &path)?;
        written.push(sink.put(&path, &bytes)?);
    }
    Ok(written)
}

/// A column of an exported table (`tarkka export tables`).
#[derive(Clone, Debug)]
pub enum Values {
    /// Text.
    Text(Vec<String>),
    /// Text or null.
    MaybeText(Vec<Option<String>>),
    /// Whole numbers.
    Count(Vec<u64>),
    /// Numbers or null.
    Number(Vec<Option<f64>>),
    /// True or false, or null.
    Flag(Vec<Option<bool>>),
}

impl Values {
    /// An empty column of the same kind.
    pub fn empty_like(&self) -> Values {
        match self {
            Values::Text(_) => Values::Text(Vec::new()),
            Values::MaybeText(_) => Values::MaybeText(Vec::new()),
            Values::Count(_) => Values::Count(Vec::new()),
            Values::Number(_) => Values::Number(Vec::new()),
            Values::Flag(_) => Values::Flag(Vec::new()),
        }
    }
}

/// A Parquet file written a batch of rows at a time (a row group each), so
/// that a table of millions of rows never has to be in memory whole.
pub struct ParquetFile<W: std::io::Write> {
    inner: Option<W>,
    writer: Option<polars::io::parquet::write::BatchedWriter<W>>,
}

impl<W: std::io::Write> ParquetFile<W> {
    /// A file that writes into `inner`.
    pub fn new(inner: W) -> ParquetFile<W> {
        ParquetFile { inner: Some(inner), writer: None }
    }

    /// Writes one batch of rows; the first batch sets the schema.
    pub fn write(&mut self, columns: Vec<(&str, Values)>) -> Result<(), Error> {
        let frame = frame_of(columns)?;
        if self.writer.is_none() {
            let inner = self.inner.take().expect("a file not yet begun has its writer");
            self.writer = Some(ParquetWriter::new(inner).batched(frame.schema())?);
        }
        self.writer.as_mut().expect("begun above").write_batch(&frame)?;
        Ok(())
    }

    /// Ends the file (after at least one batch, which may be empty).
    pub fn finish(self) -> Result<(), Error> {
        if let Some(writer) = &self.writer {
            writer.finish()?;
        }
        Ok(())
    }
}

fn frame_of(columns: Vec<(&str, Values)>) -> Result<DataFrame, Error> {
    let columns: Vec<Column> = columns
        .into_iter()
        .map(|(name, values)| match values {
            Values::Text(v) => Column::new(name.into(), v),
            Values::MaybeText(v) => Column::new(name.into(), v),
            Values::Count(v) => Column::new(name.into(), v),
            Values::Number(v) => Column::new(name.into(), v),
            Values::Flag(v) => Column::new(name.into(), v),
        })
        .collect();
    Ok(DataFrame::new_infer_height(columns)?)
}

//! Management reports: the ledger's current scores aggregated with polars,
//! drawn with plotters, written as a self-contained HTML report with pages
//! per location and agent, a Markdown summary, and the tables as CSV and
//! Parquet (and an Excel workbook on request) — every page and chart stamped with the ledger state it came
//! from.
//!
//! The CLI replays the ledger into an [`Input`] (plain columns; this crate
//! knows no ledger), and [`write`] does the rest:
//!
//! 1. [`aggregate::aggregate`] builds data frames and groups them by period,
//!    location, agent, auditor, rubric, section and criterion: encounters,
//!    mean score with a 95 % t interval, pass and critical-failure rates
//!    with Wilson intervals, promises kept. Groups below
//!    [`Options::min_group`] are kept and marked, never dropped.
//! 2. The charts: score trend per location with its band and n per point,
//!    criterion × location heat map of pass rates, Pareto of failed
//!    criteria, p-chart of critical failures with 3σ limits, distribution
//!    of overall scores per rubric, human versus automatic verdicts.
//! 3. The files, each made the same way from the same input: no clock,
//!    sorted groups, so two runs give the same bytes. They go to a [`Sink`]
//!    the caller gives ([`MemorySink`] keeps them; the application layer's
//!    writes them into a directory). The crate itself does no IO.
//!
//! ```
//! use tarkka_report::{Input, MemorySink, Options, Period};
//! use tarkka_rubric::Lang;
//!
//! let input = Input::default(); // from the ledger, in practice
//! let options = Options { period: Period::Month, min_group: 5, lang: Lang::En, xlsx: false };
//! let mut sink = MemorySink::default();
//! let written = tarkka_report::write(&input, &options, &mut sink).unwrap();
//! assert!(sink.files.contains_key(std::path::Path::new("index.html")));
//! assert_eq!(written.len(), sink.files.len());
//! ```

pub mod aggregate;
pub mod chart;
mod html;
pub mod input;
mod png;
pub mod stats;
mod tables;
mod xlsx;

use std::path::{Path, PathBuf};

pub use aggregate::{Aggregates, Rate, Stat, aggregate};
pub use html::shorten;
pub use input::*;
pub use tables::{ParquetFile, Values};
use tarkka_rubric::Lang;

/// The length of the periods trends and control charts use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// ISO weeks (`2026-W11`).
    Week,
    /// Calendar months (`2026-03`).
    Month,
    /// Quarters (`2026-Q1`).
    Quarter,
    /// Years (`2026`).
    Year,
    /// The shortest of week, month, quarter and year in which the typical
    /// location × period group is not small (see [`Period::resolve`]).
    Auto,
}

impl Period {
    /// The word used on the command line and in the report.
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
            Period::Auto => "auto",
        }
    }

    /// The period itself, or for [`Period::Auto`] the shortest of week,
    /// month, quarter and year whose median location × period group (of
    /// the groups that have any encounter) has at least `min_group`
    /// encounters — but never so long that the whole report falls into
    /// one period while a shorter one would still show a trend: then the
    /// longest period that gives two or more (its small groups marked).
    pub fn resolve(self, input: &Input, min_group: u32) -> Period {
        if self != Period::Auto {
            return self;
        }
        let encounters = &input.encounters;
        let mut widest_trend = None;
        for period in [Period::Week, Period::Month, Period::Quarter, Period::Year] {
            let mut groups: std::collections::HashMap<(u32, String), u64> = Default::default();
            for (&location, &date) in encounters.location.iter().zip(&encounters.date) {
                *groups.entry((location, aggregate::period_label(date, period))).or_default() += 1;
            }
            let periods: std::collections::BTreeSet<&String> =
                groups.keys().map(|(_, label)| label).collect();
            if periods.len() < 2 {
                return widest_trend.unwrap_or(period);
            }
            widest_trend = Some(period);
            let mut sizes: Vec<u64> = groups.into_values().collect();
            sizes.sort_unstable();
            if sizes[sizes.len() / 2] >= u64::from(min_group) {
                return period;
            }
        }
        Period::Year
    }
}

/// How a report is made.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The period of trends and control charts.
    pub period: Period,
    /// Groups with fewer encounters are shown but marked.
    pub min_group: u32,
    /// The language of every label.
    pub lang: Lang,
    /// Whether to write the tables as an Excel workbook too.
    pub xlsx: bool,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The tables could not be computed or written.
    #[error("cannot compute the tables: {0}")]
    Polars(#[from] polars::prelude::PolarsError),
    /// The workbook could not be written.
    #[error("cannot write {}: {message}", path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A chart could not be drawn.
    #[error("cannot draw {}: {message}", chart.display())]
    Draw {
        /// The chart's file.
        chart: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Where the report's files go: each is put whole with its path relative
/// to the report's root, and the sink says where it went.
pub trait Sink {
    /// Puts one file.
    fn put(&mut self, path: &Path, bytes: &[u8]) -> Result<PathBuf, Error>;
}

/// Keeps the files, by relative path.
#[derive(Clone, Debug, Default)]
pub struct MemorySink {
    /// Every file put.
    pub files: std::collections::BTreeMap<PathBuf, Vec<u8>>,
}

impl Sink for MemorySink {
    fn put(&mut self, path: &Path, bytes: &[u8]) -> Result<PathBuf, Error> {
        self.files.insert(path.to_path_buf(), bytes.to_vec());
        Ok(path.to_path_buf())
    }
}

/// Makes the whole report and puts its files into `sink`; returns where
/// they went, in a fixed order.
pub fn write(input: &Input, options: &Options, sink: &mut dyn Sink) -> Result<Vec<PathBuf>, Error> {
    let options = &Options { period: options.period.resolve(input, options.min_group), ..*options };
    let aggregates = aggregate(input, options)?;
    // The encounters behind the critical failures, for a table and the
    // pages alike.
    let failures = tables::critical_failures(input);
    let mut written =
        tables::write(input, &aggregates, &failures, options, sink, Path::new("tables"))?;
    written.extend(html::write(input, &aggregates, &failures, options, sink)?);
    Ok(written)
}

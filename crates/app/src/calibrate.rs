//! Calibration: do the auditors agree, and on which criteria not?
//!
//! Ratings come from the ledger (each auditor's latest scoresheet of each
//! encounter, as amended) or from a CSV file; every encounter that two or
//! more auditors scored is a unit. Per criterion: Krippendorff's alpha with
//! a seeded bootstrap interval, percent agreement, Fleiss' kappa, Cohen's
//! kappa per pair of auditors and, where automatic checks scored the same
//! encounters, human against automatic. Per auditor: how often they
//! deviate from the majority, their offset from the others and its drift.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;
use tarkka_agreement::{
    Coefficient, Interval, Metric, Weights, ac1_interval, alpha, alpha_interval, cohen_kappa,
    fleiss_kappa, gwet_ac1, percent_agreement,
};
use tarkka_ledger::payload::Source;
use tarkka_ledger::{Digest, LedgerState};
use tarkka_report::Names;
use tarkka_rubric::{Criterion, Rubric, Scale};
use tarkka_scoring::{AnswerValue, Answers, credit};

use crate::error::Result;
use crate::{chain, rubrics, table};

/// Where the ratings come from.
#[derive(Clone, Debug)]
pub enum Input<'a> {
    /// The workspace's ledger, replayed.
    Ledger(&'a LedgerState),
    /// A CSV file of answers (encounter, criterion, answer, auditor), read
    /// against these rubric files.
    Csv {
        /// The file.
        path: PathBuf,
        /// The rubrics its criteria belong to.
        rubrics: Vec<PathBuf>,
        /// How to read it.
        csv: table::Options,
    },
    /// Scoresheets the caller has read (the report reads those of its
    /// latest calibration encounters), in ledger order.
    Sheets {
        /// The rubrics they were scored with.
        rubrics: &'a [Rubric],
        /// The sheets.
        sheets: &'a [Rated],
        /// Where they came from.
        provenance: Provenance,
    },
}

/// One auditor's latest scoresheet of an encounter, as amended, for
/// [`Input::Sheets`].
#[derive(Clone, Debug)]
pub struct Rated {
    /// Its rubric, an index into the rubrics given.
    pub rubric: usize,
    /// The encounter.
    pub encounter: String,
    /// The auditor.
    pub auditor: String,
    /// The encounter's month (YYYY-MM).
    pub month: Option<String>,
    /// The answers as they stand.
    pub answers: Answers,
    /// Who produced it.
    pub source: Source,
    /// Its overall score, as its current result states it.
    pub overall: Option<f64>,
}

/// `tarkka calibrate`: what to analyse.
#[derive(Clone, Debug)]
pub struct Request {
    /// Only this rubric's criteria.
    pub only: Option<String>,
    /// Bootstrap resamples for the intervals.
    pub resamples: usize,
    /// The bootstrap's seed.
    pub seed: u64,
}

/// Where the ratings came from, for the report's reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// The ledger, at this head.
    Ledger {
        /// The head's entry.
        seq: u64,
        /// Its hash.
        hash: Digest,
    },
    /// An empty ledger.
    EmptyLedger,
    /// A CSV file.
    File(PathBuf),
}

/// One rating of one criterion of one encounter. Encounters, auditors and
/// months are interned: hundreds of thousands of ratings group and compare
/// by small integers, not strings.
#[derive(Clone, Copy)]
struct Rating {
    encounter: u32,
    auditor: u32,
    /// The value alpha compares: a category code or the number.
    value: f64,
    /// The credit in 0..1, for offsets.
    credit: f64,
    /// The encounter's month, when known.
    month: Option<u32>,
}

/// Everything rated for one criterion.
struct Ratings {
    rubric: String,
    criterion: String,
    metric: Metric,
    /// The scale's categories, for a nominal criterion (AC1's q).
    categories: usize,
    human: Vec<Rating>,
    automatic: Vec<Rating>,
}

/// How a criterion's answers become comparable values.
fn metric_of(criterion: &Criterion) -> Metric {
    match criterion.scale {
        Scale::YesNo | Scale::Choices(_) => Metric::Nominal,
        Scale::Range { .. } => Metric::Ordinal,
        Scale::Points { .. } => Metric::Interval,
    }
}

fn value_of(criterion: &Criterion, answer: &AnswerValue) -> Option<(f64, f64)> {
    let credit = credit(criterion, answer).ok().flatten()?.to_f64();
    let value = match (&criterion.scale, answer) {
        (Scale::YesNo, _) => credit,
        (Scale::Choices(choices), AnswerValue::Choice(name)) => {
            choices.iter().position(|c| &c.name == name)? as f64
        }
        (_, AnswerValue::Number(number)) => number.to_f64(),
        _ => return None,
    };
    Some((value, credit))
}

/// Collects the ratings: per criterion key, in rubric order.
#[derive(Default)]
struct Collector {
    order: Vec<String>,
    ratings: HashMap<String, Ratings>,
    /// Overall scores per encounter and auditor, for the overall alpha.
    overall: Vec<Rating>,
    encounters: Names,
    auditors: Names,
    months: Names,
}

impl Collector {
    fn add(
        &mut self,
        rubric: &Rubric,
        encounter: &str,
        auditor: &str,
        month: Option<&str>,
        answers: &Answers,
        source: Source,
    ) {
        let encounter = self.encounters.intern(encounter);
        let auditor = self.auditors.intern(auditor);
        let month = month.map(|m| self.months.intern(m));
        for criterion in &rubric.criteria {
            let Some(answer) = answers.get(&criterion.id) else { continue };
            let Some((value, credit)) = value_of(criterion, &answer.value) else { continue };
            let key = format!("{}:{}", rubric.id, criterion.id);
            let entry = self.ratings.entry(key.clone()).or_insert_with(|| {
                self.order.push(key);
                Ratings {
                    rubric: rubric.id.clone(),
                    criterion: criterion.id.clone(),
                    metric: metric_of(criterion),
                    categories: match &criterion.scale {
                        Scale::YesNo => 2,
                        Scale::Choices(choices) => choices.len(),
                        Scale::Range { .. } | Scale::Points { .. } => 0,
                    },
                    human: Vec::new(),
                    automatic: Vec::new(),
                }
            });
            let rating = Rating { encounter, auditor, value, credit, month };
            match source {
                Source::Human => entry.human.push(rating),
                Source::Automatic => entry.automatic.push(rating),
            }
        }
    }

    /// Records an encounter's overall score by an auditor.
    fn add_overall(&mut self, encounter: &str, auditor: &str, overall: f64) {
        let encounter = self.encounters.intern(encounter);
        let auditor = self.auditors.intern(auditor);
        self.overall.push(Rating {
            encounter,
            auditor,
            value: overall,
            credit: overall,
            month: None,
        });
    }
}

/// Two auditors' agreement on one criterion.
#[derive(Clone, Debug, Serialize)]
pub struct PairReport {
    /// The two, in name order.
    pub auditors: [String; 2],
    /// Cohen's kappa over the encounters both rated.
    pub kappa: Coefficient,
    /// Linearly weighted kappa, for ordinal scales.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear: Option<Coefficient>,
    /// Quadratically weighted kappa, for ordinal scales.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quadratic: Option<Coefficient>,
}

/// The auditors against the automatic checks on one criterion.
#[derive(Clone, Debug, Serialize)]
pub struct AutomaticReport {
    /// The share of matching answers.
    pub agreement: Coefficient,
    /// Cohen's kappa.
    pub kappa: Coefficient,
}

/// One criterion's (or the overall score's) agreement.
#[derive(Clone, Debug, Serialize)]
pub struct CriterionReport {
    /// The rubric (empty for the overall score).
    pub rubric: String,
    /// The criterion (`overall` for the overall score).
    pub criterion: String,
    /// How its answers compare: nominal, ordinal or interval.
    pub metric: Metric,
    /// Krippendorff's alpha.
    pub alpha: Coefficient,
    /// Its bootstrap interval.
    pub interval: Option<Interval>,
    /// Gwet's AC1, for a nominal criterion: chance-corrected agreement
    /// that a rare category does not drive to zero.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gwet_ac1: Option<Coefficient>,
    /// Its bootstrap interval, seeded as alpha's is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gwet_ac1_interval: Option<Interval>,
    /// The share of agreeing pairs.
    pub percent_agreement: Coefficient,
    /// Fleiss' kappa.
    pub fleiss_kappa: Coefficient,
    /// Cohen's kappa per pair of auditors.
    pub pairs: Vec<PairReport>,
    /// The auditors against the automatic checks, where both answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_vs_automatic: Option<AutomaticReport>,
}

/// An auditor's offset in one month.
#[derive(Clone, Debug, Serialize)]
pub struct MonthOffset {
    /// The month (YYYY-MM).
    pub month: String,
    /// The mean offset from the others, in percentage points.
    pub offset: f64,
    /// How many ratings.
    pub ratings: usize,
}

/// One auditor against the others.
#[derive(Clone, Debug, Serialize)]
pub struct AuditorReport {
    /// The auditor.
    pub auditor: String,
    /// Their ratings of shared units.
    pub ratings: usize,
    /// Units with a strict majority the auditor rated.
    pub majority_units: usize,
    /// How often they differed from that majority.
    pub deviations: usize,
    /// `deviations / majority_units`.
    pub deviation_rate: Option<f64>,
    /// Mean credit minus the others' mean, in percentage points.
    pub offset: Option<f64>,
    /// The offset month by month.
    pub by_month: Vec<MonthOffset>,
    /// The least-squares slope of the monthly offsets, points per month.
    pub drift_per_month: Option<f64>,
}

/// The whole calibration.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Encounters scored by two or more auditors.
    pub encounters: usize,
    /// The auditors who scored them.
    pub auditors: Vec<String>,
    /// The bootstrap's seed.
    pub seed: u64,
    /// The bootstrap's resamples.
    pub resamples: usize,
    /// The overall score's agreement.
    pub overall: Option<CriterionReport>,
    /// Every criterion's, lowest agreement first.
    pub criteria: Vec<CriterionReport>,
    /// Every auditor against the others.
    pub per_auditor: Vec<AuditorReport>,
}

/// The report's view of a calibration: alpha per row, the overall score
/// first, labelled by `label`; `of` is how many encounters scored by
/// several auditors there were in all.
pub fn agreement(
    report: &Report,
    of: usize,
    label: impl Fn(&CriterionReport) -> String,
) -> tarkka_report::Calibration {
    tarkka_report::Calibration {
        encounters: report.encounters,
        of,
        resamples: report.resamples,
        seed: report.seed,
        rows: report
            .overall
            .iter()
            .chain(&report.criteria)
            .map(|c| tarkka_report::AgreementRow {
                label: label(c),
                alpha: c.alpha.value,
                interval: c.interval.map(|i| (i.low, i.high)),
                units: c.alpha.units,
            })
            .collect(),
    }
}

/// Units: the values each encounter got, in a stable order.
fn units(ratings: &[Rating]) -> Vec<Vec<f64>> {
    let mut by_encounter: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for rating in ratings {
        by_encounter.entry(rating.encounter).or_default().push(rating.value);
    }
    by_encounter.into_values().collect()
}

fn analyse(
    rubric: &str,
    criterion: &str,
    metric: Metric,
    categories: usize,
    (human, automatic): (&[Rating], &[Rating]),
    names: &Names,
    args: &Request,
) -> CriterionReport {
    let units = units(human);
    let mut auditors: Vec<u32> =
        human.iter().map(|r| r.auditor).collect::<BTreeSet<_>>().into_iter().collect();
    auditors.sort_by(|a, b| names.name(*a).cmp(names.name(*b)));
    let by: HashMap<(u32, u32), f64> =
        human.iter().map(|r| ((r.encounter, r.auditor), r.value)).collect();
    let mut pairs = Vec::new();
    for (i, &a) in auditors.iter().enumerate() {
        for &b in &auditors[i + 1..] {
            let shared: Vec<(f64, f64)> = human
                .iter()
                .filter(|r| r.auditor == a)
                .filter_map(|r| by.get(&(r.encounter, b)).map(|&other| (r.value, other)))
                .collect();
            if shared.is_empty() {
                continue;
            }
            let ordinal = metric == Metric::Ordinal;
            pairs.push(PairReport {
                auditors: [names.name(a).to_string(), names.name(b).to_string()],
                kappa: cohen_kappa(&shared, Weights::Unweighted),
                linear: ordinal.then(|| cohen_kappa(&shared, Weights::Linear)),
                quadratic: ordinal.then(|| cohen_kappa(&shared, Weights::Quadratic)),
            });
        }
    }
    let human_vs_automatic = (!automatic.is_empty()).then(|| {
        let auto: HashMap<u32, f64> = automatic.iter().map(|r| (r.encounter, r.value)).collect();
        let shared: Vec<(f64, f64)> =
            human.iter().filter_map(|r| auto.get(&r.encounter).map(|&a| (r.value, a))).collect();
        let agreement_units: Vec<Vec<f64>> = shared.iter().map(|&(h, a)| vec![h, a]).collect();
        AutomaticReport {
            agreement: percent_agreement(&agreement_units),
            kappa: cohen_kappa(&shared, Weights::Unweighted),
        }
    });
    let nominal = metric == Metric::Nominal && categories >= 2;
    CriterionReport {
        rubric: rubric.to_string(),
        criterion: criterion.to_string(),
        metric,
        alpha: alpha(&units, metric),
        interval: alpha_interval(&units, metric, args.resamples, args.seed),
        gwet_ac1: nominal.then(|| gwet_ac1(&units, categories)),
        gwet_ac1_interval: nominal
            .then(|| ac1_interval(&units, categories, args.resamples, args.seed))
            .flatten(),
        percent_agreement: percent_agreement(&units),
        fleiss_kappa: fleiss_kappa(&units),
        pairs,
        human_vs_automatic,
    }
}

/// One auditor's tally.
#[derive(Default)]
struct Tally {
    ratings: usize,
    majority_units: usize,
    deviations: usize,
    offsets: Vec<f64>,
    by_month: BTreeMap<u32, Vec<f64>>,
}

/// Per auditor, over every unit (criterion × encounter) of every criterion.
/// Criteria are taken in rubric order, not the map's: the offsets are sums
/// of floating-point numbers, and the same ratings must give the same bytes.
fn per_auditor(collector: &Collector) -> Vec<AuditorReport> {
    let mut tallies: BTreeMap<u32, Tally> = BTreeMap::new();
    for ratings in collector.order.iter().map(|key| &collector.ratings[key]) {
        let mut units: BTreeMap<u32, Vec<&Rating>> = BTreeMap::new();
        for rating in &ratings.human {
            units.entry(rating.encounter).or_default().push(rating);
        }
        for unit in units.values() {
            for rating in unit {
                tallies.entry(rating.auditor).or_default().ratings += 1;
            }
            if unit.len() < 2 {
                continue;
            }
            let mut counts: BTreeMap<u64, usize> = BTreeMap::new();
            for rating in unit {
                *counts.entry(rating.value.to_bits()).or_default() += 1;
            }
            let majority = counts.iter().find(|(_, n)| **n * 2 > unit.len()).map(|(v, _)| *v);
            let total: f64 = unit.iter().map(|r| r.credit).sum();
            for rating in unit {
                let tally = tallies.entry(rating.auditor).or_default();
                if unit.len() >= 3
                    && let Some(majority) = majority
                {
                    tally.majority_units += 1;
                    tally.deviations += usize::from(rating.value.to_bits() != majority);
                }
                let others = (total - rating.credit) / (unit.len() - 1) as f64;
                let offset = (rating.credit - others) * 100.0;
                tally.offsets.push(offset);
                if let Some(month) = rating.month {
                    tally.by_month.entry(month).or_default().push(offset);
                }
            }
        }
    }
    let mut reports: Vec<AuditorReport> = tallies
        .into_iter()
        .map(|(auditor, tally)| {
            let mut by_month: Vec<MonthOffset> = tally
                .by_month
                .into_iter()
                .map(|(month, offsets)| MonthOffset {
                    offset: mean(&offsets).unwrap_or(0.0),
                    ratings: offsets.len(),
                    month: collector.months.name(month).to_string(),
                })
                .collect();
            by_month.sort_by(|a, b| a.month.cmp(&b.month));
            AuditorReport {
                auditor: collector.auditors.name(auditor).to_string(),
                ratings: tally.ratings,
                majority_units: tally.majority_units,
                deviations: tally.deviations,
                deviation_rate: (tally.majority_units > 0)
                    .then(|| tally.deviations as f64 / tally.majority_units as f64),
                offset: mean(&tally.offsets),
                drift_per_month: slope(&by_month),
                by_month,
            }
        })
        .collect();
    reports.sort_by(|a, b| a.auditor.cmp(&b.auditor));
    reports
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Least-squares slope of the monthly offsets against calendar months.
fn slope(months: &[MonthOffset]) -> Option<f64> {
    let points: Vec<(f64, f64)> = months
        .iter()
        .filter_map(|m| {
            let (year, month) = m.month.split_once('-')?;
            Some((year.parse::<f64>().ok()? * 12.0 + month.parse::<f64>().ok()?, m.offset))
        })
        .collect();
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
    let my = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// Analyses the ratings; says where they came from.
pub fn calibrate(from: &Input<'_>, args: &Request) -> Result<(Report, Provenance)> {
    let mut collector = Collector::default();
    let provenance = match from {
        Input::Csv { path, rubrics: files, csv } => {
            let rubrics: Vec<Rubric> =
                files.iter().map(|p| rubrics::load(p).map(|(r, _)| r)).collect::<Result<_>>()?;
            if let Some(only) = &args.only {
                let known = rubrics.iter().map(|rubric| rubric.id.as_str());
                crate::names::check("--only", "rubrics", only, known)?;
            }
            read_csv(path, &rubrics, *csv, args, &mut collector)?;
            Provenance::File(path.clone())
        }
        Input::Sheets { rubrics, sheets, provenance } => {
            for sheet in *sheets {
                let rubric = &rubrics[sheet.rubric];
                if args.only.as_ref().is_some_and(|only| only != &rubric.id) {
                    continue;
                }
                let month = sheet.month.as_deref();
                collector.add(
                    rubric,
                    &sheet.encounter,
                    &sheet.auditor,
                    month,
                    &sheet.answers,
                    sheet.source,
                );
                if let (Source::Human, Some(overall)) = (sheet.source, sheet.overall) {
                    collector.add_overall(&sheet.encounter, &sheet.auditor, overall);
                }
            }
            provenance.clone()
        }
        Input::Ledger(state) => {
            read_ledger(state, args, &mut collector)?;
            match state.head {
                Some(head) => Provenance::Ledger { seq: head.seq, hash: head.hash },
                None => Provenance::EmptyLedger,
            }
        }
    };
    // Number encounters in the order of their ids, so that units — and so
    // the bootstrap's draws — come in the same order whichever way the
    // ratings were read: the same data gives the same bytes.
    let mut by_name: Vec<u32> = (0..collector.encounters.len() as u32).collect();
    by_name.sort_by(|a, b| collector.encounters.name(*a).cmp(collector.encounters.name(*b)));
    let mut rank = vec![0u32; by_name.len()];
    for (position, id) in by_name.iter().enumerate() {
        rank[*id as usize] = position as u32;
    }
    for ratings in collector.ratings.values_mut() {
        for rating in ratings.human.iter_mut().chain(ratings.automatic.iter_mut()) {
            rating.encounter = rank[rating.encounter as usize];
        }
    }
    for rating in &mut collector.overall {
        rating.encounter = rank[rating.encounter as usize];
    }
    // Only encounters that two or more auditors scored.
    let mut auditors_of: HashMap<u32, BTreeSet<u32>> = HashMap::new();
    for ratings in collector.ratings.values() {
        for rating in &ratings.human {
            auditors_of.entry(rating.encounter).or_default().insert(rating.auditor);
        }
    }
    let shared: std::collections::HashSet<u32> =
        auditors_of.iter().filter(|(_, a)| a.len() >= 2).map(|(e, _)| *e).collect();
    if shared.is_empty() {
        crate::refuse!("calibrate-nothing-shared");
    }
    for ratings in collector.ratings.values_mut() {
        ratings.human.retain(|r| shared.contains(&r.encounter));
    }
    collector.overall.retain(|r| shared.contains(&r.encounter));
    let mut auditors: Vec<String> = shared
        .iter()
        .flat_map(|e| auditors_of[e].iter().map(|a| collector.auditors.name(*a).to_string()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    auditors.sort();
    let criteria = analyse_all(&collector, args);
    let overall = (!collector.overall.is_empty()).then(|| {
        analyse(
            "",
            "overall",
            Metric::Interval,
            0,
            (&collector.overall, &[]),
            &collector.auditors,
            args,
        )
    });
    let report = Report {
        encounters: shared.len(),
        auditors,
        seed: args.seed,
        resamples: args.resamples,
        overall,
        criteria,
        per_auditor: per_auditor(&collector),
    };
    Ok((report, provenance))
}

/// Every criterion analysed, on all cores (the bootstrap is the cost), and
/// sorted lowest agreement first among those rated on enough encounters to
/// rank ([`tarkka_report::chart::FEW_UNITS`]); then, the same way, those
/// rated on fewer (an alpha of two encounters says next to nothing, and
/// would otherwise head the list); undefined ones last.
fn analyse_all(collector: &Collector, args: &Request) -> Vec<CriterionReport> {
    let keys: Vec<&String> =
        collector.order.iter().filter(|k| !collector.ratings[*k].human.is_empty()).collect();
    let reports = crate::parallel::map(&keys, |key| {
        let r = &collector.ratings[*key];
        analyse(
            &r.rubric,
            &r.criterion,
            r.metric,
            r.categories,
            (&r.human, &r.automatic),
            &collector.auditors,
            args,
        )
    });
    let mut reports: Vec<(usize, CriterionReport)> = reports.into_iter().enumerate().collect();
    let few = |r: &CriterionReport| r.alpha.units < tarkka_report::chart::FEW_UNITS;
    reports.sort_by(|(ia, a), (ib, b)| match (a.alpha.value, b.alpha.value) {
        (Some(x), Some(y)) => few(a).cmp(&few(b)).then(x.total_cmp(&y)).then(ia.cmp(ib)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => ia.cmp(ib),
    });
    reports.into_iter().map(|(_, r)| r).collect()
}

fn read_ledger(state: &LedgerState, args: &Request, collector: &mut Collector) -> Result<()> {
    if let Some(only) = &args.only {
        let known = state.encounters.values().map(|e| e.logged.payload.rubric.as_str());
        crate::names::check("--only", "rubrics", only, known)?;
    }
    let mut rubrics: HashMap<String, Rubric> = HashMap::new();
    let mut encounters: Vec<_> = state.encounters.values().collect();
    encounters.sort_by_key(|e| e.logged.seq);
    for encounter in encounters {
        let logged = &encounter.logged.payload;
        if args.only.as_ref().is_some_and(|only| only != &logged.rubric) {
            continue;
        }
        if !rubrics.contains_key(&logged.fingerprint) {
            rubrics.insert(logged.fingerprint.clone(), rubrics::of_encounter(state, encounter)?);
        }
        let rubric = &rubrics[&logged.fingerprint];
        let month = logged.time.get(..7);
        // Each auditor's latest scoresheet, as amended.
        let mut latest: BTreeMap<(String, Source), chain::Chain<'_>> = BTreeMap::new();
        for chain in chain::chains(encounter) {
            let key = (chain.sheet.payload.auditor.clone(), chain.sheet.payload.source);
            latest.insert(key, chain);
        }
        for ((auditor, source), chain) in &latest {
            let answers = chain.answers()?;
            collector.add(rubric, &logged.encounter, auditor, month, &answers, *source);
            if *source == Source::Human
                && let Some(overall) = chain::overall_of(chain.result())
            {
                collector.add_overall(&logged.encounter, auditor, overall.to_f64());
            }
        }
    }
    Ok(())
}

fn read_csv(
    path: &std::path::Path,
    rubrics: &[Rubric],
    csv: table::Options,
    args: &Request,
    collector: &mut Collector,
) -> Result<()> {
    // Read and checked as `import answers` reads and checks the same table:
    // unknown or doubled columns, empty cells and a second answer to one
    // criterion by one auditor are refused, each at its place.
    let (table, [encounter, criterion, answer, auditor, _]) =
        crate::import::read_answers_table(path, csv)?;
    let mut sheets: BTreeMap<(String, String), (usize, Answers)> = BTreeMap::new();
    let mut first: HashMap<(String, String, String), u64> = HashMap::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let mut row_errors = Vec::new();
        let cells = [
            crate::import::required(row, encounter, "encounter", &mut row_errors),
            crate::import::required(row, criterion, "criterion", &mut row_errors),
            crate::import::required(row, answer, "answer", &mut row_errors),
            crate::import::required(row, auditor, "auditor", &mut row_errors),
        ];
        let [Some(encounter_id), Some(id), Some(given), Some(auditor_id)] = cells else {
            errors.extend(row_errors);
            continue;
        };
        let key = (encounter_id.to_string(), auditor_id.to_string(), id.to_string());
        if let Some(line) = first.insert(key, row.line) {
            errors.push(row.at(
                criterion,
                tarkka_i18n::msg!(
                    "import-answer-twice",
                    criterion = id,
                    encounter = encounter_id,
                    auditor = auditor_id,
                    line = line
                ),
            ));
            continue;
        }
        let owners: Vec<usize> = rubrics
            .iter()
            .enumerate()
            .filter(|(_, r)| r.criterion(id).is_some())
            .map(|(i, _)| i)
            .collect();
        let rubric =
            match owners.as_slice() {
                [one] => *one,
                [] => {
                    errors.push(row.at(
                        criterion,
                        tarkka_i18n::msg!("calibrate-criterion-none", criterion = id),
                    ));
                    continue;
                }
                _ => {
                    errors.push(row.at(
                        criterion,
                        tarkka_i18n::msg!("calibrate-criterion-several", criterion = id),
                    ));
                    continue;
                }
            };
        if args.only.as_ref().is_some_and(|only| only != &rubrics[rubric].id) {
            continue;
        }
        let definition = rubrics[rubric].criterion(id).expect("found above");
        match AnswerValue::parse(definition, given) {
            Ok(value) => {
                let entry = sheets
                    .entry((encounter_id.to_string(), auditor_id.to_string()))
                    .or_insert((rubric, Answers::new()));
                entry.1.insert(id.to_string(), tarkka_scoring::Answer::new(value));
            }
            Err(message) => errors.push(row.at(
                answer,
                tarkka_i18n::msg!("import-answer-bad", criterion = id, message = message),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(table::located(path, errors, table::Action::Calibrate));
    }
    // The overall score of each sheet, as `tarkka score` would give it. The
    // table has no customer profile, so the criteria an auditor answered
    // are taken as the ones that applied: conditions are set aside and an
    // unanswered criterion is left out, as one not applicable by rule is;
    // a required comment, which changes no score, is not asked for.
    let unconditional: Vec<Rubric> = rubrics
        .iter()
        .map(|rubric| {
            let mut rubric = rubric.clone();
            for criterion in &mut rubric.criteria {
                criterion.when = None;
                criterion.unless = None;
                criterion.comment_on_fail = false;
            }
            rubric
        })
        .collect();
    for ((encounter, auditor), (rubric, answers)) in &sheets {
        collector.add(&rubrics[*rubric], encounter, auditor, None, answers, Source::Human);
        let profile = tarkka_rubric::Profile::new();
        if let Ok(result) =
            tarkka_scoring::score_partial(&unconditional[*rubric], &profile, answers)
            && let Some(overall) = result.overall
        {
            collector.add_overall(encounter, auditor, overall.to_f64());
        }
    }
    Ok(())
}

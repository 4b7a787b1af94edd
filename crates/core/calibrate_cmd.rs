//! `tarkka calibrate`: do the auditors agree, and on which criteria not?

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;
use tarkka_agreement::{
    Coefficient, Interval, Metric, Weights, alpha, alpha_interval, cohen_kappa, fleiss_kappa,
    percent_agreement,
};
use tarkka_ledger::LedgerState;
use tarkka_ledger::payload::Source;
use tarkka_rubric::{Criterion, Lang, Rubric, Scale};
use tarkka_scoring::{AnswerValue, Answers, credit};

use crate::Outcome;
use crate::args::{CalibrateArgs, ListFormat};
use crate::context::Context;
use crate::output::{print, table};

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

/// Names given small numbers, in the order first seen.
#[derive(Default)]
struct Interner {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        self.names.push(name.to_string());
        let id = (self.names.len() - 1) as u32;
        self.index.insert(name.to_string(), id);
        id
    }

    fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }
}

/// Everything rated for one criterion.
struct Ratings {
    rubric: String,
    criterion: String,
    metric: Metric,
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
    encounters: Interner,
    auditors: Interner,
    months: Interner,
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
        let encounter = self.encounters.id(encounter);
        let auditor = self.auditors.id(auditor);
        let month = month.map(|m| self.months.id(m));
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
        let encounter = self.encounters.id(encounter);
        let auditor = self.auditors.id(auditor);
        self.overall.push(Rating {
            encounter,
            auditor,
            value: overall,
            credit: overall,
            month: None,
        });
    }
}

#[derive(Serialize)]
struct PairReport {
    auditors: [String; 2],
    kappa: Coefficient,
    #[serde(skip_serializing_if = "Option::is_none")]
    linear: Option<Coefficient>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quadratic: Option<Coefficient>,
}

#[derive(Serialize)]
struct AutomaticReport {
    agreement: Coefficient,
    kappa: Coefficient,
}

#[derive(Serialize)]
struct CriterionReport {
    rubric: String,
    criterion: String,
    metric: Metric,
    alpha: Coefficient,
    interval: Option<Interval>,
    percent_agreement: Coefficient,
    fleiss_kappa: Coefficient,
    pairs: Vec<PairReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    human_vs_automatic: Option<AutomaticReport>,
}

#[derive(Serialize)]
struct MonthOffset {
    month: String,
    offset: f64,
    ratings: usize,
}

#[derive(Serialize)]
struct AuditorReport {
    auditor: String,
    ratings: usize,
    /// Units with a strict majority the auditor rated.
    majority_units: usize,
    deviations: usize,
    deviation_rate: Option<f64>,
    /// Mean credit minus the others' mean, in percentage points.
    offset: Option<f64>,
    by_month: Vec<MonthOffset>,
    /// The least-squares slope of the monthly offsets, points per month.
    drift_per_month: Option<f64>,
}

#[derive(Serialize)]
struct Report {
    encounters: usize,
    auditors: Vec<String>,
    seed: u64,
    resamples: usize,
    overall: Option<CriterionReport>,
    criteria: Vec<CriterionReport>,
    per_auditor: Vec<AuditorReport>,
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
    (human, automatic): (&[Rating], &[Rating]),
    names: &Interner,
    args: &CalibrateArgs,
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
    CriterionReport {
        rubric: rubric.to_string(),
        criterion: criterion.to_string(),
        metric,
        alpha: alpha(&units, metric),
        interval: alpha_interval(&units, metric, args.resamples, args.seed),
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
fn per_auditor(collector: &Collector) -> Vec<AuditorReport> {
    let mut tallies: BTreeMap<u32, Tally> = BTreeMap::new();
    for ratings in collector.ratings.values() {
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

pub fn calibrate(args: &CalibrateArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (report, provenance) = build(args, context)?;
    if let Some(dir) = &args.chart {
        chart(&report, dir, &provenance, lang)?;
    }
    match args.format {
        ListFormat::Json => print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?,
        ListFormat::Csv => print(&csv_of(&report)?)?,
        ListFormat::Text => print(&render(&report, &provenance, lang))?,
    }
    Ok(Outcome::Success)
}

/// A few lines for the demo: the overall alpha and the weakest criteria;
/// the chart is drawn into `chart_dir`.
pub fn summary(context: &Context, chart_dir: &std::path::Path) -> anyhow::Result<String> {
    let lang = context.lang();
    let args = CalibrateArgs {
        only: None,
        answers: None,
        rubrics: Vec::new(),
        resamples: 1000,
        seed: 1,
        chart: Some(chart_dir.to_path_buf()),
        format: ListFormat::Text,
        dialect: crate::args::CsvDialect { encoding: None, delimiter: None },
    };
    let (report, provenance) = build(&args, context)?;
    chart(&report, chart_dir, &provenance, lang)?;
    let mut out = String::new();
    if let Some(overall) = &report.overall {
        let _ = writeln!(
            out,
            "   {}: alpha {} {}",
            lang.pick("Kokonaispisteet", "Overall score"),
            number(&overall.alpha),
            interval_text(&overall.interval)
        );
    }
    let weakest: Vec<String> = report
        .criteria
        .iter()
        .filter(|c| c.alpha.value.is_some_and(|a| a < 0.667))
        .take(3)
        .map(|c| format!("{}:{} {}", c.rubric, c.criterion, number(&c.alpha)))
        .collect();
    if !weakest.is_empty() {
        let _ = writeln!(
            out,
            "   {}: {}",
            lang.pick("Heikoin yhtäpitävyys", "Lowest agreement"),
            weakest.join(", ")
        );
    }
    Ok(out)
}

/// The report, and where its ratings came from.
fn build(args: &CalibrateArgs, context: &Context) -> anyhow::Result<(Report, String)> {
    let lang = context.lang();
    let mut collector = Collector::default();
    let mut provenance = String::new();
    match &args.answers {
        Some(path) => {
            let rubrics: Vec<Rubric> = args
                .rubrics
                .iter()
                .map(|p| crate::rubric_cmd::load(p).map(|(r, _)| r))
                .collect::<anyhow::Result<_>>()?;
            read_csv(path, &rubrics, args, &mut collector)?;
            provenance = path.display().to_string();
        }
        None => {
            let (workspace, _) = context.workspace()?;
            let state = LedgerState::replay(&workspace.ledger())?;
            read_ledger(&state, args, &mut collector)?;
            if let Some(head) = state.head {
                provenance =
                    format!("{} #{} {}", lang.pick("pääkirja", "ledger"), head.seq, head.hash);
            }
        }
    }
    // Number encounters in the order of their ids, so that units — and so
    // the bootstrap's draws — come in the same order whichever way the
    // ratings were read: the same data gives the same bytes.
    let mut by_name: Vec<u32> = (0..collector.encounters.names.len() as u32).collect();
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
        bail!("no encounter was scored by two or more auditors: there is nothing to calibrate");
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
/// sorted lowest agreement first; undefined ones last.
fn analyse_all(collector: &Collector, args: &CalibrateArgs) -> Vec<CriterionReport> {
    let keys: Vec<&String> =
        collector.order.iter().filter(|k| !collector.ratings[*k].human.is_empty()).collect();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, CriterionReport)>> = Mutex::new(Vec::new());
    let threads =
        std::thread::available_parallelism().map_or(2, |n| n.get()).min(keys.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(key) = keys.get(index) else { break };
                    let r = &collector.ratings[*key];
                    let report = analyse(
                        &r.rubric,
                        &r.criterion,
                        r.metric,
                        (&r.human, &r.automatic),
                        &collector.auditors,
                        args,
                    );
                    done.lock().expect("no worker panics holding it").push((index, report));
                }
            });
        }
    });
    let mut reports: Vec<(usize, CriterionReport)> = done.into_inner().expect("workers are done");
    reports.sort_by(|(ia, a), (ib, b)| match (a.alpha.value, b.alpha.value) {
        (Some(x), Some(y)) => x.total_cmp(&y).then(ia.cmp(ib)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => ia.cmp(ib),
    });
    reports.into_iter().map(|(_, r)| r).collect()
}

fn read_ledger(
    state: &LedgerState,
    args: &CalibrateArgs,
    collector: &mut Collector,
) -> anyhow::Result<()> {
    let mut rubrics: HashMap<String, Rubric> = HashMap::new();
    let mut encounters: Vec<_> = state.encounters.values().collect();
    encounters.sort_by_key(|e| e.logged.seq);
    for encounter in encounters {
        let logged = &encounter.logged.payload;
        if args.only.as_ref().is_some_and(|only| only != &logged.rubric) {
            continue;
        }
        if !rubrics.contains_key(&logged.fingerprint) {
            rubrics.insert(
                logged.fingerprint.clone(),
                crate::encounter_cmd::encounter_rubric(state, encounter)?,
            );
        }
        let rubric = &rubrics[&logged.fingerprint];
        let month = logged.time.get(..7);
        // Each auditor's latest scoresheet, as amended.
        let mut latest: BTreeMap<(String, Source), crate::scores_cmd::Chain<'_>> = BTreeMap::new();
        for chain in crate::scores_cmd::chains(encounter) {
            let key = (chain.sheet.payload.auditor.clone(), chain.sheet.payload.source);
            latest.insert(key, chain);
        }
        for ((auditor, source), chain) in &latest {
            let answers = crate::amend_cmd::current_answers(chain)?;
            collector.add(rubric, &logged.encounter, auditor, month, &answers, *source);
            if *source == Source::Human
                && let Some(overall) = crate::scores_cmd::overall_of(chain.result())
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
    args: &CalibrateArgs,
    collector: &mut Collector,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let table = crate::table::read(&bytes, args.dialect.encoding, args.dialect.delimiter)
        .map_err(|errors| crate::import_cmd::located(path, errors, "cannot read"))?;
    let column = |names: [&str; 2]| table.column(&names);
    let (Some(encounter), Some(criterion), Some(answer), Some(auditor)) = (
        column(["encounter", "kohtaaminen"]),
        column(["criterion", "kohta"]),
        column(["answer", "vastaus"]),
        column(["auditor", "arvioija"]),
    ) else {
        bail!(
            "{}: the columns encounter, criterion, answer and auditor are required",
            path.display()
        );
    };
    let mut sheets: BTreeMap<(String, String), (usize, Answers)> = BTreeMap::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let id = row.get(Some(criterion));
        let owners: Vec<usize> = rubrics
            .iter()
            .enumerate()
            .filter(|(_, r)| r.criterion(id).is_some())
            .map(|(i, _)| i)
            .collect();
        let rubric = match owners.as_slice() {
            [one] => *one,
            [] => {
                errors.push(format!(
                    "{}:{}: no given rubric has a criterion `{id}`",
                    path.display(),
                    row.line
                ));
                continue;
            }
            _ => {
                errors.push(format!("{}:{}: criterion `{id}` is in several of the given rubrics; calibrate them one at a time", path.display(), row.line));
                continue;
            }
        };
        if args.only.as_ref().is_some_and(|only| only != &rubrics[rubric].id) {
            continue;
        }
        let definition = rubrics[rubric].criterion(id).expect("found above");
        match AnswerValue::parse(definition, row.get(Some(answer))) {
            Ok(value) => {
                let entry = sheets
                    .entry((
                        row.get(Some(encounter)).to_string(),
                        row.get(Some(auditor)).to_string(),
                    ))
                    .or_insert((rubric, Answers::new()));
                entry.1.insert(id.to_string(), tarkka_scoring::Answer::new(value));
            }
            Err(message) => {
                errors.push(format!("{}:{}: `{id}`: {message}", path.display(), row.line))
            }
        }
    }
    if !errors.is_empty() {
        bail!("cannot calibrate from {}:\n{}", path.display(), errors.join("\n"));
    }
    for ((encounter, auditor), (rubric, answers)) in &sheets {
        collector.add(&rubrics[*rubric], encounter, auditor, None, answers, Source::Human);
    }
    Ok(())
}

fn number(coefficient: &Coefficient) -> String {
    coefficient.value.map_or("–".to_string(), |v| format!("{v:.2}"))
}

fn render(report: &Report, provenance: &str, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} {} ({}); {}: {}",
        t("Kalibrointi", "Calibration"),
        report.encounters,
        t("usean arvioijan pisteyttämää kohtaamista", "encounters scored by several auditors"),
        report.auditors.join(", "),
        t("lähde", "source"),
        provenance
    );
    if let Some(overall) = &report.overall {
        let _ = writeln!(
            out,
            "{}: alpha {} {}, {} {}",
            t("Kokonaispisteet (välimatka-asteikko)", "Overall score (interval)"),
            number(&overall.alpha),
            interval_text(&overall.interval),
            overall.alpha.units,
            t("kohtaamista", "encounters")
        );
    }
    let _ = writeln!(
        out,
        "\n{}",
        t("Kohdat, heikoin yhtäpitävyys ensin:", "Criteria, lowest agreement first:")
    );
    let mut criteria = table(&[
        t("kohta", "criterion"),
        t("asteikko", "scale"),
        "alpha",
        "95 %",
        t("yhtäpitävyys", "agreement"),
        "Fleiss",
        t("yksiköt/arviot", "units/ratings"),
    ]);
    for c in &report.criteria {
        let metric = match c.metric {
            Metric::Nominal => t("luokka", "nominal"),
            Metric::Ordinal => t("järjestys", "ordinal"),
            Metric::Interval => t("välimatka", "interval"),
        };
        let alpha = number(&c.alpha);
        criteria.add_row(vec![
            Cell::new(format!("{}:{}", c.rubric, c.criterion)),
            Cell::new(metric),
            Cell::new(alpha).set_alignment(CellAlignment::Right),
            Cell::new(interval_text(&c.interval)),
            Cell::new(
                c.percent_agreement
                    .value
                    .map_or("–".to_string(), |v| format!("{:.0} %", v * 100.0)),
            )
            .set_alignment(CellAlignment::Right),
            Cell::new(number(&c.fleiss_kappa)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{}/{}", c.alpha.units, c.alpha.ratings))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{criteria}");
    let undefined: Vec<String> =
        [tarkka_agreement::Undefined::NoVariation, tarkka_agreement::Undefined::NoPairs]
            .into_iter()
            .filter_map(|why| {
                let count =
                    report.criteria.iter().filter(|c| c.alpha.undefined == Some(why)).count();
                (count > 0).then(|| format!("{count} × {}", undefined_text(why, lang)))
            })
            .collect();
    if !undefined.is_empty() {
        let _ = writeln!(out, "– = {}: {}", t("ei määritelty", "undefined"), undefined.join(", "));
    }
    // Cohen's kappa for every pair of auditors, criteria in the same order;
    // q = quadratic-weighted, for integer scales.
    let pair_names: BTreeSet<String> = report
        .criteria
        .iter()
        .flat_map(|c| c.pairs.iter().map(|p| format!("{}–{}", p.auditors[0], p.auditors[1])))
        .collect();
    if !pair_names.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            t(
                "Cohenin kappa arvioijapareittain (q = neliöpainotettu):",
                "Cohen's kappa by pair of auditors (q = quadratic-weighted):"
            )
        );
        let mut header: Vec<String> = vec![t("kohta", "criterion").to_string()];
        header.extend(pair_names.iter().cloned());
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut pairs = table(&header_refs);
        for c in &report.criteria {
            let mut row = vec![Cell::new(format!("{}:{}", c.rubric, c.criterion))];
            for name in &pair_names {
                let text = c
                    .pairs
                    .iter()
                    .find(|p| &format!("{}–{}", p.auditors[0], p.auditors[1]) == name)
                    .map_or(String::new(), |p| {
                        let q = p
                            .quadratic
                            .as_ref()
                            .map_or(String::new(), |q| format!(" q{}", number(q)));
                        format!("{}{q} ({})", number(&p.kappa), p.kappa.units)
                    });
                row.push(Cell::new(text).set_alignment(CellAlignment::Right));
            }
            pairs.add_row(row);
        }
        let _ = writeln!(out, "{pairs}");
    }
    let automatic: Vec<&CriterionReport> =
        report.criteria.iter().filter(|c| c.human_vs_automatic.is_some()).collect();
    if !automatic.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            t("Ihminen vs. automaattinen tarkistus:", "Human versus automatic:")
        );
        for c in automatic {
            let auto = c.human_vs_automatic.as_ref().expect("filtered");
            let _ = writeln!(
                out,
                "  {}:{}  {} {}  kappa {}",
                c.rubric,
                c.criterion,
                t("yhtäpitävyys", "agreement"),
                number(&auto.agreement),
                number(&auto.kappa)
            );
        }
    }
    let _ = writeln!(out, "\n{}", t("Arvioijat:", "Auditors:"));
    let mut auditors = table(&[
        t("arvioija", "auditor"),
        t("arvioita", "ratings"),
        t("poikkeaa enemmistöstä", "deviates from majority"),
        t("ero muihin (%-yks.)", "offset vs others (pts)"),
        t("muutos/kk", "drift/month"),
    ]);
    for a in &report.per_auditor {
        auditors.add_row(vec![
            Cell::new(&a.auditor),
            Cell::new(a.ratings).set_alignment(CellAlignment::Right),
            Cell::new(a.deviation_rate.map_or("–".to_string(), |r| {
                format!("{:.0} % ({}/{})", r * 100.0, a.deviations, a.majority_units)
            }))
            .set_alignment(CellAlignment::Right),
            Cell::new(a.offset.map_or("–".to_string(), |o| format!("{o:+.1}")))
                .set_alignment(CellAlignment::Right),
            Cell::new(a.drift_per_month.map_or("–".to_string(), |d| format!("{d:+.2}")))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{auditors}");
    let _ = writeln!(
        out,
        "{} {} {}, seed {}.",
        t("Luottamusvälit: bootstrap,", "Intervals: bootstrap,"),
        report.resamples,
        t("otosta", "resamples"),
        report.seed
    );
    out
}

fn interval_text(interval: &Option<Interval>) -> String {
    interval.map_or("–".to_string(), |i| format!("[{:.2}, {:.2}]", i.low, i.high))
}

fn undefined_text(why: tarkka_agreement::Undefined, lang: Lang) -> &'static str {
    match why {
        tarkka_agreement::Undefined::NoPairs => {
            lang.pick("ei kahta arviota samasta", "no unit rated twice")
        }
        tarkka_agreement::Undefined::NoVariation => {
            lang.pick("kaikki arviot samat", "all ratings identical")
        }
    }
}

fn csv_of(report: &Report) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "rubric",
        "criterion",
        "metric",
        "alpha",
        "alpha_low",
        "alpha_high",
        "undefined",
        "percent_agreement",
        "fleiss_kappa",
        "units",
        "ratings",
    ])?;
    let rows = report.overall.iter().chain(&report.criteria);
    for c in rows {
        let metric = serde_json::to_value(c.metric)?.as_str().unwrap_or_default().to_string();
        let value = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
        writer.write_record([
            c.rubric.clone(),
            c.criterion.clone(),
            metric,
            value(c.alpha.value),
            value(c.interval.map(|i| i.low)),
            value(c.interval.map(|i| i.high)),
            c.alpha.undefined.map(|u| u.to_string()).unwrap_or_default(),
            value(c.percent_agreement.value),
            value(c.fleiss_kappa.value),
            c.alpha.units.to_string(),
            c.alpha.ratings.to_string(),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn chart(
    report: &Report,
    dir: &std::path::Path,
    provenance: &str,
    lang: Lang,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Undefined criteria (every rating the same) have nothing to draw: they
    // are counted under the title instead.
    let rows: Vec<tarkka_report::chart::ForestRow> = report
        .overall
        .iter()
        .chain(&report.criteria)
        .filter(|c| c.alpha.value.is_some())
        .map(|c| tarkka_report::chart::ForestRow {
            label: if c.rubric.is_empty() {
                lang.pick("kokonaispisteet", "overall score").to_string()
            } else {
                format!("{}: {}", c.rubric, c.criterion)
            },
            value: c.alpha.value,
            interval: c.interval.map(|i| (i.low, i.high)),
        })
        .collect();
    let undefined = report.criteria.iter().filter(|c| c.alpha.value.is_none()).count();
    let subtitle = format!(
        "{} {} · {} {} · {} · bootstrap {} × seed {}",
        report.encounters,
        lang.pick("kohtaamista", "encounters"),
        undefined,
        lang.pick(
            "kohtaa ilman vaihtelua (ei piirretty)",
            "criteria without variation (not drawn)"
        ),
        provenance,
        report.resamples,
        report.seed
    );
    tarkka_report::chart::forest(
        &rows,
        &tarkka_report::chart::ForestText {
            title: lang.pick(
                "Arvioijien yhtäpitävyys: Krippendorffin alfa ja 95 % luottamusväli",
                "Auditor agreement: Krippendorff's alpha with 95 % interval",
            ),
            axis: lang.pick(
                "alfa (0,667 = alustava raja, 0,8 = luotettava)",
                "alpha (0.667 = tentative, 0.8 = reliable)",
            ),
            undefined: lang.pick("ei määritelty", "undefined"),
            subtitle: &subtitle,
        },
        &[0.667, 0.8],
        &dir.join("calibration-alpha"),
    )?;
    Ok(())
}

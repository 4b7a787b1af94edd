//! `tarkka report`: the ledger replayed into the report crate's input and
//! written out as HTML, Markdown, charts, CSV and Parquet.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use anyhow::Context as _;
use serde::Deserialize;
use tarkka_ledger::payload::Source;
use tarkka_ledger::{EncounterState, LedgerState};
use tarkka_report::{CriterionInfo, Input, Options, Period, Provenance, RubricInfo, SectionInfo};
use tarkka_rubric::{CriticalScope, Fraction};

use crate::Outcome;
use crate::args::{PeriodArg, ReportArgs};
use crate::context::Context;
use crate::output::print;
use crate::scores_cmd::chains;

/// The parts of a stored result the report reads, borrowed where it can.
#[derive(Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    criteria: Vec<CriterionResult<'a>>,
    #[serde(borrow, default)]
    sections: Vec<SectionResult<'a>>,
    #[serde(borrow, default)]
    overall: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    verdict: Cow<'a, str>,
    #[serde(default)]
    critical_failures: Vec<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct CriterionResult<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    #[serde(default)]
    failed: bool,
}

#[derive(Deserialize)]
struct SectionResult<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow, default)]
    score: Option<Cow<'a, str>>,
}

fn percent(fraction: Option<&str>) -> Option<f64> {
    fraction.and_then(|text| text.parse::<Fraction>().ok()).map(|f| f.to_f64() * 100.0)
}

/// The rubric indices of a report: criteria and sections by id.
struct RubricIndex {
    index: u32,
    criteria: HashMap<String, u32>,
    sections: HashMap<String, u32>,
}

pub fn report(args: &ReportArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (workspace, _) = context.workspace()?;
    crate::scores_cmd::check_dates(args.from.as_deref(), args.to.as_deref())?;
    let state = LedgerState::replay(&workspace.ledger())?;
    let input = input(&state, args, lang)?;
    let options = Options {
        period: match args.period {
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
        },
        min_group: args.min_group,
        lang,
    };
    let written = tarkka_report::write(&input, &options, &args.out)?;
    print(&format!(
        "{} {} ({} {}; {} {}, {} {})\n{}: {}\n",
        lang.pick("Raportti kirjoitettu:", "Report written:"),
        args.out.join("index.html").display(),
        written.len(),
        lang.pick("tiedostoa", "files"),
        input.encounters.id.len(),
        lang.pick("kohtaamista", "encounters"),
        input.provenance.entries,
        lang.pick("merkinnästä", "entries"),
        lang.pick("Pääkirjan pää", "Ledger head"),
        input.provenance.head,
    ))?;
    Ok(Outcome::Success)
}

/// The command as given, minus the output directory: the report states it,
/// and the same report written elsewhere must be the same bytes.
fn command_line(args: &ReportArgs, lang: tarkka_rubric::Lang) -> (String, Vec<String>) {
    let mut command = format!(
        "tarkka report --lang {} --period {} --min-group {}",
        lang.pick("fi", "en"),
        match args.period {
            PeriodArg::Week => "week",
            PeriodArg::Month => "month",
            PeriodArg::Quarter => "quarter",
        },
        args.min_group
    );
    let mut filters = Vec::new();
    if let Some(from) = &args.from {
        command.push_str(&format!(" --from {from}"));
        filters.push(format!("from {from}"));
    }
    if let Some(to) = &args.to {
        command.push_str(&format!(" --to {to}"));
        filters.push(format!("to {to}"));
    }
    for location in &args.location {
        command.push_str(&format!(" --location {location:?}"));
        filters.push(format!("location {location}"));
    }
    for rubric in &args.rubric {
        command.push_str(&format!(" --rubric {rubric}"));
        filters.push(format!("rubric {rubric}"));
    }
    command.push_str(" --out DIR");
    (command, filters)
}

/// The time of the ledger's last entry: promises are judged as of then, so
/// that the same ledger gives the same report whenever it is written.
fn as_of(state: &LedgerState) -> jiff::Timestamp {
    let mut latest = String::new();
    for encounter in state.encounters.values() {
        let times = std::iter::once(&encounter.logged.time)
            .chain(encounter.evidence.iter().map(|e| &e.time))
            .chain(encounter.scoresheets.iter().map(|s| &s.time))
            .chain(encounter.amendments.iter().map(|a| &a.time));
        for time in times {
            if time > &latest {
                latest.clone_from(time);
            }
        }
    }
    latest.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn input(
    state: &LedgerState,
    args: &ReportArgs,
    lang: tarkka_rubric::Lang,
) -> anyhow::Result<Input> {
    let (command, filters) = command_line(args, lang);
    let mut input = Input {
        provenance: Provenance {
            head: state
                .head
                .map_or_else(|| tarkka_ledger::Digest([0; 32]).to_hex(), |h| h.hash.to_hex()),
            merkle_root: state.merkle_root.to_hex(),
            entries: state.entries,
            filters,
            command,
        },
        ..Input::default()
    };
    // Which encounters, and their rubrics (in order of first use).
    let mut rubrics: HashMap<String, RubricIndex> = HashMap::new();
    let mut kept: Vec<(&String, &EncounterState, jiff::civil::Date)> = Vec::new();
    for (id, encounter) in &state.encounters {
        let logged = &encounter.logged.payload;
        let date_text = logged.time.get(..10).unwrap_or(&logged.time);
        let keep = (args.location.is_empty() || args.location.contains(&logged.location))
            && (args.rubric.is_empty() || args.rubric.contains(&logged.rubric))
            && args.from.as_deref().is_none_or(|from| date_text >= from)
            && args.to.as_deref().is_none_or(|to| date_text <= to)
            && encounter.scoresheets.iter().any(|s| s.payload.source == Source::Human);
        if !keep {
            continue;
        }
        let date: jiff::civil::Date = date_text.parse().with_context(|| {
            format!("encounter `{id}` has the time `{}`, not a date", logged.time)
        })?;
        if !rubrics.contains_key(&logged.fingerprint) {
            let index = add_rubric(&mut input, state, encounter)?;
            rubrics.insert(logged.fingerprint.clone(), index);
        }
        kept.push((id, encounter, date));
    }
    // The stored results, read on all cores.
    let read = crate::parallel::map(&kept, |(id, encounter, _)| {
        read_encounter(id, encounter, &rubrics[&encounter.logged.payload.fingerprint])
    });
    let mut included: BTreeSet<&str> = BTreeSet::new();
    for ((id, encounter, date), read) in kept.iter().zip(read) {
        let read = read?;
        let logged = &encounter.logged.payload;
        let encounter_index = input.encounters.id.len() as u32;
        let encounters = &mut input.encounters;
        encounters.id.push((*id).clone());
        encounters.rubric.push(rubrics[&logged.fingerprint].index);
        encounters.location.push(input.locations.intern(&logged.location));
        encounters.agent.push(input.agents.intern(&logged.agent));
        encounters.date.push(*date);
        encounters.overall.push(read.latest.overall);
        encounters.passed.push(read.latest.passed);
        encounters.critical.push(read.latest.critical);
        encounters.evidence.push(if read.latest.critical {
            encounter.evidence.iter().map(|e| e.payload.sha256.to_hex()).collect()
        } else {
            Vec::new()
        });
        for (criterion, failed) in &read.answers {
            input.answers.encounter.push(encounter_index);
            input.answers.criterion.push(*criterion);
            input.answers.failed.push(*failed);
        }
        for (section, score) in &read.sections {
            input.section_scores.encounter.push(encounter_index);
            input.section_scores.section.push(*section);
            input.section_scores.score.push(*score);
        }
        for (auditor, sheet) in &read.sheets {
            input.sheets.encounter.push(encounter_index);
            input.sheets.auditor.push(input.auditors.intern(auditor));
            input.sheets.overall.push(sheet.overall);
            input.sheets.passed.push(sheet.passed);
            input.sheets.critical.push(sheet.critical);
        }
        for (criterion, human, machine) in &read.automatic {
            input.automatic.encounter.push(encounter_index);
            input.automatic.criterion.push(*criterion);
            input.automatic.human_failed.push(*human);
            input.automatic.automatic_failed.push(*machine);
        }
        included.insert(id.as_str());
    }
    for promise in crate::followups_cmd::promises(state, as_of(state)) {
        if !included.contains(promise.encounter.as_str()) {
            continue;
        }
        input.promises.location.push(input.locations.intern(&promise.location));
        input.promises.agent.push(input.agents.intern(&promise.agent));
        input.promises.status.push(promise.status);
    }
    Ok(input)
}

/// A result's headline numbers.
#[derive(Clone, Copy)]
struct Headline {
    overall: Option<f64>,
    passed: Option<bool>,
    critical: bool,
}

impl Headline {
    fn of(stored: &Stored<'_>) -> Headline {
        Headline {
            overall: percent(stored.overall.as_deref()),
            passed: match stored.verdict.as_ref() {
                "pass" => Some(true),
                "fail" => Some(false),
                _ => None,
            },
            critical: !stored.critical_failures.is_empty(),
        }
    }
}

/// What the report takes from one encounter's scoresheets.
struct Read<'s> {
    latest: Headline,
    /// The latest human result's answered criteria: index, failed.
    answers: Vec<(u32, bool)>,
    /// Its section scores: index, percent.
    sections: Vec<(u32, f64)>,
    /// Every human scoresheet's auditor and headline.
    sheets: Vec<(&'s str, Headline)>,
    /// Criteria both the auditor and the checks answered: index, human
    /// failed, automatic failed.
    automatic: Vec<(u32, bool, bool)>,
}

/// Reads an encounter's stored results (on any thread).
fn read_encounter<'s>(
    id: &str,
    encounter: &'s EncounterState,
    rubric: &RubricIndex,
) -> anyhow::Result<Read<'s>> {
    let unreadable = || format!("a result of `{id}` in the ledger is not readable");
    let chains = chains(encounter);
    let mut read = Read {
        latest: Headline { overall: None, passed: None, critical: false },
        answers: Vec::new(),
        sections: Vec::new(),
        sheets: Vec::new(),
        automatic: Vec::new(),
    };
    let mut human_failed: HashMap<u32, bool> = HashMap::new();
    let latest_seq = chains
        .iter()
        .filter(|c| c.sheet.payload.source == Source::Human)
        .map(|c| c.sheet.seq)
        .max();
    for chain in chains.iter().filter(|c| c.sheet.payload.source == Source::Human) {
        let stored: Stored<'_> =
            serde_json::from_str(chain.result().get()).with_context(unreadable)?;
        let headline = Headline::of(&stored);
        read.sheets.push((chain.sheet.payload.auditor.as_str(), headline));
        if Some(chain.sheet.seq) != latest_seq {
            continue;
        }
        read.latest = headline;
        for criterion in stored.criteria.iter().filter(|c| c.status == "answered") {
            if let Some(&index) = rubric.criteria.get(criterion.id.as_ref()) {
                read.answers.push((index, criterion.failed));
                human_failed.insert(index, criterion.failed);
            }
        }
        for section in &stored.sections {
            if let (Some(score), Some(&index)) =
                (percent(section.score.as_deref()), rubric.sections.get(section.id.as_ref()))
            {
                read.sections.push((index, score));
            }
        }
    }
    // The latest automatic scoresheet beside the auditor's answers.
    let automatic = chains
        .iter()
        .filter(|c| c.sheet.payload.source == Source::Automatic)
        .max_by_key(|c| c.sheet.seq);
    if let Some(automatic) = automatic {
        let machine: Stored<'_> =
            serde_json::from_str(automatic.result().get()).with_context(unreadable)?;
        for criterion in machine.criteria.iter().filter(|c| c.status == "answered") {
            let Some(&index) = rubric.criteria.get(criterion.id.as_ref()) else { continue };
            if let Some(&human) = human_failed.get(&index) {
                read.automatic.push((index, human, criterion.failed));
            }
        }
    }
    Ok(read)
}

/// Adds an encounter's rubric, its sections and its criteria to the input.
fn add_rubric(
    input: &mut Input,
    state: &LedgerState,
    encounter: &EncounterState,
) -> anyhow::Result<RubricIndex> {
    let rubric = crate::encounter_cmd::encounter_rubric(state, encounter)?;
    let index = input.rubrics.len() as u32;
    input.rubrics.push(RubricInfo {
        id: rubric.id.clone(),
        version: rubric.version.clone(),
        fingerprint: rubric.fingerprint().to_string(),
        title: rubric.title.clone(),
        pass_threshold: rubric.pass_threshold.to_f64(),
    });
    let mut sections = HashMap::new();
    for section in &rubric.sections {
        sections.insert(section.id.clone(), input.sections.len() as u32);
        input.sections.push(SectionInfo {
            rubric: index,
            id: section.id.clone(),
            title: section.title.clone(),
        });
    }
    let mut criteria = HashMap::new();
    for criterion in &rubric.criteria {
        criteria.insert(criterion.id.clone(), input.criteria.len() as u32);
        input.criteria.push(CriterionInfo {
            rubric: index,
            id: criterion.id.clone(),
            section: sections[&criterion.section],
            text: criterion.text.clone(),
            critical: matches!(
                criterion.critical,
                Some(CriticalScope::Section | CriticalScope::Overall)
            ),
        });
    }
    Ok(RubricIndex { index, criteria, sections })
}

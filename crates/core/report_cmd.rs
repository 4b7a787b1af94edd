//! `tarkka report`: the ledger replayed into the report crate's input and
//! written out as HTML, Markdown, charts, CSV and Parquet (and on request an
//! Excel workbook).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use anyhow::Context as _;
use tarkka_ledger::payload::Source;
use tarkka_report::{CriterionInfo, Input, Options, Period, Provenance, RubricInfo, SectionInfo};
use tarkka_rubric::CriticalScope;

use crate::Outcome;
use crate::args::{PeriodArg, ReportArgs};
use crate::context::Context;
use crate::output::print;
use crate::report_ledger::{Encounter, ReportLedger};

/// A rubric's place in the report, and its criteria and sections by the
/// numbers the replay gave their ids.
struct RubricIndex {
    index: u32,
    criteria: Vec<Option<u32>>,
    sections: Vec<Option<u32>>,
}

pub fn report(args: &ReportArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (workspace, _) = context.workspace()?;
    crate::scores_cmd::check_dates(args.from.as_deref(), args.to.as_deref())?;
    let state = ReportLedger::replay(&workspace.ledger())?;
    let input = input(state, args, lang)?;
    let options =
        Options { period: period(args.period), min_group: args.min_group, lang, xlsx: args.xlsx };
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

fn period(arg: PeriodArg) -> Period {
    match arg {
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::Quarter => Period::Quarter,
    }
}

/// The command as given, minus the output directory: the report states it,
/// and the same report written elsewhere must be the same bytes.
fn command_line(args: &ReportArgs, lang: tarkka_rubric::Lang) -> (String, Vec<String>) {
    let mut command = format!(
        "tarkka report --lang {} --period {} --min-group {}",
        lang.pick("fi", "en"),
        period(args.period).name(),
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
    if args.xlsx {
        command.push_str(" --xlsx");
    }
    command.push_str(" --out DIR");
    (command, filters)
}

/// The report's input from the replayed ledger, which it consumes an
/// encounter at a time so that the two are not both in memory whole.
fn input(
    mut state: ReportLedger,
    args: &ReportArgs,
    lang: tarkka_rubric::Lang,
) -> anyhow::Result<Input> {
    let (command, filters) = command_line(args, lang);
    let replayed = &state.replayed;
    let mut input = Input {
        provenance: Provenance {
            head: replayed
                .head
                .map_or_else(|| tarkka_ledger::Digest([0; 32]).to_hex(), |h| h.hash.to_hex()),
            merkle_root: replayed.merkle_root.to_hex(),
            entries: replayed.entries,
            filters,
            command,
        },
        ..Input::default()
    };
    // Promises are judged as of the ledger's last entry about an encounter,
    // not the clock, so that the same ledger gives the same report whenever
    // it is written.
    let as_of = state.latest.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let promises = crate::followups_cmd::judge(state.contacts(), as_of);
    let answers: usize = state
        .encounters
        .iter()
        .filter_map(|(_, encounter)| encounter.latest(Source::Human))
        .map(|sheet| sheet.result.answers().len())
        .sum();
    input.answers.reserve(answers);
    input.encounters.reserve(state.encounters.len());
    let encounters = std::mem::take(&mut state.encounters);
    let state = &state;
    let name = |index: u32| state.names.name(index);
    // Which encounters, and their rubrics (in order of first use).
    let mut rubrics: HashMap<u32, RubricIndex> = HashMap::new();
    for (id, encounter) in encounters {
        let encounter = &encounter;
        let date_text = encounter.time.get(..10).unwrap_or(&encounter.time);
        let keep = (args.location.is_empty()
            || args.location.iter().any(|location| location == name(encounter.location)))
            && (args.rubric.is_empty()
                || args.rubric.iter().any(|rubric| rubric == name(encounter.rubric_id)))
            && args.from.as_deref().is_none_or(|from| date_text >= from)
            && args.to.as_deref().is_none_or(|to| date_text <= to)
            && encounter.latest(Source::Human).is_some();
        if !keep {
            continue;
        }
        let date: jiff::civil::Date = date_text.parse().with_context(|| {
            format!("encounter `{id}` has the time `{}`, not a date", encounter.time)
        })?;
        let rubric = match rubrics.entry(encounter.rubric) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => new.insert(add_rubric(&mut input, state, &id, encounter)?),
        };
        let encounter_index = input.encounters.id.len() as u32;
        let human = encounter.latest(Source::Human).expect("kept encounters have one");
        let latest = &human.result;
        let encounters = &mut input.encounters;
        encounters.id.push(id);
        encounters.rubric.push(rubric.index);
        encounters.location.push(input.locations.intern(name(encounter.location)));
        encounters.agent.push(input.agents.intern(name(encounter.agent)));
        encounters.date.push(date);
        encounters.overall.push(latest.overall);
        encounters.passed.push(latest.passed);
        encounters.critical.push(latest.critical());
        encounters.evidence.push(if latest.critical() {
            encounter.evidence.iter().map(|digest| digest.to_hex()).collect()
        } else {
            Vec::new()
        });
        // Every human scoresheet's auditor and headline; the latest one's
        // answers and section scores.
        for sheet in encounter.sheets.iter().filter(|sheet| sheet.source == Source::Human) {
            input.sheets.encounter.push(encounter_index);
            input.sheets.auditor.push(input.auditors.intern(name(sheet.auditor)));
            input.sheets.overall.push(sheet.result.overall);
            input.sheets.passed.push(sheet.result.passed);
            input.sheets.critical.push(sheet.result.critical());
        }
        let answers = &mut input.answers;
        for (id, failed) in human.result.answers() {
            if let Some(criterion) = rubric.criteria[id as usize] {
                answers.encounter.push(encounter_index);
                answers.criterion.push(criterion);
                answers.failed.push(failed);
            }
        }
        for &(id, score) in &human.result.sections {
            if let Some(section) = rubric.sections[id as usize] {
                input.section_scores.encounter.push(encounter_index);
                input.section_scores.section.push(section);
                input.section_scores.score.push(score);
            }
        }
        // The latest automatic scoresheet beside the auditor's answers.
        if let Some(automatic) = encounter.latest(Source::Automatic) {
            let human_failed: HashMap<u32, bool> = human
                .result
                .answers()
                .filter_map(|(id, failed)| Some((rubric.criteria[id as usize]?, failed)))
                .collect();
            for (id, machine) in automatic.result.answers() {
                let Some(criterion) = rubric.criteria[id as usize] else { continue };
                if let Some(&human) = human_failed.get(&criterion) {
                    input.automatic.encounter.push(encounter_index);
                    input.automatic.criterion.push(criterion);
                    input.automatic.human_failed.push(human);
                    input.automatic.automatic_failed.push(machine);
                }
            }
        }
    }
    for promise in promises {
        // The encounters are in the order of their ids.
        if input.encounters.id.binary_search(&promise.encounter).is_err() {
            continue;
        }
        input.promises.location.push(input.locations.intern(&promise.location));
        input.promises.agent.push(input.agents.intern(&promise.agent));
        input.promises.status.push(promise.status);
    }
    Ok(input)
}

/// Adds an encounter's rubric, its sections and its criteria to the input.
fn add_rubric(
    input: &mut Input,
    state: &ReportLedger,
    id: &str,
    encounter: &Encounter,
) -> anyhow::Result<RubricIndex> {
    let fingerprint = state.fingerprints.name(encounter.rubric);
    let registered = state.rubrics.get(fingerprint).with_context(|| {
        format!("encounter `{id}` names rubric {fingerprint}, which the ledger never registered")
    })?;
    let rubric = crate::encounter_cmd::registered_rubric(registered)?;
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
        sections.insert(section.id.as_str(), input.sections.len() as u32);
        input.sections.push(SectionInfo {
            rubric: index,
            id: section.id.clone(),
            title: section.title.clone(),
        });
    }
    let mut criteria = HashMap::new();
    for criterion in &rubric.criteria {
        criteria.insert(criterion.id.as_str(), input.criteria.len() as u32);
        input.criteria.push(CriterionInfo {
            rubric: index,
            id: criterion.id.clone(),
            section: sections[criterion.section.as_str()],
            text: criterion.text.clone(),
            critical: matches!(
                criterion.critical,
                Some(CriticalScope::Section | CriticalScope::Overall)
            ),
        });
    }
    Ok(RubricIndex {
        index,
        criteria: state.ids.iter().map(|id| criteria.get(id.as_ref()).copied()).collect(),
        sections: state.ids.iter().map(|id| sections.get(id.as_ref()).copied()).collect(),
    })
}

//! The management report's input: the ledger replayed (slim) into the
//! report crate's plain columns, filtered as asked; and the report written
//! from it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use tarkka_ledger::Lines;
use tarkka_ledger::payload::Source;
use tarkka_report::{CriterionInfo, Input, Options, Period, Provenance, RubricInfo, SectionInfo};
use tarkka_rubric::{CriticalScope, Lang};

use crate::error::{Context as _, Result};
use crate::replay::{Encounter, ReportLedger};

/// `tarkka report`: what to cover and how.
#[derive(Clone, Debug)]
pub struct Request {
    /// The period of trends and control charts.
    pub period: Period,
    /// Groups with fewer encounters are shown but marked.
    pub min_group: u32,
    /// From this date (YYYY-MM-DD).
    pub from: Option<String>,
    /// To this date, inclusive.
    pub to: Option<String>,
    /// Only these locations (all when empty).
    pub location: Vec<String>,
    /// Only these rubrics (all when empty).
    pub rubric: Vec<String>,
    /// Write the tables as an Excel workbook too.
    pub xlsx: bool,
    /// The language of every label.
    pub lang: Lang,
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    /// The files, in a fixed order.
    pub files: Vec<PathBuf>,
    /// How many encounters the report covers.
    pub encounters: usize,
    /// The ledger's entries.
    pub entries: u64,
    /// The ledger's head.
    pub head: String,
}

/// The report's input from the ledger.
pub fn input(ledger: &impl Lines, request: &Request) -> Result<Input> {
    crate::scores::check_dates(request.from.as_deref(), request.to.as_deref())?;
    let state = ReportLedger::replay(ledger)?;
    input_of(state, request)
}

/// Writes the report of the ledger into `out`: HTML, Markdown, charts, CSV
/// and Parquet (and the workbook when asked).
pub fn write(ledger: &impl Lines, request: &Request, out: &Path) -> Result<Written> {
    let input = input(ledger, request)?;
    let options = Options {
        period: request.period,
        min_group: request.min_group,
        lang: request.lang,
        xlsx: request.xlsx,
    };
    let files = tarkka_report::write(&input, &options, &mut DirSink::new(out))?;
    Ok(Written {
        files,
        encounters: input.encounters.id.len(),
        entries: input.provenance.entries,
        head: input.provenance.head.clone(),
    })
}

/// A rubric's place in the report, and its criteria and sections by the
/// numbers the replay gave their ids.
struct RubricIndex {
    index: u32,
    criteria: Vec<Option<u32>>,
    sections: Vec<Option<u32>>,
}

/// The command as given, minus the output directory: the report states it,
/// and the same report written elsewhere must be the same bytes.
fn command_line(args: &Request) -> (String, Vec<String>) {
    let mut command = format!(
        "tarkka report --lang {} --period {} --min-group {}",
        args.lang.pick("fi", "en"),
        args.period.name(),
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
fn input_of(mut state: ReportLedger, args: &Request) -> Result<Input> {
    let (command, filters) = command_line(args);
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
    let promises = crate::followups::judge(crate::followups::contacts(&state), as_of);
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
) -> Result<RubricIndex> {
    let fingerprint = state.fingerprints.name(encounter.rubric);
    let registered = state.rubrics.get(fingerprint).with_context(|| {
        format!("encounter `{id}` names rubric {fingerprint}, which the ledger never registered")
    })?;
    let rubric = crate::rubrics::registered(registered)?;
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
        criteria: state.ids.iter().map(|id| criteria.get(id.as_str()).copied()).collect(),
        sections: state.ids.iter().map(|id| sections.get(id.as_str()).copied()).collect(),
    })
}

/// Writes a report's files into a directory (created if needed; files of
/// the same names from an earlier report there are replaced, others are
/// left).
#[derive(Clone, Debug)]
pub struct DirSink {
    dir: PathBuf,
}

impl DirSink {
    /// Files go into `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> DirSink {
        DirSink { dir: dir.into() }
    }
}

impl tarkka_report::Sink for DirSink {
    fn put(&mut self, path: &Path, bytes: &[u8]) -> Result<PathBuf, tarkka_report::Error> {
        let path = self.dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| tarkka_report::Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes)
            .map_err(|source| tarkka_report::Error::Io { path: path.clone(), source })?;
        Ok(path)
    }
}

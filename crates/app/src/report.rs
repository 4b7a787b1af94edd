//! The management report's input: the ledger replayed (slim) into the
//! report crate's plain columns, filtered as asked; and the report written
//! from it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use tarkka_ledger::payload::{ScoreAmended, ScoresheetRecorded, Source};
use tarkka_ledger::{Kind, Lines, Place, Recorded};
use tarkka_report::{
    Amendment, CriterionInfo, Evaluation, EvaluationAnswer, Input, Options, Period, Provenance,
    RubricInfo, SectionInfo,
};
use tarkka_rubric::{CriticalScope, Lang};

use crate::chain::{Chain, Links};
use crate::error::{Context as _, Result};
use crate::replay::{Answered, Encounter, ReportLedger};

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
    let (mut input, listed) = input_of(state, request)?;
    input.evaluations = evaluations(ledger, &input, listed)?;
    Ok(input)
}

/// How many evaluations an agent's page lists, the latest first.
pub const EVALUATIONS_PER_AGENT: usize = 20;

/// An evaluation an agent page may list, until later ones push it out.
struct Candidate {
    time: Box<str>,
    encounter: u32,
    chain: Links,
    /// Where the scoresheet and its amendments are in the ledger.
    places: Vec<Place>,
    evidence: Vec<tarkka_ledger::Digest>,
}

/// One agent's latest [`EVALUATIONS_PER_AGENT`] evaluations, newest first
/// (the encounter id breaking ties), gathered as the encounters go by.
#[derive(Default)]
struct Latest {
    candidates: Vec<Candidate>,
    /// Once the list was full: the oldest kept, `(time, encounter)`.
    /// Anything older is not even built.
    floor: Option<(Box<str>, u32)>,
}

impl Latest {
    /// Whether an encounter at this time, with this id, would be kept.
    fn admits(&self, time: &str, id: &str, ids: &[String]) -> bool {
        self.floor.as_ref().is_none_or(|(floor, encounter)| {
            (time, id) > (floor.as_ref(), ids[*encounter as usize].as_str())
        })
    }

    fn push(&mut self, candidate: Candidate, ids: &[String]) {
        self.candidates.push(candidate);
        if self.candidates.len() >= 2 * EVALUATIONS_PER_AGENT {
            self.keep(ids);
        }
    }

    /// Keeps the latest; remembers the oldest of a full list.
    fn keep(&mut self, ids: &[String]) {
        let key = |c: &Candidate| (c.time.clone(), ids[c.encounter as usize].clone());
        self.candidates.sort_by_cached_key(|c| std::cmp::Reverse(key(c)));
        self.candidates.truncate(EVALUATIONS_PER_AGENT);
        if self.candidates.len() == EVALUATIONS_PER_AGENT {
            self.floor = self.candidates.last().map(|c| (c.time.clone(), c.encounter));
        }
    }
}

/// Reads the listed evaluations' scoresheets and amendments in full: their
/// lines only, at the places the replay found them (an entry's `seq` is its
/// line number in a ledger the replay read).
fn evaluations(ledger: &impl Lines, input: &Input, listed: Vec<Latest>) -> Result<Vec<Evaluation>> {
    let candidates: Vec<Candidate> = listed.into_iter().flat_map(|l| l.candidates).collect();
    let places: Vec<Place> = candidates.iter().flat_map(|c| c.places.iter().copied()).collect();
    let unreadable = |line: u64, detail: String| tarkka_ledger::LedgerError::Unreadable {
        path: ledger.name().to_path_buf(),
        line,
        detail,
    };
    let mut entries: HashMap<u64, Whole> = HashMap::with_capacity(places.len());
    for (place, line) in places.iter().zip(ledger.lines_at(&places)?) {
        let whole =
            read_whole(place.number, &line).map_err(|detail| unreadable(place.number, detail))?;
        entries.insert(place.number, whole);
    }
    let criteria: HashMap<(u32, &str), u32> = input
        .criteria
        .iter()
        .enumerate()
        .map(|(index, c)| ((c.rubric, c.id.as_str()), index as u32))
        .collect();
    let changed = |seq: u64| {
        crate::error::Error::from(unreadable(
            seq,
            "it changed while the report read the ledger; write the report again".to_string(),
        ))
    };
    let mut evaluations = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let Some(Whole::Sheet(sheet)) = entries.get(&candidate.chain.sheet) else {
            return Err(changed(candidate.chain.sheet));
        };
        let mut chain = Chain { sheet, amendments: Vec::new() };
        for seq in &candidate.chain.amendments {
            let Some(Whole::Amendment(amendment)) = entries.get(seq) else {
                return Err(changed(*seq));
            };
            chain.amendments.push(amendment);
        }
        // As the chain stands: the same rule `tarkka amend` applies.
        let answers = chain.answers()?;
        let answer_of = |raw: &serde_json::value::RawValue| {
            serde_json::from_str::<Option<tarkka_scoring::Answer>>(raw.get())
                .ok()
                .flatten()
                .map_or_else(|| "–".to_string(), |answer| answer.value.to_string())
        };
        let amendments = chain
            .amendments
            .iter()
            .map(|amendment| Amendment {
                seq: amendment.seq,
                time: amendment.time.clone(),
                actor: amendment.actor.clone(),
                criterion: amendment.payload.criterion.clone(),
                before: answer_of(&amendment.payload.before),
                after: answer_of(&amendment.payload.after),
                reason: amendment.payload.reason.clone(),
            })
            .collect();
        // The outcomes as the first pass read them from the current result:
        // the encounter's rows of the answer table.
        let rows_of = &input.answers;
        let rubric = input.encounters.rubric[candidate.encounter as usize];
        let first = rows_of.encounter.partition_point(|&e| e < candidate.encounter);
        let last = rows_of.encounter.partition_point(|&e| e <= candidate.encounter);
        let outcome = |criterion: u32| {
            (first..last)
                .find(|&row| rows_of.criterion[row] == criterion)
                .map_or((false, false), |row| (rows_of.failed[row], rows_of.critical[row]))
        };
        let mut rows: Vec<EvaluationAnswer> = answers
            .iter()
            .filter_map(|(id, answer)| {
                let criterion = *criteria.get(&(rubric, id.as_str()))?;
                let (failed, critical) = outcome(criterion);
                Some(EvaluationAnswer {
                    criterion,
                    answer: answer.value.to_string(),
                    comment: answer.comment.clone(),
                    failed,
                    critical,
                })
            })
            .collect();
        rows.sort_by_key(|row| row.criterion);
        evaluations.push(Evaluation {
            encounter: candidate.encounter,
            time: candidate.time.into(),
            auditor: sheet.payload.auditor.clone(),
            scored: sheet.time.clone(),
            seq: candidate.chain.sheet,
            answers: rows,
            amendments,
            evidence: candidate.evidence.iter().map(|digest| digest.to_hex()).collect(),
        });
    }
    Ok(evaluations)
}

/// A scoresheet or an amendment, read whole.
enum Whole {
    Sheet(Recorded<ScoresheetRecorded>),
    Amendment(Recorded<ScoreAmended>),
}

/// Reads line `number` of the ledger as a scoresheet or an amendment,
/// checking that it is the entry the replay saw there.
fn read_whole(number: u64, line: &[u8]) -> Result<Whole, String> {
    let entry = tarkka_ledger::entry::parse_line(line)?;
    if entry.seq != number || tarkka_ledger::entry::content_hash(line) != Some(entry.hash) {
        return Err(format!("line {number} changed while the report read the ledger"));
    }
    match entry.known_kind() {
        Some(Kind::ScoresheetRecorded) => Ok(Whole::Sheet(entry.recorded()?)),
        Some(Kind::ScoreAmended) => Ok(Whole::Amendment(entry.recorded()?)),
        _ => Err(format!("entry {number} is no scoresheet or amendment")),
    }
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
fn input_of(mut state: ReportLedger, args: &Request) -> Result<(Input, Vec<Latest>)> {
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
    // By agent (in `input.agents`), the evaluations its page may list.
    let mut listed: Vec<Latest> = Vec::new();
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
        let agent = *encounters.agent.last().expect("pushed above") as usize;
        if listed.len() <= agent {
            listed.resize_with(agent + 1, Latest::default);
        }
        let id = encounters.id.last().expect("pushed above");
        if listed[agent].admits(&encounter.time, id, &encounters.id) {
            let candidate = Candidate {
                time: encounter.time.clone(),
                encounter: encounter_index,
                chain: human.chain.clone(),
                places: std::iter::once(human.place)
                    .chain(
                        human
                            .chain
                            .amendments
                            .iter()
                            .filter_map(|seq| state.amendment_places.get(seq).copied()),
                    )
                    .collect(),
                evidence: encounter.evidence.clone(),
            };
            listed[agent].push(candidate, &encounters.id);
        }
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
        for answer in human.result.answers() {
            if let Some(criterion) = rubric.criteria[answer.id as usize] {
                let Answered { failed, critical, credit, weight, .. } = answer;
                answers.push(
                    encounter_index,
                    criterion,
                    tarkka_report::Answer { failed, critical, credit, weight },
                );
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
                .filter_map(|a| Some((rubric.criteria[a.id as usize]?, a.failed)))
                .collect();
            for Answered { id, failed: machine, .. } in automatic.result.answers() {
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
    for latest in &mut listed {
        latest.keep(&input.encounters.id);
    }
    Ok((input, listed))
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

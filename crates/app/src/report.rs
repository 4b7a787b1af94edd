//! The management report's input: the ledger replayed (slim) into the
//! report crate's plain columns, filtered as asked; and the report written
//! from it.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
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
    /// The latest signed checkpoint of the ledger, to stamp and embed:
    /// its log's origin, its size and the signed note.
    pub checkpoint: Option<(String, u64, String)>,
    /// Days a dispute's decision may take before it is overdue.
    pub decide_within_days: u32,
    /// The workspace's time zone, in which days are counted.
    pub zone: jiff::tz::TimeZone,
}

/// An evaluation unacknowledged this many days after it was scored is
/// counted as old in the report.
pub const OLD_DAYS: u32 = 14;

/// What the report needs of each counted evaluation for the review
/// workflow's figures.
struct Counted {
    encounter: u32,
    id: String,
    auditor: u32,
    location: u32,
    chain: Links,
    recorded: i64,
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
    let (mut input, gathered) = input_of(state, request)?;
    input.evaluations =
        evaluations(ledger, &input, &gathered.rubrics, &gathered.listed, &request.zone)?;
    for evaluation in &mut input.evaluations {
        if let Some(&state) = gathered.states.get(&evaluation.encounter) {
            evaluation.state = state;
        }
    }
    input.calibration = calibration(ledger, &input, &gathered, request.lang)?;
    Ok(input)
}

/// How many evaluations an agent's page lists, the latest first.
pub const EVALUATIONS_PER_AGENT: usize = 20;

/// How many encounters scored by several auditors the report's calibration
/// chart rests on, the latest first: enough for every criterion's alpha,
/// bounded so that a million-encounter ledger does not pay for a full
/// calibration (`tarkka calibrate` does that).
pub const CALIBRATION_ENCOUNTERS: usize = 2000;

/// An evaluation an agent page may list, until later ones push it out.
struct Candidate {
    chain: Links,
    /// Where the scoresheet and its amendments are in the ledger.
    places: Vec<Place>,
    evidence: Vec<tarkka_ledger::Digest>,
}

/// An auditor's latest scoresheet of a calibration encounter: where to
/// read it.
struct SheetAt {
    auditor: String,
    chain: Links,
    places: Vec<Place>,
}

/// Something about an encounter, kept while the encounter is among the
/// latest.
struct Dated<T> {
    time: Box<str>,
    encounter: u32,
    item: T,
}

/// The latest `limit` encounters' items, newest first (the encounter id
/// breaking ties), gathered as the encounters go by.
struct Latest<T> {
    limit: usize,
    kept: Vec<Dated<T>>,
    /// Once the list was full: the oldest kept, `(time, encounter)`.
    /// Anything older is not even built.
    floor: Option<(Box<str>, u32)>,
}

impl<T> Latest<T> {
    fn new(limit: usize) -> Latest<T> {
        Latest { limit, kept: Vec::new(), floor: None }
    }

    /// Whether an encounter at this time, with this id, would be kept.
    fn admits(&self, time: &str, id: &str, ids: &[String]) -> bool {
        self.floor.as_ref().is_none_or(|(floor, encounter)| {
            (time, id) > (floor.as_ref(), ids[*encounter as usize].as_str())
        })
    }

    fn push(&mut self, dated: Dated<T>, ids: &[String]) {
        self.kept.push(dated);
        if self.kept.len() >= 2 * self.limit.max(1) {
            self.keep(ids);
        }
    }

    /// Keeps the latest; remembers the oldest of a full list.
    fn keep(&mut self, ids: &[String]) {
        let key = |d: &Dated<T>| (d.time.clone(), ids[d.encounter as usize].clone());
        self.kept.sort_by_cached_key(|d| std::cmp::Reverse(key(d)));
        self.kept.truncate(self.limit);
        if self.kept.len() == self.limit {
            self.floor = self.kept.last().map(|d| (d.time.clone(), d.encounter));
        }
    }
}

/// The places of a chain's entries: the scoresheet's, then its
/// amendments'.
fn places_of(sheet: &crate::replay::Sheet, state: &ReportLedger) -> Vec<Place> {
    std::iter::once(sheet.place)
        .chain(
            sheet
                .chain
                .amendments
                .iter()
                .filter_map(|seq| state.amendment_places.get(seq).copied()),
        )
        .collect()
}

/// What the first pass gathers beside the input: the evaluations the agent
/// pages list, the latest calibration encounters, and the rubrics parsed.
struct Gathered {
    listed: Vec<Latest<Candidate>>,
    calibration: Latest<Vec<SheetAt>>,
    /// Encounters scored by two or more auditors, in all.
    calibration_total: usize,
    /// The rubrics, by their index in the input.
    rubrics: Vec<tarkka_rubric::Rubric>,
    /// Where each counted evaluation stands with its agent, by encounter.
    states: HashMap<u32, tarkka_report::EvaluationState>,
}

/// Reads whole the ledger lines at `places`, each checked to be the
/// scoresheet or amendment the replay saw there, by line number.
fn read_wholes(ledger: &impl Lines, places: &[Place]) -> Result<HashMap<u64, Whole>> {
    let mut entries = HashMap::with_capacity(places.len());
    for (place, line) in places.iter().zip(ledger.lines_at(places)?) {
        let whole = read_whole(place.number, &line)
            .map_err(|detail| unreadable(ledger, place.number, detail))?;
        entries.insert(place.number, whole);
    }
    Ok(entries)
}

fn unreadable(ledger: &impl Lines, line: u64, detail: String) -> tarkka_ledger::LedgerError {
    let detail = tarkka_i18n::msg!("as-is", text = detail);
    tarkka_ledger::LedgerError::Unreadable { path: ledger.name().to_path_buf(), line, detail }
}

/// A chain read whole: the scoresheet and its amendments, in order.
fn chain_of<'a>(
    entries: &'a HashMap<u64, Whole>,
    links: &Links,
    ledger: &impl Lines,
) -> Result<Chain<'a>> {
    let changed = |seq: u64| {
        crate::error::Error::from(unreadable(
            ledger,
            seq,
            "it changed while the report read the ledger; write the report again".to_string(),
        ))
    };
    let Some(Whole::Sheet(sheet)) = entries.get(&links.sheet) else {
        return Err(changed(links.sheet));
    };
    let mut chain = Chain { sheet, amendments: Vec::new() };
    for seq in &links.amendments {
        let Some(Whole::Amendment(amendment)) = entries.get(seq) else {
            return Err(changed(*seq));
        };
        chain.amendments.push(amendment);
    }
    Ok(chain)
}

/// The auditors' agreement on the latest calibration encounters, computed
/// by `tarkka calibrate`'s own code from their scoresheets read whole.
fn calibration(
    ledger: &impl Lines,
    input: &Input,
    gathered: &Gathered,
    lang: Lang,
) -> Result<Option<tarkka_report::Calibration>> {
    let kept = &gathered.calibration.kept;
    if kept.is_empty() {
        return Ok(None);
    }
    let places: Vec<Place> =
        kept.iter().flat_map(|d| d.item.iter().flat_map(|s| s.places.iter().copied())).collect();
    let entries = read_wholes(ledger, &places)?;
    // In ledger order, as `tarkka calibrate` reads them: the same ratings
    // in the same order give the same figures.
    let mut order: Vec<&Dated<Vec<SheetAt>>> = kept.iter().collect();
    order.sort_by_key(|d| d.item.first().map(|s| s.chain.sheet));
    let mut sheets = Vec::new();
    for dated in order {
        let encounter = dated.encounter as usize;
        for at in &dated.item {
            let chain = chain_of(&entries, &at.chain, ledger)?;
            sheets.push(crate::calibrate::Rated {
                rubric: input.encounters.rubric[encounter] as usize,
                encounter: input.encounters.id[encounter].clone(),
                auditor: at.auditor.clone(),
                month: dated.time.get(..7).map(str::to_string),
                answers: chain.answers()?,
                source: Source::Human,
                overall: crate::chain::overall_of(chain.result()).map(|o| o.to_f64()),
            });
        }
    }
    let provenance = match tarkka_ledger::Digest::from_hex(&input.provenance.head) {
        Some(hash) if input.provenance.entries > 0 => {
            crate::calibrate::Provenance::Ledger { seq: input.provenance.entries, hash }
        }
        _ => crate::calibrate::Provenance::EmptyLedger,
    };
    // `tarkka calibrate`'s defaults, so that its figures are these.
    let request = crate::calibrate::Request { only: None, resamples: 1000, seed: 1 };
    let from =
        crate::calibrate::Input::Sheets { rubrics: &gathered.rubrics, sheets: &sheets, provenance };
    let (report, _) = match crate::calibrate::calibrate(&from, &request) {
        Ok(done) => done,
        // Two auditors' sheets with no criterion both answered: nothing to
        // compare, and nothing to draw.
        Err(_) => return Ok(None),
    };
    let question = |rubric: &str, criterion: &str| {
        gathered
            .rubrics
            .iter()
            .find(|r| r.id == rubric)
            .and_then(|r| r.criterion(criterion))
            .map(|c| c.text.get(lang).to_string())
    };
    let overall = lang.pick("kokonaispisteet", "overall score");
    let label = |c: &crate::calibrate::CriterionReport| {
        if c.rubric.is_empty() {
            return overall.to_string();
        }
        let text = question(&c.rubric, &c.criterion)
            .unwrap_or_else(|| format!("{}: {}", c.rubric, c.criterion));
        tarkka_report::shorten(&text, 44)
    };
    // Two rubrics may ask the same question: their rows are told apart by
    // the rubric's id.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in report.criteria.iter() {
        *seen.entry(label(c)).or_default() += 1;
    }
    Ok(Some(crate::calibrate::agreement(&report, gathered.calibration_total, |c| {
        let plain = label(c);
        if seen.get(&plain).is_some_and(|&count| count > 1) {
            let text = question(&c.rubric, &c.criterion).unwrap_or_default();
            format!("{} ({})", tarkka_report::shorten(&text, 32), c.rubric)
        } else {
            plain
        }
    })))
}

/// A ledger time (RFC 3339, UTC) in the workspace's time zone, with its
/// offset (`2026-11-20T08:00:00+02:00`), as the report's pages show times;
/// as it is when it is no time (an empty ledger's).
fn in_zone(time: &str, zone: &jiff::tz::TimeZone) -> String {
    time.parse::<jiff::Timestamp>()
        .map(|at| at.to_zoned(zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_else(|_| time.to_string())
}

/// Reads the listed evaluations' scoresheets and amendments in full: their
/// lines only, at the places the replay found them (an entry's `seq` is its
/// line number in a ledger the replay read).
fn evaluations(
    ledger: &impl Lines,
    input: &Input,
    rubrics: &[tarkka_rubric::Rubric],
    listed: &[Latest<Candidate>],
    zone: &jiff::tz::TimeZone,
) -> Result<Vec<Evaluation>> {
    let candidates: Vec<&Dated<Candidate>> = listed.iter().flat_map(|l| &l.kept).collect();
    let places: Vec<Place> =
        candidates.iter().flat_map(|d| d.item.places.iter().copied()).collect();
    let entries = read_wholes(ledger, &places)?;
    let criteria: HashMap<(u32, &str), u32> = input
        .criteria
        .iter()
        .enumerate()
        .map(|(index, c)| ((c.rubric, c.id.as_str()), index as u32))
        .collect();
    let mut evaluations = Vec::with_capacity(candidates.len());
    for dated in candidates {
        let candidate = &dated.item;
        let chain = chain_of(&entries, &candidate.chain, ledger)?;
        let sheet = chain.sheet;
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
                time: in_zone(&amendment.time, zone),
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
        let rubric = input.encounters.rubric[dated.encounter as usize];
        let first = rows_of.encounter.partition_point(|&e| e < dated.encounter);
        let last = rows_of.encounter.partition_point(|&e| e <= dated.encounter);
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
                // A bonus is earned or not: the answer table leaves it out.
                let bonus = rubrics
                    .get(rubric as usize)
                    .and_then(|parsed| parsed.criteria.iter().find(|c| c.id == *id))
                    .filter(|c| c.bonus)
                    .map(|c| {
                        tarkka_scoring::credit(c, &answer.value)
                            .ok()
                            .flatten()
                            .is_some_and(|credit| c.is_met(credit))
                    });
                Some(EvaluationAnswer {
                    criterion,
                    answer: answer.value.to_string(),
                    comment: answer.comment.clone(),
                    failed,
                    critical,
                    bonus,
                })
            })
            .collect();
        rows.sort_by_key(|row| row.criterion);
        evaluations.push(Evaluation {
            encounter: dated.encounter,
            time: dated.time.to_string(),
            auditor: sheet.payload.auditor.clone(),
            scored: in_zone(&sheet.time, zone),
            seq: candidate.chain.sheet,
            answers: rows,
            amendments,
            evidence: candidate.evidence.iter().map(|digest| digest.to_hex()).collect(),
            state: tarkka_report::EvaluationState::New,
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
    let earlier = check_out(out)?;
    let input = input(ledger, request)?;
    let options = Options {
        period: request.period,
        min_group: request.min_group,
        lang: request.lang,
        xlsx: request.xlsx,
    };
    // Over an earlier report, the new one is written inside `out` first,
    // in a hidden directory, and takes the earlier one's place only once
    // whole: a report that fails half-way (a full disk) leaves the earlier
    // one as it was. Inside, not beside: `out` may be a mount point or in
    // a directory the user cannot write, and a rename stays on one file
    // system.
    let staging = earlier.then(|| out.join(format!("{STAGING}{}", std::process::id())));
    let target = staging.as_deref().unwrap_or(out);
    let written = (|| -> Result<Vec<PathBuf>> {
        let mut files = tarkka_report::write(&input, &options, &mut DirSink::new(target))?;
        if let (Some((_, _, note)), Some(_)) = (&request.checkpoint, &input.provenance.checkpoint) {
            let path = target.join("checkpoint.txt");
            std::fs::write(&path, note).with_context(|| {
                tarkka_i18n::msg!("file-unwritable", file = path.display().to_string())
            })?;
            files.push(path);
        }
        Ok(files)
    })();
    let files = match (written, &staging) {
        (Ok(files), None) => files,
        (Ok(files), Some(staging)) => {
            replace_earlier(out, staging)?;
            files
                .into_iter()
                .map(|file| file.strip_prefix(staging).map_or(file.clone(), |rest| out.join(rest)))
                .collect()
        }
        (Err(error), staging) => {
            if let Some(staging) = staging {
                let _ = std::fs::remove_dir_all(staging);
            }
            return Err(error);
        }
    };
    Ok(Written {
        files,
        encounters: input.encounters.id.len(),
        entries: input.provenance.entries,
        head: input.provenance.head.clone(),
    })
}

/// Where a report over an earlier one is written first, and where the
/// earlier one's entries wait until the new one is in, inside `--out`
/// (with the process id after them).
const STAGING: &str = ".tarkka-new-";
const SET_ASIDE: &str = ".tarkka-old-";

/// Puts the report written in `staging` in the place of the earlier one in
/// `out`: what the earlier report wrote ([`REPORT_DIRS`], [`REPORT_FILES`])
/// is renamed aside, the new one's entries renamed in, and only then is the
/// earlier one removed, with what a killed run left of either directory.
/// Every rename is within `out`, on its one file system. Should moving in
/// fail, the earlier report's entries are moved back.
fn replace_earlier(out: &Path, staging: &Path) -> Result<()> {
    let unwritable =
        |path: &Path| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string());
    let aside = out.join(format!("{SET_ASIDE}{}", std::process::id()));
    std::fs::create_dir(&aside).with_context(|| unwritable(&aside))?;
    let move_all = |from: &Path, to: &Path, names: &[std::ffi::OsString]| -> Result<()> {
        for name in names {
            let target = to.join(name);
            std::fs::rename(from.join(name), &target).with_context(|| unwritable(&target))?;
        }
        Ok(())
    };
    let earlier: Vec<std::ffi::OsString> = REPORT_DIRS
        .iter()
        .chain(REPORT_FILES.iter())
        .map(std::ffi::OsString::from)
        .filter(|name| out.join(name).exists())
        .collect();
    move_all(out, &aside, &earlier)?;
    let new: Vec<std::ffi::OsString> = std::fs::read_dir(staging)
        .with_context(|| unwritable(staging))?
        .map(|entry| entry.map(|entry| entry.file_name()))
        .collect::<std::io::Result<_>>()
        .with_context(|| unwritable(staging))?;
    if let Err(error) = move_all(staging, out, &new) {
        // Back as it was: the new entries that made it in go back to
        // staging, the earlier ones return.
        for name in &new {
            let _ = std::fs::rename(out.join(name), staging.join(name));
        }
        for name in &earlier {
            let _ = std::fs::rename(aside.join(name), out.join(name));
        }
        let _ = std::fs::remove_dir(&aside);
        return Err(error);
    }
    // What this run set aside, and what killed runs left behind.
    for entry in std::fs::read_dir(out).with_context(|| unwritable(out))?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(STAGING) || name.starts_with(SET_ASIDE) {
            let path = entry.path();
            std::fs::remove_dir_all(&path).with_context(|| unwritable(&path))?;
        }
    }
    Ok(())
}

/// Refuses to write a report over a directory of other files: `--out` may
/// be new, empty, or an earlier report (its `index.html`, its
/// `tables/overview.csv` and a `report.md` with the report's title), which
/// is replaced; anything else there is someone's,
/// and a report would overwrite their `index.html` without a word. Whether
/// `out` holds an earlier report.
fn check_out(out: &Path) -> Result<bool> {
    let Ok(entries) = std::fs::read_dir(out) else { return Ok(false) };
    let names: Vec<String> =
        entries.flatten().map(|entry| entry.file_name().to_string_lossy().into_owned()).collect();
    // An earlier report: its index, its tables, and a Markdown copy that
    // opens with the report's own title.
    let earlier_report = out.join("index.html").is_file()
        && out.join("tables").join("overview.csv").is_file()
        && std::fs::read_to_string(out.join("report.md")).is_ok_and(|text| {
            text.starts_with("# Laaturaportti\n") || text.starts_with("# Quality report\n")
        });
    if names.is_empty() || earlier_report {
        return Ok(earlier_report);
    }
    let mut sorted = names;
    sorted.sort();
    crate::refuse!(
        "report-out-not-empty",
        dir = out.display().to_string(),
        count = sorted.len(),
        first = sorted[0].as_str()
    )
}

/// What a report writes at its top, and so what an earlier one left: it is
/// removed when a new report takes its place ([`replace_earlier`]), so
/// that a report for one store never carries another store's agents'
/// pages left from the last. Anything else in the directory stays.
const REPORT_DIRS: [&str; 5] = ["agents", "charts", "evaluations", "locations", "tables"];
const REPORT_FILES: [&str; 3] = ["index.html", "report.md", "checkpoint.txt"];

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
    // The filters as the report's reader reads them.
    let lang = args.lang.pick("fi", "en");
    let word = |fi: &str, en: &str| args.lang.pick(fi, en).to_string();
    let mut filters = Vec::new();
    if let Some(from) = &args.from {
        command.push_str(&format!(" --from {from}"));
        filters.push(format!("{} {}", word("alkaen", "from"), tarkka_i18n::date_in(lang, from)));
    }
    if let Some(to) = &args.to {
        command.push_str(&format!(" --to {to}"));
        filters.push(format!("{} {}", word("asti", "to"), tarkka_i18n::date_in(lang, to)));
    }
    for location in &args.location {
        command.push_str(&format!(" --location {location:?}"));
        filters.push(format!("{} {location}", word("toimipiste", "location")));
    }
    for rubric in &args.rubric {
        command.push_str(&format!(" --rubric {rubric}"));
        filters.push(format!("{} {rubric}", word("lomake", "rubric")));
    }
    if args.xlsx {
        command.push_str(" --xlsx");
    }
    command.push_str(" --out DIR");
    (command, filters)
}

/// The report's input from the replayed ledger, which it consumes an
/// encounter at a time so that the two are not both in memory whole.
fn input_of(mut state: ReportLedger, args: &Request) -> Result<(Input, Gathered)> {
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
            as_of: in_zone(&state.latest, &args.zone),
            checkpoint: args
                .checkpoint
                .as_ref()
                .filter(|(_, size, _)| *size <= replayed.entries)
                .map(|(origin, size, _)| (origin.clone(), *size)),
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
    crate::names::check_encounters(
        &state,
        args.location
            .iter()
            .map(|location| (crate::names::Field::Location, location.as_str()))
            .chain(args.rubric.iter().map(|rubric| (crate::names::Field::Rubric, rubric.as_str()))),
    )?;
    let encounters = std::mem::take(&mut state.encounters);
    let state = &state;
    let name = |index: u32| state.names.name(index);
    // Which encounters, and their rubrics (in order of first use).
    let mut rubrics: HashMap<u32, RubricIndex> = HashMap::new();
    let mut gathered = Gathered {
        // By agent (in `input.agents`), the evaluations its page may list.
        listed: Vec::new(),
        calibration: Latest::new(CALIBRATION_ENCOUNTERS),
        calibration_total: 0,
        rubrics: Vec::new(),
        states: HashMap::new(),
    };
    let mut counted: Vec<Counted> = Vec::new();
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
            tarkka_i18n::msg!("report-time-not-date", encounter = &id, time = &*encounter.time)
        })?;
        let rubric = match rubrics.entry(encounter.rubric) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(new) => {
                let (index, parsed) = add_rubric(&mut input, state, &id, encounter)?;
                gathered.rubrics.push(parsed);
                new.insert(index)
            }
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
        if state.review.any {
            counted.push(Counted {
                encounter: encounter_index,
                id: encounters.id.last().expect("pushed above").clone(),
                auditor: input.auditors.intern(name(human.auditor)),
                location: *encounters.location.last().expect("pushed above"),
                chain: human.chain.clone(),
                recorded: human.recorded,
            });
        }
        let listed = &mut gathered.listed;
        if listed.len() <= agent {
            listed.resize_with(agent + 1, || Latest::new(EVALUATIONS_PER_AGENT));
        }
        let id = encounters.id.last().expect("pushed above");
        if listed[agent].admits(&encounter.time, id, &encounters.id) {
            let candidate = Candidate {
                chain: human.chain.clone(),
                places: places_of(human, state),
                evidence: encounter.evidence.clone(),
            };
            let time = encounter.time.clone();
            listed[agent]
                .push(Dated { time, encounter: encounter_index, item: candidate }, &encounters.id);
        }
        // Each auditor's latest scoresheet, when two or more auditors
        // scored the encounter: a calibration encounter.
        let mut by_auditor: BTreeMap<u32, &crate::replay::Sheet> = BTreeMap::new();
        for sheet in encounter.sheets.iter().filter(|sheet| sheet.source == Source::Human) {
            let latest = by_auditor.entry(sheet.auditor).or_insert(sheet);
            if sheet.chain.sheet > latest.chain.sheet {
                *latest = sheet;
            }
        }
        if by_auditor.len() >= 2 {
            gathered.calibration_total += 1;
            if gathered.calibration.admits(&encounter.time, id, &encounters.id) {
                let mut sheets: Vec<SheetAt> = by_auditor
                    .values()
                    .map(|sheet| SheetAt {
                        auditor: name(sheet.auditor).to_string(),
                        chain: sheet.chain.clone(),
                        places: places_of(sheet, state),
                    })
                    .collect();
                sheets.sort_by(|a, b| a.auditor.cmp(&b.auditor));
                let time = encounter.time.clone();
                let dated = Dated { time, encounter: encounter_index, item: sheets };
                gathered.calibration.push(dated, &encounters.id);
            }
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
    for latest in &mut gathered.listed {
        latest.keep(&input.encounters.id);
    }
    gathered.calibration.keep(&input.encounters.id);
    if state.review.any {
        let (review, states) = review(&mut input, &state.review, &counted, as_of, args);
        input.review = Some(review);
        gathered.states = states;
    }
    Ok((input, gathered))
}

/// The review workflow's figures over the counted evaluations: the share
/// from draws, disputes by auditor and criterion, acknowledgements by
/// location, and where each evaluation stands with its agent.
fn review(
    input: &mut Input,
    facts: &crate::replay::ReviewFacts,
    counted: &[Counted],
    as_of: jiff::Timestamp,
    args: &Request,
) -> (tarkka_report::Review, HashMap<u32, tarkka_report::EvaluationState>) {
    use tarkka_report::{EvaluationState, Review, ReviewAuditor, ReviewCriterion, ReviewLocation};
    let acknowledged: std::collections::HashSet<(&str, u64)> =
        facts.acknowledged.iter().map(|(e, at)| (e.as_str(), *at)).collect();
    let mut review = Review { old_days: OLD_DAYS, ..Review::default() };
    let mut by_auditor: BTreeMap<u32, ReviewAuditor> = BTreeMap::new();
    let mut by_location: BTreeMap<u32, ReviewLocation> = BTreeMap::new();
    let mut states = HashMap::new();
    // The disputes on each counted scoresheet.
    let mut disputes_of: HashMap<u64, Vec<&crate::replay::DisputeFact>> = HashMap::new();
    for dispute in &facts.disputes {
        disputes_of.entry(dispute.sheet).or_default().push(dispute);
    }
    for c in counted {
        review.evaluations += 1;
        let auditor_name = input.auditors.name(c.auditor).to_string();
        let sampled = facts.assigned.get(&c.id).is_some_and(|list| {
            list.iter().any(|(draw, auditors)| {
                *draw < c.chain.sheet && (auditors.is_empty() || auditors.contains(&auditor_name))
            })
        });
        review.sampled += u64::from(sampled);
        let row = by_auditor
            .entry(c.auditor)
            .or_insert_with(|| ReviewAuditor { auditor: c.auditor, ..ReviewAuditor::default() });
        row.evaluations += 1;
        row.sampled += u64::from(sampled);
        let seen = acknowledged.contains(&(c.id.as_str(), c.chain.last()));
        let place = by_location.entry(c.location).or_insert_with(|| ReviewLocation {
            location: c.location,
            ..ReviewLocation::default()
        });
        place.evaluations += 1;
        place.acknowledged += u64::from(seen);
        let age = as_of.as_second() - c.recorded;
        if !seen && age > i64::from(OLD_DAYS) * 86_400 {
            place.unacknowledged_old += 1;
        }
        let disputes = disputes_of.get(&c.chain.sheet).map_or(&[][..], Vec::as_slice);
        let state = if disputes.iter().any(|d| d.decided.is_none()) {
            EvaluationState::Disputed
        } else if seen {
            EvaluationState::Acknowledged
        } else if !disputes.is_empty() {
            EvaluationState::Decided
        } else {
            EvaluationState::New
        };
        states.insert(c.encounter, state);
    }
    // Disputes on the encounters the report covers, by the disputed
    // sheet's auditor and by criterion.
    let covered: HashMap<&str, u32> =
        counted.iter().map(|c| (c.id.as_str(), c.encounter)).collect();
    let mut criteria: BTreeMap<u32, ReviewCriterion> = BTreeMap::new();
    let mut days: Vec<f64> = Vec::new();

    for dispute in &facts.disputes {
        let Some(&encounter) = covered.get(dispute.encounter.as_str()) else { continue };
        let auditor = input.auditors.intern(&dispute.auditor);
        let row = by_auditor
            .entry(auditor)
            .or_insert_with(|| ReviewAuditor { auditor, ..ReviewAuditor::default() });
        row.disputed += 1;
        match &dispute.decided {
            None => {
                row.open += 1;
                review.open += 1;
                if crate::dispute::overdue(
                    dispute.opened,
                    args.decide_within_days,
                    as_of,
                    &args.zone,
                ) {
                    review.overdue += 1;
                }
            }
            Some((time, outcome, _)) => {
                review.decided += 1;
                days.push((time.as_second() - dispute.opened.as_second()) as f64 / 86_400.0);
                match outcome.as_str() {
                    "accepted" => row.accepted += 1,
                    "partly-accepted" => row.partly += 1,
                    _ => row.rejected += 1,
                }
            }
        }
        let rubric = input.encounters.rubric[encounter as usize];
        for id in &dispute.criteria {
            let Some(criterion) =
                input.criteria.iter().position(|c| c.rubric == rubric && c.id == *id)
            else {
                continue;
            };
            let row = criteria.entry(criterion as u32).or_insert_with(|| ReviewCriterion {
                criterion: criterion as u32,
                ..ReviewCriterion::default()
            });
            row.disputed += 1;
            if let Some((_, _, accepted)) = &dispute.decided {
                if accepted.contains(id) {
                    row.accepted += 1;
                } else {
                    row.rejected += 1;
                }
            }
        }
    }
    days.sort_by(f64::total_cmp);
    review.median_days_to_decision = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2]),
        n => Some((days[n / 2 - 1] + days[n / 2]) / 2.0),
    };
    review.by_auditor = by_auditor.into_values().collect();
    review.by_criterion = criteria.into_values().collect();
    review
        .by_criterion
        .sort_by(|a, b| b.disputed.cmp(&a.disputed).then(a.criterion.cmp(&b.criterion)));
    review.by_location = by_location.into_values().collect();
    (review, states)
}

/// Adds an encounter's rubric, its sections and its criteria to the input.
fn add_rubric(
    input: &mut Input,
    state: &ReportLedger,
    id: &str,
    encounter: &Encounter,
) -> Result<(RubricIndex, tarkka_rubric::Rubric)> {
    let fingerprint = state.fingerprints.name(encounter.rubric);
    let registered = state.rubrics.get(fingerprint).with_context(|| {
        tarkka_i18n::msg!("rubric-never-registered", encounter = id, fingerprint = fingerprint)
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
    let index = RubricIndex {
        index,
        criteria: state.ids.iter().map(|id| criteria.get(id.as_str()).copied()).collect(),
        sections: state.ids.iter().map(|id| sections.get(id.as_str()).copied()).collect(),
    };
    Ok((index, rubric))
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

/// The workspace's latest checkpoint whose signature holds (kept or
/// remembered), as a report stamps it; `None` before the first.
pub fn latest_checkpoint(
    workspace: &tarkka_ledger::Workspace,
    trust: &crate::checkpoint::Trust,
) -> Result<Option<(String, u64, String)>> {
    let anchors = crate::checkpoint::anchors(workspace, trust)?;
    Ok(anchors.anchors.into_iter().rev().max_by_key(|a| a.size).map(|a| {
        let origin = a.signer.clone();
        (origin, a.size, a.note)
    }))
}

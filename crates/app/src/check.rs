//! Automatic checks: transcripts read and judged against a rubric's
//! checks, and — recorded — automatic scoresheets in the ledger beside the
//! auditors', each relying on the transcript it read.

use std::path::{Path, PathBuf};

use tarkka_check::{Checker, Encounter, Outcome as Checked, Reason, Verdict};
use tarkka_i18n::msg;
use tarkka_ledger::payload::{EvidenceAttached, PromiseFound, ScoresheetRecorded, Source};
use tarkka_ledger::{Digest, EncounterState, LedgerState, NewEntry};
use tarkka_rubric::rules::Check;
use tarkka_rubric::{Profile, ProfileValue, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Answers};
use tarkka_transcript::read::{self, Format, SpeakerMap};
use tarkka_transcript::{ReadError, Role, Transcript, Warning};

use crate::error::{Context as _, Error, Result, unreadable};
use crate::evidence::{self, Prepared};
use crate::{NoProgress, Writer, facts, rubrics};

pub use crate::facts::AUTOMATIC_AUDITOR;

/// File extensions read from a directory.
const EXTENSIONS: &[&str] = &["vtt", "srt", "json", "txt", "log"];

/// Refuse transcripts larger than this: a call's transcript is kilobytes.
const MAX_TRANSCRIPT: u64 = 64 * 1024 * 1024;

/// One transcript read and judged.
pub struct Judged {
    /// The file as named.
    pub file: String,
    /// The SHA-256 of its bytes.
    pub sha256: Digest,
    /// The format it was read as.
    pub format: Format,
    /// What the reader warned about.
    pub warnings: Vec<Warning>,
    /// The transcript.
    pub transcript: Transcript,
    /// Every checked criterion's verdict, with the words behind it.
    pub outcomes: Vec<Checked>,
}

/// The checker of a rubric read from `path`, which must have checks.
pub fn checker_for<'r>(rubric: &'r Rubric, path: &Path) -> Result<Checker<'r>> {
    let checker = Checker::new(rubric);
    if checker.is_empty() {
        crate::refuse!("check-no-checks", file = path.display().to_string(), rubric = &rubric.id);
    }
    Ok(checker)
}

/// The criterion `--explain` names, which must have a check.
pub fn explained<'r>(rubric: &'r Rubric, id: &str) -> Result<&'r Check> {
    let checked: Vec<&str> = rubric
        .criteria
        .iter()
        .filter(|criterion| criterion.check.is_some())
        .map(|criterion| criterion.id.as_str())
        .collect();
    match rubric.criterion(id) {
        Some(criterion) => criterion.check.as_ref().with_context(|| {
            msg!("check-explain-unchecked", criterion = id, checked = checked.join(", "))
        }),
        None => {
            let ids: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
            let (count, close) = crate::names::close_list(id, &ids);
            if count > 0 {
                crate::refuse!(
                    "check-explain-unknown-close",
                    rubric = &rubric.id,
                    criterion = id,
                    close = close
                );
            }
            crate::refuse!(
                "check-explain-unknown",
                rubric = &rubric.id,
                criterion = id,
                checked = checked.join(", ")
            )
        }
    }
}

/// `--profile field=value` pairs, checked against the rubric.
pub fn profile_args(pairs: &[String], rubric: &Rubric) -> Result<Profile> {
    let mut profile = Profile::new();
    for pair in pairs {
        let (field, value) =
            pair.split_once('=').with_context(|| msg!("check-profile-not-pair", pair = pair))?;
        profile.insert(field.trim().to_string(), ProfileValue::parse(value.trim()));
    }
    if let Err(errors) = rubric.check_profile(&profile) {
        let problems = crate::error::joined(errors.iter().map(|error| error.message()));
        crate::refuse!("check-profile-misfit", problems = problems);
    }
    Ok(profile)
}

/// `--start`: when the call began, with its offset, or as a Finn writes
/// it (`17.2.2026 klo 9.30`, `17.2.2026 9:30`), in Finnish time.
pub fn start_arg(start: Option<&str>) -> Result<Option<jiff::Zoned>> {
    start
        .map(|text| {
            if let Some(zoned) = tarkka_check::zoned(text) {
                return Ok(zoned);
            }
            let zone =
                crate::local_time::zone(crate::local_time::DEFAULT_ZONE).map_err(Error::text)?;
            // The reader's own reason, as `--time` gives it: the forms it
            // takes, or a time the clocks skip (29.3.2026 3.30) or pass twice.
            let rfc = crate::local_time::parse(text, &zone, crate::local_time::DEFAULT_ZONE)
                .map_err(|message| Error::text(message).context("--start"))?;
            tarkka_check::zoned(&rfc).with_context(|| msg!("check-start-bad", text = text))
        })
        .transpose()
}

/// The standard speaker names, with `NAME=ROLE` pairs added.
pub fn speaker_map(pairs: &[String]) -> Result<SpeakerMap> {
    let mut speakers = SpeakerMap::standard();
    for pair in pairs {
        let (name, role) =
            pair.split_once('=').with_context(|| msg!("check-speaker-not-pair", pair = pair))?;
        let role = Role::read(role)
            .map_err(|why| Error::text(msg!("check-speaker-role", pair = pair, why = why)))?;
        speakers.insert(name, role);
    }
    Ok(speakers)
}

/// The files named, directories expanded to their transcripts (sorted, not
/// recursive).
pub fn transcript_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if paths.is_empty() {
        crate::refuse!("check-no-paths");
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            let unreadable_dir = || msg!("file-unreadable", file = path.display().to_string());
            for entry in std::fs::read_dir(path).with_context(unreadable_dir)? {
                let entry = entry.with_context(unreadable_dir)?;
                let file = entry.path();
                let known = file.extension().and_then(|extension| extension.to_str()).is_some_and(
                    |extension| EXTENSIONS.contains(&extension.to_lowercase().as_str()),
                );
                if known && file.is_file() {
                    found.push(file);
                }
            }
            if found.is_empty() {
                crate::refuse!(
                    "check-dir-empty",
                    dir = path.display().to_string(),
                    extensions = EXTENSIONS.join(", .")
                );
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// A transcript's bytes; the error names the file.
pub fn read_file(file: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(file).map_err(|error| unreadable(file, error))?.len();
    if size > MAX_TRANSCRIPT {
        crate::refuse!(
            "check-transcript-too-large",
            file = file.display().to_string(),
            size = size,
            limit = MAX_TRANSCRIPT
        );
    }
    std::fs::read(file).map_err(|error| unreadable(file, error))
}

/// A transcript that could not be read, at its file, line and column, in
/// the reader's language.
fn read_error(name: &str, error: &ReadError) -> Error {
    Error::text(msg!(
        "transcript-at",
        file = name,
        place = place(error),
        problem = error.message.clone()
    ))
}

/// `line:column`, or `line` when the column is not known.
fn place(error: &ReadError) -> String {
    match error.column {
        Some(column) => format!("{}:{column}", error.line),
        None => error.line.to_string(),
    }
}

/// Reads one transcript and judges it.
pub fn judge(
    checker: &Checker<'_>,
    file: &Path,
    bytes: &[u8],
    speakers: &SpeakerMap,
    encounter: &Encounter,
) -> Result<Judged> {
    let name = file.display().to_string();
    let format = read::detect(&name, bytes);
    let (transcript, warnings) =
        read::read(format, bytes, speakers).map_err(|error| read_error(&name, &error))?;
    let outcomes = checker.check(&transcript, encounter);
    Ok(Judged { file: name, sha256: Digest::of(bytes), format, warnings, transcript, outcomes })
}

/// Pass, fail, not applicable and undetermined verdicts among the outcomes.
pub fn counts(outcomes: &[Checked]) -> [usize; 4] {
    let mut counts = [0; 4];
    for outcome in outcomes {
        counts[match outcome.verdict {
            Verdict::Pass => 0,
            Verdict::Fail => 1,
            Verdict::NotApplicable => 2,
            Verdict::Undetermined => 3,
        }] += 1;
    }
    counts
}

// --- Recording ------------------------------------------------------------------

/// One encounter's transcript about to be judged and recorded.
struct Target {
    encounter: String,
    /// What the ledger will say about the transcript: already attached, or
    /// attached by this run.
    evidence: Digest,
    attach: Option<(EvidenceAttached, Prepared)>,
    bytes: Vec<u8>,
    name: String,
}

/// `tarkka check --record`: which transcripts to judge and record.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// Transcript files; none for every attached transcript not yet checked
    /// with the current rules.
    pub paths: Vec<PathBuf>,
    /// The encounter of the one file given, attaching it when it is new.
    pub encounter: Option<String>,
    /// A version of each encounter's rubric with other checks (it must score
    /// the same).
    pub rubric: Option<PathBuf>,
    /// Speaker names as `NAME=ROLE`.
    pub speakers: Vec<String>,
    /// Redact personal data from a new transcript before storing it.
    pub redact: bool,
}

/// One transcript recorded.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The encounter.
    pub encounter: String,
    /// The transcript as named.
    pub name: String,
    /// Pass, fail, not applicable, undetermined.
    pub counts: [usize; 4],
}

/// Judges the transcripts the request names (or every one not yet checked)
/// and records an automatic scoresheet for each, all or nothing.
pub fn record(writer: &Writer, args: &Record) -> Result<Vec<Recorded>> {
    let Writer { workspace, actor, now, .. } = writer;
    let state = LedgerState::replay(&workspace.ledger())?;
    let speakers = speaker_map(&args.speakers)?;
    let override_rubric = args.rubric.as_ref().map(|path| rubrics::load(path)).transpose()?;

    // Which transcripts.
    let mut targets = Vec::new();
    match (&args.encounter, args.paths.as_slice()) {
        (Some(id), [file]) => {
            let encounter = crate::encounter::known(&state, id)?;
            let bytes = read_file(file)?;
            let original = Digest::of(&bytes);
            let name = file.display().to_string();
            let (stored_bytes, original_sha256) = if args.redact {
                let text = String::from_utf8(bytes.clone())
                    .map_err(|_| Error::text(msg!("check-redact-not-utf8", file = &name)))?;
                let redacted = tarkka_transcript::redact::redact(&text);
                (redacted.text.into_bytes(), Some(original))
            } else {
                (bytes, None)
            };
            let digest = Digest::of(&stored_bytes);
            if let Some(existing) = encounter.evidence.iter().find(|e| e.payload.sha256 == digest) {
                targets.push(Target {
                    encounter: id.clone(),
                    evidence: existing.payload.sha256,
                    attach: None,
                    bytes: stored_bytes,
                    name,
                });
            } else {
                let prepared = prepare_copy(workspace, file, &stored_bytes, args.redact)?;
                let mut attached = prepared.attached(id, "transcript");
                attached.original_sha256 = original_sha256;
                targets.push(Target {
                    encounter: id.clone(),
                    evidence: digest,
                    attach: Some((attached, prepared)),
                    bytes: stored_bytes,
                    name,
                });
            }
        }
        (Some(_), files) => {
            crate::refuse!("check-encounter-one-file", count = files.len())
        }
        (None, []) => {
            for encounter in state.encounters.values() {
                let Some(transcript) =
                    encounter.evidence.iter().rev().find(|e| e.payload.kind == "transcript")
                else {
                    continue;
                };
                let rubric = rubric_for(&state, encounter, override_rubric.as_ref())?;
                let Some(rules) = rubric.rules_fingerprint().map(ToString::to_string) else {
                    continue;
                };
                let done = encounter.scoresheets.iter().any(|sheet| {
                    sheet.payload.source == Source::Automatic
                        && sheet.payload.rules_fingerprint.as_deref() == Some(rules.as_str())
                        && sheet.payload.evidence.contains(&transcript.payload.sha256)
                });
                if done {
                    continue;
                }
                let bytes = evidence_bytes(workspace, &transcript.payload)?;
                targets.push(Target {
                    encounter: encounter.logged.payload.encounter.clone(),
                    evidence: transcript.payload.sha256,
                    attach: None,
                    bytes,
                    name: transcript.payload.name.clone(),
                });
            }
            if targets.is_empty() {
                return Ok(Vec::new());
            }
        }
        (None, files) => {
            for file in files {
                let bytes = read_file(file)?;
                let digest = Digest::of(&bytes);
                let owner = state.encounters.values().find(|encounter| {
                    encounter.evidence.iter().any(|e| {
                        e.payload.sha256 == digest || e.payload.original_sha256 == Some(digest)
                    })
                });
                let Some(owner) = owner else {
                    crate::refuse!(
                        "check-not-attached",
                        file = file.display().to_string(),
                        sha256 = digest.to_string()
                    );
                };
                let attached = owner
                    .evidence
                    .iter()
                    .find(|e| {
                        e.payload.sha256 == digest || e.payload.original_sha256 == Some(digest)
                    })
                    .expect("found above");
                // A redacted copy is what was stored; check that.
                let bytes = if attached.payload.sha256 == digest {
                    bytes
                } else {
                    evidence_bytes(workspace, &attached.payload)?
                };
                targets.push(Target {
                    encounter: owner.logged.payload.encounter.clone(),
                    evidence: attached.payload.sha256,
                    attach: None,
                    bytes,
                    name: file.display().to_string(),
                });
            }
        }
    }

    // Judge them all before anything is written.
    let result = judge_targets(&state, &targets, override_rubric.as_ref(), &speakers);
    let sheets = match result {
        Ok(sheets) => sheets,
        Err(error) => {
            evidence::take_back(
                workspace,
                targets.iter().filter_map(|t| t.attach.as_ref().map(|(_, p)| p)),
            );
            return Err(error);
        }
    };
    let mut entries_of = Vec::new();
    for (target, (sheet, _)) in targets.iter().zip(&sheets) {
        if let Some((attached, _)) = &target.attach {
            entries_of.push(NewEntry::new(*now, actor, attached));
        }
        entries_of.push(NewEntry::new(*now, actor, sheet));
    }
    let ids: Vec<String> = targets.iter().map(|t| t.encounter.clone()).collect();
    let appended = writer.append_with(|_, locked| {
        let state = LedgerState::replay_without_scores(locked)?;
        if let Some(missing) = ids.iter().find(|id| !state.encounters.contains_key(*id)) {
            crate::refuse!("encounter-unknown", id = missing, count = 0, close = "");
        }
        Ok::<_, Error>(entries_of.clone())
    });
    if let Err(error) = appended {
        evidence::take_back(
            workspace,
            targets.iter().filter_map(|t| t.attach.as_ref().map(|(_, p)| p)),
        );
        return Err(error);
    }
    Ok(targets
        .iter()
        .zip(&sheets)
        .map(|(target, (_, counts))| Recorded {
            encounter: target.encounter.clone(),
            name: target.name.clone(),
            counts: *counts,
        })
        .collect())
}

/// Stores a transcript's (possibly redacted) bytes in the evidence store.
fn prepare_copy(
    workspace: &tarkka_ledger::Workspace,
    file: &Path,
    bytes: &[u8],
    redacted: bool,
) -> Result<Prepared> {
    if !redacted {
        return evidence::prepare(workspace, file, false, &NoProgress);
    }
    // The redacted text goes through a file of its own next to the store,
    // named like the original so that its media type is the same.
    let name =
        file.file_name().context(msg!("check-no-file-name", file = file.display().to_string()))?;
    let staging = workspace.incoming_dir().join(format!("redacted-{}", std::process::id()));
    std::fs::create_dir_all(&staging)?;
    let copy = staging.join(name);
    std::fs::write(&copy, bytes)
        .with_context(|| msg!("file-unwritable", file = copy.display().to_string()))?;
    let prepared = evidence::prepare(workspace, &copy, false, &NoProgress);
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_dir(&staging);
    prepared
}

/// A stored transcript's bytes, hashed before they are trusted.
pub(crate) fn evidence_bytes(
    workspace: &tarkka_ledger::Workspace,
    evidence: &EvidenceAttached,
) -> Result<Vec<u8>> {
    let file = evidence.location.clone();
    let unreadable =
        || msg!("check-stored-unreadable", encounter = &evidence.encounter, file = &file);
    let mut reader = workspace.open_evidence(&evidence.location).map_err(|why| match why {
        tarkka_ledger::Unreadable::Unsafe(reason) => Error::input(reason),
        tarkka_ledger::Unreadable::Missing => Error::text(unreadable()),
        tarkka_ledger::Unreadable::Io(reason) => Error::text(unreadable()).context(reason),
    })?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut bytes).with_context(unreadable)?;
    if Digest::of(&bytes) != evidence.sha256 {
        crate::refuse!("check-stored-changed", encounter = &evidence.encounter, file = &file);
    }
    Ok(bytes)
}

/// The rubric an encounter is checked with: `--rubric` if given (it must
/// score the same as the encounter's), else the encounter's registered one.
pub(crate) fn rubric_for(
    state: &LedgerState,
    encounter: &EncounterState,
    override_rubric: Option<&(Rubric, String)>,
) -> Result<Rubric> {
    let logged = &encounter.logged.payload;
    match override_rubric {
        Some((rubric, _)) if rubric.id == logged.rubric => {
            if rubric.fingerprint().to_string() != logged.fingerprint {
                crate::refuse!(
                    "check-rubric-scores-differently",
                    rubric = &rubric.id,
                    encounter = &logged.encounter,
                    given = rubric.fingerprint().to_string(),
                    logged = &logged.fingerprint
                );
            }
            Ok(rubric.clone())
        }
        _ => rubrics::of_encounter(state, encounter),
    }
}

/// Judges every target and builds its scoresheet, or says what is wrong
/// with the first that cannot be.
fn judge_targets(
    state: &LedgerState,
    targets: &[Target],
    override_rubric: Option<&(Rubric, String)>,
    speakers: &SpeakerMap,
) -> Result<Vec<(ScoresheetRecorded, [usize; 4])>> {
    let mut sheets = Vec::new();
    for target in targets {
        let encounter = crate::encounter::known(state, &target.encounter)?;
        let logged = &encounter.logged.payload;
        let rubric = rubric_for(state, encounter, override_rubric)?;
        let checker = Checker::new(&rubric);
        if checker.is_empty() {
            crate::refuse!(
                "check-encounter-no-checks",
                encounter = &target.encounter,
                rubric = &rubric.id
            );
        }
        let (_, profile, outcomes) =
            judge_encounter(&checker, logged, &target.name, &target.bytes, speakers)?;
        let answers = answers_of(&outcomes);
        let result =
            tarkka_scoring::score_automatic(&rubric, &profile, &answers).map_err(|error| {
                let why = match error.problems() {
                    [] => error.text(),
                    problems => crate::error::joined(problems.iter().map(|p| p.text())),
                };
                Error::text(msg!("check-cannot-score", encounter = &target.encounter, why = why))
            })?;
        let promises = outcomes
            .iter()
            .flat_map(|outcome| {
                outcome.promises.iter().map(|promise| PromiseFound {
                    criterion: outcome.criterion.clone(),
                    turn: promise.hit.turn,
                    words: promise.hit.matched.clone(),
                    time: promise.time.clone(),
                    deadline: promise.deadline.as_ref().map(|deadline| deadline.at.clone()),
                })
            })
            .collect();
        let sheet = facts::automatic_scoresheet(
            &target.encounter,
            &rubric,
            target.evidence,
            &answers,
            &result,
            promises,
        );
        sheets.push((sheet, counts(&outcomes)));
    }
    Ok(sheets)
}

/// Reads an encounter's transcript and judges it with the encounter's own
/// profile and start time: the transcript, the profile and the outcomes.
pub(crate) fn judge_encounter(
    checker: &Checker<'_>,
    logged: &tarkka_ledger::payload::EncounterLogged,
    name: &str,
    bytes: &[u8],
    speakers: &SpeakerMap,
) -> Result<(Transcript, Profile, Vec<Checked>)> {
    let profile = rubrics::profile_of(logged)?;
    let start = tarkka_check::zoned(&logged.time);
    let format = read::detect(name, bytes);
    let (transcript, _) = read::read(format, bytes, speakers).map_err(|error| {
        Error::text(msg!(
            "transcript-at-encounter",
            file = name,
            encounter = &logged.encounter,
            place = place(&error),
            problem = error.message.clone()
        ))
    })?;
    let outcomes = checker.check(&transcript, &Encounter { profile: profile.clone(), start });
    Ok((transcript, profile, outcomes))
}

/// Pass is yes and fail is no, each with the words behind it; N/A where
/// the words show the criterion was not needed (`na_if`), with those words.
/// A criterion whose condition excludes the customer, or that cannot be
/// judged, is left unanswered.
pub fn answers_of(outcomes: &[Checked]) -> Answers {
    let mut answers = Answers::new();
    for outcome in outcomes {
        let value = match (outcome.verdict, &outcome.reason) {
            (Verdict::Pass, _) => AnswerValue::Yes,
            (Verdict::Fail, _) => AnswerValue::No,
            (Verdict::NotApplicable, Reason::NotNeeded { .. }) => AnswerValue::NotApplicable,
            (Verdict::NotApplicable | Verdict::Undetermined, _) => continue,
        };
        let comment = match (outcome.hits.first(), outcome.near_misses.first()) {
            // A word model's fail names the words that weighed most.
            (Some(_), _) if matches!(outcome.reason, Reason::Model { .. }) => {
                let words: Vec<String> = outcome
                    .hits
                    .iter()
                    .take(3)
                    .map(|hit| format!("turn {} “{}”", hit.turn + 1, hit.matched))
                    .collect();
                format!("automatic: word model, {}", words.join(", "))
            }
            (Some(hit), _) if value == AnswerValue::NotApplicable => {
                format!("automatic: not needed, turn {} “{}”", hit.turn + 1, hit.matched)
            }
            (Some(hit), _) => format!("automatic: turn {} “{}”", hit.turn + 1, hit.matched),
            (None, Some(miss)) => format!(
                "automatic: not found; near miss turn {} “{}”",
                miss.hit.turn + 1,
                miss.hit.matched
            ),
            (None, None) => "automatic: not found".to_string(),
        };
        answers.insert(outcome.criterion.clone(), Answer::new(value).with_comment(comment));
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(turn: usize, matched: &str) -> tarkka_check::Hit {
        tarkka_check::Hit {
            turn,
            line: turn + 1,
            start: None,
            speaker: tarkka_transcript::Speaker::Agent,
            span: 0..matched.len(),
            matched: matched.to_string(),
            phrase: matched.to_lowercase(),
            set: None,
            language: None,
            weight: Some(200),
            with: None,
        }
    }

    #[test]
    fn a_word_models_fail_is_answered_no_with_the_words_that_weighed_most() {
        let outcome = Checked {
            criterion: "ownership.no-blame".into(),
            verdict: Verdict::Fail,
            reason: Reason::Model { score: 663, threshold: 125 },
            hits: vec![hit(2, "Honestly"), hit(2, "from here"), hit(4, "Okay"), hit(4, "today")],
            near_misses: Vec::new(),
            promises: Vec::new(),
            model: None,
        };
        let answers = answers_of(&[outcome]);
        let answer = &answers["ownership.no-blame"];
        assert_eq!(answer.value, AnswerValue::No);
        assert_eq!(
            answer.comment.as_deref(),
            Some("automatic: word model, turn 3 “Honestly”, turn 3 “from here”, turn 5 “Okay”")
        );
    }
}

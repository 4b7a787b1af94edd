//! Scoring: answers files read and scored against a rubric, a logged
//! encounter's scoresheet recorded, an answer amended.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tarkka_check::{Checker, Outcome as Checked};
use tarkka_ledger::payload::{
    Assisted, Decision, ScoreAmended, ScoresheetRecorded, Source, Suggestion,
};
use tarkka_ledger::{Appended, Digest, EncounterState, LedgerState, NewEntry, Workspace};
use tarkka_rubric::{Diagnostic, Fraction, Profile, ProfileValue, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Answers, ScoreResult};
use toml::Spanned;

use crate::error::{Context as _, Error, Place, Problem, Result};
use crate::{Writer, chain, facts, rubrics};

/// The answers file format version this tarkka reads.
pub const ANSWERS_FORMAT: u32 = 1;

/// An answers file: one encounter's customer profile and answers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    format: Spanned<u32>,
    #[serde(default)]
    encounter: Option<String>,
    #[serde(default)]
    rubric: Option<Spanned<String>>,
    #[serde(default)]
    profile: Option<Spanned<BTreeMap<String, ProfileValue>>>,
    answers: Spanned<BTreeMap<Spanned<String>, Spanned<Entry>>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entry {
    Plain(Scalar),
    Full {
        answer: Scalar,
        #[serde(default)]
        comment: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Bool(true) => "yes".to_string(),
            Scalar::Bool(false) => "no".to_string(),
            Scalar::Integer(n) => n.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::Text(text) => text.clone(),
        }
    }
}

/// One scored set of answers.
#[derive(Debug)]
pub struct Scored {
    /// The answers file (`-` when typed in).
    pub file: String,
    /// The encounter the answers are for, when known.
    pub encounter: Option<String>,
    /// The answers.
    pub answers: Answers,
    /// What they score.
    pub result: ScoreResult,
}

/// `tarkka score --rubric FILE --answers FILE...`: scores answers files;
/// records nothing. An error holds every problem of every file.
pub fn files(rubric: &Path, answers: &[PathBuf]) -> Result<(Rubric, Vec<Scored>)> {
    let (rubric, _) = rubrics::load(rubric)?;
    let mut scored = Vec::new();
    let mut failures = Vec::new();
    let mut problems = Vec::new();
    for path in answers {
        match file(&rubric, path, None) {
            Ok(one) => scored.push(one),
            Err(error) => {
                problems.extend_from_slice(error.problems());
                failures.push(error);
            }
        }
    }
    if !failures.is_empty() {
        return Err(cannot_score(failures).with_problems(problems));
    }
    Ok((rubric, scored))
}

/// A logged encounter about to be scored: the ledger without the scores,
/// the encounter's rubric and profile.
pub struct Target {
    /// The ledger, replayed without scoresheets.
    pub state: LedgerState,
    /// The encounter id.
    pub id: String,
    /// The rubric it was logged with.
    pub rubric: Rubric,
    /// Its customer profile.
    pub profile: Profile,
}

impl Target {
    /// The encounter as the ledger knows it.
    pub fn encounter(&self) -> &EncounterState {
        &self.state.encounters[&self.id]
    }
}

/// Refuses an auditor whose name is new but only case, spacing or dashes
/// from an auditor the ledger's encounters name (`Aino` beside `aino`):
/// the scoresheet would count as another auditor's in every agreement
/// figure for good. Only that ([`crate::names::Slip::Folding`]): an
/// auditor who only scores is named by no logged encounter, and `sari`
/// beside `sara` may be another person. `tarkka score --new-name` says it
/// is new.
pub fn check_auditor(workspace: &Workspace, target: &Target, auditor: &str) -> Result<()> {
    let given = crate::names::Given { location: "", agent: "", auditor };
    let slip = crate::names::Slip::Folding;
    let ledger = workspace.ledger_cached();
    let label = |_| "--actor".to_string();
    let typos = crate::names::Known::slips(&target.state, &ledger, &[given], slip, label)?;
    if !typos.is_empty() {
        let problems = crate::error::joined(typos.into_iter().map(|(_, _, message)| message));
        crate::refuse!("name-typo", problems = problems, flag = "--new-name");
    }
    Ok(())
}

/// The encounter to score, with its rubric and profile.
pub fn target(workspace: &Workspace, id: &str) -> Result<Target> {
    let state = LedgerState::replay_without_scores(&workspace.ledger_cached())?;
    let encounter = crate::encounter::known(&state, id)?;
    let rubric = rubrics::of_encounter(&state, encounter)?;
    let profile = rubrics::profile_of(&encounter.logged.payload)?;
    Ok(Target { state, id: id.to_string(), rubric, profile })
}

/// The automatic checks' verdicts on a target's transcript, offered to an
/// auditor as suggestions (`tarkka score --suggest`).
pub struct Suggestions {
    /// The transcript the checks read.
    pub transcript: tarkka_transcript::Transcript,
    /// Its file name, as attached.
    pub name: String,
    /// Its SHA-256, as the ledger has it.
    pub digest: Digest,
    /// The fingerprint of the checks and phrase sets.
    pub rules_fingerprint: String,
    /// Every check's outcome, in rubric order.
    pub outcomes: Vec<Checked>,
    /// The answers the outcomes suggest (pass yes, fail no, N/A from the
    /// words), each with a comment naming the turn and words; a criterion
    /// the checks cannot judge has none.
    pub answers: Answers,
}

impl Suggestions {
    /// The check's outcome for a criterion, when it has a check.
    pub fn outcome(&self, criterion: &str) -> Option<&Checked> {
        self.outcomes.iter().find(|outcome| outcome.criterion == criterion)
    }

    /// The suggested answer for a criterion, when the checks reached one.
    pub fn answer(&self, criterion: &str) -> Option<&Answer> {
        self.answers.get(criterion)
    }

    /// What the auditor did with each suggestion, given their answers: an
    /// answer that is the suggestion is accepted, any other overrides it.
    pub fn review(&self, answers: &Answers) -> Assisted {
        let suggestions = self
            .outcomes
            .iter()
            .filter_map(|outcome| {
                let suggested = self.answers.get(&outcome.criterion)?;
                let given = answers.get(&outcome.criterion)?;
                let hit = outcome.hits.first();
                Some(Suggestion {
                    criterion: outcome.criterion.clone(),
                    suggested: suggested.value.to_string(),
                    turn: hit.map(|hit| hit.turn),
                    words: hit.map(|hit| hit.matched.clone()),
                    decision: if given.value == suggested.value {
                        Decision::Accepted
                    } else {
                        Decision::Overridden
                    },
                })
            })
            .collect();
        Assisted {
            rules_fingerprint: self.rules_fingerprint.clone(),
            transcript: self.digest,
            suggestions,
        }
    }
}

/// The automatic checks' verdicts on the target's latest transcript, read
/// from the evidence store and hashed before they are trusted.
pub fn suggestions(
    workspace: &Workspace,
    target: &Target,
    speakers: &[String],
) -> Result<Suggestions> {
    let encounter = target.encounter();
    let Some(rules_fingerprint) = target.rubric.rules_fingerprint() else {
        crate::refuse!("suggest-no-checks", id = &target.id, rubric = &target.rubric.id);
    };
    let Some(attached) = encounter.evidence.iter().rev().find(|e| e.payload.kind == "transcript")
    else {
        crate::refuse!("suggest-no-transcript", id = &target.id);
    };
    let speakers = crate::check::speaker_map(speakers)?;
    let bytes = crate::check::evidence_bytes(workspace, &attached.payload)?;
    let checker = Checker::new(&target.rubric);
    let (transcript, _, outcomes) = crate::check::judge_encounter(
        &checker,
        &encounter.logged.payload,
        &attached.payload.name,
        &bytes,
        &speakers,
    )?;
    let answers = crate::check::answers_of(&outcomes);
    Ok(Suggestions {
        transcript,
        name: attached.payload.name.clone(),
        digest: attached.payload.sha256,
        rules_fingerprint: rules_fingerprint.to_string(),
        outcomes,
        answers,
    })
}

/// "cannot score:" and every failure under it, in the reader's language.
fn cannot_score(failures: Vec<Error>) -> Error {
    Error::rendered(move |lang| {
        let shown: String = failures.iter().map(|failure| failure.render(lang)).collect();
        let heading = tarkka_i18n::render(lang, &tarkka_i18n::msg!("score-cannot"));
        format!("{heading}:\n\n{}", shown.trim_end())
    })
}

/// Scores answers given some other way (typed in) for the target.
pub fn answers(target: &Target, answers: Answers) -> Result<Scored> {
    let result =
        tarkka_scoring::score(&target.rubric, &target.profile, &answers).map_err(|error| {
            let problems = error.problems().iter().map(|problem| problem.text());
            let why = match error.problems() {
                [] => error.text(),
                _ => crate::error::joined(problems),
            };
            Error::text(tarkka_i18n::msg!(
                "because",
                what = tarkka_i18n::msg!("score-cannot"),
                why = why
            ))
        })?;
    Ok(Scored { file: "-".to_string(), encounter: Some(target.id.clone()), answers, result })
}

/// Reads and scores the target's answers file.
pub fn target_file(target: &Target, path: &Path) -> Result<Scored> {
    let mut one = file(&target.rubric, path, Some(&target.profile)).map_err(|error| {
        let problems = error.problems().to_vec();
        cannot_score(vec![error]).with_problems(problems)
    })?;
    one.encounter = Some(target.id.clone());
    Ok(one)
}

/// The evidence kinds the scored answers require that the target lacks,
/// each with the criteria that require it.
pub fn lacking(target: &Target, scored: &Scored) -> Vec<(String, Vec<String>)> {
    let required = facts::required_evidence(&target.rubric, &scored.result);
    let attached: BTreeSet<&str> =
        target.encounter().evidence.iter().map(|e| e.payload.kind.as_str()).collect();
    required.into_iter().filter(|(kind, _)| !attached.contains(kind.as_str())).collect()
}

/// The scoresheet of the target's scored answers, once the evidence the
/// answered criteria require is there (or `missing_reason` says why not).
pub fn sheet(
    target: &Target,
    scored: &Scored,
    actor: &str,
    missing_reason: Option<&str>,
) -> Result<ScoresheetRecorded> {
    let fingerprint = target.rubric.fingerprint().to_string();
    facts::human_scoresheet(
        target.encounter(),
        &target.rubric,
        &fingerprint,
        actor,
        &scored.answers,
        &scored.result,
        missing_reason,
    )
    .map_err(|missing| {
        Error::text(tarkka_i18n::msg!(
            "score-evidence-missing",
            encounter = &target.id,
            missing = missing.join("; ")
        ))
    })
}

/// Records a scoresheet of the target's encounter. The ledger is
/// append-only, so an encounter the target's replay found stays logged:
/// under the lock it is enough that the ledger still reaches the entry
/// that logged it (it was not cut back below it), and the ledger is not
/// read a second time while the lock is held. (A ledger replaced by
/// another at least as long would take the scoresheet; `verify` names the
/// encounter it refers to as never logged.)
pub fn record(writer: &Writer, target: &Target, sheet: &ScoresheetRecorded) -> Result<Appended> {
    let Writer { actor, now, .. } = writer;
    let logged = target.encounter().logged.seq;
    let appended = writer.append_with(|first, _| {
        if first <= logged {
            crate::refuse!("encounter-unknown", id = &sheet.encounter, count = 0, close = "");
        }
        Ok(vec![NewEntry::new(*now, actor, sheet)])
    })?;
    Ok(appended[0])
}

/// Reads and scores one answers file; an error is every problem in it,
/// rendered with file, line and column (and each at its place).
///
/// With `encounter_profile` (scoring a logged encounter) the profile is the
/// encounter's, and the file must not give one of its own.
pub fn file(rubric: &Rubric, path: &Path, encounter_profile: Option<&Profile>) -> Result<Scored> {
    let shown = path.display().to_string();
    let source = rubrics::read_text(path).map_err(|error| Error::input(error.message()))?;
    let render = |diagnostics: Vec<Diagnostic>| {
        let problems = diagnostics
            .iter()
            .map(|diagnostic| {
                let (line, column) = diagnostic.line_col(&source);
                Problem {
                    place: Place::File {
                        path: path.to_path_buf(),
                        line: line as u64,
                        column: column as u64,
                    },
                    message: diagnostic.message.clone(),
                }
            })
            .collect();
        let (shown, source) = (shown.clone(), source.clone());
        Error::rendered(move |lang| tarkka_rubric::render(lang, &shown, &source, &diagnostics))
            .with_problems(problems)
    };
    let file: AnswersFile = toml::from_str(&source).map_err(|error| {
        // The parser's own words, in a frame of the reader's language.
        let reason = error.message().lines().next().unwrap_or("").to_string();
        render(vec![Diagnostic::new(
            error.span().unwrap_or(0..0),
            tarkka_i18n::msg!("answers-toml", reason = reason),
        )])
    })?;
    if *file.format.get_ref() != ANSWERS_FORMAT {
        return Err(render(vec![Diagnostic::new(
            file.format.span(),
            tarkka_i18n::msg!(
                "answers-format-newer",
                format = *file.format.get_ref(),
                reads = ANSWERS_FORMAT
            ),
        )]));
    }
    if let Some(named) = &file.rubric
        && named.get_ref() != &rubric.id
    {
        return Err(render(vec![Diagnostic::new(
            named.span(),
            tarkka_i18n::msg!("answers-other-rubric", named = named.get_ref(), rubric = &rubric.id),
        )]));
    }
    let mut diagnostics = Vec::new();
    let mut answers = Answers::new();
    let mut spans: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut unreadable = BTreeSet::new();
    for (id, entry) in file.answers.get_ref() {
        spans.insert(id.get_ref().clone(), id.span());
        let (scalar, comment) = match entry.get_ref() {
            Entry::Plain(scalar) => (scalar, None),
            Entry::Full { answer, comment } => (answer, comment.clone()),
        };
        let Some(criterion) = rubric.criterion(id.get_ref()) else {
            // Scoring names unknown criteria itself; keep the answer so it does.
            answers.insert(
                id.get_ref().clone(),
                Answer { value: AnswerValue::NotApplicable, comment },
            );
            continue;
        };
        match AnswerValue::parse(criterion, &scalar.text()) {
            Ok(value) => {
                answers.insert(id.get_ref().clone(), Answer { value, comment });
            }
            Err(message) => {
                unreadable.insert(id.get_ref().clone());
                diagnostics.push(Diagnostic::new(
                    entry.span(),
                    tarkka_i18n::msg!(
                        "scoring-problem-criterion",
                        criterion = id.get_ref(),
                        message = message
                    ),
                ))
            }
        }
    }
    let profile_span = file.profile.as_ref().map_or(0..0, Spanned::span);
    let profile: Profile = match (encounter_profile, &file.profile) {
        (Some(_), Some(given)) => {
            diagnostics
                .push(Diagnostic::new(given.span(), tarkka_i18n::msg!("answers-profile-given")));
            Profile::new()
        }
        (Some(profile), None) => profile.clone(),
        (None, given) => given.as_ref().map(|p| p.get_ref().clone()).unwrap_or_default(),
    };
    match tarkka_scoring::score(rubric, &profile, &answers) {
        Ok(result) if diagnostics.is_empty() => {
            Ok(Scored { file: shown, encounter: file.encounter, answers, result })
        }
        Ok(_) => Err(render(diagnostics)),
        Err(error) => {
            if error.problems().is_empty() {
                diagnostics.push(Diagnostic::new(0..0, error.text()));
            }
            for problem in error.problems() {
                let span = match &problem.criterion {
                    Some(criterion) => spans.get(criterion).cloned().unwrap_or(file.answers.span()),
                    None => profile_span.clone(),
                };
                // An answer that did not parse was reported above already,
                // and scoring only saw it as missing.
                if !problem.criterion.as_ref().is_some_and(|id| unreadable.contains(id)) {
                    diagnostics.push(Diagnostic::new(span, problem.text()));
                }
            }
            Err(render(diagnostics))
        }
    }
}

/// `tarkka amend`: one answer of a recorded scoresheet to change.
#[derive(Clone, Debug)]
pub struct Amend {
    /// The encounter.
    pub encounter: String,
    /// The criterion.
    pub criterion: String,
    /// The new answer, as typed.
    pub answer: String,
    /// Why it changes.
    pub reason: String,
    /// A comment for the new answer; the old one's is kept when not given.
    pub comment: Option<String>,
    /// The scoresheet (its entry).
    pub sheet: Option<u64>,
    /// Whose scoresheet: this auditor's latest. Without this or `sheet`,
    /// the writer's own, else the only auditor's; with several, an error.
    pub auditor: Option<String>,
}

/// What an amendment changed.
#[derive(Clone, Debug)]
pub struct Amended {
    /// The amendment's entry.
    pub seq: u64,
    /// The entry it amends.
    pub amends: u64,
    /// Whose scoresheet it amends.
    pub auditor: String,
    /// The answer before.
    pub before: Option<AnswerValue>,
    /// The answer after.
    pub after: AnswerValue,
    /// The overall score before.
    pub overall_before: Option<Fraction>,
    /// The overall score after.
    pub overall_after: Option<Fraction>,
}

/// Amends one answer, re-scoring the scoresheet; the original stays.
pub fn amend(writer: &Writer, request: &Amend) -> Result<Amended> {
    let Writer { actor, now, .. } = writer;
    if request.reason.trim().is_empty() {
        crate::refuse!("amend-no-reason");
    }
    let mut amended = None;
    let appended = writer.append_with(|_, locked| {
        let state = LedgerState::replay(locked)?;
        let encounter = state.encounters.get(&request.encounter).with_context(|| {
            tarkka_i18n::msg!("encounter-unknown", id = &request.encounter, count = 0, close = "")
        })?;
        let all = chain::chains(encounter);
        let chain = match request.sheet {
            Some(seq) => all.iter().find(|c| c.sheet.seq == seq).with_context(|| {
                let known: Vec<String> = all
                    .iter()
                    .map(|c| format!("{} ({})", c.sheet.seq, c.sheet.payload.auditor))
                    .collect();
                tarkka_i18n::msg!(
                    "amend-no-sheet",
                    seq = seq,
                    encounter = &request.encounter,
                    sheets = known.join(", ")
                )
            })?,
            None => {
                let whose =
                    |auditor: &str| all.iter().rev().find(|c| c.sheet.payload.auditor == auditor);
                // The auditors with a scoresheet, in the order they scored.
                let mut auditors: Vec<&str> = Vec::new();
                for chain in &all {
                    let auditor = chain.sheet.payload.auditor.as_str();
                    if !auditors.contains(&auditor) {
                        auditors.push(auditor);
                    }
                }
                let humans: Vec<&str> = auditors
                    .iter()
                    .copied()
                    .filter(|a| whose(a).is_some_and(|c| c.sheet.payload.source == Source::Human))
                    .collect();
                match &request.auditor {
                    Some(auditor) => whose(auditor).with_context(|| {
                        tarkka_i18n::msg!(
                            "amend-auditor-none",
                            auditor = auditor,
                            encounter = &request.encounter,
                            auditors = auditors.join(", ")
                        )
                    })?,
                    None => match (whose(actor), humans.as_slice()) {
                        (Some(own), _) => own,
                        (None, [only]) => whose(only).expect("an auditor with a sheet"),
                        (None, []) => crate::refuse!(
                            "amend-no-human-sheet",
                            encounter = &request.encounter,
                            count = auditors.len(),
                            auditors = auditors.join(" / --auditor ")
                        ),
                        (None, several) => crate::refuse!(
                            "amend-whose",
                            id = &request.encounter,
                            auditors = several.join(", "),
                            actor = actor
                        ),
                    },
                }
            }
        };
        let flat = |error: Error| Error::input(error.message());
        let rubric = rubrics::of_encounter(&state, encounter).map_err(flat)?;
        let criterion = rubric
            .criterion(&request.criterion)
            .with_context(|| crate::names::criterion_unknown(&rubric, &request.criterion))?;
        let value = AnswerValue::parse(criterion, &request.answer).map_err(|message| {
            Error::text(tarkka_i18n::msg!(
                "import-answer-bad",
                criterion = &request.criterion,
                message = message
            ))
        })?;
        let mut answers = chain.answers().map_err(flat)?;
        let before = answers.get(&request.criterion).cloned();
        let comment =
            request.comment.clone().or_else(|| before.as_ref().and_then(|b| b.comment.clone()));
        let after = Answer { value, comment };
        if before.as_ref() == Some(&after) {
            crate::refuse!(
                "amend-nothing",
                criterion = &request.criterion,
                answer = answer_words(&after.value)
            );
        }
        answers.insert(request.criterion.clone(), after.clone());
        let profile = rubrics::profile_of(&encounter.logged.payload).map_err(flat)?;
        let result = tarkka_scoring::score(&rubric, &profile, &answers).map_err(|error| {
            let why = match error.problems() {
                [] => error.text(),
                problems => crate::error::joined(problems.iter().map(|problem| problem.text())),
            };
            Error::text(tarkka_i18n::msg!("amend-cannot-score", why = why))
        })?;
        amended = Some(Amended {
            seq: 0,
            amends: chain.last_seq(),
            auditor: chain.sheet.payload.auditor.clone(),
            before: before.as_ref().map(|b| b.value.clone()),
            after: after.value.clone(),
            overall_before: chain::overall_of(chain.result()),
            overall_after: result.overall,
        });
        Ok(vec![NewEntry::new(
            *now,
            actor,
            &ScoreAmended {
                encounter: request.encounter.clone(),
                amends: chain.last_seq(),
                criterion: request.criterion.clone(),
                before: serde_json::value::to_raw_value(&before).expect("answers serialise"),
                after: serde_json::value::to_raw_value(&after).expect("answers serialise"),
                reason: request.reason.clone(),
                result: serde_json::value::to_raw_value(&result).expect("results serialise"),
                dispute: None,
            },
        )])
    })?;
    let mut amended = amended.expect("the amendment was built");
    amended.seq = appended[0].seq;
    Ok(amended)
}

/// An answer as a person reads it: yes and no in their language, other
/// values as they are written.
pub fn answer_words(value: &AnswerValue) -> tarkka_i18n::Arg {
    match value {
        AnswerValue::Yes => tarkka_i18n::Arg::Message(Box::new(tarkka_i18n::msg!("answer-yes"))),
        AnswerValue::No => tarkka_i18n::Arg::Message(Box::new(tarkka_i18n::msg!("answer-no"))),
        other => tarkka_i18n::Arg::Text(other.to_string()),
    }
}

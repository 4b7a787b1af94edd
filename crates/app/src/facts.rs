//! The facts the ledger records, built in one place each with the checks
//! they need: a rubric registered, an encounter logged, a scoresheet
//! recorded (by an auditor or automatically), a score amended.
//!
//! Every command that records one of them — by hand, by import, by the
//! automatic checks — builds it here, so that the same input gives the
//! same entry whichever way it came in.

use std::collections::{BTreeMap, BTreeSet};

use tarkka_ledger::EncounterState;
use tarkka_ledger::payload::{
    EncounterLogged, PromiseFound, RubricRegistered, ScoresheetRecorded, Source,
};
use tarkka_rubric::{Profile, Rubric};
use tarkka_scoring::{Answers, ScoreResult, Status};

/// A rubric registered with its exact text.
pub fn rubric_registered(rubric: &Rubric, fingerprint: &str, text: &str) -> RubricRegistered {
    RubricRegistered {
        rubric: rubric.id.clone(),
        version: rubric.version.clone(),
        fingerprint: fingerprint.to_string(),
        text: text.to_string(),
    }
}

/// The channel an encounter is logged on: the rubric's, when none is
/// given; a given one must be the rubric's. The error says what is wrong
/// after the caller names the value (`does not fit rubric …`).
pub fn channel(rubric: &Rubric, given: Option<&str>) -> Result<String, tarkka_i18n::Message> {
    match given {
        None | Some("") => Ok(rubric.channel.name().to_string()),
        Some(given) if given == rubric.channel.name() => Ok(given.to_string()),
        Some(_) => Err(tarkka_i18n::msg!(
            "channel-misfit",
            rubric = &rubric.id,
            channel = rubric.channel.name()
        )),
    }
}

/// What is said of an encounter when it is logged.
pub struct Logged<'a> {
    /// Its id.
    pub encounter: &'a str,
    /// Its channel (see [`channel`]).
    pub channel: String,
    /// When it happened, RFC 3339 with the local offset.
    pub time: &'a str,
    /// Where.
    pub location: &'a str,
    /// Who served the customer.
    pub agent: &'a str,
    /// Who audits it.
    pub auditor: &'a str,
    /// The case it belongs to.
    pub case: Option<String>,
    /// The customer profile, checked against the rubric by the caller.
    pub profile: &'a Profile,
    /// The scenario played.
    pub scenario: Option<String>,
}

/// An encounter logged with a rubric.
pub fn encounter_logged(logged: Logged<'_>, rubric: &Rubric, fingerprint: &str) -> EncounterLogged {
    EncounterLogged {
        encounter: logged.encounter.to_string(),
        channel: logged.channel,
        time: logged.time.to_string(),
        location: logged.location.to_string(),
        agent: logged.agent.to_string(),
        auditor: logged.auditor.to_string(),
        case: logged.case,
        profile: logged
            .profile
            .iter()
            .map(|(field, value)| {
                (field.clone(), serde_json::to_value(value).expect("profile values serialise"))
            })
            .collect(),
        scenario: logged.scenario,
        rubric: rubric.id.clone(),
        fingerprint: fingerprint.to_string(),
    }
}

/// An auditor's scoresheet of a logged encounter. It relies on all of the
/// encounter's evidence; the evidence kinds the answered criteria require
/// must be there, unless `missing_reason` says why not. The error lists
/// the missing kinds, each as `kind (criterion, ...)`.
pub fn human_scoresheet(
    encounter: &EncounterState,
    rubric: &Rubric,
    fingerprint: &str,
    auditor: &str,
    answers: &Answers,
    result: &ScoreResult,
    missing_reason: Option<&str>,
) -> Result<ScoresheetRecorded, Vec<String>> {
    let (required, missing) = evidence_check(rubric, result, encounter);
    if !missing.is_empty() && missing_reason.is_none() {
        return Err(missing);
    }
    let mut sheet = scoresheet(
        &encounter.logged.payload.encounter,
        Source::Human,
        auditor,
        rubric,
        fingerprint,
        answers,
        result,
    );
    sheet.evidence = encounter.evidence.iter().map(|e| e.payload.sha256).collect();
    sheet.required_evidence = required.into_keys().collect();
    if !missing.is_empty() {
        sheet.missing_evidence_reason = missing_reason.map(str::to_string);
    }
    Ok(sheet)
}

/// The auditor name automatic scoresheets are recorded under.
pub const AUTOMATIC_AUDITOR: &str = "tarkka-check";

/// An automatic scoresheet: the checks' answers and partial result, relying
/// on the transcript they read, with the promises found in it.
pub fn automatic_scoresheet(
    encounter: &str,
    rubric: &Rubric,
    transcript: tarkka_ledger::Digest,
    answers: &Answers,
    result: &ScoreResult,
    promises: Vec<PromiseFound>,
) -> ScoresheetRecorded {
    let fingerprint = rubric.fingerprint().to_string();
    let mut sheet = scoresheet(
        encounter,
        Source::Automatic,
        AUTOMATIC_AUDITOR,
        rubric,
        &fingerprint,
        answers,
        result,
    );
    sheet.evidence = vec![transcript];
    sheet.rules_fingerprint = rubric.rules_fingerprint().map(ToString::to_string);
    sheet.promises = promises;
    sheet
}

/// What every scoresheet says: whose, by whom, against which rubric, the
/// answers and what they score; the rest is filled in by its kind.
fn scoresheet(
    encounter: &str,
    source: Source,
    auditor: &str,
    rubric: &Rubric,
    fingerprint: &str,
    answers: &Answers,
    result: &ScoreResult,
) -> ScoresheetRecorded {
    ScoresheetRecorded {
        encounter: encounter.to_string(),
        source,
        auditor: auditor.to_string(),
        rubric: rubric.id.clone(),
        fingerprint: fingerprint.to_string(),
        answers: serde_json::value::to_raw_value(answers).expect("answers serialise"),
        evidence: Vec::new(),
        required_evidence: Vec::new(),
        missing_evidence_reason: None,
        result: serde_json::value::to_raw_value(result).expect("results serialise"),
        rules_fingerprint: None,
        promises: Vec::new(),
        assisted: None,
    }
}

/// The evidence kinds the result's answered criteria require, and those
/// the encounter lacks, each as `kind (criterion, ...)` (no words: it goes
/// into a message in either language).
pub fn evidence_check(
    rubric: &Rubric,
    result: &ScoreResult,
    encounter: &EncounterState,
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let required = required_evidence(rubric, result);
    let attached: BTreeSet<&str> =
        encounter.evidence.iter().map(|e| e.payload.kind.as_str()).collect();
    let missing = required
        .iter()
        .filter(|(kind, _)| !attached.contains(kind.as_str()))
        .map(|(kind, criteria)| format!("{kind} ({})", criteria.join(", ")))
        .collect();
    (required, missing)
}

/// The evidence kinds the rubric requires for the criteria that were
/// answered, each with the criteria that require it.
pub fn required_evidence(rubric: &Rubric, result: &ScoreResult) -> BTreeMap<String, Vec<String>> {
    let mut required: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for criterion_result in result.criteria.iter().filter(|c| c.status == Status::Answered) {
        let Some(criterion) = rubric.criterion(&criterion_result.id) else { continue };
        for kind in &criterion.evidence {
            required.entry(kind.name().to_string()).or_default().push(criterion.id.clone());
        }
    }
    required
}

/// The first control character a payload (compact JSON) would record, with
/// where it is (`answers.greeting.contact.comment`) and its code point:
/// NUL and the other C0 controls but tab and line breaks, DEL, C1
/// controls and the bidirectional overrides (see [`crate::table::is_forbidden`]).
/// Nothing recorded may change what a person sees when it is printed.
///
/// A byte scan finds the candidates (an escape `\u00XX`, the lead bytes of
/// C1 and bidirectional characters); only a payload that has one is parsed.
pub fn control_character(payload: &str) -> Option<(String, String)> {
    let bytes = payload.as_bytes();
    let suspect = memchr::memchr3_iter(b'\\', 0xC2, 0xE2, bytes).any(|at| match bytes[at] {
        b'\\' => bytes.get(at + 1) == Some(&b'u'),
        0xC2 => bytes.get(at + 1).is_some_and(|b| (0x80..=0x9F).contains(b)),
        _ => matches!(
            (bytes.get(at + 1), bytes.get(at + 2)),
            (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
        ),
    });
    if !suspect {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(payload).ok()?;
    fn find(value: &serde_json::Value, path: &mut Vec<String>) -> Option<(String, String)> {
        match value {
            serde_json::Value::String(text) => {
                let c = text.chars().find(|c| crate::table::is_forbidden(*c))?;
                Some((path.join("."), format!("U+{:04X}", c as u32)))
            }
            serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                path.push(i.to_string());
                let found = find(item, path);
                path.pop();
                found
            }),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
                path.push(key.clone());
                let found = find(item, path);
                path.pop();
                found
            }),
            _ => None,
        }
    }
    find(&value, &mut Vec::new())
}

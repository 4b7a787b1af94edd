//! The payloads of the entry kinds: what each kind of fact records.
//!
//! The ledger interprets only what its own checks need (encounter ids,
//! evidence digests and locations, what a scoresheet relies on, keys);
//! answers and results are stored as the scoring crate wrote them, as JSON
//! the ledger passes through untouched.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::Digest;
use crate::entry::{Kind, Payload};

/// A rubric's full text, as registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricRegistered {
    /// The rubric's id.
    pub rubric: String,
    /// Its version string.
    pub version: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// The file's full text, byte for byte.
    pub text: String,
}

impl Payload for RubricRegistered {
    const KIND: Kind = Kind::RubricRegistered;
}

/// An encounter: a call, a visit, a chat or an e-mail exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncounterLogged {
    /// Its id, unique in the workspace.
    pub encounter: String,
    /// call, visit, chat or email.
    pub channel: String,
    /// When it happened: RFC 3339 with the local offset.
    pub time: String,
    /// Where: a store, a contact centre, a team.
    pub location: String,
    /// Who served the customer.
    pub agent: String,
    /// Who audits it.
    pub auditor: String,
    /// The case it belongs to, linking a first contact to its follow-ups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// The customer profile the rubric's conditions test.
    #[serde(default)]
    pub profile: BTreeMap<String, serde_json::Value>,
    /// The mystery shopper's scenario, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// The id of the rubric it is scored against.
    pub rubric: String,
    /// That rubric's fingerprint when the encounter was logged.
    pub fingerprint: String,
}

impl Payload for EncounterLogged {
    const KIND: Kind = Kind::EncounterLogged;
}

/// A piece of evidence attached to an encounter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceAttached {
    /// The encounter.
    pub encounter: String,
    /// recording, transcript, photo, receipt or other.
    pub kind: String,
    /// The file's original name.
    pub name: String,
    /// Its media type, e.g. `audio/mpeg`.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256.
    pub sha256: Digest,
    /// Where it is, relative to the workspace.
    pub location: String,
    /// Whether it was recorded where it lies rather than copied into the store.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_place: bool,
    /// For a copy with personal data redacted before it was stored: the
    /// SHA-256 of the original, which is not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_sha256: Option<Digest>,
}

impl Payload for EvidenceAttached {
    const KIND: Kind = Kind::EvidenceAttached;
}

/// The evidence kinds `tarkka evidence add --kind` takes.
pub const EVIDENCE_KINDS: [&str; 5] = ["recording", "transcript", "photo", "receipt", "other"];

/// Who produced a scoresheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// An auditor.
    Human,
    /// The automatic transcript checker.
    Automatic,
}

/// An encounter's answers and the result computed from them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoresheetRecorded {
    /// The encounter.
    pub encounter: String,
    /// Who produced it.
    pub source: Source,
    /// The auditor.
    pub auditor: String,
    /// The rubric's id.
    pub rubric: String,
    /// The fingerprint of the rubric the result was computed with.
    pub fingerprint: String,
    /// The answers and comments, as the scoring crate stores them; kept as
    /// raw JSON so that replaying a large ledger does not build trees it
    /// rarely reads.
    pub answers: Box<RawValue>,
    /// The digests of the evidence the scoresheet relies on.
    pub evidence: Vec<Digest>,
    /// The evidence kinds the rubric requires for the criteria answered.
    #[serde(default)]
    pub required_evidence: Vec<String>,
    /// Why required evidence is missing, when the auditor recorded anyway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_evidence_reason: Option<String>,
    /// The full result, as the scoring crate computed it (raw JSON).
    pub result: Box<RawValue>,
    /// For an automatic scoresheet: the fingerprint of the rubric's checks
    /// and phrase sets it was computed with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_fingerprint: Option<String>,
    /// For an automatic scoresheet: the commitments with a time found in
    /// the transcript.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<PromiseFound>,
    /// For an auditor's scoresheet scored from the automatic checks'
    /// suggestions (`tarkka score --suggest`): what was suggested, and
    /// which answers the auditor accepted and which they overrode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assisted: Option<Box<Assisted>>,
}

/// A scoresheet's payload read in place, as verification reads every one
/// of a large ledger: the same fields and the same refusals as
/// [`ScoresheetRecorded`], with the strings, answers and result borrowed
/// from the line rather than copied.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetRef<'a> {
    /// The encounter.
    #[serde(borrow)]
    pub encounter: std::borrow::Cow<'a, str>,
    /// Who produced it.
    pub source: Source,
    /// The auditor.
    #[serde(borrow)]
    pub auditor: std::borrow::Cow<'a, str>,
    /// The rubric's id.
    #[serde(borrow)]
    pub rubric: std::borrow::Cow<'a, str>,
    /// The fingerprint of the rubric the result was computed with.
    #[serde(borrow)]
    pub fingerprint: std::borrow::Cow<'a, str>,
    /// The answers and comments, unparsed.
    #[serde(borrow)]
    pub answers: &'a RawValue,
    /// The digests of the evidence the scoresheet relies on.
    pub evidence: Vec<Digest>,
    /// The evidence kinds the rubric requires for the criteria answered.
    #[serde(default)]
    pub required_evidence: Vec<String>,
    /// Why required evidence is missing.
    #[serde(default)]
    pub missing_evidence_reason: Option<String>,
    /// The full result, unparsed.
    #[serde(borrow)]
    pub result: &'a RawValue,
    /// See [`ScoresheetRecorded::rules_fingerprint`].
    #[serde(default, borrow)]
    pub rules_fingerprint: Option<std::borrow::Cow<'a, str>>,
    /// See [`ScoresheetRecorded::promises`].
    #[serde(default)]
    pub promises: Vec<PromiseFound>,
    /// See [`ScoresheetRecorded::assisted`].
    #[serde(default)]
    pub assisted: Option<Box<Assisted>>,
}

/// An encounter's logging read in place: its id and its profile as written
/// (the rest of the payload is not looked at).
#[derive(Debug, Deserialize)]
pub struct LoggedRef<'a> {
    /// The encounter's id.
    #[serde(borrow)]
    pub encounter: std::borrow::Cow<'a, str>,
    /// The customer profile, unparsed.
    #[serde(default, borrow)]
    pub profile: Option<&'a RawValue>,
}

/// The automatic suggestions an auditor scored from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assisted {
    /// The fingerprint of the checks and phrase sets that made them.
    pub rules_fingerprint: String,
    /// The transcript they read.
    pub transcript: Digest,
    /// One per criterion a suggestion was shown for, in rubric order; a
    /// criterion the checks could not judge had none.
    pub suggestions: Vec<Suggestion>,
}

/// One automatic suggestion and what the auditor did with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// The criterion.
    pub criterion: String,
    /// The suggested answer: `yes`, `no` or `na`.
    pub suggested: String,
    /// The turn of the words behind it, from 0, when words carried it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<usize>,
    /// Those words, as written in the transcript.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// What the auditor did.
    pub decision: Decision,
}

/// Whether the auditor's answer is the suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The recorded answer is the suggested one.
    Accepted,
    /// The auditor answered otherwise.
    Overridden,
}

/// A commitment an automatic check found, with the deadline its words name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseFound {
    /// The criterion whose check found it.
    pub criterion: String,
    /// The turn, from 0.
    pub turn: usize,
    /// The commitment's words as written.
    pub words: String,
    /// The time words near them, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// When it falls due (RFC 3339), if the words say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

impl Payload for ScoresheetRecorded {
    const KIND: Kind = Kind::ScoresheetRecorded;
}

/// A change to a recorded scoresheet; the original stays in the ledger.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreAmended {
    /// The encounter.
    pub encounter: String,
    /// The sequence number of the scoresheet (or amendment) it changes.
    pub amends: u64,
    /// The criterion whose answer changed.
    pub criterion: String,
    /// The answer before (raw JSON; `null` if there was none).
    pub before: Box<RawValue>,
    /// The answer after (raw JSON).
    pub after: Box<RawValue>,
    /// Why.
    pub reason: String,
    /// The result recomputed with the new answer (raw JSON).
    pub result: Box<RawValue>,
    /// The dispute whose decision made this amendment, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute: Option<String>,
}

impl Payload for ScoreAmended {
    const KIND: Kind = Kind::ScoreAmended;
}

/// The outcome of a verification run, recorded on request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceVerified {
    /// How many entries the run covered.
    pub entries: u64,
    /// The last of them.
    pub head: Digest,
    /// The RFC 6962 tree head over them.
    pub merkle_root: Digest,
    /// How many evidence files were re-hashed.
    pub files: u64,
    /// How many findings there were.
    pub findings: u64,
    /// The largest signed checkpoint the run checked the ledger against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<CheckpointRef>,
}

/// A signed checkpoint, as an entry names it: its log, size and root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointRef {
    /// The log's origin.
    pub origin: String,
    /// How many entries it signed.
    pub size: u64,
    /// Their RFC 6962 root.
    pub root: Digest,
}

impl Payload for EvidenceVerified {
    const KIND: Kind = Kind::EvidenceVerified;
}

/// An auditor's public signing key. From this entry on, every entry by the
/// auditor must be signed; the entry itself is signed by the key it adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyAdded {
    /// The auditor.
    pub actor: String,
    /// The Ed25519 public key, hexadecimal.
    pub key: String,
}

impl Payload for KeyAdded {
    const KIND: Kind = Kind::KeyAdded;
}

/// A signing key admitted by the holder of the workspace's log key: the
/// admission is a C2SP signed note by the log key, so that whoever trusts
/// the log key — pinned outside the workspace — trusts the auditor's key,
/// and a key an insider slips into `keys/` is not admitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyAdmitted {
    /// The auditor.
    pub actor: String,
    /// The Ed25519 public key, hexadecimal.
    pub key: String,
    /// The signed note: [`admission_text`] and the log key's signature.
    pub admission: String,
}

impl Payload for KeyAdmitted {
    const KIND: Kind = Kind::KeyAdmitted;
}

/// The note text of a key admission.
pub fn admission_text(origin: &str, actor: &str, key: &str) -> String {
    format!("tarkka-key-admission/1\n{origin}\n{actor}\n{key}\n")
}

/// The fields of a scoring result the ledger's readers most often need,
/// read without building the whole result.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResultSummary {
    /// The overall score in exact form (`5/6`), if any.
    #[serde(default)]
    pub overall: Option<String>,
    /// `pass`, `fail` or `not-scored`.
    #[serde(default)]
    pub verdict: String,
    /// The failed critical criteria.
    #[serde(default)]
    pub critical_failures: Vec<CriticalFailureSummary>,
}

/// One failed critical criterion, as a result records it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct CriticalFailureSummary {
    /// The criterion.
    pub criterion: String,
}

/// Reads the summary of a raw result; an unreadable one reads as empty.
pub fn summary_of(result: &RawValue) -> ResultSummary {
    serde_json::from_str(result.get()).unwrap_or_default()
}

/// A sampling plan committed for a period before it began (issue 18): the
/// plan's full text and fingerprint. The entry's hash, with the plan's
/// fingerprint, seeds the period's draw, so the randomness is fixed before
/// anyone knows which encounters the period will bring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleCommitted {
    /// The plan's id.
    pub plan: String,
    /// Its version string.
    pub version: String,
    /// The SHA-256 of the plan file's bytes.
    pub fingerprint: String,
    /// The file's full text, byte for byte.
    pub text: String,
    /// The period's first day (`YYYY-MM-DD`, the encounters' own dates).
    pub from: String,
    /// The period's last day, inclusive.
    pub to: String,
}

impl Payload for SampleCommitted {
    const KIND: Kind = Kind::SampleCommitted;
}

/// A draw from the pool under a committed plan, with its assignments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleDrawn {
    /// The commitment it draws under (its entry).
    pub commitment: u64,
    /// The plan's id.
    pub plan: String,
    /// The seed: SHA-256 over the plan's fingerprint and the commitment's
    /// hash (docs/workflow.md).
    pub seed: Digest,
    /// How many encounters the pool held.
    pub pool: u64,
    /// The SHA-256 of the pool's encounter ids, sorted, one per line.
    pub pool_sha256: Digest,
    /// How many strata the pool fell into.
    pub strata: u64,
    /// The day of the draw in the workspace's time zone (`YYYY-MM-DD`),
    /// from which the due dates count.
    pub day: String,
    /// The drawn encounters, in the order drawn.
    pub assignments: Vec<Assignment>,
}

impl Payload for SampleDrawn {
    const KIND: Kind = Kind::SampleDrawn;
}

/// One drawn encounter and who is to score it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The encounter.
    pub encounter: String,
    /// Its stratum, as `field=value` pairs joined with `;`.
    pub stratum: String,
    /// The auditors to score it; empty when the plan leaves it to whoever
    /// takes it from the team's queue.
    pub auditors: Vec<String>,
    /// The day it is due (`YYYY-MM-DD`).
    pub due: String,
}

/// A drawn encounter replaced by the next one its stratum's draw order
/// gives, for a stated reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentReplaced {
    /// The draw.
    pub draw: u64,
    /// The encounter taken out.
    pub encounter: String,
    /// The encounter put in its place; `None` when its stratum had no
    /// other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// Why.
    pub reason: String,
}

impl Payload for AssignmentReplaced {
    const KIND: Kind = Kind::AssignmentReplaced;
}

/// An open assignment taken from the team's queue by an auditor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentTaken {
    /// The draw.
    pub draw: u64,
    /// The encounter.
    pub encounter: String,
    /// Who takes it.
    pub auditor: String,
}

impl Payload for AssignmentTaken {
    const KIND: Kind = Kind::AssignmentTaken;
}

/// A dispute opened on a scoresheet by its agent or on their behalf.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeOpened {
    /// The dispute's id: the encounter's id, `/`, and its number among the
    /// encounter's disputes (`S-2026-001/1`).
    pub dispute: String,
    /// The encounter.
    pub encounter: String,
    /// The scoresheet disputed (its entry), as first recorded.
    pub sheet: u64,
    /// The entry whose result was disputed: the scoresheet or its latest
    /// amendment when the dispute was opened.
    pub result_at: u64,
    /// The scoresheet's auditor.
    pub auditor: String,
    /// The agent it is opened for.
    pub agent: String,
    /// The criteria disputed, each with the answer proposed.
    pub criteria: Vec<DisputedCriterion>,
    /// Why.
    pub reason: String,
}

impl Payload for DisputeOpened {
    const KIND: Kind = Kind::DisputeOpened;
}

/// One disputed criterion.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputedCriterion {
    /// The criterion.
    pub criterion: String,
    /// The answer recorded when the dispute was opened (raw JSON).
    pub recorded: Box<RawValue>,
    /// The answer proposed (raw JSON).
    pub proposed: Box<RawValue>,
}

/// A dispute decided: the criteria accepted become amendments appended
/// with this entry, in the same batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeDecided {
    /// The dispute.
    pub dispute: String,
    /// The encounter.
    pub encounter: String,
    /// `accepted`, `partly-accepted` or `rejected`.
    pub outcome: String,
    /// The criteria whose proposed answers were accepted.
    pub accepted: Vec<String>,
    /// The criteria rejected.
    pub rejected: Vec<String>,
    /// Why.
    pub reason: String,
}

impl Payload for DisputeDecided {
    const KIND: Kind = Kind::DisputeDecided;
}

/// An agent's acknowledgement that they have seen an evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationAcknowledged {
    /// The encounter.
    pub encounter: String,
    /// The entry whose result was seen: the scoresheet or its latest
    /// amendment.
    pub result_at: u64,
    /// The agent.
    pub agent: String,
    /// What they said, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Payload for EvaluationAcknowledged {
    const KIND: Kind = Kind::EvaluationAcknowledged;
}

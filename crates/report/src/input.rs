//! What a report is made from: the ledger's current scores as plain
//! columns, names interned as indices so that a million encounters stay
//! small. The CLI replays the ledger into an [`Input`]; this crate knows no
//! ledger.

use std::collections::HashMap;

use jiff::civil::Date;
use tarkka_rubric::Text;

/// Strings interned as dense indices, in first-seen order.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// The strings; a name's index is its position.
    pub values: Vec<String>,
    index: HashMap<String, u32, foldhash::fast::RandomState>,
}

impl Names {
    /// The index of `name`, added if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&index) = self.index.get(name) {
            return index;
        }
        let index = u32::try_from(self.values.len()).expect("fewer than 2^32 names");
        self.values.push(name.to_string());
        self.index.insert(name.to_string(), index);
        index
    }

    /// The name at `index`.
    pub fn name(&self, index: u32) -> &str {
        &self.values[index as usize]
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// A rubric the report covers.
#[derive(Clone, Debug)]
pub struct RubricInfo {
    /// Its id.
    pub id: String,
    /// Its version string.
    pub version: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// Its title.
    pub title: Text,
    /// The lowest overall score that passes, 0..1.
    pub pass_threshold: f64,
}

/// A criterion of a covered rubric.
#[derive(Clone, Debug)]
pub struct CriterionInfo {
    /// The rubric's index in [`Input::rubrics`].
    pub rubric: u32,
    /// The criterion id.
    pub id: String,
    /// Its section's index in [`Input::sections`].
    pub section: u32,
    /// The question.
    pub text: Text,
    /// Whether failing it is critical.
    pub critical: bool,
}

/// A section of a covered rubric.
#[derive(Clone, Debug)]
pub struct SectionInfo {
    /// The rubric's index.
    pub rubric: u32,
    /// The section id.
    pub id: String,
    /// Its title.
    pub title: Text,
}

/// One row per scored encounter: its current result, from its latest human
/// scoresheet after amendments.
#[derive(Clone, Debug, Default)]
pub struct Encounters {
    /// The encounter id.
    pub id: Vec<String>,
    /// Index into [`Input::rubrics`].
    pub rubric: Vec<u32>,
    /// Index into [`Input::locations`].
    pub location: Vec<u32>,
    /// Index into [`Input::agents`].
    pub agent: Vec<u32>,
    /// The encounter's local date.
    pub date: Vec<Date>,
    /// The overall score in percent; `None` when nothing counted.
    pub overall: Vec<Option<f64>>,
    /// Whether it passed; `None` when not scored.
    pub passed: Vec<Option<bool>>,
    /// Whether a critical criterion failed.
    pub critical: Vec<bool>,
    /// The SHA-256 of each piece of evidence attached.
    pub evidence: Vec<Vec<String>>,
}

impl Encounters {
    /// Makes room for `more` rows.
    pub fn reserve(&mut self, more: usize) {
        self.id.reserve(more);
        self.rubric.reserve(more);
        self.location.reserve(more);
        self.agent.reserve(more);
        self.date.reserve(more);
        self.overall.reserve(more);
        self.passed.reserve(more);
        self.critical.reserve(more);
        self.evidence.reserve(more);
    }
}

/// One row per current human scoresheet (an encounter scored by three
/// auditors has three), for the per-auditor view.
#[derive(Clone, Debug, Default)]
pub struct Sheets {
    /// Index into [`Input::encounters`].
    pub encounter: Vec<u32>,
    /// Index into [`Input::auditors`].
    pub auditor: Vec<u32>,
    /// The overall score in percent.
    pub overall: Vec<Option<f64>>,
    /// Whether it passed.
    pub passed: Vec<Option<bool>>,
    /// Whether a critical criterion failed.
    pub critical: Vec<bool>,
}

/// One row per answered criterion of an encounter's current result (N/A
/// and not applicable criteria are left out).
#[derive(Clone, Debug, Default)]
pub struct Answers {
    /// Index into [`Input::encounters`].
    pub encounter: Vec<u32>,
    /// Index into [`Input::criteria`].
    pub criterion: Vec<u32>,
    /// Whether the criterion failed (its credit below its `met`).
    pub failed: Vec<bool>,
    /// Whether it failed critically (below its `critical_below`).
    pub critical: Vec<bool>,
    /// Its credit, 0..1.
    pub credit: Vec<f32>,
    /// Its weight.
    pub weight: Vec<f32>,
}

impl Answers {
    /// Makes room for `more` rows.
    pub fn reserve(&mut self, more: usize) {
        self.encounter.reserve(more);
        self.criterion.reserve(more);
        self.failed.reserve(more);
        self.critical.reserve(more);
        self.credit.reserve(more);
        self.weight.reserve(more);
    }

    /// Adds one answered criterion.
    pub fn push(&mut self, encounter: u32, criterion: u32, answer: Answer) {
        self.encounter.push(encounter);
        self.criterion.push(criterion);
        self.failed.push(answer.failed);
        self.critical.push(answer.critical);
        self.credit.push(answer.credit);
        self.weight.push(answer.weight);
    }
}

/// How one criterion was answered, for [`Answers::push`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Answer {
    /// Below its `met`.
    pub failed: bool,
    /// Below its `critical_below`.
    pub critical: bool,
    /// The credit, 0..1.
    pub credit: f32,
    /// The weight.
    pub weight: f32,
}

/// One row per scored section of an encounter's current result.
#[derive(Clone, Debug, Default)]
pub struct SectionScores {
    /// Index into [`Input::encounters`].
    pub encounter: Vec<u32>,
    /// Index into [`Input::sections`].
    pub section: Vec<u32>,
    /// The section score in percent.
    pub score: Vec<f64>,
}

/// One row per criterion both an auditor and the automatic checks answered.
#[derive(Clone, Debug, Default)]
pub struct Automatic {
    /// Index into [`Input::encounters`].
    pub encounter: Vec<u32>,
    /// Index into [`Input::criteria`].
    pub criterion: Vec<u32>,
    /// Whether the auditor failed it.
    pub human_failed: Vec<bool>,
    /// Whether the automatic check failed it.
    pub automatic_failed: Vec<bool>,
}

/// Where a promise stands (see `tarkka followups`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PromiseStatus {
    /// A later contact came by the deadline.
    Kept,
    /// The deadline passed without one.
    Broken,
    /// The deadline is ahead.
    Open,
    /// No deadline or no case.
    Unknown,
}

/// One row per promise found in a transcript.
#[derive(Clone, Debug, Default)]
pub struct Promises {
    /// Index into [`Input::locations`]: where the promise was made.
    pub location: Vec<u32>,
    /// Index into [`Input::agents`].
    pub agent: Vec<u32>,
    /// Where it stands.
    pub status: Vec<PromiseStatus>,
}

/// Where the numbers came from, printed on every page and chart.
#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// The last ledger entry's hash.
    pub head: String,
    /// The RFC 6962 Merkle root over the ledger's entries.
    pub merkle_root: String,
    /// How many entries.
    pub entries: u64,
    /// The filters, as a person would read them (empty: none).
    pub filters: Vec<String>,
    /// The command that produced the report.
    pub command: String,
    /// The latest signed checkpoint of the ledger the report was made
    /// from (its log's origin and size), when it has one: the report
    /// embeds it as `checkpoint.txt`.
    pub checkpoint: Option<(String, u64)>,
    /// The time of the ledger's last entry, in the workspace's time zone
    /// (RFC 3339): what "overdue" and "unacknowledged for long" are
    /// counted to. Empty for an empty ledger.
    pub as_of: String,
}

/// Everything a report is made from.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// Where it came from.
    pub provenance: Provenance,
    /// The rubrics, by index.
    pub rubrics: Vec<RubricInfo>,
    /// The criteria of all rubrics, by index.
    pub criteria: Vec<CriterionInfo>,
    /// The sections of all rubrics, by index.
    pub sections: Vec<SectionInfo>,
    /// Location names.
    pub locations: Names,
    /// Agent names.
    pub agents: Names,
    /// Auditor names.
    pub auditors: Names,
    /// The scored encounters.
    pub encounters: Encounters,
    /// The current human scoresheets.
    pub sheets: Sheets,
    /// The answered criteria of the encounters' current results.
    pub answers: Answers,
    /// The section scores of the encounters' current results.
    pub section_scores: SectionScores,
    /// Human and automatic verdicts side by side.
    pub automatic: Automatic,
    /// Promises and their status.
    pub promises: Promises,
    /// The evaluations the agent pages list, each with its own page.
    pub evaluations: Vec<Evaluation>,
    /// The auditors' agreement, when encounters were scored by several.
    pub calibration: Option<Calibration>,
    /// The review workflow's figures, when the ledger has draws, disputes
    /// or acknowledgements.
    pub review: Option<Review>,
}

/// The review workflow's figures (issue 18) over the evaluations the report
/// counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    /// The evaluations counted.
    pub evaluations: u64,
    /// Of them, those whose scoresheet answered an assignment of a draw.
    pub sampled: u64,
    /// Per auditor (of the counted scoresheet).
    pub by_auditor: Vec<ReviewAuditor>,
    /// Per disputed criterion, the most disputed first.
    pub by_criterion: Vec<ReviewCriterion>,
    /// Per location: acknowledgements.
    pub by_location: Vec<ReviewLocation>,
    /// Disputes decided.
    pub decided: u64,
    /// The median days from opening to decision.
    pub median_days_to_decision: Option<f64>,
    /// Disputes open.
    pub open: u64,
    /// Of them, open longer than a decision may take.
    pub overdue: u64,
    /// An evaluation unacknowledged longer than this many days is old.
    pub old_days: u32,
}

/// One auditor's evaluations and the disputes on them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewAuditor {
    /// Index into [`Input::auditors`].
    pub auditor: u32,
    /// Evaluations counted.
    pub evaluations: u64,
    /// Of them, from a draw.
    pub sampled: u64,
    /// Disputes opened on them.
    pub disputed: u64,
    /// Accepted.
    pub accepted: u64,
    /// Partly accepted.
    pub partly: u64,
    /// Rejected.
    pub rejected: u64,
    /// Not yet decided.
    pub open: u64,
}

/// One criterion's disputes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewCriterion {
    /// Index into [`Input::criteria`].
    pub criterion: u32,
    /// Times disputed.
    pub disputed: u64,
    /// Times accepted (the score changed).
    pub accepted: u64,
    /// Times rejected.
    pub rejected: u64,
}

/// One location's acknowledgements.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewLocation {
    /// Index into [`Input::locations`].
    pub location: u32,
    /// Evaluations counted.
    pub evaluations: u64,
    /// Acknowledged by the agent as they now stand.
    pub acknowledged: u64,
    /// Not acknowledged, and older than [`Review::old_days`].
    pub unacknowledged_old: u64,
}

/// Where an evaluation stands with its agent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EvaluationState {
    /// Neither acknowledged nor disputed.
    #[default]
    New,
    /// The agent acknowledged it as it stands.
    Acknowledged,
    /// A dispute on it is open.
    Disputed,
    /// A dispute on it was decided.
    Decided,
}

/// The auditors' agreement, as `tarkka calibrate` computes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Calibration {
    /// The encounters scored by two or more auditors it rests on.
    pub encounters: usize,
    /// Of how many such encounters (more when only the latest are used).
    pub of: usize,
    /// The bootstrap's resamples.
    pub resamples: usize,
    /// The bootstrap's seed.
    pub seed: u64,
    /// The overall score first, then the criteria, lowest agreement first.
    pub rows: Vec<AgreementRow>,
}

/// Krippendorff's alpha of one criterion (or the overall score).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementRow {
    /// What a person reads: the criterion's question or id.
    pub label: String,
    /// Alpha; `None` when undefined (every rating the same).
    pub alpha: Option<f64>,
    /// Its bootstrap interval.
    pub interval: Option<(f64, f64)>,
    /// The encounters behind it.
    pub units: usize,
}

/// One evaluation as a team lead coaches from it: the encounter's current
/// human scoresheet, every answer with the auditor's comment, the
/// amendments and the evidence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evaluation {
    /// Index into [`Input::encounters`].
    pub encounter: u32,
    /// When it happened (RFC 3339, local offset).
    pub time: String,
    /// Who scored it.
    pub auditor: String,
    /// When the scoresheet was recorded.
    pub scored: String,
    /// The scoresheet's entry.
    pub seq: u64,
    /// The answers as they stand after every amendment, in rubric order.
    pub answers: Vec<EvaluationAnswer>,
    /// The amendments, in order.
    pub amendments: Vec<Amendment>,
    /// The SHA-256 of each piece of evidence, in ledger order.
    pub evidence: Vec<String>,
    /// Where it stands with its agent.
    pub state: EvaluationState,
}

/// One answer of an [`Evaluation`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvaluationAnswer {
    /// Index into [`Input::criteria`].
    pub criterion: u32,
    /// The answer as stored (`yes`, `7.5`, `partial`, `na`).
    pub answer: String,
    /// The auditor's comment.
    pub comment: Option<String>,
    /// Below the criterion's `met`.
    pub failed: bool,
    /// Below its `critical_below`.
    pub critical: bool,
    /// For a bonus item, whether the answer earned it (a bonus is earned or
    /// not, never failed); `None` for any other criterion.
    pub bonus: Option<bool>,
}

/// An amendment of an [`Evaluation`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Amendment {
    /// Its entry.
    pub seq: u64,
    /// When.
    pub time: String,
    /// Who.
    pub actor: String,
    /// The criterion's id.
    pub criterion: String,
    /// The answer before and after.
    pub before: String,
    /// The answer after.
    pub after: String,
    /// Why.
    pub reason: String,
}

//! The ledger as the report reads it — and `followups` and `scores`, which
//! need no more: of every encounter only the fields and numbers they show,
//! read on both cores, and nothing else.
//!
//! The full replay ([`LedgerState`](tarkka_ledger::LedgerState)) keeps every
//! scoresheet's answers and result as JSON, about 9 KB an encounter: nine
//! gigabytes for a million. Here each result is read into its numbers on the
//! thread that parses the line (about a kilobyte an encounter, all told),
//! and an amendment replaces the current result of the scoresheet whose
//! chain it extends, as it arrives — linked by the one rule of
//! [`Links`], as [`chains`](crate::chain::chains) links them in the full
//! state.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher as _;
use std::sync::Mutex;

use serde::Deserialize;
use tarkka_ledger::payload::{PromiseFound, RubricRegistered, Source};
use tarkka_ledger::{Digest, EntryRef, Kind, LedgerError, Lines, Place, Replayed};
use tarkka_report::Names;
use tarkka_rubric::Fraction;

use crate::chain::Links;

/// The ledger replayed for the report.
pub struct ReportLedger {
    /// Its head, entries and Merkle root.
    pub replayed: Replayed,
    /// Every registered rubric, by fingerprint.
    pub rubrics: BTreeMap<String, RubricRegistered>,
    /// Encounters, in the order of their ids.
    pub encounters: Vec<(String, Encounter)>,
    /// The latest time an entry about an encounter was recorded.
    pub latest: String,
    /// Locations, agents, auditors and rubric ids, as encounters refer to
    /// them.
    pub names: Names,
    /// Rubric fingerprints, as encounters refer to them.
    pub fingerprints: Names,
    /// Criterion and section ids, verdicts and exact overall scores, as
    /// results refer to them.
    pub ids: Vec<String>,
    /// Where each amendment that extends a chain is in the ledger, by its
    /// entry (amendments are few; a scoresheet keeps its own place).
    pub amendment_places: HashMap<u64, Place>,
    /// The review workflow's entries (issue 18).
    pub review: ReviewFacts,
}

/// The review workflow's entries as the report reads them: few beside the
/// scoresheets.
#[derive(Default)]
pub struct ReviewFacts {
    /// Whether the ledger has any.
    pub any: bool,
    /// Each encounter's assignments: the draw's entry and the auditors
    /// (none: the team's queue), with replacements and takings applied.
    pub assigned: HashMap<String, Vec<(u64, Vec<String>)>>,
    /// Disputes, in the order opened.
    pub disputes: Vec<DisputeFact>,
    /// Acknowledgements: the encounter and the entry whose result was seen.
    pub acknowledged: Vec<(String, u64)>,
}

/// A dispute as the report reads it.
pub struct DisputeFact {
    /// Its id.
    pub dispute: String,
    /// When it was opened.
    pub opened: jiff::Timestamp,
    /// The encounter.
    pub encounter: String,
    /// The scoresheet disputed.
    pub sheet: u64,
    /// Its auditor.
    pub auditor: String,
    /// The criteria disputed.
    pub criteria: Vec<String>,
    /// The decision: when, the outcome, the criteria accepted.
    pub decided: Option<(jiff::Timestamp, String, Vec<String>)>,
}

/// A workflow entry as a parsing thread read it.
enum ReviewRead {
    Drawn(u64, Vec<(String, Vec<String>)>),
    Replaced { draw: u64, encounter: String, replacement: Option<String> },
    Taken { draw: u64, encounter: String, auditor: String },
    Opened(DisputeFact),
    Decided { dispute: String, time: jiff::Timestamp, outcome: String, accepted: Vec<String> },
    Acknowledged(String, u64),
}

/// An encounter, as far as the report reads it.
pub struct Encounter {
    /// When it happened (RFC 3339, local offset).
    pub time: Box<str>,
    /// Its case.
    pub case: Option<Box<str>>,
    /// Its location, in `names`.
    pub location: u32,
    /// Its agent, in `names`.
    pub agent: u32,
    /// Its rubric's id, in `names`.
    pub rubric_id: u32,
    /// Its rubric's fingerprint, in `fingerprints`.
    pub rubric: u32,
    /// The digests of its evidence, in ledger order.
    pub evidence: Vec<Digest>,
    /// Its scoresheets, in ledger order, each with its current result.
    pub sheets: Vec<Sheet>,
}

/// A scoresheet with its current result.
pub struct Sheet {
    /// Its entry and the amendments in its chain.
    pub chain: Links,
    /// Who produced it.
    pub source: Source,
    /// The auditor, in `names`.
    pub auditor: u32,
    /// The rubric's id as the scoresheet states it, in `names`.
    pub rubric: u32,
    /// Its result after the last amendment.
    pub result: Numbers,
    /// Where its entry is in the ledger, to read it again whole.
    pub place: Place,
    /// The promises an automatic scoresheet found.
    pub promises: Vec<PromiseFound>,
    /// When it was recorded, in seconds since 1970.
    pub recorded: i64,
}

/// What the report and the listing take from a result.
pub struct Numbers {
    /// The overall score in percent.
    pub overall: Option<f64>,
    /// The overall score as the result states it (an exact fraction), in
    /// `ids`.
    pub overall_exact: Option<u32>,
    /// Passed, failed, or not scored.
    pub passed: Option<bool>,
    /// The verdict as the result states it, in `ids`.
    pub verdict: u32,
    /// The failed critical criteria, in `ids`.
    pub critical_failures: Box<[u32]>,
    /// The answered criteria but bonus ones: id (in `ids`), with [`FAILED`]
    /// set when it failed and [`CRITICAL`] when it failed critically.
    /// Seventeen million answers take 10 bytes each this way.
    criteria: Box<[u32]>,
    /// Each answered criterion's credit, in 65,535ths.
    credits: Box<[u16]>,
    /// Each answered criterion's weight.
    weights: Box<[f32]>,
    /// The scored sections: id (in `ids`) and the score in percent.
    pub sections: Box<[(u32, f64)]>,
}

impl Numbers {
    /// Whether a critical criterion failed.
    pub fn critical(&self) -> bool {
        !self.critical_failures.is_empty()
    }
}

/// An `encounter-logged` payload: the fields the report reads.
#[derive(Deserialize)]
struct LoggedView<'a> {
    #[serde(borrow)]
    encounter: Cow<'a, str>,
    #[serde(borrow)]
    time: Cow<'a, str>,
    #[serde(borrow)]
    location: Cow<'a, str>,
    #[serde(borrow)]
    agent: Cow<'a, str>,
    #[serde(borrow, default)]
    case: Option<Cow<'a, str>>,
    #[serde(borrow)]
    rubric: Cow<'a, str>,
    #[serde(borrow)]
    fingerprint: Cow<'a, str>,
}

/// An `evidence-attached` payload: whose, and its digest.
#[derive(Deserialize)]
struct EvidenceView<'a> {
    #[serde(borrow)]
    encounter: Cow<'a, str>,
    sha256: Digest,
}

/// A `scoresheet-recorded` payload, its result read in the same pass.
#[derive(Deserialize)]
struct SheetView<'a> {
    #[serde(borrow)]
    encounter: Cow<'a, str>,
    source: Source,
    #[serde(borrow)]
    auditor: Cow<'a, str>,
    #[serde(borrow)]
    rubric: Cow<'a, str>,
    #[serde(borrow)]
    result: Stored<'a>,
    #[serde(default)]
    promises: Vec<PromiseFound>,
}

/// A `score-amended` payload, its result read in the same pass.
#[derive(Deserialize)]
struct AmendmentView<'a> {
    #[serde(borrow)]
    encounter: Cow<'a, str>,
    amends: u64,
    #[serde(borrow)]
    result: Stored<'a>,
}

/// The bit of a packed answer that says the criterion failed.
const FAILED: u32 = 1 << 31;
/// The bit of a packed answer that says it failed critically.
const CRITICAL: u32 = 1 << 30;
/// The largest credit, in [`Numbers::credits`]' units.
const FULL: f32 = u16::MAX as f32;

/// One answered criterion of a result, as the report reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Answered {
    /// The criterion's id, in `ids`.
    pub id: u32,
    /// Whether it failed (below its `met`).
    pub failed: bool,
    /// Whether it failed critically (below its `critical_below`).
    pub critical: bool,
    /// Its credit, 0..1 (to 1/65,535).
    pub credit: f32,
    /// Its weight.
    pub weight: f32,
}

impl Numbers {
    /// The answered criteria but bonus ones.
    pub fn answers(&self) -> impl ExactSizeIterator<Item = Answered> + '_ {
        self.criteria.iter().zip(&self.credits).zip(&self.weights).map(
            |((&answer, &credit), &weight)| Answered {
                id: answer & !(FAILED | CRITICAL),
                failed: answer & FAILED != 0,
                critical: answer & CRITICAL != 0,
                credit: f32::from(credit) / FULL,
                weight,
            },
        )
    }
}

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
    #[serde(borrow, default)]
    critical_failures: Vec<CriticalFailure<'a>>,
}

#[derive(Deserialize)]
struct CriticalFailure<'a> {
    #[serde(borrow)]
    criterion: Cow<'a, str>,
}

#[derive(Deserialize)]
struct CriterionResult<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    #[serde(default)]
    failed: bool,
    #[serde(default)]
    bonus: bool,
    #[serde(borrow, default)]
    credit: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    weight: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct SectionResult<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow, default)]
    score: Option<Cow<'a, str>>,
}

/// An exact fraction's text (`7/10`, `1`, `5/2`) as a float, without the
/// exact arithmetic: seventeen million credits and as many weights are
/// read for a report, so whole numbers are parsed as integers (several
/// times faster than as floats), a float only if one is ever written.
fn approximate(text: &str) -> Option<f64> {
    let number = |text: &str| match text.parse::<u64>() {
        Ok(whole) => Some(whole as f64),
        Err(_) => text.parse::<f64>().ok(),
    };
    match text.split_once('/') {
        Some((numer, denom)) => Some(number(numer)? / number(denom)?),
        None => number(text),
    }
}

fn percent(fraction: Option<&str>) -> Option<f64> {
    fraction.and_then(|text| text.parse::<Fraction>().ok()).map(|f| f.to_f64() * 100.0)
}

/// Criterion and section ids, verdicts and exact scores numbered as the
/// parsing threads meet them.
/// The numbers depend on thread timing, so nothing is ordered by them:
/// the report looks each one up by its name.
#[derive(Default)]
struct Ids(Mutex<Names>);

impl Ids {
    /// A result's numbers.
    fn read(&self, stored: &Stored<'_>) -> Numbers {
        let mut ids = self.0.lock().expect("no thread panics holding it");
        let mut number = |id: &str| {
            let number = ids.intern(id);
            assert!(number < CRITICAL, "fewer than 2^30 ids");
            number
        };
        // A bonus is earned or not, never failed: the report's failure
        // views leave bonus criteria out.
        let answered: Vec<&CriterionResult<'_>> = stored
            .criteria
            .iter()
            .filter(|criterion| criterion.status == "answered" && !criterion.bonus)
            .collect();
        let criteria = answered
            .iter()
            .map(|criterion| {
                let critical = stored.critical_failures.iter().any(|c| c.criterion == criterion.id);
                number(&criterion.id)
                    | if criterion.failed { FAILED } else { 0 }
                    | if critical { CRITICAL } else { 0 }
            })
            .collect();
        let credits = answered
            .iter()
            .map(|criterion| {
                let credit = criterion.credit.as_deref().and_then(approximate).unwrap_or(0.0);
                (credit.clamp(0.0, 1.0) * f64::from(FULL)).round() as u16
            })
            .collect();
        let weights = answered
            .iter()
            .map(|criterion| {
                criterion.weight.as_deref().and_then(approximate).unwrap_or(1.0) as f32
            })
            .collect();
        let sections = stored
            .sections
            .iter()
            .filter_map(|section| Some((number(&section.id), percent(section.score.as_deref())?)))
            .collect();
        Numbers {
            overall: percent(stored.overall.as_deref()),
            overall_exact: stored.overall.as_deref().map(&mut number),
            passed: match stored.verdict.as_ref() {
                "pass" => Some(true),
                "fail" => Some(false),
                _ => None,
            },
            verdict: number(&stored.verdict),
            critical_failures: stored
                .critical_failures
                .iter()
                .map(|failure| number(&failure.criterion))
                .collect(),
            criteria,
            credits,
            weights,
            sections,
        }
    }

    fn into_names(self) -> Vec<String> {
        self.0.into_inner().expect("no thread panicked holding it").values
    }
}

/// One entry as a parsing thread read it.
enum Read {
    Rubric(RubricRegistered),
    Encounter(Box<ReadEncounter>),
    Evidence {
        encounter: String,
        sha256: Digest,
        time: Box<str>,
    },
    Sheet(Box<ReadSheet>),
    Amendment {
        encounter: String,
        seq: u64,
        amends: u64,
        result: Numbers,
        time: Box<str>,
        place: Place,
    },
    Review(Box<ReviewRead>, Box<str>),
    Other,
}

struct ReadEncounter {
    id: String,
    time: Box<str>,
    case: Option<Box<str>>,
    location: String,
    agent: String,
    rubric: String,
    fingerprint: String,
    recorded: Box<str>,
}

struct ReadSheet {
    encounter: String,
    sheet: Sheet,
    auditor: String,
    rubric: String,
    time: Box<str>,
}

/// An entry's time as a timestamp.
fn stamp(entry: &EntryRef<'_>) -> Result<jiff::Timestamp, String> {
    entry.time.parse().map_err(|e| format!("entry {}: time `{}`: {e}", entry.seq, entry.time))
}

/// Reads an entry's payload as `T`; an error names the entry and kind.
fn view<'a, T: Deserialize<'a>>(entry: &'a EntryRef<'_>) -> Result<T, String> {
    serde_json::from_str(entry.payload.get()).map_err(|error| {
        format!("entry {}: the `{}` payload is malformed: {error}", entry.seq, entry.kind)
    })
}

fn read(entry: &EntryRef<'_>, place: Place, ids: &Ids) -> Result<Read, String> {
    let time = || Box::from(entry.time.as_ref());
    Ok(match entry.known_kind() {
        Some(Kind::RubricRegistered) => Read::Rubric(entry.payload()?),
        Some(Kind::EncounterLogged) => {
            let logged: LoggedView<'_> = view(entry)?;
            Read::Encounter(Box::new(ReadEncounter {
                id: logged.encounter.into_owned(),
                time: logged.time.into(),
                case: logged.case.map(Into::into),
                location: logged.location.into_owned(),
                agent: logged.agent.into_owned(),
                rubric: logged.rubric.into_owned(),
                fingerprint: logged.fingerprint.into_owned(),
                recorded: time(),
            }))
        }
        Some(Kind::EvidenceAttached) => {
            let evidence: EvidenceView<'_> = view(entry)?;
            Read::Evidence {
                encounter: evidence.encounter.into_owned(),
                sha256: evidence.sha256,
                time: time(),
            }
        }
        Some(Kind::ScoresheetRecorded) => {
            let sheet: SheetView<'_> = view(entry)?;
            Read::Sheet(Box::new(ReadSheet {
                sheet: Sheet {
                    chain: Links::new(entry.seq),
                    source: sheet.source,
                    auditor: 0,
                    rubric: 0,
                    result: ids.read(&sheet.result),
                    place,
                    promises: sheet.promises,
                    recorded: stamp(entry).map_or(0, |t| t.as_second()),
                },
                encounter: sheet.encounter.into_owned(),
                auditor: sheet.auditor.into_owned(),
                rubric: sheet.rubric.into_owned(),
                time: time(),
            }))
        }
        Some(Kind::ScoreAmended) => {
            let amendment: AmendmentView<'_> = view(entry)?;
            Read::Amendment {
                seq: entry.seq,
                amends: amendment.amends,
                result: ids.read(&amendment.result),
                encounter: amendment.encounter.into_owned(),
                time: time(),
                place,
            }
        }
        Some(Kind::SampleDrawn) => {
            let drawn: tarkka_ledger::payload::SampleDrawn = entry.payload()?;
            let assignments =
                drawn.assignments.into_iter().map(|a| (a.encounter, a.auditors)).collect();
            Read::Review(Box::new(ReviewRead::Drawn(entry.seq, assignments)), time())
        }
        Some(Kind::AssignmentReplaced) => {
            let r: tarkka_ledger::payload::AssignmentReplaced = entry.payload()?;
            let read = ReviewRead::Replaced {
                draw: r.draw,
                encounter: r.encounter,
                replacement: r.replacement,
            };
            Read::Review(Box::new(read), time())
        }
        Some(Kind::AssignmentTaken) => {
            let t: tarkka_ledger::payload::AssignmentTaken = entry.payload()?;
            let read =
                ReviewRead::Taken { draw: t.draw, encounter: t.encounter, auditor: t.auditor };
            Read::Review(Box::new(read), time())
        }
        Some(Kind::DisputeOpened) => {
            let d: tarkka_ledger::payload::DisputeOpened = entry.payload()?;
            let read = ReviewRead::Opened(DisputeFact {
                dispute: d.dispute,
                opened: stamp(entry)?,
                encounter: d.encounter,
                sheet: d.sheet,
                auditor: d.auditor,
                criteria: d.criteria.into_iter().map(|c| c.criterion).collect(),
                decided: None,
            });
            Read::Review(Box::new(read), time())
        }
        Some(Kind::DisputeDecided) => {
            let d: tarkka_ledger::payload::DisputeDecided = entry.payload()?;
            let read = ReviewRead::Decided {
                dispute: d.dispute,
                time: stamp(entry)?,
                outcome: d.outcome,
                accepted: d.accepted,
            };
            Read::Review(Box::new(read), time())
        }
        Some(Kind::EvaluationAcknowledged) => {
            let a: tarkka_ledger::payload::EvaluationAcknowledged = entry.payload()?;
            Read::Review(Box::new(ReviewRead::Acknowledged(a.encounter, a.result_at)), time())
        }
        Some(
            Kind::KeyAdded | Kind::KeyAdmitted | Kind::EvidenceVerified | Kind::SampleCommitted,
        )
        | None => Read::Other,
    })
}

impl ReportLedger {
    /// Replays the ledger for the report.
    pub fn replay(ledger: &impl Lines) -> Result<ReportLedger, LedgerError> {
        let ids = Ids::default();
        let mut replay = Replay::default();
        let replayed =
            tarkka_ledger::replay_with(ledger, &|entry, place| read(entry, place, &ids), |read| {
                replay.apply(read)
            })?;
        let Replay { mut encounters, index, .. } = replay;
        drop(index);
        encounters.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        Ok(ReportLedger {
            replayed,
            rubrics: replay.rubrics,
            encounters,
            latest: replay.latest,
            names: replay.names,
            fingerprints: replay.fingerprints,
            ids: ids.into_names(),
            amendment_places: replay.amendment_places,
            review: replay.review,
        })
    }
}

/// The replay in progress.
#[derive(Default)]
struct Replay {
    rubrics: BTreeMap<String, RubricRegistered>,
    /// Encounters in ledger order.
    encounters: Vec<(String, Encounter)>,
    /// Their places in `encounters`, by id: four bytes an encounter where
    /// a map owning the encounters took 250.
    index: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    latest: String,
    names: Names,
    fingerprints: Names,
    amendment_places: HashMap<u64, Place>,
    review: ReviewFacts,
}

impl Replay {
    /// The encounter with this id.
    fn encounter(&mut self, id: &str) -> Option<&mut Encounter> {
        let hash = self.hasher.hash_one(id);
        let encounters = &self.encounters;
        let &place = self.index.find(hash, |&place| encounters[place as usize].0 == id)?;
        Some(&mut self.encounters[place as usize].1)
    }

    /// Adds an encounter unless its id is taken (the first one counts).
    fn add(&mut self, id: String, encounter: impl FnOnce(&mut Replay) -> Encounter) -> bool {
        let hash = self.hasher.hash_one(id.as_str());
        let encounters = &self.encounters;
        if self.index.find(hash, |&place| encounters[place as usize].0 == id).is_some() {
            return false;
        }
        let place = u32::try_from(self.encounters.len()).expect("fewer than 2^32 encounters");
        let encounter = encounter(self);
        self.encounters.push((id, encounter));
        let (encounters, hasher) = (&self.encounters, &self.hasher);
        self.index.insert_unique(hash, place, |&place| {
            hasher.hash_one(encounters[place as usize].0.as_str())
        });
        true
    }

    /// Applies one entry, as [`LedgerState`](tarkka_ledger::LedgerState)
    /// would: the first registration of a rubric and of an encounter id
    /// counts, entries about unknown encounters are ignored.
    fn apply(&mut self, read: Read) {
        let time = match read {
            Read::Rubric(rubric) => {
                self.rubrics.entry(rubric.fingerprint.clone()).or_insert(rubric);
                return;
            }
            Read::Encounter(logged) => {
                let ReadEncounter {
                    id,
                    time,
                    case,
                    location,
                    agent,
                    rubric,
                    fingerprint,
                    recorded,
                } = *logged;
                let added = self.add(id, |replay| Encounter {
                    time,
                    case,
                    location: replay.names.intern(&location),
                    agent: replay.names.intern(&agent),
                    rubric_id: replay.names.intern(&rubric),
                    rubric: replay.fingerprints.intern(&fingerprint),
                    evidence: Vec::new(),
                    sheets: Vec::new(),
                });
                if !added {
                    return;
                }
                recorded
            }
            Read::Evidence { encounter, sha256, time } => {
                let Some(encounter) = self.encounter(&encounter) else { return };
                encounter.evidence.push(sha256);
                time
            }
            Read::Sheet(read) => {
                let ReadSheet { encounter, mut sheet, auditor, rubric, time } = *read;
                let (auditor, rubric) = (self.names.intern(&auditor), self.names.intern(&rubric));
                let Some(encounter) = self.encounter(&encounter) else { return };
                sheet.auditor = auditor;
                sheet.rubric = rubric;
                encounter.sheets.push(sheet);
                time
            }
            Read::Amendment { encounter, seq, amends, result, time, place } => {
                let Some(encounter) = self.encounter(&encounter) else { return };
                let chains = encounter.sheets.iter_mut().map(|sheet| &mut sheet.chain);
                if let Some(index) = Links::link(chains, seq, amends) {
                    encounter.sheets[index].result = result;
                    self.amendment_places.insert(seq, place);
                }
                time
            }
            Read::Review(read, time) => {
                self.review.apply(*read);
                time
            }
            Read::Other => return,
        };
        if *time > *self.latest {
            self.latest = time.into();
        }
    }
}

impl ReviewFacts {
    fn apply(&mut self, read: ReviewRead) {
        self.any = true;
        match read {
            ReviewRead::Drawn(draw, assignments) => {
                for (encounter, auditors) in assignments {
                    self.assigned.entry(encounter).or_default().push((draw, auditors));
                }
            }
            ReviewRead::Replaced { draw, encounter, replacement } => {
                let Some(list) = self.assigned.get_mut(&encounter) else { return };
                let Some(at) = list.iter().position(|(d, _)| *d == draw) else { return };
                let (_, auditors) = list.remove(at);
                if let Some(replacement) = replacement {
                    self.assigned.entry(replacement).or_default().push((draw, auditors));
                }
            }
            ReviewRead::Taken { draw, encounter, auditor } => {
                if let Some((_, auditors)) = self
                    .assigned
                    .get_mut(&encounter)
                    .and_then(|list| list.iter_mut().find(|(d, _)| *d == draw))
                    && auditors.is_empty()
                {
                    auditors.push(auditor);
                }
            }
            ReviewRead::Opened(dispute) => self.disputes.push(dispute),
            ReviewRead::Decided { dispute, time, outcome, accepted } => {
                if let Some(d) =
                    self.disputes.iter_mut().find(|d| d.dispute == dispute && d.decided.is_none())
                {
                    d.decided = Some((time, outcome, accepted));
                }
            }
            ReviewRead::Acknowledged(encounter, result_at) => {
                self.acknowledged.push((encounter, result_at))
            }
        }
    }
}

impl Encounter {
    /// Its latest scoresheet from `source`.
    pub fn latest(&self, source: Source) -> Option<&Sheet> {
        self.sheets
            .iter()
            .filter(|sheet| sheet.source == source)
            .max_by_key(|sheet| sheet.chain.sheet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;
    use tarkka_ledger::payload::{EncounterLogged, ScoreAmended, ScoresheetRecorded};
    use tarkka_ledger::{Ledger, LedgerState, NewEntry};

    /// A result whose overall score names the entry that wrote it.
    fn result(tag: u64) -> Box<RawValue> {
        let text = format!(r#"{{"criteria":[],"overall":"{tag}/1000","verdict":"pass"}}"#);
        RawValue::from_string(text).unwrap()
    }

    /// A tiny deterministic random stream (SplitMix64).
    struct Stream(u64);

    impl Stream {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) % n
        }
    }

    /// Random ledgers of scoresheets and amendments — amending sheets,
    /// amendments, later entries, entries of other encounters and nothing
    /// at all — give every scoresheet the current result and chain
    /// `chain::chains` gives it.
    #[test]
    fn amendments_land_where_the_full_replay_chains_them() {
        let time: jiff::Timestamp = "2026-05-14T14:40:00Z".parse().unwrap();
        let mut applied = 0;
        for seed in 0..40 {
            let mut random = Stream(seed);
            let dir = tempfile::tempdir().unwrap();
            let ledger = Ledger::new(dir.path().join("ledger.jsonl"));
            ledger.create().unwrap();
            let encounters = ["A", "B", "C"];
            let mut entries = Vec::new();
            for id in encounters {
                entries.push(NewEntry::new(
                    time,
                    "aino",
                    &EncounterLogged {
                        encounter: id.into(),
                        channel: "call".into(),
                        time: "2026-05-14T10:00+03:00".into(),
                        location: "Oulu".into(),
                        agent: "agent".into(),
                        auditor: "aino".into(),
                        case: None,
                        profile: Default::default(),
                        scenario: None,
                        rubric: "r".into(),
                        fingerprint: "f".into(),
                    },
                ));
            }
            // The scoresheets and amendments of each encounter so far.
            let mut written: [Vec<u64>; 3] = Default::default();
            for _ in 0..30 {
                let seq = entries.len() as u64 + 1;
                let which = random.below(3) as usize;
                let encounter = encounters[which].to_string();
                let earlier = &mut written[which];
                // Mostly an entry of the same encounter; else anything,
                // later entries included.
                let amends = if !earlier.is_empty() && random.below(4) > 0 {
                    earlier[random.below(earlier.len() as u64) as usize]
                } else {
                    1 + random.below(seq + 2)
                };
                earlier.push(seq);
                if random.below(3) == 0 {
                    entries.push(NewEntry::new(
                        time,
                        "aino",
                        &ScoresheetRecorded {
                            encounter,
                            source: if random.below(4) == 0 {
                                Source::Automatic
                            } else {
                                Source::Human
                            },
                            auditor: "aino".into(),
                            rubric: "r".into(),
                            fingerprint: "f".into(),
                            answers: RawValue::from_string("{}".into()).unwrap(),
                            evidence: Vec::new(),
                            required_evidence: Vec::new(),
                            missing_evidence_reason: None,
                            result: result(seq),
                            rules_fingerprint: None,
                            promises: Vec::new(),
                            assisted: None,
                        },
                    ));
                } else {
                    entries.push(NewEntry::new(
                        time,
                        "aino",
                        &ScoreAmended {
                            encounter,
                            amends,
                            criterion: "c".into(),
                            before: RawValue::from_string("null".into()).unwrap(),
                            after: RawValue::from_string("{}".into()).unwrap(),
                            reason: "r".into(),
                            result: result(seq),
                            dispute: None,
                        },
                    ));
                }
            }
            ledger.append(&entries, None).unwrap();

            let full = LedgerState::replay(&ledger).unwrap();
            let slim = ReportLedger::replay(&ledger).unwrap();
            assert_eq!(slim.replayed.head, full.head);
            for (id, encounter) in &slim.encounters {
                let chains = crate::chain::chains(&full.encounters[id]);
                assert_eq!(encounter.sheets.len(), chains.len(), "seed {seed}, {id}");
                for (sheet, chain) in encounter.sheets.iter().zip(&chains) {
                    let expected = tarkka_ledger::payload::summary_of(chain.result()).overall;
                    let expected = percent(expected.as_deref());
                    assert_eq!(
                        sheet.result.overall, expected,
                        "seed {seed}, {id}, {}",
                        sheet.chain.sheet
                    );
                    let members: Vec<u64> = chain.amendments.iter().map(|a| a.seq).collect();
                    assert_eq!(sheet.chain.amendments, members, "seed {seed}, {id}");
                    applied += members.len();
                }
            }
        }
        assert!(applied > 200, "only {applied} amendments landed: the test says little");
    }
}

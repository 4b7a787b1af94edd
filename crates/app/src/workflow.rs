//! The review workflow's view of the ledger (issue 18): the encounters a
//! draw can take, the commitments, draws, replacements and takings, the
//! scoresheets that answer them, disputes and acknowledgements — replayed
//! slim, in one pass, and the draw itself, which the writer and the
//! verifier compute with the same function.
//!
//! A draw is a function of the ledger before it: the pool is every
//! encounter logged before the draw's entry whose own date falls in the
//! committed period, that the plan's pool and exclusions admit, that no
//! auditor has scored and that no earlier draw took. Each pool encounter's
//! rank is the first eight bytes of SHA-256(seed ‖ id), where the seed is
//! SHA-256 over the plan's fingerprint and the commitment's entry hash; a
//! stratum gives its `quota` lowest ranks. Nobody chooses which: the
//! commitment's hash was fixed before the period's encounters existed.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher as _;

use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest as _, Sha256};
use tarkka_ledger::payload::{
    Assignment, AssignmentReplaced, AssignmentTaken, DisputeDecided, DisputeOpened,
    EvaluationAcknowledged, SampleCommitted, SampleDrawn, Source,
};
use tarkka_ledger::{Digest, EntryRef, Kind, LedgerError, Lines, replay_with};

use crate::plan::{Plan, Stratum, Test};

/// Interned names (agents, locations, auditors…), numbered from 0.
#[derive(Default)]
pub struct Names {
    values: Vec<Box<str>>,
    index: hashbrown::HashMap<Box<str>, u32>,
}

impl Names {
    /// The number of `name`, given one if new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&number) = self.index.get(name) {
            return number;
        }
        let number = u32::try_from(self.values.len()).expect("fewer than 2^32 names");
        self.values.push(name.into());
        self.index.insert(name.into(), number);
        number
    }

    /// The number of `name`, if known.
    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    /// The name numbered `number`.
    pub fn name(&self, number: u32) -> &str {
        &self.values[number as usize]
    }
}

/// One encounter, as the workflow keeps it.
pub struct Encounter {
    /// Its id.
    pub id: Box<str>,
    /// The entry that logged it.
    pub seq: u64,
    /// Its time as logged (RFC 3339 with the local offset).
    pub time: Box<str>,
    /// Its own local date.
    pub date: jiff::civil::Date,
    /// Agent, location, channel, rubric, scenario, case: interned.
    pub agent: u32,
    /// See `agent`.
    pub location: u32,
    /// See `agent`.
    pub channel: u32,
    /// See `agent`.
    pub rubric: u32,
    /// See `agent`; `u32::MAX` for none.
    pub scenario: u32,
    /// See `agent`; `u32::MAX` for none.
    pub case: u32,
    /// The customer profile as written, when not empty.
    pub profile: Option<Box<RawValue>>,
    /// The auditors' scoresheets: (auditor, entry).
    pub scored: Vec<(u32, u64)>,
    /// Drawn by this draw (its entry), if any.
    pub drawn: Option<u64>,
}

/// A commitment, with its entry's hash and time.
#[derive(Clone, Debug)]
pub struct Commitment {
    /// Its entry.
    pub seq: u64,
    /// Its entry's hash.
    pub hash: Digest,
    /// When it was recorded.
    pub time: String,
    /// Who committed.
    pub actor: String,
    /// What it committed.
    pub payload: SampleCommitted,
}

/// A draw, as it now stands.
#[derive(Clone, Debug)]
pub struct Draw {
    /// Its entry.
    pub seq: u64,
    /// When it was drawn.
    pub time: String,
    /// Who drew.
    pub actor: String,
    /// What it recorded.
    pub payload: SampleDrawn,
    /// The assignments now: the drawn ones with replacements made and
    /// takings applied, each with the entry that last changed it.
    pub current: Vec<Assignment>,
    /// The encounters replaced, with the replacement entries.
    pub replaced: Vec<(u64, AssignmentReplaced)>,
    /// When and by whom each replacement was made, by entry.
    pub replaced_at: BTreeMap<u64, (String, String)>,
    /// Each stratum's pool in rank order (encounter indices), for
    /// replacements; kept only when the replay recomputes draws.
    order: BTreeMap<String, Vec<u32>>,
}

/// A dispute and its decision, if any.
#[derive(Clone, Debug)]
pub struct Dispute {
    /// The opening entry.
    pub seq: u64,
    /// When it was opened.
    pub time: String,
    /// Who opened it.
    pub actor: String,
    /// What it says.
    pub opened: DisputeOpened,
    /// The decision: its entry, time, decider and payload.
    pub decided: Option<(u64, String, String, DisputeDecided)>,
}

/// An acknowledgement.
#[derive(Clone, Debug)]
pub struct Acknowledgement {
    /// Its entry.
    pub seq: u64,
    /// When.
    pub time: String,
    /// Who.
    pub actor: String,
    /// What.
    pub payload: EvaluationAcknowledged,
}

/// What a recomputed draw found wrong with a recorded one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    /// The entry (draw or replacement).
    pub seq: u64,
    /// What differs.
    pub message: tarkka_i18n::Message,
}

/// The workflow's state of a ledger.
#[derive(Default)]
pub struct Workflow {
    /// Interned names.
    pub names: Names,
    /// Every encounter, in ledger order.
    pub encounters: Vec<Encounter>,
    index: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// Commitments by entry.
    pub commitments: BTreeMap<u64, Commitment>,
    /// Draws by entry.
    pub draws: BTreeMap<u64, Draw>,
    /// Disputes in the order opened.
    pub disputes: Vec<Dispute>,
    /// Acknowledgements in ledger order.
    pub acknowledgements: Vec<Acknowledgement>,
    /// How many entries were read.
    pub entries: u64,
    /// What recomputing the draws found (with [`Workflow::replay`]'s
    /// `recompute`).
    pub discrepancies: Vec<Discrepancy>,
    /// How many draws and replacements were recomputed.
    pub recomputed: u64,
    /// The criteria amended by each dispute's decision so far.
    amended_by: BTreeSet<(String, String)>,
}

/// One entry as a parsing thread read it.
enum Read {
    Encounter(Box<ReadEncounter>),
    Sheet {
        encounter: Box<str>,
        auditor: Box<str>,
        seq: u64,
    },
    /// An amendment a dispute's decision made: its entry, the dispute and
    /// the criterion.
    Amended(u64, String, String),
    Committed(Box<Commitment>),
    Drawn(Box<(u64, String, String, SampleDrawn)>),
    Replaced(Box<(u64, String, String, AssignmentReplaced)>),
    Taken(u64, AssignmentTaken),
    Opened(Box<Dispute>),
    Decided(Box<(u64, String, String, DisputeDecided)>),
    Acknowledged(Box<Acknowledgement>),
    Other,
}

struct ReadEncounter {
    seq: u64,
    id: Box<str>,
    time: Box<str>,
    date: jiff::civil::Date,
    agent: Box<str>,
    location: Box<str>,
    channel: Box<str>,
    rubric: Box<str>,
    scenario: Option<Box<str>>,
    case: Option<Box<str>>,
    profile: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct LoggedView<'a> {
    #[serde(borrow)]
    encounter: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    channel: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    time: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    location: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    agent: std::borrow::Cow<'a, str>,
    #[serde(default, borrow)]
    case: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    profile: Option<&'a RawValue>,
    #[serde(default, borrow)]
    scenario: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    rubric: std::borrow::Cow<'a, str>,
}

#[derive(Deserialize)]
struct SheetView<'a> {
    #[serde(borrow)]
    encounter: std::borrow::Cow<'a, str>,
    source: Source,
    #[serde(borrow)]
    auditor: std::borrow::Cow<'a, str>,
}

fn view<'a, T: Deserialize<'a>>(entry: &'a EntryRef<'_>) -> Result<T, String> {
    serde_json::from_str(entry.payload.get()).map_err(|error| {
        format!("entry {}: the `{}` payload is malformed: {error}", entry.seq, entry.kind)
    })
}

/// An encounter's own local date, from its RFC 3339 time.
pub fn date_of(time: &str) -> Option<jiff::civil::Date> {
    time.get(..10)?.parse().ok()
}

fn read(entry: &EntryRef<'_>, encounters: bool) -> Result<Read, String> {
    let meta = || (entry.seq, entry.time.to_string(), entry.actor.to_string());
    Ok(match entry.known_kind() {
        Some(Kind::EncounterLogged | Kind::ScoresheetRecorded) if !encounters => Read::Other,
        Some(Kind::EncounterLogged) => {
            let logged: LoggedView<'_> = view(entry)?;
            let date = date_of(&logged.time).ok_or_else(|| {
                format!("entry {}: the encounter's time `{}` has no date", entry.seq, logged.time)
            })?;
            Read::Encounter(Box::new(ReadEncounter {
                seq: entry.seq,
                id: logged.encounter.into(),
                time: logged.time.into(),
                date,
                agent: logged.agent.into(),
                location: logged.location.into(),
                channel: logged.channel.into(),
                rubric: logged.rubric.into(),
                scenario: logged.scenario.map(Into::into),
                case: logged.case.map(Into::into),
                profile: logged.profile.filter(|p| p.get() != "{}").map(ToOwned::to_owned),
            }))
        }
        Some(Kind::ScoresheetRecorded) => {
            let sheet: SheetView<'_> = view(entry)?;
            if sheet.source == Source::Human {
                Read::Sheet {
                    encounter: sheet.encounter.into(),
                    auditor: sheet.auditor.into(),
                    seq: entry.seq,
                }
            } else {
                Read::Other
            }
        }
        Some(Kind::ScoreAmended) if entry.payload.get().contains(r#""dispute":"#) => {
            #[derive(Deserialize)]
            struct Linked {
                criterion: String,
                #[serde(default)]
                dispute: Option<String>,
            }
            let linked: Linked = view(entry)?;
            match linked.dispute {
                Some(dispute) => Read::Amended(entry.seq, dispute, linked.criterion),
                None => Read::Other,
            }
        }
        Some(Kind::SampleCommitted) => {
            let (seq, time, actor) = meta();
            Read::Committed(Box::new(Commitment {
                seq,
                hash: entry.hash,
                time,
                actor,
                payload: entry.payload()?,
            }))
        }
        Some(Kind::SampleDrawn) => {
            let (seq, time, actor) = meta();
            Read::Drawn(Box::new((seq, time, actor, entry.payload()?)))
        }
        Some(Kind::AssignmentReplaced) => {
            let (seq, time, actor) = meta();
            Read::Replaced(Box::new((seq, time, actor, entry.payload()?)))
        }
        Some(Kind::AssignmentTaken) => Read::Taken(entry.seq, entry.payload()?),
        Some(Kind::DisputeOpened) => {
            let (seq, time, actor) = meta();
            Read::Opened(Box::new(Dispute {
                seq,
                time,
                actor,
                opened: entry.payload()?,
                decided: None,
            }))
        }
        Some(Kind::DisputeDecided) => {
            let (seq, time, actor) = meta();
            Read::Decided(Box::new((seq, time, actor, entry.payload()?)))
        }
        Some(Kind::EvaluationAcknowledged) => {
            let (seq, time, actor) = meta();
            Read::Acknowledged(Box::new(Acknowledgement {
                seq,
                time,
                actor,
                payload: entry.payload()?,
            }))
        }
        _ => Read::Other,
    })
}

/// The ledger as the workflow sees it, and (with `recompute`) what
/// recomputing every draw and replacement from the entries before it found.
pub struct Replay {
    /// Recompute draws and replacements as they are met, and keep each
    /// stratum's order for replacements.
    pub recompute: bool,
    /// Keep the encounters and their auditors' scoresheets (for draws and
    /// queues); without them the replay keeps only the workflow's own
    /// entries, which disputes and acknowledgements need.
    pub encounters: bool,
}

impl Replay {
    /// Encounters kept, draws taken as recorded: for commitments, draws,
    /// takings and queues.
    pub fn pool() -> Replay {
        Replay { recompute: false, encounters: true }
    }

    /// Every draw and replacement recomputed as it is met: for `assign
    /// --verify` and replacements.
    pub fn recomputing() -> Replay {
        Replay { recompute: true, encounters: true }
    }

    /// The workflow's own entries only: for disputes, acknowledgements and
    /// an encounter's trail.
    pub fn facts() -> Replay {
        Replay { recompute: false, encounters: false }
    }
}

impl Workflow {
    /// Replays `ledger`.
    pub fn replay(ledger: &impl Lines, how: &Replay) -> Result<Workflow, LedgerError> {
        let mut workflow = Workflow::default();
        let keep = how.encounters;
        replay_with(ledger, &|entry, _| read(entry, keep), |read| {
            workflow.apply(read, how.recompute)
        })?;
        Ok(workflow)
    }

    /// The encounter with this id.
    pub fn encounter(&self, id: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(id);
        self.index.find(hash, |&i| &*self.encounters[i as usize].id == id).copied()
    }

    fn apply(&mut self, read: Read, recompute: bool) {
        self.entries += 1;
        match read {
            Read::Encounter(logged) => {
                if self.encounter(&logged.id).is_some() {
                    return;
                }
                let number = u32::try_from(self.encounters.len()).expect("fewer than 2^32");
                let hash = self.hasher.hash_one(&*logged.id);
                let encounters = &self.encounters;
                let hasher = &self.hasher;
                self.index
                    .insert_unique(hash, number, |&i| hasher.hash_one(&*encounters[i as usize].id));
                let names = &mut self.names;
                let ReadEncounter {
                    seq,
                    id,
                    time,
                    date,
                    agent,
                    location,
                    channel,
                    rubric,
                    scenario,
                    case,
                    profile,
                    ..
                } = *logged;
                self.encounters.push(Encounter {
                    id,
                    seq,
                    time,
                    date,
                    agent: names.intern(&agent),
                    location: names.intern(&location),
                    channel: names.intern(&channel),
                    rubric: names.intern(&rubric),
                    scenario: scenario.map_or(u32::MAX, |s| names.intern(&s)),
                    case: case.map_or(u32::MAX, |c| names.intern(&c)),
                    profile,
                    scored: Vec::new(),
                    drawn: None,
                });
            }
            Read::Sheet { encounter, auditor, seq } => {
                let auditor = self.names.intern(&auditor);
                if let Some(i) = self.encounter(&encounter) {
                    self.encounters[i as usize].scored.push((auditor, seq));
                }
            }
            Read::Committed(commitment) => {
                self.commitments.insert(commitment.seq, *commitment);
            }
            Read::Drawn(drawn) => {
                let (seq, time, actor, payload) = *drawn;
                let mut order = BTreeMap::new();
                if recompute {
                    self.recomputed += 1;
                    if let Some(first) =
                        self.draws.values().find(|d| d.payload.commitment == payload.commitment)
                    {
                        self.discrepancies.push(Discrepancy {
                            seq,
                            message: tarkka_i18n::msg!(
                                "assign-verify-drawn-twice",
                                seq = seq,
                                commitment = payload.commitment,
                                first = first.seq
                            ),
                        });
                    }
                    match self.recompute_draw(seq, &payload) {
                        Ok(drawn) => order = drawn.order,
                        Err(message) => self.discrepancies.push(Discrepancy { seq, message }),
                    }
                }
                for assignment in &payload.assignments {
                    if let Some(i) = self.encounter(&assignment.encounter) {
                        self.encounters[i as usize].drawn.get_or_insert(seq);
                    }
                }
                let current = payload.assignments.clone();
                self.draws.insert(
                    seq,
                    Draw {
                        seq,
                        time,
                        actor,
                        payload,
                        current,
                        replaced: Vec::new(),
                        replaced_at: BTreeMap::new(),
                        order,
                    },
                );
            }
            Read::Replaced(replaced) => {
                let (seq, time, actor, replaced) = *replaced;
                if let Some(draw) = self.draws.get_mut(&replaced.draw) {
                    draw.replaced_at.insert(seq, (time, actor));
                }
                if recompute {
                    self.recomputed += 1;
                    if let Some(&(auditor, scored)) = self
                        .encounter(&replaced.encounter)
                        .and_then(|i| self.encounters[i as usize].scored.first())
                    {
                        self.discrepancies.push(Discrepancy {
                            seq,
                            message: tarkka_i18n::msg!(
                                "assign-verify-replaced-scored",
                                seq = seq,
                                encounter = replaced.encounter.as_str(),
                                auditor = self.names.name(auditor),
                                scored = scored
                            ),
                        });
                    }
                    let expected = self.next_in_stratum(replaced.draw, &replaced.encounter);
                    match expected {
                        Ok(expected) if expected == replaced.replacement => {}
                        Ok(expected) => self.discrepancies.push(Discrepancy {
                            seq,
                            message: tarkka_i18n::msg!(
                                "assign-verify-replacement",
                                seq = seq,
                                recorded = replaced.replacement.clone().unwrap_or("–".into()),
                                expected = expected.unwrap_or("–".into())
                            ),
                        }),
                        Err(message) => self.discrepancies.push(Discrepancy { seq, message }),
                    }
                }
                self.apply_replacement(seq, replaced);
            }
            Read::Taken(seq, taken) => {
                let agent = self
                    .encounter(&taken.encounter)
                    .map(|i| self.names.name(self.encounters[i as usize].agent).to_string());
                let open = self
                    .draws
                    .get(&taken.draw)
                    .and_then(|d| d.current.iter().find(|a| a.encounter == taken.encounter))
                    .map(|a| a.auditors.is_empty());
                if recompute && (open != Some(true) || agent.as_deref() == Some(&taken.auditor)) {
                    self.discrepancies.push(Discrepancy {
                        seq,
                        message: tarkka_i18n::msg!(
                            "assign-verify-taking",
                            seq = seq,
                            encounter = taken.encounter.as_str(),
                            auditor = taken.auditor.as_str()
                        ),
                    });
                }
                if let Some(draw) = self.draws.get_mut(&taken.draw)
                    && let Some(assignment) =
                        draw.current.iter_mut().find(|a| a.encounter == taken.encounter)
                    && assignment.auditors.is_empty()
                {
                    assignment.auditors.push(taken.auditor);
                }
            }
            Read::Amended(seq, dispute, criterion) => {
                let accepted = self.disputes.iter().any(|d| {
                    d.opened.dispute == dispute
                        && d.decided
                            .as_ref()
                            .is_some_and(|(_, _, _, x)| x.accepted.contains(&criterion))
                });
                let first = self.amended_by.insert((dispute.clone(), criterion.clone()));
                if recompute && !(accepted && first) {
                    self.discrepancies.push(Discrepancy {
                        seq,
                        message: tarkka_i18n::msg!(
                            "assign-verify-amendment",
                            seq = seq,
                            dispute = dispute.as_str(),
                            criterion = criterion.as_str()
                        ),
                    });
                }
            }
            Read::Opened(dispute) => self.disputes.push(*dispute),
            Read::Decided(decided) => {
                let (seq, decider, id) = (decided.0, decided.2.clone(), decided.3.dispute.clone());
                let found = self.disputes.iter_mut().find(|d| d.opened.dispute == id);
                let wrong = match &found {
                    None => true,
                    Some(d) => {
                        d.decided.is_some()
                            || [&d.opened.auditor, &d.actor, &d.opened.agent].contains(&&decider)
                    }
                };
                if recompute && wrong {
                    self.discrepancies.push(Discrepancy {
                        seq,
                        message: tarkka_i18n::msg!(
                            "assign-verify-decision",
                            seq = seq,
                            dispute = id.as_str(),
                            actor = decider.as_str()
                        ),
                    });
                }
                if let Some(dispute) = found
                    && dispute.decided.is_none()
                {
                    dispute.decided = Some(*decided);
                }
            }
            Read::Acknowledged(acknowledgement) => self.acknowledgements.push(*acknowledgement),
            Read::Other => {}
        }
    }

    /// Who scores a replacement: the replaced encounter's auditors, but
    /// never the replacement's own agent (left to the team's queue when no
    /// one else is left).
    pub fn replacement_auditors(&self, auditors: &[String], replacement: &str) -> Vec<String> {
        let agent = self
            .encounter(replacement)
            .map(|i| self.names.name(self.encounters[i as usize].agent).to_string());
        auditors.iter().filter(|a| Some(a.as_str()) != agent.as_deref()).cloned().collect()
    }

    fn apply_replacement(&mut self, seq: u64, replaced: AssignmentReplaced) {
        let replacement = replaced.replacement.as_deref().and_then(|id| self.encounter(id));
        let auditors = self
            .draws
            .get(&replaced.draw)
            .and_then(|d| d.current.iter().find(|a| a.encounter == replaced.encounter))
            .zip(replaced.replacement.as_deref())
            .map(|(old, id)| self.replacement_auditors(&old.auditors, id));
        let Some(draw) = self.draws.get_mut(&replaced.draw) else { return };
        if let Some(position) = draw.current.iter().position(|a| a.encounter == replaced.encounter)
        {
            let old = draw.current.remove(position);
            if let Some(id) = &replaced.replacement {
                let auditors = auditors.unwrap_or_default();
                draw.current
                    .insert(position, Assignment { encounter: id.clone(), auditors, ..old });
                if let Some(i) = replacement {
                    self.encounters[i as usize].drawn.get_or_insert(replaced.draw);
                }
            }
        }
        draw.replaced.push((seq, replaced));
    }

    /// The encounter a replacement of `encounter` in `draw` takes now: the
    /// next of its stratum in rank order that is neither in the draw nor
    /// taken out of it, nor scored, nor drawn by another draw.
    pub fn next_in_stratum(
        &self,
        draw: u64,
        encounter: &str,
    ) -> Result<Option<String>, tarkka_i18n::Message> {
        let Some(recorded) = self.draws.get(&draw) else {
            return Err(tarkka_i18n::msg!("assign-no-draw", draw = draw));
        };
        let Some(assignment) = recorded.current.iter().find(|a| a.encounter == encounter) else {
            return Err(tarkka_i18n::msg!("assign-not-drawn", encounter = encounter, draw = draw));
        };
        let Some(order) = recorded.order.get(&assignment.stratum) else {
            return Err(tarkka_i18n::msg!("assign-draw-unverified", draw = draw));
        };
        let taken_out: BTreeSet<&str> =
            recorded.replaced.iter().map(|(_, r)| r.encounter.as_str()).collect();
        let next = order.iter().map(|&i| &self.encounters[i as usize]).find(|candidate| {
            let id = &*candidate.id;
            !recorded.current.iter().any(|a| a.encounter == id)
                && !taken_out.contains(id)
                && candidate.scored.is_empty()
                && candidate.drawn.is_none()
        });
        Ok(next.map(|candidate| candidate.id.to_string()))
    }

    /// Recomputes a recorded draw from the state before it; a message
    /// names the first difference.
    fn recompute_draw(
        &self,
        seq: u64,
        recorded: &SampleDrawn,
    ) -> Result<Drawn, tarkka_i18n::Message> {
        let Some(commitment) = self.commitments.get(&recorded.commitment) else {
            return Err(tarkka_i18n::msg!(
                "assign-verify-no-commitment",
                seq = seq,
                commitment = recorded.commitment
            ));
        };
        let text = &commitment.payload.text;
        if crate::plan::fingerprint(text) != commitment.payload.fingerprint {
            return Err(tarkka_i18n::msg!("assign-verify-fingerprint", seq = recorded.commitment));
        }
        let plan = crate::plan::parse(std::path::Path::new(&commitment.payload.plan), text)
            .map_err(|error| error.message())?;
        let period = Period::of(&commitment.payload).map_err(|_| {
            tarkka_i18n::msg!("assign-verify-fingerprint", seq = recorded.commitment)
        })?;
        // The due dates count from the day the draw states; the draw must
        // come after its period.
        let day: jiff::civil::Date = recorded.day.parse().map_err(|_| {
            tarkka_i18n::msg!(
                "assign-verify-early",
                seq = seq,
                day = tarkka_i18n::date(recorded.day.as_str()),
                to = tarkka_i18n::date(period.to.to_string())
            )
        })?;
        if day <= period.to {
            return Err(tarkka_i18n::msg!(
                "assign-verify-early",
                seq = seq,
                day = tarkka_i18n::date(recorded.day.as_str()),
                to = tarkka_i18n::date(period.to.to_string())
            ));
        }
        let commitment = commitment.clone();
        let drawn = draw(self, &plan, &commitment, period, day);
        let differs = |what: &str, recorded: String, computed: String| {
            Err(tarkka_i18n::msg!(
                "assign-verify-differs",
                seq = seq,
                what = what,
                recorded = recorded,
                computed = computed
            ))
        };
        if drawn.seed != recorded.seed {
            return differs("seed", recorded.seed.to_hex(), drawn.seed.to_hex());
        }
        if drawn.pool != recorded.pool || drawn.pool_sha256 != recorded.pool_sha256 {
            return differs(
                "pool",
                format!("{} ({}…)", recorded.pool, &recorded.pool_sha256.to_hex()[..12]),
                format!("{} ({}…)", drawn.pool, &drawn.pool_sha256.to_hex()[..12]),
            );
        }
        if let Some((a, b)) =
            recorded.assignments.iter().zip(&drawn.assignments).find(|(a, b)| a != b)
        {
            return differs(
                "assignment",
                format!("{} → {} ({})", a.encounter, a.auditors.join("+"), a.due),
                format!("{} → {} ({})", b.encounter, b.auditors.join("+"), b.due),
            );
        }
        if recorded.assignments.len() != drawn.assignments.len() {
            return differs(
                "count",
                recorded.assignments.len().to_string(),
                drawn.assignments.len().to_string(),
            );
        }
        Ok(drawn)
    }
}

/// A sampling period: its first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: jiff::civil::Date,
    /// The last day, inclusive.
    pub to: jiff::civil::Date,
}

impl Period {
    /// Reads `2026-W50` (an ISO week), `2026-12` (a month), `2026-12-07`
    /// (a day) or `2026-12-07..2026-12-13`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        if let Some((from, to)) = text.split_once("..") {
            let (from, to) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
            return (from <= to).then_some(Period { from, to });
        }
        if let Some((year, week)) = text.split_once("-W").or_else(|| text.split_once("-w")) {
            let week = jiff::civil::ISOWeekDate::new(
                year.parse().ok()?,
                week.parse().ok()?,
                jiff::civil::Weekday::Monday,
            )
            .ok()?;
            let from = week.date();
            return Some(Period { from, to: from.checked_add(jiff::Span::new().days(6)).ok()? });
        }
        if let Ok(day) = text.parse::<jiff::civil::Date>() {
            return Some(Period { from: day, to: day });
        }
        let (year, month) = text.split_once('-')?;
        let from = jiff::civil::Date::new(year.parse().ok()?, month.parse().ok()?, 1).ok()?;
        Some(Period { from, to: from.last_of_month() })
    }

    /// The period a commitment names.
    pub fn of(committed: &SampleCommitted) -> Result<Period, jiff::Error> {
        Ok(Period { from: committed.from.parse()?, to: committed.to.parse()? })
    }

    /// Whether the period holds `date`.
    pub fn holds(&self, date: jiff::civil::Date) -> bool {
        self.from <= date && date <= self.to
    }

    /// Whether two periods share a day.
    pub fn overlaps(&self, other: &Period) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

/// A draw computed.
pub struct Drawn {
    /// The seed.
    pub seed: Digest,
    /// How many encounters the pool held.
    pub pool: u64,
    /// The SHA-256 of their ids, sorted, one per line.
    pub pool_sha256: Digest,
    /// How many strata the pool fell into.
    pub strata: u64,
    /// Strata that gave fewer than the quota: (stratum, how many).
    pub short: Vec<(String, u64)>,
    /// The drawn encounters with their auditors and due dates.
    pub assignments: Vec<Assignment>,
    order: BTreeMap<String, Vec<u32>>,
}

/// The seed of a commitment's draw.
pub fn seed(plan_fingerprint: &str, commitment_hash: &Digest) -> Digest {
    let text = format!("tarkka-draw/1\n{plan_fingerprint}\n{}\n", commitment_hash.to_hex());
    Digest::of(text.as_bytes())
}

/// An encounter's rank under a seed: the first eight bytes of
/// SHA-256(seed ‖ id), big-endian.
pub fn rank(seed: &Digest, id: &str) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed.0);
    hasher.update(id.as_bytes());
    let digest = hasher.finalize();
    u64::from_be_bytes(digest[..8].try_into().expect("eight bytes"))
}

/// Draws under `commitment` from the encounters `workflow` holds now, on
/// `day` (which sets the due dates).
pub fn draw(
    workflow: &Workflow,
    plan: &Plan,
    commitment: &Commitment,
    period: Period,
    day: jiff::civil::Date,
) -> Drawn {
    let seed = seed(&commitment.payload.fingerprint, &commitment.hash);
    let names = &workflow.names;
    let wanted = |list: &[String]| -> Option<Vec<u32>> {
        (!list.is_empty()).then(|| list.iter().filter_map(|n| names.get(n)).collect())
    };
    let (rubrics, channels, locations) =
        (wanted(&plan.rubrics), wanted(&plan.channels), wanted(&plan.locations));
    let admits = |allowed: &Option<Vec<u32>>, value: u32| {
        allowed.as_ref().is_none_or(|allowed| allowed.contains(&value))
    };
    // Each encounter is judged, ranked and given its stratum's key on
    // both cores, a block of encounters at a time.
    let blocks: Vec<std::ops::Range<u32>> = (0..workflow.encounters.len() as u32)
        .step_by(BLOCK as usize)
        .map(|first| first..(first + BLOCK).min(workflow.encounters.len() as u32))
        .collect();
    let judged: Vec<Vec<(u32, u64, StratumKey)>> = crate::parallel::map(&blocks, |block| {
        block
            .clone()
            .filter(|&i| {
                let e = &workflow.encounters[i as usize];
                e.scored.is_empty()
                    && e.drawn.is_none()
                    && period.holds(e.date)
                    && admits(&rubrics, e.rubric)
                    && admits(&channels, e.channel)
                    && admits(&locations, e.location)
                    && !plan.exclude.iter().any(|x| excluded(workflow, e, &x.field, &x.test))
            })
            .map(|i| {
                let e = &workflow.encounters[i as usize];
                (i, rank(&seed, &e.id), stratum_key(e, &plan.strata))
            })
            .collect()
    });
    let pool: Vec<(u32, u64, StratumKey)> = judged.into_iter().flatten().collect();
    // The pool's digest: its ids sorted, one per line.
    let mut ids: Vec<&str> =
        pool.iter().map(|&(i, _, _)| &*workflow.encounters[i as usize].id).collect();
    ids.sort_unstable();
    let mut hasher = Sha256::new();
    for id in &ids {
        hasher.update(id.as_bytes());
        hasher.update(b"\n");
    }
    let pool_sha256 = Digest(hasher.finalize().into());
    drop(ids);
    let mut keyed: hashbrown::HashMap<StratumKey, Vec<(u64, u32)>> = hashbrown::HashMap::new();
    for &(i, rank, key) in &pool {
        keyed.entry(key).or_default().push((rank, i));
    }
    // Strata by name, so that the draw's order does not depend on hashing.
    let mut strata: BTreeMap<String, Vec<(u64, u32)>> = keyed
        .into_values()
        .map(|members| {
            let e = &workflow.encounters[members[0].1 as usize];
            (stratum_of(workflow, e, &plan.strata), members)
        })
        .collect();
    let by_id = |a: &(u64, u32), b: &(u64, u32)| {
        a.0.cmp(&b.0).then_with(|| {
            workflow.encounters[a.1 as usize].id.cmp(&workflow.encounters[b.1 as usize].id)
        })
    };
    let mut drawn: Vec<(u64, u32, &str)> = Vec::new();
    let mut short = Vec::new();
    let mut order = BTreeMap::new();
    for (stratum, members) in &mut strata {
        members.sort_unstable_by(by_id);
        let take = members.len().min(plan.quota as usize);
        if take < plan.quota as usize {
            short.push((stratum.clone(), take as u64));
        }
        drawn.extend(members[..take].iter().map(|&(rank, i)| (rank, i, stratum.as_str())));
        order.insert(stratum.clone(), members.iter().map(|&(_, i)| i).collect());
    }
    drawn.sort_unstable_by(|a, b| by_id(&(a.0, a.1), &(b.0, b.1)));
    let due = day
        .checked_add(jiff::Span::new().days(i64::from(plan.due_days)))
        .unwrap_or(day)
        .to_string();
    let assignments = assign_auditors(workflow, plan, &drawn, &due);
    Drawn {
        seed,
        pool: pool.len() as u64,
        pool_sha256,
        strata: strata.len() as u64,
        short,
        assignments,
        order,
    }
}

/// Who scores each drawn encounter: the first `calibration` (in rank
/// order) every auditor; the others `scorers` each, to whoever has the
/// least work for their capacity (earlier in the plan on a tie), never to
/// the encounter's own agent. No auditors: left to the team's queue.
fn assign_auditors(
    workflow: &Workflow,
    plan: &Plan,
    drawn: &[(u64, u32, &str)],
    due: &str,
) -> Vec<Assignment> {
    let mut load = vec![0u64; plan.auditors.len()];
    drawn
        .iter()
        .enumerate()
        .map(|(n, &(_, i, stratum))| {
            let e = &workflow.encounters[i as usize];
            let agent = workflow.names.name(e.agent);
            let eligible: Vec<usize> =
                (0..plan.auditors.len()).filter(|&a| plan.auditors[a].id != agent).collect();
            let chosen: Vec<usize> = if (n as u64) < u64::from(plan.calibration) {
                eligible
            } else {
                let mut by_load = eligible;
                // Least work per capacity first: compare a/c with b/d as a·d with b·c.
                by_load.sort_by(|&a, &b| {
                    let (ca, cb) = (
                        u64::from(plan.auditors[a].capacity),
                        u64::from(plan.auditors[b].capacity),
                    );
                    (load[a] * cb).cmp(&(load[b] * ca)).then(a.cmp(&b))
                });
                by_load.truncate(plan.scorers as usize);
                by_load.sort_unstable();
                by_load
            };
            for &a in &chosen {
                load[a] += 1;
            }
            Assignment {
                encounter: e.id.to_string(),
                stratum: stratum.to_string(),
                auditors: chosen.iter().map(|&a| plan.auditors[a].id.clone()).collect(),
                due: due.to_string(),
            }
        })
        .collect()
}

/// Encounters judged a block at a time.
const BLOCK: u32 = 1 << 14;

/// A stratum as numbers: per field of the plan's strata, in order, the
/// interned value or the date's number (`u32::MAX` for none).
type StratumKey = [u32; 8];

fn stratum_key(e: &Encounter, strata: &[Stratum]) -> StratumKey {
    let mut key = [0; 8];
    for (slot, stratum) in key.iter_mut().zip(strata) {
        let date = e.date;
        *slot = match stratum {
            Stratum::Agent => e.agent,
            Stratum::Location => e.location,
            Stratum::Channel => e.channel,
            Stratum::Rubric => e.rubric,
            Stratum::Scenario => e.scenario,
            Stratum::Day => {
                (date.year() as u32) * 10_000 + (date.month() as u32) * 100 + date.day() as u32
            }
            Stratum::Week => {
                let week = date.iso_week_date();
                (week.year() as u32) * 100 + week.week() as u32
            }
            Stratum::Month => (date.year() as u32) * 100 + date.month() as u32,
        };
    }
    key
}

/// An encounter's stratum: `field=value` pairs joined with `;` (`all` when
/// the plan has no strata). A value's `\`, `;` and `=` are escaped with a
/// `\`, and a field the encounter lacks (no scenario) is its name alone,
/// so that two strata never share a name.
fn stratum_of(workflow: &Workflow, e: &Encounter, strata: &[Stratum]) -> String {
    if strata.is_empty() {
        return "all".into();
    }
    let name = |n: u32| (n != u32::MAX).then(|| workflow.names.name(n).to_string());
    let parts: Vec<String> = strata
        .iter()
        .map(|stratum| {
            let value = match stratum {
                Stratum::Agent => name(e.agent),
                Stratum::Location => name(e.location),
                Stratum::Channel => name(e.channel),
                Stratum::Rubric => name(e.rubric),
                Stratum::Scenario => name(e.scenario),
                Stratum::Day => Some(e.date.to_string()),
                Stratum::Week => {
                    let week = e.date.iso_week_date();
                    Some(format!("{}-W{:02}", week.year(), week.week()))
                }
                Stratum::Month => Some(format!("{}-{:02}", e.date.year(), e.date.month())),
            };
            match value {
                Some(value) => {
                    let mut escaped = String::with_capacity(value.len());
                    for c in value.chars() {
                        if matches!(c, '\\' | ';' | '=') {
                            escaped.push('\\');
                        }
                        escaped.push(c);
                    }
                    format!("{}={escaped}", stratum.name())
                }
                None => stratum.name().to_string(),
            }
        })
        .collect();
    parts.join(";")
}

/// Whether an exclusion leaves `e` out.
fn excluded(workflow: &Workflow, e: &Encounter, field: &str, test: &Test) -> bool {
    let name = |n: u32| (n != u32::MAX).then(|| workflow.names.name(n).to_string());
    let value: Option<serde_json::Value> = match field {
        "agent" => name(e.agent).map(Into::into),
        "location" => name(e.location).map(Into::into),
        "channel" => name(e.channel).map(Into::into),
        "rubric" => name(e.rubric).map(Into::into),
        "scenario" => name(e.scenario).map(Into::into),
        "case" => name(e.case).map(Into::into),
        _ => {
            let key = field.strip_prefix("profile.").unwrap_or(field);
            e.profile.as_ref().and_then(|profile| {
                let fields: hashbrown::HashMap<std::borrow::Cow<'_, str>, &RawValue> =
                    serde_json::from_str(profile.get()).ok()?;
                serde_json::from_str(fields.get(key)?.get()).ok()
            })
        }
    };
    let Some(value) = value else { return false };
    let number = match &value {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.replace(',', ".").parse().ok(),
        _ => None,
    };
    match test {
        Test::Below(limit) => number.is_some_and(|n| n < *limit),
        Test::Above(limit) => number.is_some_and(|n| n > *limit),
        Test::In(values) => {
            let text = match &value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            values.contains(&text)
        }
    }
}

/// One workflow fact about an encounter, for `encounter show`.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Step {
    /// Drawn into a sample (or put in as a replacement).
    Drawn {
        /// The draw's entry.
        draw: u64,
        /// The plan.
        plan: String,
        /// Its stratum.
        stratum: String,
        /// Who is to score it.
        auditors: Vec<String>,
        /// When it is due.
        due: String,
        /// The encounter it replaced, if it came in as a replacement.
        replaces: Option<String>,
    },
    /// Taken out of a sample.
    Replaced {
        /// The draw.
        draw: u64,
        /// What came in its place.
        replacement: Option<String>,
        /// Why.
        reason: String,
    },
    /// A dispute opened.
    DisputeOpened(DisputeOpened),
    /// A dispute decided.
    DisputeDecided(DisputeDecided),
    /// The agent's acknowledgement.
    Acknowledged(EvaluationAcknowledged),
}

/// A workflow fact with its entry.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TrailEntry {
    /// Its entry.
    pub seq: u64,
    /// When.
    pub time: String,
    /// Who.
    pub actor: String,
    /// What.
    pub step: Step,
}

/// Every workflow fact about `encounter`, in ledger order.
pub fn trail(workflow: &Workflow, encounter: &str) -> Vec<TrailEntry> {
    let mut steps = Vec::new();
    for draw in workflow.draws.values() {
        if let Some(a) = draw.payload.assignments.iter().find(|a| a.encounter == encounter) {
            steps.push(TrailEntry {
                seq: draw.seq,
                time: draw.time.clone(),
                actor: draw.actor.clone(),
                step: Step::Drawn {
                    draw: draw.seq,
                    plan: draw.payload.plan.clone(),
                    stratum: a.stratum.clone(),
                    auditors: a.auditors.clone(),
                    due: a.due.clone(),
                    replaces: None,
                },
            });
        }
        for (seq, replaced) in &draw.replaced {
            let time = draw.replaced_at.get(seq).cloned().unwrap_or_default();
            if replaced.encounter == encounter {
                steps.push(TrailEntry {
                    seq: *seq,
                    time: time.0.clone(),
                    actor: time.1.clone(),
                    step: Step::Replaced {
                        draw: draw.seq,
                        replacement: replaced.replacement.clone(),
                        reason: replaced.reason.clone(),
                    },
                });
            }
            if replaced.replacement.as_deref() == Some(encounter)
                && let Some(a) = draw.current.iter().find(|a| a.encounter == encounter)
            {
                steps.push(TrailEntry {
                    seq: *seq,
                    time: time.0.clone(),
                    actor: time.1.clone(),
                    step: Step::Drawn {
                        draw: draw.seq,
                        plan: draw.payload.plan.clone(),
                        stratum: a.stratum.clone(),
                        auditors: a.auditors.clone(),
                        due: a.due.clone(),
                        replaces: Some(replaced.encounter.clone()),
                    },
                });
            }
        }
    }
    for dispute in workflow.disputes.iter().filter(|d| d.opened.encounter == encounter) {
        steps.push(TrailEntry {
            seq: dispute.seq,
            time: dispute.time.clone(),
            actor: dispute.actor.clone(),
            step: Step::DisputeOpened(dispute.opened.clone()),
        });
        if let Some((seq, time, actor, decided)) = &dispute.decided {
            steps.push(TrailEntry {
                seq: *seq,
                time: time.clone(),
                actor: actor.clone(),
                step: Step::DisputeDecided(decided.clone()),
            });
        }
    }
    for ack in workflow.acknowledgements.iter().filter(|a| a.payload.encounter == encounter) {
        steps.push(TrailEntry {
            seq: ack.seq,
            time: ack.time.clone(),
            actor: ack.actor.clone(),
            step: Step::Acknowledged(ack.payload.clone()),
        });
    }
    steps.sort_by_key(|s| s.seq);
    steps
}

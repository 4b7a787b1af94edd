//! The ledger replayed into what it currently says: rubrics, encounters,
//! their evidence, scoresheets and amendments.
//!
//! Replay trusts the ledger's content (that is [`verify`](crate::verify)'s
//! job) but reads every line, so it is what commands that need the current
//! state use.

use std::collections::BTreeMap;

use crate::entry::{Kind, parse_line};
use crate::error::LedgerError;
use std::path::Path;

use crate::Digest;
use crate::ledger::{Head, Ledger, Locked};
use crate::payload::*;

/// One entry that concerns an encounter, in ledger order.
#[derive(Clone, Debug)]
pub struct Recorded<T> {
    /// Its sequence number.
    pub seq: u64,
    /// When it was recorded.
    pub time: String,
    /// Who recorded it.
    pub actor: String,
    /// Its hash.
    pub hash: Digest,
    /// What it records.
    pub payload: T,
}

/// Everything the ledger knows about one encounter.
#[derive(Clone, Debug)]
pub struct EncounterState {
    /// The encounter as logged.
    pub logged: Recorded<EncounterLogged>,
    /// Its evidence, in ledger order.
    pub evidence: Vec<Recorded<EvidenceAttached>>,
    /// Its scoresheets, in ledger order.
    pub scoresheets: Vec<Recorded<ScoresheetRecorded>>,
    /// Amendments to them, in ledger order.
    pub amendments: Vec<Recorded<ScoreAmended>>,
}

/// The ledger replayed.
#[derive(Clone, Debug, Default)]
pub struct LedgerState {
    /// The head it was replayed to.
    pub head: Option<Head>,
    /// Every registered rubric, by fingerprint.
    pub rubrics: BTreeMap<String, Recorded<RubricRegistered>>,
    /// Encounters by id.
    pub encounters: BTreeMap<String, EncounterState>,
    /// Public keys added, by actor.
    pub keys: BTreeMap<String, Vec<String>>,
    /// How many entries were read.
    pub entries: u64,
    /// The RFC 6962 Merkle tree head over them, as `verify` prints it for
    /// a sound ledger.
    pub merkle_root: Digest,
}

impl LedgerState {
    /// Replays a ledger. An unreadable line is an error here; `verify`
    /// explains such problems in detail.
    pub fn replay(ledger: &Ledger) -> Result<LedgerState, LedgerError> {
        // Lines are parsed on both cores and applied in order.
        let mut replay = Replay::new(ledger.path());
        crate::scan::scan_lines(ledger.path(), 2, &parse, |line| replay.absorb(line))?;
        replay.finish()
    }

    /// Replays the ledger an appender holds locked.
    pub fn replay_locked(locked: &Locked<'_>) -> Result<LedgerState, LedgerError> {
        let mut replay = Replay::new(locked.path());
        let mut failure = None;
        locked.for_each_line(|number, line, complete| {
            if failure.is_none()
                && let Err(error) = replay.absorb(parse(number, line, complete))
            {
                failure = Some(error);
            }
        })?;
        match failure {
            Some(error) => Err(error),
            None => replay.finish(),
        }
    }

    fn apply(&mut self, entry: Parsed) {
        let Parsed { meta, payload } = entry;
        match payload {
            Fact::Rubric(rubric) => {
                self.rubrics.entry(rubric.fingerprint.clone()).or_insert(meta.recorded(rubric));
            }
            Fact::Encounter(logged) => {
                let id = logged.encounter.clone();
                self.encounters.entry(id).or_insert(EncounterState {
                    logged: meta.recorded(logged),
                    evidence: Vec::new(),
                    scoresheets: Vec::new(),
                    amendments: Vec::new(),
                });
            }
            Fact::Evidence(evidence) => {
                if let Some(encounter) = self.encounters.get_mut(&evidence.encounter) {
                    encounter.evidence.push(meta.recorded(evidence));
                }
            }
            Fact::Scoresheet(sheet) => {
                if let Some(encounter) = self.encounters.get_mut(&sheet.encounter) {
                    encounter.scoresheets.push(meta.recorded(*sheet));
                }
            }
            Fact::Amendment(amendment) => {
                if let Some(encounter) = self.encounters.get_mut(&amendment.encounter) {
                    encounter.amendments.push(meta.recorded(*amendment));
                }
            }
            Fact::Key(key) => self.keys.entry(key.actor).or_default().push(key.key),
            Fact::Other => {}
        }
    }

    /// The most recently registered rubric with this id.
    pub fn latest_rubric(&self, id: &str) -> Option<&Recorded<RubricRegistered>> {
        self.rubrics
            .values()
            .filter(|rubric| rubric.payload.rubric == id)
            .max_by_key(|rubric| rubric.seq)
    }

    /// The encounters of a case, in the order they were logged.
    pub fn case(&self, case: &str) -> Vec<&EncounterState> {
        let mut encounters: Vec<&EncounterState> = self
            .encounters
            .values()
            .filter(|e| e.logged.payload.case.as_deref() == Some(case))
            .collect();
        encounters.sort_by_key(|encounter| encounter.logged.seq);
        encounters
    }
}

/// One line, parsed (on any thread) for replay.
enum Line {
    /// An incomplete last line: never acknowledged, not part of the state.
    Torn,
    /// A line that is not an entry.
    Bad { number: u64, detail: String },
    /// An entry in a newer format.
    Newer { seq: u64, format: u32 },
    /// An entry.
    Entry(Box<Parsed>, Option<crate::entry::Batch>),
}

/// An entry's place and what it records.
struct Parsed {
    meta: Meta,
    payload: Fact,
}

/// Where an entry stands in the ledger.
struct Meta {
    seq: u64,
    time: String,
    actor: String,
    hash: Digest,
    /// The entry's Merkle leaf hash, computed on the parsing thread.
    leaf: Digest,
}

impl Meta {
    fn recorded<T>(self, payload: T) -> Recorded<T> {
        Recorded { seq: self.seq, time: self.time, actor: self.actor, hash: self.hash, payload }
    }
}

/// The payload of a known kind.
enum Fact {
    Rubric(RubricRegistered),
    Encounter(EncounterLogged),
    Evidence(EvidenceAttached),
    Scoresheet(Box<ScoresheetRecorded>),
    Amendment(Box<ScoreAmended>),
    Key(KeyAdded),
    Other,
}

fn parse(number: u64, line: &[u8], complete: bool) -> Line {
    if !complete {
        return Line::Torn;
    }
    let bad = |detail: String| Line::Bad { number, detail };
    let entry = match parse_line(line) {
        Ok(entry) => entry,
        Err(error) => return bad(error),
    };
    if entry.v > crate::LEDGER_FORMAT {
        return Line::Newer { seq: entry.seq, format: entry.v };
    }
    let payload = match entry.known_kind() {
        Some(Kind::RubricRegistered) => entry.payload().map(Fact::Rubric),
        Some(Kind::EncounterLogged) => entry.payload().map(Fact::Encounter),
        Some(Kind::EvidenceAttached) => entry.payload().map(Fact::Evidence),
        Some(Kind::ScoresheetRecorded) => entry.payload().map(|s| Fact::Scoresheet(Box::new(s))),
        Some(Kind::ScoreAmended) => entry.payload().map(|a| Fact::Amendment(Box::new(a))),
        Some(Kind::KeyAdded) => entry.payload().map(Fact::Key),
        Some(Kind::EvidenceVerified) | None => Ok(Fact::Other),
    };
    match payload {
        Ok(payload) => {
            let meta = Meta {
                seq: entry.seq,
                time: entry.time.to_string(),
                actor: entry.actor.to_string(),
                hash: entry.hash,
                leaf: crate::merkle::leaf_hash(&entry.hash.0),
            };
            Line::Entry(Box::new(Parsed { meta, payload }), entry.batch)
        }
        Err(error) => bad(error),
    }
}

/// Replay in progress: entries applied in ledger order; the entries of a
/// multi-entry append count only once the last of them is there, since an
/// interrupted batch was never acknowledged.
struct Replay<'p> {
    path: &'p Path,
    state: LedgerState,
    pending: Vec<Parsed>,
    merkle: crate::merkle::MerkleBuilder,
}

impl<'p> Replay<'p> {
    fn new(path: &'p Path) -> Replay<'p> {
        Replay {
            path,
            state: LedgerState::default(),
            pending: Vec::new(),
            merkle: crate::merkle::MerkleBuilder::new(),
        }
    }

    fn absorb(&mut self, line: Line) -> Result<(), LedgerError> {
        let (entry, batch) = match line {
            Line::Torn => return Ok(()),
            Line::Bad { number, detail } => {
                return Err(LedgerError::BadTail {
                    path: self.path.to_path_buf(),
                    detail: format!("line {number}: {detail}"),
                });
            }
            Line::Newer { seq, format } => {
                return Err(LedgerError::NewerFormat {
                    path: self.path.to_path_buf(),
                    seq,
                    format,
                });
            }
            Line::Entry(entry, batch) => (entry, batch),
        };
        let head = Head { seq: entry.meta.seq, hash: entry.meta.hash };
        self.merkle.push_leaf_hash(entry.meta.leaf);
        match batch {
            Some(batch) if entry.meta.seq < batch.first + batch.count - 1 => {
                self.pending.push(*entry);
                return Ok(());
            }
            Some(_) => {
                for held in std::mem::take(&mut self.pending) {
                    self.state.apply(held);
                }
            }
            None => self.pending.clear(),
        }
        self.state.apply(*entry);
        self.state.head = Some(head);
        Ok(())
    }

    fn finish(mut self) -> Result<LedgerState, LedgerError> {
        self.state.entries = self.merkle.len();
        self.state.merkle_root = self.merkle.root();
        Ok(self.state)
    }
}

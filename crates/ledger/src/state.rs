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
use crate::ledger::{Head, Ledger, Locked, check_format};
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
}

impl LedgerState {
    /// Replays a ledger. An unreadable line is an error here; `verify`
    /// explains such problems in detail.
    pub fn replay(ledger: &Ledger) -> Result<LedgerState, LedgerError> {
        LedgerState::replay_from(ledger.path(), |visit| ledger.for_each_line(visit))
    }

    /// Replays the ledger an appender holds locked.
    pub fn replay_locked(locked: &Locked<'_>) -> Result<LedgerState, LedgerError> {
        LedgerState::replay_from(locked.path(), |visit| locked.for_each_line(visit))
    }

    fn replay_from(
        path: &Path,
        read: impl FnOnce(&mut dyn FnMut(u64, &[u8], bool)) -> Result<(), LedgerError>,
    ) -> Result<LedgerState, LedgerError> {
        let mut state = LedgerState::default();
        let mut failure: Option<LedgerError> = None;
        let mut pending: Vec<Vec<u8>> = Vec::new();
        read(&mut |number, line, complete| {
            if failure.is_some() {
                return;
            }
            let bad = |detail: String| LedgerError::BadTail {
                path: path.to_path_buf(),
                detail: format!("line {number}: {detail}"),
            };
            if !complete {
                // A torn tail was never acknowledged: it is not part of what
                // the ledger says. Appends and `verify` report it.
                return;
            }
            let entry = match parse_line(line) {
                Ok(entry) => entry,
                Err(error) => {
                    failure = Some(bad(error));
                    return;
                }
            };
            if let Err(error) = check_format(path, &entry) {
                failure = Some(error);
                return;
            }
            // The entries of a multi-entry append count only once the last
            // of them is there: an interrupted batch was never acknowledged.
            if let Some(batch) = entry.batch {
                let last = batch.first + batch.count - 1;
                if entry.seq < last {
                    pending.push(line.to_vec());
                    return;
                }
                for held in std::mem::take(&mut pending) {
                    let held = parse_line(&held).expect("it parsed before");
                    if let Err(error) = state.apply(&held) {
                        failure = Some(bad(error));
                        return;
                    }
                }
            } else {
                pending.clear();
            }
            if let Err(error) = state.apply(&entry) {
                failure = Some(bad(error));
            }
            state.head = Some(Head { seq: entry.seq, hash: entry.hash });
        })?;
        match failure {
            Some(error) => Err(error),
            None => Ok(state),
        }
    }

    fn apply(&mut self, entry: &crate::EntryRef<'_>) -> Result<(), String> {
        match entry.known_kind() {
            Some(Kind::RubricRegistered) => {
                let rubric: RubricRegistered = entry.payload()?;
                self.rubrics.entry(rubric.fingerprint.clone()).or_insert(recorded(entry, rubric));
            }
            Some(Kind::EncounterLogged) => {
                let logged: EncounterLogged = entry.payload()?;
                let id = logged.encounter.clone();
                self.encounters.entry(id).or_insert(EncounterState {
                    logged: recorded(entry, logged),
                    evidence: Vec::new(),
                    scoresheets: Vec::new(),
                    amendments: Vec::new(),
                });
            }
            Some(Kind::EvidenceAttached) => {
                let evidence: EvidenceAttached = entry.payload()?;
                if let Some(encounter) = self.encounters.get_mut(&evidence.encounter) {
                    encounter.evidence.push(recorded(entry, evidence));
                }
            }
            Some(Kind::ScoresheetRecorded) => {
                let sheet: ScoresheetRecorded = entry.payload()?;
                if let Some(encounter) = self.encounters.get_mut(&sheet.encounter) {
                    encounter.scoresheets.push(recorded(entry, sheet));
                }
            }
            Some(Kind::ScoreAmended) => {
                let amendment: ScoreAmended = entry.payload()?;
                if let Some(encounter) = self.encounters.get_mut(&amendment.encounter) {
                    encounter.amendments.push(recorded(entry, amendment));
                }
            }
            Some(Kind::KeyAdded) => {
                let key: KeyAdded = entry.payload()?;
                self.keys.entry(key.actor).or_default().push(key.key);
            }
            Some(Kind::EvidenceVerified) | None => {}
        }
        Ok(())
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

fn recorded<T>(entry: &crate::EntryRef<'_>, payload: T) -> Recorded<T> {
    Recorded {
        seq: entry.seq,
        time: entry.time.to_string(),
        actor: entry.actor.to_string(),
        hash: entry.hash,
        payload,
    }
}

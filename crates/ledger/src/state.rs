//! The ledger replayed into what it currently says: rubrics, encounters,
//! their evidence, scoresheets and amendments.
//!
//! Replay trusts the ledger's content (that is [`verify`](crate::verify)'s
//! job) but reads every line, so it is what commands that need the current
//! state use.

use std::collections::BTreeMap;

use crate::entry::{EntryRef, Kind, parse_line};
use crate::error::LedgerError;
use std::path::Path;

use crate::Digest;
use crate::ledger::Head;
use crate::payload::*;
use crate::storage::{Lines, Place};

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

impl EntryRef<'_> {
    /// The entry as the state records it: its payload read as `P`, with
    /// its sequence number, time, actor and hash.
    pub fn recorded<P: crate::Payload>(&self) -> Result<Recorded<P>, String> {
        Ok(Meta::of(self).recorded(self.payload()?))
    }
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
    /// Public keys admitted by the log key, by actor (the admissions'
    /// signatures are checked by `verify`, not here).
    pub admitted: BTreeMap<String, Vec<String>>,
    /// How many entries were read.
    pub entries: u64,
    /// The RFC 6962 Merkle tree head over them, as `verify` prints it for
    /// a sound ledger.
    pub merkle_root: Digest,
}

impl LedgerState {
    /// Replays a ledger: the file as it is, or (under
    /// [`append_with`](crate::Ledger::append_with)) the file its appender
    /// holds. An unreadable line is an error here; `verify` explains such
    /// problems in detail.
    pub fn replay(ledger: &impl Lines) -> Result<LedgerState, LedgerError> {
        LedgerState::replay_as(ledger, &parse)
    }

    /// Replays a ledger leaving out scoresheets and amendments (their
    /// encounters have none in this state): for writers that check only
    /// encounters, evidence, rubrics and keys. The stored answers and
    /// results are most of a large ledger — about 8 of the 9 KB an
    /// encounter takes in memory.
    pub fn replay_without_scores(ledger: &impl Lines) -> Result<LedgerState, LedgerError> {
        LedgerState::replay_as(ledger, &parse_without_scores)
    }

    /// Replays a ledger keeping only the encounters named (with their
    /// evidence, scoresheets and amendments) beside every rubric and key:
    /// for writers that change one encounter's scores (disputes, their
    /// decisions, acknowledgements), whose memory must not grow with the
    /// ledger. A line is parsed only when its payload names one of them.
    pub fn replay_encounters(
        ledger: &impl Lines,
        ids: &[&str],
    ) -> Result<LedgerState, LedgerError> {
        let needles: Vec<String> = ids
            .iter()
            .map(|id| format!(r#""encounter":{}"#, serde_json::to_string(id).expect("strings")))
            .collect();
        let finders: Vec<memchr::memmem::Finder<'_>> =
            needles.iter().map(|n| memchr::memmem::Finder::new(n.as_bytes())).collect();
        let parse_named = |entry: &EntryRef<'_>| match entry.known_kind() {
            Some(
                Kind::EncounterLogged
                | Kind::EvidenceAttached
                | Kind::ScoresheetRecorded
                | Kind::ScoreAmended,
            ) if !finders.iter().any(|f| f.find(entry.payload.get().as_bytes()).is_some()) => {
                Ok(Parsed { meta: Meta::of(entry), payload: Fact::Other })
            }
            _ => parse(entry),
        };
        let mut state = LedgerState::replay_as(ledger, &parse_named)?;
        state.encounters.retain(|id, _| ids.contains(&id.as_str()));
        Ok(state)
    }

    fn replay_as(
        ledger: &impl Lines,
        parse: &(dyn Fn(&EntryRef<'_>) -> Result<Parsed, String> + Sync),
    ) -> Result<LedgerState, LedgerError> {
        let mut state = LedgerState::default();
        let replayed = replay_with(ledger, &|entry, _| parse(entry), |entry| state.apply(entry))?;
        Ok(state.replayed(replayed))
    }

    fn replayed(mut self, replayed: Replayed) -> LedgerState {
        self.head = replayed.head;
        self.entries = replayed.entries;
        self.merkle_root = replayed.merkle_root;
        self
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
            Fact::Admitted(key) => self.admitted.entry(key.actor).or_default().push(key.key),
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

/// What a replay read: where the ledger ends and its Merkle tree head.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Replayed {
    /// The last entry applied; `None` for an empty ledger.
    pub head: Option<Head>,
    /// How many entries were read.
    pub entries: u64,
    /// The RFC 6962 Merkle tree head over them, as `verify` prints it for
    /// a sound ledger.
    pub merkle_root: Digest,
}

/// Replays a ledger through the caller's own reading of its entries, for
/// readers that keep far less than [`LedgerState`] does (a report over a
/// million encounters keeps numbers, not JSON).
///
/// `read` runs on both cores, once for every entry; an `Err` makes the line
/// unreadable, which ends the replay with an error. `apply` gets what `read`
/// made of each entry in ledger order, and only once the batch the entry
/// was appended in is complete: an interrupted batch was never
/// acknowledged. An incomplete last line is not part of the ledger.
///
/// This is the one replay driver: every replay, full or slim, of the ledger
/// as it is or of the ledger an appender holds locked, runs through it.
pub fn replay_with<T: Send>(
    ledger: &impl Lines,
    read: &(dyn Fn(&EntryRef<'_>, Place) -> Result<T, String> + Sync),
    apply: impl FnMut(T),
) -> Result<Replayed, LedgerError> {
    let mut replay = Replay::new(ledger.name(), apply);
    ledger.scan(2, &|place, line, complete| examine(place, line, complete, read), |line| {
        replay.absorb(line)
    })?;
    Ok(replay.finish())
}

/// One line, examined (on any thread) for replay.
enum Line<T> {
    /// An incomplete last line: never acknowledged, not part of the state.
    Torn,
    /// A line that is not an entry.
    Bad { number: u64, detail: String },
    /// An entry in a newer format.
    Newer { seq: u64, format: u32 },
    /// An entry and what the reader made of it.
    Entry(Box<Examined<T>>),
}

/// An entry's place in the chain and what the reader made of it.
struct Examined<T> {
    seq: u64,
    hash: Digest,
    /// The entry's Merkle leaf hash, computed on the examining thread.
    leaf: Digest,
    batch: Option<crate::entry::Batch>,
    read: T,
}

fn examine<T>(
    place: Place,
    line: &[u8],
    complete: bool,
    read: &(dyn Fn(&EntryRef<'_>, Place) -> Result<T, String> + Sync),
) -> Line<T> {
    let number = place.number;
    if !complete {
        return Line::Torn;
    }
    let entry = match parse_line(line) {
        Ok(entry) => entry,
        Err(detail) => return Line::Bad { number, detail },
    };
    if entry.v > crate::LEDGER_FORMAT {
        // A version is believed only on a line that hashes to its hash.
        if crate::entry::content_hash(line) != Some(entry.hash) {
            return Line::Bad {
                number,
                detail: format!(
                    "entry {} does not match its hash: it was edited (see `tarkka verify`)",
                    entry.seq
                ),
            };
        }
        return Line::Newer { seq: entry.seq, format: entry.v };
    }
    match read(&entry, place) {
        Ok(read) => Line::Entry(Box::new(Examined {
            seq: entry.seq,
            hash: entry.hash,
            leaf: crate::merkle::leaf_hash(&entry.hash.0),
            batch: entry.batch,
            read,
        })),
        Err(detail) => Line::Bad { number, detail },
    }
}

/// Reads an entry as [`parse`] does, but scoresheets and amendments as
/// nothing.
fn parse_without_scores(entry: &EntryRef<'_>) -> Result<Parsed, String> {
    match entry.known_kind() {
        Some(Kind::ScoresheetRecorded | Kind::ScoreAmended) => {
            Ok(Parsed { meta: Meta::of(entry), payload: Fact::Other })
        }
        _ => parse(entry),
    }
}

/// An entry's place and what it records, as [`LedgerState`] reads it.
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
}

impl Meta {
    fn of(entry: &EntryRef<'_>) -> Meta {
        Meta {
            seq: entry.seq,
            time: entry.time.to_string(),
            actor: entry.actor.to_string(),
            hash: entry.hash,
        }
    }

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
    Admitted(KeyAdmitted),
    Other,
}

fn parse(entry: &EntryRef<'_>) -> Result<Parsed, String> {
    let payload = match entry.known_kind() {
        Some(Kind::RubricRegistered) => entry.payload().map(Fact::Rubric),
        Some(Kind::EncounterLogged) => entry.payload().map(Fact::Encounter),
        Some(Kind::EvidenceAttached) => entry.payload().map(Fact::Evidence),
        Some(Kind::ScoresheetRecorded) => entry.payload().map(|s| Fact::Scoresheet(Box::new(s))),
        Some(Kind::ScoreAmended) => entry.payload().map(|a| Fact::Amendment(Box::new(a))),
        Some(Kind::KeyAdded) => entry.payload().map(Fact::Key),
        Some(Kind::KeyAdmitted) => entry.payload().map(Fact::Admitted),
        // The workflow's entries are read by the application layer's own
        // replay (`tarkka_app::workflow`).
        Some(
            Kind::EvidenceVerified
            | Kind::SampleCommitted
            | Kind::SampleDrawn
            | Kind::AssignmentReplaced
            | Kind::AssignmentTaken
            | Kind::DisputeOpened
            | Kind::DisputeDecided
            | Kind::EvaluationAcknowledged,
        )
        | None => Ok(Fact::Other),
    }?;
    Ok(Parsed { meta: Meta::of(entry), payload })
}

/// Replay in progress: entries applied in ledger order; the entries of a
/// multi-entry append count only once the last of them is there, since an
/// interrupted batch was never acknowledged.
struct Replay<'p, T, A> {
    path: &'p Path,
    apply: A,
    pending: Vec<T>,
    head: Option<Head>,
    merkle: crate::merkle::MerkleBuilder,
}

impl<'p, T, A: FnMut(T)> Replay<'p, T, A> {
    fn new(path: &'p Path, apply: A) -> Replay<'p, T, A> {
        Replay {
            path,
            apply,
            pending: Vec::new(),
            head: None,
            merkle: crate::merkle::MerkleBuilder::new(),
        }
    }

    fn absorb(&mut self, line: Line<T>) -> Result<(), LedgerError> {
        let entry = match line {
            Line::Torn => return Ok(()),
            Line::Bad { number, detail } => {
                return Err(LedgerError::Unreadable {
                    path: self.path.to_path_buf(),
                    line: number,
                    detail: crate::error::text(detail),
                });
            }
            Line::Newer { seq, format } => {
                return Err(LedgerError::NewerFormat {
                    path: self.path.to_path_buf(),
                    seq,
                    format,
                });
            }
            Line::Entry(entry) => *entry,
        };
        self.merkle.push_leaf_hash(entry.leaf);
        match entry.batch {
            Some(batch) if entry.seq < batch.first + batch.count - 1 => {
                self.pending.push(entry.read);
                return Ok(());
            }
            Some(_) => {
                for held in std::mem::take(&mut self.pending) {
                    (self.apply)(held);
                }
            }
            None => self.pending.clear(),
        }
        (self.apply)(entry.read);
        self.head = Some(Head { seq: entry.seq, hash: entry.hash });
        Ok(())
    }

    fn finish(self) -> Replayed {
        Replayed { head: self.head, entries: self.merkle.len(), merkle_root: self.merkle.root() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ledger, NewEntry};

    fn key(actor: &str) -> NewEntry {
        let time = "2026-05-14T14:40:00Z".parse().unwrap();
        NewEntry::new(time, "aino", &KeyAdded { actor: actor.into(), key: "00".into() })
    }

    #[test]
    fn an_own_replay_sees_what_the_full_one_does_and_no_unfinished_batch() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::new(dir.path().join("ledger.jsonl"));
        ledger.create().unwrap();
        ledger.append(&[key("a")], None).unwrap();
        ledger.append(&[key("b"), key("c"), key("d")], None).unwrap();
        ledger.append(&[key("e"), key("f")], None).unwrap();
        // A crash in the middle of the last batch: its first line is
        // complete, its second torn.
        let text = std::fs::read_to_string(ledger.path()).unwrap();
        let cut = text.trim_end().rfind('\n').unwrap() + 20;
        std::fs::write(ledger.path(), &text[..cut]).unwrap();

        let mut seen = Vec::new();
        let replayed = replay_with(
            &ledger,
            &|entry: &EntryRef<'_>, place| {
                Ok((entry.seq, entry.payload::<KeyAdded>()?.actor, place))
            },
            |read| seen.push(read),
        )
        .unwrap();
        let actors: Vec<(u64, &str)> = seen.iter().map(|(seq, a, _)| (*seq, a.as_str())).collect();
        // Each entry's place finds its line again, in any order asked.
        let places: Vec<Place> = seen.iter().rev().map(|(_, _, place)| *place).collect();
        let lines: Vec<&str> = text.lines().collect();
        let again = ledger.lines_at(&places).unwrap();
        for (place, line) in places.iter().zip(&again) {
            assert_eq!(place.number, seen[place.number as usize - 1].0);
            assert_eq!(std::str::from_utf8(line).unwrap(), lines[place.number as usize - 1]);
        }
        assert_eq!(actors, [(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
        assert_eq!(replayed.head.unwrap().seq, 4);
        assert_eq!(replayed.entries, 5, "the unfinished batch's complete line is read");

        let state = LedgerState::replay(&ledger).unwrap();
        assert_eq!(state.head, replayed.head);
        assert_eq!((state.entries, state.merkle_root), (replayed.entries, replayed.merkle_root));
        assert_eq!(state.keys.len(), 4);

        // What the reader refuses is an unreadable line.
        let error = replay_with(
            &ledger,
            &|entry: &EntryRef<'_>, _| match entry.seq {
                3 => Err("not this one".to_string()),
                _ => Ok(()),
            },
            |()| {},
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .contains("ledger.jsonl:3: this line of the ledger cannot be read (not this one)"),
            "{error}"
        );
    }

    #[test]
    fn a_writer_may_replay_without_the_scores() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::new(dir.path().join("ledger.jsonl"));
        ledger.create().unwrap();
        let time = "2026-05-14T14:40:00Z".parse().unwrap();
        let logged = EncounterLogged {
            encounter: "E-1".into(),
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
        };
        let raw = |text: &str| serde_json::value::RawValue::from_string(text.into()).unwrap();
        let sheet = ScoresheetRecorded {
            encounter: "E-1".into(),
            source: Source::Human,
            auditor: "aino".into(),
            rubric: "r".into(),
            fingerprint: "f".into(),
            answers: raw("{}"),
            evidence: Vec::new(),
            required_evidence: Vec::new(),
            missing_evidence_reason: None,
            result: raw(r#"{"overall":"1"}"#),
            rules_fingerprint: None,
            promises: Vec::new(),
            assisted: None,
        };
        ledger
            .append(
                &[NewEntry::new(time, "aino", &logged), NewEntry::new(time, "aino", &sheet)],
                None,
            )
            .unwrap();
        let full = LedgerState::replay(&ledger).unwrap();
        assert_eq!(full.encounters["E-1"].scoresheets.len(), 1);
        let lean = LedgerState::replay_without_scores(&ledger).unwrap();
        assert!(lean.encounters["E-1"].scoresheets.is_empty());
        assert_eq!((lean.head, lean.entries), (full.head, full.entries));
        ledger
            .append_with(
                |_, locked| {
                    let lean = LedgerState::replay_without_scores(locked)?;
                    assert_eq!(lean.encounters["E-1"].logged.payload, logged);
                    assert!(lean.encounters["E-1"].scoresheets.is_empty());
                    assert_eq!(lean.head, full.head);
                    assert_eq!((lean.entries, lean.merkle_root), (full.entries, full.merkle_root));
                    Ok::<_, LedgerError>(Vec::new())
                },
                None,
            )
            .unwrap();
        // One encounter's replay keeps it whole and leaves the others out.
        let other = EncounterLogged { encounter: "E-10".into(), ..logged.clone() };
        let other_sheet = ScoresheetRecorded { encounter: "E-10".into(), ..sheet.clone() };
        ledger
            .append(
                &[NewEntry::new(time, "aino", &other), NewEntry::new(time, "aino", &other_sheet)],
                None,
            )
            .unwrap();
        let one = LedgerState::replay_encounters(&ledger, &["E-1"]).unwrap();
        let full = LedgerState::replay(&ledger).unwrap();
        assert_eq!(one.encounters.keys().collect::<Vec<_>>(), ["E-1"]);
        assert_eq!(one.encounters["E-1"].scoresheets.len(), 1);
        assert_eq!(one.encounters["E-1"].logged.payload, full.encounters["E-1"].logged.payload);
        assert_eq!((one.head, one.entries), (full.head, full.entries));
    }
}

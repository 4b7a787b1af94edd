//! Ledger entries: what one line of the ledger holds, how it is written and
//! how it is hashed.
//!
//! A line is a JSON object with its fields in this fixed order:
//!
//! ```text
//! {"v":2,"seq":7,"time":"2026-05-14T14:40:00Z","actor":"aino","kind":"encounter-logged",
//!  ["batch":{"first":5,"count":3},] "payload":{...},"prev":"<hex>","salt":"<hex>","hash":"<hex>"
//!  [,"sig":{"key":"<hex>","ed25519":"<hex>"}]}
//! ```
//!
//! `salt` (format 2; entries of format 1 have none) is 16 bytes no one
//! outside the workspace can guess: with it in the hashed content, the
//! sibling hashes a proof for outsiders carries cannot be tested against a
//! guess of a neighbouring entry's content.
//!
//! `hash` is the SHA-256 of the line's bytes up to (not including) the
//! `,"hash":` that follows `prev`, followed by `}` — that is, of the entry
//! without its hash and signature, itself a JSON object. Anyone can check it
//! with ordinary tools (`line[:line.rindex(',"hash":')] + "}"`). `prev` is the
//! previous entry's hash (all zeros for the first), which chains the entries:
//! changing, removing, inserting or moving any line breaks a link.
//! `sig`, when present, is an Ed25519 signature of the 32 hash bytes.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest as _, Sha256};

use crate::Digest;
use crate::sign::{Signature, Signer};

/// The ledger format this crate writes, and the newest it reads.
pub const LEDGER_FORMAT: u32 = 2;

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A rubric's full text and fingerprint.
    RubricRegistered,
    /// An encounter: who, where, when, with which customer and rubric.
    EncounterLogged,
    /// A piece of evidence attached to an encounter.
    EvidenceAttached,
    /// An auditor's (or the automatic checker's) answers and the result.
    ScoresheetRecorded,
    /// A change to a recorded scoresheet, with the reason.
    ScoreAmended,
    /// The outcome of a verification run.
    EvidenceVerified,
    /// An auditor's public signing key.
    KeyAdded,
    /// A signing key admitted by the workspace's log key.
    KeyAdmitted,
    /// A sampling plan committed for a period before it began.
    SampleCommitted,
    /// A draw from the pool under a committed plan, with its assignments.
    SampleDrawn,
    /// A drawn encounter replaced by the next in its stratum.
    AssignmentReplaced,
    /// An open assignment taken from the team's queue.
    AssignmentTaken,
    /// A dispute opened on a scoresheet.
    DisputeOpened,
    /// A dispute decided.
    DisputeDecided,
    /// An agent's acknowledgement of an evaluation.
    EvaluationAcknowledged,
}

impl Kind {
    /// Every kind, in the order documented.
    pub const ALL: [Kind; 15] = [
        Kind::RubricRegistered,
        Kind::EncounterLogged,
        Kind::EvidenceAttached,
        Kind::ScoresheetRecorded,
        Kind::ScoreAmended,
        Kind::EvidenceVerified,
        Kind::KeyAdded,
        Kind::KeyAdmitted,
        Kind::SampleCommitted,
        Kind::SampleDrawn,
        Kind::AssignmentReplaced,
        Kind::AssignmentTaken,
        Kind::DisputeOpened,
        Kind::DisputeDecided,
        Kind::EvaluationAcknowledged,
    ];

    /// The name used in the ledger.
    pub fn name(self) -> &'static str {
        match self {
            Kind::RubricRegistered => "rubric-registered",
            Kind::EncounterLogged => "encounter-logged",
            Kind::EvidenceAttached => "evidence-attached",
            Kind::ScoresheetRecorded => "scoresheet-recorded",
            Kind::ScoreAmended => "score-amended",
            Kind::EvidenceVerified => "evidence-verified",
            Kind::KeyAdded => "key-added",
            Kind::KeyAdmitted => "key-admitted",
            Kind::SampleCommitted => "sample-committed",
            Kind::SampleDrawn => "sample-drawn",
            Kind::AssignmentReplaced => "assignment-replaced",
            Kind::AssignmentTaken => "assignment-taken",
            Kind::DisputeOpened => "dispute-opened",
            Kind::DisputeDecided => "dispute-decided",
            Kind::EvaluationAcknowledged => "evaluation-acknowledged",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// A typed payload: the fields of one kind of entry.
pub trait Payload: Serialize + DeserializeOwned {
    /// The kind of entry this payload belongs to.
    const KIND: Kind;
}

/// An entry to append: everything but its position in the chain.
#[derive(Clone, Debug)]
pub struct NewEntry {
    /// When it was recorded, in UTC.
    pub time: jiff::Timestamp,
    /// Who recorded it: an auditor id.
    pub actor: String,
    /// What it records.
    pub kind: Kind,
    /// The payload as compact JSON.
    pub payload: String,
}

impl NewEntry {
    /// An entry with a typed payload.
    pub fn new<P: Payload>(time: jiff::Timestamp, actor: &str, payload: &P) -> NewEntry {
        NewEntry {
            time,
            actor: actor.to_string(),
            kind: P::KIND,
            payload: serde_json::to_string(payload).expect("payloads serialise"),
        }
    }
}

/// Marks the entries appended together in one call, so that an interrupted
/// multi-entry append (an import) is recognised as incomplete as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// The sequence number of the batch's first entry.
    pub first: u64,
    /// How many entries the batch has.
    pub count: u64,
}

/// One entry as read back from a line; borrows the line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRef<'a> {
    /// The ledger format version.
    pub v: u32,
    /// Position in the ledger, from 1.
    pub seq: u64,
    /// RFC 3339 UTC time.
    #[serde(borrow)]
    pub time: Cow<'a, str>,
    /// Who recorded it.
    #[serde(borrow)]
    pub actor: Cow<'a, str>,
    /// The kind's name.
    #[serde(borrow)]
    pub kind: Cow<'a, str>,
    /// The batch it was appended in, for multi-entry appends.
    #[serde(default)]
    pub batch: Option<Batch>,
    /// The payload, unparsed.
    #[serde(borrow)]
    pub payload: &'a RawValue,
    /// The previous entry's hash.
    pub prev: Digest,
    /// 16 random bytes, hexadecimal, in the hashed content (format 2).
    #[serde(default, borrow)]
    pub salt: Option<Cow<'a, str>>,
    /// This entry's hash.
    pub hash: Digest,
    /// The signature, when the actor signs.
    #[serde(default)]
    pub sig: Option<Signature>,
}

impl EntryRef<'_> {
    /// The payload as the type of its kind; an error when the kind differs
    /// or the payload does not fit.
    pub fn payload<P: Payload>(&self) -> Result<P, String> {
        if self.kind != P::KIND.name() {
            return Err(format!("entry {} is `{}`, not `{}`", self.seq, self.kind, P::KIND.name()));
        }
        serde_json::from_str(self.payload.get()).map_err(|error| {
            format!("entry {}: the `{}` payload is malformed: {error}", self.seq, self.kind)
        })
    }

    /// The kind, if it is one this crate knows.
    pub fn known_kind(&self) -> Option<Kind> {
        Kind::from_name(&self.kind)
    }
}

/// Reads one line (without its newline) as an entry.
pub fn parse_line(line: &[u8]) -> Result<EntryRef<'_>, String> {
    serde_json::from_slice(line).map_err(|error| {
        // A line is one line of JSON: its column is the useful position.
        let position = format!(" at line 1 column {}", error.column());
        match error.to_string().strip_suffix(&position) {
            Some(message) if error.line() == 1 => format!("{message} at column {}", error.column()),
            _ => error.to_string(),
        }
    })
}

/// The hash a line should carry: SHA-256 of the bytes before the last
/// `,"hash":`, followed by `}`. `None` when the line has no hash field.
pub fn content_hash(line: &[u8]) -> Option<Digest> {
    Some(content_hash_to(line, hash_field(line)?))
}

/// Where the `,"hash":"` that ends a line's hashed content starts.
pub(crate) fn hash_field(line: &[u8]) -> Option<usize> {
    static FIELD: std::sync::LazyLock<memchr::memmem::FinderRev<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::FinderRev::new(br#","hash":""#));
    FIELD.rfind(line)
}

/// [`content_hash`] with the `,"hash":` already found at `at`.
pub(crate) fn content_hash_to(line: &[u8], at: usize) -> Digest {
    let mut hasher = Sha256::new();
    hasher.update(&line[..at]);
    hasher.update(b"}");
    Digest(hasher.finalize().into())
}

/// Where an append's salts come from: 32 random bytes drawn once per
/// append; entry `seq`'s salt is the first 16 bytes of
/// SHA-256(`tarkka-salt` ‖ seed ‖ seq). The seed is never written, so a
/// salt reveals nothing of another's.
pub(crate) struct Salts {
    seed: [u8; 32],
}

impl Salts {
    /// Salts from a fresh random seed.
    pub(crate) fn random() -> std::io::Result<Salts> {
        let mut seed = [0; 32];
        getrandom::fill(&mut seed).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Salts { seed })
    }

    /// Entry `seq`'s salt, hexadecimal.
    fn salt(&self, seq: u64) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"tarkka-salt");
        hasher.update(self.seed);
        hasher.update(seq.to_be_bytes());
        hex::encode(&hasher.finalize()[..16])
    }
}

/// Encodes an entry as its line, newline included; returns the line and the
/// entry's hash.
pub(crate) fn encode(
    seq: u64,
    entry: &NewEntry,
    batch: Option<Batch>,
    prev: Digest,
    salt: &Salts,
    signer: Option<&Signer>,
) -> (String, Digest) {
    let mut line = String::with_capacity(entry.payload.len() + 256);
    let actor = serde_json::to_string(&entry.actor).expect("strings serialise");
    let time = format_time(entry.time);
    // Writing to a String cannot fail.
    let _ = write!(
        line,
        r#"{{"v":{LEDGER_FORMAT},"seq":{seq},"time":"{time}","actor":{actor},"kind":"{}","#,
        entry.kind.name()
    );
    if let Some(batch) = batch {
        let _ = write!(line, r#""batch":{{"first":{},"count":{}}},"#, batch.first, batch.count);
    }
    let _ =
        write!(line, r#""payload":{},"prev":"{prev}","salt":"{}""#, entry.payload, salt.salt(seq));
    let mut hasher = Sha256::new();
    hasher.update(line.as_bytes());
    hasher.update(b"}");
    let hash = Digest(hasher.finalize().into());
    let _ = write!(line, r#","hash":"{hash}""#);
    if let Some(signer) = signer {
        let signature = signer.sign(&hash);
        let _ = write!(
            line,
            r#","sig":{{"key":"{}","ed25519":"{}"}}"#,
            signature.key, signature.ed25519
        );
    }
    line.push_str("}\n");
    (line, hash)
}

/// The ledger's time form: RFC 3339 in UTC with millisecond precision.
pub fn format_time(time: jiff::Timestamp) -> String {
    time.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Note {
        text: String,
    }

    impl Payload for Note {
        const KIND: Kind = Kind::EvidenceVerified;
    }

    const SALTS: Salts = Salts { seed: [9; 32] };

    fn entry(text: &str) -> NewEntry {
        let time: jiff::Timestamp = "2026-05-14T14:40:00Z".parse().unwrap();
        NewEntry::new(time, "aino \"A\"", &Note { text: text.to_string() })
    }

    #[test]
    fn a_line_is_json_and_carries_the_hash_of_its_content() {
        let (line, hash) = encode(1, &entry("hei"), None, Digest::ZERO, &SALTS, None);
        assert_eq!(
            line,
            format!(
                concat!(
                    r#"{{"v":2,"seq":1,"time":"2026-05-14T14:40:00.000Z","actor":"aino \"A\"","#,
                    r#""kind":"evidence-verified","payload":{{"text":"hei"}},"prev":"{}","#,
                    r#""salt":"{}","hash":"{}"}}"#,
                    "\n"
                ),
                Digest::ZERO,
                SALTS.salt(1),
                hash
            )
        );
        let body = &line[..line.rfind(r#","hash":"#).unwrap()];
        assert_eq!(Digest::of(format!("{body}}}").as_bytes()), hash);
        let trimmed = line.trim_end().as_bytes();
        assert_eq!(content_hash(trimmed), Some(hash));
        let parsed = parse_line(trimmed).unwrap();
        assert_eq!((parsed.seq, parsed.hash, parsed.prev), (1, hash, Digest::ZERO));
        assert_eq!(parsed.actor, "aino \"A\"");
        assert_eq!(parsed.payload::<Note>().unwrap().text, "hei");
    }

    #[test]
    fn a_payload_that_mentions_hash_does_not_confuse_the_hash() {
        #[derive(Serialize, Deserialize)]
        struct Tricky {
            a: u8,
            hash: String,
        }
        impl Payload for Tricky {
            const KIND: Kind = Kind::EvidenceVerified;
        }
        let time: jiff::Timestamp = "2026-05-14T14:40:00Z".parse().unwrap();
        let tricky = NewEntry::new(time, "x", &Tricky { a: 1, hash: "y".into() });
        let (line, hash) = encode(3, &tricky, None, Digest::ZERO, &SALTS, None);
        assert!(line.contains(r#"{"a":1,"hash":"y"}"#));
        assert_eq!(content_hash(line.trim_end().as_bytes()), Some(hash));
    }

    #[test]
    fn any_change_to_a_line_changes_its_content_hash() {
        let (line, hash) = encode(1, &entry("hei"), None, Digest::ZERO, &SALTS, None);
        let line = line.trim_end();
        let salt = SALTS.salt(1);
        let other = SALTS.salt(2);
        for (from, to) in
            [("hei", "moi"), (r#""seq":1"#, r#""seq":2"#), ("14:40", "14:41"), (&salt, &other)]
        {
            let edited = line.replacen(from, to, 1);
            assert_ne!(content_hash(edited.as_bytes()), Some(hash), "{from}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let (line, _) = encode(1, &entry("hei"), None, Digest::ZERO, &SALTS, None);
        let extended = line.trim_end().replacen(r#""v":2,"#, r#""v":2,"extra":true,"#, 1);
        assert!(parse_line(extended.as_bytes()).unwrap_err().contains("unknown field `extra`"));
    }
}

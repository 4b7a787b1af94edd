//! Proofs for outsiders: that ledger lines are in the ledger a signed
//! checkpoint commits to, checkable without the ledger (and without
//! tarkka: see `contrib/verify_proof.py`).
//!
//! A proof file is JSON:
//!
//! ```text
//! { "format": "tarkka-proof/1",
//!   "about": "encounter V-014",
//!   "checkpoint": "<the signed checkpoint, verbatim>",
//!   "entries": [ { "seq": 2, "line": "<the ledger line, verbatim>",
//!                  "tlog_proof": "c2sp.org/tlog-proof@v1\nindex 1\n…\n\n<checkpoint>" } ],
//!   "uncovered": [ 9 ] }
//! ```
//!
//! Each `tlog_proof` is a C2SP `tlog-proof@v1`: the zero-based index of
//! the line in the ledger, the RFC 6962 inclusion proof of its leaf, and the
//! checkpoint. The leaf of a line is its `hash` field's 32 bytes, and the
//! line holds only if its own bytes hash to that field (docs/ledger.md), so
//! a proof binds the line's every byte to the checkpoint's root.
//! `uncovered` lists entries about the subject that came after the
//! checkpoint: the proof says nothing about them.

use std::collections::BTreeSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use crate::Digest;
use crate::entry::{content_hash, parse_line};
use crate::error::LedgerError;
use crate::merkle::{leaf_hash, verify_inclusion};
use crate::note::{Checkpoint, NoteVerifier};
use tarkka_i18n::msg;

/// The first line of a C2SP tlog proof.
pub const TLOG_PROOF: &str = "c2sp.org/tlog-proof@v1";
/// The format of a proof file.
pub const FORMAT: &str = "tarkka-proof/1";

/// A proof file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofFile {
    /// [`FORMAT`].
    pub format: String,
    /// What the entries are about, for a person: `encounter V-014`.
    pub about: String,
    /// The signed checkpoint every proof is against.
    pub checkpoint: String,
    /// The entries and their proofs.
    pub entries: Vec<EntryProof>,
    /// Entries about the subject after the checkpoint, not proven.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncovered: Vec<u64>,
}

/// One ledger line and its inclusion proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryProof {
    /// The entry's sequence number.
    pub seq: u64,
    /// The ledger line, verbatim, without its newline.
    pub line: String,
    /// The C2SP tlog proof of the line's leaf.
    pub tlog_proof: String,
}

/// The tree's levels: level 0 the leaf hashes, each next level the parents
/// of pairs, an unpaired last node carried up as it is — which is the RFC
/// 6962 tree (it splits at the largest power of two below the size). Two
/// hashes per leaf; every proof is then a walk up, O(log n).
struct Levels(Vec<Vec<Digest>>);

impl Levels {
    fn new(leaves: Vec<Digest>) -> Levels {
        let mut levels = vec![leaves];
        while levels.last().is_some_and(|l| l.len() > 1) {
            let below = levels.last().expect("one level at least");
            let above = below
                .chunks(2)
                .map(|pair| match pair {
                    [left, right] => crate::merkle::node(left, right),
                    [alone] => *alone,
                    _ => unreachable!("chunks of two"),
                })
                .collect();
            levels.push(above);
        }
        Levels(levels)
    }

    fn root(&self) -> Digest {
        self.0.last().and_then(|top| top.first()).copied().unwrap_or_else(|| Digest::of(b""))
    }

    fn inclusion(&self, mut index: usize) -> Vec<Digest> {
        let mut proof = Vec::new();
        for level in &self.0[..self.0.len() - 1] {
            let sibling = index ^ 1;
            if sibling < level.len() {
                proof.push(level[sibling]);
            }
            index >>= 1;
        }
        proof
    }
}

/// The C2SP tlog proof text.
pub fn tlog_proof_text(index: u64, proof: &[Digest], checkpoint: &str) -> String {
    let mut text = format!("{TLOG_PROOF}\nindex {index}\n");
    for hash in proof {
        text.push_str(&BASE64.encode(hash.0));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(checkpoint);
    text
}

/// Reads a C2SP tlog proof: the index, the inclusion proof and the
/// checkpoint note (extra data is allowed and ignored).
pub fn parse_tlog_proof(text: &str) -> Result<(u64, Vec<Digest>, &str), String> {
    let mut rest = text
        .strip_prefix(TLOG_PROOF)
        .and_then(|r| r.strip_prefix('\n'))
        .ok_or_else(|| format!("a tlog proof starts with `{TLOG_PROOF}`"))?;
    if let Some(after) = rest.strip_prefix("extra ") {
        rest = after.split_once('\n').map(|(_, r)| r).ok_or("the extra line does not end")?;
    }
    let (index_line, mut rest) = rest.split_once('\n').ok_or("no index line")?;
    let index = index_line
        .strip_prefix("index ")
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()) && (*n == "0" || !n.starts_with('0')))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("`{index_line}` is not an index line"))?;
    let mut proof = Vec::new();
    loop {
        let (line, after) =
            rest.split_once('\n').ok_or("the proof does not end in a blank line")?;
        rest = after;
        if line.is_empty() {
            break;
        }
        let bytes = BASE64.decode(line).map_err(|_| format!("`{line}` is not base64"))?;
        let hash = <[u8; 32]>::try_from(bytes).map_err(|_| format!("`{line}` is no SHA-256"))?;
        proof.push(Digest(hash));
    }
    Ok((index, proof, rest))
}

/// Whether a review workflow entry names one of `encounters`: a draw
/// that assigned it, a replacement that took it out or put it in, a taking,
/// a dispute, a decision or an acknowledgement about it.
pub fn names_encounter(entry: &crate::EntryRef<'_>, encounters: &BTreeSet<&str>) -> bool {
    use crate::payload::*;
    let named = |id: &str| encounters.contains(id);
    match entry.known_kind() {
        Some(crate::Kind::SampleDrawn) => entry
            .payload::<SampleDrawn>()
            .is_ok_and(|d| d.assignments.iter().any(|a| named(&a.encounter))),
        Some(crate::Kind::AssignmentReplaced) => entry
            .payload::<AssignmentReplaced>()
            .is_ok_and(|r| named(&r.encounter) || r.replacement.as_deref().is_some_and(named)),
        Some(crate::Kind::AssignmentTaken) => {
            entry.payload::<AssignmentTaken>().is_ok_and(|t| named(&t.encounter))
        }
        Some(crate::Kind::DisputeOpened) => {
            entry.payload::<DisputeOpened>().is_ok_and(|d| named(&d.encounter))
        }
        Some(crate::Kind::DisputeDecided) => {
            entry.payload::<DisputeDecided>().is_ok_and(|d| named(&d.encounter))
        }
        Some(crate::Kind::EvaluationAcknowledged) => {
            entry.payload::<EvaluationAcknowledged>().is_ok_and(|a| named(&a.encounter))
        }
        _ => false,
    }
}

/// The proofs of everything the ledger records about `encounters` — each
/// encounter as logged, the rubric registration it names, its evidence,
/// scoresheets and amendments, the review workflow's entries about it
/// (draws, replacements, disputes, acknowledgements), and the `key-added` entries of everyone who
/// recorded them — against the checkpoint `note` of the first `size` lines,
/// whose root is `root`; entries after the checkpoint are returned as
/// uncovered. One pass over the file: a line is parsed only when it names
/// one of the encounters or registers a rubric or key. Refused when the
/// ledger's first `size` lines do not have the checkpoint's root, or an
/// encounter is not in the ledger.
pub fn prove_encounters(
    ledger: &crate::Home,
    encounters: &[String],
    size: u64,
    root: &Digest,
    note: &str,
) -> Result<(Vec<EntryProof>, Vec<u64>), LedgerError> {
    #[derive(Deserialize)]
    struct About<'a> {
        #[serde(borrow, default)]
        encounter: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        fingerprint: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        actor: Option<std::borrow::Cow<'a, str>>,
    }
    // A replacement names the encounter it puts in as its `replacement`.
    let needles: Vec<Vec<u8>> = encounters
        .iter()
        .flat_map(|id| {
            let id = serde_json::to_string(id).expect("strings serialise");
            [
                format!(r#""encounter":{id}"#).into_bytes(),
                format!(r#""replacement":{id}"#).into_bytes(),
            ]
        })
        .collect();
    let finders: Vec<memchr::memmem::Finder<'_>> =
        needles.iter().map(memchr::memmem::Finder::new).collect();
    let registers = [
        memchr::memmem::Finder::new(br#""kind":"rubric-registered""#),
        memchr::memmem::Finder::new(br#""kind":"key-added""#),
        memchr::memmem::Finder::new(br#""kind":"sample-committed""#),
    ];
    // The commitments of the draws wanted: a draw's seed is checked with
    // its commitment.
    let mut commitments: Vec<(u64, String, (u64, u64, String))> = Vec::new();
    let mut seeded_by: BTreeSet<u64> = BTreeSet::new();
    // A checkpoint's size is only a claim until the lines are counted.
    let mut leaves = Vec::with_capacity(size.min(1 << 24) as usize);
    // (seq, index, line) of the wanted entries, and what they name.
    let mut wanted: Vec<(u64, u64, String)> = Vec::new();
    let mut fingerprints: BTreeSet<String> = BTreeSet::new();
    let mut signers: BTreeSet<String> = BTreeSet::new();
    let mut logged: BTreeSet<String> = BTreeSet::new();
    let mut rubrics: Vec<(String, (u64, u64, String))> = Vec::new();
    let mut keys: Vec<(String, (u64, u64, String))> = Vec::new();
    let mut unreadable = None;
    ledger.for_each_line(|number, line, complete| {
        if !complete {
            return;
        }
        let index = number - 1;
        if index < size {
            match hash_field(line) {
                Some(hash) => leaves.push(leaf_hash(&hash.0)),
                None => unreadable = unreadable.or(Some(number)),
            }
        }
        let names = finders.iter().any(|f| f.find(line).is_some());
        let registers = registers.iter().position(|f| f.find(line).is_some());
        if !names && registers.is_none() {
            return;
        }
        let Ok(entry) = parse_line(line) else { return };
        let Ok(about) = serde_json::from_str::<About<'_>>(entry.payload.get()) else { return };
        let text = || (entry.seq, index, String::from_utf8_lossy(line).into_owned());
        match entry.known_kind() {
            Some(crate::Kind::RubricRegistered) => {
                rubrics.push((about.fingerprint.unwrap_or_default().into_owned(), text()));
            }
            Some(crate::Kind::KeyAdded) => {
                keys.push((about.actor.unwrap_or_default().into_owned(), text()));
            }
            Some(crate::Kind::SampleCommitted) => {
                commitments.push((entry.seq, entry.actor.to_string(), text()));
            }
            Some(
                crate::Kind::SampleDrawn
                | crate::Kind::AssignmentReplaced
                | crate::Kind::AssignmentTaken
                | crate::Kind::DisputeOpened
                | crate::Kind::DisputeDecided
                | crate::Kind::EvaluationAcknowledged,
            ) => {
                let ids: BTreeSet<&str> = encounters.iter().map(String::as_str).collect();
                if names_encounter(&entry, &ids) {
                    if let Ok(drawn) = entry.payload::<crate::payload::SampleDrawn>() {
                        seeded_by.insert(drawn.commitment);
                    }
                    signers.insert(entry.actor.to_string());
                    wanted.push(text());
                }
            }
            Some(
                kind @ (crate::Kind::EncounterLogged
                | crate::Kind::EvidenceAttached
                | crate::Kind::ScoresheetRecorded
                | crate::Kind::ScoreAmended),
            ) => {
                let Some(id) = about.encounter.filter(|id| encounters.iter().any(|e| e == id))
                else {
                    return;
                };
                if kind == crate::Kind::EncounterLogged {
                    logged.insert(id.into_owned());
                    fingerprints.extend(about.fingerprint.map(|f| f.into_owned()));
                }
                signers.insert(entry.actor.to_string());
                wanted.push(text());
            }
            _ => {}
        }
    })?;
    if let Some(number) = unreadable {
        return Err(LedgerError::Refused(msg!("proof-line-unreadable", line = number)));
    }
    if let Some(missing) = encounters.iter().find(|id| !logged.contains(*id)) {
        return Err(LedgerError::Refused(msg!("proof-no-encounter", encounter = missing)));
    }
    if leaves.len() as u64 != size {
        return Err(LedgerError::Refused(msg!(
            "proof-ledger-short",
            lines = leaves.len(),
            size = size
        )));
    }
    let levels = Levels::new(leaves);
    if levels.root() != *root {
        return Err(LedgerError::Refused(msg!("proof-ledger-differs", size = size)));
    }
    for (seq, actor, line) in commitments {
        if seeded_by.contains(&seq) {
            signers.insert(actor);
            wanted.push(line);
        }
    }
    wanted.extend(rubrics.into_iter().filter(|(f, _)| fingerprints.contains(f)).map(|(_, t)| t));
    wanted.extend(keys.into_iter().filter(|(a, _)| signers.contains(a)).map(|(_, t)| t));
    wanted.sort_by_key(|(seq, _, _)| *seq);
    wanted.dedup_by_key(|(seq, _, _)| *seq);
    let mut proofs = Vec::new();
    let mut uncovered = Vec::new();
    for (seq, index, line) in wanted {
        if index < size {
            let tlog_proof = tlog_proof_text(index, &levels.inclusion(index as usize), note);
            proofs.push(EntryProof { seq, line, tlog_proof });
        } else {
            uncovered.push(seq);
        }
    }
    Ok((proofs, uncovered))
}

/// The RFC 6962 consistency proof from the first `old` lines of the
/// ledger to its first `size` lines.
pub fn consistency(ledger: &crate::Home, old: u64, size: u64) -> Result<Vec<Digest>, LedgerError> {
    let mut leaves = Vec::with_capacity(size.min(1 << 24) as usize);
    ledger.for_each_line(|number, line, complete| {
        if complete
            && number <= size
            && let Some(hash) = hash_field(line)
        {
            leaves.push(leaf_hash(&hash.0));
        }
    })?;
    crate::merkle::consistency_proof(&leaves, old as usize)
        .ok_or_else(|| LedgerError::Refused(msg!("proof-fewer-lines", old = old)))
}

/// The `hash` field of a line, read without parsing the rest.
fn hash_field(line: &[u8]) -> Option<Digest> {
    let at = crate::entry::hash_field(line)? + 9;
    let hex = line.get(at..at + 64)?;
    Digest::from_hex(std::str::from_utf8(hex).ok()?)
}

/// One entry a proof file proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proven {
    /// Its sequence number.
    pub seq: u64,
    /// Its zero-based index in the ledger.
    pub index: u64,
    /// Its kind.
    pub kind: String,
    /// Who recorded it.
    pub actor: String,
    /// When.
    pub time: String,
    /// The key that signed it (hexadecimal), when it is signed.
    pub signed_by: Option<String>,
}

/// What a proof file proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The checkpoint.
    pub checkpoint: Checkpoint,
    /// What the entries are about.
    pub about: String,
    /// The entries proven to be in the ledger of the checkpoint.
    pub entries: Vec<Proven>,
    /// Entries about the subject after the checkpoint.
    pub uncovered: Vec<u64>,
}

/// Checks a proof file without the ledger: the checkpoint's signature by a
/// known log key, every line's own hash, and every line's inclusion in the
/// checkpoint's tree; all proofs must be against the same checkpoint. The
/// error says what does not hold.
pub fn verify_file(text: &str, known: &[NoteVerifier]) -> Result<Verified, String> {
    let file: ProofFile =
        serde_json::from_str(text).map_err(|e| format!("not a tarkka proof file: {e}"))?;
    if file.format != FORMAT {
        return Err(format!(
            "the proof is in format `{}`, this tarkka reads `{FORMAT}`",
            file.format
        ));
    }
    let (checkpoint, _) = Checkpoint::open(&file.checkpoint, known)?;
    let mut entries = Vec::new();
    let mut keyed: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    let mut ordered: Vec<&EntryProof> = file.entries.iter().collect();
    ordered.sort_by_key(|p| p.seq);
    for proof in ordered {
        let (index, path, note) =
            parse_tlog_proof(&proof.tlog_proof).map_err(|e| format!("entry {}: {e}", proof.seq))?;
        if note != file.checkpoint {
            return Err(format!("entry {}: proven against another checkpoint", proof.seq));
        }
        let line = proof.line.as_bytes();
        let entry = parse_line(line).map_err(|e| format!("entry {}: {e}", proof.seq))?;
        if content_hash(line) != Some(entry.hash) {
            return Err(format!("entry {}: the line does not match its own hash", proof.seq));
        }
        if entry.seq != proof.seq {
            return Err(format!("entry {}: the line is entry {}", proof.seq, entry.seq));
        }
        let leaf = leaf_hash(&entry.hash.0);
        if !verify_inclusion(&leaf, index, checkpoint.size, &path, &checkpoint.root) {
            return Err(format!(
                "entry {}: the line is not at index {index} of the checkpointed ledger",
                proof.seq
            ));
        }
        // The signature follows the hash, so neither the hash nor the
        // inclusion covers it: it is checked here, and an entry left
        // unsigned after its actor's key was added (in this proof) refused.
        let signed_by = match &entry.sig {
            Some(signature) if crate::sign::signature_is_valid(signature, &entry.hash) => {
                Some(signature.key.clone())
            }
            Some(_) => return Err(format!("entry {}: its signature does not verify", proof.seq)),
            None => {
                if let Some(added) = keyed.get(entry.actor.as_ref()).filter(|at| **at < entry.seq) {
                    return Err(format!(
                        "entry {} by `{}` is unsigned, though their key was added at entry {added}: its signature was removed",
                        proof.seq, entry.actor
                    ));
                }
                None
            }
        };
        if entry.known_kind() == Some(crate::Kind::KeyAdded)
            && let Ok(added) = entry.payload::<crate::payload::KeyAdded>()
        {
            keyed.entry(added.actor).or_insert(entry.seq);
        }
        entries.push(Proven {
            seq: entry.seq,
            index,
            kind: entry.kind.to_string(),
            actor: entry.actor.to_string(),
            time: entry.time.to_string(),
            signed_by,
        });
    }
    Ok(Verified { checkpoint, about: file.about, entries, uncovered: file.uncovered })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_give_the_rfc_inclusion_proofs_for_every_size() {
        let leaves: Vec<Digest> = (0..70u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        for n in 1..=leaves.len() {
            let levels = Levels::new(leaves[..n].to_vec());
            assert_eq!(levels.0.last().unwrap()[0], crate::merkle::root_of(&leaves[..n]), "{n}");
            for i in 0..n {
                assert_eq!(
                    levels.inclusion(i),
                    crate::merkle::inclusion_proof(&leaves[..n], i).unwrap(),
                    "{i} of {n}"
                );
            }
        }
    }

    #[test]
    fn a_tlog_proof_round_trips() {
        let proof = vec![Digest::of(b"a"), Digest::of(b"b")];
        let text = tlog_proof_text(5, &proof, "origin\n8\nAAAA\n\n\u{2014} origin xyz\n");
        let (index, read, note) = parse_tlog_proof(&text).unwrap();
        assert_eq!((index, read), (5, proof));
        assert_eq!(note, "origin\n8\nAAAA\n\n\u{2014} origin xyz\n");
        assert!(parse_tlog_proof(&text.replace("index 5", "index 05")).is_err());
    }
}

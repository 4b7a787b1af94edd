//! Export for a dispute: a BagIt bag (RFC 8493) of encounters' evidence and
//! the ledger entries that record them.
//!
//! ```text
//! OUT/
//!   bagit.txt                    BagIt-Version: 1.0
//!   bag-info.txt                 the ledger head, Merkle root, entry numbers, Payload-Oxum
//!   manifest-sha256.txt          one line per payload file
//!   tagmanifest-sha256.txt       the tag files' digests
//!   data/ENCOUNTER/NAME          the evidence, re-hashed while copied
//!   tarkka/entries.jsonl         the ledger lines of the encounters, verbatim
//!   tarkka/rubric-ID-FP.toml     the rubric text each was logged with
//!   tarkka/proof.json            the entries' inclusion proofs against the
//!                                ledger's checkpoint (when it has one)
//! ```
//!
//! [`verify_bag`] checks a bag end to end: BagIt's manifests, each ledger
//! line's own hash and signature, the lines' proof against a trusted log
//! key, and each evidence file against the line that attached it.
//!
//! The bag is assembled in a temporary directory beside `OUT` and renamed
//! into place, so a failed export leaves nothing behind. Evidence whose
//! digest no longer matches the ledger is refused, not exported.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::digest::{Copy, hash_copy};
use crate::error::{IoContext, LedgerError};
use crate::ledger::sync_parent;
use crate::state::{EncounterState, LedgerState};
use crate::{Digest, Workspace};
use tarkka_i18n::msg;

/// What goes into `bag-info.txt` beside what the bag itself determines.
#[derive(Clone, Debug)]
pub struct BagInfo {
    /// The export date (YYYY-MM-DD).
    pub date: String,
    /// What the bag is: `encounter V-014`, `case CASE-12`.
    pub identifier: String,
    /// Who exported it, when known (an export reads, so it needs no
    /// actor).
    pub actor: Option<String>,
    /// The ledger's head hash.
    pub head: Digest,
    /// The RFC 6962 tree head over the ledger.
    pub merkle_root: Digest,
    /// How many entries the ledger had.
    pub entries: u64,
    /// The software, for `Bag-Software-Agent`.
    pub agent: String,
    /// The proof file of the included entries against the ledger's
    /// checkpoint (`tarkka/proof.json`), when the ledger has one.
    pub proof: Option<String>,
}

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BagSummary {
    /// Payload files.
    pub files: u64,
    /// Payload bytes.
    pub bytes: u64,
    /// Ledger entries included.
    pub entries: u64,
    /// Whether it carries a proof of its entries (`tarkka/proof.json`):
    /// only when the workspace has a checkpoint to prove them against.
    pub proven: bool,
}

/// Writes a bag of `encounters` to `out`, which must not exist.
pub fn write_bag(
    workspace: &Workspace,
    state: &LedgerState,
    encounters: &[&EncounterState],
    info: &BagInfo,
    out: &Path,
) -> Result<BagSummary, LedgerError> {
    // `symlink_metadata`, not `exists`: a dangling symbolic link is there too.
    if std::fs::symlink_metadata(out).is_ok() {
        return Err(LedgerError::BadPath { path: out.to_path_buf(), reason: msg!("bag-exists") });
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).at(parent)?;
    let temp = tempfile::Builder::new().prefix(".tarkka-bag-").tempdir_in(parent).at(parent)?;
    let summary = assemble(workspace, state, encounters, info, temp.path())?;
    let staged = temp.keep();
    if let Err(error) = std::fs::rename(&staged, out) {
        // Nothing may be left behind: not the staged bag either.
        let _ = std::fs::remove_dir_all(&staged);
        return Err(error).at(out);
    }
    sync_parent(out)?;
    Ok(summary)
}

fn assemble(
    workspace: &Workspace,
    state: &LedgerState,
    encounters: &[&EncounterState],
    info: &BagInfo,
    dir: &Path,
) -> Result<BagSummary, LedgerError> {
    let mut manifest = String::new();
    let mut files = 0u64;
    let mut bytes = 0u64;
    let mut seqs: BTreeSet<u64> = BTreeSet::new();
    let mut rubrics: BTreeMap<String, String> = BTreeMap::new();
    // The payload directory is required (RFC 8493 §2.1.2) even when no
    // encounter has evidence yet.
    let data = dir.join("data");
    std::fs::create_dir_all(&data).at(&data)?;
    for encounter in encounters {
        let logged = &encounter.logged.payload;
        seqs.insert(encounter.logged.seq);
        if let Some(rubric) = state.rubrics.get(&logged.fingerprint) {
            seqs.insert(rubric.seq);
            let name = format!(
                "tarkka/rubric-{}-{}.toml",
                safe_name(&rubric.payload.rubric),
                &logged.fingerprint[..12.min(logged.fingerprint.len())]
            );
            rubrics.insert(name, rubric.payload.text.clone());
        }
        seqs.extend(encounter.scoresheets.iter().map(|s| s.seq));
        seqs.extend(encounter.amendments.iter().map(|a| a.seq));
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut copied: BTreeSet<Digest> = BTreeSet::new();
        for evidence in &encounter.evidence {
            seqs.insert(evidence.seq);
            let e = &evidence.payload;
            if !copied.insert(e.sha256) {
                continue;
            }
            // A second file of the same name gets its digest in front, and
            // then a counter, until the name is free.
            let base = safe_name(&e.name);
            let mut name = base.clone();
            let mut attempt = 0;
            while !names.insert(name.clone()) {
                attempt += 1;
                name = match attempt {
                    1 => format!("{}-{base}", &e.sha256.to_hex()[..12]),
                    n => format!("{}-{n}-{base}", &e.sha256.to_hex()[..12]),
                };
            }
            let relative = format!("data/{}/{name}", safe_name(&logged.encounter));
            let source = workspace.open_evidence(&e.location).map_err(|why| match why {
                crate::Unreadable::Unsafe(reason) => {
                    LedgerError::BadPath { path: PathBuf::from(&e.location), reason }
                }
                crate::Unreadable::Missing => LedgerError::Io {
                    path: PathBuf::from(&e.location),
                    error: std::io::ErrorKind::NotFound.into(),
                },
                crate::Unreadable::Io(reason) => LedgerError::Io {
                    path: PathBuf::from(&e.location),
                    error: std::io::Error::other(reason),
                },
            })?;
            let target = dir.join(&relative);
            let (digest, size) = copy_hashed(source, Path::new(&e.location), &target)?;
            if digest != e.sha256 || size != e.size {
                return Err(LedgerError::Refused(msg!(
                    "bag-evidence-altered",
                    file = &e.location,
                    encounter = &logged.encounter,
                    size = e.size,
                    sha256 = e.sha256.to_hex(),
                    found_size = size,
                    found = digest.to_hex()
                )));
            }
            let _ = writeln!(manifest, "{digest}  {relative}");
            files += 1;
            bytes += size;
        }
    }
    // The keys that signed the included entries, so that every signature
    // in the bag can be checked from the bag alone.
    let signers: BTreeSet<&str> = encounters
        .iter()
        .flat_map(|e| {
            std::iter::once(e.logged.actor.as_str())
                .chain(e.evidence.iter().map(|r| r.actor.as_str()))
                .chain(e.scoresheets.iter().map(|r| r.actor.as_str()))
                .chain(e.amendments.iter().map(|r| r.actor.as_str()))
        })
        .collect();
    // The review workflow's entries about the encounters (their draw,
    // replacements, disputes, decisions, acknowledgements) go in too, with
    // the keys of whoever wrote them.
    let ids: BTreeSet<&str> =
        encounters.iter().map(|e| e.logged.payload.encounter.as_str()).collect();
    // A draw goes with the commitment that seeded it, so that its seed and
    // plan can be checked from the bag.
    let mut lines: Vec<(u64, String)> = Vec::new();
    let mut keys: Vec<(u64, String, String)> = Vec::new();
    let mut commitments: BTreeMap<u64, (String, String)> = BTreeMap::new();
    let mut seeded_by: BTreeSet<u64> = BTreeSet::new();
    let mut signers: BTreeSet<String> = signers.into_iter().map(str::to_string).collect();
    workspace.ledger().for_each_line(|_, line, complete| {
        if !complete {
            return;
        }
        let Ok(entry) = crate::entry::parse_line(line) else { return };
        let text = || String::from_utf8_lossy(line).into_owned();
        if seqs.contains(&entry.seq) {
            lines.push((entry.seq, text()));
        } else if entry.kind == crate::Kind::KeyAdded.name() {
            keys.push((entry.seq, entry.actor.to_string(), text()));
        } else if entry.kind == crate::Kind::SampleCommitted.name() {
            commitments.insert(entry.seq, (entry.actor.to_string(), text()));
        } else if crate::proof::names_encounter(&entry, &ids) {
            if let Ok(drawn) = entry.payload::<crate::payload::SampleDrawn>() {
                seeded_by.insert(drawn.commitment);
            }
            signers.insert(entry.actor.to_string());
            lines.push((entry.seq, text()));
        }
    })?;
    for seq in seeded_by {
        if let Some((actor, line)) = commitments.remove(&seq) {
            signers.insert(actor);
            lines.push((seq, line));
        }
    }
    lines.extend(
        keys.into_iter()
            .filter(|(_, actor, _)| signers.contains(actor))
            .map(|(seq, _, line)| (seq, line)),
    );
    lines.sort_by_key(|(seq, _)| *seq);
    let mut entries = String::new();
    let mut included: Vec<u64> = Vec::new();
    for (seq, line) in lines {
        included.push(seq);
        entries.push_str(&line);
        entries.push('\n');
    }
    let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
    let seq_list: Vec<String> = included.iter().map(u64::to_string).collect();
    let mut bag_info = String::new();
    let _ = writeln!(bag_info, "Bagging-Date: {}", info.date);
    let _ = writeln!(bag_info, "Bag-Software-Agent: {}", info.agent);
    let _ = writeln!(bag_info, "External-Identifier: {}", one_line(&info.identifier));
    let by = info.actor.as_deref().map(|actor| format!(", exported by {}", one_line(actor)));
    let _ = writeln!(
        bag_info,
        "External-Description: Evidence and ledger entries of {}{}",
        one_line(&info.identifier),
        by.unwrap_or_default()
    );
    let _ = writeln!(bag_info, "Payload-Oxum: {bytes}.{files}");
    let _ = writeln!(bag_info, "Tarkka-Ledger-Head: {}", info.head);
    let _ = writeln!(bag_info, "Tarkka-Ledger-Merkle-Root: {}", info.merkle_root);
    let _ = writeln!(bag_info, "Tarkka-Ledger-Entries: {}", info.entries);
    let _ = writeln!(bag_info, "Tarkka-Included-Entries: {}", seq_list.join(" "));
    let mut tag_files: Vec<(String, Vec<u8>)> = vec![
        ("bagit.txt".into(), bagit.as_bytes().to_vec()),
        ("bag-info.txt".into(), bag_info.into_bytes()),
        ("manifest-sha256.txt".into(), manifest.into_bytes()),
        ("tarkka/entries.jsonl".into(), entries.into_bytes()),
    ];
    for (name, text) in rubrics {
        tag_files.push((name, text.into_bytes()));
    }
    if let Some(proof) = &info.proof {
        tag_files.push(("tarkka/proof.json".into(), proof.clone().into_bytes()));
    }
    let mut tag_manifest = String::new();
    for (name, content) in &tag_files {
        write_file(&dir.join(name), content)?;
        let _ = writeln!(tag_manifest, "{}  {name}", Digest::of(content));
    }
    write_file(&dir.join("tagmanifest-sha256.txt"), tag_manifest.as_bytes())?;
    Ok(BagSummary { files, bytes, entries: included.len() as u64, proven: info.proof.is_some() })
}

fn write_file(path: &Path, content: &[u8]) -> Result<(), LedgerError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).at(parent)?;
    }
    let mut file = std::fs::File::create(path).at(path)?;
    file.write_all(content).at(path)?;
    file.sync_all().at(path)
}

/// Copies a file while hashing what was copied.
fn copy_hashed(
    mut input: Box<dyn std::io::Read + Send>,
    source: &Path,
    target: &Path,
) -> Result<(Digest, u64), LedgerError> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).at(parent)?;
    }
    let mut output = std::fs::File::create(target).at(target)?;
    let (digest, size) =
        hash_copy(&mut input, &mut output, |_| {}).map_err(|error| match error {
            Copy::Read(error) => LedgerError::Io { path: source.to_path_buf(), error },
            Copy::Write(error) => LedgerError::Io { path: target.to_path_buf(), error },
        })?;
    output.sync_all().at(target)?;
    Ok((digest, size))
}

/// A file or directory name that cannot leave its directory or confuse a
/// manifest: no separators, no leading dot, no control characters or white
/// space (manifests separate fields by white space).
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || c == '/' || c == '\\' || c == '%' {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.');
    if cleaned.is_empty() { "unnamed".to_string() } else { cleaned.to_string() }
}

fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// What checking a bag found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BagCheck {
    /// Payload files whose digest matched the manifest.
    pub files: u64,
    /// Ledger lines, each matching its own hash.
    pub entries: u64,
    /// What the proof proves, when the bag has one that holds.
    pub proven: Option<crate::proof::Verified>,
    /// Lines recorded after the proof's checkpoint, which nothing proves.
    pub unproven: Vec<u64>,
    /// What does not hold, each said in full; empty when all holds.
    pub problems: Vec<String>,
}

/// Checks a bag from [`write_bag`] without the ledger: the payload and tag
/// manifests, every included ledger line's own hash and signature, the
/// proof of those lines against a log key in `known`, and every evidence
/// file against the `evidence-attached` line that recorded its digest. An
/// error only when the bag cannot be read at all.
pub fn verify_bag(
    dir: &Path,
    known: &[crate::note::NoteVerifier],
) -> Result<BagCheck, LedgerError> {
    let mut check = BagCheck::default();
    let read = |name: &str| std::fs::read(dir.join(name));
    if read("bagit.txt").is_err() {
        return Err(LedgerError::BadPath {
            path: dir.to_path_buf(),
            reason: msg!("bag-not-a-bag"),
        });
    }
    let mut digests: BTreeSet<Digest> = BTreeSet::new();
    for (manifest, payload) in [("manifest-sha256.txt", true), ("tagmanifest-sha256.txt", false)] {
        let Ok(text) = read(manifest) else {
            check.problems.push(format!("{manifest} is missing"));
            continue;
        };
        let mut listed: BTreeSet<String> = BTreeSet::new();
        for line in String::from_utf8_lossy(&text).lines() {
            let Some((digest, name)) = line.split_once("  ") else {
                check.problems.push(format!("{manifest}: `{line}` is not `DIGEST  PATH`"));
                continue;
            };
            let path = dir.join(name);
            let safe = !name.split('/').any(|part| part == ".." || part.is_empty());
            // A link could lead out of the bag: only plain files count.
            let plain = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
                && no_link_above(dir, name);
            let found = if safe && plain { std::fs::read(&path).ok() } else { None };
            match (Digest::from_hex(digest), found) {
                (Some(digest), Some(bytes)) if Digest::of(&bytes) == digest => {
                    if payload {
                        check.files += 1;
                        digests.insert(digest);
                    }
                }
                (_, None) => check.problems.push(format!("{name} (in {manifest}) is missing")),
                _ => check.problems.push(format!("{name} does not match its digest in {manifest}")),
            }
            listed.insert(name.to_string());
        }
        if payload {
            let mut files = Vec::new();
            list_files(&dir.join("data"), "data", &mut files);
            for file in files.into_iter().filter(|f| !listed.contains(f)) {
                check.problems.push(format!("{file} is in the bag but not in {manifest}"));
            }
        }
    }
    let entries = read("tarkka/entries.jsonl").unwrap_or_default();
    let entries = String::from_utf8_lossy(&entries).into_owned();
    let mut lines: BTreeSet<&str> = BTreeSet::new();
    let mut rubric_texts: Vec<crate::payload::RubricRegistered> = Vec::new();
    for line in entries.lines() {
        match crate::entry::parse_line(line.as_bytes()) {
            Ok(entry) if crate::entry::content_hash(line.as_bytes()) == Some(entry.hash) => {
                check.entries += 1;
                lines.insert(line);
                if let Some(signature) = &entry.sig
                    && !crate::sign::signature_is_valid(signature, &entry.hash)
                {
                    check
                        .problems
                        .push(format!("entry {}: its signature does not verify", entry.seq));
                }
                if entry.known_kind() == Some(crate::Kind::RubricRegistered)
                    && let Ok(rubric) = entry.payload::<crate::payload::RubricRegistered>()
                {
                    rubric_texts.push(rubric);
                }
                if entry.known_kind() == Some(crate::Kind::EvidenceAttached)
                    && let Ok(evidence) = entry.payload::<crate::payload::EvidenceAttached>()
                    && !digests.contains(&evidence.sha256)
                {
                    check.problems.push(format!(
                        "entry {}: no file in the bag has the SHA-256 it recorded for `{}`",
                        entry.seq, evidence.name
                    ));
                }
            }
            Ok(entry) => check.problems.push(format!(
                "entry {}: the line does not match its own hash (it was edited)",
                entry.seq
            )),
            Err(error) => check.problems.push(format!("tarkka/entries.jsonl: {error}")),
        }
    }
    // The rubric files beside the lines must be the texts they registered.
    for rubric in &rubric_texts {
        let name = format!(
            "tarkka/rubric-{}-{}.toml",
            safe_name(&rubric.rubric),
            &rubric.fingerprint[..12.min(rubric.fingerprint.len())]
        );
        if read(&name).is_ok_and(|text| text != rubric.text.as_bytes()) {
            check.problems.push(format!("{name} is not the rubric text the ledger registered"));
        }
    }
    match read("tarkka/proof.json") {
        Err(_) => check.problems.push(
            "the bag has no tarkka/proof.json: nothing binds its lines to a checkpoint of the \
             ledger, so they could have been edited together with the manifests"
                .into(),
        ),
        Ok(bytes) => match crate::proof::verify_file(&String::from_utf8_lossy(&bytes), known) {
            Err(reason) => {
                check.problems.push(format!("tarkka/proof.json does not hold: {reason}"))
            }
            Ok(proven) => {
                let file: crate::proof::ProofFile =
                    serde_json::from_slice(&bytes).expect("verified above");
                let in_proof: BTreeSet<&str> =
                    file.entries.iter().map(|e| e.line.as_str()).collect();
                for line in &lines {
                    let seq = crate::entry::parse_line(line.as_bytes()).map(|e| e.seq).unwrap_or(0);
                    if in_proof.contains(line) {
                        continue;
                    }
                    // The proof's own list of later entries is not signed:
                    // only a line after the checkpoint may be unproven, and
                    // it is said to be.
                    if seq > proven.checkpoint.size {
                        check.unproven.push(seq);
                    } else {
                        check.problems.push(format!(
                            "entry {seq} of tarkka/entries.jsonl is not the line the proof proves"
                        ));
                    }
                }
                check.proven = Some(proven);
            }
        },
    }
    Ok(check)
}

/// Every file under `dir`, links included but never followed (a link to a
/// directory is listed as the link, and is no payload file).
fn list_files(dir: &Path, shown: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = format!("{shown}/{}", entry.file_name().to_string_lossy());
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => list_files(&entry.path(), &name, out),
            _ => out.push(name),
        }
    }
}

/// Whether no directory on the way from `dir` to `name` is a link.
fn no_link_above(dir: &Path, name: &str) -> bool {
    let mut at = dir.to_path_buf();
    let parts: Vec<&str> = name.split('/').collect();
    parts[..parts.len().saturating_sub(1)].iter().all(|part| {
        at.push(part);
        std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_dir())
    })
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn names_stay_in_their_directory() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".hidden"), "hidden");
        assert_eq!(safe_name("kuitti 1.jpg"), "kuitti_1.jpg");
        assert_eq!(safe_name(""), "unnamed");
        assert_eq!(safe_name("äänite.mp3"), "äänite.mp3");
    }
}

//! Witnesses: an outside party — a works council, an agency's client —
//! keeps the last checkpoint of a workspace's log it saw and cosigns a new
//! one only after a consistency proof shows the new one extends it (C2SP
//! `tlog-witness`'s add-checkpoint body, exchanged as files; C2SP
//! `tlog-cosignature` v1, Ed25519). A log that rolled back or rewrote its
//! history cannot get a witness's cosignature again, and a verifier that
//! requires N cosignatures (`--witness`, `--min-witnesses`) is not shown a
//! history only the log's holder saw.
//!
//! The witness's files live in its key directory: `witness/NAME.key` (its
//! name and secret, 0600) and `witness/state/ORIGIN` (the size and root of
//! the latest checkpoint it cosigned per log). The log keys it trusts are
//! those pinned with `tarkka checkpoint trust`.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use tarkka_ledger::note::{Checkpoint, CosignatureVerifier, Cosigner, Note};
use tarkka_ledger::{Digest, Workspace};

use crate::checkpoint::{self, Trust};
use crate::error::{Context as _, Result};

fn witness_dir(key_dir: &Path) -> PathBuf {
    key_dir.join("witness")
}

/// Makes a witness key named `name` (a schema-less URL such as
/// `works-council.example/w1`) from 32 random bytes the caller draws;
/// returns its file and its vkey, which the workspace's verifiers pin.
pub fn new_key(key_dir: &Path, name: &str, secret: [u8; 32]) -> Result<(PathBuf, String)> {
    let Some(cosigner) = Cosigner::new(name, secret) else {
        crate::refuse!("witness-bad-name", name = name);
    };
    let dir = witness_dir(key_dir);
    std::fs::create_dir_all(&dir)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = dir.display().to_string()))?;
    let path = dir.join(format!("{}.key", checkpoint::stem(name)));
    if path.exists() {
        // Made before: say its public key again rather than refuse.
        let existing = read_cosigner(key_dir, Some(name))?;
        return Ok((path, existing.verifier().vkey()));
    }
    crate::config::write_secret(&path, &format!("{name}\n{}\n", cosigner.secret_hex()))?;
    Ok((path, cosigner.verifier().vkey()))
}

fn read_cosigner(key_dir: &Path, name: Option<&str>) -> Result<Cosigner> {
    let dir = witness_dir(key_dir);
    let mut keys: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    keys.retain(|p| p.extension().is_some_and(|e| e == "key"));
    keys.sort();
    let path = match (name, keys.as_slice()) {
        (Some(name), _) => dir.join(format!("{}.key", checkpoint::stem(name))),
        (None, [one]) => one.clone(),
        (None, []) => crate::refuse!("witness-none", dir = dir.display().to_string()),
        (None, _) => crate::refuse!("witness-which", dir = dir.display().to_string()),
    };
    checkpoint::read_named_secret(&path, Cosigner::new)
}

/// The add-checkpoint body for the workspace's latest checkpoint: `old N`,
/// the consistency proof from the witness's last size `old`, a blank line,
/// and the checkpoint with every signature it has.
pub fn request(workspace: &Workspace, trust: &Trust, old: Option<u64>) -> Result<(String, u64)> {
    let anchors = checkpoint::anchors(workspace, trust)?;
    let latest = anchors.anchors.iter().rev().max_by_key(|a| a.size).cloned();
    // Unless told, from the largest checkpoint the workspace holds with a
    // cosignature: what a single witness saw last (0 before any).
    let old = old.unwrap_or_else(|| {
        let cosigned = |a: &&tarkka_ledger::verify::Anchor| {
            let own = format!("\u{2014} {} ", a.signer);
            a.note.lines().any(|l| l.starts_with('\u{2014}') && !l.starts_with(&own))
        };
        anchors.anchors.iter().filter(cosigned).map(|a| a.size).max().unwrap_or(0)
    });
    let report = crate::verify::verify_against(workspace, anchors, false, 2)?;
    if !report.is_clean() {
        crate::refuse!("proof-ledger-broken", count = report.findings.len());
    }
    let Some(latest) = latest else {
        crate::refuse!("proof-no-checkpoint");
    };
    if old > latest.size {
        crate::refuse!("witness-old-too-big", old = old, size = latest.size);
    }
    let proof = tarkka_ledger::proof::consistency(&workspace.ledger(), old, latest.size)?;
    let mut body = format!("old {old}\n");
    for hash in proof {
        body.push_str(&BASE64.encode(hash.0));
        body.push('\n');
    }
    body.push('\n');
    body.push_str(&latest.note);
    Ok((body, old))
}

/// A checkpoint cosigned.
#[derive(Clone, Debug)]
pub struct Cosigned {
    /// The log.
    pub origin: String,
    /// The size the witness saw before.
    pub old: u64,
    /// The size it cosigned.
    pub size: u64,
    /// The witness's name.
    pub witness: String,
    /// The checkpoint with the cosignature added.
    pub note: String,
}

/// The witness's side: checks an add-checkpoint body — the checkpoint
/// signed by a log key this machine pinned, `old` the size this witness
/// last cosigned for the log, the consistency proof from that checkpoint —
/// and only then cosigns at `now` (seconds since the epoch) and remembers
/// the new size. Refused, remembering nothing new, otherwise.
pub fn cosign(key_dir: &Path, name: Option<&str>, body: &str, now: u64) -> Result<Cosigned> {
    let cosigner = read_cosigner(key_dir, name)?;
    let bad = |reason: &str| {
        crate::Error::text(tarkka_i18n::msg!("witness-bad-request", reason = reason))
    };
    let (old_line, rest) = body.split_once('\n').ok_or_else(|| bad("no `old N` line"))?;
    let old: u64 = old_line
        .strip_prefix("old ")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| bad("the first line is not `old N`"))?;
    let (proof_text, note_text) = match rest.strip_prefix('\n') {
        Some(note) => ("", note),
        None => {
            rest.split_once("\n\n").ok_or_else(|| bad("no blank line before the checkpoint"))?
        }
    };
    let mut proof = Vec::new();
    for line in proof_text.lines().filter(|l| !l.is_empty()) {
        let hash = BASE64
            .decode(line)
            .ok()
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad("a consistency proof line is not a base64 SHA-256"))?;
        proof.push(Digest(hash));
    }
    let trust = Trust::from(Some(key_dir), &[], Vec::new())?;
    let (checkpoint, _) = Checkpoint::open(note_text, &trust.verifiers).map_err(|reason| {
        crate::Error::text(tarkka_i18n::msg!("witness-untrusted-log", reason = reason))
    })?;
    let state_dir = witness_dir(key_dir).join("state");
    let state_file = state_dir.join(checkpoint::stem(&checkpoint.origin));
    let (seen, seen_root) = match std::fs::read_to_string(&state_file) {
        Ok(text) => {
            let mut lines = text.lines();
            let size = lines.next().and_then(|s| s.parse().ok());
            let root = lines
                .next()
                .and_then(|r| BASE64.decode(r).ok())
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .map(Digest);
            match (size, root) {
                (Some(size), Some(root)) => (size, root),
                _ => return Err(bad("the witness's state file is damaged")),
            }
        }
        Err(_) => (0, Digest::of(b"")),
    };
    if old != seen {
        crate::refuse!(
            "witness-conflict",
            origin = checkpoint.origin.as_str(),
            seen = seen,
            old = old
        );
    }
    if !tarkka_ledger::merkle::verify_consistency(
        seen,
        checkpoint.size,
        &seen_root,
        &checkpoint.root,
        &proof,
    ) {
        crate::refuse!(
            "witness-inconsistent",
            origin = checkpoint.origin.as_str(),
            seen = seen,
            size = checkpoint.size
        );
    }
    let note = Note::parse(note_text).map_err(|reason| bad(&reason))?;
    let line = cosigner.cosign(&note.text, now);
    std::fs::create_dir_all(&state_dir).with_context(|| {
        tarkka_i18n::msg!("dir-uncreatable", dir = state_dir.display().to_string())
    })?;
    checkpoint::replace(
        &state_file,
        &format!("{}\n{}\n", checkpoint.size, BASE64.encode(checkpoint.root.0)),
    )?;
    Ok(Cosigned {
        origin: checkpoint.origin,
        old,
        size: checkpoint.size,
        witness: cosigner.name().to_string(),
        note: format!("{note_text}{line}"),
    })
}

/// The log's side: adds the cosignatures of a cosigned checkpoint to the
/// workspace's kept copy of it (and to this machine's memory of it);
/// returns the kept file.
pub fn attach(workspace: &Workspace, key_dir: Option<&Path>, cosigned: &str) -> Result<PathBuf> {
    let note = Note::parse(cosigned).map_err(|reason| {
        crate::Error::text(tarkka_i18n::msg!("witness-bad-request", reason = reason))
    })?;
    let checkpoint = Checkpoint::parse_text(&note.text).map_err(|reason| {
        crate::Error::text(tarkka_i18n::msg!("witness-bad-request", reason = reason))
    })?;
    let kept = workspace.root().join(checkpoint::DIR).join(format!("{}.ckpt", checkpoint.size));
    let mut targets = vec![kept.clone()];
    if let Some(dir) = key_dir {
        targets.push(
            checkpoint::logs_dir(dir)
                .join(format!("{}.latest", checkpoint::stem(&checkpoint.origin))),
        );
    }
    let mut attached = false;
    for target in targets {
        let Ok(text) = std::fs::read_to_string(&target) else { continue };
        let Ok(existing) = Note::parse(&text) else { continue };
        if existing.text != note.text {
            continue;
        }
        // Only cosignatures join: never a line in the log key's own name,
        // which would make the kept checkpoint fail to open.
        let mut merged = text.clone();
        let log = format!("\u{2014} {} ", checkpoint.origin);
        for line in cosigned.lines().filter(|l| l.starts_with('\u{2014}') && !l.starts_with(&log)) {
            if !text.lines().any(|have| have == line) {
                merged.push_str(line);
                merged.push('\n');
            }
        }
        Note::parse(&merged).map_err(|reason| {
            crate::Error::text(tarkka_i18n::msg!("witness-bad-request", reason = reason))
        })?;
        checkpoint::replace(&target, &merged)?;
        attached |= target == kept;
    }
    if !attached {
        crate::refuse!(
            "witness-no-such-checkpoint",
            size = checkpoint.size,
            file = kept.display().to_string()
        );
    }
    Ok(kept)
}

/// Parses witness vkeys (or files holding one).
pub fn verifiers(keys: &[String]) -> Result<Vec<CosignatureVerifier>> {
    keys.iter()
        .map(|key| {
            let text = checkpoint::key_text(key)?;
            CosignatureVerifier::parse(&text).map_err(|reason| {
                crate::Error::text(tarkka_i18n::msg!(
                    "witness-key-bad",
                    file = key.as_str(),
                    reason = reason
                ))
            })
        })
        .collect()
}

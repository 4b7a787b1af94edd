//! Checkpoints: signed tree heads of the ledger (C2SP `tlog-checkpoint`),
//! the log key that signs them, and where they are kept.
//!
//! A workspace's log key is an Ed25519 key named after the log's origin
//! (`tarkka.local/NAME-ID`). Its private half lives outside the workspace,
//! in the key directory's `logs/` (mode 0600), with whoever vouches for the
//! ledger — the QA lead. The workspace declares its public half in
//! `checkpoints/log.vkey`, and keeps every checkpoint it issued as
//! `checkpoints/SIZE.ckpt`; the machine that signed also remembers the
//! latest in `logs/ORIGIN.latest`, where a writer of the workspace cannot
//! reach it.
//!
//! What the workspace declares is not trusted by itself: an insider can
//! replace `log.vkey` and every kept checkpoint. A checkpoint is *pinned*
//! when its key is known from outside the workspace: a private log key in
//! the key directory, a vkey pinned there (`tarkka checkpoint trust`), or
//! one named on the command line (`--log-key`).

use std::path::{Path, PathBuf};

use tarkka_ledger::note::{Checkpoint, Note, NoteSigner, NoteVerifier};
use tarkka_ledger::verify::{Anchor, Finding, FindingKind};
use tarkka_ledger::{Digest, Workspace};

use crate::error::{Context as _, Result};

/// The directory of checkpoints in a workspace.
pub const DIR: &str = "checkpoints";
/// The workspace's declared log key, in [`DIR`].
pub const VKEY_FILE: &str = "log.vkey";

/// Where log keys are kept in a key directory.
pub fn logs_dir(key_dir: &Path) -> PathBuf {
    key_dir.join("logs")
}

/// A file name for an origin: characters other than letters, digits, `.`
/// and `-` become `_`, no leading dot, and a short hash of the origin
/// follows, so that no two origins share a file.
pub(crate) fn stem(origin: &str) -> String {
    let readable: String = origin
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') { c } else { '_' })
        .collect();
    // Two origins that read alike (`a/b`, `a_b`) still get two files.
    let id = Digest::of(origin.as_bytes()).to_hex();
    format!("{}-{}", readable.trim_start_matches('.'), &id[..8])
}

/// The log keys this verification trusts from outside the workspace.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    /// Trusted verifiers.
    pub verifiers: Vec<NoteVerifier>,
    /// Checkpoint files to check besides the kept ones (`--checkpoint`).
    pub files: Vec<PathBuf>,
    /// The key directory, whose `logs/ORIGIN.latest` are checked too.
    pub key_dir: Option<PathBuf>,
    /// Witnesses whose cosignatures count (`--witness`).
    pub witnesses: Vec<tarkka_ledger::note::CosignatureVerifier>,
    /// How many of them must have cosigned the latest checkpoint.
    pub min_witnesses: usize,
    /// The log keys named on the command line (`--log-key`): this
    /// workspace's log must be one of them.
    pub named: Vec<NoteVerifier>,
    /// Check every signature and re-score every result again, also those a
    /// pinned checkpoint covers (`verify --full`).
    pub full: bool,
}

impl Trust {
    /// The keys of `key_dir` (private log keys and pinned vkeys) and the
    /// vkeys (or files holding one) named on the command line.
    pub fn from(key_dir: Option<&Path>, log_keys: &[String], files: Vec<PathBuf>) -> Result<Trust> {
        let mut verifiers = Vec::new();
        if let Some(dir) = key_dir {
            let logs = logs_dir(dir);
            let mut names: Vec<PathBuf> = match std::fs::read_dir(&logs) {
                Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(error) => return Err(crate::error::unreadable(&logs, error)),
            };
            names.sort();
            for path in names {
                match path.extension().and_then(|e| e.to_str()) {
                    Some("key") => verifiers.push(read_private(&path)?.verifier()),
                    Some("vkey") => verifiers.push(read_vkey(&path)?),
                    _ => {}
                }
            }
        }
        let mut named = Vec::new();
        for key in log_keys {
            let verifier = log_verifier(key)?;
            named.push(verifier.clone());
            verifiers.push(verifier);
        }
        Ok(Trust {
            verifiers,
            files,
            key_dir: key_dir.map(Path::to_path_buf),
            witnesses: Vec::new(),
            min_witnesses: 0,
            named,
            full: false,
        })
    }
}

fn read_vkey(path: &Path) -> Result<NoteVerifier> {
    log_verifier(&path.display().to_string())
}

/// A key given on the command line: the text of the file it names, or the
/// key itself.
pub(crate) fn key_text(key: &str) -> Result<String> {
    let path = Path::new(key);
    match path.is_file() {
        true => std::fs::read_to_string(path).map_err(|e| crate::error::unreadable(path, e)),
        false => Ok(key.to_string()),
    }
}

/// A log's vkey, given as itself or as a file holding it.
fn log_verifier(key: &str) -> Result<NoteVerifier> {
    NoteVerifier::parse(&key_text(key)?).map_err(|reason| {
        crate::Error::text(tarkka_i18n::msg!("log-key-bad", file = key, reason = reason))
    })
}

/// A private key file of a log or a witness: its name on the first line,
/// the secret (hexadecimal) on the second; `make` builds the key, `None`
/// when the name does not fit.
pub(crate) fn read_named_secret<K>(
    path: &Path,
    make: impl FnOnce(&str, [u8; 32]) -> Option<K>,
) -> Result<K> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::unreadable(path, e))?;
    let mut lines = text.lines();
    let (name, secret) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(secret.trim(), &mut bytes).ok().and_then(|()| make(name.trim(), bytes)).ok_or_else(|| {
        crate::Error::text(tarkka_i18n::msg!(
            "log-key-bad",
            file = path.display().to_string(),
            reason = "expected a name on the first line and a 64-digit hexadecimal secret on the second"
        ))
    })
}

/// A private log key file (see [`read_named_secret`]).
fn read_private(path: &Path) -> Result<NoteSigner> {
    read_named_secret(path, NoteSigner::new)
}

/// The log key the workspace declares, if it has issued checkpoints.
pub fn declared(workspace: &Workspace) -> Result<Option<NoteVerifier>> {
    let path = workspace.root().join(DIR).join(VKEY_FILE);
    if !path.exists() {
        return Ok(None);
    }
    read_vkey(&path).map(Some)
}

/// What a verification trusts from outside the ledger: the checkpoints it
/// must extend, the log keys key admissions are checked against, and the
/// auditors' keys this machine holds; and the checkpoint files that could
/// not be believed.
#[derive(Debug, Default)]
pub struct Anchors {
    /// Checkpoints whose signature holds.
    pub anchors: Vec<Anchor>,
    /// Checkpoint files altered or signed by an unknown key.
    pub findings: Vec<Finding>,
    /// The log keys key admissions are checked against: this workspace's
    /// own, where it is known from outside the workspace.
    pub log_keys: Vec<NoteVerifier>,
    /// Whether the workspace's log key is known from outside it (held,
    /// pinned or named): then every signing key must be admitted by it.
    pub require_admission: bool,
    /// The auditors' private keys in the key directory.
    pub own_keys: Vec<tarkka_ledger::verify::OwnKey>,
    /// Whether to check every signature and re-score every result again (see [`Trust::full`]).
    pub full: bool,
    /// With witnesses required: how many, and the largest checkpoint with
    /// that many cosignatures (its size and count), which must cover the
    /// whole ledger.
    pub witnesses: Option<(usize, Option<(u64, usize)>)>,
}

/// Reads the kept checkpoints, this machine's memory of the latest one it
/// signed, and the files named; checks each signature against the trusted
/// keys and the workspace's declared one.
pub fn anchors(workspace: &Workspace, trust: &Trust) -> Result<Anchors> {
    let declared = declared(workspace)?;
    // The log this workspace is known to have from outside it: the keys
    // this machine signed its checkpoints with (remembered by its path),
    // and those named with --log-key. What the workspace declares counts
    // only where it is one of them, or pinned; an insider can replace it.
    let mut expected: Vec<NoteVerifier> = trust.named.clone();
    if let Some(key_dir) = &trust.key_dir {
        for held in held_for(key_dir, workspace)? {
            if !expected.contains(&held) {
                expected.push(held);
            }
        }
    }
    let declared_pinned = declared.as_ref().is_some_and(|d| trust.verifiers.contains(d));
    let mut known: Vec<NoteVerifier> = if expected.is_empty() {
        let mut known = trust.verifiers.clone();
        known.extend(declared.iter().cloned());
        known
    } else {
        let mut known = expected.clone();
        known.extend(declared.iter().filter(|d| trust.verifiers.contains(d)).cloned());
        known
    };
    known.dedup();
    let mut replaced = None;
    if !expected.is_empty() && !declared.as_ref().is_some_and(|d| expected.contains(d)) {
        let text = tarkka_i18n::msg!(
            "verify-log-replaced",
            expected =
                expected.iter().map(|e| format!("`{}`", e.name())).collect::<Vec<_>>().join(", "),
            declared = declared.as_ref().map_or("-".to_string(), |d| format!("`{}`", d.name()))
        );
        replaced = Some(Finding::about_file(
            FindingKind::CheckpointUntrusted,
            format!("{DIR}/{VKEY_FILE}"),
            text,
        ));
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let dir = workspace.root().join(DIR);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut kept: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ckpt"))
            .collect();
        kept.sort();
        files.extend(kept.into_iter().map(|p| {
            let shown = format!("{DIR}/{}", p.file_name().unwrap_or_default().to_string_lossy());
            (p, shown)
        }));
    }
    if let Some(key_dir) = &trust.key_dir {
        for latest in remembered(key_dir, workspace, declared.as_ref()) {
            let shown = latest.display().to_string();
            files.push((latest, shown));
        }
    }
    files.extend(trust.files.iter().map(|p| (p.clone(), p.display().to_string())));
    // Admissions count only by this workspace's own log key: one known
    // from outside (an admission replayed from another workspace, by
    // another log key this machine holds, admits nothing here).
    let admitting: Vec<NoteVerifier> = if expected.is_empty() {
        declared.iter().filter(|_| declared_pinned).cloned().collect()
    } else {
        expected.clone()
    };
    let require_admission = !admitting.is_empty();
    let own_keys = match &trust.key_dir {
        Some(dir) => crate::config::own_keys(dir)?,
        None => Vec::new(),
    };
    let mut out =
        Anchors { log_keys: admitting, require_admission, own_keys, ..Anchors::default() };
    out.findings.extend(replaced);
    for (path, shown) in files {
        let note =
            std::fs::read_to_string(&path).map_err(|e| crate::error::unreadable(&path, e))?;
        match Checkpoint::open(&note, &known) {
            Ok((checkpoint, signer)) => {
                // Pinned only if a key known from outside signed it, not a
                // declared one that merely shares its name.
                let pinned = Checkpoint::open(&note, &trust.verifiers).is_ok();
                out.anchors.push(Anchor {
                    size: checkpoint.size,
                    root: checkpoint.root,
                    source: shown,
                    signer,
                    pinned,
                    note,
                });
            }
            Err(reason) => {
                let untrusted = reason.contains("no log key");
                let (kind, id) = if untrusted {
                    (FindingKind::CheckpointUntrusted, "verify-checkpoint-untrusted")
                } else {
                    (FindingKind::CheckpointInvalid, "verify-checkpoint-invalid")
                };
                let text = tarkka_i18n::Message::new(id)
                    .arg("file", shown.as_str())
                    .arg("reason", reason.as_str());
                out.findings.push(Finding::about_file(kind, shown, text));
            }
        }
    }
    if trust.min_witnesses > 0 {
        out.witnesses = Some((trust.min_witnesses, witnessed(&out.anchors, trust)));
    }
    out.full = trust.full;
    Ok(out)
}

/// The largest checkpoint with at least `trust.min_witnesses` valid
/// cosignatures by `trust.witnesses` (any copy of it), and how many it has.
fn witnessed(anchors: &[Anchor], trust: &Trust) -> Option<(u64, usize)> {
    anchors
        .iter()
        .filter_map(|anchor| {
            let count = Note::parse(&anchor.note)
                .ok()
                .and_then(|note| note.cosigned_by(&trust.witnesses).ok())
                .map_or(0, |found| found.len());
            (count >= trust.min_witnesses).then_some((anchor.size, count))
        })
        .max()
}

/// The log keys this machine holds whose checkpoints it signed for a
/// workspace at this very path.
fn held_for(key_dir: &Path, workspace: &Workspace) -> Result<Vec<NoteVerifier>> {
    let logs = logs_dir(key_dir);
    let Ok(here) = workspace.root().canonicalize() else { return Ok(Vec::new()) };
    let Ok(entries) = std::fs::read_dir(&logs) else { return Ok(Vec::new()) };
    let mut held = Vec::new();
    let mut indexes: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "workspace"))
        .collect();
    indexes.sort();
    for index in indexes {
        let names_here = std::fs::read_to_string(&index)
            .is_ok_and(|text| text.lines().any(|line| Path::new(line) == here));
        let private = index.with_extension("key");
        if names_here && private.exists() {
            held.push(read_private(&private)?.verifier());
        }
    }
    Ok(held)
}

/// The latest checkpoints this machine signed of this workspace's log: the
/// log the workspace declares, and — since an insider can delete or replace
/// that declaration — every log whose checkpoints this machine signed for a
/// workspace at this very path (`logs/ORIGIN.workspace`).
fn remembered(
    key_dir: &Path,
    workspace: &Workspace,
    declared: Option<&NoteVerifier>,
) -> Vec<PathBuf> {
    let logs = logs_dir(key_dir);
    let here = workspace.root().canonicalize().ok();
    let mut stems: Vec<String> = declared.map(|d| stem(d.name())).into_iter().collect();
    if let (Some(here), Ok(entries)) = (&here, std::fs::read_dir(&logs)) {
        for entry in entries.flatten() {
            let path = entry.path();
            let is_index = path.extension().is_some_and(|e| e == "workspace");
            let names_here = is_index
                && std::fs::read_to_string(&path)
                    .is_ok_and(|text| text.lines().any(|line| Path::new(line) == here));
            if let (true, Some(name)) = (names_here, path.file_stem()) {
                stems.push(name.to_string_lossy().into_owned());
            }
        }
    }
    stems.sort();
    stems.dedup();
    stems
        .into_iter()
        .map(|stem| logs.join(format!("{stem}.latest")))
        .filter(|latest| latest.exists())
        .collect()
}

/// A checkpoint issued.
#[derive(Clone, Debug)]
pub struct Issued {
    /// The checkpoint.
    pub checkpoint: Checkpoint,
    /// The signed note.
    pub note: String,
    /// Where the workspace keeps it.
    pub kept: PathBuf,
    /// The log key's vkey.
    pub vkey: String,
    /// The private log key's file, when it was made now.
    pub new_key: Option<PathBuf>,
}

/// Signs a checkpoint of the ledger as it is with the workspace's log key
/// (made in `key_dir` from `secret` on first use), after checking that the
/// ledger verifies and extends every checkpoint issued before — a log never
/// signs a tree head inconsistent with one it signed. Keeps it in the
/// workspace and remembers it in the key directory; with `out`, writes it
/// there too.
pub fn issue(
    workspace: &Workspace,
    name: &str,
    key_dir: &Path,
    secret: [u8; 32],
    out: Option<&Path>,
) -> Result<Issued> {
    let logs = logs_dir(key_dir);
    let (signer, new_key) = match declared(workspace)? {
        Some(_) => (held_log_key(workspace, key_dir)?, None),
        None => {
            let provisional = NoteSigner::new("tarkka.local/x", secret).expect("a valid name");
            let id = Digest::of(provisional.verifier().vkey().as_bytes()).to_hex();
            let origin = format!("tarkka.local/{}-{}", slug(name), &id[..8]);
            let signer = NoteSigner::new(&origin, secret).expect("a slug is a valid name");
            (signer, Some(logs.join(format!("{}.key", stem(&origin)))))
        }
    };
    let origin = signer.name().to_string();
    let trust = Trust {
        verifiers: vec![signer.verifier()],
        key_dir: Some(key_dir.to_path_buf()),
        ..Trust::default()
    };
    let anchors = anchors(workspace, &trust)?;
    let report = crate::verify::verify_against(workspace, anchors, false, 1)?;
    if !report.is_clean() {
        crate::refuse!("checkpoint-ledger-broken", count = report.findings.len());
    }
    let checkpoint = Checkpoint { origin, size: report.entries, root: report.merkle_root };
    let note = checkpoint.sign(&signer);
    let dir = workspace.root().join(DIR);
    std::fs::create_dir_all(&dir)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = dir.display().to_string()))?;
    if let Some(private) = &new_key {
        std::fs::create_dir_all(&logs).with_context(|| {
            tarkka_i18n::msg!("dir-uncreatable", dir = logs.display().to_string())
        })?;
        let secret = format!("{}\n{}\n", signer.name(), signer.secret_hex());
        crate::config::write_secret(private, &secret)?;
        let vkey = dir.join(VKEY_FILE);
        if let Err(error) =
            crate::config::write_new(&vkey, format!("{}\n", signer.verifier().vkey()).as_bytes())
        {
            let _ = std::fs::remove_file(private);
            return Err(error);
        }
    }
    let kept = dir.join(format!("{}.ckpt", checkpoint.size));
    replace(&kept, &note)?;
    replace(&logs.join(format!("{}.latest", stem(signer.name()))), &note)?;
    if let Ok(here) = workspace.root().canonicalize() {
        let index = logs.join(format!("{}.workspace", stem(signer.name())));
        let mut known = std::fs::read_to_string(&index).unwrap_or_default();
        if !known.lines().any(|line| Path::new(line) == here) {
            known.push_str(&format!("{}\n", here.display()));
            replace(&index, &known)?;
        }
    }
    if let Some(out) = out {
        replace(out, &note)?;
    }
    Ok(Issued { vkey: signer.verifier().vkey(), checkpoint, note, kept, new_key })
}

/// The workspace's log key, from the key directory; refused when the
/// workspace declares none yet or this machine does not hold it.
fn held_log_key(workspace: &Workspace, key_dir: &Path) -> Result<NoteSigner> {
    let Some(declared) = declared(workspace)? else {
        crate::refuse!("key-trust-no-log");
    };
    let private = logs_dir(key_dir).join(format!("{}.key", stem(declared.name())));
    if !private.exists() {
        crate::refuse!(
            "checkpoint-no-log-key",
            origin = declared.name(),
            file = private.display().to_string()
        );
    }
    let signer = read_private(&private)?;
    if signer.verifier() != declared {
        crate::refuse!(
            "checkpoint-other-log-key",
            origin = declared.name(),
            file = private.display().to_string()
        );
    }
    Ok(signer)
}

/// A key admitted.
#[derive(Clone, Debug)]
pub struct Admitted {
    /// The auditor.
    pub actor: String,
    /// Their public key, hexadecimal.
    pub key: String,
    /// The log key that admitted it.
    pub origin: String,
    /// The `key-admitted` entry.
    pub seq: u64,
}

/// `tarkka key trust AUDITOR`: the holder of the workspace's log key admits
/// the signing key the auditor registered in the ledger (the one starting
/// with `prefix`, when they registered several), as a `key-admitted` entry
/// whose admission is a signed note by the log key. From then on the key's
/// signatures hold for anyone who trusts the log key, in this workspace.
pub fn admit(
    writer: &crate::Writer,
    key_dir: &Path,
    auditor: &str,
    prefix: Option<&str>,
) -> Result<Admitted> {
    let signer = held_log_key(&writer.workspace, key_dir)?;
    let origin = signer.name().to_string();
    let mut admitted = None;
    let appended = writer.append_with(|_, locked| {
        let state = tarkka_ledger::LedgerState::replay_without_scores(locked)?;
        let registered = state.keys.get(auditor).cloned().unwrap_or_default();
        let done = state.admitted.get(auditor).cloned().unwrap_or_default();
        let open: Vec<&String> = registered
            .iter()
            .filter(|k| !done.contains(k) && prefix.is_none_or(|p| k.starts_with(p)))
            .collect();
        let key = match open.as_slice() {
            [key] => (*key).clone(),
            [] if registered.is_empty() => crate::refuse!("key-trust-none", actor = auditor),
            [] => crate::refuse!("key-trust-done", actor = auditor),
            several => {
                let keys: Vec<String> =
                    several.iter().map(|k| format!("{}…", &k[..16.min(k.len())])).collect();
                crate::refuse!("key-trust-which", actor = auditor, keys = keys.join(", "))
            }
        };
        let admission =
            signer.sign_note(&tarkka_ledger::payload::admission_text(&origin, auditor, &key));
        let entry = tarkka_ledger::NewEntry::new(
            writer.now,
            &writer.actor,
            &tarkka_ledger::payload::KeyAdmitted {
                actor: auditor.to_string(),
                key: key.clone(),
                admission,
            },
        );
        admitted = Some(key);
        Ok::<_, crate::Error>(vec![entry])
    })?;
    let key = admitted.expect("the admission was built");
    let seq = appended.last().map_or(0, |a| a.seq);
    Ok(Admitted { actor: auditor.to_string(), key, origin, seq })
}

/// Pins a log key on this machine: checkpoints it signs are trusted from
/// outside the workspace. Returns the file written.
pub fn trust(key_dir: &Path, vkey: &str) -> Result<PathBuf> {
    let verifier = log_verifier(vkey)?;
    let logs = logs_dir(key_dir);
    std::fs::create_dir_all(&logs)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = logs.display().to_string()))?;
    let path = logs.join(format!("{}.vkey", stem(verifier.name())));
    replace(&path, &format!("{}\n", verifier.vkey()))?;
    Ok(path)
}

/// A name as an origin's path part: lower-case letters, digits and `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'ä' | 'å' => 'a',
            'ö' => 'o',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "workspace".to_string() } else { out }
}

/// Writes a file whole: a temporary file beside it, synced, renamed over it.
pub(crate) fn replace(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))?;
    temp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))?;
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_origin_safe() {
        assert_eq!(slug("Kauppa Oy — Pääkonttori"), "kauppa-oy-paakonttori");
        assert_eq!(slug("  "), "workspace");
        assert!(stem("tarkka.local/demo-1a2b").starts_with("tarkka.local_demo-1a2b-"));
        assert_ne!(stem("tarkka.local/x"), stem("tarkka.local_x"));
        assert!(!stem("../../x").starts_with('.'));
    }
}

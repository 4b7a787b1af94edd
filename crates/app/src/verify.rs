//! Verification, its record in the ledger, BagIt export for a dispute,
//! the repair of an unacknowledged tail, and signing keys.

use std::path::{Path, PathBuf};

use tarkka_ledger::bag::{BagInfo, BagSummary, write_bag};
use tarkka_ledger::payload::{EvidenceVerified, KeyAdded};
use tarkka_ledger::verify::{self, Finding, FindingKind, Options, Progress, Report};
use tarkka_ledger::{Appended, EncounterState, LedgerState, NewEntry, Repaired, Signer, Workspace};

use crate::checkpoint::{self, Anchors, Trust};
use crate::error::{Context as _, Result};
use crate::{Writer, config, rescore, rubrics};

/// Verifies the workspace against its trusted keys and the checkpoints it
/// keeps; with `evidence`, every evidence file is hashed again (on
/// `threads` workers).
pub fn verify(
    workspace: &Workspace,
    evidence: bool,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Report> {
    verify_trusting(workspace, &Trust::default(), evidence, threads, progress)
}

/// [`verify`], with the log keys and checkpoint files of `trust` besides
/// the checkpoints the workspace keeps.
pub fn verify_trusting(
    workspace: &Workspace,
    trust: &Trust,
    evidence: bool,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Report> {
    let anchors = checkpoint::anchors(workspace, trust)?;
    run(workspace, anchors, evidence, threads, progress)
}

/// Verifies against anchors already read.
pub(crate) fn verify_against(
    workspace: &Workspace,
    anchors: Anchors,
    evidence: bool,
    threads: usize,
) -> Result<Report> {
    run(workspace, anchors, evidence, threads, &verify::NoProgress)
}

fn run(
    workspace: &Workspace,
    anchors: Anchors,
    evidence: bool,
    threads: usize,
    progress: &dyn Progress,
) -> Result<Report> {
    // Entries under a checkpoint known from outside had their signatures
    // checked and their results re-scored when it was signed (`checkpoint`
    // verifies first and refuses on any finding): the same bytes, which the
    // consistency check proves, are taken as they stand, unless asked, or
    // unless the ledger turns out not to extend it (then everything is
    // checked again).
    let vouched = match anchors.full {
        true => 0,
        false => anchors.anchors.iter().filter(|a| a.pinned).map(|a| a.size).max().unwrap_or(0),
    };
    let options = Options {
        checked_through: vouched,
        log_keys: anchors.log_keys,
        require_admission: anchors.require_admission,
        own_keys: anchors.own_keys,
        anchors: anchors.anchors,
        trusted_keys: config::trusted_keys(workspace)?,
        evidence,
        threads,
    };
    let (mut report, mut rescored) = rescore::verify_rescoring(workspace, &options, progress)?;
    let broken = |report: &Report| {
        report
            .findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::RolledBack | FindingKind::Rewritten))
    };
    if vouched > 0 && broken(&report) {
        let options = Options { checked_through: 0, ..options };
        (report, rescored) = rescore::verify_rescoring(workspace, &options, progress)?;
    }
    report.findings.extend(anchors.findings);
    // Entries after the last witnessed checkpoint are a history only the
    // log's holder saw.
    if let Some((required, witnessed)) = anchors.witnesses {
        let covered = witnessed.map_or(0, |(size, _)| size);
        if covered < report.entries {
            let text = tarkka_i18n::msg!(
                "verify-unwitnessed",
                covered = covered,
                first = covered + 1,
                entries = report.entries,
                required = required
            );
            report.findings.push(Finding::about_file(
                FindingKind::CheckpointUnwitnessed,
                checkpoint::DIR.to_string(),
                text,
            ));
        }
    }
    report.findings.extend(rescored);
    Ok(report)
}

/// The largest checkpoint the ledger was found to extend: none when it was
/// found rolled back or rewritten against any.
fn stood_on(report: &Report) -> Option<tarkka_ledger::payload::CheckpointRef> {
    let broken = report
        .findings
        .iter()
        .any(|f| matches!(f.kind, FindingKind::RolledBack | FindingKind::Rewritten));
    if broken {
        return None;
    }
    let anchor =
        report.anchors.iter().filter(|a| a.size <= report.entries).max_by_key(|a| a.size)?;
    Some(tarkka_ledger::payload::CheckpointRef {
        origin: anchor.signer.clone(),
        size: anchor.size,
        root: anchor.root,
    })
}

/// Records what a verification found as an entry (`verify --record`),
/// naming the checkpoint it stood on.
pub fn record(writer: &Writer, report: &Report) -> Result<Appended> {
    let entry = NewEntry::new(
        writer.now,
        &writer.actor,
        &EvidenceVerified {
            entries: report.entries,
            head: report.head,
            merkle_root: report.merkle_root,
            files: report.evidence_files,
            findings: report.findings.len() as u64,
            checkpoint: stood_on(report),
        },
    );
    Ok(writer.append_with(|_, _| Ok::<_, crate::Error>(vec![entry]))?[0])
}

/// Moves an unacknowledged tail of the ledger aside; `None` when the ledger
/// is whole. Refused, moving nothing, when a checkpoint (kept, remembered
/// on this machine, or named in `trust`) covers entries the repair would
/// move: they were acknowledged, so the ledger was cut, not torn.
pub fn repair(workspace: &Workspace, trust: &Trust) -> Result<Option<Repaired>> {
    let anchors = checkpoint::anchors(workspace, trust)?;
    // The first of the largest: a kept checkpoint before this machine's
    // memory of it.
    let largest = anchors.anchors.iter().rev().max_by_key(|a| a.size);
    // A database ledger takes each batch in one transaction: it has no
    // torn tail to repair.
    let tarkka_ledger::Home::File(ledger) = workspace.ledger() else { return Ok(None) };
    ledger.repair_checked(|kept| match largest {
        Some(anchor) if anchor.size > kept => Err(crate::Error::text(tarkka_i18n::msg!(
            "repair-acknowledged",
            kept = kept,
            source = anchor.source.as_str(),
            size = anchor.size
        ))),
        _ => Ok(()),
    })
}

/// How long a partial copy in `evidence/.incoming/` must have been left
/// untouched before `ledger repair` takes it for abandoned: a copy in
/// progress writes to it all the time.
pub const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes the partial copies an interrupted `evidence add` or import left
/// in `evidence/.incoming/` (nothing refers to them), those untouched for
/// [`ABANDONED_AFTER`]; returns their names.
pub fn sweep_incoming(workspace: &Workspace) -> Result<Vec<String>> {
    let dir = workspace.incoming_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let now = std::time::SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let Ok(metadata) = entry.metadata() else { continue };
        let idle = metadata.modified().ok().and_then(|m| now.duration_since(m).ok());
        if metadata.is_file() && idle.is_some_and(|idle| idle >= ABANDONED_AFTER) {
            std::fs::remove_file(entry.path())
                .map_err(|error| crate::error::unreadable(&entry.path(), error))?;
            removed.push(entry.file_name().to_string_lossy().to_string());
        }
    }
    removed.sort();
    Ok(removed)
}

/// `tarkka export bag`: what to put in the bag.
#[derive(Clone, Debug)]
pub struct Bag {
    /// One encounter.
    pub encounter: Option<String>,
    /// Or every encounter of a case.
    pub case: Option<String>,
    /// The bag's directory.
    pub out: PathBuf,
    /// Who exports it, when known.
    pub actor: Option<String>,
    /// The date the bag states (YYYY-MM-DD).
    pub date: String,
    /// The software that made it, for `bag-info.txt`.
    pub agent: String,
}

/// Writes a BagIt bag of the encounters with their evidence and ledger
/// entries, quoting the ledger's head; the ledger must verify first.
pub fn bag(workspace: &Workspace, request: &Bag) -> Result<(BagSummary, Report)> {
    // The bag quotes the ledger's head: it must be a ledger that holds.
    let report = verify(workspace, false, 1, &verify::NoProgress)?;
    if !report.is_clean() {
        crate::refuse!("bag-ledger-broken", count = report.findings.len());
    }
    let state = LedgerState::replay(&workspace.ledger())?;
    let (encounters, identifier): (Vec<&EncounterState>, String) =
        match (&request.encounter, &request.case) {
            (Some(id), _) => {
                let encounter = crate::encounter::known(&state, id)?;
                (vec![encounter], format!("encounter {id}"))
            }
            (None, Some(case)) => {
                let encounters = state.case(case);
                if encounters.is_empty() {
                    crate::refuse!("bag-case-unknown", case = case.as_str());
                }
                (encounters, format!("case {case}"))
            }
            (None, None) => crate::refuse!("bag-what"),
        };
    let ids: Vec<String> = encounters.iter().map(|e| e.logged.payload.encounter.clone()).collect();
    let proof = crate::proof::prove_all(workspace, &Trust::default(), &ids, identifier.clone())?
        .map(|proof| serde_json::to_string_pretty(&proof).expect("proofs serialise") + "\n");
    let info = BagInfo {
        proof,
        date: request.date.clone(),
        identifier,
        actor: request.actor.clone(),
        head: report.head,
        merkle_root: report.merkle_root,
        entries: report.entries,
        agent: request.agent.clone(),
    };
    let summary = write_bag(workspace, &state, &encounters, &info, &request.out)?;
    Ok((summary, report))
}

/// A signing key made (or found) and registered.
#[derive(Clone, Debug)]
pub struct KeyMade {
    /// The private key's file.
    pub private: PathBuf,
    /// The public key's file in the workspace.
    pub public: PathBuf,
    /// The `key-added` entry; `None` when the workspace trusted it already.
    pub seq: Option<u64>,
    /// Whether the private key existed before (made in another workspace).
    pub existing: bool,
    /// The public key, hexadecimal: what the QA lead compares when
    /// admitting it (`tarkka key trust`).
    pub key: String,
}

/// Makes an auditor's signing key from `secret` (32 random bytes the caller
/// draws): the private key into `key_dir` (readable by its owner only), the
/// public key into the workspace's `keys/`, and a `key-added` entry signed
/// with it. An auditor who has a key already (made in another workspace)
/// keeps it: it is registered here instead. Nothing is left behind if the
/// entry cannot be appended.
pub fn new_key(
    workspace: &Workspace,
    key_dir: &Path,
    auditor: &str,
    secret: [u8; 32],
    now: jiff::Timestamp,
) -> Result<KeyMade> {
    rubrics::check_id(auditor, "auditor")?;
    let private = key_dir.join(format!("{auditor}.key"));
    let public = workspace.keys_dir().join(format!("{auditor}.pub"));
    if let Some(signer) = config::signer(key_dir, auditor)? {
        let seq = register_key(workspace, auditor, &signer, now)?;
        let key = signer.public_hex();
        return Ok(KeyMade { private, public, seq, existing: true, key });
    }
    if public.exists() {
        crate::refuse!(
            "key-public-exists",
            file = public.display().to_string(),
            actor = auditor,
            dir = key_dir.display().to_string()
        );
    }
    let signer = Signer::from_secret(secret);
    std::fs::create_dir_all(key_dir).with_context(|| {
        tarkka_i18n::msg!("dir-uncreatable", dir = key_dir.display().to_string())
    })?;
    config::write_secret(&private, &format!("{}\n", signer.secret_hex()))?;
    match register_key(workspace, auditor, &signer, now) {
        Ok(seq) => Ok(KeyMade { private, public, seq, existing: false, key: signer.public_hex() }),
        Err(error) => {
            // Nothing recorded: leave no half-made key behind.
            let _ = std::fs::remove_file(&private);
            Err(error)
        }
    }
}

/// Makes the workspace trust an auditor's key (see [`key_entry`]) in an
/// append of its own; `None` when it trusts it already.
pub fn register_key(
    workspace: &Workspace,
    auditor: &str,
    signer: &Signer,
    now: jiff::Timestamp,
) -> Result<Option<u64>> {
    let mut written = None;
    let appended = tarkka_ledger::LedgerStore::append_with(
        &workspace.ledger(),
        |_, locked| {
            Ok::<_, crate::Error>(
                key_entry(workspace, auditor, signer, now, locked, &mut written)?
                    .into_iter()
                    .collect(),
            )
        },
        Some(signer),
    );
    match appended {
        Ok(appended) => Ok(appended.first().map(|a| a.seq)),
        Err(error) => {
            if let Some(public) = written {
                let _ = std::fs::remove_file(public);
            }
            Err(error)
        }
    }
}

/// Under the ledger lock: the `key-added` entry that makes the workspace
/// trust `signer` as `auditor`'s key, its public half written into
/// `keys/AUDITOR.pub` (the path is put in `written`, for the caller to take
/// back if the append fails); `None` when the workspace trusts it already
/// (see [`key_needed`]).
pub(crate) fn key_entry(
    workspace: &Workspace,
    auditor: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    locked: &tarkka_ledger::postgres::Held<'_>,
    written: &mut Option<PathBuf>,
) -> Result<Option<NewEntry>> {
    if !key_needed(workspace, auditor, signer, locked)? {
        return Ok(None);
    }
    key_added(workspace, auditor, signer, now, written).map(Some)
}

/// Under the ledger lock: whether `signer` needs a `key-added` entry
/// before it signs as `auditor`. Not when `keys/AUDITOR.pub` lists it, nor
/// when the log key admitted it (`tarkka key trust`): that is trust from
/// the ledger alone on every machine that pinned the log key (verify
/// checks the admission's signature), so `keys/` need not list it.
///
/// Refused: a workspace that trusts another key of the auditor (both are
/// named), and one whose ledger once added this auditor's key though
/// `keys/` no longer lists it and the log key never admitted it —
/// deleting the public key revokes it, and a revoked key is not quietly
/// trusted again.
pub(crate) fn key_needed(
    workspace: &Workspace,
    auditor: &str,
    signer: &Signer,
    locked: &tarkka_ledger::postgres::Held<'_>,
) -> Result<bool> {
    let public = workspace.keys_dir().join(format!("{auditor}.pub"));
    let key = signer.public_hex();
    if let Some(trusted) = config::trusted_keys(workspace)?.get(auditor) {
        if trusted.contains(&key) {
            return Ok(false);
        }
        crate::refuse!(
            "key-other-trusted",
            actor = auditor,
            file = public.display().to_string(),
            key = &key[..16]
        );
    }
    let state = LedgerState::replay_without_scores(locked)?;
    if state.admitted.get(auditor).is_some_and(|admitted| admitted.contains(&key)) {
        return Ok(false);
    }
    // This very key was trusted here once and its public half is gone: it
    // was revoked. A new key of the auditor's (after a revocation) may be
    // registered; the old one is not trusted again unseen.
    if state.keys.get(auditor).is_some_and(|added| added.contains(&key)) {
        crate::refuse!(
            "key-revoked",
            actor = auditor,
            key = &key[..16],
            file = public.display().to_string()
        );
    }
    Ok(true)
}

/// The `key-added` entry for `signer` as `auditor`, its public half
/// written into `keys/AUDITOR.pub` (the path put in `written`).
pub(crate) fn key_added(
    workspace: &Workspace,
    auditor: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    written: &mut Option<PathBuf>,
) -> Result<NewEntry> {
    let public = workspace.keys_dir().join(format!("{auditor}.pub"));
    let key = signer.public_hex();
    std::fs::create_dir_all(workspace.keys_dir()).with_context(|| {
        tarkka_i18n::msg!("dir-uncreatable", dir = workspace.keys_dir().display().to_string())
    })?;
    config::write_new(&public, format!("{key}\n").as_bytes())?;
    *written = Some(public);
    Ok(NewEntry::new(now, auditor, &KeyAdded { actor: auditor.to_string(), key }))
}

/// Checks a bag without the ledger, against the log keys given and those
/// pinned or held in `key_dir`.
pub fn verify_bag(
    dir: &Path,
    keys: &[String],
    key_dir: Option<&Path>,
) -> Result<tarkka_ledger::bag::BagCheck> {
    let trust = Trust::from(key_dir, keys, Vec::new())?;
    Ok(tarkka_ledger::bag::verify_bag(dir, &trust.verifiers)?)
}

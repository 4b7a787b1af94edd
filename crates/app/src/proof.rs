//! `tarkka proof`: the ledger lines about one encounter with their
//! inclusion proofs against a signed checkpoint, for an outsider to check
//! without the ledger; and the check itself.

use std::collections::BTreeSet;

use tarkka_ledger::note::NoteVerifier;
use tarkka_ledger::proof::{FORMAT, ProofFile, Verified};
use tarkka_ledger::{LedgerState, Workspace};

use crate::checkpoint::{self, Trust};
use crate::error::Result;

/// The proof of an encounter's entries: the encounter as logged, the rubric
/// it was logged with, its evidence, scoresheets and amendments, and the
/// key-added entries of everyone who signed them — against the largest
/// checkpoint of the ledger that holds. Refused when the ledger does not
/// verify or has no checkpoint yet.
pub fn prove(workspace: &Workspace, trust: &Trust, encounter: &str) -> Result<ProofFile> {
    let about = format!("encounter {encounter}");
    match prove_all(workspace, trust, &[encounter.to_string()], about)? {
        Some(proof) => Ok(proof),
        None => crate::refuse!("proof-no-checkpoint"),
    }
}

/// [`prove`] for several encounters at once (a bag of a case); `None` when
/// the ledger has no checkpoint yet.
pub(crate) fn prove_all(
    workspace: &Workspace,
    trust: &Trust,
    encounters: &[String],
    about: String,
) -> Result<Option<ProofFile>> {
    let anchors = checkpoint::anchors(workspace, trust)?;
    let chosen = anchors.anchors.iter().rev().max_by_key(|a| a.size).cloned();
    let report = crate::verify::verify_against(workspace, anchors, false, 2)?;
    if !report.is_clean() {
        crate::refuse!("proof-ledger-broken", count = report.findings.len());
    }
    let Some(anchor) = chosen else {
        return Ok(None);
    };
    let state = LedgerState::replay(&workspace.ledger())?;
    let mut wanted: BTreeSet<u64> = BTreeSet::new();
    let mut signers: BTreeSet<&str> = BTreeSet::new();
    for encounter in encounters {
        let found = crate::encounter::known(&state, encounter)?;
        wanted.insert(found.logged.seq);
        if let Some(rubric) = state.rubrics.get(&found.logged.payload.fingerprint) {
            wanted.insert(rubric.seq);
        }
        wanted.extend(found.evidence.iter().map(|e| e.seq));
        wanted.extend(found.scoresheets.iter().map(|s| s.seq));
        wanted.extend(found.amendments.iter().map(|a| a.seq));
        signers.extend(
            std::iter::once(found.logged.actor.as_str())
                .chain(found.evidence.iter().map(|r| r.actor.as_str()))
                .chain(found.scoresheets.iter().map(|r| r.actor.as_str()))
                .chain(found.amendments.iter().map(|r| r.actor.as_str())),
        );
    }
    workspace.ledger().for_each_line(|_, line, complete| {
        if let (true, Ok(entry)) = (complete, tarkka_ledger::entry::parse_line(line))
            && entry.kind == tarkka_ledger::Kind::KeyAdded.name()
            && signers.contains(entry.actor.as_ref())
        {
            wanted.insert(entry.seq);
        }
    })?;
    let (entries, uncovered) =
        tarkka_ledger::proof::prove(&workspace.ledger(), &wanted, anchor.size, &anchor.note)?;
    Ok(Some(ProofFile {
        format: FORMAT.to_string(),
        about,
        checkpoint: anchor.note,
        entries,
        uncovered,
    }))
}

/// Checks a proof file against the log keys given (vkeys or files holding
/// one) and those pinned or held in `key_dir`: the outer error when a key
/// cannot be read, the inner one when the proof does not hold (and why).
pub fn verify(
    text: &str,
    keys: &[String],
    key_dir: Option<&std::path::Path>,
) -> Result<std::result::Result<Verified, String>> {
    let trust = Trust::from(key_dir, keys, Vec::new())?;
    let known: Vec<NoteVerifier> = trust.verifiers;
    Ok(tarkka_ledger::proof::verify_file(text, &known))
}

//! `tarkka proof`: the ledger lines about one encounter with their
//! inclusion proofs against a signed checkpoint, for an outsider to check
//! without the ledger; and the check itself.

use tarkka_ledger::Workspace;
use tarkka_ledger::note::NoteVerifier;
use tarkka_ledger::proof::{FORMAT, ProofFile, Verified};

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
    if let Some(finding) = anchors.findings.first() {
        return Err(crate::Error::text(finding.text.clone()));
    }
    let Some(anchor) = anchors.anchors.iter().rev().max_by_key(|a| a.size).cloned() else {
        return Ok(None);
    };
    // The ledger must extend the checkpoint: the proof pass checks the
    // root of its first lines, and every line proven is checked against
    // its own hash by whoever verifies the proof.
    let (entries, uncovered) = tarkka_ledger::proof::prove_encounters(
        &workspace.ledger(),
        encounters,
        anchor.size,
        &anchor.root,
        &anchor.note,
    )?;
    Ok(Some(ProofFile {
        format: FORMAT.to_string(),
        about,
        checkpoint: anchor.note,
        entries,
        uncovered,
    }))
}

/// Checks a proof file against the log keys given (vkeys or files holding
/// one) and those pinned or held in `key_dir`, and requires
/// `min_witnesses` cosignatures of its checkpoint by `witnesses`: the
/// outer error when a key cannot be read, the inner one when the proof
/// does not hold (and why).
pub fn verify(
    text: &str,
    keys: &[String],
    key_dir: Option<&std::path::Path>,
    witnesses: &[String],
    min_witnesses: usize,
) -> Result<std::result::Result<Verified, String>> {
    let trust = Trust::from(key_dir, keys, Vec::new())?;
    let known: Vec<NoteVerifier> = trust.verifiers;
    let witnesses = crate::witness::verifiers(witnesses)?;
    let verified = match tarkka_ledger::proof::verify_file(text, &known) {
        Ok(verified) => verified,
        Err(reason) => return Ok(Err(reason)),
    };
    if min_witnesses > 0 {
        let file: ProofFile = serde_json::from_str(text)?;
        let cosigned = tarkka_ledger::note::Note::parse(&file.checkpoint)
            .map_err(|e| e.to_string())
            .and_then(|note| note.cosigned_by(&witnesses));
        match cosigned {
            Ok(found) if found.len() >= min_witnesses => {}
            Ok(found) => {
                return Ok(Err(format!(
                    "its checkpoint has {} of the {min_witnesses} witness cosignatures required",
                    found.len()
                )));
            }
            Err(reason) => return Ok(Err(reason)),
        }
    }
    Ok(Ok(verified))
}

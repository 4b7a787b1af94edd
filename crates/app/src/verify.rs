//! Verification, its record in the ledger, BagIt export for a dispute,
//! the repair of an unacknowledged tail, and signing keys.

use std::path::{Path, PathBuf};

use tarkka_ledger::bag::{BagInfo, BagSummary, write_bag};
use tarkka_ledger::payload::{
    EvidenceVerified, KeyAdded, ScoreAmended, ScoresheetRecorded, Source, summary_of,
};
use tarkka_ledger::verify::{self, Finding, FindingKind, Options, Progress, Report};
use tarkka_ledger::{Appended, EncounterState, LedgerState, NewEntry, Repaired, Signer, Workspace};

use crate::checkpoint::{self, Anchors, Trust};
use crate::error::{Context as _, Result};
use crate::{Writer, config, rubrics};

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
    let options = Options {
        log_keys: anchors.log_keys,
        require_admission: anchors.require_admission,
        own_keys: anchors.own_keys,
        anchors: anchors.anchors,
        trusted_keys: config::trusted_keys(workspace)?,
        evidence,
        threads,
    };
    let (mut report, sheets) = verify::verify_keeping_sheets(workspace, &options, progress)?;
    report.findings.extend(anchors.findings);
    // A ledger that does not replay was explained line by line above.
    if !sheets.is_empty()
        && let Ok(findings) = rescore(workspace, sheets)
    {
        report.findings.extend(findings);
    }
    Ok(report)
}

/// A scoresheet and the amendments that extend it, as re-scoring takes them.
type SheetChain<'a> = (&'a (u64, ScoresheetRecorded), Vec<&'a (u64, ScoreAmended)>);

/// What re-scoring needs besides the scoresheets: the rubrics registered,
/// the profiles of the encounters scored, and the amendments.
enum Piece {
    Rubric(tarkka_ledger::payload::RubricRegistered),
    Encounter(tarkka_ledger::payload::EncounterLogged),
    Amendment(u64, tarkka_ledger::payload::ScoreAmended),
    Skip,
}

/// Scores every scoresheet again from its answers, and every amendment from
/// the answers as it left them, under the rubric text the ledger
/// registered; names each stored result whose score, verdict or critical
/// failures do not follow. What is compared is what a reader acts on, so
/// that a result written by an older tarkka with fewer fields still holds.
/// One more pass over the ledger reads the rubrics, the scored encounters'
/// profiles and the amendments; the scoring runs on every core.
fn rescore(workspace: &Workspace, sheets: Vec<(u64, ScoresheetRecorded)>) -> Result<Vec<Finding>> {
    use std::collections::{BTreeMap, HashMap, HashSet};
    let wanted: HashSet<&str> = sheets.iter().map(|(_, s)| s.encounter.as_str()).collect();
    let mut rubric_texts = HashMap::new();
    let mut logged = HashMap::new();
    let mut amendments: BTreeMap<String, Vec<(u64, ScoreAmended)>> = BTreeMap::new();
    tarkka_ledger::replay_with(
        &workspace.ledger(),
        &|entry, _| {
            Ok(match entry.known_kind() {
                Some(tarkka_ledger::Kind::RubricRegistered) => Piece::Rubric(entry.payload()?),
                Some(tarkka_ledger::Kind::EncounterLogged) => {
                    let encounter: tarkka_ledger::payload::EncounterLogged = entry.payload()?;
                    if wanted.contains(encounter.encounter.as_str()) {
                        Piece::Encounter(encounter)
                    } else {
                        Piece::Skip
                    }
                }
                Some(tarkka_ledger::Kind::ScoreAmended) => {
                    Piece::Amendment(entry.seq, entry.payload()?)
                }
                _ => Piece::Skip,
            })
        },
        |piece| match piece {
            Piece::Rubric(rubric) => {
                rubric_texts.entry(rubric.fingerprint.clone()).or_insert(rubric);
            }
            Piece::Encounter(encounter) => {
                logged.entry(encounter.encounter.clone()).or_insert(encounter);
            }
            Piece::Amendment(seq, amendment) => {
                amendments.entry(amendment.encounter.clone()).or_default().push((seq, amendment));
            }
            Piece::Skip => {}
        },
    )?;
    let rubrics: HashMap<&str, Option<tarkka_rubric::Rubric>> = rubric_texts
        .iter()
        .map(|(fingerprint, r)| (fingerprint.as_str(), rubrics::registered(r).ok()))
        .collect();
    // The chains: each scoresheet with the amendments that extend it.
    let mut by_encounter: BTreeMap<&str, Vec<&(u64, ScoresheetRecorded)>> = BTreeMap::new();
    for sheet in &sheets {
        by_encounter.entry(sheet.1.encounter.as_str()).or_default().push(sheet);
    }
    let mut chains: Vec<SheetChain<'_>> = Vec::new();
    for (encounter, sheets) in by_encounter {
        let mut links: Vec<crate::chain::Links> =
            sheets.iter().map(|(seq, _)| crate::chain::Links::new(*seq)).collect();
        let start = chains.len();
        chains.extend(sheets.into_iter().map(|sheet| (sheet, Vec::new())));
        for amendment in amendments.get(encounter).into_iter().flatten() {
            if let Some(index) =
                crate::chain::Links::link(&mut links, amendment.0, amendment.1.amends)
            {
                chains[start + index].1.push(amendment);
            }
        }
    }
    let findings = crate::parallel::map(&chains, |(sheet, amendments)| {
        rescore_chain(sheet, amendments, &rubrics, &logged)
    });
    Ok(findings.into_iter().flatten().collect())
}

/// The findings of one chain: its scoresheet, then each amendment.
fn rescore_chain(
    (sheet_seq, sheet): &(u64, ScoresheetRecorded),
    amendments: &[&(u64, ScoreAmended)],
    rubrics: &std::collections::HashMap<&str, Option<tarkka_rubric::Rubric>>,
    logged: &std::collections::HashMap<String, tarkka_ledger::payload::EncounterLogged>,
) -> Vec<Finding> {
    let id = sheet.encounter.as_str();
    let Some(Some(rubric)) = rubrics.get(sheet.fingerprint.as_str()) else {
        let text = tarkka_i18n::msg!(
            "verify-result-no-rubric",
            seq = *sheet_seq,
            encounter = id,
            fingerprint = sheet.fingerprint.as_str()
        );
        return vec![Finding::about_entry(FindingKind::ResultMismatch, *sheet_seq, id, text)];
    };
    // An encounter the ledger lacks is an `unknown-reference` already.
    let Some(profile) = logged.get(id).and_then(|l| rubrics::profile_of(l).ok()) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    let mut answers: Option<tarkka_scoring::Answers> =
        serde_json::from_str(sheet.answers.get()).ok();
    let steps = std::iter::once((*sheet_seq, &sheet.result, None))
        .chain(amendments.iter().map(|(seq, a)| (*seq, &a.result, Some(a))));
    for (seq, stored, amendment) in steps {
        if let Some(amendment) = amendment {
            let after = serde_json::from_str::<tarkka_scoring::Answer>(amendment.after.get()).ok();
            match (answers.as_mut(), after) {
                (Some(answers), Some(after)) => {
                    answers.insert(amendment.criterion.clone(), after);
                }
                _ => answers = None,
            }
        }
        let scored = answers.as_ref().and_then(|answers| match sheet.source {
            Source::Human => tarkka_scoring::score(rubric, &profile, answers).ok(),
            Source::Automatic => tarkka_scoring::score_automatic(rubric, &profile, answers).ok(),
        });
        let stored = summary_of(stored);
        let scored = scored.and_then(|s| serde_json::value::to_raw_value(&s).ok());
        let scored = scored.map(|raw| summary_of(&raw));
        let critical = |s: &tarkka_ledger::payload::ResultSummary| -> Vec<String> {
            s.critical_failures.iter().map(|c| c.criterion.clone()).collect()
        };
        let follows = scored.as_ref().is_some_and(|scored| {
            scored.overall == stored.overall
                && scored.verdict == stored.verdict
                && critical(scored) == critical(&stored)
        });
        if !follows {
            let shown = |s: &tarkka_ledger::payload::ResultSummary| {
                format!("{} {}", s.overall.as_deref().unwrap_or("-"), s.verdict)
            };
            let text = tarkka_i18n::msg!(
                "verify-result-mismatch",
                seq = seq,
                encounter = id,
                stored = shown(&stored),
                computed = scored.as_ref().map_or_else(|| "-".to_string(), shown)
            );
            findings.push(Finding::about_entry(FindingKind::ResultMismatch, seq, id, text));
        }
    }
    findings
}

/// Records what a verification found as an entry (`verify --record`).
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
    workspace.ledger().repair_checked(|kept| match largest {
        Some(anchor) if anchor.size > kept => Err(crate::Error::text(tarkka_i18n::msg!(
            "repair-acknowledged",
            kept = kept,
            source = anchor.source.as_str(),
            size = anchor.size
        ))),
        _ => Ok(()),
    })
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
    /// Who exports it.
    pub actor: String,
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
        crate::bail!(
            "the ledger does not verify ({} findings; see `tarkka verify`): a bag quoting it would prove nothing",
            report.findings.len()
        );
    }
    let state = LedgerState::replay(&workspace.ledger())?;
    let (encounters, identifier): (Vec<&EncounterState>, String) =
        match (&request.encounter, &request.case) {
            (Some(id), _) => {
                let encounter = state
                    .encounters
                    .get(id)
                    .with_context(|| format!("no encounter `{id}` in the ledger"))?;
                (vec![encounter], format!("encounter {id}"))
            }
            (None, Some(case)) => {
                let encounters = state.case(case);
                if encounters.is_empty() {
                    crate::bail!("no encounter of case `{case}` in the ledger");
                }
                (encounters, format!("case {case}"))
            }
            (None, None) => crate::bail!("name an encounter or --case"),
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
        crate::bail!(
            "{} exists already: the workspace trusts a key of {auditor} already, but its private \
             key is not in {}",
            public.display(),
            key_dir.display()
        );
    }
    let signer = Signer::from_secret(secret);
    std::fs::create_dir_all(key_dir)
        .with_context(|| format!("cannot create {}", key_dir.display()))?;
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
    let appended = workspace.ledger().append_with(
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
/// back if the append fails); `None` when the workspace trusts it already.
///
/// Refused, changing nothing: a workspace that trusts another key of the
/// auditor (both are named), and one whose ledger once added this auditor's
/// key though `keys/` no longer lists it — deleting the public key revokes
/// it, and a revoked key is not quietly trusted again.
pub(crate) fn key_entry(
    workspace: &Workspace,
    auditor: &str,
    signer: &Signer,
    now: jiff::Timestamp,
    locked: &tarkka_ledger::Locked<'_>,
    written: &mut Option<PathBuf>,
) -> Result<Option<NewEntry>> {
    let public = workspace.keys_dir().join(format!("{auditor}.pub"));
    let key = signer.public_hex();
    if let Some(trusted) = config::trusted_keys(workspace)?.get(auditor) {
        if trusted.contains(&key) {
            return Ok(None);
        }
        crate::bail!(
            "the workspace trusts another signing key of `{auditor}` ({}); the key tarkka would \
             sign with is {}…. Add its public key to that file if both are {auditor}'s, or sign \
             with the trusted one (--key-dir)",
            public.display(),
            &key[..16]
        );
    }
    let state = LedgerState::replay_without_scores(locked)?;
    // This very key was trusted here once and its public half is gone: it
    // was revoked. A new key of the auditor's (after a revocation) may be
    // registered; the old one is not trusted again unseen.
    if state.keys.get(auditor).is_some_and(|added| added.contains(&key)) {
        crate::bail!(
            "the ledger once trusted this signing key of `{auditor}` ({}…), but {} no longer \
             lists it: the key was revoked, and is not trusted again without whoever keeps the \
             workspace (they add the public key to that file); or make a new key with \
             `tarkka key new {auditor}` after moving the old one aside",
            &key[..16],
            public.display()
        );
    }
    std::fs::create_dir_all(workspace.keys_dir())
        .with_context(|| format!("cannot create {}", workspace.keys_dir().display()))?;
    config::write_new(&public, format!("{key}\n").as_bytes())?;
    *written = Some(public);
    Ok(Some(NewEntry::new(now, auditor, &KeyAdded { actor: auditor.to_string(), key })))
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

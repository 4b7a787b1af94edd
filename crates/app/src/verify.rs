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
    // Signatures under a checkpoint known from outside were checked when it
    // was signed: they are taken as they stand, unless asked, or unless the
    // ledger turns out not to extend it (then everything is checked again).
    let vouched = match anchors.all_signatures {
        true => 0,
        false => anchors.anchors.iter().filter(|a| a.pinned).map(|a| a.size).max().unwrap_or(0),
    };
    let options = Options {
        signatures_checked_through: vouched,
        log_keys: anchors.log_keys,
        require_admission: anchors.require_admission,
        own_keys: anchors.own_keys,
        anchors: anchors.anchors,
        trusted_keys: config::trusted_keys(workspace)?,
        evidence,
        threads,
    };
    let mut report = verify::verify(workspace, &options, progress)?;
    let broken = |report: &Report| {
        report
            .findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::RolledBack | FindingKind::Rewritten))
    };
    if vouched > 0 && broken(&report) {
        let options = Options { signatures_checked_through: 0, ..options };
        report = verify::verify(workspace, &options, progress)?;
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
    // A ledger that does not replay was explained line by line above.
    if !report.scored.is_empty()
        && let Ok(findings) = rescore(workspace, &report.scored)
    {
        report.findings.extend(findings);
    }
    Ok(report)
}

/// What the first re-scoring pass reads: the rubrics, the scored
/// encounters' profiles, which scoresheets each encounter has, and the
/// amendments.
enum Piece {
    Rubric(tarkka_ledger::payload::RubricRegistered),
    Encounter(String, Option<tarkka_rubric::Profile>),
    Sheet(String, u64),
    Amendment(u64, ScoreAmended),
    Skip,
}

/// What the second pass makes of a scoresheet, on the scanning threads.
struct Rescored {
    finding: Option<Finding>,
    /// The answers, for a scoresheet amendments extend.
    amended: Option<(u64, SheetStart)>,
}

/// How an amended scoresheet starts its chain.
struct SheetStart {
    encounter: String,
    fingerprint: String,
    source: Source,
    answers: Option<tarkka_scoring::Answers>,
}

/// Scores every scoresheet again from its answers, and every amendment from
/// the answers as it left them, under the rubric text the ledger
/// registered; names each stored result whose score, verdict or critical
/// failures do not follow. What is compared is what a reader acts on, so
/// that a result written by an older tarkka with fewer fields still holds.
///
/// Two passes over the ledger, each on the scanning threads: the first
/// reads the rubrics, the profiles of the `scored` encounters and the
/// amendments; the second scores each scoresheet where it is read, keeping
/// nothing of it but a finding (and the answers of the rare amended one).
fn rescore(
    workspace: &Workspace,
    scored: &std::collections::HashSet<String>,
) -> Result<Vec<Finding>> {
    use std::collections::{BTreeMap, HashMap, HashSet};
    #[derive(serde::Deserialize)]
    struct Of<'a> {
        #[serde(borrow)]
        encounter: std::borrow::Cow<'a, str>,
    }
    let ledger = workspace.ledger();
    let mut rubric_texts = HashMap::new();
    let mut profiles: HashMap<String, Option<tarkka_rubric::Profile>> = HashMap::new();
    let mut sheets: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut amendments: Vec<(u64, ScoreAmended)> = Vec::new();
    tarkka_ledger::replay_with(
        &ledger,
        &|entry, _| {
            Ok(match entry.known_kind() {
                Some(tarkka_ledger::Kind::RubricRegistered) => Piece::Rubric(entry.payload()?),
                Some(tarkka_ledger::Kind::EncounterLogged) => {
                    let of: Of<'_> =
                        serde_json::from_str(entry.payload.get()).map_err(|e| e.to_string())?;
                    if scored.contains(of.encounter.as_ref()) {
                        let logged: tarkka_ledger::payload::EncounterLogged = entry.payload()?;
                        let profile = rubrics::profile_of(&logged).ok();
                        Piece::Encounter(logged.encounter, profile)
                    } else {
                        Piece::Skip
                    }
                }
                Some(tarkka_ledger::Kind::ScoresheetRecorded) => {
                    let of: Of<'_> =
                        serde_json::from_str(entry.payload.get()).map_err(|e| e.to_string())?;
                    Piece::Sheet(of.encounter.into_owned(), entry.seq)
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
            Piece::Encounter(id, profile) => {
                profiles.entry(id).or_insert(profile);
            }
            Piece::Sheet(encounter, seq) => sheets.entry(encounter).or_default().push(seq),
            Piece::Amendment(seq, amendment) => amendments.push((seq, amendment)),
            Piece::Skip => {}
        },
    )?;
    let rubrics: HashMap<&str, Option<tarkka_rubric::Rubric>> = rubric_texts
        .iter()
        .map(|(fingerprint, r)| (fingerprint.as_str(), rubrics::registered(r).ok()))
        .collect();
    // The chains amendments extend, by the rule `chain::Links` writes.
    let mut chains: BTreeMap<u64, Vec<&(u64, ScoreAmended)>> = BTreeMap::new();
    let mut links: HashMap<&str, Vec<crate::chain::Links>> = HashMap::new();
    for amendment in &amendments {
        let encounter = amendment.1.encounter.as_str();
        let links = links.entry(encounter).or_insert_with(|| {
            sheets
                .get(encounter)
                .into_iter()
                .flatten()
                .map(|seq| crate::chain::Links::new(*seq))
                .collect()
        });
        if let Some(index) =
            crate::chain::Links::link(links.iter_mut(), amendment.0, amendment.1.amends)
        {
            chains.entry(links[index].sheet).or_default().push(amendment);
        }
    }
    let amended: HashSet<u64> = chains.keys().copied().collect();
    let mut findings = Vec::new();
    let mut starts: Vec<(u64, SheetStart)> = Vec::new();
    tarkka_ledger::replay_with(
        &ledger,
        &|entry, _| {
            if entry.known_kind() != Some(tarkka_ledger::Kind::ScoresheetRecorded) {
                return Ok(Rescored { finding: None, amended: None });
            }
            let sheet: ScoresheetRecorded = entry.payload()?;
            let answers: Option<tarkka_scoring::Answers> =
                serde_json::from_str(sheet.answers.get()).ok();
            let finding = rescore_one(
                entry.seq,
                &sheet.encounter,
                &sheet.fingerprint,
                sheet.source,
                answers.as_ref(),
                &sheet.result,
                &rubrics,
                &profiles,
            );
            let amended = amended.contains(&entry.seq).then(|| {
                let start = SheetStart {
                    encounter: sheet.encounter,
                    fingerprint: sheet.fingerprint,
                    source: sheet.source,
                    answers,
                };
                (entry.seq, start)
            });
            Ok(Rescored { finding, amended })
        },
        |rescored| {
            findings.extend(rescored.finding);
            starts.extend(rescored.amended);
        },
    )?;
    for (seq, start) in starts {
        let mut answers = start.answers;
        for (amendment_seq, amendment) in chains.get(&seq).into_iter().flatten() {
            let after = serde_json::from_str::<tarkka_scoring::Answer>(amendment.after.get()).ok();
            match (answers.as_mut(), after) {
                (Some(answers), Some(after)) => {
                    answers.insert(amendment.criterion.clone(), after);
                }
                _ => answers = None,
            }
            findings.extend(rescore_one(
                *amendment_seq,
                &start.encounter,
                &start.fingerprint,
                start.source,
                answers.as_ref(),
                &amendment.result,
                &rubrics,
                &profiles,
            ));
        }
    }
    findings.sort_by_key(|f| f.seq);
    Ok(findings)
}

/// The finding, if any, of one stored result against its answers.
#[allow(clippy::too_many_arguments)]
fn rescore_one(
    seq: u64,
    encounter: &str,
    fingerprint: &str,
    source: Source,
    answers: Option<&tarkka_scoring::Answers>,
    stored: &serde_json::value::RawValue,
    rubrics: &std::collections::HashMap<&str, Option<tarkka_rubric::Rubric>>,
    profiles: &std::collections::HashMap<String, Option<tarkka_rubric::Profile>>,
) -> Option<Finding> {
    let Some(Some(rubric)) = rubrics.get(fingerprint) else {
        let text = tarkka_i18n::msg!(
            "verify-result-no-rubric",
            seq = seq,
            encounter = encounter,
            fingerprint = fingerprint
        );
        return Some(Finding::about_entry(FindingKind::ResultMismatch, seq, encounter, text));
    };
    // An encounter the ledger lacks is an `unknown-reference` already; one
    // whose profile does not read cannot be scored, which is said.
    let profile = match profiles.get(encounter) {
        None => return None,
        Some(Some(profile)) => profile,
        Some(None) => {
            let text =
                tarkka_i18n::msg!("verify-result-no-profile", seq = seq, encounter = encounter);
            return Some(Finding::about_entry(FindingKind::ResultMismatch, seq, encounter, text));
        }
    };
    let scored = answers.and_then(|answers| match source {
        Source::Human => tarkka_scoring::score(rubric, profile, answers).ok(),
        Source::Automatic => tarkka_scoring::score_automatic(rubric, profile, answers).ok(),
    });
    let stored = summary_of(stored);
    // Compared without writing the whole result out again.
    let scored = scored.map(|s| {
        let verdict = serde_json::to_value(s.verdict).ok();
        (
            s.overall.map(|o| o.to_string()),
            verdict.as_ref().and_then(|v| v.as_str()).unwrap_or_default().to_string(),
            s.critical_failures.iter().map(|c| c.criterion.clone()).collect::<Vec<_>>(),
        )
    });
    let stored_critical: Vec<String> =
        stored.critical_failures.iter().map(|c| c.criterion.clone()).collect();
    let follows = scored.as_ref().is_some_and(|(overall, verdict, critical)| {
        *overall == stored.overall && *verdict == stored.verdict && *critical == stored_critical
    });
    if follows {
        return None;
    }
    let computed = scored.as_ref().map_or_else(
        || "-".to_string(),
        |(overall, verdict, _)| format!("{} {verdict}", overall.as_deref().unwrap_or("-")),
    );
    let text = tarkka_i18n::msg!(
        "verify-result-mismatch",
        seq = seq,
        encounter = encounter,
        stored = format!("{} {}", stored.overall.as_deref().unwrap_or("-"), stored.verdict),
        computed = computed
    );
    Some(Finding::about_entry(FindingKind::ResultMismatch, seq, encounter, text))
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
        crate::refuse!(
            "key-other-trusted",
            actor = auditor,
            file = public.display().to_string(),
            key = &key[..16]
        );
    }
    let state = LedgerState::replay_without_scores(locked)?;
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
    std::fs::create_dir_all(workspace.keys_dir()).with_context(|| {
        tarkka_i18n::msg!("dir-uncreatable", dir = workspace.keys_dir().display().to_string())
    })?;
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

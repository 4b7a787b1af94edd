//! `verify`: does everything still hold — the chain, every entry, every
//! piece of evidence, every scoresheet's evidence — and if not, what exactly
//! is wrong and where.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tarkka_i18n::{Message, msg};

use crate::Lines as _;
use crate::error::LedgerError;
use crate::merkle::MerkleBuilder;
use crate::payload::*;
pub use crate::scan::id_key;
use crate::scan::{self, Examined, Fact, Seen, Signed};
use crate::{Digest, Unreadable, Workspace, digest};

/// What a verification found wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// The ledger ends in an incomplete write.
    TornTail,
    /// A line is not a readable entry.
    MalformedEntry,
    /// An entry's content does not match its hash: it was edited.
    EditedEntry,
    /// An entry does not link to the one before it: inserted or replaced.
    BrokenLink,
    /// Sequence numbers skip: entries were deleted (or moved later).
    MissingEntries,
    /// An entry stands after a later one: moved, or a duplicate inserted.
    OutOfOrder,
    /// An entry of a kind this tarkka does not know.
    UnknownKind,
    /// An entry refers to an encounter or scoresheet the ledger lacks.
    UnknownReference,
    /// The ledger is shorter than a checkpoint it was known to have: entries
    /// were cut off its end.
    RolledBack,
    /// The ledger's first entries are not those a checkpoint, or a recorded
    /// verification, stated: a fork or a rewrite.
    Rewritten,
    /// A checkpoint file that does not read or whose signature does not
    /// verify: it was altered.
    CheckpointInvalid,
    /// A checkpoint signed by no log key this verification trusts.
    CheckpointUntrusted,
    /// The latest checkpoint has fewer witness cosignatures than required.
    CheckpointUnwitnessed,
    /// A key signed entries that the workspace's log key never admitted.
    KeyNotAdmitted,
    /// A key admission whose signature by the log key does not hold.
    KeyAdmissionInvalid,
    /// `keys/` trusts a key for an auditor whose key the ledger never added.
    KeyNotAdded,
    /// A scoresheet's or amendment's stored result does not follow from
    /// its answers under the rubric text the ledger registered.
    ResultMismatch,
    /// An evidence file is not where the ledger says.
    EvidenceMissing,
    /// An evidence file no longer matches its recorded digest or size.
    EvidenceAltered,
    /// An evidence location could lead outside the workspace.
    EvidenceUnsafe,
    /// A file in the store that no entry mentions.
    UntrackedFile,
    /// A partial copy left in `evidence/.incoming/` by an interrupted
    /// `evidence add` (or one still running).
    IncompleteCopy,
    /// A scoresheet whose required evidence was never attached.
    RequiredEvidenceMissing,
    /// An entry by an auditor with a key is not signed.
    SignatureMissing,
    /// A signature does not verify.
    SignatureInvalid,
    /// A signature by a key the workspace does not trust.
    SignatureUntrusted,
}

/// A scoresheet or encounter that relies on a piece of evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reliance {
    /// The entry that relies on it.
    pub seq: u64,
    /// Its encounter.
    pub encounter: String,
    /// What it is: the attaching entry, or a scoresheet.
    pub what: &'static str,
}

/// One thing found wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// The ledger line, when the problem is in the ledger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The entry's sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
    /// The encounter concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encounter: Option<String>,
    /// The file concerned, relative to the workspace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What is wrong, in English (JSON, logs).
    pub message: String,
    /// What is wrong, for a person in their language.
    #[serde(skip)]
    pub text: Message,
    /// The entries that rely on the evidence concerned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relied_on_by: Vec<Reliance>,
}

impl Finding {
    /// A finding about an entry of an encounter, known by its sequence
    /// number.
    pub fn about_entry(kind: FindingKind, seq: u64, encounter: &str, text: Message) -> Finding {
        Finding {
            seq: Some(seq),
            encounter: Some(encounter.to_string()),
            ..Finding::without_line(kind, text)
        }
    }

    /// A finding about a file rather than a ledger line.
    pub fn about_file(kind: FindingKind, file: String, text: Message) -> Finding {
        Finding { file: Some(file), ..Finding::without_line(kind, text) }
    }

    fn without_line(kind: FindingKind, text: Message) -> Finding {
        Finding {
            kind,
            line: None,
            seq: None,
            encounter: None,
            file: None,
            message: text.to_string(),
            text,
            relied_on_by: Vec::new(),
        }
    }

    fn at(kind: FindingKind, line: u64, seq: Option<u64>, text: Message) -> Finding {
        Finding { line: Some(line), seq, ..Finding::without_line(kind, text) }
    }
}

/// The result of a verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// How many entries the ledger has.
    pub entries: u64,
    /// The last entry's hash as recorded.
    pub head: Digest,
    /// The RFC 6962 tree head over all entry hashes as recorded.
    pub merkle_root: Digest,
    /// How many evidence files were re-hashed.
    pub evidence_files: u64,
    /// How many bytes of evidence were re-hashed.
    pub evidence_bytes: u64,
    /// The checkpoints the ledger was checked against.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<Anchor>,
    /// Lines up to this number had their signatures checked and their
    /// results re-scored when the checkpoint covering them was signed, not
    /// again (0: all checked).
    #[serde(skip_serializing_if = "is_zero")]
    pub checked_through: u64,
    /// How many entries carry a valid signature.
    pub signed_entries: u64,
    /// How many scoresheets are vouched for (up to `checked_through`),
    /// their results not re-scored again.
    #[serde(skip_serializing_if = "is_zero")]
    pub vouched_scoresheets: u64,
    /// Files beside the ledger that `ledger repair` moved bytes into.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub side_files: Vec<String>,
    /// Everything found wrong, ledger findings in line order first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether everything holds.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Told how the evidence hashing is going; the CLI draws a progress bar.
pub trait Progress: Sync {
    /// Hashing starts: this many files and bytes.
    fn start(&self, _files: u64, _bytes: u64) {}
    /// This many more bytes were hashed.
    fn advance(&self, _bytes: u64) {}
    /// Hashing is over.
    fn finish(&self) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

/// A tree head the ledger must extend, and where it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// How many entries the tree had.
    pub size: u64,
    /// Its RFC 6962 root.
    pub root: Digest,
    /// Where it came from, as a person would name it (a checkpoint file).
    pub source: String,
    /// The log key that signed it.
    pub signer: String,
    /// Whether that key is trusted from outside the workspace (this
    /// machine's own log key, a key pinned on it, or one named on the
    /// command line) rather than only declared by the workspace itself.
    pub pinned: bool,
    /// The signed checkpoint, verbatim.
    #[serde(skip)]
    pub note: String,
}

/// A private signing key this machine holds, and since when.
#[derive(Clone, Debug)]
pub struct OwnKey {
    /// The auditor.
    pub actor: String,
    /// The public key, hexadecimal.
    pub key: String,
    /// When the key file was made (RFC 3339 UTC, the ledger's form).
    pub since: String,
}

/// How to verify.
#[derive(Clone, Debug)]
pub struct Options {
    /// The log keys known (pinned, held, named or declared), which key
    /// admissions are checked against.
    pub log_keys: Vec<crate::note::NoteVerifier>,
    /// Whether every signing key must be admitted by a log key: when the
    /// workspace's log is known from outside it.
    pub require_admission: bool,
    /// The auditors' private keys this machine holds: their entries after
    /// the key was made must be signed.
    pub own_keys: Vec<OwnKey>,
    /// Lines up to this number are vouched for: a checkpoint known from
    /// outside covers them, and their signatures were checked and their
    /// results re-scored when it was signed (verification proves the lines
    /// are the same bytes), so their signatures are taken as they stand and
    /// an observer may skip re-scoring them (0: check everything).
    pub checked_through: u64,
    /// Signed tree heads the ledger must extend (their signatures checked
    /// by the caller).
    pub anchors: Vec<Anchor>,
    /// The trusted public keys (hexadecimal) of each auditor.
    pub trusted_keys: BTreeMap<String, BTreeSet<String>>,
    /// Whether to re-hash the evidence files.
    pub evidence: bool,
    /// How many threads hash evidence.
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            log_keys: Vec::new(),
            require_admission: false,
            own_keys: Vec::new(),
            checked_through: 0,
            anchors: Vec::new(),
            trusted_keys: BTreeMap::new(),
            evidence: true,
            threads: 2,
        }
    }
}

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What verification remembers of the ledger.
#[derive(Default)]
struct Facts {
    /// Logged encounters by [`scan::id_key`].
    encounters: FastMap<u64, u64>,
    evidence: Vec<(u64, EvidenceAttached)>,
    scoresheets: Vec<(u64, scan::SheetFacts)>,
    /// The entries an amendment may amend: scoresheets and amendments.
    scoresheet_seqs: std::collections::HashSet<u64, foldhash::fast::RandomState>,
    /// References to an encounter not logged before them (line, seq,
    /// encounter, what refers): checked once the whole ledger is read.
    references: Vec<(u64, u64, String, &'static str)>,
    keys: FastMap<String, BTreeSet<String>>,
    /// Recorded verifications: line, seq, and the size, head and root they
    /// stated.
    statements: Vec<(u64, u64, u64, Digest, Digest)>,
    /// Keys admitted by a log key, as (actor, key).
    admitted: BTreeSet<(String, String)>,
    /// Keys that signed entries, as (actor, key): the first entry's line
    /// and seq, and how many.
    signing: BTreeMap<(String, String), (u64, u64, u64)>,
    /// The signer of the last signed entry, a key of `signing`.
    last_signer: Option<(String, String)>,
    /// Entries signed by a key `keys/` does not hold, as (line, seq), by
    /// (actor, key): untrusted unless a log key known from outside admits
    /// the key later in the ledger (a team's machines trust the keys the
    /// log's holder admitted, without copying `keys/`).
    unlisted: BTreeMap<(String, String), Vec<(u64, u64)>>,
    /// Actors with entries.
    actors: BTreeSet<String>,
    /// Scoresheets on lines a checkpoint known from outside vouches for.
    vouched_scoresheets: u64,
    /// Unsigned entries by an actor whose private key this machine held
    /// when they were recorded: the first's line and seq, and how many.
    stripped: BTreeMap<String, (u64, u64, u64)>,
}

/// The chain as read so far.
struct Chain {
    /// The highest sequence number seen, and its hash.
    last: Option<(u64, Digest)>,
    /// Whether the link to the next line can be checked (not after an
    /// unreadable line).
    linkable: bool,
}

/// Verifies a workspace: the ledger, then (with `options.evidence`) every
/// evidence file, the store's untracked files and every scoresheet's
/// required evidence.
///
/// An error means the ledger cannot be read at all (or is in a newer
/// format); everything else is a finding in the report.
pub fn verify(
    workspace: &Workspace,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, LedgerError> {
    verify_observed(workspace, options, progress, &|_| None::<()>, |_| {})
}

/// What a layer above reads of an entry while it is verified, on the
/// scanning threads: called for every entry whose line hashes to its hash,
/// in a format this tarkka reads, of a kind it knows, with a payload
/// verification could read.
pub type Observe<'a, T> = &'a (dyn Fn(Observing<'_, '_>) -> Option<T> + Sync);

/// An entry as an observer of verification sees it.
#[derive(Clone, Copy)]
pub struct Observing<'p, 'a> {
    /// Its sequence number.
    pub seq: u64,
    /// Its kind.
    pub kind: crate::Kind,
    /// Its payload, as verification parsed it.
    pub parsed: Parsed<'p, 'a>,
    /// Whether a checkpoint known from outside covers it (see
    /// [`Options::checked_through`]): its result was re-scored when that
    /// checkpoint was signed.
    pub vouched: bool,
}

/// What verification parsed of an entry's payload, handed to an observer so
/// that no payload is parsed twice.
#[derive(Clone, Copy)]
pub enum Parsed<'p, 'a> {
    /// A scoresheet.
    Sheet(&'p crate::payload::SheetRef<'a>),
    /// An encounter's logging.
    Logged(&'p crate::payload::LoggedRef<'a>),
    /// A scoresheet a checkpoint known from outside vouches for, read only
    /// as far as its encounter: its answers and result are not parsed.
    VouchedSheet {
        /// The encounter it is about.
        encounter: &'a str,
    },
    /// Any other kind: its payload, unparsed.
    Other(&'a serde_json::value::RawValue),
}

/// An entry as an observer of verification gets back what it read of it
/// (see [`verify_observed`]).
pub struct Observed<T> {
    /// The entry's sequence number.
    pub seq: u64,
    /// Where its line is, to be read again ([`crate::Lines::lines_at`]).
    pub place: crate::Place,
    /// Its hash, which the line read again must have.
    pub hash: Digest,
    /// What `observe` made of it.
    pub read: T,
}

/// [`verify`], with a layer above reading the entries as they are verified
/// (the application re-scores scoresheets in the same pass): `observe`
/// runs on the scanning threads for every entry whose line hashes to its
/// hash and whose payload verification could read; `absorb` gets what it
/// made of each, in ledger order.
pub fn verify_observed<T: Send>(
    workspace: &Workspace,
    options: &Options,
    progress: &dyn Progress,
    observe: Observe<'_, T>,
    mut absorb: impl FnMut(Observed<T>),
) -> Result<Report, LedgerError> {
    let ledger = workspace.ledger();
    let mut findings = Vec::new();
    let mut facts = Facts::default();
    let mut merkle = MerkleBuilder::new();
    // Every leaf, for the checkpoints and statements to be checked against
    // (32 bytes an entry).
    let mut leaves: Vec<Digest> = Vec::new();
    let mut chain = Chain { last: None, linkable: true };
    let mut head = Digest::ZERO;
    let mut open_batch: Option<(u64, u64, u64)> = None;
    // Lines are examined on several threads (parsing, hashing, signature
    // checks); what depends on the order — the chain, the Merkle tree, the
    // facts — is absorbed here, in line order.
    let vouched = options.checked_through;
    scan::scan(&ledger, options.threads, vouched, observe, |examined| {
        let seen = match examined {
            Examined::Torn { number } => {
                let message = match open_batch.take() {
                    Some((_, first, count)) => msg!(
                        "verify-torn-batch",
                        line = number,
                        first = first,
                        last = first + count - 1
                    ),
                    None => msg!("verify-torn", line = number),
                };
                findings.push(Finding::at(FindingKind::TornTail, number, None, message));
                return Ok(());
            }
            Examined::Malformed { number, error } => {
                findings.push(Finding::at(
                    FindingKind::MalformedEntry,
                    number,
                    None,
                    msg!("verify-malformed", line = number, error = error),
                ));
                chain.linkable = false;
                return Ok(());
            }
            Examined::Newer { seq, format } => {
                return Err(LedgerError::NewerFormat {
                    path: ledger.name().to_path_buf(),
                    seq,
                    format,
                });
            }
            Examined::Entry(seen) => seen,
        };
        merkle.push_leaf_hash(seen.leaf);
        leaves.push(seen.leaf);
        head = seen.hash;
        check_entry(&seen, &mut chain, &mut findings);
        open_batch = match seen.batch {
            Some(batch) if seen.seq < batch.first + batch.count - 1 => {
                Some((seen.number, batch.first, batch.count))
            }
            _ => None,
        };
        check_signature(&seen, options, &mut facts, &mut findings);
        let mut seen = *seen;
        if let Some(read) = seen.observed.take() {
            let place = crate::Place { number: seen.number, offset: seen.offset };
            absorb(Observed { seq: seen.seq, place, hash: seen.hash, read });
        }
        collect(seen, options, &mut facts, &mut findings);
        Ok(())
    })?;
    untrusted_signatures(&facts, options, &mut findings);
    if let Some((number, first, count)) = open_batch
        && !findings.iter().any(|f| f.kind == FindingKind::TornTail)
    {
        findings.push(Finding::at(
            FindingKind::TornTail,
            number,
            None,
            msg!("verify-batch-cut", line = number, first = first, last = first + count - 1),
        ));
    }
    check_references(&facts, &mut findings);
    check_keys(&facts, options, &mut findings);
    check_anchors(&leaves, &options.anchors, &facts.statements, &mut findings);
    let mut report = Report {
        entries: merkle.len(),
        head,
        merkle_root: merkle.root(),
        evidence_files: 0,
        evidence_bytes: 0,
        anchors: options.anchors.clone(),
        checked_through: options.checked_through,
        signed_entries: facts.signing.values().map(|(_, _, count)| count).sum(),
        vouched_scoresheets: facts.vouched_scoresheets,
        side_files: ledger.file().map(|file| side_files(file.path())).unwrap_or_default(),
        findings,
    };
    if options.evidence {
        check_evidence(workspace, &facts, options.threads, progress, &mut report);
        check_untracked(workspace, &facts, &mut report.findings);
        check_required(&facts, &mut report.findings);
    }
    Ok(report)
}

fn check_entry<T>(seen: &Seen<T>, chain: &mut Chain, findings: &mut Vec<Finding>) {
    let (number, seq) = (seen.number, seen.seq);
    if !seen.content_matches {
        findings.push(Finding::at(
            FindingKind::EditedEntry,
            number,
            Some(seq),
            msg!("verify-edited", seq = seq, line = number),
        ));
    }
    let expected = chain.last.map_or(1, |(last, _)| last + 1);
    if seq > expected {
        findings.push(Finding::at(
            FindingKind::MissingEntries,
            number,
            Some(seq),
            msg!(
                "verify-missing-entries",
                count = seq - expected,
                first = expected,
                last = seq - 1,
                line = number
            ),
        ));
    } else if seq < expected {
        let after = expected - 1;
        let message = if seq == after {
            msg!("verify-duplicate", line = number, seq = seq)
        } else {
            msg!("verify-out-of-order", seq = seq, line = number, after = after)
        };
        findings.push(Finding::at(FindingKind::OutOfOrder, number, Some(seq), message));
        return;
    } else if let Some((_, prev)) = chain.last
        && chain.linkable
        && seen.prev != prev
    {
        findings.push(Finding::at(
            FindingKind::BrokenLink,
            number,
            Some(seq),
            msg!("verify-broken-link", seq = seq, line = number, previous = seq - 1),
        ));
    } else if chain.last.is_none() && seen.prev != Digest::ZERO && seq == 1 {
        findings.push(Finding::at(
            FindingKind::BrokenLink,
            number,
            Some(seq),
            msg!("verify-bad-start"),
        ));
    }
    chain.last = Some((seq, seen.hash));
    chain.linkable = true;
}

fn check_signature<T>(
    seen: &Seen<T>,
    options: &Options,
    facts: &mut Facts,
    findings: &mut Vec<Finding>,
) {
    let (number, seq) = (seen.number, Some(seen.seq));
    let actor = seen.actor.as_str();
    match &seen.signature {
        Signed::Invalid => findings.push(Finding::at(
            FindingKind::SignatureInvalid,
            number,
            seq,
            msg!("verify-signature-invalid", seq = seen.seq, line = number, actor = actor),
        )),
        Signed::Valid(key) => {
            // Runs of entries by one signer are the rule: counted without
            // making the pair again.
            if facts.last_signer.as_ref().is_none_or(|(a, k)| a != actor || k != key) {
                facts.last_signer = Some((actor.to_string(), key.clone()));
            }
            let signer = facts.last_signer.as_ref().expect("set above");
            match facts.signing.get_mut(signer) {
                Some((_, _, count)) => *count += 1,
                None => {
                    facts.signing.insert(signer.clone(), (number, seen.seq, 1));
                }
            }
            if !options.trusted_keys.get(actor).is_some_and(|keys| keys.contains(key)) {
                facts
                    .unlisted
                    .entry((actor.to_string(), key.clone()))
                    .or_default()
                    .push((number, seen.seq));
            }
        }
        Signed::No if facts.keys.contains_key(actor) => findings.push(Finding::at(
            FindingKind::SignatureMissing,
            number,
            seq,
            msg!("verify-signature-missing", seq = seen.seq, line = number, actor = actor),
        )),
        Signed::No => {
            // Later than the key this machine holds for the actor: it was
            // signed once, or should have been.
            if options.own_keys.iter().any(|own| own.actor == actor && seen.time >= own.since) {
                facts.stripped.entry(actor.to_string()).or_insert((number, seen.seq, 0)).2 += 1;
            }
        }
    }
    if !facts.actors.contains(actor) {
        facts.actors.insert(actor.to_string());
    }
    if let Fact::Key(added) = &seen.fact {
        let by_added_key = matches!(&seen.signature, Signed::Valid(key) if *key == added.key);
        if !by_added_key {
            findings.push(Finding::at(
                FindingKind::SignatureInvalid,
                number,
                seq,
                msg!("verify-key-unsigned", seq = seen.seq, line = number, actor = &added.actor),
            ));
        }
        facts.keys.entry(added.actor.clone()).or_default().insert(added.key.clone());
    }
}

impl Facts {
    /// An entry at `number` (seq `seq`) refers to `encounter`: fine when it
    /// was logged before; otherwise checked at the end.
    fn refer(&mut self, number: u64, seq: u64, encounter: &str, what: &'static str) {
        if !self.encounters.contains_key(&scan::id_key(encounter)) {
            self.references.push((number, seq, encounter.to_string(), what));
        }
    }
}

/// Remembers what later checks need from an entry's payload.
fn collect<T>(seen: Seen<T>, options: &Options, facts: &mut Facts, findings: &mut Vec<Finding>) {
    let (number, seq) = (seen.number, seen.seq);
    match seen.fact {
        Fact::Unknown(kind) => findings.push(Finding::at(
            FindingKind::UnknownKind,
            number,
            Some(seq),
            msg!("verify-unknown-kind", seq = seq, line = number, kind = kind),
        )),
        Fact::Malformed(error) => findings.push(Finding::at(
            FindingKind::MalformedEntry,
            number,
            Some(seq),
            msg!("verify-malformed-payload", reason = error),
        )),
        Fact::Encounter(encounter) => {
            facts.encounters.entry(encounter).or_insert(seq);
        }
        Fact::Evidence(evidence) => {
            facts.refer(number, seq, &evidence.encounter, "evidence");
            facts.evidence.push((seq, *evidence));
        }
        Fact::Scoresheet(sheet) => {
            facts.refer(number, seq, &sheet.encounter, "scoresheet");
            facts.vouched_scoresheets += u64::from(number <= options.checked_through);
            facts.scoresheet_seqs.insert(seq);
            // Kept for the evidence checks, where it can matter to them.
            let relies = !sheet.evidence.is_empty()
                || (!sheet.required_evidence.is_empty() && sheet.missing_evidence_reason.is_none());
            if options.evidence && relies {
                facts.scoresheets.push((seq, *sheet));
            }
        }
        Fact::Amendment { encounter, amends } => {
            if !facts.scoresheet_seqs.contains(&amends) {
                findings.push(Finding {
                    encounter: Some(encounter.clone()),
                    ..Finding::at(
                        FindingKind::UnknownReference,
                        number,
                        Some(seq),
                        msg!("verify-amends-nothing", seq = seq, line = number, amends = amends),
                    )
                });
            }
            facts.refer(number, seq, &encounter, "amendment");
            // An amendment can itself be amended.
            facts.scoresheet_seqs.insert(seq);
        }
        Fact::Admitted(admitted) => {
            if !options.log_keys.is_empty() {
                let holds = crate::note::Note::parse(&admitted.admission).is_ok_and(|note| {
                    let origin = note.text.lines().nth(1).unwrap_or("").to_string();
                    note.text
                        == crate::payload::admission_text(&origin, &admitted.actor, &admitted.key)
                        && note.verify(&options.log_keys).is_ok_and(|names| names.contains(&origin))
                });
                if holds {
                    facts.admitted.insert((admitted.actor, admitted.key));
                } else {
                    findings.push(Finding::at(
                        FindingKind::KeyAdmissionInvalid,
                        number,
                        Some(seq),
                        msg!(
                            "verify-admission-invalid",
                            seq = seq,
                            line = number,
                            actor = &admitted.actor
                        ),
                    ));
                }
            }
        }
        Fact::Statement { entries, head, root } => {
            facts.statements.push((number, seq, entries, head, root));
        }
        Fact::Refers(encounters) => {
            for encounter in &encounters {
                facts.refer(number, seq, encounter, "workflow");
            }
        }
        Fact::Key(_) | Fact::Other => {}
    }
}

/// Entries signed by keys neither `keys/` nor an admission by a log key
/// known from outside vouches for, merged into the scan's findings in
/// line order.
fn untrusted_signatures(facts: &Facts, options: &Options, findings: &mut Vec<Finding>) {
    let mut untrusted: Vec<Finding> = Vec::new();
    for ((actor, key), places) in &facts.unlisted {
        if options.require_admission && facts.admitted.contains(&(actor.clone(), key.clone())) {
            continue;
        }
        for &(number, seq) in places {
            untrusted.push(Finding::at(
                FindingKind::SignatureUntrusted,
                number,
                Some(seq),
                msg!(
                    "verify-signature-untrusted",
                    seq = seq,
                    line = number,
                    key = &key[..16.min(key.len())],
                    actor = actor.as_str()
                ),
            ));
        }
    }
    if untrusted.is_empty() {
        return;
    }
    untrusted.sort_by_key(|finding| finding.line);
    let scanned = std::mem::take(findings);
    let mut merged = Vec::with_capacity(scanned.len() + untrusted.len());
    let mut untrusted = untrusted.into_iter().peekable();
    for finding in scanned {
        while let Some(next) = untrusted.next_if(|u| u.line <= finding.line) {
            merged.push(next);
        }
        merged.push(finding);
    }
    merged.extend(untrusted);
    *findings = merged;
}

/// The key findings that need the whole ledger: signing keys the log key
/// never admitted, `keys/` files for auditors whose key the ledger never
/// added, and entries left unsigned although their auditor held a key.
fn check_keys(facts: &Facts, options: &Options, findings: &mut Vec<Finding>) {
    if options.require_admission {
        for ((actor, key), &(line, seq, count)) in &facts.signing {
            if !facts.admitted.contains(&(actor.clone(), key.clone())) {
                findings.push(Finding::at(
                    FindingKind::KeyNotAdmitted,
                    line,
                    Some(seq),
                    msg!(
                        "verify-key-not-admitted",
                        actor = actor.as_str(),
                        key = &key[..16.min(key.len())],
                        count = count,
                        seq = seq
                    ),
                ));
            }
        }
    }
    for actor in options.trusted_keys.keys() {
        if facts.actors.contains(actor) && !facts.keys.contains_key(actor) {
            findings.push(Finding::about_file(
                FindingKind::KeyNotAdded,
                format!("keys/{actor}.pub"),
                msg!("verify-key-not-added", actor = actor.as_str()),
            ));
        }
    }
    for (actor, &(line, seq, count)) in &facts.stripped {
        findings.push(Finding::at(
            FindingKind::SignatureMissing,
            line,
            Some(seq),
            msg!("verify-signature-stripped", actor = actor.as_str(), count = count, seq = seq),
        ));
    }
}

/// The side files `ledger repair` left beside the ledger, by name.
fn side_files(ledger: &Path) -> Vec<String> {
    let (Some(dir), Some(name)) = (ledger.parent(), ledger.file_name()) else {
        return Vec::new();
    };
    let prefix = format!("{}.torn-", name.to_string_lossy());
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|file| file.starts_with(&prefix))
        .collect();
    found.sort();
    found
}

/// Checks that the ledger extends every anchor (a rollback leaves it
/// shorter; a fork or a rewrite gives its first entries another root) and
/// that every recorded verification's statement still holds of the entries
/// before it.
fn check_anchors(
    leaves: &[Digest],
    anchors: &[Anchor],
    statements: &[(u64, u64, u64, Digest, Digest)],
    findings: &mut Vec<Finding>,
) {
    let total = leaves.len() as u64;
    let mut sizes: Vec<u64> = anchors.iter().map(|a| a.size).collect();
    sizes.extend(statements.iter().map(|s| s.2));
    sizes.retain(|&size| size <= total);
    sizes.sort_unstable();
    sizes.dedup();
    // One pass over the leaves, the root taken at every size asked for.
    let mut roots = BTreeMap::new();
    let mut builder = MerkleBuilder::new();
    let mut wanted = sizes.iter().peekable();
    while let Some(&&size) = wanted.peek() {
        if builder.len() == size {
            roots.insert(size, builder.root());
            wanted.next();
        } else {
            builder.push_leaf_hash(leaves[builder.len() as usize]);
        }
    }
    // The longest prefix something vouches for that still holds, to say
    // from where on the ledger differs.
    let agreed = |below: u64| -> u64 {
        let anchored =
            anchors.iter().filter(|a| a.size < below && roots.get(&a.size) == Some(&a.root));
        let stated = statements.iter().filter(|s| s.2 < below && roots.get(&s.2) == Some(&s.4));
        anchored.map(|a| a.size).chain(stated.map(|s| s.2)).max().unwrap_or(0)
    };
    // Copies of one checkpoint (kept, remembered, mailed) are one fact:
    // named once, with every place it was found.
    let mut distinct: Vec<Anchor> = Vec::new();
    for anchor in anchors {
        match distinct.iter_mut().find(|a| a.size == anchor.size && a.root == anchor.root) {
            Some(same) => same.source = format!("{} ({})", same.source, anchor.source),
            None => distinct.push(anchor.clone()),
        }
    }
    for anchor in &distinct {
        let finding = if anchor.size > total {
            Finding::about_file(
                FindingKind::RolledBack,
                anchor.source.clone(),
                msg!(
                    "verify-rolled-back",
                    source = &anchor.source,
                    size = anchor.size,
                    entries = total,
                    first = total + 1,
                    count = anchor.size - total
                ),
            )
        } else if roots.get(&anchor.size) != Some(&anchor.root) {
            Finding::about_file(
                FindingKind::Rewritten,
                anchor.source.clone(),
                msg!(
                    "verify-rewritten",
                    source = &anchor.source,
                    size = anchor.size,
                    first = agreed(anchor.size) + 1
                ),
            )
        } else {
            continue;
        };
        findings.push(finding);
    }
    for &(number, seq, entries, head, root) in statements {
        let holds = entries < seq
            && entries <= total
            && (entries == 0 || leaves[entries as usize - 1] == crate::merkle::leaf_hash(&head.0))
            && roots.get(&entries) == Some(&root);
        if !holds {
            findings.push(Finding::at(
                FindingKind::Rewritten,
                number,
                Some(seq),
                msg!(
                    "verify-statement-contradicted",
                    seq = seq,
                    line = number,
                    entries = entries,
                    first = agreed(entries) + 1
                ),
            ));
        }
    }
}

fn check_references(facts: &Facts, findings: &mut Vec<Finding>) {
    for (number, seq, encounter, what) in &facts.references {
        if !facts.encounters.contains_key(&scan::id_key(encounter)) {
            findings.push(Finding {
                encounter: Some(encounter.clone()),
                ..Finding::at(
                    FindingKind::UnknownReference,
                    *number,
                    Some(*seq),
                    msg!(
                        "verify-unknown-encounter",
                        seq = *seq,
                        line = *number,
                        what = *what,
                        encounter = encounter
                    ),
                )
            });
        }
    }
}

/// Who relies on the evidence with this digest.
fn reliances(facts: &Facts, sha256: &Digest) -> Vec<Reliance> {
    let mut relied = Vec::new();
    for (seq, evidence) in &facts.evidence {
        if &evidence.sha256 == sha256 {
            relied.push(Reliance {
                seq: *seq,
                encounter: evidence.encounter.clone(),
                what: "evidence-attached",
            });
        }
    }
    for (seq, sheet) in &facts.scoresheets {
        if sheet.evidence.contains(sha256) {
            relied.push(Reliance {
                seq: *seq,
                encounter: sheet.encounter.clone(),
                what: "scoresheet-recorded",
            });
        }
    }
    relied
}

/// Re-hashes every evidence file the ledger mentions, on several threads.
fn check_evidence(
    workspace: &Workspace,
    facts: &Facts,
    threads: usize,
    progress: &dyn Progress,
    report: &mut Report,
) {
    // One job per distinct location; the largest first, so that the threads
    // finish together.
    let mut jobs: BTreeMap<&str, (&EvidenceAttached, u64)> = BTreeMap::new();
    for (seq, evidence) in &facts.evidence {
        jobs.entry(evidence.location.as_str()).or_insert((evidence, *seq));
    }
    let mut jobs: Vec<(&str, &EvidenceAttached, u64)> =
        jobs.into_iter().map(|(location, (evidence, seq))| (location, evidence, seq)).collect();
    jobs.sort_by(|a, b| b.1.size.cmp(&a.1.size).then(a.0.cmp(b.0)));
    let total: u64 = jobs.iter().map(|job| job.1.size).sum();
    progress.start(jobs.len() as u64, total);
    // Objects in the team's store are downloaded and hashed on the store's
    // own threads, a few more at a time than there are cores; files on
    // `threads` threads here.
    let locations: Vec<&str> = jobs.iter().map(|job| job.0).collect();
    let remote =
        workspace.hash_team_evidence(&locations, threads.max(1) * 2, &|n| progress.advance(n));
    let mut remote_outcomes = Vec::new();
    let mut local = Vec::new();
    for (index, outcome) in remote.into_iter().enumerate() {
        match outcome {
            Some(outcome) => remote_outcomes.push((index, outcome)),
            None => local.push(index),
        }
    }
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, Hashed)>> = Mutex::new(remote_outcomes);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1).min(local.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&index) = local.get(index) else { break };
                    let location = jobs[index].0;
                    let outcome = hash_location(workspace, location, progress);
                    outcomes
                        .lock()
                        .expect("no thread panics while holding it")
                        .push((index, outcome));
                }
            });
        }
    });
    progress.finish();
    let mut outcomes = outcomes.into_inner().expect("threads are done");
    outcomes.sort_by_key(|(index, _)| *index);
    let mut findings = Vec::new();
    for (index, outcome) in outcomes {
        let (location, evidence, seq) = jobs[index];
        let finding = |kind, text: Message| Finding {
            kind,
            line: None,
            seq: Some(seq),
            encounter: Some(evidence.encounter.clone()),
            file: Some(location.to_string()),
            message: text.to_string(),
            text,
            relied_on_by: reliances(facts, &evidence.sha256),
        };
        match outcome {
            Ok((digest, size)) => {
                report.evidence_files += 1;
                report.evidence_bytes += size;
                if digest != evidence.sha256 || size != evidence.size {
                    findings.push(finding(
                        FindingKind::EvidenceAltered,
                        msg!(
                            "verify-evidence-altered",
                            file = location,
                            name = &evidence.name,
                            encounter = &evidence.encounter,
                            seq = seq,
                            size = evidence.size,
                            sha256 = evidence.sha256.to_string(),
                            now_size = size,
                            now_sha256 = digest.to_string()
                        ),
                    ));
                }
            }
            Err(Unreadable::Missing) => findings.push(finding(
                FindingKind::EvidenceMissing,
                msg!(
                    "verify-evidence-missing",
                    file = location,
                    name = &evidence.name,
                    encounter = &evidence.encounter,
                    seq = seq
                ),
            )),
            Err(Unreadable::Unsafe(reason)) => findings
                .push(finding(FindingKind::EvidenceUnsafe, msg!("verify-unsafe", reason = reason))),
            Err(Unreadable::Io(reason)) => findings.push(finding(
                FindingKind::EvidenceMissing,
                msg!("verify-unreadable", file = location, name = &evidence.name, reason = reason),
            )),
        }
    }
    // Findings follow the ledger order of the evidence concerned.
    findings.sort_by_key(|finding| finding.seq);
    report.findings.extend(findings);
}

/// A re-hashed evidence file: its digest and size, or why not.
type Hashed = Result<(Digest, u64), Unreadable>;

fn hash_location(
    workspace: &Workspace,
    location: &str,
    progress: &dyn Progress,
) -> Result<(Digest, u64), Unreadable> {
    let reader = workspace.open_evidence(location)?;
    digest::hash_reader(reader, |bytes| progress.advance(bytes))
        .map_err(|error| Unreadable::Io(error.to_string()))
}

/// Files in the store that no entry mentions.
fn check_untracked(workspace: &Workspace, facts: &Facts, findings: &mut Vec<Finding>) {
    let known: BTreeSet<&str> =
        facts.evidence.iter().map(|(_, evidence)| evidence.location.as_str()).collect();
    let mut found = Vec::new();
    match workspace.blobs() {
        crate::Blobs::File(_) => walk(&workspace.store_dir(), workspace.root(), &mut found),
        crate::Blobs::S3(blobs) => match crate::BlobStore::list(&blobs) {
            Ok(digests) => {
                found.extend(digests.iter().map(|d| (crate::store_location(d), false)));
            }
            Err(error) => findings.push(finding_without_line(
                FindingKind::EvidenceMissing,
                msg!(
                    "verify-unreadable",
                    file = blobs.name(),
                    name = "-",
                    reason = error.message()
                ),
            )),
        },
    }
    found.sort();
    for (location, is_link) in found {
        if is_link {
            findings.push(Finding {
                file: Some(location.clone()),
                ..finding_without_line(
                    FindingKind::EvidenceUnsafe,
                    msg!("verify-symlink", file = &location),
                )
            });
        } else if !known.contains(location.as_str()) {
            findings.push(Finding {
                file: Some(location.clone()),
                ..finding_without_line(
                    FindingKind::UntrackedFile,
                    msg!("verify-untracked", file = &location),
                )
            });
        }
    }
    let mut incoming = Vec::new();
    walk(&workspace.incoming_dir(), workspace.root(), &mut incoming);
    incoming.sort();
    for (location, _) in incoming {
        findings.push(Finding {
            file: Some(location.clone()),
            ..finding_without_line(
                FindingKind::IncompleteCopy,
                msg!("verify-incomplete-copy", file = &location),
            )
        });
    }
}

fn finding_without_line(kind: FindingKind, text: Message) -> Finding {
    Finding {
        kind,
        line: None,
        seq: None,
        encounter: None,
        file: None,
        message: text.to_string(),
        text,
        relied_on_by: Vec::new(),
    }
}

/// Every file below `dir`, as a workspace-relative location, with whether
/// it is a symbolic link (which is not followed).
fn walk(dir: &Path, root: &Path, found: &mut Vec<(String, bool)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_dir() {
            walk(&path, root, found);
        } else if let Ok(relative) = path.strip_prefix(root) {
            let location: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push((location.join("/"), file_type.is_symlink()));
        }
    }
}

/// Scoresheets whose rubric required evidence that was never attached.
fn check_required(facts: &Facts, findings: &mut Vec<Finding>) {
    let mut attached: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (_, evidence) in &facts.evidence {
        attached.entry(evidence.encounter.as_str()).or_default().insert(evidence.kind.as_str());
    }
    for (seq, sheet) in &facts.scoresheets {
        if sheet.missing_evidence_reason.is_some() {
            continue;
        }
        let kinds = attached.get(sheet.encounter.as_str());
        let missing: Vec<&str> = sheet
            .required_evidence
            .iter()
            .map(String::as_str)
            .filter(|kind| !kinds.is_some_and(|kinds| kinds.contains(kind)))
            .collect();
        if !missing.is_empty() {
            findings.push(Finding {
                seq: Some(*seq),
                encounter: Some(sheet.encounter.clone()),
                ..finding_without_line(
                    FindingKind::RequiredEvidenceMissing,
                    msg!(
                        "verify-required-missing",
                        encounter = &sheet.encounter,
                        seq = *seq,
                        count = missing.len(),
                        rest = missing[..missing.len() - 1].join(", "),
                        last = missing[missing.len() - 1]
                    ),
                )
            });
        }
    }
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

//! Reading the ledger for verification on several threads.
//!
//! A reader thread cuts the file into blocks of whole lines; worker threads
//! examine each line — parse it, recompute its hash, check its signature,
//! parse its payload — which is where the time goes; the caller absorbs the
//! results strictly in line order (the chain and the Merkle tree depend on
//! it). Memory stays bounded: only a few blocks are in flight at once.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

use crate::bulk::BulkPayload;
use crate::entry::{Batch, Kind, content_hash, parse_line};
use crate::error::{IoContext, LedgerError};
use crate::payload::*;
use crate::sign::signature_is_valid;
use crate::storage::Place;
use crate::verify::{Observe, Observing, Parsed};
use crate::{Digest, LEDGER_FORMAT};

/// How many bytes of whole lines a worker gets at a time.
const BLOCK: usize = 4 << 20;

/// One ledger line, examined.
pub(crate) enum Examined<T> {
    /// The last line has no newline.
    Torn { number: u64 },
    /// The line is not an entry.
    Malformed { number: u64, error: String },
    /// The entry is in a newer format.
    Newer { seq: u64, format: u32 },
    /// An entry.
    Entry(Box<Seen<T>>),
}

/// What a readable entry says, and what checking it in isolation found.
pub(crate) struct Seen<T> {
    pub number: u64,
    /// Where the line starts in the file.
    pub offset: u64,
    /// The RFC 6962 leaf hash of `hash`, computed here rather than on the
    /// thread that builds the tree.
    pub leaf: Digest,
    pub seq: u64,
    pub prev: Digest,
    pub hash: Digest,
    /// Whether the content hashes to `hash`.
    pub content_matches: bool,
    pub batch: Option<Batch>,
    /// When it claims it was recorded (RFC 3339 UTC).
    pub time: String,
    pub actor: String,
    pub signature: Signed,
    pub fact: Fact,
    /// What the observer read of it.
    pub observed: Option<T>,
}

/// An entry's signature.
pub(crate) enum Signed {
    No,
    /// Valid, by this key.
    Valid(String),
    Invalid,
}

/// What later checks need from a payload.
pub(crate) enum Fact {
    /// The key of the encounter's id (see [`id_key`]).
    Encounter(u64),
    Evidence(Box<EvidenceAttached>),
    Scoresheet(Box<SheetFacts>),
    Amendment {
        encounter: String,
        amends: u64,
    },
    Key(KeyAdded),
    Admitted(KeyAdmitted),
    /// What a recorded verification stated: the ledger's size, head and
    /// root when it ran.
    Statement {
        entries: u64,
        head: Digest,
        root: Digest,
    },
    /// A workflow entry (draw, replacement, dispute, acknowledgement): the
    /// encounters it names.
    Refers(Vec<String>),
    Other,
    Unknown(String),
    Malformed(String),
}

/// What verification needs of a scoresheet: whom it is about and the
/// evidence it relies on or lacks.
pub(crate) struct SheetFacts {
    pub encounter: String,
    pub evidence: Vec<Digest>,
    pub required_evidence: Vec<String>,
    pub missing_evidence_reason: Option<String>,
}

/// Encounter ids as verification remembers them: a 64-bit keyed hash, so
/// that a million encounters take 16 MB, not a million strings. Two ids
/// sharing a key would only hide an `unknown-reference` finding, with odds
/// of about one in 10^13 for a million ids.
pub fn id_key(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x7461_726b_6b61).hash_one(id)
}

/// A line as read: a bulk kind in one pass, anything else the general way.
enum Line<'a> {
    Bulk(crate::bulk::BulkLine<'a>),
    Any(crate::entry::EntryRef<'a>),
}

/// Examines a line; the signature of a line numbered up to `vouched` is
/// taken as it stands (checked when the checkpoint covering it was signed).
fn examine<T>(place: Place, line: &[u8], vouched: u64, observe: Observe<'_, T>) -> Examined<T> {
    let number = place.number;
    if number <= vouched
        && let Some(sheet) = crate::bulk::vouched_sheet(line)
        && let Some(seen) = examine_vouched(place, line, sheet, observe)
    {
        return Examined::Entry(Box::new(seen));
    }
    let read = match crate::bulk::parse(line) {
        Some(bulk) => Line::Bulk(bulk),
        None => match parse_line(line) {
            Ok(entry) => Line::Any(entry),
            Err(error) => return Examined::Malformed { number, error },
        },
    };
    let (v, seq, prev, hash, time, actor) = match &read {
        Line::Bulk(b) => (b.v, b.seq, b.prev, b.hash, &b.time, &b.actor),
        Line::Any(e) => (e.v, e.seq, e.prev, e.hash, &e.time, &e.actor),
    };
    let (time, actor) = (time.to_string(), actor.to_string());
    // Integrity before interpretation: no field of a line is believed —
    // not its version, not its kind — before the line hashes to its hash.
    let content_matches = content_hash(line) == Some(hash);
    let (batch, signature, (fact, observed)) = if content_matches {
        if v > LEDGER_FORMAT {
            return Examined::Newer { seq, format: v };
        }
        let vouched_for = number <= vouched;
        let (batch, sig) = match &read {
            Line::Bulk(b) => (b.batch, &b.sig),
            Line::Any(e) => (e.batch, &e.sig),
        };
        let signature = signature(sig.as_ref(), &hash, vouched_for);
        let key = match vouched_for {
            true => None,
            false => sig.as_ref().map(|sig| sig.key.clone()),
        };
        let (mut fact, observed) = fact(read, vouched_for, observe);
        // Once a checkpoint covers it, this line will be read the short way
        // (`examine_vouched`): it must read the same there, or no
        // checkpoint can be signed over it.
        if !vouched_for
            && let Fact::Scoresheet(facts) = &fact
            && let Some(short) = crate::bulk::vouched_sheet(line)
            && !reads_the_same(&short, facts, batch, key.as_deref())
        {
            fact = Fact::Malformed(format!(
                "entry {seq}: a scoresheet whose fields are not in the order tarkka writes them \
                 (its evidence, its required evidence or its batch read differently in the \
                 order written): it was not written by tarkka"
            ));
        }
        (batch, signature, (fact, observed))
    } else {
        (None, Signed::No, (Fact::Other, None))
    };
    Examined::Entry(Box::new(Seen {
        number,
        offset: place.offset,
        seq,
        prev,
        hash,
        content_matches,
        leaf: crate::merkle::leaf_hash(&hash.0),
        batch,
        time,
        actor,
        signature,
        fact,
        observed,
    }))
}

/// A scoresheet's line a checkpoint vouches for, read only as far as later
/// checks need it (see [`crate::bulk::VouchedSheet`]); `None` when its
/// content does not hash to its hash or its format is newer, which the one
/// pass then reports as it always does.
fn examine_vouched<T>(
    place: Place,
    line: &[u8],
    sheet: crate::bulk::VouchedSheet<'_>,
    observe: Observe<'_, T>,
) -> Option<Seen<T>> {
    if crate::entry::content_hash_to(line, sheet.content_end) != sheet.hash
        || sheet.v > LEDGER_FORMAT
    {
        return None;
    }
    let (seq, kind) = (sheet.seq, Kind::ScoresheetRecorded);
    let parsed = Parsed::VouchedSheet { encounter: sheet.encounter };
    let observed = observe(Observing { seq, kind, parsed, vouched: true });
    Some(Seen {
        number: place.number,
        offset: place.offset,
        leaf: crate::merkle::leaf_hash(&sheet.hash.0),
        seq,
        prev: sheet.prev,
        hash: sheet.hash,
        content_matches: true,
        batch: sheet.batch,
        time: sheet.time.to_string(),
        actor: sheet.actor.to_string(),
        signature: sheet.key.map_or(Signed::No, |key| Signed::Valid(key.to_string())),
        fact: Fact::Scoresheet(Box::new(SheetFacts {
            encounter: sheet.encounter.to_string(),
            evidence: sheet.evidence,
            required_evidence: sheet.required_evidence,
            missing_evidence_reason: sheet.missing_evidence_reason,
        })),
        observed,
    })
}

/// Whether the short reading of a scoresheet's line gives what the one
/// pass gave.
fn reads_the_same(
    short: &crate::bulk::VouchedSheet<'_>,
    facts: &SheetFacts,
    batch: Option<Batch>,
    key: Option<&str>,
) -> bool {
    short.encounter == facts.encounter
        && short.evidence == facts.evidence
        && short.required_evidence == facts.required_evidence
        && short.missing_evidence_reason == facts.missing_evidence_reason
        && short.batch == batch
        && short.key == key
}

/// An entry's signature, checked unless its line is vouched for.
fn signature(sig: Option<&crate::Signature>, hash: &Digest, vouched: bool) -> Signed {
    match sig {
        None => Signed::No,
        Some(signature) if vouched => Signed::Valid(signature.key.clone()),
        Some(signature) if signature_is_valid(signature, hash) => {
            Signed::Valid(signature.key.clone())
        }
        Some(_) => Signed::Invalid,
    }
}

/// What later checks need from an entry's payload, and what the observer
/// read of it. Each payload is parsed once, borrowing from the line, and
/// what was parsed is handed to the observer.
fn fact<T>(read: Line<'_>, vouched: bool, observe: Observe<'_, T>) -> (Fact, Option<T>) {
    let entry = match read {
        Line::Bulk(bulk) => {
            return match bulk.payload {
                BulkPayload::Sheet(sheet) => sheet_fact(bulk.seq, *sheet, vouched, observe),
                BulkPayload::Logged(logged) => logged_fact(bulk.seq, &logged, vouched, observe),
            };
        }
        Line::Any(entry) => entry,
    };
    let malformed = |error: serde_json::Error| {
        Fact::Malformed(format!(
            "entry {}: the `{}` payload is malformed: {error}",
            entry.seq, entry.kind
        ))
    };
    match entry.known_kind() {
        Some(Kind::ScoresheetRecorded) => {
            match serde_json::from_str::<SheetRef<'_>>(entry.payload.get()) {
                Ok(sheet) => sheet_fact(entry.seq, sheet, vouched, observe),
                Err(error) => (malformed(error), None),
            }
        }
        Some(Kind::EncounterLogged) => {
            match serde_json::from_str::<LoggedRef<'_>>(entry.payload.get()) {
                Ok(logged) => logged_fact(entry.seq, &logged, vouched, observe),
                Err(error) => (malformed(error), None),
            }
        }
        Some(kind) => {
            let fact = payload_fact(&entry);
            let observed = match fact {
                Fact::Malformed(_) => None,
                _ => {
                    let parsed = Parsed::Other(entry.payload);
                    observe(Observing { seq: entry.seq, kind, parsed, vouched })
                }
            };
            (fact, observed)
        }
        None => (Fact::Unknown(entry.kind.to_string()), None),
    }
}

/// A scoresheet read whole (a payload that does not fit is malformed); the
/// answers and the result, most of a large ledger, stay in the line.
fn sheet_fact<T>(
    seq: u64,
    sheet: SheetRef<'_>,
    vouched: bool,
    observe: Observe<'_, T>,
) -> (Fact, Option<T>) {
    let kind = Kind::ScoresheetRecorded;
    let observed = observe(Observing { seq, kind, parsed: Parsed::Sheet(&sheet), vouched });
    let facts = SheetFacts {
        encounter: sheet.encounter.into_owned(),
        evidence: sheet.evidence,
        required_evidence: sheet.required_evidence,
        missing_evidence_reason: sheet.missing_evidence_reason,
    };
    (Fact::Scoresheet(Box::new(facts)), observed)
}

/// The most common kind by far: its id (kept as a key) and, for the
/// observer, its profile, without allocating.
fn logged_fact<T>(
    seq: u64,
    logged: &LoggedRef<'_>,
    vouched: bool,
    observe: Observe<'_, T>,
) -> (Fact, Option<T>) {
    let kind = Kind::EncounterLogged;
    let observed = observe(Observing { seq, kind, parsed: Parsed::Logged(logged), vouched });
    (Fact::Encounter(id_key(&logged.encounter)), observed)
}

/// [`fact`] of any entry but a scoresheet or an encounter's logging.
fn payload_fact(entry: &crate::entry::EntryRef<'_>) -> Fact {
    match entry.known_kind() {
        None => Fact::Unknown(entry.kind.to_string()),
        Some(Kind::EncounterLogged | Kind::ScoresheetRecorded) => unreachable!("read by `fact`"),
        Some(Kind::EvidenceAttached) => {
            entry.payload().map(|e| Fact::Evidence(Box::new(e))).unwrap_or_else(Fact::Malformed)
        }
        Some(Kind::ScoreAmended) => entry
            .payload::<ScoreAmended>()
            .map(|a| Fact::Amendment { encounter: a.encounter, amends: a.amends })
            .unwrap_or_else(Fact::Malformed),
        Some(Kind::KeyAdded) => entry.payload().map(Fact::Key).unwrap_or_else(Fact::Malformed),
        Some(Kind::KeyAdmitted) => {
            entry.payload().map(Fact::Admitted).unwrap_or_else(Fact::Malformed)
        }
        Some(Kind::RubricRegistered) => {
            entry.payload::<RubricRegistered>().map(|_| Fact::Other).unwrap_or_else(Fact::Malformed)
        }
        Some(Kind::EvidenceVerified) => {
            entry.payload::<EvidenceVerified>().map_or_else(Fact::Malformed, |v| Fact::Statement {
                entries: v.entries,
                head: v.head,
                root: v.merkle_root,
            })
        }
        Some(Kind::SampleCommitted) => {
            entry.payload::<SampleCommitted>().map(|_| Fact::Other).unwrap_or_else(Fact::Malformed)
        }
        Some(Kind::SampleDrawn) => refers(
            entry
                .payload::<SampleDrawn>()
                .map(|d| d.assignments.into_iter().map(|a| a.encounter).collect()),
        ),
        Some(Kind::AssignmentReplaced) => refers(
            entry
                .payload::<AssignmentReplaced>()
                .map(|r| std::iter::once(r.encounter).chain(r.replacement).collect()),
        ),
        Some(Kind::AssignmentTaken) => {
            refers(entry.payload::<AssignmentTaken>().map(|t| vec![t.encounter]))
        }
        Some(Kind::DisputeOpened) => {
            refers(entry.payload::<DisputeOpened>().map(|d| vec![d.encounter]))
        }
        Some(Kind::DisputeDecided) => {
            refers(entry.payload::<DisputeDecided>().map(|d| vec![d.encounter]))
        }
        Some(Kind::EvaluationAcknowledged) => {
            refers(entry.payload::<EvaluationAcknowledged>().map(|a| vec![a.encounter]))
        }
    }
}

fn refers(encounters: Result<Vec<String>, String>) -> Fact {
    encounters.map(Fact::Refers).unwrap_or_else(Fact::Malformed)
}

/// A block of whole lines (the last block may end in an incomplete line).
struct Block {
    index: usize,
    first_line: u64,
    /// The file offset of its first byte.
    offset: u64,
    bytes: Vec<u8>,
}

/// Examines every line of a block; the block's last piece, when it has no
/// newline, is passed on as incomplete.
fn examine_block<T>(block: &Block, examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync)) -> Vec<T> {
    let mut out = Vec::new();
    let mut number = block.first_line;
    let mut start = 0;
    let place = |number, start: usize| Place { number, offset: block.offset + start as u64 };
    for end in memchr::memchr_iter(b'\n', &block.bytes) {
        out.push(examine(place(number, start), &block.bytes[start..end], true));
        number += 1;
        start = end + 1;
    }
    if start < block.bytes.len() {
        out.push(examine(place(number, start), &block.bytes[start..], false));
    }
    out
}

/// Verification's examination of a line.
fn examine_for_verify<T>(
    place: Place,
    line: &[u8],
    complete: bool,
    vouched: u64,
    observe: Observe<'_, T>,
) -> Examined<T> {
    match complete {
        true => examine(place, line, vouched, observe),
        false => Examined::Torn { number: place.number },
    }
}

/// The lines of `file` at `places`, without their newlines, in the order
/// asked; a line cut short by the end of the file is returned as it is.
pub(crate) fn lines_at(
    file: File,
    path: &Path,
    places: &[Place],
) -> Result<Vec<Vec<u8>>, LedgerError> {
    use std::io::{BufRead, Seek, SeekFrom};
    let mut reader = io::BufReader::with_capacity(16 << 10, file);
    let mut lines = Vec::with_capacity(places.len());
    for place in places {
        reader.seek(SeekFrom::Start(place.offset)).at(path)?;
        let mut line = Vec::new();
        reader.read_until(b'\n', &mut line).at(path)?;
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Reads the ledger (under a shared lock, or in one snapshot) and calls `absorb` with
/// every line, examined for verification, in order. The first error
/// `absorb` returns ends the scan and is returned.
pub(crate) fn scan<T: Send>(
    ledger: &impl crate::Lines,
    threads: usize,
    vouched: u64,
    observe: Observe<'_, T>,
    absorb: impl FnMut(Examined<T>) -> Result<(), LedgerError>,
) -> Result<(), LedgerError> {
    let examine = move |place: Place, line: &[u8], complete: bool| {
        examine_for_verify(place, line, complete, vouched, observe)
    };
    ledger.scan(threads, &examine, absorb)
}

/// Reads the ledger at `path` under a shared lock; `examine` runs on
/// `threads` workers for every line (with its number and whether it ended
/// in a newline), and `absorb` gets the results in line order. The first
/// error `absorb` returns ends the scan and is returned.
pub(crate) fn scan_lines<T: Send>(
    path: &Path,
    threads: usize,
    examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
    absorb: impl FnMut(T) -> Result<(), LedgerError>,
) -> Result<(), LedgerError> {
    let file = File::open(path).at(path)?;
    file.lock_shared().at(path)?;
    scan_file(file, path, threads, examine, absorb)
}

/// [`scan_lines`] over a file already open (and locked), from its start.
pub(crate) fn scan_file<T: Send>(
    mut file: File,
    path: &Path,
    threads: usize,
    examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
    absorb: impl FnMut(T) -> Result<(), LedgerError>,
) -> Result<(), LedgerError> {
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0)).at(path)?;
    scan_reader(file, path, threads, examine, absorb)
}

/// [`scan_lines`] over any stream of newline-ended lines (a database's
/// rows as lines), from where it stands.
pub(crate) fn scan_reader<T: Send>(
    file: impl Read + Send,
    path: &Path,
    threads: usize,
    examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
    mut absorb: impl FnMut(T) -> Result<(), LedgerError>,
) -> Result<(), LedgerError> {
    let threads = threads.max(1);
    let (block_sender, block_receiver) = sync_channel::<Block>(threads * 2);
    let block_receiver = Arc::new(Mutex::new(block_receiver));
    let (result_sender, result_receiver) = sync_channel::<(usize, Vec<T>)>(threads * 2);
    let pool = Pool::default();
    std::thread::scope(|scope| {
        let pool = &pool;
        let reader = scope.spawn(move || read_blocks(file, &block_sender, pool));
        for _ in 0..threads {
            let blocks = Arc::clone(&block_receiver);
            let results = result_sender.clone();
            scope.spawn(move || work(&blocks, &results, examine, pool));
        }
        drop(result_sender);
        let mut pending: BTreeMap<usize, Vec<T>> = BTreeMap::new();
        let mut next = 0;
        let mut failure: Option<LedgerError> = None;
        for (index, examined) in result_receiver.iter() {
            pending.insert(index, examined);
            while let Some(examined) = pending.remove(&next) {
                next += 1;
                if failure.is_none() {
                    for one in examined {
                        if let Err(error) = absorb(one) {
                            failure = Some(error);
                            break;
                        }
                    }
                }
            }
        }
        let read = reader.join().expect("the reader thread does not panic");
        match (failure, read) {
            (Some(error), _) => Err(error),
            (None, Err(error)) => Err(error).at(path),
            (None, Ok(())) => Ok(()),
        }
    })
}

/// Spent block buffers, handed back by the workers so that the reader
/// refills memory it already has instead of faulting in fresh pages.
type Pool = Mutex<Vec<Vec<u8>>>;

fn read_blocks(
    mut file: impl Read,
    blocks: &std::sync::mpsc::SyncSender<Block>,
    pool: &Pool,
) -> io::Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut index = 0;
    let mut first_line = 1;
    // The file offset of the next block's first byte (the carry's).
    let mut offset = 0u64;
    loop {
        let mut bytes = pool.lock().expect("no thread panics holding it").pop().unwrap_or_default();
        bytes.clear();
        bytes.reserve(carry.len() + BLOCK);
        bytes.extend_from_slice(&carry);
        carry.clear();
        let start = bytes.len();
        (&mut file).take(BLOCK as u64).read_to_end(&mut bytes)?;
        let at_end = bytes.len() < start + BLOCK;
        if !at_end {
            // Keep the partial last line for the next block; a line longer
            // than a block just makes the next read longer.
            match memchr::memrchr(b'\n', &bytes) {
                Some(last) => {
                    carry.extend_from_slice(&bytes[last + 1..]);
                    bytes.truncate(last + 1);
                }
                None => {
                    carry = bytes;
                    continue;
                }
            }
        }
        if bytes.is_empty() {
            return Ok(());
        }
        let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
        let length = bytes.len() as u64;
        if blocks.send(Block { index, first_line, offset, bytes }).is_err() {
            return Ok(());
        }
        offset += length;
        index += 1;
        first_line += lines;
        if at_end {
            return Ok(());
        }
    }
}

fn work<T>(
    blocks: &Mutex<Receiver<Block>>,
    results: &std::sync::mpsc::SyncSender<(usize, Vec<T>)>,
    examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
    pool: &Pool,
) {
    loop {
        let block = match blocks.lock().expect("no worker panics holding it").recv() {
            Ok(block) => block,
            Err(_) => return,
        };
        let examined = examine_block(&block, examine);
        pool.lock().expect("no thread panics holding it").push(block.bytes);
        if results.send((block.index, examined)).is_err() {
            return;
        }
    }
}

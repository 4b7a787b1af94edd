//! The ledger file: locked, durable appends and streaming reads.
//!
//! Appends take an exclusive lock on the ledger file, read only its tail to
//! find the last entry, write the new lines in one `write`, and `fsync`
//! before returning: an entry is acknowledged only once it is on disk. A
//! crash can leave at most an incomplete tail — a last line without its
//! newline, or fewer lines than a multi-entry batch announced — which is
//! never silently dropped or kept: appends refuse to continue after it and
//! [`Ledger::repair`] moves it aside, reporting exactly what it moved.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::Digest;
use tarkka_i18n::msg;

use crate::entry::{self, Batch, EntryRef, LEDGER_FORMAT, NewEntry, content_hash, parse_line};
use crate::error::{IoContext, LedgerError};
use crate::sign::Signer;

/// An appended entry's place in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appended {
    /// Its sequence number.
    pub seq: u64,
    /// Its hash.
    pub hash: Digest,
}

/// The end of the ledger: where new entries chain on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Head {
    /// The last entry's sequence number; 0 for an empty ledger.
    pub seq: u64,
    /// The last entry's hash; zeros for an empty ledger.
    pub hash: Digest,
}

/// What [`Ledger::repair`] moved aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repaired {
    /// The side file the incomplete bytes were moved to.
    pub side_file: PathBuf,
    /// The ledger's new length.
    pub kept: u64,
    /// How many bytes were moved.
    pub moved: u64,
    /// What was incomplete.
    pub detail: tarkka_i18n::Message,
}

/// A ledger file.
#[derive(Clone, Debug)]
pub struct Ledger {
    path: PathBuf,
}

impl Ledger {
    /// The ledger at `path` (which need not exist yet).
    pub fn new(path: impl Into<PathBuf>) -> Ledger {
        Ledger { path: path.into() }
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Creates an empty ledger; an error if one exists.
    pub fn create(&self) -> Result<(), LedgerError> {
        let file =
            OpenOptions::new().write(true).create_new(true).open(&self.path).at(&self.path)?;
        file.sync_all().at(&self.path)?;
        sync_parent(&self.path)
    }

    /// Appends entries under the ledger's lock and returns once they are on
    /// disk. Several entries are appended as one batch: a crash leaves either
    /// all of them or an incomplete batch that [`Ledger::repair`] removes.
    pub fn append(
        &self,
        entries: &[NewEntry],
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, LedgerError> {
        self.append_with(|_, _| Ok::<_, LedgerError>(entries.to_vec()), signer)
    }

    /// Like [`Ledger::append`], but the entries are built under the lock
    /// from the ledger's head, so a check on the ledger's state (this
    /// encounter id is not taken yet) and the append cannot be interleaved
    /// with another writer's. An error from `build` appends nothing and is
    /// returned as it is.
    pub fn append_with<E: From<LedgerError>>(
        &self,
        build: impl FnOnce(Head, &Locked<'_>) -> Result<Vec<NewEntry>, E>,
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, E> {
        let mut file = OpenOptions::new().read(true).append(true).open(&self.path).at(&self.path)?;
        file.lock().at(&self.path)?;
        let head = self.tail(&mut file)?;
        let entries = build(head, &Locked { file: &file, path: &self.path })?;
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let batch = (entries.len() > 1)
            .then_some(Batch { first: head.seq + 1, count: entries.len() as u64 });
        // Written as they are encoded, through a buffer: a large import
        // never holds its whole text twice. A crash part-way leaves an
        // incomplete batch, which the batch marker makes detectable; a
        // failed write (a full disk) is cut off again before the lock is
        // released, so the ledger is as it was and the next append works.
        let original = file.metadata().at(&self.path)?.len();
        let salts = entry::Salts::random().at(&self.path)?;
        let mut writer = std::io::BufWriter::with_capacity(4 << 20, &file);
        let mut appended = Vec::with_capacity(entries.len());
        let mut prev = head.hash;
        let mut failure = None;
        for (index, entry) in entries.into_iter().enumerate() {
            let seq = head.seq + 1 + index as u64;
            let (line, hash) = entry::encode(seq, &entry, batch, prev, &salts, signer);
            if let Err(error) = writer.write_all(line.as_bytes()) {
                failure = Some(error);
                break;
            }
            appended.push(Appended { seq, hash });
            prev = hash;
        }
        if failure.is_none() {
            failure = writer.flush().err();
        }
        // Whatever is still buffered is dropped, never written after the cut.
        let _ = writer.into_parts();
        if failure.is_none() {
            failure = file.sync_data().err();
        }
        if let Some(error) = failure {
            let _ = file.set_len(original).and_then(|()| file.sync_data());
            return Err(LedgerError::Io { path: self.path.clone(), error }.into());
        }
        // The lock is released when the file is closed.
        Ok(appended)
    }

    /// The ledger's head, read from its tail under a shared lock.
    pub fn head(&self) -> Result<Head, LedgerError> {
        let mut file = File::open(&self.path).at(&self.path)?;
        file.lock_shared().at(&self.path)?;
        self.tail(&mut file)
    }

    /// Reads every entry in order, calling `visit` with each line (without
    /// its newline), its 1-based line number and whether it ended in a
    /// newline. Memory stays flat: one line at a time. Takes a shared lock,
    /// so it never sees half of a concurrent append.
    pub fn for_each_line(&self, visit: impl FnMut(u64, &[u8], bool)) -> Result<(), LedgerError> {
        let file = File::open(&self.path).at(&self.path)?;
        file.lock_shared().at(&self.path)?;
        read_lines(&file, &self.path, visit)
    }

    /// Whether any line holds `needle`: one pass over the bytes, under a
    /// shared lock, without parsing (a quick "has this ledger ever …").
    pub fn contains(&self, needle: &[u8]) -> Result<bool, LedgerError> {
        let finder = memchr::memmem::Finder::new(needle);
        let mut file = File::open(&self.path).at(&self.path)?;
        file.lock_shared().at(&self.path)?;
        let mut block = vec![0; 1 << 20];
        // The block's start keeps the previous block's last bytes, so that
        // a needle across two reads is found.
        let keep = needle.len().saturating_sub(1);
        let mut filled = 0;
        loop {
            let read = file.read(&mut block[filled..]).at(&self.path)?;
            if read == 0 {
                return Ok(false);
            }
            filled += read;
            if finder.find(&block[..filled]).is_some() {
                return Ok(true);
            }
            let tail = filled.saturating_sub(keep);
            block.copy_within(tail..filled, 0);
            filled -= tail;
        }
    }

    /// Moves an incomplete tail aside: its bytes go to a side file next to
    /// the ledger (`ledger.jsonl.torn-<offset>`), and the ledger is truncated
    /// to its last complete entry. `None` when the tail is complete.
    pub fn repair(&self) -> Result<Option<Repaired>, LedgerError> {
        self.repair_checked(|_| Ok(()))
    }

    /// [`Ledger::repair`], but first, under the lock, `check` is told how
    /// many entries the ledger would keep, and may refuse: entries a
    /// checkpoint covers were acknowledged, and are not a crash tail
    /// whatever their bytes look like.
    pub fn repair_checked<E: From<LedgerError>>(
        &self,
        check: impl FnOnce(u64) -> Result<(), E>,
    ) -> Result<Option<Repaired>, E> {
        let mut file = OpenOptions::new().read(true).write(true).open(&self.path).at(&self.path)?;
        file.lock().at(&self.path)?;
        let (start, end, detail) = match self.tail(&mut file) {
            Ok(_) => return Ok(None),
            Err(LedgerError::Torn { start, end, detail, .. }) => (start, end, detail),
            Err(other) => return Err(other.into()),
        };
        let mut kept = vec![0; start as usize];
        file.seek(SeekFrom::Start(0)).at(&self.path)?;
        file.read_exact(&mut kept).at(&self.path)?;
        check(memchr::memchr_iter(b'\n', &kept).count() as u64)?;
        drop(kept);
        let mut torn = Vec::new();
        file.seek(SeekFrom::Start(start)).at(&self.path)?;
        file.read_to_end(&mut torn).at(&self.path)?;
        // A later crash at the same offset must not be stopped by the side
        // file of an earlier one: number the names after the first.
        let name = self.path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
        let mut attempt = 1;
        let (side_file, mut side) = loop {
            let side_file = match attempt {
                1 => self.path.with_file_name(format!("{name}.torn-{start}")),
                n => self.path.with_file_name(format!("{name}.torn-{start}.{n}")),
            };
            match OpenOptions::new().write(true).create_new(true).open(&side_file) {
                Ok(side) => break (side_file, side),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => attempt += 1,
                Err(error) => Err::<(), _>(error).at(&side_file)?,
            }
        };
        side.write_all(&torn).at(&side_file)?;
        side.sync_all().at(&side_file)?;
        sync_parent(&side_file)?;
        file.set_len(start).at(&self.path)?;
        file.sync_all().at(&self.path)?;
        Ok(Some(Repaired { side_file, kept: start, moved: end - start, detail }))
    }

    /// Reads the head from the end of the file: the last line must be
    /// complete, a valid entry, and not part of an unfinished batch.
    fn tail(&self, file: &mut File) -> Result<Head, LedgerError> {
        let end = file.seek(SeekFrom::End(0)).at(&self.path)?;
        if end == 0 {
            return Ok(Head { seq: 0, hash: Digest::ZERO });
        }
        let mut lines = TailLines::new(file, end);
        let Some((last_start, last)) = lines.next_line().at(&self.path)? else {
            return Ok(Head { seq: 0, hash: Digest::ZERO });
        };
        if last.last() != Some(&b'\n') {
            // The incomplete line may be the rest of a batch whose first
            // lines made it: they go with it, or repair would leave an
            // incomplete batch behind.
            let Some((prev_start, prev)) = lines.next_line().at(&self.path)? else {
                return Err(self.torn(last_start, end, msg!("torn-no-newline")));
            };
            let text = &prev[..prev.len() - 1];
            let open_batch = match parse_line(text) {
                Ok(entry) if content_hash(text) == Some(entry.hash) => entry
                    .batch
                    .filter(|batch| entry.seq < batch.first + batch.count - 1)
                    .map(|batch| (entry.seq, batch)),
                _ => None,
            };
            let Some((seq, batch)) = open_batch else {
                return Err(self.torn(last_start, end, msg!("torn-no-newline")));
            };
            let start = batch_start(&mut lines, prev_start, seq, batch.first).at(&self.path)?;
            let last = batch.first + batch.count - 1;
            let detail = msg!("torn-batch-open", first = batch.first, last = last, there = seq);
            return Err(self.torn(start, end, detail));
        }
        let text = &last[..last.len() - 1];
        let entry = parse_line(text).map_err(|detail| self.bad_tail(crate::error::text(detail)))?;
        if content_hash(text) != Some(entry.hash) {
            return Err(self.bad_tail(msg!("pg-row-hash", seq = entry.seq)));
        }
        check_format(&self.path, &entry)?;
        let head = Head { seq: entry.seq, hash: entry.hash };
        if let Some(batch) = entry.batch {
            let batch_end = batch.first + batch.count - 1;
            if entry.seq < batch_end {
                let start =
                    batch_start(&mut lines, last_start, entry.seq, batch.first).at(&self.path)?;
                let detail = msg!(
                    "torn-batch-cut",
                    first = batch.first,
                    last = batch_end,
                    there = entry.seq
                );
                return Err(self.torn(start, end, detail));
            }
        }
        Ok(head)
    }

    fn torn(&self, start: u64, end: u64, detail: tarkka_i18n::Message) -> LedgerError {
        LedgerError::Torn { path: self.path.clone(), detail, start, end }
    }

    fn bad_tail(&self, detail: tarkka_i18n::Message) -> LedgerError {
        LedgerError::BadTail { path: self.path.clone(), detail }
    }
}

/// The ledger as seen by an appender holding its lock.
pub struct Locked<'a> {
    pub(crate) file: &'a File,
    pub(crate) path: &'a Path,
}

impl Locked<'_> {
    /// The ledger's path.
    pub fn path(&self) -> &Path {
        self.path
    }
}

fn read_lines(
    file: &File,
    path: &Path,
    mut visit: impl FnMut(u64, &[u8], bool),
) -> Result<(), LedgerError> {
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::with_capacity(4096);
    let mut number = 0;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line).at(path)?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        let complete = line.last() == Some(&b'\n');
        if complete {
            line.pop();
        }
        visit(number, &line, complete);
    }
}

/// Refuses an entry written in a newer format.
pub(crate) fn check_format(path: &Path, entry: &EntryRef<'_>) -> Result<(), LedgerError> {
    if entry.v > LEDGER_FORMAT {
        return Err(LedgerError::NewerFormat {
            path: path.to_path_buf(),
            seq: entry.seq,
            format: entry.v,
        });
    }
    Ok(())
}

/// Where a batch starts: walks back from the line of entry `seq`, which
/// starts at `start`, to the line of entry `first`.
fn batch_start(
    lines: &mut TailLines<'_>,
    mut start: u64,
    mut seq: u64,
    first: u64,
) -> io::Result<u64> {
    while seq > first {
        match lines.next_line()? {
            Some((line_start, _)) => start = line_start,
            None => break,
        }
        seq -= 1;
    }
    Ok(start)
}

/// Reads a file's lines backwards from its end, in blocks.
struct TailLines<'f> {
    file: &'f mut File,
    /// Everything before this offset is unread.
    unread: u64,
    /// Bytes read but not yet returned, starting at offset `unread`.
    pending: Vec<u8>,
    /// Where the next line returned ends.
    line_end: u64,
}

impl<'f> TailLines<'f> {
    fn new(file: &'f mut File, end: u64) -> TailLines<'f> {
        TailLines { file, unread: end, pending: Vec::new(), line_end: end }
    }

    /// The previous line, with its start offset; the newline stays on it.
    ///
    /// Linear in the line's length however long it is: each block is read
    /// and searched once, and the line is put together once.
    fn next_line(&mut self) -> io::Result<Option<(u64, Vec<u8>)>> {
        if self.line_end == 0 {
            return Ok(None);
        }
        // pending covers [unread, line_end); look for the newline that
        // ends the line before ours, skipping our own final newline.
        let ours = (self.line_end - self.unread) as usize;
        if let Some(at) = memchr::memrchr(b'\n', &self.pending[..ours.saturating_sub(1)]) {
            let line = self.pending[at + 1..ours].to_vec();
            let start = self.unread + at as u64 + 1;
            self.pending.truncate(at + 1);
            self.line_end = start;
            return Ok(Some((start, line)));
        }
        // The line starts before what was read: earlier blocks, each
        // searched once, nearest first.
        let mut blocks: Vec<Vec<u8>> = Vec::new();
        let mut found = None;
        while self.unread > 0 {
            let size = self.unread.min(64 * 1024);
            let block_end = self.unread;
            self.unread -= size;
            let mut block = vec![0u8; size as usize];
            self.file.seek(SeekFrom::Start(self.unread))?;
            self.file.read_exact(&mut block)?;
            // Our own final newline does not end the line before ours.
            let searchable = match block_end == self.line_end {
                true => &block[..block.len() - 1],
                false => &block[..],
            };
            let hit = memchr::memrchr(b'\n', searchable);
            blocks.push(block);
            if let Some(at) = hit {
                found = Some(at);
                break;
            }
        }
        let earliest = blocks.pop().unwrap_or_default();
        let split = found.map_or(0, |at| at + 1);
        let mut line = Vec::with_capacity(
            earliest.len() - split + blocks.iter().map(Vec::len).sum::<usize>() + ours,
        );
        line.extend_from_slice(&earliest[split..]);
        for block in blocks.iter().rev() {
            line.extend_from_slice(block);
        }
        line.extend_from_slice(&self.pending[..ours]);
        let start = self.unread + split as u64;
        self.pending = earliest;
        self.pending.truncate(split);
        self.line_end = start;
        Ok(Some((start, line)))
    }
}

/// Makes a file's creation or rename durable by syncing its directory.
pub(crate) fn sync_parent(path: &Path) -> Result<(), LedgerError> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(parent).and_then(|dir| dir.sync_all()).at(parent)
}

#[cfg(test)]
mod tail_tests {
    use super::TailLines;

    #[test]
    fn a_needle_across_two_reads_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = super::Ledger::new(dir.path().join("ledger.jsonl"));
        let needle = br#""kind":"sample-drawn""#;
        for at in [0, (1 << 20) - 5, (1 << 20) + 3, 3 << 20] {
            let mut bytes = vec![b'x'; 4 << 20];
            bytes[at..at + needle.len()].copy_from_slice(needle);
            std::fs::write(ledger.path(), &bytes).unwrap();
            assert!(ledger.contains(needle).unwrap(), "at {at}");
        }
        std::fs::write(ledger.path(), vec![b'x'; 3 << 20]).unwrap();
        assert!(!ledger.contains(needle).unwrap());
    }

    /// Lines of every length around the 64 KiB block, read back from the
    /// end: each whole, with its newline and its start offset.
    #[test]
    fn lines_are_read_back_whole_across_blocks() {
        let lengths = [10, 200_000, 1, 65_535, 65_536, 65_537, 3, 131_072, 5];
        let mut text = Vec::new();
        let mut starts = Vec::new();
        for (index, length) in lengths.iter().enumerate() {
            starts.push(text.len() as u64);
            text.extend(std::iter::repeat_n(b'a' + index as u8, *length));
            text.push(b'\n');
        }
        for torn in [false, true] {
            let mut bytes = text.clone();
            if torn {
                bytes.extend_from_slice(b"xyz");
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("ledger.jsonl");
            std::fs::write(&path, &bytes).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            let mut lines = TailLines::new(&mut file, bytes.len() as u64);
            if torn {
                let (start, line) = lines.next_line().unwrap().unwrap();
                assert_eq!((start, line), (text.len() as u64, b"xyz".to_vec()));
            }
            for index in (0..lengths.len()).rev() {
                let (start, line) = lines.next_line().unwrap().unwrap();
                assert_eq!(start, starts[index], "line {index}");
                assert_eq!(line.len(), lengths[index] + 1, "line {index}");
                assert!(line[..lengths[index]].iter().all(|b| *b == b'a' + index as u8));
                assert_eq!(line.last(), Some(&b'\n'));
            }
            assert!(lines.next_line().unwrap().is_none());
        }
    }
}

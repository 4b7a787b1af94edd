//! The storage seams: what the rest of tarkka needs of a ledger and of an
//! evidence store, as traits, so that a home other than a directory can
//! plug in beside today's files.
//!
//! - [`Lines`]: a ledger read through, every line examined on several
//!   threads and absorbed in order. The one replay driver
//!   ([`replay_with`](crate::replay_with)) and so every replay — full or
//!   slim, of the ledger as it is or of the ledger an appender holds — runs
//!   over it.
//! - [`LedgerStore`]: a ledger that takes appends. An append is built under
//!   the store's exclusive hold (a `flock` for the file; a transaction that
//!   locks the head row for a database) from the head and a [`Lines`] view
//!   of everything before it, so a check that decides an append ("is this
//!   id free") and the append cannot interleave with another writer's.
//! - [`BlobStore`]: evidence by content: put a stream (hashed as it is
//!   stored), read one back, stat it, list what is held, and take back a
//!   put that nothing recorded. No local path crosses the interface.
//!
//! Today's implementations are [`Ledger`](crate::Ledger) (the JSON Lines
//! file), [`Locked`](crate::Locked) (the file as its appender holds it) and
//! [`FileBlobs`] (`evidence/sha256/` in a workspace). ARCHITECTURE.md says
//! how a PostgreSQL ledger and an S3-compatible store will implement them.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{IoContext, LedgerError};
use crate::ledger::{Appended, Head, Ledger, Locked};
pub use crate::store::Put;
use crate::{Digest, NewEntry, Signer};

/// Where a line of a ledger is: its 1-based number and, in the ledger's
/// bytes, the offset it starts at (a store without byte offsets may find
/// it by number alone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Place {
    /// The line's number, from 1.
    pub number: u64,
    /// The byte offset of its first byte.
    pub offset: u64,
}

/// A ledger that can be read through from its first line.
pub trait Lines {
    /// What names this ledger in messages: the file's path, or a
    /// database's name and table.
    fn name(&self) -> &Path;

    /// Every line examined by `examine` on up to `threads` workers (with its
    /// place and whether it ended in a newline) and handed to `absorb` in
    /// line order. The first error `absorb` returns ends the scan and is
    /// returned. Never sees half of a concurrent append.
    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError>;

    /// The lines at these places, as a scan gave them (without their
    /// newlines), in the order asked: a few lines read again without
    /// reading the whole ledger.
    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError>;
}

/// A ledger that takes appends.
pub trait LedgerStore: Lines {
    /// The ledger as an appender sees it while it holds the store.
    type Held<'a>: Lines
    where
        Self: 'a;

    /// The head: where the next entry chains on.
    fn head(&self) -> Result<Head, LedgerError>;

    /// Appends the entries `build` makes from the head and the held ledger,
    /// as one batch, and returns once they are durable. An error from
    /// `build` (any error type a ledger error converts into) appends
    /// nothing and is returned as it is.
    fn append_with<E: From<LedgerError>>(
        &self,
        build: impl FnOnce(Head, &Self::Held<'_>) -> Result<Vec<NewEntry>, E>,
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, E>;
}

impl Lines for Locked<'_> {
    fn name(&self) -> &Path {
        self.path
    }

    /// Read through a duplicate of the locked file, which shares its lock
    /// (closing the duplicate does not release it).
    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        let file = self.file.try_clone().at(self.path)?;
        crate::scan::scan_file(file, self.path, threads, examine, absorb)
    }

    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError> {
        let file = self.file.try_clone().at(self.path)?;
        crate::scan::lines_at(file, self.path, places)
    }
}

impl Lines for Ledger {
    fn name(&self) -> &Path {
        self.path()
    }

    /// Read under a shared lock.
    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        crate::scan::scan_lines(self.path(), threads, examine, absorb)
    }

    /// Read under a shared lock.
    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError> {
        let file = std::fs::File::open(self.path()).at(self.path())?;
        file.lock_shared().at(self.path())?;
        crate::scan::lines_at(file, self.path(), places)
    }
}

impl LedgerStore for Ledger {
    type Held<'a> = Locked<'a>;

    fn head(&self) -> Result<Head, LedgerError> {
        Ledger::head(self)
    }

    fn append_with<E: From<LedgerError>>(
        &self,
        build: impl FnOnce(Head, &Locked<'_>) -> Result<Vec<NewEntry>, E>,
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, E> {
        Ledger::append_with(self, build, signer)
    }
}

/// Evidence by content.
pub trait BlobStore: Sync {
    /// Where a blob is, as the ledger records it (`evidence/sha256/ab/ab…`
    /// for files).
    fn location(&self, sha256: &Digest) -> String;

    /// Stores a stream while hashing it; `progress` gets the size of each
    /// block. The content is durable before this returns; the same content
    /// twice is stored once.
    fn put(
        &self,
        name: &Path,
        reader: &mut dyn Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Put, LedgerError>;

    /// The stored bytes of a digest, streamed. The caller hashes what it
    /// reads before trusting it.
    fn get(&self, sha256: &Digest) -> Result<Box<dyn Read + Send>, LedgerError>;

    /// The size of a stored blob, or `None` when the store lacks it.
    fn stat(&self, sha256: &Digest) -> Result<Option<u64>, LedgerError>;

    /// Every digest the store holds, sorted.
    fn list(&self) -> Result<Vec<Digest>, LedgerError>;

    /// Takes back a blob that was put by this run and that nothing records
    /// (the append failed). Never called for content that was already present.
    fn take_back(&self, sha256: &Digest);
}

/// The evidence store of a workspace directory: `evidence/sha256/ab/ab…`,
/// copies made in `evidence/.incoming/` and renamed into place once synced.
#[derive(Clone, Debug)]
pub struct FileBlobs {
    root: PathBuf,
}

impl FileBlobs {
    /// The store of the workspace at `root`.
    pub fn new(root: impl Into<PathBuf>) -> FileBlobs {
        FileBlobs { root: root.into() }
    }

    fn path(&self, sha256: &Digest) -> PathBuf {
        self.root.join(crate::store_location(sha256))
    }
}

impl BlobStore for FileBlobs {
    fn location(&self, sha256: &Digest) -> String {
        crate::store_location(sha256)
    }

    fn put(
        &self,
        name: &Path,
        reader: &mut dyn Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Put, LedgerError> {
        crate::store::put(&self.root, name, reader, progress)
    }

    fn get(&self, sha256: &Digest) -> Result<Box<dyn Read + Send>, LedgerError> {
        let path = self.path(sha256);
        Ok(Box::new(crate::store::open_regular(&path)?))
    }

    fn stat(&self, sha256: &Digest) -> Result<Option<u64>, LedgerError> {
        let path = self.path(sha256);
        match std::fs::metadata(&path) {
            Ok(metadata) if metadata.is_file() => Ok(Some(metadata.len())),
            Ok(_) => Ok(None),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(LedgerError::Io { path, error }),
        }
    }

    fn list(&self) -> Result<Vec<Digest>, LedgerError> {
        let dir = self.root.join("evidence").join("sha256");
        let mut digests = Vec::new();
        let shards = match std::fs::read_dir(&dir) {
            Ok(shards) => shards,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(digests),
            Err(error) => return Err(LedgerError::Io { path: dir, error }),
        };
        for shard in shards {
            let shard = shard.at(&dir)?.path();
            if !shard.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&shard).at(&shard)? {
                let name = file.at(&shard)?.file_name();
                if let Some(digest) = name.to_str().and_then(|name| name.parse::<Digest>().ok()) {
                    digests.push(digest);
                }
            }
        }
        digests.sort();
        Ok(digests)
    }

    fn take_back(&self, sha256: &Digest) {
        let _ = std::fs::remove_file(self.path(sha256));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_blobs_put_get_stat_list_and_take_back() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = crate::Workspace::create(dir.path()).unwrap();
        let blobs = FileBlobs::new(workspace.root());
        let mut seen = 0;
        let put = blobs.put(Path::new("a.txt"), &mut &b"abc"[..], &mut |n| seen += n).unwrap();
        assert_eq!(seen, 3);
        assert_eq!(
            put.sha256.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!put.already_present);
        assert!(blobs.put(Path::new("b"), &mut &b"abc"[..], &mut |_| {}).unwrap().already_present);
        let mut back = Vec::new();
        blobs.get(&put.sha256).unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back, b"abc");
        assert_eq!(blobs.stat(&put.sha256).unwrap(), Some(3));
        assert_eq!(blobs.list().unwrap(), [put.sha256]);
        blobs.take_back(&put.sha256);
        assert_eq!(blobs.stat(&put.sha256).unwrap(), None);
        assert!(blobs.list().unwrap().is_empty());
        assert!(blobs.get(&put.sha256).is_err());
    }
}

//! A workspace's layout on disk.
//!
//! ```text
//! WORKSPACE/
//!   tarkka.toml              the configuration (written and read by the CLI)
//!   ledger.jsonl             the ledger
//!   evidence/sha256/ab/ab…   the evidence store, one file per SHA-256
//!   evidence/.incoming/      copies in progress; never referenced
//!   keys/AUDITOR.pub         trusted public signing keys
//!   .cache/                  a team ledger's lines this machine has read
//! ```

use std::path::{Component, Path, PathBuf};

use crate::error::{IoContext, LedgerError};
use crate::ledger::{Ledger, sync_parent};
use crate::postgres::{Home, PgLedger};
use crate::s3::S3Blobs;
use crate::storage::{BlobStore, FileBlobs};
use tarkka_i18n::{Message, msg};

/// The name of the configuration file that marks a workspace's root.
pub const CONFIG_FILE: &str = "tarkka.toml";

/// Where a machine keeps a team ledger's lines it has read.
const CACHE: &str = ".cache";

/// A workspace rooted at a directory, its ledger there or in a database.
#[derive(Clone, Debug)]
pub struct Workspace {
    root: PathBuf,
    /// The ledger when it is not `ledger.jsonl` in the directory.
    team_ledger: Option<PgLedger>,
    /// The evidence store when it is not `evidence/` in the directory.
    team_evidence: Option<S3Blobs>,
}

/// Why stored evidence cannot be read.
#[derive(Debug)]
pub enum Unreadable {
    /// Nothing is there.
    Missing,
    /// The location could reach outside the workspace.
    Unsafe(Message),
    /// It is there but cannot be read.
    Io(String),
}

/// A workspace's evidence store, in either home.
#[derive(Clone, Debug)]
pub enum Blobs {
    /// `evidence/sha256/` in the directory.
    File(FileBlobs),
    /// An S3-compatible bucket.
    S3(S3Blobs),
}

impl BlobStore for Blobs {
    fn location(&self, sha256: &crate::Digest) -> String {
        crate::store_location(sha256)
    }

    fn put(
        &self,
        name: &Path,
        reader: &mut dyn std::io::Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<crate::Put, LedgerError> {
        match self {
            Blobs::File(blobs) => blobs.put(name, reader, progress),
            Blobs::S3(blobs) => blobs.put(name, reader, progress),
        }
    }

    fn get(&self, sha256: &crate::Digest) -> Result<Box<dyn std::io::Read + Send>, LedgerError> {
        match self {
            Blobs::File(blobs) => blobs.get(sha256),
            Blobs::S3(blobs) => blobs.get(sha256),
        }
    }

    fn stat(&self, sha256: &crate::Digest) -> Result<Option<u64>, LedgerError> {
        match self {
            Blobs::File(blobs) => blobs.stat(sha256),
            Blobs::S3(blobs) => blobs.stat(sha256),
        }
    }

    fn list(&self) -> Result<Vec<crate::Digest>, LedgerError> {
        match self {
            Blobs::File(blobs) => blobs.list(),
            Blobs::S3(blobs) => blobs.list(),
        }
    }

    fn take_back(&self, sha256: &crate::Digest) {
        match self {
            Blobs::File(blobs) => blobs.take_back(sha256),
            Blobs::S3(blobs) => blobs.take_back(sha256),
        }
    }
}

impl Workspace {
    /// The workspace at `root`, its ledger the file there.
    pub fn at(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: root.into(), team_ledger: None, team_evidence: None }
    }

    /// The workspace at `root` with its ledger at `ledger`: a
    /// `postgres://` URL (no password), or `None` for the directory's file.
    pub fn with_ledger(
        root: impl Into<PathBuf>,
        ledger: Option<&str>,
    ) -> Result<Workspace, LedgerError> {
        Workspace::with_stores(root, ledger, None)
    }

    /// The workspace at `root` with its ledger at `ledger` (a
    /// `postgres://` URL) and its evidence at `evidence` (an `s3://` URL);
    /// `None` keeps either in the directory.
    pub fn with_stores(
        root: impl Into<PathBuf>,
        ledger: Option<&str>,
        evidence: Option<&str>,
    ) -> Result<Workspace, LedgerError> {
        let root = root.into();
        let team_ledger = ledger.map(PgLedger::open).transpose()?;
        let journals = root.join("evidence").join(".incoming");
        let team_evidence = evidence.map(|url| S3Blobs::open(url, &journals)).transpose()?;
        Ok(Workspace { root, team_ledger, team_evidence })
    }

    /// Creates the ledger, the evidence store and the keys directory under
    /// `root` (which may exist). An error if a ledger is already there.
    pub fn create(root: impl Into<PathBuf>) -> Result<Workspace, LedgerError> {
        Workspace::at(root).make()
    }

    /// Creates what [`Workspace::create`] does, the ledger in its home.
    pub fn make(self) -> Result<Workspace, LedgerError> {
        // The directories this makes, innermost first: taken back (while
        // still empty) when the stores refuse, so that a failed `init`
        // leaves the directory as it found it.
        let made: Vec<PathBuf> =
            [self.store_dir(), self.incoming_dir(), self.root.join("evidence"), self.keys_dir()]
                .into_iter()
                .filter(|dir| !dir.exists())
                .collect();
        let result = (|| {
            for dir in [self.store_dir(), self.incoming_dir(), self.keys_dir()] {
                std::fs::create_dir_all(&dir).at(&dir)?;
            }
            if let Some(evidence) = &self.team_evidence {
                evidence.check()?;
            }
            self.ledger().create()?;
            sync_parent(&self.store_dir())
        })();
        if result.is_err() {
            for dir in &made {
                let _ = std::fs::remove_dir(dir);
            }
        }
        result.map(|()| self)
    }

    /// The evidence store, in its home.
    pub fn blobs(&self) -> Blobs {
        match &self.team_evidence {
            Some(blobs) => Blobs::S3(blobs.clone()),
            None => Blobs::File(FileBlobs::new(&self.root)),
        }
    }

    /// Where the evidence store is, for people: `evidence/` or the bucket.
    pub fn evidence_name(&self) -> String {
        match &self.team_evidence {
            Some(blobs) => blobs.name().to_string(),
            None => "evidence/".to_string(),
        }
    }

    /// Whether stored evidence lives in a bucket rather than the directory.
    pub fn has_team_evidence(&self) -> bool {
        self.team_evidence.is_some()
    }

    /// The team's object store, when `location` is in it (evidence
    /// `--in-place` stays a file of the directory in either home).
    fn team_evidence_at(&self, location: &str) -> Option<&S3Blobs> {
        self.team_evidence.as_ref().filter(|_| location.starts_with("evidence/sha256/"))
    }

    /// Downloads and hashes the evidence at those of `locations` that are in
    /// the team's object store, `concurrency` at a time (see
    /// [`S3Blobs::hash_locations`]); `None` for the others, which are files.
    pub fn hash_team_evidence(
        &self,
        locations: &[&str],
        concurrency: usize,
        advance: &dyn Fn(u64),
    ) -> Vec<Option<Result<(crate::Digest, u64), Unreadable>>> {
        let Some(blobs) = &self.team_evidence else {
            return locations.iter().map(|_| None).collect();
        };
        let remote: Vec<&str> =
            locations.iter().copied().filter(|l| self.team_evidence_at(l).is_some()).collect();
        let mut hashed = blobs.hash_locations(&remote, concurrency, advance).into_iter();
        locations
            .iter()
            .map(|location| {
                self.team_evidence_at(location)
                    .map(|_| hashed.next().expect("one result per location").map_err(unreadable))
            })
            .collect()
    }

    /// The bytes of evidence recorded at `location`, streamed: from the
    /// bucket for stored evidence of a team workspace, else the file in the
    /// workspace (which must be a regular file reached by no link). The
    /// caller hashes before trusting.
    pub fn open_evidence(
        &self,
        location: &str,
    ) -> Result<Box<dyn std::io::Read + Send>, Unreadable> {
        if let Some(blobs) = self.team_evidence_at(location) {
            return blobs.open_location(location).map_err(unreadable);
        }
        let path = self.resolve(location).map_err(Unreadable::Unsafe)?;
        let file = match std::fs::File::open(&path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(Unreadable::Missing);
            }
            Err(error) => return Err(Unreadable::Io(error.to_string())),
        };
        match file.metadata() {
            Ok(metadata) if metadata.is_file() => Ok(Box::new(file)),
            Ok(_) => Err(Unreadable::Io("not a regular file".into())),
            Err(error) => Err(Unreadable::Io(error.to_string())),
        }
    }

    /// Whether evidence recorded at `location` is there (not whether it
    /// is intact: `verify` hashes it).
    pub fn evidence_present(&self, location: &str) -> bool {
        if let Some(blobs) = &self.team_evidence
            && let Some(hex) =
                location.strip_prefix("evidence/sha256/").and_then(|rest| rest.get(3..))
            && let Ok(digest) = hex.parse::<crate::Digest>()
        {
            return blobs.stat(&digest).is_ok_and(|size| size.is_some());
        }
        self.resolve(location).is_ok_and(|path| path.is_file())
    }

    /// Whether the ledger lives in a database rather than the directory.
    pub fn is_team(&self) -> bool {
        self.team_ledger.is_some()
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration file.
    pub fn config_file(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    /// The ledger, in its home.
    pub fn ledger(&self) -> Home {
        match &self.team_ledger {
            Some(ledger) => Home::Postgres(ledger.clone()),
            None => Home::File(self.ledger_file()),
        }
    }

    /// [`Workspace::ledger`] for everyday commands: a team ledger's scans
    /// read the lines this machine read before from `.cache/` and only the
    /// newer rows from the server (see [`PgLedger::cached_in`]).
    /// Verification, proofs, checkpoints, exports and copies use
    /// [`Workspace::ledger`].
    pub fn ledger_cached(&self) -> Home {
        match &self.team_ledger {
            Some(ledger) => Home::Postgres(ledger.cached_in(&self.root.join(CACHE))),
            None => Home::File(self.ledger_file()),
        }
    }

    /// The ledger file of the directory (which a team workspace does not
    /// use).
    pub fn ledger_file(&self) -> Ledger {
        Ledger::new(self.root.join("ledger.jsonl"))
    }

    /// Where stored evidence lives.
    pub fn store_dir(&self) -> PathBuf {
        self.root.join("evidence").join("sha256")
    }

    /// Where copies in progress live.
    pub fn incoming_dir(&self) -> PathBuf {
        self.root.join("evidence").join(".incoming")
    }

    /// The trusted public keys.
    pub fn keys_dir(&self) -> PathBuf {
        self.root.join("keys")
    }

    /// Resolves a workspace-relative location recorded in the ledger,
    /// refusing one that could reach outside the workspace: an absolute
    /// path, `..`, or a symbolic link anywhere on the way.
    pub fn resolve(&self, location: &str) -> Result<PathBuf, Message> {
        let relative = Path::new(location);
        if location.is_empty() || relative.components().any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(msg!("evidence-path-not-plain", location = location));
        }
        let mut path = self.root.clone();
        for component in relative.components() {
            path.push(component);
            if let Ok(metadata) = std::fs::symlink_metadata(&path)
                && metadata.file_type().is_symlink()
            {
                return Err(msg!("evidence-path-symlink", location = location));
            }
        }
        Ok(path)
    }

    /// The workspace-relative location of a file given on the command line
    /// for `--in-place` evidence: it must be inside the workspace, after
    /// following every link.
    pub fn locate_inside(&self, file: &Path) -> Result<String, LedgerError> {
        let bad = |reason: Message| LedgerError::BadPath { path: file.to_path_buf(), reason };
        let root = self.root.canonicalize().at(&self.root)?;
        let real = file.canonicalize().at(file)?;
        let relative =
            real.strip_prefix(&root).map_err(|_| bad(msg!("evidence-in-place-outside")))?;
        let location: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| bad(msg!("evidence-path-utf8")))?;
        if location.is_empty() {
            return Err(bad(msg!("evidence-path-workspace")));
        }
        Ok(location.join("/"))
    }
}

/// A store's error reading evidence, as verification reports it.
fn unreadable(error: LedgerError) -> Unreadable {
    match error {
        LedgerError::Io { error, .. } if error.kind() == std::io::ErrorKind::NotFound => {
            Unreadable::Missing
        }
        other => Unreadable::Io(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::at(dir.path());
        assert!(workspace.resolve("evidence/sha256/ab/abc").is_ok());
        for bad in ["", "/etc/passwd", "../outside", "evidence/../../x", "./x"] {
            assert!(workspace.resolve(bad).is_err(), "{bad}");
        }
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        assert!(workspace.resolve("link/file").unwrap_err().to_string().contains("symbolic link"));
    }

    #[test]
    fn in_place_files_must_be_inside() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::at(dir.path());
        std::fs::create_dir(dir.path().join("calls")).unwrap();
        std::fs::write(dir.path().join("calls/a.wav"), b"x").unwrap();
        assert_eq!(
            workspace.locate_inside(&dir.path().join("calls/a.wav")).unwrap(),
            "calls/a.wav"
        );
        let outside = tempfile::NamedTempFile::new().unwrap();
        assert!(workspace.locate_inside(outside.path()).is_err());
    }
}

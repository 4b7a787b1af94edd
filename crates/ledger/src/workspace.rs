//! A workspace's layout on disk.
//!
//! ```text
//! WORKSPACE/
//!   tarkka.toml              the configuration (written and read by the CLI)
//!   ledger.jsonl             the ledger
//!   evidence/sha256/ab/ab…   the evidence store, one file per SHA-256
//!   evidence/.incoming/      copies in progress; never referenced
//!   keys/AUDITOR.pub         trusted public signing keys
//! ```

use std::path::{Component, Path, PathBuf};

use crate::error::{IoContext, LedgerError};
use crate::ledger::{Ledger, sync_parent};
use crate::postgres::{Home, PgLedger};

/// The name of the configuration file that marks a workspace's root.
pub const CONFIG_FILE: &str = "tarkka.toml";

/// A workspace rooted at a directory, its ledger there or in a database.
#[derive(Clone, Debug)]
pub struct Workspace {
    root: PathBuf,
    /// The ledger when it is not `ledger.jsonl` in the directory.
    team_ledger: Option<PgLedger>,
}

impl Workspace {
    /// The workspace at `root`, its ledger the file there.
    pub fn at(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: root.into(), team_ledger: None }
    }

    /// The workspace at `root` with its ledger at `ledger`: a
    /// `postgres://` URL (no password), or `None` for the directory's file.
    pub fn with_ledger(
        root: impl Into<PathBuf>,
        ledger: Option<&str>,
    ) -> Result<Workspace, LedgerError> {
        let team_ledger = ledger.map(PgLedger::open).transpose()?;
        Ok(Workspace { root: root.into(), team_ledger })
    }

    /// Creates the ledger, the evidence store and the keys directory under
    /// `root` (which may exist). An error if a ledger is already there.
    pub fn create(root: impl Into<PathBuf>) -> Result<Workspace, LedgerError> {
        Workspace::at(root).make()
    }

    /// Creates what [`Workspace::create`] does, the ledger in its home.
    pub fn make(self) -> Result<Workspace, LedgerError> {
        for dir in [self.store_dir(), self.incoming_dir(), self.keys_dir()] {
            std::fs::create_dir_all(&dir).at(&dir)?;
        }
        self.ledger().create()?;
        sync_parent(&self.store_dir())?;
        Ok(self)
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
    pub fn resolve(&self, location: &str) -> Result<PathBuf, String> {
        let relative = Path::new(location);
        if location.is_empty() || relative.components().any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(format!(
                "`{location}` is not a plain path inside the workspace (absolute, or with `..`)"
            ));
        }
        let mut path = self.root.clone();
        for component in relative.components() {
            path.push(component);
            if let Ok(metadata) = std::fs::symlink_metadata(&path)
                && metadata.file_type().is_symlink()
            {
                return Err(format!(
                    "`{location}` passes through a symbolic link, which could lead outside the workspace"
                ));
            }
        }
        Ok(path)
    }

    /// The workspace-relative location of a file given on the command line
    /// for `--in-place` evidence: it must be inside the workspace, after
    /// following every link.
    pub fn locate_inside(&self, file: &Path) -> Result<String, LedgerError> {
        let bad = |reason: &str| LedgerError::BadPath {
            path: file.to_path_buf(),
            reason: reason.to_string(),
        };
        let root = self.root.canonicalize().at(&self.root)?;
        let real = file.canonicalize().at(file)?;
        let relative = real
            .strip_prefix(&root)
            .map_err(|_| bad("evidence kept in place must be inside the workspace; copy it in instead (leave out --in-place)"))?;
        let location: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("the path is not valid UTF-8"))?;
        if location.is_empty() {
            return Err(bad("that is the workspace itself, not a file"));
        }
        Ok(location.join("/"))
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
        assert!(workspace.resolve("link/file").unwrap_err().contains("symbolic link"));
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

//! The content-addressed evidence store.
//!
//! A file is streamed once: every block read is hashed and written to a
//! temporary file in `evidence/.incoming/`, which is synced and then renamed
//! to `evidence/sha256/<first two digits>/<digest>`. The digest is of the
//! bytes actually stored, so what the ledger records is what the store
//! holds. The same content added twice is stored once.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::digest::{Copy, hash_copy};
use crate::error::{IoContext, LedgerError};
use crate::ledger::sync_parent;
use crate::{Digest, Workspace};

/// A file put into the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The SHA-256 of its content.
    pub sha256: Digest,
    /// Its size in bytes.
    pub size: u64,
    /// Its workspace-relative location.
    pub location: String,
    /// Whether the store already held this content.
    pub already_present: bool,
}

/// A blob put into a [`BlobStore`](crate::BlobStore).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Put {
    /// The SHA-256 of the bytes stored.
    pub sha256: Digest,
    /// Their count.
    pub size: u64,
    /// The store already held this content (a later take-back must leave it).
    pub already_present: bool,
}

/// The store location of a digest, relative to the workspace.
pub fn store_location(sha256: &Digest) -> String {
    let hex = sha256.to_hex();
    format!("evidence/sha256/{}/{hex}", &hex[..2])
}

impl Workspace {
    /// Copies a file into the store while hashing it; `progress` is called
    /// with the bytes of each block.
    pub fn store(
        &self,
        source: &Path,
        mut progress: impl FnMut(u64),
    ) -> Result<Stored, LedgerError> {
        let mut input = open_regular(source)?;
        let put = crate::BlobStore::put(&self.blobs(), source, &mut input, &mut progress)?;
        Ok(Stored {
            sha256: put.sha256,
            size: put.size,
            location: store_location(&put.sha256),
            already_present: put.already_present,
        })
    }
}

/// Streams `input` (read from `source`, which names it in errors) into the
/// store of the workspace at `root`: hashed as it is copied into
/// `evidence/.incoming/`, synced, and renamed under its digest.
pub(crate) fn put(
    root: &Path,
    source: &Path,
    input: &mut dyn Read,
    progress: &mut dyn FnMut(u64),
) -> Result<Put, LedgerError> {
    let incoming = root.join("evidence").join(".incoming");
    let mut temp = tempfile::NamedTempFile::new_in(&incoming).at(&incoming)?;
    let (sha256, size) = hash_copy(input, temp.as_file_mut(), &mut |n| progress(n)).map_err(
        |error| match error {
            Copy::Read(error) => LedgerError::Io { path: source.to_path_buf(), error },
            Copy::Write(error) => LedgerError::Io { path: temp.path().to_path_buf(), error },
        },
    )?;
    let target = root.join(store_location(&sha256));
    if target.exists() {
        return Ok(Put { sha256, size, already_present: true });
    }
    share_like(temp.as_file(), &root.join("evidence")).at(temp.path())?;
    temp.as_file().sync_all().at(temp.path())?;
    let dir = target.parent().expect("store paths have a parent");
    std::fs::create_dir_all(dir).at(dir)?;
    temp.persist(&target)
        .map_err(|error| LedgerError::Io { path: target.clone(), error: error.error })?;
    sync_parent(&target)?;
    Ok(Put { sha256, size, already_present: false })
}

/// Gives a stored file the read permissions of the store's folder: the
/// owner reads and writes it; the group and others read it when they can
/// list the folder. A workspace shared by a group (`chmod -R g+rwXs`)
/// stores files its members read; a private one (0700) keeps them 0600.
fn share_like(file: &File, folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let folder = std::fs::metadata(folder)?.permissions().mode();
        file.set_permissions(std::fs::Permissions::from_mode(0o600 | (folder & 0o044)))?;
    }
    #[cfg(not(unix))]
    let _ = (file, folder);
    Ok(())
}

/// Opens a file for reading, refusing anything but a regular file.
pub(crate) fn open_regular(path: &Path) -> Result<File, LedgerError> {
    let file = File::open(path).at(path)?;
    let metadata = file.metadata().at(path)?;
    if !metadata.is_file() {
        return Err(LedgerError::BadPath {
            path: path.to_path_buf(),
            reason: tarkka_i18n::msg!("store-not-a-file"),
        });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_content_once() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::create(dir.path()).unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, b"abc").unwrap();
        std::fs::write(&b, b"abc").unwrap();
        let mut seen = 0;
        let first = workspace.store(&a, |n| seen += n).unwrap();
        assert_eq!(seen, 3);
        assert_eq!(
            first.sha256.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            first.location,
            "evidence/sha256/ba/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!first.already_present);
        assert_eq!(std::fs::read(dir.path().join(&first.location)).unwrap(), b"abc");
        let second = workspace.store(&b, |_| {}).unwrap();
        assert!(second.already_present);
        assert_eq!(second.location, first.location);
        assert_eq!(std::fs::read_dir(workspace.incoming_dir()).unwrap().count(), 0);
        assert!(workspace.store(dir.path(), |_| {}).is_err());
        // Read permissions follow the store's folder.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            let folder = dir.path().join("evidence");
            for (given, stored) in [(0o750, 0o640), (0o700, 0o600), (0o755, 0o644)] {
                std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(given)).unwrap();
                let file = dir.path().join(format!("{given:o}.txt"));
                std::fs::write(&file, format!("{given}")).unwrap();
                let put = workspace.store(&file, |_| {}).unwrap();
                assert_eq!(mode(&dir.path().join(&put.location)), stored, "{given:o}");
            }
        }
        assert!(workspace.store(&dir.path().join("missing"), |_| {}).is_err());
    }
}

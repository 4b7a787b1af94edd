//! Evidence: hashed and stored (or hashed where it lies, inside the
//! workspace), then attached to encounters in one batch.

use std::path::{Path, PathBuf};

use tarkka_ledger::payload::EvidenceAttached;
use tarkka_ledger::{Appended, BlobStore, Digest, FileBlobs, LedgerState, NewEntry, Workspace};

use crate::error::{Context as _, Result};
use crate::{Progress, Writer};

/// One file hashed and ready to attach.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Its file name.
    pub name: String,
    /// Its media type, guessed from the name.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// The SHA-256 of the bytes stored.
    pub sha256: Digest,
    /// Where it is, relative to the workspace.
    pub location: String,
    /// Kept where it lies rather than copied into the store.
    pub in_place: bool,
    /// The store held this content already.
    pub already_present: bool,
}

impl Prepared {
    /// The entry payload attaching it to an encounter.
    pub fn attached(&self, encounter: &str, kind: &str) -> EvidenceAttached {
        EvidenceAttached {
            encounter: encounter.to_string(),
            kind: kind.to_string(),
            name: self.name.clone(),
            media_type: self.media_type.clone(),
            size: self.size,
            sha256: self.sha256,
            location: self.location.clone(),
            in_place: self.in_place,
            original_sha256: None,
        }
    }
}

/// Hashes a file and, unless `in_place`, copies it into the store.
pub fn prepare(
    workspace: &Workspace,
    file: &Path,
    in_place: bool,
    progress: &dyn Progress,
) -> Result<Prepared> {
    let name = file
        .file_name()
        .and_then(|name| name.to_str())
        .with_context(|| {
            tarkka_i18n::msg!("evidence-name-not-utf8", file = file.display().to_string())
        })?
        .to_string();
    let media_type = mime_guess::from_path(file).first_or_octet_stream().essence_str().to_string();
    if in_place {
        let location = workspace.locate_inside(file)?;
        let unreadable = || tarkka_i18n::msg!("file-unreadable", file = file.display().to_string());
        let reader = std::fs::File::open(file).with_context(unreadable)?;
        let (sha256, size) =
            tarkka_ledger::hash_reader(reader, |n| progress.advance(n)).with_context(unreadable)?;
        return Ok(Prepared {
            name,
            media_type,
            size,
            sha256,
            location,
            in_place: true,
            already_present: false,
        });
    }
    let stored = workspace.store(file, |n| progress.advance(n))?;
    Ok(Prepared {
        name,
        media_type,
        size: stored.size,
        sha256: stored.sha256,
        location: stored.location,
        in_place: false,
        already_present: stored.already_present,
    })
}

/// Nothing was recorded: takes back the copies this run made, so that the
/// store holds nothing the ledger does not mention.
pub fn take_back<'a>(workspace: &Workspace, prepared: impl Iterator<Item = &'a Prepared>) {
    let blobs = FileBlobs::new(workspace.root());
    for p in prepared.filter(|p| !p.in_place && !p.already_present) {
        blobs.take_back(&p.sha256);
    }
}

/// One file to attach.
#[derive(Clone, Debug)]
pub struct Item {
    /// The encounter.
    pub encounter: String,
    /// The evidence kind (`recording`, `transcript`, …).
    pub kind: String,
    /// The file.
    pub path: PathBuf,
}

/// Stores and attaches the items in one batch, taking back the copies it
/// made if anything fails. `progress` counts bytes hashed.
pub fn attach_all(
    writer: &Writer,
    items: &[Item],
    in_place: bool,
    progress: &dyn Progress,
) -> Result<Vec<(Prepared, Appended)>> {
    let Writer { workspace, actor, now, .. } = writer;
    let total: u64 =
        items.iter().filter_map(|item| std::fs::metadata(&item.path).ok()).map(|m| m.len()).sum();
    progress.start(total);
    let mut prepared = Vec::new();
    for item in items {
        match prepare(workspace, &item.path, in_place, progress) {
            Ok(p) => prepared.push(p),
            Err(error) => {
                take_back(workspace, prepared.iter());
                return Err(error);
            }
        }
    }
    progress.finish();
    let result = writer.append_with(|_, locked| {
        let state = LedgerState::replay_without_scores(locked)?;
        let mut entries = Vec::new();
        for (item, p) in items.iter().zip(&prepared) {
            if !state.encounters.contains_key(&item.encounter) {
                crate::refuse!("encounter-unknown", id = &item.encounter, count = 0, close = "");
            }
            entries.push(NewEntry::new(*now, actor, &p.attached(&item.encounter, &item.kind)));
        }
        Ok(entries)
    });
    match result {
        Ok(appended) => Ok(prepared.into_iter().zip(appended).collect()),
        Err(error) => {
            take_back(workspace, prepared.iter());
            Err(error)
        }
    }
}

/// `tarkka evidence add`: files to attach to one encounter.
#[derive(Clone, Debug)]
pub struct Add {
    /// The encounter.
    pub encounter: String,
    /// Their kind.
    pub kind: String,
    /// The files.
    pub files: Vec<PathBuf>,
    /// Hash them where they are (inside the workspace) instead of copying.
    pub in_place: bool,
}

/// Attaches files to an encounter, all or none.
pub fn add(
    writer: &Writer,
    request: &Add,
    progress: &dyn Progress,
) -> Result<Vec<(Prepared, Appended)>> {
    // Fail fast on an unknown encounter, before copying anything; the check
    // is repeated under the lock when appending.
    let state = LedgerState::replay_without_scores(&writer.workspace.ledger())?;
    crate::encounter::known(&state, &request.encounter)?;
    for file in &request.files {
        let metadata =
            std::fs::metadata(file).map_err(|error| crate::error::unreadable(file, error))?;
        if !metadata.is_file() {
            crate::refuse!("file-not-regular", file = file.display().to_string());
        }
    }
    let items: Vec<Item> = request
        .files
        .iter()
        .map(|path| Item {
            encounter: request.encounter.clone(),
            kind: request.kind.clone(),
            path: path.clone(),
        })
        .collect();
    attach_all(writer, &items, request.in_place, progress)
}

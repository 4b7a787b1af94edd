//! Evidence: hashed and stored (or hashed where it lies, inside the
//! workspace), then attached to encounters in one batch.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tarkka_ledger::payload::EvidenceAttached;
use tarkka_ledger::{Appended, BlobStore, Digest, LedgerState, NewEntry, Workspace};

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
    /// The encounter had it attached already (the entry returned is that
    /// one): nothing new was recorded for it.
    pub already_attached: bool,
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

/// Whether `file` (resolved) lies in one of the key directories: private
/// keys are never evidence, whoever names them.
pub fn is_key_file(file: &Path, key_dirs: &[PathBuf]) -> bool {
    let Ok(file) = std::fs::canonicalize(file) else {
        return false;
    };
    key_dirs
        .iter()
        .filter_map(|dir| std::fs::canonicalize(dir).ok())
        .any(|dir| file.starts_with(dir))
}

/// Hashes a file and, unless `in_place`, copies it into the store; refused,
/// leaving nothing stored, when the file changed while it was read (its
/// size or modification time, or fewer or more bytes than it said).
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
    let before = std::fs::metadata(file).map_err(|error| crate::error::unreadable(file, error))?;
    let settled = |read: u64| {
        let after = std::fs::metadata(file).ok();
        let same = after.is_some_and(|after| {
            after.len() == before.len() && after.modified().ok() == before.modified().ok()
        });
        if same && read == before.len() {
            return Ok(());
        }
        Err(crate::Error::text(tarkka_i18n::msg!(
            "evidence-changed",
            file = file.display().to_string(),
            read = read,
            size = before.len()
        )))
    };
    if in_place {
        let location = workspace.locate_inside(file)?;
        let unreadable = || tarkka_i18n::msg!("file-unreadable", file = file.display().to_string());
        let reader = std::fs::File::open(file).with_context(unreadable)?;
        let (sha256, size) =
            tarkka_ledger::hash_reader(reader, |n| progress.advance(n)).with_context(unreadable)?;
        settled(size)?;
        return Ok(Prepared {
            name,
            media_type,
            size,
            sha256,
            location,
            in_place: true,
            already_present: false,
            already_attached: false,
        });
    }
    let stored = workspace.store(file, |n| progress.advance(n))?;
    if let Err(error) = settled(stored.size) {
        if !stored.already_present {
            workspace.blobs().take_back(&stored.sha256);
        }
        return Err(error);
    }
    Ok(Prepared {
        name,
        media_type,
        size: stored.size,
        sha256: stored.sha256,
        location: stored.location,
        in_place: false,
        already_present: stored.already_present,
        already_attached: false,
    })
}

/// Nothing was recorded: takes back the copies this run made, so that the
/// store holds nothing the ledger does not mention.
pub fn take_back<'a>(workspace: &Workspace, prepared: impl Iterator<Item = &'a Prepared>) {
    let blobs = workspace.blobs();
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
    // The same file (name, content and kind) is attached to an encounter
    // once: named twice in one call, or again after a retry, it is the
    // entry already there. A copy under another name is its own entry.
    // Each item: a new entry (its index), or the entry already there, or
    // one made for an earlier item of this call.
    let mut slots: Vec<Result<usize, Result<Appended, usize>>> = Vec::new();
    let result = writer.append_with(|_, locked| {
        let state = LedgerState::replay_without_scores(locked)?;
        let mut entries = Vec::new();
        let mut new: HashMap<(&str, Digest, &str, &str), usize> = HashMap::new();
        for (item, p) in items.iter().zip(&prepared) {
            let Some(encounter) = state.encounters.get(&item.encounter) else {
                crate::refuse!("encounter-unknown", id = &item.encounter, count = 0, close = "");
            };
            let there = encounter.evidence.iter().find(|e| {
                e.payload.sha256 == p.sha256
                    && e.payload.kind == item.kind
                    && e.payload.name == p.name
            });
            if let Some(there) = there {
                slots.push(Err(Ok(Appended { seq: there.seq, hash: there.hash })));
                continue;
            }
            let key = (item.encounter.as_str(), p.sha256, item.kind.as_str(), p.name.as_str());
            match new.get(&key) {
                Some(index) => slots.push(Err(Err(*index))),
                None => {
                    new.insert(key, entries.len());
                    slots.push(Ok(entries.len()));
                    let payload = p.attached(&item.encounter, &item.kind);
                    entries.push(NewEntry::new(*now, actor, &payload));
                }
            }
        }
        Ok(entries)
    });
    match result {
        Ok(appended) => {
            let entries = slots.into_iter().map(|slot| match slot {
                Ok(index) => (appended[index], false),
                Err(Ok(there)) => (there, true),
                Err(Err(index)) => (appended[index], true),
            });
            Ok(prepared
                .into_iter()
                .zip(entries)
                .map(|(mut p, (entry, there))| {
                    p.already_attached = there;
                    (p, entry)
                })
                .collect())
        }
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
    /// The key directories, whose files are never evidence.
    pub key_dirs: Vec<PathBuf>,
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
        if is_key_file(file, &request.key_dirs) {
            crate::refuse!("evidence-key-file", file = file.display().to_string());
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

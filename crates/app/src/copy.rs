//! Moving a workspace between homes (`tarkka workspace copy`) and writing
//! its ledger out as plain JSON Lines (`tarkka ledger export`).
//!
//! A copy is all or nothing: the new workspace is put together under a
//! staging name beside its destination and renamed into place only once
//! it is checked. A ledger copied into PostgreSQL is checked inside the
//! transaction that inserts it, before that commits. The check is the one
//! a user would make: the same number of entries, the same head, the same
//! RFC 6962 Merkle root, and every recorded evidence digest present, its
//! bytes hashed again as they were copied.

use std::io::Write;
use std::path::{Path, PathBuf};

use tarkka_ledger::{BlobStore, Digest, Home, LedgerError, LedgerState, Lines, Workspace};

use crate::config::{self, Config};
use crate::error::{Context as _, Error, Result};

/// What a copy made.
#[derive(Clone, Debug)]
pub struct Copied {
    /// The new workspace's directory.
    pub to: PathBuf,
    /// Where its ledger is, for people.
    pub ledger: String,
    /// Entries copied.
    pub entries: u64,
    /// The head both have.
    pub head: Digest,
    /// The Merkle root both have.
    pub merkle_root: Digest,
    /// Evidence files copied (each hashed again).
    pub evidence: usize,
    /// Where the copy's evidence is, for people.
    pub evidence_store: String,
    /// Their bytes.
    pub evidence_bytes: u64,
    /// Other files of the workspace copied (keys, checkpoints, rubrics, …).
    pub files: usize,
}

/// Copies the workspace at `from` to a new directory `to`, its ledger into
/// the PostgreSQL database `ledger` (which must be empty) or, when `None`,
/// into `to`'s own `ledger.jsonl`.
pub fn copy(
    from: &Path,
    to: &Path,
    ledger: Option<&str>,
    evidence: Option<&str>,
) -> Result<Copied> {
    let (source, source_config) = config::open(from.to_path_buf())?;
    if std::fs::read_dir(to).is_ok_and(|mut entries| entries.next().is_some()) {
        crate::refuse!("copy-target-not-empty", dir = to.display().to_string());
    }
    let state = LedgerState::replay_without_scores(&source.ledger())?;
    let staging = staging_name(to);
    let result = (|| {
        std::fs::create_dir_all(&staging).with_context(|| {
            tarkka_i18n::msg!("dir-uncreatable", dir = staging.display().to_string())
        })?;
        let files = copy_tree(source.root(), &staging, source.root())?;
        for dir in
            [staging.join("evidence").join("sha256"), staging.join("evidence").join(".incoming")]
        {
            std::fs::create_dir_all(&dir).with_context(|| {
                tarkka_i18n::msg!("dir-uncreatable", dir = dir.display().to_string())
            })?;
        }
        let target = Workspace::with_stores(&staging, ledger, evidence)?;
        // An occupied database is found before any evidence is sent.
        if let Home::Postgres(database) = target.ledger() {
            database.create()?;
        }
        let (evidence_files, evidence_bytes) = copy_evidence(&source, &target, &state)?;
        let mut config = source_config.clone();
        config.store = (ledger.is_some() || evidence.is_some()).then(|| config::Store {
            ledger: ledger.map(str::to_string),
            evidence: evidence.map(str::to_string),
        });
        write_config(&staging, &config)?;
        let check = |copy: &dyn Fn() -> std::result::Result<LedgerState, LedgerError>| {
            let copied = copy()?;
            same(&state, &copied)
        };
        let entries = match target.ledger() {
            Home::Postgres(database) => database.copy_from(&source.ledger(), |held| {
                check(&|| LedgerState::replay_without_scores(held))
            })?,
            Home::File(file) => {
                let entries = write_lines(&source.ledger(), file.path())?;
                check(&|| LedgerState::replay_without_scores(&file))?;
                entries
            }
        };
        Ok::<_, Error>(Copied {
            to: to.to_path_buf(),
            ledger: match &target.ledger() {
                Home::File(_) => to.join("ledger.jsonl").display().to_string(),
                database => database.name().display().to_string(),
            },
            entries,
            head: state.head.map(|head| head.hash).unwrap_or(Digest::ZERO),
            merkle_root: state.merkle_root,
            evidence: evidence_files,
            evidence_store: match evidence {
                Some(_) => target.evidence_name(),
                None => "evidence/".to_string(),
            },
            evidence_bytes,
            files,
        })
    })();
    match result {
        Ok(copied) => {
            if to.exists() {
                // An empty directory named as the destination.
                std::fs::remove_dir(to).with_context(|| {
                    tarkka_i18n::msg!("copy-target-not-empty", dir = to.display().to_string())
                })?;
            }
            std::fs::rename(&staging, to).with_context(|| {
                tarkka_i18n::msg!("dir-uncreatable", dir = to.display().to_string())
            })?;
            sync_dir(to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")));
            Ok(copied)
        }
        Err(error) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(error)
        }
    }
}

/// The copy's replay against the source's: an error naming the first
/// difference.
fn same(source: &LedgerState, copy: &LedgerState) -> std::result::Result<(), LedgerError> {
    let differs = |what: tarkka_i18n::Message, a: String, b: String| {
        Err(LedgerError::Refused(tarkka_i18n::msg!("copy-differs", what = what, a = a, b = b)))
    };
    if source.entries != copy.entries {
        let what = tarkka_i18n::msg!("copy-differs-entries");
        return differs(what, source.entries.to_string(), copy.entries.to_string());
    }
    let hash = |state: &LedgerState| state.head.map(|h| h.hash.to_hex()).unwrap_or_default();
    if hash(source) != hash(copy) {
        return differs(tarkka_i18n::msg!("copy-differs-head"), hash(source), hash(copy));
    }
    if source.merkle_root != copy.merkle_root {
        let what = tarkka_i18n::msg!("copy-differs-root");
        return differs(what, source.merkle_root.to_hex(), copy.merkle_root.to_hex());
    }
    Ok(())
}

fn staging_name(to: &Path) -> PathBuf {
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    to.with_file_name(format!(".{name}.copying-{}", std::process::id()))
}

fn sync_dir(dir: &Path) {
    let _ = std::fs::File::open(dir).and_then(|dir| dir.sync_all());
}

fn write_config(dir: &Path, config: &Config) -> Result<()> {
    let text = format!(
        "# tarkka workspace configuration\n{}",
        toml::to_string(config).context("cannot write the configuration")?
    );
    config::write_new(&dir.join(tarkka_ledger::CONFIG_FILE), text.as_bytes())
}

/// Copies the workspace's own files (keys, checkpoints, rubrics, plans,
/// evidence kept in place, …) but not its ledger, its evidence store, a
/// machine's cache (`.cache/`) or its configuration, which the copy writes
/// itself. Symbolic links are not
/// followed or copied. Returns the number of files.
fn copy_tree(dir: &Path, to: &Path, root: &Path) -> Result<usize> {
    let unreadable =
        |path: &Path| tarkka_i18n::msg!("file-unreadable", file = path.display().to_string());
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| unreadable(dir))?
        .collect::<std::io::Result<_>>()
        .with_context(|| unreadable(dir))?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let name = relative.to_string_lossy();
        // A machine's cache of a team ledger belongs to that machine and
        // that database: a copy starts without one.
        let skip = name == "ledger.jsonl"
            || name.starts_with("ledger.jsonl.torn-")
            || name == "evidence"
            || name == ".cache"
            || name == tarkka_ledger::CONFIG_FILE;
        if skip {
            continue;
        }
        let kind = entry.file_type().with_context(|| unreadable(&path))?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            std::fs::create_dir_all(&target).with_context(|| {
                tarkka_i18n::msg!("dir-uncreatable", dir = target.display().to_string())
            })?;
            count += copy_tree(&path, &target, root)?;
        } else if kind.is_file() {
            std::fs::copy(&path, &target).with_context(|| unreadable(&path))?;
            std::fs::File::open(&target).and_then(|f| f.sync_all()).with_context(|| {
                tarkka_i18n::msg!("file-unwritable", file = target.display().to_string())
            })?;
            count += 1;
        }
    }
    sync_dir(to);
    Ok(count)
}

/// Copies every blob of the source's evidence store into the target's,
/// each hashed as it is stored and held to its name; a recorded digest the
/// source lacks is an error. Evidence kept in place travels with the
/// workspace's files.
fn copy_evidence(
    source: &Workspace,
    target: &Workspace,
    state: &LedgerState,
) -> Result<(usize, u64)> {
    let from = source.blobs();
    let into = target.blobs();
    let held = from.list()?;
    for encounter in state.encounters.values() {
        for evidence in encounter.evidence.iter().filter(|e| !e.payload.in_place) {
            if held.binary_search(&evidence.payload.sha256).is_err() {
                crate::refuse!(
                    "copy-evidence-missing",
                    digest = evidence.payload.sha256.to_hex(),
                    encounter = evidence.payload.encounter.clone(),
                    dir = source.evidence_name()
                );
            }
        }
    }
    let mut bytes = 0;
    for digest in &held {
        let location = from.location(digest);
        let mut reader = from.get(digest)?;
        let put = into.put(Path::new(&location), &mut reader, &mut |n| bytes += n)?;
        if put.sha256 != *digest {
            into.take_back(&put.sha256);
            crate::refuse!(
                "copy-evidence-altered",
                file = format!("{} ({location})", source.evidence_name()),
                found = put.sha256.to_hex()
            );
        }
    }
    Ok((held.len(), bytes))
}

/// Writes every line of `ledger` to a new file at `path`, synced; returns
/// the number of lines. A last line without its newline is an error.
fn write_lines(ledger: &impl Lines, path: &Path) -> Result<u64> {
    let file =
        std::fs::OpenOptions::new().write(true).create_new(true).open(path).with_context(|| {
            tarkka_i18n::msg!("file-unwritable", file = path.display().to_string())
        })?;
    let mut out = std::io::BufWriter::with_capacity(4 << 20, &file);
    let count = lines_to(ledger, &mut out, path)?;
    out.flush()
        .and_then(|()| file.sync_all())
        .with_context(|| tarkka_i18n::msg!("file-unwritable", file = path.display().to_string()))?;
    Ok(count)
}

fn lines_to(ledger: &impl Lines, out: &mut dyn Write, path: &Path) -> Result<u64> {
    let mut count = 0;
    let mut failure = None;
    let scanned = ledger.scan(
        1,
        &|place, line: &[u8], complete| (place.number, line.to_vec(), complete),
        |(number, line, complete)| {
            if !complete {
                return Err(LedgerError::Unreadable {
                    path: ledger.name().to_path_buf(),
                    line: number,
                    detail: tarkka_i18n::msg!("copy-torn-source"),
                });
            }
            count += 1;
            out.write_all(&line).and_then(|()| out.write_all(b"\n")).map_err(|error| {
                failure = Some(error);
                LedgerError::Refused(tarkka_i18n::msg!("as-is", text = ""))
            })
        },
    );
    match (scanned, failure) {
        (_, Some(error)) => Err(error).with_context(|| {
            tarkka_i18n::msg!("file-unwritable", file = path.display().to_string())
        }),
        (Err(error), None) => Err(error.into()),
        (Ok(()), None) => Ok(count),
    }
}

/// What `tarkka ledger export` wrote.
#[derive(Clone, Debug)]
pub struct Exported {
    /// Entries written.
    pub entries: u64,
}

/// Writes the workspace's ledger, wherever it lives, as the plain JSON
/// Lines file `tarkka verify` reads on its own: to `out` (written under a
/// `.partial` name and renamed once whole; never over an existing file),
/// or to standard output.
pub fn export_ledger(workspace: &Workspace, out: Option<&Path>) -> Result<Exported> {
    let ledger = workspace.ledger();
    let Some(out) = out else {
        let stdout = std::io::stdout();
        let mut lock = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
        let entries = lines_to(&ledger, &mut lock, Path::new("-"))?;
        lock.flush().with_context(|| tarkka_i18n::msg!("file-unwritable", file = "-"))?;
        return Ok(Exported { entries });
    };
    if out.exists() {
        crate::refuse!("ledger-export-exists", file = out.display().to_string());
    }
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let _ = std::fs::remove_file(&partial);
    let written = write_lines(&ledger, &partial);
    let entries = match written {
        Ok(entries) => entries,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    std::fs::hard_link(&partial, out).and_then(|()| std::fs::remove_file(&partial)).with_context(
        || tarkka_i18n::msg!("ledger-export-exists", file = out.display().to_string()),
    )?;
    sync_dir(out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")));
    Ok(Exported { entries })
}

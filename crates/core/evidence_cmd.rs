//! `tarkka evidence add`: hash, store and attach evidence.

use std::path::Path;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tarkka_ledger::payload::EvidenceAttached;
use tarkka_ledger::{LedgerError, LedgerState, NewEntry, Workspace};

use crate::Outcome;
use crate::args::EvidenceAddArgs;
use crate::context::{Context, Writer};
use crate::output::print;

/// A byte-count progress bar for standard error (drawn only on a
/// terminal); `shown` false keeps it hidden until a draw target is set.
pub fn byte_bar(total: u64, message: &str, shown: bool) -> ProgressBar {
    let target = if shown { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
    let bar = ProgressBar::with_draw_target(Some(total), target);
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
            .expect("the template is valid"),
    );
    bar.set_message(message.to_string());
    bar
}

/// A count progress bar on standard error, drawn only on a terminal.
pub fn count_bar(total: u64, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} {per_sec} {eta}")
            .expect("the template is valid"),
    );
    bar.set_message(message.to_string());
    bar
}

/// One file hashed and ready to attach.
pub struct Prepared {
    name: String,
    media_type: String,
    size: u64,
    sha256: tarkka_ledger::Digest,
    location: String,
    in_place: bool,
    already_present: bool,
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

/// Nothing was recorded: takes back the copies this run made, so that the
/// store holds nothing the ledger does not mention.
pub fn take_back<'a>(workspace: &Workspace, prepared: impl Iterator<Item = &'a Prepared>) {
    for p in prepared.filter(|p| !p.in_place && !p.already_present) {
        let _ = std::fs::remove_file(workspace.root().join(&p.location));
    }
}

pub fn add(args: &EvidenceAddArgs, context: &Context) -> anyhow::Result<Outcome> {
    let Writer { workspace, actor, now, signer } = context.writer()?;
    let lang = context.lang();
    // Fail fast on an unknown encounter, before copying anything; the check
    // is repeated under the lock when appending.
    let state = LedgerState::replay_without_scores(&workspace.ledger())?;
    if !state.encounters.contains_key(&args.encounter) {
        anyhow::bail!(
            "no encounter `{}` in the ledger; log it first with `tarkka encounter log`",
            args.encounter
        );
    }
    for file in &args.files {
        let metadata =
            std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
        if !metadata.is_file() {
            anyhow::bail!("{} is not a regular file", file.display());
        }
    }
    let total: u64 =
        args.files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let bar = byte_bar(total, lang.pick("Tiivisteet", "Hashing"), true);
    let mut prepared = Vec::new();
    for file in &args.files {
        prepared.push(prepare(&workspace, file, args.in_place, &bar)?);
    }
    bar.finish_and_clear();
    let kind = args.kind.name();
    let appended = workspace.ledger().append_with(
        |_, locked| {
            let state = LedgerState::replay_locked_without_scores(locked)?;
            if !state.encounters.contains_key(&args.encounter) {
                return Err(LedgerError::Refused(format!(
                    "no encounter `{}` in the ledger",
                    args.encounter
                )));
            }
            Ok(prepared
                .iter()
                .map(|p| NewEntry::new(now, &actor, &p.attached(&args.encounter, kind)))
                .collect())
        },
        signer.as_ref(),
    );
    let appended = match appended {
        Ok(appended) => appended,
        Err(error) => {
            take_back(&workspace, prepared.iter());
            return Err(error.into());
        }
    };
    let mut out = String::new();
    for (p, entry) in prepared.iter().zip(&appended) {
        let note = if p.already_present {
            lang.pick(" (sisältö oli jo tallessa)", " (content already stored)")
        } else {
            ""
        };
        out.push_str(&format!(
            "{} {}  sha256:{}  {} {}{note}\n",
            lang.pick("Liitetty", "Attached"),
            p.name,
            p.sha256,
            lang.pick("merkintä", "entry"),
            entry.seq
        ));
    }
    print(&out)?;
    Ok(Outcome::Success)
}

pub fn prepare(
    workspace: &Workspace,
    file: &Path,
    in_place: bool,
    bar: &indicatif::ProgressBar,
) -> anyhow::Result<Prepared> {
    let name = file
        .file_name()
        .and_then(|name| name.to_str())
        .with_context(|| format!("{} has no file name in UTF-8", file.display()))?
        .to_string();
    let media_type = mime_guess::from_path(file).first_or_octet_stream().essence_str().to_string();
    if in_place {
        let location = workspace.locate_inside(file)?;
        let reader =
            std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        let (sha256, size) = tarkka_ledger::hash_reader(reader, |n| bar.inc(n))
            .with_context(|| format!("cannot read {}", file.display()))?;
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
    let stored = workspace.store(file, |n| bar.inc(n))?;
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

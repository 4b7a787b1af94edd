//! `tarkka ledger export` and `tarkka workspace copy`: a workspace between
//! its homes.

use crate::Outcome;
use crate::args::{LedgerExportArgs, WorkspaceCopyArgs};
use crate::context::Context;
use crate::output::{bytes, print};

/// `tarkka ledger export [--out FILE]`
pub fn export(args: &LedgerExportArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let exported = tarkka_app::copy::export_ledger(&workspace, args.out.as_deref())?;
    if let Some(out) = &args.out {
        print(&format!(
            "{} {} ({} {})\n",
            lang.pick("Pääkirja kirjoitettu:", "Ledger written:"),
            out.display(),
            exported.entries,
            lang.pick("merkintää", "entries"),
        ))?;
    }
    Ok(Outcome::Success)
}

/// `tarkka workspace copy FROM TO [--ledger URL]`
pub fn copy(args: &WorkspaceCopyArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let copied = tarkka_app::copy::copy(
        &args.from,
        &args.to,
        args.ledger.as_deref(),
        args.evidence.as_deref(),
    )?;
    let text = format!(
        "{} {}\n  {} {}\n  {} {} · {} {}\n  {} {}\n  {} {} ({}, {}) · {} {}\n",
        lang.pick("Työtila kopioitu:", "Workspace copied:"),
        copied.to.display(),
        lang.pick("pääkirja:", "ledger:"),
        copied.ledger,
        copied.entries,
        lang.pick("merkintää", "entries"),
        lang.pick("pää", "head"),
        copied.head,
        lang.pick("Merkle-juuri:", "Merkle root:"),
        copied.merkle_root,
        lang.pick("näyttöä:", "evidence:"),
        copied.evidence,
        bytes(copied.evidence_bytes, lang),
        copied.evidence_store,
        lang.pick("muita tiedostoja:", "other files:"),
        copied.files,
    );
    print(&text)?;
    Ok(Outcome::Success)
}

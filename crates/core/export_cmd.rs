//! `tarkka export bag`: a BagIt bag for a dispute.

use anyhow::{Context as _, bail};
use tarkka_ledger::bag::{BagInfo, write_bag};
use tarkka_ledger::verify::{self, NoProgress, Options};
use tarkka_ledger::{EncounterState, LedgerState};

use crate::Outcome;
use crate::args::BagArgs;
use crate::context::{Context, trusted_keys};
use crate::output::print;

pub fn bag(args: &BagArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let actor = context.actor()?;
    // The bag quotes the ledger's head: it must be a ledger that holds.
    let options = Options { trusted_keys: trusted_keys(&workspace)?, evidence: false, threads: 1 };
    let report = verify::verify(&workspace, &options, &NoProgress)?;
    if !report.is_clean() {
        bail!(
            "the ledger does not verify ({} findings; see `tarkka verify`): a bag quoting it would prove nothing",
            report.findings.len()
        );
    }
    let state = LedgerState::replay(&workspace.ledger())?;
    let (encounters, identifier): (Vec<&EncounterState>, String) =
        match (&args.encounter, &args.case) {
            (Some(id), _) => {
                let encounter = state
                    .encounters
                    .get(id)
                    .with_context(|| format!("no encounter `{id}` in the ledger"))?;
                (vec![encounter], format!("encounter {id}"))
            }
            (None, Some(case)) => {
                let encounters = state.case(case);
                if encounters.is_empty() {
                    bail!("no encounter of case `{case}` in the ledger");
                }
                (encounters, format!("case {case}"))
            }
            (None, None) => bail!("name an encounter or --case"),
        };
    let now = context.now()?;
    let info = BagInfo {
        date: now.strftime("%Y-%m-%d").to_string(),
        identifier,
        actor,
        head: report.head,
        merkle_root: report.merkle_root,
        entries: report.entries,
        agent: format!("tarkka {}", env!("CARGO_PKG_VERSION")),
    };
    let summary = write_bag(&workspace, &state, &encounters, &info, &args.out)?;
    print(&format!(
        "{} {}: {} {} ({} {}), {} {}\n{}: {}\n",
        lang.pick("BagIt-paketti kirjoitettu", "BagIt bag written to"),
        args.out.display(),
        summary.files,
        lang.pick("tiedostoa", "files"),
        summary.bytes,
        lang.pick("tavua", "bytes"),
        summary.entries,
        lang.pick("pääkirjan merkintää", "ledger entries"),
        lang.pick("Pääkirjan pää", "Ledger head"),
        report.head
    ))?;
    Ok(Outcome::Success)
}

//! `tarkka export bag`: a BagIt bag for a dispute.

use crate::Outcome;
use crate::args::BagArgs;
use crate::context::Context;
use crate::output::print;

pub fn bag(args: &BagArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let request = tarkka_app::verify::Bag {
        encounter: args.encounter.clone(),
        case: args.case.clone(),
        out: args.out.clone(),
        // Exporting records nothing: who exports is said when known.
        actor: context.actor().ok(),
        date: context.now()?.strftime("%Y-%m-%d").to_string(),
        agent: format!("tarkka {}", env!("CARGO_PKG_VERSION")),
    };
    let (summary, report) = tarkka_app::verify::bag(&workspace, &request)?;
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
    if !summary.proven {
        print(&format!(
            "{}\n",
            crate::output::tr(lang, &tarkka_i18n::msg!("bag-export-unproven"))
        ))?;
    }
    Ok(Outcome::Success)
}

/// `tarkka export tables`: the ledger's facts as Parquet.
pub fn tables(args: &crate::args::TablesArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let lang = context.lang();
    let exported = tarkka_app::export::tables(&workspace.ledger(), &args.out)?;
    let mut out = format!(
        "{} {} ({} {}, {} {}…):\n",
        lang.pick("Taulut kirjoitettu:", "Tables written:"),
        args.out.display(),
        exported.entries,
        lang.pick("merkintää", "entries"),
        lang.pick("pää", "head"),
        &exported.head[..16],
    );
    for (name, rows) in &exported.tables {
        out.push_str(&format!("  {name}.parquet  {rows} {}\n", lang.pick("riviä", "rows")));
    }
    crate::output::print(&out)?;
    Ok(Outcome::Success)
}

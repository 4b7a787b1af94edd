//! `tarkka report`: the management report, written by the library from the
//! ledger; this says where it went.

use tarkka_app::report::Request;
use tarkka_report::Period;
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{PeriodArg, ReportArgs};
use crate::context::Context;
use crate::output::print;

/// The library's request for these arguments.
pub fn request(args: &ReportArgs, lang: Lang) -> anyhow::Result<Request> {
    let (from, to) = tarkka_app::scores::date_flags(args.from.as_deref(), args.to.as_deref())?;
    Ok(Request {
        period: match args.period {
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::Year => Period::Year,
            PeriodArg::Auto => Period::Auto,
        },
        min_group: args.min_group,
        from,
        to,
        location: args.location.clone(),
        rubric: args.rubric.clone(),
        xlsx: args.xlsx,
        lang,
        checkpoint: None,
        decide_within_days: tarkka_app::config::DisputeRules::default().decide_within_days,
        zone: jiff::tz::TimeZone::UTC,
    })
}

pub fn report(args: &ReportArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (workspace, config) = context.workspace()?;
    let mut request = request(args, lang)?;
    request.decide_within_days = config.disputes.unwrap_or_default().decide_within_days;
    request.zone = config.zone()?.0;
    let trust =
        tarkka_app::checkpoint::Trust::from(context.key_dir().ok().as_deref(), &[], Vec::new())?;
    request.checkpoint = tarkka_app::report::latest_checkpoint(&workspace, &trust)?;
    written(&workspace, &request, &args.out, lang)?;
    Ok(Outcome::Success)
}

/// Writes the report and says where, for the command and the demo.
pub fn written(
    workspace: &tarkka_ledger::Workspace,
    request: &Request,
    out: &std::path::Path,
    lang: Lang,
) -> anyhow::Result<()> {
    let written = tarkka_app::report::write(&workspace.ledger(), request, out)?;
    print(&format!(
        "{} {} ({} {}; {} {}, {} {})\n{}: {}\n",
        lang.pick("Raportti kirjoitettu:", "Report written:"),
        out.join("index.html").display(),
        written.files.len(),
        lang.pick("tiedostoa", "files"),
        written.encounters,
        lang.pick("kohtaamista", "encounters"),
        written.entries,
        lang.pick("merkinnästä", "entries"),
        lang.pick("Pääkirjan pää", "Ledger head"),
        written.head,
    ))?;
    Ok(())
}

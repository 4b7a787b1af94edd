//! `tarkka followups`: the promises agents made in their calls, and
//! whether a later contact in the same case kept them.

use std::collections::BTreeMap;

use tarkka_app::followups::{Filter, Row, Status};
use tarkka_report::aggregate::PromiseStat;
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{FollowupsArgs, ListFormat, PromiseStatusArg};
use crate::context::Context;
use crate::output::{BAD, GOOD, NOTE, paint, print, table};

fn status_word(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Kept => lang.pick("pidetty", "kept"),
        Status::Broken => lang.pick("rikottu", "broken"),
        Status::Open => lang.pick("avoin", "open"),
        Status::Unknown => lang.pick("ei tiedossa", "unknown"),
    }
}

fn painted(status: Status, lang: Lang) -> String {
    let style = match status {
        Status::Kept => GOOD,
        Status::Broken => BAD,
        Status::Open | Status::Unknown => NOTE,
    };
    paint(status_word(status, lang), style)
}

/// Kept of those decided, as a percentage.
/// Kept of the promises whose outcome is known, with the counts: "100 %"
/// alone would read as every promise kept where half are unknown.
fn kept_share(tally: &PromiseStat) -> String {
    let rate = tally.kept_rate();
    match rate.value() {
        Some(share) => format!("{:.0} % ({}/{})", 100.0 * share, rate.count, rate.of),
        None => "–".to_string(),
    }
}

pub fn followups(args: &FollowupsArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (workspace, _) = context.workspace()?;
    let filter = Filter {
        status: args.status.map(|status| match status {
            PromiseStatusArg::Kept => Status::Kept,
            PromiseStatusArg::Broken => Status::Broken,
            PromiseStatusArg::Open => Status::Open,
            PromiseStatusArg::Unknown => Status::Unknown,
        }),
        agent: args.agent.clone(),
        location: args.location.clone(),
    };
    let listing = tarkka_app::followups::list(&workspace.ledger(), context.now()?, &filter)?;
    let rows = &listing.promises;
    match args.format {
        ListFormat::Json => print(&(serde_json::to_string_pretty(&listing)? + "\n"))?,
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record([
                "encounter",
                "case",
                "agent",
                "location",
                "made",
                "words",
                "time",
                "deadline",
                "status",
                "followed_by",
            ])?;
            for row in rows {
                writer.write_record([
                    row.encounter.as_str(),
                    row.case.as_deref().unwrap_or(""),
                    &row.agent,
                    &row.location,
                    &row.made,
                    &row.words,
                    row.time.as_deref().unwrap_or(""),
                    row.deadline.as_deref().unwrap_or(""),
                    status_word(row.status, Lang::En),
                    row.followed_by.as_deref().unwrap_or(""),
                ])?;
            }
            print(&crate::output::csv_for(
                String::from_utf8(writer.into_inner()?)?,
                args.excel,
                &[],
                true,
            )?)?;
        }
        ListFormat::Text => print(&text(rows, &listing.by_agent, &listing.by_location, lang))?,
    }
    Ok(Outcome::Success)
}

fn text(
    rows: &[Row],
    by_agent: &BTreeMap<String, PromiseStat>,
    by_location: &BTreeMap<String, PromiseStat>,
    lang: Lang,
) -> String {
    if rows.is_empty() {
        return format!(
            "{}\n",
            lang.pick(
                "Ei lupauksia. Lupaukset löytyvät litteroinneista komennolla `tarkka check --record`.",
                "No promises. Promises are found in transcripts by `tarkka check --record`."
            )
        );
    }
    let mut promises = table(&[
        lang.pick("kohtaaminen", "encounter"),
        lang.pick("myyjä", "agent"),
        lang.pick("lupaus", "promise"),
        lang.pick("määräaika", "deadline"),
        lang.pick("tila", "status"),
        lang.pick("jatko", "follow-up"),
    ]);
    for row in rows {
        let words = match &row.time {
            Some(time) => format!("«{}» … «{time}»", row.words),
            None => format!("«{}»", row.words),
        };
        promises.add_row([
            row.encounter.clone(),
            row.agent.clone(),
            words,
            row.deadline.as_deref().map_or_else(
                || "–".to_string(),
                |due| crate::output::local_time_as_given(due, lang),
            ),
            painted(row.status, lang),
            row.followed_by.clone().unwrap_or_else(|| "–".to_string()),
        ]);
    }
    let tally_table = |title: &str, tallies: &BTreeMap<String, PromiseStat>| {
        let mut out = table(&[
            title,
            lang.pick("pidetty", "kept"),
            lang.pick("rikottu", "broken"),
            lang.pick("avoin", "open"),
            lang.pick("ei tiedossa", "unknown"),
            lang.pick("pidetty ratkenneista", "kept of decided"),
        ]);
        for (name, tally) in tallies {
            out.add_row([
                name.to_string(),
                tally.kept.to_string(),
                tally.broken.to_string(),
                tally.open.to_string(),
                tally.unknown.to_string(),
                kept_share(tally),
            ]);
        }
        out
    };
    format!(
        "{promises}\n\n{}\n\n{}\n",
        tally_table(lang.pick("myyjä", "agent"), by_agent),
        tally_table(lang.pick("toimipiste", "location"), by_location)
    )
}

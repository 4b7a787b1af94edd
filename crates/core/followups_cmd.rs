//! `tarkka followups`: the promises agents made in their calls, and
//! whether a later contact in the same case kept them.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;
use tarkka_ledger::LedgerState;
use tarkka_ledger::payload::{PromiseFound, Source};
use tarkka_report::aggregate::PromiseStat;
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{FollowupsArgs, ListFormat, PromiseStatusArg};
use crate::context::Context;
use crate::output::{BAD, GOOD, NOTE, paint, print, table};

/// Where a promise stands: the report's notion, so that both count alike.
pub use tarkka_report::PromiseStatus as Status;

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

/// One promise and its fate.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The encounter it was made in.
    pub encounter: String,
    /// Its case.
    pub case: Option<String>,
    /// Who promised.
    pub agent: String,
    /// Where.
    pub location: String,
    /// When the encounter was.
    pub made: String,
    /// The commitment's words.
    pub words: String,
    /// The time words.
    pub time: Option<String>,
    /// The deadline, RFC 3339.
    pub deadline: Option<String>,
    /// Where it stands.
    pub status: Status,
    /// The later encounter of the case that kept (or came too late for) it.
    pub followed_by: Option<String>,
}

/// An encounter as the promise judge needs it.
pub struct Contact<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its case.
    pub case: Option<&'a str>,
    /// When it was (RFC 3339).
    pub time: &'a str,
    /// Who served the customer.
    pub agent: &'a str,
    /// Where.
    pub location: &'a str,
    /// The promises of its latest automatic scoresheet.
    pub promises: &'a [PromiseFound],
}

/// Every promise in the ledger's latest automatic scoresheets, judged at `now`.
pub fn promises(state: &LedgerState, now: Timestamp) -> Vec<Row> {
    let contacts = state.encounters.iter().map(|(id, encounter)| {
        let logged = &encounter.logged.payload;
        let sheet = encounter
            .scoresheets
            .iter()
            .filter(|sheet| sheet.payload.source == Source::Automatic)
            .max_by_key(|sheet| sheet.seq);
        Contact {
            id,
            case: logged.case.as_deref(),
            time: &logged.time,
            agent: &logged.agent,
            location: &logged.location,
            promises: sheet.map_or(&[], |sheet| &sheet.payload.promises),
        }
    });
    judge(contacts, now)
}

/// The promises made in these encounters, judged at `now` against the later
/// encounters of the same case among them.
pub fn judge<'a>(contacts: impl Iterator<Item = Contact<'a>>, now: Timestamp) -> Vec<Row> {
    let contacts: Vec<Contact<'a>> = contacts.collect();
    if contacts.iter().all(|contact| contact.promises.is_empty()) {
        return Vec::new();
    }
    // Every case's encounters in time order, built once.
    let mut cases: HashMap<&str, Vec<(Timestamp, &str)>> = HashMap::new();
    for contact in &contacts {
        if let (Some(case), Ok(time)) = (contact.case, contact.time.parse::<Timestamp>()) {
            cases.entry(case).or_default().push((time, contact.id));
        }
    }
    for encounters in cases.values_mut() {
        encounters.sort();
    }
    let mut rows = Vec::new();
    for contact in contacts.iter().filter(|contact| !contact.promises.is_empty()) {
        // The case's first encounter after this one.
        let next: Option<(Timestamp, &str)> =
            match (contact.case, contact.time.parse::<Timestamp>()) {
                (Some(case), Ok(made)) => cases.get(case).and_then(|encounters| {
                    let after = encounters.partition_point(|(time, _)| *time <= made);
                    encounters.get(after).copied()
                }),
                _ => None,
            };
        for promise in same_day_once(contact.promises) {
            let deadline: Option<Timestamp> =
                promise.deadline.as_deref().and_then(|text| text.parse().ok());
            let (status, followed_by) = match (deadline, contact.case.is_some()) {
                (None, _) | (_, false) => (Status::Unknown, None),
                (Some(deadline), true) => match next {
                    Some((time, other)) if time <= deadline => (Status::Kept, Some(other)),
                    Some((_, other)) => (Status::Broken, Some(other)),
                    None if now > deadline => (Status::Broken, None),
                    None => (Status::Open, None),
                },
            };
            rows.push(Row {
                encounter: contact.id.to_string(),
                case: contact.case.map(str::to_string),
                agent: contact.agent.to_string(),
                location: contact.location.to_string(),
                made: contact.time.to_string(),
                words: promise.words.clone(),
                time: promise.time.clone(),
                deadline: promise.deadline.clone(),
                status,
                followed_by: followed_by.map(str::to_string),
            });
        }
    }
    rows.sort_by(|a, b| (&a.made, &a.encounter).cmp(&(&b.made, &b.encounter)));
    rows
}

/// An encounter's promises with one per deadline day: "I'll call tomorrow
/// … tomorrow by four" is one promise, due at the earlier time.
fn same_day_once(promises: &[PromiseFound]) -> Vec<&PromiseFound> {
    let mut kept: Vec<&PromiseFound> = Vec::new();
    for promise in promises {
        let day =
            |p: &PromiseFound| p.deadline.as_ref().map(|d| d.get(..10).unwrap_or(d).to_string());
        match kept.iter_mut().find(|other| day(other).is_some() && day(other) == day(promise)) {
            Some(other) if promise.deadline < other.deadline => *other = promise,
            Some(_) => {}
            None => kept.push(promise),
        }
    }
    kept
}

/// Kept of those decided, as a percentage.
fn kept_share(tally: &PromiseStat) -> String {
    match tally.kept_rate().value() {
        Some(share) => format!("{:.0} %", 100.0 * share),
        None => "–".to_string(),
    }
}

pub fn followups(args: &FollowupsArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let (workspace, _) = context.workspace()?;
    // The report's slim replay: a million encounters in a gigabyte.
    let state = crate::report_ledger::ReportLedger::replay(&workspace.ledger())?;
    let wanted = args.status.map(|status| match status {
        PromiseStatusArg::Kept => Status::Kept,
        PromiseStatusArg::Broken => Status::Broken,
        PromiseStatusArg::Open => Status::Open,
        PromiseStatusArg::Unknown => Status::Unknown,
    });
    let rows: Vec<Row> = judge(state.contacts(), context.now()?)
        .into_iter()
        .filter(|row| wanted.is_none_or(|status| row.status == status))
        .filter(|row| args.agent.as_ref().is_none_or(|agent| &row.agent == agent))
        .filter(|row| args.location.as_ref().is_none_or(|location| &row.location == location))
        .collect();
    let mut by_agent: BTreeMap<&str, PromiseStat> = BTreeMap::new();
    let mut by_location: BTreeMap<&str, PromiseStat> = BTreeMap::new();
    for row in &rows {
        by_agent.entry(&row.agent).or_default().add(row.status);
        by_location.entry(&row.location).or_default().add(row.status);
    }
    match args.format {
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                promises: &'a [Row],
                by_agent: &'a BTreeMap<&'a str, PromiseStat>,
                by_location: &'a BTreeMap<&'a str, PromiseStat>,
            }
            let out = Out { promises: &rows, by_agent: &by_agent, by_location: &by_location };
            print(&(serde_json::to_string_pretty(&out)? + "\n"))?;
        }
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
            for row in &rows {
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
            print(&String::from_utf8(writer.into_inner()?)?)?;
        }
        ListFormat::Text => print(&text(&rows, &by_agent, &by_location, lang))?,
    }
    Ok(Outcome::Success)
}

fn text(
    rows: &[Row],
    by_agent: &BTreeMap<&str, PromiseStat>,
    by_location: &BTreeMap<&str, PromiseStat>,
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
            row.deadline.clone().unwrap_or_else(|| "–".to_string()),
            painted(row.status, lang),
            row.followed_by.clone().unwrap_or_else(|| "–".to_string()),
        ]);
    }
    let tally_table = |title: &str, tallies: &BTreeMap<&str, PromiseStat>| {
        let mut out = table(&[
            title,
            lang.pick("pidetty", "kept"),
            lang.pick("rikottu", "broken"),
            lang.pick("avoin", "open"),
            lang.pick("ei tiedossa", "unknown"),
            lang.pick("pidetty %", "kept %"),
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

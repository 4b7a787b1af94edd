//! Follow-ups: the promises agents made in their calls, and whether a
//! later contact in the same case kept them. `tarkka followups`, the
//! report and the demo judge them alike, here.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;
use tarkka_ledger::payload::{PromiseFound, Source};
use tarkka_ledger::{LedgerState, Lines};
use tarkka_report::aggregate::PromiseStat;

use crate::error::Result;
use crate::replay::ReportLedger;

/// Where a promise stands: the report's notion, so that both count alike.
pub use tarkka_report::PromiseStatus as Status;

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

/// Every encounter of the report's replay as the promise judge needs it.
pub fn contacts(state: &ReportLedger) -> impl Iterator<Item = Contact<'_>> {
    state.encounters.iter().map(|(id, encounter)| Contact {
        id,
        case: encounter.case.as_deref(),
        time: &encounter.time,
        agent: state.names.name(encounter.agent),
        location: state.names.name(encounter.location),
        promises: encounter.latest(Source::Automatic).map_or(&[], |sheet| &sheet.promises),
    })
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

/// Which promises to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only those in this state.
    pub status: Option<Status>,
    /// Only this agent's.
    pub agent: Option<String>,
    /// Only this location's.
    pub location: Option<String>,
}

/// The promises a listing shows, with their tallies per agent and per
/// location.
#[derive(Debug, Serialize)]
pub struct Listing {
    /// The promises, in the order they were made.
    pub promises: Vec<Row>,
    /// Kept, broken, open and unknown per agent.
    pub by_agent: BTreeMap<String, PromiseStat>,
    /// The same per location.
    pub by_location: BTreeMap<String, PromiseStat>,
}

/// `tarkka followups`: every promise of the ledger's latest automatic
/// scoresheets, judged at `now`, filtered, with tallies. Reads the ledger
/// through the report's slim replay: a million encounters in a gigabyte.
pub fn list(ledger: &impl Lines, now: Timestamp, filter: &Filter) -> Result<Listing> {
    let state = ReportLedger::replay(ledger)?;
    use crate::names::Field;
    crate::names::check_encounters(
        &state,
        [(Field::Location, &filter.location), (Field::Agent, &filter.agent)]
            .into_iter()
            .filter_map(|(field, value)| Some((field, value.as_deref()?))),
    )?;
    let promises: Vec<Row> = judge(contacts(&state), now)
        .into_iter()
        .filter(|row| filter.status.is_none_or(|status| row.status == status))
        .filter(|row| filter.agent.as_ref().is_none_or(|agent| &row.agent == agent))
        .filter(|row| filter.location.as_ref().is_none_or(|location| &row.location == location))
        .collect();
    let mut by_agent: BTreeMap<String, PromiseStat> = BTreeMap::new();
    let mut by_location: BTreeMap<String, PromiseStat> = BTreeMap::new();
    for row in &promises {
        by_agent.entry(row.agent.clone()).or_default().add(row.status);
        by_location.entry(row.location.clone()).or_default().add(row.status);
    }
    Ok(Listing { promises, by_agent, by_location })
}

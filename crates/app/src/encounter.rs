//! Logging an encounter, and reading what the ledger knows of one.

use std::path::Path;

use tarkka_ledger::{Appended, EncounterState, LedgerState, NewEntry, Workspace};
use tarkka_rubric::{Profile, ProfileValue, Rubric};

use crate::error::{Error, Result};
use crate::{Writer, facts, rubrics};

/// `tarkka encounter log`: an encounter to log.
#[derive(Clone, Debug)]
pub struct Log {
    /// Its id.
    pub id: String,
    /// A rubric file (registered with the encounter when the ledger does
    /// not have it yet), or the id of a rubric registered before.
    pub rubric: String,
    /// When it happened, RFC 3339 with the local offset.
    pub time: String,
    /// Where.
    pub location: String,
    /// Who served the customer.
    pub agent: String,
    /// Who audits it; the writer when not given.
    pub auditor: Option<String>,
    /// The channel; the rubric's when not given.
    pub channel: Option<String>,
    /// The case it belongs to.
    pub case: Option<String>,
    /// The customer profile as `NAME=VALUE` pairs.
    pub profile: Vec<String>,
    /// The scenario played.
    pub scenario: Option<String>,
    /// The location, agent or auditor is new although it is close to a
    /// name the ledger knows (otherwise refused as a likely typo).
    pub new_name: bool,
}

/// Logs an encounter (and registers its rubric when it comes from a file
/// the ledger does not have); returns the encounter's entry.
pub fn log(writer: &Writer, request: &Log) -> Result<Appended> {
    let Writer { workspace, actor, now, .. } = writer;
    rubrics::check_id(&request.id, "encounter")?;
    let (zone, zone_name) = crate::config::zone_of(workspace.root())?;
    let time = crate::local_time::parse(&request.time, &zone, &zone_name)
        .map_err(|message| Error::text(message).context("--time"))?;
    let mut profile = Profile::new();
    for pair in &request.profile {
        let Some((field, value)) = pair.split_once('=') else {
            crate::refuse!("profile-not-pair", pair = pair);
        };
        if profile.insert(field.trim().to_string(), ProfileValue::parse(value.trim())).is_some() {
            crate::refuse!("profile-twice", field = field.trim());
        }
    }
    // A rubric file is registered with the encounter when the ledger does
    // not have it yet; an id names a rubric registered before.
    let from_file: Option<(Rubric, String)> = if Path::new(&request.rubric).is_file() {
        Some(rubrics::load(Path::new(&request.rubric))?)
    } else {
        None
    };
    let auditor = request.auditor.clone().unwrap_or_else(|| actor.clone());
    let appended = writer.append_with(|_, locked| {
        let state = LedgerState::replay_without_scores(locked)?;
        if let Some(existing) = state.encounters.get(&request.id) {
            crate::refuse!("encounter-exists", id = &request.id, seq = existing.logged.seq);
        }
        let given = crate::names::Given {
            location: &request.location,
            agent: &request.agent,
            auditor: &auditor,
        };
        if !request.new_name {
            let slip = crate::names::Slip::Letter;
            let label = |field: crate::names::Field| field.flag().to_string();
            let typos = crate::names::Known::slips(&state, locked, &[given], slip, label)?;
            if !typos.is_empty() {
                let problems = crate::error::joined(typos.into_iter().map(|(_, _, m)| m));
                crate::refuse!("name-typo", problems = problems, flag = "--new-name");
            }
        }
        let registered;
        let (rubric, text) = match &from_file {
            Some((rubric, text)) => (rubric, Some(text)),
            None => {
                let found = state.latest_rubric(&request.rubric).ok_or_else(|| {
                    let ids: Vec<&str> =
                        state.rubrics.values().map(|r| r.payload.rubric.as_str()).collect();
                    let (count, close) = crate::names::close_list(&request.rubric, &ids);
                    Error::text(tarkka_i18n::msg!(
                        "rubric-unknown",
                        rubric = &request.rubric,
                        count = count,
                        close = close
                    ))
                })?;
                registered = rubrics::registered(&found.payload)?;
                (&registered, None)
            }
        };
        if let Err(errors) = rubric.check_profile(&profile) {
            let problems = crate::error::joined(errors.iter().map(|error| error.message()));
            crate::refuse!("profile-misfit", rubric = &rubric.id, problems = problems);
        }
        let channel = facts::channel(rubric, request.channel.as_deref()).map_err(|why| {
            Error::text(tarkka_i18n::msg!(
                "channel-flag-misfit",
                channel = request.channel.as_deref().unwrap_or_default(),
                why = why
            ))
        })?;
        let fingerprint = rubric.fingerprint().to_string();
        let mut entries = Vec::new();
        if let Some(text) = text
            && !state.rubrics.contains_key(&fingerprint)
        {
            let registered = facts::rubric_registered(rubric, &fingerprint, text);
            entries.push(NewEntry::new(*now, actor, &registered));
        }
        let logged = facts::Logged {
            encounter: &request.id,
            channel,
            time: &time,
            location: &request.location,
            agent: &request.agent,
            auditor: &auditor,
            case: request.case.clone(),
            profile: &profile,
            scenario: request.scenario.clone(),
        };
        entries.push(NewEntry::new(
            *now,
            actor,
            &facts::encounter_logged(logged, rubric, &fingerprint),
        ));
        Ok(entries)
    })?;
    Ok(*appended.last().expect("an encounter was appended"))
}

/// The ledger replayed, for showing the encounter `id` in it; an error
/// names the workspace when there is no such encounter.
pub fn show(workspace: &Workspace, id: &str) -> Result<LedgerState> {
    let state = LedgerState::replay(&workspace.ledger())?;
    if !state.encounters.contains_key(id) {
        return Err(unknown(&state, id));
    }
    Ok(state)
}

/// The encounter `id` in a replayed ledger; the error says how to log it.
pub fn known<'s>(state: &'s LedgerState, id: &str) -> Result<&'s EncounterState> {
    state.encounters.get(id).ok_or_else(|| unknown(state, id))
}

/// No encounter `id`: said with the closest ids the ledger has.
fn unknown(state: &LedgerState, id: &str) -> Error {
    let ids: Vec<&str> = state.encounters.keys().map(String::as_str).collect();
    let close: Vec<String> =
        crate::names::closest(id, &ids).iter().map(|id| format!("`{id}`")).collect();
    Error::text(tarkka_i18n::msg!(
        "encounter-unknown",
        id = id,
        count = close.len(),
        close = close.join(", ")
    ))
}

/// The review workflow's facts about encounter `id` (draws, replacements,
/// disputes, acknowledgements), in ledger order.
pub fn trail(workspace: &Workspace, id: &str) -> Result<Vec<crate::workflow::TrailEntry>> {
    let replay = crate::workflow::Replay::facts();
    let workflow = crate::workflow::Workflow::replay(&workspace.ledger(), &replay)?;
    Ok(crate::workflow::trail(&workflow, id))
}

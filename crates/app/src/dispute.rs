//! Disputes and acknowledgements (issue 18): `tarkka dispute open|decide`,
//! `tarkka disputes` and `tarkka acknowledge`.
//!
//! A dispute is opened on the evaluation the report counts (the latest
//! human scoresheet of the encounter, or the one `--auditor` names), on
//! criteria that lost credit, within the workspace's deadline; someone
//! other than the auditor, the opener and the agent decides it, and the
//! criteria accepted become amendments appended with the decision, in the
//! same batch, so the score changes exactly when the decision says so.

use tarkka_i18n::msg;
use tarkka_ledger::payload::{
    DisputeDecided, DisputeOpened, DisputedCriterion, EvaluationAcknowledged, ScoreAmended, Source,
};
use tarkka_ledger::{LedgerState, NewEntry, Workspace};
use tarkka_rubric::Fraction;
use tarkka_scoring::{Answer, AnswerValue, ScoreResult};

use crate::Writer;
use crate::chain::{self, Chain};
use crate::config::DisputeRules;
use crate::error::{Context as _, Error, Result};
use crate::rubrics;
use crate::workflow::{Dispute, Replay, Workflow};

/// The evaluation of an encounter a dispute or an acknowledgement is
/// about: the latest human scoresheet's chain, or `auditor`'s.
fn evaluation<'s>(
    state: &'s LedgerState,
    encounter: &str,
    auditor: Option<&str>,
) -> Result<(&'s tarkka_ledger::EncounterState, Chain<'s>)> {
    let found = state
        .encounters
        .get(encounter)
        .with_context(|| msg!("encounter-unknown", id = encounter, count = 0, close = ""))?;
    let humans: Vec<Chain<'_>> = chain::chains(found)
        .into_iter()
        .filter(|c| c.sheet.payload.source == Source::Human)
        .collect();
    let auditors: Vec<String> = humans.iter().map(|c| c.sheet.payload.auditor.clone()).collect();
    let chosen = match auditor {
        Some(auditor) => humans.into_iter().rev().find(|c| c.sheet.payload.auditor == auditor),
        None => humans.into_iter().last(),
    };
    let chain = chosen.with_context(|| match auditor {
        Some(auditor) => msg!(
            "amend-auditor-none",
            auditor = auditor,
            encounter = encounter,
            auditors = auditors.join(", ")
        ),
        None => msg!("dispute-no-evaluation", encounter = encounter),
    })?;
    Ok((found, chain))
}

fn rules(workspace: &Workspace) -> Result<DisputeRules> {
    Ok(crate::config::read_config(workspace.root())?.disputes.unwrap_or_default())
}

fn zone(workspace: &Workspace) -> Result<jiff::tz::TimeZone> {
    Ok(crate::config::zone_of(workspace.root())?.0)
}

/// A reason's words, lower case, without punctuation: two reasons that
/// differ only in case, spacing or punctuation are the same reason.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a dispute opened at `opened` is overdue `as_of`: open past the
/// day `days` after the day it was opened, in `zone`. `tarkka disputes`
/// and the report decide it alike.
pub fn overdue(
    opened: jiff::Timestamp,
    days: u32,
    as_of: jiff::Timestamp,
    zone: &jiff::tz::TimeZone,
) -> bool {
    let due =
        opened.to_zoned(zone.clone()).date().checked_add(jiff::Span::new().days(i64::from(days)));
    due.is_ok_and(|due| as_of.to_zoned(zone.clone()).date() > due)
}

/// A day `days` after `time`, in `zone`.
fn days_after(time: &str, days: u32, zone: &jiff::tz::TimeZone) -> Result<jiff::Zoned> {
    let at: jiff::Timestamp = time.parse().map_err(|e: jiff::Error| Error::input(e.to_string()))?;
    at.to_zoned(zone.clone())
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .map_err(|e| Error::input(e.to_string()))
}

/// `tarkka dispute open`.
#[derive(Clone, Debug)]
pub struct Open {
    /// The encounter.
    pub encounter: String,
    /// The criteria disputed, each with the answer proposed as typed.
    pub criteria: Vec<(String, String)>,
    /// Why.
    pub reason: String,
    /// Whose scoresheet, when not the latest.
    pub auditor: Option<String>,
}

/// A dispute opened.
#[derive(Clone, Debug)]
pub struct Opened {
    /// Its entry.
    pub seq: u64,
    /// Its id.
    pub dispute: String,
    /// The scoresheet's auditor.
    pub auditor: String,
    /// The encounter's agent.
    pub agent: String,
    /// The overall score now.
    pub overall_now: Option<Fraction>,
    /// The overall score if every proposal is accepted.
    pub overall_proposed: Option<Fraction>,
    /// The last day a decision is due.
    pub decide_by: jiff::civil::Date,
}

/// Opens a dispute.
pub fn open(writer: &Writer, request: &Open) -> Result<Opened> {
    if request.reason.trim().is_empty() {
        crate::refuse!("dispute-no-reason");
    }
    if request.criteria.is_empty() {
        crate::refuse!("dispute-no-criteria");
    }
    let rules = rules(&writer.workspace)?;
    let zone = zone(&writer.workspace)?;
    let mut opened = None;
    let appended = writer.append_with(|_, locked| {
        let state = LedgerState::replay_encounters(locked, &[request.encounter.as_str()])?;
        let (encounter, chain) =
            evaluation(&state, &request.encounter, request.auditor.as_deref())?;
        let workflow = Workflow::replay(locked, &Replay::facts())?;
        let sheet = chain.sheet;
        let today = writer.now.to_zoned(zone.clone()).date();
        let on_sheet: Vec<&Dispute> =
            workflow.disputes.iter().filter(|d| d.opened.sheet == sheet.seq).collect();
        if let Some(open) = on_sheet.iter().find(|d| d.decided.is_none()) {
            crate::refuse!("dispute-open-already", dispute = open.opened.dispute.as_str());
        }
        // Each opener has the workspace's number of disputes per
        // scoresheet: a team lead's cannot use up the agent's.
        let own = on_sheet.iter().filter(|d| d.actor == writer.actor).count();
        if own >= rules.per_scoresheet as usize {
            crate::refuse!(
                "dispute-limit",
                encounter = &request.encounter,
                count = own,
                limit = rules.per_scoresheet
            );
        }
        let same = |a: &str, b: &str| words_of(a) == words_of(b);
        if let Some(same) = on_sheet.iter().find(|d| {
            d.decided.as_ref().is_some_and(|(_, _, _, decided)| !decided.rejected.is_empty())
                && same(&d.opened.reason, &request.reason)
        }) {
            crate::refuse!("dispute-same-reason", dispute = same.opened.dispute.as_str());
        }
        let rubric = rubrics::of_encounter(&state, encounter)?;
        let result: ScoreResult = serde_json::from_str(chain.result().get())
            .with_context(|| msg!("entry-answers-unreadable", seq = chain.last_seq()))?;
        let mut answers = chain.answers()?;
        let mut criteria = Vec::new();
        for (id, typed) in &request.criteria {
            let criterion = rubric
                .criterion(id)
                .with_context(|| crate::names::criterion_unknown(&rubric, id))?;
            let scored = result.criteria.iter().find(|c| &c.id == id);
            match scored.map(|c| (c.bonus, c.credit)) {
                Some((false, Some(credit))) if credit < Fraction::ONE => {}
                Some((false, Some(_))) => crate::refuse!(
                    "dispute-full-credit",
                    criterion = id,
                    encounter = &request.encounter
                ),
                _ => crate::refuse!(
                    "dispute-not-counted",
                    criterion = id,
                    encounter = &request.encounter
                ),
            }
            // The deadline runs from the entry that gave the criterion its
            // present answer: the scoresheet or a later amendment of it.
            let set_at = chain
                .amendments
                .iter()
                .rev()
                .find(|a| a.payload.criterion == *id)
                .map_or(&sheet.time, |a| &a.time);
            let set_on = days_after(set_at, 0, &zone)?.date();
            let deadline = set_on
                .checked_add(jiff::Span::new().days(i64::from(rules.deadline_days)))
                .map_err(|e| Error::input(e.to_string()))?;
            if today > deadline {
                crate::refuse!(
                    "dispute-late",
                    encounter = &request.encounter,
                    criterion = id,
                    scored = tarkka_i18n::date(set_on.to_string()),
                    days = rules.deadline_days,
                    deadline = tarkka_i18n::date(deadline.to_string())
                );
            }
            let value = AnswerValue::parse(criterion, typed).map_err(|message| {
                Error::text(msg!("import-answer-bad", criterion = id, message = message))
            })?;
            let recorded = answers.get(id).cloned();
            if recorded.as_ref().is_some_and(|r| r.value == value) {
                crate::refuse!(
                    "dispute-same-answer",
                    criterion = id,
                    answer = crate::score::answer_words(&value)
                );
            }
            let comment = recorded.as_ref().and_then(|r| r.comment.clone());
            let proposed = Answer { value, comment };
            criteria.push(DisputedCriterion {
                criterion: id.clone(),
                recorded: serde_json::value::to_raw_value(&recorded).expect("answers serialise"),
                proposed: serde_json::value::to_raw_value(&proposed).expect("answers serialise"),
            });
            answers.insert(id.clone(), proposed);
        }
        let profile = rubrics::profile_of(&encounter.logged.payload)?;
        let proposed = tarkka_scoring::score(&rubric, &profile, &answers)
            .map_err(|error| Error::text(msg!("amend-cannot-score", why = error.text())))?;
        // A dispute asks for credit: a proposal that would not raise the
        // criterion's is no dispute of the agent's.
        let credit = |result: &ScoreResult, id: &str| {
            result.criteria.iter().find(|c| c.id == id).and_then(|c| c.credit)
        };
        for (id, _) in &request.criteria {
            if credit(&proposed, id) <= credit(&result, id) {
                crate::refuse!("dispute-not-higher", criterion = id.as_str());
            }
        }
        let number =
            workflow.disputes.iter().filter(|d| d.opened.encounter == request.encounter).count()
                + 1;
        let dispute = format!("{}/{number}", request.encounter);
        let payload = DisputeOpened {
            dispute: dispute.clone(),
            encounter: request.encounter.clone(),
            sheet: sheet.seq,
            result_at: chain.last_seq(),
            auditor: sheet.payload.auditor.clone(),
            agent: encounter.logged.payload.agent.clone(),
            criteria,
            reason: request.reason.clone(),
        };
        opened = Some(Opened {
            seq: 0,
            dispute,
            auditor: payload.auditor.clone(),
            agent: payload.agent.clone(),
            overall_now: result.overall,
            overall_proposed: proposed.overall,
            decide_by: writer
                .now
                .to_zoned(zone.clone())
                .checked_add(jiff::Span::new().days(i64::from(rules.decide_within_days)))
                .map_err(|e| Error::input(e.to_string()))?
                .date(),
        });
        Ok::<_, Error>(vec![NewEntry::new(writer.now, &writer.actor, &payload)])
    })?;
    let mut opened = opened.expect("the dispute was built");
    opened.seq = appended[0].seq;
    Ok(opened)
}

/// `tarkka dispute decide`.
#[derive(Clone, Debug)]
pub struct Decide {
    /// The dispute's id.
    pub dispute: String,
    /// The criteria accepted (`all` for every one).
    pub accept: Vec<String>,
    /// The criteria rejected (`all` for every one).
    pub reject: Vec<String>,
    /// Why.
    pub reason: String,
}

/// A dispute decided.
#[derive(Clone, Debug)]
pub struct Decided {
    /// The decision's entry.
    pub seq: u64,
    /// `accepted`, `partly-accepted` or `rejected`.
    pub outcome: String,
    /// The criteria accepted, with the amendment entry of each.
    pub amendments: Vec<(String, u64)>,
    /// The criteria rejected.
    pub rejected: Vec<String>,
    /// The overall score before and after.
    pub overall_before: Option<Fraction>,
    /// See `overall_before`.
    pub overall_after: Option<Fraction>,
}

/// Decides a dispute; accepted criteria become amendments in the same
/// append.
pub fn decide(writer: &Writer, request: &Decide) -> Result<Decided> {
    if request.reason.trim().is_empty() {
        crate::refuse!("dispute-decide-no-reason");
    }
    let mut decided = None;
    let appended = writer.append_with(|first, locked| {
        let workflow = Workflow::replay(locked, &Replay::facts())?;
        let dispute =
            workflow.disputes.iter().find(|d| d.opened.dispute == request.dispute).with_context(
                || {
                    let open: Vec<&str> = workflow
                        .disputes
                        .iter()
                        .filter(|d| d.decided.is_none())
                        .map(|d| d.opened.dispute.as_str())
                        .collect();
                    msg!(
                        "dispute-unknown",
                        dispute = &request.dispute,
                        open = if open.is_empty() { "–".into() } else { open.join(", ") }
                    )
                },
            )?;
        if let Some((seq, _, actor, decision)) = &dispute.decided {
            crate::refuse!(
                "dispute-decided-already",
                dispute = &request.dispute,
                seq = *seq,
                actor = actor.as_str(),
                outcome = decision.outcome.as_str()
            );
        }
        let opened = &dispute.opened;
        for (who, role) in
            [(&opened.auditor, "auditor"), (&dispute.actor, "opener"), (&opened.agent, "agent")]
        {
            if *who == writer.actor {
                crate::refuse!("dispute-decider-involved", actor = &writer.actor, role = role);
            }
        }
        let disputed: Vec<&str> = opened.criteria.iter().map(|c| c.criterion.as_str()).collect();
        let expand = |list: &[String]| -> Result<Vec<String>> {
            let mut out = Vec::new();
            for item in list {
                if item == "all" {
                    out.extend(disputed.iter().map(|c| c.to_string()));
                } else if disputed.contains(&item.as_str()) {
                    out.push(item.clone());
                } else {
                    crate::refuse!(
                        "dispute-criterion-not-disputed",
                        criterion = item.as_str(),
                        dispute = &request.dispute,
                        disputed = disputed.join(", ")
                    );
                }
            }
            Ok(out)
        };
        let accept = expand(&request.accept)?;
        let reject = expand(&request.reject)?;
        if let Some(both) = accept.iter().find(|c| reject.contains(c)) {
            crate::refuse!("dispute-criterion-both", criterion = both.as_str());
        }
        let undecided: Vec<&str> = disputed
            .iter()
            .copied()
            .filter(|c| !accept.iter().any(|a| a == c) && !reject.iter().any(|r| r == c))
            .collect();
        if !undecided.is_empty() {
            crate::refuse!("dispute-criteria-undecided", criteria = undecided.join(", "));
        }
        let outcome = match (accept.is_empty(), reject.is_empty()) {
            (false, true) => "accepted",
            (true, _) => "rejected",
            (false, false) => "partly-accepted",
        };
        let state = LedgerState::replay_encounters(locked, &[opened.encounter.as_str()])?;
        // The scoresheet disputed, whether or not its auditor has scored
        // the encounter again since.
        let encounter = state.encounters.get(&opened.encounter).with_context(|| {
            msg!("encounter-unknown", id = &opened.encounter, count = 0, close = "")
        })?;
        let chain = chain::chains(encounter)
            .into_iter()
            .find(|c| c.sheet.seq == opened.sheet)
            .with_context(|| {
                msg!("dispute-sheet-gone", dispute = &request.dispute, sheet = opened.sheet)
            })?;
        let rubric = rubrics::of_encounter(&state, encounter)?;
        let profile = rubrics::profile_of(&encounter.logged.payload)?;
        let mut answers = chain.answers()?;
        let overall_before = chain::overall_of(chain.result());
        let mut entries = vec![NewEntry::new(
            writer.now,
            &writer.actor,
            &DisputeDecided {
                dispute: request.dispute.clone(),
                encounter: opened.encounter.clone(),
                outcome: outcome.into(),
                accepted: accept.clone(),
                rejected: reject.clone(),
                reason: request.reason.clone(),
            },
        )];
        let mut amends = chain.last_seq();
        let mut amendments = Vec::new();
        let mut overall_after = overall_before;
        for criterion in disputed.iter().filter(|c| accept.iter().any(|a| a == *c)) {
            let proposed = &opened
                .criteria
                .iter()
                .find(|c| c.criterion == *criterion)
                .expect("disputed")
                .proposed;
            let after: Answer = serde_json::from_str(proposed.get())
                .with_context(|| msg!("entry-answer-unreadable", seq = dispute.seq))?;
            let before = answers.get(*criterion).cloned();
            if before.as_ref() == Some(&after) {
                continue;
            }
            // Amended since the dispute was opened to something else: the
            // proposal would overwrite an answer nobody disputed.
            let recorded = &opened
                .criteria
                .iter()
                .find(|c| c.criterion == *criterion)
                .expect("disputed")
                .recorded;
            let recorded: Option<Answer> = serde_json::from_str(recorded.get())
                .with_context(|| msg!("entry-answer-unreadable", seq = dispute.seq))?;
            if before != recorded {
                let changed = chain
                    .amendments
                    .iter()
                    .rev()
                    .find(|a| a.payload.criterion == *criterion)
                    .map_or(chain.sheet.seq, |a| a.seq);
                crate::refuse!(
                    "dispute-changed-since",
                    criterion = *criterion,
                    dispute = &request.dispute,
                    seq = changed
                );
            }
            answers.insert(criterion.to_string(), after.clone());
            let result = tarkka_scoring::score(&rubric, &profile, &answers)
                .map_err(|error| Error::text(msg!("amend-cannot-score", why = error.text())))?;
            overall_after = result.overall;
            let seq = first + entries.len() as u64;
            entries.push(NewEntry::new(
                writer.now,
                &writer.actor,
                &ScoreAmended {
                    encounter: opened.encounter.clone(),
                    amends,
                    criterion: criterion.to_string(),
                    before: serde_json::value::to_raw_value(&before).expect("answers serialise"),
                    after: serde_json::value::to_raw_value(&after).expect("answers serialise"),
                    reason: format!("{}: {}", request.dispute, request.reason),
                    result: serde_json::value::to_raw_value(&result).expect("results serialise"),
                    dispute: Some(request.dispute.clone()),
                },
            ));
            amendments.push((criterion.to_string(), seq));
            amends = seq;
        }
        decided = Some(Decided {
            seq: first,
            outcome: outcome.into(),
            amendments,
            rejected: reject,
            overall_before,
            overall_after,
        });
        Ok::<_, Error>(entries)
    })?;
    let decided = decided.expect("the decision was built");
    debug_assert_eq!(appended[0].seq, decided.seq);
    Ok(decided)
}

/// `tarkka acknowledge`.
#[derive(Clone, Debug)]
pub struct Acknowledge {
    /// The encounter.
    pub encounter: String,
    /// What the agent says, if anything.
    pub comment: Option<String>,
    /// Whose scoresheet, when not the latest.
    pub auditor: Option<String>,
}

/// An acknowledgement recorded: its entry and the result it saw.
#[derive(Clone, Debug)]
pub struct Acknowledged {
    /// Its entry.
    pub seq: u64,
    /// The entry whose result was seen.
    pub result_at: u64,
    /// The overall score seen.
    pub overall: Option<Fraction>,
}

/// Records that the encounter's agent has seen its evaluation.
pub fn acknowledge(writer: &Writer, request: &Acknowledge) -> Result<Acknowledged> {
    let mut acknowledged = None;
    let appended = writer.append_with(|_, locked| {
        let state = LedgerState::replay_encounters(locked, &[request.encounter.as_str()])?;
        let (encounter, chain) =
            evaluation(&state, &request.encounter, request.auditor.as_deref())?;
        let agent = &encounter.logged.payload.agent;
        if *agent != writer.actor {
            crate::refuse!(
                "acknowledge-not-agent",
                encounter = &request.encounter,
                agent = agent.as_str(),
                actor = &writer.actor
            );
        }
        let workflow = Workflow::replay(locked, &Replay::facts())?;
        if let Some(done) = workflow.acknowledgements.iter().find(|a| {
            a.payload.encounter == request.encounter && a.payload.result_at == chain.last_seq()
        }) {
            crate::refuse!("acknowledge-already", encounter = &request.encounter, seq = done.seq);
        }
        acknowledged = Some(Acknowledged {
            seq: 0,
            result_at: chain.last_seq(),
            overall: chain::overall_of(chain.result()),
        });
        Ok::<_, Error>(vec![NewEntry::new(
            writer.now,
            &writer.actor,
            &EvaluationAcknowledged {
                encounter: request.encounter.clone(),
                result_at: chain.last_seq(),
                agent: agent.clone(),
                comment: request.comment.clone().filter(|c| !c.trim().is_empty()),
            },
        )])
    })?;
    let mut acknowledged = acknowledged.expect("the acknowledgement was built");
    acknowledged.seq = appended[0].seq;
    Ok(acknowledged)
}

/// Which disputes `tarkka disputes` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// Every one.
    All,
    /// Not decided yet (overdue ones too).
    Open,
    /// Open past the time a decision may take.
    Overdue,
    /// Decided.
    Decided,
}

/// `tarkka disputes`.
#[derive(Clone, Debug)]
pub struct List {
    /// Which.
    pub show: Show,
    /// Only this auditor's scoresheets.
    pub auditor: Option<String>,
    /// Only this agent's.
    pub agent: Option<String>,
    /// Only disputes naming this criterion.
    pub criterion: Option<String>,
    /// Now.
    pub now: jiff::Timestamp,
}

/// One dispute as listed.
#[derive(Clone, Debug)]
pub struct Listed {
    /// Its id.
    pub dispute: String,
    /// Its encounter.
    pub encounter: String,
    /// The opening entry.
    pub seq: u64,
    /// Opened on (the workspace's zone).
    pub opened: jiff::civil::Date,
    /// Who opened it.
    pub opener: String,
    /// The agent.
    pub agent: String,
    /// The scoresheet's auditor.
    pub auditor: String,
    /// The criteria disputed.
    pub criteria: Vec<String>,
    /// Why.
    pub reason: String,
    /// `open`, `overdue`, `accepted`, `partly-accepted` or `rejected`.
    pub state: String,
    /// Decided by, on, and after how many days.
    pub decided: Option<(String, jiff::civil::Date, i64)>,
    /// Days open so far, for an open one.
    pub age_days: i64,
    /// Decision due by.
    pub due: jiff::civil::Date,
}

/// The disputes, oldest first.
pub fn list(workspace: &Workspace, request: &List) -> Result<Vec<Listed>> {
    let zone = zone(workspace)?;
    let rules = rules(workspace)?;
    let workflow = Workflow::replay(&workspace.ledger(), &Replay::facts())?;
    let date = |time: &str| -> Result<jiff::civil::Date> { Ok(days_after(time, 0, &zone)?.date()) };
    let today = request.now.to_zoned(zone.clone()).date();
    let mut listed = Vec::new();
    for dispute in &workflow.disputes {
        let opened = &dispute.opened;
        let on = date(&dispute.time)?;
        let due = days_after(&dispute.time, rules.decide_within_days, &zone)?.date();
        let decided = match &dispute.decided {
            Some((_, time, actor, _)) => {
                let day = date(time)?;
                Some((actor.clone(), day, (day - on).get_days().into()))
            }
            None => None,
        };
        let opened_at: jiff::Timestamp =
            dispute.time.parse().map_err(|e: jiff::Error| Error::input(e.to_string()))?;
        let state = match &dispute.decided {
            Some((_, _, _, decision)) => decision.outcome.clone(),
            None if overdue(opened_at, rules.decide_within_days, request.now, &zone) => {
                "overdue".into()
            }
            None => "open".into(),
        };
        let wanted = match request.show {
            Show::All => true,
            Show::Open => dispute.decided.is_none(),
            Show::Overdue => state == "overdue",
            Show::Decided => dispute.decided.is_some(),
        };
        let criteria: Vec<String> = opened.criteria.iter().map(|c| c.criterion.clone()).collect();
        if !wanted
            || request.auditor.as_ref().is_some_and(|a| *a != opened.auditor)
            || request.agent.as_ref().is_some_and(|a| *a != opened.agent)
            || request.criterion.as_ref().is_some_and(|c| !criteria.contains(c))
        {
            continue;
        }
        listed.push(Listed {
            dispute: opened.dispute.clone(),
            encounter: opened.encounter.clone(),
            seq: dispute.seq,
            opened: on,
            opener: dispute.actor.clone(),
            agent: opened.agent.clone(),
            auditor: opened.auditor.clone(),
            criteria,
            reason: opened.reason.clone(),
            state,
            decided,
            age_days: (today - on).get_days().into(),
            due,
        });
    }
    Ok(listed)
}

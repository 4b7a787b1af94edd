//! `tarkka assign` and `tarkka queue` (issue 18): a plan committed before
//! its period, the period's draw and assignments, their re-computation from
//! the ledger, replacements with a reason, takings from the team's queue,
//! and each auditor's queue. The draw itself is [`crate::workflow::draw`].

use std::path::Path;

use tarkka_i18n::msg;
use tarkka_ledger::payload::{
    Assignment, AssignmentReplaced, AssignmentTaken, SampleCommitted, SampleDrawn,
};
use tarkka_ledger::{Digest, NewEntry, Workspace};

use crate::Writer;
use crate::error::{Context as _, Error, Result};
use crate::workflow::{Discrepancy, Period, Replay, Workflow};

/// `tarkka assign --commit`: a plan file and the period it is for.
#[derive(Clone, Debug)]
pub struct Commit {
    /// The plan file.
    pub plan: std::path::PathBuf,
    /// The period, as typed (`2026-W50`, `2026-12`, `2026-12-07`,
    /// `2026-12-07..2026-12-13`).
    pub period: String,
}

/// A recorded commitment.
#[derive(Clone, Debug)]
pub struct Committed {
    /// Its entry.
    pub seq: u64,
    /// The plan's id.
    pub plan: String,
    /// The plan's fingerprint.
    pub fingerprint: String,
    /// The period.
    pub period: Period,
    /// The seed its draw will use.
    pub seed: Digest,
}

fn period_of(text: &str) -> Result<Period> {
    Period::parse(text).ok_or_else(|| Error::text(msg!("assign-period-bad", period = text)))
}

fn zone(workspace: &Workspace) -> Result<jiff::tz::TimeZone> {
    Ok(crate::config::zone_of(workspace.root())?.0)
}

/// Commits a plan for a period that has not begun; its entry's hash seeds
/// the period's draw.
pub fn commit(writer: &Writer, request: &Commit) -> Result<Committed> {
    let (plan, text) = crate::plan::read(&request.plan)?;
    let period = period_of(&request.period)?;
    let zone = zone(&writer.workspace)?;
    let today = writer.now.to_zoned(zone.clone()).date();
    if today >= period.from {
        crate::refuse!(
            "assign-commit-late",
            from = tarkka_i18n::date(period.from.to_string()),
            today = tarkka_i18n::date(today.to_string())
        );
    }
    let fingerprint = crate::plan::fingerprint(&text);
    let appended = writer.append_with(|_, locked| {
        let workflow = Workflow::replay(locked, &Replay::pool())?;
        for commitment in workflow.commitments.values() {
            let other = Period::of(&commitment.payload).map_err(|e| Error::input(e.to_string()))?;
            // Two commitments over one period and pool would let whoever
            // draws choose between their seeds.
            if other.overlaps(&period) && !disjoint(&plan, &commitment.payload)? {
                crate::refuse!(
                    "assign-commit-twice",
                    plan = commitment.payload.plan.as_str(),
                    seq = commitment.seq,
                    from = tarkka_i18n::date(commitment.payload.from.as_str()),
                    to = tarkka_i18n::date(commitment.payload.to.as_str())
                );
            }
        }
        if let Some(early) = workflow.encounters.iter().find(|e| period.holds(e.date)) {
            crate::refuse!(
                "assign-commit-pool-known",
                encounter = &*early.id,
                seq = early.seq,
                from = tarkka_i18n::date(period.from.to_string())
            );
        }
        Ok::<_, Error>(vec![NewEntry::new(
            writer.now,
            &writer.actor,
            &SampleCommitted {
                plan: plan.id.clone(),
                version: plan.version.clone(),
                fingerprint: fingerprint.clone(),
                text: text.clone(),
                from: period.from.to_string(),
                to: period.to.to_string(),
            },
        )])
    })?;
    let entry = &appended[0];
    Ok(Committed {
        seq: entry.seq,
        plan: plan.id,
        seed: crate::workflow::seed(&fingerprint, &entry.hash),
        fingerprint,
        period,
    })
}

/// Whether two plans' pools can share no encounter: both name rubrics,
/// channels or locations, and none in common.
fn disjoint(plan: &crate::plan::Plan, other: &SampleCommitted) -> Result<bool> {
    let other = crate::plan::parse(Path::new(&other.plan), &other.text)?;
    let apart = |a: &[String], b: &[String]| {
        !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x))
    };
    Ok(apart(&plan.rubrics, &other.rubrics)
        || apart(&plan.channels, &other.channels)
        || apart(&plan.locations, &other.locations))
}

/// `tarkka assign`: the plan (its id, or its file) and the period.
#[derive(Clone, Debug)]
pub struct Draw {
    /// The plan's id or its file.
    pub plan: String,
    /// The period, as typed.
    pub period: String,
}

/// A recorded draw.
#[derive(Clone, Debug)]
pub struct Drew {
    /// Its entry.
    pub seq: u64,
    /// The commitment it drew under.
    pub commitment: u64,
    /// The plan's id.
    pub plan: String,
    /// The period.
    pub period: Period,
    /// The seed.
    pub seed: Digest,
    /// How many encounters the pool held.
    pub pool: u64,
    /// How many strata.
    pub strata: u64,
    /// Strata that gave fewer than the quota: (stratum, how many).
    pub short: Vec<(String, u64)>,
    /// The quota per stratum.
    pub quota: u32,
    /// The assignments, in the order drawn.
    pub assignments: Vec<Assignment>,
    /// The plan file named differs from the committed text, which the
    /// draw used.
    pub file_differs: bool,
}

/// Draws the period's sample under its commitment, once the period is
/// over.
pub fn draw(writer: &Writer, request: &Draw) -> Result<Drew> {
    let period = period_of(&request.period)?;
    let (plan_id, file_text) = if Path::new(&request.plan).is_file() {
        let (plan, text) = crate::plan::read(Path::new(&request.plan))?;
        (plan.id, Some(text))
    } else {
        (request.plan.clone(), None)
    };
    let zone = zone(&writer.workspace)?;
    let today = writer.now.to_zoned(zone.clone()).date();
    if today <= period.to {
        crate::refuse!(
            "assign-draw-early",
            to = tarkka_i18n::date(period.to.to_string()),
            today = tarkka_i18n::date(today.to_string())
        );
    }
    let mut drew = None;
    let appended = writer.append_with(|_, locked| {
        let workflow = Workflow::replay(locked, &Replay::pool())?;
        let commitment = workflow
            .commitments
            .values()
            .find(|c| {
                c.payload.plan == plan_id
                    && Period::of(&c.payload).is_ok_and(|committed| committed == period)
            })
            .cloned()
            .ok_or_else(|| {
                let committed: Vec<String> = workflow
                    .commitments
                    .values()
                    .map(|c| format!("{} {}..{}", c.payload.plan, c.payload.from, c.payload.to))
                    .collect();
                Error::text(msg!(
                    "assign-no-commitment",
                    plan = plan_id.as_str(),
                    from = tarkka_i18n::date(period.from.to_string()),
                    to = tarkka_i18n::date(period.to.to_string()),
                    committed =
                        if committed.is_empty() { "–".into() } else { committed.join(", ") }
                ))
            })?;
        if let Some(done) = workflow.draws.values().find(|d| d.payload.commitment == commitment.seq)
        {
            crate::refuse!("assign-drawn-already", plan = plan_id.as_str(), seq = done.seq);
        }
        let plan =
            crate::plan::parse(Path::new(&commitment.payload.plan), &commitment.payload.text)?;
        let drawn = crate::workflow::draw(&workflow, &plan, &commitment, period, today);
        if drawn.assignments.is_empty() {
            crate::refuse!(
                "assign-pool-empty",
                plan = plan_id.as_str(),
                from = tarkka_i18n::date(period.from.to_string()),
                to = tarkka_i18n::date(period.to.to_string())
            );
        }
        let payload = SampleDrawn {
            commitment: commitment.seq,
            plan: plan.id.clone(),
            seed: drawn.seed,
            pool: drawn.pool,
            pool_sha256: drawn.pool_sha256,
            strata: drawn.strata,
            day: today.to_string(),
            assignments: drawn.assignments.clone(),
        };
        drew = Some(Drew {
            seq: 0,
            commitment: commitment.seq,
            plan: plan.id.clone(),
            period,
            seed: drawn.seed,
            pool: drawn.pool,
            strata: drawn.strata,
            short: drawn.short,
            quota: plan.quota,
            assignments: drawn.assignments,
            file_differs: file_text.is_some_and(|text| text != commitment.payload.text),
        });
        Ok::<_, Error>(vec![NewEntry::new(writer.now, &writer.actor, &payload)])
    })?;
    let mut drew = drew.expect("the draw was made");
    drew.seq = appended[0].seq;
    Ok(drew)
}

/// What `tarkka assign --verify` found.
#[derive(Clone, Debug)]
pub struct Verified {
    /// How many draws and replacements were recomputed.
    pub recomputed: u64,
    /// How many draws the ledger holds.
    pub draws: u64,
    /// How many replacements.
    pub replacements: u64,
    /// What differs, and the rules broken.
    pub discrepancies: Vec<Discrepancy>,
    /// What is allowed but could have steered a draw: the period's
    /// encounters scored between commitment and draw, or logged after it.
    pub notes: Vec<Discrepancy>,
    /// How many entries the ledger has.
    pub entries: u64,
}

/// Recomputes every draw and replacement from the ledger before it, and
/// checks the rules the writers keep: a commitment before its period's
/// encounters and alone over its period and pool, one draw per commitment,
/// after its period; replacements of unscored encounters, takings of open
/// assignments by someone other than the agent, decisions by someone not
/// involved, amendments only for criteria a decision accepted. `today` (in
/// the workspace's zone) says which commitments are overdue for their draw.
pub fn verify(workspace: &Workspace, today: jiff::civil::Date) -> Result<Verified> {
    let workflow = Workflow::replay(&workspace.ledger(), &Replay::recomputing())?;
    let mut discrepancies = workflow.discrepancies.clone();
    let mut notes = Vec::new();
    let commitments: Vec<&crate::workflow::Commitment> = workflow.commitments.values().collect();
    for (n, commitment) in commitments.iter().enumerate() {
        let Ok(period) = Period::of(&commitment.payload) else { continue };
        if let Some(early) =
            workflow.encounters.iter().find(|e| e.seq < commitment.seq && period.holds(e.date))
        {
            discrepancies.push(Discrepancy {
                seq: commitment.seq,
                message: msg!(
                    "assign-verify-late-commitment",
                    seq = commitment.seq,
                    encounter = &*early.id,
                    logged = early.seq
                ),
            });
        }
        let plan =
            crate::plan::parse(Path::new(&commitment.payload.plan), &commitment.payload.text)?;
        for earlier in &commitments[..n] {
            let Ok(other) = Period::of(&earlier.payload) else { continue };
            if other.overlaps(&period) && !disjoint(&plan, &earlier.payload)? {
                discrepancies.push(Discrepancy {
                    seq: commitment.seq,
                    message: msg!(
                        "assign-verify-overlap",
                        seq = commitment.seq,
                        other = earlier.seq
                    ),
                });
            }
        }
        let draw = workflow.draws.values().find(|d| d.payload.commitment == commitment.seq);
        match draw {
            None if today > period.to => discrepancies.push(Discrepancy {
                seq: commitment.seq,
                message: msg!(
                    "assign-verify-undrawn",
                    seq = commitment.seq,
                    plan = commitment.payload.plan.as_str(),
                    to = tarkka_i18n::date(period.to.to_string())
                ),
            }),
            None => {}
            Some(draw) => {
                // What could have steered the pool: the period's encounters
                // scored between the commitment and the draw left it, and
                // those logged after the draw were never in it.
                let in_period = || workflow.encounters.iter().filter(|e| period.holds(e.date));
                let scored = in_period()
                    .filter(|e| {
                        e.scored.iter().any(|&(_, at)| at > commitment.seq && at < draw.seq)
                    })
                    .count();
                let late = in_period().filter(|e| e.seq > draw.seq).count();
                if scored + late > 0 {
                    notes.push(Discrepancy {
                        seq: draw.seq,
                        message: msg!(
                            "assign-verify-steer",
                            seq = draw.seq,
                            scored = scored,
                            late = late
                        ),
                    });
                }
            }
        }
    }
    discrepancies.sort_by_key(|d| d.seq);
    Ok(Verified {
        recomputed: workflow.recomputed,
        draws: workflow.draws.len() as u64,
        replacements: workflow.draws.values().map(|d| d.replaced.len() as u64).sum(),
        discrepancies,
        notes,
        entries: workflow.entries,
    })
}

/// `tarkka assign --replace`: a drawn encounter to replace, and why.
#[derive(Clone, Debug)]
pub struct Replace {
    /// The encounter.
    pub encounter: String,
    /// Why.
    pub reason: String,
}

/// A replacement made.
#[derive(Clone, Debug)]
pub struct Replaced {
    /// Its entry.
    pub seq: u64,
    /// The draw.
    pub draw: u64,
    /// The encounter put in, if its stratum had one.
    pub replacement: Option<String>,
    /// Who is to score it.
    pub auditors: Vec<String>,
    /// How many of the draw's encounters have now been replaced.
    pub replaced_in_draw: u64,
    /// How many it drew.
    pub drawn: u64,
}

/// Replaces a drawn encounter nobody has scored with the next one its
/// stratum's rank order gives.
pub fn replace(writer: &Writer, request: &Replace) -> Result<Replaced> {
    if request.reason.trim().is_empty() {
        crate::refuse!("assign-replace-no-reason");
    }
    let mut replaced = None;
    let appended = writer.append_with(|_, locked| {
        let workflow = Workflow::replay(locked, &Replay::recomputing())?;
        let (draw, assignment) = current_assignment(&workflow, &request.encounter)?;
        if let Some(found) = workflow.discrepancies.iter().find(|d| d.seq == draw.seq) {
            return Err(Error::text(msg!("assign-replace-unverified", draw = draw.seq))
                .context(found.message.clone()));
        }
        let encounter = workflow.encounter(&request.encounter).with_context(|| {
            msg!("encounter-unknown", id = &request.encounter, count = 0, close = "")
        })?;
        if let Some(&(auditor, seq)) = workflow.encounters[encounter as usize].scored.first() {
            crate::refuse!(
                "assign-replace-scored",
                encounter = &request.encounter,
                auditor = workflow.names.name(auditor),
                seq = seq
            );
        }
        let next = workflow.next_in_stratum(draw.seq, &request.encounter).map_err(Error::text)?;
        replaced = Some(Replaced {
            seq: 0,
            draw: draw.seq,
            replacement: next.clone(),
            auditors: next
                .as_deref()
                .map(|id| workflow.replacement_auditors(&assignment.auditors, id))
                .unwrap_or_default(),
            replaced_in_draw: draw.replaced.len() as u64 + 1,
            drawn: draw.payload.assignments.len() as u64,
        });
        Ok::<_, Error>(vec![NewEntry::new(
            writer.now,
            &writer.actor,
            &AssignmentReplaced {
                draw: draw.seq,
                encounter: request.encounter.clone(),
                replacement: next,
                reason: request.reason.clone(),
            },
        )])
    })?;
    let mut replaced = replaced.expect("the replacement was made");
    replaced.seq = appended[0].seq;
    Ok(replaced)
}

/// The draw holding `encounter` in its current assignments.
fn current_assignment<'w>(
    workflow: &'w Workflow,
    encounter: &str,
) -> Result<(&'w crate::workflow::Draw, &'w Assignment)> {
    workflow
        .draws
        .values()
        .rev()
        .find_map(|draw| draw.current.iter().find(|a| a.encounter == encounter).map(|a| (draw, a)))
        .ok_or_else(|| {
            if workflow.encounters.is_empty() || workflow.encounter(encounter).is_some() {
                let replaced = workflow.draws.values().rev().find_map(|draw| {
                    draw.replaced
                        .iter()
                        .find(|(_, r)| r.encounter == encounter)
                        .map(|(seq, _)| (draw.seq, *seq))
                });
                match replaced {
                    Some((draw, seq)) => Error::text(msg!(
                        "assign-was-replaced",
                        encounter = encounter,
                        draw = draw,
                        seq = seq
                    )),
                    None => Error::text(msg!("assign-not-in-sample", encounter = encounter)),
                }
            } else {
                Error::text(msg!("encounter-unknown", id = encounter, count = 0, close = ""))
            }
        })
}

/// Takes an open assignment from the team's queue.
pub fn take(writer: &Writer, encounter: &str) -> Result<u64> {
    let appended = writer.append_with(|_, locked| {
        let workflow = Workflow::replay(locked, &Replay::pool())?;
        let (draw, assignment) = current_assignment(&workflow, encounter)?;
        let agent = workflow
            .encounter(encounter)
            .map(|i| workflow.names.name(workflow.encounters[i as usize].agent).to_string());
        if agent.as_deref() == Some(writer.actor.as_str()) {
            crate::refuse!("assign-take-own", encounter = encounter, actor = &writer.actor);
        }
        if assignment.auditors.contains(&writer.actor) {
            crate::refuse!("assign-taken-yours", encounter = encounter);
        }
        if let Some(holder) = assignment.auditors.first() {
            crate::refuse!(
                "assign-taken-already",
                encounter = encounter,
                auditor = holder.as_str(),
                count = assignment.auditors.len()
            );
        }
        Ok::<_, Error>(vec![NewEntry::new(
            writer.now,
            &writer.actor,
            &AssignmentTaken {
                draw: draw.seq,
                encounter: encounter.to_string(),
                auditor: writer.actor.clone(),
            },
        )])
    })?;
    Ok(appended[0].seq)
}

/// `tarkka queue`: whose queue, as of which day.
#[derive(Clone, Debug)]
pub struct Queue {
    /// The auditor; `None` for every auditor's.
    pub auditor: Option<String>,
    /// Today, in the workspace's zone.
    pub today: jiff::civil::Date,
}

/// One assignment waiting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// The encounter.
    pub encounter: String,
    /// Who is to score it; empty for the team's queue.
    pub auditor: String,
    /// The draw's entry.
    pub draw: u64,
    /// The plan.
    pub plan: String,
    /// The day it is due.
    pub due: jiff::civil::Date,
    /// Days past due (0 when not overdue).
    pub overdue_days: i64,
    /// When the encounter happened.
    pub time: String,
    /// Its agent.
    pub agent: String,
    /// Its location.
    pub location: String,
    /// Its rubric.
    pub rubric: String,
}

/// What waits: each auditor's assignments without their scoresheet, and
/// the team's open ones, oldest due first.
pub fn queue(workspace: &Workspace, request: &Queue) -> Result<Vec<Waiting>> {
    let workflow = Workflow::replay(&workspace.ledger(), &Replay::pool())?;
    if let Some(auditor) = &request.auditor {
        crate::config::check_actor(auditor)?;
    }
    let mut waiting = Vec::new();
    for draw in workflow.draws.values() {
        for assignment in &draw.current {
            let Some(i) = workflow.encounter(&assignment.encounter) else { continue };
            let e = &workflow.encounters[i as usize];
            let due: jiff::civil::Date = assignment
                .due
                .parse()
                .map_err(|error: jiff::Error| Error::input(error.to_string()))?;
            let overdue_days =
                if request.today > due { (request.today - due).get_days().into() } else { 0 };
            let auditors: Vec<&str> = if assignment.auditors.is_empty() {
                vec![""]
            } else {
                assignment.auditors.iter().map(String::as_str).collect()
            };
            for auditor in auditors {
                // An open assignment is done once anyone has scored it.
                let done = if auditor.is_empty() {
                    !e.scored.is_empty()
                } else {
                    workflow
                        .names
                        .get(auditor)
                        .is_some_and(|a| e.scored.iter().any(|&(by, _)| by == a))
                };
                let mine = match &request.auditor {
                    Some(wanted) => auditor == wanted || auditor.is_empty(),
                    None => true,
                };
                if done || !mine {
                    continue;
                }
                waiting.push(Waiting {
                    encounter: assignment.encounter.clone(),
                    auditor: auditor.to_string(),
                    draw: draw.seq,
                    plan: draw.payload.plan.clone(),
                    due,
                    overdue_days,
                    time: e.time.to_string(),
                    agent: workflow.names.name(e.agent).to_string(),
                    location: workflow.names.name(e.location).to_string(),
                    rubric: workflow.names.name(e.rubric).to_string(),
                });
            }
        }
    }
    waiting.sort_by(|a, b| {
        (a.due, a.draw, &a.time, &a.encounter, &a.auditor).cmp(&(
            b.due,
            b.draw,
            &b.time,
            &b.encounter,
            &b.auditor,
        ))
    });
    Ok(waiting)
}

/// Whether a scoresheet of `encounter` by `auditor` answers an assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The workspace has drawn no sample: nothing to say.
    NoDraws,
    /// Assigned to the auditor (or taken by them) in this draw.
    Assigned(u64),
    /// Not assigned to the auditor: scored outside the sample; the
    /// auditors it is assigned to, if any.
    Outside(Vec<String>),
}

/// Where a scoresheet of `encounter` by `auditor` stands with the draws:
/// what `tarkka score` tells the auditor after recording. A ledger that
/// has never drawn is found so by one quick search of its bytes.
pub fn standing(workspace: &Workspace, encounter: &str, auditor: &str) -> Result<Standing> {
    if !workspace.ledger().has_kind("sample-drawn")? {
        return Ok(Standing::NoDraws);
    }
    // What the auditor is told, not what is recorded: read as `score`
    // read it, through the machine's cache of a team ledger.
    let workflow = Workflow::replay(&workspace.ledger_cached(), &Replay::facts())?;
    let mut holders = Vec::new();
    for draw in workflow.draws.values().rev() {
        if let Some(assignment) = draw.current.iter().find(|a| a.encounter == encounter) {
            if assignment.auditors.iter().any(|a| a == auditor) {
                return Ok(Standing::Assigned(draw.seq));
            }
            holders.extend(assignment.auditors.iter().cloned());
        }
    }
    Ok(Standing::Outside(holders))
}

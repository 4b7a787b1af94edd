//! `tarkka amend`: change one answer of a recorded scoresheet, with the
//! reason; the original stays in the ledger.

use anyhow::{Context as _, bail};
use tarkka_ledger::payload::ScoreAmended;
use tarkka_ledger::{LedgerError, LedgerState, NewEntry};
use tarkka_scoring::{Answer, AnswerValue, Answers};

use crate::Outcome;
use crate::args::AmendArgs;
use crate::context::{Context, Writer};
use crate::encounter_cmd::{encounter_rubric, profile_of};
use crate::output::print;
use crate::scores_cmd::{Chain, chains, overall_of};

/// The answers as they stand after every amendment in the chain.
pub fn current_answers(chain: &Chain<'_>) -> anyhow::Result<Answers> {
    let mut answers: Answers = serde_json::from_str(chain.sheet.payload.answers.get())
        .with_context(|| format!("the answers of entry {} cannot be read", chain.sheet.seq))?;
    for amendment in &chain.amendments {
        let after: Answer = serde_json::from_str(amendment.payload.after.get())
            .with_context(|| format!("the answer in entry {} cannot be read", amendment.seq))?;
        answers.insert(amendment.payload.criterion.clone(), after);
    }
    Ok(answers)
}

pub fn amend(args: &AmendArgs, context: &Context) -> anyhow::Result<Outcome> {
    let Writer { workspace, actor, now, signer } = context.writer()?;
    let lang = context.lang();
    if args.reason.trim().is_empty() {
        bail!("--reason must say why the answer changes");
    }
    let appended = workspace.ledger().append_with(
        |_, locked| {
            let refuse = |message: String| LedgerError::Refused(message);
            let state = LedgerState::replay_locked(locked)?;
            let encounter = state.encounters.get(&args.encounter).ok_or_else(|| {
                refuse(format!("no encounter `{}` in the ledger", args.encounter))
            })?;
            let all = chains(encounter);
            let chain = match args.sheet {
                Some(seq) => all.iter().find(|c| c.sheet.seq == seq).ok_or_else(|| {
                    let known: Vec<String> = all
                        .iter()
                        .map(|c| format!("{} ({})", c.sheet.seq, c.sheet.payload.auditor))
                        .collect();
                    refuse(format!(
                        "entry {seq} is no scoresheet of `{}`; its scoresheets: {}",
                        args.encounter,
                        known.join(", ")
                    ))
                })?,
                None => all
                    .iter()
                    .rev()
                    .find(|c| c.sheet.payload.auditor == actor)
                    .or(all.last())
                    .ok_or_else(|| {
                        refuse(format!(
                            "`{}` has no scoresheet to amend; record one with `tarkka score`",
                            args.encounter
                        ))
                    })?,
            };
            let rubric =
                encounter_rubric(&state, encounter).map_err(|e| refuse(format!("{e:#}")))?;
            let criterion = rubric.criterion(&args.criterion).ok_or_else(|| {
                refuse(format!("rubric `{}` has no criterion `{}`", rubric.id, args.criterion))
            })?;
            let value = AnswerValue::parse(criterion, &args.answer)
                .map_err(|message| refuse(format!("`{}`: {message}", args.criterion)))?;
            let mut answers = current_answers(chain).map_err(|e| refuse(format!("{e:#}")))?;
            let before = answers.get(&args.criterion).cloned();
            let comment =
                args.comment.clone().or_else(|| before.as_ref().and_then(|b| b.comment.clone()));
            let after = Answer { value, comment };
            if before.as_ref() == Some(&after) {
                return Err(refuse(format!(
                    "`{}` is already `{}` in that scoresheet: nothing to amend",
                    args.criterion, after.value
                )));
            }
            answers.insert(args.criterion.clone(), after.clone());
            let profile =
                profile_of(&encounter.logged.payload).map_err(|e| refuse(format!("{e:#}")))?;
            let result = tarkka_scoring::score(&rubric, &profile, &answers).map_err(|error| {
                let problems: Vec<String> =
                    error.problems().iter().map(ToString::to_string).collect();
                refuse(format!(
                    "the amended answers cannot be scored: {}",
                    if problems.is_empty() { error.to_string() } else { problems.join("; ") }
                ))
            })?;
            Ok(vec![NewEntry::new(
                now,
                &actor,
                &ScoreAmended {
                    encounter: args.encounter.clone(),
                    amends: chain.last_seq(),
                    criterion: args.criterion.clone(),
                    before: serde_json::value::to_raw_value(&before).expect("answers serialise"),
                    after: serde_json::value::to_raw_value(&after).expect("answers serialise"),
                    reason: args.reason.clone(),
                    result: serde_json::value::to_raw_value(&result).expect("results serialise"),
                },
            )])
        },
        signer.as_ref(),
    )?;
    let state = LedgerState::replay(&workspace.ledger())?;
    let encounter = &state.encounters[&args.encounter];
    let amendment =
        encounter.amendments.iter().find(|a| a.seq == appended[0].seq).expect("just appended");
    let chain = chains(encounter)
        .into_iter()
        .find(|c| c.amendments.iter().any(|a| a.seq == amendment.seq))
        .expect("it is in a chain");
    let before_overall = if chain.amendments.len() > 1 {
        overall_of(&chain.amendments[chain.amendments.len() - 2].payload.result)
    } else {
        overall_of(&chain.sheet.payload.result)
    };
    let percent = |f: Option<tarkka_rubric::Fraction>| {
        f.map_or("–".to_string(), |f| format!("{} %", f.to_percent_string()))
    };
    print(&format!(
        "{} {} {}: {} → {}; {} {} → {} ({} {}, {} {})\n",
        lang.pick("Muutettu", "Amended"),
        args.encounter,
        args.criterion,
        answer_text(&amendment.payload.before),
        answer_text(&amendment.payload.after),
        lang.pick("kokonaispisteet", "overall"),
        percent(before_overall),
        percent(overall_of(&amendment.payload.result)),
        lang.pick("merkintä", "entry"),
        amendment.seq,
        lang.pick("muuttaa merkintää", "amends entry"),
        amendment.payload.amends,
    ))?;
    Ok(Outcome::Success)
}

/// A stored answer (raw JSON, `null` for none) as a person reads it.
pub fn answer_text(raw: &serde_json::value::RawValue) -> String {
    serde_json::from_str::<Option<Answer>>(raw.get())
        .ok()
        .flatten()
        .map_or("–".to_string(), |answer| answer.value.to_string())
}

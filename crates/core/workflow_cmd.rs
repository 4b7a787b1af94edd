//! The review workflow (issue 18): `tarkka assign`, `tarkka queue`,
//! `tarkka dispute open|decide`, `tarkka disputes`, `tarkka acknowledge`.

use std::fmt::Write as _;

use comfy_table::Cell;
use serde_json::json;
use tarkka_app::assign;
use tarkka_app::dispute;
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{
    AcknowledgeArgs, AssignArgs, DisputeDecideArgs, DisputeOpenArgs, DisputeState, DisputesArgs,
    ListFormat, QueueArgs,
};
use crate::context::Context;
use crate::output::{percent, print, table};

/// `one` for 1, else `many`.
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A day as the reader writes it: `7.12.2026` in Finnish, `2026-12-07` in
/// English.
pub fn day(date: jiff::civil::Date, lang: Lang) -> String {
    match lang {
        Lang::Fi => format!("{}.{}.{}", date.day(), date.month(), date.year()),
        Lang::En => date.to_string(),
    }
}

fn csv_text(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

pub fn assign(args: &AssignArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi: &str, en: &str| lang.pick(fi, en).to_string();
    if args.verify {
        let (workspace, config) = context.workspace()?;
        let today = context.now()?.to_zoned(config.zone()?.0).date();
        let verified = assign::verify(&workspace, today)?;
        if args.format == ListFormat::Json {
            let found: Vec<_> = verified
                .discrepancies
                .iter()
                .map(|d| json!({"entry": d.seq, "message": d.message.to_string()}))
                .collect();
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&json!({
                    "entries": verified.entries,
                    "draws": verified.draws,
                    "replacements": verified.replacements,
                    "recomputed": verified.recomputed,
                    "discrepancies": found,
                    "notes": verified
                        .notes
                        .iter()
                        .map(|d| json!({"entry": d.seq, "message": d.message.to_string()}))
                        .collect::<Vec<_>>(),
                }))?
            ))?;
        } else {
            let mut out = match lang {
                Lang::Fi => format!(
                    "Laskettu uudelleen pääkirjasta: {} {} ja {} {} ({} merkintää).\n",
                    verified.draws,
                    plural(verified.draws, "arvonta", "arvontaa"),
                    verified.replacements,
                    plural(verified.replacements, "korvaus", "korvausta"),
                    verified.entries
                ),
                Lang::En => format!(
                    "Recomputed from the ledger: {} {} and {} {} ({} entries).\n",
                    verified.draws,
                    plural(verified.draws, "draw", "draws"),
                    verified.replacements,
                    plural(verified.replacements, "replacement", "replacements"),
                    verified.entries
                ),
            };
            if verified.discrepancies.is_empty() {
                out.push_str(&t(
                    "Jokainen arvonta ja korvaus on sama kuin kirjattu, ja säännöt pitävät.\n",
                    "Every draw and replacement is the one recorded, and the rules hold.\n",
                ));
            }
            for found in &verified.discrepancies {
                let _ = writeln!(out, "  ✗ {}", crate::output::tr(lang, &found.message));
            }
            for note in &verified.notes {
                let _ = writeln!(out, "  ! {}", crate::output::tr(lang, &note.message));
            }
            print(&out)?;
        }
        return Ok(if verified.discrepancies.is_empty() {
            Outcome::Success
        } else {
            Outcome::Negative
        });
    }
    let writer = context.writer()?;
    if let Some(encounter) = &args.replace {
        let replaced = assign::replace(
            &writer,
            &assign::Replace {
                encounter: encounter.clone(),
                reason: args.reason.clone().unwrap_or_default(),
            },
        )?;
        let with = match &replaced.replacement {
            Some(id) => format!(
                "{} {id} ({}: {})",
                t("tilalle", "in its place"),
                t("arvioi", "scored by"),
                if replaced.auditors.is_empty() {
                    t("tiimin jono", "the team's queue")
                } else {
                    replaced.auditors.join(", ")
                }
            ),
            None => t(
                "ositteessa ei ollut muita; ei korvaavaa",
                "its stratum had no other; none in its place",
            ),
        };
        print(&format!(
            "{} {encounter} {} #{}: {with}. {} {} / {} ({} {}).\n",
            t("Korvattu", "Replaced"),
            t("arvonnassa", "in draw"),
            replaced.draw,
            t("Tästä arvonnasta korvattu", "Replaced in this draw:"),
            replaced.replaced_in_draw,
            replaced.drawn,
            t("merkintä", "entry"),
            replaced.seq,
        ))?;
        return Ok(Outcome::Success);
    }
    let plan = args.plan.clone().expect("clap requires --plan");
    let period = args.period.clone().expect("clap requires --period");
    if args.commit {
        let committed = assign::commit(
            &writer,
            &assign::Commit { plan: plan.clone().into(), period: period.clone() },
        )?;
        print(&format!(
            "{} {} {} {} – {} ({} {}).\n{} {}\n{} {}…\n{}\n  tarkka assign --plan {} --period {}..{}\n",
            t("Otantasuunnitelma", "Sampling plan"),
            committed.plan,
            t("sitoutettu jaksolle", "committed for"),
            day(committed.period.from, lang),
            day(committed.period.to, lang),
            t("merkintä", "entry"),
            committed.seq,
            t("Arvonnan siemen:", "The draw's seed:"),
            committed.seed.to_hex(),
            t("Suunnitelman sormenjälki:", "The plan's fingerprint:"),
            &committed.fingerprint[..16],
            t("Arvo otos jakson päätyttyä:", "Draw the sample once the period is over:"),
            committed.plan,
            committed.period.from,
            committed.period.to,
        ))?;
        return Ok(Outcome::Success);
    }
    let drew = assign::draw(&writer, &assign::Draw { plan, period })?;
    match args.format {
        ListFormat::Json => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "entry": drew.seq,
                "commitment": drew.commitment,
                "plan": drew.plan,
                "from": drew.period.from.to_string(),
                "to": drew.period.to.to_string(),
                "seed": drew.seed.to_hex(),
                "pool": drew.pool,
                "strata": drew.strata,
                "quota": drew.quota,
                "short": drew.short.iter().map(|(s, n)| json!({"stratum": s, "drawn": n})).collect::<Vec<_>>(),
                "assignments": drew.assignments,
            }))?
        ))?,
        ListFormat::Csv => print(&csv_text(
            &["encounter", "stratum", "auditors", "due"],
            drew.assignments.iter().map(|a| {
                vec![a.encounter.clone(), a.stratum.clone(), a.auditors.join(" "), a.due.clone()]
            }),
        )?)?,
        ListFormat::Text => {
            let (from, to) = (day(drew.period.from, lang), day(drew.period.to, lang));
            let n = drew.assignments.len();
            let mut out = match lang {
                Lang::Fi => format!(
                    "Arvottu {} {from} – {to} (merkintä {}, sitoumus #{}): {n} kohtaamista {} joukosta, {} ositetta, kiintiö {}.\n",
                    drew.plan, drew.seq, drew.commitment, drew.pool, drew.strata, drew.quota
                ),
                Lang::En => format!(
                    "Drawn {} {from} – {to} (entry {}, commitment #{}): {n} {} from a pool of {}, {} {}, quota {}.\n",
                    drew.plan,
                    drew.seq,
                    drew.commitment,
                    plural(n as u64, "encounter", "encounters"),
                    drew.pool,
                    drew.strata,
                    plural(drew.strata, "stratum", "strata"),
                    drew.quota
                ),
            };
            let mut rows = table(&[
                &t("kohtaaminen", "encounter"),
                &t("osite", "stratum"),
                &t("arvioi", "auditors"),
                &t("määräpäivä", "due"),
            ]);
            for a in &drew.assignments {
                let due = a.due.parse().map(|d| day(d, lang)).unwrap_or(a.due.clone());
                let auditors = if a.auditors.is_empty() {
                    t("(tiimin jono)", "(team queue)")
                } else {
                    a.auditors.join(", ")
                };
                rows.add_row(vec![
                    Cell::new(&a.encounter),
                    Cell::new(&a.stratum),
                    Cell::new(auditors),
                    Cell::new(due),
                ]);
            }
            let _ = writeln!(out, "{rows}");
            if !drew.short.is_empty() {
                let _ = writeln!(
                    out,
                    "{} {}",
                    t("Kiintiötä pienempiä ositteita:", "Strata short of the quota:"),
                    drew.short
                        .iter()
                        .map(|(s, n)| format!("{s} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            if drew.file_differs {
                let _ = writeln!(
                    out,
                    "{}",
                    t(
                        "Huom.: suunnitelmatiedosto on muuttunut sitoumuksen jälkeen; arvonta käytti sitoutettua tekstiä.",
                        "Note: the plan file has changed since the commitment; the draw used the committed text."
                    )
                );
            }
            let _ = writeln!(
                out,
                "{} tarkka assign --verify",
                t(
                    "Kuka tahansa voi toistaa arvonnan pääkirjasta:",
                    "Anyone can re-run the draw from the ledger:"
                )
            );
            print(&out)?;
        }
    }
    Ok(Outcome::Success)
}

pub fn queue(args: &QueueArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi: &str, en: &str| lang.pick(fi, en).to_string();
    if let Some(encounter) = &args.take {
        let writer = context.writer()?;
        let seq = assign::take(&writer, encounter)?;
        print(&format!(
            "{} {encounter} ({} {seq}).\n",
            t("Otit arvioitavaksesi", "You took"),
            t("merkintä", "entry"),
        ))?;
        return Ok(Outcome::Success);
    }
    let (workspace, config) = context.workspace()?;
    let zone = config.zone()?.0;
    let today = context.now()?.to_zoned(zone).date();
    let auditor = if args.all {
        None
    } else {
        Some(args.auditor.clone().map_or_else(|| context.actor(), Ok)?)
    };
    let waiting = assign::queue(&workspace, &assign::Queue { auditor: auditor.clone(), today })?;
    match args.format {
        ListFormat::Json => {
            let rows: Vec<_> = waiting
                .iter()
                .map(|w| {
                    json!({
                        "encounter": w.encounter, "auditor": w.auditor, "draw": w.draw, "plan": w.plan,
                        "due": w.due.to_string(), "overdue_days": w.overdue_days, "time": w.time,
                        "agent": w.agent, "location": w.location, "rubric": w.rubric,
                    })
                })
                .collect();
            print(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?;
        }
        ListFormat::Csv => print(&csv_text(
            &[
                "encounter",
                "auditor",
                "due",
                "overdue_days",
                "time",
                "agent",
                "location",
                "rubric",
                "plan",
                "draw",
            ],
            waiting.iter().map(|w| {
                vec![
                    w.encounter.clone(),
                    w.auditor.clone(),
                    w.due.to_string(),
                    w.overdue_days.to_string(),
                    w.time.clone(),
                    w.agent.clone(),
                    w.location.clone(),
                    w.rubric.clone(),
                    w.plan.clone(),
                    w.draw.to_string(),
                ]
            }),
        )?)?,
        ListFormat::Text => {
            if waiting.is_empty() {
                print(&match &auditor {
                    Some(a) => {
                        format!("{} {a}.\n", t("Mitään ei odota arvioijaa", "Nothing waits for"))
                    }
                    None => t("Mitään ei odota ketään.\n", "Nothing waits for anyone.\n"),
                })?;
                return Ok(Outcome::Success);
            }
            let mut header = vec![t("määräpäivä", "due")];
            if auditor.is_none() {
                header.push(t("arvioija", "auditor"));
            }
            for (fi, en) in [
                ("kohtaaminen", "encounter"),
                ("aika", "time"),
                ("asiakaspalvelija", "agent"),
                ("paikka", "location"),
                ("arviointilomake", "rubric"),
            ] {
                header.push(t(fi, en));
            }
            let names: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut rows = table(&names);
            let overdue = waiting.iter().filter(|w| w.overdue_days > 0).count();
            for w in &waiting {
                let mut due = day(w.due, lang);
                if w.overdue_days > 0 {
                    due = format!("{due} ! +{} {}", w.overdue_days, t("pv", "d"));
                }
                let mut row = vec![Cell::new(due)];
                if auditor.is_none() {
                    row.push(Cell::new(if w.auditor.is_empty() {
                        t("(tiimi)", "(team)")
                    } else {
                        w.auditor.clone()
                    }));
                }
                let time = match (lang, w.time.get(..10).and_then(|d| d.parse().ok())) {
                    (Lang::Fi, Some(date)) => {
                        format!(
                            "{} {}",
                            day(date, lang),
                            w.time.get(11..16).unwrap_or("").replace(':', ".")
                        )
                    }
                    _ => w.time.get(..16).unwrap_or(&w.time).replace('T', " "),
                };
                for text in [&w.encounter, &time, &w.agent, &w.location, &w.rubric] {
                    row.push(Cell::new(text));
                }
                rows.add_row(row);
            }
            let mut out = format!("{rows}\n");
            let open = waiting.iter().filter(|w| w.auditor.is_empty()).count();
            let _ = writeln!(
                out,
                "{} {}, {} {}{}",
                waiting.len(),
                t("odottaa", "waiting"),
                overdue,
                if overdue > 0 {
                    t("myöhässä (!)", "overdue (!)")
                } else {
                    t("myöhässä", "overdue")
                },
                if open > 0 {
                    format!(
                        "; {open} {}",
                        t(
                            "tiimin jonossa (tarkka queue --take KOHTAAMINEN)",
                            "in the team's queue (tarkka queue --take ENCOUNTER)"
                        )
                    )
                } else {
                    String::new()
                }
            );
            print(&out)?;
        }
    }
    Ok(Outcome::Success)
}

pub fn dispute_open(args: &DisputeOpenArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi: &str, en: &str| lang.pick(fi, en).to_string();
    let mut criteria = Vec::new();
    for given in &args.criteria {
        let Some((criterion, answer)) = given.split_once('=') else {
            anyhow::bail!(crate::output::tr(
                lang,
                &tarkka_i18n::msg!("dispute-criterion-form", given = given.as_str())
            ));
        };
        criteria.push((criterion.trim().to_string(), answer.trim().to_string()));
    }
    let writer = context.writer()?;
    let opened = dispute::open(
        &writer,
        &dispute::Open {
            encounter: args.encounter.clone(),
            criteria,
            reason: args.reason.clone(),
            auditor: args.auditor.clone(),
        },
    )?;
    print(&format!(
        "{} {} ({} {}): {} {}, {} {}; {} {} → {} {}. {} {}.\n",
        t("Kiista avattu", "Dispute opened"),
        opened.dispute,
        t("merkintä", "entry"),
        opened.seq,
        t("arvioija", "auditor"),
        opened.auditor,
        t("asiakaspalvelija", "agent"),
        opened.agent,
        t("kokonaispisteet", "overall"),
        percent(opened.overall_now, lang),
        percent(opened.overall_proposed, lang),
        t("jos hyväksytään", "if accepted"),
        t("Ratkaistava viimeistään", "To be decided by"),
        day(opened.decide_by, lang),
    ))?;
    Ok(Outcome::Success)
}

pub fn dispute_decide(args: &DisputeDecideArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi: &str, en: &str| lang.pick(fi, en).to_string();
    let writer = context.writer()?;
    let decided = dispute::decide(
        &writer,
        &dispute::Decide {
            dispute: args.dispute.clone(),
            accept: args.accept.clone(),
            reject: args.reject.clone(),
            reason: args.reason.clone(),
        },
    )?;
    let mut out = format!(
        "{} {}: {} ({} {}).\n",
        t("Kiista ratkaistu", "Dispute decided"),
        args.dispute,
        outcome_word(&decided.outcome, lang),
        t("merkintä", "entry"),
        decided.seq,
    );
    for (criterion, seq) in &decided.amendments {
        let _ =
            writeln!(out, "  ✓ {criterion}: {} {seq}", t("muutettu, merkintä", "amended, entry"));
    }
    for criterion in &decided.rejected {
        let _ = writeln!(out, "  ✗ {criterion}: {}", t("hylätty", "rejected"));
    }
    let _ = writeln!(
        out,
        "{} {} → {}",
        t("Kokonaispisteet", "Overall"),
        percent(decided.overall_before, lang),
        percent(decided.overall_after, lang)
    );
    print(&out)?;
    Ok(Outcome::Success)
}

/// An outcome or a dispute's state in the reader's words.
pub fn outcome_word(outcome: &str, lang: Lang) -> String {
    match outcome {
        "accepted" => lang.pick("hyväksytty", "accepted"),
        "partly-accepted" => lang.pick("osin hyväksytty", "partly accepted"),
        "rejected" => lang.pick("hylätty", "rejected"),
        "overdue" => lang.pick("myöhässä", "overdue"),
        "open" => lang.pick("avoin", "open"),
        other => other,
    }
    .to_string()
}

pub fn disputes(args: &DisputesArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi: &str, en: &str| lang.pick(fi, en).to_string();
    let (workspace, _) = context.workspace()?;
    let listed = dispute::list(
        &workspace,
        &dispute::List {
            show: match args.state {
                DisputeState::All => dispute::Show::All,
                DisputeState::Open => dispute::Show::Open,
                DisputeState::Overdue => dispute::Show::Overdue,
                DisputeState::Decided => dispute::Show::Decided,
            },
            auditor: args.auditor.clone(),
            agent: args.agent.clone(),
            criterion: args.criterion.clone(),
            now: context.now()?,
        },
    )?;
    match args.format {
        ListFormat::Json => {
            let rows: Vec<_> = listed
                .iter()
                .map(|d| {
                    json!({
                        "dispute": d.dispute, "encounter": d.encounter, "entry": d.seq,
                        "opened": d.opened.to_string(), "opener": d.opener, "agent": d.agent,
                        "auditor": d.auditor, "criteria": d.criteria, "reason": d.reason,
                        "state": d.state, "due": d.due.to_string(),
                        "decided_by": d.decided.as_ref().map(|x| x.0.clone()),
                        "decided": d.decided.as_ref().map(|x| x.1.to_string()),
                        "days_to_decision": d.decided.as_ref().map(|x| x.2),
                    })
                })
                .collect();
            print(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?;
        }
        ListFormat::Csv => print(&csv_text(
            &[
                "dispute",
                "encounter",
                "opened",
                "opener",
                "agent",
                "auditor",
                "criteria",
                "state",
                "due",
                "decided_by",
                "decided",
                "days_to_decision",
                "reason",
            ],
            listed.iter().map(|d| {
                vec![
                    d.dispute.clone(),
                    d.encounter.clone(),
                    d.opened.to_string(),
                    d.opener.clone(),
                    d.agent.clone(),
                    d.auditor.clone(),
                    d.criteria.join(" "),
                    d.state.clone(),
                    d.due.to_string(),
                    d.decided.as_ref().map_or(String::new(), |x| x.0.clone()),
                    d.decided.as_ref().map_or(String::new(), |x| x.1.to_string()),
                    d.decided.as_ref().map_or(String::new(), |x| x.2.to_string()),
                    d.reason.clone(),
                ]
            }),
        )?)?,
        ListFormat::Text => {
            if listed.is_empty() {
                let filtered = args.state != DisputeState::All
                    || args.auditor.is_some()
                    || args.agent.is_some()
                    || args.criterion.is_some();
                print(&if filtered {
                    t("Ei kiistoja näillä ehdoilla.\n", "No disputes match.\n")
                } else {
                    t("Ei kiistoja.\n", "No disputes.\n")
                })?;
                return Ok(Outcome::Success);
            }
            let mut rows = table(&[
                &t("kiista", "dispute"),
                &t("avattu", "opened"),
                &t("asiakaspalvelija", "agent"),
                &t("arvioija", "auditor"),
                &t("kriteerit", "criteria"),
                &t("tila", "state"),
                &t("ratkaisija", "decided by"),
            ]);
            for d in &listed {
                let state = match &d.decided {
                    Some((_, on, days)) => format!(
                        "{} {} ({days} {})",
                        outcome_word(&d.state, lang),
                        day(*on, lang),
                        t("pv", "d")
                    ),
                    None => format!(
                        "{}, {} {}",
                        outcome_word(&d.state, lang),
                        t("ratkaistava", "due"),
                        day(d.due, lang)
                    ),
                };
                let opener = if d.opener == d.agent {
                    String::new()
                } else {
                    format!(" ({} {})", t("avasi", "opened by"), d.opener)
                };
                rows.add_row(vec![
                    Cell::new(&d.dispute),
                    Cell::new(day(d.opened, lang)),
                    Cell::new(format!("{}{opener}", d.agent)),
                    Cell::new(&d.auditor),
                    Cell::new(d.criteria.join("\n")),
                    Cell::new(state),
                    Cell::new(d.decided.as_ref().map_or("–".to_string(), |x| x.0.clone())),
                ]);
            }
            let open = listed.iter().filter(|d| d.decided.is_none()).count();
            let overdue = listed.iter().filter(|d| d.state == "overdue").count();
            print(&format!(
                "{rows}\n{} {}, {} {}, {} {}\n",
                listed.len(),
                lang.pick(
                    plural(listed.len() as u64, "kiista", "kiistaa"),
                    plural(listed.len() as u64, "dispute", "disputes")
                ),
                open,
                t("avoinna", "open"),
                overdue,
                t("myöhässä", "overdue"),
            ))?;
        }
    }
    Ok(Outcome::Success)
}

pub fn acknowledge(args: &AcknowledgeArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi: &str, en: &str| lang.pick(fi, en).to_string();
    let writer = context.writer()?;
    let done = dispute::acknowledge(
        &writer,
        &dispute::Acknowledge {
            encounter: args.encounter.clone(),
            comment: args.comment.clone(),
            auditor: args.auditor.clone(),
        },
    )?;
    print(&format!(
        "{} {} ({} {}, {} {}; {} {}).\n",
        t("Kuitattu nähdyksi:", "Acknowledged:"),
        args.encounter,
        t("kokonaispisteet", "overall"),
        percent(done.overall, lang),
        t("tulos merkinnästä", "the result of entry"),
        done.result_at,
        t("merkintä", "entry"),
        done.seq,
    ))?;
    Ok(Outcome::Success)
}

//! `tarkka encounter log` and `tarkka encounter show`.

use std::fmt::Write as _;

use tarkka_ledger::{EncounterState, LedgerState, Workspace};
use tarkka_rubric::Lang;

use crate::Outcome;
use crate::args::{Format, LogArgs, ShowEncounterArgs};
use crate::context::Context;
use crate::output::print;

pub fn log(args: &LogArgs, context: &Context) -> anyhow::Result<Outcome> {
    let writer = context.writer()?;
    let request = tarkka_app::encounter::Log {
        id: args.id.clone(),
        rubric: args.rubric.clone(),
        time: args.time.clone(),
        location: args.location.clone(),
        agent: args.agent.clone(),
        auditor: args.auditor.clone(),
        channel: args.channel.clone(),
        case: args.case.clone(),
        profile: args.profile.clone(),
        scenario: args.scenario.clone(),
        new_name: args.new_name,
    };
    let last = tarkka_app::encounter::log(&writer, &request)?;
    let lang = context.lang();
    print(&format!(
        "{} {} ({} {}, {})\n",
        lang.pick("Kirjattu", "Logged"),
        args.id,
        lang.pick("merkintä", "entry"),
        last.seq,
        last.hash
    ))?;
    Ok(Outcome::Success)
}

pub fn show(args: &ShowEncounterArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, config) = context.workspace()?;
    let zone = config.zone()?.0;
    let state = tarkka_app::encounter::show(&workspace, &args.id)?;
    let encounter = &state.encounters[&args.id];
    let trail = tarkka_app::encounter::trail(&workspace, &args.id)?;
    match args.format {
        Format::Json => {
            let mut json = encounter_json(encounter);
            json["workflow"] = serde_json::to_value(&trail)?;
            print(&format!("{}\n", serde_json::to_string_pretty(&json)?))?
        }
        Format::Text => {
            print(&render(&workspace, &state, encounter, &trail, &zone, context.lang()))?
        }
    }
    Ok(Outcome::Success)
}

fn encounter_json(encounter: &EncounterState) -> serde_json::Value {
    fn entry<T: serde::Serialize>(recorded: &tarkka_ledger::Recorded<T>) -> serde_json::Value {
        serde_json::json!({
            "seq": recorded.seq,
            "time": recorded.time,
            "actor": recorded.actor,
            "hash": recorded.hash,
            "payload": recorded.payload,
        })
    }
    serde_json::json!({
        "encounter": entry(&encounter.logged),
        "evidence": encounter.evidence.iter().map(entry).collect::<Vec<_>>(),
        "scoresheets": encounter.scoresheets.iter().map(entry).collect::<Vec<_>>(),
        "amendments": encounter.amendments.iter().map(entry).collect::<Vec<_>>(),
    })
}

fn render(
    workspace: &Workspace,
    state: &LedgerState,
    encounter: &EncounterState,
    trail: &[tarkka_app::workflow::TrailEntry],
    zone: &jiff::tz::TimeZone,
    lang: Lang,
) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let logged = &encounter.logged.payload;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  ({} {}, {})",
        logged.encounter,
        crate::output::tr(
            lang,
            &tarkka_i18n::Message::new("channel-name").arg("channel", logged.channel.as_str())
        ),
        crate::output::local_time(&logged.time, zone, lang),
        logged.location
    );
    let _ = writeln!(
        out,
        "  {}: {}   {}: {}",
        t("asiakaspalvelija", "agent"),
        logged.agent,
        t("arvioija", "auditor"),
        logged.auditor
    );
    if let Some(case) = &logged.case {
        let others: Vec<&str> = state
            .case(case)
            .iter()
            .map(|e| e.logged.payload.encounter.as_str())
            .filter(|id| *id != logged.encounter)
            .collect();
        let _ = writeln!(
            out,
            "  {}: {case}   {}: {}",
            t("tapaus", "case"),
            t("muut", "others"),
            if others.is_empty() { "–".to_string() } else { others.join(", ") }
        );
    }
    if !logged.profile.is_empty() {
        let fields: Vec<String> = logged
            .profile
            .iter()
            .map(|(k, v)| format!("{k}={}", v.to_string().trim_matches('"')))
            .collect();
        let _ = writeln!(out, "  {}: {}", t("asiakas", "customer"), fields.join(", "));
    }
    if let Some(scenario) = &logged.scenario {
        let _ = writeln!(out, "  {}: {scenario}", t("skenaario", "scenario"));
    }
    let _ = writeln!(
        out,
        "  {}: {} (sha256:{})",
        t("arviointilomake", "rubric"),
        logged.rubric,
        logged.fingerprint
    );
    out.push('\n');
    // Everything in ledger order.
    let mut lines: Vec<(u64, String)> = Vec::new();
    let head = |recorded_seq: u64, time: &str, actor: &str, what: &str| {
        let time = crate::output::local_time(time, zone, lang);
        format!("#{recorded_seq:<6} {time:<20}  {actor:<10} {what}")
    };
    lines.push((
        encounter.logged.seq,
        format!(
            "{}\n        {}",
            head(
                encounter.logged.seq,
                &encounter.logged.time,
                &encounter.logged.actor,
                t("kohtaaminen kirjattu", "encounter logged")
            ),
            encounter.logged.hash
        ),
    ));
    for evidence in &encounter.evidence {
        let e = &evidence.payload;
        let place = if e.in_place { t("paikallaan", "in place") } else { t("tallessa", "stored") };
        let present = match workspace.evidence_present(&e.location) {
            true => "",
            false => t("  PUUTTUU", "  MISSING"),
        };
        lines.push((
            evidence.seq,
            format!(
                "{}: {} {} ({}, {})\n        sha256:{}  {place}: {}{present}",
                head(
                    evidence.seq,
                    &evidence.time,
                    &evidence.actor,
                    t("näyttö liitetty", "evidence attached")
                ),
                crate::output::kind_word(&e.kind, lang),
                e.name,
                e.media_type,
                crate::output::bytes(e.size, lang),
                e.sha256,
                e.location
            ),
        ));
    }
    for sheet in &encounter.scoresheets {
        let s = &sheet.payload;
        let summary = tarkka_ledger::payload::summary_of(&s.result);
        let overall =
            summary.overall.as_deref().and_then(|v| v.parse::<tarkka_rubric::Fraction>().ok());
        let verdict = match summary.verdict.as_str() {
            "pass" => t("hyväksytty", "pass"),
            "fail" => t("hylätty", "fail"),
            "not-scored" => t("ei pisteitä", "not scored"),
            "" => "?",
            other => other,
        };
        let source = match s.source {
            tarkka_ledger::payload::Source::Human => t("arvioija", "auditor"),
            tarkka_ledger::payload::Source::Automatic => t("automaattinen", "automatic"),
        };
        let mut text = format!(
            "{}: {} {} % {verdict} ({source} {})\n        {} {}",
            head(
                sheet.seq,
                &sheet.time,
                &sheet.actor,
                t("pisteytys kirjattu", "scoresheet recorded")
            ),
            t("kokonaispisteet", "overall"),
            overall.map_or("–".to_string(), |o| crate::output::decimal(
                &o.to_percent_string(),
                lang
            )),
            s.auditor,
            t("näyttöön nojaten:", "relying on evidence:"),
            if s.evidence.is_empty() {
                "–".to_string()
            } else {
                s.evidence
                    .iter()
                    .map(|d| d.to_hex()[..12].to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        if let Some(reason) = &s.missing_evidence_reason {
            let _ = write!(
                text,
                "\n        {}: {reason}",
                t("vaadittu näyttö puuttui, syy", "required evidence missing, reason")
            );
        }
        if let Some(assisted) = &s.assisted {
            let _ = write!(text, "\n        {}", crate::output::review_text(assisted, lang));
        }
        lines.push((sheet.seq, text));
    }
    for amendment in &encounter.amendments {
        let a = &amendment.payload;
        let overall = tarkka_app::chain::overall_of(&a.result);
        lines.push((
            amendment.seq,
            format!(
                "{}: {} {} → {} ({} #{})\n        {}: {}   {} {} %",
                head(
                    amendment.seq,
                    &amendment.time,
                    &amendment.actor,
                    t("pisteytystä muutettu", "score amended")
                ),
                a.criterion,
                crate::output::answer_text(&a.before, lang),
                crate::output::answer_text(&a.after, lang),
                t("muuttaa", "amends"),
                a.amends,
                t("syy", "reason"),
                a.reason,
                t("kokonaispisteet nyt", "overall now"),
                overall.map_or("–".to_string(), |o| crate::output::decimal(
                    &o.to_percent_string(),
                    lang
                )),
            ),
        ));
    }
    for entry in trail {
        lines.push((entry.seq, trail_text(entry, lang, &head)));
    }
    lines.sort_by_key(|(seq, _)| *seq);
    for (_, line) in lines {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// A workflow step as `encounter show` lists it.
fn trail_text(
    entry: &tarkka_app::workflow::TrailEntry,
    lang: Lang,
    head: &dyn Fn(u64, &str, &str, &str) -> String,
) -> String {
    use tarkka_app::workflow::Step;
    let t = |fi: &'static str, en: &'static str| lang.pick(fi, en);
    let top = |what: &str| head(entry.seq, &entry.time, &entry.actor, what);
    let who = |auditors: &[String]| {
        if auditors.is_empty() {
            t("tiimin jono", "the team's queue").to_string()
        } else {
            auditors.join(", ")
        }
    };
    match &entry.step {
        Step::Drawn { draw, plan, stratum, auditors, due, replaces } => {
            let what = match replaces {
                None => {
                    format!("{} {plan} (#{draw})", t("arvottu otokseen", "drawn into the sample"))
                }
                Some(old) => format!(
                    "{} {old} {} {plan} (#{draw})",
                    t("korvaa kohtaamisen", "replaces"),
                    t("otoksessa", "in the sample")
                ),
            };
            format!(
                "{}\n        {}: {stratum}   {}: {}   {}: {due}",
                top(&what),
                t("osite", "stratum"),
                t("arvioi", "scored by"),
                who(auditors),
                t("määräpäivä", "due"),
                due = tarkka_i18n::date_in(lang.pick("fi", "en"), due),
            )
        }
        Step::Replaced { draw, replacement, reason } => format!(
            "{}\n        {}: {reason}   {}: {}",
            top(&format!("{} (#{draw})", t("korvattu otoksessa", "replaced in the sample"))),
            t("syy", "reason"),
            t("tilalle", "in its place"),
            replacement.as_deref().unwrap_or("–"),
        ),
        Step::DisputeOpened(opened) => {
            let criteria: Vec<String> = opened
                .criteria
                .iter()
                .map(|c| {
                    format!(
                        "{} {} → {}",
                        c.criterion,
                        crate::output::answer_text(&c.recorded, lang),
                        crate::output::answer_text(&c.proposed, lang)
                    )
                })
                .collect();
            format!(
                "{}\n        {}\n        {}: {}",
                top(&format!(
                    "{} {} ({} #{})",
                    t("kiista avattu", "dispute opened"),
                    opened.dispute,
                    t("pisteytyksestä", "on scoresheet"),
                    opened.sheet
                )),
                criteria.join("; "),
                t("perustelu", "reason"),
                opened.reason
            )
        }
        Step::DisputeDecided(decided) => format!(
            "{}\n        {}: {}   {}: {}\n        {}: {}",
            top(&format!(
                "{} {}: {}",
                t("kiista ratkaistu", "dispute decided"),
                decided.dispute,
                crate::workflow_cmd::outcome_word(&decided.outcome, lang)
            )),
            t("hyväksytty", "accepted"),
            if decided.accepted.is_empty() {
                "–".to_string()
            } else {
                decided.accepted.join(", ")
            },
            t("hylätty", "rejected"),
            if decided.rejected.is_empty() {
                "–".to_string()
            } else {
                decided.rejected.join(", ")
            },
            t("perustelu", "reason"),
            decided.reason
        ),
        Step::Acknowledged(ack) => format!(
            "{}{}",
            top(&format!(
                "{} (#{})",
                t("arviointi kuitattu nähdyksi", "evaluation acknowledged"),
                ack.result_at
            )),
            ack.comment
                .as_ref()
                .map_or(String::new(), |c| format!("\n        {}: {c}", t("kommentti", "comment")))
        ),
    }
}

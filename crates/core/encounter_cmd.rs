//! `tarkka encounter log` and `tarkka encounter show`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use tarkka_ledger::payload::{EncounterLogged, RubricRegistered};
use tarkka_ledger::{EncounterState, LedgerError, LedgerState, NewEntry, Workspace};
use tarkka_rubric::{Lang, Profile, ProfileValue, Rubric};

use crate::Outcome;
use crate::args::{Format, LogArgs, ShowEncounterArgs};
use crate::context::{Context, Writer};
use crate::output::print;

/// Parses a registered rubric's text; it was valid when registered.
pub fn registered_rubric(registered: &RubricRegistered) -> anyhow::Result<Rubric> {
    tarkka_rubric::parse(&registered.text).map_err(|error| {
        anyhow::anyhow!(
            "the registered rubric `{}` ({}) no longer parses:\n{}",
            registered.rubric,
            registered.fingerprint,
            error.render(&registered.rubric, &registered.text)
        )
    })
}

/// The rubric an encounter was logged with.
pub fn encounter_rubric(state: &LedgerState, encounter: &EncounterState) -> anyhow::Result<Rubric> {
    let logged = &encounter.logged.payload;
    let registered = state.rubrics.get(&logged.fingerprint).with_context(|| {
        format!(
            "encounter `{}` names rubric {}, which the ledger never registered",
            logged.encounter, logged.fingerprint
        )
    })?;
    registered_rubric(&registered.payload)
}

/// The customer profile as the scoring crate takes it.
pub fn profile_of(logged: &EncounterLogged) -> anyhow::Result<Profile> {
    logged
        .profile
        .iter()
        .map(|(field, value)| {
            let value: ProfileValue = serde_json::from_value(value.clone()).with_context(|| {
                format!(
                    "profile field `{field}` of `{}` is not a word, number or truth value",
                    logged.encounter
                )
            })?;
            Ok((field.clone(), value))
        })
        .collect()
}

pub fn log(args: &LogArgs, context: &Context) -> anyhow::Result<Outcome> {
    let Writer { workspace, actor, now, signer } = context.writer()?;
    check_id(&args.id, "encounter id")?;
    let _: jiff::Timestamp = args.time.parse().map_err(|_| {
        anyhow::anyhow!(
            "--time `{}` is not a time with a UTC offset; expected e.g. 2026-05-14T17:40+03:00",
            args.time
        )
    })?;
    let mut profile = Profile::new();
    for pair in &args.profile {
        let Some((field, value)) = pair.split_once('=') else {
            bail!("--profile `{pair}` is not NAME=VALUE");
        };
        if profile.insert(field.trim().to_string(), ProfileValue::parse(value.trim())).is_some() {
            bail!("--profile gives `{}` twice", field.trim());
        }
    }
    // A rubric file is registered with the encounter when the ledger does
    // not have it yet; an id names a rubric registered before.
    let from_file: Option<(Rubric, String)> = if Path::new(&args.rubric).is_file() {
        Some(crate::rubric_cmd::load(Path::new(&args.rubric))?)
    } else {
        None
    };
    let auditor = args.auditor.clone().unwrap_or_else(|| actor.clone());
    let appended = workspace.ledger().append_with(
        |_, locked| {
            let state = LedgerState::replay_locked_without_scores(locked)?;
            let refuse = |message: String| LedgerError::Refused(message);
            if let Some(existing) = state.encounters.get(&args.id) {
                return Err(refuse(format!(
                    "encounter `{}` is already in the ledger (entry {}); ids are unique",
                    args.id, existing.logged.seq
                )));
            }
            let registered;
            let (rubric, text) = match &from_file {
                Some((rubric, text)) => (rubric, Some(text)),
                None => {
                    let found = state.latest_rubric(&args.rubric).ok_or_else(|| {
                        refuse(format!(
                            "--rubric `{}` is neither a file nor the id of a rubric registered in this workspace",
                            args.rubric
                        ))
                    })?;
                    registered = registered_rubric(&found.payload).map_err(|error| refuse(format!("{error:#}")))?;
                    (&registered, None)
                }
            };
            if let Err(errors) = rubric.check_profile(&profile) {
                let problems: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return Err(refuse(format!("--profile does not fit rubric `{}`: {}", rubric.id, problems.join("; "))));
            }
            let channel = args.channel.clone().unwrap_or_else(|| rubric.channel.name().to_string());
            if channel != rubric.channel.name() {
                return Err(refuse(format!(
                    "--channel {channel} does not fit rubric `{}`, which is for {}",
                    rubric.id,
                    rubric.channel.name()
                )));
            }
            let fingerprint = rubric.fingerprint().to_string();
            let mut entries = Vec::new();
            if let Some(text) = text
                && !state.rubrics.contains_key(&fingerprint)
            {
                entries.push(NewEntry::new(
                    now,
                    &actor,
                    &RubricRegistered {
                        rubric: rubric.id.clone(),
                        version: rubric.version.clone(),
                        fingerprint: fingerprint.clone(),
                        text: (*text).clone(),
                    },
                ));
            }
            let profile = profile
                .iter()
                .map(|(field, value)| (field.clone(), serde_json::to_value(value).expect("profile values serialise")))
                .collect();
            entries.push(NewEntry::new(
                now,
                &actor,
                &EncounterLogged {
                    encounter: args.id.clone(),
                    channel,
                    time: args.time.clone(),
                    location: args.location.clone(),
                    agent: args.agent.clone(),
                    auditor: auditor.clone(),
                    case: args.case.clone(),
                    profile,
                    scenario: args.scenario.clone(),
                    rubric: rubric.id.clone(),
                    fingerprint,
                },
            ));
            Ok(entries)
        },
        signer.as_ref(),
    )?;
    let last = appended.last().expect("an encounter was appended");
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

/// Ids become file names in exports and keys in the ledger: no white space,
/// no path separators.
pub fn check_id(id: &str, what: &str) -> anyhow::Result<()> {
    if id.is_empty()
        || id.len() > 128
        || !id.chars().all(|c| c.is_alphanumeric() || "-_.:".contains(c))
        || id.starts_with('.')
    {
        bail!(
            "{what} `{id}` must be letters, digits and - _ . : (at most 128, not starting with a dot)"
        );
    }
    Ok(())
}

pub fn show(args: &ShowEncounterArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let state = LedgerState::replay(&workspace.ledger())?;
    let encounter = state.encounters.get(&args.id).with_context(|| {
        format!("no encounter `{}` in the ledger of {}", args.id, workspace.root().display())
    })?;
    match args.format {
        Format::Json => {
            print(&format!("{}\n", serde_json::to_string_pretty(&encounter_json(encounter))?))?
        }
        Format::Text => print(&render(&workspace, &state, encounter, context.lang()))?,
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
    lang: Lang,
) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let logged = &encounter.logged.payload;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  ({} {}, {})",
        logged.encounter, logged.channel, logged.time, logged.location
    );
    let _ = writeln!(
        out,
        "  {}: {}   {}: {}",
        t("palvelija", "agent"),
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
        format!("#{recorded_seq:<6} {time}  {actor:<10} {what}")
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
        let present = match workspace.resolve(&e.location) {
            Ok(path) if path.is_file() => "",
            _ => t("  PUUTTUU", "  MISSING"),
        };
        lines.push((
            evidence.seq,
            format!(
                "{}: {} {} ({}, {} {})\n        sha256:{}  {place}: {}{present}",
                head(
                    evidence.seq,
                    &evidence.time,
                    &evidence.actor,
                    t("näyttö liitetty", "evidence attached")
                ),
                e.kind,
                e.name,
                e.media_type,
                e.size,
                t("tavua", "bytes"),
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
        let verdict = if summary.verdict.is_empty() { "?" } else { summary.verdict.as_str() };
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
            overall.map_or("–".to_string(), |o| o.to_percent_string()),
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
        lines.push((sheet.seq, text));
    }
    for amendment in &encounter.amendments {
        let a = &amendment.payload;
        let overall = crate::scores_cmd::overall_of(&a.result);
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
                crate::amend_cmd::answer_text(&a.before),
                crate::amend_cmd::answer_text(&a.after),
                t("muuttaa", "amends"),
                a.amends,
                t("syy", "reason"),
                a.reason,
                t("kokonaispisteet nyt", "overall now"),
                overall.map_or("–".to_string(), |o| o.to_percent_string()),
            ),
        ));
    }
    lines.sort_by_key(|(seq, _)| *seq);
    for (_, line) in lines {
        let _ = writeln!(out, "{line}");
    }
    out
}

//! `tarkka demo`: the whole workflow on the shipped samples, in a fresh
//! workspace.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use include_dir::Dir;
use tarkka_app::config::{self, CONFIG_FORMAT, Config};
use tarkka_app::embedded::{RUBRICS, SAMPLES};
use tarkka_app::import;
use tarkka_ledger::LedgerState;
use tarkka_ledger::payload::Source;

use crate::Outcome;
use crate::args::DemoArgs;
use crate::context::Context;
use crate::output::print;

pub fn demo(args: &DemoArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let t = |fi, en| lang.pick(fi, en);
    let out = args.out.clone().unwrap_or_else(|| PathBuf::from("tarkka-demo"));
    // Running the quick start twice should work: the default directory is
    // replaced when it holds an earlier demo, and only then.
    if args.out.is_none() && is_earlier_demo(&out) {
        std::fs::remove_dir_all(&out).with_context(|| {
            crate::output::tr(
                lang,
                &tarkka_i18n::msg!("cli-demo-unremovable", dir = out.display().to_string()),
            )
        })?;
        print(&format!(
            "{} {}\n",
            t("Edellinen esittely poistettu:", "Removed the earlier demo:"),
            out.display()
        ))?;
    }
    if std::fs::symlink_metadata(&out).is_ok() {
        bail!(crate::output::tr(
            lang,
            &tarkka_i18n::msg!("cli-demo-exists", dir = out.display().to_string())
        ));
    }
    let config = Config {
        format: CONFIG_FORMAT,
        name: Some(DEMO_NAME.into()),
        lang: Some(lang),
        time_zone: Some(tarkka_app::local_time::DEFAULT_ZONE.into()),
        disputes: None,
    };
    config::create(&out, &config)?;
    extract(&RUBRICS, &out.join("rubrics"), lang)?;
    extract(&SAMPLES, &out.join("samples"), lang)?;
    let context = context.in_workspace(out.clone(), "demo");
    print(&format!("{} {}\n\n", t("Esittelytyötila:", "Demo workspace:"), out.display()))?;

    let samples = out.join("samples");
    let csv = tarkka_app::table::Options::default();
    let mut rubrics: Vec<PathBuf> = std::fs::read_dir(out.join("rubrics"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    rubrics.sort();
    print(&format!("1. {}\n", t("Kohtaamiset ja arviointilomakkeet", "Encounters and rubrics")))?;
    crate::import_cmd::encounters_with(
        &context,
        &import::Encounters { file: samples.join("encounters.csv"), rubrics, csv, dry_run: false },
    )?;
    print(&format!(
        "2. {}\n",
        t(
            "Näyttö (äänitteet, litteroinnit, kuvat, kuitit)",
            "Evidence (recordings, transcripts, photos, receipts)"
        )
    ))?;
    crate::import_cmd::evidence_with(&context, samples.join("evidence.csv"), csv, None, false)?;
    print(&format!("3. {}\n", t("Arvioijien vastaukset", "The auditors' answers")))?;
    crate::import_cmd::answers_with(
        &context,
        &import::Answers {
            file: samples.join("answers.csv"),
            allow_missing_evidence: None,
            csv,
            dry_run: false,
        },
    )?;

    print(&format!(
        "4. {}\n",
        t("Litterointien automaattinen tarkistus", "Automatic checks of the transcripts")
    ))?;
    let checked =
        tarkka_app::check::record(&context.writer()?, &tarkka_app::check::Record::default())?;
    let mut verdicts = [0; 4];
    for one in &checked {
        for (sum, n) in verdicts.iter_mut().zip(one.counts) {
            *sum += n;
        }
    }
    print(&format!(
        "   {} {}: {}\n",
        checked.len(),
        t("litterointia", "transcripts"),
        crate::check_cmd::counts_text(verdicts, lang)
    ))?;

    let (workspace, _) = context.workspace()?;
    let state = LedgerState::replay(&workspace.ledger())?;
    let promises = tarkka_app::followups::promises(&state, context.now()?);
    let status_count = |status| promises.iter().filter(|promise| promise.status == status).count();
    use tarkka_app::followups::Status;
    print(&format!(
        "   {}: {} — {} {}, {} {}, {} {}, {} {}\n",
        t("Lupaukset", "Promises"),
        promises.len(),
        status_count(Status::Kept),
        t("pidetty", "kept"),
        status_count(Status::Broken),
        t("rikottu", "broken"),
        status_count(Status::Open),
        t("avoinna", "open"),
        status_count(Status::Unknown),
        t("ei tiedossa", "unknown"),
    ))?;
    print(&format!(
        "5. {}\n",
        t(
            "Arviointityö: otos, jota kukaan ei valinnut, kiistat ja kuittaukset",
            "Review work: a sample nobody chose, disputes and acknowledgements"
        )
    ))?;
    review_work(&context, &out, lang)?;
    let state = LedgerState::replay(&workspace.ledger())?;

    let report =
        tarkka_app::verify::verify(&workspace, true, 2, &tarkka_ledger::verify::NoProgress)?;
    let sheets: usize = state.encounters.values().map(|e| e.scoresheets.len()).sum();
    let human = |e: &&tarkka_ledger::EncounterState| {
        e.scoresheets.iter().filter(|s| s.payload.source == Source::Human).count()
    };
    let multi = state.encounters.values().filter(|e| human(e) > 1).count();
    let by_auditors: usize = state.encounters.values().map(|e| human(&e)).sum();
    let verdict = if report.is_clean() {
        t("kaikki kunnossa", "all holds")
    } else {
        t("HAVAINTOJA — katso `tarkka verify`", "FINDINGS — see `tarkka verify`")
    };
    print(&format!(
        "6. {}: {} {}, {} {} ({} {}, {} {}; {} {}), {} {} → {verdict}\n   {}: {}\n   {}: {}\n",
        t("Tarkistus", "Verification"),
        report.entries,
        t("merkintää", "entries"),
        sheets,
        t("pisteytystä", "scoresheets"),
        by_auditors,
        t("arvioijien", "by auditors"),
        sheets - by_auditors,
        t("automaattista", "automatic"),
        multi,
        t("kohtaamista usean arvioijan pisteyttämänä", "encounters scored by several auditors"),
        report.evidence_files,
        t("näyttötiedostoa", "evidence files"),
        t("Pääkirjan pää", "Ledger head"),
        report.head,
        t("Merkle-juuri", "Merkle root"),
        report.merkle_root,
    ))?;
    print(&format!("7. {}\n", t("Arvioijien yhtäpitävyys", "Auditor agreement")))?;
    print(&crate::calibrate_cmd::summary(&state, lang)?)?;
    print(&format!("8. {}\n", t("Johdon raportti", "The management report")))?;
    let request = tarkka_app::report::Request {
        period: tarkka_report::Period::Month,
        min_group: 5,
        from: None,
        to: None,
        location: Vec::new(),
        rubric: Vec::new(),
        xlsx: true,
        lang,
        checkpoint: None,
        decide_within_days: tarkka_app::config::DisputeRules::default().decide_within_days,
        zone: config.zone()?.0,
    };
    crate::report_cmd::written(&workspace, &request, &out.join("report"), lang)?;
    print("\n")?;
    let shown = out.display();
    print(&format!(
        "{}\n  cd {shown}\n  tarkka scores\n  tarkka queue --all\n  tarkka disputes\n  tarkka assign --verify\n  tarkka encounter show {}\n  tarkka calibrate\n  tarkka check tune\n  tarkka followups\n  tarkka check --rubric rubrics/service-call.toml samples/evidence/S-2026-004/litterointi.txt --explain follow-up.commitment --start 2026-02-17T09:30:00+02:00\n  tarkka verify\n{}\n  rm evidence/sha256/*/{}*\n  tarkka verify   # exit 1\n",
        t("Seuraavaksi:", "Next:"),
        first_encounter(&state).unwrap_or("ID"),
        t(
            "Poista äänite ja katso, miten verify nimeää sen ja siihen nojaavat pisteytykset:",
            "Delete a recording and watch verify name it and the scores relying on it:"
        ),
        first_recording(&state).map_or(String::new(), |hex| hex[..12].to_string()),
    ))?;
    Ok(if report.is_clean() { Outcome::Success } else { Outcome::Negative })
}

/// The review workflow played through on the demo's data, the clock moved
/// forward step by step from now: the team lead commits the weekly plan
/// before next week begins, a seller disputes two evaluations and the lead
/// decides them, agents acknowledge theirs, and once the week is over
/// its calls come from the telephony system and the sample is drawn.
fn review_work(context: &Context, out: &Path, lang: tarkka_rubric::Lang) -> anyhow::Result<()> {
    use tarkka_app::{assign, dispute};
    let t = |fi: &'static str, en: &'static str| lang.pick(fi, en);
    let day = |d: jiff::civil::Date| crate::workflow_cmd::day(d, lang);
    let (_, config) = context.workspace()?;
    let zone = config.zone()?.0;
    let now = context.now()?;
    let at = |date: jiff::civil::Date, hour: i8| -> anyhow::Result<jiff::Timestamp> {
        Ok(date.at(hour, 0, 0, 0).to_zoned(zone.clone())?.timestamp())
    };
    let today = now.to_zoned(zone.clone()).date();
    // Next week: from the Monday after today.
    let mut from = today.tomorrow()?;
    while from.weekday() != jiff::civil::Weekday::Monday {
        from = from.tomorrow()?;
    }
    let to = from.checked_add(jiff::Span::new().days(6))?;
    let week = from.iso_week_date();
    let period = format!("{}-W{:02}", week.year(), week.week());
    std::fs::create_dir_all(out.join("plans"))?;
    let plan = out.join("plans/weekly-service-calls.toml");
    std::fs::copy(out.join("samples/plans/weekly-service-calls.toml"), &plan)?;
    let lead = "tiina";
    let committed = assign::commit(
        &context.writer_at(lead, now)?,
        &assign::Commit { plan: plan.clone(), period: period.clone() },
    )?;
    print(&format!(
        "   {} {} {} {}–{} ({} {}, {} {lead}); {} {}…\n",
        t("Suunnitelma", "Plan"),
        committed.plan,
        t("sitoutettu ennen viikkoa", "committed before the week of"),
        day(from),
        day(to),
        t("merkintä", "entry"),
        committed.seq,
        t("tiiminvetäjä", "team lead"),
        t("arvonnan siemen", "the draw's seed"),
        &committed.seed.to_hex()[..16],
    ))?;
    // Disputes and acknowledgements on the evaluations just recorded: a
    // store's seller disputes two of their mystery-shopping visits.
    let agent = "myyja-hansa-1";
    let opened = dispute::open(
        &context.writer_at(agent, at(today.tomorrow()?, 9)?)?,
        &dispute::Open {
            encounter: "V-2026-004".into(),
            criteria: vec![
                ("closing.checks".into(), "yes".into()),
                ("service.quality-under-pressure".into(), "yes".into()),
            ],
            reason: t(
                "Kysyin kassalla, löytyikö kaikki; jonossa oli ruuhka.",
                "I asked at the till whether everything was found; the queue was long.",
            )
            .into(),
            auditor: None,
        },
    )?;
    let rejected = dispute::open(
        &context.writer_at(agent, at(today.tomorrow()?, 10)?)?,
        &dispute::Open {
            encounter: "V-2026-010".into(),
            criteria: vec![("communication.out-of-order".into(), "yes".into())],
            reason: t("Kyltti oli ovessa.", "The sign was on the door.").into(),
            auditor: None,
        },
    )?;
    let decide_day = today.checked_add(jiff::Span::new().days(2))?;
    let partly = dispute::decide(
        &context.writer_at(lead, at(decide_day, 9)?)?,
        &dispute::Decide {
            dispute: opened.dispute.clone(),
            accept: vec!["closing.checks".into()],
            reject: vec!["service.quality-under-pressure".into()],
            reason: t(
                "Kuitin aikaleima ja kassan kysymys täsmäävät; kassi jäi silti tarkistamatta.",
                "The receipt and the question at the till match; the bag was still not checked.",
            )
            .into(),
        },
    )?;
    dispute::decide(
        &context.writer_at(lead, at(decide_day, 10)?)?,
        &dispute::Decide {
            dispute: rejected.dispute.clone(),
            accept: Vec::new(),
            reject: vec!["all".into()],
            reason: t(
                "Arvioijan kuvassa ovessa ei ole kylttiä.",
                "The auditor's photo shows no sign on the door.",
            )
            .into(),
        },
    )?;
    let percent = |f| crate::output::percent(f, lang);
    print(&format!(
        "   {} {} ({agent}): {} ({lead}), {} → {}; {} {}: {}\n",
        t("Kiista", "Dispute"),
        opened.dispute,
        t("osin hyväksytty", "partly accepted"),
        percent(partly.overall_before),
        percent(partly.overall_after),
        t("kiista", "dispute"),
        rejected.dispute,
        t("hylätty", "rejected"),
    ))?;
    let ack_day = today.checked_add(jiff::Span::new().days(3))?;
    for (encounter, who) in
        [("V-2026-004", agent), ("V-2026-001", "myyja-kamppi-1"), ("V-2026-019", "myyja-kamppi-1")]
    {
        dispute::acknowledge(
            &context.writer_at(who, at(ack_day, 8)?)?,
            &dispute::Acknowledge { encounter: encounter.into(), comment: None, auditor: None },
        )?;
    }
    print(&format!(
        "   {}: V-2026-004 ({agent}), V-2026-001, V-2026-019 (myyja-kamppi-1)\n",
        t("Kuitattu nähdyksi", "Acknowledged"),
    ))?;
    // The week's calls from the telephony system, then the draw.
    let mut csv = String::from(
        "encounter,rubric,time,location,agent,auditor,channel,scenario,profile.language,profile.repeat_contact\n",
    );
    let mut n = 0;
    let mut date = from;
    while date <= to {
        if date.weekday() != jiff::civil::Weekday::Saturday
            && date.weekday() != jiff::civil::Weekday::Sunday
        {
            for agent in ["agent-oulu-1", "agent-oulu-2", "agent-oulu-3", "agent-oulu-4"] {
                for hour in [9, 13] {
                    n += 1;
                    let scenario = if n % 9 == 0 { "Testipuhelu" } else { "Laskutuskysymys" };
                    let offset = date.at(hour, 0, 0, 0).to_zoned(zone.clone())?.offset();
                    let _ = std::fmt::Write::write_fmt(
                        &mut csv,
                        format_args!(
                            "W-{n:03},service-call,{date}T{hour:02}:{:02}{offset},Oulu asiakaspalvelukeskus,{agent},aino,call,{scenario},fi,false\n",
                            (n * 7) % 60
                        ),
                    );
                }
            }
        }
        date = date.tomorrow()?;
    }
    let calls = out.join("samples/week-calls.csv");
    std::fs::write(&calls, csv)?;
    let after = at(to.tomorrow()?, 7)?;
    let imported = import::encounters(
        &context.writer_at(lead, after)?,
        &import::Encounters {
            file: calls,
            rubrics: Vec::new(),
            csv: tarkka_app::table::Options::default(),
            dry_run: false,
        },
    )?;
    let drew = assign::draw(
        &context.writer_at(lead, at(to.tomorrow()?, 8)?)?,
        &assign::Draw { plan: "weekly-service-calls".into(), period: period.clone() },
    )?;
    let load = |auditor: &str| {
        drew.assignments.iter().filter(|a| a.auditors.iter().any(|x| x == auditor)).count()
    };
    print(&format!(
        "   {} {} {}; {} {} {} {} ({} {} × {}): aino {}, mikko {}, sara {} ({} {} {})\n",
        t("Viikon", "The week's"),
        imported.count,
        t("puhelua kirjattu", "calls logged"),
        t("arvottu", "drawn"),
        drew.assignments.len(),
        t("joukosta", "from a pool of"),
        drew.pool,
        drew.strata,
        t("ositetta", "strata"),
        drew.quota,
        load("aino"),
        load("mikko"),
        load("sara"),
        drew.assignments[0].encounter,
        t("kaikille arvioijille", "to every auditor"),
        t("kalibrointiin", "for calibration"),
    ))?;
    let waiting = assign::queue(
        &context.workspace()?.0,
        &assign::Queue { auditor: Some("aino".into()), today: to.tomorrow()? },
    )?;
    // aino scores the first call of her queue (answered as she answered
    // S-2026-002, a call like it).
    let (workspace, _) = context.workspace()?;
    let state = LedgerState::replay(&workspace.ledger())?;
    let like = tarkka_app::chain::chains(&state.encounters["S-2026-002"])
        .into_iter()
        .find(|c| c.sheet.payload.auditor == "aino")
        .context("S-2026-002 has aino's scoresheet")?
        .answers()?;
    // A call of one of the two agents new this week: aino has five of the
    // eight drawn, so one of them is always hers, and the agents the
    // samples already know keep their numbers whatever the draw.
    let first = waiting
        .iter()
        .find(|w| w.agent == "agent-oulu-3" || w.agent == "agent-oulu-4")
        .context("aino has a new agent's call")?
        .encounter
        .clone();
    let target = tarkka_app::score::target(&workspace, &first)?;
    let scored = tarkka_app::score::answers(&target, like)?;
    let reason = t(
        "äänite tulee puhelinjärjestelmän viennin mukana",
        "the recording comes with the telephony export",
    );
    let sheet = tarkka_app::score::sheet(&target, &scored, "aino", Some(reason))?;
    let score_day = to.tomorrow()?.tomorrow()?;
    tarkka_app::score::record(&context.writer_at("aino", at(score_day, 10)?)?, &sheet)?;
    print(&format!(
        "   {}: {} {}, {} {}; {} {first} ({}), {} {}\n",
        t("Ainon jono", "aino's queue"),
        waiting.len(),
        t("odottaa", "waiting"),
        t("määräpäivä", "due"),
        waiting.first().map_or("–".to_string(), |w| day(w.due)),
        t("aino pisteyttää niistä", "aino scores"),
        percent(scored.result.overall),
        waiting.len() - 1,
        t("jäljellä", "left"),
    ))?;
    Ok(())
}

/// Whether a directory is a workspace `tarkka demo` made.
fn is_earlier_demo(dir: &Path) -> bool {
    let config = std::fs::read_to_string(dir.join(tarkka_ledger::CONFIG_FILE)).unwrap_or_default();
    toml::from_str::<Config>(&config).is_ok_and(|c| c.name.as_deref() == Some(DEMO_NAME))
}

/// The name a demo workspace is given.
const DEMO_NAME: &str = "tarkka demo";

fn first_encounter(state: &LedgerState) -> Option<&str> {
    state
        .encounters
        .values()
        .min_by_key(|e| e.logged.seq)
        .map(|e| e.logged.payload.encounter.as_str())
}

fn first_recording(state: &LedgerState) -> Option<String> {
    state
        .encounters
        .values()
        .flat_map(|e| e.evidence.iter())
        .filter(|e| e.payload.kind == "recording")
        .min_by_key(|e| e.seq)
        .map(|e| e.payload.sha256.to_hex())
}

pub fn extract(dir: &Dir<'_>, to: &Path, lang: tarkka_rubric::Lang) -> anyhow::Result<()> {
    let shown = to.display().to_string();
    std::fs::create_dir_all(to).with_context(|| {
        crate::output::tr(lang, &tarkka_i18n::msg!("dir-uncreatable", dir = &shown))
    })?;
    dir.extract(to).with_context(|| {
        crate::output::tr(lang, &tarkka_i18n::msg!("cli-samples-unwritable", dir = &shown))
    })
}

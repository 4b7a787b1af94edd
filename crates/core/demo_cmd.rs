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
        store: None,
    };
    config::create(&out, &config)?;
    extract(&RUBRICS, &out.join("rubrics"), lang)?;
    extract(&SAMPLES, &out.join("samples"), lang)?;
    let context = context.in_workspace(out.clone(), "demo");
    print(&format!("{} {}\n\n", t("Esittelytyötila:", "Demo workspace:"), out.display()))?;
    // The demo plays a team's last weeks through, every entry in the past:
    // the samples recorded on the Friday before last week, the weekly plan
    // committed then, disputes over the weekend, the week's calls drawn
    // this Monday. Nothing written later can come before it.
    let week = Week::last_before(context.now()?, &config.zone()?.0)?;
    let imports = context.at(week.at(-3, 8)?);

    let samples = out.join("samples");
    let csv = tarkka_app::table::Options::default();
    let mut rubrics: Vec<PathBuf> = std::fs::read_dir(out.join("rubrics"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    rubrics.sort();
    print(&format!("1. {}\n", t("Kohtaamiset ja arviointilomakkeet", "Encounters and rubrics")))?;
    crate::import_cmd::encounters_with(
        &imports,
        &import::Encounters {
            file: samples.join("encounters.csv"),
            rubrics,
            new_names: false,
            csv,
            dry_run: false,
        },
    )?;
    print(&format!(
        "2. {}\n",
        t(
            "Näyttö (äänitteet, litteroinnit, kuvat, kuitit)",
            "Evidence (recordings, transcripts, photos, receipts)"
        )
    ))?;
    crate::import_cmd::evidence_with(&imports, samples.join("evidence.csv"), csv, None, false)?;
    print(&format!("3. {}\n", t("Arvioijien vastaukset", "The auditors' answers")))?;
    crate::import_cmd::answers_with(
        &imports,
        &import::Answers {
            file: samples.join("answers.csv"),
            allow_missing_evidence: None,
            new_names: false,
            csv,
            dry_run: false,
        },
    )?;

    print(&format!(
        "4. {}\n",
        t("Litterointien automaattinen tarkistus", "Automatic checks of the transcripts")
    ))?;
    let checked = tarkka_app::check::record(
        &context.at(week.at(-3, 8)?).writer()?,
        &tarkka_app::check::Record::default(),
    )?;
    let mut verdicts = [0; 4];
    for one in &checked {
        for (sum, n) in verdicts.iter_mut().zip(one.counts) {
            *sum += n;
        }
    }
    print(&format!(
        "   {} {}, {} {}: {}\n",
        checked.len(),
        t("litterointia", "transcripts"),
        verdicts.iter().sum::<usize>(),
        t("automaattista vastausta", "automatic answers"),
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
    review_work(&context, &week, &out, lang)?;
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
        period: tarkka_report::Period::Auto,
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
        "{}\n  cd {shown}\n  tarkka scores\n  tarkka queue --all\n  tarkka disputes\n  tarkka assign --verify\n  tarkka encounter show V-2026-004\n  tarkka encounter show {}\n  tarkka calibrate\n  tarkka check tune\n  tarkka followups\n  tarkka check --rubric rubrics/service-call.toml samples/evidence/S-2026-004/litterointi.txt --explain follow-up.commitment --start 2026-02-17T09:30:00+02:00\n  tarkka verify\n{}\n  rm evidence/sha256/*/{}*\n  tarkka verify   # exit 1\n",
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
fn review_work(
    context: &Context,
    week: &Week,
    out: &Path,
    lang: tarkka_rubric::Lang,
) -> anyhow::Result<()> {
    use tarkka_app::{assign, dispute};
    let t = |fi: &'static str, en: &'static str| lang.pick(fi, en);
    let day = |d: jiff::civil::Date| crate::workflow_cmd::day(d, lang);
    let (from, to) = (week.from, week.to());
    let iso = from.iso_week_date();
    let period = format!("{}-W{:02}", iso.year(), iso.week());
    std::fs::create_dir_all(out.join("plans"))?;
    let plan = out.join("plans/weekly-service-calls.toml");
    std::fs::copy(out.join("samples/plans/weekly-service-calls.toml"), &plan)?;
    let lead = "tiina";
    let committed = assign::commit(
        &context.writer_at(lead, week.at(-3, 9)?)?,
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
        &context.writer_at(agent, week.at(-2, 10)?)?,
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
        &context.writer_at(agent, week.at(-2, 11)?)?,
        &dispute::Open {
            encounter: "V-2026-010".into(),
            criteria: vec![("communication.out-of-order".into(), "yes".into())],
            reason: t("Kyltti oli ovessa.", "The sign was on the door.").into(),
            auditor: None,
        },
    )?;
    let partly = dispute::decide(
        &context.writer_at(lead, week.at(0, 9)?)?,
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
        &context.writer_at(lead, week.at(0, 10)?)?,
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
    for (encounter, who) in
        [("V-2026-004", agent), ("V-2026-001", "myyja-kamppi-1"), ("V-2026-019", "myyja-kamppi-1")]
    {
        dispute::acknowledge(
            &context.writer_at(who, week.at(1, 8)?)?,
            &dispute::Acknowledge { encounter: encounter.into(), comment: None, auditor: None },
        )?;
    }
    print(&format!(
        "   {}: {agent} V-2026-004; myyja-kamppi-1 V-2026-001 {} V-2026-019\n",
        t("Arvioinnin nähneeksi kuittasivat", "Evaluations acknowledged by their agents"),
        t("ja", "and"),
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
                    let offset = date.at(hour, 0, 0, 0).to_zoned(week.zone.clone())?.offset();
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
    let after = week.at(7, 7)?;
    let imported = import::encounters(
        &context.writer_at(lead, after)?,
        &import::Encounters {
            file: calls,
            rubrics: Vec::new(),
            new_names: false,
            csv: tarkka_app::table::Options::default(),
            dry_run: false,
        },
    )?;
    let drew = assign::draw(
        &context.writer_at(lead, week.at(7, 8)?)?,
        &assign::Draw { plan: "weekly-service-calls".into(), period: period.clone() },
    )?;
    let load = |auditor: &str| {
        drew.assignments.iter().filter(|a| a.auditors.iter().any(|x| x == auditor)).count()
    };
    print(&format!(
        "   {} {} {}; {} {} {} {} ({} {} × {}); {} {}: aino {}, mikko {}, sara {} ({} {} {})\n",
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
        t("arviointitehtäviä", "review tasks"),
        ["aino", "mikko", "sara"].map(load).iter().sum::<usize>(),
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
    tarkka_app::score::record(&context.writer_at("aino", week.at(7, 9)?)?, &target, &sheet)?;
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

/// The week the demo plays through: the latest full ISO week whose
/// following Monday morning has passed.
struct Week {
    from: jiff::civil::Date,
    zone: jiff::tz::TimeZone,
}

impl Week {
    fn last_before(now: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> anyhow::Result<Week> {
        let today = now.to_zoned(zone.clone()).date();
        let mut monday = today;
        while monday.weekday() != jiff::civil::Weekday::Monday {
            monday = monday.yesterday()?;
        }
        let week =
            Week { from: monday.checked_sub(jiff::Span::new().days(7))?, zone: zone.clone() };
        // The draw and the score on the Monday after take until 10:00.
        Ok(if now < week.at(7, 10)? {
            Week { from: week.from.checked_sub(jiff::Span::new().days(7))?, ..week }
        } else {
            week
        })
    }

    fn to(&self) -> jiff::civil::Date {
        self.from.checked_add(jiff::Span::new().days(6)).expect("a week fits")
    }

    /// `hour` o'clock `days` after the week's Monday (before it when
    /// negative), in the workspace's zone.
    fn at(&self, days: i64, hour: i8) -> anyhow::Result<jiff::Timestamp> {
        let date = self.from.checked_add(jiff::Span::new().days(days))?;
        Ok(date.at(hour, 0, 0, 0).to_zoned(self.zone.clone())?.timestamp())
    }
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

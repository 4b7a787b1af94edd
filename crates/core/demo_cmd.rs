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
        "5. {}: {} {}, {} {} ({} {}, {} {}; {} {}), {} {} → {verdict}\n   {}: {}\n   {}: {}\n",
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
    print(&format!("6. {}\n", t("Arvioijien yhtäpitävyys", "Auditor agreement")))?;
    print(&crate::calibrate_cmd::summary(&state, lang)?)?;
    print(&format!("7. {}\n", t("Johdon raportti", "The management report")))?;
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
    };
    crate::report_cmd::written(&workspace, &request, &out.join("report"), lang)?;
    print("\n")?;
    let shown = out.display();
    print(&format!(
        "{}\n  cd {shown}\n  tarkka scores\n  tarkka encounter show {}\n  tarkka calibrate\n  tarkka check tune\n  tarkka followups\n  tarkka check --rubric rubrics/service-call.toml samples/evidence/S-2026-004/litterointi.txt --explain follow-up.commitment --start 2026-02-17T09:30:00+02:00\n  tarkka verify\n{}\n  rm evidence/sha256/*/{}*\n  tarkka verify   # exit 1\n",
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

//! `tarkka import encounters | answers | evidence`: CSV in, all or nothing.

use std::path::PathBuf;

use tarkka_app::import::{self, Imported};
use tarkka_app::table::Dialect;

use crate::Outcome;
use crate::args::{ImportAnswersArgs, ImportEncountersArgs, ImportEvidenceArgs};
use crate::context::Context;
use crate::output::print;
use crate::progress::Bar;

/// The line an import ends with: what was recorded (or checked) and how
/// the file was read.
pub fn summary(
    context: &Context,
    dry_run: bool,
    recorded: usize,
    // What was recorded: one and many, in Finnish, then in English.
    [one_fi, many_fi, one_en, many_en]: [&str; 4],
    dialect: &Dialect,
) -> anyhow::Result<()> {
    let lang = context.lang();
    let verb = if dry_run {
        lang.pick("Tarkistettu, ei kirjattu", "Checked, nothing recorded")
    } else {
        lang.pick("Kirjattu", "Recorded")
    };
    print(&format!(
        "{verb}: {recorded} {} ({})\n",
        if recorded == 1 { lang.pick(one_fi, one_en) } else { lang.pick(many_fi, many_en) },
        dialect.describe(lang)
    ))
}

/// `tarkka import encounters`, for the command and the demo.
pub fn encounters_with(
    context: &Context,
    request: &import::Encounters,
) -> anyhow::Result<Imported> {
    let imported = import::encounters(&context.writer()?, request)?;
    summary(
        context,
        request.dry_run,
        imported.count,
        ["kohtaaminen", "kohtaamista", "encounter", "encounters"],
        &imported.dialect,
    )?;
    Ok(imported)
}

/// `tarkka import answers`, for the command and the demo.
pub fn answers_with(context: &Context, request: &import::Answers) -> anyhow::Result<Imported> {
    let writer = context.writer()?;
    let lang = context.lang();
    let bar = Bar::count(lang.pick("Pisteytetään", "Scoring"));
    let imported = import::answers(&writer, request, &bar)?;
    let prefix = crate::output::tr(lang, &tarkka_i18n::msg!("cli-warning-prefix"));
    for warning in &imported.warnings {
        let text = tarkka_i18n::msg!(
            "import-warning",
            place = warning.place.as_str(),
            encounter = warning.encounter.as_str(),
            auditor = warning.auditor.as_str(),
            warning = tarkka_scoring::render_warning(lang.pick("fi", "en"), &warning.warning)
        );
        eprintln!("tarkka: {prefix}: {}", crate::output::tr(lang, &text));
    }
    summary(
        context,
        request.dry_run,
        imported.count,
        ["pisteytys", "pisteytystä", "scoresheet", "scoresheets"],
        &imported.dialect,
    )?;
    Ok(imported)
}

/// `tarkka import evidence`, for the command and the demo.
pub fn evidence_with(
    context: &Context,
    file: PathBuf,
    csv: tarkka_app::table::Options,
    base: Option<PathBuf>,
    dry_run: bool,
) -> anyhow::Result<usize> {
    let (workspace, _) = context.workspace()?;
    let key_dirs = context.key_dirs();
    let request = import::Evidence { file, csv, base, key_dirs };
    let (items, dialect) = import::evidence(&workspace, &request)?;
    let mut recorded = items.len();
    let mut there = 0;
    if !dry_run {
        let bar = Bar::bytes(context.lang().pick("Tiivisteet", "Hashing"), true, context.lang());
        let attached = tarkka_app::evidence::attach_all(&context.writer()?, &items, false, &bar)?;
        there = attached.iter().filter(|(p, _)| p.already_attached).count();
        recorded -= there;
    }
    summary(
        context,
        dry_run,
        recorded,
        ["näyttötiedosto", "näyttötiedostoa", "evidence file", "evidence files"],
        &dialect,
    )?;
    if there > 0 {
        let text = tarkka_i18n::msg!("import-evidence-already", count = there);
        print(&format!("{}\n", crate::output::tr(context.lang(), &text)))?;
    }
    Ok(recorded)
}

pub fn encounters(args: &ImportEncountersArgs, context: &Context) -> anyhow::Result<Outcome> {
    let request = import::Encounters {
        file: args.file.clone(),
        rubrics: args.rubrics.clone(),
        new_names: args.new_names,
        csv: args.dialect.csv.options(),
        dry_run: args.dialect.dry_run,
    };
    encounters_with(context, &request)?;
    Ok(Outcome::Success)
}

pub fn answers(args: &ImportAnswersArgs, context: &Context) -> anyhow::Result<Outcome> {
    let request = import::Answers {
        file: args.file.clone(),
        allow_missing_evidence: args.allow_missing_evidence.clone(),
        new_names: args.new_names,
        csv: args.dialect.csv.options(),
        dry_run: args.dialect.dry_run,
    };
    answers_with(context, &request)?;
    Ok(Outcome::Success)
}

pub fn evidence(args: &ImportEvidenceArgs, context: &Context) -> anyhow::Result<Outcome> {
    let csv = args.dialect.csv.options();
    evidence_with(context, args.file.clone(), csv, args.base.clone(), args.dialect.dry_run)?;
    Ok(Outcome::Success)
}

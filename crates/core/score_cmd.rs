//! `tarkka score --rubric FILE --answers FILE...`: score answers files.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use tarkka_app::score::Scored;
use tarkka_rubric::{Lang, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Status, Verdict};

use crate::Outcome;
use crate::args::{Format, ScoreArgs};
use crate::context::Context;
use crate::output::{BAD, GOOD, NOTE, paint, print, table};

pub fn run(args: &ScoreArgs, context: &Context) -> anyhow::Result<Outcome> {
    match &args.encounter {
        Some(encounter) => record(args, encounter, context),
        None => score_files(args, context),
    }
}

/// Scores answers files against `--rubric`; records nothing.
fn score_files(args: &ScoreArgs, context: &Context) -> anyhow::Result<Outcome> {
    let lang = context.lang();
    let path = args.rubric.as_ref().expect("clap requires --rubric without an encounter");
    let (rubric, scored) = tarkka_app::score::files(path, &args.answers)?;
    print_scored(&rubric, &scored, args.format, lang)?;
    Ok(Outcome::Success)
}

fn print_scored(
    rubric: &Rubric,
    scored: &[Scored],
    format: Format,
    lang: Lang,
) -> anyhow::Result<()> {
    for one in scored {
        for warning in &one.result.warnings {
            eprintln!("tarkka: warning: {}: {warning}", one.file);
        }
    }
    match format {
        Format::Json => {
            let report: Vec<serde_json::Value> = scored
                .iter()
                .map(|one| serde_json::json!({ "file": one.file, "encounter": one.encounter, "result": one.result }))
                .collect();
            print(&format!("{}\n", serde_json::to_string_pretty(&report)?))
        }
        Format::Text => {
            let texts: Vec<String> = scored.iter().map(|one| render(rubric, one, lang)).collect();
            print(&texts.join("\n"))
        }
    }
}

/// Scores a logged encounter's answers and records the scoresheet.
fn record(args: &ScoreArgs, encounter_id: &str, context: &Context) -> anyhow::Result<Outcome> {
    let writer = context.writer()?;
    let lang = context.lang();
    let target = tarkka_app::score::target(&writer.workspace, encounter_id)?;
    let interactive = args.answers.is_empty();
    let suggestions = if args.suggest {
        Some(tarkka_app::score::suggestions(&writer.workspace, &target, &args.speaker)?)
    } else {
        if interactive && suggestions_possible(&target) {
            print(&format!(
                "{}\n",
                lang.pick(
                    "Vihje: --suggest aloittaa automaattisten tarkistusten ehdotuksista.",
                    "Tip: --suggest starts from the automatic checks' suggestions."
                )
            ))?;
        }
        None
    };
    let one = match args.answers.as_slice() {
        [] => match crate::interactive::ask(
            &target.rubric,
            target.encounter(),
            &target.profile,
            suggestions.as_ref(),
            lang,
        )? {
            Some(answers) => tarkka_app::score::answers(&target, answers)?,
            None => return Ok(Outcome::Negative),
        },
        [answers_path] => tarkka_app::score::target_file(&target, answers_path)?,
        more => anyhow::bail!("an encounter takes one answers file, not {}", more.len()),
    };
    let mut sheet = tarkka_app::score::sheet(
        &target,
        &one,
        &writer.actor,
        args.allow_missing_evidence.as_deref(),
    )?;
    sheet.assisted =
        suggestions.as_ref().map(|suggestions| Box::new(suggestions.review(&one.answers)));
    if interactive {
        print_scored(&target.rubric, std::slice::from_ref(&one), Format::Text, lang)?;
        if let Some(assisted) = &sheet.assisted {
            print(&format!("{}\n", crate::output::review_text(assisted, lang)))?;
        }
        if !crate::interactive::confirm(lang)? {
            print(&format!("{}\n", lang.pick("Ei kirjattu.", "Not recorded.")))?;
            return Ok(Outcome::Negative);
        }
    }
    let appended = tarkka_app::score::record(&writer, &sheet)?;
    if !interactive {
        print_scored(&target.rubric, std::slice::from_ref(&one), args.format, lang)?;
    }
    if args.format == Format::Text {
        print(&format!(
            "{} {} ({} {}, {})\n",
            lang.pick("Pisteytys kirjattu:", "Scoresheet recorded:"),
            encounter_id,
            lang.pick("merkintä", "entry"),
            appended.seq,
            appended.hash
        ))?;
    }
    Ok(Outcome::Success)
}

/// Whether `--suggest` would have something to offer: a transcript and a
/// rubric with checks.
fn suggestions_possible(target: &tarkka_app::score::Target) -> bool {
    target.rubric.rules_fingerprint().is_some()
        && target.encounter().evidence.iter().any(|e| e.payload.kind == "transcript")
}

fn percent(score: Option<tarkka_rubric::Fraction>) -> String {
    score.map_or_else(|| "–".to_string(), |score| format!("{} %", score.to_percent_string()))
}

/// One scored encounter for a person: every section and criterion, then the
/// overall score, the critical failures and the verdict.
fn render(rubric: &Rubric, one: &Scored, lang: Lang) -> String {
    let t = |fi, en| lang.pick(fi, en);
    let result = &one.result;
    let mut out = String::new();
    let name = one.encounter.as_deref().unwrap_or(&one.file);
    let _ =
        writeln!(out, "{name}  —  {} ({} {})", rubric.title.get(lang), rubric.id, rubric.version);
    let mut table = table(&[
        t("kohta", "criterion"),
        t("vastaus", "answer"),
        t("osuus", "credit"),
        t("tila", "status"),
    ]);
    for section in &result.sections {
        let title = rubric.section(&section.id).map_or("", |s| s.title.get(lang));
        let mut note = String::new();
        if !section.zeroed_by.is_empty() {
            note = format!(
                "{} {} ({} {})",
                t("nollattu:", "zeroed by"),
                section.zeroed_by.join(", "),
                t("ilman:", "was"),
                percent(section.before_critical)
            );
        } else if let Some(bonus) = section.bonus_only {
            note = format!("{} +{} %", t("vain bonusta", "bonus only"), bonus.to_percent_string());
        }
        table.add_row(vec![
            Cell::new(format!("■ {} {title}", section.id)),
            Cell::new(""),
            Cell::new(percent(section.score)).set_alignment(CellAlignment::Right),
            Cell::new(note),
        ]);
        for criterion in result.criteria.iter().filter(|c| c.section == section.id) {
            let status = match criterion.status {
                // A bonus only adds; calling a missed bonus a failure would mislead.
                Status::Answered if criterion.failed && !criterion.bonus => t("ei täyty", "failed"),
                Status::Answered => "",
                Status::NotApplicable => "N/A",
                Status::NotApplicableByRule => {
                    t("ei koske tätä asiakasta", "not applicable by rule")
                }
                Status::Missing => t("puuttuu", "missing"),
            };
            let critical = result.critical_failures.iter().any(|f| f.criterion == criterion.id);
            let status = if critical {
                format!("{status} — {}", t("KRIITTINEN", "CRITICAL"))
            } else {
                status.to_string()
            };
            let bonus = if criterion.bonus { " (bonus)" } else { "" };
            table.add_row(vec![
                Cell::new(format!("  {}{bonus}", criterion.id)),
                Cell::new(answer_text(one.answers.get(&criterion.id), lang)),
                Cell::new(percent(criterion.credit)).set_alignment(CellAlignment::Right),
                Cell::new(status),
            ]);
        }
    }
    let _ = writeln!(out, "{table}");
    let verdict = match result.verdict {
        Verdict::Pass => paint(t("HYVÄKSYTTY", "PASS"), GOOD),
        Verdict::Fail => paint(t("HYLÄTTY", "FAIL"), BAD),
        Verdict::NotScored => paint(t("EI PISTEITÄ", "NOT SCORED"), NOTE),
    };
    let _ = writeln!(
        out,
        "{}: {}   {verdict} ({} {} %)",
        t("Kokonaispisteet", "Overall"),
        percent(result.overall),
        t("raja", "threshold"),
        rubric.pass_threshold.to_percent_string()
    );
    if !result.critical_failures.is_empty() {
        let failures: Vec<String> = result
            .critical_failures
            .iter()
            .map(|failure| {
                let scope = match failure.scope {
                    tarkka_rubric::CriticalScope::Section => t("osio", "section"),
                    tarkka_rubric::CriticalScope::Overall => t("kaikki", "overall"),
                };
                format!("{} ({scope})", failure.criterion)
            })
            .collect();
        let _ = writeln!(
            out,
            "{}: {}   {} {}",
            t("Kriittiset virheet", "Critical failures"),
            failures.join(", "),
            t("ilman niitä", "without them"),
            percent(result.overall_before_critical)
        );
    }
    let _ = writeln!(
        out,
        "{}: sha256:{}",
        t("Arviointilomakkeen sormenjälki", "Rubric fingerprint"),
        result.fingerprint
    );
    out
}

/// The auditor's answer as given, with a mark when there is a comment.
fn answer_text(answer: Option<&Answer>, lang: Lang) -> String {
    let Some(answer) = answer else {
        return String::new();
    };
    let value = match &answer.value {
        AnswerValue::Yes => lang.pick("kyllä", "yes").to_string(),
        AnswerValue::No => lang.pick("ei", "no").to_string(),
        AnswerValue::NotApplicable => "N/A".to_string(),
        other => other.to_string(),
    };
    if answer.has_comment() { format!("{value} ✎") } else { value }
}

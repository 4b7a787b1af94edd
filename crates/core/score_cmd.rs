//! `tarkka score --rubric FILE --answers FILE...`: score answers files.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use tarkka_app::score::Scored;
use tarkka_i18n::msg;
use tarkka_rubric::{Lang, Rubric};
use tarkka_scoring::{Answer, Status, Verdict};

use crate::Outcome;
use crate::args::{Format, ScoreArgs};
use crate::context::Context;
use crate::output::{BAD, GOOD, NOTE, paint, print, table, tr};

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
            let warning = tarkka_scoring::render_warning(lang.pick("fi", "en"), warning);
            eprintln!("tarkka: {}: {}: {warning}", tr(lang, &msg!("cli-warning-prefix")), one.file);
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
    let mut target = tarkka_app::score::target(&writer.workspace, encounter_id)?;
    // Before any answer is asked: the scoresheet is the writer's.
    if !args.new_name {
        tarkka_app::score::check_auditor(&writer.workspace, &target, &writer.actor)?;
    }
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
    let kept_as_draft = || {
        print(&format!(
            "{}\n",
            lang.pick(
                format!(
                    "Vastaukset säilyvät luonnoksena: `tarkka score {encounter_id}` jatkaa siitä."
                ),
                format!(
                    "The answers are kept as a draft: `tarkka score {encounter_id}` resumes it."
                ),
            )
        ))
    };
    let suggested = suggestions.as_ref().map(|s| {
        let mut speakers = args.speaker.clone();
        speakers.sort();
        tarkka_app::draft::Suggested {
            rules: s.rules_fingerprint.clone(),
            transcript: s.digest.to_hex(),
            speakers: speakers.join(","),
        }
    });
    let one = match args.answers.as_slice() {
        [] => {
            let Some(resumed) = resume(&writer, &target, suggested.as_ref(), lang)? else {
                return Ok(Outcome::Negative);
            };
            let keep = |answers: &tarkka_scoring::Answers| -> anyhow::Result<()> {
                tarkka_app::draft::save(
                    &writer.workspace,
                    &target.rubric,
                    encounter_id,
                    &writer.actor,
                    answers,
                    suggested.as_ref(),
                )?;
                Ok(())
            };
            let session = crate::interactive::Session {
                encounter: target.encounter(),
                profile: &target.profile,
                suggestions: suggestions.as_ref(),
                resumed,
                keep: &keep,
                lang,
            };
            match crate::interactive::ask(&target.rubric, session)? {
                Some(answers) => tarkka_app::score::answers(&target, answers)?,
                None => return Ok(Outcome::Negative),
            }
        }
        [answers_path] => tarkka_app::score::target_file(&target, answers_path)?,
        more => anyhow::bail!(tr(lang, &msg!("cli-score-one-file", count = more.len()))),
    };
    // Evidence the answers require but the encounter lacks: an auditor at
    // the terminal attaches it or says why not, and loses no answer.
    // Each kind is asked for in turn; a reason covers only its own kind.
    let mut reason = args.allow_missing_evidence.clone();
    if interactive && reason.is_none() {
        let mut reasons: Vec<String> = Vec::new();
        loop {
            let lacking = tarkka_app::score::lacking(&target, &one);
            let explained =
                |kind: &str| reasons.iter().any(|r| r.starts_with(&format!("{kind}: ")));
            let Some((kind, criteria)) = lacking.iter().find(|(kind, _)| !explained(kind)) else {
                break;
            };
            let key_dirs = context.key_dirs();
            match missing_evidence(&writer, key_dirs, encounter_id, kind, criteria, lang)? {
                Supplied::Attached => {
                    target = tarkka_app::score::target(&writer.workspace, encounter_id)?;
                }
                Supplied::Reason(given) => reasons.push(format!("{kind}: {given}")),
                Supplied::Nothing => {
                    kept_as_draft()?;
                    return Ok(Outcome::Negative);
                }
            }
        }
        if !reasons.is_empty() {
            reason = Some(reasons.join("; "));
        }
    }
    let mut sheet = tarkka_app::score::sheet(&target, &one, &writer.actor, reason.as_deref())?;
    sheet.assisted =
        suggestions.as_ref().map(|suggestions| Box::new(suggestions.review(&one.answers)));
    if interactive {
        print_scored(&target.rubric, std::slice::from_ref(&one), Format::Text, lang)?;
        if let Some(assisted) = &sheet.assisted {
            print(&format!("{}\n", crate::output::review_text(assisted, lang)))?;
        }
        if !crate::interactive::confirm(lang)? {
            print(&format!("{}\n", lang.pick("Ei kirjattu.", "Not recorded.")))?;
            kept_as_draft()?;
            return Ok(Outcome::Negative);
        }
    }
    let appended = tarkka_app::score::record(&writer, &target, &sheet)?;
    // Recorded: a draft of the same encounter by the same auditor is done.
    // Failing to remove it is no reason to record again: say so, go on.
    if let Err(error) = tarkka_app::draft::discard(&writer.workspace, encounter_id, &writer.actor) {
        eprintln!(
            "tarkka: {}: {}",
            tr(lang, &msg!("cli-warning-prefix")),
            error.render(lang.pick("fi", "en"))
        );
    }
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
        // Scoring outside the sample is allowed, and said.
        if let tarkka_app::assign::Standing::Outside(holders) =
            tarkka_app::assign::standing(&writer.workspace, encounter_id, &writer.actor)?
        {
            print(&format!(
                "{}\n",
                tr(
                    lang,
                    &msg!(
                        "score-outside-sample",
                        encounter = encounter_id,
                        auditor = &writer.actor,
                        count = holders.len(),
                        holders = holders.join(", ")
                    )
                )
            ))?;
        }
    }
    Ok(Outcome::Success)
}

/// The answers of the auditor's draft for the encounter when they resume
/// it (Enter or yes), none when there is none or they start afresh (no,
/// which removes it); an error when the input ends before they say (the
/// draft stays). A draft scored from suggestions resumes only from the same
/// suggestions, and one scored blind only blind.
fn resume(
    writer: &tarkka_app::Writer,
    target: &tarkka_app::score::Target,
    suggested: Option<&tarkka_app::draft::Suggested>,
    lang: Lang,
) -> anyhow::Result<Option<tarkka_scoring::Answers>> {
    let workspace = &writer.workspace;
    let Some(draft) =
        tarkka_app::draft::load(workspace, &target.rubric, &target.id, &writer.actor)?
    else {
        return Ok(Some(tarkka_scoring::Answers::new()));
    };
    let shown = draft.path.strip_prefix(workspace.root()).unwrap_or(&draft.path).display();
    let mut question = lang.pick(
        format!(
            "{}: keskeneräinen luonnos, vastauksia {} ({shown}). Jatketaanko siitä? (e aloittaa alusta ja poistaa luonnoksen)",
            target.id,
            draft.answers.len()
        ),
        format!(
            "{}: an unfinished draft with {} answer{} ({shown}). Resume it? (n starts afresh and removes the draft)",
            target.id,
            draft.answers.len(),
            if draft.answers.len() == 1 { "" } else { "s" }
        ),
    );
    if !draft.dropped.is_empty() {
        question = lang.pick(
            format!("{question}\n  ! luonnoksen vastaukset, jotka eivät enää sovi lomakkeeseen, jätetään pois: {}", draft.dropped.join(", ")),
            format!("{question}\n  ! the draft's answers that no longer fit the rubric are left out: {}", draft.dropped.join(", ")),
        );
    }
    loop {
        let Some(answer) =
            crate::interactive::line(&format!("{question} [{}] > ", lang.pick("K/e", "Y/n")))?
        else {
            anyhow::bail!("{}", tr(lang, &msg!("draft-input-ended")));
        };
        let answer = answer.trim().to_lowercase();
        if answer.is_empty() || crate::interactive::is_yes(&answer) {
            break;
        }
        if matches!(answer.as_str(), "n" | "no" | "e" | "ei") {
            tarkka_app::draft::discard(workspace, &target.id, &writer.actor)?;
            return Ok(Some(tarkka_scoring::Answers::new()));
        }
    }
    if draft.suggested.as_ref() != suggested {
        let how = match (&draft.suggested, suggested) {
            (Some(_), None) => "with",
            (None, Some(_)) => "without",
            _ => "other",
        };
        let mismatch = msg!("draft-mode", draft = shown.to_string(), how = how);
        anyhow::bail!("{}", tr(lang, &mismatch));
    }
    Ok(Some(draft.answers))
}

/// What the auditor did about missing evidence.
enum Supplied {
    Attached,
    Reason(String),
    Nothing,
}

/// Asks for a missing kind of evidence: a file to attach, or the reason
/// it is missing; `q` or the end of the input keeps the answers as a draft.
fn missing_evidence(
    writer: &tarkka_app::Writer,
    key_dirs: Vec<std::path::PathBuf>,
    encounter_id: &str,
    kind: &str,
    criteria: &[String],
    lang: Lang,
) -> anyhow::Result<Supplied> {
    let word = crate::output::kind_word(kind, lang);
    print(&format!(
        "! {}\n",
        lang.pick(
            format!(
                "Lomake vaatii näyttöä ({word}) kohdille {}, eikä sitä ole liitetty.",
                criteria.join(", ")
            ),
            format!(
                "The rubric requires a {kind} for {}, and none is attached.",
                criteria.join(", ")
            ),
        )
    ))?;
    loop {
        let Some(line) = crate::interactive::line(&format!(
            "  {} > ",
            lang.pick(
                format!("Liitä {word}: tiedoston polku; tai `syy: MIKSI PUUTTUU`; q = jätä luonnokseksi"),
                format!("Attach the {kind}: a file's path; or `reason: WHY IT IS MISSING`; q = keep as a draft"),
            )
        ))?
        else {
            return Ok(Supplied::Nothing);
        };
        let line = line.trim();
        let lower = line.to_lowercase();
        if lower.is_empty() {
            continue;
        }
        if lower == "q" {
            return Ok(Supplied::Nothing);
        }
        if let Some(given) = ["syy:", "reason:"]
            .iter()
            .find_map(|prefix| lower.starts_with(prefix).then(|| line[prefix.len()..].trim()))
        {
            if given.is_empty() {
                print(&format!("  ! {}\n", lang.pick("Kirjoita syy.", "Give the reason.")))?;
                continue;
            }
            return Ok(Supplied::Reason(given.to_string()));
        }
        let path = std::path::PathBuf::from(line);
        if !path.is_file() {
            print(&format!(
                "  ! {}\n",
                lang.pick(format!("{line}: tiedostoa ei löydy"), format!("{line}: no such file"),)
            ))?;
            continue;
        }
        let request = tarkka_app::evidence::Add {
            encounter: encounter_id.to_string(),
            kind: kind.to_string(),
            files: vec![path],
            in_place: false,
            key_dirs: key_dirs.clone(),
        };
        let attached = tarkka_app::evidence::add(writer, &request, &tarkka_app::NoProgress)?;
        print(&crate::evidence_cmd::attached_text(&attached, Some(kind), "  ", lang))?;
        return Ok(Supplied::Attached);
    }
}

/// Whether `--suggest` would have something to offer: a transcript and a
/// rubric with checks.
fn suggestions_possible(target: &tarkka_app::score::Target) -> bool {
    target.rubric.rules_fingerprint().is_some()
        && target.encounter().evidence.iter().any(|e| e.payload.kind == "transcript")
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
                crate::output::percent(section.before_critical, lang)
            );
        } else if let Some(bonus) = section.bonus_only {
            note = format!(
                "{} +{}",
                t("vain bonusta", "bonus only"),
                crate::output::percent(Some(bonus), lang)
            );
        }
        table.add_row(vec![
            Cell::new(format!("■ {} {title}", section.id)),
            Cell::new(""),
            Cell::new(crate::output::percent(section.score, lang))
                .set_alignment(CellAlignment::Right),
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
                Cell::new(crate::output::percent(criterion.credit, lang))
                    .set_alignment(CellAlignment::Right),
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
        crate::output::percent(result.overall, lang),
        t("raja", "threshold"),
        crate::output::decimal(&rubric.pass_threshold.to_percent_string(), lang)
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
            crate::output::percent(result.overall_before_critical, lang)
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
    let value = crate::interactive::value_word(&answer.value, lang);
    if answer.has_comment() { format!("{value} ✎") } else { value }
}

//! `tarkka score --rubric FILE --answers FILE...`: score answers files.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use comfy_table::{Cell, CellAlignment};
use serde::Deserialize;
use std::collections::BTreeSet;

use anyhow::Context as _;
use tarkka_ledger::payload::{ScoresheetRecorded, Source};
use tarkka_ledger::{LedgerError, LedgerState, NewEntry};
use tarkka_rubric::{Diagnostic, Lang, Profile, ProfileValue, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Answers, ScoreResult, Status, Verdict};
use toml::Spanned;

use crate::Outcome;
use crate::args::{Format, ScoreArgs};
use crate::context::{Context, Writer};
use crate::encounter_cmd::{encounter_rubric, profile_of};
use crate::output::{BAD, GOOD, NOTE, paint, print, table};
use crate::rubric_cmd::{load, read_text};

/// The answers file format version this tarkka reads.
const ANSWERS_FORMAT: u32 = 1;

/// An answers file: one encounter's customer profile and answers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    format: Spanned<u32>,
    #[serde(default)]
    encounter: Option<String>,
    #[serde(default)]
    rubric: Option<Spanned<String>>,
    #[serde(default)]
    profile: Option<Spanned<BTreeMap<String, ProfileValue>>>,
    answers: Spanned<BTreeMap<Spanned<String>, Spanned<Entry>>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entry {
    Plain(Scalar),
    Full {
        answer: Scalar,
        #[serde(default)]
        comment: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Bool(true) => "yes".to_string(),
            Scalar::Bool(false) => "no".to_string(),
            Scalar::Integer(n) => n.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::Text(text) => text.clone(),
        }
    }
}

/// One scored answers file.
pub struct Scored {
    file: String,
    encounter: Option<String>,
    answers: Answers,
    result: ScoreResult,
}

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
    let (rubric, _) = load(path)?;
    let mut scored = Vec::new();
    let mut failures = String::new();
    for path in &args.answers {
        match score_file(&rubric, path, None) {
            Ok(one) => scored.push(one),
            Err(message) => failures.push_str(&message),
        }
    }
    if !failures.is_empty() {
        anyhow::bail!("cannot score:\n\n{}", failures.trim_end());
    }
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
    let Writer { workspace, actor, now, signer } = context.writer()?;
    let lang = context.lang();
    let state = LedgerState::replay_without_scores(&workspace.ledger())?;
    let encounter = state.encounters.get(encounter_id).with_context(|| {
        format!(
            "no encounter `{encounter_id}` in the ledger; log it first with `tarkka encounter log`"
        )
    })?;
    let rubric = encounter_rubric(&state, encounter)?;
    let profile = profile_of(&encounter.logged.payload)?;
    let interactive = args.answers.is_empty();
    let mut one = match args.answers.as_slice() {
        [] => match crate::interactive::ask(&rubric, encounter, &profile, lang)? {
            Some(answers) => {
                let result = tarkka_scoring::score(&rubric, &profile, &answers)
                    .map_err(|error| anyhow::anyhow!("cannot score: {error}"))?;
                Scored { file: "-".to_string(), encounter: None, answers, result }
            }
            None => return Ok(Outcome::Negative),
        },
        [answers_path] => score_file(&rubric, answers_path, Some(&profile))
            .map_err(|message| anyhow::anyhow!("cannot score:\n\n{}", message.trim_end()))?,
        more => anyhow::bail!("an encounter takes one answers file, not {}", more.len()),
    };
    one.encounter = Some(encounter_id.to_string());
    let (required, missing) = evidence_check(&rubric, &one.result, encounter);
    if !missing.is_empty() && args.allow_missing_evidence.is_none() {
        anyhow::bail!(
            "not recorded: the rubric requires evidence that `{encounter_id}` lacks: {}. Attach it with \
             `tarkka evidence add`, or record anyway with --allow-missing-evidence REASON",
            missing.join("; ")
        );
    }
    let sheet = ScoresheetRecorded {
        encounter: encounter_id.to_string(),
        source: Source::Human,
        auditor: actor.clone(),
        rubric: rubric.id.clone(),
        fingerprint: rubric.fingerprint().to_string(),
        answers: serde_json::value::to_raw_value(&one.answers)?,
        evidence: encounter.evidence.iter().map(|e| e.payload.sha256).collect(),
        required_evidence: required.keys().cloned().collect(),
        missing_evidence_reason: if missing.is_empty() {
            None
        } else {
            args.allow_missing_evidence.clone()
        },
        result: serde_json::value::to_raw_value(&one.result)?,
        rules_fingerprint: None,
        promises: Vec::new(),
    };
    if interactive {
        print_scored(&rubric, std::slice::from_ref(&one), Format::Text, lang)?;
        if !crate::interactive::confirm(lang)? {
            print(&format!("{}\n", lang.pick("Ei kirjattu.", "Not recorded.")))?;
            return Ok(Outcome::Negative);
        }
    }
    let appended = workspace.ledger().append_with(
        |_, locked| {
            // The encounter cannot disappear, but its evidence may have
            // grown meanwhile; the scoresheet relies on what it saw.
            let state = LedgerState::replay_locked_without_scores(locked)?;
            if !state.encounters.contains_key(encounter_id) {
                return Err(LedgerError::Refused(format!(
                    "no encounter `{encounter_id}` in the ledger"
                )));
            }
            Ok(vec![NewEntry::new(now, &actor, &sheet)])
        },
        signer.as_ref(),
    )?;
    if !interactive {
        print_scored(&rubric, std::slice::from_ref(&one), args.format, lang)?;
    }
    if args.format == Format::Text {
        print(&format!(
            "{} {} ({} {}, {})\n",
            lang.pick("Pisteytys kirjattu:", "Scoresheet recorded:"),
            encounter_id,
            lang.pick("merkintä", "entry"),
            appended[0].seq,
            appended[0].hash
        ))?;
    }
    Ok(Outcome::Success)
}

/// The evidence kinds the result's answered criteria require, and those
/// the encounter lacks, each as `kind (for criterion, ...)`.
pub fn evidence_check(
    rubric: &Rubric,
    result: &ScoreResult,
    encounter: &tarkka_ledger::EncounterState,
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let required = required_evidence(rubric, result);
    let attached: BTreeSet<&str> =
        encounter.evidence.iter().map(|e| e.payload.kind.as_str()).collect();
    let missing = required
        .iter()
        .filter(|(kind, _)| !attached.contains(kind.as_str()))
        .map(|(kind, criteria)| format!("{kind} (for {})", criteria.join(", ")))
        .collect();
    (required, missing)
}

/// The evidence kinds the rubric requires for the criteria that were
/// answered, each with the criteria that require it.
pub fn required_evidence(rubric: &Rubric, result: &ScoreResult) -> BTreeMap<String, Vec<String>> {
    let mut required: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for criterion_result in result.criteria.iter().filter(|c| c.status == Status::Answered) {
        let Some(criterion) = rubric.criterion(&criterion_result.id) else { continue };
        for kind in &criterion.evidence {
            required.entry(kind.name().to_string()).or_default().push(criterion.id.clone());
        }
    }
    required
}

/// Reads and scores one answers file; an error is every problem in it,
/// rendered with file, line and column.
///
/// With `encounter_profile` (scoring a logged encounter) the profile is the
/// encounter's, and the file must not give one of its own.
fn score_file(
    rubric: &Rubric,
    path: &Path,
    encounter_profile: Option<&Profile>,
) -> Result<Scored, String> {
    let shown = path.display().to_string();
    let source = read_text(path).map_err(|error| format!("{error:#}\n"))?;
    let render =
        |diagnostics: Vec<Diagnostic>| tarkka_rubric::render(&shown, &source, &diagnostics);
    let file: AnswersFile = toml::from_str(&source).map_err(|error| {
        let message = error.message().lines().next().unwrap_or("invalid answers file").to_string();
        render(vec![Diagnostic::new(error.span().unwrap_or(0..0), message)])
    })?;
    if *file.format.get_ref() != ANSWERS_FORMAT {
        return Err(render(vec![Diagnostic::new(
            file.format.span(),
            format!(
                "answers format {} is not one this tarkka reads (format {ANSWERS_FORMAT})",
                file.format.get_ref()
            ),
        )]));
    }
    if let Some(named) = &file.rubric
        && named.get_ref() != &rubric.id
    {
        return Err(render(vec![Diagnostic::new(
            named.span(),
            format!("these answers are for rubric `{}`, not `{}`", named.get_ref(), rubric.id),
        )]));
    }
    let mut diagnostics = Vec::new();
    let mut answers = Answers::new();
    let mut spans: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let mut unreadable = std::collections::BTreeSet::new();
    for (id, entry) in file.answers.get_ref() {
        spans.insert(id.get_ref().clone(), id.span());
        let (scalar, comment) = match entry.get_ref() {
            Entry::Plain(scalar) => (scalar, None),
            Entry::Full { answer, comment } => (answer, comment.clone()),
        };
        let Some(criterion) = rubric.criterion(id.get_ref()) else {
            // Scoring names unknown criteria itself; keep the answer so it does.
            answers.insert(
                id.get_ref().clone(),
                Answer { value: AnswerValue::NotApplicable, comment },
            );
            continue;
        };
        match AnswerValue::parse(criterion, &scalar.text()) {
            Ok(value) => {
                answers.insert(id.get_ref().clone(), Answer { value, comment });
            }
            Err(message) => {
                unreadable.insert(id.get_ref().clone());
                diagnostics.push(Diagnostic::new(
                    entry.span(),
                    format!("criterion `{}`: {message}", id.get_ref()),
                ))
            }
        }
    }
    let profile_span = file.profile.as_ref().map_or(0..0, Spanned::span);
    let profile: Profile = match (encounter_profile, &file.profile) {
        (Some(_), Some(given)) => {
            diagnostics.push(Diagnostic::new(
                given.span(),
                "the customer profile comes from the logged encounter; remove [profile] from the answers file",
            ));
            Profile::new()
        }
        (Some(profile), None) => profile.clone(),
        (None, given) => given.as_ref().map(|p| p.get_ref().clone()).unwrap_or_default(),
    };
    match tarkka_scoring::score(rubric, &profile, &answers) {
        Ok(result) if diagnostics.is_empty() => {
            Ok(Scored { file: shown, encounter: file.encounter, answers, result })
        }
        Ok(_) => Err(render(diagnostics)),
        Err(error) => {
            if error.problems().is_empty() {
                diagnostics.push(Diagnostic::new(0..0, error.to_string()));
            }
            for problem in error.problems() {
                let span = match &problem.criterion {
                    Some(criterion) => spans.get(criterion).cloned().unwrap_or(file.answers.span()),
                    None => profile_span.clone(),
                };
                // An answer that did not parse was reported above already,
                // and scoring only saw it as missing.
                if !problem.criterion.as_ref().is_some_and(|id| unreadable.contains(id)) {
                    diagnostics.push(Diagnostic::new(span, problem.to_string()));
                }
            }
            Err(render(diagnostics))
        }
    }
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

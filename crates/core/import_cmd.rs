//! `tarkka import encounters | answers | evidence`: CSV in, all or nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context as _, bail};
use tarkka_ledger::payload::{EncounterLogged, RubricRegistered, ScoresheetRecorded, Source};
use tarkka_ledger::{LedgerError, LedgerState, NewEntry, Workspace};
use tarkka_rubric::{Profile, ProfileValue, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Answers};

use crate::Outcome;
use crate::args::{Dialect, ImportAnswersArgs, ImportEncountersArgs, ImportEvidenceArgs};
use crate::context::{Context, Writer};
use crate::encounter_cmd::{check_id, encounter_rubric, profile_of, registered_rubric};
use crate::output::print;
use crate::score_cmd::evidence_check;
use crate::table::{self, CellError, Row, Table};

/// A column: its English name and its Finnish one.
type Column = [&'static str; 2];

const ENCOUNTER: Column = ["encounter", "kohtaaminen"];
const RUBRIC: Column = ["rubric", "lomake"];
const TIME: Column = ["time", "aika"];
const LOCATION: Column = ["location", "paikka"];
const AGENT: Column = ["agent", "palvelija"];
const AUDITOR: Column = ["auditor", "arvioija"];
const CHANNEL: Column = ["channel", "kanava"];
const CASE: Column = ["case", "tapaus"];
const SCENARIO: Column = ["scenario", "skenaario"];
const CRITERION: Column = ["criterion", "kohta"];
const ANSWER: Column = ["answer", "vastaus"];
const COMMENT: Column = ["comment", "kommentti"];
const KIND: Column = ["kind", "laji"];
const FILE: Column = ["file", "tiedosto"];

/// Reads a table and checks its header: every required column present, no
/// unknown column (`profile.*` allowed where `profiles` is true).
fn read_table(
    path: &Path,
    dialect: &Dialect,
    required: &[Column],
    optional: &[Column],
    profiles: bool,
) -> anyhow::Result<Table> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let table = table::read(&bytes, dialect.csv.encoding, dialect.csv.delimiter)
        .map_err(|errors| located(path, errors, "cannot read"))?;
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, header) in table.headers.iter().enumerate() {
        let canonical =
            required.iter().chain(optional).find(|names| names.contains(&header.as_str()));
        if let Some(names) = canonical {
            if !seen.insert(names[0]) {
                errors.push(
                    table.header_error(index, format!("column `{}` is given twice", names[0])),
                );
            }
        } else if !(profiles && header.starts_with("profile.") && header.len() > 8) {
            let english: Vec<&str> =
                required.iter().chain(optional).map(|names| names[0]).collect();
            let profile = if profiles { ", profile.NAME" } else { "" };
            errors.push(table.header_error(
                index,
                format!("unknown column `{header}`; expected: {}{profile}", english.join(", ")),
            ));
        }
    }
    for names in required {
        if table.column(names).is_none() {
            errors.push(
                table.header_line_error(format!("the required column `{}` is missing", names[0])),
            );
        }
    }
    if !errors.is_empty() {
        return Err(located(path, errors, "cannot import"));
    }
    Ok(table)
}

/// Every problem, one per line: `path:line:column: message`.
pub fn located(path: &Path, mut errors: Vec<CellError>, what: &str) -> anyhow::Error {
    errors.sort();
    errors.dedup();
    let count = errors.len();
    let lines: Vec<String> = errors
        .iter()
        .map(|e| format!("{}:{}:{}: {}", path.display(), e.line, e.column, e.message))
        .collect();
    anyhow::anyhow!(
        "{what} {}: {count} problem{}, nothing recorded\n{}",
        path.display(),
        if count == 1 { "" } else { "s" },
        lines.join("\n")
    )
}

/// A required cell: its trimmed text, or an error.
fn required<'r>(
    row: &'r Row,
    column: Option<usize>,
    name: &str,
    errors: &mut Vec<CellError>,
) -> Option<&'r str> {
    let value = row.get(column);
    if value.is_empty() {
        errors.push(row.at(column, format!("`{name}` is empty; a value is required")));
        return None;
    }
    Some(value)
}

fn summary(
    context: &Context,
    dry_run: bool,
    recorded: usize,
    what_fi: &str,
    what_en: &str,
    dialect: &table::Dialect,
) -> anyhow::Result<()> {
    let lang = context.lang();
    let verb = if dry_run {
        lang.pick("Tarkistettu, ei kirjattu", "Checked, nothing recorded")
    } else {
        lang.pick("Kirjattu", "Recorded")
    };
    print(&format!(
        "{verb}: {recorded} {} ({})\n",
        lang.pick(what_fi, what_en),
        dialect.describe(lang)
    ))
}

pub fn encounters(args: &ImportEncountersArgs, context: &Context) -> anyhow::Result<Outcome> {
    let Writer { workspace, actor, now, signer } = context.writer()?;
    let mut files: BTreeMap<String, (Rubric, String)> = BTreeMap::new();
    for path in &args.rubrics {
        let (rubric, text) = crate::rubric_cmd::load(path)?;
        files.insert(rubric.id.clone(), (rubric, text));
    }
    let table = read_table(
        &args.file,
        &args.dialect,
        &[ENCOUNTER, RUBRIC, TIME, LOCATION, AGENT, AUDITOR],
        &[CHANNEL, CASE, SCENARIO],
        true,
    )?;
    let columns = [ENCOUNTER, RUBRIC, TIME, LOCATION, AGENT, AUDITOR, CHANNEL, CASE, SCENARIO]
        .map(|c| table.column(&c));
    let [
        encounter_col,
        rubric_col,
        time_col,
        location_col,
        agent_col,
        auditor_col,
        channel_col,
        case_col,
        scenario_col,
    ] = columns;
    let profile_cols: Vec<(usize, String)> = table
        .headers
        .iter()
        .enumerate()
        .filter_map(|(index, header)| {
            header.strip_prefix("profile.").map(|name| (index, name.to_string()))
        })
        .collect();
    let count = table.rows.len();
    let appended = workspace.ledger().append_with(
        |_, locked| {
            let state = LedgerState::replay_locked_without_scores(locked)?;
            let mut errors = Vec::new();
            let mut entries = Vec::new();
            let mut registered: BTreeSet<String> = state.rubrics.keys().cloned().collect();
            let mut ids: HashMap<String, u64> = HashMap::new();
            let mut parsed_rubrics: BTreeMap<String, Rubric> = BTreeMap::new();
            for row in &table.rows {
                let mut row_errors = Vec::new();
                let id = required(row, encounter_col, "encounter", &mut row_errors);
                if let Some(id) = id {
                    if let Err(error) = check_id(id, "encounter id") {
                        row_errors.push(row.at(encounter_col, error.to_string()));
                    } else if let Some(existing) = state.encounters.get(id) {
                        row_errors.push(row.at(encounter_col, format!("encounter `{id}` is already in the ledger (entry {})", existing.logged.seq)));
                    } else if let Some(first) = ids.insert(id.to_string(), row.line) {
                        row_errors.push(row.at(encounter_col, format!("encounter `{id}` is also on line {first}")));
                    }
                }
                let rubric_id = required(row, rubric_col, "rubric", &mut row_errors);
                let rubric: Option<(Rubric, Option<&String>)> = rubric_id.and_then(|rubric_id| {
                    if let Some((rubric, text)) = files.get(rubric_id) {
                        return Some((rubric.clone(), Some(text)));
                    }
                    if let Some(rubric) = parsed_rubrics.get(rubric_id) {
                        return Some((rubric.clone(), None));
                    }
                    match state.latest_rubric(rubric_id).map(|r| registered_rubric(&r.payload)) {
                        Some(Ok(rubric)) => {
                            parsed_rubrics.insert(rubric_id.to_string(), rubric.clone());
                            Some((rubric, None))
                        }
                        Some(Err(error)) => {
                            row_errors.push(row.at(rubric_col, format!("{error:#}")));
                            None
                        }
                        None => {
                            row_errors.push(row.at(
                                rubric_col,
                                format!("unknown rubric `{rubric_id}`: register it, or give its file with --rubric FILE"),
                            ));
                            None
                        }
                    }
                });
                let time = required(row, time_col, "time", &mut row_errors);
                if let Some(time) = time
                    && time.parse::<jiff::Timestamp>().is_err()
                {
                    row_errors.push(row.at(time_col, format!("`{time}` is not a time with a UTC offset; expected e.g. 2026-05-14T17:40+03:00")));
                }
                let location = required(row, location_col, "location", &mut row_errors);
                let agent = required(row, agent_col, "agent", &mut row_errors);
                let auditor = required(row, auditor_col, "auditor", &mut row_errors);
                let mut profile = Profile::new();
                for (index, name) in &profile_cols {
                    let value = row.get(Some(*index));
                    if !value.is_empty() {
                        profile.insert(name.clone(), ProfileValue::parse(value));
                    }
                }
                let Some((rubric, text)) = rubric else {
                    errors.extend(row_errors);
                    continue;
                };
                if let Err(problems) = rubric.check_profile(&profile) {
                    for problem in problems {
                        let field = match &problem {
                            tarkka_rubric::ProfileError::UnknownField { field, .. } | tarkka_rubric::ProfileError::BadValue { field, .. } => field,
                        };
                        let column = profile_cols.iter().find(|(_, name)| name == field).map(|(index, _)| *index);
                        row_errors.push(row.at(column, problem.to_string()));
                    }
                }
                let channel = match row.get(channel_col) {
                    "" => rubric.channel.name().to_string(),
                    given if given == rubric.channel.name() => given.to_string(),
                    given => {
                        row_errors.push(row.at(channel_col, format!("channel `{given}` does not fit rubric `{}`, which is for {}", rubric.id, rubric.channel.name())));
                        given.to_string()
                    }
                };
                if !row_errors.is_empty() {
                    errors.extend(row_errors);
                    continue;
                }
                let fingerprint = rubric.fingerprint().to_string();
                if let Some(text) = text
                    && registered.insert(fingerprint.clone())
                {
                    entries.push(NewEntry::new(
                        now,
                        &actor,
                        &RubricRegistered { rubric: rubric.id.clone(), version: rubric.version.clone(), fingerprint: fingerprint.clone(), text: text.clone() },
                    ));
                }
                let optional = |column| Some(row.get(column).to_string()).filter(|value| !value.is_empty());
                entries.push(NewEntry::new(
                    now,
                    &actor,
                    &EncounterLogged {
                        encounter: id.unwrap_or_default().to_string(),
                        channel,
                        time: time.unwrap_or_default().to_string(),
                        location: location.unwrap_or_default().to_string(),
                        agent: agent.unwrap_or_default().to_string(),
                        auditor: auditor.unwrap_or_default().to_string(),
                        case: optional(case_col),
                        profile: profile.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).expect("profile values serialise"))).collect(),
                        scenario: optional(scenario_col),
                        rubric: rubric.id.clone(),
                        fingerprint,
                    },
                ));
            }
            if !errors.is_empty() {
                return Err(LedgerError::Refused(format!("{:#}", located(&args.file, errors, "cannot import"))));
            }
            if args.dialect.dry_run {
                return Ok(Vec::new());
            }
            Ok(entries)
        },
        signer.as_ref(),
    )?;
    let _ = appended;
    summary(context, args.dialect.dry_run, count, "kohtaamista", "encounters", &table.dialect)?;
    Ok(Outcome::Success)
}

pub fn answers(args: &ImportAnswersArgs, context: &Context) -> anyhow::Result<Outcome> {
    let Writer { workspace, actor, now, signer } = context.writer()?;
    let table = read_table(
        &args.file,
        &args.dialect,
        &[ENCOUNTER, CRITERION, ANSWER, AUDITOR],
        &[COMMENT],
        false,
    )?;
    let [encounter_col, criterion_col, answer_col, auditor_col, comment_col] =
        [ENCOUNTER, CRITERION, ANSWER, AUDITOR, COMMENT].map(|c| table.column(&c));
    let bar = crate::evidence_cmd::count_bar(
        table.rows.len() as u64,
        context.lang().pick("Pisteytetään", "Scoring"),
    );
    let dialect = table.dialect;
    let sheets = std::cell::Cell::new(0);
    let (sheets_ref, bar_ref, actor_ref) = (&sheets, &bar, actor.as_str());
    // The closure owns the table: its million rows are freed as soon as the
    // entries are built, before they are written.
    workspace.ledger().append_with(
        move |_, locked| {
            let bar = bar_ref;
            let actor = actor_ref;
            let state = LedgerState::replay_locked_without_scores(locked)?;
            let mut errors = Vec::new();
            // Scoresheets in the order their first row appears.
            let mut groups: Vec<((String, String), Vec<&Row>)> = Vec::new();
            let mut group_of: HashMap<(String, String), usize> = HashMap::new();
            let mut rubrics: HashMap<String, Rubric> = HashMap::new();
            for row in &table.rows {
                let mut row_errors = Vec::new();
                let encounter = required(row, encounter_col, "encounter", &mut row_errors);
                required(row, criterion_col, "criterion", &mut row_errors);
                required(row, answer_col, "answer", &mut row_errors);
                let auditor = required(row, auditor_col, "auditor", &mut row_errors);
                if let Some(encounter) = encounter
                    && !state.encounters.contains_key(encounter)
                {
                    row_errors.push(row.at(
                        encounter_col,
                        format!("unknown encounter `{encounter}`; import or log it first"),
                    ));
                }
                if !row_errors.is_empty() {
                    errors.extend(row_errors);
                    continue;
                }
                let key = (
                    encounter.unwrap_or_default().to_string(),
                    auditor.unwrap_or_default().to_string(),
                );
                let index = *group_of.entry(key.clone()).or_insert_with(|| {
                    groups.push((key, Vec::new()));
                    groups.len() - 1
                });
                groups[index].1.push(row);
            }
            // Every rubric the scoresheets need, parsed once.
            for ((encounter_id, _), rows) in &groups {
                let encounter = &state.encounters[encounter_id];
                let fingerprint = &encounter.logged.payload.fingerprint;
                if !rubrics.contains_key(fingerprint) {
                    match encounter_rubric(&state, encounter) {
                        Ok(rubric) => {
                            rubrics.insert(fingerprint.clone(), rubric);
                        }
                        Err(error) => errors.push(rows[0].at(encounter_col, format!("{error:#}"))),
                    }
                }
            }
            // Scoresheets are independent: score them on every core, then
            // keep their order.
            let columns = Columns {
                encounter: encounter_col,
                criterion: criterion_col,
                answer: answer_col,
                comment: comment_col,
            };
            let context =
                SheetContext { state: &state, rubrics: &rubrics, columns, args, now, actor };
            let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).max(1);
            let chunk = groups.len().div_ceil(threads).max(1);
            let outcomes: Vec<Vec<Sheet>> = std::thread::scope(|scope| {
                let workers: Vec<_> = groups
                    .chunks(chunk)
                    .map(|part| {
                        let context = &context;
                        let bar = &bar;
                        scope.spawn(move || {
                            part.iter()
                                .map(|((encounter_id, auditor), rows)| {
                                    let sheet = score_sheet(context, encounter_id, auditor, rows);
                                    bar.inc(rows.len() as u64);
                                    sheet
                                })
                                .collect()
                        })
                    })
                    .collect();
                workers.into_iter().map(|w| w.join().expect("scoring does not panic")).collect()
            });
            let mut entries = Vec::with_capacity(groups.len());
            for sheet in outcomes.into_iter().flatten() {
                match sheet {
                    Sheet::Recorded(entry, warnings) => {
                        for warning in warnings {
                            eprintln!("tarkka: warning: {warning}");
                        }
                        entries.push(*entry);
                    }
                    Sheet::Refused(problems) => errors.extend(problems),
                    Sheet::Skipped => {}
                }
            }
            bar.finish_and_clear();
            if !errors.is_empty() {
                return Err(LedgerError::Refused(format!(
                    "{:#}",
                    located(&args.file, errors, "cannot import")
                )));
            }
            sheets_ref.set(entries.len());
            if args.dialect.dry_run {
                return Ok(Vec::new());
            }
            Ok(entries)
        },
        signer.as_ref(),
    )?;
    summary(context, args.dialect.dry_run, sheets.get(), "pisteytystä", "scoresheets", &dialect)?;
    Ok(Outcome::Success)
}

pub fn evidence(args: &ImportEvidenceArgs, context: &Context) -> anyhow::Result<Outcome> {
    let (workspace, _) = context.workspace()?;
    let table = read_table(&args.file, &args.dialect, &[ENCOUNTER, KIND, FILE], &[], false)?;
    let [encounter_col, kind_col, file_col] = [ENCOUNTER, KIND, FILE].map(|c| table.column(&c));
    let base = args.file.parent().unwrap_or(Path::new("."));
    let state = LedgerState::replay_without_scores(&workspace.ledger())?;
    let mut errors = Vec::new();
    let mut items = Vec::new();
    for row in &table.rows {
        let mut row_errors = Vec::new();
        let encounter = required(row, encounter_col, "encounter", &mut row_errors);
        let kind = required(row, kind_col, "kind", &mut row_errors);
        let file = required(row, file_col, "file", &mut row_errors);
        if let Some(encounter) = encounter
            && !state.encounters.contains_key(encounter)
        {
            row_errors.push(row.at(encounter_col, format!("unknown encounter `{encounter}`")));
        }
        if let Some(kind) = kind
            && !tarkka_ledger::payload::EVIDENCE_KINDS.contains(&kind)
        {
            row_errors.push(row.at(
                kind_col,
                format!(
                    "unknown kind `{kind}`; expected one of: {}",
                    tarkka_ledger::payload::EVIDENCE_KINDS.join(", ")
                ),
            ));
        }
        let path = file.map(|file| base.join(file));
        if let Some(path) = &path
            && !path.is_file()
        {
            row_errors.push(row.at(file_col, format!("{} is not a readable file", path.display())));
        }
        if row_errors.is_empty() {
            items.push((
                encounter.unwrap_or_default().to_string(),
                kind.unwrap_or_default().to_string(),
                path.expect("checked"),
            ));
        }
        errors.extend(row_errors);
    }
    if !errors.is_empty() {
        return Err(located(&args.file, errors, "cannot import"));
    }
    if !args.dialect.dry_run {
        attach_all(&workspace, context, &items)?;
    }
    summary(
        context,
        args.dialect.dry_run,
        items.len(),
        "näyttötiedostoa",
        "evidence files",
        &table.dialect,
    )?;
    Ok(Outcome::Success)
}

/// Stores and attaches (encounter, kind, file) items in one batch, taking
/// back the copies it made if the append fails.
pub fn attach_all(
    workspace: &Workspace,
    context: &Context,
    items: &[(String, String, std::path::PathBuf)],
) -> anyhow::Result<()> {
    let actor = context.actor()?;
    let now = context.now()?;
    let signer = context.signer(&actor)?;
    let total: u64 =
        items.iter().filter_map(|(_, _, path)| std::fs::metadata(path).ok()).map(|m| m.len()).sum();
    let bar =
        crate::evidence_cmd::byte_bar(total, context.lang().pick("Tiivisteet", "Hashing"), true);
    let mut prepared = Vec::new();
    for (encounter, kind, path) in items {
        match crate::evidence_cmd::prepare(workspace, path, false, &bar) {
            Ok(p) => prepared.push((encounter.clone(), kind.clone(), p)),
            Err(error) => {
                crate::evidence_cmd::take_back(workspace, prepared.iter().map(|(_, _, p)| p));
                return Err(error);
            }
        }
    }
    bar.finish_and_clear();
    let result = workspace.ledger().append_with(
        |_, locked| {
            let state = LedgerState::replay_locked_without_scores(locked)?;
            let mut entries = Vec::new();
            for (encounter, kind, p) in &prepared {
                if !state.encounters.contains_key(encounter) {
                    return Err(LedgerError::Refused(format!(
                        "no encounter `{encounter}` in the ledger"
                    )));
                }
                entries.push(NewEntry::new(now, &actor, &p.attached(encounter, kind)));
            }
            Ok(entries)
        },
        signer.as_ref(),
    );
    if let Err(error) = result {
        crate::evidence_cmd::take_back(workspace, prepared.iter().map(|(_, _, p)| p));
        bail!(error);
    }
    Ok(())
}

/// The columns of an answers table.
#[derive(Clone, Copy)]
struct Columns {
    encounter: Option<usize>,
    criterion: Option<usize>,
    answer: Option<usize>,
    comment: Option<usize>,
}

/// What scoring one scoresheet needs, shared by the scoring threads.
struct SheetContext<'a> {
    state: &'a LedgerState,
    rubrics: &'a HashMap<String, Rubric>,
    columns: Columns,
    args: &'a ImportAnswersArgs,
    now: jiff::Timestamp,
    actor: &'a str,
}

/// One scoresheet's outcome.
enum Sheet {
    /// The entry to record, and warnings.
    Recorded(Box<NewEntry>, Vec<String>),
    /// Every problem with its rows.
    Refused(Vec<CellError>),
    /// Its rubric could not be read (reported already).
    Skipped,
}

/// Validates and scores the rows of one encounter by one auditor.
fn score_sheet(
    context: &SheetContext<'_>,
    encounter_id: &str,
    auditor: &str,
    rows: &[&Row],
) -> Sheet {
    let Columns {
        encounter: encounter_col,
        criterion: criterion_col,
        answer: answer_col,
        comment: comment_col,
    } = context.columns;
    let encounter = &context.state.encounters[encounter_id];
    let fingerprint = &encounter.logged.payload.fingerprint;
    let Some(rubric) = context.rubrics.get(fingerprint) else {
        return Sheet::Skipped;
    };
    let mut errors = Vec::new();
    let profile = match profile_of(&encounter.logged.payload) {
        Ok(profile) => profile,
        Err(error) => return Sheet::Refused(vec![rows[0].at(encounter_col, format!("{error:#}"))]),
    };
    let mut answers = Answers::new();
    let mut lines: HashMap<&str, &Row> = HashMap::new();
    // Criteria whose rows are already reported: scoring would only call
    // them unanswered.
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for row in rows {
        let criterion_id = row.get(criterion_col);
        let Some(criterion) = rubric.criterion(criterion_id) else {
            errors.push(row.at(
                criterion_col,
                format!("rubric `{}` has no criterion `{criterion_id}`", rubric.id),
            ));
            continue;
        };
        if let Some(first) = lines.insert(criterion_id, row) {
            errors.push(row.at(
                criterion_col,
                format!(
                    "a second answer to `{criterion_id}` for `{encounter_id}` by `{auditor}`; the first is on line {}",
                    first.line
                ),
            ));
            lines.insert(criterion_id, first);
            continue;
        }
        match AnswerValue::parse(criterion, row.get(answer_col)) {
            Ok(value) => {
                let comment = Some(row.get(comment_col).to_string()).filter(|c| !c.is_empty());
                answers.insert(criterion_id.to_string(), Answer { value, comment });
            }
            Err(message) => {
                reported.insert(criterion_id);
                errors.push(row.at(answer_col, format!("`{criterion_id}`: {message}")));
            }
        }
    }
    let result = match tarkka_scoring::score(rubric, &profile, &answers) {
        Ok(result) => result,
        Err(error) => {
            for problem in error.problems() {
                if problem.criterion.as_deref().is_some_and(|id| reported.contains(id)) {
                    continue;
                }
                let row = problem.criterion.as_deref().and_then(|id| lines.get(id)).copied();
                errors.push(match row {
                    Some(row) => row.at(answer_col, problem.to_string()),
                    None => rows[0]
                        .at(encounter_col, format!("`{encounter_id}` by `{auditor}`: {problem}")),
                });
            }
            if error.problems().is_empty() {
                errors.push(rows[0].at(encounter_col, error.to_string()));
            }
            return Sheet::Refused(errors);
        }
    };
    if !errors.is_empty() {
        return Sheet::Refused(errors);
    }
    let (required, missing) = evidence_check(rubric, &result, encounter);
    if !missing.is_empty() && context.args.allow_missing_evidence.is_none() {
        return Sheet::Refused(vec![rows[0].at(
            encounter_col,
            format!(
                "`{encounter_id}` lacks evidence the rubric requires: {}; attach it first, or import with --allow-missing-evidence REASON",
                missing.join("; ")
            ),
        )]);
    }
    let warnings = result
        .warnings
        .iter()
        .map(|warning| {
            format!(
                "{}:{}: `{encounter_id}` by `{auditor}`: {warning}",
                context.args.file.display(),
                rows[0].line
            )
        })
        .collect();
    let entry = NewEntry::new(
        context.now,
        context.actor,
        &ScoresheetRecorded {
            encounter: encounter_id.to_string(),
            source: Source::Human,
            auditor: auditor.to_string(),
            rubric: rubric.id.clone(),
            fingerprint: fingerprint.clone(),
            answers: serde_json::value::to_raw_value(&answers).expect("answers serialise"),
            evidence: encounter.evidence.iter().map(|e| e.payload.sha256).collect(),
            required_evidence: required.keys().cloned().collect(),
            missing_evidence_reason: if missing.is_empty() {
                None
            } else {
                context.args.allow_missing_evidence.clone()
            },
            result: serde_json::value::to_raw_value(&result).expect("results serialise"),
            rules_fingerprint: None,
            promises: Vec::new(),
        },
    );
    Sheet::Recorded(Box::new(entry), warnings)
}

//! `tarkka import encounters | answers | evidence`: CSV in, all or nothing.
//!
//! Every row of the whole file is validated (inside the ledger's lock for
//! encounters and answers) before anything is written; then one batch is
//! appended. A failed import records nothing and reports every bad row at
//! its place.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use tarkka_ledger::{LedgerState, NewEntry};
use tarkka_rubric::{Profile, ProfileValue, Rubric};
use tarkka_scoring::{Answer, AnswerValue, Answers as AnswerMap};

use tarkka_i18n::msg;

use crate::error::Result;
use crate::table::{self, Action, CellError, Row, Table, located};
use crate::{Progress, Writer, evidence, facts, rubrics};

/// `tarkka import encounters`: a table of encounters.
#[derive(Clone, Debug)]
pub struct Encounters {
    /// The CSV file.
    pub file: PathBuf,
    /// Rubric files the rows may name by id (registered as needed).
    pub rubrics: Vec<PathBuf>,
    /// Locations, agents or auditors close to names the ledger knows are
    /// new (otherwise refused as likely typos).
    pub new_names: bool,
    /// How to read it.
    pub csv: table::Options,
    /// Check everything, record nothing.
    pub dry_run: bool,
}

/// `tarkka import answers`: a table of answers, a row per criterion.
#[derive(Clone, Debug)]
pub struct Answers {
    /// The CSV file.
    pub file: PathBuf,
    /// Record scoresheets that lack required evidence, for this reason.
    pub allow_missing_evidence: Option<String>,
    /// Auditors close to names the ledger knows are new (otherwise refused
    /// as likely typos).
    pub new_names: bool,
    /// How to read it.
    pub csv: table::Options,
    /// Check everything, record nothing.
    pub dry_run: bool,
}

/// `tarkka import evidence`: a table of files to attach.
#[derive(Clone, Debug)]
pub struct Evidence {
    /// The CSV file; the files it names are relative to its directory.
    pub file: PathBuf,
    /// How to read it.
    pub csv: table::Options,
    /// The folder the files it names must be in (default: the CSV's).
    pub base: Option<PathBuf>,
    /// The key directories, whose files are never evidence.
    pub key_dirs: Vec<PathBuf>,
}

/// What an import recorded (or, in a dry run, would have).
#[derive(Clone, Debug)]
pub struct Imported {
    /// Encounters, scoresheets or evidence files.
    pub count: usize,
    /// How the file was read.
    pub dialect: table::Dialect,
    /// Warnings about rows that were recorded all the same.
    pub warnings: Vec<ImportWarning>,
}

/// A warning about an answers row recorded all the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportWarning {
    /// `file:line` of the encounter's first row.
    pub place: String,
    /// The encounter.
    pub encounter: String,
    /// The auditor.
    pub auditor: String,
    /// The scoring warning, in English as results store it (render it with
    /// `tarkka_scoring::render_warning`).
    pub warning: String,
}

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
    csv: table::Options,
    required: &[Column],
    optional: &[Column],
    profiles: bool,
) -> Result<Table> {
    let table = table::read_file(path, csv)?;
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, header) in table.headers.iter().enumerate() {
        let canonical =
            required.iter().chain(optional).find(|names| names.contains(&header.as_str()));
        if let Some(names) = canonical {
            if !seen.insert(names[0]) {
                errors.push(
                    table.header_error(index, msg!("import-column-twice", column = names[0])),
                );
            }
        } else if !(profiles && header.starts_with("profile.") && header.len() > 8) {
            let english: Vec<&str> =
                required.iter().chain(optional).map(|names| names[0]).collect();
            let profile = if profiles { ", profile.NAME" } else { "" };
            let expected = format!("{}{profile}", english.join(", "));
            errors.push(table.header_error(
                index,
                msg!("import-column-unknown", column = header, expected = expected),
            ));
        }
    }
    for names in required {
        if table.column(names).is_none() {
            errors.push(table.header_line_error(msg!("import-column-missing", column = names[0])));
        }
    }
    if !errors.is_empty() {
        return Err(located(path, errors, Action::Import));
    }
    Ok(table)
}

/// An answers table (encounter, criterion, answer, auditor, and optionally
/// comment), its header checked as `import answers` checks it; the
/// columns' indices in that order.
pub(crate) fn read_answers_table(
    path: &Path,
    csv: table::Options,
) -> Result<(Table, [Option<usize>; 5])> {
    let table = read_table(path, csv, &[ENCOUNTER, CRITERION, ANSWER, AUDITOR], &[COMMENT], false)?;
    let columns = [ENCOUNTER, CRITERION, ANSWER, AUDITOR, COMMENT].map(|c| table.column(&c));
    Ok((table, columns))
}

/// A required cell: its trimmed text, or an error.
pub(crate) fn required<'r>(
    row: &'r Row,
    column: Option<usize>,
    name: &str,
    errors: &mut Vec<CellError>,
) -> Option<&'r str> {
    let value = row.get(column);
    if value.is_empty() {
        errors.push(row.at(column, msg!("import-cell-empty", column = name)));
        return None;
    }
    Some(value)
}

/// The likely typos among a table's names, by row (see
/// [`crate::names::Known::table_typos`]); none when the import says its
/// new names are new. `column` gives each field's column, whose header
/// names it in the message.
fn name_typos(
    state: &LedgerState,
    ledger: &impl tarkka_ledger::Lines,
    table: &Table,
    new_names: bool,
    slip: crate::names::Slip,
    column: impl Fn(crate::names::Field) -> Option<usize>,
) -> Result<HashMap<usize, Vec<(crate::names::Field, tarkka_i18n::Message)>>> {
    let mut by_row: HashMap<usize, Vec<_>> = HashMap::new();
    if new_names {
        return Ok(by_row);
    }
    use crate::names::Field;
    let given: Vec<crate::names::Given<'_>> = table
        .rows
        .iter()
        .map(|row| crate::names::Given {
            location: row.get(column(Field::Location)),
            agent: row.get(column(Field::Agent)),
            auditor: row.get(column(Field::Auditor)),
        })
        .collect();
    let header = |field| {
        column(field).and_then(|index| table.headers.get(index)).cloned().unwrap_or_default()
    };
    for (at, field, message) in crate::names::Known::slips(state, ledger, &given, slip, header)? {
        by_row.entry(at).or_default().push((field, message));
    }
    Ok(by_row)
}

/// Logs every encounter of the table (and registers the rubric files they
/// need), or none.
pub fn encounters(writer: &Writer, args: &Encounters) -> Result<Imported> {
    let Writer { workspace, actor, now, .. } = writer;
    let (actor, now) = (actor.as_str(), *now);
    let mut files: BTreeMap<String, (Rubric, String)> = BTreeMap::new();
    for path in &args.rubrics {
        let (rubric, text) = rubrics::load(path)?;
        files.insert(rubric.id.clone(), (rubric, text));
    }
    let table = read_table(
        &args.file,
        args.csv,
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
    let (zone, zone_name) = crate::config::zone_of(workspace.root())?;
    writer.append_with(|_, locked| {
        let state = LedgerState::replay_without_scores(locked)?;
        let mut errors = Vec::new();
        let mut entries = Vec::new();
        let mut registered: BTreeSet<String> = state.rubrics.keys().cloned().collect();
        let mut ids: HashMap<String, u64> = HashMap::new();
        let mut parsed_rubrics: BTreeMap<String, Rubric> = BTreeMap::new();
        // Names of the ledger and of the rows before: a row's new name close
        // to one of them is a likely typo.
        let column = |field| match field {
            crate::names::Field::Location => location_col,
            crate::names::Field::Agent => agent_col,
            _ => auditor_col,
        };
        let mut typos =
            name_typos(&state, locked, &table, args.new_names, crate::names::Slip::Letter, column)?;
        // The rubric ids an unknown one is compared with, gathered once.
        let rubric_ids: Vec<&str> = state
            .rubrics
            .values()
            .map(|r| r.payload.rubric.as_str())
            .chain(files.keys().map(String::as_str))
            .collect();
        for (at, row) in table.rows.iter().enumerate() {
            let mut row_errors = Vec::new();
            let id = required(row, encounter_col, "encounter", &mut row_errors);
            if let Some(id) = id {
                if let Err(error) = rubrics::check_id(id, "encounter") {
                    row_errors.push(row.at(encounter_col, error.message()));
                } else if let Some(existing) = state.encounters.get(id) {
                    row_errors.push(row.at(
                        encounter_col,
                        msg!("encounter-exists", id = id, seq = existing.logged.seq),
                    ));
                } else if let Some(first) = ids.insert(id.to_string(), row.line) {
                    row_errors.push(
                        row.at(
                            encounter_col,
                            msg!("import-encounter-twice", id = id, line = first),
                        ),
                    );
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
                match state.latest_rubric(rubric_id).map(|r| rubrics::registered(&r.payload)) {
                    Some(Ok(rubric)) => {
                        parsed_rubrics.insert(rubric_id.to_string(), rubric.clone());
                        Some((rubric, None))
                    }
                    Some(Err(error)) => {
                        row_errors.push(row.at(rubric_col, error.message()));
                        None
                    }
                    None => {
                        let (count, close) = crate::names::close_list(rubric_id, &rubric_ids);
                        row_errors.push(row.at(
                            rubric_col,
                            msg!(
                                "import-rubric-unknown",
                                rubric = rubric_id,
                                count = count,
                                close = close
                            ),
                        ));
                        None
                    }
                }
            });
            let time = required(row, time_col, "time", &mut row_errors).and_then(|time| {
                crate::local_time::parse(time, &zone, &zone_name)
                    .map_err(|message| row_errors.push(row.at(time_col, message)))
                    .ok()
            });
            let location = required(row, location_col, "location", &mut row_errors);
            let agent = required(row, agent_col, "agent", &mut row_errors);
            let auditor = required(row, auditor_col, "auditor", &mut row_errors);
            for (field, problem) in typos.remove(&at).unwrap_or_default() {
                row_errors.push(row.at(column(field), msg!("import-name-typo", problem = problem)));
            }
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
                        tarkka_rubric::ProfileError::UnknownField { field, .. }
                        | tarkka_rubric::ProfileError::BadValue { field, .. } => field,
                    };
                    let column = profile_cols
                        .iter()
                        .find(|(_, name)| name == field)
                        .map(|(index, _)| *index);
                    row_errors.push(row.at(column, problem.message()));
                }
            }
            let given = row.get(channel_col);
            let channel = facts::channel(&rubric, Some(given)).unwrap_or_else(|why| {
                row_errors
                    .push(row.at(channel_col, msg!("import-channel", channel = given, why = why)));
                given.to_string()
            });
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
                    actor,
                    &facts::rubric_registered(&rubric, &fingerprint, text),
                ));
            }
            let optional =
                |column| Some(row.get(column).to_string()).filter(|value| !value.is_empty());
            let logged = facts::Logged {
                encounter: id.unwrap_or_default(),
                channel,
                time: time.as_deref().unwrap_or_default(),
                location: location.unwrap_or_default(),
                agent: agent.unwrap_or_default(),
                auditor: auditor.unwrap_or_default(),
                case: optional(case_col),
                profile: &profile,
                scenario: optional(scenario_col),
            };
            entries.push(NewEntry::new(
                now,
                actor,
                &facts::encounter_logged(logged, &rubric, &fingerprint),
            ));
        }
        if !errors.is_empty() {
            return Err(located(&args.file, errors, Action::Import));
        }
        if args.dry_run {
            return Ok(Vec::new());
        }
        Ok(entries)
    })?;
    Ok(Imported { count, dialect: table.dialect, warnings: Vec::new() })
}

/// Scores and records every scoresheet of the table (a row per answer;
/// rows of one encounter by one auditor make one scoresheet), or none.
/// `progress` counts rows scored.
pub fn answers(writer: &Writer, args: &Answers, progress: &dyn Progress) -> Result<Imported> {
    let Writer { actor, now, .. } = writer;
    let now = *now;
    let (table, [encounter_col, criterion_col, answer_col, auditor_col, comment_col]) =
        read_answers_table(&args.file, args.csv)?;
    progress.start(table.rows.len() as u64);
    let dialect = table.dialect;
    let sheets = std::cell::Cell::new(0);
    let mut warnings = Vec::new();
    let (sheets_ref, warnings_ref, actor_ref) = (&sheets, &mut warnings, actor.as_str());
    // The closure owns the table: its million rows are freed as soon as the
    // entries are built, before they are written.
    writer.append_with(move |_, locked| {
        let actor = actor_ref;
        let state = LedgerState::replay_without_scores(locked)?;
        let mut errors = Vec::new();
        // Scoresheets in the order their first row appears.
        let mut groups: Vec<((String, String), Vec<&Row>)> = Vec::new();
        let mut group_of: HashMap<(String, String), usize> = HashMap::new();
        let mut rubrics: HashMap<String, Rubric> = HashMap::new();
        let column = |field| match field {
            crate::names::Field::Auditor => auditor_col,
            _ => None,
        };
        let mut typos = name_typos(
            &state,
            locked,
            &table,
            args.new_names,
            crate::names::Slip::Folding,
            column,
        )?;
        for (at, row) in table.rows.iter().enumerate() {
            let mut row_errors = Vec::new();
            let encounter = required(row, encounter_col, "encounter", &mut row_errors);
            required(row, criterion_col, "criterion", &mut row_errors);
            required(row, answer_col, "answer", &mut row_errors);
            let auditor = required(row, auditor_col, "auditor", &mut row_errors);
            for (field, problem) in typos.remove(&at).unwrap_or_default() {
                row_errors.push(row.at(column(field), msg!("import-name-typo", problem = problem)));
            }
            if let Some(encounter) = encounter
                && !state.encounters.contains_key(encounter)
            {
                row_errors
                    .push(row.at(encounter_col, msg!("import-encounter-unknown", id = encounter)));
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
                match rubrics::of_encounter(&state, encounter) {
                    Ok(rubric) => {
                        rubrics.insert(fingerprint.clone(), rubric);
                    }
                    Err(error) => errors.push(rows[0].at(encounter_col, error.message())),
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
        let context = SheetContext { state: &state, rubrics: &rubrics, columns, args, now, actor };
        let outcomes = crate::parallel::map(&groups, |((encounter_id, auditor), rows)| {
            let sheet = score_sheet(&context, encounter_id, auditor, rows);
            progress.advance(rows.len() as u64);
            sheet
        });
        let mut entries = Vec::with_capacity(groups.len());
        for sheet in outcomes {
            match sheet {
                Sheet::Recorded(entry, warnings) => {
                    warnings_ref.extend(warnings);
                    entries.push(*entry);
                }
                Sheet::Refused(problems) => errors.extend(problems),
                Sheet::Skipped => {}
            }
        }
        progress.finish();
        if !errors.is_empty() {
            return Err(located(&args.file, errors, Action::Import));
        }
        sheets_ref.set(entries.len());
        if args.dry_run {
            return Ok(Vec::new());
        }
        Ok(entries)
    })?;
    Ok(Imported { count: sheets.get(), dialect, warnings })
}

/// The files an evidence table names, every row checked (the encounter
/// is logged, the kind known, the file there); attach them with
/// [`evidence::attach_all`]. Needs no writer, so a dry run needs no actor.
pub fn evidence(
    workspace: &tarkka_ledger::Workspace,
    args: &Evidence,
) -> Result<(Vec<evidence::Item>, table::Dialect)> {
    let table = read_table(&args.file, args.csv, &[ENCOUNTER, KIND, FILE], &[], false)?;
    let [encounter_col, kind_col, file_col] = [ENCOUNTER, KIND, FILE].map(|c| table.column(&c));
    let base = match &args.base {
        Some(base) => base.as_path(),
        None => args.file.parent().unwrap_or(Path::new(".")),
    };
    // Named files stay inside the base folder, symbolic links resolved: a
    // row cannot pull in `../../etc/shadow` or a private key.
    let inside =
        std::fs::canonicalize(if base.as_os_str().is_empty() { Path::new(".") } else { base })
            .map_err(|error| crate::error::unreadable(base, error))?;
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
            row_errors.push(
                row.at(encounter_col, msg!("import-encounter-unknown-plain", id = encounter)),
            );
        }
        // Finnish tables name the kinds in Finnish too.
        let kind = kind.map(|kind| evidence_kind(kind).unwrap_or(kind));
        if let Some(kind) = kind
            && !tarkka_ledger::payload::EVIDENCE_KINDS.contains(&kind)
        {
            let kinds = tarkka_ledger::payload::EVIDENCE_KINDS.join(", ");
            row_errors
                .push(row.at(kind_col, msg!("import-kind-unknown", kind = kind, kinds = kinds)));
        }
        let path = file.map(|file| base.join(file));
        if let Some(path) = &path {
            // A link is named with what it leads to.
            let shown = match std::fs::canonicalize(path) {
                Ok(real) if path.is_symlink() => {
                    format!("{} (→ {})", path.display(), real.display())
                }
                _ => path.display().to_string(),
            };
            match std::fs::canonicalize(path) {
                Ok(real) if !real.starts_with(&inside) => row_errors.push(row.at(
                    file_col,
                    msg!("import-file-outside", file = shown, base = inside.display().to_string()),
                )),
                Ok(real) if evidence::is_key_file(&real, &args.key_dirs) => {
                    row_errors.push(row.at(file_col, msg!("evidence-key-file", file = shown)));
                }
                Ok(real) if real.is_file() => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    row_errors.push(row.at(file_col, msg!("file-missing", file = shown)));
                }
                _ => {
                    row_errors.push(row.at(file_col, msg!("import-file-unreadable", file = shown)))
                }
            }
        }
        if row_errors.is_empty() {
            items.push(evidence::Item {
                encounter: encounter.unwrap_or_default().to_string(),
                kind: kind.unwrap_or_default().to_string(),
                path: path.expect("checked"),
            });
        }
        errors.extend(row_errors);
    }
    if !errors.is_empty() {
        return Err(located(&args.file, errors, Action::Import));
    }
    Ok((items, table.dialect))
}

/// An evidence kind named in Finnish, as the ledger records it.
fn evidence_kind(word: &str) -> Option<&'static str> {
    Some(match word.trim().to_lowercase().as_str() {
        "äänite" | "tallenne" => "recording",
        "litterointi" => "transcript",
        "kuva" | "valokuva" => "photo",
        "kuitti" => "receipt",
        "muu" => "other",
        _ => return None,
    })
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
    args: &'a Answers,
    now: jiff::Timestamp,
    actor: &'a str,
}

/// One scoresheet's outcome.
enum Sheet {
    /// The entry to record, and warnings.
    Recorded(Box<NewEntry>, Vec<ImportWarning>),
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
    let profile = match rubrics::profile_of(&encounter.logged.payload) {
        Ok(profile) => profile,
        Err(error) => return Sheet::Refused(vec![rows[0].at(encounter_col, error.message())]),
    };
    let mut answers = AnswerMap::new();
    let mut lines: HashMap<&str, &Row> = HashMap::new();
    // Criteria whose rows are already reported: scoring would only call
    // them unanswered.
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for row in rows {
        let criterion_id = row.get(criterion_col);
        let Some(criterion) = rubric.criterion(criterion_id) else {
            errors
                .push(row.at(criterion_col, crate::names::criterion_unknown(rubric, criterion_id)));
            continue;
        };
        if let Some(first) = lines.insert(criterion_id, row) {
            errors.push(row.at(
                criterion_col,
                msg!(
                    "import-answer-twice",
                    criterion = criterion_id,
                    encounter = encounter_id,
                    auditor = auditor,
                    line = first.line
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
                errors.push(row.at(
                    answer_col,
                    msg!("import-answer-bad", criterion = criterion_id, message = message),
                ));
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
                    Some(row) => row.at(answer_col, problem.text()),
                    None => rows[0].at(
                        encounter_col,
                        msg!(
                            "import-sheet-problem",
                            encounter = encounter_id,
                            auditor = auditor,
                            problem = problem.text()
                        ),
                    ),
                });
            }
            if error.problems().is_empty() {
                errors.push(rows[0].at(encounter_col, error.text()));
            }
            return Sheet::Refused(errors);
        }
    };
    if !errors.is_empty() {
        return Sheet::Refused(errors);
    }
    let sheet = facts::human_scoresheet(
        encounter,
        rubric,
        fingerprint,
        auditor,
        &answers,
        &result,
        context.args.allow_missing_evidence.as_deref(),
    );
    let sheet = match sheet {
        Ok(sheet) => sheet,
        Err(missing) => {
            return Sheet::Refused(vec![rows[0].at(
                encounter_col,
                msg!(
                    "import-evidence-missing",
                    encounter = encounter_id,
                    missing = missing.join("; ")
                ),
            )]);
        }
    };
    let warnings = result
        .warnings
        .iter()
        .map(|warning| ImportWarning {
            place: format!("{}:{}", context.args.file.display(), rows[0].line),
            encounter: encounter_id.to_string(),
            auditor: auditor.to_string(),
            warning: warning.clone(),
        })
        .collect();
    Sheet::Recorded(Box::new(NewEntry::new(context.now, context.actor, &sheet)), warnings)
}

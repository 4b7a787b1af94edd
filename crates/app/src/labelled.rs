//! Labelled transcripts outside a workspace: a directory of transcripts
//! and its `labels.toml`, each call's expected verdict per criterion, as
//! the sets in `tests/fixtures/transcripts/` are written (see
//! docs/rules.md, "Labelled sets"). `tarkka check tune --model --labelled
//! DIR` trains word models on them beside the workspace's own labels.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tarkka_check::Encounter;
use tarkka_i18n::msg;
use tarkka_rubric::{Profile, ProfileValue};
use tarkka_transcript::Transcript;
use tarkka_transcript::read::{self, SpeakerMap};

use crate::error::{Error, Place, Problem, Result, unreadable};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    transcript: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rubric: String,
    #[serde(default)]
    profile: BTreeMap<String, toml::Value>,
    start: String,
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
    expect: BTreeMap<String, String>,
}

/// A label: the criterion was met, not met, or not applicable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// Met.
    Pass,
    /// Not met.
    Fail,
    /// Not applicable.
    NotApplicable,
}

/// One labelled call.
pub struct Call {
    /// `SET/FILE`: the directory's name and the file.
    pub name: String,
    /// The rubric id it is labelled against.
    pub rubric: String,
    /// The transcript.
    pub transcript: Transcript,
    /// The customer's profile and the call's start, as labelled.
    pub encounter: Encounter,
    /// Criterion → label.
    pub expect: BTreeMap<String, Label>,
}

/// The directory's calls, in the order of its `labels.toml`. A problem of
/// the file is named with its line and column.
pub fn read_set(dir: &Path, speakers: &SpeakerMap) -> Result<Vec<Call>> {
    let path = dir.join("labels.toml");
    let text = std::fs::read_to_string(&path).map_err(|error| unreadable(&path, error))?;
    let problem = |span: Option<std::ops::Range<usize>>, message| {
        let (line, column) = tarkka_rubric::line_col(&text, span.map_or(0, |span| span.start));
        let place = Place::File { path: path.clone(), line: line as u64, column: column as u64 };
        Error::listing(
            msg!("labels-invalid", file = path.display().to_string()),
            vec![Problem { place, message }],
            None,
        )
    };
    let labels: Labels = toml::from_str(&text).map_err(|error| {
        let reason = error.message().lines().next().unwrap_or("").trim().to_string();
        problem(error.span(), msg!("rubric-toml", reason = reason))
    })?;
    let set = set_name(dir);
    let mut calls = Vec::new();
    for entry in labels.transcript {
        // The entry's place: where its file is named.
        let at = text.find(&format!("\"{}\"", entry.file));
        let file: PathBuf = dir.join(&entry.file);
        let bytes = crate::check::read_file(&file)?;
        let format = read::detect(&entry.file, &bytes);
        let (transcript, _) = read::read(format, &bytes, speakers).map_err(|error| {
            Error::text(msg!(
                "labels-transcript",
                file = file.display().to_string(),
                problem = error.message.clone()
            ))
        })?;
        let mut profile = Profile::new();
        for (field, value) in &entry.profile {
            let value = match value {
                toml::Value::Boolean(b) => ProfileValue::Bool(*b),
                toml::Value::Integer(n) => ProfileValue::Integer(*n),
                toml::Value::String(word) => ProfileValue::Word(word.clone()),
                _ => {
                    return Err(problem(
                        at.map(|at| at..at),
                        msg!("labels-profile", file = &entry.file, field = field),
                    ));
                }
            };
            profile.insert(field.clone(), value);
        }
        let mut expect = BTreeMap::new();
        for (criterion, label) in &entry.expect {
            let label = match label.as_str() {
                "pass" => Label::Pass,
                "fail" => Label::Fail,
                "na" => Label::NotApplicable,
                other => {
                    // At the criterion's key, after the entry's file.
                    let key = format!("\"{criterion}\"");
                    let here = at.and_then(|at| text[at..].find(&key).map(|i| at + i)).or(at);
                    return Err(problem(
                        here.map(|at| at..at),
                        msg!(
                            "labels-label",
                            file = &entry.file,
                            criterion = criterion,
                            label = other
                        ),
                    ));
                }
            };
            expect.insert(criterion.clone(), label);
        }
        calls.push(Call {
            name: format!("{set}/{}", entry.file),
            rubric: entry.rubric,
            transcript,
            encounter: Encounter { profile, start: tarkka_check::zoned(&entry.start) },
            expect,
        });
    }
    Ok(calls)
}

/// A set's (or sentences file's) name as `trained_on` shows it: the
/// path's last component (`.` read as the directory it stands for).
pub fn set_name(dir: &Path) -> String {
    let named = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    named
        .file_name()
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// One labelled sentence of a sentences file (`check tune --model
/// --sentences FILE`): what the agent said, on its own.
pub struct Sentence {
    /// The rubric id.
    pub rubric: String,
    /// The criterion.
    pub criterion: String,
    /// The behaviour the check looks for is there (`fail`).
    pub fail: bool,
    /// The words.
    pub text: String,
    /// The 1-based line.
    pub line: usize,
}

/// A sentences file's labelled sentences, one per line as
/// `RUBRIC<TAB>CRITERION<TAB>pass|fail<TAB>SENTENCE`; blank lines and
/// lines starting with `#` are skipped. A line that is none of these is
/// named with its line and column, and nothing is read.
pub fn read_sentences(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|error| unreadable(path, error))?;
    let mut problems = Vec::new();
    let mut out = Vec::new();
    // A byte-order mark some editors write is no part of the first field.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for (at, line) in text.lines().enumerate() {
        let place = |column: usize| Place::File {
            path: path.to_path_buf(),
            line: at as u64 + 1,
            column: column as u64,
        };
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 4 {
            let found = fields.len();
            problems.push(Problem {
                place: place(1),
                message: msg!("sentences-fields", found = found),
            });
            continue;
        }
        // The 1-based column where each field starts.
        let columns: Vec<usize> = fields
            .iter()
            .scan(1, |column, field| {
                let at = *column;
                *column += field.chars().count() + 1;
                Some(at)
            })
            .collect();
        if let Some(empty) = fields.iter().position(|f| f.trim().is_empty()) {
            let field = empty + 1;
            problems.push(Problem {
                place: place(columns[empty]),
                message: msg!("sentences-empty", field = field),
            });
            continue;
        }
        let fail = match fields[2].trim() {
            "fail" => true,
            "pass" => false,
            other => {
                problems.push(Problem {
                    place: place(columns[2]),
                    message: msg!("sentences-label", label = other),
                });
                continue;
            }
        };
        out.push(Sentence {
            rubric: fields[0].trim().to_string(),
            criterion: fields[1].trim().to_string(),
            fail,
            text: fields[3].trim().to_string(),
            line: at + 1,
        });
    }
    if problems.is_empty() { Ok(out) } else { Err(sentences_error(path, problems)) }
}

/// A sentences file's problems, the first [`crate::table::MAX_SHOWN`]
/// listed and the rest counted.
pub fn sentences_error(path: &Path, mut problems: Vec<Problem>) -> Error {
    let (count, shown) = (problems.len(), crate::table::MAX_SHOWN);
    problems.truncate(shown);
    let more =
        (count > shown).then(|| msg!("table-problems-more", count = count - shown, shown = shown));
    Error::listing(msg!("sentences-invalid", file = path.display().to_string()), problems, more)
}

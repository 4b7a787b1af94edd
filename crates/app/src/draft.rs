//! Drafts: an interactive scoring session's answers, kept in the
//! workspace after every answer so that `q`, Ctrl-C, a closed terminal or
//! a crash loses nothing; the next `tarkka score ENCOUNTER` by the same
//! auditor offers to resume. A draft is never a ledger entry: it is a
//! TOML file under `drafts/AUDITOR/`, with the answers as an answers file
//! has them (docs/scoring.md) and, for a session scored from suggestions,
//! the checks and transcript they came from; it is removed once the
//! scoresheet is recorded.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use tarkka_ledger::Workspace;
use tarkka_rubric::Rubric;
use tarkka_scoring::{Answer, AnswerValue, Answers};

use crate::error::{Context as _, Result};

/// Where the drafts of a workspace live.
pub fn dir(workspace: &Workspace) -> PathBuf {
    workspace.root().join("drafts")
}

/// The draft of `auditor` for `encounter` (both are checked ids: no
/// slashes, no spaces), one directory per auditor.
pub fn path(workspace: &Workspace, encounter: &str, auditor: &str) -> PathBuf {
    dir(workspace).join(auditor).join(format!("{encounter}.toml"))
}

/// Where a session's suggestions came from: the rules fingerprint and the
/// transcript's SHA-256. A draft started from suggestions resumes only
/// from the same ones, so that the scoresheet says truly which answers
/// were given with a suggestion in view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggested {
    /// The checks' rules fingerprint.
    pub rules: String,
    /// The transcript's SHA-256, in hexadecimal.
    pub transcript: String,
    /// The speaker names given (`NAME=ROLE`, sorted, comma-separated),
    /// which change whose words the checks read.
    pub speakers: String,
}

/// A draft read back.
#[derive(Debug)]
pub struct Draft {
    /// Its file.
    pub path: PathBuf,
    /// The answers that still fit the rubric.
    pub answers: Answers,
    /// Answers left out: the rubric has no such criterion any more, or the
    /// answer does not fit its scale.
    pub dropped: Vec<String>,
    /// The suggestions the session was scored from, if it was.
    pub suggested: Option<Suggested>,
}

/// Writes the draft: a complete new file, then renamed over the old one,
/// so that a crash leaves the previous draft or this one, never half.
pub fn save(
    workspace: &Workspace,
    rubric: &Rubric,
    encounter: &str,
    auditor: &str,
    answers: &Answers,
    suggested: Option<&Suggested>,
) -> Result<PathBuf> {
    let path = path(workspace, encounter, auditor);
    let dir = path.parent().expect("a draft is in a directory").to_path_buf();
    std::fs::create_dir_all(&dir)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = dir.display().to_string()))?;
    let mut table = toml::Table::new();
    for (id, answer) in answers {
        let mut entry = toml::Table::new();
        entry.insert("answer".into(), toml::Value::String(answer.value.to_string()));
        if let Some(comment) = &answer.comment {
            entry.insert("comment".into(), toml::Value::String(comment.clone()));
        }
        table.insert(id.clone(), toml::Value::Table(entry));
    }
    let mut document = toml::Table::new();
    document.insert("format".into(), toml::Value::Integer(crate::score::ANSWERS_FORMAT.into()));
    document.insert("encounter".into(), toml::Value::String(encounter.into()));
    document.insert("rubric".into(), toml::Value::String(rubric.id.clone()));
    if let Some(suggested) = suggested {
        document.insert("suggestions_rules".into(), toml::Value::String(suggested.rules.clone()));
        document.insert(
            "suggestions_transcript".into(),
            toml::Value::String(suggested.transcript.clone()),
        );
        document
            .insert("suggestions_speakers".into(), toml::Value::String(suggested.speakers.clone()));
    }
    document.insert("answers".into(), toml::Value::Table(table));
    let text = format!(
        "# A draft of an interactive `tarkka score {encounter}` by {auditor}; not in the ledger.\n{}",
        toml::to_string(&document).context(tarkka_i18n::msg!("draft-unserialisable"))?
    );
    let staged = dir.join(format!(".{encounter}.toml.{}", std::process::id()));
    let written = std::fs::File::create(&staged)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&staged, &path))
        // The rename is durable once the directory is.
        .and_then(|()| std::fs::File::open(&dir)?.sync_all());
    if let Err(error) = written {
        let _ = std::fs::remove_file(&staged);
        return Err(error).with_context(|| {
            tarkka_i18n::msg!("draft-unwritable", file = path.display().to_string())
        });
    }
    Ok(path)
}

/// The auditor's draft for the encounter, if there is one.
pub fn load(
    workspace: &Workspace,
    rubric: &Rubric,
    encounter: &str,
    auditor: &str,
) -> Result<Option<Draft>> {
    let path = path(workspace, encounter, auditor);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(error).with_context(|| {
                tarkka_i18n::msg!("draft-unreadable", file = path.display().to_string())
            });
        }
    };
    let file: BTreeMap<String, toml::Value> = toml::from_str(&text).map_err(|error| {
        crate::Error::text(tarkka_i18n::msg!(
            "draft-invalid",
            file = path.display().to_string(),
            reason = error.message()
        ))
    })?;
    // A draft is for this encounter and rubric, or it is not this one.
    let field = |name: &str| file.get(name).and_then(toml::Value::as_str).unwrap_or_default();
    if field("encounter") != encounter || field("rubric") != rubric.id {
        crate::refuse!(
            "draft-other",
            file = path.display().to_string(),
            its_encounter = field("encounter"),
            its_rubric = field("rubric"),
            encounter = encounter,
            rubric = &rubric.id
        );
    }
    let suggested = match (field("suggestions_rules"), field("suggestions_transcript")) {
        ("", _) | (_, "") => None,
        (rules, transcript) => Some(Suggested {
            rules: rules.to_string(),
            transcript: transcript.to_string(),
            speakers: field("suggestions_speakers").to_string(),
        }),
    };
    let mut answers = Answers::new();
    let mut dropped = Vec::new();
    let entries = file.get("answers").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    for (id, entry) in entries {
        let (value, comment) = match &entry {
            toml::Value::Table(table) => (
                table.get("answer").and_then(toml::Value::as_str).unwrap_or_default(),
                table.get("comment").and_then(toml::Value::as_str).map(str::to_string),
            ),
            other => (other.as_str().unwrap_or_default(), None),
        };
        // The answer must still fit: parse, N/A allowed, a credit.
        let parsed = rubric.criterion(&id).and_then(|criterion| {
            let value = AnswerValue::parse(criterion, value).ok()?;
            let na_ok = value != AnswerValue::NotApplicable || criterion.na_allowed;
            (na_ok && tarkka_scoring::credit(criterion, &value).is_ok()).then_some(value)
        });
        match parsed {
            Some(value) => {
                answers.insert(id, Answer { value, comment });
            }
            None => dropped.push(id),
        }
    }
    Ok(Some(Draft { path, answers, dropped, suggested }))
}

/// Removes the draft, once recorded or abandoned.
pub fn discard(workspace: &Workspace, encounter: &str, auditor: &str) -> Result<()> {
    remove(&path(workspace, encounter, auditor))
}

fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error).with_context(|| {
            tarkka_i18n::msg!("draft-unremovable", file = path.display().to_string())
        }),
    }
}

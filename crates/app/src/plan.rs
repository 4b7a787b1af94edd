//! Sampling plans (issue 18): which encounters a period's draw takes, in
//! what strata and quotas, and who scores them. A plan is a TOML file under
//! version control beside the rubrics (`plans/`); docs/workflow.md has the
//! format.
//!
//! ```toml
//! format = 1
//! id = "weekly-service-calls"
//! version = "2026.1"
//!
//! [pool]
//! rubrics = ["service-call"]
//!
//! [[exclude]]
//! field = "profile.duration_seconds"
//! below = 30
//!
//! [sample]
//! strata = ["agent"]
//! quota = 2
//! scorers = 1
//! calibration = 1
//! due_days = 7
//!
//! [[auditor]]
//! id = "aino"
//! capacity = 2
//! ```

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use tarkka_i18n::{Message, msg};
use toml::Spanned;

use crate::error::{Error, Place, Problem, Result};

/// The plan format this tarkka reads.
pub const PLAN_FORMAT: u32 = 1;

/// The fields a stratum may be made of.
pub const STRATUM_FIELDS: [&str; 8] =
    ["agent", "location", "channel", "rubric", "scenario", "day", "week", "month"];

/// The encounter fields an exclusion may test, beside `profile.NAME`.
pub const EXCLUDE_FIELDS: [&str; 6] =
    ["agent", "location", "channel", "rubric", "scenario", "case"];

/// A validated sampling plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Its id.
    pub id: String,
    /// Its version string.
    pub version: String,
    /// The rubrics whose encounters are in the pool; empty for all.
    pub rubrics: Vec<String>,
    /// The channels; empty for all.
    pub channels: Vec<String>,
    /// The locations; empty for all.
    pub locations: Vec<String>,
    /// Encounters left out of the pool.
    pub exclude: Vec<Exclusion>,
    /// The fields the pool is divided by.
    pub strata: Vec<Stratum>,
    /// How many encounters each stratum gives.
    pub quota: u32,
    /// How many auditors score each drawn encounter.
    pub scorers: u32,
    /// How many of the drawn encounters every auditor scores.
    pub calibration: u32,
    /// Days from the draw to the due date.
    pub due_days: u32,
    /// The auditors, with their capacity; empty leaves the draw to the
    /// team's queue.
    pub auditors: Vec<Auditor>,
}

/// A field the pool is divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stratum {
    /// The encounter's agent.
    Agent,
    /// Its location.
    Location,
    /// Its channel.
    Channel,
    /// Its rubric.
    Rubric,
    /// Its scenario.
    Scenario,
    /// Its own local date.
    Day,
    /// Its ISO week (`2026-W50`).
    Week,
    /// Its month (`2026-12`).
    Month,
}

impl Stratum {
    fn from_name(name: &str) -> Option<Stratum> {
        Some(match name {
            "agent" => Stratum::Agent,
            "location" => Stratum::Location,
            "channel" => Stratum::Channel,
            "rubric" => Stratum::Rubric,
            "scenario" => Stratum::Scenario,
            "day" => Stratum::Day,
            "week" => Stratum::Week,
            "month" => Stratum::Month,
            _ => return None,
        })
    }

    /// The name the plan uses.
    pub fn name(self) -> &'static str {
        STRATUM_FIELDS[self as usize]
    }
}

/// Encounters to leave out: those whose field satisfies the test. An
/// encounter without the field is not left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Exclusion {
    /// `agent`, `location`, … or `profile.NAME`.
    pub field: String,
    /// The test.
    pub test: Test,
}

/// What an exclusion tests.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// A number below this.
    Below(f64),
    /// A number above this.
    Above(f64),
    /// Equal to one of these (as written: text, number or true/false).
    In(Vec<String>),
}

/// An auditor the draw assigns to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auditor {
    /// Their id.
    pub id: String,
    /// Their share of the work, relative to the others'.
    pub capacity: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    format: Spanned<u32>,
    id: Spanned<String>,
    version: String,
    #[serde(default)]
    title: Option<toml::Value>,
    #[serde(default)]
    pool: RawPool,
    #[serde(default)]
    exclude: Vec<RawExclusion>,
    sample: RawSample,
    #[serde(default)]
    auditor: Vec<RawAuditor>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPool {
    #[serde(default)]
    rubrics: Vec<String>,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    locations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExclusion {
    field: Spanned<String>,
    #[serde(default)]
    below: Option<f64>,
    #[serde(default)]
    above: Option<f64>,
    #[serde(default)]
    equals: Option<toml::Value>,
    #[serde(default, rename = "in")]
    any_of: Option<Vec<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSample {
    #[serde(default)]
    strata: Vec<Spanned<String>>,
    quota: Spanned<u32>,
    #[serde(default)]
    scorers: Option<Spanned<u32>>,
    #[serde(default)]
    calibration: Option<u32>,
    #[serde(default)]
    due_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuditor {
    id: Spanned<String>,
    #[serde(default)]
    capacity: Option<Spanned<u32>>,
}

/// Reads and validates a plan's text; every problem is reported with its
/// line and column in `path`.
pub fn parse(path: &Path, text: &str) -> Result<Plan> {
    let at = |span: Range<usize>, message: Message| {
        let (line, column) = tarkka_rubric::line_col(text, span.start);
        Problem {
            place: Place::File {
                path: path.to_path_buf(),
                line: line as u64,
                column: column as u64,
            },
            message,
        }
    };
    let invalid = |problems: Vec<Problem>| {
        let heading = msg!("plan-invalid", file = path.display().to_string());
        let shown = problems.clone();
        Error::rendered(move |lang| {
            let mut out = tarkka_i18n::render(lang, &heading);
            for problem in &shown {
                out.push_str("\n  ");
                out.push_str(&problem.render(lang));
            }
            out
        })
        .with_problems(problems)
    };
    let raw: Raw = toml::from_str(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        invalid(vec![at(span, msg!("as-is", text = error.message().trim().to_string()))])
    })?;
    let mut problems = Vec::new();
    if *raw.format.get_ref() > PLAN_FORMAT {
        problems.push(at(
            raw.format.span(),
            msg!("plan-format-newer", format = *raw.format.get_ref(), reads = PLAN_FORMAT),
        ));
    }
    if raw.id.get_ref().trim().is_empty() {
        problems.push(at(raw.id.span(), msg!("plan-id-empty")));
    }
    let _ = raw.title;
    let mut strata = Vec::new();
    for field in &raw.sample.strata {
        match Stratum::from_name(field.get_ref()) {
            Some(stratum) if strata.contains(&stratum) => problems.push(at(
                field.span(),
                msg!("plan-stratum-twice", field = field.get_ref().as_str()),
            )),
            Some(stratum) => strata.push(stratum),
            None => problems.push(at(
                field.span(),
                msg!(
                    "plan-stratum-unknown",
                    field = field.get_ref().as_str(),
                    expected = STRATUM_FIELDS.join(", "),
                    close = closest(field.get_ref(), &STRATUM_FIELDS)
                ),
            )),
        }
    }
    if *raw.sample.quota.get_ref() == 0 {
        problems.push(at(raw.sample.quota.span(), msg!("plan-zero", key = "quota")));
    }
    let scorers = raw.sample.scorers.as_ref().map_or(1, |s| *s.get_ref());
    if let Some(spanned) = &raw.sample.scorers {
        if scorers == 0 {
            problems.push(at(spanned.span(), msg!("plan-zero", key = "scorers")));
        } else if !raw.auditor.is_empty() && scorers as usize > raw.auditor.len() {
            problems.push(at(
                spanned.span(),
                msg!("plan-scorers-too-many", scorers = scorers, auditors = raw.auditor.len()),
            ));
        }
    }
    let mut exclude = Vec::new();
    for raw_exclusion in raw.exclude {
        let field = raw_exclusion.field.get_ref().clone();
        let span = raw_exclusion.field.span();
        let known = EXCLUDE_FIELDS.contains(&field.as_str())
            || field.strip_prefix("profile.").is_some_and(|name| !name.is_empty());
        if !known {
            problems.push(at(
                span.clone(),
                msg!(
                    "plan-exclude-field",
                    field = field.as_str(),
                    expected = format!("{}, profile.NAME", EXCLUDE_FIELDS.join(", ")),
                    close = closest(&field, &EXCLUDE_FIELDS)
                ),
            ));
        }
        let mut tests = Vec::new();
        if let Some(below) = raw_exclusion.below {
            tests.push(Test::Below(below));
        }
        if let Some(above) = raw_exclusion.above {
            tests.push(Test::Above(above));
        }
        if let Some(value) = raw_exclusion.equals {
            tests.push(Test::In(vec![value_text(&value)]));
        }
        if let Some(values) = raw_exclusion.any_of {
            tests.push(Test::In(values.iter().map(value_text).collect()));
        }
        match tests.len() {
            1 => exclude.push(Exclusion { field, test: tests.pop().expect("one test") }),
            count => {
                problems.push(at(span, msg!("plan-exclude-tests", field = field, count = count)))
            }
        }
    }
    let mut auditors: Vec<Auditor> = Vec::new();
    for auditor in raw.auditor {
        let id = auditor.id.get_ref().clone();
        if let Err(error) = crate::config::check_actor(&id) {
            problems.push(at(auditor.id.span(), error.message()));
        } else if auditors.iter().any(|a| a.id == id) {
            problems.push(at(auditor.id.span(), msg!("plan-auditor-twice", auditor = id.as_str())));
        }
        let capacity = auditor.capacity.as_ref().map_or(1, |c| *c.get_ref());
        if let Some(spanned) = &auditor.capacity
            && capacity == 0
        {
            problems.push(at(spanned.span(), msg!("plan-zero", key = "capacity")));
        }
        auditors.push(Auditor { id, capacity });
    }
    let calibration = raw.sample.calibration.unwrap_or(0);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    Ok(Plan {
        id: raw.id.into_inner(),
        version: raw.version,
        rubrics: raw.pool.rubrics,
        channels: raw.pool.channels,
        locations: raw.pool.locations,
        exclude,
        strata,
        quota: raw.sample.quota.into_inner(),
        scorers,
        calibration,
        due_days: raw.sample.due_days.unwrap_or(7),
        auditors,
    })
}

/// Reads a plan file.
pub fn read(path: &Path) -> Result<(Plan, String)> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Error::text(msg!("file-unreadable", file = path.display().to_string()))
            .context(error.to_string())
    })?;
    let plan = parse(path, &text)?;
    Ok((plan, text))
}

/// A plan's fingerprint: the SHA-256 of its file's bytes, so that any
/// change to the file, even a comment, is a new plan.
pub fn fingerprint(text: &str) -> String {
    tarkka_ledger::Digest::of(text.as_bytes()).to_hex()
}

/// A TOML value as an exclusion compares it: text as it is, numbers and
/// booleans as written.
fn value_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The known name closest to `name`, or `none` (the catalogue's
/// messages select on it).
fn closest(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map_or_else(|| "none".to_string(), |(_, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"format = 1
id = "weekly"
version = "1"

[pool]
rubrics = ["service-call"]

[[exclude]]
field = "profile.duration_seconds"
below = 30

[sample]
strata = ["agent", "week"]
quota = 2
scorers = 1
calibration = 1

[[auditor]]
id = "aino"
capacity = 2

[[auditor]]
id = "mikko"
"#;

    #[test]
    fn a_plan_reads_with_its_defaults() {
        let plan = parse(Path::new("p.toml"), PLAN).unwrap();
        assert_eq!(plan.strata, vec![Stratum::Agent, Stratum::Week]);
        assert_eq!(plan.quota, 2);
        assert_eq!(plan.due_days, 7);
        assert_eq!(plan.auditors[0], Auditor { id: "aino".into(), capacity: 2 });
        assert_eq!(plan.auditors[1].capacity, 1);
        assert_eq!(plan.exclude[0].test, Test::Below(30.0));
    }

    #[test]
    fn an_unknown_stratum_is_named_with_its_place() {
        let text = PLAN.replace("\"week\"", "\"agnet\"");
        let error = parse(Path::new("p.toml"), &text).unwrap_err();
        let problems: Vec<String> = error.problems().iter().map(|p| p.render("en")).collect();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("p.toml:13:20: "), "{problems:?}");
        assert!(problems[0].contains("`agnet`") && problems[0].contains("agent"), "{problems:?}");
    }

    #[test]
    fn every_problem_is_reported() {
        let text = PLAN
            .replace("quota = 2", "quota = 0")
            .replace("below = 30", "below = 30\nabove = 90")
            .replace("id = \"mikko\"", "id = \"aino\"");
        let error = parse(Path::new("p.toml"), &text).unwrap_err();
        assert_eq!(error.problems().len(), 3, "{:?}", error.problems());
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_place() {
        let text = PLAN.replace("quota = 2", "quota = 2\nqouta = 3");
        let error = parse(Path::new("p.toml"), &text).unwrap_err();
        let problem = error.problems()[0].render("en");
        assert!(problem.starts_with("p.toml:15:1: ") && problem.contains("qouta"), "{problem}");
    }
}

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

use tarkka_i18n::{Message, msg};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

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

const TOP_KEYS: &[&str] =
    &["format", "id", "version", "title", "pool", "exclude", "sample", "auditor"];
const POOL_KEYS: &[&str] = &["rubrics", "channels", "locations"];
const EXCLUDE_KEYS: &[&str] = &["field", "below", "above", "equals", "in"];
const SAMPLE_KEYS: &[&str] = &["strata", "quota", "scorers", "calibration", "due_days"];
const AUDITOR_KEYS: &[&str] = &["id", "capacity"];

type Value<'i> = Spanned<DeValue<'i>>;

/// Reads a plan's values, collecting every problem with its span.
struct Reader {
    problems: Vec<(Range<usize>, Message)>,
}

impl Reader {
    fn problem(&mut self, span: Range<usize>, message: Message) {
        self.problems.push((span, message));
    }

    /// The table's keys checked against `allowed`: each unknown one is a
    /// problem, with the closest allowed key when one is close.
    fn keys(&mut self, table: &DeTable<'_>, name: &str, allowed: &[&str]) {
        for (key, _) in table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                self.problem(
                    key.span(),
                    msg!(
                        "plan-unknown-key",
                        key = key.get_ref().as_ref(),
                        table = name,
                        expected = allowed.join(", "),
                        close = closest(key.get_ref(), allowed)
                    ),
                );
            }
        }
    }

    fn wrong(&mut self, value: &Value<'_>, key: &str, expected: &str) {
        let found = tarkka_rubric::describe_toml(value.get_ref());
        self.problem(
            value.span(),
            msg!("plan-wrong-type", key = key, expected = expected, found = found),
        );
    }

    fn text(&mut self, value: &Value<'_>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            _ => {
                self.wrong(value, key, "text");
                None
            }
        }
    }

    fn count(&mut self, value: &Value<'_>, key: &str) -> Option<u32> {
        let parsed = match value.get_ref() {
            DeValue::Integer(n) if n.radix() == 10 => {
                n.as_str().replace('_', "").parse::<u32>().ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            self.wrong(value, key, "count");
        }
        parsed
    }

    /// A number: TOML's, or text with a decimal point or comma.
    fn number(&mut self, value: &Value<'_>, key: &str) -> Option<f64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(n) => n.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Float(n) => n.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::String(text) => text.trim().replace(',', ".").parse::<f64>().ok(),
            _ => None,
        }
        .filter(|n| n.is_finite());
        if parsed.is_none() {
            self.wrong(value, key, "number");
        }
        parsed
    }

    fn texts(&mut self, value: &Value<'_>, key: &str) -> Vec<Spanned<String>> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.text(item, key).map(|text| Spanned::new(item.span(), text)))
                .collect(),
            _ => {
                self.wrong(value, key, "texts");
                Vec::new()
            }
        }
    }

    /// A value as an exclusion compares it: text as it is, numbers and
    /// true/false as written.
    fn literal(&mut self, value: &Value<'_>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) => Some(text.to_string()),
            DeValue::Integer(n) => Some(n.as_str().to_string()),
            DeValue::Float(n) => Some(n.as_str().to_string()),
            DeValue::Boolean(b) => Some(b.to_string()),
            _ => {
                self.wrong(value, key, "text");
                None
            }
        }
    }

    fn table<'t, 'i>(&mut self, value: &'t Value<'i>, key: &str) -> Option<&'t DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                self.wrong(value, key, "table");
                None
            }
        }
    }

    fn tables<'t, 'i>(
        &mut self,
        value: &'t Value<'i>,
        key: &str,
    ) -> Vec<(Range<usize>, &'t DeTable<'i>)> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.table(item, key).map(|t| (item.span(), t)))
                .collect(),
            _ => {
                self.wrong(value, key, "tables");
                Vec::new()
            }
        }
    }
}

/// The value of `key` in `table`, if it has one.
fn value<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Value<'i>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

/// Reads and validates a plan's text; every problem is reported with its
/// line and column in `path`, in the order of the file.
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
    let invalid = |mut problems: Vec<Problem>| {
        problems.sort();
        Error::listing(msg!("plan-invalid", file = path.display().to_string()), problems, None)
    };
    let (document, syntax) = DeTable::parse_recoverable(text);
    if let Some((span, message)) = tarkka_rubric::toml_syntax_error(text, &syntax) {
        return Err(invalid(vec![at(span, message)]));
    }
    let mut r = Reader { problems: Vec::new() };
    let root = document.get_ref();
    r.keys(root, "plan", TOP_KEYS);
    let whole = 0..0;
    let required =
        |r: &mut Reader, table: &DeTable<'_>, span: Range<usize>, name: &str, key: &str| {
            if value(table, key).is_none() {
                r.problem(span, msg!("plan-required", key = key, table = name));
            }
        };
    for key in ["format", "id", "version", "sample"] {
        required(&mut r, root, whole.clone(), "plan", key);
    }
    let format = value(root, "format").and_then(|v| r.count(v, "format").map(|f| (f, v.span())));
    if let Some((format, span)) = &format
        && *format > PLAN_FORMAT
    {
        r.problem(span.clone(), msg!("plan-format-newer", format = *format, reads = PLAN_FORMAT));
    }
    let id = value(root, "id").and_then(|v| {
        let text = r.text(v, "id")?;
        if text.trim().is_empty() {
            r.problem(v.span(), msg!("plan-id-empty"));
        }
        Some(text)
    });
    let version = value(root, "version").and_then(|v| r.text(v, "version"));
    let mut pool = [Vec::new(), Vec::new(), Vec::new()];
    if let Some(table) = value(root, "pool").and_then(|v| r.table(v, "pool")) {
        r.keys(table, "[pool]", POOL_KEYS);
        for (slot, key) in pool.iter_mut().zip(POOL_KEYS) {
            if let Some(v) = value(table, key) {
                *slot = r.texts(v, key).into_iter().map(Spanned::into_inner).collect();
            }
        }
    }
    let mut exclude = Vec::new();
    let excludes = value(root, "exclude").map(|v| r.tables(v, "exclude")).unwrap_or_default();
    for (n, (span, table)) in excludes.into_iter().enumerate() {
        let name = format!("[[exclude]] {}", n + 1);
        r.keys(table, &name, EXCLUDE_KEYS);
        required(&mut r, table, span.clone(), &name, "field");
        let field = value(table, "field").and_then(|v| r.text(v, "field").map(|f| (f, v.span())));
        let mut tests = Vec::new();
        if let Some(v) = value(table, "below") {
            tests.extend(r.number(v, "below").map(Test::Below));
        }
        if let Some(v) = value(table, "above") {
            tests.extend(r.number(v, "above").map(Test::Above));
        }
        if let Some(v) = value(table, "equals") {
            tests.extend(r.literal(v, "equals").map(|t| Test::In(vec![t])));
        }
        if let Some(v) = value(table, "in") {
            match v.get_ref() {
                DeValue::Array(items) => {
                    let values = items.iter().filter_map(|item| r.literal(item, "in")).collect();
                    tests.push(Test::In(values));
                }
                _ => r.wrong(v, "in", "texts"),
            }
        }
        let Some((field, field_span)) = field else { continue };
        let known = EXCLUDE_FIELDS.contains(&field.as_str())
            || field.strip_prefix("profile.").is_some_and(|name| !name.is_empty());
        if !known {
            r.problem(
                field_span.clone(),
                msg!(
                    "plan-exclude-field",
                    field = field.as_str(),
                    expected = format!("{}, profile.NAME", EXCLUDE_FIELDS.join(", ")),
                    close = closest(&field, &EXCLUDE_FIELDS)
                ),
            );
        }
        let count =
            ["below", "above", "equals", "in"].iter().filter(|k| value(table, k).is_some()).count();
        if count != 1 {
            r.problem(
                field_span,
                msg!("plan-exclude-tests", field = field.as_str(), count = count),
            );
        } else if let Some(test) = tests.pop() {
            exclude.push(Exclusion { field, test });
        }
    }
    let mut strata = Vec::new();
    let (mut quota, mut scorers, mut calibration, mut due_days) = (None, 1, 0, 7);
    let mut scorers_span = None;
    if let Some(v) = value(root, "sample") {
        let span = v.span();
        if let Some(table) = r.table(v, "sample") {
            r.keys(table, "[sample]", SAMPLE_KEYS);
            required(&mut r, table, span, "[sample]", "quota");
            if let Some(v) = value(table, "strata") {
                for field in r.texts(v, "strata") {
                    match Stratum::from_name(field.get_ref()) {
                        Some(stratum) if strata.contains(&stratum) => r.problem(
                            field.span(),
                            msg!("plan-stratum-twice", field = field.get_ref().as_str()),
                        ),
                        Some(stratum) => strata.push(stratum),
                        None => r.problem(
                            field.span(),
                            msg!(
                                "plan-stratum-unknown",
                                field = field.get_ref().as_str(),
                                expected = STRATUM_FIELDS.join(", "),
                                close = closest(field.get_ref(), &STRATUM_FIELDS)
                            ),
                        ),
                    }
                }
            }
            let positive =
                |r: &mut Reader, key: &str, at_least: u32| -> Option<(u32, Range<usize>)> {
                    let v = value(table, key)?;
                    let n = r.count(v, key)?;
                    if n < at_least {
                        r.problem(v.span(), msg!("plan-zero", key = key));
                    }
                    Some((n, v.span()))
                };
            quota = positive(&mut r, "quota", 1).map(|(n, _)| n);
            if let Some((n, span)) = positive(&mut r, "scorers", 1) {
                scorers = n;
                scorers_span = Some(span);
            }
            calibration = positive(&mut r, "calibration", 0).map_or(0, |(n, _)| n);
            due_days = positive(&mut r, "due_days", 0).map_or(7, |(n, _)| n);
        }
    }
    let mut auditors: Vec<Auditor> = Vec::new();
    let tables = value(root, "auditor").map(|v| r.tables(v, "auditor")).unwrap_or_default();
    for (n, (span, table)) in tables.into_iter().enumerate() {
        let name = format!("[[auditor]] {}", n + 1);
        r.keys(table, &name, AUDITOR_KEYS);
        required(&mut r, table, span, &name, "id");
        let capacity = match value(table, "capacity") {
            Some(v) => {
                let capacity = r.count(v, "capacity");
                if capacity == Some(0) {
                    r.problem(v.span(), msg!("plan-zero", key = "capacity"));
                }
                capacity.unwrap_or(1)
            }
            None => 1,
        };
        let Some(v) = value(table, "id") else { continue };
        let Some(id) = r.text(v, "id") else { continue };
        if let Err(error) = crate::config::check_actor(&id) {
            r.problem(v.span(), error.message());
        } else if auditors.iter().any(|a| a.id == id) {
            r.problem(v.span(), msg!("plan-auditor-twice", auditor = id.as_str()));
        }
        auditors.push(Auditor { id, capacity });
    }
    if let Some(span) = scorers_span
        && !auditors.is_empty()
        && scorers as usize > auditors.len()
    {
        r.problem(
            span,
            msg!("plan-scorers-too-many", scorers = scorers, auditors = auditors.len()),
        );
    }
    if !r.problems.is_empty() {
        return Err(invalid(r.problems.into_iter().map(|(span, m)| at(span, m)).collect()));
    }
    let [rubrics, channels, locations] = pool;
    Ok(Plan {
        id: id.unwrap_or_default(),
        version: version.unwrap_or_default(),
        rubrics,
        channels,
        locations,
        exclude,
        strata,
        quota: quota.unwrap_or(1),
        scorers,
        calibration,
        due_days,
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
    fn a_misspelled_key_and_wrong_types_are_reported_together_with_the_closest_key() {
        let text = PLAN
            .replace("[pool]", "[pol]")
            .replace("quota = 2", "quota = \"two\"")
            .replace("below = 30", "below = \"2,5\"")
            .replace("calibration = 1", "calibration = -1");
        let error = parse(Path::new("p.toml"), &text).unwrap_err();
        let problems: Vec<String> = error.problems().iter().map(|p| p.render("en")).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("p.toml:5:2: unknown key `pol` in the plan; did you mean `pool`?"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("`quota` should be a whole number")
                && problems[1].contains("\"two\""),
            "{problems:?}"
        );
        assert!(problems[2].contains("`calibration` should be a whole number"), "{problems:?}");
        // A decimal comma in quotes reads.
        let plan =
            parse(Path::new("p.toml"), &PLAN.replace("below = 30", "below = \"2,5\"")).unwrap();
        assert_eq!(plan.exclude[0].test, Test::Below(2.5));
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_place() {
        let text = PLAN.replace("quota = 2", "quota = 2\nqouta = 3");
        let error = parse(Path::new("p.toml"), &text).unwrap_err();
        let problem = error.problems()[0].render("en");
        assert!(problem.starts_with("p.toml:15:1: ") && problem.contains("qouta"), "{problem}");
    }
}

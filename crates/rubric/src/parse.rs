//! Reading a rubric file: TOML text in, a validated [`Rubric`] or every
//! problem found out.
//!
//! The TOML is parsed into a spanned document first and then walked by hand,
//! rather than deserialised with serde, so that one run can report every
//! problem — unknown keys included — each at its exact place in the file.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use tarkka_i18n::{Message, msg};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, RubricError, line_col};
use crate::fingerprint;
use crate::model::*;
use crate::{FORMAT_VERSION, Fraction};

mod rules;

use rules::Declarations;

type Value<'i> = Spanned<DeValue<'i>>;

/// Parses and validates a rubric.
///
/// All problems are reported together, in source order. Nothing is read but
/// `source`: the caller owns the file system.
pub fn parse(source: &str) -> Result<Rubric, RubricError> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    if let Some((span, message)) = syntax_error(source, &syntax_errors) {
        return Err(sorted(vec![Diagnostic::new(span, message)]));
    }
    let mut reader = Reader { source, diagnostics: Vec::new() };
    let draft = reader.rubric(document.get_ref(), document.span());
    match draft {
        Some(rubric) if reader.diagnostics.is_empty() => Ok(rubric),
        _ => Err(sorted(reader.diagnostics)),
    }
}

/// The first of a TOML file's syntax errors, in a frame of the reader's
/// language around the parser's own words; `None` when there are none.
/// Only the first is told: after a missing quote or bracket the parser
/// reads the rest of the file askew, and its two hundred follow-on errors
/// would bury the one that matters. A decimal comma (`0,75`), the likeliest
/// slip of a Finnish hand, is named as such.
pub fn syntax_error(source: &str, errors: &[toml::de::Error]) -> Option<(Range<usize>, Message)> {
    let (span, error) = errors
        .iter()
        .map(|error| (error.span().unwrap_or(0..0), error))
        .min_by_key(|(span, _)| (span.start, span.end))?;
    let reason = error.message().lines().next().unwrap_or("").trim();
    let digit = |at: Option<char>| at.is_some_and(|c| c.is_ascii_digit());
    let comma = source
        .get(span.start..)
        // The comma's byte offset, at the error or the character after it.
        .and_then(|rest| rest.char_indices().take(2).find(|&(_, c)| c == ','))
        .map(|(at, _)| span.start + at)
        .filter(|&at| {
            digit(source[..at].chars().next_back()) && digit(source[at + 1..].chars().next())
        });
    let message = match comma {
        Some(at) => {
            let start = source[..at]
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_ascii_digit() || c == '-' || c == '+'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let end = source[at + 1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(source.len(), |i| at + 1 + i);
            let written = &source[start..end];
            msg!("rubric-toml-decimal-comma", written = written, meant = written.replace(',', "."))
        }
        None => msg!("rubric-toml", reason = reason),
    };
    let message = if errors.len() > 1 {
        msg!("rubric-toml-first", problem = message, total = errors.len())
    } else {
        message
    };
    Some((span, message))
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> RubricError {
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.span.end));
    diagnostics.dedup();
    RubricError { diagnostics }
}

const TOP_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "title",
    "channel",
    "pass_threshold",
    "scoring",
    "profile",
    "section",
    "criterion",
    "phrases",
];
const SCORING_KEYS: &[&str] =
    &["mode", "na", "critical_threshold", "met", "critical_below", "cap_bonus"];
const SECTION_KEYS: &[&str] = &["id", "title", "weight"];
const CRITERION_KEYS: &[&str] = &[
    "id",
    "section",
    "text",
    "guidance",
    "weight",
    "scale",
    "na",
    "bonus",
    "critical",
    "met",
    "critical_below",
    "comment_on_fail",
    "evidence",
    "when",
    "unless",
    "check",
];
const TEXT_KEYS: &[&str] = &["fi", "en"];
const SCALE_KEYS: &[&str] = &["min", "max", "points", "choices"];
const BOUNDS_KEYS: &[&str] = &["min", "max"];

/// What decides a criterion's outcome when it states nothing itself.
struct Outcome {
    format: u32,
    policy: Policy,
}

/// A table being read: remembers where it is and what it is called.
struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    span: Range<usize>,
    /// How messages name it: "the rubric", "section `opening`", ...
    name: Message,
}

impl<'t, 'i> Table<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.entries.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }
}

/// Something declared in the file: its id and where, and its value when
/// the declaration is valid.
struct Declared<T> {
    id: String,
    span: Range<usize>,
    value: Option<T>,
}

struct Reader<'s> {
    source: &'s str,
    diagnostics: Vec<Diagnostic>,
}

/// A key as messages name it: `` `weight` `` in any language.
pub(crate) fn key(name: &str) -> Message {
    msg!("rubric-key", key = name)
}

/// A decimal number as the reader's language writes it.
pub(crate) fn decimal(number: Fraction) -> tarkka_i18n::Arg {
    tarkka_i18n::decimal(number.to_plain_string())
}

impl Reader<'_> {
    /// "line 12, column 6": where an earlier definition stands.
    fn at(&self, span: &Range<usize>) -> Message {
        let (line, column) = line_col(self.source, span.start);
        msg!("rubric-at", line = line, column = column)
    }

    fn error(&mut self, span: Range<usize>, message: Message) {
        self.diagnostics.push(Diagnostic::new(span, message));
    }

    /// Reports every key of `table` not in `allowed`.
    fn check_keys(&mut self, table: &Table<'_, '_>, allowed: &[&str]) {
        for (key, _) in table.entries.iter() {
            let key_text: &str = key.get_ref();
            if !allowed.contains(&key_text) {
                let (table_name, expected) = (table.name.clone(), allowed.join(", "));
                let message = match closest(key_text, allowed) {
                    Some(close) => msg!(
                        "rubric-unknown-key-close",
                        key = key_text,
                        table = table_name,
                        close = close,
                        expected = expected
                    ),
                    None => msg!(
                        "rubric-unknown-key",
                        key = key_text,
                        table = table_name,
                        expected = expected
                    ),
                };
                self.error(key.span(), message);
            }
        }
    }

    fn required<'t, 'i>(&mut self, table: &Table<'t, 'i>, key: &str) -> Option<&'t Value<'i>> {
        let value = table.get(key);
        if value.is_none() {
            let table_name = table.name.clone();
            self.error(table.span.clone(), msg!("rubric-required", table = table_name, key = key));
        }
        value
    }

    fn table<'t, 'i>(&mut self, value: &'t Value<'i>, name: Message) -> Option<Table<'t, 'i>> {
        match value.get_ref() {
            DeValue::Table(entries) => Some(Table { entries, span: value.span(), name }),
            other => {
                let found = describe(other);
                self.error(value.span(), msg!("rubric-not-table", what = name, found = found));
                None
            }
        }
    }

    fn string(&mut self, value: &Value<'_>, what: &Message) -> Option<String> {
        match value.get_ref() {
            DeValue::String(text) if text.trim().is_empty() => {
                self.error(value.span(), msg!("rubric-empty", what = what.clone()));
                None
            }
            DeValue::String(text) => Some(text.to_string()),
            other => {
                let found = describe(other);
                self.error(
                    value.span(),
                    msg!("rubric-not-string", what = what.clone(), found = found),
                );
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value<'_>, what: &Message) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let found = describe(other);
                self.error(
                    value.span(),
                    msg!("rubric-not-bool", what = what.clone(), found = found),
                );
                None
            }
        }
    }

    fn integer(&mut self, value: &Value<'_>, what: &Message) -> Option<i64> {
        let parsed = match value.get_ref() {
            DeValue::Integer(integer) => {
                let digits: String = integer.as_str().chars().filter(|&c| c != '_').collect();
                let digits = match integer.radix() {
                    10 => digits.as_str(),
                    _ => digits.get(2..).unwrap_or(""),
                };
                i64::from_str_radix(digits, integer.radix()).ok()
            }
            _ => None,
        };
        if parsed.is_none() {
            let found = describe(value.get_ref());
            self.error(
                value.span(),
                msg!("rubric-not-integer", what = what.clone(), found = found),
            );
        }
        parsed
    }

    /// A number read exactly from its decimal text.
    fn number(&mut self, value: &Value<'_>, what: &Message) -> Option<Fraction> {
        let parsed = match value.get_ref() {
            DeValue::Integer(_) => self.integer(value, what).map(Fraction::from_integer),
            DeValue::Float(float) => Fraction::parse_decimal(float.as_str()),
            _ => None,
        };
        if parsed.is_none() && !matches!(value.get_ref(), DeValue::Integer(_)) {
            let found = describe(value.get_ref());
            self.error(value.span(), msg!("rubric-not-number", what = what.clone(), found = found));
        }
        parsed
    }

    fn positive(&mut self, value: &Value<'_>, what: &Message) -> Option<Fraction> {
        let number = self.number(value, what)?;
        if number <= 0 {
            self.error(
                value.span(),
                msg!("rubric-not-positive", what = what.clone(), number = decimal(number)),
            );
            return None;
        }
        Some(number)
    }

    fn unit_interval(&mut self, value: &Value<'_>, what: &Message) -> Option<Fraction> {
        let number = self.number(value, what)?;
        if number.is_negative() || number > 1 {
            self.error(
                value.span(),
                msg!("rubric-not-unit", what = what.clone(), number = decimal(number)),
            );
            return None;
        }
        Some(number)
    }

    /// A credit threshold: in 0..1 and above 0 (no credit is below 0, so a
    /// threshold of 0 could never be crossed).
    fn threshold(&mut self, value: &Value<'_>, what: &Message) -> Option<Fraction> {
        let threshold = self.unit_interval(value, what)?;
        if threshold.is_zero() {
            self.error(value.span(), msg!("rubric-threshold-zero", what = what.clone()));
            return None;
        }
        Some(threshold)
    }

    fn identifier(&mut self, value: &Value<'_>, what: &Message) -> Option<String> {
        let text = self.string(value, what)?;
        if !is_identifier(&text) {
            self.error(
                value.span(),
                msg!("rubric-not-identifier", what = what.clone(), name = text),
            );
            return None;
        }
        Some(text)
    }

    /// One of a fixed set of words; `noun` names what the word is
    /// (`channel`, `evidence` for an evidence kind: `rubric-noun` selects
    /// on it).
    fn keyword<T: Copy>(
        &mut self,
        value: &Value<'_>,
        noun: &str,
        words: &[(&str, T)],
    ) -> Option<T> {
        let text = self.string(value, &msg!("rubric-a-noun", noun = noun))?;
        match words.iter().find(|(word, _)| *word == text) {
            Some((_, keyword)) => Some(*keyword),
            None => {
                let expected: Vec<&str> = words.iter().map(|(word, _)| *word).collect();
                let expected = expected.join(", ");
                self.error(
                    value.span(),
                    msg!("rubric-unknown-word", noun = noun, word = text, expected = expected),
                );
                None
            }
        }
    }

    /// A text in both languages under the key `name` (`title`, `text`, …).
    fn text(&mut self, value: &Value<'_>, name: &str) -> Option<Text> {
        let table = self.table(value, key(name))?;
        self.check_keys(&table, TEXT_KEYS);
        let fi =
            self.required(&table, "fi").and_then(|v| self.string(v, &key(&format!("{name}.fi"))));
        let en =
            self.required(&table, "en").and_then(|v| self.string(v, &key(&format!("{name}.en"))));
        Some(Text { fi: fi?, en: en? })
    }

    fn array<'t, 'i>(&mut self, value: &'t Value<'i>, what: &Message) -> Option<&'t [Value<'i>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(&items[..]),
            other => {
                let found = describe(other);
                self.error(
                    value.span(),
                    msg!("rubric-not-array", what = what.clone(), found = found),
                );
                None
            }
        }
    }

    fn rubric(&mut self, root: &DeTable<'_>, span: Range<usize>) -> Option<Rubric> {
        let top = Table { entries: root, span, name: msg!("rubric-the-rubric") };
        let format = self.required(&top, "format").and_then(|v| self.integer(v, &key("format")));
        if let (Some(format), Some(value)) = (format, top.get("format")) {
            if format > i64::from(FORMAT_VERSION) {
                // A newer format may mean anything; reading it with today's
                // rules would only produce misleading errors.
                self.error(
                    value.span(),
                    msg!("rubric-format-newer", format = format, reads = FORMAT_VERSION),
                );
                return None;
            }
            if format < 1 {
                self.error(
                    value.span(),
                    msg!("rubric-format-bad", format = format, reads = FORMAT_VERSION),
                );
            }
        }
        self.check_keys(&top, TOP_KEYS);
        let id = self
            .required(&top, "id")
            .and_then(|v| self.identifier(v, &msg!("rubric-what-rubric-id")));
        let version = self.required(&top, "version").and_then(|v| self.string(v, &key("version")));
        let title = self.required(&top, "title").and_then(|v| self.text(v, "title"));
        let channels = Channel::ALL.map(|channel| (channel.name(), channel));
        let channel =
            self.required(&top, "channel").and_then(|v| self.keyword(v, "channel", &channels));
        let pass_threshold = self
            .required(&top, "pass_threshold")
            .and_then(|v| self.unit_interval(v, &key("pass_threshold")));
        let format = format.and_then(|format| u32::try_from(format).ok()).map(|f| f.max(1));
        let policy = match top.get("scoring") {
            Some(value) => self.policy(value, format.unwrap_or(FORMAT_VERSION)),
            None => Some(Policy::defaults(format.unwrap_or(FORMAT_VERSION))),
        };
        let profile = match top.get("profile") {
            Some(value) => self.profile(value),
            None => BTreeMap::new(),
        };
        let sections = self.sections(&top);
        let phrases = match top.get("phrases") {
            Some(value) => self.phrase_sets(value),
            None => Declarations::default(),
        };
        let outcome = Outcome {
            format: format.unwrap_or(FORMAT_VERSION),
            policy: policy.clone().unwrap_or_else(|| Policy::defaults(FORMAT_VERSION)),
        };
        let criteria = self.criteria(&top, &sections, &profile, &phrases, &outcome);
        self.check_sections_used(&sections, &criteria);

        let mut rubric = Rubric {
            format: format?,
            id: id?,
            version: version?,
            title: title?,
            channel: channel?,
            pass_threshold: pass_threshold?,
            policy: policy?,
            profile,
            sections: sections.into_iter().map(|declared| declared.value).collect::<Option<_>>()?,
            criteria: criteria
                .into_iter()
                .map(|(criterion, _)| criterion)
                .collect::<Option<_>>()?,
            phrases: phrases.into_sets()?,
            fingerprint: fingerprint::Fingerprint::default(),
            rules_fingerprint: None,
        };
        rubric.fingerprint = fingerprint::compute(&rubric);
        rubric.rules_fingerprint = fingerprint::compute_rules(&rubric);
        Some(rubric)
    }

    fn policy(&mut self, value: &Value<'_>, format: u32) -> Option<Policy> {
        let table = self.table(value, key("[scoring]"))?;
        self.check_keys(&table, SCORING_KEYS);
        let mut policy = Policy::defaults(format);
        let mut ok = true;
        if let Some(value) = table.get("mode") {
            let modes = [("sections", Mode::Sections), ("points", Mode::Points)];
            match self.keyword(value, "mode", &modes) {
                Some(mode) => policy.mode = mode,
                None => ok = false,
            }
        }
        if let Some(value) = table.get("na") {
            let policies = [
                ("exclude", NaPolicy::Exclude),
                ("zero", NaPolicy::Zero),
                ("full", NaPolicy::Full),
            ];
            match self.keyword(value, "na", &policies) {
                Some(na) => policy.na = na,
                None => ok = false,
            }
        }
        if format >= 2 {
            if let Some(value) = table.get("critical_threshold") {
                self.error(value.span(), msg!("rubric-threshold-replaced"));
                ok = false;
            }
            match table.get("met").map(|v| self.threshold(v, &key("scoring.met"))) {
                Some(Some(met)) => policy.met = met,
                Some(None) => ok = false,
                None => {}
            }
            match table
                .get("critical_below")
                .map(|v| self.threshold(v, &key("scoring.critical_below")))
            {
                Some(Some(below)) if below > policy.met => {
                    let value = table.get("critical_below").expect("it was read");
                    self.error(
                        value.span(),
                        msg!(
                            "rubric-policy-below-above-met",
                            below = decimal(below),
                            met = decimal(policy.met)
                        ),
                    );
                    ok = false;
                }
                Some(Some(below)) => policy.critical_below = Some(below),
                Some(None) => ok = false,
                None => {}
            }
        } else {
            for key in ["met", "critical_below"] {
                if let Some(value) = table.get(key) {
                    self.error(value.span(), msg!("rubric-policy-needs-format-2", key = key));
                    ok = false;
                }
            }
            if let Some(value) = table.get("critical_threshold") {
                match self.threshold(value, &key("scoring.critical_threshold")) {
                    Some(threshold) => policy.met = threshold,
                    None => ok = false,
                }
            }
        }
        if let Some(value) = table.get("cap_bonus") {
            match self.boolean(value, &key("scoring.cap_bonus")) {
                Some(cap) => policy.cap_bonus = cap,
                None => ok = false,
            }
        }
        ok.then_some(policy)
    }

    fn profile(&mut self, value: &Value<'_>) -> BTreeMap<String, FieldKind> {
        let mut fields = BTreeMap::new();
        let Some(table) = self.table(value, key("[profile]")) else {
            return fields;
        };
        for (key, value) in table.entries.iter() {
            let name: &str = key.get_ref();
            if !is_identifier(name) {
                self.error(
                    key.span(),
                    msg!(
                        "rubric-not-identifier",
                        what = msg!("rubric-what-profile-field-name"),
                        name = name
                    ),
                );
                continue;
            }
            let kind = match value.get_ref() {
                DeValue::String(kind) if kind == "bool" => Some(FieldKind::Bool),
                DeValue::String(kind) if kind == "integer" => Some(FieldKind::Integer),
                DeValue::Array(_) => self.words(value, name, None).map(FieldKind::OneOf),
                _ => {
                    self.error(value.span(), msg!("rubric-profile-kind", field = name));
                    None
                }
            };
            if let Some(kind) = kind {
                fields.insert(name.to_string(), kind);
            }
        }
        fields
    }

    /// A non-empty list of distinct words for the profile field `field`;
    /// with `allowed`, each must be one of those.
    fn words(
        &mut self,
        value: &Value<'_>,
        field: &str,
        allowed: Option<&[String]>,
    ) -> Option<Vec<String>> {
        let items = self.array(value, &msg!("rubric-what-profile-field", field = field))?;
        if items.is_empty() {
            self.error(value.span(), msg!("rubric-profile-no-words", field = field));
            return None;
        }
        let mut words: Vec<String> = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(word) =
                self.identifier(item, &msg!("rubric-what-profile-word", field = field))
            else {
                ok = false;
                continue;
            };
            if words.contains(&word) {
                self.error(
                    item.span(),
                    msg!("rubric-profile-word-twice", field = field, word = &word),
                );
                ok = false;
            } else if let Some(allowed) = allowed.filter(|allowed| !allowed.contains(&word)) {
                let allowed = allowed.join(", ");
                self.error(
                    item.span(),
                    msg!("rubric-profile-not-word", field = field, word = &word, words = allowed),
                );
                ok = false;
            }
            words.push(word);
        }
        ok.then_some(words)
    }

    /// The array of tables under `key`, each with its span.
    fn tables<'t, 'i>(&mut self, top: &Table<'t, 'i>, key: &str) -> Vec<Table<'t, 'i>> {
        let Some(value) = self.required(top, key) else {
            return Vec::new();
        };
        let Some(items) = self.array(value, &self::key(&format!("[[{key}]]"))) else {
            return Vec::new();
        };
        if items.is_empty() {
            self.error(value.span(), msg!("rubric-none-of", key = key));
        }
        items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                self.table(item, msg!("rubric-what-numbered", key = key, number = index + 1))
            })
            .collect()
    }

    /// Every declared section: its id, the span of the id, and the section
    /// when it is valid. Invalid sections still count as declared, so that
    /// their criteria are not reported as in an unknown section.
    fn sections(&mut self, top: &Table<'_, '_>) -> Vec<Declared<Section>> {
        let mut sections: Vec<Declared<Section>> = Vec::new();
        for mut table in self.tables(top, "section") {
            let id_value = self.required(&table, "id");
            let id = id_value.and_then(|v| self.identifier(v, &msg!("rubric-what-section-id")));
            if let Some(id) = &id {
                table.name = msg!("rubric-what-section", id = id);
            }
            self.check_keys(&table, SECTION_KEYS);
            let title = self.required(&table, "title").and_then(|v| self.text(v, "title"));
            let weight = match table.get("weight") {
                Some(value) => self.positive(value, &key("weight")),
                None => Some(Fraction::ONE),
            };
            let (Some(id), Some(id_value)) = (id, id_value) else {
                continue;
            };
            if let Some(first) = sections.iter().find(|declared| declared.id == id) {
                let message = msg!("rubric-duplicate-section", id = &id, at = self.at(&first.span));
                self.error(id_value.span(), message);
                continue;
            }
            let section = match (title, weight) {
                (Some(title), Some(weight)) => Some(Section { id: id.clone(), title, weight }),
                _ => None,
            };
            sections.push(Declared { id, span: id_value.span(), value: section });
        }
        sections
    }

    /// Every criterion, valid or not, with the section it names.
    fn criteria(
        &mut self,
        top: &Table<'_, '_>,
        sections: &[Declared<Section>],
        profile: &BTreeMap<String, FieldKind>,
        phrases: &Declarations,
        outcome: &Outcome,
    ) -> Vec<(Option<Criterion>, Option<String>)> {
        let mut criteria: Vec<(Option<Criterion>, Option<String>)> = Vec::new();
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        for mut table in self.tables(top, "criterion") {
            let id_value = self.required(&table, "id");
            let id = id_value.and_then(|v| self.identifier(v, &msg!("rubric-what-criterion-id")));
            if let Some(id) = &id {
                table.name = msg!("rubric-what-criterion", id = id);
            }
            self.check_keys(&table, CRITERION_KEYS);
            let named_section =
                self.required(&table, "section").and_then(|v| self.string(v, &key("section")));
            let section = named_section.clone().and_then(|id| {
                let value = table.get("section")?;
                if sections.iter().any(|declared| declared.id == id) {
                    return Some(id);
                }
                let known: Vec<&str> =
                    sections.iter().map(|declared| declared.id.as_str()).collect();
                let known = known.join(", ");
                self.error(value.span(), msg!("rubric-unknown-section", id = id, sections = known));
                None
            });
            let text = self.required(&table, "text").and_then(|v| self.text(v, "text"));
            let guidance = table.get("guidance").map(|v| self.text(v, "guidance"));
            let weight = match table.get("weight") {
                Some(value) => self.positive(value, &key("weight")),
                None => Some(Fraction::ONE),
            };
            let scale = match table.get("scale") {
                Some(value) => self.scale(value),
                None => Some(Scale::YesNo),
            };
            let flag = |reader: &mut Reader<'_>, key: &str| match table.get(key) {
                Some(value) => reader.boolean(value, &self::key(key)),
                None => Some(false),
            };
            let na_allowed = flag(self, "na");
            let bonus = flag(self, "bonus");
            let comment_on_fail = flag(self, "comment_on_fail");
            let scopes = [("section", CriticalScope::Section), ("overall", CriticalScope::Overall)];
            let critical = table.get("critical").map(|v| self.keyword(v, "critical", &scopes));
            if let (Some(true), Some(value)) = (bonus, table.get("critical")) {
                self.error(value.span(), msg!("rubric-bonus-critical"));
            }
            let (met, critical_below) = self.thresholds(&table, outcome, bonus, critical.is_some());
            let evidence = match table.get("evidence") {
                Some(value) => self.evidence(value),
                None => Some(Vec::new()),
            };
            let when = table.get("when").map(|v| self.condition(v, "when", profile));
            let unless = table.get("unless").map(|v| self.condition(v, "unless", profile));
            let checked = rules::CheckedCriterion {
                na_allowed: na_allowed == Some(true),
                critical: matches!(critical, Some(Some(_))),
            };
            let check = table.get("check").map(|v| self.check(v, profile, phrases, checked));
            if let (Some(scale), Some(value)) = (&scale, table.get("check"))
                && *scale != Scale::YesNo
            {
                self.error(value.span(), msg!("rubric-check-scale"));
            }

            let (Some(id), Some(id_value)) = (id, id_value) else {
                criteria.push((None, named_section));
                continue;
            };
            if let Some(first) = seen.get(&id) {
                let message = msg!("rubric-duplicate-criterion", id = &id, at = self.at(first));
                self.error(id_value.span(), message);
                criteria.push((None, named_section));
                continue;
            }
            seen.insert(id.clone(), id_value.span());
            let criterion = (|| {
                Some(Criterion {
                    id,
                    section: section?,
                    text: text?,
                    guidance: optional(guidance)?,
                    weight: weight?,
                    scale: scale?,
                    na_allowed: na_allowed?,
                    bonus: bonus?,
                    critical: optional(critical)?,
                    met: met?,
                    critical_below: critical_below?,
                    can_fail: !(bonus? && outcome.format >= 2),
                    comment_on_fail: comment_on_fail?,
                    evidence: evidence?,
                    when: optional(when)?,
                    unless: optional(unless)?,
                    check: optional(check)?,
                })
            })();
            criteria.push((criterion, named_section));
        }
        criteria
    }

    /// A criterion's `met` and `critical_below`, its own or the rubric's.
    fn thresholds(
        &mut self,
        table: &Table<'_, '_>,
        outcome: &Outcome,
        bonus: Option<bool>,
        critical: bool,
    ) -> (Option<Fraction>, Option<Fraction>) {
        let policy = &outcome.policy;
        if outcome.format < 2 {
            for key in ["met", "critical_below"] {
                if let Some(value) = table.get(key) {
                    self.error(value.span(), msg!("rubric-criterion-needs-format-2", key = key));
                }
            }
            return (Some(policy.met), Some(policy.met));
        }
        let met = match table.get("met") {
            Some(value) => self.threshold(value, &key("met")),
            None => Some(policy.met),
        };
        let critical_below = match table.get("critical_below") {
            Some(value) if !critical => {
                let bonus = if bonus == Some(true) { "yes" } else { "no" };
                self.error(value.span(), msg!("rubric-below-not-critical", bonus = bonus));
                None
            }
            Some(value) => {
                let below = self.threshold(value, &key("critical_below"));
                match (below, met) {
                    (Some(below), Some(met)) if below > met => {
                        self.error(
                            value.span(),
                            msg!(
                                "rubric-below-above-met",
                                below = decimal(below),
                                met = decimal(met)
                            ),
                        );
                        None
                    }
                    _ => below,
                }
            }
            None => match (policy.critical_below, met) {
                (Some(below), Some(met)) => Some(below.min(met)),
                (None, met) => met,
                (Some(below), None) => Some(below),
            },
        };
        (met, critical_below)
    }

    fn check_sections_used(
        &mut self,
        sections: &[Declared<Section>],
        criteria: &[(Option<Criterion>, Option<String>)],
    ) {
        for declared in sections {
            if !criteria.iter().any(|(_, section)| section.as_deref() == Some(declared.id.as_str()))
            {
                self.error(
                    declared.span.clone(),
                    msg!("rubric-section-unused", id = declared.id.as_str()),
                );
            }
        }
    }

    fn scale(&mut self, value: &Value<'_>) -> Option<Scale> {
        if let DeValue::String(name) = value.get_ref() {
            if name == "yes-no" {
                return Some(Scale::YesNo);
            }
            self.error(value.span(), msg!("rubric-scale-unknown", name = name.as_ref()));
            return None;
        }
        let table = self.table(value, key("scale"))?;
        self.check_keys(&table, SCALE_KEYS);
        let (min, max, points, choices) =
            (table.get("min"), table.get("max"), table.get("points"), table.get("choices"));
        match (min, max, points, choices) {
            (Some(min_value), Some(max_value), None, None) => {
                let min = self.integer(min_value, &msg!("rubric-what-scale-key", key = "min"));
                let max = self.integer(max_value, &msg!("rubric-what-scale-key", key = "max"));
                let (min, max) = (min?, max?);
                if min >= max {
                    self.error(value.span(), msg!("rubric-scale-reversed", min = min, max = max));
                    return None;
                }
                Some(Scale::Range { min, max })
            }
            (None, None, Some(points), None) => {
                let max = self.positive(points, &msg!("rubric-what-scale-key", key = "points"))?;
                Some(Scale::Points { max })
            }
            (None, None, None, Some(choices)) => self.choices(choices),
            _ => {
                self.error(value.span(), msg!("rubric-scale-form"));
                None
            }
        }
    }

    fn choices(&mut self, value: &Value<'_>) -> Option<Scale> {
        let table = self.table(value, msg!("rubric-what-scale-key", key = "choices"))?;
        let mut choices = Vec::new();
        let mut ok = true;
        for (key, credit) in table.entries.iter() {
            let name: &str = key.get_ref();
            if !is_identifier(name) {
                self.error(
                    key.span(),
                    msg!("rubric-not-identifier", what = msg!("rubric-what-choice"), name = name),
                );
                ok = false;
                continue;
            }
            match self.unit_interval(credit, &msg!("rubric-what-choice-credit", name = name)) {
                Some(credit) => choices.push(Choice { name: name.to_string(), credit }),
                None => ok = false,
            }
        }
        if table.entries.len() < 2 {
            self.error(value.span(), msg!("rubric-choices-few"));
            ok = false;
        }
        ok.then_some(Scale::Choices(choices))
    }

    fn evidence(&mut self, value: &Value<'_>) -> Option<Vec<EvidenceKind>> {
        let items = self.array(value, &key("evidence"))?;
        let kinds = EvidenceKind::ALL.map(|kind| (kind.name(), kind));
        let mut evidence = Vec::new();
        let mut ok = true;
        for item in items {
            match self.keyword(item, "evidence", &kinds) {
                Some(kind) if evidence.contains(&kind) => {
                    self.error(item.span(), msg!("rubric-evidence-twice", kind = kind.name()));
                    ok = false;
                }
                Some(kind) => evidence.push(kind),
                None => ok = false,
            }
        }
        evidence.sort();
        ok.then_some(evidence)
    }

    /// The condition under the key `name` (`when`, `unless`).
    fn condition(
        &mut self,
        value: &Value<'_>,
        name: &str,
        profile: &BTreeMap<String, FieldKind>,
    ) -> Option<Condition> {
        let table = self.table(value, msg!("rubric-what-condition", key = name))?;
        if table.entries.is_empty() {
            self.error(value.span(), msg!("rubric-condition-empty", key = name));
            return None;
        }
        let mut tests = BTreeMap::new();
        let mut ok = true;
        for (key, test) in table.entries.iter() {
            let field: &str = key.get_ref();
            let Some(kind) = profile.get(field) else {
                let message = if profile.is_empty() {
                    msg!("rubric-condition-no-profile", field = field, key = name)
                } else {
                    let names: Vec<&str> = profile.keys().map(String::as_str).collect();
                    let names = names.join(", ");
                    msg!(
                        "rubric-condition-unknown-field",
                        field = field,
                        key = name,
                        fields = names
                    )
                };
                self.error(key.span(), message);
                ok = false;
                continue;
            };
            match self.test(test, field, kind) {
                Some(test) => {
                    tests.insert(field.to_string(), test);
                }
                None => ok = false,
            }
        }
        ok.then_some(Condition { tests })
    }

    fn test(&mut self, value: &Value<'_>, field: &str, kind: &FieldKind) -> Option<Test> {
        let what = msg!("rubric-what-profile-field", field = field);
        match (kind, value.get_ref()) {
            (FieldKind::OneOf(words), DeValue::String(word)) => {
                if words.iter().any(|w| w == word.as_ref()) {
                    Some(Test::OneOf(vec![word.to_string()]))
                } else {
                    let words = words.join(", ");
                    self.error(
                        value.span(),
                        msg!(
                            "rubric-profile-not-word",
                            field = field,
                            word = word.as_ref(),
                            words = words
                        ),
                    );
                    None
                }
            }
            (FieldKind::OneOf(words), DeValue::Array(_)) => {
                self.words(value, field, Some(words)).map(Test::OneOf)
            }
            (FieldKind::Bool, DeValue::Boolean(b)) => Some(Test::Bool(*b)),
            (FieldKind::Integer, DeValue::Integer(_)) => {
                let n = self.integer(value, &what)?;
                Some(Test::Between { min: Some(n), max: Some(n) })
            }
            (FieldKind::Integer, DeValue::Table(_)) => {
                let table = self.table(value, msg!("rubric-what-bounds", field = field))?;
                self.check_keys(&table, BOUNDS_KEYS);
                let min = table.get("min").map(|v| self.integer(v, &key("min")));
                let max = table.get("max").map(|v| self.integer(v, &key("max")));
                let (min, max) = (optional(min)?, optional(max)?);
                match (min, max) {
                    (None, None) => {
                        self.error(value.span(), msg!("rubric-bounds-none", field = field));
                        None
                    }
                    (Some(min), Some(max)) if min > max => {
                        self.error(
                            value.span(),
                            msg!("rubric-bounds-reversed", field = field, min = min, max = max),
                        );
                        None
                    }
                    _ => Some(Test::Between { min, max }),
                }
            }
            (kind, other) => {
                let (kind, words) = match kind {
                    FieldKind::OneOf(words) => ("words", words.join(", ")),
                    FieldKind::Bool => ("bool", String::new()),
                    FieldKind::Integer => ("integer", String::new()),
                };
                let found = describe(other);
                self.error(
                    value.span(),
                    msg!(
                        "rubric-test-type",
                        field = field,
                        kind = kind,
                        words = words,
                        found = found
                    ),
                );
                None
            }
        }
    }
}

/// Whether a name is lower-case letters and digits, optionally joined by
/// single `-`, `.` or `_`.
pub(crate) fn is_identifier(text: &str) -> bool {
    let word_char = |c: char| c.is_numeric() || (c.is_alphabetic() && !c.is_uppercase());
    !text.is_empty()
        && text.split(['-', '.', '_']).all(|part| !part.is_empty() && part.chars().all(word_char))
}

/// An optional key's reading: absent is fine (`Some(None)`), present but
/// invalid is a failure (`None`).
fn optional<T>(read: Option<Option<T>>) -> Option<Option<T>> {
    match read {
        None => Some(None),
        Some(value) => value.map(Some),
    }
}

/// What a value is, as a message says what was found instead.
pub fn describe(value: &DeValue<'_>) -> Message {
    match value {
        DeValue::String(text) => msg!("rubric-found-string", text = text.as_ref()),
        // As the file writes it: TOML's numbers use a decimal point.
        DeValue::Integer(n) => msg!("rubric-found-number", number = n.as_str()),
        DeValue::Float(n) => msg!("rubric-found-number", number = n.as_str()),
        DeValue::Boolean(b) => msg!("rubric-found-bool", value = b.to_string()),
        DeValue::Datetime(d) => msg!("rubric-found-date", date = d.to_string()),
        DeValue::Array(_) => msg!("rubric-found-array"),
        DeValue::Table(_) => msg!("rubric-found-table"),
    }
}

/// The allowed key closest to a mistyped one, if any is close enough.
fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(key, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_beside_a_multibyte_letter_is_told_not_panicked_on() {
        for source in ["format = 2\npass_threshold = ä,5\n", "format = 2\nid = €,\n", "x = 0,75\n"]
        {
            let error = parse(source).unwrap_err();
            assert_eq!(error.diagnostics.len(), 1, "{source}");
        }
        let error = parse("x = 0,75\n").unwrap_err();
        let told = tarkka_i18n::render("en", &error.diagnostics[0].message);
        assert!(told.contains("`0,75` is no number in TOML"), "{told}");
    }

    #[test]
    fn identifiers() {
        for good in ["opening", "opening.permission", "a-b_c.d", "v2", "yritys", "yksityishenkilö"]
        {
            assert!(is_identifier(good), "{good}");
        }
        for bad in ["", "Opening", "a b", "a..b", "-a", "a-", "x/y"] {
            assert!(!is_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions_for_typos() {
        assert_eq!(closest("wieght", CRITERION_KEYS), Some("weight"));
        assert_eq!(closest("comment_on_failure", CRITERION_KEYS), Some("comment_on_fail"));
        assert_eq!(closest("zzz", CRITERION_KEYS), None);
    }
}

//! Reading `[phrases.NAME]` and `[criterion.check]`.

use std::collections::BTreeMap;

use toml::de::DeValue;

use super::{Declared, Reader, Table, Value, closest, describe, is_identifier};
use crate::model::FieldKind;
use crate::rules::{Check, Near, Pattern, Phrase, PhraseSet, Who, Window};

const CHECK_KEYS: &[&str] = &[
    "who",
    "within",
    "phrases",
    "regex",
    "set",
    "min_count",
    "absent",
    "before",
    "near",
    "language",
    "promise",
    "question",
    "na_if",
    "unless_near",
    "critical",
];
const WITHIN_KEYS: &[&str] = &["turns", "seconds", "last_turns", "last_seconds"];
const NEAR_KEYS: &[&str] = &["set", "words"];

/// What a check needs to know of the criterion it belongs to.
#[derive(Clone, Copy, Debug)]
pub(super) struct CheckedCriterion {
    /// The criterion allows N/A.
    pub na_allowed: bool,
    /// The criterion is critical.
    pub critical: bool,
}

/// The phrase sets a rubric declares, valid or not, so that references to
/// an invalid set are not reported as unknown as well.
#[derive(Default)]
pub(super) struct Declarations {
    sets: Vec<Declared<PhraseSet>>,
}

impl Declarations {
    fn contains(&self, name: &str) -> bool {
        self.sets.iter().any(|declared| declared.id == name)
    }

    fn names(&self) -> Vec<&str> {
        self.sets.iter().map(|declared| declared.id.as_str()).collect()
    }

    /// The sets by name, if every one is valid.
    pub(super) fn into_sets(self) -> Option<BTreeMap<String, PhraseSet>> {
        self.sets.into_iter().map(|declared| Some((declared.id, declared.value?))).collect()
    }
}

impl Reader<'_> {
    /// `[phrases.NAME]` tables: each maps language codes to phrase lists.
    pub(super) fn phrase_sets(&mut self, value: &Value<'_>) -> Declarations {
        let mut declarations = Declarations::default();
        let Some(table) = self.table(value, "`[phrases]`".to_string()) else {
            return declarations;
        };
        for (key, value) in table.entries.iter() {
            let name: &str = key.get_ref();
            if !is_identifier(name) {
                self.error(
                    key.span(),
                    format!(
                        "phrase set name `{name}` must be lower-case letters and digits, \
                         optionally joined by `-`, `.` or `_`"
                    ),
                );
                continue;
            }
            let what = format!("phrase set `{name}`");
            let languages = self
                .table(value, format!("`[phrases.{name}]`"))
                .and_then(|table| self.languages(&table, &what));
            let set = languages.map(|languages| PhraseSet { name: name.to_string(), languages });
            declarations.sets.push(Declared { id: name.to_string(), span: key.span(), value: set });
        }
        declarations
    }

    /// A table of language code to phrase list.
    fn languages(
        &mut self,
        table: &Table<'_, '_>,
        what: &str,
    ) -> Option<BTreeMap<String, Vec<Phrase>>> {
        if table.entries.is_empty() {
            self.error(
                table.span.clone(),
                format!("{what} lists no phrases; give at least one language, e.g. `fi = [...]`"),
            );
            return None;
        }
        let mut languages = BTreeMap::new();
        let mut ok = true;
        for (key, value) in table.entries.iter() {
            let language: &str = key.get_ref();
            let code_like = (2..=3).contains(&language.len())
                && language.bytes().all(|byte| byte.is_ascii_lowercase());
            if !code_like {
                self.error(
                    key.span(),
                    format!(
                        "`{language}` in {what} is not a language code; \
                         write a two- or three-letter code such as `fi`, `en` or `sv`"
                    ),
                );
                ok = false;
                continue;
            }
            match self.phrase_list(value, &format!("{what}, language `{language}`")) {
                Some(phrases) => {
                    languages.insert(language.to_string(), phrases);
                }
                None => ok = false,
            }
        }
        ok.then_some(languages)
    }

    fn phrase_list(&mut self, value: &Value<'_>, what: &str) -> Option<Vec<Phrase>> {
        let items = self.array(value, what)?;
        if items.is_empty() {
            self.error(value.span(), format!("{what} must list at least one phrase"));
            return None;
        }
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(text) = self.string(item, &format!("a phrase of {what}")) else {
                ok = false;
                continue;
            };
            match Phrase::parse(&text) {
                Ok(phrase) if phrases.iter().any(|other| other.words == phrase.words) => {
                    self.error(
                        item.span(),
                        format!("the phrase \"{text}\" is listed twice in {what}"),
                    );
                    ok = false;
                }
                Ok(phrase) => phrases.push(phrase),
                Err(error) => {
                    self.error(item.span(), format!("the phrase \"{text}\" {error}"));
                    ok = false;
                }
            }
        }
        ok.then_some(phrases)
    }

    /// A reference to a named phrase set.
    fn set_name(&mut self, value: &Value<'_>, what: &str, sets: &Declarations) -> Option<String> {
        let name = self.string(value, what)?;
        if sets.contains(&name) {
            return Some(name);
        }
        let names = sets.names();
        let known = if names.is_empty() {
            "the rubric declares no phrase sets; add one as `[phrases.NAME]`".to_string()
        } else {
            let hint = match closest(&name, &names) {
                Some(close) => format!("did you mean `{close}`? "),
                None => String::new(),
            };
            format!("{hint}the rubric's phrase sets are: {}", names.join(", "))
        };
        self.error(value.span(), format!("unknown phrase set `{name}` in {what}; {known}"));
        None
    }

    /// A whole number of at least 1.
    fn count(&mut self, value: &Value<'_>, what: &str) -> Option<u32> {
        let number = self.integer(value, what)?;
        match u32::try_from(number) {
            Ok(count) if count >= 1 => Some(count),
            _ => {
                self.error(value.span(), format!("{what} must be at least 1, not {number}"));
                None
            }
        }
    }

    pub(super) fn check(
        &mut self,
        value: &Value<'_>,
        profile: &BTreeMap<String, FieldKind>,
        sets: &Declarations,
        criterion: CheckedCriterion,
    ) -> Option<Check> {
        let table = self.table(value, "`check`".to_string())?;
        self.check_keys(&table, CHECK_KEYS);
        let mut ok = true;

        let whos = [("agent", Who::Agent), ("customer", Who::Customer), ("either", Who::Either)];
        let who = match table.get("who") {
            Some(value) => self.keyword(value, "speaker (`who`)", &whos),
            None => Some(Who::Agent),
        };
        let within = match table.get("within") {
            Some(value) => self.within(value),
            None => Some(Window::Anywhere),
        };
        let phrases = match table.get("phrases") {
            Some(value) => self
                .table(value, "`check.phrases`".to_string())
                .and_then(|table| self.languages(&table, "`check.phrases`")),
            None => Some(BTreeMap::new()),
        };
        let set_list = match table.get("set") {
            None => Some(Vec::new()),
            Some(value) => self.set_names(value, "`set`", sets),
        };
        let regex = match table.get("regex") {
            Some(value) => self.patterns(value),
            None => Some(Vec::new()),
        };
        let min_count = table.get("min_count").map(|v| self.count(v, "`min_count`"));
        let absent = match table.get("absent") {
            Some(value) => self.boolean(value, "`absent`"),
            None => Some(false),
        };
        let before = table.get("before").map(|v| self.set_name(v, "`before`", sets));
        let near = table.get("near").map(|value| self.near(value, "`near`", sets));
        let unless_near =
            table.get("unless_near").map(|value| self.near(value, "`unless_near`", sets));
        let na_if = match table.get("na_if") {
            None => Some(Vec::new()),
            Some(value) => self.set_names(value, "`na_if`", sets),
        };
        let critical = match table.get("critical") {
            Some(value) => self.boolean(value, "`critical`"),
            None => Some(false),
        };
        let customer_language = match table.get("language") {
            None => Some(false),
            Some(value) => {
                let choices = [("customer", true)];
                let chosen = self.keyword(value, "language rule", &choices);
                if chosen == Some(true)
                    && !matches!(profile.get("language"), Some(FieldKind::OneOf(_)))
                {
                    self.error(
                        value.span(),
                        "`language = \"customer\"` reads the customer's language from the profile, \
                         but the rubric's `[profile]` declares no `language` field with a list of \
                         language codes",
                    );
                    ok = false;
                }
                chosen
            }
        };
        let promise = match table.get("promise") {
            Some(value) => self.boolean(value, "`promise`"),
            None => Some(false),
        };
        let question = match table.get("question") {
            Some(value) => self.boolean(value, "`question`"),
            None => Some(false),
        };

        // What the keys mean together.
        let looks_for_something = matches!(&phrases, Some(p) if !p.is_empty())
            || matches!(&set_list, Some(s) if !s.is_empty())
            || matches!(&regex, Some(r) if !r.is_empty());
        let given = |key: &str| table.get(key).is_some();
        if !looks_for_something && !given("phrases") && !given("set") && !given("regex") {
            self.error(
                table.span.clone(),
                "the check looks for nothing; give `phrases`, `set` or `regex`",
            );
            ok = false;
        }
        if absent == Some(true) {
            for key in ["min_count", "before", "near", "promise"] {
                if let Some(value) = table.get(key) {
                    self.error(
                        value.span(),
                        format!(
                            "`{key}` cannot be used with `absent = true`: an absence check \
                             passes only when nothing matches"
                        ),
                    );
                    ok = false;
                }
            }
        }
        if absent != Some(true)
            && let Some(value) = table.get("unless_near")
        {
            self.error(
                value.span(),
                "`unless_near` qualifies forbidden phrases; it needs `absent = true` (a presence \
                 check says where a match counts with `near`)",
            );
            ok = false;
        }
        if let Some(value) = table.get("na_if") {
            if absent == Some(true) {
                self.error(
                    value.span(),
                    "`na_if` cannot be used with `absent = true`: an absence check passes when \
                     nothing matches, so there is no fail to turn into N/A",
                );
                ok = false;
            } else if !criterion.na_allowed {
                self.error(
                    value.span(),
                    "`na_if` makes the automatic verdict N/A, but the criterion does not allow \
                     N/A; add `na = true` to the criterion",
                );
                ok = false;
            }
        }
        if critical == Some(true)
            && !criterion.critical
            && let Some(value) = table.get("critical")
        {
            self.error(
                value.span(),
                "`critical = true` lets the automatic verdict apply the criterion's critical \
                 rule, but the criterion is not critical; give it `critical = \"section\"` or \
                 `\"overall\"`, or drop this key",
            );
            ok = false;
        }
        if promise == Some(true)
            && table.get("near").is_none()
            && let Some(value) = table.get("promise")
        {
            self.error(
                value.span(),
                "a promise check needs `near = { set = \"...\", words = N }` naming the set of \
                 time expressions the promise's deadline is read from",
            );
            ok = false;
        }

        if !ok {
            return None;
        }
        Some(Check {
            who: who?,
            within: within?,
            phrases: phrases?,
            sets: set_list?,
            regex: regex?,
            min_count: super::optional(min_count)?.unwrap_or(1),
            absent: absent?,
            before: super::optional(before)?,
            near: super::optional(near)?,
            customer_language: customer_language?,
            promise: promise?,
            question: question?,
            na_if: na_if?,
            unless_near: super::optional(unless_near)?,
            critical: critical?,
        })
    }

    /// `{ set = "NAME", words = N }`.
    fn near(&mut self, value: &Value<'_>, what: &str, sets: &Declarations) -> Option<Near> {
        let table = self.table(value, what.to_string())?;
        self.check_keys(&table, NEAR_KEYS);
        let set = self.required(&table, "set").and_then(|v| self.set_name(v, what, sets));
        let words = self
            .required(&table, "words")
            .and_then(|v| self.count(v, &format!("`{}.words`", what.trim_matches('`'))));
        Some(Near { set: set?, words: words? })
    }

    /// One phrase set's name or a non-empty list of them.
    fn set_names(
        &mut self,
        value: &Value<'_>,
        what: &str,
        sets: &Declarations,
    ) -> Option<Vec<String>> {
        match value.get_ref() {
            DeValue::Array(items) if items.is_empty() => {
                self.error(value.span(), format!("{what} must name at least one phrase set"));
                None
            }
            DeValue::Array(items) => {
                let names: Vec<Option<String>> =
                    items.iter().map(|item| self.set_name(item, what, sets)).collect();
                names.into_iter().collect()
            }
            _ => self.set_name(value, what, sets).map(|name| vec![name]),
        }
    }

    fn within(&mut self, value: &Value<'_>) -> Option<Window> {
        const FORMS: &str =
            "{ turns = N }, { seconds = N }, { last_turns = N } or { last_seconds = N }";
        if let DeValue::String(text) = value.get_ref()
            && text == "anywhere"
        {
            return Some(Window::Anywhere);
        }
        let table = self.table(value, "`within`".to_string())?;
        self.check_keys(&table, WITHIN_KEYS);
        let mut found =
            table.entries.iter().filter(|(key, _)| WITHIN_KEYS.contains(&key.get_ref().as_ref()));
        let (Some((key, amount)), None) = (found.next(), found.next()) else {
            self.error(value.span(), format!("`within` must be exactly one of {FORMS}"));
            return None;
        };
        let key: &str = key.get_ref();
        let amount = self.count(amount, &format!("`within.{key}`"))?;
        Some(match key {
            "turns" => Window::FirstTurns(amount),
            "seconds" => Window::FirstSeconds(amount),
            "last_turns" => Window::LastTurns(amount),
            _ => Window::LastSeconds(amount),
        })
    }

    fn patterns(&mut self, value: &Value<'_>) -> Option<Vec<Pattern>> {
        let items = match value.get_ref() {
            DeValue::String(_) => std::slice::from_ref(value),
            DeValue::Array(items) if items.is_empty() => {
                self.error(value.span(), "`regex` must list at least one regular expression");
                return None;
            }
            DeValue::Array(items) => &items[..],
            other => {
                self.error(
                    value.span(),
                    format!(
                        "`regex` must be a string or an array of strings, not {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        let mut patterns = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(source) = self.string(item, "a regular expression") else {
                ok = false;
                continue;
            };
            match regex::RegexBuilder::new(&source).case_insensitive(true).build() {
                Ok(regex) => patterns.push(Pattern { source, regex }),
                Err(error) => {
                    // The regex crate's message is several lines with its own
                    // caret; its last line says what is wrong.
                    let reason = error.to_string();
                    let reason = reason.lines().rev().find(|line| !line.trim().is_empty());
                    let reason = reason.unwrap_or("invalid").trim().trim_start_matches("error: ");
                    self.error(
                        item.span(),
                        format!("the regular expression \"{source}\" is invalid: {reason}"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(patterns)
    }
}

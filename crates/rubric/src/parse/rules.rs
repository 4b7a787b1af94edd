//! Reading `[phrases.NAME]` and `[criterion.check]`.

use std::collections::BTreeMap;

use tarkka_i18n::{Message, msg};
use toml::de::DeValue;

use super::{Declared, Reader, Table, Value, closest, describe, is_identifier, key};
use crate::model::FieldKind;
use crate::rules::{
    Check, MODEL_STEM, Model, ModelUnit, Near, Pattern, Phrase, PhraseSet, Who, Window,
};

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
    "na_who",
    "unless_near",
    "undone_by",
    "undone_by_reply",
    "unless_then",
    "critical",
    "model",
];
const MODEL_KEYS: &[&str] = &["trained_on", "unit", "stem", "bias", "threshold", "weights"];
const WITHIN_KEYS: &[&str] = &["turns", "seconds", "last_turns", "last_seconds"];
const NEAR_KEYS: &[&str] = &["set", "words", "after"];
/// The keys of a phrase set that are no language: its `near`, its
/// `unless_near`, `negated` and `asked`.
const SET_NEAR: &str = "near";
const SET_UNLESS_NEAR: &str = "unless_near";
const SET_NEGATED: &str = "negated";
const SET_ASKED: &str = "asked";

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
    /// `[phrases.NAME]` tables: each maps language codes to phrase lists,
    /// and may say `near = { set = "OTHER", words = N }` and
    /// `unless_near = { ... }`.
    pub(super) fn phrase_sets(&mut self, value: &Value<'_>) -> Declarations {
        let mut declarations = Declarations::default();
        let Some(table) = self.table(value, key("[phrases]")) else {
            return declarations;
        };
        // A set may name a set declared after it, so `near` is read once
        // every name is known.
        let mut nears = Vec::new();
        for (key, value) in table.entries.iter() {
            let name: &str = key.get_ref();
            if !is_identifier(name) {
                self.error(
                    key.span(),
                    msg!("rubric-not-identifier", what = msg!("rubric-what-set-name"), name = name),
                );
                continue;
            }
            let what = msg!("rubric-what-set", name = name);
            let table = self.table(value, self::key(&format!("[phrases.{name}]")));
            for key in [SET_NEAR, SET_UNLESS_NEAR] {
                if let Some(near) = table.as_ref().and_then(|table| table.get(key)) {
                    nears.push((declarations.sets.len(), key, near));
                }
            }
            let mut flag = |key: &str, default: bool| match table
                .as_ref()
                .and_then(|table| table.get(key))
            {
                Some(value) => self.boolean(value, &self::key(&format!("[phrases.{name}].{key}"))),
                None => Some(default),
            };
            let negated = flag(SET_NEGATED, false);
            let asked = flag(SET_ASKED, true);
            let languages = table.and_then(|table| self.languages(&table, &what, true));
            let set =
                languages.zip(negated.zip(asked)).map(|(languages, (negated, asked))| PhraseSet {
                    name: name.to_string(),
                    languages,
                    near: None,
                    unless_near: None,
                    negated,
                    asked,
                });
            declarations.sets.push(Declared { id: name.to_string(), span: key.span(), value: set });
        }
        for (index, key, value) in nears {
            let name = declarations.sets[index].id.clone();
            let near = self.near(value, &format!("[phrases.{name}].{key}"), &declarations);
            // `near` is read before `unless_near` of the same set.
            let near_set = declarations.sets[index]
                .value
                .as_ref()
                .and_then(|set| set.near.as_ref())
                .map(|near| near.set.clone());
            let near = match near {
                Some(near) if near.set == name => {
                    self.error(
                        value.span(),
                        msg!("rubric-set-near-itself", name = &name, key = key),
                    );
                    None
                }
                // Near and unless near one set: it would never count.
                Some(near) if key == SET_UNLESS_NEAR && near_set.as_deref() == Some(&near.set) => {
                    self.error(
                        value.span(),
                        msg!("rubric-set-near-and-unless", name = &name, other = &near.set),
                    );
                    None
                }
                near => near,
            };
            let declared = &mut declarations.sets[index];
            match near {
                Some(near) => declared.value.iter_mut().for_each(|set| {
                    let slot = if key == SET_NEAR { &mut set.near } else { &mut set.unless_near };
                    *slot = Some(near.clone());
                }),
                None => declared.value = None,
            }
        }
        declarations
    }

    /// A table of language code to phrase list; a named set's may hold its
    /// `near` and `unless_near` too (`set_near`).
    fn languages(
        &mut self,
        table: &Table<'_, '_>,
        what: &Message,
        set_near: bool,
    ) -> Option<BTreeMap<String, Vec<Phrase>>> {
        let near = |key: &str| {
            set_near && [SET_NEAR, SET_UNLESS_NEAR, SET_NEGATED, SET_ASKED].contains(&key)
        };
        if table.entries.iter().all(|(key, _)| near(key.get_ref())) {
            self.error(table.span.clone(), msg!("rubric-phrases-none", what = what.clone()));
            return None;
        }
        let mut languages = BTreeMap::new();
        let mut ok = true;
        for (key, value) in table.entries.iter() {
            let language: &str = key.get_ref();
            if near(language) {
                continue;
            }
            let code_like = (2..=3).contains(&language.len())
                && language.bytes().all(|byte| byte.is_ascii_lowercase());
            if !code_like {
                self.error(
                    key.span(),
                    msg!("rubric-not-language", language = language, what = what.clone()),
                );
                ok = false;
                continue;
            }
            let list = msg!("rubric-what-language", what = what.clone(), language = language);
            match self.phrase_list(value, &list) {
                Some(phrases) => {
                    languages.insert(language.to_string(), phrases);
                }
                None => ok = false,
            }
        }
        ok.then_some(languages)
    }

    fn phrase_list(&mut self, value: &Value<'_>, what: &Message) -> Option<Vec<Phrase>> {
        let items = self.array(value, what)?;
        if items.is_empty() {
            self.error(value.span(), msg!("rubric-phrases-empty", what = what.clone()));
            return None;
        }
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(text) = self.string(item, &msg!("rubric-what-phrase", what = what.clone()))
            else {
                ok = false;
                continue;
            };
            match Phrase::parse(&text) {
                Ok(phrase) if phrases.iter().any(|other| other.words == phrase.words) => {
                    self.error(
                        item.span(),
                        msg!("rubric-phrase-twice", text = &text, what = what.clone()),
                    );
                    ok = false;
                }
                Ok(phrase) => phrases.push(phrase),
                Err(error) => {
                    self.error(item.span(), error.message(&text));
                    ok = false;
                }
            }
        }
        ok.then_some(phrases)
    }

    /// A reference to a named phrase set.
    fn set_name(
        &mut self,
        value: &Value<'_>,
        what: &Message,
        sets: &Declarations,
    ) -> Option<String> {
        let name = self.string(value, what)?;
        if sets.contains(&name) {
            return Some(name);
        }
        let names = sets.names();
        let what = what.clone();
        let message = if names.is_empty() {
            msg!("rubric-set-unknown-none", name = &name, what = what)
        } else {
            let sets = names.join(", ");
            match closest(&name, &names) {
                Some(close) => msg!(
                    "rubric-set-unknown-close",
                    name = &name,
                    what = what,
                    close = close,
                    sets = sets
                ),
                None => msg!("rubric-set-unknown", name = &name, what = what, sets = sets),
            }
        };
        self.error(value.span(), message);
        None
    }

    /// A whole number of at least 1.
    fn count(&mut self, value: &Value<'_>, what: &Message) -> Option<u32> {
        let number = self.integer(value, what)?;
        match u32::try_from(number) {
            Ok(count) if count >= 1 => Some(count),
            _ => {
                self.error(
                    value.span(),
                    msg!("rubric-count-small", what = what.clone(), number = number),
                );
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
        let table = self.table(value, key("check"))?;
        self.check_keys(&table, CHECK_KEYS);
        let mut ok = true;

        let whos = [("agent", Who::Agent), ("customer", Who::Customer), ("either", Who::Either)];
        let who = match table.get("who") {
            Some(value) => self.keyword(value, "who", &whos),
            None => Some(Who::Agent),
        };
        let within = match table.get("within") {
            Some(value) => self.within(value),
            None => Some(Window::Anywhere),
        };
        let phrases = match table.get("phrases") {
            Some(value) => self
                .table(value, key("check.phrases"))
                .and_then(|table| self.languages(&table, &key("check.phrases"), false)),
            None => Some(BTreeMap::new()),
        };
        let set_list = match table.get("set") {
            None => Some(Vec::new()),
            Some(value) => self.set_names(value, &key("set"), sets),
        };
        let regex = match table.get("regex") {
            Some(value) => self.patterns(value),
            None => Some(Vec::new()),
        };
        let min_count = table.get("min_count").map(|v| self.count(v, &key("min_count")));
        let absent = match table.get("absent") {
            Some(value) => self.boolean(value, &key("absent")),
            None => Some(false),
        };
        let before = table.get("before").map(|v| self.set_name(v, &key("before"), sets));
        let near = table.get("near").map(|value| self.near(value, "near", sets));
        let unless_near =
            table.get("unless_near").map(|value| self.near(value, "unless_near", sets));
        let undone_by = match table.get("undone_by") {
            None => Some(Vec::new()),
            Some(value) => self.set_names(value, &key("undone_by"), sets),
        };
        let undone_by_reply =
            table.get("undone_by_reply").map(|v| self.set_name(v, &key("undone_by_reply"), sets));
        let unless_then =
            table.get("unless_then").map(|v| self.set_name(v, &key("unless_then"), sets));
        let na_if = match table.get("na_if") {
            None => Some(Vec::new()),
            Some(value) => self.set_names(value, &key("na_if"), sets),
        };
        let na_who = match table.get("na_who") {
            Some(value) => self.keyword(value, "na_who", &whos),
            None => Some(Who::Either),
        };
        let critical = match table.get("critical") {
            Some(value) => self.boolean(value, &key("critical")),
            None => Some(false),
        };
        let customer_language = match table.get("language") {
            None => Some(false),
            Some(value) => {
                let choices = [("customer", true)];
                let chosen = self.keyword(value, "language", &choices);
                if chosen == Some(true)
                    && !matches!(profile.get("language"), Some(FieldKind::OneOf(_)))
                {
                    self.error(value.span(), msg!("rubric-check-language"));
                    ok = false;
                }
                chosen
            }
        };
        let promise = match table.get("promise") {
            Some(value) => self.boolean(value, &key("promise")),
            None => Some(false),
        };
        let question = match table.get("question") {
            Some(value) => self.boolean(value, &key("question")),
            None => Some(false),
        };
        let model = table.get("model").map(|value| self.model(value));

        // What the keys mean together.
        let looks_for_something = matches!(&phrases, Some(p) if !p.is_empty())
            || matches!(&set_list, Some(s) if !s.is_empty())
            || matches!(&regex, Some(r) if !r.is_empty());
        let given = |key: &str| table.get(key).is_some();
        if !looks_for_something && !given("phrases") && !given("set") && !given("regex") {
            self.error(table.span.clone(), msg!("rubric-check-nothing"));
            ok = false;
        }
        if absent == Some(true) {
            for key in ["min_count", "before", "near", "promise"] {
                if let Some(value) = table.get(key) {
                    self.error(value.span(), msg!("rubric-check-absent-with", key = key));
                    ok = false;
                }
            }
        }
        if let Some(value) = table.get("na_if") {
            if absent == Some(true) {
                self.error(value.span(), msg!("rubric-check-na-if-absent"));
                ok = false;
            } else if !criterion.na_allowed {
                self.error(value.span(), msg!("rubric-check-na-if-not-allowed"));
                ok = false;
            }
        }
        if table.get("undone_by_reply").is_none()
            && let Some(value) = table.get("unless_then")
        {
            self.error(value.span(), msg!("rubric-check-unless-then-alone"));
            ok = false;
        }
        for undo in ["undone_by", "undone_by_reply"] {
            if absent == Some(true)
                && let Some(value) = table.get(undo)
            {
                self.error(value.span(), msg!("rubric-check-undone-by-absent", key = undo));
                ok = false;
            }
        }
        if absent != Some(true)
            && let Some(value) = table.get("model")
        {
            self.error(value.span(), msg!("rubric-check-model-absent"));
            ok = false;
        }
        if table.get("na_if").is_none()
            && let Some(value) = table.get("na_who")
        {
            self.error(value.span(), msg!("rubric-check-na-who"));
            ok = false;
        }
        if critical == Some(true)
            && !criterion.critical
            && let Some(value) = table.get("critical")
        {
            self.error(value.span(), msg!("rubric-check-critical"));
            ok = false;
        }
        if promise == Some(true)
            && table.get("near").is_none()
            && let Some(value) = table.get("promise")
        {
            self.error(value.span(), msg!("rubric-check-promise"));
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
            na_who: na_who?,
            unless_near: super::optional(unless_near)?,
            undone_by: undone_by?,
            undone_by_reply: super::optional(undone_by_reply)?,
            unless_then: super::optional(unless_then)?,
            critical: critical?,
            model: super::optional(model)?,
        })
    }

    /// `[criterion.check.model]`: what it was trained on, the letters kept
    /// of each word, the bias, the threshold and the weights, every number
    /// in whole thousandths at most.
    fn model(&mut self, value: &Value<'_>) -> Option<Model> {
        let table = self.table(value, key("check.model"))?;
        self.check_keys(&table, MODEL_KEYS);
        let trained_on = self
            .required(&table, "trained_on")
            .and_then(|v| self.string(v, &key("model.trained_on")));
        let units = [("call", ModelUnit::Call), ("turn", ModelUnit::Turn)];
        let unit = match table.get("unit") {
            Some(value) => self.keyword(value, "unit", &units),
            None => Some(ModelUnit::Call),
        };
        let stem = self.required(&table, "stem").and_then(|v| {
            let stem = self.integer(v, &key("model.stem"))?;
            let fits = usize::try_from(stem).ok().filter(|stem| MODEL_STEM.contains(stem));
            if fits.is_none() {
                let (low, high) = (*MODEL_STEM.start(), *MODEL_STEM.end());
                self.error(
                    v.span(),
                    msg!("rubric-model-stem", stem = stem, low = low, high = high),
                );
            }
            fits
        });
        let bias = self.required(&table, "bias").and_then(|v| self.thousandths(v, "model.bias"));
        let threshold =
            self.required(&table, "threshold").and_then(|v| self.thousandths(v, "model.threshold"));
        let weights = self.required(&table, "weights").and_then(|value| {
            let weights = self.table(value, key("model.weights"))?;
            let mut out = BTreeMap::new();
            let mut ok = true;
            for (feature, value) in weights.entries.iter() {
                let text: &str = feature.get_ref();
                let weight = self.thousandths(value, &format!("model.weights.\"{text}\""));
                let well_formed = stem.is_none_or(|stem| model_feature(text, stem));
                if !well_formed {
                    let stem = stem.unwrap_or_default();
                    self.error(
                        feature.span(),
                        msg!("rubric-model-feature", feature = text, stem = stem),
                    );
                }
                match weight {
                    Some(weight) if well_formed => {
                        out.insert(text.to_string(), weight);
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(out)
        });
        if let (Some(bias), Some(threshold)) = (bias, threshold)
            && threshold < bias
            && let Some(value) = table.get("threshold")
        {
            let decimal = |n: i64| {
                crate::Fraction::new(i128::from(n), 1000)
                    .map_or(n.to_string(), |f| f.to_plain_string())
            };
            let (bias, threshold) = (decimal(bias), decimal(threshold));
            self.error(
                value.span(),
                msg!("rubric-model-threshold", bias = bias, threshold = threshold),
            );
            return None;
        }
        Some(Model {
            trained_on: trained_on?,
            stem: stem?,
            bias: bias?,
            threshold: threshold?,
            weights: weights?,
            unit: unit?,
        })
    }

    /// A number in whole thousandths, between -1000 and 1000.
    fn thousandths(&mut self, value: &Value<'_>, name: &str) -> Option<i64> {
        let number = self.number(value, &key(name))?;
        let scaled = number.checked_mul(crate::Fraction::from_integer(1000)).ok();
        match scaled {
            Some(scaled) if scaled.denom() == 1 && scaled.numer().abs() <= 1_000_000 => {
                i64::try_from(scaled.numer()).ok()
            }
            _ => {
                let number = number.to_plain_string();
                self.error(
                    value.span(),
                    msg!("rubric-model-number", what = key(name), number = number),
                );
                None
            }
        }
    }

    /// `{ set = "NAME", words = N }` under the key `name`.
    fn near(&mut self, value: &Value<'_>, name: &str, sets: &Declarations) -> Option<Near> {
        let table = self.table(value, key(name))?;
        self.check_keys(&table, NEAR_KEYS);
        let set = self.required(&table, "set").and_then(|v| self.set_name(v, &key(name), sets));
        let words = self
            .required(&table, "words")
            .and_then(|v| self.count(v, &key(&format!("{name}.words"))));
        let after = match table.get("after") {
            Some(value) => self.boolean(value, &key(&format!("{name}.after"))),
            None => Some(false),
        };
        Some(Near { set: set?, words: words?, after: after? })
    }

    /// One phrase set's name or a non-empty list of them.
    fn set_names(
        &mut self,
        value: &Value<'_>,
        what: &Message,
        sets: &Declarations,
    ) -> Option<Vec<String>> {
        match value.get_ref() {
            DeValue::Array(items) if items.is_empty() => {
                self.error(value.span(), msg!("rubric-sets-empty", what = what.clone()));
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
        if let DeValue::String(text) = value.get_ref()
            && text == "anywhere"
        {
            return Some(Window::Anywhere);
        }
        let table = self.table(value, key("within"))?;
        self.check_keys(&table, WITHIN_KEYS);
        let mut found =
            table.entries.iter().filter(|(key, _)| WITHIN_KEYS.contains(&key.get_ref().as_ref()));
        let (Some((key, amount)), None) = (found.next(), found.next()) else {
            self.error(value.span(), msg!("rubric-within-form"));
            return None;
        };
        let key: &str = key.get_ref();
        let amount = self.count(amount, &self::key(&format!("within.{key}")))?;
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
                self.error(value.span(), msg!("rubric-regex-empty"));
                return None;
            }
            DeValue::Array(items) => &items[..],
            other => {
                self.error(value.span(), msg!("rubric-regex-type", found = describe(other)));
                return None;
            }
        };
        let mut patterns = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(source) = self.string(item, &msg!("rubric-what-regex")) else {
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
                        msg!("rubric-regex-invalid", source = &source, reason = reason),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(patterns)
    }
}

/// Whether `text` is a feature a model with `stem` letters can see: one
/// word of three to `stem` letters, or two of at most `stem`, folded, with
/// no digit, one space between.
fn model_feature(text: &str, stem: usize) -> bool {
    let words: Vec<&str> = text.split(' ').collect();
    let fits = |word: &&str| word.chars().count() <= stem && crate::rules::is_feature_word(word);
    match words.as_slice() {
        [one] => fits(one) && one.chars().count() >= 3,
        [_, _] => words.iter().all(fits),
        _ => false,
    }
}

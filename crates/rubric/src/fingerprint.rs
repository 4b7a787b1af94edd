//! The rubric fingerprint: SHA-256 over a canonical form of what can change a
//! score.
//!
//! The canonical form is line-based text, one fact per line, with every list
//! in sorted order and every number in lowest exact terms. Identifiers and
//! profile words cannot hold white space (validation sees to it), so joining
//! them with spaces is unambiguous. Prose (titles, question texts, guidance)
//! and the `version` string are deliberately left out: see
//! `docs/rubric-format.md`. Changing this function changes every
//! fingerprint, so the first line names the canonical form's own version.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use sha2::{Digest, Sha256};

use crate::model::*;
use crate::rules::{ModelUnit, Near, Phrase};

/// A SHA-256 digest, shown as 64 lower-case hexadecimal digits.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 32]);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Fingerprint {
    type Err = String;

    fn from_str(text: &str) -> Result<Fingerprint, String> {
        let error = || format!("`{text}` is not a SHA-256 digest (64 hexadecimal digits)");
        if text.len() != 64 || !text.is_ascii() {
            return Err(error());
        }
        let mut bytes = [0u8; 32];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).map_err(|_| error())?;
        }
        Ok(Fingerprint(bytes))
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fingerprint, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

pub(crate) fn compute(rubric: &Rubric) -> Fingerprint {
    Fingerprint(Sha256::digest(canonical_form(rubric).as_bytes()).into())
}

pub(crate) fn compute_rules(rubric: &Rubric) -> Option<Fingerprint> {
    rules_canonical_form(rubric).map(|form| Fingerprint(Sha256::digest(form.as_bytes()).into()))
}

/// The text the fingerprint is the SHA-256 of.
pub fn canonical_form(rubric: &Rubric) -> String {
    let mut out = String::new();
    let policy = &rubric.policy;
    let mode = match policy.mode {
        Mode::Sections => "sections",
        Mode::Points => "points",
    };
    let na = match policy.na {
        NaPolicy::Exclude => "exclude",
        NaPolicy::Zero => "zero",
        NaPolicy::Full => "full",
    };
    // Writing to a String cannot fail.
    let _ = writeln!(out, "tarkka-rubric-canonical 1");
    let _ = writeln!(out, "format {}", rubric.format);
    let _ = writeln!(out, "id {}", rubric.id);
    let _ = writeln!(out, "channel {}", rubric.channel.name());
    let _ = writeln!(out, "pass_threshold {}", rubric.pass_threshold);
    let _ = writeln!(out, "mode {mode}");
    let _ = writeln!(out, "na {na}");
    if rubric.format < 2 {
        // Format 1's one threshold; format 2 states each criterion's own
        // below, so that a default moved into the criteria, or out of
        // them, keeps the fingerprint.
        let _ = writeln!(out, "critical_threshold {}", policy.met);
    }
    let _ = writeln!(out, "cap_bonus {}", policy.cap_bonus);
    for (name, kind) in &rubric.profile {
        let kind = match kind {
            FieldKind::OneOf(words) => format!("one-of {}", sorted(words).join(" ")),
            FieldKind::Bool => "bool".to_string(),
            FieldKind::Integer => "integer".to_string(),
        };
        let _ = writeln!(out, "profile {name} {kind}");
    }
    let mut sections: Vec<&Section> = rubric.sections.iter().collect();
    sections.sort_by(|a, b| a.id.cmp(&b.id));
    for section in sections {
        let _ = writeln!(out, "section {} weight {}", section.id, section.weight);
    }
    let mut criteria: Vec<&Criterion> = rubric.criteria.iter().collect();
    criteria.sort_by(|a, b| a.id.cmp(&b.id));
    for criterion in criteria {
        let scale = match &criterion.scale {
            Scale::YesNo => "yes-no".to_string(),
            Scale::Range { min, max } => format!("range {min} {max}"),
            Scale::Points { max } => format!("points {max}"),
            Scale::Choices(choices) => {
                let mut choices: Vec<String> =
                    choices.iter().map(|c| format!("{}={}", c.name, c.credit)).collect();
                choices.sort();
                format!("choices {}", choices.join(" "))
            }
        };
        let critical = match criterion.critical {
            None => "none",
            Some(CriticalScope::Section) => "section",
            Some(CriticalScope::Overall) => "overall",
        };
        let evidence: Vec<&str> = criterion.evidence.iter().map(|kind| kind.name()).collect();
        let _ = writeln!(
            out,
            "criterion {} section {} weight {} scale {} na {} bonus {} critical {} \
             comment_on_fail {} evidence [{}] when {} unless {}",
            criterion.id,
            criterion.section,
            criterion.weight,
            scale,
            criterion.na_allowed,
            criterion.bonus,
            critical,
            criterion.comment_on_fail,
            evidence.join(" "),
            condition(criterion.when.as_ref()),
            condition(criterion.unless.as_ref()),
        );
        if rubric.format >= 2 {
            // Replaces the line's end: format 1's lines stay as they were.
            out.pop();
            let below = match criterion.critical {
                Some(_) => criterion.critical_below.to_string(),
                None => "-".to_string(),
            };
            let _ = writeln!(out, " met {} critical_below {below}", criterion.met);
        }
    }
    out
}

/// The text the rules fingerprint is the SHA-256 of: every phrase set and
/// every check, sorted by name and criterion id, or `None` when no
/// criterion has a check.
pub fn rules_canonical_form(rubric: &Rubric) -> Option<String> {
    if !rubric.has_checks() {
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(out, "tarkka-rules-canonical 4");
    let _ = writeln!(out, "rubric {}", rubric.id);
    for set in rubric.phrases.values() {
        let _ = writeln!(out, "set {}", set.name);
        // Written only when used, as the checks' later keys below.
        if let Some(near) = &set.near {
            let _ = writeln!(out, "  near {}", near_text(near));
        }
        if let Some(near) = &set.unless_near {
            let _ = writeln!(out, "  unless_near {}", near_text(near));
        }
        if !set.asked {
            let _ = writeln!(out, "  asked does not count");
        }
        if set.negated {
            let _ = writeln!(out, "  negated counts");
        }
        phrases(&mut out, &set.languages);
    }
    let mut criteria: Vec<&Criterion> = rubric.criteria.iter().collect();
    criteria.sort_by(|a, b| a.id.cmp(&b.id));
    for criterion in criteria {
        let Some(check) = &criterion.check else { continue };
        let near = check.near.as_ref().map_or_else(|| "-".to_string(), near_text);
        let _ = writeln!(
            out,
            "check {} who {} within {} sets [{}] min_count {} absent {} before {} near {} \
             customer_language {} promise {} question {}",
            criterion.id,
            check.who.name(),
            check.within,
            check.sets.join(" "),
            check.min_count,
            check.absent,
            check.before.as_deref().unwrap_or("-"),
            near,
            check.customer_language,
            check.promise,
            check.question,
        );
        // Keys added later are written only when used, so that the rules
        // fingerprint of a rubric that does not use them stays what it was.
        if !check.na_if.is_empty() {
            let _ = writeln!(out, "  na_if [{}]", check.na_if.join(" "));
            if check.na_who != crate::rules::Who::Either {
                let _ = writeln!(out, "  na_who {}", check.na_who.name());
            }
        }
        // One set is written as it always was; several in name order, which
        // changes no verdict.
        if !check.undone_by.is_empty() {
            let mut sets = check.undone_by.clone();
            sets.sort();
            let _ = writeln!(out, "  undone_by {}", sets.join(" "));
        }
        if let Some(set) = &check.undone_by_reply {
            let _ = writeln!(out, "  undone_by_reply {set}");
        }
        if let Some(set) = &check.unless_then {
            let _ = writeln!(out, "  unless_then {set}");
        }
        if let Some(near) = &check.unless_near {
            let _ = writeln!(out, "  unless_near {}", near_text(near));
        }
        if check.critical {
            let _ = writeln!(out, "  critical true");
        }
        if let Some(model) = &check.model {
            let _ = writeln!(
                out,
                "  model stem {} bias {} threshold {} trained_on {:?}",
                model.stem, model.bias, model.threshold, model.trained_on
            );
            // A call model (the default) adds nothing, so that the
            // rubrics written before units fingerprint as they did.
            if model.unit != ModelUnit::Call {
                let _ = writeln!(out, "  model unit {}", model.unit.name());
            }
            for (feature, weight) in &model.weights {
                let _ = writeln!(out, "  weight {feature:?} {weight}");
            }
        }
        phrases(&mut out, &check.phrases);
        for pattern in &check.regex {
            let _ = writeln!(out, "  regex {:?}", pattern.source);
        }
    }
    Some(out)
}

/// A `near` as the rules fingerprint writes it; `after` only when set, so
/// that the fingerprint of a rubric without it stays what it was.
fn near_text(near: &Near) -> String {
    let after = if near.after { " after" } else { "" };
    format!("{} {}{after}", near.set, near.words)
}

fn phrases(out: &mut String, languages: &BTreeMap<String, Vec<Phrase>>) {
    for (language, phrases) in languages {
        let mut lines: Vec<String> = phrases
            .iter()
            .map(|phrase| {
                let words: Vec<String> = phrase
                    .words
                    .iter()
                    .map(|word| {
                        let gap = if word.gap { "... " } else { "" };
                        format!("{gap}{}{}", word.folded, if word.prefix { "*" } else { "" })
                    })
                    .collect();
                words.join(" ")
            })
            .collect();
        lines.sort();
        for line in lines {
            let _ = writeln!(out, "  {language} {line}");
        }
    }
}

fn condition(condition: Option<&Condition>) -> String {
    let Some(condition) = condition else {
        return "-".to_string();
    };
    let tests: Vec<String> = condition
        .tests
        .iter()
        .map(|(field, test)| match test {
            Test::OneOf(words) => format!("{field}=one-of({})", sorted(words).join(",")),
            Test::Bool(b) => format!("{field}={b}"),
            Test::Between { min, max } => {
                let bound = |b: &Option<i64>| b.map_or("-".to_string(), |n| n.to_string());
                format!("{field}=between({},{})", bound(min), bound(max))
            }
        })
        .collect();
    format!("[{}]", tests.join(" "))
}

fn sorted(words: &[String]) -> Vec<&str> {
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    words.sort_unstable();
    words
}

#[cfg(test)]
mod tests {
    const BASE: &str = include_str!("../test_data/ok/every-feature.toml");

    fn fingerprint(source: &str) -> String {
        match crate::parse(source) {
            Ok(rubric) => rubric.fingerprint().to_string(),
            Err(error) => panic!("{}", error.render("en", "edited.toml", source)),
        }
    }

    #[test]
    fn layout_comments_order_and_prose_keep_the_fingerprint() {
        let base = fingerprint(BASE);
        let edits: &[(&str, &str)] = &[
            // Comments and blank lines.
            ("[scoring]", "# Why these rules: see the QA wiki.\n\n[scoring]"),
            // Layout and number spelling.
            ("weight = 2.5", "weight   =   2.50"),
            ("weight = 1e-1", "weight = 0.1"),
            ("pass_threshold = 0.75", "pass_threshold = 7.5e-1"),
            // Key order inside a table.
            ("mode = \"points\"\nna = \"zero\"", "na = \"zero\"\nmode = \"points\""),
            // Order of profile words, choices and evidence kinds.
            (
                "[\"consumer\", \"business\", \"public\"]",
                "[\"public\", \"consumer\", \"business\"]",
            ),
            ("[\"transcript\", \"recording\"]", "[\"recording\", \"transcript\"]"),
            ("all = 1\nsome = 0.25", "some = 0.25\nall = 1"),
            // Prose and the version string.
            (
                "{ fi = \"Asteikko\", en = \"Scale\" }",
                "{ fi = \"Asteikolla\", en = \"On a scale\" }",
            ),
            ("guidance = { fi = \"Ohje\", en = \"Guidance\" }\n", ""),
            ("version = \"2026.1-rc.2\"", "version = \"2026.2\""),
        ];
        for (from, to) in edits {
            assert!(BASE.contains(from), "{from}");
            assert_eq!(fingerprint(&BASE.replacen(from, to, 1)), base, "{from} -> {to}");
        }
    }

    #[test]
    fn reordering_sections_and_criteria_keeps_the_fingerprint() {
        let (head, rest) = BASE.split_once("[[section]]").unwrap();
        let blocks: Vec<&str> = rest.split("[[section]]").collect();
        let swapped = format!("{head}[[section]]{}[[section]]{}", blocks[1], blocks[0]);
        // Moving section b first also moves the criteria that follow it;
        // the set is unchanged, so the fingerprint is too.
        assert_ne!(swapped, BASE);
        assert_eq!(fingerprint(&swapped), fingerprint(BASE));
    }

    #[test]
    fn anything_that_can_change_a_score_changes_the_fingerprint() {
        let base = fingerprint(BASE);
        let edits: &[(&str, &str)] = &[
            ("weight = 0.1", "weight = 0.2"),
            ("weight = 2.5", "weight = 2"),
            ("pass_threshold = 0.75", "pass_threshold = 0.7"),
            ("mode = \"points\"", "mode = \"sections\""),
            ("na = \"zero\"", "na = \"full\""),
            ("critical_threshold = 0.5", "critical_threshold = 0.6"),
            ("cap_bonus = false", "cap_bonus = true"),
            ("scale = { min = -2, max = 2 }", "scale = { min = -2, max = 3 }"),
            ("scale = { points = 7.5 }", "scale = { points = 8 }"),
            ("some = 0.25", "some = 0.3"),
            ("na = true", "na = false"),
            ("critical = \"section\"", "critical = \"overall\""),
            ("comment_on_fail = true", "comment_on_fail = false"),
            ("[\"transcript\", \"recording\"]", "[\"transcript\"]"),
            ("employees = { min = 10, max = 250 }", "employees = { min = 11, max = 250 }"),
            ("unless = { returning = true }", "unless = { returning = false }"),
            ("id = \"every-feature\"", "id = \"every-feature-2\""),
            ("channel = \"email\"", "channel = \"chat\""),
            ("\"business\", \"public\"]", "\"business\", \"public\", \"ngo\"]"),
            ("bonus = true", "bonus = false"),
        ];
        for (from, to) in edits {
            assert!(BASE.contains(from), "{from}");
            assert_ne!(fingerprint(&BASE.replacen(from, to, 1)), base, "{from} -> {to}");
        }
    }

    /// A format 2 rubric's thresholds count as each criterion resolves
    /// them: a default moved between `[scoring]` and the criteria keeps the
    /// fingerprint, a changed threshold changes it.
    #[test]
    fn format_2_fingerprints_the_thresholds_each_criterion_uses() {
        const TWO: &str = "format = 2\nid = \"t\"\nversion = \"1\"\n\
            title = { fi = \"T\", en = \"T\" }\nchannel = \"visit\"\npass_threshold = 0.8\n\
            [scoring]\nmet = 0.7\n\
            [[section]]\nid = \"a\"\ntitle = { fi = \"A\", en = \"A\" }\n\
            [[criterion]]\nid = \"a.x\"\nsection = \"a\"\ntext = { fi = \"X\", en = \"X\" }\n\
            scale = { points = 10 }\ncritical = \"section\"\n";
        let base = fingerprint(TWO);
        let moved = TWO.replace("met = 0.7\n", "").replace("critical = ", "met = 0.7\ncritical = ");
        assert_eq!(fingerprint(&moved), base);
        let explicit = TWO.replace("critical = ", "critical_below = 0.7\ncritical = ");
        assert_eq!(fingerprint(&explicit), base);
        for changed in [
            TWO.replace("met = 0.7", "met = 0.6"),
            TWO.replace("critical = ", "critical_below = 0.5\ncritical = "),
        ] {
            assert_ne!(fingerprint(&changed), base, "{changed}");
        }
        // The same thresholds in format 1 are another rubric.
        let one = TWO
            .replace("format = 2", "format = 1")
            .replace("met = 0.7", "critical_threshold = 0.7");
        assert_ne!(fingerprint(&one), base);
    }

    #[test]
    fn checks_have_their_own_fingerprint() {
        const CHECKS: &str = include_str!("../test_data/ok/checks.toml");
        let both = |source: &str| {
            let rubric = crate::parse(source).unwrap();
            (rubric.fingerprint().to_string(), rubric.rules_fingerprint().unwrap().to_string())
        };
        let (base, rules) = both(CHECKS);
        // Phrase order, case and accents do not change what matches.
        let same = CHECKS.replace(
            "fi = [\"tarjo*\", \"hinta*\", \"maksaa\"]",
            "fi = [\"maksaa\", \"HINTA*\", \"tarjo*\"]",
        );
        assert_eq!(both(&same), (base.clone(), rules.clone()));
        // A changed phrase list or window changes the rules, not the score's
        // fingerprint: human scores stay comparable while phrases are tuned.
        for (from, to) in [
            ("\"maksaa\"]", "\"maksaa\", \"euroa\"]"),
            ("within = { turns = 4 }", "within = { turns = 5 }"),
            ("min_count = 2", "min_count = 3"),
            ("words = 6", "words = 7"),
            ("words = 6", "words = 6, after = true"),
            ("[phrases.offer]\n", "[phrases.offer]\nnear = { set = \"time\", words = 3 }\n"),
            ("[phrases.offer]\n", "[phrases.offer]\nunless_near = { set = \"time\", words = 3 }\n"),
            ("[phrases.offer]\n", "[phrases.offer]\nnegated = true\n"),
            ("[phrases.offer]\n", "[phrases.offer]\nasked = false\n"),
            // A `#` (any number) is a word of its own.
            ("\"maksaa\"]", "\"maksaa #\"]"),
        ] {
            assert!(CHECKS.contains(from), "{from}");
            let (edited, edited_rules) = both(&CHECKS.replacen(from, to, 1));
            assert_eq!(edited, base, "{from}");
            assert_ne!(edited_rules, rules, "{from}");
        }
        // Without checks there is no rules fingerprint.
        let plain = crate::parse(BASE).unwrap();
        assert!(plain.rules_fingerprint().is_none());
    }

    /// A model's unit is in the rules fingerprint only when it is not the
    /// default, so the rubrics written before units keep theirs.
    #[test]
    fn a_turn_model_is_other_rules_and_an_explicit_call_model_is_not() {
        const MODEL: &str = "format = 1\nid = \"m\"\nversion = \"1\"\n\
            title = { fi = \"T\", en = \"T\" }\nchannel = \"call\"\npass_threshold = 0.5\n\
            [[section]]\nid = \"s\"\ntitle = { fi = \"S\", en = \"S\" }\n\
            [[criterion]]\nid = \"c\"\nsection = \"s\"\ntext = { fi = \"X\", en = \"X\" }\n\
            [criterion.check]\nabsent = true\nphrases.fi = [\"sinun vika\"]\n\
            [criterion.check.model]\ntrained_on = \"t\"\nstem = 6\nbias = -0.3\n\
            threshold = 0.1\nweights = { \"varmaa\" = 0.25 }\n";
        let rules =
            |source: &str| crate::parse(source).unwrap().rules_fingerprint().unwrap().to_string();
        let base = rules(MODEL);
        let explicit = MODEL.replace("stem = 6", "unit = \"call\"\nstem = 6");
        assert_eq!(rules(&explicit), base);
        let turn = MODEL.replace("stem = 6", "unit = \"turn\"\nstem = 6");
        assert_ne!(rules(&turn), base);
        let unit = crate::parse(&turn).unwrap().criteria[0].check.as_ref().unwrap().model.clone();
        assert_eq!(unit.unwrap().unit, crate::rules::ModelUnit::Turn);
    }
}

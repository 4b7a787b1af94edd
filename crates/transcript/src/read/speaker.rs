//! Which names in a transcript are the agent and which the customer.

use std::collections::HashMap;

use crate::model::{Role, Speaker};

/// Speaker names and the roles they stand for, matched without regard to
/// case or surrounding spaces.
///
/// [`SpeakerMap::standard`] (also the [`Default`]) knows the usual English
/// and Finnish words for both sides; a diarising tool's labels such as
/// `SPEAKER_00` have to be added by whoever knows which is which:
///
/// ```
/// use tarkka_transcript::{Role, Speaker, read::SpeakerMap};
///
/// let mut speakers = SpeakerMap::standard();
/// speakers.insert("SPEAKER_00", Role::Agent);
/// assert_eq!(speakers.speaker("speaker_00"), Speaker::Agent);
/// assert_eq!(speakers.speaker(" Asiakas "), Speaker::Customer);
/// assert_eq!(speakers.speaker("SPEAKER_01"), Speaker::Other("SPEAKER_01".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerMap {
    /// Lower-cased, trimmed names.
    roles: HashMap<String, Role>,
}

/// The names [`SpeakerMap::standard`] knows.
const STANDARD: &[(&str, Role)] = &[
    ("agent", Role::Agent),
    ("agentti", Role::Agent),
    ("myyjä", Role::Agent),
    ("myyja", Role::Agent),
    ("asiakaspalvelija", Role::Agent),
    ("seller", Role::Agent),
    ("representative", Role::Agent),
    ("customer", Role::Customer),
    ("asiakas", Role::Customer),
    ("caller", Role::Customer),
    ("client", Role::Customer),
];

impl SpeakerMap {
    /// A map that knows no names.
    pub fn empty() -> SpeakerMap {
        SpeakerMap { roles: HashMap::new() }
    }

    /// A map that knows Agent, Agentti, Myyjä, Asiakaspalvelija, Seller and
    /// Representative as the agent and Customer, Asiakas, Caller and Client
    /// as the customer.
    pub fn standard() -> SpeakerMap {
        let mut map = SpeakerMap::empty();
        for (name, role) in STANDARD {
            map.insert(name, *role);
        }
        map
    }

    /// Maps `name` to `role`, replacing what the map said before.
    pub fn insert(&mut self, name: &str, role: Role) {
        self.roles.insert(normalise(name), role);
    }

    /// The role of `name`, if the map knows it.
    pub fn role(&self, name: &str) -> Option<Role> {
        self.roles.get(&normalise(name)).copied()
    }

    /// The speaker `name` stands for: the role of the whole name, else of
    /// its first word (so that `Asiakaspalvelija Liisa` and `Agent (Sam)`
    /// are agents), else [`Speaker::Other`] with the name as written
    /// (trimmed).
    pub fn speaker(&self, name: &str) -> Speaker {
        let first_word = name
            .split(|character: char| character.is_whitespace() || character == '(')
            .find(|word| !word.is_empty());
        match self.role(name).or_else(|| first_word.and_then(|word| self.role(word))) {
            Some(role) => role.into(),
            None => Speaker::Other(name.trim().to_string()),
        }
    }
}

impl Default for SpeakerMap {
    fn default() -> SpeakerMap {
        SpeakerMap::standard()
    }
}

fn normalise(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Splits a `Name: text` line into the name and the text.
///
/// Only a short label counts as a name (at most three words and 40
/// characters, starting with a letter, with no punctuation but `_-.'()`),
/// and the colon must be followed by a space or the end of the line, so
/// that `https://…`, `klo 10:30` and ordinary sentences are left alone.
pub(crate) fn split_prefix(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (name, rest) = (line[..colon].trim(), &line[colon + 1..]);
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let mut characters = name.chars();
    let looks_like_a_name = characters.next().is_some_and(char::is_alphabetic)
        && name.chars().count() <= 40
        && name.split_whitespace().count() <= 3
        && characters.all(|character| {
            character.is_alphanumeric() || character == ' ' || "_-.'()".contains(character)
        });
    looks_like_a_name.then(|| (name, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_names_in_any_case() {
        let speakers = SpeakerMap::standard();
        let cases = [
            ("Agent", Speaker::Agent),
            ("AGENTTI", Speaker::Agent),
            ("Myyjä", Speaker::Agent),
            ("MYYJÄ", Speaker::Agent),
            ("asiakaspalvelija", Speaker::Agent),
            ("Seller", Speaker::Agent),
            ("Representative", Speaker::Agent),
            ("Customer", Speaker::Customer),
            ("Asiakas", Speaker::Customer),
            ("caller", Speaker::Customer),
            ("Client", Speaker::Customer),
            ("Liisa", Speaker::Other("Liisa".into())),
            ("Asiakaspalvelija Liisa", Speaker::Agent),
            ("Agent(Sam)", Speaker::Agent),
            ("asiakas Matti Meikäläinen", Speaker::Customer),
            ("Liisa Agent", Speaker::Other("Liisa Agent".into())),
            ("Agentur", Speaker::Other("Agentur".into())),
            (" SPEAKER_00 ", Speaker::Other("SPEAKER_00".into())),
        ];
        for (name, expected) in cases {
            assert_eq!(speakers.speaker(name), expected, "{name}");
        }
    }

    #[test]
    fn inserted_names_override_the_standard_ones() {
        let mut speakers = SpeakerMap::standard();
        speakers.insert("Liisa", Role::Agent);
        speakers.insert("Client", Role::Agent);
        assert_eq!(speakers.role("liisa"), Some(Role::Agent));
        assert_eq!(speakers.role("client"), Some(Role::Agent));
        assert_eq!(SpeakerMap::empty().role("agent"), None);
    }

    #[test]
    fn prefixes() {
        let cases = [
            ("Agent: Hyvää päivää", Some(("Agent", "Hyvää päivää"))),
            ("  Asiakas :  Hei  ", Some(("Asiakas", "Hei"))),
            ("SPEAKER_00: Hello", Some(("SPEAKER_00", "Hello"))),
            (
                "Asiakaspalvelija Liisa Virtanen: Hei",
                Some(("Asiakaspalvelija Liisa Virtanen", "Hei")),
            ),
            ("Agent (Liisa): Hei", Some(("Agent (Liisa)", "Hei"))),
            ("Asiakas:", Some(("Asiakas", ""))),
            ("Agent:\tHello", Some(("Agent", "Hello"))),
            ("Katso https://kela.fi ohjeet", None),
            ("Agent:Hello", None),
            ("Soitan klo 10:30 huomenna", None),
            ("Minä sanoin hänelle näin: soita", None),
            ("10:32 Agent: Hei", None),
            (": tyhjä", None),
            ("Hyvää päivää", None),
            ("Agent#1: Hei", None),
        ];
        for (line, expected) in cases {
            assert_eq!(split_prefix(line), expected, "{line}");
        }
    }
}

//! The validated rubric: what a parsed and checked rubric file means.
//!
//! Every value here has passed validation, so code that takes a [`Rubric`] can
//! rely on its invariants (unique ids, every criterion in a known section,
//! positive weights, sane scales, conditions on declared profile fields).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::{Check, PhraseSet};
use crate::{Fingerprint, Fraction};

/// The rubric file format this crate reads and writes.
pub const FORMAT_VERSION: u32 = 2;

/// A validated rubric.
#[derive(Clone, Debug)]
pub struct Rubric {
    /// The file format version it was written in.
    pub format: u32,
    /// The rubric's identifier.
    pub id: String,
    /// The rubric's own version string, for people.
    pub version: String,
    /// The title.
    pub title: Text,
    /// The kind of encounter it is for.
    pub channel: Channel,
    /// The lowest overall score that passes, in 0..1.
    pub pass_threshold: Fraction,
    /// How answers turn into scores.
    pub policy: Policy,
    /// The customer-profile fields conditions may test, sorted by name.
    pub profile: BTreeMap<String, FieldKind>,
    /// The sections, in file order.
    pub sections: Vec<Section>,
    /// The criteria, in file order.
    pub criteria: Vec<Criterion>,
    /// Named phrase sets for automatic checks, by name.
    pub phrases: BTreeMap<String, PhraseSet>,
    pub(crate) fingerprint: Fingerprint,
    pub(crate) rules_fingerprint: Option<Fingerprint>,
}

impl Rubric {
    /// The SHA-256 of the rubric's canonical form (see `docs/rubric-format.md`).
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }

    /// The SHA-256 of the canonical form of the automatic checks and the
    /// phrase sets, when the rubric has any checks. Kept apart from
    /// [`Rubric::fingerprint`] so that tuning a phrase list does not change
    /// what human scores were computed against.
    pub fn rules_fingerprint(&self) -> Option<&Fingerprint> {
        self.rules_fingerprint.as_ref()
    }

    /// Whether any criterion has an automatic check.
    pub fn has_checks(&self) -> bool {
        self.criteria.iter().any(|criterion| criterion.check.is_some())
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.id == id)
    }

    /// The criterion with this id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|criterion| criterion.id == id)
    }

    /// The criteria of one section, in file order.
    pub fn criteria_of<'a>(&'a self, section: &'a Section) -> impl Iterator<Item = &'a Criterion> {
        self.criteria.iter().filter(move |criterion| criterion.section == section.id)
    }

    /// Checks a customer profile against the rubric's declarations: every
    /// field known, every value of the declared kind.
    pub fn check_profile(&self, profile: &Profile) -> Result<(), Vec<ProfileError>> {
        let mut errors = Vec::new();
        for (field, value) in profile {
            match self.profile.get(field) {
                None => errors.push(ProfileError::UnknownField {
                    field: field.clone(),
                    declared: self.profile.keys().cloned().collect(),
                }),
                Some(kind) if !kind.admits(value) => errors.push(ProfileError::BadValue {
                    field: field.clone(),
                    value: value.clone(),
                    expected: kind.clone(),
                }),
                Some(_) => {}
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A text in Finnish and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Finnish.
    pub fi: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::En => &self.en,
        }
    }
}

/// A language people read tarkka's output in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Finnish.
    #[default]
    Fi,
    /// English.
    En,
}

impl Lang {
    /// Picks the Finnish or the English of a pair: literals or formatted text.
    pub fn pick<T>(self, fi: T, en: T) -> T {
        match self {
            Lang::Fi => fi,
            Lang::En => en,
        }
    }
}

/// The kind of encounter a rubric is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A phone call.
    Call,
    /// A visit to a store or a service desk.
    Visit,
    /// A chat conversation.
    Chat,
    /// An e-mail exchange.
    Email,
}

impl Channel {
    /// Every channel, in the order documented.
    pub const ALL: [Channel; 4] = [Channel::Call, Channel::Visit, Channel::Chat, Channel::Email];

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Call => "call",
            Channel::Visit => "visit",
            Channel::Chat => "chat",
            Channel::Email => "email",
        }
    }
}

/// How answers turn into scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// How the overall score is formed.
    pub mode: Mode,
    /// What an N/A answer counts as.
    pub na: NaPolicy,
    /// The credit at which a criterion counts as met, unless it states its
    /// own (`met`). Format 1 calls it `critical_threshold`.
    pub met: Fraction,
    /// The credit below which a critical criterion triggers its critical
    /// rule, unless it states its own; `None`: below its `met`.
    pub critical_below: Option<Fraction>,
    /// Whether bonus credit may lift a score above 100 %.
    pub cap_bonus: bool,
}

impl Policy {
    /// The defaults of a rubric format: format 1 counts anything short of
    /// full credit as failed (`critical_threshold = 1`); format 2 counts a
    /// criterion met at half credit (see `docs/scoring.md`).
    pub fn defaults(format: u32) -> Policy {
        Policy {
            mode: Mode::Sections,
            na: NaPolicy::Exclude,
            met: if format >= 2 { Fraction::HALF } else { Fraction::ONE },
            critical_below: None,
            cap_bonus: true,
        }
    }
}

/// How the overall score is formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The weighted mean of the section scores.
    Sections,
    /// The weighted mean of all criteria; section weights are ignored.
    Points,
}

/// What an N/A answer counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NaPolicy {
    /// The criterion leaves both numerator and denominator.
    Exclude,
    /// The criterion counts with no credit.
    Zero,
    /// The criterion counts with full credit.
    Full,
}

/// The kind of value a customer-profile field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// One of these words.
    OneOf(Vec<String>),
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
}

impl FieldKind {
    /// Whether a value is of this kind.
    pub fn admits(&self, value: &ProfileValue) -> bool {
        match (self, value) {
            (FieldKind::OneOf(words), ProfileValue::Word(word)) => words.contains(word),
            (FieldKind::Bool, ProfileValue::Bool(_)) => true,
            (FieldKind::Integer, ProfileValue::Integer(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldKind::OneOf(words) => write!(f, "one of {}", words.join(", ")),
            FieldKind::Bool => f.write_str("true or false"),
            FieldKind::Integer => f.write_str("a whole number"),
        }
    }
}

/// A section of a rubric.
#[derive(Clone, Debug)]
pub struct Section {
    /// Unique among sections.
    pub id: String,
    /// The title.
    pub title: Text,
    /// Positive; used in `sections` mode.
    pub weight: Fraction,
}

/// A criterion an auditor answers.
#[derive(Clone, Debug)]
pub struct Criterion {
    /// Unique among criteria.
    pub id: String,
    /// The id of its section.
    pub section: String,
    /// The question.
    pub text: Text,
    /// How to decide, when the rubric gives it.
    pub guidance: Option<Text>,
    /// Positive.
    pub weight: Fraction,
    /// The answers it takes and the credit each earns.
    pub scale: Scale,
    /// Whether the auditor may answer N/A.
    pub na_allowed: bool,
    /// A bonus item adds credit on top and never lowers a score.
    pub bonus: bool,
    /// Whether failing it zeroes a scope, and which.
    pub critical: Option<CriticalScope>,
    /// The credit at which it counts as met (earned, for a bonus): its own
    /// `met`, or the rubric's.
    pub met: Fraction,
    /// The credit below which it triggers its critical rule, when it is
    /// critical: its own `critical_below`, the rubric's, or its `met`.
    pub critical_below: Fraction,
    /// Whether it can fail at all: every criterion but a bonus in format 2
    /// (format 1 marked a bonus below the threshold as failed).
    pub can_fail: bool,
    /// Whether a comment is required when it fails.
    pub comment_on_fail: bool,
    /// The evidence kinds that must be attached.
    pub evidence: Vec<EvidenceKind>,
    /// It applies only when this holds.
    pub when: Option<Condition>,
    /// It does not apply when this holds.
    pub unless: Option<Condition>,
    /// The automatic check on transcripts, if any.
    pub check: Option<Check>,
}

impl Criterion {
    /// Whether an answer with this credit meets the criterion (earns it,
    /// for a bonus).
    pub fn is_met(&self, credit: Fraction) -> bool {
        credit >= self.met
    }

    /// Whether an answer with this credit fails the criterion: below its
    /// `met`, and never for a bonus (format 2).
    pub fn fails(&self, credit: Fraction) -> bool {
        self.can_fail && !self.is_met(credit)
    }

    /// Whether an answer with this credit triggers the criterion's critical
    /// rule: it is critical and the credit is below its `critical_below`.
    pub fn fails_critically(&self, credit: Fraction) -> bool {
        self.critical.is_some() && credit < self.critical_below
    }

    /// Whether the criterion applies to an encounter with this profile.
    ///
    /// An error names the profile field a condition needs and the profile
    /// lacks.
    ///
    /// Whichever of `when` and `unless` is decided by the fields the
    /// profile has rules it out: a `when` that fails, or an `unless` that
    /// holds, makes it not apply even where the other lacks a field.
    pub fn applies_to(&self, profile: &Profile) -> Result<bool, MissingField> {
        let when = self.when.as_ref().map_or(Ok(true), |when| when.holds(profile));
        let unless = self.unless.as_ref().map_or(Ok(false), |unless| unless.holds(profile));
        match (when, unless) {
            (Ok(false), _) | (_, Ok(true)) => Ok(false),
            (Err(missing), _) | (_, Err(missing)) => Err(missing),
            (Ok(true), Ok(false)) => Ok(true),
        }
    }
}

/// What failing a critical criterion zeroes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CriticalScope {
    /// Its own section.
    Section,
    /// The whole encounter.
    Overall,
}

/// A kind of evidence attached to an encounter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceKind {
    /// An audio or video recording.
    Recording,
    /// A transcript of a call or chat.
    Transcript,
    /// A photograph.
    Photo,
    /// A receipt.
    Receipt,
}

impl EvidenceKind {
    /// Every kind a rubric may require.
    pub const ALL: [EvidenceKind; 4] = [
        EvidenceKind::Recording,
        EvidenceKind::Transcript,
        EvidenceKind::Photo,
        EvidenceKind::Receipt,
    ];

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceKind::Recording => "recording",
            EvidenceKind::Transcript => "transcript",
            EvidenceKind::Photo => "photo",
            EvidenceKind::Receipt => "receipt",
        }
    }
}

/// The answers a criterion takes and the credit each earns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Yes = 1, no = 0.
    YesNo,
    /// A whole number `v` in `min..=max` earns `(v - min) / (max - min)`.
    Range {
        /// The lowest answer; `min < max`.
        min: i64,
        /// The highest answer.
        max: i64,
    },
    /// A number `p` in `0..=max` earns `p / max`.
    Points {
        /// Positive.
        max: Fraction,
    },
    /// A named choice earns its own credit.
    Choices(Vec<Choice>),
}

/// One named answer of a choice scale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// What the auditor answers.
    pub name: String,
    /// The credit, in 0..1.
    pub credit: Fraction,
}

/// A condition on the customer profile: every test must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The tests, one per field, sorted by field name.
    pub tests: BTreeMap<String, Test>,
}

impl Condition {
    /// Whether every test holds for the profile. A test that fails on a
    /// field the profile has decides it, whatever other fields are missing:
    /// a consumer is not a business of ten or more employees, however many
    /// employees the profile leaves unsaid. Only when no test fails does a
    /// missing field leave the answer open (the error names the first).
    pub fn holds(&self, profile: &Profile) -> Result<bool, MissingField> {
        let mut missing = None;
        for (field, test) in &self.tests {
            match profile.get(field) {
                Some(value) if !test.holds(value) => return Ok(false),
                Some(_) => {}
                None => {
                    missing.get_or_insert(field);
                }
            }
        }
        match missing {
            Some(field) => Err(MissingField(field.clone())),
            None => Ok(true),
        }
    }
}

/// A test on one profile field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Test {
    /// The word is one of these.
    OneOf(Vec<String>),
    /// The truth value is this.
    Bool(bool),
    /// The number is within these bounds (inclusive).
    Between {
        /// The lower bound, if any.
        min: Option<i64>,
        /// The upper bound, if any.
        max: Option<i64>,
    },
}

impl Test {
    /// Whether the value passes the test. A value of another kind does not.
    pub fn holds(&self, value: &ProfileValue) -> bool {
        match (self, value) {
            (Test::OneOf(words), ProfileValue::Word(word)) => words.contains(word),
            (Test::Bool(expected), ProfileValue::Bool(actual)) => expected == actual,
            (Test::Between { min, max }, ProfileValue::Integer(n)) => {
                min.is_none_or(|min| *n >= min) && max.is_none_or(|max| *n <= max)
            }
            _ => false,
        }
    }
}

/// A value in a customer profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ProfileValue {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A word.
    Word(String),
}

impl ProfileValue {
    /// Reads a value written on a command line or in a CSV cell: `true` and
    /// `false` are truth values, a whole number is a number, anything else a
    /// word.
    pub fn parse(text: &str) -> ProfileValue {
        match text {
            "true" => ProfileValue::Bool(true),
            "false" => ProfileValue::Bool(false),
            _ => match text.parse() {
                Ok(n) => ProfileValue::Integer(n),
                Err(_) => ProfileValue::Word(text.to_string()),
            },
        }
    }
}

impl fmt::Display for ProfileValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileValue::Bool(b) => write!(f, "{b}"),
            ProfileValue::Integer(n) => write!(f, "{n}"),
            ProfileValue::Word(w) => f.write_str(w),
        }
    }
}

/// A customer profile: field name to value.
pub type Profile = BTreeMap<String, ProfileValue>;

/// A condition needs a profile field the encounter's profile lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingField(pub String);

/// A customer profile does not fit the rubric's declarations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileError {
    /// The rubric declares no such field.
    UnknownField {
        /// The field.
        field: String,
        /// The fields the rubric declares.
        declared: Vec<String>,
    },
    /// The value is not of the declared kind.
    BadValue {
        /// The field.
        field: String,
        /// The value given.
        value: ProfileValue,
        /// What the field holds.
        expected: FieldKind,
    },
}

impl ProfileError {
    /// What is wrong, as a catalogue message.
    pub fn message(&self) -> tarkka_i18n::Message {
        use tarkka_i18n::msg;
        match self {
            ProfileError::UnknownField { field, declared } if declared.is_empty() => {
                msg!("rubric-profile-unknown-none", field = field)
            }
            ProfileError::UnknownField { field, declared } => {
                msg!("rubric-profile-unknown", field = field, fields = declared.join(", "))
            }
            ProfileError::BadValue { field, value, expected } => {
                let (kind, words) = match expected {
                    FieldKind::OneOf(words) => ("words", words.join(", ")),
                    FieldKind::Bool => ("bool", String::new()),
                    FieldKind::Integer => ("integer", String::new()),
                };
                msg!(
                    "rubric-profile-bad-value",
                    field = field,
                    value = value.to_string(),
                    kind = kind,
                    words = words
                )
            }
        }
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::UnknownField { field, declared } if declared.is_empty() => {
                write!(
                    f,
                    "profile field `{field}` is unknown: the rubric declares no profile fields"
                )
            }
            ProfileError::UnknownField { field, declared } => write!(
                f,
                "profile field `{field}` is unknown; the rubric declares: {}",
                declared.join(", ")
            ),
            ProfileError::BadValue { field, value, expected } => {
                write!(f, "profile field `{field}` is `{value}`; expected {expected}")
            }
        }
    }
}

//! Answers: what an auditor says about one criterion, and the credit it earns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tarkka_i18n::{Message, msg};
use tarkka_rubric::{Criterion, Fraction, Scale};

/// What an auditor answered for one criterion.
///
/// Stored as text that needs no rubric to read back: `yes`, `no`, `na`,
/// `number:5/2` (exact), `choice:partial`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerValue {
    /// Yes, on a yes/no scale.
    Yes,
    /// No, on a yes/no scale.
    No,
    /// Not applicable, in the auditor's judgement.
    NotApplicable,
    /// A number, on a range or points scale.
    Number(Fraction),
    /// A named choice, on a choice scale.
    Choice(String),
}

/// An answer with the auditor's comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The answer.
    pub value: AnswerValue,
    /// Why, in the auditor's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Answer {
    /// An answer without a comment.
    pub fn new(value: AnswerValue) -> Answer {
        Answer { value, comment: None }
    }

    /// The same answer with a comment.
    pub fn with_comment(mut self, comment: impl Into<String>) -> Answer {
        self.comment = Some(comment.into());
        self
    }

    /// Whether there is a comment with any text in it.
    pub fn has_comment(&self) -> bool {
        self.comment.as_deref().is_some_and(|comment| !comment.trim().is_empty())
    }
}

/// An encounter's answers: criterion id to answer.
pub type Answers = BTreeMap<String, Answer>;

const YES: &[&str] = &["y", "yes", "k", "kyllä", "kylla", "true", "1"];
const NO: &[&str] = &["n", "no", "e", "ei", "false", "0"];
const NOT_APPLICABLE: &[&str] = &["na", "n/a", "n.a.", "es", "ei sovellu", "-"];

impl AnswerValue {
    /// Reads an answer as an auditor types it or a spreadsheet exports it,
    /// for the criterion's scale.
    ///
    /// Yes/no take `y`, `yes`, `k`, `kyllä`, `1` and `n`, `no`, `e`, `ei`,
    /// `0`; N/A is `na`, `n/a`, `es` or `ei sovellu` on any scale; numbers
    /// take a decimal point or a decimal comma; choices are their names.
    /// Case and surrounding space do not matter. Whether the value is in
    /// range is checked when it is scored, by [`credit`].
    pub fn parse(criterion: &Criterion, text: &str) -> Result<AnswerValue, Message> {
        let folded = text.trim().to_lowercase();
        if NOT_APPLICABLE.contains(&folded.as_str()) {
            return Ok(AnswerValue::NotApplicable);
        }
        match &criterion.scale {
            Scale::YesNo if YES.contains(&folded.as_str()) => Ok(AnswerValue::Yes),
            Scale::YesNo if NO.contains(&folded.as_str()) => Ok(AnswerValue::No),
            Scale::YesNo => Err(msg!(
                "scoring-not-answer",
                answer = text.trim(),
                expected = expected(criterion)
            )),
            Scale::Range { .. } | Scale::Points { .. } => {
                let number = Fraction::parse_decimal(&folded.replace(',', "."));
                number.map(AnswerValue::Number).ok_or_else(|| {
                    msg!("scoring-not-number", answer = text.trim(), expected = expected(criterion))
                })
            }
            Scale::Choices(choices) => match choices.iter().find(|choice| choice.name == folded) {
                Some(choice) => Ok(AnswerValue::Choice(choice.name.clone())),
                None => Err(msg!(
                    "scoring-not-choice",
                    answer = text.trim(),
                    expected = expected(criterion)
                )),
            },
        }
    }
}

impl Serialize for AnswerValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerValue::Yes => serializer.serialize_str("yes"),
            AnswerValue::No => serializer.serialize_str("no"),
            AnswerValue::NotApplicable => serializer.serialize_str("na"),
            AnswerValue::Number(number) => serializer.collect_str(&format_args!("number:{number}")),
            AnswerValue::Choice(name) => serializer.collect_str(&format_args!("choice:{name}")),
        }
    }
}

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AnswerValue, D::Error> {
        use serde::de::Error;
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        match text.as_ref() {
            "yes" => Ok(AnswerValue::Yes),
            "no" => Ok(AnswerValue::No),
            "na" => Ok(AnswerValue::NotApplicable),
            other => match other.split_once(':') {
                Some(("number", number)) => {
                    number.parse().map(AnswerValue::Number).map_err(D::Error::custom)
                }
                Some(("choice", name)) => Ok(AnswerValue::Choice(name.to_string())),
                _ => Err(D::Error::custom(format!(
                    "`{other}` is not a stored answer (yes, no, na, number:N or choice:NAME)"
                ))),
            },
        }
    }
}

/// How a person reads the answer: `yes`, `2.5`, `partial`.
impl std::fmt::Display for AnswerValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerValue::Yes => f.write_str("yes"),
            AnswerValue::No => f.write_str("no"),
            AnswerValue::NotApplicable => f.write_str("na"),
            AnswerValue::Number(number) => write!(f, "{}", number.to_plain_string()),
            AnswerValue::Choice(name) => f.write_str(name),
        }
    }
}

/// A short description of the answers a criterion takes, for messages:
/// "yes or no, or na", "a whole number from 1 to 5".
pub fn expected(criterion: &Criterion) -> Message {
    let na = if criterion.na_allowed { "yes" } else { "no" };
    match &criterion.scale {
        Scale::YesNo => msg!("score-expected-yes-no", na = na),
        Scale::Range { min, max } => msg!("score-expected-range", min = *min, max = *max, na = na),
        Scale::Points { max } => {
            msg!(
                "score-expected-points",
                max = tarkka_i18n::decimal(max.to_plain_string()),
                na = na
            )
        }
        Scale::Choices(choices) => {
            let names: Vec<&str> = choices.iter().map(|choice| choice.name.as_str()).collect();
            msg!("score-expected-choices", choices = names.join(", "), na = na)
        }
    }
}

/// The credit in 0..1 an answer earns on the criterion's scale; `Ok(None)`
/// for N/A. An error says why the answer does not fit the scale.
pub fn credit(criterion: &Criterion, value: &AnswerValue) -> Result<Option<Fraction>, Message> {
    let wrong = || {
        let answer = match value {
            AnswerValue::Number(number) => tarkka_i18n::decimal(number.to_plain_string()),
            other => other.to_string().into(),
        };
        msg!("scoring-does-not-fit", answer = answer, expected = expected(criterion))
    };
    match (&criterion.scale, value) {
        (_, AnswerValue::NotApplicable) => Ok(None),
        (Scale::YesNo, AnswerValue::Yes) => Ok(Some(Fraction::ONE)),
        (Scale::YesNo, AnswerValue::No) => Ok(Some(Fraction::ZERO)),
        (Scale::Range { min, max }, AnswerValue::Number(v)) => {
            if v.denom() != 1 || *v < *min || *v > *max {
                return Err(wrong());
            }
            let span = i128::from(*max) - i128::from(*min);
            Ok(Fraction::new(v.numer() - i128::from(*min), span))
        }
        (Scale::Points { max }, AnswerValue::Number(p)) => {
            if p.is_negative() || *p > *max {
                return Err(wrong());
            }
            p.checked_div(*max).map_err(|_| msg!("scoring-overflow"))
        }
        (Scale::Choices(choices), AnswerValue::Choice(name)) => choices
            .iter()
            .find(|choice| &choice.name == name)
            .map(|choice| Some(choice.credit))
            .ok_or_else(wrong),
        _ => Err(wrong()),
    }
}

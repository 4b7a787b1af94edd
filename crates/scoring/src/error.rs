//! Why an encounter could not be scored.

use std::fmt;

use tarkka_i18n::{Message, msg};

/// Scoring refused: the answers or the profile do not fit the rubric.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// Every problem found, in rubric order.
    #[error("{} problem{} with the answers", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Invalid(Vec<Problem>),
    /// The exact arithmetic left the range of `i128` fractions.
    #[error("the score cannot be computed exactly: the rubric's numbers are too fine-grained")]
    Overflow,
}

impl ScoreError {
    /// The problems, if the answers were at fault.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ScoreError::Invalid(problems) => problems,
            ScoreError::Overflow => &[],
        }
    }
}

/// One problem with the answers or the profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The criterion at fault; `None` when the profile is.
    pub criterion: Option<String>,
    /// What is wrong and what was expected: a catalogue message, in the
    /// reader's language when rendered, English in `Display`.
    pub message: Message,
}

impl Problem {
    pub(crate) fn new(criterion: &str, message: Message) -> Problem {
        Problem { criterion: Some(criterion.to_string()), message }
    }

    pub(crate) fn profile(message: Message) -> Problem {
        Problem { criterion: None, message }
    }

    /// The problem with what it is about: "criterion `a.b`: …" or
    /// "customer profile: …".
    pub fn text(&self) -> Message {
        let message = self.message.clone();
        match &self.criterion {
            Some(criterion) => {
                msg!("scoring-problem-criterion", criterion = criterion, message = message)
            }
            None => msg!("scoring-problem-profile", message = message),
        }
    }
}

impl ScoreError {
    /// What went wrong, as a catalogue message.
    pub fn text(&self) -> Message {
        match self {
            ScoreError::Invalid(problems) => msg!("scoring-problems", count = problems.len()),
            ScoreError::Overflow => msg!("scoring-overflow"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text())
    }
}

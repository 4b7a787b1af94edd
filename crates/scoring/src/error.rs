//! Why an encounter could not be scored.

use std::fmt;

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
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(criterion: &str, message: impl Into<String>) -> Problem {
        Problem { criterion: Some(criterion.to_string()), message: message.into() }
    }

    pub(crate) fn profile(message: impl Into<String>) -> Problem {
        Problem { criterion: None, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.criterion {
            Some(criterion) => write!(f, "criterion `{criterion}`: {}", self.message),
            None => write!(f, "customer profile: {}", self.message),
        }
    }
}

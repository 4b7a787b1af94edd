//! The scoring engine: a rubric, a customer profile and an auditor's answers
//! in; every criterion's credit, section scores, the overall score, critical
//! failures and the verdict out.
//!
//! The rules are specified, with worked examples, in `docs/scoring.md`; this
//! crate implements exactly them. It is pure — no IO, no clock, no
//! randomness — and exact: all arithmetic is on rational numbers
//! ([`Fraction`]), so the same answers always give the same digits.
//!
//! ```
//! use tarkka_scoring::{Answer, AnswerValue, Answers, Verdict, score};
//!
//! let rubric = tarkka_rubric::parse(r#"
//!     format = 1
//!     id = "tiny"
//!     version = "1"
//!     title = { fi = "Pieni", en = "Tiny" }
//!     channel = "call"
//!     pass_threshold = 0.5
//!     [[section]]
//!     id = "opening"
//!     title = { fi = "Avaus", en = "Opening" }
//!     [[criterion]]
//!     id = "opening.greeting"
//!     section = "opening"
//!     text = { fi = "Tervehtikö?", en = "Greeted?" }
//!     weight = 2
//!     [[criterion]]
//!     id = "opening.moment"
//!     section = "opening"
//!     text = { fi = "Kysyikö sopiiko hetki?", en = "Asked if the moment suits?" }
//! "#).unwrap();
//!
//! let mut answers = Answers::new();
//! answers.insert("opening.greeting".into(), Answer::new(AnswerValue::Yes));
//! answers.insert("opening.moment".into(), Answer::new(AnswerValue::No));
//! let result = score(&rubric, &Default::default(), &answers).unwrap();
//! assert_eq!(result.overall.unwrap().to_string(), "2/3");
//! assert_eq!(result.overall.unwrap().to_percent_string(), "66.67");
//! assert_eq!(result.verdict, Verdict::Pass);
//! ```

mod answer;
mod engine;
mod error;

pub use answer::{Answer, AnswerValue, Answers, credit, expected};
pub use engine::{
    CriterionResult, CriticalFailure, ScoreResult, SectionResult, Status, Verdict, render_warning,
    score, score_automatic, score_partial,
};
pub use error::{Problem, ScoreError};
pub use tarkka_rubric::Fraction;

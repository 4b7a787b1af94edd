//! Rubrics as code: the model, parsing, validation and fingerprint of the
//! TOML rubric files tarkka scores encounters against.
//!
//! A rubric says what an auditor checks in one kind of encounter (a sales
//! call, a service call, a store visit), how each answer earns credit, and
//! which failures are critical. [`parse`] reads one from TOML text and
//! validates it in one pass, collecting every problem with its byte span;
//! [`RubricError::render`] shows them to a person, in Finnish or English (the
//! messages come from the `tarkka-i18n` catalogue), with file, line, column
//! and a caret. The result is a [`Rubric`] whose invariants the scoring crate
//! relies on, and whose [`Fingerprint`] — the SHA-256 of a canonical form of
//! everything that can change a score — every recorded score carries.
//!
//! The file format is specified in `docs/rubric-format.md`.
//!
//! This crate does no IO: it takes text and returns values.
//!
//! ```
//! let source = r#"
//! format = 1
//! id = "tiny"
//! version = "1"
//! title = { fi = "Pieni", en = "Tiny" }
//! channel = "call"
//! pass_threshold = 0.5
//!
//! [[section]]
//! id = "opening"
//! title = { fi = "Avaus", en = "Opening" }
//!
//! [[criterion]]
//! id = "opening.greeting"
//! section = "opening"
//! text = { fi = "Tervehtikö?", en = "Greeted?" }
//! "#;
//! let rubric = tarkka_rubric::parse(source).unwrap();
//! assert_eq!(rubric.criteria[0].weight, tarkka_rubric::Fraction::ONE);
//! assert_eq!(rubric.fingerprint().to_string().len(), 64);
//!
//! let broken = source.replace("id = \"opening\"", "id = \"avaus\"");
//! let error = tarkka_rubric::parse(&broken).unwrap_err();
//! assert!(error.render("en", "tiny.toml", &broken).contains("unknown section `opening`"));
//! assert!(error.render("fi", "tiny.toml", &broken).contains("tuntematon osio `opening`"));
//! ```

mod diagnostic;
mod fingerprint;
mod fraction;
mod model;
mod parse;
pub mod rules;

pub use diagnostic::{Diagnostic, RubricError, line_col, render};
pub use fingerprint::{Fingerprint, canonical_form, rules_canonical_form};
pub use fraction::{Fraction, Overflow, ParseFractionError};
pub use model::*;
pub use parse::{describe as describe_toml, parse, syntax_error as toml_syntax_error};

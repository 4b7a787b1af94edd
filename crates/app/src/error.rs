//! The one error type of the application layer.
//!
//! An [`Error`] says what failed in words a person can act on, carries the
//! error it was caused by (so a caller can print the whole chain, or look
//! for an I/O error in it), and, where the input had problems, each
//! [`Problem`] with its [`Place`]: a file, line and column, or an encounter
//! and criterion. Every problem is reported, not just the first.

use std::fmt;
use std::path::PathBuf;

/// A result of the application layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure, for a caller that decides what to do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The input is wrong: a file, a request, a value. Nothing was changed.
    Input,
    /// The ledger or the evidence store failed or refused. Nothing was
    /// changed.
    Storage,
}

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// A place in a file: 1-based line and column (in characters).
    File {
        /// The file as the caller named it.
        path: PathBuf,
        /// The line.
        line: u64,
        /// The column.
        column: u64,
    },
    /// An encounter, and where it applies one of its criteria.
    Encounter {
        /// The encounter id.
        encounter: String,
        /// The criterion, when the problem is one criterion's.
        criterion: Option<String>,
    },
}

/// One problem of an input, at its place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where.
    pub place: Place,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Why an operation failed. Nothing was recorded.
pub struct Error(Box<Inner>);

struct Inner {
    kind: Kind,
    head: Head,
    problems: Vec<Problem>,
    cause: Option<Error>,
}

enum Head {
    Message(String),
    /// A catalogue message: English in `Display`, any language in `render`.
    Text(tarkka_i18n::Message),
    Foreign(Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// An input error with this message.
    pub fn input(message: impl Into<String>) -> Error {
        Error::new(Kind::Input, Head::Message(message.into()))
    }

    /// An input error with a catalogue message (crates/i18n), which a
    /// caller renders in the reader's language with [`Error::render`].
    pub fn text(message: tarkka_i18n::Message) -> Error {
        Error::new(Kind::Input, Head::Text(message))
    }

    /// The message and its causes, `: `-separated as `{:#}` gives them,
    /// with every catalogue message in `lang` (`fi`, else English).
    pub fn render(&self, lang: &str) -> String {
        let mut out = match &self.0.head {
            Head::Message(message) => message.clone(),
            Head::Text(message) => tarkka_i18n::render(lang, message),
            Head::Foreign(error) => error.to_string(),
        };
        match &self.0.cause {
            Some(cause) => {
                out.push_str(": ");
                out.push_str(&cause.render(lang));
            }
            None => {
                let mut source = std::error::Error::source(self);
                while let Some(cause) = source {
                    out.push_str(&format!(": {cause}"));
                    source = cause.source();
                }
            }
        }
        out
    }

    fn new(kind: Kind, head: Head) -> Error {
        Error(Box::new(Inner { kind, head, problems: Vec::new(), cause: None }))
    }

    /// The same error with every problem it is about.
    pub fn with_problems(mut self, problems: Vec<Problem>) -> Error {
        self.0.problems = problems;
        self
    }

    /// The error wrapped in a message that says what was being done.
    pub fn context(self, message: impl Into<String>) -> Error {
        let kind = self.0.kind;
        let mut outer = Error::new(kind, Head::Message(message.into()));
        outer.0.cause = Some(self);
        outer
    }

    /// What kind of failure.
    pub fn kind(&self) -> Kind {
        self.0.kind
    }

    /// The problems of the input, each at its place (empty when the error
    /// is not about places).
    pub fn problems(&self) -> &[Problem] {
        match (&self.0.problems[..], &self.0.cause) {
            ([], Some(cause)) => cause.problems(),
            (problems, _) => problems,
        }
    }
}

impl fmt::Display for Error {
    /// The message; with `{:#}`, the causes after it, `: `-separated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.head {
            Head::Message(message) => f.write_str(message)?,
            Head::Text(message) => write!(f, "{message}")?,
            Head::Foreign(error) => write!(f, "{error}")?,
        }
        if f.alternate() {
            let mut source = std::error::Error::source(self);
            while let Some(cause) = source {
                write!(f, ": {cause}")?;
                source = cause.source();
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:#}")
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        if let Some(cause) = &self.0.cause {
            return Some(cause);
        }
        match &self.0.head {
            Head::Foreign(error) => error.source(),
            Head::Message(_) | Head::Text(_) => None,
        }
    }
}

impl From<tarkka_ledger::LedgerError> for Error {
    fn from(error: tarkka_ledger::LedgerError) -> Error {
        Error::new(Kind::Storage, Head::Foreign(Box::new(error)))
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Error {
        Error::new(Kind::Storage, Head::Foreign(Box::new(error)))
    }
}

impl From<tarkka_report::Error> for Error {
    fn from(error: tarkka_report::Error) -> Error {
        Error::new(Kind::Storage, Head::Foreign(Box::new(error)))
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Error {
        Error::new(Kind::Input, Head::Foreign(Box::new(error)))
    }
}

impl From<csv::Error> for Error {
    fn from(error: csv::Error) -> Error {
        Error::new(Kind::Input, Head::Foreign(Box::new(error)))
    }
}

impl From<toml::ser::Error> for Error {
    fn from(error: toml::ser::Error) -> Error {
        Error::new(Kind::Input, Head::Foreign(Box::new(error)))
    }
}

impl From<jiff::Error> for Error {
    fn from(error: jiff::Error) -> Error {
        Error::new(Kind::Input, Head::Foreign(Box::new(error)))
    }
}

/// A file that could not be read: "no such file" in the reader's language
/// when it is missing, else the system's reason after a catalogue message.
pub fn unreadable(path: &std::path::Path, error: std::io::Error) -> Error {
    let file = path.display().to_string();
    if error.kind() == std::io::ErrorKind::NotFound {
        return Error::text(tarkka_i18n::msg!("file-missing", file = file));
    }
    let mut outer = Error::text(tarkka_i18n::msg!("file-unreadable", file = file));
    outer.0.kind = Kind::Storage;
    outer.0.cause = Some(error.into());
    outer
}

/// Says what was being done when something failed, as `anyhow` does.
pub trait Context<T> {
    /// Wraps the error (or a missing value) in `message`.
    fn context(self, message: impl Into<String>) -> Result<T>;
    /// Wraps the error (or a missing value) in the message `message` makes.
    fn with_context<M: Into<String>>(self, message: impl FnOnce() -> M) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, message: impl Into<String>) -> Result<T> {
        self.map_err(|error| error.into().context(message))
    }
    fn with_context<M: Into<String>>(self, message: impl FnOnce() -> M) -> Result<T> {
        self.map_err(|error| error.into().context(message()))
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, message: impl Into<String>) -> Result<T> {
        self.ok_or_else(|| Error::input(message))
    }
    fn with_context<M: Into<String>>(self, message: impl FnOnce() -> M) -> Result<T> {
        self.ok_or_else(|| Error::input(message()))
    }
}

/// Returns an input error whose message is a catalogue message
/// (crates/i18n) — an id and named values, as `msg!` takes them — read in the reader's
/// language.
#[macro_export]
macro_rules! refuse {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        return Err($crate::Error::text(tarkka_i18n::msg!($id $(, $name = $value)*)))
    };
}

/// Returns an input error with a format string's message (English only:
/// prefer [`refuse!`], whose message comes from the catalogue).
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err($crate::Error::input(format!($($arg)*)))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_print_as_anyhow_prints_them() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe closed");
        let error: Result<()> = Err(io).context("cannot write the table");
        let error = error.context("cannot write the report").unwrap_err();
        assert_eq!(error.to_string(), "cannot write the report");
        assert_eq!(
            format!("{error:#}"),
            "cannot write the report: cannot write the table: pipe closed"
        );
        let mut source = std::error::Error::source(&error);
        let mut found = false;
        while let Some(cause) = source {
            found |= cause.downcast_ref::<std::io::Error>().is_some();
            source = cause.source();
        }
        assert!(!found, "a foreign error is shown, not chained twice");
        assert_eq!(error.kind(), Kind::Storage);
    }

    #[test]
    fn problems_keep_their_places_through_context() {
        let problem = Problem {
            place: Place::Encounter { encounter: "V-1".into(), criterion: Some("a.b".into()) },
            message: "N/A is not allowed".into(),
        };
        let error = Error::input("cannot score").with_problems(vec![problem.clone()]);
        let error = error.context("cannot import");
        assert_eq!(error.problems(), [problem]);
        assert_eq!(error.kind(), Kind::Input);
        let missing: Result<u8> = None.context("no encounter `X`");
        assert_eq!(missing.unwrap_err().to_string(), "no encounter `X`");
    }
}

//! The one error type of the application layer.
//!
//! An [`Error`] says what failed in words a person can act on, carries the
//! error it was caused by (so a caller can print the whole chain, or look
//! for an I/O error in it), and, where the input had problems, each
//! [`Problem`] with its [`Place`]: a file, line and column, or an encounter
//! and criterion. Every problem is reported, not just the first.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use tarkka_i18n::Message;

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

impl Place {
    /// Where, for a person in `lang` (`fi`, else English): `file:line:column`
    /// for a file; "encounter `V-1`, criterion `a.b`" for an encounter.
    pub fn render(&self, lang: &str) -> String {
        match self {
            Place::File { path, line, column } => format!("{}:{line}:{column}", path.display()),
            Place::Encounter { encounter, criterion: None } => tarkka_i18n::render(
                lang,
                &tarkka_i18n::msg!("place-encounter", encounter = encounter),
            ),
            Place::Encounter { encounter, criterion: Some(criterion) } => tarkka_i18n::render(
                lang,
                &tarkka_i18n::msg!(
                    "place-encounter-criterion",
                    encounter = encounter,
                    criterion = criterion
                ),
            ),
        }
    }
}

/// One problem of an input, at its place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// Where.
    pub place: Place,
    /// What is wrong and what was expected: a catalogue message, rendered
    /// in the reader's language (English in `Display`).
    pub message: Message,
}

impl Problem {
    /// "place: message" in `lang` (`fi`, else English).
    pub fn render(&self, lang: &str) -> String {
        format!("{}: {}", self.place.render(lang), tarkka_i18n::render(lang, &self.message))
    }
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
    Text(Message),
    /// Text made for a language when it is shown (problems with snippets
    /// of the file they are in).
    Rendered(Arc<dyn Fn(&str) -> String + Send + Sync>),
    Foreign(Box<dyn std::error::Error + Send + Sync>),
}

/// What an error or its context says: a catalogue message (preferred: the
/// reader's language) or, until it moves to the catalogue, English text.
pub struct Words(Head);

impl From<Message> for Words {
    fn from(message: Message) -> Words {
        Words(Head::Text(message))
    }
}

impl From<String> for Words {
    fn from(text: String) -> Words {
        Words(Head::Message(text))
    }
}

impl From<&str> for Words {
    fn from(text: &str) -> Words {
        Words(Head::Message(text.to_string()))
    }
}

impl From<&String> for Words {
    fn from(text: &String) -> Words {
        Words(Head::Message(text.clone()))
    }
}

impl Error {
    /// An input error with this message.
    pub fn input(message: impl Into<Words>) -> Error {
        Error::new(Kind::Input, message.into().0)
    }

    /// An input error whose text is made in the reader's language when it
    /// is shown: `render` takes the language (`fi`, else English). For
    /// problems shown with a snippet of their file.
    pub fn rendered(render: impl Fn(&str) -> String + Send + Sync + 'static) -> Error {
        Error::new(Kind::Input, Head::Rendered(Arc::new(render)))
    }

    /// An input error whose text is `heading` and then each problem on a
    /// line of its own (and `more`, when some were left out), in the
    /// reader's language; the problems are kept with their places.
    pub fn listing(heading: Message, problems: Vec<Problem>, more: Option<Message>) -> Error {
        let shown = problems.clone();
        Error::rendered(move |lang| {
            let mut out = tarkka_i18n::render(lang, &heading);
            for problem in &shown {
                out.push('\n');
                out.push_str(&problem.render(lang));
            }
            if let Some(more) = &more {
                out.push('\n');
                out.push_str(&tarkka_i18n::render(lang, more));
            }
            out
        })
        .with_problems(problems)
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
            Head::Rendered(render) => render(lang),
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

    /// The message and its causes as one catalogue message, for a place
    /// that holds messages (a cell's problem): catalogue texts stay in the
    /// reader's language, other text is shown as it is.
    pub fn message(&self) -> Message {
        let head = match &self.0.head {
            Head::Text(message) => message.clone(),
            Head::Message(text) => tarkka_i18n::msg!("as-is", text = text),
            Head::Rendered(render) => tarkka_i18n::msg!("as-is", text = render("en")),
            Head::Foreign(error) => tarkka_i18n::msg!("as-is", text = error.to_string()),
        };
        match &self.0.cause {
            Some(cause) => tarkka_i18n::msg!("because", what = head, why = cause.message()),
            None => {
                let mut out = head;
                let mut source = std::error::Error::source(self);
                while let Some(cause) = source {
                    let why = tarkka_i18n::msg!("as-is", text = cause.to_string());
                    out = tarkka_i18n::msg!("because", what = out, why = why);
                    source = cause.source();
                }
                out
            }
        }
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
    pub fn context(self, message: impl Into<Words>) -> Error {
        let kind = self.0.kind;
        let mut outer = Error::new(kind, message.into().0);
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
            Head::Rendered(render) => f.write_str(&render("en"))?,
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
            Head::Message(_) | Head::Text(_) | Head::Rendered(_) => None,
        }
    }
}

impl From<tarkka_ledger::LedgerError> for Error {
    /// Every store error is a catalogue message: read in the reader's
    /// language, the server's own words as they are.
    fn from(error: tarkka_ledger::LedgerError) -> Error {
        Error::new(Kind::Storage, Head::Text(error.message()))
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Error {
        Error::new(Kind::Storage, Head::Foreign(Box::new(error)))
    }
}

impl From<tarkka_report::Error> for Error {
    fn from(error: tarkka_report::Error) -> Error {
        match error {
            // The file in the reader's words, the system's reason once.
            tarkka_report::Error::Io { path, source } => Error::from(source)
                .context(tarkka_i18n::msg!("file-unwritable", file = path.display().to_string())),
            other => Error::new(Kind::Storage, Head::Foreign(Box::new(other))),
        }
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

/// Messages one after another, `; `-separated, as one message.
pub fn joined(messages: impl IntoIterator<Item = Message>) -> Message {
    let mut messages: Vec<Message> = messages.into_iter().collect();
    let Some(mut out) = messages.pop() else {
        return tarkka_i18n::msg!("as-is", text = "");
    };
    while let Some(first) = messages.pop() {
        out = tarkka_i18n::msg!("joined", first = first, rest = out);
    }
    out
}

/// Says what was being done when something failed, as `anyhow` does.
pub trait Context<T> {
    /// Wraps the error (or a missing value) in `message` (a catalogue
    /// `Message`, or English text).
    fn context(self, message: impl Into<Words>) -> Result<T>;
    /// Wraps the error (or a missing value) in the message `message` makes.
    fn with_context<M: Into<Words>>(self, message: impl FnOnce() -> M) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, message: impl Into<Words>) -> Result<T> {
        self.map_err(|error| error.into().context(message))
    }
    fn with_context<M: Into<Words>>(self, message: impl FnOnce() -> M) -> Result<T> {
        self.map_err(|error| error.into().context(message()))
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, message: impl Into<Words>) -> Result<T> {
        self.ok_or_else(|| Error::input(message))
    }
    fn with_context<M: Into<Words>>(self, message: impl FnOnce() -> M) -> Result<T> {
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
            message: tarkka_i18n::msg!("place-encounter", encounter = "V-1"),
        };
        let error = Error::input("cannot score").with_problems(vec![problem.clone()]);
        let error = error.context("cannot import");
        assert_eq!(error.problems(), [problem]);
        assert_eq!(error.kind(), Kind::Input);
        let missing: Result<u8> = None.context("no encounter `X`");
        assert_eq!(missing.unwrap_err().to_string(), "no encounter `X`");
    }
}

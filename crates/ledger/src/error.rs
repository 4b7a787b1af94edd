//! Why a ledger or store operation failed.

use std::io;
use std::path::PathBuf;

use tarkka_i18n::{Message, msg};

/// A ledger or evidence-store operation failed; nothing was changed.
///
/// Every variant is a catalogue message ([`LedgerError::message`]), so a
/// person reads it in their language; `Display` is the English text.
#[derive(Debug)]
pub enum LedgerError {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// The ledger ends in an incomplete write that was never acknowledged.
    Torn {
        /// The ledger.
        path: PathBuf,
        /// What is incomplete.
        detail: Message,
        /// Where the incomplete part starts (the length to truncate to).
        start: u64,
        /// The ledger's length.
        end: u64,
    },
    /// The ledger was written by a newer tarkka.
    NewerFormat {
        /// The ledger.
        path: PathBuf,
        /// The entry.
        seq: u64,
        /// Its format.
        format: u32,
    },
    /// The ledger's last entry cannot be read, so nothing can be chained to it.
    BadTail {
        /// The ledger.
        path: PathBuf,
        /// What is wrong.
        detail: Message,
    },
    /// A line of the ledger is not an entry a replay can read.
    Unreadable {
        /// The ledger.
        path: PathBuf,
        /// The line, from 1.
        line: u64,
        /// What is wrong.
        detail: Message,
    },
    /// A database or object store refused or failed (what it said, never
    /// a password).
    Store {
        /// The store, as messages call it.
        name: PathBuf,
        /// What went wrong.
        detail: Message,
    },
    /// The caller refused to append, having looked at the locked ledger.
    Refused(Message),
    /// A path given for evidence is not acceptable.
    BadPath {
        /// The path.
        path: PathBuf,
        /// Why not.
        reason: Message,
    },
}

impl LedgerError {
    /// What went wrong, as a catalogue message.
    pub fn message(&self) -> Message {
        let shown = |path: &PathBuf| path.display().to_string();
        match self {
            // Not the error as a source: the message already says what the
            // operating system said, and a chain would print it twice.
            LedgerError::Io { path, error } => {
                // A reader of the store's own words (a connection lost
                // mid-read) carries its message in the reader's language.
                let detail = match error.get_ref().and_then(|e| e.downcast_ref::<Said>()) {
                    Some(Said(message)) => message.clone(),
                    None => msg!("as-is", text = error.to_string()),
                };
                msg!("store-at", place = shown(path), detail = detail)
            }
            LedgerError::Torn { path, detail, start, end } => msg!(
                "ledger-torn",
                file = shown(path),
                detail = detail.clone(),
                start = *start,
                end = *end
            ),
            LedgerError::NewerFormat { path, seq, format } => msg!(
                "ledger-newer-format",
                file = shown(path),
                seq = *seq,
                format = *format,
                ours = crate::LEDGER_FORMAT
            ),
            LedgerError::BadTail { path, detail } => {
                msg!("ledger-bad-tail", file = shown(path), detail = detail.clone())
            }
            LedgerError::Unreadable { path, line, detail } => msg!(
                "ledger-unreadable-line",
                file = shown(path),
                line = *line,
                detail = detail.clone()
            ),
            LedgerError::Store { name, detail } => {
                msg!("store-at", place = shown(name), detail = detail.clone())
            }
            LedgerError::Refused(message) => message.clone(),
            LedgerError::BadPath { path, reason } => {
                msg!("store-at", place = shown(path), detail = reason.clone())
            }
        }
    }
}

impl std::fmt::Display for LedgerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for LedgerError {}

/// Text that is not tarkka's (a server's or a library's own words), as a
/// message shown as it is.
pub fn text(text: impl Into<String>) -> Message {
    msg!("as-is", text = text.into())
}

/// A catalogue message carried inside an `io::Error`, for readers that
/// must speak `io::Read` (the rows of a PostgreSQL `COPY`): its `Display`
/// is the English text, and [`LedgerError::message`] takes the message
/// back out, in the reader's language.
#[derive(Debug)]
pub(crate) struct Said(pub(crate) Message);

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&tarkka_i18n::render("en", &self.0))
    }
}

impl std::error::Error for Said {}

/// Attaches the path to an IO error.
pub(crate) trait IoContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T, LedgerError>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, path: &std::path::Path) -> Result<T, LedgerError> {
        self.map_err(|error| LedgerError::Io { path: path.to_path_buf(), error })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_carried_in_an_io_error_is_read_in_the_readers_language() {
        let carried = io::Error::other(Said(msg!("pg-copy-unsigned")));
        let error = LedgerError::Io { path: PathBuf::from("postgres://db"), error: carried };
        let finnish = tarkka_i18n::render("fi", &error.message());
        assert!(finnish.contains("binäärimuodon tunnistetta"), "{finnish}");
        assert!(error.to_string().contains("no binary signature"), "{error}");
        // The operating system's own words stay as they are.
        let plain = LedgerError::Io { path: PathBuf::from("x"), error: io::Error::other("disk") };
        assert!(tarkka_i18n::render("fi", &plain.message()).contains("disk"));
    }
}

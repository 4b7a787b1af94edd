//! Why a ledger or store operation failed.

use std::io;
use std::path::PathBuf;

/// A ledger or evidence-store operation failed; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// A file could not be read or written.
    // Not `source`: the message already says what the operating system
    // said, and a chained source would print it twice.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        error: io::Error,
    },
    /// The ledger ends in an incomplete write that was never acknowledged.
    #[error(
        "{path}: the ledger ends in an incomplete write: {detail}. It was never acknowledged, \
         so no recorded fact is lost, but nothing can be appended after it. To recover, run \
         `tarkka ledger repair`, which moves bytes {start}..{end} to a side file and truncates \
         the ledger to {start} bytes"
    )]
    Torn {
        /// The ledger.
        path: PathBuf,
        /// What is incomplete.
        detail: tarkka_i18n::Message,
        /// Where the incomplete part starts (the length to truncate to).
        start: u64,
        /// The ledger's length.
        end: u64,
    },
    /// The ledger was written by a newer tarkka.
    #[error(
        "{path}: entry {seq} is written in ledger format {format}, but this tarkka reads format \
         {}; upgrade tarkka to read it",
        crate::LEDGER_FORMAT
    )]
    NewerFormat {
        /// The ledger.
        path: PathBuf,
        /// The entry.
        seq: u64,
        /// Its format.
        format: u32,
    },
    /// The ledger's last entry cannot be read, so nothing can be chained to it.
    #[error("{path}: the last entry cannot be read ({detail}); run `tarkka verify` to see why")]
    BadTail {
        /// The ledger.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A line of the ledger is not an entry a replay can read.
    #[error(
        "{path}:{line}: this line of the ledger cannot be read ({detail}); run `tarkka verify` to see why"
    )]
    Unreadable {
        /// The ledger.
        path: PathBuf,
        /// The line, from 1.
        line: u64,
        /// What is wrong.
        detail: String,
    },
    /// A database or object store refused or failed (what it said, never
    /// a password).
    #[error("{name}: {detail}")]
    Store {
        /// The store, as messages call it.
        name: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// The caller refused to append, having looked at the locked ledger.
    #[error("{0}")]
    Refused(String),
    /// A path given for evidence is not acceptable.
    #[error("{path}: {reason}")]
    BadPath {
        /// The path.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
}

/// Attaches the path to an IO error.
pub(crate) trait IoContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T, LedgerError>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, path: &std::path::Path) -> Result<T, LedgerError> {
        self.map_err(|error| LedgerError::Io { path: path.to_path_buf(), error })
    }
}

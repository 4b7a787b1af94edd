//! The application layer of tarkka: every command's operation, as a
//! library that any front end drives — the command line today, a server or
//! a team store tomorrow.
//!
//! This crate is the one API boundary, as rust-analyzer's `ide` is: plain
//! request and response types in, plain values out. It joins the domain
//! crates (rubric, scoring, ledger, transcript, check, agreement, report)
//! into operations — log, attach, score, amend, import, check and record,
//! follow-ups, scores, calibrate, the report's input, verify, export,
//! sample generation — and returns what they found for the caller to
//! render.
//!
//! What it does not do: print, parse arguments, read the environment or the
//! clock (times come in a [`Writer`] or a request), or draw progress (it
//! reports progress through [`Progress`]). Errors are [`Error`]s whose
//! problems carry their place: file, line and column, or encounter and
//! criterion.
//!
//! ```
//! use tarkka_app::{Writer, config, encounter};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let config = config::Config { format: config::CONFIG_FORMAT, name: None, lang: None };
//! let workspace = config::create(dir.path(), &config).unwrap();
//! let rubric = dir.path().join("visit.toml");
//! std::fs::write(&rubric, r#"
//! format = 1
//! id = "visit"
//! version = "1"
//! title = { fi = "Käynti", en = "Visit" }
//! channel = "visit"
//! pass_threshold = 1
//! [[section]]
//! id = "s"
//! title = { fi = "Tervehdys", en = "Greeting" }
//! [[criterion]]
//! id = "s.greet"
//! section = "s"
//! text = { fi = "Tervehdittiinkö?", en = "Greeted?" }
//! "#).unwrap();
//! let writer = Writer {
//!     workspace,
//!     actor: "aino".into(),
//!     now: "2026-05-14T14:40:00Z".parse().unwrap(),
//!     signer: None,
//! };
//! let request = encounter::Log {
//!     id: "V-1".into(),
//!     rubric: rubric.display().to_string(),
//!     time: "2026-05-14T17:40+03:00".into(),
//!     location: "kamppi".into(),
//!     agent: "myyja-3".into(),
//!     auditor: None,
//!     channel: None,
//!     case: None,
//!     profile: Vec::new(),
//!     scenario: None,
//! };
//! let logged = encounter::log(&writer, &request).unwrap();
//! assert_eq!(logged.seq, 2); // the rubric's registration, then the encounter
//! ```

pub mod calibrate;
pub mod chain;
pub mod check;
pub mod config;
pub mod draft;
pub mod embedded;
pub mod encounter;
mod error;
pub mod evidence;
pub mod facts;
pub mod followups;
pub mod import;
pub mod local_time;
pub mod names;
pub mod parallel;
pub mod replay;
pub mod report;
pub mod rubrics;
pub mod sample;
pub mod score;
pub mod scores;
pub mod table;
pub mod tune;
pub mod verify;

pub use error::{Context, Error, Kind, Place, Problem, Result};

/// What an operation that appends to the ledger needs: where, who, when,
/// and the key that signs.
pub struct Writer {
    /// The workspace.
    pub workspace: tarkka_ledger::Workspace,
    /// Who is recording.
    pub actor: String,
    /// Now, as the caller's clock says.
    pub now: jiff::Timestamp,
    /// The actor's signing key, if they have one.
    pub signer: Option<tarkka_ledger::Signer>,
}

/// Progress of long work, for a caller that shows it. Every method may be
/// called from any thread.
pub trait Progress: Sync {
    /// The work is `total` units (bytes or items) long.
    fn start(&self, total: u64) {
        let _ = total;
    }
    /// `done` more units are done.
    fn advance(&self, done: u64) {
        let _ = done;
    }
    /// The work is over.
    fn finish(&self) {}
}

/// Shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

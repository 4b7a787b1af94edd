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
//! let config = config::Config { format: config::CONFIG_FORMAT, name: None, lang: None, time_zone: None, disputes: None, store: None };
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
//! let writer = Writer::new(workspace, "aino".into(), "2026-05-14T14:40:00Z".parse().unwrap(), None);
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
//!     new_name: false,
//! };
//! let logged = encounter::log(&writer, &request).unwrap();
//! assert_eq!(logged.seq, 2); // the rubric's registration, then the encounter
//! ```

pub mod assign;
pub mod calibrate;
pub mod chain;
pub mod check;
pub mod checkpoint;
pub mod config;
pub mod copy;
pub mod dispute;
pub mod draft;
pub mod embedded;
pub mod encounter;
mod error;
pub mod evidence;
pub mod export;
pub mod facts;
pub mod followups;
pub mod import;
pub mod labelled;
pub mod local_time;
pub mod names;
pub mod parallel;
pub mod plan;
pub mod proof;
pub mod replay;
pub mod report;
mod rescore;
pub mod rubrics;
pub mod sample;
pub mod sample_size;
pub mod score;
pub mod scores;
pub mod table;
pub mod tune;
pub mod verify;
pub mod witness;
pub mod workflow;

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
    /// Told the entry that registered the actor's key in this workspace,
    /// when an append had to (see [`Writer::append_with`]).
    pub on_key_registered: Option<Box<dyn Fn(u64) + Send + Sync>>,
}

impl Writer {
    /// A writer that says nothing when it registers a key.
    pub fn new(
        workspace: tarkka_ledger::Workspace,
        actor: String,
        now: jiff::Timestamp,
        signer: Option<tarkka_ledger::Signer>,
    ) -> Writer {
        Writer { workspace, actor, now, signer, on_key_registered: None }
    }

    /// Appends what `build` makes under the ledger lock, signed with the
    /// actor's key. A key the workspace does not trust yet (made in another
    /// workspace) is registered in the same append, before the entries,
    /// and only when there is something to append: a dry run, a validation
    /// error or an empty batch writes nothing. `build` is given the
    /// sequence number its first entry will get (after the key's, if one
    /// goes first). Returns the entries of `build`, not the key's.
    pub fn append_with<E>(
        &self,
        build: impl FnOnce(
            u64,
            &tarkka_ledger::postgres::Held<'_>,
        ) -> std::result::Result<Vec<tarkka_ledger::NewEntry>, E>,
    ) -> std::result::Result<Vec<tarkka_ledger::Appended>, E>
    where
        E: From<tarkka_ledger::LedgerError> + From<Error>,
    {
        let mut written = None;
        let mut with_key = false;
        let appended = tarkka_ledger::LedgerStore::append_with(
            &self.workspace.ledger(),
            |head, locked| {
                // The key's entry, if one is needed, goes first: `build` is
                // told the sequence number its own first entry will get,
                // so that entries may name each other. Whether one is
                // needed is decided once, under the lock; a refusal of the
                // key waits until there is something to sign.
                let decision = self
                    .signer
                    .as_ref()
                    .map(|signer| verify::key_needed(&self.workspace, &self.actor, signer, locked));
                let needs_key = matches!(decision, Some(Ok(true)));
                let first = head.seq + 1 + u64::from(needs_key);
                let mut entries = build(first, locked)?;
                for entry in &entries {
                    if let Some((field, code)) = facts::control_character(&entry.payload) {
                        let kind = entry.kind.name();
                        return Err(Error::text(tarkka_i18n::msg!(
                            "record-control-character",
                            kind = kind,
                            field = field,
                            code = code
                        ))
                        .into());
                    }
                }
                if let (Some(signer), Some(decision)) = (&self.signer, decision)
                    && !entries.is_empty()
                    && decision?
                {
                    let key = verify::key_added(
                        &self.workspace,
                        &self.actor,
                        signer,
                        self.now,
                        &mut written,
                    )?;
                    entries.insert(0, key);
                    with_key = true;
                }
                Ok(entries)
            },
            self.signer.as_ref(),
        );
        match appended {
            Ok(mut appended) => {
                if with_key {
                    let key = appended.remove(0);
                    if let Some(tell) = &self.on_key_registered {
                        tell(key.seq);
                    }
                }
                Ok(appended)
            }
            Err(error) => {
                if let Some(public) = written {
                    let _ = std::fs::remove_file(public);
                }
                Err(error)
            }
        }
    }
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

//! The audit trail: an append-only, hash-chained ledger of every recorded
//! fact, and a content-addressed store of every piece of evidence.
//!
//! Every fact tarkka records — a rubric registered, an encounter logged,
//! evidence attached, a scoresheet recorded or amended — is one line of
//! `ledger.jsonl`: a JSON object carrying its sequence number, the hash of
//! the entry before it and its own SHA-256 (see [`entry`] for the exact
//! encoding). Evidence files are hashed as they are copied into
//! `evidence/sha256/`, under their digest. [`verify`] re-reads everything and
//! names exactly what no longer holds: an edited, deleted, moved or inserted
//! entry, a missing or altered recording (and the scores relying on it), a
//! file nobody recorded, a scoresheet whose required evidence never came.
//!
//! Appends are locked, written in one `write` and synced before they are
//! acknowledged; a crash leaves at most an incomplete tail, which is
//! reported with its exact recovery, never silently dropped or kept.
//!
//! This crate is the storage layer: it does file IO on the paths it is
//! given, but never reads the environment or the clock (times are passed
//! in), and it knows nothing of rubrics or scoring beyond what its checks
//! need.
//!
//! ```
//! use tarkka_ledger::{NewEntry, Workspace, payload::KeyAdded, verify};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let workspace = Workspace::create(dir.path()).unwrap();
//! let time = "2026-05-14T14:40:00Z".parse().unwrap();
//! let signer = tarkka_ledger::Signer::from_secret([1; 32]);
//! let entry = NewEntry::new(time, "aino", &KeyAdded { actor: "aino".into(), key: signer.public_hex() });
//! let appended = workspace.ledger().append(&[entry], Some(&signer)).unwrap();
//! assert_eq!(appended[0].seq, 1);
//!
//! let mut options = verify::Options::default();
//! options.trusted_keys.entry("aino".into()).or_default().insert(signer.public_hex());
//! let report = verify::verify(&workspace, &options, &verify::NoProgress).unwrap();
//! assert!(report.is_clean());
//! assert_eq!(report.head, appended[0].hash);
//! ```

pub mod bag;
mod bulk;
mod digest;
pub mod entry;
mod environment;
mod error;
mod ledger;
pub mod merkle;
pub mod note;
pub mod payload;
mod pg_url;
pub mod postgres;
pub mod proof;
pub mod s3;
mod scan;
mod sign;
pub mod state;
pub mod storage;
mod store;
pub mod verify;
mod workspace;

pub use digest::{Digest, STREAM_BUFFER, hash_reader};
pub use entry::{EntryRef, Kind, LEDGER_FORMAT, NewEntry, Payload, format_time};
pub use error::LedgerError;
pub use ledger::{Appended, Head, Ledger, Locked, Repaired};
pub use postgres::{Home, PgLedger};
pub use sign::{Signature, Signer, is_public_key, signature_is_valid};
pub use state::{EncounterState, LedgerState, Recorded, Replayed, replay_with};
pub use storage::{BlobStore, FileBlobs, LedgerStore, Lines, Place, Put};
pub use store::{Stored, store_location};
pub use workspace::{Blobs, CONFIG_FILE, Unreadable, Workspace};

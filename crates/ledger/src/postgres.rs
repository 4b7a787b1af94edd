//! A ledger in PostgreSQL: one row per entry, each holding the entry's
//! exact line, so that every hash, the chain, the Merkle root, signatures,
//! checkpoints and proofs are those of the file format byte for byte.
//!
//! ```sql
//! CREATE TABLE tarkka_ledger (
//!     seq      bigint PRIMARY KEY CHECK (seq > 0),
//!     kind     text NOT NULL,   -- a hint for quick searches, never trusted
//!     line     bytea NOT NULL,  -- stored uncompressed (STORAGE EXTERNAL)
//!     recorded timestamptz NOT NULL DEFAULT now()
//! );
//! ```
//!
//! `line` is all that is read back as the ledger; `kind` (indexed) only
//! answers "has this ledger ever …" without a scan, and an edited `kind`
//! changes no verdict. Lines are stored uncompressed: every replay reads
//! them all, and decompressing them cost the server more than the bytes.
//!
//! A trigger refuses `UPDATE`, `DELETE` and `TRUNCATE` on the table, and
//! docs/team.md gives auditors a role that may only `SELECT` and `INSERT`.
//!
//! - Reads ([`Lines::scan`]) run in a `REPEATABLE READ READ ONLY`
//!   transaction: one snapshot, never half of a concurrent append. The rows
//!   come through `COPY … TO STDOUT (FORMAT binary)` in `seq` order and are
//!   handed to the same block scanner the file uses, as lines. A read
//!   through a machine's cache is one statement (its own snapshot) and one
//!   round trip.
//! - Appends take `pg_advisory_xact_lock` in a `READ COMMITTED`
//!   transaction — the lock writers on every machine contend for — and read
//!   the head in the same message, let the caller look at the ledger
//!   through the same transaction, and insert the batch and commit with
//!   `synchronous_commit = on`, a small batch as `INSERT … VALUES …; COMMIT`
//!   in one message, a big one with `COPY … FROM STDIN` first: an entry is
//!   acknowledged only once the server has it durably. The primary key on
//!   `seq` makes a writer that bypassed the lock fail, never fork the
//!   chain. A batch is one transaction, so a crash leaves all of it or
//!   none: there is no torn tail to repair.
//!
//! Connections are libpq's: a `postgres://` URL without a password, with
//! `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGPASSFILE`
//! (else `~/.pgpass`), `PGSSLMODE`, `PGSSLROOTCERT`, `PGAPPNAME` and
//! `PGCONNECT_TIMEOUT` filling in what the URL leaves out.

use postgres::{Client, GenericClient, IsolationLevel};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::entry::{self, Batch, NewEntry, content_hash, parse_line};
use crate::error::{LedgerError, text};
use crate::ledger::{Appended, Head, check_format};
use crate::pg_url::{Tls, describe};
use crate::sign::Signer;
use crate::storage::{LedgerStore, Lines, Place};
use crate::{Digest, Ledger};
use tarkka_i18n::{Message, msg};

/// The table the entries live in.
pub const TABLE: &str = "tarkka_ledger";

/// The advisory lock every appender takes (`tarkka` in ASCII).
const APPEND_LOCK: i64 = 0x7461_726b_6b61;

/// The statements that make a database a tarkka ledger. Idempotent, so a
/// second `create` on an empty ledger is harmless.
const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS tarkka_ledger (
    seq      bigint PRIMARY KEY CHECK (seq > 0),
    kind     text NOT NULL,
    line     bytea NOT NULL,
    recorded timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tarkka_ledger ALTER COLUMN line SET STORAGE EXTERNAL;
CREATE INDEX IF NOT EXISTS tarkka_ledger_kind ON tarkka_ledger (kind);
COMMENT ON TABLE tarkka_ledger IS
    'The tarkka ledger: one row per entry, its exact JSON line. Append-only: never update or delete.';
CREATE OR REPLACE FUNCTION tarkka_ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the tarkka ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS tarkka_ledger_append_only ON tarkka_ledger;
CREATE TRIGGER tarkka_ledger_append_only BEFORE UPDATE OR DELETE ON tarkka_ledger
    FOR EACH ROW EXECUTE FUNCTION tarkka_ledger_refuse();
DROP TRIGGER IF EXISTS tarkka_ledger_no_truncate ON tarkka_ledger;
CREATE TRIGGER tarkka_ledger_no_truncate BEFORE TRUNCATE ON tarkka_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION tarkka_ledger_refuse();
"#;

/// A ledger in a PostgreSQL database. Clones share one connection, made
/// when first needed.
#[derive(Clone)]
pub struct PgLedger {
    shared: Arc<Shared>,
    /// Where this machine keeps the lines it has read, when reads may use
    /// them (see [`PgLedger::cached_in`]).
    cache: Option<PathBuf>,
}

struct Shared {
    /// What messages call the ledger: the URL as configured (never with a
    /// password) and the table.
    name: PathBuf,
    config: postgres::Config,
    tls: Tls,
    client: Mutex<Option<Client>>,
}

impl std::fmt::Debug for PgLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PgLedger").field(&self.shared.name).finish()
    }
}

impl PgLedger {
    /// The ledger at a `postgres://` URL, which must not carry a password.
    /// Nothing is connected yet; the environment fills in what the URL
    /// leaves out, as libpq's does.
    pub fn open(url: &str) -> Result<PgLedger, LedgerError> {
        let connect = crate::pg_url::parse(url, &crate::pg_url::Environment::from_process())
            .map_err(|detail| LedgerError::Store {
                name: PathBuf::from(crate::pg_url::masked(url)),
                detail,
            })?;
        let name = PathBuf::from(format!("{} ({TABLE})", connect.shown));
        Ok(PgLedger {
            shared: Arc::new(Shared {
                name,
                config: connect.config,
                tls: connect.tls,
                client: Mutex::new(None),
            }),
            cache: None,
        })
    }

    /// The same ledger, its scans reading the lines this machine read
    /// before from `dir` and only the rows after them from the server.
    ///
    /// The cache holds the lines up to some entry; it is used only when
    /// the server's row of that number, read in the scan's own snapshot, is
    /// the cache's last line byte for byte. The lines before it are this machine's copy of what the server sent,
    /// trusted as a file-store ledger on the machine is: a server ledger
    /// rewritten before that row changes the row's hash (the chain), but a
    /// cached line edited in the middle is not noticed here. Another
    /// database, a ledger cut back or rewritten, a cache another process is
    /// using: a full read, as without a cache. A cached line the scan
    /// cannot read fails that one command and drops the cache. Only
    /// everyday commands read through it: verification, proofs,
    /// checkpoints, exports and copies always read the server.
    pub fn cached_in(&self, dir: &Path) -> PgLedger {
        PgLedger { shared: Arc::clone(&self.shared), cache: Some(dir.to_path_buf()) }
    }

    /// What messages call it.
    pub fn name(&self) -> &Path {
        &self.shared.name
    }

    fn fail(&self, detail: Message) -> LedgerError {
        LedgerError::Store { name: self.shared.name.clone(), detail }
    }

    /// The connection, made on first use; a broken one is made again.
    fn client(&self) -> Result<MutexGuard<'_, Option<Client>>, LedgerError> {
        let mut guard = self.shared.client.lock().unwrap_or_else(|poison| poison.into_inner());
        if guard.as_ref().is_none_or(Client::is_closed) {
            let client = self.shared.tls.connect(&self.shared.config).map_err(|error| {
                let mut detail = crate::pg_url::describe_plain(&error);
                if self.shared.config.get_password().is_none()
                    && detail.to_string().contains("password missing")
                {
                    let env = crate::pg_url::Environment::from_process();
                    detail = crate::pg_url::password_hint(&env);
                }
                self.fail(msg!("pg-cannot-connect", error = detail))
            })?;
            *guard = Some(client);
        }
        Ok(guard)
    }

    /// Makes the database a tarkka ledger: the table and its append-only
    /// triggers. An error if the table holds entries already.
    pub fn create(&self) -> Result<(), LedgerError> {
        let mut guard = self.client()?;
        let client = guard.as_mut().expect("connected");
        let mut tx = client.transaction().map_err(|e| self.fail(describe(&e)))?;
        tx.batch_execute("SET LOCAL client_min_messages = warning")
            .map_err(|e| self.fail(describe(&e)))?;
        tx.batch_execute(SCHEMA).map_err(|e| self.fail(describe(&e)))?;
        let rows: i64 = tx
            .query_one("SELECT count(*) FROM (SELECT 1 FROM tarkka_ledger LIMIT 1) AS any_row", &[])
            .map_err(|e| self.fail(describe(&e)))?
            .get(0);
        if rows > 0 {
            return Err(self.fail(msg!("pg-ledger-exists")));
        }
        tx.commit().map_err(|e| self.fail(describe(&e)))
    }

    /// Whether the database has the ledger's table. The everyday queries
    /// are typed (`query_typed`): one round trip each, no statement
    /// prepared and closed.
    pub fn exists(&self) -> Result<bool, LedgerError> {
        let mut guard = self.client()?;
        let client = guard.as_mut().expect("connected");
        let row = client
            .query_typed_one("SELECT to_regclass('tarkka_ledger') IS NOT NULL", &[])
            .map_err(|e| self.fail(describe(&e)))?;
        Ok(row.get(0))
    }

    /// Whether any entry is of this kind, by the indexed `kind` column (a
    /// hint: the entries themselves are what a replay reads).
    pub fn has_kind(&self, kind: &str) -> Result<bool, LedgerError> {
        let mut guard = self.client()?;
        let client = guard.as_mut().expect("connected");
        let row = client
            .query_typed_one(
                "SELECT EXISTS (SELECT 1 FROM tarkka_ledger WHERE kind = $1)",
                &[(&kind, postgres::types::Type::TEXT)],
            )
            .map_err(|e| self.fail(describe(&e)))?;
        Ok(row.get(0))
    }

    /// The head, read in its own snapshot.
    pub fn head(&self) -> Result<Head, LedgerError> {
        let mut guard = self.client()?;
        let client = guard.as_mut().expect("connected");
        let mut tx = client.transaction().map_err(|e| self.fail(describe(&e)))?;
        let head = read_head(&mut tx, &self.shared.name);
        let _ = tx.rollback();
        head
    }

    /// Copies every line of `source` exactly as it is into this empty
    /// ledger, and lets `check` look at the copy through the same
    /// transaction before it commits: all or nothing. Returns the number of
    /// entries copied.
    pub fn copy_from<E: From<LedgerError>>(
        &self,
        source: &impl Lines,
        check: impl FnOnce(&PgHeld<'_>) -> Result<(), E>,
    ) -> Result<u64, E> {
        let name = self.shared.name.as_path();
        self.appending(|client, head| {
            if head.seq != 0 {
                return Err(self.fail(msg!("pg-copy-not-empty", count = head.seq)).into());
            }
            let mut count = 0;
            {
                let mut connection = client.lock().unwrap_or_else(|poison| poison.into_inner());
                let mut rows = Rows::start(&mut *connection, 1).map_err(|e| self.fail(e))?;
                source.scan(
                    1,
                    &|place, line: &[u8], complete| (place.number, line.to_vec(), complete),
                    |(number, line, complete)| {
                        if !complete {
                            return Err(LedgerError::Unreadable {
                                path: source.name().to_path_buf(),
                                line: number,
                                detail: msg!("pg-copy-torn-source"),
                            });
                        }
                        count += 1;
                        rows.push(&line).map_err(|e| self.fail(e))
                    },
                )?;
                rows.finish().map_err(|e| self.fail(e))?;
            }
            check(&PgHeld { name, client })?;
            Ok((count, Pending::default()))
        })
    }

    /// Runs `work` in an append transaction holding the append lock, with
    /// the head it found: committed durably when `work` succeeds, with the
    /// rows it leaves to insert at the commit, rolled back when it fails.
    fn appending<R, E: From<LedgerError>>(
        &self,
        work: impl FnOnce(&Mutex<Client>, Head) -> Result<(R, Pending), E>,
    ) -> Result<R, E> {
        let mut guard = self.client()?;
        let mut client = guard.take().expect("connected");
        let head = begin_append(&mut client, &self.shared.name);
        let shared = Mutex::new(client);
        let result = match head {
            Ok(head) => work(&shared, head),
            Err(error) => Err(error.into()),
        };
        let mut client = shared.into_inner().unwrap_or_else(|poison| poison.into_inner());
        let result = match result {
            Ok((value, pending)) => match client.batch_execute(&pending.and_commit()) {
                Ok(()) => Ok(value),
                // Lost while committing: only the server knows whether it
                // did. Say so, rather than "nothing was recorded".
                Err(error) if crate::pg_url::connection_lost(&error) => {
                    let said = error
                        .as_db_error()
                        .map_or(error.to_string(), |db| db.message().to_string());
                    Err(self.fail(msg!("pg-commit-lost", error = said)).into())
                }
                Err(error) => {
                    let _ = client.batch_execute("ROLLBACK");
                    Err(self.fail(describe(&error)).into())
                }
            },
            Err(error) => {
                // A failed rollback leaves the connection broken; the next
                // use makes a new one.
                let _ = client.batch_execute("ROLLBACK");
                Err(error)
            }
        };
        *guard = Some(client);
        result
    }
}

impl std::fmt::Display for PgLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.shared.name.display())
    }
}

/// Begins a `READ COMMITTED` transaction on `client` holding the append
/// lock, with durable commits whatever the server's default, and reads the
/// head as the transaction sees it. Begun by hand, so that the appender's
/// view of it can be shared as `&Mutex<Client>`.
///
/// One message, one round trip: a field auditor's command crosses the
/// internet for each, and with eight auditors' commands on two cores every
/// message to the server and back waits its turn for a core.
fn begin_append(client: &mut Client, name: &Path) -> Result<Head, LedgerError> {
    let fail = |detail: Message| LedgerError::Store { name: name.to_path_buf(), detail };
    let messages = client
        .simple_query(&format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = on; \
             SET LOCAL bytea_output = hex; SELECT pg_advisory_xact_lock({APPEND_LOCK}); \
             SELECT seq, line FROM tarkka_ledger ORDER BY seq DESC LIMIT 1"
        ))
        .map_err(|e| fail(describe(&e)))?;
    let row = messages.iter().find_map(|message| match message {
        postgres::SimpleQueryMessage::Row(row) if row.len() == 2 => Some(row),
        _ => None,
    });
    let Some(row) = row else {
        return Ok(Head { seq: 0, hash: Digest::ZERO });
    };
    let seq = row.get(0).and_then(|text| text.parse::<i64>().ok());
    let line = row
        .get(1)
        .and_then(|text| text.strip_prefix("\\x"))
        .and_then(|digits| hex::decode(digits).ok());
    match (seq, line) {
        (Some(seq), Some(line)) => head_of(name, seq, &line),
        _ => Err(fail(msg!("pg-row-form"))),
    }
}

/// The head as the transaction sees it: the last row, which must be a
/// whole entry matching its hash.
fn read_head(tx: &mut impl GenericClient, name: &Path) -> Result<Head, LedgerError> {
    let row = tx
        .query_typed_opt("SELECT seq, line FROM tarkka_ledger ORDER BY seq DESC LIMIT 1", &[])
        .map_err(|e| LedgerError::Store { name: name.to_path_buf(), detail: describe(&e) })?;
    match row {
        Some(row) => head_of(name, row.get(0), row.get(1)),
        None => Ok(Head { seq: 0, hash: Digest::ZERO }),
    }
}

/// The head that row `seq`, holding `line`, is: a whole entry of that
/// number matching its hash.
fn head_of(name: &Path, seq: i64, line: &[u8]) -> Result<Head, LedgerError> {
    let bad = |detail: Message| LedgerError::BadTail { path: name.to_path_buf(), detail };
    let entry = parse_line(line).map_err(|detail| bad(text(detail)))?;
    if content_hash(line) != Some(entry.hash) {
        return Err(bad(msg!("pg-row-hash", seq = entry.seq)));
    }
    if entry.seq != seq as u64 {
        return Err(bad(msg!("pg-row-holds", row = seq, seq = entry.seq)));
    }
    check_format(name, &entry)?;
    Ok(Head { seq: entry.seq, hash: entry.hash })
}

/// Rows an appender leaves to be inserted with the commit.
#[derive(Default)]
struct Pending {
    first: u64,
    lines: Vec<String>,
}

/// At most this many rows, of at most this many bytes in all, go in with
/// the commit, as literals in one message; a bigger batch (an import) goes
/// in by binary `COPY` first.
const PENDING_ROWS: usize = 256;
const PENDING_BYTES: usize = 1 << 20;

impl Pending {
    /// The statements that insert the rows and commit: `INSERT … VALUES
    /// (…), …; COMMIT`, sent as one message, so that a scoresheet costs one
    /// round trip between its head and its commit. Each line is written as
    /// hexadecimal digits and its kind is lowercase letters and hyphens
    /// ([`kind_of`]): nothing in them can end a literal. A failing insert
    /// skips the commit, and the transaction is rolled back.
    fn and_commit(&self) -> String {
        use std::fmt::Write as _;
        if self.lines.is_empty() {
            return "COMMIT".into();
        }
        let digits: usize = self.lines.iter().map(|line| 2 * line.len() + 48).sum();
        let mut sql = String::with_capacity(digits + 64);
        sql.push_str("INSERT INTO tarkka_ledger (seq, kind, line) VALUES ");
        for (index, line) in self.lines.iter().enumerate() {
            let separator = if index == 0 { "" } else { ", " };
            let seq = self.first + index as u64;
            let kind = kind_of(line.as_bytes());
            let _ = write!(sql, "{separator}({seq}, '{kind}', decode('");
            sql.push_str(&hex::encode(line));
            sql.push_str("', 'hex'))");
        }
        sql.push_str("; COMMIT");
        sql
    }
}

/// Inserts lines as rows `first`, `first + 1`, … with binary `COPY`.
fn copy_in<'l>(
    tx: &mut impl GenericClient,
    first: u64,
    lines: impl Iterator<Item = &'l [u8]>,
) -> Result<(), Message> {
    let mut rows = Rows::start(tx, first)?;
    for line in lines {
        rows.push(line)?;
    }
    rows.finish()
}

/// Rows going in through binary `COPY … FROM STDIN`, a megabyte at a time.
struct Rows<'c> {
    writer: postgres::CopyInWriter<'c>,
    buffer: Vec<u8>,
    next: u64,
}

impl<'c> Rows<'c> {
    fn start(tx: &'c mut impl GenericClient, first: u64) -> Result<Rows<'c>, Message> {
        let writer = tx
            .copy_in("COPY tarkka_ledger (seq, kind, line) FROM STDIN (FORMAT binary)")
            .map_err(|e| describe(&e))?;
        let mut buffer = Vec::with_capacity(1 << 20);
        buffer.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
        buffer.extend_from_slice(&0u32.to_be_bytes());
        buffer.extend_from_slice(&0u32.to_be_bytes());
        Ok(Rows { writer, buffer, next: first })
    }

    /// One row: the line and its kind (read from it; empty when the line
    /// is not an entry, as a copied ledger's edited line may not be).
    fn push(&mut self, line: &[u8]) -> Result<(), Message> {
        let length = i32::try_from(line.len()).map_err(|_| msg!("pg-line-too-long"))?;
        let kind = kind_of(line);
        self.buffer.extend_from_slice(&3i16.to_be_bytes());
        self.buffer.extend_from_slice(&8i32.to_be_bytes());
        self.buffer.extend_from_slice(&(self.next as i64).to_be_bytes());
        self.buffer.extend_from_slice(&(kind.len() as i32).to_be_bytes());
        self.buffer.extend_from_slice(kind.as_bytes());
        self.buffer.extend_from_slice(&length.to_be_bytes());
        self.buffer.extend_from_slice(line);
        self.next += 1;
        if self.buffer.len() >= 1 << 20 {
            self.writer.write_all(&self.buffer).map_err(|e| text(e.to_string()))?;
            self.buffer.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), Message> {
        self.buffer.extend_from_slice(&(-1i16).to_be_bytes());
        self.writer.write_all(&self.buffer).map_err(|e| text(e.to_string()))?;
        self.writer.finish().map_err(|e| describe(&e))?;
        Ok(())
    }
}

/// The `"kind"` an entry's line names, found without parsing the line
/// (the encoder writes it before the payload); empty when there is none.
fn kind_of(line: &[u8]) -> &str {
    const FIELD: &[u8] = br#","kind":""#;
    memchr::memmem::find(line, FIELD)
        .map(|at| &line[at + FIELD.len()..])
        .and_then(|rest| memchr::memchr(b'"', rest).map(|end| &rest[..end]))
        .and_then(|kind| std::str::from_utf8(kind).ok())
        .filter(|kind| kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .unwrap_or("")
}

/// A `REPEATABLE READ READ ONLY` transaction: one snapshot for a scan.
fn read_only(client: &mut Client) -> Result<postgres::Transaction<'_>, postgres::Error> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
}

/// Scans the rows through `COPY … TO STDOUT` in the transaction, as lines.
fn scan_in<T: Send>(
    tx: &mut impl GenericClient,
    name: &Path,
    threads: usize,
    examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
    absorb: impl FnMut(T) -> Result<(), LedgerError>,
) -> Result<(), LedgerError> {
    let rows = all_rows(tx, name)?;
    crate::scan::scan_reader(rows, name, threads, examine, absorb)
}

/// Every row, in order, through `COPY … TO STDOUT`, as lines (the rows
/// after a machine's cache come through one query instead: see
/// [`Cache::scan`]).
fn all_rows<'t>(
    tx: &'t mut impl GenericClient,
    name: &Path,
) -> Result<CopyLines<postgres::CopyOutReader<'t>>, LedgerError> {
    tx.copy_out("COPY (SELECT line FROM tarkka_ledger ORDER BY seq) TO STDOUT (FORMAT binary)")
        .map(CopyLines::new)
        .map_err(|e| LedgerError::Store { name: name.to_path_buf(), detail: describe(&e) })
}

fn lines_in(
    tx: &mut impl GenericClient,
    name: &Path,
    places: &[Place],
) -> Result<Vec<Vec<u8>>, LedgerError> {
    let numbers: Vec<i64> = places.iter().map(|place| place.number as i64).collect();
    let rows = tx
        .query("SELECT seq, line FROM tarkka_ledger WHERE seq = ANY($1)", &[&numbers])
        .map_err(|e| LedgerError::Store { name: name.to_path_buf(), detail: describe(&e) })?;
    let mut found: std::collections::HashMap<i64, Vec<u8>> =
        rows.iter().map(|row| (row.get::<_, i64>(0), row.get::<_, Vec<u8>>(1))).collect();
    Ok(numbers.iter().map(|n| found.remove(n).unwrap_or_default()).collect())
}

impl Lines for PgLedger {
    fn name(&self) -> &Path {
        &self.shared.name
    }

    /// Read in one snapshot: a `REPEATABLE READ READ ONLY` transaction, or
    /// through a machine's cache one statement (see [`Cache::scan`]).
    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        let mut guard = self.client()?;
        let client = guard.as_mut().expect("connected");
        let name = &self.shared.name;
        if let Some(cache) = self.cache.as_deref().and_then(|dir| Cache::open(dir, &self.shared)) {
            return cache.scan(client, name, threads, examine, absorb);
        }
        let mut tx = read_only(client).map_err(|e| self.fail(describe(&e)))?;
        let scanned = scan_in(&mut tx, name, threads, examine, absorb);
        let _ = tx.rollback();
        scanned
    }

    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError> {
        let mut guard = self.client()?;
        let client = guard.as_mut().expect("connected");
        let mut tx = client.transaction().map_err(|e| self.fail(describe(&e)))?;
        let lines = lines_in(&mut tx, &self.shared.name, places);
        let _ = tx.rollback();
        lines
    }
}

/// The ledger as an appender sees it: through its own transaction, which
/// holds the append lock.
pub struct PgHeld<'a> {
    name: &'a Path,
    client: &'a Mutex<Client>,
}

impl Lines for PgHeld<'_> {
    fn name(&self) -> &Path {
        self.name
    }

    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        let mut client = self.client.lock().unwrap_or_else(|poison| poison.into_inner());
        scan_in(&mut *client, self.name, threads, examine, absorb)
    }

    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError> {
        let mut client = self.client.lock().unwrap_or_else(|poison| poison.into_inner());
        lines_in(&mut *client, self.name, places)
    }
}

impl LedgerStore for PgLedger {
    type Held<'a> = PgHeld<'a>;

    fn head(&self) -> Result<Head, LedgerError> {
        PgLedger::head(self)
    }

    fn append_with<E: From<LedgerError>>(
        &self,
        build: impl FnOnce(Head, &PgHeld<'_>) -> Result<Vec<NewEntry>, E>,
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, E> {
        let name = self.shared.name.as_path();
        self.appending(|client, head| {
            let entries = build(head, &PgHeld { name, client })?;
            if entries.is_empty() {
                return Ok((Vec::new(), Pending::default()));
            }
            let batch = (entries.len() > 1)
                .then_some(Batch { first: head.seq + 1, count: entries.len() as u64 });
            let salts = entry::Salts::random().map_err(|e| self.fail(text(e.to_string())))?;
            let mut appended = Vec::with_capacity(entries.len());
            let mut lines = Vec::with_capacity(entries.len());
            let mut prev = head.hash;
            for (index, entry) in entries.iter().enumerate() {
                let seq = head.seq + 1 + index as u64;
                let (mut line, hash) = entry::encode(seq, entry, batch, prev, &salts, signer);
                line.pop();
                lines.push(line);
                appended.push(Appended { seq, hash });
                prev = hash;
            }
            if lines.len() <= PENDING_ROWS
                && lines.iter().map(String::len).sum::<usize>() <= PENDING_BYTES
            {
                return Ok((appended, Pending { first: head.seq + 1, lines }));
            }
            let mut client = client.lock().unwrap_or_else(|poison| poison.into_inner());
            copy_in(&mut *client, head.seq + 1, lines.iter().map(String::as_bytes))
                .map_err(|e| self.fail(e))?;
            Ok((appended, Pending::default()))
        })
    }
}

/// A machine's copy of the lines it has read (see [`PgLedger::cached_in`]):
/// `ledger.jsonl` and `ledger.head`, which says which database and how many
/// entries and bytes of the file are cached. Held under an exclusive lock
/// while it is read and extended; a process that finds it taken reads the
/// server instead.
struct Cache {
    lines: std::fs::File,
    head_path: PathBuf,
    head: CacheHead,
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct CacheHead {
    database: String,
    entries: u64,
    bytes: u64,
}

impl Cache {
    fn open(dir: &Path, shared: &Shared) -> Option<Cache> {
        std::fs::create_dir_all(dir).ok()?;
        let lines = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join("ledger.jsonl"))
            .ok()?;
        lines.try_lock().ok()?;
        let head_path = dir.join("ledger.head");
        let database = shared.name.display().to_string();
        let head = std::fs::read(&head_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheHead>(&bytes).ok())
            .filter(|head| head.database == database && head.entries > 0)
            .filter(|head| lines.metadata().is_ok_and(|m| m.len() >= head.bytes))
            .unwrap_or(CacheHead { database, ..CacheHead::default() });
        Some(Cache { lines, head_path, head })
    }

    /// Scans the cached lines, if the server's row of their last number is
    /// their last line, and then the rows after them, which are written
    /// into the cache as they pass (beyond the bytes its head counts, so a
    /// scan that fails leaves the cache as it was).
    ///
    /// With a cache, one statement reads that row and the rows after it:
    /// one snapshot, one round trip (the everyday command's read, often
    /// over the internet). Without one, or when it does not match, the
    /// whole ledger comes through `COPY` in a read-only snapshot.
    fn scan<T: Send>(
        mut self,
        client: &mut Client,
        name: &Path,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        use postgres::fallible_iterator::FallibleIterator;
        let fail = |e: postgres::Error| LedgerError::Store {
            name: name.to_path_buf(),
            detail: describe(&e),
        };
        if self.head.entries > 0 {
            let number = self.head.entries as i64;
            let mut rows = client
                .query_typed_raw(
                    "SELECT line, seq FROM tarkka_ledger WHERE seq >= $1 ORDER BY seq",
                    [(number, postgres::types::Type::INT8)],
                )
                .map_err(fail)?;
            match rows.next().map_err(fail)? {
                Some(row) if row.get::<_, i64>(1) == number && self.ends_with(row.get(0)) => {
                    return self.read(RowLines::new(rows), name, threads, examine, absorb);
                }
                // Read to its end, so the connection is free for the next
                // (an ended stream is not to be asked again).
                Some(_) => while rows.next().map_err(fail)?.is_some() {},
                None => {}
            }
            self.head = CacheHead {
                database: std::mem::take(&mut self.head.database),
                ..CacheHead::default()
            };
        }
        let mut tx = read_only(client).map_err(fail)?;
        let rows = all_rows(&mut tx, name)?;
        let scanned = self.read(rows, name, threads, examine, absorb);
        let _ = tx.rollback();
        scanned
    }

    /// Scans the cached lines, then `rows`, the server's rows after them.
    fn read<T: Send>(
        mut self,
        rows: impl Read + Send,
        name: &Path,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        let start = self.head.bytes;
        let mut reader = ReadBoth {
            cached: (&self.lines).take(start),
            rows,
            file: &self.lines,
            at: start,
            written: true,
            lines: 0,
        };
        let scanned = crate::scan::scan_reader(&mut reader, name, threads, examine, absorb);
        let (end, lines, written) = (reader.at, reader.lines, reader.written);
        match scanned {
            // What came from the server joins the cache.
            Ok(()) if written && lines > 0 => {
                let _ = self.commit(end, lines);
            }
            Ok(()) => {}
            // A cached line the scan could not read: the next scan reads
            // the server whole.
            Err(_) => {
                let _ = std::fs::remove_file(&self.head_path);
            }
        }
        scanned
    }

    /// Whether the cached lines end with `line` (the server's row of their
    /// last number) and its newline.
    fn ends_with(&self, line: &[u8]) -> bool {
        use std::os::unix::fs::FileExt;
        let length = line.len() as u64 + 1;
        let Some(at) = self.head.bytes.checked_sub(length) else { return false };
        let mut tail = vec![0; length as usize];
        self.lines.read_exact_at(&mut tail, at).is_ok()
            && tail[..line.len()] == *line
            && tail[line.len()] == b'\n'
    }

    /// Records `lines` more lines, written up to `end`, as cached: the file
    /// is synced, then the head replaced.
    fn commit(&mut self, end: u64, lines: u64) -> io::Result<()> {
        self.lines.set_len(end)?;
        self.lines.sync_data()?;
        let head = CacheHead {
            database: self.head.database.clone(),
            entries: self.head.entries + lines,
            bytes: end,
        };
        let temporary = self.head_path.with_extension("head.new");
        std::fs::write(&temporary, serde_json::to_vec(&head).map_err(io::Error::other)?)?;
        std::fs::rename(&temporary, &self.head_path)
    }
}

/// The cached lines, then the server's rows after them, each row also
/// written into the cache file at `at` (while that works: the cache is an
/// aid, never a reason to fail) and counted.
struct ReadBoth<'a, C, R> {
    cached: C,
    rows: R,
    file: &'a std::fs::File,
    at: u64,
    written: bool,
    lines: u64,
}

impl<C: Read, R: Read> Read for ReadBoth<'_, C, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let n = self.cached.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        let n = self.rows.read(buf)?;
        if self.written {
            self.written = self.file.write_all_at(&buf[..n], self.at).is_ok();
            self.at += n as u64;
            self.lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
        }
        Ok(n)
    }
}

/// Rows of one `bytea` column from a query, read as the lines they hold,
/// each followed by a newline.
struct RowLines<'a> {
    rows: postgres::RowIter<'a>,
    row: Option<postgres::Row>,
    /// How much of the current row's line (and then its newline) is out.
    at: usize,
    /// Whether the last row has been read (the stream is not to be asked
    /// again: it would say the connection closed).
    done: bool,
}

impl<'a> RowLines<'a> {
    fn new(rows: postgres::RowIter<'a>) -> RowLines<'a> {
        RowLines { rows, row: None, at: 0, done: false }
    }
}

impl Read for RowLines<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut written = 0;
        while written < buf.len() && !self.done {
            let Some(row) = &self.row else {
                match self
                    .rows
                    .next()
                    .map_err(|e| io::Error::other(crate::error::Said(describe(&e))))?
                {
                    Some(row) => {
                        self.row = Some(row);
                        self.at = 0;
                    }
                    None => self.done = true,
                }
                continue;
            };
            let line: &[u8] =
                row.try_get(0).map_err(|e| io::Error::other(crate::error::Said(describe(&e))))?;
            if self.at < line.len() {
                let n = (line.len() - self.at).min(buf.len() - written);
                buf[written..written + n].copy_from_slice(&line[self.at..self.at + n]);
                self.at += n;
                written += n;
            } else {
                buf[written] = b'\n';
                written += 1;
                self.row = None;
            }
        }
        Ok(written)
    }
}

/// The rows of a binary `COPY` of one `bytea` column, read as the lines
/// they hold, each followed by a newline.
struct CopyLines<R> {
    inner: BufReader<R>,
    /// Bytes of the current field still to hand out.
    remaining: usize,
    /// Whether the current field's newline is still to hand out.
    newline: bool,
    started: bool,
    done: bool,
}

impl<R: Read> CopyLines<R> {
    fn new(inner: R) -> CopyLines<R> {
        CopyLines {
            inner: BufReader::with_capacity(1 << 20, inner),
            remaining: 0,
            newline: false,
            started: false,
            done: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        let mut signature = [0u8; 11];
        self.inner.read_exact(&mut signature)?;
        if &signature != b"PGCOPY\n\xff\r\n\0" {
            return Err(io::Error::other(crate::error::Said(tarkka_i18n::msg!(
                "pg-copy-unsigned"
            ))));
        }
        let mut words = [0u8; 8];
        self.inner.read_exact(&mut words)?;
        let extension = u32::from_be_bytes(words[4..].try_into().expect("4 bytes")) as u64;
        io::copy(&mut (&mut self.inner).take(extension), &mut io::sink())?;
        Ok(())
    }

    /// Starts the next row; false at the trailer.
    fn next_row(&mut self) -> io::Result<bool> {
        let mut count = [0u8; 2];
        self.inner.read_exact(&mut count)?;
        match i16::from_be_bytes(count) {
            -1 => Ok(false),
            1 => {
                let mut length = [0u8; 4];
                self.inner.read_exact(&mut length)?;
                let length = i32::from_be_bytes(length);
                if length < 0 {
                    return Err(io::Error::other("a ledger row holds no line (NULL)"));
                }
                self.remaining = length as usize;
                self.newline = true;
                Ok(true)
            }
            n => Err(io::Error::other(format!("a COPY row of {n} fields, not 1"))),
        }
    }
}

impl<R: Read> Read for CopyLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.header()?;
            self.started = true;
        }
        let mut written = 0;
        while written < buf.len() && !self.done {
            if self.remaining > 0 {
                let available = self.inner.fill_buf()?;
                if available.is_empty() {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                let n = available.len().min(self.remaining).min(buf.len() - written);
                buf[written..written + n].copy_from_slice(&available[..n]);
                self.inner.consume(n);
                self.remaining -= n;
                written += n;
            } else if self.newline {
                buf[written] = b'\n';
                written += 1;
                self.newline = false;
            } else if !self.next_row()? {
                self.done = true;
            }
        }
        Ok(written)
    }
}

/// A ledger in either home: the workspace's file or a PostgreSQL database.
#[derive(Clone, Debug)]
pub enum Home {
    /// `ledger.jsonl` in the workspace directory.
    File(Ledger),
    /// A table in a PostgreSQL database.
    Postgres(PgLedger),
}

/// The held view of either home.
pub enum Held<'a> {
    /// The locked file.
    File(&'a crate::Locked<'a>),
    /// The appender's transaction.
    Postgres(&'a PgHeld<'a>),
}

impl Lines for Held<'_> {
    fn name(&self) -> &Path {
        match self {
            Held::File(held) => held.name(),
            Held::Postgres(held) => held.name(),
        }
    }

    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        match self {
            Held::File(held) => held.scan(threads, examine, absorb),
            Held::Postgres(held) => held.scan(threads, examine, absorb),
        }
    }

    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError> {
        match self {
            Held::File(held) => held.lines_at(places),
            Held::Postgres(held) => held.lines_at(places),
        }
    }
}

impl Home {
    /// The file, when the ledger is one.
    pub fn file(&self) -> Option<&Ledger> {
        match self {
            Home::File(ledger) => Some(ledger),
            Home::Postgres(_) => None,
        }
    }

    /// Creates an empty ledger; an error if one is there.
    pub fn create(&self) -> Result<(), LedgerError> {
        match self {
            Home::File(ledger) => ledger.create(),
            Home::Postgres(ledger) => ledger.create(),
        }
    }

    /// Whether the ledger is there to be read.
    pub fn exists(&self) -> Result<bool, LedgerError> {
        match self {
            Home::File(ledger) => Ok(ledger.path().exists()),
            Home::Postgres(ledger) => ledger.exists(),
        }
    }

    /// Whether any entry is of this kind: a quick search, no parsing (a
    /// byte search of the file; the database's indexed `kind` column).
    pub fn has_kind(&self, kind: &str) -> Result<bool, LedgerError> {
        match self {
            Home::File(ledger) => ledger.contains(format!(r#""kind":"{kind}""#).as_bytes()),
            Home::Postgres(ledger) => ledger.has_kind(kind),
        }
    }

    /// Appends entries as one batch (see [`LedgerStore::append_with`]).
    pub fn append(
        &self,
        entries: &[NewEntry],
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, LedgerError> {
        self.append_with(|_, _| Ok::<_, LedgerError>(entries.to_vec()), signer)
    }

    /// Every line in order with its number and whether it ended in a
    /// newline (one thread; memory stays flat).
    pub fn for_each_line(
        &self,
        mut visit: impl FnMut(u64, &[u8], bool),
    ) -> Result<(), LedgerError> {
        match self {
            Home::File(ledger) => ledger.for_each_line(visit),
            Home::Postgres(ledger) => ledger.scan(
                1,
                &|place, line: &[u8], complete| (place.number, line.to_vec(), complete),
                |(number, line, complete)| {
                    visit(number, &line, complete);
                    Ok(())
                },
            ),
        }
    }
}

impl Lines for Home {
    fn name(&self) -> &Path {
        match self {
            Home::File(ledger) => ledger.path(),
            Home::Postgres(ledger) => ledger.name(),
        }
    }

    fn scan<T: Send>(
        &self,
        threads: usize,
        examine: &(dyn Fn(Place, &[u8], bool) -> T + Sync),
        absorb: impl FnMut(T) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        match self {
            Home::File(ledger) => ledger.scan(threads, examine, absorb),
            Home::Postgres(ledger) => ledger.scan(threads, examine, absorb),
        }
    }

    fn lines_at(&self, places: &[Place]) -> Result<Vec<Vec<u8>>, LedgerError> {
        match self {
            Home::File(ledger) => ledger.lines_at(places),
            Home::Postgres(ledger) => ledger.lines_at(places),
        }
    }
}

impl LedgerStore for Home {
    type Held<'a> = Held<'a>;

    fn head(&self) -> Result<Head, LedgerError> {
        match self {
            Home::File(ledger) => ledger.head(),
            Home::Postgres(ledger) => ledger.head(),
        }
    }

    fn append_with<E: From<LedgerError>>(
        &self,
        build: impl FnOnce(Head, &Held<'_>) -> Result<Vec<NewEntry>, E>,
        signer: Option<&Signer>,
    ) -> Result<Vec<Appended>, E> {
        match self {
            Home::File(ledger) => {
                ledger.append_with(|head, held| build(head, &Held::File(held)), signer)
            }
            Home::Postgres(ledger) => LedgerStore::append_with(
                ledger,
                |head, held| build(head, &Held::Postgres(held)),
                signer,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_bytes(rows: &[&[u8]]) -> Vec<u8> {
        let mut bytes = b"PGCOPY\n\xff\r\n\0".to_vec();
        bytes.extend_from_slice(&0u32.to_be_bytes());
        bytes.extend_from_slice(&4u32.to_be_bytes());
        bytes.extend_from_slice(b"xxxx");
        for row in rows {
            bytes.extend_from_slice(&1i16.to_be_bytes());
            bytes.extend_from_slice(&(row.len() as i32).to_be_bytes());
            bytes.extend_from_slice(row);
        }
        bytes.extend_from_slice(&(-1i16).to_be_bytes());
        bytes
    }

    #[test]
    fn binary_copy_rows_read_as_lines() {
        let long = vec![b'a'; 3 << 20];
        let rows: [&[u8]; 4] = [b"{\"seq\":1}", b"", &long, b"last"];
        let mut out = Vec::new();
        CopyLines::new(&copy_bytes(&rows)[..]).read_to_end(&mut out).unwrap();
        let mut expected = Vec::new();
        for row in rows {
            expected.extend_from_slice(row);
            expected.push(b'\n');
        }
        assert_eq!(out, expected);
        // Read a byte at a time, the same.
        let bytes = copy_bytes(&rows[..2]);
        let mut lines = CopyLines::new(&bytes[..]);
        let mut one = [0u8; 1];
        let mut slow = Vec::new();
        while lines.read(&mut one).unwrap() == 1 {
            slow.push(one[0]);
        }
        assert_eq!(slow, b"{\"seq\":1}\n\n");
    }

    #[test]
    fn the_kind_hint_is_read_from_the_line() {
        let line = br#"{"v":2,"seq":3,"time":"t","actor":"a\",\"kind\":\"x","kind":"score-amended","payload":{"kind":"no"}}"#;
        assert_eq!(kind_of(line), "score-amended");
        assert_eq!(kind_of(b"not an entry"), "");
        assert_eq!(kind_of(br#"{"seq":1,"kind":"Evil Kind"}"#), "");
    }

    #[test]
    fn a_truncated_copy_is_an_error() {
        let bytes = copy_bytes(&[b"abcdef"]);
        let mut out = Vec::new();
        assert!(CopyLines::new(&bytes[..bytes.len() - 5]).read_to_end(&mut out).is_err());
        assert!(CopyLines::new(&b"NOTCOPY"[..]).read_to_end(&mut out).is_err());
    }
}

//! Evidence in an S3-compatible object store (AWS S3, MinIO, Garage, Ceph):
//! the [`BlobStore`] of a team workspace.
//!
//! Keys mirror the directory store's layout under the configured prefix,
//! `PREFIX/evidence/sha256/ab/<digest>`, so that the locations the ledger
//! records are the same in either home and a workspace moves between them
//! byte for byte.
//!
//! - Every request body carries its SHA-256 (`x-amz-checksum-sha256`) for
//!   the server to check on receipt.
//! - A file of at most one part (8 MiB) is read and hashed first, then put
//!   under its digest with `If-None-Match: *`: the key never names bytes it
//!   does not hold, and the same content twice is stored once.
//! - A larger file is uploaded in parts to a staging key while it is hashed,
//!   and copied under its digest only once the upload is complete: nothing
//!   is attached before the object is whole. Each part's upload is written
//!   to a journal in `evidence/.incoming/` of the local workspace, so an
//!   interrupted upload of the same file resumes: the parts already sent are
//!   read and hashed again locally, checked against the journal, and not
//!   sent again.
//! - Reads stream; the caller hashes what it reads before trusting it.
//!
//! Credentials come from the usual places and never from `tarkka.toml`:
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, else
//! the profile (`AWS_PROFILE`, default `default`) in the shared credentials
//! file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`); the
//! region from `?region=`, `AWS_REGION`, `AWS_DEFAULT_REGION` or the
//! profile in `~/.aws/config`; the endpoint of a non-AWS server from
//! `?endpoint=` or `AWS_ENDPOINT_URL`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder, Checksum};
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::error::{LedgerError, text};
use crate::storage::{BlobStore, Put};
use crate::{Digest, store_location};
use tarkka_i18n::{Message, msg};

/// The size of an upload's parts (S3 wants at least 5 MiB but the last).
pub const PART: usize = 8 << 20;

/// An evidence store in an S3-compatible bucket. Clones share one client.
#[derive(Clone)]
pub struct S3Blobs {
    shared: Arc<Shared>,
}

struct Shared {
    /// `s3://BUCKET/PREFIX`, for messages.
    name: String,
    /// The key prefix, without a trailing slash (may be empty).
    prefix: String,
    store: AmazonS3,
    runtime: tokio::runtime::Runtime,
    /// Where upload journals are kept (the local workspace's
    /// `evidence/.incoming/`).
    journals: PathBuf,
}

impl std::fmt::Debug for S3Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("S3Blobs").field(&self.shared.name).finish()
    }
}

pub use crate::environment::Environment;

/// How a failed request is tried again: ten times, the first after half a
/// second, then after a random pause growing up to 15 s, for at most three
/// minutes. object_store's default starts at 100 ms, so that ten tries
/// could all fall inside a network blip of a second or two; the price is
/// that a wrong endpoint is reported after some seconds, not at once.
const RETRY: object_store::RetryConfig = object_store::RetryConfig {
    backoff: object_store::BackoffConfig {
        init_backoff: std::time::Duration::from_millis(500),
        max_backoff: std::time::Duration::from_secs(15),
        base: 2.0,
    },
    max_retries: 10,
    retry_timeout: std::time::Duration::from_secs(180),
};

/// A parsed `s3://` URL, completed from the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The bucket.
    pub bucket: String,
    /// The key prefix (no leading or trailing slash).
    pub prefix: String,
    /// The endpoint, when not AWS.
    pub endpoint: Option<String>,
    /// The region.
    pub region: String,
    /// The access key and secret, and a session token.
    pub credentials: Option<(String, String, Option<String>)>,
}

impl Location {
    /// The URL for messages: bucket and prefix, never a secret.
    pub fn shown(&self) -> String {
        match self.prefix.is_empty() {
            true => format!("s3://{}", self.bucket),
            false => format!("s3://{}/{}", self.bucket, self.prefix),
        }
    }
}

/// Parses an evidence URL and completes it from `env`.
pub fn parse(url: &str, env: &Environment) -> Result<Location, Message> {
    let rest = url.strip_prefix("s3://").ok_or_else(|| msg!("s3-url-scheme"))?;
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (bucket, prefix) = main.split_once('/').unwrap_or((main, ""));
    if bucket.is_empty() {
        return Err(msg!("s3-url-bucket"));
    }
    if bucket.contains('@') || bucket.contains(':') {
        return Err(msg!("s3-url-credentials"));
    }
    let mut endpoint =
        env.get("AWS_ENDPOINT_URL_S3").or(env.get("AWS_ENDPOINT_URL")).map(str::to_string);
    let mut region = None;
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "endpoint" => endpoint = Some(value.to_string()),
            "region" => region = Some(value.to_string()),
            other => {
                return Err(msg!("s3-url-parameter", parameter = other));
            }
        }
    }
    let profile = env.get("AWS_PROFILE").unwrap_or("default").to_string();
    let home = env.get("HOME").map(PathBuf::from);
    let region = region
        .or_else(|| env.get("AWS_REGION").map(str::to_string))
        .or_else(|| env.get("AWS_DEFAULT_REGION").map(str::to_string))
        .or_else(|| {
            let file = env
                .get("AWS_CONFIG_FILE")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".aws/config")))?;
            let section = match profile.as_str() {
                "default" => "default".to_string(),
                other => format!("profile {other}"),
            };
            ini_value(&file, &section, "region")
        })
        .unwrap_or_else(|| "us-east-1".to_string());
    let credentials = match (env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Some((
            id.to_string(),
            secret.to_string(),
            env.get("AWS_SESSION_TOKEN").map(str::to_string),
        )),
        _ => {
            let file = env
                .get("AWS_SHARED_CREDENTIALS_FILE")
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".aws/credentials")));
            file.and_then(|file| {
                Some((
                    ini_value(&file, &profile, "aws_access_key_id")?,
                    ini_value(&file, &profile, "aws_secret_access_key")?,
                    ini_value(&file, &profile, "aws_session_token"),
                ))
            })
        }
    };
    Ok(Location {
        bucket: bucket.to_string(),
        prefix: prefix.trim_matches('/').to_string(),
        endpoint,
        region,
        credentials,
    })
}

/// A value in an INI-style AWS file: `[section]` then `key = value`.
fn ini_value(file: &Path, section: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == section;
        } else if inside
            && let Some((k, v)) = line.split_once('=')
            && k.trim() == key
        {
            return Some(v.trim().to_string());
        }
    }
    None
}

/// An upload in progress: what resuming it needs.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Journal {
    /// The staging key.
    key: String,
    /// The multipart upload's id.
    upload: String,
    /// Each part sent: the SHA-256 of its bytes and the server's id for it.
    parts: Vec<(String, String)>,
}

impl S3Blobs {
    /// The store at an `s3://` URL, its upload journals kept in
    /// `journals`. Nothing is contacted yet.
    pub fn open(url: &str, journals: &Path) -> Result<S3Blobs, LedgerError> {
        let fail = |detail: Message| LedgerError::Store { name: PathBuf::from(url), detail };
        let location = parse(url, &Environment::from_process()).map_err(fail)?;
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&location.bucket)
            .with_region(&location.region)
            .with_checksum_algorithm(Checksum::SHA256)
            .with_retry(RETRY);
        if let Some(endpoint) = &location.endpoint {
            builder =
                builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        match &location.credentials {
            Some((id, secret, token)) => {
                builder = builder.with_access_key_id(id).with_secret_access_key(secret);
                if let Some(token) = token {
                    builder = builder.with_token(token);
                }
            }
            None => {
                return Err(fail(msg!("s3-no-credentials")));
            }
        }
        let store = builder.build().map_err(|e| fail(text(e.to_string())))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| fail(text(e.to_string())))?;
        Ok(S3Blobs {
            shared: Arc::new(Shared {
                name: location.shown(),
                prefix: location.prefix,
                store,
                runtime,
                journals: journals.to_path_buf(),
            }),
        })
    }

    /// What messages call it: `s3://BUCKET/PREFIX`.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// The store's (or the library's) own words.
    fn fail(&self, detail: impl std::fmt::Display) -> LedgerError {
        self.refuse(text(detail.to_string()))
    }

    /// tarkka's words.
    fn refuse(&self, detail: Message) -> LedgerError {
        LedgerError::Store { name: PathBuf::from(&self.shared.name), detail }
    }

    /// The key of a workspace-relative location.
    fn key(&self, location: &str) -> Key {
        match self.shared.prefix.is_empty() {
            true => Key::from(location),
            false => Key::from(format!("{}/{location}", self.shared.prefix)),
        }
    }

    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.shared.runtime.block_on(future)
    }

    /// The bytes at a workspace-relative location, streamed.
    pub fn open_location(&self, location: &str) -> Result<Box<dyn Read + Send>, LedgerError> {
        let key = self.key(location);
        let result = self
            .block_on(self.shared.store.get(&key))
            .map_err(|error| self.read_error(location, error))?;
        Ok(Box::new(StreamReader {
            handle: self.shared.runtime.handle().clone(),
            stream: result.into_stream(),
            chunk: bytes::Bytes::new(),
        }))
    }

    /// Downloads and hashes the objects at these workspace-relative
    /// locations, `concurrency` at a time, in the order given. Each download
    /// is hashed by the task that receives it, on the store's own threads, so
    /// no byte crosses to another thread (a reader on another thread waking
    /// for every chunk spent more time switching than hashing). `advance`
    /// hears of every chunk hashed.
    pub fn hash_locations(
        &self,
        locations: &[&str],
        concurrency: usize,
        advance: &dyn Fn(u64),
    ) -> Vec<Result<(Digest, u64), LedgerError>> {
        let (sender, mut hashed) = tokio::sync::mpsc::unbounded_channel::<u64>();
        let permits = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
        let mut results: Vec<Option<Result<(Digest, u64), object_store::Error>>> =
            locations.iter().map(|_| None).collect();
        self.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for (index, location) in locations.iter().enumerate() {
                let (key, shared) = (self.key(location), Arc::clone(&self.shared));
                let (sender, permits) = (sender.clone(), Arc::clone(&permits));
                tasks.spawn(async move {
                    let _permit = permits.acquire_owned().await.expect("never closed");
                    let hashed = async {
                        let mut stream = shared.store.get(&key).await?.into_stream();
                        let (mut hasher, mut size) = (Sha256::new(), 0u64);
                        while let Some(chunk) = stream.next().await {
                            let chunk = chunk?;
                            hasher.update(&chunk);
                            size += chunk.len() as u64;
                            let _ = sender.send(chunk.len() as u64);
                        }
                        Ok((Digest(hasher.finalize().into()), size))
                    };
                    (index, hashed.await)
                });
            }
            drop(sender);
            loop {
                tokio::select! {
                    Some(bytes) = hashed.recv() => advance(bytes),
                    joined = tasks.join_next() => match joined {
                        Some(Ok((index, result))) => results[index] = Some(result),
                        Some(Err(error)) => std::panic::resume_unwind(error.into_panic()),
                        None => break,
                    },
                }
            }
            while let Ok(bytes) = hashed.try_recv() {
                advance(bytes);
            }
        });
        results
            .into_iter()
            .zip(locations)
            .map(|(result, location)| {
                result.expect("every task ended").map_err(|error| self.read_error(location, error))
            })
            .collect()
    }

    /// A read of the object at `location` that failed: a missing object is
    /// the I/O error "not found" at its place, as a missing file is.
    fn read_error(&self, location: &str, error: object_store::Error) -> LedgerError {
        match error {
            object_store::Error::NotFound { .. } => LedgerError::Io {
                path: PathBuf::from(format!("{}/{location}", self.shared.name)),
                error: io::ErrorKind::NotFound.into(),
            },
            other => self.fail(other),
        }
    }

    /// Checks that the bucket answers (a listing of one key).
    pub fn check(&self) -> Result<(), LedgerError> {
        let prefix = self.key("evidence");
        let mut listing = self.shared.store.list(Some(&prefix));
        match self.block_on(listing.next()) {
            Some(Err(error)) => Err(self.fail(error)),
            _ => Ok(()),
        }
    }

    fn journal_path(&self, name: &Path) -> PathBuf {
        let mut hasher = Sha256::new();
        hasher.update(self.shared.name.as_bytes());
        hasher.update([0]);
        hasher.update(name.as_os_str().as_encoded_bytes());
        let id = hex::encode(&hasher.finalize()[..12]);
        self.shared.journals.join(format!("s3-upload-{id}.json"))
    }

    /// Puts a stream of more than one part: staged, in parts, resumable.
    fn put_parts(
        &self,
        name: &Path,
        first: Vec<u8>,
        reader: &mut dyn Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Put, LedgerError> {
        let store = &self.shared.store;
        let journal_path = self.journal_path(name);
        let earlier: Option<Journal> =
            std::fs::read(&journal_path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let mut journal = match earlier {
            Some(journal) => journal,
            None => {
                let mut random = [0u8; 16];
                getrandom::fill(&mut random).map_err(|e| self.fail(e))?;
                let key = self.key(&format!("evidence/.incoming/{}", hex::encode(random)));
                let upload =
                    self.block_on(store.create_multipart(&key)).map_err(|e| self.fail(e))?;
                Journal { key: key.to_string(), upload, parts: Vec::new() }
            }
        };
        let key = Key::from(journal.key.as_str());
        let abort = |journal: &Journal| {
            let _ = self.block_on(store.abort_multipart(&key, &journal.upload));
            let _ = std::fs::remove_file(&journal_path);
        };
        let mut whole = Sha256::new();
        let mut size = 0u64;
        let mut part = first;
        let mut index = 0;
        loop {
            let mut part_hash = Sha256::new();
            part_hash.update(&part);
            let part_hex = hex::encode(part_hash.finalize());
            whole.update(&part);
            let length = part.len() as u64;
            size += length;
            if let Some((sent, _)) = journal.parts.get(index) {
                if *sent != part_hex {
                    abort(&journal);
                    return Err(self.refuse(msg!(
                        "s3-resume-changed",
                        file = name.display().to_string(),
                        part = index + 1
                    )));
                }
            } else {
                let payload = PutPayload::from(bytes::Bytes::from(std::mem::take(&mut part)));
                let id = self
                    .block_on(store.put_part(&key, &journal.upload, index, payload))
                    .map_err(|e| self.fail(e))?;
                journal.parts.push((part_hex, id.content_id));
                let text = serde_json::to_vec(&journal).expect("a journal serialises");
                // Best effort: without the journal, a later run starts over.
                let _ = std::fs::write(&journal_path, text);
            }
            progress(length);
            index += 1;
            part = read_part(reader)
                .map_err(|error| LedgerError::Io { path: name.to_path_buf(), error })?;
            if part.is_empty() {
                break;
            }
        }
        if journal.parts.len() != index {
            abort(&journal);
            return Err(self.refuse(msg!("s3-resume-shorter", file = name.display().to_string())));
        }
        let parts: Vec<PartId> =
            journal.parts.iter().map(|(_, id)| PartId { content_id: id.clone() }).collect();
        self.block_on(store.complete_multipart(&key, &journal.upload, parts))
            .map_err(|e| self.fail(e))?;
        let _ = std::fs::remove_file(&journal_path);
        let sha256 = Digest(whole.finalize().into());
        let target = self.key(&store_location(&sha256));
        let already_present = self.exists(&target)?;
        if !already_present {
            self.block_on(store.copy(&key, &target)).map_err(|e| self.fail(e))?;
        }
        let _ = self.block_on(store.delete(&key));
        Ok(Put { sha256, size, already_present })
    }

    fn exists(&self, key: &Key) -> Result<bool, LedgerError> {
        match self.block_on(self.shared.store.head(key)) {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(self.fail(error)),
        }
    }
}

/// Reads up to one part.
fn read_part(reader: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut part = Vec::with_capacity(PART);
    reader.take(PART as u64).read_to_end(&mut part)?;
    Ok(part)
}

impl BlobStore for S3Blobs {
    fn location(&self, sha256: &Digest) -> String {
        store_location(sha256)
    }

    fn put(
        &self,
        name: &Path,
        reader: &mut dyn Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Put, LedgerError> {
        let first = read_part(reader)
            .map_err(|error| LedgerError::Io { path: name.to_path_buf(), error })?;
        if first.len() == PART {
            return self.put_parts(name, first, reader, progress);
        }
        progress(first.len() as u64);
        let sha256 = Digest(Sha256::digest(&first).into());
        let size = first.len() as u64;
        let key = self.key(&store_location(&sha256));
        if self.exists(&key)? {
            return Ok(Put { sha256, size, already_present: true });
        }
        let options = PutOptions { mode: PutMode::Create, ..PutOptions::default() };
        let payload = PutPayload::from(bytes::Bytes::from(first));
        match self.block_on(self.shared.store.put_opts(&key, payload, options)) {
            Ok(_) => Ok(Put { sha256, size, already_present: false }),
            // Another writer stored the same content first.
            Err(object_store::Error::AlreadyExists { .. }) => {
                Ok(Put { sha256, size, already_present: true })
            }
            Err(error) => Err(self.fail(error)),
        }
    }

    fn get(&self, sha256: &Digest) -> Result<Box<dyn Read + Send>, LedgerError> {
        self.open_location(&store_location(sha256))
    }

    fn stat(&self, sha256: &Digest) -> Result<Option<u64>, LedgerError> {
        let key = self.key(&store_location(sha256));
        match self.block_on(self.shared.store.head(&key)) {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(self.fail(error)),
        }
    }

    fn list(&self) -> Result<Vec<Digest>, LedgerError> {
        let prefix = self.key("evidence/sha256");
        let mut listing = self.shared.store.list(Some(&prefix));
        let mut digests = Vec::new();
        self.block_on(async {
            while let Some(meta) = listing.next().await {
                let meta = meta.map_err(|e| self.fail(e))?;
                if let Some(digest) =
                    meta.location.filename().and_then(|name| name.parse::<Digest>().ok())
                {
                    digests.push(digest);
                }
            }
            Ok::<_, LedgerError>(())
        })?;
        digests.sort();
        Ok(digests)
    }

    fn take_back(&self, sha256: &Digest) {
        let key = self.key(&store_location(sha256));
        let _ = self.block_on(self.shared.store.delete(&key));
    }
}

/// A GET's byte stream read as `Read`.
struct StreamReader {
    handle: tokio::runtime::Handle,
    stream: futures::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>,
    chunk: bytes::Bytes,
}

impl Read for StreamReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            match self.handle.block_on(self.stream.next()) {
                Some(Ok(chunk)) => self.chunk = chunk,
                Some(Err(error)) => return Err(io::Error::other(error.to_string())),
                None => return Ok(0),
            }
        }
        let n = self.chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        let _ = self.chunk.split_to(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_credentials_come_from_the_usual_places() {
        let location = parse(
            "s3://qa-evidence/tahka/2026?endpoint=http://127.0.0.1:3900&region=garage",
            &Environment::of(&[("AWS_ACCESS_KEY_ID", "GK1"), ("AWS_SECRET_ACCESS_KEY", "s")]),
        )
        .unwrap();
        assert_eq!(location.shown(), "s3://qa-evidence/tahka/2026");
        assert_eq!(location.endpoint.as_deref(), Some("http://127.0.0.1:3900"));
        assert_eq!(location.region, "garage");
        assert_eq!(location.credentials, Some(("GK1".into(), "s".into(), None)));

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(
            dir.path().join(".aws/credentials"),
            "[default]\naws_access_key_id = A\naws_secret_access_key = B\n[qa]\naws_access_key_id = C\naws_secret_access_key = D\n",
        )
        .unwrap();
        std::fs::write(dir.path().join(".aws/config"), "[profile qa]\nregion = eu-north-1\n")
            .unwrap();
        let home = dir.path().to_str().unwrap();
        let location =
            parse("s3://b", &Environment::of(&[("HOME", home), ("AWS_PROFILE", "qa")])).unwrap();
        assert_eq!(location.credentials, Some(("C".into(), "D".into(), None)));
        assert_eq!(location.region, "eu-north-1");
        assert_eq!(location.prefix, "");
        let location = parse("s3://b/p/", &Environment::of(&[("HOME", home)])).unwrap();
        assert_eq!(location.credentials, Some(("A".into(), "B".into(), None)));
        assert_eq!((location.prefix.as_str(), location.region.as_str()), ("p", "us-east-1"));
    }

    #[test]
    fn secrets_never_go_in_the_url() {
        let error = parse("s3://KEY:hunter2@bucket/p", &Environment::of(&[])).unwrap_err();
        let finnish = tarkka_i18n::render("fi", &error);
        assert!(
            finnish.contains("~/.aws/credentials") && finnish.contains("tunnukset"),
            "{finnish}"
        );
        let error = error.to_string();
        assert!(error.contains("~/.aws/credentials") && !error.contains("hunter2"), "{error}");
        let error = parse("s3://b?secret=x", &Environment::of(&[])).unwrap_err().to_string();
        assert!(error.contains("`secret`"), "{error}");
    }
}

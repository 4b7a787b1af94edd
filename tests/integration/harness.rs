//! A small fluent harness around the `tarkka` binary.

use std::path::PathBuf;
use std::process::Output;

/// The repository root, where `rubrics/` and `samples/` are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `tarkka` invocation, run from the repository root in English unless
/// told otherwise.
pub struct Tarkka {
    command: assert_cmd::Command,
}

/// `tarkka ARGS...` from the repository root.
pub fn tarkka(args: &[&str]) -> Tarkka {
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    command.current_dir(root()).env_remove("TARKKA_LANG").env("NO_COLOR", "1").args(args);
    Tarkka { command }
}

/// What a finished run printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Tarkka {
    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Tarkka {
        self.command.env(key, value);
        self
    }

    /// Feeds standard input.
    pub fn stdin(mut self, input: &str) -> Tarkka {
        self.command.write_stdin(input.to_string());
        self
    }

    /// Runs to the end.
    pub fn run(mut self) -> Run {
        let Output { status, stdout, stderr } = self.command.output().unwrap();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).unwrap(),
            stderr: String::from_utf8(stderr).unwrap(),
        }
    }

    /// Runs and expects this exit code, showing everything printed when
    /// it is another.
    pub fn code(self, expected: i32) -> Run {
        let run = self.run();
        assert_eq!(
            run.code, expected,
            "exit code {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            run.code, run.stdout, run.stderr
        );
        run
    }
}

/// Where a test workspace keeps its ledger: the tests that hold for the
/// directory run on both (see `on_every_store!`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// `ledger.jsonl` in the workspace directory.
    File,
    /// A team store: a fresh database on the PostgreSQL server named by
    /// `TARKKA_TEST_POSTGRES` (a `postgres://USER@HOST:PORT` URL of a role
    /// that may create databases) and a fresh prefix in the S3 bucket named
    /// by `TARKKA_TEST_S3` (`s3://BUCKET?endpoint=…`, the credentials in
    /// the AWS variables), which `.ci/run` starts.
    Team,
}

/// Declares `mod NAME { fn file(); fn team() }`, two tests running
/// `fn NAME(store: Store)` on each store.
#[macro_export]
macro_rules! on_every_store {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn file() {
                super::$name($crate::harness::Store::File)
            }
            #[test]
            fn team() {
                super::$name($crate::harness::Store::Team)
            }
        }
    )*};
}

/// A database made for one test and dropped after it.
pub struct TestDatabase {
    /// The server's URL, without a database.
    server: String,
    /// The database's name.
    pub name: String,
}

impl TestDatabase {
    /// A new, empty database on the test server; `None` when no server is
    /// configured and none is required (`TARKKA_TEST_REQUIRE_SERVERS`,
    /// which `.ci/run` sets, makes a missing server a failure).
    pub fn new() -> Option<TestDatabase> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let Ok(server) = std::env::var("TARKKA_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("TARKKA_TEST_REQUIRE_SERVERS").is_none(),
                "TARKKA_TEST_POSTGRES is not set, but TARKKA_TEST_REQUIRE_SERVERS is: \
                 run the tests through .ci/run, which starts the server"
            );
            eprintln!("skipped on PostgreSQL: TARKKA_TEST_POSTGRES is not set (.ci/run sets it)");
            return None;
        };
        let server = server.trim_end_matches('/').to_string();
        let name = format!(
            "tarkka_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let database = TestDatabase { server, name };
        database.admin().batch_execute(&format!("CREATE DATABASE {}", database.name)).unwrap();
        Some(database)
    }

    /// The database's URL.
    pub fn url(&self) -> String {
        format!("{}/{}", self.server, self.name)
    }

    /// An evidence store of this test's own: a prefix named as the
    /// database in the test bucket (`TARKKA_TEST_S3`); `None` when none is
    /// configured and none is required.
    pub fn bucket(&self) -> Option<String> {
        let Ok(base) = std::env::var("TARKKA_TEST_S3") else {
            assert!(
                std::env::var_os("TARKKA_TEST_REQUIRE_SERVERS").is_none(),
                "TARKKA_TEST_S3 is not set, but TARKKA_TEST_REQUIRE_SERVERS is: \
                 run the tests through .ci/run, which starts the server"
            );
            eprintln!(
                "evidence stays in the directory: TARKKA_TEST_S3 is not set (.ci/run sets it)"
            );
            return None;
        };
        let (bucket, query) = base.split_once('?').unwrap_or((&base, ""));
        Some(format!("{}/{}?{query}", bucket.trim_end_matches('/'), self.name))
    }

    /// The database's URL for another role.
    pub fn url_as(&self, user: &str) -> String {
        let (scheme, rest) = self.server.split_once("://").unwrap();
        let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        format!("{scheme}://{user}@{host}/{}", self.name)
    }

    /// A connection to the server's maintenance database.
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&format!("{}/postgres", self.server), postgres::NoTls).unwrap()
    }

    /// A connection to this database, as the server's test role.
    pub fn connect(&self) -> postgres::Client {
        postgres::Client::connect(&self.url(), postgres::NoTls).unwrap()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) =
            postgres::Client::connect(&format!("{}/postgres", self.server), postgres::NoTls)
        {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// A fresh workspace in a temporary directory, with its own key directory
/// and a fixed clock, for commands run as auditor `aino`.
pub struct TestWorkspace {
    pub dir: tempfile::TempDir,
    /// The team store's database, when the ledger is in one.
    pub database: Option<std::sync::Arc<TestDatabase>>,
    /// The team store's bucket, when the evidence is in one.
    pub bucket: Option<String>,
}

impl TestWorkspace {
    /// `tarkka init` in a new temporary directory.
    pub fn new() -> TestWorkspace {
        TestWorkspace::on(Store::File).unwrap()
    }

    /// `tarkka init` in a new temporary directory, the ledger on `store`;
    /// `None` when that store's server is not configured (see
    /// [`TestDatabase::new`]).
    pub fn on(store: Store) -> Option<TestWorkspace> {
        let dir = tempfile::tempdir().unwrap();
        let database = match store {
            Store::File => None,
            Store::Team => Some(std::sync::Arc::new(TestDatabase::new()?)),
        };
        let bucket = database.as_ref().and_then(|database| database.bucket());
        let workspace = TestWorkspace { dir, database, bucket };
        let mut init = vec!["init".to_string(), ".".to_string()];
        if let Some(database) = &workspace.database {
            init.extend(["--ledger".to_string(), database.url()]);
        }
        if let Some(bucket) = &workspace.bucket {
            init.extend(["--evidence".to_string(), bucket.clone()]);
        }
        workspace.tarkka(&init.iter().map(String::as_str).collect::<Vec<_>>()).code(0);
        Some(workspace)
    }

    /// Another auditor's machine on the same team store: its own directory
    /// (with the workspace's configuration) and key directory. A directory
    /// workspace has no other machine: `None`.
    pub fn machine(&self) -> Option<TestWorkspace> {
        let database = self.database.clone()?;
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(self.path("tarkka.toml"), dir.path().join("tarkka.toml")).unwrap();
        for sub in ["keys", "evidence/sha256", "evidence/.incoming"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Some(TestWorkspace { dir, database: Some(database), bucket: self.bucket.clone() })
    }

    /// Every stored evidence object (`evidence/sha256/…`, from the bucket
    /// of a team store) and every partial copy in `evidence/.incoming/`, as
    /// workspace-relative locations.
    pub fn evidence_files(&self) -> std::collections::BTreeSet<String> {
        fn walk(
            dir: &std::path::Path,
            root: &std::path::Path,
            found: &mut std::collections::BTreeSet<String>,
        ) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, found);
                } else {
                    found.insert(path.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        let mut found = std::collections::BTreeSet::new();
        walk(&self.path("evidence"), self.root(), &mut found);
        if let Some(bucket) = &self.bucket {
            use tarkka_ledger::BlobStore as _;
            let blobs =
                tarkka_ledger::s3::S3Blobs::open(bucket, &self.path("evidence/.incoming")).unwrap();
            found.extend(blobs.list().unwrap().iter().map(tarkka_ledger::store_location));
        }
        found
    }

    /// The ledger's bytes, wherever it lives (`tarkka ledger export` for a
    /// database).
    pub fn ledger_bytes(&self) -> Vec<u8> {
        match &self.database {
            None => std::fs::read(self.path("ledger.jsonl")).unwrap(),
            Some(_) => {
                let output = self.process(&["ledger", "export"]).output().unwrap();
                assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
                output.stdout
            }
        }
    }

    /// The workspace root.
    pub fn root(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// A path inside the workspace.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `tarkka ARGS...` inside the workspace, in English, as `aino`, at a
    /// fixed time, with keys kept under the workspace's `.test-keys/`.
    pub fn tarkka(&self, args: &[&str]) -> Tarkka {
        Tarkka { command: assert_cmd::Command::from_std(self.process(args)) }
    }

    /// The same as a plain process, for tests that spawn and kill it.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("tarkka"));
        command
            .current_dir(self.dir.path())
            .env_remove("TARKKA_WORKSPACE")
            .env("TARKKA_LANG", "en")
            .env("TARKKA_ACTOR", "aino")
            .env("TARKKA_NOW", "2026-05-14T15:00:00Z")
            .env("TARKKA_KEY_DIR", self.dir.path().join(".test-keys"))
            .env("NO_COLOR", "1")
            .args(args);
        command
    }

    /// Logs a store-visit encounter with the shipped rubric, in case K-1.
    pub fn log_visit(&self, id: &str) {
        let mut args = visit_args(id);
        args.extend(["--case".to_string(), "K-1".to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.tarkka(&args).code(0);
    }

    /// Scores a logged store visit with the sample answers file (recorded
    /// without its required evidence).
    pub fn score_sample(&self, id: &str) {
        let answers = root().join("samples/answers/store-visit-kamppi-2026-05-14.toml");
        let answers = answers.to_str().unwrap();
        self.tarkka(&["score", id, "--answers", answers, "--allow-missing-evidence", "test"])
            .code(0);
    }

    /// Writes a file inside the workspace and returns its path.
    pub fn write(&self, relative: &str, content: &[u8]) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path
    }

    /// The ledger's lines.
    pub fn ledger_lines(&self) -> Vec<String> {
        String::from_utf8(self.ledger_bytes()).unwrap().lines().map(str::to_string).collect()
    }

    /// Replaces the ledger's content.
    pub fn write_ledger(&self, lines: &[String]) {
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(self.path("ledger.jsonl"), text).unwrap();
    }
}

/// What an insider with write access does after editing lines: every
/// entry's `prev` and `hash` recomputed from the first line on, so that the
/// chain holds again (signatures, which they cannot make, are dropped).
pub fn rechain(lines: &mut [String]) {
    use sha2::Digest as _;
    let mut prev = "0".repeat(64);
    for line in lines.iter_mut() {
        let at = line.find(r#","prev":""#).expect("a prev field");
        // What follows `prev` up to the hash (the salt) stays as it was.
        let after = at + r#","prev":""#.len() + 65;
        let until = line.rfind(r#","hash":""#).expect("a hash field");
        let mut body = format!(r#"{},"prev":"{prev}"{}"#, &line[..at], &line[after..until]);
        let hash = hex::encode(sha2::Sha256::digest(format!("{body}}}").as_bytes()));
        body.push_str(&format!(r#","hash":"{hash}"}}"#));
        *line = body;
        prev = hash;
    }
}

/// The arguments that log a store visit `id` with the shipped rubric file.
pub fn visit_args(id: &str) -> Vec<String> {
    let rubric = root().join("rubrics/store-visit.toml");
    [
        "encounter",
        "log",
        "--id",
        id,
        "--rubric",
        rubric.to_str().unwrap(),
        "--time",
        "2026-05-14T17:40+03:00",
        "--location",
        "kamppi",
        "--agent",
        "myyja-3",
    ]
    .map(str::to_string)
    .to_vec()
}

/// The kinds of a `verify --json` report's findings, in order.
pub fn kinds(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap().to_string())
        .collect()
}

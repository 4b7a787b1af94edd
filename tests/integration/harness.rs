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

/// A fresh workspace in a temporary directory, with its own key directory
/// and a fixed clock, for commands run as auditor `aino`.
pub struct TestWorkspace {
    pub dir: tempfile::TempDir,
}

impl TestWorkspace {
    /// `tarkka init` in a new temporary directory.
    pub fn new() -> TestWorkspace {
        let dir = tempfile::tempdir().unwrap();
        let workspace = TestWorkspace { dir };
        workspace.tarkka(&["init", "."]).code(0);
        workspace
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
        std::fs::read_to_string(self.path("ledger.jsonl"))
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
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

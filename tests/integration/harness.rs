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

/// `tarkka ARGS...`
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

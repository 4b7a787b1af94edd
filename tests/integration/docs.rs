//! The documentation runs: the README's shell blocks and the commands the
//! demo suggests, each run literally in a fresh directory as a newcomer
//! would (the built binary on `PATH`, no `USER`, no tarkka settings, a
//! home of its own), each with its documented exit status.
//!
//! A block is documented as a list of commands; a command's exit status is
//! 0 unless its comment says `exit N`. A block preceded by a line
//! `<!-- not run ... -->` is not run (the quick start builds tarkka and runs
//! these tests).

use std::path::Path;
use std::process::Command;

use crate::harness::root;

/// One documented command.
#[derive(Debug)]
struct Step {
    /// Where it starts in its source, from 1.
    line: usize,
    /// The command, continuation lines and all.
    command: String,
    /// The documented exit status.
    status: i32,
}

/// The commands of some lines of shell: `\` continues a command on the
/// next line; a comment saying `exit N` documents its exit status.
fn steps(lines: &[(usize, &str)]) -> Vec<Step> {
    let exit = regex::Regex::new(r"#.*\bexit (\d+)").unwrap();
    let mut steps: Vec<Step> = Vec::new();
    let mut continued = false;
    for &(line, text) in lines {
        if continued {
            let step = steps.last_mut().unwrap();
            step.command.push('\n');
            step.command.push_str(text);
        } else if !text.trim().is_empty() && !text.trim_start().starts_with('#') {
            steps.push(Step { line, command: text.to_string(), status: 0 });
        } else {
            continue;
        }
        continued = text.trim_end().ends_with('\\');
        if let Some(status) = exit.captures(text) {
            steps.last_mut().unwrap().status = status[1].parse().unwrap();
        }
    }
    steps
}

/// The `sh` blocks of a Markdown text that are to be run, as lines with
/// their numbers.
fn shell_blocks(markdown: &str) -> Vec<Vec<(usize, &str)>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<(usize, &str)>> = None;
    let mut skip = false;
    let mut previous = "";
    for (index, line) in markdown.lines().enumerate() {
        match &mut current {
            Some(block) if line.trim_start().starts_with("```") => {
                if !skip {
                    blocks.push(std::mem::take(block));
                }
                current = None;
            }
            Some(block) => block.push((index + 1, line)),
            None if line.trim() == "```sh" => {
                skip = previous.trim_start().starts_with("<!-- not run");
                current = Some(Vec::new());
            }
            None => {}
        }
        previous = line;
    }
    blocks
}

/// Runs the steps in one shell in `dir`, as a newcomer would, and fails
/// naming the first step whose exit status is not the documented one.
fn run(steps: &[Step], dir: &Path, lang: Option<&str>, source: &str) -> String {
    assert!(!steps.is_empty(), "{source}: nothing to run");
    let binary = assert_cmd::cargo::cargo_bin("tarkka");
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut script = String::new();
    for step in steps {
        script.push_str(&format!(
            "{}\nstatus=$?\nif [ $status -ne {} ]; then echo \"{source} line {}: exit status $status, documented {}\" >&2; exit 97; fi\n",
            step.command, step.status, step.line, step.status
        ));
    }
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env_remove("USER")
        .env_remove("USERNAME")
        .env_remove("LOGNAME")
        .env_remove("XDG_CONFIG_HOME");
    for (name, _) in std::env::vars() {
        if name.starts_with("TARKKA_") {
            command.env_remove(name);
        }
    }
    if let Some(lang) = lang {
        command.env("TARKKA_LANG", lang);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{source} ({}):\n--- stdout\n{stdout}\n--- stderr\n{}",
        lang.unwrap_or("default language"),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn the_readme_runs_verbatim_in_finnish_and_in_english() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = shell_blocks(&readme);
    assert!(!blocks.is_empty(), "the README has shell blocks to run");
    for lang in [None, Some("en")] {
        for block in &blocks {
            let dir = tempfile::tempdir().unwrap();
            let steps = steps(block);
            let out = run(&steps, dir.path(), lang, "README.md");
            // The walkthrough's last verify found the deleted photo.
            if steps.iter().any(|s| s.command.starts_with("rm evidence")) {
                assert!(out.contains("[evidence-missing]"), "{out}");
                assert!(out.contains("wc.png"), "{out}");
            }
        }
    }
}

#[test]
fn the_demos_suggested_commands_run_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&steps(&[(1, "tarkka demo")]), dir.path(), None, "tarkka demo");
    let next = out.split("Seuraavaksi:").nth(1).expect("the demo suggests what to try next");
    let lines: Vec<(usize, &str)> = next
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with("  "))
        .map(|(index, line)| (index + 1, line.trim()))
        .collect();
    let steps = steps(&lines);
    assert!(steps.len() >= 10, "{steps:?}");
    assert!(steps.iter().any(|s| s.command.starts_with("rm ") && s.line > 1), "{steps:?}");
    assert_eq!(steps.last().unwrap().status, 1, "the last verify finds the deleted recording");
    let out = run(&steps, dir.path(), None, "the demo's suggestions");
    assert!(out.contains("[evidence-missing]"), "{out}");
    // Tables written to a pipe are neither wrapped nor cut: a row of
    // `tarkka scores` is found whole by grep.
    assert!(
        out.lines().any(|line| line.contains("Oulu asiakaspalvelukeskus")
            && line.contains("agent-oulu-2")
            && line.contains("service-call")),
        "{out}"
    );
}

#[test]
fn documented_steps_are_read_with_their_exit_status() {
    let markdown = "text\n<!-- not run: builds -->\n```sh\ncargo build\n```\n\n```sh\ntarkka init a && cd a   # a workspace\ntarkka log --x \\\n    --y z\n# a comment line\ntarkka verify   # exit 1: found\n```\n";
    let blocks = shell_blocks(markdown);
    assert_eq!(blocks.len(), 1);
    let steps = steps(&blocks[0]);
    let read: Vec<(usize, &str, i32)> =
        steps.iter().map(|s| (s.line, s.command.as_str(), s.status)).collect();
    assert_eq!(
        read,
        [
            (8, "tarkka init a && cd a   # a workspace", 0),
            (9, "tarkka log --x \\\n    --y z", 0),
            (12, "tarkka verify   # exit 1: found", 1),
        ]
    );
}

//! `tarkka rubric check` and `tarkka rubric show`.

use crate::harness::{root, tarkka};

fn shipped_rubrics() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("rubrics"))
        .unwrap()
        .map(|entry| format!("rubrics/{}", entry.unwrap().file_name().to_string_lossy()))
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_rubric_is_valid() {
    let files = shipped_rubrics();
    assert!(files.len() >= 4, "{files:?}");
    let mut args = vec!["--lang", "en", "rubric", "check"];
    args.extend(files.iter().map(String::as_str));
    let run = tarkka(&args).code(0);
    for file in &files {
        let line = run.stdout.lines().find(|line| line.contains(file.as_str())).unwrap();
        assert!(line.starts_with("ok "), "{line}");
        // id, version and a 64-digit fingerprint.
        let fingerprint = line.rsplit("sha256:").next().unwrap();
        assert_eq!(fingerprint.len(), 64, "{line}");
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
    }
    assert_eq!(run.stderr, "");
}

#[test]
fn shipped_rubrics_are_bilingual_with_guidance_and_cover_the_stories() {
    let mut channels = Vec::new();
    let mut all_ids = Vec::new();
    let mut critical = 0;
    for file in shipped_rubrics() {
        let source = std::fs::read_to_string(root().join(&file)).unwrap();
        let rubric = tarkka_rubric::parse(&source).unwrap();
        channels.push(rubric.channel);
        for criterion in &rubric.criteria {
            let guidance = criterion
                .guidance
                .as_ref()
                .unwrap_or_else(|| panic!("{file}: {} lacks guidance", criterion.id));
            assert!(!guidance.fi.is_empty() && !guidance.en.is_empty());
            critical += usize::from(criterion.critical.is_some());
            all_ids.push(criterion.id.clone());
        }
    }
    assert!(critical >= 4, "critical items: {critical}");
    // The rubric families of DOMAIN.md: opening fits the customer, needs
    // before offering, ownership, follow-up with time and channel, the
    // promise kept.
    for expected in [
        "opening.permission",
        "needs.open-questions",
        "ownership.no-blame",
        "follow-up.commitment",
        "promise.on-time",
    ] {
        assert!(all_ids.iter().any(|id| id == expected), "{expected} missing from {all_ids:?}");
    }
}

#[test]
fn an_invalid_rubric_is_reported_with_file_line_column_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    let source = std::fs::read_to_string(root().join("rubrics/cold-call.toml")).unwrap();
    let source = source.replacen("weight = 3", "weight = 0", 1).replacen(
        "comment_on_fail = true",
        "coment_on_fail = true",
        1,
    );
    std::fs::write(&broken, &source).unwrap();
    // In English (the default is Finnish: tests/integration/i18n.rs).
    let broken = broken.to_str().unwrap();
    let run =
        tarkka(&["--lang", "en", "rubric", "check", "rubrics/store-visit.toml", broken]).code(1);
    assert!(run.stdout.contains("ok       rubrics/store-visit.toml"), "{}", run.stdout);
    assert!(
        run.stdout.contains("invalid  ") && run.stdout.contains("2 problems"),
        "{}",
        run.stdout
    );
    let weight_line = source.lines().position(|line| line == "weight = 0").unwrap() + 1;
    assert!(run.stderr.contains(&format!("broken.toml:{weight_line}:10")), "{}", run.stderr);
    assert!(run.stderr.contains("`weight` must be positive, not 0"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `comment_on_fail`?"), "{}", run.stderr);
    assert!(run.stderr.contains("^"), "a caret under the fault: {}", run.stderr);
}

#[test]
fn check_as_json_lists_problems_with_positions() {
    let run = tarkka(&[
        "rubric",
        "check",
        "--format",
        "json",
        "crates/rubric/test_data/err/unknown-section.toml",
    ])
    .code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report[0]["valid"], false);
    assert_eq!(report[0]["problems"][0]["line"], 19);
    assert_eq!(report[0]["problems"][0]["column"], 11);
    assert_eq!(
        report[0]["problems"][0]["message"],
        "unknown section `needs`; the rubric's sections are: opening"
    );
}

#[test]
fn a_file_that_cannot_be_read_is_an_input_error() {
    let run = tarkka(&["rubric", "check", "rubrics/no-such-rubric.toml"]).code(2);
    assert!(run.stderr.contains("rubrics/no-such-rubric.toml: tiedostoa ei ole"), "{}", run.stderr);
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.toml");
    std::fs::write(&latin1, b"format = 1\nid = \"k\xe4vij\xe4\"\n").unwrap();
    let run = tarkka(&["--lang", "en", "rubric", "check", latin1.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("latin1.toml:2:8: the file is not valid UTF-8"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    tarkka(&["rubric", "check"]).code(2);
    tarkka(&["rubric", "frobnicate"]).code(2);
    tarkka(&["--lang", "sv", "rubric", "show", "rubrics/cold-call.toml"]).code(2);
}

#[test]
fn show_prints_the_rubric_in_either_language() {
    let english =
        tarkka(&["--lang", "en", "rubric", "show", "rubrics/cold-call.toml"]).code(0).stdout;
    insta::assert_snapshot!("rubric_show_cold_call_en", english);
    let finnish = tarkka(&["rubric", "show", "rubrics/cold-call.toml"]).code(0).stdout;
    assert!(
        finnish.contains("Kylmäsoitto") && finnish.contains("läpäisyraja: 75,00 %"),
        "{finnish}"
    );
    assert!(finnish.contains("KRIITTINEN (osio)"), "{finnish}");
    // The environment picks the language too.
    let english = tarkka(&["rubric", "show", "rubrics/cold-call.toml"])
        .env("TARKKA_LANG", "en")
        .code(0)
        .stdout;
    assert!(
        english.contains("Cold sales call") && english.contains("pass threshold: 75.00 %"),
        "{english}"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    // Far more output than a pipe buffers, so that tarkka really writes
    // into a closed pipe.
    let mut args = vec![
        "score".to_string(),
        "--rubric".into(),
        "rubrics/store-visit.toml".into(),
        "--answers".into(),
    ];
    args.extend(std::iter::repeat_n(
        "samples/answers/store-visit-kamppi-2026-05-14.toml".to_string(),
        300,
    ));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tarkka"))
        .args(&args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("V-2026-014"), "{first}");
    // The reader is dropped here: the pipe is closed.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

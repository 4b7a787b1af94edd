//! Data-driven rubric tests: every file under `test_data/ok` parses and its
//! canonical form is snapshotted; every file under `test_data/err` fails with
//! exactly the snapshotted messages, rendered as a person sees them.

use std::path::Path;

fn read(path: &Path) -> (String, String) {
    let source = std::fs::read_to_string(path).unwrap();
    let parent = path.parent().unwrap().file_name().unwrap().to_string_lossy();
    let name = format!("{parent}/{}", path.file_name().unwrap().to_string_lossy());
    (name, source)
}

#[test]
fn valid_rubrics_parse() {
    insta::glob!("../test_data/ok", "*.toml", |path| {
        let (name, source) = read(path);
        let rubric = match tarkka_rubric::parse(&source) {
            Ok(rubric) => rubric,
            Err(error) => panic!("{}", error.render(&name, &source)),
        };
        let mut shown = format!(
            "fingerprint {}\n{}",
            rubric.fingerprint(),
            tarkka_rubric::canonical_form(&rubric)
        );
        if let (Some(fingerprint), Some(rules)) =
            (rubric.rules_fingerprint(), tarkka_rubric::rules_canonical_form(&rubric))
        {
            shown.push_str(&format!("rules fingerprint {fingerprint}\n{rules}"));
        }
        insta::assert_snapshot!(shown);
    });
}

#[test]
fn invalid_rubrics_fail_with_every_problem_located() {
    insta::glob!("../test_data/err", "*.toml", |path| {
        let (name, source) = read(path);
        match tarkka_rubric::parse(&source) {
            Ok(_) => panic!("{name} should not be a valid rubric"),
            Err(error) => insta::assert_snapshot!(error.render(&name, &source)),
        }
    });
}

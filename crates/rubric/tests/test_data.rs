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
            Err(error) => panic!("{}", error.render("en", &name, &source)),
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
            Err(error) => insta::assert_snapshot!(error.render("en", &name, &source)),
        }
    });
}

/// The same problems as a Finnish reader sees them: every message from the
/// catalogue, file, line and column as in English.
#[test]
fn invalid_rubrics_fail_in_finnish_too() {
    insta::glob!("../test_data/err", "*.toml", |path| {
        let (name, source) = read(path);
        match tarkka_rubric::parse(&source) {
            Ok(_) => panic!("{name} should not be a valid rubric"),
            Err(error) => {
                let shown = error.render("fi", &name, &source);
                assert!(!shown.contains("error:"), "{shown}");
                insta::assert_snapshot!(shown);
            }
        }
    });
}

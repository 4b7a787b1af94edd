//! `tarkka score --rubric FILE --answers FILE...`

use crate::harness::{root, tarkka};

#[test]
fn scores_the_shipped_samples_by_the_documented_rules() {
    let run = tarkka(&[
        "--lang",
        "en",
        "score",
        "--rubric",
        "rubrics/store-visit.toml",
        "--answers",
        "samples/answers/store-visit-kamppi-2026-05-14.toml",
        "samples/answers/store-visit-tampere-2026-06-02.toml",
    ])
    .code(0);
    insta::assert_snapshot!("score_store_visit_en", run.stdout);
    assert_eq!(run.stderr, "");
}

#[test]
fn score_as_json_is_exact_and_deterministic() {
    let args = [
        "score",
        "--format",
        "json",
        "--rubric",
        "rubrics/service-call.toml",
        "--answers",
        "samples/answers/service-call-kela-2026-03-09.toml",
    ];
    let first = tarkka(&args).code(0).stdout;
    assert_eq!(first, tarkka(&args).code(0).stdout);
    let report: serde_json::Value = serde_json::from_str(&first).unwrap();
    let result = &report[0]["result"];
    assert_eq!(report[0]["encounter"], "S-2026-007");
    assert_eq!(result["rubric_id"], "service-call");
    assert_eq!(result["overall"], "0");
    assert_eq!(result["verdict"], "fail");
    let critical: Vec<&str> = result["critical_failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["criterion"].as_str().unwrap())
        .collect();
    assert_eq!(critical, ["ownership.no-blame", "ownership.takes-on", "follow-up.commitment"]);
    let fingerprint = tarkka(&["rubric", "check", "rubrics/service-call.toml"]).code(0).stdout;
    assert!(fingerprint.contains(result["fingerprint"].as_str().unwrap()));
}

#[test]
fn every_problem_in_an_answers_file_is_located_and_nothing_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        r#"format = 1
rubric = "store-visit"

[answers]
"greeting.contact" = "perhaps"
"greeting.attention" = "yes"
"greeting.acknowledges-wait" = "na"
"facilities.premises" = 11
"facilities.toilets" = "no"
"communication.out-of-order" = "na"
"communication.ownership" = "na"
"service.needs" = "yes"
"service.knowledge" = 4
"service.quality-under-pressure" = "na"
"service.beyond" = "no"
"closing.receipt" = "yes"
"closing.checks" = "yes"
"closing.farewel" = "yes"
"#,
    )
    .unwrap();
    let good = root().join("samples/answers/store-visit-tampere-2026-06-02.toml");
    let run = tarkka(&[
        "--lang",
        "en",
        "score",
        "--rubric",
        "rubrics/store-visit.toml",
        "--answers",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
    ])
    .code(2);
    assert_eq!(run.stdout, "", "nothing is scored when any file is bad");
    let expected = [
        (
            "bad.toml:5:22",
            "criterion `greeting.contact`: `perhaps` is not an answer; expected yes or no",
        ),
        (
            "bad.toml:8:1",
            "criterion `facilities.premises`: `11` does not fit; expected a number from 0 to 10",
        ),
        (
            "bad.toml:9:1",
            "criterion `facilities.toilets`: the answer `no` fails the criterion, which requires a comment",
        ),
        (
            "bad.toml:18:1",
            "criterion `closing.farewel`: the rubric `store-visit` has no such criterion",
        ),
        ("bad.toml:4:1", "criterion `closing.farewell`: no answer; expected yes or no"),
    ];
    for (place, message) in expected {
        assert!(run.stderr.contains(place), "{place} in\n{}", run.stderr);
        assert!(run.stderr.contains(message), "{message} in\n{}", run.stderr);
    }
}

#[test]
fn answers_for_another_rubric_are_refused() {
    let run = tarkka(&[
        "--lang",
        "en",
        "score",
        "--rubric",
        "rubrics/cold-call.toml",
        "--answers",
        "samples/answers/store-visit-tampere-2026-06-02.toml",
    ])
    .code(2);
    assert!(run.stderr.contains("store-visit-tampere-2026-06-02.toml:5:10"), "{}", run.stderr);
    assert!(
        run.stderr.contains("these answers are for rubric `store-visit`, not `cold-call`"),
        "{}",
        run.stderr
    );
}

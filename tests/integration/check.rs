//! `tarkka check` and `tarkka followups`: verdicts with the words behind
//! them, for people and machines, recorded as automatic scoresheets.

use crate::harness::{TestWorkspace, root, tarkka};

const SERVICE: &str = "rubrics/service-call.toml";

/// A service call: apology, ownership, a promise for tomorrow at 10, a
/// case number, a phone number and a personal identity code to redact.
const CALL: &str = "\
[00:00:01] Asiakaspalvelija: Kotikiinteistö, Laura puhelimessa.
[00:00:04] Asiakas: Hei, vesi tippuu edelleen keittiön lavuaarin alla. Henkilötunnukseni on 131052-308T.
[00:00:12] Asiakaspalvelija: Olen todella pahoillani. Hoidan tämän nyt itse.
[00:00:20] Asiakaspalvelija: Soitan teille huomenna kello 10, kun putkimies on varattu. Asianumero on KK-1290.
[00:00:31] Asiakaspalvelija: Sopiiko soittaa numeroon 040 123 4567, vai haluatteko tekstiviestin?
[00:00:40] Asiakas: Soitto käy.
[00:00:44] Asiakaspalvelija: Oliko muuta, mitä voin tehdä?
[00:00:48] Asiakas: Ei ollut, kiitos.
";

/// The same call where the agent doubts the customer and promises nothing.
const BAD_CALL: &str = "\
Asiakaspalvelija: Kotikiinteistö.
Asiakas: Vesi tippuu lavuaarin alla, ilmoitin jo viime viikolla.
Asiakaspalvelija: Oletteko varma, että ilmoititte? En näe mitään.
Asiakas: Olen varma.
Asiakaspalvelija: Joku ottaa yhteyttä jossain vaiheessa.
";

fn service_args<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["check", "--rubric", SERVICE, file, "--profile", "language=fi"];
    args.extend(["--profile", "repeat_contact=false"]);
    args.extend(extra);
    args
}

#[test]
fn verdicts_point_at_the_words_that_caused_them() {
    let workspace = TestWorkspace::new();
    workspace.write("calls/good.txt", CALL.as_bytes());
    workspace.write("calls/bad.txt", BAD_CALL.as_bytes());
    std::fs::copy(root().join(SERVICE), workspace.path(SERVICE)).ok();
    let rubric = root().join(SERVICE);
    let rubric = rubric.to_str().unwrap();
    let run = workspace
        .tarkka(&[
            "check",
            "--rubric",
            rubric,
            "calls",
            "--profile",
            "language=fi",
            "--profile",
            "repeat_contact=false",
        ])
        .code(1);
    insta::assert_snapshot!(run.stdout);

    let run = workspace
        .tarkka(&[
            "check",
            "--rubric",
            rubric,
            "calls/bad.txt",
            "--profile",
            "language=fi",
            "--profile",
            "repeat_contact=false",
            "--explain",
            "ownership.no-blame",
        ])
        .code(1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn machines_get_json_and_csv() {
    let workspace = TestWorkspace::new();
    let file = workspace.write("good.txt", CALL.as_bytes());
    let rubric = root().join(SERVICE);
    let mut args = service_args(file.to_str().unwrap(), &["--format", "json"]);
    args[2] = rubric.to_str().unwrap();
    args.extend(["--start", "2026-05-12T09:30:00+03:00"]);
    let run = workspace.tarkka(&args).code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let report = &json[0];
    assert_eq!(report["rubric"], "service-call");
    assert_eq!(
        report["sha256"],
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(CALL.as_bytes()))
    );
    let outcomes = report["outcomes"].as_array().unwrap();
    let commitment = outcomes.iter().find(|o| o["criterion"] == "follow-up.commitment").unwrap();
    assert_eq!(commitment["verdict"], "pass");
    assert_eq!(commitment["hits"][0]["matched"], "Soitan");
    assert_eq!(commitment["hits"][0]["turn"], 3);
    assert_eq!(commitment["hits"][0]["start"], 20_000);
    assert_eq!(commitment["promises"][0]["time"], "huomenna");
    assert_eq!(commitment["promises"][0]["deadline"]["at"], "2026-05-13T10:00:00+03:00");
    let reference = outcomes.iter().find(|o| o["criterion"] == "follow-up.reference").unwrap();
    assert_eq!(reference["hits"][0]["matched"], "Asianumero");
    // The start as a Finn writes it, in Finnish time: the same deadline.
    let mut finnish = service_args(file.to_str().unwrap(), &["--format", "json"]);
    finnish[2] = rubric.to_str().unwrap();
    finnish.extend(["--start", "12.5.2026 klo 9.30"]);
    let run = workspace.tarkka(&finnish).code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let outcomes = json[0]["outcomes"].as_array().unwrap();
    let commitment = outcomes.iter().find(|o| o["criterion"] == "follow-up.commitment").unwrap();
    assert_eq!(commitment["promises"][0]["deadline"]["at"], "2026-05-13T10:00:00+03:00");

    let mut args = service_args(file.to_str().unwrap(), &["--format", "csv"]);
    args[2] = rubric.to_str().unwrap();
    let run = workspace.tarkka(&args).code(0);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "file,sha256,criterion,verdict,kind,turn,line,time,speaker,matched,phrase,set,miss,\
         with_phrase,with_set"
    );
    assert!(
        run.stdout.lines().any(|line| line.contains(
            ",listening.acknowledges,pass,hit,3,3,00:00:12.000,agent,pahoillani,pahoillani,apology,"
        )),
        "{}",
        run.stdout
    );
    // A `near` set's hit: both words matched, the phrase that made it count
    // in the last two columns.
    let blame = workspace.write(
        "calls/blame.txt",
        b"Agent: I see. The driver probably just forgot to scan it.\nCustomer: Hm.\n",
    );
    let mut args = service_args(blame.to_str().unwrap(), &["--format", "csv"]);
    args[2] = rubric.to_str().unwrap();
    let run = workspace.tarkka(&args).code(1);
    assert!(
        run.stdout.lines().any(|line| line.contains(
            ",ownership.no-blame,fail,hit,1,1,,agent,driver probably just forgot,driver*,other-fault,,just forgot,fault"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_input_is_named_and_the_rest_still_checked() {
    let workspace = TestWorkspace::new();
    workspace.write("calls/a-good.txt", CALL.as_bytes());
    workspace.write(
        "calls/b-broken.vtt",
        b"WEBVTT\n\n00:00:05.000 --> 00:00:06.000\n<v Agent>Hei \xff\n",
    );
    let rubric = root().join(SERVICE);
    let rubric = rubric.to_str().unwrap();
    let run = workspace
        .tarkka(&[
            "check",
            "--rubric",
            rubric,
            "calls",
            "--profile",
            "language=fi",
            "--profile",
            "repeat_contact=false",
        ])
        .code(2);
    assert!(run.stdout.contains("calls/a-good.txt — service-call"), "{}", run.stdout);
    assert!(run.stderr.contains("calls/b-broken.vtt:4:14: not UTF-8 text"), "{}", run.stderr);
    assert!(run.stderr.contains("1 transcript could not be read"), "{}", run.stderr);

    // A rubric without checks, an unknown criterion, a wrong profile.
    let visit = root().join("rubrics/store-visit.toml");
    let run = workspace.tarkka(&["check", "--rubric", visit.to_str().unwrap(), "calls"]).code(2);
    assert!(run.stderr.contains("has no automatic checks"), "{}", run.stderr);
    let run = workspace
        .tarkka(&["check", "--rubric", rubric, "calls/a-good.txt", "--explain", "ownership.nope"])
        .code(2);
    assert!(
        run.stderr.contains(
            "no criterion `ownership.nope`; the checked criteria are: listening.acknowledges"
        ),
        "{}",
        run.stderr
    );
    // A slip of the keyboard gets the criterion it slipped from.
    let run = workspace
        .tarkka(&[
            "check",
            "--rubric",
            rubric,
            "calls/a-good.txt",
            "--explain",
            "ownership.no-blam",
        ])
        .code(2);
    assert!(
        run.stderr.contains("no criterion `ownership.no-blam`")
            && run.stderr.contains("did you mean `ownership.no-blame`?"),
        "{}",
        run.stderr
    );
    let run = workspace
        .tarkka(&["check", "--rubric", rubric, "calls/a-good.txt", "--profile", "language=de"])
        .code(2);
    assert!(
        run.stderr.contains("profile field `language` is `de`; expected one of fi, sv, en"),
        "{}",
        run.stderr
    );
    // Every check passed: exit 0.
    let run = workspace.tarkka(&["check", "--rubric", rubric, "calls/a-good.txt"]).code(0);
    assert!(run.stdout.contains("7 pass, 0 fail"), "{}", run.stdout);
    // Without the profile field a condition reads, the criterion is
    // undetermined, not failed.
    let cold = root().join("rubrics/cold-call.toml");
    let run = workspace
        .tarkka(&["check", "--rubric", cold.to_str().unwrap(), "calls/a-good.txt"])
        .code(1);
    assert!(
        run.stdout.contains("unknown   opening.contact-source  the profile lacks `returning`"),
        "{}",
        run.stdout
    );
}

fn log_call(workspace: &TestWorkspace, id: &str, time: &str, case: &str) {
    let rubric = root().join(SERVICE);
    workspace
        .tarkka(&[
            "encounter",
            "log",
            "--id",
            id,
            "--rubric",
            rubric.to_str().unwrap(),
            "--time",
            time,
            "--location",
            "oulu",
            "--agent",
            "laura",
            "--case",
            case,
            "--profile",
            "language=fi",
            "--profile",
            "repeat_contact=true",
        ])
        .code(0);
}

#[test]
fn recorded_checks_are_automatic_scoresheets_linked_to_the_transcript() {
    let workspace = TestWorkspace::new();
    log_call(&workspace, "S-1", "2026-05-12T09:30+03:00", "K-7");
    let file = workspace.write("incoming/call.txt", CALL.as_bytes());
    workspace
        .tarkka(&["evidence", "add", "S-1", file.to_str().unwrap(), "--kind", "transcript"])
        .code(0);
    let run = workspace.tarkka(&["check", "--record"]).code(0);
    assert!(run.stdout.contains("S-1: call.txt — 7 pass, 0 fail"), "{}", run.stdout);
    assert!(run.stdout.contains("Automatic scoresheets recorded: 1"), "{}", run.stdout);

    let sheet: serde_json::Value =
        serde_json::from_str(workspace.ledger_lines().last().unwrap()).unwrap();
    let payload = &sheet["payload"];
    assert_eq!(sheet["kind"], "scoresheet-recorded");
    assert_eq!(payload["source"], "automatic");
    assert_eq!(payload["auditor"], "tarkka-check");
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(CALL.as_bytes()));
    assert_eq!(payload["evidence"][0], digest);
    assert_eq!(payload["answers"]["follow-up.reference"]["value"], "yes");
    assert_eq!(
        payload["answers"]["follow-up.reference"]["comment"],
        "automatic: turn 4 “Asianumero”"
    );
    assert_eq!(payload["promises"][0]["deadline"], "2026-05-13T10:00:00+03:00");
    let rubric =
        tarkka_rubric::parse(&std::fs::read_to_string(root().join(SERVICE)).unwrap()).unwrap();
    assert_eq!(payload["rules_fingerprint"], rubric.rules_fingerprint().unwrap().to_string());

    // Checked once per transcript and rules.
    let lines = workspace.ledger_lines().len();
    let run = workspace.tarkka(&["check", "--record"]).code(0);
    assert!(run.stdout.contains("Nothing to check"), "{}", run.stdout);
    assert_eq!(workspace.ledger_lines().len(), lines);
    workspace.tarkka(&["verify"]).code(0);
    // The auditors' and the automatic scoresheets are listed and counted
    // apart: the auditors' by default, each source with its own total.
    let human = workspace.tarkka(&["scores", "--format", "csv"]).code(0).stdout;
    assert!(!human.contains("automatic"), "{human}");
    let automatic =
        workspace.tarkka(&["scores", "--format", "csv", "--source", "automatic"]).code(0).stdout;
    assert!(automatic.lines().skip(1).all(|row| row.contains(",automatic,")), "{automatic}");
    assert!(automatic.lines().count() > 1, "{automatic}");
    let all = workspace.tarkka(&["scores", "--source", "all"]).code(0).stdout;
    let totals: Vec<&str> = all.lines().rev().take(2).collect();
    assert!(totals[0].contains("automatic scoresheets, "), "{all}");
    assert!(totals[1].contains("auditors' scoresheets, "), "{all}");
}

#[test]
fn redacted_transcripts_keep_the_originals_digest_only() {
    let workspace = TestWorkspace::new();
    log_call(&workspace, "S-2", "2026-05-12T09:30+03:00", "K-8");
    let file = workspace.write("incoming/call.txt", CALL.as_bytes());
    workspace
        .tarkka(&["check", "--record", "--encounter", "S-2", "--redact", file.to_str().unwrap()])
        .code(0);
    let lines = workspace.ledger_lines();
    let attached: serde_json::Value = serde_json::from_str(&lines[lines.len() - 2]).unwrap();
    assert_eq!(attached["kind"], "evidence-attached");
    let original = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(CALL.as_bytes()));
    assert_eq!(attached["payload"]["original_sha256"], original);
    let stored =
        std::fs::read_to_string(workspace.path(attached["payload"]["location"].as_str().unwrap()))
            .unwrap();
    assert!(stored.contains("Henkilötunnukseni on [HETU]."), "{stored}");
    assert!(stored.contains("numeroon [PHONE], vai"), "{stored}");
    assert!(!stored.contains("131052-308T"));
    let sheet: serde_json::Value = serde_json::from_str(&lines[lines.len() - 1]).unwrap();
    assert_eq!(sheet["payload"]["evidence"][0], attached["payload"]["sha256"]);
    workspace.tarkka(&["verify"]).code(0);

    // The original file finds its encounter by its digest.
    let before = workspace.ledger_lines().len();
    let run = workspace.tarkka(&["check", "--record", file.to_str().unwrap()]).code(0);
    assert!(run.stdout.contains("S-2: "), "{}", run.stdout);
    assert_eq!(workspace.ledger_lines().len(), before + 1);

    // An unreadable transcript records nothing and stores nothing.
    let broken = workspace.write(
        "incoming/broken.vtt",
        b"WEBVTT\n\n00:00:05.000 --> 00:00:06.000\n<v Agent>Hei \xff\n",
    );
    let store_before = count_files(&workspace.path("evidence"));
    let before = workspace.ledger_lines();
    let run = workspace
        .tarkka(&["check", "--record", "--encounter", "S-2", broken.to_str().unwrap()])
        .code(2);
    assert!(run.stderr.contains("broken.vtt"), "{}", run.stderr);
    assert_eq!(workspace.ledger_lines(), before);
    assert_eq!(count_files(&workspace.path("evidence")), store_before);
    // An unknown file is not guessed at.
    let stray = workspace.write("incoming/stray.txt", BAD_CALL.as_bytes());
    let run = workspace.tarkka(&["check", "--record", stray.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("not attached to any encounter"), "{}", run.stderr);
}

fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| {
                    let path = entry.path();
                    if path.is_dir() { count_files(&path) } else { 1 }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[test]
fn followups_tell_kept_broken_and_open_promises_apart() {
    let workspace = TestWorkspace::new();
    // Promised on Tuesday 12 May for "tomorrow at 10"; called back the next morning.
    log_call(&workspace, "S-1", "2026-05-12T09:30+03:00", "K-1");
    log_call(&workspace, "F-1", "2026-05-13T09:45+03:00", "K-1");
    // Promised on 4 May for the 5th; the call-back came on the 7th.
    log_call(&workspace, "S-2", "2026-05-04T14:00+03:00", "K-2");
    log_call(&workspace, "F-2", "2026-05-07T10:00+03:00", "K-2");
    // Promised on 14 May (today, per TARKKA_NOW) for tomorrow: open.
    log_call(&workspace, "S-3", "2026-05-14T11:00+03:00", "K-3");
    for (id, name) in [("S-1", "s1.txt"), ("S-2", "s2.txt"), ("S-3", "s3.txt")] {
        // Distinct content per encounter: the digest names the file.
        let text = format!("{CALL}Asiakaspalvelija: Viite {id}.\n");
        let file = workspace.write(&format!("incoming/{name}"), text.as_bytes());
        workspace
            .tarkka(&["evidence", "add", id, file.to_str().unwrap(), "--kind", "transcript"])
            .code(0);
    }
    workspace.tarkka(&["check", "--record"]).code(0);
    let run = workspace.tarkka(&["followups", "--format", "json"]).code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let statuses: Vec<(String, String, String)> = json["promises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["encounter"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
                p["followed_by"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("S-2".into(), "broken".into(), "F-2".into()),
            ("S-1".into(), "kept".into(), "F-1".into()),
            ("S-3".into(), "open".into(), "-".into()),
        ]
    );
    assert_eq!(json["by_agent"]["laura"]["kept"], 1);
    let run = workspace.tarkka(&["followups", "--status", "broken"]).code(0);
    assert!(run.stdout.contains("S-2") && !run.stdout.contains("S-1 "), "{}", run.stdout);
    insta::assert_snapshot!(workspace.tarkka(&["followups"]).code(0).stdout);
}

#[test]
fn help_shows_examples() {
    let run = tarkka(&["check", "--help"]).code(0);
    assert!(run.stdout.contains("tarkka check --rubric rubrics/cold-call.toml call.vtt --explain"));
    let run = tarkka(&["followups", "--help"]).code(0);
    assert!(run.stdout.contains("tarkka followups --status broken"));
}

/// `--explain` on a miss lists the phrases and the closest words, and its
/// exit status is the explained criterion's (issue 14).
#[test]
fn explaining_a_miss_lists_the_phrases_and_the_closest_words() {
    let workspace = TestWorkspace::new();
    workspace.write(
        "call.txt",
        "Agent: Harmillista. Kirjaan bonuksen nyt, se näkyy huomenna.\nAsiakas: Kiitos.\n"
            .as_bytes(),
    );
    let rubric = root().join(SERVICE);
    let explain = |criterion: &str, code: i32| {
        workspace
            .tarkka(&[
                "check",
                "--rubric",
                rubric.to_str().unwrap(),
                "call.txt",
                "--profile",
                "language=fi",
                "--profile",
                "repeat_contact=false",
                "--explain",
                criterion,
            ])
            .env("TARKKA_LANG", "en")
            .code(code)
    };
    // The apology passes though other criteria fail: exit 0.
    explain("listening.acknowledges", 0);
    // The reference is missing: exit 1, with the phrases looked for.
    let run = explain("follow-up.reference", 1);
    assert!(run.stdout.contains("Phrases looked for ("), "{}", run.stdout);
    assert!(run.stdout.contains("reference/fi: \"asianumero*\""), "{}", run.stdout);
    // The case was solved on the call: N/A, with the words that show it.
    let run = explain("follow-up.commitment", 0);
    assert!(run.stdout.contains("n/a: the words show it was not called for"), "{}", run.stdout);
    assert!(run.stdout.contains("«se näkyy»"), "{}", run.stdout);
}

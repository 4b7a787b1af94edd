//! The auditor's CLI: interactive scoring, imports in every dialect and
//! with every kind of bad row, amendments, listings, samples and the demo.

use serde_json::Value;

use crate::harness::{TestWorkspace, root};

fn fixture(name: &str) -> String {
    root().join("tests/fixtures/dialects").join(name).to_str().unwrap().to_string()
}

fn follow_up_rubric() -> String {
    root().join("rubrics/follow-up.toml").to_str().unwrap().to_string()
}

/// Logs F-1 and F-2 from the dialect fixture, registering the follow-up rubric.
fn import_follow_up_encounters(ws: &TestWorkspace) {
    ws.tarkka(&[
        "import",
        "encounters",
        &fixture("encounters-utf8-comma.csv"),
        "--rubric",
        &follow_up_rubric(),
    ])
    .code(0);
}

/// A workspace with F-1 (complaint, no offer) logged for the follow-up
/// rubric, and its transcript attached.
fn follow_up_workspace() -> TestWorkspace {
    let ws = TestWorkspace::new();
    import_follow_up_encounters(&ws);
    ws.write("calls/f-1.txt", b"Agent: Hei, soitan varauksestanne.\nAsiakas: Vihdoinkin.");
    ws.tarkka(&["evidence", "add", "F-1", "calls/f-1.txt", "--kind", "transcript"]).code(0);
    ws
}

fn scoresheets(ws: &TestWorkspace) -> Vec<Value> {
    ws.ledger_lines()
        .iter()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|entry| entry["kind"] == "scoresheet-recorded")
        .collect()
}

#[test]
fn an_interactive_session_goes_back_asks_for_a_required_comment_and_records_on_confirmation() {
    let ws = follow_up_workspace();
    // F-1 is a complaint without an offer: 11 criteria apply. The session
    // answers "maybe" (refused), goes back once, gives a comment inline and
    // one when asked for it, asks for guidance, and confirms.
    let input = [
        "n",                                         // promise.on-time: fails, comment required...
        "Late by three days",                        // ...asked for and given
        "maybe",                                     // promise.channel: not an answer
        "y",                                         // promise.channel
        "b",                                         // back to promise.channel
        "n # e-mail instead of a call",              // promise.channel: comment inline
        "y",                                         // promise.reasonable-hour
        "?",                                         // guidance for continuity.identifies
        "y",                                         // continuity.identifies
        "y",                                         // continuity.no-repeat
        "y",                                         // outcome.explained
        "na",                                        // outcome.root-cause: N/A not allowed
        "y",                                         // outcome.root-cause
        "partial # credit for future bookings only", // outcome.remedy
        "y",                                         // closing.next-steps
        "n",                                         // closing.direct-contact
        "y",                                         // closing.asks-experience (bonus)
        "k",                                         // confirm
    ]
    .join("\n");
    let run = ws.tarkka(&["score", "F-1"]).stdin(&input).code(0);
    let out = &run.stdout;
    assert!(out.contains("[1/11] promise.on-time [CRITICAL]"), "{out}");
    assert!(
        out.contains("Comment (required when the criterion fails) > Late by three days"),
        "{out}"
    );
    assert!(out.contains("! `maybe` is not an answer; expected yes or no"), "{out}");
    assert!(out.contains("! N/A is not allowed here; expected yes or no"), "{out}");
    assert!(
        out.contains("Not applicable to this customer: decision.asks-reason, decision.accepts-no"),
        "{out}"
    );
    assert!(out.contains("= running score"), "{out}");
    assert!(out.contains("Critical failures: promise.on-time (overall)"), "{out}");
    assert!(out.contains("Scoresheet recorded: F-1"), "{out}");
    let sheets = scoresheets(&ws);
    assert_eq!(sheets.len(), 1);
    let answers = &sheets[0]["payload"]["answers"];
    assert_eq!(
        answers["promise.on-time"],
        serde_json::json!({"value": "no", "comment": "Late by three days"})
    );
    assert_eq!(
        answers["promise.channel"],
        serde_json::json!({"value": "no", "comment": "e-mail instead of a call"})
    );
    assert_eq!(answers["outcome.remedy"]["value"], "choice:partial");
    assert_eq!(sheets[0]["payload"]["result"]["overall"], "0");
    assert_eq!(sheets[0]["payload"]["result"]["verdict"], "fail");
}

#[test]
fn scoring_from_suggestions_records_which_were_accepted_and_which_overridden() {
    let ws = follow_up_workspace();
    let all_yes = "y\n".repeat(7) + "full\n" + &"y\n".repeat(3);
    // Blind by default, with a pointer to the suggestions.
    let run = ws.tarkka(&["score", "F-1"]).stdin(&(all_yes + "n\n")).code(1);
    assert!(
        run.stdout.contains("Tip: --suggest starts from the automatic checks"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Suggested:"), "{}", run.stdout);

    // F-2 offered something: decision.asks-reason applies and needs a
    // comment when it fails. Its transcript identifies nobody and asks no
    // reason.
    ws.write("calls/f-2.txt", "Agent: Hei.\nAsiakas: Hei, kuka siellä?".as_bytes());
    ws.tarkka(&["evidence", "add", "F-2", "calls/f-2.txt", "--kind", "transcript"]).code(0);
    let input = [
        "y", "y", "y", // promise.*
        "",  // continuity.identifies: accept "no"
        "y", // continuity.no-repeat (no check: Enter would not do)
        "y", // outcome.explained
        "",  // decision.asks-reason: accept "no"...
        "",  // ...and its words as the required comment
        "y", // decision.accepts-no
        "y", // closing.next-steps
        "y", // closing.direct-contact: override "no"
        "y", // closing.asks-experience
        "y", // confirm
    ]
    .join("\n");
    let run = ws
        .tarkka(&["score", "F-2", "--suggest", "--allow-missing-evidence", "no recording"])
        .stdin(&input)
        .code(0);
    let out = &run.stdout;
    assert!(out.contains("Suggestions: the automatic checks on f-2.txt (sha256:"), "{out}");
    assert!(out.contains("Suggested: no — not found"), "{out}");
    assert!(out.contains("Answer (yes or no) [Enter = no] > "), "{out}");
    assert!(
        out.contains("Comment (required when the criterion fails) [Enter = automatic: not found]"),
        "{out}"
    );
    assert!(
        out.contains("Suggestions 3: 2 accepted, 1 overridden: closing.direct-contact"),
        "{out}"
    );
    let sheets = scoresheets(&ws);
    let sheet = &sheets.last().unwrap()["payload"];
    assert_eq!(sheet["answers"]["decision.asks-reason"]["comment"], "automatic: not found");
    assert_eq!(sheet["answers"]["closing.direct-contact"]["value"], "yes");
    let evidence: Vec<Value> = ws
        .ledger_lines()
        .iter()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|entry| {
            entry["kind"] == "evidence-attached" && entry["payload"]["encounter"] == "F-2"
        })
        .collect();
    assert_eq!(sheet["assisted"]["transcript"], evidence[0]["payload"]["sha256"]);
    assert_eq!(
        sheet["assisted"]["suggestions"],
        serde_json::json!([
            {"criterion": "continuity.identifies", "suggested": "no", "decision": "accepted"},
            {"criterion": "decision.asks-reason", "suggested": "no", "decision": "accepted"},
            {"criterion": "closing.direct-contact", "suggested": "no", "decision": "overridden"},
        ])
    );
    // The checks' tuning knows which answers came from suggestions.
    let run = ws.tarkka(&["check", "tune"]).code(0);
    assert!(
        run.stdout
            .contains("3 pairs were scored from suggestions (--suggest): 2 accepted, 1 overridden"),
        "{}",
        run.stdout
    );
    // Suggestions need a transcript, and answers come from one place.
    ws.tarkka(&["score", "F-1", "--suggest", "--answers", "a.toml"]).code(2);
    let bare = TestWorkspace::new();
    import_follow_up_encounters(&bare);
    let run = bare.tarkka(&["score", "F-1", "--suggest"]).code(2);
    assert!(
        run.stderr.contains("`F-1` has no transcript for the checks to read; attach one with"),
        "{}",
        run.stderr
    );
}

/// At the comment a failing answer asks for, `b` goes back to the answer
/// and `q` quits (asking first; the draft keeps what was answered): neither
/// is taken as the comment.
#[test]
fn at_the_comment_prompt_b_goes_back_and_q_quits() {
    let ws = follow_up_workspace();
    let draft = ws.path("drafts/aino/F-1.toml");
    // promise.on-time: no, then back and yes; promise.channel: no, then quit.
    let run = ws.tarkka(&["score", "F-1"]).stdin("n\nb\ny\nn\nq\ny\n").code(1);
    let out = &run.stdout;
    assert!(
        out.contains("Comment (required when the criterion fails) > b\n  Answer (yes or no) > y\n"),
        "{out}"
    );
    assert!(out.contains("Quit? The answer so far is kept as a draft"), "{out}");
    assert!(out.contains("Quit: nothing was recorded."), "{out}");
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("answer = \"yes\""), "{text}");
    assert!(!text.contains("answer = \"no\"") && !text.contains("comment"), "{text}");
    assert!(ws.ledger_lines().iter().all(|line| !line.contains("scoresheet-recorded")));
}

#[test]
fn an_interactive_session_records_nothing_unless_confirmed_and_loses_no_answer() {
    let ws = follow_up_workspace();
    let lines = ws.ledger_lines().len();
    let draft = ws.path("drafts/aino/F-1.toml");
    // The input ends (Ctrl-D) after two answers: nothing recorded, both kept.
    let run = ws.tarkka(&["score", "F-1"]).stdin("y\ny\n").code(2);
    assert!(
        run.stderr.contains(
            "the input ended before every criterion was answered; nothing was recorded; the 2 answers so far are kept as a draft"
        ),
        "{}",
        run.stderr
    );
    assert!(draft.is_file());
    // Starting afresh removes that draft; quitting asks, and keeps the new one.
    let run = ws.tarkka(&["score", "F-1"]).stdin("n\ny\nn # late\nq\ny\n").code(1);
    assert!(
        run.stdout
            .contains("F-1: an unfinished draft with 2 answers (drafts/aino/F-1.toml). Resume it?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "Quit? The 2 answers so far are kept as a draft, and `tarkka score F-1` resumes it."
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Quit: nothing was recorded."), "{}", run.stdout);
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("answer = \"no\"") && text.contains("comment = \"late\""), "{text}");
    // Resumed at the third criterion: `?` tells the scale and gives an
    // example, `b` shows the earlier answer and Enter keeps it; declined at
    // the end, the answers stay a draft.
    let input = "y\n?\nb\n\n".to_string() + &"y\n".repeat(5) + "full\n" + &"y\n".repeat(3) + "n\n";
    let run = ws.tarkka(&["score", "F-1"]).stdin(&input).code(1);
    let out = &run.stdout;
    assert!(out.contains("[3/11] promise.reasonable-hour"), "{out}");
    assert!(
        out.contains(
            "  Scale: yes/no (met at: yes); weight 2 in section Keeping the promise (weight 3)"
        ),
        "{out}"
    );
    assert!(out.contains("  Example: no # the reason in your own words"), "{out}");
    assert!(out.contains("[Enter = no # late (earlier answer)] > "), "{out}");
    assert!(out.contains("Not recorded."), "{out}");
    assert!(
        out.contains("The answers are kept as a draft: `tarkka score F-1` resumes it."),
        "{out}"
    );
    assert_eq!(ws.ledger_lines().len(), lines);
    // A complete draft resumed goes straight to the result; confirmed, it
    // is recorded and the draft is gone.
    let run = ws.tarkka(&["score", "F-1"]).stdin("y\ny\n").code(0);
    assert!(run.stdout.contains("Scoresheet recorded: F-1"), "{}", run.stdout);
    assert_eq!(ws.ledger_lines().len(), lines + 1);
    assert!(!draft.exists());
    let sheet = &scoresheets(&ws)[0]["payload"]["answers"];
    assert_eq!(sheet["promise.channel"], serde_json::json!({"value": "no", "comment": "late"}));
}

#[test]
fn a_draft_resumes_on_enter_and_only_in_the_mode_it_was_begun() {
    let ws = follow_up_workspace();
    // Begun from suggestions, quit after one answer.
    ws.tarkka(&["score", "F-1", "--suggest"]).stdin("y\nq\ny\n").code(1);
    let draft = ws.path("drafts/aino/F-1.toml");
    assert!(std::fs::read_to_string(&draft).unwrap().contains("suggestions_rules = "));
    // Without --suggest: a typo asks again, Enter resumes, and the mode
    // is refused; the draft stays.
    let run = ws.tarkka(&["score", "F-1"]).stdin("jatka\n\n").code(2);
    assert_eq!(run.stdout.matches("Resume it?").count(), 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("was scored from suggestions: resume it with --suggest"),
        "{}",
        run.stderr
    );
    assert!(draft.is_file());
    // With --suggest it goes on at the second criterion.
    let run = ws.tarkka(&["score", "F-1", "--suggest"]).stdin("\nq\ny\n").code(1);
    assert!(run.stdout.contains("[2/11] promise.channel"), "{}", run.stdout);
    assert!(run.stdout.contains("The answer so far is kept as a draft"), "{}", run.stdout);
}

#[test]
fn a_killed_session_leaves_its_answers_as_a_draft() {
    use std::io::Write as _;
    let ws = follow_up_workspace();
    let mut child = ws
        .process(&["score", "F-1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"y\nn # late\n").unwrap();
    stdin.flush().unwrap();
    // Kept open, as a terminal would be; the process is killed (a crash, a
    // closed terminal) once the two answers are in the draft.
    let draft = ws.path("drafts/aino/F-1.toml");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !std::fs::read_to_string(&draft).is_ok_and(|text| text.contains("late")) {
        assert!(std::time::Instant::now() < deadline, "no draft written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let run = ws.tarkka(&["score", "F-1"]).stdin("y\nq\ny\n").code(1);
    assert!(run.stdout.contains("an unfinished draft with 2 answers"), "{}", run.stdout);
    assert!(run.stdout.contains("[3/11] promise.reasonable-hour"), "{}", run.stdout);
}

#[test]
fn missing_evidence_is_attached_or_explained_at_the_end_without_losing_answers() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    // The store-visit rubric requires a photo and a receipt; answer everything.
    let rubric = tarkka_rubric::parse(
        &std::fs::read_to_string(crate::harness::root().join("rubrics/store-visit.toml")).unwrap(),
    )
    .unwrap();
    let mut answers = String::new();
    for criterion in &rubric.criteria {
        answers.push_str(match &criterion.scale {
            tarkka_rubric::Scale::YesNo => "y\n",
            tarkka_rubric::Scale::Range { max, .. } => {
                if *max == 5 {
                    "5\n"
                } else {
                    "1\n"
                }
            }
            tarkka_rubric::Scale::Points { .. } => "10\n",
            tarkka_rubric::Scale::Choices(_) => "full\n",
        });
    }
    ws.write("kuvat/wc.jpg", b"a photo");
    // Asked for each missing kind: a wrong path is said, a file attaches,
    // a reason is taken; then the result, confirmed.
    let input =
        answers + "kuvat/ei-ole.jpg\nkuvat/wc.jpg\nreason: the till printer was broken\ny\n";
    let run = ws.tarkka(&["score", "V-1"]).stdin(&input).run();
    let out = &run.stdout;
    assert_eq!(run.code, 0, "{out}\n{}", run.stderr);
    assert!(out.contains("The rubric requires a photo for"), "{out}");
    assert!(out.contains("kuvat/ei-ole.jpg: no such file"), "{out}");
    assert!(out.contains("Attached wc.jpg (photo) sha256:"), "{out}");
    assert!(out.contains("The rubric requires a receipt for"), "{out}");
    let sheet = &scoresheets(&ws)[0]["payload"];
    assert_eq!(sheet["missing_evidence_reason"], "receipt: the till printer was broken");
    assert_eq!(sheet["required_evidence"], serde_json::json!(["photo", "receipt"]));
}

#[test]
fn every_dialect_imports_to_the_same_results() {
    let mut results = Vec::new();
    for dialect in ["utf8-comma", "utf8-bom-semicolon", "windows-1252-semicolon", "utf8-tab"] {
        let ws = TestWorkspace::new();
        let run = ws
            .tarkka(&[
                "import",
                "encounters",
                &fixture(&format!("encounters-{dialect}.csv")),
                "--rubric",
                &follow_up_rubric(),
            ])
            .code(0);
        let expected = match dialect {
            "utf8-comma" => "UTF-8, separator ','",
            "utf8-bom-semicolon" => "UTF-8 with BOM, separator ';'",
            "windows-1252-semicolon" => "Windows-1252, separator ';'",
            _ => "UTF-8, separator tab",
        };
        assert!(
            run.stdout.contains(&format!("Recorded: 2 encounters ({expected})")),
            "{dialect}: {}",
            run.stdout
        );
        let run = ws
            .tarkka(&[
                "import",
                "answers",
                &fixture(&format!("answers-{dialect}.csv")),
                "--allow-missing-evidence",
                "fixture without recordings",
            ])
            .code(0);
        assert!(run.stdout.contains("Recorded: 2 scoresheets"), "{dialect}: {}", run.stdout);
        let encounter: Value = serde_json::from_str(
            &ws.tarkka(&["encounter", "show", "F-2", "--format", "json"]).code(0).stdout,
        )
        .unwrap();
        assert_eq!(encounter["encounter"]["payload"]["location"], "Jyväskylä", "{dialect}");
        let sheets = scoresheets(&ws);
        assert_eq!(
            sheets[0]["payload"]["answers"]["promise.on-time"]["comment"],
            "Soitto tuli vasta neljän päivän päästä; luvattu \"huomenna\"."
        );
        results.push(sheets.iter().map(|s| s["payload"]["result"].clone()).collect::<Vec<_>>());
    }
    assert!(results.windows(2).all(|pair| pair[0] == pair[1]));
    // F-1: critical promise.on-time failed; F-2: all yes.
    assert_eq!(results[0][0]["overall"], "0");
    assert_eq!(results[0][1]["overall"], "1");
    // The detection can be overridden: read as UTF-8, the Windows-1252 file fails where it is not UTF-8.
    let ws = TestWorkspace::new();
    let run = ws
        .tarkka(&[
            "import",
            "encounters",
            &fixture("encounters-windows-1252-semicolon.csv"),
            "--rubric",
            &follow_up_rubric(),
            "--encoding",
            "utf-8",
        ])
        .code(2);
    assert!(
        run.stderr.contains("encounters-windows-1252-semicolon.csv:3:41: byte 0xE4 is not UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_import_lists_every_bad_row_and_records_nothing() {
    let ws = TestWorkspace::new();
    import_follow_up_encounters(&ws);
    let before = std::fs::read(ws.path("ledger.jsonl")).unwrap();
    let bad = ws.write(
        "bad-answers.csv",
        "encounter;criterion;answer;comment;auditor\n\
         F-1;promise.on-time;kyllä;;aino\n\
         F-1;promise.channel;maybe;;aino\n\
         F-1;promise.reasonable-hour;ei;;aino\n\
         F-1;continuity.identifies;kyllä;;aino\n\
         F-1;continuity.no-repeat;ei;;aino\n\
         F-1;outcome.explained;kyllä;;aino\n\
         F-1;outcome.root-cause;na;;aino\n\
         F-1;outcome.remedy;some;;aino\n\
         F-1;closing.next-steps;kyllä;;aino\n\
         F-1;closing.next-steps;ei;;aino\n\
         F-1;closing.direct-contact;kyllä\n\
         F-1;closing.nonsense;kyllä;;aino\n\
         F-9;promise.on-time;kyllä;;aino\n\
         F-2;promise.on-time;;;sara\n"
            .as_bytes(),
    );
    let run = ws.tarkka(&["import", "answers", bad.to_str().unwrap(), "--dry-run"]).code(2);
    let file = bad.to_str().unwrap();
    // The first problem stops the header-and-shape check: wrong cell counts
    // come first and alone, since rows cannot be read without them.
    assert!(
        run.stderr
            .contains(&format!("{file}:12:1: this row has 3 cells, but the header has 5 columns")),
        "{}",
        run.stderr
    );
    std::fs::write(
        &bad,
        std::fs::read_to_string(&bad).unwrap().replace(
            "F-1;closing.direct-contact;kyllä\n",
            "F-1;closing.direct-contact;kyllä;;aino\n",
        ),
    )
    .unwrap();
    let run = ws.tarkka(&["import", "answers", file]).code(2);
    let expected = [
        "bad-answers.csv:3:21: `promise.channel`: `maybe` is not an answer; expected yes or no",
        "bad-answers.csv:2:1: `F-1` by `aino`: criterion `closing.asks-experience`: no answer; expected yes or no",
        "bad-answers.csv:6:26: criterion `continuity.no-repeat`: the answer `no` fails the criterion, which requires a comment",
        "bad-answers.csv:8:24: criterion `outcome.root-cause`: N/A is not allowed for this criterion in rubric `follow-up`; expected yes or no",
        "bad-answers.csv:9:20: `outcome.remedy`: `some` is not a choice; expected one of full, partial, none",
        "bad-answers.csv:11:5: a second answer to `closing.next-steps` for `F-1` by `aino`; the first is on line 10",
        "bad-answers.csv:13:5: rubric `follow-up` has no criterion `closing.nonsense`",
        "bad-answers.csv:14:1: unknown encounter `F-9`; import or log it first",
        "bad-answers.csv:15:21: `answer` is empty; a value is required",
    ];
    for line in expected {
        assert!(run.stderr.contains(line), "missing {line}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("problems, nothing recorded"), "{}", run.stderr);
    assert_eq!(std::fs::read(ws.path("ledger.jsonl")).unwrap(), before, "nothing recorded");

    // Scoring problems: a required comment missing, an applicable criterion unanswered.
    let incomplete = ws.write(
        "incomplete.csv",
        "encounter,criterion,answer,auditor\nF-1,promise.on-time,ei,aino\nF-1,promise.channel,kyllä,aino\n".as_bytes(),
    );
    let run = ws
        .tarkka(&[
            "import",
            "answers",
            incomplete.to_str().unwrap(),
            "--allow-missing-evidence",
            "test",
        ])
        .code(2);
    assert!(run.stderr.contains("incomplete.csv:2:21: criterion `promise.on-time`: the answer `no` fails the criterion, which requires a comment"), "{}", run.stderr);
    assert!(run.stderr.contains("incomplete.csv:2:1: `F-1` by `aino`: criterion `promise.reasonable-hour`: no answer; expected yes or no"), "{}", run.stderr);

    // Header problems: an unknown column, a missing one.
    let header =
        ws.write("header.csv", b"encounter,criterion,answr,auditor\nF-1,promise.on-time,ei,aino\n");
    let run = ws.tarkka(&["import", "answers", header.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("header.csv:1:21: unknown column `answr`; expected: encounter, criterion, answer, auditor, comment"), "{}", run.stderr);
    assert!(
        run.stderr.contains("header.csv:1:1: the required column `answer` is missing"),
        "{}",
        run.stderr
    );

    // Encounter rows: a taken id, a bad time, a profile value the rubric does not allow, an unknown rubric.
    let encounters = ws.write(
        "more.csv",
        "encounter,rubric,time,location,agent,auditor,profile.complaint\n\
         F-1,follow-up,2026-02-17T10:00+02:00,x,y,aino,true\n\
         F-3,follow-up,17/02/2026 10:00,x,y,aino,true\n\
         F-4,follow-up,2026-02-17T10:00+02:00,x,y,aino,maybe\n\
         F-5,no-such-rubric,2026-02-17T10:00+02:00,x,y,aino,\n\
         F-6,follow-up,2026-02-17T10:00+02:00,x,,aino,true\n\
         F-6,follow-up,2026-02-17T10:00+02:00,x,y,aino,true\n"
            .as_bytes(),
    );
    let run = ws.tarkka(&["import", "encounters", encounters.to_str().unwrap()]).code(2);
    for line in [
        "more.csv:2:1: encounter `F-1` is already in the ledger (entry 2)",
        "more.csv:3:15: `17/02/2026 10:00` is not a time tarkka reads; expected one of",
        "more.csv:4:47: profile field `complaint` is `maybe`; expected true or false",
        "more.csv:5:5: unknown rubric `no-such-rubric`",
        "more.csv:6:40: `agent` is empty; a value is required",
        "more.csv:7:1: encounter `F-6` is also on line 6",
    ] {
        assert!(run.stderr.contains(line), "missing {line}\n{}", run.stderr);
    }
    assert_eq!(std::fs::read(ws.path("ledger.jsonl")).unwrap(), before, "nothing recorded");
}

#[test]
fn required_evidence_is_enforced_on_import() {
    let ws = TestWorkspace::new();
    import_follow_up_encounters(&ws);
    let run = ws.tarkka(&["import", "answers", &fixture("answers-utf8-comma.csv")]).code(2);
    assert!(run.stderr.contains("`F-1` lacks evidence the rubric requires: transcript (continuity.no-repeat, outcome.explained)"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`F-2` lacks evidence the rubric requires: recording (decision.asks-reason); transcript"
        ),
        "{}",
        run.stderr
    );
    let manifest = ws.write(
        "evidence.csv",
        b"encounter,kind,file\nF-1,transcript,calls/f-1.txt\nF-2,transcript,calls/f-2.txt\nF-2,recording,calls/f-2.wav\n",
    );
    ws.write("calls/f-1.txt", b"Agent: ...");
    ws.write("calls/f-2.txt", b"Agent: ...");
    ws.write("calls/f-2.wav", b"RIFF....WAVE");
    let run = ws.tarkka(&["import", "evidence", manifest.to_str().unwrap()]).code(0);
    assert!(run.stdout.contains("Recorded: 3 evidence files"), "{}", run.stdout);
    ws.tarkka(&["import", "answers", &fixture("answers-utf8-comma.csv")]).code(0);
    assert_eq!(ws.tarkka(&["verify"]).code(0).code, 0);
}

#[test]
fn an_amendment_names_whose_scoresheet_it_changes() {
    let ws = follow_up_workspace();
    let answers = "y\n".repeat(7) + "full\n" + &"y\n".repeat(3) + "y\n";
    ws.tarkka(&["score", "F-1"]).env("TARKKA_ACTOR", "sara").stdin(&answers).code(0);
    // tiina scored nothing; sara is the only auditor: hers, named.
    let run = ws
        .tarkka(&["amend", "F-1", "closing.direct-contact", "no", "--reason", "r"])
        .env("TARKKA_ACTOR", "tiina")
        .code(0);
    assert!(run.stdout.contains("in sara's scoresheet"), "{}", run.stdout);
    // With a second auditor, tiina must say whose.
    ws.tarkka(&["score", "F-1"]).env("TARKKA_ACTOR", "mikko").stdin(&answers).code(0);
    let lines = ws.ledger_lines().len();
    let run = ws
        .tarkka(&["amend", "F-1", "closing.next-steps", "no", "--reason", "r"])
        .env("TARKKA_ACTOR", "tiina")
        .code(2);
    assert!(
        run.stderr.contains(
            "`F-1` was scored by several auditors (sara, mikko) and not by `tiina`: say whose scoresheet to amend with --auditor NAME"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(ws.ledger_lines().len(), lines);
    let run = ws
        .tarkka(&["amend", "F-1", "closing.next-steps", "no", "--reason", "r", "--auditor", "aino"])
        .env("TARKKA_ACTOR", "tiina")
        .code(2);
    assert!(
        run.stderr
            .contains("`aino` has no scoresheet of `F-1`; its scoresheets are by: sara, mikko"),
        "{}",
        run.stderr
    );
    let run = ws
        .tarkka(&[
            "amend",
            "F-1",
            "closing.next-steps",
            "no",
            "--reason",
            "r",
            "--auditor",
            "mikko",
        ])
        .env("TARKKA_ACTOR", "tiina")
        .code(0);
    assert!(run.stdout.contains("in mikko's scoresheet"), "{}", run.stdout);
    // An auditor who scored it amends their own by default.
    let run = ws
        .tarkka(&["amend", "F-1", "closing.next-steps", "no", "--reason", "r"])
        .env("TARKKA_ACTOR", "sara")
        .code(0);
    assert!(run.stdout.contains("in sara's scoresheet"), "{}", run.stdout);
}

#[test]
fn an_amendment_keeps_the_original_and_changes_the_score() {
    let ws = follow_up_workspace();
    let answers = "n # Soitto tuli neljä päivää myöhässä\n".to_string()
        + &"y\n".repeat(6)
        + "full\n"
        + &"y\n".repeat(3)
        + "y\n";
    ws.tarkka(&["score", "F-1"]).stdin(&answers).code(0);
    let run = ws
        .tarkka(&[
            "amend",
            "F-1",
            "promise.on-time",
            "kyllä",
            "--reason",
            "Puhelulokista: soitto tuli ajoissa",
        ])
        .code(0);
    assert!(
        run.stdout.contains(
            "Amended F-1 promise.on-time: no → yes in aino's scoresheet; overall 0.00 % → 100.00 %"
        ),
        "{}",
        run.stdout
    );
    let lines = ws.ledger_lines();
    let amendment: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(amendment["kind"], "score-amended");
    assert_eq!(amendment["payload"]["before"]["value"], "no");
    assert_eq!(
        amendment["payload"]["after"],
        serde_json::json!({"value": "yes", "comment": "Soitto tuli neljä päivää myöhässä"})
    );
    assert_eq!(amendment["payload"]["result"]["overall"], "1");
    assert_eq!(scoresheets(&ws)[0]["payload"]["result"]["overall"], "0", "the original stays");
    let shown = ws.tarkka(&["encounter", "show", "F-1"]).code(0).stdout;
    assert!(shown.contains("scoresheet recorded: overall 0.00 % fail"), "{shown}");
    assert!(shown.contains("score amended: promise.on-time"), "{shown}");
    assert!(shown.contains("reason: Puhelulokista: soitto tuli ajoissa"), "{shown}");
    let scores = ws.tarkka(&["scores", "--format", "json"]).code(0).stdout;
    let scores: Value = serde_json::from_str(&scores).unwrap();
    assert_eq!(scores[0]["overall"], "1");
    assert_eq!(scores[0]["amendments"], 1);
    // Amending again chains on the amendment; a no-op or a bad answer is refused.
    ws.tarkka(&[
        "amend",
        "F-1",
        "closing.direct-contact",
        "ei",
        "--comment",
        "Ei suoraa numeroa",
        "--reason",
        "Tarkistettu",
    ])
    .code(0);
    let run =
        ws.tarkka(&["amend", "F-1", "closing.direct-contact", "ei", "--reason", "again"]).code(2);
    assert!(run.stderr.contains("is already `no` in that scoresheet"), "{}", run.stderr);
    let run = ws.tarkka(&["amend", "F-1", "continuity.no-repeat", "ei", "--reason", "x"]).code(2);
    assert!(
        run.stderr.contains("the answer `no` fails the criterion, which requires a comment"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.tarkka(&["verify"]).code(0).code, 0);
    // The report counts the scoresheet as the last amendment left it.
    let scores = ws.tarkka(&["scores", "--format", "json"]).code(0).stdout;
    let scores: Value = serde_json::from_str(&scores).unwrap();
    assert_eq!(scores[0]["amendments"], 2);
    let percent: f64 = scores[0]["overall_percent"].as_str().unwrap().parse().unwrap();
    assert!(percent > 0.0 && percent < 100.0, "{percent}");
    let out = ws.path("report");
    ws.tarkka(&["report", "--out", out.to_str().unwrap()]).code(0);
    let table =
        |name: &str| std::fs::read_to_string(out.join(format!("tables/{name}.csv"))).unwrap();
    let overview = table("overview");
    let all: Vec<&str> = overview.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(all[..3], ["all", "1", "1"], "{overview}");
    let mean: f64 = all[3].parse().unwrap();
    assert!((mean - percent).abs() < 0.005, "report {mean} vs scores {percent} (two decimals)");
    let criteria = table("by_criterion");
    for (criterion, failures) in [("promise.on-time", "0"), ("closing.direct-contact", "1")] {
        let row = criteria.lines().find(|line| line.contains(criterion)).unwrap();
        assert!(row.contains(&format!(",1,{failures},")), "{criterion}: {row}\n{criteria}");
    }
}

#[test]
fn scores_are_listed_filtered_in_three_formats() {
    let ws = TestWorkspace::new();
    import_follow_up_encounters(&ws);
    ws.tarkka(&[
        "import",
        "answers",
        &fixture("answers-utf8-comma.csv"),
        "--allow-missing-evidence",
        "test",
    ])
    .code(0);
    let text = ws.tarkka(&["scores"]).code(0).stdout;
    assert!(
        text.contains("F-1")
            && text.contains("F-2")
            && text.contains("2 auditors' scoresheets, 1 passed"),
        "{text}"
    );
    let csv = ws.tarkka(&["scores", "--format", "csv", "--from", "2026-03-01"]).code(0).stdout;
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("F-2,2026-04-02,Jyväskylä,agent-2,sara,follow-up,human,1,100.00,pass,"),
        "{csv}"
    );
    let json: Value = serde_json::from_str(
        &ws.tarkka(&["scores", "--format", "json", "--auditor", "aino"]).code(0).stdout,
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["critical_failures"], serde_json::json!(["promise.on-time"]));
    let run = ws.tarkka(&["scores", "--from", "May"]).code(2);
    assert!(run.stderr.contains("--from `May` is not a date"), "{}", run.stderr);
}

#[test]
fn generated_samples_are_deterministic_and_import_cleanly() {
    let ws = TestWorkspace::new();
    ws.tarkka(&["sample", "generate", "--encounters", "120", "--seed", "7", "--out", "a"]).code(0);
    ws.tarkka(&["sample", "generate", "--encounters", "120", "--seed", "7", "--out", "b"]).code(0);
    ws.tarkka(&["sample", "generate", "--encounters", "120", "--seed", "8", "--out", "c"]).code(0);
    let read = |dir: &str, file: &str| std::fs::read(ws.path(&format!("{dir}/{file}"))).unwrap();
    assert_eq!(read("a", "answers.csv"), read("b", "answers.csv"));
    assert_eq!(read("a", "encounters.csv"), read("b", "encounters.csv"));
    assert_ne!(read("a", "answers.csv"), read("c", "answers.csv"));
    let mut args = vec!["import".to_string(), "encounters".into(), "a/encounters.csv".into()];
    for rubric in ["cold-call", "follow-up", "service-call", "store-visit"] {
        args.extend(["--rubric".to_string(), format!("a/rubrics/{rubric}.toml")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ws.tarkka(&args).code(0);
    let run = ws
        .tarkka(&["import", "answers", "a/answers.csv", "--allow-missing-evidence", "synthetic"])
        .code(0);
    assert!(run.stdout.contains("Recorded: "), "{}", run.stdout);
    let scores: Value =
        serde_json::from_str(&ws.tarkka(&["scores", "--format", "json"]).code(0).stdout).unwrap();
    let scores = scores.as_array().unwrap();
    assert!(scores.len() > 120, "some encounters have a second auditor: {}", scores.len());
    let locations: std::collections::BTreeSet<&str> =
        scores.iter().map(|s| s["location"].as_str().unwrap()).collect();
    assert!(locations.len() >= 4);
    assert!(
        scores.iter().any(|s| !s["critical_failures"].as_array().unwrap().is_empty()),
        "some critical failures"
    );
}

#[test]
fn completions_and_the_manual_are_generated() {
    let bash = crate::harness::tarkka(&["completions", "bash"]).code(0).stdout;
    assert!(
        bash.contains("_tarkka()") && bash.contains("encounter"),
        "{}",
        &bash[..200.min(bash.len())]
    );
    let man = crate::harness::tarkka(&["man"]).code(0).stdout;
    assert!(man.contains(".TH tarkka") && man.contains("verify"), "{}", &man[..200.min(man.len())]);
}

#[test]
fn csv_for_finnish_excel_has_semicolons_decimal_commas_and_a_bom() {
    let ws = follow_up_workspace();
    let answers = "y\n".repeat(7) + "full\n" + "y\nn\ny\n" + "y\n";
    ws.tarkka(&["score", "F-1"]).stdin(&answers).code(0);
    let read = |text: &str, delimiter: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|record| record.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let plain = ws.tarkka(&["scores", "--format", "csv"]).code(0).stdout;
    assert!(plain.starts_with("encounter,date,location,"), "{plain}");
    let excel = ws.tarkka(&["scores", "--format", "csv", "--excel"]).code(0).stdout;
    assert!(excel.starts_with("\u{feff}encounter;date;location;"), "{excel}");
    assert!(excel.ends_with("\r\n"), "{excel:?}");
    let (plain, excel) = (read(&plain, b','), read(&excel, b';'));
    let column = plain[0].iter().position(|name| name == "overall_percent").unwrap();
    assert_eq!(plain[1][column], "97.62");
    assert_eq!(excel[1][column], "97,62");
    // Everything else is the same, the place with its comma included.
    assert_eq!(excel[1][2], "Oulu, kontaktikeskus");
    assert_eq!(excel.len(), plain.len());
    let help = crate::harness::tarkka(&["scores", "--help"]).code(0).stdout;
    assert!(help.contains("--excel"), "{help}");
}

#[test]
fn import_reads_the_times_finnish_excel_writes_in_the_workspace_zone() {
    let ws = TestWorkspace::new();
    let rubric = follow_up_rubric();
    // As Finnish Excel saves "CSV (luetteloerotin)": semicolons, d.m.yyyy.
    let table = "encounter;rubric;time;location;agent;auditor;profile.after_offer;profile.complaint\n\
                 F-1;follow-up;3.6.2026 12:15;Oulu;agent-1;aino;false;true\n\
                 F-2;follow-up;03.01.2026 12.15;Oulu;agent-1;aino;false;true\n\
                 F-3;follow-up;29.3.2026 4:00;Oulu;agent-1;aino;false;true\n\
                 F-4;follow-up;3.6.2026;Oulu;agent-1;aino;false;true\n";
    ws.write("excel.csv", table.as_bytes());
    ws.tarkka(&["import", "encounters", "excel.csv", "--rubric", &rubric]).code(0);
    let times: Vec<String> = ws
        .ledger_lines()
        .iter()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|entry| entry["kind"] == "encounter-logged")
        .map(|entry| entry["payload"]["time"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        times,
        [
            "2026-06-03T12:15+03:00",
            "2026-01-03T12:15+02:00",
            "2026-03-29T04:00+03:00",
            "2026-06-03T00:00+03:00"
        ]
    );
    // A time the clocks skip, and one no form fits: located, forms named, nothing recorded.
    let lines = ws.ledger_lines().len();
    ws.write(
        "bad.csv",
        b"encounter;rubric;time;location;agent;auditor;profile.after_offer;profile.complaint\n\
          F-5;follow-up;29.3.2026 3:30;Oulu;agent-1;aino;false;true\n\
          F-6;follow-up;3/6/2026;Oulu;agent-1;aino;false;true\n",
    );
    let run = ws.tarkka(&["import", "encounters", "bad.csv"]).code(2);
    assert!(
        run.stderr.contains("bad.csv:2:")
            && run.stderr.contains("`29.3.2026 3:30` does not exist in Europe/Helsinki"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bad.csv:3:")
            && run.stderr.contains("`3/6/2026` is not a time tarkka reads; expected one of 2026-06-03T12:15+03:00, 2026-06-03 12:15, 3.6.2026 12:15, 03.06.2026 12.15 or 3.6.2026 (midnight)"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.ledger_lines().len(), lines);
    // Another zone, from tarkka.toml; a bad one is named at its line.
    let config = std::fs::read_to_string(ws.path("tarkka.toml")).unwrap();
    assert!(config.contains("time_zone = \"Europe/Helsinki\""), "{config}");
    std::fs::write(ws.path("tarkka.toml"), config.replace("Europe/Helsinki", "Europe/Stockholm"))
        .unwrap();
    ws.tarkka(&[
        "encounter",
        "log",
        "--id",
        "F-7",
        "--rubric",
        "follow-up",
        "--time",
        "3.6.2026 12.15",
        "--location",
        "Oulu",
        "--agent",
        "agent-1",
        "--profile",
        "after_offer=false",
        "--profile",
        "complaint=true",
    ])
    .code(0);
    assert!(ws.ledger_lines().last().unwrap().contains(r#""time":"2026-06-03T12:15+02:00""#));
    std::fs::write(ws.path("tarkka.toml"), config.replace("Europe/Helsinki", "Europe/Helsingfors"))
        .unwrap();
    let run = ws.tarkka(&["scores"]).code(2);
    assert!(run.stderr.contains("tarkka.toml:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("time_zone: `Europe/Helsingfors` is not an IANA time zone"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_labelled_set_with_a_bad_label_is_named_at_its_line_and_nothing_is_trained() {
    let ws = follow_up_workspace();
    ws.write("set/a.txt", "Agent: Hei.\nAsiakas: Hei.\n".as_bytes());
    ws.write(
        "set/labels.toml",
        "[[transcript]]\nfile = \"a.txt\"\nrubric = \"follow-up\"\nstart = \"2026-06-01T10:00:00+03:00\"\n[transcript.expect]\n\"closing.direct-contact\" = \"maybe\"\n"
            .as_bytes(),
    );
    let set = ws.path("set").display().to_string();
    let run = ws.tarkka(&["check", "tune", "--model", "--labelled", &set]).code(2);
    // At the criterion's key (line 6), not the entry's first line.
    assert!(run.stderr.contains("labels.toml:6:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the label of `closing.direct-contact` is `maybe`; expected pass, fail or na"
        ),
        "{}",
        run.stderr
    );
    // A labelled set trains a model; it is no input for the comparison alone.
    ws.tarkka(&["check", "tune", "--labelled", &set]).code(2);
    // A syntax error is placed too.
    ws.write("set/labels.toml", "[[transcript]\n".as_bytes());
    let run = ws.tarkka(&["check", "tune", "--model", "--labelled", &set]).code(2);
    assert!(run.stderr.contains("labels.toml:1:"), "{}", run.stderr);
}

#[test]
fn a_sentences_file_with_a_bad_line_is_named_at_its_line_and_column_in_both_languages() {
    let ws = follow_up_workspace();
    ws.write(
        "said.tsv",
        "# rubric, criterion, label, sentence\n\
         service-call\townership.no-blame\tfail\tSe on kollegan vika.\n\
         service-call\townership.no-blame\tmaybe\tEhkä.\n\
         service-call\townership.no-blame\tpass\n\
         \u{20}\u{20}# an indented comment\n\
         service-call\t\tfail\tKenttä puuttuu.\n"
            .as_bytes(),
    );
    let file = ws.path("said.tsv").display().to_string();
    let run = ws.tarkka(&["check", "tune", "--model", "--sentences", &file]).code(2);
    // Every bad line, each at its place: the label's column, the line's start.
    assert!(run.stderr.contains("said.tsv:3:33"), "{}", run.stderr);
    assert!(run.stderr.contains("expected `pass` or `fail`, found `maybe`"), "{}", run.stderr);
    assert!(run.stderr.contains("said.tsv:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("expected four fields separated by tabs"), "{}", run.stderr);
    // An empty field at its own column; the indented comment is skipped.
    assert!(run.stderr.contains("said.tsv:6:14"), "{}", run.stderr);
    assert!(run.stderr.contains("field 2 is empty"), "{}", run.stderr);
    assert!(!run.stderr.contains("said.tsv:5:"), "{}", run.stderr);
    let run =
        ws.tarkka(&["--lang", "fi", "check", "tune", "--model", "--sentences", &file]).code(2);
    assert!(run.stderr.contains("odotettiin `pass` tai `fail`, löytyi `maybe`"), "{}", run.stderr);
    // Sentences train a model; they are no input for the comparison alone.
    ws.tarkka(&["check", "tune", "--sentences", &file]).code(2);
    // A criterion no rubric in use has is named at its line (a typo would
    // otherwise train nothing, silently). F-1 scored makes its rubric one
    // the workspace's checked transcripts use.
    let all_yes = "y\n".repeat(7) + "full\n" + &"y\n".repeat(3) + "k\n";
    ws.tarkka(&["score", "F-1"]).stdin(&all_yes).code(0);
    ws.write(
        "said.tsv",
        "\u{feff}follow-up\tclosing.direct-contact\tpass\tSoita suoraan minulle.\n\
         follow-up\tclosing.drect-contact\tfail\tEi numeroa.\n"
            .as_bytes(),
    );
    let run = ws.tarkka(&["check", "tune", "--model", "--sentences", &file]).code(2);
    assert!(run.stderr.contains("said.tsv:2:1"), "{}", run.stderr);
    assert!(!run.stderr.contains("said.tsv:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("`follow-up` `closing.drect-contact`"), "{}", run.stderr);
}

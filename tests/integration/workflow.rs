//! The review workflow (issue 18): committed plans, draws anyone can
//! re-run, queues, replacements, disputes with decisions, and the agent's
//! acknowledgement.

use crate::harness::{TestWorkspace, rechain, root};

const PLAN: &str = r#"format = 1
id = "weekly-service-calls"
version = "2026.1"

[pool]
rubrics = ["service-call"]

[[exclude]]
field = "scenario"
in = ["test call"]

[sample]
strata = ["agent"]
quota = 2
calibration = 1
due_days = 7

[[auditor]]
id = "aino"
capacity = 2

[[auditor]]
id = "mikko"
"#;

/// A workspace with the plan committed for week 50 of 2026 (7–13
/// December), then 72 calls of four agents from 6 to 14 December logged,
/// one in thirteen a test call.
fn week_of_calls(plan: &str) -> TestWorkspace {
    let ws = TestWorkspace::new();
    ws.write("plans/weekly.toml", plan.as_bytes());
    let rubric = root().join("rubrics/service-call.toml");
    ws.tarkka(&["assign", "--commit", "--plan", "plans/weekly.toml", "--period", "2026-W50"])
        .env("TARKKA_NOW", "2026-12-01T08:00:00Z")
        .env("TARKKA_ACTOR", "lead")
        .code(0);
    let mut csv = String::from(
        "encounter,rubric,time,location,agent,auditor,channel,scenario,profile.language,profile.repeat_contact\n",
    );
    let mut n = 0;
    for day in 6..=14 {
        for agent in ["agent-1", "agent-2", "agent-3", "agent-4"] {
            for hour in [9, 12] {
                n += 1;
                let scenario = if n % 13 == 0 { "test call" } else { "Billing question" };
                csv.push_str(&format!(
                    "C-{n:03},service-call,2026-12-{day:02}T{hour:02}:15+02:00,Oulu,{agent},aino,call,{scenario},fi,false\n"
                ));
            }
        }
    }
    let calls = ws.write("calls.csv", csv.as_bytes());
    ws.tarkka(&[
        "import",
        "encounters",
        calls.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
    ])
    .env("TARKKA_NOW", "2026-12-06T08:00:00Z")
    .code(0);
    ws
}

fn draw(ws: &TestWorkspace) -> serde_json::Value {
    let run = ws
        .tarkka(&[
            "assign",
            "--plan",
            "weekly-service-calls",
            "--period",
            "2026-W50",
            "--format",
            "json",
        ])
        .env("TARKKA_NOW", "2026-12-14T08:00:00Z")
        .env("TARKKA_ACTOR", "lead")
        .code(0);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The answers of the shipped service-call sample, without its profile.
fn answers(ws: &TestWorkspace) -> String {
    let text =
        std::fs::read_to_string(root().join("samples/answers/service-call-kela-2026-03-09.toml"))
            .unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            !["\"listening.knows-history\"", "encounter", "[profile]", "language", "repeat_contact"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect();
    ws.write("answers.toml", kept.join("\n").as_bytes()).to_str().unwrap().to_string()
}

#[test]
fn a_committed_plan_draws_once_by_stratum_and_anyone_can_re_run_it() {
    let ws = week_of_calls(PLAN);
    // Too early, and twice: refused, nothing recorded.
    let before = ws.ledger_lines().len();
    let early = ws
        .tarkka(&["assign", "--plan", "weekly-service-calls", "--period", "2026-W50"])
        .env("TARKKA_NOW", "2026-12-10T08:00:00Z")
        .code(2);
    assert!(early.stderr.contains("the period ends on 2026-12-13"), "{}", early.stderr);
    let again = ws
        .tarkka(&[
            "assign",
            "--commit",
            "--plan",
            "plans/weekly.toml",
            "--period",
            "2026-12-10..2026-12-20",
        ])
        .env("TARKKA_NOW", "2026-12-02T08:00:00Z")
        .code(2);
    assert!(again.stderr.contains("a commitment already covers"), "{}", again.stderr);
    // Nor under another id: two seeds over one pool would give a choice.
    ws.write("plans/copy.toml", PLAN.replace("weekly-service-calls", "weekly-copy").as_bytes());
    let copy = ws
        .tarkka(&["assign", "--commit", "--plan", "plans/copy.toml", "--period", "2026-W50"])
        .env("TARKKA_NOW", "2026-12-02T08:00:00Z")
        .code(2);
    assert!(copy.stderr.contains("(entry 1, plan `weekly-service-calls`)"), "{}", copy.stderr);
    assert_eq!(ws.ledger_lines().len(), before);

    let drawn = draw(&ws);
    // 72 calls; 16 fall outside the week, 4 in it are test calls.
    assert_eq!(drawn["pool"], 52);
    assert_eq!(drawn["strata"], 4);
    let assignments = drawn["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 8);
    for agent in ["agent-1", "agent-2", "agent-3", "agent-4"] {
        let stratum = format!("agent={agent}");
        assert_eq!(assignments.iter().filter(|a| a["stratum"] == stratum.as_str()).count(), 2);
    }
    // The first drawn goes to both (calibration); the rest 2:1 by capacity.
    assert_eq!(assignments[0]["auditors"], serde_json::json!(["aino", "mikko"]));
    let count = |who: &str| {
        assignments
            .iter()
            .filter(|a| a["auditors"].as_array().unwrap().iter().any(|x| x == who))
            .count()
    };
    assert_eq!((count("aino"), count("mikko")), (6, 3));
    for a in assignments {
        let id: u32 = a["encounter"].as_str().unwrap()[2..].parse().unwrap();
        // Days 7–13 only, and never a test call.
        assert!((9..=64).contains(&id) && !id.is_multiple_of(13), "{a}");
        assert_eq!(a["due"], "2026-12-21");
    }
    let twice = ws
        .tarkka(&["assign", "--plan", "weekly-service-calls", "--period", "2026-W50"])
        .env("TARKKA_NOW", "2026-12-15T08:00:00Z")
        .code(2);
    assert!(twice.stderr.contains("already drawn"), "{}", twice.stderr);

    // Mikko's queue: his three, oldest due first; overdue after the 21st.
    let queue = ws
        .tarkka(&["queue", "--format", "json"])
        .env("TARKKA_ACTOR", "mikko")
        .env("TARKKA_NOW", "2026-12-23T08:00:00Z")
        .code(0);
    let queue: serde_json::Value = serde_json::from_str(&queue.stdout).unwrap();
    let queue = queue.as_array().unwrap();
    assert_eq!(queue.len(), 3);
    assert!(queue.iter().all(|w| w["overdue_days"] == 2 && w["auditor"] == "mikko"));

    // Scored work leaves the queue.
    let mine = queue[0]["encounter"].as_str().unwrap().to_string();
    let answers = answers(&ws);
    let scored_own = ws
        .tarkka(&["score", &mine, "--answers", &answers, "--allow-missing-evidence", "test"])
        .env("TARKKA_ACTOR", "mikko")
        .env("TARKKA_NOW", "2026-12-15T09:00:00Z")
        .code(0);
    assert!(!scored_own.stdout.contains("Outside the sample"), "{}", scored_own.stdout);
    // Scoring outside the sample is allowed, and said.
    let outside = ws
        .tarkka(&["score", "C-001", "--answers", &answers, "--allow-missing-evidence", "test"])
        .env("TARKKA_ACTOR", "sara")
        .env("TARKKA_NOW", "2026-12-15T09:00:00Z")
        .code(0);
    assert!(
        outside.stdout.contains("Outside the sample: `C-001` is not assigned to sara in any draw;"),
        "{}",
        outside.stdout
    );
    let queue = ws
        .tarkka(&["queue", "--auditor", "mikko", "--lang", "fi"])
        .env("TARKKA_NOW", "2026-12-15T09:00:00Z")
        .code(0);
    assert!(
        !queue.stdout.contains(&mine) && queue.stdout.contains("2 odottaa"),
        "{}",
        queue.stdout
    );

    // A replacement takes the next of the same stratum, needs a reason and
    // is counted; a scored encounter stays.
    let scored = ws
        .tarkka(&["assign", "--replace", &mine, "--reason", "no audio"])
        .env("TARKKA_NOW", "2026-12-15T10:00:00Z")
        .code(2);
    assert!(scored.stderr.contains("already scored"), "{}", scored.stderr);
    let other = assignments
        .iter()
        .map(|a| a["encounter"].as_str().unwrap())
        .find(|e| *e != mine)
        .unwrap()
        .to_string();
    let replaced = ws
        .tarkka(&["assign", "--replace", &other, "--reason", "Recording cut off"])
        .env("TARKKA_NOW", "2026-12-15T10:00:00Z")
        .code(0);
    assert!(replaced.stdout.contains("Replaced in this draw: 1 / 8"), "{}", replaced.stdout);
    let show = ws.tarkka(&["encounter", "show", &other]).code(0);
    assert!(
        show.stdout.contains("replaced in the sample") && show.stdout.contains("Recording cut off")
    );

    // Anyone re-runs every draw and replacement from the ledger.
    let verified = ws.tarkka(&["assign", "--verify"]).code(0);
    assert!(verified.stdout.contains("1 draw and 1 replacement ("), "{}", verified.stdout);
    ws.tarkka(&["verify"]).code(0);

    // An insider who swaps a drawn encounter for one they prefer, and
    // rechains the ledger, is caught by the re-run.
    let original = ws.ledger_lines();
    let at = original.iter().position(|l| l.contains("\"kind\":\"sample-drawn\"")).unwrap();
    let preferred = (9..=64)
        .map(|n| format!("C-{n:03}"))
        .find(|id| !original[at].contains(&format!("\"{id}\"")))
        .unwrap();
    let mut lines = original.clone();
    lines[at] = lines[at].replacen(
        &format!("\"encounter\":\"{other}\""),
        &format!("\"encounter\":\"{preferred}\""),
        1,
    );
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let caught = ws.tarkka(&["assign", "--verify"]).code(1);
    assert!(caught.stdout.contains("differs from its recomputation"), "{}", caught.stdout);
    // So is a second draw under the same commitment, appended by a writer
    // that does not refuse it.
    let mut lines = original.clone();
    let second = lines[at].replacen(
        &format!("\"seq\":{}", at + 1),
        &format!("\"seq\":{}", lines.len() + 1),
        1,
    );
    lines.push(second);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let twice = ws.tarkka(&["assign", "--verify"]).code(1);
    assert!(
        twice.stdout.contains("draws again under commitment 1"),
        "{}\n{}",
        twice.stdout,
        ws.ledger_lines().last().unwrap()
    );
}

#[test]
fn a_plan_with_an_unknown_stratum_is_refused_with_its_place() {
    let ws = TestWorkspace::new();
    ws.write("plans/bad.toml", PLAN.replace("[\"agent\"]", "[\"agnet\"]").as_bytes());
    let run = ws
        .tarkka(&["assign", "--commit", "--plan", "plans/bad.toml", "--period", "2026-W50"])
        .env("TARKKA_NOW", "2026-12-01T08:00:00Z")
        .code(2);
    assert!(run.stderr.contains("plans/bad.toml:13:11"), "{}", run.stderr);
    assert!(run.stderr.contains("unknown stratum field `agnet`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `agent`"), "{}", run.stderr);
    assert_eq!(ws.ledger_lines().len(), 0);
    // Committing once the period has begun is refused too.
    ws.write("plans/weekly.toml", PLAN.as_bytes());
    let late = ws
        .tarkka(&["assign", "--commit", "--plan", "plans/weekly.toml", "--period", "2026-W50"])
        .env("TARKKA_NOW", "2026-12-08T08:00:00Z")
        .code(2);
    assert!(late.stderr.contains("the period begins on 2026-12-07"), "{}", late.stderr);
}

#[test]
fn the_team_queue_gives_an_encounter_to_one_auditor_only() {
    let plan = PLAN.split("[[auditor]]").next().unwrap().replace("calibration = 1\n", "");
    let ws = week_of_calls(&plan);
    let drawn = draw(&ws);
    let first = drawn["assignments"][0]["encounter"].as_str().unwrap().to_string();
    assert_eq!(drawn["assignments"][0]["auditors"], serde_json::json!([]));
    let agent = ws.tarkka(&["encounter", "show", &first, "--format", "json"]).code(0);
    let agent: serde_json::Value = serde_json::from_str(&agent.stdout).unwrap();
    let agent = agent["encounter"]["payload"]["agent"].as_str().unwrap().to_string();
    let own = ws.tarkka(&["queue", "--take", &first]).env("TARKKA_ACTOR", &agent).code(2);
    assert!(own.stderr.contains("nobody scores their own encounter"), "{}", own.stderr);
    ws.tarkka(&["queue", "--take", &first]).env("TARKKA_ACTOR", "aino").code(0);
    let second = ws.tarkka(&["queue", "--take", &first]).env("TARKKA_ACTOR", "mikko").code(2);
    assert!(second.stderr.contains("already taken by aino"), "{}", second.stderr);
    let aino =
        ws.tarkka(&["queue", "--format", "csv"]).env("TARKKA_NOW", "2026-12-15T08:00:00Z").code(0);
    assert!(aino.stdout.contains(&format!("{first},aino,")), "{}", aino.stdout);
    // Seven left in the team's queue for everyone.
    assert_eq!(aino.stdout.lines().filter(|l| l.contains(",,2026-12-21,")).count(), 7);
}

#[test]
fn a_dispute_is_decided_by_someone_else_and_the_score_changes_as_decided() {
    let ws = week_of_calls(PLAN);
    let answers = answers(&ws);
    let at = |time: &str, actor: &str, args: &[&str], code: i32| {
        ws.tarkka(args).env("TARKKA_NOW", time).env("TARKKA_ACTOR", actor).code(code)
    };
    at(
        "2026-12-15T08:00:00Z",
        "aino",
        &["score", "C-029", "--answers", &answers, "--allow-missing-evidence", "test"],
        0,
    );
    // Only criteria that lost credit, with a reason.
    let full = at(
        "2026-12-16T08:00:00Z",
        "agent-3",
        &["dispute", "open", "C-029", "--criterion", "closing.anything-else=yes", "--reason", "x"],
        2,
    );
    assert!(full.stderr.contains("got its full credit"), "{}", full.stderr);
    // A proposal must ask for credit, never take it away.
    let lower = at(
        "2026-12-16T08:00:00Z",
        "agent-3",
        &["dispute", "open", "C-029", "--criterion", "listening.tone=1", "--reason", "x"],
        2,
    );
    assert!(lower.stderr.contains("would not raise its credit"), "{}", lower.stderr);
    let opened = at(
        "2026-12-16T08:00:00Z",
        "agent-3",
        &[
            "dispute",
            "open",
            "C-029",
            "--criterion",
            "ownership.no-blame=yes",
            "--criterion",
            "closing.summary=yes",
            "--reason",
            "I named the rule, not a colleague",
        ],
        0,
    );
    assert!(opened.stdout.contains("Dispute opened C-029/1"), "{}", opened.stdout);
    assert!(opened.stdout.contains("overall 0.00 % → 7.69 % if accepted"), "{}", opened.stdout);
    // Neither the auditor nor the agent decides; every criterion is decided.
    let own = at(
        "2026-12-16T09:00:00Z",
        "aino",
        &["dispute", "decide", "C-029/1", "--accept", "all", "--reason", "r"],
        2,
    );
    assert!(own.stderr.contains("they are its auditor"), "{}", own.stderr);
    let half = at(
        "2026-12-16T09:00:00Z",
        "lead",
        &["dispute", "decide", "C-029/1", "--accept", "ownership.no-blame", "--reason", "r"],
        2,
    );
    assert!(half.stderr.contains("undecided: closing.summary"), "{}", half.stderr);
    let before = ws.ledger_lines().len();
    let decided = at(
        "2026-12-17T09:00:00Z",
        "lead",
        &[
            "dispute",
            "decide",
            "C-029/1",
            "--accept",
            "ownership.no-blame",
            "--reject",
            "closing.summary",
            "--reason",
            "The recording bears out the first; there was no summary",
        ],
        0,
    );
    assert!(decided.stdout.contains("partly accepted"), "{}", decided.stdout);
    assert!(decided.stdout.contains("Overall 0.00 % → 3.77 %"), "{}", decided.stdout);
    // The decision and its amendment, in one batch.
    let lines = ws.ledger_lines();
    assert_eq!(lines.len(), before + 2);
    assert!(
        lines[before].contains("\"kind\":\"dispute-decided\"")
            && lines[before].contains("\"batch\"")
    );
    assert!(
        lines[before + 1].contains("\"kind\":\"score-amended\"")
            && lines[before + 1].contains("\"dispute\":\"C-029/1\"")
    );
    let again = at(
        "2026-12-17T10:00:00Z",
        "boss",
        &["dispute", "decide", "C-029/1", "--reject", "all", "--reason", "r"],
        2,
    );
    assert!(again.stderr.contains("already decided"), "{}", again.stderr);
    let scores = ws.tarkka(&["scores", "--format", "csv"]).code(0);
    assert!(scores.stdout.contains("3.77"), "{}", scores.stdout);

    // Listed, with the time to decision.
    let listed = at(
        "2026-12-17T10:00:00Z",
        "lead",
        &["disputes", "--state", "decided", "--format", "json"],
        0,
    );
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(listed[0]["state"], "partly-accepted");
    assert_eq!(listed[0]["days_to_decision"], 1);
    assert_eq!(listed[0]["decided_by"], "lead");

    // The agent acknowledges the changed evaluation, once.
    let other = at("2026-12-18T08:00:00Z", "lead", &["acknowledge", "C-029"], 2);
    assert!(other.stderr.contains("only `agent-3`"), "{}", other.stderr);
    at("2026-12-18T08:00:00Z", "agent-3", &["acknowledge", "C-029", "--comment", "Understood"], 0);
    at("2026-12-18T08:00:00Z", "agent-3", &["acknowledge", "C-029"], 2);
    let show = ws.tarkka(&["encounter", "show", "C-029"]).code(0);
    for words in [
        "dispute opened C-029/1",
        "dispute decided C-029/1: partly accepted",
        "evaluation acknowledged",
        "comment: Understood",
    ] {
        assert!(show.stdout.contains(words), "{words}\n{}", show.stdout);
    }
    // After the deadline (14 days from the score): refused.
    let late = at(
        "2026-12-30T08:00:00Z",
        "agent-3",
        &["dispute", "open", "C-029", "--criterion", "closing.summary=yes", "--reason", "new"],
        2,
    );
    assert!(late.stderr.contains("by 2026-12-29"), "{}", late.stderr);
    ws.tarkka(&["verify"]).code(0);
    // The bag for the dispute carries the whole trail.
    ws.tarkka(&["export", "bag", "C-029", "--out", "bag"]).code(0);
    let entries = std::fs::read_to_string(ws.path("bag/tarkka/entries.jsonl")).unwrap();
    for kind in ["dispute-opened", "dispute-decided", "score-amended", "evaluation-acknowledged"] {
        assert!(entries.contains(&format!("\"kind\":\"{kind}\"")), "{kind}\n{entries}");
    }
}

//! Workspaces: `init`, `encounter log/show`, `evidence add`, recording a
//! scoresheet, keys.

use serde_json::Value;

use crate::harness::{TestWorkspace, root};

#[test]
fn init_creates_a_workspace_and_refuses_to_overwrite_one() {
    let ws = TestWorkspace::new();
    for path in ["tarkka.toml", "ledger.jsonl", "evidence/sha256", "keys"] {
        assert!(ws.path(path).exists(), "{path}");
    }
    assert_eq!(std::fs::read(ws.path("ledger.jsonl")).unwrap(), b"");
    let config = std::fs::read_to_string(ws.path("tarkka.toml")).unwrap();
    assert!(config.contains("format = 1"), "{config}");
    // The machine's own files are kept out of version control.
    let ignore = std::fs::read_to_string(ws.path(".gitignore")).unwrap();
    let ignored: Vec<&str> = ignore.lines().filter(|line| !line.starts_with('#')).collect();
    assert_eq!(ignored, [".cache/", "drafts/", "evidence/.incoming/"]);
    let run = ws.tarkka(&["init", "."]).code(2);
    assert!(run.stderr.contains("is a workspace already"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(ws.path(".gitignore")).unwrap(), ignore);

    // A `.gitignore` already there is the user's: left as it is.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "target/\n").unwrap();
    ws.tarkka(&["init", dir.path().to_str().unwrap()]).code(0);
    assert_eq!(std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(), "target/\n");
    // So is a link that leads nowhere (a dotfile manager's): init works.
    let linked = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/nonexistent/gitignore", linked.path().join(".gitignore")).unwrap();
    ws.tarkka(&["init", linked.path().to_str().unwrap()]).code(0);
    assert!(linked.path().join(".gitignore").symlink_metadata().unwrap().is_symlink());
    assert!(linked.path().join("tarkka.toml").exists());
}

#[test]
fn commands_find_the_workspace_upwards_or_by_flag() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-001");
    std::fs::create_dir_all(ws.path("calls/2026/05")).unwrap();
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    let out = command
        .current_dir(ws.path("calls/2026/05"))
        .env("TARKKA_LANG", "en")
        .args(["encounter", "show", "V-001"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let elsewhere = tempfile::tempdir().unwrap();
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    let out = command
        .current_dir(elsewhere.path())
        .env("TARKKA_LANG", "en")
        .env_remove("TARKKA_WORKSPACE")
        .args(["encounter", "show", "V-001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no tarkka workspace here"));
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    let out = command
        .current_dir(elsewhere.path())
        .args(["--workspace", ws.root().to_str().unwrap(), "encounter", "show", "V-001"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn an_encounter_registers_its_rubric_once_and_records_everything_given() {
    let ws = TestWorkspace::new();
    let rubric = root().join("rubrics/cold-call.toml");
    ws.tarkka(&[
        "encounter",
        "log",
        "--id",
        "C-031",
        "--rubric",
        rubric.to_str().unwrap(),
        "--time",
        "2026-04-22T10:05+03:00",
        "--location",
        "tampere",
        "--agent",
        "seller-2",
        "--case",
        "CASE-12",
        "--profile",
        "segment=business",
        "--profile",
        "employees=6",
        "--profile",
        "returning=false",
        "--profile",
        "language=fi",
        "--scenario",
        "Siivousfirma soittaa arkkitehtitoimistoon",
    ])
    .code(0);
    // A second encounter names the registered rubric by id.
    ws.tarkka(&[
        "encounter",
        "log",
        "--id",
        "C-032",
        "--rubric",
        "cold-call",
        "--time",
        "2026-04-29T10:05+03:00",
        "--location",
        "tampere",
        "--agent",
        "seller-2",
        "--case",
        "CASE-12",
        "--profile",
        "segment=consumer",
        "--profile",
        "employees=1",
        "--profile",
        "returning=true",
        "--profile",
        "language=sv",
    ])
    .code(0);
    let lines = ws.ledger_lines();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains(r#""kind":"rubric-registered""#));
    let entry: Value = serde_json::from_str(&lines[1]).unwrap();
    let payload = &entry["payload"];
    assert_eq!(entry["actor"], "aino");
    assert_eq!(entry["time"], "2026-05-14T15:00:00.000Z");
    assert_eq!(payload["encounter"], "C-031");
    assert_eq!(payload["channel"], "call");
    assert_eq!(payload["time"], "2026-04-22T10:05+03:00");
    assert_eq!(payload["auditor"], "aino");
    assert_eq!(payload["case"], "CASE-12");
    assert_eq!(
        payload["profile"],
        serde_json::json!({"employees": 6, "language": "fi", "returning": false, "segment": "business"})
    );
    let fingerprint = ws.tarkka(&["rubric", "check", rubric.to_str().unwrap()]).code(0).stdout;
    assert!(fingerprint.contains(payload["fingerprint"].as_str().unwrap()));
    // The registered text is the file, byte for byte.
    let registered: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(
        registered["payload"]["text"].as_str().unwrap(),
        std::fs::read_to_string(&rubric).unwrap()
    );

    let shown = ws.tarkka(&["encounter", "show", "C-031"]).code(0).stdout;
    assert!(shown.contains("case: CASE-12   others: C-032"), "{shown}");
    assert!(
        shown.contains("customer: employees=6, language=fi, returning=false, segment=business"),
        "{shown}"
    );
    assert!(shown.contains("scenario: Siivousfirma soittaa arkkitehtitoimistoon"), "{shown}");
}

#[test]
fn encounter_log_refuses_what_does_not_fit_the_rubric() {
    let ws = TestWorkspace::new();
    let rubric = root().join("rubrics/cold-call.toml");
    let base = [
        "encounter",
        "log",
        "--id",
        "C-1",
        "--rubric",
        rubric.to_str().unwrap(),
        "--time",
        "2026-04-22T10:05+03:00",
        "--location",
        "x",
        "--agent",
        "y",
    ];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        ws.tarkka(&args).code(2).stderr
    };
    assert!(
        with(&["--profile", "segment=goverment"])
            .contains("profile field `segment` is `goverment`; expected one of consumer, business")
    );
    assert!(with(&["--profile", "age=40"]).contains("profile field `age` is unknown"));
    assert!(
        with(&["--channel", "visit"])
            .contains("--channel visit does not fit rubric `cold-call`, which is for call")
    );
    assert!(with(&["--profile", "segment"]).contains("is not NAME=VALUE"));
    let mut args = base.to_vec();
    args[7] = "22/04/2026 10:05";
    assert!(
        ws.tarkka(&args).code(2).stderr.contains("is not a time tarkka reads; expected one of")
    );
    args = base.to_vec();
    args[3] = "C 1/..";
    assert!(ws.tarkka(&args).code(2).stderr.contains("encounter id `C 1/..` must be"));
    assert_eq!(std::fs::read(ws.path("ledger.jsonl")).unwrap(), b"", "nothing recorded");
}

#[test]
fn evidence_is_hashed_stored_once_and_shown() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-001");
    ws.log_visit("V-002");
    let photo = ws.write("incoming/wc.jpg", b"the same bytes");
    let copy = ws.write("incoming/wc-copy.jpg", b"the same bytes");
    let run = ws
        .tarkka(&[
            "evidence",
            "add",
            "V-001",
            photo.to_str().unwrap(),
            copy.to_str().unwrap(),
            "--kind",
            "photo",
        ])
        .code(0);
    assert!(run.stdout.contains("(content already stored)"), "{}", run.stdout);
    let stored: Vec<_> = walk(&ws.path("evidence/sha256"));
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(std::fs::read(&stored[0]).unwrap(), b"the same bytes");
    let lines = ws.ledger_lines();
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(
        last["batch"],
        serde_json::json!({"first": lines.len() - 1, "count": 2}),
        "two files, one batch"
    );
    assert_eq!(last["payload"]["media_type"], "image/jpeg");
    assert_eq!(last["payload"]["size"], 14);
    // In place: inside the workspace only.
    let call = ws.write("calls/v-002.wav", b"RIFF....WAVE");
    ws.tarkka(&[
        "evidence",
        "add",
        "V-002",
        call.to_str().unwrap(),
        "--kind",
        "recording",
        "--in-place",
    ])
    .code(0);
    let last: Value = serde_json::from_str(ws.ledger_lines().last().unwrap()).unwrap();
    assert_eq!(last["payload"]["location"], "calls/v-002.wav");
    assert_eq!(last["payload"]["in_place"], true);
    let outside = tempfile::NamedTempFile::new().unwrap();
    let run = ws
        .tarkka(&[
            "evidence",
            "add",
            "V-002",
            outside.path().to_str().unwrap(),
            "--kind",
            "other",
            "--in-place",
        ])
        .code(2);
    assert!(run.stderr.contains("must be inside the workspace"), "{}", run.stderr);
    let run = ws
        .tarkka(&["evidence", "add", "V-404", photo.to_str().unwrap(), "--kind", "photo"])
        .code(2);
    assert!(run.stderr.contains("no encounter `V-404`"), "{}", run.stderr);
    let run =
        ws.tarkka(&["evidence", "add", "V-001", "no-such-file.jpg", "--kind", "photo"]).code(2);
    assert!(run.stderr.contains("no-such-file.jpg: no such file"), "{}", run.stderr);
    let shown = ws.tarkka(&["encounter", "show", "V-001"]).code(0).stdout;
    assert!(shown.contains("evidence attached: photo wc.jpg (image/jpeg, 14 B)"), "{shown}");
    assert!(shown.contains("evidence attached: photo wc-copy.jpg"), "{shown}");
    assert_eq!(ws.tarkka(&["verify"]).code(0).code, 0);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn scoring_an_encounter_records_a_scoresheet_with_the_encounters_profile() {
    let ws = TestWorkspace::new();
    let rubric = root().join("rubrics/cold-call.toml");
    ws.tarkka(&[
        "encounter",
        "log",
        "--id",
        "C-031",
        "--rubric",
        rubric.to_str().unwrap(),
        "--time",
        "2026-04-22T10:05+03:00",
        "--location",
        "tampere",
        "--agent",
        "seller-2",
        "--profile",
        "segment=business",
        "--profile",
        "employees=6",
        "--profile",
        "returning=false",
        "--profile",
        "language=fi",
    ])
    .code(0);
    let answers = root().join("samples/answers/cold-call-siivous-2026-04-22.toml");
    // The sample carries its own profile; in a workspace the encounter's is used.
    let run = ws.tarkka(&["score", "C-031", "--answers", answers.to_str().unwrap()]).code(2);
    assert!(
        run.stderr.contains("the customer profile comes from the logged encounter"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(&answers).unwrap();
    let start = text.find("[profile]").unwrap();
    let end = text.find("[answers]").unwrap();
    let without_profile = format!("{}{}", &text[..start], &text[end..]);
    let answers = ws.write("c-031.toml", without_profile.as_bytes());
    ws.write("calls/c-031.mp3", b"ID3 recording");
    ws.write("calls/c-031.txt", b"Agent: Hei, soitinko sopivalla hetkella?");
    ws.tarkka(&["evidence", "add", "C-031", "calls/c-031.mp3", "--kind", "recording"]).code(0);
    ws.tarkka(&["evidence", "add", "C-031", "calls/c-031.txt", "--kind", "transcript"]).code(0);
    let run = ws.tarkka(&["score", "C-031", "--answers", answers.to_str().unwrap()]).code(0);
    assert!(run.stdout.contains("Overall: 58.33 %   FAIL (threshold 75.00 %)"), "{}", run.stdout);
    assert!(run.stdout.contains("Scoresheet recorded: C-031 (entry 5"), "{}", run.stdout);
    let sheet: Value = serde_json::from_str(&ws.ledger_lines()[4]).unwrap();
    let payload = &sheet["payload"];
    assert_eq!(payload["source"], "human");
    assert_eq!(payload["result"]["overall"], "7/12");
    assert_eq!(payload["answers"]["offer.never-too-small"]["value"], "no");
    assert_eq!(payload["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(payload["required_evidence"], serde_json::json!(["recording", "transcript"]));
    let shown = ws.tarkka(&["encounter", "show", "C-031"]).code(0).stdout;
    assert!(shown.contains("scoresheet recorded: overall 58.33 % fail (auditor aino)"), "{shown}");
    let json: Value = serde_json::from_str(
        &ws.tarkka(&["encounter", "show", "C-031", "--format", "json"]).code(0).stdout,
    )
    .unwrap();
    assert_eq!(json["scoresheets"][0]["seq"], 5);
    assert_eq!(json["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(ws.tarkka(&["verify"]).code(0).code, 0);
    let run = ws.tarkka(&["score", "C-404", "--answers", answers.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("no encounter `C-404`"), "{}", run.stderr);
}

#[test]
fn a_key_is_made_once_and_kept_private() {
    let ws = TestWorkspace::new();
    let run = ws.tarkka(&["key", "new", "aino"]).code(0);
    assert!(run.stdout.contains("recorded as entry 1"), "{}", run.stdout);
    let private = ws.path(".test-keys/aino.key");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
    let public = std::fs::read_to_string(ws.path("keys/aino.pub")).unwrap();
    let entry: Value = serde_json::from_str(&ws.ledger_lines()[0]).unwrap();
    assert_eq!(entry["payload"]["key"], public.trim());
    assert_eq!(entry["sig"]["key"], public.trim());
    // Asked again, the key is kept and nothing is recorded.
    let run = ws.tarkka(&["key", "new", "aino"]).code(0);
    assert!(run.stdout.contains("The workspace trusts this signing key already"), "{}", run.stdout);
    assert_eq!(ws.ledger_lines().len(), 1);
    assert_eq!(std::fs::read_to_string(ws.path("keys/aino.pub")).unwrap(), public);
}

#[test]
fn a_key_made_in_one_workspace_is_registered_in_the_next_and_verifies_there() {
    let first = TestWorkspace::new();
    first.tarkka(&["key", "new", "aino"]).code(0);
    let key_dir = first.path(".test-keys");
    let key_dir = key_dir.to_str().unwrap();
    let public = std::fs::read_to_string(first.path("keys/aino.pub")).unwrap();
    // Another workspace: aino's first entry there registers the key first.
    let second = TestWorkspace::new();
    let mut args = crate::harness::visit_args("V-1");
    args.extend(["--case".into(), "K-1".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = second.tarkka(&args).env("TARKKA_KEY_DIR", key_dir).code(0);
    assert!(
        run.stderr.contains("aino's signing key was registered in this workspace (entry 1"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(second.path("keys/aino.pub")).unwrap(), public);
    let lines = second.ledger_lines();
    assert!(lines[0].contains(r#""kind":"key-added""#), "{}", lines[0]);
    assert!(
        lines.iter().all(|line| line.contains(&format!(r#""sig":{{"key":"{}""#, public.trim())))
    );
    second.tarkka(&["verify"]).env("TARKKA_KEY_DIR", key_dir).code(0);
    // A workspace that trusts another key of aino's is not changed.
    let third = TestWorkspace::new();
    third.tarkka(&["key", "new", "aino"]).code(0);
    let before = third.ledger_lines();
    // A dry run writes nothing, key included.
    let fourth = TestWorkspace::new();
    let csv = "encounter,rubric,time,location,agent,auditor\nV-9,store-visit,2026-05-14T17:40+03:00,kamppi,m,aino\n";
    fourth.write("e.csv", csv.as_bytes());
    let rubric = root().join("rubrics/store-visit.toml");
    let untouched = fourth.ledger_lines();
    fourth
        .tarkka(&[
            "import",
            "encounters",
            "e.csv",
            "--rubric",
            rubric.to_str().unwrap(),
            "--dry-run",
        ])
        .env("TARKKA_KEY_DIR", key_dir)
        .code(0);
    assert_eq!(fourth.ledger_lines(), untouched);
    assert!(!fourth.path("keys/aino.pub").exists());
    // Deleting the public key revokes it: it is not quietly trusted again.
    std::fs::remove_file(second.path("keys/aino.pub")).unwrap();
    let lines = second.ledger_lines();
    let mut again = crate::harness::visit_args("V-2");
    again.extend(["--case".into(), "K-1".into()]);
    let again: Vec<&str> = again.iter().map(String::as_str).collect();
    let run = second.tarkka(&again).env("TARKKA_KEY_DIR", key_dir).code(2);
    assert!(run.stderr.contains("the key was revoked"), "{}", run.stderr);
    assert_eq!(second.ledger_lines(), lines);
    assert!(!second.path("keys/aino.pub").exists());
    // A new key of aino's (after the revocation) may be registered.
    let fresh_keys = second.path(".fresh-keys");
    let fresh_keys = fresh_keys.to_str().unwrap();
    second.tarkka(&["key", "new", "aino"]).env("TARKKA_KEY_DIR", fresh_keys).code(0);
    second.tarkka(&again).env("TARKKA_KEY_DIR", fresh_keys).code(0);
    // An actor never names a path outside its directory.
    let run = second.tarkka(&["scores"]).env("TARKKA_ACTOR", "..").run();
    assert_eq!(run.code, 0, "a reading command needs no actor");
    let run = second.tarkka(&again).env("TARKKA_ACTOR", "..").code(2);
    assert!(run.stderr.contains("cannot be an auditor id"), "{}", run.stderr);
    let run = third.tarkka(&args).env("TARKKA_KEY_DIR", key_dir).code(2);
    assert!(
        run.stderr.contains("the workspace trusts another signing key of `aino`"),
        "{}",
        run.stderr
    );
    assert_eq!(third.ledger_lines(), before);
}

#[test]
fn init_with_samples_writes_the_shipped_files_and_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        crate::harness::tarkka(args).env("TARKKA_LANG", "en").env("TARKKA_ACTOR", "aino")
    };
    let fresh = dir.path().join("fresh");
    run(&["init", fresh.to_str().unwrap(), "--samples"]).code(0);
    assert!(fresh.join("tarkka.toml").is_file());
    assert_eq!(
        std::fs::read(fresh.join("rubrics/store-visit.toml")).unwrap(),
        std::fs::read(root().join("rubrics/store-visit.toml")).unwrap()
    );
    assert!(fresh.join("samples/evidence/V-2026-014/wc.png").is_file());
    // Somebody's own rubrics are never overwritten.
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(mine.join("rubrics")).unwrap();
    let run = run(&["init", mine.to_str().unwrap(), "--samples"]).code(2);
    assert!(run.stderr.contains("rubrics exists already"), "{}", run.stderr);
    assert!(!mine.join("tarkka.toml").exists());
}

#[test]
fn a_filter_that_matches_nothing_says_so_and_suggests_the_closest_names() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    let refused = |args: &[&str], expected: &str| {
        let run = ws.tarkka(args).code(2);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    };
    refused(
        &["scores", "--location", "Kamppi"],
        "--location `Kamppi` matches nothing; did you mean `kamppi`?",
    );
    refused(
        &["scores", "--agent", "myyja-4"],
        "--agent `myyja-4` matches nothing; did you mean `myyja-3`?",
    );
    refused(&["scores", "--rubric", "store"], "did you mean `store-visit`?");
    refused(&["followups", "--location", "kampi"], "did you mean `kamppi`?");
    refused(&["report", "--out", "r", "--location", "Lahti"], "the locations are: kamppi");
    assert!(!ws.path("r").exists());
    // Dates as Finns write them, and a date that is none, said in words.
    ws.score_sample("V-1");
    let run = ws.tarkka(&["scores", "--from", "14.5.2026", "--to", "2026-05-14"]).code(0);
    assert!(run.stdout.contains("V-1"), "{}", run.stdout);
    let run = ws.tarkka(&["scores", "--from", "1.13.2026"]).code(2);
    assert!(
        run.stderr.contains("--from `1.13.2026` is not a date: write 2026-05-31 or 31.5.2026"),
        "{}",
        run.stderr
    );
    // --excel is CSV for Excel, without --format csv too.
    let run = ws.tarkka(&["scores", "--excel"]).code(0);
    assert!(run.stdout.starts_with('\u{feff}') && run.stdout.contains(';'), "{}", run.stdout);
    // Known names that match nothing together: said, not an error.
    let run = ws.tarkka(&["scores", "--location", "kamppi", "--from", "2027-01-01"]).code(0);
    assert!(run.stderr.contains("no scoresheet matches these filters together"), "{}", run.stderr);
}

#[test]
fn a_new_name_close_to_a_known_one_is_refused_as_a_likely_typo_until_said_new() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    let with = |id: &str, location: &str, agent: &str| {
        let mut args = crate::harness::visit_args(id);
        let at = |flag: &str| args.iter().position(|a| a == flag).unwrap() + 1;
        let (l, a) = (at("--location"), at("--agent"));
        args[l] = location.to_string();
        args[a] = agent.to_string();
        args
    };
    let before = ws.ledger_bytes();
    let args = with("V-2", "kampi", "myyja-3");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ws.tarkka(&args).code(2);
    assert!(
        run.stderr.contains("--location `kampi` is new, and close to `kamppi`")
            && run.stderr.contains("repeat with --new-name"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.ledger_bytes(), before, "a refused log changes nothing");
    // Another number is another agent; a name far from every known one is new.
    for (id, location, agent) in [("V-3", "kamppi", "myyja-4"), ("V-4", "Tampere", "myyja-3")] {
        let args = with(id, location, agent);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ws.tarkka(&args).code(0);
    }
    // Said new, it is logged.
    let mut args = with("V-2", "kampi", "myyja-3");
    args.push("--new-name".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ws.tarkka(&args).code(0);
    // An import's row names the row and the column, and `--new-names` lets it in.
    let csv = ws.write(
        "more.csv",
        b"encounter,rubric,time,location,agent,auditor\n\
          V-5,store-visit,2026-05-15T10:00+03:00,Tampere,myyja-3,tester\n\
          V-6,store-visit,2026-05-15T11:00+03:00,Tampre,myyja-3,tester\n",
    );
    let before = ws.ledger_bytes();
    let run = ws.tarkka(&["import", "encounters", csv.to_str().unwrap()]).code(2);
    assert!(
        run.stderr.contains("1 problem")
            && run.stderr.contains("more.csv:3:")
            && run.stderr.contains("location `Tampre` is new, and close to `Tampere`")
            && run.stderr.contains("--new-names"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.ledger_bytes(), before);
    ws.tarkka(&["import", "encounters", csv.to_str().unwrap(), "--new-names"]).code(0);
    // A scoresheet's auditor too: `Aino` beside the known `aino`, refused
    // before any answer is asked.
    let answers = root().join("samples/answers/store-visit-kamppi-2026-05-14.toml");
    let answers = answers.to_str().unwrap();
    let before = ws.ledger_bytes();
    let score = ["score", "V-1", "--answers", answers, "--allow-missing-evidence", "test"];
    let run = ws.tarkka(&score).env("TARKKA_ACTOR", "Aino").code(2);
    assert!(
        run.stderr.contains("--actor `Aino` is new, and close to `aino`")
            && run.stderr.contains("--new-name"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.ledger_bytes(), before);
    // And an answers table's (only case, spacing and dashes: an auditor who
    // only scores is named by no logged encounter).
    let csv = ws.write(
        "answers.csv",
        b"encounter,criterion,answer,auditor\nV-1,greeting.contact,yes,AINO\n",
    );
    let run = ws.tarkka(&["import", "answers", csv.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("auditor `AINO` is new, and close to `aino`"), "{}", run.stderr);
    assert_eq!(ws.ledger_bytes(), before);
    // Once `Aino` has scored (said new once), the ledger knows her from her
    // scoresheet, though no encounter names her: the next score and an
    // answers table by her are not refused again.
    let new_name = [&score[..], &["--new-name"]].concat();
    ws.tarkka(&new_name).env("TARKKA_ACTOR", "Aino").code(0);
    let again = ["score", "V-2", "--answers", answers, "--allow-missing-evidence", "test"];
    let run = ws.tarkka(&again).env("TARKKA_ACTOR", "Aino").run();
    assert!(!run.stderr.contains("is new, and close to"), "{}", run.stderr);
    let by_aino = ws.write(
        "answers.csv",
        b"encounter,criterion,answer,auditor\nV-1,greeting.contact,yes,Aino\n",
    );
    let run = ws.tarkka(&["import", "answers", by_aino.to_str().unwrap()]).run();
    assert!(!run.stderr.contains("is new, and close to"), "{}", run.stderr);
    // A misspelt criterion gets the one it slipped from.
    let csv = ws.write(
        "answers.csv",
        b"encounter,criterion,answer,auditor\nV-1,greeting.contct,yes,aino\n",
    );
    let run = ws.tarkka(&["import", "answers", csv.to_str().unwrap()]).code(2);
    assert!(
        run.stderr.contains("has no criterion `greeting.contct`; did you mean `greeting.contact`?"),
        "{}",
        run.stderr
    );
}

//! Reliability of the ledger under the real binary: concurrent writers,
//! writers killed at random points, writes torn at many bytes, and bad input
//! that must change nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use crate::harness::{Run, Store, TestWorkspace, root, visit_args};
use crate::on_every_store;

/// `tarkka ARGS...` in the workspace as a plain process that can be spawned
/// and killed, with the environment `TestWorkspace::tarkka` gives.
fn command(ws: &TestWorkspace, args: &[&str]) -> Command {
    let mut command = ws.process(args);
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    command
}

fn run_of(output: Output) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// A deterministic pseudo-random schedule (xorshift64).
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn ledger_bytes(ws: &TestWorkspace) -> Vec<u8> {
    ws.ledger_bytes()
}

/// Every ledger line parsed as JSON; the ledger must end in a newline.
fn entries(ws: &TestWorkspace) -> Vec<Value> {
    let bytes = ledger_bytes(ws);
    assert!(bytes.is_empty() || bytes.ends_with(b"\n"), "the ledger does not end in a newline");
    String::from_utf8(bytes)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(index, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("line {} is not JSON ({error}): {line}", index + 1))
        })
        .collect()
}

/// Checks that the sequence numbers are 1..=N in order and each entry
/// links to the one before it.
fn assert_chain(entries: &[Value]) {
    let mut prev = "0".repeat(64);
    for (index, entry) in entries.iter().enumerate() {
        assert_eq!(entry["seq"].as_u64(), Some(index as u64 + 1), "line {}: {entry}", index + 1);
        assert_eq!(entry["prev"].as_str(), Some(prev.as_str()), "line {}: {entry}", index + 1);
        prev = entry["hash"].as_str().unwrap().to_string();
    }
}

/// How often each encounter id was logged.
fn logged_ids(entries: &[Value]) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for entry in entries.iter().filter(|e| e["kind"] == "encounter-logged") {
        *ids.entry(entry["payload"]["encounter"].as_str().unwrap().to_string()).or_insert(0) += 1;
    }
    ids
}

fn count_kind(entries: &[Value], kind: &str) -> usize {
    entries.iter().filter(|e| e["kind"] == kind).count()
}

/// `tarkka verify --json [ARGS]`: the exit code and the report.
fn verify_json(ws: &TestWorkspace, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let run = ws.tarkka(&all).run();
    let report = serde_json::from_str(&run.stdout).unwrap_or_else(|_| {
        panic!("exit {}\n--- stdout\n{}\n--- stderr\n{}", run.code, run.stdout, run.stderr)
    });
    (run.code, report)
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

/// `verify` holds with no findings, over this many entries.
fn assert_verifies(ws: &TestWorkspace, args: &[&str], entries: usize) {
    let (code, report) = verify_json(ws, args);
    assert_eq!((code, findings(&report).len()), (0, 0), "{report:#}");
    assert_eq!(report["entries"].as_u64(), Some(entries as u64), "{report:#}");
}

/// Every stored evidence object and partial copy, relative.
fn evidence_files(ws: &TestWorkspace) -> BTreeSet<String> {
    ws.evidence_files()
}

/// The side files `ledger repair` left, by name.
fn side_files(ws: &TestWorkspace) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("ledger.jsonl.torn-"))
        .collect();
    names.sort();
    names
}

/// The entry number and hash that `encounter log` acknowledged.
fn acknowledged_entry(stdout: &str, id: &str) -> (u64, String) {
    let rest = stdout
        .strip_prefix(&format!("Logged {id} (entry "))
        .unwrap_or_else(|| panic!("not an acknowledgement of {id}: {stdout}"));
    let (seq, rest) = rest.split_once(", ").unwrap();
    let hash = rest.trim_end().strip_suffix(')').unwrap();
    (seq.parse().unwrap(), hash.to_string())
}

on_every_store!(
    concurrent_writers_get_one_gapless_chain,
    a_duplicate_id_logged_concurrently_is_accepted_once,
    writers_killed_at_random_points_lose_nothing_acknowledged,
    bad_input_changes_nothing,
);

/// Eight writers at once, each a separate process; on a team store each
/// from its own machine's directory.
fn concurrent_writers_get_one_gapless_chain(store: Store) {
    const WRITERS: usize = 8;
    const EACH: usize = 15;
    let Some(ws) = TestWorkspace::on(store) else { return };
    let machines: Vec<Option<TestWorkspace>> = (0..WRITERS).map(|_| ws.machine()).collect();
    let acknowledged: Vec<Vec<(String, Run)>> = std::thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let ws = machines[writer].as_ref().unwrap_or(&ws);
                scope.spawn(move || {
                    (0..EACH)
                        .map(|i| {
                            let id = format!("W{writer}-{i:02}");
                            let run = ws.tarkka(&strs(&visit_args(&id))).run();
                            (id, run)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        writers.into_iter().map(|writer| writer.join().unwrap()).collect()
    });

    let entries = entries(&ws);
    // One rubric registration (by whichever writer came first) and one
    // entry per encounter.
    assert_eq!(entries.len(), 1 + WRITERS * EACH);
    assert_eq!(count_kind(&entries, "rubric-registered"), 1);
    assert_chain(&entries);
    let ids = logged_ids(&entries);
    assert_eq!(ids.len(), WRITERS * EACH);
    for (id, run) in acknowledged.iter().flatten() {
        assert_eq!(run.code, 0, "{id}: {}", run.stderr);
        assert_eq!(ids.get(id), Some(&1), "{id}");
        // What was acknowledged is what the ledger holds at that place.
        let (seq, hash) = acknowledged_entry(&run.stdout, id);
        let entry = &entries[seq as usize - 1];
        assert_eq!(entry["payload"]["encounter"].as_str(), Some(id.as_str()));
        assert_eq!(entry["hash"].as_str(), Some(hash.as_str()));
    }
    assert_verifies(&ws, &[], entries.len());
    let run = ws.tarkka(&["verify"]).code(0);
    assert!(run.stdout.contains("All holds"), "{}", run.stdout);
}

fn a_duplicate_id_logged_concurrently_is_accepted_once(store: Store) {
    const ROUNDS: usize = 8;
    const RACERS: usize = 3;
    let Some(ws) = TestWorkspace::on(store) else { return };
    let machines: Vec<Option<TestWorkspace>> = (0..RACERS).map(|_| ws.machine()).collect();
    ws.log_visit("V-0");
    for round in 0..ROUNDS {
        let id = format!("D-{round}");
        let args = visit_args(&id);
        let children: Vec<_> = machines
            .iter()
            .map(|machine| command(machine.as_ref().unwrap_or(&ws), &strs(&args)).spawn().unwrap())
            .collect();
        let runs: Vec<Run> =
            children.into_iter().map(|child| run_of(child.wait_with_output().unwrap())).collect();
        let accepted: Vec<&Run> = runs.iter().filter(|run| run.code == 0).collect();
        assert_eq!(
            accepted.len(),
            1,
            "{id}: {:?}",
            runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
        );
        let (seq, _) = acknowledged_entry(&accepted[0].stdout, &id);
        for run in runs.iter().filter(|run| run.code != 0) {
            assert_eq!(run.code, 2, "{}", run.stderr);
            assert_eq!(run.stdout, "");
            assert_eq!(
                run.stderr.trim_end(),
                format!(
                    "tarkka: error: encounter `{id}` is already in the ledger (entry {seq}); ids are unique"
                )
            );
        }
    }
    let entries = entries(&ws);
    assert_eq!(entries.len(), 2 + ROUNDS);
    assert_chain(&entries);
    let ids = logged_ids(&entries);
    assert!(ids.values().all(|&count| count == 1), "{ids:?}");
    assert_eq!(ids.len(), 1 + ROUNDS);
    assert_verifies(&ws, &[], entries.len());
}

/// After a crash, `verify` either holds or finds exactly one torn tail,
/// which `ledger repair` moves aside so that it holds. Returns whether
/// there was a torn tail.
fn recover(ws: &TestWorkspace, context: &str) -> bool {
    let (code, report) = verify_json(ws, &["--no-evidence"]);
    match code {
        0 => {
            assert!(findings(&report).is_empty(), "{context}: {report:#}");
            false
        }
        1 => {
            let kinds: Vec<&str> =
                findings(&report).iter().map(|f| f["kind"].as_str().unwrap()).collect();
            assert_eq!(kinds, ["torn-tail"], "{context}: {report:#}");
            let repaired = ws.tarkka(&["ledger", "repair"]).code(0);
            assert!(repaired.stdout.starts_with("Moved "), "{context}: {}", repaired.stdout);
            let (code, report) = verify_json(ws, &["--no-evidence"]);
            assert_eq!((code, findings(&report).len()), (0, 0), "{context}: {report:#}");
            true
        }
        _ => panic!("{context}: verify exited {code}: {report:#}"),
    }
}

/// On a team store a batch is one transaction: a killed writer leaves all
/// of it or none, so there is never a torn tail to repair.
fn writers_killed_at_random_points_lose_nothing_acknowledged(store: Store) {
    use std::os::unix::process::ExitStatusExt;
    use std::time::Duration;

    const KILLS: usize = 80;
    let Some(ws) = TestWorkspace::on(store) else { return };
    ws.log_visit("BASE");
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    // A few hundred KB, so that `evidence add` takes a while to hash and copy.
    let noise: Vec<u8> = (0..300_000 / 8).flat_map(|_| rng.next().to_le_bytes()).collect();
    let mut acknowledged_ids: Vec<String> = vec!["BASE".into()];
    let mut acknowledged_evidence: Vec<String> = Vec::new();
    let (mut killed, mut finished, mut torn) = (0, 0, 0);
    let mut attempts: Vec<String> = Vec::new();

    for i in 0..=KILLS {
        // One writer, killed after a pseudo-random delay.
        let evidence = rng.below(3) == 0;
        let args: Vec<String> = if evidence {
            // One to three files; several are appended as one batch.
            let mut args: Vec<String> =
                ["evidence", "add", "BASE", "--kind", "recording"].map(str::to_string).to_vec();
            for file in 0..1 + rng.below(3) {
                let relative = format!("incoming/e-{i}-{file}.bin");
                let mut content = format!("take {i} file {file}\n").into_bytes();
                content.extend_from_slice(&noise);
                ws.write(&relative, &content);
                args.push(relative);
            }
            args
        } else {
            visit_args(&format!("K-{i}"))
        };
        let delay = Duration::from_micros(200 + rng.below(8_000));
        let mut child = command(&ws, &strs(&args)).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap();
        let output = child.wait_with_output().unwrap();
        let outcome = if output.status.success() {
            finished += 1;
            let stdout = String::from_utf8(output.stdout).unwrap();
            if evidence {
                for line in stdout.lines() {
                    let digest = line.split("sha256:").nth(1).unwrap().split_whitespace().next();
                    acknowledged_evidence.push(digest.unwrap().to_string());
                }
            } else {
                acknowledged_ids.push(args[3].clone());
            }
            "acknowledged"
        } else {
            assert_eq!(
                output.status.signal(),
                Some(9),
                "{args:?} neither finished nor was killed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            killed += 1;
            "killed"
        };
        attempts.push(format!("{i}: {} after {delay:?}: {outcome}", args[..2].join(" ")));
        if i == KILLS {
            break;
        }
        // The ledger holds after every crash, or is repaired; then it grows.
        torn += usize::from(recover(&ws, &attempts.join("\n")));
        let id = format!("G-{i}");
        ws.tarkka(&strs(&visit_args(&id))).code(0);
        acknowledged_ids.push(id);
    }

    // The last writer was killed with nothing after it.
    torn += usize::from(recover(&ws, &attempts.join("\n")));
    if store == Store::Team {
        assert_eq!(torn, 0, "a torn tail in a database ledger");
    }
    let entries = entries(&ws);
    assert_chain(&entries);
    let ids = logged_ids(&entries);
    assert!(ids.values().all(|&count| count == 1), "{ids:?}");
    for id in &acknowledged_ids {
        assert!(ids.contains_key(id), "acknowledged {id} is not in the ledger");
    }
    let attached: BTreeSet<&str> = entries
        .iter()
        .filter(|e| e["kind"] == "evidence-attached")
        .map(|e| e["payload"]["sha256"].as_str().unwrap())
        .collect();
    for digest in &acknowledged_evidence {
        assert!(attached.contains(digest.as_str()), "acknowledged evidence {digest} is missing");
    }
    // Every attached file is intact in the store; a writer killed between
    // storing a file and appending its entry can only leave a file no entry
    // mentions, and one killed while copying a partial copy in .incoming.
    let (_, report) = verify_json(&ws, &[]);
    for finding in findings(&report) {
        let kind = finding["kind"].as_str().unwrap();
        assert!(kind == "untracked-file" || kind == "incomplete-copy", "{report:#}");
    }
    assert!(killed > 0, "no writer was killed:\n{}", attempts.join("\n"));
    eprintln!(
        "{killed} writers killed, {finished} finished first, {torn} torn tails repaired, \
         {} entries",
        entries.len()
    );
}

/// What a torn ledger must look like to each command: `verify` finds the
/// torn tail at its line, appends refuse and change nothing, `repair` moves
/// exactly `full[start..cut]` aside and the rest verifies.
fn check_torn(ws: &TestWorkspace, full: &[u8], cut: usize, start: usize, append: &[String]) {
    let truncated = &full[..cut];
    let context = format!("cut at {cut} (torn from {start})");
    std::fs::write(ws.path("ledger.jsonl"), truncated).unwrap();
    let store = evidence_files(ws);

    let newlines = truncated.iter().filter(|&&b| b == b'\n').count();
    let line = newlines + usize::from(!truncated.ends_with(b"\n"));
    let (code, report) = verify_json(ws, &["--no-evidence"]);
    assert_eq!(code, 1, "{context}: {report:#}");
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{context}: {report:#}");
    assert_eq!(found[0]["kind"], "torn-tail", "{context}: {report:#}");
    assert_eq!(found[0]["line"].as_u64(), Some(line as u64), "{context}: {report:#}");
    assert!(
        found[0]["message"].as_str().unwrap().contains(&format!("line {line} ")),
        "{context}: {report:#}"
    );

    let run = ws.tarkka(&strs(append)).code(2);
    assert!(run.stderr.contains("`tarkka ledger repair`"), "{context}: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("moves bytes {start}..{cut} ")),
        "{context}: {}",
        run.stderr
    );
    assert_eq!(ledger_bytes(ws), truncated, "{context}: the refused append changed the ledger");
    assert_eq!(evidence_files(ws), store, "{context}: the refused append changed the store");

    let run = ws.tarkka(&["ledger", "repair"]).code(0);
    let side = format!("ledger.jsonl.torn-{start}");
    assert!(
        run.stdout.starts_with(&format!("Moved {} bytes to ", cut - start))
            && run.stdout.trim_end().ends_with(&format!("The ledger keeps {start} bytes.")),
        "{context}: {}",
        run.stdout
    );
    assert_eq!(side_files(ws), [side.as_str()], "{context}");
    assert_eq!(std::fs::read(ws.path(&side)).unwrap(), &full[start..cut], "{context}");
    assert_eq!(ledger_bytes(ws), &full[..start], "{context}");
    let kept = full[..start].iter().filter(|&&b| b == b'\n').count();
    assert_verifies(ws, &["--no-evidence"], kept);
    std::fs::remove_file(ws.path(&side)).unwrap();
}

/// Cut points strictly inside `start..end`: every byte near a line
/// boundary, and every `stride`-th byte elsewhere.
fn cuts(full: &[u8], start: usize, end: usize, stride: usize) -> Vec<usize> {
    const NEAR: usize = 6;
    let boundaries: Vec<usize> =
        (start..=end).filter(|&at| at == 0 || full[at - 1] == b'\n').collect();
    (start + 1..end)
        .filter(|&at| {
            (at - start).is_multiple_of(stride)
                || boundaries.iter().any(|&b| b.abs_diff(at) <= NEAR)
        })
        .collect()
}

#[test]
fn torn_writes_are_found_refused_and_repaired_exactly() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1"); // entries 1 and 2, one batch: the rubric and V-1
    let first_batch_end = ledger_bytes(&ws).len();
    ws.log_visit("V-2"); // entry 3
    let single_start = ledger_bytes(&ws).len();
    ws.log_visit("V-3"); // entry 4
    let single_end = ledger_bytes(&ws).len();
    ws.write("incoming/a.txt", b"first photo");
    ws.write("incoming/b.txt", b"second photo");
    ws.write("incoming/c.txt", b"third photo");
    ws.tarkka(&[
        "evidence",
        "add",
        "V-1",
        "incoming/a.txt",
        "incoming/b.txt",
        "incoming/c.txt",
        "--kind",
        "photo",
    ])
    .code(0); // entries 5..=7, one batch
    let full = ledger_bytes(&ws);
    assert_eq!(entries(&ws).len(), 7);
    let evidence_add = |n: usize| {
        ws.write(&format!("incoming/late-{n}.txt"), format!("late photo {n}").as_bytes());
        ["evidence", "add", "V-1", "--kind", "photo"]
            .map(str::to_string)
            .into_iter()
            .chain([format!("incoming/late-{n}.txt")])
            .collect::<Vec<_>>()
    };

    let mut checked = 0;
    // A single entry torn: only its own bytes go. Appends alternate between
    // `encounter log` and `evidence add`, which copies the file into the
    // store first and must take the copy back.
    let ledger_up_to_v3 = &full[..single_end];
    for (n, cut) in cuts(ledger_up_to_v3, single_start, single_end, 11).into_iter().enumerate() {
        let append = if n % 2 == 0 { visit_args("T-1") } else { evidence_add(n) };
        check_torn(&ws, ledger_up_to_v3, cut, single_start, &append);
        checked += 1;
    }
    // A batch of three torn anywhere, at a line boundary inside it too: the
    // whole batch goes.
    for (n, cut) in cuts(&full, single_end, full.len(), 23).into_iter().enumerate() {
        let append = if n % 2 == 0 { visit_args("T-1") } else { evidence_add(n) };
        check_torn(&ws, &full, cut, single_end, &append);
        checked += 1;
    }
    // The very first batch torn: everything goes, the ledger is empty.
    let ledger_up_to_v1 = &full[..first_batch_end];
    for cut in cuts(ledger_up_to_v1, 0, first_batch_end, 613) {
        check_torn(&ws, ledger_up_to_v1, cut, 0, &visit_args("T-1"));
        checked += 1;
    }
    assert!(checked > 150, "{checked}");
    eprintln!("{checked} torn ledgers checked");

    // Once repaired, the ledger grows again on top of what was kept.
    std::fs::write(ws.path("ledger.jsonl"), &full).unwrap();
    ws.log_visit("V-4");
    assert_verifies(&ws, &[], 8);
}

fn bad_input_changes_nothing(store: Store) {
    let Some(ws) = TestWorkspace::on(store) else { return };
    ws.log_visit("V-1");
    ws.write("incoming/wc.jpg", b"photo of the toilets");
    ws.tarkka(&["evidence", "add", "V-1", "incoming/wc.jpg", "--kind", "photo"]).code(0);
    ws.write("incoming/new.jpg", b"a photo not attached yet");
    std::fs::create_dir_all(ws.path("incoming/folder")).unwrap();
    let ledger = ledger_bytes(&ws);
    let store = evidence_files(&ws);
    assert_eq!(store.len(), 1, "{store:?}");

    let cold_call = root().join("rubrics/cold-call.toml");
    let with = |id: &str, extra: &[&str]| -> Vec<String> {
        let mut args = visit_args(id);
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let retime = |id: &str, time: &str| -> Vec<String> {
        let mut args = visit_args(id);
        args[7] = time.to_string();
        args
    };
    let rerubric = |id: &str, rubric: &str, extra: &[&str]| -> Vec<String> {
        let mut args = visit_args(id);
        args[5] = rubric.to_string();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let evidence = |encounter: &str, files: &[&str]| -> Vec<String> {
        let mut args: Vec<String> =
            ["evidence", "add", encounter, "--kind", "photo"].map(str::to_string).to_vec();
        args.extend(files.iter().map(|s| s.to_string()));
        args
    };
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            evidence("V-404", &["incoming/new.jpg"]),
            "no encounter `V-404` in the ledger; log it first with `tarkka encounter log`".into(),
        ),
        (evidence("V-1", &["incoming/new.jpg", "incoming/missing.jpg"]), "incoming/missing.jpg: no such file".into()),
        (evidence("V-1", &["incoming/new.jpg", "incoming/folder"]), "incoming/folder is not a regular file".into()),
        (
            visit_args("V-1"),
            "encounter `V-1` is already in the ledger (entry 2); ids are unique".into(),
        ),
        (
            with("V-2", &["--profile", "segment=business"]),
            "--profile does not fit rubric `store-visit`: profile field `segment` is unknown".into(),
        ),
        (with("V-2", &["--profile", "segment"]), "--profile `segment` is not NAME=VALUE".into()),
        (
            rerubric("C-1", cold_call.to_str().unwrap(), &["--profile", "segment=alien"]),
            "--profile does not fit rubric `cold-call`: profile field `segment` is `alien`".into(),
        ),
        (
            retime("V-2", "14/05/2026 17:40"),
            "--time: `14/05/2026 17:40` is not a time tarkka reads".into(),
        ),
        (
            rerubric("V-2", "no-such-rubric", &[]),
            "--rubric `no-such-rubric` is neither a file nor the id of a rubric registered in this workspace".into(),
        ),
        (with("V-2", &["--channel", "call"]), "--channel call does not fit rubric `store-visit`".into()),
        (visit_args("V 2"), "encounter id `V 2` must be letters, digits".into()),
    ];
    for (args, message) in cases {
        let run = ws.tarkka(&strs(&args)).code(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.starts_with("tarkka: error: ") && run.stderr.contains(&message),
            "{args:?}: expected `{message}` in\n{}",
            run.stderr
        );
        assert_eq!(ledger_bytes(&ws), ledger, "{args:?} changed the ledger");
        assert_eq!(evidence_files(&ws), store, "{args:?} changed the evidence store");
    }
    assert_verifies(&ws, &[], 3);
}

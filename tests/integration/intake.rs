//! Intake and faults (issue 17): what a careful attacker or an unlucky
//! user feeds tarkka changes nothing it should not, and holds no lock for
//! long. Wherever a command refuses, the workspace is byte for byte as it
//! was.

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::TestWorkspace;

/// Every file of the workspace, its size and SHA-256 (the key directory
/// and test scratch left out).
fn snapshot(root: &Path) -> BTreeMap<String, (usize, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, (usize, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = path.strip_prefix(root).unwrap().to_string_lossy().to_string();
            if name.starts_with(".test-keys") || name.starts_with("outside") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                use sha2::Digest as _;
                let bytes = std::fs::read(&path).unwrap();
                out.insert(name, (bytes.len(), hex::encode(sha2::Sha256::digest(&bytes))));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// A disk that fills during an import (here: a file-size limit, which
/// fails the write the same way): the importer cuts what it wrote off
/// again before it lets go of the lock, so the ledger is as it was and the
/// next append needs no repair.
#[test]
fn a_disk_that_fills_during_an_import_leaves_the_ledger_as_it_was() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-001");
    let data = ws.path("outside-data");
    let data = data.to_str().unwrap();
    ws.tarkka(&["sample", "generate", "--encounters", "400", "--seed", "3", "--out", data]).code(0);
    let before = snapshot(ws.root());
    assert!(before["ledger.jsonl"].0 < 60 << 10);
    let mut args: Vec<String> =
        ["import", "encounters", &format!("{data}/encounters.csv")].map(String::from).to_vec();
    for name in ["cold-call", "follow-up", "service-call", "store-visit"] {
        args.extend(["--rubric".to_string(), format!("{data}/rubrics/{name}.toml")]);
    }
    let command = ws.process(&[]);
    // bash: at most 64 KiB per file, and a write past it fails (EFBIG)
    // instead of killing the process.
    let mut limited = std::process::Command::new("bash");
    limited
        .arg("-c")
        .arg("ulimit -f 64; trap '' XFSZ; exec \"$0\" \"$@\"")
        .arg(command.get_program())
        .args(&args)
        .current_dir(ws.root());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => limited.env(key, value),
            None => limited.env_remove(key),
        };
    }
    let output = limited.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ledger.jsonl"), "{stderr}");
    assert_eq!(snapshot(ws.root()), before, "a failed import changes nothing");
    // The next append works, without repair, and the ledger verifies.
    ws.log_visit("V-002");
    ws.tarkka(&["verify", "--no-evidence"]).code(0);
}

/// A table of evidence names files inside its own folder: a row naming a
/// file elsewhere (a private key, `/etc/passwd`) is refused, cell by cell,
/// and nothing is recorded; `--base DIR` names another folder.
#[test]
fn an_evidence_table_cannot_pull_in_files_from_outside_its_folder() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    ws.tarkka(&["key", "new", "aino"]).code(0);
    let key = ws.path(".test-keys/aino.key");
    assert!(key.is_file());
    let outside = ws.path("outside-secret.txt");
    std::fs::write(&outside, "secret").unwrap();
    ws.write("incoming/photo.jpg", b"a photo");
    let csv = format!(
        "encounter,kind,file\nV-014,photo,photo.jpg\nV-014,photo,../outside-secret.txt\n\
         V-014,receipt,{}\nV-014,receipt,/etc/passwd\n",
        key.display()
    );
    ws.write("incoming/evidence.csv", csv.as_bytes());
    let before = snapshot(ws.root());
    let run = ws.tarkka(&["import", "evidence", "incoming/evidence.csv"]).code(2);
    assert!(run.stderr.contains("3 problems, nothing recorded"), "{}", run.stderr);
    assert!(run.stderr.contains("evidence.csv:3:13: incoming/../outside-secret.txt is outside"));
    assert!(run.stderr.contains("evidence.csv:4:15: "), "{}", run.stderr);
    assert!(run.stderr.contains("evidence.csv:5:15: /etc/passwd is outside"), "{}", run.stderr);
    assert!(!run.stderr.contains("evidence.csv:2:"), "{}", run.stderr);
    assert_eq!(snapshot(ws.root()), before);
    // Named from a folder that holds the key directory, the key is still
    // refused: private keys are never evidence.
    let csv = format!("encounter,kind,file\nV-014,receipt,{}\n", key.display());
    ws.write("incoming/keys.csv", csv.as_bytes());
    let before = snapshot(ws.root());
    let base = ws.root().to_str().unwrap().to_string();
    let run = ws.tarkka(&["import", "evidence", "incoming/keys.csv", "--base", &base]).code(2);
    assert!(run.stderr.contains("is in the key directory"), "{}", run.stderr);
    let run = ws.tarkka(&["evidence", "add", "V-014", "--kind", "receipt", key.to_str().unwrap()]);
    let run = run.code(2);
    assert!(run.stderr.contains("private keys are never evidence"), "{}", run.stderr);
    assert_eq!(snapshot(ws.root()), before);
    // A link out of the folder is named with what it leads to; a missing
    // file is named missing.
    std::os::unix::fs::symlink(&outside, ws.path("incoming/link.txt")).unwrap();
    let csv = "encounter,kind,file\nV-014,other,link.txt\nV-014,other,gone.txt\n";
    ws.write("incoming/links.csv", csv.as_bytes());
    let before = snapshot(ws.root());
    let said = ws.tarkka(&["import", "evidence", "incoming/links.csv"]).code(2).stderr;
    assert!(said.contains("link.txt (→ "), "{said}");
    assert!(said.contains("outside-secret.txt) is outside"), "{said}");
    assert!(said.contains("gone.txt: no such file"), "{said}");
    assert_eq!(snapshot(ws.root()), before);
    // The good row alone imports; a Finnish table names the kind in Finnish.
    ws.write("incoming/good.csv", "kohtaaminen,laji,tiedosto\nV-014,kuva,photo.jpg\n".as_bytes());
    ws.tarkka(&["import", "evidence", "incoming/good.csv"]).code(0);
    assert!(ws.ledger_lines().last().unwrap().contains(r#""kind":"photo""#));
}

/// The same file twice in one call, or again in a retry, is one
/// attachment.
#[test]
fn the_same_file_attached_twice_is_one_attachment() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    let photo = ws.write("incoming/photo.jpg", b"a photo");
    let photo = photo.to_str().unwrap();
    let run = ws.tarkka(&["evidence", "add", "V-014", "--kind", "photo", photo, photo]).code(0);
    assert!(run.stdout.contains("already attached"), "{}", run.stdout);
    let lines = ws.ledger_lines().len();
    let run = ws.tarkka(&["evidence", "add", "V-014", "--kind", "photo", photo]).code(0);
    assert!(run.stdout.contains("already attached: no new entry"), "{}", run.stdout);
    assert_eq!(ws.ledger_lines().len(), lines);
    let attached = ws.ledger_lines().iter().filter(|l| l.contains("evidence-attached")).count();
    assert_eq!(attached, 1);
    // A table naming it again, twice, beside a new file: one new entry,
    // and the summary counts entries, not rows.
    ws.write("incoming/receipt.jpg", b"a receipt");
    let csv = "encounter,kind,file\nV-014,photo,photo.jpg\nV-014,photo,photo.jpg\nV-014,receipt,receipt.jpg\n";
    ws.write("incoming/again.csv", csv.as_bytes());
    let run = ws.tarkka(&["import", "evidence", "incoming/again.csv"]).code(0);
    assert!(run.stdout.contains("Recorded: 1 evidence file ("), "{}", run.stdout);
    assert!(
        run.stdout.contains("2 rows name files the encounter has attached already"),
        "{}",
        run.stdout
    );
    assert_eq!(ws.ledger_lines().iter().filter(|l| l.contains("evidence-attached")).count(), 2);
}

/// A file whose size or modification time moves while it is read (here a
/// kernel file that says it is empty and is not) is refused, and nothing
/// is left in the store.
#[test]
fn a_file_that_changes_while_it_is_read_is_refused() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    let before = snapshot(ws.root());
    let run = ws.tarkka(&["evidence", "add", "V-014", "--kind", "other", "/proc/self/status"]);
    let run = run.code(2);
    assert!(run.stderr.contains("changed while it was read"), "{}", run.stderr);
    assert_eq!(snapshot(ws.root()), before);
}

/// Tables past the documented limits are refused where the limit is
/// crossed, naming it, before a large file is read or a million errors
/// printed; control characters and UTF-16 are named; nothing is recorded.
#[test]
fn tables_past_their_limits_are_refused_naming_the_limit() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    let before = snapshot(ws.root());
    let import = |name: &str| ws.tarkka(&["import", "evidence", name]).code(2).stderr;
    // A file over 512 MiB (sparse: no disk used) is not read at all.
    let huge = std::fs::File::create(ws.path("outside-huge.csv")).unwrap();
    huge.set_len(600 << 20).unwrap();
    let said = import("outside-huge.csv");
    assert!(said.contains("tables of at most 512 MiB are read"), "{said}");
    // A million columns: one problem, the limit named.
    let mut wide = "encounter,kind,file".to_string();
    for index in 0..1_000_000 {
        wide.push_str(&format!(",c{index}"));
    }
    ws.write("outside-wide.csv", format!("{wide}\n").as_bytes());
    let said = import("outside-wide.csv");
    assert!(said.contains("the header has 1000003 columns; a table has at most 1000"), "{said}");
    assert_eq!(said.lines().count(), 2, "{said}");
    // A 200 KiB cell, an escape sequence, a bidirectional override.
    let big = "x".repeat(200 << 10);
    let csv = format!(
        "encounter,kind,file\nV-014,photo,{big}\nV-014,photo,a\u{1b}[2Jb.jpg\nV-014,photo,\u{202e}gpj.exe\n"
    );
    ws.write("outside-cells.csv", csv.as_bytes());
    let said = import("outside-cells.csv");
    assert!(
        said.contains(
            "outside-cells.csv:2:13: this cell is 204800 bytes; a cell holds at most 64 KiB"
        ),
        "{said}"
    );
    assert!(
        said.contains("outside-cells.csv:3:13: this cell holds the control character U+001B"),
        "{said}"
    );
    assert!(
        said.contains("outside-cells.csv:4:13: this cell holds the control character U+202E"),
        "{said}"
    );
    assert!(!said.contains('\u{1b}'), "nothing raw is echoed back");
    // UTF-16 is named, not read as Windows-1252.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("encounter,kind,file\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    ws.write("outside-utf16.csv", &utf16);
    let said = import("outside-utf16.csv");
    assert!(said.contains("the file is UTF-16 (byte-order mark FF FE"), "{said}");
    ws.write("outside-utf16-unmarked.csv", &utf16[2..]);
    let said = import("outside-utf16-unmarked.csv");
    assert!(said.contains("looks like UTF-16LE without a byte-order mark"), "{said}");
    // A thousand bad rows: a hundred listed, the rest counted.
    let mut rows = "encounter,kind,file\n".to_string();
    for index in 0..1000 {
        rows.push_str(&format!("X-{index},photo,missing.jpg\n"));
    }
    ws.write("outside-rows.csv", rows.as_bytes());
    let said = import("outside-rows.csv");
    assert!(said.contains("2000 problems, nothing recorded"), "{said}");
    assert!(said.contains("… and 1900 more problems (the first 100 are listed)"), "{said}");
    assert_eq!(said.lines().count(), 102, "{said}");
    assert_eq!(snapshot(ws.root()), before);
}

/// Exporting a bag records nothing: it needs no actor — none in the
/// environment, or one that is not a valid id — and says who exported it
/// only when it knows.
#[test]
fn a_bag_is_exported_without_an_actor() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    let mut command = ws.process(&["export", "bag", "V-014", "--out", "outside-bag"]);
    for name in ["USER", "LOGNAME", "USERNAME"] {
        command.env_remove(name);
    }
    command.env("TARKKA_ACTOR", "not an id");
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let info = std::fs::read_to_string(ws.path("outside-bag/bag-info.txt")).unwrap();
    let description = "External-Description: Evidence and ledger entries of encounter V-014\n";
    assert!(info.contains(description), "{info}");
}

/// Text given on the command line cannot record a control character
/// either; and a ledger that holds one (written by hand or by an older
/// tarkka) is shown with it escaped, never sent to the terminal.
#[test]
fn control_characters_are_neither_recorded_nor_printed() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    let before = snapshot(ws.root());
    let mut args = crate::harness::visit_args("V-015");
    args.extend(["--case".to_string(), "K-1\u{1b}]0;owned\u{7}".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ws.tarkka(&args).code(2);
    assert!(run.stderr.contains("the control character U+001B in `case`"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert_eq!(snapshot(ws.root()), before);
    // Nor in the actor, which every entry carries outside its payload.
    let run = ws.tarkka(&["encounter", "log", "--help"]).code(0);
    assert!(run.stdout.contains("--actor"));
    let mut args = crate::harness::visit_args("V-016");
    args.extend(["--actor".to_string(), "ev\u{1b}[2Jil".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = ws.tarkka(&args).code(2);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert_eq!(snapshot(ws.root()), before);
    // A hand-written ledger with an escape in a field: shown escaped.
    let mut lines = ws.ledger_lines();
    lines[1] =
        lines[1].replacen(r#""location":"kamppi""#, r#""location":"kamppi\u001b[2J\u202e""#, 1);
    crate::harness::rechain(&mut lines);
    ws.write_ledger(&lines);
    let run = ws.tarkka(&["encounter", "show", "V-014"]).code(0);
    assert!(run.stdout.contains("kamppi\\u{1b}[2J\\u{202e}"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'), "{}", run.stdout);
}

/// `ledger repair` also removes the partial copies an interrupted copy left
/// in `evidence/.incoming/` — only those untouched for ten minutes, so a
/// copy in progress is never cut — and `verify` no longer names them.
#[test]
fn repair_sweeps_abandoned_partial_copies() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    let old = ws.write("evidence/.incoming/.tmpOLD", b"half a recording");
    let fresh = ws.write("evidence/.incoming/.tmpNEW", b"a copy still running");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&old).unwrap().set_modified(hour_ago).unwrap();
    let run = ws.tarkka(&["verify"]).code(1);
    assert!(run.stdout.contains(".tmpOLD"), "{}", run.stdout);
    let run = ws.tarkka(&["ledger", "repair"]).code(0);
    assert!(run.stdout.contains("Removed one partial copy"), "{}", run.stdout);
    assert!(run.stdout.contains(".tmpOLD") && !run.stdout.contains(".tmpNEW"), "{}", run.stdout);
    assert!(!old.exists() && fresh.exists());
}

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

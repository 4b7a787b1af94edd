//! `tarkka verify`: every kind of finding, each produced by really
//! tampering with a test workspace.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::harness::TestWorkspace;

/// A workspace with one encounter, a photo, a receipt and a scoresheet:
/// ledger entries 1 (rubric), 2 (encounter), 3 (photo), 4 (receipt),
/// 5 (scoresheet).
fn scored_visit() -> TestWorkspace {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    ws.write("incoming/wc.jpg", b"photo of the toilets");
    ws.write("incoming/kuitti.pdf", b"receipt 14.5.2026 12,90 EUR");
    ws.tarkka(&["evidence", "add", "V-014", "incoming/wc.jpg", "--kind", "photo"]).code(0);
    ws.tarkka(&["evidence", "add", "V-014", "incoming/kuitti.pdf", "--kind", "receipt"]).code(0);
    let answers = crate::harness::root().join("samples/answers/store-visit-kamppi-2026-05-14.toml");
    ws.tarkka(&["score", "V-014", "--answers", answers.to_str().unwrap()]).code(0);
    assert_eq!(ws.ledger_lines().len(), 5);
    ws
}

fn report(ws: &TestWorkspace, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let run = ws.tarkka(&all).run();
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("{}\n{}", run.stdout, run.stderr));
    (run.code, report)
}

/// The findings as `kind line seq file` strings, for compact assertions.
fn findings(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut text = f["kind"].as_str().unwrap().to_string();
            for key in ["line", "seq"] {
                if let Some(n) = f[key].as_u64() {
                    text.push_str(&format!(" {key}={n}"));
                }
            }
            if let Some(encounter) = f["encounter"].as_str() {
                text.push_str(&format!(" encounter={encounter}"));
            }
            text
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Seals a line's body (everything up to `"prev":"…"`) with its hash, as
/// a writer that knows the format would: a forgery that passes the per-entry
/// hash check.
fn seal(body: &str) -> String {
    let hash = sha256_hex(format!("{body}}}").as_bytes());
    format!(r#"{body},"hash":"{hash}"}}"#)
}

fn field<'a>(line: &'a str, name: &str) -> &'a str {
    let start = line.rfind(&format!(r#""{name}":""#)).unwrap() + name.len() + 4;
    &line[start..start + 64]
}

/// Appends a forged but correctly chained entry.
fn forge(ws: &TestWorkspace, kind: &str, payload: &str) {
    let mut lines = ws.ledger_lines();
    let last = lines.last().unwrap();
    let prev = field(last, "hash").to_string();
    let seq = lines.len() + 1;
    let body = format!(
        r#"{{"v":1,"seq":{seq},"time":"2026-05-15T10:00:00.000Z","actor":"mallory","kind":"{kind}","payload":{payload},"prev":"{prev}""#
    );
    lines.push(seal(&body));
    ws.write_ledger(&lines);
}

#[test]
fn a_clean_workspace_verifies_and_reports_its_head_and_merkle_root() {
    let ws = scored_visit();
    let (code, report) = report(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["entries"], 5);
    assert_eq!(report["evidence_files"], 2);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    let lines = ws.ledger_lines();
    assert_eq!(report["head"], field(lines.last().unwrap(), "hash"));
    // RFC 6962, computed here from the definition over the entry hashes.
    let leaves: Vec<Vec<u8>> =
        lines.iter().map(|l| hex::decode(field(l, "hash")).unwrap()).collect();
    fn mth(leaves: &[Vec<u8>]) -> Vec<u8> {
        let mut hasher = Sha256::new();
        match leaves.len() {
            0 => {}
            1 => {
                hasher.update([0u8]);
                hasher.update(&leaves[0]);
            }
            n => {
                let mut k = 1;
                while k * 2 < n {
                    k *= 2;
                }
                hasher.update([1u8]);
                hasher.update(mth(&leaves[..k]));
                hasher.update(mth(&leaves[k..]));
            }
        }
        hasher.finalize().to_vec()
    }
    assert_eq!(report["merkle_root"], hex::encode(mth(&leaves)));
    let text = ws.tarkka(&["verify"]).code(0).stdout;
    assert!(text.contains("Checked: 5 entries, 2 evidence files"), "{text}");
    assert!(text.contains(&format!("Ledger head: {}", report["head"].as_str().unwrap())), "{text}");
    assert!(text.contains("All holds"), "{text}");
}

#[test]
fn an_edited_entry_is_pinpointed() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    lines[2] = lines[2].replacen(r#""name":"wc.jpg""#, r#""name":"wc-old.jpg""#, 1);
    ws.write_ledger(&lines);
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["edited-entry line=3 seq=3"]);
}

#[test]
fn a_replaced_entry_breaks_the_next_link() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    // Rewrite entry 3 and reseal it: its own hash holds, the chain does not.
    let body = &lines[2][..lines[2].rfind(r#","hash":"#).unwrap()];
    lines[2] = seal(&body.replacen(r#""name":"wc.jpg""#, r#""name":"forged.jpg""#, 1));
    ws.write_ledger(&lines);
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["broken-link line=4 seq=4"]);
}

#[test]
fn a_deleted_entry_is_pinpointed() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    lines.remove(3);
    ws.write_ledger(&lines);
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["missing-entries line=4 seq=5"]);
    assert!(
        report["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("entry 4 is missing before line 4")
    );
}

#[test]
fn reordered_entries_are_pinpointed() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    lines.swap(2, 3);
    ws.write_ledger(&lines);
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["missing-entries line=3 seq=4", "out-of-order line=4 seq=3"]);
}

#[test]
fn an_inserted_duplicate_is_pinpointed() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    let copy = lines[1].clone();
    lines.insert(2, copy);
    ws.write_ledger(&lines);
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["out-of-order line=3 seq=2"]);
    assert!(report["findings"][0]["message"].as_str().unwrap().contains("a second entry 2"));
}

#[test]
fn a_line_that_is_no_entry_is_reported() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    lines[3] = "this is not json".to_string();
    ws.write_ledger(&lines);
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    // Entry 4 is gone; entry 5's link cannot be checked across the hole,
    // but the hole itself is reported.
    assert_eq!(findings(&report), ["malformed-entry line=4", "missing-entries line=5 seq=5"]);
}

#[test]
fn unknown_kinds_and_dangling_references_are_reported() {
    let ws = scored_visit();
    forge(&ws, "mystery", r#"{"x":1}"#);
    let sha = sha256_hex(b"nothing");
    forge(
        &ws,
        "evidence-attached",
        &format!(
            r#"{{"encounter":"V-999","kind":"photo","name":"x.jpg","media_type":"image/jpeg","size":7,"sha256":"{sha}","location":"evidence/sha256/{}/{sha}"}}"#,
            &sha[..2]
        ),
    );
    let (code, report) = report(&ws, &["--no-evidence"]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        ["unknown-kind line=6 seq=6", "unknown-reference line=7 seq=7 encounter=V-999"]
    );
}

/// A scoresheet under a checkpoint is read only as far as later checks
/// need it: the evidence it relies on is still checked.
#[test]
fn a_missing_recording_under_a_checkpoint_is_named_with_what_relies_on_it() {
    let ws = scored_visit();
    ws.tarkka(&["checkpoint"]).code(0);
    let line = &ws.ledger_lines()[2];
    let sha = field(line, "sha256").to_string();
    std::fs::remove_file(ws.path(&format!("evidence/sha256/{}/{sha}", &sha[..2]))).unwrap();
    let (code, report) = report(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["vouched_scoresheets"], 1, "{report}");
    assert_eq!(findings(&report), ["evidence-missing seq=3 encounter=V-014"]);
    let relied: Vec<u64> = report["findings"][0]["relied_on_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(relied, [3, 5], "{report}");
}

#[test]
fn a_missing_recording_is_named_with_everything_that_relies_on_it() {
    let ws = scored_visit();
    let line = &ws.ledger_lines()[2];
    let sha = field(line, "sha256").to_string();
    std::fs::remove_file(ws.path(&format!("evidence/sha256/{}/{sha}", &sha[..2]))).unwrap();
    let (code, report) = report(&ws, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["evidence-missing seq=3 encounter=V-014"]);
    let finding = &report["findings"][0];
    assert_eq!(finding["file"], format!("evidence/sha256/{}/{sha}", &sha[..2]));
    let relied: Vec<(u64, &str)> = finding["relied_on_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["seq"].as_u64().unwrap(), r["what"].as_str().unwrap()))
        .collect();
    assert_eq!(relied, [(3, "evidence-attached"), (5, "scoresheet-recorded")]);
    let text = ws.tarkka(&["verify"]).code(1).stdout;
    assert!(text.contains("(wc.jpg, attached to `V-014` by entry 3) is missing"), "{text}");
    assert!(
        text.contains("relied on by: evidence attached #3 (V-014), scoresheet recorded #5 (V-014)"),
        "{text}"
    );
    // In Finnish every line is Finnish; the JSON keeps the English message.
    let text = ws.tarkka(&["verify"]).env("TARKKA_LANG", "fi").code(1).stdout;
    assert!(
        text.contains("(wc.jpg, liitetty kohtaamiseen `V-014` merkinnällä 3) puuttuu"),
        "{text}"
    );
    assert!(text.contains("1 havainto:"), "{text}");
    assert!(
        text.contains("siihen nojaavat: näyttö liitetty #3 (V-014), pisteytys kirjattu #5 (V-014)"),
        "{text}"
    );
    for english in ["is missing", "attached to", "relied on by", "finding", "Checked"] {
        assert!(!text.contains(english), "`{english}` in Finnish output:\n{text}");
    }
    assert!(finding["message"].as_str().unwrap().ends_with("is missing"), "{finding}");
}

#[test]
fn an_altered_file_and_an_untracked_file_are_reported() {
    let ws = scored_visit();
    let sha = field(&ws.ledger_lines()[3], "sha256").to_string();
    let stored = ws.path(&format!("evidence/sha256/{}/{sha}", &sha[..2]));
    std::fs::write(&stored, b"receipt 14.5.2026 1,29 EUR").unwrap();
    ws.write("evidence/sha256/00/stray.bin", b"who put this here");
    ws.write("evidence/.incoming/.tmpAbC123", b"half a recordi");
    let (code, report) = report(&ws, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&report),
        ["evidence-altered seq=4 encounter=V-014", "untracked-file", "incomplete-copy"]
    );
    assert_eq!(report["findings"][2]["file"], "evidence/.incoming/.tmpAbC123");
    assert_eq!(report["findings"][1]["file"], "evidence/sha256/00/stray.bin");
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains(&format!("with SHA-256 {sha}, it is now")), "{message}");
}

#[test]
fn links_in_the_store_and_escaping_locations_are_unsafe() {
    let ws = scored_visit();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret"), b"x").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret"), ws.path("evidence/sha256/link"))
        .unwrap();
    forge(
        &ws,
        "evidence-attached",
        &format!(
            r#"{{"encounter":"V-014","kind":"other","name":"p","media_type":"text/plain","size":1,"sha256":"{}","location":"../outside"}}"#,
            sha256_hex(b"x")
        ),
    );
    let (code, report) = report(&ws, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["evidence-unsafe seq=6 encounter=V-014", "evidence-unsafe"]);
}

#[test]
fn a_scoresheet_whose_required_evidence_never_came_is_reported() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-020");
    let answers =
        crate::harness::root().join("samples/answers/store-visit-tampere-2026-06-02.toml");
    // The store-visit rubric requires a photo and a receipt; none attached.
    let refused = ws.tarkka(&["score", "V-020", "--answers", answers.to_str().unwrap()]).code(2);
    assert!(
        refused.stderr.contains("not recorded: the rubric requires evidence that `V-020` lacks"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("photo (facilities.premises, facilities.toilets); receipt (closing.receipt)"),
        "{}",
        refused.stderr
    );
    assert_eq!(ws.ledger_lines().len(), 2, "nothing recorded");
    // Recorded with a reason: accepted, and not a finding.
    ws.tarkka(&[
        "score",
        "V-020",
        "--answers",
        answers.to_str().unwrap(),
        "--allow-missing-evidence",
        "camera battery died; receipt lost",
    ])
    .code(0);
    assert_eq!(report(&ws, &[]).0, 0);
    // A scoresheet that claims required evidence and gives no reason is.
    let scoresheet = ws.ledger_lines()[2].clone();
    let start = scoresheet.find(r#""payload":"#).unwrap() + 10;
    let end = scoresheet.rfind(r#","prev":"#).unwrap();
    let payload = scoresheet[start..end].replacen(
        r#","missing_evidence_reason":"camera battery died; receipt lost""#,
        "",
        1,
    );
    forge(&ws, "scoresheet-recorded", &payload);
    let (code, report) = report(&ws, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report), ["required-evidence-missing seq=4 encounter=V-020"]);
    assert!(
        report["findings"][0]["message"].as_str().unwrap().contains("require photo and receipt")
    );
}

#[test]
fn signatures_missing_invalid_and_untrusted_are_reported() {
    let ws = TestWorkspace::new();
    ws.tarkka(&["key", "new", "aino"]).code(0);
    ws.log_visit("V-030");
    let lines = ws.ledger_lines();
    assert!(
        lines.iter().all(|line| line.contains(r#""sig":{"key":""#)),
        "every entry by aino is signed"
    );
    assert_eq!(report(&ws, &[]).0, 0);

    // Without the private key, aino's next entry goes unsigned.
    let key_file = ws.path(".test-keys/aino.key");
    let secret = std::fs::read(&key_file).unwrap();
    std::fs::remove_file(&key_file).unwrap();
    ws.log_visit("V-031");
    let (code, found) = report(&ws, &[]);
    assert_eq!(code, 1);
    // Entries: 1 key-added, 2 rubric, 3 V-030, 4 V-031 (unsigned).
    assert_eq!(findings(&found), ["signature-missing line=4 seq=4"]);
    std::fs::write(&key_file, secret).unwrap();

    // A signature that does not verify (the hash is untouched).
    let mut lines = ws.ledger_lines();
    lines.truncate(3);
    let sig_at = lines[2].rfind(r#""ed25519":""#).unwrap() + 11;
    let original = lines[2][sig_at..sig_at + 1].to_string();
    let flipped = if original == "0" { "1" } else { "0" };
    lines[2].replace_range(sig_at..sig_at + 1, flipped);
    ws.write_ledger(&lines);
    let (_, found) = report(&ws, &[]);
    assert_eq!(findings(&found), ["signature-invalid line=3 seq=3"]);

    // A key the workspace does not trust.
    lines = ws.ledger_lines();
    lines[2].replace_range(sig_at..sig_at + 1, &original);
    ws.write_ledger(&lines);
    let (code, found) = report(&ws, &[]);
    assert_eq!(code, 0, "{found}");
    std::fs::remove_file(ws.path("keys/aino.pub")).unwrap();
    let (_, found) = report(&ws, &[]);
    assert_eq!(
        findings(&found),
        [
            "signature-untrusted line=1 seq=1",
            "signature-untrusted line=2 seq=2",
            "signature-untrusted line=3 seq=3"
        ]
    );
}

#[test]
fn a_ledger_from_a_newer_tarkka_is_refused_not_misread() {
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    lines[4] = lines[4].replacen(r#"{"v":2,"#, r#"{"v":3,"#, 1);
    // A real entry of a newer tarkka hashes to its hash.
    crate::harness::rechain(&mut lines);
    ws.write_ledger(&lines);
    let run = ws.tarkka(&["verify"]).code(2);
    assert!(
        run.stderr
            .contains("entry 5 is written in ledger format 3, but this tarkka reads format 2"),
        "{}",
        run.stderr
    );
    let before = std::fs::read(ws.path("ledger.jsonl")).unwrap();
    ws.tarkka(&["encounter", "show", "V-014"]).code(2);
    assert_eq!(std::fs::read(ws.path("ledger.jsonl")).unwrap(), before);
}

#[test]
fn a_changed_version_digit_is_an_edited_entry_not_a_newer_format() {
    // Attack 6 of #16: a field is believed only after the line's own hash.
    let ws = scored_visit();
    let mut lines = ws.ledger_lines();
    lines[4] = lines[4].replacen(r#"{"v":2,"#, r#"{"v":3,"#, 1);
    ws.write_ledger(&lines);
    let (code, found) = report(&ws, &[]);
    assert_eq!(code, 1, "{found}");
    assert_eq!(findings(&found), ["edited-entry line=5 seq=5"]);
    let run = ws.tarkka(&["encounter", "show", "V-014"]).code(2);
    assert!(run.stderr.contains("entry 5 does not match its hash"), "{}", run.stderr);
}

#[test]
fn verify_outside_a_workspace_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["verify", "--workspace", dir.path().to_str().unwrap()];
    // Finnish by default, the error included; English on request.
    let run = crate::harness::tarkka(&args).code(2);
    assert!(run.stderr.contains("tarkka: virhe: "), "{}", run.stderr);
    assert!(run.stderr.contains("ei ole tarkan työtila"), "{}", run.stderr);
    let run = crate::harness::tarkka(&args).env("TARKKA_LANG", "en").code(2);
    assert!(run.stderr.contains("tarkka: error: "), "{}", run.stderr);
    assert!(run.stderr.contains("is not a tarkka workspace"), "{}", run.stderr);
}

#[test]
fn a_verification_can_be_recorded() {
    let ws = scored_visit();
    let (_, before) = report(&ws, &[]);
    let run = ws.tarkka(&["verify", "--record"]).code(0);
    assert!(run.stdout.contains("Verification recorded: entry 6"), "{}", run.stdout);
    let line = &ws.ledger_lines()[5];
    assert!(line.contains(r#""kind":"evidence-verified""#), "{line}");
    assert!(line.contains(&format!(r#""head":"{}""#, before["head"].as_str().unwrap())), "{line}");
    assert_eq!(report(&ws, &[]).0, 0);
}

//! Checkpoints against an insider with write access (#16): rollback,
//! rewrite and a repair that would move acknowledged entries are named.

use serde_json::Value;

use crate::harness::{TestWorkspace, kinds, rechain};

/// A workspace of five entries, its ledger checkpointed.
fn checkpointed() -> (TestWorkspace, String) {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    ws.log_visit("V-015");
    ws.score_sample("V-014");
    let run = ws.tarkka(&["checkpoint", "--out", "mailed.txt"]).code(0);
    assert!(run.stdout.contains("A new log key for this workspace"), "{}", run.stdout);
    let vkey = std::fs::read_to_string(ws.path("checkpoints/log.vkey")).unwrap().trim().to_string();
    let size = ws.ledger_lines().len();
    let note = std::fs::read_to_string(ws.path(&format!("checkpoints/{size}.ckpt"))).unwrap();
    // The C2SP tlog-checkpoint form: origin, size, base64 root, a blank
    // line, a signature line by the origin's key.
    let lines: Vec<&str> = note.lines().collect();
    assert!(lines[0].starts_with("tarkka.local/"), "{note}");
    assert_eq!(lines[1], size.to_string());
    assert_eq!(lines[2].len(), 44, "{note}");
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with(&format!("\u{2014} {} ", lines[0])), "{note}");
    assert_eq!(std::fs::read_to_string(ws.root().join("mailed.txt")).unwrap(), note);
    (ws, vkey)
}

fn verify(ws: &TestWorkspace, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["verify", "--json", "--no-evidence"];
    all.extend_from_slice(args);
    let run = ws.tarkka(&all).run();
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("{}\n{}", run.stdout, run.stderr));
    (run.code, report)
}

/// Rewrites a stored result's overall score to 1 (what a forger who
/// recomputes the hashes but not the score would write).
fn forge_overall(line: &mut String) {
    let at = line.rfind(r#""overall":""#).unwrap();
    let end = at + line[at..].find(r#"","#).unwrap();
    line.replace_range(at..end, r#""overall":"1"#);
}

#[test]
fn a_rollback_is_named_by_the_kept_checkpoint_and_by_this_machines_memory() {
    let (ws, vkey) = checkpointed();
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["anchors"].as_array().unwrap().len(), 2, "kept and remembered: {report}");
    let mailed = ws.root().join("mailed.txt");
    let mailed = mailed.to_str().unwrap();
    for keep in [3, 2] {
        let mut lines = ws.ledger_lines();
        lines.truncate(keep);
        ws.write_ledger(&lines);
        let (code, report) = verify(&ws, &[]);
        assert_eq!(code, 1, "{report}");
        // The kept checkpoint and this machine's memory of it: one fact.
        assert_eq!(kinds(&report), ["rolled-back"], "{report}");
        let text = ws.tarkka(&["verify", "--no-evidence"]).code(1).stdout;
        assert!(
            text.contains(&format!("the ledger has {keep} entries, but checkpoints/4.ckpt (")),
            "{text}"
        );
        assert!(
            text.contains(&match keep {
                3 => ".latest) signed a ledger of 4: entry 4 was cut off its end".to_string(),
                _ => format!(
                    ".latest) signed a ledger of 4: entries {}–4 were cut off its end",
                    keep + 1
                ),
            }),
            "{text}"
        );
    }
    // The insider deletes the workspace's checkpoints too: this machine
    // remembers the latest it signed, and which log key it signed with.
    std::fs::remove_dir_all(ws.path("checkpoints")).unwrap();
    let (code, report) = verify(&ws, &[]);
    assert_eq!(
        (code, kinds(&report)),
        (1, vec!["rolled-back".to_string(), "checkpoint-untrusted".to_string()]),
        "{report}"
    );
    // On another machine, a mailed checkpoint holds with its log key named…
    let other = ws.path("other-keys");
    let other = other.to_str().unwrap();
    let run = ws
        .tarkka(&["verify", "--json", "--no-evidence", "--checkpoint", mailed, "--log-key", &vkey])
        .env("TARKKA_KEY_DIR", other)
        .code(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    // The log key named is this workspace's: that it declares none is said.
    assert_eq!(kinds(&report), ["rolled-back", "checkpoint-untrusted"]);
    assert_eq!(report["anchors"][0]["pinned"], true);
    // …and without it is not believed, which is a finding too.
    let run = ws
        .tarkka(&["verify", "--json", "--no-evidence", "--checkpoint", mailed])
        .env("TARKKA_KEY_DIR", other)
        .code(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(kinds(&report), ["checkpoint-untrusted"]);
    // Pinning the key on that machine makes it known.
    ws.tarkka(&["checkpoint", "trust", &vkey]).env("TARKKA_KEY_DIR", other).code(0);
    let run = ws
        .tarkka(&["verify", "--json", "--no-evidence", "--checkpoint", mailed])
        .env("TARKKA_KEY_DIR", other)
        .code(1);
    assert_eq!(kinds(&serde_json::from_str(&run.stdout).unwrap()), ["rolled-back"]);
}

#[test]
fn a_rewrite_with_every_hash_recomputed_is_named_and_so_is_an_altered_checkpoint() {
    let (ws, _) = checkpointed();
    ws.tarkka(&["verify", "--record"]).code(0);
    // The recorded verification names the checkpoint it stood on.
    let recorded: Value = serde_json::from_str(ws.ledger_lines().last().unwrap()).unwrap();
    assert_eq!(recorded["payload"]["checkpoint"]["size"], 4, "{recorded}");
    assert!(
        recorded["payload"]["checkpoint"]["origin"].as_str().unwrap().starts_with("tarkka.local/")
    );
    let mut lines = ws.ledger_lines();
    // Attack 2: change the agent of entry 2 and recompute every later hash.
    assert!(lines[1].contains("encounter-logged"), "{}", lines[1]);
    lines[1] = lines[1].replacen(r#""agent":""#, r#""agent":"x"#, 1);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(kinds(&report), ["rewritten", "rewritten"], "{report}");
    let text = ws.tarkka(&["verify", "--no-evidence"]).code(1).stdout;
    assert!(text.contains("entry 5 (line 5) recorded a verification of the first 4 entries that no longer holds: an entry in 1–4 was rewritten since"), "{text}");
    assert!(
        text.contains("the ledger's first 4 entries are not those checkpoints/4.ckpt ("),
        "{text}"
    );
    assert!(
        text.contains(".latest) signed: a fork or a rewrite, somewhere in entries 1–4"),
        "{text}"
    );
    // A checkpoint cannot be edited to match: its signature breaks.
    let kept = ws.path("checkpoints/4.ckpt");
    let note = std::fs::read_to_string(&kept).unwrap();
    let mut edited: Vec<String> = note.lines().map(str::to_string).collect();
    edited[1] = "6".into();
    std::fs::write(&kept, edited.join("\n") + "\n").unwrap();
    let (_, report) = verify(&ws, &[]);
    assert!(kinds(&report).contains(&"checkpoint-invalid".to_string()), "{report}");
    // Nor can a new one be signed over a ledger that contradicts the old.
    let run = ws.tarkka(&["checkpoint"]).code(2);
    assert!(run.stderr.contains("so none was signed"), "{}", run.stderr);
}

#[test]
fn repair_does_not_move_entries_a_checkpoint_covers_and_verify_names_side_files() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    // Three evidence files appended together: one batch of three entries.
    for name in ["a.jpg", "b.jpg", "c.jpg"] {
        ws.write(&format!("in/{name}"), name.as_bytes());
    }
    ws.tarkka(&["evidence", "add", "V-1", "in/a.jpg", "in/b.jpg", "in/c.jpg", "--kind", "photo"])
        .code(0);
    assert_eq!(ws.ledger_lines().len(), 5);
    let ledger = std::fs::read(ws.path("ledger.jsonl")).unwrap();
    ws.tarkka(&["checkpoint"]).code(0);
    // Attack 5: cut in the middle of the acknowledged batch.
    let mut lines = ws.ledger_lines();
    lines.truncate(4);
    ws.write_ledger(&lines);
    let cut = std::fs::read(ws.path("ledger.jsonl")).unwrap();
    let run = ws.tarkka(&["ledger", "repair"]).code(2);
    assert!(run.stderr.contains("nothing was moved: the repair would keep 2 entries, but checkpoints/5.ckpt signed a ledger of 5"), "{}", run.stderr);
    assert_eq!(std::fs::read(ws.path("ledger.jsonl")).unwrap(), cut, "nothing changed");
    // Without a checkpoint, the same cut looks like a crash and is
    // repaired; verify names the side file from then on.
    std::fs::write(ws.path("ledger.jsonl"), &ledger).unwrap();
    let fresh = TestWorkspace::new();
    std::fs::write(fresh.path("ledger.jsonl"), &cut).unwrap();
    fresh.tarkka(&["ledger", "repair"]).code(0);
    let text = fresh.tarkka(&["verify", "--no-evidence"]).code(0).stdout;
    assert!(text.contains("ledger.jsonl.torn-"), "{text}");
    assert!(
        text.contains("beside the ledger holds bytes `tarkka ledger repair` moved aside"),
        "{text}"
    );
}

#[test]
fn a_stored_result_that_does_not_follow_from_its_answers_is_named() {
    // Attack 2 of #16: the result rewritten to a pass, every hash
    // recomputed; the answers and the registered rubric say otherwise.
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    ws.score_sample("V-014");
    let mut lines = ws.ledger_lines();
    let sheet = &mut lines[2];
    let at = sheet.rfind(r#""overall":""#).unwrap();
    let end = at + sheet[at..].find(r#"","#).unwrap();
    let stored = sheet[at + 11..end].to_string();
    assert_ne!(stored, "1");
    sheet.replace_range(at..end, r#""overall":"1"#);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(kinds(&report), ["result-mismatch"], "{report}");
    assert_eq!(report["findings"][0]["seq"], 3);
    let text = ws.tarkka(&["verify", "--no-evidence"]).code(1).stdout;
    assert!(
        text.contains(&format!("entry 3 (V-014) stores the result 1 fail, but its answers score {stored} fail under the rubric the ledger registered")),
        "{text}"
    );
}

#[test]
fn a_proof_of_an_encounter_is_checked_without_the_ledger_and_no_flipped_byte_passes() {
    let (ws, vkey) = checkpointed();
    // An entry after the checkpoint is named as not proven.
    ws.score_sample("V-015");
    let run = ws.tarkka(&["proof", "V-015", "--out", "proof.json"]).code(0);
    assert!(
        run.stdout.contains(
            "Proof of 2 entries about encounter V-015 against the checkpoint of 4 entries"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Not in the proof, recorded after the checkpoint: 5."),
        "{}",
        run.stdout
    );
    let proof = std::fs::read_to_string(ws.path("proof.json")).unwrap();
    let file: Value = serde_json::from_str(&proof).unwrap();
    assert_eq!(file["format"], "tarkka-proof/1");
    let first = file["entries"][0]["tlog_proof"].as_str().unwrap();
    assert!(first.starts_with("c2sp.org/tlog-proof@v1\nindex 0\n"), "{first}");
    // Checked elsewhere, with only the file and the log's public key.
    let elsewhere = ws.path("elsewhere");
    let elsewhere = elsewhere.to_str().unwrap();
    let check = |text: &str, key: Option<&str>| {
        std::fs::write(ws.path("check.json"), text).unwrap();
        let mut args = vec!["proof", "verify", "check.json"];
        if let Some(key) = key {
            args.extend(["--key", key]);
        }
        ws.tarkka(&args).env("TARKKA_KEY_DIR", elsewhere).run()
    };
    let run = check(&proof, Some(&vkey));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("entry 1 (line 1): rubric registered by aino"), "{}", run.stdout);
    assert!(run.stdout.contains("entry 3 (line 3): encounter logged by aino"), "{}", run.stdout);
    assert!(run.stdout.contains("a proof shows presence, not absence"), "{}", run.stdout);
    assert!(run.stdout.contains("names entries 5 as later, unproven"), "{}", run.stdout);
    assert_eq!(check(&proof, None).code, 1, "no trusted key");
    let other = "tarkka.local/x+00000000+AQ==";
    assert_eq!(check(&proof, Some(other)).code, 2, "a malformed key is an input error");
    // Every byte flipped: refused, or (in JSON white space and the parts
    // no signature covers, like the "about" text) still proving the same.
    let bytes = proof.as_bytes();
    let mut passed = 0;
    for at in (0..bytes.len()).step_by(31) {
        let mut flipped = bytes.to_vec();
        flipped[at] ^= 0x01;
        let Ok(text) = String::from_utf8(flipped) else { continue };
        let run = check(&text, Some(&vkey));
        if run.code == 0 {
            passed += 1;
            let about = &proof[..at].rfind(r#""about""#).map(|s| at - s < 40);
            assert!(
                about.unwrap_or(false) || text.split_whitespace().eq(proof.split_whitespace()),
                "byte {at} flipped and still held:\n{}",
                run.stdout
            );
        }
    }
    assert!(passed < 4, "{passed}");
}

/// Attack 3 of #16, signatures stripped: the key-added entry dropped and
/// the signatures removed, the chain recomputed.
#[test]
fn stripped_signatures_are_named_by_the_keys_file_and_by_the_auditors_own_machine() {
    let ws = TestWorkspace::new();
    ws.tarkka(&["key", "new", "aino"]).code(0);
    // Recorded after the key was made (the key file is written now).
    for id in ["V-1", "V-2"] {
        let args = crate::harness::visit_args(id);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ws.tarkka(&args).env("TARKKA_NOW", "2099-01-01T10:00:00Z").code(0);
    }
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    let mut lines = ws.ledger_lines();
    assert!(lines[0].contains("key-added") && lines[1].contains(r#""sig":"#), "{lines:?}");
    lines.remove(0);
    for line in &mut lines {
        line.replace_range(
            line.find(r#""seq":"#).unwrap() + 6..line.find(r#","time""#).unwrap(),
            "0",
        );
    }
    for (number, line) in lines.iter_mut().enumerate() {
        *line = line.replacen(r#""seq":0"#, &format!(r#""seq":{}"#, number + 1), 1);
    }
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(kinds(&report), ["key-not-added", "signature-missing"], "{report}");
    // Without keys/aino.pub, aino's own machine still knows.
    std::fs::remove_file(ws.path("keys/aino.pub")).unwrap();
    let (code, report) = verify(&ws, &[]);
    assert_eq!((code, kinds(&report)), (1, vec!["signature-missing".to_string()]), "{report}");
    let text = ws.tarkka(&["verify", "--no-evidence"]).code(1).stdout;
    assert!(text.contains("3 entries by `aino`, from entry 1 on, are unsigned although this machine held aino's signing key"), "{text}");
    // Elsewhere, with nothing outside the workspace, nothing can tell.
    let run = ws.tarkka(&["verify", "--no-evidence"]).env("TARKKA_KEY_DIR", "/nonexistent").code(0);
    assert!(run.stdout.contains("All holds"), "{}", run.stdout);
}

/// Attack 3 of #16, a key slipped in: with a log key, a signing key counts
/// only once the log key's holder admitted it.
#[test]
fn a_signing_key_the_log_key_never_admitted_is_named() {
    let (ws, _) = checkpointed();
    ws.tarkka(&["key", "new", "sara"]).env("TARKKA_ACTOR", "sara").code(0);
    let (_, report) = verify(&ws, &[]);
    assert_eq!(kinds(&report), ["key-not-admitted"], "{report}");
    let text = ws.tarkka(&["verify", "--no-evidence"]).code(1).stdout;
    assert!(text.contains("whoever holds the log key runs `tarkka key trust sara`"), "{text}");
    let run = ws.tarkka(&["key", "trust", "sara"]).code(0);
    assert!(run.stdout.contains("Admitted the signing key of `sara`"), "{}", run.stdout);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    ws.tarkka(&["key", "trust", "sara"]).code(2);
    // An insider adds their own key for sara by hand and records with it.
    let other = ws.path("insider-keys");
    let other = other.to_str().unwrap();
    std::fs::create_dir_all(other).unwrap();
    std::fs::write(ws.path("insider-keys/sara.key"), format!("{}\n", "11".repeat(32))).unwrap();
    let forged = "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737";
    let pubs = std::fs::read_to_string(ws.path("keys/sara.pub")).unwrap();
    std::fs::write(ws.path("keys/sara.pub"), format!("{pubs}{forged}\n")).unwrap();
    let args = crate::harness::visit_args("V-9");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ws.tarkka(&args).env("TARKKA_ACTOR", "sara").env("TARKKA_KEY_DIR", other).code(0);
    let (code, report) = verify(&ws, &[]);
    assert_eq!((code, kinds(&report)), (1, vec!["key-not-admitted".to_string()]), "{report}");
    // Deleting the workspace's log key and checkpoints does not switch the
    // rule off where the log is known from outside: this machine signed
    // for this workspace, and an outsider names the key.
    std::fs::remove_dir_all(ws.path("checkpoints")).unwrap();
    let (_, report) = verify(&ws, &[]);
    assert_eq!(kinds(&report), ["key-not-admitted", "checkpoint-untrusted"], "{report}");
    let run = ws.tarkka(&["verify", "--no-evidence"]).code(1);
    assert!(
        run.stdout
            .contains("but checkpoints/log.vkey declares -: its log key was replaced or removed"),
        "{}",
        run.stdout
    );
}

/// Privacy: the entry after a proven one has a `prev` the proof reveals,
/// so without a salt its content could be confirmed by guessing it against
/// the sibling leaf hash the proof carries. With the salt it cannot.
#[test]
fn a_proofs_sibling_hash_does_not_confirm_a_guess_of_its_neighbour() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let (ws, _) = checkpointed();
    ws.tarkka(&["proof", "V-015", "--out", "proof.json"]).code(0);
    let proof: Value =
        serde_json::from_str(&std::fs::read_to_string(ws.path("proof.json")).unwrap()).unwrap();
    // V-015 is entry 3 (index 2): its level-0 sibling is entry 4's leaf,
    // V-014's scoresheet, whose `prev` is entry 3's hash.
    let entries = proof["entries"].as_array().unwrap();
    let logged = entries.iter().find(|e| e["seq"] == 3).expect("V-015's entry is proven");
    let tlog = logged["tlog_proof"].as_str().unwrap();
    let lines: Vec<&str> = tlog.lines().collect();
    assert_eq!(lines[1], "index 2", "{tlog}");
    let sibling = base64::engine::general_purpose::STANDARD.decode(lines[2]).unwrap();
    let neighbour = ws.ledger_lines()[3].clone();
    assert!(neighbour.contains("scoresheet-recorded"), "{neighbour}");
    let leaf = |line: &str| {
        let body = &line[..line.rfind(r#","hash":""#).unwrap()];
        let hash = sha2::Sha256::digest(format!("{body}}}").as_bytes());
        sha2::Sha256::digest([&[0u8][..], &hash[..]].concat()).to_vec()
    };
    // The true line (salt and all) is the sibling: the comparison is right.
    assert_eq!(leaf(&neighbour), sibling);
    // A perfect guess of everything but the salt is not.
    let salt_at = neighbour.find(r#","salt":""#).expect("entries carry a salt");
    let salt = &neighbour[salt_at..salt_at + 9 + 32 + 1];
    assert!(salt.ends_with('"'), "{salt}");
    let guess = neighbour.replacen(salt, "", 1);
    assert_ne!(leaf(&guess), sibling);
    // And two entries of the same content get different salts.
    let other = ws.ledger_lines()[2].clone();
    let other_at = other.find(r#","salt":""#).unwrap();
    assert_ne!(&other[other_at..other_at + 42], salt);
}

/// The independent verifier in contrib/ (Python standard library and the
/// `cryptography` package, written from the documented formats) agrees with
/// tarkka on a good proof and on tampered ones.
#[test]
fn the_independent_verifier_accepts_tarkkas_proofs_and_refuses_tampered_ones() {
    let (ws, vkey) = checkpointed();
    ws.tarkka(&["proof", "V-014", "--out", "proof.json"]).code(0);
    let proof = std::fs::read_to_string(ws.path("proof.json")).unwrap();
    let script = crate::harness::root().join("contrib/verify_proof.py");
    let run = |text: &str| {
        std::fs::write(ws.path("check.json"), text).unwrap();
        let output = std::process::Command::new("python3")
            .arg(&script)
            .arg(ws.path("check.json"))
            .arg(&vkey)
            .output()
            .expect("python3 runs (.ci/run installs the cryptography package)");
        let said = String::from_utf8_lossy(&output.stdout).to_string()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.code().unwrap_or(-1), said)
    };
    let (code, said) = run(&proof);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("holds: 3 entries in the checkpoint of 4 entries"), "{said}");
    let file: Value = serde_json::from_str(&proof).unwrap();
    let line = file["entries"][1]["line"].as_str().unwrap();
    assert!(line.contains("myyja-3"), "{line}");
    let tampered = [
        // A line's content, with its own hash recomputed by the forger.
        {
            let mut forged = vec![line.replace("myyja-3", "myyja-4")];
            let prev_at = line.find(r#","prev":""#).unwrap();
            let prev = &line[prev_at + 9..prev_at + 9 + 64];
            rechain(&mut forged);
            let forged = forged[0].replacen(&"0".repeat(64), prev, 1);
            let body = &forged[..forged.rfind(r#","hash":""#).unwrap()];
            use sha2::Digest as _;
            let hash = hex::encode(sha2::Sha256::digest(format!("{body}}}").as_bytes()));
            let forged = format!(r#"{body},"hash":"{hash}"}}"#);
            proof.replace(
                &serde_json::to_string(line).unwrap(),
                &serde_json::to_string(&forged).unwrap(),
            )
        },
        // A sibling hash of an inclusion proof.
        {
            let tlog = file["entries"][1]["tlog_proof"].as_str().unwrap();
            let sibling = tlog.lines().nth(2).unwrap();
            let mut bytes = base64_flip(sibling);
            bytes.push('\n');
            proof.replacen(&format!("{sibling}\\n"), &format!("{}\\n", bytes.trim()), 1)
        },
        // The checkpoint's tree size.
        proof.replace("\\n4\\n", "\\n5\\n"),
        // A second payload after the hash, which the hash does not cover.
        proof.replace(
            &serde_json::to_string(line).unwrap(),
            &serde_json::to_string(&format!(
                r#"{},"payload":{{"agent":"x"}}}}"#,
                &line[..line.len() - 1]
            ))
            .unwrap(),
        ),
    ];
    for (number, text) in tampered.iter().enumerate() {
        assert_ne!(text, &proof, "tampering {number} changed nothing");
        let (code, said) = run(text);
        assert_eq!(code, 1, "tampering {number} passed the independent verifier: {said}");
        std::fs::write(ws.path("check.json"), text).unwrap();
        ws.tarkka(&["proof", "verify", "check.json", "--key", &vkey]).code(1);
    }
}

/// The base64 text of 32 bytes with the first byte's lowest bit flipped.
fn base64_flip(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // The first character carries the first byte's top six bits: flipping
    // its lowest bit flips bit 2 of the first byte.
    let first = ALPHABET.iter().position(|&c| c == text.as_bytes()[0]).unwrap();
    let flipped = ALPHABET[first ^ 1] as char;
    format!("{flipped}{}", &text[1..])
}

#[test]
fn an_amendments_stored_result_is_scored_again_from_the_answers_it_left() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    ws.score_sample("V-014");
    ws.tarkka(&["amend", "V-014", "facilities.toilets", "yes", "--reason", "photo 2"]).code(0);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    let mut lines = ws.ledger_lines();
    let amendment = lines.iter().position(|l| l.contains("score-amended")).unwrap();
    forge_overall(&mut lines[amendment]);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(kinds(&report), ["result-mismatch"], "{report}");
    assert_eq!(report["findings"][0]["seq"], amendment as u64 + 1, "{report}");
}

/// Re-scoring runs in the verification pass: a scoresheet is scored on the
/// scanning threads when its rubric and profile were absorbed already (a
/// ledger of several 4 MiB blocks), on the absorbing thread otherwise, and
/// an amendment reads its scoresheet's line again. Both ways find the same.
/// A workspace with `sample generate`'s scored ledger of 3,000 encounters
/// imported: several 4 MiB blocks.
fn generated() -> TestWorkspace {
    let ws = TestWorkspace::new();
    let data = ws.path("data");
    let data = data.to_str().unwrap();
    ws.tarkka(&["sample", "generate", "--encounters", "3000", "--seed", "1", "--out", data])
        .code(0);
    let mut import = vec!["import", "encounters"];
    let encounters = format!("{data}/encounters.csv");
    import.push(&encounters);
    let rubrics: Vec<String> = ["cold-call", "follow-up", "service-call", "store-visit"]
        .iter()
        .map(|r| format!("{data}/rubrics/{r}.toml"))
        .collect();
    for rubric in &rubrics {
        import.extend(["--rubric", rubric.as_str()]);
    }
    ws.tarkka(&import).code(0);
    let answers = format!("{data}/answers.csv");
    ws.tarkka(&["import", "answers", &answers, "--allow-missing-evidence", "synthetic"]).code(0);
    ws
}

#[test]
fn a_large_ledger_is_scored_again_on_every_path() {
    let ws = generated();
    // The last scoresheet, amended twice: its line is read again.
    let lines = ws.ledger_lines();
    assert!(lines.iter().map(String::len).sum::<usize>() > 3 * (4 << 20), "several blocks");
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    let encounter = last["payload"]["encounter"].as_str().unwrap().to_string();
    assert_eq!(last["payload"]["rubric"], "service-call");
    ws.tarkka(&["amend", &encounter, "closing.anything-else", "yes", "--reason", "r"]).code(0);
    ws.tarkka(&["amend", &encounter, "follow-up.reference", "no", "--reason", "r"]).code(0);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    // A stored result changed on a scoresheet far into the ledger and on
    // the second amendment.
    let mut lines = ws.ledger_lines();
    let sheet = lines.len() - 3;
    let second = lines.len() - 1;
    forge_overall(&mut lines[sheet]);
    forge_overall(&mut lines[second]);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(kinds(&report), ["result-mismatch", "result-mismatch"], "{report}");
    assert_eq!(report["findings"][0]["seq"], sheet as u64 + 1, "{report}");
    assert_eq!(report["findings"][1]["seq"], second as u64 + 1, "{report}");
}

/// Under a checkpoint, scoresheets are read only as far as later checks
/// need them (their answers and results were re-scored when it was
/// signed); an amendment after the checkpoint still reads its scoresheet's
/// line again and is scored from it, and a forged result there is named.
#[test]
fn amendments_after_a_checkpoint_are_scored_from_the_scoresheets_it_covers() {
    let ws = generated();
    ws.tarkka(&["checkpoint"]).code(0);
    let lines = ws.ledger_lines();
    let sheets = lines.iter().filter(|l| l.contains(r#""kind":"scoresheet-recorded""#)).count();
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    let encounter = last["payload"]["encounter"].as_str().unwrap().to_string();
    ws.tarkka(&["amend", &encounter, "closing.anything-else", "yes", "--reason", "r"]).code(0);
    ws.tarkka(&["amend", &encounter, "follow-up.reference", "no", "--reason", "r"]).code(0);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["vouched_scoresheets"], sheets as u64, "{report}");
    let mut lines = ws.ledger_lines();
    let second = lines.len() - 1;
    forge_overall(&mut lines[second]);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!((code, kinds(&report)), (1, vec!["result-mismatch".to_string()]), "{report}");
    assert_eq!(report["findings"][0]["seq"], second as u64 + 1, "{report}");
}

/// A scoresheet line tarkka would not write — an answer holding an
/// `evidence` and a `result` of its own — reads differently the short way a
/// checkpoint allows: verify names it, so no checkpoint covers it.
#[test]
fn a_scoresheet_the_short_reading_would_read_differently_is_named() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-014");
    ws.score_sample("V-014");
    let mut lines = ws.ledger_lines();
    let sheet = lines.iter().position(|l| l.contains("scoresheet-recorded")).unwrap();
    let digest = "ab".repeat(32);
    let at = lines[sheet].find(r#""answers":{"#).unwrap();
    let first_answer = at + lines[sheet][at..].find(r#""},"#).unwrap() + 1;
    lines[sheet].insert_str(first_answer, &format!(r#","evidence":["{digest}"],"result":{{}}"#));
    rechain(&mut lines);
    ws.write_ledger(&lines);
    let (code, report) = verify(&ws, &[]);
    assert_eq!(code, 1, "{report}");
    assert!(kinds(&report).contains(&"malformed-entry".to_string()), "{report}");
    let run = ws.tarkka(&["checkpoint"]).run();
    assert_ne!(run.code, 0, "{}", run.stdout);
}

/// A works council as a witness: it cosigns only checkpoints that extend
/// the last one it saw, and verifiers can require its cosignature.
#[test]
fn a_witness_cosigns_what_extends_its_view_and_refuses_a_rewritten_history() {
    let (ws, log_vkey) = checkpointed();
    let council = ws.path("council-keys");
    let council = council.to_str().unwrap();
    let as_council = |args: &[&str]| ws.tarkka(args).env("TARKKA_KEY_DIR", council);
    let made = as_council(&["witness", "new", "works-council.example/w1"]).code(0).stdout;
    let witness_vkey = made.rsplit(' ').next().unwrap().trim().to_string();
    assert!(witness_vkey.starts_with("works-council.example/w1+"), "{made}");
    as_council(&["checkpoint", "trust", &log_vkey]).code(0);
    // The first cosignature: from nothing seen to the checkpoint of 4.
    let run = ws.tarkka(&["witness", "request", "--out", "request.txt"]).code(0);
    assert!(run.stdout.contains("from its last size 0"), "{}", run.stdout);
    let run = as_council(&["witness", "cosign", "request.txt", "--out", "cosigned.txt"]).code(0);
    assert!(run.stdout.contains("at 4 entries"), "{}", run.stdout);
    let (code, report) = verify(&ws, &["--witness", &witness_vkey]);
    assert_eq!((code, kinds(&report)), (1, vec!["checkpoint-unwitnessed".to_string()]), "{report}");
    ws.tarkka(&["witness", "attach", "cosigned.txt"]).code(0);
    let (code, report) = verify(&ws, &["--witness", &witness_vkey]);
    assert_eq!(code, 0, "{report}");
    // More cosignatures than the witnesses named could give: refused.
    let run = ws.tarkka(&["verify", "--witness", &witness_vkey, "--min-witnesses", "2"]).code(2);
    assert!(
        run.stderr.contains("asks for more cosignatures than the 1 witnesses"),
        "{}",
        run.stderr
    );
    // A proof carries the cosignature; its verifier can require it.
    ws.tarkka(&["proof", "V-014", "--out", "proof.json"]).code(0);
    let check = |min: &str| {
        as_council(&[
            "proof",
            "verify",
            "proof.json",
            "--witness",
            &witness_vkey,
            "--min-witnesses",
            min,
        ])
        .run()
        .code
    };
    assert_eq!((check("1"), check("2")), (0, 2));
    // The log grows; what comes after the witnessed checkpoint is a history
    // no witness saw, even after the workspace's own checkpoints are gone.
    ws.log_visit("V-016");
    let (_, report) = verify(&ws, &["--witness", &witness_vkey]);
    assert_eq!(kinds(&report), ["checkpoint-unwitnessed"], "{report}");
    ws.tarkka(&["checkpoint"]).code(0);
    ws.tarkka(&["witness", "request", "--old", "0", "--out", "request.txt"]).code(0);
    let run = as_council(&["witness", "cosign", "request.txt", "--out", "cosigned.txt"]).code(2);
    assert!(run.stderr.contains("last cosigned the checkpoint of 4 entries"), "{}", run.stderr);
    // By default, from the largest checkpoint the workspace holds cosigned.
    let run = ws.tarkka(&["witness", "request", "--out", "request.txt"]).code(0);
    assert!(run.stdout.contains("from its last size 4"), "{}", run.stdout);
    as_council(&["witness", "cosign", "request.txt", "--out", "cosigned.txt"]).code(0);
    // The log's holder rewrites history and signs it — the witness refuses.
    let mut lines = ws.ledger_lines();
    lines[1] = lines[1].replacen("myyja-3", "myyja-9", 1);
    rechain(&mut lines);
    ws.write_ledger(&lines);
    for kept in std::fs::read_dir(ws.path("checkpoints")).unwrap().flatten() {
        if kept.path().extension().is_some_and(|e| e == "ckpt") {
            std::fs::remove_file(kept.path()).unwrap();
        }
    }
    for memory in std::fs::read_dir(ws.path(".test-keys/logs")).unwrap().flatten() {
        if memory.path().extension().is_some_and(|e| e == "latest") {
            std::fs::remove_file(memory.path()).unwrap();
        }
    }
    ws.tarkka(&["checkpoint"]).code(0);
    ws.tarkka(&["witness", "request", "--old", "5", "--out", "request.txt"]).code(0);
    let run = as_council(&["witness", "cosign", "request.txt", "--out", "cosigned.txt"]).code(2);
    assert!(
        run.stderr.contains("does not extend the checkpoint of 5 entries this witness cosigned"),
        "{}",
        run.stderr
    );
}

/// A report stands on a checkpoint: it names it and embeds it, and a later
/// ledger can be checked against the copy in the report.
#[test]
fn a_report_names_and_embeds_the_checkpoint_it_stands_on() {
    let (ws, _) = checkpointed();
    ws.tarkka(&["report", "--out", "report"]).code(0);
    let kept = std::fs::read_to_string(ws.path("checkpoints/4.ckpt")).unwrap();
    assert_eq!(std::fs::read_to_string(ws.path("report/checkpoint.txt")).unwrap(), kept);
    let html = std::fs::read_to_string(ws.path("report/index.html")).unwrap();
    assert!(html.contains("Signed checkpoint: tarkka.local/"), "no checkpoint in the provenance");
    assert!(html.contains(", 4 entries (checkpoint.txt)"));
    let mut lines = ws.ledger_lines();
    lines.truncate(3);
    ws.write_ledger(&lines);
    let run = ws
        .tarkka(&["verify", "--no-evidence", "--checkpoint", "report/checkpoint.txt"])
        .env("TARKKA_KEY_DIR", ws.path("elsewhere").to_str().unwrap())
        .code(1);
    // Elsewhere, with nothing pinned, the key is the workspace's own
    // declaration, and verify says so; the rollback is named all the same.
    assert!(run.stdout.contains("(report/checkpoint.txt) signed a ledger of 4"), "{}", run.stdout);
    assert!(run.stdout.contains("declared only by the workspace"), "{}", run.stdout);
}

/// Signatures (and results) under a checkpoint known from outside were
/// checked when it was signed: verify takes them as they stand (and says
/// so) unless asked to check them all again with `--full`.
#[test]
fn signatures_a_pinned_checkpoint_covers_are_checked_again_only_when_asked() {
    let ws = TestWorkspace::new();
    ws.tarkka(&["key", "new", "aino"]).code(0);
    ws.log_visit("V-1");
    ws.tarkka(&["checkpoint"]).code(0);
    ws.tarkka(&["key", "trust", "aino"]).code(0);
    ws.tarkka(&["checkpoint"]).code(0);
    let mut lines = ws.ledger_lines();
    let at = lines[2].find(r#""ed25519":""#).unwrap() + 11;
    let flipped = if &lines[2][at..=at] == "0" { "1" } else { "0" };
    lines[2].replace_range(at..=at, flipped);
    ws.write_ledger(&lines);
    let run = ws.tarkka(&["verify", "--no-evidence"]).code(0);
    assert!(
        run.stdout.contains(
            "Entries 1–4 were checked when the checkpoint covering them was signed: their signatures and scored results are not checked again"
        ),
        "{}",
        run.stdout
    );
    let (code, report) = verify(&ws, &["--full"]);
    assert_eq!((code, kinds(&report)), (1, vec!["signature-invalid".to_string()]), "{report}");
}

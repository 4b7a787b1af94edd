//! `tarkka export bag`: BagIt bags (RFC 8493) checked by the Library of
//! Congress reference validator, `bagit.py`, and against the ledger.
//!
//! `bagit.py` comes from the `bagit` package on PyPI; `.ci/run` installs
//! it. A missing validator fails these tests: it is never a reason to skip.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::harness::{TestWorkspace, root};

/// Where `bagit.py` is, as `which bagit.py` would say.
fn bagit_py() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths).map(|dir| dir.join("bagit.py")).find(|p| p.is_file())
        })
        .unwrap_or_else(|| {
            panic!(
                "bagit.py, the Library of Congress BagIt validator, is not on PATH. \
                 `.ci/run` installs it (`python3 -m pip install bagit`); install it the same way \
                 to run these tests"
            )
        })
}

/// `bagit.py --validate DIR`: its exit code and what it logged.
fn validate(bag: &Path) -> (i32, String) {
    let output = Command::new(bagit_py())
        .arg("--validate")
        .arg(bag)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bagit_py().display()));
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), log)
}

fn assert_valid(bag: &Path) {
    let (code, log) = validate(bag);
    assert_eq!(code, 0, "bagit.py --validate {} failed:\n{log}", bag.display());
    assert!(log.contains("is valid"), "{log}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn parse(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

/// Every regular file under `dir`, by its path relative to `base` with `/`.
fn files_under(base: &Path, dir: &Path, found: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(base, &path, found);
        } else {
            let relative = path.strip_prefix(base).unwrap();
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_str().unwrap().to_string())
                .collect();
            found.insert(name.join("/"), std::fs::read(&path).unwrap());
        }
    }
}

/// What is in a directory, by name.
fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_str().unwrap().to_string())
        .collect()
}

/// `bag-info.txt` as label → value.
fn bag_info(bag: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(bag.join("bag-info.txt"))
        .unwrap()
        .lines()
        .map(|line| {
            let (label, value) = line.split_once(": ").unwrap_or_else(|| panic!("{line}"));
            (label.to_string(), value.to_string())
        })
        .collect()
}

/// Two store visits in case K-1 and one in case K-2, with evidence of every
/// kind: `kuva.jpg` in both visits of K-1 (different photos), a second,
/// different `kuva.jpg` in V-1, a receipt named with a space and Finnish
/// letters, one file attached to both V-1 and V-2, and scoresheets.
fn audited_case() -> TestWorkspace {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    ws.tarkka(&[
        "encounter",
        "log",
        "--id",
        "V-2",
        "--rubric",
        "store-visit",
        "--time",
        "2026-05-21T12:15+03:00",
        "--location",
        "kamppi",
        "--agent",
        "myyja-5",
        "--case",
        "K-1",
    ])
    .code(0);
    ws.tarkka(&[
        "encounter",
        "log",
        "--id",
        "V-3",
        "--rubric",
        "store-visit",
        "--time",
        "2026-05-22T09:00+03:00",
        "--location",
        "tampere",
        "--agent",
        "myyja-9",
        "--case",
        "K-2",
    ])
    .code(0);
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let files = [
        ("V-1", "photo", "incoming/v-1/kuva.jpg", b"JPEG: the toilet, V-1".to_vec()),
        ("V-1", "photo", "incoming/v-1/toinen/kuva.jpg", b"JPEG: the queue, V-1".to_vec()),
        (
            "V-1",
            "receipt",
            "incoming/v-1/kuitti ä ö.txt",
            "Kuitti: 2 × kahvi\n".as_bytes().to_vec(),
        ),
        ("V-1", "recording", "incoming/v-1/äänite.mp3", binary),
        ("V-1", "transcript", "incoming/v-1/litterointi.txt", b"- Hei!\n- Moi.\n".to_vec()),
        ("V-1", "other", "incoming/yhteinen.pdf", b"%PDF-1.7 the store's opening hours".to_vec()),
        ("V-2", "photo", "incoming/v-2/kuva.jpg", b"JPEG: the shelf, V-2".to_vec()),
        ("V-2", "other", "incoming/yhteinen.pdf", b"%PDF-1.7 the store's opening hours".to_vec()),
        ("V-3", "photo", "incoming/v-3/kuva.jpg", b"JPEG: Tampere".to_vec()),
    ];
    for (encounter, kind, relative, content) in files {
        let path = ws.write(relative, &content);
        ws.tarkka(&["evidence", "add", encounter, path.to_str().unwrap(), "--kind", kind]).code(0);
    }
    let answers = root().join("samples/answers/store-visit-kamppi-2026-05-14.toml");
    let answers = answers.to_str().unwrap();
    ws.tarkka(&["score", "V-1", "--answers", answers]).code(0);
    ws.tarkka(&[
        "score",
        "V-2",
        "--answers",
        answers,
        "--allow-missing-evidence",
        "the receipt was lost",
    ])
    .code(0);
    ws
}

/// `tarkka verify --json` of a clean ledger.
fn verified(ws: &TestWorkspace) -> Value {
    let report = parse(&ws.tarkka(&["verify", "--json"]).code(0).stdout);
    assert_eq!(report["findings"], Value::Array(vec![]), "{report:#}");
    report
}

/// Checks a bag of `encounters` against the workspace's ledger and files.
fn check_bag(ws: &TestWorkspace, bag: &Path, encounters: &[&str], identifier: &str) {
    assert_valid(bag);
    let report = verified(ws);
    let lines = ws.ledger_lines();
    let entries: Vec<Value> = lines.iter().map(|l| parse(l)).collect();

    // bagit.txt and bag-info.txt.
    assert_eq!(
        std::fs::read_to_string(bag.join("bagit.txt")).unwrap(),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    let info = bag_info(bag);
    assert_eq!(info["Tarkka-Ledger-Head"], report["head"].as_str().unwrap(), "{info:#?}");
    assert_eq!(info["Tarkka-Ledger-Merkle-Root"], report["merkle_root"].as_str().unwrap());
    assert_eq!(info["Tarkka-Ledger-Entries"], report["entries"].to_string());
    assert_eq!(info["Tarkka-Ledger-Entries"], lines.len().to_string());
    assert_eq!(info["External-Identifier"], identifier);
    assert_eq!(info["Bagging-Date"], "2026-05-14");

    // The payload: every file under data/ is in the manifest with its digest.
    let mut payload = BTreeMap::new();
    files_under(bag, &bag.join("data"), &mut payload);
    let manifest: BTreeMap<String, String> =
        std::fs::read_to_string(bag.join("manifest-sha256.txt"))
            .unwrap()
            .lines()
            .map(|line| {
                let (digest, path) = line.split_once("  ").unwrap_or_else(|| panic!("{line}"));
                (path.to_string(), digest.to_string())
            })
            .collect();
    assert_eq!(
        manifest.keys().collect::<Vec<_>>(),
        payload.keys().collect::<Vec<_>>(),
        "the manifest lists exactly the payload files"
    );
    for (path, content) in &payload {
        assert_eq!(manifest[path], sha256_hex(content), "{path}");
    }
    let bytes: usize = payload.values().map(Vec::len).sum();
    assert_eq!(info["Payload-Oxum"], format!("{bytes}.{}", payload.len()));

    // ...and the payload is the ledger's evidence of those encounters: each
    // distinct file once per encounter, with the digest the ledger recorded.
    let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
    for entry in entries.iter().filter(|e| e["kind"] == "evidence-attached") {
        let encounter = entry["payload"]["encounter"].as_str().unwrap();
        if encounters.contains(&encounter) {
            let digest = entry["payload"]["sha256"].as_str().unwrap().to_string();
            let stored = ws.path(entry["payload"]["location"].as_str().unwrap());
            assert_eq!(sha256_hex(&std::fs::read(stored).unwrap()), digest);
            expected.insert((encounter.to_string(), digest));
        }
    }
    let exported: BTreeSet<(String, String)> = manifest
        .iter()
        .map(|(path, digest)| {
            let encounter = path.strip_prefix("data/").unwrap().split('/').next().unwrap();
            (encounter.to_string(), digest.clone())
        })
        .collect();
    assert_eq!(exported, expected);
    assert_eq!(manifest.len(), expected.len(), "no file twice in one encounter");

    // tarkka/entries.jsonl: the ledger's own lines, in ledger order, of the
    // encounters and the rubric they were logged with.
    let fingerprints: BTreeSet<&str> = entries
        .iter()
        .filter(|e| {
            e["kind"] == "encounter-logged"
                && encounters.contains(&e["payload"]["encounter"].as_str().unwrap())
        })
        .map(|e| e["payload"]["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 1);
    let included: Vec<(&String, &Value)> = lines
        .iter()
        .zip(&entries)
        .filter(|(_, e)| match e["payload"]["encounter"].as_str() {
            Some(encounter) => encounters.contains(&encounter),
            None => {
                e["kind"] == "rubric-registered"
                    && fingerprints.contains(e["payload"]["fingerprint"].as_str().unwrap())
            }
        })
        .collect();
    let mut want = String::new();
    for (line, _) in &included {
        want.push_str(line);
        want.push('\n');
    }
    assert_eq!(std::fs::read_to_string(bag.join("tarkka/entries.jsonl")).unwrap(), want);
    let seqs: Vec<String> = included.iter().map(|(_, e)| e["seq"].to_string()).collect();
    assert_eq!(info["Tarkka-Included-Entries"], seqs.join(" "));

    // The rubric text the encounters were logged with.
    let rubric = included.iter().find(|(_, e)| e["kind"] == "rubric-registered").unwrap().1;
    let fingerprint = rubric["payload"]["fingerprint"].as_str().unwrap();
    let rubric_file = bag.join(format!("tarkka/rubric-store-visit-{}.toml", &fingerprint[..12]));
    assert_eq!(
        std::fs::read_to_string(&rubric_file).unwrap(),
        rubric["payload"]["text"].as_str().unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(&rubric_file).unwrap(),
        std::fs::read_to_string(root().join("rubrics/store-visit.toml")).unwrap()
    );

    // The tag manifest covers every tag file.
    let mut tags = BTreeMap::new();
    files_under(bag, bag, &mut tags);
    let tag_manifest = std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    let tag_manifest: BTreeMap<&str, &str> = tag_manifest
        .lines()
        .map(|line| {
            let (digest, path) = line.split_once("  ").unwrap();
            (path, digest)
        })
        .collect();
    for (path, content) in tags
        .iter()
        .filter(|(p, _)| !p.starts_with("data/") && p.as_str() != "tagmanifest-sha256.txt")
    {
        assert_eq!(tag_manifest.get(path.as_str()), Some(&sha256_hex(content).as_str()), "{path}");
    }
}

/// The digest the ledger recorded for an encounter's file of this name.
fn ledger_digest(ws: &TestWorkspace, encounter: &str, name: &str) -> String {
    let matching: Vec<String> = ws
        .ledger_lines()
        .iter()
        .map(|l| parse(l))
        .filter(|e| {
            e["kind"] == "evidence-attached"
                && e["payload"]["encounter"] == encounter
                && e["payload"]["name"] == name
        })
        .map(|e| e["payload"]["sha256"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(matching.len(), 1, "{encounter} {name}: {matching:?}");
    matching.into_iter().next().unwrap()
}

#[test]
fn bags_of_an_encounter_and_a_case_are_valid_and_hold_what_the_ledger_recorded() {
    let ws = audited_case();
    let out = tempfile::tempdir().unwrap();
    let one = out.path().join("bag-v-1");
    let run = ws.tarkka(&["export", "bag", "V-1", "--out", one.to_str().unwrap()]).code(0);
    let head = verified(&ws)["head"].as_str().unwrap().to_string();
    assert!(run.stdout.contains(&format!("Ledger head: {head}")), "{}", run.stdout);
    assert!(run.stdout.contains("6 files"), "{}", run.stdout);
    check_bag(&ws, &one, &["V-1"], "encounter V-1");
    let entries = std::fs::read_to_string(one.join("tarkka/entries.jsonl")).unwrap();
    assert!(entries.contains(r#""kind":"scoresheet-recorded""#), "{entries}");

    let case = out.path().join("bag-k-1");
    let run =
        ws.tarkka(&["export", "bag", "--case", "K-1", "--out", case.to_str().unwrap()]).code(0);
    assert!(run.stdout.contains("8 files"), "{}", run.stdout);
    check_bag(&ws, &case, &["V-1", "V-2"], "case K-1");

    // Named as documented: the same name in two encounters stays apart, the
    // second file of a name in one encounter is told apart by its digest,
    // and white space becomes `_` while Finnish letters stay.
    let manifest = std::fs::read_to_string(case.join("manifest-sha256.txt")).unwrap();
    let photos: Vec<String> = ws
        .ledger_lines()
        .iter()
        .map(|l| parse(l))
        .filter(|e| e["payload"]["encounter"] == "V-1" && e["payload"]["name"] == "kuva.jpg")
        .map(|e| e["payload"]["sha256"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(photos.len(), 2);
    let expected_lines = [
        format!("{}  data/V-1/kuva.jpg", photos[0]),
        format!("{}  data/V-1/{}-kuva.jpg", photos[1], &photos[1][..12]),
        format!("{}  data/V-2/kuva.jpg", ledger_digest(&ws, "V-2", "kuva.jpg")),
        format!("{}  data/V-1/kuitti_ä_ö.txt", ledger_digest(&ws, "V-1", "kuitti ä ö.txt")),
        format!("{}  data/V-1/äänite.mp3", ledger_digest(&ws, "V-1", "äänite.mp3")),
        format!("{}  data/V-1/yhteinen.pdf", ledger_digest(&ws, "V-1", "yhteinen.pdf")),
        format!("{}  data/V-2/yhteinen.pdf", ledger_digest(&ws, "V-2", "yhteinen.pdf")),
    ];
    for line in &expected_lines {
        assert!(manifest.lines().any(|l| l == line), "{line} not in\n{manifest}");
    }
    assert_eq!(
        std::fs::read(case.join("data/V-1/kuva.jpg")).unwrap(),
        b"JPEG: the toilet, V-1".to_vec()
    );
    assert_eq!(
        std::fs::read(case.join("data/V-2/kuva.jpg")).unwrap(),
        b"JPEG: the shelf, V-2".to_vec()
    );
    assert!(!manifest.contains("V-3"), "case K-2 is not in the bag of K-1:\n{manifest}");

    // Exporting changes nothing in the workspace: the ledger still verifies
    // to the head the bags quote.
    assert_eq!(verified(&ws)["head"], head);
    assert_eq!(listing(out.path()), BTreeSet::from(["bag-k-1".into(), "bag-v-1".into()]));
}

#[test]
fn a_bag_of_an_encounter_without_evidence_is_valid() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    let out = tempfile::tempdir().unwrap();
    let bag = out.path().join("bag");
    let run = ws.tarkka(&["export", "bag", "V-1", "--out", bag.to_str().unwrap()]).code(0);
    assert!(run.stdout.contains("0 files"), "{}", run.stdout);
    assert!(bag.join("data").is_dir(), "the payload directory is required even when empty");
    check_bag(&ws, &bag, &["V-1"], "encounter V-1");
}

#[test]
fn a_bag_changed_after_export_fails_validation() {
    let ws = audited_case();
    let out = tempfile::tempdir().unwrap();
    let bag = out.path().join("bag");
    ws.tarkka(&["export", "bag", "--case", "K-1", "--out", bag.to_str().unwrap()]).code(0);
    assert_valid(&bag);

    let file = bag.join("data/V-2/kuva.jpg");
    let original = std::fs::read(&file).unwrap();
    let mut changed = original.clone();
    changed[3] ^= 0x01;
    std::fs::write(&file, &changed).unwrap();
    let (code, log) = validate(&bag);
    assert_ne!(code, 0, "a changed byte passed validation:\n{log}");
    assert!(log.contains("data/V-2/kuva.jpg"), "{log}");

    // The byte was the only problem.
    std::fs::write(&file, &original).unwrap();
    assert_valid(&bag);

    // A file slipped into the payload is caught too.
    std::fs::write(bag.join("data/V-2/lisatty.txt"), b"added later").unwrap();
    let (code, log) = validate(&bag);
    assert_ne!(code, 0, "an added file passed validation:\n{log}");
}

/// Runs an export that must be refused: exit code 2, a message with
/// `reason`, and nothing left where the bag would have gone.
fn assert_refused(ws: &TestWorkspace, args: &[&str], reason: &str) {
    let out = tempfile::tempdir().unwrap();
    let before = listing(out.path());
    let bag = out.path().join("bag");
    let mut all: Vec<&str> = vec!["export", "bag"];
    all.extend_from_slice(args);
    all.extend(["--out", bag.to_str().unwrap()]);
    let run = ws.tarkka(&all).code(2);
    assert!(run.stderr.contains(reason), "expected `{reason}` in:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&bag).is_err(), "{} was left behind", bag.display());
    assert_eq!(listing(out.path()), before, "something was left beside the bag");
}

#[test]
fn export_refuses_an_output_directory_that_exists() {
    let ws = audited_case();
    let out = tempfile::tempdir().unwrap();
    let bag = out.path().join("bag");
    std::fs::create_dir(&bag).unwrap();
    std::fs::write(bag.join("keep.txt"), b"earlier work").unwrap();
    let run = ws.tarkka(&["export", "bag", "V-1", "--out", bag.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert_eq!(listing(&bag), BTreeSet::from(["keep.txt".to_string()]));
    assert_eq!(std::fs::read(bag.join("keep.txt")).unwrap(), b"earlier work");
    assert_eq!(listing(out.path()), BTreeSet::from(["bag".to_string()]), "no stray directory");

    // An empty directory, and a symbolic link to nowhere, are there too.
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = ws.tarkka(&["export", "bag", "V-1", "--out", empty.to_str().unwrap()]).code(2);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert!(listing(&empty).is_empty());
    #[cfg(unix)]
    {
        let link = out.path().join("link");
        std::os::unix::fs::symlink(out.path().join("nowhere"), &link).unwrap();
        let run = ws.tarkka(&["export", "bag", "V-1", "--out", link.to_str().unwrap()]).code(2);
        assert!(run.stderr.contains("exists already"), "{}", run.stderr);
        assert!(std::fs::symlink_metadata(out.path().join("nowhere")).is_err());
    }
    let names = listing(out.path());
    assert!(names.iter().all(|n| !n.starts_with('.')), "stray temporary directory: {names:?}");
}

#[test]
fn export_refuses_an_unknown_encounter_or_case() {
    let ws = audited_case();
    assert_refused(&ws, &["V-9"], "no encounter `V-9` in the ledger");
    assert_refused(&ws, &["--case", "K-9"], "no encounter of case `K-9` in the ledger");
}

#[test]
fn export_refuses_evidence_altered_in_the_store() {
    let ws = audited_case();
    // V-2's photo: exported after all of V-1's files, so the refusal comes
    // with a half-written bag to clean up.
    let digest = ledger_digest(&ws, "V-2", "kuva.jpg");
    let stored = ws.path(&format!("evidence/sha256/{}/{digest}", &digest[..2]));
    let mut content = std::fs::read(&stored).unwrap();
    content[0] ^= 0x20;
    let mut permissions = std::fs::metadata(&stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&stored, permissions).unwrap();
    std::fs::write(&stored, &content).unwrap();

    assert_refused(&ws, &["--case", "K-1"], "no longer matches the ledger");
    assert_refused(&ws, &["V-2"], "altered evidence is not exported");
    // V-1's evidence is intact: its bag can still be written.
    let out = tempfile::tempdir().unwrap();
    let bag = out.path().join("bag");
    ws.tarkka(&["export", "bag", "V-1", "--out", bag.to_str().unwrap()]).code(0);
    assert_valid(&bag);
}

#[test]
fn export_refuses_a_ledger_that_does_not_verify() {
    let ws = audited_case();
    let mut lines = ws.ledger_lines();
    let index = lines.iter().position(|l| l.contains(r#""encounter":"V-2""#)).unwrap();
    assert!(lines[index].contains(r#""agent":"myyja-5""#), "{}", lines[index]);
    lines[index] = lines[index].replace(r#""agent":"myyja-5""#, r#""agent":"myyja-6""#);
    ws.write_ledger(&lines);
    ws.tarkka(&["verify", "--no-evidence"]).code(1);

    assert_refused(&ws, &["--case", "K-1"], "the ledger does not verify");
    assert_refused(&ws, &["V-1"], "the ledger does not verify");
}

/// Attack 4 of #16: an included entry's result is edited, its own hash and
/// the tag manifest recomputed. BagIt's validator cannot tell; the bag's
/// proof against the ledger's checkpoint can.
#[test]
fn a_bag_whose_lines_were_edited_with_their_manifests_passes_bagit_but_not_bag_verify() {
    let ws = audited_case();
    ws.tarkka(&["checkpoint"]).code(0);
    let vkey = std::fs::read_to_string(ws.path("checkpoints/log.vkey")).unwrap();
    let vkey = vkey.trim();
    let bag = ws.path("out/bag-proof");
    let bag_arg = bag.to_str().unwrap();
    ws.tarkka(&["export", "bag", "V-1", "--out", bag_arg]).code(0);
    assert!(bag.join("tarkka/proof.json").is_file());
    let elsewhere = ws.path("elsewhere-keys");
    let elsewhere = elsewhere.to_str().unwrap();
    let run = ws
        .tarkka(&["bag", "verify", bag_arg, "--key", vkey])
        .env("TARKKA_KEY_DIR", elsewhere)
        .code(0);
    assert!(run.stdout.contains("The bag holds"), "{}", run.stdout);
    // The edit: the scoresheet's overall score, its own hash recomputed.
    let entries = bag.join("tarkka/entries.jsonl");
    let text = std::fs::read_to_string(&entries).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let sheet = lines.iter().position(|l| l.contains("scoresheet-recorded")).unwrap();
    let line = &mut lines[sheet];
    let at = line.rfind(r#""overall":""#).unwrap();
    let end = at + line[at..].find(r#"","#).unwrap();
    line.replace_range(at..end, r#""overall":"1"#);
    let body_end = line.rfind(r#","hash":""#).unwrap();
    let hash = sha256_hex(format!("{}}}", &line[..body_end]).as_bytes());
    let sig = line.find(r#","sig":"#).map(|s| line[s..].to_string()).unwrap_or("}".into());
    *line = format!(r#"{},"hash":"{hash}"{sig}"#, &line[..body_end]);
    let edited = lines.join("\n") + "\n";
    std::fs::write(&entries, &edited).unwrap();
    let tags = std::fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    let tags: Vec<String> = tags
        .lines()
        .map(|l| match l.split_once("  ") {
            Some((_, "tarkka/entries.jsonl")) => {
                format!("{}  tarkka/entries.jsonl", sha256_hex(edited.as_bytes()))
            }
            _ => l.to_string(),
        })
        .collect();
    std::fs::write(bag.join("tagmanifest-sha256.txt"), tags.join("\n") + "\n").unwrap();
    assert_valid(&bag);
    let run = ws
        .tarkka(&["bag", "verify", bag_arg, "--key", vkey])
        .env("TARKKA_KEY_DIR", elsewhere)
        .code(1);
    assert!(run.stdout.contains("is not the line the proof proves"), "{}", run.stdout);
    // The proof's list of later, unproven entries is not signed: naming the
    // edited entry there excuses nothing.
    let proof = std::fs::read_to_string(bag.join("tarkka/proof.json")).unwrap();
    let seq = parse(&lines[sheet])["seq"].as_u64().unwrap();
    let excused = proof.replacen(r#""entries""#, &format!(r#""uncovered": [{seq}], "entries""#), 1);
    std::fs::write(bag.join("tarkka/proof.json"), &excused).unwrap();
    let run = ws
        .tarkka(&["bag", "verify", bag_arg, "--key", vkey])
        .env("TARKKA_KEY_DIR", elsewhere)
        .code(1);
    assert!(run.stdout.contains("is not the line the proof proves"), "{}", run.stdout);
    std::fs::write(bag.join("tarkka/proof.json"), &proof).unwrap();
    // A link in the payload leads nowhere: it is no payload file.
    std::os::unix::fs::symlink("/etc", bag.join("data/V-1/etc")).unwrap();
    let run = ws
        .tarkka(&["bag", "verify", bag_arg, "--key", vkey])
        .env("TARKKA_KEY_DIR", elsewhere)
        .code(1);
    assert!(
        run.stdout.contains("data/V-1/etc is in the bag but not in manifest-sha256.txt"),
        "{}",
        run.stdout
    );
    std::fs::remove_file(bag.join("data/V-1/etc")).unwrap();
    // Editing the proof's copy of the line too breaks its inclusion.
    let original = text.lines().nth(sheet).unwrap();
    let json_of = |s: &str| serde_json::to_string(s).unwrap();
    let forged = proof.replace(&json_of(original), &json_of(&lines[sheet]));
    assert_ne!(forged, proof);
    std::fs::write(bag.join("tarkka/proof.json"), forged).unwrap();
    let run = ws
        .tarkka(&["bag", "verify", bag_arg, "--key", vkey])
        .env("TARKKA_KEY_DIR", elsewhere)
        .code(1);
    assert!(run.stdout.contains("is not at index"), "{}", run.stdout);
    std::fs::remove_dir_all(&bag).unwrap();
}

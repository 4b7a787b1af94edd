//! A team workspace: the ledger in PostgreSQL. What holds for the directory
//! is tested on both stores where it is tested (`on_every_store!`); this
//! module holds what only a database has: roles and triggers, an
//! administrator's edits, and copies between the homes.

use serde_json::Value;

use crate::harness::{Store, TestWorkspace, kinds, root};

/// A team workspace with two visits, one scored, and one evidence file.
fn team() -> Option<TestWorkspace> {
    let ws = TestWorkspace::on(Store::Team)?;
    ws.log_visit("V-1");
    ws.log_visit("V-2");
    ws.write("incoming/wc.jpg", b"photo of the toilets");
    ws.tarkka(&["evidence", "add", "V-1", "incoming/wc.jpg", "--kind", "photo"]).code(0);
    ws.score_sample("V-1");
    Some(ws)
}

fn verify(ws: &TestWorkspace) -> (i32, Value) {
    let run = ws.tarkka(&["verify", "--json"]).run();
    let report = serde_json::from_str(&run.stdout).unwrap_or_else(|_| {
        panic!("exit {}\n--- stdout\n{}\n--- stderr\n{}", run.code, run.stdout, run.stderr)
    });
    (run.code, report)
}

#[test]
fn auditors_can_only_append_and_an_administrators_edits_are_caught() {
    let Some(ws) = team() else { return };
    let database = ws.database.clone().unwrap();
    let (code, report) = verify(&ws);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    assert_eq!(report["entries"], 5, "{report:#}");

    // The documented roles: an auditor's login role reads and appends...
    let mut owner = database.connect();
    owner
        .batch_execute(&std::fs::read_to_string(root().join("contrib/postgres/roles.sql")).unwrap())
        .unwrap();
    owner
        .batch_execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tarkka_test_auditor') \
             THEN CREATE ROLE tarkka_test_auditor LOGIN IN ROLE tarkka_auditor; END IF; END $$",
        )
        .unwrap();
    let auditor_url = database.url_as("tarkka_test_auditor");
    let toml = std::fs::read_to_string(ws.path("tarkka.toml")).unwrap();
    let machine = ws.machine().unwrap();
    std::fs::write(machine.path("tarkka.toml"), toml.replace(&database.url(), &auditor_url))
        .unwrap();
    let run = machine
        .tarkka(&crate::harness::visit_args("V-3").iter().map(String::as_str).collect::<Vec<_>>())
        .code(0);
    assert!(run.stdout.starts_with("Logged V-3 (entry 6, "), "{}", run.stdout);
    // ... and can change nothing.
    let mut auditor = postgres::Client::connect(&auditor_url, postgres::NoTls).unwrap();
    for statement in [
        "UPDATE tarkka_ledger SET line = line WHERE seq = 2",
        "DELETE FROM tarkka_ledger WHERE seq = 6",
        "TRUNCATE tarkka_ledger",
    ] {
        let error = auditor.batch_execute(statement).unwrap_err();
        let db = error.as_db_error().unwrap();
        assert_eq!(db.code().code(), "42501", "{statement}: {db:?}");
        assert!(db.message().contains("permission denied"), "{statement}: {db:?}");
    }
    // Even the owner is stopped by the triggers...
    for statement in [
        "UPDATE tarkka_ledger SET line = line WHERE seq = 2",
        "DELETE FROM tarkka_ledger WHERE seq = 6",
        "TRUNCATE tarkka_ledger",
    ] {
        let error = owner.batch_execute(statement).unwrap_err();
        let message = error.as_db_error().unwrap().message().to_string();
        assert!(message.starts_with("the tarkka ledger is append-only"), "{statement}: {message}");
    }

    // ... unless they switch them off: an edited row is named by its hash,
    ws.tarkka(&["checkpoint"]).code(0);
    let line: Vec<u8> =
        owner.query_one("SELECT line FROM tarkka_ledger WHERE seq = 3", &[]).unwrap().get(0);
    owner
        .batch_execute(
            "ALTER TABLE tarkka_ledger DISABLE TRIGGER USER; \
             UPDATE tarkka_ledger SET line = convert_to(replace(convert_from(line, 'UTF8'), \
             'myyja-3', 'myyja-4'), 'UTF8') WHERE seq = 3; \
             ALTER TABLE tarkka_ledger ENABLE TRIGGER USER",
        )
        .unwrap();
    let (code, report) = verify(&ws);
    assert_eq!(code, 1, "{report:#}");
    assert!(kinds(&report).contains(&"edited-entry".to_string()), "{report:#}");
    let edited = &report["findings"][0]["message"];
    assert!(edited.as_str().unwrap().contains("entry 3"), "{report:#}");

    // and rows deleted from the end by the checkpoint this machine keeps.
    owner.batch_execute("ALTER TABLE tarkka_ledger DISABLE TRIGGER USER").unwrap();
    owner.execute("UPDATE tarkka_ledger SET line = $1 WHERE seq = 3", &[&line]).unwrap();
    owner.batch_execute("DELETE FROM tarkka_ledger WHERE seq >= 5").unwrap();
    owner.batch_execute("ALTER TABLE tarkka_ledger ENABLE TRIGGER USER").unwrap();
    let (code, report) = verify(&ws);
    assert_eq!(code, 1, "{report:#}");
    assert!(kinds(&report).contains(&"rolled-back".to_string()), "{report:#}");
}

#[test]
fn a_workspace_copies_to_the_team_store_and_back_byte_for_byte() {
    let Some(database) = crate::harness::TestDatabase::new() else { return };
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    ws.write("incoming/wc.jpg", b"photo of the toilets");
    ws.tarkka(&["evidence", "add", "V-1", "incoming/wc.jpg", "--kind", "photo"]).code(0);
    ws.score_sample("V-1");
    ws.tarkka(&["checkpoint"]).code(0);
    let original = ws.ledger_bytes();
    let place = tempfile::tempdir().unwrap();
    let team = place.path().join("team");
    let team_str = team.to_str().unwrap();
    let url = database.url();

    let mut copy = vec!["workspace", "copy", ".", team_str, "--ledger", &url];
    let bucket = database.bucket();
    if let Some(bucket) = &bucket {
        copy.extend(["--evidence", bucket]);
    }
    let run = ws.tarkka(&copy).code(0);
    assert!(run.stdout.starts_with(&format!("Workspace copied: {team_str}\n")), "{}", run.stdout);
    assert!(run.stdout.contains("evidence: 1 (20 B, "), "{}", run.stdout);
    let toml = std::fs::read_to_string(team.join("tarkka.toml")).unwrap();
    assert!(toml.contains(&format!("[store]\nledger = \"{url}\"")), "{toml}");
    if let Some(bucket) = &bucket {
        assert!(toml.contains(&format!("evidence = \"{bucket}\"")), "{toml}");
        // The evidence is in the bucket, not the directory.
        assert_eq!(std::fs::read_dir(team.join("evidence/sha256")).unwrap().count(), 0);
    }
    assert!(!team.join("ledger.jsonl").exists());
    assert!(team.join("checkpoints").is_dir());
    // The copy verifies in its new home, against the checkpoint it carried.
    let run = crate::harness::tarkka(&["--workspace", team_str, "verify"]).code(0);
    assert!(run.stdout.contains("All holds"), "{}", run.stdout);
    // Its export is the original file, byte for byte.
    let exported = crate::harness::tarkka(&["--workspace", team_str, "ledger", "export"]).code(0);
    assert_eq!(exported.stdout.as_bytes(), original.as_slice());

    // A second copy into the same database is refused and changes nothing.
    let again = place.path().join("again");
    let run =
        ws.tarkka(&["workspace", "copy", ".", again.to_str().unwrap(), "--ledger", &url]).code(2);
    assert!(run.stderr.contains("already holds a tarkka ledger"), "{}", run.stderr);
    assert!(!again.exists());
    assert_eq!(std::fs::read_dir(place.path()).unwrap().count(), 1, "a staging directory was left");

    // And back to a directory, without the machine's cache of the team
    // ledger.
    std::fs::create_dir_all(team.join(".cache")).unwrap();
    std::fs::write(team.join(".cache/ledger.jsonl"), b"cached\n").unwrap();
    let back = place.path().join("back");
    crate::harness::tarkka(&[
        "--workspace",
        team_str,
        "workspace",
        "copy",
        team_str,
        back.to_str().unwrap(),
    ])
    .code(0);
    assert_eq!(std::fs::read(back.join("ledger.jsonl")).unwrap(), original);
    assert!(!std::fs::read_to_string(back.join("tarkka.toml")).unwrap().contains("[store]"));
    assert!(!back.join(".cache").exists());
    let run = crate::harness::tarkka(&["--workspace", back.to_str().unwrap(), "verify"]).code(0);
    assert!(run.stdout.contains("All holds"), "{}", run.stdout);
}

/// A PostgreSQL server of the test's own (from the binaries `.ci/run`
/// names in `TARKKA_TEST_PG_BIN`, run through `TARKKA_TEST_PG_AS` when the
/// tests run as root), so that restarting it troubles no other test.
struct OwnServer {
    dir: tempfile::TempDir,
    bin: String,
    run_as: String,
    port: u16,
    /// More server options (`-c name=value`).
    options: String,
}

impl OwnServer {
    fn start() -> Option<OwnServer> {
        let Ok(bin) = std::env::var("TARKKA_TEST_PG_BIN") else {
            assert!(
                std::env::var_os("TARKKA_TEST_REQUIRE_SERVERS").is_none(),
                "TARKKA_TEST_PG_BIN is not set, but TARKKA_TEST_REQUIRE_SERVERS is"
            );
            eprintln!("skipped: TARKKA_TEST_PG_BIN is not set (.ci/run sets it)");
            return None;
        };
        let run_as = std::env::var("TARKKA_TEST_PG_AS").unwrap_or_default();
        let dir = tempfile::tempdir().unwrap();
        if !run_as.is_empty() {
            let user = run_as.split_whitespace().nth(2).unwrap_or("postgres");
            assert!(
                std::process::Command::new("chown")
                    .arg(user)
                    .arg(dir.path())
                    .status()
                    .unwrap()
                    .success()
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let server = OwnServer { dir, bin, run_as, port, options: String::new() };
        server.pg(&format!("initdb -D {} -U tarkka -A trust -E UTF8 --no-sync", server.data()));
        Some(server)
    }

    /// A server that takes TCP connections only over TLS, with a
    /// self-signed certificate for 127.0.0.1 (copied to `cert.pem`).
    fn start_tls() -> Option<OwnServer> {
        let mut server = OwnServer::start()?;
        let data = server.data();
        // A certificate authority of the test's own, and the server's
        // certificate for 127.0.0.1 signed by it.
        server.run(&format!(
            "cd {data} && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca \
             -keyout ca.key -out ca.crt 2>/dev/null && \
             openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key \
             -out server.csr 2>/dev/null && \
             printf 'subjectAltName=IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext && \
             openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
             -extfile ext -out server.crt 2>/dev/null && chmod 600 server.key && \
             sed -i 's/^host /hostssl /' pg_hba.conf"
        ));
        std::fs::copy(format!("{data}/ca.crt"), server.dir.path().join("cert.pem")).unwrap();
        server.options = "-c ssl=on".into();
        server.pg_ctl("start");
        Some(server)
    }

    /// A shell command as the server's user.
    fn run(&self, command: &str) {
        let line = match self.run_as.is_empty() {
            true => command.to_string(),
            false => format!("{} sh -c \"{}\"", self.run_as, command.replace('"', "\\\"")),
        };
        let status = std::process::Command::new("sh").arg("-c").arg(&line).status().unwrap();
        assert!(status.success(), "{line}");
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn pg(&self, command: &str) {
        let line = format!("{} {}/{command} >/dev/null", self.run_as, self.bin);
        let status = std::process::Command::new("sh").arg("-c").arg(&line).status().unwrap();
        assert!(status.success(), "{line}");
    }

    fn pg_ctl(&self, action: &str) {
        self.pg(&format!(
            "pg_ctl -D {} -l {}/log -w -m fast -o '-k {} -p {} -c listen_addresses=127.0.0.1 {}' {action}",
            self.data(),
            self.dir.path().display(),
            self.dir.path().display(),
            self.port,
            self.options
        ));
    }

    fn url(&self) -> String {
        format!("postgres://tarkka@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let line = format!(
            "{} {}/pg_ctl -D {} -m immediate stop >/dev/null 2>&1",
            self.run_as,
            self.bin,
            self.data()
        );
        let _ = std::process::Command::new("sh").arg("-c").arg(line).status();
    }
}

/// The server restarted while an import is under way: the import either
/// finished before (all of it recorded) or fails naming the lost
/// connection (none of it recorded); verify holds either way, and the
/// import run again records it once.
#[test]
fn a_server_restarted_mid_import_leaves_all_or_nothing() {
    let Some(server) = OwnServer::start() else { return };
    server.pg_ctl("start");
    let dir = tempfile::tempdir().unwrap();
    let ws = TestWorkspace { dir, database: None, bucket: None };
    ws.tarkka(&["init", ".", "--ledger", &server.url()]).code(0);
    ws.tarkka(&["sample", "generate", "--encounters", "4000", "--out", "gen"]).code(0);
    let mut import = vec!["import", "encounters", "gen/encounters.csv"];
    for rubric in ["cold-call", "follow-up", "service-call", "store-visit"] {
        import.push("--rubric");
        import.push(Box::leak(format!("gen/rubrics/{rubric}.toml").into_boxed_str()));
    }
    let mut outcomes = Vec::new();
    for delay in [150, 400, 700, 1000] {
        let child = ws
            .process(&import)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        server.pg_ctl("restart");
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let (code, report) = verify(&ws);
        assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
        let entries = report["entries"].as_u64().unwrap();
        if output.status.success() {
            // Four rubrics and every encounter, once.
            assert_eq!(entries, 4004, "{report:#}");
            outcomes.push("finished");
            break;
        }
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("127.0.0.1:{}", server.port)), "{stderr}");
        assert!(
            stderr.contains("nothing of it was recorded") || stderr.contains("may or may not"),
            "{stderr}"
        );
        assert!(!stderr.contains("password"), "{stderr}");
        assert_eq!(entries, 0, "half an import is visible: {report:#}");
        outcomes.push("refused");
    }
    eprintln!("imports while the server restarted: {outcomes:?}");
    if outcomes.last() != Some(&"finished") {
        ws.tarkka(&import).code(0);
    }
    let (code, report) = verify(&ws);
    assert_eq!((code, report["entries"].as_u64()), (0, Some(4004)), "{report:#}");
}

/// On another machine of the team, an auditor's signing key is trusted
/// from the ledger once the log's holder admitted it and this machine
/// pinned the log key; `keys/` need not be copied.
#[test]
fn a_key_the_log_key_admitted_is_trusted_on_every_machine_that_pinned_it() {
    let Some(ws) = TestWorkspace::on(Store::Team) else { return };
    ws.tarkka(&["key", "new", "aino"]).code(0);
    ws.log_visit("V-1");
    ws.tarkka(&["checkpoint"]).env("TARKKA_ACTOR", "lead").code(0);
    let other = ws.machine().unwrap();
    let untrusted =
        |report: &Value| kinds(report).iter().filter(|k| *k == "signature-untrusted").count();
    // Without the log key, the other machine cannot know aino's key.
    let (code, report) = verify(&other);
    assert_eq!((code, untrusted(&report)), (1, 3), "{report:#}");
    // The log's holder admits it; the other machine has the team's log key
    // (from the repository) and pins it.
    ws.tarkka(&["key", "trust", "aino"]).env("TARKKA_ACTOR", "lead").code(0);
    std::fs::create_dir_all(other.path("checkpoints")).unwrap();
    std::fs::copy(ws.path("checkpoints/log.vkey"), other.path("checkpoints/log.vkey")).unwrap();
    let (code, report) = verify(&other);
    assert_eq!((code, untrusted(&report)), (1, 3), "declared is not pinned: {report:#}");
    let vkey = std::fs::read_to_string(ws.path("checkpoints/log.vkey")).unwrap();
    other.tarkka(&["checkpoint", "trust", vkey.trim()]).code(0);
    let (code, report) = verify(&other);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    assert!(!other.path("keys/aino.pub").exists());
    // Aino on that machine, with her signing key but no `keys/aino.pub`:
    // the admitted key signs her entries as it is; nothing reads it as
    // revoked, and no second key entry is written.
    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy_tree(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    copy_tree(&ws.path(".test-keys"), &other.path(".test-keys"));
    other.log_visit("V-2");
    let (code, report) = verify(&other);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    let key_entries =
        ws.ledger_lines().iter().filter(|l| l.contains(r#""kind":"key-added""#)).count();
    assert_eq!(key_entries, 1);
    assert!(!other.path("keys/aino.pub").exists());
}

/// The test bucket's objects, reached as an outsider with the bucket's key
/// would reach them (not through tarkka).
fn bucket_client(url: &str) -> (object_store::aws::AmazonS3, String) {
    let location =
        tarkka_ledger::s3::parse(url, &tarkka_ledger::s3::Environment::from_process()).unwrap();
    let (id, secret, _) = location.credentials.clone().unwrap();
    let mut builder = object_store::aws::AmazonS3Builder::new()
        .with_bucket_name(&location.bucket)
        .with_region(&location.region)
        .with_access_key_id(id)
        .with_secret_access_key(secret);
    if let Some(endpoint) = &location.endpoint {
        builder = builder.with_endpoint(endpoint).with_allow_http(true);
    }
    (builder.build().unwrap(), location.prefix)
}

/// Writes 20 MiB of noise from `seed` (three 8 MiB parts) to
/// `incoming/call.wav` and returns its SHA-256.
fn recording(ws: &TestWorkspace, seed: u64) -> String {
    use sha2::Digest as _;
    let mut state = seed;
    let noise: Vec<u8> = (0..20 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    ws.write("incoming/call.wav", &noise);
    hex::encode(sha2::Sha256::digest(&noise))
}

/// Evidence in the bucket: a large recording uploads in parts and resumes
/// after its writer is killed; objects deleted, replaced or added behind
/// tarkka's back are named by `verify`, with the scores relying on them.
#[test]
fn evidence_in_the_bucket_resumes_uploads_and_tampering_is_named() {
    use object_store::{ObjectStoreExt as _, PutPayload};
    let Some(ws) = TestWorkspace::on(Store::Team) else { return };
    let Some(bucket) = ws.bucket.clone() else { return };
    ws.log_visit("V-1");
    // 20 MiB of noise: three parts.
    let digest = recording(&ws, 0x2545_F491_4F6C_DD1D);
    let add = ["evidence", "add", "V-1", "incoming/call.wav", "--kind", "recording"];
    // Killed once its first part is sent: a journal of that part is left.
    let mut child = ws.process(&add).stdout(std::process::Stdio::null()).spawn().unwrap();
    let journal = loop {
        let found = std::fs::read_dir(ws.path("evidence/.incoming"))
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("s3-upload-"));
        if let Some(found) = found {
            child.kill().unwrap();
            break found.path();
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the upload finished ({status}) before a part was journaled");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    child.wait().unwrap();
    assert!(ws.tarkka(&["verify", "--json"]).run().stdout.contains("incomplete-copy"));
    // Nothing was attached: the object under the digest does not exist yet.
    let (client, prefix) = bucket_client(&bucket);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let key = |location: &str| object_store::path::Path::from(format!("{prefix}/{location}"));
    let stored = format!("evidence/sha256/{}/{digest}", &digest[..2]);
    assert!(runtime.block_on(client.head(&key(&stored))).is_err(), "attached before complete");
    // Run again: it resumes, and the recording is whole.
    let run = ws.tarkka(&add).code(0);
    assert!(run.stdout.contains(&format!("sha256:{digest}")), "{}", run.stdout);
    assert!(!journal.exists(), "the journal outlived its upload");
    let (code, report) = verify(&ws);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    assert_eq!(report["evidence_bytes"], 20 << 20, "{report:#}");

    // Behind tarkka's back: the recording replaced, a photo deleted, a stray
    // object added.
    ws.write("incoming/wc.jpg", b"photo of the toilets");
    ws.tarkka(&["evidence", "add", "V-1", "incoming/wc.jpg", "--kind", "photo"]).code(0);
    let photo = {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(b"photo of the toilets"))
    };
    let photo = format!("evidence/sha256/{}/{photo}", &photo[..2]);
    let stray = format!("evidence/sha256/00/{}", "0".repeat(64));
    runtime.block_on(async {
        client.put(&key(&stored), PutPayload::from_static(b"forged")).await.unwrap();
        client.delete(&key(&photo)).await.unwrap();
        client.put(&key(&stray), PutPayload::from_static(b"stray")).await.unwrap();
    });
    let (code, report) = verify(&ws);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        kinds(&report),
        ["evidence-altered", "evidence-missing", "untracked-file"],
        "{report:#}"
    );
    let text = ws.tarkka(&["verify"]).code(1).stdout;
    assert!(
        text.contains(&format!("{stored} (call.wav, attached to `V-1` by entry 3) has changed")),
        "{text}"
    );
}

/// A machine keeps the team ledger's lines it has read in `.cache/` and
/// `score` reads only the newer rows from the server; a cache the server
/// no longer agrees with (rows deleted behind it) is read again whole, so
/// an encounter only the cache remembers is not scored.
#[test]
fn a_machines_cache_of_the_ledger_is_used_only_while_the_server_agrees() {
    let Some(ws) = team() else { return };
    let database = ws.database.clone().unwrap();
    let machine = ws.machine().unwrap();
    let cache_head = || -> Value {
        serde_json::from_slice(&std::fs::read(machine.path(".cache/ledger.head")).unwrap()).unwrap()
    };
    machine.log_visit("V-3");
    machine.score_sample("V-2");
    let head = cache_head();
    assert_eq!(head["entries"], 6, "the lines before the scoresheet: {head}");
    let cached = std::fs::read(machine.path(".cache/ledger.jsonl")).unwrap();
    assert_eq!(cached.iter().filter(|&&b| b == b'\n').count(), 6);
    // Another machine appends; this one reads the newer rows only, and
    // its cache grows by them.
    ws.score_sample("V-1");
    machine.score_sample("V-3");
    let head = cache_head();
    assert_eq!(head["entries"], 8, "{head}");
    let (code, report) = verify(&ws);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    // The owner deletes V-3's logging and what followed, behind the triggers.
    let mut owner = database.connect();
    owner.batch_execute("ALTER TABLE tarkka_ledger DISABLE TRIGGER USER").unwrap();
    owner.batch_execute("DELETE FROM tarkka_ledger WHERE seq >= 6").unwrap();
    owner.batch_execute("ALTER TABLE tarkka_ledger ENABLE TRIGGER USER").unwrap();
    let refused = machine
        .tarkka(&[
            "score",
            "V-3",
            "--answers",
            root().join("samples/answers/store-visit-kamppi-2026-05-14.toml").to_str().unwrap(),
            "--allow-missing-evidence",
            "test",
        ])
        .code(2);
    assert!(refused.stderr.contains("V-3"), "{}", refused.stderr);
    let head = cache_head();
    assert_eq!(head["entries"], 5, "read again from the server: {head}");
}

/// A writer that bypasses the append lock and takes the next number first
/// cannot fork the chain: tarkka's append, waiting on that number, fails on
/// the primary key once the other commits, says so, and records nothing.
#[test]
fn an_append_beaten_to_its_number_by_a_writer_without_the_lock_records_nothing() {
    let Some(ws) = team() else { return };
    let database = ws.database.clone().unwrap();
    let mut intruder = database.connect();
    let mut tx = intruder.transaction().unwrap();
    tx.batch_execute("INSERT INTO tarkka_ledger (seq, kind, line) VALUES (6, '', 'not an entry')")
        .unwrap();
    let args = crate::harness::visit_args("V-3");
    let child = ws
        .process(&args.iter().map(String::as_str).collect::<Vec<_>>())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Until tarkka's insert waits for the intruder's transaction.
    let mut watcher = database.connect();
    let waiting = |watcher: &mut postgres::Client| -> i64 {
        watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' \
                 AND query LIKE 'INSERT INTO tarkka_ledger%'",
                &[],
            )
            .unwrap()
            .get(0)
    };
    let started = std::time::Instant::now();
    while waiting(&mut watcher) == 0 {
        assert!(started.elapsed().as_secs() < 30, "tarkka never waited for the number");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    tx.commit().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("duplicate key value") && stderr.contains("23505"), "{stderr}");
    let rows: i64 = watcher.query_one("SELECT count(*) FROM tarkka_ledger", &[]).unwrap().get(0);
    assert_eq!(rows, 6, "only the intruder's row was added");
    // The intruder's row is what verify names.
    let (code, report) = verify(&ws);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(kinds(&report), ["malformed-entry"], "{report:#}");
}

/// Behind PgBouncer in transaction pooling mode — what a team with many
/// auditors puts in front of the server, since every command is a new
/// connection — the team store works as it does straight to the server:
/// a batch big enough for `COPY`, auditors appending at once from their
/// machines (each through its cache after the first command), verify.
/// `TARKKA_TEST_PGBOUNCER` is the pooler's URL (.ci/run starts one).
#[test]
fn behind_a_transaction_pooler_the_team_store_works_as_straight_to_the_server() {
    let Ok(pooler) = std::env::var("TARKKA_TEST_PGBOUNCER") else {
        assert!(
            std::env::var_os("TARKKA_TEST_REQUIRE_SERVERS").is_none(),
            "TARKKA_TEST_PGBOUNCER is not set, but TARKKA_TEST_REQUIRE_SERVERS is: \
             run the tests through .ci/run, which starts the pooler"
        );
        return;
    };
    let Some(ws) = crate::harness::TestWorkspace::on(crate::harness::Store::Team) else { return };
    let database = ws.database.clone().unwrap();
    let pooled = format!("{}/{}", pooler.trim_end_matches('/'), database.name);
    let toml = std::fs::read_to_string(ws.path("tarkka.toml")).unwrap();
    assert!(toml.contains(&database.url()), "{toml}");
    std::fs::write(ws.path("tarkka.toml"), toml.replace(&database.url(), &pooled)).unwrap();
    ws.tarkka(&["verify"]).code(0);

    // 300 encounters in one batch: more than go in with the commit.
    let mut csv = String::from("encounter,rubric,time,location,agent,auditor\n");
    for i in 1..=300 {
        csv.push_str(&format!("V-{i},store-visit,2026-05-14T17:40+03:00,kamppi,myyja-1,aino\n"));
    }
    ws.write("encounters.csv", csv.as_bytes());
    let rubric = root().join("rubrics/store-visit.toml");
    ws.tarkka(&["import", "encounters", "encounters.csv", "--rubric", rubric.to_str().unwrap()])
        .code(0);
    let before = verify(&ws).1["entries"].as_u64().unwrap();

    // Four auditors at once, five scoresheets each.
    let answers = root().join("samples/answers/store-visit-kamppi-2026-05-14.toml");
    let machines: Vec<_> = (0..4).map(|_| ws.machine().unwrap()).collect();
    std::thread::scope(|scope| {
        for (m, machine) in machines.iter().enumerate() {
            let answers = answers.to_str().unwrap();
            scope.spawn(move || {
                for i in 0..5 {
                    let id = format!("V-{}", 1 + m * 5 + i);
                    machine
                        .tarkka(&[
                            "score",
                            &id,
                            "--answers",
                            answers,
                            "--allow-missing-evidence",
                            "t",
                        ])
                        .code(0);
                }
            });
        }
    });
    let (code, report) = verify(&ws);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    assert_eq!(report["entries"].as_u64(), Some(before + 20), "{report:#}");
    let rows: i64 =
        database.connect().query_one("SELECT count(*) FROM tarkka_ledger", &[]).unwrap().get(0);
    assert_eq!(rows as u64, before + 20);
    let head: Value =
        serde_json::from_slice(&std::fs::read(machines[0].path(".cache/ledger.head")).unwrap())
            .unwrap();
    assert!(head["entries"].as_u64().unwrap() >= before, "{head}");
}

/// A TCP relay between tarkka and the object store that cuts every
/// connection once `budget` bytes have gone towards the store, then relays
/// again after `outage`: the network failing mid-upload.
struct Cutter {
    endpoint: String,
    cuts: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Cutter {
    fn start(upstream: &str, budget: usize, outage: std::time::Duration) -> Cutter {
        use std::io::{Read, Write};
        use std::net::{Shutdown, TcpListener, TcpStream};
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let upstream = upstream.to_string();
        let sent = Arc::new(AtomicUsize::new(0));
        let cuts = Arc::new(AtomicUsize::new(0));
        let cut_at = Arc::new(std::sync::Mutex::new(None::<std::time::Instant>));
        let counter = Arc::clone(&cuts);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                // Down: connections are refused until the outage is over.
                let down = cut_at.lock().unwrap().is_some_and(|at| at.elapsed() < outage);
                if down {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else { continue };
                let (sent, cut_at, counter) =
                    (Arc::clone(&sent), Arc::clone(&cut_at), Arc::clone(&counter));
                let (mut client_in, mut server_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut server_in, mut client_out) = (server, client);
                std::thread::spawn(move || {
                    let mut buffer = vec![0; 64 << 10];
                    while let Ok(n @ 1..) = client_in.read(&mut buffer) {
                        let before = sent.fetch_add(n, Ordering::SeqCst);
                        if before < budget && before + n >= budget {
                            *cut_at.lock().unwrap() = Some(std::time::Instant::now());
                            counter.fetch_add(1, Ordering::SeqCst);
                            let _ = server_out.write_all(&buffer[..budget - before]);
                            break;
                        }
                        if server_out.write_all(&buffer[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = client_in.shutdown(Shutdown::Both);
                    let _ = server_out.shutdown(Shutdown::Both);
                });
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut server_in, &mut client_out);
                    let _ = client_out.shutdown(Shutdown::Both);
                });
            }
        });
        Cutter { endpoint, cuts }
    }
}

/// The object store cut off mid-upload (the connection dropped in the
/// middle of a part, then refused for two seconds): the part is sent again
/// when the store is back, and what is attached is whole.
#[test]
fn an_object_store_cut_off_mid_upload_attaches_nothing_half_written() {
    let Some(ws) = TestWorkspace::on(Store::Team) else { return };
    let Some(bucket) = ws.bucket.clone() else { return };
    ws.log_visit("V-1");
    let location =
        tarkka_ledger::s3::parse(&bucket, &tarkka_ledger::s3::Environment::from_process()).unwrap();
    let endpoint = location.endpoint.clone().expect("the test bucket names its endpoint");
    let upstream = endpoint.trim_start_matches("http://").trim_end_matches('/').to_string();
    // 12 MiB reach the store: the first 8 MiB part whole, the second cut.
    let cutter = Cutter::start(&upstream, 12 << 20, std::time::Duration::from_secs(2));
    let config = std::fs::read_to_string(ws.path("tarkka.toml")).unwrap();
    let encoded = |text: &str| text.replace(':', "%3A").replace('/', "%2F");
    let through = if config.contains(&endpoint) {
        config.replace(&endpoint, &cutter.endpoint)
    } else {
        config.replace(&encoded(&endpoint), &encoded(&cutter.endpoint))
    };
    assert_ne!(through, config, "the endpoint is in tarkka.toml:\n{config}");
    std::fs::write(ws.path("tarkka.toml"), through).unwrap();
    let digest = recording(&ws, 0x9E37_79B9_7F4A_7C15);
    let add = ["evidence", "add", "V-1", "incoming/call.wav", "--kind", "recording"];
    let run = ws.tarkka(&add).run();
    assert_eq!(cutter.cuts.load(std::sync::atomic::Ordering::SeqCst), 1, "the upload was cut");
    // The part cut off is sent again once the store is back, within the
    // same command (a command killed while it waits resumes when run again:
    // `evidence_in_the_bucket_resumes_uploads_and_tampering_is_named`).
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(&format!("sha256:{digest}")), "{}", run.stdout);
    assert!(ws.tarkka(&["encounter", "show", "V-1"]).code(0).stdout.contains(&digest[..12]));
    let (code, report) = verify(&ws);
    assert_eq!((code, kinds(&report).len()), (0, 0), "{report:#}");
    assert_eq!(report["evidence_bytes"], 20 << 20, "{report:#}");
    assert!(std::fs::read_dir(ws.path("evidence/.incoming")).unwrap().next().is_none());
}

/// TLS as `sslmode` says: `verify-full` against the server's certificate
/// works and one against another root is refused; `require` encrypts
/// without checking; `disable` is refused by a server that takes only TLS.
#[test]
fn the_ledger_reaches_postgres_over_tls_as_sslmode_says() {
    let Some(server) = OwnServer::start_tls() else { return };
    let cert = server.dir.path().join("cert.pem");
    let url = |mode: &str, root: &std::path::Path| {
        format!(
            "postgres://tarkka@127.0.0.1:{}/postgres?sslmode={mode}&sslrootcert={}",
            server.port,
            root.display()
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let ws = TestWorkspace { dir, database: None, bucket: None };
    ws.tarkka(&["init", ".", "--ledger", &url("verify-full", &cert)]).code(0);
    ws.log_visit("V-1");
    let (code, report) = verify(&ws);
    assert_eq!((code, report["entries"].as_u64()), (0, Some(2)), "{report:#}");
    let toml = std::fs::read_to_string(ws.path("tarkka.toml")).unwrap();
    let with = |to: &str| {
        std::fs::write(ws.path("tarkka.toml"), toml.replace(&url("verify-full", &cert), to))
            .unwrap();
        ws.tarkka(&["verify", "--no-evidence"]).run()
    };
    let run = with(&url("require", &cert));
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Another certificate as the root: the server's is not trusted.
    let other = ws.path("other.pem");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
             -keyout {0}.key -out {0} 2>/dev/null",
            other.display()
        ))
        .status()
        .unwrap();
    let run = with(&url("verify-full", &other));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot connect")
            && run.stderr.contains("not signed by a root tarkka trusts")
            && run.stderr.contains("PGSSLROOTCERT"),
        "{}",
        run.stderr
    );
    let run = with(&url("disable", &cert));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no pg_hba.conf entry"), "{}", run.stderr);
    assert!(
        run.stderr.contains("SSL off") || run.stderr.contains("no encryption"),
        "{}",
        run.stderr
    );
}

/// A password in the ledger's URL — given to `init` or written into
/// `tarkka.toml` — is refused, and no message repeats it.
#[test]
fn a_password_in_the_ledger_url_is_refused_and_never_repeated() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "postgres://aino:Sup3rSecret@127.0.0.1:1/qa",
        "postgres://aino@127.0.0.1:1/qa?password=Sup3rSecret",
    ] {
        let run = crate::harness::tarkka(&["init", dir.path().to_str().unwrap(), "--ledger", url])
            .env("TARKKA_LANG", "en")
            .code(2);
        assert!(run.stderr.contains("~/.pgpass"), "{}", run.stderr);
        assert!(!run.stderr.contains("Sup3rSecret") && !run.stdout.contains("Sup3rSecret"));
        assert!(!dir.path().join("tarkka.toml").exists());
    }
    let ws = crate::harness::TestWorkspace::new();
    ws.write(
        "tarkka.toml",
        b"format = 1\n[store]\nledger = \"postgres://aino:Sup3rSecret@127.0.0.1:1/qa\"\n",
    );
    let run = ws.tarkka(&["verify"]).code(2);
    assert!(
        run.stderr.contains("tarkka.toml:") && run.stderr.contains("aino:***@"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Sup3rSecret"), "{}", run.stderr);
}

/// `init` with a ledger it cannot reach fails and leaves the directory as
/// it found it: a new one is not left behind, an existing one stays empty.
#[test]
fn an_init_that_cannot_reach_its_ledger_leaves_nothing_behind() {
    let place = tempfile::tempdir().unwrap();
    let fresh = place.path().join("qa-team");
    let existing = place.path().join("existing");
    std::fs::create_dir(&existing).unwrap();
    for dir in [&fresh, &existing] {
        let run = crate::harness::tarkka(&[
            "init",
            dir.to_str().unwrap(),
            "--ledger",
            "postgres://aino@127.0.0.1:1/qa?sslmode=disable",
        ])
        .env("TARKKA_LANG", "en")
        .code(2);
        assert!(run.stderr.contains("cannot connect"), "{}", run.stderr);
    }
    assert!(!fresh.exists());
    assert_eq!(std::fs::read_dir(&existing).unwrap().count(), 0);
}

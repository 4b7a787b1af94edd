//! `tarkka demo` and `tarkka calibrate`.

use serde_json::Value;

use crate::harness::{TestWorkspace, root};

#[test]
fn the_demo_runs_from_a_clean_directory_and_verifies_clean() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    let output = command
        .current_dir(dir.path())
        .env("TARKKA_LANG", "en")
        .env("TARKKA_KEY_DIR", dir.path().join("keys"))
        .env_remove("TARKKA_WORKSPACE")
        .env_remove("TARKKA_ACTOR")
        .args(["demo"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("Recorded: 50 encounters"), "{stdout}");
    assert!(stdout.contains("Recorded: 110 evidence files"), "{stdout}");
    assert!(stdout.contains("Recorded: 72 scoresheets"), "{stdout}");
    assert!(stdout.contains("19 encounters scored by several auditors"), "{stdout}");
    assert!(stdout.contains("→ all holds"), "{stdout}");
    let demo = dir.path().join("tarkka-demo");
    assert!(demo.join("report/charts/calibration-alpha.png").is_file());
    // The workspace is a real one: verify it, then lose a recording.
    let ws = |args: &[&str]| {
        let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
        command
            .current_dir(&demo)
            .env("TARKKA_LANG", "en")
            .env_remove("TARKKA_WORKSPACE")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(ws(&["verify"]).status.success());
    // `sample size` sizes from the report's own numbers: the same n, mean
    // and interval per agent as the report's table.
    let sizes: Value = serde_json::from_slice(
        &ws(&["sample", "size", "--margin", "5", "--format", "json"]).stdout,
    )
    .expect("sample size --format json");
    let table = std::fs::read_to_string(demo.join("report/tables/by_agent.csv")).unwrap();
    let mut compared = 0;
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let row = sizes["rows"].as_array().unwrap().iter().find(|r| r["name"] == cells[0]).unwrap();
        let number = |cell: &str| cell.parse::<f64>().unwrap();
        assert_eq!(row["n"].as_u64().unwrap(), cells[2].parse::<u64>().unwrap(), "{line}");
        assert!((row["mean"].as_f64().unwrap() - number(cells[3])).abs() < 1e-9, "{line}");
        // Below three encounters (the week's new agent aino scored once)
        // neither gives an interval.
        if cells[4].is_empty() {
            assert!(row["interval"].is_null(), "{line}");
            continue;
        }
        let interval = row["interval"].as_array().unwrap();
        assert!((interval[0].as_f64().unwrap() - number(cells[4])).abs() < 1e-9, "{line}");
        assert!((interval[1].as_f64().unwrap() - number(cells[5])).abs() < 1e-9, "{line}");
        // Wider than the margin now: more evaluations are needed, and the
        // other way round (sized with the agent's own spread).
        if row["pooled_spread"] == false {
            let wide = row["margin_now"].as_f64().unwrap() > 5.0;
            assert_eq!(wide, row["more"].as_u64().unwrap() > 0, "{row}");
        }
        // The report's agent table tells the same groups apart.
        let html = std::fs::read_to_string(demo.join("report/index.html")).unwrap();
        let cell = format!("<td class=\"n\">{} / 7</td></tr>", row["told_apart_from"]);
        assert!(
            html.lines().any(|l| l.contains(&format!(">{}</a>", cells[0])) && l.ends_with(&cell)),
            "{}: {cell}",
            cells[0]
        );
        compared += 1;
    }
    assert_eq!(compared, 8);
    let refused = ws(&["sample", "size", "--margin", "0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--margin 0"));
    // A criterion rated on two encounters does not head the list of
    // lowest agreement: those rated on fewer than five come after the rest.
    let calibration: Value =
        serde_json::from_slice(&ws(&["calibrate", "--format", "json"]).stdout).unwrap();
    let units: Vec<u64> = calibration["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["alpha"]["value"].is_number())
        .map(|c| c["alpha"]["units"].as_u64().unwrap())
        .collect();
    let first_few = units.iter().position(|&n| n < 5).expect("the demo has criteria with n < 5");
    assert!(first_few > 0 && units[first_few..].iter().all(|&n| n < 5), "{units:?}");
    // The automatic checks against the auditors on the demo's own calls
    // (issue 14's targets; docs/rules.md, "Accuracy"): pairs agree, no call
    // the auditors pass is failed by an automatic critical rule, and the
    // automatic overall is near the auditors' on most calls. The demo's calls
    // were used to tune the phrase lists: this holds the line, it does not
    // estimate accuracy (the blind set does).
    let tune: Value = serde_json::from_slice(&ws(&["check", "tune", "--format", "json"]).stdout)
        .expect("check tune --format json");
    let (agree, pairs) = tune["criteria"].as_array().unwrap().iter().fold((0, 0), |(a, p), c| {
        (a + c["agree"].as_u64().unwrap(), p + c["pairs"].as_u64().unwrap())
    });
    assert_eq!(tune["transcripts"], 30);
    assert!(pairs >= 240 && agree as f64 / pairs as f64 >= 0.93, "{agree}/{pairs}");
    let calls = tune["calls"].as_array().unwrap();
    let critical: Vec<&Value> = calls
        .iter()
        .filter(|c| {
            c["human_pass"] == true && !c["automatic_critical"].as_array().unwrap().is_empty()
        })
        .collect();
    assert!(critical.is_empty(), "{critical:?}");
    let close = calls
        .iter()
        .filter(|c| (c["human"].as_f64().unwrap() - c["automatic"].as_f64().unwrap()).abs() <= 10.0)
        .count();
    assert!(close >= 27, "{close}/30 calls within 10 points");
    // The shipped word model is exactly what `check tune --model` trains
    // on the demo's labels and the sets it was trained on (never a held-out
    // set): anyone can retrain it and get the same bytes, and it was not
    // edited by hand.
    let sets = root().join("tests/fixtures/transcripts");
    let mut train = vec!["check", "tune", "--model", "--format", "json"];
    let dirs: Vec<String> =
        TRAINING_SETS.iter().map(|set| sets.join(set).display().to_string()).collect();
    for dir in &dirs {
        train.extend(["--labelled", dir.as_str()]);
    }
    let review = root().join("tests/fixtures/review");
    let files: Vec<String> = TRAINING_SENTENCES
        .iter()
        .map(|set| review.join(format!("{set}.tsv")).display().to_string())
        .collect();
    for file in &files {
        train.extend(["--sentences", file.as_str()]);
    }
    let trained: Value = serde_json::from_slice(&ws(&train).stdout).expect("check tune --model");
    let mut models = 0;
    for criterion in trained["criteria"].as_array().unwrap() {
        let rubric = std::fs::read_to_string(
            root().join(format!("rubrics/{}.toml", criterion["rubric"].as_str().unwrap())),
        )
        .unwrap();
        let id = format!("id = {}", criterion["criterion"]);
        let shipped = rubric.split("[[criterion]]").find(|c| c.contains(&id)).unwrap();
        // The model's tables: from their header to the first blank line.
        let shipped = shipped.find("[criterion.check.model]").map(|at| {
            let lines: Vec<&str> =
                shipped[at..].lines().take_while(|line| !line.trim().is_empty()).collect();
            lines.join("\n")
        });
        let fresh = criterion["model"]["toml"].as_str().map(|toml| toml.trim_end().to_string());
        if let Some(shipped) = shipped {
            assert_eq!(Some(shipped), fresh, "{id}: the shipped model is not what training gives");
            models += 1;
        }
    }
    assert_eq!(
        models, 2,
        "the shipped turn models: service-call no-blame, cold-call never-too-small"
    );
    let report: Value = serde_json::from_slice(&ws(&["verify", "--json"]).stdout).unwrap();
    let state: Value = serde_json::from_slice(
        &ws(&["encounter", "show", "C-2026-031", "--format", "json"]).stdout,
    )
    .unwrap();
    let recording = state["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["payload"]["kind"] == "recording")
        .unwrap();
    std::fs::remove_file(demo.join(recording["payload"]["location"].as_str().unwrap())).unwrap();
    let after = ws(&["verify"]);
    assert_eq!(after.status.code(), Some(1));
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(text.contains("[evidence-missing]") && text.contains("`C-2026-031`"), "{text}");
    assert!(text.contains("scoresheet recorded #"), "{text}");
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    // Running the quick start again replaces the earlier demo.
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    let again = command
        .current_dir(dir.path())
        .env("TARKKA_LANG", "en")
        .env_remove("TARKKA_WORKSPACE")
        .args(["demo"])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("Removed the earlier demo"));
    // An explicit --out that exists is never touched.
    let mut command = assert_cmd::Command::cargo_bin("tarkka").unwrap();
    let refused =
        command.current_dir(dir.path()).args(["demo", "--out", "tarkka-demo"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
}

/// The labelled sets the shipped word models are trained on: every tuning
/// set, never a held-out one. `blind6` to `blind10` joined in the
/// fourteenth round, when the 10-fold estimate over all of them was five
/// more fails found for one more pass failed (docs/rules.md).
const TRAINING_SETS: &[&str] = &[
    "labelled", "holdout", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7",
    "blind8", "blind9", "blind10", "train8", "train9", "blind11",
];

/// The sentence sets the shipped turn models are trained on: every tuning
/// set of `tests/fixtures/review/` that labels belittling or blame (`e`
/// labels neither), never a held-out one (`b`, `d`, `f`, `h`, `l`, `o`,
/// `p`, `q`, `r`).
const TRAINING_SENTENCES: &[&str] = &["a", "c", "g", "i", "j", "k", "m", "n"];

/// A workspace where three auditors scored the same cold calls.
fn calibration_workspace() -> TestWorkspace {
    let ws = TestWorkspace::new();
    let rubric = root().join("rubrics/follow-up.toml");
    let mut encounters = String::from(
        "encounter,rubric,time,location,agent,auditor,profile.after_offer,profile.complaint\n",
    );
    let mut answers = String::from("encounter,criterion,answer,comment,auditor\n");
    let criteria = [
        "promise.on-time",
        "promise.channel",
        "promise.reasonable-hour",
        "continuity.identifies",
        "continuity.no-repeat",
        "outcome.explained",
        "closing.next-steps",
        "closing.direct-contact",
        "closing.asks-experience",
    ];
    for i in 0..12 {
        let month = 1 + i % 6;
        encounters.push_str(&format!(
            "F-{i},follow-up,2026-{month:02}-10T10:00+02:00,oulu,agent-{},aino,false,false\n",
            i % 2
        ));
        for (c, criterion) in criteria.iter().enumerate() {
            for (a, auditor) in ["aino", "mikko", "sara"].iter().enumerate() {
                // mikko agrees with aino; sara says no to closing.direct-contact
                // every third time and always answers promise.channel at random-looking.
                let base = (i + c) % 3 != 0;
                let value = match (a, *criterion) {
                    (2, "closing.direct-contact") if i % 3 == 0 => !base,
                    (2, "promise.channel") => (i * 7 + 3) % 5 < 2,
                    _ => base,
                };
                let comment = if value { "" } else { "ei" };
                answers.push_str(&format!(
                    "F-{i},{criterion},{},{comment},{auditor}\n",
                    if value { "kyllä" } else { "ei" }
                ));
            }
        }
    }
    let encounters_file = ws.write("enc.csv", encounters.as_bytes());
    let answers_file = ws.write("ans.csv", answers.as_bytes());
    ws.tarkka(&[
        "import",
        "encounters",
        encounters_file.to_str().unwrap(),
        "--rubric",
        rubric.to_str().unwrap(),
    ])
    .code(0);
    ws.tarkka(&[
        "import",
        "answers",
        answers_file.to_str().unwrap(),
        "--allow-missing-evidence",
        "test",
    ])
    .code(0);
    ws
}

#[test]
fn calibrate_reports_agreement_lowest_first_and_deterministically() {
    let ws = calibration_workspace();
    let json = ws.tarkka(&["calibrate", "--format", "json", "--seed", "7"]).code(0).stdout;
    assert_eq!(
        json,
        ws.tarkka(&["calibrate", "--format", "json", "--seed", "7"]).code(0).stdout,
        "same seed, same bytes"
    );
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["encounters"], 12);
    assert_eq!(report["auditors"], serde_json::json!(["aino", "mikko", "sara"]));
    let criteria = report["criteria"].as_array().unwrap();
    // promise.channel, where sara answers apart from the others, is the weakest.
    assert_eq!(criteria[0]["criterion"], "promise.channel");
    let alphas: Vec<f64> = criteria.iter().filter_map(|c| c["alpha"]["value"].as_f64()).collect();
    assert!(alphas.windows(2).all(|w| w[0] <= w[1]), "{alphas:?}");
    let perfect = criteria.iter().find(|c| c["criterion"] == "outcome.explained").unwrap();
    assert_eq!(perfect["alpha"]["value"], 1.0);
    assert_eq!(perfect["percent_agreement"]["value"], 1.0);
    assert_eq!(perfect["alpha"]["units"], 12);
    assert_eq!(perfect["alpha"]["ratings"], 36);
    let pairs: Vec<String> = perfect["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!("{}-{}", p["auditors"][0].as_str().unwrap(), p["auditors"][1].as_str().unwrap())
        })
        .collect();
    assert_eq!(pairs, ["aino-mikko", "aino-sara", "mikko-sara"]);
    let interval = &criteria[0]["interval"];
    assert!(interval["low"].as_f64().unwrap() <= criteria[0]["alpha"]["value"].as_f64().unwrap());
    let sara =
        report["per_auditor"].as_array().unwrap().iter().find(|a| a["auditor"] == "sara").unwrap();
    let mikko =
        report["per_auditor"].as_array().unwrap().iter().find(|a| a["auditor"] == "mikko").unwrap();
    assert!(sara["deviations"].as_u64().unwrap() > 0);
    assert_eq!(mikko["deviations"], 0, "mikko always sides with the majority");
    assert_eq!(sara["by_month"].as_array().unwrap().len(), 6);
    let text = ws.tarkka(&["calibrate"]).code(0).stdout;
    assert!(
        text.contains(
            "Criteria, lowest agreement first (those rated on fewer than 5 encounters come last, marked *):"
        ),
        "{text}"
    );
    assert!(text.contains("Cohen's kappa by pair of auditors"), "{text}");
    let csv = ws.tarkka(&["calibrate", "--format", "csv"]).code(0).stdout;
    assert!(
        csv.starts_with("rubric,criterion,metric,alpha,alpha_low,alpha_high,undefined,"),
        "{csv}"
    );
    assert!(csv.lines().nth(1).unwrap().starts_with(",overall,interval,"), "{csv}");
}

#[test]
fn calibrate_draws_a_chart_and_reads_csv_too() {
    let ws = calibration_workspace();
    ws.tarkka(&["calibrate", "--chart", "out"]).code(0);
    let png = std::fs::read(ws.path("out/calibration-alpha.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(width, 1100);
    assert!(height > 300, "{height}");
    // Not blank: a chart of alphas has many distinct colours.
    assert!(png.len() > 20_000, "{}", png.len());
    let svg = std::fs::read_to_string(ws.path("out/calibration-alpha.svg")).unwrap();
    assert!(svg.contains("Krippendorff") && svg.contains("promise.channel"), "{}", &svg[..300]);
    // The same study from the CSV alone agrees with the ledger.
    let from_csv = ws
        .tarkka(&[
            "calibrate",
            "--answers",
            "ans.csv",
            "--rubric",
            root().join("rubrics/follow-up.toml").to_str().unwrap(),
            "--format",
            "json",
        ])
        .code(0)
        .stdout;
    let from_ledger = ws.tarkka(&["calibrate", "--format", "json"]).code(0).stdout;
    let a: Value = serde_json::from_str(&from_csv).unwrap();
    let b: Value = serde_json::from_str(&from_ledger).unwrap();
    assert_eq!(a["criteria"], b["criteria"]);
    // The overall score's alpha too: each sheet scored from its answers.
    assert!(b["overall"]["alpha"]["value"].is_f64(), "{}", b["overall"]);
    assert_eq!(a["overall"]["alpha"], b["overall"]["alpha"]);
    // Finnish labels too.
    ws.tarkka(&["--lang", "fi", "calibrate", "--chart", "fi"]).code(0);
    let svg = std::fs::read_to_string(ws.path("fi/calibration-alpha.svg")).unwrap();
    assert!(svg.contains("yhtäpitävyys"), "{}", &svg[..300]);
}

/// A ratings CSV is read as `import answers` reads it: what the import
/// refuses, calibration refuses, every problem at its line and column.
#[test]
fn calibrate_from_csv_refuses_what_import_refuses() {
    let ws = TestWorkspace::new();
    let rubric = root().join("rubrics/follow-up.toml");
    let refused = |name: &str, csv: &[u8]| {
        let csv = ws.write(name, csv);
        let arguments = ["--answers", csv.to_str().unwrap(), "--rubric", rubric.to_str().unwrap()];
        ws.tarkka(&[&["calibrate"][..], &arguments].concat()).code(2)
    };
    let run = refused(
        "bad.csv",
        b"encounter,criterion,answer,auditor,score\nF-1,closing.asks-experience,yes,aino,1\n",
    );
    assert!(run.stderr.contains("bad.csv:1:36: unknown column `score`"), "{}", run.stderr);
    let run = refused(
        "twice.csv",
        b"encounter,criterion,answer,auditor\n\
          F-1,closing.asks-experience,yes,aino\n\
          F-1,closing.asks-experience,no,aino\n\
          F-1,,yes,sara\n",
    );
    assert!(run.stderr.contains("cannot calibrate from"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "twice.csv:3:5: a second answer to `closing.asks-experience` for `F-1` by `aino`; the first is on line 2"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("twice.csv:4:5: `criterion` is empty"), "{}", run.stderr);
}

#[test]
fn calibrate_needs_two_auditors_on_one_encounter() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    let run = ws.tarkka(&["calibrate"]).code(2);
    assert!(
        run.stderr.contains("no encounter was scored by two or more auditors"),
        "{}",
        run.stderr
    );
}

#[test]
fn redact_replaces_personal_data_and_names_the_original() {
    let ws = TestWorkspace::new();
    let call = ws.write(
        "call.txt",
        "Asiakas: Hetuni on 131052-308T ja numero 040 123 4567, tili FI21 1234 5600 0007 85.\n\
         Agentti: Kortti 4111 1111 1111 1111 on kirjattu; vahvistus osoitteeseen matti@example.fi klo 10:30.\n"
            .as_bytes(),
    );
    let run = ws.tarkka(&["redact", call.to_str().unwrap()]).code(0);
    assert_eq!(
        run.stdout,
        "Asiakas: Hetuni on [HETU] ja numero [PHONE], tili [IBAN].\n\
         Agentti: Kortti [CARD] on kirjattu; vahvistus osoitteeseen [EMAIL] klo 10:30.\n"
    );
    use sha2::Digest as _;
    let digest = hex::encode(sha2::Sha256::digest(std::fs::read(&call).unwrap()));
    assert!(run.stderr.contains(&format!("1 × [HETU], 1 × [PHONE], 1 × [EMAIL], 1 × [IBAN], 1 × [CARD] (original: sha256:{digest})")), "{}", run.stderr);
    ws.tarkka(&["redact", call.to_str().unwrap(), "--out", "clean.txt"]).code(0);
    assert!(std::fs::read_to_string(ws.path("clean.txt")).unwrap().contains("[CARD]"));
    // An existing file is never overwritten.
    ws.tarkka(&["redact", call.to_str().unwrap(), "--out", "clean.txt"]).code(2);
}

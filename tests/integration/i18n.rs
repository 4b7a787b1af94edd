//! Finnish for real: rubric diagnostics, import problems and sizes read in
//! the reader's language, with the same places as in English.

use crate::harness::{TestWorkspace, tarkka};

/// A rubric with a misspelt key and a weight that is not positive.
const BAD_RUBRIC: &str = r#"format = 2
id = "pieni"
version = "1"
title = { fi = "Pieni", en = "Tiny" }
channel = "call"
pass_threshold = 0.5

[[section]]
id = "avaus"
title = { fi = "Avaus", en = "Opening" }
wieght = 2

[[criterion]]
id = "avaus.tervehdys"
section = "avaus"
text = { fi = "Tervehtikö?", en = "Greeted?" }
weight = -1.5
"#;

#[test]
fn rubric_diagnostics_are_finnish_under_lang_fi_and_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pieni.toml");
    std::fs::write(&file, BAD_RUBRIC).unwrap();
    let file = file.to_str().unwrap();

    let run = tarkka(&["--lang", "fi", "rubric", "check", file]).code(1);
    let expected_key = "virhe: osio `avaus`: tuntematon avain `wieght`; tarkoititko `weight`? \
                        Sallitut avaimet: id, title, weight";
    assert!(run.stderr.contains(expected_key), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:11:1")), "{}", run.stderr);
    let expected_weight = "virhe: `weight` on -1,5, mutta sen on oltava positiivinen";
    assert!(run.stderr.contains(expected_weight), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:17:10")), "{}", run.stderr);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
    assert!(run.stdout.starts_with("virheellinen  "), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("2 virhettä"), "{}", run.stdout);

    // The same file in English, word for word as before.
    let run = tarkka(&["--lang", "en", "rubric", "check", file]).code(1);
    assert!(
        run.stderr.contains(
            "error: unknown key `wieght` in section `avaus`; did you mean `weight`? \
             expected one of: id, title, weight"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error: `weight` must be positive, not -1.5"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:17:10")), "{}", run.stderr);
    assert!(run.stdout.starts_with("invalid  "), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("2 problems"), "{}", run.stdout);
}

#[test]
fn a_command_loading_a_bad_rubric_says_so_in_finnish() {
    let ws = TestWorkspace::new();
    let rubric = ws.write("pieni.toml", BAD_RUBRIC.as_bytes());
    let rubric = rubric.to_str().unwrap();
    let log = |lang: &str| {
        ws.tarkka(&[
            "--lang",
            lang,
            "encounter",
            "log",
            "--id",
            "V-1",
            "--rubric",
            rubric,
            "--time",
            "2026-05-14T17:40+03:00",
            "--location",
            "Turku",
            "--agent",
            "agent-1",
        ])
        .code(2)
    };
    let run = log("fi");
    assert!(
        run.stderr
            .contains(&format!("tarkka: virhe: {rubric} ei ole kelvollinen arviointilomake:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`weight` on -1,5, mutta sen on oltava positiivinen"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("{rubric}:17:10")), "{}", run.stderr);
    let run = log("en");
    assert!(run.stderr.contains(&format!("{rubric} is not a valid rubric:")), "{}", run.stderr);
    assert!(run.stderr.contains("`weight` must be positive, not -1.5"), "{}", run.stderr);
}

#[test]
fn import_problems_are_finnish_under_lang_fi_with_their_row_and_column() {
    let ws = TestWorkspace::new();
    let rubric = crate::harness::root().join("rubrics/follow-up.toml");
    let rubric = rubric.to_str().unwrap();
    ws.write(
        "bad.csv",
        b"encounter;rubric;time;location;agent;auditor;colour\n\
          F-6;follow-up;3/6/2026;Oulu;agent-1;aino;red\n\
          F-7;;3.6.2026 12.15;Oulu;agent-1;aino;blue\n",
    );
    let lines = ws.ledger_lines().len();
    let run =
        ws.tarkka(&["--lang", "fi", "import", "encounters", "bad.csv", "--rubric", rubric]).code(2);
    let stderr = &run.stderr;
    // The header is checked first: an unknown column stops the import.
    assert!(
        stderr
            .contains("tarkka: virhe: tiedostoa bad.csv ei voi tuoda: 1 virhe, mitään ei kirjattu"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.csv:1:46: tuntematon sarake `colour`; sallitut sarakkeet:"),
        "{stderr}"
    );
    assert_eq!(ws.ledger_lines().len(), lines);

    // Without the unknown column: the cells themselves.
    ws.write(
        "bad.csv",
        b"encounter;rubric;time;location;agent;auditor\n\
          F-6;follow-up;3/6/2026;Oulu;agent-1;aino\n\
          F-7;;3.6.2026 12.15;Oulu;agent-1;aino\n",
    );
    let run =
        ws.tarkka(&["--lang", "fi", "import", "encounters", "bad.csv", "--rubric", rubric]).code(2);
    let stderr = &run.stderr;
    assert!(stderr.contains("bad.csv:2:15: `3/6/2026` ei ole"), "{stderr}");
    assert!(stderr.contains("bad.csv:3:5: `rubric` on tyhjä; arvo on pakollinen"), "{stderr}");
    assert!(!stderr.contains("is not a time"), "{stderr}");

    let run =
        ws.tarkka(&["--lang", "en", "import", "encounters", "bad.csv", "--rubric", rubric]).code(2);
    let stderr = &run.stderr;
    assert!(stderr.contains("cannot import bad.csv: 2 problems, nothing recorded"), "{stderr}");
    assert!(
        stderr.contains("bad.csv:2:15: `3/6/2026` is not a time tarkka reads; expected one of"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.csv:3:5: `rubric` is empty; a value is required"), "{stderr}");
    assert_eq!(ws.ledger_lines().len(), lines);
}

#[test]
fn sizes_have_a_decimal_comma_in_finnish() {
    let ws = TestWorkspace::new();
    ws.log_visit("V-1");
    ws.write("photo.png", &[7u8; 1536]);
    ws.tarkka(&["evidence", "add", "V-1", "photo.png", "--kind", "photo"]).code(0);
    let run = ws.tarkka(&["--lang", "fi", "verify"]).code(0);
    assert!(run.stdout.contains("(1,50 KiB)"), "{}", run.stdout);
    let run = ws.tarkka(&["--lang", "en", "verify"]).code(0);
    assert!(run.stdout.contains("(1.50 KiB)"), "{}", run.stdout);
}

#[test]
fn transcript_problems_are_finnish_under_lang_fi_and_name_file_and_line() {
    let ws = TestWorkspace::new();
    let rubric = crate::harness::root().join("rubrics/service-call.toml");
    let rubric = rubric.to_str().unwrap();
    // A bad time in an SRT timing line: a warning, the cue kept without it.
    ws.write(
        "calls/a-call.srt",
        "1\n00:00:01,000 --> 00:00:04,000\nAsiakaspalvelija: Kotikiinteistö, Laura.\n\n\
         2\n00:00:05,000 --> 00:00:61,000\nAsiakas: Hei, vesi tippuu.\n"
            .as_bytes(),
    );
    // JSON that does not parse: an error, the file not checked.
    ws.write(
        "calls/b-call.json",
        b"{\"segments\": [\n  {\"speaker\": \"agent\", \"text\": \"Hei\"},\n  {\"speaker\": \"customer\" \"text\": \"Moi\"}\n]}\n",
    );
    let check = |lang: &str| {
        ws.tarkka(&[
            "--lang",
            lang,
            "check",
            "--rubric",
            rubric,
            "calls",
            "--profile",
            "language=fi",
        ])
        .code(2)
    };

    let run = check("fi");
    let stderr = &run.stderr;
    assert!(
        stderr.contains(
            "tarkka: varoitus: calls/a-call.srt:6:18: virheellinen aika `00:00:61,000`: \
             sekunteja voi olla enintään 59; tekstityslohko luetaan ilman loppuaikaa"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "tarkka: virhe: calls/b-call.json:3:26: virheellinen JSON: expected `,` or `}`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("1 litterointi jäi lukematta (ks. yllä)"), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");

    // The same files in English, word for word as before.
    let run = check("en");
    let stderr = &run.stderr;
    assert!(
        stderr.contains(
            "tarkka: warning: calls/a-call.srt:6:18: bad time `00:00:61,000`: \
             seconds must be below 60; the cue is kept without its end time"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("tarkka: error: calls/b-call.json:3:26: invalid JSON: expected `,` or `}`"),
        "{stderr}"
    );
    assert!(stderr.contains("1 transcript could not be read (see above)"), "{stderr}");

    // An empty transcript: no line to read at all.
    ws.write("empty.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n");
    let run = ws.tarkka(&["--lang", "fi", "check", "--rubric", rubric, "empty.vtt"]).code(2);
    assert!(
        run.stderr.contains("empty.vtt:1: yhdessäkään tekstityslohkossa ei ole tekstiä"),
        "{}",
        run.stderr
    );
    let run = ws.tarkka(&["--lang", "en", "check", "--rubric", rubric, "empty.vtt"]).code(2);
    assert!(run.stderr.contains("empty.vtt:1: no cue has any text"), "{}", run.stderr);
}

#[test]
fn help_is_finnish_under_lang_fi_and_clap_s_english_under_lang_en() {
    let run = tarkka(&["--lang", "fi", "verify", "--help"]).code(0);
    let help = &run.stdout;
    assert!(
        help.starts_with(
            "Tarkista pääkirja, näyttö ja pisteytykset; tulosta pääkirjan viimeisin tiiviste\n"
        ),
        "{help}"
    );
    assert!(help.contains("Käyttö: tarkka verify [OPTIONS]"), "{help}");
    assert!(help.contains("\nValinnat:\n"), "{help}");
    assert!(
        help.contains("--no-evidence\n          Tarkista vain pääkirja; älä laske näytön tiivisteitä uudelleen"),
        "{help}"
    );
    assert!(help.contains("Näytä ohje (tiivis: -h)"), "{help}");
    assert!(
        help.contains("Esimerkkejä:\n  tarkka verify\n  tarkka verify --json > verify.json"),
        "{help}"
    );
    assert!(help.contains("Paluuarvo 0, kun kaikki on kunnossa"), "{help}");
    for english in ["Usage:", "Options:", "Print help", "Examples:", "Check the ledger only"] {
        assert!(!help.contains(english), "{english} in:\n{help}");
    }

    let run = tarkka(&["--lang", "en", "verify", "--help"]).code(0);
    let help = &run.stdout;
    assert!(
        help.starts_with(
            "Check the ledger, the evidence and the scoresheets; print the ledger head\n\n\
             Usage: tarkka verify [OPTIONS]\n\nOptions:\n"
        ),
        "{help}"
    );
    assert!(
        help.contains("--no-evidence\n          Check the ledger only; do not re-hash evidence"),
        "{help}"
    );
    assert!(help.contains("Print help (see a summary with '-h')"), "{help}");
    assert!(help.contains("Examples:\n  tarkka verify\n"), "{help}");
    assert!(!help.contains("Käyttö"), "{help}");

    // The default is Finnish, and TARKKA_LANG and short help follow it too.
    let run = tarkka(&["encounter", "-h"]).code(0);
    assert!(
        run.stdout.contains("Komennot:\n  log   Kirjaa kohtaaminen pääkirjaan"),
        "{}",
        run.stdout
    );
    let run = tarkka(&["encounter", "-h"]).env("TARKKA_LANG", "en").code(0);
    assert!(
        run.stdout.contains("Commands:\n  log   Record an encounter in the ledger"),
        "{}",
        run.stdout
    );
}

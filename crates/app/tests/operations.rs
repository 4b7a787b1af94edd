//! The application layer's operations, driven as a front end drives them:
//! requests in, values and located errors out, on real workspaces made in
//! temporary directories from the shipped samples.

use std::path::{Path, PathBuf};

use tarkka_app::config::{self, CONFIG_FORMAT, Config};
use tarkka_app::{NoProgress, Place, Writer, chain, import, score, scores, table};
use tarkka_ledger::LedgerState;

fn workspace(dir: &Path) -> Writer {
    let config = Config {
        format: CONFIG_FORMAT,
        name: None,
        lang: None,
        time_zone: None,
        disputes: None,
        store: None,
    };
    let workspace = config::create(&dir.join("ws"), &config).unwrap();
    tarkka_app::embedded::SAMPLES.extract(dir.join("ws")).unwrap();
    std::fs::create_dir_all(dir.join("ws/rubrics")).unwrap();
    tarkka_app::embedded::RUBRICS.extract(dir.join("ws/rubrics")).unwrap();
    Writer::new(workspace, "aino".into(), "2026-06-01T12:00:00Z".parse().unwrap(), None)
}

fn rubrics(writer: &Writer) -> Vec<PathBuf> {
    let dir = writer.workspace.root().join("rubrics");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    files
}

fn entries(writer: &Writer) -> u64 {
    LedgerState::replay(&writer.workspace.ledger()).unwrap().entries
}

/// Every fixture of `test_data/import`: the problems at their places, or
/// none; a refused import records nothing.
#[test]
fn import_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/import");
    let mut tried = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "csv"))
        .collect();
    names.sort();
    for csv in names {
        let dir = tempfile::tempdir().unwrap();
        let writer = workspace(dir.path());
        let expected_path = csv.with_extension("problems");
        let request = import::Encounters {
            file: csv.clone(),
            rubrics: rubrics(&writer),
            new_names: false,
            csv: table::Options::default(),
            dry_run: false,
        };
        let got = match import::encounters(&writer, &request) {
            Ok(imported) => {
                assert_eq!(imported.count, 2, "{}", csv.display());
                assert!(entries(&writer) > 2, "{}: nothing recorded", csv.display());
                String::new()
            }
            Err(error) => {
                assert_eq!(entries(&writer), 0, "{}: a refused import recorded", csv.display());
                error
                    .problems()
                    .iter()
                    .map(|problem| match &problem.place {
                        Place::File { path, line, column } => {
                            assert_eq!(path, &csv);
                            format!("{line}:{column}: {}\n", problem.message)
                        }
                        other => panic!("{}: a problem at {other:?}", csv.display()),
                    })
                    .collect()
            }
        };
        // BLESS=1 writes what the import said, for a person to review.
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap();
        assert_eq!(got, expected, "{}", csv.display());
        tried += 1;
    }
    assert!(tried >= 3);
}

/// The demo's data through the operations: encounters, evidence and
/// answers imported, an answer amended, and the listing and the chains
/// agreeing on the amended result.
#[test]
fn samples_import_score_and_amend() {
    let dir = tempfile::tempdir().unwrap();
    let writer = workspace(dir.path());
    let samples = writer.workspace.root().to_path_buf();
    let imported = import::encounters(
        &writer,
        &import::Encounters {
            file: samples.join("encounters.csv"),
            rubrics: rubrics(&writer),
            new_names: false,
            csv: table::Options::default(),
            dry_run: false,
        },
    )
    .unwrap();
    assert_eq!(imported.dialect.to_string(), "UTF-8, separator ','");
    let (items, _) = import::evidence(
        &writer.workspace,
        &import::Evidence {
            file: samples.join("evidence.csv"),
            csv: table::Options::default(),
            base: None,
            key_dirs: Vec::new(),
        },
    )
    .unwrap();
    let attached = tarkka_app::evidence::attach_all(&writer, &items, false, &NoProgress).unwrap();
    assert_eq!(attached.len(), items.len());
    let answers = import::answers(
        &writer,
        &import::Answers {
            file: samples.join("answers.csv"),
            allow_missing_evidence: None,
            new_names: false,
            csv: table::Options::default(),
            dry_run: false,
        },
        &NoProgress,
    )
    .unwrap();
    assert_eq!(answers.dialect.to_string(), "UTF-8 with BOM, separator ';'");
    assert!(answers.count > 20, "{} scoresheets", answers.count);

    // The first encounter's cleanliness, amended by its auditor.
    let before = scores::list(&writer.workspace.ledger(), &scores::Filter::default()).unwrap();
    let row = before.iter().find(|row| row.encounter == "V-2026-001").unwrap();
    assert_eq!(row.amendments, 0);
    let amended = score::amend(
        &writer,
        &score::Amend {
            encounter: "V-2026-001".into(),
            criterion: "greeting.contact".into(),
            answer: "no".into(),
            reason: "The recording shows no greeting".into(),
            comment: Some("No eye contact".into()),
            sheet: None,
            auditor: None,
        },
    )
    .unwrap();
    assert_eq!(amended.before.unwrap().to_string(), "yes");
    assert_eq!(amended.after.to_string(), "no");
    assert_eq!(amended.amends, row.entry);
    assert_ne!(amended.overall_before, amended.overall_after);

    let after = scores::list(&writer.workspace.ledger(), &scores::Filter::default()).unwrap();
    let row = after.iter().find(|row| row.encounter == "V-2026-001").unwrap();
    assert_eq!((row.amendments, row.entry), (1, amended.seq));
    let state = LedgerState::replay(&writer.workspace.ledger()).unwrap();
    let chains = chain::chains(&state.encounters["V-2026-001"]);
    let amended_chain = chains.iter().find(|c| !c.amendments.is_empty()).unwrap();
    assert_eq!(chain::overall_of(amended_chain.result()), amended.overall_after);
    assert_eq!(
        amended_chain.answers().unwrap()["greeting.contact"].comment.as_deref(),
        Some("No eye contact")
    );

    // Amending to the same answer again is refused and records nothing.
    let entries_now = entries(&writer);
    let error = score::amend(
        &writer,
        &score::Amend {
            encounter: "V-2026-001".into(),
            criterion: "greeting.contact".into(),
            answer: "no".into(),
            reason: "again".into(),
            comment: Some("No eye contact".into()),
            sheet: None,
            auditor: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`greeting.contact` is already `no` in that scoresheet: nothing to amend"
    );
    assert_eq!(entries(&writer), entries_now);

    // Calibration of the same ratings is the same bytes, every time: its
    // sums must not follow a hash map's order.
    let state = LedgerState::replay(&writer.workspace.ledger()).unwrap();
    let request = tarkka_app::calibrate::Request { only: None, resamples: 200, seed: 1 };
    let input = tarkka_app::calibrate::Input::Ledger(&state);
    let runs: Vec<String> = (0..6)
        .map(|_| {
            let (report, _) = tarkka_app::calibrate::calibrate(&input, &request).unwrap();
            serde_json::to_string(&report).unwrap()
        })
        .collect();
    assert!(runs.windows(2).all(|pair| pair[0] == pair[1]), "calibration differs between runs");
    let (report, provenance) = tarkka_app::calibrate::calibrate(&input, &request).unwrap();
    assert!(report.encounters >= 10, "{} shared encounters", report.encounters);
    assert!(matches!(provenance, tarkka_app::calibrate::Provenance::Ledger { .. }));
}

/// An answers file's problems come back at their places.
#[test]
fn answers_file_problems_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rubrics/store-visit.toml");
    let answers = dir.path().join("v.toml");
    std::fs::write(
        &answers,
        "format = 1\n[answers]\n\"greeting.contact\" = \"maybe\"\n\"no.such\" = true\n",
    )
    .unwrap();
    let error = score::files(&rubric, std::slice::from_ref(&answers)).unwrap_err();
    assert!(error.to_string().starts_with("cannot score:\n\n"), "{error}");
    let places: Vec<(u64, u64)> = error
        .problems()
        .iter()
        .map(|problem| match &problem.place {
            Place::File { line, column, .. } => (*line, *column),
            other => panic!("{other:?}"),
        })
        .collect();
    // The unreadable answer at its value, the unknown criterion at its key,
    // and every unanswered criterion at the [answers] table.
    assert_eq!(places[..2], [(3, 22), (4, 1)], "{places:?}");
    assert!(places[2..].iter().all(|&place| place == (2, 1)), "{places:?}");
    let messages: Vec<String> = error.problems().iter().map(|p| p.message.to_string()).collect();
    assert!(messages[0].starts_with("criterion `greeting.contact`: "), "{messages:?}");
    assert!(messages[1].contains("no.such"), "{messages:?}");
}

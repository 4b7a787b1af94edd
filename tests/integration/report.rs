//! `tarkka report`: the management report from a real ledger — complete,
//! traceable, the same bytes every time, readable by pyarrow and DuckDB,
//! and displayed by a real browser.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use crate::harness::root;

/// One demo workspace (which ends with the report) for all report tests,
/// at a fixed clock so that its ledger, and so its report, are always the
/// same.
static DEMO: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let output = tarkka_in(dir.path(), &["demo"]).output().unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("8. The management report"), "{stdout}");
    let workspace = dir.path().join("tarkka-demo");
    (dir, workspace)
});

fn tarkka_in(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("tarkka"));
    command
        .current_dir(dir)
        .env("TARKKA_LANG", "en")
        .env("TARKKA_NOW", "2026-07-01T12:00:00Z")
        .env("TARKKA_ACTOR", "aino")
        .env("TARKKA_KEY_DIR", dir.join(".keys"))
        .env("NO_COLOR", "1")
        .env_remove("TARKKA_WORKSPACE")
        .args(args);
    command
}

fn run(dir: &Path, args: &[&str], code: i32) -> String {
    let output = tarkka_in(dir, args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Runs a Python script with `arg` and returns what it printed; a failure
/// shows everything it printed.
fn python(script: &str, arg: &Path) -> String {
    let output = Command::new("python3").arg("-c").arg(script).arg(arg).output().unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Width and height from a PNG's header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn the_report_is_complete_traceable_and_the_same_bytes_twice() {
    let (_, workspace) = &*DEMO;
    let first = workspace.join("report");
    // The demo asks for the workbook too.
    run(workspace, &["report", "--out", "again", "--xlsx"], 0);
    let second = workspace.join("again");
    // Everything the demo's report wrote, the second run wrote the same.
    let written: Vec<PathBuf> = files(&first);
    assert_eq!(written, files(&second));
    for file in &written {
        assert!(
            std::fs::read(first.join(file)).unwrap() == std::fs::read(second.join(file)).unwrap(),
            "{} differs between two runs",
            file.display()
        );
    }
    let names: Vec<String> = written.iter().map(|f| f.display().to_string()).collect();
    for expected in [
        "index.html",
        "report.md",
        "charts/trend.svg",
        "charts/heatmap.png",
        "charts/pareto.svg",
        "charts/p-chart.png",
        "charts/distribution.svg",
        "charts/human-automatic.png",
        "tables/overview.csv",
        "tables/by_criterion.parquet",
        "tables/critical_failures.csv",
        "tables/tables.xlsx",
        "locations/01-espoo-b2b-myynti.html",
        "agents/01-myynti-espoo-2.html",
    ] {
        assert!(names.contains(&expected.to_string()), "{expected} missing from {names:?}");
    }

    // The provenance is the ledger's own: what verify prints.
    let verified: serde_json::Value =
        serde_json::from_str(&run(workspace, &["verify", "--json"], 0)).unwrap();
    let head = verified["head"].as_str().unwrap();
    let merkle = verified["merkle_root"].as_str().unwrap();
    let index = std::fs::read_to_string(first.join("index.html")).unwrap();
    let markdown = std::fs::read_to_string(first.join("report.md")).unwrap();
    // What it covers and when it stands, under the title.
    let covers = regex::Regex::new(
        r"\d+ encounters from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d · as of \d{4}-\d\d-\d\d \d\d:\d\d \(the ledger(?:'|&#39;)s last entry\)",
    )
    .unwrap();
    assert!(covers.is_match(&index) && index.contains("<p class=\"covers\">"), "{index}");
    assert!(covers.is_match(&markdown), "{markdown}");
    for text in [&index, &markdown] {
        assert!(text.contains(head) && text.contains(merkle), "provenance missing");
        assert!(
            text.contains("cold-call") && text.contains("tarkka report --lang en --period auto")
        );
    }
    assert_eq!(index.matches("<figure data-chart=").count(), 7);
    assert!(index.contains("href=\"locations/01-espoo-b2b-myynti.html\""));
    // Drill-down: the encounters behind the critical failures, with evidence.
    assert!(index.contains("id=\"critical\""));
    let failures = std::fs::read_to_string(first.join("tables/critical_failures.csv")).unwrap();
    let lines: Vec<&str> = failures.lines().collect();
    assert_eq!(lines[0], "encounter,date,location,agent,rubric,criteria,evidence_sha256");
    assert!(lines.len() > 2, "{failures}");
    let with_evidence =
        lines.iter().skip(1).find(|l| l.ends_with(|c: char| c.is_ascii_hexdigit())).unwrap();
    let encounter = with_evidence.split(',').next().unwrap();
    assert!(index.contains(&format!("<td>{encounter}</td>")));
    // The failed critical criteria by their questions, the ids on hover.
    assert!(
        index.contains("<span title=\"store-visit: facilities.toilets — Were the customer toilets"),
        "no question in the critical failures"
    );

    // Every chart is a real picture.
    for chart in [
        "trend",
        "heatmap",
        "pareto",
        "p-chart",
        "distribution",
        "human-automatic",
        "calibration-alpha",
    ] {
        let png = std::fs::read(first.join(format!("charts/{chart}.png"))).unwrap();
        let (width, height) = png_size(&png);
        assert!(width >= 1100 && height >= 400, "{chart}: {width}×{height}");
        // A blank picture of that size compresses to a few kilobytes.
        assert!(png.len() > 25_000, "{chart}.png is only {} bytes", png.len());
        let svg = std::fs::read_to_string(first.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(svg.contains("<svg") && svg.matches("<text").count() > 10, "{chart}.svg");
        assert!(svg.contains("Ledger head"), "{chart}.svg lacks the provenance");
        assert!(index.contains(&svg[svg.find("<svg").unwrap()..][..200]), "{chart} not inlined");
    }

    // The auditors' agreement is in the report, with the figures
    // `tarkka calibrate` gives for the same scoresheets.
    let calibrated: serde_json::Value =
        serde_json::from_str(&run(workspace, &["calibrate", "--format", "json"], 0)).unwrap();
    let svg = std::fs::read_to_string(first.join("charts/calibration-alpha.svg")).unwrap();
    let encounters = calibrated["encounters"].as_u64().unwrap();
    assert!(index.contains(&format!("All {encounters} encounters scored by two or more auditors")));
    let overall = calibrated["overall"]["alpha"]["value"].as_f64().unwrap();
    let units = calibrated["overall"]["alpha"]["units"].as_u64().unwrap();
    assert!(svg.contains(&format!("overall score (n={units})")), "{svg}");
    // (plotters writes each label on a line of its own.)
    assert!(svg.contains(&format!("\n{overall:.2}\n")), "no {overall:.2} in the chart");
    for criterion in calibrated["criteria"].as_array().unwrap() {
        let Some(alpha) = criterion["alpha"]["value"].as_f64() else { continue };
        assert!(svg.contains(&format!("\n{alpha:.2}\n")), "no {alpha:.2} in the chart");
    }

    let table =
        |name: &str| std::fs::read_to_string(first.join(format!("tables/{name}.csv"))).unwrap();
    insta::assert_snapshot!("overview", table("overview"));
    insta::assert_snapshot!("by_location", table("by_location"));
    insta::assert_snapshot!("critical_control", table("critical_control"));
    insta::assert_snapshot!("promises", table("promises"));
    let criteria = table("by_criterion");
    insta::assert_snapshot!(
        "by_criterion_top",
        criteria.lines().take(8).collect::<Vec<_>>().join("\n")
    );

    // What a manager could misread: an interval outside its scale anywhere
    // in the tables, or a missed bonus counted as a failure.
    let mut intervals = 0;
    for entry in std::fs::read_dir(first.join("tables")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|ext| ext != "csv") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        for line in lines {
            for (column, cell) in header.iter().zip(line.split(',')) {
                let Ok(value) = cell.parse::<f64>() else { continue };
                let scale = if column.starts_with("mean_") { 100.0 } else { 1.0 };
                if column.ends_with("_low") || column.ends_with("_high") {
                    intervals += 1;
                    assert!(
                        (0.0..=scale).contains(&value),
                        "{}: {column} = {value} is outside 0–{scale}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(intervals > 100, "only {intervals} interval bounds read");
    // And in the pages a manager reads: every [low–high] within 0–100.
    let bracket = regex::Regex::new(r"\[(-?[0-9.]+)–(-?[0-9.]+)\]").unwrap();
    let mut shown = 0;
    for page in [index.as_str(), &std::fs::read_to_string(first.join("report.md")).unwrap()] {
        for bounds in bracket.captures_iter(page) {
            shown += 1;
            for bound in [&bounds[1], &bounds[2]] {
                let value: f64 = bound.parse().unwrap();
                assert!((0.0..=100.0).contains(&value), "{} is outside 0–100", &bounds[0]);
            }
        }
    }
    assert!(shown > 20, "only {shown} intervals in the pages");
    // The auditors' scoresheets only: 72 imported, by three auditors, and
    // the drawn call aino scored from her queue; the automatic checks'
    // sheets are no auditor's.
    let auditors = table("by_auditor");
    let counted: u64 = auditors
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(counted, 73, "{auditors}");
    assert_eq!(auditors.lines().count(), 4, "{auditors}");
    // Kamppi's cleanliness was scored 7–9 of 10 on all seven visits: met
    // every time (it is met at 7), and about 80 % on average — not "0 %".
    let cells = table("criterion_by_location");
    let header: Vec<&str> = cells.lines().next().unwrap().split(',').collect();
    let kamppi: Vec<&str> = cells
        .lines()
        .find(|line| line.starts_with("store-visit,facilities.premises,Helsinki Kamppi,"))
        .unwrap()
        .split(',')
        .collect();
    let cell = |name: &str| kamppi[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!((cell("answered"), cell("pass_rate")), ("7", "1.0"), "{kamppi:?}");
    let mean: f64 = cell("mean_credit").parse().unwrap();
    assert!((0.7..=0.9).contains(&mean), "{kamppi:?}");
    // The weakest criteria are ranked by the score they lose, and say so.
    assert!(index.contains("Where the score is lost"));
    assert!(
        !index.contains("store-visit: facilities.premises</td>"),
        "an id where a question goes"
    );
    assert!(!criteria.contains("service.beyond"), "a bonus among the failures:\n{criteria}");
}

#[test]
fn parquet_tables_read_in_pyarrow_and_duckdb_as_the_csv_says() {
    let (_, workspace) = &*DEMO;
    let tables = workspace.join("report/tables");
    let script = r#"
import csv, sys, pathlib, pyarrow.parquet as pq, duckdb
tables = pathlib.Path(sys.argv[1])
for parquet in sorted(tables.glob("*.parquet")):
    rows = list(csv.DictReader(open(parquet.with_suffix(".csv"), encoding="utf-8")))
    table = pq.read_table(parquet)
    assert table.num_rows == len(rows), (parquet.name, table.num_rows, len(rows))
    assert table.column_names == list(rows[0].keys()) if rows else True, parquet.name
    count = duckdb.sql(f"select count(*) from read_parquet('{parquet}')").fetchall()[0][0]
    assert count == len(rows), (parquet.name, count)
    print(parquet.stem, len(rows))
overview = pq.read_table(tables / "overview.parquet").to_pylist()
first = next(csv.DictReader(open(tables / "overview.csv", encoding="utf-8")))
assert overview[0]["rubric"] == first["rubric"] == "all"
assert overview[0]["encounters"] == int(first["encounters"])
assert abs(overview[0]["mean_score"] - float(first["mean_score"])) < 1e-9
mean = duckdb.sql(f"select round(avg(mean_score), 6) from read_parquet('{tables / 'by_location.parquet'}')").fetchall()[0][0]
print("duckdb mean of location means", mean)
"#;
    let stdout = python(script, &tables);
    assert!(stdout.contains("overview 5"), "{stdout}");
    assert!(stdout.contains("critical_failures"), "{stdout}");
}

#[test]
fn exported_tables_give_duckdb_the_reports_figures() {
    let (dir, workspace) = &*DEMO;
    let out = dir.path().join("exported");
    let printed = run(workspace, &["export", "tables", "--out", out.to_str().unwrap()], 0);
    assert!(printed.contains("scoresheets.parquet  103 rows"), "{printed}");
    // Into a directory that holds anything: refused.
    run(workspace, &["export", "tables", "--out", out.to_str().unwrap()], 2);
    let verified: serde_json::Value =
        serde_json::from_str(&run(workspace, &["verify", "--json"], 0)).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("tables.json")).unwrap()).unwrap();
    assert_eq!(manifest["ledger"]["head"], verified["head"]);
    assert_eq!(manifest["ledger"]["merkle_root"], verified["merkle_root"]);
    let script = r#"
import csv, sys, pathlib, duckdb
out = pathlib.Path(sys.argv[1])
report = out.parent / "tarkka-demo" / "report" / "tables"
by_location = {r["location"]: r for r in csv.DictReader(open(report / "by_location.csv", encoding="utf-8"))}
rows = duckdb.sql(f'''
    select e.location, count(*), avg(s.overall), avg(case when s.passed then 1.0 else 0.0 end)
    from '{out}/scoresheets.parquet' s join '{out}/encounters.parquet' e using (encounter)
    where s.counted group by e.location''').fetchall()
assert len(rows) == len(by_location), (rows, by_location.keys())
for location, n, mean, passed in rows:
    want = by_location[location]
    assert n == int(want["encounters"]), (location, n, want["encounters"])
    assert abs(mean - float(want["mean_score"])) < 1e-9, (location, mean, want["mean_score"])
    assert abs(passed - float(want["pass_rate"])) < 1e-9, (location, passed, want["pass_rate"])
promises = {r["name"]: r for r in csv.DictReader(open(report / "promises.csv", encoding="utf-8")) if r["by"] == "location"}
for location, status, n in duckdb.sql(f"select location, status, count(*) from '{out}/promises.parquet' group by all").fetchall():
    assert int(promises[location][status]) == n, (location, status, n)
amended = duckdb.sql(f"select count(*) from '{out}/amendments.parquet' where dispute is not null").fetchall()[0][0]
assert amended == 1, amended
print("locations", len(rows))
"#;
    let stdout = python(script, &out);
    assert!(stdout.contains("locations 5"), "{stdout}");
}

#[test]
fn the_workbook_holds_every_table_as_the_csv_says_and_its_provenance() {
    let (_, workspace) = &*DEMO;
    let tables = workspace.join("report/tables");
    let verified: serde_json::Value =
        serde_json::from_str(&run(workspace, &["verify", "--json"], 0)).unwrap();
    let script = r#"
import csv, sys, pathlib, openpyxl
tables = pathlib.Path(sys.argv[1])
book = openpyxl.load_workbook(tables / "tables.xlsx")
names = sorted(p.stem for p in tables.glob("*.csv"))
assert book.sheetnames[0] == "Provenance", book.sheetnames
assert sorted(book.sheetnames[1:]) == names, (book.sheetnames, names)
for name in names:
    sheet = book[name]
    rows = list(csv.reader(open(tables / f"{name}.csv", encoding="utf-8")))
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(cells) == len(rows), (name, len(cells), len(rows))
    assert cells[0] == rows[0], (name, cells[0], rows[0])
    for line, (got, want) in enumerate(zip(cells[1:], rows[1:]), 2):
        for column, (g, w) in enumerate(zip(got, want)):
            if w == "":
                assert g is None, (name, line, column, g)
            elif isinstance(g, bool):
                assert str(g).lower() == w, (name, line, column, g, w)
            elif isinstance(g, (int, float)):
                assert abs(g - float(w)) < 1e-9, (name, line, column, g, w)
            else:
                assert g == w, (name, line, column, g, w)
    assert sheet.freeze_panes == "A2", name
    print(name, len(rows) - 1)
overview = book["overview"]
assert overview["G2"].number_format == "0.0%" and overview["D2"].number_format == "0.00"
provenance = {row[0]: row[1] for row in book["Provenance"].iter_rows(min_row=2, values_only=True)}
print("head", provenance["Ledger head"])
print("root", provenance["Merkle root"])
print("entries", provenance["Entries"])
print("created", book.properties.created.isoformat())
"#;
    let stdout = python(script, &tables);
    assert!(stdout.contains("overview 5"), "{stdout}");
    assert!(stdout.contains(&format!("head {}", verified["head"].as_str().unwrap())), "{stdout}");
    assert!(
        stdout.contains(&format!("root {}", verified["merkle_root"].as_str().unwrap())),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("entries {}", verified["entries"])), "{stdout}");
    assert!(stdout.contains("created 2000-01-01T00:00:00"), "no clock in the file: {stdout}");
}

#[test]
fn the_report_opens_in_a_real_browser_with_every_chart_shown() {
    let (_, workspace) = &*DEMO;
    let screenshot = workspace.join("screenshot.png");
    let output = Command::new("node")
        .arg(root().join("tests/browser/check-report.mjs"))
        .arg(workspace.join("report/index.html"))
        .arg(&screenshot)
        .current_dir(root().join("tests/browser"))
        .output()
        .expect("node runs (.ci/run installs playwright-core and Chromium)");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let charts = result["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 7, "{result}");
    for chart in charts {
        assert_eq!(chart["visible"], true, "{chart}");
        assert!(chart["shapes"].as_u64().unwrap() > 20, "{chart}");
    }
    assert_eq!(result["errors"], serde_json::json!([]), "{result}");
    assert_eq!(result["requests"], serde_json::json!([]), "the page asked the network: {result}");
    let png = std::fs::read(&screenshot).unwrap();
    let (width, height) = png_size(&png);
    assert_eq!(width, 1280);
    assert!(height > 3000, "the full page is {height} pixels high");
}

#[test]
fn filters_languages_and_bad_input() {
    let (_, workspace) = &*DEMO;
    // Someone's own directory is not written over; an earlier report is.
    let theirs = workspace.join("theirs");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("index.html"), "mine").unwrap();
    let output =
        tarkka_in(workspace, &["report", "--out", "theirs", "--lang", "en"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("holds a file that no report of tarkka wrote (`index.html`)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(theirs.join("index.html")).unwrap(), "mine");
    let by_month = ["--period", "month"];
    let args = ["report", "--out", "turku", "--location", "Turku Hansa", "--lang", "fi"];
    run(workspace, &[&args[..], &by_month[..]].concat(), 0);
    // Written over an earlier, whole report, it leaves none of its pages:
    // the same files as into a new directory.
    run(workspace, &["report", "--out", "over", "--lang", "fi"], 0);
    std::fs::write(workspace.join("over/notes.txt"), "mine").unwrap();
    // What a killed run left in its hidden staging directory goes too.
    std::fs::create_dir_all(workspace.join("over/.tarkka-new-1/tables")).unwrap();
    std::fs::write(workspace.join("over/.tarkka-new-1/tables/half.csv"), "a,b").unwrap();
    let filtered = ["report", "--out", "over", "--location", "Turku Hansa", "--lang", "fi"];
    run(workspace, &[&filtered[..], &by_month[..]].concat(), 0);
    let mut over = files(&workspace.join("over"));
    over.retain(|f| f != Path::new("notes.txt"));
    assert_eq!(over, files(&workspace.join("turku")), "nothing of the earlier report is left");
    assert_eq!(std::fs::read_to_string(workspace.join("over/notes.txt")).unwrap(), "mine");
    let overview = std::fs::read_to_string(workspace.join("turku/tables/overview.csv")).unwrap();
    let all: Vec<&str> = overview.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(all[..2], ["all", "7"], "{overview}");
    let index = std::fs::read_to_string(workspace.join("turku/index.html")).unwrap();
    assert!(index.contains("<html lang=\"fi\">") && index.contains("Laaturaportti"));
    // Table names in the reader's language, the file's name beside it.
    assert!(index.contains("Toimipisteittäin (<code>by_location</code>)"), "{index}");
    assert!(index.contains("toimipiste Turku Hansa"), "the filter is stated, in Finnish");
    assert!(
        std::fs::read_to_string(workspace.join("turku/charts/trend.svg"))
            .unwrap()
            .contains("Pisteiden kehitys")
    );
    // Finnish for real: decimal commas, the questions in Finnish.
    let page = std::fs::read_to_string(workspace.join("turku/locations/01-turku-hansa.html"))
        .unwrap_or_else(|_| {
            let dir = workspace.join("turku/locations");
            let first = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
            std::fs::read_to_string(first).unwrap()
        });
    assert!(
        page.contains("Kuinka siistit ja hyvässä järjestyksessä asiakastilat olivat?"),
        "{page}"
    );
    let decimal = regex::Regex::new(r#"class="n">\d+,\d %"#).unwrap();
    assert!(decimal.is_match(&page), "no decimal comma in {page}");
    assert!(!regex::Regex::new(r#"class="n">\d+\.\d"#).unwrap().is_match(&page), "{page}");
    // Finnish date forms: periods as 3/2026, dates as 12.3.2026.
    assert!(page.contains("<td>3/2026 *</td>"), "{page}");
    assert!(page.contains("<td class=\"d\">12.3.2026</td>"), "{page}");
    // --period auto widens the period until the typical location group is
    // not small, but keeps a trend: 50 encounters over six months by five
    // locations are drawn by quarter (by year all would be one point).
    run(workspace, &["report", "--out", "auto", "--period", "auto"], 0);
    let trend =
        std::fs::read_to_string(workspace.join("auto/tables/trend_by_location.csv")).unwrap();
    assert!(trend.contains(",2026-Q1,") && trend.contains(",2026-Q2,"), "{trend}");
    assert!(!trend.contains(",2026-01,"), "{trend}");
    let index = std::fs::read_to_string(workspace.join("auto/index.html")).unwrap();
    assert!(index.contains("Period: quarter") && index.contains("--period auto"), "{index}");
    // Nothing in range: still a report, saying so with zeros.
    run(workspace, &["report", "--out", "empty", "--from", "2030-01-01"], 0);
    let overview = std::fs::read_to_string(workspace.join("empty/tables/overview.csv")).unwrap();
    assert_eq!(overview.lines().count(), 1, "{overview}");
    // Bad input changes nothing.
    let output =
        tarkka_in(workspace, &["report", "--out", "bad", "--from", "2026-13-01"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--from `2026-13-01` is not a date"));
    assert!(!workspace.join("bad").exists());
    // A ledger line that is no entry: named by file and line, nothing written.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(workspace.join("tarkka.toml"), copy.path().join("tarkka.toml")).unwrap();
    let ledger = std::fs::read_to_string(workspace.join("ledger.jsonl")).unwrap();
    let mut lines: Vec<String> = ledger.lines().map(str::to_string).collect();
    lines[40] = lines[40].replacen(r#""payload":{"#, r#""payload":{"x":"#, 1);
    std::fs::write(copy.path().join("ledger.jsonl"), lines.join("\n") + "\n").unwrap();
    let output = tarkka_in(copy.path(), &["report", "--out", "out"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "ledger.jsonl:41: this line of the ledger cannot be read (expected `,` or `}` at column"
        ),
        "{stderr}"
    );
    assert!(!copy.path().join("out").exists());
}

/// Drill-down to the evaluation: an agent's page lists its evaluations with
/// the failed criteria and the auditor's comments, each linking to its
/// section of the agent's evaluations page: every answer, the amendments
/// and the evidence. An amendment made
/// without naming a scoresheet changes the auditor's, not the automatic
/// checks' (which answer only the criteria that have a check).
#[test]
fn agent_pages_list_the_evaluations_and_each_has_its_page() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["demo"], 0);
    let workspace = dir.path().join("tarkka-demo");
    let amended = run(
        &workspace,
        &[
            "amend",
            "S-2026-005",
            "listening.tone",
            "3",
            "--reason",
            "Recording re-heard: correct but distant",
            "--comment",
            "Flat tone in the second half",
        ],
        0,
    );
    assert!(amended.contains("listening.tone: 5 → 3"), "{amended}");
    run(&workspace, &["report", "--out", "drill"], 0);
    let report = workspace.join("drill");
    let agents: Vec<PathBuf> = files(&report.join("agents"));
    let oulu = agents.iter().find(|p| p.to_string_lossy().contains("agent-oulu-1")).unwrap();
    let page = std::fs::read_to_string(report.join("agents").join(oulu)).unwrap();
    assert!(page.contains("<h2>Evaluations</h2>") && page.contains("All 6, the latest first."));
    // F-2026-005 failed on a critical criterion; the comment is quoted.
    assert!(page.contains("CRITICAL: <span title=\"follow-up: promise.on-time"), "{page}");
    let link =
        regex::Regex::new(r##"href="\.\./evaluations/([^"#]+)#([^"]*s-2026-005)""##).unwrap();
    let target = link.captures(&page).expect("a link to S-2026-005's section");
    let whole = std::fs::read_to_string(report.join("evaluations").join(&target[1])).unwrap();
    let start = whole.find(&format!("<section id=\"{}\">", &target[2])).expect("its section");
    let encounter = &whole[start..start + whole[start..].find("</section>").unwrap()];
    for expected in [
        "<h2>S-2026-005</h2>",
        "auditor: sara",
        "How empathetic and calm was the agent&#39;s tone throughout the call?",
        "Flat tone in the second half",
        "not met",
        "5 → 3",
        "Recording re-heard: correct but distant",
        "Evidence (SHA-256)",
    ] {
        assert!(encounter.contains(expected), "{expected} missing from\n{encounter}");
    }
    assert!(regex::Regex::new("<li><code>[0-9a-f]{64}</code></li>").unwrap().is_match(encounter));
}

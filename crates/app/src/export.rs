//! `tarkka export tables` (issue 19, "past one machine"): the ledger's facts
//! as Parquet files with a documented schema (docs/export.md), so that
//! DuckDB, Spark or Trino can take over analysis that outgrows one machine.
//! The tables come from the report's own one-pass replay, so they count
//! what the report counts.

use std::path::{Path, PathBuf};

use tarkka_ledger::payload::{ScoreAmended, Source};
use tarkka_ledger::{Lines, Place};
use tarkka_report::Values;
use tarkka_scoring::Answer;

use crate::error::{Context as _, Error, Result};
use crate::replay::ReportLedger;

/// The schema version of the exported tables.
pub const EXPORT_FORMAT: u32 = 1;

/// What was exported: each table's file and row count, and the ledger
/// state it came from.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The tables, in the order written: name and rows.
    pub tables: Vec<(&'static str, usize)>,
    /// The files written.
    pub files: Vec<PathBuf>,
    /// The ledger's entries.
    pub entries: u64,
    /// Its head.
    pub head: String,
    /// Its RFC 6962 Merkle root.
    pub merkle_root: String,
}

/// Writes the ledger's facts into `out`, which must not exist or be empty.
pub fn tables(ledger: &impl Lines, out: &Path) -> Result<Exported> {
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        crate::refuse!("export-out-not-empty", dir = out.display().to_string());
    }
    std::fs::create_dir_all(out)
        .with_context(|| tarkka_i18n::msg!("dir-uncreatable", dir = out.display().to_string()))?;
    let state = ReportLedger::replay(ledger)?;
    let name = |n: u32| state.names.name(n).to_string();
    let id = |n: u32| state.ids.get(n as usize).cloned().unwrap_or_default();

    let mut encounters = Table::new(
        out,
        "encounters",
        &[
            ("encounter", 't'),
            ("time", 't'),
            ("date", 't'),
            ("location", 't'),
            ("agent", 't'),
            ("rubric", 't'),
            ("fingerprint", 't'),
            ("case", 'm'),
        ],
    )?;
    let mut sheets = Table::new(
        out,
        "scoresheets",
        &[
            ("scoresheet", 'c'),
            ("encounter", 't'),
            ("source", 't'),
            ("auditor", 't'),
            ("rubric", 't'),
            ("overall", 'n'),
            ("passed", 'f'),
            ("critical", 'f'),
            ("amendments", 'c'),
            ("counted", 'f'),
        ],
    )?;
    let mut answers = Table::new(
        out,
        "answers",
        &[
            ("scoresheet", 'c'),
            ("encounter", 't'),
            ("criterion", 't'),
            ("credit", 'n'),
            ("weight", 'n'),
            ("failed", 'f'),
            ("critical", 'f'),
        ],
    )?;
    let mut evidence = Table::new(out, "evidence", &[("encounter", 't'), ("sha256", 't')])?;
    let mut amendment_places: Vec<(u64, u64, String)> = Vec::new();
    for (encounter_id, e) in &state.encounters {
        encounters.text("encounter", encounter_id);
        encounters.text("time", &e.time);
        encounters.text("date", e.time.get(..10).unwrap_or(&e.time));
        encounters.text("location", &name(e.location));
        encounters.text("agent", &name(e.agent));
        encounters.text("rubric", &name(e.rubric_id));
        encounters.text("fingerprint", state.fingerprints.name(e.rubric));
        encounters.maybe("case", e.case.as_deref());
        let counted = e.latest(Source::Human).map(|s| s.chain.sheet);
        for sheet in &e.sheets {
            let seq = sheet.chain.sheet;
            sheets.count("scoresheet", seq);
            sheets.text("encounter", encounter_id);
            sheets.text(
                "source",
                match sheet.source {
                    Source::Human => "human",
                    Source::Automatic => "automatic",
                },
            );
            sheets.text("auditor", &name(sheet.auditor));
            sheets.text("rubric", &name(sheet.rubric));
            sheets.number("overall", sheet.result.overall);
            sheets.flag("passed", sheet.result.passed);
            sheets.flag("critical", Some(sheet.result.critical()));
            sheets.count("amendments", sheet.chain.amendments.len() as u64);
            sheets.flag("counted", Some(counted == Some(seq)));
            for answer in sheet.result.answers() {
                answers.count("scoresheet", seq);
                answers.text("encounter", encounter_id);
                answers.text("criterion", &id(answer.id));
                answers.number("credit", Some(f64::from(answer.credit)));
                answers.number("weight", Some(f64::from(answer.weight)));
                answers.flag("failed", Some(answer.failed));
                answers.flag("critical", Some(answer.critical));
            }
            for &amendment in &sheet.chain.amendments {
                amendment_places.push((amendment, seq, encounter_id.clone()));
            }
        }
        for digest in &e.evidence {
            evidence.text("encounter", encounter_id);
            evidence.text("sha256", &digest.to_hex());
        }
        for table in [&mut encounters, &mut sheets, &mut answers, &mut evidence] {
            table.flush_when_full()?;
        }
    }

    // Amendments are few: their lines are read again whole, by place.
    amendment_places.sort();
    let places: Vec<Place> = amendment_places
        .iter()
        .map(|(seq, _, _)| {
            state
                .amendment_places
                .get(seq)
                .copied()
                .ok_or_else(|| Error::text(tarkka_i18n::msg!("export-line-moved", seq = *seq)))
        })
        .collect::<Result<_>>()?;
    let mut amendments = Table::new(
        out,
        "amendments",
        &[
            ("amendment", 'c'),
            ("scoresheet", 'c'),
            ("encounter", 't'),
            ("amends", 'c'),
            ("criterion", 't'),
            ("before", 'm'),
            ("after", 'm'),
            ("reason", 't'),
            ("dispute", 'm'),
            ("actor", 't'),
            ("time", 't'),
        ],
    )?;
    let answer_text = |raw: &serde_json::value::RawValue| {
        serde_json::from_str::<Option<Answer>>(raw.get())
            .ok()
            .flatten()
            .map(|answer| answer.value.to_string())
    };
    for ((seq, sheet, encounter), line) in amendment_places.iter().zip(ledger.lines_at(&places)?) {
        let entry = tarkka_ledger::entry::parse_line(&line).map_err(Error::input)?;
        let recorded = entry.recorded::<ScoreAmended>().map_err(Error::input)?;
        if recorded.seq != *seq {
            crate::refuse!("export-line-moved", seq = *seq);
        }
        let a = &recorded.payload;
        amendments.count("amendment", *seq);
        amendments.count("scoresheet", *sheet);
        amendments.text("encounter", encounter);
        amendments.count("amends", a.amends);
        amendments.text("criterion", &a.criterion);
        amendments.maybe("before", answer_text(&a.before).as_deref());
        amendments.maybe("after", answer_text(&a.after).as_deref());
        amendments.text("reason", &a.reason);
        amendments.maybe("dispute", a.dispute.as_deref());
        amendments.text("actor", &recorded.actor);
        amendments.text("time", &recorded.time);
    }

    // Promises as the report judges them: as of the ledger's last entry.
    let as_of = state.latest.parse().unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let mut promises = Table::new(
        out,
        "promises",
        &[
            ("encounter", 't'),
            ("agent", 't'),
            ("location", 't'),
            ("made", 't'),
            ("words", 't'),
            ("deadline", 'm'),
            ("status", 't'),
            ("followed_by", 'm'),
        ],
    )?;
    for row in crate::followups::judge(crate::followups::contacts(&state), as_of) {
        promises.text("encounter", &row.encounter);
        promises.text("agent", &row.agent);
        promises.text("location", &row.location);
        promises.text("made", &row.made);
        promises.text("words", &row.words);
        promises.maybe("deadline", row.deadline.as_deref());
        promises.text("status", &format!("{:?}", row.status).to_lowercase());
        promises.maybe("followed_by", row.followed_by.as_deref());
    }

    let head = state
        .replayed
        .head
        .map_or_else(|| tarkka_ledger::Digest([0; 32]).to_hex(), |h| h.hash.to_hex());
    let mut exported = Exported {
        tables: Vec::new(),
        files: Vec::new(),
        entries: state.replayed.entries,
        head,
        merkle_root: state.replayed.merkle_root.to_hex(),
    };
    for table in [encounters, sheets, answers, evidence, amendments, promises] {
        let (name, rows, path) = table.finish()?;
        exported.tables.push((name, rows));
        exported.files.push(path);
    }
    let manifest = serde_json::json!({
        "format": EXPORT_FORMAT,
        "ledger": {
            "entries": exported.entries,
            "head": exported.head,
            "merkle_root": exported.merkle_root,
        },
        "tables": exported.tables.iter().map(|(name, rows)| serde_json::json!({
            "name": name, "file": format!("{name}.parquet"), "rows": rows,
        })).collect::<Vec<_>>(),
    });
    let path = out.join("tables.json");
    let text = serde_json::to_string_pretty(&manifest).expect("JSON serialises") + "\n";
    crate::config::write_new(&path, text.as_bytes())?;
    exported.files.push(path);
    Ok(exported)
}

/// Rows a table keeps before it writes them out as a row group.
const BATCH: usize = 1 << 20;

/// A table being filled row by row and written a batch at a time, its
/// columns declared first (so that an empty table still has its schema):
/// `t` text, `m` text or null, `c` a count, `n` a number or null, `f`
/// true/false or null. It is written as `NAME.parquet.partial` and takes
/// its name only when whole.
struct Table {
    name: &'static str,
    columns: Vec<(&'static str, Values)>,
    rows: usize,
    pending: usize,
    partial: PathBuf,
    file: tarkka_report::ParquetFile<std::io::BufWriter<std::fs::File>>,
}

impl Table {
    fn new(out: &Path, name: &'static str, schema: &[(&'static str, char)]) -> Result<Table> {
        let columns = schema
            .iter()
            .map(|&(column, kind)| {
                let values = match kind {
                    't' => Values::Text(Vec::new()),
                    'm' => Values::MaybeText(Vec::new()),
                    'c' => Values::Count(Vec::new()),
                    'n' => Values::Number(Vec::new()),
                    _ => Values::Flag(Vec::new()),
                };
                (column, values)
            })
            .collect();
        let partial = out.join(format!("{name}.parquet.partial"));
        let file = std::fs::File::create(&partial).with_context(|| {
            tarkka_i18n::msg!("file-unwritable", file = partial.display().to_string())
        })?;
        let file = tarkka_report::ParquetFile::new(std::io::BufWriter::new(file));
        Ok(Table { name, columns, rows: 0, pending: 0, partial, file })
    }

    /// Writes the rows kept as a row group.
    fn flush(&mut self) -> Result<()> {
        let batch: Vec<(&str, Values)> = self
            .columns
            .iter_mut()
            .map(|(name, values)| {
                let empty = values.empty_like();
                (*name, std::mem::replace(values, empty))
            })
            .collect();
        self.file.write(batch).map_err(|error| Error::input(error.to_string()))?;
        self.pending = 0;
        Ok(())
    }

    fn flush_when_full(&mut self) -> Result<()> {
        if self.pending >= BATCH { self.flush() } else { Ok(()) }
    }

    /// Writes the rest, ends the file and gives it its name.
    fn finish(mut self) -> Result<(&'static str, usize, PathBuf)> {
        if self.pending > 0 || self.rows == 0 {
            self.flush()?;
        }
        self.file.finish().map_err(|error| Error::input(error.to_string()))?;
        let path = self.partial.with_extension("");
        std::fs::rename(&self.partial, &path).with_context(|| {
            tarkka_i18n::msg!("file-unwritable", file = path.display().to_string())
        })?;
        Ok((self.name, self.rows, path))
    }

    fn column(&mut self, name: &'static str) -> &mut Values {
        let at = self.columns.iter().position(|(n, _)| *n == name).expect("a declared column");
        if at == 0 {
            self.rows += 1;
            self.pending += 1;
        }
        &mut self.columns[at].1
    }

    fn text(&mut self, name: &'static str, value: &str) {
        if let Values::Text(v) = self.column(name) {
            v.push(value.to_string());
        } else {
            unreachable!("column `{name}` is declared as another kind");
        }
    }

    fn maybe(&mut self, name: &'static str, value: Option<&str>) {
        if let Values::MaybeText(v) = self.column(name) {
            v.push(value.map(str::to_string));
        } else {
            unreachable!("column `{name}` is declared as another kind");
        }
    }

    fn count(&mut self, name: &'static str, value: u64) {
        if let Values::Count(v) = self.column(name) {
            v.push(value);
        } else {
            unreachable!("column `{name}` is declared as another kind");
        }
    }

    fn number(&mut self, name: &'static str, value: Option<f64>) {
        if let Values::Number(v) = self.column(name) {
            v.push(value);
        } else {
            unreachable!("column `{name}` is declared as another kind");
        }
    }

    fn flag(&mut self, name: &'static str, value: Option<bool>) {
        if let Values::Flag(v) = self.column(name) {
            v.push(value);
        } else {
            unreachable!("column `{name}` is declared as another kind");
        }
    }
}

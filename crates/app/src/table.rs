//! Reading the CSV tables auditors and spreadsheets export: the encoding
//! and separator detected, every cell located by line and column.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use tarkka_i18n::{Message, msg};

use crate::error::{Error, Place, Problem, Result};

/// An encoding to read a table in, instead of detecting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped).
    Utf8,
    /// Windows-1252, as Excel on Windows saves "CSV".
    Windows1252,
}

/// A field separator to read a table with, instead of detecting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;`, as Excel in a Finnish locale writes.
    Semicolon,
    /// A tab.
    Tab,
}

/// How to read a table: what to detect and what is given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The encoding; detected when `None`.
    pub encoding: Option<Encoding>,
    /// The separator; detected when `None`.
    pub delimiter: Option<Delimiter>,
}

/// The largest table file read: larger ones are refused before a byte is
/// parsed (a million answer rows are about 45 MB).
pub const MAX_FILE: u64 = 512 << 20;
/// The most bytes a cell holds (a comment of several pages fits).
pub const MAX_CELL: usize = 64 << 10;
/// The most columns a header has.
pub const MAX_COLUMNS: usize = 1_000;
/// The most problems listed for one file; the rest are counted.
pub const MAX_SHOWN: usize = 100;

/// Reads and decodes a table file; an error names every problem with its
/// line and column.
pub fn read_file(path: &Path, options: Options) -> Result<Table> {
    let size =
        std::fs::metadata(path).map_err(|error| crate::error::unreadable(path, error))?.len();
    if size > MAX_FILE {
        crate::refuse!(
            "table-file-too-large",
            file = path.display().to_string(),
            size = size,
            limit = MAX_FILE >> 20
        );
    }
    let bytes = std::fs::read(path).map_err(|error| crate::error::unreadable(path, error))?;
    read(&bytes, options.encoding, options.delimiter)
        .map_err(|errors| located(path, errors, Action::Read))
}

/// What could not be done with a table, for the heading of its problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Reading it at all.
    Read,
    /// Importing it: nothing was recorded.
    Import,
    /// Calibrating from it.
    Calibrate,
}

/// Every problem, one per line: `path:line:column: message`, after
/// "cannot import {path}: N problems, nothing recorded"; each also at its
/// place. Rendered in the reader's language.
pub fn located(path: &Path, mut errors: Vec<CellError>, action: Action) -> Error {
    errors.sort();
    errors.dedup();
    let problems: Vec<Problem> = errors
        .into_iter()
        .map(|e| Problem {
            place: Place::File { path: path.to_path_buf(), line: e.line, column: e.column },
            message: e.message,
        })
        .collect();
    let file = path.display().to_string();
    let count = problems.len();
    let mut problems = problems;
    problems.truncate(MAX_SHOWN);
    let more = (count > MAX_SHOWN)
        .then(|| msg!("table-problems-more", count = count - MAX_SHOWN, shown = MAX_SHOWN));
    let heading = msg!(
        "table-problems",
        action = match action {
            Action::Read => "read",
            Action::Import => "import",
            Action::Calibrate => "calibrate",
        },
        file = file,
        count = count
    );
    Error::listing(heading, problems, more)
}

/// How a file was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// The encoding.
    pub encoding: &'static str,
    /// Whether a UTF-8 byte-order mark was skipped.
    pub bom: bool,
    /// The field separator.
    pub delimiter: u8,
}

impl Dialect {
    /// How the file was read, for a person: `UTF-8 with BOM, separator ';'`.
    pub fn describe(&self, lang: tarkka_rubric::Lang) -> String {
        let delimiter = match self.delimiter {
            b'\t' => lang.pick("sarkain", "tab").to_string(),
            other => format!("'{}'", other as char),
        };
        let bom = if self.bom { lang.pick(" BOM-merkillä", " with BOM") } else { "" };
        format!("{}{bom}, {} {delimiter}", self.encoding, lang.pick("erotin", "separator"))
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(tarkka_rubric::Lang::En))
    }
}

/// A problem at a place in a table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CellError {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// What is wrong and what was expected.
    pub message: Message,
}

/// The text of a table and every cell, in two buffers shared by its rows.
#[derive(Debug)]
struct Cells {
    /// The decoded file, for error positions.
    text: Box<str>,
    /// Every cell's value, one after another.
    values: String,
    /// Where each cell's value ends in `values`.
    ends: Vec<u32>,
}

/// One data row: a window onto the table's shared buffers, so that a
/// million rows cost a million small structs and no allocation each.
/// Where each cell starts on its line is worked out only when an error
/// needs it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The line it starts on.
    pub line: u64,
    /// Its first cell's index in `cells.ends`, and how many cells.
    first: u32,
    count: u32,
    /// Byte offsets of the record and of its first line in the text.
    start: usize,
    line_start: usize,
    delimiter: u8,
    cells: Arc<Cells>,
}

impl Row {
    fn cell(&self, index: usize) -> Option<&str> {
        if index >= self.count as usize {
            return None;
        }
        let at = self.first as usize + index;
        let begin = if at == 0 { 0 } else { self.cells.ends[at - 1] as usize };
        Some(&self.cells.values[begin..self.cells.ends[at] as usize])
    }

    /// The cell of a column, trimmed; empty when the column is absent.
    pub fn get(&self, column: Option<usize>) -> &str {
        column.and_then(|index| self.cell(index)).map_or("", str::trim)
    }

    /// The cells, untrimmed.
    #[cfg(test)]
    pub fn cells(&self) -> Vec<&str> {
        (0..self.count as usize).filter_map(|i| self.cell(i)).collect()
    }

    /// The place of a column's cell, for errors.
    pub fn at(&self, column: Option<usize>, message: Message) -> CellError {
        let columns = cell_columns(
            &self.cells.text,
            self.start,
            self.line_start,
            self.delimiter,
            self.count as usize,
        );
        let column = column.and_then(|index| columns.get(index).copied()).unwrap_or(1);
        CellError { line: self.line, column, message }
    }
}

/// A decoded table: its header and rows.
#[derive(Debug)]
pub struct Table {
    /// How it was read.
    pub dialect: Dialect,
    /// The header names, lower-cased and trimmed.
    pub headers: Vec<String>,
    header_columns: Vec<u64>,
    header_line: u64,
    /// The data rows (empty rows are skipped).
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of a column by any of its names.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers.iter().position(|header| names.contains(&header.as_str()))
    }

    /// An error at a header cell.
    pub fn header_error(&self, index: usize, message: Message) -> CellError {
        CellError { line: self.header_line, column: self.header_columns[index], message }
    }

    /// An error about the header as a whole.
    pub fn header_line_error(&self, message: Message) -> CellError {
        CellError { line: self.header_line, column: 1, message }
    }
}

/// Decodes and parses a table. Every problem — undecodable bytes, rows
/// with the wrong number of cells — is reported, not just the first.
pub fn read(
    bytes: &[u8],
    encoding: Option<Encoding>,
    delimiter: Option<Delimiter>,
) -> Result<Table, Vec<CellError>> {
    let (text, encoding, bom) = decode(bytes, encoding)?;
    let delimiter = match delimiter {
        Some(Delimiter::Comma) => b',',
        Some(Delimiter::Semicolon) => b';',
        Some(Delimiter::Tab) => b'\t',
        None => detect_delimiter(&text),
    };
    let dialect = Dialect { encoding, bom, delimiter };
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
    let too_large = || vec![CellError { line: 1, column: 1, message: msg!("table-too-large") }];
    let mut values = String::new();
    let mut ends: Vec<u32> = Vec::new();
    let mut spans: Vec<(u64, u32, u32, usize, usize)> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let mut header: Option<(u64, Vec<String>, Vec<u64>)> = None;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(1, |p| p.line());
                errors.push(CellError {
                    line,
                    column: 1,
                    message: msg!("table-not-csv", reason = error.to_string()),
                });
                continue;
            }
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let position = record.position().expect("records read from text have a position");
        let line = position.line();
        let start = position.byte() as usize;
        let line_start = line_starts.get(line as usize - 1).copied().unwrap_or(start);
        match &header {
            None if record.len() > MAX_COLUMNS => {
                let message =
                    msg!("table-too-many-columns", columns = record.len(), limit = MAX_COLUMNS);
                return Err(vec![CellError { line, column: 1, message }]);
            }
            None => {
                let columns = cell_columns(&text, start, line_start, delimiter, record.len());
                let names = record.iter().map(|cell| cell.trim().to_lowercase()).collect();
                header = Some((line, names, columns));
            }
            Some((_, names, _)) => {
                if record.len() != names.len() {
                    errors.push(CellError {
                        line,
                        column: 1,
                        message: msg!(
                            "table-cell-count",
                            cells = record.len(),
                            columns = names.len()
                        ),
                    });
                    continue;
                }
                if let Some(error) = bad_cell(&record, &text, (line, start, line_start), delimiter)
                {
                    errors.push(error);
                    continue;
                }
                let first = ends.len() as u32;
                for cell in record.iter() {
                    values.push_str(cell);
                    ends.push(u32::try_from(values.len()).map_err(|_| too_large())?);
                }
                spans.push((line, first, record.len() as u32, start, line_start));
            }
        }
    }
    let Some((header_line, headers, header_columns)) = header else {
        return Err(vec![CellError { line: 1, column: 1, message: msg!("table-empty") }]);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    drop(reader);
    let cells = Arc::new(Cells { text: text.into(), values, ends });
    let rows = spans
        .into_iter()
        .map(|(line, first, count, start, line_start)| Row {
            line,
            first,
            count,
            start,
            line_start,
            delimiter,
            cells: Arc::clone(&cells),
        })
        .collect();
    Ok(Table { dialect, headers, header_columns, header_line, rows })
}

/// The first cell of a row that is too large or holds a control
/// character (NUL, escapes that move a terminal's cursor or colour its
/// text, C1 controls, bidirectional overrides that show text in another
/// order than it is stored): refused where it is read, so that nothing
/// stored can rewrite what a person sees when it is printed. Tabs and line
/// breaks inside a quoted cell are text.
fn bad_cell(
    record: &csv::StringRecord,
    text: &str,
    (line, start, line_start): (u64, usize, usize),
    delimiter: u8,
) -> Option<CellError> {
    let at = |index: usize, message: Message| {
        let columns = cell_columns(text, start, line_start, delimiter, record.len());
        CellError { line, column: columns.get(index).copied().unwrap_or(1), message }
    };
    for (index, cell) in record.iter().enumerate() {
        if cell.len() > MAX_CELL {
            let (size, limit) = (cell.len(), MAX_CELL >> 10);
            return Some(at(index, msg!("table-cell-too-large", size = size, limit = limit)));
        }
        if let Some(c) = cell.chars().find(|c| is_forbidden(*c)) {
            let code = format!("U+{:04X}", c as u32);
            return Some(at(index, msg!("table-cell-control", code = code)));
        }
    }
    None
}

/// A character no cell may hold (see [`bad_cell`]).
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Decodes the bytes: UTF-8 (a BOM is dropped), or Windows-1252 when the
/// bytes are not UTF-8 at all. Bytes that look like broken UTF-8 — valid
/// multi-byte sequences mixed with invalid ones — are an error rather than
/// a guess.
fn decode(
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<(String, &'static str, bool), Vec<CellError>> {
    // UTF-16 (Excel's "Unicode text") is named, not misread as Windows-1252.
    if let Some(order) = [b"\xFF\xFE", b"\xFE\xFF"].iter().find(|bom| bytes.starts_with(&bom[..])) {
        let mark = format!("{:02X} {:02X}", order[0], order[1]);
        return Err(vec![CellError {
            line: 1,
            column: 1,
            message: msg!("table-utf16", mark = mark),
        }]);
    }
    if forced.is_none()
        && let Some(order) = utf16_without_mark(bytes)
    {
        let message = msg!("table-utf16-unmarked", order = order);
        return Err(vec![CellError { line: 1, column: 1, message }]);
    }
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    match forced {
        Some(Encoding::Windows1252) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            return Ok((text.into_owned(), "Windows-1252", false));
        }
        Some(Encoding::Utf8) => return strict_utf8(body).map(|text| (text, "UTF-8", bom)),
        None => {}
    }
    match std::str::from_utf8(body) {
        Ok(text) => Ok((text.to_string(), "UTF-8", bom)),
        Err(_) if bom || has_utf8_sequences(body) => {
            strict_utf8(body).map(|text| (text, "UTF-8", bom))
        }
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            Ok((text.into_owned(), "Windows-1252", false))
        }
    }
}

/// UTF-16 saved without a byte-order mark: in its first kilobytes, most of
/// the odd bytes (little-endian) or the even ones (big-endian) are zero and
/// almost none of the others; text in UTF-8 or Windows-1252 has no zeros.
fn utf16_without_mark(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    match (even * 10 < pairs, odd * 10 < pairs) {
        (true, false) if odd * 10 >= pairs * 6 => Some("UTF-16LE"),
        (false, true) if even * 10 >= pairs * 6 => Some("UTF-16BE"),
        _ => None,
    }
}

fn has_utf8_sequences(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|pair| (0xC2..=0xF4).contains(&pair[0]) && (0x80..=0xBF).contains(&pair[1]))
}

/// UTF-8 or every place where it is not.
fn strict_utf8(bytes: &[u8]) -> Result<String, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut line = 1u64;
    let mut line_start = 0usize;
    let mut rest = bytes;
    let mut offset = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(error) => {
                let bad = offset + error.valid_up_to();
                let before = &bytes[line_start..bad];
                line += before.iter().filter(|&&b| b == b'\n').count() as u64;
                if let Some(at) = before.iter().rposition(|&b| b == b'\n') {
                    line_start += at + 1;
                }
                let column =
                    String::from_utf8_lossy(&bytes[line_start..bad]).chars().count() as u64 + 1;
                errors.push(CellError {
                    line,
                    column,
                    message: msg!("table-not-utf8", byte = format!("0x{:02X}", bytes[bad])),
                });
                let skip = error.error_len().unwrap_or(rest.len() - error.valid_up_to()).max(1);
                offset = bad + skip;
                rest = &bytes[offset.min(bytes.len())..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(String::from_utf8(bytes.to_vec()).expect("checked"))
    } else {
        Err(errors)
    }
}

/// The separator the header row uses most, outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in counts.iter_mut() {
                if byte == *delimiter {
                    *count += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(delimiter, count)| (*count, *delimiter == b','))
        .map_or(b',', |(d, _)| *d)
}

/// The 1-based character column where each cell of a record starts, by a
/// quote-aware scan of the raw text from the record's start.
fn cell_columns(
    text: &str,
    start: usize,
    line_start: usize,
    delimiter: u8,
    cells: usize,
) -> Vec<u64> {
    let mut columns = Vec::with_capacity(cells);
    let column_of = |at: usize| text[line_start..at].chars().count() as u64 + 1;
    columns.push(column_of(start.max(line_start)));
    let mut quoted = false;
    for (offset, byte) in text.as_bytes()[start..].iter().enumerate() {
        if columns.len() == cells {
            break;
        }
        match *byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b if b == delimiter && !quoted => {
                let at = start + offset + 1;
                // Columns after a line break inside quotes are counted on
                // the record's first line: good enough to find the cell.
                columns.push(if at >= line_start { column_of(at) } else { 1 });
            }
            _ => {}
        }
    }
    columns.resize(cells, columns.last().copied().unwrap_or(1));
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(bytes: &[u8]) -> Table {
        read(bytes, None, None).unwrap()
    }

    #[test]
    fn detects_excel_dialects() {
        let utf8 = table("kohtaaminen;vastaus\nV-1;2,5\n".as_bytes());
        assert_eq!(utf8.dialect.to_string(), "UTF-8, separator ';'");
        assert_eq!(utf8.rows[0].cells(), ["V-1", "2,5"]);
        let bom = table(b"\xEF\xBB\xBFa,b\n1,2\n");
        assert_eq!(bom.dialect.to_string(), "UTF-8 with BOM, separator ','");
        assert_eq!(bom.headers, ["a", "b"]);
        let cp1252 = table(b"kommentti;arvioija\nK\xe4vij\xe4 ei tervehtinyt;aino\n");
        assert_eq!(cp1252.dialect.encoding, "Windows-1252");
        assert_eq!(cp1252.rows[0].cells()[0], "Kävijä ei tervehtinyt");
        let tabs = table(b"a\tb\tc\n1\t2\t3\r\n");
        assert_eq!(tabs.dialect.delimiter, b'\t');
        assert_eq!(tabs.rows[0].cells(), ["1", "2", "3"]);
    }

    #[test]
    fn quoted_cells_and_columns() {
        let text = "a;b;c\n\"x; y\";\"He said \"\"no\"\"\";z\n";
        let t = table(text.as_bytes());
        assert_eq!(t.rows[0].cells(), ["x; y", "He said \"no\"", "z"]);
        let any = || msg!("table-empty");
        assert_eq!(t.rows[0].at(Some(2), any()).column, 25);
        assert_eq!(t.rows[0].at(Some(1), any()).column, 8);
        assert_eq!(t.header_error(1, any()).column, 3);
    }

    #[test]
    fn broken_utf8_and_wrong_cell_counts_are_located() {
        let errors = read(
            "a,b\nää,\u{0}\n"
                .as_bytes()
                .iter()
                .copied()
                .chain(*b"x\xff,y\n")
                .collect::<Vec<_>>()
                .as_slice(),
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [CellError { line: 3, column: 2, message: msg!("table-not-utf8", byte = "0xFF") }]
        );
        assert_eq!(
            errors[0].message.to_string(),
            "byte 0xFF is not UTF-8; if the file is from Excel on Windows, try --encoding windows-1252"
        );
        let errors = read(b"a,b\n1,2,3\n4\n5,6\n", None, None).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(
            errors[0].message.to_string().contains("has 3 cells, but the header has 2 columns")
        );
        let forced = read(b"a\n\xe4\n", Some(Encoding::Utf8), None).unwrap_err();
        assert_eq!((forced[0].line, forced[0].column), (2, 1));
    }
}

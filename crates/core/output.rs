//! Writing for people: standard output, tables, messages from the
//! catalogue, and a closed pipe.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, TableComponent, presets};

/// Whether an error is a write to a closed pipe, which is not a failure:
/// `tarkka rubric show x.toml | head` is fine.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Writes text to standard output, reporting a closed pipe as an error the
/// caller can recognise.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(shown(text).as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Text as it may reach a terminal: control characters that a ledger
/// written by an older tarkka (or by hand) could hold — cursor movement,
/// screen clearing, window titles, C1 controls, bidirectional overrides —
/// are shown as `\u{1b}`, never sent; only colour (`ESC [ … m`, what
/// tarkka itself paints with) passes.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = tarkka_app::table::is_forbidden;
    if !has_forbidden(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            let colour = rest[1..].strip_prefix('[').and_then(|after| {
                let end = after.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
                (after.as_bytes()[end] == b'm').then_some(end + 3)
            });
            if let Some(length) = colour {
                out.push_str(&rest[..length]);
                rest = &rest[length..];
                continue;
            }
        }
        if forbidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// Whether UTF-8 `bytes` hold a character [`tarkka_app::table::is_forbidden`]
/// refuses, read byte by byte (the output of `tarkka check --format json`
/// for 10,000 calls is 360 MB): a control byte, or the lead byte of a C1
/// control (`C2 80`–`C2 9F`) or of a bidirectional override (`E2 80 AA`–`AE`,
/// `E2 81 A6`–`A9`) with the bytes that make it one. Continuation bytes are
/// never `C2` or `E2`, so a match is always the character itself.
fn has_forbidden(bytes: &[u8]) -> bool {
    const CONTROL: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 0x20 {
            table[byte] = !matches!(byte, 0x09 | 0x0A | 0x0D);
            byte += 1;
        }
        table[0x7F] = true;
        table[0xC2] = true;
        table[0xE2] = true;
        table
    };
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| CONTROL[usize::from(b)]) {
        at += offset;
        let forbidden = match bytes[at] {
            0xC2 => matches!(bytes.get(at + 1), Some(0x80..=0x9F)),
            0xE2 => matches!(
                (bytes.get(at + 1), bytes.get(at + 2)),
                (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
            ),
            _ => true,
        };
        if forbidden {
            return true;
        }
        at += 1;
    }
    false
}

/// A table in the house style: light lines; on a terminal wrapped to its
/// width (`COLUMNS` when set, as a shell sets it), written to a pipe or a
/// file never wrapped or cut, so that `tarkka scores | grep agent-oulu-2`
/// finds every row whole.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    table.set_style(TableComponent::HeaderLines, '─');
    table.set_style(TableComponent::MiddleHeaderIntersections, '─');
    if io::stdout().is_terminal() {
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(columns) = std::env::var("COLUMNS")
            .ok()
            .and_then(|columns| columns.trim().parse::<u16>().ok())
            .filter(|columns| *columns >= 20)
        {
            table.set_width(columns);
        }
    } else {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    table.set_header(header.iter().copied());
    table
}

/// Colours for people: only when standard output is a terminal, and never
/// when `NO_COLOR` is set (<https://no-color.org>).
pub fn colour_enabled() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Good news.
pub const GOOD: anstyle::Style =
    anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Green))).bold();
/// Bad news.
pub const BAD: anstyle::Style =
    anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Red))).bold();
/// Worth a look.
pub const NOTE: anstyle::Style =
    anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Yellow)));

/// The text in a style, when colours are on.
pub fn paint(text: &str, style: anstyle::Style) -> String {
    if colour_enabled() { format!("{style}{text}{style:#}") } else { text.to_string() }
}

/// An evidence kind as a person reads it: the recorded name in English,
/// the word in Finnish.
pub fn kind_word(kind: &str, lang: tarkka_rubric::Lang) -> String {
    let fi = match kind {
        "recording" => "äänite",
        "transcript" => "litterointi",
        "photo" => "valokuva",
        "receipt" => "kuitti",
        "other" => "muu",
        other => other,
    };
    lang.pick(fi, kind).to_string()
}

/// A stored answer (raw JSON, `null` for none) as a person reads it, in
/// their language (`kyllä`, `7,5`).
pub fn answer_text(raw: &serde_json::value::RawValue, lang: tarkka_rubric::Lang) -> String {
    serde_json::from_str::<Option<tarkka_scoring::Answer>>(raw.get())
        .ok()
        .flatten()
        .map_or("–".to_string(), |answer| crate::interactive::value_word(&answer.value, lang))
}

/// How many suggestions were accepted and which were overridden.
pub fn review_text(
    assisted: &tarkka_ledger::payload::Assisted,
    lang: tarkka_rubric::Lang,
) -> String {
    use tarkka_ledger::payload::Decision;
    let overridden: Vec<String> = assisted
        .suggestions
        .iter()
        .filter(|s| s.decision == Decision::Overridden)
        .map(|s| s.criterion.clone())
        .collect();
    let accepted = assisted.suggestions.len() - overridden.len();
    let mut text = lang.pick(
        format!("Ehdotuksia {}: hyväksytty {accepted}", assisted.suggestions.len()),
        format!("Suggestions {}: {accepted} accepted", assisted.suggestions.len()),
    );
    if !overridden.is_empty() {
        text.push_str(&lang.pick(
            format!(", ohitettu {}: {}", overridden.len(), overridden.join(", ")),
            format!(", {} overridden: {}", overridden.len(), overridden.join(", ")),
        ));
    }
    text
}

/// CSV as written, or on request (`--excel`) in the dialect Excel opens as
/// columns on a Finnish system: `;` between fields, a decimal comma in the
/// `numeric` columns (by header name), text that would start a formula
/// (`=`, `+`, `-`, `@`) kept as text with a leading `'`, CRLF line ends, and a UTF-8
/// byte-order mark before the header, so that "ä" stays "ä". `header` says
/// whether the text starts with the header row (streamed output writes it
/// once); without one nothing is numeric.
pub fn csv_for(
    text: String,
    excel: bool,
    numeric: &[&str],
    header: bool,
) -> anyhow::Result<String> {
    if !excel {
        return Ok(text);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut columns = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record?;
        if index == 0 && header {
            columns = record.iter().map(|name| numeric.contains(&name)).collect();
            writer.write_record(&record)?;
            continue;
        }
        let fields = record.iter().enumerate().map(|(column, field)| {
            let number = field.parse::<f64>().is_ok();
            if number && columns.get(column).copied().unwrap_or(false) {
                field.replace('.', ",")
            } else if !number && field.starts_with(['=', '+', '-', '@']) {
                // Text Excel would run as a formula (a comment, a quoted
                // word from a transcript): kept as text.
                format!("'{field}")
            } else {
                field.to_string()
            }
        });
        writer.write_record(fields)?;
    }
    let body = String::from_utf8(writer.into_inner()?)?;
    Ok(if header { format!("\u{feff}{body}") } else { body })
}

/// A ledger time (RFC 3339, `2026-11-20T06:00:00.000Z` or with an offset)
/// as its reader writes it, in the workspace's time zone: `20.11.2026 klo
/// 08.00` in Finnish, `2026-11-20 08:00` in English; as it is when it is no
/// such time.
pub fn local_time(text: &str, zone: &jiff::tz::TimeZone, lang: tarkka_rubric::Lang) -> String {
    let Ok(at) = text.parse::<jiff::Timestamp>() else { return text.to_string() };
    let local = at.to_zoned(zone.clone());
    let form = lang.pick("%-d.%-m.%Y klo %H.%M", "%Y-%m-%d %H:%M");
    local.strftime(form).to_string()
}

/// A time with its offset (`2026-02-18T16:00:00+02:00`) as its reader
/// writes it, at the offset it states: `18.2.2026 klo 16.00`,
/// `2026-02-18 16:00`, and a day's end (`23:59:59`, a promise "by
/// Friday") as the day alone; as it is when it is no such time.
pub fn local_time_as_given(text: &str, lang: tarkka_rubric::Lang) -> String {
    // The wall-clock part is the time at the stated offset.
    let civil = text.get(..19).and_then(|part| part.parse::<jiff::civil::DateTime>().ok());
    match (civil, text.parse::<jiff::Timestamp>()) {
        // A deadline at 23:59:59 is the day itself: "by Friday".
        (Some(civil), Ok(_)) if civil.time() == jiff::civil::time(23, 59, 59, 0) => {
            civil.strftime(lang.pick("%-d.%-m.%Y", "%Y-%m-%d")).to_string()
        }
        (Some(civil), Ok(_)) => {
            civil.strftime(lang.pick("%-d.%-m.%Y klo %H.%M", "%Y-%m-%d %H:%M")).to_string()
        }
        _ => text.to_string(),
    }
}

/// A catalogue message (crates/i18n/locales) in the reader's language.
pub fn tr(lang: tarkka_rubric::Lang, message: &tarkka_i18n::Message) -> String {
    tarkka_i18n::render(lang.pick("fi", "en"), message)
}

/// A byte size for a person, in binary units (`1.50 MiB`), with a decimal
/// comma in Finnish (`1,50 MiB`).
pub fn bytes(bytes: u64, lang: tarkka_rubric::Lang) -> String {
    decimal(&indicatif::HumanBytes(bytes).to_string(), lang)
}

/// A decimal number written with a point, in the reader's form: a
/// decimal comma in Finnish.
pub fn decimal(text: &str, lang: tarkka_rubric::Lang) -> String {
    lang.pick(text.replace('.', ","), text.to_string())
}

/// A score as a percentage with two decimals, in the reader's form
/// (`83,33 %` in Finnish, `83.33 %` in English); `–` for none.
pub fn percent(score: Option<tarkka_rubric::Fraction>, lang: tarkka_rubric::Lang) -> String {
    score.map_or_else(
        || "–".to_string(),
        |score| {
            let text = score.to_percent_string();
            format!("{} %", lang.pick(text.replace('.', ","), text))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_finds_exactly_the_forbidden_characters() {
        // Every character, alone and between others, as the char test says.
        for code in (0..=0x10FFFF).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
            let c = char::from_u32(code).unwrap();
            let text = format!("ä{c}«x»");
            assert_eq!(
                has_forbidden(text.as_bytes()),
                tarkka_app::table::is_forbidden(c),
                "U+{code:04X}"
            );
        }
        assert!(!has_forbidden("tab\tand\r\nlines, “quotes” — ‘and’ «these» ° §".as_bytes()));
        assert!(has_forbidden("\u{202E}evil".as_bytes()));
    }

    #[test]
    fn excel_csv_keeps_text_text_and_gives_numbers_decimal_commas() {
        let csv =
            "name,score,words\nOulu; keskus,83.33,=HYPERLINK(\"x\")\nTurku,-0.5,-ei\n".to_string();
        let excel = csv_for(csv.clone(), true, &["score"], true).unwrap();
        assert_eq!(
            excel,
            "\u{feff}name;score;words\r\n\"Oulu; keskus\";83,33;\"'=HYPERLINK(\"\"x\"\")\"\r\nTurku;-0,5;'-ei\r\n"
        );
        assert_eq!(csv_for(csv.clone(), false, &["score"], true).unwrap(), csv);
    }

    #[test]
    fn ledger_times_read_as_their_reader_writes_them() {
        use tarkka_rubric::Lang;
        let helsinki = jiff::tz::TimeZone::get("Europe/Helsinki").unwrap();
        // A UTC entry time in the workspace's zone, winter and summer.
        assert_eq!(
            local_time("2026-11-20T06:00:00.000Z", &helsinki, Lang::Fi),
            "20.11.2026 klo 08.00"
        );
        assert_eq!(local_time("2026-06-03T09:15:00Z", &helsinki, Lang::En), "2026-06-03 12:15");
        // A deadline at the offset it states.
        assert_eq!(
            local_time_as_given("2026-02-18T16:00:00+02:00", Lang::Fi),
            "18.2.2026 klo 16.00"
        );
        assert_eq!(local_time_as_given("2026-02-18T16:00:00+02:00", Lang::En), "2026-02-18 16:00");
        assert_eq!(local_time_as_given("2026-01-23T23:59:59+02:00", Lang::Fi), "23.1.2026");
        // What is no time stays as it is.
        assert_eq!(local_time("eilen", &helsinki, Lang::Fi), "eilen");
        assert_eq!(local_time_as_given("2026-02-18", Lang::Fi), "2026-02-18");
    }
}

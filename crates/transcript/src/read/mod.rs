//! Readers: WebVTT, SRT, a JSON segment list and plain chat or call logs,
//! each turning bytes into a [`Transcript`](crate::Transcript) plus warnings.
//!
//! Every reader takes the file's bytes and a [`SpeakerMap`], and returns a
//! [`Read`]: the transcript with whatever it had to work around (a bad
//! timestamp, overlapping cues, a speaker who is neither agent nor
//! customer), or a [`ReadError`] with the line — and column, where one place
//! is at fault — when there is nothing usable (an empty file, bytes that are
//! not text, JSON that does not parse). No input makes a reader panic.
//!
//! Text is UTF-8, with or without a byte order mark; UTF-16 with a byte
//! order mark (as Windows tools write it) is read too. Lines may end in
//! `\n` or `\r\n`.
//!
//! Speakers come from the source — a WebVTT voice tag `<v Agent>`, a
//! `Name:` prefix, a JSON `speaker` — and the map turns names into roles.

mod cues;
pub mod json;
mod markup;
mod speaker;
pub mod srt;
pub mod text;
mod time;
mod turns;
pub mod vtt;

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

pub use crate::model::{Read, ReadError};
pub use speaker::SpeakerMap;

/// The transcript formats tarkka reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// WebVTT subtitles ([`vtt`]).
    Vtt,
    /// SRT subtitles ([`srt`]).
    Srt,
    /// A JSON list of segments ([`json`]).
    Json,
    /// A plain chat or call log, one turn per line ([`text`]).
    Text,
}

impl Format {
    /// Every format, in the order they are documented.
    pub const ALL: [Format; 4] = [Format::Vtt, Format::Srt, Format::Json, Format::Text];

    /// The format's name as a person types it: `vtt`, `srt`, `json`, `text`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Json => "json",
            Format::Text => "text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    /// Reads a format's [name](Format::name) (also `webvtt` and `txt`).
    fn from_str(name: &str) -> Result<Format, String> {
        match name.trim().to_lowercase().as_str() {
            "vtt" | "webvtt" => Ok(Format::Vtt),
            "srt" => Ok(Format::Srt),
            "json" => Ok(Format::Json),
            "text" | "txt" => Ok(Format::Text),
            other => {
                Err(format!("unknown transcript format `{other}`: expected vtt, srt, json or text"))
            }
        }
    }
}

/// The format of a file named `name` with content `bytes`.
///
/// The extensions `.vtt`, `.srt` and `.json` decide; for any other name
/// (`.txt`, `.log`, standard input) the content does: a `WEBVTT` header, a
/// JSON object or list of objects, or an SRT cue (a number, then a timing
/// line); anything else is a plain log.
///
/// ```
/// use tarkka_transcript::read::{Format, detect};
///
/// assert_eq!(detect("puhelu.SRT", b""), Format::Srt);
/// assert_eq!(detect("puhelu.txt", b"\xEF\xBB\xBFWEBVTT\n\n00:01.000 --> 00:02.000\nHei"), Format::Vtt);
/// assert_eq!(detect("-", b"[{\"text\": \"Hei\"}]"), Format::Json);
/// assert_eq!(detect("chat.log", b"[10:32] Asiakas: Hei"), Format::Text);
/// ```
pub fn detect(name: &str, bytes: &[u8]) -> Format {
    let extension = name.rsplit_once('.').map(|(_, extension)| extension.to_lowercase());
    match extension.as_deref() {
        Some("vtt" | "webvtt") => return Format::Vtt,
        Some("srt") => return Format::Srt,
        Some("json") => return Format::Json,
        _ => {}
    }
    // A prefix is enough to tell, and decoding lossily never fails.
    let prefix = &bytes[..bytes.len().min(4096)];
    let start = match prefix {
        [0xFF, 0xFE, rest @ ..] => utf16_lossy(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16_lossy(rest, u16::from_be_bytes),
        _ => String::from_utf8_lossy(prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix)),
    };
    let start = start.trim_start();
    if start.starts_with("WEBVTT") {
        return Format::Vtt;
    }
    if start.starts_with('{')
        || start.strip_prefix('[').is_some_and(|rest| rest.trim_start().starts_with(['{', ']']))
    {
        return Format::Json;
    }
    let mut lines = start.lines();
    let (first, second) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
    let first_is_number =
        !first.trim().is_empty() && first.trim().bytes().all(|byte| byte.is_ascii_digit());
    if (first_is_number && second.contains("-->")) || first.contains("-->") {
        return Format::Srt;
    }
    Format::Text
}

fn utf16_lossy(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Cow<'static, str> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    Cow::Owned(char::decode_utf16(units).map(|character| character.unwrap_or('\u{FFFD}')).collect())
}

/// Reads `bytes` as `format`, naming speakers with `speakers`.
///
/// ```
/// use tarkka_transcript::{Speaker, read::{self, Format, SpeakerMap}};
///
/// let log = "[00:00:02] Asiakaspalvelija: Kelan asiakaspalvelu, Liisa.\n\
///            [00:00:05] Asiakas: Hei, korvaukseni ei ole tullut.\n";
/// let (transcript, warnings) = read::read(Format::Text, log.as_bytes(), &SpeakerMap::default()).unwrap();
/// assert_eq!(transcript.turns[1].speaker, Speaker::Customer);
/// assert_eq!(transcript.turns[1].start.unwrap().to_string(), "00:00:05.000");
/// assert!(warnings.is_empty());
/// ```
pub fn read(format: Format, bytes: &[u8], speakers: &SpeakerMap) -> Read {
    match format {
        Format::Vtt => vtt::read(bytes, speakers),
        Format::Srt => srt::read(bytes, speakers),
        Format::Json => json::read(bytes, speakers),
        Format::Text => text::read(bytes, speakers),
    }
}

/// The text of a file: UTF-8 (a byte order mark dropped) or UTF-16 with a
/// byte order mark. Not UTF-8, broken UTF-16 and nothing but white space
/// are errors.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ReadError> {
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => Cow::Owned(decode_utf16(rest, u16::from_le_bytes)?),
        [0xFE, 0xFF, rest @ ..] => Cow::Owned(decode_utf16(rest, u16::from_be_bytes)?),
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(error) => {
                    let valid = &bytes[..error.valid_up_to()];
                    let line_start =
                        valid.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
                    let column = std::str::from_utf8(&valid[line_start..])
                        .map_or(0, |line| line.chars().count());
                    let byte = bytes.get(error.valid_up_to()).copied().unwrap_or_default();
                    return Err(ReadError {
                        line: valid.iter().filter(|&&byte| byte == b'\n').count() + 1,
                        column: Some(column + 1),
                        message: tarkka_i18n::msg!(
                            "transcript-not-utf8",
                            byte = format!("0x{byte:02X}")
                        ),
                    });
                }
            }
        }
    };
    if text.trim().is_empty() {
        let message = tarkka_i18n::msg!("transcript-file-empty");
        return Err(ReadError { line: 1, column: None, message });
    }
    Ok(text)
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ReadError> {
    let mut text = String::with_capacity(bytes.len() / 2);
    let (mut line, mut column) = (1, 1);
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    for character in char::decode_utf16(units) {
        match character {
            Ok(character) => {
                text.push(character);
                if character == '\n' {
                    (line, column) = (line + 1, 1);
                } else {
                    column += 1;
                }
            }
            Err(error) => {
                let message = tarkka_i18n::msg!(
                    "transcript-utf16-surrogate",
                    unit = format!("0x{:04X}", error.unpaired_surrogate())
                );
                return Err(ReadError { line, column: Some(column), message });
            }
        }
    }
    if bytes.len() % 2 == 1 {
        let message = tarkka_i18n::msg!("transcript-utf16-odd");
        return Err(ReadError { line, column: Some(column), message });
    }
    Ok(text)
}

/// The lines of a text, numbered from 1, without their `\n` or `\r\n`.
pub(crate) fn numbered_lines(text: &str) -> Vec<(usize, &str)> {
    text.lines().enumerate().map(|(at, line)| (at + 1, line)).collect()
}

/// A reader's outcome as compact lines, for unit tests: `line speaker
/// start..end text` per turn (`\n` in text shown as `/`), then `warning
/// line:column: message`, or `error line:column: message`.
#[cfg(test)]
pub(crate) fn render(read: Read) -> String {
    match read {
        Ok((transcript, warnings)) => {
            let time =
                |time: Option<crate::Millis>| time.map_or("-".to_string(), |time| time.to_string());
            let turns = transcript.turns.iter().map(|turn| {
                format!(
                    "{} {} {}..{} {}",
                    turn.line,
                    turn.speaker,
                    time(turn.start),
                    time(turn.end),
                    turn.text.replace('\n', "/")
                )
            });
            let warnings = warnings.iter().map(|warning| format!("warning {warning}"));
            turns.chain(warnings).collect::<Vec<_>>().join("\n")
        }
        Err(error) => format!("error {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension_then_content() {
        let cases: [(&str, &[u8], Format); 16] = [
            ("a.vtt", b"", Format::Vtt),
            ("a.VTT", b"1\n00:00:01,000 --> 00:00:02,000\n", Format::Vtt),
            ("a.srt", b"WEBVTT", Format::Srt),
            ("a.json", b"Agent: hi", Format::Json),
            ("a.txt", b"WEBVTT - puhelu\n", Format::Vtt),
            ("a.txt", b"\xEF\xBB\xBF\n\nWEBVTT\n", Format::Vtt),
            ("a.txt", b"\xFF\xFEW\0E\0B\0V\0T\0T\0", Format::Vtt),
            ("a.txt", b"\xFE\xFF\0W\0E\0B\0V\0T\0T", Format::Vtt),
            ("-", b"  {\"segments\": []}", Format::Json),
            ("-", b"[\n  {\"text\": \"Hei\"}]", Format::Json),
            ("-", b"[]", Format::Json),
            ("-", b"[00:01:05] Agent: Hei", Format::Text),
            ("-", b"1\r\n00:00:01,000 --> 00:00:02,000\r\n", Format::Srt),
            ("-", b"00:00:01,000 --> 00:00:02,000\n", Format::Srt),
            ("no extension", b"Agent: Hello\nCustomer: Hi", Format::Text),
            ("a.log", b"\xFF\xFF\xFF", Format::Text),
        ];
        for (name, bytes, expected) in cases {
            assert_eq!(detect(name, bytes), expected, "{name} {bytes:?}");
        }
    }

    #[test]
    fn format_names_read_back() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!("TXT".parse::<Format>(), Ok(Format::Text));
        assert_eq!(
            "docx".parse::<Format>(),
            Err("unknown transcript format `docx`: expected vtt, srt, json or text".to_string())
        );
    }

    fn check_decode(bytes: &[u8], expected: Result<&str, &str>) {
        let actual = decode(bytes).map(|text| text.into_owned()).map_err(|error| error.to_string());
        assert_eq!(actual, expected.map(str::to_string).map_err(str::to_string), "{bytes:?}");
    }

    #[test]
    fn decoding() {
        check_decode(b"\xEF\xBB\xBFHei", Ok("Hei"));
        check_decode(b"H\xC3\xA4n", Ok("Hän"));
        check_decode(b"\xFF\xFEH\0\xE4\0n\0", Ok("Hän"));
        check_decode(b"\xFE\xFF\0H\0\xE4\0n", Ok("Hän"));
        check_decode(b"\xFF\xFE=\xD8\x00\xDE", Ok("😀"));
        check_decode(b"", Err("1: the file is empty"));
        check_decode(b"\xEF\xBB\xBF \r\n\t\n", Err("1: the file is empty"));
        check_decode(
            b"WEBVTT\n\n00:01.000 --> 00:02.000\nH\xE4n sanoi",
            Err(
                "4:2: not UTF-8 text (byte 0xE4 here); save the file as UTF-8 (it may be in Latin-1 or Windows-1252)",
            ),
        );
        check_decode(
            b"\xC3\xA4\xC3\xA4\xFF",
            Err(
                "1:3: not UTF-8 text (byte 0xFF here); save the file as UTF-8 (it may be in Latin-1 or Windows-1252)",
            ),
        );
        check_decode(
            b"\xFF\xFEa\0\n\0b\0\x00\xDC",
            Err("2:2: broken UTF-16 text (a lone surrogate 0xDC00 here); save the file as UTF-8"),
        );
        check_decode(
            b"\xFF\xFEa\0b",
            Err("1:2: broken UTF-16 text (an odd number of bytes: the last character is cut)"),
        );
    }
}

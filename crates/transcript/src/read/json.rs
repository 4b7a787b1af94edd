//! A JSON list of segments: the form any speech-to-text output can be put
//! into with one `jq` line.
//!
//! ```json
//! {"segments": [
//!   {"speaker": "agent", "start": 1.5, "end": 3.2, "text": "Kelan asiakaspalvelu, Liisa."},
//!   {"speaker": "Asiakas", "start": 3.6, "end": 7.0, "text": "Hei, korvaukseni ei ole tullut."}
//! ]}
//! ```
//!
//! The top level is an object with `segments`, or the list of segments
//! itself. Each segment is an object with:
//!
//! | field | | |
//! |---|---|---|
//! | `text` | required | a string: what was said |
//! | `speaker` | optional | a name (string) or a number, mapped to a role by the speaker map; without it, a `Name:` prefix of the text is used |
//! | `start`, `end` | optional | seconds from the start of the recording, as numbers (`1.5`) |
//!
//! Other fields are ignored, so the segment lists that whisper and WhisperX
//! write (`{"segments": [{"start", "end", "text", "speaker", "words", …}]}`)
//! read as they are; a map gives their `SPEAKER_00` labels roles. Other
//! tools' output maps onto the form with `jq`:
//!
//! ```sh
//! # WhisperX, naming the speakers in the file instead of with a map:
//! jq '.segments |= map(.speaker |= ({"SPEAKER_00": "agent", "SPEAKER_01": "customer"}[.] // .))' whisperx.json
//! # Deepgram utterances (speakers are numbers; `end` is a jq keyword, hence the quotes):
//! jq '{segments: [.results.utterances[] | {speaker, start, "end": ."end", text: .transcript}]}' deepgram.json
//! # AssemblyAI utterances (times in milliseconds):
//! jq '{segments: [.utterances[] | {speaker, start: (.start / 1000), "end": (."end" / 1000), text}]}' assemblyai.json
//! ```
//!
//! JSON that does not parse, a segment that is not an object, a missing
//! `text` or a field of the wrong type is an error at its line and column.
//! A negative or absurdly large time is a warning and the segment is kept
//! without it; times and speakers are otherwise checked as for subtitles.

use std::cell::Cell;

use serde::Deserialize;
use serde_json::value::RawValue;

use tarkka_i18n::{Message, msg};

use crate::model::{Millis, Read, ReadError};
use crate::read::speaker::split_prefix;
use crate::read::time::from_seconds;
use crate::read::turns::Turns;
use crate::read::{SpeakerMap, decode};

#[derive(Deserialize)]
struct Document<'text> {
    #[serde(borrow)]
    segments: Option<&'text RawValue>,
}

#[derive(Deserialize)]
struct Segment<'text> {
    #[serde(borrow)]
    speaker: Option<&'text RawValue>,
    #[serde(borrow)]
    start: Option<&'text RawValue>,
    #[serde(borrow)]
    end: Option<&'text RawValue>,
    #[serde(borrow)]
    text: Option<&'text RawValue>,
}

/// Reads a JSON segment list.
pub fn read(bytes: &[u8], speakers: &SpeakerMap) -> Read {
    let text = decode(bytes)?;
    let source = Source::new(&text);
    let segments = source.segments()?;
    let mut turns = Turns::new(speakers);
    for segment in segments {
        source.segment(segment, &mut turns)?;
    }
    turns.finish("segment")
}

/// The whole JSON text, for turning places in it into lines and columns.
struct Source<'text> {
    text: &'text str,
    /// The byte offset of each line's start.
    line_starts: Vec<usize>,
    /// The byte offset and column last located.
    last_place: Cell<(usize, usize)>,
}

impl<'text> Source<'text> {
    fn new(text: &'text str) -> Source<'text> {
        let line_starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        Source { text, line_starts, last_place: Cell::new((0, 1)) }
    }

    /// The segment objects, not yet read.
    fn segments(&self) -> Result<Vec<&'text RawValue>, ReadError> {
        let list = match self.text.trim_start().chars().next() {
            Some('{') => {
                let document: Document = serde_json::from_str(self.text)
                    .map_err(|error| self.json_error(&error, self.text))?;
                document
                    .segments
                    .ok_or_else(|| self.error(0, msg!("transcript-json-no-segments")))?
            }
            Some('[') => serde_json::from_str(self.text)
                .map_err(|error| self.json_error(&error, self.text))?,
            _ => {
                let value: &RawValue = serde_json::from_str(self.text)
                    .map_err(|error| self.json_error(&error, self.text))?;
                return Err(self.error(self.offset(value.get()), msg!("transcript-json-top")));
            }
        };
        if !list.get().starts_with('[') {
            return Err(
                self.error(self.offset(list.get()), msg!("transcript-json-segments-not-list"))
            );
        }
        serde_json::from_str(list.get()).map_err(|error| self.json_error(&error, list.get()))
    }

    /// Reads one segment into a turn.
    fn segment(&self, raw: &'text RawValue, turns: &mut Turns) -> Result<(), ReadError> {
        let at = self.offset(raw.get());
        if !raw.get().starts_with('{') {
            return Err(self.error(at, msg!("transcript-json-segment-not-object")));
        }
        let segment: Segment =
            serde_json::from_str(raw.get()).map_err(|error| self.json_error(&error, raw.get()))?;
        let Some(text_value) = segment.text else {
            return Err(self.error(at, msg!("transcript-json-no-text")));
        };
        let text: String = serde_json::from_str(text_value.get()).map_err(|_| {
            self.error(self.offset(text_value.get()), msg!("transcript-json-text-not-string"))
        })?;
        let (line, _) = self.locate(self.offset(text_value.get()));
        let mut name = match segment.speaker {
            None => None,
            Some(speaker) => match serde_json::from_str::<String>(speaker.get()) {
                Ok(name) => Some(name),
                Err(_) if is_number(speaker) => Some(speaker.get().to_string()),
                Err(_) => {
                    return Err(
                        self.error(self.offset(speaker.get()), msg!("transcript-json-speaker-bad"))
                    );
                }
            },
        };
        let mut words = text.as_str();
        if name.is_none()
            && let Some((prefix, rest)) = split_prefix(&text)
        {
            name = Some(prefix.to_string());
            words = rest;
        }
        let start = self.time(segment.start, "start", turns)?;
        let end = self.time(segment.end, "end", turns)?;
        let (start, end) = turns.check_times(line, start, end);
        turns.push(name.as_deref(), start, end, words, line);
        Ok(())
    }

    /// Reads `start` or `end`: seconds as a number. A number that is no
    /// time is a warning; anything else is an error.
    fn time(
        &self,
        value: Option<&RawValue>,
        field: &str,
        turns: &mut Turns,
    ) -> Result<Option<Millis>, ReadError> {
        let Some(value) = value else {
            return Ok(None);
        };
        let at = self.offset(value.get());
        if !is_number(value) {
            return Err(self.error(at, msg!("transcript-json-time-not-number", field = field)));
        }
        let time = serde_json::from_str::<f64>(value.get()).ok().and_then(from_seconds);
        if time.is_none() {
            let (line, column) = self.locate(at);
            let message =
                msg!("transcript-json-time-bad", field = field, value = value.get().to_string());
            turns.warn(line, Some(column), message);
        }
        Ok(time)
    }

    /// The byte offset of `part`, a slice of the text.
    fn offset(&self, part: &str) -> usize {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        offset.min(self.text.len())
    }

    /// The 1-based line and column (in characters) of a byte offset.
    ///
    /// A speech-to-text tool may write all its JSON on one line, and places
    /// are asked for segment by segment: counting from the last place asked
    /// for, rather than from the line's start, keeps that linear rather
    /// than quadratic.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.line_starts[line - 1];
        let line_end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        let (last_offset, last_column) = match self.last_place.get() {
            (last_offset, last_column) if (line_start..line_end).contains(&last_offset) => {
                (last_offset, last_column)
            }
            _ => (line_start, 1),
        };
        let column = if last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            last_column - self.text[offset..last_offset].chars().count()
        };
        self.last_place.set((offset, column));
        (line, column)
    }

    fn error(&self, offset: usize, message: Message) -> ReadError {
        let (line, column) = self.locate(offset);
        ReadError { line, column: Some(column), message }
    }

    /// A serde_json error from parsing `part` (a slice of the text), placed
    /// in the whole text.
    fn json_error(&self, error: &serde_json::Error, part: &str) -> ReadError {
        // serde_json counts lines from 1 and columns in bytes from 1.
        let line_start = match error.line() {
            0 | 1 => 0,
            line => part.match_indices('\n').nth(line - 2).map_or(part.len(), |(at, _)| at + 1),
        };
        let inner = (line_start + error.column().saturating_sub(1)).min(part.len());
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        // serde_json's own words stay English inside a translated frame.
        let message = msg!("transcript-json-invalid", reason = message.to_string());
        self.error(self.offset(part) + inner, message)
    }
}

fn is_number(value: &RawValue) -> bool {
    value.get().starts_with(|character: char| character == '-' || character.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str, expected: &str) {
        let actual = match read(json.as_bytes(), &SpeakerMap::standard()) {
            Ok((transcript, warnings)) => {
                let turns: Vec<String> = transcript
                    .turns
                    .iter()
                    .map(|turn| format!("{}:{}", turn.line, turn.text))
                    .collect();
                let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
                format!("{} {}", turns.join(" "), warnings.join(" ")).trim().to_string()
            }
            Err(error) => error.to_string(),
        };
        let shown: String = json.chars().take(80).collect();
        assert_eq!(actual, expected, "{shown}");
    }

    #[test]
    fn errors_are_placed_in_characters_on_the_right_line() {
        check(
            r#"[{"text": "Hyvää päivää" "speaker": "agent"}]"#,
            "1:26: invalid JSON: expected `,` or `}`",
        );
        check(
            "[\n{\"text\": \"Hei\",\n \"speaker\": \"ä\", \"start\": true}]",
            "3:27: expected `start` to be seconds as a number, like 1.5",
        );
        check("[{\"text\": \"Hei\"}] x", "1:19: invalid JSON: trailing characters");
        check(
            "[{\"text\": \"Hei\", \"text\": \"Moi\"}]",
            "1:23: invalid JSON: duplicate field `text`",
        );
        check("[{\"text\": \"a\u{1F600}b\" ", "1:16: invalid JSON: EOF while parsing an object");
        check("{\"segments\": [{\"text\": 5}]}", "1:24: expected `text` to be a string");
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        check(
            &deep,
            "1:2: expected a segment object, like {\"speaker\": \"agent\", \"start\": 1.5, \"end\": 3.2, \"text\": \"…\"}",
        );
        let deep_inside = format!(
            "[{{\"text\": \"Hei\", \"x\": {}{}}}]",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        // An ignored field is skipped however deep it goes.
        check(
            &deep_inside,
            "1:Hei 1: 1 turn without a speaker (no voice tag, `Name:` prefix or speaker field), the first here",
        );
    }

    #[test]
    fn speakers_from_strings_numbers_or_prefixes() {
        check(
            r#"[{"speaker": "Asiakas", "text": "a"}, {"speaker": 1, "text": "b"}, {"text": "Agent: c"}, {"speaker": null, "text": "d"}]"#,
            "1:a 1:b 1:c 1:d 1: speaker `1` (1 turn) is neither agent nor customer; map the name to a role \
             1: 1 turn without a speaker (no voice tag, `Name:` prefix or speaker field), the first here",
        );
    }
}

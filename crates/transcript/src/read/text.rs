//! Plain chat and call logs: one turn per line, `Speaker: text`.
//!
//! ```text
//! [10:32] Asiakas: Hei, Kela-korvaukseni ei ole tullut.
//! [10:33] Asiakaspalvelija: Katsotaan. Mikä on hakemuksen numero?
//! Se löytyy päätöksen oikeasta yläkulmasta.
//! 00:01:05 Agent: Did I call at a good time?
//! ```
//!
//! A line may start with a time — `[00:01:05]`, `(10:32)`, `00:01:05.250`,
//! `10:32`, optionally after a date as in `[2024-05-02 10:32:05]` — then the
//! speaker's name and a colon. Two-part times are hours and minutes, as
//! chat logs show the clock; write three parts for minutes and seconds of a
//! recording. The date is not kept: times are of the day, and a log that
//! runs past midnight is warned about (times going back) but read in order.
//! A time without brackets counts only before a `Name:` prefix, so that a
//! message line such as `10:30 käy hyvin` stays text.
//!
//! A line without a speaker continues the turn above it (a message of
//! several lines), unless it starts with a bracketed time, which makes it a
//! turn of its own without a speaker. Blank lines are skipped. Turns have
//! no end time.

use crate::model::{Millis, Read};
use crate::read::speaker::split_prefix;
use crate::read::time::{self, TwoParts};
use crate::read::turns::Turns;
use crate::read::{SpeakerMap, decode, numbered_lines};

/// Reads a chat or call log.
pub fn read(bytes: &[u8], speakers: &SpeakerMap) -> Read {
    let text = decode(bytes)?;
    let mut turns = Turns::new(speakers);
    for (number, line) in numbered_lines(&text) {
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.chars().take_while(|character| character.is_whitespace()).count();
        let stamp = leading_time(line.trim());
        let (start, rest) = match &stamp {
            Some(stamp) => {
                let start = match time::parse(stamp.time, TwoParts::HoursMinutes) {
                    Ok(start) => Some(start),
                    Err(message) => {
                        let column = indent + stamp.column;
                        turns.warn(
                            number,
                            Some(column),
                            tarkka_i18n::msg!("transcript-line-time-bad", problem = message),
                        );
                        None
                    }
                };
                (start, stamp.rest)
            }
            None => (None, line.trim()),
        };
        match split_prefix(rest) {
            Some((name, words)) => push(&mut turns, number, Some(name), start, words),
            None if stamp.is_some() => push(&mut turns, number, None, start, rest),
            None => {
                if !turns.append(rest) {
                    turns.push(None, None, None, rest, number);
                }
            }
        }
    }
    turns.finish("line")
}

fn push(turns: &mut Turns, line: usize, name: Option<&str>, start: Option<Millis>, words: &str) {
    let (start, _) = turns.check_times(line, start, None);
    turns.push(name, start, None, words, line);
}

/// A time at the start of a line.
struct Stamp<'line> {
    /// The time's text, not yet read.
    time: &'line str,
    /// Its 1-based column in the (trimmed) line.
    column: usize,
    /// The line after the time (and a `-` after it).
    rest: &'line str,
}

/// The time a line starts with, if it does: bracketed, or bare before a
/// `Name:` prefix.
fn leading_time(line: &str) -> Option<Stamp<'_>> {
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inside) = line.strip_prefix(open)
            && let Some((inside, rest)) = inside.split_once(close)
            && let Some((time, offset)) = dated_time(inside)
        {
            let column = 1 + open.len_utf8() + inside[..offset].chars().count();
            return Some(Stamp { time, column, rest: after_separator(rest) });
        }
    }
    // Up to two words (a date and a time), then the speaker.
    let mut words = line.split_whitespace();
    let first = words.next()?;
    let last = match words.next() {
        Some(second) if looks_like_date(first) && looks_like_time(second) => second,
        _ => first,
    };
    // The separator may be any white space, of any length in bytes.
    let candidate = offset_in(line, last) + last.len();
    let (time, offset) = dated_time(&line[..candidate])?;
    let rest = after_separator(&line[candidate..]);
    split_prefix(rest)?;
    Some(Stamp { time, column: 1 + line[..offset].chars().count(), rest })
}

/// The time in `text` — `TIME` or `DATE TIME` — and its byte offset.
fn dated_time(text: &str) -> Option<(&str, usize)> {
    let trimmed = text.trim();
    let time = match trimmed.split_once(char::is_whitespace) {
        Some((date, time)) => {
            let time = time.trim_start();
            (looks_like_date(date) && looks_like_time(time)).then_some(time)?
        }
        None => looks_like_time(trimmed).then_some(trimmed)?,
    };
    Some((time, offset_in(text, time)))
}

/// The byte offset of `part`, a slice of `whole`.
fn offset_in(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Digits and separators with a colon: worth reading as a time, and worth
/// a warning if that fails.
fn looks_like_time(text: &str) -> bool {
    text.contains(':') && text.bytes().all(|byte| byte.is_ascii_digit() || b":.,".contains(&byte))
}

fn looks_like_date(text: &str) -> bool {
    text.starts_with(|character: char| character.is_ascii_digit())
        && text.contains(['-', '/', '.'])
        && text.bytes().all(|byte| byte.is_ascii_digit() || b"-/.".contains(&byte))
}

fn after_separator(rest: &str) -> &str {
    let rest = rest.trim_start();
    rest.strip_prefix(['-', '–', '|']).map_or(rest, str::trim_start)
}

#[cfg(test)]
mod tests {
    use crate::read::{SpeakerMap, render};

    fn check(log: &str, expected: &str) {
        let actual = render(super::read(log.as_bytes(), &SpeakerMap::standard()));
        assert_eq!(actual, expected, "\n{log}");
    }

    #[test]
    fn times_in_brackets_bare_and_after_a_date() {
        check("[00:01:05] Agent: a", "1 agent 00:01:05.000..- a");
        check("(00:01:05.250) Agent: a", "1 agent 00:01:05.250..- a");
        check("10:32 Asiakas: a", "1 customer 10:32:00.000..- a");
        check("7:05 Asiakas: a", "1 customer 07:05:00.000..- a");
        check("[2024-05-02 10:32:05] Asiakas: a", "1 customer 10:32:05.000..- a");
        check("2024-05-02 10:32 Asiakas: a", "1 customer 10:32:00.000..- a");
        check("2024-05-02   10:32   Asiakas: a", "1 customer 10:32:00.000..- a");
        check("[02.05.2024 10:32] - Agentti: a", "1 agent 10:32:00.000..- a");
        check("[10:32] | Agentti: a", "1 agent 10:32:00.000..- a");
    }

    #[test]
    fn lines_without_a_speaker_continue_the_turn_above() {
        check("Agent: a\nb\n\n  c  \n", "1 agent -..- a/b/c");
        check("Asiakas:\nhei", "1 customer -..- hei");
        // A bare time counts only before a speaker.
        check("Asiakas: milloin?\n10:30 käy hyvin", "1 customer -..- milloin?/10:30 käy hyvin");
        check(
            "Agent: a\n[00:00:09] b",
            "1 agent -..- a\n2 unknown 00:00:09.000..- b\nwarning 2: 1 turn without a speaker (no voice tag, `Name:` prefix or speaker field), the first here",
        );
        check(
            "Puhelu 4711\nAgent: a",
            "1 unknown -..- Puhelu 4711\n2 agent -..- a\nwarning 1: 1 turn without a speaker (no voice tag, `Name:` prefix or speaker field), the first here",
        );
    }

    #[test]
    fn bad_times_are_warnings_with_their_column() {
        check(
            "  [00:61:00] Asiakas: a",
            "1 customer -..- a\nwarning 1:4: bad time `00:61:00`: minutes must be below 60; the line is kept without its time",
        );
        check(
            "[2024-05-02 25:99] Asiakas: a",
            "1 customer -..- a\nwarning 1:13: bad time `25:99`: minutes must be below 60; the line is kept without its time",
        );
        check(
            "10:3 Asiakas: a",
            "1 customer -..- a\nwarning 1:1: bad time `10:3`: expected a time like 10:32, 10:32:05 or 00:01:05.250; the line is kept without its time",
        );
        check(
            "[10:32] Agent: a\n[10:31] Asiakas: b",
            "1 agent 10:32:00.000..- a\n2 customer 10:31:00.000..- b\nwarning 2: starts at 10:31:00.000, before the turn above it (10:32:00.000); kept in file order",
        );
    }

    #[test]
    fn any_white_space_may_separate_date_time_and_speaker() {
        check("2024-05-02\u{3000}10:32\u{3000}Asiakas: a", "1 customer 10:32:00.000..- a");
        check("[2024-05-02\u{2003}10:32]\u{a0}Asiakas:\u{a0}a", "1 customer 10:32:00.000..- a");
        // A "time" of just a colon after a three-byte space ended the slice
        // inside the space: a panic before the fix.
        check(
            "2024-05-02\u{3000}: Asiakas: a",
            "1 customer -..- a\nwarning 1:12: bad time `:`: expected a time like 10:32, 10:32:05 or 00:01:05.250; the line is kept without its time",
        );
    }

    #[test]
    fn brackets_that_hold_no_time_are_text() {
        check(
            "[Asiakas] hei",
            "1 unknown -..- [Asiakas] hei\nwarning 1: 1 turn without a speaker (no voice tag, `Name:` prefix or speaker field), the first here",
        );
        check("Agent: a\n[liite: kuva.png]", "1 agent -..- a/[liite: kuva.png]");
        check("Agent: a\n(10:32", "1 agent -..- a/(10:32");
    }
}

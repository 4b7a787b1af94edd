//! The block structure WebVTT and SRT share: cues separated by blank lines,
//! each an optional identifier, a `start --> end` timing line and text.

use tarkka_i18n::msg;

use crate::model::{Millis, Read};
use crate::read::markup::{Markup, pieces};
use crate::read::time::{self, TwoParts};
use crate::read::turns::Turns;

/// Reads the cues of a WebVTT or SRT file whose header (if any) ends before
/// `lines`; `nothing` names what has no text when none has (`cue`).
pub(crate) fn read(
    lines: &[(usize, &str)],
    markup: Markup,
    mut turns: Turns,
    nothing: &str,
) -> Read {
    let mut at = 0;
    while at < lines.len() {
        if is_blank(lines[at].1) {
            at += 1;
            continue;
        }
        let block_start = at;
        while at < lines.len() && !is_blank(lines[at].1) {
            at += 1;
        }
        let block = &lines[block_start..at];
        if markup == Markup::WebVtt && is_skipped(block[0].1) {
            continue;
        }
        read_block(block, markup, &mut turns);
    }
    turns.finish(nothing)
}

pub(crate) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// WebVTT's comment, style and region blocks, which carry no speech.
fn is_skipped(first_line: &str) -> bool {
    let keyword = first_line.split([' ', '\t']).next().unwrap_or_default();
    matches!(keyword, "NOTE" | "STYLE" | "REGION")
}

/// One block of non-blank lines: normally one cue, but a missing blank
/// line can run several cues together, and text can stand without a
/// timing line.
fn read_block(block: &[(usize, &str)], markup: Markup, turns: &mut Turns) {
    let timings: Vec<usize> = (0..block.len()).filter(|&at| block[at].1.contains("-->")).collect();
    let Some(&first) = timings.first() else {
        read_stray(block, markup, turns);
        return;
    };
    // The line before the first timing line is the cue's identifier; any
    // before that are stray text.
    if first >= 2 {
        read_stray(&block[..first - 1], markup, turns);
    }
    for (number, &timing) in timings.iter().enumerate() {
        let mut text_end = timings.get(number + 1).copied().unwrap_or(block.len());
        if text_end < block.len() {
            turns.warn(block[text_end].0, None, msg!("transcript-no-blank-line"));
            // In SRT, the line before a run-on timing line is the next
            // cue's number, not text.
            if markup == Markup::SubRip && text_end > timing + 1 && is_number(block[text_end - 1].1)
            {
                text_end -= 1;
            }
        }
        let (line, timing_line) = block[timing];
        let (start, end) = read_timing(line, timing_line, turns);
        let (start, end) = turns.check_times(line, start, end);
        for piece in pieces(&block[timing + 1..text_end], markup) {
            turns.push(piece.name.as_deref(), start, end, &piece.text, piece.line);
        }
    }
}

/// Text outside any cue: most often a cue whose text had a blank line in
/// it. Its words are kept, with the turn above when it names no speaker.
fn read_stray(lines: &[(usize, &str)], markup: Markup, turns: &mut Turns) {
    let mut kept_with_previous = false;
    for (number, piece) in pieces(lines, markup).into_iter().enumerate() {
        if number == 0 && piece.name.is_none() && turns.append(&piece.text) {
            kept_with_previous = true;
        } else {
            turns.push(piece.name.as_deref(), None, None, &piece.text, piece.line);
        }
    }
    let kept = if kept_with_previous { "above" } else { "untimed" };
    turns.warn(lines[0].0, None, msg!("transcript-stray-text", kept = kept));
}

fn is_number(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && line.bytes().all(|byte| byte.is_ascii_digit())
}

/// Reads `start --> end [settings]`, warning (with the column) about a
/// time that cannot be read; the cue is kept without it.
fn read_timing(line: usize, text: &str, turns: &mut Turns) -> (Option<Millis>, Option<Millis>) {
    let Some((before, after)) = text.split_once("-->") else {
        return (None, None);
    };
    let start_text = before.trim();
    let start_offset = before.len() - before.trim_start().len();
    let after_trimmed = after.trim_start();
    let end_offset = before.len() + "-->".len() + (after.len() - after_trimmed.len());
    // Settings (`align:start`, SRT's `X1:…`) follow the end after a space.
    let end_text = after_trimmed.split([' ', '\t']).next().unwrap_or_default();
    let mut read = |time_text: &str, offset: usize, which: &str| {
        let column = text[..offset].chars().count() + 1;
        if time_text.is_empty() {
            turns.warn(line, Some(column), msg!("transcript-timing-missing", which = which));
            return None;
        }
        match time::parse(time_text, TwoParts::MinutesSeconds) {
            Ok(time) => Some(time),
            Err(message) => {
                turns.warn(
                    line,
                    Some(column),
                    msg!("transcript-cue-time-bad", problem = message, which = which),
                );
                None
            }
        }
    };
    let start = read(start_text, start_offset, "start");
    let end = read(end_text, end_offset, "end");
    (start, end)
}

//! SRT (SubRip) subtitles, as speech-to-text tools write them.
//!
//! ```text
//! 1
//! 00:00:01,000 --> 00:00:03,500
//! Agent: Good morning, this is Laura from Kela.
//!
//! 2
//! 00:00:03,900 --> 00:00:06,100
//! Customer: Hi, my reimbursement never arrived.
//! ```
//!
//! Each cue is a number, a timing line `HH:MM:SS,mmm --> HH:MM:SS,mmm` (a
//! `.` before the milliseconds is accepted too, and coordinates after the
//! end time are ignored) and one or more lines of text. A byte order mark
//! and `\r\n` line ends are fine. The speaker comes from a `Name:` prefix at
//! the start of a line (a new prefix inside a cue starts a new turn with
//! the cue's times), or from a WebVTT-style voice tag `<v Name>` where a tool
//! writes one. Tags such as `<i>` and `<font color="…">` and overrides such
//! as `{\an8}` are removed.
//!
//! Warnings are as for WebVTT ([`vtt`](super::vtt)): times that cannot be
//! read, an end before the start, overlapping or out-of-order cues, cues
//! run together, text outside any cue, unknown speakers.

use crate::model::Read;
use crate::read::cues;
use crate::read::markup::Markup;
use crate::read::turns::Turns;
use crate::read::{SpeakerMap, decode, numbered_lines};

/// Reads an SRT file.
pub fn read(bytes: &[u8], speakers: &SpeakerMap) -> Read {
    let text = decode(bytes)?;
    let lines = numbered_lines(&text);
    cues::read(&lines, Markup::SubRip, Turns::new(speakers), "cue")
}

#[cfg(test)]
mod tests {
    use crate::read::{SpeakerMap, render};

    fn check(srt: &str, expected: &str) {
        let actual = render(super::read(srt.as_bytes(), &SpeakerMap::standard()));
        assert_eq!(actual, expected, "\n{srt}");
    }

    #[test]
    fn cues() {
        check(
            "1\r\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20 Y1:5 Y2:9\r\nAgent: a\r\n\r\n",
            "3 agent 00:00:01.000..00:00:02.000 a",
        );
        // Without hours, with a dot, as some tools write it.
        check("1\n00:01.000 --> 00:02.000\nAgent: a", "3 agent 00:00:01.000..00:00:02.000 a");
        check("00:00:01,000 --> 00:00:02,000\nAgent: a", "2 agent 00:00:01.000..00:00:02.000 a");
    }

    #[test]
    fn a_missing_blank_line_leaves_the_next_cue_number_out_of_the_text() {
        check(
            "1\n00:00:01,000 --> 00:00:02,000\nAgent: a\n2\n00:00:02,000 --> 00:00:03,000\nAsiakas: b",
            "3 agent 00:00:01.000..00:00:02.000 a\n6 customer 00:00:02.000..00:00:03.000 b\nwarning 5: no blank line before this cue",
        );
    }

    #[test]
    fn order_and_overlap() {
        check(
            "1\n00:00:05,000 --> 00:00:06,000\nAgent: a\n\n2\n00:00:01,000 --> 00:00:02,000\nAsiakas: b\n\n3\n00:00:01,500 --> 00:00:03,000\nAgent: c",
            "3 agent 00:00:05.000..00:00:06.000 a\n7 customer 00:00:01.000..00:00:02.000 b\n11 agent 00:00:01.500..00:00:03.000 c\n\
             warning 6: starts at 00:00:01.000, before the turn above it (00:00:05.000); kept in file order\n\
             warning 10: starts at 00:00:01.500, before an earlier turn ends at 00:00:06.000; kept (overlapping speech)",
        );
    }

    #[test]
    fn cues_without_text_are_left_out() {
        check(
            "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n2\n00:00:02,000 --> 00:00:03,000\nAgent: b",
            "7 agent 00:00:02.000..00:00:03.000 b",
        );
        check("1\n00:00:01,000 --> 00:00:02,000\n", "error 1: no cue has any text");
    }
}

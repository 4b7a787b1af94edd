//! WebVTT, as speech-to-text tools and video platforms write it.
//!
//! ```text
//! WEBVTT
//!
//! NOTE Kela, palvelunumero
//!
//! 1
//! 00:00:01.000 --> 00:00:04.200 align:start
//! <v Asiakaspalvelija>Kelan asiakaspalvelu, Liisa, hyvää päivää.
//!
//! 00:04.500 --> 00:07.900
//! <v.loud Asiakas>Hei! Korvaukseni ei ole vieläkään tullut.
//! ```
//!
//! The `WEBVTT` header (after an optional byte order mark) and its metadata
//! lines are skipped, and so are `NOTE`, `STYLE` and `REGION` blocks. A cue
//! is an optional identifier, a timing line `HH:MM:SS.mmm --> HH:MM:SS.mmm`
//! (hours may be left out) with optional settings after it, and one or more
//! lines of text. Voice tags name the speaker — `<v Agent>`,
//! `<v.loud Asiakas>`; several in one cue make several turns with the
//! cue's times — and without them a `Name:` prefix at the start of a line
//! does. Other tags (`<b>`, `<i>`, `<c.x>`, `<00:01.000>`) are removed and
//! `&amp;`, `&lt;`, `&gt;`, `&nbsp;` are replaced by what they stand for.
//!
//! What a reader can work around is a warning: a missing header, a time it
//! cannot read (the cue is kept without it), an end before the start (the
//! end is dropped), cues that overlap or go back in time, cues run together
//! without a blank line, text outside any cue (kept), speakers the map does
//! not know. Empty cues are left out.

use crate::model::Read;
use crate::read::cues::{self, is_blank};
use crate::read::markup::Markup;
use crate::read::turns::Turns;
use crate::read::{SpeakerMap, decode, numbered_lines};

/// Reads a WebVTT file.
pub fn read(bytes: &[u8], speakers: &SpeakerMap) -> Read {
    let text = decode(bytes)?;
    let lines = numbered_lines(&text);
    let mut turns = Turns::new(speakers);
    let first = lines.iter().position(|(_, line)| !is_blank(line)).unwrap_or_default();
    let mut at = first;
    match lines.get(first) {
        Some((_, line)) if is_header(line) => {
            // Header metadata runs to the first blank line; a timing line
            // there means the blank line was forgotten.
            at += 1;
            while at < lines.len() && !is_blank(lines[at].1) && !lines[at].1.contains("-->") {
                at += 1;
            }
        }
        Some((number, _)) => {
            turns.warn(*number, Some(1), tarkka_i18n::msg!("transcript-vtt-header"))
        }
        None => {}
    }
    cues::read(&lines[at..], Markup::WebVtt, turns, "cue")
}

/// The spec wants a space, a tab or nothing after `WEBVTT`; a file with
/// anything else there is still plainly meant as WebVTT.
fn is_header(line: &str) -> bool {
    line.starts_with("WEBVTT")
}

#[cfg(test)]
mod tests {
    use crate::read::{SpeakerMap, render};

    fn check(vtt: &str, expected: &str) {
        let actual = render(super::read(vtt.as_bytes(), &SpeakerMap::standard()));
        assert_eq!(actual, expected, "\n{vtt}");
    }

    #[test]
    fn header_comments_styles_and_regions_are_skipped() {
        check(
            "WEBVTT\nKind: captions\n\nNOTE a --> b is not a cue\n\nREGION\nid:x\n\nSTYLE\n::cue { }\n\n00:01.000 --> 00:02.000\n<v Agent>a",
            "13 agent 00:00:01.000..00:00:02.000 a",
        );
        check(
            "WEBVTT\n00:01.000 --> 00:02.000\n<v Agent>a",
            "3 agent 00:00:01.000..00:00:02.000 a",
        );
        check(
            "\n\nWEBVTT\tx\n\n00:01.000 --> 00:02.000\n<v Agent>a",
            "6 agent 00:00:01.000..00:00:02.000 a",
        );
        check(
            "WEBVTT-FILE\n\n00:01.000 --> 00:02.000\n<v Agent>a",
            "4 agent 00:00:01.000..00:00:02.000 a",
        );
        check(
            "1\n00:01.000 --> 00:02.000\n<v Agent>a",
            "3 agent 00:00:01.000..00:00:02.000 a\n\
             warning 1:1: expected `WEBVTT` on the first line of a WebVTT file; reading the cues anyway",
        );
    }

    #[test]
    fn cues_run_together_and_stray_text() {
        check(
            "WEBVTT\n\n1\n00:01.000 --> 00:02.000\n<v Agent>a\n2\n00:02.000 --> 00:03.000\n<v Asiakas>b",
            "5 agent 00:00:01.000..00:00:02.000 a/2\n8 customer 00:00:02.000..00:00:03.000 b\nwarning 7: no blank line before this cue",
        );
        check(
            "WEBVTT\n\nstray\nid\n00:01.000 --> 00:02.000\n<v Agent>a",
            "3 unknown -..- stray\n6 agent 00:00:01.000..00:00:02.000 a\n\
             warning 3: text outside any cue (no `-->` timing line above it); kept without times\n\
             warning 3: 1 turn without a speaker (no voice tag, `Name:` prefix or speaker field), the first here",
        );
        check(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\nAgent: b",
            "6 agent 00:00:02.000..00:00:03.000 b",
        );
    }

    #[test]
    fn timing_lines() {
        check(
            "WEBVTT\n\n00:01.000 -->\n<v Agent>a",
            "4 agent 00:00:01.000..- a\nwarning 3:14: no end time in the timing line; the cue is kept without it",
        );
        check(
            "WEBVTT\n\n  00:01.000-->00:02.000   line:0 align:start\n<v Agent>a",
            "4 agent 00:00:01.000..00:00:02.000 a",
        );
        check(
            "WEBVTT\n\n 00:01 .000 --> 00:61.000\n<v Agent>a",
            "4 agent -..- a\n\
             warning 3:2: bad time `00:01 .000`: expected a time like 00:01:05.250 or 01:05.250; the cue is kept without its start time\n\
             warning 3:17: bad time `00:61.000`: seconds must be below 60; the cue is kept without its end time",
        );
    }

    #[test]
    fn warnings_and_errors_read_in_finnish_too() {
        let speakers = SpeakerMap::standard();
        let vtt =
            "WEBVTT\n\n 00:01 .000 --> 00:61.000\n<v Agent>a\n\n00:05.000 --> 00:04.000\nLiisa: b";
        let (_, warnings) = super::read(vtt.as_bytes(), &speakers).unwrap();
        let finnish: Vec<String> = warnings.iter().map(|warning| warning.render("fi")).collect();
        assert_eq!(
            finnish,
            [
                "3:2: virheellinen aika `00:01 .000`: odotettiin muotoa 00:01:05.250 tai 01:05.250; tekstityslohko luetaan ilman alkuaikaa",
                "3:17: virheellinen aika `00:61.000`: sekunteja voi olla enintään 59; tekstityslohko luetaan ilman loppuaikaa",
                "6: päättyy 00:00:04.000 eli ennen alkuaan 00:00:05.000; loppuaika jätetään pois",
                "7: puhuja `Liisa` (1 puheenvuoro) ei ole agentti eikä asiakas; anna nimelle rooli",
            ]
        );
        let error = super::read(b"WEBVTT\n\n00:01.000 --> 00:02.000\n", &speakers).unwrap_err();
        assert_eq!(error.render("fi"), "1: yhdessäkään tekstityslohkossa ei ole tekstiä");
        assert_eq!(error.to_string(), "1: no cue has any text");
    }
}

//! Large and pathological inputs read in time proportional to their size:
//! each would take hours if a reader were quadratic, and takes well under a
//! second here (the bound is loose for slow debug builds).

use std::fmt::Write;
use std::time::{Duration, Instant};

use tarkka_transcript::read::{self, Format, SpeakerMap};

/// Reads `bytes` as `format` within the time bound; returns the number of
/// turns and of warnings.
fn check(format: Format, bytes: &[u8]) -> (usize, usize) {
    let started = Instant::now();
    let outcome = read::read(format, bytes, &SpeakerMap::standard());
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(20),
        "{format} took {elapsed:?} for {} bytes",
        bytes.len()
    );
    let (transcript, warnings) = outcome.unwrap();
    (transcript.turns.len(), warnings.len())
}

#[test]
fn one_line_json_with_a_warning_per_segment() {
    let mut json = String::from("[");
    for number in 0..40_000 {
        write!(
            json,
            r#"{{"speaker":"agent","start":-{},"text":"Kela-korvaus numero {number}"}},"#,
            number + 1
        )
        .unwrap();
    }
    json.pop();
    json.push(']');
    assert_eq!(check(Format::Json, json.as_bytes()), (40_000, 40_000));
}

#[test]
fn a_log_with_a_new_speaker_name_on_every_line() {
    let log: String = (0..100_000)
        .map(|number| format!("Puhuja{number}: Soitinko sopivalla hetkellä?\n"))
        .collect();
    assert_eq!(check(Format::Text, log.as_bytes()), (100_000, 100_000));
}

#[test]
fn long_lines_of_markup_characters() {
    for filler in ["<", "<a", "{\\", "&", "&amp;", "<v ", ":"] {
        let line = filler.repeat(1_000_000 / filler.len());
        let vtt = format!("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>{line}\n");
        let srt = format!("1\n00:00:01,000 --> 00:00:02,000\nAgent: {line}\n");
        let log = format!("Agent: {line}\n{line}\n");
        assert!(check(Format::Vtt, vtt.as_bytes()).0 >= 1, "{filler}");
        assert!(check(Format::Srt, srt.as_bytes()).0 >= 1, "{filler}");
        assert!(check(Format::Text, log.as_bytes()).0 >= 1, "{filler}");
    }
}

#[test]
fn many_cues_and_many_overlaps() {
    let mut srt = String::new();
    for number in 0..100_000 {
        // Every cue starts before the one above ends.
        writeln!(
            srt,
            "{}\n00:00:{:02},000 --> 00:59:00,000\nAsiakas: Korvaus jäi saamatta.\n",
            number + 1,
            number % 60
        )
        .unwrap();
    }
    let (turns, warnings) = check(Format::Srt, srt.as_bytes());
    assert_eq!(turns, 100_000);
    assert_eq!(warnings, 99_999);
}

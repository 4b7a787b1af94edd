//! Fuzz target: any rubric the parser accepts must compile into a checker
//! and judge transcripts without panicking or hanging.
//!
//! The input is the rubric's text; it is run against a few labelled
//! transcripts (Finnish, English and Swedish; text and WebVTT) with a
//! profile holding every field the rubric declares.

#![no_main]

mod common;

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use tarkka_check::Checker;
use tarkka_transcript::Transcript;
use tarkka_transcript::read::{self, Format, SpeakerMap};

const FIXTURES: &str = "../../../../tests/fixtures/transcripts/labelled/";

static TRANSCRIPTS: LazyLock<Vec<Transcript>> = LazyLock::new(|| {
    let speakers = SpeakerMap::standard();
    [
        (Format::Text, &include_bytes!("../../../../tests/fixtures/transcripts/labelled/001-cleaning-good-fi.txt")[..]),
        (Format::Vtt, &include_bytes!("../../../../tests/fixtures/transcripts/labelled/004-it-support-good-en.vtt")[..]),
        (Format::Text, &include_bytes!("../../../../tests/fixtures/transcripts/labelled/008-swedish-alarm-good.txt")[..]),
        (Format::Vtt, &include_bytes!("../../../../tests/fixtures/transcripts/labelled/046-leaking-pipe-promise-kept-en.vtt")[..]),
    ]
    .into_iter()
    .map(|(format, bytes)| read::read(format, bytes, &speakers).expect(FIXTURES).0)
    .collect()
});

fuzz_target!(|bytes: &[u8]| {
    let Ok(source) = std::str::from_utf8(bytes) else { return };
    let Ok(rubric) = tarkka_rubric::parse(source) else { return };
    let checker = Checker::new(&rubric);
    let encounter = common::encounter(common::profile(&rubric, "fi", 0b1010_0101, 12));
    for transcript in TRANSCRIPTS.iter() {
        let outcomes = checker.check(transcript, &encounter);
        assert_eq!(outcomes.len(), checker.len());
        common::keeps_promises(transcript, &outcomes);
    }
});

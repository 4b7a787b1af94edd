//! Fuzz target: the shipped rubrics' checks must judge any transcript the
//! readers accept without panicking or hanging, and their outcomes must
//! point at real words and serialise.
//!
//! An input is three header bytes and then the transcript:
//!
//! 0. the format: `byte % 4` picks vtt, srt, json or text;
//! 1. the customer's language: `byte % 3` picks fi, sv or en; the bits
//!    above pick the profile's other word and truth-value fields;
//! 2. the profile's whole-number fields (`employees`).

#![no_main]

mod common;

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use tarkka_check::Checker;
use tarkka_rubric::Rubric;
use tarkka_transcript::read::{self, Format, SpeakerMap};

/// The customer languages the shipped rubrics declare.
const LANGUAGES: [&str; 3] = ["fi", "sv", "en"];

static RUBRICS: LazyLock<Vec<Rubric>> = LazyLock::new(|| {
    [
        include_str!("../../../../rubrics/service-call.toml"),
        include_str!("../../../../rubrics/cold-call.toml"),
    ]
    .into_iter()
    .map(|source| tarkka_rubric::parse(source).expect("a shipped rubric parses"))
    .collect()
});
static CHECKERS: LazyLock<Vec<Checker<'static>>> =
    LazyLock::new(|| RUBRICS.iter().map(Checker::new).collect());
static SPEAKERS: LazyLock<SpeakerMap> = LazyLock::new(SpeakerMap::standard);

fuzz_target!(|bytes: &[u8]| {
    let [format, language, number, transcript @ ..] = bytes else { return };
    let format = Format::ALL[usize::from(*format % 4)];
    let Ok((transcript, _warnings)) = read::read(format, transcript, &SPEAKERS) else { return };
    let flags = *language / 3;
    let language = LANGUAGES[usize::from(*language % 3)];
    for checker in CHECKERS.iter() {
        let profile = common::profile(checker.rubric(), language, flags, *number);
        let outcomes = checker.check(&transcript, &common::encounter(profile));
        assert_eq!(outcomes.len(), checker.len());
        common::keeps_promises(&transcript, &outcomes);
    }
});

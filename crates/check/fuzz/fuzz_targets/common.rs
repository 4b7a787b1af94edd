//! What both targets share: profiles that fit a rubric, the encounter's
//! start, and what every outcome promises.

use tarkka_check::{Encounter, Outcome};
use tarkka_rubric::{FieldKind, Profile, ProfileValue, Rubric};
use tarkka_transcript::Transcript;

/// A profile with every field `rubric` declares: `language` is `language`
/// when the rubric allows it, other word fields and truth values are picked
/// by the bits of `flags` in declaration order, whole numbers are `number`.
pub fn profile(rubric: &Rubric, language: &str, flags: u8, number: u8) -> Profile {
    let mut profile = Profile::new();
    let mut bits = flags;
    for (field, kind) in &rubric.profile {
        let value = match kind {
            FieldKind::OneOf(choices) if field == "language" && choices.iter().any(|c| c == language) => {
                ProfileValue::Word(language.to_string())
            }
            FieldKind::OneOf(choices) if choices.is_empty() => continue,
            FieldKind::OneOf(choices) => {
                let choice = &choices[usize::from(bits) % choices.len()];
                bits = bits.rotate_right(1);
                ProfileValue::Word(choice.clone())
            }
            FieldKind::Bool => {
                let value = bits & 1 == 1;
                bits = bits.rotate_right(1);
                ProfileValue::Bool(value)
            }
            FieldKind::Integer => ProfileValue::Integer(i64::from(number)),
        };
        profile.insert(field.clone(), value);
    }
    assert!(rubric.check_profile(&profile).is_ok(), "the fuzz profile fits the rubric");
    profile
}

/// An encounter that began on Monday 2 March 2026 at 10:15 in Helsinki.
pub fn encounter(profile: Profile) -> Encounter {
    let start = tarkka_check::zoned("2026-03-02T10:15:00+02:00").expect("a valid start time");
    Encounter { profile, start: Some(start) }
}

/// Checks what outcomes promise of a transcript, and that they serialise.
pub fn keeps_promises(transcript: &Transcript, outcomes: &[Outcome]) {
    for outcome in outcomes {
        let hits = outcome
            .hits
            .iter()
            .chain(outcome.near_misses.iter().map(|miss| &miss.hit))
            .chain(outcome.promises.iter().map(|promise| &promise.hit));
        for hit in hits {
            let turn = &transcript.turns[hit.turn];
            assert_eq!(turn.text.get(hit.span.clone()), Some(hit.matched.as_str()));
            assert!(!hit.matched.is_empty());
        }
        for promise in &outcome.promises {
            if let Some(deadline) = &promise.deadline {
                assert!(
                    tarkka_check::zoned(&deadline.at).is_some(),
                    "deadline {:?} reads back",
                    deadline.at
                );
            }
        }
    }
    let json = serde_json::to_string(outcomes).expect("outcomes serialise");
    std::hint::black_box(json);
}

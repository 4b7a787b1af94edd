//! Fuzz target: the srt reader must return a transcript or an error for any
//! bytes, never panic or hang, and a transcript must keep its promises.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tarkka_transcript::read::{self, SpeakerMap};

fuzz_target!(|bytes: &[u8]| {
    if let Ok((transcript, _warnings)) = read::srt::read(bytes, &SpeakerMap::standard()) {
        assert!(!transcript.turns.is_empty());
        for (index, turn) in transcript.turns.iter().enumerate() {
            assert_eq!(turn.index, index);
            assert!(!turn.text.is_empty());
            assert!(turn.line >= 1);
            if let (Some(start), Some(end)) = (turn.start, turn.end) {
                assert!(start <= end);
            }
        }
    }
});

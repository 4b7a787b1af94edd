//! What every reader promises of a transcript it returns, checked by each
//! fuzz target.

use tarkka_transcript::read::SpeakerMap;
use tarkka_transcript::{Read, Transcript};

/// Reads `bytes` with `reader` and, when it succeeds, checks the transcript:
/// turns numbered in order, none empty, each with a source line, and an end
/// never before its start.
pub fn check(reader: fn(&[u8], &SpeakerMap) -> Read, bytes: &[u8]) {
    if let Ok((transcript, _warnings)) = reader(bytes, &SpeakerMap::standard()) {
        keeps_promises(&transcript);
    }
}

fn keeps_promises(transcript: &Transcript) {
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

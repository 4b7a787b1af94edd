//! Data-driven reader tests: every file under `test_data/ok` reads, and its
//! turns and warnings are snapshotted; every file under `test_data/err`
//! fails with the snapshotted error. The format is detected from the file's
//! name and content, as the command line does, and speakers are named with
//! the standard map plus a diarising tool's `SPEAKER_00` (agent) and
//! `SPEAKER_01` (customer).

use std::fmt::Write;
use std::path::Path;

use tarkka_transcript::read::{self, SpeakerMap};
use tarkka_transcript::{Role, Speaker};

fn speakers() -> SpeakerMap {
    let mut speakers = SpeakerMap::standard();
    speakers.insert("SPEAKER_00", Role::Agent);
    speakers.insert("SPEAKER_01", Role::Customer);
    speakers
}

/// Reads the file at `path` and renders the outcome compactly for a person:
/// the format, then one line per turn (`#index line speaker start..end |
/// text`, further lines of text under it) and per warning, or the error.
/// `expect_ok` says which outcome the file's folder promises.
fn check(path: &Path, expect_ok: bool) -> String {
    let name = path.file_name().unwrap().to_string_lossy();
    let bytes = std::fs::read(path).unwrap();
    let format = read::detect(&name, &bytes);
    let mut shown = format!("format {format}\n");
    match read::read(format, &bytes, &speakers()) {
        Ok((transcript, warnings)) => {
            assert!(expect_ok, "{name} should not read, but read as {transcript:#?}");
            for turn in &transcript.turns {
                let time = |time: Option<tarkka_transcript::Millis>| {
                    time.map_or("-".to_string(), |time| time.to_string())
                };
                let speaker = match &turn.speaker {
                    Speaker::Other(name) => format!("other({name})"),
                    speaker => speaker.to_string(),
                };
                let mut lines = turn.text.lines();
                let first = lines.next().unwrap_or_default();
                writeln!(
                    shown,
                    "#{} line {} {speaker} {}..{} | {first}",
                    turn.index,
                    turn.line,
                    time(turn.start),
                    time(turn.end)
                )
                .unwrap();
                for line in lines {
                    writeln!(shown, "    | {line}").unwrap();
                }
            }
            for warning in warnings {
                writeln!(shown, "warning {warning}").unwrap();
            }
        }
        Err(error) => {
            assert!(!expect_ok, "{name} should read, but: {error}");
            writeln!(shown, "error {error}").unwrap();
        }
    }
    shown
}

#[test]
fn readable_transcripts() {
    insta::glob!("../test_data/ok", "*.*", |path| insta::assert_snapshot!(check(path, true)));
}

#[test]
fn unreadable_transcripts() {
    insta::glob!("../test_data/err", "*.*", |path| insta::assert_snapshot!(check(path, false)));
}

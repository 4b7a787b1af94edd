//! Call and chat transcripts: one model of turns, whatever tool wrote them.
//!
//! A [`Transcript`] is a list of [`Turn`]s, each with a [`Speaker`] (the
//! agent, the customer, or a name nobody has mapped yet), the times it
//! starts and ends when the source says, its text and the line of the
//! source it came from. The [`read`] module reads WebVTT, SRT, a documented
//! JSON segment list and plain chat or call logs into it; [`read::detect`]
//! tells which a file is. Readers never panic: broken input gives a
//! [`ReadError`] with its line and column, and input that is usable but odd
//! gives the transcript with [`Warning`]s.
//!
//! This crate does no IO: it takes bytes and returns values.
//!
//! ```
//! use tarkka_transcript::{Role, Speaker, read::{self, SpeakerMap}};
//!
//! let vtt = "WEBVTT\n\
//!            \n\
//!            00:00:01.000 --> 00:00:04.200\n\
//!            <v Asiakaspalvelija>Kelan asiakaspalvelu, Liisa, hyvää päivää.\n\
//!            \n\
//!            00:04.500 --> 00:07.900\n\
//!            <v SPEAKER_01>Hei! Korvaukseni ei ole vieläkään tullut.\n";
//! let format = read::detect("puhelu.vtt", vtt.as_bytes());
//! let mut speakers = SpeakerMap::standard();
//! speakers.insert("SPEAKER_01", Role::Customer);
//! let (transcript, warnings) = read::read(format, vtt.as_bytes(), &speakers).unwrap();
//! assert_eq!(transcript.turns[0].speaker, Speaker::Agent);
//! assert_eq!(transcript.turns[1].speaker, Speaker::Customer);
//! assert_eq!(transcript.turns[1].line, 7);
//! assert_eq!(transcript.turns[1].start.unwrap().to_string(), "00:00:04.500");
//! assert!(warnings.is_empty());
//!
//! let error = read::read(format, b"WEBVTT\n\n00:01.000 --> 00:02.000\nH\xE4n", &speakers).unwrap_err();
//! assert_eq!((error.line, error.column), (4, Some(2)));
//! ```

mod model;
pub mod read;
pub mod redact;

pub use model::{Millis, Read, ReadError, Role, Speaker, Transcript, Turn, Warning};

//! The one model every reader produces: a transcript is a list of turns, each
//! with a speaker role, the times it is known to start and end, and its text.

use std::fmt;

use serde::{Serialize, Serializer};
use tarkka_i18n::{Message, msg};

/// A whole call or chat: its turns in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Transcript {
    /// The turns, numbered from 0 by [`Turn::index`]; never empty when a
    /// reader returns it.
    pub turns: Vec<Turn>,
}

/// One stretch of speech or one chat message by one speaker.
///
/// Readers keep the source's own granularity: a subtitle cue, a JSON segment
/// or a chat line is a turn, so the times stay as precise as the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Turn {
    /// The turn's place in the transcript, from 0.
    pub index: usize,
    /// Who speaks.
    pub speaker: Speaker,
    /// When the turn starts, if the source says.
    pub start: Option<Millis>,
    /// When the turn ends, if the source says (never before `start`).
    pub end: Option<Millis>,
    /// The words, markup removed; the lines of a multi-line cue or message
    /// are joined with `\n`. Never empty.
    pub text: String,
    /// The 1-based line of the source where the turn's text starts.
    pub line: usize,
}

/// Who speaks a turn.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaker {
    /// The contact centre's agent, the seller, the clerk.
    Agent,
    /// The customer or caller.
    Customer,
    /// A name the speaker map does not know (a reader warns about it), such
    /// as `SPEAKER_02` from a diarising speech-to-text tool.
    Other(String),
    /// The source names no speaker for the turn (a reader warns about it).
    Unknown,
}

impl Speaker {
    /// The role, when the speaker is known to be an agent or a customer.
    pub fn role(&self) -> Option<Role> {
        match self {
            Speaker::Agent => Some(Role::Agent),
            Speaker::Customer => Some(Role::Customer),
            Speaker::Other(_) | Speaker::Unknown => None,
        }
    }
}

impl fmt::Display for Speaker {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Speaker::Agent => formatter.write_str("agent"),
            Speaker::Customer => formatter.write_str("customer"),
            Speaker::Other(name) => write!(formatter, "other `{name}`"),
            Speaker::Unknown => formatter.write_str("unknown"),
        }
    }
}

/// The two roles a speaker map assigns names to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The contact centre's side.
    Agent,
    /// The customer's side.
    Customer,
}

impl From<Role> for Speaker {
    fn from(role: Role) -> Speaker {
        match role {
            Role::Agent => Speaker::Agent,
            Role::Customer => Speaker::Customer,
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    /// Reads a role as a person types it on a command line, in English or
    /// Finnish: `agent`, `agentti`, `customer`, `asiakas`.
    fn from_str(text: &str) -> Result<Role, String> {
        Role::read(text).map_err(|message| message.to_string())
    }
}

impl Role {
    /// Reads a role as [`FromStr`](std::str::FromStr) does; the error is a
    /// catalogue message, for the reader's language.
    pub fn read(text: &str) -> Result<Role, Message> {
        match text.trim().to_lowercase().as_str() {
            "agent" | "agentti" => Ok(Role::Agent),
            "customer" | "asiakas" => Ok(Role::Customer),
            other => Err(msg!("transcript-role-unknown", role = other)),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Role::Agent => "agent",
            Role::Customer => "customer",
        })
    }
}

/// A time in a recording: milliseconds from its start (for chat logs, from
/// midnight of the clock the log shows).
///
/// Shown as `HH:MM:SS.mmm`; serialised as the number of milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl fmt::Display for Millis {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Millis(total) = *self;
        let hours = total / 3_600_000;
        let minutes = total / 60_000 % 60;
        let seconds = total / 1000 % 60;
        let millis = total % 1000;
        write!(formatter, "{hours:02}:{minutes:02}:{seconds:02}.{millis:03}")
    }
}

/// Something in the source that a reader worked around; the transcript is
/// still usable, but a person should know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The 1-based line it concerns.
    pub line: usize,
    /// The 1-based column, in characters, when one place in the line is at
    /// fault.
    pub column: Option<usize>,
    /// What is odd and what the reader did about it: a catalogue message
    /// (`transcript.ftl`), serialised as its English text.
    #[serde(serialize_with = "english")]
    pub message: Message,
}

impl Warning {
    /// `line:column: message` in `lang` (`fi`, else English), ready to be
    /// prefixed with the file name.
    pub fn render(&self, lang: &str) -> String {
        located(self.line, self.column, &tarkka_i18n::render(lang, &self.message))
    }
}

impl fmt::Display for Warning {
    /// `line:column: message` in English, ready to be prefixed with the
    /// file name.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.render("en"))
    }
}

/// Why a source could not be read as a transcript at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadError {
    /// The 1-based line at fault.
    pub line: usize,
    /// The 1-based column, in characters, when known.
    pub column: Option<usize>,
    /// What is wrong and what was expected: a catalogue message
    /// (`transcript.ftl`), serialised as its English text.
    #[serde(serialize_with = "english")]
    pub message: Message,
}

impl ReadError {
    /// `line:column: message` in `lang` (`fi`, else English), ready to be
    /// prefixed with the file name.
    pub fn render(&self, lang: &str) -> String {
        located(self.line, self.column, &tarkka_i18n::render(lang, &self.message))
    }
}

impl fmt::Display for ReadError {
    /// `line:column: message` in English, ready to be prefixed with the
    /// file name.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.render("en"))
    }
}

impl std::error::Error for ReadError {}

fn located(line: usize, column: Option<usize>, message: &str) -> String {
    match column {
        Some(column) => format!("{line}:{column}: {message}"),
        None => format!("{line}: {message}"),
    }
}

/// A message as its English text: JSON outputs keep the English whatever
/// the reader's language.
fn english<S: Serializer>(message: &Message, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&message.to_string())
}

/// What every reader returns: the transcript and what it had to work around,
/// or the one reason there is no transcript.
pub type Read = Result<(Transcript, Vec<Warning>), ReadError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_show_as_hours_minutes_seconds() {
        let cases = [
            (0, "00:00:00.000"),
            (3_723_004, "01:02:03.004"),
            (360_000_000, "100:00:00.000"),
            (u64::MAX, "5124095576030:25:51.615"),
        ];
        for (millis, expected) in cases {
            assert_eq!(Millis(millis).to_string(), expected);
        }
    }

    #[test]
    fn roles_read_in_english_and_finnish() {
        assert_eq!(" Agent ".parse::<Role>(), Ok(Role::Agent));
        assert_eq!("agentti".parse::<Role>(), Ok(Role::Agent));
        assert_eq!("ASIAKAS".parse::<Role>(), Ok(Role::Customer));
        assert_eq!("customer".parse::<Role>(), Ok(Role::Customer));
        assert_eq!(
            "boss".parse::<Role>(),
            Err("unknown role `boss`: expected `agent` or `customer`".to_string())
        );
    }

    #[test]
    fn errors_and_warnings_show_their_place() {
        let error = ReadError { line: 3, column: Some(7), message: msg!("transcript-file-empty") };
        let warning = Warning { line: 4, column: None, message: msg!("transcript-no-blank-line") };
        assert_eq!(error.to_string(), "3:7: the file is empty");
        assert_eq!(error.render("fi"), "3:7: tiedosto on tyhjä");
        assert_eq!(warning.to_string(), "4: no blank line before this cue");
    }

    #[test]
    fn serialises_with_roles_in_lower_case_and_times_in_milliseconds() {
        let turn = |index, speaker, start, end| Turn {
            index,
            speaker,
            start,
            end,
            text: "Soitinko sopivalla hetkellä?".into(),
            line: index + 3,
        };
        let transcript = Transcript {
            turns: vec![
                turn(0, Speaker::Agent, Some(Millis(1500)), Some(Millis(3200))),
                turn(1, Speaker::Other("SPEAKER_02".into()), None, None),
                turn(2, Speaker::Unknown, Some(Millis(0)), None),
            ],
        };
        let json = serde_json::to_string(&transcript).unwrap();
        let text = r#""text":"Soitinko sopivalla hetkellä?""#;
        assert_eq!(
            json,
            format!(
                r#"{{"turns":[{{"index":0,"speaker":"agent","start":1500,"end":3200,{text},"line":3}},{{"index":1,"speaker":{{"other":"SPEAKER_02"}},"start":null,"end":null,{text},"line":4}},{{"index":2,"speaker":"unknown","start":0,"end":null,{text},"line":5}}]}}"#
            )
        );
        let warning =
            Warning { line: 2, column: Some(5), message: msg!("transcript-no-blank-line") };
        assert_eq!(
            serde_json::to_string(&warning).unwrap(),
            r#"{"line":2,"column":5,"message":"no blank line before this cue"}"#
        );
    }
}

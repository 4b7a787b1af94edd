//! What every reader does once it has found a turn: resolve the speaker,
//! check the times against the turns before, and collect the warnings.

use std::collections::HashMap;

use tarkka_i18n::{Message, msg};

use crate::model::{Millis, Read, ReadError, Speaker, Transcript, Turn, Warning};
use crate::read::speaker::SpeakerMap;

/// A transcript being assembled, turn by turn, in source order.
pub(crate) struct Turns<'map> {
    speakers: &'map SpeakerMap,
    turns: Vec<Turn>,
    warnings: Vec<Warning>,
    /// The start of the last timed turn and the latest end so far, to tell
    /// out-of-order and overlapping turns.
    last_start: Option<Millis>,
    latest_end: Option<Millis>,
}

impl<'map> Turns<'map> {
    pub(crate) fn new(speakers: &'map SpeakerMap) -> Turns<'map> {
        Turns {
            speakers,
            turns: Vec::new(),
            warnings: Vec::new(),
            last_start: None,
            latest_end: None,
        }
    }

    pub(crate) fn warn(&mut self, line: usize, column: Option<usize>, message: Message) {
        self.warnings.push(Warning { line, column, message });
    }

    /// Checks a cue's or a line's times, at `line`, against each other and
    /// against the turns before; returns the times to keep.
    ///
    /// An end before the start is dropped, because every later use of the
    /// turn (durations, "within the first N seconds") would be wrong with
    /// it; overlap and disorder are only reported, because people do talk
    /// over each other and a log's clock can jump.
    pub(crate) fn check_times(
        &mut self,
        line: usize,
        start: Option<Millis>,
        end: Option<Millis>,
    ) -> (Option<Millis>, Option<Millis>) {
        let end = match (start, end) {
            (Some(start), Some(end)) if end < start => {
                let (start, end) = (start.to_string(), end.to_string());
                self.warn(
                    line,
                    None,
                    msg!("transcript-end-before-start", start = start, end = end),
                );
                None
            }
            _ => end,
        };
        if let Some(start) = start {
            match (self.last_start, self.latest_end) {
                (Some(last_start), _) if start < last_start => self.warn(
                    line,
                    None,
                    msg!(
                        "transcript-out-of-order",
                        start = start.to_string(),
                        previous = last_start.to_string()
                    ),
                ),
                (_, Some(latest_end)) if start < latest_end => self.warn(
                    line,
                    None,
                    msg!(
                        "transcript-overlap",
                        start = start.to_string(),
                        end = latest_end.to_string()
                    ),
                ),
                _ => {}
            }
            self.last_start = Some(start);
        }
        if let Some(end) = end {
            self.latest_end = Some(self.latest_end.map_or(end, |latest| latest.max(end)));
        }
        (start, end)
    }

    /// Adds a turn whose text starts at `line`; `name` is the speaker as
    /// the source writes it, if it does. Text may be empty for now (a chat
    /// line `Asiakas:` whose words follow on the next lines); turns still
    /// empty at the end are dropped.
    pub(crate) fn push(
        &mut self,
        name: Option<&str>,
        start: Option<Millis>,
        end: Option<Millis>,
        text: &str,
        line: usize,
    ) {
        let speaker = match name.map(str::trim) {
            Some(name) if !name.is_empty() => self.speakers.speaker(name),
            _ => Speaker::Unknown,
        };
        let text = text.trim().to_string();
        self.turns.push(Turn { index: 0, speaker, start, end, text, line });
    }

    /// Appends a line of text to the last turn; false if there is none yet.
    pub(crate) fn append(&mut self, text: &str) -> bool {
        let Some(turn) = self.turns.last_mut() else {
            return false;
        };
        let text = text.trim();
        if !text.is_empty() {
            if !turn.text.is_empty() {
                turn.text.push('\n');
            }
            turn.text.push_str(text);
        }
        true
    }

    /// The transcript, or `nothing` as the error (at line 1) if no turn has
    /// any text (`cue`, `segment` or `line`: what has none). Adds one warning per speaker name the map does not know and
    /// one for the turns without a speaker, each at the first such turn.
    pub(crate) fn finish(mut self, nothing: &str) -> Read {
        self.turns.retain(|turn| !turn.text.is_empty());
        if self.turns.is_empty() {
            let message = msg!("transcript-no-text", what = nothing);
            return Err(ReadError { line: 1, column: None, message });
        }
        // First line and count of each unmapped name, in order of appearance;
        // the index keeps a log with a new "name" on every line linear.
        let mut others: Vec<(&str, usize, usize)> = Vec::new();
        let mut other_index: HashMap<&str, usize> = HashMap::new();
        let mut unnamed: Option<(usize, usize)> = None;
        for (index, turn) in self.turns.iter_mut().enumerate() {
            turn.index = index;
            match &turn.speaker {
                Speaker::Other(name) => match other_index.get(name.as_str()) {
                    Some(&at) => others[at].2 += 1,
                    None => {
                        other_index.insert(name, others.len());
                        others.push((name, turn.line, 1));
                    }
                },
                Speaker::Unknown => {
                    let (_, count) = unnamed.get_or_insert((turn.line, 0));
                    *count += 1;
                }
                Speaker::Agent | Speaker::Customer => {}
            }
        }
        let mut warnings = self.warnings;
        for (name, line, count) in others {
            let message = msg!("transcript-speaker-unmapped", name = name, count = count);
            warnings.push(Warning { line, column: None, message });
        }
        if let Some((line, count)) = unnamed {
            let message = msg!("transcript-speaker-none", count = count);
            warnings.push(Warning { line, column: None, message });
        }
        warnings.sort_by_key(|warning| warning.line);
        Ok((Transcript { turns: self.turns }, warnings))
    }
}

//! A transcript's words in folded form, laid out so that whole-word and
//! prefix matches are plain substring matches.
//!
//! Each word is preceded by one space and each turn ends with ` \n`: the
//! pattern ` sopiiko hetki ` can only match two whole words, ` soita` only
//! the start of a word, and no pattern (they hold no `\n`) crosses turns.

use std::ops::Range;

use tarkka_rubric::rules;
use tarkka_transcript::Transcript;

/// One word of the transcript.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    /// Where the folded word starts in [`Folded::text`].
    pub(crate) folded_start: u32,
    /// Its length in the folded text.
    pub(crate) folded_len: u32,
    /// The turn it is in.
    pub(crate) turn: u32,
    /// Its byte range in the turn's text.
    pub(crate) original: Range<u32>,
    /// Its sentence, counted across the transcript.
    pub(crate) sentence: u32,
    /// Its clause: a sentence is cut into clauses at `,`, `;`, `:` and dashes.
    pub(crate) clause: u32,
}

/// The folded words of a whole transcript.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    pub(crate) text: String,
    pub(crate) words: Vec<Word>,
    /// For each turn, the range of its words in `words`.
    pub(crate) turns: Vec<Range<usize>>,
    /// For each sentence, whether it ends in `?`.
    pub(crate) questions: Vec<bool>,
    /// Whether any turn ends a sentence with `.`, `?` or `!`: raw
    /// speech-to-text has none, and then no sentence can be read as a
    /// question or not.
    pub(crate) punctuated: bool,
}

impl Folded {
    pub(crate) fn new(transcript: &Transcript) -> Folded {
        let size: usize = transcript.turns.iter().map(|turn| turn.text.len() + 2).sum();
        let mut folded = Folded {
            text: String::with_capacity(size + 16),
            words: Vec::new(),
            turns: Vec::new(),
            questions: vec![false],
            punctuated: false,
        };
        let mut sentence = 0;
        let mut clause = 0;
        for (turn_index, turn) in transcript.turns.iter().enumerate() {
            let first = folded.words.len();
            let text = &turn.text;
            let mut previous_end = 0;
            let mut previous_start = 0;
            rules::words(text, |range| {
                // Each turn starts a sentence.
                let gap = &text[previous_end..range.start];
                let abbreviated = abbreviation(&text[previous_start..previous_end], gap)
                    && text[range.start..].starts_with(char::is_lowercase);
                if folded.words.len() == first || (ends_sentence(gap) && !abbreviated) {
                    if folded.words.len() != first {
                        folded.questions[sentence as usize] = gap.contains('?');
                    }
                    sentence += 1;
                    clause += 1;
                    folded.questions.push(false);
                } else if abbreviated || gap.contains([',', ';', ':', '–', '—']) {
                    clause += 1;
                }
                previous_start = range.start;
                previous_end = range.end;
                folded.text.push(' ');
                let start = folded.text.len();
                rules::fold_word(&text[range.clone()], &mut folded.text);
                folded.words.push(Word {
                    folded_start: to_u32(start),
                    folded_len: to_u32(folded.text.len() - start),
                    turn: to_u32(turn_index),
                    original: to_u32(range.start)..to_u32(range.end),
                    sentence,
                    clause,
                });
            });
            if folded.words.len() > first {
                folded.questions[sentence as usize] = text[previous_end..].contains('?');
            }
            if !folded.punctuated {
                folded.punctuated = ends_sentence(text) || text.trim_end().ends_with('.');
            }
            folded.text.push_str(" \n");
            folded.turns.push(first..folded.words.len());
        }
        folded
    }

    /// Whether word `index` is asked: in the last clause of a sentence that
    /// ends in `?` ("onko se nyt kunnossa?", but not "se on nyt kunnossa,
    /// onko muuta?"). Never in text without punctuation, where a question
    /// cannot be told.
    pub(crate) fn asked(&self, index: usize) -> bool {
        let word = &self.words[index];
        self.punctuated
            && self.questions[word.sentence as usize]
            && self.words[index..]
                .iter()
                .take_while(|later| later.sentence == word.sentence)
                .all(|later| later.clause == word.clause)
    }

    /// The word starting at folded offset `start`, if one does.
    pub(crate) fn word_at(&self, start: usize) -> Option<usize> {
        let start = to_u32(start);
        self.words.binary_search_by_key(&start, |word| word.folded_start).ok()
    }

    /// The folded form of word `index`.
    pub(crate) fn folded(&self, index: usize) -> &str {
        let word = &self.words[index];
        let start = word.folded_start as usize;
        &self.text[start..start + word.folded_len as usize]
    }

    /// The word of turn `turn` whose original text contains byte `at`, or
    /// the first one after it.
    pub(crate) fn word_from(&self, turn: usize, at: usize) -> Option<usize> {
        let range = self.turns[turn].clone();
        let words = &self.words[range.clone()];
        let offset = words.partition_point(|word| (word.original.end as usize) <= at);
        (offset < words.len()).then_some(range.start + offset)
    }

    /// The last word of turn `turn` starting before byte `at`.
    pub(crate) fn word_before(&self, turn: usize, at: usize) -> Option<usize> {
        let range = self.turns[turn].clone();
        let words = &self.words[range.clone()];
        let offset = words.partition_point(|word| (word.original.start as usize) < at);
        offset.checked_sub(1).map(|offset| range.start + offset)
    }
}

/// Whether the text between two words ends a sentence: `?` or `!`, or a
/// `.` followed by white space (so `14.30` and `e.g.` inside a word run do
/// not).
fn ends_sentence(gap: &str) -> bool {
    let bytes = gap.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| match byte {
        b'?' | b'!' => true,
        b'.' => bytes.get(at + 1).is_some_and(u8::is_ascii_whitespace),
        _ => false,
    })
}

/// Whether a single full stop after `word` (the gap being that stop and
/// white space) marks an abbreviation or an ordinal rather than the end of
/// a sentence, when a lower-case word follows: "by 3 p.m. tomorrow",
/// "maanantaina 23. päivä", "esim. huomenna". A word of one or two letters,
/// a number, or a common abbreviation; never `...` or `?`. It still ends a
/// clause, so a negation before it does not reach past it.
fn abbreviation(word: &str, gap: &str) -> bool {
    const SHORT: [&str; 12] =
        ["esim", "ns", "mm", "klo", "jne", "ym", "etc", "approx", "vs", "ca", "bl", "st"];
    gap.starts_with('.')
        && gap[1..].chars().all(char::is_whitespace)
        && !gap[1..].is_empty()
        && (word.chars().all(|c| c.is_ascii_digit())
            || (word.chars().count() <= 2 && word.chars().all(char::is_alphabetic))
            || SHORT.iter().any(|short| word.eq_ignore_ascii_case(short)))
        && !word.is_empty()
}

/// Transcripts are far below 4 GiB; a larger one is cut off at the limit
/// rather than wrapping.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

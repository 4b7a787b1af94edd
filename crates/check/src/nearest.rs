//! Words in a transcript that come close to a check's phrases without
//! being one: what `--explain` shows when a check found nothing, so that a
//! QA lead sees at once whether the phrase list lacks a form ("kirjaan"
//! beside "korjaan") or the call really lacks the behaviour.

use serde::Serialize;
use tarkka_rubric::Rubric;
use tarkka_rubric::rules::{self, Check, Phrase, PhraseWord};
use tarkka_transcript::{Speaker, Transcript};

use crate::speaks;

/// A word of the transcript close to a phrase of the check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The turn, from 0.
    pub turn: usize,
    /// Who said it.
    pub speaker: Speaker,
    /// The byte range of the word in the turn's text.
    pub span: std::ops::Range<usize>,
    /// The word as written.
    pub word: String,
    /// The closest phrase, as written in the rubric.
    pub phrase: String,
    /// Its set, when named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<String>,
    /// Its language.
    pub language: String,
    /// Edits (letters added, removed or changed) between the folded word
    /// and the phrase's nearest word; 0 for a shared stem of five letters.
    pub distance: usize,
}

/// Every phrase a check looks for, with its set and language, in rubric
/// order: its sets' first, then its own.
pub fn phrases_of<'r>(
    rubric: &'r Rubric,
    check: &'r Check,
) -> Vec<(Option<&'r str>, &'r str, &'r Phrase)> {
    let mut out = Vec::new();
    for set in &check.sets {
        if let Some(phrases) = rubric.phrases.get(set) {
            for (language, list) in &phrases.languages {
                out.extend(
                    list.iter().map(|phrase| (Some(set.as_str()), language.as_str(), phrase)),
                );
            }
        }
    }
    for (language, list) in &check.phrases {
        out.extend(list.iter().map(|phrase| (None, language.as_str(), phrase)));
    }
    out
}

/// Up to `limit` words of the checked speaker's turns closest to any of the
/// check's phrases, nearest first; a word already matching a phrase is not
/// a candidate.
pub fn nearest(
    rubric: &Rubric,
    check: &Check,
    transcript: &Transcript,
    limit: usize,
) -> Vec<Candidate> {
    let phrases = phrases_of(rubric, check);
    let mut found: Vec<Candidate> = Vec::new();
    let mut folded = String::new();
    for (turn_index, turn) in transcript.turns.iter().enumerate() {
        if !speaks(check.who, &turn.speaker) {
            continue;
        }
        rules::words(&turn.text, |range| {
            folded.clear();
            rules::fold_word(&turn.text[range.clone()], &mut folded);
            if folded.chars().count() < 4 {
                return;
            }
            let mut best: Option<(usize, usize)> = None;
            for (index, (_, _, phrase)) in phrases.iter().enumerate() {
                for word in &phrase.words {
                    let Some(distance) = closeness(&folded, word) else { continue };
                    if best.is_none_or(|(d, _)| distance < d) {
                        best = Some((distance, index));
                    }
                }
            }
            if let Some((distance, index)) = best {
                let (set, language, phrase) = phrases[index];
                found.push(Candidate {
                    turn: turn_index,
                    speaker: turn.speaker.clone(),
                    span: range.clone(),
                    word: turn.text[range].to_string(),
                    phrase: phrase.text.clone(),
                    set: set.map(str::to_string),
                    language: language.to_string(),
                    distance,
                });
            }
        });
    }
    found.sort_by_key(|candidate| (candidate.distance, candidate.turn, candidate.span.start));
    let mut seen: Vec<String> = Vec::new();
    found.retain(|candidate| {
        let mut key = String::new();
        rules::fold_word(&candidate.word, &mut key);
        if seen.contains(&key) {
            return false;
        }
        seen.push(key);
        true
    });
    found.truncate(limit);
    found
}

/// How far a folded transcript word is from a phrase word, if close: `None`
/// when it already matches (it would have been found), or is far.
fn closeness(word: &str, phrase: &PhraseWord) -> Option<usize> {
    if phrase.fits(word) || phrase.is_number() {
        return None;
    }
    let a: Vec<char> = word.chars().collect();
    let b: Vec<char> = phrase.folded.chars().collect();
    if b.len() < 4 {
        return None;
    }
    // A shared stem: most of the phrase word, and not much more.
    let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if shared >= 5 && shared * 5 >= b.len() * 4 && a.len() <= b.len() + 4 {
        return Some(0);
    }
    let limit = if b.len() >= 7 { 2 } else { 1 };
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let distance = levenshtein(&a, &b);
    (distance <= limit).then_some(distance)
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> PhraseWord {
        let prefix = text.ends_with('*');
        PhraseWord { folded: text.trim_end_matches('*').to_string(), prefix, gap: false }
    }

    #[test]
    fn close_words_are_candidates_and_matching_or_far_ones_are_not() {
        assert_eq!(closeness("kirjaan", &word("korjaan")), Some(1));
        assert_eq!(closeness("korjaan", &word("korjaan")), None);
        assert_eq!(closeness("soitamme", &word("soita*")), None);
        assert_eq!(closeness("pahoittelut", &word("pahoittelen")), Some(0));
        assert_eq!(closeness("talo", &word("korjaan")), None);
        assert_eq!(closeness("katsotaan", &word("katson")), Some(0));
        assert_eq!(closeness("asianumero", &word("asian")), None);
        assert_eq!(closeness("jarjestelmapaivityksen", &word("jarjestan")), None);
        assert_eq!(levenshtein(&['a', 'b'], &['b']), 1);
    }
}

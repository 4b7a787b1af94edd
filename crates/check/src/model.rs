//! A check's word model: reading a call's features, scoring them, and
//! training the weights from labelled calls.
//!
//! The model is plain logistic regression over binary features (see
//! [`tarkka_rubric::rules::Model`]), trained by full-batch gradient descent
//! with L2 regularisation in a fixed order, so that the same labels give
//! the same weights on every machine; the weights are then rounded to whole
//! thousandths and only the strongest kept, so that a QA lead can read the
//! whole model in the rubric and every verdict names the words that carried
//! it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use tarkka_rubric::rules::{Model, ModelUnit, Phrase, PhraseWord, Who, is_feature_word, stem_of};
use tarkka_transcript::Transcript;

use crate::folded::Folded;
use crate::speaks;

/// A feature must occur in at least this many training calls: one call's
/// own words are not a pattern.
pub const MIN_CALLS: usize = 2;
/// The strongest features a call model keeps (by absolute weight); a
/// turn model keeps every weight that is not zero in thousandths.
pub const KEEP: usize = 80;
/// Rounds of gradient descent.
const EPOCHS: usize = 300;
/// The step of each round.
const RATE: f64 = 0.5;
/// The L2 penalty, per example.
const PENALTY: f64 = 1.0;
/// The letters kept of each word by `tarkka check tune --model` and the
/// shipped models.
pub const STEM: usize = 6;

/// A weighed feature found in a call: the feature, its weight and the
/// words (indices into the folded words) of its first occurrence.
pub(crate) struct Found<'m> {
    pub(crate) feature: &'m str,
    pub(crate) weight: i64,
    pub(crate) words: Range<usize>,
}

/// Every feature of the turns `who` says, as training reads them (see
/// [`each_feature`]; a letter that folds again, as `İ`, makes a cut no
/// rubric could hold).
pub fn call_features(transcript: &Transcript, who: Who, stem: usize) -> BTreeSet<String> {
    turn_features(transcript, who, stem).into_iter().flatten().collect()
}

/// The features of each turn `who` says, one set per turn in transcript
/// order, as [`call_features`] reads them: what a `unit = "turn"` model
/// scores.
pub fn turn_features(transcript: &Transcript, who: Who, stem: usize) -> Vec<BTreeSet<String>> {
    let folded = Folded::new(transcript);
    let mut out = Vec::new();
    for (turn, spoken) in transcript.turns.iter().enumerate() {
        if !speaks(who, &spoken.speaker) {
            continue;
        }
        let mut features = BTreeSet::new();
        each_feature(&folded, turn, stem, |feature, _| {
            features.insert(feature.to_string());
        });
        out.push(features);
    }
    out
}

/// Every feature of turn `turn` as training cuts it, in the order of its
/// words, with the words it covers: each word's cut of `stem` letters if
/// that is a feature word of three letters or more, and the pair of it and
/// the word before. A word with a digit, or whose cut a rubric could not
/// hold, is no feature and breaks the pairs around it. What training reads
/// ([`turn_features`]) and what a turn model scores ([`score_turn`]) are
/// this one reading.
fn each_feature(
    folded: &Folded,
    turn: usize,
    stem: usize,
    mut visit: impl FnMut(&str, Range<usize>),
) {
    let mut pair = String::new();
    let mut previous: Option<(&str, usize)> = None;
    for index in folded.turns[turn].clone() {
        let word = folded.folded(index);
        let cut = stem_of(word, stem);
        if word.chars().any(char::is_numeric) || !is_feature_word(cut) {
            previous = None;
            continue;
        }
        if cut.chars().nth(2).is_some() {
            visit(cut, index..index + 1);
        }
        if let Some((before, at)) = previous {
            pair.clear();
            pair.push_str(before);
            pair.push(' ');
            pair.push_str(cut);
            visit(&pair, at..index + 1);
        }
        previous = Some((cut, index));
    }
}

/// The features of one sentence said by the agent, as a turn of its own.
pub fn sentence_features(sentence: &str, stem: usize) -> BTreeSet<String> {
    let turn = tarkka_transcript::Turn {
        index: 0,
        speaker: tarkka_transcript::Speaker::Agent,
        start: None,
        end: None,
        text: sentence.to_string(),
        line: 1,
    };
    call_features(&Transcript { turns: vec![turn] }, Who::Agent, stem)
}

/// The language a model's features are listed under in the automaton.
pub(crate) const LANGUAGE: &str = "model";

/// A feature as phrases for the automaton, which find every place the
/// feature may be: a word of `stem` letters as a prefix (any longer word
/// cut to it), a shorter one as itself (folding drops apostrophes, so
/// `don't` is the word `dont`). [`score`] checks each place as training
/// cut it.
pub(crate) fn prefilter(feature: &str, stem: usize) -> Vec<Phrase> {
    let mut phrases: Vec<Vec<PhraseWord>> = vec![Vec::new()];
    for part in feature.split(' ') {
        let letters = part.chars().count();
        let forms = [PhraseWord { folded: part.to_string(), prefix: letters >= stem, gap: false }];
        phrases = phrases
            .into_iter()
            .flat_map(|words| {
                forms.iter().map(move |form| {
                    let mut words = words.clone();
                    words.push(form.clone());
                    words
                })
            })
            .collect();
    }
    phrases.into_iter().map(|words| Phrase { text: feature.to_string(), words }).collect()
}

/// The score of a call, in thousandths, from the places the automaton
/// found the model's features (`feature`, words) in the turns the check
/// reads, in transcript order; and the features the model reads there,
/// each at its first occurrence, strongest first. A place counts only where the words, cut
/// as training cut them, are the feature: the same features
/// [`call_features`] gives. The call is found when the score is above the
/// model's threshold.
pub(crate) fn score<'m, 'c>(
    model: &'m Model,
    folded: &Folded,
    places: impl Iterator<Item = (&'c str, Range<usize>)>,
) -> (i64, Vec<Found<'m>>) {
    let mut found: Vec<Found<'m>> = Vec::new();
    for (feature, words) in places {
        let Some((key, &weight)) = model.weights.get_key_value(feature) else { continue };
        if found.iter().any(|f| f.feature == key) {
            continue;
        }
        let exact = words.clone().zip(key.split(' ')).all(|(index, part)| {
            let word = folded.folded(index);
            !word.chars().any(char::is_numeric) && stem_of(word, model.stem) == part
        });
        if exact {
            found.push(Found { feature: key, weight, words });
        }
    }
    let score = model.bias + found.iter().map(|f| f.weight).sum::<i64>();
    found.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.words.start.cmp(&b.words.start)));
    (score, found)
}

/// A turn model's score of turn `turn` and the features it weighs there,
/// each at its first place, strongest first: the turn's words cut as
/// [`turn_features`] cuts them, each feature looked up in `weights` (the
/// model's own, by feature).
pub(crate) fn score_turn<'m>(
    model: &'m Model,
    weights: &HashMap<&'m str, i64>,
    folded: &Folded,
    turn: usize,
) -> (i64, Vec<Found<'m>>) {
    let mut found: Vec<Found<'m>> = Vec::new();
    each_feature(folded, turn, model.stem, |key, words| {
        if let Some((&feature, &weight)) = weights.get_key_value(key)
            && !found.iter().any(|f| f.feature == feature)
        {
            found.push(Found { feature, weight, words });
        }
    });
    let score = model.bias + found.iter().map(|f| f.weight).sum::<i64>();
    found.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.words.start.cmp(&b.words.start)));
    (score, found)
}

/// Whether a call holding `features` scores above the model's threshold.
pub fn finds(model: &Model, features: &BTreeSet<String>) -> bool {
    score_of(model, features) > model.threshold
}

/// Whether a call whose units (the whole call for a call model, each
/// turn for a turn model) hold `units` scores above the threshold: one
/// unit above it is enough.
pub fn finds_any(model: &Model, units: &[BTreeSet<String>]) -> bool {
    units.iter().any(|features| finds(model, features))
}

/// The score of a call holding `features`, in thousandths.
pub fn score_of(model: &Model, features: &BTreeSet<String>) -> i64 {
    sum(model.bias, &model.weights, features)
}

/// `bias` plus the weight of every feature held.
fn sum(bias: i64, weights: &BTreeMap<String, i64>, features: &BTreeSet<String>) -> i64 {
    bias + features.iter().filter_map(|f| weights.get(f)).sum::<i64>()
}

/// One labelled call: its features and whether the auditors found the
/// behaviour the check looks for (for an absence check: they failed it).
#[derive(Clone, Debug)]
pub struct Labelled {
    /// Which call: two auditors' labels of one call share it.
    pub call: usize,
    /// Its features ([`call_features`]).
    pub features: BTreeSet<String>,
    /// The behaviour was there.
    pub found: bool,
}

/// Trains a model on labelled examples (calls, or for a turn model
/// sentences and turns); `None` when the labels are all one
/// way (nothing to learn) or no feature occurs in [`MIN_CALLS`] calls.
pub fn train(
    examples: &[Labelled],
    stem: usize,
    unit: ModelUnit,
    trained_on: String,
) -> Option<Model> {
    let positives = examples.iter().filter(|e| e.found).count();
    if positives == 0 || positives == examples.len() {
        return None;
    }
    // The distinct calls each feature is in (a call two auditors labelled
    // is one call).
    let mut calls: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for example in examples {
        for feature in &example.features {
            calls.entry(feature).or_default().insert(example.call);
        }
    }
    let vocabulary: Vec<&str> = calls
        .into_iter()
        .filter(|(_, calls)| calls.len() >= MIN_CALLS)
        .map(|(feature, _)| feature)
        .collect();
    if vocabulary.is_empty() {
        return None;
    }
    let index: BTreeMap<&str, usize> =
        vocabulary.iter().enumerate().map(|(at, &feature)| (feature, at)).collect();
    let rows: Vec<Vec<usize>> = examples
        .iter()
        .map(|e| e.features.iter().filter_map(|f| index.get(f.as_str()).copied()).collect())
        .collect();
    let n = examples.len() as f64;
    let mut weights = vec![0.0f64; vocabulary.len()];
    let mut bias = 0.0f64;
    let mut gradient = vec![0.0f64; vocabulary.len()];
    for _ in 0..EPOCHS {
        gradient.iter_mut().for_each(|g| *g = 0.0);
        let mut bias_gradient = 0.0;
        for (row, example) in rows.iter().zip(examples) {
            let z = bias + row.iter().map(|&at| weights[at]).sum::<f64>();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            let error = p - f64::from(u8::from(example.found));
            bias_gradient += error;
            for &at in row {
                gradient[at] += error;
            }
        }
        bias -= RATE * bias_gradient / n;
        for (weight, g) in weights.iter_mut().zip(&gradient) {
            *weight -= RATE * (g / n + PENALTY * *weight / n);
        }
    }
    let thousandths = |x: f64| (x * 1000.0).round() as i64;
    let bias = thousandths(bias);
    let mut strongest: Vec<(&str, i64)> = vocabulary
        .iter()
        .zip(&weights)
        .map(|(&feature, &weight)| (feature, thousandths(weight)))
        .filter(|&(_, weight)| weight != 0)
        .collect();
    strongest.sort_by(|a, b| b.1.abs().cmp(&a.1.abs()).then(a.0.cmp(b.0)));
    // A call model is read whole by a QA lead; a turn model's strength is
    // in its many small weights (each verdict still names its strongest).
    if unit == ModelUnit::Call {
        strongest.truncate(KEEP);
    }
    let weights: BTreeMap<String, i64> =
        strongest.into_iter().map(|(f, w)| (f.to_string(), w)).collect();
    // The rounded model's own scores: no training call without the
    // behaviour may be found, so the threshold is the highest of theirs;
    // and never below the bias, so that a call is found only by words it
    // holds, never for holding none of the weighed ones.
    let threshold = examples
        .iter()
        .filter(|e| !e.found)
        .map(|e| sum(bias, &weights, &e.features))
        .fold(bias, i64::max);
    Some(Model { trained_on, stem, bias, threshold, weights, unit })
}

/// A model as the rubric writes it: `[criterion.check.model]` with its
/// weights, strongest first, one per line.
pub fn model_toml(model: &Model) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("[criterion.check.model]\n");
    let quoted = |text: &str| toml_string(text);
    let _ = writeln!(out, "trained_on = {}", quoted(&model.trained_on));
    if model.unit != ModelUnit::Call {
        let _ = writeln!(out, "unit = {}", quoted(model.unit.name()));
    }
    let _ = writeln!(out, "stem = {}", model.stem);
    let _ = writeln!(out, "bias = {}", thousandths_text(model.bias));
    let _ = writeln!(out, "threshold = {}", thousandths_text(model.threshold));
    let _ = writeln!(out, "[criterion.check.model.weights]");
    let mut weights: Vec<(&String, &i64)> = model.weights.iter().collect();
    weights.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (feature, weight) in weights {
        let _ = writeln!(out, "{} = {}", quoted(feature), thousandths_text(*weight));
    }
    out
}

/// `295` → `0.295`, `-1500` → `-1.5`, `0` → `0.0`.
pub fn thousandths_text(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, part) = (value.unsigned_abs() / 1000, value.unsigned_abs() % 1000);
    let part = format!("{part:03}");
    let part = part.trim_end_matches('0');
    format!("{sign}{whole}.{}", if part.is_empty() { "0" } else { part })
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

//! Automatic checks of call and chat transcripts against a rubric's rules.
//!
//! A [`Checker`] is built once per rubric: every phrase of every check and
//! phrase set goes into one Aho-Corasick automaton over folded text (see
//! `docs/rules.md`). [`Checker::check`] then reads a transcript once — one
//! pass of the automaton over its folded words, plus each regular
//! expression over the turns — and judges every criterion that has a
//! check, keeping the words behind each verdict: the [`Hit`]s that made it
//! and the [`NearMiss`]es that almost did (the right words by the wrong
//! speaker, outside the window, after the offer, negated, or without the
//! time they needed).
//!
//! ```
//! use tarkka_check::{Checker, Encounter, Verdict};
//! use tarkka_transcript::read::{self, Format, SpeakerMap};
//!
//! let rubric = tarkka_rubric::parse(r#"
//! format = 1
//! id = "tiny"
//! version = "1"
//! title = { fi = "Pieni", en = "Tiny" }
//! channel = "call"
//! pass_threshold = 0.5
//!
//! [[section]]
//! id = "opening"
//! title = { fi = "Avaus", en = "Opening" }
//!
//! [[criterion]]
//! id = "opening.permission"
//! section = "opening"
//! text = { fi = "Kysyikö, sopiiko hetki?", en = "Asked if it is a good time?" }
//! [criterion.check]
//! within = { turns = 3 }
//! phrases.fi = ["sopiiko hetki", "ehdi*"]
//! "#).unwrap();
//!
//! let log = "Myyjä: Hei, täällä Sanna. Ehditkö jutella hetken?\nAsiakas: Ehdin.\n";
//! let (transcript, _) = read::read(Format::Text, log.as_bytes(), &SpeakerMap::default()).unwrap();
//! let checker = Checker::new(&rubric);
//! let outcomes = checker.check(&transcript, &Encounter::default());
//! assert_eq!(outcomes[0].verdict, Verdict::Pass);
//! assert_eq!(outcomes[0].hits[0].matched, "Ehditkö");
//! ```

mod folded;
pub mod model;
mod nearest;
mod promise;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Serialize;
use tarkka_rubric::rules::{
    Check, GAP_WORDS, ModelUnit, Near, PhraseWord, Who, Window, is_number_word,
};
use tarkka_rubric::{Criterion, Profile, Rubric};
use tarkka_transcript::{Millis, Speaker, Transcript};

use crate::folded::Folded;
pub use crate::nearest::{Candidate, nearest, phrases_of};
pub use crate::promise::{Deadline, Promise};

/// What a check needs to know about the encounter beyond the transcript.
#[derive(Clone, Debug, Default)]
pub struct Encounter {
    /// The customer profile the rubric's conditions and `language =
    /// "customer"` read.
    pub profile: Profile,
    /// When the encounter began, in its own time zone: promises' relative
    /// times ("tomorrow", "on Thursday") are resolved against it.
    pub start: Option<jiff::Zoned>,
}

/// A criterion's automatic verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The check passed.
    Pass,
    /// The check failed.
    Fail,
    /// The criterion does not apply to this customer.
    NotApplicable,
    /// The transcript or profile lacks what the check needs (see the reason).
    Undetermined,
}

impl Verdict {
    /// The word used in machine-readable output.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::NotApplicable => "not-applicable",
            Verdict::Undetermined => "undetermined",
        }
    }
}

/// Why a verdict is what it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// Enough matches were found (`found >= needed`).
    Found {
        /// How many qualifying matches.
        found: usize,
        /// How many were needed.
        needed: u32,
    },
    /// Too few matches were found.
    TooFew {
        /// How many qualifying matches.
        found: usize,
        /// How many were needed.
        needed: u32,
    },
    /// An absence check found none of its phrases.
    NoneFound,
    /// An absence check found some of its phrases.
    Forbidden {
        /// How many.
        found: usize,
    },
    /// The check found nothing, but the words of its `na_if` sets show the
    /// criterion was not needed (the hits): solved on the call, declined.
    NotNeeded {
        /// How many such words.
        found: usize,
    },
    /// What a presence check found was undone by the words of its
    /// `undone_by` set (the hits) the same speaker said after it.
    Undone {
        /// How many such words.
        found: usize,
    },
    /// An absence check's phrases found nothing, but its model's score is
    /// above its threshold: the hits are the words that weighed most
    /// toward it.
    Model {
        /// The call's score, in thousandths.
        score: i64,
        /// The model's threshold, in thousandths.
        threshold: i64,
    },
    /// The criterion's `when`/`unless` excludes this customer.
    ConditionNotMet,
    /// The profile lacks a field the criterion or check reads.
    MissingProfileField {
        /// The field.
        field: String,
    },
    /// The window is in seconds but some turn has no time.
    NoTimes,
    /// No turn is said by the speaker the check reads.
    NoSpeaker {
        /// Whose turns were looked for.
        who: String,
    },
}

/// Where some words were found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The turn's index in the transcript, from 0.
    pub turn: usize,
    /// The source line the turn starts on.
    pub line: usize,
    /// When the turn starts, if known.
    pub start: Option<Millis>,
    /// Who said it.
    pub speaker: Speaker,
    /// The byte range of the matched words in the turn's text.
    pub span: Range<usize>,
    /// The matched words as written in the transcript.
    pub matched: String,
    /// The phrase (as written in the rubric) or regular expression that matched.
    pub phrase: String,
    /// The phrase set it belongs to, when named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<String>,
    /// The phrase's language; none for a regular expression or a model's
    /// feature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A model's feature: its weight in thousandths (`phrase` is the
    /// feature).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// The phrase of another set that made this one count (a set's
    /// `near`): "varmaan" counted with "väärin". `span` and `matched` then
    /// run from the first of the two to the last, as a `...` phrase's do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<With>,
}

/// The phrase a set's `near` found beside a hit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct With {
    /// The phrase as written in the rubric.
    pub phrase: String,
    /// Its set.
    pub set: String,
}

/// Why a match did not count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Miss {
    /// Said by someone whose turns the check does not read.
    WrongSpeaker,
    /// Outside the check's window.
    OutsideWindow,
    /// A negation word comes just before it.
    Negated {
        /// The negation word as written.
        word: String,
    },
    /// No phrase of the `near` set close enough in the same turn.
    NotNear {
        /// The set.
        set: String,
        /// The largest distance allowed, in words.
        words: u32,
    },
    /// After the first phrase of the `before` set.
    AfterBefore {
        /// The set.
        set: String,
        /// The turn of that first phrase.
        turn: usize,
    },
    /// Not in a question, and the check counts questions.
    NotAQuestion,
    /// Asked, where its set says `asked = false`: "millon se näkyy?"
    /// settles nothing.
    Asked,
    /// It counted, but the check needs more matches than were found.
    TooFew {
        /// How many were needed.
        needed: u32,
    },
    /// In a language other than the customer's.
    OtherLanguage {
        /// The customer's language.
        customer: String,
    },
    /// A phrase of the `unless_near` set close by changes what the match
    /// means: a forbidden phrase qualified ("someone will call you
    /// *tomorrow at ten*"), a stock form ("we apologise *for any
    /// inconvenience*"), a question about something else ("have you a
    /// minute, or shall I ring back *later*?").
    Qualified {
        /// The set.
        set: String,
        /// The largest distance, in words.
        words: u32,
    },
    /// It counted, but words of the `undone_by` set the same speaker said
    /// later undo it.
    Undone {
        /// The set.
        set: String,
    },
    /// It counted, but the other party's next turn says words of the
    /// `undone_by_reply` set: "mistä asiasta?" — it did not land.
    Unplaced {
        /// The set.
        set: String,
    },
}

/// A match that did not count, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NearMiss {
    /// Where.
    #[serde(flatten)]
    pub hit: Hit,
    /// Why it did not count.
    pub reason: Miss,
}

/// One criterion's automatic result on one transcript.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The criterion.
    pub criterion: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: Reason,
    /// The matches that counted: for a presence check what made it pass,
    /// for an absence check the forbidden words found.
    pub hits: Vec<Hit>,
    /// Matches that did not count.
    pub near_misses: Vec<NearMiss>,
    /// For a promise check: each commitment with its deadline.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub promises: Vec<Promise>,
    /// An absence check whose phrases found nothing: what its word model
    /// read, at or below its threshold (a model's fail is its reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelReading>,
}

/// A word model's score of a call it did not find anything in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ModelReading {
    /// The call's score, in thousandths.
    pub score: i64,
    /// The model's threshold, in thousandths.
    pub threshold: i64,
}

/// The most words a model's verdict names (its strongest).
const MODEL_HITS: usize = 8;

/// Negation words, folded, per phrase language; a regular expression's
/// match uses all of them.
const NEGATIONS: &[(&str, &[&str])] = &[
    ("fi", &["ei", "en", "et", "emme", "ette", "eivat", "eika", "enka", "etka"]),
    (
        "en",
        &[
            "not", "never", "dont", "didnt", "wont", "cant", "cannot", "isnt", "wasnt", "doesnt",
            "shouldnt", "wouldnt", "couldnt",
        ],
    ),
    ("sv", &["inte", "aldrig", "icke"]),
];
/// Words that open a clause a negation before them reaches into ("en
/// voi luvata, että soitan").
const COMPLEMENTIZERS: &[&str] = &["etta", "that", "att"];
/// Words after which a Finnish `et` is spoken "että" ("sä haluut et mä
/// soitan", "mikä vaikutti et te päädyitte"), not the negation "you do
/// not" ("et voi", "et oo"), which a verb or an adverb follows: subject
/// pronouns the negation `et` cannot go with, and words that open a
/// clause. "Et sä voi" is still "you cannot".
const ET_AS_THAT_BEFORE: &[&str] = &[
    "ma", "maa", "mina", "se", "ne", "me", "te", "han", "he", "tama", "taa", "toi", "tuo", "mun",
    "mul", "mulla", "meil", "teil", "meilla", "teilla", "niil", "siel", "siella", "tassa", "jos",
    "kun", "ku", "koska", "vaikka", "ei", "mita", "miten", "mika", "kuka", "missa", "mihin",
    "mista", "onko", "onks",
];
/// Endings of the passive ("jatketaan", "tehdään", "soitettiin"): the
/// negative verb "et" never comes before one, so a spoken "et" there is
/// "että" ("mites haluut et jatketaan teamsissa").
const PASSIVE_ENDINGS: &[&str] = &["taan", "daan", "tiin", "diin"];
/// Words with those endings that are no passive: "et mitään", "et yhtään",
/// "et ketään" are negations.
const NOT_PASSIVE: &[&str] = &["mitaan", "yhtaan", "ketaan"];
/// Finite forms of "olla" (to be): after a spoken "et" they make it "että".
const FINITE_OLLA: &[&str] =
    &["on", "oli", "ois", "olis", "olisi", "ovat", "oon", "oot", "ootte", "ollaan", "oltiin"];
/// How many words before a match a negation word is looked for, within
/// the match's clause ("Voi ei, olen pahoillani" is not negated).
const NEGATION_REACH: usize = 5;
/// In raw speech-to-text, which has no punctuation to end a clause, a
/// first-person subject opens a new one: "thats not how it should go i
/// will take care of this" takes the case on. Folded, per phrase language.
const SUBJECTS: &[(&str, &[&str])] = &[
    ("fi", &["ma", "mina", "me"]),
    ("en", &["i", "ill", "im", "ive", "we"]),
    ("sv", &["jag", "vi"]),
];
/// ... unless the word before it carries the negation into it: "i dont
/// think ill call", "en voi luvata et mä soitan", "inte säker att jag",
/// or is the negation itself ("en mä ees kysy sopiiko hetki").
const CARRIES_INTO: &[&str] = &[
    "think", "believe", "guess", "suppose", "promise", "say", "sure", "know", "expect", "if",
    "whether", "that", "usko", "luule", "luulen", "lupaa", "luvata", "tieda", "tiia", "varma",
    "jos", "etta", "et", "tror", "lova", "lovar", "vet", "saker", "om", "att",
];

/// Where one phrase list comes from: a named set or a check's own phrases.
#[derive(Debug)]
struct List {
    set: Option<String>,
    /// The set says `negated = true`: its phrases count negated as well.
    negated: bool,
    /// The set says `asked = false`: its phrases do not count asked.
    asked: bool,
}

type ListId = usize;

/// One use of an automaton pattern: the phrase it starts.
#[derive(Debug)]
struct PatternUse {
    list: ListId,
    language: String,
    phrase: String,
    /// How many of the phrase's words the pattern covers.
    covered: usize,
    /// The words after them, checked one by one.
    rest: Vec<PhraseWord>,
}

/// A found phrase, before any check's rules are applied.
#[derive(Clone, Debug)]
struct Occurrence {
    turn: usize,
    first_word: usize,
    last_word: usize,
    /// Byte range in the turn's text.
    span: Range<usize>,
    /// Index into the pattern uses, or into the regex table (offset by
    /// the number of uses) for a regular expression.
    source: Source,
    /// The nearest phrase of the set's `near` set, which made it count:
    /// its byte range in the same turn and its source.
    with: Option<(Range<usize>, Source)>,
}

#[derive(Clone, Copy, Debug)]
enum Source {
    Phrase(usize),
    Regex(usize),
}

#[derive(Debug)]
struct CompiledCheck<'r> {
    criterion: &'r Criterion,
    check: &'r Check,
    lists: Vec<ListId>,
    before: Option<ListId>,
    near: Option<ListId>,
    unless_near: Option<ListId>,
    na_if: Vec<ListId>,
    na_who: Who,
    undone_by: Vec<ListId>,
    undone_by_reply: Option<ListId>,
    unless_then: Option<ListId>,
    /// A call model's features, as prefix phrases: the automaton finds
    /// where they may be, [`model::score`] keeps those the model reads.
    model: Option<ListId>,
    /// A turn model's weights by feature, for [`model::score_turn`], which
    /// cuts each turn's words as training does: thousands of features, most
    /// of them common words, would make the automaton report nearly every
    /// word.
    turn_model: Option<HashMap<&'r str, i64>>,
}

/// A phrase set read with another: its occurrences count only with one of
/// `near` close by and none of `unless_near`.
#[derive(Debug)]
struct SetNear<'r> {
    list: ListId,
    near: Option<(ListId, &'r Near)>,
    unless_near: Option<(ListId, &'r Near)>,
}

/// A rubric's checks, compiled for matching.
#[derive(Debug)]
pub struct Checker<'r> {
    rubric: &'r Rubric,
    automaton: Option<AhoCorasick>,
    /// Per automaton pattern, the phrases that start with it.
    patterns: Vec<Vec<usize>>,
    uses: Vec<PatternUse>,
    lists: Vec<List>,
    regexes: Vec<(&'r tarkka_rubric::rules::Pattern, ListId, Option<regex::Regex>)>,
    checks: Vec<CompiledCheck<'r>>,
    /// Phrase sets whose phrases count only near a phrase of another set,
    /// or only away from one: the set's list, and each with its other list
    /// and how near.
    set_near: Vec<SetNear<'r>>,
}

impl<'r> Checker<'r> {
    /// Compiles every check of `rubric`.
    pub fn new(rubric: &'r Rubric) -> Checker<'r> {
        let mut builder = Builder::default();
        let mut set_lists: BTreeMap<&str, ListId> = BTreeMap::new();
        for (name, set) in &rubric.phrases {
            let list = builder.list(Some(name.clone()));
            builder.lists[list].negated = set.negated;
            builder.lists[list].asked = set.asked;
            set_lists.insert(name, list);
            for (language, phrases) in &set.languages {
                for phrase in phrases {
                    builder.phrase(list, language, phrase);
                }
            }
        }
        let set_near = rubric
            .phrases
            .values()
            .filter(|set| set.near.is_some() || set.unless_near.is_some())
            .map(|set| {
                let with_list = |near: &'r Near| (set_lists[near.set.as_str()], near);
                SetNear {
                    list: set_lists[set.name.as_str()],
                    near: set.near.as_ref().map(with_list),
                    unless_near: set.unless_near.as_ref().map(with_list),
                }
            })
            .collect();
        let mut regexes = Vec::new();
        let mut checks = Vec::new();
        for criterion in &rubric.criteria {
            let Some(check) = &criterion.check else { continue };
            let mut lists: Vec<ListId> =
                check.sets.iter().map(|set| set_lists[set.as_str()]).collect();
            if !check.phrases.is_empty() || !check.regex.is_empty() {
                let own = builder.list(None);
                for (language, phrases) in &check.phrases {
                    for phrase in phrases {
                        builder.phrase(own, language, phrase);
                    }
                }
                lists.push(own);
            }
            let own = *lists.last().expect("a validated check looks for something");
            let calls = check.model.as_ref().filter(|model| model.unit == ModelUnit::Call);
            let turn_model = check.model.as_ref().filter(|model| model.unit == ModelUnit::Turn);
            let turn_model = turn_model.map(|model| {
                model.weights.iter().map(|(feature, &weight)| (feature.as_str(), weight)).collect()
            });
            let model = calls.map(|model| {
                let list = builder.list(None);
                for feature in model.weights.keys() {
                    for phrase in model::prefilter(feature, model.stem) {
                        builder.phrase(list, model::LANGUAGE, &phrase);
                    }
                }
                list
            });
            regexes.extend(check.regex.iter().map(|pattern| (pattern, own, prefilter(pattern))));
            checks.push(CompiledCheck {
                criterion,
                check,
                lists,
                before: check.before.as_deref().map(|set| set_lists[set]),
                near: check.near.as_ref().map(|near| set_lists[near.set.as_str()]),
                unless_near: check.unless_near.as_ref().map(|near| set_lists[near.set.as_str()]),
                na_if: check.na_if.iter().map(|set| set_lists[set.as_str()]).collect(),
                na_who: check.na_who,
                undone_by: check.undone_by.iter().map(|set| set_lists[set.as_str()]).collect(),
                undone_by_reply: check.undone_by_reply.as_deref().map(|set| set_lists[set]),
                unless_then: check.unless_then.as_deref().map(|set| set_lists[set]),
                model,
                turn_model,
            });
        }
        let (automaton, patterns) = builder.automaton();
        Checker {
            rubric,
            automaton,
            patterns,
            uses: builder.uses,
            lists: builder.lists,
            regexes,
            checks,
            set_near,
        }
    }

    /// The rubric the checker was built from.
    pub fn rubric(&self) -> &'r Rubric {
        self.rubric
    }

    /// How many criteria have a check.
    pub fn len(&self) -> usize {
        self.checks.len()
    }

    /// Whether no criterion has a check.
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
    }

    /// Judges every checked criterion on one transcript, in rubric order.
    pub fn check(&self, transcript: &Transcript, encounter: &Encounter) -> Vec<Outcome> {
        let folded = Folded::new(transcript);
        let mut by_list = self.occurrences(transcript, &folded);
        // A set's phrases with no phrase of its `near` set close by, or
        // qualified by its `unless_near` set, or asked where the set says
        // `asked = false`, are not there at all, wherever the set is used.
        // What they drop is kept too, to show `--explain` why it did not
        // count.
        let mut dropped: Vec<(ListId, Occurrence, Miss)> = Vec::new();
        for (list, occurrences) in by_list.iter_mut().enumerate() {
            if !self.lists[list].asked {
                occurrences.retain(|occurrence| {
                    let asked = folded.asked(occurrence.first_word);
                    if asked {
                        dropped.push((list, occurrence.clone(), Miss::Asked));
                    }
                    !asked
                });
            }
        }
        let kept: Vec<(ListId, Vec<Occurrence>)> = {
            let run = Run {
                checker: self,
                transcript,
                folded: &folded,
                by_list: &by_list,
                dropped: &[],
                encounter,
            };
            self.set_near
                .iter()
                .map(|set| {
                    // Kept with the nearest phrase of its `near` set, which
                    // made it count.
                    let counts = |o: &Occurrence| -> Result<Occurrence, Miss> {
                        let with = match set.near {
                            Some((list, near)) => {
                                let nearest = *run
                                    .near_occurrences(list, o, near)
                                    .first()
                                    .ok_or_else(|| Miss::NotNear {
                                        set: near.set.clone(),
                                        words: near.words,
                                    })?;
                                Some((nearest.span.clone(), nearest.source))
                            }
                            None => None,
                        };
                        if let Some((list, near)) = set.unless_near
                            && run.qualified(list, o, near)
                        {
                            return Err(Miss::Qualified {
                                set: near.set.clone(),
                                words: near.words,
                            });
                        }
                        Ok(Occurrence { with, ..o.clone() })
                    };
                    let mut kept = Vec::new();
                    for occurrence in &by_list[set.list] {
                        match counts(occurrence) {
                            Ok(occurrence) => kept.push(occurrence),
                            Err(miss) => dropped.push((set.list, occurrence.clone(), miss)),
                        }
                    }
                    (set.list, kept)
                })
                .collect()
        };
        for (list, occurrences) in kept {
            by_list[list] = occurrences;
        }
        let run = Run {
            checker: self,
            transcript,
            folded: &folded,
            by_list: &by_list,
            dropped: &dropped,
            encounter,
        };
        self.checks.iter().map(|compiled| run.judge(compiled)).collect()
    }

    /// Every phrase and regular expression found, per list, in transcript
    /// order.
    fn occurrences(&self, transcript: &Transcript, folded: &Folded) -> Vec<Vec<Occurrence>> {
        let mut by_list: Vec<Vec<Occurrence>> = vec![Vec::new(); self.lists.len()];
        if let Some(automaton) = &self.automaton {
            for found in automaton.find_overlapping_iter(&folded.text) {
                // Patterns start with the space before a word.
                let Some(first) = folded.word_at(found.start() + 1) else { continue };
                for &use_index in &self.patterns[found.pattern().as_usize()] {
                    let used = &self.uses[use_index];
                    let Some(last) = self.rest_matches(folded, first, used) else { continue };
                    let turn = folded.words[first].turn as usize;
                    let span = folded.words[first].original.start as usize
                        ..folded.words[last].original.end as usize;
                    by_list[used.list].push(Occurrence {
                        turn,
                        first_word: first,
                        last_word: last,
                        span,
                        source: Source::Phrase(use_index),
                        with: None,
                    });
                }
            }
        }
        for (index, (pattern, list, prefilter)) in self.regexes.iter().enumerate() {
            for (turn_index, turn) in transcript.turns.iter().enumerate() {
                if prefilter.as_ref().is_some_and(|prefilter| !prefilter.is_match(&turn.text)) {
                    continue;
                }
                for found in pattern.regex.find_iter(&turn.text) {
                    if found.is_empty() {
                        continue;
                    }
                    let (Some(first), Some(last)) = (
                        folded.word_from(turn_index, found.start()),
                        folded.word_before(turn_index, found.end()),
                    ) else {
                        continue;
                    };
                    by_list[*list].push(Occurrence {
                        turn: turn_index,
                        first_word: first,
                        last_word: last.max(first),
                        span: found.range(),
                        source: Source::Regex(index),
                        with: None,
                    });
                }
            }
        }
        for occurrences in &mut by_list {
            occurrences
                .sort_by_key(|o| (o.first_word, o.span.start, std::cmp::Reverse(o.span.end)));
        }
        by_list
    }

    /// The last word of a phrase starting at word `first`, if its words
    /// after the automaton's part follow in the same turn.
    fn rest_matches(&self, folded: &Folded, first: usize, used: &PatternUse) -> Option<usize> {
        follows(folded, first + used.covered - 1, &used.rest)
    }
}

/// The last word of `rest` matched after word `last`, in its turn: each
/// word next to the one before, or after a `...` up to [`GAP_WORDS`] words
/// on in the same clause, the nearest that lets the rest match.
fn follows(folded: &Folded, last: usize, rest: &[PhraseWord]) -> Option<usize> {
    let Some((word, more)) = rest.split_first() else { return Some(last) };
    let before = &folded.words[last];
    let skips = if word.gap { GAP_WORDS } else { 0 };
    for index in last + 1..=last + 1 + skips {
        let candidate = folded.words.get(index)?;
        if candidate.turn != before.turn || (word.gap && candidate.clause != before.clause) {
            return None;
        }
        if !word.fits(folded.folded(index)) {
            continue;
        }
        // A `#` takes a run of number words: "twenty five", "kaksi sataa".
        let mut last_of_word = index;
        if word.is_number() {
            while folded.words.get(last_of_word + 1).is_some_and(|next| {
                next.turn == candidate.turn && is_number_word(folded.folded(last_of_word + 1))
            }) {
                last_of_word += 1;
            }
        }
        for end_of_word in (index..=last_of_word).rev() {
            if let Some(end) = follows(folded, end_of_word, more) {
                return Some(end);
            }
        }
    }
    None
}

/// A regular expression that matches wherever `pattern` does and is cheap
/// to run: the same expression without its look-around assertions (`\b`,
/// `^`, `$`). Unicode word boundaries keep the regex crate off its fast
/// DFA on non-ASCII text such as Finnish; dropping them only widens the
/// language, so a turn the prefilter rejects cannot match. `None` when the
/// pattern has no assertions to drop.
fn prefilter(pattern: &tarkka_rubric::rules::Pattern) -> Option<regex::Regex> {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};

    fn strip(hir: &Hir, stripped: &mut bool) -> Hir {
        match hir.kind() {
            HirKind::Look(_) => {
                *stripped = true;
                Hir::empty()
            }
            HirKind::Repetition(repetition) => Hir::repetition(Repetition {
                sub: Box::new(strip(&repetition.sub, stripped)),
                ..repetition.clone()
            }),
            HirKind::Capture(capture) => Hir::capture(Capture {
                sub: Box::new(strip(&capture.sub, stripped)),
                ..capture.clone()
            }),
            HirKind::Concat(parts) => {
                Hir::concat(parts.iter().map(|part| strip(part, stripped)).collect())
            }
            HirKind::Alternation(parts) => {
                Hir::alternation(parts.iter().map(|part| strip(part, stripped)).collect())
            }
            _ => hir.clone(),
        }
    }

    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(&pattern.source)
        .ok()?;
    let mut stripped = false;
    let widened = strip(&hir, &mut stripped);
    if !stripped {
        return None;
    }
    regex::Regex::new(&widened.to_string()).ok()
}

#[derive(Default)]
struct Builder {
    lists: Vec<List>,
    uses: Vec<PatternUse>,
    /// Pattern text to its index.
    index: HashMap<String, usize>,
    patterns: Vec<Vec<usize>>,
}

impl Builder {
    fn list(&mut self, set: Option<String>) -> ListId {
        self.lists.push(List { set, negated: false, asked: true });
        self.lists.len() - 1
    }

    fn phrase(&mut self, list: ListId, language: &str, phrase: &tarkka_rubric::rules::Phrase) {
        // The automaton matches up to and including the first `*` word, or
        // up to the first `...`; the words after it are checked one by one.
        let covered = phrase
            .words
            .iter()
            .enumerate()
            .find_map(|(i, word)| {
                if word.gap || word.is_number() {
                    Some(i)
                } else if word.prefix {
                    Some(i + 1)
                } else {
                    None
                }
            })
            .unwrap_or(phrase.words.len());
        let mut pattern = String::new();
        for word in &phrase.words[..covered] {
            pattern.push(' ');
            pattern.push_str(&word.folded);
        }
        if !phrase.words[covered - 1].prefix {
            pattern.push(' ');
        }
        self.uses.push(PatternUse {
            list,
            language: language.to_string(),
            phrase: phrase.text.clone(),
            covered,
            rest: phrase.words[covered..].to_vec(),
        });
        let use_index = self.uses.len() - 1;
        let next = self.patterns.len();
        let pattern_index = *self.index.entry(pattern).or_insert(next);
        if pattern_index == next {
            self.patterns.push(Vec::new());
        }
        self.patterns[pattern_index].push(use_index);
    }

    fn automaton(&mut self) -> (Option<AhoCorasick>, Vec<Vec<usize>>) {
        if self.patterns.is_empty() {
            return (None, Vec::new());
        }
        let mut texts = vec![String::new(); self.patterns.len()];
        for (text, &index) in &self.index {
            texts[index] = text.clone();
        }
        // A full DFA: a few hundred short patterns make a small one, and it
        // is the fastest to run over tens of megabytes.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .expect("a few thousand short patterns always build");
        (Some(automaton), std::mem::take(&mut self.patterns))
    }
}

/// One transcript being judged.
struct Run<'a, 'r> {
    checker: &'a Checker<'r>,
    transcript: &'a Transcript,
    folded: &'a Folded,
    by_list: &'a [Vec<Occurrence>],
    /// A `near` set's occurrences its filter dropped, and why.
    dropped: &'a [(ListId, Occurrence, Miss)],
    encounter: &'a Encounter,
}

impl Run<'_, '_> {
    fn judge(&self, compiled: &CompiledCheck<'_>) -> Outcome {
        let criterion = compiled.criterion;
        let check = compiled.check;
        let outcome = |verdict, reason| Outcome {
            criterion: criterion.id.clone(),
            verdict,
            reason,
            hits: Vec::new(),
            near_misses: Vec::new(),
            promises: Vec::new(),
            model: None,
        };
        match criterion.applies_to(&self.encounter.profile) {
            Ok(true) => {}
            Ok(false) => return outcome(Verdict::NotApplicable, Reason::ConditionNotMet),
            Err(missing) => {
                return outcome(
                    Verdict::Undetermined,
                    Reason::MissingProfileField { field: missing.0 },
                );
            }
        }
        let customer_language = if check.customer_language {
            match self.encounter.profile.get("language") {
                Some(value) => Some(value.to_string()),
                None => {
                    return outcome(
                        Verdict::Undetermined,
                        Reason::MissingProfileField { field: "language".to_string() },
                    );
                }
            }
        } else {
            None
        };
        let turns = &self.transcript.turns;
        if check.within.needs_times() && turns.iter().any(|turn| turn.start.is_none()) {
            return outcome(Verdict::Undetermined, Reason::NoTimes);
        }
        if check.who != Who::Either && !turns.iter().any(|turn| speaks(check.who, &turn.speaker)) {
            return outcome(
                Verdict::Undetermined,
                Reason::NoSpeaker { who: check.who.name().to_string() },
            );
        }

        let window = self.window(check.within);
        let before = compiled.before.and_then(|list| {
            self.by_list[list]
                .iter()
                .find(|o| speaks(check.who, &turns[o.turn].speaker))
                .map(|o| (o.first_word, o.turn))
        });
        let mut candidates: Vec<&Occurrence> =
            compiled.lists.iter().flat_map(|&list| &self.by_list[list]).collect();
        candidates.sort_by_key(|o| (o.first_word, o.span.start, std::cmp::Reverse(o.span.end)));

        let mut hits: Vec<(Hit, &Occurrence)> = Vec::new();
        let mut near_misses = Vec::new();
        for occurrence in candidates {
            let hit = self.hit(occurrence);
            let miss = self.miss(compiled, occurrence, &hit, &window, before, &customer_language);
            match miss {
                Some(reason) => near_misses.push(NearMiss { hit, reason }),
                None => {
                    // Overlapping matches (`mitä` inside `mitä mieltä`) count once,
                    // a `near` set's by the words its hit spans ("driver
                    // probably just forgot" holds "probably just forgot").
                    // A question counts once per clause, whatever words it
                    // holds: "Hur tar ni betalt i dag, och vad fungerar
                    // mindre bra?" asks two.
                    let clause_of = |o: &Occurrence| self.folded.words[o.first_word].clause;
                    let overlaps = hits.iter().any(|(kept_hit, kept)| {
                        (kept.turn == occurrence.turn
                            && kept_hit.span.start < hit.span.end
                            && hit.span.start < kept_hit.span.end)
                            || (check.question && clause_of(kept) == clause_of(occurrence))
                    });
                    if !overlaps {
                        hits.push((hit, occurrence));
                    }
                }
            }
        }
        // A set's words its `near` or `unless_near` did not let count.
        let dropped = self.dropped.iter().filter(|(list, occurrence, _)| {
            compiled.lists.contains(list) && speaks(check.who, &turns[occurrence.turn].speaker)
        });
        for (_, occurrence, miss) in dropped {
            near_misses.push(NearMiss { hit: self.hit(occurrence), reason: miss.clone() });
        }
        near_misses.sort_by_key(|miss| (miss.hit.turn, miss.hit.span.start));
        near_misses.dedup_by(|a, b| a.hit.turn == b.hit.turn && a.hit.span == b.hit.span);

        // A match its speaker undoes later (`undone_by`) does not count:
        // the last word wins.
        let undoing = self.undone(compiled, &mut hits, &mut near_misses);
        let found = hits.len();
        let mut reading = None;
        let (verdict, reason) = if check.absent {
            if found == 0 {
                if let Some(model) = &check.model {
                    let (score, weighed) = self.weigh(compiled, model);
                    if score > model.threshold {
                        let hits = weighed
                            .iter()
                            .filter(|found| found.weight > 0)
                            .take(MODEL_HITS)
                            .map(|found| self.feature_hit(found))
                            .collect();
                        return Outcome {
                            criterion: criterion.id.clone(),
                            verdict: Verdict::Fail,
                            reason: Reason::Model { score, threshold: model.threshold },
                            hits,
                            near_misses,
                            promises: Vec::new(),
                            model: None,
                        };
                    }
                    reading = Some(ModelReading { score, threshold: model.threshold });
                }
                (Verdict::Pass, Reason::NoneFound)
            } else {
                (Verdict::Fail, Reason::Forbidden { found })
            }
        } else if found >= check.min_count as usize {
            (Verdict::Pass, Reason::Found { found, needed: check.min_count })
        } else {
            let not_needed = self.not_needed(compiled);
            if not_needed.is_empty() {
                // The `na_if` words that were only asked ("millon se
                // näkyy?"), so that `--explain` says why they settle nothing.
                let asked = self.dropped.iter().filter(|(list, occurrence, _)| {
                    compiled.na_if.contains(list)
                        && speaks(compiled.na_who, &turns[occurrence.turn].speaker)
                });
                for (_, occurrence, miss) in asked {
                    near_misses.push(NearMiss { hit: self.hit(occurrence), reason: miss.clone() });
                }
                near_misses.sort_by_key(|miss| (miss.hit.turn, miss.hit.span.start));
            }
            // What was found is kept among the near misses; the hits are the
            // words that show the criterion was not needed, or that undid
            // what was found.
            let (verdict, reason, words) = match (not_needed.is_empty(), undoing.is_empty()) {
                (true, true) => {
                    (Verdict::Fail, Reason::TooFew { found, needed: check.min_count }, None)
                }
                (true, false) => {
                    (Verdict::Fail, Reason::Undone { found: undoing.len() }, Some(undoing))
                }
                (false, _) => {
                    let found = not_needed.len();
                    (Verdict::NotApplicable, Reason::NotNeeded { found }, Some(not_needed))
                }
            };
            match words {
                None => (verdict, reason),
                Some(words) => {
                    near_misses.extend(hits.drain(..).map(|(hit, _)| NearMiss {
                        hit,
                        reason: Miss::TooFew { needed: check.min_count },
                    }));
                    near_misses.sort_by_key(|miss| (miss.hit.turn, miss.hit.span.start));
                    return Outcome {
                        criterion: criterion.id.clone(),
                        verdict,
                        reason,
                        hits: words,
                        near_misses,
                        promises: Vec::new(),
                        model: None,
                    };
                }
            }
        };
        let promises = if check.promise {
            let near = compiled.near.expect("a validated promise check has `near`");
            let near_rule = check.near.as_ref().expect("a validated promise check has `near`");
            // Commitments that share their time ("I'll call and I'll send
            // it tomorrow") are one promise.
            let mut seen_times = Vec::new();
            let mut promises = Vec::new();
            for (hit, occurrence) in &hits {
                let times = self.near_occurrences(near, occurrence, near_rule);
                let time_key = times.first().map(|time| (time.turn, time.span.start));
                if time_key.is_some_and(|key| seen_times.contains(&key)) {
                    continue;
                }
                seen_times.extend(time_key);
                promises.push(promise::resolve(
                    hit.clone(),
                    self.folded,
                    &self.transcript.turns[occurrence.turn].text,
                    occurrence,
                    &times,
                    self.encounter.start.as_ref(),
                ));
            }
            promises
        } else {
            Vec::new()
        };
        Outcome {
            criterion: criterion.id.clone(),
            verdict,
            reason,
            hits: hits.into_iter().map(|(hit, _)| hit).collect(),
            near_misses,
            promises,
            model: reading,
        }
    }

    /// The words of the check's `na_if` sets, by `na_who`, not negated and,
    /// for a set that says `asked = false`, not asked: "millon se näkyy?"
    /// or "is it sorted now?" shows that the case is not settled yet.
    fn not_needed(&self, compiled: &CompiledCheck<'_>) -> Vec<Hit> {
        self.said(&compiled.na_if, compiled.na_who)
    }

    /// Moves the matches that the same speaker's `undone_by` words follow
    /// later, or that the other party's next turn answers with
    /// `undone_by_reply` words, from `hits` to `near_misses`; returns the
    /// words that undid them.
    fn undone(
        &self,
        compiled: &CompiledCheck<'_>,
        hits: &mut Vec<(Hit, &Occurrence)>,
        near_misses: &mut Vec<NearMiss>,
    ) -> Vec<Hit> {
        let mut undoing = self.unplaced(compiled, hits, near_misses);
        undoing.extend(self.undone_later(compiled, hits, near_misses));
        undoing.sort_by_key(|hit| (hit.turn, hit.span.start));
        undoing.dedup_by(|a, b| a.turn == b.turn && a.span == b.span);
        undoing
    }

    /// The matches whose other party's next turn says `undone_by_reply`
    /// words, moved to `near_misses`; returns those words.
    fn unplaced(
        &self,
        compiled: &CompiledCheck<'_>,
        hits: &mut Vec<(Hit, &Occurrence)>,
        near_misses: &mut Vec<NearMiss>,
    ) -> Vec<Hit> {
        let (Some(list), Some(set)) = (compiled.undone_by_reply, &compiled.check.undone_by_reply)
        else {
            return Vec::new();
        };
        let turns = &self.transcript.turns;
        // Negated or not: "en tiedä mistä on kyse" places the matter no
        // better than "mistä on kyse?".
        let replies = self.said_as_is(&[list], Who::Either);
        // The other party's next turn: the first later turn of another
        // speaker who is the agent or the customer.
        let reply_turn = |hit: &Hit| {
            (hit.turn + 1..turns.len()).find(|&t| {
                turns[t].speaker != hit.speaker
                    && matches!(turns[t].speaker, Speaker::Agent | Speaker::Customer)
            })
        };
        let answering = |hit: &Hit| -> Vec<Hit> {
            let Some(turn) = reply_turn(hit) else { return Vec::new() };
            replies.iter().filter(|reply| reply.turn == turn).cloned().collect()
        };
        // `unless_then`: the match's speaker says a phrase of the set (not
        // negated) after the match in its own turn ("sopiiko hetki, vai
        // soitanko myöhemmin?") or in their next turn after the reply, and
        // the match stands.
        let then = compiled.unless_then.map(|list| self.said(&[list], Who::Either));
        let answered_then = |hit: &Hit, answer: &[Hit]| {
            let (Some(then), Some(reply)) = (&then, answer.first()) else { return false };
            let next = (reply.turn + 1..turns.len()).find(|&t| turns[t].speaker == hit.speaker);
            then.iter().any(|words| {
                (words.turn == hit.turn && words.span.start >= hit.span.end)
                    || Some(words.turn) == next
            })
        };
        let mut words = Vec::new();
        let mut kept = Vec::new();
        for (hit, occurrence) in hits.drain(..) {
            let answer = answering(&hit);
            if answer.is_empty() || answered_then(&hit, &answer) {
                kept.push((hit, occurrence));
            } else {
                words.extend(answer);
                near_misses.push(NearMiss { hit, reason: Miss::Unplaced { set: set.clone() } });
            }
        }
        *hits = kept;
        near_misses.sort_by_key(|miss| (miss.hit.turn, miss.hit.span.start));
        words
    }

    /// The matches the same speaker's `undone_by` words follow later,
    /// moved to `near_misses`; returns the words that undid them (those
    /// after the first match undone).
    fn undone_later(
        &self,
        compiled: &CompiledCheck<'_>,
        hits: &mut Vec<(Hit, &Occurrence)>,
        near_misses: &mut Vec<NearMiss>,
    ) -> Vec<Hit> {
        if compiled.undone_by.is_empty() {
            return Vec::new();
        }
        let undoing = self.said(&compiled.undone_by, compiled.check.who);
        let at = |hit: &Hit| (hit.turn, hit.span.start);
        // The first words that undo a match name the set that undid it.
        let undoer =
            |hit: &Hit| undoing.iter().find(|u| u.speaker == hit.speaker && at(u) > at(hit));
        let (undone, kept): (Vec<_>, Vec<_>) =
            hits.drain(..).partition(|(hit, _)| undoer(hit).is_some());
        *hits = kept;
        let Some(first) = undone.first().map(|(hit, _)| at(hit)) else { return Vec::new() };
        near_misses.extend(undone.into_iter().map(|(hit, _)| {
            let set = undoer(&hit).and_then(|u| u.set.clone()).unwrap_or_default();
            NearMiss { hit, reason: Miss::Undone { set } }
        }));
        near_misses.sort_by_key(|miss| at(&miss.hit));
        undoing.into_iter().filter(|u| at(u) > first).collect()
    }

    /// Every phrase of these lists `who` says anywhere, not negated, in
    /// order, overlapping ones once.
    fn said(&self, lists: &[ListId], who: Who) -> Vec<Hit> {
        self.spoken(lists, who, true)
    }

    /// [`Checker::said`], negated phrases included.
    fn said_as_is(&self, lists: &[ListId], who: Who) -> Vec<Hit> {
        self.spoken(lists, who, false)
    }

    fn spoken(&self, lists: &[ListId], who: Who, skip_negated: bool) -> Vec<Hit> {
        let turns = &self.transcript.turns;
        let mut found: Vec<&Occurrence> = lists
            .iter()
            .flat_map(|&list| &self.by_list[list])
            .filter(|occurrence| speaks(who, &turns[occurrence.turn].speaker))
            .filter(|occurrence| !(skip_negated && self.negated(occurrence)))
            .collect();
        found.sort_by_key(|o| (o.first_word, o.span.start));
        found.dedup_by(|a, b| a.turn == b.turn && a.span.start < b.span.end);
        found.into_iter().map(|occurrence| self.hit(occurrence)).collect()
    }

    /// Which turns the window covers.
    fn window(&self, window: Window) -> Range<usize> {
        let turns = &self.transcript.turns;
        let count = turns.len();
        let clamp = |n: u32| (n as usize).min(count);
        match window {
            Window::Anywhere => 0..count,
            Window::FirstTurns(n) => 0..clamp(n),
            Window::LastTurns(n) => count - clamp(n)..count,
            Window::FirstSeconds(seconds) => {
                let origin = turns.first().and_then(|turn| turn.start).map_or(0, |m| m.0);
                let limit = origin + u64::from(seconds) * 1000;
                let end = turns.partition_point(|turn| turn.start.is_some_and(|s| s.0 < limit));
                0..end
            }
            Window::LastSeconds(seconds) => {
                let end_of =
                    |turn: &tarkka_transcript::Turn| turn.end.or(turn.start).map_or(0, |m| m.0);
                let last = turns.iter().map(end_of).max().unwrap_or(0);
                let limit = last.saturating_sub(u64::from(seconds) * 1000);
                let start = turns.iter().position(|turn| end_of(turn) >= limit).unwrap_or(count);
                start..count
            }
        }
    }

    fn miss(
        &self,
        compiled: &CompiledCheck<'_>,
        occurrence: &Occurrence,
        hit: &Hit,
        window: &Range<usize>,
        before: Option<(usize, usize)>,
        customer_language: &Option<String>,
    ) -> Option<Miss> {
        let check = compiled.check;
        if let (Some(customer), Some(language)) = (customer_language, &hit.language)
            && customer != language
        {
            return Some(Miss::OtherLanguage { customer: customer.clone() });
        }
        if !speaks(check.who, &hit.speaker) {
            return Some(Miss::WrongSpeaker);
        }
        if !window.contains(&occurrence.turn) {
            return Some(Miss::OutsideWindow);
        }
        if let Some(word) = self.negation(occurrence, hit.language.as_deref()) {
            return Some(Miss::Negated { word });
        }
        if let (Some(near), Some(list)) = (&check.unless_near, compiled.unless_near)
            && self.qualified(list, occurrence, near)
        {
            return Some(Miss::Qualified { set: near.set.clone(), words: near.words });
        }
        if check.absent {
            return None;
        }
        // Without any punctuation (raw speech-to-text) a question cannot be
        // told from a statement: each clause with the words counts once.
        if check.question && self.folded.punctuated {
            let sentence = self.folded.words[occurrence.first_word].sentence as usize;
            if !self.folded.questions[sentence] {
                return Some(Miss::NotAQuestion);
            }
        }
        if let (Some(near), Some(list)) = (&check.near, compiled.near)
            && self.near_occurrences(list, occurrence, near).is_empty()
        {
            return Some(Miss::NotNear { set: near.set.clone(), words: near.words });
        }
        if let (Some((first_word, turn)), Some(set)) = (before, &check.before)
            && occurrence.first_word > first_word
        {
            return Some(Miss::AfterBefore { set: set.clone(), turn });
        }
        None
    }

    /// Whether a phrase of the `unless_near` set qualifies `occurrence`:
    /// one close by, not one among its own words ("lomalla keskiviikkoon
    /// asti" is not qualified by its own weekday).
    fn qualified(&self, list: ListId, occurrence: &Occurrence, near: &Near) -> bool {
        self.near_occurrences(list, occurrence, near).into_iter().any(|other| {
            occurrence.last_word == occurrence.first_word
                || other.first_word < occurrence.first_word
                || other.last_word > occurrence.last_word
        })
    }

    /// The occurrences of `list` in the same sentence within `near`'s
    /// distance of `occurrence`, nearest first.
    fn near_occurrences(
        &self,
        list: ListId,
        occurrence: &Occurrence,
        near: &Near,
    ) -> Vec<&Occurrence> {
        // Sentences are counted across the transcript and each list is in
        // word order, so the sentence's occurrences are one run of it.
        let sentence = |other: &Occurrence| self.folded.words[other.first_word].sentence;
        let own = sentence(occurrence);
        let list = &self.by_list[list];
        let start = list.partition_point(|other| sentence(other) < own);
        let mut found: Vec<(usize, &Occurrence)> = list[start..]
            .iter()
            .take_while(|other| sentence(other) == own)
            .filter(|other| other.turn == occurrence.turn)
            // `after`: as a phrase's `...` gap, later in the same clause.
            .filter(|other| {
                !near.after
                    || (other.first_word > occurrence.last_word
                        && self.folded.words[other.first_word].clause
                            == self.folded.words[occurrence.last_word].clause)
            })
            .filter_map(|other| {
                let distance = if other.first_word > occurrence.last_word {
                    other.first_word - occurrence.last_word
                } else {
                    occurrence.first_word.saturating_sub(other.last_word)
                };
                (distance <= near.words as usize).then_some((distance, other))
            })
            // "I can't call you back tomorrow": a negated time is no time.
            .filter(|(_, other)| !self.negated(other))
            .collect();
        found.sort_by_key(|(distance, _)| *distance);
        found.into_iter().map(|(_, other)| other).collect()
    }

    /// Whether a negation word of the occurrence's own language comes
    /// just before it.
    fn negated(&self, occurrence: &Occurrence) -> bool {
        let language = match occurrence.source {
            Source::Phrase(index) => Some(self.checker.uses[index].language.as_str()),
            Source::Regex(_) => None,
        };
        self.negation(occurrence, language).is_some()
    }

    /// A negation word among the few words before the occurrence, in its turn.
    fn negation(&self, occurrence: &Occurrence, language: Option<&str>) -> Option<String> {
        // A set that says `negated = true` counts its phrases negated too.
        if let Source::Phrase(index) = occurrence.source
            && self.checker.lists[self.checker.uses[index].list].negated
        {
            return None;
        }
        let words = NEGATIONS
            .iter()
            .filter(|(code, _)| language.is_none_or(|language| language == *code))
            .flat_map(|(_, words)| words.iter());
        let is_negation = |index: usize| {
            let folded = self.folded.folded(index);
            words.clone().any(|word| *word == folded) && !self.et_as_that(index)
        };
        // A phrase that is itself negative ("ei kuulu meille") is not negated.
        if is_negation(occurrence.first_word) {
            return None;
        }
        // The match's clause, and the one before when the match's begins
        // with "että", "that", "att": "En voi luvata, että soitan huomenna".
        let clause = self.folded.words[occurrence.first_word].clause;
        let clause_start = (0..occurrence.first_word)
            .rev()
            .take_while(|&index| self.folded.words[index].clause == clause)
            .last()
            .unwrap_or(occurrence.first_word);
        let reaches_back = clause_start > 0
            && self.folded.words[clause_start - 1].sentence
                == self.folded.words[clause_start].sentence
            && (COMPLEMENTIZERS.contains(&self.folded.folded(clause_start))
                || self.et_as_that(clause_start));
        let lowest = if reaches_back { clause - 1 } else { clause };
        let in_reach = |index: &usize| self.folded.words[*index].clause >= lowest;
        let mut from = occurrence.first_word.saturating_sub(NEGATION_REACH);
        // A Finnish "että" counts as one word however many the spoken
        // clause spends before it: "en mä voi luvata et mä soitan".
        if let Some(that) = (from..occurrence.first_word)
            .rev()
            .take_while(in_reach)
            .find(|&index| self.folded.folded(index) == "etta" || self.et_as_that(index))
        {
            from = that.saturating_sub(NEGATION_REACH);
        }
        // Raw speech-to-text: a first-person subject (the match's first
        // word or one before it) opens a clause the negation before it
        // does not reach, unless the word before carries it in.
        let subjects = SUBJECTS.iter().find(|(code, _)| Some(*code) == language);
        if !self.folded.punctuated
            && let Some((_, subjects)) = subjects
            && let Some(subject) = (from..=occurrence.first_word).rev().find(|&index| {
                subjects.contains(&self.folded.folded(index))
                    && index > 0
                    && self.folded.words[index - 1].turn == self.folded.words[index].turn
                    && !CARRIES_INTO.contains(&self.folded.folded(index - 1))
                    && !is_negation(index - 1)
            })
        {
            from = from.max(subject);
        }
        (from..occurrence.first_word)
            .rev()
            .take_while(|&index| self.folded.words[index].clause >= lowest)
            .find(|&index| is_negation(index))
            .map(|index| {
                let word = &self.folded.words[index];
                let text = &self.transcript.turns[occurrence.turn].text;
                text[word.original.start as usize..word.original.end as usize].to_string()
            })
    }

    /// Whether word `index` is a spoken Finnish "että": `et` followed, in
    /// its turn, by a word of [`ET_AS_THAT_BEFORE`] or a passive
    /// ([`PASSIVE_ENDINGS`]), or with a finite "olla" ([`FINITE_OLLA`])
    /// among the next three words, which the negative verb never has ("täs
    /// näkyy et tiina on varmaan laittanu väärän"; "et oo saanu" is a
    /// negation).
    fn et_as_that(&self, index: usize) -> bool {
        if self.folded.folded(index) != "et" {
            return false;
        }
        let turn = self.folded.words[index].turn;
        let next = (index + 1..index + 4)
            .take_while(|&i| self.folded.words.get(i).is_some_and(|w| w.turn == turn));
        let mut next = next.map(|i| self.folded.folded(i));
        let first = next.next();
        let passive = |word: &str| {
            word.len() > 5
                && PASSIVE_ENDINGS.iter().any(|ending| word.ends_with(ending))
                && !NOT_PASSIVE.contains(&word)
        };
        first.is_some_and(|word| ET_AS_THAT_BEFORE.contains(&word) || passive(word))
            || first.into_iter().chain(next).any(|word| FINITE_OLLA.contains(&word))
    }

    /// The check's word model as it was trained: over the whole call (the
    /// places the automaton found its features in the turns `who` says,
    /// scored), or over each of those turns on its own (`unit = "turn"`),
    /// the call scoring as its highest turn (the first of them on a tie).
    fn weigh<'m>(
        &self,
        compiled: &CompiledCheck<'m>,
        model: &'m tarkka_rubric::rules::Model,
    ) -> (i64, Vec<model::Found<'m>>) {
        let turns = &self.transcript.turns;
        let who = compiled.check.who;
        if let Some(weights) = &compiled.turn_model {
            let mut best: Option<(i64, Vec<model::Found<'m>>)> = None;
            for (index, turn) in turns.iter().enumerate() {
                if !speaks(who, &turn.speaker) {
                    continue;
                }
                let scored = model::score_turn(model, weights, self.folded, index);
                if best.as_ref().is_none_or(|best| scored.0 > best.0) {
                    best = Some(scored);
                }
            }
            return best.unwrap_or((model.bias, Vec::new()));
        }
        let list = compiled.model.expect("a check with a call model has its list");
        let places =
            self.by_list[list].iter().filter(|o| speaks(who, &turns[o.turn].speaker)).map(|o| {
                let Source::Phrase(index) = o.source else {
                    unreachable!("a model's list holds phrases only")
                };
                (self.checker.uses[index].phrase.as_str(), o.first_word..o.last_word + 1)
            });
        model::score(model, self.folded, places)
    }

    /// Where a model's feature was first said.
    fn feature_hit(&self, found: &model::Found<'_>) -> Hit {
        let first = &self.folded.words[found.words.start];
        let last = &self.folded.words[found.words.end - 1];
        let turn_index = first.turn as usize;
        let turn = &self.transcript.turns[turn_index];
        let span = first.original.start as usize..last.original.end as usize;
        Hit {
            turn: turn_index,
            line: turn.line,
            start: turn.start,
            speaker: turn.speaker.clone(),
            matched: turn.text[span.clone()].to_string(),
            span,
            phrase: found.feature.to_string(),
            set: None,
            language: None,
            weight: Some(found.weight),
            with: None,
        }
    }

    fn hit(&self, occurrence: &Occurrence) -> Hit {
        let turn = &self.transcript.turns[occurrence.turn];
        let (phrase, set, language) = self.source(occurrence.source);
        let mut span = occurrence.span.clone();
        let with = occurrence.with.as_ref().map(|(with_span, source)| {
            span = span.start.min(with_span.start)..span.end.max(with_span.end);
            let (phrase, set, _) = self.source(*source);
            With { phrase, set: set.unwrap_or_default() }
        });
        Hit {
            turn: occurrence.turn,
            line: turn.line,
            start: turn.start,
            speaker: turn.speaker.clone(),
            matched: turn.text[span.clone()].to_string(),
            span,
            phrase,
            set,
            language,
            weight: None,
            with,
        }
    }

    /// A match's phrase as written, its set and its language (none for a
    /// regular expression).
    fn source(&self, source: Source) -> (String, Option<String>, Option<String>) {
        match source {
            Source::Phrase(index) => {
                let used = &self.checker.uses[index];
                let set = self.checker.lists[used.list].set.clone();
                (used.phrase.clone(), set, Some(used.language.clone()))
            }
            Source::Regex(index) => (self.checker.regexes[index].0.source.clone(), None, None),
        }
    }
}

/// Whether a turn by `speaker` is one a check reading `who` reads.
pub fn speaks(who: Who, speaker: &Speaker) -> bool {
    match who {
        Who::Either => true,
        Who::Agent => *speaker == Speaker::Agent,
        Who::Customer => *speaker == Speaker::Customer,
    }
}

/// Reads an RFC 3339 time with its offset (`2026-03-02T10:15:00+02:00`,
/// or `Z` for UTC) as a time in that fixed offset, which is how encounter
/// times are recorded.
pub fn zoned(text: &str) -> Option<jiff::Zoned> {
    let timestamp: jiff::Timestamp = text.parse().ok()?;
    let offset = if text.ends_with(['Z', 'z']) {
        jiff::tz::Offset::UTC
    } else {
        let suffix = text.get(text.len().checked_sub(6)?..)?;
        let sign = match suffix.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let hours: i32 = suffix.get(1..3)?.parse().ok()?;
        let minutes: i32 = suffix.get(4..6)?.parse().ok()?;
        jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?
    };
    Some(timestamp.to_zoned(jiff::tz::TimeZone::fixed(offset)))
}

#[cfg(test)]
mod tests;

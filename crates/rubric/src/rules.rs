//! Automatic checks on transcripts: named phrase sets (`[phrases.NAME]`) and
//! a criterion's `[criterion.check]`, as `docs/rules.md` describes them.
//!
//! The model says what to look for and where; matching it against a
//! transcript is the `tarkka-check` crate's work. The word folding both
//! sides must agree on lives here: [`words`] finds the words of a text and
//! [`fold_word`] turns one into the form phrases are compared in.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// A named list of phrases, per language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseSet {
    /// The set's name, as `set = "NAME"` refers to it.
    pub name: String,
    /// Language code (`fi`, `en`, `sv`, ...) to its phrases, in file order.
    pub languages: BTreeMap<String, Vec<Phrase>>,
    /// A phrase of the set counts only with a phrase of this other set
    /// within some words of it, in the same sentence: a size word is
    /// belittling talk only next to a word for the customer or a company.
    /// Wherever the set is used (`set`, `before`, `unless_near`, ...).
    pub near: Option<Near>,
    /// A phrase of the set does not count with a phrase of this other set
    /// close by, in the same sentence, other than one among its own words:
    /// "probably … a mistake" is blame, "we must have made a mistake" is
    /// not. Wherever the set is used, as `near`.
    pub unless_near: Option<Near>,
    /// `negated = true`: a phrase of the set counts negated as well,
    /// wherever it is read (as a check's match or as another set's `near`
    /// word). Belittling is as often said negated ("me ei yleensä näin
    /// pieniä kioskeja oteta") as not.
    pub negated: bool,
    /// `asked = false`: a phrase of the set does not count where it is
    /// asked — in the last clause of a sentence that ends in `?` — so the
    /// customer's "millon se näkyy?" settles nothing that "se näkyy nyt"
    /// would. Raw speech-to-text without punctuation cannot tell.
    pub asked: bool,
}

/// One phrase: words that must appear in order, next to each other, save
/// where a `...` between two words lets up to [`GAP_WORDS`] others come
/// between them in the same clause ("vika ... teidän päässä").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// As written in the rubric.
    pub text: String,
    /// Its words, folded; never empty.
    pub words: Vec<PhraseWord>,
}

/// One word of a phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseWord {
    /// The folded word (see [`fold_word`]).
    pub folded: String,
    /// Written with a trailing `*`: matches any word starting with `folded`.
    pub prefix: bool,
    /// Written after a `...`: up to [`GAP_WORDS`] other words of the same
    /// clause may come between the word before and this one.
    pub gap: bool,
}

impl PhraseWord {
    /// Written `#`: any number, in digits or in words ([`is_number_word`]).
    pub fn is_number(&self) -> bool {
        self.folded == NUMBER_WORD
    }

    /// Whether the folded transcript word `word` is this phrase word.
    pub fn fits(&self, word: &str) -> bool {
        if self.is_number() {
            is_number_word(word)
        } else if self.prefix {
            word.starts_with(&self.folded)
        } else {
            word == self.folded
        }
    }
}

/// How many words a `...` in a phrase may stand for.
pub const GAP_WORDS: usize = 4;

/// A phrase word written `#` stands for any number: "vaan # henkeä",
/// "just # of you", "ni är ju bara #". No folded word of a text is ever
/// `#` (folding keeps letters and digits only), so the mark cannot collide.
pub const NUMBER_WORD: &str = "#";

/// Whether a folded word is a number: digits ("12"), or a number word of
/// Finnish, English or Swedish, compounds included ("kaksitoista",
/// "neljäkymmentä", "nelkyt", "tjugofem"), in the case forms a count of
/// people takes ("kolmen", "viittä"). Not the words that are also
/// something else: "en" (Swedish one, Finnish "I don't"), "pari", "ett".
/// A hyphenated "twenty-five" is two number words; a phrase's `#` takes a
/// run of them.
pub fn is_number_word(word: &str) -> bool {
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    if ENGLISH_NUMBERS.contains(&word) {
        return true;
    }
    compound_number(word)
}

const ENGLISH_NUMBERS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozen",
    "dozens",
    "hundreds",
];

/// Finnish and Swedish number parts (folded): a number word is one or
/// more of them, the first not a tail.
const NUMBER_HEADS: &[&str] = &[
    // Finnish units in the nominative, genitive and partitive, and spoken
    // ("yhen", "kahen"); not "yhtä", "equally" as often as "one".
    "yksi",
    "yks",
    "yhden",
    "yhen",
    "kaksi",
    "kaks",
    "kahden",
    "kahen",
    "kahta",
    "kolme",
    "kolmen",
    "kolmea",
    "kol",
    "nelja",
    "neljan",
    "neljaa",
    "nel",
    "viisi",
    "viis",
    "viiden",
    "viitta",
    "kuusi",
    "kuus",
    "kuuden",
    "kuutta",
    "seitseman",
    "seitsema",
    "seittema",
    "seitsemaa",
    "seittemaa",
    "kahdeksan",
    "kaheksan",
    "kahdeksaa",
    "kaheksaa",
    "yhdeksan",
    "yheksan",
    "yhdeksaa",
    "yheksaa",
    "kymmenen",
    "kymmene",
    "kymmenta",
    "kymppi",
    "sata",
    "sataa",
    "sadan",
    "tuhat",
    "tuhatta",
    "tuhannen",
    // Swedish.
    "tva",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "atta",
    "nio",
    "tio",
    "elva",
    "tolv",
    "tretton",
    "fjorton",
    "femton",
    "sexton",
    "sjutton",
    "arton",
    "aderton",
    "nitton",
    "tjugo",
    "tjugu",
    "trettio",
    "fyrtio",
    "femtio",
    "sextio",
    "sjuttio",
    "attio",
    "nittio",
    "hundra",
    "tusen",
];

/// Parts that only follow another: "kaksi|toista", "nelja|kymmenta",
/// "nel|kyt", "kaksi|sataa".
const NUMBER_TAILS: &[&str] =
    &["toista", "kymmenta", "kymmenen", "kyt", "sataa", "sata", "tuhatta", "en", "ett"];

fn compound_number(word: &str) -> bool {
    fn rest(word: &str) -> bool {
        word.is_empty()
            || NUMBER_HEADS
                .iter()
                .chain(NUMBER_TAILS)
                .any(|part| word.strip_prefix(part).is_some_and(rest))
    }
    // Spoken "nelkyt", "viiskyt" are numbers; a lone "kol" or "nel" is not.
    !matches!(word, "kol" | "nel")
        && NUMBER_HEADS.iter().any(|part| word.strip_prefix(part).is_some_and(rest))
}

/// A criterion's automatic check.
#[derive(Clone, Debug)]
pub struct Check {
    /// Whose turns count.
    pub who: Who,
    /// Which part of the conversation counts.
    pub within: Window,
    /// Phrases written in the check itself, per language.
    pub phrases: BTreeMap<String, Vec<Phrase>>,
    /// Named phrase sets the check uses, in file order.
    pub sets: Vec<String>,
    /// Regular expressions, matched case-insensitively on the original text.
    pub regex: Vec<Pattern>,
    /// At least this many matches are needed (presence checks).
    pub min_count: u32,
    /// Passes when nothing matches: forbidden phrases.
    pub absent: bool,
    /// The first match must come before the first phrase of this set.
    pub before: Option<String>,
    /// A match counts only with a phrase of a set within some words of it.
    pub near: Option<Near>,
    /// Only phrases in the customer's language count (profile field `language`).
    pub customer_language: bool,
    /// Each match is a promise whose deadline is read from its `near` time.
    pub promise: bool,
    /// A match counts only in a sentence that ends in `?`, and each such
    /// question counts once however many phrases it holds.
    pub question: bool,
    /// Phrase sets that, found (by `na_who`, not negated) where the check
    /// found nothing, make the verdict not applicable instead of a fail:
    /// the case was solved on the call, the customer declined a next step.
    /// Only for a criterion that allows N/A.
    pub na_if: Vec<String>,
    /// Whose words the `na_if` sets are read in: the customer's for "the
    /// customer declined" (a seller's "no thanks" declines nothing); anyone's
    /// unless said.
    pub na_who: Who,
    /// A match does not count with a phrase of this set within some words
    /// of it, in the same sentence: "someone will call you tomorrow at ten"
    /// is a commitment, "someone will call" alone is not; "we apologise for
    /// any inconvenience" is a stock form, "I apologise" is not.
    pub unless_near: Option<Near>,
    /// A presence check's match is undone when its speaker says a phrase
    /// of this set after it (not negated): "I'll look into it" does not
    /// take the case on when the same agent then says the colleague who can
    /// is "back next week"; pointing away first and taking it on after all
    /// does. One set or several (`undone_by = ["deflect", "away"]`);
    /// empty when the check says none.
    pub undone_by: Vec<String>,
    /// A presence check's match is undone when the other party's next
    /// turn says a phrase of this set (not negated): "soitan liittyen
    /// aiempaan yhteydenottoonne" answered with "mistä asiasta?" did not
    /// say which matter — the customer could not place it.
    pub undone_by_reply: Option<String>,
    /// A match `undone_by_reply` undid counts after all when its own
    /// speaker says a phrase of this set after it in the same turn, or in
    /// their next turn after that reply:
    /// "sopiiko hetki?" answered "ei oikeastaan, on kiire" is still asked
    /// well when the seller then offers another time ("soitanko
    /// huomenna?"), not when the pitch goes on. Only with `undone_by_reply`.
    pub unless_then: Option<String>,
    /// The automatic verdict may apply the criterion's critical rule. Off by
    /// default: an automatic fail of a critical criterion costs its weight
    /// but does not zero the section or the call until an auditor says so.
    pub critical: bool,
    /// A word model trained on auditors' labels: where the phrases of an
    /// absence check find nothing, its weighed words can still find the
    /// behaviour (blame, belittling) in forms no list names.
    pub model: Option<Model>,
}

/// A linear model over a check speaker's words, in whole thousandths so
/// that every machine sums it to the same score.
///
/// Its features are the words of the turns the check reads, folded and cut
/// to their first `stem` letters (`kollegani` → `kolleg` with 6): each such word of
/// at least three letters, and each pair of neighbouring words in one turn
/// (`ihan varma`); words holding a digit are left out. A call's score is
/// `bias` plus the weight of every feature it holds (each once); a score
/// above `threshold` finds what the check looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// What it was trained on, as the rubric says (kept in the fingerprint).
    pub trained_on: String,
    /// Letters kept of each folded word.
    pub stem: usize,
    /// The score of a call holding no weighed feature, in thousandths.
    pub bias: i64,
    /// A call must score above this to be found, in thousandths: training
    /// sets it to the highest score of a call the auditors did not find it
    /// in, so that no training call the auditors passed is failed, and never
    /// below `bias`, so that a call is found only by words it holds.
    pub threshold: i64,
    /// Feature → weight in thousandths.
    pub weights: BTreeMap<String, i64>,
    /// What one score is of: the whole call (every turn the check reads
    /// together), or each of those turns on its own, the call's score
    /// being its highest turn's (`unit = "turn"`).
    pub unit: ModelUnit,
}

/// What a word model scores: `unit` in `[criterion.check.model]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ModelUnit {
    /// The words of every turn the check reads, together (the default).
    #[default]
    Call,
    /// Each turn the check reads on its own; a call is found when one of
    /// its turns scores above the threshold. Trained on labelled sentences
    /// and the turns of calls the auditors passed (`check tune --model
    /// --sentences`).
    Turn,
}

impl ModelUnit {
    /// The word used in files.
    pub fn name(self) -> &'static str {
        match self {
            ModelUnit::Call => "call",
            ModelUnit::Turn => "turn",
        }
    }
}

/// Letters a model keeps of each word: `stem` is between these.
pub const MODEL_STEM: std::ops::RangeInclusive<usize> = 3..=12;

/// Whether `word` can be one word of a model's feature: folded already
/// (`fold_text` leaves it as it is: lower case, no accents, no
/// apostrophes) and without digits. What training reads and what a
/// rubric may hold are the same words.
pub fn is_feature_word(word: &str) -> bool {
    !word.is_empty() && !word.chars().any(char::is_numeric) && fold_text(word) == word
}

/// The first `stem` characters of `folded`.
pub fn stem_of(folded: &str, stem: usize) -> &str {
    match folded.char_indices().nth(stem) {
        Some((at, _)) => &folded[..at],
        None => folded,
    }
}

/// A regular expression of a check.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// As written.
    pub source: String,
    /// Compiled, case-insensitive.
    pub regex: regex::Regex,
}

/// Proximity: a phrase of `set` within `words` words, in the same turn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Near {
    /// The set's name.
    pub set: String,
    /// The largest distance in words, counted between the nearest ends.
    pub words: u32,
    /// Only a phrase of `set` after the match, in the same clause, counts
    /// (`after = true`), as with a phrase's `...` gap: "a small … company",
    /// not "our small-office plan".
    pub after: bool,
}

/// Whose turns a check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Who {
    /// The agent's (seller, representative).
    Agent,
    /// The customer's.
    Customer,
    /// Anyone's.
    Either,
}

impl Who {
    /// The word used in files.
    pub fn name(self) -> &'static str {
        match self {
            Who::Agent => "agent",
            Who::Customer => "customer",
            Who::Either => "either",
        }
    }
}

/// Which part of a conversation a check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Window {
    /// The whole conversation.
    Anywhere,
    /// The first N turns (of anyone).
    FirstTurns(u32),
    /// Turns starting in the first N seconds.
    FirstSeconds(u32),
    /// The last N turns (of anyone).
    LastTurns(u32),
    /// Turns ending in the last N seconds.
    LastSeconds(u32),
}

impl Window {
    /// Whether the window is measured in seconds, so needs timestamps.
    pub fn needs_times(self) -> bool {
        matches!(self, Window::FirstSeconds(_) | Window::LastSeconds(_))
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Window::Anywhere => f.write_str("anywhere"),
            Window::FirstTurns(n) => write!(f, "turns = {n}"),
            Window::FirstSeconds(n) => write!(f, "seconds = {n}"),
            Window::LastTurns(n) => write!(f, "last_turns = {n}"),
            Window::LastSeconds(n) => write!(f, "last_seconds = {n}"),
        }
    }
}

/// Calls `each` with the byte range of every word of `text`, in order.
///
/// A word is a run of letters, digits and combining marks; an apostrophe
/// between two such characters belongs to the word (`don't`, `I'll`).
/// Everything else separates words.
pub fn words(text: &str, mut each: impl FnMut(Range<usize>)) {
    let mut start: Option<usize> = None;
    let mut pending_apostrophe: Option<usize> = None;
    for (at, character) in text.char_indices() {
        if is_word_char(character) {
            if start.is_none() {
                start = Some(at);
            }
            pending_apostrophe = None;
        } else if matches!(character, '\'' | '’') && start.is_some() && pending_apostrophe.is_none()
        {
            pending_apostrophe = Some(at);
        } else {
            if let Some(begin) = start.take() {
                each(begin..pending_apostrophe.take().unwrap_or(at));
            }
            pending_apostrophe = None;
        }
    }
    if let Some(begin) = start {
        each(begin..pending_apostrophe.unwrap_or(text.len()));
    }
}

fn is_word_char(character: char) -> bool {
    if character.is_ascii() {
        character.is_ascii_alphanumeric()
    } else {
        character.is_alphanumeric() || unicode_normalization::char::is_combining_mark(character)
    }
}

/// Appends the folded form of one word to `out`: lower case, accents and
/// other combining marks removed (`Hätä` → `hata`, `café` → `cafe`), and
/// apostrophes too (`I'll` → `ill`, `it’s` → `its`): speech-to-text often
/// writes contractions without them, and a phrase should match either way.
pub fn fold_word(word: &str, out: &mut String) {
    for character in word.chars() {
        if character == '\'' || character == '’' {
            // Dropped: speech-to-text writes "its done", "ill call", "dont".
        } else if character.is_ascii() {
            out.push(character.to_ascii_lowercase());
        } else if !unicode_normalization::char::is_combining_mark(character) {
            for lower in character.to_lowercase() {
                let mut base = None;
                unicode_normalization::char::decompose_canonical(lower, |part| {
                    if base.is_none() {
                        base = Some(part);
                    }
                });
                out.push(base.unwrap_or(lower));
            }
        }
    }
}

/// Folds a whole text into its words joined by single spaces.
pub fn fold_text(text: &str) -> String {
    let mut out = String::new();
    words(text, |range| {
        if !out.is_empty() {
            out.push(' ');
        }
        fold_word(&text[range], &mut out);
    });
    out
}

/// A phrase as a rubric writes it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhraseError {
    /// Nothing in it is a word.
    NoWords,
    /// A `*` somewhere other than at the end of a word.
    MisplacedStar,
    /// A `*` word with too little before the star to mean anything.
    ShortPrefix(String),
    /// A `...` that does not stand between two words.
    MisplacedGap,
    /// A `#` (any number) as the phrase's first word.
    LeadingNumber,
}

impl fmt::Display for PhraseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhraseError::NoWords => f.write_str("has no words to match"),
            PhraseError::MisplacedStar => f.write_str(
                "has a `*` that does not end a word; `*` may only end a word, as in `soita*`",
            ),
            PhraseError::ShortPrefix(stem) => write!(
                f,
                "starts a word with only `{stem}` before its `*`; give at least two letters"
            ),
            PhraseError::MisplacedGap => {
                f.write_str("has a `...` that does not stand between two words")
            }
            PhraseError::LeadingNumber => f.write_str(
                "starts with `#`; a `#` (any number) must follow a word, as in `vaan # henkeä`",
            ),
        }
    }
}

impl PhraseError {
    /// What is wrong with the phrase `text`, for a person.
    pub fn message(&self, text: &str) -> tarkka_i18n::Message {
        match self {
            PhraseError::NoWords => tarkka_i18n::msg!("rubric-phrase-no-words", text = text),
            PhraseError::MisplacedStar => tarkka_i18n::msg!("rubric-phrase-star", text = text),
            PhraseError::ShortPrefix(stem) => {
                tarkka_i18n::msg!("rubric-phrase-short", text = text, stem = stem)
            }
            PhraseError::MisplacedGap => tarkka_i18n::msg!("rubric-phrase-gap", text = text),
            PhraseError::LeadingNumber => {
                tarkka_i18n::msg!("rubric-phrase-number-first", text = text)
            }
        }
    }
}

impl Phrase {
    /// Reads a phrase: words separated by spaces or punctuation, each may
    /// end in `*`; a `...` (or `…`) between two words stands for up to
    /// [`GAP_WORDS`] others.
    pub fn parse(text: &str) -> Result<Phrase, PhraseError> {
        let mut words: Vec<PhraseWord> = Vec::new();
        let mut gap = false;
        for token in text.split_whitespace() {
            if token == "..." || token == "…" {
                if gap || words.is_empty() {
                    return Err(PhraseError::MisplacedGap);
                }
                gap = true;
                continue;
            }
            if token == NUMBER_WORD {
                if words.is_empty() {
                    return Err(PhraseError::LeadingNumber);
                }
                let gap = std::mem::take(&mut gap);
                words.push(PhraseWord { folded: NUMBER_WORD.to_string(), prefix: false, gap });
                continue;
            }
            let (body, prefix) = match token.strip_suffix('*') {
                Some(body) => (body, true),
                None => (token, false),
            };
            if body.contains('*') {
                return Err(PhraseError::MisplacedStar);
            }
            let mut ranges = Vec::new();
            self::words(body, |range| ranges.push(range));
            if prefix && ranges.last().is_none_or(|last| last.end != body.len()) {
                // `soita?*` or a lone `*`: the star does not end a word.
                return Err(PhraseError::MisplacedStar);
            }
            let count = ranges.len();
            for (index, range) in ranges.into_iter().enumerate() {
                let mut folded = String::new();
                fold_word(&body[range], &mut folded);
                let prefix = prefix && index + 1 == count;
                if prefix && folded.chars().count() < 2 {
                    return Err(PhraseError::ShortPrefix(folded));
                }
                words.push(PhraseWord { folded, prefix, gap: std::mem::take(&mut gap) });
            }
        }
        if words.is_empty() {
            return Err(PhraseError::NoWords);
        }
        if gap {
            return Err(PhraseError::MisplacedGap);
        }
        Ok(Phrase { text: text.to_string(), words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        words(text, |range| out.push(&text[range]));
        out
    }

    #[test]
    fn words_split_on_punctuation_and_keep_inner_apostrophes() {
        assert_eq!(
            split("Hei! Soitinko sopivalla hetkellä? I'll call—don't worry 'quoted' 14.00"),
            [
                "Hei",
                "Soitinko",
                "sopivalla",
                "hetkellä",
                "I'll",
                "call",
                "don't",
                "worry",
                "quoted",
                "14",
                "00"
            ]
        );
        assert_eq!(split("it’s"), ["it’s"]);
        assert_eq!(split("end'"), ["end"]);
        assert_eq!(split("a''b"), ["a", "b"]);
        assert!(split(" ,.; ").is_empty());
    }

    #[test]
    fn folding_removes_case_and_accents_in_either_normal_form() {
        assert_eq!(fold_text("HÄTÄ Café Ångström"), "hata cafe angstrom");
        // The same words in decomposed form (a + combining diaeresis).
        assert_eq!(fold_text("ha\u{308}ta\u{308}"), "hata");
        assert_eq!(fold_text("It’s"), "its");
        assert_eq!(fold_text("I'll don't"), fold_text("ill dont"));
    }

    #[test]
    fn phrases_read_their_stars() {
        let phrase = Phrase::parse("Soita* takaisin").unwrap();
        assert_eq!(
            phrase.words,
            [
                PhraseWord { folded: "soita".into(), prefix: true, gap: false },
                PhraseWord { folded: "takaisin".into(), prefix: false, gap: false }
            ]
        );
        let phrase = Phrase::parse("vika ... teidän päässä").unwrap();
        let gaps: Vec<bool> = phrase.words.iter().map(|word| word.gap).collect();
        assert_eq!(gaps, [false, true, false]);
        assert_eq!(Phrase::parse("vika … teidän").unwrap().words.len(), 2);
        for misplaced in ["... vika", "vika ...", "vika ... ... teidän", "..."] {
            assert_eq!(Phrase::parse(misplaced), Err(PhraseError::MisplacedGap), "{misplaced}");
        }
        let phrase = Phrase::parse("vaan # henk*").unwrap();
        let numbers: Vec<bool> = phrase.words.iter().map(PhraseWord::is_number).collect();
        assert_eq!(numbers, [false, true, false]);
        assert!(Phrase::parse("only ... #").unwrap().words[1].gap);
        assert_eq!(Phrase::parse("# hengen"), Err(PhraseError::LeadingNumber));
        for number in [
            "12",
            "kolme",
            "kolmen",
            "neljakymmenta",
            "nelkyt",
            "kakstoista",
            "viiskytviis",
            "yhen",
            "kahen",
            "twelve",
            "tjugofem",
            "atta",
            "sata",
        ] {
            assert!(is_number_word(number), "{number}");
        }
        for word in [
            "", "kol", "nel", "toista", "kyt", "en", "ett", "pari", "kolmas", "12b", "few",
            "one's", "yhta",
        ] {
            assert!(!is_number_word(word), "{word}");
        }
        let phrase = Phrase::parse("e-mail*").unwrap();
        assert_eq!(phrase.words.len(), 2);
        assert!(phrase.words[1].prefix && !phrase.words[0].prefix);
        assert_eq!(Phrase::parse("?!"), Err(PhraseError::NoWords));
        assert_eq!(Phrase::parse("so*ita"), Err(PhraseError::MisplacedStar));
        assert_eq!(Phrase::parse("*"), Err(PhraseError::MisplacedStar));
        assert_eq!(Phrase::parse("hetki?*"), Err(PhraseError::MisplacedStar));
        assert_eq!(Phrase::parse("s*"), Err(PhraseError::ShortPrefix("s".into())));
    }
}

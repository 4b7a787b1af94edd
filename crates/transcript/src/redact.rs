//! Redaction of personal data in transcript text, so that nothing personal reaches the ledger.
//!
//! [`redact`] replaces five kinds of personal data with typed placeholders and
//! reports where each one was in the original text:
//!
//! | kind | placeholder | what is recognised |
//! |---|---|---|
//! | [`Kind::PersonalIdentityCode`] | `[HETU]` | Finnish personal identity codes (henkilötunnus) with a valid date and check character |
//! | [`Kind::Phone`] | `[PHONE]` | Finnish and international phone numbers starting with `0`, `+` or `(0` |
//! | [`Kind::Email`] | `[EMAIL]` | e-mail addresses |
//! | [`Kind::Iban`] | `[IBAN]` | IBANs of the length their country uses, with a valid ISO 13616 check |
//! | [`Kind::PaymentCard`] | `[CARD]` | payment card numbers of 13–19 digits that pass the Luhn check |
//!
//! The placeholders are ASCII, the same whatever the language of the
//! transcript, contain no digits (so redacting a redacted text changes
//! nothing) and are written in capitals inside square brackets, which speech-
//! to-text tools do not produce. `HETU` is the name the code goes by even in
//! English-language Finnish documents.
//!
//! # What counts as each kind
//!
//! - **Personal identity code**: `DDMMYYCNNNK` in capitals as it is printed:
//!   a date, the century sign `C` (`+` for the 1800s; `-`, `Y`, `X`, `W`, `V`,
//!   `U` for the 1900s; `A`, `B`, `C`, `D`, `E`, `F` for the 2000s — the signs
//!   beyond `+`, `-` and `A` came with the 2023 reform), the individual number
//!   `NNN` (002–999; 000 and 001 are not issued, 900–999 are temporary codes)
//!   and the check character `K`, the remainder of the nine digits `DDMMYYNNN`
//!   divided by 31 looked up in `0123456789ABCDEFHJKLMNPRSTUVWXY`. The date
//!   must exist in its century, leap days included. A code that fails any of
//!   this is left alone: it is more likely some other number than a
//!   mistyped code, and mangling ordinary numbers would hide evidence.
//! - **Phone number**: digit groups separated by single spaces or hyphens,
//!   starting with a trunk `0` (`040 123 4567`, `09 123 4567`), an area code
//!   in parentheses (`(09) 1234 567`) or `+` and a country code
//!   (`+358 40 123 4567`, `+358 (0)40 123 4567`, `+44 20 7946 0958`), with 7
//!   to 15 digits in all (15 is the E.164 maximum). Numbers that start with
//!   another digit are not phone numbers here, which keeps times (`10:30`),
//!   dates (`14.5.2026`), prices (`12,90`) and order numbers (`Tilaus
//!   123456`) intact. A number glued to a letter, or to a digit by `.`, `,`,
//!   `:`, `/` or `-` (`2026-05-14 0800`), is part of something else and left
//!   alone. A run of more than 15 digits is split before a group that starts
//!   with `0` (two numbers written one after the other); what cannot be split
//!   that way is not taken for a phone number. Spoken forms (`nolla neljä
//!   nolla`) are not recognised.
//! - **E-mail address**: `local@domain.tld` where the local part is letters,
//!   digits and `._%+-`, the domain is dot-separated labels of letters, digits
//!   and hyphens, and the top-level domain is at least two letters. Letters
//!   include `ä`, `ö` and the rest of Unicode. Punctuation around the address
//!   (a full stop ending the sentence, angle brackets) stays in the text.
//! - **IBAN**: two letters of a country in the IBAN registry, two check
//!   digits (02–98) and the account number, exactly as long as that country's
//!   IBANs are (18 characters for Finland), either run together or with
//!   single spaces (usually in groups of four), in capitals or small letters,
//!   and passing the ISO 13616 mod-97 check. An unknown country or a wrong
//!   check leaves the text alone.
//! - **Payment card number**: 13–19 digits, either run together or in groups
//!   separated by one kind of separator (a space or a hyphen) as cards are
//!   printed: groups of four with a shorter last group, or four-six-five and
//!   four-six-four (American Express, Diners Club). It must pass the Luhn
//!   check. A number glued to a letter (as the digits of an IBAN are) is not a
//!   card number. Within a longer run of groups the longest valid card number
//!   is taken, so an expiry date or order number written next to it survives.
//!
//! # Overlaps
//!
//! Each character belongs to at most one redaction. When candidates of
//! different kinds overlap, the one earlier in this order wins and the other
//! is dropped: e-mail address, IBAN, payment card number, personal identity
//! code, phone number. An e-mail address comes first because its structure
//! (an `@` and a domain) is unmistakable, so any number inside one is part of
//! the address and the whole address should go. The validated numbers come
//! next, longest first, because a checksum makes a false match unlikely; the
//! phone number comes last because it is recognised by its shape alone.
//!
//! # Example
//!
//! ```
//! use tarkka_transcript::redact::{Kind, redact};
//!
//! let redacted = redact("Soitan numeroon 040 123 4567, hetu 131052-308T.");
//! assert_eq!(redacted.text, "Soitan numeroon [PHONE], hetu [HETU].");
//! assert_eq!(redacted.count(Kind::Phone), 1);
//! assert_eq!(redacted.findings[1].start, 35);
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// The kind of personal data a redaction hid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A Finnish personal identity code (henkilötunnus), placeholder `[HETU]`.
    PersonalIdentityCode,
    /// A phone number, placeholder `[PHONE]`.
    Phone,
    /// An e-mail address, placeholder `[EMAIL]`.
    Email,
    /// An international bank account number, placeholder `[IBAN]`.
    Iban,
    /// A payment card number, placeholder `[CARD]`.
    PaymentCard,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 5] =
        [Kind::PersonalIdentityCode, Kind::Phone, Kind::Email, Kind::Iban, Kind::PaymentCard];

    /// The text that replaces data of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::PersonalIdentityCode => "[HETU]",
            Kind::Phone => "[PHONE]",
            Kind::Email => "[EMAIL]",
            Kind::Iban => "[IBAN]",
            Kind::PaymentCard => "[CARD]",
        }
    }
}

/// One piece of personal data that was replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// What kind of data it was.
    pub kind: Kind,
    /// Byte offset of its first byte in the original text.
    pub start: usize,
    /// Byte offset just past its last byte in the original text.
    pub end: usize,
    /// The text that replaced it in the redacted text.
    pub placeholder: String,
}

/// A text with its personal data replaced, and where that data was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The text with every finding replaced by its placeholder.
    pub text: String,
    /// What was replaced, in the order it appears in the original text.
    pub findings: Vec<Redaction>,
}

impl Redacted {
    /// Whether nothing was found, so that the text is the original unchanged.
    pub fn is_unchanged(&self) -> bool {
        self.findings.is_empty()
    }

    /// How many findings of the given kind there are.
    pub fn count(&self, kind: Kind) -> usize {
        self.findings.iter().filter(|finding| finding.kind == kind).count()
    }
}

/// Replaces the personal data in `text` with typed placeholders.
///
/// See the [module documentation](self) for what is recognised, the
/// placeholders and which kind wins when two overlap.
pub fn redact(text: &str) -> Redacted {
    let mut claimed = Claimed::default();
    // The order of these calls is the precedence described in the module
    // documentation: a later candidate that overlaps an earlier one is dropped.
    claimed.offer_all(Kind::Email, find_emails(text));
    claimed.offer_all(Kind::Iban, find_ibans(text));
    claimed.offer_all(Kind::PaymentCard, find_payment_cards(text));
    claimed.offer_all(Kind::PersonalIdentityCode, find_identity_codes(text));
    claimed.offer_all(Kind::Phone, find_phones(text));

    let mut redacted_text = String::with_capacity(text.len());
    let mut findings = Vec::with_capacity(claimed.by_start.len());
    let mut copied_up_to = 0;
    for (start, (end, kind)) in claimed.by_start {
        redacted_text.push_str(&text[copied_up_to..start]);
        redacted_text.push_str(kind.placeholder());
        copied_up_to = end;
        findings.push(Redaction { kind, start, end, placeholder: kind.placeholder().to_owned() });
    }
    redacted_text.push_str(&text[copied_up_to..]);
    Redacted { text: redacted_text, findings }
}

/// The ranges taken so far, keyed by start, so that an overlap is found by
/// looking at one neighbour on each side.
#[derive(Default)]
struct Claimed {
    by_start: BTreeMap<usize, (usize, Kind)>,
}

impl Claimed {
    fn offer_all(&mut self, kind: Kind, ranges: Vec<Range<usize>>) {
        for range in ranges {
            self.offer(kind, range);
        }
    }

    fn offer(&mut self, kind: Kind, range: Range<usize>) {
        let overlaps_before = self
            .by_start
            .range(..range.start)
            .next_back()
            .is_some_and(|(_, (end, _))| *end > range.start);
        let overlaps_after = self.by_start.range(range.start..range.end).next().is_some();
        if !overlaps_before && !overlaps_after {
            self.by_start.insert(range.start, (range.end, kind));
        }
    }
}

fn char_before(text: &str, index: usize) -> Option<char> {
    text[..index].chars().next_back()
}

fn char_after(text: &str, index: usize) -> Option<char> {
    text[index..].chars().next()
}

fn is_glued(neighbour: Option<char>) -> bool {
    neighbour.is_some_and(char::is_alphanumeric)
}

// ---------------------------------------------------------------------------
// E-mail addresses

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // The local part may not start with a dot, so a full stop before the
        // address stays in the text.
        r"[\p{L}\p{N}_%+-][\p{L}\p{N}._%+-]*",
        r"@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}",
    ))
    .expect("the e-mail pattern is valid")
});

fn find_emails(text: &str) -> Vec<Range<usize>> {
    EMAIL.find_iter(text).map(|found| found.range()).collect()
}

// ---------------------------------------------------------------------------
// IBANs

/// A country code, two check digits and then up to 30 letters or digits,
/// each optionally preceded by one space: the match is bounded, and cut to
/// the country's length afterwards, because greedy matching also takes in
/// the words that follow a spaced IBAN.
static IBAN_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){11,30}").expect("the IBAN pattern is valid")
});

/// IBAN lengths by country, from the SWIFT IBAN registry.
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

fn iban_length(country: &str) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(country))
        .map(|(_, length)| *length)
}

fn find_ibans(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(candidate) = IBAN_CANDIDATE.find_at(text, search_from) {
        match iban_at(text, candidate.range()) {
            Some(iban) => {
                search_from = iban.end;
                found.push(iban);
            }
            // A rejected candidate may have swallowed the start of a real
            // IBAN ("XY12 FI21 …"), so look again from its next character;
            // candidates are at most 64 bytes, so this stays linear.
            None => search_from = candidate.start() + 1,
        }
    }
    found
}

/// The IBAN at the start of `candidate`, cut to its country's length.
fn iban_at(text: &str, candidate: Range<usize>) -> Option<Range<usize>> {
    let candidate_text = &text[candidate.clone()];
    let length = iban_length(&candidate_text[..2])?;
    let mut characters = String::with_capacity(length);
    let mut end = None;
    for (offset, character) in candidate_text.char_indices() {
        if character != ' ' {
            characters.push(character.to_ascii_uppercase());
            if characters.len() == length {
                end = Some(candidate.start + offset + 1);
                break;
            }
        }
    }
    let end = end?;
    if is_glued(char_after(text, end)) || !iban_checks(&characters) {
        return None;
    }
    Some(candidate.start..end)
}

/// The ISO 13616 check on an upper-case IBAN without spaces: the check
/// digits are in 02–98, and with the first four characters moved to the end
/// and letters read as 10–35 the number leaves 1 when divided by 97.
fn iban_checks(iban: &str) -> bool {
    let check_digits: u32 = match iban[2..4].parse() {
        Ok(check_digits) => check_digits,
        Err(_) => return false,
    };
    if !(2..=98).contains(&check_digits) {
        return false;
    }
    let mut remainder = 0_u32;
    for character in iban[4..].chars().chain(iban[..4].chars()) {
        remainder = match character.to_digit(36) {
            Some(value) if value < 10 => (remainder * 10 + value) % 97,
            Some(value) => (remainder * 100 + value) % 97,
            None => return false,
        };
    }
    remainder == 1
}

// ---------------------------------------------------------------------------
// Payment card numbers

/// Maximal runs of digit groups joined by single spaces or hyphens; the
/// cards are looked for inside them.
static DIGIT_GROUPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]+(?:[ -][0-9]+)*").expect("the digit group pattern is valid")
});

const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;

fn find_payment_cards(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for run in DIGIT_GROUPS.find_iter(text) {
        if is_glued(char_before(text, run.start())) || is_glued(char_after(text, run.end())) {
            continue;
        }
        let groups: Vec<Range<usize>> = run
            .as_str()
            .split([' ', '-'])
            .scan(run.start(), |next_start, group| {
                let range = *next_start..*next_start + group.len();
                *next_start = range.end + 1;
                Some(range)
            })
            .collect();
        find_cards_in_groups(text, &groups, &mut found);
    }
    found
}

/// Takes, from left to right, the longest card number that starts at each
/// group, and continues after it.
fn find_cards_in_groups(text: &str, groups: &[Range<usize>], found: &mut Vec<Range<usize>>) {
    let mut first = 0;
    while first < groups.len() {
        let mut longest = None;
        let mut digit_count = 0;
        for last in first..groups.len() {
            digit_count += groups[last].len();
            if digit_count > *CARD_DIGITS.end() {
                break;
            }
            let span = &groups[first..=last];
            if CARD_DIGITS.contains(&digit_count)
                && is_card_layout(text, span)
                && passes_luhn(span.iter().flat_map(|group| text[group.clone()].bytes()))
            {
                longest = Some(last);
            }
        }
        match longest {
            Some(last) => {
                found.push(groups[first].start..groups[last].end);
                first = last + 1;
            }
            None => first += 1,
        }
    }
}

/// Whether digit groups are laid out as card numbers are printed: run
/// together, or with one kind of separator in fours with a shorter last
/// group, or as four-six-five or four-six-four.
fn is_card_layout(text: &str, groups: &[Range<usize>]) -> bool {
    let lengths: Vec<usize> = groups.iter().map(Range::len).collect();
    if lengths.len() == 1 {
        return true;
    }
    let separator = text.as_bytes()[groups[0].end];
    let one_separator =
        groups[..groups.len() - 1].iter().all(|group| text.as_bytes()[group.end] == separator);
    let (last, leading) = lengths.split_last().expect("there are at least two groups");
    let in_fours = leading.iter().all(|length| *length == 4) && (1..=4).contains(last);
    one_separator && (in_fours || lengths == [4, 6, 5] || lengths == [4, 6, 4])
}

/// The Luhn check on ASCII digits: doubling every second digit from the
/// right, the digit sum is a multiple of ten.
fn passes_luhn(digits: impl DoubleEndedIterator<Item = u8>) -> bool {
    let sum: u32 = digits
        .rev()
        .enumerate()
        .map(|(position, digit)| {
            let value = u32::from(digit - b'0');
            if position % 2 == 1 {
                let doubled = value * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                value
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

// ---------------------------------------------------------------------------
// Finnish personal identity codes

static IDENTITY_CODE_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-FHJ-NPR-Y]\b")
        .expect("the identity code pattern is valid")
});

const IDENTITY_CODE_CHECK_CHARACTERS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

fn find_identity_codes(text: &str) -> Vec<Range<usize>> {
    IDENTITY_CODE_CANDIDATE
        .find_iter(text)
        .filter(|found| is_valid_identity_code(found.as_str()))
        .map(|found| found.range())
        .collect()
}

/// Checks the date, the individual number and the check character of a
/// candidate already known to have the shape `DDMMYYCNNNK`.
fn is_valid_identity_code(code: &str) -> bool {
    let number = |range: Range<usize>| -> u32 {
        code[range].bytes().fold(0, |value, digit| value * 10 + u32::from(digit - b'0'))
    };
    let day = number(0..2);
    let month = number(2..4);
    let century = match code.as_bytes()[6] {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => 2000,
        _ => return false,
    };
    let year = century + number(4..6);
    let individual = number(7..10);
    let check_index = (number(0..6) * 1000 + individual) % 31;
    let check_character = IDENTITY_CODE_CHECK_CHARACTERS[check_index as usize];
    (1..=days_in_month(year, month)).contains(&day)
        && individual >= 2
        && code.as_bytes()[10] == check_character
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------
// Phone numbers

/// A phone number's shape; the digit count and the surroundings are checked
/// afterwards. Every part is bounded so that a rejected candidate is cheap to
/// look into again.
static PHONE_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:",
        // +358, +358 (0), +1 (415), and +358 9 where a one-digit area code
        // follows; \B keeps a plus glued to a word out.
        r"\B\+[0-9]{1,4}(?: ?\([0-9]{1,4}\)|[ -][0-9]\b)?",
        // (09)
        r"|\B\(0[0-9]{0,4}\)",
        // 040, 09, 0401234567
        r"|\b0[0-9]{0,14}",
        r")",
        r"(?:[ -]?[0-9]{2,15}){0,8}",
    ))
    .expect("the phone pattern is valid")
});

const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

fn find_phones(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(candidate) = PHONE_CANDIDATE.find_at(text, search_from) {
        let accepted_before = found.len();
        if is_phone_context(text, candidate.range()) {
            split_phone_numbers(text, candidate.range(), &mut found);
        }
        search_from = if found.len() > accepted_before {
            candidate.end()
        } else {
            // A rejected candidate ("05 0401234567" after "14.") may hold a
            // real number, so look again after its first character.
            candidate.start() + 1
        };
    }
    found
}

/// Whether the text around a candidate leaves it standing on its own: not
/// glued to a letter or digit, and not continuing a number written with `.`,
/// `,`, `:`, `/` or `-` (a date, a time, a price).
fn is_phone_context(text: &str, candidate: Range<usize>) -> bool {
    let continues_number = |punctuation: Option<char>, beyond: Option<char>| {
        punctuation.is_some_and(|character| ".,:/-".contains(character))
            && beyond.is_some_and(|character| character.is_ascii_digit())
    };
    let before = char_before(text, candidate.start);
    let two_before =
        before.and_then(|character| char_before(text, candidate.start - character.len_utf8()));
    let after = char_after(text, candidate.end);
    let two_after =
        after.and_then(|character| char_after(text, candidate.end + character.len_utf8()));
    !is_glued(before)
        && !is_glued(after)
        && !continues_number(before, two_before)
        && !continues_number(after, two_after)
}

/// Adds the candidate as one phone number, or, when it has more digits than
/// a phone number can, as several split before groups that start with a
/// trunk `0`.
fn split_phone_numbers(text: &str, candidate: Range<usize>, found: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let digit_count =
        |range: Range<usize>| bytes[range].iter().filter(|byte| byte.is_ascii_digit()).count();
    if PHONE_DIGITS.contains(&digit_count(candidate.clone())) {
        found.push(candidate);
        return;
    }
    let mut number_start = candidate.start;
    for position in candidate.clone() {
        let starts_new_number = matches!(bytes[position], b' ' | b'-')
            && bytes.get(position + 1) == Some(&b'0')
            && digit_count(number_start..position) >= *PHONE_DIGITS.start();
        if starts_new_number {
            if PHONE_DIGITS.contains(&digit_count(number_start..position)) {
                found.push(number_start..position);
            }
            number_start = position + 1;
        }
    }
    if number_start > candidate.start
        && PHONE_DIGITS.contains(&digit_count(number_start..candidate.end))
    {
        found.push(number_start..candidate.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The redacted text alone, for the tests where positions add nothing.
    fn redacted_text(text: &str) -> String {
        redact(text).text
    }

    /// The kind and the original text of every finding.
    fn findings(text: &str) -> Vec<(Kind, &str)> {
        redact(text)
            .findings
            .iter()
            .map(|finding| (finding.kind, &text[finding.start..finding.end]))
            .collect()
    }

    // The check characters below were computed outside this code (DDMMYYNNN
    // mod 31 in the table), so a wrong implementation cannot agree with them
    // by construction.

    #[test]
    fn valid_identity_codes_of_every_century_are_redacted() {
        assert_eq!(
            findings("131052-308T 010100+123D 290200A101K 010123B002E 311299Y999E"),
            vec![
                (Kind::PersonalIdentityCode, "131052-308T"),
                (Kind::PersonalIdentityCode, "010100+123D"),
                (Kind::PersonalIdentityCode, "290200A101K"),
                (Kind::PersonalIdentityCode, "010123B002E"),
                (Kind::PersonalIdentityCode, "311299Y999E"),
            ]
        );
        assert_eq!(redacted_text("Hetu on 131052-308T, kiitos."), "Hetu on [HETU], kiitos.");
    }

    #[test]
    fn the_reform_signs_share_the_check_character_of_their_century() {
        assert_eq!(
            redacted_text("150890-123A 150890U123A 150890X123A 150890A123A 150890F123A"),
            "[HETU] [HETU] [HETU] [HETU] [HETU]"
        );
    }

    #[test]
    fn invalid_identity_codes_are_left_alone() {
        let invalid = [
            // wrong check character
            "131052-308U",
            // 23 February has no 31st, and 2023 is not a leap year
            "310223A123B",
            "290223A123B",
            // 1900 was not a leap year
            "290200-101K",
            // no 13th month
            "011352-308T",
            // individual numbers 000 and 001 are not issued
            "010100A000B",
            // lower case is not how codes are printed
            "131052-308t",
            // glued to more characters
            "131052-308TX",
            "9131052-308T",
        ];
        for code in invalid {
            assert_eq!(redacted_text(code), code, "{code}");
        }
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert_eq!(redacted_text("290200A101K"), "[HETU]");
        assert_eq!(redacted_text("280291-1234"), "[HETU]");
        assert_eq!(redacted_text("290291-1234"), "290291-1234");
    }

    #[test]
    fn valid_ibans_are_redacted_spaced_or_compact() {
        assert_eq!(
            findings(
                "Tili FI21 1234 5600 0007 85, toinen FI2112345600000785 ja GB82 WEST 1234 5698 7654 32."
            ),
            vec![
                (Kind::Iban, "FI21 1234 5600 0007 85"),
                (Kind::Iban, "FI2112345600000785"),
                (Kind::Iban, "GB82 WEST 1234 5698 7654 32"),
            ]
        );
        assert_eq!(redacted_text("IBAN: fi21 1234 5600 0007 85 kiitos"), "IBAN: [IBAN] kiitos");
        assert_eq!(
            redacted_text("Norway NO93 8601 1117 947 and Belgium BE68 5390 0754 7034 2 kpl"),
            "Norway [IBAN] and Belgium [IBAN] 2 kpl"
        );
    }

    #[test]
    fn invalid_ibans_are_left_alone() {
        let invalid = [
            // one digit changed, so the mod-97 check fails
            "FI21 1234 5600 0007 86",
            // check digits swapped
            "FI12 1234 5600 0007 85",
            // one character short of the Finnish length
            "FI21 1234 5600 0007 8",
            // continues past the Finnish length
            "FI2112345600000785X",
            // not a country in the IBAN registry
            "XX21 1234 5600 0007 85",
        ];
        for iban in invalid {
            assert_eq!(redacted_text(iban), iban, "{iban}");
        }
    }

    #[test]
    fn a_rejected_candidate_does_not_hide_the_iban_after_it() {
        assert_eq!(redacted_text("XY12 FI21 1234 5600 0007 85"), "XY12 [IBAN]");
    }

    #[test]
    fn luhn_valid_card_numbers_are_redacted() {
        assert_eq!(
            findings(
                "4111 1111 1111 1111 / 5500-0000-0000-0004 / 4012888888881881 / 3782 822463 10005"
            ),
            vec![
                (Kind::PaymentCard, "4111 1111 1111 1111"),
                (Kind::PaymentCard, "5500-0000-0000-0004"),
                (Kind::PaymentCard, "4012888888881881"),
                (Kind::PaymentCard, "3782 822463 10005"),
            ]
        );
    }

    #[test]
    fn card_numbers_that_fail_luhn_or_layout_are_left_alone() {
        let not_cards = [
            "4111 1111 1111 1112",
            "4111111111111112",
            // mixed separators are not how a card is printed
            "4111 1111-1111 1111",
            // twelve digits are too few
            "4111 1111 1111",
            // the digits of an IBAN whose check fails
            "FI21 1234 5600 0007 86",
        ];
        for text in not_cards {
            assert_eq!(redacted_text(text), text, "{text}");
        }
    }

    #[test]
    fn an_expiry_date_or_order_number_next_to_a_card_survives() {
        assert_eq!(redacted_text("kortti 4111 1111 1111 1111 12/27"), "kortti [CARD] 12/27");
        assert_eq!(redacted_text("tilaus 1234 4111 1111 1111 1111"), "tilaus 1234 [CARD]");
    }

    #[test]
    fn phone_numbers_in_the_forms_people_write_are_redacted() {
        let phones = [
            "040 123 4567",
            "040-1234567",
            "+358 40 123 4567",
            "+358401234567",
            "+358 (0)40 123 4567",
            "09 123 4567",
            "(09) 1234 567",
            "+44 20 7946 0958",
            "+358 9 123 4567",
            "+1 (415) 555-2671",
            "0800 123 456",
        ];
        for phone in phones {
            let text = format!("Soita numeroon {phone}, kiitos.");
            assert_eq!(redacted_text(&text), "Soita numeroon [PHONE], kiitos.", "{phone}");
        }
    }

    #[test]
    fn times_dates_prices_and_order_numbers_are_not_phone_numbers() {
        let not_phones = [
            "Soitan klo 10:30 tai 09.15.",
            "Tapaaminen 14.5.2026 ja 05.05.2026.",
            "Hinta on 12,90 € tai 0,90 €.",
            "Tilaus 123456 lähti eilen.",
            "Numero 040 123 on liian lyhyt.",
            "Aikaleima 2026-05-14 0800 lokissa.",
            "Koodi ab040 1234567 ei ole numero.",
        ];
        for text in not_phones {
            assert_eq!(redacted_text(text), text, "{text}");
        }
    }

    #[test]
    fn two_phone_numbers_written_one_after_the_other_are_both_redacted() {
        assert_eq!(
            findings("numerot 040 123 4567 050 765 4321"),
            vec![(Kind::Phone, "040 123 4567"), (Kind::Phone, "050 765 4321")]
        );
    }

    #[test]
    fn a_count_after_a_phone_number_is_not_part_of_it() {
        assert_eq!(redacted_text("040 123 4567 2 kpl"), "[PHONE] 2 kpl");
    }

    #[test]
    fn a_phone_number_after_a_date_is_still_found() {
        assert_eq!(findings("Soitin 14.05 0401234567"), vec![(Kind::Phone, "0401234567")]);
    }

    #[test]
    fn email_addresses_are_redacted_and_their_punctuation_kept() {
        assert_eq!(
            redacted_text("Laita viesti osoitteeseen matti.meikäläinen@esimerkki.fi."),
            "Laita viesti osoitteeseen [EMAIL]."
        );
        assert_eq!(
            redacted_text("<asiakaspalvelu+tilaus@kauppa.example.com>, (info@kauppa.fi)"),
            "<[EMAIL]>, ([EMAIL])"
        );
        assert_eq!(
            redacted_text("no mail here: @ and a@b and x@y.z"),
            "no mail here: @ and a@b and x@y.z"
        );
    }

    #[test]
    fn an_email_address_wins_over_a_number_inside_it() {
        assert_eq!(
            findings("matti.0401234567@sms.example.fi"),
            vec![(Kind::Email, "matti.0401234567@sms.example.fi")]
        );
        assert_eq!(
            findings("+358401234567@sms.example.fi"),
            vec![(Kind::Email, "+358401234567@sms.example.fi")]
        );
    }

    #[test]
    fn identity_codes_are_not_taken_for_phones_or_cards() {
        assert_eq!(
            findings("010190-123M 010101-1042"),
            vec![
                (Kind::PersonalIdentityCode, "010190-123M"),
                (Kind::PersonalIdentityCode, "010101-1042"),
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Hyvä, että soitit: 040 123 4567 ja äiti@esimerkki.fi";
        let redacted = redact(text);
        assert_eq!(
            redacted.findings,
            vec![
                Redaction {
                    kind: Kind::Phone,
                    start: 21,
                    end: 33,
                    placeholder: "[PHONE]".to_owned(),
                },
                Redaction {
                    kind: Kind::Email,
                    start: 37,
                    end: 55,
                    placeholder: "[EMAIL]".to_owned(),
                },
            ]
        );
        assert_eq!(&text[21..33], "040 123 4567");
        assert_eq!(&text[37..55], "äiti@esimerkki.fi");
        assert_eq!(redacted.text, "Hyvä, että soitit: [PHONE] ja [EMAIL]");
        assert_eq!(redacted.count(Kind::Phone), 1);
        assert_eq!(redacted.count(Kind::Iban), 0);
        assert!(!redacted.is_unchanged());
    }

    #[test]
    fn text_without_personal_data_comes_back_unchanged() {
        let text = "Kiitos soitosta, tarjous on voimassa 31.5. asti ja maksaa 49,90 €.";
        let redacted = redact(text);
        assert_eq!(redacted.text, text);
        assert_eq!(redacted.findings, Vec::new());
        assert!(redacted.is_unchanged());
    }

    #[test]
    fn a_customer_service_call_is_redacted_completely() {
        let transcript = "\
Asiakas: Hei, soitan laskusta. Henkilötunnukseni on 131052-308T.
Agentti: Kiitos. Vahvistan vielä: puhelinnumeronne on 040 123 4567 ja sähköposti matti.meikalainen@esimerkki.fi?
Asiakas: Kyllä. Maksoin kortilla 4111 1111 1111 1111 mutta veloitus tuli kahdesti, 12,90 € 14.5.2026 klo 10:30.
Agentti: Palautamme summan tilillenne FI21 1234 5600 0007 85 kolmen pankkipäivän kuluessa. Tilausnumero on 123456.
Asiakas: Soittakaa tarvittaessa myös työnumeroon +358 9 123 4567.
";
        let expected = "\
Asiakas: Hei, soitan laskusta. Henkilötunnukseni on [HETU].
Agentti: Kiitos. Vahvistan vielä: puhelinnumeronne on [PHONE] ja sähköposti [EMAIL]?
Asiakas: Kyllä. Maksoin kortilla [CARD] mutta veloitus tuli kahdesti, 12,90 € 14.5.2026 klo 10:30.
Agentti: Palautamme summan tilillenne [IBAN] kolmen pankkipäivän kuluessa. Tilausnumero on 123456.
Asiakas: Soittakaa tarvittaessa myös työnumeroon [PHONE].
";
        let redacted = redact(transcript);
        assert_eq!(redacted.text, expected);
        let kinds: Vec<Kind> = redacted.findings.iter().map(|finding| finding.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::PersonalIdentityCode,
                Kind::Phone,
                Kind::Email,
                Kind::PaymentCard,
                Kind::Iban,
                Kind::Phone,
            ]
        );
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        let once = redacted_text(
            "131052-308T, 040 123 4567, a@b.fi, FI21 1234 5600 0007 85, 4111111111111111",
        );
        assert_eq!(once, "[HETU], [PHONE], [EMAIL], [IBAN], [CARD]");
        assert_eq!(redacted_text(&once), once);
    }

    #[test]
    fn every_kind_has_its_own_placeholder() {
        let placeholders: Vec<&str> = Kind::ALL.iter().map(|kind| kind.placeholder()).collect();
        assert_eq!(placeholders, vec!["[HETU]", "[PHONE]", "[EMAIL]", "[IBAN]", "[CARD]"]);
    }
}

//! Promises: a commitment with a time ("soitan huomenna", "I'll call you
//! back by Thursday") and the deadline that time names.
//!
//! The deadline is read from the words around the commitment and its time
//! phrase, in the encounter's own time zone:
//!
//! | words | deadline |
//! |---|---|
//! | `tänään`, `today`, `tonight`, `idag` | the end of the encounter's day |
//! | `huomenna`, `tomorrow`, `imorgon` | the end of the next day |
//! | `ylihuomenna` | the end of the day after |
//! | a weekday (`torstaina`, `Thursday`, `torsdag`) | the end of its next occurrence (a week ahead if it is today); with `ensi`/`next`, in the next week |
//! | `ensi viikolla`, `next week` | the end of next week's Friday |
//! | `viikon sisällä`, `within a week` | seven days on |
//! | `N päivän`, `within N days` | N days on |
//! | `tunnin sisällä`, `within an hour`, `N tunnin` | N hours on |
//! | `klo 14`, `kello 14.30`, `at 2 pm`, `by 3`, `14:00`, `noon`, `puoleenpäivään` | that time on the day named, else today (tomorrow if already past) |
//!
//! "The end of a day" is 23:59:59. Words the resolver does not know leave
//! the deadline open rather than guessed.

use jiff::civil::Weekday;
use jiff::{Span, Zoned};
use serde::Serialize;

use crate::folded::Folded;
use crate::{Hit, Occurrence};

/// A commitment found by a promise check.
#[derive(Clone, Debug, Serialize)]
pub struct Promise {
    /// The commitment's words.
    #[serde(flatten)]
    pub hit: Hit,
    /// The time words near it, as written.
    pub time: Option<String>,
    /// When it falls due, if the words say and the encounter's start is known.
    pub deadline: Option<Deadline>,
}

/// When a promise falls due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// RFC 3339 with the encounter's offset.
    pub at: String,
    /// Whether the words named a time of day (else the end of a day).
    pub exact_time: bool,
}

/// How many words around the commitment and its time are read.
const REACH: usize = 4;

pub(crate) fn resolve(
    hit: Hit,
    folded: &Folded,
    text: &str,
    commitment: &Occurrence,
    times: &[&Occurrence],
    start: Option<&Zoned>,
) -> Promise {
    let time_occurrence = times.first();
    let time = time_occurrence.map(|o| text[o.span.clone()].to_string());
    let deadline = match (time_occurrence, start) {
        (Some(time_occurrence), Some(start)) => {
            let turn = folded.turns[commitment.turn].clone();
            let from = commitment.first_word.min(time_occurrence.first_word);
            let to = commitment.last_word.max(time_occurrence.last_word);
            let from = from.saturating_sub(REACH).max(turn.start);
            let to = (to + REACH + 1).min(turn.end);
            let words: Vec<&str> = (from..to).map(|index| folded.folded(index)).collect();
            deadline(&words, start)
        }
        _ => None,
    };
    Promise { hit, time, deadline }
}

/// What the words say about when.
#[derive(Debug, Default, PartialEq, Eq)]
struct When {
    days: Option<i64>,
    weekday: Option<Weekday>,
    next_week: bool,
    hours: Option<i64>,
    clock: Option<(i8, i8)>,
}

fn deadline(words: &[&str], start: &Zoned) -> Option<Deadline> {
    let when = read(words);
    let today = start.date();
    let end_of = |date: jiff::civil::Date, clock: Option<(i8, i8)>| -> Option<Deadline> {
        let (hour, minute, second, exact) = match clock {
            Some((hour, minute)) => (hour, minute, 0, true),
            None => (23, 59, 59, false),
        };
        let at = date.at(hour, minute, second, 0).to_zoned(start.time_zone().clone()).ok()?;
        Some(Deadline { at: at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(), exact_time: exact })
    };
    if let Some(hours) = when.hours {
        let at = start.checked_add(Span::new().hours(hours)).ok()?;
        return Some(Deadline {
            at: at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            exact_time: true,
        });
    }
    let date = if let Some(weekday) = when.weekday {
        let today_index = i64::from(today.weekday().to_monday_zero_offset());
        let target = i64::from(weekday.to_monday_zero_offset());
        let ahead = if when.next_week {
            7 - today_index + target
        } else {
            match (target - today_index).rem_euclid(7) {
                0 => 7,
                ahead => ahead,
            }
        };
        Some(today.checked_add(Span::new().days(ahead)).ok()?)
    } else if let Some(days) = when.days {
        Some(today.checked_add(Span::new().days(days)).ok()?)
    } else if when.next_week {
        // The Friday of next week.
        let today_index = i64::from(today.weekday().to_monday_zero_offset());
        Some(today.checked_add(Span::new().days(7 - today_index + 4)).ok()?)
    } else {
        None
    };
    match (date, when.clock) {
        (Some(date), clock) => end_of(date, clock),
        (None, Some((hour, minute))) => {
            let passed = (i64::from(start.hour()) * 60 + i64::from(start.minute()))
                >= i64::from(hour) * 60 + i64::from(minute);
            let date = if passed { today.tomorrow().ok()? } else { today };
            end_of(date, Some((hour, minute)))
        }
        (None, None) => None,
    }
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("maanantai", Weekday::Monday),
    ("tiistai", Weekday::Tuesday),
    ("keskiviik", Weekday::Wednesday),
    ("torstai", Weekday::Thursday),
    ("perjantai", Weekday::Friday),
    ("lauantai", Weekday::Saturday),
    ("sunnuntai", Weekday::Sunday),
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("mandag", Weekday::Monday),
    ("tisdag", Weekday::Tuesday),
    ("onsdag", Weekday::Wednesday),
    ("torsdag", Weekday::Thursday),
    ("fredag", Weekday::Friday),
    ("lordag", Weekday::Saturday),
    ("sondag", Weekday::Sunday),
];

fn number(word: &str) -> Option<i64> {
    if let Ok(n) = word.parse::<i64>() {
        return Some(n);
    }
    let n = match word {
        "yhden" | "yksi" | "one" | "an" | "a" => 1,
        "kahden" | "kaksi" | "parin" | "two" | "couple" => 2,
        "kolmen" | "kolme" | "three" => 3,
        "neljan" | "nelja" | "four" => 4,
        "viiden" | "viisi" | "five" => 5,
        _ => return None,
    };
    Some(n)
}

fn read(words: &[&str]) -> When {
    let mut when = When::default();
    let at = |index: usize| words.get(index).copied().unwrap_or("");
    for (index, &word) in words.iter().enumerate() {
        match word {
            "tanaan" | "today" | "tonight" | "idag" | "iltapaivalla" | "illalla" => {
                when.days.get_or_insert(0);
            }
            "huomenna" | "huomiseen" | "tomorrow" | "imorgon" => {
                when.days = Some(1);
            }
            "ylihuomenna" => when.days = Some(2),
            "noon" | "midday" | "puoleenpaivaan" | "puoltapaivaa" | "puolilta" => {
                when.clock.get_or_insert((12, 0));
            }
            "ensi" | "next" | "nasta" => {
                let following = at(index + 1);
                if matches!(following, "viikolla" | "viikon" | "week" | "vecka")
                    || WEEKDAYS.iter().any(|(stem, _)| following.starts_with(stem))
                {
                    when.next_week = true;
                }
            }
            "viikon" | "week" | "vecka" => {
                let within = matches!(at(index + 1), "sisalla" | "kuluessa" | "aikana")
                    || matches!(at(index.wrapping_sub(2)), "within")
                    || matches!(at(index.wrapping_sub(1)), "within");
                if within && when.days.is_none() {
                    when.days = Some(7);
                }
            }
            "paivan" | "days" | "arkipaivan" | "dagar" => {
                if let Some(n) = number(at(index.wrapping_sub(1))).filter(|n| (1..=60).contains(n))
                {
                    when.days = Some(n);
                }
            }
            "tunnin" | "hour" | "hours" | "timme" | "timmar" => {
                let n = number(at(index.wrapping_sub(1))).unwrap_or(1);
                if (1..=48).contains(&n) {
                    when.hours = Some(n);
                }
            }
            // "neljään mennessä": by four, said as a word; "viideltä": at five.
            _ if (at(index + 1) == "mennessa" && hour_word(word).is_some())
                || at_hour(word).is_some() =>
            {
                if let Some(hour) = hour_word(word) {
                    when.clock = Some((office_hour(hour), 0));
                }
            }
            "klo" | "kello" | "kl" | "at" | "by" | "around" | "noin" => {
                if let Some(clock) = clock(at(index + 1), at(index + 2), at(index + 3)) {
                    when.clock = Some(clock);
                }
            }
            _ => {
                if let Some((_, weekday)) = WEEKDAYS.iter().find(|(stem, _)| word.starts_with(stem))
                {
                    when.weekday = Some(*weekday);
                } else if when.clock.is_none()
                    && word.len() <= 2
                    && at(index + 1).len() == 2
                    && !matches!(at(index.wrapping_sub(1)), "klo" | "kello")
                    && let Some(clock) = clock(word, at(index + 1), "")
                    && at(index + 1).bytes().all(|b| b.is_ascii_digit())
                {
                    // "14.00" or "14:00" on its own.
                    when.clock = Some(clock);
                }
            }
        }
    }
    when
}

/// An hour said as a word, folded: Finnish in the illative a deadline takes
/// ("neljään mennessä") or the nominative, English ("by four").
fn hour_word(word: &str) -> Option<i8> {
    let hour = match word {
        "yhteen" | "yksi" | "one" => 1,
        "kahteen" | "kaksi" | "two" => 2,
        "kolmeen" | "kolme" | "three" => 3,
        "neljaan" | "nelja" | "four" => 4,
        "viiteen" | "viisi" | "five" => 5,
        "kuuteen" | "kuusi" | "six" => 6,
        "seitsemaan" | "seitseman" | "seittemaan" | "seven" => 7,
        "kahdeksaan" | "kahdeksan" | "kaheksaan" | "eight" => 8,
        "yhdeksaan" | "yhdeksan" | "yheksaan" | "nine" => 9,
        "kymmeneen" | "kymmenen" | "ten" => 10,
        "yhteentoista" | "yksitoista" | "eleven" => 11,
        "kahteentoista" | "kaksitoista" | "twelve" => 12,
        _ => return at_hour(word),
    };
    Some(hour)
}

/// An hour in the Finnish ablative, the time something happens at:
/// "viideltä" (at five), "kymmeneltä", spoken "yheksältä".
fn at_hour(word: &str) -> Option<i8> {
    let hour = match word {
        "yhdelta" | "yhelta" => 1,
        "kahdelta" | "kahelta" => 2,
        "kolmelta" => 3,
        "neljalta" => 4,
        "viidelta" => 5,
        "kuudelta" => 6,
        "seitsemalta" | "seittemalta" => 7,
        "kahdeksalta" | "kaheksalta" => 8,
        "yhdeksalta" | "yheksalta" => 9,
        "kymmenelta" => 10,
        "yhdeltatoista" | "yheltatoista" => 11,
        "kahdeltatoista" | "kaheltatoista" => 12,
        _ => return None,
    };
    Some(hour)
}

/// An hour said without am or pm, read within office hours: "four" is
/// 16:00, "nine" 09:00.
fn office_hour(hour: i8) -> i8 {
    if (1..=7).contains(&hour) { hour + 12 } else { hour }
}

/// `14`, `14 30`, `2 pm`, `2 30 pm`, `four`.
fn clock(hour: &str, second: &str, third: &str) -> Option<(i8, i8)> {
    if let Some(hour) = hour_word(hour).filter(|_| second != "of") {
        let hour = match third {
            _ if second == "am" => hour % 12,
            _ if second == "pm" => hour % 12 + 12,
            _ => office_hour(hour),
        };
        return Some((hour, 0));
    }
    let mut hour: i8 = hour.parse().ok().filter(|h| (0..=24).contains(h))?;
    let (minute, meridiem) = match second.parse::<i8>() {
        Ok(minute) if (0..=59).contains(&minute) && second.len() == 2 => (minute, third),
        _ => (0, second),
    };
    match meridiem {
        "pm" if hour < 12 => hour += 12,
        "am" if hour == 12 => hour = 0,
        _ => {}
    }
    if hour == 24 {
        hour = 23;
        return Some((hour, 59));
    }
    Some((hour, minute))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(words: &str, start: &str) -> Option<String> {
        let start = crate::zoned(start).unwrap();
        let folded = tarkka_rubric::rules::fold_text(words);
        let words: Vec<&str> = folded.split(' ').collect();
        deadline(&words, &start).map(|deadline| deadline.at)
    }

    #[test]
    fn deadlines_in_finnish_english_and_swedish() {
        // Monday 2 March 2026, 10:15 in Helsinki winter time.
        let monday = "2026-03-02T10:15:00+02:00";
        let cases = [
            ("soitan huomenna", Some("2026-03-03T23:59:59+02:00")),
            ("soitan teille torstaina", Some("2026-03-05T23:59:59+02:00")),
            // Wednesday's stem is `keskiviik`: `keskiviikkona`, `keskiviikkoon`.
            ("soitan keskiviikkona kello 14", Some("2026-03-04T14:00:00+02:00")),
            ("lasku tulee keskiviikkoon mennessä", Some("2026-03-04T23:59:59+02:00")),
            ("I'll call you back on Thursday", Some("2026-03-05T23:59:59+02:00")),
            ("soitan maanantaina", Some("2026-03-09T23:59:59+02:00")),
            ("soitan ensi viikon tiistaina kello 10", Some("2026-03-10T10:00:00+02:00")),
            ("lähetän tarjouksen ensi viikolla", Some("2026-03-13T23:59:59+02:00")),
            ("within a week", Some("2026-03-09T23:59:59+02:00")),
            ("palaan asiaan viikon sisällä", Some("2026-03-09T23:59:59+02:00")),
            ("kolmen päivän sisällä", Some("2026-03-05T23:59:59+02:00")),
            ("soitan tunnin sisällä", Some("2026-03-02T11:15:00+02:00")),
            ("I'll ring you at 2 pm", Some("2026-03-02T14:00:00+02:00")),
            ("soitan klo 9.30", Some("2026-03-03T09:30:00+02:00")),
            ("huomenna klo 14", Some("2026-03-03T14:00:00+02:00")),
            ("tomorrow before noon", Some("2026-03-03T12:00:00+02:00")),
            ("huomenna puoleenpäivään mennessä", Some("2026-03-03T12:00:00+02:00")),
            ("jag ringer på torsdag", Some("2026-03-05T23:59:59+02:00")),
            ("I'll call tomorrow at 16:00", Some("2026-03-03T16:00:00+02:00")),
            ("palaan huomenna neljään mennessä", Some("2026-03-03T16:00:00+02:00")),
            ("I'll get back to you tomorrow by four", Some("2026-03-03T16:00:00+02:00")),
            ("soitan huomenna kello yhdeksän", Some("2026-03-03T09:00:00+02:00")),
            // The ablative says the hour something happens at.
            ("soitan ensi maanantaina kymmeneltä", Some("2026-03-09T10:00:00+02:00")),
            ("laitan tekstarin viimeistään viideltä", Some("2026-03-02T17:00:00+02:00")),
            ("huomenna viimeistään yheksältä", Some("2026-03-03T09:00:00+02:00")),
            ("someone at one of our stores calls you tomorrow", Some("2026-03-03T23:59:59+02:00")),
            ("soitan pian", None),
            ("someone will be in touch at some point", None),
        ];
        for (words, expected) in cases {
            assert_eq!(due(words, monday).as_deref(), expected, "{words}");
        }
        // Summer time: the deadline keeps the encounter's own offset.
        assert_eq!(
            due("tomorrow", "2026-06-30T16:00:00+03:00").as_deref(),
            Some("2026-07-01T23:59:59+03:00")
        );
        // The same weekday means a week on.
        assert_eq!(due("maanantaina", monday).as_deref(), Some("2026-03-09T23:59:59+02:00"));
    }
}

//! Times as offices write them: RFC 3339 with the offset, or the forms
//! Finnish Excel writes (`3.6.2026 12:15`, `03.06.2026 12.15`, `3.6.2026`)
//! and ISO without an offset, read in the workspace's time zone.
//!
//! A time the zone skips (the hour clocks move forward) or repeats (the
//! hour they move back) is refused rather than guessed: the auditor gives
//! the offset, as only they know which of the two it was.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{AmbiguousOffset, TimeZone};
use tarkka_i18n::{Message, msg};

/// The workspace's time zone when `tarkka.toml` names none.
pub const DEFAULT_ZONE: &str = "Europe/Helsinki";

/// The forms a time may take, for messages (the catalogue adds the last,
/// a day alone, in the reader's words).
pub const FORMS: &str =
    "2026-06-03T12:15+03:00, 2026-06-03 12:15, 3.6.2026 12:15, 03.06.2026 12.15";

/// The time zone of an IANA name (`Europe/Helsinki`).
pub fn zone(name: &str) -> Result<TimeZone, Message> {
    jiff::tz::db()
        .get(name)
        .map_err(|_| msg!("time-zone-unknown", name = name, example = DEFAULT_ZONE))
}

/// Reads a time: with its offset as given (RFC 3339), else in `zone`,
/// returned as RFC 3339 with the offset in force then
/// (`2026-06-03T12:15+03:00`). The error says which forms are read.
pub fn parse(text: &str, zone: &TimeZone, zone_name: &str) -> Result<String, Message> {
    let text = text.trim();
    if let Some(offset) = offset_beyond_a_day(text) {
        return Err(msg!("time-offset-beyond", text = text, offset = offset));
    }
    if text.parse::<jiff::Timestamp>().is_ok() {
        return Ok(text.to_string());
    }
    // A time with its own zone (`2026-06-03T12:15[Europe/Stockholm]`): the
    // offset in force there, not the workspace's.
    if let Ok(zoned) = text.parse::<jiff::Zoned>() {
        return Ok(rfc3339(zoned.datetime(), zoned.offset()));
    }
    let civil = civil(text).ok_or_else(|| msg!("time-unreadable", text = text, forms = FORMS))?;
    let ambiguous = zone.to_ambiguous_zoned(civil);
    let offset = match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { offset } => offset,
        AmbiguousOffset::Gap { .. } => {
            return Err(msg!("time-skipped", text = text, zone = zone_name));
        }
        AmbiguousOffset::Fold { before, after } => {
            return Err(msg!(
                "time-twice",
                text = text,
                zone = zone_name,
                first = rfc3339(civil, before),
                second = rfc3339(civil, after)
            ));
        }
    };
    Ok(rfc3339(civil, offset))
}

/// The offset a time is written with, when it is more than a day from
/// UTC (`+25:00`): a typing error, not a place on Earth.
fn offset_beyond_a_day(text: &str) -> Option<&str> {
    let text = text.split('[').next().unwrap_or(text);
    let time = text.find(['T', 't', ' '])?;
    let sign = time + text[time..].rfind(['+', '-'])?;
    let offset = &text[sign..];
    let digits: Vec<u32> = offset.chars().filter_map(|c| c.to_digit(10)).collect();
    let hours = digits.iter().take(2).fold(0, |n, d| n * 10 + d);
    let rest = digits.iter().skip(2).fold(0, |n, d| n * 10 + d);
    (digits.len() >= 2 && (hours > 24 || (hours == 24 && rest > 0))).then_some(offset)
}

fn rfc3339(civil: DateTime, offset: jiff::tz::Offset) -> String {
    let time = match (civil.second(), civil.subsec_nanosecond()) {
        (0, 0) => format!("{:02}:{:02}", civil.hour(), civil.minute()),
        (second, 0) => format!("{:02}:{:02}:{second:02}", civil.hour(), civil.minute()),
        (second, nanos) => {
            let fraction = format!("{nanos:09}");
            format!(
                "{:02}:{:02}:{second:02}.{}",
                civil.hour(),
                civil.minute(),
                fraction.trim_end_matches('0')
            )
        }
    };
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{}T{time}{sign}{:02}:{:02}", civil.date(), minutes / 60, minutes % 60)
}

/// A civil time in one of the forms, without an offset.
fn civil(text: &str) -> Option<DateTime> {
    if let Ok(civil) = text.parse::<DateTime>() {
        return Some(civil);
    }
    if let Ok(date) = text.parse::<Date>() {
        return Some(date.to_datetime(Time::midnight()));
    }
    // Finnish: D.M.YYYY, then optionally "klo" and H:MM[:SS] or H.MM[.SS].
    let mut parts = text.split_whitespace();
    let date = finnish_date(parts.next()?)?;
    let mut time = parts.next();
    if time.is_some_and(|word| word.eq_ignore_ascii_case("klo")) {
        // "klo" promises a time.
        time = Some(parts.next()?);
    }
    if parts.next().is_some() {
        return None;
    }
    let time = match time {
        None => Time::midnight(),
        Some(time) => clock(time)?,
    };
    Some(date.to_datetime(time))
}

/// A day as written in ISO (`2026-05-31`) or in Finnish (`31.5.2026`,
/// `31.05.2026`).
pub(crate) fn day(text: &str) -> Option<Date> {
    text.parse::<Date>().ok().or_else(|| finnish_date(text))
}

fn finnish_date(text: &str) -> Option<Date> {
    let mut parts = text.split('.');
    let day: i8 = number(parts.next()?, 2)?;
    let month: i8 = number(parts.next()?, 2)?;
    let year_text = parts.next()?;
    if year_text.len() != 4 || parts.next().is_some() {
        return None;
    }
    let year: i16 = number(year_text, 4)?;
    Date::new(year, month, day).ok()
}

fn clock(text: &str) -> Option<Time> {
    let separator = if text.contains(':') { ':' } else { '.' };
    let mut parts = text.split(separator);
    let hour: i8 = number(parts.next()?, 2)?;
    let minute_text = parts.next()?;
    let minute: i8 = (minute_text.len() == 2).then(|| number(minute_text, 2))??;
    let second: i8 = match parts.next() {
        Some(second) => (second.len() == 2).then(|| number(second, 2))??,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Time::new(hour, minute, second, 0).ok()
}

fn number<T: std::str::FromStr>(text: &str, max_digits: usize) -> Option<T> {
    (!text.is_empty() && text.len() <= max_digits && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helsinki(text: &str) -> Result<String, String> {
        parse(text, &zone(DEFAULT_ZONE).unwrap(), DEFAULT_ZONE).map_err(|m| m.to_string())
    }

    #[test]
    fn offsets_beyond_a_day_are_refused() {
        for text in ["2026-05-14T17:40+25:00", "2026-05-14T17:40-24:30", "2026-05-14 17:40+2500"] {
            let said = helsinki(text).unwrap_err();
            assert!(said.contains("is more than a day from UTC"), "{text}: {said}");
        }
        for (text, read) in [
            ("2026-05-14T17:40+14:00", "2026-05-14T17:40+14:00"),
            ("2026-05-14T17:40-12:00", "2026-05-14T17:40-12:00"),
            ("2026-05-14T17:40Z", "2026-05-14T17:40Z"),
        ] {
            assert_eq!(helsinki(text).unwrap(), read, "{text}");
        }
    }

    #[test]
    fn finnish_excel_forms_are_read_in_the_workspace_zone() {
        for (given, read) in [
            ("3.6.2026 12:15", "2026-06-03T12:15+03:00"),
            ("03.06.2026 12.15", "2026-06-03T12:15+03:00"),
            ("3.6.2026 klo 9.05", "2026-06-03T09:05+03:00"),
            ("3.6.2026", "2026-06-03T00:00+03:00"),
            ("14.1.2026 8:30:15", "2026-01-14T08:30:15+02:00"),
            ("2026-01-14 08:30", "2026-01-14T08:30+02:00"),
            ("2026-01-14T08:30", "2026-01-14T08:30+02:00"),
            ("2026-05-14T17:40+03:00", "2026-05-14T17:40+03:00"),
            ("2026-06-03T12:15[Europe/Stockholm]", "2026-06-03T12:15+02:00"),
            ("2026-06-03 12:15:30.25", "2026-06-03T12:15:30.25+03:00"),
            // Summer time on both edges: the last winter minute, the first
            // summer one; the last summer minute, the first winter one.
            ("29.3.2026 2:59", "2026-03-29T02:59+02:00"),
            ("29.3.2026 4:00", "2026-03-29T04:00+03:00"),
            ("25.10.2026 2:59", "2026-10-25T02:59+03:00"),
            ("25.10.2026 4:00", "2026-10-25T04:00+02:00"),
        ] {
            assert_eq!(helsinki(given).as_deref(), Ok(read), "{given}");
        }
        let stockholm = zone("Europe/Stockholm").unwrap();
        assert_eq!(
            parse("3.6.2026 12:15", &stockholm, "Europe/Stockholm")
                .map_err(|m| m.to_string())
                .as_deref(),
            Ok("2026-06-03T12:15+02:00")
        );
    }

    #[test]
    fn skipped_and_repeated_times_and_other_text_are_refused() {
        let gap = helsinki("29.3.2026 3:30").unwrap_err();
        assert!(gap.contains("does not exist in Europe/Helsinki"), "{gap}");
        let fold = helsinki("25.10.2026 3:30").unwrap_err();
        assert!(fold.contains("2026-10-25T03:30+03:00 or 2026-10-25T03:30+02:00"), "{fold}");
        for bad in [
            "32.1.2026",
            "3.6.26",
            "3.6.2026 25:00",
            "3.6.2026 12:5",
            "eilen",
            "3/6/2026",
            "3.6.2026 klo",
        ] {
            let message = helsinki(bad).unwrap_err();
            assert!(message.contains("expected one of 2026-06-03T12:15+03:00"), "{bad}: {message}");
        }
        assert!(zone("Europe/Helsingfors").is_err());
    }
}

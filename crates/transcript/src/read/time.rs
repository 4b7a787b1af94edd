//! Timestamps as subtitle files and logs write them, read with checked
//! arithmetic so that no number, however absurd, can overflow.

use tarkka_i18n::{Message, msg};

use crate::model::Millis;

/// What a timestamp of two parts, `A:B`, means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TwoParts {
    /// `MM:SS.mmm`, as WebVTT writes times under an hour.
    MinutesSeconds,
    /// `HH:MM`, as chat logs write the clock.
    HoursMinutes,
}

/// Reads `HH:MM:SS.mmm`, `MM:SS.mmm` (or `HH:MM` in chat logs), with `.` or
/// `,` before the fraction, which may have 1 to 9 digits (beyond
/// milliseconds they are dropped) or be absent.
///
/// The error says what was expected, for a person to fix the file: a
/// catalogue message whose `why` is `recording` or `clock` (the form was
/// not understood), `minutes`, `seconds` (out of range) or `large`.
pub(crate) fn parse(text: &str, two_parts: TwoParts) -> Result<Millis, Message> {
    let expected = match two_parts {
        TwoParts::MinutesSeconds => "recording",
        TwoParts::HoursMinutes => "clock",
    };
    let bad = |why: &str| Err(msg!("transcript-time-bad", text = text, why = why));
    let parts: Vec<&str> = text.split(':').collect();
    let (hours, minutes, last) = match (parts.as_slice(), two_parts) {
        ([hours, minutes, last], _) => (Some(*hours), *minutes, *last),
        ([minutes, last], TwoParts::MinutesSeconds) => (None, *minutes, *last),
        ([hours, minutes], TwoParts::HoursMinutes) => {
            let (Some(hours), Some(minutes)) =
                (number(hours, 1..=usize::MAX), number(minutes, 2..=2))
            else {
                return bad(expected);
            };
            if minutes >= 60 {
                return bad("minutes");
            }
            return total(hours, minutes, 0, 0).map_or_else(|| bad("large"), Ok);
        }
        _ => return bad(expected),
    };
    let (seconds, fraction) = match last.find(['.', ',']) {
        Some(at) => (&last[..at], Some(&last[at + 1..])),
        None => (last, None),
    };
    let Some(hours) = hours.map_or(Some(0), |hours| number(hours, 1..=usize::MAX)) else {
        return bad(expected);
    };
    let (Some(minutes), Some(seconds)) = (number(minutes, 1..=2), number(seconds, 2..=2)) else {
        return bad(expected);
    };
    let millis = match fraction {
        None => 0,
        Some(fraction) => match number(fraction, 1..=9) {
            // Scale to milliseconds by the digits written: `.5` is 500 ms.
            Some(_) => {
                let digits = fraction.as_bytes();
                (0..3).fold(0, |millis, at| {
                    millis * 10 + digits.get(at).map_or(0, |digit| u64::from(digit - b'0'))
                })
            }
            None => return bad(expected),
        },
    };
    if minutes >= 60 {
        return bad("minutes");
    }
    if seconds >= 60 {
        return bad("seconds");
    }
    total(hours, minutes, seconds, millis).map_or_else(|| bad("large"), Ok)
}

/// The value of a run of ASCII digits whose length is in `lengths`; `None`
/// for anything else (signs, spaces, other scripts' digits).
///
/// Saturates rather than fails on overflow, so that an absurd hour count is
/// reported as too large rather than as malformed.
fn number(text: &str, lengths: std::ops::RangeInclusive<usize>) -> Option<u64> {
    if !lengths.contains(&text.len()) || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(text.bytes().fold(0u64, |value, digit| {
        value.saturating_mul(10).saturating_add(u64::from(digit - b'0'))
    }))
}

fn total(hours: u64, minutes: u64, seconds: u64, millis: u64) -> Option<Millis> {
    let total = hours
        .checked_mul(3_600_000)?
        .checked_add(minutes * 60_000)?
        .checked_add(seconds * 1000)?
        .checked_add(millis)?;
    Some(Millis(total))
}

/// Converts seconds, as JSON segment lists give them, to milliseconds;
/// `None` for negative or unrepresentable values.
pub(crate) fn from_seconds(seconds: f64) -> Option<Millis> {
    // 2^53 ms (285,000 years) is where f64 stops counting every millisecond.
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    let millis = (seconds * 1000.0).round();
    if millis.is_finite() && (0.0..=LIMIT).contains(&millis) {
        Some(Millis(millis as u64))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, two_parts: TwoParts, expected: Result<u64, &str>) {
        let actual =
            parse(text, two_parts).map(|Millis(millis)| millis).map_err(|error| error.to_string());
        assert_eq!(actual, expected.map_err(str::to_string), "{text:?}");
    }

    #[test]
    fn valid_times() {
        use TwoParts::*;
        let cases = [
            ("00:00:00.000", MinutesSeconds, 0),
            ("00:00:01.000", MinutesSeconds, 1000),
            ("01:02:03.004", MinutesSeconds, 3_723_004),
            ("01:02:03,004", MinutesSeconds, 3_723_004),
            ("1:02:03.004", MinutesSeconds, 3_723_004),
            ("123:00:00.000", MinutesSeconds, 442_800_000),
            ("02:03.004", MinutesSeconds, 123_004),
            ("2:03.004", MinutesSeconds, 123_004),
            ("00:01.5", MinutesSeconds, 1500),
            ("00:01.25", MinutesSeconds, 1250),
            ("00:01.123456789", MinutesSeconds, 1123),
            ("00:01:05", MinutesSeconds, 65_000),
            ("00:01", MinutesSeconds, 1000),
            ("00:59:59.999", MinutesSeconds, 3_599_999),
            ("10:32", HoursMinutes, 37_920_000),
            ("7:05", HoursMinutes, 25_500_000),
            ("00:01:05", HoursMinutes, 65_000),
            ("00:01:05.250", HoursMinutes, 65_250),
            // The largest time that fits: u64::MAX is 18446744073709551615.
            ("5124095576030:25:51.615", MinutesSeconds, u64::MAX),
        ];
        for (text, two_parts, expected) in cases {
            check(text, two_parts, Ok(expected));
        }
    }

    #[test]
    fn invalid_times_say_what_was_expected() {
        use TwoParts::*;
        let vtt = "expected a time like 00:01:05.250 or 01:05.250";
        let clock = "expected a time like 10:32, 10:32:05 or 00:01:05.250";
        let cases = [
            ("", MinutesSeconds, vtt),
            ("1.5", MinutesSeconds, vtt),
            ("00:00:00:00.000", MinutesSeconds, vtt),
            ("00:01.", MinutesSeconds, vtt),
            ("00:01.1234567890", MinutesSeconds, vtt),
            ("00:1.000", MinutesSeconds, vtt),
            ("000:01.000", MinutesSeconds, vtt),
            ("-00:01.000", MinutesSeconds, vtt),
            ("+1:00:01.000", MinutesSeconds, vtt),
            ("00: 01.000", MinutesSeconds, vtt),
            ("00:01.000 ", MinutesSeconds, vtt),
            ("00:01.5e3", MinutesSeconds, vtt),
            ("٠٠:٠١.٠٠٠", MinutesSeconds, vtt),
            ("00:60:00.000", MinutesSeconds, "minutes must be below 60"),
            ("60:00.000", MinutesSeconds, "minutes must be below 60"),
            ("00:00:60.000", MinutesSeconds, "seconds must be below 60"),
            ("10:75", HoursMinutes, "minutes must be below 60"),
            ("10:3", HoursMinutes, clock),
            ("10:32.5", HoursMinutes, clock),
            // One millisecond past u64::MAX.
            ("5124095576030:25:51.616", MinutesSeconds, "too large"),
            // The hours alone fit; adding the minutes overflows.
            ("5124095576030:59:59.999", MinutesSeconds, "too large"),
            ("5124095576031:00:00.000", MinutesSeconds, "too large"),
            ("99999999999999999999999:00:00.000", MinutesSeconds, "too large"),
            ("99999999999999999999999:00", HoursMinutes, "too large"),
            ("9999999999999999:00", HoursMinutes, "too large"),
        ];
        for (text, two_parts, why) in cases {
            check(text, two_parts, Err(&format!("bad time `{text}`: {why}")));
        }
    }

    #[test]
    fn seconds_convert_to_rounded_milliseconds() {
        let cases = [
            (0.0, Some(0)),
            (-0.0, Some(0)),
            (1.5, Some(1500)),
            (3.2, Some(3200)),
            (0.0004, Some(0)),
            (0.0005, Some(1)),
            (9_007_199_254_740.0, Some(9_007_199_254_740_000)),
            (9_007_199_254_741.0, None),
            (-0.001, None),
            (f64::INFINITY, None),
            (f64::NAN, None),
            (1e300, None),
        ];
        for (seconds, expected) in cases {
            assert_eq!(from_seconds(seconds).map(|Millis(millis)| millis), expected, "{seconds}");
        }
    }
}

//! Exact rational numbers for weights, credits and scores.
//!
//! Scores must come out with the same digits every time, on every machine, so
//! no floating point is involved anywhere: rubric numbers are read from their
//! decimal text and all arithmetic is on reduced fractions of `i128`.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use num_rational::Ratio;
use num_traits::{CheckedAdd, CheckedDiv, CheckedMul, CheckedSub, Signed, Zero};

/// An exact rational number in lowest terms.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fraction(Ratio<i128>);

/// The arithmetic left the range of exact `i128` fractions.
///
/// No realistic rubric gets near it; it exists so that an absurd one fails
/// loudly instead of wrapping around.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("exact arithmetic overflowed")
    }
}

impl std::error::Error for Overflow {}

impl Fraction {
    /// Zero.
    pub const ZERO: Fraction = Fraction(Ratio::new_raw(0, 1));
    /// One.
    pub const ONE: Fraction = Fraction(Ratio::new_raw(1, 1));
    /// One half.
    pub const HALF: Fraction = Fraction(Ratio::new_raw(1, 2));

    /// The fraction `numer / denom`, reduced. `None` when `denom` is zero.
    pub fn new(numer: i128, denom: i128) -> Option<Fraction> {
        if denom == 0 { None } else { Some(Fraction(Ratio::new(numer, denom))) }
    }

    /// A whole number.
    pub fn from_integer(value: i64) -> Fraction {
        Fraction(Ratio::from_integer(i128::from(value)))
    }

    /// Reads a decimal number exactly as written: `0.1` is one tenth.
    ///
    /// Accepts an optional sign, digits with `_` separators (as TOML does), an
    /// optional fraction and an optional exponent (`1.5e-2`). Rejects `inf`,
    /// `nan` and anything else.
    pub fn parse_decimal(text: &str) -> Option<Fraction> {
        let text: String = text.chars().filter(|&c| c != '_').collect();
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, &text[..]),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i32>().ok()?),
            None => (rest, 0),
        };
        let (whole, frac) = match mantissa.split_once('.') {
            Some((whole, frac)) => (whole, frac),
            None => (mantissa, ""),
        };
        if whole.is_empty() || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = format!("{whole}{frac}");
        let mut numer: i128 = digits.parse().ok()?;
        if negative {
            numer = -numer;
        }
        let scale = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
        let power = 10i128.checked_pow(scale.unsigned_abs())?;
        if scale >= 0 {
            Some(Fraction(Ratio::from_integer(numer.checked_mul(power)?)))
        } else {
            Fraction::new(numer, power)
        }
    }

    /// The numerator in lowest terms.
    pub fn numer(&self) -> i128 {
        *self.0.numer()
    }

    /// The denominator in lowest terms (always positive).
    pub fn denom(&self) -> i128 {
        *self.0.denom()
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether this is below zero.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// `self + other`, or an error when the exact result does not fit.
    pub fn checked_add(self, other: Fraction) -> Result<Fraction, Overflow> {
        // Whole numbers (most weights and credits) add without the 128-bit
        // divisions of reducing.
        if self.0.is_integer() && other.0.is_integer() {
            let sum = i128::checked_add(*self.0.numer(), *other.0.numer()).ok_or(Overflow)?;
            return Ok(Fraction(Ratio::from_integer(sum)));
        }
        self.0.checked_add(&other.0).map(Fraction).ok_or(Overflow)
    }

    /// `self - other`, or an error when the exact result does not fit.
    pub fn checked_sub(self, other: Fraction) -> Result<Fraction, Overflow> {
        self.0.checked_sub(&other.0).map(Fraction).ok_or(Overflow)
    }

    /// `self * other`, or an error when the exact result does not fit.
    pub fn checked_mul(self, other: Fraction) -> Result<Fraction, Overflow> {
        if self.0.is_integer() && other.0.is_integer() {
            let product = i128::checked_mul(*self.0.numer(), *other.0.numer()).ok_or(Overflow)?;
            return Ok(Fraction(Ratio::from_integer(product)));
        }
        self.0.checked_mul(&other.0).map(Fraction).ok_or(Overflow)
    }

    /// `self / other`; `None` when `other` is zero, an error on overflow.
    pub fn checked_div(self, other: Fraction) -> Result<Option<Fraction>, Overflow> {
        if other.is_zero() {
            return Ok(None);
        }
        self.0.checked_div(&other.0).map(|r| Some(Fraction(r))).ok_or(Overflow)
    }

    /// The smaller of the two.
    pub fn min(self, other: Fraction) -> Fraction {
        std::cmp::min(self, other)
    }

    /// The value rounded to `places` decimals, half away from zero, as text.
    ///
    /// This is the only rounding tarkka does, and only for display: the exact
    /// value is what is stored and compared.
    pub fn to_decimal_string(&self, places: u32) -> String {
        let scale = 10i128.pow(places);
        let numer = self.numer();
        let denom = self.denom();
        // |numer| * scale / denom, rounded half away from zero, in u128/i128
        // space wide enough for any fraction a rubric produces.
        let magnitude = numer.unsigned_abs();
        let scaled = match magnitude.checked_mul(scale as u128) {
            Some(scaled) => scaled,
            None => return self.lossy_string(places),
        };
        let denom = denom as u128;
        let mut units = scaled / denom;
        if (scaled % denom) * 2 >= denom {
            units += 1;
        }
        let sign = if numer < 0 && units != 0 { "-" } else { "" };
        let whole = units / scale as u128;
        let frac = units % scale as u128;
        if places == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac:0width$}", width = places as usize)
        }
    }

    /// The value for people: `2.5` rather than `5/2`, `3` rather than
    /// `3.0000`; at most four decimals, rounded as [`Self::to_decimal_string`].
    pub fn to_plain_string(&self) -> String {
        let text = self.to_decimal_string(4);
        if !text.contains('.') {
            return text;
        }
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }

    /// The value as a percentage with two decimals, e.g. `83.33`.
    pub fn to_percent_string(&self) -> String {
        match Fraction::from_integer(100).checked_mul(*self) {
            Ok(percent) => percent.to_decimal_string(2),
            Err(Overflow) => self.lossy_string(2),
        }
    }

    /// The nearest `f64`, for charts and statistics; never for scoring.
    pub fn to_f64(&self) -> f64 {
        self.numer() as f64 / self.denom() as f64
    }

    fn lossy_string(&self, places: u32) -> String {
        format!("{:.*}", places as usize, self.to_f64())
    }
}

impl Default for Fraction {
    fn default() -> Fraction {
        Fraction::ZERO
    }
}

/// Exact form: `3`, `-2`, `5/6`. This is the form stored in the ledger and
/// hashed into fingerprints; [`FromStr`] reads it back.
impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denom() == 1 {
            write!(f, "{}", self.numer())
        } else {
            write!(f, "{}/{}", self.numer(), self.denom())
        }
    }
}

impl fmt::Debug for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The text could not be read as a fraction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseFractionError(String);

impl fmt::Display for ParseFractionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not an exact number (expected e.g. `3`, `0.25` or `5/6`)", self.0)
    }
}

impl std::error::Error for ParseFractionError {}

/// Reads the exact form (`5/6`) or a decimal (`0.25`).
impl FromStr for Fraction {
    type Err = ParseFractionError;

    fn from_str(text: &str) -> Result<Fraction, ParseFractionError> {
        let error = || ParseFractionError(text.to_string());
        match text.split_once('/') {
            Some((numer, denom)) => {
                let numer: i128 = numer.trim().parse().map_err(|_| error())?;
                let denom: i128 = denom.trim().parse().map_err(|_| error())?;
                Fraction::new(numer, denom).ok_or_else(error)
            }
            None => Fraction::parse_decimal(text.trim()).ok_or_else(error),
        }
    }
}

impl serde::Serialize for Fraction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fraction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fraction, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl PartialEq<i64> for Fraction {
    fn eq(&self, other: &i64) -> bool {
        *self == Fraction::from_integer(*other)
    }
}

impl PartialOrd<i64> for Fraction {
    fn partial_cmp(&self, other: &i64) -> Option<Ordering> {
        Some(self.cmp(&Fraction::from_integer(*other)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> Fraction {
        text.parse().unwrap()
    }

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(Fraction::parse_decimal("0.1"), Fraction::new(1, 10));
        assert_eq!(Fraction::parse_decimal("2"), Fraction::new(2, 1));
        assert_eq!(Fraction::parse_decimal("-1.50"), Fraction::new(-3, 2));
        assert_eq!(Fraction::parse_decimal("+1_000.25"), Fraction::new(4001, 4));
        assert_eq!(Fraction::parse_decimal("1.5e-2"), Fraction::new(3, 200));
        assert_eq!(Fraction::parse_decimal("2E3"), Fraction::new(2000, 1));
        for bad in ["", "inf", "nan", "-", ".5", "1.2.3", "1e", "0x10", "1,5"] {
            assert_eq!(Fraction::parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn exact_form_round_trips() {
        for text in ["0", "3", "-2", "5/6", "-7/3"] {
            assert_eq!(f(text).to_string(), text);
        }
        assert_eq!(f("10/4").to_string(), "5/2");
        assert!("1/0".parse::<Fraction>().is_err());
    }

    #[test]
    fn no_drift_where_floats_drift() {
        // 0.1 + 0.2 != 0.3 in f64; here it is.
        assert_eq!(f("0.1").checked_add(f("0.2")).unwrap(), f("0.3"));
    }

    #[test]
    fn display_rounds_half_away_from_zero() {
        assert_eq!(f("5/6").to_percent_string(), "83.33");
        assert_eq!(f("1/8").to_percent_string(), "12.50");
        assert_eq!(f("1/3").to_decimal_string(2), "0.33");
        assert_eq!(f("2/3").to_decimal_string(2), "0.67");
        assert_eq!(f("0.125").to_decimal_string(2), "0.13");
        assert_eq!(f("-0.125").to_decimal_string(2), "-0.13");
        assert_eq!(f("0.00001").to_decimal_string(2), "0.00");
        assert_eq!(f("1").to_percent_string(), "100.00");
        assert_eq!(f("7/2").to_decimal_string(0), "4");
        assert_eq!(f("5/2").to_plain_string(), "2.5");
        assert_eq!(f("10").to_plain_string(), "10");
        assert_eq!(f("1/3").to_plain_string(), "0.3333");
    }

    #[test]
    fn division_by_zero_is_none_and_overflow_is_an_error() {
        assert_eq!(Fraction::ONE.checked_div(Fraction::ZERO), Ok(None));
        let huge = Fraction::new(i128::MAX, 1).unwrap();
        assert_eq!(huge.checked_add(huge), Err(Overflow));
        assert_eq!(huge.checked_mul(huge), Err(Overflow));
    }
}

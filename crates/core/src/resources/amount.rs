//! Exact decimal figures: money in £000s and full-time equivalents as printed.

use std::fmt;
use std::ops::{Add, Sub};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Places kept after the point; tables print one, so three leaves room.
const PLACES: u32 = 3;
const SCALE: i64 = 10_i64.pow(PLACES);

/// A figure held in thousandths, so sums are exact (no binary floating point).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    thousandths: i64,
}

impl Amount {
    pub const ZERO: Amount = Amount { thousandths: 0 };

    /// Reads a printed figure: `1,128.0`, `-54,308.8`, `696`. The sign may
    /// stand apart from the digits (`-` on one line, the figure on the next,
    /// joined by whitespace). Anything else, or more than three decimal
    /// places, is not a figure.
    pub fn read(text: &str) -> Option<Amount> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .map(|c| if c == '\u{2212}' { '-' } else { c })
            .collect();
        let (negative, digits) = match compact.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, compact.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        if fraction.len() > PLACES as usize {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let padded = format!("{fraction:0<width$}", width = PLACES as usize);
        let fraction: i64 = padded.parse().ok()?;
        let magnitude = whole.checked_mul(SCALE)?.checked_add(fraction)?;
        Some(Amount {
            thousandths: if negative { -magnitude } else { magnitude },
        })
    }

    pub fn is_zero(self) -> bool {
        self.thousandths == 0
    }

    /// This × `numerator` / `denominator`, where `numerator` is itself an
    /// amount (a percentage): exact to the thousandth, halves away from zero.
    pub fn scaled(self, numerator: Amount, denominator: i64) -> Amount {
        let product = i128::from(self.thousandths) * i128::from(numerator.thousandths);
        let divisor = i128::from(denominator) * i128::from(SCALE);
        let half = divisor / 2;
        let rounded = match product >= 0 {
            true => (product + half) / divisor,
            false => (product - half) / divisor,
        };
        Amount {
            thousandths: i64::try_from(rounded).unwrap_or(i64::MAX),
        }
    }

    /// For ratios shown rounded (a cost per person), never for sums.
    pub fn as_f64(self) -> f64 {
        self.thousandths as f64 / SCALE as f64
    }

    /// How far from nothing, whatever the sign.
    pub fn abs(self) -> Amount {
        Amount {
            thousandths: self.thousandths.abs(),
        }
    }

    pub fn sum<'a>(amounts: impl IntoIterator<Item = &'a Amount>) -> Amount {
        amounts
            .into_iter()
            .fold(Amount::ZERO, |total, a| total + *a)
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount {
            thousandths: self.thousandths + other.thousandths,
        }
    }
}

impl Sub for Amount {
    type Output = Amount;
    fn sub(self, other: Amount) -> Amount {
        Amount {
            thousandths: self.thousandths - other.thousandths,
        }
    }
}

/// At least one decimal place, as the tables print them, and no trailing zeros beyond.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.thousandths < 0 { "-" } else { "" };
        let magnitude = self.thousandths.unsigned_abs();
        let whole = magnitude / SCALE as u64;
        let fraction = format!(
            "{:0width$}",
            magnitude % SCALE as u64,
            width = PLACES as usize
        );
        let fraction = fraction.trim_end_matches('0');
        let fraction = if fraction.is_empty() { "0" } else { fraction };
        write!(f, "{sign}{whole}.{fraction}")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an exact figure (digits, an optional sign and up to three decimal places)")]
pub struct NotAnAmount(pub String);

impl FromStr for Amount {
    type Err = NotAnAmount;
    fn from_str(text: &str) -> Result<Amount, NotAnAmount> {
        Amount::read(text).ok_or_else(|| NotAnAmount(text.to_string()))
    }
}

/// Written as its decimal text, so JSON never turns it into a float.
impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

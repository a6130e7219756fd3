//! Reporting periods.
//!
//! Councils mix financial years (April–March), academic years
//! (September–August), calendar years, quarters and months. A [`Period`]
//! always knows which it is, so two kinds are never compared by accident.

mod written;
pub(crate) use written::month_number;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use written::{read_quarter_word, read_written};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// April to March: `2010/11`.
    Financial,
    /// September to August: `AY 2010/11`; results are published in its second year.
    Academic,
    /// January to December: `2010`.
    Calendar,
    /// A quarter of a financial year: `2010/11 Q1` is April–June 2010.
    Quarter,
    /// A half of a financial year, as six-monthly progress reports run:
    /// `2010/11 H1` is April–September 2010, `2010/11 H2` October–March.
    HalfYear,
    /// A calendar month: `2010-04`.
    Month,
}

impl PeriodKind {
    /// How many periods of this kind make a year: 1 for the three kinds of
    /// year, 4 for quarters, 12 for months.
    pub fn per_year(self) -> u8 {
        match self {
            PeriodKind::Financial | PeriodKind::Academic | PeriodKind::Calendar => 1,
            PeriodKind::HalfYear => 2,
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
        }
    }
}

/// A period of one kind. `year` is the year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
    /// Half (1–2), quarter (1–4) or month (1–12); 0 for whole years.
    pub sub: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a period; write it as 2010/11 (financial year), AY 2010/11 (academic year), 2010 (calendar year), 2010/11 H1, 2010/11 Q1 or 2010-04")]
pub struct PeriodError {
    pub text: String,
}

impl Period {
    pub fn financial(year: i32) -> Self {
        Period {
            kind: PeriodKind::Financial,
            year,
            sub: 0,
        }
    }

    pub fn academic(year: i32) -> Self {
        Period {
            kind: PeriodKind::Academic,
            year,
            sub: 0,
        }
    }

    pub fn calendar(year: i32) -> Self {
        Period {
            kind: PeriodKind::Calendar,
            year,
            sub: 0,
        }
    }

    pub fn quarter(year: i32, quarter: u8) -> Self {
        Period {
            kind: PeriodKind::Quarter,
            year,
            sub: quarter,
        }
    }

    pub fn half_year(year: i32, half: u8) -> Self {
        Period {
            kind: PeriodKind::HalfYear,
            year,
            sub: half,
        }
    }

    pub fn month(year: i32, month: u8) -> Self {
        Period {
            kind: PeriodKind::Month,
            year,
            sub: month,
        }
    }

    /// First day of the period.
    pub fn start(&self) -> NaiveDate {
        let (y, m) = match self.kind {
            PeriodKind::Financial => (self.year, 4),
            PeriodKind::Academic => (self.year, 9),
            PeriodKind::Calendar => (self.year, 1),
            PeriodKind::HalfYear => {
                let m = 4 + 6 * (u32::from(self.sub.clamp(1, 2)) - 1);
                (self.year, m)
            }
            PeriodKind::Quarter => {
                let m = 4 + 3 * (u32::from(self.sub.clamp(1, 4)) - 1);
                if m > 12 {
                    (self.year + 1, m - 12)
                } else {
                    (self.year, m)
                }
            }
            PeriodKind::Month => (self.year, u32::from(self.sub.clamp(1, 12))),
        };
        first_of_month(y, m)
    }

    /// Last day of the period.
    pub fn end(&self) -> NaiveDate {
        let next = self.next().start();
        next.pred_opt().unwrap_or(next)
    }

    /// The period of the same kind just before this one.
    pub fn previous(&self) -> Period {
        self.shift(-1)
    }

    /// The period of the same kind just after this one.
    pub fn next(&self) -> Period {
        self.shift(1)
    }

    fn shift(&self, by: i32) -> Period {
        let per_year = match self.kind {
            PeriodKind::HalfYear => 2,
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
            _ => {
                return Period {
                    year: self.year + by,
                    ..*self
                }
            }
        };
        let index = self.year * per_year + i32::from(self.sub.max(1)) - 1 + by;
        Period {
            kind: self.kind,
            year: index.div_euclid(per_year),
            sub: u8::try_from(index.rem_euclid(per_year) + 1).unwrap_or(1),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }

    /// Two periods can be compared for direction of travel only if they are of the same kind.
    pub fn comparable_with(&self, other: &Period) -> bool {
        self.kind == other.kind
    }
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

fn two_year_label(year: i32) -> String {
    format!("{}/{:02}", year, (year + 1).rem_euclid(100))
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Financial => f.write_str(&two_year_label(self.year)),
            PeriodKind::Academic => write!(f, "AY {}", two_year_label(self.year)),
            PeriodKind::Calendar => write!(f, "{}", self.year),
            PeriodKind::HalfYear => write!(f, "{} H{}", two_year_label(self.year), self.sub),
            PeriodKind::Quarter => write!(f, "{} Q{}", two_year_label(self.year), self.sub),
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.sub),
        }
    }
}

/// Reads `2010/11`, `2010/2011`, `2010-11`; returns the first year.
fn parse_split_year(text: &str) -> Option<i32> {
    let (a, b) = text.split_once(['/', '-'])?;
    let first: i32 = a.trim().parse().ok()?;
    if !(1900..=2200).contains(&first) {
        return None;
    }
    let b = b.trim();
    let second: i32 = b.parse().ok()?;
    let expected = first + 1;
    let matches = match b.len() {
        2 => second == expected.rem_euclid(100),
        4 => second == expected,
        _ => false,
    };
    matches.then_some(first)
}

fn parse_year(text: &str) -> Option<i32> {
    let year: i32 = text.trim().parse().ok()?;
    (text.trim().len() == 4 && (1900..=2200).contains(&year)).then_some(year)
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || PeriodError {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        if let Some(rest) = lower
            .strip_prefix("ay ")
            .or_else(|| lower.strip_prefix("academic year "))
            .or_else(|| lower.strip_prefix("academic "))
        {
            return parse_split_year(rest)
                .map(Period::academic)
                .ok_or_else(error);
        }
        if let Some(rest) = lower
            .strip_prefix("fy ")
            .or_else(|| lower.strip_prefix("financial year "))
        {
            return parse_split_year(rest)
                .map(Period::financial)
                .ok_or_else(error);
        }
        if let Some(rest) = lower.strip_prefix("cy ") {
            return parse_year(rest).map(Period::calendar).ok_or_else(error);
        }
        if let Some((year, quarter)) = lower.split_once(" q") {
            let quarter: u8 = quarter.trim().parse().map_err(|_| error())?;
            if !(1..=4).contains(&quarter) {
                return Err(error());
            }
            return parse_split_year(year)
                .map(|y| Period::quarter(y, quarter))
                .ok_or_else(error);
        }
        if let Some((year, half)) = lower.split_once(" h") {
            let half: u8 = half.trim().parse().map_err(|_| error())?;
            if !(1..=2).contains(&half) {
                return Err(error());
            }
            return parse_split_year(year)
                .map(|y| Period::half_year(y, half))
                .ok_or_else(error);
        }
        if let Some(year) = parse_year(&lower) {
            return Ok(Period::calendar(year));
        }
        if let Some((year, month)) = lower.split_once('-') {
            if month.len() == 2 && year.len() == 4 {
                if let (Some(year), Ok(month)) = (parse_year(year), month.parse::<u8>()) {
                    if (1..=12).contains(&month) {
                        return Ok(Period::month(year, month));
                    }
                }
            }
        }
        parse_split_year(&lower)
            .map(Period::financial)
            .ok_or_else(error)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A period is written as councils write it (`2010/11`, `AY 2010/11`, `2010`,
/// `2010/11 Q2`, `2011-03`), so its schema is a string.
impl schemars::JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A period as councils write it: 2010/11, AY 2010/11, 2010, 2010/11 Q2 or 2011-03."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_forms_councils_write() {
        assert_eq!("2010/11".parse(), Ok(Period::financial(2010)));
        assert_eq!("2010/2011".parse(), Ok(Period::financial(2010)));
        assert_eq!("AY 2009/10".parse(), Ok(Period::academic(2009)));
        assert_eq!("2010".parse(), Ok(Period::calendar(2010)));
        assert_eq!("2010/11 Q4".parse(), Ok(Period::quarter(2010, 4)));
        assert_eq!("2009/10 H2".parse(), Ok(Period::half_year(2009, 2)));
        assert!("2009/10 H3".parse::<Period>().is_err());
        assert_eq!("2011-03".parse(), Ok(Period::month(2011, 3)));
        assert!("2010/12".parse::<Period>().is_err());
        assert!("soon".parse::<Period>().is_err());
    }

    #[test]
    fn financial_and_academic_years_have_their_own_bounds() {
        let fy = Period::financial(2010);
        assert_eq!(fy.start(), NaiveDate::from_ymd_opt(2010, 4, 1).unwrap());
        assert_eq!(fy.end(), NaiveDate::from_ymd_opt(2011, 3, 31).unwrap());
        let ay = Period::academic(2010);
        assert_eq!(ay.start(), NaiveDate::from_ymd_opt(2010, 9, 1).unwrap());
        assert_eq!(ay.end(), NaiveDate::from_ymd_opt(2011, 8, 31).unwrap());
        assert!(!fy.comparable_with(&ay));
        let q4 = Period::quarter(2010, 4);
        assert_eq!(q4.start(), NaiveDate::from_ymd_opt(2011, 1, 1).unwrap());
        assert_eq!(q4.next(), Period::quarter(2011, 1));
        assert_eq!(Period::month(2011, 1).previous(), Period::month(2010, 12));
        let h2 = Period::half_year(2009, 2);
        assert_eq!(h2.start(), NaiveDate::from_ymd_opt(2009, 10, 1).unwrap());
        assert_eq!(h2.end(), NaiveDate::from_ymd_opt(2010, 3, 31).unwrap());
        assert_eq!(h2.next(), Period::half_year(2010, 1));
    }

    fn any_period() -> impl Strategy<Value = Period> {
        (0usize..6, 1950i32..2100, 1u8..=12).prop_map(|(k, year, sub)| match k {
            0 => Period::financial(year),
            1 => Period::academic(year),
            2 => Period::calendar(year),
            3 => Period::quarter(year, (sub - 1) % 4 + 1),
            4 => Period::half_year(year, (sub - 1) % 2 + 1),
            _ => Period::month(year, sub),
        })
    }

    proptest! {
        #[test]
        fn label_round_trips(p in any_period()) {
            prop_assert_eq!(p.to_string().parse::<Period>(), Ok(p));
        }

        #[test]
        fn next_follows_without_gap(p in any_period()) {
            prop_assert_eq!(p.end().succ_opt(), Some(p.next().start()));
            prop_assert_eq!(p.next().previous(), p);
        }
    }
}

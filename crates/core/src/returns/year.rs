//! The year a return covers: 1 April to 31 March, named by the year it ends
//! in, as the DfE names collections (`2018` is 1 April 2017 to 31 March 2018).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReturnYear {
    /// The calendar year holding the 31 March the return is made up to.
    pub ending: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{text}` is not a return year; write the year it ends (2018) or the financial year (2017/18)"
)]
pub struct ReturnYearError {
    pub text: String,
}

impl ReturnYear {
    pub fn ending(ending: i32) -> ReturnYear {
        ReturnYear { ending }
    }

    /// `2018`, `2017/18` or `2017-18`.
    pub fn parse(text: &str) -> Result<ReturnYear, ReturnYearError> {
        let error = || ReturnYearError { text: text.into() };
        let trimmed = text.trim();
        if let Some((first, second)) = trimmed.split_once(['/', '-']) {
            let first: i32 = first.parse().map_err(|_| error())?;
            let second: i32 = second.parse().map_err(|_| error())?;
            if second.rem_euclid(100) != (first + 1).rem_euclid(100) || first < 1900 {
                return Err(error());
            }
            return Ok(ReturnYear::ending(first + 1));
        }
        match trimmed.parse::<i32>() {
            Ok(year) if (1900..=9999).contains(&year) => Ok(ReturnYear::ending(year)),
            _ => Err(error()),
        }
    }

    /// 1 April of the year before.
    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.ending - 1, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 March: the day children "at 31 March" are counted on.
    pub fn end(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.ending, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        (self.start()..=self.end()).contains(&date)
    }

    /// The plan's financial year the figures are reported for.
    pub fn period(self) -> Period {
        Period::financial(self.ending - 1)
    }
}

impl std::fmt::Display for ReturnYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{:02}", self.ending - 1, self.ending.rem_euclid(100))
    }
}

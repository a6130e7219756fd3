//! Working days, months and weeks for the deadlines the register is judged by.
//!
//! - A **working day** is Monday to Friday and not an England & Wales bank
//!   holiday. The holidays from 2000 to 2030 ship with the crate
//!   (`data/bank_holidays_england_wales.csv`), one-off and moved holidays
//!   included; later years are added with [`WorkingCalendar::extended_with`].
//! - **Counting**: the start date never counts and the end date does. "Within
//!   15 working days of identification" means on or before
//!   [`WorkingCalendar::add_working_days`]`(identified, 15)`: need identified on
//!   a Monday with no holiday that fortnight, the deadline is the Monday three
//!   weeks later.
//! - **Months** ([`add_months`]): the same day of the month, or the month's last
//!   day when it is shorter (31 January + 1 month = 28 or 29 February).
//! - **Weeks** ([`add_weeks`]) are calendar days: 6 weeks = 42 days.

mod holidays;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

pub use holidays::HolidayListError;

const ENGLAND_AND_WALES: &str = include_str!("../../data/bank_holidays_england_wales.csv");

/// Weekends and bank holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    holidays: BTreeMap<NaiveDate, String>,
}

impl WorkingCalendar {
    /// England & Wales bank holidays, 2000–2030.
    pub fn england_and_wales() -> Self {
        Self::from_list(ENGLAND_AND_WALES)
            .expect("the shipped bank holiday list is valid (checked by the calendar tests)")
    }

    /// A calendar with no holidays at all: only weekends are not working days.
    pub fn weekends_only() -> Self {
        WorkingCalendar {
            holidays: BTreeMap::new(),
        }
    }

    /// A calendar from the text of a `date,name` list.
    pub fn from_list(text: &str) -> Result<Self, HolidayListError> {
        Ok(WorkingCalendar {
            holidays: holidays::parse_holidays(text)?,
        })
    }

    /// This calendar with the holidays of another `date,name` list added
    /// (for years after 2030, or a newly announced holiday).
    pub fn extended_with(mut self, text: &str) -> Result<Self, HolidayListError> {
        self.holidays.extend(holidays::parse_holidays(text)?);
        Ok(self)
    }

    /// First and last day of the years the holiday list covers; outside it
    /// only weekends are excluded, so callers may want to warn.
    pub fn covered(&self) -> Option<RangeInclusive<NaiveDate>> {
        let first = self.holidays.keys().next()?;
        let last = self.holidays.keys().next_back()?;
        let start = NaiveDate::from_ymd_opt(first.year(), 1, 1)?;
        let end = NaiveDate::from_ymd_opt(last.year(), 12, 31)?;
        Some(start..=end)
    }

    /// The holiday's name, if `date` is a bank holiday.
    pub fn bank_holiday(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    /// Bank holidays from `from` to `to`, both included.
    pub fn bank_holidays(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, &str)> {
        if to < from {
            return Vec::new();
        }
        self.holidays
            .range(from..=to)
            .map(|(date, name)| (*date, name.as_str()))
            .collect()
    }

    /// Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains_key(&date)
    }

    /// The date `n` working days after `date` (`date` itself does not count).
    /// With `n = 0` the date is returned unchanged, working day or not.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to`; negative when `to`
    /// is before `from`. `working_days_between(d, add_working_days(d, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut count = 0;
        let mut day = from;
        while let Some(next) = day.succ_opt().filter(|next| *next <= to) {
            day = next;
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// True when `done` is on or before the `n`th working day after `start`.
    pub fn within_working_days(&self, start: NaiveDate, done: NaiveDate, n: u32) -> bool {
        done <= self.add_working_days(start, n)
    }
}

/// `date` plus `n` months (minus when negative); when the target month is
/// shorter the result is its last day: 31 January + 1 month = 28 February
/// (29 in a leap year), 31 August + 3 months = 30 November.
pub fn add_months(date: NaiveDate, n: i32) -> NaiveDate {
    let months = Months::new(n.unsigned_abs());
    let moved = if n >= 0 {
        date.checked_add_months(months)
    } else {
        date.checked_sub_months(months)
    };
    moved.unwrap_or(date)
}

/// `date` plus `n` weeks of calendar days: 6 weeks = 42 days.
pub fn add_weeks(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(n) * 7))
        .unwrap_or(date)
}

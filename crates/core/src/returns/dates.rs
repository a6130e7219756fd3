//! Dates as case systems write them in returns.

use chrono::{Datelike, NaiveDate};

/// `31/03/2018` (the DfE's form, day first), `2018-03-31`, either with a
/// time after it (`2018-03-31T00:00:00`, `31/03/2018 00:00`). Blank is `None`,
/// and so is anything else: the caller reports it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let date = text
        .trim()
        .split(|c: char| c == 'T' || c.is_whitespace())
        .next()?;
    NaiveDate::parse_from_str(date, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(date, "%Y-%m-%d"))
        .ok()
        .filter(|parsed| date.len() >= 8 && parsed.year_ce().1 >= 1000)
}

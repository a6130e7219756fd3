//! Reading bank holiday lists: `date,name` lines, an optional header.

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// A line of a bank holiday list that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line} of the bank holiday list: `{value}` {problem}; write each line as date,name with the date as YYYY-MM-DD, e.g. 2012-06-05,Diamond Jubilee")]
pub struct HolidayListError {
    /// 1-based line number in the text given.
    pub line: usize,
    /// The text that could not be read.
    pub value: String,
    pub problem: &'static str,
}

/// Parses `date,name` lines. Blank lines and a first line starting `date`
/// (the header) are skipped; the name is everything after the first comma.
pub(super) fn parse_holidays(text: &str) -> Result<BTreeMap<NaiveDate, String>, HolidayListError> {
    let mut holidays = BTreeMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let is_header = index == 0 && line.to_ascii_lowercase().starts_with("date");
        if line.is_empty() || is_header {
            continue;
        }
        let error = |value: &str, problem| HolidayListError {
            line: index + 1,
            value: value.to_string(),
            problem,
        };
        let (date_text, name) = line
            .split_once(',')
            .ok_or_else(|| error(line, "has no comma between date and name"))?;
        let date_text = date_text.trim();
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d")
            .map_err(|_| error(date_text, "is not a date"))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(error(line, "has no holiday name"));
        }
        holidays.insert(date, name.to_string());
    }
    Ok(holidays)
}

//! Periods as councils write them in headings and cells: `06/07`, `2006-07`,
//! `AY 2010/11`, `Q1 2015/16`, `2015/16 Q1`, `Sept 2011`, `Mar-12`.
//!
//! A two-year span is a financial year unless `AY` (academic year) says
//! otherwise; `2006-07` is the year 2006/07, never July 2006.

use super::Period;

/// Reads one period written in any of the forms above, or `None`.
pub fn read_written(text: &str) -> Option<Period> {
    let lower = text.trim().to_lowercase().replace(['–', '—'], "-");
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ':')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [span] => read_span(span)
            .map(Period::financial)
            .or_else(|| read_month_glued(span)),
        ["ay" | "academic", span] | ["academic", "year", span] => {
            read_span(span).map(Period::academic)
        }
        ["fy", span] | ["financial", "year", span] => read_span(span).map(Period::financial),
        [first, second] => read_quarter(first, second)
            .or_else(|| read_quarter(second, first))
            .or_else(|| read_month(first, second)),
        ["quarter" | "qtr", number, span] => read_quarter(&format!("q{number}"), span),
        [span, "quarter" | "qtr", number] => read_quarter(&format!("q{number}"), span),
        _ => None,
    }
}

/// `q1`, `qtr1`, `quarter1` → 1.
pub fn read_quarter_word(word: &str) -> Option<u8> {
    let number = word
        .strip_prefix("quarter")
        .or_else(|| word.strip_prefix("qtr"))
        .or_else(|| word.strip_prefix('q'))?;
    let quarter: u8 = number.parse().ok()?;
    (1..=4).contains(&quarter).then_some(quarter)
}

fn read_quarter(quarter: &str, span: &str) -> Option<Period> {
    Some(Period::quarter(
        read_span(span)?,
        read_quarter_word(quarter)?,
    ))
}

/// `2010/11`, `2010/2011`, `2010-11`, `10/11`, `06-07`: the first year.
fn read_span(text: &str) -> Option<i32> {
    let (first, second) = text.split_once(['/', '-'])?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) || !digits(second) {
        return None;
    }
    let start = match first.len() {
        4 => first.parse::<i32>().ok()?,
        2 => widen(first.parse().ok()?),
        _ => return None,
    };
    if !(1990..=2100).contains(&start) {
        return None;
    }
    let end: i32 = second.parse().ok()?;
    let follows = match second.len() {
        2 => end == (start + 1) % 100,
        4 => end == start + 1,
        _ => false,
    };
    follows.then_some(start)
}

/// A two-digit year: `06` is 2006, `95` is 1995.
fn widen(year: i32) -> i32 {
    if year >= 90 {
        1900 + year
    } else {
        2000 + year
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// `sept`, `september`, `sep.` → 9: the one reading of a month's name, for
/// periods and milestone timescales alike.
pub(crate) fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|m| word.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][position];
    (full.starts_with(word) || word == "sept").then_some(position as u8 + 1)
}

/// `Sept 2011`, `Mar 12`.
fn read_month(month: &str, year: &str) -> Option<Period> {
    let month = month_number(month)?;
    let year = match year.len() {
        4 => year.parse::<i32>().ok()?,
        2 => widen(year.parse().ok()?),
        _ => return None,
    };
    (1990..=2100)
        .contains(&year)
        .then_some(Period::month(year, month))
}

/// `Mar-12`, `sept-2011`.
fn read_month_glued(word: &str) -> Option<Period> {
    let (month, year) = word.split_once('-')?;
    read_month(month, year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<String> {
        read_written(text).map(|p| p.to_string())
    }

    #[test]
    fn two_year_spans_are_financial_years_in_every_spelling() {
        assert_eq!(read("06/07").as_deref(), Some("2006/07"));
        assert_eq!(read("2006-07").as_deref(), Some("2006/07"));
        assert_eq!(read("2006/2007").as_deref(), Some("2006/07"));
        assert_eq!(read("99/00").as_deref(), Some("1999/00"));
        assert_eq!(read("06/08"), None);
        assert_eq!(read("5/6"), None);
    }

    #[test]
    fn academic_years_keep_their_kind() {
        assert_eq!(read("AY 2010/11").as_deref(), Some("AY 2010/11"));
        assert_eq!(read("ay 10/11").as_deref(), Some("AY 2010/11"));
    }

    #[test]
    fn quarters_are_read_either_way_round() {
        assert_eq!(read("Q1 2015/16").as_deref(), Some("2015/16 Q1"));
        assert_eq!(read("2015/16 Q4").as_deref(), Some("2015/16 Q4"));
        assert_eq!(read("Qtr 2 2015/16").as_deref(), Some("2015/16 Q2"));
        assert_eq!(read("Q5 2015/16"), None);
    }

    #[test]
    fn months_are_read_with_short_and_long_names() {
        assert_eq!(read("Sept 2011").as_deref(), Some("2011-09"));
        assert_eq!(read("Mar-12").as_deref(), Some("2012-03"));
        assert_eq!(read("December 2010").as_deref(), Some("2010-12"));
        assert_eq!(read("Marks 2010"), None);
    }
}

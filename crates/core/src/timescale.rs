//! Milestone timescales as written: `By March 2012`, `Autumn Term 2011`,
//! `April/May 2011`, `(Termly 11-12)`, `ongoing`, `March 2011 - March 2012`.
//!
//! A timescale may be a cell of its own or sit inside a milestone sentence
//! (`Consultation on the scope … - September 2011`); [`find`] locates it and
//! [`parse`] reads a whole cell.
//!
//! Dates are the last day of what is named: `By March 2012` is due on
//! 31 March 2012. School terms follow the English school year:
//!
//! | term   | starts   | due (last day) |
//! |--------|----------|----------------|
//! | Autumn | 1 Sep    | 31 Dec         |
//! | Spring | 1 Jan    | 31 Mar         |
//! | Summer | 1 Apr    | 31 Jul         |
//!
//! Spring is taken to end on 31 March although Easter sometimes moves the
//! holiday into April; a school year (`Termly 11-12`) ends with its summer
//! term on 31 July. Two-digit years are read as 20xx and `30/9/11` as day,
//! month, year. A month with no year (`By March`) is found but gives no date:
//! the year is not guessed.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::period::month_number;

/// What a timescale says: when the milestone starts, when it is due, and
/// whether it repeats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timescale {
    /// `From September 2011` or the first half of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<NaiveDate>,
    /// The last day of the month, term or date named; the latest if several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// `ongoing`, `on-going`, `onwards`.
    Ongoing,
    Termly,
    HalfTermly,
    Quarterly,
    Monthly,
    Annually,
}

/// A timescale found inside a longer sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// The words that state the timescale, from the first to the last found
    /// (`By Dec 2011`, `September 2011`, `From September 2011 and ongoing`).
    pub text: &'a str,
    /// Byte offset of `text` in the sentence.
    pub start: usize,
    pub timescale: Timescale,
}

/// Reads a whole timescale cell. Where it names several dates the latest is
/// due; text with no timescale gives an empty one.
pub fn parse(text: &str) -> Timescale {
    find_all(text)
        .iter()
        .fold(Timescale::default(), |all, found| {
            combine(all, found.timescale)
        })
}

/// The due date a timescale states, if it states one.
pub fn due_date(text: &str) -> Option<NaiveDate> {
    parse(text).due
}

/// The first timescale in a milestone sentence.
pub fn find(sentence: &str) -> Option<Found<'_>> {
    find_all(sentence).into_iter().next()
}

/// Every timescale in a sentence, in order. Words that belong together
/// (`From September 2011 and ongoing`) are one timescale; dates further apart
/// (`established (July 2011) and appointed (October 2011)`) are separate.
pub fn find_all(sentence: &str) -> Vec<Found<'_>> {
    let tokens = tokenize(sentence);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        if let Some(piece) = recurrence_at(&tokens, at).or_else(|| expression_at(&tokens, at)) {
            at = piece.last + 1;
            pieces.push(piece);
        } else {
            at += 1;
        }
    }
    let mut found: Vec<Found<'_>> = Vec::new();
    let mut previous_last: Option<usize> = None;
    for piece in pieces {
        let joins = previous_last.is_some_and(|last| close_enough(&tokens[last + 1..piece.first]));
        let (start, end) = (tokens[piece.first].start, tokens[piece.last].end);
        match found.last_mut() {
            Some(current) if joins => {
                current.text = &sentence[current.start..end];
                current.timescale = combine(current.timescale, piece.timescale);
            }
            _ => found.push(Found {
                text: &sentence[start..end],
                start,
                timescale: piece.timescale,
            }),
        }
        previous_last = Some(piece.last);
    }
    found
}

/// Two parts of one timescale are separated by at most a joining word and punctuation.
fn close_enough(gap: &[Token]) -> bool {
    let words = gap
        .iter()
        .filter(|t| matches!(t.kind, Kind::Word(_) | Kind::Number { .. }))
        .count();
    let joining = gap.iter().all(|t| match &t.kind {
        Kind::Word(w) => matches!(w.as_str(), "and" | "or" | "then"),
        Kind::Number { .. } => false,
        _ => true,
    });
    words <= 1 && joining && gap.len() <= 3
}

fn combine(a: Timescale, b: Timescale) -> Timescale {
    Timescale {
        starts: earliest(a.starts, b.starts),
        due: latest(a.due, b.due),
        recurrence: a.recurrence.or(b.recurrence),
    }
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn latest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Word(String),
    Number {
        value: u32,
        digits: usize,
    },
    Slash,
    Dash,
    /// Anything else that separates words: brackets, colons, semicolons.
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = if c.is_alphabetic() {
            while let Some(&(i, next)) = chars.peek() {
                if !next.is_alphabetic() {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
            Kind::Word(text[start..end].to_lowercase())
        } else if c.is_ascii_digit() {
            while let Some(&(i, next)) = chars.peek() {
                if !next.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            let digits = &text[start..end];
            let value = digits.parse().unwrap_or(u32::MAX);
            end = skip_ordinal(text, end, &mut chars);
            Kind::Number {
                value,
                digits: digits.len(),
            }
        } else {
            match c {
                '/' => Kind::Slash,
                '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => Kind::Dash,
                '.' | ',' | '\'' | '\u{2019}' => continue,
                c if c.is_whitespace() => continue,
                _ => Kind::Other,
            }
        };
        tokens.push(Token { kind, start, end });
    }
    tokens
}

/// `21st`, `1st`: the suffix belongs to the number.
fn skip_ordinal(
    text: &str,
    end: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> usize {
    let rest = &text[end..];
    for suffix in ["st", "nd", "rd", "th"] {
        let Some(after) = rest.get(..suffix.len()) else {
            continue;
        };
        let followed_by_letter = rest[suffix.len()..].starts_with(char::is_alphabetic);
        if after.eq_ignore_ascii_case(suffix) && !followed_by_letter {
            chars.next();
            chars.next();
            return end + suffix.len();
        }
    }
    end
}

/// A run of tokens that states part of a timescale.
#[derive(Debug, Clone, Copy)]
struct Piece {
    first: usize,
    last: usize,
    timescale: Timescale,
}

fn word(tokens: &[Token], at: usize) -> Option<&str> {
    match &tokens.get(at)?.kind {
        Kind::Word(w) => Some(w),
        _ => None,
    }
}

fn recurrence_at(tokens: &[Token], at: usize) -> Option<Piece> {
    let next = word(tokens, at + 1);
    let (recurrence, words) = match (word(tokens, at)?, next) {
        ("half", Some("termly")) => (Recurrence::HalfTermly, 2),
        ("half", None)
            if tokens.get(at + 1).map(|t| &t.kind) == Some(&Kind::Dash)
                && word(tokens, at + 2) == Some("termly") =>
        {
            (Recurrence::HalfTermly, 3)
        }
        ("on", None)
            if tokens.get(at + 1).map(|t| &t.kind) == Some(&Kind::Dash)
                && word(tokens, at + 2) == Some("going") =>
        {
            (Recurrence::Ongoing, 3)
        }
        ("on", Some("going")) => (Recurrence::Ongoing, 2),
        ("ongoing" | "onwards" | "continuous" | "continuously", _) => (Recurrence::Ongoing, 1),
        ("termly", _) => (Recurrence::Termly, 1),
        ("quarterly", _) => (Recurrence::Quarterly, 1),
        ("monthly", _) => (Recurrence::Monthly, 1),
        ("annually" | "yearly", _) => (Recurrence::Annually, 1),
        ("each" | "every" | "per", Some("term")) => (Recurrence::Termly, 2),
        ("each" | "every" | "per", Some("quarter")) => (Recurrence::Quarterly, 2),
        ("each" | "every" | "per", Some("month")) => (Recurrence::Monthly, 2),
        ("each" | "every", Some("year")) => (Recurrence::Annually, 2),
        _ => return None,
    };
    let mut piece = Piece {
        first: at,
        last: at + words - 1,
        timescale: Timescale {
            recurrence: Some(recurrence),
            ..Timescale::default()
        },
    };
    if let Some(school_year) = school_year_at(tokens, at + words) {
        piece.last = at + words + 2;
        piece.timescale.due = end_of_school_year(school_year);
    }
    Some(piece)
}

/// `11-12`, `2011/12`: the school year starting in the first year.
fn school_year_at(tokens: &[Token], at: usize) -> Option<i32> {
    let first = year_number(tokens.get(at)?)?;
    if !matches!(tokens.get(at + 1)?.kind, Kind::Dash | Kind::Slash) {
        return None;
    }
    let Kind::Number { value, digits } = tokens.get(at + 2)?.kind else {
        return None;
    };
    let second = if digits == 2 {
        first - first.rem_euclid(100) + i32::try_from(value).ok()?
    } else {
        i32::try_from(value).ok()?
    };
    (second == first + 1).then_some(first)
}

fn end_of_school_year(first_year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(first_year + 1, 7, 31)
}

/// A four-digit year, or a two-digit one read as 20xx.
fn year_number(token: &Token) -> Option<i32> {
    let Kind::Number { value, digits } = token.kind else {
        return None;
    };
    let value = i32::try_from(value).ok()?;
    match digits {
        4 if (1990..=2100).contains(&value) => Some(value),
        2 => Some(2000 + value),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    Autumn,
    Spring,
    Summer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Month(u32),
    Day { day: u32, month: u32 },
    Term(Term),
}

impl Named {
    fn month(self) -> u32 {
        match self {
            Named::Month(month) | Named::Day { month, .. } => month,
            Named::Term(Term::Autumn) => 9,
            Named::Term(Term::Spring) => 1,
            Named::Term(Term::Summer) => 4,
        }
    }

    fn first_day(self, year: i32) -> Option<NaiveDate> {
        match self {
            Named::Day { day, month } => NaiveDate::from_ymd_opt(year, month, day),
            other => NaiveDate::from_ymd_opt(year, other.month(), 1),
        }
    }

    fn last_day(self, year: i32) -> Option<NaiveDate> {
        match self {
            Named::Day { day, month } => NaiveDate::from_ymd_opt(year, month, day),
            Named::Month(month) => last_of_month(year, month),
            Named::Term(Term::Autumn) => NaiveDate::from_ymd_opt(year, 12, 31),
            Named::Term(Term::Spring) => NaiveDate::from_ymd_opt(year, 3, 31),
            Named::Term(Term::Summer) => NaiveDate::from_ymd_opt(year, 7, 31),
        }
    }
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

/// A month, day or term, with its year if one was written.
#[derive(Debug, Clone, Copy)]
struct Point {
    named: Named,
    year: Option<i32>,
    /// `May` is a month only when a year follows it.
    needs_year: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Due,
    From,
    Between,
    Unmarked,
}

fn expression_at(tokens: &[Token], at: usize) -> Option<Piece> {
    let (mut role, point_at) = prefix_at(tokens, at);
    let (mut first, mut next) = point_at_token(tokens, point_at)?;
    let mut second = None;
    if let Some(connector) = tokens.get(next) {
        let joins = match (&connector.kind, role) {
            (Kind::Dash | Kind::Slash, _) => true,
            (Kind::Word(w), Role::Between) => w == "and",
            (Kind::Word(w), _) => matches!(w.as_str(), "to" | "until" | "till"),
            _ => false,
        };
        if joins {
            if let Some((point, after)) = point_at_token(tokens, next + 1) {
                second = Some(point);
                next = after;
            }
        }
    }
    if let Some(second) = &mut second {
        share_year(&mut first, second);
    }
    // `July 2011 onwards` starts then; `onwards` itself is read as ongoing.
    if word(tokens, next) == Some("onwards") {
        role = Role::From;
    }
    let has_year = first.year.is_some() || second.is_some_and(|s| s.year.is_some());
    let may_without_year = first.needs_year && first.year.is_none();
    if may_without_year || (!has_year && role == Role::Unmarked) {
        return None;
    }
    let timescale = match (second, role) {
        (Some(second), _) => Timescale {
            starts: first.year.and_then(|y| first.named.first_day(y)),
            due: second.year.and_then(|y| second.named.last_day(y)),
            recurrence: None,
        },
        (None, Role::From) => Timescale {
            starts: first.year.and_then(|y| first.named.first_day(y)),
            ..Timescale::default()
        },
        (None, _) => Timescale {
            due: first.year.and_then(|y| first.named.last_day(y)),
            ..Timescale::default()
        },
    };
    Some(Piece {
        first: at,
        last: next - 1,
        timescale,
    })
}

/// `Sept-Dec 2011`: the first takes the second's year (the year before if its
/// month is later); `September 2011 - March`: the second takes the first's.
fn share_year(first: &mut Point, second: &mut Point) {
    match (first.year, second.year) {
        (None, Some(year)) => {
            first.year = Some(if first.named.month() > second.named.month() {
                year - 1
            } else {
                year
            });
        }
        (Some(year), None) => {
            second.year = Some(if second.named.month() < first.named.month() {
                year + 1
            } else {
                year
            });
        }
        _ => {}
    }
}

/// Words before a date that say what it is, and where the date starts.
fn prefix_at(tokens: &[Token], at: usize) -> (Role, usize) {
    let mut next = at;
    let role = match word(tokens, at) {
        Some("by" | "before" | "until" | "till" | "due" | "in" | "during") => Role::Due,
        Some("from" | "since" | "starting" | "commencing") => Role::From,
        Some("between") => Role::Between,
        Some("end") => Role::Due,
        _ => return (Role::Unmarked, at),
    };
    next += 1;
    for filler in ["the", "end", "of"] {
        if word(tokens, next) == Some(filler) {
            next += 1;
        }
    }
    if word(tokens, at) == Some("end") && next == at + 1 {
        return (Role::Unmarked, at);
    }
    (role, next)
}

fn point_at_token(tokens: &[Token], at: usize) -> Option<(Point, usize)> {
    numeric_date_at(tokens, at).or_else(|| named_point_at(tokens, at))
}

/// `30/9/11`, day first.
fn numeric_date_at(tokens: &[Token], at: usize) -> Option<(Point, usize)> {
    let number = |i: usize| match tokens.get(i)?.kind {
        Kind::Number { value, .. } => Some(value),
        _ => None,
    };
    let slash = |i: usize| matches!(tokens.get(i).map(|t| &t.kind), Some(Kind::Slash));
    let (day, month) = (number(at)?, number(at + 2)?);
    if !(slash(at + 1) && slash(at + 3)) {
        return None;
    }
    let year = year_number(tokens.get(at + 4)?)?;
    NaiveDate::from_ymd_opt(year, month, day)?;
    let point = Point {
        named: Named::Day { day, month },
        year: Some(year),
        needs_year: false,
    };
    Some((point, at + 5))
}

/// `21st June 2011`, `Sept 2012`, `July 11`, `Autumn Term 2011`, `March`.
fn named_point_at(tokens: &[Token], at: usize) -> Option<(Point, usize)> {
    let mut next = at;
    let day = match tokens.get(at)?.kind {
        Kind::Number { value, digits } if digits <= 2 && (1..=31).contains(&value) => {
            next += 1;
            Some(value)
        }
        _ => None,
    };
    let name = word(tokens, next)?;
    let (named, needs_year) = if let Some(month) = month_number(name).map(u32::from) {
        let named = match day {
            Some(day) => Named::Day { day, month },
            None => Named::Month(month),
        };
        (named, name == "may")
    } else {
        let term = match name {
            "autumn" => Term::Autumn,
            "spring" => Term::Spring,
            "summer" => Term::Summer,
            _ => return None,
        };
        if day.is_some() {
            return None;
        }
        let has_term_word = matches!(word(tokens, next + 1), Some("term" | "terms"));
        if has_term_word {
            next += 1;
        }
        let has_year = tokens.get(next + 1).and_then(year_number).is_some();
        if !has_term_word && !has_year {
            return None;
        }
        (Named::Term(term), false)
    };
    next += 1;
    let year = tokens.get(next).and_then(year_number);
    if year.is_some() {
        next += 1;
    }
    let point = Point {
        named,
        year,
        needs_year,
    };
    if let (Named::Day { day, month }, Some(year)) = (named, year) {
        NaiveDate::from_ymd_opt(year, month, day)?;
    }
    Some((point, next))
}

impl Timescale {
    /// Nothing was understood: no dates and no recurrence.
    pub fn is_empty(&self) -> bool {
        *self == Timescale::default()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;
    use proptest::prelude::*;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn due_is_the_last_day_of_the_month_named() {
        assert_eq!(due_date("By March 2012"), date(2012, 3, 31));
        assert_eq!(due_date("by Sept 2012"), date(2012, 9, 30));
        assert_eq!(due_date("September 2011"), date(2011, 9, 30));
        assert_eq!(due_date("(June 2011"), date(2011, 6, 30));
        assert_eq!(due_date("\u{2013} December 2011"), date(2011, 12, 31));
        assert_eq!(due_date("By Feb 2012"), date(2012, 2, 29));
        assert_eq!(due_date("July 11"), date(2011, 7, 31));
        assert_eq!(due_date("(Dec 11)"), date(2011, 12, 31));
    }

    #[test]
    fn terms_end_on_the_chosen_days() {
        assert_eq!(
            parse("Autumn Term 2011"),
            Timescale {
                starts: None,
                due: date(2011, 12, 31),
                recurrence: None
            }
        );
        assert_eq!(due_date("Spring term 2012"), date(2012, 3, 31));
        assert_eq!(due_date("in summer 2011"), date(2011, 7, 31));
        assert_eq!(due_date("Autumn 2011"), date(2011, 12, 31));
    }

    #[test]
    fn ranges_and_alternatives_give_a_start_and_a_due_date() {
        let expected = Timescale {
            starts: date(2011, 3, 1),
            due: date(2012, 3, 31),
            recurrence: None,
        };
        assert_eq!(parse("March 2011 - March 2012"), expected);
        assert_eq!(
            parse("April/May 2011"),
            Timescale {
                starts: date(2011, 4, 1),
                due: date(2011, 5, 31),
                recurrence: None
            }
        );
        assert_eq!(
            parse("Sept-Dec 2011"),
            Timescale {
                starts: date(2011, 9, 1),
                due: date(2011, 12, 31),
                recurrence: None
            }
        );
        assert_eq!(parse("(Sept \u{2013} Oct 11)").due, date(2011, 10, 31));
        assert_eq!(parse("(March/June 12)").due, date(2012, 6, 30));
        assert_eq!(parse("(July 2011- April 2012)").starts, date(2011, 7, 1));
        assert_eq!(parse("September 2011 - March").due, date(2012, 3, 31));
    }

    #[test]
    fn exact_dates() {
        assert_eq!(due_date("by 30/9/11"), date(2011, 9, 30));
        assert_eq!(due_date("(21st June 2011)"), date(2011, 6, 21));
        assert_eq!(due_date("from 1st August 2011"), None);
        assert_eq!(parse("from 1st August 2011").starts, date(2011, 8, 1));
    }

    #[test]
    fn recurrences() {
        assert_eq!(parse("quarterly").recurrence, Some(Recurrence::Quarterly));
        assert_eq!(parse("ongoing").recurrence, Some(Recurrence::Ongoing));
        assert_eq!(parse("On-going").recurrence, Some(Recurrence::Ongoing));
        assert_eq!(parse("monthly").recurrence, Some(Recurrence::Monthly));
        assert_eq!(
            parse("updated annually").recurrence,
            Some(Recurrence::Annually)
        );
        assert_eq!(
            parse("(Half Termly 11-12)").recurrence,
            Some(Recurrence::HalfTermly)
        );
        let termly = parse("Termly 11-12");
        assert_eq!(
            termly,
            Timescale {
                starts: None,
                due: date(2012, 7, 31),
                recurrence: Some(Recurrence::Termly)
            }
        );
    }

    #[test]
    fn from_a_date_and_ongoing() {
        let parsed = parse("From September 2011 and ongoing");
        assert_eq!(
            parsed,
            Timescale {
                starts: date(2011, 9, 1),
                due: None,
                recurrence: Some(Recurrence::Ongoing)
            }
        );
    }

    #[test]
    fn a_month_without_a_year_gives_no_date() {
        assert_eq!(due_date("By March"), None);
        assert_eq!(
            find("By March development of parental access").map(|f| f.text),
            Some("By March")
        );
        assert!(parse("Between October and March").due.is_none());
    }

    #[test]
    fn finds_the_timescale_inside_a_sentence() {
        let found = find("Consultation on the scope of the Early Intervention Strategy with key stakeholders - September 2011");
        assert_eq!(found.as_ref().map(|f| f.text), Some("September 2011"));
        assert_eq!(found.map(|f| f.timescale.due), Some(date(2011, 9, 30)));

        let found = find("By Dec 2011 we will publish the strategy");
        assert_eq!(
            found.as_ref().map(|f| (f.text, f.start)),
            Some(("By Dec 2011", 0))
        );

        let found =
            find("Promotion of Free School Meals through Pupil Premium Campaign- Sept-Dec 2011");
        assert_eq!(found.map(|f| f.text), Some("Sept-Dec 2011"));

        let sentence = "New post established (July 2011) and appointed (October 2011)";
        let texts: Vec<&str> = find_all(sentence).iter().map(|f| f.text).collect();
        assert_eq!(texts, ["July 2011", "October 2011"]);
        assert_eq!(due_date(sentence), date(2011, 10, 31));
    }

    #[test]
    fn the_word_may_is_a_month_only_with_a_year() {
        assert_eq!(
            find("for those who may find accessing information less easy"),
            None
        );
        assert_eq!(
            due_date("School Food Trust survey in may 2012"),
            date(2012, 5, 31)
        );
    }

    #[test]
    fn sentences_without_a_timescale_find_nothing() {
        assert_eq!(
            find("Continue to deliver multi agency training around Integrated Working"),
            None
        );
        assert_eq!(find("2011 1-1 targeted tuition project"), None);
        assert!(parse("").is_empty());
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = parse(&text);
            if let Some(found) = find(&text) {
                prop_assert_eq!(&text[found.start..found.start + found.text.len()], found.text);
            }
        }

        #[test]
        fn never_panics_on_date_like_text(text in "[0-9a-zA-Z/()\u{2013} -]{0,40}") {
            let _ = parse(&text);
        }

        #[test]
        fn any_month_and_year_is_due_at_the_month_end(month in 1u32..=12, year in 2000i32..2050, by in any::<bool>()) {
            let name = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"][month as usize - 1];
            let text = if by { format!("By {name} {year}") } else { format!("{name} {year}") };
            let due = due_date(&text);
            prop_assert!(due.is_some());
            if let Some(due) = due {
                prop_assert_eq!((due.year(), due.month()), (year, month));
                prop_assert!(due.succ_opt().is_some_and(|next| next.month() != month));
            }
        }
    }
}

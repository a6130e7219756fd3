//! The national indicators computed from the SSDA903 return and the CIN
//! census. docs/RETURNS.md states each definition, numerator, denominator and
//! exclusion; the functions here are those definitions.

mod care;
mod children_in_need;
mod looked_after;

use chrono::NaiveDate;

use crate::calendar::WorkingCalendar;

use super::cin::CinCensus;
use super::figure::ReturnIndicator;
use super::rows::{Collection, RawRow};
use super::ssda903::Ssda903;
use super::validate::{validate_ssda903, Issue};
use super::validate_cin::validate_cin;
use super::year::ReturnYear;

pub use care::age_on;

/// What a computation needs beside the return.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorInputs<'a> {
    pub year: ReturnYear,
    /// Deadlines counted in working days use the register's calendar.
    pub calendar: &'a WorkingCalendar,
    /// The area's population under 18, for rates per 10,000.
    pub population: Option<u64>,
}

/// Every indicator the SSDA903 gives, each marked with the validation rules
/// that failed in the return and could change it.
pub fn looked_after_indicators(
    ret: &Ssda903,
    inputs: &IndicatorInputs,
    issues: &[Issue],
) -> Vec<ReturnIndicator> {
    marked(looked_after::all(ret, inputs), issues)
}

/// Every indicator the CIN census gives, marked like the SSDA903's.
pub fn children_in_need_indicators(
    census: &CinCensus,
    inputs: &IndicatorInputs,
    issues: &[Issue],
) -> Vec<ReturnIndicator> {
    marked(children_in_need::all(census, inputs), issues)
}

/// A return of either collection, from its rows: its validation failures
/// and its indicators.
pub fn evaluate_return(
    collection: Collection,
    rows: Vec<RawRow>,
    inputs: &IndicatorInputs,
) -> (Vec<Issue>, Vec<ReturnIndicator>) {
    match collection {
        Collection::Ssda903 => {
            let ret = Ssda903::from_rows(rows);
            let issues = validate_ssda903(&ret, inputs.year);
            let indicators = looked_after_indicators(&ret, inputs, &issues);
            (issues, indicators)
        }
        Collection::Cin => {
            let census = CinCensus::from_rows(rows);
            let issues = validate_cin(&census, inputs.year);
            let indicators = children_in_need_indicators(&census, inputs, &issues);
            (issues, indicators)
        }
    }
}

/// Each indicator with the rules that failed in the return and could change it.
fn marked(mut indicators: Vec<ReturnIndicator>, issues: &[Issue]) -> Vec<ReturnIndicator> {
    for indicator in &mut indicators {
        let mut rules: Vec<String> = issues
            .iter()
            .filter(|issue| issue.affects.contains(&indicator.code.as_str()))
            .map(|issue| issue.rule.to_string())
            .collect();
        rules.sort();
        rules.dedup();
        indicator.affected_by = rules;
    }
    indicators
}

/// A day as the drill-down to an indicator's children writes it.
fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Days, in order, or `none`.
fn dates(days: impl IntoIterator<Item = NaiveDate>) -> String {
    let written: Vec<String> = days.into_iter().map(day).collect();
    if written.is_empty() {
        "none".into()
    } else {
        written.join(", ")
    }
}

/// Whether reviews were on time: each one held in the year no later than
/// `due(previous, held so far)` after the one before (the first after
/// `from`), and the next not overdue on 31 March. `reviews` are in date
/// order; those before `from` or after 31 March are ignored, and late
/// reviews before 1 April do not count against.
fn reviews_on_time(
    from: NaiveDate,
    reviews: impl IntoIterator<Item = NaiveDate>,
    year: ReturnYear,
    due: impl Fn(NaiveDate, usize) -> NaiveDate,
) -> bool {
    let mut previous = from;
    let mut held = 0;
    let mut on_time = true;
    for date in reviews
        .into_iter()
        .filter(|d| (from..=year.end()).contains(d))
    {
        if date >= year.start() && date > due(previous, held) {
            on_time = false;
        }
        previous = date;
        held += 1;
    }
    on_time && due(previous, held) >= year.end()
}

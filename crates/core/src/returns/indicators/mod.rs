//! The national indicators computed from the SSDA903 return. docs/RETURNS.md
//! states each definition, numerator, denominator and exclusion; the
//! functions here are those definitions.

mod care;
mod looked_after;

use crate::calendar::WorkingCalendar;

use super::figure::ReturnIndicator;
use super::ssda903::Ssda903;
use super::validate::Issue;
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
    let mut indicators = looked_after::all(ret, inputs);
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

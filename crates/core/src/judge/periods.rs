//! Which period a figure really belongs to.
//!
//! Kingston writes academic results in financial-year columns: `2009 result 57%`
//! in the 2009/10 column is the result of the academic year 2008/09, published
//! in summer 2009. Judging compares figures by the period they belong to, never
//! by the column they were written in, and says which period it took.

use serde::{Deserialize, Serialize};

use crate::model::Observation;
use crate::period::{Period, PeriodKind};
use crate::value::{ParsedValue, YearRole};

/// The period the figure of `parsed`, written in the column for `column`, belongs to.
pub fn effective_period(column: Period, parsed: &ParsedValue) -> Period {
    // `74% (06/07)`: the period written in the cell.
    if let Some(period) = parsed.qualifiers.period {
        return period;
    }
    match parsed.qualifiers.year {
        // `2010 result` / `2010 target`: the academic year ending in summer 2010.
        Some(note) if matches!(note.role, YearRole::Result | YearRole::Target) => {
            Period::academic(note.year - 1)
        }
        // `26.8 (2005)`: the figure dates from that year.
        Some(note) => Period::calendar(note.year),
        None => column,
    }
}

pub fn observation_period(observation: &Observation) -> Period {
    effective_period(observation.period, &observation.parsed)
}

/// The data period chosen for a reporting period, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataPeriod {
    pub period: Period,
    /// Plain English: `financial year 2010/11` or
    /// `academic year AY 2009/10 (2010 results, published in 2010/11)`.
    pub note: String,
}

/// The periods whose data belongs to a board's reporting period, in order of
/// preference: the period itself, then for a financial year the academic year
/// whose results were published during it.
pub fn candidates(reporting: Period) -> Vec<Period> {
    let mut periods = vec![reporting];
    if reporting.kind == PeriodKind::Financial {
        periods.push(Period::academic(reporting.year - 1));
    }
    periods
}

/// Picks, for a board reporting on `reporting`, the period whose data belongs
/// to it among `available`: see [`candidates`]; failing those, the latest
/// quarter or month inside the reporting period (the year so far).
pub fn choose(reporting: Period, available: &[Period]) -> Option<DataPeriod> {
    if let Some(period) = candidates(reporting)
        .into_iter()
        .find(|p| available.contains(p))
    {
        let note = if period == reporting {
            describe(period)
        } else {
            format!(
                "{} ({} results, published in {reporting})",
                describe(period),
                period.year + 1
            )
        };
        return Some(DataPeriod { period, note });
    }
    let within = |p: &&Period| {
        matches!(
            p.kind,
            PeriodKind::HalfYear | PeriodKind::Quarter | PeriodKind::Month
        ) && reporting.kind != p.kind
            && reporting.start() <= p.start()
            && p.end() <= reporting.end()
    };
    let latest = available.iter().filter(within).max_by_key(|p| p.end())?;
    Some(DataPeriod {
        period: *latest,
        note: format!("{} (the latest within {reporting})", describe(*latest)),
    })
}

pub fn describe(period: Period) -> String {
    format!("{} {period}", kind_name(period))
}

/// What kind of period it is, in words: `financial year`, `quarter`.
pub fn kind_name(period: Period) -> &'static str {
    match period.kind {
        PeriodKind::Financial => "financial year",
        PeriodKind::Academic => "academic year",
        PeriodKind::Calendar => "calendar year",
        PeriodKind::HalfYear => "half year",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Month => "month",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::value::{Quantity, Unit, Value, YearNote};

    fn result_of(year: i32) -> ParsedValue {
        let mut parsed = ParsedValue::new(Value::Number(Quantity {
            amount: 57.0,
            unit: Unit::Percent,
        }));
        parsed.qualifiers.year = Some(YearNote {
            year,
            role: YearRole::Result,
        });
        parsed
    }

    #[test]
    fn a_result_in_a_financial_column_belongs_to_the_academic_year_ending_that_summer() {
        assert_eq!(
            effective_period(Period::financial(2009), &result_of(2009)),
            Period::academic(2008)
        );
        let plain = ParsedValue::new(Value::Number(Quantity {
            amount: 57.0,
            unit: Unit::Percent,
        }));
        assert_eq!(
            effective_period(Period::financial(2009), &plain),
            Period::financial(2009)
        );
    }

    #[test]
    fn a_financial_reporting_year_takes_results_published_in_it_and_says_so() {
        let chosen = choose(
            Period::financial(2010),
            &[Period::academic(2008), Period::academic(2009)],
        )
        .unwrap();
        assert_eq!(chosen.period, Period::academic(2009));
        assert!(chosen.note.contains("2010 results"), "{}", chosen.note);
        let exact = choose(
            Period::financial(2010),
            &[Period::financial(2010), Period::academic(2009)],
        )
        .unwrap();
        assert_eq!(exact.period, Period::financial(2010));
        assert_eq!(
            choose(Period::financial(2010), &[Period::academic(2010)]),
            None
        );
    }
}

//! The years a plan runs, and what they decide: which periods, localities and
//! groups figures may be entered or imported for ([`check_slot`]), and the
//! period pages open on ([`default_period`]).
//!
//! A plan's span is read from the years its header states (`2009-13`: the
//! financial years starting April 2009 to April 2013). Figures belong to it
//! from three years before (baselines and trends) to two years after (targets
//! set beyond it). A plan whose header states no years is bounded by its own
//! figures instead. One stray figure cannot move the period people see first:
//! that is the latest year in the span in which most of the plan's indicators
//! have an out-turn.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, NaiveDate};

use crate::model::{ObservationKind, PlanDocument};
use crate::period::{Period, PeriodKind};

/// The financial years a plan covers, by the years they start in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSpan {
    pub first: i32,
    pub last: i32,
}

/// Years before a plan's first in which figures still belong to it: baselines and trends.
const YEARS_BEFORE: i32 = 3;
/// Years after a plan's last in which figures still belong to it: targets set beyond it.
const YEARS_AFTER: i32 = 2;

impl PlanSpan {
    /// The span a header states: `2009-13`, `2009–2013`, `2009/10 - 2012/13`
    /// or a single year; `None` when it states no years.
    pub fn stated(text: &str) -> Option<PlanSpan> {
        let numbers: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .collect();
        let first: i32 = numbers.first().filter(|n| n.len() == 4)?.parse().ok()?;
        let last = match numbers.as_slice() {
            [_] => first,
            // `2009/10`: one financial year.
            [_, end] if text.contains('/') && widen(first, end) == Some(first + 1) => first,
            // `2009-13` or `2009-2013`.
            [_, end] => widen(first, end)?,
            // `2009/10 - 2012/13`: the last financial year starts in its first year.
            [_, _, end, _] => widen(first, end)?,
            _ => return None,
        };
        (first..=first + 50)
            .contains(&last)
            .then_some(PlanSpan { first, last })
    }

    /// The span of `doc`: the years its header states, else the years of its figures.
    pub fn of(doc: &PlanDocument) -> Option<PlanSpan> {
        PlanSpan::stated(&doc.plan.period).or_else(|| {
            let years = doc
                .observations
                .iter()
                .map(|o| financial_year_of(o.period.start()));
            let first = years.clone().min()?;
            Some(PlanSpan {
                first,
                last: years.max()?,
            })
        })
    }

    /// Whether `period` belongs to the plan: it starts in one of the plan's
    /// financial years, or in the years just before or after them.
    pub fn admits(&self, period: &Period) -> bool {
        let year = financial_year_of(period.start());
        (self.first - YEARS_BEFORE..=self.last + YEARS_AFTER).contains(&year)
    }

    /// `2006/07 to 2015/16`: the periods admitted, as people read them.
    pub fn describe(&self) -> String {
        format!(
            "{} to {}",
            Period::financial(self.first - YEARS_BEFORE),
            Period::financial(self.last + YEARS_AFTER)
        )
    }
}

/// `13` after 2009 is 2013; a four-digit year is itself.
fn widen(first: i32, end: &str) -> Option<i32> {
    let number: i32 = end.parse().ok()?;
    match end.len() {
        4 => Some(number),
        2 => {
            let century = first - first.rem_euclid(100);
            Some(if century + number < first {
                century + 100 + number
            } else {
                century + number
            })
        }
        _ => None,
    }
}

/// The year of the financial year (April to March) `date` falls in.
pub fn financial_year_of(date: NaiveDate) -> i32 {
    date.year() - i32::from(date.month() < 4)
}

/// Why a figure may not be entered or imported where it was asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SlotProblem {
    /// The field concerned: `period`, `locality` or `group`.
    pub field: &'static str,
    /// The value given, as given.
    pub value: String,
    pub message: String,
}

/// Checks that a figure of indicator `indicator` for `period`, `locality`
/// and `group` belongs to plan `doc`: the period is in the plan's span, the
/// locality is one of the plan's, and the group is one the plan already
/// gives figures or targets for (for any indicator).
pub fn check_slot(
    doc: &PlanDocument,
    period: &Period,
    locality: Option<&str>,
    group: Option<&str>,
) -> Result<(), SlotProblem> {
    if let Some(span) = PlanSpan::of(doc) {
        if !span.admits(period) {
            return Err(SlotProblem {
                field: "period",
                value: period.to_string(),
                message: format!(
                    "{period} is outside the years of plan {} ({}); enter a period from {}",
                    doc.plan.name,
                    doc.plan.period,
                    span.describe()
                ),
            });
        }
    }
    if let Some(name) = locality {
        if !doc.localities.iter().any(|l| l.name == name) {
            return Err(SlotProblem {
                field: "locality",
                value: name.to_owned(),
                message: format!("plan {} has no locality called {name}", doc.plan.name),
            });
        }
    }
    if let Some(name) = group {
        if !doc
            .observations
            .iter()
            .any(|o| o.group.as_deref() == Some(name))
        {
            return Err(SlotProblem {
                field: "group",
                value: name.to_owned(),
                message: format!(
                    "plan {} has no figures or targets for the group {name}; groups come with the plan's targets",
                    doc.plan.name
                ),
            });
        }
    }
    Ok(())
}

/// The period pages open on: the latest financial year in the plan's span in
/// which most indicators with any out-turn have one. When no year has most,
/// the year in which the most have one (the latest, if several); `None` when
/// the plan has no out-turn in its span. Out-turns of a quarter, month or
/// academic year count for the financial year they end in.
pub fn default_period(doc: &PlanDocument) -> Option<Period> {
    let span = PlanSpan::of(doc)?;
    let mut by_year: BTreeMap<i32, HashSet<&str>> = BTreeMap::new();
    for observation in &doc.observations {
        if observation.kind != ObservationKind::Actual
            || observation.parsed.figure().is_none()
            || !span.admits(&observation.period)
        {
            continue;
        }
        let year = match observation.period.kind {
            PeriodKind::Financial => observation.period.year,
            _ => financial_year_of(observation.period.end()),
        };
        by_year
            .entry(year)
            .or_default()
            .insert(observation.indicator.as_str());
    }
    let reporting: HashSet<&str> = by_year.values().flatten().copied().collect();
    let most = by_year
        .iter()
        .rev()
        .find(|(_, indicators)| indicators.len() * 2 > reporting.len());
    let chosen = most.or_else(|| {
        by_year
            .iter()
            .max_by_key(|(year, indicators)| (indicators.len(), **year))
    })?;
    Some(Period::financial(*chosen.0))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::model::{Locality, Observation, PlanHeader};
    use crate::value::parse;

    fn observation(indicator: &str, period: &str, kind: ObservationKind) -> Observation {
        Observation {
            indicator: indicator.into(),
            period: period.parse().unwrap(),
            kind,
            locality: None,
            group: None,
            text: "60%".into(),
            parsed: parse("60%"),
            set_by: None,
            agreed_on: None,
            source: Default::default(),
        }
    }

    fn actual(indicator: &str, period: &str) -> Observation {
        observation(indicator, period, ObservationKind::Actual)
    }

    fn plan(years: &str, observations: Vec<Observation>) -> PlanDocument {
        PlanDocument {
            organisation: "Kingston".into(),
            plan: PlanHeader {
                name: "CYPP".into(),
                title: String::new(),
                period: years.into(),
            },
            observations,
            ..PlanDocument::default()
        }
    }

    #[test]
    fn spans_are_read_as_councils_write_them() {
        let span = |first, last| Some(PlanSpan { first, last });
        assert_eq!(PlanSpan::stated("2009-13"), span(2009, 2013));
        assert_eq!(PlanSpan::stated("2009 – 2013"), span(2009, 2013));
        assert_eq!(PlanSpan::stated("2098-03"), span(2098, 2103));
        assert_eq!(PlanSpan::stated("2009/10 - 2012/13"), span(2009, 2012));
        assert_eq!(PlanSpan::stated("2011"), span(2011, 2011));
        assert_eq!(PlanSpan::stated("2009/10"), span(2009, 2009));
        assert_eq!(PlanSpan::stated("2009-10"), span(2009, 2010));
        assert_eq!(PlanSpan::stated(""), None);
        assert_eq!(PlanSpan::stated("13-15"), None);
        assert_eq!(PlanSpan::stated("2013-2009"), None);
    }

    #[test]
    fn periods_far_outside_the_plans_years_are_refused() {
        let doc = plan("2009-13", vec![]);
        let period = |text: &str| text.parse::<Period>().unwrap();
        let inside = [
            "2006/07",
            "2009/10",
            "2013/14",
            "2015/16 Q4",
            "2016-03",
            "AY 2015/16",
        ];
        for inside in inside {
            assert_eq!(
                check_slot(&doc, &period(inside), None, None),
                Ok(()),
                "{inside}"
            );
        }
        for outside in ["1900/01", "2099/00", "2005/06", "2016/17", "2016-04"] {
            let problem = check_slot(&doc, &period(outside), None, None).unwrap_err();
            assert_eq!((problem.field, problem.value.as_str()), ("period", outside));
            assert!(
                problem.message.contains("from 2006/07 to 2015/16"),
                "{}",
                problem.message
            );
        }
    }

    #[test]
    fn without_stated_years_the_plans_figures_bound_it() {
        let doc = plan(
            "",
            vec![actual("NI 59", "2010/11"), actual("NI 59", "2011/12")],
        );
        let period = |text: &str| text.parse::<Period>().unwrap();
        assert!(check_slot(&doc, &period("2007/08"), None, None).is_ok());
        assert!(check_slot(&doc, &period("2013/14 Q2"), None, None).is_ok());
        assert!(check_slot(&doc, &period("2006/07"), None, None).is_err());
        assert!(check_slot(&doc, &period("2014/15"), None, None).is_err());
        assert!(check_slot(&plan("", vec![]), &period("1900/01"), None, None).is_ok());
    }

    #[test]
    fn only_the_plans_localities_and_groups_are_admitted() {
        let mut fsm = observation("NI 59", "2010/11", ObservationKind::Target);
        fsm.group = Some("FSM".into());
        let mut doc = plan("2009-13", vec![fsm]);
        doc.localities.push(Locality {
            name: "Surbiton".into(),
            parent: None,
            kind: "cluster".into(),
            valid_from: None,
            valid_to: None,
        });
        let year = Period::financial(2010);
        assert!(check_slot(&doc, &year, Some("Surbiton"), Some("FSM")).is_ok());
        let locality = check_slot(&doc, &year, Some("Atlantis"), None).unwrap_err();
        assert_eq!(
            (locality.field, locality.value.as_str()),
            ("locality", "Atlantis")
        );
        assert!(locality.message.contains("Atlantis"));
        let group = check_slot(&doc, &year, None, Some("Martians")).unwrap_err();
        assert_eq!((group.field, group.value.as_str()), ("group", "Martians"));
    }

    #[test]
    fn one_stray_figure_does_not_move_the_default_period() {
        let mut observations = Vec::new();
        for key in ["A", "B", "C"] {
            observations.push(actual(key, "2009/10"));
            observations.push(actual(key, "2010/11"));
        }
        observations.push(actual("A", "2012/13"));
        observations.push(actual("B", "2099/00"));
        observations.push(actual("C", "1900/01"));
        let doc = plan("2009-13", observations);
        assert_eq!(default_period(&doc), Some(Period::financial(2010)));
    }

    #[test]
    fn the_default_is_the_latest_year_most_indicators_report_in() {
        let observations = vec![
            actual("A", "2010/11"),
            actual("B", "2010/11"),
            actual("A", "2011/12 Q1"),
            actual("B", "2011/12 Q3"),
            actual("C", "2011/12"),
        ];
        assert_eq!(
            default_period(&plan("2009-13", observations)),
            Some(Period::financial(2011))
        );
        // An academic year ending in August 2011 counts for 2011/12.
        let academic = vec![actual("A", "AY 2010/11")];
        assert_eq!(
            default_period(&plan("2009-13", academic)),
            Some(Period::financial(2011))
        );
        // No year has most: the year with the most out-turns.
        let spread = vec![
            actual("A", "2009/10"),
            actual("B", "2009/10"),
            actual("C", "2010/11"),
            actual("D", "2011/12"),
            actual("E", "2012/13"),
        ];
        assert_eq!(
            default_period(&plan("2009-13", spread)),
            Some(Period::financial(2009))
        );
    }

    #[test]
    fn a_plan_without_out_turns_has_no_default_period() {
        let mut blank = actual("A", "2010/11");
        blank.text = String::new();
        blank.parsed = parse("");
        let target = observation("A", "2011/12", ObservationKind::Target);
        assert_eq!(default_period(&plan("2009-13", vec![blank, target])), None);
    }
}

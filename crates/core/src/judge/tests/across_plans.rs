//! Direction of travel in the first year of a plan that follows another.

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::lineage::{EarlierPlans, JoinedPoint};
use crate::model::Observation;

/// NI 61 with one out-turn of its own, for 2009/10, the plan's first year.
fn first_year_plan() -> PlanDocument {
    let mut doc = plan();
    doc.indicators.push(indicator(
        "NI 61",
        Some("NI 61"),
        "Timeliness of adoption placements",
        &[],
    ));
    observe(&mut doc, "NI 61", fy(2009), Actual, "80%", pct(80.0));
    doc
}

/// What the plan before held for its NI 61 (keyed `61` there), and for a
/// plan that came after.
fn linked_figures(figures: &[(&str, Period, f64)]) -> BTreeMap<String, Vec<JoinedPoint>> {
    let points = figures
        .iter()
        .map(|(plan, period, amount)| JoinedPoint {
            plan: (*plan).to_string(),
            observation: Observation {
                indicator: "61".into(),
                period: *period,
                kind: Actual,
                locality: None,
                group: None,
                text: format!("{amount}%"),
                parsed: pct(*amount),
                set_by: None,
                agreed_on: None,
                source: crate::model::ValueSource::Written,
            },
        })
        .collect();
    BTreeMap::from([("NI 61".to_string(), points)])
}

fn judged_with(earlier_plans: EarlierPlans) -> IndicatorJudgement {
    let mut options = JudgeOptions::new(fy(2009), NaiveDate::default());
    options.earlier_plans = earlier_plans;
    let plan = judge_plan(&first_year_plan(), &options).unwrap();
    judged(&plan, "NI 61").clone()
}

#[test]
fn the_first_year_of_a_plan_is_compared_with_the_last_of_the_plan_before() {
    let followed = BTreeSet::from(["CYPP 2006-10".to_string()]);
    let series = linked_figures(&[
        ("CYPP 2006-10", fy(2007), 70.0),
        ("CYPP 2006-10", fy(2008), 75.0),
        // A later plan's figure is never "before", whatever its period.
        ("CYPP 2013-16", fy(2008), 99.0),
    ]);
    let ni61 = judged_with(EarlierPlans::new(series, &followed));
    assert_eq!(ni61.direction.arrow, Arrow::Better);
    assert_eq!(ni61.direction.previous_period, Some(fy(2008)));
    assert_eq!(
        ni61.direction.reason,
        "75% in 2008/09 → 80% now: better; compared with 2008/09 in CYPP 2006-10, the predecessor plan"
    );
    assert_eq!(ni61.previous.as_ref().unwrap().text, "75%");
}

#[test]
fn a_gap_before_the_new_plan_is_named() {
    let followed = BTreeSet::from(["CYPP 2006-10".to_string()]);
    let series = linked_figures(&[("CYPP 2006-10", fy(2007), 85.0)]);
    let ni61 = judged_with(EarlierPlans::new(series, &followed));
    assert_eq!(ni61.direction.arrow, Arrow::Worse);
    assert!(
        ni61.direction.reason.ends_with(
            "compared with 2007/08 in CYPP 2006-10, the predecessor plan; none for 2008/09"
        ),
        "{}",
        ni61.direction.reason
    );
}

#[test]
fn without_a_plan_followed_the_first_year_stays_not_comparable() {
    let unlinked = judged_with(EarlierPlans::default());
    assert_eq!(unlinked.direction.arrow, Arrow::NotComparable);
    assert_eq!(
        unlinked.direction.reason,
        "no out-turn for 2008/09 or earlier to compare with"
    );
    // Figures of a plan that follows this one are no predecessor's.
    let series = linked_figures(&[("CYPP 2013-16", fy(2008), 99.0)]);
    let later_only = judged_with(EarlierPlans::new(series, &BTreeSet::new()));
    assert_eq!(later_only.direction, unlinked.direction);
}

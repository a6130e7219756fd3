//! Whole-plan judging on hand-made plans modelled on seed 000 (Kingston).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::NaiveDate;

use super::testkit::*;
use super::*;
use crate::model::ObservationKind::{Actual, StatisticalNeighbours, Target};
use crate::value::{Base, Change, Direction, Status, YearRole};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn options() -> JudgeOptions {
    JudgeOptions::new(fy(2010), day(2011, 6, 30))
}

fn judged<'a>(plan: &'a PlanJudgement, key: &str) -> &'a IndicatorJudgement {
    plan.indicators.iter().find(|j| j.indicator == key).unwrap()
}

/// NI 72 as Kingston wrote it: academic results in financial-year columns.
fn early_years_plan() -> PlanDocument {
    let mut doc = plan();
    doc.nodes.push(node("2.1 a)", None));
    doc.indicators.push(indicator(
        "NI 72",
        None,
        "% achieving at least 78 points … (NI 72)",
        &["2.1 a)"],
    ));
    observe(
        &mut doc,
        "NI 72",
        fy(2009),
        Actual,
        "2009 result 57%",
        result(2009, 57.0, YearRole::Result),
    );
    observe(
        &mut doc,
        "NI 72",
        fy(2010),
        Target,
        "2010 target 60%",
        result(2010, 60.0, YearRole::Target),
    );
    observe(
        &mut doc,
        "NI 72",
        fy(2010),
        Actual,
        "2010 result 66%",
        result(2010, 66.0, YearRole::Result),
    );
    observe(
        &mut doc,
        "NI 72",
        fy(2011),
        Target,
        "2011 target 62%",
        result(2011, 62.0, YearRole::Target),
    );
    doc
}

mod across_plans;
mod board;
mod kingston_table;
mod sample_plan;
mod targets;
mod years_and_cohorts;

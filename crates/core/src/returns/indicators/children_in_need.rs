//! NI 64, 65, 67, 68, the assessment timeliness measure, re-referrals and the
//! count of children on child protection plans, from the CIN census.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::calendar::add_months;
use crate::returns::cin::{CinCensus, ProtectionPlan};
use crate::returns::figure::{Counted, Figure, ReturnIndicator};
use crate::returns::validate_cin::{
    ASSESSED_IN_45_DAYS, NI_64, NI_65, NI_67, NI_68, ON_PLANS, ON_PLANS_RATE, RE_REFERRALS,
};

use super::{dates, day, reviews_on_time, IndicatorInputs};

pub fn all(census: &CinCensus, inputs: &IndicatorInputs) -> Vec<ReturnIndicator> {
    let end = inputs.year.end();
    let mut children: Vec<&str> = census
        .plans
        .iter()
        .filter(|plan| plan.open_on(end))
        .map(|plan| plan.child.as_str())
        .collect();
    children.sort_unstable();
    children.dedup();
    let mut indicators = vec![
        assessed_in_45_days(census, inputs),
        ni_64(census, inputs),
        ni_65(census, inputs),
        ni_67(census, inputs),
        ni_68(census, inputs),
        on_plans(&children, None),
        re_referrals(census, inputs),
    ];
    if let Some(population) = inputs.population {
        indicators.insert(6, on_plans(&children, Some(population)));
    }
    indicators
}

fn assessed_in_45_days(census: &CinCensus, inputs: &IndicatorInputs) -> ReturnIndicator {
    let referred = census.referral_dates();
    let counted = census
        .assessments
        .iter()
        .filter_map(|assessment| {
            let authorised = assessment.authorised.filter(|d| inputs.year.contains(*d))?;
            let referral = referred
                .get(assessment.referral.as_str())
                .copied()
                .flatten()?;
            let in_time = inputs
                .calendar
                .within_working_days(referral, authorised, 45);
            let facts = format!(
                "referred {}; assessment authorised {}, {} working days later",
                day(referral),
                day(authorised),
                inputs.calendar.working_days_between(referral, authorised)
            );
            Some(Counted::new(&assessment.child, in_time, facts))
        })
        .collect();
    ReturnIndicator::new(
        ASSESSED_IN_45_DAYS,
        "Assessments completed within 45 working days of referral",
        Figure::Percentage,
        "Assessments completed (authorised) in the year whose referral has a date, completed no later than the 45th working day after the referral (weekends and the register's bank holidays do not count).",
    )
    .proportion(counted)
}

fn ni_64(census: &CinCensus, inputs: &IndicatorInputs) -> ReturnIndicator {
    let counted = census
        .plans
        .iter()
        .filter_map(|plan| {
            let ended = plan.end.filter(|d| inputs.year.contains(*d))?;
            let started = plan.start?;
            let facts = format!("plan began {}, ended {}", day(started), day(ended));
            Some(Counted::new(
                &plan.child,
                ended >= add_months(started, 24),
                facts,
            ))
        })
        .collect();
    ReturnIndicator::new(
        NI_64,
        "Child protection plans lasting 2 years or more",
        Figure::Percentage,
        "Child protection plans that ended in the year (with a start date) which had lasted two years or more (ended on or after the second anniversary of their start).",
    )
    .proportion(counted)
}

/// An earlier plan: the census says the child had one, or holds one that
/// began before `plan`.
fn had_plan_before(plan: &ProtectionPlan, census: &CinCensus) -> bool {
    let said = plan.previous.parse::<u32>().is_ok_and(|n| n > 0);
    let held = census.plans.iter().any(|other| {
        other.child == plan.child && other.start.is_some() && other.start < plan.start
    });
    said || held
}

fn ni_65(census: &CinCensus, inputs: &IndicatorInputs) -> ReturnIndicator {
    let counted = census
        .plans
        .iter()
        .filter(|plan| plan.start.is_some_and(|d| inputs.year.contains(d)))
        .map(|plan| {
            let facts = format!(
                "plan began {}; NumberOfPreviousCPP {}",
                dates(plan.start),
                if plan.previous.is_empty() {
                    "not given"
                } else {
                    plan.previous.as_str()
                }
            );
            Counted::new(&plan.child, had_plan_before(plan, census), facts)
        })
        .collect();
    ReturnIndicator::new(
        NI_65,
        "Children becoming the subject of a child protection plan for a second or subsequent time",
        Figure::Percentage,
        "Child protection plans begun in the year for a child who had been the subject of a plan before, ever: NumberOfPreviousCPP above 0, or an earlier plan for the child in the census.",
    )
    .proportion(counted)
}

/// The latest day the next review may be held: the first within 3 months of
/// the plan starting, each later one within 6 months of the one before.
fn review_due(previous: NaiveDate, held_so_far: usize) -> NaiveDate {
    add_months(previous, if held_so_far == 0 { 3 } else { 6 })
}

fn ni_67(census: &CinCensus, inputs: &IndicatorInputs) -> ReturnIndicator {
    let end = inputs.year.end();
    let reviews = census.reviews_by_plan();
    let counted = census
        .plans
        .iter()
        .filter(|plan| plan.open_on(end))
        .filter_map(|plan| {
            let start = plan.start.filter(|d| *d <= add_months(end, -3))?;
            let held = reviews
                .get(plan.key.as_str())
                .into_iter()
                .flatten()
                .copied();
            let facts = format!(
                "plan began {}; reviews held: {}",
                day(start),
                dates(held.clone())
            );
            let on_time = reviews_on_time(start, held, inputs.year, review_due);
            Some(Counted::new(&plan.child, on_time, facts))
        })
        .collect();
    ReturnIndicator::new(
        NI_67,
        "Child protection cases which were reviewed within required timescales",
        Figure::Percentage,
        "Children on a child protection plan at 31 March, continuously for at least 3 months, whose every review of the plan held in the year was on time (first within 3 months of the plan starting, then every 6 months) and none overdue on 31 March.",
    )
    .proportion(counted)
}

fn ni_68(census: &CinCensus, inputs: &IndicatorInputs) -> ReturnIndicator {
    let assessed: std::collections::BTreeSet<&str> = census
        .assessments
        .iter()
        .filter(|assessment| assessment.start.is_some())
        .map(|assessment| assessment.referral.as_str())
        .collect();
    let counted = census
        .referrals
        .iter()
        .filter(|referral| referral.date.is_some_and(|d| inputs.year.contains(d)))
        .map(|referral| {
            let assessed = assessed.contains(referral.key.as_str());
            let facts = format!(
                "referred {}; {}",
                dates(referral.date),
                if assessed {
                    "an assessment began"
                } else {
                    "no assessment began"
                }
            );
            Counted::new(&referral.child, assessed, facts)
        })
        .collect();
    ReturnIndicator::new(
        NI_68,
        "Referrals to children's social care going on to assessment",
        Figure::Percentage,
        "Referrals made in the year (CINreferralDate) with at least one assessment begun for that referral.",
    )
    .proportion(counted)
}

/// The children on plans at 31 March: a count, or with a population a rate
/// per 10,000.
fn on_plans(children: &[&str], population: Option<u64>) -> ReturnIndicator {
    let indicator = match population {
        None => ReturnIndicator::new(
            ON_PLANS,
            "Children who were the subject of a child protection plan at 31 March",
            Figure::Count,
            "Children with a child protection plan begun on or before 31 March and not ended by it.",
        ),
        Some(_) => ReturnIndicator::new(
            ON_PLANS_RATE,
            "Children on child protection plans at 31 March per 10,000 children under 18",
            Figure::RatePer10000,
            "Children on a child protection plan at 31 March (as counted above) per 10,000 of the population under 18 given.",
        ),
    };
    let counted = children
        .iter()
        .map(|child| Counted::new(child, true, "on a plan at 31 March".into()))
        .collect();
    indicator.headcount(counted, population)
}

fn re_referrals(census: &CinCensus, inputs: &IndicatorInputs) -> ReturnIndicator {
    let mut by_child: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for referral in &census.referrals {
        if let Some(date) = referral.date {
            by_child.entry(&referral.child).or_default().push(date);
        }
    }
    let counted = census
        .referrals
        .iter()
        .filter_map(|referral| {
            let date = referral.date.filter(|d| inputs.year.contains(*d))?;
            let earlier = by_child.get(referral.child.as_str())?;
            let previous = earlier
                .iter()
                .filter(|before| **before < date && **before >= add_months(date, -12))
                .max()
                .copied();
            let facts = format!(
                "referred {}; previous referral within 12 months: {}",
                day(date),
                dates(previous)
            );
            Some(Counted::new(&referral.child, previous.is_some(), facts))
        })
        .collect();
    ReturnIndicator::new(
        RE_REFERRALS,
        "Referrals within 12 months of a previous referral",
        Figure::Percentage,
        "Referrals made in the year for a child with an earlier referral in the census dated no more than 12 months before (the census holds earlier referrals only where the child was in need during the year).",
    )
    .proportion(counted)
}

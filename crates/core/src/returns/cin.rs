//! The Children in Need census understood: the XML's groups as typed records,
//! each keeping where it was read. Fields keep the DfE's element names
//! (`CINreferralDate`, `CPPstartDate` …); a referral (`CINdetails`) is linked
//! to its assessments, enquiries and plans by its path, and a plan to its
//! reviews likewise, so two children written with the same `LAchildID` are
//! never mixed up. A date that cannot be read is `None` here and reported by
//! validation, never guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::parse_date;
use super::rows::{RawRow, Table};

/// One `CINdetails` group: a referral and the episode of need that followed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub child: String,
    /// The path of the `CINdetails` element; assessments and plans name it.
    pub key: String,
    pub date: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub child: String,
    pub referral: String,
    pub start: Option<NaiveDate>,
    /// The day the assessment was completed (authorised).
    pub authorised: Option<NaiveDate>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectionPlan {
    pub child: String,
    pub referral: String,
    /// The path of the `ChildProtectionPlans` element; its reviews name it.
    pub key: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// `NumberOfPreviousCPP` as written.
    pub previous: String,
    pub source: String,
}

impl ProtectionPlan {
    /// Begun on or before `day` and not ended by it.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.start.is_some_and(|start| start <= day) && self.end.is_none_or(|end| end > day)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReview {
    pub child: String,
    pub plan: String,
    pub date: Option<NaiveDate>,
    pub source: String,
}

/// A whole CIN census return.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CinCensus {
    /// In each child's order of referral date.
    pub referrals: Vec<Referral>,
    pub assessments: Vec<Assessment>,
    pub plans: Vec<ProtectionPlan>,
    /// In each plan's order of date.
    pub reviews: Vec<PlanReview>,
    /// Every row as written, for validation.
    pub rows: Vec<RawRow>,
}

fn date(row: &RawRow, field: &str) -> Option<NaiveDate> {
    parse_date(row.text(field))
}

fn text(row: &RawRow, field: &str) -> String {
    row.text(field).to_string()
}

impl CinCensus {
    pub fn from_rows(rows: Vec<RawRow>) -> CinCensus {
        let mut census = CinCensus::default();
        for row in &rows {
            let child = text(row, "CHILD");
            let source = row.source.clone();
            match row.table {
                Table::CinReferral => census.referrals.push(Referral {
                    child,
                    key: text(row, "REFERRAL"),
                    date: date(row, "CINreferralDate"),
                    closed: date(row, "CINclosureDate"),
                    source,
                }),
                Table::CinAssessment => census.assessments.push(Assessment {
                    child,
                    referral: text(row, "REFERRAL"),
                    start: date(row, "AssessmentActualStartDate"),
                    authorised: date(row, "AssessmentAuthorisationDate"),
                    source,
                }),
                Table::CinPlan => census.plans.push(ProtectionPlan {
                    child,
                    referral: text(row, "REFERRAL"),
                    key: text(row, "PLAN"),
                    start: date(row, "CPPstartDate"),
                    end: date(row, "CPPendDate"),
                    previous: text(row, "NumberOfPreviousCPP"),
                    source,
                }),
                Table::CinPlanReview => census.reviews.push(PlanReview {
                    child,
                    plan: text(row, "PLAN"),
                    date: date(row, "CPPreviewDate"),
                    source,
                }),
                _ => {}
            }
        }
        census
            .referrals
            .sort_by(|a, b| (&a.child, a.date).cmp(&(&b.child, b.date)));
        census
            .reviews
            .sort_by(|a, b| (&a.plan, a.date).cmp(&(&b.plan, b.date)));
        census.rows = rows;
        census
    }

    /// Each referral's date by its key.
    pub fn referral_dates(&self) -> BTreeMap<&str, Option<NaiveDate>> {
        self.referrals
            .iter()
            .map(|referral| (referral.key.as_str(), referral.date))
            .collect()
    }

    /// The dated reviews of each plan, in order, by the plan's key.
    pub fn reviews_by_plan(&self) -> BTreeMap<&str, Vec<NaiveDate>> {
        let mut by_plan: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
        for review in &self.reviews {
            if let Some(date) = review.date {
                by_plan.entry(&review.plan).or_default().push(date);
            }
        }
        by_plan
    }
}

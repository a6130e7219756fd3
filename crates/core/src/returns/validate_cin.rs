//! Validation of a Children in Need census. Numbered rules are the DfE's CIN
//! census rules of that number; `TB-` rules are trustboard's structural
//! checks (`TB-01` and `TB-02` are shared with the SSDA903). As for the
//! SSDA903, a failure never stops an import.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::cin::CinCensus;
use super::dates::parse_date;
use super::rows::{RawRow, Table};
use super::validate::{Checker, Issue};
use super::year::ReturnYear;

/// The codes of the indicators the CIN census gives.
pub(super) const ASSESSED_IN_45_DAYS: &str = "Assessments within 45 working days";
pub(super) const NI_64: &str = "NI 64";
pub(super) const NI_65: &str = "NI 65";
pub(super) const NI_67: &str = "NI 67";
pub(super) const NI_68: &str = "NI 68";
pub(super) const ON_PLANS: &str = "CP plans at 31 March";
pub(super) const ON_PLANS_RATE: &str = "CP plan rate per 10,000";
pub(super) const RE_REFERRALS: &str = "Re-referrals within 12 months";

const REFERRAL_FIGURES: [&str; 3] = [ASSESSED_IN_45_DAYS, NI_68, RE_REFERRALS];
const ASSESSMENT_FIGURES: [&str; 2] = [ASSESSED_IN_45_DAYS, NI_68];
const PLAN_FIGURES: [&str; 5] = [NI_64, NI_65, NI_67, ON_PLANS, ON_PLANS_RATE];
const REVIEW_FIGURES: [&str; 1] = [NI_67];
const EVERY_FIGURE: [&str; 8] = [
    ASSESSED_IN_45_DAYS,
    NI_64,
    NI_65,
    NI_67,
    NI_68,
    ON_PLANS,
    ON_PLANS_RATE,
    RE_REFERRALS,
];

const REFERRAL_SOURCES: [&str; 22] = [
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C",
    "5D", "6", "7", "8", "9", "10",
];
const PRIMARY_NEED: [&str; 10] = ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"];
const CLOSURE_REASONS: [&str; 8] = ["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8"];
const ABUSE: [&str; 5] = ["NEG", "PHY", "SAB", "EMO", "MUL"];
const YES_NO: [&str; 4] = ["true", "false", "1", "0"];

/// Source of referral has been collected since 1 April 2013 (rule 8866).
fn sources_collected_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 4, 1).unwrap_or(NaiveDate::MIN)
}

fn dated(row: &RawRow, field: &str) -> Option<NaiveDate> {
    parse_date(row.text(field))
}

fn check_row(row: &RawRow, year: ReturnYear) -> Vec<Issue> {
    let mut check = Checker::new(row);
    let after_year = |field| dated(row, field).is_some_and(|d| d > year.end());
    let not_after_year = |check: &mut Checker, field: &'static str, affects: &[&'static str]| {
        if after_year(field) {
            check.fail(
                "TB-15",
                field,
                "The date is after the end of the census year.",
                affects,
            );
        }
    };
    match row.table {
        Table::CinHeader => {
            let reference = dated(row, "ReferenceDate");
            if reference != Some(year.end()) {
                let message = format!(
                    "Reference Date is incorrect: for this census it must be {}.",
                    year.end().format("%d/%m/%Y")
                );
                check.fail("100", "ReferenceDate", &message, &[]);
            }
        }
        Table::CinChild => {
            if row.child().is_empty() {
                check.fail(
                    "8500",
                    "LAchildID",
                    "The child has no local authority identifier.",
                    &EVERY_FIGURE,
                );
            }
            for field in [
                "PersonBirthDate",
                "ExpectedPersonBirthDate",
                "PersonDeathDate",
            ] {
                check.date("TB-02", field, field, &[]);
            }
        }
        Table::CinReferral => {
            check.mandatory(&["CINreferralDate"], &REFERRAL_FIGURES);
            for field in ["CINreferralDate", "CINclosureDate", "DateOfInitialCPC"] {
                check.date("TB-02", field, field, &REFERRAL_FIGURES);
            }
            let referred = dated(row, "CINreferralDate");
            let source = row.text("ReferralSource");
            if referred.is_some_and(|d| d >= sources_collected_from())
                && !REFERRAL_SOURCES.contains(&source)
            {
                check.fail(
                    "8866",
                    "ReferralSource",
                    "The referral's source is blank or not one of the allowed codes.",
                    &[],
                );
            }
            check.code(
                "TB-11",
                "PrimaryNeedCode",
                &PRIMARY_NEED,
                "Primary need",
                &[],
            );
            check.code(
                "TB-13",
                "ReasonForClosure",
                &CLOSURE_REASONS,
                "Reason for closure",
                &[],
            );
            check.code(
                "TB-14",
                "ReferralNFA",
                &YES_NO,
                "No further action",
                &[NI_68],
            );
            if let (Some(referred), Some(closed)) = (referred, dated(row, "CINclosureDate")) {
                if closed < referred {
                    check.fail(
                        "TB-12",
                        "CINclosureDate",
                        "The case was closed before the referral was made.",
                        &REFERRAL_FIGURES,
                    );
                }
            }
            not_after_year(&mut check, "CINreferralDate", &REFERRAL_FIGURES);
        }
        Table::CinAssessment => {
            check.mandatory(&["AssessmentActualStartDate"], &ASSESSMENT_FIGURES);
            for field in ["AssessmentActualStartDate", "AssessmentAuthorisationDate"] {
                check.date("TB-02", field, field, &ASSESSMENT_FIGURES);
            }
            let start = dated(row, "AssessmentActualStartDate");
            let authorised = dated(row, "AssessmentAuthorisationDate");
            if let (Some(start), Some(authorised)) = (start, authorised) {
                if start > authorised {
                    check.fail(
                        "8608",
                        "AssessmentActualStartDate",
                        "The assessment was authorised before the day it started.",
                        &ASSESSMENT_FIGURES,
                    );
                }
            }
            let unfinished = row.text("AssessmentAuthorisationDate").is_empty();
            if unfinished && start.is_some_and(|d| !year.contains(d)) {
                check.fail(
                    "8736",
                    "AssessmentActualStartDate",
                    "An assessment still open at the census date has to have started within the census year.",
                    &ASSESSMENT_FIGURES,
                );
            }
            not_after_year(&mut check, "AssessmentActualStartDate", &ASSESSMENT_FIGURES);
        }
        Table::CinSection47 => {
            check.mandatory(&["S47ActualStartDate"], &[]);
            for field in ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC"] {
                check.date("TB-02", field, field, &[]);
            }
            check.code(
                "TB-14",
                "ICPCnotRequired",
                &YES_NO,
                "ICPC not required",
                &[],
            );
            not_after_year(&mut check, "S47ActualStartDate", &[]);
        }
        Table::CinPlan => {
            check.mandatory(&["CPPstartDate"], &PLAN_FIGURES);
            for field in ["CPPstartDate", "CPPendDate"] {
                check.date("TB-02", field, field, &PLAN_FIGURES);
            }
            let (start, end) = (dated(row, "CPPstartDate"), dated(row, "CPPendDate"));
            if let (Some(start), Some(end)) = (start, end) {
                if start == end {
                    check.fail(
                        "8840",
                        "CPPendDate",
                        "The child protection plan ends on the day it starts.",
                        &PLAN_FIGURES,
                    );
                } else if end < start {
                    check.fail(
                        "TB-17",
                        "CPPendDate",
                        "The child protection plan ended before it began.",
                        &PLAN_FIGURES,
                    );
                }
            }
            for field in ["InitialCategoryOfAbuse", "LatestCategoryOfAbuse"] {
                check.code("TB-18", field, &ABUSE, "Category of abuse", &[]);
            }
            let previous = row.text("NumberOfPreviousCPP");
            if !previous.is_empty() && previous.parse::<u32>().is_err() {
                check.fail(
                    "TB-19",
                    "NumberOfPreviousCPP",
                    "The number of previous child protection plans is not a whole number.",
                    &[NI_65],
                );
            }
            not_after_year(&mut check, "CPPstartDate", &PLAN_FIGURES);
        }
        Table::CinPlanReview => {
            check.mandatory(&["CPPreviewDate"], &REVIEW_FIGURES);
            check.date("TB-02", "CPPreviewDate", "CPPreviewDate", &REVIEW_FIGURES);
            not_after_year(&mut check, "CPPreviewDate", &REVIEW_FIGURES);
        }
        _ => {}
    }
    check.issues
}

fn shown(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Rules across rows: children, referrals and what belongs to them.
fn check_links(census: &CinCensus) -> Vec<Issue> {
    let mut issues = Vec::new();
    let issue = |row: &RawRow, rule, field: &'static str, message: &str, affects: &[_]| Issue {
        rule,
        child: row.child().to_string(),
        source: row.source.clone(),
        field,
        value: row.text(field).to_string(),
        message: message.to_string(),
        affects: affects.to_vec(),
    };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let referred = census.referral_dates();
    for row in &census.rows {
        let referral_date = referred.get(row.text("REFERRAL")).copied().flatten();
        let begins = match row.table {
            Table::CinChild if !row.child().is_empty() => {
                let count = seen.entry(row.child()).or_default();
                *count += 1;
                if *count == 2 {
                    issues.push(issue(
                        row,
                        "8510",
                        "LAchildID",
                        "Two or more children carry the same local authority identifier.",
                        &EVERY_FIGURE,
                    ));
                }
                None
            }
            Table::CinAssessment => Some(("AssessmentActualStartDate", &ASSESSMENT_FIGURES[..])),
            Table::CinSection47 => Some(("S47ActualStartDate", &[][..])),
            Table::CinPlan => Some(("CPPstartDate", &PLAN_FIGURES[..])),
            _ => None,
        };
        if let Some((field, affects)) = begins {
            let before = dated(row, field)
                .zip(referral_date)
                .is_some_and(|(begun, referred)| begun < referred);
            if before {
                let message = format!(
                    "This begins before its referral ({}).",
                    shown(referral_date)
                );
                issues.push(issue(row, "TB-16", field, &message, affects));
            }
        }
    }
    issues.extend(overlapping_assessments(census));
    issues.extend(reviews_outside_plans(census));
    issues
}

/// Rule 8863: an assessment starting while another of the same referral
/// had begun and was not yet completed.
fn overlapping_assessments(census: &CinCensus) -> Vec<Issue> {
    let mut by_referral: BTreeMap<&str, Vec<_>> = BTreeMap::new();
    for assessment in &census.assessments {
        if assessment.start.is_some() {
            by_referral
                .entry(assessment.referral.as_str())
                .or_default()
                .push(assessment);
        }
    }
    let mut issues = Vec::new();
    for mut assessments in by_referral.into_values() {
        assessments.sort_by_key(|a| a.start);
        for (at, later) in assessments.iter().enumerate() {
            let ongoing = assessments[..at].iter().any(|earlier| {
                earlier
                    .authorised
                    .is_none_or(|done| later.start < Some(done))
            });
            if ongoing {
                issues.push(Issue {
                    rule: "8863",
                    child: later.child.clone(),
                    source: later.source.clone(),
                    field: "AssessmentActualStartDate",
                    value: shown(later.start),
                    message: "An assessment starts while an earlier one for the same referral is still open.".into(),
                    affects: ASSESSMENT_FIGURES.to_vec(),
                });
            }
        }
    }
    issues
}

/// Rule 8841 (a review on or before the day the plan began) and `TB-20` (a
/// review after the plan ended).
fn reviews_outside_plans(census: &CinCensus) -> Vec<Issue> {
    let plans: BTreeMap<&str, _> = census
        .plans
        .iter()
        .map(|plan| (plan.key.as_str(), plan))
        .collect();
    let mut issues = Vec::new();
    for review in &census.reviews {
        let (Some(date), Some(plan)) = (review.date, plans.get(review.plan.as_str())) else {
            continue;
        };
        let failure = if plan.start.is_some_and(|start| date <= start) {
            Some((
                "8841",
                "The plan review is dated on or before the day the plan started.",
            ))
        } else if plan.end.is_some_and(|end| date > end) {
            Some((
                "TB-20",
                "The review is dated after the child protection plan ended.",
            ))
        } else {
            None
        };
        if let Some((rule, message)) = failure {
            issues.push(Issue {
                rule,
                child: review.child.clone(),
                source: review.source.clone(),
                field: "CPPreviewDate",
                value: shown(Some(date)),
                message: message.into(),
                affects: REVIEW_FIGURES.to_vec(),
            });
        }
    }
    issues
}

/// Every rule over the whole census, rows in the order read, then the rules
/// across rows.
pub fn validate_cin(census: &CinCensus, year: ReturnYear) -> Vec<Issue> {
    let mut issues: Vec<Issue> = census
        .rows
        .iter()
        .flat_map(|row| check_row(row, year))
        .collect();
    issues.extend(check_links(census));
    issues
}

/// The CIN census rules trustboard checks, with what each means.
pub const CIN_RULES: [(&str, &str); 21] = [
    (
        "100",
        "The header's reference date should be 31 March at the end of the census year.",
    ),
    ("8500", "The child has no local authority identifier."),
    (
        "8510",
        "Two or more children carry the same local authority identifier.",
    ),
    (
        "8608",
        "The assessment was authorised before the day it started.",
    ),
    (
        "8736",
        "An assessment still open at the census date has to have started within the census year.",
    ),
    (
        "8840",
        "The child protection plan ends on the day it starts.",
    ),
    (
        "8841",
        "The plan review is dated on or before the day the plan started.",
    ),
    (
        "8863",
        "An assessment starts while an earlier one for the same referral is still open.",
    ),
    (
        "8866",
        "The referral's source is blank or not one of the allowed codes.",
    ),
    ("TB-01", "A mandatory field is blank."),
    ("TB-02", "A date is not a valid date."),
    ("TB-11", "Primary need code is not N0-N9."),
    ("TB-12", "The case was closed before the referral."),
    ("TB-13", "Reason for closure is not RC1-RC8."),
    ("TB-14", "A yes/no field is not true, false, 1 or 0."),
    ("TB-15", "A date after the end of the census year."),
    (
        "TB-16",
        "An assessment, section 47 enquiry or plan begins before its referral.",
    ),
    ("TB-17", "A child protection plan ended before it began."),
    (
        "TB-18",
        "Category of abuse is not NEG, PHY, SAB, EMO or MUL.",
    ),
    (
        "TB-19",
        "Number of previous child protection plans is not a whole number.",
    ),
    (
        "TB-20",
        "A child protection plan review after the plan ended.",
    ),
];

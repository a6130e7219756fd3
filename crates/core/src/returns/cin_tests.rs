//! The CIN census indicators and rules against small censuses worked out by
//! hand. The year is 2018: 1 April 2017 to 31 March 2018.

use super::*;
use crate::calendar::WorkingCalendar;

const YEAR: ReturnYear = ReturnYear { ending: 2018 };

fn row(table: Table, source: &str, fields: &[(&str, &str)]) -> RawRow {
    RawRow::new(table, format!("cin.xml {source}"), fields)
}

fn header(reference: &str) -> RawRow {
    row(
        Table::CinHeader,
        "/Message/Header",
        &[("Collection", "CIN"), ("ReferenceDate", reference)],
    )
}

fn child(id: &str, at: usize) -> RawRow {
    let path = format!("/Message/Children/Child[{at}]");
    row(
        Table::CinChild,
        &path,
        &[
            ("CHILD", id),
            ("LAchildID", id),
            ("PersonBirthDate", "2010-01-01"),
        ],
    )
}

/// A referral of `child` keyed `key`, made on `date`.
fn referral(child: &str, key: &str, date: &str) -> RawRow {
    row(
        Table::CinReferral,
        key,
        &[
            ("CHILD", child),
            ("REFERRAL", key),
            ("CINreferralDate", date),
            ("ReferralSource", "1A"),
            ("PrimaryNeedCode", "N1"),
            ("ReferralNFA", "false"),
        ],
    )
}

fn assessment(child: &str, key: &str, start: &str, authorised: &str) -> RawRow {
    row(
        Table::CinAssessment,
        &format!("{key}/Assessments[1]"),
        &[
            ("CHILD", child),
            ("REFERRAL", key),
            ("AssessmentActualStartDate", start),
            ("AssessmentAuthorisationDate", authorised),
        ],
    )
}

/// A plan keyed `{child}/plan`, begun `start`, ended `end`, with `previous` plans.
fn plan(child: &str, start: &str, end: &str, previous: &str) -> RawRow {
    let key = format!("{child}/plan");
    row(
        Table::CinPlan,
        &key,
        &[
            ("CHILD", child),
            ("REFERRAL", child),
            ("PLAN", &key),
            ("CPPstartDate", start),
            ("CPPendDate", end),
            ("InitialCategoryOfAbuse", "NEG"),
            ("NumberOfPreviousCPP", previous),
        ],
    )
}

fn plan_review(child: &str, date: &str) -> RawRow {
    let key = format!("{child}/plan");
    row(
        Table::CinPlanReview,
        &format!("{key}/Reviews[1]"),
        &[
            ("CHILD", child),
            ("REFERRAL", child),
            ("PLAN", &key),
            ("CPPreviewDate", date),
        ],
    )
}

fn evaluated(rows: Vec<RawRow>) -> (Vec<Issue>, Vec<ReturnIndicator>) {
    let calendar = WorkingCalendar::england_and_wales();
    let inputs = IndicatorInputs {
        year: YEAR,
        calendar: &calendar,
        population: Some(20_000),
    };
    evaluate_return(Collection::Cin, rows, &inputs)
}

fn text_of(all: &[ReturnIndicator], code: &str) -> String {
    all.iter()
        .find(|i| i.code == code)
        .and_then(|i| i.text.clone())
        .unwrap_or_else(|| format!("{code}: nothing"))
}

#[test]
fn assessments_within_45_working_days_skip_weekends_and_bank_holidays() {
    // 22 December 2017 is a Friday. After it, 25 and 26 December and 1
    // January are bank holidays, so the 45th working day is Wednesday
    // 28 February 2018 (it would be Friday 23 February counting weekends only).
    let rows = vec![
        referral("A", "A/r", "22/12/2017"),
        assessment("A", "A/r", "2017-12-27", "2018-02-28"),
        referral("B", "B/r", "2017-12-22"),
        assessment("B", "B/r", "27/12/2017", "01/03/2018"),
        // Completed before the year: not counted.
        referral("C", "C/r", "01/01/2017"),
        assessment("C", "C/r", "02/01/2017", "01/03/2017"),
        // Not completed: not counted.
        referral("D", "D/r", "01/01/2018"),
        assessment("D", "D/r", "02/01/2018", ""),
        // The referral has no readable date: not counted.
        referral("E", "E/r", "sometime"),
        assessment("E", "E/r", "02/01/2018", "03/01/2018"),
    ];
    let (_, all) = evaluated(rows.clone());
    assert_eq!(
        text_of(&all, "Assessments within 45 working days"),
        "50.0% (1/2)"
    );
    let assessed = all
        .iter()
        .find(|i| i.code == "Assessments within 45 working days")
        .expect("computed");
    let facts: Vec<(&str, bool, &str)> = assessed
        .counted
        .iter()
        .map(|c| (c.child.as_str(), c.in_numerator, c.facts.as_str()))
        .collect();
    assert_eq!(
        facts,
        [
            (
                "A",
                true,
                "referred 22/12/2017; assessment authorised 28/02/2018, 45 working days later"
            ),
            (
                "B",
                false,
                "referred 22/12/2017; assessment authorised 01/03/2018, 46 working days later"
            ),
        ]
    );
    let weekends = WorkingCalendar::weekends_only();
    let inputs = IndicatorInputs {
        year: YEAR,
        calendar: &weekends,
        population: None,
    };
    let (_, without_holidays) = evaluate_return(Collection::Cin, rows, &inputs);
    assert_eq!(
        text_of(&without_holidays, "Assessments within 45 working days"),
        "0.0% (0/2)"
    );
}

#[test]
fn ni_64_counts_plans_ending_in_the_year_that_lasted_two_years() {
    let rows = vec![
        plan("P1", "01/05/2015", "01/05/2017", "0"), // exactly two years
        plan("P2", "02/05/2015", "01/05/2017", "0"), // a day short
        plan("P3", "01/01/2017", "01/01/2018", "0"),
        plan("P4", "01/01/2014", "01/03/2017", "0"), // ended before the year
        plan("P5", "01/01/2014", "", "0"),           // still open
    ];
    let (_, all) = evaluated(rows);
    assert_eq!(text_of(&all, "NI 64"), "33.3% (1/3)");
}

#[test]
fn ni_65_counts_plans_begun_in_the_year_for_a_second_time() {
    let rows = vec![
        plan("X", "01/06/2017", "", "0"),
        plan("Y", "01/07/2017", "", "2"),
        // Z's earlier plan is in the census, though NumberOfPreviousCPP is blank.
        row(
            Table::CinPlan,
            "Z/earlier",
            &[
                ("CHILD", "Z"),
                ("REFERRAL", "Z/old"),
                ("PLAN", "Z/earlier"),
                ("CPPstartDate", "01/01/2016"),
                ("CPPendDate", "01/01/2017"),
            ],
        ),
        plan("Z", "01/08/2017", "", ""),
    ];
    let (_, all) = evaluated(rows);
    assert_eq!(text_of(&all, "NI 65"), "66.7% (2/3)");
}

#[test]
fn ni_67_needs_every_review_of_the_year_on_time_and_none_overdue() {
    let mut rows = vec![
        // K1: first review on the day 3 months fall due, the next 6 months on.
        plan("K1", "01/06/2017", "", "0"),
        plan_review("K1", "01/09/2017"),
        plan_review("K1", "01/03/2018"),
        // K2: first review a day late.
        plan("K2", "01/06/2017", "", "0"),
        plan_review("K2", "02/09/2017"),
        plan_review("K2", "01/03/2018"),
        // K3: the review after 01/08/2017 was due by 01/02/2018: overdue.
        plan("K3", "01/06/2017", "", "0"),
        plan_review("K3", "01/08/2017"),
        // K4: on a plan under 3 months at 31 March: not counted.
        plan("K4", "01/02/2018", "", "0"),
        // K5: a late review before the year does not count against it.
        plan("K5", "01/01/2016", "", "0"),
        plan_review("K5", "01/03/2016"),
        plan_review("K5", "01/10/2016"),
        plan_review("K5", "01/04/2017"),
        plan_review("K5", "01/10/2017"),
        // K6: the plan ended before 31 March: not counted.
        plan("K6", "01/01/2017", "01/03/2018", "0"),
    ];
    rows.reverse();
    let (_, all) = evaluated(rows);
    assert_eq!(text_of(&all, "NI 67"), "50.0% (2/4)");
    let ni67 = all.iter().find(|i| i.code == "NI 67").expect("NI 67");
    let on_time: Vec<&str> = ni67
        .counted
        .iter()
        .filter(|c| c.in_numerator)
        .map(|c| c.child.as_str())
        .collect();
    assert_eq!(on_time, ["K5", "K1"]);
    // On a plan at 31 March: K1 to K5; per 10,000 of 20,000 children.
    assert_eq!(text_of(&all, "CP plans at 31 March"), "5");
    assert_eq!(
        text_of(&all, "CP plan rate per 10,000"),
        "2.5 per 10,000 (5/20000)"
    );
}

#[test]
fn ni_68_and_re_referrals_count_referrals_made_in_the_year() {
    let rows = vec![
        // M: referred again 3 months after an earlier referral, and assessed.
        referral("M", "M/1", "01/03/2017"),
        referral("M", "M/2", "01/06/2017"),
        assessment("M", "M/2", "05/06/2017", "01/07/2017"),
        // N: referred again after 13 months, not assessed.
        referral("N", "N/1", "01/05/2016"),
        referral("N", "N/2", "01/06/2017"),
        // O: a first referral, assessed.
        referral("O", "O/1", "01/07/2017"),
        assessment("O", "O/1", "05/07/2017", ""),
    ];
    let (_, all) = evaluated(rows);
    assert_eq!(text_of(&all, "NI 68"), "66.7% (2/3)");
    assert_eq!(
        text_of(&all, "Re-referrals within 12 months"),
        "33.3% (1/3)"
    );
}

fn failures<'a>(issues: &'a [Issue], rule: &str) -> Vec<(&'a str, &'a str)> {
    issues
        .iter()
        .filter(|issue| issue.rule == rule)
        .map(|issue| (issue.child.as_str(), issue.field))
        .collect()
}

#[test]
fn a_clean_census_passes_every_rule() {
    let rows = vec![
        header("31/03/2018"),
        child("A", 1),
        referral("A", "A/r", "01/06/2017"),
        assessment("A", "A/r", "02/06/2017", "01/07/2017"),
        plan("A", "01/07/2017", "", "0"),
        plan_review("A", "01/09/2017"),
    ];
    let (issues, all) = evaluated(rows);
    assert_eq!(issues, []);
    assert!(all.iter().all(|i| i.affected_by.is_empty()));
}

#[test]
fn each_rule_names_its_child_field_and_place() {
    let mut rows = vec![
        header("2018-03-28"),
        child("A", 1),
        child("", 2),
        child("A", 3),
        // Referral: blank source, need N10, closed before referred, NFA "maybe".
        row(
            Table::CinReferral,
            "A/r",
            &[
                ("CHILD", "A"),
                ("REFERRAL", "A/r"),
                ("CINreferralDate", "01/06/2017"),
                ("PrimaryNeedCode", "N10"),
                ("CINclosureDate", "01/05/2017"),
                ("ReasonForClosure", "RC9"),
                ("ReferralNFA", "maybe"),
            ],
        ),
        // Ends before it starts, and begins before the referral.
        assessment("A", "A/r", "01/05/2017", "01/04/2017"),
        // Not completed and begun before the year.
        assessment("A", "A/r", "01/03/2017", ""),
        // Ongoing when the next began.
        referral("B", "B/r", "01/06/2017"),
        assessment("B", "B/r", "02/06/2017", "01/08/2017"),
        assessment("B", "B/r", "01/07/2017", "01/09/2017"),
        // A plan starting and ending on the same day, with an unknown category.
        row(
            Table::CinPlan,
            "C/plan",
            &[
                ("CHILD", "C"),
                ("REFERRAL", "C/r"),
                ("PLAN", "C/plan"),
                ("CPPstartDate", "01/06/2017"),
                ("CPPendDate", "01/06/2017"),
                ("InitialCategoryOfAbuse", "XYZ"),
                ("NumberOfPreviousCPP", "two"),
            ],
        ),
        // Ended before it began; reviewed on its first day and after it ended.
        plan("D", "01/09/2017", "01/08/2017", "0"),
        plan_review("D", "01/09/2017"),
        plan("E", "01/06/2017", "01/10/2017", "0"),
        plan_review("E", "01/11/2017"),
        // A referral with no date, and a review dated after the year.
        referral("F", "F/r", ""),
        plan("F", "01/06/2017", "", "0"),
        plan_review("F", "2018-05-01"),
        plan_review("F", "31/02/2018"),
    ];
    rows.push(referral("G", "G/r", "01/06/2017"));
    let (issues, all) = evaluated(rows);
    assert_eq!(failures(&issues, "100"), [("", "ReferenceDate")]);
    assert_eq!(failures(&issues, "8500"), [("", "LAchildID")]);
    assert_eq!(failures(&issues, "8510"), [("A", "LAchildID")]);
    let duplicate = issues.iter().find(|i| i.rule == "8510").expect("8510");
    assert_eq!(duplicate.source, "cin.xml /Message/Children/Child[3]");
    // The duplicate's value is the child's identifier; a missing one's is
    // blank, and a referral's source is no identifier.
    assert!(duplicate.value_identifies_child());
    for rule in ["8500", "8866"] {
        let issue = issues.iter().find(|i| i.rule == rule).expect(rule);
        assert!(!issue.value_identifies_child(), "{rule}");
    }
    assert_eq!(failures(&issues, "8866"), [("A", "ReferralSource")]);
    assert_eq!(failures(&issues, "TB-11"), [("A", "PrimaryNeedCode")]);
    assert_eq!(failures(&issues, "TB-12"), [("A", "CINclosureDate")]);
    assert_eq!(failures(&issues, "TB-13"), [("A", "ReasonForClosure")]);
    assert_eq!(failures(&issues, "TB-14"), [("A", "ReferralNFA")]);
    assert_eq!(
        failures(&issues, "8608"),
        [("A", "AssessmentActualStartDate")]
    );
    assert_eq!(
        failures(&issues, "8736"),
        [("A", "AssessmentActualStartDate")]
    );
    assert_eq!(
        failures(&issues, "TB-16"),
        [
            ("A", "AssessmentActualStartDate"),
            ("A", "AssessmentActualStartDate")
        ]
    );
    // A's second assessment began while the first was not completed.
    assert_eq!(
        failures(&issues, "8863"),
        [
            ("A", "AssessmentActualStartDate"),
            ("B", "AssessmentActualStartDate")
        ]
    );
    assert_eq!(failures(&issues, "8840"), [("C", "CPPendDate")]);
    assert_eq!(
        failures(&issues, "TB-18"),
        [("C", "InitialCategoryOfAbuse")]
    );
    assert_eq!(failures(&issues, "TB-19"), [("C", "NumberOfPreviousCPP")]);
    assert_eq!(failures(&issues, "TB-17"), [("D", "CPPendDate")]);
    assert_eq!(failures(&issues, "8841"), [("D", "CPPreviewDate")]);
    assert_eq!(failures(&issues, "TB-20"), [("E", "CPPreviewDate")]);
    assert_eq!(failures(&issues, "TB-01"), [("F", "CINreferralDate")]);
    assert_eq!(failures(&issues, "TB-15"), [("F", "CPPreviewDate")]);
    assert_eq!(failures(&issues, "TB-02"), [("F", "CPPreviewDate")]);
    let late = issues.iter().find(|i| i.rule == "TB-15").expect("TB-15");
    assert_eq!(late.value, "2018-05-01");
    assert_eq!(late.source, "cin.xml F/plan/Reviews[1]");
    // Every rule checked is listed with its meaning, and no other.
    let listed: Vec<&str> = CIN_RULES.iter().map(|(rule, _)| *rule).collect();
    for issue in &issues {
        assert!(listed.contains(&issue.rule), "{} is not listed", issue.rule);
    }
    for (rule, _) in CIN_RULES {
        assert!(issues.iter().any(|i| i.rule == rule), "{rule} never failed");
    }
    // The review rules mark NI 67, and only the figures they could change.
    let ni67 = all.iter().find(|i| i.code == "NI 67").expect("NI 67");
    assert!(ni67.affected_by.contains(&"8841".to_string()));
    let ni64 = all.iter().find(|i| i.code == "NI 64").expect("NI 64");
    assert!(!ni64.affected_by.contains(&"8841".to_string()));
}

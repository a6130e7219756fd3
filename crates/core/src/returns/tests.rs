//! Each indicator against a small return worked out by hand. The year is
//! 2018: 1 April 2017 to 31 March 2018.

use super::*;
use crate::calendar::WorkingCalendar;

fn row(table: Table, line: usize, fields: &[(&str, &str)]) -> RawRow {
    RawRow::new(table, format!("{}.csv:{line}", table.as_str()), fields)
}

/// An episode: child, start, reason, legal status, placement, end, reason ended.
fn ep(child: &str, decom: &str, rne: &str, ls: &str, place: &str, dec: &str, rec: &str) -> RawRow {
    row(
        Table::Episodes,
        0,
        &[
            ("CHILD", child),
            ("DECOM", decom),
            ("RNE", rne),
            ("LS", ls),
            ("CIN", "N1"),
            ("PLACE", place),
            ("DEC", dec),
            ("REC", rec),
        ],
    )
}

fn header(child: &str, dob: &str) -> RawRow {
    row(
        Table::Header,
        0,
        &[
            ("CHILD", child),
            ("SEX", "1"),
            ("DOB", dob),
            ("ETHNIC", "WBRI"),
        ],
    )
}

fn review(child: &str, date: &str) -> RawRow {
    row(
        Table::Reviews,
        0,
        &[("CHILD", child), ("REVIEW", date), ("REVIEW_CODE", "PN1")],
    )
}

fn indicators(rows: Vec<RawRow>) -> Vec<ReturnIndicator> {
    let year = ReturnYear::ending(2018);
    let calendar = WorkingCalendar::england_and_wales();
    let ret = Ssda903::from_rows(rows);
    let issues = validate_ssda903(&ret, year);
    let inputs = IndicatorInputs {
        year,
        calendar: &calendar,
        population: Some(20_000),
    };
    looked_after_indicators(&ret, &inputs, &issues)
}

fn find<'a>(all: &'a [ReturnIndicator], code: &str) -> &'a ReturnIndicator {
    all.iter()
        .find(|i| i.code == code)
        .expect("indicator computed")
}

fn counted_children(indicator: &ReturnIndicator, in_numerator: bool) -> Vec<&str> {
    indicator
        .counted
        .iter()
        .filter(|c| c.in_numerator == in_numerator)
        .map(|c| c.child.as_str())
        .collect()
}

#[test]
fn ni_62_counts_placements_held_and_begun_in_the_year() {
    let rows = vec![
        // A: the placement held on 1 April, then two moves: 3 placements.
        ep("A", "01/01/2017", "S", "C2", "U1", "01/06/2017", "X1"),
        ep("A", "01/06/2017", "P", "C2", "U2", "01/09/2017", "X1"),
        ep("A", "01/09/2017", "P", "C2", "U3", "", ""),
        // B: a change of legal status only is not a move: 2 placements.
        ep("B", "01/01/2016", "S", "C2", "U1", "01/05/2017", "X1"),
        ep("B", "01/05/2017", "L", "C1", "U1", "01/08/2017", "X1"),
        ep("B", "01/08/2017", "P", "C1", "U2", "", ""),
        // C: a temporary placement and the return from it do not count: 2.
        ep("C", "01/05/2017", "S", "C2", "U1", "01/06/2017", "X1"),
        ep("C", "01/06/2017", "P", "C2", "T1", "10/06/2017", "X1"),
        ep("C", "10/06/2017", "P", "C2", "U1", "01/09/2017", "X1"),
        ep("C", "01/09/2017", "P", "C2", "U4", "", ""),
        // D: placed for adoption with the current foster carers is no move: 2.
        ep("D", "01/04/2017", "S", "E1", "U1", "01/05/2017", "X1"),
        ep("D", "01/05/2017", "P", "E1", "U2", "01/06/2017", "X1"),
        ep("D", "01/06/2017", "U", "E1", "A5", "", ""),
        // E: respite (V3) at 31 March: not counted at all.
        ep("E", "01/06/2017", "S", "V3", "U1", "", ""),
        // F: three placements but left care before 31 March: not counted.
        ep("F", "01/04/2017", "S", "C2", "U1", "01/05/2017", "X1"),
        ep("F", "01/05/2017", "P", "C2", "U2", "01/06/2017", "X1"),
        ep("F", "01/06/2017", "P", "C2", "U3", "01/01/2018", "E8"),
        // G: four placements (S, P, T and B all begin one).
        ep("G", "01/05/2017", "S", "C2", "U1", "01/06/2017", "X1"),
        ep("G", "01/06/2017", "P", "C2", "U2", "01/07/2017", "X1"),
        ep("G", "01/07/2017", "T", "C1", "U3", "01/08/2017", "X1"),
        ep("G", "01/08/2017", "B", "E1", "U4", "", ""),
    ];
    let all = indicators(rows);
    // Looked after on 31 March: A, B, C, D, G (E is respite, F had left).
    let cla = find(&all, "CLA at 31 March");
    assert_eq!(cla.text.as_deref(), Some("5"));
    let rate = find(&all, "CLA rate per 10,000");
    assert_eq!(rate.text.as_deref(), Some("2.5 per 10,000 (5/20000)"));
    // 2 of those 5 (A, G) had three or more placements.
    let ni62 = find(&all, "NI 62");
    assert_eq!(ni62.text.as_deref(), Some("40.0% (2/5)"));
    assert_eq!(counted_children(ni62, true), ["A", "G"]);
    // Each child counted says what decided it.
    let facts: Vec<(&str, &str)> = ni62
        .counted
        .iter()
        .map(|c| (c.child.as_str(), c.facts.as_str()))
        .collect();
    assert_eq!(
        facts[..2],
        [
            ("A", "3 placements in the year (in care since 01/01/2017)"),
            ("B", "2 placements in the year (in care since 01/01/2016)")
        ]
    );
}

#[test]
fn ni_63_counts_long_stays_in_the_same_placement() {
    let rows = vec![
        // H: in care and in the same placement since 1 January 2015: yes.
        header("H", "01/01/2010"),
        ep("H", "01/01/2015", "S", "C2", "U1", "", ""),
        // I: moved on 1 June 2016, less than 2 years before 31 March 2018: no.
        header("I", "01/01/2010"),
        ep("I", "01/01/2015", "S", "C2", "U1", "01/06/2016", "X1"),
        ep("I", "01/06/2016", "P", "C2", "U2", "", ""),
        // J: only the legal status changed, so the placement goes on: yes.
        header("J", "01/01/2010"),
        ep("J", "01/01/2015", "S", "C2", "U1", "01/06/2016", "X1"),
        ep("J", "01/06/2016", "L", "E1", "U1", "", ""),
        // K: placed for adoption; taken with the placement before: yes.
        header("K", "01/01/2010"),
        ep("K", "01/01/2015", "S", "C2", "U1", "01/01/2017", "X1"),
        ep("K", "01/01/2017", "P", "E1", "A4", "", ""),
        // L: 17 on 31 March: outside the cohort.
        header("L", "01/01/2001"),
        ep("L", "01/01/2015", "S", "C2", "U1", "", ""),
        // M: looked after for just over 2 years (from 1 January 2016): outside.
        header("M", "01/01/2010"),
        ep("M", "01/01/2016", "S", "C2", "U1", "", ""),
    ];
    let all = indicators(rows);
    // Cohort H, I, J, K; in the same placement for 2 years: H, J, K.
    let ni63 = find(&all, "NI 63");
    assert_eq!(ni63.text.as_deref(), Some("75.0% (3/4)"));
    assert_eq!(counted_children(ni63, false), ["I"]);
}

#[test]
fn ni_66_needs_every_review_of_the_year_on_time() {
    let rows = vec![
        // N: 20 Jan (within 20 working days of 1 Jan), 15 Apr (within 3
        // months), 10 Oct (within 6); next due 10 April 2018: on time.
        ep("N", "01/01/2017", "S", "C2", "U1", "", ""),
        review("N", "20/01/2017"),
        review("N", "15/04/2017"),
        review("N", "10/10/2017"),
        // O: third review on 1 Nov, after its due date of 15 Oct: late.
        ep("O", "01/01/2017", "S", "C2", "U1", "", ""),
        review("O", "20/01/2017"),
        review("O", "15/04/2017"),
        review("O", "01/11/2017"),
        // P: nothing since 15 Apr; the review due 15 Oct never happened: late.
        ep("P", "01/01/2017", "S", "C2", "U1", "", ""),
        review("P", "20/01/2017"),
        review("P", "15/04/2017"),
        // Q: in care less than 4 weeks on 31 March: outside the cohort.
        ep("Q", "15/03/2018", "S", "C2", "U1", "", ""),
        // R: late in 2016 (before the year, so not counted); every review
        // in the year on time, 1 Aug exactly on its due date.
        ep("R", "01/03/2016", "S", "C2", "U1", "", ""),
        review("R", "10/03/2016"),
        review("R", "01/09/2016"),
        review("R", "01/02/2017"),
        review("R", "01/08/2017"),
        review("R", "20/01/2018"),
    ];
    let all = indicators(rows);
    let ni66 = find(&all, "NI 66");
    assert_eq!(ni66.text.as_deref(), Some("50.0% (2/4)"));
    assert_eq!(counted_children(ni66, true), ["N", "R"]);
}

#[test]
fn ni_58_averages_scores_of_children_in_care_a_year_aged_4_to_16() {
    let sdq = |child: &str, score: &str| {
        row(
            Table::Oc2,
            0,
            &[
                ("CHILD", child),
                ("SDQ_SCORE", score),
                ("CONVICTED", "0"),
                ("HEALTH_CHECK", "1"),
            ],
        )
    };
    let mut rows = Vec::new();
    // S1 and S2 count (10 and 20); S3 is 2 years old; S4 came into care in
    // January 2018; S5 has no score.
    for (child, dob, decom, score) in [
        ("S1", "01/01/2008", "01/01/2016", "10"),
        ("S2", "01/01/2008", "01/01/2016", "20"),
        ("S3", "01/01/2016", "01/01/2016", "30"),
        ("S4", "01/01/2008", "01/01/2018", "30"),
        ("S5", "01/01/2008", "01/01/2016", ""),
    ] {
        rows.push(header(child, dob));
        rows.push(ep(child, decom, "S", "C2", "U1", "", ""));
        rows.push(sdq(child, score));
    }
    let all = indicators(rows);
    // (10 + 20) / 2 = 15.0
    assert_eq!(find(&all, "NI 58").text.as_deref(), Some("15.0 (30/2)"));
}

#[test]
fn ni_61_times_placement_for_adoption_from_the_decision() {
    let decision = |child: &str, date: &str| {
        row(
            Table::PlacedForAdoption,
            0,
            &[
                ("CHILD", child),
                ("DATE_PLACED", date),
                ("DATE_PLACED_CEASED", ""),
            ],
        )
    };
    let rows = vec![
        // T1: decided 1 June 2016, placed 1 March 2017 (9 months), adopted in the year.
        ep("T1", "01/01/2016", "S", "C2", "U1", "01/03/2017", "X1"),
        ep("T1", "01/03/2017", "P", "E1", "A4", "01/09/2017", "E11"),
        decision("T1", "01/06/2016"),
        // T2: decided 1 January 2015, placed 1 September 2016 (20 months).
        ep("T2", "01/01/2015", "S", "C2", "U1", "01/09/2016", "X1"),
        ep("T2", "01/09/2016", "P", "E1", "A6", "01/12/2017", "E12"),
        decision("T2", "01/01/2015"),
        // T3: adopted before the year began: not counted.
        ep("T3", "01/01/2015", "S", "E1", "A6", "01/12/2016", "E11"),
        decision("T3", "01/06/2014"),
        // T4: adopted in the year, no placement for adoption recorded.
        ep("T4", "01/01/2017", "S", "C2", "U1", "01/03/2018", "E11"),
    ];
    let all = indicators(rows);
    let ni61 = find(&all, "NI 61");
    assert_eq!(ni61.text.as_deref(), Some("33.3% (1/3)"));
    assert_eq!(counted_children(ni61, true), ["T1"]);
}

#[test]
fn ni_147_and_148_count_care_leavers_less_those_who_died() {
    let leaver = |child: &str, in_touch: &str, activ: &str, accom: &str| {
        row(
            Table::Oc3,
            0,
            &[
                ("CHILD", child),
                ("IN_TOUCH", in_touch),
                ("ACTIV", activ),
                ("ACCOM", accom),
            ],
        )
    };
    let rows = vec![
        leaver("L1", "YES", "F1", "B1"),  // suitable, in education
        leaver("L2", "YES", "G5", "D1"),  // suitable, not in EET
        leaver("L3", "DIED", "F1", "B1"), // left out
        leaver("L4", "NO", "G4", "S2"),   // neither
        leaver("L5", "YES", "P3", "U1"),  // suitable, part-time work
    ];
    let all = indicators(rows);
    assert_eq!(find(&all, "NI 147").text.as_deref(), Some("75.0% (3/4)"));
    assert_eq!(find(&all, "NI 148").text.as_deref(), Some("50.0% (2/4)"));
}

#[test]
fn validation_names_rule_child_row_and_affected_indicators() {
    let mut bad_code = ep("V", "01/01/2017", "S", "XX", "U1", "01/02/2017", "X1");
    bad_code.source = "episodes.csv:2".into();
    let rows = vec![
        header("V", "31/02/2010"),
        bad_code,
        // Overlaps the episode before it, and leaves LS blank.
        ep("V", "15/01/2017", "P", "", "U2", "10/01/2017", "X1"),
        ep("V", "20/01/2017", "P", "C2", "U3", "", ""),
        review("V", "01/12/2016"),
        row(
            Table::PlacedForAdoption,
            7,
            &[
                ("CHILD", "V"),
                ("DATE_PLACED", "01/01/2017"),
                ("DATE_PLACED_CEASED", "01/06/2017"),
            ],
        ),
        row(
            Table::PlacedForAdoption,
            8,
            &[
                ("CHILD", "V"),
                ("DATE_PLACED", "01/03/2017"),
                ("DATE_PLACED_CEASED", ""),
            ],
        ),
    ];
    let ret = Ssda903::from_rows(rows);
    let issues = validate_ssda903(&ret, ReturnYear::ending(2018));
    let rules: Vec<&str> = issues.iter().map(|i| i.rule).collect();
    for expected in [
        "102", "144", "TB-01", "TB-03", "TB-04", "TB-05", "TB-06", "TB-07",
    ] {
        assert!(
            rules.contains(&expected),
            "{expected} missing from {rules:?}"
        );
    }
    let legal_status = issues.iter().find(|i| i.rule == "144").unwrap();
    assert_eq!(legal_status.child, "V");
    assert_eq!(legal_status.source, "episodes.csv:2");
    assert_eq!(legal_status.value, "XX");
    assert!(legal_status.affects.contains(&"NI 62"));
}

#[test]
fn indicators_name_the_rules_that_failed_and_could_change_them() {
    let rows = vec![
        ep("W", "01/01/2017", "S", "C2", "ZZ", "", ""),
        review("W", "20/01/2017"),
    ];
    let all = indicators(rows);
    assert_eq!(find(&all, "NI 62").affected_by, ["146"]);
    assert!(find(&all, "NI 147").affected_by.is_empty());
}

#[test]
fn return_years_and_dates_read_as_councils_write_them() {
    assert_eq!(ReturnYear::parse("2018").unwrap(), ReturnYear::ending(2018));
    assert_eq!(
        ReturnYear::parse("2017/18").unwrap(),
        ReturnYear::ending(2018)
    );
    assert_eq!(
        ReturnYear::parse("2017-18").unwrap(),
        ReturnYear::ending(2018)
    );
    assert!(ReturnYear::parse("2017/19").is_err());
    assert_eq!(ReturnYear::ending(2018).to_string(), "2017/18");
    let day = chrono::NaiveDate::from_ymd_opt(2018, 3, 31);
    assert_eq!(parse_date("31/03/2018"), day);
    assert_eq!(parse_date("2018-03-31"), day);
    assert_eq!(parse_date("2018-03-31T00:00:00"), day);
    assert_eq!(parse_date("31/02/2018"), None);
    assert_eq!(parse_date("01/01/19"), None);
    assert_eq!(parse_date(""), None);
}

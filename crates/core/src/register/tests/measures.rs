//! A hand-built register for April–June 2010 (2010/11 Q1), every expected
//! figure worked out by hand below.

use crate::calendar::WorkingCalendar;
use crate::period::Period;
use crate::register::measures::*;
use crate::register::testkit::*;
use crate::register::*;

const L3: Level = Level::FamilySupportPackage;

fn fixture() -> Vec<ChildRecord> {
    let mut a = record("A", "North", date(2010, 3, 25));
    // Need identified Thursday 25 March. Counting 15 working days skips two
    // weekends and Good Friday (2 April) and Easter Monday (5 April): the
    // deadline is Monday 19 April, and the CAF is completed that day: on time.
    apply(&mut a, start_caf(date(2010, 3, 25), date(2010, 3, 25)));
    apply(&mut a, set_level(date(2010, 4, 1), L3));
    apply(
        &mut a,
        discuss_caf(date(2010, 4, 19), CafOutcome::FamilySupportMeeting),
    );
    // Level 3 on 1 April: meeting due by 13 May, held 10 May: on time.
    apply(&mut a, meeting(date(2010, 5, 10)));
    apply(&mut a, lead(date(2010, 5, 10), "teacher", "school"));
    apply(&mut a, review(date(2010, 8, 5)));

    let mut b = record("B", "South", date(2010, 4, 26));
    apply(&mut b, concern(date(2010, 4, 26), "health"));
    // Need identified Monday 26 April; the 3 May bank holiday pushes the 15th
    // working day to Tuesday 18 May. Completed 19 May: late.
    apply(&mut b, start_caf(date(2010, 4, 26), date(2010, 4, 26)));
    apply(&mut b, set_level(date(2010, 5, 1), L3));
    apply(
        &mut b,
        discuss_caf(date(2010, 5, 19), CafOutcome::FamilySupportMeeting),
    );
    // Level 3 on 1 May: meeting due by 12 June; none by then, so counted late
    // on 13 June. The meeting held on 20 June does not count again.
    apply(&mut b, meeting(date(2010, 6, 20)));

    let mut c = record("C", "North", date(2010, 2, 1));
    apply(&mut c, set_level(date(2010, 2, 1), L3));
    apply(&mut c, start_caf(date(2010, 3, 1), date(2010, 3, 1)));
    // CAF and meeting in March: the previous quarter.
    apply(&mut c, meeting(date(2010, 3, 10)));
    apply(&mut c, discuss_caf(date(2010, 3, 10), CafOutcome::Flag));
    // 10 March + 3 months = 10 June: on time, on the last allowed day.
    apply(&mut c, review(date(2010, 6, 10)));
    apply(&mut c, set_level(date(2010, 6, 15), Level::Flagged));

    let mut d = record("D", "North", date(2010, 6, 10));
    // Level 3 on 10 June, meeting due by 22 July: not known until Q2.
    apply(&mut d, set_level(date(2010, 6, 10), L3));
    apply(&mut d, start_caf(date(2010, 6, 10), date(2010, 6, 10)));
    apply(&mut d, lead(date(2010, 6, 10), "teacher", "school"));
    // Completed 1 July: Q2.
    apply(&mut d, discuss_caf(date(2010, 7, 1), CafOutcome::Yisp));
    apply(&mut d, meeting(date(2010, 7, 15)));

    let mut e = record("E", "South", date(2010, 1, 1));
    apply(&mut e, set_level(date(2010, 1, 1), Level::Flagged));
    // Meeting 15 January, review due by 15 April, held 20 April: late.
    apply(&mut e, meeting(date(2010, 1, 15)));
    apply(&mut e, review(date(2010, 4, 20)));

    let mut f = record("F", "North", date(2010, 6, 1));
    apply(&mut f, concern(date(2010, 6, 1), "police"));
    // Level 4 carries its referral; closed before the quarter ends.
    apply(
        &mut f,
        set_level(date(2010, 6, 1), Level::RiskOfSeriousHarm),
    );
    apply(&mut f, close(date(2010, 6, 25)));

    let mut g = record("G", "North", date(2010, 6, 2));
    apply(&mut g, concern(date(2010, 6, 2), "school"));
    apply(&mut g, set_level(date(2010, 6, 2), Level::EarlyWarning));

    vec![a, b, c, d, e, f, g]
}

fn ids(measure: &Measure) -> Vec<(&str, bool)> {
    measure
        .counted
        .iter()
        .map(|item| (item.child.0.as_str(), item.in_numerator))
        .collect()
}

fn quarter_one(locality: Option<&str>) -> RegisterMeasures {
    let scope = Scope {
        period: Period::quarter(2010, 1),
        locality: locality.map(String::from),
    };
    register_measures(&fixture(), &WorkingCalendar::england_and_wales(), &scope)
}

#[test]
fn timeliness_measures_for_the_whole_area() {
    let measures = quarter_one(None);
    // CAFs completed in Q1: A (on time), B (late). C in March, D in July.
    let caf = &measures.caf_within_15_working_days;
    assert_eq!((caf.numerator, caf.denominator), (1, Some(2)));
    assert_eq!(ids(caf), [("A", true), ("B", false)]);
    assert_eq!(caf.percentage(), Some(50.0));
    // Level-3 results known in Q1: A on time (10 May), B late (13 June).
    let meeting = &measures.meeting_within_6_weeks_of_level_3;
    assert_eq!(ids(meeting), [("A", true), ("B", false)]);
    assert_eq!(meeting.counted[1].date, date(2010, 6, 13));
    // Reviews held in Q1: C on time, E late. A's review is in August.
    let reviews = &measures.reviews_within_3_months;
    assert_eq!(ids(reviews), [("C", true), ("E", false)]);
}

#[test]
fn children_by_level_and_lead_professionals_at_the_end_of_the_quarter() {
    let measures = quarter_one(None);
    // 30 June: G level 1; C (stepped down 15 June) and E level 2; A, B, D
    // level 3; F was at level 4 but is closed.
    let by_level: Vec<(u8, Vec<(&str, bool)>)> = measures
        .children_by_level
        .iter()
        .map(|(level, measure)| (level.number(), ids(measure)))
        .collect();
    assert_eq!(
        by_level,
        [
            (0, vec![]),
            (1, vec![("G", true)]),
            (2, vec![("C", true), ("E", true)]),
            (3, vec![("A", true), ("B", true), ("D", true)]),
            (4, vec![]),
        ]
    );
    assert_eq!(measures.children_by_level[3].1.denominator, None);
    // A and D have a Lead Professional on 30 June; B has none.
    let lead = &measures.level_3_with_lead_professional;
    assert_eq!((lead.numerator, lead.denominator), (2, Some(3)));
    assert_eq!(ids(lead), [("A", true), ("B", false), ("D", true)]);
}

#[test]
fn concerns_and_referrals_in_the_quarter() {
    let measures = quarter_one(None);
    // B 26 April, F 1 June, G 2 June (none of the others raised one in Q1).
    assert_eq!(
        ids(&measures.concerns_raised),
        [("B", true), ("F", true), ("G", true)]
    );
    assert_eq!(measures.concerns_raised.numerator, 3);
    assert_eq!(ids(&measures.safeguarding_referrals), [("F", true)]);
}

#[test]
fn one_locality_counts_only_its_children() {
    // North: A, C, D, F, G.
    let north = quarter_one(Some("North"));
    assert_eq!(ids(&north.caf_within_15_working_days), [("A", true)]);
    assert_eq!(ids(&north.meeting_within_6_weeks_of_level_3), [("A", true)]);
    assert_eq!(ids(&north.reviews_within_3_months), [("C", true)]);
    assert_eq!(
        north.level_3_with_lead_professional.percentage(),
        Some(100.0)
    );
    assert_eq!(north.concerns_raised.numerator, 2);
    assert_eq!(north.safeguarding_referrals.numerator, 1);
    let nowhere = quarter_one(Some("East"));
    assert_eq!(nowhere.caf_within_15_working_days.percentage(), None);
}

#[test]
fn the_next_quarter_picks_up_what_was_not_yet_known() {
    let scope = Scope {
        period: Period::quarter(2010, 2),
        locality: None,
    };
    let measures = register_measures(&fixture(), &WorkingCalendar::england_and_wales(), &scope);
    // D: CAF need 10 June, 15 working days to 1 July; completed 1 July: on time.
    assert_eq!(ids(&measures.caf_within_15_working_days), [("D", true)]);
    // D: level 3 on 10 June, meeting 15 July within 6 weeks.
    assert_eq!(
        ids(&measures.meeting_within_6_weeks_of_level_3),
        [("D", true)]
    );
    // A: meeting 10 May, review 5 August, within 3 months (10 August).
    assert_eq!(ids(&measures.reviews_within_3_months), [("A", true)]);
}

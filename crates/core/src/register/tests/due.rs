use crate::calendar::WorkingCalendar;
use crate::register::testkit::*;
use crate::register::*;

fn due_on(child: &ChildRecord, today: chrono::NaiveDate) -> Vec<DueAction> {
    due_actions(
        child,
        today,
        &WorkingCalendar::england_and_wales(),
        &RegisterSettings::default(),
    )
}

#[test]
fn a_level_3_child_needs_a_caf_a_meeting_and_a_lead_professional() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    apply(&mut child, concern(date(2010, 3, 1), "school"));
    apply(
        &mut child,
        set_level(date(2010, 3, 1), Level::FamilySupportPackage),
    );
    // Need identified Monday 29 March 2010. 15 working days skip the weekends
    // and Good Friday (2 April) and Easter Monday (5 April): Wednesday 21 April.
    apply(&mut child, start_caf(date(2010, 3, 29), date(2010, 3, 30)));
    let due = due_on(&child, date(2010, 4, 21));
    let expected = [
        (
            DueKind::AppointLeadProfessional {
                entered_level_3: date(2010, 3, 1),
            },
            date(2010, 3, 1),
            true,
        ),
        // Six weeks (42 days) after 1 March.
        (
            DueKind::HoldMeeting {
                entered_level_3: date(2010, 3, 1),
            },
            date(2010, 4, 12),
            true,
        ),
        (
            DueKind::CompleteCaf {
                need_identified: date(2010, 3, 29),
            },
            date(2010, 4, 21),
            false,
        ),
    ];
    let got: Vec<_> = due
        .iter()
        .map(|a| (a.kind.clone(), a.due, a.overdue))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        due[2].kind.describe(),
        "Complete the CAF: need identified 2010-03-29, allowed 15 working days"
    );
    assert!(due_on(&child, date(2010, 4, 22))[2].overdue);

    apply(
        &mut child,
        discuss_caf(date(2010, 4, 22), CafOutcome::FamilySupportMeeting),
    );
    apply(&mut child, meeting(date(2010, 4, 23)));
    apply(&mut child, lead(date(2010, 4, 23), "teacher", "school"));
    let due = due_on(&child, date(2010, 4, 23));
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        due[0].kind,
        DueKind::Review {
            last_meeting_or_review: date(2010, 4, 23)
        }
    );
    assert_eq!(due[0].due, date(2010, 7, 23));

    apply(&mut child, review(date(2010, 7, 20)));
    assert_eq!(due_on(&child, date(2010, 7, 20))[0].due, date(2010, 10, 20));
    apply(&mut child, close(date(2010, 8, 2)));
    assert!(
        due_on(&child, date(2010, 12, 1)).is_empty(),
        "a closed record has nothing due"
    );
}

#[test]
fn a_level_4_child_without_a_referral_since_shows_the_referral_overdue() {
    // Loaded from elsewhere: the level was recorded without its referral.
    let mut child = record("c1", "North", date(2010, 3, 1));
    apply(
        &mut child,
        Step::ReferToSafeguarding(referral(date(2010, 3, 1))),
    );
    let Step::SetLevel { change, .. } = set_level(date(2010, 3, 2), Level::RiskOfSeriousHarm)
    else {
        unreachable!()
    };
    child.levels.push(change);
    let due = due_on(&child, date(2010, 3, 3));
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0].kind,
        DueKind::ReferToSafeguarding {
            entered_level_4: date(2010, 3, 2)
        }
    );
    assert!(due[0].overdue);
    assert!(due[0].kind.describe().contains("at once"));
}

#[test]
fn concerns_from_several_agencies_within_the_window_prompt_a_level_review() {
    let settings = RegisterSettings {
        concern_window_days: 90,
        concern_sources: 3,
    };
    let mut child = record("c1", "North", date(2010, 1, 1));
    apply(&mut child, set_level(date(2010, 1, 1), Level::EarlyWarning));
    apply(&mut child, concern(date(2010, 1, 2), "school"));
    apply(&mut child, concern(date(2010, 2, 15), "health"));
    apply(&mut child, concern(date(2010, 2, 20), "health"));
    // 1 May: the school's concern of 2 January is outside 90 days.
    apply(&mut child, concern(date(2010, 5, 1), "police"));
    assert_eq!(level_review_prompt(&child, &settings), None);
    apply(&mut child, concern(date(2010, 5, 10), "youth"));
    let (agencies, on) = level_review_prompt(&child, &settings).unwrap();
    assert_eq!(on, date(2010, 5, 10));
    let names: Vec<&str> = agencies.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(names, ["health", "police", "youth"]);
    let calendar = WorkingCalendar::england_and_wales();
    let due = due_actions(&child, date(2010, 5, 10), &calendar, &settings);
    assert_eq!(
        due[0].kind.describe(),
        "Review the level: concerns from 3 agencies (health, police, youth)"
    );
    // Once the level has been looked at again, the earlier concerns are dealt with.
    apply(&mut child, set_level(date(2010, 5, 11), Level::Flagged));
    assert_eq!(level_review_prompt(&child, &settings), None);
}

#[test]
fn cases_open_over_a_year_or_reviewed_three_times_at_one_level_are_drifting() {
    let mut child = record("c1", "North", date(2010, 1, 4));
    apply(
        &mut child,
        set_level(date(2010, 1, 4), Level::FamilySupportPackage),
    );
    apply(&mut child, meeting(date(2010, 1, 20)));
    assert!(
        drift(&child, date(2011, 1, 4)).is_empty(),
        "exactly a year is not over a year"
    );
    assert_eq!(
        drift(&child, date(2011, 1, 5)),
        [DriftReason::OpenOverAYear {
            since: date(2010, 1, 4)
        }]
    );
    for month in [4, 7, 10] {
        apply(&mut child, review(date(2010, month, 15)));
        apply(
            &mut child,
            set_level(date(2010, month, 15), Level::FamilySupportPackage),
        );
    }
    let reasons = drift(&child, date(2010, 10, 15));
    assert_eq!(
        reasons,
        [DriftReason::ReviewsWithoutLevelChange {
            reviews: 3,
            level_since: date(2010, 1, 4)
        }]
    );
    let other = record("c2", "North", date(2010, 9, 1));
    let listed = drifting_cases([&child, &other], date(2010, 10, 15));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0, &ChildId::new("c1"));
}

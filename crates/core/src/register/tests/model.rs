use crate::register::testkit::*;
use crate::register::*;

#[test]
fn levels_number_from_0_to_4_with_the_response_each_requires() {
    for (number, level) in Level::ALL.into_iter().enumerate() {
        assert_eq!(usize::from(level.number()), number);
        assert_eq!(Level::from_number(level.number()), Some(level));
    }
    assert_eq!(Level::from_number(5), None);
    assert!(Level::Universal.required_response().starts_with("Signpost"));
    assert!(Level::EarlyWarning.required_response().starts_with("Log"));
    assert!(Level::Flagged.required_response().contains("track"));
    assert!(Level::FamilySupportPackage
        .required_response()
        .contains("Lead Professional"));
    assert!(Level::RiskOfSeriousHarm
        .required_response()
        .contains("safeguarding"));
}

#[test]
fn level_history_keeps_who_when_and_why_and_knows_when_the_level_changed() {
    let mut child = record("c1", "North", date(2010, 1, 4));
    apply(&mut child, set_level(date(2010, 1, 4), Level::Flagged));
    apply(
        &mut child,
        set_level(date(2010, 2, 1), Level::FamilySupportPackage),
    );
    apply(
        &mut child,
        set_level(date(2010, 5, 3), Level::FamilySupportPackage),
    );
    assert_eq!(child.levels.len(), 3);
    assert_eq!(child.levels[1].set_by, coordinator());
    assert_eq!(child.level_on(date(2010, 1, 31)), Some(Level::Flagged));
    assert_eq!(child.level_on(date(2010, 1, 3)), None);
    assert_eq!(
        child.level_unchanged_since(),
        Some(date(2010, 2, 1)),
        "setting the same level again is not a change"
    );
    assert_eq!(
        child.entered_level(Level::FamilySupportPackage),
        vec![date(2010, 2, 1)]
    );
}

#[test]
fn involved_agencies_come_from_concerns_assessments_meetings_and_recorded_involvement() {
    let mut child = record("c1", "North", date(2010, 1, 4));
    apply(&mut child, concern(date(2010, 1, 4), "health"));
    apply(&mut child, start_caf(date(2010, 1, 5), date(2010, 1, 5)));
    apply(&mut child, meeting(date(2010, 1, 6)));
    apply(
        &mut child,
        Step::RecordInvolvement(Involvement {
            date: date(2010, 1, 7),
            agency: AgencyId::new("youth"),
            practitioner: None,
            note: String::new(),
        }),
    );
    let agencies: Vec<&str> = child
        .involved_agencies()
        .into_iter()
        .map(|a| a.0.as_str())
        .collect();
    assert_eq!(agencies, ["askk", "health", "school", "youth"]);
}

#[test]
fn closing_ends_the_caf_and_the_lead_professional_and_reopening_starts_a_new_spell() {
    let mut child = record("c1", "North", date(2010, 1, 4));
    apply(&mut child, start_caf(date(2010, 1, 4), date(2010, 1, 4)));
    apply(&mut child, lead(date(2010, 1, 5), "teacher", "school"));
    apply(&mut child, close(date(2010, 6, 1)));
    assert!(!child.is_open());
    assert_eq!(child.open_caf(), None);
    assert_eq!(child.current_lead_professional(), None);
    assert!(child.lead_professional_on(date(2010, 5, 31)).is_some());
    assert!(child.is_open_on(date(2010, 5, 31)));
    assert!(!child.is_open_on(date(2010, 6, 1)));
    apply(
        &mut child,
        Step::Reopen(Reopening {
            date: date(2011, 2, 1),
            reopened_by: coordinator(),
            reason: "New concerns from school".into(),
        }),
    );
    assert!(child.is_open());
    assert_eq!(child.spell_start(), date(2011, 2, 1));
}

#[test]
fn a_record_survives_json_unchanged() {
    let mut child = record("c1", "North", date(2010, 1, 4));
    apply(&mut child, concern(date(2010, 1, 4), "health"));
    apply(
        &mut child,
        set_level(date(2010, 1, 5), Level::RiskOfSeriousHarm),
    );
    apply(&mut child, start_caf(date(2010, 1, 5), date(2010, 1, 6)));
    apply(&mut child, discuss_caf(date(2010, 1, 8), CafOutcome::Yisp));
    let json = serde_json::to_string(&child).unwrap();
    let back: ChildRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, child);
    let step = serde_json::to_value(meeting(date(2010, 1, 9))).unwrap();
    assert_eq!(step["step"], "hold_meeting");
    assert_eq!(step["kind"], "team_around_the_child");
}

#[test]
fn optional_fields_may_be_left_out_of_a_step() {
    let practitioner = r#"{"id":"t1","name":"Ms Brown","agency":"school"}"#;
    let close = format!(
        r#"{{"step":"close","date":"2011-08-01","outcome":"needs_met","closed_by":{practitioner}}}"#
    );
    let review = r#"{"step":"record_review","date":"2011-07-01","notes":"Attendance improving"}"#;
    let involvement = r#"{"step":"record_involvement","date":"2011-04-04","agency":"school"}"#;
    for json in [close.as_str(), review, involvement] {
        let step: Result<Step, _> = serde_json::from_str(json);
        assert!(step.is_ok(), "{json}: {step:?}");
    }
}

#[test]
fn a_steps_kind_is_the_tag_its_json_carries() {
    let on = date(2010, 1, 4);
    let steps = [
        concern(on, "school"),
        set_level(on, Level::Flagged),
        start_caf(on, on),
        discuss_caf(on, CafOutcome::FamilySupportMeeting),
        meeting(on),
        review(on),
        lead(on, "t1", "school"),
        close(on),
        Step::ReferToSafeguarding(referral(on)),
        Step::CloseCaf {
            date: on,
            reason: "Needs met".into(),
        },
    ];
    for step in steps {
        let json = serde_json::to_value(&step).expect("a step serialises");
        assert_eq!(json["step"], step.kind(), "{json}");
    }
}

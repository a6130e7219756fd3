use crate::register::testkit::*;
use crate::register::*;

fn refused(record: &mut ChildRecord, step: Step) -> StepError {
    let before = record.clone();
    let error = record.apply(step, date(2011, 12, 31)).unwrap_err();
    assert_eq!(
        *record, before,
        "a refused step leaves the record unchanged"
    );
    error
}

#[test]
fn only_one_caf_is_open_at_a_time() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    apply(&mut child, start_caf(date(2010, 3, 1), date(2010, 3, 2)));
    let error = refused(&mut child, start_caf(date(2010, 3, 3), date(2010, 3, 3)));
    assert_eq!(
        error,
        StepError::CafAlreadyOpen {
            need_identified: date(2010, 3, 1)
        }
    );
    assert!(error.to_string().contains("one CAF at a time"), "{error}");
    apply(
        &mut child,
        discuss_caf(date(2010, 3, 10), CafOutcome::NoFurtherAction),
    );
    assert_eq!(child.open_caf(), None, "no further action closes the CAF");
    apply(&mut child, start_caf(date(2010, 4, 1), date(2010, 4, 1)));
    assert_eq!(child.cafs.len(), 2);
}

#[test]
fn caf_steps_go_in_their_order_and_need_the_family_s_agreement() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    assert_eq!(
        refused(&mut child, discuss_caf(date(2010, 3, 2), CafOutcome::Flag)),
        StepError::NoOpenCaf
    );
    let Step::StartCaf(mut start) = start_caf(date(2010, 3, 1), date(2010, 3, 2)) else {
        unreachable!()
    };
    start.family_agreed = false;
    assert_eq!(
        refused(&mut child, Step::StartCaf(start.clone())),
        StepError::NoFamilyAgreement
    );
    start.family_agreed = true;
    start.need_identified = date(2010, 3, 5);
    assert!(matches!(
        refused(&mut child, Step::StartCaf(start)),
        StepError::NeedIdentifiedAfterPreparation { .. }
    ));
    apply(&mut child, start_caf(date(2010, 3, 1), date(2010, 3, 2)));
    let delivery = Step::StartCafDelivery(CafDelivery {
        date: date(2010, 3, 3),
        plan: "Plan".into(),
    });
    assert_eq!(
        refused(&mut child, delivery.clone()),
        StepError::CafNotDiscussed
    );
    apply(
        &mut child,
        discuss_caf(date(2010, 3, 3), CafOutcome::FamilySupportMeeting),
    );
    assert_eq!(
        refused(&mut child, discuss_caf(date(2010, 3, 3), CafOutcome::Flag)),
        StepError::CafAlreadyDiscussed
    );
    apply(&mut child, delivery.clone());
    assert_eq!(refused(&mut child, delivery), StepError::CafDeliveryStarted);
    assert_eq!(
        child.open_caf().and_then(Caf::completed),
        Some(date(2010, 3, 3))
    );
}

#[test]
fn steps_are_refused_out_of_date_order_or_in_the_future() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    apply(&mut child, concern(date(2010, 3, 10), "school"));
    let error = refused(&mut child, concern(date(2010, 3, 9), "health"));
    assert_eq!(
        error,
        StepError::OutOfOrder {
            date: date(2010, 3, 9),
            latest: date(2010, 3, 10)
        }
    );
    assert!(error.to_string().contains("date order"));
    let error = child
        .apply(concern(date(2010, 3, 12), "health"), date(2010, 3, 11))
        .unwrap_err();
    assert!(matches!(error, StepError::FutureDate { .. }), "{error}");
    apply(&mut child, concern(date(2010, 3, 10), "health"));
}

#[test]
fn a_review_is_not_dated_before_what_it_reviews() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    assert_eq!(
        refused(&mut child, review(date(2010, 3, 2))),
        StepError::NothingToReview
    );
    apply(&mut child, meeting(date(2010, 3, 20)));
    let error = refused(&mut child, review(date(2010, 3, 19)));
    assert_eq!(
        error,
        StepError::ReviewBeforeMeeting {
            review: date(2010, 3, 19),
            meeting: date(2010, 3, 20)
        }
    );
    // A CAF whose need was identified after the review date.
    apply(&mut child, start_caf(date(2010, 3, 25), date(2010, 3, 25)));
    assert!(matches!(
        refused(&mut child, review(date(2010, 3, 24))),
        StepError::ReviewBeforeCaf { .. }
    ));
    apply(&mut child, review(date(2010, 6, 1)));
}

#[test]
fn the_lead_professional_works_for_an_involved_agency() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    apply(&mut child, concern(date(2010, 3, 1), "school"));
    let error = refused(&mut child, lead(date(2010, 3, 2), "nurse", "health"));
    assert_eq!(
        error,
        StepError::LeadNotInvolved {
            name: "Practitioner nurse".into(),
            agency: AgencyId::new("health")
        }
    );
    assert!(error
        .to_string()
        .contains("record the agency's involvement first"));
    apply(&mut child, lead(date(2010, 3, 2), "teacher", "school"));
    apply(
        &mut child,
        Step::RecordInvolvement(Involvement {
            date: date(2010, 3, 3),
            agency: AgencyId::new("health"),
            practitioner: Some(practitioner("nurse", "health")),
            note: "School nurse sees her weekly".into(),
        }),
    );
    apply(&mut child, lead(date(2010, 3, 4), "nurse", "health"));
    assert_eq!(
        child.lead_professionals[0].until,
        Some(date(2010, 3, 4)),
        "the previous term ends"
    );
    assert_eq!(
        child.current_lead_professional().map(|p| p.id.0.as_str()),
        Some("nurse")
    );
    apply(
        &mut child,
        Step::EndLeadProfessional {
            date: date(2010, 3, 5),
            reason: "Moved post".into(),
        },
    );
    assert_eq!(
        refused(
            &mut child,
            Step::EndLeadProfessional {
                date: date(2010, 3, 6),
                reason: "Again".into()
            }
        ),
        StepError::NoLeadProfessional
    );
}

#[test]
fn level_4_is_set_with_a_safeguarding_referral_made_the_same_day() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    let Step::SetLevel { change, .. } = set_level(date(2010, 3, 2), Level::RiskOfSeriousHarm)
    else {
        unreachable!()
    };
    let without = Step::SetLevel {
        change: change.clone(),
        referral: None,
    };
    let error = refused(&mut child, without.clone());
    assert_eq!(error, StepError::Level4WithoutReferral);
    assert!(error.to_string().contains("safeguarding service"));
    let late = Step::SetLevel {
        change: change.clone(),
        referral: Some(referral(date(2010, 3, 1))),
    };
    assert!(matches!(
        refused(&mut child, late),
        StepError::ReferralNotSameDay { .. }
    ));
    // A referral already recorded that day is enough.
    apply(
        &mut child,
        Step::ReferToSafeguarding(referral(date(2010, 3, 2))),
    );
    apply(&mut child, without);
    apply(
        &mut child,
        set_level(date(2010, 3, 3), Level::RiskOfSeriousHarm),
    );
    assert_eq!(
        child.referrals.len(),
        2,
        "the referral carried by the step is recorded"
    );
}

#[test]
fn nothing_is_recorded_after_closure_except_reopening() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    assert_eq!(
        refused(
            &mut child,
            Step::Reopen(Reopening {
                date: date(2010, 3, 2),
                reopened_by: coordinator(),
                reason: "x".into()
            })
        ),
        StepError::RecordNotClosed
    );
    apply(&mut child, close(date(2010, 4, 1)));
    let error = refused(&mut child, concern(date(2010, 4, 2), "school"));
    assert_eq!(
        error,
        StepError::RecordClosed {
            closed: date(2010, 4, 1)
        }
    );
    assert!(error.to_string().contains("reopen it"));
    apply(
        &mut child,
        Step::Reopen(Reopening {
            date: date(2010, 5, 1),
            reopened_by: coordinator(),
            reason: "New concern".into(),
        }),
    );
    apply(&mut child, concern(date(2010, 5, 1), "school"));
}

#[test]
fn blank_reasons_and_meetings_without_attendees_are_refused() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    let level_because = |reason: String| {
        let Step::SetLevel { mut change, .. } = set_level(date(2010, 3, 2), Level::Flagged) else {
            unreachable!()
        };
        change.reason = reason;
        Step::SetLevel {
            change,
            referral: None,
        }
    };
    let error = refused(&mut child, level_because("  ".into()));
    assert_eq!(
        error,
        StepError::Blank {
            what: "the reason for the level"
        }
    );
    assert_eq!(error.to_string(), "the reason for the level is blank; write it in a few words so that others reading the record understand");
    let error = refused(&mut child, level_because("r".repeat(10_001)));
    assert_eq!(
        error.to_string(),
        "the reason for the level is 10,001 characters long; keep it to 10,000 or fewer"
    );
    let Step::HoldMeeting(mut empty) = meeting(date(2010, 3, 2)) else {
        unreachable!()
    };
    empty.attendees.clear();
    assert_eq!(
        refused(&mut child, Step::HoldMeeting(empty)),
        StepError::NoAttendees
    );
    assert_eq!(
        refused(
            &mut child,
            Step::CloseCaf {
                date: date(2010, 3, 2),
                reason: "Done".into()
            }
        ),
        StepError::NoOpenCaf
    );
}

#[test]
fn parents_and_carers_are_recorded_with_a_name_and_relationship() {
    let mut child = record("c1", "North", date(2010, 3, 1));
    let carer = |name: &str, relationship: &str| Carer {
        date: date(2010, 3, 2),
        name: name.into(),
        relationship: relationship.into(),
        parental_responsibility: true,
        contact: None,
    };
    assert_eq!(
        refused(&mut child, Step::RecordCarer(carer(" ", "mother"))),
        StepError::Blank {
            what: "the carer's name"
        }
    );
    assert_eq!(
        refused(&mut child, Step::RecordCarer(carer("Ann Smith", ""))),
        StepError::Blank {
            what: "the carer's relationship to the child"
        }
    );
    let long_name = "A".repeat(201);
    let error = refused(&mut child, Step::RecordCarer(carer(&long_name, "mother")));
    assert_eq!(
        error.to_string(),
        "the carer's name is 201 characters long; keep it to 200 or fewer"
    );
    child
        .apply(
            Step::RecordCarer(carer("Ann Smith", "mother")),
            date(2011, 12, 31),
        )
        .expect("recorded");
    assert_eq!(child.carers, vec![carer("Ann Smith", "mother")]);
}

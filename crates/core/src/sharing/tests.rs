use chrono::NaiveDate;

use super::*;
use crate::register::testkit::*;
use crate::register::{AgencyId, ChildRecord, PractitionerId, Step, StepError};

fn consent(on: NaiveDate, status: ConsentStatus) -> Step {
    Step::RecordConsent(Consent {
        status,
        scope: "School and health may share attendance and health needs".into(),
        date: on,
        given_by: "Mother".into(),
        recorded_by: coordinator(),
    })
}

fn decision(on: NaiveDate, agency: &str, choice: ShareChoice, basis: LegalBasis) -> ShareDecision {
    ShareDecision {
        choice,
        recipient: AgencyId::new(agency),
        purpose: "Co-ordinate support".into(),
        basis,
        reason: "The youth service runs the after-school group".into(),
        decided_by: coordinator(),
        date: on,
    }
}

fn share(on: NaiveDate, agency: &str, basis: LegalBasis) -> Step {
    Step::RecordShareDecision(decision(on, agency, ShareChoice::Share, basis))
}

fn practitioner_viewer(id: &str, agency: &str) -> Viewer {
    Viewer {
        organisation: "Kingston".into(),
        capacity: Capacity::Practitioner {
            practitioner: PractitionerId::new(id),
            agency: AgencyId::new(agency),
        },
    }
}

fn known_child() -> ChildRecord {
    let mut child = record("c1", "North", date(2010, 3, 1));
    apply(&mut child, concern(date(2010, 3, 1), "school"));
    apply(&mut child, start_caf(date(2010, 3, 2), date(2010, 3, 2)));
    child
}

#[test]
fn consent_based_sharing_needs_consent_in_force() {
    let mut child = known_child();
    let error = child
        .apply(
            share(date(2010, 3, 3), "youth", LegalBasis::Consent),
            date(2010, 3, 3),
        )
        .unwrap_err();
    assert!(matches!(
        error,
        StepError::Sharing(SharingError::NoConsent { .. })
    ));
    assert!(
        error.to_string().contains("none has been recorded"),
        "{error}"
    );
    apply(&mut child, consent(date(2010, 3, 3), ConsentStatus::Given));
    apply(
        &mut child,
        share(date(2010, 3, 3), "youth", LegalBasis::Consent),
    );
    assert!(child
        .sharing
        .share_in_force(&AgencyId::new("youth"), date(2010, 3, 4))
        .is_some());
    assert_eq!(child.sharing.flagged_for_review().count(), 0);

    // Withdrawal ends consent-based sharing from its date, not before.
    apply(
        &mut child,
        consent(date(2010, 4, 1), ConsentStatus::Withdrawn),
    );
    let youth = AgencyId::new("youth");
    assert!(child
        .sharing
        .share_in_force(&youth, date(2010, 3, 31))
        .is_some());
    assert!(child
        .sharing
        .share_in_force(&youth, date(2010, 4, 1))
        .is_none());
    let error = child
        .apply(
            share(date(2010, 4, 2), "health", LegalBasis::Consent),
            date(2010, 4, 2),
        )
        .unwrap_err();
    assert!(
        error.to_string().contains("withdrawn on 2010-04-01"),
        "{error}"
    );
}

#[test]
fn sharing_without_consent_needs_another_basis_and_a_reason_and_is_flagged() {
    let mut child = known_child();
    apply(
        &mut child,
        consent(date(2010, 3, 3), ConsentStatus::Refused),
    );
    let mut without_reason = decision(
        date(2010, 3, 4),
        "police",
        ShareChoice::Share,
        LegalBasis::RiskOfSignificantHarm,
    );
    without_reason.reason = String::new();
    let error = child
        .apply(Step::RecordShareDecision(without_reason), date(2010, 3, 4))
        .unwrap_err();
    assert_eq!(
        error,
        StepError::Sharing(SharingError::Blank {
            what: "the reason for the decision"
        })
    );
    apply(
        &mut child,
        share(
            date(2010, 3, 4),
            "police",
            LegalBasis::RiskOfSignificantHarm,
        ),
    );
    let flagged: Vec<_> = child.sharing.flagged_for_review().collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].recipient, AgencyId::new("police"));
    // Withdrawn consent does not end sharing on a basis other than consent.
    assert!(child
        .sharing
        .share_in_force(&AgencyId::new("police"), date(2011, 1, 1))
        .is_some());
}

#[test]
fn a_decision_not_to_share_is_recorded_and_ends_an_earlier_share() {
    let mut child = known_child();
    apply(
        &mut child,
        share(date(2010, 3, 3), "youth", LegalBasis::PublicInterest),
    );
    let not_share = decision(
        date(2010, 3, 5),
        "youth",
        ShareChoice::NotShare,
        LegalBasis::Consent,
    );
    apply(&mut child, Step::RecordShareDecision(not_share));
    assert_eq!(child.sharing.decisions.len(), 2);
    assert!(!child.sharing.decisions[1].flagged_for_review);
    assert!(child
        .sharing
        .share_in_force(&AgencyId::new("youth"), date(2010, 3, 4))
        .is_some());
    assert!(child
        .sharing
        .share_in_force(&AgencyId::new("youth"), date(2010, 3, 5))
        .is_none());
    let error = child.apply(
        consent(date(2010, 3, 6), ConsentStatus::Given).blank_scope(),
        date(2010, 3, 6),
    );
    assert_eq!(
        error,
        Err(StepError::Sharing(SharingError::Blank {
            what: "the scope of the consent"
        }))
    );
}

trait BlankScope {
    fn blank_scope(self) -> Step;
}

impl BlankScope for Step {
    fn blank_scope(self) -> Step {
        match self {
            Step::RecordConsent(mut consent) => {
                consent.scope = " ".into();
                Step::RecordConsent(consent)
            }
            other => other,
        }
    }
}

#[test]
fn coordinators_see_everything_and_other_organisations_nothing() {
    let child = known_child();
    let today = date(2010, 3, 10);
    let coordinator = Viewer {
        organisation: "Kingston".into(),
        capacity: Capacity::Coordinator,
    };
    assert_eq!(access(&coordinator, &child, today), Access::Full);
    let elsewhere = Viewer {
        organisation: "Richmond".into(),
        capacity: Capacity::Coordinator,
    };
    assert_eq!(access(&elsewhere, &child, today), Access::None);
    let board = Viewer {
        organisation: "Kingston".into(),
        capacity: Capacity::AggregateOnly,
    };
    assert_eq!(access(&board, &child, today), Access::None);
}

#[test]
fn practitioners_see_their_children_and_a_signpost_for_others() {
    let mut child = known_child();
    let today = date(2010, 3, 10);
    // The school raised the concern, so any school practitioner is involved.
    assert_eq!(
        access(&practitioner_viewer("head", "school"), &child, today),
        Access::Full
    );
    let nurse = practitioner_viewer("nurse", "health");
    assert_eq!(
        access(&nurse, &child, today),
        Access::Signpost(Signpost {
            contact: Contact::Coordinators,
            open_caf: true
        })
    );
    apply(&mut child, lead(date(2010, 3, 3), "teacher", "school"));
    let Access::Signpost(signpost) = access(&nurse, &child, today) else {
        panic!("signpost expected")
    };
    assert_eq!(
        signpost.contact,
        Contact::LeadProfessional(practitioner("teacher", "school"))
    );
    // A decision to share with health opens the record to its practitioners.
    apply(
        &mut child,
        share(date(2010, 3, 4), "health", LegalBasis::StatutoryDuty),
    );
    assert_eq!(access(&nurse, &child, today), Access::Full);
    assert!(matches!(
        access(&nurse, &child, date(2010, 3, 3)),
        Access::Signpost(_)
    ));
}

#[test]
fn an_account_becomes_a_viewer_from_its_role_organisation_and_practitioner() {
    use crate::access::Role;
    let linked = LinkedPractitioner {
        practitioner: PractitionerId::new("p1"),
        agency: AgencyId::new("school"),
    };
    assert_eq!(
        Viewer::for_account(Role::Practitioner, "Kingston", Some(&linked)),
        practitioner_viewer("p1", "school")
    );
    assert_eq!(
        Viewer::for_account(Role::RegisterCoordinator, "Kingston", None).capacity,
        Capacity::Coordinator
    );
    // A practitioner account with no practitioner on the register sees no child.
    assert_eq!(
        Viewer::for_account(Role::Practitioner, "Kingston", None).capacity,
        Capacity::AggregateOnly
    );
    for role in [
        Role::Admin,
        Role::PerformanceOfficer,
        Role::LeadOfficer,
        Role::BoardMember,
    ] {
        let viewer = Viewer::for_account(role, "Kingston", Some(&linked));
        assert_eq!(viewer.capacity, Capacity::AggregateOnly, "{role:?}");
        assert_eq!(
            access(&viewer, &known_child(), date(2010, 4, 1)),
            Access::None
        );
    }
}

#[test]
fn a_standing_read_on_the_latest_entry_decides_as_the_record_on_every_later_day() {
    let mut child = known_child();
    apply(&mut child, lead(date(2010, 3, 3), "teacher", "school"));
    apply(&mut child, consent(date(2010, 3, 4), ConsentStatus::Given));
    apply(
        &mut child,
        share(date(2010, 3, 4), "health", LegalBasis::Consent),
    );
    let kept = crate::register::ChildCard::settled(&child).standing;
    let viewers = [
        practitioner_viewer("nurse", "health"),
        practitioner_viewer("worker", "youth"),
        practitioner_viewer("head", "school"),
        practitioner_viewer("teacher", "police"),
    ];
    for day in [date(2010, 3, 4), date(2010, 3, 10), date(2012, 1, 1)] {
        assert!(kept.holds_on(day), "{day}");
        for viewer in &viewers {
            assert_eq!(
                access_by_standing(viewer, "Kingston", &kept),
                access(viewer, &child, day),
                "{viewer:?} on {day}"
            );
        }
    }
    // Before the share, the nurse had a signpost: the kept standing does
    // not answer for that day, and one read for it says so.
    assert!(!kept.holds_on(date(2010, 3, 3)));
    let earlier = Standing::of(&child, date(2010, 3, 3));
    assert!(earlier.holds_on(date(2010, 3, 3)));
    assert!(!earlier.holds_on(date(2010, 3, 5)));
    assert!(matches!(
        access_by_standing(&viewers[0], "Kingston", &earlier),
        Access::Signpost(_)
    ));
    // Withdrawn consent ends the share from its day, once recorded.
    apply(
        &mut child,
        consent(date(2010, 3, 6), ConsentStatus::Withdrawn),
    );
    let kept = crate::register::ChildCard::settled(&child).standing;
    assert!(matches!(
        access_by_standing(&viewers[0], "Kingston", &kept),
        Access::Signpost(_)
    ));
    assert_eq!(
        access_by_standing(&viewers[0], "Richmond", &kept),
        Access::None
    );
}

//! The rules every step must pass before it is recorded.
//!
//! - Nothing is dated after today, and steps go in date order: a step may not
//!   be dated before the latest entry already on the record.
//! - Once a record is closed, the only step allowed is reopening it.
//! - One open CAF per child: starting a CAF (its preparation step) is refused
//!   while another is open, and without the family's agreement.
//! - A review needs a CAF or meeting to review and is not dated before it.
//! - The Lead Professional works for an agency already involved with the child.
//! - Level 4 is set together with the safeguarding referral: the step carries
//!   it, or one is already recorded on the same day.
//! - Reasons, descriptions and plans are never blank.
//! - Consent and sharing decisions follow [`crate::sharing`]'s rules.

use chrono::NaiveDate;

use crate::limits::{thousands, MAX_NAME_CHARS, MAX_NOTE_CHARS};
use crate::sharing::{SharingError, SharingLog};

use super::level::Level;
use super::people::{AgencyId, Practitioner};
use super::record::ChildRecord;
use super::step::Step;

/// Why a step was refused, in words a coordinator can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("the step is dated {date}, after today ({today}); record things on or after the day they happen")]
    FutureDate { date: NaiveDate, today: NaiveDate },
    #[error("the step is dated {date}, before the latest entry on the record ({latest}); steps are recorded in date order, so check the date")]
    OutOfOrder { date: NaiveDate, latest: NaiveDate },
    #[error("the record was closed on {closed}; reopen it before recording anything else")]
    RecordClosed { closed: NaiveDate },
    #[error("the record is open; only a closed record can be reopened")]
    RecordNotClosed,
    #[error(
        "{what} is blank; write it in a few words so that others reading the record understand"
    )]
    Blank { what: &'static str },
    #[error("{what} is {chars} characters long; keep it to {most} or fewer")]
    TooLong {
        what: &'static str,
        chars: String,
        most: String,
    },
    #[error("a CAF is already open (need identified {need_identified}); a child has one CAF at a time, so continue that one or close it first")]
    CafAlreadyOpen { need_identified: NaiveDate },
    #[error("a CAF needs the family's agreement; start it once they have agreed")]
    NoFamilyAgreement,
    #[error("the need is recorded as identified on {need_identified}, after the preparation on {prepared}; the need comes first, so check the dates")]
    NeedIdentifiedAfterPreparation {
        need_identified: NaiveDate,
        prepared: NaiveDate,
    },
    #[error("there is no open CAF; start one with its preparation step first")]
    NoOpenCaf,
    #[error("the open CAF has already had its discussion; record delivery or a review instead")]
    CafAlreadyDiscussed,
    #[error("the open CAF has not had its discussion yet; record the discussion and its outcome before delivery")]
    CafNotDiscussed,
    #[error(
        "delivery of the open CAF has already started; record a review or close the CAF instead"
    )]
    CafDeliveryStarted,
    #[error("{name} cannot be Lead Professional: their agency ({agency}) is not involved with the child; record the agency's involvement first, or choose a practitioner from an involved agency")]
    LeadNotInvolved { name: String, agency: AgencyId },
    #[error("the child has no Lead Professional to end")]
    NoLeadProfessional,
    #[error("a meeting needs at least one attendee; list who came")]
    NoAttendees,
    #[error("there is nothing to review yet: hold a meeting or start a CAF first")]
    NothingToReview,
    #[error("the review is dated {review}, before the CAF it reviews (need identified {need_identified}); check the date")]
    ReviewBeforeCaf {
        review: NaiveDate,
        need_identified: NaiveDate,
    },
    #[error(
        "the review is dated {review}, before the meeting it reviews ({meeting}); check the date"
    )]
    ReviewBeforeMeeting {
        review: NaiveDate,
        meeting: NaiveDate,
    },
    #[error("level 4 (risk of serious harm) means an immediate referral to the safeguarding service; record the referral with the level")]
    Level4WithoutReferral,
    #[error(transparent)]
    Sharing(#[from] SharingError),
    #[error("the safeguarding referral is dated {referral}, but level 4 is set on {level}; record the referral made on the day the level is set")]
    ReferralNotSameDay {
        referral: NaiveDate,
        level: NaiveDate,
    },
}

/// Checks a proposed step against the record as it stands; `today` bounds
/// the dates. Nothing is changed: [`ChildRecord::apply`] records the step.
pub fn check_step(record: &ChildRecord, step: &Step, today: NaiveDate) -> Result<(), StepError> {
    let date = step.date();
    if date > today {
        return Err(StepError::FutureDate { date, today });
    }
    match (record.closure_on(NaiveDate::MAX), step) {
        (Some(closure), step) if !matches!(step, Step::Reopen(_)) => {
            return Err(StepError::RecordClosed {
                closed: closure.date,
            })
        }
        (None, Step::Reopen(_)) => return Err(StepError::RecordNotClosed),
        _ => {}
    }
    check_content(record, step)?;
    let latest = record.latest_date();
    if date < latest {
        return Err(StepError::OutOfOrder { date, latest });
    }
    Ok(())
}

fn check_content(record: &ChildRecord, step: &Step) -> Result<(), StepError> {
    match step {
        Step::RecordConcern(concern) => {
            name(&concern.raised_by, "who raised the concern")?;
            not_blank(&concern.description, "the concern's description")
        }
        Step::RecordInvolvement(involvement) => {
            not_too_long(&involvement.note, "the involvement's note", MAX_NOTE_CHARS)
        }
        Step::SetLevel { change, referral } => {
            not_blank(&change.reason, "the reason for the level")?;
            if change.level != Level::RiskOfSeriousHarm {
                return Ok(());
            }
            match referral {
                Some(referral) if referral.date != change.date => {
                    Err(StepError::ReferralNotSameDay {
                        referral: referral.date,
                        level: change.date,
                    })
                }
                Some(referral) => not_blank(&referral.reason, "the reason for the referral"),
                None if record.referrals.iter().any(|r| r.date == change.date) => Ok(()),
                None => Err(StepError::Level4WithoutReferral),
            }
        }
        Step::StartCaf(start) => {
            if let Some(open) = record.open_caf() {
                return Err(StepError::CafAlreadyOpen {
                    need_identified: open.need_identified(),
                });
            }
            if start.need_identified > start.date {
                return Err(StepError::NeedIdentifiedAfterPreparation {
                    need_identified: start.need_identified,
                    prepared: start.date,
                });
            }
            if !start.family_agreed {
                return Err(StepError::NoFamilyAgreement);
            }
            Ok(())
        }
        Step::DiscussCaf(_) => match record.open_caf().ok_or(StepError::NoOpenCaf)? {
            caf if caf.discussion.is_some() => Err(StepError::CafAlreadyDiscussed),
            _ => Ok(()),
        },
        Step::StartCafDelivery(delivery) => {
            let caf = record.open_caf().ok_or(StepError::NoOpenCaf)?;
            if caf.discussion.is_none() {
                return Err(StepError::CafNotDiscussed);
            }
            if caf.delivery.is_some() {
                return Err(StepError::CafDeliveryStarted);
            }
            not_blank(&delivery.plan, "the support plan")
        }
        Step::CloseCaf { reason, .. } => {
            record.open_caf().ok_or(StepError::NoOpenCaf)?;
            not_blank(reason, "the reason for closing the CAF")
        }
        Step::AssignLeadProfessional { practitioner, .. } => check_lead(record, practitioner),
        Step::EndLeadProfessional { reason, .. } => {
            record
                .current_lead_professional()
                .ok_or(StepError::NoLeadProfessional)?;
            not_blank(reason, "the reason for ending the Lead Professional's role")
        }
        Step::HoldMeeting(meeting) => {
            if meeting.attendees.is_empty() {
                return Err(StepError::NoAttendees);
            }
            not_blank(&meeting.plan, "the plan agreed at the meeting")
        }
        Step::RecordReview(review) => {
            check_review_date(record, review.date)?;
            not_blank(&review.notes, "the review notes")
        }
        Step::ReferToSafeguarding(referral) => {
            not_blank(&referral.reason, "the reason for the referral")
        }
        Step::Close(closure) => not_blank(&closure.note, "the closing note"),
        Step::Reopen(reopening) => not_blank(&reopening.reason, "the reason for reopening"),
        Step::RecordConsent(consent) => Ok(SharingLog::check_consent(consent)?),
        Step::RecordCarer(carer) => {
            name(&carer.name, "the carer's name")?;
            name(&carer.relationship, "the carer's relationship to the child")
        }
        Step::RecordShareDecision(decision) => {
            record.sharing.check_decision(decision)?;
            Ok(())
        }
    }
}

fn check_lead(record: &ChildRecord, practitioner: &Practitioner) -> Result<(), StepError> {
    if record.involved_agencies().contains(&practitioner.agency) {
        Ok(())
    } else {
        Err(StepError::LeadNotInvolved {
            name: practitioner.name.clone(),
            agency: practitioner.agency.clone(),
        })
    }
}

fn check_review_date(record: &ChildRecord, review: NaiveDate) -> Result<(), StepError> {
    let spell_start = record.spell_start();
    let caf = record
        .cafs
        .last()
        .filter(|caf| caf.preparation.date >= spell_start);
    let meeting = record.meetings.last().filter(|m| m.date >= spell_start);
    if caf.is_none() && meeting.is_none() {
        return Err(StepError::NothingToReview);
    }
    if let Some(caf) = caf.filter(|caf| review < caf.need_identified()) {
        return Err(StepError::ReviewBeforeCaf {
            review,
            need_identified: caf.need_identified(),
        });
    }
    if let Some(meeting) = meeting.filter(|meeting| review < meeting.date) {
        return Err(StepError::ReviewBeforeMeeting {
            review,
            meeting: meeting.date,
        });
    }
    Ok(())
}

/// Free text of a step: written, and no longer than a note may be.
fn not_blank(text: &str, what: &'static str) -> Result<(), StepError> {
    written(text, what, MAX_NOTE_CHARS)
}

/// A name in a step (who raised a concern, a carer): written, and no longer than a name.
fn name(text: &str, what: &'static str) -> Result<(), StepError> {
    written(text, what, MAX_NAME_CHARS)
}

fn written(text: &str, what: &'static str, most: usize) -> Result<(), StepError> {
    if text.trim().is_empty() {
        return Err(StepError::Blank { what });
    }
    not_too_long(text, what, most)
}

fn not_too_long(text: &str, what: &'static str, most: usize) -> Result<(), StepError> {
    let chars = text.chars().count();
    if chars > most {
        Err(StepError::TooLong {
            what,
            chars: thousands(chars as u64),
            most: thousands(most as u64),
        })
    } else {
        Ok(())
    }
}

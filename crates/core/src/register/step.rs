//! Proposed changes to a child's record, and recording them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::sharing::{Consent, RecordedDecision, ShareDecision};

use super::caf::{Caf, CafDelivery, CafDiscussion, CafOutcome, CafStart};
use super::level::LevelChange;
use super::people::{Carer, Practitioner};
use super::record::{
    ChildRecord, Closure, Concern, Involvement, LeadProfessional, Meeting, Reopening, Review,
    SafeguardingReferral, StatusChange,
};
use super::rules::{check_step, StepError};

/// One thing that happened to a child, proposed for the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum Step {
    RecordConcern(Concern),
    RecordInvolvement(Involvement),
    /// Setting level 4 must carry the safeguarding referral made that day,
    /// unless one is already recorded on that day.
    SetLevel {
        change: LevelChange,
        #[serde(default)]
        referral: Option<SafeguardingReferral>,
    },
    StartCaf(CafStart),
    DiscussCaf(CafDiscussion),
    StartCafDelivery(CafDelivery),
    CloseCaf {
        date: NaiveDate,
        reason: String,
    },
    /// Appoints a Lead Professional, ending the previous one's term.
    AssignLeadProfessional {
        practitioner: Practitioner,
        date: NaiveDate,
    },
    EndLeadProfessional {
        date: NaiveDate,
        reason: String,
    },
    HoldMeeting(Meeting),
    RecordReview(Review),
    ReferToSafeguarding(SafeguardingReferral),
    /// Closes the record, any open CAF and the Lead Professional's term.
    Close(Closure),
    Reopen(Reopening),
    RecordConsent(Consent),
    /// A parent or carer of the child.
    RecordCarer(Carer),
    /// Sharing without current consent is recorded flagged for review.
    RecordShareDecision(ShareDecision),
}

impl Step {
    /// The step's kind as written in files and stored beside it: its serde tag.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::RecordConcern(_) => "record_concern",
            Step::RecordInvolvement(_) => "record_involvement",
            Step::SetLevel { .. } => "set_level",
            Step::StartCaf(_) => "start_caf",
            Step::DiscussCaf(_) => "discuss_caf",
            Step::StartCafDelivery(_) => "start_caf_delivery",
            Step::CloseCaf { .. } => "close_caf",
            Step::AssignLeadProfessional { .. } => "assign_lead_professional",
            Step::EndLeadProfessional { .. } => "end_lead_professional",
            Step::HoldMeeting(_) => "hold_meeting",
            Step::RecordReview(_) => "record_review",
            Step::ReferToSafeguarding(_) => "refer_to_safeguarding",
            Step::Close(_) => "close",
            Step::Reopen(_) => "reopen",
            Step::RecordConsent(_) => "record_consent",
            Step::RecordCarer(_) => "record_carer",
            Step::RecordShareDecision(_) => "record_share_decision",
        }
    }

    pub fn date(&self) -> NaiveDate {
        match self {
            Step::RecordConcern(concern) => concern.date,
            Step::RecordInvolvement(involvement) => involvement.date,
            Step::SetLevel { change, .. } => change.date,
            Step::StartCaf(start) => start.date,
            Step::DiscussCaf(discussion) => discussion.date,
            Step::StartCafDelivery(delivery) => delivery.date,
            Step::CloseCaf { date, .. }
            | Step::AssignLeadProfessional { date, .. }
            | Step::EndLeadProfessional { date, .. } => *date,
            Step::HoldMeeting(meeting) => meeting.date,
            Step::RecordReview(review) => review.date,
            Step::ReferToSafeguarding(referral) => referral.date,
            Step::Close(closure) => closure.date,
            Step::Reopen(reopening) => reopening.date,
            Step::RecordConsent(consent) => consent.date,
            Step::RecordCarer(carer) => carer.date,
            Step::RecordShareDecision(decision) => decision.date,
        }
    }
}

impl ChildRecord {
    /// Checks `step` against the rules (see [`check_step`]) and, if it passes,
    /// records it. On error the record is unchanged.
    pub fn apply(&mut self, step: Step, today: NaiveDate) -> Result<(), StepError> {
        check_step(self, &step, today)?;
        match step {
            Step::RecordConcern(concern) => self.concerns.push(concern),
            Step::RecordInvolvement(involvement) => self.involvements.push(involvement),
            Step::SetLevel { change, referral } => {
                self.referrals.extend(referral);
                self.levels.push(change);
            }
            Step::StartCaf(preparation) => self.cafs.push(Caf {
                preparation,
                discussion: None,
                delivery: None,
                closed: None,
            }),
            Step::DiscussCaf(discussion) => {
                let date = discussion.date;
                let no_further_action = discussion.outcome == CafOutcome::NoFurtherAction;
                if let Some(caf) = self.open_caf_mut() {
                    caf.discussion = Some(discussion);
                    if no_further_action {
                        caf.closed = Some(date);
                    }
                }
            }
            Step::StartCafDelivery(delivery) => {
                if let Some(caf) = self.open_caf_mut() {
                    caf.delivery = Some(delivery);
                }
            }
            Step::CloseCaf { date, .. } => self.close_caf(date),
            Step::AssignLeadProfessional { practitioner, date } => {
                self.end_lead_professional(date);
                self.lead_professionals.push(LeadProfessional {
                    practitioner,
                    from: date,
                    until: None,
                });
            }
            Step::EndLeadProfessional { date, .. } => self.end_lead_professional(date),
            Step::HoldMeeting(meeting) => self.meetings.push(meeting),
            Step::RecordReview(review) => self.reviews.push(review),
            Step::ReferToSafeguarding(referral) => self.referrals.push(referral),
            Step::Close(closure) => {
                self.close_caf(closure.date);
                self.end_lead_professional(closure.date);
                self.status_changes.push(StatusChange::Closed(closure));
            }
            Step::Reopen(reopening) => self.status_changes.push(StatusChange::Reopened(reopening)),
            Step::RecordConsent(consent) => self.sharing.consents.push(consent),
            Step::RecordCarer(carer) => self.carers.push(carer),
            Step::RecordShareDecision(decision) => {
                let flagged_for_review = self.sharing.check_decision(&decision)?;
                self.sharing.decisions.push(RecordedDecision {
                    decision,
                    flagged_for_review,
                });
            }
        }
        Ok(())
    }

    fn open_caf_mut(&mut self) -> Option<&mut Caf> {
        self.cafs.iter_mut().rfind(|caf| caf.is_open())
    }

    fn close_caf(&mut self, date: NaiveDate) {
        if let Some(caf) = self.open_caf_mut() {
            caf.closed = Some(date);
        }
    }

    fn end_lead_professional(&mut self, date: NaiveDate) {
        if let Some(lead) = self.lead_professionals.last_mut() {
            lead.until.get_or_insert(date);
        }
    }
}

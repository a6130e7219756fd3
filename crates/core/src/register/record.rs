//! One child's whole history on the register.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::sharing::SharingLog;

use super::caf::Caf;
use super::level::{Level, LevelChange};
use super::people::{AgencyId, Carer, Child, Practitioner};

/// A worry about a child, from one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Concern {
    pub date: NaiveDate,
    /// The person who raised it, as they gave their name.
    pub raised_by: String,
    /// The agency it came from; distinct agencies count as distinct sources.
    pub agency: AgencyId,
    pub description: String,
    #[serde(default)]
    pub suggested_level: Option<Level>,
}

/// An agency working with the child, recorded directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Involvement {
    pub date: NaiveDate,
    pub agency: AgencyId,
    #[serde(default)]
    pub practitioner: Option<Practitioner>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LeadProfessional {
    pub practitioner: Practitioner,
    pub from: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    TeamAroundTheChild,
    FamilySupport,
    Yisp,
}

/// A multi-agency meeting. All three kinds are the meeting a level-3 child
/// must have: councils have called it by each of these names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Meeting {
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub attendees: Vec<Practitioner>,
    pub plan: String,
}

/// A review of the plan agreed at the last meeting or review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Review {
    pub date: NaiveDate,
    #[serde(default)]
    pub attendees: Vec<Practitioner>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SafeguardingReferral {
    pub date: NaiveDate,
    pub referred_by: Practitioner,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClosureOutcome {
    NeedsMet,
    SteppedDownToUniversalServices,
    SteppedUpToSocialCare,
    MovedAway,
    FamilyWithdrew,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Closure {
    pub date: NaiveDate,
    pub outcome: ClosureOutcome,
    pub closed_by: Practitioner,
    /// Required by the rules; a missing one reads as blank, so the refusal
    /// says what to write instead of failing to read the step.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reopening {
    pub date: NaiveDate,
    pub reopened_by: Practitioner,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusChange {
    Closed(Closure),
    Reopened(Reopening),
}

impl StatusChange {
    pub fn date(&self) -> NaiveDate {
        match self {
            StatusChange::Closed(closure) => closure.date,
            StatusChange::Reopened(reopening) => reopening.date,
        }
    }
}

/// Everything known about one child, each list in date order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChildRecord {
    pub child: Child,
    /// The day the child was put on the register.
    pub opened: NaiveDate,
    #[serde(default)]
    pub concerns: Vec<Concern>,
    #[serde(default)]
    pub involvements: Vec<Involvement>,
    #[serde(default)]
    pub levels: Vec<LevelChange>,
    #[serde(default)]
    pub cafs: Vec<Caf>,
    #[serde(default)]
    pub lead_professionals: Vec<LeadProfessional>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub reviews: Vec<Review>,
    #[serde(default)]
    pub referrals: Vec<SafeguardingReferral>,
    #[serde(default)]
    pub status_changes: Vec<StatusChange>,
    #[serde(default)]
    pub sharing: SharingLog,
    #[serde(default)]
    pub carers: Vec<Carer>,
}

impl ChildRecord {
    pub fn new(child: Child, opened: NaiveDate) -> Self {
        ChildRecord {
            child,
            opened,
            concerns: Vec::new(),
            involvements: Vec::new(),
            levels: Vec::new(),
            cafs: Vec::new(),
            lead_professionals: Vec::new(),
            meetings: Vec::new(),
            reviews: Vec::new(),
            referrals: Vec::new(),
            status_changes: Vec::new(),
            sharing: SharingLog::default(),
            carers: Vec::new(),
        }
    }

    /// The closure in force on `date`, if the record was closed then.
    pub fn closure_on(&self, date: NaiveDate) -> Option<&Closure> {
        match self
            .status_changes
            .iter()
            .rfind(|change| change.date() <= date)
        {
            Some(StatusChange::Closed(closure)) => Some(closure),
            _ => None,
        }
    }

    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.opened <= date && self.closure_on(date).is_none()
    }

    /// Open now: never closed, or reopened since.
    pub fn is_open(&self) -> bool {
        !matches!(self.status_changes.last(), Some(StatusChange::Closed(_)))
    }

    /// The day the current spell on the register began: opening or last reopening.
    pub fn spell_start(&self) -> NaiveDate {
        self.status_changes
            .iter()
            .rev()
            .find_map(|change| match change {
                StatusChange::Reopened(reopening) => Some(reopening.date),
                StatusChange::Closed(_) => None,
            })
            .unwrap_or(self.opened)
    }

    pub fn level_on(&self, date: NaiveDate) -> Option<Level> {
        self.levels
            .iter()
            .rfind(|change| change.date <= date)
            .map(|change| change.level)
    }

    pub fn current_level(&self) -> Option<Level> {
        self.levels.last().map(|change| change.level)
    }

    /// The dates the child moved into `level` from another level (or from none).
    pub fn entered_level(&self, level: Level) -> Vec<NaiveDate> {
        let mut previous = None;
        let mut dates = Vec::new();
        for change in &self.levels {
            if change.level == level && previous != Some(level) {
                dates.push(change.date);
            }
            previous = Some(change.level);
        }
        dates
    }

    /// The date the current level was reached; setting the same level again
    /// at a review is not a change.
    pub fn level_unchanged_since(&self) -> Option<NaiveDate> {
        self.entered_level(self.current_level()?).last().copied()
    }

    pub fn open_caf(&self) -> Option<&Caf> {
        self.cafs.iter().rfind(|caf| caf.is_open())
    }

    pub fn lead_professional_on(&self, date: NaiveDate) -> Option<&Practitioner> {
        self.lead_professionals
            .iter()
            .rfind(|lead| lead.from <= date && lead.until.is_none_or(|until| until > date))
            .map(|lead| &lead.practitioner)
    }

    pub fn current_lead_professional(&self) -> Option<&Practitioner> {
        self.lead_professionals
            .last()
            .filter(|lead| lead.until.is_none())
            .map(|lead| &lead.practitioner)
    }

    /// The practitioners named anywhere on the record as working with the child.
    pub fn involved_practitioners(&self) -> impl Iterator<Item = &Practitioner> {
        let assessors = self.cafs.iter().map(|caf| &caf.preparation.assessor);
        let attendees = self.meetings.iter().flat_map(|meeting| &meeting.attendees);
        let reviewers = self.reviews.iter().flat_map(|review| &review.attendees);
        let recorded = self
            .involvements
            .iter()
            .filter_map(|i| i.practitioner.as_ref());
        let leads = self
            .lead_professionals
            .iter()
            .map(|lead| &lead.practitioner);
        assessors
            .chain(attendees)
            .chain(reviewers)
            .chain(recorded)
            .chain(leads)
    }

    /// Agencies involved with the child: they raised a concern, assessed,
    /// attended a meeting or review, lead, or are recorded as involved.
    pub fn involved_agencies(&self) -> BTreeSet<&AgencyId> {
        let raised = self.concerns.iter().map(|concern| &concern.agency);
        let recorded = self
            .involvements
            .iter()
            .map(|involvement| &involvement.agency);
        let practitioners = self.involved_practitioners().map(|p| &p.agency);
        raised.chain(recorded).chain(practitioners).collect()
    }

    /// The date of the latest entry of any kind; steps must not go before it.
    pub fn latest_date(&self) -> NaiveDate {
        let cafs = self.cafs.iter().flat_map(|caf| {
            let steps = [
                Some(caf.preparation.date),
                caf.completed(),
                caf.delivery.as_ref().map(|d| d.date),
                caf.closed,
            ];
            steps.into_iter().flatten()
        });
        let leads = self
            .lead_professionals
            .iter()
            .flat_map(|lead| [Some(lead.from), lead.until].into_iter().flatten());
        [self.opened]
            .into_iter()
            .chain(self.concerns.iter().map(|c| c.date))
            .chain(self.involvements.iter().map(|i| i.date))
            .chain(self.levels.iter().map(|l| l.date))
            .chain(cafs)
            .chain(leads)
            .chain(self.meetings.iter().map(|m| m.date))
            .chain(self.reviews.iter().map(|r| r.date))
            .chain(self.referrals.iter().map(|r| r.date))
            .chain(self.status_changes.iter().map(StatusChange::date))
            .chain(self.sharing.consents.iter().map(|c| c.date))
            .chain(self.sharing.decisions.iter().map(|d| d.decision.date))
            .max()
            .unwrap_or(self.opened)
    }
}

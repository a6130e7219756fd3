//! Consent and sharing decisions, and the rules for recording them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::register::{AgencyId, Practitioner};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    Given,
    Refused,
    /// Given earlier and taken back; consent-based sharing ends on this date.
    Withdrawn,
}

/// What the family (or the young person) said about sharing, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Consent {
    pub status: ConsentStatus,
    /// What may be shared, with whom, for what: as agreed with the family.
    pub scope: String,
    pub date: NaiveDate,
    /// The parent, carer or young person who gave, refused or withdrew it.
    pub given_by: String,
    pub recorded_by: Practitioner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ShareChoice {
    Share,
    NotShare,
}

/// The legitimate grounds for sharing information about a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Consent,
    StatutoryDuty,
    CourtOrder,
    PublicInterest,
    RiskOfSignificantHarm,
}

/// A decision to share, or not, with one agency: recorded either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShareDecision {
    pub choice: ShareChoice,
    pub recipient: AgencyId,
    pub purpose: String,
    pub basis: LegalBasis,
    pub reason: String,
    pub decided_by: Practitioner,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordedDecision {
    pub decision: ShareDecision,
    /// Shared without current consent: someone should look at it again.
    pub flagged_for_review: bool,
}

/// A child's consents and sharing decisions, each list in date order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SharingLog {
    #[serde(default)]
    pub consents: Vec<Consent>,
    #[serde(default)]
    pub decisions: Vec<RecordedDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SharingError {
    #[error("{what} is blank; every decision about sharing, whether to share or not, is recorded with it")]
    Blank { what: &'static str },
    #[error("sharing on the basis of consent needs consent in force on {date}, and {why}; seek consent, or record another legal basis and the reason the need overrides the lack of consent")]
    NoConsent { date: NaiveDate, why: String },
}

impl SharingLog {
    /// The latest consent recorded on or before `date`.
    pub fn consent_on(&self, date: NaiveDate) -> Option<&Consent> {
        self.consents.iter().rfind(|consent| consent.date <= date)
    }

    pub fn has_consent_on(&self, date: NaiveDate) -> bool {
        self.consent_on(date)
            .is_some_and(|consent| consent.status == ConsentStatus::Given)
    }

    /// Checks a decision before it is recorded; `Ok(true)` means it shares
    /// without current consent and will be flagged for review.
    pub fn check_decision(&self, decision: &ShareDecision) -> Result<bool, SharingError> {
        not_blank(&decision.reason, "the reason for the decision")?;
        not_blank(&decision.purpose, "the purpose")?;
        if decision.choice == ShareChoice::NotShare || self.has_consent_on(decision.date) {
            return Ok(false);
        }
        if decision.basis != LegalBasis::Consent {
            return Ok(true);
        }
        let why = match self.consent_on(decision.date) {
            Some(consent) => format!(
                "it was {} on {}",
                match consent.status {
                    ConsentStatus::Refused => "refused",
                    _ => "withdrawn",
                },
                consent.date
            ),
            None => "none has been recorded".to_string(),
        };
        Err(SharingError::NoConsent {
            date: decision.date,
            why,
        })
    }

    pub fn check_consent(consent: &Consent) -> Result<(), SharingError> {
        not_blank(&consent.given_by, "who gave, refused or withdrew consent")?;
        not_blank(&consent.scope, "the scope of the consent")
    }

    /// The decision to share with `agency` in force on `date`: the latest
    /// decision about that agency, if it was to share and, when it rests on
    /// consent, consent has not since been withdrawn or refused.
    pub fn share_in_force(&self, agency: &AgencyId, date: NaiveDate) -> Option<&ShareDecision> {
        let latest = self
            .decisions
            .iter()
            .map(|recorded| &recorded.decision)
            .rfind(|decision| &decision.recipient == agency && decision.date <= date)?;
        let consent_holds = latest.basis != LegalBasis::Consent || self.has_consent_on(date);
        (latest.choice == ShareChoice::Share && consent_holds).then_some(latest)
    }

    /// Decisions to share without current consent, for review.
    pub fn flagged_for_review(&self) -> impl Iterator<Item = &ShareDecision> {
        self.decisions
            .iter()
            .filter(|recorded| recorded.flagged_for_review)
            .map(|recorded| &recorded.decision)
    }
}

fn not_blank(text: &str, what: &'static str) -> Result<(), SharingError> {
    if text.trim().is_empty() {
        Err(SharingError::Blank { what })
    } else {
        Ok(())
    }
}

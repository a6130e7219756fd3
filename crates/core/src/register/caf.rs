//! The Common Assessment Framework: one assessment in three steps.
//!
//! 1. **Preparation**: check no CAF is already open, seek the family's
//!    agreement ([`CafStart`]).
//! 2. **Discussion**: agree needs, strengths and an outcome
//!    ([`CafDiscussion`]). The CAF counts as *completed* on this date.
//! 3. **Delivery**: a plan delivered by a Lead Professional, monitored and
//!    reviewed ([`CafDelivery`]), until the CAF is closed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::people::Practitioner;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CafOutcome {
    /// Closes the CAF on the day of the discussion.
    NoFurtherAction,
    /// Flag the child so other professionals know someone is involved.
    Flag,
    InvolveAnotherAgency,
    FamilySupportMeeting,
    /// Youth Inclusion Support Programme.
    Yisp,
}

/// The preparation step, which opens a CAF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CafStart {
    /// When the need for an assessment was identified; the 15 working days run from here.
    pub need_identified: NaiveDate,
    pub date: NaiveDate,
    pub assessor: Practitioner,
    pub family_agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CafDiscussion {
    pub date: NaiveDate,
    pub needs: Vec<String>,
    pub strengths: Vec<String>,
    pub outcome: CafOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CafDelivery {
    pub date: NaiveDate,
    /// The family and child support plan.
    pub plan: String,
}

/// One CAF and the steps taken so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Caf {
    pub preparation: CafStart,
    #[serde(default)]
    pub discussion: Option<CafDiscussion>,
    #[serde(default)]
    pub delivery: Option<CafDelivery>,
    #[serde(default)]
    pub closed: Option<NaiveDate>,
}

impl Caf {
    pub fn need_identified(&self) -> NaiveDate {
        self.preparation.need_identified
    }

    /// The date the assessment was completed (the discussion step).
    pub fn completed(&self) -> Option<NaiveDate> {
        self.discussion.as_ref().map(|discussion| discussion.date)
    }

    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }
}

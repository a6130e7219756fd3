//! The early-help register: children known to the partnership, the concerns
//! raised about them, their level of vulnerability, CAFs, Lead Professionals,
//! meetings, reviews, safeguarding referrals and closure.
//!
//! A [`ChildRecord`] holds one child's whole history. Changes arrive as a
//! [`Step`], checked by [`check_step`] and recorded by [`ChildRecord::apply`];
//! [`due_actions`] and [`drift`] say what needs doing.

mod caf;
mod card;
mod drift;
mod due;
pub mod figures;
mod level;
pub mod measures;
mod people;
mod record;
mod rules;
mod search;
mod step;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

pub use caf::{Caf, CafDelivery, CafDiscussion, CafOutcome, CafStart};
pub use card::ChildCard;
pub use drift::{drift, drifting_cases, DriftReason, REVIEWS_WITHOUT_CHANGE};
pub use due::{
    due_actions, level_review_prompt, DueAction, DueKind, RegisterSettings, CAF_WORKING_DAYS,
    MEETING_WEEKS, REVIEW_MONTHS,
};
pub use level::{Level, LevelChange};
pub use people::{
    Agency, AgencyId, Carer, Child, ChildFlags, ChildId, Gender, Practitioner, PractitionerId,
};
pub use record::{
    ChildRecord, Closure, ClosureOutcome, Concern, Involvement, LeadProfessional, Meeting,
    MeetingKind, Reopening, Review, SafeguardingReferral, StatusChange,
};
pub use rules::{check_step, StepError};
pub use search::{name_words, ChildListing, ChildSearch, SEARCH_LIMIT};
pub use step::Step;

/// How long a closed record is kept before it is listed for a decision whether
/// to erase it: six years after closure, unless a council sets its own.
pub const DEFAULT_RETENTION_MONTHS: u32 = 72;

//! A child's card: what a search shows of them beside their details (their
//! level) and what access to them rests on ([`Standing`]). It is read off
//! the record and kept beside the child, so a search reads no steps.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::sharing::Standing;

use super::level::Level;
use super::record::ChildRecord;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildCard {
    pub level: Option<Level>,
    pub standing: Standing,
}

impl ChildCard {
    /// The card of `record` as it stands on `date`.
    pub fn of(record: &ChildRecord, date: NaiveDate) -> ChildCard {
        ChildCard {
            level: record.current_level(),
            standing: Standing::of(record, date),
        }
    }

    /// The card of `record` from its latest entry on: what is kept beside
    /// the child, true until their next step.
    pub fn settled(record: &ChildRecord) -> ChildCard {
        ChildCard::of(record, record.latest_date())
    }
}

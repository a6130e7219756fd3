//! Cases that have drifted: open a long time, or reviewed again and again
//! with no change of level.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::add_months;

use super::people::ChildId;
use super::record::ChildRecord;

/// Reviews at one level after which a case is listed as drifting.
pub const REVIEWS_WITHOUT_CHANGE: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum DriftReason {
    /// On the register for more than a year since it was opened or reopened.
    OpenOverAYear { since: NaiveDate },
    /// Reviewed this many times since the level last changed.
    ReviewsWithoutLevelChange {
        reviews: usize,
        level_since: NaiveDate,
    },
}

/// Why the child's open case is drifting on `today`; empty if it is not.
pub fn drift(record: &ChildRecord, today: NaiveDate) -> Vec<DriftReason> {
    if !record.is_open() {
        return Vec::new();
    }
    let mut reasons = Vec::new();
    let since = record.spell_start();
    if add_months(since, 12) < today {
        reasons.push(DriftReason::OpenOverAYear { since });
    }
    if let Some(level_since) = record.level_unchanged_since() {
        let reviews = record
            .reviews
            .iter()
            .filter(|review| review.date > level_since)
            .count();
        if reviews >= REVIEWS_WITHOUT_CHANGE {
            reasons.push(DriftReason::ReviewsWithoutLevelChange {
                reviews,
                level_since,
            });
        }
    }
    reasons
}

/// The drifting cases among `records`, in the order given.
pub fn drifting_cases<'a>(
    records: impl IntoIterator<Item = &'a ChildRecord>,
    today: NaiveDate,
) -> Vec<(&'a ChildId, Vec<DriftReason>)> {
    records
        .into_iter()
        .map(|record| (&record.child.id, drift(record, today)))
        .filter(|(_, reasons)| !reasons.is_empty())
        .collect()
}

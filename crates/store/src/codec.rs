//! How domain values are written to columns and read back.
//!
//! Enums are stored as their serde names, so the database and the JSON format
//! use the same words.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};
use trustboard_core::period::Period;
use trustboard_core::plan_diff::Slot;

use crate::error::StoreError;

/// Binds `$1`…`$6` of a value-slot lookup: plan id, indicator key, period,
/// kind, locality and group (an absent locality or group as `''`, to match
/// `COALESCE(column, '')`).
pub(crate) fn bind_slot<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    plan_id: i64,
    slot: &'q Slot,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(plan_id)
        .bind(&slot.indicator)
        .bind(slot.period.to_string())
        .bind(slot.kind.as_str())
        .bind(slot.locality.as_deref().unwrap_or_default())
        .bind(slot.group.as_deref().unwrap_or_default())
}

/// The slot of `indicator` that a row's `period`, `kind`, `locality` and
/// `breakdown_group` columns name.
pub(crate) fn slot_from_row(row: &AnyRow, indicator: String) -> Result<Slot, StoreError> {
    let period: String = row.try_get("period")?;
    let kind: String = row.try_get("kind")?;
    Ok(Slot {
        indicator,
        period: period_from_text("period", &period)?,
        kind: enum_from_text("kind", &kind)?,
        locality: row.try_get("locality")?,
        group: row.try_get("breakdown_group")?,
    })
}

pub(crate) fn period_from_text(column: &'static str, text: &str) -> Result<Period, StoreError> {
    text.parse::<Period>()
        .map_err(|error| corrupt(column, text, error))
}

/// The serde name of a unit-like enum value, e.g. `higher_is_better`.
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        other => format!("{other:?}"),
    }
}

pub(crate) fn enum_from_text<T: DeserializeOwned>(
    column: &'static str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|error| corrupt(column, text, error))
}

pub(crate) fn json_text<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt {
        column: "parsed",
        value: String::new(),
        reason: error.to_string(),
    })
}

pub(crate) fn from_json_text<T: DeserializeOwned>(
    column: &'static str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| corrupt(column, text, error))
}

pub(crate) fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn date_from_text(
    column: &'static str,
    text: Option<String>,
) -> Result<Option<NaiveDate>, StoreError> {
    text.map(|t| {
        NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|error| corrupt(column, &t, error))
    })
    .transpose()
}

pub(crate) fn timestamp_from_text(
    column: &'static str,
    text: &str,
) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|error| corrupt(column, text, error))
}

pub(crate) fn corrupt(column: &'static str, value: &str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::model::{ObservationKind, Polarity};

    #[test]
    fn enums_use_their_serde_names_both_ways() {
        assert_eq!(
            enum_text(&ObservationKind::StatisticalNeighbours),
            "statistical_neighbours"
        );
        assert_eq!(enum_text(&Polarity::LowerIsBetter), "lower_is_better");
        let back: Polarity = enum_from_text("polarity", "band").expect("known polarity");
        assert_eq!(back, Polarity::Band);
        assert!(enum_from_text::<Polarity>("polarity", "sideways").is_err());
    }

    #[test]
    fn dates_round_trip() {
        let date = NaiveDate::from_ymd_opt(2012, 3, 31);
        let text = date_text(date);
        assert_eq!(text.as_deref(), Some("2012-03-31"));
        assert_eq!(date_from_text("due", text).ok(), Some(date));
    }
}

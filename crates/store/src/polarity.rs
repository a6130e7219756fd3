//! A person stating which way is better for an indicator.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use trustboard_core::model::{Polarity, PolaritySource};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::codec::{enum_from_text, enum_text};
use crate::connect::Store;
use crate::error::StoreError;

/// A polarity an indicator held before a person stated another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolarityChange {
    /// The indicator's key.
    pub indicator: String,
    pub old_polarity: Option<Polarity>,
    pub old_source: Option<PolaritySource>,
    pub new_polarity: Polarity,
    pub changed_at: DateTime<Utc>,
    pub changed_by: String,
}

/// A person's decision on one indicator's polarity, made on a page showing
/// the indicator at `based_on` (its polarity version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolarityDecision {
    pub key: String,
    pub polarity: Polarity,
    pub based_on: i64,
}

/// An indicator's polarity version: how many times its polarity has changed, plus one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolarityVersion {
    pub key: String,
    pub version: i64,
}

impl Store {
    /// Records `polarity` as stated for indicator `key` of the plan, keeping
    /// what it held before in the indicator's polarity history; one transaction.
    pub async fn set_indicator_polarity(
        &self,
        organisation: Option<&str>,
        plan: &str,
        key: &str,
        polarity: Polarity,
        changed_by: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let (plan_id, _) = self.resolve_plan(&mut tx, organisation, plan).await?;
        let changed = state(&mut tx, plan_id, plan, key, polarity, None, changed_by).await?;
        if changed {
            crate::plans::bump_revision(&mut tx, plan_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records every decision as stated, all or nothing: if any indicator's
    /// polarity changed since its `based_on` version, nothing is saved and the
    /// error names it. Returns how many polarities changed.
    pub async fn state_polarities(
        &self,
        organisation: Option<&str>,
        plan: &str,
        decisions: &[PolarityDecision],
        changed_by: &str,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let (plan_id, _) = self.resolve_plan(&mut tx, organisation, plan).await?;
        crate::plans::bump_revision(&mut tx, plan_id).await?;
        let mut changed = 0;
        for d in decisions {
            let version = Some(d.based_on);
            if state(
                &mut tx, plan_id, plan, &d.key, d.polarity, version, changed_by,
            )
            .await?
            {
                changed += 1;
            }
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Each current indicator's polarity version, for a page that lets people decide.
    pub async fn polarity_versions(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<Vec<PolarityVersion>, StoreError> {
        let mut tx = self.begin_read().await?;
        let (plan_id, _) = self.resolve_plan(&mut tx, organisation, plan).await?;
        let rows = sqlx::query(
            "SELECT key, polarity_version FROM indicators
             WHERE plan_id = $1 AND retired_by IS NULL ORDER BY key",
        )
        .bind(plan_id)
        .fetch_all(&mut *tx)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PolarityVersion {
                    key: row.try_get("key")?,
                    version: row.try_get("polarity_version")?,
                })
            })
            .collect()
    }

    /// The polarities indicator `key` held before each stated change, oldest first.
    pub async fn indicator_polarity_history(
        &self,
        organisation: Option<&str>,
        plan: &str,
        key: &str,
    ) -> Result<Vec<PolarityChange>, StoreError> {
        let mut history = self.plan_polarity_history(organisation, plan).await?;
        history.retain(|change| change.indicator == key);
        Ok(history)
    }

    /// Every stated change of polarity on the plan's indicators, oldest first.
    pub async fn plan_polarity_history(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<Vec<PolarityChange>, StoreError> {
        let mut tx = self.begin_read().await?;
        let (plan_id, _) = self.resolve_plan(&mut tx, organisation, plan).await?;
        let rows = sqlx::query(
            "SELECT i.key, h.old_polarity, h.old_source, h.new_polarity, h.changed_at, h.changed_by
             FROM indicator_polarity_history h JOIN indicators i ON i.id = h.indicator_id AND i.organisation_id = h.organisation_id
             WHERE i.plan_id = $1 ORDER BY h.id",
        )
        .bind(plan_id)
        .fetch_all(&mut *tx)
        .await?;
        rows.iter()
            .map(|row| {
                let old_polarity: Option<String> = row.try_get("old_polarity")?;
                let old_source: Option<String> = row.try_get("old_source")?;
                let new_polarity: String = row.try_get("new_polarity")?;
                let changed_at: String = row.try_get("changed_at")?;
                Ok(PolarityChange {
                    indicator: row.try_get("key")?,
                    old_polarity: old_polarity
                        .map(|p| enum_from_text("old_polarity", &p))
                        .transpose()?,
                    old_source: old_source
                        .map(|s| enum_from_text("old_source", &s))
                        .transpose()?,
                    new_polarity: enum_from_text("new_polarity", &new_polarity)?,
                    changed_at: timestamp_from_text("changed_at", &changed_at)?,
                    changed_by: row.try_get("changed_by")?,
                })
            })
            .collect()
    }
}

/// States `polarity` for one indicator inside `tx`, checking its version when
/// `based_on` is given. Returns whether anything changed: stating what is
/// already stated records nothing.
async fn state(
    tx: &mut AnyConnection,
    plan_id: i64,
    plan: &str,
    key: &str,
    polarity: Polarity,
    based_on: Option<i64>,
    changed_by: &str,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT id, organisation_id, polarity, polarity_source, polarity_version FROM indicators
         WHERE plan_id = $1 AND key = $2 AND retired_by IS NULL",
    )
    .bind(plan_id)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::UnknownReference {
        from: format!("plan `{plan}`"),
        entity: "indicator",
        key: key.to_string(),
    })?;
    let id: i64 = row.try_get("id")?;
    let organisation_id: i64 = row.try_get("organisation_id")?;
    let version: i64 = row.try_get("polarity_version")?;
    let conflict = || StoreError::PolarityChangedMeanwhile {
        indicator: key.to_string(),
    };
    if based_on.is_some_and(|v| v != version) {
        return Err(conflict());
    }
    let old_polarity: Option<String> = row.try_get("polarity")?;
    let old_source: Option<String> = row.try_get("polarity_source")?;
    let new_polarity = enum_text(&polarity);
    let stated = enum_text(&PolaritySource::Stated);
    if old_polarity.as_deref() == Some(new_polarity.as_str())
        && old_source.as_deref() == Some(stated.as_str())
    {
        return Ok(false);
    }
    // The version in the WHERE clause makes a concurrent writer lose, not overwrite.
    let updated = sqlx::query(
        "UPDATE indicators SET polarity = $1, polarity_source = $2,
             polarity_version = polarity_version + 1
         WHERE id = $3 AND polarity_version = $4",
    )
    .bind(&new_polarity)
    .bind(&stated)
    .bind(id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(conflict());
    }
    sqlx::query(
        "INSERT INTO indicator_polarity_history
             (indicator_id, old_polarity, old_source, new_polarity, changed_at, changed_by, organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&old_polarity)
    .bind(&old_source)
    .bind(&new_polarity)
    .bind(timestamp_text(Utc::now()))
    .bind(changed_by)
    .bind(organisation_id)
    .execute(&mut *tx)
    .await?;
    Ok(true)
}

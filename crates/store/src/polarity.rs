//! A person stating which way is better for an indicator.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;
use trustboard_core::model::{Polarity, PolaritySource};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::codec::{enum_from_text, enum_text};
use crate::connect::Store;
use crate::error::StoreError;

/// A polarity an indicator held before a person stated another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolarityChange {
    pub old_polarity: Option<Polarity>,
    pub old_source: Option<PolaritySource>,
    pub new_polarity: Polarity,
    pub changed_at: DateTime<Utc>,
    pub changed_by: String,
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
        let row = sqlx::query(
            "SELECT id, polarity, polarity_source FROM indicators
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
        let old_polarity: Option<String> = row.try_get("polarity")?;
        let old_source: Option<String> = row.try_get("polarity_source")?;
        let new_polarity = enum_text(&polarity);
        let stated = enum_text(&PolaritySource::Stated);
        if old_polarity.as_deref() == Some(new_polarity.as_str())
            && old_source.as_deref() == Some(stated.as_str())
        {
            return Ok(());
        }
        let now = timestamp_text(Utc::now());
        sqlx::query(
            "INSERT INTO indicator_polarity_history
                 (indicator_id, old_polarity, old_source, new_polarity, changed_at, changed_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&old_polarity)
        .bind(&old_source)
        .bind(&new_polarity)
        .bind(&now)
        .bind(changed_by)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE indicators SET polarity = $1, polarity_source = $2 WHERE id = $3")
            .bind(&new_polarity)
            .bind(&stated)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        crate::plans::bump_revision(&mut tx, plan_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The polarities indicator `key` held before each stated change, oldest first.
    pub async fn indicator_polarity_history(
        &self,
        organisation: Option<&str>,
        plan: &str,
        key: &str,
    ) -> Result<Vec<PolarityChange>, StoreError> {
        let mut tx = self.begin_read().await?;
        let (plan_id, _) = self.resolve_plan(&mut tx, organisation, plan).await?;
        let rows = sqlx::query(
            "SELECT h.old_polarity, h.old_source, h.new_polarity, h.changed_at, h.changed_by
             FROM indicator_polarity_history h JOIN indicators i ON i.id = h.indicator_id
             WHERE i.plan_id = $1 AND i.key = $2 ORDER BY h.id",
        )
        .bind(plan_id)
        .bind(key)
        .fetch_all(&mut *tx)
        .await?;
        rows.iter()
            .map(|row| {
                let old_polarity: Option<String> = row.try_get("old_polarity")?;
                let old_source: Option<String> = row.try_get("old_source")?;
                let new_polarity: String = row.try_get("new_polarity")?;
                let changed_at: String = row.try_get("changed_at")?;
                Ok(PolarityChange {
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

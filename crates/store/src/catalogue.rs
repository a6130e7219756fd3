//! The national indicator set, shared by every plan.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use trustboard_core::model::Polarity;

use crate::codec::{enum_from_text, enum_text};
use crate::connect::Store;
use crate::error::StoreError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalIndicator {
    /// `NI 59`.
    pub code: String,
    pub title: String,
    pub unit: Option<String>,
    pub polarity: Option<Polarity>,
    pub definition: Option<String>,
}

impl Store {
    /// Adds the indicators to the catalogue, replacing any with the same code, in one transaction.
    pub async fn upsert_national_indicators(
        &self,
        indicators: &[NationalIndicator],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for indicator in indicators {
            sqlx::query(
                "INSERT INTO national_indicators (code, title, unit, polarity, definition)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (code) DO UPDATE SET title = excluded.title, unit = excluded.unit,
                     polarity = excluded.polarity, definition = excluded.definition",
            )
            .bind(&indicator.code)
            .bind(&indicator.title)
            .bind(&indicator.unit)
            .bind(indicator.polarity.as_ref().map(enum_text))
            .bind(&indicator.definition)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The whole catalogue, ordered by code.
    pub async fn national_indicators(&self) -> Result<Vec<NationalIndicator>, StoreError> {
        let rows = sqlx::query(
            "SELECT code, title, unit, polarity, definition FROM national_indicators ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let polarity: Option<String> = row.try_get("polarity")?;
                Ok(NationalIndicator {
                    code: row.try_get("code")?,
                    title: row.try_get("title")?,
                    unit: row.try_get("unit")?,
                    polarity: polarity
                        .map(|p| enum_from_text("polarity", &p))
                        .transpose()?,
                    definition: row.try_get("definition")?,
                })
            })
            .collect()
    }
}

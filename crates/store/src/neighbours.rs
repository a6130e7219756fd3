//! Statistical-neighbour sets, one version per council and model year.
//!
//! Importing a model's sets again changes nothing; importing a new model year
//! adds new versions beside the old ones, which stay in force for their dates.

use std::collections::BTreeSet;

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use trustboard_core::judge::neighbours::{set_in_force, Neighbour, NeighbourSet};

use crate::accounts::timestamp_text;
use crate::codec::{corrupt, date_from_text, date_text, enum_from_text, enum_text};
use crate::connect::Store;
use crate::error::StoreError;

/// What an import of neighbour sets did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NeighbourImportReport {
    /// Council and model year not held before.
    pub added: usize,
    /// Held before with different dates or neighbours, now replaced.
    pub replaced: usize,
    pub unchanged: usize,
}

impl Store {
    /// Stores `sets` in one transaction: all of them or none. A set with the
    /// same council and model year as a stored one replaces it only if it differs.
    pub async fn import_neighbour_sets(
        &self,
        sets: &[NeighbourSet],
        source: &str,
    ) -> Result<NeighbourImportReport, StoreError> {
        refuse_repeats(sets)?;
        let mut tx = self.begin_write().await?;
        let now = timestamp_text(Utc::now());
        let mut report = NeighbourImportReport::default();
        for set in sets {
            let found = sqlx::query(
                "SELECT id FROM neighbour_sets WHERE council_code = $1 AND model_year = $2",
            )
            .bind(&set.council_code)
            .bind(i64::from(set.model_year))
            .fetch_optional(&mut *tx)
            .await?;
            let id = match found {
                Some(row) => {
                    let id: i64 = row.try_get("id")?;
                    if read_set(&mut tx, id).await? == *set {
                        report.unchanged += 1;
                        continue;
                    }
                    report.replaced += 1;
                    sqlx::query("DELETE FROM neighbour_members WHERE set_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "UPDATE neighbour_sets SET council_name = $1, effective_from = $2, effective_to = $3,
                             imported_at = $4, imported_by = $5 WHERE id = $6",
                    )
                    .bind(&set.council)
                    .bind(date_text(Some(set.effective_from)))
                    .bind(date_text(set.effective_to))
                    .bind(&now)
                    .bind(source)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
                None => {
                    report.added += 1;
                    sqlx::query(
                        "INSERT INTO neighbour_sets
                             (council_code, council_name, model_year, effective_from, effective_to, imported_at, imported_by)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    )
                    .bind(&set.council_code)
                    .bind(&set.council)
                    .bind(i64::from(set.model_year))
                    .bind(date_text(Some(set.effective_from)))
                    .bind(date_text(set.effective_to))
                    .bind(&now)
                    .bind(source)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("id")?
                }
            };
            for (position, neighbour) in (0i64..).zip(&set.neighbours) {
                sqlx::query(
                    "INSERT INTO neighbour_members (set_id, position, code, name, closeness)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(position)
                .bind(&neighbour.code)
                .bind(&neighbour.name)
                .bind(enum_text(&neighbour.closeness))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Every stored version for `council` (its number or name, any case), oldest model first.
    pub async fn neighbour_sets(&self, council: &str) -> Result<Vec<NeighbourSet>, StoreError> {
        let mut tx = self.begin_read().await?;
        let rows = sqlx::query(
            "SELECT id FROM neighbour_sets WHERE council_code = $1 OR LOWER(council_name) = $2
             ORDER BY model_year, effective_from, id",
        )
        .bind(council.trim())
        .bind(council.trim().to_lowercase())
        .fetch_all(&mut *tx)
        .await?;
        let mut sets = Vec::with_capacity(rows.len());
        for row in rows {
            sets.push(read_set(&mut tx, row.try_get("id")?).await?);
        }
        Ok(sets)
    }

    /// The set in force for `council` on `date`; the latest model wins where two overlap.
    pub async fn neighbour_set_on(
        &self,
        council: &str,
        date: NaiveDate,
    ) -> Result<Option<NeighbourSet>, StoreError> {
        let sets = self.neighbour_sets(council).await?;
        Ok(set_in_force(&sets, council, date).cloned())
    }
}

/// One version per council and model: a batch naming a council twice is ambiguous.
fn refuse_repeats(sets: &[NeighbourSet]) -> Result<(), StoreError> {
    let mut seen = BTreeSet::new();
    for set in sets {
        if !seen.insert((set.council_code.as_str(), set.model_year)) {
            return Err(StoreError::RepeatedNeighbourSet {
                council: format!("{} ({})", set.council, set.council_code),
                model_year: set.model_year,
            });
        }
    }
    Ok(())
}

async fn read_set(conn: &mut AnyConnection, id: i64) -> Result<NeighbourSet, StoreError> {
    let row = sqlx::query(
        "SELECT council_code, council_name, model_year, effective_from, effective_to
         FROM neighbour_sets WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let year: i64 = row.try_get("model_year")?;
    let from: String = row.try_get("effective_from")?;
    let members = sqlx::query(
        "SELECT code, name, closeness FROM neighbour_members WHERE set_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let neighbours = members
        .iter()
        .map(|m| {
            let closeness: String = m.try_get("closeness")?;
            Ok(Neighbour {
                code: m.try_get("code")?,
                name: m.try_get("name")?,
                closeness: enum_from_text("closeness", &closeness)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(NeighbourSet {
        council: row.try_get("council_name")?,
        council_code: row.try_get("council_code")?,
        model_year: i32::try_from(year)
            .map_err(|error| corrupt("model_year", &year.to_string(), error))?,
        effective_from: date_from_text("effective_from", Some(from.clone()))?
            .ok_or_else(|| corrupt("effective_from", &from, "missing"))?,
        effective_to: date_from_text("effective_to", row.try_get("effective_to")?)?,
        neighbours,
    })
}

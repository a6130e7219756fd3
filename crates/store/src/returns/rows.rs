//! A return's rows in and out, all-or-nothing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::Row;
use trustboard_core::returns::{
    evaluate_return, Collection, IndicatorInputs, Issue, RawRow, ReturnIndicator, ReturnYear, Table,
};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::connect::Store;
use crate::error::StoreError;
use crate::register::{RegisterAccess, RegisterAction};

use super::ReturnsError;

/// A return to store: every row of every file.
#[derive(Debug, Clone, Copy)]
pub struct ReturnUpload<'a> {
    pub collection: Collection,
    pub year: ReturnYear,
    /// The names of the files it was read from.
    pub files: &'a [String],
    pub rows: &'a [RawRow],
    pub actor: &'a str,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedReturn {
    pub rows: usize,
    /// A return for the same year was held and has been replaced.
    pub replaced: bool,
}

/// A return the organisation holds.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldReturn {
    pub collection: Collection,
    pub year: ReturnYear,
    pub files: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    pub rows: i64,
}

fn corrupt(column: &'static str, value: &str, reason: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

impl Store {
    /// Stores a return in one transaction, replacing the organisation's
    /// earlier return of that collection and year, and audits the import.
    pub async fn import_return(
        &self,
        organisation: &str,
        upload: &ReturnUpload<'_>,
    ) -> Result<ImportedReturn, ReturnsError> {
        let mut tx = self.begin_write().await?;
        let organisation_id =
            crate::register::rows::organisation_id_or_add(&mut tx, organisation).await?;
        let collection = upload.collection.as_str();
        let year = i64::from(upload.year.ending);
        let earlier: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM return_imports WHERE organisation_id = $1 AND collection = $2 AND year = $3",
        )
        .bind(organisation_id)
        .bind(collection)
        .bind(year)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(earlier) = earlier {
            sqlx::query("DELETE FROM return_rows WHERE import_id = $1")
                .bind(earlier)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM return_imports WHERE id = $1")
                .bind(earlier)
                .execute(&mut *tx)
                .await?;
        }
        let import_id: i64 = sqlx::query_scalar(
            "INSERT INTO return_imports (organisation_id, collection, year, files, imported_by, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(organisation_id)
        .bind(collection)
        .bind(year)
        .bind(upload.files.join(", "))
        .bind(upload.actor)
        .bind(timestamp_text(upload.at))
        .fetch_one(&mut *tx)
        .await?;
        for (seq, row) in upload.rows.iter().enumerate() {
            let fields = serde_json::to_string(&row.fields)
                .map_err(|error| corrupt("return_rows.fields", &row.source, &error.to_string()))?;
            sqlx::query(
                "INSERT INTO return_rows (organisation_id, import_id, seq, table_name, child, source, fields)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(organisation_id)
            .bind(import_id)
            .bind(seq as i64)
            .bind(row.table.as_str())
            .bind(row.child())
            .bind(&row.source)
            .bind(fields)
            .execute(&mut *tx)
            .await?;
        }
        let detail = format!(
            "imported the {} return for {} ({} rows)",
            upload.collection.label(),
            upload.year,
            upload.rows.len()
        );
        let access = RegisterAccess {
            actor: upload.actor,
            action: RegisterAction::Import,
            child: None,
            detail: &detail,
            at: upload.at,
        };
        crate::register::access::insert_access(&mut tx, organisation_id, None, &access).await?;
        tx.commit().await?;
        Ok(ImportedReturn {
            rows: upload.rows.len(),
            replaced: earlier.is_some(),
        })
    }

    /// The return's rows as written, in the order they were read. Callers
    /// that show children from them audit it with [`Store::audit_return_read`].
    pub async fn return_rows(
        &self,
        organisation: &str,
        collection: Collection,
        year: ReturnYear,
    ) -> Result<Vec<RawRow>, ReturnsError> {
        let mut tx = self.begin_read().await?;
        let organisation_id = crate::register::rows::organisation_id(&mut tx, organisation)
            .await?
            .ok_or_else(|| ReturnsError::UnknownOrganisation(organisation.to_string()))?;
        let import_id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM return_imports WHERE organisation_id = $1 AND collection = $2 AND year = $3",
        )
        .bind(organisation_id)
        .bind(collection.as_str())
        .bind(i64::from(year.ending))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(import_id) = import_id else {
            return Err(ReturnsError::NotImported {
                organisation: organisation.to_string(),
                collection: collection.label(),
                year: year.to_string(),
            });
        };
        let rows = sqlx::query(
            "SELECT table_name, source, fields FROM return_rows
             WHERE import_id = $1 AND organisation_id = $2 ORDER BY seq",
        )
        .bind(import_id)
        .bind(organisation_id)
        .fetch_all(&mut *tx)
        .await?;
        rows.iter()
            .map(|row| {
                let table: String = row.try_get("table_name")?;
                let fields: String = row.try_get("fields")?;
                Ok(RawRow {
                    table: Table::parse(&table)
                        .ok_or_else(|| corrupt("return_rows.table_name", &table, "not a table"))?,
                    source: row.try_get("source")?,
                    fields: serde_json::from_str::<BTreeMap<String, String>>(&fields)
                        .map_err(|e| corrupt("return_rows.fields", &fields, &e.to_string()))?,
                })
            })
            .collect::<Result<_, StoreError>>()
            .map_err(ReturnsError::from)
    }

    /// The organisation's return of `collection` for the year, validated, and
    /// the indicators computed from it (with the organisation's working
    /// calendar, and `population` under 18 for rates per 10,000). The
    /// problems name children: callers that show them audit it.
    pub async fn evaluated_return(
        &self,
        organisation: &str,
        collection: Collection,
        year: ReturnYear,
        population: Option<u64>,
    ) -> Result<(Vec<Issue>, Vec<ReturnIndicator>), ReturnsError> {
        let rows = self.return_rows(organisation, collection, year).await?;
        let calendar = self.working_calendar(organisation).await?;
        let inputs = IndicatorInputs {
            year,
            calendar: &calendar,
            population,
        };
        Ok(evaluate_return(collection, rows, &inputs))
    }

    /// The returns the organisation holds, newest year first.
    pub async fn held_returns(&self, organisation: &str) -> Result<Vec<HeldReturn>, ReturnsError> {
        let rows = sqlx::query(
            "SELECT r.collection, r.year, r.files, r.imported_by, r.imported_at,
                    (SELECT COUNT(*) FROM return_rows w WHERE w.import_id = r.id AND w.organisation_id = r.organisation_id) AS row_count
             FROM return_imports r JOIN organisations o ON o.id = r.organisation_id
             WHERE o.name = $1 ORDER BY r.year DESC, r.collection",
        )
        .bind(organisation)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let collection: String = row.try_get("collection")?;
                let imported_at: String = row.try_get("imported_at")?;
                Ok(HeldReturn {
                    collection: Collection::parse(&collection).ok_or_else(|| {
                        corrupt("return_imports.collection", &collection, "not a collection")
                    })?,
                    year: ReturnYear::ending(row.try_get::<i64, _>("year")? as i32),
                    files: row.try_get("files")?,
                    imported_by: row.try_get("imported_by")?,
                    imported_at: timestamp_from_text("return_imports.imported_at", &imported_at)?,
                    rows: row.try_get("row_count")?,
                })
            })
            .collect::<Result<_, StoreError>>()
            .map_err(ReturnsError::from)
    }

    /// Records in the register's audit that `actor` saw children of a return
    /// (`detail` says which figure's children, never who they are).
    pub async fn audit_return_read(
        &self,
        organisation: &str,
        actor: &str,
        detail: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ReturnsError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = crate::register::rows::organisation_id(&mut tx, organisation)
            .await?
            .ok_or_else(|| ReturnsError::UnknownOrganisation(organisation.to_string()))?;
        let access = RegisterAccess {
            actor,
            action: RegisterAction::View,
            child: None,
            detail,
            at,
        };
        crate::register::access::insert_access(&mut tx, organisation_id, None, &access).await?;
        tx.commit().await?;
        Ok(())
    }
}

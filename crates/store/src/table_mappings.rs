//! How each organisation's performance tables are read: the column mapping
//! saved when one was imported, offered for the next. The text is kept as the
//! person saved it (`Heading=reading` lines); the table reader checks it.

use sqlx::Row;

use crate::accounts::timestamp_text;
use crate::audit::{kept_if, AuditEntry};
use crate::connect::Store;
use crate::error::StoreError;

impl Store {
    /// The column mapping organisation `organisation_id` saved last, if any.
    pub async fn table_mapping(&self, organisation_id: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT mapping FROM table_mappings WHERE organisation_id = $1")
            .bind(organisation_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.try_get("mapping")).transpose()?)
    }

    /// Keeps `mapping` as the organisation's, in place of any saved before,
    /// audited in the same transaction. False when it was already the one kept.
    pub async fn save_table_mapping(
        &self,
        organisation_id: i64,
        mapping: &str,
        audit: &AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        self.write_audited(audit, async |tx| {
            let changed = sqlx::query(
                "INSERT INTO table_mappings (organisation_id, mapping, saved_at, saved_by)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (organisation_id) DO UPDATE
                 SET mapping = excluded.mapping, saved_at = excluded.saved_at,
                     saved_by = excluded.saved_by
                 WHERE table_mappings.mapping <> excluded.mapping",
            )
            .bind(organisation_id)
            .bind(mapping)
            .bind(timestamp_text(audit.at))
            .bind(audit.actor.map_or("command line", |a| a.username))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Ok(kept_if(changed == 1))
        })
        .await
    }
}

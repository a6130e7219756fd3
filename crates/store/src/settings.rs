//! Settings each organisation's administrators choose.

use sqlx::Row;

use crate::audit::{kept_if, AuditEntry};
use crate::connect::Store;
use crate::error::StoreError;

impl Store {
    /// Whether organisation `organisation_id`'s lead officers' figures wait
    /// for a performance officer's approval. On unless an administrator
    /// turned it off.
    pub async fn lead_officer_entries_need_approval(
        &self,
        organisation_id: i64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT lead_officer_entries_need_approval FROM organisations WHERE id = $1",
        )
        .bind(organisation_id)
        .fetch_optional(&self.pool)
        .await?;
        let setting: Option<i64> = row
            .map(|row| row.try_get("lead_officer_entries_need_approval"))
            .transpose()?;
        Ok(setting.is_none_or(|on| on != 0))
    }

    /// Changes that setting, audited in the same transaction. False when
    /// nothing changed (it already was so).
    pub async fn set_lead_officer_entries_need_approval(
        &self,
        organisation_id: i64,
        need_approval: bool,
        audit: &AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        self.write_audited(audit, async |tx| {
            let changed = sqlx::query(
                "UPDATE organisations SET lead_officer_entries_need_approval = $1
                 WHERE id = $2 AND lead_officer_entries_need_approval <> $1",
            )
            .bind(i64::from(need_approval))
            .bind(organisation_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            Ok(kept_if(changed == 1))
        })
        .await
    }
}

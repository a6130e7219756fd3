//! Retention: closed records kept past their time, and erasure as a recorded
//! decision. Erasing removes the child's row (their personal data) and steps;
//! the plan values already derived from them stay as they are, and the audit
//! keeps its rows, which name the child only by pseudonym.

use chrono::{DateTime, Months, NaiveDate, Utc};
use trustboard_core::register::ChildId;

use crate::accounts::timestamp_text;
use crate::connect::Store;

use super::access::{insert_access, RegisterAccess, RegisterAction};
use super::error::RegisterError;
use super::figures::{keep_figures_current, RecordChange};
use super::names::delete_name_words;
use super::rows::existing_organisation;
use super::steps::{child_row, load_record};

/// A record closed on `closed` and still closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedRecord {
    pub child: ChildId,
    pub closed: NaiveDate,
}

/// The decision to erase one child's record.
#[derive(Debug, Clone, Copy)]
pub struct Erasure<'a> {
    pub child: &'a ChildId,
    pub decided_by: &'a str,
    pub reason: &'a str,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Records closed for longer than `retention` on `today`, oldest closure first.
    pub async fn register_past_retention(
        &self,
        organisation: &str,
        retention: Months,
        today: NaiveDate,
    ) -> Result<Vec<ClosedRecord>, RegisterError> {
        let mut due: Vec<ClosedRecord> = self
            .register_records(organisation)
            .await?
            .into_iter()
            .filter_map(|record| {
                let closure = record.closure_on(NaiveDate::MAX)?;
                let keep_until = closure.date.checked_add_months(retention)?;
                (keep_until < today).then(|| ClosedRecord {
                    child: record.child.id.clone(),
                    closed: closure.date,
                })
            })
            .collect();
        due.sort_by_key(|record| record.closed);
        Ok(due)
    }

    /// Erases a child's record: the decision is kept (by pseudonym) in
    /// `register_erasures` and the audit; the child's row and steps go.
    pub async fn erase_register_child(
        &self,
        organisation: &str,
        erasure: &Erasure<'_>,
    ) -> Result<(), RegisterError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let row = child_row(&mut tx, organisation_id, organisation, erasure.child).await?;
        let (child_row_id, pseudonym) = (row.id, row.pseudonym.clone());
        let erased = load_record(&mut tx, row).await?;
        let change = RecordChange {
            child_row_id,
            before: Some(&erased.record),
            after: None,
            steps: -erased.version,
        };
        keep_figures_current(&mut tx, organisation_id, &[change]).await?;
        sqlx::query(
            "INSERT INTO register_erasures (organisation_id, child_pseudonym, decided_by, decided_at, reason)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(organisation_id)
        .bind(&pseudonym)
        .bind(erasure.decided_by)
        .bind(timestamp_text(erasure.at))
        .bind(erasure.reason)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM register_steps WHERE child_id = $1")
            .bind(child_row_id)
            .execute(&mut *tx)
            .await?;
        delete_name_words(
            &mut tx,
            organisation_id,
            &erased.record.child.id.0,
            &erased.record.child.name,
        )
        .await?;
        sqlx::query("DELETE FROM register_children WHERE id = $1")
            .bind(child_row_id)
            .execute(&mut *tx)
            .await?;
        let detail = format!("record erased: {}", erasure.reason);
        let access = RegisterAccess {
            actor: erasure.decided_by,
            action: RegisterAction::Erase,
            child: None,
            detail: &detail,
            at: erasure.at,
        };
        insert_access(&mut tx, organisation_id, Some(&pseudonym), &access).await?;
        tx.commit().await?;
        Ok(())
    }
}

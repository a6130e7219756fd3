//! Who answers for what: the user account that owns an indicator or a
//! milestone of a plan. Owners enter their indicators' figures and keep their
//! milestones' status; performance officers assign them.

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::accounts::timestamp_text;
use crate::audit::{Actor, AuditEntry, Outcome};
use crate::connect::Store;
use crate::error::StoreError;

/// A user named as an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub user_id: i64,
    pub username: String,
}

/// An indicator someone owns, with the plan it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedIndicator {
    pub plan_id: i64,
    pub plan_title: String,
    pub key: String,
    pub code: Option<String>,
    pub title: String,
}

/// What is being given an owner.
#[derive(Debug, Clone, Copy)]
pub enum Owned<'a> {
    Indicator { plan_id: i64, key: &'a str },
    Milestone { id: i64 },
}

/// A change of owner: `user_id` `None` removes the owner.
#[derive(Debug, Clone, Copy)]
pub struct OwnerChange<'a> {
    pub subject: Owned<'a>,
    pub user_id: Option<i64>,
    pub by: Actor<'a>,
    pub at: DateTime<Utc>,
}

impl Owned<'_> {
    /// The owners table and the id of the owned row, if it exists.
    async fn target(
        self,
        store: &Store,
    ) -> Result<Option<(&'static str, &'static str, i64)>, StoreError> {
        let row = match self {
            Owned::Indicator { plan_id, key } => sqlx::query(
                "SELECT id FROM indicators WHERE plan_id = $1 AND key = $2 AND retired_by IS NULL",
            )
            .bind(plan_id)
            .bind(key)
            .fetch_optional(&store.pool)
            .await?,
            Owned::Milestone { id } => {
                sqlx::query("SELECT id FROM milestones WHERE id = $1 AND retired_by IS NULL")
                    .bind(id)
                    .fetch_optional(&store.pool)
                    .await?
            }
        };
        let (table, column) = match self {
            Owned::Indicator { .. } => ("indicator_owners", "indicator_id"),
            Owned::Milestone { .. } => ("milestone_owners", "milestone_id"),
        };
        row.map(|row| Ok((table, column, row.try_get("id")?)))
            .transpose()
    }
}

impl Store {
    /// Sets or removes the owner of an indicator or milestone, audited in the
    /// same transaction. Returns false when there is no such indicator or milestone.
    pub async fn set_owner(
        &self,
        change: &OwnerChange<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let Some((table, column, id)) = change.subject.target(self).await? else {
            return Ok(false);
        };
        self.write_audited(audit, async |tx| {
            sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if let Some(user_id) = change.user_id {
                sqlx::query(&format!(
                    "INSERT INTO {table} ({column}, user_id, assigned_at, assigned_by) VALUES ($1, $2, $3, $4)"
                ))
                .bind(id)
                .bind(user_id)
                .bind(timestamp_text(change.at))
                .bind(change.by.user_id)
                .execute(&mut *tx)
                .await?;
            }
            Ok(Outcome::Keep(true))
        })
        .await
    }

    /// The owner of indicator `key` of plan `plan_id`, if it has one.
    pub async fn indicator_owner(
        &self,
        plan_id: i64,
        key: &str,
    ) -> Result<Option<Owner>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.username FROM indicator_owners o
             JOIN indicators i ON i.id = o.indicator_id
             JOIN users u ON u.id = o.user_id
             WHERE i.plan_id = $1 AND i.key = $2",
        )
        .bind(plan_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Owner {
                user_id: row.try_get("id")?,
                username: row.try_get("username")?,
            })
        })
        .transpose()
    }

    /// The indicators `user_id` owns, across plans, in plan and stored order.
    pub async fn owned_indicators(&self, user_id: i64) -> Result<Vec<OwnedIndicator>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id AS plan_id, p.title AS plan_title, i.key, i.code, i.title
             FROM indicator_owners o
             JOIN indicators i ON i.id = o.indicator_id
             JOIN plans p ON p.id = i.plan_id
             WHERE o.user_id = $1 AND i.retired_by IS NULL
             ORDER BY p.id, i.position, i.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OwnedIndicator {
                    plan_id: row.try_get("plan_id")?,
                    plan_title: row.try_get("plan_title")?,
                    key: row.try_get("key")?,
                    code: row.try_get("code")?,
                    title: row.try_get("title")?,
                })
            })
            .collect()
    }
}

//! Who answers for what: the user account that owns an indicator or a
//! milestone of a plan. Owners enter their indicators' figures and keep their
//! milestones' status; performance officers assign them.

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::accounts::timestamp_text;
use crate::audit::{Actor, AuditEntry, Outcome};
use crate::connect::Store;
use crate::error::StoreError;
use crate::versioned::{VersionClaim, Versioned};

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

/// An indicator's owner, if it has one, and the version of that choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorOwnership {
    pub owner: Option<Owner>,
    /// Counts the changes of owner: a change names the version it was made
    /// from, and loses to any change made since.
    pub version: i64,
}

/// A change of owner: `user_id` `None` removes the owner.
#[derive(Debug, Clone, Copy)]
pub struct OwnerChange<'a> {
    pub subject: Owned<'a>,
    pub user_id: Option<i64>,
    /// The owner version the change was made from.
    pub based_on: i64,
    pub by: Actor<'a>,
    pub at: DateTime<Utc>,
}

impl Owned<'_> {
    /// The owned row's table, the owners table with its column naming the
    /// owned row, and the row's id, if it exists.
    async fn target(self, store: &Store) -> Result<Option<OwnerTarget>, StoreError> {
        let row = match self {
            Owned::Indicator { plan_id, key } => {
                sqlx::query(
                    "SELECT id, organisation_id FROM indicators
                 WHERE plan_id = $1 AND key = $2 AND retired_by IS NULL",
                )
                .bind(plan_id)
                .bind(key)
                .fetch_optional(&store.pool)
                .await?
            }
            Owned::Milestone { id } => sqlx::query(
                "SELECT id, organisation_id FROM milestones WHERE id = $1 AND retired_by IS NULL",
            )
            .bind(id)
            .fetch_optional(&store.pool)
            .await?,
        };
        let (owned, owners, column) = match self {
            Owned::Indicator { .. } => ("indicators", "indicator_owners", "indicator_id"),
            Owned::Milestone { .. } => ("milestones", "milestone_owners", "milestone_id"),
        };
        row.map(|row| {
            Ok(OwnerTarget {
                owned,
                owners,
                column,
                id: row.try_get("id")?,
                organisation_id: row.try_get("organisation_id")?,
            })
        })
        .transpose()
    }
}

/// Where an owner is recorded: see [`Owned::target`].
struct OwnerTarget {
    owned: &'static str,
    owners: &'static str,
    column: &'static str,
    id: i64,
    organisation_id: i64,
}

impl Store {
    /// Sets or removes the owner of an indicator or milestone, audited in the
    /// same transaction, if its owner is still at the version the change was
    /// made from.
    pub async fn set_owner(
        &self,
        change: &OwnerChange<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<Versioned, StoreError> {
        let Some(OwnerTarget {
            owned,
            owners: table,
            column,
            id,
            organisation_id,
        }) = change.subject.target(self).await?
        else {
            return Ok(Versioned::Missing);
        };
        self.write_audited(audit, async |tx| {
            let claim = VersionClaim {
                table: owned,
                column: "owner_version",
                id,
                based_on: change.based_on,
            };
            let claimed = claim.claim(tx).await?;
            if claimed != Versioned::Written {
                return Ok(Outcome::Discard(claimed));
            }
            sqlx::query(&format!("DELETE FROM {table} WHERE {column} = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if let Some(user_id) = change.user_id {
                sqlx::query(&format!(
                    "INSERT INTO {table} ({column}, user_id, assigned_at, assigned_by, organisation_id)
                     VALUES ($1, $2, $3, $4, $5)"
                ))
                .bind(id)
                .bind(user_id)
                .bind(timestamp_text(change.at))
                .bind(change.by.user_id)
                .bind(organisation_id)
                .execute(&mut *tx)
                .await?;
            }
            Ok(Outcome::Keep(Versioned::Written))
        })
        .await
    }

    /// The owner of indicator `key` of plan `plan_id`, if it has one.
    pub async fn indicator_owner(
        &self,
        plan_id: i64,
        key: &str,
    ) -> Result<Option<Owner>, StoreError> {
        Ok(self
            .indicator_ownership(plan_id, key)
            .await?
            .and_then(|ownership| ownership.owner))
    }

    /// Who owns current indicator `key` of plan `plan_id` and the version of
    /// that choice; `None` when there is no such indicator.
    pub async fn indicator_ownership(
        &self,
        plan_id: i64,
        key: &str,
    ) -> Result<Option<IndicatorOwnership>, StoreError> {
        let row = sqlx::query(
            "SELECT i.owner_version, u.id, u.username FROM indicators i
             LEFT JOIN indicator_owners o ON o.indicator_id = i.id AND o.organisation_id = i.organisation_id
             LEFT JOIN users u ON u.id = o.user_id
             WHERE i.plan_id = $1 AND i.key = $2 AND i.retired_by IS NULL",
        )
        .bind(plan_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let id: Option<i64> = row.try_get("id")?;
            let username: Option<String> = row.try_get("username")?;
            Ok(IndicatorOwnership {
                owner: id
                    .zip(username)
                    .map(|(user_id, username)| Owner { user_id, username }),
                version: row.try_get("owner_version")?,
            })
        })
        .transpose()
    }

    /// The indicators `user_id` owns, across plans, in plan and stored order.
    pub async fn owned_indicators(&self, user_id: i64) -> Result<Vec<OwnedIndicator>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id AS plan_id, p.title AS plan_title, i.key, i.code, i.title
             FROM indicator_owners o
             JOIN indicators i ON i.id = o.indicator_id AND i.organisation_id = o.organisation_id
             JOIN plans p ON p.id = i.plan_id AND p.organisation_id = i.organisation_id
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

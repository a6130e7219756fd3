//! Action plans as they are delivered: each milestone's recorded status and
//! its dated progress notes. The milestones themselves come from the plan
//! document; what is recorded here survives re-imports, which keep milestone rows.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::model::MilestoneStatus;

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::audit::{Actor, AuditEntry, Outcome};
use crate::codec::{corrupt, date_from_text};
use crate::connect::Store;
use crate::error::StoreError;
use crate::owners::Owner;
use crate::versioned::{VersionClaim, Versioned};

/// A milestone with what has been recorded about its delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneRecord {
    pub id: i64,
    pub plan_id: i64,
    pub node: String,
    pub node_title: String,
    pub text: String,
    pub timescale: Option<String>,
    pub due: Option<NaiveDate>,
    /// The owner as the plan names them (a job title, a team).
    pub owner_named: Option<String>,
    /// The user account answerable for it, where one is assigned.
    pub owner: Option<Owner>,
    pub status: Option<MilestoneStatus>,
    /// Counts the changes to the status: a new status names the version it
    /// was chosen from, and loses to any change made since.
    pub status_version: i64,
    /// Counts the changes to `owner`, in the same way.
    pub owner_version: i64,
}

impl MilestoneRecord {
    /// Due before `today` and not recorded as complete.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        trustboard_core::model::is_overdue(self.due, self.status, today)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneNote {
    pub text: String,
    pub author: String,
    pub written_at: DateTime<Utc>,
}

/// Something recorded about a milestone's delivery.
#[derive(Debug, Clone, Copy)]
pub enum MilestoneUpdate<'a> {
    /// A new status, chosen from status version `based_on`.
    Status {
        status: MilestoneStatus,
        based_on: i64,
    },
    /// A progress note: notes are added, never replaced, so need no version.
    Note(&'a str),
}

const MILESTONE_COLUMNS: &str = "SELECT m.id, m.plan_id, n.code AS node, n.title AS node_title, m.text,
        m.timescale, m.due, m.owner AS owner_named, s.status, m.status_version, m.owner_version, u.id AS owner_id, u.username AS owner_name
     FROM milestones m
     JOIN nodes n ON n.id = m.node_id AND n.organisation_id = m.organisation_id
     LEFT JOIN milestone_status s ON s.milestone_id = m.id AND s.organisation_id = m.organisation_id
     LEFT JOIN milestone_owners mo ON mo.milestone_id = m.id AND mo.organisation_id = m.organisation_id
     LEFT JOIN users u ON u.id = mo.user_id";

fn status_from_text(text: &str) -> Result<MilestoneStatus, StoreError> {
    MilestoneStatus::from_code(text)
        .ok_or_else(|| corrupt("milestone_status.status", text, "not a known status"))
}

fn record_from_row(row: &AnyRow) -> Result<MilestoneRecord, StoreError> {
    let status: Option<String> = row.try_get("status")?;
    let owner_id: Option<i64> = row.try_get("owner_id")?;
    let owner_name: Option<String> = row.try_get("owner_name")?;
    Ok(MilestoneRecord {
        id: row.try_get("id")?,
        plan_id: row.try_get("plan_id")?,
        node: row.try_get("node")?,
        node_title: row.try_get("node_title")?,
        text: row.try_get("text")?,
        timescale: row.try_get("timescale")?,
        due: date_from_text("due", row.try_get("due")?)?,
        owner_named: row.try_get("owner_named")?,
        owner: owner_id
            .zip(owner_name)
            .map(|(user_id, username)| Owner { user_id, username }),
        status: status.as_deref().map(status_from_text).transpose()?,
        status_version: row.try_get("status_version")?,
        owner_version: row.try_get("owner_version")?,
    })
}

/// Recorded statuses by milestone row id, for loading a plan.
pub(crate) async fn milestone_statuses(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<HashMap<i64, MilestoneStatus>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.milestone_id, s.status FROM milestone_status s
         JOIN milestones m ON m.id = s.milestone_id AND m.organisation_id = s.organisation_id WHERE m.plan_id = $1",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            Ok((row.try_get("milestone_id")?, status_from_text(&status)?))
        })
        .collect()
}

impl Store {
    /// The current milestones of plan `plan_id`, or of one node's action plan, in plan order.
    pub async fn milestones(
        &self,
        plan_id: i64,
        node: Option<&str>,
    ) -> Result<Vec<MilestoneRecord>, StoreError> {
        let sql = format!(
            "{MILESTONE_COLUMNS} WHERE m.plan_id = $1 AND m.retired_by IS NULL
               AND ($2 = '' OR n.code = $2)
             ORDER BY m.position, m.id"
        );
        let rows = sqlx::query(&sql)
            .bind(plan_id)
            .bind(node.unwrap_or_default())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// The current milestones `user_id` owns, across plans, in plan order.
    pub async fn owned_milestones(&self, user_id: i64) -> Result<Vec<MilestoneRecord>, StoreError> {
        let sql = format!(
            "{MILESTONE_COLUMNS} WHERE mo.user_id = $1 AND m.retired_by IS NULL
             ORDER BY m.plan_id, m.position, m.id"
        );
        let rows = sqlx::query(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// Milestone `id` of plan `plan_id`, if it is current.
    pub async fn milestone(
        &self,
        plan_id: i64,
        id: i64,
    ) -> Result<Option<MilestoneRecord>, StoreError> {
        let sql = format!(
            "{MILESTONE_COLUMNS} WHERE m.plan_id = $1 AND m.id = $2 AND m.retired_by IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(plan_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(record_from_row).transpose()
    }

    /// Milestone `id`'s progress notes, newest first.
    pub async fn milestone_notes(&self, id: i64) -> Result<Vec<MilestoneNote>, StoreError> {
        let rows = sqlx::query(
            "SELECT n.text, u.username AS author, n.written_at FROM milestone_notes n
             JOIN users u ON u.id = n.author_id
             WHERE n.milestone_id = $1 ORDER BY n.written_at DESC, n.id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let written_at: String = row.try_get("written_at")?;
                Ok(MilestoneNote {
                    text: row.try_get("text")?,
                    author: row.try_get("author")?,
                    written_at: timestamp_from_text("milestone_notes.written_at", &written_at)?,
                })
            })
            .collect()
    }

    /// Records a status or a note for milestone `id`, audited in the same
    /// transaction; a new status is recorded only if the milestone's status is
    /// still at the version it was chosen from, and changes the plan's
    /// revision, as the judgement's overdue milestones depend on it.
    pub async fn update_milestone(
        &self,
        id: i64,
        update: MilestoneUpdate<'_>,
        by: Actor<'_>,
        at: DateTime<Utc>,
        audit: &AuditEntry<'_>,
    ) -> Result<Versioned, StoreError> {
        self.write_audited(audit, async |tx| {
            let now = timestamp_text(at);
            let milestone =
                sqlx::query("SELECT plan_id, organisation_id FROM milestones WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let plan: i64 = milestone.try_get("plan_id")?;
            let organisation_id: i64 = milestone.try_get("organisation_id")?;
            match update {
                MilestoneUpdate::Status { status, based_on } => {
                    let claim = VersionClaim {
                        table: "milestones",
                        column: "status_version",
                        id,
                        based_on,
                    };
                    let claimed = claim.claim(tx).await?;
                    if claimed != Versioned::Written {
                        return Ok(Outcome::Discard(claimed));
                    }
                    sqlx::query("DELETE FROM milestone_status WHERE milestone_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "INSERT INTO milestone_status
                             (milestone_id, status, updated_at, updated_by, organisation_id)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(status.code())
                    .bind(now)
                    .bind(by.user_id)
                    .bind(organisation_id)
                    .execute(&mut *tx)
                    .await?;
                    crate::plans::bump_revision(tx, plan).await?;
                }
                MilestoneUpdate::Note(text) => {
                    sqlx::query(
                        "INSERT INTO milestone_notes
                             (milestone_id, text, author_id, written_at, organisation_id)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(text)
                    .bind(by.user_id)
                    .bind(now)
                    .bind(organisation_id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            Ok(Outcome::Keep(Versioned::Written))
        })
        .await
    }
}

//! Budget lines linked to the outcomes and objectives of their plan. Every
//! change is made from the version of the plan's links a page showed: it is
//! claimed by the statement that moves it on, the core's rule on shares is
//! asked of the links as they stand inside that transaction, and the audit
//! record is written with the change or not at all.

use sqlx::{AnyConnection, Row};
use trustboard_core::resources::{check_link, BudgetLink, LineRef, ResourceTable, Share};

use crate::accounts::timestamp_text;
use crate::audit::{AuditEntry, Outcome};
use crate::connect::Store;
use crate::error::StoreError;
use crate::plans::bump_revision_unjudged;

/// A plan's budget links with the version any change must be made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLinks {
    pub version: i64,
    pub links: Vec<BudgetLink>,
}

async fn version_of(conn: &mut AnyConnection, plan_id: i64) -> Result<(i64, i64), StoreError> {
    let row = sqlx::query("SELECT organisation_id, budget_links_version FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NoPlanWithId(plan_id))?;
    Ok((
        row.try_get("organisation_id")?,
        row.try_get("budget_links_version")?,
    ))
}

/// Moves the links' version on from `based_on`, or says someone moved it first.
async fn claim(conn: &mut AnyConnection, plan_id: i64, based_on: i64) -> Result<(), StoreError> {
    let claimed = sqlx::query(
        "UPDATE plans SET budget_links_version = budget_links_version + 1
         WHERE id = $1 AND budget_links_version = $2",
    )
    .bind(plan_id)
    .bind(based_on)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    match claimed {
        1 => Ok(()),
        _ => Err(StoreError::BudgetLinksChangedMeanwhile),
    }
}

async fn links_of(conn: &mut AnyConnection, plan_id: i64) -> Result<Vec<BudgetLink>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, table_position, row_position, label, node_code, share FROM budget_links
         WHERE plan_id = $1 ORDER BY table_position, row_position, id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let share: String = row.try_get("share")?;
            let position = |column: &str| -> Result<usize, StoreError> {
                let value: i64 = row.try_get(column)?;
                Ok(usize::try_from(value).unwrap_or_default())
            };
            Ok(BudgetLink {
                id: row.try_get("id")?,
                line: LineRef {
                    table: position("table_position")?,
                    row: position("row_position")?,
                    label: row.try_get("label")?,
                },
                node: row.try_get("node_code")?,
                share: Share::read(&share).map_err(|_| StoreError::Corrupt {
                    column: "budget_links.share",
                    value: share.clone(),
                    reason: "not a share of a line".to_string(),
                })?,
            })
        })
        .collect()
}

async fn holds_node(conn: &mut AnyConnection, plan_id: i64, code: &str) -> Result<(), StoreError> {
    let found = sqlx::query(
        "SELECT 1 AS found FROM nodes WHERE plan_id = $1 AND code = $2 AND retired_when IS NULL",
    )
    .bind(plan_id)
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotInPlan {
            plan: sqlx::query("SELECT name FROM plans WHERE id = $1")
                .bind(plan_id)
                .fetch_one(&mut *conn)
                .await?
                .try_get("name")?,
            entity: "outcome or objective",
            key: code.to_string(),
        }),
    }
}

impl Store {
    /// The plan's budget links, oldest line first, and their version.
    pub async fn budget_links(&self, plan_id: i64) -> Result<BudgetLinks, StoreError> {
        let mut conn = self.begin_read().await?;
        let (_, version) = version_of(&mut conn, plan_id).await?;
        Ok(BudgetLinks {
            version,
            links: links_of(&mut conn, plan_id).await?,
        })
    }

    /// Gives `share` of budget line `line` to outcome or objective `node`,
    /// from version `based_on` of the plan's links.
    pub async fn link_budget_line(
        &self,
        plan_id: i64,
        based_on: i64,
        line: &LineRef,
        node: &str,
        share: Share,
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_audited(audit, async |tx| {
            let (organisation_id, _) = version_of(tx, plan_id).await?;
            claim(tx, plan_id, based_on).await?;
            holds_node(tx, plan_id, node).await?;
            let tables = crate::resources::read(tx, plan_id).await?;
            let held = links_of(tx, plan_id).await?;
            check_link(&tables, &held, line, node, share)?;
            sqlx::query(
                "INSERT INTO budget_links (organisation_id, plan_id, table_position, row_position,
                     label, node_code, share, linked_at, linked_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(organisation_id)
            .bind(plan_id)
            .bind(line.table as i64)
            .bind(line.row as i64)
            .bind(&line.label)
            .bind(node)
            .bind(share.percent().to_string())
            .bind(timestamp_text(audit.at))
            .bind(audit.actor.map_or("command line", |a| a.username))
            .execute(&mut *tx)
            .await?;
            bump_revision_unjudged(tx, plan_id).await?;
            Ok(Outcome::Keep(()))
        })
        .await
    }

    /// Removes link `link_id` of the plan, from version `based_on` of its links.
    pub async fn unlink_budget_line(
        &self,
        plan_id: i64,
        based_on: i64,
        link_id: i64,
        audit: &AuditEntry<'_>,
    ) -> Result<(), StoreError> {
        self.write_audited(audit, async |tx| {
            claim(tx, plan_id, based_on).await?;
            let removed = sqlx::query("DELETE FROM budget_links WHERE id = $1 AND plan_id = $2")
                .bind(link_id)
                .bind(plan_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            match removed {
                0 => Err(StoreError::NoSuchBudgetLink(link_id)),
                _ => {
                    bump_revision_unjudged(tx, plan_id).await?;
                    Ok(Outcome::Keep(()))
                }
            }
        })
        .await
    }

    /// The plan's resource tables by its id.
    pub async fn resource_tables_of(&self, plan_id: i64) -> Result<Vec<ResourceTable>, StoreError> {
        let mut conn = self.begin_read().await?;
        crate::resources::read(&mut conn, plan_id).await
    }
}

//! A plan's risk register: risks numbered within their plan, each change
//! written against the version it was made from and kept field by field in
//! `risk_history`. What a risk may hold is the core's
//! ([`RiskInput::check`]); a row is read back through the same check.

use chrono::{DateTime, Utc};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
use trustboard_core::risks::{Risk, RiskInput, Scored};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::audit::{AuditEntry, Outcome};
use crate::codec::corrupt;
use crate::connect::Store;
use crate::error::StoreError;
use crate::plans::bump_revision_unjudged;
use crate::versioned::Versioned;

/// A risk as held, with its row id and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskRecord {
    pub id: i64,
    pub plan_id: i64,
    /// The number within its plan (R1, R2, …), never reused.
    pub number: i64,
    pub risk: Risk,
    /// The project it belongs to; `None` for a risk of the plan as a whole.
    pub project: Option<RiskProject>,
    /// Counts the changes: a change names the version it was made from.
    pub version: i64,
}

/// The project a risk belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskProject {
    pub id: i64,
    pub title: String,
}

/// A risk to write, with the id of the project it belongs to (`None`: the
/// plan as a whole). The project must be a current one of the same plan.
#[derive(Debug, Clone, Copy)]
pub struct RiskWrite<'a> {
    pub risk: &'a Risk,
    pub project: Option<i64>,
}

/// What the history says of a risk without a project.
pub const WHOLE_PLAN: &str = "the plan as a whole";

impl RiskRecord {
    pub fn scored(&self) -> Scored {
        Scored {
            number: self.number,
            risk: self.risk.clone(),
        }
    }
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskChange {
    /// The version the change made (1 when the risk was added).
    pub version: i64,
    pub at: DateTime<Utc>,
    pub by: String,
    pub field: String,
    /// `None` when the risk was added.
    pub old: Option<String>,
    pub new: String,
}

const RISK_COLUMNS: &str = "SELECT r.id, r.plan_id, r.number, r.description, r.owner,
        r.inherent_likelihood, r.inherent_impact, r.residual_likelihood, r.residual_impact,
        r.controls, r.review_date, r.trend, r.status, r.version,
        r.project_id, p.title AS project_title
        FROM risks r LEFT JOIN projects p ON p.id = r.project_id AND p.organisation_id = r.organisation_id";

fn record_from_row(row: &AnyRow) -> Result<RiskRecord, StoreError> {
    let rating = |column: &str| -> Result<String, StoreError> {
        Ok(row.try_get::<i64, _>(column)?.to_string())
    };
    let input = RiskInput {
        description: row.try_get("description")?,
        owner: row.try_get("owner")?,
        inherent_likelihood: rating("inherent_likelihood")?,
        inherent_impact: rating("inherent_impact")?,
        residual_likelihood: rating("residual_likelihood")?,
        residual_impact: rating("residual_impact")?,
        controls: row.try_get("controls")?,
        review_date: row.try_get("review_date")?,
        trend: row.try_get("trend")?,
        status: row.try_get("status")?,
    };
    let risk = input
        .check()
        .map_err(|error| corrupt("risks", &error.value.clone(), error))?;
    Ok(RiskRecord {
        id: row.try_get("id")?,
        plan_id: row.try_get("plan_id")?,
        number: row.try_get("number")?,
        risk,
        project: match row.try_get::<Option<i64>, _>("project_id")? {
            Some(id) => Some(RiskProject {
                id,
                title: row.try_get("project_title")?,
            }),
            None => None,
        },
        version: row.try_get("version")?,
    })
}

/// Binds a risk's ten fields, in the order the table lists them.
fn bind_fields<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    risk: &'q Risk,
    review_date: &'q str,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(&risk.description)
        .bind(&risk.owner)
        .bind(i64::from(risk.inherent.likelihood.value()))
        .bind(i64::from(risk.inherent.impact.value()))
        .bind(i64::from(risk.residual.likelihood.value()))
        .bind(i64::from(risk.residual.impact.value()))
        .bind(&risk.controls)
        .bind(review_date)
        .bind(risk.trend.code())
        .bind(risk.status.code())
}

/// Who made a change, as the history names them.
#[derive(Debug, Clone, Copy)]
pub struct ChangedBy<'a> {
    /// The account's username, or what made the change ("command line").
    pub name: &'a str,
    pub at: DateTime<Utc>,
}

/// Adds the fields that differ between `old` and `new` to the history.
async fn record_changes(
    conn: &mut AnyConnection,
    risk_id: i64,
    version: i64,
    old: Option<&RiskInput>,
    new: &RiskInput,
    by: ChangedBy<'_>,
) -> Result<(), StoreError> {
    let olds = old.map(RiskInput::fields);
    for (index, (field, text)) in new.fields().into_iter().enumerate() {
        let before = olds.as_ref().map(|fields| fields[index].1);
        if before != Some(text) {
            record_change(conn, (risk_id, version), by, field, before, text).await?;
        }
    }
    Ok(())
}

/// Adds one field's change to the history of the risk `risk.0`, made at version `risk.1`.
async fn record_change(
    conn: &mut AnyConnection,
    risk: (i64, i64),
    by: ChangedBy<'_>,
    field: &str,
    old: Option<&str>,
    new: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO risk_history
           (organisation_id, risk_id, version, changed_at, changed_by, field, old_text, new_text)
         SELECT organisation_id, id, $2, $3, $4, $5, $6, $7 FROM risks WHERE id = $1",
    )
    .bind(risk.0)
    .bind(risk.1)
    .bind(timestamp_text(by.at))
    .bind(by.name)
    .bind(field)
    .bind(old)
    .bind(new)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The title of project `project` of plan `plan_id`, refused unless it is
/// a current project of that plan; the whole plan's words for `None`.
async fn project_title(
    conn: &mut AnyConnection,
    plan_id: i64,
    project: Option<i64>,
) -> Result<String, StoreError> {
    let Some(id) = project else {
        return Ok(WHOLE_PLAN.to_owned());
    };
    sqlx::query("SELECT title FROM projects WHERE id = $1 AND plan_id = $2 AND retired = 0")
        .bind(id)
        .bind(plan_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotInPlan {
            plan: plan_id.to_string(),
            entity: "project",
            key: id.to_string(),
        })?
        .try_get("title")
        .map_err(StoreError::from)
}

impl Store {
    /// Plan `plan`'s id, the plan named as the command line names plans.
    pub async fn plan_id_named(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<i64, StoreError> {
        let mut conn = self.begin_read().await?;
        Ok(self.resolve_plan(&mut conn, organisation, plan).await?.0)
    }

    /// Every risk of plan `plan_id`, by number.
    pub async fn risks(&self, plan_id: i64) -> Result<Vec<RiskRecord>, StoreError> {
        let sql = format!("{RISK_COLUMNS} WHERE r.plan_id = $1 ORDER BY r.number");
        let rows = sqlx::query(&sql)
            .bind(plan_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// Risk `number` of plan `plan_id`, if there is one.
    pub async fn risk(&self, plan_id: i64, number: i64) -> Result<Option<RiskRecord>, StoreError> {
        let sql = format!("{RISK_COLUMNS} WHERE r.plan_id = $1 AND r.number = $2");
        let row = sqlx::query(&sql)
            .bind(plan_id)
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(record_from_row).transpose()
    }

    /// Every change to risk `risk_id`, oldest first.
    pub async fn risk_history(&self, risk_id: i64) -> Result<Vec<RiskChange>, StoreError> {
        let rows = sqlx::query(
            "SELECT version, changed_at, changed_by, field, old_text, new_text
             FROM risk_history WHERE risk_id = $1 ORDER BY id",
        )
        .bind(risk_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let at: String = row.try_get("changed_at")?;
                Ok(RiskChange {
                    version: row.try_get("version")?,
                    at: timestamp_from_text("risk_history.changed_at", &at)?,
                    by: row.try_get("changed_by")?,
                    field: row.try_get("field")?,
                    old: row.try_get("old_text")?,
                    new: row.try_get("new_text")?,
                })
            })
            .collect()
    }

    /// Adds `write` to plan `plan_id` under the next number, with its history
    /// and `audit`, in one transaction; returns the number.
    pub async fn add_risk(
        &self,
        plan_id: i64,
        write: RiskWrite<'_>,
        by: ChangedBy<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<i64, StoreError> {
        self.write_audited(audit, async |tx| {
            // Bumping the revision first queues writers of one plan, so two
            // additions never take the same number.
            bump_revision_unjudged(tx, plan_id).await?;
            let organisation = crate::plans::plan_organisation(tx, plan_id).await?;
            let project = project_title(tx, plan_id, write.project).await?;
            let risk = write.risk;
            let number: i64 = sqlx::query(
                "SELECT COALESCE(MAX(number), 0) + 1 AS next FROM risks WHERE plan_id = $1",
            )
            .bind(plan_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("next")?;
            let input = RiskInput::from_risk(risk);
            let insert = sqlx::query(
                "INSERT INTO risks (organisation_id, plan_id, number, description, owner,
                   inherent_likelihood, inherent_impact, residual_likelihood, residual_impact,
                   controls, review_date, trend, status, project_id, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1)
                 RETURNING id",
            )
            .bind(organisation)
            .bind(plan_id)
            .bind(number);
            let id: i64 = bind_fields(insert, risk, &input.review_date)
                .bind(write.project)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?;
            record_changes(tx, id, 1, None, &input, by).await?;
            if write.project.is_some() {
                record_change(tx, (id, 1), by, "project", None, &project).await?;
            }
            Ok(Outcome::Keep(number))
        })
        .await
    }

    /// Replaces risk `number` of plan `plan_id` with `write` if it is still at
    /// version `based_on`, recording each changed field and `audit` in the
    /// same transaction. A change that lost to another is a conflict and
    /// writes nothing.
    pub async fn update_risk(
        &self,
        plan_id: i64,
        number: i64,
        based_on: i64,
        write: RiskWrite<'_>,
        by: ChangedBy<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<Versioned, StoreError> {
        self.write_audited(audit, async |tx| {
            bump_revision_unjudged(tx, plan_id).await?;
            let project = project_title(tx, plan_id, write.project).await?;
            let risk = write.risk;
            let sql = format!("{RISK_COLUMNS} WHERE r.plan_id = $1 AND r.number = $2");
            let Some(row) = sqlx::query(&sql)
                .bind(plan_id)
                .bind(number)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Ok(Outcome::Discard(Versioned::Missing));
            };
            let held = record_from_row(&row)?;
            let input = RiskInput::from_risk(risk);
            let update = sqlx::query(
                "UPDATE risks SET description = $3, owner = $4,
                   inherent_likelihood = $5, inherent_impact = $6,
                   residual_likelihood = $7, residual_impact = $8,
                   controls = $9, review_date = $10, trend = $11, status = $12,
                   project_id = $13, version = version + 1
                 WHERE id = $1 AND version = $2",
            )
            .bind(held.id)
            .bind(based_on);
            let written = bind_fields(update, risk, &input.review_date)
                .bind(write.project)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if written == 0 {
                return Ok(Outcome::Discard(Versioned::Conflict));
            }
            let old = RiskInput::from_risk(&held.risk);
            record_changes(tx, held.id, based_on + 1, Some(&old), &input, by).await?;
            let old_project = held
                .project
                .map_or_else(|| WHOLE_PLAN.to_owned(), |p| p.title);
            if old_project != project {
                let changed = (held.id, based_on + 1);
                record_change(tx, changed, by, "project", Some(&old_project), &project).await?;
            }
            Ok(Outcome::Keep(Versioned::Written))
        })
        .await
    }
}

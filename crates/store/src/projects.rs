//! A plan's projects and key actions, written by the import of its document,
//! and the six-monthly progress reports entered and signed off on the web.
//!
//! An import matches the projects it brings to the stored ones by title: a
//! matched project keeps its id and reports, a new one is added, and one the
//! document no longer holds is deleted, or retired when it has reports or risks.
//! Sign-off is the core's ([`workflow`]): a report is entered submitted (or
//! approved at once where its author needs no second approver) and decided
//! by someone else, against the report's version.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::judge::rag::Rag;
use trustboard_core::period::Period;
use trustboard_core::projects::{chosen_rag, rag_code, ProgressStatus, Project, Written};
use trustboard_core::workflow::{self, SubmissionStatus};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::audit::{Actor, AuditEntry, Outcome};
use crate::codec::{corrupt, from_json_text, json_text, period_from_text};
use crate::connect::Store;
use crate::error::StoreError;
use crate::plans::bump_revision_unjudged;
use crate::resources::Owner;

/// A project as stored, with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProject {
    pub id: i64,
    pub project: Project,
}

/// A progress report on a project and where it is in sign-off.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectReport {
    pub id: i64,
    pub project_id: i64,
    pub period: Period,
    pub progress: ProgressStatus,
    pub rag: Rag,
    pub commentary: String,
    pub status: SubmissionStatus,
    /// Goes up with every decision; a decision names the version it was made from.
    pub version: i64,
    pub author_id: i64,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub return_reason: Option<String>,
}

/// What a lead or performance officer reports on a project for a half year.
#[derive(Debug, Clone)]
pub struct ReportDraft<'a> {
    pub period: Period,
    pub progress: ProgressStatus,
    pub rag: Rag,
    pub commentary: &'a str,
    pub author: Actor<'a>,
    pub at: DateTime<Utc>,
}

/// A decision on a submitted report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportDecision<'a> {
    Approve,
    Return { reason: &'a str },
}

/// What became of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionOutcome {
    Done,
    /// The report was decided since the version the decision was made from.
    Conflict,
    /// The report is not awaiting a decision.
    NotPending,
    /// The decider wrote the report ([`workflow::may_decide`]).
    OwnEntry,
    /// No such report on this plan.
    Missing,
}

/// Makes the plan's projects those of `projects`, inside the import's transaction.
pub(crate) async fn replace(
    conn: &mut AnyConnection,
    owner: &Owner,
    projects: &[Project],
    source: &str,
) -> Result<(), StoreError> {
    let stored = sqlx::query("SELECT id, title FROM projects WHERE plan_id = $1 ORDER BY id")
        .bind(owner.plan_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut unmatched: Vec<(i64, String)> = stored
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
        .collect::<Result<_, sqlx::Error>>()?;
    for (position, project) in projects.iter().enumerate() {
        let matched = unmatched
            .iter()
            .position(|(_, title)| *title == project.title.text)
            .map(|n| unmatched.remove(n).0);
        write_project(conn, owner, matched, position, project, source).await?;
    }
    for (id, _) in unmatched {
        // A project that has reports or risks keeps them, retired.
        let held: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM project_reports WHERE project_id = $1)
                  + (SELECT COUNT(*) FROM risks WHERE project_id = $1) AS n",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
        let sql = if held > 0 {
            "UPDATE projects SET retired = 1 WHERE id = $1"
        } else {
            "DELETE FROM projects WHERE id = $1"
        };
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

async fn write_project(
    conn: &mut AnyConnection,
    owner: &Owner,
    id: Option<i64>,
    position: usize,
    project: &Project,
    source: &str,
) -> Result<(), StoreError> {
    let id = match id {
        Some(id) => id,
        // A row to fill in below, so that one statement writes every column.
        None => sqlx::query(
            "INSERT INTO projects (organisation_id, plan_id, position, line, group_name, title,
                 title_original, lead, lead_original, lead_services, deliverables,
                 deliverables_original, priority, priority_original, priority_references,
                 source)
             VALUES ($1, $2, 0, 0, '', '', '', '', '', '', '', '', '', '', '', '')
             RETURNING id",
        )
        .bind(owner.organisation_id)
        .bind(owner.plan_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?,
    };
    let query = sqlx::query(
        "UPDATE projects SET position = $2, line = $3, group_name = $4, title = $5,
             title_original = $6, lead = $7, lead_original = $8, lead_services = $9,
             deliverables = $10, deliverables_original = $11, priority = $12,
             priority_original = $13, priority_references = $14, source = $15, retired = 0
         WHERE id = $1",
    )
    .bind(id)
    .bind(position as i64)
    .bind(project.line as i64)
    .bind(&project.group)
    .bind(&project.title.text)
    .bind(&project.title.original)
    .bind(&project.lead.text)
    .bind(&project.lead.original)
    .bind(json_text(&project.lead_services)?)
    .bind(json_text(&project.deliverables)?)
    .bind(&project.deliverables_original)
    .bind(&project.priority.text)
    .bind(&project.priority.original)
    .bind(json_text(&project.priority_references)?)
    .bind(source);
    query.execute(&mut *conn).await?;
    Ok(())
}

const PROJECT_COLUMNS: &str = "SELECT id, line, group_name, title, title_original, lead,
        lead_original, lead_services, deliverables, deliverables_original, priority,
        priority_original, priority_references
     FROM projects";

fn project_from_row(row: &AnyRow) -> Result<StoredProject, StoreError> {
    let written = |text: &str, original: &str| -> Result<Written, StoreError> {
        Ok(Written {
            text: row.try_get(text)?,
            original: row.try_get(original)?,
        })
    };
    let json = |column: &'static str| -> Result<String, StoreError> { Ok(row.try_get(column)?) };
    let line: i64 = row.try_get("line")?;
    Ok(StoredProject {
        id: row.try_get("id")?,
        project: Project {
            line: usize::try_from(line).unwrap_or_default(),
            group: row.try_get("group_name")?,
            title: written("title", "title_original")?,
            lead: written("lead", "lead_original")?,
            lead_services: from_json_text("projects.lead_services", &json("lead_services")?)?,
            deliverables_original: row.try_get("deliverables_original")?,
            deliverables: from_json_text("projects.deliverables", &json("deliverables")?)?,
            priority: written("priority", "priority_original")?,
            priority_references: from_json_text(
                "projects.priority_references",
                &json("priority_references")?,
            )?,
        },
    })
}

const REPORT_COLUMNS: &str = "SELECT r.id, r.project_id, r.period, r.progress, r.rag,
        r.commentary, r.status, r.version, r.author_id, a.username AS author, r.created_at,
        r.decided_at, d.username AS decided_by, r.return_reason
     FROM project_reports r
     JOIN projects p ON p.id = r.project_id AND p.organisation_id = r.organisation_id
     JOIN users a ON a.id = r.author_id
     LEFT JOIN users d ON d.id = r.decided_by";

fn report_from_row(row: &AnyRow) -> Result<ProjectReport, StoreError> {
    let period: String = row.try_get("period")?;
    let progress: String = row.try_get("progress")?;
    let rag: String = row.try_get("rag")?;
    let status: String = row.try_get("status")?;
    let created_at: String = row.try_get("created_at")?;
    let decided_at: Option<String> = row.try_get("decided_at")?;
    Ok(ProjectReport {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        period: period_from_text("project_reports.period", &period)?,
        progress: ProgressStatus::from_code(&progress)
            .ok_or_else(|| corrupt("project_reports.progress", &progress, "not a status"))?,
        rag: chosen_rag(&rag)
            .ok_or_else(|| corrupt("project_reports.rag", &rag, "not a chosen rating"))?,
        commentary: row.try_get("commentary")?,
        status: SubmissionStatus::from_code(&status)
            .ok_or_else(|| corrupt("project_reports.status", &status, "not a sign-off state"))?,
        version: row.try_get("version")?,
        author_id: row.try_get("author_id")?,
        author: row.try_get("author")?,
        created_at: timestamp_from_text("project_reports.created_at", &created_at)?,
        decided_at: decided_at
            .map(|t| timestamp_from_text("project_reports.decided_at", &t))
            .transpose()?,
        decided_by: row.try_get("decided_by")?,
        return_reason: row.try_get("return_reason")?,
    })
}

impl Store {
    /// The plan's current projects in the order the document printed them.
    pub async fn projects(&self, plan_id: i64) -> Result<Vec<StoredProject>, StoreError> {
        let rows = sqlx::query(&format!(
            "{PROJECT_COLUMNS} WHERE plan_id = $1 AND retired = 0 ORDER BY position"
        ))
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(project_from_row).collect()
    }

    /// The projects of a plan named as on the command line.
    pub async fn projects_of_plan(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<(i64, Vec<StoredProject>), StoreError> {
        let mut conn = self.begin_read().await?;
        let (plan_id, _) = self.resolve_plan(&mut conn, organisation, plan).await?;
        drop(conn);
        Ok((plan_id, self.projects(plan_id).await?))
    }

    /// Project `id` of plan `plan_id`, if it is current.
    pub async fn project(
        &self,
        plan_id: i64,
        id: i64,
    ) -> Result<Option<StoredProject>, StoreError> {
        let row = sqlx::query(&format!(
            "{PROJECT_COLUMNS} WHERE plan_id = $1 AND id = $2 AND retired = 0"
        ))
        .bind(plan_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(project_from_row).transpose()
    }

    /// Every progress report on the plan's projects, oldest first.
    pub async fn project_reports(&self, plan_id: i64) -> Result<Vec<ProjectReport>, StoreError> {
        let rows = sqlx::query(&format!(
            "{REPORT_COLUMNS} WHERE p.plan_id = $1 AND p.retired = 0 ORDER BY r.id"
        ))
        .bind(plan_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(report_from_row).collect()
    }

    /// Records a progress report on project `project_id` of plan `plan_id`,
    /// submitted for approval, or approved at once when its author needs no
    /// second approver. `None` when the plan has no such current project.
    pub async fn enter_project_report(
        &self,
        plan_id: i64,
        project_id: i64,
        draft: &ReportDraft<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<Option<ProjectReport>, StoreError> {
        self.write_audited(audit, async |tx| {
            let organisation: Option<i64> = sqlx::query(
                "SELECT organisation_id FROM projects WHERE id = $1 AND plan_id = $2 AND retired = 0",
            )
            .bind(project_id)
            .bind(plan_id)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("organisation_id"))
            .transpose()?;
            let Some(organisation) = organisation else {
                return Ok(Outcome::Discard(None));
            };
            let at_once = !crate::entry::needs_second_approver(tx, draft.author.user_id).await?;
            let (status, decided_by, decided_at) = if at_once {
                let now = timestamp_text(draft.at);
                (SubmissionStatus::Approved, Some(draft.author.user_id), Some(now))
            } else {
                (SubmissionStatus::Submitted, None, None)
            };
            let id: i64 = sqlx::query(
                "INSERT INTO project_reports (organisation_id, project_id, period, progress, rag,
                     commentary, status, author_id, created_at, decided_at, decided_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(organisation)
            .bind(project_id)
            .bind(draft.period.to_string())
            .bind(draft.progress.code())
            .bind(rag_code(draft.rag))
            .bind(draft.commentary)
            .bind(status.code())
            .bind(draft.author.user_id)
            .bind(timestamp_text(draft.at))
            .bind(decided_at)
            .bind(decided_by)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            bump_revision_unjudged(tx, plan_id).await?;
            let report = fetch_report(tx, plan_id, id).await?;
            Ok(Outcome::Keep(report))
        })
        .await
    }

    /// Report `id` of plan `plan_id`, if there is one.
    pub async fn project_report(
        &self,
        plan_id: i64,
        id: i64,
    ) -> Result<Option<ProjectReport>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        fetch_report(&mut conn, plan_id, id).await
    }

    /// Approves or returns report `id`, if it is still at `version` and
    /// awaiting a decision and `decider` did not write it; checked in the
    /// statement that decides, so of two decisions made at once one is made.
    /// The decision is dated now.
    pub async fn decide_project_report(
        &self,
        plan_id: i64,
        id: i64,
        version: i64,
        decision: ReportDecision<'_>,
        decider: Actor<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<DecisionOutcome, StoreError> {
        let at = Utc::now();
        self.write_audited(audit, async |tx| {
            let Some(report) = fetch_report(tx, plan_id, id).await? else {
                return Ok(Outcome::Discard(DecisionOutcome::Missing));
            };
            if !workflow::may_decide(report.author_id, decider.user_id) {
                return Ok(Outcome::Discard(DecisionOutcome::OwnEntry));
            }
            let (next, reason) = match decision {
                ReportDecision::Approve => (SubmissionStatus::Approved, None),
                ReportDecision::Return { reason } => (SubmissionStatus::Returned, Some(reason)),
            };
            let from: Vec<&str> = SubmissionStatus::ALL
                .into_iter()
                .filter(|s| s.may_move_to(next))
                .map(SubmissionStatus::code)
                .collect();
            let changed = sqlx::query(&format!(
                "UPDATE project_reports SET status = $1, decided_at = $2, decided_by = $3,
                     return_reason = $4, version = version + 1
                 WHERE id = $5 AND version = $6 AND status IN ('{}')",
                from.join("', '")
            ))
            .bind(next.code())
            .bind(timestamp_text(at))
            .bind(decider.user_id)
            .bind(reason)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                bump_revision_unjudged(tx, plan_id).await?;
                return Ok(Outcome::Keep(DecisionOutcome::Done));
            }
            let now = fetch_report(tx, plan_id, id).await?;
            Ok(Outcome::Discard(match now {
                Some(now) if now.version != version => DecisionOutcome::Conflict,
                Some(_) => DecisionOutcome::NotPending,
                None => DecisionOutcome::Missing,
            }))
        })
        .await
    }
}

async fn fetch_report(
    conn: &mut AnyConnection,
    plan_id: i64,
    id: i64,
) -> Result<Option<ProjectReport>, StoreError> {
    let row = sqlx::query(&format!(
        "{REPORT_COLUMNS} WHERE p.plan_id = $1 AND r.id = $2"
    ))
    .bind(plan_id)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(report_from_row).transpose()
}

/// Each project's latest approved report for a period starting no later
/// than `up_to` ends: what a board sees of it.
pub fn latest_approved(
    reports: &[ProjectReport],
    project_id: i64,
    up_to: Option<Period>,
) -> Option<&ProjectReport> {
    reports
        .iter()
        .filter(|r| r.project_id == project_id && r.status == SubmissionStatus::Approved)
        .filter(|r| up_to.is_none_or(|p| r.period.start() <= p.end()))
        .max_by_key(|r| (r.period.start(), r.decided_at, r.id))
}

//! A plan's resources, risks and projects as JSON: the part of the board pack
//! the overview shows, the whole risk register, and every project with its
//! reports, each with the same rules as the pages.

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use trustboard_core::judge::rag::Rag;
use trustboard_core::risks::{Band, Score};
use trustboard_core::workflow::SubmissionStatus;
use trustboard_report::build::risks::{heat_map, Stage};
use trustboard_report::{HeatMap, ResourcesPart};
use trustboard_store::projects::ProjectReport;
use trustboard_store::risks::RiskRecord;
use trustboard_store::PlanHandle;

use crate::authz::{sees_pending, ViewPlans};
use crate::error::{ApiError, AppError};
use crate::performance::resources::{part, ResourcesQuery};
use crate::session::Authorised;
use crate::state::AppState;

async fn plan_handle(state: &AppState, id: i64) -> Result<PlanHandle, AppError> {
    state
        .store()
        .plan_handle(id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn resources(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ResourcesQuery>,
) -> Result<Json<ResourcesPart>, ApiError> {
    Ok(Json(part(&state, id, &query).await?))
}

/// A rating on the 5×5 matrix.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RiskScore {
    /// 1 to 5.
    likelihood: u8,
    /// 1 to 5.
    impact: u8,
    /// Likelihood × impact.
    score: u8,
    band: Band,
}

impl From<Score> for RiskScore {
    fn from(score: Score) -> Self {
        RiskScore {
            likelihood: score.likelihood.value(),
            impact: score.impact.value(),
            score: score.value(),
            band: score.band(),
        }
    }
}

/// A project as a risk names it: its id in `/api/plans/{id}/projects`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ProjectRef {
    id: i64,
    title: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct RiskItem {
    /// The number within the plan, never reused (`3` for R3).
    number: i64,
    description: String,
    owner: String,
    /// Before controls.
    inherent: RiskScore,
    /// After controls.
    residual: RiskScore,
    controls: String,
    review_date: NaiveDate,
    /// An open risk whose review date has passed.
    review_overdue: bool,
    /// rising, steady or falling.
    trend: &'static str,
    /// open or closed.
    status: &'static str,
    /// The project it belongs to; `null` for a risk of the plan as a whole.
    project: Option<ProjectRef>,
    /// The version a change to it must name.
    version: i64,
}

fn risk_item(record: &RiskRecord, today: NaiveDate) -> RiskItem {
    let risk = &record.risk;
    RiskItem {
        number: record.number,
        description: risk.description.clone(),
        owner: risk.owner.clone(),
        inherent: risk.inherent.into(),
        residual: risk.residual.into(),
        controls: risk.controls.clone(),
        review_date: risk.review_date,
        review_overdue: risk.is_review_overdue(today),
        trend: risk.trend.code(),
        status: risk.status.code(),
        project: record.project.as_ref().map(|p| ProjectRef {
            id: p.id,
            title: p.title.clone(),
        }),
        version: record.version,
    }
}

/// A plan's whole risk register.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RiskRegister {
    /// Every risk, open and closed, by number.
    risks: Vec<RiskItem>,
    /// Open risks after controls.
    residual: HeatMap,
    /// Open risks before controls.
    inherent: HeatMap,
}

pub async fn risks(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<RiskRegister>, ApiError> {
    let plan = plan_handle(&state, id).await?;
    let records = state.store().risks(plan.id).await?;
    let today = Utc::now().date_naive();
    let scored: Vec<_> = records.iter().map(RiskRecord::scored).collect();
    Ok(Json(RiskRegister {
        risks: records.iter().map(|r| risk_item(r, today)).collect(),
        residual: heat_map(&scored, Stage::Residual),
        inherent: heat_map(&scored, Stage::Inherent),
    }))
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ReportItem {
    /// The half year reported on, e.g. `2009/10 H2`.
    period: String,
    /// The progress word chosen, e.g. `on_track`.
    progress: &'static str,
    rag: Rag,
    commentary: String,
    /// Where it is in sign-off: submitted, approved or returned.
    status: &'static str,
    author: String,
    /// The version a decision on it must name.
    version: i64,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProjectItem {
    id: i64,
    /// The heading it is printed under.
    group: String,
    title: String,
    /// The services that lead it.
    lead_services: Vec<String>,
    deliverables: Vec<String>,
    /// Its link to the plan's priorities, as printed.
    priority: String,
    /// Oldest first. Reports awaiting a decision are listed only to those who
    /// enter or check them.
    reports: Vec<ReportItem>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProjectList {
    projects: Vec<ProjectItem>,
}

fn report_item(report: &ProjectReport) -> ReportItem {
    ReportItem {
        period: report.period.to_string(),
        progress: report.progress.code(),
        rag: report.rag,
        commentary: report.commentary.clone(),
        status: report.status.code(),
        author: report.author.clone(),
        version: report.version,
    }
}

pub async fn projects(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ProjectList>, ApiError> {
    let plan = plan_handle(&state, id).await?;
    let pending = sees_pending(&auth.current);
    let reports = state.store().project_reports(plan.id).await?;
    let projects = state
        .store()
        .projects(plan.id)
        .await?
        .into_iter()
        .map(|stored| ProjectItem {
            id: stored.id,
            group: stored.project.group,
            title: stored.project.title.text,
            lead_services: stored.project.lead_services,
            deliverables: stored.project.deliverables,
            priority: stored.project.priority.text,
            reports: reports
                .iter()
                .filter(|r| r.project_id == stored.id)
                .filter(|r| pending || r.status == SubmissionStatus::Approved)
                .map(report_item)
                .collect(),
        })
        .collect();
    Ok(Json(ProjectList { projects }))
}

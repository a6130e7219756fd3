//! A business plan's projects and key actions: the list by group with each
//! project's latest approved progress report, one project's page with its
//! deliverables and the history of its reports, and entering, approving and
//! returning six-monthly reports.
//!
//! Reports awaiting a decision are shown only to those who enter or check
//! them; everyone else sees approved reports alone. Sign-off is the core's
//! ([`workflow`]), as for figures.

use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use serde::Deserialize;
use trustboard_core::limits::{check_length, MAX_NOTE_CHARS};
use trustboard_core::projects::{
    chosen_rag, rag_code, report_period, PriorityReference, ProgressStatus, CHOSEN_RAGS,
};
use trustboard_core::workflow::{self, SubmissionStatus};
use trustboard_report::build::risks::score_text;
use trustboard_report::RagBadge;
use trustboard_store::audit::AuditAction;
use trustboard_store::projects::{
    latest_approved, DecisionOutcome, ProjectReport, ReportDecision, ReportDraft, StoredProject,
};
use trustboard_store::PlanHandle;

use super::work::{audit_entry, form_version, load_plan_handle, plan_crumbs, see_other, DoneQuery};
use crate::authz::{sees_pending, Action, ApproveFigures, EnterFigures, ViewPlans};
use crate::csrf::CsrfForm;
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans/{id}/projects", get(list))
        .route("/plans/{id}/projects/{project}", get(show))
        .route("/plans/{id}/projects/{project}/reports", post(enter))
        .route(
            "/plans/{id}/projects/{project}/reports/{report}/approve",
            post(approve),
        )
        .route(
            "/plans/{id}/projects/{project}/reports/{report}/return",
            post(send_back),
        )
}

/// `/plans/{plan}/projects/{project}/reports/{report}`, as far as it goes.
pub struct ProjectPath {
    plan: i64,
    project: Option<i64>,
    report: Option<i64>,
}

impl<S: Send + Sync> FromRequestParts<S> for ProjectPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(segments) = Path::<Vec<String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let number = |n: usize| -> Result<Option<i64>, AppError> {
            segments
                .get(n)
                .map(|text| text.parse().map_err(|_| AppError::NotFound))
                .transpose()
        };
        Ok(ProjectPath {
            plan: number(0)?.ok_or(AppError::NotFound)?,
            project: number(1)?,
            report: number(2)?,
        })
    }
}

fn project_href(plan_id: i64, project_id: i64) -> String {
    format!("/plans/{plan_id}/projects/{project_id}")
}

/// A report's status and rating as pages show them: the rating always with its shape, letter and word.
struct ReportView {
    id: i64,
    version: i64,
    period: String,
    status: &'static str,
    badge: RagBadge,
    commentary: String,
    author: String,
    entered: String,
    sign_off: String,
    return_reason: Option<String>,
    pending: bool,
    /// Why this person may not decide it, when they wrote it.
    refusal: Option<&'static str>,
}

/// What the approval buttons say to a report's own author.
const OWN_REPORT_REFUSAL: &str =
    "You entered this report, so you cannot approve or return it. Another performance officer must check it.";

impl ReportView {
    fn new(report: &ProjectReport, current: &CurrentUser) -> Self {
        let sign_off = match (&report.decided_by, report.decided_at) {
            (Some(by), Some(at)) => {
                format!("{} by {by}, {}", report.status.label(), display_time(at))
            }
            _ => report.status.label().to_owned(),
        };
        ReportView {
            id: report.id,
            version: report.version,
            period: report.period.to_string(),
            status: report.progress.label(),
            badge: RagBadge::new(report.rag.into()),
            commentary: report.commentary.clone(),
            author: report.author.clone(),
            entered: display_time(report.created_at),
            sign_off,
            return_reason: report.return_reason.clone(),
            pending: report.status == SubmissionStatus::Submitted,
            refusal: (!workflow::may_decide(report.author_id, current.user.id))
                .then_some(OWN_REPORT_REFUSAL),
        }
    }
}

struct ProjectLine {
    href: String,
    title: String,
    lead: String,
    latest: Option<ReportView>,
    /// Reports awaiting a decision, shown to those who see them.
    waiting: usize,
}

struct GroupView {
    name: String,
    lines: Vec<ProjectLine>,
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ListPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_title: String,
    groups: Vec<GroupView>,
    sees_pending: bool,
}

pub async fn list(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: ProjectPath,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let store = state.store();
    let reports = store.project_reports(plan.id).await?;
    let sees_pending = sees_pending(&auth.current);
    let mut groups: Vec<GroupView> = Vec::new();
    for stored in store.projects(plan.id).await? {
        let line = ProjectLine {
            href: project_href(plan.id, stored.id),
            title: stored.project.title.text.clone(),
            lead: stored.project.lead_services.join("; "),
            latest: latest_approved(&reports, stored.id, None)
                .map(|r| ReportView::new(r, &auth.current)),
            waiting: reports
                .iter()
                .filter(|r| r.project_id == stored.id && r.status == SubmissionStatus::Submitted)
                .count(),
        };
        match groups.last_mut() {
            Some(group) if group.name == stored.project.group => group.lines.push(line),
            _ => groups.push(GroupView {
                name: stored.project.group,
                lines: vec![line],
            }),
        }
    }
    let page = ListPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        plan_title: plan.title.clone(),
        groups,
        sees_pending,
    };
    Ok(render(&page)?.into_response())
}

/// A choice in the report form.
struct Choice {
    value: &'static str,
    label: String,
    checked: bool,
}

/// The report form as sent, to show again with its errors.
#[derive(Deserialize, Default)]
pub struct ReportForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    rag: String,
    #[serde(default)]
    commentary: String,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    project_id: i64,
    project: trustboard_core::projects::Project,
    references: Vec<String>,
    reports: Vec<ReportView>,
    may_enter: bool,
    may_decide: bool,
    form: ReportForm,
    statuses: Vec<Choice>,
    rags: Vec<Choice>,
    errors: Vec<FieldError>,
    done: Option<&'static str>,
    risks: Vec<ProjectRisk>,
    may_manage_risks: bool,
}

/// A risk of the project, as its page lists it.
struct ProjectRisk {
    href: String,
    number: String,
    description: String,
    residual: String,
    overdue: bool,
}

impl ProjectPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

async fn project_of_plan(
    state: &AppState,
    path: &ProjectPath,
) -> Result<(PlanHandle, StoredProject), AppError> {
    let plan = load_plan_handle(state, path.plan).await?;
    let project = state
        .store()
        .project(plan.id, path.project.ok_or(AppError::NotFound)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((plan, project))
}

async fn project_page(
    state: &AppState,
    current: &CurrentUser,
    plan: &PlanHandle,
    stored: StoredProject,
    form: ReportForm,
) -> Result<ProjectPage, AppError> {
    let sees_pending = sees_pending(current);
    let reports: Vec<ReportView> = state
        .store()
        .project_reports(plan.id)
        .await?
        .iter()
        .rev()
        .filter(|r| r.project_id == stored.id)
        .filter(|r| sees_pending || r.status == SubmissionStatus::Approved)
        .map(|r| ReportView::new(r, current))
        .collect();
    let today = Utc::now().date_naive();
    let risks = state
        .store()
        .risks(plan.id)
        .await?
        .into_iter()
        .filter(|r| r.project.as_ref().is_some_and(|p| p.id == stored.id))
        .map(|r| ProjectRisk {
            href: format!("/plans/{}/risks/{}", plan.id, r.number),
            number: format!("R{}", r.number),
            residual: score_text(r.risk.residual),
            overdue: r.risk.is_review_overdue(today),
            description: r.risk.description,
        })
        .collect();
    let mut breadcrumbs = plan_crumbs(plan);
    breadcrumbs.push(Crumb::new(
        "Projects",
        format!("/plans/{}/projects", plan.id),
    ));
    let statuses = ProgressStatus::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.code(),
            label: s.label().to_owned(),
            checked: form.status == s.code(),
        })
        .collect();
    let rags = CHOSEN_RAGS
        .into_iter()
        .map(|rag| {
            let badge = RagBadge::new(rag.into());
            Choice {
                value: rag_code(rag),
                label: format!("{} {} {}", badge.shape, badge.letter, badge.label),
                checked: form.rag == rag_code(rag),
            }
        })
        .collect();
    Ok(ProjectPage {
        nav: current.nav(),
        breadcrumbs,
        plan_id: plan.id,
        project_id: stored.id,
        references: stored
            .project
            .priority_references
            .iter()
            .map(PriorityReference::to_string)
            .collect(),
        project: stored.project,
        reports,
        may_enter: current.can(Action::EnterFigures),
        may_decide: current.can(Action::ApproveFigures),
        form,
        statuses,
        rags,
        errors: Vec::new(),
        done: None,
        risks,
        may_manage_risks: current.can(Action::ManageRisks),
    })
}

pub async fn show(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: ProjectPath,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (plan, project) = project_of_plan(&state, &path).await?;
    let mut page =
        project_page(&state, &auth.current, &plan, project, ReportForm::default()).await?;
    page.done = match query.done.as_deref() {
        Some("entered") => Some("Progress report entered"),
        Some("approved") => Some("Progress report approved"),
        Some("returned") => Some("Progress report returned to its author"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// The report a form describes, or what is wrong with each field.
fn read_form(
    form: &ReportForm,
) -> Result<
    (
        trustboard_core::period::Period,
        ProgressStatus,
        trustboard_core::judge::rag::Rag,
    ),
    Vec<FieldError>,
> {
    let mut errors = Vec::new();
    let period = report_period(form.period.trim())
        .map_err(|e| errors.push(FieldError::new("period", e.to_string())))
        .ok();
    let status = ProgressStatus::from_code(&form.status);
    if status.is_none() {
        errors.push(FieldError::new("status", "Choose how the project stands"));
    }
    let rag = chosen_rag(&form.rag);
    if rag.is_none() {
        errors.push(FieldError::new("rag", "Choose red, amber or green"));
    }
    let commentary = form.commentary.trim();
    if commentary.is_empty() {
        errors.push(FieldError::new("commentary", "Enter the progress made"));
    } else if let Err(message) = check_length("The commentary", commentary, MAX_NOTE_CHARS) {
        errors.push(FieldError::new("commentary", message));
    }
    match (period, status, rag) {
        (Some(period), Some(status), Some(rag)) if errors.is_empty() => Ok((period, status, rag)),
        _ => Err(errors),
    }
}

pub async fn enter(
    auth: Authorised<EnterFigures>,
    State(state): State<AppState>,
    path: ProjectPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let (plan, project) = project_of_plan(&state, &path).await?;
    let (period, progress, rag) = match read_form(&form) {
        Ok(report) => report,
        Err(errors) => {
            let mut page = project_page(&state, current, &plan, project, form).await?;
            page.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let subject = format!("project `{}`, {period}", project.project.title.text);
    let detail = format!(
        "{}, {}: {}",
        progress.label(),
        rag.label(),
        form.commentary.trim()
    );
    let address_text = address.to_string();
    let audit = audit_entry(
        current,
        AuditAction::ProjectReportSubmitted,
        &subject,
        &detail,
        &address_text,
    );
    let draft = ReportDraft {
        period,
        progress,
        rag,
        commentary: form.commentary.trim(),
        author: current.actor(),
        at: Utc::now(),
    };
    state
        .store()
        .enter_project_report(plan.id, project.id, &draft, &audit)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other(&format!(
        "{}?done=entered",
        project_href(plan.id, project.id)
    )))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    reason: String,
}

/// Makes a decision on the report in `path`, answering as the outcome requires.
async fn decide(
    state: &AppState,
    current: &CurrentUser,
    path: &ProjectPath,
    address: std::net::IpAddr,
    form: DecisionForm,
    returning: bool,
) -> Result<Response, AppError> {
    let (plan, project) = project_of_plan(state, path).await?;
    let report = state
        .store()
        .project_report(plan.id, path.report.ok_or(AppError::NotFound)?)
        .await?
        .filter(|r| r.project_id == project.id)
        .ok_or(AppError::NotFound)?;
    let version = form_version(&form.version)?;
    let reason = form.reason.trim();
    if returning && workflow::may_decide(report.author_id, current.user.id) {
        let problem = match check_length("The reason", reason, MAX_NOTE_CHARS) {
            _ if reason.is_empty() => Some("Enter why the report is being returned".to_owned()),
            Err(message) => Some(message),
            Ok(()) => None,
        };
        if let Some(message) = problem {
            let mut page =
                project_page(state, current, &plan, project, ReportForm::default()).await?;
            page.errors = vec![FieldError::new("reason", message)];
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    }
    let (decision, action, done) = if returning {
        (
            ReportDecision::Return { reason },
            AuditAction::ProjectReportReturned,
            "returned",
        )
    } else {
        (
            ReportDecision::Approve,
            AuditAction::ProjectReportApproved,
            "approved",
        )
    };
    let subject = format!(
        "project `{}`, {}",
        project.project.title.text, report.period
    );
    let detail = format!(
        "report entered by {}{}",
        report.author,
        if returning {
            format!(": {reason}")
        } else {
            String::new()
        }
    );
    let address_text = address.to_string();
    let audit = audit_entry(current, action, &subject, &detail, &address_text);
    let outcome = state
        .store()
        .decide_project_report(
            plan.id,
            report.id,
            version,
            decision,
            current.actor(),
            &audit,
        )
        .await?;
    match outcome {
        DecisionOutcome::Done => Ok(see_other(&format!(
            "{}?done={done}",
            project_href(plan.id, project.id)
        ))),
        DecisionOutcome::Conflict | DecisionOutcome::NotPending => Err(AppError::Conflict),
        DecisionOutcome::OwnEntry => Err(AppError::Forbidden),
        DecisionOutcome::Missing => Err(AppError::NotFound),
    }
}

pub async fn approve(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
    path: ProjectPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    decide(&state, &auth.current, &path, address, form, false).await
}

pub async fn send_back(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
    path: ProjectPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<Response, AppError> {
    decide(&state, &auth.current, &path, address, form, true).await
}

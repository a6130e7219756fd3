//! Data-quality sign-off: the queue of entries awaiting approval, and
//! approving (the figure goes into the plan) or returning one with a reason.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use trustboard_core::judge::preview::judge_with_entry;
use trustboard_core::limits::{check_length, MAX_NOTE_CHARS};
use trustboard_core::workflow::{self, SubmissionStatus};
use trustboard_report::RagBadge;
use trustboard_store::audit::AuditAction;
use trustboard_store::entry::{Decision, SlotValue, Submission};
use trustboard_store::PlanHandle;

use super::figures::rag_label;
use super::{
    audit_entry, find_indicator, load_plan_handle, loaded_plan, plan_crumbs, see_other, DoneQuery,
    WorkPath,
};
use crate::authz::ApproveFigures;
use crate::csrf::{CsrfForm, NoFields};
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

/// An entry as the queue and its page show it.
struct EntryRow {
    id: i64,
    indicator: String,
    entry_href: String,
    slot: String,
    text: String,
    current: String,
    /// The stored figure changed after the entry was made.
    stale: bool,
    commentary: String,
    internal: bool,
    author: String,
    submitted: String,
}

fn entry_row(plan: &PlanHandle, entry: &Submission, value: &SlotValue) -> EntryRow {
    let mut slot = entry.slot.period.to_string();
    for part in [&entry.slot.locality, &entry.slot.group]
        .into_iter()
        .flatten()
    {
        slot.push_str(", ");
        slot.push_str(part);
    }
    EntryRow {
        id: entry.id,
        indicator: entry.slot.indicator.clone(),
        entry_href: format!(
            "/plans/{}/indicators/{}/entry?period={}",
            plan.id,
            segment(&entry.slot.indicator),
            segment(&entry.slot.period.to_string())
        ),
        slot,
        text: entry.text.clone(),
        current: value
            .current
            .as_ref()
            .map_or_else(|| "None recorded".to_owned(), |c| c.text.clone()),
        stale: value.version != entry.base_version,
        commentary: entry.commentary.clone(),
        internal: entry.commentary_internal,
        author: entry.author.clone(),
        submitted: entry.submitted_at.map(display_time).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "approvals.html")]
struct QueuePage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    plan_title: String,
    entries: Vec<EntryRow>,
    reports: Vec<ReportRow>,
    done: Option<&'static str>,
}

/// A project progress report awaiting a decision, decided on its project's page.
struct ReportRow {
    href: String,
    project: String,
    period: String,
    badge: RagBadge,
    author: String,
    entered: String,
}

/// The plan's project reports awaiting a decision, oldest first.
async fn waiting_reports(state: &AppState, plan: &PlanHandle) -> Result<Vec<ReportRow>, AppError> {
    let projects = state.store().projects(plan.id).await?;
    Ok(state
        .store()
        .project_reports(plan.id)
        .await?
        .into_iter()
        .filter(|r| r.status == SubmissionStatus::Submitted)
        .map(|r| ReportRow {
            href: format!("/plans/{}/projects/{}", plan.id, r.project_id),
            project: projects
                .iter()
                .find(|p| p.id == r.project_id)
                .map(|p| p.project.title.text.clone())
                .unwrap_or_default(),
            period: r.period.to_string(),
            badge: RagBadge::new(r.rag.into()),
            author: r.author,
            entered: display_time(r.created_at),
        })
        .collect())
}

pub async fn queue(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
    path: WorkPath,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let store = state.store();
    let mut entries = Vec::new();
    for entry in store
        .submissions(plan.id, SubmissionStatus::Submitted)
        .await?
    {
        let value = store.slot_value(plan.id, &entry.slot).await?;
        entries.push(entry_row(&plan, &entry, &value));
    }
    let page = QueuePage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        plan_id: plan.id,
        plan_title: plan.title.clone(),
        entries,
        reports: waiting_reports(&state, &plan).await?,
        done: match query.done.as_deref() {
            Some("approved") => Some("Figure approved and added to the plan"),
            Some("returned") => Some("Figure returned to its author"),
            _ => None,
        },
    };
    Ok(render(&page)?.into_response())
}

/// What approving the entry would make of the indicator: its target, the
/// figure it is compared with, and the RAG rating it would get.
struct ApprovalOutcome {
    target: String,
    previous: String,
    rag_label: &'static str,
    rag_class: &'static str,
    rag_rule: String,
}

impl ApprovalOutcome {
    async fn of(
        state: &AppState,
        plan: &PlanHandle,
        entry: &Submission,
    ) -> Result<ApprovalOutcome, AppError> {
        let loaded = loaded_plan(state, plan).await?;
        let doc = &loaded.doc;
        let indicator = find_indicator(doc, &entry.slot.indicator)?;
        let judgement = judge_with_entry(
            doc,
            indicator,
            &entry.slot,
            &entry.text,
            Utc::now().date_naive(),
        );
        let (rag_label, rag_class) = rag_label(judgement.rag.rag);
        Ok(ApprovalOutcome {
            target: judgement.target.map_or_else(
                || "No target set".to_owned(),
                |t| format!("{} ({})", t.value.text, t.value.column),
            ),
            previous: judgement.previous.map_or_else(
                || "No earlier figure to compare with".to_owned(),
                |p| format!("{} ({})", p.text, p.column),
            ),
            rag_label,
            rag_class,
            rag_rule: judgement.rag.rule,
        })
    }
}

#[derive(Template)]
#[template(path = "approval.html")]
struct DecisionPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    entry: EntryRow,
    outcome: ApprovalOutcome,
    errors: Vec<FieldError>,
    conflict: bool,
    /// Why this person may not decide the entry, shown instead of the buttons.
    refusal: Option<&'static str>,
    /// Who decided it, when someone else did so first.
    decided: Option<String>,
}

impl DecisionPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

/// Entry `path.item` of plan `path.plan`, whatever its state; any other is not found.
async fn entry_of_plan(
    state: &AppState,
    path: &WorkPath,
) -> Result<(PlanHandle, Submission), AppError> {
    let plan = load_plan_handle(state, path.plan).await?;
    let entry = state
        .store()
        .submission(path.item_id()?)
        .await?
        .filter(|e| e.plan_id == plan.id && e.status != SubmissionStatus::Draft)
        .ok_or(AppError::NotFound)?;
    Ok((plan, entry))
}

async fn decision_page(
    state: &AppState,
    current: &CurrentUser,
    plan: &PlanHandle,
    entry: &Submission,
) -> Result<DecisionPage, AppError> {
    let value = state.store().slot_value(plan.id, &entry.slot).await?;
    let mut breadcrumbs = plan_crumbs(plan);
    breadcrumbs.push(Crumb::new(
        "Approvals",
        format!("/plans/{}/approvals", plan.id),
    ));
    Ok(DecisionPage {
        nav: current.nav(),
        breadcrumbs,
        plan_id: plan.id,
        entry: entry_row(plan, entry, &value),
        outcome: ApprovalOutcome::of(state, plan, entry).await?,
        errors: Vec::new(),
        conflict: false,
        refusal: (!workflow::may_decide(entry.author_id, current.user.id))
            .then_some(workflow::OWN_ENTRY_REFUSAL),
        decided: None,
    })
}

/// The answer to a decision that cannot be made: the entry is the decider's
/// own (403), or someone decided it first (409, saying who and how).
async fn not_decided(
    state: &AppState,
    current: &CurrentUser,
    plan: &PlanHandle,
    id: i64,
) -> Result<Response, AppError> {
    let entry = state
        .store()
        .submission(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut page = decision_page(state, current, plan, &entry).await?;
    if page.refusal.is_some() {
        return Ok((StatusCode::FORBIDDEN, render(&page)?).into_response());
    }
    page.decided = Some(format!(
        "{} by {}",
        entry.status.label(),
        entry.decided_by.as_deref().unwrap_or("someone else")
    ));
    Ok((StatusCode::CONFLICT, render(&page)?).into_response())
}

pub async fn show(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
    path: WorkPath,
) -> Result<Response, AppError> {
    let (plan, entry) = entry_of_plan(&state, &path).await?;
    if entry.status != SubmissionStatus::Submitted {
        return Err(AppError::NotFound);
    }
    let page = decision_page(&state, &auth.current, &plan, &entry).await?;
    Ok(render(&page)?.into_response())
}

pub async fn approve(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let (plan, entry) = entry_of_plan(&state, &path).await?;
    let subject = entry.slot.describe();
    let detail = format!("`{}` entered by {}", entry.text, entry.author);
    let address_text = address.to_string();
    let audit = audit_entry(
        current,
        AuditAction::EntryApproved,
        &subject,
        &detail,
        &address_text,
    );
    match state
        .store()
        .approve_submission(entry.id, current.actor(), Utc::now(), &audit)
        .await?
    {
        Decision::Done => Ok(see_other(&format!(
            "/plans/{}/approvals?done=approved",
            plan.id
        ))),
        Decision::Conflict(_) => {
            let mut page = decision_page(&state, current, &plan, &entry).await?;
            page.conflict = true;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Decision::NotPending | Decision::OwnEntry => {
            not_decided(&state, current, &plan, entry.id).await
        }
    }
}

#[derive(Deserialize)]
pub struct ReturnForm {
    #[serde(default)]
    reason: String,
}

pub async fn send_back(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<ReturnForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let (plan, entry) = entry_of_plan(&state, &path).await?;
    let reason = form.reason.trim();
    let decidable = entry.status == SubmissionStatus::Submitted
        && workflow::may_decide(entry.author_id, current.user.id);
    if !decidable {
        return not_decided(&state, current, &plan, entry.id).await;
    }
    let problem = match check_length("The reason", reason, MAX_NOTE_CHARS) {
        _ if reason.is_empty() => Some("Enter why the figure is being returned".to_owned()),
        Err(message) => Some(message),
        Ok(()) => None,
    };
    if let Some(message) = problem {
        let mut page = decision_page(&state, current, &plan, &entry).await?;
        page.errors = vec![FieldError::new("reason", message)];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let subject = entry.slot.describe();
    let detail = format!("`{}` entered by {}: {reason}", entry.text, entry.author);
    let address_text = address.to_string();
    let audit = audit_entry(
        current,
        AuditAction::EntryReturned,
        &subject,
        &detail,
        &address_text,
    );
    match state
        .store()
        .return_submission(entry.id, current.actor(), reason, Utc::now(), &audit)
        .await?
    {
        Decision::NotPending | Decision::OwnEntry => {
            not_decided(&state, current, &plan, entry.id).await
        }
        Decision::Done | Decision::Conflict(_) => Ok(see_other(&format!(
            "/plans/{}/approvals?done=returned",
            plan.id
        ))),
    }
}

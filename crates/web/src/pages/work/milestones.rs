//! Action plans: a node's milestones, one milestone with its progress notes
//! and status, and the milestones across a plan that are overdue or at risk.
//! "Overdue" is worked out from the due date and today, never stored.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use trustboard_core::limits::{check_length, MAX_NOTE_CHARS};
use trustboard_core::model::MilestoneStatus;
use trustboard_store::actions::{MilestoneRecord, MilestoneUpdate};
use trustboard_store::audit::AuditAction;
use trustboard_store::owners::Owned;
use trustboard_store::PlanHandle;

use super::owners::{assign, owner_options, OwnerForm, OwnerOption};

use super::{
    audit_entry, form_version, load_plan_handle, loaded_plan, plan_crumbs, see_other,
    versioned_write, DoneQuery, WorkPath,
};
use crate::authz::{may_answer_for, Action, AssignOwners, UpdateMilestones, ViewPlans};
use crate::csrf::CsrfForm;
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

/// A milestone as the lists show it.
struct MilestoneRow {
    href: String,
    node: String,
    text: String,
    due: String,
    owner: String,
    status: &'static str,
    status_class: &'static str,
    overdue: bool,
}

fn status_tag(status: Option<MilestoneStatus>) -> (&'static str, &'static str) {
    match status {
        None => ("No status recorded", "tag--grey"),
        Some(MilestoneStatus::NotStarted) => ("Not started", "tag--grey"),
        Some(MilestoneStatus::OnTrack) => ("On track", "tag--green"),
        Some(MilestoneStatus::AtRisk) => ("At risk", "tag--yellow"),
        Some(MilestoneStatus::Complete) => ("Complete", "tag--purple"),
    }
}

/// The due date, else the timescale as written.
pub fn due_text(milestone: &MilestoneRecord) -> String {
    milestone
        .due
        .map(|d| d.format("%-d %b %Y").to_string())
        .or_else(|| milestone.timescale.clone())
        .unwrap_or_else(|| "Not stated".to_owned())
}

fn row(plan_id: i64, milestone: &MilestoneRecord, today: NaiveDate) -> MilestoneRow {
    let (status, status_class) = status_tag(milestone.status);
    MilestoneRow {
        href: format!("/plans/{plan_id}/milestones/{}", milestone.id),
        node: milestone.node.clone(),
        text: milestone.text.clone(),
        due: due_text(milestone),
        owner: milestone
            .owner
            .as_ref()
            .map(|o| o.username.clone())
            .or_else(|| milestone.owner_named.clone())
            .unwrap_or_else(|| "Not named".to_owned()),
        status,
        status_class,
        overdue: milestone.is_overdue(today),
    }
}

#[derive(Template)]
#[template(path = "action_plan.html")]
struct ActionPlanPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    heading: String,
    caption: String,
    intro: &'static str,
    rows: Vec<MilestoneRow>,
}

pub async fn action_plan(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: WorkPath,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let milestones = state.store().milestones(plan.id, Some(&path.item)).await?;
    let loaded = loaded_plan(&state, &plan).await?;
    let doc = &loaded.doc;
    let node = doc
        .nodes
        .iter()
        .find(|n| n.code == path.item)
        .ok_or(AppError::NotFound)?;
    let today = Utc::now().date_naive();
    let page = ActionPlanPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        heading: format!("Action plan: {} {}", node.code, node.title),
        caption: plan.title.clone(),
        intro: "The milestones planned for this part of the plan.",
        rows: milestones.iter().map(|m| row(plan.id, m, today)).collect(),
    };
    Ok(render(&page)?.into_response())
}

pub async fn needing_attention(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: WorkPath,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let today = Utc::now().date_naive();
    let rows = state
        .store()
        .milestones(plan.id, None)
        .await?
        .iter()
        .filter(|m| m.is_overdue(today) || m.status == Some(MilestoneStatus::AtRisk))
        .map(|m| row(plan.id, m, today))
        .collect();
    let page = ActionPlanPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        heading: "Milestones overdue or at risk".to_owned(),
        caption: plan.title.clone(),
        intro: "Milestones past their due date and not complete, and those their owners report at risk.",
        rows,
    };
    Ok(render(&page)?.into_response())
}

struct StatusOption {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

struct NoteRow {
    text: String,
    author: String,
    written: String,
}

#[derive(Template)]
#[template(path = "milestone.html")]
struct MilestonePage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    id: i64,
    milestone: MilestoneRow,
    timescale: Option<String>,
    /// The versions of the status and of the owner the page shows.
    status_version: i64,
    owner_version: i64,
    may_update: bool,
    may_assign: bool,
    statuses: Vec<StatusOption>,
    owners: Vec<OwnerOption>,
    notes: Vec<NoteRow>,
    errors: Vec<FieldError>,
    note: String,
    done: Option<&'static str>,
}

impl MilestonePage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

async fn load_milestone(
    state: &AppState,
    path: &WorkPath,
) -> Result<(PlanHandle, MilestoneRecord), AppError> {
    let plan = load_plan_handle(state, path.plan).await?;
    let milestone = state
        .store()
        .milestone(plan.id, path.item_id()?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((plan, milestone))
}

fn owns(current: &CurrentUser, milestone: &MilestoneRecord) -> bool {
    milestone
        .owner
        .as_ref()
        .is_some_and(|o| o.user_id == current.user.id)
}

async fn milestone_page(
    state: &AppState,
    current: &CurrentUser,
    plan: &PlanHandle,
    milestone: &MilestoneRecord,
) -> Result<MilestonePage, AppError> {
    let today = Utc::now().date_naive();
    let notes = state.store().milestone_notes(milestone.id).await?;
    let may_assign = current.can(Action::AssignOwners);
    let mut breadcrumbs = plan_crumbs(plan);
    breadcrumbs.push(Crumb::new(
        format!("Action plan {}", milestone.node),
        format!(
            "/plans/{}/nodes/{}/actions",
            plan.id,
            segment(&milestone.node)
        ),
    ));
    Ok(MilestonePage {
        nav: current.nav(),
        breadcrumbs,
        plan_id: plan.id,
        id: milestone.id,
        milestone: row(plan.id, milestone, today),
        timescale: milestone.timescale.clone(),
        status_version: milestone.status_version,
        owner_version: milestone.owner_version,
        may_update: current.can(Action::UpdateMilestones)
            && may_answer_for(current.user.role, owns(current, milestone)),
        may_assign,
        statuses: MilestoneStatus::ALL
            .into_iter()
            .map(|s| StatusOption {
                value: s.code(),
                label: s.label(),
                checked: milestone.status == Some(s),
            })
            .collect(),
        owners: if may_assign {
            owner_options(
                state,
                &current.user.organisation.name,
                milestone.owner.as_ref().map(|o| o.user_id),
            )
            .await?
        } else {
            Vec::new()
        },
        notes: notes
            .iter()
            .map(|n| NoteRow {
                text: n.text.clone(),
                author: n.author.clone(),
                written: display_time(n.written_at),
            })
            .collect(),
        errors: Vec::new(),
        note: String::new(),
        done: None,
    })
}

pub async fn show(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: WorkPath,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (plan, milestone) = load_milestone(&state, &path).await?;
    let mut page = milestone_page(&state, &auth.current, &plan, &milestone).await?;
    page.done = match query.done.as_deref() {
        Some("status") => Some("Status saved"),
        Some("note") => Some("Progress note added"),
        Some("owner") => Some("Owner saved"),
        _ => None,
    };
    Ok(render(&page)?.into_response())
}

/// The milestone, if `current` may record its progress.
async fn answerable(
    state: &AppState,
    current: &CurrentUser,
    path: &WorkPath,
) -> Result<(PlanHandle, MilestoneRecord), AppError> {
    let (plan, milestone) = load_milestone(state, path).await?;
    if !may_answer_for(current.user.role, owns(current, &milestone)) {
        return Err(AppError::Forbidden);
    }
    Ok((plan, milestone))
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    /// The status version the page showed.
    #[serde(default)]
    status_version: String,
}

pub async fn set_status(
    auth: Authorised<UpdateMilestones>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let (plan, milestone) = answerable(&state, current, &path).await?;
    let status = MilestoneStatus::from_code(&form.status).ok_or(AppError::BadRequest)?;
    let based_on = form_version(&form.status_version)?;
    let subject = format!("milestone {} of {}", milestone.id, plan.name);
    let address_text = address.to_string();
    let detail = status.label();
    let audit = audit_entry(
        current,
        AuditAction::MilestoneStatusChanged,
        &subject,
        detail,
        &address_text,
    );
    let update = MilestoneUpdate::Status { status, based_on };
    let written = state
        .store()
        .update_milestone(milestone.id, update, current.actor(), Utc::now(), &audit)
        .await?;
    versioned_write(written)?;
    Ok(see_other(&format!(
        "/plans/{}/milestones/{}?done=status",
        plan.id, milestone.id
    )))
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn add_note(
    auth: Authorised<UpdateMilestones>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let (plan, milestone) = answerable(&state, current, &path).await?;
    let note = form.note.trim();
    let problem = match note {
        "" => Some("Enter a progress note".to_owned()),
        _ => check_length("Progress note", note, MAX_NOTE_CHARS).err(),
    };
    if let Some(message) = problem {
        let mut page = milestone_page(&state, current, &plan, &milestone).await?;
        page.errors = vec![FieldError::new("note", message)];
        page.note = form.note.clone();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let subject = format!("milestone {} of {}", milestone.id, plan.name);
    let address_text = address.to_string();
    // The note itself is kept once, with the milestone; the audit says only that
    // one was added and how long it is.
    let detail = format!("{} characters", note.chars().count());
    let audit = audit_entry(
        current,
        AuditAction::MilestoneNoteAdded,
        &subject,
        &detail,
        &address_text,
    );
    let written = state
        .store()
        .update_milestone(
            milestone.id,
            MilestoneUpdate::Note(note),
            current.actor(),
            Utc::now(),
            &audit,
        )
        .await?;
    versioned_write(written)?;
    Ok(see_other(&format!(
        "/plans/{}/milestones/{}?done=note",
        plan.id, milestone.id
    )))
}

pub async fn assign_owner(
    auth: Authorised<AssignOwners>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<OwnerForm>,
) -> Result<Response, AppError> {
    let (plan, milestone) = load_milestone(&state, &path).await?;
    let description = format!("milestone {} of {}", milestone.id, plan.name);
    let subject = Owned::Milestone { id: milestone.id };
    assign(&state, &auth.current, subject, &description, &form, address).await?;
    Ok(see_other(&format!(
        "/plans/{}/milestones/{}?done=owner",
        plan.id, milestone.id
    )))
}

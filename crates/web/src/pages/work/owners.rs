//! Naming owners: an indicator's settings page, where performance officers
//! choose its lead officer, and each lead officer's list of what they own.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use trustboard_core::access::Role;
use trustboard_core::workflow::SubmissionStatus;
use trustboard_store::audit::AuditAction;
use trustboard_store::owners::{Owned, OwnerChange};

use super::{audit_entry, load_plan_handle, see_other, segment, DoneQuery, WorkPath};
use crate::authz::{Action, AssignOwners, ViewOwnWork};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::pages::{render, Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::AppState;

pub struct OwnerOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// "No owner" and every active lead officer, with `selected` chosen.
pub async fn owner_options(
    state: &AppState,
    selected: Option<i64>,
) -> Result<Vec<OwnerOption>, AppError> {
    let mut options = vec![OwnerOption {
        value: String::new(),
        label: "No owner".to_owned(),
        selected: selected.is_none(),
    }];
    for user in state.store().users().await? {
        if user.role == Role::LeadOfficer && !user.is_disabled() {
            options.push(OwnerOption {
                value: user.id.to_string(),
                label: user.username.clone(),
                selected: selected == Some(user.id),
            });
        }
    }
    Ok(options)
}

/// The owner a form names: blank for none, otherwise an active lead officer.
pub async fn chosen_owner(
    state: &AppState,
    field: &str,
) -> Result<Option<(i64, String)>, AppError> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(None);
    }
    let id: i64 = field.parse().map_err(|_| AppError::BadRequest)?;
    let user = state.store().user(id).await?.ok_or(AppError::BadRequest)?;
    if user.role != Role::LeadOfficer || user.is_disabled() {
        return Err(AppError::BadRequest);
    }
    Ok(Some((user.id, user.username)))
}

#[derive(Template)]
#[template(path = "indicator_settings.html")]
struct SettingsPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    key: String,
    key_segment: String,
    title: String,
    owner: Option<String>,
    options: Vec<OwnerOption>,
    done: bool,
}

pub async fn settings(
    auth: Authorised<AssignOwners>,
    State(state): State<AppState>,
    path: WorkPath,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let doc = state
        .store()
        .load_plan(Some(&plan.organisation), &plan.name)
        .await?;
    let indicator = doc
        .indicators
        .iter()
        .find(|i| i.key == path.item)
        .ok_or(AppError::NotFound)?;
    let owner = state
        .store()
        .indicator_owner(plan.id, &indicator.key)
        .await?;
    let page = SettingsPage {
        nav: Nav::for_user(&auth.current),
        breadcrumbs: vec![
            Crumb::new("Home", "/"),
            Crumb::new(plan.title.clone(), format!("/plans/{}", plan.id)),
        ],
        plan_id: plan.id,
        key: indicator.key.clone(),
        key_segment: segment(&indicator.key),
        title: indicator.title.clone(),
        options: owner_options(&state, owner.as_ref().map(|o| o.user_id)).await?,
        owner: owner.map(|o| o.username),
        done: query.done.is_some(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct OwnerForm {
    #[serde(default)]
    owner: String,
}

/// Records a change of owner with its audit event.
pub async fn assign(
    state: &AppState,
    current: &CurrentUser,
    subject: Owned<'_>,
    description: &str,
    form: &OwnerForm,
    address: std::net::IpAddr,
) -> Result<(), AppError> {
    let owner = chosen_owner(state, &form.owner).await?;
    let detail = match &owner {
        Some((_, username)) => format!("owner {username}"),
        None => "no owner".to_owned(),
    };
    let address_text = address.to_string();
    let audit = audit_entry(
        current,
        AuditAction::OwnerAssigned,
        description,
        &detail,
        &address_text,
    );
    let change = OwnerChange {
        subject,
        user_id: owner.map(|(id, _)| id),
        by: current.actor(),
        at: Utc::now(),
    };
    if state.store().set_owner(&change, &audit).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn assign_indicator(
    auth: Authorised<AssignOwners>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<OwnerForm>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let subject = Owned::Indicator {
        plan_id: plan.id,
        key: &path.item,
    };
    let description = format!("indicator {} of {}", path.item, plan.name);
    assign(&state, &auth.current, subject, &description, &form, address).await?;
    Ok(see_other(&format!(
        "/plans/{}/indicators/{}/settings?done=owner",
        plan.id,
        segment(&path.item)
    )))
}

struct OwnedRow {
    plan_title: String,
    code: String,
    title: String,
    entry_href: String,
}

/// A plan's approval queue, for those who sign figures off.
struct QueueLink {
    plan_title: String,
    href: String,
    attention_href: String,
    waiting: usize,
}

#[derive(Template)]
#[template(path = "my_indicators.html")]
struct MyIndicatorsPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    rows: Vec<OwnedRow>,
    milestones: Vec<OwnedMilestone>,
    queues: Vec<QueueLink>,
}

struct OwnedMilestone {
    href: String,
    text: String,
    due: String,
    status: &'static str,
    overdue: bool,
}

async fn approval_queues(state: &AppState) -> Result<Vec<QueueLink>, AppError> {
    let mut queues = Vec::new();
    for plan in state.store().plan_handles().await? {
        let waiting = state
            .store()
            .submissions(plan.id, SubmissionStatus::Submitted)
            .await?
            .len();
        queues.push(QueueLink {
            href: format!("/plans/{}/approvals", plan.id),
            attention_href: format!("/plans/{}/milestones/overdue", plan.id),
            plan_title: plan.title,
            waiting,
        });
    }
    Ok(queues)
}

pub async fn mine(
    auth: Authorised<ViewOwnWork>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let owned = state.store().owned_indicators(auth.current.user.id).await?;
    let queues = if auth.current.can(Action::ApproveFigures) {
        approval_queues(&state).await?
    } else {
        Vec::new()
    };
    let today = Utc::now().date_naive();
    let milestones = state
        .store()
        .owned_milestones(auth.current.user.id)
        .await?
        .into_iter()
        .map(|m| OwnedMilestone {
            href: format!("/plans/{}/milestones/{}", m.plan_id, m.id),
            due: super::milestones::due_text(&m),
            status: m.status.map_or("No status recorded", |s| s.label()),
            overdue: m.is_overdue(today),
            text: m.text,
        })
        .collect();
    let page = MyIndicatorsPage {
        queues,
        milestones,
        nav: Nav::for_user(&auth.current),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        rows: owned
            .into_iter()
            .map(|o| OwnedRow {
                entry_href: format!("/plans/{}/indicators/{}/entry", o.plan_id, segment(&o.key)),
                plan_title: o.plan_title,
                code: o.code.unwrap_or_default(),
                title: o.title,
            })
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

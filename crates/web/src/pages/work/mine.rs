//! Each officer's own work: the indicators and milestones they own and, for
//! those who sign figures off, each plan's approval queue.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use trustboard_core::workflow::SubmissionStatus;

use super::milestones::due_text;
use crate::authz::{may_see_organisation, Action, ApproveFigures, ViewOwnWork};
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::session::{Authorised, CurrentUser};
use crate::state::AppState;
use crate::templates::render;

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
    /// Project progress reports awaiting a decision.
    reports_waiting: usize,
}

#[derive(Template)]
#[template(path = "my_indicators.html")]
struct MyIndicatorsPage {
    nav: Nav,
    /// A performance officer: approves others' figures rather than owning indicators.
    approver: bool,
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

/// The approval queue of each plan of the officer's own organisation.
async fn approval_queues(
    state: &AppState,
    current: &CurrentUser,
) -> Result<Vec<QueueLink>, AppError> {
    let mut queues = Vec::new();
    for plan in state.store().plan_handles().await? {
        if !may_see_organisation(&current.user.organisation.name, &plan.organisation) {
            continue;
        }
        let waiting = state
            .store()
            .submissions(plan.id, SubmissionStatus::Submitted)
            .await?
            .len();
        let reports_waiting = state
            .store()
            .project_reports(plan.id)
            .await?
            .iter()
            .filter(|r| r.status == SubmissionStatus::Submitted)
            .count();
        queues.push(QueueLink {
            href: format!("/plans/{}/approvals", plan.id),
            attention_href: format!("/plans/{}/milestones/overdue", plan.id),
            plan_title: plan.title,
            waiting,
            reports_waiting,
        });
    }
    Ok(queues)
}

pub async fn show(
    auth: Authorised<ViewOwnWork>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let owned = state.store().owned_indicators(auth.current.user.id).await?;
    let approver = auth.current.can(Action::ApproveFigures);
    let queues = if approver {
        approval_queues(&state, &auth.current).await?
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
            due: due_text(&m),
            status: m.status.map_or("No status recorded", |s| s.label()),
            overdue: m.is_overdue(today),
            text: m.text,
        })
        .collect();
    let page = MyIndicatorsPage {
        approver,
        queues,
        milestones,
        nav: auth.current.nav(),
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

#[derive(Template)]
#[template(path = "approval_queues.html")]
struct ApprovalQueuesPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    queues: Vec<QueueLink>,
}

/// Every plan's approval queue, reached from the main navigation.
pub async fn queues(
    auth: Authorised<ApproveFigures>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let page = ApprovalQueuesPage {
        queues: approval_queues(&state, &auth.current).await?,
        nav: auth.current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
    };
    Ok(render(&page)?.into_response())
}

//! The write side of a plan: entering out-turns and commentary, signing them
//! off, naming owners, and keeping action-plan milestones up to date.
//!
//! Role rules live in [`crate::authz`]; whether a lead officer owns the
//! indicator or milestone in hand is checked here, from the store, through
//! [`crate::authz::may_answer_for`].

pub mod approvals;
pub mod figures;
pub mod milestones;
pub mod mine;
pub mod owners;
pub mod polarity;

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use trustboard_core::model::{Indicator, PlanDocument};
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::{PlanHandle, Versioned};

use crate::error::AppError;
use crate::navigation::{plan_path, Crumb};
use crate::performance::cache::LoadedPlan;
use crate::session::CurrentUser;
use crate::state::AppState;

/// The numbers and names in a work page's address: `/plans/{plan}/…/{item}`.
pub struct WorkPath {
    pub plan: i64,
    pub item: String,
}

impl<S: Send + Sync> FromRequestParts<S> for WorkPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(segments) = Path::<Vec<String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let plan = segments
            .first()
            .and_then(|text| text.parse().ok())
            .ok_or(AppError::NotFound)?;
        let item = segments.get(1).cloned().unwrap_or_default();
        Ok(WorkPath { plan, item })
    }
}

impl WorkPath {
    /// The item as a row id (a milestone, an entry); anything else does not exist.
    pub fn item_id(&self) -> Result<i64, AppError> {
        self.item.parse().map_err(|_| AppError::NotFound)
    }
}

/// `?done=…` after a form succeeded, naming the message to show.
#[derive(serde::Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
}

pub async fn load_plan_handle(state: &AppState, id: i64) -> Result<PlanHandle, AppError> {
    state
        .store()
        .plan_handle(id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A plan whose handle is in hand, as the plan cache holds it: read from the
/// database only when it changed since it was last read.
pub async fn loaded_plan(state: &AppState, plan: &PlanHandle) -> Result<Arc<LoadedPlan>, AppError> {
    state.plans().plan(state.store(), plan.id).await
}

/// The plan's indicator with `key`; any other key does not exist.
pub fn find_indicator<'a>(doc: &'a PlanDocument, key: &str) -> Result<&'a Indicator, AppError> {
    doc.indicators
        .iter()
        .find(|i| i.key == key)
        .ok_or(AppError::NotFound)
}

/// Home, then the plan: where every page about one plan's work sits.
pub fn plan_crumbs(plan: &PlanHandle) -> Vec<Crumb> {
    vec![
        Crumb::new("Home", "/"),
        Crumb::new(plan.title.clone(), plan_path(plan.id)),
    ]
}

pub fn see_other(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

/// An audit record of something `current` did from `address`, now.
pub fn audit_entry<'a>(
    current: &'a CurrentUser,
    action: AuditAction,
    subject: &'a str,
    detail: &'a str,
    address: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        at: Utc::now(),
        actor: Some(current.actor()),
        action,
        subject: Some(subject),
        detail,
        client_address: Some(address),
    }
}

/// The version a form says its page showed.
pub fn form_version(field: &str) -> Result<i64, AppError> {
    field.trim().parse().map_err(|_| AppError::BadRequest)
}

/// A write made from a version, as the reply needs it: a write that lost to a
/// change made since the page was loaded gets the conflict page.
pub fn versioned_write(written: Versioned) -> Result<(), AppError> {
    match written {
        Versioned::Written => Ok(()),
        Versioned::Conflict => Err(AppError::Conflict),
        Versioned::Missing => Err(AppError::NotFound),
    }
}

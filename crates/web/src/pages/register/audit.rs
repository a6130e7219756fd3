//! For coordinators: who saw a child, what a user saw, and the closed records
//! past retention with erasure as a recorded decision.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Months, Utc};
use serde::Deserialize;
use trustboard_core::limits::{check_length, MAX_NOTE_CHARS};
use trustboard_core::register::ChildId;
use trustboard_store::register::{Erasure, RegisterAuditRecord, RegisterError};

use super::{child_path, register_crumbs};
use crate::csrf::CsrfForm;
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::register::{open_full, today, RegisterUser};
use crate::state::AppState;
use crate::templates::{render, FieldError};

pub struct AuditRow {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub child: String,
    pub detail: String,
}

impl From<&RegisterAuditRecord> for AuditRow {
    fn from(record: &RegisterAuditRecord) -> Self {
        AuditRow {
            when: display_time(record.occurred_at),
            actor: record.actor.clone(),
            action: record.action.clone(),
            child: record.child_label(),
            detail: record.detail.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "register_audit.html")]
struct AuditPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    heading: String,
    /// The user asked about, on the "what did this user see" page.
    asked: Option<String>,
    rows: Vec<AuditRow>,
}

pub async fn child(
    State(state): State<AppState>,
    user: RegisterUser,
    Path(reference): Path<String>,
) -> Result<Response, AppError> {
    user.require_coordinator(&state, "who saw a child").await?;
    let stored = open_full(&state, &user, &reference, "read who saw the record").await?;
    let rows = state
        .store()
        .register_child_audit(user.organisation(), &stored.record.child.id)
        .await
        .map_err(AppError::internal)?;
    let mut breadcrumbs = register_crumbs();
    breadcrumbs.push(Crumb::new(
        stored.record.child.name.clone(),
        child_path(&reference),
    ));
    let page = AuditPage {
        nav: user.current.nav(),
        breadcrumbs,
        heading: format!("Who saw {} ({reference})", stored.record.child.name),
        asked: None,
        rows: rows.iter().rev().map(AuditRow::from).collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct ActorQuery {
    #[serde(default)]
    user: String,
}

pub async fn actor(
    State(state): State<AppState>,
    user: RegisterUser,
    Query(query): Query<ActorQuery>,
) -> Result<Response, AppError> {
    user.require_coordinator(&state, "what a user saw").await?;
    let asked = query.user.trim().to_lowercase();
    let rows = if asked.is_empty() {
        Vec::new()
    } else {
        state
            .store()
            .register_actor_audit(user.organisation(), &asked)
            .await
            .map_err(AppError::internal)?
    };
    let page = AuditPage {
        nav: user.current.nav(),
        breadcrumbs: register_crumbs(),
        heading: "What did a user see".to_string(),
        asked: Some(asked),
        rows: rows.iter().rev().map(AuditRow::from).collect(),
    };
    Ok(render(&page)?.into_response())
}

pub struct ClosedRow {
    pub reference: String,
    pub closed: String,
    pub erase_action: String,
    /// The reason box's id: the first is `reason`, where the error summary points.
    pub field_id: String,
}

#[derive(Template)]
#[template(path = "register_retention.html")]
struct RetentionPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    months: u32,
    rows: Vec<ClosedRow>,
    errors: Vec<FieldError>,
    done: bool,
}

async fn retention_page(
    state: &AppState,
    user: &RegisterUser,
    errors: Vec<FieldError>,
    done: bool,
) -> Result<RetentionPage, AppError> {
    let months = state.config().register_retention_months;
    let closed = state
        .store()
        .register_past_retention(user.organisation(), Months::new(months), today())
        .await
        .map_err(AppError::internal)?;
    Ok(RetentionPage {
        nav: user.current.nav(),
        breadcrumbs: register_crumbs(),
        months,
        rows: closed
            .iter()
            .enumerate()
            .map(|(index, record)| ClosedRow {
                field_id: match index {
                    0 => "reason".to_string(),
                    _ => format!("reason-{index}"),
                },
                reference: record.child.0.clone(),
                closed: record.closed.to_string(),
                erase_action: format!("/register/retention/{}/erase", segment(&record.child.0)),
            })
            .collect(),
        errors,
        done,
    })
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

pub async fn retention(
    State(state): State<AppState>,
    user: RegisterUser,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    user.require_coordinator(&state, "the records past retention")
        .await?;
    let page = retention_page(&state, &user, Vec::new(), query.done.is_some()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    reason: String,
}

/// Erases a record past retention: a decision with its reason, recorded by
/// the store with an audit entry that names no child.
pub async fn erase(
    State(state): State<AppState>,
    user: RegisterUser,
    Path(reference): Path<String>,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<Response, AppError> {
    user.require_coordinator(&state, "erasure").await?;
    let reason = form.reason.trim();
    let child = ChildId::new(reference.clone());
    let past = retention_page(&state, &user, Vec::new(), false).await?;
    if !past.rows.iter().any(|row| row.reference == reference) {
        return Err(AppError::NotFound);
    }
    let problem = match check_length("The reason", reason, MAX_NOTE_CHARS) {
        _ if reason.is_empty() => Some(format!(
            "Enter the reason for erasing the record of {reference}"
        )),
        Err(message) => Some(message),
        Ok(()) => None,
    };
    if let Some(message) = problem {
        let errors = vec![FieldError::new("reason", message)];
        let page = retention_page(&state, &user, errors, false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let erasure = Erasure {
        child: &child,
        decided_by: user.actor(),
        reason,
        at: Utc::now(),
    };
    match state
        .store()
        .erase_register_child(user.organisation(), &erasure)
        .await
    {
        Ok(()) => {}
        Err(RegisterError::UnknownChild { .. }) => return Err(AppError::NotFound),
        Err(error) => return Err(AppError::internal(error)),
    }
    let location = HeaderValue::from_static("/register/retention?done=erased");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}

//! The security audit log, newest first, a page at a time.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trustboard_store::audit::{AuditAction, AuditRecord};

use crate::authz::ViewAuditLog;
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::Authorised;
use crate::state::AppState;
use crate::templates::render;

const PAGE_SIZE: i64 = 100;

struct EventRow {
    when: String,
    event: String,
    actor: String,
    subject: String,
    address: String,
    detail: String,
}

impl From<AuditRecord> for EventRow {
    fn from(record: AuditRecord) -> Self {
        let event = AuditAction::from_code(&record.action)
            .map(|action| action.label().to_owned())
            .unwrap_or(record.action);
        EventRow {
            when: display_time(record.occurred_at),
            event,
            actor: record.actor.unwrap_or_else(|| "—".into()),
            subject: record.subject.unwrap_or_default(),
            address: record.client_address.unwrap_or_default(),
            detail: record.detail,
        }
    }
}

#[derive(Template)]
#[template(path = "audit_log.html")]
struct AuditLogPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    events: Vec<EventRow>,
    older: Option<i64>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    before: Option<i64>,
}

pub async fn show(
    auth: Authorised<ViewAuditLog>,
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let organisation = auth.current.user.organisation.id;
    let records = state
        .store()
        .audit_log(organisation, query.before, PAGE_SIZE)
        .await?;
    let full_page = i64::try_from(records.len()).is_ok_and(|n| n == PAGE_SIZE);
    let older = records.last().filter(|_| full_page).map(|record| record.id);
    let page = AuditLogPage {
        nav: auth.current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        events: records.into_iter().map(EventRow::from).collect(),
        older,
    };
    Ok(render(&page)?.into_response())
}

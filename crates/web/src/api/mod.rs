//! The JSON API under `/api`. It is described by the hand-written OpenAPI document
//! `openapi.json` beside this file: change both together (a test checks they agree).
//! Requests authenticate with the same session cookie as the pages. A route that
//! changes anything (recording a register step) checks the session's CSRF token
//! too, sent as the `X-CSRF-Token` header: the cookie alone is not proof of intent.

mod performance;
mod register;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Serialize;
use trustboard_core::sharing::Capacity;
use trustboard_store::PlanSummary;

use crate::authz::{may_see_organisation, Action, ViewPlans};
use crate::error::ApiError;
use crate::session::{Authorised, CurrentUser, JsonApi};
use crate::state::AppState;

const OPENAPI_DOCUMENT: &str = include_str!("openapi.json");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/me", get(me))
        .route("/plans", get(plans))
        .route("/plans/{id}/overview", get(performance::overview))
        .route("/plans/{id}/nodes/{code}", get(performance::scorecard))
        .route("/plans/{id}/indicators/{key}", get(performance::indicator))
        .route("/plans/{id}/exceptions", get(performance::exceptions))
        .route("/plans/{id}/localities", get(performance::localities))
        .route("/public/{id}", get(performance::public))
        .route("/register/search", get(register::search_children))
        .route("/register/children/{reference}", get(register::child))
        .route(
            "/register/children/{reference}/steps",
            axum::routing::post(register::record_step),
        )
        .layer(Extension(JsonApi))
}

async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], OPENAPI_DOCUMENT)
}

#[derive(Serialize)]
struct Me {
    username: String,
    role: &'static str,
    organisation: String,
    register: Capacity,
    permissions: Vec<&'static str>,
}

async fn me(current: CurrentUser) -> Json<Me> {
    let permissions = [
        (Action::ViewPlans, "view_plans"),
        (Action::ManageUsers, "manage_users"),
        (Action::ViewAuditLog, "view_audit_log"),
        (Action::UseRegister, "use_register"),
        (Action::CoordinateRegister, "coordinate_register"),
    ]
    .into_iter()
    .filter(|(action, _)| current.can(*action))
    .map(|(_, name)| name)
    .collect();
    let register = current.viewer().capacity;
    Json(Me {
        username: current.user.username,
        role: current.user.role.code(),
        organisation: current.user.organisation.name,
        register,
        permissions,
    })
}

async fn plans(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
) -> Result<Json<Vec<PlanSummary>>, ApiError> {
    let organisation = &auth.current.user.organisation.name;
    let mut plans = state.store().list_plans().await?;
    plans.retain(|plan| may_see_organisation(organisation, &plan.organisation));
    Ok(Json(plans))
}

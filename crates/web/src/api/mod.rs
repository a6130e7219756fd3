//! The JSON API under `/api`; `routes` below is the one list of its routes. It
//! is described by the OpenAPI document (`openapi`): its paths are kept by hand
//! in `openapi.json` beside this file (a test checks they agree with the routes),
//! its schemas are generated from the types the handlers return.
//! Requests authenticate with the same session cookie as the pages. A route that
//! changes anything (recording a register step) checks the session's CSRF token
//! too, sent as the `X-CSRF-Token` header: the cookie alone is not proof of intent.

mod openapi;
mod performance;
mod plan_resources;
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
        .route("/plans/{id}/resources", get(plan_resources::resources))
        .route("/plans/{id}/risks", get(plan_resources::risks))
        .route("/plans/{id}/projects", get(plan_resources::projects))
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
    ([(CONTENT_TYPE, "application/json")], openapi::document())
}

#[derive(Serialize, schemars::JsonSchema)]
struct Me {
    username: String,
    /// admin, performance_officer, lead_officer, board_member,
    /// register_coordinator or practitioner.
    role: &'static str,
    /// The organisation the account belongs to.
    organisation: String,
    /// Who the account is to the early-help register.
    register: Capacity,
    /// view_plans, manage_users, view_audit_log, use_register,
    /// coordinate_register: what the role allows.
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

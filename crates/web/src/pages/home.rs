//! The home page: the plans held, for anyone signed in.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use trustboard_store::PlanSummary;

use super::{render, Nav};
use crate::authz::ViewPlans;
use crate::error::AppError;
use crate::session::Authorised;
use crate::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    plans: Vec<PlanSummary>,
}

pub async fn plans(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let page = HomePage {
        nav: Nav::for_user(&auth.current),
        plans: state.store().list_plans().await?,
    };
    Ok(render(&page)?.into_response())
}

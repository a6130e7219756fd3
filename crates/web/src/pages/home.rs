//! The home page: the plans held, for anyone signed in.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use trustboard_store::PlanSummary;

use crate::authz::{may_see_organisation, ViewPlans};
use crate::error::AppError;
use crate::navigation::Nav;
use crate::session::Authorised;
use crate::state::AppState;
use crate::templates::render;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    /// Each plan with the address of its overview.
    plans: Vec<(PlanSummary, String)>,
}

pub async fn plans(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let handles = state.store().plan_handles().await?;
    let plans = state
        .store()
        .list_plans()
        .await?
        .into_iter()
        .filter_map(|plan| {
            if !may_see_organisation(&auth.current.user.organisation.name, &plan.organisation) {
                return None;
            }
            let handle = handles
                .iter()
                .find(|h| h.organisation == plan.organisation && h.name == plan.name)?;
            let href = crate::navigation::plan_path(handle.id);
            Some((plan, href))
        })
        .collect();
    let page = HomePage {
        nav: auth.current.nav(),
        plans,
    };
    Ok(render(&page)?.into_response())
}

//! Plans belong to organisations, and an account reaches only its own
//! organisation's (the rule is the core's [`may_see_organisation`]). It is
//! checked here, once, for every `/plans/{id}…` and `/api/plans/{id}…`
//! request before any handler runs, so no plan page, download or API route can
//! forget it. Another organisation's plan answers exactly as a plan that does
//! not exist. Requests that are not signed in pass through, so the handler's
//! own extractor asks for a sign-in as usual.
//!
//! The same read gives the plan's judging stamp. A request that writes
//! nothing (GET or HEAD) carries it to the handler, so that the plan cache
//! need not read it again; a write must see its own change, and reads anew.

use crate::authz::may_see_organisation;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use trustboard_store::JudgingStamp;

use crate::error::{ApiError, AppError};
use crate::session::CurrentUser;
use crate::state::AppState;

tokio::task_local! {
    /// The plan a request that writes nothing addresses, with its stamp as
    /// read when the request was let through.
    static CHECKED_PLAN: (i64, JudgingStamp);
}

pub async fn own_organisation_plans(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some((id, api)) = plan_in_path(request.uri().path()) else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let Ok(current) = CurrentUser::from_request_parts(&mut parts, &state).await else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let found = match state.store().plan_stamp(id).await {
        Ok(Some(plan))
            if !may_see_organisation(&current.user.organisation.name, &plan.organisation) =>
        {
            Err(AppError::NotFound)
        }
        Ok(found) => Ok(found),
        Err(error) => Err(error.into()),
    };
    let request = Request::from_parts(parts, body);
    match found {
        Err(error) if api => ApiError(error).into_response(),
        Err(error) => error.into_response(),
        Ok(Some(plan)) if matches!(*request.method(), Method::GET | Method::HEAD) => {
            CHECKED_PLAN
                .scope((id, plan.judging), next.run(request))
                .await
        }
        Ok(_) => next.run(request).await,
    }
}

/// Plan `id`'s stamp as this request read it when it was let through, if it
/// is a request that writes nothing.
pub(crate) fn stamp_checked_for(id: i64) -> Option<JudgingStamp> {
    CHECKED_PLAN
        .try_with(|(plan, stamp)| (*plan == id).then_some(*stamp))
        .ok()
        .flatten()
}

/// The plan id of a `/plans/{id}…` or `/api/plans/{id}…` path, and whether it
/// is the JSON API's.
pub(crate) fn plan_in_path(path: &str) -> Option<(i64, bool)> {
    let (rest, api) = match path.strip_prefix("/api") {
        Some(rest) => (rest, true),
        None => (path, false),
    };
    let id = rest.strip_prefix("/plans/")?.split('/').next()?;
    Some((id.parse().ok()?, api))
}

#[cfg(test)]
mod tests {
    use super::plan_in_path;

    #[test]
    fn finds_the_plan_of_pages_and_api_routes_only() {
        assert_eq!(plan_in_path("/plans/3"), Some((3, false)));
        assert_eq!(
            plan_in_path("/plans/12/indicators/NI%2059"),
            Some((12, false))
        );
        assert_eq!(plan_in_path("/api/plans/7/overview"), Some((7, true)));
        assert_eq!(plan_in_path("/api/plans"), None);
        assert_eq!(plan_in_path("/public/3"), None);
        assert_eq!(plan_in_path("/plans/x"), None);
        assert_eq!(plan_in_path("/"), None);
    }
}

//! Plans belong to organisations, and an account reaches only its own
//! organisation's (the rule is the core's [`may_see_organisation`]). It is
//! checked here, once, for every `/plans/{id}…` and `/api/plans/{id}…`
//! request before any handler runs, so no plan page, download or API route can
//! forget it. Another organisation's plan answers exactly as a plan that does
//! not exist. Requests that are not signed in pass through, so the handler's
//! own extractor asks for a sign-in as usual.

use crate::authz::may_see_organisation;
use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError};
use crate::session::CurrentUser;
use crate::state::AppState;

pub async fn own_organisation_plans(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some((id, api)) = plan_in_path(request.uri().path()) else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    if let Ok(current) = CurrentUser::from_request_parts(&mut parts, &state).await {
        let refusal = match state.store().plan_handle(id).await {
            Ok(Some(plan))
                if !may_see_organisation(&current.user.organisation.name, &plan.organisation) =>
            {
                Some(AppError::NotFound)
            }
            Ok(_) => None,
            Err(error) => Some(error.into()),
        };
        if let Some(error) = refusal {
            return match api {
                true => ApiError(error).into_response(),
                false => error.into_response(),
            };
        }
    }
    next.run(Request::from_parts(parts, body)).await
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

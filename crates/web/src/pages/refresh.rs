//! Pages made ready again after a write, so that the first reader after a
//! sign-off does not wait for them: the writer's own request does.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::plans;
use crate::plan_scope::plan_in_path;
use crate::state::AppState;

/// Runs the request; when it was a form posted to one of a plan's pages and
/// succeeded, renders the plan's overviews read today again before answering.
/// A write from elsewhere (the command line) is picked up by the next reader.
pub async fn after_plan_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let written = match (request.method(), plan_in_path(request.uri().path())) {
        (&Method::POST, Some((id, false))) => Some(id),
        _ => None,
    };
    let response = next.run(request).await;
    let status = response.status();
    if let Some(id) = written.filter(|_| status.is_success() || status.is_redirection()) {
        if let Err(error) = plans::render_overviews_again(&state, id).await {
            // The next reader renders them instead.
            tracing::warn!(plan = id, %error, "could not render the overview again after a write");
        }
    }
    response
}

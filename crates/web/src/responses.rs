//! Every response on its way out. Errors axum produced itself (an extractor that
//! could not read a path, query, form or JSON body; a method the route does not
//! take; a body over the size limit) come as plain text naming internal types, so
//! they are replaced here by the GOV.UK error page, or under `/api` by the JSON
//! error. Every refused request (403) is written to the audit log: who, what
//! path, and why.

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use trustboard_store::audit::{Actor, AuditAction, AuditEntry};

use crate::error::{api_error, AppError, Refusal};
use crate::session::{read_cookie, ClientAddress, Token, SESSION_COOKIE};
use crate::state::AppState;

/// The largest request body accepted: far above any form or API call (a note of
/// 10,000 characters percent-encoded is under 120 KiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub async fn finish(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let api = path == "/api" || path.starts_with("/api/");
    let method = request.method().clone();
    let (parts, body) = request.into_parts();
    let client = ClientAddress::of(&parts, &state).ok();
    let session = read_cookie(&CookieJar::from_headers(&parts.headers), SESSION_COOKIE)
        .and_then(Token::parse)
        .map(|token| token.hash());
    let response = next.run(Request::from_parts(parts, body)).await;

    let status = response.status();
    let response =
        if (status.is_client_error() || status.is_server_error()) && !ours(&response, api) {
            // The status stays what it was (415, 422 …); only the words change.
            let error = AppError::for_status(status);
            if api {
                api_error(status, error.message(), serde_json::Map::new())
            } else {
                let mut page = error.into_response();
                *page.status_mut() = status;
                page
            }
        } else {
            response
        };
    if response.status() == StatusCode::FORBIDDEN {
        let why = response
            .extensions()
            .get::<Refusal>()
            .map(|refusal| refusal.0)
            .filter(|why| !why.is_empty())
            .unwrap_or("refused");
        let refused = Refused {
            method: &method,
            path: &path,
            why,
            session: session.as_deref(),
            client,
        };
        if let Err(error) = audit_refusal(&state, &refused).await {
            tracing::error!(%error, "a refused request was not audited");
        }
    }
    response
}

/// Pages are HTML and API replies JSON; axum's own errors are plain text or
/// empty, and the router's fallback answers `/api` with a page.
fn ours(response: &Response, api: bool) -> bool {
    let kind = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    kind.starts_with("application/json") || (!api && kind.starts_with("text/html"))
}

struct Refused<'a> {
    method: &'a Method,
    path: &'a str,
    why: &'a str,
    /// The hash of the session cookie sent, if any.
    session: Option<&'a str>,
    client: Option<ClientAddress>,
}

async fn audit_refusal(
    state: &AppState,
    refused: &Refused<'_>,
) -> Result<(), trustboard_store::StoreError> {
    let now = chrono::Utc::now();
    let user = match refused.session {
        Some(hash) => state.store().session_user(hash, now).await?,
        None => None,
    };
    let detail = format!("{} {}: {}", refused.method, refused.path, refused.why);
    let address = refused
        .client
        .map(|ClientAddress(address)| address.to_string());
    let entry = AuditEntry {
        at: now,
        actor: user.as_ref().map(|found| Actor {
            user_id: found.user.id,
            username: &found.user.username,
        }),
        action: AuditAction::RequestRefused,
        subject: Some(refused.path),
        detail: &detail,
        client_address: address.as_deref(),
    };
    state.store().record_audit(&entry).await
}

//! CSRF protection for every form a signed-in user posts: the form must carry the
//! session's CSRF token. Handlers take [`CsrfForm`] instead of axum's `Form`, so a
//! state-changing handler cannot forget the check.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::AppError;
use crate::session::{secrets_match, CurrentUser};
use crate::state::AppState;

/// A posted form whose CSRF token matched the session's.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

/// For forms whose only field is the CSRF token.
#[derive(Debug, Deserialize)]
pub struct NoFields {}

#[derive(Deserialize)]
struct WithCsrf<T> {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    fields: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let current = CurrentUser::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let request = Request::from_parts(parts, body);
        let Form(form) = Form::<WithCsrf<T>>::from_request(request, state)
            .await
            .map_err(|rejection| AppError::for_status(rejection.status()).into_response())?;
        if !secrets_match(&form.csrf_token, &current.csrf_token) {
            return Err(AppError::FormExpired.into_response());
        }
        Ok(CsrfForm(form.fields))
    }
}

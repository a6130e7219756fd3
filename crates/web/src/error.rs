//! Error policy for the web crate: handlers return [`AppError`], which is the one place
//! where failures become HTTP responses. Pages get a rendered error page, `/api` routes
//! get JSON through [`ApiError`]. Internal details are logged, never shown.
//!
//! Every error response made here carries a [`Refusal`] in its extensions, so the
//! `responses` layer can tell ours from the plain-text ones axum's extractors and
//! router produce, and replace those.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// A form or query that could not be read at all.
    #[error("bad request")]
    BadRequest,
    /// A form or query field whose value was refused: the field by the name
    /// the form gives it, the value as sent, and why, in words to act on.
    #[error("the {field} `{value}` was refused: {problem}")]
    Invalid {
        field: &'static str,
        value: String,
        problem: String,
    },
    /// Someone else changed the same thing at the same moment; nothing was changed.
    #[error("conflict")]
    Conflict,
    /// The form's CSRF token was missing or did not match the session's.
    #[error("form expired")]
    FormExpired,
    /// The request body is larger than any form or API call needs.
    #[error("request too large")]
    TooLarge,
    /// The address exists but not for this method (a GET to a form's POST route).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Every password check slot was taken for the whole wait.
    #[error("busy")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        AppError::Internal(error.to_string())
    }

    /// Field `field` refused with value `value`, because of `problem`.
    pub fn invalid(field: &'static str, value: &str, problem: impl std::fmt::Display) -> Self {
        AppError::Invalid {
            field,
            value: value.to_owned(),
            problem: problem.to_string(),
        }
    }

    /// The error a response with `status` stands for, when something other than a
    /// handler (an extractor, the router) refused the request.
    pub fn for_status(status: StatusCode) -> AppError {
        match status {
            StatusCode::NOT_FOUND => AppError::NotFound,
            StatusCode::FORBIDDEN => AppError::Forbidden,
            StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
            StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
            StatusCode::SERVICE_UNAVAILABLE => AppError::Busy,
            status if status.is_client_error() => AppError::BadRequest,
            status => AppError::Internal(format!("a response with status {status}")),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Forbidden | AppError::FormExpired => StatusCode::FORBIDDEN,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What went wrong, in a few words: the error page's heading, the API's message.
    pub fn message(&self) -> &'static str {
        self.heading_and_advice().0
    }

    /// The field and value a refused value's API error names beside the message.
    fn api_detail(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut detail = serde_json::Map::new();
        if let AppError::Invalid {
            field,
            value,
            problem,
        } = self
        {
            detail.insert("field".into(), (*field).into());
            detail.insert("value".into(), value.as_str().into());
            detail.insert("reason".into(), problem.as_str().into());
        }
        detail
    }

    /// Why a refused request was refused, as the audit log records it.
    fn refusal(&self) -> Refusal {
        Refusal(match self {
            AppError::Forbidden => "not permitted",
            AppError::FormExpired => "form token missing or not the session's",
            _ => "",
        })
    }

    fn heading_and_advice(&self) -> (&'static str, &'static str) {
        match self {
            AppError::NotFound => (
                "Page not found",
                "If you typed the web address, check it is correct.",
            ),
            AppError::Forbidden => (
                "You do not have permission to see this page",
                "Ask an administrator if you think you should have access.",
            ),
            AppError::BadRequest => (
                "Sorry, the request could not be understood",
                "Go back and try again.",
            ),
            AppError::Invalid { .. } => (
                "There is a problem with what you sent",
                "Go back, correct it and try again.",
            ),
            AppError::Conflict => (
                "Someone else made a change at the same moment",
                "Nothing was changed. Go back, reload the page and try again.",
            ),
            AppError::FormExpired => (
                "The form has expired",
                "Go back, reload the page and try again.",
            ),
            AppError::TooLarge => (
                "Sorry, what you sent is too large",
                "Go back and shorten it, or send it in smaller parts.",
            ),
            AppError::MethodNotAllowed => (
                "Sorry, this page cannot be used that way",
                "Go back and use the links and buttons on the page.",
            ),
            AppError::Busy => ("Sorry, the service is busy", "Try again in a minute."),
            AppError::Internal(_) => (
                "Sorry, there is a problem with the service",
                "Try again later.",
            ),
        }
    }

    /// The advice of the error page: for a refused field, the field, its
    /// value and why first.
    fn advice(&self) -> String {
        let (_, advice) = self.heading_and_advice();
        match self {
            AppError::Invalid {
                field,
                value,
                problem,
            } => format!("The {field} “{value}” was refused: {problem}. {advice}"),
            _ => advice.to_owned(),
        }
    }

    fn log(&self) {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "request failed");
        }
    }
}

impl From<trustboard_store::StoreError> for AppError {
    fn from(error: trustboard_store::StoreError) -> Self {
        AppError::internal(error)
    }
}

/// A return the organisation does not hold is not found; anything else is ours.
impl From<trustboard_store::returns::ReturnsError> for AppError {
    fn from(error: trustboard_store::returns::ReturnsError) -> Self {
        use trustboard_store::returns::ReturnsError;
        match error {
            ReturnsError::NotImported { .. } | ReturnsError::UnknownOrganisation(_) => {
                AppError::NotFound
            }
            ReturnsError::Store(error) => error.into(),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::internal(error)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: crate::navigation::Nav,
    heading: &'static str,
    advice: String,
}

/// Marks an error response as made here; for a 403, says why the request was
/// refused.
#[derive(Debug, Clone, Copy)]
pub struct Refusal(pub &'static str);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let heading = self.message();
        let page = ErrorPage {
            nav: crate::navigation::Nav::anonymous(),
            heading,
            advice: self.advice(),
        };
        let mut response = match page.render() {
            Ok(html) => (self.status(), Html(html)).into_response(),
            Err(error) => {
                tracing::error!(%error, "error page failed to render");
                (self.status(), heading).into_response()
            }
        };
        response.extensions_mut().insert(self.refusal());
        response
    }
}

/// An API error: `{"error": {"status": 404, "message": "…"}}` with `extra`
/// fields beside `error` (a signpost, the version that won).
pub fn api_error(
    status: StatusCode,
    message: &str,
    extra: serde_json::Map<String, serde_json::Value>,
) -> Response {
    let mut body = extra;
    body.insert(
        "error".into(),
        serde_json::json!({ "status": status.as_u16(), "message": message }),
    );
    let mut response = (status, Json(serde_json::Value::Object(body))).into_response();
    response.extensions_mut().insert(Refusal(""));
    response
}

/// The JSON face of [`AppError`] for `/api` routes.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

impl From<trustboard_store::StoreError> for ApiError {
    fn from(error: trustboard_store::StoreError) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut response = api_error(self.0.status(), self.0.message(), self.0.api_detail());
        response.extensions_mut().insert(self.0.refusal());
        response
    }
}

//! Error policy for the web crate: handlers return [`AppError`], which is the one place
//! where failures become HTTP responses. Pages get a rendered error page, `/api` routes
//! get JSON through [`ApiError`]. Internal details are logged, never shown.

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
    /// The form's CSRF token was missing or did not match the session's.
    #[error("form expired")]
    FormExpired,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        AppError::Internal(error.to_string())
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Forbidden | AppError::FormExpired => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
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
            AppError::FormExpired => (
                "The form has expired",
                "Go back, reload the page and try again.",
            ),
            AppError::Internal(_) => (
                "Sorry, there is a problem with the service",
                "Try again later.",
            ),
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
    advice: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let (heading, advice) = self.heading_and_advice();
        let page = ErrorPage {
            nav: crate::navigation::Nav::anonymous(),
            heading,
            advice,
        };
        match page.render() {
            Ok(html) => (self.status(), Html(html)).into_response(),
            Err(error) => {
                tracing::error!(%error, "error page failed to render");
                (self.status(), heading).into_response()
            }
        }
    }
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
        let (heading, _) = self.0.heading_and_advice();
        let body = serde_json::json!({ "error": heading });
        (self.0.status(), Json(body)).into_response()
    }
}

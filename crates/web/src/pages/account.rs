//! A signed-in user's own account: changing their password. The current password is
//! asked for, and wrong guesses count towards the same throttle as sign-in.

use std::time::Instant;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use crate::accounts::{
    check_password_policy, set_password, verify_credentials, Password, PasswordChange, Username,
};
use crate::csrf::CsrfForm;
use crate::display::wait_message;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::{ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

#[derive(Template)]
#[template(path = "account_password.html")]
struct PasswordPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    errors: Vec<FieldError>,
    done: bool,
}

impl PasswordPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn page(current: &CurrentUser, errors: Vec<FieldError>, done: bool) -> PasswordPage {
    PasswordPage {
        nav: current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        errors,
        done,
    }
}

pub async fn password_form(
    current: CurrentUser,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let done = query.done.as_deref() == Some("changed");
    Ok(render(&page(&current, Vec::new(), done))?.into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

/// Problems a person can fix without the current password being checked.
fn form_errors(form: &PasswordForm, username: &Username) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if form.current_password.is_empty() {
        errors.push(FieldError::new(
            "current_password",
            "Enter your current password",
        ));
    }
    let new_password = Password::new(form.new_password.clone());
    if let Err(error) = check_password_policy(&new_password, username) {
        errors.push(FieldError::new("new_password", error.to_string()));
    } else if form.new_password == form.current_password {
        errors.push(FieldError::new(
            "new_password",
            "New password must be different from your current password",
        ));
    }
    if form.confirm_password != form.new_password {
        errors.push(FieldError::new("confirm_password", "Passwords must match"));
    }
    errors
}

pub async fn change_password(
    current: CurrentUser,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<Response, AppError> {
    let show = |status: StatusCode, errors: Vec<FieldError>| -> Result<Response, AppError> {
        Ok((status, render(&page(&current, errors, false))?).into_response())
    };
    let username = Username::parse(&current.user.username).map_err(AppError::internal)?;
    let errors = form_errors(&form, &username);
    if !errors.is_empty() {
        return show(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
    // Counted before the check, as at sign-in, so parallel guesses queue.
    let throttled = state
        .throttle()
        .reserve(username.as_str(), address, Instant::now());
    if let Err(wait) = throttled {
        let message = format!("Too many wrong passwords. {}", wait_message(wait));
        let errors = vec![FieldError::new("current_password", message)];
        return show(StatusCode::TOO_MANY_REQUESTS, errors);
    }
    let current_password = Password::new(form.current_password);
    let verified = verify_credentials(state.store(), &username, current_password).await?;
    if verified.is_none() {
        let errors = vec![FieldError::new(
            "current_password",
            "Your current password is not correct",
        )];
        return show(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
    state.throttle().record_success(username.as_str(), address);
    let address_text = address.to_string();
    let change = PasswordChange::ByOwner {
        keep_session: &current.token_hash,
    };
    set_password(
        state.store(),
        &current.user,
        Password::new(form.new_password),
        change,
        Some(&address_text),
        Utc::now(),
    )
    .await
    .map_err(AppError::internal)?;
    let location = HeaderValue::from_static("/account/password?done=changed");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}

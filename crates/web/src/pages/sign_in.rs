//! Signing in and out.
//!
//! Every failed sign-in gets the same message and takes about the same time, whether
//! the username exists, the password is wrong or the account is disabled. Before there
//! is a session the sign-in form's CSRF token lives in its own short-lived cookie.

use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use chrono::Utc;
use serde::Deserialize;
use trustboard_store::accounts::NewSession;
use trustboard_store::audit::{AuditAction, AuditEntry};

use crate::accounts::{verify_credentials, Password, Username};
use crate::csrf::{CsrfForm, NoFields};
use crate::display::wait_message;
use crate::error::{AppError, Refusal};
use crate::navigation::Nav;
use crate::session::{
    cookie, read_cookie, secrets_match, ClientAddress, CurrentUser, Rejection, Token,
    SESSION_COOKIE, SIGN_IN_COOKIE,
};
use crate::state::AppState;
use crate::templates::render;

/// The one message for every wrong username, password or disabled account.
pub const SIGN_IN_FAILED: &str = "Enter a correct username and password";
const SIGN_IN_FORM_LIFETIME: Duration = Duration::from_secs(60 * 60);

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    nav: Nav,
    csrf_token: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only local paths, so the sign-in page cannot be used to send people elsewhere.
fn safe_return_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && !next.starts_with("/sign-");
    if local {
        next
    } else {
        "/"
    }
}

fn redirect(to: &str) -> HeaderValue {
    HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

/// The sign-in form with a fresh CSRF token in its cookie.
fn form_response(
    status: StatusCode,
    next: &str,
    username: &str,
    error: Option<&str>,
) -> Result<Response, AppError> {
    let token = Token::generate();
    let page = SignInPage {
        nav: Nav::anonymous(),
        csrf_token: token.expose().to_owned(),
        next: safe_return_path(next).to_owned(),
        username: username.to_owned(),
        error: error.map(str::to_owned),
    };
    let jar = CookieJar::new().add(cookie(
        SIGN_IN_COOKIE,
        token.expose(),
        SIGN_IN_FORM_LIFETIME,
    ));
    Ok((status, jar, render(&page)?).into_response())
}

pub async fn form(
    current: Result<CurrentUser, Rejection>,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    if current.is_ok() {
        let to = redirect(safe_return_path(&query.next));
        return Ok((StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response());
    }
    form_response(StatusCode::OK, &query.next, "", None)
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    jar: CookieJar,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let expected = read_cookie(&jar, SIGN_IN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !secrets_match(&form.csrf_token, expected) {
        let mut response = form_response(
            StatusCode::FORBIDDEN,
            &form.next,
            &form.username,
            Some("The sign-in page expired. Enter your username and password again"),
        )?;
        response
            .extensions_mut()
            .insert(Refusal("sign-in form token missing or expired"));
        return Ok(response);
    }
    if form.username.trim().is_empty() {
        return form_response(StatusCode::OK, &form.next, "", Some("Enter your username"));
    }
    if form.password.is_empty() {
        return form_response(
            StatusCode::OK,
            &form.next,
            &form.username,
            Some("Enter your password"),
        );
    }

    let now = Utc::now();
    let address_text = address.to_string();
    // Counted under what was typed, normalised, so case changes do not reset the count.
    let typed = form.username.trim().to_lowercase();
    let subject: String = typed.chars().take(64).collect();
    let audit = |action, detail: &'static str| AuditEntry {
        at: now,
        actor: None,
        action,
        subject: Some(&subject),
        detail,
        client_address: Some(&address_text),
    };

    // Counted as a failure before the password is checked, so parallel guesses
    // cannot all be checked before the first failure is recorded.
    let reserved = state.throttle().reserve(&typed, address, Instant::now());
    if let Err(wait) = reserved {
        state
            .store()
            .record_audit(&audit(AuditAction::SignInThrottled, ""))
            .await?;
        let message = format!(
            "Too many failed attempts to sign in. {}",
            wait_message(wait)
        );
        return form_response(
            StatusCode::TOO_MANY_REQUESTS,
            &form.next,
            &form.username,
            Some(&message),
        );
    }

    let user = match Username::parse(&form.username) {
        Ok(username) => {
            verify_credentials(state.store(), &username, Password::new(form.password)).await?
        }
        Err(_) => None,
    };
    let Some(user) = user else {
        state
            .store()
            .record_audit(&audit(AuditAction::SignInFailed, ""))
            .await?;
        return form_response(
            StatusCode::OK,
            &form.next,
            &form.username,
            Some(SIGN_IN_FAILED),
        );
    };
    state.throttle().record_success(&typed, address);

    let token = Token::generate();
    let csrf = Token::generate();
    let lifetime = state.config().session_lifetime;
    let expires_at = now + chrono::Duration::from_std(lifetime).map_err(AppError::internal)?;
    let session = NewSession {
        token_hash: &token.hash(),
        user_id: user.id,
        csrf_token: csrf.expose(),
        now,
        expires_at,
    };
    let signed_in = AuditEntry {
        actor: Some(trustboard_store::audit::Actor {
            user_id: user.id,
            username: &user.username,
        }),
        subject: Some(&user.username),
        ..audit(AuditAction::SignInSucceeded, "")
    };
    state.store().insert_session(&session, &signed_in).await?;

    let jar = jar
        .add(cookie(SESSION_COOKIE, token.expose(), lifetime))
        .add(cookie(SIGN_IN_COOKIE, "", Duration::ZERO));
    Ok((
        StatusCode::SEE_OTHER,
        jar,
        [(LOCATION, redirect(safe_return_path(&form.next)))],
    )
        .into_response())
}

pub async fn sign_out(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    current: CurrentUser,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let address_text = address.to_string();
    let entry = AuditEntry {
        at: Utc::now(),
        actor: Some(current.actor()),
        action: AuditAction::SignedOut,
        subject: Some(&current.user.username),
        detail: "",
        client_address: Some(&address_text),
    };
    state
        .store()
        .delete_session(&current.token_hash, &entry)
        .await?;
    let jar = CookieJar::new().add(cookie(SESSION_COOKIE, "", Duration::ZERO));
    Ok((
        StatusCode::SEE_OTHER,
        jar,
        [(LOCATION, HeaderValue::from_static("/sign-in"))],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(safe_return_path("/admin/users"), "/admin/users");
        assert_eq!(
            safe_return_path("/admin/audit?before=9"),
            "/admin/audit?before=9"
        );
        for hostile in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "",
            "admin",
            "/sign-out",
        ] {
            assert_eq!(safe_return_path(hostile), "/", "{hostile}");
        }
    }
}

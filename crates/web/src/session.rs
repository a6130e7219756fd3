//! Sessions and authentication. The browser holds a random 256-bit token in an
//! `HttpOnly; Secure; SameSite=Strict` cookie; the database holds only its SHA-256 hash.
//! [`CurrentUser`] authenticates a request and [`Authorised`] adds the permission check,
//! so a handler cannot run for someone who may not use it.

use std::marker::PhantomData;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use trustboard_core::sharing::Viewer;
use trustboard_store::accounts::User;
use trustboard_store::audit::Actor;

use crate::authz::{can, Action, Permission};
use crate::error::{api_error, ApiError, AppError};
use crate::navigation::{path_in_query, Nav, NavUser};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "trustboard_session";
/// Holds the sign-in form's CSRF token before there is a session.
pub const SIGN_IN_COOKIE: &str = "trustboard_sign_in";

/// 32 random bytes, hex-encoded: a session token or a CSRF token.
pub struct Token(String);

impl Token {
    pub fn generate() -> Token {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        Token(hex::encode(bytes))
    }

    /// Accepts only the shape we issue, so junk never reaches the database.
    pub fn parse(text: &str) -> Option<Token> {
        let valid = text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        valid.then(|| Token(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database stores in place of a session token.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// Compares secrets in time that does not depend on where they differ.
pub fn secrets_match(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A cookie only this site's own requests carry, only over HTTPS and never to
/// scripts, living `max_age` (zero deletes it).
pub fn cookie(name: &'static str, value: impl Into<String>, max_age: Duration) -> Cookie<'static> {
    Cookie::build((name, value.into()))
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .path("/")
        // Lifetimes are hours, far inside the range a cookie's Max-Age can hold.
        .max_age(max_age.try_into().unwrap_or_default())
        .build()
}

/// The value of cookie `name` in the request, if sent.
pub fn read_cookie<'a>(jar: &'a CookieJar, name: &str) -> Option<&'a str> {
    jar.get(name).map(Cookie::value)
}

/// The signed-in user of this request and their session's CSRF token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub csrf_token: String,
    pub(crate) token_hash: String,
}

impl CurrentUser {
    pub fn can(&self, action: Action) -> bool {
        can(self.user.role, action)
    }

    /// The page header for this user: their name and the sections they may open.
    pub fn nav(&self) -> Nav {
        Nav {
            user: Some(NavUser {
                username: self.user.username.clone(),
                role_label: self.user.role.label(),
                csrf_token: self.csrf_token.clone(),
                can_manage_users: self.can(Action::ManageUsers),
                can_view_audit_log: self.can(Action::ViewAuditLog),
                can_configure_sign_off: self.can(Action::ConfigureSignOff),
                can_view_own_work: self.can(Action::ViewOwnWork),
                can_approve_figures: self.can(Action::ApproveFigures),
                can_use_register: self.can(Action::UseRegister),
                can_import_tables: self.can(Action::ImportTables),
                can_view_returns: self.can(Action::ViewReturnValidation),
            }),
        }
    }

    /// Who this user is to the early-help register: every register page and
    /// API call decides what they may see of a child from this.
    pub fn viewer(&self) -> Viewer {
        Viewer::for_account(
            self.user.role,
            &self.user.organisation.name,
            self.user.practitioner.as_ref(),
        )
    }

    pub fn actor(&self) -> Actor<'_> {
        Actor {
            user_id: self.user.id,
            username: &self.user.username,
        }
    }
}

/// Why a request could not be authenticated or authorised.
#[derive(Debug)]
pub enum Rejection {
    /// Pages send the browser to the sign-in page and back again afterwards.
    SignInRequired {
        api: bool,
        return_to: String,
    },
    Error {
        api: bool,
        error: AppError,
    },
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::SignInRequired { api: true, .. } => api_error(
                StatusCode::UNAUTHORIZED,
                "Sign in required",
                serde_json::Map::new(),
            ),
            Rejection::SignInRequired {
                api: false,
                return_to,
            } => {
                let target = match return_to.as_str() {
                    "/" => "/sign-in".to_owned(),
                    path => format!("/sign-in?next={}", path_in_query(path)),
                };
                let location = HeaderValue::from_str(&target)
                    .unwrap_or_else(|_| HeaderValue::from_static("/sign-in"));
                (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
            }
            Rejection::Error { api: true, error } => ApiError(error).into_response(),
            Rejection::Error { api: false, error } => error.into_response(),
        }
    }
}

/// Marks requests to the JSON API, whose refusals are JSON rather than pages.
#[derive(Debug, Clone, Copy)]
pub struct JsonApi;

pub(crate) fn is_api(parts: &Parts) -> bool {
    parts.extensions.get::<JsonApi>().is_some()
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(found) = parts.extensions.get::<CurrentUser>() {
            return Ok(found.clone());
        }
        let api = is_api(parts);
        let sign_in = || Rejection::SignInRequired {
            api,
            return_to: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/")
                .to_owned(),
        };
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(token) = read_cookie(&jar, SESSION_COOKIE).and_then(Token::parse) else {
            return Err(sign_in());
        };
        let token_hash = token.hash();
        let session = state
            .store()
            .session_user(&token_hash, chrono::Utc::now())
            .await
            .map_err(|error| Rejection::Error {
                api,
                error: error.into(),
            })?;
        let Some(session) = session else {
            return Err(sign_in());
        };
        let current = CurrentUser {
            user: session.user,
            csrf_token: session.csrf_token,
            token_hash,
        };
        parts.extensions.insert(current.clone());
        Ok(current)
    }
}

/// A signed-in user who may perform `P`'s action; anyone else is refused here.
#[derive(Debug)]
pub struct Authorised<P> {
    pub current: CurrentUser,
    permission: PhantomData<P>,
}

impl<P: Permission + Send + Sync> FromRequestParts<AppState> for Authorised<P> {
    type Rejection = Rejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let current = CurrentUser::from_request_parts(parts, state).await?;
        if !current.can(P::ACTION) {
            return Err(Rejection::Error {
                api: is_api(parts),
                error: AppError::Forbidden,
            });
        }
        Ok(Authorised {
            current,
            permission: PhantomData,
        })
    }
}

/// The address the request came from, for throttling and the audit log: the
/// peer, or the client a trusted proxy forwarded for.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    pub(crate) fn of(parts: &Parts, state: &AppState) -> Result<ClientAddress, AppError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .ok_or_else(|| AppError::internal("the server was started without client addresses"))?;
        let proxies = &state.config().trusted_proxies;
        Ok(ClientAddress(proxies.client(peer, &parts.headers)))
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        ClientAddress::of(parts, state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_own_shape_parses() {
        let a = Token::generate();
        let b = Token::generate();
        assert_ne!(a.expose(), b.expose());
        assert!(Token::parse(a.expose()).is_some());
        assert!(Token::parse("").is_none());
        assert!(Token::parse(&a.expose().to_uppercase()).is_none());
        assert!(Token::parse(&format!("{}'", &a.expose()[1..])).is_none());
    }

    #[test]
    fn the_stored_hash_is_not_the_token() {
        let token = Token::generate();
        assert_ne!(token.hash(), token.expose());
        assert_eq!(token.hash(), Token(token.expose().to_owned()).hash());
        assert!(!format!("{token:?}").contains(token.expose()));
    }

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(secrets_match("abc", "abc"));
        assert!(!secrets_match("abc", "abd"));
        assert!(!secrets_match("abc", "abcd"));
    }

    #[test]
    fn cookies_are_locked_down() {
        let value = cookie(SESSION_COOKIE, "abc", Duration::from_secs(60)).to_string();
        // Attribute order carries no meaning in Set-Cookie, so compare them as a set.
        let mut attributes: Vec<&str> = value.split("; ").collect();
        attributes[1..].sort_unstable();
        let mut expected: Vec<&str> =
            "trustboard_session=abc; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=60"
                .split("; ")
                .collect();
        expected[1..].sort_unstable();
        assert_eq!(attributes, expected);
    }

    #[test]
    fn reads_one_cookie_among_several() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("a=1; trustboard_session=xyz; b=2"),
        );
        let jar = CookieJar::from_headers(&headers);
        assert_eq!(read_cookie(&jar, SESSION_COOKIE), Some("xyz"));
        assert_eq!(read_cookie(&jar, "missing"), None);
    }
}

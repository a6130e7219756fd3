//! Administering accounts: list, add with a role, change role, disable and enable.
//! Administrators cannot change their own role or disable themselves, so the last
//! administrator cannot lock everyone out by accident. Administrators see and
//! manage only the accounts of their own organisation; a new account joins it.

use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use trustboard_core::access::Role;
use trustboard_store::accounts::{RoleChange, User};
use trustboard_store::audit::{AuditAction, AuditEntry};

use crate::accounts::{
    check_password_policy, check_practitioner_link, create_user_as, generate_password,
    set_password, AccountError, Membership, NewAccount, Password, PasswordChange, Username,
};
use crate::authz::ManageUsers;
use crate::csrf::{CsrfForm, NoFields};
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

/// A user as the pages show them.
struct UserRow {
    id: i64,
    username: String,
    role_label: &'static str,
    practitioner: Option<String>,
    disabled: bool,
    created: String,
    version: i64,
}

impl From<&User> for UserRow {
    fn from(user: &User) -> Self {
        UserRow {
            id: user.id,
            username: user.username.clone(),
            role_label: user.role.label(),
            practitioner: user
                .practitioner
                .as_ref()
                .map(|linked| format!("{} ({})", linked.practitioner, linked.agency)),
            disabled: user.is_disabled(),
            created: display_time(user.created_at),
            version: user.version,
        }
    }
}

struct RoleOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// Every role, or with `linked` false only those an account without a
/// practitioner on the register may have.
fn role_options(selected: Option<Role>, linked: bool) -> Vec<RoleOption> {
    Role::ALL
        .into_iter()
        .filter(|role| linked || !role.needs_practitioner())
        .map(|role| RoleOption {
            value: role.code(),
            label: role.label(),
            selected: Some(role) == selected,
        })
        .collect()
}

fn users_crumbs() -> Vec<Crumb> {
    vec![Crumb::new("Home", "/"), Crumb::new("Users", "/admin/users")]
}

fn see_other(to: &str) -> Response {
    let location =
        HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/admin/users"));
    (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response()
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    users: Vec<UserRow>,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Authorised<ManageUsers>,
) -> Result<Response, AppError> {
    let organisation = &auth.current.user.organisation;
    let users = state.store().organisation_users(organisation.id).await?;
    let page = UsersPage {
        nav: auth.current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        users: users.iter().map(UserRow::from).collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "user_new.html")]
struct NewUserPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    errors: Vec<FieldError>,
    username: String,
    practitioner: String,
    organisation: String,
    roles: Vec<RoleOption>,
}

impl NewUserPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

pub async fn new_form(auth: Authorised<ManageUsers>) -> Result<Response, AppError> {
    let page = NewUserPage {
        nav: auth.current.nav(),
        breadcrumbs: users_crumbs(),
        errors: Vec::new(),
        username: String::new(),
        practitioner: String::new(),
        organisation: auth.current.user.organisation.name.clone(),
        roles: role_options(None, true),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    practitioner: String,
}

/// Every problem with the form at once, as GOV.UK error summaries expect.
/// The account joins `organisation`, the administrator's own.
fn validate(form: &NewUserForm, organisation: &str) -> Result<NewAccount, Vec<FieldError>> {
    let mut errors = Vec::new();
    let username = match Username::parse(&form.username) {
        Ok(username) => Some(username),
        Err(error) => {
            errors.push(FieldError::new("username", error.to_string()));
            None
        }
    };
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.push(FieldError::new("role", "Select a role"));
    }
    let password = Password::new(form.password.clone());
    if let Some(username) = &username {
        if let Err(error) = check_password_policy(&password, username) {
            errors.push(FieldError::new("password", error.to_string()));
        }
    }
    let practitioner = Some(form.practitioner.trim())
        .filter(|reference| !reference.is_empty())
        .map(str::to_string);
    let membership = Membership {
        organisation: organisation.to_string(),
        practitioner,
    };
    if let Some(role) = role {
        if let Err(error) = check_practitioner_link(role, &membership) {
            errors.push(FieldError::new("practitioner", error.to_string()));
        }
    }
    match (username, role) {
        (Some(username), Some(role)) if errors.is_empty() => Ok(NewAccount {
            username,
            password,
            role,
            membership,
        }),
        _ => Err(errors),
    }
}

pub async fn create(
    auth: Authorised<ManageUsers>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let show_errors = |errors: Vec<FieldError>| -> Result<Response, AppError> {
        let page = NewUserPage {
            nav: current.nav(),
            breadcrumbs: users_crumbs(),
            errors,
            username: form.username.clone(),
            practitioner: form.practitioner.clone(),
            organisation: current.user.organisation.name.clone(),
            roles: role_options(Role::from_code(&form.role), true),
        };
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
    };
    let account = match validate(&form, &current.user.organisation.name) {
        Ok(account) => account,
        Err(errors) => return show_errors(errors),
    };
    let address_text = address.to_string();
    match create_user_as(
        state.store(),
        account,
        Some(current.actor()),
        Some(&address_text),
        Utc::now(),
    )
    .await
    {
        Ok(user) => Ok(see_other(&format!("/admin/users/{}?done=created", user.id))),
        Err(error @ AccountError::UsernameTaken(_)) => {
            show_errors(vec![FieldError::new("username", error.to_string())])
        }
        Err(error @ AccountError::UnknownPractitioner(..)) => {
            show_errors(vec![FieldError::new("practitioner", error.to_string())])
        }
        Err(error) => Err(AppError::internal(error)),
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    user: UserRow,
    is_self: bool,
    roles: Vec<RoleOption>,
    done: Option<&'static str>,
    /// Set when a role change lost to a change made since the page was loaded.
    conflict: bool,
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

fn done_message(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "created" => Some("User added"),
        "role" => Some("Role changed"),
        "disabled" => Some("Account disabled"),
        "enabled" => Some("Account enabled"),
        _ => None,
    }
}

/// The `{id}` in a user's address; anything but a number is a page that does not exist.
pub struct UserId(i64);

impl<S: Send + Sync> FromRequestParts<S> for UserId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        text.parse().map(UserId).map_err(|_| AppError::NotFound)
    }
}

/// An account of the administrator's own organisation; any other is a page
/// that does not exist for them.
async fn load_user(state: &AppState, id: i64, current: &CurrentUser) -> Result<User, AppError> {
    let user = state.store().user(id).await?.ok_or(AppError::NotFound)?;
    if user.organisation.id != current.user.organisation.id {
        return Err(AppError::NotFound);
    }
    Ok(user)
}

pub async fn show(
    auth: Authorised<ManageUsers>,
    State(state): State<AppState>,
    UserId(id): UserId,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let user = load_user(&state, id, &auth.current).await?;
    let mut page = user_page(&auth.current, &user);
    page.done = done_message(query.done.as_deref());
    Ok(render(&page)?.into_response())
}

fn user_page(current: &CurrentUser, user: &User) -> UserPage {
    UserPage {
        nav: current.nav(),
        breadcrumbs: users_crumbs(),
        is_self: user.id == current.user.id,
        roles: role_options(Some(user.role), user.practitioner.is_some()),
        user: UserRow::from(user),
        done: None,
        conflict: false,
    }
}

/// The account another administrator may change; their own is refused.
async fn other_user(state: &AppState, id: i64, current: &CurrentUser) -> Result<User, AppError> {
    let user = load_user(state, id, current).await?;
    if user.id == current.user.id {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    /// The account's version the page showed.
    #[serde(default)]
    version: String,
}

pub async fn change_role(
    auth: Authorised<ManageUsers>,
    State(state): State<AppState>,
    UserId(id): UserId,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, AppError> {
    let user = other_user(&state, id, &auth.current).await?;
    let role = Role::from_code(&form.role).ok_or(AppError::BadRequest)?;
    let based_on: i64 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    // The form offers the practitioner role only to an account linked to a
    // practitioner on the register.
    if role.needs_practitioner() && user.practitioner.is_none() {
        return Err(AppError::BadRequest);
    }
    let detail = format!("from {} to {}", user.role.label(), role.label());
    let address_text = address.to_string();
    let entry = AuditEntry {
        at: Utc::now(),
        actor: Some(auth.current.actor()),
        action: AuditAction::RoleChanged,
        subject: Some(&user.username),
        detail: &detail,
        client_address: Some(&address_text),
    };
    match state
        .store()
        .set_user_role(user.id, role, based_on, &entry)
        .await?
    {
        RoleChange::Changed => Ok(see_other(&format!("/admin/users/{}?done=role", user.id))),
        RoleChange::NoSuchUser => Err(AppError::NotFound),
        RoleChange::Conflict { .. } => {
            // The page again as the account is now, saying nothing was changed.
            let now = load_user(&state, id, &auth.current).await?;
            let mut page = user_page(&auth.current, &now);
            page.conflict = true;
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
    }
}

/// Disabling or enabling: the same checks, a different store call and record.
async fn set_enabled(
    state: &AppState,
    id: i64,
    address: std::net::IpAddr,
    current: &CurrentUser,
    enable: bool,
) -> Result<Response, AppError> {
    let user = other_user(state, id, current).await?;
    let address_text = address.to_string();
    let entry = AuditEntry {
        at: Utc::now(),
        actor: Some(current.actor()),
        action: if enable {
            AuditAction::UserEnabled
        } else {
            AuditAction::UserDisabled
        },
        subject: Some(&user.username),
        detail: "",
        client_address: Some(&address_text),
    };
    // A repeated click changes nothing and records nothing; the page shows the state.
    if enable {
        state.store().enable_user(user.id, &entry).await?;
    } else {
        state.store().disable_user(user.id, &entry).await?;
    }
    let done = if enable { "enabled" } else { "disabled" };
    Ok(see_other(&format!("/admin/users/{}?done={done}", user.id)))
}

/// `POST …/enable` (`ENABLE` true) and `POST …/disable` (false).
pub async fn enable_or_disable<const ENABLE: bool>(
    auth: Authorised<ManageUsers>,
    State(state): State<AppState>,
    UserId(id): UserId,
    ClientAddress(address): ClientAddress,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    set_enabled(&state, id, address, &auth.current, ENABLE).await
}

#[derive(Template)]
#[template(path = "user_password_reset.html")]
struct PasswordResetPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    user: UserRow,
    password: String,
}

/// Gives someone who has forgotten their password a new random one, shown once to
/// the administrator in this response and never stored or sent anywhere else.
pub async fn reset_password(
    auth: Authorised<ManageUsers>,
    State(state): State<AppState>,
    UserId(id): UserId,
    ClientAddress(address): ClientAddress,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let user = other_user(&state, id, &auth.current).await?;
    let password = generate_password();
    let address_text = address.to_string();
    let change = PasswordChange::ByAdministrator {
        actor: auth.current.actor(),
    };
    set_password(
        state.store(),
        &user,
        password.clone(),
        change,
        Some(&address_text),
        Utc::now(),
    )
    .await
    .map_err(AppError::internal)?;
    let mut breadcrumbs = users_crumbs();
    breadcrumbs.push(Crumb::new(
        user.username.clone(),
        format!("/admin/users/{}", user.id),
    ));
    let page = PasswordResetPage {
        nav: auth.current.nav(),
        breadcrumbs,
        user: UserRow::from(&user),
        password: password.expose().to_owned(),
    };
    Ok(render(&page)?.into_response())
}

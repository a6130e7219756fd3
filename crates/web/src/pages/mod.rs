//! Server-rendered pages. Each page is an askama template compiled into the binary;
//! the shared layout takes a [`Nav`] describing who is signed in.

mod account;
mod audit_log;
mod board_pack;
mod home;
mod plans;
mod public;
mod sign_in;
mod users;
mod work;

use askama::Template;
use axum::response::Html;
use axum::routing::{get, post};
use axum::Router;

use crate::authz::Action;
use crate::error::AppError;
use crate::session::CurrentUser;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::plans))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/new", get(users::new_form))
        .route("/admin/users/{id}", get(users::show))
        .route("/admin/users/{id}/role", post(users::change_role))
        .route("/admin/users/{id}/disable", post(users::disable))
        .route("/admin/users/{id}/enable", post(users::enable))
        .route("/admin/users/{id}/password", post(users::reset_password))
        .route("/admin/audit", get(audit_log::show))
        .route("/plans/{id}", get(plans::overview))
        .route("/plans/{id}/nodes/{code}", get(plans::scorecard))
        .route("/plans/{id}/indicators/{key}", get(plans::indicator))
        .route("/plans/{id}/exceptions", get(plans::exceptions))
        .route("/plans/{id}/localities", get(plans::localities))
        .route("/plans/{id}/published", post(plans::set_published))
        .route("/plans/{id}/report", get(board_pack::download))
        .route("/public/{id}", get(public::show))
        .merge(work_routes())
        .route(
            "/account/password",
            get(account::password_form).post(account::change_password),
        )
}

/// Entering and signing off figures, owners and action plans.
fn work_routes() -> Router<AppState> {
    use work::{approvals, figures, milestones, owners};
    Router::new()
        .route("/my/indicators", get(owners::mine))
        .route(
            "/plans/{id}/indicators/{key}/entry",
            get(figures::show).post(figures::save),
        )
        .route(
            "/plans/{id}/indicators/{key}/settings",
            get(owners::settings),
        )
        .route(
            "/plans/{id}/indicators/{key}/owner",
            post(owners::assign_indicator),
        )
        .route("/plans/{id}/approvals", get(approvals::queue))
        .route("/plans/{id}/approvals/{entry}", get(approvals::show))
        .route(
            "/plans/{id}/approvals/{entry}/approve",
            post(approvals::approve),
        )
        .route(
            "/plans/{id}/approvals/{entry}/return",
            post(approvals::send_back),
        )
        .route(
            "/plans/{id}/nodes/{code}/actions",
            get(milestones::action_plan),
        )
        .route(
            "/plans/{id}/milestones/overdue",
            get(milestones::needing_attention),
        )
        .route("/plans/{id}/milestones/{milestone}", get(milestones::show))
        .route(
            "/plans/{id}/milestones/{milestone}/status",
            post(milestones::set_status),
        )
        .route(
            "/plans/{id}/milestones/{milestone}/notes",
            post(milestones::add_note),
        )
        .route(
            "/plans/{id}/milestones/{milestone}/owner",
            post(milestones::assign_owner),
        )
}

/// What the page header needs: who is signed in and which sections they may open.
pub struct Nav {
    pub user: Option<NavUser>,
}

pub struct NavUser {
    pub username: String,
    pub role_label: &'static str,
    pub csrf_token: String,
    pub can_manage_users: bool,
    pub can_view_audit_log: bool,
    pub can_view_own_work: bool,
}

impl Nav {
    pub fn anonymous() -> Nav {
        Nav { user: None }
    }

    pub fn for_user(current: &CurrentUser) -> Nav {
        Nav {
            user: Some(NavUser {
                username: current.user.username.clone(),
                role_label: current.user.role.label(),
                csrf_token: current.csrf_token.clone(),
                can_manage_users: current.can(Action::ManageUsers),
                can_view_audit_log: current.can(Action::ViewAuditLog),
                can_view_own_work: current.can(Action::ViewOwnWork),
            }),
        }
    }

    /// The token every form on the page must post back.
    pub fn csrf_token(&self) -> &str {
        self.user.as_ref().map_or("", |user| &user.csrf_token)
    }
}

/// One step in a page's breadcrumbs.
pub struct Crumb {
    pub label: String,
    pub href: String,
}

impl Crumb {
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: href.into(),
        }
    }
}

/// A problem with one form field, shown beside it and in the error summary.
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// The message for `field`, if it has one.
pub fn field_error<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|error| error.field == field)
        .map(|error| error.message.as_str())
}

/// "Wait 10 minutes, then try again", rounding up to whole minutes.
pub fn wait_message(wait: std::time::Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("Wait {minutes} {unit}, then try again")
}

pub fn render(page: &impl Template) -> Result<Html<String>, AppError> {
    Ok(Html(page.render()?))
}

/// A date and time as pages show them, in UTC: `24 Nov 2026 05:01`.
pub fn display_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %b %Y %H:%M").to_string()
}

/// Percent-encodes everything but unreserved characters and `/`, for a path in a query string.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_keeps_paths_readable_and_escapes_the_rest() {
        assert_eq!(url_encode("/admin/users"), "/admin/users");
        assert_eq!(
            url_encode("/admin/audit?before=5&x=é"),
            "/admin/audit%3Fbefore%3D5%26x%3D%C3%A9"
        );
    }

    #[test]
    fn waits_are_rounded_up_to_whole_minutes() {
        use std::time::Duration;
        assert_eq!(
            wait_message(Duration::from_secs(1)),
            "Wait 1 minute, then try again"
        );
        assert_eq!(
            wait_message(Duration::from_secs(61)),
            "Wait 2 minutes, then try again"
        );
        assert_eq!(
            wait_message(Duration::from_secs(600)),
            "Wait 10 minutes, then try again"
        );
    }

    #[test]
    fn times_show_day_month_year_and_minutes() {
        let at = chrono::DateTime::from_timestamp(1_795_496_497, 0).unwrap_or_default();
        assert_eq!(display_time(at), "24 Nov 2026 05:01");
    }
}

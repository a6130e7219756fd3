//! Server-rendered pages and their routes. Each page is an askama template compiled
//! into the binary; the shared layout takes a [`crate::navigation::Nav`] describing
//! who is signed in, and [`crate::templates`] renders it.

mod account;
mod audit_log;
mod board_pack;
mod home;
mod inclusion;
mod lineage;
mod plans;
mod projects;
mod public;
pub mod refresh;
mod register;
mod resources;
mod return_children;
mod returns;
mod risks;
mod sign_in;
mod sign_off;
mod table_import;
mod users;
mod work;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::plans))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/admin/users", get(users::list).post(users::create))
        .route("/admin/users/new", get(users::new_form))
        .route("/admin/users/{id}", get(users::show))
        .route("/admin/users/{id}/role", post(users::change_role))
        .route(
            "/admin/users/{id}/disable",
            post(users::enable_or_disable::<false>),
        )
        .route(
            "/admin/users/{id}/enable",
            post(users::enable_or_disable::<true>),
        )
        .route("/admin/users/{id}/password", post(users::reset_password))
        .route("/admin/audit", get(audit_log::show))
        .route(
            "/admin/sign-off",
            get(sign_off::show).post(sign_off::change),
        )
        .route("/plans/{id}", get(plans::overview))
        .route("/plans/{id}/nodes/{code}", get(plans::scorecard))
        .route("/plans/{id}/indicators/{key}", get(plans::indicator))
        .route("/plans/{id}/exceptions", get(plans::exceptions))
        .route("/plans/{id}/localities", get(plans::localities))
        .route("/plans/{id}/resources", get(resources::show))
        .route("/plans/{id}/resources/links", post(resources::link))
        .route(
            "/plans/{id}/resources/links/{link}/remove",
            post(resources::unlink),
        )
        .route("/plans/{id}/risks", get(risks::register).post(risks::add))
        .route("/plans/{id}/risks/new", get(risks::new_form))
        .route(
            "/plans/{id}/risks/{number}",
            get(risks::show).post(risks::update),
        )
        .route("/plans/{id}/published", post(plans::set_published))
        .route("/plans/{id}/follows", post(lineage::link_plan))
        .route(
            "/plans/{id}/indicators/{key}/same-as",
            post(lineage::link_indicator),
        )
        .route("/plans/{id}/report", get(board_pack::download))
        .route("/plans/{id}/headline-counts", get(inclusion::download))
        .route("/public/{id}", get(public::show))
        .merge(import_routes())
        .route("/returns", get(returns::list))
        .route("/returns/{year}", get(returns::report))
        .route(
            "/returns/{year}/indicators/{code}",
            get(return_children::children),
        )
        .merge(work_routes())
        .merge(projects::routes())
        .merge(register::routes())
        .route(
            "/account/password",
            get(account::password_form).post(account::change_password),
        )
}

/// Importing a performance table: the upload and the preview's form carry
/// the file, so they take larger bodies than any other form.
fn import_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/plans/import",
            get(table_import::form)
                .post(table_import::upload)
                .layer(DefaultBodyLimit::max(table_import::UPLOAD_REQUEST_BYTES)),
        )
        .route(
            "/plans/import/columns",
            post(table_import::decide)
                .layer(DefaultBodyLimit::max(table_import::PREVIEW_REQUEST_BYTES)),
        )
}

/// Entering and signing off figures, owners and action plans.
fn work_routes() -> Router<AppState> {
    use work::{approvals, figures, milestones, mine, owners, polarity};
    Router::new()
        .route("/my/indicators", get(mine::show))
        .route("/approvals", get(mine::queues))
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
        .route(
            "/plans/{id}/polarity",
            get(polarity::show).post(polarity::save),
        )
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

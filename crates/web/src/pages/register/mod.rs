//! The early-help register's pages, under `/register`: the work due, search,
//! a child's timeline, a form for every kind of step, and for coordinators
//! the audit and the review of records past retention. What a user may see
//! of a child is decided for every request by `crate::register`.

mod audit;
mod child;
mod home;
mod step_form;
mod steps;

use axum::routing::{get, post};
use axum::Router;
use trustboard_core::register::{ChildListing, ChildRecord, Level};
use trustboard_store::register::FoundChild;

use crate::navigation::{segment, Crumb};
use crate::register::level_text;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(home::show))
        .route("/register/children", get(home::all_children))
        .route(
            "/register/children/new",
            get(steps::new_child_form).post(steps::add_child),
        )
        .route("/register/children/{reference}", get(child::show))
        .route(
            "/register/children/{reference}/steps/{kind}",
            get(steps::form).post(steps::record),
        )
        .route("/register/children/{reference}/audit", get(audit::child))
        .route("/register/audit", get(audit::actor))
        .route("/register/retention", get(audit::retention))
        .route("/register/retention/{reference}/erase", post(audit::erase))
}

use step_form::STEP_KINDS;

fn child_path(reference: &str) -> String {
    format!("/register/children/{}", segment(reference))
}

fn register_crumbs() -> Vec<Crumb> {
    vec![Crumb::new("Home", "/"), Crumb::new("Register", "/register")]
}

/// A child as a row of a list.
pub struct ChildRow {
    pub reference: String,
    pub href: String,
    pub name: String,
    pub born: String,
    pub locality: String,
    pub level: String,
}

impl ChildRow {
    fn of(child: &ChildListing, level: Option<Level>) -> Self {
        ChildRow {
            reference: child.id.0.clone(),
            href: child_path(&child.id.0),
            name: child.name.clone(),
            born: child
                .date_of_birth
                .map(|date| date.to_string())
                .unwrap_or_default(),
            locality: child.locality.clone().unwrap_or_default(),
            level: level_text(level),
        }
    }
}

impl From<&ChildRecord> for ChildRow {
    fn from(record: &ChildRecord) -> Self {
        ChildRow::of(&ChildListing::from(&record.child), record.current_level())
    }
}

impl From<&FoundChild> for ChildRow {
    fn from(found: &FoundChild) -> Self {
        ChildRow::of(&found.child, found.card.level)
    }
}

//! `/register`: what is due and overdue (with the level reviews concerns from
//! several agencies prompt, see the core's `due_actions`) and drifting cases,
//! for the children the user may see in full; or, when searching, what the
//! search found.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trustboard_core::register::{drift, DriftReason, SEARCH_LIMIT};
use trustboard_store::register::RegisterAction;

use super::ChildRow;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::register::{contact_text, fully_visible, search, today, DueRules, Found, RegisterUser};
use crate::state::AppState;
use crate::templates::render;

pub struct DueRow {
    pub child: ChildRow,
    pub action: String,
    pub due: String,
    pub overdue: bool,
}

pub struct DriftRow {
    pub child: ChildRow,
    pub reasons: String,
}

pub struct SignpostRow {
    pub reference: String,
    pub name: String,
    pub contact: String,
    pub open_caf: bool,
}

#[derive(Template)]
#[template(path = "register_home.html")]
struct RegisterPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    query: String,
    searched: bool,
    found: Vec<ChildRow>,
    signposts: Vec<SignpostRow>,
    /// More children matched than a search shows.
    more: bool,
    limit: usize,
    due: Vec<DueRow>,
    drifting: Vec<DriftRow>,
    coordinates: bool,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

fn drift_text(reason: &DriftReason) -> String {
    match reason {
        DriftReason::OpenOverAYear { since } => format!("Open for over a year (since {since})"),
        DriftReason::ReviewsWithoutLevelChange {
            reviews,
            level_since,
        } => format!("{reviews} reviews without a change of level (level set {level_since})"),
    }
}

/// The work due and the drifting cases of every child the user may see in
/// full, audited as a listing.
async fn due_work(
    state: &AppState,
    user: &RegisterUser,
) -> Result<(Vec<DueRow>, Vec<DriftRow>), AppError> {
    let today = today();
    let rules = DueRules::of(state, user).await?;
    let records = fully_visible(state, user).await?;
    let mut due = Vec::new();
    let mut drifting = Vec::new();
    for record in &records {
        for action in rules.due(record, today) {
            due.push(DueRow {
                child: ChildRow::from(record),
                action: action.kind.describe(),
                due: action.due.to_string(),
                overdue: action.overdue,
            });
        }
        let reasons = drift(record, today);
        if !reasons.is_empty() {
            let texts: Vec<String> = reasons.iter().map(drift_text).collect();
            drifting.push(DriftRow {
                child: ChildRow::from(record),
                reasons: texts.join("; "),
            });
        }
    }
    due.sort_by(|a, b| (!a.overdue, &a.due).cmp(&(!b.overdue, &b.due)));
    let detail = format!("listed due work for {} children", records.len());
    user.audit(state, RegisterAction::View, None, &detail)
        .await?;
    Ok((due, drifting))
}

/// The register's front page: the work due, or with `?q=` what a search
/// found (alone, since the work due means reading every child the user sees).
pub async fn show(
    State(state): State<AppState>,
    user: RegisterUser,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let searched = !query.q.trim().is_empty();
    let mut found = Vec::new();
    let mut signposts = Vec::new();
    let mut more = false;
    let (due, drifting) = if searched {
        let result = search(&state, &user, &query.q).await?;
        more = result.more;
        for result in result.found {
            match result {
                Found::Full(child) => found.push(ChildRow::from(child.as_ref())),
                Found::Signpost {
                    reference,
                    name,
                    signpost,
                } => signposts.push(SignpostRow {
                    reference,
                    name,
                    contact: contact_text(&signpost),
                    open_caf: signpost.open_caf,
                }),
            }
        }
        (Vec::new(), Vec::new())
    } else {
        due_work(&state, &user).await?
    };
    let page = RegisterPage {
        nav: user.current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        query: query.q,
        searched,
        found,
        signposts,
        more,
        limit: SEARCH_LIMIT,
        due,
        drifting,
        coordinates: user.coordinates(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "register_children.html")]
struct ChildrenPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    sections: Vec<Section>,
}

pub struct Section {
    pub heading: &'static str,
    pub rows: Vec<ChildRow>,
}

/// Every child on the organisation's register, open first: coordinators only.
pub async fn all_children(
    State(state): State<AppState>,
    user: RegisterUser,
) -> Result<Response, AppError> {
    user.require_coordinator(&state, "the whole register")
        .await?;
    let records = fully_visible(&state, &user).await?;
    let detail = format!("listed the whole register: {} children", records.len());
    user.audit(&state, RegisterAction::View, None, &detail)
        .await?;
    let (open, closed): (Vec<_>, Vec<_>) = records.iter().partition(|record| record.is_open());
    let page = ChildrenPage {
        nav: user.current.nav(),
        breadcrumbs: super::register_crumbs(),
        sections: vec![
            Section {
                heading: "Open",
                rows: open.into_iter().map(ChildRow::from).collect(),
            },
            Section {
                heading: "Closed",
                rows: closed.into_iter().map(ChildRow::from).collect(),
            },
        ],
    };
    Ok(render(&page)?.into_response())
}

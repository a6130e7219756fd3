//! A child's page: details, current level, Lead Professional, what is due,
//! the consent and sharing record and the whole history as a timeline, with
//! a link to the form of every step. Someone shown only a signpost gets it as
//! a 403; anyone else who may not see the child gets a 404.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use trustboard_core::register::{ChildRecord, Gender};
use trustboard_core::sharing::Signpost;

use super::{child_path, register_crumbs, STEP_KINDS};
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::register::{
    carer_text, contact_text, level_text, open_child, timeline, today, DueRules, Opened,
    RegisterUser, TimelineEntry,
};
use crate::state::AppState;
use crate::templates::render;

pub struct StepLink {
    pub href: String,
    pub title: &'static str,
}

pub struct DueLine {
    pub action: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "register_child.html")]
struct ChildPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    reference: String,
    name: String,
    details: Vec<(&'static str, String)>,
    level: String,
    lead: String,
    open_caf: String,
    due: Vec<DueLine>,
    timeline: Vec<TimelineEntry>,
    /// The consent and sharing entries of the timeline, newest first.
    sharing: Vec<TimelineEntry>,
    steps: Vec<StepLink>,
    audit_href: Option<String>,
    done: bool,
}

#[derive(Template)]
#[template(path = "register_signpost.html")]
pub struct SignpostPage {
    pub nav: Nav,
    pub breadcrumbs: Vec<Crumb>,
    pub contact: String,
    pub open_caf: bool,
}

/// The 403 a practitioner not working with the child gets: the signpost only.
pub fn signpost_response(user: &RegisterUser, signpost: &Signpost) -> Result<Response, AppError> {
    let page = SignpostPage {
        nav: user.current.nav(),
        breadcrumbs: register_crumbs(),
        contact: contact_text(signpost),
        open_caf: signpost.open_caf,
    };
    Ok((StatusCode::FORBIDDEN, render(&page)?).into_response())
}

fn gender(gender: Gender) -> &'static str {
    match gender {
        Gender::Female => "Female",
        Gender::Male => "Male",
        Gender::Other => "Other",
        Gender::NotRecorded => "Not recorded",
    }
}

fn details(record: &ChildRecord) -> Vec<(&'static str, String)> {
    let child = &record.child;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let mut flags = Vec::new();
    if child.flags.free_school_meals {
        flags.push("free school meals");
    }
    if child.flags.special_educational_needs {
        flags.push("special educational needs");
    }
    if child.flags.looked_after {
        flags.push("looked after");
    }
    if child.flags.young_carer {
        flags.push("young carer");
    }
    vec![
        (
            "Date of birth",
            child
                .date_of_birth
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        ("Gender", gender(child.gender).to_string()),
        ("School or setting", text(&child.setting)),
        ("Locality", text(&child.locality)),
        ("Family", text(&child.family)),
        (
            "Parents and carers",
            record
                .carers
                .iter()
                .map(carer_text)
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ("Ethnicity", text(&child.ethnicity)),
        ("Flags", flags.join(", ")),
        ("On the register since", record.opened.to_string()),
        (
            "Status",
            if record.is_open() { "Open" } else { "Closed" }.to_string(),
        ),
    ]
}

#[derive(serde::Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    user: RegisterUser,
    Path(reference): Path<String>,
    axum::extract::Query(query): axum::extract::Query<DoneQuery>,
) -> Result<Response, AppError> {
    let stored = match open_child(&state, &user, &reference, "viewed the record").await? {
        Opened::Full(stored) => stored,
        Opened::Signpost(signpost) => return signpost_response(&user, &signpost),
    };
    let record = &stored.record;
    let today = today();
    let due = DueRules::of(&state, &user)
        .await?
        .due(record, today)
        .into_iter()
        .map(|action| DueLine {
            action: action.kind.describe(),
            due: action.due.to_string(),
            overdue: action.overdue,
        })
        .collect();
    let history: Vec<TimelineEntry> = timeline(record).into_iter().rev().collect();
    let path = child_path(&reference);
    let mut breadcrumbs = register_crumbs();
    breadcrumbs.push(Crumb::new(record.child.name.clone(), path.clone()));
    let page = ChildPage {
        nav: user.current.nav(),
        breadcrumbs,
        reference: reference.clone(),
        name: record.child.name.clone(),
        details: details(record),
        level: level_text(record.current_level()),
        lead: record
            .current_lead_professional()
            .map(|lead| format!("{} ({})", lead.name, lead.agency))
            .unwrap_or_else(|| "None".to_string()),
        open_caf: record
            .open_caf()
            .map(|caf| format!("Open: need identified {}", caf.need_identified()))
            .unwrap_or_else(|| "None open".to_string()),
        due,
        sharing: history
            .iter()
            .filter(|entry| entry.sharing)
            .cloned()
            .collect(),
        timeline: history,
        steps: STEP_KINDS
            .iter()
            .map(|kind| StepLink {
                href: format!("{path}/steps/{}", kind.code),
                title: kind.title,
            })
            .collect(),
        audit_href: user.coordinates().then(|| format!("{path}/audit")),
        done: query.done.is_some(),
    };
    Ok(render(&page)?.into_response())
}

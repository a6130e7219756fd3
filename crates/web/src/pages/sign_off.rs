//! How figures are signed off in the administrator's organisation: whether a
//! lead officer's submitted figures wait for a performance officer's
//! approval (the default) or go into the plan when submitted. A performance
//! officer's own figures always wait for another performance officer.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trustboard_store::audit::AuditAction;

use super::work::{audit_entry, see_other, DoneQuery};
use crate::authz::ConfigureSignOff;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::{Authorised, ClientAddress};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

#[derive(Template)]
#[template(path = "sign_off.html")]
struct SignOffPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    organisation: String,
    lead_officers_need_approval: bool,
    errors: Vec<FieldError>,
    done: bool,
}

impl SignOffPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

pub async fn show(
    auth: Authorised<ConfigureSignOff>,
    State(state): State<AppState>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let organisation = &auth.current.user.organisation;
    let page = SignOffPage {
        nav: auth.current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        organisation: organisation.name.clone(),
        lead_officers_need_approval: state
            .store()
            .lead_officer_entries_need_approval(organisation.id)
            .await?,
        errors: Vec::new(),
        done: query.done.is_some(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct SignOffForm {
    #[serde(default)]
    lead_officers: String,
}

pub async fn change(
    auth: Authorised<ConfigureSignOff>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<SignOffForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let organisation = &current.user.organisation;
    let need_approval = match form.lead_officers.as_str() {
        "approval" => true,
        "direct" => false,
        _ => {
            let page = SignOffPage {
                nav: current.nav(),
                breadcrumbs: vec![Crumb::new("Home", "/")],
                organisation: organisation.name.clone(),
                lead_officers_need_approval: state
                    .store()
                    .lead_officer_entries_need_approval(organisation.id)
                    .await?,
                errors: vec![FieldError::new(
                    "lead_officers",
                    "Select how lead officers' figures are signed off",
                )],
                done: false,
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let detail = if need_approval {
        "lead officers' figures wait for a performance officer's approval"
    } else {
        "lead officers' figures go into the plan when submitted"
    };
    let address_text = address.to_string();
    let audit = audit_entry(
        current,
        AuditAction::SignOffRuleChanged,
        &organisation.name,
        detail,
        &address_text,
    );
    state
        .store()
        .set_lead_officer_entries_need_approval(organisation.id, need_approval, &audit)
        .await?;
    Ok(see_other("/admin/sign-off?done=saved"))
}

//! Naming owners: an indicator's settings page, where performance officers
//! choose its lead officer, and the owner field of a milestone.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use trustboard_core::access::Role;
use trustboard_store::accounts::User;
use trustboard_store::audit::AuditAction;
use trustboard_store::owners::{Owned, OwnerChange};

use super::{
    audit_entry, find_indicator, form_version, load_plan_handle, loaded_plan, plan_crumbs,
    see_other, versioned_write, DoneQuery, WorkPath,
};
use crate::authz::{may_see_organisation, AssignOwners};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::render;

pub struct OwnerOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// "No owner" and every active lead officer of `organisation`, with `selected` chosen.
pub async fn owner_options(
    state: &AppState,
    organisation: &str,
    selected: Option<i64>,
) -> Result<Vec<OwnerOption>, AppError> {
    let mut options = vec![OwnerOption {
        value: String::new(),
        label: "No owner".to_owned(),
        selected: selected.is_none(),
    }];
    for user in state.store().users().await? {
        if may_own(&user, organisation) {
            options.push(OwnerOption {
                value: user.id.to_string(),
                label: user.username.clone(),
                selected: selected == Some(user.id),
            });
        }
    }
    Ok(options)
}

/// Whether `user` may be named owner in `organisation`: an active lead officer of it.
fn may_own(user: &User, organisation: &str) -> bool {
    user.role == Role::LeadOfficer
        && !user.is_disabled()
        && may_see_organisation(&user.organisation.name, organisation)
}

/// The owner a form names: blank for none, otherwise an active lead officer
/// of `organisation`.
pub async fn chosen_owner(
    state: &AppState,
    organisation: &str,
    field: &str,
) -> Result<Option<(i64, String)>, AppError> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(None);
    }
    let id: i64 = field.parse().map_err(|_| AppError::BadRequest)?;
    let user = state.store().user(id).await?.ok_or(AppError::BadRequest)?;
    if !may_own(&user, organisation) {
        return Err(AppError::BadRequest);
    }
    Ok(Some((user.id, user.username)))
}

#[derive(Template)]
#[template(path = "indicator_settings.html")]
struct SettingsPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    key: String,
    key_segment: String,
    title: String,
    owner: Option<String>,
    /// The version of the owner the page shows.
    version: i64,
    options: Vec<OwnerOption>,
    done: bool,
}

pub async fn settings(
    auth: Authorised<AssignOwners>,
    State(state): State<AppState>,
    path: WorkPath,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let loaded = loaded_plan(&state, &plan).await?;
    let doc = &loaded.doc;
    let indicator = find_indicator(doc, &path.item)?;
    let ownership = state
        .store()
        .indicator_ownership(plan.id, &indicator.key)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = ownership.owner;
    let page = SettingsPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        plan_id: plan.id,
        key: indicator.key.clone(),
        key_segment: segment(&indicator.key),
        title: indicator.title.clone(),
        options: owner_options(
            &state,
            &auth.current.user.organisation.name,
            owner.as_ref().map(|o| o.user_id),
        )
        .await?,
        owner: owner.map(|o| o.username),
        version: ownership.version,
        done: query.done.is_some(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct OwnerForm {
    #[serde(default)]
    owner: String,
    /// The owner version the page showed.
    #[serde(default)]
    owner_version: String,
}

/// Records a change of owner with its audit event.
pub async fn assign(
    state: &AppState,
    current: &CurrentUser,
    subject: Owned<'_>,
    description: &str,
    form: &OwnerForm,
    address: std::net::IpAddr,
) -> Result<(), AppError> {
    let owner = chosen_owner(state, &current.user.organisation.name, &form.owner).await?;
    let based_on = form_version(&form.owner_version)?;
    let detail = match &owner {
        Some((_, username)) => format!("owner {username}"),
        None => "no owner".to_owned(),
    };
    let address_text = address.to_string();
    let audit = audit_entry(
        current,
        AuditAction::OwnerAssigned,
        description,
        &detail,
        &address_text,
    );
    let change = OwnerChange {
        subject,
        user_id: owner.map(|(id, _)| id),
        based_on,
        by: current.actor(),
        at: Utc::now(),
    };
    versioned_write(state.store().set_owner(&change, &audit).await?)
}

pub async fn assign_indicator(
    auth: Authorised<AssignOwners>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<OwnerForm>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let subject = Owned::Indicator {
        plan_id: plan.id,
        key: &path.item,
    };
    let description = format!("indicator {} of {}", path.item, plan.name);
    assign(&state, &auth.current, subject, &description, &form, address).await?;
    Ok(see_other(&format!(
        "/plans/{}/indicators/{}/settings?done=owner",
        plan.id,
        segment(&path.item)
    )))
}

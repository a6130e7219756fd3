//! A plan's risk register: the register with its heat maps, a risk with its
//! history, and the forms that add and change risks. What a risk may hold,
//! its score, band and whether its review is overdue are the core's
//! (`trustboard_core::risks`); a refused field is a 422 naming field, value
//! and reason. Performance officers and administrators keep the register
//! (`Action::ManageRisks`); everyone who may read the plan may read it.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use trustboard_core::risks::{rank, Rating, Risk, RiskError, RiskInput, RiskStatus, Scored, Trend};
use trustboard_report::build::risks::{heat_map, score_text, Stage};
use trustboard_report::risks::bands_key;
use trustboard_report::HeatMap;
use trustboard_store::audit::AuditAction;
use trustboard_store::projects::StoredProject;
use trustboard_store::risks::{ChangedBy, RiskRecord, RiskWrite};
use trustboard_store::{PlanHandle, StoreError};

use super::work::{
    audit_entry, form_version, load_plan_handle, plan_crumbs, see_other, versioned_write,
    DoneQuery, WorkPath,
};
use crate::authz::{Action, ManageRisks, ViewPlans};
use crate::csrf::CsrfForm;
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::render;

/// A risk as the register lists it.
struct RiskRow {
    href: String,
    number: String,
    description: String,
    owner: String,
    inherent: String,
    residual: String,
    band_class: &'static str,
    trend: String,
    review_date: String,
    overdue: bool,
    status: &'static str,
    /// The project it belongs to, linked to that project's page.
    project: Option<(String, String)>,
}

fn row(plan_id: i64, record: &RiskRecord, today: NaiveDate) -> RiskRow {
    let risk = &record.risk;
    RiskRow {
        project: record.project.as_ref().map(|p| {
            (
                format!("/plans/{plan_id}/projects/{}", p.id),
                p.title.clone(),
            )
        }),
        href: format!("/plans/{plan_id}/risks/{}", record.number),
        number: format!("R{}", record.number),
        description: risk.description.clone(),
        owner: risk.owner.clone(),
        inherent: score_text(risk.inherent),
        residual: score_text(risk.residual),
        band_class: risk.residual.band().code(),
        trend: format!("{} {}", risk.trend.arrow(), risk.trend.label()),
        review_date: risk.review_date.format("%-d %b %Y").to_string(),
        overdue: risk.is_review_overdue(today),
        status: risk.status.label(),
    }
}

#[derive(Template)]
#[template(path = "plan_risks.html")]
struct RegisterPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    caption: String,
    rows: Vec<RiskRow>,
    residual: HeatMap,
    inherent: HeatMap,
    bands_key: String,
    may_manage: bool,
    done: Option<String>,
    /// The id and title of the project whose register this is; `None` for the whole plan's.
    project: Option<(i64, String)>,
}

#[derive(Deserialize)]
pub struct RegisterQuery {
    done: Option<String>,
    /// Only the risks of this project.
    project: Option<String>,
}

pub async fn register(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: WorkPath,
    axum::extract::Query(query): axum::extract::Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let mut records = state.store().risks(plan.id).await?;
    let project = match query.project.as_deref().filter(|p| !p.is_empty()) {
        None => None,
        Some(text) => {
            let id = text.parse().map_err(|_| AppError::NotFound)?;
            let stored = state
                .store()
                .project(plan.id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            records.retain(|r| r.project.as_ref().is_some_and(|p| p.id == id));
            Some((id, stored.project.title.text))
        }
    };
    let today = Utc::now().date_naive();
    let scored: Vec<Scored> = records.iter().map(RiskRecord::scored).collect();
    let mut ranked = scored.clone();
    rank(&mut ranked, today);
    // Overdue reviews first, then open risks in rank order, closed ones last.
    ranked.sort_by_key(|s| {
        (
            !s.risk.is_review_overdue(today),
            s.risk.status == RiskStatus::Closed,
        )
    });
    let rows = ranked
        .iter()
        .filter_map(|s| records.iter().find(|r| r.number == s.number))
        .map(|record| row(plan.id, record, today))
        .collect();
    let page = RegisterPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        plan_id: plan.id,
        caption: plan.title.clone(),
        rows,
        residual: heat_map(&scored, Stage::Residual),
        inherent: heat_map(&scored, Stage::Inherent),
        bands_key: bands_key(),
        may_manage: auth.current.can(Action::ManageRisks),
        done: query.done.map(|number| format!("Risk {number} added")),
        project,
    };
    Ok(render(&page)?.into_response())
}

/// One option of a form's select.
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(items: impl Iterator<Item = (String, String)>, chosen: &str) -> Vec<Choice> {
    items
        .map(|(value, label)| Choice {
            selected: value == chosen,
            value,
            label,
        })
        .collect()
}

/// The form's fields as the template fills them.
struct RiskFields {
    input: RiskInput,
    inherent_likelihoods: Vec<Choice>,
    inherent_impacts: Vec<Choice>,
    residual_likelihoods: Vec<Choice>,
    residual_impacts: Vec<Choice>,
    trends: Vec<Choice>,
    statuses: Vec<Choice>,
    /// The plan's projects, after "the plan as a whole".
    projects: Vec<Choice>,
}

impl RiskFields {
    /// The form filled with `input`, `project` chosen among `projects`.
    fn new(input: RiskInput, projects: &[StoredProject], project: &str) -> RiskFields {
        let ratings = |label: fn(Rating) -> &'static str, chosen: &str| {
            choices(
                Rating::all()
                    .map(|r| (r.value().to_string(), format!("{} {}", r.value(), label(r)))),
                chosen,
            )
        };
        RiskFields {
            inherent_likelihoods: ratings(Rating::likelihood_label, &input.inherent_likelihood),
            inherent_impacts: ratings(Rating::impact_label, &input.inherent_impact),
            residual_likelihoods: ratings(Rating::likelihood_label, &input.residual_likelihood),
            residual_impacts: ratings(Rating::impact_label, &input.residual_impact),
            trends: choices(
                Trend::ALL
                    .into_iter()
                    .map(|t| (t.code().to_owned(), t.label().to_owned())),
                &input.trend,
            ),
            statuses: choices(
                RiskStatus::ALL
                    .into_iter()
                    .map(|s| (s.code().to_owned(), s.label().to_owned())),
                &input.status,
            ),
            projects: choices(
                std::iter::once((String::new(), "The plan as a whole".to_owned())).chain(
                    projects
                        .iter()
                        .map(|p| (p.id.to_string(), p.project.title.text.clone())),
                ),
                project,
            ),
            input,
        }
    }
}

#[derive(Template)]
#[template(path = "risk_new.html")]
struct NewRiskPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    caption: String,
    fields: RiskFields,
}

fn register_crumbs(plan: &PlanHandle) -> Vec<Crumb> {
    let mut crumbs = plan_crumbs(plan);
    crumbs.push(Crumb::new(
        "Risk register",
        format!("/plans/{}/risks", plan.id),
    ));
    crumbs
}

pub async fn new_form(
    auth: Authorised<ManageRisks>,
    State(state): State<AppState>,
    path: WorkPath,
    axum::extract::Query(query): axum::extract::Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let plan = load_plan_handle(&state, path.plan).await?;
    let blank = RiskInput {
        inherent_likelihood: "3".to_owned(),
        inherent_impact: "3".to_owned(),
        residual_likelihood: "3".to_owned(),
        residual_impact: "3".to_owned(),
        trend: Trend::Steady.code().to_owned(),
        status: RiskStatus::Open.code().to_owned(),
        ..RiskInput::default()
    };
    let projects = state.store().projects(plan.id).await?;
    let page = NewRiskPage {
        nav: auth.current.nav(),
        breadcrumbs: register_crumbs(&plan),
        plan_id: plan.id,
        caption: plan.title.clone(),
        fields: RiskFields::new(blank, &projects, query.project.as_deref().unwrap_or("")),
    };
    Ok(render(&page)?.into_response())
}

/// A risk as a form sends it; `version` only when changing one.
#[derive(Deserialize)]
pub struct RiskForm {
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    inherent_likelihood: String,
    #[serde(default)]
    inherent_impact: String,
    #[serde(default)]
    residual_likelihood: String,
    #[serde(default)]
    residual_impact: String,
    #[serde(default)]
    controls: String,
    #[serde(default)]
    review_date: String,
    #[serde(default)]
    trend: String,
    #[serde(default)]
    status: String,
    /// A project's id; empty for a risk of the plan as a whole.
    #[serde(default)]
    project: String,
    #[serde(default)]
    version: String,
}

/// A risk as its form sent it, checked, with the project it names.
struct CheckedForm {
    risk: Risk,
    project: Option<i64>,
    /// The project field as sent, for naming it in a refusal.
    project_text: String,
}

impl CheckedForm {
    fn write(&self) -> RiskWrite<'_> {
        RiskWrite {
            risk: &self.risk,
            project: self.project,
        }
    }

    /// The store's refusal, named against the form's project field where it is about it.
    fn stored(&self, error: StoreError) -> AppError {
        stored(error, &self.project_text)
    }
}

impl RiskForm {
    /// The risk and project the form gives, or the first field refused.
    fn checked(self) -> Result<CheckedForm, AppError> {
        let project = self.project()?;
        let project_text = self.project.clone();
        let risk = self.input().check().map_err(refused)?;
        Ok(CheckedForm {
            risk,
            project,
            project_text,
        })
    }

    /// The project chosen; a value that is no id is refused, naming it.
    fn project(&self) -> Result<Option<i64>, AppError> {
        match self.project.trim() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| not_a_project(text)),
        }
    }

    fn input(self) -> RiskInput {
        RiskInput {
            description: self.description,
            owner: self.owner,
            inherent_likelihood: self.inherent_likelihood,
            inherent_impact: self.inherent_impact,
            residual_likelihood: self.residual_likelihood,
            residual_impact: self.residual_impact,
            controls: self.controls,
            review_date: self.review_date,
            trend: self.trend,
            status: self.status,
        }
    }
}

fn not_a_project(value: &str) -> AppError {
    AppError::invalid(
        "project",
        value,
        "choose a project of this plan from the list",
    )
}

/// A project that is not a current one of the plan is named as refused.
fn stored(error: StoreError, project: &str) -> AppError {
    match error {
        StoreError::NotInPlan {
            entity: "project", ..
        } => not_a_project(project),
        other => other.into(),
    }
}

fn refused(error: RiskError) -> AppError {
    AppError::Invalid {
        field: error.field,
        value: error.value,
        problem: error.reason,
    }
}

/// What the audit log says of a risk written from `address`: its residual score.
fn audit_texts(risk: &Risk, address: std::net::IpAddr) -> (String, String) {
    (
        format!("residual {}", score_text(risk.residual)),
        address.to_string(),
    )
}

fn changed_by(current: &CurrentUser) -> ChangedBy<'_> {
    ChangedBy {
        name: &current.user.username,
        at: Utc::now(),
    }
}

pub async fn add(
    auth: Authorised<ManageRisks>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<RiskForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let plan = load_plan_handle(&state, path.plan).await?;
    let form = form.checked()?;
    let subject = format!("risk register of {}", plan.name);
    let (detail, address_text) = audit_texts(&form.risk, address);
    let audit = audit_entry(
        current,
        AuditAction::RiskAdded,
        &subject,
        &detail,
        &address_text,
    );
    let number = state
        .store()
        .add_risk(plan.id, form.write(), changed_by(current), &audit)
        .await
        .map_err(|e| form.stored(e))?;
    Ok(see_other(&format!(
        "/plans/{}/risks?done=R{number}",
        plan.id
    )))
}

struct ChangeRow {
    when: String,
    by: String,
    field: String,
    old: String,
    new: String,
}

#[derive(Template)]
#[template(path = "risk.html")]
struct RiskPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    caption: String,
    number: i64,
    risk: RiskRow,
    controls: String,
    version: i64,
    history: Vec<ChangeRow>,
    fields: Option<RiskFields>,
    done: bool,
}

async fn load_risk(
    state: &AppState,
    path: &WorkPath,
) -> Result<(PlanHandle, RiskRecord), AppError> {
    let plan = load_plan_handle(state, path.plan).await?;
    let number = path.item_id()?;
    let record = state
        .store()
        .risk(plan.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((plan, record))
}

pub async fn show(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    path: WorkPath,
    axum::extract::Query(query): axum::extract::Query<DoneQuery>,
) -> Result<Response, AppError> {
    let (plan, record) = load_risk(&state, &path).await?;
    let history = state.store().risk_history(record.id).await?;
    let projects = state.store().projects(plan.id).await?;
    let chosen = record
        .project
        .as_ref()
        .map(|p| p.id.to_string())
        .unwrap_or_default();
    let today = Utc::now().date_naive();
    let page = RiskPage {
        nav: auth.current.nav(),
        breadcrumbs: register_crumbs(&plan),
        plan_id: plan.id,
        caption: plan.title.clone(),
        number: record.number,
        risk: row(plan.id, &record, today),
        controls: record.risk.controls.clone(),
        version: record.version,
        history: history
            .into_iter()
            .rev()
            .map(|change| ChangeRow {
                when: display_time(change.at),
                by: change.by,
                field: change.field,
                old: change.old.unwrap_or_else(|| "(added)".to_owned()),
                new: change.new,
            })
            .collect(),
        fields: auth
            .current
            .can(Action::ManageRisks)
            .then(|| RiskFields::new(RiskInput::from_risk(&record.risk), &projects, &chosen)),
        done: query.done.is_some(),
    };
    Ok(render(&page)?.into_response())
}

pub async fn update(
    auth: Authorised<ManageRisks>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<RiskForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let (plan, record) = load_risk(&state, &path).await?;
    let based_on = form_version(&form.version)?;
    let form = form.checked()?;
    let subject = format!("risk R{} of {}", record.number, plan.name);
    let (detail, address_text) = audit_texts(&form.risk, address);
    let audit = audit_entry(
        current,
        AuditAction::RiskChanged,
        &subject,
        &detail,
        &address_text,
    );
    let written = state
        .store()
        .update_risk(
            plan.id,
            record.number,
            based_on,
            form.write(),
            changed_by(current),
            &audit,
        )
        .await
        .map_err(|e| form.stored(e))?;
    versioned_write(written)?;
    Ok(see_other(&format!(
        "/plans/{}/risks/{}?done=saved",
        plan.id, record.number
    )))
}

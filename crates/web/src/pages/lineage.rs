//! Successive plans on the plan pages: the previous and next plans beside a
//! plan's overview, one indicator's figures across linked plans on its page,
//! and the forms with which performance officers link plans and indicators.
//! The store refuses a plan of another organisation as it refuses one that
//! does not exist; every link is audited with the change.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trustboard_core::lineage::{JoinedPoint, OutcomeFate, OutcomeLink};
use trustboard_report::chart::Chart;
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::{LinkedPlan, StoreError};

use crate::authz::LinkPlans;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{plan_path, segment};
use crate::performance::cache::LoadedPlan;
use crate::performance::chart;
use crate::performance::views::{figure_text, ValueLine};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;

/// A plan named in the panel, with its address.
pub struct PlanLinkView {
    pub label: String,
    pub href: String,
}

impl PlanLinkView {
    fn of(plan: &LinkedPlan) -> Self {
        PlanLinkView {
            label: format!("{} ({})", plan.title, plan.period),
            href: plan_path(plan.id),
        }
    }
}

/// The "Previous and next plans" panel of a plan's overview, with the plans
/// of the organisation a performance officer may say it follows.
pub struct Succession {
    pub previous: Vec<PlanLinkView>,
    pub next: Vec<PlanLinkView>,
    /// (id, label) of the organisation's other plans, for the form; empty
    /// when the user may not link plans.
    pub candidates: Vec<(i64, String)>,
}

pub async fn succession(
    state: &AppState,
    current: &CurrentUser,
    plan: &LoadedPlan,
) -> Result<Succession, AppError> {
    let plan_id = plan.handle.id;
    let neighbours = plan.neighbours(state.store()).await?;
    let candidates = match current.can(crate::authz::Action::LinkPlans) {
        true => state
            .store()
            .plan_handles()
            .await?
            .into_iter()
            .filter(|p| p.organisation == current.user.organisation.name && p.id != plan_id)
            .map(|p| (p.id, format!("{} ({})", p.name, p.period)))
            .collect(),
        false => Vec::new(),
    };
    Ok(Succession {
        previous: neighbours.previous.iter().map(PlanLinkView::of).collect(),
        next: neighbours.next.iter().map(PlanLinkView::of).collect(),
        candidates,
    })
}

/// One row of the series across plans.
pub struct AcrossRow {
    pub period: String,
    pub measure: &'static str,
    pub text: String,
    pub figure: String,
    pub plan: String,
}

/// An indicator's figures from every linked plan, shown only when some come
/// from another plan than the one read.
pub struct AcrossPlans {
    pub chart: Option<Chart>,
    pub rows: Vec<AcrossRow>,
    pub plans: Vec<String>,
}

pub async fn across_plans(
    state: &AppState,
    plan_id: i64,
    plan_name: &str,
    key: &str,
    title: &str,
) -> Result<Option<AcrossPlans>, AppError> {
    // Reading the series means reading every figure of the linked plans:
    // not worth it on every indicator page of a plan linked to none.
    let neighbours = state.store().plan_neighbours(plan_id).await?;
    if neighbours.previous.is_empty() && neighbours.next.is_empty() {
        return Ok(None);
    }
    let points = state.store().indicator_across_plans(plan_id, key).await?;
    if points.iter().all(|p| p.plan == plan_name) {
        return Ok(None);
    }
    let lines: Vec<ValueLine> = points.iter().map(value_line).collect();
    let mut plans: Vec<String> = Vec::new();
    for point in &points {
        if !plans.contains(&point.plan) {
            plans.push(point.plan.clone());
        }
    }
    let rows = points
        .iter()
        .zip(&lines)
        .map(|(point, line)| AcrossRow {
            period: point.observation.period.to_string(),
            measure: point.observation.kind.label(),
            text: point.observation.text.clone(),
            figure: figure_text(line.figure),
            plan: point.plan.clone(),
        })
        .collect();
    Ok(Some(AcrossPlans {
        chart: chart::over_the_years(&format!("{title} across plans"), &lines),
        rows,
        plans,
    }))
}

fn value_line(point: &JoinedPoint) -> ValueLine {
    let o = &point.observation;
    ValueLine {
        period: o.period,
        kind: o.kind,
        group: None,
        text: o.text.clone(),
        figure: o.parsed.figure(),
        interval: None,
        source: o.source,
    }
}

/// The indicators of the plans next to this one, for the indicator link form:
/// (value `plan_id|key`, label).
pub async fn indicator_candidates(
    state: &AppState,
    current: &CurrentUser,
    plan_id: i64,
) -> Result<Vec<(String, String)>, AppError> {
    if !current.can(crate::authz::Action::LinkPlans) {
        return Ok(Vec::new());
    }
    let neighbours = state.store().plan_neighbours(plan_id).await?;
    let mut out = Vec::new();
    for plan in neighbours.previous.iter().chain(&neighbours.next) {
        let doc = state
            .store()
            .load_plan(Some(&plan.organisation), &plan.name)
            .await?;
        for indicator in &doc.indicators {
            let name = match &indicator.code {
                Some(code) => format!("{code} {}", indicator.title),
                None => indicator.title.clone(),
            };
            out.push((
                format!("{}|{}", plan.id, indicator.key),
                format!("{}: {name}", plan.name),
            ));
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
pub struct LinkPlanForm {
    /// The id of the plan this one follows (form fields arrive as text).
    previous: String,
    #[serde(default)]
    continued: String,
    #[serde(default)]
    merged: String,
    #[serde(default)]
    deleted: String,
}

/// `1=>1, 2=>2` in field `field` as outcome links of one fate; a refusal
/// names the field and the item.
fn fates(field: &'static str, text: &str, fate: OutcomeFate) -> Result<Vec<OutcomeLink>, AppError> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|item| {
            match fate {
                OutcomeFate::Deleted => OutcomeLink::new(item, fate, None),
                _ => OutcomeLink::parse_pair(item, fate),
            }
            .map_err(|error| AppError::invalid(field, item, error))
        })
        .collect()
}

/// A refusal the user can act on names the field and value it is about;
/// another organisation's plan answers as a plan that does not exist; a link
/// made at the same moment by someone else is a conflict.
fn refused(error: StoreError, field: &'static str, value: &str) -> AppError {
    match error {
        StoreError::PlansOfTwoOrganisations { .. } | StoreError::NoPlanWithId(_) => {
            AppError::NotFound
        }
        error @ (StoreError::Lineage(_)
        | StoreError::NotInPlan { .. }
        | StoreError::PlansNotLinked { .. }) => AppError::invalid(field, value, error),
        StoreError::LinksChangedMeanwhile => AppError::Conflict,
        other => other.into(),
    }
}

/// Records that plan `id` follows the plan chosen in the form.
pub async fn link_plan(
    auth: Authorised<LinkPlans>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<LinkPlanForm>,
) -> Result<Response, AppError> {
    let previous: i64 = form.previous.trim().parse().map_err(|_| {
        AppError::invalid(
            "previous",
            &form.previous,
            "choose the plan this one follows from the list",
        )
    })?;
    let mut outcomes = Vec::new();
    for (field, text, fate) in [
        ("continued", &form.continued, OutcomeFate::Continued),
        ("merged", &form.merged, OutcomeFate::MergedInto),
        ("deleted", &form.deleted, OutcomeFate::Deleted),
    ] {
        outcomes.extend(
            fates(field, text, fate)?
                .into_iter()
                .map(|link| (field, link)),
        );
    }
    let address = address.to_string();
    let subject = format!("plan {id} follows plan {previous}");
    let entry = AuditEntry {
        at: chrono::Utc::now(),
        actor: Some(auth.current.actor()),
        action: AuditAction::PlansLinked,
        subject: Some(&subject),
        detail: &auth.current.user.organisation.name,
        client_address: Some(&address),
    };
    let links: Vec<OutcomeLink> = outcomes.iter().map(|(_, link)| link.clone()).collect();
    state
        .store()
        .link_plans(previous, id, &links, &entry)
        .await
        .map_err(|error| {
            // An outcome one of the plans lacks: the field that named it.
            let named = match &error {
                StoreError::NotInPlan { key, .. } => outcomes
                    .iter()
                    .find(|(_, link)| &link.earlier == key || link.later.as_ref() == Some(key))
                    .map(|(field, _)| (*field, key.clone())),
                _ => None,
            };
            match named {
                Some((field, key)) => refused(error, field, &key),
                None => refused(error, "previous", &form.previous),
            }
        })?;
    Ok(Redirect::to(&plan_path(id)).into_response())
}

#[derive(Deserialize)]
pub struct LinkIndicatorForm {
    /// `plan_id|key` of the same indicator in a linked plan.
    other: String,
}

/// Records that indicator `key` of plan `id` is the one chosen in a linked plan.
pub async fn link_indicator(
    auth: Authorised<LinkPlans>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path((id, key)): Path<(i64, String)>,
    CsrfForm(form): CsrfForm<LinkIndicatorForm>,
) -> Result<Response, AppError> {
    let (other_plan, other_key) = form
        .other
        .split_once('|')
        .and_then(|(plan, key)| Some((plan.parse::<i64>().ok()?, key)))
        .ok_or_else(|| {
            AppError::invalid(
                "other",
                &form.other,
                "choose the indicator of the linked plan from the list",
            )
        })?;
    let address = address.to_string();
    let subject = format!("plan {id}: {key} = plan {other_plan}: {other_key}");
    let entry = AuditEntry {
        at: chrono::Utc::now(),
        actor: Some(auth.current.actor()),
        action: AuditAction::IndicatorsLinked,
        subject: Some(&subject),
        detail: &auth.current.user.organisation.name,
        client_address: Some(&address),
    };
    state
        .store()
        .link_indicators((id, &key), (other_plan, other_key), &entry)
        .await
        .map_err(|error| refused(error, "other", &form.other))?;
    let path = format!("{}/indicators/{}", plan_path(id), segment(&key));
    Ok(Redirect::to(&path).into_response())
}

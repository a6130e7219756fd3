//! The read side of plans: views of a plan's performance for one reporting
//! period, shared by the pages, their downloads and the JSON API.

mod bounded;
pub mod cache;
pub mod chart;
pub mod dashboard;
pub mod public;
pub mod resources;
pub mod table;
pub mod views;

use std::sync::Arc;

use serde::Deserialize;
use trustboard_core::period::Period;

use crate::error::AppError;
use crate::state::AppState;
use cache::LoadedPlan;
use table::Format;
use views::{Exceptions, IndicatorPage, Localities, Overview, Scorecard};

/// Query parameters every plan page and API route accepts.
#[derive(Debug, Default, Deserialize)]
pub struct ViewQuery {
    /// Reporting period, e.g. `2010/11`; default: the latest financial year with out-turns.
    pub period: Option<String>,
    /// `csv` or `xlsx` downloads a table instead of showing the page.
    pub format: Option<Format>,
    /// Which of the page's tables to download; default its first.
    pub table: Option<String>,
    /// The indicator compared across localities.
    pub indicator: Option<String>,
}

/// The plan and the period a request asks about.
pub async fn plan_and_period(
    state: &AppState,
    id: i64,
    query: &ViewQuery,
) -> Result<(Arc<LoadedPlan>, Period), AppError> {
    let plan = state.plans().plan(state.store(), id).await?;
    let period = match query
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(text) => text
            .parse()
            .ok()
            .filter(|period| plan.admits(period))
            .ok_or_else(|| {
                AppError::invalid(
                    "period",
                    text,
                    "give a year the plan has figures for, written as 2010/11",
                )
            })?,
        None => plan
            .default_period
            .unwrap_or_else(|| Period::financial(chrono::Datelike::year(&cache::today()))),
    };
    Ok((plan, period))
}

pub async fn overview(state: &AppState, id: i64, query: &ViewQuery) -> Result<Overview, AppError> {
    let (plan, period) = plan_and_period(state, id, query).await?;
    let judged = plan.judged(period, None).await?;
    Ok(Overview::build(&plan, &judged, period))
}

pub async fn scorecard(
    state: &AppState,
    id: i64,
    code: &str,
    query: &ViewQuery,
) -> Result<Scorecard, AppError> {
    let (plan, period) = plan_and_period(state, id, query).await?;
    let judged = plan.judged(period, None).await?;
    Scorecard::build(&plan, &judged, period, code).ok_or(AppError::NotFound)
}

pub async fn exceptions(
    state: &AppState,
    id: i64,
    query: &ViewQuery,
) -> Result<Exceptions, AppError> {
    let (plan, period) = plan_and_period(state, id, query).await?;
    let judged = plan.judged(period, None).await?;
    Ok(Exceptions::build(&plan, &judged, period))
}

pub async fn localities(
    state: &AppState,
    id: i64,
    query: &ViewQuery,
) -> Result<Localities, AppError> {
    let (plan, period) = plan_and_period(state, id, query).await?;
    let skeleton = Localities::build(&plan, period, query.indicator.as_deref(), |_| None);
    let Some(key) = skeleton.indicator.clone() else {
        return Ok(skeleton);
    };
    let mut judged = std::collections::HashMap::new();
    for name in skeleton_names(&plan) {
        let by_locality = plan.judged(period, Some(&name)).await?;
        if let Some(j) = by_locality.indicator(&key) {
            judged.insert(name, j.clone());
        }
    }
    Ok(Localities::build(&plan, period, Some(&key), |name| {
        judged.get(name).cloned()
    }))
}

/// Localities that have figures of their own; others would only repeat the whole area.
fn skeleton_names(plan: &LoadedPlan) -> std::collections::BTreeSet<String> {
    plan.doc
        .observations
        .iter()
        .filter_map(|o| o.locality.clone())
        .collect()
}

pub async fn indicator(
    state: &AppState,
    id: i64,
    key: &str,
    query: &ViewQuery,
) -> Result<IndicatorPage, AppError> {
    let (plan, period) = plan_and_period(state, id, query).await?;
    let explanation = plan.explanation(period, key).await?;
    let history = state.store().indicator_history(id, key).await?;
    IndicatorPage::build(&plan, &explanation, period, history).ok_or(AppError::NotFound)
}

/// The public page of plan `id`; not found unless the plan is published.
pub async fn public(
    state: &AppState,
    id: i64,
    query: &ViewQuery,
) -> Result<public::PublicView, AppError> {
    let (plan, period) = plan_and_period(state, id, query).await?;
    if !plan.handle.published {
        return Err(AppError::NotFound);
    }
    let judged = plan.judged(period, None).await?;
    Ok(public::PublicView::build(&plan, &judged, period))
}

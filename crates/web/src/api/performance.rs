//! A plan's performance as JSON: the same views the pages show, and a
//! published plan's public view.

use axum::extract::{Path, Query, State};
use axum::Json;

use crate::authz::ViewPlans;
use crate::error::ApiError;
use crate::performance::public::PublicView;
use crate::performance::views::{Exceptions, IndicatorPage, Localities, Overview, Scorecard};
use crate::performance::{self as perf, ViewQuery};
use crate::session::Authorised;
use crate::state::AppState;

pub async fn overview(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<Overview>, ApiError> {
    Ok(Json(perf::overview(&state, id, &query).await?))
}

pub async fn scorecard(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<Scorecard>, ApiError> {
    Ok(Json(perf::scorecard(&state, id, &code, &query).await?))
}

pub async fn indicator(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path((id, key)): Path<(i64, String)>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<IndicatorPage>, ApiError> {
    Ok(Json(perf::indicator(&state, id, &key, &query).await?))
}

pub async fn exceptions(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<Exceptions>, ApiError> {
    Ok(Json(perf::exceptions(&state, id, &query).await?))
}

pub async fn localities(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<Localities>, ApiError> {
    Ok(Json(perf::localities(&state, id, &query).await?))
}

/// A published plan's figures as its public page shows them, to anyone: the
/// same view, so exactly the same figures are withheld.
pub async fn public(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<PublicView>, ApiError> {
    Ok(Json(perf::public(&state, id, &query).await?))
}

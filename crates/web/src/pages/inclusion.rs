//! The headline's inclusion table as a file: for each headline percentage,
//! every indicator of the plan, counted or with the reason it is left out.
//! The same table `trustboard summary --inclusion` prints, from the judgement
//! the overview's headline is counted from.

use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use trustboard_core::judge::inclusion;

use super::board_pack::safe_file_name;
use crate::authz::ViewPlans;
use crate::error::AppError;
use crate::performance::table::Format;
use crate::performance::{self as perf, ViewQuery};
use crate::session::Authorised;
use crate::state::AppState;

/// `?period=2010/11&format=csv` (or `xlsx`).
pub async fn download(
    _auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let (plan, period) = perf::plan_and_period(&state, id, &query).await?;
    let judged = plan.judged(period, None).await?;
    let rows = inclusion::table(&judged.plan.indicators);
    let (body, media_type, extension) = match query.format {
        Some(Format::Csv) => (
            trustboard_report::inclusion::csv(&rows).into_bytes(),
            "text/csv; charset=utf-8",
            "csv",
        ),
        Some(Format::Xlsx) => (
            trustboard_report::inclusion::xlsx(&rows).map_err(AppError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Some(Format::Html) | None => {
            let sent = query.format.map_or("", |_| "html");
            return Err(AppError::invalid(
                "format",
                sent,
                "the table downloads as csv or xlsx",
            ));
        }
    };
    let name = safe_file_name(&format!("{}-headline-counts-{period}", plan.handle.name));
    let disposition = format!("attachment; filename=\"{name}.{extension}\"");
    let headers = [
        (CONTENT_TYPE, HeaderValue::from_static(media_type)),
        (
            CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
        ),
    ];
    Ok((headers, body).into_response())
}

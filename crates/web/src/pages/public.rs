//! A published plan's public page: no sign-in, approved figures only, small
//! numbers withheld.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::plans::{page_or_download, Downloads};
use crate::error::AppError;
use crate::navigation::{segment, Nav};
use crate::performance::public::PublicView;
use crate::performance::table::Table;
use crate::performance::{self as perf, ViewQuery};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "public_plan.html")]
struct PublicPage {
    nav: Nav,
    view: PublicView,
    table: Table,
    downloads: Downloads,
}

pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let view = perf::public(&state, id, &query).await?;
    let tables = view.tables();
    let table = tables.first().cloned().ok_or(AppError::NotFound)?;
    let base = format!(
        "/public/{id}?period={}&table={}",
        segment(&view.period),
        table.id
    );
    let page = PublicPage {
        nav: Nav::anonymous(),
        downloads: Downloads {
            csv: format!("{base}&format=csv"),
            xlsx: format!("{base}&format=xlsx"),
        },
        table,
        view,
    };
    page_or_download(&page, &tables, &query, "public")
}

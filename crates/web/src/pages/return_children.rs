//! The drill-down from a figure computed from a statutory return to the
//! children it counted: each child of the denominator as the return names
//! them, whether they are in the numerator, and the facts that decided it.
//! The list is the core's own (the same code made the figure), shown only to
//! those who may see children's records ([`Action::SeeReturnChildren`]); every
//! view and download is recorded in the register's audit.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trustboard_core::returns::{Figure, ReturnIndicator, ReturnYear};

use super::plans::Downloads;
use super::returns::{audit_children_shown, read_as};
use crate::authz::SeeReturnChildren;
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::performance::table::{Cell, Format, Table};
use crate::session::Authorised;
use crate::state::AppState;
use crate::templates::render;

/// Where the children counted in `code` for the return year are listed; a
/// rate per 10,000 needs the population its figure was computed with.
pub fn children_path(year: ReturnYear, code: &str, population: Option<i64>) -> String {
    let path = format!("/returns/{}/indicators/{}", year.ending, segment(code));
    match population {
        Some(population) => format!("{path}?population={population}"),
        None => path,
    }
}

#[derive(Deserialize)]
pub struct ChildrenQuery {
    format: Option<Format>,
    population: Option<u64>,
}

#[derive(Template)]
#[template(path = "return_children.html")]
struct ChildrenPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    year: String,
    return_label: &'static str,
    indicator: ReturnIndicator,
    children: Table,
    downloads: Downloads,
}

/// One row per child in the figure's denominator (for a count, per child counted).
fn children_table(year: ReturnYear, indicator: &ReturnIndicator) -> Table {
    let mut headers = vec!["Child", "In the numerator"];
    if indicator.figure == Figure::Average {
        headers.push("Score");
    }
    headers.push("What decided it");
    let rows = indicator
        .counted
        .iter()
        .map(|child| {
            let mut cells = vec![
                Cell::text(&child.child),
                Cell::text(if child.in_numerator { "Yes" } else { "No" }),
            ];
            if indicator.figure == Figure::Average {
                cells.push(Cell::text(
                    child.score.map(|s| s.to_string()).unwrap_or_default(),
                ));
            }
            cells.push(Cell::text(&child.facts));
            cells
        })
        .collect();
    Table {
        id: "children",
        caption: format!("The children counted in {} for {year}", indicator.code),
        headers,
        rows,
    }
}

/// The children a return-sourced figure counted, as a page or a download.
pub async fn children(
    auth: Authorised<SeeReturnChildren>,
    State(state): State<AppState>,
    Path((year, code)): Path<(String, String)>,
    Query(query): Query<ChildrenQuery>,
) -> Result<Response, AppError> {
    let year = ReturnYear::parse(&year).map_err(|_| AppError::NotFound)?;
    let current = &auth.current;
    let organisation = &current.user.organisation.name;
    let held = state.store().held_returns(organisation).await?;
    let mut found = None;
    for return_held in held.iter().filter(|held| held.year == year) {
        let (_, indicators) = state
            .store()
            .evaluated_return(organisation, return_held.collection, year, query.population)
            .await?;
        if let Some(indicator) = indicators.into_iter().find(|i| i.code == code) {
            found = Some((return_held.collection.label(), indicator));
            break;
        }
    }
    let (return_label, indicator) = found.ok_or(AppError::NotFound)?;
    let format = query.format.unwrap_or(Format::Html);
    let detail = format!(
        "{} the {} children counted in {} for {year}",
        read_as(format),
        indicator.counted.len(),
        indicator.code
    );
    audit_children_shown(&state, current, &detail).await?;
    let table = children_table(year, &indicator);
    match format {
        Format::Html => {
            let path = children_path(year, &code, None);
            let population = query
                .population
                .map(|p| format!("&population={p}"))
                .unwrap_or_default();
            let page = ChildrenPage {
                nav: current.nav(),
                breadcrumbs: vec![
                    Crumb::new("Home", "/"),
                    Crumb::new("Statutory returns", "/returns"),
                ],
                year: year.to_string(),
                return_label,
                downloads: Downloads {
                    csv: format!("{path}?format=csv{population}"),
                    xlsx: format!("{path}?format=xlsx{population}"),
                },
                indicator,
                children: table,
            };
            Ok(render(&page)?.into_response())
        }
        format => table.download(
            format,
            &format!("returns-{}-{}", year.ending, indicator.code),
        ),
    }
}

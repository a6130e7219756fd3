//! The statutory returns an organisation holds (SSDA903 and the CIN census):
//! a validation report per return year, as a page and as CSV or XLSX, and
//! where an indicator's figure came from when a return gave it.
//!
//! The report names children only for those the core lets see children's
//! records ([`Action::SeeReturnChildren`]); each time it does, the register's
//! audit records who saw it, when and how.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use trustboard_core::returns::{rules_of, Collection, Issue, ReturnYear};
use trustboard_store::returns::HeldReturn;

use super::plans::Downloads;
use super::return_children::children_path;
use crate::authz::{Action, ViewReturnValidation};
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::performance::table::{Cell, Format, Table};
use crate::session::{Authorised, CurrentUser};
use crate::state::AppState;
use crate::templates::render;

/// Where the report of a return year is.
fn report_path(year: ReturnYear) -> String {
    format!("/returns/{}", year.ending)
}

/// How a held return is described: its files, and when and by whom it was imported.
fn imported(held: &HeldReturn) -> String {
    format!(
        "{} by {}, from {}",
        display_time(held.imported_at),
        held.imported_by,
        held.files
    )
}

fn meaning(collection: Collection, rule: &str) -> &'static str {
    rules_of(collection)
        .iter()
        .find(|(code, _)| *code == rule)
        .map_or("", |(_, meaning)| meaning)
}

/// The anchor of a rule's entry in the report.
fn rule_anchor(collection: Collection, rule: &str) -> String {
    format!("rule-{}-{rule}", collection.as_str())
}

struct HeldRow {
    label: &'static str,
    year: String,
    href: String,
    imported: String,
    rows: i64,
}

impl From<&HeldReturn> for HeldRow {
    fn from(held: &HeldReturn) -> Self {
        HeldRow {
            label: held.collection.label(),
            year: held.year.to_string(),
            href: report_path(held.year),
            imported: imported(held),
            rows: held.rows,
        }
    }
}

#[derive(Template)]
#[template(path = "returns.html")]
struct ReturnsPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    held: Vec<HeldRow>,
}

/// Every return the organisation holds, newest year first.
pub async fn list(
    auth: Authorised<ViewReturnValidation>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let held = state
        .store()
        .held_returns(&auth.current.user.organisation.name)
        .await?;
    let page = ReturnsPage {
        nav: auth.current.nav(),
        breadcrumbs: vec![Crumb::new("Home", "/")],
        held: held.iter().map(HeldRow::from).collect(),
    };
    Ok(render(&page)?.into_response())
}

/// One rule's failures in one return.
struct RuleRow {
    anchor: String,
    label: &'static str,
    rule: &'static str,
    meaning: &'static str,
    count: usize,
    affects: String,
}

/// The failures grouped by return and rule, in the order of `problems`.
fn by_rule(problems: &[(Collection, Issue)]) -> Vec<RuleRow> {
    let mut rules: Vec<RuleRow> = Vec::new();
    let mut affects: Vec<Vec<&str>> = Vec::new();
    for (collection, issue) in problems {
        let anchor = rule_anchor(*collection, issue.rule);
        if rules.last().map(|last| &last.anchor) != Some(&anchor) {
            rules.push(RuleRow {
                anchor,
                label: collection.label(),
                rule: issue.rule,
                meaning: meaning(*collection, issue.rule),
                count: 0,
                affects: String::new(),
            });
            affects.push(Vec::new());
        }
        if let (Some(row), Some(codes)) = (rules.last_mut(), affects.last_mut()) {
            row.count += 1;
            for code in &issue.affects {
                if !codes.contains(code) {
                    codes.push(code);
                }
            }
        }
    }
    for (row, codes) in rules.iter_mut().zip(affects) {
        row.affects = codes.join(", ");
    }
    rules
}

/// One row per failure; the child's identifier, in its column or as the
/// value a rule quotes, only when `children` is set.
fn problems_table(year: ReturnYear, problems: &[(Collection, Issue)], children: bool) -> Table {
    let mut headers = vec!["Return", "Rule"];
    if children {
        headers.push("Child");
    }
    headers.extend(["Row", "Field", "Value", "Explanation", "Could affect"]);
    let rows = problems
        .iter()
        .map(|(collection, issue)| {
            let mut cells = vec![
                Cell::text(collection.label()),
                Cell::link(
                    issue.rule,
                    format!("#{}", rule_anchor(*collection, issue.rule)),
                ),
            ];
            if children {
                cells.push(Cell::text(&issue.child));
            }
            cells.extend([
                Cell::text(&issue.source),
                Cell::text(issue.field),
                if children || !issue.value_identifies_child() {
                    Cell::text(&issue.value)
                } else {
                    Cell::text("(a child's identifier, not shown)")
                },
                Cell::text(&issue.message),
                Cell::text(issue.affects.join(", ")),
            ]);
            cells
        })
        .collect();
    Table {
        id: "problems",
        caption: format!("Every problem found in the returns for {year}"),
        headers,
        rows,
    }
}

#[derive(Template)]
#[template(path = "returns_report.html")]
struct ReportPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    year: String,
    held: Vec<HeldRow>,
    rules: Vec<RuleRow>,
    problems: Table,
    downloads: Downloads,
    shows_children: bool,
}

#[derive(Deserialize)]
pub struct ReportQuery {
    format: Option<Format>,
}

/// The validation report of the organisation's returns for a year.
pub async fn report(
    auth: Authorised<ViewReturnValidation>,
    State(state): State<AppState>,
    Path(year): Path<String>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    let year = ReturnYear::parse(&year).map_err(|_| AppError::NotFound)?;
    let current = &auth.current;
    let organisation = &current.user.organisation.name;
    let held: Vec<HeldReturn> = state
        .store()
        .held_returns(organisation)
        .await?
        .into_iter()
        .filter(|held| held.year == year)
        .collect();
    if held.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut problems = Vec::new();
    for return_held in &held {
        let (issues, _) = state
            .store()
            .evaluated_return(organisation, return_held.collection, year, None)
            .await?;
        problems.extend(issues.into_iter().map(|i| (return_held.collection, i)));
    }
    // Stable: within a rule, the rows stay in the order the return has them.
    problems.sort_by_key(|(collection, issue)| (*collection, issue.rule));
    let shows_children = current.can(Action::SeeReturnChildren);
    let table = problems_table(year, &problems, shows_children);
    if shows_children && !problems.is_empty() {
        let detail = format!(
            "{} the validation report of the returns for {year} ({} problems naming children)",
            read_as(query.format.unwrap_or(Format::Html)),
            problems.len()
        );
        audit_children_shown(&state, current, &detail).await?;
    }
    match query.format {
        None | Some(Format::Html) => {
            let path = report_path(year);
            let page = ReportPage {
                nav: current.nav(),
                breadcrumbs: vec![
                    Crumb::new("Home", "/"),
                    Crumb::new("Statutory returns", "/returns"),
                ],
                year: year.to_string(),
                held: held.iter().map(HeldRow::from).collect(),
                rules: by_rule(&problems),
                downloads: Downloads {
                    csv: format!("{path}?format=csv"),
                    xlsx: format!("{path}?format=xlsx"),
                },
                problems: table,
                shows_children,
            };
            Ok(render(&page)?.into_response())
        }
        Some(format) => table.download(format, &format!("returns-{}-validation", year.ending)),
    }
}

/// How a page or download was read, as the audit says it.
pub(super) fn read_as(format: Format) -> &'static str {
    match format {
        Format::Html => "viewed",
        Format::Csv => "downloaded as CSV",
        Format::Xlsx => "downloaded as XLSX",
    }
}

/// Records in the register's audit that `current` saw children of a return;
/// `detail` says what, never who the children are.
pub(super) async fn audit_children_shown(
    state: &AppState,
    current: &CurrentUser,
    detail: &str,
) -> Result<(), AppError> {
    state
        .store()
        .audit_return_read(
            &current.user.organisation.name,
            &current.user.username,
            detail,
            Utc::now(),
        )
        .await?;
    Ok(())
}

/// Where a plan value computed from a return came from, for its indicator page.
pub struct ReturnSource {
    pub label: &'static str,
    pub year: String,
    /// When and by whom the return was imported; `None` once it is no longer held.
    pub imported: Option<String>,
    pub code: String,
    /// The definition the figure was computed by.
    pub rule: String,
    pub numerator: i64,
    pub denominator: Option<i64>,
    /// The rules that failed in the return and could change the figure, with their meaning.
    pub problems: Vec<(String, &'static str)>,
    /// The validation report, for those who may read it.
    pub report: Option<String>,
    /// The children the figure counted, for those who may see children's records.
    pub children: Option<String>,
}

/// Every return that gave the plan indicator a figure, newest year first.
pub(super) async fn provenance(
    state: &AppState,
    current: &CurrentUser,
    plan_id: i64,
    key: &str,
) -> Result<Vec<ReturnSource>, AppError> {
    let records = state.store().return_value_sources(plan_id, key).await?;
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let held = state
        .store()
        .held_returns(&current.user.organisation.name)
        .await?;
    let may_read_report = current.can(Action::ViewReturnValidation);
    let may_see_children = current.can(Action::SeeReturnChildren);
    Ok(records
        .into_iter()
        .map(|record| {
            let problems = record
                .affected_by
                .split(',')
                .map(str::trim)
                .filter(|rule| !rule.is_empty())
                .map(|rule| (rule.to_string(), meaning(record.collection, rule)))
                .collect();
            ReturnSource {
                label: record.collection.label(),
                year: record.year.to_string(),
                imported: held
                    .iter()
                    .find(|h| h.collection == record.collection && h.year == record.year)
                    .map(imported),
                children: may_see_children
                    .then(|| children_path(record.year, &record.code, record.denominator)),
                code: record.code,
                rule: record.rule,
                numerator: record.numerator,
                denominator: record.denominator,
                problems,
                report: may_read_report.then(|| report_path(record.year)),
            }
        })
        .collect())
}

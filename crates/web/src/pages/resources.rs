//! A plan's resources page: the year-on-year changes past a threshold first,
//! the staffing check, spend beside performance by outcome, then the budget
//! and staffing tables as printed with every difference between a printed
//! total and its rows; and the forms with which performance officers and
//! administrators link budget lines to outcomes and objectives.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;
use trustboard_core::resources::{
    one_line, reconcile, Discrepancy, LineRef, ResourceTable, RowKind, Share, TableKind,
};
use trustboard_report::build::resources::section;
use trustboard_report::build::{board_pack, PackOptions};
use trustboard_report::resources::{ResourcesSection, WordedTable, MONEY_UNIT};
use trustboard_store::audit::AuditAction;
use trustboard_store::StoreError;

use super::table_import::Choice;
use super::work::{audit_entry, form_version, see_other};
use crate::authz::{Action, LinkBudgets, ViewPlans};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{plan_path, Crumb, Nav};
use crate::pack_inputs::resource_inputs;
use crate::performance::plan_and_period;
use crate::performance::resources::ResourcesQuery;
use crate::performance::views::PlanContext;
use crate::session::{Authorised, ClientAddress};
use crate::state::AppState;
use crate::templates::render;

/// One cell of a printed table: the text as printed on one line, and whether it read as a figure.
pub struct CellView {
    pub text: String,
    pub figure: bool,
}

pub struct RowView {
    pub line: usize,
    pub kind: &'static str,
    pub label: String,
    pub owner: String,
    pub cells: Vec<CellView>,
}

pub struct TableView {
    pub title: String,
    pub kind: &'static str,
    pub headings: Vec<String>,
    pub rows: Vec<RowView>,
    pub differences: Vec<Discrepancy>,
    pub has_owner: bool,
}

/// A link as listed, with what its line and target are called.
pub struct LinkView {
    pub id: i64,
    pub line: String,
    pub node: String,
    pub share: String,
    /// False when an import has since moved or removed its line.
    pub current: bool,
}

#[derive(Template)]
#[template(path = "plan_resources.html")]
struct ResourcesPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan: PlanContext,
    money_unit: &'static str,
    threshold_percent: String,
    threshold_money: String,
    summary: Option<ResourcesSection>,
    /// Whether any outcome has a cost per person, shown or not.
    any_unit_cost: bool,
    worded: Vec<WordedTable>,
    tables: Vec<TableView>,
    links: Vec<LinkView>,
    version: i64,
    can_link: bool,
    lines: Vec<Choice>,
    nodes: Vec<Choice>,
}

fn table_view(table: &ResourceTable) -> TableView {
    let headings = (0..table.columns().len())
        .map(|c| format!("{} ({})", table.heading(c), table.columns()[c].unit))
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| RowView {
            line: row.line,
            kind: row.kind.name(),
            label: row.label.clone(),
            owner: row.owner.clone(),
            cells: row
                .figures
                .iter()
                .map(|f| CellView {
                    text: f.as_ref().map(|f| one_line(&f.text)).unwrap_or_default(),
                    figure: f.as_ref().is_none_or(|f| f.value.is_some()),
                })
                .collect(),
        })
        .collect();
    TableView {
        title: table.title.clone(),
        kind: table.kind.name(),
        headings,
        rows,
        differences: reconcile(table),
        has_owner: table.rows.iter().any(|r| !r.owner.is_empty()),
    }
}

/// The section's tables with the year-on-year changes first, then the
/// staffing check, then spend by outcome: what most needs a reader's eye on top.
fn changes_first(section: &ResourcesSection) -> Vec<WordedTable> {
    let mut worded = section.worded();
    worded.rotate_left(1);
    worded
}

/// Every budget activity a share of which may be linked: `table:row`.
fn line_choices(tables: &[ResourceTable]) -> Vec<Choice> {
    let mut choices = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        if table.kind != TableKind::Budget {
            continue;
        }
        for (r, row) in table.rows.iter().enumerate() {
            if row.kind == RowKind::Item && !row.label.is_empty() {
                choices.push(Choice {
                    value: format!("{t}:{r}"),
                    label: format!("{}: {} (line {})", table.title, row.label, row.line),
                    selected: false,
                });
            }
        }
    }
    choices
}

pub async fn show(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ResourcesQuery>,
) -> Result<Response, AppError> {
    let threshold = query.threshold()?;
    let (plan, period) = plan_and_period(&state, id, &query.view()).await?;
    let inputs = resource_inputs(state.store(), id, threshold).await?;
    let held = state.store().budget_links(id).await?;
    let tables = inputs
        .as_ref()
        .map(|i| i.tables.clone())
        .unwrap_or_default();
    let summary = match &inputs {
        None => None,
        Some(inputs) => {
            // Performance beside spend comes from the period's pack as it would be
            // published; a period the pack cannot be made for still shows the spend.
            let doc = plan.clone();
            let mut options = PackOptions::new(period, crate::performance::cache::today());
            options.published = true;
            options.resources = Some(inputs.clone());
            let pack = tokio::task::spawn_blocking(move || board_pack(&doc.doc, &options).ok())
                .await
                .map_err(AppError::internal)?;
            pack.and_then(|p| p.resources)
                .or_else(|| section(&plan.doc, &[], inputs))
        }
    };
    let nodes: Vec<Choice> = plan
        .doc
        .nodes
        .iter()
        .filter(|n| n.retired.is_none())
        .map(|n| Choice {
            value: n.code.clone(),
            label: format!("{} {}: {}", n.kind, n.code, n.title),
            selected: false,
        })
        .collect();
    let links = held
        .links
        .iter()
        .map(|l| LinkView {
            id: l.id,
            line: l.line.label.clone(),
            node: nodes
                .iter()
                .find(|n| n.value == l.node)
                .map_or_else(|| l.node.clone(), |n| n.label.clone()),
            share: l.share.to_string(),
            current: l.line.find(&tables).is_some(),
        })
        .collect();
    let page = ResourcesPage {
        nav: auth.current.nav(),
        breadcrumbs: vec![
            Crumb::new("Plans", "/"),
            Crumb::new(&plan.handle.name, plan_path(id)),
        ],
        plan: PlanContext::new(&plan, period),
        money_unit: MONEY_UNIT,
        threshold_percent: threshold.percent.to_string(),
        threshold_money: threshold.money.to_string(),
        worded: summary.as_ref().map(changes_first).unwrap_or_default(),
        any_unit_cost: summary
            .as_ref()
            .is_some_and(|s| s.outcomes.iter().any(|o| !o.unit_costs.is_empty())),
        summary,
        lines: line_choices(&tables),
        tables: tables.iter().map(table_view).collect(),
        links,
        version: held.version,
        can_link: auth.current.can(Action::LinkBudgets),
        nodes,
    };
    Ok(axum::response::IntoResponse::into_response(render(&page)?))
}

#[derive(Deserialize)]
pub struct LinkForm {
    version: String,
    /// `table:row` of the budget line.
    line: String,
    node: String,
    share: String,
}

/// A refusal names the field it is about; a change made meanwhile is a conflict.
fn refused(error: StoreError, form_line: &str, node: &str, share: &str) -> AppError {
    use trustboard_core::resources::LinkRefusal;
    match error {
        StoreError::BudgetLinksChangedMeanwhile => AppError::Conflict,
        StoreError::BudgetLink(refusal @ LinkRefusal::NotABudgetLine { .. }) => {
            AppError::invalid("line", form_line, refusal)
        }
        StoreError::BudgetLink(refusal) => AppError::invalid("share", share, refusal),
        error @ StoreError::NotInPlan { .. } => AppError::invalid("node", node, error),
        StoreError::NoSuchBudgetLink(_) => AppError::NotFound,
        other => other.into(),
    }
}

pub async fn link(
    auth: Authorised<LinkBudgets>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> Result<Response, AppError> {
    let version = form_version(&form.version)?;
    let share = Share::read(&form.share)
        .map_err(|refusal| AppError::invalid("share", &form.share, refusal))?;
    let bad_line = || AppError::invalid("line", &form.line, "choose a budget line from the list");
    let (table, row) = form
        .line
        .split_once(':')
        .and_then(|(t, r)| Some((t.parse::<usize>().ok()?, r.parse::<usize>().ok()?)))
        .ok_or_else(bad_line)?;
    let tables = state.store().resource_tables_of(id).await?;
    let label = tables
        .get(table)
        .and_then(|t| t.rows.get(row))
        .map(|r| r.label.clone())
        .ok_or_else(bad_line)?;
    let line = LineRef { table, row, label };
    let address = address.to_string();
    let subject = format!("plan {id}: {} → {} ({share})", line.label, form.node);
    let entry = audit_entry(
        &auth.current,
        AuditAction::BudgetLineLinked,
        &subject,
        &auth.current.user.organisation.name,
        &address,
    );
    state
        .store()
        .link_budget_line(id, version, &line, form.node.trim(), share, &entry)
        .await
        .map_err(|e| refused(e, &form.line, &form.node, &form.share))?;
    Ok(see_other(&format!("{}/resources#links", plan_path(id))))
}

#[derive(Deserialize)]
pub struct UnlinkForm {
    version: String,
}

pub async fn unlink(
    auth: Authorised<LinkBudgets>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path((id, link)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<UnlinkForm>,
) -> Result<Response, AppError> {
    let version = form_version(&form.version)?;
    let address = address.to_string();
    let subject = format!("plan {id}: budget link {link}");
    let entry = audit_entry(
        &auth.current,
        AuditAction::BudgetLineUnlinked,
        &subject,
        &auth.current.user.organisation.name,
        &address,
    );
    state
        .store()
        .unlink_budget_line(id, version, link, &entry)
        .await
        .map_err(|e| refused(e, "", "", ""))?;
    Ok(see_other(&format!("{}/resources#links", plan_path(id))))
}

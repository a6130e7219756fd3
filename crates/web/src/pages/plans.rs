//! A plan's performance pages: overview, outcome scorecards, exceptions,
//! localities and indicators. Every table downloads as CSV or XLSX through
//! `?format=` on the page's own address.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use trustboard_core::period::Period;
use trustboard_core::resources::Threshold;
use trustboard_report::chart::Chart;
use trustboard_store::audit::{AuditAction, AuditEntry};

use super::lineage::{self, AcrossPlans, Succession};
use super::work::figures::CommentRow;
use crate::authz::{may_answer_for, Action, PublishPlans, ViewPlans};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{plan_path, segment, Crumb, Nav};
use crate::performance::cache::{LoadedPlan, OverviewHtml};
use crate::performance::dashboard::Dashboard;
use crate::performance::resources::Glance;
use crate::performance::table::{self, Format, Table};
use crate::performance::views::{
    Exceptions, IndicatorPage, Localities, Overview, PlanContext, Scorecard,
};
use crate::performance::{self as perf, chart, ViewQuery};
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{render, render_with_room};

/// The page, or one of its tables as a download when `?format=` asks for one.
pub(super) fn page_or_download(
    page: &impl Template,
    tables: &[Table],
    query: &ViewQuery,
    stem: &str,
) -> Result<Response, AppError> {
    match query.format {
        None | Some(Format::Html) => Ok(render(page)?.into_response()),
        Some(format) => table::choose(tables, query.table.as_deref())?.download(format, stem),
    }
}

/// The milestones planned for a node: its action plan, open to everyone who reads plans.
fn action_plan_href(plan_id: i64, code: &str) -> String {
    format!("{}/nodes/{}/actions", plan_path(plan_id), segment(code))
}

fn plan_crumbs(plan: &PlanContext) -> Vec<Crumb> {
    vec![
        Crumb::new("Plans", "/"),
        Crumb::new(
            &plan.name,
            format!("{}?period={}", plan_path(plan.id), segment(&plan.period)),
        ),
    ]
}

/// The download links under a table, keeping the period.
pub struct Downloads {
    pub csv: String,
    pub xlsx: String,
}

fn downloads(path: &str, plan: &PlanContext, table: &Table, extra: &str) -> Downloads {
    let base = format!(
        "{path}?period={}{extra}&table={}",
        segment(&plan.period),
        table.id
    );
    Downloads {
        csv: format!("{base}&format=csv"),
        xlsx: format!("{base}&format=xlsx"),
    }
}

/// The overview's HTML that is the same for every reader, rendered in two
/// parts: above the reader's own controls and below them.
#[derive(Template)]
#[template(path = "plan_overview_shared.html")]
struct OverviewShared {
    above_controls: bool,
    dashboard: Option<Dashboard>,
    view: Overview,
    table: Table,
    downloads: Downloads,
    path: String,
    resources: Option<Glance>,
    money_unit: &'static str,
}

#[derive(Template)]
#[template(path = "plan_overview.html")]
struct OverviewPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan: PlanContext,
    html: Arc<OverviewHtml>,
    can_publish: bool,
    published: bool,
    can_produce_pack: bool,
    succession: Succession,
}

pub async fn overview(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    if let Some(format) = query.format.filter(|f| *f != Format::Html) {
        let view = perf::overview(&state, id, &query).await?;
        return table::choose(&view.tables(), query.table.as_deref())?.download(format, "overview");
    }
    let (plan, period) = perf::plan_and_period(&state, id, &query).await?;
    // Rendering a large plan's overview takes milliseconds; every reader of
    // one revision, period and day gets the same HTML but for their controls.
    let html = plan
        .overview_html(period, || overview_shared(&state, &plan, period))
        .await?;
    let page = OverviewPage {
        nav: auth.current.nav(),
        breadcrumbs: vec![Crumb::new("Plans", "/")],
        plan: PlanContext::new(&plan, period),
        html,
        can_publish: auth.current.can(Action::PublishPlans),
        published: plan.handle.published,
        can_produce_pack: auth.current.can(Action::ProduceBoardPack),
        succession: lineage::succession(&state, &auth.current, &plan).await?,
    };
    let carried = page.html.above_controls.len() + page.html.below_controls.len();
    Ok(render_with_room(&page, carried)?.into_response())
}

/// Brings plan `id` up to date after a write and renders again the overviews
/// read today of the revision before it.
pub(super) async fn render_overviews_again(state: &AppState, id: i64) -> Result<(), AppError> {
    let Some(held) = state.plans().held(id) else {
        return Ok(());
    };
    let periods = held.overview_periods();
    if periods.is_empty() {
        return Ok(());
    }
    let plan = state.plans().plan(state.store(), id).await?;
    for period in periods {
        plan.overview_html(period, || overview_shared(state, &plan, period))
            .await?;
    }
    Ok(())
}

async fn overview_shared(
    state: &AppState,
    plan: &Arc<LoadedPlan>,
    period: Period,
) -> Result<OverviewHtml, AppError> {
    let id = plan.handle.id;
    let judged = plan.judged(period, None).await?;
    let view = Overview::build(plan, &judged, period);
    let table = view.tables().into_iter().next().ok_or(AppError::NotFound)?;
    let path = plan_path(id);
    let mut shared = OverviewShared {
        above_controls: true,
        dashboard: Dashboard::build(Arc::clone(plan), period, &view).await?,
        resources: Glance::new(
            perf::resources::part_of(state, plan, period, Threshold::default()).await?,
        ),
        downloads: downloads(&path, &view.plan, &table, ""),
        table,
        path,
        view,
        money_unit: trustboard_report::resources::MONEY_UNIT,
    };
    let above_controls = shared.render()?;
    shared.above_controls = false;
    Ok(OverviewHtml {
        above_controls,
        below_controls: shared.render()?,
    })
}

#[derive(Template)]
#[template(path = "plan_scorecard.html")]
struct ScorecardPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    view: Scorecard,
    table: Table,
    downloads: Downloads,
    path: String,
    action_plan: String,
}

pub async fn scorecard(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let view = perf::scorecard(&state, id, &code, &query).await?;
    let tables = view.tables();
    let path = format!("{}/nodes/{}", plan_path(id), segment(&code));
    let table = tables.first().cloned().ok_or(AppError::NotFound)?;
    let page = ScorecardPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&view.plan),
        downloads: downloads(&path, &view.plan, &table, ""),
        action_plan: action_plan_href(id, &view.code),
        table,
        path,
        view,
    };
    page_or_download(&page, &tables, &query, "scorecard")
}

#[derive(Template)]
#[template(path = "plan_exceptions.html")]
struct ExceptionsPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    view: Exceptions,
    table: Table,
    downloads: Downloads,
    path: String,
}

pub async fn exceptions(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let view = perf::exceptions(&state, id, &query).await?;
    let tables = view.tables();
    let path = format!("{}/exceptions", plan_path(id));
    let table = tables.first().cloned().ok_or(AppError::NotFound)?;
    let page = ExceptionsPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&view.plan),
        downloads: downloads(&path, &view.plan, &table, ""),
        table,
        path,
        view,
    };
    page_or_download(&page, &tables, &query, "exceptions")
}

#[derive(Template)]
#[template(path = "plan_localities.html")]
struct LocalitiesPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    view: Localities,
    table: Table,
    downloads: Downloads,
    path: String,
}

pub async fn localities(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let view = perf::localities(&state, id, &query).await?;
    let tables = view.tables();
    let path = format!("{}/localities", plan_path(id));
    let table = tables.first().cloned().ok_or(AppError::NotFound)?;
    let extra = view
        .indicator
        .as_deref()
        .map(|key| format!("&indicator={}", segment(key)))
        .unwrap_or_default();
    let page = LocalitiesPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&view.plan),
        downloads: downloads(&path, &view.plan, &table, &extra),
        table,
        path,
        view,
    };
    page_or_download(&page, &tables, &query, "localities")
}

#[derive(Template)]
#[template(path = "plan_indicator.html")]
struct IndicatorTemplate {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    view: IndicatorPage,
    chart: Option<Chart>,
    values: Table,
    values_downloads: Downloads,
    history: Table,
    history_downloads: Downloads,
    path: String,
    work: IndicatorWork,
    comments: Vec<CommentRow>,
    /// The same indicator's figures across linked plans, when other plans hold some.
    across: Option<AcrossPlans>,
    /// Indicators of linked plans a performance officer may say it is.
    same_as: Vec<(String, String)>,
    /// The statutory returns its figures were computed from.
    sources: Vec<super::returns::ReturnSource>,
}

/// Links from an indicator to the write side, each shown only to those who may follow it.
struct IndicatorWork {
    /// The account assigned to own the indicator, whoever is looking.
    owner: Option<String>,
    entry: Option<String>,
    settings: Option<String>,
    action_plans: Vec<ActionPlanLink>,
}

struct ActionPlanLink {
    code: String,
    href: String,
}

async fn indicator_work(
    state: &AppState,
    current: &CurrentUser,
    view: &IndicatorPage,
) -> Result<IndicatorWork, AppError> {
    let id = view.plan.id;
    let path = format!("{}/indicators/{}", plan_path(id), segment(&view.key));
    let owner = state.store().indicator_owner(id, &view.key).await?;
    let may_enter = current.can(Action::EnterFigures)
        && may_answer_for(
            current.user.role,
            owner.as_ref().is_some_and(|o| o.user_id == current.user.id),
        );
    Ok(IndicatorWork {
        owner: owner.map(|o| o.username),
        entry: may_enter.then(|| format!("{path}/entry?period={}", segment(&view.plan.period))),
        settings: current
            .can(Action::AssignOwners)
            .then(|| format!("{path}/settings")),
        action_plans: view
            .objectives
            .iter()
            .map(|objective| ActionPlanLink {
                code: objective.code.clone(),
                href: action_plan_href(id, &objective.code),
            })
            .collect(),
    })
}

/// The indicator's commentary, newest first as the store keeps it; internal
/// remarks only for those allowed to read them.
async fn indicator_commentary(
    state: &AppState,
    current: &CurrentUser,
    plan_id: i64,
    key: &str,
) -> Result<Vec<CommentRow>, AppError> {
    let internal_allowed = current.can(Action::ReadInternalCommentary);
    Ok(state
        .store()
        .commentary(plan_id, key)
        .await?
        .iter()
        .filter(|comment| internal_allowed || !comment.internal)
        .map(CommentRow::from)
        .collect())
}

pub async fn indicator(
    auth: Authorised<ViewPlans>,
    State(state): State<AppState>,
    Path((id, key)): Path<(i64, String)>,
    Query(query): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let view = perf::indicator(&state, id, &key, &query).await?;
    let tables = view.tables();
    let path = format!("{}/indicators/{}", plan_path(id), segment(&key));
    let [values, history] = <[Table; 2]>::try_from(tables.clone())
        .map_err(|_| AppError::internal("indicator tables"))?;
    let work = indicator_work(&state, &auth.current, &view).await?;
    let comments = indicator_commentary(&state, &auth.current, id, &view.key).await?;
    let across = lineage::across_plans(&state, id, &view.plan.name, &view.key, &view.name).await?;
    let same_as = lineage::indicator_candidates(&state, &auth.current, id).await?;
    let sources = super::returns::provenance(&state, &auth.current, id, &view.key).await?;
    let page = IndicatorTemplate {
        sources,
        across,
        same_as,
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&view.plan),
        chart: chart::over_the_years(&view.name, &view.values),
        values_downloads: downloads(&path, &view.plan, &values, ""),
        history_downloads: downloads(&path, &view.plan, &history, ""),
        values,
        history,
        path,
        work,
        comments,
        view,
    };
    page_or_download(&page, &tables, &query, "indicator")
}

#[derive(Deserialize)]
pub struct PublishForm {
    published: String,
}

/// Shows or hides the plan's public page.
pub async fn set_published(
    auth: Authorised<PublishPlans>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PublishForm>,
) -> Result<Response, AppError> {
    let published = match form.published.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest),
    };
    let handle = state
        .store()
        .plan_handle(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let address = address.to_string();
    let subject = handle.name.clone();
    let entry = AuditEntry {
        at: chrono::Utc::now(),
        actor: Some(auth.current.actor()),
        action: if published {
            AuditAction::PlanPublished
        } else {
            AuditAction::PlanUnpublished
        },
        subject: Some(&subject),
        detail: &handle.organisation,
        client_address: Some(&address),
    };
    if !state
        .store()
        .set_plan_published(id, published, &entry)
        .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&plan_path(id)).into_response())
}

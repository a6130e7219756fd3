//! Entering an indicator's out-turn for one period (and locality or group):
//! the text exactly as the council writes it, commentary, and the step to
//! submit it for approval. The page also shows the current figure, its RAG
//! rating for the period, the figure's history and the indicator's commentary.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use trustboard_core::judge::{judge_indicator, JudgeOptions, Rag};
use trustboard_core::limits::{check_length, MAX_NAME_CHARS, MAX_NOTE_CHARS};
use trustboard_core::model::{Indicator, ObservationKind, PlanDocument};
use trustboard_core::period::{Period, PeriodError};
use trustboard_core::plan_diff::Slot;
use trustboard_core::span::{check_slot, financial_year_of, PlanSpan};
use trustboard_core::value::{self, ParsedValue, Value};
use trustboard_core::workflow::SubmissionStatus;
use trustboard_store::audit::AuditAction;
use trustboard_store::entry::{Comment, EntryDraft, SaveOutcome, SlotValue, Submission};
use trustboard_store::{HistoryEntry, PlanHandle};

use super::{
    audit_entry, find_indicator, load_plan_handle, loaded_plan, plan_crumbs, see_other, WorkPath,
};
use crate::authz::{may_answer_for, EnterFigures};
use crate::csrf::CsrfForm;
use crate::display::display_time;
use crate::error::AppError;
use crate::navigation::{segment, Crumb, Nav};
use crate::performance::cache::LoadedPlan;
use crate::session::{Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::{field_error, render, FieldError};

const ENTER_OUT_TURN: &str = "Enter the out-turn, for example 62% or 31/35";
const NOT_UNDERSTOOD: &str =
    "Enter the out-turn as a figure, a fraction or a status, for example 62%, 31/35 or n/a";

/// Which slot a figure is for, as the address or the form names it; a blank
/// period is the latest with an out-turn.
#[derive(Deserialize, Default)]
pub struct SlotFields {
    #[serde(default)]
    period: String,
    #[serde(default)]
    locality: String,
    #[serde(default)]
    group: String,
}

/// Which slot the page is for.
#[derive(Deserialize, Default)]
pub struct SlotQuery {
    #[serde(flatten)]
    slot: SlotFields,
    done: Option<String>,
}

/// Whether `parsed` says what happened: a figure, a fraction, parts or a status.
fn is_out_turn(parsed: &ParsedValue) -> bool {
    matches!(
        parsed.value,
        Value::Number(_) | Value::Ratio { .. } | Value::Parts { .. } | Value::Status { .. }
    )
}

/// The council's text understood as an out-turn, or the message to show.
pub fn parse_out_turn(text: &str) -> Result<ParsedValue, &'static str> {
    if text.trim().is_empty() {
        return Err(ENTER_OUT_TURN);
    }
    let parsed = value::parse(text.trim());
    if is_out_turn(&parsed) {
        Ok(parsed)
    } else {
        Err(NOT_UNDERSTOOD)
    }
}

pub fn rag_label(rag: Rag) -> (&'static str, &'static str) {
    match rag {
        Rag::Green => ("Green", "tag--green"),
        Rag::Amber => ("Amber", "tag--yellow"),
        Rag::Red => ("Red", "tag--red"),
        Rag::Grey => ("Not rated", "tag--grey"),
    }
}

fn blank_to_none(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The indicator's periods with an out-turn or target, oldest first.
fn periods_of(doc: &PlanDocument, key: &str) -> Vec<Period> {
    let mut periods: Vec<Period> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == key)
        .filter(|o| matches!(o.kind, ObservationKind::Actual | ObservationKind::Target))
        .map(|o| o.period)
        .collect();
    periods.sort();
    periods.dedup();
    periods
}

/// `periods` with `chosen` among them, in order.
fn periods_with(mut periods: Vec<Period>, chosen: Period) -> Vec<Period> {
    if !periods.contains(&chosen) {
        periods.push(chosen);
        periods.sort();
    }
    periods
}

/// The latest period in the plan's years with an out-turn, else the first
/// with a target, else the financial year `today` falls in.
fn default_period(doc: &PlanDocument, key: &str, today: NaiveDate) -> Period {
    let span = PlanSpan::of(doc);
    let in_span = |period: &Period| span.is_none_or(|s| s.admits(period));
    doc.observations
        .iter()
        .filter(|o| o.indicator == key && o.kind == ObservationKind::Actual)
        .map(|o| o.period)
        .filter(in_span)
        .max()
        .or_else(|| periods_of(doc, key).into_iter().find(in_span))
        .unwrap_or_else(|| Period::financial(financial_year_of(today)))
}

/// The plan, the indicator and the slot a request is about.
pub struct EntryTarget {
    pub plan: PlanHandle,
    pub loaded: Arc<LoadedPlan>,
    pub indicator: Indicator,
    pub slot: Slot,
}

async fn entry_target(
    state: &AppState,
    path: &WorkPath,
    fields: &SlotFields,
) -> Result<EntryTarget, AppError> {
    let plan = load_plan_handle(state, path.plan).await?;
    let loaded = loaded_plan(state, &plan).await?;
    let doc = &loaded.doc;
    let indicator = find_indicator(doc, &path.item)?.clone();
    let period = match fields.period.trim() {
        "" => default_period(doc, &indicator.key, Utc::now().date_naive()),
        text => text
            .parse()
            .map_err(|error: PeriodError| AppError::invalid("period", text, error))?,
    };
    let locality = blank_to_none(&fields.locality);
    let group = blank_to_none(&fields.group);
    // Figures are entered only for the plan's years, localities and groups.
    check_slot(doc, &period, locality.as_deref(), group.as_deref())
        .map_err(|problem| AppError::invalid(problem.field, &problem.value, problem.message))?;
    let slot = Slot {
        indicator: indicator.key.clone(),
        period,
        kind: ObservationKind::Actual,
        locality,
        group,
    };
    Ok(EntryTarget {
        plan,
        loaded,
        indicator,
        slot,
    })
}

/// Refuses lead officers who do not own the indicator.
pub async fn check_answerable(
    state: &AppState,
    current: &CurrentUser,
    plan_id: i64,
    key: &str,
) -> Result<(), AppError> {
    let owner = state.store().indicator_owner(plan_id, key).await?;
    let owns = owner.is_some_and(|o| o.user_id == current.user.id);
    if may_answer_for(current.user.role, owns) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub struct PeriodOption {
    value: String,
    selected: bool,
}

/// A locality or group to enter figures for; the empty value is the whole area or everyone.
pub struct ScopeOption {
    value: String,
    label: String,
    selected: bool,
}

/// `everyone` first, then each name once, with `chosen` selected.
fn scope_options<'a>(
    everyone: &str,
    names: impl Iterator<Item = &'a str>,
    chosen: Option<&'a str>,
) -> Vec<ScopeOption> {
    let mut seen: Vec<&str> = Vec::new();
    for name in names.chain(chosen) {
        if !seen.contains(&name) {
            seen.push(name);
        }
    }
    std::iter::once(ScopeOption {
        value: String::new(),
        label: everyone.to_owned(),
        selected: chosen.is_none(),
    })
    .chain(seen.into_iter().map(|name| ScopeOption {
        value: name.to_owned(),
        label: name.to_owned(),
        selected: chosen == Some(name),
    }))
    .collect()
}

pub struct CommentRow {
    pub period: String,
    pub text: String,
    pub internal: bool,
    pub author: String,
    pub written: String,
}

impl From<&Comment> for CommentRow {
    fn from(comment: &Comment) -> Self {
        CommentRow {
            period: comment.period.clone(),
            text: comment.text.clone(),
            internal: comment.internal,
            author: comment.author.clone(),
            written: display_time(comment.written_at),
        }
    }
}

pub struct HistoryRow {
    text: String,
    recorded_by: String,
    replaced: String,
    replaced_by: String,
}

impl From<&HistoryEntry> for HistoryRow {
    fn from(entry: &HistoryEntry) -> Self {
        HistoryRow {
            text: entry.text.clone(),
            recorded_by: entry.recorded_by.clone(),
            replaced: display_time(entry.replaced_at),
            replaced_by: entry.replaced_by.clone(),
        }
    }
}

/// What the author typed, shown back after an error or a conflict.
#[derive(Deserialize, Default)]
pub struct EntryForm {
    #[serde(flatten)]
    slot: SlotFields,
    #[serde(default)]
    text: String,
    #[serde(default)]
    commentary: String,
    #[serde(default)]
    internal: Option<String>,
    #[serde(default)]
    version: String,
    #[serde(default)]
    intent: String,
}

#[derive(Template)]
#[template(path = "entry.html")]
struct EntryPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    errors: Vec<FieldError>,
    action: String,
    plan_id: i64,
    key_segment: String,
    title: String,
    code: Option<String>,
    period: String,
    locality: String,
    group: String,
    periods: Vec<PeriodOption>,
    localities: Vec<ScopeOption>,
    groups: Vec<ScopeOption>,
    current: Option<String>,
    updated: Option<String>,
    target: Option<String>,
    rag_label: &'static str,
    rag_class: &'static str,
    rag_rule: String,
    version: i64,
    text: String,
    commentary: String,
    internal: bool,
    /// The author's entry that is not yet approved, if any.
    open_status: Option<&'static str>,
    return_reason: Option<String>,
    /// The figure someone else stored while this one was being entered.
    conflict: Option<String>,
    done: Option<&'static str>,
    comments: Vec<CommentRow>,
    history: Vec<HistoryRow>,
}

impl EntryPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }
}

fn done_message(done: Option<&str>) -> Option<&'static str> {
    match done? {
        "draft" => Some("Draft saved"),
        "submitted" => Some("Submitted for approval"),
        "approved" => Some("Figure added to the plan"),
        _ => None,
    }
}

async fn entry_page(
    state: &AppState,
    current: &CurrentUser,
    target: &EntryTarget,
    value: &SlotValue,
    open: Option<&Submission>,
) -> Result<EntryPage, AppError> {
    let EntryTarget {
        plan,
        loaded,
        indicator,
        slot,
    } = target;
    let doc = &loaded.doc;
    let options = JudgeOptions::for_slot(slot, Utc::now().date_naive());
    let judgement = judge_indicator(doc, indicator, &options);
    let (rag_label, rag_class) = rag_label(judgement.rag.rag);
    let target_text = doc
        .observations
        .iter()
        .find(|o| {
            o.indicator == slot.indicator
                && o.kind == ObservationKind::Target
                && o.period == slot.period
                && o.locality == slot.locality
                && o.group == slot.group
        })
        .map(|o| o.text.clone());
    let store = state.store();
    let comments = store.commentary(plan.id, &indicator.key).await?;
    let history = store
        .observation_history(Some(&plan.organisation), &plan.name, slot)
        .await?;
    let key_segment = segment(&indicator.key);
    let mut breadcrumbs = plan_crumbs(plan);
    if current.can(crate::authz::Action::ApproveFigures) {
        breadcrumbs.push(Crumb::new(
            "Approvals",
            format!("/plans/{}/approvals", plan.id),
        ));
    }
    Ok(EntryPage {
        nav: current.nav(),
        breadcrumbs,
        errors: Vec::new(),
        action: format!("/plans/{}/indicators/{key_segment}/entry", plan.id),
        plan_id: plan.id,
        key_segment,
        title: indicator.title.clone(),
        code: indicator.code.clone(),
        period: slot.period.to_string(),
        locality: slot.locality.clone().unwrap_or_default(),
        group: slot.group.clone().unwrap_or_default(),
        periods: periods_with(periods_of(doc, &indicator.key), slot.period)
            .into_iter()
            .map(|p| PeriodOption {
                selected: p == slot.period,
                value: p.to_string(),
            })
            .collect(),
        localities: scope_options(
            "Whole area",
            doc.localities.iter().map(|l| l.name.as_str()),
            slot.locality.as_deref(),
        ),
        groups: scope_options(
            "Everyone",
            doc.observations
                .iter()
                .filter(|o| o.indicator == indicator.key)
                .filter_map(|o| o.group.as_deref()),
            slot.group.as_deref(),
        ),
        current: value.current.as_ref().map(|c| c.text.clone()),
        updated: value
            .current
            .as_ref()
            .map(|c| format!("{} by {}", display_time(c.updated_at), c.updated_by)),
        target: target_text,
        rag_label,
        rag_class,
        rag_rule: judgement.rag.rule,
        version: value.version,
        text: open.map(|s| s.text.clone()).unwrap_or_default(),
        commentary: open.map(|s| s.commentary.clone()).unwrap_or_default(),
        internal: open.is_some_and(|s| s.commentary_internal),
        open_status: open.map(|s| s.status.label()),
        return_reason: open
            .filter(|s| s.status == SubmissionStatus::Returned)
            .and_then(|s| s.return_reason.clone()),
        conflict: None,
        done: None,
        comments: comments.iter().map(CommentRow::from).collect(),
        history: history.iter().map(HistoryRow::from).collect(),
    })
}

pub async fn show(
    auth: Authorised<EnterFigures>,
    State(state): State<AppState>,
    path: WorkPath,
    Query(query): Query<SlotQuery>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let target = entry_target(&state, &path, &query.slot).await?;
    check_answerable(&state, current, target.plan.id, &target.indicator.key).await?;
    let value = state
        .store()
        .slot_value(target.plan.id, &target.slot)
        .await?;
    let open = state
        .store()
        .open_submission(target.plan.id, &target.slot, current.user.id)
        .await?;
    let mut page = entry_page(&state, current, &target, &value, open.as_ref()).await?;
    page.done = done_message(query.done.as_deref());
    Ok(render(&page)?.into_response())
}

pub async fn save(
    auth: Authorised<EnterFigures>,
    State(state): State<AppState>,
    path: WorkPath,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<EntryForm>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let target = entry_target(&state, &path, &form.slot).await?;
    check_answerable(&state, current, target.plan.id, &target.indicator.key).await?;
    let version: i64 = form
        .version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let submit = match form.intent.as_str() {
        "submit" => true,
        "draft" => false,
        _ => return Err(AppError::BadRequest),
    };
    let internal = form.internal.is_some();
    let show_again = |page: EntryPage, status: StatusCode| -> Result<Response, AppError> {
        Ok((status, render(&page)?).into_response())
    };
    let checked = check_length("Commentary", &form.commentary, MAX_NOTE_CHARS)
        .map_err(|message| ("commentary", message))
        .and_then(|()| {
            check_length("The out-turn", &form.text, MAX_NAME_CHARS).map_err(|m| ("text", m))
        })
        .and_then(|()| parse_out_turn(&form.text).map_err(|m| ("text", m.to_owned())));
    let parsed = match checked {
        Ok(parsed) => parsed,
        Err((field, message)) => {
            let value = state
                .store()
                .slot_value(target.plan.id, &target.slot)
                .await?;
            let mut page = entry_page(&state, current, &target, &value, None).await?;
            page.errors = vec![FieldError::new(field, message)];
            (page.text, page.commentary, page.internal) =
                (form.text.clone(), form.commentary.clone(), internal);
            // The version shown stays the one the author started from.
            page.version = version;
            return show_again(page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let subject = target.slot.describe();
    let detail = format!("`{}`", form.text.trim());
    let address_text = address.to_string();
    let action = if submit {
        AuditAction::EntrySubmitted
    } else {
        AuditAction::EntrySaved
    };
    let audit = audit_entry(current, action, &subject, &detail, &address_text);
    let draft = EntryDraft {
        slot: &target.slot,
        text: form.text.trim(),
        parsed: &parsed,
        commentary: form.commentary.trim(),
        commentary_internal: internal,
        base_version: version,
        submit,
        author: current.actor(),
        at: Utc::now(),
    };
    match state
        .store()
        .save_entry(target.plan.id, &draft, &audit)
        .await?
    {
        SaveOutcome::Saved(entry) => {
            let done = match entry.status {
                SubmissionStatus::Approved => "approved",
                SubmissionStatus::Submitted => "submitted",
                SubmissionStatus::Draft | SubmissionStatus::Returned => "draft",
            };
            let page = format!(
                "/plans/{}/indicators/{}/entry",
                target.plan.id,
                segment(&target.indicator.key)
            );
            Ok(see_other(&format!(
                "{page}?period={}&locality={}&group={}&done={done}",
                segment(&form.slot.period),
                segment(&form.slot.locality),
                segment(&form.slot.group),
            )))
        }
        SaveOutcome::Conflict(value) => {
            let mut page = entry_page(&state, current, &target, &value, None).await?;
            page.conflict = Some(
                value
                    .current
                    .as_ref()
                    .map_or_else(|| "no figure".to_owned(), |c| c.text.clone()),
            );
            (page.text, page.commentary, page.internal) =
                (form.text.clone(), form.commentary.clone(), internal);
            show_again(page, StatusCode::CONFLICT)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_turns_are_figures_fractions_or_statuses() {
        assert!(parse_out_turn("62%").is_ok());
        assert!(parse_out_turn("31/35").is_ok());
        assert!(parse_out_turn("n/a").is_ok());
        assert_eq!(parse_out_turn("  "), Err(ENTER_OUT_TURN));
        assert_eq!(parse_out_turn("see the narrative"), Err(NOT_UNDERSTOOD));
    }

    #[test]
    fn without_figures_the_period_is_the_financial_year_of_today() {
        let doc = PlanDocument::default();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        assert_eq!(
            default_period(&doc, "NI 59", day(2026, 11, 24)),
            Period::financial(2026)
        );
        assert_eq!(
            default_period(&doc, "NI 59", day(2027, 3, 31)),
            Period::financial(2026)
        );
        assert_eq!(
            default_period(&doc, "NI 59", day(2027, 4, 1)),
            Period::financial(2027)
        );
    }

    #[test]
    fn scopes_list_everyone_first_and_each_name_once() {
        let options = scope_options("Everyone", ["FSM", "LAC", "FSM"].into_iter(), Some("SEN"));
        let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["Everyone", "FSM", "LAC", "SEN"]);
        assert!(options
            .iter()
            .filter(|o| o.selected)
            .all(|o| o.value == "SEN"));
    }
}

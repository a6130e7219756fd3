//! The polarity review: a performance officer sees every indicator's
//! polarity with its reason (unknown first, then inferred, then stated),
//! confirms or changes many at once, and sees who changed what and when.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use trustboard_core::judge::polarity::{decide, direction_words};
use trustboard_core::model::{Polarity, PolaritySource};
use trustboard_store::{PolarityDecision, StoreError};

use super::{load_plan_handle, loaded_plan, plan_crumbs, see_other};
use crate::authz::{may_see_organisation, DecidePolarity};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{Crumb, Nav};
use crate::session::Authorised;
use crate::state::AppState;
use crate::templates::render;

/// One indicator on the review page.
pub struct ReviewRow {
    /// Position in the form: fields are `key-N`, `version-N`, `confirm-N`, `polarity-N`.
    pub index: usize,
    pub key: String,
    pub title: String,
    pub polarity: &'static str,
    /// `higher`, `lower` or `band`, when there is a polarity to confirm.
    pub word: Option<&'static str>,
    pub reason: String,
    pub version: i64,
}

/// Indicators of one kind: unknown, inferred or stated.
pub struct Section {
    pub heading: &'static str,
    pub rows: Vec<ReviewRow>,
}

pub struct HistoryRow {
    pub indicator: String,
    pub when: String,
    pub by: String,
    pub old: String,
    pub new: &'static str,
}

#[derive(Template)]
#[template(path = "polarity_review.html")]
struct ReviewPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    plan_id: i64,
    plan_name: String,
    sections: Vec<Section>,
    history: Vec<HistoryRow>,
    saved: Option<String>,
    conflict: Option<String>,
}

#[derive(Deserialize)]
pub struct ReviewQuery {
    saved: Option<String>,
    conflict: Option<String>,
}

fn word(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::HigherIsBetter => "higher",
        Polarity::LowerIsBetter => "lower",
        Polarity::Band => "band",
    }
}

fn from_word(word: &str) -> Option<Polarity> {
    match word {
        "higher" => Some(Polarity::HigherIsBetter),
        "lower" => Some(Polarity::LowerIsBetter),
        "band" => Some(Polarity::Band),
        _ => None,
    }
}

/// The plan, if the signed-in person's organisation holds it.
async fn own_plan(
    state: &AppState,
    auth: &Authorised<DecidePolarity>,
    id: i64,
) -> Result<trustboard_store::PlanHandle, AppError> {
    let plan = load_plan_handle(state, id).await?;
    if !may_see_organisation(&auth.current.user.organisation.name, &plan.organisation) {
        return Err(AppError::NotFound);
    }
    Ok(plan)
}

pub async fn show(
    auth: Authorised<DecidePolarity>,
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Query(query): Query<ReviewQuery>,
) -> Result<Response, AppError> {
    let plan = own_plan(&state, &auth, id).await?;
    let loaded = loaded_plan(&state, &plan).await?;
    let doc = &loaded.doc;
    let organisation = Some(plan.organisation.as_str());
    let versions: HashMap<String, i64> = state
        .store()
        .polarity_versions(organisation, &plan.name)
        .await?
        .into_iter()
        .map(|v| (v.key, v.version))
        .collect();
    let (mut unknown, mut inferred, mut stated) = (Vec::new(), Vec::new(), Vec::new());
    for (index, indicator) in doc.indicators.iter().enumerate() {
        let judged = decide(indicator, &doc.observations);
        let row = ReviewRow {
            index,
            key: indicator.key.clone(),
            title: indicator.title.clone(),
            polarity: direction_words(judged.polarity),
            word: judged.polarity.map(word),
            reason: judged.reason(),
            version: versions.get(&indicator.key).copied().unwrap_or(1),
        };
        match judged.source() {
            None => unknown.push(row),
            Some(PolaritySource::Inferred) => inferred.push(row),
            Some(PolaritySource::Stated) => stated.push(row),
        }
    }
    let history = state
        .store()
        .plan_polarity_history(organisation, &plan.name)
        .await?
        .into_iter()
        .rev()
        .map(|change| HistoryRow {
            indicator: change.indicator,
            when: change.changed_at.format("%Y-%m-%d %H:%M").to_string(),
            by: change.changed_by,
            old: format!(
                "{}{}",
                direction_words(change.old_polarity),
                match change.old_source {
                    Some(PolaritySource::Inferred) => " (inferred)",
                    _ => "",
                }
            ),
            new: direction_words(Some(change.new_polarity)),
        })
        .collect();
    let page = ReviewPage {
        nav: auth.current.nav(),
        breadcrumbs: plan_crumbs(&plan),
        plan_id: plan.id,
        plan_name: plan.name.clone(),
        sections: vec![
            Section {
                heading: "Unknown",
                rows: unknown,
            },
            Section {
                heading: "Inferred, awaiting confirmation",
                rows: inferred,
            },
            Section {
                heading: "Stated",
                rows: stated,
            },
        ],
        history,
        saved: query.saved,
        conflict: query.conflict,
    };
    Ok(render(&page)?.into_response())
}

/// The decisions a submitted form makes: for each row, a changed polarity
/// if one was chosen, else the shown one if its box was ticked.
fn decisions(form: &HashMap<String, String>) -> Result<Vec<PolarityDecision>, AppError> {
    let mut decisions = Vec::new();
    // Rows are read by the numbers their fields carry, not by counting from
    // zero, so a form holding only some rows is read whole.
    let mut rows: Vec<(usize, &String)> = form
        .iter()
        .filter_map(|(name, key)| Some((name.strip_prefix("key-")?.parse().ok()?, key)))
        .collect();
    rows.sort_unstable();
    for (index, key) in rows {
        let field = |name: &str| form.get(&format!("{name}-{index}")).map(String::as_str);
        let chosen = match (field("polarity"), field("confirm")) {
            (Some(changed), _) if !changed.is_empty() => changed,
            (_, Some(confirmed)) => confirmed,
            _ => continue,
        };
        let polarity = from_word(chosen).ok_or(AppError::BadRequest)?;
        let based_on = field("version")
            .and_then(|v| v.parse().ok())
            .ok_or(AppError::BadRequest)?;
        decisions.push(PolarityDecision {
            key: key.clone(),
            polarity,
            based_on,
        });
    }
    Ok(decisions)
}

pub async fn save(
    auth: Authorised<DecidePolarity>,
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<i64>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let plan = own_plan(&state, &auth, id).await?;
    let decisions = decisions(&form)?;
    let result = state
        .store()
        .state_polarities(
            Some(&plan.organisation),
            &plan.name,
            &decisions,
            &auth.current.user.username,
        )
        .await;
    let address = format!("/plans/{}/polarity", plan.id);
    match result {
        Ok(changed) => Ok(see_other(&format!("{address}?saved={changed}"))),
        Err(StoreError::PolarityChangedMeanwhile { indicator }) => Ok(see_other(&format!(
            "{address}?conflict={}",
            crate::navigation::segment(&indicator)
        ))),
        Err(other) => Err(other.into()),
    }
}

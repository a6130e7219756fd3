//! A plan's resources, projects and risks for one period, as the board pack
//! has them: the part the plan's overview shows and the JSON API sends.

use std::sync::Arc;

use serde::Deserialize;
use trustboard_core::period::Period;
use trustboard_core::resources::{Amount, Threshold};
use trustboard_report::build::{resources_part, PackOptions};
use trustboard_report::{Rag, RagBadge, ResourcesPart};

use super::cache::{self, LoadedPlan};
use super::{plan_and_period, ViewQuery};
use crate::error::AppError;
use crate::pack_inputs::fill_resources;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ResourcesQuery {
    pub period: Option<String>,
    /// Percent of last year's figure from which a change is listed.
    pub threshold_percent: Option<String>,
    /// £000s from which a change of money is listed.
    pub threshold_money: Option<String>,
}

impl ResourcesQuery {
    pub fn view(&self) -> ViewQuery {
        ViewQuery {
            period: self.period.clone(),
            ..ViewQuery::default()
        }
    }

    /// The threshold asked for, or the default's part; a bad one names its field.
    pub fn threshold(&self) -> Result<Threshold, AppError> {
        let mut threshold = Threshold::default();
        for (field, text, into) in [
            (
                "threshold_percent",
                &self.threshold_percent,
                &mut threshold.percent,
            ),
            (
                "threshold_money",
                &self.threshold_money,
                &mut threshold.money,
            ),
        ] {
            let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
                continue;
            };
            *into = Amount::read(text)
                .filter(|a| *a >= Amount::ZERO)
                .ok_or_else(|| {
                    AppError::invalid(field, text, "give a number of at least 0, e.g. 10 or 12.5")
                })?;
        }
        Ok(threshold)
    }
}

/// Plan `id`'s resources part for the period asked for, beside the
/// performance judged for that period.
pub async fn part(
    state: &AppState,
    id: i64,
    query: &ResourcesQuery,
) -> Result<ResourcesPart, AppError> {
    let threshold = query.threshold()?;
    let (plan, period) = plan_and_period(state, id, &query.view()).await?;
    part_of(state, &plan, period, threshold).await
}

/// The resources part of `plan` for `period`, listing changes past `threshold`.
pub async fn part_of(
    state: &AppState,
    plan: &Arc<LoadedPlan>,
    period: Period,
    threshold: Threshold,
) -> Result<ResourcesPart, AppError> {
    let judged = plan.judged(period, None).await?;
    let mut options = PackOptions::new(period, cache::today());
    fill_resources(state.store(), plan.handle.id, threshold, &mut options).await?;
    resources_part(&plan.doc, &options, &judged.plan).map_err(AppError::internal)
}

/// What the plan's overview shows of the part: the part itself, with its
/// projects counted by the rating of their latest approved report.
pub struct Glance {
    pub part: ResourcesPart,
    /// Red, amber, green and grey, leaving out a rating no project has.
    pub project_ratings: Vec<(RagBadge, usize)>,
    /// Projects with no approved report yet.
    pub unreported: usize,
}

impl Glance {
    /// `None` for a plan with no resource tables, no projects and no open risks.
    pub fn new(part: ResourcesPart) -> Option<Glance> {
        if part.resources.is_none() && part.projects.is_empty() && part.risks.open == 0 {
            return None;
        }
        let rated = |rag: Rag| {
            part.projects
                .iter()
                .filter(|p| p.progress.as_ref().is_some_and(|r| r.rag == rag))
                .count()
        };
        let project_ratings = [Rag::Red, Rag::Amber, Rag::Green, Rag::Grey]
            .into_iter()
            .map(|rag| (RagBadge::new(rag), rated(rag)))
            .filter(|(_, count)| *count > 0)
            .collect();
        let unreported = part
            .projects
            .iter()
            .filter(|p| p.progress.is_none())
            .count();
        Some(Glance {
            part,
            project_ratings,
            unreported,
        })
    }
}

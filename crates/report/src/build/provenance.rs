//! Where the pack's figures come from: an indicator's out-turns across the
//! plans this one follows, and the headline's inclusion table, which says for
//! every indicator whether each headline percentage counts it and why not.

use std::collections::HashMap;

use trustboard_core::judge::inclusion::{self, InclusionRow};
use trustboard_core::judge::suppression::counts_people;
use trustboard_core::judge::{self, PlanJudgement};
use trustboard_core::model::{Indicator, ObservationKind};

use super::scope::Scope;
use super::scorecard::withholds_figures;
use super::withhold;
use crate::pack::{AcrossPlans, AcrossPlansPoint};

/// The series of each indicator in scope that reaches into another plan, in
/// plan order. Series across plans are of whole-area figures, so a pack for
/// one locality has none.
pub fn across_plans(scope: &Scope<'_>) -> Vec<AcrossPlans> {
    if scope.opts.locality.is_some() || scope.opts.across_plans.is_empty() {
        return Vec::new();
    }
    // The node was checked when the plan was judged.
    let indicators =
        judge::indicators_in_scope(scope.doc, scope.opts.node.as_deref()).unwrap_or_default();
    indicators
        .into_iter()
        .filter_map(|indicator| {
            let points = scope.opts.across_plans.get(&indicator.key)?;
            let is_count = counts_people(indicator);
            let points: Vec<AcrossPlansPoint> = points
                .iter()
                .filter(|p| p.observation.kind == ObservationKind::Actual)
                .map(|p| AcrossPlansPoint {
                    period_label: p.observation.period.to_string(),
                    plan: p.plan.clone(),
                    cell: withhold::cell(&p.observation, is_count, scope.opts),
                })
                .collect();
            (!points.is_empty()).then(|| AcrossPlans {
                indicator: match &indicator.code {
                    Some(code) => format!("{code}: {}", indicator.title),
                    None => indicator.title.clone(),
                },
                points,
            })
        })
        .collect()
}

/// The inclusion table of the judgement the headline was counted from. In a
/// published pack, a judgement that quotes a small number keeps its verdict
/// but not its words.
pub fn inclusion(scope: &Scope<'_>, judged: &PlanJudgement) -> Vec<InclusionRow> {
    let indicators: HashMap<&str, &Indicator> = scope
        .doc
        .indicators
        .iter()
        .map(|i| (i.key.as_str(), i))
        .collect();
    let judgements: HashMap<&str, _> = judged
        .indicators
        .iter()
        .map(|j| (j.indicator.as_str(), j))
        .collect();
    let mut rows = inclusion::table(&judged.indicators);
    for row in &mut rows {
        let withheld = match (
            indicators.get(row.indicator.as_str()),
            judgements.get(row.indicator.as_str()),
        ) {
            (Some(indicator), Some(judgement)) => {
                withholds_figures(scope, judgement, counts_people(indicator))
            }
            _ => false,
        };
        if withheld {
            row.detail = WITHHELD_DETAIL.to_owned();
        }
    }
    rows
}

const WITHHELD_DETAIL: &str =
    "the figures are small numbers, withheld so that no child can be identified";

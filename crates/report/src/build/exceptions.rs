//! Indicators reported by exception, with the reasons the judging engine gave.

use std::collections::BTreeMap;

use trustboard_core::judge::suppression::counts_people;
use trustboard_core::judge::{ExceptionReason, PlanJudgement};

use super::scope::Scope;
use super::scorecard::withholds_figures;
use crate::pack::{Commentary, ExceptionRow};

/// One row per exception, under the outcome of the indicator's first objective
/// in the pack, with the commentary given for its indicator. Internal remarks
/// are kept here; rendering a published pack leaves them out.
pub fn exceptions(
    scope: &Scope<'_>,
    judged: &PlanJudgement,
    commentary: &BTreeMap<String, Vec<Commentary>>,
) -> Vec<ExceptionRow> {
    judged
        .exceptions
        .iter()
        .filter_map(|exception| {
            let indicator = scope.indicator(&exception.indicator)?;
            let judgement = judged
                .indicators
                .iter()
                .find(|j| j.indicator == exception.indicator)?;
            let outcome = indicator
                .objectives
                .iter()
                .filter(|o| scope.covers(o))
                .find_map(|o| scope.outcome_of(o))?;
            let is_count = counts_people(indicator);
            let withheld = withholds_figures(scope, judgement, is_count);
            Some(ExceptionRow {
                outcome_code: outcome.code.clone(),
                indicator: match &indicator.code {
                    Some(code) => format!("{code}: {}", indicator.title),
                    None => indicator.title.clone(),
                },
                reasons: exception
                    .reasons
                    .iter()
                    .map(|reason| reason_text(reason, withheld))
                    .collect(),
                owner: indicator.lead_officer.clone(),
                commentary: commentary
                    .get(&exception.indicator)
                    .cloned()
                    .unwrap_or_default(),
            })
        })
        .collect()
}

/// The reason in words; without the figures when they are withheld small numbers.
fn reason_text(reason: &ExceptionReason, withheld: bool) -> String {
    let (heading, detail) = match reason {
        ExceptionReason::OffTarget { detail } => ("Red against target", detail.clone()),
        ExceptionReason::GettingWorse { detail } => {
            ("Worse than the previous period", detail.clone())
        }
        ExceptionReason::WorseThanNeighbours { detail } => {
            ("Worse than statistical neighbours", detail.clone())
        }
        ExceptionReason::MilestonesOverdue { milestones } => {
            let listed: Vec<String> = milestones
                .iter()
                .map(|m| format!("{} (objective {}, due {})", m.text, m.node, m.due))
                .collect();
            return format!(
                "Linked milestones past their due date: {}",
                listed.join("; ")
            );
        }
        ExceptionReason::StatedDisagrees { detail } => {
            ("Rated differently by the council", detail.clone())
        }
    };
    if withheld {
        heading.to_owned()
    } else {
        format!("{heading}: {detail}")
    }
}

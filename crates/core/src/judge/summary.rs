//! Headline counts and the exceptions a board should look at.
//!
//! Percentages are of the indicators that could be assessed: "improved" is out
//! of those with a comparable previous period, "met or exceeded" (green) out of
//! those with a target and an out-turn. Every indicator that could not be
//! judged is listed with the reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::comparators::{describe, Position};
use super::direction::Arrow;
use super::inclusion::{self, Headline, Inclusion, LeftOut};
use super::rag::Rag;
use super::IndicatorJudgement;
use crate::model::{ObservationKind, PlanDocument};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DirectionCounts {
    pub improved: usize,
    pub declined: usize,
    pub unchanged: usize,
    /// Multi-part indicators with some parts better and some worse.
    pub mixed: usize,
    pub not_comparable: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TargetCounts {
    /// Green.
    pub met: usize,
    /// Amber or red.
    pub missed: usize,
    /// Grey.
    pub not_assessed: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RagCounts {
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub grey: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NotJudged {
    pub indicator: String,
    pub title: String,
    /// Why there is no RAG, if there is none.
    pub rag_reason: Option<String>,
    /// Why there is no direction of travel, if there is none.
    pub direction_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    pub indicators: usize,
    pub direction: DirectionCounts,
    /// Improved, as a percentage of those with a comparable previous period.
    pub improved_percent: Option<f64>,
    pub targets: TargetCounts,
    /// Met or exceeded, as a percentage of those assessed.
    pub met_percent: Option<f64>,
    pub rag: RagCounts,
    /// e.g. `10 of 14 comparable indicators improved (71%), 3 declined, 1 unchanged; 4 not comparable. …`
    pub headline: String,
    pub not_judged: Vec<NotJudged>,
    /// For each headline percentage: how many indicators it counts and how
    /// many are left out for each reason (see [`super::inclusion`]).
    pub reconciliation: Vec<Reconciliation>,
}

/// How one headline percentage adds up over every indicator judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reconciliation {
    pub headline: Headline,
    pub counted: usize,
    /// Each reason with the number of indicators it leaves out, most first.
    pub left_out: Vec<(LeftOut, usize)>,
}

impl Reconciliation {
    /// `% improved counts 82 of 209 indicators; left out: 100 no figure, 27 text only`.
    pub fn describe(&self) -> String {
        let total = self.counted + self.left_out.iter().map(|(_, n)| n).sum::<usize>();
        let reasons: Vec<String> = self
            .left_out
            .iter()
            .map(|(reason, n)| format!("{n} {}", reason.label()))
            .collect();
        let left = if reasons.is_empty() {
            String::new()
        } else {
            format!("; left out: {}", reasons.join(", "))
        };
        format!(
            "{} counts {} of {total} indicators{left}",
            self.headline.label(),
            self.counted
        )
    }
}

fn reconcile(judgements: &[IndicatorJudgement]) -> Vec<Reconciliation> {
    Headline::ALL
        .into_iter()
        .map(|headline| {
            let mut counted = 0;
            let mut left_out: Vec<(LeftOut, usize)> = Vec::new();
            for j in judgements {
                match inclusion::decide(j, headline) {
                    Inclusion::Counted { .. } => counted += 1,
                    Inclusion::LeftOut { reason } => {
                        match left_out.iter_mut().find(|(r, _)| *r == reason) {
                            Some((_, n)) => *n += 1,
                            None => left_out.push((reason, 1)),
                        }
                    }
                }
            }
            left_out.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            Reconciliation {
                headline,
                counted,
                left_out,
            }
        })
        .collect()
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

pub fn summarise(judgements: &[IndicatorJudgement]) -> Summary {
    let mut direction = DirectionCounts::default();
    let mut rag = RagCounts::default();
    let mut not_judged = Vec::new();
    for j in judgements {
        match j.direction.arrow {
            Arrow::Better => direction.improved += 1,
            Arrow::Worse => direction.declined += 1,
            Arrow::Same => direction.unchanged += 1,
            Arrow::Mixed => direction.mixed += 1,
            Arrow::NotComparable => direction.not_comparable += 1,
        }
        match j.rag.rag {
            Rag::Green => rag.green += 1,
            Rag::Amber => rag.amber += 1,
            Rag::Red => rag.red += 1,
            Rag::Grey => rag.grey += 1,
        }
        let rag_reason = (j.rag.rag == Rag::Grey).then(|| j.rag.rule.clone());
        let direction_reason =
            (j.direction.arrow == Arrow::NotComparable).then(|| j.direction.reason.clone());
        if rag_reason.is_some() || direction_reason.is_some() {
            not_judged.push(NotJudged {
                indicator: j.indicator.clone(),
                title: j.title.clone(),
                rag_reason,
                direction_reason,
            });
        }
    }
    let comparable =
        direction.improved + direction.declined + direction.unchanged + direction.mixed;
    let targets = TargetCounts {
        met: rag.green,
        missed: rag.amber + rag.red,
        not_assessed: rag.grey,
    };
    let assessed = targets.met + targets.missed;
    let improved_percent = percent(direction.improved, comparable);
    let met_percent = percent(targets.met, assessed);
    let share = |p: Option<f64>| p.map(|p| format!(" ({p:.0}%)")).unwrap_or_default();
    let headline = format!(
        "{} of {comparable} comparable indicators improved{}, {} declined, {} unchanged{}; {} not comparable. \
         Targets met or exceeded: {} of {assessed}{}; missed: {}; not assessed: {}.",
        direction.improved,
        share(improved_percent),
        direction.declined,
        direction.unchanged,
        if direction.mixed > 0 { format!(", {} mixed", direction.mixed) } else { String::new() },
        direction.not_comparable,
        targets.met,
        share(met_percent),
        targets.missed,
        targets.not_assessed,
    );
    Summary {
        indicators: judgements.len(),
        direction,
        improved_percent,
        targets,
        met_percent,
        rag,
        headline,
        not_judged,
        reconciliation: reconcile(judgements),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExceptionReason {
    OffTarget {
        detail: String,
    },
    GettingWorse {
        detail: String,
    },
    WorseThanNeighbours {
        detail: String,
    },
    /// Milestones linked to the indicator whose due date has passed and that
    /// are not recorded as complete.
    MilestonesOverdue {
        milestones: Vec<OverdueMilestone>,
    },
    /// The council's own rating differs from trustboard's (`the council said
    /// Green; trustboard judges Red because …`).
    StatedDisagrees {
        detail: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OverdueMilestone {
    pub node: String,
    pub text: String,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Exception {
    pub indicator: String,
    pub title: String,
    pub reasons: Vec<ExceptionReason>,
}

/// Indicators a board should look at: red, getting worse, worse than
/// statistical neighbours, with linked milestones past their due date on
/// `today`, or rated differently by the council itself.
pub fn exceptions(
    doc: &PlanDocument,
    judgements: &[IndicatorJudgement],
    today: NaiveDate,
) -> Vec<Exception> {
    judgements
        .iter()
        .filter_map(|j| {
            let mut reasons = Vec::new();
            if j.rag.rag == Rag::Red {
                reasons.push(ExceptionReason::OffTarget {
                    detail: j.rag.rule.clone(),
                });
            }
            if j.direction.arrow == Arrow::Worse {
                reasons.push(ExceptionReason::GettingWorse {
                    detail: j.direction.reason.clone(),
                });
            }
            let worse_than_neighbours: Vec<_> = j
                .comparators
                .iter()
                .filter(|c| {
                    c.comparator == ObservationKind::StatisticalNeighbours
                        && c.position == Position::Worse
                })
                .cloned()
                .collect();
            if !worse_than_neighbours.is_empty() {
                reasons.push(ExceptionReason::WorseThanNeighbours {
                    detail: describe(&worse_than_neighbours),
                });
            }
            let overdue: Vec<OverdueMilestone> = doc
                .milestones
                .iter()
                .filter(|m| m.indicators.iter().any(|k| k == &j.indicator))
                .filter(|m| m.is_overdue(today))
                .filter_map(|m| {
                    let due = m.due?;
                    Some(OverdueMilestone {
                        node: m.node.clone(),
                        text: m.text.clone(),
                        due,
                    })
                })
                .collect();
            if !overdue.is_empty() {
                reasons.push(ExceptionReason::MilestonesOverdue {
                    milestones: overdue,
                });
            }
            if let Some(detail) = j.stated.as_ref().and_then(|s| s.disagreement.clone()) {
                reasons.push(ExceptionReason::StatedDisagrees { detail });
            }
            (!reasons.is_empty()).then(|| Exception {
                indicator: j.indicator.clone(),
                title: j.title.clone(),
                reasons,
            })
        })
        .collect()
}

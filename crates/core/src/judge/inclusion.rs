//! Which indicators each headline percentage counts, and why every other one
//! is left out: one reason per indicator per headline figure, so an officer
//! can rebuild a published headline line by line.

use serde::{Deserialize, Serialize};

use super::direction::Arrow;
use super::rag::Rag;
use super::target::TargetResolution;
use super::IndicatorJudgement;

/// A percentage in the headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Headline {
    /// "% improved": of the indicators with a comparable previous figure.
    Improved,
    /// "% of targets met": of the indicators with a target and an out-turn judged against it.
    TargetsMet,
}

impl Headline {
    pub const ALL: [Headline; 2] = [Headline::Improved, Headline::TargetsMet];

    pub const fn label(self) -> &'static str {
        match self {
            Headline::Improved => "% improved",
            Headline::TargetsMet => "% of targets met",
        }
    }
}

/// What a counted indicator added to its headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Improved,
    Declined,
    Unchanged,
    /// Some parts better, some worse.
    Mixed,
    Met,
    Missed,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Improved => "improved",
            Outcome::Declined => "declined",
            Outcome::Unchanged => "unchanged",
            Outcome::Mixed => "mixed",
            Outcome::Met => "met",
            Outcome::Missed => "missed",
        }
    }
}

/// Why an indicator is not in a headline figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeftOut {
    /// No out-turn recorded for the period.
    NoFigure,
    /// The out-turn is words (`n/a`, `Baseline to be established`), not a figure.
    TextOnly,
    /// No out-turn for the previous period of the same kind.
    NoComparablePrevious,
    /// The earlier figure is for a different kind of period (a year against a quarter).
    DifferentPeriodKind,
    /// Whether higher or lower is better is not known.
    PolarityUnknown,
    NoTarget,
    /// A target that could not be turned into a figure (`Baseline plus 5%` with no baseline).
    TargetUnresolved,
    /// Figures present but not comparable for another reason, given in the detail.
    NotComparable,
}

impl LeftOut {
    pub fn label(self) -> &'static str {
        match self {
            LeftOut::NoFigure => "no figure",
            LeftOut::TextOnly => "text only",
            LeftOut::NoComparablePrevious => "no comparable previous figure",
            LeftOut::DifferentPeriodKind => "a different period kind",
            LeftOut::PolarityUnknown => "polarity unknown",
            LeftOut::NoTarget => "no target",
            LeftOut::TargetUnresolved => "target unresolved",
            LeftOut::NotComparable => "not comparable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Inclusion {
    Counted { outcome: Outcome },
    LeftOut { reason: LeftOut },
}

/// One line of the inclusion table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InclusionRow {
    pub headline: Headline,
    pub indicator: String,
    pub code: Option<String>,
    pub title: String,
    pub inclusion: Inclusion,
    /// The judgement's own words: the RAG rule or the direction's reason.
    pub detail: String,
}

/// Every indicator once for each headline figure, in the judgements' order.
pub fn table(judgements: &[IndicatorJudgement]) -> Vec<InclusionRow> {
    Headline::ALL
        .into_iter()
        .flat_map(|headline| {
            judgements.iter().map(move |j| InclusionRow {
                headline,
                indicator: j.indicator.clone(),
                code: j.code.clone(),
                title: j.title.clone(),
                inclusion: decide(j, headline),
                detail: match headline {
                    Headline::Improved => j.direction.reason.clone(),
                    Headline::TargetsMet => j.rag.rule.clone(),
                },
            })
        })
        .collect()
}

/// Whether `j` counts in `headline`, and if not, the first thing missing in
/// the order a person checks: a figure, something to compare it with, and
/// which way is better.
pub fn decide(j: &IndicatorJudgement, headline: Headline) -> Inclusion {
    match headline {
        Headline::Improved => improved(j),
        Headline::TargetsMet => targets_met(j),
    }
}

fn left_out(reason: LeftOut) -> Inclusion {
    Inclusion::LeftOut { reason }
}

/// An out-turn with neither a figure nor parts.
fn text_only(j: &IndicatorJudgement) -> bool {
    j.actual
        .as_ref()
        .is_some_and(|a| a.figure.is_none() && !a.has_parts)
}

fn improved(j: &IndicatorJudgement) -> Inclusion {
    let outcome = match j.direction.arrow {
        Arrow::Better => Outcome::Improved,
        Arrow::Worse => Outcome::Declined,
        Arrow::Same => Outcome::Unchanged,
        Arrow::Mixed => Outcome::Mixed,
        Arrow::NotComparable => {
            return left_out(if j.actual.is_none() {
                LeftOut::NoFigure
            } else if text_only(j) {
                LeftOut::TextOnly
            } else if j.previous.is_none() && j.direction.earlier_of_other_kind.is_some() {
                LeftOut::DifferentPeriodKind
            } else if j
                .previous
                .as_ref()
                .is_none_or(|p| p.figure.is_none() && !p.has_parts)
            {
                LeftOut::NoComparablePrevious
            } else if j.polarity.polarity.is_none() {
                LeftOut::PolarityUnknown
            } else {
                LeftOut::NotComparable
            })
        }
    };
    Inclusion::Counted { outcome }
}

fn targets_met(j: &IndicatorJudgement) -> Inclusion {
    let outcome = match j.rag.rag {
        Rag::Green => Outcome::Met,
        Rag::Amber | Rag::Red => Outcome::Missed,
        Rag::Grey => {
            return left_out(if j.actual.is_none() {
                LeftOut::NoFigure
            } else if text_only(j) {
                LeftOut::TextOnly
            } else {
                match j.target.as_ref().map(|t| &t.resolution) {
                    None | Some(TargetResolution::NoTarget { .. }) => LeftOut::NoTarget,
                    Some(TargetResolution::Unresolved { .. }) => LeftOut::TargetUnresolved,
                    Some(_) if j.polarity.polarity.is_none() => LeftOut::PolarityUnknown,
                    Some(_) => LeftOut::NotComparable,
                }
            })
        }
    };
    Inclusion::Counted { outcome }
}

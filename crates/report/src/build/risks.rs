//! The pack's risk section from the plan's register: heat maps of the open
//! risks before and after controls, and the top risks in board order. The
//! web's risk register page draws its heat map from [`heat_map`] too.

use chrono::NaiveDate;
use trustboard_core::risks::{top_risks, HeatMap as Placed, Rating, Risk, Score, Scored};

use crate::pack::{HeatMap, HeatMapCell, HeatMapRow, RiskLine, RiskSection};

/// How many risks the pack lists.
pub const TOP_RISKS: usize = 10;

/// The section for `risks` as they stand on `today`.
pub fn section(risks: &[Scored], today: NaiveDate) -> RiskSection {
    let open = risks
        .iter()
        .filter(|scored| scored.risk.status == trustboard_core::risks::RiskStatus::Open)
        .count();
    RiskSection {
        open: u32::try_from(open).unwrap_or(u32::MAX),
        residual: heat_map(risks, Stage::Residual),
        inherent: heat_map(risks, Stage::Inherent),
        top: top_risks(risks, today, TOP_RISKS)
            .iter()
            .map(|scored| line(scored, today))
            .collect(),
    }
}

/// Which score a heat map places risks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before controls.
    Inherent,
    /// After controls.
    Residual,
}

impl Stage {
    fn score(self) -> fn(&Risk) -> Score {
        match self {
            Stage::Inherent => |risk| risk.inherent,
            Stage::Residual => |risk| risk.residual,
        }
    }

    fn caption(self) -> &'static str {
        match self {
            Stage::Inherent => "Open risks by inherent score (before controls)",
            Stage::Residual => "Open risks by residual score (after controls)",
        }
    }
}

/// The open risks of `risks` on the 5×5 matrix: impact 5 down to 1, likelihood 1 to 5.
pub fn heat_map(risks: &[Scored], stage: Stage) -> HeatMap {
    let placed = Placed::of(risks, stage.score());
    HeatMap {
        caption: stage.caption().to_owned(),
        columns: Rating::all()
            .map(|likelihood| {
                format!(
                    "Likelihood {}: {}",
                    likelihood.value(),
                    likelihood.likelihood_label()
                )
            })
            .collect(),
        rows: Rating::all()
            .rev()
            .map(|impact| HeatMapRow {
                impact: format!("Impact {}: {}", impact.value(), impact.impact_label()),
                cells: Rating::all()
                    .map(|likelihood| {
                        let score = Score { likelihood, impact };
                        HeatMapCell {
                            score: score.value(),
                            band: score.band(),
                            risks: placed.at(likelihood, impact).to_vec(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A score as the tables write it: "20 Extreme (4×5)".
pub fn score_text(score: Score) -> String {
    format!(
        "{} {} ({}×{})",
        score.value(),
        score.band().label(),
        score.likelihood.value(),
        score.impact.value()
    )
}

fn line(scored: &Scored, today: NaiveDate) -> RiskLine {
    let risk = &scored.risk;
    RiskLine {
        number: format!("R{}", scored.number),
        description: risk.description.clone(),
        owner: risk.owner.clone(),
        inherent: score_text(risk.inherent),
        residual: score_text(risk.residual),
        residual_band: risk.residual.band(),
        trend: format!("{} {}", risk.trend.arrow(), risk.trend.label()),
        review_date: risk.review_date.format("%Y-%m-%d").to_string(),
        overdue: risk.is_review_overdue(today),
    }
}

//! The plan overview as a board member takes it in at a glance: the headline
//! as large figures, the exceptions first with their trends, and each
//! outcome's RAG ratings as a stacked bar with shape, letter and words beside
//! the colour. Everything comes from the first pages of the period's board
//! pack (headline, scorecards, exceptions), built as for publication, so the
//! page says what the pack says and withholds the small numbers the pack
//! withholds.

use std::sync::Arc;

use trustboard_core::period::Period;
use trustboard_report::chart::Chart;
use trustboard_report::pack::{Direction, OutcomeScorecard, PackSummary, Rag};
use trustboard_report::{RagBadge, RenderOptions};

use super::cache::LoadedPlan;
use super::views::Overview;
use crate::error::AppError;

pub struct Dashboard {
    pub figures: Vec<BigFigure>,
    pub exceptions: Vec<ExceptionCard>,
    pub outcomes: Vec<OutcomeBar>,
}

/// One headline number and what it counts.
pub struct BigFigure {
    pub value: String,
    pub label: String,
}

pub struct ExceptionCard {
    pub indicator: String,
    pub reasons: Vec<String>,
    pub trend: Option<Chart>,
}

pub struct OutcomeBar {
    pub code: String,
    pub title: String,
    pub href: String,
    /// The bar in words, for those who cannot see it.
    pub description: String,
    pub segments: Vec<Segment>,
    pub directions: Vec<DirectionCount>,
}

/// One RAG rating's share of an outcome's bar, in percent of its width.
pub struct Segment {
    pub badge: RagBadge,
    pub count: usize,
    pub x: f64,
    pub width: f64,
}

pub struct DirectionCount {
    pub arrow: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// Charts and figures as published: small numbers withheld.
const SHOWN: RenderOptions = RenderOptions { published: true };

impl Dashboard {
    /// The dashboard of `plan` for `period`, or `None` when no pack can be
    /// made for it (a period the plan says nothing about).
    pub async fn build(
        plan: Arc<LoadedPlan>,
        period: Period,
        overview: &Overview,
    ) -> Result<Option<Dashboard>, AppError> {
        let pack = plan.published_summary(period).await?;
        Ok(pack.map(|pack| Dashboard::of_pack(&pack, overview)))
    }

    fn of_pack(pack: &PackSummary, overview: &Overview) -> Dashboard {
        Dashboard {
            figures: big_figures(pack),
            exceptions: pack
                .exceptions
                .iter()
                .enumerate()
                .map(|(number, exception)| ExceptionCard {
                    trend: pack
                        .outcomes
                        .iter()
                        .filter(|outcome| outcome.code == exception.outcome_code)
                        .flat_map(|outcome| &outcome.rows)
                        .find(|row| row.display_name() == exception.indicator)
                        .and_then(|row| Chart::trend(row, format!("trend-{number}"), SHOWN)),
                    indicator: exception.indicator.clone(),
                    reasons: exception.reasons.clone(),
                })
                .collect(),
            outcomes: pack
                .outcomes
                .iter()
                .map(|outcome| {
                    let href = overview
                        .outcomes
                        .iter()
                        .find(|o| o.code == outcome.code)
                        .map(|o| o.href.clone())
                        .unwrap_or_default();
                    OutcomeBar::new(outcome, href)
                })
                .collect(),
        }
    }
}

fn big_figures(pack: &PackSummary) -> Vec<BigFigure> {
    let counts = &pack.headline.current;
    let percent = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |v| format!("{v:.0}%"));
    let direction = &counts.direction;
    let comparable =
        direction.improved + direction.declined + direction.unchanged + direction.mixed;
    let targets = &counts.targets;
    vec![
        BigFigure {
            value: percent(direction.improved_percent()),
            label: format!(
                "improved: {} of {comparable} comparable indicators",
                direction.improved
            ),
        },
        BigFigure {
            value: percent(targets.met_percent()),
            label: format!(
                "of targets met: {} of {} assessed",
                targets.met,
                targets.met + targets.missed
            ),
        },
        BigFigure {
            value: counts.rag.red.to_string(),
            label: "indicators rated red".to_owned(),
        },
        BigFigure {
            value: pack.exceptions.len().to_string(),
            label: "indicators reported by exception".to_owned(),
        },
    ]
}

impl OutcomeBar {
    fn new(outcome: &OutcomeScorecard, href: String) -> OutcomeBar {
        let total = outcome.rows.len();
        let mut x = 0.0;
        let mut segments = Vec::new();
        for rag in Rag::ALL {
            let count = outcome.rows.iter().filter(|r| r.rag.status == rag).count();
            if count == 0 {
                continue;
            }
            let width = 100.0 * count as f64 / total as f64;
            segments.push(Segment {
                badge: RagBadge::new(rag),
                count,
                x,
                width,
            });
            x += width;
        }
        let directions = [
            Direction::Better,
            Direction::Worse,
            Direction::Same,
            Direction::Mixed,
            Direction::NotComparable,
        ]
        .into_iter()
        .map(|direction| DirectionCount {
            arrow: direction.arrow(),
            label: direction.label(),
            count: outcome
                .rows
                .iter()
                .filter(|r| r.direction == direction)
                .count(),
        })
        .filter(|d| d.count > 0)
        .collect();
        let parts: Vec<String> = segments
            .iter()
            .map(|s| format!("{} {}", s.count, s.badge.label))
            .collect();
        OutcomeBar {
            description: format!(
                "Outcome {}: {total} indicators; {}",
                outcome.code,
                parts.join(", ")
            ),
            code: outcome.code.clone(),
            title: outcome.title.clone(),
            href,
            segments,
            directions,
        }
    }
}

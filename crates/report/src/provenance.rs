//! The pack's two sections on where its figures come from, worded once for
//! every format: figures across successive plans, and the appendix that says
//! which indicators each headline percentage counts.

use std::collections::HashMap;

use trustboard_core::judge::inclusion::{Headline, Inclusion, InclusionRow};

use crate::display::cell_text;
use crate::pack::{AcrossPlans, BoardPack};
use crate::RenderOptions;

pub const ACROSS_PLANS_HEADING: &str = "Figures across successive plans";
pub const INCLUSION_HEADING: &str = "Appendix: what the headline counts";

/// Columns of each indicator's table across plans.
pub const ACROSS_PLANS_COLUMNS: [&str; 3] = ["Period", "Out-turn", "Plan"];

/// Columns of the inclusion appendix: the indicator, then each headline figure.
pub const INCLUSION_COLUMNS: [&str; 3] = [
    "Indicator",
    Headline::Improved.label(),
    Headline::TargetsMet.label(),
];

/// Both sections as every format lays them out.
pub struct Provenance {
    pub across_plans_intro: String,
    /// Each indicator's name with its lines (see [`ACROSS_PLANS_COLUMNS`]).
    pub across_plans: Vec<(String, Vec<[String; 3]>)>,
    pub inclusion_intro: String,
    /// One line per indicator under [`INCLUSION_COLUMNS`].
    pub inclusion: Vec<[String; 3]>,
}

impl Provenance {
    pub fn new(pack: &BoardPack, opts: RenderOptions) -> Self {
        Provenance {
            across_plans_intro: across_plans_intro(pack),
            across_plans: pack
                .across_plans
                .iter()
                .map(|series| (series.indicator.clone(), across_plans_lines(series, opts)))
                .collect(),
            inclusion_intro: inclusion_intro(pack),
            inclusion: inclusion_lines(&pack.inclusion),
        }
    }
}

fn across_plans_intro(pack: &BoardPack) -> String {
    if pack.across_plans.is_empty() {
        "No indicator of this report has figures in an earlier or later plan.".to_owned()
    } else {
        format!(
            "{} indicators continue from another of the partnership's plans; their out-turns are shown as one series, each with the plan that reported it.",
            pack.across_plans.len()
        )
    }
}

/// One line per period: period, out-turn as shown, plan.
fn across_plans_lines(series: &AcrossPlans, opts: RenderOptions) -> Vec<[String; 3]> {
    series
        .points
        .iter()
        .map(|point| {
            [
                point.period_label.clone(),
                cell_text(&point.cell, opts).text,
                point.plan.clone(),
            ]
        })
        .collect()
}

/// How many indicators each headline figure counts, out of how many.
fn inclusion_intro(pack: &BoardPack) -> String {
    let parts: Vec<String> = Headline::ALL
        .into_iter()
        .filter_map(|headline| {
            let rows: Vec<&InclusionRow> = pack
                .inclusion
                .iter()
                .filter(|row| row.headline == headline)
                .collect();
            let counted = rows
                .iter()
                .filter(|row| matches!(row.inclusion, Inclusion::Counted { .. }))
                .count();
            (!rows.is_empty()).then(|| {
                format!(
                    "\u{201c}{}\u{201d} counts {counted} of {} indicators",
                    headline.label(),
                    rows.len()
                )
            })
        })
        .collect();
    if parts.is_empty() {
        return "The headline counts no indicators.".to_owned();
    }
    format!(
        "{}. Each indicator is listed once for each headline figure, with why it is left out when it is.",
        parts.join("; ")
    )
}

/// "Counted: improved" or "Left out: no target".
fn verdict(inclusion: &Inclusion) -> String {
    match inclusion {
        Inclusion::Counted { outcome } => format!("Counted: {}", outcome.label()),
        Inclusion::LeftOut { reason } => format!("Left out: {}", reason.label()),
    }
}

/// Each indicator once, in the order the table first lists it, with its
/// verdict for each headline figure; the full wording of each judgement is
/// in the workbook and the download.
fn inclusion_lines(rows: &[InclusionRow]) -> Vec<[String; 3]> {
    let mut lines: Vec<[String; 3]> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        let index = *at.entry(row.indicator.as_str()).or_insert_with(|| {
            let name = match &row.code {
                Some(code) => format!("{code}: {}", row.title),
                None => row.title.clone(),
            };
            lines.push([name, String::new(), String::new()]);
            lines.len() - 1
        });
        let column = match row.headline {
            Headline::Improved => 1,
            Headline::TargetsMet => 2,
        };
        lines[index][column] = verdict(&row.inclusion);
    }
    lines
}

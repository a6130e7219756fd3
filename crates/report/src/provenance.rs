//! The pack's two sections on where its figures come from, worded once for
//! every format: figures across successive plans, and the appendix that says
//! which indicators each headline percentage counts.

use trustboard_core::judge::inclusion::{Headline, Inclusion, InclusionRow};

use crate::display::cell_text;
use crate::inclusion::pack_cells;
use crate::pack::{AcrossPlans, BoardPack};
use crate::RenderOptions;

pub const ACROSS_PLANS_HEADING: &str = "Figures across successive plans";
pub const INCLUSION_HEADING: &str = "Appendix: what the headline counts";

/// Columns of each indicator's table across plans.
pub const ACROSS_PLANS_COLUMNS: [&str; 3] = ["Period", "Out-turn", "Plan"];

/// Both sections as every format lays them out.
pub struct Provenance {
    pub across_plans_intro: String,
    /// Each indicator's name with its lines (see [`ACROSS_PLANS_COLUMNS`]).
    pub across_plans: Vec<(String, Vec<[String; 3]>)>,
    pub inclusion_intro: String,
    /// Lines under [`crate::inclusion::PACK_COLUMNS`].
    pub inclusion: Vec<[String; 7]>,
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
            inclusion: pack.inclusion.iter().map(pack_cells).collect(),
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

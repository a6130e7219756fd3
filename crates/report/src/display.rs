//! Wording shared by every format, so HTML, PDF and XLSX say the same thing.

use crate::pack::{Audience, Cell, Commentary, HeadlineCounts, Polarity, Rag, ScorecardRow, Value};
use crate::RenderOptions;

/// Shown in place of a small number withheld from publication.
pub const SUPPRESSED_MARKER: &str = "[c]";

pub const SUPPRESSED_LEGEND: &str = "[c] small number withheld so that no child can be identified";

pub const CHART_LEGEND: &str = "Trend charts: the solid line with dots is the out-turn, the dashed line the target, and vertical bars the confidence interval where one is known.";

/// What a cell shows, and whether it carries the suppression marker.
pub struct CellText {
    pub text: String,
    /// The figure a spreadsheet may store, when the value is shown.
    pub figure: Option<f64>,
    pub suppressed: bool,
}

pub fn cell_text(cell: &Cell, opts: RenderOptions) -> CellText {
    match cell {
        Cell::Value(Value { text, figure }) => CellText {
            text: text.clone(),
            figure: *figure,
            suppressed: false,
        },
        Cell::Suppressed {
            internal: Some(value),
        } if !opts.published => CellText {
            text: format!("{} {SUPPRESSED_MARKER}", value.text),
            figure: value.figure,
            suppressed: true,
        },
        Cell::Suppressed { .. } => CellText {
            text: SUPPRESSED_MARKER.to_owned(),
            figure: None,
            suppressed: true,
        },
        Cell::Empty => CellText {
            text: String::new(),
            figure: None,
            suppressed: false,
        },
    }
}

pub fn visible_commentary(
    commentary: &[Commentary],
    opts: RenderOptions,
) -> impl Iterator<Item = &Commentary> {
    commentary
        .iter()
        .filter(move |note| !(opts.published && note.audience == Audience::Internal))
}

pub fn polarity_label(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::HigherIsBetter => "Higher is better",
        Polarity::LowerIsBetter => "Lower is better",
        Polarity::TargetBand => "Within a target band",
        Polarity::Unknown => "",
    }
}

/// "2009/10: 59%; 2010/11: 50.53%" — the recent out-turns on one line each.
pub fn outturn_lines(row: &ScorecardRow, opts: RenderOptions) -> Vec<String> {
    row.outturns
        .iter()
        .map(|outturn| {
            let shown = cell_text(&outturn.cell, opts);
            let text = if shown.text.is_empty() {
                "not reported".to_owned()
            } else {
                shown.text
            };
            format!("{}: {text}", outturn.period_label)
        })
        .collect()
}

pub fn target_text(row: &ScorecardRow) -> String {
    match &row.target {
        Some(target) => format!("{}: {}", target.period_label, target.text),
        None => "No target".to_owned(),
    }
}

pub fn percent_text(value: Option<f64>) -> String {
    match value {
        Some(value) => format!("{value:.0}%"),
        None => "–".to_owned(),
    }
}

/// A compact number for chart labels: no trailing zeros, at most two decimals.
pub fn figure_text(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One line of the headline table: label, count and share (percent) where it has one.
pub struct HeadlineLine {
    pub label: &'static str,
    pub count: u32,
    pub percent: Option<f64>,
}

impl HeadlineLine {
    pub fn text(&self) -> String {
        match self.percent {
            Some(percent) => format!("{} ({percent:.0}%)", self.count),
            None => self.count.to_string(),
        }
    }
}

pub fn headline_lines(counts: &HeadlineCounts) -> Vec<HeadlineLine> {
    let direction = &counts.direction;
    let targets = &counts.targets;
    let rag = &counts.rag;
    let line = |label, count, percent| HeadlineLine {
        label,
        count,
        percent,
    };
    vec![
        line("Improved", direction.improved, direction.improved_percent()),
        line("Declined", direction.declined, direction.declined_percent()),
        line(
            "Unchanged",
            direction.unchanged,
            direction.unchanged_percent(),
        ),
        line("Mixed", direction.mixed, direction.mixed_percent()),
        line("Not comparable", direction.not_comparable, None),
        line(
            "Targets met or exceeded",
            targets.met,
            targets.met_percent(),
        ),
        line("Targets missed", targets.missed, targets.missed_percent()),
        line("Targets not assessed", targets.not_assessed, None),
        line("Green", rag.green, rag.percent(Rag::Green)),
        line("Amber", rag.amber, rag.percent(Rag::Amber)),
        line("Red", rag.red, rag.percent(Rag::Red)),
        line("Not assessed (grey)", rag.grey, rag.percent(Rag::Grey)),
    ]
}

/// The sentence a board reads first, in the words plans use.
pub fn headline_sentence(counts: &HeadlineCounts) -> String {
    format!(
        "{}: improvement in {} of comparable indicators ({} of {}); {} of assessed targets met or exceeded ({} of {}).",
        counts.period_label,
        percent_text(counts.direction.improved_percent()),
        counts.direction.improved,
        counts.direction.comparable(),
        percent_text(counts.targets.met_percent()),
        counts.targets.met,
        counts.targets.assessed(),
    )
}

pub fn rag_meaning(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "target missed by more than the agreed tolerance",
        Rag::Amber => "target missed but within the agreed tolerance",
        Rag::Green => "target met or exceeded",
        Rag::Grey => "no target, no out-turn yet, or not comparable",
    }
}

//! Charts of an indicator over the years, for the web pages and the board pack alike.
//!
//! [`ChartData`] holds the figures; [`geometry`] places them in a box for a [`Layout`]
//! (a small trend in a table cell, or a chart with axes and a legend); the template
//! `templates/shared/chart.svg` draws a [`Chart`] as inline SVG and the PDF draws the same
//! geometry with vector paths. Colours come from each medium's style sheet, by class.

mod data;
mod geometry;
pub(crate) mod row;
mod scale;

pub use data::{ChartData, DataLine};
pub use geometry::{
    geometry, Axes, ChartGeometry, ChartPoint, Layout, Legend, LegendEntry, Marker, MarkerShape,
    PlottedLine, Run, Tick, Whisker,
};

use trustboard_core::model::ObservationKind;

use crate::pack::ScorecardRow;
use crate::RenderOptions;

/// A chart ready to draw as SVG: its geometry and its text alternative.
pub struct Chart {
    /// Prefix of the title and description ids, unique in the page.
    pub id: String,
    /// Class of the `<svg>` element, for the page's style sheet.
    pub class: &'static str,
    pub title: String,
    pub description: String,
    pub geometry: ChartGeometry,
}

/// Size of a scorecard row's trend, in CSS pixels.
const TREND_LAYOUT: Layout = Layout::Sparkline {
    width: 120.0,
    height: 36.0,
    dot: 2.0,
};

/// Size of the chart on an indicator's page, in CSS pixels.
const PAGE_WIDTH: f32 = 720.0;
const PAGE_HEIGHT: f32 = 360.0;

impl Chart {
    /// The chart on an indicator's page: out-turns, targets and comparators with axes
    /// and a legend, or `None` when there is nothing to draw.
    pub fn over_the_years(name: &str, data: &ChartData) -> Option<Chart> {
        let layout = Layout::Framed {
            width: PAGE_WIDTH,
            height: PAGE_HEIGHT,
        };
        Some(Chart {
            geometry: geometry(data, layout)?,
            id: "chart".to_owned(),
            class: "chart",
            title: format!("{name}: out-turns against targets and comparators"),
            description: over_the_years_description(data),
        })
    }
}

impl Chart {
    /// A scorecard row's small trend (target, and out-turn with its intervals)
    /// with its words, as the pack's scorecards and the plan overview draw it;
    /// `None` when there is nothing to draw.
    pub fn trend(row: &ScorecardRow, id: String, opts: RenderOptions) -> Option<Chart> {
        Some(Chart {
            geometry: row::trend(row, TREND_LAYOUT, opts)?,
            id,
            class: "trend",
            title: row::title(row),
            description: row::description(row, opts),
        })
    }
}

fn over_the_years_description(data: &ChartData) -> String {
    let kinds: Vec<&str> = data.lines.iter().map(|line| line.kind.label()).collect();
    format!(
        "Line chart by period of: {}.{} The same figures are in the table of values below.",
        kinds.join(", "),
        if data.has_intervals() {
            " Out-turns with numerator and denominator show their 95% confidence interval as a vertical bar."
        } else {
            ""
        }
    )
}

/// The class a line, its markers and its legend swatch carry in SVG.
pub fn class(kind: ObservationKind) -> &'static str {
    match kind {
        ObservationKind::Actual => "actual",
        ObservationKind::Target => "target",
        ObservationKind::England => "england",
        ObservationKind::Region => "region",
        ObservationKind::StatisticalNeighbours => "neighbours",
    }
}

#[cfg(test)]
mod tests;

//! The small trend in each scorecard row of the board pack, and its words.

use trustboard_core::model::ObservationKind;

use super::{geometry, ChartData, ChartGeometry, DataLine, Layout};
use crate::display::figure_text;
use crate::pack::{ScorecardRow, SeriesPoint};
use crate::RenderOptions;

/// The actual figure a chart may show under these options.
fn shown_actual(point: &SeriesPoint, opts: RenderOptions) -> Option<f64> {
    if point.suppressed && opts.published {
        None
    } else {
        point.actual
    }
}

fn shown_interval(point: &SeriesPoint, opts: RenderOptions) -> Option<(f64, f64)> {
    if point.suppressed && opts.published {
        return None;
    }
    point.ci_low.zip(point.ci_high)
}

/// The figures of a scorecard row's trend: target, then out-turn on top, with the
/// out-turn's confidence intervals.
fn row_data(series: &[SeriesPoint], opts: RenderOptions) -> ChartData {
    ChartData {
        periods: series
            .iter()
            .map(|point| point.period_label.clone())
            .collect(),
        lines: vec![
            DataLine {
                kind: ObservationKind::Target,
                values: series.iter().map(|point| point.target).collect(),
            },
            DataLine {
                kind: ObservationKind::Actual,
                values: series
                    .iter()
                    .map(|point| shown_actual(point, opts))
                    .collect(),
            },
        ],
        intervals: series
            .iter()
            .map(|point| shown_interval(point, opts))
            .collect(),
    }
}

/// The geometry of a row's trend, or `None` when there is nothing to draw.
pub fn trend(row: &ScorecardRow, layout: Layout, opts: RenderOptions) -> Option<ChartGeometry> {
    geometry(&row_data(&row.series, opts), layout)
}

pub fn title(row: &ScorecardRow) -> String {
    format!("Trend for {}", row.display_name())
}

/// The chart in words, for screen readers and the PDF's alternative text.
pub fn description(row: &ScorecardRow, opts: RenderOptions) -> String {
    let periods: Vec<String> = row
        .series
        .iter()
        .map(|point| {
            let actual = match shown_actual(point, opts) {
                Some(value) => figure_text(value),
                None if point.suppressed => "withheld".to_owned(),
                None => "no figure".to_owned(),
            };
            let mut text = format!("{} out-turn {actual}", point.period_label);
            if let Some(target) = point.target {
                text.push_str(&format!(", target {}", figure_text(target)));
            }
            if let Some((low, high)) = shown_interval(point, opts) {
                text.push_str(&format!(
                    ", confidence interval {} to {}",
                    figure_text(low),
                    figure_text(high)
                ));
            }
            text
        })
        .collect();
    if periods.is_empty() {
        "No figures to chart.".to_owned()
    } else {
        format!("{}.", periods.join("; "))
    }
}

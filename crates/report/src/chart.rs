//! Geometry and description of an indicator's small chart, shared by the SVG and PDF output.

use crate::display::figure_text;
use crate::pack::{ScorecardRow, SeriesPoint};
use crate::RenderOptions;

/// A point in chart space: x rightwards, y downwards, origin top-left.
pub type ChartPoint = (f32, f32);

pub struct ChartGeometry {
    pub width: f32,
    pub height: f32,
    /// Out-turn line, broken where a period has no (shown) figure.
    pub actual: Vec<Option<ChartPoint>>,
    pub target: Vec<Option<ChartPoint>>,
    /// Confidence interval whiskers: x, y of the high end, y of the low end.
    pub intervals: Vec<(f32, f32, f32)>,
}

const PAD: f32 = 3.0;

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

/// `None` when there is nothing to draw.
pub fn geometry(
    series: &[SeriesPoint],
    width: f32,
    height: f32,
    opts: RenderOptions,
) -> Option<ChartGeometry> {
    let values: Vec<f64> = series
        .iter()
        .flat_map(|point| {
            let interval = shown_interval(point, opts);
            [
                shown_actual(point, opts),
                point.target,
                interval.map(|(low, _)| low),
                interval.map(|(_, high)| high),
            ]
        })
        .flatten()
        .collect();
    let low = values.iter().copied().reduce(f64::min)?;
    let high = values.iter().copied().reduce(f64::max)?;
    // A flat series is drawn through the middle rather than dividing by zero.
    let (low, high) = if (high - low).abs() < f64::EPSILON {
        (low - 1.0, high + 1.0)
    } else {
        (low, high)
    };
    let step = if series.len() > 1 {
        (width - 2.0 * PAD) / (series.len() - 1) as f32
    } else {
        0.0
    };
    let x_at = |index: usize| {
        if series.len() > 1 {
            PAD + step * index as f32
        } else {
            width / 2.0
        }
    };
    let y_at = |value: f64| {
        let share = ((value - low) / (high - low)) as f32;
        height - PAD - share * (height - 2.0 * PAD)
    };
    let actual = series
        .iter()
        .enumerate()
        .map(|(index, point)| shown_actual(point, opts).map(|value| (x_at(index), y_at(value))))
        .collect();
    let target = series
        .iter()
        .enumerate()
        .map(|(index, point)| point.target.map(|value| (x_at(index), y_at(value))))
        .collect();
    let intervals = series
        .iter()
        .enumerate()
        .filter_map(|(index, point)| {
            shown_interval(point, opts).map(|(low, high)| (x_at(index), y_at(high), y_at(low)))
        })
        .collect();
    Some(ChartGeometry {
        width,
        height,
        actual,
        target,
        intervals,
    })
}

/// Consecutive drawable points, so a gap in the data leaves a gap in the line.
pub fn runs(points: &[Option<ChartPoint>]) -> Vec<Vec<ChartPoint>> {
    let mut runs = vec![];
    let mut current = vec![];
    for point in points {
        match point {
            Some(point) => current.push(*point),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
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

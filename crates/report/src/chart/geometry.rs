//! Where everything on a chart goes, in the chart's own units (CSS pixels for SVG,
//! points for PDF): x rightwards, y downwards, origin top-left.

use trustboard_core::model::ObservationKind;

use super::class;
use super::data::ChartData;
use super::scale::Scale;
use crate::display::figure_text;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    pub x: f32,
    pub y: f32,
}

/// How a chart is framed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layout {
    /// A small trend in a table cell: no axes, the figures fill the box. Out-turns are
    /// marked with dots of radius `dot`.
    Sparkline { width: f32, height: f32, dot: f32 },
    /// A chart with a labelled axis on the left, periods along the bottom, horizontal
    /// grid lines and a legend.
    Framed { width: f32, height: f32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartGeometry {
    pub width: f32,
    pub height: f32,
    pub axes: Option<Axes>,
    /// Confidence interval whiskers, drawn beneath the lines.
    pub intervals: Vec<Whisker>,
    pub lines: Vec<PlottedLine>,
    pub legend: Option<Legend>,
}

/// One kind of figure: its line, broken where a period has no figure, and its markers.
#[derive(Debug, Clone, PartialEq)]
pub struct PlottedLine {
    pub kind: ObservationKind,
    pub class: &'static str,
    pub runs: Vec<Run>,
    pub markers: Vec<Marker>,
}

/// Consecutive points joined by a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub points: Vec<ChartPoint>,
}

impl Run {
    /// The points as an SVG `points` attribute.
    pub fn svg_points(&self) -> String {
        let coordinates: Vec<String> = self
            .points
            .iter()
            .map(|point| format!("{:.1},{:.1}", point.x, point.y))
            .collect();
        coordinates.join(" ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerShape {
    Dot,
    Triangle,
}

/// Out-turns are dots and other lines triangles, so lines differ without colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    pub shape: MarkerShape,
    pub at: ChartPoint,
    /// Radius of a dot, or distance from a triangle's centre to its corners.
    pub size: f32,
}

impl Marker {
    pub fn is_dot(&self) -> bool {
        self.shape == MarkerShape::Dot
    }

    /// A triangle's corners as an SVG `points` attribute.
    pub fn svg_triangle(&self) -> String {
        let ChartPoint { x, y } = self.at;
        let half_base = self.size * 0.866;
        let foot = y + self.size / 2.0;
        format!(
            "{x:.1},{:.1} {:.1},{foot:.1} {:.1},{foot:.1}",
            y - self.size,
            x - half_base,
            x + half_base
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whisker {
    pub x: f32,
    /// y of the interval's high end (the smaller y).
    pub high: f32,
    pub low: f32,
    /// Half the width of the caps at each end; `None` draws a bare bar.
    pub cap: Option<f32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Axes {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    /// Value labels at the left, each with a grid line across.
    pub y_ticks: Vec<Tick>,
    /// Period labels along the bottom.
    pub x_ticks: Vec<Tick>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// x for a period, y for a value.
    pub at: f32,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub entries: Vec<LegendEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub class: &'static str,
    pub label: &'static str,
    /// Middle of the entry's row.
    pub y: f32,
    /// Where the swatch starts; the label follows it.
    pub swatch_x: f32,
    pub swatch_end: f32,
    pub label_x: f32,
}

/// Inset of a sparkline's figures from its edges, so dots are not clipped.
const SPARKLINE_PAD: f32 = 3.0;
const FRAME_MARGIN: f32 = 12.0;
const VALUE_LABELS: f32 = 56.0;
const PERIOD_LABELS: f32 = 36.0;
const FRAMED_DOT: f32 = 4.0;
const FRAMED_TRIANGLE: f32 = 5.0;
const WHISKER_CAP: f32 = 5.0;
const LEGEND_ROW: f32 = 20.0;
const LEGEND_PAD: f32 = 8.0;
const LEGEND_SWATCH: f32 = 18.0;
/// Average width of a legend character at the 13px label size.
const LEGEND_CHAR: f32 = 7.5;

/// Where the periods sit along the x axis.
enum Columns {
    /// From `first`, `step` apart: the first and last period at the edges.
    Spread { first: f32, step: f32 },
    /// Each period in the middle of its own band.
    Bands { left: f32, band: f32 },
}

impl Columns {
    fn x(&self, index: usize) -> f32 {
        match *self {
            Columns::Spread { first, step } => first + step * index as f32,
            Columns::Bands { left, band } => left + band * (index as f32 + 0.5),
        }
    }
}

/// The chart's geometry, or `None` when there is no figure to draw.
pub fn geometry(data: &ChartData, layout: Layout) -> Option<ChartGeometry> {
    let (low, high) = data.extent()?;
    let count = data.periods.len().max(1);
    let (width, height, scale, columns) = match layout {
        Layout::Sparkline { width, height, .. } => {
            // A flat series is drawn through the middle rather than dividing by zero.
            let (low, high) = if (high - low).abs() < f64::EPSILON {
                (low - 1.0, high + 1.0)
            } else {
                (low, high)
            };
            let columns = if count > 1 {
                Columns::Spread {
                    first: SPARKLINE_PAD,
                    step: (width - 2.0 * SPARKLINE_PAD) / (count - 1) as f32,
                }
            } else {
                Columns::Spread {
                    first: width / 2.0,
                    step: 0.0,
                }
            };
            let scale = Scale {
                low,
                high,
                top: SPARKLINE_PAD,
                bottom: height - SPARKLINE_PAD,
            };
            (width, height, scale, columns)
        }
        Layout::Framed { width, height } => {
            let frame = frame(width, height);
            let columns = Columns::Bands {
                left: frame.left,
                band: (frame.right - frame.left) / count as f32,
            };
            (width, height, framed_scale(low, high, &frame), columns)
        }
    };
    let x_at = |index: usize| columns.x(index);
    let point = |index: usize, value: f64| ChartPoint {
        x: x_at(index),
        y: scale.y(value),
    };
    let framed = matches!(layout, Layout::Framed { .. });
    let intervals = data
        .intervals
        .iter()
        .enumerate()
        .filter_map(|(index, interval)| {
            let (low, high) = (*interval)?;
            Some(Whisker {
                x: x_at(index),
                high: scale.y(high),
                low: scale.y(low),
                cap: framed.then_some(WHISKER_CAP),
            })
        })
        .collect();
    let lines: Vec<PlottedLine> = data
        .lines
        .iter()
        .map(|line| {
            let points: Vec<Option<ChartPoint>> = line
                .values
                .iter()
                .enumerate()
                .map(|(index, value)| value.map(|value| point(index, value)))
                .collect();
            PlottedLine {
                kind: line.kind,
                class: class(line.kind),
                markers: markers(line.kind, &points, layout),
                runs: runs(&points),
            }
        })
        .collect();
    let axes = framed.then(|| Axes {
        y_ticks: scale
            .ticks(6)
            .into_iter()
            .map(|value| Tick {
                at: scale.y(value),
                label: figure_text(value),
            })
            .collect(),
        x_ticks: data
            .periods
            .iter()
            .enumerate()
            .map(|(index, period)| Tick {
                at: x_at(index),
                label: period.clone(),
            })
            .collect(),
        ..frame(width, height)
    });
    let legend = axes.as_ref().map(|axes| legend(&lines, axes));
    Some(ChartGeometry {
        width,
        height,
        axes,
        intervals,
        lines,
        legend,
    })
}

/// The plot area of a framed chart, inside the margins and the label areas.
fn frame(width: f32, height: f32) -> Axes {
    Axes {
        left: FRAME_MARGIN + VALUE_LABELS,
        top: FRAME_MARGIN,
        right: width - FRAME_MARGIN,
        bottom: height - FRAME_MARGIN - PERIOD_LABELS,
        y_ticks: vec![],
        x_ticks: vec![],
    }
}

/// A tenth of the range (at least 1) above and below the figures, and zero on the
/// axis when every figure is positive.
fn framed_scale(low: f64, high: f64, frame: &Axes) -> Scale {
    let margin = ((high - low) * 0.1).max(1.0);
    let floor = if low >= 0.0 {
        (low - margin).min(0.0)
    } else {
        low - margin
    };
    Scale {
        low: floor,
        high: high + margin,
        top: frame.top,
        bottom: frame.bottom,
    }
}

fn markers(kind: ObservationKind, points: &[Option<ChartPoint>], layout: Layout) -> Vec<Marker> {
    let (shape, size) = match (layout, kind) {
        (Layout::Sparkline { dot, .. }, ObservationKind::Actual) => (MarkerShape::Dot, dot),
        (Layout::Sparkline { .. }, _) => return vec![],
        (Layout::Framed { .. }, ObservationKind::Actual) => (MarkerShape::Dot, FRAMED_DOT),
        (Layout::Framed { .. }, _) => (MarkerShape::Triangle, FRAMED_TRIANGLE),
    };
    points
        .iter()
        .flatten()
        .map(|&at| Marker { shape, at, size })
        .collect()
}

/// Consecutive drawable points, so a gap in the data leaves a gap in the line.
fn runs(points: &[Option<ChartPoint>]) -> Vec<Run> {
    points
        .split(Option::is_none)
        .filter(|run| !run.is_empty())
        .map(|run| Run {
            points: run.iter().flatten().copied().collect(),
        })
        .collect()
}

/// In the lower left of the plot, where figures are rarer than near the top of a
/// percentage scale.
fn legend(lines: &[PlottedLine], axes: &Axes) -> Legend {
    let widest = lines
        .iter()
        .map(|line| line.kind.label().chars().count())
        .max()
        .unwrap_or(0);
    let width = LEGEND_PAD * 3.0 + LEGEND_SWATCH + widest as f32 * LEGEND_CHAR;
    let height = LEGEND_ROW * lines.len() as f32 + LEGEND_PAD;
    let x = axes.left + LEGEND_PAD;
    let y = axes.bottom - LEGEND_PAD - height;
    let swatch_x = x + LEGEND_PAD;
    let entries = lines
        .iter()
        .enumerate()
        .map(|(index, line)| LegendEntry {
            class: line.class,
            label: line.kind.label(),
            y: y + LEGEND_PAD / 2.0 + LEGEND_ROW * (index as f32 + 0.5),
            swatch_x,
            swatch_end: swatch_x + LEGEND_SWATCH,
            label_x: swatch_x + LEGEND_SWATCH + LEGEND_PAD,
        })
        .collect();
    Legend {
        x,
        y,
        width,
        height,
        entries,
    }
}

//! An indicator's out-turns against its targets and comparators over the years,
//! drawn on the server as SVG and placed inline in the page (no script, no
//! inline style: the Content-Security-Policy stays strict).

use plotters::prelude::*;
use trustboard_core::model::ObservationKind;
use trustboard_core::period::Period;

use super::views::ValueLine;

const WIDTH: u32 = 720;
const HEIGHT: u32 = 360;

/// Out-turns in dark blue with their 95% intervals; targets and comparators in
/// other colours and marker shapes, so the lines differ without colour too.
fn colour(kind: ObservationKind) -> RGBColor {
    match kind {
        ObservationKind::Actual => RGBColor(29, 112, 184),
        ObservationKind::Target => RGBColor(0, 112, 60),
        ObservationKind::England => RGBColor(80, 90, 95),
        ObservationKind::Region => RGBColor(145, 43, 136),
        ObservationKind::StatisticalNeighbours => RGBColor(212, 53, 28),
    }
}

fn label(kind: ObservationKind) -> &'static str {
    match kind {
        ObservationKind::Actual => "Out-turn",
        ObservationKind::Target => "Target",
        ObservationKind::England => "England",
        ObservationKind::Region => "Region",
        ObservationKind::StatisticalNeighbours => "Statistical neighbours",
    }
}

/// The chart as an `<svg>` element with a title and description, or `None`
/// when there is nothing to draw. `values` are the whole-area figures.
pub fn draw(name: &str, values: &[ValueLine]) -> Option<String> {
    let plotted: Vec<&ValueLine> = values
        .iter()
        .filter(|v| v.group.is_none() && v.figure.is_some_and(f64::is_finite))
        .collect();
    if plotted.is_empty() {
        return None;
    }
    let mut periods: Vec<Period> = plotted.iter().map(|v| v.period).collect();
    periods.sort_by_key(|p| (p.year, p.sub, p.kind));
    periods.dedup();
    let x_of = |p: Period| periods.iter().position(|q| *q == p).unwrap_or(0) as f64;
    let figures = plotted.iter().filter_map(|v| v.figure);
    let intervals = plotted
        .iter()
        .filter_map(|v| v.interval)
        .flat_map(|i| [i.low, i.high]);
    let (low, high) = figures
        .chain(intervals)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), f| {
            (lo.min(f), hi.max(f))
        });
    let margin = ((high - low) * 0.1).max(1.0);
    let y_range = (low - margin).min(if low >= 0.0 { 0.0 } else { low - margin })..(high + margin);
    let last = (periods.len().saturating_sub(1)) as f64;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5..(last + 0.5), y_range)
            .ok()?;
        let period_label = |x: &f64| {
            let nearest = x.round();
            if (x - nearest).abs() > 0.01 || nearest < 0.0 {
                return String::new();
            }
            periods
                .get(nearest as usize)
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_labels(periods.len().max(2) * 2 + 1)
            .x_label_formatter(&period_label)
            .disable_x_mesh()
            .label_style(("sans-serif", 13))
            .draw()
            .ok()?;
        for kind in ObservationKind::ALL {
            let mut points: Vec<(f64, f64)> = plotted
                .iter()
                .filter(|v| v.kind == kind)
                .filter_map(|v| Some((x_of(v.period), v.figure?)))
                .collect();
            if points.is_empty() {
                continue;
            }
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let style = colour(kind).stroke_width(2);
            chart
                .draw_series(LineSeries::new(points.clone(), style))
                .ok()?
                .label(label(kind))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
            match kind {
                ObservationKind::Actual => chart.draw_series(
                    points
                        .iter()
                        .map(|&p| Circle::new(p, 4, colour(kind).filled())),
                ),
                _ => chart.draw_series(
                    points
                        .iter()
                        .map(|&p| TriangleMarker::new(p, 5, colour(kind).filled())),
                ),
            }
            .ok()?;
        }
        let intervals = plotted
            .iter()
            .filter(|v| v.kind == ObservationKind::Actual)
            .filter_map(|v| Some((x_of(v.period), v.interval?, v.figure?)));
        chart
            .draw_series(intervals.map(|(x, i, figure)| {
                ErrorBar::new_vertical(
                    x,
                    i.low,
                    figure,
                    i.high,
                    colour(ObservationKind::Actual).stroke_width(1),
                    10,
                )
            }))
            .ok()?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font(("sans-serif", 13))
            // Values near zero are rarer than values near the top of a percentage scale.
            .position(SeriesLabelPosition::LowerLeft)
            .draw()
            .ok()?;
        root.present().ok()?;
    }
    Some(with_text_alternative(svg, name, &plotted))
}

/// Gives the SVG a title and a description that say what the lines show, and
/// lets it shrink to the page width.
fn with_text_alternative(svg: String, name: &str, plotted: &[&ValueLine]) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for kind in ObservationKind::ALL {
        if plotted.iter().any(|v| v.kind == kind) {
            kinds.push(label(kind));
        }
    }
    let with_intervals = plotted.iter().any(|v| v.interval.is_some());
    let description = format!(
        "Line chart by period of: {}.{} The same figures are in the table of values below.",
        kinds.join(", "),
        if with_intervals {
            " Out-turns with numerator and denominator show their 95% confidence interval as a vertical bar."
        } else {
            ""
        }
    );
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let opening_end = svg.find('>').map_or(0, |i| i + 1);
    let (opening, rest) = svg.split_at(opening_end);
    let opening = opening.replacen(
        "<svg ",
        "<svg role=\"img\" aria-labelledby=\"chart-title chart-desc\" class=\"chart\" ",
        1,
    );
    format!(
        "{opening}<title id=\"chart-title\">{}: out-turns against targets and comparators</title><desc id=\"chart-desc\">{}</desc>{rest}",
        escape(name),
        escape(&description)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::judge::stats::wilson_interval;

    fn value(
        period: &str,
        kind: ObservationKind,
        figure: f64,
        ratio: Option<(f64, f64)>,
    ) -> ValueLine {
        ValueLine {
            period: period.parse().unwrap_or(Period::financial(1900)),
            kind,
            group: None,
            text: figure.to_string(),
            figure: Some(figure),
            interval: ratio.and_then(|(n, d)| wilson_interval(n, d)),
        }
    }

    #[test]
    fn the_chart_is_one_svg_element_with_a_title_and_description() {
        let values = [
            value("2009/10", ObservationKind::Actual, 100.0, Some((6.0, 6.0))),
            value("2010/11", ObservationKind::Actual, 83.3, Some((5.0, 6.0))),
            value("2010/11", ObservationKind::Target, 100.0, None),
        ];
        let svg = draw("NI 61 <adoption>", &values).unwrap_or_default();
        assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
        assert_eq!(
            svg.matches("viewBox=").count(),
            1,
            "attributes must not repeat"
        );
        assert!(svg.contains("<title id=\"chart-title\">NI 61 &lt;adoption&gt;: "));
        assert!(svg.contains("95% confidence interval"));
        assert!(svg.contains("2010/11"), "periods label the axis");
        assert!(!svg.contains("style="), "the CSP forbids inline style");
    }

    #[test]
    fn nothing_is_drawn_without_figures() {
        assert_eq!(draw("Empty", &[]), None);
    }
}

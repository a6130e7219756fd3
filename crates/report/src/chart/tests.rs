use askama::Template;

use super::*;

/// The shared partial on its own, as a page would place it.
#[derive(Template)]
#[template(
    source = "{% import \"shared/chart.svg\" as shared %}{% call shared::chart(chart) %}{% endcall %}",
    ext = "html"
)]
struct Standalone<'a> {
    chart: &'a Chart,
}

fn data() -> ChartData {
    ChartData {
        periods: vec!["2008/09".into(), "2009/10".into(), "2010/11".into()],
        lines: vec![
            DataLine {
                kind: ObservationKind::Actual,
                values: vec![Some(40.0), None, Some(83.3)],
            },
            DataLine {
                kind: ObservationKind::England,
                values: vec![Some(60.0), Some(62.0), Some(65.0)],
            },
        ],
        intervals: vec![None, None, Some((55.0, 95.0))],
    }
}

#[test]
fn a_gap_in_the_figures_breaks_the_line() {
    let Some(chart) = Chart::over_the_years("NI 61", &data()) else {
        panic!("there are figures to draw");
    };
    let actual = &chart.geometry.lines[0];
    assert_eq!(actual.runs.len(), 2);
    assert_eq!(actual.markers.len(), 2);
    assert!(actual.markers.iter().all(Marker::is_dot));
    let england = &chart.geometry.lines[1];
    assert_eq!(england.runs.len(), 1);
    assert!(england.markers.iter().all(|marker| !marker.is_dot()));
}

#[test]
fn the_legend_sits_in_the_lower_left_of_the_plot() {
    let Some(chart) = Chart::over_the_years("NI 61", &data()) else {
        panic!("there are figures to draw");
    };
    let (Some(axes), Some(legend)) = (&chart.geometry.axes, &chart.geometry.legend) else {
        panic!("a framed chart has axes and a legend");
    };
    let middle_x = (axes.left + axes.right) / 2.0;
    let middle_y = (axes.top + axes.bottom) / 2.0;
    assert!(legend.x > axes.left && legend.x + legend.width < middle_x);
    assert!(legend.y > middle_y && legend.y + legend.height < axes.bottom);
    let labels: Vec<&str> = legend.entries.iter().map(|entry| entry.label).collect();
    assert_eq!(labels, ["Out-turn", "England"]);
}

#[test]
fn the_value_axis_starts_at_zero_for_positive_figures() {
    let Some(chart) = Chart::over_the_years("NI 61", &data()) else {
        panic!("there are figures to draw");
    };
    let axes = chart.geometry.axes.as_ref().expect("framed");
    assert_eq!(
        axes.y_ticks.first().map(|tick| tick.label.as_str()),
        Some("0")
    );
    let periods: Vec<&str> = axes
        .x_ticks
        .iter()
        .map(|tick| tick.label.as_str())
        .collect();
    assert_eq!(periods, ["2008/09", "2009/10", "2010/11"]);
}

#[test]
fn the_chart_is_one_svg_element_with_a_title_and_description() {
    let Some(chart) = Chart::over_the_years("NI 61 <adoption>", &data()) else {
        panic!("there are figures to draw");
    };
    let svg = Standalone { chart: &chart }.render().unwrap_or_default();
    assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
    assert!(svg.ends_with("</svg>"), "{svg}");
    assert_eq!(svg.matches("<svg").count(), 1);
    assert_eq!(
        svg.matches("viewBox=").count(),
        1,
        "attributes must not repeat"
    );
    assert!(
        svg.contains("<title id=\"chart-title\">NI 61 &lt;adoption&gt;: "),
        "{svg}"
    );
    assert!(svg.contains("<desc id=\"chart-desc\">Line chart by period of: Out-turn, England."));
    assert!(svg.contains("95% confidence interval"));
    assert!(svg.contains("2010/11"), "periods label the axis");
    assert!(!svg.contains("style="), "the CSP forbids inline style");
}

#[test]
fn nothing_is_drawn_without_figures() {
    assert!(Chart::over_the_years("Empty", &ChartData::default()).is_none());
}

//! An indicator's out-turns against its targets and comparators over the years, as
//! the shared chart draws it (`trustboard_report::chart`): inline SVG in the page, no
//! script, no inline style, so the Content-Security-Policy stays strict.

use trustboard_core::model::ObservationKind;
use trustboard_core::period::Period;
use trustboard_report::chart::{Chart, ChartData, DataLine};

use super::views::ValueLine;

/// The chart of the whole-area figures, or `None` when there is nothing to draw.
pub fn over_the_years(name: &str, values: &[ValueLine]) -> Option<Chart> {
    Chart::over_the_years(name, &chart_data(values))
}

fn chart_data(values: &[ValueLine]) -> ChartData {
    let plotted: Vec<&ValueLine> = values
        .iter()
        .filter(|v| v.group.is_none() && v.figure.is_some_and(f64::is_finite))
        .collect();
    let mut periods: Vec<Period> = plotted.iter().map(|v| v.period).collect();
    periods.sort_by_key(|p| (p.year, p.sub, p.kind));
    periods.dedup();
    let find = |kind: ObservationKind, period: Period| {
        plotted
            .iter()
            .find(|v| v.kind == kind && v.period == period)
    };
    let lines = ObservationKind::ALL
        .into_iter()
        .filter(|kind| plotted.iter().any(|v| v.kind == *kind))
        .map(|kind| DataLine {
            kind,
            values: periods
                .iter()
                .map(|period| find(kind, *period).and_then(|v| v.figure))
                .collect(),
        })
        .collect();
    let intervals = periods
        .iter()
        .map(|period| {
            find(ObservationKind::Actual, *period)
                .and_then(|v| v.interval)
                .map(|interval| (interval.low, interval.high))
        })
        .collect();
    ChartData {
        periods: periods.iter().map(ToString::to_string).collect(),
        lines,
        intervals,
    }
}

#[cfg(test)]
mod tests {
    use askama::Template;
    use trustboard_core::judge::stats::wilson_interval;

    use super::*;

    /// The shared chart partial as the indicator page places it.
    #[derive(Template)]
    #[template(
        source = "{% import \"shared/chart.svg\" as shared %}{% call shared::chart(chart) %}{% endcall %}",
        ext = "html"
    )]
    struct InPage<'a> {
        chart: &'a Chart,
    }

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
            source: trustboard_core::model::ValueSource::Written,
        }
    }

    fn values() -> Vec<ValueLine> {
        vec![
            value("2010/11", ObservationKind::Target, 100.0, None),
            value("2010/11", ObservationKind::Actual, 83.3, Some((5.0, 6.0))),
            value("2009/10", ObservationKind::Actual, 100.0, Some((6.0, 6.0))),
            ValueLine {
                group: Some("Girls".to_owned()),
                ..value("2008/09", ObservationKind::Actual, 50.0, None)
            },
        ]
    }

    #[test]
    fn whole_area_figures_are_charted_by_period_in_order() {
        let data = chart_data(&values());
        assert_eq!(data.periods, ["2009/10", "2010/11"], "groups are left out");
        let kinds: Vec<ObservationKind> = data.lines.iter().map(|line| line.kind).collect();
        assert_eq!(kinds, [ObservationKind::Actual, ObservationKind::Target]);
        assert_eq!(data.lines[0].values, [Some(100.0), Some(83.3)]);
        assert_eq!(data.lines[1].values, [None, Some(100.0)]);
        assert!(data.intervals.iter().all(Option::is_some));
    }

    #[test]
    fn the_chart_is_one_svg_element_with_a_title_and_description() {
        let chart = over_the_years("NI 61 <adoption>", &values());
        let svg = chart
            .as_ref()
            .and_then(|chart| InPage { chart }.render().ok())
            .unwrap_or_default();
        assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
        assert_eq!(
            svg.matches("viewBox=").count(),
            1,
            "attributes must not repeat"
        );
        // The web's escaper spells entities as numbers.
        assert!(svg.contains("<title id=\"chart-title\">NI 61 &#60;adoption&#62;: "));
        assert!(svg.contains("95% confidence interval"));
        assert!(svg.contains("2010/11"), "periods label the axis");
        assert!(!svg.contains("style="), "the CSP forbids inline style");
    }

    #[test]
    fn nothing_is_drawn_without_figures() {
        assert!(over_the_years("Empty", &[]).is_none());
    }
}

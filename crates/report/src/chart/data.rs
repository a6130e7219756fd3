//! The figures a chart draws, by period.

use trustboard_core::model::ObservationKind;

/// Periods along the x axis and, for each kind of figure, its value in each period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    pub periods: Vec<String>,
    /// Drawn in this order, so later lines lie on top; the legend lists them in it too.
    pub lines: Vec<DataLine>,
    /// The out-turn's confidence interval (low, high) in each period, where one is known.
    pub intervals: Vec<Option<(f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DataLine {
    pub kind: ObservationKind,
    /// One entry per period; `None` leaves a gap in the line.
    pub values: Vec<Option<f64>>,
}

impl ChartData {
    /// Every value and interval end the scale has to take in.
    pub(crate) fn extent(&self) -> Option<(f64, f64)> {
        let values = self
            .lines
            .iter()
            .flat_map(|line| line.values.iter().flatten());
        let interval_ends = self
            .intervals
            .iter()
            .flatten()
            .flat_map(|&(low, high)| [low, high]);
        let all: Vec<f64> = values.copied().chain(interval_ends).collect();
        let low = all.iter().copied().reduce(f64::min)?;
        let high = all.iter().copied().reduce(f64::max)?;
        Some((low, high))
    }

    pub fn has_intervals(&self) -> bool {
        self.intervals.iter().any(Option::is_some)
    }
}

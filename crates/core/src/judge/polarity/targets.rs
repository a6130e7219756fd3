//! What the direction a council set its own targets in says about polarity.
//!
//! Targets written as `reduce by 5%` say it outright. Figures say it by
//! moving: a first target above the out-turn before it, and later targets
//! that hold or keep rising, mean higher is better (and the reverse). A
//! multi-part value (`a) 33/35 b) 9/10`) is read part by part; every part
//! has to point the same way.

use std::collections::BTreeMap;

use crate::model::Polarity;
use crate::period::Period;
use crate::value::{Direction, ParsedValue, RelativeTarget, Value};

use super::super::series::{Entry, Series};
use super::super::target::round;

/// What an indicator's targets say.
pub(super) enum TargetReading {
    /// All targets point one way; the reason shows how.
    Says(Polarity, String),
    /// Nothing to read, or targets pointing both ways; the reason says which.
    Silent(String),
}

/// Reads the whole-area targets of `series`.
pub(super) fn read(series: &Series<'_>) -> TargetReading {
    if let Some(reading) = relative(&series.targets) {
        return reading;
    }
    let lanes = lanes(series);
    if lanes.is_empty() {
        return TargetReading::Silent("no target with a figure to compare".into());
    }
    let mut moves: Vec<Move> = Vec::new();
    for (label, points) in &lanes {
        moves.extend(steps(label, points));
    }
    let Some(first) = moves.first() else {
        return TargetReading::Silent("the targets hold level, so they show no direction".into());
    };
    if let Some(other) = moves.iter().find(|m| m.rises != first.rises) {
        return TargetReading::Silent(format!(
            "the targets point both ways ({}, but {})",
            first.describe(),
            other.describe()
        ));
    }
    let polarity = if first.rises {
        Polarity::HigherIsBetter
    } else {
        Polarity::LowerIsBetter
    };
    let later = if moves.len() > 1 {
        let way = if first.rises { "rises" } else { "falls" };
        format!("; every other step holds or {way}")
    } else {
        String::new()
    };
    TargetReading::Says(polarity, format!("{}{later}", first.describe()))
}

/// Targets written as a change (`reduce by 5%`, `Baseline plus 5%`): `None`
/// when there are none, so the figures are read instead.
fn relative(targets: &[Entry<'_>]) -> Option<TargetReading> {
    let mut changes = targets
        .iter()
        .filter_map(|e| match &e.observation.parsed.value {
            Value::Relative {
                target: RelativeTarget::Change { direction, .. },
            } => Some((*direction, e)),
            _ => None,
        });
    let (first, entry) = changes.next()?;
    if let Some((_, other)) = changes.find(|(d, _)| *d != first) {
        return Some(TargetReading::Silent(format!(
            "the targets point both ways (\"{}\" and \"{}\")",
            entry.observation.text, other.observation.text
        )));
    }
    let (polarity, asks) = match first {
        Direction::Increase => (Polarity::HigherIsBetter, "an increase"),
        Direction::Reduce => (Polarity::LowerIsBetter, "a reduction"),
    };
    Some(TargetReading::Says(
        polarity,
        format!(
            "the {} target \"{}\" asks for {asks}",
            entry.period, entry.observation.text
        ),
    ))
}

/// One figure on a lane: a target, or the out-turn just before the first target.
struct Point {
    period: Period,
    figure: f64,
    target: bool,
}

/// Each part's figures (the key is the part's label, empty for a plain
/// figure): the last out-turn before the first target, then the targets in
/// period order.
fn lanes(series: &Series<'_>) -> BTreeMap<String, Vec<Point>> {
    let mut lanes: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for entry in &series.targets {
        for (label, figure) in figures(&entry.observation.parsed) {
            lanes.entry(label).or_default().push(Point {
                period: entry.period,
                figure,
                target: true,
            });
        }
    }
    for (label, points) in lanes.iter_mut() {
        let first_target = points[0].period;
        let baseline = series
            .actuals
            .iter()
            .rev()
            .filter(|e| e.period.start() < first_target.start())
            .find_map(|e| {
                figures(&e.observation.parsed)
                    .into_iter()
                    .find(|(l, _)| l == label)
                    .map(|(_, figure)| (e.period, figure))
            });
        if let Some((period, figure)) = baseline {
            points.insert(
                0,
                Point {
                    period,
                    figure,
                    target: false,
                },
            );
        }
    }
    lanes
}

/// A value's figures by part label; a plain figure has the empty label.
fn figures(parsed: &ParsedValue) -> Vec<(String, f64)> {
    if let Some(figure) = parsed.figure() {
        return vec![(String::new(), figure)];
    }
    parsed
        .parts()
        .iter()
        .filter_map(|p| Some((p.label.clone(), p.value.figure()?)))
        .collect()
}

/// One step between consecutive figures of a lane that is not level.
struct Move {
    label: String,
    from: (Period, f64, bool),
    to: (Period, f64),
    rises: bool,
}

impl Move {
    /// `2010/11 target 416 above 2009/10 out-turn 403`.
    fn describe(&self) -> String {
        let part = if self.label.is_empty() {
            String::new()
        } else {
            format!("part {}: ", self.label)
        };
        let (period, figure, was_target) = self.from;
        let what = if was_target { "target" } else { "out-turn" };
        let side = if self.rises { "above" } else { "below" };
        format!(
            "{part}{} target {} {side} {period} {what} {}",
            self.to.0,
            round(self.to.1),
            round(figure)
        )
    }
}

fn steps(label: &str, points: &[Point]) -> Vec<Move> {
    points
        .windows(2)
        .filter(|pair| pair[1].figure != pair[0].figure)
        .map(|pair| Move {
            label: label.to_string(),
            from: (pair[0].period, pair[0].figure, pair[0].target),
            to: (pair[1].period, pair[1].figure),
            rises: pair[1].figure > pair[0].figure,
        })
        .collect()
}

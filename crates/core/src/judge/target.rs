//! Turning a target as written into something an out-turn can be judged against.
//!
//! Absolute figures and bands are used as they are. Relative targets
//! (`Baseline plus 5%`, `Outcome from 2011/12 plus 5%`, `reduce by 5% year on
//! year`, `Maintain`) are worked out from the plan's own out-turns when the base
//! figure exists, and otherwise left unresolved with the reason.

use serde::{Deserialize, Serialize};

use super::series::{part, Series};
use crate::period::Period;
use crate::value::{Base, Change, Direction, ParsedValue, RelativeTarget, Status, Unit, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TargetResolution {
    Figure {
        amount: f64,
        unit: Unit,
        /// `increase on baseline` with no amount: only beating the base meets it.
        #[serde(default)]
        must_beat: bool,
        /// How a relative target was worked out; `None` for a figure as written.
        #[serde(default)]
        derivation: Option<Derivation>,
    },
    Band {
        low: f64,
        high: f64,
        unit: Unit,
    },
    Parts {
        parts: Vec<PartTarget>,
    },
    /// A relative target whose base figure is not in the plan yet.
    Unresolved {
        reason: String,
    },
    /// No target to judge against: none written, a status word, or text.
    NoTarget {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartTarget {
    pub label: String,
    pub target: TargetResolution,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    pub base: Base,
    /// The period whose out-turn was the base.
    pub base_period: Period,
    pub base_figure: f64,
    /// e.g. `baseline (2010/11 out-turn 40) plus 5% = 42`.
    pub description: String,
}

pub fn status_words(status: Status) -> &'static str {
    match status {
        Status::NotAvailable => "not yet available",
        Status::NotApplicable => "not applicable",
        Status::NewTarget => "a new target",
        Status::BaselineToBeEstablished => "baseline to be established",
        Status::ToBeAnnounced => "to be announced",
        Status::ToBeDeveloped => "to be developed",
        Status::Ceased => "programme or funding ceased",
    }
}

/// Resolves the target `parsed`, set for `period`, against the out-turns in `series`.
/// `label` selects one part of multi-part bases.
pub(crate) fn resolve(
    parsed: &ParsedValue,
    period: Period,
    series: &Series<'_>,
    label: Option<&str>,
) -> TargetResolution {
    let none = |reason: String| TargetResolution::NoTarget { reason };
    match &parsed.value {
        Value::Number(q) => TargetResolution::Figure {
            amount: q.amount,
            unit: q.unit,
            must_beat: false,
            derivation: None,
        },
        Value::Ratio { .. } => match parsed.figure() {
            Some(amount) => TargetResolution::Figure {
                amount,
                unit: Unit::Percent,
                must_beat: false,
                derivation: None,
            },
            None => none("the target is a ratio with a zero denominator".into()),
        },
        Value::Band { low, high } => TargetResolution::Band {
            low: low.amount,
            high: high.amount,
            unit: low.unit,
        },
        Value::Parts { parts } => TargetResolution::Parts {
            parts: parts
                .iter()
                .map(|p| PartTarget {
                    label: p.label.clone(),
                    target: resolve(&p.value, period, series, Some(&p.label)),
                })
                .collect(),
        },
        Value::Relative { target } => resolve_relative(target, period, series, label),
        Value::Empty => none("no target was set".into()),
        Value::Status { status } => none(format!("the target is {}", status_words(*status))),
        Value::CrossReference { objective } => {
            none(format!("the target is kept with objective {objective}"))
        }
        Value::Text => none("the target is text, not a figure".into()),
    }
}

fn resolve_relative(
    target: &RelativeTarget,
    period: Period,
    series: &Series<'_>,
    label: Option<&str>,
) -> TargetResolution {
    let (base, direction, change) = match target {
        RelativeTarget::Maintain { level: Some(level) } => {
            return TargetResolution::Figure {
                amount: level.amount,
                unit: level.unit,
                must_beat: false,
                derivation: None,
            }
        }
        // Maintaining means holding the level of the period before.
        RelativeTarget::Maintain { level: None } => (&Base::PreviousPeriod, None, None),
        RelativeTarget::Change {
            base,
            direction,
            change,
        } => (base, Some(*direction), Some(*change)),
    };
    let (base_period, base_figure) = match base_figure(base, period, series, label) {
        Ok(found) => found,
        Err(reason) => return TargetResolution::Unresolved { reason },
    };
    let unit = series
        .actual_at(base_period)
        .and_then(|e| part(&e.observation.parsed, label))
        .and_then(quantity_unit)
        .unwrap_or(Unit::Number);
    let sign = match direction {
        Some(Direction::Reduce) => -1.0,
        _ => 1.0,
    };
    let (amount, must_beat, how) = match change {
        None => (base_figure, false, "maintained".to_string()),
        Some(Change::Percent { amount }) => (
            base_figure * (1.0 + sign * amount / 100.0),
            false,
            format!("{} {amount}%", verb(sign)),
        ),
        Some(Change::Absolute { amount }) => {
            let points = if unit == Unit::Percent {
                " percentage points"
            } else {
                ""
            };
            (
                base_figure + sign * amount,
                false,
                format!("{} {amount}{points}", verb(sign)),
            )
        }
        Some(Change::Unstated) => (
            base_figure,
            true,
            format!("{} by an unstated amount", verb(sign)),
        ),
    };
    let description = format!(
        "{} ({} out-turn {}) {how}{}",
        base_name(base),
        base_period,
        round(base_figure),
        if must_beat {
            String::new()
        } else {
            format!(" = {}", round(amount))
        }
    );
    TargetResolution::Figure {
        amount,
        unit,
        must_beat,
        derivation: Some(Derivation {
            base: base.clone(),
            base_period,
            base_figure,
            description,
        }),
    }
}

fn verb(sign: f64) -> &'static str {
    if sign < 0.0 {
        "minus"
    } else {
        "plus"
    }
}

fn base_name(base: &Base) -> String {
    match base {
        Base::Baseline => "baseline".into(),
        Base::OutcomeOf { period } => format!("outcome of {period}"),
        Base::PreviousPeriod => "previous period".into(),
    }
}

fn base_figure(
    base: &Base,
    period: Period,
    series: &Series<'_>,
    label: Option<&str>,
) -> Result<(Period, f64), String> {
    let wanted =
        match base {
            Base::Baseline => return series.baseline(label).ok_or_else(|| {
                "the target is relative to the baseline, and no baseline out-turn is recorded yet"
                    .into()
            }),
            Base::OutcomeOf { period } => *period,
            Base::PreviousPeriod => period.previous(),
        };
    series
        .figure_at(wanted, label)
        .ok_or_else(|| format!("the target needs the {wanted} out-turn, which is not recorded yet"))
}

fn quantity_unit(parsed: &ParsedValue) -> Option<Unit> {
    match &parsed.value {
        Value::Number(q) => Some(q.unit),
        Value::Ratio { .. } => Some(Unit::Percent),
        _ => None,
    }
}

/// Rounds for display: at most two decimals, no trailing zeros.
pub fn round(figure: f64) -> String {
    let text = format!("{figure:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A figure for a sentence: `7.9%` for percentages, `126` otherwise.
pub fn show(figure: f64, percent: bool) -> String {
    if percent {
        format!("{}%", round(figure))
    } else {
        round(figure)
    }
}

/// A difference for a sentence: `2.9 points` for percentages, `45` otherwise.
pub fn show_difference(difference: f64, percent: bool) -> String {
    if percent {
        format!("{} points", round(difference))
    } else {
        round(difference)
    }
}

//! Red, amber, green against target.
//!
//! Green: the target is met or beaten (inside the band, for a band).
//! Amber: missed, but by no more than the tolerance; exactly at the tolerance
//! edge is still amber. Red: missed by more. Grey: could not be judged, always
//! with the reason.
//!
//! Default tolerance: 5% of the target; for indicators measured in percent or
//! percentage points, the smaller of 5% of the target and 2 percentage points
//! (so 85% has 2 points of amber, a 0.06% exclusion rate 0.003 points).
//! Per-indicator tolerances override it.
//!
//! A multi-part value is judged part by part (against the target part with the
//! same label, or against a single target for every part) and takes the worst
//! judged part; the parts are listed.

use serde::{Deserialize, Serialize};

use super::target::{round, show, show_difference, status_words, TargetResolution};
use crate::model::Polarity;
use crate::value::{ParsedValue, Unit, Value};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Grey,
    Green,
    Amber,
    Red,
}

impl Rag {
    /// The rating in the words a board member reads.
    pub fn label(self) -> &'static str {
        match self {
            Rag::Grey => "Not assessed",
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
        }
    }
}

/// How far short of target still counts as amber. When both are given the smaller margin applies.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Tolerance {
    /// Percent of the target figure.
    #[serde(default)]
    pub relative_percent: Option<f64>,
    /// Percentage points (or units of the figure, for non-percentages).
    #[serde(default)]
    pub points: Option<f64>,
}

impl Tolerance {
    pub const DEFAULT_RELATIVE_PERCENT: f64 = 5.0;
    pub const DEFAULT_PERCENTAGE_POINTS: f64 = 2.0;

    /// The default for an indicator measured in percent (or not).
    pub fn default_for(is_percentage: bool) -> Self {
        Tolerance {
            relative_percent: Some(Self::DEFAULT_RELATIVE_PERCENT),
            points: is_percentage.then_some(Self::DEFAULT_PERCENTAGE_POINTS),
        }
    }

    /// The amber margin around `target`, in the figure's own units.
    pub fn margin(&self, target: f64) -> f64 {
        let relative = self.relative_percent.map(|p| p / 100.0 * target.abs());
        match (relative, self.points) {
            (Some(r), Some(p)) => r.min(p),
            (Some(r), None) => r,
            (None, Some(p)) => p,
            (None, None) => 0.0,
        }
    }

    pub fn describe(&self) -> String {
        match (self.relative_percent, self.points) {
            (Some(r), Some(p)) => format!(
                "the smaller of {}% of target and {} points",
                round(r),
                round(p)
            ),
            (Some(r), None) => format!("{}% of target", round(r)),
            (None, Some(p)) => format!("{} points", round(p)),
            (None, None) => "no tolerance".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RagJudgement {
    pub rag: Rag,
    /// The rule that decided, in plain English.
    pub rule: String,
    /// For multi-part values: each part's own judgement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartRag>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartRag {
    pub label: String,
    pub rag: Rag,
    pub rule: String,
}

fn grey(rule: impl Into<String>) -> RagJudgement {
    RagJudgement {
        rag: Rag::Grey,
        rule: rule.into(),
        parts: Vec::new(),
    }
}

/// Tolerance on float comparisons, so that 83 against 85 with 2 points is exactly at the edge.
fn slack(target: f64) -> f64 {
    1e-9 * target.abs().max(1.0)
}

/// Why an out-turn has no figure to judge, or `None` if it has one.
pub fn no_figure_reason(actual: &ParsedValue) -> Option<String> {
    match &actual.value {
        Value::Number(_) | Value::Ratio { .. } | Value::Parts { .. } => None,
        Value::Empty => Some("no out-turn was recorded".into()),
        Value::Status { status } => Some(format!("the out-turn is {}", status_words(*status))),
        Value::CrossReference { objective } => {
            Some(format!("the out-turn is kept with objective {objective}"))
        }
        Value::Band { .. } | Value::Relative { .. } => {
            Some("the out-turn is not a single figure".into())
        }
        Value::Text => Some("the out-turn is text, not a figure".into()),
    }
}

/// Judges `actual` against `target`.
pub fn judge(
    actual: &ParsedValue,
    target: &TargetResolution,
    polarity: Option<Polarity>,
    tolerance: &Tolerance,
) -> RagJudgement {
    if let Some(reason) = no_figure_reason(actual) {
        return grey(reason);
    }
    match (&actual.value, target) {
        (_, TargetResolution::NoTarget { reason }) => grey(format!("not judged: {reason}")),
        (_, TargetResolution::Unresolved { reason }) => {
            grey(format!("target unresolved: {reason}"))
        }
        (Value::Parts { parts }, _) => {
            let judged: Vec<PartRag> = parts
                .iter()
                .map(|part| {
                    let part_target = match target {
                        TargetResolution::Parts { parts: targets } => targets
                            .iter()
                            .find(|t| super::series::same_label(&t.label, &part.label))
                            .map(|t| t.target.clone())
                            .unwrap_or(TargetResolution::NoTarget {
                                reason: format!("no target for part {}", part.label),
                            }),
                        single => single.clone(),
                    };
                    let j = judge(&part.value, &part_target, polarity, tolerance);
                    PartRag {
                        label: part.label.clone(),
                        rag: j.rag,
                        rule: j.rule,
                    }
                })
                .collect();
            combine(judged)
        }
        (_, TargetResolution::Parts { .. }) => {
            grey("the target has parts but the out-turn is a single figure")
        }
        (_, resolved) => match actual.figure() {
            Some(figure) => judge_figure(figure, resolved, polarity, tolerance),
            None => grey("the out-turn is a ratio with a zero denominator"),
        },
    }
}

fn combine(parts: Vec<PartRag>) -> RagJudgement {
    let worst = parts
        .iter()
        .map(|p| p.rag)
        .filter(|r| *r != Rag::Grey)
        .max();
    let listing = parts
        .iter()
        .map(|p| format!("{}) {:?}", p.label, p.rag).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let ungraded = parts.iter().filter(|p| p.rag == Rag::Grey).count();
    let (rag, rule) = match worst {
        Some(rag) if ungraded == 0 => (rag, format!("worst of the parts: {listing}")),
        Some(rag) => (
            rag,
            format!("worst of the judged parts ({ungraded} could not be judged): {listing}"),
        ),
        None => (Rag::Grey, format!("no part could be judged: {listing}")),
    };
    RagJudgement { rag, rule, parts }
}

fn judge_figure(
    actual: f64,
    target: &TargetResolution,
    polarity: Option<Polarity>,
    tolerance: &Tolerance,
) -> RagJudgement {
    let decide = |rag: Rag, rule: String| RagJudgement {
        rag,
        rule,
        parts: Vec::new(),
    };
    let percent = match target {
        TargetResolution::Figure { unit, .. } | TargetResolution::Band { unit, .. } => {
            *unit == Unit::Percent
        }
        _ => false,
    };
    let fig = |x: f64| show(x, percent);
    let by = |x: f64| show_difference(x, percent);
    match target {
        TargetResolution::Band { low, high, .. } => {
            let (low, high) = (low.min(*high), low.max(*high));
            let outside_by = (low - actual).max(actual - high);
            let edge = if actual < low { low } else { high };
            let margin = tolerance.margin(edge);
            let band = format!("{} to {}", fig(low), fig(high));
            if outside_by <= slack(edge) {
                decide(
                    Rag::Green,
                    format!("{} is within the target band {band}", fig(actual)),
                )
            } else {
                let (rag, verdict) = if outside_by <= margin + slack(edge) {
                    (Rag::Amber, "within")
                } else {
                    (Rag::Red, "more than")
                };
                decide(
                    rag,
                    format!(
                        "{} is outside the band {band} by {}, {verdict} the tolerance of {}",
                        fig(actual),
                        by(outside_by),
                        by(margin)
                    ),
                )
            }
        }
        TargetResolution::Figure {
            amount, must_beat, ..
        } => {
            let shortfall = match polarity {
                Some(Polarity::HigherIsBetter) => amount - actual,
                Some(Polarity::LowerIsBetter) => actual - amount,
                Some(Polarity::Band) => return grey("within-band polarity needs a band target, and the target is a single figure"),
                None => return grey("polarity unknown: cannot tell whether the target is met; confirm whether higher or lower is better"),
            };
            let margin = tolerance.margin(*amount);
            let (a, t) = (fig(actual), fig(*amount));
            let on_target = shortfall.abs() <= slack(*amount);
            let met = if *must_beat {
                shortfall < -slack(*amount)
            } else {
                shortfall <= slack(*amount)
            };
            if met {
                let how = if on_target { "meets" } else { "beats" };
                decide(Rag::Green, format!("{a} {how} the target of {t}"))
            } else {
                let (rag, verdict) = if shortfall <= margin + slack(*amount) {
                    (Rag::Amber, "within")
                } else {
                    (Rag::Red, "more than")
                };
                let missed = if on_target {
                    format!("{a} equals but does not beat the base of {t}")
                } else {
                    format!("{a} misses the target of {t} by {}", by(shortfall))
                };
                decide(
                    rag,
                    format!("{missed}, {verdict} the tolerance of {}", by(margin)),
                )
            }
        }
        TargetResolution::NoTarget { reason } | TargetResolution::Unresolved { reason } => {
            grey(reason.clone())
        }
        TargetResolution::Parts { .. } => {
            grey("the target has parts but the out-turn is a single figure")
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::judge::testkit::pct;
    use crate::value::{Part, Quantity, Unit};
    use proptest::prelude::*;

    fn target(amount: f64) -> TargetResolution {
        TargetResolution::Figure {
            amount,
            unit: Unit::Percent,
            must_beat: false,
            derivation: None,
        }
    }

    const HIGHER: Option<Polarity> = Some(Polarity::HigherIsBetter);
    const LOWER: Option<Polarity> = Some(Polarity::LowerIsBetter);

    fn rag(actual: f64, target_amount: f64, polarity: Option<Polarity>) -> Rag {
        judge(
            &pct(actual),
            &target(target_amount),
            polarity,
            &Tolerance::default_for(true),
        )
        .rag
    }

    #[test]
    fn percentages_are_amber_up_to_exactly_two_points_short() {
        assert_eq!(rag(85.0, 85.0, HIGHER), Rag::Green);
        assert_eq!(rag(83.0, 85.0, HIGHER), Rag::Amber, "exactly at the edge");
        assert_eq!(rag(82.99, 85.0, HIGHER), Rag::Red);
        assert_eq!(rag(50.53, 85.0, HIGHER), Rag::Red);
    }

    #[test]
    fn small_percentages_use_five_percent_of_target() {
        // Exclusion rate target 0.06%: margin is 0.003 points, not 2.
        assert_eq!(rag(0.063, 0.06, LOWER), Rag::Amber);
        assert_eq!(rag(0.07, 0.06, LOWER), Rag::Red);
        assert_eq!(rag(0.04, 0.06, LOWER), Rag::Green);
    }

    #[test]
    fn counts_use_five_percent_of_target() {
        let count = |amount| {
            ParsedValue::new(Value::Number(Quantity {
                amount,
                unit: Unit::Number,
            }))
        };
        let t = TargetResolution::Figure {
            amount: 400.0,
            unit: Unit::Number,
            must_beat: false,
            derivation: None,
        };
        let tol = Tolerance::default_for(false);
        assert_eq!(
            judge(&count(380.0), &t, HIGHER, &tol).rag,
            Rag::Amber,
            "exactly 5% short"
        );
        assert_eq!(judge(&count(379.0), &t, HIGHER, &tol).rag, Rag::Red);
    }

    #[test]
    fn polarity_decides_which_side_is_short() {
        assert_eq!(rag(28.5, 27.8, LOWER), Rag::Amber);
        assert_eq!(rag(28.5, 27.8, HIGHER), Rag::Green);
        let unknown = judge(
            &pct(28.5),
            &target(27.8),
            None,
            &Tolerance::default_for(true),
        );
        assert_eq!(unknown.rag, Rag::Grey);
        assert!(unknown.rule.contains("polarity unknown"));
    }

    #[test]
    fn bands_are_green_inside_and_amber_just_outside() {
        let band = TargetResolution::Band {
            low: 5.0,
            high: 8.0,
            unit: Unit::Percent,
        };
        let tol = Tolerance::default_for(true);
        let at = |a| judge(&pct(a), &band, Some(Polarity::Band), &tol).rag;
        assert_eq!(at(5.0), Rag::Green);
        assert_eq!(at(8.0), Rag::Green);
        assert_eq!(at(8.4), Rag::Amber, "margin is 5% of 8 = 0.4");
        assert_eq!(at(8.41), Rag::Red);
        assert_eq!(at(4.75), Rag::Amber);
    }

    #[test]
    fn multi_part_values_take_the_worst_part_and_list_them() {
        let parts = |values: &[(&str, f64)]| {
            ParsedValue::new(Value::Parts {
                parts: values
                    .iter()
                    .map(|(l, v)| Part {
                        label: l.to_string(),
                        value: pct(*v),
                    })
                    .collect(),
            })
        };
        let targets = TargetResolution::Parts {
            parts: vec![
                super::super::target::PartTarget {
                    label: "a".into(),
                    target: target(96.0),
                },
                super::super::target::PartTarget {
                    label: "b".into(),
                    target: target(95.0),
                },
            ],
        };
        let judged = judge(
            &parts(&[("a", 95.0), ("b", 95.0)]),
            &targets,
            HIGHER,
            &Tolerance::default_for(true),
        );
        assert_eq!(judged.rag, Rag::Amber);
        assert_eq!(
            judged.parts.iter().map(|p| p.rag).collect::<Vec<_>>(),
            [Rag::Amber, Rag::Green]
        );
        assert!(
            judged.rule.contains("a) amber") && judged.rule.contains("b) green"),
            "{}",
            judged.rule
        );
        let single_target = judge(
            &parts(&[("a", 90.0), ("b", 96.0)]),
            &target(95.0),
            HIGHER,
            &Tolerance::default_for(true),
        );
        assert_eq!(single_target.rag, Rag::Red);
    }

    #[test]
    fn status_words_and_text_are_grey_with_a_reason() {
        use crate::value::Status;
        let status = ParsedValue::new(Value::Status {
            status: Status::NotAvailable,
        });
        let judged = judge(
            &status,
            &target(20.0),
            HIGHER,
            &Tolerance::default_for(true),
        );
        assert_eq!(judged.rag, Rag::Grey);
        assert!(judged.rule.contains("not yet available"));
        let no_target = TargetResolution::NoTarget {
            reason: "the target is a new target".into(),
        };
        assert_eq!(
            judge(
                &pct(77.0),
                &no_target,
                HIGHER,
                &Tolerance::default_for(true)
            )
            .rag,
            Rag::Grey
        );
    }

    proptest! {
        /// Flipping polarity and mirroring the figures gives the same judgement.
        #[test]
        fn polarity_is_symmetric(actual in 0.0f64..100.0, goal in 1.0f64..100.0) {
            let tol = Tolerance { relative_percent: None, points: Some(2.0) };
            let higher = judge(&pct(actual), &target(goal), HIGHER, &tol).rag;
            let lower = judge(&pct(-actual), &target(-goal), LOWER, &tol).rag;
            prop_assert_eq!(higher, lower);
        }

        /// Getting closer to the target never makes the RAG worse.
        #[test]
        fn closer_is_never_worse(goal in 1.0f64..100.0, short in 0.0f64..10.0, step in 0.0f64..10.0) {
            let tol = Tolerance::default_for(true);
            let step = step.min(short);
            let further = judge(&pct(goal - short), &target(goal), HIGHER, &tol).rag;
            let closer = judge(&pct(goal - short + step), &target(goal), HIGHER, &tol).rag;
            prop_assert!(closer <= further);
        }
    }
}

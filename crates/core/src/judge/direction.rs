//! Direction of travel: better, worse or the same as the previous comparable
//! period, by polarity.
//!
//! "Comparable" means the latest earlier period of the same kind that has a
//! figure (the year before, or 2006/07 for a two-yearly survey reported in
//! 2008/09), compared by the period each figure belongs to: an academic-year
//! result is never compared with a financial-year out-turn. Where both figures carry numerator and
//! denominator, the change is also tested for significance (see [`super::stats`]).

use serde::{Deserialize, Serialize};

use super::stats::{compare_proportions, Significance};
use super::target::{round, show};
use crate::model::Polarity;
use crate::period::Period;
use crate::value::{ParsedValue, Unit, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arrow {
    Better,
    Worse,
    Same,
    /// Some parts better, some worse.
    Mixed,
    NotComparable,
}

impl Arrow {
    /// The direction of travel in the words a board member reads.
    pub fn label(self) -> &'static str {
        match self {
            Arrow::Better => "Improved",
            Arrow::Worse => "Declined",
            Arrow::Same => "Unchanged",
            Arrow::Mixed => "Mixed",
            Arrow::NotComparable => "Not comparable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectionOfTravel {
    pub arrow: Arrow,
    /// The period compared with, when there was one.
    pub previous_period: Option<Period>,
    /// Plain English: why this arrow.
    pub reason: String,
    /// Present when numerator and denominator were known for both periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub significance: Option<Significance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartDirection>,
    /// With no previous figure of the same kind: the period of an earlier
    /// figure of another kind (a year before a quarter), where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier_of_other_kind: Option<Period>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartDirection {
    pub label: String,
    pub arrow: Arrow,
    pub reason: String,
}

pub fn not_comparable(
    previous_period: Option<Period>,
    reason: impl Into<String>,
) -> DirectionOfTravel {
    DirectionOfTravel {
        earlier_of_other_kind: None,
        arrow: Arrow::NotComparable,
        previous_period,
        reason: reason.into(),
        significance: None,
        parts: vec![],
    }
}

/// The periods of `to`'s kind strictly between `from` and `to`, in words
/// (`2007/08`, `2007/08 and 2008/09`, `2007 Q1 to 2008 Q2`); `None` when `from`
/// is the period just before `to`.
pub fn missing_between(from: Period, to: Period) -> Option<String> {
    let mut missing = Vec::new();
    let mut p = from.next();
    while p.start() < to.start() {
        missing.push(p);
        p = p.next();
    }
    match missing.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [a, b] => Some(format!("{a} and {b}")),
        [first, .., last] => Some(format!("{first} to {last}")),
    }
}

/// Compares `current` with `previous` (already known to be of the previous comparable period).
/// `band` is the target band, used when the polarity is [`Polarity::Band`].
pub fn compare(
    current: &ParsedValue,
    previous: &ParsedValue,
    previous_period: Period,
    polarity: Option<Polarity>,
    band: Option<(f64, f64)>,
) -> DirectionOfTravel {
    if let (Value::Parts { parts }, Value::Parts { .. }) = (&current.value, &previous.value) {
        let parts: Vec<PartDirection> = parts
            .iter()
            .map(|part| {
                let (arrow, reason) = match super::series::part(previous, Some(&part.label)) {
                    Some(before) => {
                        let d = compare(&part.value, before, previous_period, polarity, band);
                        (d.arrow, d.reason)
                    }
                    None => (
                        Arrow::NotComparable,
                        format!("no part {} in {previous_period}", part.label),
                    ),
                };
                PartDirection {
                    label: part.label.clone(),
                    arrow,
                    reason,
                }
            })
            .collect();
        return combine(parts, previous_period);
    }
    let (Some(now), Some(before)) = (current.figure(), previous.figure()) else {
        return not_comparable(
            Some(previous_period),
            format!("no figure to compare with {previous_period}"),
        );
    };
    let gain = match (polarity, band) {
        (Some(Polarity::HigherIsBetter), _) => now - before,
        (Some(Polarity::LowerIsBetter), _) => before - now,
        (Some(Polarity::Band), Some((low, high))) => {
            distance_outside(before, low, high) - distance_outside(now, low, high)
        }
        (Some(Polarity::Band), None) => {
            return not_comparable(
                Some(previous_period),
                "within-band polarity but no target band",
            )
        }
        (None, _) => {
            return not_comparable(
                Some(previous_period),
                format!(
                    "{} → {}, but the polarity is unknown",
                    shown(previous, before),
                    shown(current, now)
                ),
            )
        }
    };
    let significance = match (previous.ratio(), current.ratio()) {
        (Some(b), Some(a)) => compare_proportions(b, a),
        _ => None,
    };
    let slack = 1e-9 * before.abs().max(1.0);
    let arrow = if gain > slack {
        Arrow::Better
    } else if gain < -slack {
        Arrow::Worse
    } else {
        Arrow::Same
    };
    let word = match arrow {
        Arrow::Better => "better",
        Arrow::Worse => "worse",
        _ => "the same",
    };
    let mut reason = format!(
        "{} in {previous_period} → {} now: {word}",
        shown(previous, before),
        shown(current, now)
    );
    if let Some(s) = significance
        .as_ref()
        .filter(|s| !s.significant && arrow != Arrow::Same)
    {
        reason.push_str(&format!(" ({})", s.note));
    }
    if significance.is_none() && arrow != Arrow::Same {
        if let Some(note) = one_child_note(current, previous, now - before) {
            reason.push_str(&format!(" ({note})"));
        }
    }
    DirectionOfTravel {
        earlier_of_other_kind: None,
        arrow,
        previous_period: Some(previous_period),
        reason,
        significance,
        parts: vec![],
    }
}

/// `83.3% (5/6)`, `7.9%` or `126`.
fn shown(parsed: &ParsedValue, figure: f64) -> String {
    match &parsed.value {
        Value::Ratio {
            numerator,
            denominator,
            ..
        } => {
            format!(
                "{}% ({}/{})",
                round(figure),
                round(*numerator),
                round(*denominator)
            )
        }
        Value::Number(q) => show(figure, q.unit == Unit::Percent),
        _ => round(figure),
    }
}

/// When only one of the two figures gives its cohort, a significance test is not
/// possible, but a change no bigger than one person's share of that cohort can
/// still be flagged.
fn one_child_note(current: &ParsedValue, previous: &ParsedValue, change: f64) -> Option<String> {
    let (_, cohort) = current.ratio().or_else(|| previous.ratio())?;
    if cohort <= 0.0 {
        return None;
    }
    let one = 100.0 / cohort;
    // 0.1 points of slack: stated percentages are rounded (83.3% for 5/6).
    (change.abs() <= one + 0.1).then(|| {
        format!(
            "the cohort is {}: one child is {} points, so this change may be one child",
            round(cohort),
            round(one)
        )
    })
}

fn distance_outside(figure: f64, low: f64, high: f64) -> f64 {
    (low - figure).max(figure - high).max(0.0)
}

fn combine(parts: Vec<PartDirection>, previous_period: Period) -> DirectionOfTravel {
    let comparable: Vec<Arrow> = parts
        .iter()
        .map(|p| p.arrow)
        .filter(|a| *a != Arrow::NotComparable)
        .collect();
    let any = |wanted: Arrow| comparable.contains(&wanted);
    let arrow = match (comparable.is_empty(), any(Arrow::Better), any(Arrow::Worse)) {
        (true, _, _) => Arrow::NotComparable,
        (false, true, true) => Arrow::Mixed,
        (false, true, false) => Arrow::Better,
        (false, false, true) => Arrow::Worse,
        (false, false, false) => Arrow::Same,
    };
    let listing = parts
        .iter()
        .map(|p| format!("{}) {:?}", p.label, p.arrow).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    DirectionOfTravel {
        earlier_of_other_kind: None,
        arrow,
        previous_period: Some(previous_period),
        reason: format!("by part against {previous_period}: {listing}"),
        significance: None,
        parts,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::judge::testkit::{pct, ratio};
    use crate::value::Part;
    use proptest::prelude::*;

    const FY09: Period = Period {
        kind: crate::period::PeriodKind::Financial,
        year: 2009,
        sub: 0,
    };

    #[test]
    fn polarity_decides_better_or_worse() {
        assert_eq!(
            compare(
                &pct(23.0),
                &pct(25.0),
                FY09,
                Some(Polarity::LowerIsBetter),
                None
            )
            .arrow,
            Arrow::Better
        );
        assert_eq!(
            compare(
                &pct(23.0),
                &pct(25.0),
                FY09,
                Some(Polarity::HigherIsBetter),
                None
            )
            .arrow,
            Arrow::Worse
        );
        assert_eq!(
            compare(
                &pct(25.0),
                &pct(25.0),
                FY09,
                Some(Polarity::HigherIsBetter),
                None
            )
            .arrow,
            Arrow::Same
        );
        assert_eq!(
            compare(&pct(23.0), &pct(25.0), FY09, None, None).arrow,
            Arrow::NotComparable
        );
    }

    #[test]
    fn a_fall_of_one_child_in_six_is_worse_but_flagged() {
        let d = compare(
            &ratio(5.0, 6.0),
            &ratio(6.0, 6.0),
            FY09,
            Some(Polarity::HigherIsBetter),
            None,
        );
        assert_eq!(d.arrow, Arrow::Worse);
        assert_eq!(d.significance.as_ref().map(|s| s.significant), Some(false));
        assert!(d.reason.contains("may be one child"), "{}", d.reason);
        let big = compare(
            &ratio(500.0, 600.0),
            &ratio(600.0, 600.0),
            FY09,
            Some(Polarity::HigherIsBetter),
            None,
        );
        assert_eq!(big.significance.map(|s| s.significant), Some(true));
    }

    #[test]
    fn parts_are_compared_by_label() {
        let parts = |a: f64, b: f64| {
            ParsedValue::new(Value::Parts {
                parts: vec![
                    Part {
                        label: "a".into(),
                        value: pct(a),
                    },
                    Part {
                        label: "b".into(),
                        value: pct(b),
                    },
                ],
            })
        };
        let higher = Some(Polarity::HigherIsBetter);
        assert_eq!(
            compare(&parts(83.0, 60.0), &parts(84.0, 57.0), FY09, higher, None).arrow,
            Arrow::Mixed
        );
        assert_eq!(
            compare(&parts(85.0, 60.0), &parts(84.0, 60.0), FY09, higher, None).arrow,
            Arrow::Better
        );
    }

    #[test]
    fn band_polarity_is_better_when_nearer_the_band() {
        let d = compare(
            &pct(9.0),
            &pct(10.0),
            FY09,
            Some(Polarity::Band),
            Some((5.0, 8.0)),
        );
        assert_eq!(d.arrow, Arrow::Better);
    }

    proptest! {
        #[test]
        fn swapping_periods_reverses_the_arrow(a in 0.0f64..100.0, b in 0.0f64..100.0) {
            let forward = compare(&pct(a), &pct(b), FY09, Some(Polarity::HigherIsBetter), None).arrow;
            let back = compare(&pct(b), &pct(a), FY09, Some(Polarity::HigherIsBetter), None).arrow;
            let expected = match forward { Arrow::Better => Arrow::Worse, Arrow::Worse => Arrow::Better, other => other };
            prop_assert_eq!(back, expected);
        }
    }
}

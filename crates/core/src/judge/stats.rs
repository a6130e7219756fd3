//! Small-number statistics.
//!
//! Many cohorts are tiny: six children placed for adoption, seventeen care
//! leavers. Where a council gave numerator and denominator, a Wilson score 95%
//! interval shows how uncertain the percentage is, and a change between two
//! periods is tested with a pooled two-proportion z-test at the 5% level
//! (two-sided). A change that fails the test is flagged, with the number of
//! children it amounts to, so that 100% (6/6) → 83.3% (5/6) reads "may be one child".

use serde::{Deserialize, Serialize};

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A 95% confidence interval of a proportion, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// Wilson score 95% interval of `numerator` out of `denominator`, in percent.
/// `None` when the denominator is not positive or the numerator is out of range.
pub fn wilson_interval(numerator: f64, denominator: f64) -> Option<Interval> {
    if !(denominator > 0.0 && (0.0..=denominator).contains(&numerator)) {
        return None;
    }
    let n = denominator;
    let p = numerator / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(Interval {
        low: 100.0 * (centre - half).max(0.0),
        high: 100.0 * (centre + half).min(1.0),
    })
}

/// The outcome of testing a change between two proportions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Significance {
    /// The change passes a two-proportion z-test at the 5% level.
    pub significant: bool,
    pub z: f64,
    pub method: String,
    /// Plain English, e.g. `100% (6/6) → 83.3% (5/6): a change of 1 child in 6; not statistically significant …`.
    pub note: String,
}

/// Tests the change from `before` to `after`, each (numerator, denominator).
pub fn compare_proportions(before: (f64, f64), after: (f64, f64)) -> Option<Significance> {
    let ((x1, n1), (x2, n2)) = (before, after);
    wilson_interval(x1, n1)?;
    wilson_interval(x2, n2)?;
    let pooled = (x1 + x2) / (n1 + n2);
    let spread = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    let difference = x2 / n2 - x1 / n1;
    let z = if spread > 0.0 {
        difference / spread
    } else {
        0.0
    };
    let significant = z.abs() >= Z95;
    // The change expressed in people, at the later cohort's size.
    let people = (difference * n2).abs().round();
    let noun = if (people - 1.0).abs() < f64::EPSILON {
        "child"
    } else {
        "children"
    };
    let verdict = if significant {
        "statistically significant"
    } else if people <= 1.0 {
        "not statistically significant: it may be one child"
    } else {
        "not statistically significant: it may be chance"
    };
    let note = format!(
        "{} → {}: a change of about {people} {noun} in {}; {verdict}",
        show(x1, n1),
        show(x2, n2),
        n2.round()
    );
    Some(Significance {
        significant,
        z,
        method: "two-proportion z-test (pooled), 5% two-sided".into(),
        note,
    })
}

fn show(numerator: f64, denominator: f64) -> String {
    format!(
        "{}% ({}/{})",
        super::target::round(100.0 * numerator / denominator),
        numerator,
        denominator
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_child_in_six_is_not_significant() {
        let result = compare_proportions((6.0, 6.0), (5.0, 6.0)).unwrap();
        assert!(!result.significant);
        assert!(result.note.contains("may be one child"), "{}", result.note);
    }

    #[test]
    fn the_same_fall_in_a_large_cohort_is_significant() {
        let result = compare_proportions((600.0, 600.0), (500.0, 600.0)).unwrap();
        assert!(result.significant);
        assert!(result.z < 0.0, "a fall has a negative z");
    }

    #[test]
    fn wilson_interval_matches_a_worked_example() {
        // 5 of 6: p = 0.833, Wilson 95% interval ≈ 43.6% to 97.0%.
        let interval = wilson_interval(5.0, 6.0).unwrap();
        assert!((interval.low - 43.65).abs() < 0.1, "{interval:?}");
        assert!((interval.high - 96.99).abs() < 0.1, "{interval:?}");
        assert_eq!(wilson_interval(1.0, 0.0), None);
        assert_eq!(wilson_interval(7.0, 6.0), None);
    }

    proptest! {
        #[test]
        fn interval_contains_the_observed_proportion(n in 1u32..2000, k in 0u32..2000) {
            let k = k.min(n);
            let interval = wilson_interval(f64::from(k), f64::from(n)).unwrap();
            let p = 100.0 * f64::from(k) / f64::from(n);
            prop_assert!(interval.low <= p + 1e-9 && p <= interval.high + 1e-9);
            prop_assert!(interval.low >= 0.0 && interval.high <= 100.0);
        }

        #[test]
        fn no_change_is_never_significant(n in 1u32..2000, k in 0u32..2000) {
            let k = f64::from(k.min(n));
            let n = f64::from(n);
            prop_assert!(!compare_proportions((k, n), (k, n)).unwrap().significant);
        }
    }
}

//! How the figure stands against England, the region and statistical neighbours,
//! and which national quartile it falls in when quartile boundaries are supplied.

use serde::{Deserialize, Serialize};

use super::target::round;
use crate::model::{ObservationKind, Polarity};
use crate::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Better,
    Worse,
    Same,
    /// Polarity unknown or no figure.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// `england`, `region` or `statistical_neighbours`.
    pub comparator: ObservationKind,
    pub text: String,
    pub figure: Option<f64>,
    pub position: Position,
}

/// National quartile boundaries for one indicator and period, supplied by the caller
/// (the plan model has no place for them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuartileBoundaries {
    pub indicator: String,
    pub period: Period,
    pub lower_quartile: f64,
    pub median: f64,
    pub upper_quartile: f64,
}

/// Which side of `comparator` the figure `ours` is on.
pub fn position(
    ours: Option<f64>,
    comparator: Option<f64>,
    polarity: Option<Polarity>,
) -> Position {
    let (Some(ours), Some(theirs)) = (ours, comparator) else {
        return Position::Unknown;
    };
    let gain = match polarity {
        Some(Polarity::HigherIsBetter) => ours - theirs,
        Some(Polarity::LowerIsBetter) => theirs - ours,
        _ => return Position::Unknown,
    };
    let slack = 1e-9 * theirs.abs().max(1.0);
    if gain > slack {
        Position::Better
    } else if gain < -slack {
        Position::Worse
    } else {
        Position::Same
    }
}

/// Quartile 1 (best) to 4 (worst), by polarity; a figure on a boundary takes the better quartile.
pub fn quartile(
    figure: f64,
    boundaries: &QuartileBoundaries,
    polarity: Option<Polarity>,
) -> Option<u8> {
    let cuts = [
        boundaries.lower_quartile,
        boundaries.median,
        boundaries.upper_quartile,
    ];
    let above = cuts.iter().filter(|cut| figure > **cut).count();
    let below = cuts.iter().filter(|cut| figure < **cut).count();
    let quartile = match polarity? {
        // Higher is better: above all three cuts is quartile 1.
        Polarity::HigherIsBetter => 1 + below,
        Polarity::LowerIsBetter => 1 + above,
        Polarity::Band => return None,
    };
    u8::try_from(quartile).ok()
}

pub fn describe(comparisons: &[Comparison]) -> String {
    comparisons
        .iter()
        .filter(|c| c.position != Position::Unknown)
        .map(|c| {
            let who = match c.comparator {
                ObservationKind::England => "England",
                ObservationKind::Region => "the region",
                _ => "statistical neighbours",
            };
            let word = match c.position {
                Position::Better => "better than",
                Position::Worse => "worse than",
                _ => "the same as",
            };
            let figure = c.figure.map(round).unwrap_or_default();
            format!("{word} {who} ({figure})")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn position_follows_polarity() {
        assert_eq!(
            position(Some(69.0), Some(55.0), Some(Polarity::HigherIsBetter)),
            Position::Better
        );
        assert_eq!(
            position(Some(35.0), Some(28.0), Some(Polarity::LowerIsBetter)),
            Position::Worse
        );
        assert_eq!(
            position(Some(35.0), Some(35.0), Some(Polarity::LowerIsBetter)),
            Position::Same
        );
        assert_eq!(position(Some(35.0), Some(28.0), None), Position::Unknown);
    }

    #[test]
    fn quartile_one_is_best_either_way() {
        let q = QuartileBoundaries {
            indicator: "NI 75".into(),
            period: Period::academic(2009),
            lower_quartile: 45.0,
            median: 50.0,
            upper_quartile: 55.0,
        };
        assert_eq!(quartile(69.0, &q, Some(Polarity::HigherIsBetter)), Some(1));
        assert_eq!(quartile(40.0, &q, Some(Polarity::HigherIsBetter)), Some(4));
        assert_eq!(quartile(40.0, &q, Some(Polarity::LowerIsBetter)), Some(1));
        assert_eq!(
            quartile(50.0, &q, Some(Polarity::HigherIsBetter)),
            Some(2),
            "on the median takes the better side"
        );
        assert_eq!(quartile(52.0, &q, Some(Polarity::LowerIsBetter)), Some(3));
        assert_eq!(quartile(52.0, &q, None), None);
    }
}

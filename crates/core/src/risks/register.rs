//! The register as a board reads it: risks ranked, the top few, and how many
//! sit in each cell of the matrix.

use std::cmp::Reverse;

use chrono::NaiveDate;

use super::{Rating, Risk, RiskStatus, Score};

/// A risk with the number the register gives it (R1, R2, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub number: i64,
    pub risk: Risk,
}

/// `risks` in the order a board should read them: highest residual score
/// first, then highest inherent score, then those whose review is overdue,
/// then by number.
pub fn rank(risks: &mut [Scored], today: NaiveDate) {
    risks.sort_by_key(|scored| {
        let risk = &scored.risk;
        (
            Reverse(risk.residual.value()),
            Reverse(risk.inherent.value()),
            !risk.is_review_overdue(today),
            scored.number,
        )
    });
}

/// The `limit` highest-ranked open risks.
pub fn top_risks(risks: &[Scored], today: NaiveDate, limit: usize) -> Vec<Scored> {
    let mut open: Vec<Scored> = risks
        .iter()
        .filter(|scored| scored.risk.status == RiskStatus::Open)
        .cloned()
        .collect();
    rank(&mut open, today);
    open.truncate(limit);
    open
}

/// Risk numbers by cell of the 5×5 matrix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeatMap {
    /// `cells[impact - 1][likelihood - 1]`: the numbers of the risks there, ascending.
    cells: [[Vec<i64>; 5]; 5],
}

impl HeatMap {
    /// Where the open risks sit, scored by `score` (inherent or residual).
    pub fn of(risks: &[Scored], score: fn(&Risk) -> Score) -> HeatMap {
        let mut map = HeatMap::default();
        let mut open: Vec<&Scored> = risks
            .iter()
            .filter(|scored| scored.risk.status == RiskStatus::Open)
            .collect();
        open.sort_by_key(|scored| scored.number);
        for scored in open {
            let Score { likelihood, impact } = score(&scored.risk);
            map.cells[usize::from(impact.value() - 1)][usize::from(likelihood.value() - 1)]
                .push(scored.number);
        }
        map
    }

    /// The numbers of the risks at `likelihood` and `impact`.
    pub fn at(&self, likelihood: Rating, impact: Rating) -> &[i64] {
        &self.cells[usize::from(impact.value() - 1)][usize::from(likelihood.value() - 1)]
    }
}

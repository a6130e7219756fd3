//! A plan's risk register: each risk scored on the 5×5 matrix before and
//! after its controls, banded, reviewed by a date, and ranked for the board.
//!
//! Scores and bands follow the NHS National Patient Safety Agency's risk
//! matrix, which councils' children's services use as well: likelihood and
//! impact each 1 to 5, score = likelihood × impact, banded Low 1–3,
//! Moderate 4–6, High 8–12, Extreme 15–25 (see [`Band`]).
//!
//! Risks arrive as text from a form or the command line ([`RiskInput`]) and
//! are checked once, here ([`RiskInput::check`]); a refusal names the field,
//! the value and why. Nothing here reads the clock: "today" is a parameter.

mod check;
mod register;
mod score;

pub use check::{RiskError, RiskInput};
pub use register::{rank, top_risks, HeatMap, Scored};
pub use score::{Band, Rating, Score};

use chrono::NaiveDate;

/// Which way the risk's owner says it is moving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trend {
    Rising,
    Steady,
    Falling,
}

impl Trend {
    pub const ALL: [Trend; 3] = [Trend::Rising, Trend::Steady, Trend::Falling];

    /// The word stored and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Steady => "steady",
            Trend::Falling => "falling",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Trend::Rising => "Rising",
            Trend::Steady => "Steady",
            Trend::Falling => "Falling",
        }
    }

    /// An arrow beside the word, never instead of it.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Rising => "↑",
            Trend::Steady => "→",
            Trend::Falling => "↓",
        }
    }

    pub fn from_code(code: &str) -> Option<Trend> {
        Trend::ALL.into_iter().find(|trend| trend.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RiskStatus {
    Open,
    Closed,
}

impl RiskStatus {
    pub const ALL: [RiskStatus; 2] = [RiskStatus::Open, RiskStatus::Closed];

    pub fn code(self) -> &'static str {
        match self {
            RiskStatus::Open => "open",
            RiskStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskStatus::Open => "Open",
            RiskStatus::Closed => "Closed",
        }
    }

    pub fn from_code(code: &str) -> Option<RiskStatus> {
        RiskStatus::ALL
            .into_iter()
            .find(|status| status.code() == code)
    }
}

/// A risk as the register holds it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub description: String,
    /// The person or post answerable for it, as written ("Head of Early Help").
    pub owner: String,
    /// Before controls.
    pub inherent: Score,
    /// After controls: never above `inherent`.
    pub residual: Score,
    pub controls: String,
    pub review_date: NaiveDate,
    pub trend: Trend,
    pub status: RiskStatus,
}

impl Risk {
    /// An open risk whose review date has passed by `today`. A closed risk is
    /// never overdue; a review due today is not yet.
    pub fn is_review_overdue(&self, today: NaiveDate) -> bool {
        self.status == RiskStatus::Open && self.review_date < today
    }
}

#[cfg(test)]
mod tests;

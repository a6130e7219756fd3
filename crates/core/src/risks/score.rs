//! The 5×5 matrix: ratings, scores and the bands they fall in.

/// A likelihood or impact rating, 1 (rare, negligible) to 5 (almost
/// certain, catastrophic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rating(u8);

impl Rating {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    /// Every rating, lowest first.
    pub fn all() -> impl DoubleEndedIterator<Item = Rating> {
        (Rating::MIN..=Rating::MAX).map(Rating)
    }

    pub fn new(value: u8) -> Option<Rating> {
        (Rating::MIN..=Rating::MAX)
            .contains(&value)
            .then_some(Rating(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// The NPSA matrix's word for a likelihood rating.
    pub fn likelihood_label(self) -> &'static str {
        match self.0 {
            1 => "Rare",
            2 => "Unlikely",
            3 => "Possible",
            4 => "Likely",
            _ => "Almost certain",
        }
    }

    /// The NPSA matrix's word for an impact (consequence) rating.
    pub fn impact_label(self) -> &'static str {
        match self.0 {
            1 => "Negligible",
            2 => "Minor",
            3 => "Moderate",
            4 => "Major",
            _ => "Catastrophic",
        }
    }
}

/// A place on the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Score {
    pub likelihood: Rating,
    pub impact: Rating,
}

impl Score {
    /// Likelihood × impact, 1 to 25.
    pub fn value(self) -> u8 {
        self.likelihood.value() * self.impact.value()
    }

    pub fn band(self) -> Band {
        Band::of(self.value())
    }
}

/// How serious a score is, in the NPSA matrix's four bands. Scores 7, 11,
/// 13, 14 and 17–19 cannot be made from two ratings, so the bands leave
/// them out of their printed ranges.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Moderate,
    High,
    Extreme,
}

impl Band {
    pub const ALL: [Band; 4] = [Band::Low, Band::Moderate, Band::High, Band::Extreme];

    /// The band of a score of 1 to 25.
    pub fn of(score: u8) -> Band {
        match score {
            0..=3 => Band::Low,
            4..=6 => Band::Moderate,
            7..=12 => Band::High,
            _ => Band::Extreme,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Moderate => "Moderate",
            Band::High => "High",
            Band::Extreme => "Extreme",
        }
    }

    /// The scores the band covers, as the key prints them.
    pub fn range(self) -> &'static str {
        match self {
            Band::Low => "1–3",
            Band::Moderate => "4–6",
            Band::High => "8–12",
            Band::Extreme => "15–25",
        }
    }

    /// A lower-case name for style classes.
    pub fn code(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Moderate => "moderate",
            Band::High => "high",
            Band::Extreme => "extreme",
        }
    }
}

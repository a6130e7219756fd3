//! A computed indicator: its figure, the counts behind it and the children
//! it counted.

use serde::Serialize;

/// How the numerator and denominator make the figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Figure {
    /// numerator / denominator × 100.
    Percentage,
    /// numerator / denominator: an average score.
    Average,
    /// The numerator alone.
    Count,
    /// numerator per 10,000 of the denominator (a population).
    RatePer10000,
}

/// One child in an indicator's cohort: whether they are in its numerator and
/// the facts from the return that decided it. The indicator's counts are
/// made from its list of these, so the list is exactly who the figure counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    /// The child's identifier as the return gives it (CHILD, LAchildID).
    pub child: String,
    pub in_numerator: bool,
    /// For an average, the child's score, which is what they add to the numerator.
    pub score: Option<u32>,
    /// What decided it, in words: `3 placements in the year (from 01/04/2017)`.
    pub facts: String,
}

impl Counted {
    pub fn new(child: &str, in_numerator: bool, facts: String) -> Counted {
        Counted {
            child: child.to_string(),
            in_numerator,
            score: None,
            facts,
        }
    }

    /// A child whose score an average takes.
    pub fn scored(child: &str, score: u32, facts: String) -> Counted {
        Counted {
            score: Some(score),
            ..Counted::new(child, true, facts)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnIndicator {
    /// `NI 62`, or a name for a count (`CLA at 31 March`).
    pub code: String,
    pub title: String,
    pub figure: Figure,
    pub numerator: u64,
    pub denominator: Option<u64>,
    /// The figure; `None` for a proportion of no one.
    pub value: Option<f64>,
    /// Plan text: `83.3% (5/6)`, `14.2 (1234/87)`, `2123`, `54.1 per 10,000 (120/22180)`.
    pub text: Option<String>,
    /// The definition used, in a sentence.
    pub rule: String,
    /// Validation rules with failures in this return that could change the figure.
    pub affected_by: Vec<String>,
    pub counted: Vec<Counted>,
}

impl ReturnIndicator {
    pub fn new(code: &str, title: &str, figure: Figure, rule: &str) -> ReturnIndicator {
        ReturnIndicator {
            code: code.into(),
            title: title.into(),
            figure,
            numerator: 0,
            denominator: None,
            value: None,
            text: None,
            rule: rule.into(),
            affected_by: Vec::new(),
            counted: Vec::new(),
        }
    }

    /// A proportion over the children in `counted`.
    pub fn proportion(mut self, counted: Vec<Counted>) -> ReturnIndicator {
        let numerator = counted.iter().filter(|c| c.in_numerator).count() as u64;
        let denominator = counted.len() as u64;
        self.counted = counted;
        self.with_counts(numerator, Some(denominator))
    }

    /// A count of the children in `counted` or, with a population, their
    /// rate per 10,000 of it.
    pub fn headcount(mut self, counted: Vec<Counted>, population: Option<u64>) -> ReturnIndicator {
        let numerator = counted.len() as u64;
        self.counted = counted;
        self.with_counts(numerator, population)
    }

    /// The average of the scores of the children in `counted`.
    pub fn average(mut self, counted: Vec<Counted>) -> ReturnIndicator {
        let total = counted.iter().filter_map(|c| c.score).map(u64::from).sum();
        let children = counted.len() as u64;
        self.counted = counted;
        self.with_counts(total, Some(children))
    }

    /// Sets the counts and works out the figure and its text.
    fn with_counts(mut self, numerator: u64, denominator: Option<u64>) -> ReturnIndicator {
        self.numerator = numerator;
        self.denominator = denominator;
        let n = numerator as f64;
        let share = denominator.filter(|d| *d > 0).map(|d| n / d as f64);
        let (value, text) = match (self.figure, denominator) {
            (Figure::Count, _) => (Some(n), Some(numerator.to_string())),
            (Figure::Percentage, Some(d)) => match share {
                Some(share) => (
                    Some(share * 100.0),
                    Some(format!("{:.1}% ({numerator}/{d})", share * 100.0)),
                ),
                None => (None, None),
            },
            (Figure::Average, Some(d)) => match share {
                Some(share) => (Some(share), Some(format!("{share:.1} ({numerator}/{d})"))),
                None => (None, None),
            },
            (Figure::RatePer10000, Some(d)) => match share {
                Some(share) => (
                    Some(share * 10_000.0),
                    Some(format!(
                        "{:.1} per 10,000 ({numerator}/{d})",
                        share * 10_000.0
                    )),
                ),
                None => (None, None),
            },
            (_, None) => (None, None),
        };
        self.value = value;
        self.text = text;
        self
    }
}

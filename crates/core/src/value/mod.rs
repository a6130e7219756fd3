//! Values as councils write them.
//!
//! A cell such as `83.3% (5/6)`, `a) 31/35 b) 9/10`, `2009 result 57%`,
//! `Baseline plus 5%` or `Not yet available` is parsed into a [`ParsedValue`].
//! The original text is always kept beside it by the caller; anything this
//! module does not understand becomes [`Value::Text`] with a warning, never a
//! guess.
//!
//! How the less obvious forms are read:
//! - `403 sessions`, `0 weeks`: [`Unit::Counted`]; `4 of 8 groups`: a ratio.
//! - `141/97%` and `141 (97%)` (a `Number/%` indicator): two parts labelled
//!   `number` and `percent`.
//! - `1 in 5`, `3 out of 4`: ratios, like `4 of 8`; `14 (10.5%) of 133` and
//!   `14 of 133 (10.5%)` are the ratio 14/133 with the stated percentage kept
//!   and checked against it.
//! - `42 per 10,000` (also per 100, 1,000, 100,000, `10k`): [`Unit::Rate`],
//!   the figure 42 with its population base kept.
//! - `74% (06/07)`, `74% (2006/07)`: the figure with the period it belongs
//!   to in [`Qualifiers::period`]; a two-digit fraction such as `(10/11)` is
//!   read as a period only when it is zero-padded or does not match the figure.
//! - `50% (6 pupils)`: the percentage only; the cohort size stays in the text
//!   and no numerator is worked out from it.
//! - `83.3% (5/6)`: a ratio with the stated figure; a stated figure that
//!   does not match its fraction is kept and flagged.
//! - `2010 result a) 47% b) 59%`: the year note qualifies the whole value;
//!   `Increase on baseline a) 10% b) 15%` makes each part a relative target.
//! - `5% increase`, `reduce by 5%`: with no base written, a change from the
//!   baseline, with a warning saying so. `By 15%` (direction unknown) is text.
//! - `TBC` reads as [`Status::ToBeAnnounced`], `Not known` as
//!   [`Status::NotAvailable`], `Baseline to be agreed` and `Establish baseline`
//!   as [`Status::BaselineToBeEstablished`].
//! - Notes such as `(Regional average 18.5%)` or a footnote after `*` are
//!   named in a warning; the figure before them is still read.

mod figure;
mod grammar;
mod notes;
mod parts;
mod relative;
mod single;
mod status;
#[cfg(test)]
mod tests;
mod text;

use serde::{Deserialize, Serialize};

use crate::period::Period;

/// What was understood from one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedValue {
    pub value: Value,
    #[serde(default, skip_serializing_if = "Qualifiers::is_empty")]
    pub qualifiers: Qualifiers,
    /// Why the text was not fully understood, in plain English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Value {
    /// The cell was empty.
    Empty,
    /// `59%`, `361,888`, `1.3`, `403 sessions`.
    Number(Quantity),
    /// `5/6`, or `83.3% (5/6)` where the stated figure is kept too.
    Ratio {
        numerator: f64,
        denominator: f64,
        #[serde(default)]
        stated: Option<Quantity>,
    },
    /// Several labelled parts of one value: `a) 31/35 b) 9/10 c) 2/3`.
    Parts { parts: Vec<Part> },
    /// A target band: `between 5% and 8%`.
    Band { low: Quantity, high: Quantity },
    /// A status word instead of a figure.
    Status { status: Status },
    /// A target stated relative to another figure.
    Relative { target: RelativeTarget },
    /// `(see Objective 11.1)`: the value lives with another objective's indicator.
    CrossReference { objective: String },
    /// Free text kept as written.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub amount: f64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    /// A bare number: a count, a rate or a score; the indicator's unit says which.
    Number,
    /// A number with a word after it (`403 sessions`, `0 weeks`); the word stays in the text.
    Counted,
    /// A rate per so many of a population: `42 per 10,000` is 42 with `per` 10,000.
    Rate {
        per: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// `a`, `b`, `Primary`, `OT` …
    pub label: String,
    pub value: ParsedValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotAvailable,
    NotApplicable,
    NewTarget,
    BaselineToBeEstablished,
    ToBeAnnounced,
    ToBeDeveloped,
    Ceased,
}

/// The figure a relative target is measured from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Base {
    /// The indicator's baseline (its earliest out-turn).
    Baseline,
    /// The out-turn of a named period: `Outcome from 2011/12`.
    OutcomeOf { period: Period },
    /// The out-turn of the period before the target's own: `year on year`.
    PreviousPeriod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Reduce,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// Relative change: `plus 5%` is base × 1.05.
    Percent { amount: f64 },
    /// Change in the value's own units (percentage points for a percentage).
    Absolute { amount: f64 },
    /// `increase on baseline` with no amount.
    Unstated,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RelativeTarget {
    /// `maintain`, `Maintain 5 sessions across all centres`.
    Maintain {
        #[serde(default)]
        level: Option<Quantity>,
    },
    /// `Baseline plus 5%`, `5% above baseline`, `reduce by 5% year on year`.
    Change {
        base: Base,
        direction: Direction,
        change: Change,
    },
}

/// Words around a figure that change how it is read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Qualifiers {
    /// `Est 95%`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimate: bool,
    /// `1.3 Provisional`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// `2009 result 57%`, `2010 target 60%`, `26.8 (2005)`: the year the figure belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<YearNote>,
    /// A leading label such as the `G` of `G – 62%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `74% (06/07)`: the period the figure belongs to, written in the cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}

impl Qualifiers {
    pub fn is_empty(&self) -> bool {
        *self == Qualifiers::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearRole {
    /// `2009 result`: an academic-year result published that summer.
    Result,
    /// `2010 target`.
    Target,
    /// `(2005)`: the figure dates from that year.
    AsAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearNote {
    pub year: i32,
    pub role: YearRole,
}

impl ParsedValue {
    pub fn new(value: Value) -> Self {
        ParsedValue {
            value,
            qualifiers: Qualifiers::default(),
            warnings: Vec::new(),
        }
    }

    /// The single figure this value stands for, where it has one.
    /// A ratio without a stated figure gives numerator ÷ denominator as a percentage.
    pub fn figure(&self) -> Option<f64> {
        match &self.value {
            Value::Number(q) => Some(q.amount),
            Value::Ratio {
                numerator,
                denominator,
                stated,
            } => match stated {
                Some(q) => Some(q.amount),
                None if *denominator != 0.0 => Some(100.0 * numerator / denominator),
                None => None,
            },
            Value::Relative {
                target: RelativeTarget::Maintain { level: Some(q) },
            } => Some(q.amount),
            _ => None,
        }
    }

    /// Numerator and denominator, where the council gave them.
    pub fn ratio(&self) -> Option<(f64, f64)> {
        match &self.value {
            Value::Ratio {
                numerator,
                denominator,
                ..
            } => Some((*numerator, *denominator)),
            _ => None,
        }
    }

    pub fn parts(&self) -> &[Part] {
        match &self.value {
            Value::Parts { parts } => parts,
            _ => &[],
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self.value, Value::Empty)
    }
}

/// Parses one cell as a council wrote it.
///
/// Never fails: what is not understood becomes [`Value::Text`] with a warning
/// saying why. The caller keeps the original text beside the result.
pub fn parse(text: &str) -> ParsedValue {
    let clean = text::normalise(text);
    if clean.is_empty() {
        return ParsedValue::new(Value::Empty);
    }
    grammar::parse_clean(&clean, grammar::Depth::Whole)
}

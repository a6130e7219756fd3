//! The plan as one self-contained document.
//!
//! A [`PlanDocument`] is what every importer produces, what storage saves and
//! loads, and what every exporter writes. Keeping one shape for all of them is
//! what makes export → import round trips exact.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::period::Period;
use crate::value::ParsedValue;

/// One plan of one organisation, with everything that hangs from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanDocument {
    pub organisation: String,
    pub plan: PlanHeader,
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub observations: Vec<Observation>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub localities: Vec<Locality>,
    /// What the council itself wrote beside its figures: its RAG or progress
    /// word, its trend word, its comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<Statement>,
}

impl PlanDocument {
    /// This plan with `observations` in place of its own, without copying
    /// the figures being replaced.
    pub fn with_observations(&self, observations: Vec<Observation>) -> PlanDocument {
        // Named field by field, so a field added later must be decided on here.
        let PlanDocument {
            organisation,
            plan,
            nodes,
            indicators,
            observations: _,
            milestones,
            localities,
            statements,
        } = self;
        PlanDocument {
            organisation: organisation.clone(),
            plan: plan.clone(),
            nodes: nodes.clone(),
            indicators: indicators.clone(),
            observations,
            milestones: milestones.clone(),
            localities: localities.clone(),
            statements: statements.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanHeader {
    /// Short unique name within the organisation, e.g. `CYPP 2009-13`.
    pub name: String,
    /// Full title as the council wrote it.
    #[serde(default)]
    pub title: String,
    /// The years the plan runs, as written (`2009-13`).
    #[serde(default)]
    pub period: String,
}

/// A node of the plan tree: outcome, theme, objective, commitment, benefit …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Unique within the plan: `1`, `1.1`, `2.1 b)`, `1.1.2`.
    pub code: String,
    pub parent: Option<String>,
    /// What the council calls this level (`outcome`, `objective`, `benefit` …).
    pub kind: String,
    pub title: String,
    /// Set when a refresh deleted or merged the node; the node stays for history.
    #[serde(default)]
    pub retired: Option<Retirement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retirement {
    /// Free text such as `2011 refresh`.
    pub when: String,
    /// Code of the node it was merged into, if it was merged rather than deleted.
    pub merged_into: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    /// Within a band is best (the target gives the band).
    Band,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolaritySource {
    /// Set by a person or by the national catalogue.
    Stated,
    /// Guessed from the wording; wants a human to confirm it.
    Inferred,
}

/// A performance indicator. Several objectives may share one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Unique within the plan; the code where there is one, else derived from the title.
    pub key: String,
    /// National or local code as written: `NI 59`, `NI 61 (LAA)`, `CSC 003`.
    pub code: Option<String>,
    pub title: String,
    #[serde(default)]
    pub definition: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub polarity: Option<Polarity>,
    #[serde(default)]
    pub polarity_source: Option<PolaritySource>,
    #[serde(default)]
    pub frequency: Option<String>,
    #[serde(default)]
    pub lead_officer: Option<String>,
    #[serde(default)]
    pub delivery_board: Option<String>,
    /// Codes of the nodes this indicator measures.
    #[serde(default)]
    pub objectives: Vec<String>,
}

impl Indicator {
    /// An indicator known so far only by its key and title; everything else is unstated.
    pub fn new(key: &str, title: &str) -> Indicator {
        Indicator {
            key: key.to_string(),
            title: title.to_string(),
            ..Indicator::default()
        }
    }
}

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
pub enum ObservationKind {
    /// An out-turn: what happened.
    Actual,
    Target,
    England,
    Region,
    StatisticalNeighbours,
}

impl ObservationKind {
    pub const ALL: [ObservationKind; 5] = [
        ObservationKind::Actual,
        ObservationKind::Target,
        ObservationKind::England,
        ObservationKind::Region,
        ObservationKind::StatisticalNeighbours,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObservationKind::Actual => "actual",
            ObservationKind::Target => "target",
            ObservationKind::England => "england",
            ObservationKind::Region => "region",
            ObservationKind::StatisticalNeighbours => "statistical_neighbours",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    /// What a reader calls this kind of figure, in tables, legends and text alternatives.
    pub fn label(self) -> &'static str {
        match self {
            ObservationKind::Actual => "Out-turn",
            ObservationKind::Target => "Target",
            ObservationKind::England => "England",
            ObservationKind::Region => "Region",
            ObservationKind::StatisticalNeighbours => "Statistical neighbours",
        }
    }
}

/// One value or target, for one indicator × period × locality × group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub indicator: String,
    pub period: Period,
    pub kind: ObservationKind,
    /// `None` is the whole area the plan covers.
    #[serde(default)]
    pub locality: Option<String>,
    /// Breakdown group (`FSM`, `SEN`, `BME`, `LAC`, `boys` …); `None` is everyone.
    #[serde(default)]
    pub group: Option<String>,
    /// Exactly what the council wrote.
    pub text: String,
    /// What trustboard understood from `text`.
    pub parsed: ParsedValue,
    /// For a target: who set it (`Trust Board`, `DCSF (LAA)`), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
    /// For a target: the date the board agreed it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_on: Option<NaiveDate>,
    /// Whether a person wrote the value or trustboard computed it.
    #[serde(default, skip_serializing_if = "ValueSource::is_written")]
    pub source: ValueSource,
}

/// Where a held value came from: written by a person (keyed in, or in an
/// imported document), computed from the early-help register, or computed
/// from a statutory return (SSDA903, CIN census).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    #[default]
    Written,
    Register,
    Return,
}

impl ValueSource {
    pub fn is_written(&self) -> bool {
        *self == ValueSource::Written
    }

    /// The note shown beside a computed value; nothing for a written one.
    pub fn note(self) -> Option<&'static str> {
        match self {
            ValueSource::Written => None,
            ValueSource::Register => Some("Computed from the early-help register"),
            ValueSource::Return => Some("Computed from a statutory return"),
        }
    }
}

impl Observation {
    /// The identity of an observation: at most one per plan.
    pub fn slot(&self) -> (&str, &Period, ObservationKind, Option<&str>, Option<&str>) {
        (
            &self.indicator,
            &self.period,
            self.kind,
            self.locality.as_deref(),
            self.group.as_deref(),
        )
    }
}

/// What a statement of the council's is: its own rating, trend or comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// A RAG or progress word: `Green`, `On course`, `Slippage`, `Not met`.
    Rag,
    /// A direction-of-travel word or arrow: `Improving`, `↑`, `Worse`.
    Trend,
    Comment,
}

impl StatementKind {
    pub const ALL: [StatementKind; 3] = [
        StatementKind::Rag,
        StatementKind::Trend,
        StatementKind::Comment,
    ];

    /// The word stored and written in files.
    pub fn code(self) -> &'static str {
        match self {
            StatementKind::Rag => "rag",
            StatementKind::Trend => "trend",
            StatementKind::Comment => "comment",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// What a reader calls it.
    pub fn label(self) -> &'static str {
        match self {
            StatementKind::Rag => "The council's rating",
            StatementKind::Trend => "The council's trend",
            StatementKind::Comment => "The council's comment",
        }
    }
}

/// One thing the council wrote about an indicator for a period, kept exactly
/// as written beside trustboard's own judgement. At most one of each kind
/// per indicator and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub indicator: String,
    pub period: Period,
    pub kind: StatementKind,
    /// Exactly what the council wrote.
    pub text: String,
}

impl Statement {
    /// The identity of a statement: at most one per plan.
    pub fn slot(&self) -> (&str, &Period, StatementKind) {
        (&self.indicator, &self.period, self.kind)
    }
}

/// A milestone or action of an objective's action plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Code of the node it belongs to.
    pub node: String,
    pub text: String,
    /// The timescale as written (`By March 2012`, `termly`), if any.
    #[serde(default)]
    pub timescale: Option<String>,
    /// The date it is due, where the timescale states one.
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub owner: Option<String>,
    /// Keys of the indicators it is meant to move.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// How delivery stands, where someone has recorded it; plans as published say nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MilestoneStatus>,
}

/// How a milestone's delivery stands, as its owner or a performance officer records it.
/// "Overdue" is not a status: it follows from the due date and the day it is judged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    Complete,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 4] = [
        MilestoneStatus::NotStarted,
        MilestoneStatus::OnTrack,
        MilestoneStatus::AtRisk,
        MilestoneStatus::Complete,
    ];

    /// The word stored and posted in forms.
    pub fn code(self) -> &'static str {
        match self {
            MilestoneStatus::NotStarted => "not_started",
            MilestoneStatus::OnTrack => "on_track",
            MilestoneStatus::AtRisk => "at_risk",
            MilestoneStatus::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MilestoneStatus::NotStarted => "Not started",
            MilestoneStatus::OnTrack => "On track",
            MilestoneStatus::AtRisk => "At risk",
            MilestoneStatus::Complete => "Complete",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl Milestone {
    /// Due before `today` and not recorded as complete.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        is_overdue(self.due, self.status, today)
    }
}

/// A milestone due before `today` is overdue unless it is recorded as complete.
pub fn is_overdue(
    due: Option<NaiveDate>,
    status: Option<MilestoneStatus>,
    today: NaiveDate,
) -> bool {
    status != Some(MilestoneStatus::Complete) && due.is_some_and(|due| due < today)
}

/// An area the partnership works through, valid between two dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Locality {
    pub name: String,
    pub parent: Option<String>,
    /// `trust`, `cluster`, `quindrat`, `LCSP` …
    pub kind: String,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_past_their_due_date_are_overdue_until_recorded_complete() {
        let day = |d| NaiveDate::from_ymd_opt(2012, 3, d).unwrap_or_default();
        let today = day(15);
        assert!(is_overdue(Some(day(14)), None, today));
        assert!(is_overdue(
            Some(day(14)),
            Some(MilestoneStatus::AtRisk),
            today
        ));
        assert!(!is_overdue(
            Some(day(14)),
            Some(MilestoneStatus::Complete),
            today
        ));
        assert!(
            !is_overdue(Some(day(15)), None, today),
            "due today is not late"
        );
        assert!(!is_overdue(None, None, today), "no due date, never overdue");
    }

    #[test]
    fn statuses_read_back_from_their_codes() {
        for status in MilestoneStatus::ALL {
            assert_eq!(MilestoneStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(MilestoneStatus::from_code("overdue"), None);
    }
}

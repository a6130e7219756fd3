//! The Trust Board pack as the renderers see it: plain data, already judged.
//!
//! Whatever produces a pack (the judging engine, or a test) decides RAG, direction,
//! suppression and wording; the renderers only lay it out. Every figure keeps the text a
//! council wrote beside the number that was understood from it.

use serde::{Deserialize, Serialize};
use trustboard_core::judge::inclusion::InclusionRow;
pub use trustboard_core::risks::Band;

use crate::resources::ResourcesSection;
use crate::ReportError;

/// A calendar date, supplied by the caller (renderers never read the clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PackDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for PackDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardPack {
    /// e.g. "Trust Board performance report".
    pub title: String,
    pub organisation: String,
    /// e.g. "Children and Young People's Plan 2009–13".
    pub plan: String,
    /// The reporting period, e.g. "2010/11 year end".
    pub period_label: String,
    pub generated_on: PackDate,
    pub headline: Headline,
    pub outcomes: Vec<OutcomeScorecard>,
    pub exceptions: Vec<ExceptionRow>,
    pub milestones_at_risk: Vec<MilestoneRow>,
    pub appendix: Appendix,
    /// Indicators whose figures go back into the plans this one follows.
    #[serde(default)]
    pub across_plans: Vec<AcrossPlans>,
    /// Each indicator once for each headline figure: counted, or why not.
    #[serde(default)]
    pub inclusion: Vec<InclusionRow>,
    /// Money and people beside performance; `None` for a plan without resource tables.
    #[serde(default)]
    pub resources: Option<ResourcesSection>,
    /// The plan's risk register.
    #[serde(default)]
    pub risks: RiskSection,
    /// The business plan's projects and key actions, in the order printed.
    #[serde(default)]
    pub projects: Vec<ProjectRow>,
}

/// A pack's first pages: its headline, its outcomes' scorecards and the
/// indicators reported by exception (see `build::pack_summary_of`).
#[derive(Debug, Clone, PartialEq)]
pub struct PackSummary {
    pub headline: Headline,
    pub outcomes: Vec<OutcomeScorecard>,
    pub exceptions: Vec<ExceptionRow>,
}

/// The summary a board reads first, with the previous report beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub current: HeadlineCounts,
    pub previous: Option<HeadlineCounts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadlineCounts {
    /// The report these counts belong to, e.g. "2010/11".
    pub period_label: String,
    pub direction: DirectionCounts,
    pub targets: TargetCounts,
    pub rag: RagCounts,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct DirectionCounts {
    pub improved: u32,
    pub declined: u32,
    pub unchanged: u32,
    /// Multi-part indicators with some parts better and some worse.
    #[serde(default)]
    pub mixed: u32,
    pub not_comparable: u32,
}

impl DirectionCounts {
    pub fn comparable(&self) -> u32 {
        self.improved + self.declined + self.unchanged + self.mixed
    }

    /// Share of comparable indicators that improved, in percent; `None` when none compare.
    pub fn improved_percent(&self) -> Option<f64> {
        percent(self.improved, self.comparable())
    }

    pub fn declined_percent(&self) -> Option<f64> {
        percent(self.declined, self.comparable())
    }

    pub fn unchanged_percent(&self) -> Option<f64> {
        percent(self.unchanged, self.comparable())
    }

    pub fn mixed_percent(&self) -> Option<f64> {
        percent(self.mixed, self.comparable())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TargetCounts {
    pub met: u32,
    pub missed: u32,
    pub not_assessed: u32,
}

impl TargetCounts {
    pub fn assessed(&self) -> u32 {
        self.met + self.missed
    }

    /// Share of assessed targets met or exceeded, in percent.
    pub fn met_percent(&self) -> Option<f64> {
        percent(self.met, self.assessed())
    }

    pub fn missed_percent(&self) -> Option<f64> {
        percent(self.missed, self.assessed())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct RagCounts {
    pub red: u32,
    pub amber: u32,
    pub green: u32,
    pub grey: u32,
}

impl RagCounts {
    pub fn total(&self) -> u32 {
        self.red + self.amber + self.green + self.grey
    }

    pub fn count(&self, rag: Rag) -> u32 {
        match rag {
            Rag::Red => self.red,
            Rag::Amber => self.amber,
            Rag::Green => self.green,
            Rag::Grey => self.grey,
        }
    }

    /// Share of all indicators with this status, in percent.
    pub fn percent(&self, rag: Rag) -> Option<f64> {
        percent(self.count(rag), self.total())
    }
}

fn percent(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeScorecard {
    /// e.g. "1" for "Outcome 1".
    pub code: String,
    pub title: String,
    pub rows: Vec<ScorecardRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorecardRow {
    /// The objective the indicator serves, e.g. "1.1" or "2.1 b)".
    pub objective: Option<String>,
    /// e.g. "NI 59" or "CSC 001"; many local indicators have none.
    pub indicator_code: Option<String>,
    pub indicator_title: String,
    pub unit: Unit,
    pub polarity: Polarity,
    /// The most recent out-turns, oldest first.
    pub outturns: Vec<Outturn>,
    pub target: Option<TargetCell>,
    pub rag: RagJudgement,
    pub direction: Direction,
    /// e.g. "Above England (55%); 3rd of 11 statistical neighbours".
    pub comparator: Option<String>,
    /// Caveats a reader must see, e.g. "Cohort of 6: one child moves the figure by 17 points".
    pub notes: Vec<String>,
    pub series: Vec<SeriesPoint>,
}

impl ScorecardRow {
    /// "NI 59 % of initial assessments…" or just the title when there is no code.
    pub fn display_name(&self) -> String {
        match &self.indicator_code {
            Some(code) => format!("{code}: {}", self.indicator_title),
            None => self.indicator_title.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Figures are percentages written as points (50.53 means 50.53%).
    Percent,
    Count,
    Rate,
    Score,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
    TargetBand,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outturn {
    pub period_label: String,
    pub cell: Cell,
}

/// One value as it will be shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Value(Value),
    /// A small count withheld from published documents. `internal` keeps the figure for
    /// packs that stay inside the partnership; `None` when it was never released to the pack.
    Suppressed {
        internal: Option<Value>,
    },
    /// Nothing was reported.
    Empty,
}

impl Cell {
    pub fn text(text: &str) -> Self {
        Cell::Value(Value {
            text: text.to_owned(),
            figure: None,
        })
    }

    pub fn figure(text: &str, figure: f64) -> Self {
        Cell::Value(Value {
            text: text.to_owned(),
            figure: Some(figure),
        })
    }
}

/// A council's text and, when one was understood, the number it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    pub text: String,
    pub figure: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetCell {
    pub period_label: String,
    /// As written, e.g. "Baseline plus 5%".
    pub text: String,
    /// The figure the target resolves to, when it can be resolved.
    pub figure: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Rag {
    Red,
    Amber,
    Green,
    /// Not assessed: no target, no out-turn, or not comparable.
    Grey,
}

/// The pack draws the core's judgement as it is.
impl From<trustboard_core::judge::rag::Rag> for Rag {
    fn from(rag: trustboard_core::judge::rag::Rag) -> Self {
        use trustboard_core::judge::rag::Rag as Judged;
        match rag {
            Judged::Red => Rag::Red,
            Judged::Amber => Rag::Amber,
            Judged::Green => Rag::Green,
            Judged::Grey => Rag::Grey,
        }
    }
}

impl Rag {
    pub const ALL: [Rag; 4] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Grey];

    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Grey => "Not assessed",
        }
    }

    /// A letter that survives greyscale printing and colour blindness.
    pub fn letter(self) -> &'static str {
        match self {
            Rag::Red => "R",
            Rag::Amber => "A",
            Rag::Green => "G",
            Rag::Grey => "–",
        }
    }

    /// Fill colour (sRGB).
    pub fn colour(self) -> (u8, u8, u8) {
        match self {
            Rag::Red => (0xC6, 0x28, 0x28),
            Rag::Amber => (0xF2, 0xA9, 0x00),
            Rag::Green => (0x2E, 0x7D, 0x32),
            Rag::Grey => (0x9E, 0x9E, 0x9E),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RagJudgement {
    pub status: Rag,
    /// Why, e.g. "50.5% against a target of 85%: 34.5 points short".
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Better,
    Worse,
    Same,
    /// A multi-part indicator with some parts better and some worse.
    Mixed,
    NotComparable,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Better => "Better",
            Direction::Worse => "Worse",
            Direction::Same => "Same",
            Direction::Mixed => "Mixed",
            Direction::NotComparable => "Not comparable",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Better => "↑",
            Direction::Worse => "↓",
            Direction::Same => "→",
            Direction::Mixed => "↕",
            Direction::NotComparable => "·",
        }
    }
}

/// One period on an indicator's small chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub period_label: String,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// The actual is a small number withheld from published documents.
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExceptionRow {
    pub outcome_code: String,
    pub indicator: String,
    /// Why it is reported by exception, e.g. "Red against target", "Worse for two periods".
    pub reasons: Vec<String>,
    pub owner: Option<String>,
    pub commentary: Vec<Commentary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commentary {
    pub author: Option<String>,
    pub text: String,
    pub audience: Audience,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    Public,
    /// For the partnership only; dropped from published packs.
    Internal,
}

/// The pack's resources, projects and risks: what a plan's overview and the
/// JSON API show of them, made exactly as the pack makes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResourcesPart {
    /// Spend by outcome, the year-on-year changes and the staffing check;
    /// `null` when the plan holds no budget or staffing tables.
    pub resources: Option<ResourcesSection>,
    /// Each project with its latest approved report; empty for a plan without projects.
    pub projects: Vec<ProjectRow>,
    pub risks: RiskSection,
}

/// A project of the business plan with the latest progress report approved for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProjectRow {
    /// The heading it is printed under, e.g. "CFE Specific Projects".
    pub group: String,
    pub title: String,
    /// The services that lead it, as the plan names them.
    pub lead: String,
    pub progress: Option<ProjectProgress>,
}

/// What an approved six-monthly report said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProjectProgress {
    /// The half year reported on, e.g. "2009/10 H2".
    pub period_label: String,
    /// e.g. "On track".
    pub status: String,
    /// As the lead officer chose it.
    pub rag: Rag,
    pub commentary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub objective: String,
    pub text: String,
    /// As written, e.g. "By March 2011".
    pub due: String,
    pub status: MilestoneStatus,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MilestoneStatus {
    Overdue,
    AtRisk,
}

impl MilestoneStatus {
    pub fn label(self) -> &'static str {
        match self {
            MilestoneStatus::Overdue => "Overdue",
            MilestoneStatus::AtRisk => "At risk",
        }
    }
}

/// The plan's own "Summary of Performance Indicators", one section per outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appendix {
    /// Headings after "Objective" and "Performance indicator", e.g. "2009/10 out-turn".
    pub columns: Vec<String>,
    pub sections: Vec<AppendixSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixSection {
    pub outcome_code: String,
    pub outcome_title: String,
    pub rows: Vec<AppendixRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppendixRow {
    pub objective: String,
    pub indicator: String,
    /// One per `Appendix::columns`.
    pub cells: Vec<Cell>,
}

/// One indicator's out-turns as one series across the organisation's
/// successive plans, each saying which plan it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcrossPlans {
    /// As [`ScorecardRow::display_name`] gives it.
    pub indicator: String,
    /// Oldest first.
    pub points: Vec<AcrossPlansPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AcrossPlansPoint {
    pub period_label: String,
    /// The plan the figure was reported in, by name.
    pub plan: String,
    pub cell: Cell,
}

impl BoardPack {
    /// Checks the shape the renderers rely on; the error names the offending row.
    pub fn validate(&self) -> Result<(), ReportError> {
        let width = self.appendix.columns.len();
        for section in &self.appendix.sections {
            for (index, row) in section.rows.iter().enumerate() {
                if row.cells.len() != width {
                    return Err(ReportError::InvalidPack(format!(
                        "appendix, outcome {}, row {} (\"{}\"): {} cells for {} columns",
                        section.outcome_code,
                        index + 1,
                        row.indicator,
                        row.cells.len(),
                        width
                    )));
                }
            }
        }
        validate_outcomes(&self.outcomes)
    }
}

/// Every figure the outcomes' charts plot is a finite number.
pub fn validate_outcomes(outcomes: &[OutcomeScorecard]) -> Result<(), ReportError> {
    for outcome in outcomes {
        for row in &outcome.rows {
            let bad_point = row.series.iter().find(|point| {
                [point.actual, point.target, point.ci_low, point.ci_high]
                    .iter()
                    .flatten()
                    .any(|value| !value.is_finite())
            });
            if let Some(point) = bad_point {
                return Err(ReportError::InvalidPack(format!(
                    "outcome {}, indicator \"{}\", period {}: chart value is not a finite number",
                    outcome.code, row.indicator_title, point.period_label
                )));
            }
        }
    }
    Ok(())
}

/// The plan's risk register as the board reads it: where the open risks sit
/// on the 5×5 matrix before and after their controls, and the top risks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RiskSection {
    /// How many risks are open.
    pub open: u32,
    /// Scored after controls.
    pub residual: HeatMap,
    /// Scored before controls.
    pub inherent: HeatMap,
    /// The highest-ranked open risks, highest first.
    pub top: Vec<RiskLine>,
}

/// A 5×5 matrix of risk counts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HeatMap {
    pub caption: String,
    /// The likelihood columns' headings, 1 to 5.
    pub columns: Vec<String>,
    /// Impact 5 (top) to 1.
    pub rows: Vec<HeatMapRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HeatMapRow {
    /// e.g. "5 Catastrophic".
    pub impact: String,
    /// Likelihood 1 to 5.
    pub cells: Vec<HeatMapCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HeatMapCell {
    pub score: u8,
    pub band: Band,
    /// The numbers of the risks in the cell, ascending.
    pub risks: Vec<i64>,
}

impl HeatMapCell {
    /// The band in words with the score: colour is never the only sign.
    pub fn band_text(&self) -> String {
        format!("{} {}", self.band.label(), self.score)
    }

    /// How many risks and which: "2 risks: R1, R4", or "No risks".
    pub fn risks_text(&self) -> String {
        let numbers: Vec<String> = self.risks.iter().map(|n| format!("R{n}")).collect();
        match numbers.len() {
            0 => "No risks".to_owned(),
            1 => format!("1 risk: {}", numbers[0]),
            count => format!("{count} risks: {}", numbers.join(", ")),
        }
    }
}

/// One of the top risks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RiskLine {
    /// "R3".
    pub number: String,
    pub description: String,
    pub owner: String,
    /// e.g. "20 Extreme (4×5)".
    pub inherent: String,
    pub residual: String,
    pub residual_band: Band,
    /// e.g. "↑ Rising".
    pub trend: String,
    /// YYYY-MM-DD.
    pub review_date: String,
    pub overdue: bool,
}

impl RiskLine {
    /// The review date, marked when it has passed.
    pub fn review_text(&self) -> String {
        if self.overdue {
            format!("{} (overdue)", self.review_date)
        } else {
            self.review_date.clone()
        }
    }
}

//! The pack's "Resources" section as the renderers see it: money and people
//! beside performance, already worked out and worded.

use serde::{Deserialize, Serialize};

use crate::pack::{DirectionCounts, RagCounts};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResourcesSection {
    /// The budget tables' years, oldest first (`2008-09`, `2009-10`).
    pub years: Vec<String>,
    pub outcomes: Vec<OutcomeResources>,
    /// The threshold for year-on-year changes, in words (`10% or £100k`).
    pub threshold: String,
    pub changes: Vec<ChangeLine>,
    pub fte: Vec<FteLine>,
}

/// Money is in £000s throughout, as the council printed it.
pub const MONEY_UNIT: &str = "£000s";

/// One outcome: linked spend by year beside its RAG counts and direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OutcomeResources {
    pub code: String,
    pub title: String,
    /// Linked spend in £000s, one per year of [`ResourcesSection::years`].
    pub spend: Vec<String>,
    /// How many budget links feed it.
    pub links: usize,
    pub rag: RagCounts,
    pub direction: DirectionCounts,
    pub unit_costs: Vec<UnitCostLine>,
}

/// Cost per person for one indicator and year, or why it is not shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitCostLine {
    pub indicator: String,
    pub year: String,
    pub unit: String,
    /// `£2,500` or `not shown: …`.
    pub shown: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChangeLine {
    pub table: String,
    pub line: usize,
    pub label: String,
    pub from_heading: String,
    pub to_heading: String,
    pub unit: String,
    pub from: String,
    pub to: String,
    pub change: String,
    /// `+12.5%`, or `new` when last year's figure was nothing.
    pub percent: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FteLine {
    pub year: String,
    pub staffing: String,
    pub budget: String,
    pub difference: String,
    pub agrees: bool,
    /// Where the two figures were printed.
    pub detail: String,
}

impl FteLine {
    pub fn verdict(&self) -> &'static str {
        match self.agrees {
            true => "Agrees",
            false => "Differs",
        }
    }
}

pub const RESOURCES_HEADING: &str = "Resources";

/// One table of the section as every format lays it out: a sub-heading, a
/// sentence saying what it shows, and rows of text whose first cell names the row.
pub struct WordedTable {
    pub heading: &'static str,
    pub intro: String,
    pub caption: String,
    /// Column titles with their share of the page's width (adding up to 1).
    pub columns: Vec<(String, f32)>,
    pub rows: Vec<Vec<String>>,
}

impl ResourcesSection {
    /// The section's three tables, worded once for HTML, PDF and XLSX.
    pub fn worded(&self) -> Vec<WordedTable> {
        vec![self.by_outcome(), self.changes_table(), self.fte_table()]
    }

    fn by_outcome(&self) -> WordedTable {
        let share = 0.45 / self.years.len().max(1) as f32;
        let mut columns = vec![("Outcome".to_string(), 0.25)];
        columns.extend(
            self.years
                .iter()
                .map(|y| (format!("{y} linked spend ({MONEY_UNIT})"), share)),
        );
        columns.push(("RAG".to_string(), 0.15));
        columns.push(("Direction".to_string(), 0.15));
        let rows = self
            .outcomes
            .iter()
            .map(|o| {
                let mut row = vec![format!("{}: {}", o.code, o.title)];
                row.extend(o.spend.iter().cloned());
                row.push(rag_words(&o.rag));
                row.push(direction_words(&o.direction));
                row
            })
            .collect();
        let linked: usize = self.outcomes.iter().map(|o| o.links).sum();
        let costs: Vec<String> = self
            .outcomes
            .iter()
            .flat_map(|o| {
                o.unit_costs.iter().map(move |c| {
                    format!(
                        "Outcome {}, {} ({}, {}): {}",
                        o.code, c.indicator, c.year, c.unit, c.shown
                    )
                })
            })
            .collect();
        let intro = match (linked, costs.is_empty()) {
            (0, _) => "No budget line is linked to an outcome or objective yet, so no spend is shown beside performance.".to_string(),
            (n, true) => format!("{n} budget links: each line's controllable expenditure times its share, added up by outcome. No linked indicator counts people, so no cost per person is shown."),
            (n, false) => format!("{n} budget links: each line's controllable expenditure times its share, added up by outcome. Cost per person: {}.", costs.join("; ")),
        };
        WordedTable {
            heading: "Budget by outcome",
            intro,
            caption: format!(
                "Linked spend by outcome and year, in {MONEY_UNIT}, beside RAG and direction"
            ),
            columns,
            rows,
        }
    }

    fn changes_table(&self) -> WordedTable {
        let rows = self
            .changes
            .iter()
            .map(|c| {
                vec![
                    format!("{} ({})", c.label, c.table),
                    format!("{} → {}", c.from_heading, c.to_heading),
                    c.unit.clone(),
                    c.from.clone(),
                    c.to.clone(),
                    format!("{} ({})", c.change, c.percent),
                ]
            })
            .collect();
        WordedTable {
            heading: "Year-on-year changes",
            intro: match self.changes.len() {
                0 => format!(
                    "No activity moved by {} or more from one year to the next.",
                    self.threshold
                ),
                n => format!(
                    "{n} lines moved by {} or more from one year to the next, largest first.",
                    self.threshold
                ),
            },
            caption: format!("Changes of {} or more", self.threshold),
            columns: [
                ("Line", 0.3),
                ("Compared", 0.25),
                ("Unit", 0.08),
                ("Before", 0.11),
                ("After", 0.11),
                ("Change", 0.15),
            ]
            .map(|(t, w)| (t.to_string(), w))
            .to_vec(),
            rows,
        }
    }

    fn fte_table(&self) -> WordedTable {
        let rows = self
            .fte
            .iter()
            .map(|f| {
                vec![
                    f.year.clone(),
                    f.staffing.clone(),
                    f.budget.clone(),
                    f.difference.clone(),
                    format!("{}: {}", f.verdict(), f.detail),
                ]
            })
            .collect();
        WordedTable {
            heading: "Staffing against budget FTE",
            intro: match self.fte.iter().filter(|f| !f.agrees).count() {
                _ if self.fte.is_empty() => "The plan holds no staffing establishment and budget FTE for the same year, so nothing is compared.".to_string(),
                0 => "The staffing establishment's total FTE agrees with the budget tables' for every year both give.".to_string(),
                n => format!("The staffing establishment's total FTE differs from the budget tables' in {n} year(s); both figures are as printed."),
            },
            caption: "Staffing establishment total FTE against the budget tables' total FTE".to_string(),
            columns: [
                ("Year", 0.12),
                ("Establishment FTE", 0.14),
                ("Budget FTE", 0.14),
                ("Difference", 0.12),
                ("Check", 0.48),
            ]
            .map(|(t, w)| (t.to_string(), w))
            .to_vec(),
            rows,
        }
    }
}

/// `2 Red (R), 1 Amber (A), 3 Green (G)`: the words and letters, never colour alone.
fn rag_words(rag: &RagCounts) -> String {
    use crate::pack::Rag;
    let parts: Vec<String> = Rag::ALL
        .iter()
        .filter(|r| rag.count(**r) > 0)
        .map(|r| format!("{} {} ({})", rag.count(*r), r.label(), r.letter()))
        .collect();
    match parts.is_empty() {
        true => "no indicators".to_string(),
        false => parts.join(", "),
    }
}

fn direction_words(d: &DirectionCounts) -> String {
    let parts: Vec<String> = [
        (d.improved, "better ↑"),
        (d.declined, "worse ↓"),
        (d.unchanged, "same →"),
        (d.mixed, "mixed ↕"),
        (d.not_comparable, "not comparable"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    match parts.is_empty() {
        true => "no indicators".to_string(),
        false => parts.join(", "),
    }
}

//! The "Resources" section: each outcome's linked spend by year beside its
//! RAG counts and direction, the year-on-year changes past the threshold,
//! and the staffing establishment against the budgets' FTE. The sums, the
//! shares, the costs per person and the checks are the core's; this only
//! words them.

use trustboard_core::limits::thousands;
use trustboard_core::model::PlanDocument;
use trustboard_core::resources::{
    fte_checks, outcome_spend, year_on_year, Amount, BudgetLink, Change, FteCheck, ResourceTable,
    Threshold, UnitCost,
};

use crate::pack::{Direction, DirectionCounts, OutcomeScorecard, RagCounts};
use crate::resources::{ChangeLine, FteLine, OutcomeResources, ResourcesSection, UnitCostLine};

/// What the section is built from besides the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceInputs {
    pub tables: Vec<ResourceTable>,
    pub links: Vec<BudgetLink>,
    pub threshold: Threshold,
}

/// The section, or `None` for a plan with no resource tables.
pub fn section(
    doc: &PlanDocument,
    scorecards: &[OutcomeScorecard],
    inputs: &ResourceInputs,
) -> Option<ResourcesSection> {
    if inputs.tables.is_empty() {
        return None;
    }
    let spend = outcome_spend(doc, &inputs.tables, &inputs.links);
    let years = spend
        .first()
        .map(|o| o.years.iter().map(|y| y.year.label.clone()).collect())
        .unwrap_or_default();
    let outcomes = spend
        .into_iter()
        .map(|outcome| {
            let card = scorecards.iter().find(|c| c.code == outcome.code);
            let (rag, direction) = card.map(counts).unwrap_or_default();
            OutcomeResources {
                spend: outcome.years.iter().map(|y| y.amount.to_string()).collect(),
                links: outcome.links,
                unit_costs: outcome.unit_costs.iter().map(unit_cost).collect(),
                code: outcome.code,
                title: outcome.title,
                rag,
                direction,
            }
        })
        .collect();
    Some(ResourcesSection {
        years,
        outcomes,
        threshold: threshold_words(inputs.threshold),
        changes: year_on_year(&inputs.tables, inputs.threshold)
            .iter()
            .map(change_line)
            .collect(),
        fte: fte_checks(&inputs.tables).iter().map(fte_line).collect(),
    })
}

/// An outcome's indicators by RAG status and by direction.
fn counts(card: &OutcomeScorecard) -> (RagCounts, DirectionCounts) {
    let mut rag = RagCounts::default();
    let mut direction = DirectionCounts::default();
    for row in &card.rows {
        use crate::pack::Rag;
        match row.rag.status {
            Rag::Red => rag.red += 1,
            Rag::Amber => rag.amber += 1,
            Rag::Green => rag.green += 1,
            Rag::Grey => rag.grey += 1,
        }
        match row.direction {
            Direction::Better => direction.improved += 1,
            Direction::Worse => direction.declined += 1,
            Direction::Same => direction.unchanged += 1,
            Direction::Mixed => direction.mixed += 1,
            Direction::NotComparable => direction.not_comparable += 1,
        }
    }
    (rag, direction)
}

fn threshold_words(threshold: Threshold) -> String {
    // The money threshold is in £000s, as the tables are.
    format!(
        "{}% or £{}k",
        plain(threshold.percent),
        plain(threshold.money)
    )
}

/// `10.0` as `10`, `12.5` as `12.5`.
fn plain(amount: Amount) -> String {
    let text = amount.to_string();
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

/// Whole pounds with thousands separated: `£2,500`.
fn pounds(value: f64) -> String {
    let whole = value.round() as i64;
    let sign = if whole < 0 { "-" } else { "" };
    format!("{sign}£{}", thousands(whole.unsigned_abs()))
}

fn unit_cost(cost: &UnitCost) -> UnitCostLine {
    UnitCostLine {
        indicator: cost.indicator.clone(),
        year: cost.year.clone(),
        unit: cost.unit.clone(),
        shown: match &cost.cost {
            Ok(value) => pounds(*value),
            Err(why) => format!("not shown: {why}"),
        },
    }
}

fn signed(amount: Amount) -> String {
    match amount > Amount::ZERO {
        true => format!("+{amount}"),
        false => amount.to_string(),
    }
}

fn change_line(change: &Change) -> ChangeLine {
    ChangeLine {
        table: change.table.clone(),
        line: change.line,
        label: change.label.clone(),
        from_heading: change.from_heading.clone(),
        to_heading: change.to_heading.clone(),
        unit: change.unit.to_string(),
        from: change.from.to_string(),
        to: change.to.to_string(),
        change: signed(change.change()),
        percent: match change.percent {
            Some(p) if p > 0.0 => format!("+{p:.1}%"),
            Some(p) => format!("{p:.1}%"),
            None => "new".to_string(),
        },
    }
}

fn fte_line(check: &FteCheck) -> FteLine {
    let budgets: Vec<String> = check
        .budget_lines
        .iter()
        .map(|(line, title)| format!("{title} (line {line})"))
        .collect();
    FteLine {
        year: check.year.clone(),
        staffing: check.staffing.to_string(),
        budget: check.budget.to_string(),
        difference: signed(check.difference()),
        agrees: check.agrees(),
        detail: format!(
            "staffing establishment total on line {}; budget totals: {}",
            check.staffing_line,
            budgets.join(", ")
        ),
    }
}

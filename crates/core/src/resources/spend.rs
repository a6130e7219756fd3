//! Spend beside performance: what the linked budget lines put behind each
//! outcome, year by year, and what that costs for each person an indicator
//! of the outcome counts.

use serde::Serialize;

use super::{Amount, BudgetLink, ResourceTable, TableKind};
use crate::judge::suppression::counts_people;
use crate::model::{Indicator, Node, ObservationKind, PlanDocument};
use crate::period::{read_written, Period};

/// A year of the budget tables as printed, and as a financial year when it reads as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendYear {
    pub label: String,
    pub period: Option<Period>,
}

/// Linked spend of one outcome in one year, in £000s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearSpend {
    pub year: SpendYear,
    pub amount: Amount,
}

/// One outcome's linked spend by year and its cost per person counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSpend {
    pub code: String,
    pub title: String,
    /// Every year of the tables, oldest first; nothing linked is zero.
    pub years: Vec<YearSpend>,
    /// How many links feed it.
    pub links: usize,
    pub unit_costs: Vec<UnitCost>,
}

/// Cost per person for one indicator of the outcome in one year, or why not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCost {
    pub indicator: String,
    pub year: String,
    /// e.g. "£ per child supported".
    pub unit: String,
    pub cost: Result<f64, String>,
}

/// The years the budget tables hold, oldest first: each table's previous
/// year (its `previous_controllable`) and its own (`controllable`).
pub fn spend_years(tables: &[ResourceTable]) -> Vec<SpendYear> {
    let mut years: Vec<SpendYear> = Vec::new();
    for table in tables.iter().filter(|t| t.kind == TableKind::Budget) {
        for label in [&table.previous_year, &table.year] {
            if !label.is_empty() && !years.iter().any(|y| &y.label == label) {
                years.push(SpendYear {
                    label: label.clone(),
                    period: year_period(label),
                });
            }
        }
    }
    years.sort_by_key(|y| y.period.map(|p| p.start()));
    years
}

/// A table's year as a financial year: `2009-10`, `2009/10`, and the `2008-9` some tables print.
pub fn year_period(label: &str) -> Option<Period> {
    read_written(label).or_else(|| {
        let (first, second) = label.trim().split_once('-')?;
        let start: i32 = first.parse().ok()?;
        let next: i32 = second.parse().ok()?;
        (first.len() == 4 && second.len() == 1 && next == (start + 1) % 10)
            .then(|| Period::financial(start))
    })
}

/// The linked line's controllable expenditure in `year`, £000s.
fn line_spend(table: &ResourceTable, row: usize, year: &str) -> Option<Amount> {
    let key = if table.year == year {
        "controllable"
    } else if table.previous_year == year {
        "previous_controllable"
    } else {
        return None;
    };
    table.rows.get(row)?.value(TableKind::Budget.column(key)?)
}

/// The outcome a node belongs to: the top of its chain of parents.
pub fn outcome_of<'n>(nodes: &'n [Node], code: &str) -> Option<&'n Node> {
    let mut node = nodes.iter().find(|n| n.code == code)?;
    for _ in 0..nodes.len() {
        match &node.parent {
            Some(parent) => node = nodes.iter().find(|n| &n.code == parent)?,
            None => return Some(node),
        }
    }
    None
}

/// Every outcome of the plan with what its links (to it or anything under
/// it) put behind it each year: each line's controllable expenditure × share.
/// Links whose line an import has since moved or removed count for nothing.
pub fn outcome_spend(
    plan: &PlanDocument,
    tables: &[ResourceTable],
    links: &[BudgetLink],
) -> Vec<OutcomeSpend> {
    let years = spend_years(tables);
    let outcomes = plan
        .nodes
        .iter()
        .filter(|n| n.parent.is_none() && n.retired.is_none());
    outcomes
        .map(|outcome| {
            let mine: Vec<&BudgetLink> = links
                .iter()
                .filter(|l| {
                    outcome_of(&plan.nodes, &l.node).is_some_and(|o| o.code == outcome.code)
                })
                .collect();
            let years: Vec<YearSpend> = years
                .iter()
                .map(|year| YearSpend {
                    year: year.clone(),
                    amount: mine
                        .iter()
                        .filter_map(|l| {
                            let table = l.line.find(tables)?;
                            Some(l.share.of(line_spend(table, l.line.row, &year.label)?))
                        })
                        .fold(Amount::ZERO, |t, a| t + a),
                })
                .collect();
            let unit_costs = if mine.is_empty() {
                Vec::new()
            } else {
                unit_costs(plan, &outcome.code, &years)
            };
            OutcomeSpend {
                code: outcome.code.clone(),
                title: outcome.title.clone(),
                years,
                links: mine.len(),
                unit_costs,
            }
        })
        .collect()
}

/// Cost per person for each indicator of the outcome that counts people
/// (the one rule: [`counts_people`]), for each year with linked spend.
fn unit_costs(plan: &PlanDocument, outcome: &str, years: &[YearSpend]) -> Vec<UnitCost> {
    let counted = plan.indicators.iter().filter(|i| {
        i.objectives
            .iter()
            .any(|o| outcome_of(&plan.nodes, o).is_some_and(|n| n.code == outcome))
            && counts_people(i)
    });
    let mut costs = Vec::new();
    for indicator in counted {
        for spend in years.iter().filter(|y| !y.amount.is_zero()) {
            costs.push(UnitCost {
                indicator: indicator_name(indicator),
                year: spend.year.label.clone(),
                unit: unit_of(indicator),
                cost: cost_per_unit(plan, indicator, spend),
            });
        }
    }
    costs
}

fn indicator_name(indicator: &Indicator) -> String {
    match &indicator.code {
        Some(code) => format!("{code} {}", indicator.title),
        None => indicator.title.clone(),
    }
}

/// Linked spend (in £000s) over the whole-area out-turn of the same year, in £.
fn cost_per_unit(
    plan: &PlanDocument,
    indicator: &Indicator,
    spend: &YearSpend,
) -> Result<f64, String> {
    let Some(period) = spend.year.period else {
        return Err(format!(
            "`{}` is not a year an out-turn can be matched to",
            spend.year.label
        ));
    };
    let outturn = plan.observations.iter().find(|o| {
        o.indicator == indicator.key
            && o.kind == ObservationKind::Actual
            && o.period == period
            && o.locality.is_none()
            && o.group.is_none()
    });
    let Some(outturn) = outturn else {
        return Err(format!("no out-turn is held for {}", spend.year.label));
    };
    match outturn.parsed.figure() {
        Some(count) if count > 0.0 => Ok(spend.amount.as_f64() * 1000.0 / count),
        Some(_) => Err(format!(
            "the out-turn for {} is `{}`: nobody to divide by",
            spend.year.label, outturn.text
        )),
        None => Err(format!(
            "the out-turn for {} is `{}`, not a number",
            spend.year.label, outturn.text
        )),
    }
}

/// "£ per child supported" from "Number of children supported", or the stated unit.
pub fn unit_of(indicator: &Indicator) -> String {
    let title = indicator.title.trim();
    let lower = title.to_lowercase();
    let counted = ["number of ", "no. of "]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| title[p.len()..].trim()));
    let what = match counted {
        Some(rest) => singular_first_word(rest),
        None => indicator.unit.clone().unwrap_or_else(|| title.to_string()),
    };
    format!("£ per {what}")
}

/// The counted noun made singular (`children` → `child`, `young people` →
/// `young person`, `families` → `family`), the rest as written.
fn singular_first_word(phrase: &str) -> String {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let noun = words
        .iter()
        .position(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "young" | "looked" | "after" | "new"
            )
        })
        .unwrap_or(0);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| match i == noun {
            true => singular(w),
            false => (*w).to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn singular(word: &str) -> String {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "children" => "child".to_string(),
        "people" => "person".to_string(),
        _ if lower.ends_with("ies") => format!("{}y", &word[..word.len() - 3]),
        _ if lower.ends_with('s') && !lower.ends_with("ss") => word[..word.len() - 1].to_string(),
        _ => word.to_string(),
    }
}

//! The money and people behind a plan: budget tables by activity, the
//! staffing establishment and the reasons it moved, each checked against
//! the totals the council printed.
//!
//! Figures are exact ([`Amount`]); every one keeps the text it was read
//! from, and a printed total is never trusted over its rows nor its rows
//! over it: [`reconcile`] lists every difference for a person to settle.

mod amount;
mod checks;
mod links;
mod reconcile;
mod spend;
mod table;

pub use amount::Amount;
pub use checks::{fte_checks, year_on_year, Change, FteCheck, Threshold};
pub use links::{check_link, BudgetLink, LineRef, LinkRefusal, Share};
pub use reconcile::{reconcile, Discrepancy};
pub use spend::{
    outcome_spend, spend_years, unit_of, OutcomeSpend, SpendYear, UnitCost, YearSpend,
};
pub use table::{one_line, Column, Figure, ResourceRow, ResourceTable, RowKind, TableKind};

#[cfg(test)]
mod tests;

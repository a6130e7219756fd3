//! The money and people behind a plan: budget tables by activity, the
//! staffing establishment and the reasons it moved, each checked against
//! the totals the council printed.
//!
//! Figures are exact ([`Amount`]); every one keeps the text it was read
//! from, and a printed total is never trusted over its rows nor its rows
//! over it: [`reconcile`] lists every difference for a person to settle.

mod amount;
mod reconcile;
mod table;

pub use amount::Amount;
pub use reconcile::{reconcile, Discrepancy};
pub use table::{Column, Figure, ResourceRow, ResourceTable, RowKind, TableKind};

#[cfg(test)]
mod tests;

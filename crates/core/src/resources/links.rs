//! Budget lines linked to what they pay for: an outcome or objective of the
//! plan takes a share of a line, and the shares of one line never come to
//! more than the whole of it.

use std::fmt;

use serde::Serialize;

use super::{Amount, ResourceTable, RowKind, TableKind};

/// A budget line by where it stands: the table's place among the plan's
/// resource tables and the row's place in that table, with the label it had
/// when linked, so a later import that moved the line is noticed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineRef {
    pub table: usize,
    pub row: usize,
    pub label: String,
}

impl LineRef {
    /// The budget item this points at in `tables`, if it still holds the same label.
    pub fn find<'t>(&self, tables: &'t [ResourceTable]) -> Option<&'t ResourceTable> {
        let table = tables.get(self.table)?;
        let row = table.rows.get(self.row)?;
        (table.kind == TableKind::Budget && row.kind == RowKind::Item && row.label == self.label)
            .then_some(table)
    }
}

/// A percentage of a line, above nothing and at most the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Share(Amount);

const WHOLE: &str = "100";

impl Share {
    /// Reads `40`, `12.5` or `40%`.
    pub fn read(text: &str) -> Result<Share, LinkRefusal> {
        let refused = || LinkRefusal::NotAShare {
            text: text.to_string(),
        };
        let amount = Amount::read(text.trim().trim_end_matches('%')).ok_or_else(refused)?;
        let whole = Amount::read(WHOLE).ok_or_else(refused)?;
        if amount <= Amount::ZERO || amount > whole {
            return Err(refused());
        }
        Ok(Share(amount))
    }

    pub fn percent(self) -> Amount {
        self.0
    }

    /// `amount` × this share, exact to the thousandth (£1 in £000s), halves away from zero.
    pub fn of(self, amount: Amount) -> Amount {
        amount.scaled(self.0, 100)
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.to_string();
        let text = text.strip_suffix(".0").unwrap_or(&text);
        write!(f, "{text}%")
    }
}

/// A line's share given to one outcome or objective (by its code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetLink {
    pub id: i64,
    pub line: LineRef,
    pub node: String,
    pub share: Share,
}

/// Why a link was not made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefusal {
    #[error("`{text}` is not a share: give a percentage above 0 and at most 100, e.g. 40 or 12.5")]
    NotAShare { text: String },
    #[error("`{label}` is not an activity of a budget table, so it cannot be linked")]
    NotABudgetLine { label: String },
    #[error("`{label}` is already linked to {node}; remove that link to change its share")]
    AlreadyLinked { label: String, node: String },
    #[error("`{label}` already gives {given} to other outcomes and objectives; adding {share} would make {total}, more than the whole line")]
    OverWhole {
        label: String,
        given: String,
        share: String,
        total: String,
    },
}

/// Whether `share` of the line may go to `node` beside the links already held.
pub fn check_link(
    tables: &[ResourceTable],
    held: &[BudgetLink],
    line: &LineRef,
    node: &str,
    share: Share,
) -> Result<(), LinkRefusal> {
    if line.find(tables).is_none() {
        return Err(LinkRefusal::NotABudgetLine {
            label: line.label.clone(),
        });
    }
    let same_line: Vec<&BudgetLink> = held
        .iter()
        .filter(|l| (l.line.table, l.line.row) == (line.table, line.row))
        .collect();
    if same_line.iter().any(|l| l.node == node) {
        return Err(LinkRefusal::AlreadyLinked {
            label: line.label.clone(),
            node: node.to_string(),
        });
    }
    let given = Amount::sum(same_line.iter().map(|l| &l.share.0));
    let total = given + share.0;
    let whole = Amount::read(WHOLE).unwrap_or_default();
    if total > whole {
        let percent = |a: Amount| Share(a).to_string();
        return Err(LinkRefusal::OverWhole {
            label: line.label.clone(),
            given: percent(given),
            share: share.to_string(),
            total: percent(total),
        });
    }
    Ok(())
}

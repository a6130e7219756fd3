//! What a reader of the resource tables must not miss: the staffing
//! establishment that does not come to the budgets' FTE, and the lines that
//! moved most from one year to the next.

use serde::Serialize;

use super::spend::year_period;
use super::{Amount, ResourceRow, ResourceTable, RowKind, TableKind};

/// The establishment's grand total FTE against the budget tables' total FTE for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FteCheck {
    pub year: String,
    /// The establishment's total row: line, column (index into its columns), figure.
    pub staffing_line: usize,
    pub staffing_column: usize,
    pub staffing: Amount,
    /// The budget tables' total rows (line, title) and what their FTE come to.
    pub budget_lines: Vec<(usize, String)>,
    pub budget: Amount,
}

impl FteCheck {
    pub fn agrees(&self) -> bool {
        self.staffing == self.budget
    }

    pub fn difference(&self) -> Amount {
        self.staffing - self.budget
    }
}

/// The table's last total row, or its controllable totals when it printed no total.
fn total_row(table: &ResourceTable) -> Option<&ResourceRow> {
    let last = |kind: RowKind| table.rows.iter().rev().find(|r| r.kind == kind);
    last(RowKind::Total).or_else(|| last(RowKind::Subtotal))
}

/// For each year both the establishment and the budgets give an FTE total,
/// the two figures side by side (none when either kind of table is missing).
pub fn fte_checks(tables: &[ResourceTable]) -> Vec<FteCheck> {
    let Some(staffing) = tables.iter().find(|t| t.kind == TableKind::Staffing) else {
        return Vec::new();
    };
    let Some(grand) = staffing
        .rows
        .iter()
        .rev()
        .find(|r| r.kind == RowKind::Total)
    else {
        return Vec::new();
    };
    let budgets: Vec<&ResourceTable> = tables
        .iter()
        .filter(|t| t.kind == TableKind::Budget)
        .collect();
    let mut checks = Vec::new();
    for (year, staffing_key) in [
        (&staffing.previous_year, "previous_fte"),
        (&staffing.year, "fte"),
    ] {
        let Some(column) = TableKind::Staffing.column(staffing_key) else {
            continue;
        };
        let (Some(period), Some(figure)) = (year_period(year), grand.value(column)) else {
            continue;
        };
        let period = Some(period);
        let mut budget_lines = Vec::new();
        let mut budget = Amount::ZERO;
        for table in &budgets {
            let key = if year_period(&table.year) == period {
                "fte"
            } else if year_period(&table.previous_year) == period {
                "previous_fte"
            } else {
                continue;
            };
            let Some(row) = total_row(table) else {
                continue;
            };
            budget = budget + row.value_or_zero(TableKind::Budget.column(key).unwrap_or_default());
            budget_lines.push((row.line, table.title.clone()));
        }
        if budget_lines.is_empty() {
            continue;
        }
        checks.push(FteCheck {
            year: year.clone(),
            staffing_line: grand.line,
            staffing_column: column,
            staffing: figure,
            budget_lines,
            budget,
        });
    }
    checks
}

/// How big a move must be to be listed: a share of last year's figure, or
/// (for money) an amount in £000s, whichever is reached first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Threshold {
    pub percent: Amount,
    pub money: Amount,
}

impl Default for Threshold {
    /// 10%, or £100k.
    fn default() -> Self {
        Threshold {
            percent: Amount::read("10").unwrap_or_default(),
            money: Amount::read("100").unwrap_or_default(),
        }
    }
}

/// One line's figure last year and this year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub table: String,
    pub line: usize,
    pub label: String,
    /// The two columns compared, headed with their years.
    pub from_heading: String,
    pub to_heading: String,
    pub unit: &'static str,
    pub from: Amount,
    pub to: Amount,
    /// `None` when last year's figure was nothing.
    pub percent: Option<f64>,
}

impl Change {
    pub fn change(&self) -> Amount {
        self.to - self.from
    }
}

/// The pairs of columns compared in each kind of table: (last year, this year).
fn compared(kind: TableKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        TableKind::Budget => &[
            ("previous_controllable", "controllable"),
            ("previous_fte", "fte"),
        ],
        TableKind::Staffing => &[("previous_fte", "fte")],
        TableKind::Movements => &[],
    }
}

/// Every activity or service whose figure moved by the threshold or more,
/// money first, each kind largest move first.
pub fn year_on_year(tables: &[ResourceTable], threshold: Threshold) -> Vec<Change> {
    let mut changes = Vec::new();
    for table in tables {
        for &(from_key, to_key) in compared(table.kind) {
            let (Some(from_col), Some(to_col)) =
                (table.kind.column(from_key), table.kind.column(to_key))
            else {
                continue;
            };
            let unit = table.columns()[to_col].unit;
            let money = unit != "FTE";
            for row in table.rows.iter().filter(|r| r.kind == RowKind::Item) {
                let (Some(from), Some(to)) = (row.value(from_col), row.value(to_col)) else {
                    continue;
                };
                let moved = (to - from).abs();
                let percent =
                    (!from.is_zero()).then(|| moved.as_f64() * 100.0 / from.abs().as_f64());
                let by_share = match percent {
                    Some(p) => p >= threshold.percent.as_f64(),
                    None => !moved.is_zero(),
                };
                if moved.is_zero() || !(by_share || (money && moved >= threshold.money)) {
                    continue;
                }
                changes.push(Change {
                    table: table.title.clone(),
                    line: row.line,
                    label: row.label.clone(),
                    from_heading: table.heading(from_col),
                    to_heading: table.heading(to_col),
                    unit,
                    from,
                    to,
                    percent: percent.map(|p| if to < from { -p } else { p }),
                });
            }
        }
    }
    changes.sort_by(|a, b| {
        (a.unit == "FTE")
            .cmp(&(b.unit == "FTE"))
            .then(b.change().abs().cmp(&a.change().abs()))
    });
    changes
}

//! Every printed total checked against the rows it totals.

use serde::Serialize;

use super::{Amount, ResourceRow, ResourceTable, RowKind, TableKind};

/// A printed total that is not what its rows add up to, or could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discrepancy {
    /// The total's row as read (line or sheet row).
    pub line: usize,
    /// Index into the table kind's columns.
    pub column: usize,
    /// The column's heading with its year.
    pub heading: String,
    /// The total row's label.
    pub label: String,
    /// The total as printed; empty for a blank cell.
    pub printed: String,
    pub summed: Amount,
    /// What was added up, in words.
    pub rule: String,
}

/// Lists every printed total whose rows add up to something else. Blank
/// cells count as nothing; a total that is not a figure is always listed.
pub fn reconcile(table: &ResourceTable) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    let mut check = |row: &ResourceRow, column: usize, summed: Amount, rule: String| {
        let printed = row.figures.get(column).and_then(Option::as_ref);
        let agrees = match printed {
            None => summed.is_zero(),
            Some(figure) => figure.value == Some(summed),
        };
        if !agrees {
            found.push(Discrepancy {
                line: row.line,
                column,
                heading: table.heading(column),
                label: row.label.clone(),
                printed: printed.map(|f| f.text.clone()).unwrap_or_default(),
                summed,
                rule,
            });
        }
    };
    match table.kind {
        TableKind::Budget => budget(table, &mut check),
        TableKind::Staffing => staffing(table, &mut check),
        TableKind::Movements => column_totals(table, &mut check),
    }
    found
}

type Check<'c> = dyn FnMut(&ResourceRow, usize, Amount, String) + 'c;

fn sum_of(rows: &[&ResourceRow], column: usize) -> Amount {
    rows.iter()
        .fold(Amount::ZERO, |total, row| total + row.value_or_zero(column))
}

/// Budgets: controllable totals add up the activities above them; the
/// total cost of the unit adds the memorandum items to the controllable
/// totals; along a row, gross expenditure is the three costs and
/// controllable expenditure is gross less income.
fn budget(table: &ResourceTable, check: &mut Check) {
    let columns = table.columns().len();
    let mut items: Vec<&ResourceRow> = Vec::new();
    let mut memorandum: Vec<&ResourceRow> = Vec::new();
    let mut subtotal: Option<&ResourceRow> = None;
    for row in &table.rows {
        match row.kind {
            RowKind::Item => items.push(row),
            RowKind::Memorandum => memorandum.push(row),
            RowKind::Subtotal => {
                for column in 0..columns {
                    let rule = format!("the {} activities above it", items.len());
                    check(row, column, sum_of(&items, column), rule);
                }
                subtotal = Some(row);
                items.clear();
                memorandum.clear();
            }
            RowKind::Total => {
                for column in 0..columns {
                    let base = subtotal.map_or(sum_of(&items, column), |s| s.value_or_zero(column));
                    let rule = format!(
                        "the controllable totals and the {} memorandum items",
                        memorandum.len()
                    );
                    check(row, column, base + sum_of(&memorandum, column), rule);
                }
            }
        }
        if matches!(row.kind, RowKind::Item | RowKind::Subtotal) {
            along_a_budget_row(table.kind, row, check);
        }
    }
}

fn along_a_budget_row(kind: TableKind, row: &ResourceRow, check: &mut Check) {
    let at = |key: &str| kind.column(key).unwrap_or_default();
    let sum = |keys: &[&str]| {
        keys.iter()
            .fold(Amount::ZERO, |t, k| t + row.value_or_zero(at(k)))
    };
    let costs = ["employee_costs", "running_costs", "contracts_and_projects"];
    let net = ["gross_expenditure", "external_income", "internal_income"];
    check(
        row,
        at("gross_expenditure"),
        sum(&costs),
        "employee costs, running costs and contracts & projects".to_string(),
    );
    check(
        row,
        at("controllable"),
        sum(&net),
        "gross expenditure and external and internal income".to_string(),
    );
}

/// The staffing establishment: along every row the difference is this
/// year's FTE less last year's; the total adds up the services, and the
/// portfolios' totals too when they are printed.
fn staffing(table: &ResourceTable, check: &mut Check) {
    let previous = TableKind::Staffing
        .column("previous_fte")
        .unwrap_or_default();
    let current = TableKind::Staffing.column("fte").unwrap_or_default();
    let difference = TableKind::Staffing.column("difference").unwrap_or_default();
    for row in &table.rows {
        let moved = row.value_or_zero(current) - row.value_or_zero(previous);
        check(
            row,
            difference,
            moved,
            "this year's FTE less last year's".to_string(),
        );
    }
    column_totals(table, check);
    let subtotals: Vec<&ResourceRow> = of_kind(table, RowKind::Subtotal);
    if subtotals.is_empty() {
        return;
    }
    for total in of_kind(table, RowKind::Total) {
        for column in 0..table.columns().len() {
            let rule = format!("the {} portfolio totals", subtotals.len());
            check(total, column, sum_of(&subtotals, column), rule);
        }
    }
}

/// Each total adds up every item of the table.
fn column_totals(table: &ResourceTable, check: &mut Check) {
    let items = of_kind(table, RowKind::Item);
    for total in of_kind(table, RowKind::Total) {
        for column in 0..table.columns().len() {
            let rule = format!("the {} rows above it", items.len());
            check(total, column, sum_of(&items, column), rule);
        }
    }
}

fn of_kind(table: &ResourceTable, kind: RowKind) -> Vec<&ResourceRow> {
    table.rows.iter().filter(|r| r.kind == kind).collect()
}

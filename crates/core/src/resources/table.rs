//! Resource tables as the council printed them: rows of labelled figures.

use serde::{Deserialize, Serialize};

use super::Amount;

/// Which of the business plan's resource tables this is; it fixes the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Budget lines by activity: FTE, costs, income, controllable expenditure.
    Budget,
    /// The staffing establishment: FTE by service, year on year.
    Staffing,
    /// The justification of the establishment's movement.
    Movements,
}

/// One column of figures: a stable key, what the table calls it, and its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    /// `previous` columns are of the year before the table's year.
    pub previous: bool,
    pub heading: &'static str,
    pub unit: &'static str,
}

const MONEY: &str = "£000s";
const FTE: &str = "FTE";

const fn column(
    key: &'static str,
    previous: bool,
    heading: &'static str,
    unit: &'static str,
) -> Column {
    Column {
        key,
        previous,
        heading,
        unit,
    }
}

const BUDGET: [Column; 10] = [
    column(
        "previous_controllable",
        true,
        "Controllable Expenditure",
        MONEY,
    ),
    column("previous_fte", true, "FTE", FTE),
    column("fte", false, "FTE", FTE),
    column("employee_costs", false, "Employee Costs", MONEY),
    column("running_costs", false, "Running Costs", MONEY),
    column(
        "contracts_and_projects",
        false,
        "Contracts & Projects",
        MONEY,
    ),
    column("gross_expenditure", false, "Gross Expenditure", MONEY),
    column("external_income", false, "External Income", MONEY),
    column("internal_income", false, "Internal Income", MONEY),
    column("controllable", false, "Controllable Expenditure", MONEY),
];

const STAFFING: [Column; 3] = [
    column("previous_fte", true, "FTE", FTE),
    column("fte", false, "FTE", FTE),
    column("difference", false, "Difference", FTE),
];

const MOVEMENTS: [Column; 1] = [column("number", false, "Number", FTE)];

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Budget, TableKind::Staffing, TableKind::Movements];

    pub fn columns(self) -> &'static [Column] {
        match self {
            TableKind::Budget => &BUDGET,
            TableKind::Staffing => &STAFFING,
            TableKind::Movements => &MOVEMENTS,
        }
    }

    /// The column's index by key.
    pub fn column(self, key: &str) -> Option<usize> {
        self.columns().iter().position(|c| c.key == key)
    }

    pub fn name(self) -> &'static str {
        match self {
            TableKind::Budget => "budget",
            TableKind::Staffing => "staffing",
            TableKind::Movements => "movements",
        }
    }

    pub fn from_name(name: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What a row is to the totals below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// An activity, a service or a reason: what totals add up.
    Item,
    /// Below the controllable totals (overheads, capital charges).
    Memorandum,
    /// A printed total of items (`Controllable Totals`, a portfolio's total).
    Subtotal,
    /// The table's last word (`Total Cost of Unit`, the directorate's total).
    Total,
}

impl RowKind {
    pub const ALL: [RowKind; 4] = [
        RowKind::Item,
        RowKind::Memorandum,
        RowKind::Subtotal,
        RowKind::Total,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RowKind::Item => "item",
            RowKind::Memorandum => "memorandum",
            RowKind::Subtotal => "subtotal",
            RowKind::Total => "total",
        }
    }

    pub fn from_name(name: &str) -> Option<RowKind> {
        RowKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A printed figure: the text as written beside the exact value read from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub text: String,
    /// `None` when the text is not a figure (a sign whose digits were lost).
    pub value: Option<Amount>,
}

/// Printed text on one line: a sign printed apart from its digits reads as
/// one figure again (`-\n1,870.2` as `-1,870.2`).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect()
}

impl Figure {
    pub fn read(text: &str) -> Figure {
        Figure {
            text: text.to_string(),
            value: Amount::read(text),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRow {
    /// Where the row was read (1-based line or sheet row); 0 when entered.
    pub line: usize,
    pub kind: RowKind,
    /// The activity, service or reason; empty where the council left it blank.
    pub label: String,
    /// Who answers for the line (a budget's cabinet member); may be empty.
    #[serde(default)]
    pub owner: String,
    /// One per column of the table's kind; `None` for a blank cell.
    pub figures: Vec<Option<Figure>>,
}

impl ResourceRow {
    /// The value in a column; a blank cell or one that is not a figure has none.
    pub fn value(&self, column: usize) -> Option<Amount> {
        self.figures.get(column)?.as_ref()?.value
    }

    /// A blank cell adds nothing to a sum.
    pub fn value_or_zero(&self, column: usize) -> Amount {
        self.value(column).unwrap_or(Amount::ZERO)
    }
}

/// One resource table of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceTable {
    pub kind: TableKind,
    /// The portfolio of a budget, or the table's own title.
    pub title: String,
    /// The year the table sets (`2009-10`) and the one it compares with.
    pub year: String,
    pub previous_year: String,
    pub rows: Vec<ResourceRow>,
}

impl ResourceTable {
    pub fn columns(&self) -> &'static [Column] {
        self.kind.columns()
    }

    /// The heading of a column with its year, as a person reads it.
    pub fn heading(&self, column: usize) -> String {
        let spec = self.columns()[column];
        let year = if spec.previous {
            &self.previous_year
        } else {
            &self.year
        };
        if year.is_empty() {
            spec.heading.to_string()
        } else {
            format!("{year} {}", spec.heading)
        }
    }
}

//! A plan's budget and staffing tables in the canonical format: one table,
//! `resources` (`resources.csv`, or a `resources` worksheet), one row per row
//! of each printed table, the printed table's own fields repeated on each of
//! its rows. Figures are written exactly as printed, so reading them back
//! gives the same text and the same exact values.

use std::collections::HashMap;

use trustboard_core::resources::{Figure, ResourceRow, ResourceTable, RowKind, TableKind};

use super::decode::{Grid, GridRow};
use crate::ImportError;

/// The table's name: the CSV file stem and the worksheet name.
pub const RESOURCES: &str = "resources";

/// Headings before the figures; then every figure column of every kind of table, by key.
const FIELDS: [&str; 9] = [
    "table",
    "kind",
    "title",
    "year",
    "previous_year",
    "line",
    "row_kind",
    "label",
    "owner",
];
const REQUIRED: [&str; 3] = ["table", "kind", "row_kind"];

/// Every figure column's key once, in the order the kinds list them.
fn figure_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for kind in TableKind::ALL {
        for column in kind.columns() {
            if !keys.contains(&column.key) {
                keys.push(column.key);
            }
        }
    }
    keys
}

pub fn headings() -> Vec<&'static str> {
    FIELDS.iter().copied().chain(figure_keys()).collect()
}

/// Whether a header row is this table's: its required headings are all there.
pub(crate) fn recognise<S: AsRef<str>>(headings: &[S]) -> bool {
    REQUIRED.iter().all(|r| {
        headings
            .iter()
            .any(|h| h.as_ref().trim().eq_ignore_ascii_case(r))
    })
}

/// The rows of every table, in [`headings`] order. A table with no rows
/// still has one line, with its row kind blank, so it comes back.
pub fn rows(tables: &[ResourceTable]) -> Vec<Vec<String>> {
    let keys = figure_keys();
    let mut out = Vec::new();
    for (number, table) in (1..).zip(tables) {
        let head = |line: String, kind: &str, label: &str, owner: &str| {
            vec![
                number.to_string(),
                table.kind.name().to_string(),
                table.title.clone(),
                table.year.clone(),
                table.previous_year.clone(),
                line,
                kind.to_string(),
                label.to_string(),
                owner.to_string(),
            ]
        };
        if table.rows.is_empty() {
            let mut cells = head(String::new(), "", "", "");
            cells.extend(keys.iter().map(|_| String::new()));
            out.push(cells);
        }
        for row in &table.rows {
            let mut cells = head(
                row.line.to_string(),
                row.kind.name(),
                &row.label,
                &row.owner,
            );
            cells.extend(keys.iter().map(|key| {
                table
                    .kind
                    .column(key)
                    .and_then(|c| row.figures.get(c)?.as_ref())
                    .map(|f| f.text.clone())
                    .unwrap_or_default()
            }));
            out.push(cells);
        }
    }
    out
}

/// One row's cells by heading, for reading and for naming a refused cell.
struct Cells<'a> {
    file: &'a str,
    row: &'a GridRow,
    columns: &'a HashMap<String, usize>,
}

impl Cells<'_> {
    fn get(&self, heading: &str) -> &str {
        self.columns
            .get(heading)
            .and_then(|&i| self.row.cells.get(i))
            .map_or("", String::as_str)
    }

    fn refuse(&self, heading: &str, message: String) -> ImportError {
        ImportError {
            file: self.file.to_string(),
            line: self.row.line,
            column: self.columns.get(heading).map_or(0, |i| i + 1),
            field: Some(heading.to_string()),
            text: Some(self.get(heading).to_string()),
            message,
        }
    }
}

/// Where each heading is, refusing one that is not a column or is missing.
fn layout(grid: &Grid) -> Result<HashMap<String, usize>, ImportError> {
    let known = headings();
    let mut columns = HashMap::new();
    for (index, raw) in grid.headings.iter().enumerate() {
        let name = raw.trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let refuse = |message: String| ImportError {
            file: grid.file.clone(),
            line: grid.header_line,
            column: index + 1,
            field: Some(raw.clone()),
            text: None,
            message,
        };
        if !known.contains(&name.as_str()) {
            return Err(refuse(format!(
                "`{raw}` is not a column of the resources table; its headings are {}",
                known.join(", ")
            )));
        }
        if columns.insert(name, index).is_some() {
            return Err(refuse(format!("the heading `{raw}` appears twice")));
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|r| !columns.contains_key(**r)) {
        return Err(ImportError {
            file: grid.file.clone(),
            line: grid.header_line,
            column: 0,
            field: Some(missing.to_string()),
            text: None,
            message: format!("the resources table needs a `{missing}` column"),
        });
    }
    Ok(columns)
}

/// Reads the resources table back into the plan's tables, in the order of their numbers.
pub(crate) fn decode(grid: &Grid) -> Result<Vec<ResourceTable>, ImportError> {
    let columns = layout(grid)?;
    let keys = figure_keys();
    let mut tables: Vec<ResourceTable> = Vec::new();
    for row in &grid.rows {
        let cells = Cells {
            file: &grid.file,
            row,
            columns: &columns,
        };
        let number: usize = cells.get("table").trim().parse().map_err(|_| {
            cells.refuse(
                "table",
                "the table's number must be a whole number from 1".to_string(),
            )
        })?;
        let kind = TableKind::from_name(cells.get("kind")).ok_or_else(|| {
            cells.refuse(
                "kind",
                "the kind of table must be budget, staffing or movements".to_string(),
            )
        })?;
        let table = ResourceTable {
            kind,
            title: cells.get("title").to_string(),
            year: cells.get("year").to_string(),
            previous_year: cells.get("previous_year").to_string(),
            rows: Vec::new(),
        };
        if number == tables.len() + 1 {
            tables.push(table.clone());
        } else if number != tables.len() || number == 0 {
            return Err(cells.refuse(
                "table",
                format!(
                    "tables are numbered 1, 2, 3 … with each table's rows together; table {} was expected here",
                    tables.len() + 1
                ),
            ));
        }
        let current = tables
            .last_mut()
            .ok_or_else(|| cells.refuse("table", "tables are numbered from 1".to_string()))?;
        for (field, mine, theirs) in [
            ("kind", current.kind.name(), kind.name()),
            ("title", current.title.as_str(), table.title.as_str()),
            ("year", current.year.as_str(), table.year.as_str()),
            (
                "previous_year",
                current.previous_year.as_str(),
                table.previous_year.as_str(),
            ),
        ] {
            if mine != theirs {
                return Err(cells.refuse(
                    field,
                    format!("every row of table {number} must give its {field} as `{mine}`"),
                ));
            }
        }
        if let Some(read) = read_row(&cells, kind, &keys)? {
            current.rows.push(read);
        }
    }
    Ok(tables)
}

/// A row of a table, or `None` for the line that only declares a table with no rows.
fn read_row(
    cells: &Cells,
    kind: TableKind,
    keys: &[&'static str],
) -> Result<Option<ResourceRow>, ImportError> {
    let row_kind = cells.get("row_kind");
    if row_kind.is_empty() {
        let filled = ["line", "label", "owner"]
            .iter()
            .chain(keys)
            .find(|h| !cells.get(h).is_empty());
        return match filled {
            None => Ok(None),
            Some(heading) => Err(cells.refuse(
                "row_kind",
                format!("a row with `{heading}` filled needs its row kind: item, memorandum, subtotal or total"),
            )),
        };
    }
    let row_kind = RowKind::from_name(row_kind).ok_or_else(|| {
        cells.refuse(
            "row_kind",
            "the row kind must be item, memorandum, subtotal or total".to_string(),
        )
    })?;
    let line_text = cells.get("line").trim();
    let line = match line_text {
        "" => 0,
        text => text.parse().map_err(|_| {
            cells.refuse(
                "line",
                "the line must be a whole number (0 or blank when entered)".to_string(),
            )
        })?,
    };
    let mut figures = vec![None; kind.columns().len()];
    for key in keys {
        let text = cells.get(key);
        if text.is_empty() {
            continue;
        }
        let column = kind.column(key).ok_or_else(|| {
            cells.refuse(
                key,
                format!(
                    "a {} table has no `{key}` column; leave it blank",
                    kind.name()
                ),
            )
        })?;
        figures[column] = Some(Figure::read(text));
    }
    Ok(Some(ResourceRow {
        line,
        kind: row_kind,
        label: cells.get("label").to_string(),
        owner: cells.get("owner").to_string(),
        figures,
    }))
}

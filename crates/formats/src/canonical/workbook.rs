//! The canonical format as one XLSX workbook: a worksheet per table, named
//! after the table, with the same headings as the CSV files.

use calamine::Data;
use rust_xlsxwriter::{Format, Workbook};
use trustboard_core::model::PlanDocument;
use trustboard_core::resources::ResourceTable;

use super::decode::{decode, Grid, GridRow};
use super::encode::rows;
use super::partial::Partial;
use super::resources;
use super::schema::{Column, Table};
use crate::workbook_reader::{read_worksheets, Worksheet};
use crate::{ExportError, ImportError};

/// Columns holding prose get room to be read; the rest stay narrow.
fn column_width(heading: &str) -> f64 {
    match heading {
        "title" | "text" | "definition" | "parsed" | "label" => 60.0,
        _ => 16.0,
    }
}

/// The workbook as bytes. Every cell is written as text, so Excel keeps
/// `2010/11`, `1.1` and `007` as they are; the header row is frozen.
/// The plan's budget and staffing tables, when it has any, are one more
/// worksheet, `resources`.
pub fn xlsx_bytes(doc: &PlanDocument, tables: &[ResourceTable]) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for table in Table::ALL {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name())?;
        for (column, heading) in (0u16..).zip(table.headings()) {
            sheet.write_string_with_format(0, column, heading, &bold)?;
            sheet.set_column_width(column, column_width(heading))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (row, cells) in (1u32..).zip(rows(doc, table)) {
            for ((column, info), cell) in (0u16..).zip(table.columns()).zip(cells) {
                if !cell.is_empty() {
                    sheet.write_string(row, column, fit_cell(table, info, row, cell)?)?;
                }
            }
        }
    }
    if !tables.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(resources::RESOURCES)?;
        for (column, heading) in (0u16..).zip(resources::headings()) {
            sheet.write_string_with_format(0, column, heading, &bold)?;
            sheet.set_column_width(column, column_width(heading))?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (row, cells) in (1u32..).zip(resources::rows(tables)) {
            for (column, cell) in (0u16..).zip(cells) {
                if !cell.is_empty() {
                    sheet.write_string(row, column, cell)?;
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// The most characters an XLSX cell can hold.
const CELL_LIMIT: usize = 32_767;

/// Informative cells are cut to fit; cutting anything else would lose text,
/// so it is refused.
fn fit_cell(table: Table, column: &Column, row: u32, cell: String) -> Result<String, ExportError> {
    let length = cell.chars().count();
    if length <= CELL_LIMIT {
        Ok(cell)
    } else if column.informative {
        Ok(cell.chars().take(CELL_LIMIT).collect())
    } else {
        Err(ExportError::Unsupported(format!(
            "the {} of {} {row} is {length} characters long, more than the {CELL_LIMIT} an XLSX cell can \
             hold; export as CSV or JSON instead",
            column.heading,
            table.row_noun(),
        )))
    }
}

/// Reads a workbook. Every worksheet must be named after a table.
pub(crate) fn read_xlsx(file: &str, bytes: &[u8]) -> Result<Partial, ImportError> {
    let sheets = read_worksheets(file, bytes)?;
    let mut partial = Partial::default();
    if sheets.is_empty() {
        return Err(ImportError::whole_file(
            file,
            "the workbook has no worksheets",
        ));
    }
    for Worksheet { name, cells: range } in sheets {
        let sheet_file = format!("{file} (sheet {name})");
        if name.trim().eq_ignore_ascii_case(resources::RESOURCES) {
            if let Some(grid) = grid(&sheet_file, &range)? {
                partial.resources.extend(resources::decode(&grid)?);
            }
            continue;
        }
        let table = Table::from_name(&name).ok_or_else(|| {
            let tables: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
            ImportError::whole_file(
                &sheet_file,
                format!(
                    "`{name}` is not a table of the canonical format; name worksheets {}",
                    tables.join(", ")
                ),
            )
        })?;
        let grid = grid(&sheet_file, &range)?;
        match grid {
            Some(grid) => partial.absorb(decode(&grid, table)?)?,
            None if table == Table::Plan => {
                return Err(ImportError::whole_file(
                    &sheet_file,
                    "the plan worksheet is empty",
                ));
            }
            None => partial.tables.insert(table),
        }
    }
    Ok(partial)
}

/// The worksheet's cells as text, with 1-based row numbers as Excel shows
/// them. `None` for a worksheet with nothing in it. Wholly blank rows are skipped.
pub(crate) fn grid(file: &str, range: &calamine::Range<Data>) -> Result<Option<Grid>, ImportError> {
    let Some((first_row, first_column)) = range.start() else {
        return Ok(None);
    };
    let first_row = first_row as usize + 1;
    let first_column = first_column as usize;
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let line = first_row + offset;
        // Cells left of the used range are blank: keep column positions as Excel numbers them.
        let mut texts = vec![String::new(); first_column];
        for (index, cell) in cells.iter().enumerate() {
            texts.push(cell_text(cell).map_err(|message| ImportError {
                file: file.to_string(),
                line,
                column: first_column + index + 1,
                field: None,
                text: Some(cell.to_string()),
                message,
            })?);
        }
        if texts.iter().any(|t| !t.is_empty()) {
            rows.push(GridRow { line, cells: texts });
        }
    }
    let mut rows = rows.into_iter();
    let Some(header) = rows.next() else {
        return Ok(None);
    };
    Ok(Some(Grid {
        file: file.to_string(),
        header_line: header.line,
        headings: header.cells,
        rows: rows.collect(),
    }))
}

/// A cell as text. Cells that Excel turned into numbers or dates are written
/// back the way Excel shows them plainly (`12`, `2012-03-31`).
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.date().to_string(),
            Some(at) => at.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => moment.as_f64().to_string(),
        },
        Data::Error(error) => return Err(format!("the cell holds the spreadsheet error {error}")),
    })
}

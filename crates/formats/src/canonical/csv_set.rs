//! The canonical format as CSV: one file per table, named after the table.

use std::fs;
use std::path::Path;

use trustboard_core::model::PlanDocument;
use trustboard_core::resources::ResourceTable;

use super::decode::{decode, Grid, GridRow};
use super::encode::rows;
use super::partial::Partial;
use super::resources;
use super::schema::Table;
use crate::{ExportError, ImportError};

/// Writes every table, headings included, into `dir` (created if need be),
/// and `resources.csv` when the plan has budget or staffing tables.
pub fn write_csv_dir(
    doc: &PlanDocument,
    tables: &[ResourceTable],
    dir: &Path,
) -> Result<(), ExportError> {
    fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for table in Table::ALL {
        let path = dir.join(table.file_name());
        let bytes = table_csv(doc, table)?;
        fs::write(&path, bytes).map_err(|source| ExportError::Io { path, source })?;
    }
    if !tables.is_empty() {
        let path = dir.join(format!("{}.csv", resources::RESOURCES));
        let bytes = csv_bytes(&resources::headings(), resources::rows(tables))?;
        fs::write(&path, bytes).map_err(|source| ExportError::Io { path, source })?;
    }
    Ok(())
}

/// One table as CSV bytes (UTF-8, `\n` line ends, fields quoted where needed).
pub fn table_csv(doc: &PlanDocument, table: Table) -> Result<Vec<u8>, ExportError> {
    csv_bytes(&table.headings(), rows(doc, table))
}

fn csv_bytes(headings: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headings)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))
}

/// Reads one CSV file. The table is recognised from the header row, or
/// failing that from the file's name (so a wrong header gets a message about
/// that table's columns).
pub(crate) fn read_csv(
    file: &str,
    text: &str,
    named: Option<Table>,
) -> Result<Partial, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(ImportError::whole_file(file, "the file is empty")),
        Some(record) => record.map_err(|e| csv_error(file, e))?,
    };
    let headings: Vec<String> = header.iter().map(str::to_string).collect();
    let header_line = header.position().map_or(1, |p| p.line() as usize);
    let table = match resources::recognise(&headings) {
        true => None,
        false => Some(
            Table::recognise(&headings)
                .or(named)
                .ok_or_else(|| unrecognised(file, &headings, header_line))?,
        ),
    };
    let mut grid = Grid {
        file: file.to_string(),
        header_line,
        headings,
        rows: Vec::new(),
    };
    for record in records {
        let record = record.map_err(|e| csv_error(file, e))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        grid.rows.push(GridRow {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    match table {
        Some(table) => decode(&grid, table),
        None => Ok(Partial {
            resources: resources::decode(&grid)?,
            ..Partial::default()
        }),
    }
}

fn unrecognised(file: &str, headings: &[String], line: usize) -> ImportError {
    let expected: Vec<String> = Table::ALL
        .iter()
        .map(|t| format!("{} ({})", t.file_name(), t.headings().join(", ")))
        .collect();
    ImportError {
        file: file.to_string(),
        line,
        column: 0,
        field: None,
        text: Some(headings.join(",")),
        message: format!(
            "the header row is not that of a canonical table; the tables and their headings are: {}",
            expected.join("; ")
        ),
    }
}

fn csv_error(file: &str, error: csv::Error) -> ImportError {
    let line = error.position().map_or(0, |p| p.line() as usize);
    let message = format!("cannot read this CSV: {error}");
    ImportError {
        file: file.to_string(),
        line,
        column: 0,
        field: None,
        text: None,
        message,
    }
}

//! The register's tables as CSV files in one directory.

use std::fs;
use std::path::Path;

use super::{read_tables, table_cells, RegisterTables, Row, TableSpec, TABLES};
use crate::{ExportError, ImportError};

/// Reads `dir/name`, whose header row must be `headings`.
fn read_rows(dir: &Path, (name, headings): TableSpec) -> Result<Vec<Row>, ImportError> {
    let path = dir.join(name);
    let text = fs::read_to_string(&path)
        .map_err(|error| ImportError::whole_file(name, format!("cannot read it: {error}")))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| ImportError {
            line: error.position().map_or(0, |p| p.line() as usize),
            ..ImportError::whole_file(name, format!("cannot read this CSV: {error}"))
        })?;
        let line = record.position().map_or(index + 1, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if index == 0 {
            if cells.iter().map(|c| c.trim()).ne(headings.iter().copied()) {
                return Err(ImportError {
                    line,
                    text: Some(cells.join(",")),
                    ..ImportError::whole_file(
                        name,
                        format!("the header row must be: {}", headings.join(",")),
                    )
                });
            }
            continue;
        }
        if cells.len() != headings.len() {
            return Err(ImportError {
                line,
                ..ImportError::whole_file(
                    name,
                    format!(
                        "the row has {} cells; {} are expected",
                        cells.len(),
                        headings.len()
                    ),
                )
            });
        }
        rows.push(Row {
            file: name.to_string(),
            line,
            headings,
            cells,
        });
    }
    Ok(rows)
}

/// Reads the four tables from the CSV files in `dir`. `organisation` is the
/// partnership whose register they are.
pub fn read_register_dir(dir: &Path, organisation: &str) -> Result<RegisterTables, ImportError> {
    read_tables(|table| read_rows(dir, table), organisation)
}

fn write_table(
    dir: &Path,
    (name, headings): TableSpec,
    rows: Vec<Vec<String>>,
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headings)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| ExportError::Unsupported(error.to_string()))?;
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(|source| ExportError::Io { path, source })
}

/// Writes the four tables into `dir` (created if need be).
pub fn write_register_dir(tables: &RegisterTables, dir: &Path) -> Result<(), ExportError> {
    fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for (table, rows) in TABLES.into_iter().zip(table_cells(tables)?) {
        write_table(dir, table, rows)?;
    }
    Ok(())
}

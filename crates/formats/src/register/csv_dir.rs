//! The register's tables as CSV files in one directory.

use std::fs;
use std::path::Path;

use trustboard_core::spreadsheet::{protect_cell, restore_cell};

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
        // Cells were protected from spreadsheets when written; undo exactly that.
        let cells: Vec<String> = record
            .iter()
            .map(|cell| restore_cell(cell).to_string())
            .collect();
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
    // People open these files in spreadsheets, and notes are free text.
    for row in rows {
        writer.write_record(row.iter().map(|cell| protect_cell(cell).into_owned()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_is_protected_and_reads_back_as_written() {
        let mut tables = super::super::workbook::tests::tables();
        for (child, name) in tables.children.iter_mut().zip(["=1+2"]) {
            child.child.name = name.into();
            child.child.setting = Some("'quoted".into());
        }
        let dir = tempfile::tempdir().expect("a directory");
        write_register_dir(&tables, dir.path()).expect("written");
        let children = fs::read_to_string(dir.path().join("children.csv")).expect("children.csv");
        assert!(children.contains(",'=1+2,"), "{children}");
        let read = read_register_dir(dir.path(), "Kingston").expect("reads back");
        assert_eq!(read.children, tables.children);
    }
}

//! The register's tables as one XLSX workbook, a sheet per table named as
//! the CSV file without `.csv` (`agencies`, `practitioners`, `children`,
//! `steps`), with the same headings and cells.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::{read_tables, sheet_name, table_cells, RegisterTables, Row, TableSpec, TABLES};
use crate::canonical::{sheet_grid, Grid};
use crate::workbook_reader::read_worksheets;
use crate::{ExportError, ImportError};

/// One sheet's rows under its header row, which must be the table's headings.
fn sheet_rows(grid: Grid, headings: &'static [&'static str]) -> Result<Vec<Row>, ImportError> {
    let found: Vec<&str> = grid.headings.iter().map(|h| h.trim()).collect();
    let used = found
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    if found[..used] != *headings {
        return Err(ImportError {
            line: grid.header_line,
            text: Some(found[..used].join(",")),
            ..ImportError::whole_file(
                &grid.file,
                format!("the header row must be: {}", headings.join(",")),
            )
        });
    }
    grid.rows
        .into_iter()
        .map(|row| {
            let mut cells = row.cells;
            if let Some(extra) = cells
                .iter()
                .skip(headings.len())
                .position(|c| !c.is_empty())
            {
                let column = headings.len() + extra;
                return Err(ImportError {
                    file: grid.file.clone(),
                    line: row.line,
                    column: column + 1,
                    field: None,
                    text: Some(cells[column].clone()),
                    message: format!(
                        "this cell is right of the table's {} columns; remove it",
                        headings.len()
                    ),
                });
            }
            cells.resize(headings.len(), String::new());
            Ok(Row {
                file: grid.file.clone(),
                line: row.line,
                headings,
                cells,
            })
        })
        .collect()
}

/// Reads the four tables from the workbook `bytes`, named `file` in messages.
/// Dates may be typed as Excel dates or written as `YYYY-MM-DD` text.
pub fn read_register_xlsx(
    file: &str,
    bytes: &[u8],
    organisation: &str,
) -> Result<RegisterTables, ImportError> {
    let sheets = read_worksheets(file, bytes)?;
    let expected: Vec<&str> = TABLES.into_iter().map(sheet_name).collect();
    if let Some(stray) = sheets
        .iter()
        .map(|sheet| &sheet.name)
        .find(|name| !expected.contains(&name.as_str()))
    {
        return Err(ImportError::whole_file(
            file,
            format!(
                "`{stray}` is not a register table; the sheets are {}",
                expected.join(", ")
            ),
        ));
    }
    read_tables(
        |table: TableSpec| {
            let name = sheet_name(table);
            let sheet_file = format!("{file} (sheet {name})");
            let range = sheets
                .iter()
                .find(|sheet| sheet.name == name)
                .map(|sheet| &sheet.cells)
                .ok_or_else(|| {
                    ImportError::whole_file(
                        file,
                        format!(
                            "the workbook has no sheet `{name}`; it needs {}",
                            expected.join(", ")
                        ),
                    )
                })?;
            match sheet_grid(&sheet_file, range)? {
                Some(grid) => sheet_rows(grid, table.1),
                None => Err(ImportError::whole_file(
                    &sheet_file,
                    format!(
                        "the sheet is empty; its first row must be: {}",
                        table.1.join(",")
                    ),
                )),
            }
        },
        organisation,
    )
}

/// Reads the workbook at `path`.
pub fn read_register_xlsx_file(
    path: &Path,
    organisation: &str,
) -> Result<RegisterTables, ImportError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|error| ImportError::whole_file(&file, format!("cannot read it: {error}")))?;
    read_register_xlsx(&file, &bytes, organisation)
}

/// The four tables as a workbook. Every cell is written as text, so dates
/// and references come back exactly as they went out.
pub fn register_xlsx_bytes(tables: &RegisterTables) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for (table, rows) in TABLES.into_iter().zip(table_cells(tables)?) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(table))?;
        for (column, heading) in (0u16..).zip(table.1.iter()) {
            sheet.write_string_with_format(0, column, *heading, &bold)?;
            sheet.set_column_width(column, if *heading == "details" { 80.0 } else { 16.0 })?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (row, cells) in (1u32..).zip(rows) {
            for (column, cell) in (0u16..).zip(cells) {
                if !cell.is_empty() {
                    sheet.write_string(row, column, cell)?;
                }
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
pub(super) mod tests {
    use std::io::Cursor;

    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    use chrono::NaiveDate;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    use trustboard_core::register::{
        Agency, AgencyId, Child, ChildFlags, ChildId, Concern, Gender, Practitioner,
        PractitionerId, Step,
    };

    use super::*;
    use crate::register::{ChildEntry, StepEntry};

    const ORG: &str = "Kingston";

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    /// One of each table's rows, as a small register holds them.
    pub(in crate::register) fn tables() -> RegisterTables {
        let child = Child {
            id: ChildId::new("K1"),
            organisation: ORG.into(),
            name: "Amelia Smith".into(),
            date_of_birth: Some(day("2004-05-06")),
            gender: Gender::Female,
            ethnicity: None,
            setting: Some("Burlington Juniors".into()),
            locality: Some("Surbiton".into()),
            family: Some("F1".into()),
            flags: ChildFlags {
                free_school_meals: true,
                ..ChildFlags::default()
            },
        };
        RegisterTables {
            agencies: vec![Agency {
                id: AgencyId::new("school"),
                name: "Schools".into(),
                organisation: ORG.into(),
            }],
            practitioners: vec![Practitioner {
                id: PractitionerId::new("t1"),
                name: "Ms Brown".into(),
                agency: AgencyId::new("school"),
            }],
            children: vec![ChildEntry {
                child,
                opened: day("2010-04-12"),
            }],
            steps: vec![StepEntry {
                file: "register.xlsx (sheet steps)".into(),
                line: 2,
                child: ChildId::new("K1"),
                step: Step::RecordConcern(Concern {
                    date: day("2010-04-12"),
                    raised_by: "Ms Brown".into(),
                    agency: AgencyId::new("school"),
                    description: "Late and hungry".into(),
                    suggested_level: None,
                }),
            }],
        }
    }

    #[test]
    fn a_written_workbook_reads_back_as_the_same_tables() {
        let bytes = register_xlsx_bytes(&tables()).expect("a workbook");
        let read = read_register_xlsx("register.xlsx", &bytes, ORG).expect("it reads back");
        assert_eq!(read, tables());
    }

    /// A workbook as a council might type it: `children` with its dates
    /// typed as Excel dates, the other sheets as exported.
    fn typed_workbook(opened: Option<&str>) -> Vec<u8> {
        let exported = register_xlsx_bytes(&tables()).expect("a workbook");
        let mut source: Xlsx<_> = open_workbook_from_rs(Cursor::new(exported)).expect("reads");
        let mut workbook = Workbook::new();
        let date_format = Format::new().set_num_format("dd/mm/yyyy");
        for table in TABLES {
            let name = sheet_name(table);
            let range = source.worksheet_range(name).expect("the sheet");
            let sheet = workbook.add_worksheet();
            sheet.set_name(name).expect("a name");
            for (row, cells) in (0u32..).zip(range.rows()) {
                for (column, cell) in (0u16..).zip(cells) {
                    let text = cell.to_string();
                    let heading = table.1[usize::from(column)];
                    let is_date = row > 0 && (heading == "date_of_birth" || heading == "opened");
                    let text = match (heading, opened) {
                        ("opened", Some(bad)) if row > 0 => bad.to_string(),
                        _ => text,
                    };
                    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                        Ok(date) if is_date => {
                            let typed = ExcelDateTime::parse_from_str(&date.to_string())
                                .expect("an Excel date");
                            sheet
                                .write_datetime_with_format(row, column, &typed, &date_format)
                                .expect("written");
                        }
                        _ => {
                            sheet.write_string(row, column, &text).expect("written");
                        }
                    }
                }
            }
        }
        workbook.save_to_buffer().expect("saved")
    }

    #[test]
    fn dates_typed_as_excel_dates_read_as_the_same_days() {
        let bytes = typed_workbook(None);
        let read = read_register_xlsx("register.xlsx", &bytes, ORG).expect("reads");
        assert_eq!(read, tables());
    }

    #[test]
    fn a_bad_cell_is_named_by_file_sheet_row_column_field_and_value() {
        let bytes = typed_workbook(Some("12 April"));
        let error = read_register_xlsx("typed.xlsx", &bytes, ORG).expect_err("a bad date");
        assert_eq!(error.file, "typed.xlsx (sheet children)");
        assert_eq!((error.line, error.column), (2, 13));
        assert_eq!(error.field.as_deref(), Some("opened"));
        assert_eq!(error.text.as_deref(), Some("12 April"));
        assert!(error.message.contains("YYYY-MM-DD"), "{error}");
    }

    #[test]
    fn a_missing_or_unknown_sheet_is_named() {
        let mut workbook = Workbook::new();
        let agencies = workbook.add_worksheet();
        agencies.set_name("agencies").expect("a name");
        agencies.write_string(0, 0, "agency").expect("written");
        agencies.write_string(0, 1, "name").expect("written");
        let bytes = workbook.save_to_buffer().expect("saved");
        let error = read_register_xlsx("part.xlsx", &bytes, ORG).expect_err("sheets missing");
        assert!(
            error.to_string().contains("no sheet `practitioners`"),
            "{error}"
        );
        let mut workbook = Workbook::new();
        workbook.add_worksheet().set_name("kids").expect("a name");
        let bytes = workbook.save_to_buffer().expect("saved");
        let error = read_register_xlsx("kids.xlsx", &bytes, ORG).expect_err("an unknown sheet");
        assert!(
            error.to_string().contains("`kids` is not a register table"),
            "{error}"
        );
    }
}

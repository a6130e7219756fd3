//! The tables pages show, in one shape for HTML, CSV and XLSX, so a download
//! always holds exactly the rows the page shows.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use trustboard_core::spreadsheet::protect_cell;

/// One cell: its text, and optionally a link or a RAG colour for the page.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub text: String,
    #[serde(skip)]
    pub href: Option<String>,
    /// CSS modifier of a coloured tag (`green`, `red` …); the text says the same.
    #[serde(skip)]
    pub tag: Option<&'static str>,
    #[serde(skip)]
    pub numeric: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: None,
            tag: None,
            numeric: false,
        }
    }

    pub fn number(n: usize) -> Cell {
        Cell {
            numeric: true,
            ..Cell::text(n.to_string())
        }
    }

    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            href: Some(href.into()),
            ..Cell::text(text)
        }
    }

    pub fn tagged(text: impl Into<String>, tag: &'static str) -> Cell {
        Cell {
            tag: Some(tag),
            ..Cell::text(text)
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Names the table in download addresses (`?format=csv&table=values`).
    pub id: &'static str,
    pub caption: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Csv,
    Xlsx,
}

impl Table {
    fn csv(&self) -> Result<Vec<u8>, AppError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(&self.headers)
            .map_err(AppError::internal)?;
        for row in &self.rows {
            writer
                .write_record(row.iter().map(|cell| protect_cell(&cell.text).into_owned()))
                .map_err(AppError::internal)?;
        }
        writer.into_inner().map_err(AppError::internal)
    }

    fn xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(self.id)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (column, header) in (0u16..).zip(&self.headers) {
            sheet.write_string_with_format(0, column, *header, &bold)?;
        }
        for (row, cells) in (1u32..).zip(&self.rows) {
            for (column, cell) in (0u16..).zip(cells) {
                // Counts are numbers in the sheet; everything else keeps the text as written.
                match cell.text.parse::<f64>().ok().filter(|_| cell.numeric) {
                    Some(n) => sheet.write_number(row, column, n)?,
                    None => sheet.write_string(row, column, &cell.text)?,
                };
            }
        }
        workbook.save_to_buffer()
    }

    /// The table as a file download named after `stem`.
    pub fn download(&self, format: Format, stem: &str) -> Result<Response, AppError> {
        let (body, content_type, extension) = match format {
            Format::Csv => (self.csv()?, "text/csv; charset=utf-8", "csv"),
            Format::Xlsx => (
                self.xlsx().map_err(AppError::internal)?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
            Format::Html => return Err(AppError::BadRequest),
        };
        let name: String = format!("{stem}-{}", self.id)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let disposition =
            HeaderValue::from_str(&format!("attachment; filename=\"{name}.{extension}\""))
                .map_err(AppError::internal)?;
        Ok((
            [
                (CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response())
    }
}

/// The table a download asks for: by id, or the page's first.
pub fn choose<'a>(tables: &'a [Table], id: Option<&str>) -> Result<&'a Table, AppError> {
    match id {
        Some(id) => tables.iter().find(|t| t.id == id).ok_or(AppError::NotFound),
        None => tables.first().ok_or(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_and_keeps_text_as_written() {
        let table = Table {
            id: "values",
            caption: "Values".into(),
            headers: vec!["Period", "As written"],
            rows: vec![vec![Cell::text("2010/11"), Cell::text("5, provisional")]],
        };
        let csv = String::from_utf8(table.csv().unwrap_or_default()).unwrap_or_default();
        assert_eq!(csv, "Period,As written\n2010/11,\"5, provisional\"\n");
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_written_as_text() {
        let table = Table {
            id: "values",
            caption: "Values".into(),
            headers: vec!["Note"],
            rows: vec![
                vec![Cell::text("=HYPERLINK(\"http://x\")")],
                vec![Cell::text("-3")],
            ],
        };
        let csv = String::from_utf8(table.csv().unwrap_or_default()).unwrap_or_default();
        assert_eq!(csv, "Note\n\"'=HYPERLINK(\"\"http://x\"\")\"\n'-3\n");
    }
}

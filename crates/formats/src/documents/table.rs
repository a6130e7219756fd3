//! Rows of tab-separated cells, and the interface every table layout implements.

use crate::ImportError;

use super::builder::{At, Builder};
use super::markup;

/// One line of the document with its cells.
pub(crate) struct Row<'t> {
    /// 1-based line number.
    pub line: usize,
    pub cells: Vec<&'t str>,
}

impl<'t> Row<'t> {
    pub fn new(line: usize, text: &'t str) -> Self {
        Row {
            line,
            cells: text.split('\t').collect(),
        }
    }

    pub fn is_tabular(&self) -> bool {
        self.cells.len() > 1
    }

    /// The cell as plain text; empty when the row is shorter.
    pub fn plain(&self, column: usize) -> String {
        self.cells
            .get(column)
            .map(|c| markup::plain(c))
            .unwrap_or_default()
    }

    pub fn raw(&self, column: usize) -> &'t str {
        self.cells.get(column).copied().unwrap_or_default()
    }

    /// The position of a cell, 0-based `column` given, reported 1-based.
    pub fn at(&self, column: usize) -> At {
        At {
            line: self.line,
            column: column + 1,
        }
    }

    /// Header cells as plain lower-case text, trailing empty cells dropped.
    pub fn headings(&self) -> Vec<String> {
        let mut headings: Vec<String> = (0..self.cells.len())
            .map(|c| {
                self.plain(c)
                    .to_lowercase()
                    .trim_end_matches([':', '.'])
                    .trim()
                    .to_string()
            })
            .collect();
        while headings.last().is_some_and(String::is_empty) {
            headings.pop();
        }
        headings
    }

    /// Fails if a cell beyond the table's last column holds text: the row
    /// cannot be read against the header.
    pub fn check_width(&self, builder: &Builder, width: usize) -> Result<(), ImportError> {
        match (width..self.cells.len()).find(|&c| !self.plain(c).is_empty()) {
            Some(column) => Err(ImportError {
                file: builder.file.to_string(),
                line: self.line,
                column: column + 1,
                field: None,
                text: Some(self.plain(column)),
                message: format!(
                    "this row has text in column {} but the table has only {width} columns",
                    column + 1
                ),
            }),
            None => Ok(()),
        }
    }

    pub fn error(
        &self,
        builder: &Builder,
        column: usize,
        field: &str,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: builder.file.to_string(),
            line: self.line,
            column: column + 1,
            field: Some(field.to_string()),
            text: Some(self.plain(column)),
            message: message.into(),
        }
    }
}

/// A table layout: reads its header, its rows and the headings between pages.
pub(crate) trait TableReader {
    /// A repeat of the header (every page has one); may change columns.
    fn header(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError>;

    fn row(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError>;

    /// A line without cells inside the table. Returns false if it is not a
    /// heading this layout knows, which ends the table.
    fn prose(&mut self, row: &Row, builder: &mut Builder) -> bool;

    /// The table has ended.
    fn finish(&mut self, builder: &mut Builder) -> Result<(), ImportError>;
}

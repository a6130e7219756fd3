//! Rows of tab-separated cells, and the interface every table layout implements.

use trustboard_core::period::{read_quarter_word, read_written};

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

    /// Whether the row reads as a table's heading row rather than data: at
    /// least two cells, every one of them column words or periods
    /// (`Indicator | Q1 2015/16 | Q2 2015/16`, `Target 06/07 | Actual 06/07`)
    /// and no figure anywhere. A heading row the layout does not know must
    /// never be filed as an indicator.
    pub fn looks_like_heading(&self) -> bool {
        let cells: Vec<String> = (0..self.cells.len())
            .map(|c| self.plain(c).to_lowercase())
            .filter(|c| !c.trim().is_empty())
            .collect();
        cells.len() >= 2 && cells.iter().all(|c| is_heading_cell(c))
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

/// Words found in the heading rows of councils' performance tables.
const COLUMN_WORDS: &[&str] = &[
    "objective",
    "objectives",
    "outcome",
    "outcomes",
    "priority",
    "indicator",
    "indicators",
    "performance",
    "measure",
    "measures",
    "pi",
    "ni",
    "code",
    "ref",
    "reference",
    "no",
    "title",
    "description",
    "definition",
    "target",
    "targets",
    "actual",
    "actuals",
    "out-turn",
    "outturn",
    "result",
    "results",
    "baseline",
    "rag",
    "status",
    "traffic",
    "light",
    "trend",
    "direction",
    "of",
    "travel",
    "on",
    "comments",
    "comment",
    "commentary",
    "notes",
    "england",
    "national",
    "regional",
    "region",
    "statistical",
    "neighbours",
    "neighbour",
    "comparison",
    "comparator",
    "quartile",
    "lead",
    "officer",
    "owner",
    "responsible",
    "polarity",
    "good",
    "is",
    "higher",
    "lower",
    "unit",
    "frequency",
    "last",
    "latest",
    "next",
    "previous",
    "year",
    "years",
    "to",
    "date",
    "ytd",
    "and",
    "&",
    "/",
    "-",
    "ay",
    "fy",
    "qtr",
    "quarter",
    "academic",
    "financial",
    "value",
    "data",
    "source",
    "progress",
    "forecast",
    "average",
];

/// A heading cell: column words and periods only (`Q1 2015/16`, `Target 06/07`,
/// `Statistical neighbours`).
fn is_heading_cell(cell: &str) -> bool {
    let words: Vec<&str> = cell
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ':' | ',' | '?'))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.iter().all(|word| {
            COLUMN_WORDS.contains(word)
                || read_written(word).is_some()
                || read_quarter_word(word).is_some()
                || read_written(&format!("{word} 2000")).is_some()
                || (word.len() == 4
                    && word
                        .parse::<u16>()
                        .is_ok_and(|y| (1990..=2100).contains(&y)))
                || (word.len() == 1 && word.bytes().all(|b| b.is_ascii_digit()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_rows_are_told_from_data() {
        let heading = |text: &str| Row::new(1, text).looks_like_heading();
        assert!(heading(
            "Indicator\tQ1 2015/16\tQ2 2015/16\tQ3 2015/16\tQ4 2015/16"
        ));
        assert!(heading("PI\tTarget 06/07\tActual 06/07\tRAG\tComments"));
        assert!(heading("\tSept 2011\tMar-12\tStatistical neighbours"));
        assert!(!heading("NI 62 Stability of placements\t12%\t10%"));
        assert!(!heading("Develop the youth offer\tMarch 2011"));
        assert!(!heading("Only one cell"));
    }
}

//! A file's cells as rows of text, whatever it was written in: CSV (quoted
//! cells may hold line breaks), TSV, an XLSX worksheet, or a text table whose
//! cells are separated by `|`, tabs or runs of two or more spaces.

use std::sync::Arc;

use crate::canonical::{self, Grid};
use crate::workbook_reader::read_worksheets;
use crate::ImportError;

/// The encodings of a table file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Csv,
    Tsv,
    Xlsx,
    Text,
}

impl Encoding {
    /// Told from the bytes first (a zip archive is XLSX), then the name.
    pub fn of(file: &str, bytes: &[u8]) -> Encoding {
        let lower = file.to_ascii_lowercase();
        if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".xlsx") {
            Encoding::Xlsx
        } else if lower.ends_with(".csv") {
            Encoding::Csv
        } else if lower.ends_with(".tsv") || lower.ends_with(".tab") {
            Encoding::Tsv
        } else {
            Encoding::Text
        }
    }
}

/// One sheet of cells: a CSV, TSV or text file is one sheet.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The name used in messages: the file, or the workbook and sheet.
    pub file: String,
    pub rows: Rows,
}

/// One row of cells with the line (or spreadsheet row) it starts on.
#[derive(Debug, Clone)]
pub struct Line {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Line {
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", |c| c.trim())
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A sheet's rows: a worksheet's, read whole, or a text file's, read one
/// at a time when they are wanted, so that a long file is never held as
/// rows of cells all at once.
#[derive(Debug, Clone)]
pub enum Rows {
    Lines(Vec<Line>),
    /// The rows of `text` from byte `start` on.
    Text {
        text: Arc<str>,
        encoding: Encoding,
        start: usize,
    },
}

impl Rows {
    /// Each row with where the rows after it start (a byte of a text, an
    /// index of a worksheet's rows), for [`Rows::after`].
    pub fn iter<'r>(&'r self, file: &'r str) -> RowIter<'r> {
        match self {
            Rows::Lines(lines) => RowIter::Lines { lines, next: 0 },
            Rows::Text {
                text,
                encoding,
                start,
            } => {
                let first_line = 1 + text.as_bytes()[..*start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                let delimiter = match encoding {
                    Encoding::Csv => Some(b','),
                    Encoding::Tsv => Some(b'\t'),
                    _ => None,
                };
                match delimiter {
                    Some(delimiter) => RowIter::Delimited {
                        file,
                        reader: csv::ReaderBuilder::new()
                            .has_headers(false)
                            .flexible(true)
                            .delimiter(delimiter)
                            .from_reader(text[*start..].as_bytes()),
                        lines: LineCounter {
                            text,
                            byte: *start,
                            line: first_line,
                        },
                        start: *start,
                        first_line,
                    },
                    None => RowIter::Text {
                        text,
                        at: *start,
                        line: first_line,
                    },
                }
            }
        }
    }

    /// The rows from `resume` (as [`Rows::iter`] gave it) on.
    pub fn after(self, resume: usize) -> Rows {
        match self {
            Rows::Lines(mut lines) => Rows::Lines(lines.split_off(resume.min(lines.len()))),
            Rows::Text { text, encoding, .. } => Rows::Text {
                start: resume.min(text.len()),
                text,
                encoding,
            },
        }
    }

    /// Where the rows start and end, in the units of [`Rows::iter`]'s resume points.
    pub fn span(&self) -> (usize, usize) {
        match self {
            Rows::Lines(lines) => (0, lines.len()),
            Rows::Text { text, start, .. } => (*start, text.len()),
        }
    }
}

pub enum RowIter<'r> {
    Lines {
        lines: &'r [Line],
        next: usize,
    },
    Delimited {
        file: &'r str,
        reader: csv::Reader<&'r [u8]>,
        lines: LineCounter<'r>,
        /// The byte of the text the reader starts at, and its line.
        start: usize,
        first_line: usize,
    },
    Text {
        text: &'r str,
        at: usize,
        line: usize,
    },
}

impl Iterator for RowIter<'_> {
    type Item = Result<(Line, usize), ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            RowIter::Lines { lines, next } => {
                let line = lines.get(*next)?.clone();
                *next += 1;
                Some(Ok((line, *next)))
            }
            RowIter::Delimited {
                file,
                reader,
                lines,
                start,
                first_line,
            } => {
                let mut record = csv::StringRecord::new();
                match reader.read_record(&mut record) {
                    Ok(false) => None,
                    Ok(true) => {
                        let line = record
                            .position()
                            .map_or(0, |p| lines.line_at(*start + p.byte() as usize));
                        let resume = *start + reader.position().byte() as usize;
                        let cells = record.iter().map(str::to_string).collect();
                        Some(Ok((Line { line, cells }, resume)))
                    }
                    Err(e) => {
                        let line = e
                            .position()
                            .map_or(0, |p| p.line() as usize + *first_line - 1);
                        Some(Err(ImportError {
                            line,
                            ..ImportError::whole_file(file, format!("cannot read this row: {e}"))
                        }))
                    }
                }
            }
            RowIter::Text { text, at, line } => loop {
                if *at >= text.len() {
                    return None;
                }
                let rest = &text[*at..];
                let (row, taken) = match rest.find('\n') {
                    Some(end) => (&rest[..end], end + 1),
                    None => (rest, rest.len()),
                };
                let row = row.strip_suffix('\r').unwrap_or(row);
                *at += taken;
                *line += 1;
                if !is_rule(row) {
                    let cells = text_cells(row);
                    return Some(Ok((
                        Line {
                            line: *line - 1,
                            cells,
                        },
                        *at,
                    )));
                }
            },
        }
    }
}

/// The sheets of a file; `sheet` picks one worksheet of a workbook by name.
pub fn sheets(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Vec<Sheet>, ImportError> {
    let encoding = Encoding::of(file, bytes);
    if encoding == Encoding::Xlsx {
        return workbook_sheets(file, bytes, sheet);
    }
    if let Some(name) = sheet {
        return Err(ImportError::whole_file(
            file,
            format!("--sheet `{name}` was given, but this file is not an XLSX workbook"),
        ));
    }
    let text = canonical::utf8(file, bytes)?;
    Ok(vec![Sheet {
        file: file.to_string(),
        rows: Rows::Text {
            text: Arc::from(text),
            encoding,
            start: 0,
        },
    }])
}

/// The line a record starts on. The CSV reader's own line count starts at
/// the blank lines before a record; this skips them.
pub struct LineCounter<'t> {
    text: &'t str,
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// Records come in order, so counting goes on from the last one.
    fn line_at(&mut self, byte: usize) -> usize {
        let skipped = self.text[byte..]
            .bytes()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let start = byte + skipped;
        self.line += self.text.as_bytes()[self.byte..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.byte = start;
        self.line
    }
}

/// A text table: `| a | b |` rows, tab-separated rows, or columns set apart by
/// two or more spaces. Rules such as `|---|---|` or `-----` are not rows.
fn is_rule(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty()
        && trimmed.contains("--")
        && trimmed
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | '+' | '=' | ' '))
}

fn text_cells(line: &str) -> Vec<String> {
    let trimmed = line.trim();
    if trimmed.starts_with('|') {
        let inner = trimmed.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        return inner.split('|').map(|c| c.trim().to_string()).collect();
    }
    if line.contains('\t') {
        return line.split('\t').map(|c| c.trim().to_string()).collect();
    }
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut spaces = 0;
    for c in trimmed.chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 {
            cells.push(std::mem::take(&mut cell));
        } else if spaces == 1 {
            cell.push(' ');
        }
        spaces = 0;
        cell.push(c);
    }
    cells.push(cell);
    cells
}

fn workbook_sheets(
    file: &str,
    bytes: &[u8],
    wanted: Option<&str>,
) -> Result<Vec<Sheet>, ImportError> {
    let mut worksheets = read_worksheets(file, bytes)?;
    let names: Vec<String> = worksheets.iter().map(|sheet| sheet.name.clone()).collect();
    let chosen: Vec<String> = match wanted {
        Some(wanted) => {
            let found = names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
                .ok_or_else(|| {
                    ImportError::whole_file(
                        file,
                        format!(
                            "the workbook has no sheet `{wanted}`; its sheets are {}",
                            names.join(", ")
                        ),
                    )
                })?;
            vec![found.clone()]
        }
        None => names,
    };
    let mut sheets = Vec::new();
    for name in chosen {
        let sheet_file = format!("{file} (sheet {name})");
        let index = worksheets
            .iter()
            .position(|sheet| sheet.name == name)
            .expect("a chosen sheet is one of the workbook's");
        let range = worksheets.swap_remove(index).cells;
        let rows = match canonical::sheet_grid(&sheet_file, &range)? {
            Some(grid) => grid_lines(grid),
            None => Vec::new(),
        };
        sheets.push(Sheet {
            file: sheet_file,
            rows: Rows::Lines(rows),
        });
    }
    Ok(sheets)
}

fn grid_lines(grid: Grid) -> Vec<Line> {
    let header = Line {
        line: grid.header_line,
        cells: grid.headings,
    };
    std::iter::once(header)
        .chain(grid.rows.into_iter().map(|row| Line {
            line: row.line,
            cells: row.cells,
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_tables_in_three_forms() {
        assert_eq!(text_cells("| NI 50 | 74% |  |"), ["NI 50", "74%", ""]);
        assert_eq!(text_cells("NI 50\t74%"), ["NI 50", "74%"]);
        assert_eq!(
            text_cells("Children seen  74% (06/07)   Red"),
            ["Children seen", "74% (06/07)", "Red"]
        );
        assert!(is_rule("|---|:---:|"));
        assert!(!is_rule("- a list item"));
    }
}

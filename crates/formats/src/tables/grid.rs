//! A file's cells as rows of text, whatever it was written in: CSV (quoted
//! cells may hold line breaks), TSV, an XLSX worksheet, or a text table whose
//! cells are separated by `|`, tabs or runs of two or more spaces.

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
    pub rows: Vec<Line>,
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
    let rows = match encoding {
        Encoding::Csv => delimited(file, text, b',')?,
        Encoding::Tsv => delimited(file, text, b'\t')?,
        _ => text_table(text),
    };
    Ok(vec![Sheet {
        file: file.to_string(),
        rows,
    }])
}

fn delimited(file: &str, text: &str, delimiter: u8) -> Result<Vec<Line>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            ImportError {
                line,
                ..ImportError::whole_file(file, format!("cannot read this row: {e}"))
            }
        })?;
        let line = record
            .position()
            .map_or(0, |p| lines.line_at(p.byte() as usize));
        rows.push(Line {
            line,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// The line a record starts on. The CSV reader's own line count starts at
/// the blank lines before a record; this skips them.
struct LineCounter<'t> {
    text: &'t str,
    byte: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            byte: 0,
            line: 1,
        }
    }

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
fn text_table(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !is_rule(line))
        .map(|(n, line)| Line {
            line: n + 1,
            cells: text_cells(line),
        })
        .collect()
}

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
            rows,
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

//! Performance tables as councils keep them: a CSV, TSV or XLSX file, or a
//! text table, with one indicator a row and columns headed in the council's
//! own words.
//!
//! The reader finds the heading row (or two rows, when periods span the
//! columns under them), reads every column's heading ([`classify`]) and
//! refuses to go on while any column is undecided: a person says how to read
//! it with a [`Mapping`]. Where the reader cannot find the heading row, a
//! person names its line ([`Options::heading_line`], picked from
//! [`first_lines`]). Nothing is guessed in silence; [`Table::columns`]
//! says how each column was read so that it can be shown before importing.

mod grid;
mod mapping;
mod reading;
mod rows;

pub use grid::Encoding;
pub use mapping::Mapping;
pub use reading::{classify, Reading, READINGS};
pub use rows::{PartsError, TableParts};

use trustboard_core::model::{ObservationKind, PlanDocument};

use crate::documents::{Hints, Warning};
use crate::ImportError;
use grid::{Line, Rows, Sheet};

/// What the caller says about the file beyond its bytes.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The worksheet to read; every sheet holding a table when `None`.
    pub sheet: Option<String>,
    pub mapping: Mapping,
    /// The line (row of a sheet) holding the headings, as a person named it;
    /// looked for when `None`.
    pub heading_line: Option<usize>,
}

/// How one column is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnReading {
    /// 1-based.
    pub column: usize,
    /// The heading as written (both rows of a two-row heading).
    pub heading: String,
    /// `None` while undecided.
    pub reading: Option<Reading>,
    /// Whether a mapping gave the reading rather than the heading.
    pub mapped: bool,
}

impl ColumnReading {
    /// The heading, or `Col N` for a column without one.
    pub fn name(&self) -> String {
        if self.heading.trim().is_empty() {
            format!("Col {}", self.column)
        } else {
            self.heading.clone()
        }
    }
}

/// One sheet's table: where its heading row is and how each column is read.
#[derive(Debug, Clone)]
pub struct SheetTable {
    /// The name used in messages: the file, or the workbook and sheet.
    pub file: String,
    pub heading_line: usize,
    pub columns: Vec<ColumnReading>,
    /// The rows under the heading row.
    rows: Rows,
    /// The first cell of each line above the heading row (titles).
    above: Vec<String>,
}

impl SheetTable {
    /// The first `count` rows under the heading row that hold anything, each
    /// with its line (row of a sheet) and cells: what a preview shows.
    pub fn first_rows(&self, count: usize) -> Vec<(usize, Vec<String>)> {
        // A row that cannot be read ends the preview; reading the table says why.
        self.rows
            .iter(&self.file)
            .map_while(Result::ok)
            .map(|(row, _)| row)
            .filter(|row| !row.is_blank())
            .take(count)
            .map(|row| (row.line, row.cells))
            .collect()
    }
}

/// A table file read as far as its columns.
#[derive(Debug, Clone)]
pub struct Table {
    pub file: String,
    pub sheets: Vec<SheetTable>,
}

impl Table {
    /// Reads the file and the headings of every table in it.
    pub fn open(file: &str, bytes: &[u8], options: &Options) -> Result<Table, ImportError> {
        let sheets = grid::sheets(file, bytes, options.sheet.as_deref())?;
        let mut tables = Vec::new();
        for sheet in sheets {
            tables.extend(sheet_table(sheet, options)?);
        }
        if let (true, Some(line)) = (tables.is_empty(), options.heading_line) {
            return Err(ImportError {
                line,
                ..ImportError::whole_file(
                    file,
                    format!(
                        "line {line} holds nothing to read as headings; name a line among the \
                         first {HEADING_SEARCH} that holds the table's headings"
                    ),
                )
            });
        }
        if tables.is_empty() {
            return Err(ImportError::whole_file(
                file,
                NO_HEADING_ROW.to_string()
                    + ": no row in the first 50 has headings for the indicator \
                 (`Indicator`, `Performance Indicator`, `Measure`, `Title` or a code such as `NI`) \
                 and for figures (`Actual 06/07`, `2007/08`, `Target`, `Baseline` …); \
                 name the line holding the headings with --heading-line N, or the columns with \
                 --columns, e.g. --columns \"Col 1=title,Col 2=actual:2006/07\"",
            ));
        }
        let headings: Vec<Vec<String>> = tables
            .iter()
            .map(|t| t.columns.iter().map(|c| c.heading.clone()).collect())
            .collect();
        let lists: Vec<&[String]> = headings.iter().map(Vec::as_slice).collect();
        let unmatched = options.mapping.unmatched(&lists);
        if !unmatched.is_empty() {
            return Err(ImportError::whole_file(
                file,
                format!(
                    "the column mapping names {}, but no column is headed so (name a column by its heading or as `Col N`)",
                    unmatched.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        Ok(Table {
            file: file.to_string(),
            sheets: tables,
        })
    }

    /// Every column of every table with how it is read.
    pub fn columns(&self) -> impl Iterator<Item = (&SheetTable, &ColumnReading)> {
        self.sheets
            .iter()
            .flat_map(|s| s.columns.iter().map(move |c| (s, c)))
    }

    /// The reading of every column as a mapping file to edit.
    pub fn mapping_file(&self) -> String {
        let columns: Vec<ColumnReading> = self.columns().map(|(_, c)| c.clone()).collect();
        Mapping::write(&columns)
    }

    /// The plan the tables hold. Refused while any column is undecided.
    pub fn read(&self, hints: &Hints) -> Result<(PlanDocument, Vec<Warning>), ImportError> {
        self.read_watched(hints, &mut |_, _| {})
    }

    /// As [`Table::read`], telling `progress` how far the rows are read:
    /// `(done, total)`, in bytes of a text file or rows of a workbook.
    pub fn read_watched(
        &self,
        hints: &Hints,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(PlanDocument, Vec<Warning>), ImportError> {
        self.refuse_undecided()?;
        rows::read(self, hints, progress)
    }

    /// The plan the tables hold, read a part at a time (see [`TableParts`]).
    /// Refused while any column is undecided.
    pub fn parts<'t>(&'t self, hints: &'t Hints) -> Result<TableParts<'t>, ImportError> {
        self.refuse_undecided()?;
        Ok(TableParts::new(self, hints))
    }

    fn refuse_undecided(&self) -> Result<(), ImportError> {
        let undecided: Vec<(&SheetTable, &ColumnReading)> = self
            .columns()
            .filter(|(_, c)| c.reading.is_none())
            .collect();
        let Some((sheet, _)) = undecided.first() else {
            return Ok(());
        };
        let listed: Vec<String> = undecided
            .iter()
            .map(|(_, c)| format!("{} `{}`", c.column, c.name()))
            .collect();
        let example = undecided
            .iter()
            .map(|(_, c)| format!("{}=…", c.name()))
            .collect::<Vec<_>>()
            .join(",");
        Err(ImportError {
            line: sheet.heading_line,
            ..ImportError::whole_file(
                &sheet.file,
                format!(
                    "cannot tell how to read column(s) {}; say how with --columns \"{example}\" \
                     or --columns-file FILE (readings: {READINGS}). \
                     `--dry-run --save-columns FILE` writes the columns as read, to edit",
                    listed.join(", ")
                ),
            )
        })
    }
}

/// How a refusal to read a file in which no heading row was found begins.
const NO_HEADING_ROW: &str = "no table was found";

/// Whether `error` says that no heading row was found: a person may then name
/// its line.
pub fn no_heading_row(error: &ImportError) -> bool {
    error.line == 0 && error.message.starts_with(NO_HEADING_ROW)
}

/// How many lines the heading row is looked for in, or may be named among.
pub const HEADING_SEARCH: usize = 50;

/// The first `count` lines of the file that hold anything, each with its
/// line (row of a sheet) and cells, from the first sheet that holds any (or
/// the sheet named): what a person picks the heading line from.
pub fn first_lines(
    file: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    count: usize,
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    for sheet in grid::sheets(file, bytes, sheet)? {
        let mut lines = Vec::new();
        for row in sheet.rows.iter(&sheet.file).take(HEADING_SEARCH) {
            let (line, _) = row?;
            if !line.is_blank() {
                lines.push((line.line, line.cells));
            }
            if lines.len() == count {
                break;
            }
        }
        if !lines.is_empty() {
            return Ok(lines);
        }
    }
    Ok(Vec::new())
}

/// The sheet's table: its heading row is the line named, or is looked for
/// in the first rows alone; the rows under it are left to be read when they
/// are wanted.
fn sheet_table(sheet: Sheet, options: &Options) -> Result<Option<SheetTable>, ImportError> {
    let mapping = &options.mapping;
    let mut head = Vec::new();
    let mut resume = Vec::new();
    // Two rows more than searched: the heading may span two rows.
    for row in sheet.rows.iter(&sheet.file).take(HEADING_SEARCH + 2) {
        let (line, next) = row?;
        head.push(line);
        resume.push(next);
    }
    let rows = &head;
    let heading_at = |i: usize| is_heading_row(&combined_headings(rows, i), mapping);
    let searched = rows.len().min(HEADING_SEARCH);
    let at = match options.heading_line {
        // A sheet blank on the line named holds no table there.
        Some(line) => match rows[..searched]
            .iter()
            .position(|r| r.line == line && !r.is_blank())
        {
            Some(at) => at,
            None => return Ok(None),
        },
        None => {
            let Some(found) = (0..searched).find(|&i| !rows[i].is_blank() && heading_at(i)) else {
                return Ok(None);
            };
            // `Indicator | 2006/07 | | 2007/08` reads as headings, but with
            // `| Target | Actual | Target` under it the two rows are one heading.
            if found + 1 < rows.len() && is_period_band(&rows[found]) && heading_at(found + 1) {
                found + 1
            } else {
                found
            }
        }
    };
    let headings = combined_headings(rows, at);
    let columns = read_columns(&headings, mapping);
    let first_title_row = if at > 0 && is_period_band(&rows[at - 1]) {
        at - 1
    } else {
        at
    };
    let above = rows[..first_title_row]
        .iter()
        .filter_map(|r| r.cells.iter().map(|c| c.trim()).find(|c| !c.is_empty()))
        .map(str::to_string)
        .collect();
    Ok(Some(SheetTable {
        heading_line: rows[at].line,
        columns,
        rows: sheet.rows.after(resume[at]),
        above,
        file: sheet.file,
    }))
}

fn reading_of(index: usize, heading: &str, mapping: &Mapping) -> (Option<Reading>, bool) {
    match mapping.for_column(index, heading) {
        Some(reading) => (Some(reading), true),
        None => (classify(heading), false),
    }
}

/// A row names the indicator and some figures, and most of its cells are known headings.
fn is_heading_row(headings: &[String], mapping: &Mapping) -> bool {
    let readings: Vec<Option<Reading>> = headings
        .iter()
        .enumerate()
        .map(|(i, h)| reading_of(i, h, mapping).0)
        .collect();
    let filled = headings.iter().filter(|h| !h.trim().is_empty()).count();
    let known = readings.iter().flatten().count();
    let names_indicator = readings
        .iter()
        .flatten()
        .any(|r| matches!(r, Reading::Title | Reading::Code));
    let has_figures = readings.iter().flatten().any(|r| r.holds_figures());
    filled >= 2 && names_indicator && has_figures && known * 2 >= filled
}

/// `2006/07` alone: a heading that is only a period.
fn is_bare_period(heading: &str) -> bool {
    matches!(
        classify(heading),
        Some(Reading::Figure {
            kind: ObservationKind::Actual,
            period: Some(_)
        })
    )
}

/// The upper row of a two-row heading: periods over the headings below
/// (`| | 2006/07 | | 2007/08 |`), perhaps beside headings that fill both
/// rows (`Indicator`).
fn is_period_band(row: &Line) -> bool {
    let filled: Vec<&str> = row
        .cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    filled.iter().any(|c| is_bare_period(c))
        && filled.iter().all(|c| {
            is_bare_period(c)
                || matches!(
                    classify(c),
                    Some(Reading::Title | Reading::Code | Reading::Objective)
                )
        })
}

/// The headings of row `at`, joined with a period band above: a period
/// spans the empty cells to its right; another heading stays over its own column.
fn combined_headings(rows: &[Line], at: usize) -> Vec<String> {
    let row = &rows[at];
    let band = at
        .checked_sub(1)
        .map(|b| &rows[b])
        .filter(|b| is_period_band(b));
    let Some(band) = band else {
        return row.cells.iter().map(|c| c.trim().to_string()).collect();
    };
    let width = row.cells.len().max(band.cells.len());
    let mut spanning = "";
    (0..width)
        .map(|c| {
            let over = band.cell(c);
            let above = if over.is_empty() {
                spanning
            } else {
                spanning = if is_bare_period(over) { over } else { "" };
                over
            };
            match (above, row.cell(c)) {
                ("", below) => below.to_string(),
                (above, "") => above.to_string(),
                (above, below) => format!("{above} {below}"),
            }
        })
        .collect()
}

/// Reads every column.
fn read_columns(headings: &[String], mapping: &Mapping) -> Vec<ColumnReading> {
    let mut columns: Vec<ColumnReading> = headings
        .iter()
        .enumerate()
        .map(|(i, heading)| {
            let (reading, mapped) = reading_of(i, heading, mapping);
            ColumnReading {
                column: i + 1,
                heading: heading.clone(),
                reading,
                mapped,
            }
        })
        .collect();
    settle_periods(&mut columns);
    undecide_repeats(&mut columns);
    columns
}

/// A second column claiming the indicator's code, title, objective or lead
/// officer, or the same kind of figure for the same period (`Target 07/08`
/// and a `Next target` that also means 2007/08), is left for a person to
/// decide rather than chosen between.
fn undecide_repeats(columns: &mut [ColumnReading]) {
    for i in 0..columns.len() {
        let once = matches!(
            columns[i].reading,
            Some(
                Reading::Code
                    | Reading::Title
                    | Reading::Objective
                    | Reading::LeadOfficer
                    | Reading::Figure {
                        period: Some(_),
                        ..
                    }
            )
        );
        if once
            && !columns[i].mapped
            && columns[..i].iter().any(|c| c.reading == columns[i].reading)
        {
            columns[i].reading = None;
        }
    }
}

/// `Next target` is the year after the latest out-turn column, and a
/// comparator without a period is of the latest out-turn column's period;
/// with no out-turn column, a next target is undecided.
fn settle_periods(columns: &mut [ColumnReading]) {
    let latest = columns
        .iter()
        .filter_map(|c| match c.reading {
            Some(Reading::Figure {
                kind: ObservationKind::Actual,
                period: Some(p),
            }) => Some(p),
            _ => None,
        })
        .max();
    for column in columns.iter_mut() {
        column.reading = match column.reading {
            Some(Reading::NextTarget) => latest.map(|p| Reading::Figure {
                kind: ObservationKind::Target,
                period: Some(p.next()),
            }),
            Some(Reading::Figure { kind, period: None })
                if !matches!(kind, ObservationKind::Actual | ObservationKind::Target) =>
            {
                Some(Reading::Figure {
                    kind,
                    period: latest,
                })
            }
            other => other,
        };
    }
}

#[cfg(test)]
mod tests;

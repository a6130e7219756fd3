//! Tables from published plan documents.
//!
//! Councils publish their plans as PDF or Word files. Extracted to text, each
//! table row is one line of tab-separated cells; list cells keep some HTML
//! markup (`<ul>`, `<p>`, `<b>`), header rows repeat on every page and a row
//! cut by a page break continues on the next page. Each table's layout is
//! recognised from its header row, never from the file name:
//!
//! - action plans: `Objective | Performance Measures | Key milestones and timescales`
//!   under `Outcome N:` headings (`action_plan`);
//! - indicator tables: `Objectives | Performance Indicator | 2009/10 out-turn | 2010/11 target …`
//!   (`indicator_table`);
//! - commitments: `Our commitment is to work to... | The benefits … | We will monitor … | Delivery Board`
//!   under `Theme N:` headings (`commitments`);
//! - indicator lists: `Performance Measure or Activity | | Relevant Service level plan | Lead or Support`
//!   (`kpi_list`).
//!
//! A summary written as prose has no tables: its outcomes and their
//! priorities are read from `Our current priorities for improvement in '…'`
//! lists (`outcome_summary`).

mod action_plan;
pub(crate) mod builder;
pub(crate) mod codes;
mod commitments;
mod indicator_table;
mod kpi_list;
pub(crate) mod markup;
mod outcome_summary;
mod projects;
mod resources;
mod table;
pub(crate) mod title;

use std::collections::HashSet;
use std::fmt;

use trustboard_core::model::PlanDocument;

use crate::ImportError;
use builder::{At, Builder};
pub(crate) use indicator_table::{heading_period, without_period_words};
pub use projects::read_projects;
pub use resources::read_resources;
use table::{Row, TableReader};

/// What the caller knows about the document that it may not say itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// Short name of the plan, e.g. `CYPP 2009-13`.
    pub plan: Option<String>,
    pub organisation: Option<String>,
}

/// Something read but not fully understood; the import still succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    /// 1-based column; 0 when the whole line is concerned.
    pub column: usize,
    /// The heading of that column in the table being read, where there is one.
    pub field: Option<String>,
    pub text: Option<String>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if self.column > 0 {
            write!(f, ":{}", self.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(field) = &self.field {
            write!(f, " (column `{field}`)")?;
        }
        if let Some(text) = &self.text {
            write!(f, " (value `{text}`)")?;
        }
        Ok(())
    }
}

const SUPPORTED: &str = "`Objective | Performance Measures | Key milestones and timescales`, \
`Objectives | Performance Indicator | <year> out-turn | <year> target …`, \
`Our commitment is to work to... | The benefits … | We will monitor … | Delivery Board`, \
`Performance Measure or Activity | | Relevant Service level plan | Lead or Support`, \
or outcomes with lists headed `Our current priorities for improvement in '<outcome>'`";

/// Reads the tables of a published plan document.
pub fn read(text: &str, file: &str, hints: &Hints) -> Result<PlanDocument, ImportError> {
    read_with_warnings(text, file, hints).map(|(document, _)| document)
}

/// Reads the tables of a published plan document, with what was not fully understood.
pub fn read_with_warnings(
    text: &str,
    file: &str,
    hints: &Hints,
) -> Result<(PlanDocument, Vec<Warning>), ImportError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut builder = Builder::new(file);
    let found_tables = read_tables(&lines, &mut builder)?;
    let found_priorities = outcome_summary::read(&lines, &mut builder)?;
    if !found_tables && !found_priorities {
        return Err(ImportError::whole_file(
            file,
            format!("no table of a known layout and no list of outcome priorities was found; the supported tables have header rows {SUPPORTED}"),
        ));
    }
    builder.resolve_cross_references();
    link_milestones_to_indicators(&mut builder);

    let (organisation, plan) =
        title::names(hints, &lines, || title::organisation_named_in_text(text))
            .map_err(|missing| ImportError::whole_file(file, format!("the document {missing}")))?;
    let document = PlanDocument {
        organisation,
        plan,
        nodes: builder.nodes,
        indicators: builder.indicators,
        observations: builder.observations,
        milestones: builder.milestones,
        localities: builder.localities,
        statements: builder.statements,
    };
    Ok((document, builder.warnings))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    ActionPlan,
    IndicatorTable,
    Commitments,
    KpiList,
}

impl Layout {
    fn of_header(row: &Row) -> Option<Layout> {
        if !row.is_tabular() {
            return None;
        }
        let headings = row.headings();
        [
            Layout::ActionPlan,
            Layout::IndicatorTable,
            Layout::Commitments,
            Layout::KpiList,
        ]
        .into_iter()
        .find(|layout| match layout {
            Layout::ActionPlan => action_plan::recognises(&headings),
            Layout::IndicatorTable => indicator_table::recognises(&headings),
            Layout::Commitments => commitments::recognises(&headings),
            Layout::KpiList => kpi_list::recognises(&headings),
        })
    }

    fn reader(self) -> Box<dyn TableReader> {
        match self {
            Layout::ActionPlan => Box::new(action_plan::ActionPlan::default()),
            Layout::IndicatorTable => Box::new(indicator_table::IndicatorTable::default()),
            Layout::Commitments => Box::new(commitments::Commitments::default()),
            Layout::KpiList => Box::new(kpi_list::KpiList::default()),
        }
    }
}

/// Walks the document: a known header row opens a table (the line just before
/// it may be the heading it sits under), tabular rows belong to the open
/// table, and a line of prose the table does not know as a heading closes it.
/// A row that looks like the heading row of a layout not known closes the
/// table too: the rows under it are reported, never read against the
/// columns of the table before. Returns whether any table was found.
fn read_tables(lines: &[&str], builder: &mut Builder) -> Result<bool, ImportError> {
    let mut open: Option<(Layout, Box<dyn TableReader>)> = None;
    let mut before: Option<Row> = None;
    // The line of a heading row that was not recognised, while its rows go on.
    let mut unknown_heading: Option<usize> = None;
    let mut found = false;
    for (n, text) in lines.iter().enumerate() {
        if text.trim().is_empty() {
            continue;
        }
        let row = Row::new(n + 1, text);
        if let Some(layout) = Layout::of_header(&row) {
            found = true;
            unknown_heading = None;
            match &mut open {
                Some((current, reader)) if *current == layout => reader.header(&row, builder)?,
                _ => {
                    if let Some((_, mut reader)) = open.take() {
                        reader.finish(builder)?;
                    }
                    builder.headings = row_headings(&row);
                    let mut reader = layout.reader();
                    if let Some(heading) = before.take() {
                        reader.prose(&heading, builder);
                    }
                    reader.header(&row, builder)?;
                    open = Some((layout, reader));
                }
            }
            continue;
        }
        let inside_a_table = open.is_some() || unknown_heading.is_some();
        if inside_a_table && row.looks_like_heading() {
            let message = "this row looks like the heading row of a table whose layout is not known; it and the rows under it were not imported. Give the table headings of a supported layout (see docs/IMPORT.md)";
            builder.warn(whole_line(&row), Some(text.trim()), message);
            if let Some((_, mut reader)) = open.take() {
                reader.finish(builder)?;
            }
            builder.headings.clear();
            unknown_heading = Some(unknown_heading.unwrap_or(row.line));
            continue;
        }
        match &mut open {
            Some((_, reader)) if row.is_tabular() => reader.row(&row, builder)?,
            Some((_, reader)) => {
                if !reader.prose(&row, builder) {
                    reader.finish(builder)?;
                    open = None;
                    before = Some(row);
                }
            }
            None => match unknown_heading {
                Some(heading) if row.is_tabular() => {
                    let message = format!(
                        "this row was not imported: it is under the heading row at line {heading}, whose layout is not known"
                    );
                    builder.warn(whole_line(&row), Some(text.trim()), message);
                }
                _ => {
                    unknown_heading = None;
                    before = Some(row);
                }
            },
        }
    }
    if let Some((_, mut reader)) = open {
        reader.finish(builder)?;
    }
    Ok(found)
}

/// A warning about a whole line names no column.
fn whole_line(row: &Row) -> At {
    At {
        line: row.line,
        column: 0,
    }
}

/// A header row's cells as written, to name the column of a warning.
fn row_headings(row: &Row) -> Vec<String> {
    (0..row.cells.len()).map(|c| row.plain(c)).collect()
}

/// A milestone that names an indicator by its code moves that indicator;
/// no other link is guessed.
fn link_milestones_to_indicators(builder: &mut Builder) {
    let keys: HashSet<String> = builder.indicators.iter().map(|i| i.key.clone()).collect();
    for milestone in &mut builder.milestones {
        for start in codes::indicator_code_starts(&milestone.text) {
            let (code, _) = codes::split_indicator(&milestone.text[start..]);
            if let Some(code) = code.filter(|c| keys.contains(&c.key)) {
                if !milestone.indicators.contains(&code.key) {
                    milestone.indicators.push(code.key);
                }
            }
        }
    }
}

//! Rows of text cells (from CSV or a worksheet) back into a plan.

use std::sync::Arc;

use chrono::NaiveDate;
use trustboard_core::model::{
    Indicator, Locality, Milestone, MilestoneStatus, Node, Observation, ObservationKind,
    PlanHeader, Polarity, PolaritySource, Retirement, Statement, StatementKind,
};
use trustboard_core::period::Period;
use trustboard_core::value;

use super::encode::{polarity_label, polarity_source_label};
use super::list::split_list;
use super::partial::{Header, Origin, Partial};
use super::schema::{Layout, Table};
use crate::ImportError;

/// A table as read from a file: a header row and text cells under it.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The name used in messages (a path, or a workbook and sheet).
    pub file: String,
    pub header_line: usize,
    pub headings: Vec<String>,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone)]
pub(crate) struct GridRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// Reads one table's rows.
pub(crate) fn decode(grid: &Grid, table: Table) -> Result<Partial, ImportError> {
    let layout = Arc::new(Layout::new(
        table,
        &grid.headings,
        &grid.file,
        grid.header_line,
    )?);
    let file: Arc<str> = Arc::from(grid.file.as_str());
    let mut partial = Partial::default();
    partial.tables.insert(table);
    if table == Table::Plan {
        partial.header = Some(plan_row(grid, &layout, &file)?);
        return Ok(partial);
    }
    for row in &grid.rows {
        let cells = Cells {
            row,
            layout: &layout,
            file: &grid.file,
        };
        cells.check_shape()?;
        let doc = &mut partial.doc;
        match table {
            Table::Plan => {}
            Table::Nodes => doc.nodes.push(node(&cells)?),
            Table::Indicators => doc.indicators.push(indicator(&cells)?),
            Table::Observations => doc.observations.push(observation(&cells)?),
            Table::Milestones => doc.milestones.push(milestone(&cells)?),
            Table::Localities => doc.localities.push(locality(&cells)?),
            Table::Statements => doc.statements.push(statement(&cells)?),
        }
        let origin = Origin {
            file: file.clone(),
            line: row.line,
            layout: Some(layout.clone()),
        };
        partial.origins[table.index()].push(origin);
    }
    Ok(partial)
}

fn plan_row(grid: &Grid, layout: &Arc<Layout>, file: &Arc<str>) -> Result<Header, ImportError> {
    let (row, extra) = match grid.rows.as_slice() {
        [] => {
            let mut error = ImportError::whole_file(
                &grid.file,
                "the plan table has headings but no row under them",
            );
            error.line = grid.header_line;
            return Err(error);
        }
        [row, extra @ ..] => (row, extra),
    };
    if let Some(extra) = extra.first() {
        return Err(ImportError {
            file: grid.file.clone(),
            line: extra.line,
            column: 0,
            field: None,
            text: None,
            message: "the plan table has more than one row; one import holds one plan".to_string(),
        });
    }
    let cells = Cells {
        row,
        layout,
        file: &grid.file,
    };
    cells.check_shape()?;
    Ok(Header {
        organisation: cells.text("organisation"),
        plan: PlanHeader {
            name: cells.text("plan"),
            title: cells.text("title"),
            period: cells.text("period"),
        },
        origin: Origin {
            file: file.clone(),
            line: row.line,
            layout: Some(layout.clone()),
        },
    })
}

/// The cells of one row, looked up by heading.
struct Cells<'a> {
    row: &'a GridRow,
    layout: &'a Layout,
    file: &'a str,
}

impl Cells<'_> {
    fn get(&self, heading: &str) -> &str {
        self.layout
            .position(heading)
            .and_then(|i| self.row.cells.get(i))
            .map_or("", String::as_str)
    }

    fn text(&self, heading: &str) -> String {
        self.get(heading).to_string()
    }

    /// Blank is none.
    fn optional(&self, heading: &str) -> Option<String> {
        Some(self.get(heading))
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }

    fn list(&self, heading: &str) -> Vec<String> {
        split_list(self.get(heading))
    }

    fn error(&self, heading: &str, message: String) -> ImportError {
        ImportError {
            file: self.file.to_string(),
            line: self.row.line,
            column: self.layout.column_of(heading),
            field: Some(heading.to_string()),
            text: Some(self.get(heading).to_string()),
            message,
        }
    }

    /// Parses a cell that may be blank.
    fn parse<T>(
        &self,
        heading: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ImportError> {
        let text = self.get(heading).trim();
        if text.is_empty() {
            return Ok(None);
        }
        parse(text)
            .map(Some)
            .map_err(|message| self.error(heading, message))
    }

    /// Parses a cell that must be filled.
    fn parse_required<T>(
        &self,
        heading: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ImportError> {
        self.parse(heading, parse)?
            .ok_or_else(|| self.error(heading, format!("the {heading} is missing")))
    }

    /// A short row, or a value under a blank heading (which would be lost), is refused.
    fn check_shape(&self) -> Result<(), ImportError> {
        let (found, wanted) = (self.row.cells.len(), self.layout.positions.len());
        if found < wanted {
            return Err(ImportError {
                file: self.file.to_string(),
                line: self.row.line,
                column: 0,
                field: None,
                text: None,
                message: format!("this row has {found} cell(s) but the header row has {wanted}"),
            });
        }
        let stray = self.row.cells.iter().enumerate().find(|(index, cell)| {
            !cell.is_empty()
                && self
                    .layout
                    .positions
                    .get(*index)
                    .is_none_or(|heading| heading.is_none())
        });
        match stray {
            None => Ok(()),
            Some((index, cell)) => Err(ImportError {
                file: self.file.to_string(),
                line: self.row.line,
                column: index + 1,
                field: None,
                text: Some(cell.clone()),
                message: "this cell is in a column without a heading".to_string(),
            }),
        }
    }
}

fn one_of<T: Copy>(
    text: &str,
    what: &str,
    options: &[T],
    label: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    let wanted = text.to_ascii_lowercase();
    options
        .iter()
        .copied()
        .find(|&o| label(o) == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = options.iter().map(|&o| label(o)).collect();
            format!("`{text}` is not {what}; use one of {}", names.join(", "))
        })
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}

fn yes_no(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(format!("`{text}` is neither yes nor no")),
    }
}

fn node(cells: &Cells) -> Result<Node, ImportError> {
    let flagged = cells.parse("retired", yes_no)?;
    let when = cells.text("retired_when");
    let merged_into = cells.optional("merged_into");
    let described = !when.is_empty() || merged_into.is_some();
    if flagged == Some(false) && described {
        let message =
            "the node is marked not retired, but retired_when or merged_into is filled".to_string();
        return Err(cells.error("retired", message));
    }
    let retired = (flagged == Some(true) || described).then_some(Retirement { when, merged_into });
    Ok(Node {
        code: cells.text("code"),
        parent: cells.optional("parent"),
        kind: cells.text("kind"),
        title: cells.text("title"),
        retired,
    })
}

fn indicator(cells: &Cells) -> Result<Indicator, ImportError> {
    use Polarity::*;
    use PolaritySource::*;
    Ok(Indicator {
        key: cells.text("key"),
        code: cells.optional("code"),
        title: cells.text("title"),
        definition: cells.optional("definition"),
        unit: cells.optional("unit"),
        polarity: cells.parse("polarity", |t| {
            one_of(
                t,
                "a polarity",
                &[HigherIsBetter, LowerIsBetter, Band],
                polarity_label,
            )
        })?,
        polarity_source: cells.parse("polarity_source", |t| {
            one_of(
                t,
                "a polarity source",
                &[Stated, Inferred],
                polarity_source_label,
            )
        })?,
        frequency: cells.optional("frequency"),
        lead_officer: cells.optional("lead_officer"),
        delivery_board: cells.optional("delivery_board"),
        objectives: cells.list("objectives"),
    })
}

fn observation(cells: &Cells) -> Result<Observation, ImportError> {
    let text = cells.text("text");
    Ok(Observation {
        indicator: cells.text("indicator"),
        period: cells
            .parse_required("period", |t| t.parse::<Period>().map_err(|e| e.to_string()))?,
        kind: cells.parse_required("kind", |t| {
            one_of(
                t,
                "an observation kind",
                &ObservationKind::ALL,
                ObservationKind::as_str,
            )
        })?,
        locality: cells.optional("locality"),
        group: cells.optional("group"),
        parsed: value::parse(&text),
        text,
        set_by: cells.optional("set_by"),
        agreed_on: cells.parse("agreed_on", date)?,
        source: trustboard_core::model::ValueSource::Written,
    })
}

fn milestone(cells: &Cells) -> Result<Milestone, ImportError> {
    Ok(Milestone {
        node: cells.text("node"),
        text: cells.text("text"),
        timescale: cells.optional("timescale"),
        due: cells.parse("due", date)?,
        owner: cells.optional("owner"),
        indicators: cells.list("indicators"),
        status: cells.parse("status", |t| {
            one_of(
                t,
                "a milestone status",
                &MilestoneStatus::ALL,
                MilestoneStatus::code,
            )
        })?,
    })
}

fn locality(cells: &Cells) -> Result<Locality, ImportError> {
    Ok(Locality {
        name: cells.text("name"),
        parent: cells.optional("parent"),
        kind: cells.text("kind"),
        valid_from: cells.parse("valid_from", date)?,
        valid_to: cells.parse("valid_to", date)?,
    })
}

fn statement(cells: &Cells) -> Result<Statement, ImportError> {
    Ok(Statement {
        indicator: cells.text("indicator"),
        period: cells
            .parse_required("period", |t| t.parse::<Period>().map_err(|e| e.to_string()))?,
        kind: cells.parse_required("statement", |t| {
            one_of(
                t,
                "a kind of statement",
                &StatementKind::ALL,
                StatementKind::code,
            )
        })?,
        text: cells.text("text"),
    })
}

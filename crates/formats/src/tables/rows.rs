//! The rows under a table's headings, read into a plan.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use trustboard_core::model::{
    Node, ObservationKind, PlanDocument, PlanHeader, Statement, StatementKind,
};
use trustboard_core::period::Period;
use trustboard_core::plan_diff::PlanPart;
use trustboard_core::value;

use crate::canonical::Partial;
use crate::documents::builder::{At, Builder, Cell, IndicatorRow};
use crate::documents::codes::{plan_code, split_indicator, IndicatorCode};
use crate::documents::{title, Hints, Warning};
use crate::ImportError;

use super::grid::{Line, RowIter};
use super::{Reading, SheetTable, Table};

pub(super) fn read(
    table: &Table,
    hints: &Hints,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(PlanDocument, Vec<Warning>), ImportError> {
    let mut parts = TableParts::new(table, hints);
    // Every row in one part, so that no row can name an indicator of an
    // earlier one; a row that cannot be read is told before missing names.
    parts.read_rows(usize::MAX, progress)?;
    let (organisation, plan) = parts.names()?;
    let whole = parts.checked_part()?;
    let (nodes, warnings) = parts.finish()?;
    let document = PlanDocument {
        organisation,
        plan,
        nodes,
        indicators: whole.indicators,
        observations: whole.observations,
        statements: whole.statements,
        ..PlanDocument::default()
    };
    Ok((document, warnings))
}

/// Why a table cannot be read in parts.
#[derive(Debug)]
pub enum PartsError {
    /// The table cannot be read at all.
    Unreadable(ImportError),
    /// A row at this line names an indicator of a part already handed over
    /// (a table listing one indicator twice, far apart): such a table is
    /// read whole, so that its rows can be joined.
    Repeated { line: usize },
}

impl From<ImportError> for PartsError {
    fn from(error: ImportError) -> Self {
        PartsError::Unreadable(error)
    }
}

/// A table's rows read a part at a time ([`Table::parts`]), each part
/// checked as a whole document is; the objectives (few) and the warnings
/// are kept until the end.
pub struct TableParts<'t> {
    table: &'t Table,
    hints: &'t Hints,
    /// Whose plan it is, once settled by [`TableParts::names`].
    names: Option<(String, PlanHeader)>,
    builder: Builder<'t>,
    objectives: Objectives,
    /// The sheet being read: its index, rows and reader.
    sheet: usize,
    reading: Option<(RowIter<'t>, SheetReader<'t>)>,
    /// Progress: units of rows read in earlier sheets, and in all.
    done: usize,
    total: usize,
}

impl<'t> TableParts<'t> {
    pub(super) fn new(table: &'t Table, hints: &'t Hints) -> Self {
        let total = table
            .sheets
            .iter()
            .map(|s| {
                let (start, end) = s.rows.span();
                end - start
            })
            .sum();
        TableParts {
            table,
            hints,
            names: None,
            builder: Builder::new(&table.file),
            objectives: Objectives::default(),
            sheet: 0,
            reading: None,
            done: 0,
            total,
        }
    }

    /// The organisation and the plan, from the lines above the headings and
    /// the hints; refused when either is missing.
    pub fn names(&mut self) -> Result<(String, PlanHeader), ImportError> {
        if let Some(names) = &self.names {
            return Ok(names.clone());
        }
        let table = self.table;
        let above: Vec<&str> = table
            .sheets
            .iter()
            .flat_map(|s| s.above.iter().map(String::as_str))
            .collect();
        let (organisation, plan) =
            title::names(self.hints, &above, || None).map_err(|missing| {
                ImportError::whole_file(
                    &table.file,
                    format!("above its headings, the table {missing}"),
                )
            })?;
        let header = PlanDocument {
            organisation,
            plan,
            ..PlanDocument::default()
        };
        let header = Partial::whole(header, &table.file).finish(self.hints)?;
        let names = (header.organisation, header.plan);
        self.names = Some(names.clone());
        Ok(names)
    }

    /// The indicators of the next `rows` rows with their values and
    /// statements; `None` once every row is read. `progress` hears
    /// `(done, total)` as for [`Table::read_watched`].
    pub fn next_part(
        &mut self,
        rows: usize,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Option<PlanPart>, PartsError> {
        let read = self.read_rows(rows, progress)?;
        if let Some(at) = self.builder.repeated_earlier_part() {
            return Err(PartsError::Repeated { line: at.line });
        }
        if read == 0 && self.sheet >= self.table.sheets.len() {
            return Ok(None);
        }
        Ok(Some(self.checked_part()?))
    }

    /// Reads up to `rows` rows into the builder; returns how many it read.
    fn read_rows(
        &mut self,
        rows: usize,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<usize, ImportError> {
        let mut read = 0;
        while read < rows {
            if self.reading.is_none() {
                let Some(sheet) = self.table.sheets.get(self.sheet) else {
                    break;
                };
                self.builder.file = &sheet.file;
                self.builder.headings = sheet.columns.iter().map(|c| c.heading.clone()).collect();
                self.reading = Some((sheet.rows.iter(&sheet.file), SheetReader::new(sheet)));
            }
            let Some((rows_left, reader)) = self.reading.as_mut() else {
                break;
            };
            match rows_left.next() {
                Some(row) => {
                    let (row, resume) = row?;
                    reader.row(&row, &mut self.builder, &mut self.objectives)?;
                    let start = reader.sheet.rows.span().0;
                    progress((self.done + resume - start) as u64, self.total as u64);
                    read += 1;
                }
                None => {
                    reader.note_inferred(&mut self.builder);
                    let (start, end) = reader.sheet.rows.span();
                    self.done += end - start;
                    self.sheet += 1;
                    self.reading = None;
                }
            }
        }
        Ok(read)
    }

    /// The rows read since the last part, checked as a document is.
    fn checked_part(&mut self) -> Result<PlanPart, ImportError> {
        let (organisation, plan) = self.names()?;
        let part = self.builder.take_part();
        let check = PlanDocument {
            organisation,
            plan,
            // The objectives so far: every one a part's indicators name is among them.
            nodes: self.builder.nodes.clone(),
            indicators: part.indicators,
            observations: part.observations,
            statements: part.statements,
            ..PlanDocument::default()
        };
        let checked = Partial::whole(check, &self.table.file).finish(self.hints)?;
        Ok(PlanPart {
            indicators: checked.indicators,
            observations: checked.observations,
            statements: checked.statements,
        })
    }

    /// Once every part is read: the plan's objectives, checked, and what the
    /// reader wants a person to look at.
    pub fn finish(mut self) -> Result<(Vec<Node>, Vec<Warning>), ImportError> {
        let (organisation, plan) = self.names()?;
        let check = PlanDocument {
            organisation,
            plan,
            nodes: self.builder.nodes,
            ..PlanDocument::default()
        };
        let checked = Partial::whole(check, &self.table.file).finish(self.hints)?;
        Ok((checked.nodes, self.builder.warnings))
    }
}

/// Objectives met so far, by the text that named them.
#[derive(Default)]
struct Objectives {
    codes: HashMap<String, String>,
}

impl Objectives {
    /// The node for an objective cell or a heading row: `1.2 Keep safe` is
    /// objective `1.2`; text without a number is numbered `O.1`, `O.2` … in
    /// order of first appearance.
    fn node(&mut self, text: &str, builder: &mut Builder) -> String {
        let text = one_line(text);
        if let Some((code, rest)) = plan_code(&text) {
            builder.node(&code, None, "objective", rest);
            return code;
        }
        let next = self.codes.len() + 1;
        let code = self
            .codes
            .entry(text.clone())
            .or_insert_with(|| format!("O.{next}"))
            .clone();
        builder.node(&code, None, "objective", &text);
        code
    }
}

struct SheetReader<'s> {
    sheet: &'s SheetTable,
    find: HashMap<&'static str, usize>,
    /// The objective the rows are under, carried down when cells are left empty.
    current: Option<String>,
    /// For each column of statements that names no period, the periods its
    /// statements were kept for (each row's latest out-turn).
    inferred: BTreeMap<usize, BTreeSet<Period>>,
}

impl<'s> SheetReader<'s> {
    fn new(sheet: &'s SheetTable) -> Self {
        let mut find = HashMap::new();
        for (i, column) in sheet.columns.iter().enumerate() {
            let role = match column.reading {
                Some(Reading::Title) => "title",
                Some(Reading::Code) => "code",
                Some(Reading::Objective) => "objective",
                Some(Reading::LeadOfficer) => "lead",
                _ => continue,
            };
            find.entry(role).or_insert(i);
        }
        SheetReader {
            sheet,
            find,
            current: None,
            inferred: BTreeMap::new(),
        }
    }

    fn cell<'l>(&self, row: &'l Line, role: &str) -> &'l str {
        self.find.get(role).map_or("", |&c| row.cell(c))
    }

    fn row(
        &mut self,
        row: &Line,
        builder: &mut Builder,
        objectives: &mut Objectives,
    ) -> Result<(), ImportError> {
        if row.is_blank() || self.repeats_headings(row) {
            return Ok(());
        }
        let filled: Vec<usize> = (0..row.cells.len())
            .filter(|&c| !row.cell(c).is_empty())
            .collect();
        let figures = |c: &usize| {
            self.sheet
                .columns
                .get(*c)
                .and_then(|col| col.reading)
                .is_some_and(|r| r.holds_figures())
        };
        // A row with one cell and no figure is a heading the rows below sit under.
        if let [only] = filled.as_slice() {
            if !figures(only) {
                self.current = Some(objectives.node(row.cell(*only), builder));
                return Ok(());
            }
        }
        let objective = self.cell(row, "objective");
        if !objective.is_empty() {
            self.current = Some(objectives.node(objective, builder));
        }
        let (title, code) = (
            one_line(self.cell(row, "title")),
            one_line(self.cell(row, "code")),
        );
        if title.is_empty() && code.is_empty() {
            return match filled.iter().find(|c| figures(c)) {
                Some(&c) => Err(self.error(row, c, "a figure with no indicator beside it")),
                None => Ok(()),
            };
        }
        let (code, title) = if code.is_empty() {
            split_indicator(&title)
        } else {
            let key = split_indicator(&code)
                .0
                .map_or_else(|| code.clone(), |c| c.key);
            let title = if title.is_empty() {
                code.clone()
            } else {
                title
            };
            (Some(IndicatorCode { written: code, key }), title)
        };
        let title_column = self
            .find
            .get("title")
            .or(self.find.get("code"))
            .copied()
            .unwrap_or(0);
        let mut cells = Vec::new();
        for (c, column) in self.sheet.columns.iter().enumerate() {
            let text = row.cell(c);
            if text.is_empty() {
                continue;
            }
            let (kind, period) = match column.reading {
                Some(Reading::Figure { kind, period }) => (kind, period),
                Some(Reading::Baseline(period)) => (ObservationKind::Actual, period),
                _ => continue,
            };
            let period = match period.or_else(|| cell_period(text)) {
                Some(period) => period,
                None => return Err(self.no_period(row, c)),
            };
            cells.push(Cell {
                at: At {
                    line: row.line,
                    column: c + 1,
                },
                period,
                kind,
                locality: None,
                text: text.to_string(),
            });
        }
        let latest = cells
            .iter()
            .filter(|c| c.kind == ObservationKind::Actual)
            .map(|c| c.period)
            .max_by_key(|p| (p.end(), p.start()));
        let key = builder.indicator_row(IndicatorRow {
            at: At {
                line: row.line,
                column: title_column + 1,
            },
            objective: self.current.clone().unwrap_or_default(),
            code,
            title,
            cells,
        });
        let lead = one_line(self.cell(row, "lead"));
        if let Some(indicator) = builder.indicator_mut(&key).filter(|_| !lead.is_empty()) {
            indicator.lead_officer.get_or_insert(lead);
        }
        self.statements(row, &key, latest, builder);
        Ok(())
    }

    /// Keeps the council's own rating, trend and comments on the row, each
    /// for its column's period or else for `latest`, the row's latest out-turn.
    fn statements(&mut self, row: &Line, key: &str, latest: Option<Period>, builder: &mut Builder) {
        for (c, column) in self.sheet.columns.iter().enumerate() {
            let Some(reading) = column.reading else {
                continue;
            };
            let Some((kind, period)) = statement_reading(reading) else {
                continue;
            };
            let text = row.cell(c).trim();
            if text.is_empty() {
                continue;
            }
            let at = At {
                line: row.line,
                column: c + 1,
            };
            let period = match (period, latest) {
                (Some(period), _) => period,
                (None, Some(latest)) => {
                    self.inferred.entry(c).or_default().insert(latest);
                    latest
                }
                (None, None) => {
                    let message = format!(
                        "{} is not kept: the column names no period and the row has no out-turn to take one from; \
                         give the column one: --columns \"{}={}:2010/11\"",
                        statement_words(kind),
                        column.name(),
                        reading.mapping_text()
                    );
                    builder.warn(at, Some(text), message);
                    continue;
                }
            };
            let statement = Statement {
                indicator: key.to_string(),
                period,
                kind,
                text: text.to_string(),
            };
            builder.statement(at, statement);
        }
    }

    /// Page headers repeat in tables pasted from documents.
    fn repeats_headings(&self, row: &Line) -> bool {
        self.sheet.columns.iter().all(|c| {
            row.cell(c.column - 1) == c.heading.trim() || c.heading.contains(row.cell(c.column - 1))
        }) && self
            .sheet
            .columns
            .iter()
            .any(|c| !row.cell(c.column - 1).is_empty())
    }

    fn error(&self, row: &Line, column: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.sheet.file.clone(),
            line: row.line,
            column: column + 1,
            field: self.sheet.columns.get(column).map(|c| c.name()),
            text: Some(row.cell(column).to_string()),
            message: message.into(),
        }
    }

    fn no_period(&self, row: &Line, column: usize) -> ImportError {
        let name = self.sheet.columns[column].name();
        let reading = self.sheet.columns[column]
            .reading
            .map(|r| r.mapping_text())
            .unwrap_or_default();
        self.error(
            row,
            column,
            format!(
                "the column names no period and neither does this value; write the period in the cell (`74% (06/07)`) \
                 or give the column one: --columns \"{name}={reading}:2006/07\""
            ),
        )
    }

    /// Where a column of statements names no period, each was kept for the
    /// latest out-turn on its row: say so once a column, with the periods taken.
    fn note_inferred(&self, builder: &mut Builder) {
        for (&c, periods) in &self.inferred {
            let column = &self.sheet.columns[c];
            let Some(reading) = column.reading else {
                continue;
            };
            let Some((kind, _)) = statement_reading(reading) else {
                continue;
            };
            let taken: Vec<String> = periods.iter().map(Period::to_string).collect();
            let at = At {
                line: self.sheet.heading_line,
                column: column.column,
            };
            let message = format!(
                "{} in this column name no period, so each is kept for the latest out-turn on its row ({}); \
                 if they are for another period, give the column one: --columns \"{}={}:2010/11\"",
                statement_words(kind),
                taken.join(", "),
                column.name(),
                reading.mapping_text()
            );
            builder.warn(at, Some(&column.heading), message);
        }
    }
}

/// The kind of statement a column holds, and the period its heading gives.
fn statement_reading(reading: Reading) -> Option<(StatementKind, Option<Period>)> {
    match reading {
        Reading::StatedRag(period) => Some((StatementKind::Rag, period)),
        Reading::Trend(period) => Some((StatementKind::Trend, period)),
        Reading::Comments(period) => Some((StatementKind::Comment, period)),
        _ => None,
    }
}

fn statement_words(kind: StatementKind) -> &'static str {
    match kind {
        StatementKind::Rag => "the council's stated RAG or status",
        StatementKind::Trend => "the council's stated trend",
        StatementKind::Comment => "comments",
    }
}

/// `74% (06/07)`: the period written in the cell.
fn cell_period(text: &str) -> Option<Period> {
    value::parse(text).qualifiers.period
}

/// Text a cell broke over lines, on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

//! Resource tables of a business plan: budgets by activity
//! (`Controllable Expenditure £000's | FTE | Activity | FTE | Employee Costs … | Cabinet Member`
//! under a row of years and the portfolio's name), the staffing establishment
//! (`| 2008-9 FTE | 2009-10 FTE | Difference`) and its justification of
//! movement (`Justification of Movement | Number`).
//!
//! Extracted text breaks these tables in three ways, each handled here: an
//! activity's name wraps onto a row of its own before its figures; a sign
//! stands on one line and its figure on the next; and an activity is left
//! blank. Every printed total is then checked against its rows by the core's
//! [`reconcile`], and each difference becomes a warning.

use trustboard_core::resources::{
    fte_checks, reconcile, Figure, ResourceRow, ResourceTable, RowKind, TableKind,
};

use super::table::Row;
use super::Warning;

/// Budget headings in order (lower case, as far as they go), with the core column each feeds.
const BUDGET_HEADINGS: [(&str, Option<&str>); 12] = [
    ("controllable expenditure", Some("previous_controllable")),
    ("fte", Some("previous_fte")),
    ("activity", None),
    ("fte", Some("fte")),
    ("employee costs", Some("employee_costs")),
    ("running costs", Some("running_costs")),
    ("contracts & projects", Some("contracts_and_projects")),
    ("gross expenditure", Some("gross_expenditure")),
    ("external income", Some("external_income")),
    ("internal income", Some("internal_income")),
    ("controllable expenditure", Some("controllable")),
    ("cabinet member", None),
];
const ACTIVITY: usize = 2;
const CABINET_MEMBER: usize = 11;

/// Reads every resource table of the document, with what needs a person's eye.
pub fn read_resources(text: &str, file: &str) -> (Vec<ResourceTable>, Vec<Warning>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut reader = Reader {
        file,
        lines: &lines,
        tables: Vec::new(),
        warnings: Vec::new(),
    };
    let mut n = 0;
    while n < lines.len() {
        let header = Row::new(n + 1, lines[n]);
        n = match layout(&header.headings()) {
            Some(Layout::Budget) => reader.budget(n),
            Some(Layout::Staffing(years)) => reader.staffing(n, years),
            Some(Layout::Movements) => reader.movements(n),
            None => n + 1,
        };
    }
    for table in &reader.tables {
        reader.warnings.extend(differences(file, table));
    }
    reader
        .warnings
        .extend(staffing_against_budgets(file, &reader.tables));
    (reader.tables, reader.warnings)
}

enum Layout {
    Budget,
    /// With the years of its two FTE columns.
    Staffing((String, String)),
    Movements,
}

fn layout(headings: &[String]) -> Option<Layout> {
    if is_budget_header(headings) {
        Some(Layout::Budget)
    } else if let Some(years) = staffing_years(headings) {
        Some(Layout::Staffing(years))
    } else {
        (headings == ["justification of movement", "number"]).then_some(Layout::Movements)
    }
}

fn is_budget_header(headings: &[String]) -> bool {
    headings.len() == BUDGET_HEADINGS.len()
        && headings
            .iter()
            .zip(BUDGET_HEADINGS)
            .all(|(h, (expected, _))| h.starts_with(expected))
}

/// `2008-9 FTE | 2009-10 FTE | Difference` after an empty first heading.
fn staffing_years(headings: &[String]) -> Option<(String, String)> {
    match headings {
        [first, previous, current, difference]
            if first.is_empty() && difference == "difference" =>
        {
            let previous = previous.strip_suffix(" fte")?;
            let current = current.strip_suffix(" fte")?;
            Some((previous.to_string(), current.to_string()))
        }
        _ => None,
    }
}

/// The document column (0-based) that holds a table kind's column.
fn document_column(kind: TableKind, column: usize) -> usize {
    match kind {
        TableKind::Budget => {
            let key = kind.columns()[column].key;
            BUDGET_HEADINGS
                .iter()
                .position(|(_, k)| *k == Some(key))
                .unwrap_or_default()
        }
        TableKind::Staffing | TableKind::Movements => column + 1,
    }
}

fn differences(file: &str, table: &ResourceTable) -> Vec<Warning> {
    reconcile(table)
        .into_iter()
        .map(|d| {
            let label = if d.label.is_empty() {
                "a row with no name".to_string()
            } else {
                format!("`{}`", d.label)
            };
            let printed = if d.printed.is_empty() {
                "blank".to_string()
            } else {
                format!("`{}`", d.printed.replace('\n', " "))
            };
            Warning {
                file: file.to_string(),
                line: d.line,
                column: document_column(table.kind, d.column) + 1,
                field: Some(d.heading),
                text: Some(d.printed),
                message: format!(
                    "{} of `{}`: the printed total is {printed} but {} come to {}; both are kept, check which is right",
                    label, table.title, d.rule, d.summed
                ),
            }
        })
        .collect()
}

/// The establishment's total FTE that the budget tables' FTE do not come to,
/// for a year both give: both figures, at the establishment's total.
fn staffing_against_budgets(file: &str, tables: &[ResourceTable]) -> Vec<Warning> {
    fte_checks(tables)
        .into_iter()
        .filter(|check| !check.agrees())
        .map(|check| {
            let budgets: Vec<String> = check
                .budget_lines
                .iter()
                .map(|(line, title)| format!("`{title}` line {line}"))
                .collect();
            Warning {
                file: file.to_string(),
                line: check.staffing_line,
                column: document_column(TableKind::Staffing, check.staffing_column) + 1,
                field: Some(format!("{} FTE", check.year)),
                text: Some(check.staffing.to_string()),
                message: format!(
                    "the staffing establishment's total for {} is {} FTE but the budget tables' total FTE ({}) come to {}, a difference of {}; both are kept, check which is right",
                    check.year,
                    check.staffing,
                    budgets.join(", "),
                    check.budget,
                    check.difference()
                ),
            }
        })
        .collect()
}

struct Reader<'a> {
    file: &'a str,
    lines: &'a [&'a str],
    tables: Vec<ResourceTable>,
    warnings: Vec<Warning>,
}

impl<'a> Reader<'a> {
    fn warn(
        &mut self,
        line: usize,
        column: usize,
        field: Option<String>,
        text: &str,
        message: &str,
    ) {
        self.warnings.push(Warning {
            file: self.file.to_string(),
            line,
            column,
            field,
            text: Some(text.to_string()),
            message: message.to_string(),
        });
    }

    /// The rows of the table whose header is at `header`: tabular lines up to
    /// the first line of prose or the next table's header; blank lines inside
    /// are skipped. Also returns
    /// where reading goes on.
    fn body(&self, header: usize) -> (Vec<Row<'a>>, usize) {
        let lines: &'a [&'a str] = self.lines;
        let mut rows = Vec::new();
        let mut n = header + 1;
        while n < lines.len() {
            let text = lines[n];
            if !text.trim().is_empty() {
                let row = Row::new(n + 1, text);
                if !row.is_tabular() || layout(&row.headings()).is_some() {
                    break;
                }
                rows.push(row);
            }
            n += 1;
        }
        (rows, n)
    }

    /// The nearest lines above the header that are not blank, nearest first.
    fn above(&self, header: usize) -> impl Iterator<Item = &'a str> + use<'a> {
        let lines: &'a [&'a str] = self.lines;
        lines[..header]
            .iter()
            .rev()
            .map(|l| l.trim_end())
            .filter(|l| !l.trim().is_empty())
    }

    fn budget(&mut self, header: usize) -> usize {
        // Above the header: a row of the two years, then the portfolio's name.
        let mut above = self.above(header);
        let years = above.next().map(|l| Row::new(0, l)).filter(Row::is_tabular);
        let (previous_year, year) = years
            .map(|y| (y.plain(0), y.plain(ACTIVITY)))
            .unwrap_or_default();
        let title = above.next().unwrap_or_default().trim().to_string();
        let (rows, next) = self.body(header);
        let mut budget = BudgetRows::new(&Row::new(header + 1, self.lines[header]));
        for row in &rows {
            budget.read(row, self);
        }
        let rows = budget.finish(self);
        self.tables.push(ResourceTable {
            kind: TableKind::Budget,
            title,
            year,
            previous_year,
            rows,
        });
        next
    }

    fn staffing(&mut self, header: usize, (previous_year, year): (String, String)) -> usize {
        let title = self
            .above(header)
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let (rows, next) = self.body(header);
        let rows = rows
            .iter()
            .map(|row| {
                let label = row.plain(0);
                let upper = label == label.to_uppercase();
                let kind = match () {
                    _ if upper && label.contains("PORTFOLIO") => RowKind::Subtotal,
                    _ if upper && label.starts_with("TOTAL") => RowKind::Total,
                    _ => RowKind::Item,
                };
                self.figures_row(row, kind, label, 3)
            })
            .collect();
        self.tables.push(ResourceTable {
            kind: TableKind::Staffing,
            title,
            year,
            previous_year,
            rows,
        });
        next
    }

    fn movements(&mut self, header: usize) -> usize {
        let (rows, next) = self.body(header);
        let rows = rows
            .iter()
            .map(|row| {
                let label = row.plain(0);
                let kind = if label.eq_ignore_ascii_case("total") {
                    RowKind::Total
                } else {
                    RowKind::Item
                };
                self.figures_row(row, kind, label, 1)
            })
            .collect();
        // The reasons explain the establishment's move, so they share its years.
        let (year, previous_year) = self
            .tables
            .iter()
            .rev()
            .find(|t| t.kind == TableKind::Staffing)
            .map(|t| (t.year.clone(), t.previous_year.clone()))
            .unwrap_or_default();
        self.tables.push(ResourceTable {
            kind: TableKind::Movements,
            title: "Justification of Movement".to_string(),
            year,
            previous_year,
            rows,
        });
        next
    }

    /// A row of a name then `width` figures.
    fn figures_row(
        &mut self,
        row: &Row,
        kind: RowKind,
        label: String,
        width: usize,
    ) -> ResourceRow {
        let figures = (1..=width).map(|c| self.figure(row, c, None, "")).collect();
        ResourceRow {
            line: row.line,
            kind,
            label,
            owner: String::new(),
            figures,
        }
    }

    /// The cell at `column` as a figure, with a sign from the line above when
    /// there is one; a cell that is not a figure is kept as written and reported.
    fn figure(
        &mut self,
        row: &Row,
        column: usize,
        sign: Option<&str>,
        heading: &str,
    ) -> Option<Figure> {
        let text = row.plain(column);
        if text.is_empty() {
            return None;
        }
        let text = match sign {
            Some(sign) => format!("{sign}\n{text}"),
            None => text,
        };
        let figure = Figure::read(&text);
        if figure.value.is_none() && text != "-" {
            let field = (!heading.is_empty()).then(|| heading.to_string());
            self.warn(
                row.line,
                column + 1,
                field,
                &text,
                "this is not a figure; it is kept as written and counts as nothing in totals",
            );
        }
        Some(figure)
    }
}

/// The budget's figure columns in the document, in the core's column order.
fn figure_columns() -> impl Iterator<Item = usize> {
    (0..BUDGET_HEADINGS.len()).filter(|&c| BUDGET_HEADINGS[c].1.is_some())
}

/// The budget's rows as they are put back together.
struct BudgetRows {
    /// The header's cells as printed, to name a column in a warning.
    headings: Vec<String>,
    rows: Vec<ResourceRow>,
    /// Lines of an activity's name seen before its figures.
    name: Vec<(usize, String)>,
    /// Signs on a line of their own, by document column, for the next row's figures.
    signs: Vec<(usize, usize)>,
    memorandum: bool,
}

impl BudgetRows {
    fn new(header: &Row) -> BudgetRows {
        BudgetRows {
            headings: (0..BUDGET_HEADINGS.len())
                .map(|c| header.plain(c))
                .collect(),
            rows: Vec::new(),
            name: Vec::new(),
            signs: Vec::new(),
            memorandum: false,
        }
    }

    fn heading(&self, column: usize) -> String {
        self.headings.get(column).cloned().unwrap_or_default()
    }

    fn read(&mut self, row: &Row, reader: &mut Reader) {
        let label = row.plain(ACTIVITY);
        let owner = row.plain(CABINET_MEMBER);
        let figures: Vec<(usize, String)> = figure_columns()
            .map(|c| (c, row.plain(c)))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        if !label.is_empty() && figures.is_empty() && owner.is_empty() {
            if label.eq_ignore_ascii_case("memorandum items") {
                self.memorandum = true;
            } else {
                self.name.push((row.line, label));
            }
        } else if label.is_empty() && owner.is_empty() && figures.iter().all(|(_, t)| t == "-") {
            self.signs
                .extend(figures.iter().map(|(c, _)| (*c, row.line)));
        } else if label.is_empty() && owner.is_empty() {
            self.digits_of_signs_above(row, &figures, reader);
        } else {
            self.activity(row, label, owner, reader);
        }
    }

    fn kind(&self, label: &str) -> RowKind {
        let lower = label.to_lowercase();
        if lower.starts_with("controllable total") {
            RowKind::Subtotal
        } else if lower.starts_with("total") {
            RowKind::Total
        } else if self.memorandum {
            RowKind::Memorandum
        } else {
            RowKind::Item
        }
    }

    fn activity(&mut self, row: &Row, label: String, owner: String, reader: &mut Reader) {
        let kind = self.kind(&label);
        if kind != self.kind("") {
            // A name standing alone above a total is a line of its own with no figures.
            self.name_without_figures();
        }
        let mut parts: Vec<String> = self.name.drain(..).map(|(_, name)| name).collect();
        parts.push(label);
        let label = parts.join(" ").trim().to_string();
        if label.is_empty() {
            let message = "the activity is blank; its figures are kept and count in the totals";
            reader.warn(
                row.line,
                ACTIVITY + 1,
                Some("Activity".to_string()),
                "",
                message,
            );
        }
        let signs = std::mem::take(&mut self.signs);
        let figures = figure_columns()
            .map(|c| {
                let sign = signs.iter().any(|(column, _)| *column == c).then_some("-");
                reader.figure(row, c, sign, &self.heading(c))
            })
            .collect();
        for (column, line) in signs {
            if row.plain(column).is_empty() {
                let message =
                    "a sign stands on this line with no figure below it; it was not imported";
                reader.warn(line, column + 1, None, "-", message);
            }
        }
        self.rows.push(ResourceRow {
            line: row.line,
            kind,
            label,
            owner,
            figures,
        });
    }

    fn name_without_figures(&mut self) {
        if let Some((line, _)) = self.name.first() {
            let line = *line;
            let label = self
                .name
                .drain(..)
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(" ");
            self.rows.push(ResourceRow {
                line,
                kind: self.kind(""),
                label,
                owner: String::new(),
                figures: vec![None; TableKind::Budget.columns().len()],
            });
        }
    }

    /// Figures on a line of their own complete the signs printed alone in the row above.
    fn digits_of_signs_above(
        &mut self,
        row: &Row,
        figures: &[(usize, String)],
        reader: &mut Reader,
    ) {
        for (column, text) in figures {
            let index = figure_columns()
                .position(|c| c == *column)
                .unwrap_or_default();
            let waiting = self
                .rows
                .last_mut()
                .and_then(|r| r.figures[index].as_mut())
                .filter(|f| f.text == "-");
            match waiting {
                Some(figure) => *figure = Figure::read(&format!("-\n{text}")),
                None => {
                    let message = "a figure stands on this line under no sign and beside no activity; it was not imported";
                    reader.warn(
                        row.line,
                        column + 1,
                        Some(self.heading(*column)),
                        text,
                        message,
                    );
                }
            }
        }
    }

    /// The rows read; a sign whose figure never came is reported.
    fn finish(mut self, reader: &mut Reader) -> Vec<ResourceRow> {
        self.name_without_figures();
        for row in &self.rows {
            for (j, figure) in row.figures.iter().enumerate() {
                if figure.as_ref().is_some_and(|f| f.text == "-") {
                    let column = figure_columns().nth(j).unwrap_or_default();
                    let message = "a sign with no figure after it: the digits were lost from the document, so the cell is kept as written and counts as nothing";
                    reader.warn(
                        row.line,
                        column + 1,
                        Some(self.heading(column)),
                        "-",
                        message,
                    );
                }
            }
        }
        self.rows
    }
}

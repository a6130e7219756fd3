//! A business plan's table of high-profile projects and key actions:
//! `Project/ development/ key action | Relevant Plan | Deliverables or
//! Outcomes for … | Link to strategic priority`, with a heading row of its
//! own above each group of projects (`T2010`, `CFE Specific Projects`).
//!
//! Extracted text wraps a row in two ways, both read as the row above: a line
//! whose first cell is empty, and a line after a blank line whose "Relevant
//! Plan" cell is empty. A wrapped cell's text continues the row's last
//! deliverable (or title, or link) before any new bullet starts.

use trustboard_core::projects::{lead_services, priority_references, Project, Written};

use super::markup;
use super::table::Row;
use super::Warning;

const TITLE: usize = 0;
const LEAD: usize = 1;
const DELIVERABLES: usize = 2;
const PRIORITY: usize = 3;
const HEADINGS: [&str; 4] = [
    "project/ development/ key action",
    "relevant plan",
    "deliverables or outcomes",
    "link to strategic priority",
];
/// Markup the extraction leaves that carries no meaning beyond its text.
const KNOWN_TAGS: [&str; 7] = ["p", "ul", "li", "br", "i", "b", "u"];

/// Reads the projects table, if the document has one, with what needs a person's eye.
pub fn read_projects(text: &str, file: &str) -> (Vec<Project>, Vec<Warning>) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(header) = lines
        .iter()
        .position(|l| is_header(&Row::new(0, l).headings()))
    else {
        return (Vec::new(), Vec::new());
    };
    let mut reader = Reader {
        file,
        group: String::new(),
        open: None,
        projects: Vec::new(),
        warnings: Vec::new(),
    };
    let mut after_blank = false;
    for (n, line) in lines.iter().enumerate().skip(header + 1) {
        if line.trim().is_empty() {
            after_blank = true;
            continue;
        }
        let row = Row::new(n + 1, line);
        if !row.is_tabular() || is_header(&row.headings()) {
            break;
        }
        reader.row(&row, after_blank);
        after_blank = false;
    }
    reader.close();
    (reader.projects, reader.warnings)
}

fn is_header(headings: &[String]) -> bool {
    headings.len() == HEADINGS.len()
        && headings
            .iter()
            .zip(HEADINGS)
            .all(|(h, expected)| h.starts_with(expected))
}

/// A row being gathered: its cells as printed, line by line, and its deliverables so far.
struct Open {
    line: usize,
    group: String,
    cells: [Vec<String>; 4],
    deliverables: Vec<String>,
}

struct Reader<'a> {
    file: &'a str,
    group: String,
    open: Option<Open>,
    projects: Vec<Project>,
    warnings: Vec<Warning>,
}

impl Reader<'_> {
    fn warn(&mut self, row: &Row, column: usize, message: String) {
        self.warnings.push(Warning {
            file: self.file.to_string(),
            line: row.line,
            column: column + 1,
            field: HEADINGS.get(column).map(|h| h.to_string()),
            text: Some(row.raw(column).to_string()),
            message,
        });
    }

    fn row(&mut self, row: &Row, after_blank: bool) {
        self.check_markup(row);
        let filled: Vec<bool> = (0..HEADINGS.len())
            .map(|c| !row.plain(c).is_empty())
            .collect();
        for column in HEADINGS.len()..row.cells.len() {
            if !row.plain(column).is_empty() {
                let message = format!(
                    "text beyond the table's {} columns is left out",
                    HEADINGS.len()
                );
                self.warn(row, column, message);
            }
        }
        if filled[TITLE] && filled[1..].iter().all(|f| !f) {
            self.close();
            self.group = row.plain(TITLE);
            return;
        }
        let wrapped = !filled[TITLE] || (after_blank && !filled[LEAD]);
        if wrapped {
            match &mut self.open {
                Some(open) => open.continue_with(row),
                None => self.warn(
                    row,
                    TITLE,
                    "this line continues a row, but no project comes before it; it is left out"
                        .to_string(),
                ),
            }
            return;
        }
        self.close();
        if self.group.is_empty() {
            self.warn(
                row,
                TITLE,
                "this project comes before any group heading; it is kept with no group".to_string(),
            );
        }
        let mut open = Open {
            line: row.line,
            group: self.group.clone(),
            cells: Default::default(),
            deliverables: Vec::new(),
        };
        open.continue_with(row);
        self.open = Some(open);
    }

    fn check_markup(&mut self, row: &Row) {
        for column in 0..row.cells.len() {
            let unknown: Vec<String> = markup::tag_names(row.raw(column))
                .into_iter()
                .filter(|t| !KNOWN_TAGS.contains(&t.as_str()))
                .collect();
            if let Some(tag) = unknown.first() {
                let message =
                    format!("the markup `<{tag}>` is not understood; only its text is kept");
                self.warn(row, column, message);
            }
        }
    }

    /// Finishes the row being gathered.
    fn close(&mut self) {
        let Some(open) = self.open.take() else { return };
        let written = |column: usize| {
            let original = open.cells[column].join("\n");
            Written {
                text: markup::plain(&open.cells[column].join(" ")),
                original,
            }
        };
        let lead = written(LEAD);
        let priority = written(PRIORITY);
        self.projects.push(Project {
            line: open.line,
            group: open.group.clone(),
            title: written(TITLE),
            lead_services: lead_services(&lead.text),
            lead,
            deliverables_original: open.cells[DELIVERABLES].join("\n"),
            deliverables: open.deliverables.clone(),
            priority_references: priority_references(&priority.text),
            priority,
        });
    }
}

impl Open {
    /// Adds a line's cells to the row: text before a wrapped cell's first
    /// bullet or paragraph continues the deliverable above it.
    fn continue_with(&mut self, row: &Row) {
        for column in 0..HEADINGS.len() {
            let raw = row.raw(column);
            if !markup::plain(raw).is_empty() {
                self.cells[column].push(raw.trim().to_string());
            }
        }
        let mut items = items(row.raw(DELIVERABLES)).into_iter();
        let Some((first, bullet)) = items.next() else {
            return;
        };
        match self.deliverables.last_mut() {
            Some(last) if !bullet => {
                last.push(' ');
                last.push_str(&first);
            }
            _ => self.deliverables.push(first),
        }
        self.deliverables.extend(items.map(|(text, _)| text));
    }
}

/// Each paragraph and each bullet of a deliverables cell, saying which were bullets.
fn items(cell: &str) -> Vec<(String, bool)> {
    let mut items = Vec::new();
    for block in markup::blocks(cell) {
        let (lead, bullets) = markup::bullets(&block);
        if !lead.is_empty() {
            items.push((lead, false));
        }
        items.extend(bullets.into_iter().map(|b| (b, true)));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "Project/ development/ key action\tRelevant Plan\tDeliverables or Outcomes for 2008/09\tLink to strategic priority\n\
        Group A\t\t\t\n\
        <p>First</p>\t<p>One/ Two</p>\t<ul> • Alpha • Beta begins\t<p>CYPP Priority 2/ NI 51</p>\n\
        \n\
        \t\t<p>and ends</p> <ul> • Gamma\t\n\
        Second starts\tThree\t<ul> Plain outcome\tNational requirement\n\
        \n\
        and goes on\t\t<ul> with more words\t\n\
        \n\
        Prose after the table.\n";

    #[test]
    fn wrapped_rows_join_the_row_above() {
        let (projects, warnings) = read_projects(TABLE, "plan.txt");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(projects.len(), 2);
        let first = &projects[0];
        assert_eq!(first.group, "Group A");
        assert_eq!(first.title.text, "First");
        assert_eq!(first.lead_services, ["One", "Two"]);
        assert_eq!(
            first.deliverables,
            ["Alpha", "Beta begins and ends", "Gamma"]
        );
        assert_eq!(
            first.deliverables_original,
            "<ul> • Alpha • Beta begins\n<p>and ends</p> <ul> • Gamma"
        );
        assert_eq!(first.priority_references.len(), 2);
        let second = &projects[1];
        assert_eq!(second.title.text, "Second starts and goes on");
        assert_eq!(second.deliverables, ["Plain outcome with more words"]);
    }

    #[test]
    fn markup_it_does_not_know_is_named_with_its_place() {
        let text = TABLE.replace("<p>First</p>", "<table>First");
        let (_, warnings) = read_projects(&text, "plan.txt");
        assert_eq!(warnings.len(), 1);
        assert_eq!((warnings[0].line, warnings[0].column), (3, 1));
        assert!(warnings[0].message.contains("<table>"));
    }
}

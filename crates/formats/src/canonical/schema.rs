//! The tables of the canonical format and their columns.

use std::collections::HashMap;

use crate::ImportError;

/// One table of the canonical format: a CSV file, a worksheet, or a list in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Table {
    Plan,
    Nodes,
    Indicators,
    Observations,
    Milestones,
    Localities,
    Statements,
}

/// One column heading of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub heading: &'static str,
    /// The heading must be present in the file (its cells may still be blank).
    pub required: bool,
    /// Written for people to read; ignored on import.
    pub informative: bool,
}

const fn required(heading: &'static str) -> Column {
    Column {
        heading,
        required: true,
        informative: false,
    }
}

const fn optional(heading: &'static str) -> Column {
    Column {
        heading,
        required: false,
        informative: false,
    }
}

const fn informative(heading: &'static str) -> Column {
    Column {
        heading,
        required: false,
        informative: true,
    }
}

const PLAN: &[Column] = &[
    required("organisation"),
    required("plan"),
    optional("title"),
    optional("period"),
];

const NODES: &[Column] = &[
    required("code"),
    optional("parent"),
    required("kind"),
    required("title"),
    optional("retired"),
    optional("retired_when"),
    optional("merged_into"),
];

const INDICATORS: &[Column] = &[
    required("key"),
    optional("code"),
    required("title"),
    optional("definition"),
    optional("unit"),
    optional("polarity"),
    optional("polarity_source"),
    optional("frequency"),
    optional("lead_officer"),
    optional("delivery_board"),
    optional("objectives"),
];

const OBSERVATIONS: &[Column] = &[
    required("indicator"),
    required("period"),
    required("kind"),
    optional("locality"),
    optional("group"),
    required("text"),
    optional("set_by"),
    optional("agreed_on"),
    informative("figure"),
    informative("numerator"),
    informative("denominator"),
    informative("parsed"),
];

const MILESTONES: &[Column] = &[
    required("node"),
    required("text"),
    optional("timescale"),
    optional("due"),
    optional("owner"),
    optional("indicators"),
    optional("status"),
];

const LOCALITIES: &[Column] = &[
    required("name"),
    optional("parent"),
    required("kind"),
    optional("valid_from"),
    optional("valid_to"),
];

/// What the council wrote beside its figures; `statement` is `rag`, `trend` or `comment`.
const STATEMENTS: &[Column] = &[
    required("indicator"),
    required("period"),
    required("statement"),
    required("text"),
];

impl Table {
    pub const ALL: [Table; 7] = [
        Table::Plan,
        Table::Nodes,
        Table::Indicators,
        Table::Observations,
        Table::Milestones,
        Table::Localities,
        Table::Statements,
    ];

    /// The table's name: the CSV file stem and the worksheet name.
    pub fn name(self) -> &'static str {
        match self {
            Table::Plan => "plan",
            Table::Nodes => "nodes",
            Table::Indicators => "indicators",
            Table::Observations => "observations",
            Table::Milestones => "milestones",
            Table::Localities => "localities",
            Table::Statements => "statements",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.csv", self.name())
    }

    /// One row of this table, in words, for messages.
    pub fn row_noun(self) -> &'static str {
        match self {
            Table::Plan => "plan",
            Table::Nodes => "node",
            Table::Indicators => "indicator",
            Table::Observations => "observation",
            Table::Milestones => "milestone",
            Table::Localities => "locality",
            Table::Statements => "statement",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Plan => PLAN,
            Table::Nodes => NODES,
            Table::Indicators => INDICATORS,
            Table::Observations => OBSERVATIONS,
            Table::Milestones => MILESTONES,
            Table::Localities => LOCALITIES,
            Table::Statements => STATEMENTS,
        }
    }

    pub fn headings(self) -> Vec<&'static str> {
        self.columns().iter().map(|c| c.heading).collect()
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_name(name: &str) -> Option<Table> {
        let name = name.trim();
        Table::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// The table whose required headings all appear in `headings`; where
    /// several do, the one that accounts for the most headings.
    pub fn recognise<S: AsRef<str>>(headings: &[S]) -> Option<Table> {
        let given: Vec<String> = headings.iter().map(|h| normalise(h.as_ref())).collect();
        Table::ALL
            .into_iter()
            .filter(|t| {
                t.columns()
                    .iter()
                    .filter(|c| c.required)
                    .all(|c| given.iter().any(|g| g == c.heading))
            })
            .max_by_key(|t| {
                t.columns()
                    .iter()
                    .filter(|c| given.iter().any(|g| g == c.heading))
                    .count()
            })
    }
}

fn normalise(heading: &str) -> String {
    heading.trim().to_ascii_lowercase()
}

/// Which tables an input supplied. References into a table that was not
/// supplied cannot be checked here; the stored plan they merge into checks them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tables([bool; 7]);

impl Tables {
    pub fn all() -> Self {
        Tables([true; 7])
    }

    pub fn insert(&mut self, table: Table) {
        self.0[table.index()] = true;
    }

    pub fn contains(&self, table: Table) -> bool {
        self.0[table.index()]
    }

    pub fn union(self, other: Tables) -> Tables {
        let mut out = self;
        for table in Table::ALL {
            if other.contains(table) {
                out.insert(table);
            }
        }
        out
    }
}

/// Where each column of one table sits in one file.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// For each column position in the file, the canonical heading it holds
    /// (`None` for a blank heading).
    pub positions: Vec<Option<&'static str>>,
    by_heading: HashMap<&'static str, usize>,
}

impl Layout {
    /// Matches a header row against the table's columns. `line` is where the
    /// header row is, for messages.
    pub fn new<S: AsRef<str>>(
        table: Table,
        headings: &[S],
        file: &str,
        line: usize,
    ) -> Result<Layout, ImportError> {
        let expected = || {
            format!(
                "expected headings for {}: {}",
                table.name(),
                table.headings().join(", ")
            )
        };
        let mut positions = Vec::with_capacity(headings.len());
        let mut by_heading = HashMap::new();
        for (index, raw) in headings.iter().enumerate() {
            let raw = raw.as_ref();
            let error = |message: String| ImportError {
                file: file.to_string(),
                line,
                column: index + 1,
                field: Some(raw.to_string()),
                text: None,
                message,
            };
            let name = normalise(raw);
            if name.is_empty() {
                positions.push(None);
                continue;
            }
            let column = table
                .columns()
                .iter()
                .find(|c| c.heading == name)
                .ok_or_else(|| {
                    error(format!(
                        "`{raw}` is not a column of the {} table; {}",
                        table.name(),
                        expected()
                    ))
                })?;
            if by_heading.insert(column.heading, index).is_some() {
                return Err(error(format!("the heading `{raw}` appears twice")));
            }
            positions.push(Some(column.heading));
        }
        let missing: Vec<&str> = table
            .columns()
            .iter()
            .filter(|c| c.required && !by_heading.contains_key(c.heading))
            .map(|c| c.heading)
            .collect();
        if !missing.is_empty() {
            return Err(ImportError {
                file: file.to_string(),
                line,
                column: 0,
                field: Some(missing.join(", ")),
                text: None,
                message: format!("missing column(s) {}; {}", quoted(&missing), expected()),
            });
        }
        Ok(Layout {
            positions,
            by_heading,
        })
    }

    /// 1-based column of a heading, 0 if the file does not have it.
    pub fn column_of(&self, heading: &str) -> usize {
        self.by_heading.get(heading).map_or(0, |i| i + 1)
    }

    pub fn position(&self, heading: &str) -> Option<usize> {
        self.by_heading.get(heading).copied()
    }
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_recognised_from_its_own_headings() {
        for table in Table::ALL {
            assert_eq!(
                Table::recognise(&table.headings()),
                Some(table),
                "{table:?}"
            );
            let required: Vec<&str> = table
                .columns()
                .iter()
                .filter(|c| c.required)
                .map(|c| c.heading)
                .collect();
            assert_eq!(
                Table::recognise(&required),
                Some(table),
                "{table:?} from required headings only"
            );
        }
        assert_eq!(Table::recognise(&["Indicator", "Value", "Target"]), None);
    }

    #[test]
    fn a_header_with_a_stray_column_is_refused_with_the_expected_list() {
        let err = Layout::new(
            Table::Localities,
            &["name", "kind", "colour"],
            "localities.csv",
            1,
        )
        .err()
        .map(|e| (e.column, e.field, e.message));
        let (column, field, message) = err.unwrap_or_default();
        assert_eq!(column, 3);
        assert_eq!(field.as_deref(), Some("colour"));
        assert!(
            message.contains("name, parent, kind, valid_from, valid_to"),
            "{message}"
        );
    }
}

//! A column mapping: how a person says to read columns the headings leave
//! undecided, or read differently. Written as `Heading=reading` entries,
//! comma-separated on the command line (`--columns "Actual 06/07=actual:2006/07,Col 5=ignore"`)
//! or one a line in a file, where `#` starts a comment. A column is named by
//! its heading, compared loosely, or by its place: `Col 5`, `Column 5`.

use super::reading::{words, Reading};
use super::ColumnReading;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The column as the person named it.
    column: String,
    reading: Reading,
}

impl Mapping {
    /// Entries from the command line: `Heading=reading,Heading=reading`.
    pub fn parse_list(text: &str) -> Result<Mapping, String> {
        Mapping::parse_entries(text.split(',').map(|entry| (0, entry)))
    }

    /// A mapping file: one `Heading=reading` a line; `#` starts a comment.
    pub fn parse_file(text: &str) -> Result<Mapping, String> {
        Mapping::parse_entries(
            text.lines()
                .enumerate()
                .map(|(n, line)| (n + 1, line.split('#').next().unwrap_or_default())),
        )
    }

    fn parse_entries<'t>(
        entries: impl Iterator<Item = (usize, &'t str)>,
    ) -> Result<Mapping, String> {
        let mut mapping = Mapping::default();
        for (line, entry) in entries {
            if entry.trim().is_empty() {
                continue;
            }
            let place = if line > 0 {
                format!("line {line}: ")
            } else {
                String::new()
            };
            let (column, reading) = entry.rsplit_once('=').ok_or_else(|| {
                format!("{place}`{}` needs the form Heading=reading", entry.trim())
            })?;
            let reading = Reading::parse_mapping(reading)
                .map_err(|e| format!("{place}column `{}`: {e}", column.trim()))?;
            mapping.entries.push(Entry {
                column: column.trim().to_string(),
                reading,
            });
        }
        Ok(mapping)
    }

    /// Adds `other`'s entries after this mapping's, so they win.
    pub fn extend(&mut self, other: Mapping) {
        self.entries.extend(other.entries);
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The reading given for the column at `index` (0-based) headed `heading`:
    /// the last entry naming it by heading, else by place.
    pub(crate) fn for_column(&self, index: usize, heading: &str) -> Option<Reading> {
        let by_heading = words(heading);
        let found = |by: &dyn Fn(&Entry) -> bool| {
            self.entries.iter().rev().find(|e| by(e)).map(|e| e.reading)
        };
        let named = found(&|e| !by_heading.is_empty() && words(&e.column) == by_heading);
        named.or_else(|| found(&|e| place(&e.column) == Some(index + 1)))
    }

    /// Entries that name no column of any of the `headings` lists.
    pub(crate) fn unmatched(&self, headings: &[&[String]]) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| {
                !headings.iter().any(|list| {
                    list.iter().enumerate().any(|(i, h)| {
                        (!h.trim().is_empty() && words(h) == words(&e.column))
                            || place(&e.column) == Some(i + 1)
                    })
                })
            })
            .map(|e| e.column.as_str())
            .collect()
    }

    /// The reading of every column as a mapping file to edit; an undecided
    /// column is written with an empty reading, which must be filled in.
    pub fn write(columns: &[ColumnReading]) -> String {
        let mut out = String::from(
            "# How each column is read: Heading=reading. Readings: see docs/IMPORT.md\n",
        );
        for column in columns {
            let name = column.name();
            match column.reading {
                Some(reading) => out.push_str(&format!("{name}={}\n", reading.mapping_text())),
                None => out.push_str(&format!(
                    "# undecided: give this column a reading\n{name}=\n"
                )),
            }
        }
        out
    }
}

/// `Col 5`, `Column 5`, `col5`: the fifth column.
fn place(name: &str) -> Option<usize> {
    let lower = name.trim().to_lowercase();
    let number = lower
        .strip_prefix("column")
        .or_else(|| lower.strip_prefix("col"))?
        .trim_start_matches('.')
        .trim();
    number.parse().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::model::ObservationKind;
    use trustboard_core::period::Period;

    #[test]
    fn entries_name_columns_by_heading_or_place() {
        let mapping =
            Mapping::parse_list("Actual 06/07=actual:2006/07, Col 5=ignore").expect("a mapping");
        assert_eq!(
            mapping.for_column(2, "ACTUAL  06/07"),
            Some(Reading::Figure {
                kind: ObservationKind::Actual,
                period: Some(Period::financial(2006))
            })
        );
        assert_eq!(mapping.for_column(4, "Notes"), Some(Reading::Ignore));
        assert_eq!(mapping.for_column(3, "Notes"), None);
    }

    #[test]
    fn a_file_has_one_entry_a_line_and_comments() {
        let mapping = Mapping::parse_file("# saved\nRAG=rag\n\nWho=lead_officer # the lead\n")
            .expect("a mapping");
        assert_eq!(mapping.for_column(0, "who"), Some(Reading::LeadOfficer));
        let wrong = Mapping::parse_file("RAG=rag\nWho\n").expect_err("no reading");
        assert!(wrong.starts_with("line 2:"), "{wrong}");
        let empty = Mapping::parse_file("Col 5=\n").expect_err("empty reading");
        assert!(empty.contains("Col 5"), "{empty}");
    }
}

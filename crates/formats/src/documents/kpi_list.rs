//! Indicator lists: `Performance Measure or Activity | | Relevant Service level plan |
//! Link to strategic priority` (or `Lead or Support`), and `Target | Performance
//! Indicator | …`. Rows with only a first cell are sections (`DCSF Statutory
//! Indicators`), rows with only a second cell are sub-sections (`Early Years`)
//! or, starting in lower case, the rest of a title cut by a page break.

use crate::ImportError;

use super::builder::{At, Builder};
use super::codes::split_indicator;
use super::table::{Row, TableReader};

const CODE: usize = 0;
const TITLE: usize = 1;
const SERVICE: usize = 2;
const LAST: usize = 3;
const WIDTH: usize = 4;

pub(crate) fn recognises(headings: &[String]) -> bool {
    match headings {
        [first, second, ..] if first == "target" => second == "performance indicator",
        [first, _, third, ..] => {
            first == "performance measure or activity" && third == "relevant service level plan"
        }
        _ => false,
    }
}

#[derive(Default)]
pub(crate) struct KpiList {
    /// The last column says whether the directorate leads or supports.
    role_column: bool,
    sections: usize,
    section: Option<String>,
    subsections: usize,
    subsection: Option<String>,
    last_indicator: Option<String>,
}

impl TableReader for KpiList {
    fn header(&mut self, row: &Row, _builder: &mut Builder) -> Result<(), ImportError> {
        self.role_column = row
            .headings()
            .get(LAST)
            .is_some_and(|h| h == "lead or support");
        Ok(())
    }

    fn row(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError> {
        row.check_width(builder, WIDTH)?;
        let cells: Vec<String> = (0..WIDTH).map(|c| row.plain(c)).collect();
        let filled: Vec<bool> = cells.iter().map(|c| !c.is_empty()).collect();
        match filled.as_slice() {
            [true, false, false, false] => self.section(&cells[CODE], builder),
            [false, true, false, false] if cells[TITLE].starts_with(char::is_lowercase) => {
                if let Some(key) = &self.last_indicator {
                    builder.continue_indicator_title(key, &cells[TITLE]);
                }
            }
            [false, true, false, false] => self.subsection(&cells[TITLE], builder),
            [_, false, ..] => {
                return Err(row.error(
                    builder,
                    TITLE,
                    "Performance Indicator",
                    "a row with a code or service but no indicator",
                ));
            }
            _ => self.indicator(&cells, row.at(CODE), builder),
        }
        Ok(())
    }

    fn prose(&mut self, _row: &Row, _builder: &mut Builder) -> bool {
        false
    }

    fn finish(&mut self, _builder: &mut Builder) -> Result<(), ImportError> {
        Ok(())
    }
}

impl KpiList {
    fn section(&mut self, title: &str, builder: &mut Builder) {
        self.sections += 1;
        self.subsections = 0;
        let code = format!("S{}", self.sections);
        builder.node(&code, None, "section", title);
        self.section = Some(code);
        self.subsection = None;
    }

    fn subsection(&mut self, title: &str, builder: &mut Builder) {
        self.subsections += 1;
        let code = match &self.section {
            Some(section) => format!("{section}.{}", self.subsections),
            None => format!("S0.{}", self.subsections),
        };
        builder.node(&code, self.section.as_deref(), "section", title);
        self.subsection = Some(code);
    }

    fn indicator(&mut self, cells: &[String], at: At, builder: &mut Builder) {
        let (code, leftover) = split_indicator(&cells[CODE]);
        if !leftover.is_empty() {
            let message = "the code column holds more than a code; the rest is not imported";
            builder.warn(
                At {
                    column: CODE + 1,
                    ..at
                },
                Some(&leftover),
                message,
            );
        }
        let node = self.subsection.clone().or_else(|| self.section.clone());
        let (key, new) = builder.listed_indicator(
            At {
                column: TITLE + 1,
                ..at
            },
            code.as_ref(),
            &cells[TITLE],
            node.as_deref(),
        );
        self.last_indicator = Some(key.clone());
        if !new {
            // Listed again under another heading: the same indicator, linked there too.
            return;
        }
        let service = &cells[SERVICE];
        let role = &cells[LAST];
        let lead_officer = match (self.role_column, role.to_lowercase().as_str()) {
            (true, "lead" | "support") => Some(format!("{service} ({})", role.to_lowercase())),
            (true, other) if !other.is_empty() => {
                let message = format!("`{key}`: `{role}` is neither Lead nor Support");
                builder.warn(
                    At {
                        column: LAST + 1,
                        ..at
                    },
                    Some(role),
                    message,
                );
                Some(service.clone())
            }
            _ => Some(service.clone()),
        };
        if let Some(indicator) = builder.indicator_mut(&key) {
            indicator.lead_officer = lead_officer.filter(|l| !l.is_empty());
        }
    }
}

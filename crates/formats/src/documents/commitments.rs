//! Commitment tables: `Our commitment is to work to... | The benefits … |
//! We will monitor our progress … | Delivery Board` under `Theme N:` headings.
//!
//! Theme → commitment (`1.1`) → benefit (`1.1.1`) → indicators (`NI 32 …`,
//! `CSC 001 …`) with the delivery board that answers for them. Where the
//! third column says `We will do this by...`, its items without an
//! indicator code are actions, kept as milestones.

use trustboard_core::model::Milestone;
use trustboard_core::timescale;

use crate::ImportError;

use super::builder::{At, Builder};
use super::codes::{
    indicator_code_starts, numbered_heading, plan_code, split_indicator, top_level, IndicatorCode,
};
use super::markup::{self, without_markdown};
use super::table::{Row, TableReader};

pub(crate) fn recognises(headings: &[String]) -> bool {
    headings
        .first()
        .is_some_and(|h| h.starts_with("our commitment"))
        && headings.iter().any(|h| h == "delivery board")
}

#[derive(Default)]
pub(crate) struct Commitments {
    theme: Option<String>,
    commitment: Option<String>,
    /// The table lists actions (`We will do this by...`) rather than measures.
    actions: bool,
}

impl TableReader for Commitments {
    fn header(&mut self, row: &Row, _builder: &mut Builder) -> Result<(), ImportError> {
        self.actions = row
            .headings()
            .iter()
            .any(|h| h.starts_with("we will do this by"));
        Ok(())
    }

    fn row(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError> {
        let first = row.plain(0);
        if !first.is_empty() {
            self.commitment_cell(row, &first, builder)?;
        }
        let Some((benefit_column, code)) =
            (1..row.cells.len()).find_map(|c| benefit_code(&row.plain(c)).map(|code| (c, code)))
        else {
            return match (1..row.cells.len()).find(|&c| !row.plain(c).is_empty()) {
                Some(column) => Err(row.error(
                    builder,
                    column,
                    "benefit",
                    "expected a benefit numbered like `1.1.1` in this row",
                )),
                None => Ok(()),
            };
        };
        let cell = row.plain(benefit_column);
        let (_, inline_title) = plan_code(&cell).unwrap_or_default();
        let (title, measures_column) = if inline_title.is_empty() {
            (row.plain(benefit_column + 1), benefit_column + 2)
        } else {
            (inline_title.to_string(), benefit_column + 1)
        };
        let commitment = parent_code(&code);
        builder.node(&code, Some(&commitment), "benefit", &title);
        let board = (measures_column + 1..row.cells.len())
            .map(|c| row.plain(c))
            .find(|b| !b.is_empty());
        for item in items(row.raw(measures_column)) {
            self.item(
                &item,
                &code,
                board.as_deref(),
                row.at(measures_column),
                builder,
            );
        }
        Ok(())
    }

    fn prose(&mut self, row: &Row, builder: &mut Builder) -> bool {
        let text = without_markdown(&row.plain(0));
        let Some((code, title)) = numbered_heading(&text, "Theme") else {
            return false;
        };
        builder.node(&code, None, "theme", &title);
        self.theme = Some(code);
        true
    }

    fn finish(&mut self, _builder: &mut Builder) -> Result<(), ImportError> {
        Ok(())
    }
}

impl Commitments {
    fn commitment_cell(
        &mut self,
        row: &Row,
        first: &str,
        builder: &mut Builder,
    ) -> Result<(), ImportError> {
        match plan_code(first) {
            Some((code, title)) if code.split('.').count() == 2 => {
                let theme = Some(top_level(&code))
                    .filter(|t| builder.has_node(t))
                    .or(self.theme.as_deref());
                builder.node(&code, theme, "commitment", title);
                self.commitment = Some(code);
                Ok(())
            }
            _ => match &self.commitment {
                Some(code) => {
                    builder.continue_title(code, first);
                    Ok(())
                }
                None => Err(row.error(
                    builder,
                    0,
                    "commitment",
                    "expected a commitment numbered like `1.1`",
                )),
            },
        }
    }

    /// One item of the measures column: an indicator, a note, or an action.
    fn item(&self, item: &str, benefit: &str, board: Option<&str>, at: At, builder: &mut Builder) {
        if item.to_lowercase().starts_with("(see") {
            return;
        }
        let (code, title) = split_indicator(item);
        if code.is_none() && self.actions {
            let found = timescale::find(item);
            builder.milestone(Milestone {
                node: benefit.to_string(),
                text: item.to_string(),
                timescale: found.as_ref().map(|f| f.text.to_string()),
                due: found.and_then(|f| f.timescale.due),
                ..Milestone::default()
            });
            return;
        }
        indicator(builder, code.as_ref(), &title, benefit, board, at);
    }
}

/// Adds or extends the indicator; it keeps the first delivery board it was given.
fn indicator(
    builder: &mut Builder,
    code: Option<&IndicatorCode>,
    title: &str,
    benefit: &str,
    board: Option<&str>,
    at: At,
) {
    let (key, _) = builder.listed_indicator(at, code, title, Some(benefit));
    let Some(indicator) = builder.indicator_mut(&key) else {
        return;
    };
    match (indicator.delivery_board.clone(), board) {
        (None, board) => indicator.delivery_board = board.map(str::to_string),
        (Some(held), Some(board)) if held != board => {
            let message = format!("`{key}` is answered for by `{held}` elsewhere; kept that board");
            builder.warn(at, Some(board), message);
        }
        _ => {}
    }
}

/// `1.1.1` at the start of a cell, alone or before the benefit's text.
fn benefit_code(cell: &str) -> Option<String> {
    plan_code(cell)
        .map(|(code, _)| code)
        .filter(|code| code.split('.').count() == 3)
}

fn parent_code(code: &str) -> String {
    code.rsplit_once('.')
        .map_or(code, |(parent, _)| parent)
        .to_string()
}

/// The items of a measures cell: its paragraphs, or pieces set apart by
/// wide spaces, each split again where another indicator code begins.
fn items(raw: &str) -> Vec<String> {
    markup::pieces(raw)
        .into_iter()
        .flat_map(|piece| {
            let mut cuts = indicator_code_starts(&piece);
            cuts.retain(|&c| c > 0);
            cuts.push(piece.len());
            let mut from = 0;
            cuts.into_iter()
                .map(|to| {
                    let item = piece[from..to].trim().to_string();
                    from = to;
                    item
                })
                .filter(|i| !i.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_split_into_indicators() {
        let raw = "<p><b>NI 59</b> Initial assessments</p> <p><b>NI 64</b> Plans</p>";
        assert_eq!(items(raw), ["NI 59 Initial assessments", "NI 64 Plans"]);
        let raw = "NI 110 Young people's participation CSC 074 Perceptions (Place Survey)";
        assert_eq!(
            items(raw),
            [
                "NI 110 Young people's participation",
                "CSC 074 Perceptions (Place Survey)"
            ]
        );
        let raw = "Implementing the strategy  Implementing the academies";
        assert_eq!(
            items(raw),
            ["Implementing the strategy", "Implementing the academies"]
        );
    }
}

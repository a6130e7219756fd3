//! Indicator tables: `Objectives | Performance Indicator | <period> out-turn | <period> target …`.
//!
//! Each value column's heading gives its period and whether it holds
//! out-turns or targets. Every non-empty value cell becomes one observation
//! with the text as written. A cell may list several indicators (`– a – b`)
//! with their values in order; a row whose values read `(see Objective 11.1)`
//! points to an indicator of another objective; lettered parts of an
//! indicator named by cluster are values per cluster.

use trustboard_core::model::ObservationKind;
use trustboard_core::period::{read_quarter_word, read_written, Period, PeriodKind};

use crate::ImportError;

use super::builder::{Builder, Cell, CrossReference, IndicatorRow};
use super::codes::{numbered_heading, plan_code, split_indicator, top_level};
use super::markup::{self, without_markdown};
use super::table::{Row, TableReader};

const INDICATOR: usize = 1;
const FIRST_VALUE: usize = 2;

#[derive(Debug, Clone, Copy)]
struct Column {
    period: Period,
    kind: ObservationKind,
}

pub(crate) fn recognises(headings: &[String]) -> bool {
    columns(headings).is_some()
}

fn columns(headings: &[String]) -> Option<Vec<Column>> {
    let objective = headings.first().map(|h| h.trim_end_matches(':'));
    if headings.len() <= FIRST_VALUE
        || !matches!(objective, Some("objectives" | "objective"))
        || headings[INDICATOR] != "performance indicator"
    {
        return None;
    }
    let year = headings[FIRST_VALUE..]
        .iter()
        .filter_map(|h| heading_period(h))
        .find(|p| matches!(p.kind, PeriodKind::Financial | PeriodKind::Quarter))
        .map(|p| p.year);
    headings[FIRST_VALUE..]
        .iter()
        .map(|h| column(h).or_else(|| column(&with_year(h, year?)?)))
        .collect()
}

/// `Qtr 2` in a row whose other headings name the year 2015/16 is
/// `Q2 2015/16`; a heading without a quarter gains nothing.
fn with_year(heading: &str, year: i32) -> Option<String> {
    let span = Period::financial(year).to_string();
    let words: Vec<&str> = heading.split_whitespace().collect();
    let (at, quarter, taken) = words.iter().enumerate().find_map(|(i, w)| {
        if let Some(q) = read_quarter_word(w) {
            return Some((i, q, 1));
        }
        let next = words.get(i + 1)?;
        let q = matches!(*w, "qtr" | "quarter")
            .then(|| read_quarter_word(&format!("q{next}")))
            .flatten()?;
        Some((i, q, 2))
    })?;
    let mut out: Vec<String> = words[..at].iter().map(|w| w.to_string()).collect();
    out.push(format!("q{quarter} {span}"));
    out.extend(words[at + taken..].iter().map(|w| w.to_string()));
    Some(out.join(" "))
}

/// `2009/10 out-turn`, `2010/11 target`, `2006/2007 performance (academic year 05/06)`,
/// `Target 06/07`, `Actual 06/07`, `06/07`, `2006-07`, `AY 2010/11 out-turn`,
/// `Q1 2015/16`, `2015/16 Q1 target`, `Sept 2011`, `Mar-12`. A heading that is
/// only a period holds out-turns.
fn column(heading: &str) -> Option<Column> {
    let period = heading_period(heading)?;
    let kind = if heading.contains("target") {
        ObservationKind::Target
    } else {
        ObservationKind::Actual
    };
    let rest = without_period_words(heading);
    let known = rest.is_empty()
        || [
            "out-turn",
            "outturn",
            "performance",
            "actual",
            "result",
            "target",
        ]
        .iter()
        .any(|w| rest.contains(w));
    known.then_some(Column { period, kind })
}

/// The first period the heading names, reading left to right and taking the
/// longest run of words that is a period at each place, so that `Q1 2015/16`
/// is the quarter, not the year.
pub(crate) fn heading_period(heading: &str) -> Option<Period> {
    let words: Vec<&str> = heading.split_whitespace().collect();
    (0..words.len()).find_map(|start| {
        (1..=3.min(words.len() - start)).rev().find_map(|len| {
            let text = words[start..start + len].join(" ");
            read_written(&text).or_else(|| {
                // `2010` alone: a calendar year, as the canonical form writes it.
                (len == 1).then(|| text.parse::<Period>().ok()).flatten()
            })
        })
    })
}

/// The heading without its period words: what is left says the column's kind.
pub(crate) fn without_period_words(heading: &str) -> String {
    heading
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| c == '(' || c == ')');
            read_written(w).is_none()
                && w.parse::<Period>().is_err()
                && read_quarter_word(w).is_none()
                && !matches!(w, "ay" | "qtr" | "quarter" | "fy")
                // the `2` of `Qtr 2 2015/16`
                && !(w.len() == 1 && w.bytes().all(|b| b.is_ascii_digit()))
                && read_written(&format!("{w} 2000")).is_none()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Default)]
pub(crate) struct IndicatorTable {
    columns: Vec<Column>,
    outcome: Option<String>,
    objective: Option<String>,
    /// Code of the appendix the table is in; unnumbered objectives are numbered within it.
    section: Option<String>,
    unnumbered: usize,
    noted_second_periods: bool,
}

impl TableReader for IndicatorTable {
    fn header(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError> {
        let headings = row.headings();
        self.columns = columns(&headings).ok_or_else(|| {
            row.error(
                builder,
                FIRST_VALUE,
                "heading",
                "a value column heading needs a period and `target` or `out-turn`",
            )
        })?;
        // The header repeats on every page; say once that a second period is set aside.
        if !self.noted_second_periods {
            self.noted_second_periods = true;
            for (n, heading) in headings.iter().enumerate().skip(FIRST_VALUE) {
                if heading.contains("academic year") {
                    let message = format!(
                        "the heading also names an academic year; its values are filed under {}",
                        self.columns[n - FIRST_VALUE].period
                    );
                    builder.warn(row.at(n), Some(&row.plain(n)), message);
                }
            }
        }
        Ok(())
    }

    fn row(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError> {
        let width = FIRST_VALUE + self.columns.len();
        row.check_width(builder, width)?;
        let first = row.plain(0);
        if self.heading(&first, builder) {
            return Ok(());
        }
        let objective = self.objective_of(row, &first, builder)?;
        let indicator = row.plain(INDICATOR);
        let values: Vec<(usize, String)> = (FIRST_VALUE..width)
            .map(|c| (c, cell_text(row.raw(c))))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        if indicator.is_empty() {
            return match values.first() {
                Some((column, _)) => Err(row.error(
                    builder,
                    *column,
                    "Performance Indicator",
                    "a value with no indicator beside it",
                )),
                None => Ok(()),
            };
        }
        if values.is_empty() && indicator.to_lowercase().starts_with("see ") {
            let message = format!(
                "objective {objective} refers to another objective's indicators; no link was made"
            );
            builder.warn(row.at(INDICATOR), Some(&indicator), message);
            return Ok(());
        }
        let listed = markup::dash_items(&indicator)
            .filter(|items| items.len() > 1)
            .or_else(|| self.parts_as_indicators(row, &indicator, width));
        match listed {
            Some(items) => self.several_indicators(row, &objective, &items, builder),
            None => {
                let title = markup::dash_items(&indicator)
                    .and_then(|i| i.into_iter().next())
                    .unwrap_or(indicator);
                self.one_indicator(row, &objective, &title, &values, builder);
            }
        }
        Ok(())
    }

    fn prose(&mut self, row: &Row, builder: &mut Builder) -> bool {
        let text = without_markdown(&row.plain(0));
        // An appendix heading names the table that follows it, not one already open.
        if let Some((number, title)) =
            numbered_heading(&text, "Appendix").filter(|_| self.columns.is_empty())
        {
            let code = format!("A{number}");
            builder.node(&code, None, "appendix", &title);
            self.section = Some(code);
            return true;
        }
        self.heading(&text, builder)
    }

    fn finish(&mut self, _builder: &mut Builder) -> Result<(), ImportError> {
        Ok(())
    }
}

impl IndicatorTable {
    /// `Outcome N: …` rows between the tables.
    fn heading(&mut self, text: &str, builder: &mut Builder) -> bool {
        let Some((code, title)) = numbered_heading(text, "Outcome") else {
            return false;
        };
        if title.to_lowercase().starts_with("removed") {
            builder.node(&code, None, "outcome", "");
            builder.retire(&code, &title);
        } else {
            builder.node(&code, None, "outcome", &title);
        }
        // The heading repeats on every page; only a new outcome ends the objective.
        if self.outcome.as_deref() != Some(code.as_str()) {
            self.objective = None;
        }
        self.outcome = Some(code);
        true
    }

    /// The objective a row is under: a coded one (`2.1 a) …`, or just `2.1 a)`
    /// on later rows), an unnumbered one given the next code of its appendix,
    /// or the one above when the cell is empty.
    fn objective_of(
        &mut self,
        row: &Row,
        first: &str,
        builder: &mut Builder,
    ) -> Result<String, ImportError> {
        let code = if first.is_empty() {
            self.objective.clone().ok_or_else(|| {
                row.error(
                    builder,
                    0,
                    "Objectives",
                    "the table's first row has no objective",
                )
            })?
        } else if let Some((code, title)) = plan_code(first) {
            let parent = Some(top_level(&code))
                .filter(|p| builder.has_node(p))
                .or(self.outcome.as_deref());
            builder.node(&code, parent, "objective", title);
            code
        } else {
            self.unnumbered += 1;
            let prefix = self.section.clone().unwrap_or_else(|| "O".to_string());
            let code = format!("{prefix}.{}", self.unnumbered);
            builder.node(&code, self.section.as_deref(), "objective", first);
            code
        };
        self.objective = Some(code.clone());
        Ok(code)
    }

    /// `% gap … for a) KS1 Reading b) KS1 Writing …` with one paragraph per
    /// part in every value cell is one indicator per part.
    fn parts_as_indicators(&self, row: &Row, indicator: &str, width: usize) -> Option<Vec<String>> {
        let (lead, parts) = markup::lettered_parts(indicator);
        if parts.len() < 2 || lead.to_lowercase().contains("cluster") {
            return None;
        }
        let cells: Vec<&str> = (FIRST_VALUE..width)
            .map(|c| row.raw(c))
            .filter(|c| !c.trim().is_empty())
            .collect();
        let one_per_part =
            !cells.is_empty() && cells.iter().all(|c| markup::blocks(c).len() == parts.len());
        one_per_part.then(|| {
            parts
                .into_iter()
                .map(|(_, part)| format!("{lead} {part}"))
                .collect()
        })
    }

    fn cell(&self, row: &Row, column: usize, locality: Option<String>, text: String) -> Cell {
        let heading = self.columns[column - FIRST_VALUE];
        Cell {
            at: row.at(column),
            period: heading.period,
            kind: heading.kind,
            locality,
            text,
        }
    }

    fn one_indicator(
        &self,
        row: &Row,
        objective: &str,
        title: &str,
        values: &[(usize, String)],
        builder: &mut Builder,
    ) {
        let (code, title) = split_indicator(title);
        let at = row.at(INDICATOR);
        let cross_reference = values
            .iter()
            .map(|(_, text)| cross_reference_target(text))
            .collect::<Option<Vec<String>>>();
        let (title, localities) = cluster_parts(&title);
        for locality in &localities {
            builder.locality(locality, "cluster");
        }
        let cells = values
            .iter()
            .flat_map(|(column, text)| self.cells_by_locality(row, *column, text, &localities))
            .collect();
        let indicator = IndicatorRow {
            at,
            objective: objective.to_string(),
            code,
            title,
            cells,
        };
        match cross_reference.and_then(|targets| targets.into_iter().next()) {
            Some(target) => builder.cross_reference(CrossReference {
                row: indicator,
                target,
            }),
            None => {
                builder.indicator_row(indicator);
            }
        }
    }

    /// `a) 100% b) 100%` under an indicator whose parts are clusters gives one
    /// value per cluster; any other text is a value for the whole area.
    fn cells_by_locality(
        &self,
        row: &Row,
        column: usize,
        text: &str,
        localities: &[String],
    ) -> Vec<Cell> {
        let (lead, parts) = markup::lettered_parts(text);
        if localities.is_empty() || !lead.is_empty() || parts.len() != localities.len() {
            return vec![self.cell(row, column, None, text.to_string())];
        }
        parts
            .into_iter()
            .zip(localities)
            .filter(|((_, value), _)| !value.is_empty())
            .map(|((_, value), locality)| self.cell(row, column, Some(locality.clone()), value))
            .collect()
    }

    /// A cell listing several indicators: each value cell lists their values
    /// in the same order. Where the counts differ the pairing is unknown, so
    /// the whole cell is kept with the first indicator and a warning.
    fn several_indicators(
        &self,
        row: &Row,
        objective: &str,
        items: &[String],
        builder: &mut Builder,
    ) {
        let mut rows: Vec<IndicatorRow> = items
            .iter()
            .map(|item| {
                let (code, title) = split_indicator(item);
                IndicatorRow {
                    at: row.at(INDICATOR),
                    objective: objective.to_string(),
                    code,
                    title,
                    cells: Vec::new(),
                }
            })
            .collect();
        for column in FIRST_VALUE..FIRST_VALUE + self.columns.len() {
            let text = cell_text(row.raw(column));
            if text.is_empty() {
                continue;
            }
            let values = value_items(row.raw(column), &text);
            if values.len() == rows.len() {
                for (indicator, value) in rows.iter_mut().zip(values) {
                    indicator.cells.push(self.cell(row, column, None, value));
                }
            } else {
                let message = format!(
                    "{} values for {} indicators, so which value belongs to which is unclear; the whole cell is kept with `{}`",
                    values.len(),
                    rows.len(),
                    rows[0].title
                );
                builder.warn(row.at(column), Some(&text), message);
                rows[0].cells.push(self.cell(row, column, None, text));
            }
        }
        for indicator in rows {
            builder.indicator_row(indicator);
        }
    }
}

/// The cell as the council wrote it: markup removed where there is any,
/// otherwise exactly as extracted.
fn cell_text(raw: &str) -> String {
    if raw.contains('<') {
        markup::plain(raw)
    } else {
        raw.trim().to_string()
    }
}

/// The separate values of a cell listing several: its paragraphs, or else
/// its figures each with the words that follow them (`2 full day care`).
fn value_items(raw: &str, text: &str) -> Vec<String> {
    let blocks = markup::blocks(raw);
    if blocks.len() > 1 {
        return blocks;
    }
    let mut items: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match items.last_mut() {
            Some(last) if !word.starts_with(|c: char| c.is_ascii_digit()) => {
                last.push(' ');
                last.push_str(word);
            }
            _ => items.push(word.to_string()),
        }
    }
    items
}

/// `(see Objective 11.1)` gives `11.1`.
fn cross_reference_target(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let rest = lower
        .strip_prefix("(see objective")?
        .trim()
        .trim_end_matches(')');
    plan_code(rest.trim()).map(|(code, _)| code)
}

/// An indicator counted in each cluster, `… in each cluster … a) Kingston
/// Town b) Malden and Coombes`: the title without the list, and the clusters.
fn cluster_parts(title: &str) -> (String, Vec<String>) {
    let (lead, parts) = markup::lettered_parts(title);
    if !lead.to_lowercase().contains("cluster") || parts.len() < 2 {
        return (title.to_string(), Vec::new());
    }
    (lead, parts.into_iter().map(|(_, name)| name).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_columns_know_their_period_and_kind() {
        let c = column("2010/11 out-turn").expect("a column");
        assert_eq!(
            (c.period, c.kind),
            (Period::financial(2010), ObservationKind::Actual)
        );
        let c = column("2009/2010 target (academic year 08/09)").expect("a column");
        assert_eq!(
            (c.period, c.kind),
            (Period::financial(2009), ObservationKind::Target)
        );
        assert!(column("comments").is_none());
    }

    fn read(heading: &str) -> Option<(String, ObservationKind)> {
        column(&heading.to_lowercase()).map(|c| (c.period.to_string(), c.kind))
    }

    #[test]
    fn period_headings_in_the_forms_councils_write_them() {
        use ObservationKind::{Actual, Target};
        for (heading, period, kind) in [
            ("Target 06/07", "2006/07", Target),
            ("Actual 06/07", "2006/07", Actual),
            ("06/07", "2006/07", Actual),
            ("2006-07", "2006/07", Actual),
            ("AY 2010/11 out-turn", "AY 2010/11", Actual),
            ("Q1 2015/16", "2015/16 Q1", Actual),
            ("2015/16 Q3 target", "2015/16 Q3", Target),
            ("Qtr 2 2015/16", "2015/16 Q2", Actual),
            ("Sept 2011", "2011-09", Actual),
            ("Mar-12 actual", "2012-03", Actual),
        ] {
            assert_eq!(read(heading), Some((period.to_string(), kind)), "{heading}");
        }
        assert_eq!(read("Comments 06/07"), None);
    }

    #[test]
    fn four_quarters_are_four_periods() {
        let headings: Vec<String> = [
            "objectives",
            "performance indicator",
            "q1 2015/16",
            "q2 2015/16",
            "q3 2015/16",
            "q4 2015/16",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        let periods: Vec<String> = columns(&headings)
            .expect("a table")
            .iter()
            .map(|c| c.period.to_string())
            .collect();
        assert_eq!(
            periods,
            ["2015/16 Q1", "2015/16 Q2", "2015/16 Q3", "2015/16 Q4"]
        );
    }

    #[test]
    fn a_quarter_without_its_year_takes_the_year_of_the_other_columns() {
        let headings: Vec<String> = [
            "objectives",
            "performance indicator",
            "2015/16 target",
            "qtr 1",
            "qtr 2 target",
            "q3",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        let read: Vec<(String, ObservationKind)> = columns(&headings)
            .expect("a table")
            .iter()
            .map(|c| (c.period.to_string(), c.kind))
            .collect();
        use ObservationKind::{Actual, Target};
        let expected = [
            ("2015/16", Target),
            ("2015/16 Q1", Actual),
            ("2015/16 Q2", Target),
            ("2015/16 Q3", Actual),
        ];
        assert_eq!(read, expected.map(|(p, k)| (p.to_string(), k)));
        // With no year anywhere the table is not read against guessed periods.
        let alone: Vec<String> = ["objectives", "performance indicator", "qtr 1", "qtr 2"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        assert!(columns(&alone).is_none());
    }

    #[test]
    fn values_of_a_list_cell() {
        assert_eq!(
            value_items("<p>15.3</p> <p>48</p>", "15.3 48"),
            ["15.3", "48"]
        );
        assert_eq!(
            value_items("15.5% 1,160 2 full day care", "15.5% 1,160 2 full day care"),
            ["15.5%", "1,160", "2 full day care"]
        );
        assert_eq!(
            value_items("26.8 (2005) 69 (2005)", "26.8 (2005) 69 (2005)"),
            ["26.8 (2005)", "69 (2005)"]
        );
    }

    #[test]
    fn cross_references_name_an_objective() {
        assert_eq!(
            cross_reference_target("(see Objective 11.1)").as_deref(),
            Some("11.1")
        );
        assert_eq!(cross_reference_target("59%"), None);
    }
}

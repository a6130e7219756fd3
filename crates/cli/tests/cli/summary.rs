//! Every value of Kingston's "Summary of Performance Indicators" is kept with
//! the text the council wrote.
//!
//! The tables are read here on their own terms (tab-separated rows, a header
//! row naming each value column's period and whether it is an out-turn or a
//! target) and compared with what `export --format json` gives back.

use std::collections::BTreeMap;

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::seeds::{seed, seed_text};

on_both_backends!(summary_values_keep_their_text);

const SECTION: &str = "Summary of Performance Indicators";
const HEADER_START: &str = "Objectives\tPerformance Indicator\t";

/// A value column: the period label and the kind of value.
struct Column {
    period: String,
    kind: &'static str,
}

/// One indicator row of the summary tables.
struct SummaryRow {
    line: usize,
    objective: String,
    indicator: String,
    /// (column, text) of the non-empty value cells.
    values: Vec<(usize, String)>,
}

impl SummaryRow {
    /// `(see Objective 11.1)` in every value cell: the values are given under another objective.
    fn cross_reference(&self) -> Option<String> {
        let targets: Vec<Option<&str>> = self
            .values
            .iter()
            .map(|(_, text)| {
                text.strip_prefix("(see Objective ")
                    .and_then(|rest| rest.strip_suffix(')'))
            })
            .collect();
        match targets.first() {
            Some(Some(first)) if targets.iter().all(|t| t == &Some(*first)) => {
                Some(first.to_string())
            }
            _ => None,
        }
    }
}

fn column(heading: &str) -> Column {
    let period = heading
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let kind = if heading.contains("target") {
        "target"
    } else {
        "actual"
    };
    assert!(
        heading.contains("target") || heading.contains("out-turn"),
        "unexpected value column heading `{heading}`"
    );
    Column { period, kind }
}

/// `2.1 a) Children and …` → `2.1 a)`; `1.1 Ensure …` → `1.1`; `2.1 a)` alone as it is.
fn objective_code(cell: &str) -> String {
    let mut words = cell.split_whitespace();
    let number = words.next().unwrap_or_default();
    match words.next() {
        Some(letter) if letter.len() == 2 && letter.ends_with(')') => format!("{number} {letter}"),
        _ => number.to_string(),
    }
}

/// The summary's columns and indicator rows, from the seed text.
fn summary_tables(document: &str) -> (Vec<Column>, Vec<SummaryRow>) {
    let lines: Vec<&str> = document.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == SECTION)
        .unwrap_or_else(|| panic!("seed 000 has no `{SECTION}` heading"));
    let header = lines[start..]
        .iter()
        .find(|l| l.starts_with(HEADER_START))
        .expect("the summary has a header row");
    let columns: Vec<Column> = header.split('\t').skip(2).map(column).collect();
    let mut rows = Vec::new();
    let mut objective = String::new();
    for (n, line) in lines.iter().enumerate().skip(start + 1) {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 2 || line.starts_with(HEADER_START) || line.starts_with("Outcome ") {
            continue;
        }
        assert_eq!(
            cells.len(),
            columns.len() + 2,
            "line {} is not a summary row: {line}",
            n + 1
        );
        if !cells[0].trim().is_empty() {
            objective = objective_code(cells[0]);
        }
        let values: Vec<(usize, String)> = cells[2..]
            .iter()
            .enumerate()
            .map(|(c, cell)| (c, cell.trim().to_string()))
            .filter(|(_, text)| !text.is_empty())
            .collect();
        if !values.is_empty() {
            rows.push(SummaryRow {
                line: n + 1,
                objective: objective.clone(),
                indicator: cells[1].to_string(),
                values,
            });
        }
    }
    (columns, rows)
}

/// Indicator key → the texts stored for it, by (period, kind), whole-area values only.
type Stored<'a> = BTreeMap<&'a str, BTreeMap<(&'a str, &'a str), &'a str>>;

fn stored_values(plan: &Value) -> Stored<'_> {
    let mut stored: Stored<'_> = BTreeMap::new();
    for o in items(&plan["observations"], "observations") {
        if o["locality"].is_null() && o["group"].is_null() {
            let slot = (
                text(o, "period").unwrap_or_default(),
                text(o, "kind").unwrap_or_default(),
            );
            stored
                .entry(text(o, "indicator").unwrap_or_default())
                .or_default()
                .insert(slot, text(o, "text").unwrap_or_default());
        }
    }
    stored
}

/// Keys of the indicators that measure `objective`.
fn indicators_of<'a>(plan: &'a Value, objective: &str) -> Vec<&'a str> {
    items(&plan["indicators"], "indicators")
        .iter()
        .filter(|i| {
            items(&i["objectives"], "objectives")
                .iter()
                .any(|o| o == objective)
        })
        .filter_map(|i| text(i, "key"))
        .collect()
}

fn summary_values_keep_their_text(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let plan = trustboard.plan();
    let stored = stored_values(&plan);
    let (columns, rows) = summary_tables(&seed_text("000"));
    let cells: usize = rows.iter().map(|r| r.values.len()).sum();
    assert!(
        cells > 1000,
        "the summary tables were not found whole: {cells} value cells"
    );

    let mut links = 0;
    for row in &rows {
        let candidates = indicators_of(&plan, &row.objective);
        let holds_row = |key: &&str| {
            row.values.iter().all(|(c, written)| {
                let slot = (columns[*c].period.as_str(), columns[*c].kind);
                stored.get(key).and_then(|s| s.get(&slot)) == Some(&written.as_str())
            })
        };
        let kept_as_written = candidates.iter().any(holds_row);
        match row.cross_reference() {
            // Documented: a reference is a link from this objective to an
            // indicator of the objective it names, with no values of its own;
            // one that matches no indicator there is kept as its own indicator
            // with the reference text as its values.
            Some(target) => {
                let linked = candidates
                    .iter()
                    .any(|key| indicators_of(&plan, &target).contains(key));
                assert!(
                    linked != kept_as_written,
                    "line {}: `{}` refers to objective {target}; expected either a link ({linked}) or the row kept as written ({kept_as_written})",
                    row.line,
                    row.indicator
                );
                links += usize::from(linked);
            }
            None => assert!(
                kept_as_written,
                "line {}: no indicator of objective {} holds the values {:?} of `{}` exactly as written; indicators there: {candidates:?}",
                row.line, row.objective, row.values, row.indicator
            ),
        }
    }
    assert!(links > 0, "no `(see Objective …)` row became a link");

    // Nothing was stored that the summary does not say.
    let mut written: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        for (_, text) in &row.values {
            *written.entry(text.as_str()).or_default() += 1;
        }
    }
    for o in items(&plan["observations"], "observations") {
        let value = text(o, "text").unwrap_or_default();
        let left = written.get_mut(value);
        assert!(
            left.as_deref().is_some_and(|n| *n > 0),
            "stored value `{value}` of `{}` is not (or not that often) in the summary tables",
            o["indicator"]
        );
        if let Some(n) = left {
            *n -= 1;
        }
    }
}

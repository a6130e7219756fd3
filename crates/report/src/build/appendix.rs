//! The plan's own "Summary of Performance Indicators": for each outcome, one
//! row per indicator per objective, and one column per period and kind of
//! value the plan holds (`2009/10 out-turn`, `2010/11 target` …), each cell the
//! text as the council wrote it.

use std::collections::{BTreeSet, HashMap};

use trustboard_core::judge::suppression::counts_people;
use trustboard_core::model::{Indicator, Node, ObservationKind};
use trustboard_core::period::Period;

use super::scope::Scope;
use super::withhold;
use crate::pack::{Appendix, AppendixRow, AppendixSection, Cell};

/// A value column: targets come before out-turns of the same period, as in plan tables.
type Column = (Period, u8, ObservationKind);

fn column(period: Period, kind: ObservationKind) -> Column {
    let order = match kind {
        ObservationKind::Target => 0,
        ObservationKind::Actual => 1,
        ObservationKind::England => 2,
        ObservationKind::Region => 3,
        ObservationKind::StatisticalNeighbours => 4,
    };
    (period, order, kind)
}

fn heading((period, _, kind): &Column) -> String {
    let what = match kind {
        ObservationKind::Actual => "out-turn",
        ObservationKind::Target => "target",
        ObservationKind::England => "England",
        ObservationKind::Region => "region",
        ObservationKind::StatisticalNeighbours => "statistical neighbours",
    };
    format!("{period} {what}")
}

/// An indicator listed under one objective.
struct Listing<'a> {
    objective: &'a Node,
    indicator: &'a Indicator,
}

pub fn appendix(scope: &Scope<'_>) -> Appendix {
    let sections: Vec<(&Node, Vec<Listing<'_>>)> = scope
        .outcomes()
        .into_iter()
        .map(|outcome| (outcome, listings(scope, outcome)))
        .filter(|(_, listings)| !listings.is_empty())
        .collect();
    let columns: Vec<Column> = sections
        .iter()
        .flat_map(|(_, listings)| listings)
        .flat_map(|l| scope.observations(&l.indicator.key))
        .map(|o| column(o.period, o.kind))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Appendix {
        columns: columns.iter().map(heading).collect(),
        sections: sections
            .into_iter()
            .map(|(outcome, listings)| AppendixSection {
                outcome_code: outcome.code.clone(),
                outcome_title: outcome.title.clone(),
                rows: section_rows(scope, &listings, &columns),
            })
            .collect(),
    }
}

/// The outcome's indicators, by objective in plan order, then in the order the plan lists them.
fn listings<'a>(scope: &Scope<'a>, outcome: &Node) -> Vec<Listing<'a>> {
    let position: HashMap<&str, usize> = scope
        .doc
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.code.as_str(), i))
        .collect();
    let mut listed: Vec<(usize, usize, Listing<'a>)> = Vec::new();
    for (i, indicator) in scope.doc.indicators.iter().enumerate() {
        for code in scope.objectives_under(indicator, outcome) {
            if let Some(&at) = position.get(code) {
                listed.push((
                    at,
                    i,
                    Listing {
                        objective: &scope.doc.nodes[at],
                        indicator,
                    },
                ));
            }
        }
    }
    listed.sort_by_key(|(at, i, _)| (*at, *i));
    listed.into_iter().map(|(_, _, listing)| listing).collect()
}

fn section_rows(
    scope: &Scope<'_>,
    listings: &[Listing<'_>],
    columns: &[Column],
) -> Vec<AppendixRow> {
    let mut previous_objective: Option<&str> = None;
    listings
        .iter()
        .map(|listing| {
            let code = listing.objective.code.as_str();
            // As in the plan: the objective is written out on its first row, then only its number.
            let objective = if previous_objective == Some(code) {
                code.to_owned()
            } else {
                format!("{code} {}", listing.objective.title)
            };
            previous_objective = Some(code);
            let observations = scope.observations(&listing.indicator.key);
            let is_count = counts_people(listing.indicator);
            let cells = columns
                .iter()
                .map(|col| {
                    observations
                        .iter()
                        .find(|o| column(o.period, o.kind) == *col)
                        .map_or(Cell::Empty, |o| withhold::cell(o, is_count, scope.opts))
                })
                .collect();
            AppendixRow {
                objective,
                indicator: match &listing.indicator.code {
                    Some(code) => format!("{code}: {}", listing.indicator.title),
                    None => listing.indicator.title.clone(),
                },
                cells,
            }
        })
        .collect()
}

//! Whole-plan checks every reader runs before handing a plan over: keys are
//! present and unique, and every reference points at something in the plan.

use std::collections::{HashMap, HashSet};

use trustboard_core::limits::{
    check_length, opening, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_TITLE_CHARS,
};
use trustboard_core::model::PlanDocument;
use trustboard_core::span::PlanSpan;

use super::schema::{Table, Tables};

/// One thing wrong with a plan, located by table, row and column heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub table: Table,
    /// 0-based position in the table's list (always 0 for the plan table).
    pub row: usize,
    /// The column heading concerned.
    pub field: &'static str,
    /// The offending value, as found.
    pub value: String,
    pub message: String,
}

/// Checks a complete plan.
pub fn validate(doc: &PlanDocument) -> Result<(), Vec<Problem>> {
    validate_tables(doc, Tables::all())
}

/// Checks a plan of which only `supplied` tables were given: a reference into
/// a table that was not supplied is left for the stored plan to check.
pub fn validate_tables(doc: &PlanDocument, supplied: Tables) -> Result<(), Vec<Problem>> {
    let mut check = Check {
        problems: Vec::new(),
    };
    check.plan(doc);
    check.lengths(doc);
    if let Some(span) = PlanSpan::stated(&doc.plan.period) {
        for (row, observation) in doc.observations.iter().enumerate() {
            if !span.admits(&observation.period) {
                let message = format!(
                    "the period is outside the plan's years ({}); give a period from {}",
                    doc.plan.period,
                    span.describe()
                );
                let period = observation.period.to_string();
                check.report(Table::Observations, row, "period", &period, &message);
            }
        }
    }
    let nodes = check.keyed(
        Table::Nodes,
        "code",
        doc.nodes.iter().map(|n| n.code.as_str()),
    );
    let indicators = check.keyed(
        Table::Indicators,
        "key",
        doc.indicators.iter().map(|i| i.key.as_str()),
    );
    let localities = check.keyed(
        Table::Localities,
        "name",
        doc.localities.iter().map(|l| l.name.as_str()),
    );
    let known = |table: Table, keys: &HashSet<&str>, key: &str| {
        !supplied.contains(table) || keys.contains(key)
    };

    let node_parents = doc
        .nodes
        .iter()
        .map(|n| (n.code.as_str(), n.parent.as_deref()));
    check.tree(Table::Nodes, &nodes, node_parents);
    for (row, node) in doc.nodes.iter().enumerate() {
        if let Some(target) = node.retired.as_ref().and_then(|r| r.merged_into.as_deref()) {
            if !nodes.contains(target) {
                check.report(
                    Table::Nodes,
                    row,
                    "merged_into",
                    target,
                    "the node it was merged into is not in the plan",
                );
            }
        }
    }
    for (row, indicator) in doc.indicators.iter().enumerate() {
        for objective in &indicator.objectives {
            if !known(Table::Nodes, &nodes, objective) {
                check.report(
                    Table::Indicators,
                    row,
                    "objectives",
                    objective,
                    "no node of the plan has this code",
                );
            }
        }
    }
    let mut slots = HashSet::new();
    for (row, observation) in doc.observations.iter().enumerate() {
        if !known(Table::Indicators, &indicators, &observation.indicator) {
            let message = "no indicator of the plan has this key";
            check.report(
                Table::Observations,
                row,
                "indicator",
                &observation.indicator,
                message,
            );
        }
        if let Some(locality) = observation.locality.as_deref() {
            if !known(Table::Localities, &localities, locality) {
                check.report(
                    Table::Observations,
                    row,
                    "locality",
                    locality,
                    "no locality of the plan has this name",
                );
            }
        }
        if !slots.insert(observation.slot()) {
            let message = format!(
                "another observation already gives the {} for this indicator, period, locality and group",
                observation.kind.as_str()
            );
            check.report(
                Table::Observations,
                row,
                "indicator",
                &observation.indicator,
                &message,
            );
        }
    }
    for (row, milestone) in doc.milestones.iter().enumerate() {
        if !known(Table::Nodes, &nodes, &milestone.node) {
            check.report(
                Table::Milestones,
                row,
                "node",
                &milestone.node,
                "no node of the plan has this code",
            );
        }
        for indicator in &milestone.indicators {
            if !known(Table::Indicators, &indicators, indicator) {
                check.report(
                    Table::Milestones,
                    row,
                    "indicators",
                    indicator,
                    "no indicator of the plan has this key",
                );
            }
        }
    }
    let mut said = HashSet::new();
    for (row, statement) in doc.statements.iter().enumerate() {
        if !known(Table::Indicators, &indicators, &statement.indicator) {
            check.report(
                Table::Statements,
                row,
                "indicator",
                &statement.indicator,
                "no indicator of the plan has this key",
            );
        }
        if !said.insert(statement.slot()) {
            let message = format!(
                "another statement already gives the {} for this indicator and period",
                statement.kind.code()
            );
            check.report(
                Table::Statements,
                row,
                "statement",
                statement.kind.code(),
                &message,
            );
        }
    }
    let locality_parents = doc
        .localities
        .iter()
        .map(|l| (l.name.as_str(), l.parent.as_deref()));
    check.tree(Table::Localities, &localities, locality_parents);
    for (row, locality) in doc.localities.iter().enumerate() {
        if let (Some(from), Some(to)) = (locality.valid_from, locality.valid_to) {
            if to < from {
                let message =
                    format!("the locality stops being valid ({to}) before it starts ({from})");
                check.report(
                    Table::Localities,
                    row,
                    "valid_to",
                    &to.to_string(),
                    &message,
                );
            }
        }
    }
    if check.problems.is_empty() {
        Ok(())
    } else {
        Err(check.problems)
    }
}

struct Check {
    problems: Vec<Problem>,
}

impl Check {
    fn report(
        &mut self,
        table: Table,
        row: usize,
        field: &'static str,
        value: &str,
        message: &str,
    ) {
        self.problems.push(Problem {
            table,
            row,
            field,
            value: value.to_string(),
            message: message.to_string(),
        });
    }

    fn plan(&mut self, doc: &PlanDocument) {
        if doc.organisation.trim().is_empty() {
            self.report(
                Table::Plan,
                0,
                "organisation",
                &doc.organisation,
                "the plan needs an organisation",
            );
        }
        if doc.plan.name.trim().is_empty() {
            self.report(
                Table::Plan,
                0,
                "plan",
                &doc.plan.name,
                "the plan needs a name",
            );
        }
    }

    /// Checks no text is longer than its field allows: names and codes
    /// [`MAX_NAME_CHARS`], titles (and indicator keys, which are titles when
    /// there is no code) [`MAX_TITLE_CHARS`], descriptions [`MAX_NOTE_CHARS`].
    fn lengths(&mut self, doc: &PlanDocument) {
        let header = &doc.plan;
        let plan = [
            ("organisation", Some(&doc.organisation), MAX_NAME_CHARS),
            ("plan", Some(&header.name), MAX_NAME_CHARS),
            ("title", Some(&header.title), MAX_TITLE_CHARS),
            ("period", Some(&header.period), MAX_NAME_CHARS),
        ];
        self.fields(Table::Plan, 0, &plan);
        for (row, node) in doc.nodes.iter().enumerate() {
            let fields = [
                ("code", Some(&node.code), MAX_NAME_CHARS),
                ("kind", Some(&node.kind), MAX_NAME_CHARS),
                ("title", Some(&node.title), MAX_TITLE_CHARS),
            ];
            self.fields(Table::Nodes, row, &fields);
        }
        for (row, indicator) in doc.indicators.iter().enumerate() {
            let fields = [
                // A key is the title where there is no code.
                ("key", Some(&indicator.key), MAX_TITLE_CHARS),
                ("code", indicator.code.as_ref(), MAX_NAME_CHARS),
                ("title", Some(&indicator.title), MAX_TITLE_CHARS),
                ("definition", indicator.definition.as_ref(), MAX_NOTE_CHARS),
                ("unit", indicator.unit.as_ref(), MAX_NAME_CHARS),
                ("frequency", indicator.frequency.as_ref(), MAX_NAME_CHARS),
                (
                    "lead_officer",
                    indicator.lead_officer.as_ref(),
                    MAX_NAME_CHARS,
                ),
                (
                    "delivery_board",
                    indicator.delivery_board.as_ref(),
                    MAX_NAME_CHARS,
                ),
            ];
            self.fields(Table::Indicators, row, &fields);
        }
        for (row, observation) in doc.observations.iter().enumerate() {
            let fields = [
                ("locality", observation.locality.as_ref(), MAX_NAME_CHARS),
                ("group", observation.group.as_ref(), MAX_NAME_CHARS),
                ("text", Some(&observation.text), MAX_NAME_CHARS),
                ("set_by", observation.set_by.as_ref(), MAX_NAME_CHARS),
            ];
            self.fields(Table::Observations, row, &fields);
        }
        for (row, milestone) in doc.milestones.iter().enumerate() {
            let fields = [
                ("text", Some(&milestone.text), MAX_NOTE_CHARS),
                ("timescale", milestone.timescale.as_ref(), MAX_NAME_CHARS),
                ("owner", milestone.owner.as_ref(), MAX_NAME_CHARS),
            ];
            self.fields(Table::Milestones, row, &fields);
        }
        for (row, locality) in doc.localities.iter().enumerate() {
            let fields = [
                ("name", Some(&locality.name), MAX_NAME_CHARS),
                ("kind", Some(&locality.kind), MAX_NAME_CHARS),
            ];
            self.fields(Table::Localities, row, &fields);
        }
    }

    /// Reports each of one row's `(field, text, most characters)` that is too long.
    fn fields(
        &mut self,
        table: Table,
        row: usize,
        fields: &[(&'static str, Option<&String>, usize)],
    ) {
        for &(field, text, max) in fields {
            let Some(text) = text else { continue };
            if let Err(message) = check_length(field, text, max) {
                self.report(table, row, field, &opening(text), &message);
            }
        }
    }

    /// Checks keys are non-empty and unique; returns the set of them.
    fn keyed<'a>(
        &mut self,
        table: Table,
        field: &'static str,
        keys: impl Iterator<Item = &'a str>,
    ) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        for (row, key) in keys.enumerate() {
            if key.trim().is_empty() {
                self.report(
                    table,
                    row,
                    field,
                    key,
                    &format!("every {} needs a {field}", table.row_noun()),
                );
            } else if !seen.insert(key) {
                let message = format!("another {} already has this {field}", table.row_noun());
                self.report(table, row, field, key, &message);
            }
        }
        seen
    }

    /// Checks parents exist and no row is its own ancestor.
    fn tree<'a>(
        &mut self,
        table: Table,
        keys: &HashSet<&str>,
        rows: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    ) {
        let rows: Vec<(&str, Option<&str>)> = rows.collect();
        let parent_of: HashMap<&str, &str> = rows
            .iter()
            .filter_map(|&(key, parent)| Some((key, parent?)))
            .collect();
        for (row, &(key, parent)) in rows.iter().enumerate() {
            let Some(parent) = parent else { continue };
            if !keys.contains(parent) {
                let message = format!("the parent is not a {} of the plan", table.row_noun());
                self.report(table, row, "parent", parent, &message);
            } else if is_own_ancestor(key, &parent_of) {
                let message = format!(
                    "following parents from this {} leads back to it",
                    table.row_noun()
                );
                self.report(table, row, "parent", parent, &message);
            }
        }
    }
}

fn is_own_ancestor(key: &str, parent_of: &HashMap<&str, &str>) -> bool {
    let mut seen = HashSet::new();
    let mut current = key;
    while let Some(&parent) = parent_of.get(current) {
        if parent == key {
            return true;
        }
        if !seen.insert(parent) {
            return false;
        }
        current = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::model::Node;

    fn node(code: &str, parent: Option<&str>) -> Node {
        Node {
            code: code.to_string(),
            parent: parent.map(str::to_string),
            kind: "objective".to_string(),
            title: String::new(),
            retired: None,
        }
    }

    fn plan() -> PlanDocument {
        PlanDocument {
            organisation: "Council".to_string(),
            plan: trustboard_core::model::PlanHeader {
                name: "CYPP".to_string(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn problems(doc: &PlanDocument) -> Vec<(Table, usize, &'static str, String)> {
        validate(doc)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.table, p.row, p.field, p.value))
            .collect()
    }

    #[test]
    fn a_loop_of_parents_is_found_and_a_chain_is_not() {
        let mut doc = plan();
        doc.nodes = vec![
            node("1", None),
            node("1.1", Some("1")),
            node("1.1.1", Some("1.1")),
        ];
        assert_eq!(problems(&doc), vec![]);
        doc.nodes[0].parent = Some("1.1.1".to_string());
        let found = problems(&doc);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().all(|p| p.0 == Table::Nodes && p.2 == "parent"));
    }

    #[test]
    fn missing_tables_are_not_held_against_references() {
        let mut doc = plan();
        doc.milestones.push(trustboard_core::model::Milestone {
            node: "4.2".to_string(),
            text: "Review".to_string(),
            indicators: vec!["NI 59".to_string()],
            ..trustboard_core::model::Milestone::default()
        });
        let mut only_milestones = Tables::default();
        only_milestones.insert(Table::Milestones);
        assert_eq!(validate_tables(&doc, only_milestones), Ok(()));
        assert_eq!(problems(&doc).len(), 2);
    }

    #[test]
    fn over_long_names_and_titles_are_named_by_field() {
        let mut doc = plan();
        doc.nodes = vec![node("1", None)];
        doc.nodes[0].title = "t".repeat(1_000);
        assert_eq!(problems(&doc), vec![]);
        doc.nodes[0].title.push('t');
        doc.plan.name = "n".repeat(201);
        let found = problems(&doc);
        let fields: Vec<(Table, &str)> = found.iter().map(|p| (p.0, p.2)).collect();
        assert_eq!(fields, [(Table::Plan, "plan"), (Table::Nodes, "title")]);
        assert_eq!(
            found[1].3,
            format!("{}…", "t".repeat(40)),
            "named, not repeated whole"
        );
    }

    #[test]
    fn figures_outside_the_plans_years_are_refused() {
        let mut doc = plan();
        doc.plan.period = "2009-13".to_string();
        doc.indicators.push(trustboard_core::model::Indicator::new(
            "NI 59",
            "Assessments",
        ));
        for period in ["2008/09", "2013/14", "2099/00"] {
            doc.observations.push(trustboard_core::model::Observation {
                indicator: "NI 59".to_string(),
                period: period.parse().unwrap_or_else(|e| panic!("{e}")),
                kind: trustboard_core::model::ObservationKind::Actual,
                locality: None,
                group: None,
                text: "60%".to_string(),
                parsed: trustboard_core::value::parse("60%"),
                set_by: None,
                agreed_on: None,
                source: Default::default(),
            });
        }
        assert_eq!(
            problems(&doc),
            vec![(Table::Observations, 2, "period", "2099/00".to_string())]
        );
    }
}

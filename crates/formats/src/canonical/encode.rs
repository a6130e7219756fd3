//! A plan as rows of text cells, one list of rows per table, in the order of
//! [`Table::columns`]. CSV and XLSX both write these rows.

use trustboard_core::model::{
    Indicator, Locality, Milestone, MilestoneStatus, Node, Observation, PlanDocument, Polarity,
    PolaritySource, Statement,
};

use super::list::join_list;
use super::schema::Table;

/// The data rows of one table (without the header row).
pub(crate) fn rows(doc: &PlanDocument, table: Table) -> Vec<Vec<String>> {
    match table {
        Table::Plan => vec![vec![
            doc.organisation.clone(),
            doc.plan.name.clone(),
            doc.plan.title.clone(),
            doc.plan.period.clone(),
        ]],
        Table::Nodes => doc.nodes.iter().map(node).collect(),
        Table::Indicators => doc.indicators.iter().map(indicator).collect(),
        Table::Observations => doc.observations.iter().map(observation).collect(),
        Table::Milestones => doc.milestones.iter().map(milestone).collect(),
        Table::Localities => doc.localities.iter().map(locality).collect(),
        Table::Statements => doc.statements.iter().map(statement).collect(),
    }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn shown<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn node(node: &Node) -> Vec<String> {
    let retired = node.retired.as_ref();
    vec![
        node.code.clone(),
        text(&node.parent),
        node.kind.clone(),
        node.title.clone(),
        if retired.is_some() {
            "yes".to_string()
        } else {
            String::new()
        },
        retired.map(|r| r.when.clone()).unwrap_or_default(),
        retired
            .and_then(|r| r.merged_into.clone())
            .unwrap_or_default(),
    ]
}

pub(crate) fn polarity_label(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::HigherIsBetter => "higher_is_better",
        Polarity::LowerIsBetter => "lower_is_better",
        Polarity::Band => "band",
    }
}

pub(crate) fn polarity_source_label(source: PolaritySource) -> &'static str {
    match source {
        PolaritySource::Stated => "stated",
        PolaritySource::Inferred => "inferred",
    }
}

fn indicator(indicator: &Indicator) -> Vec<String> {
    vec![
        indicator.key.clone(),
        text(&indicator.code),
        indicator.title.clone(),
        text(&indicator.definition),
        text(&indicator.unit),
        shown(indicator.polarity.map(polarity_label)),
        shown(indicator.polarity_source.map(polarity_source_label)),
        text(&indicator.frequency),
        text(&indicator.lead_officer),
        text(&indicator.delivery_board),
        join_list(&indicator.objectives),
    ]
}

fn observation(observation: &Observation) -> Vec<String> {
    let parsed = &observation.parsed;
    let ratio = parsed.ratio();
    vec![
        observation.indicator.clone(),
        observation.period.to_string(),
        observation.kind.as_str().to_string(),
        text(&observation.locality),
        text(&observation.group),
        observation.text.clone(),
        text(&observation.set_by),
        shown(observation.agreed_on),
        shown(parsed.figure()),
        shown(ratio.map(|(numerator, _)| numerator)),
        shown(ratio.map(|(_, denominator)| denominator)),
        serde_json::to_string(parsed).unwrap_or_default(),
    ]
}

fn milestone(milestone: &Milestone) -> Vec<String> {
    vec![
        milestone.node.clone(),
        milestone.text.clone(),
        text(&milestone.timescale),
        shown(milestone.due),
        text(&milestone.owner),
        join_list(&milestone.indicators),
        shown(milestone.status.map(MilestoneStatus::code)),
    ]
}

fn locality(locality: &Locality) -> Vec<String> {
    vec![
        locality.name.clone(),
        text(&locality.parent),
        locality.kind.clone(),
        shown(locality.valid_from),
        shown(locality.valid_to),
    ]
}

fn statement(statement: &Statement) -> Vec<String> {
    vec![
        statement.indicator.clone(),
        statement.period.to_string(),
        statement.kind.code().to_string(),
        statement.text.clone(),
    ]
}

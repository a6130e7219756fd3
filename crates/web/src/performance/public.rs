//! The public view of a published plan: approved figures only, small numbers
//! withheld, no commentary, no sign-in.

use serde::Serialize;
use trustboard_core::judge::suppression::{publish_value, Published, SuppressionRule};
use trustboard_core::judge::{IndicatorJudgement, Rag, ValueUsed};
use trustboard_core::model::{Indicator, Observation};
use trustboard_core::period::Period;

use super::cache::{Judged, LoadedPlan};
use super::table::{Cell, Table};
use super::views::rag_label;

/// Whether a value held in the plan may appear on its public page.
///
/// This is the one place that decides it. Figures entered through the web
/// reach the plan only once approved (until then they wait beside it), and
/// imported figures come from documents the partnership has already agreed,
/// so every value in the plan is approved. If values ever carry their own
/// approval state, this is where it is checked.
pub fn publishable(_observation: &Observation) -> bool {
    true
}

/// What the public may read of one value: its text, or why it is withheld.
fn shown(published: &Published) -> Result<String, String> {
    match published {
        Published::Shown { text } => Ok(text.clone()),
        Published::Suppressed { reason } => Err(reason.clone()),
        Published::Parts { parts } => {
            let mut texts = Vec::new();
            for (label, part) in parts {
                texts.push(format!("{label}) {}", shown(part)?));
            }
            Ok(texts.join(", "))
        }
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PublicLine {
    pub name: String,
    pub data_period: Option<String>,
    /// The out-turn as written, or `None` when withheld or missing.
    pub actual: Option<String>,
    /// Why the out-turn is not shown, when it is withheld.
    pub withheld: Option<String>,
    pub target: Option<String>,
    pub rag: Option<Rag>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PublicView {
    pub title: String,
    pub organisation: String,
    pub period: String,
    pub lines: Vec<PublicLine>,
}

fn value_text(
    plan: &LoadedPlan,
    indicator: &Indicator,
    value: &ValueUsed,
    rule: &SuppressionRule,
) -> Option<Result<String, String>> {
    let observation = plan.observations_of(&indicator.key).find(|o| {
        o.locality.is_none()
            && o.group.is_none()
            && o.period == value.column
            && o.text == value.text
            && publishable(o)
    })?;
    Some(shown(&publish_value(
        indicator,
        &observation.text,
        &observation.parsed,
        rule,
    )))
}

impl PublicView {
    pub fn build(plan: &LoadedPlan, judged: &Judged, period: Period) -> PublicView {
        let rule = SuppressionRule::default();
        let lines = judged
            .plan
            .indicators
            .iter()
            .filter_map(|j: &IndicatorJudgement| {
                let indicator = plan.doc.indicators.iter().find(|i| i.key == j.indicator)?;
                let actual = j
                    .actual
                    .as_ref()
                    .and_then(|a| value_text(plan, indicator, a, &rule));
                let target = j
                    .target
                    .as_ref()
                    .and_then(|t| value_text(plan, indicator, &t.value, &rule))
                    .and_then(Result::ok);
                let withheld = actual.as_ref().and_then(|a| a.clone().err());
                Some(PublicLine {
                    name: match &j.code {
                        Some(code) => format!("{code} {}", j.title),
                        None => j.title.clone(),
                    },
                    data_period: j.data_period.as_ref().map(|d| d.period.to_string()),
                    // A rating next to a withheld figure could give it away.
                    rag: (withheld.is_none() && actual.is_some()).then_some(j.rag.rag),
                    actual: actual.and_then(Result::ok),
                    withheld,
                    target,
                })
            })
            .collect();
        PublicView {
            title: plan.handle.title.clone(),
            organisation: plan.handle.organisation.clone(),
            period: period.to_string(),
            lines,
        }
    }

    pub fn tables(&self) -> Vec<Table> {
        vec![Table {
            id: "public",
            caption: format!("Performance indicators for {}", self.period),
            headers: vec!["Indicator", "Data period", "Out-turn", "Target", "RAG"],
            rows: self
                .lines
                .iter()
                .map(|l| {
                    let actual = match (&l.actual, &l.withheld) {
                        (Some(text), _) => text.clone(),
                        (None, Some(reason)) => format!("Withheld: {reason}"),
                        (None, None) => "Not available".into(),
                    };
                    vec![
                        Cell::text(&l.name),
                        Cell::text(l.data_period.clone().unwrap_or_default()),
                        Cell::text(actual),
                        Cell::text(l.target.clone().unwrap_or_else(|| "None".into())),
                        Cell::text(l.rag.map_or("Not shown", rag_label)),
                    ]
                })
                .collect(),
        }]
    }
}

//! What the plan pages and their JSON show, built from judgements. Each view
//! serialises for the API and gives its tables for the page and downloads.

use std::collections::BTreeSet;

use serde::Serialize;
use trustboard_core::judge::{
    self, comparators, summary, Arrow, ExceptionReason, IndicatorJudgement, Rag,
};
use trustboard_core::model::{Node, Observation, ObservationKind, ValueSource};
use trustboard_core::period::Period;

use super::cache::{Judged, LoadedPlan};
use super::table::{Cell, Table};
use crate::display::display_time;
use crate::navigation::{plan_path, segment};

pub fn rag_label(rag: Rag) -> &'static str {
    match rag {
        Rag::Green => "Green: on target",
        Rag::Amber => "Amber: near target",
        Rag::Red => "Red: off target",
        Rag::Grey => "Grey: not assessed",
    }
}

fn rag_tag(rag: Rag) -> &'static str {
    match rag {
        Rag::Green => "green",
        Rag::Amber => "yellow",
        Rag::Red => "red",
        Rag::Grey => "grey",
    }
}

pub fn arrow_label(arrow: Arrow) -> &'static str {
    match arrow {
        Arrow::Better => "↑ Improved",
        Arrow::Worse => "↓ Declined",
        Arrow::Same => "→ Unchanged",
        Arrow::Mixed => "↕ Mixed",
        Arrow::NotComparable => "Not comparable",
    }
}

fn indicator_name(code: Option<&str>, title: &str) -> String {
    match code {
        Some(code) => format!("{code} {title}"),
        None => title.to_owned(),
    }
}

pub fn describe_reason(reason: &ExceptionReason) -> String {
    match reason {
        ExceptionReason::OffTarget { detail } => format!("Off target: {detail}"),
        ExceptionReason::GettingWorse { detail } => format!("Getting worse: {detail}"),
        ExceptionReason::WorseThanNeighbours { detail } => {
            format!("Worse than statistical neighbours: {detail}")
        }
        ExceptionReason::MilestonesOverdue { milestones } => {
            let list = milestones
                .iter()
                .map(|m| format!("{} (due {})", m.text, m.due))
                .collect::<Vec<_>>()
                .join("; ");
            format!("Milestones past their due date: {list}")
        }
        ExceptionReason::StatedDisagrees { detail } => {
            format!("Rated differently by the council: {detail}")
        }
    }
}

/// Which plan and period a view is of.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PlanContext {
    pub id: i64,
    pub organisation: String,
    pub name: String,
    pub title: String,
    pub period: String,
    /// Financial years with out-turns, newest first, for the period picker.
    pub periods: Vec<String>,
}

impl PlanContext {
    /// The period, encoded for a query string.
    pub fn period_query(&self) -> String {
        segment(&self.period)
    }

    pub fn new(plan: &LoadedPlan, period: Period) -> PlanContext {
        PlanContext {
            id: plan.handle.id,
            organisation: plan.handle.organisation.clone(),
            name: plan.handle.name.clone(),
            title: plan.handle.title.clone(),
            period: period.to_string(),
            periods: plan.periods.clone(),
        }
    }
}

/// The judgements of the indicators measuring `node` and below, each once.
fn judgements_under(
    plan: &LoadedPlan,
    judged: &Judged,
    node: Option<&str>,
) -> Vec<IndicatorJudgement> {
    judge::indicators_in_scope(&plan.doc, node)
        .unwrap_or_default()
        .into_iter()
        .map(|i| match judged.indicator(&i.key) {
            Some(j) => j.clone(),
            None => judge::judge_indicator(&plan.doc, i, &judged.plan.options),
        })
        .collect()
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct OutcomeSummary {
    pub code: String,
    pub title: String,
    pub href: String,
    pub summary: summary::Summary,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TreeNode {
    pub code: String,
    pub kind: String,
    pub title: String,
    pub depth: usize,
    pub href: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Overview {
    pub plan: PlanContext,
    pub summary: summary::Summary,
    pub outcomes: Vec<OutcomeSummary>,
    pub tree: Vec<TreeNode>,
}

fn current_nodes(plan: &LoadedPlan) -> impl Iterator<Item = &Node> {
    plan.doc.nodes.iter().filter(|n| n.retired.is_none())
}

/// Nodes depth-first in document order, each with its depth.
fn tree(plan: &LoadedPlan, period: Period) -> Vec<TreeNode> {
    fn visit(
        plan: &LoadedPlan,
        parent: Option<&str>,
        depth: usize,
        period: Period,
        out: &mut Vec<TreeNode>,
    ) {
        for node in current_nodes(plan).filter(|n| n.parent.as_deref() == parent) {
            out.push(TreeNode {
                code: node.code.clone(),
                kind: node.kind.clone(),
                title: node.title.clone(),
                depth: depth.min(5),
                href: node_href(plan.handle.id, &node.code, period),
            });
            // Depth limit guards against a cycle in a malformed plan.
            if depth < 12 {
                visit(plan, Some(&node.code), depth + 1, period, out);
            }
        }
    }
    let mut out = Vec::new();
    visit(plan, None, 0, period, &mut out);
    out
}

pub fn node_href(plan: i64, code: &str, period: Period) -> String {
    format!(
        "{}/nodes/{}?period={}",
        plan_path(plan),
        segment(code),
        segment(&period.to_string())
    )
}

pub fn indicator_href(plan: i64, key: &str, period: Period) -> String {
    format!(
        "{}/indicators/{}?period={}",
        plan_path(plan),
        segment(key),
        segment(&period.to_string())
    )
}

impl Overview {
    pub fn build(plan: &LoadedPlan, judged: &Judged, period: Period) -> Overview {
        let summaries = judged.outcomes.get_or_init(|| {
            current_nodes(plan)
                .filter(|n| n.parent.is_none())
                .map(|n| {
                    let judgements = judgements_under(plan, judged, Some(&n.code));
                    (n.code.clone(), summary::summarise(&judgements))
                })
                .collect()
        });
        let outcomes = summaries
            .iter()
            .filter_map(|(code, summary)| {
                let node = current_nodes(plan).find(|n| &n.code == code)?;
                Some(OutcomeSummary {
                    code: code.clone(),
                    title: node.title.clone(),
                    href: node_href(plan.handle.id, code, period),
                    summary: summary.clone(),
                })
            })
            .collect();
        Overview {
            plan: PlanContext::new(plan, period),
            summary: judged.plan.summary.clone(),
            outcomes,
            tree: tree(plan, period),
        }
    }

    pub fn tables(&self) -> Vec<Table> {
        let rows = self
            .outcomes
            .iter()
            .map(|o| {
                let (r, d) = (&o.summary.rag, &o.summary.direction);
                vec![
                    Cell::link(format!("{} {}", o.code, o.title), &o.href),
                    Cell::number(o.summary.indicators),
                    Cell::number(r.green),
                    Cell::number(r.amber),
                    Cell::number(r.red),
                    Cell::number(r.grey),
                    Cell::number(d.improved),
                    Cell::number(d.declined),
                    Cell::number(d.unchanged),
                    Cell::number(d.mixed),
                    Cell::number(d.not_comparable),
                ]
            })
            .collect();
        vec![Table {
            id: "outcomes",
            caption: format!(
                "Outcomes for {}: RAG and direction of travel",
                self.plan.period
            ),
            headers: vec![
                "Outcome",
                "Indicators",
                "Green",
                "Amber",
                "Red",
                "Grey",
                "Improved",
                "Declined",
                "Unchanged",
                "Mixed",
                "Not comparable",
            ],
            rows,
        }]
    }
}

/// One indicator's line on a scorecard.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ScorecardLine {
    pub key: String,
    pub name: String,
    pub href: String,
    /// The latest whole-area out-turns, oldest first, as written.
    pub recent: Vec<(String, String)>,
    pub data_period: Option<String>,
    pub target: Option<String>,
    pub rag: Rag,
    pub rag_rule: String,
    pub arrow: Arrow,
    pub direction: String,
    pub comparators: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Scorecard {
    pub plan: PlanContext,
    pub code: String,
    pub kind: String,
    pub title: String,
    pub summary: summary::Summary,
    pub indicators: Vec<ScorecardLine>,
}

const RECENT_OUT_TURNS: usize = 3;

impl Scorecard {
    pub fn build(
        plan: &LoadedPlan,
        judged: &Judged,
        period: Period,
        code: &str,
    ) -> Option<Scorecard> {
        let node = current_nodes(plan).find(|n| n.code == code)?;
        let judgements = judgements_under(plan, judged, Some(code));
        let indicators = judgements
            .iter()
            .map(|j| {
                let mut recent: Vec<(Period, String)> = plan
                    .observations_of(&j.indicator)
                    .filter(|o| {
                        o.kind == ObservationKind::Actual
                            && o.locality.is_none()
                            && o.group.is_none()
                    })
                    .filter(|o| o.period.year <= period.year)
                    .map(|o| (o.period, text_with_source(o)))
                    .collect();
                recent.sort_by_key(|(p, _)| (p.year, p.sub));
                let skip = recent.len().saturating_sub(RECENT_OUT_TURNS);
                ScorecardLine {
                    key: j.indicator.clone(),
                    name: indicator_name(j.code.as_deref(), &j.title),
                    href: indicator_href(plan.handle.id, &j.indicator, period),
                    recent: recent
                        .into_iter()
                        .skip(skip)
                        .map(|(p, t)| (p.to_string(), t))
                        .collect(),
                    data_period: j.data_period.as_ref().map(|d| d.period.to_string()),
                    target: j.target.as_ref().map(|t| t.value.text.clone()),
                    rag: j.rag.rag,
                    rag_rule: j.rag.rule.clone(),
                    arrow: j.direction.arrow,
                    direction: j.direction.reason.clone(),
                    comparators: comparators::describe(&j.comparators),
                }
            })
            .collect();
        Some(Scorecard {
            plan: PlanContext::new(plan, period),
            code: node.code.clone(),
            kind: node.kind.clone(),
            title: node.title.clone(),
            summary: summary::summarise(&judgements),
            indicators,
        })
    }

    pub fn tables(&self) -> Vec<Table> {
        let rows = self
            .indicators
            .iter()
            .map(|line| {
                let recent = line
                    .recent
                    .iter()
                    .map(|(p, t)| format!("{p}: {t}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    Cell::link(&line.name, &line.href),
                    Cell::text(recent),
                    Cell::text(line.target.clone().unwrap_or_else(|| "none".into())),
                    Cell::tagged(rag_label(line.rag), rag_tag(line.rag)),
                    Cell::text(arrow_label(line.arrow)),
                    Cell::text(if line.comparators.is_empty() {
                        "no comparator".into()
                    } else {
                        line.comparators.clone()
                    }),
                ]
            })
            .collect();
        vec![Table {
            id: "scorecard",
            caption: format!(
                "Indicators of {} {} for {}",
                self.code, self.title, self.plan.period
            ),
            headers: vec![
                "Indicator",
                "Latest out-turns",
                "Target",
                "RAG",
                "Direction of travel",
                "Compared with others",
            ],
            rows,
        }]
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ExceptionLine {
    pub key: String,
    pub name: String,
    pub href: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Exceptions {
    pub plan: PlanContext,
    pub exceptions: Vec<ExceptionLine>,
}

impl Exceptions {
    pub fn build(plan: &LoadedPlan, judged: &Judged, period: Period) -> Exceptions {
        let exceptions = judged
            .plan
            .exceptions
            .iter()
            .map(|e| {
                let code = judged
                    .indicator(&e.indicator)
                    .and_then(|j| j.code.as_deref());
                ExceptionLine {
                    key: e.indicator.clone(),
                    name: indicator_name(code, &e.title),
                    href: indicator_href(plan.handle.id, &e.indicator, period),
                    reasons: e.reasons.iter().map(describe_reason).collect(),
                }
            })
            .collect();
        Exceptions {
            plan: PlanContext::new(plan, period),
            exceptions,
        }
    }

    pub fn tables(&self) -> Vec<Table> {
        vec![Table {
            id: "exceptions",
            caption: format!("Exceptions for {}", self.plan.period),
            headers: vec!["Indicator", "Why it needs attention"],
            rows: self
                .exceptions
                .iter()
                .map(|e| {
                    vec![
                        Cell::link(&e.name, &e.href),
                        Cell::text(e.reasons.join(" ")),
                    ]
                })
                .collect(),
        }]
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LocalityLine {
    pub locality: String,
    pub actual: Option<String>,
    pub target: Option<String>,
    pub target_is_area_wide: bool,
    pub rag: Rag,
    pub rag_rule: String,
    pub arrow: Arrow,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorChoice {
    pub key: String,
    pub name: String,
    pub selected: bool,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Localities {
    pub plan: PlanContext,
    /// Indicators with figures by locality.
    pub choices: Vec<IndicatorChoice>,
    pub indicator: Option<String>,
    pub localities: Vec<LocalityLine>,
}

impl Localities {
    /// Localities named by the plan or by its figures, in first-seen order.
    fn names(plan: &LoadedPlan) -> Vec<String> {
        let mut seen = BTreeSet::new();
        plan.doc
            .localities
            .iter()
            .map(|l| l.name.clone())
            .chain(
                plan.doc
                    .observations
                    .iter()
                    .filter_map(|o| o.locality.clone()),
            )
            .filter(|name| seen.insert(name.clone()))
            .collect()
    }

    /// `judged_by_locality` gives each locality's judgement of the chosen indicator.
    pub fn build(
        plan: &LoadedPlan,
        period: Period,
        wanted: Option<&str>,
        judged_by_locality: impl Fn(&str) -> Option<IndicatorJudgement>,
    ) -> Localities {
        let with_localities: BTreeSet<&str> = plan
            .doc
            .observations
            .iter()
            .filter(|o| o.locality.is_some())
            .map(|o| o.indicator.as_str())
            .collect();
        let mut seen = BTreeSet::new();
        let candidates: Vec<_> = plan
            .doc
            .indicators
            .iter()
            .filter(|i| with_localities.contains(i.key.as_str()) && seen.insert(i.key.as_str()))
            .collect();
        let indicator = wanted
            .filter(|w| candidates.iter().any(|i| i.key == *w))
            .or_else(|| candidates.first().map(|i| i.key.as_str()))
            .map(str::to_owned);
        let localities = match &indicator {
            Some(_) => Localities::names(plan)
                .into_iter()
                .filter_map(|name| {
                    let j = judged_by_locality(&name)?;
                    Some(LocalityLine {
                        locality: name,
                        actual: j.actual.as_ref().map(|a| a.text.clone()),
                        target: j.target.as_ref().map(|t| t.value.text.clone()),
                        target_is_area_wide: j.target.as_ref().is_some_and(|t| t.area_wide),
                        rag: j.rag.rag,
                        rag_rule: j.rag.rule.clone(),
                        arrow: j.direction.arrow,
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        Localities {
            plan: PlanContext::new(plan, period),
            choices: candidates
                .iter()
                .map(|i| IndicatorChoice {
                    key: i.key.clone(),
                    name: indicator_name(i.code.as_deref(), &i.title),
                    selected: indicator.as_deref() == Some(i.key.as_str()),
                })
                .collect(),
            indicator,
            localities,
        }
    }

    pub fn tables(&self) -> Vec<Table> {
        vec![Table {
            id: "localities",
            caption: format!("Figures by locality for {}", self.plan.period),
            headers: vec![
                "Locality",
                "Out-turn",
                "Target",
                "RAG",
                "Direction of travel",
            ],
            rows: self
                .localities
                .iter()
                .map(|l| {
                    let target = match (&l.target, l.target_is_area_wide) {
                        (Some(t), true) => format!("{t} (whole-area target)"),
                        (Some(t), false) => t.clone(),
                        (None, _) => "none".into(),
                    };
                    vec![
                        Cell::text(&l.locality),
                        Cell::text(l.actual.clone().unwrap_or_else(|| "none".into())),
                        Cell::text(target),
                        Cell::tagged(rag_label(l.rag), rag_tag(l.rag)),
                        Cell::text(arrow_label(l.arrow)),
                    ]
                })
                .collect(),
        }]
    }
}

/// One value of the indicator as written, with what was understood from it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ValueLine {
    pub period: Period,
    pub kind: ObservationKind,
    pub group: Option<String>,
    pub text: String,
    pub figure: Option<f64>,
    pub interval: Option<judge::stats::Interval>,
    pub source: ValueSource,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct HistoryLine {
    pub period: String,
    pub kind: ObservationKind,
    pub locality: Option<String>,
    pub group: Option<String>,
    pub text: String,
    /// For a target, who had set it and when the board had agreed it.
    pub set_by: Option<String>,
    pub agreed_on: Option<String>,
    pub recorded_by: String,
    pub replaced_at: String,
    pub replaced_by: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NodeLink {
    pub code: String,
    pub title: String,
    pub href: String,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct IndicatorPage {
    pub plan: PlanContext,
    pub key: String,
    pub name: String,
    pub definition: Option<String>,
    pub unit: Option<String>,
    pub polarity: String,
    pub lead_officer: Option<String>,
    pub delivery_board: Option<String>,
    pub objectives: Vec<NodeLink>,
    pub rag: Rag,
    pub arrow: Arrow,
    pub sentence: String,
    pub steps: Vec<String>,
    pub values: Vec<ValueLine>,
    pub history: Vec<HistoryLine>,
    /// The council's own rating for the period judged, beside ours.
    pub stated: Option<StatedView>,
    /// Everything the council wrote beside its figures, by period.
    pub statements: Vec<StatementLine>,
}

/// The council's own rating as the indicator page shows it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StatedView {
    pub period: String,
    /// The word as written, with how it was read.
    pub said: String,
    /// Why trustboard judges otherwise, when it does.
    pub disagreement: Option<String>,
}

/// One thing the council wrote: its rating, trend or a comment.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct StatementLine {
    pub period: String,
    pub kind: &'static str,
    pub text: String,
}

/// A value as written, saying so when it was computed rather than written.
fn text_with_source(observation: &Observation) -> String {
    match observation.source.note() {
        Some(note) => format!("{} ({})", observation.text, note.to_lowercase()),
        None => observation.text.clone(),
    }
}

pub fn figure_text(figure: Option<f64>) -> String {
    figure.map(judge::target::round).unwrap_or_default()
}

impl IndicatorPage {
    pub fn build(
        plan: &LoadedPlan,
        explanation: &judge::Explanation,
        period: Period,
        history: Vec<trustboard_store::SlotHistory>,
    ) -> Option<IndicatorPage> {
        let j = &explanation.judgement;
        let indicator = plan.doc.indicators.iter().find(|i| i.key == j.indicator)?;
        let mut values: Vec<ValueLine> = plan
            .observations_of(&indicator.key)
            .filter(|o| o.locality.is_none())
            .map(|o| ValueLine {
                period: o.period,
                kind: o.kind,
                group: o.group.clone(),
                text: o.text.clone(),
                figure: o.parsed.figure(),
                interval: o
                    .parsed
                    .ratio()
                    .and_then(|(n, d)| judge::stats::wilson_interval(n, d)),
                source: o.source,
            })
            .collect();
        values.sort_by(|a, b| {
            (
                a.group.is_some(),
                &a.group,
                a.period.year,
                a.period.sub,
                a.kind,
            )
                .cmp(&(
                    b.group.is_some(),
                    &b.group,
                    b.period.year,
                    b.period.sub,
                    b.kind,
                ))
        });
        let history = history
            .into_iter()
            .flat_map(|h| {
                let slot = h.slot;
                h.entries.into_iter().map(move |e| HistoryLine {
                    period: slot.period.to_string(),
                    kind: slot.kind,
                    locality: slot.locality.clone(),
                    group: slot.group.clone(),
                    text: e.text,
                    set_by: e.set_by,
                    agreed_on: e.agreed_on.map(|date| date.to_string()),
                    recorded_by: e.recorded_by,
                    replaced_at: display_time(e.replaced_at),
                    replaced_by: e.replaced_by,
                })
            })
            .collect();
        let objectives = indicator
            .objectives
            .iter()
            .map(|code| NodeLink {
                code: code.clone(),
                title: plan
                    .doc
                    .nodes
                    .iter()
                    .find(|n| &n.code == code)
                    .map(|n| n.title.clone())
                    .unwrap_or_default(),
                href: node_href(plan.handle.id, code, period),
            })
            .collect();
        Some(IndicatorPage {
            plan: PlanContext::new(plan, period),
            key: indicator.key.clone(),
            name: indicator_name(indicator.code.as_deref(), &indicator.title),
            definition: indicator.definition.clone(),
            unit: indicator.unit.clone(),
            polarity: j.polarity.describe(),
            lead_officer: indicator.lead_officer.clone(),
            delivery_board: indicator.delivery_board.clone(),
            objectives,
            rag: j.rag.rag,
            arrow: j.direction.arrow,
            sentence: explanation.sentence.clone(),
            steps: explanation.steps.clone(),
            values,
            history,
            stated: j.stated.as_ref().map(|s| StatedView {
                period: s.period.to_string(),
                said: s.said(),
                disagreement: s.disagreement.clone(),
            }),
            statements: plan
                .doc
                .statements
                .iter()
                .filter(|s| s.indicator == indicator.key)
                .map(|s| StatementLine {
                    period: s.period.to_string(),
                    kind: s.kind.label(),
                    text: s.text.clone(),
                })
                .collect(),
        })
    }

    pub fn rag_label(&self) -> &'static str {
        rag_label(self.rag)
    }

    pub fn rag_tag(&self) -> &'static str {
        rag_tag(self.rag)
    }

    pub fn arrow_label(&self) -> &'static str {
        arrow_label(self.arrow)
    }

    pub fn tables(&self) -> Vec<Table> {
        let values = Table {
            id: "values",
            caption: format!("Values of {}, as written and as understood", self.name),
            headers: vec![
                "Period",
                "Measure",
                "Group",
                "As written",
                "Figure",
                "95% interval",
                "Source",
            ],
            rows: self
                .values
                .iter()
                .map(|v| {
                    vec![
                        Cell::text(v.period.to_string()),
                        Cell::text(v.kind.label()),
                        Cell::text(v.group.clone().unwrap_or_else(|| "everyone".into())),
                        Cell::text(&v.text),
                        Cell::text(figure_text(v.figure)),
                        Cell::text(
                            v.interval
                                .map(|i| {
                                    format!(
                                        "{} to {}",
                                        judge::target::round(i.low),
                                        judge::target::round(i.high)
                                    )
                                })
                                .unwrap_or_default(),
                        ),
                        Cell::text(v.source.note().unwrap_or("Written")),
                    ]
                })
                .collect(),
        };
        let history = Table {
            id: "history",
            caption: "Earlier texts of these values".into(),
            headers: vec![
                "Period",
                "Measure",
                "Locality",
                "Group",
                "Earlier text",
                "Target set by",
                "Target agreed on",
                "Written by",
                "Replaced",
                "Replaced by",
            ],
            rows: self
                .history
                .iter()
                .map(|h| {
                    vec![
                        Cell::text(&h.period),
                        Cell::text(h.kind.label()),
                        Cell::text(h.locality.clone().unwrap_or_else(|| "whole area".into())),
                        Cell::text(h.group.clone().unwrap_or_else(|| "everyone".into())),
                        Cell::text(&h.text),
                        Cell::text(h.set_by.clone().unwrap_or_default()),
                        Cell::text(h.agreed_on.clone().unwrap_or_default()),
                        Cell::text(&h.recorded_by),
                        Cell::text(&h.replaced_at),
                        Cell::text(&h.replaced_by),
                    ]
                })
                .collect(),
        };
        vec![values, history]
    }
}

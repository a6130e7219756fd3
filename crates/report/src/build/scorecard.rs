//! One scorecard per outcome: each indicator once, with its recent out-turns,
//! target, RAG, direction, comparators and a chart series across all years.

use std::collections::{BTreeMap, HashMap};

use trustboard_core::judge::catalogue::{self, IndicatorUnit};
use trustboard_core::judge::comparators::describe;
use trustboard_core::judge::suppression::counts_people;
use trustboard_core::judge::{
    self, Arrow, IndicatorJudgement, PlanJudgement, PolarityBasis, TargetResolution,
};
use trustboard_core::model::{self, Indicator, Node, Observation, ObservationKind};
use trustboard_core::period::Period;
use trustboard_core::value::{self as parsed, ParsedValue};

use super::scope::Scope;
use super::withhold;
use crate::display::SUPPRESSED_MARKER;
use crate::pack::{
    Direction, OutcomeScorecard, Outturn, Polarity, Rag, RagJudgement, ScorecardRow, SeriesPoint,
    TargetCell, Unit,
};

/// How many of the latest out-turns a scorecard row shows.
const RECENT_OUTTURNS: usize = 2;

pub fn outcomes(scope: &Scope<'_>, judged: &PlanJudgement) -> Vec<OutcomeScorecard> {
    let by_key: HashMap<&str, &IndicatorJudgement> = judged
        .indicators
        .iter()
        .map(|j| (j.indicator.as_str(), j))
        .collect();
    scope
        .outcomes()
        .into_iter()
        .filter_map(|outcome| {
            let rows = rows(scope, outcome, &by_key);
            // A retired outcome stays in the plan for history; it is shown only while it still has indicators.
            (outcome.retired.is_none() || !rows.is_empty()).then(|| OutcomeScorecard {
                code: outcome.code.clone(),
                title: outcome.title.clone(),
                rows,
            })
        })
        .collect()
}

fn rows(
    scope: &Scope<'_>,
    outcome: &Node,
    judged: &HashMap<&str, &IndicatorJudgement>,
) -> Vec<ScorecardRow> {
    // Unknown outcome codes cannot occur: the outcome comes from the plan's own nodes.
    let indicators = judge::indicators_in_scope(scope.doc, Some(&outcome.code)).unwrap_or_default();
    indicators
        .into_iter()
        .filter_map(|indicator| {
            let objectives = scope.objectives_under(indicator, outcome);
            if objectives.is_empty() {
                return None;
            }
            // A repeated record of an indicator counted elsewhere in the plan is judged on its own figures.
            let own;
            let judgement = match judged.get(indicator.key.as_str()) {
                Some(j) => *j,
                None => {
                    own = judge::judge_indicator(
                        scope.doc,
                        indicator,
                        &scope.opts.judging(scope.opts.period),
                    );
                    &own
                }
            };
            Some(row(scope, indicator, objectives.join(", "), judgement))
        })
        .collect()
}

fn row(
    scope: &Scope<'_>,
    indicator: &Indicator,
    objective: String,
    judgement: &IndicatorJudgement,
) -> ScorecardRow {
    let observations = scope.observations(&indicator.key);
    let unit = unit_of(indicator, observations);
    let is_count = counts_people(indicator);
    let withheld = withholds_figures(scope, judgement, is_count);
    let status = Rag::from(judgement.rag.rag);
    ScorecardRow {
        objective: Some(objective),
        indicator_code: indicator.code.clone(),
        indicator_title: indicator.title.clone(),
        unit,
        polarity: polarity(judgement.polarity.polarity),
        outturns: outturns(scope, observations, is_count),
        target: target(scope, judgement, is_count),
        rag: RagJudgement {
            status,
            reason: if withheld {
                format!(
                    "{}: the figures are small numbers, withheld so that no child can be identified",
                    status.label()
                )
            } else {
                judgement.rag.rule.clone()
            },
        },
        direction: direction(judgement.direction.arrow),
        comparator: Some(describe(&judgement.comparators)).filter(|text| !text.is_empty()),
        notes: notes(judgement, withheld),
        series: series(scope, observations, is_count),
    }
}

/// Whether a published pack must hide the judgement's wording, because the
/// out-turn, target or previous out-turn it quotes is a small number.
pub fn withholds_figures(
    scope: &Scope<'_>,
    judgement: &IndicatorJudgement,
    is_count: bool,
) -> bool {
    let quoted = [
        judgement.actual.as_ref(),
        judgement.target.as_ref().map(|t| &t.value),
        judgement.previous.as_ref(),
    ];
    scope.opts.published
        && quoted
            .into_iter()
            .flatten()
            .any(|used| scope.is_small_text(&used.text, is_count))
}

/// The latest out-turns written in columns up to the reporting period, oldest first.
fn outturns(scope: &Scope<'_>, observations: &[&Observation], is_count: bool) -> Vec<Outturn> {
    let end = scope.opts.period.end();
    let actuals: Vec<&Observation> = observations
        .iter()
        .copied()
        .filter(|o| o.kind == ObservationKind::Actual && o.period.start() <= end)
        .collect();
    let skip = actuals.len().saturating_sub(RECENT_OUTTURNS);
    actuals[skip..]
        .iter()
        .map(|o| Outturn {
            period_label: o.period.to_string(),
            cell: withhold::cell(o, is_count, scope.opts),
        })
        .collect()
}

fn target(scope: &Scope<'_>, judgement: &IndicatorJudgement, is_count: bool) -> Option<TargetCell> {
    let used = judgement.target.as_ref()?;
    let period_label = used.value.column.to_string();
    if scope.opts.published && scope.is_small_text(&used.value.text, is_count) {
        return Some(TargetCell {
            period_label,
            text: SUPPRESSED_MARKER.to_owned(),
            figure: None,
        });
    }
    let figure = match &used.resolution {
        TargetResolution::Figure { amount, .. } => Some(*amount),
        _ => used.value.figure,
    };
    Some(TargetCell {
        period_label,
        text: used.value.text.clone(),
        figure,
    })
}

/// Every column with an out-turn or a target, in period order; small
/// out-turns are marked, and left out of published packs.
fn series(scope: &Scope<'_>, observations: &[&Observation], is_count: bool) -> Vec<SeriesPoint> {
    let published = scope.opts.published;
    let mut columns: BTreeMap<Period, (Option<&Observation>, Option<&Observation>)> =
        BTreeMap::new();
    for o in observations {
        let column = columns.entry(o.period).or_default();
        match o.kind {
            ObservationKind::Actual => column.0 = Some(o),
            ObservationKind::Target => column.1 = Some(o),
            _ => {}
        }
    }
    let small = |o: &Observation| withhold::is_small(&o.text, &o.parsed, is_count, scope.opts);
    columns
        .into_iter()
        .map(|(period, (actual, target))| {
            let suppressed = actual.is_some_and(small);
            let shown_actual = actual.filter(|_| !(published && suppressed));
            let interval = shown_actual
                .and_then(|o| o.parsed.ratio())
                .and_then(|(n, d)| judge::stats::wilson_interval(n, d));
            SeriesPoint {
                period_label: period.to_string(),
                actual: shown_actual.and_then(|o| o.parsed.figure()),
                target: target
                    .filter(|t| !(published && small(t)))
                    .and_then(|t| t.parsed.figure()),
                ci_low: interval.map(|i| i.low),
                ci_high: interval.map(|i| i.high),
                suppressed,
            }
        })
        .collect()
}

/// Caveats a reader must see beside the judgement.
fn notes(judgement: &IndicatorJudgement, withheld: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(data) = &judgement.data_period {
        if data.period != judgement.reporting_period {
            notes.push(format!("Figures for {}", data.note));
        }
    }
    if let Some(target) = &judgement.target {
        if target.area_wide {
            notes.push("The whole area's target is used: the locality has none of its own".into());
        }
        if let Some(note) = &target.note {
            notes.push(capitalise(note));
        }
    }
    if let Some(actual) = &judgement.actual {
        if actual.estimate {
            notes.push("The out-turn is an estimate".into());
        }
        if actual.provisional {
            notes.push("The out-turn is provisional".into());
        }
        if let Some(note) = actual.source.note() {
            notes.push(note.into());
        }
    }
    if let Some(significance) = &judgement.direction.significance {
        if !significance.significant && !withheld {
            notes.push(capitalise(&significance.note));
        }
    }
    if matches!(judgement.polarity.basis, PolarityBasis::Inferred { .. }) {
        notes.push(format!(
            "Which way is better was inferred and awaits confirmation ({})",
            judgement.polarity.reason()
        ));
    }
    notes
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How an indicator is measured: by the national catalogue, its stated unit,
/// its wording, or failing those its figures.
pub fn unit_of(indicator: &Indicator, observations: &[&Observation]) -> Unit {
    if let Some(national) = catalogue::lookup(indicator.code.as_deref(), &indicator.title) {
        return match national.unit {
            IndicatorUnit::Percent | IndicatorUnit::PercentagePoints => Unit::Percent,
            IndicatorUnit::Rate => Unit::Rate,
            IndicatorUnit::Count => Unit::Count,
            IndicatorUnit::Score => Unit::Score,
        };
    }
    if let Some(stated) = indicator.unit.as_deref().map(str::to_lowercase) {
        return if stated.contains('%') || stated.contains("percent") {
            Unit::Percent
        } else if stated.contains("rate") || stated.contains("per ") {
            Unit::Rate
        } else if stated.contains("score") {
            Unit::Score
        } else if stated.contains("number") || stated.contains("count") {
            Unit::Count
        } else {
            Unit::Other
        };
    }
    let title = indicator.title.trim().to_lowercase();
    if title.starts_with('%') || title.starts_with("percentage") || title.starts_with("proportion")
    {
        Unit::Percent
    } else if title.starts_with("number of") || title.starts_with("no. of") {
        Unit::Count
    } else if observations.iter().any(|o| in_percent(&o.parsed)) {
        Unit::Percent
    } else {
        Unit::Other
    }
}

fn in_percent(value: &ParsedValue) -> bool {
    match &value.value {
        parsed::Value::Number(q) => q.unit == parsed::Unit::Percent,
        parsed::Value::Ratio { .. } => true,
        parsed::Value::Parts { parts } => parts.iter().any(|p| in_percent(&p.value)),
        _ => false,
    }
}

fn direction(arrow: Arrow) -> Direction {
    match arrow {
        Arrow::Better => Direction::Better,
        Arrow::Worse => Direction::Worse,
        Arrow::Same => Direction::Same,
        Arrow::Mixed => Direction::Mixed,
        Arrow::NotComparable => Direction::NotComparable,
    }
}

fn polarity(polarity: Option<model::Polarity>) -> Polarity {
    match polarity {
        Some(model::Polarity::HigherIsBetter) => Polarity::HigherIsBetter,
        Some(model::Polarity::LowerIsBetter) => Polarity::LowerIsBetter,
        Some(model::Polarity::Band) => Polarity::TargetBand,
        None => Polarity::Unknown,
    }
}

//! Judging a plan's performance: what a Trust Board reads.
//!
//! Everything here is a pure function of a [`PlanDocument`] and
//! [`JudgeOptions`]; the date "today" is an option, never the clock. Results
//! serialise, so the CLI, web pages and reports show the same judgements.
//!
//! For each indicator the board's reporting period is mapped to the period its
//! data belongs to ([`periods`]); the target for that period is resolved
//! ([`target`]); the out-turn is rated red, amber or green ([`rag`]) and
//! compared with the latest earlier comparable figure ([`direction`]), with small
//! cohorts tested for significance ([`stats`]) and comparators placed
//! ([`comparators`]). [`summary`] adds up a plan or part of it; [`explain()`]
//! says, for one indicator, exactly why.

pub mod catalogue;
pub mod comparators;
mod csv_text;
pub mod direction;
pub mod explain;
pub mod inclusion;
pub mod neighbours;
pub mod periods;
pub mod polarity;
pub mod preview;
pub mod rag;
mod series;
pub mod stated;
pub mod stats;
pub mod summary;
pub mod suppression;
pub mod target;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::lineage::{EarlierPlans, JoinedPoint};
use crate::model::{
    Indicator, Observation, ObservationKind, PlanDocument, Polarity, Statement, ValueSource,
};
use crate::period::Period;
use crate::value::{ParsedValue, Unit, Value};

pub use comparators::{Comparison, Position, QuartileBoundaries};
pub use direction::{Arrow, DirectionOfTravel};
pub use explain::{explain, Explanation};
pub use periods::DataPeriod;
pub use polarity::{PolarityBasis, PolarityJudgement, Signal, SignalSource};
pub use rag::{Rag, RagJudgement, Tolerance};
pub use stated::{StatedRating, StatedReading};
pub use summary::{Exception, ExceptionReason, Summary};
pub use target::TargetResolution;

use series::{Scope, Series};

/// Amber tolerances: defaults by kind of measure, and per-indicator overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToleranceSettings {
    /// For indicators measured in percent or percentage points.
    pub percentage: Tolerance,
    /// For counts, rates and scores.
    pub other: Tolerance,
    /// By indicator key.
    #[serde(default)]
    pub per_indicator: BTreeMap<String, Tolerance>,
}

impl Default for ToleranceSettings {
    fn default() -> Self {
        ToleranceSettings {
            percentage: Tolerance::default_for(true),
            other: Tolerance::default_for(false),
            per_indicator: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgeOptions {
    /// The board's reporting period, e.g. financial year 2010/11.
    pub period: Period,
    /// The date judged on: milestones due before it and not recorded as done are overdue.
    pub today: NaiveDate,
    #[serde(default)]
    pub tolerances: ToleranceSettings,
    /// Judge one locality's figures instead of the whole area's.
    #[serde(default)]
    pub locality: Option<String>,
    /// Judge one group's figures (`FSM`, `LAC` …) instead of everyone's.
    #[serde(default)]
    pub group: Option<String>,
    /// Judge only the indicators of this node and its descendants.
    #[serde(default)]
    pub node: Option<String>,
    /// National quartile boundaries, where known.
    #[serde(default)]
    pub quartiles: Vec<QuartileBoundaries>,
    /// The figures held in the plans this plan follows, which direction of
    /// travel falls back on; the caller reads them from the plan links.
    #[serde(skip)]
    pub earlier_plans: EarlierPlans,
}

impl JudgeOptions {
    pub fn new(period: Period, today: NaiveDate) -> Self {
        JudgeOptions {
            period,
            today,
            tolerances: ToleranceSettings::default(),
            locality: None,
            group: None,
            node: None,
            quartiles: Vec::new(),
            earlier_plans: EarlierPlans::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JudgeError {
    #[error("the plan has no node `{0}`")]
    UnknownNode(String),
    #[error("the plan has no indicator `{0}`")]
    UnknownIndicator(String),
}

/// A value as it was used in a judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueUsed {
    /// The column (period) it was written in.
    pub column: Period,
    /// The period the figure belongs to.
    pub period: Period,
    /// Exactly what the council wrote.
    pub text: String,
    pub figure: Option<f64>,
    /// A value in labelled parts (`a) 31/35 b) 9/10`), judged part by part.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_parts: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<(f64, f64)>,
    /// Wilson 95% interval, where numerator and denominator are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<stats::Interval>,
    #[serde(default)]
    pub estimate: bool,
    #[serde(default)]
    pub provisional: bool,
    #[serde(default, skip_serializing_if = "ValueSource::is_written")]
    pub source: ValueSource,
}

impl ValueUsed {
    fn from(entry: &series::Entry<'_>) -> Self {
        let o: &Observation = entry.observation;
        let ratio = o.parsed.ratio();
        ValueUsed {
            column: o.period,
            period: entry.period,
            text: o.text.clone(),
            figure: o.parsed.figure(),
            has_parts: !o.parsed.parts().is_empty(),
            ratio,
            interval: ratio.and_then(|(n, d)| stats::wilson_interval(n, d)),
            estimate: o.parsed.qualifiers.estimate,
            provisional: o.parsed.qualifiers.provisional,
            source: o.source,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetUsed {
    pub value: ValueUsed,
    pub resolution: TargetResolution,
    /// The locality had no target of its own, so the whole-area target was used.
    #[serde(default)]
    pub area_wide: bool,
    /// Set when the target was written for a different period than the data.
    #[serde(default)]
    pub note: Option<String>,
    /// Who set the target (`Trust Board`, `DCSF (LAA)`), where recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_by: Option<String>,
    /// When the board agreed it, where recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_on: Option<NaiveDate>,
    /// Every target of the indicator for the same locality and group, in period
    /// order: how the ambition moved across the years.
    #[serde(default)]
    pub trajectory: Vec<TargetPoint>,
}

/// One target on an indicator's trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetPoint {
    /// The period the target is for.
    pub period: Period,
    /// Exactly what the council wrote.
    pub text: String,
    pub figure: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToleranceUsed {
    pub tolerance: Tolerance,
    /// Whether it was set for this indicator rather than a default.
    pub set_for_indicator: bool,
    pub description: String,
}

/// Everything decided about one indicator for one reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorJudgement {
    pub indicator: String,
    pub code: Option<String>,
    pub title: String,
    pub objectives: Vec<String>,
    pub polarity: PolarityJudgement,
    pub reporting_period: Period,
    /// The period whose data was judged, and why; `None` when there is none.
    pub data_period: Option<DataPeriod>,
    pub actual: Option<ValueUsed>,
    pub target: Option<TargetUsed>,
    pub tolerance: ToleranceUsed,
    pub rag: RagJudgement,
    pub previous: Option<ValueUsed>,
    pub direction: DirectionOfTravel,
    pub comparators: Vec<Comparison>,
    /// 1 (best) to 4, where quartile boundaries were supplied.
    pub quartile: Option<u8>,
    /// The council's own rating for the period, beside ours, where it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated: Option<StatedRating>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanJudgement {
    pub organisation: String,
    pub plan: String,
    pub options: JudgeOptions,
    pub indicators: Vec<IndicatorJudgement>,
    pub summary: Summary,
    pub exceptions: Vec<Exception>,
}

/// Judges every indicator in scope (the whole plan, or `opts.node` and its
/// descendants), each once even when it serves several objectives.
pub fn judge_plan(doc: &PlanDocument, opts: &JudgeOptions) -> Result<PlanJudgement, JudgeError> {
    // Group once so each indicator reads only its own observations.
    let mut by_indicator: BTreeMap<&str, Vec<&Observation>> = BTreeMap::new();
    for observation in &doc.observations {
        by_indicator
            .entry(observation.indicator.as_str())
            .or_default()
            .push(observation);
    }
    let mut said: BTreeMap<&str, Vec<&Statement>> = BTreeMap::new();
    for statement in &doc.statements {
        said.entry(statement.indicator.as_str())
            .or_default()
            .push(statement);
    }
    let indicators: Vec<IndicatorJudgement> = indicators_in_scope(doc, opts.node.as_deref())?
        .into_iter()
        .map(|i| {
            let own = by_indicator
                .get(i.key.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let statements = said
                .get(i.key.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            judge_with(own.iter().copied(), statements.iter().copied(), i, opts)
        })
        .collect();
    let summary = summary::summarise(&indicators);
    let exceptions = summary::exceptions(doc, &indicators, opts.today);
    Ok(PlanJudgement {
        organisation: doc.organisation.clone(),
        plan: doc.plan.name.clone(),
        options: opts.clone(),
        indicators,
        summary,
        exceptions,
    })
}

/// `previous` with the indicators in `changed` judged again from `doc`, and
/// its summary and exceptions added up anew: what a write to those
/// indicators' figures changes, without judging the rest of the plan again.
/// `doc` must hold the same indicators, nodes and milestones as the document
/// `previous` was judged from; only figures and statements may differ, and
/// only those of `changed`. The result equals judging `doc` whole.
pub fn rejudge(
    doc: &PlanDocument,
    previous: &PlanJudgement,
    changed: &BTreeSet<String>,
) -> PlanJudgement {
    let opts = &previous.options;
    let indicators: Vec<IndicatorJudgement> = previous
        .indicators
        .iter()
        .map(|judged| {
            let key = &judged.indicator;
            let Some(indicator) = changed
                .contains(key)
                .then(|| doc.indicators.iter().find(|i| &i.key == key))
                .flatten()
            else {
                return judged.clone();
            };
            judge_with(
                doc.observations.iter().filter(|o| &o.indicator == key),
                doc.statements.iter().filter(|s| &s.indicator == key),
                indicator,
                opts,
            )
        })
        .collect();
    PlanJudgement {
        organisation: previous.organisation.clone(),
        plan: previous.plan.clone(),
        options: opts.clone(),
        summary: summary::summarise(&indicators),
        exceptions: summary::exceptions(doc, &indicators, opts.today),
        indicators,
    }
}

/// The indicators measuring `node` or any node below it; all of them when `node` is `None`.
pub fn indicators_in_scope<'a>(
    doc: &'a PlanDocument,
    node: Option<&str>,
) -> Result<Vec<&'a Indicator>, JudgeError> {
    let Some(node) = node else {
        return Ok(dedupe(doc.indicators.iter()));
    };
    let node = node.trim();
    if !doc.nodes.iter().any(|n| n.code == node) {
        return Err(JudgeError::UnknownNode(node.to_string()));
    }
    let mut codes = BTreeSet::from([node.to_string()]);
    // Parents may be listed after their children, so grow the set until it stops changing.
    loop {
        let before = codes.len();
        for n in &doc.nodes {
            if n.parent.as_ref().is_some_and(|p| codes.contains(p)) {
                codes.insert(n.code.clone());
            }
        }
        if codes.len() == before {
            break;
        }
    }
    Ok(dedupe(doc.indicators.iter().filter(|i| {
        i.objectives.iter().any(|o| codes.contains(o.trim()))
    })))
}

/// Each indicator once. A document that repeats an indicator under a second
/// objective (same code and wording) but writes one of its figures
/// differently is imported as two records so that neither text is lost; the
/// board counts it once, from the first place it appears.
fn dedupe<'a>(indicators: impl Iterator<Item = &'a Indicator>) -> Vec<&'a Indicator> {
    let mut seen = BTreeSet::new();
    indicators.filter(|i| seen.insert(identity(i))).collect()
}

fn identity(indicator: &Indicator) -> (Option<String>, String) {
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    (
        indicator.code.as_deref().map(words),
        words(&indicator.title),
    )
}

/// Whether an indicator is measured in percent: by the catalogue, its stated unit, or its figures.
fn is_percentage(indicator: &Indicator, series: &Series<'_>) -> bool {
    if let Some(ni) = catalogue::lookup(indicator.code.as_deref(), &indicator.title) {
        return ni.unit.is_percentage();
    }
    if let Some(unit) = &indicator.unit {
        let unit = unit.to_lowercase();
        return unit.contains('%') || unit.contains("percent");
    }
    series
        .actuals
        .iter()
        .chain(&series.targets)
        .any(|e| reads_as_percent(&e.observation.parsed))
}

/// A ratio's figure is a percentage too.
fn reads_as_percent(parsed: &ParsedValue) -> bool {
    match &parsed.value {
        Value::Number(q) => q.unit == Unit::Percent,
        Value::Ratio { .. } => true,
        Value::Parts { parts } => parts.iter().any(|p| reads_as_percent(&p.value)),
        _ => false,
    }
}

fn tolerance_for(
    indicator: &Indicator,
    series: &Series<'_>,
    settings: &ToleranceSettings,
) -> ToleranceUsed {
    match settings.per_indicator.get(&indicator.key) {
        Some(tolerance) => ToleranceUsed {
            tolerance: *tolerance,
            set_for_indicator: true,
            description: tolerance.describe(),
        },
        None => {
            let percentage = is_percentage(indicator, series);
            let tolerance = if percentage {
                settings.percentage
            } else {
                settings.other
            };
            let kind = if percentage {
                "percentages"
            } else {
                "counts, rates and scores"
            };
            ToleranceUsed {
                tolerance,
                set_for_indicator: false,
                description: format!("{} (default for {kind})", tolerance.describe()),
            }
        }
    }
}

/// Judges one indicator for `opts.period` (and `opts.locality` / `opts.group`).
pub fn judge_indicator(
    doc: &PlanDocument,
    indicator: &Indicator,
    opts: &JudgeOptions,
) -> IndicatorJudgement {
    judge_with(&doc.observations, &doc.statements, indicator, opts)
}

fn judge_with<'a>(
    observations: impl IntoIterator<Item = &'a Observation>,
    statements: impl IntoIterator<Item = &'a Statement>,
    indicator: &Indicator,
    opts: &JudgeOptions,
) -> IndicatorJudgement {
    let scope = Scope {
        locality: opts.locality.as_deref(),
        group: opts.group.as_deref(),
    };
    let observations: Vec<&Observation> = observations.into_iter().collect();
    let series = Series::collect(observations.iter().copied(), &indicator.key, scope);
    let polarity = polarity::decide(indicator, observations.iter().copied());
    let tolerance = tolerance_for(indicator, &series, &opts.tolerances);
    let periods_of =
        |entries: &[series::Entry<'_>]| entries.iter().map(|e| e.period).collect::<Vec<_>>();
    let data_period = periods::choose(opts.period, &periods_of(&series.actuals)).or_else(|| {
        let target_periods = [
            periods_of(&series.targets),
            periods_of(&series.area_targets),
        ]
        .concat();
        periods::choose(opts.period, &target_periods)
    });
    let actual_entry = data_period
        .as_ref()
        .and_then(|d| series.actual_at(d.period));
    let target = data_period
        .as_ref()
        .and_then(|d| target_for(&series, d.period, opts.period));
    let rag = match (actual_entry, &target, &data_period) {
        (Some(actual), Some(target), _) => rag::judge(
            &actual.observation.parsed,
            &target.resolution,
            polarity.polarity,
            &tolerance.tolerance,
        ),
        (Some(_), None, Some(d)) => grey(format!("no target set for {}", d.period)),
        (None, _, Some(d)) => grey(format!("no out-turn recorded for {}", d.period)),
        _ => grey(format!("no out-turn or target for {}", opts.period)),
    };
    let band = match target.as_ref().map(|t| &t.resolution) {
        Some(TargetResolution::Band { low, high, .. }) => Some((*low, *high)),
        _ => None,
    };
    // The plans followed are joined for the whole area and everyone only.
    let earlier_plans = match (&opts.locality, &opts.group) {
        (None, None) => opts.earlier_plans.of(&indicator.key),
        _ => &[],
    };
    let (previous, direction) = match (actual_entry, &data_period) {
        (Some(actual), Some(d)) => {
            let before = Before {
                series: &series,
                earlier_plans,
            };
            travel(&before, actual, d.period, polarity.polarity, band)
        }
        _ => (
            None,
            direction::not_comparable(None, format!("no out-turn for {}", opts.period)),
        ),
    };
    let (comparators, quartile) = match &data_period {
        Some(d) => place(
            indicator,
            &series,
            d.period,
            actual_entry,
            polarity.polarity,
            &opts.quartiles,
        ),
        None => (Vec::new(), None),
    };
    // The council's word for the period judged, else for the reporting period.
    let stated_periods: Vec<Period> = data_period
        .iter()
        .map(|d| d.period)
        .chain([opts.period])
        .collect();
    let stated = stated::for_indicator(statements, &indicator.key, &stated_periods, &rag);
    IndicatorJudgement {
        indicator: indicator.key.clone(),
        code: indicator.code.clone(),
        title: indicator.title.clone(),
        objectives: indicator.objectives.clone(),
        polarity,
        reporting_period: opts.period,
        data_period,
        actual: actual_entry.map(ValueUsed::from),
        target,
        tolerance,
        rag,
        previous,
        direction,
        comparators,
        quartile,
        stated,
    }
}

/// The target for the data period; failing that, one written for another
/// period belonging to the same reporting period (`2010 target 60%` beside a
/// plain `66%`), with a note saying so.
fn target_for(series: &Series<'_>, data: Period, reporting: Period) -> Option<TargetUsed> {
    let others = periods::candidates(reporting)
        .into_iter()
        .filter(|p| *p != data);
    let (entry, area_wide) = std::iter::once(data)
        .chain(others)
        .find_map(|p| series.target_at(p))?;
    let note = (entry.period != data).then(|| {
        format!(
            "the target is for {}; used for {} as both belong to {reporting}",
            entry.period, data
        )
    });
    let trajectory = if area_wide {
        &series.area_targets
    } else {
        &series.targets
    };
    Some(TargetUsed {
        value: ValueUsed::from(entry),
        resolution: target::resolve(&entry.observation.parsed, entry.period, series, None),
        area_wide,
        note,
        set_by: entry.observation.set_by.clone(),
        agreed_on: entry.observation.agreed_on,
        trajectory: trajectory
            .iter()
            .map(|e| TargetPoint {
                period: e.period,
                text: e.observation.text.clone(),
                figure: e.observation.parsed.figure(),
            })
            .collect(),
    })
}

fn grey(rule: String) -> RagJudgement {
    RagJudgement {
        rag: Rag::Grey,
        rule,
        parts: Vec::new(),
    }
}

/// What an out-turn may be compared with: the plan's own out-turns, then
/// those of the plans it follows.
struct Before<'s, 'a> {
    series: &'s Series<'a>,
    earlier_plans: &'s [JoinedPoint],
}

impl Before<'_, '_> {
    /// The latest out-turn of the plans followed for a period of `period`'s
    /// kind before it, with the plan it came from.
    fn in_earlier_plans(&self, period: Period) -> Option<(series::Entry<'_>, &str)> {
        self.earlier_plans
            .iter()
            .filter(|p| p.observation.kind == ObservationKind::Actual)
            .map(|p| {
                let entry = series::Entry {
                    period: periods::observation_period(&p.observation),
                    observation: &p.observation,
                };
                (entry, p.plan.as_str())
            })
            .filter(|(e, _)| e.period.start() < period.start() && e.period.comparable_with(&period))
            .max_by_key(|(e, _)| e.period.start())
    }
}

/// Compares the out-turn with the latest earlier figure for the same kind of
/// period: the year before, or further back where years are missing (a
/// two-yearly survey), saying which were missing. With none in the plan, the
/// latest in the plans it follows, saying which plan.
fn travel(
    before: &Before<'_, '_>,
    actual: &series::Entry<'_>,
    period: Period,
    polarity: Option<Polarity>,
    band: Option<(f64, f64)>,
) -> (Option<ValueUsed>, DirectionOfTravel) {
    let earlier = || {
        before
            .series
            .actuals
            .iter()
            .rev()
            .filter(|e| e.period.start() < period.start())
    };
    let compare_with = |previous: &series::Entry<'_>| {
        direction::compare(
            &actual.observation.parsed,
            &previous.observation.parsed,
            previous.period,
            polarity,
            band,
        )
    };
    if let Some(previous) = earlier().find(|e| e.period.comparable_with(&period)) {
        let mut d = compare_with(previous);
        if let Some(gap) = direction::missing_between(previous.period, period) {
            d.reason = format!(
                "{}; compared with {}, the latest earlier out-turn; none for {gap}",
                d.reason, previous.period
            );
        }
        return (Some(ValueUsed::from(previous)), d);
    }
    if let Some((previous, plan)) = before.in_earlier_plans(period) {
        let mut d = compare_with(&previous);
        d.reason = format!(
            "{}; compared with {} in {plan}, the predecessor plan",
            d.reason, previous.period
        );
        if let Some(gap) = direction::missing_between(previous.period, period) {
            d.reason = format!("{}; none for {gap}", d.reason);
        }
        return (Some(ValueUsed::from(&previous)), d);
    }
    let previous_period = period.previous();
    let other = earlier().next();
    let reason = match other {
        Some(other) => format!(
            "no earlier out-turn for a {}; the earlier figure ({}) is for {}, a different kind of period",
            periods::kind_name(period),
            other.observation.text,
            periods::describe(other.period)
        ),
        None => format!("no out-turn for {previous_period} or earlier to compare with"),
    };
    let mut direction = direction::not_comparable(Some(previous_period), reason);
    direction.earlier_of_other_kind = other.map(|e| e.period);
    (None, direction)
}

fn place(
    indicator: &Indicator,
    series: &Series<'_>,
    period: Period,
    actual: Option<&series::Entry<'_>>,
    polarity: Option<Polarity>,
    quartiles: &[QuartileBoundaries],
) -> (Vec<Comparison>, Option<u8>) {
    let ours = actual.and_then(|a| a.observation.parsed.figure());
    let comparisons = series
        .comparators
        .iter()
        .filter(|e| e.period == period)
        .map(|e| {
            let figure = e.observation.parsed.figure();
            Comparison {
                comparator: e.observation.kind,
                text: e.observation.text.clone(),
                figure,
                position: comparators::position(ours, figure, polarity),
            }
        })
        .collect();
    let quartile = quartiles
        .iter()
        .find(|q| q.indicator == indicator.key && q.period == period)
        .and_then(|q| comparators::quartile(ours?, q, polarity));
    (comparisons, quartile)
}

#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests;

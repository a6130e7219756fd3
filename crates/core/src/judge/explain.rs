//! Why an indicator got its RAG and arrow, step by step and in one sentence.

use serde::{Deserialize, Serialize};

use super::comparators::describe;
use super::target::{round, TargetResolution};
use super::{judge_indicator, IndicatorJudgement, JudgeError, JudgeOptions, TargetUsed, ValueUsed};
use crate::model::PlanDocument;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The full judgement, with every value, target, tolerance and polarity used.
    pub judgement: IndicatorJudgement,
    /// Each step in plain English, in the order it was decided.
    pub steps: Vec<String>,
    /// The whole story in one sentence.
    pub sentence: String,
}

/// Explains the judgement of indicator `key` for `opts.period`.
pub fn explain(
    doc: &PlanDocument,
    key: &str,
    opts: &JudgeOptions,
) -> Result<Explanation, JudgeError> {
    let indicator = doc
        .indicators
        .iter()
        .find(|i| i.key == key)
        .ok_or_else(|| JudgeError::UnknownIndicator(key.to_string()))?;
    let judgement = judge_indicator(doc, indicator, opts);
    let steps = steps(&judgement);
    let sentence = sentence(&judgement);
    Ok(Explanation {
        judgement,
        steps,
        sentence,
    })
}

fn value(v: &ValueUsed) -> String {
    let figure = v.figure.map(round).unwrap_or_else(|| "no figure".into());
    let column = if v.column == v.period {
        String::new()
    } else {
        format!(", written in the {} column", v.column)
    };
    let caveat = match (v.estimate, v.provisional) {
        (true, _) => ", an estimate",
        (false, true) => ", provisional",
        _ => "",
    };
    format!("\"{}\" ({}, {figure}{column}{caveat})", v.text, v.period)
}

fn target_text(resolution: &TargetResolution) -> String {
    match resolution {
        TargetResolution::Figure {
            amount,
            derivation: Some(d),
            ..
        } => format!("{} from {}", round(*amount), d.description),
        TargetResolution::Figure { amount, .. } => round(*amount),
        TargetResolution::Band { low, high, .. } => {
            format!("the band {} to {}", round(*low), round(*high))
        }
        TargetResolution::Parts { parts } => parts
            .iter()
            .map(|p| format!("{}) {}", p.label, target_text(&p.target)))
            .collect::<Vec<_>>()
            .join(", "),
        TargetResolution::Unresolved { reason } => format!("unresolved: {reason}"),
        TargetResolution::NoTarget { reason } => format!("none: {reason}"),
    }
}

/// ` Set by Trust Board, agreed on 2010-03-24.`, or as much of it as is known.
fn agreement(t: &TargetUsed) -> String {
    match (&t.set_by, t.agreed_on) {
        (Some(by), Some(on)) => format!(" Set by {by}, agreed on {on}."),
        (Some(by), None) => format!(" Set by {by}."),
        (None, Some(on)) => format!(" Agreed on {on}."),
        (None, None) => String::new(),
    }
}

/// `2009/10 60%, 2010/11 65%, 2011/12 70%`, when there is more than the one target used.
fn trajectory(t: &TargetUsed) -> Option<String> {
    (t.trajectory.len() > 1).then(|| {
        t.trajectory
            .iter()
            .map(|p| format!("{} \"{}\"", p.period, p.text))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn steps(j: &IndicatorJudgement) -> Vec<String> {
    let mut steps = vec![format!("Reporting period {}.", j.reporting_period)];
    steps.push(match &j.data_period {
        Some(d) => format!("Data period taken: {}.", d.note),
        None => "No data period: nothing recorded for this reporting period.".into(),
    });
    steps.push(match &j.actual {
        Some(a) => format!("Out-turn: {}.", value(a)),
        None => "Out-turn: none recorded.".into(),
    });
    if let Some(interval) = j.actual.as_ref().and_then(|a| a.interval) {
        steps.push(format!(
            "95% interval (Wilson): {}% to {}%.",
            round(interval.low),
            round(interval.high)
        ));
    }
    steps.push(match &j.target {
        Some(t) => {
            format!(
                "Target: {} resolved as {}{}.",
                value(&t.value),
                target_text(&t.resolution),
                if t.area_wide {
                    " (whole-area target; the locality has none)"
                } else {
                    ""
                }
            ) + &agreement(t)
                + &t.note
                    .as_ref()
                    .map(|n| format!(" Note: {n}."))
                    .unwrap_or_default()
        }
        None => "Target: none set.".into(),
    });
    if let Some(years) = j.target.as_ref().and_then(trajectory) {
        steps.push(format!("Targets across the years: {years}."));
    }
    steps.push(format!("Tolerance: {}.", j.tolerance.description));
    steps.push(format!("Polarity: {}.", j.polarity.describe()));
    steps.push(format!("{}: {}.", j.rag.rag.label(), j.rag.rule));
    if let Some(stated) = &j.stated {
        steps.push(match &stated.disagreement {
            Some(why) => format!("The council's own rating for {}: {why}.", stated.period),
            None => format!(
                "The council's own rating for {}: {}.",
                stated.period,
                stated.said()
            ),
        });
    }
    if let Some(p) = &j.previous {
        steps.push(format!("Latest earlier comparable value: {}.", value(p)));
    }
    steps.push(format!(
        "{}: {}.",
        j.direction.arrow.label(),
        j.direction.reason
    ));
    let placed = describe(&j.comparators);
    if !placed.is_empty() {
        steps.push(format!("Comparators: {placed}."));
    }
    if let Some(q) = j.quartile {
        steps.push(format!("National quartile {q} (1 is best)."));
    }
    steps
}

fn sentence(j: &IndicatorJudgement) -> String {
    let name = match &j.code {
        Some(code) => format!("{code} {}", j.title),
        None => j.title.clone(),
    };
    let rag = j.rag.rag.label().to_lowercase();
    let data = match &j.data_period {
        Some(d) if d.period != j.reporting_period => format!(" using {}", d.note),
        _ => String::new(),
    };
    let direction = match j.direction.arrow {
        super::Arrow::NotComparable => format!("no direction of travel ({})", j.direction.reason),
        arrow => format!(
            "direction: {} ({})",
            arrow.label().to_lowercase(),
            j.direction.reason
        ),
    };
    format!(
        "{name} is {rag} for {}{data}: {}; {}; {direction}.",
        j.reporting_period,
        j.rag.rule,
        j.polarity.describe()
    )
}

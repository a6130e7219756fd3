//! Successive plans of one organisation: which plan follows which, what
//! became of an earlier plan's outcomes in the later one, and which
//! indicators of linked plans are one indicator, so that its figures read
//! as one series across the plans.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::judge::catalogue::ni_number;
use crate::model::{Observation, ObservationKind};
use crate::period::Period;

/// What became of an outcome of the earlier plan in its successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeFate {
    /// Goes on as an outcome of the later plan.
    Continued,
    /// Folded into an outcome of the later plan with others.
    MergedInto,
    /// Not carried on.
    Deleted,
}

impl OutcomeFate {
    pub const ALL: [OutcomeFate; 3] = [
        OutcomeFate::Continued,
        OutcomeFate::MergedInto,
        OutcomeFate::Deleted,
    ];

    /// The word stored, written in files and posted in forms.
    pub fn code(self) -> &'static str {
        match self {
            OutcomeFate::Continued => "continued",
            OutcomeFate::MergedInto => "merged_into",
            OutcomeFate::Deleted => "deleted",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OutcomeFate::Continued => "Continued as",
            OutcomeFate::MergedInto => "Merged into",
            OutcomeFate::Deleted => "Deleted",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code.trim())
    }
}

/// An outcome of the earlier plan and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeLink {
    /// Code of the outcome in the earlier plan.
    pub earlier: String,
    pub fate: OutcomeFate,
    /// Code of the outcome in the later plan; none when deleted.
    pub later: Option<String>,
}

/// Why an outcome link cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error(
        "`{0}` does not say which outcome became which; write it as `EARLIER=>LATER`, e.g. `4=>3`"
    )]
    NotAPair(String),
    #[error("an outcome marked `{}` needs the outcome of the later plan it went to", .0.code())]
    LaterMissing(OutcomeFate),
    #[error("a deleted outcome goes to no outcome of the later plan")]
    DeletedWithLater,
    #[error("a plan cannot follow itself")]
    SamePlan,
    #[error("`{later}` already comes before `{earlier}`, so it cannot also follow it")]
    Circular { earlier: String, later: String },
}

/// Whether `later` may be linked as following `earlier`, given the links
/// (earlier, later) already made: plans follow one another in one direction,
/// so no chain of links may lead back to where it started.
pub fn check_plan_link(
    existing: &[(String, String)],
    earlier: &str,
    later: &str,
) -> Result<(), LinkError> {
    if earlier == later {
        return Err(LinkError::SamePlan);
    }
    let mut reached: BTreeSet<&str> = BTreeSet::from([later]);
    let mut grew = true;
    while grew {
        grew = false;
        for (from, to) in existing {
            if reached.contains(from.as_str()) {
                grew |= reached.insert(to.as_str());
            }
        }
    }
    match reached.contains(earlier) {
        true => Err(LinkError::Circular {
            earlier: earlier.to_string(),
            later: later.to_string(),
        }),
        false => Ok(()),
    }
}

impl OutcomeLink {
    /// Checks that the fate and the later outcome agree.
    pub fn new(earlier: &str, fate: OutcomeFate, later: Option<&str>) -> Result<Self, LinkError> {
        let later = later.map(str::trim).filter(|l| !l.is_empty());
        match (fate, later) {
            (OutcomeFate::Deleted, Some(_)) => Err(LinkError::DeletedWithLater),
            (OutcomeFate::Continued | OutcomeFate::MergedInto, None) => {
                Err(LinkError::LaterMissing(fate))
            }
            _ => Ok(OutcomeLink {
                earlier: earlier.trim().to_string(),
                fate,
                later: later.map(str::to_string),
            }),
        }
    }

    /// `4=>3`: outcome 4 of the earlier plan, outcome 3 of the later.
    pub fn parse_pair(text: &str, fate: OutcomeFate) -> Result<Self, LinkError> {
        let (earlier, later) = text
            .split_once("=>")
            .filter(|(e, l)| !e.trim().is_empty() && !l.trim().is_empty())
            .ok_or_else(|| LinkError::NotAPair(text.to_string()))?;
        OutcomeLink::new(earlier, fate, Some(later))
    }
}

/// One indicator of one plan, named by the plan's name and the indicator's key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IndicatorRef {
    pub plan: String,
    pub key: String,
}

/// An indicator of a linked plan with its code, as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanIndicator {
    pub indicator: IndicatorRef,
    pub code: Option<String>,
}

/// Two indicators a person said are the same, in two linked plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorLink {
    pub earlier: IndicatorRef,
    pub later: IndicatorRef,
}

/// The identity a code gives across plans: `NI 61 (LAA)` and `NI61` are both
/// `NI 61`; a local code is itself, ignoring case and spacing.
fn code_identity(code: &str) -> String {
    match ni_number(code) {
        Some(number) => format!("NI {number}"),
        None => code
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
    }
}

/// The indicators of linked plans that are one indicator with `start`,
/// `start` included, ordered by plan then key. Two indicators are the same
/// when a person linked them, or when they carry the same code and neither
/// plan holds another indicator with that code (the code alone cannot tell
/// two such indicators apart). Sameness carries through: what is the same as
/// the same is the same.
pub fn same_indicators(
    start: &IndicatorRef,
    indicators: &[PlanIndicator],
    links: &[IndicatorLink],
) -> Vec<IndicatorRef> {
    let mut by_code: BTreeMap<String, Vec<&IndicatorRef>> = BTreeMap::new();
    for indicator in indicators {
        if let Some(code) = indicator.code.as_deref().filter(|c| !c.trim().is_empty()) {
            by_code
                .entry(code_identity(code))
                .or_default()
                .push(&indicator.indicator);
        }
    }
    let mut edges: Vec<(&IndicatorRef, &IndicatorRef)> = links
        .iter()
        .map(|link| (&link.earlier, &link.later))
        .collect();
    for holders in by_code.values() {
        let plans: BTreeSet<&str> = holders.iter().map(|i| i.plan.as_str()).collect();
        if plans.len() == holders.len() {
            edges.extend(holders.windows(2).map(|pair| (pair[0], pair[1])));
        }
    }
    let mut found: BTreeSet<IndicatorRef> = BTreeSet::from([start.clone()]);
    let mut grew = true;
    while grew {
        grew = false;
        for (a, b) in &edges {
            match (found.contains(*a), found.contains(*b)) {
                (true, false) => grew |= found.insert((*b).clone()),
                (false, true) => grew |= found.insert((*a).clone()),
                _ => {}
            }
        }
    }
    found.into_iter().collect()
}

/// A figure of the joined series and the plan it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinedPoint {
    pub plan: String,
    pub observation: Observation,
}

/// The figures a plan's indicators hold in the plans it follows (directly or
/// through others), by the indicator's key in the plan that follows: what
/// direction of travel falls back on when the plan holds no earlier figure of
/// its own, so the first year of a new plan is compared with the last of the
/// plan before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EarlierPlans {
    by_indicator: BTreeMap<String, Vec<JoinedPoint>>,
}

impl EarlierPlans {
    /// From each indicator's series across linked plans, as [`joined_series`]
    /// gives it, keeping only the figures of `predecessors`: a plan that came
    /// later says nothing about what came before.
    pub fn new(
        series: BTreeMap<String, Vec<JoinedPoint>>,
        predecessors: &BTreeSet<String>,
    ) -> Self {
        let by_indicator = series
            .into_iter()
            .map(|(key, points)| {
                let earlier: Vec<JoinedPoint> = points
                    .into_iter()
                    .filter(|p| predecessors.contains(&p.plan))
                    .collect();
                (key, earlier)
            })
            .filter(|(_, points)| !points.is_empty())
            .collect();
        EarlierPlans { by_indicator }
    }

    /// Indicator `key`'s figures in the plans followed, in period order.
    pub fn of(&self, key: &str) -> &[JoinedPoint] {
        self.by_indicator.get(key).map_or(&[], Vec::as_slice)
    }
}

/// One series from the figures of the same indicator in several plans.
/// `plans` lists the plans by preference: each period and kind of figure
/// (whole area, everyone) is taken from the first plan that holds one, so
/// where plans overlap the plan being read speaks for its own years.
/// Points come in period order.
pub fn joined_series(plans: &[&str], figures: Vec<JoinedPoint>) -> Vec<JoinedPoint> {
    let rank = |plan: &str| plans.iter().position(|p| *p == plan).unwrap_or(plans.len());
    let mut chosen: BTreeMap<(Period, ObservationKind), JoinedPoint> = BTreeMap::new();
    for point in figures {
        let whole = point.observation.locality.is_none() && point.observation.group.is_none();
        if !whole {
            continue;
        }
        let slot = (point.observation.period, point.observation.kind);
        let better = chosen
            .get(&slot)
            .is_none_or(|held| rank(&point.plan) < rank(&held.plan));
        if better {
            chosen.insert(slot, point);
        }
    }
    let mut points: Vec<JoinedPoint> = chosen.into_values().collect();
    points.sort_by(|a, b| {
        a.observation
            .period
            .start()
            .cmp(&b.observation.period.start())
            .then(a.observation.kind.cmp(&b.observation.kind))
    });
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(plan: &str, key: &str) -> IndicatorRef {
        IndicatorRef {
            plan: plan.into(),
            key: key.into(),
        }
    }

    fn held(plan: &str, key: &str, code: Option<&str>) -> PlanIndicator {
        PlanIndicator {
            indicator: at(plan, key),
            code: code.map(str::to_string),
        }
    }

    #[test]
    fn the_same_national_code_joins_plans_however_it_is_written() {
        let indicators = [
            held("CYPP 2006-10", "NI 61", Some("NI 61")),
            held("CYPP 2009-13", "NI 61 (LAA)", Some("NI 61 (LAA)")),
            held("CYPP 2009-13", "NI 62", Some("NI 62")),
        ];
        let same = same_indicators(&at("CYPP 2009-13", "NI 61 (LAA)"), &indicators, &[]);
        assert_eq!(
            same,
            [
                at("CYPP 2006-10", "NI 61"),
                at("CYPP 2009-13", "NI 61 (LAA)")
            ]
        );
    }

    #[test]
    fn a_code_held_twice_in_one_plan_joins_nothing_but_a_person_may_link() {
        let indicators = [
            held("A", "NI 92 (4.1)", Some("NI 92")),
            held("A", "NI 92 (5.2)", Some("NI 92")),
            held("B", "NI 92", Some("NI 92")),
        ];
        let start = at("B", "NI 92");
        assert_eq!(
            same_indicators(&start, &indicators, &[]),
            std::slice::from_ref(&start)
        );
        let links = [IndicatorLink {
            earlier: at("A", "NI 92 (5.2)"),
            later: start.clone(),
        }];
        assert_eq!(
            same_indicators(&start, &indicators, &links),
            [at("A", "NI 92 (5.2)"), start]
        );
    }

    #[test]
    fn sameness_carries_through_a_person_link_and_a_code() {
        let indicators = [
            held("A", "Teenage conceptions", None),
            held("B", "NI 112", Some("NI 112")),
            held("C", "NI 112", Some("NI 112")),
        ];
        let links = [IndicatorLink {
            earlier: at("A", "Teenage conceptions"),
            later: at("B", "NI 112"),
        }];
        assert_eq!(
            same_indicators(&at("C", "NI 112"), &indicators, &links).len(),
            3
        );
    }

    fn figure(plan: &str, period: &str, text: &str) -> JoinedPoint {
        let period: Period = period.parse().unwrap_or_else(|e| panic!("{e}"));
        JoinedPoint {
            plan: plan.into(),
            observation: Observation {
                indicator: "NI 112".into(),
                period,
                kind: ObservationKind::Actual,
                locality: None,
                group: None,
                text: text.into(),
                parsed: crate::value::parse(text),
                set_by: None,
                agreed_on: None,
                source: crate::model::ValueSource::Written,
            },
        }
    }

    #[test]
    fn the_plan_read_speaks_for_the_years_plans_share() {
        let figures = vec![
            figure("CYPP 2009-13", "2009/10", "41"),
            figure("CYPP 2006-10", "2009/10", "40"),
            figure("CYPP 2006-10", "2007/08", "44"),
            figure("CYPP 2009-13", "2010/11", "38"),
        ];
        let series = joined_series(&["CYPP 2009-13", "CYPP 2006-10"], figures);
        let read: Vec<(&str, &str)> = series
            .iter()
            .map(|p| (p.plan.as_str(), p.observation.text.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("CYPP 2006-10", "44"),
                ("CYPP 2009-13", "41"),
                ("CYPP 2009-13", "38")
            ]
        );
    }

    #[test]
    fn plans_follow_one_another_one_way() {
        let existing = [
            ("CYPP 2006-10".to_string(), "CYPP 2009-13".to_string()),
            ("CYPP 2009-13".to_string(), "CYPP 2013-16".to_string()),
        ];
        assert_eq!(
            check_plan_link(&existing, "CYPP 2013-16", "CYPP 2006-10"),
            Err(LinkError::Circular {
                earlier: "CYPP 2013-16".into(),
                later: "CYPP 2006-10".into()
            })
        );
        assert_eq!(
            check_plan_link(&existing, "CYPP 2006-10", "CYPP 2006-10"),
            Err(LinkError::SamePlan)
        );
        assert_eq!(
            check_plan_link(&existing, "CYPP 2006-10", "CYPP 2013-16"),
            Ok(())
        );
    }

    #[test]
    fn outcome_links_need_a_later_outcome_unless_deleted() {
        let merged = OutcomeLink::parse_pair("4=>3", OutcomeFate::MergedInto).unwrap_or_else(|e| {
            panic!("{e}");
        });
        assert_eq!(merged.later.as_deref(), Some("3"));
        assert_eq!(
            OutcomeLink::parse_pair("4", OutcomeFate::Continued),
            Err(LinkError::NotAPair("4".into()))
        );
        assert_eq!(
            OutcomeLink::new("5", OutcomeFate::Deleted, Some("2")),
            Err(LinkError::DeletedWithLater)
        );
        assert!(OutcomeLink::new("5", OutcomeFate::Deleted, None).is_ok());
        assert!(OutcomeLink::new("5", OutcomeFate::MergedInto, None).is_err());
        for fate in OutcomeFate::ALL {
            assert_eq!(OutcomeFate::from_code(fate.code()), Some(fate));
        }
    }
}

//! One indicator's observations in the scope being judged, keyed by the
//! period each figure belongs to.

use crate::model::{Observation, ObservationKind};
use crate::period::Period;
use crate::value::ParsedValue;

use super::periods::observation_period;

#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The period the figure belongs to (see [`super::periods`]).
    pub period: Period,
    pub observation: &'a Observation,
}

/// Which locality and group are being judged; `None` is the whole area / everyone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    pub locality: Option<&'a str>,
    pub group: Option<&'a str>,
}

#[derive(Debug, Default)]
pub struct Series<'a> {
    /// Sorted by period.
    pub actuals: Vec<Entry<'a>>,
    pub targets: Vec<Entry<'a>>,
    /// Whole-area targets, used when a locality has none of its own.
    pub area_targets: Vec<Entry<'a>>,
    /// England, region and statistical-neighbour figures for the same group.
    pub comparators: Vec<Entry<'a>>,
}

impl<'a> Series<'a> {
    /// Collects from `observations`, which may hold other indicators' too.
    pub fn collect(
        observations: impl IntoIterator<Item = &'a Observation>,
        indicator: &str,
        scope: Scope<'_>,
    ) -> Self {
        let mut series = Series::default();
        let same =
            |a: &Option<String>, b: Option<&str>| a.as_deref().map(str::trim) == b.map(str::trim);
        for observation in observations
            .into_iter()
            .filter(|o| o.indicator == indicator)
        {
            let entry = Entry {
                period: observation_period(observation),
                observation,
            };
            let in_group = same(&observation.group, scope.group);
            let in_locality = same(&observation.locality, scope.locality);
            match observation.kind {
                ObservationKind::Actual if in_group && in_locality => series.actuals.push(entry),
                ObservationKind::Target if in_group && in_locality => series.targets.push(entry),
                ObservationKind::Target
                    if in_group && observation.locality.is_none() && scope.locality.is_some() =>
                {
                    series.area_targets.push(entry)
                }
                ObservationKind::England
                | ObservationKind::Region
                | ObservationKind::StatisticalNeighbours
                    if in_group =>
                {
                    series.comparators.push(entry)
                }
                _ => {}
            }
        }
        for list in [
            &mut series.actuals,
            &mut series.targets,
            &mut series.area_targets,
            &mut series.comparators,
        ] {
            list.sort_by_key(|e| (e.period, e.observation.period));
        }
        series
    }

    pub fn actual_at(&self, period: Period) -> Option<&Entry<'a>> {
        find_at(&self.actuals, period)
    }

    /// The target for `period`, and whether it had to be the whole-area one.
    pub fn target_at(&self, period: Period) -> Option<(&Entry<'a>, bool)> {
        find_at(&self.targets, period)
            .map(|e| (e, false))
            .or_else(|| find_at(&self.area_targets, period).map(|e| (e, true)))
    }

    /// The earliest out-turn with a figure (for `label`'s part, if given).
    pub fn baseline(&self, label: Option<&str>) -> Option<(Period, f64)> {
        self.actuals
            .iter()
            .find_map(|e| Some((e.period, part(&e.observation.parsed, label)?.figure()?)))
    }

    /// The figure of the out-turn for `period` (for `label`'s part, if given);
    /// failing that, of the out-turn written in `period`'s column, since a council
    /// writing `Outcome from 2011/12` means its own 2011/12 column.
    pub fn figure_at(&self, period: Period, label: Option<&str>) -> Option<(Period, f64)> {
        let entry = self
            .actual_at(period)
            .or_else(|| self.actuals.iter().find(|e| e.observation.period == period))?;
        Some((
            entry.period,
            part(&entry.observation.parsed, label)?.figure()?,
        ))
    }
}

/// Prefers an observation written in the column of its own period.
fn find_at<'e, 'a>(entries: &'e [Entry<'a>], period: Period) -> Option<&'e Entry<'a>> {
    let mut matching = entries.iter().filter(|e| e.period == period);
    let first = matching.next()?;
    Some(
        std::iter::once(first)
            .chain(matching)
            .find(|e| e.observation.period == period)
            .unwrap_or(first),
    )
}

/// The whole value (`label` = `None`) or one labelled part of it.
pub fn part<'v>(parsed: &'v ParsedValue, label: Option<&str>) -> Option<&'v ParsedValue> {
    match label {
        None => Some(parsed),
        Some(label) => parsed
            .parts()
            .iter()
            .find(|p| same_label(&p.label, label))
            .map(|p| &p.value),
    }
}

pub fn same_label(a: &str, b: &str) -> bool {
    let clean = |s: &str| s.trim().trim_end_matches(')').trim().to_lowercase();
    clean(a) == clean(b)
}

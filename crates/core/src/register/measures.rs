//! The register's own performance measures, for a period and optionally one
//! locality. Every measure lists what it counted, so a report can name the
//! children behind each figure.
//!
//! - **CAF within 15 working days**: CAFs completed (discussion held) in the
//!   period; on time when completed on or before the 15th working day after
//!   the need was identified.
//! - **Meeting within 6 weeks of level 3**: each entry into level 3 is counted
//!   once, when its result is known: on the day of the first meeting if that
//!   is within 42 days (on time), or the day after the deadline if the child
//!   was still open at level 3 on the deadline with no meeting (late). A child
//!   who left level 3 or was closed before the deadline is not counted.
//! - **Reviews within 3 months**: reviews held in the period; on time when no
//!   more than 3 months after the previous meeting or review.
//! - **Children by level** and **level-3 children with a Lead Professional**:
//!   open records on the last day of the period.
//! - **Concerns raised** and **referrals to safeguarding**: those dated in the period.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{add_months, add_weeks, WorkingCalendar};
use crate::period::Period;

use super::due::{CAF_WORKING_DAYS, MEETING_WEEKS, REVIEW_MONTHS};
use super::level::Level;
use super::people::ChildId;
use super::record::{ChildRecord, StatusChange};

/// One thing counted: a CAF, flag, review, child, concern or referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    pub child: ChildId,
    /// The date that placed it in the period.
    pub date: NaiveDate,
    pub in_numerator: bool,
}

/// A figure and what it was made from. A child appears once per thing
/// counted (two CAFs completed in a period count twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub numerator: usize,
    /// `None` for plain counts.
    pub denominator: Option<usize>,
    pub counted: Vec<Counted>,
}

impl Measure {
    fn proportion(counted: Vec<Counted>) -> Self {
        Measure {
            numerator: counted.iter().filter(|item| item.in_numerator).count(),
            denominator: Some(counted.len()),
            counted,
        }
    }

    fn count(counted: Vec<Counted>) -> Self {
        Measure {
            numerator: counted.len(),
            denominator: None,
            counted,
        }
    }

    /// Numerator over denominator as a percentage; `None` for counts and empty denominators.
    pub fn percentage(&self) -> Option<f64> {
        let denominator = self.denominator.filter(|d| *d > 0)?;
        Some(100.0 * self.numerator as f64 / denominator as f64)
    }
}

/// The period and, optionally, the locality measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub period: Period,
    #[serde(default)]
    pub locality: Option<String>,
}

impl Scope {
    fn records<'a>(&'a self, records: &'a [ChildRecord]) -> impl Iterator<Item = &'a ChildRecord> {
        records
            .iter()
            .filter(move |record| self.locality.is_none() || record.child.locality == self.locality)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterMeasures {
    pub caf_within_15_working_days: Measure,
    pub meeting_within_6_weeks_of_level_3: Measure,
    pub reviews_within_3_months: Measure,
    /// One count per level, 0 to 4.
    pub children_by_level: Vec<(Level, Measure)>,
    pub level_3_with_lead_professional: Measure,
    pub concerns_raised: Measure,
    pub safeguarding_referrals: Measure,
}

pub fn register_measures(
    records: &[ChildRecord],
    calendar: &WorkingCalendar,
    scope: &Scope,
) -> RegisterMeasures {
    RegisterMeasures {
        caf_within_15_working_days: caf_timeliness(records, calendar, scope),
        meeting_within_6_weeks_of_level_3: meeting_timeliness(records, scope),
        reviews_within_3_months: review_timeliness(records, scope),
        children_by_level: Level::ALL
            .into_iter()
            .map(|level| (level, children_at_level(records, scope, level)))
            .collect(),
        level_3_with_lead_professional: level_3_with_lead(records, scope),
        concerns_raised: concerns_raised(records, scope),
        safeguarding_referrals: safeguarding_referrals(records, scope),
    }
}

/// Gathers what each record contributes, keeping those dated in the period.
fn collect<'a, I>(
    records: &'a [ChildRecord],
    scope: &'a Scope,
    each: impl Fn(&'a ChildRecord) -> I,
) -> Vec<Counted>
where
    I: IntoIterator<Item = (NaiveDate, bool)>,
{
    scope
        .records(records)
        .flat_map(|record| {
            each(record)
                .into_iter()
                .map(|(date, in_numerator)| Counted {
                    child: record.child.id.clone(),
                    date,
                    in_numerator,
                })
        })
        .filter(|item| scope.period.contains(item.date))
        .collect()
}

pub fn caf_timeliness(
    records: &[ChildRecord],
    calendar: &WorkingCalendar,
    scope: &Scope,
) -> Measure {
    Measure::proportion(collect(records, scope, |record| {
        caf_results(record, calendar)
    }))
}

/// Each CAF the record completed: the day and whether it was within 15 working days.
pub fn caf_results<'a>(
    record: &'a ChildRecord,
    calendar: &'a WorkingCalendar,
) -> impl Iterator<Item = (NaiveDate, bool)> + 'a {
    record.cafs.iter().filter_map(|caf| {
        let completed = caf.completed()?;
        let on_time =
            calendar.within_working_days(caf.need_identified(), completed, CAF_WORKING_DAYS);
        Some((completed, on_time))
    })
}

pub fn meeting_timeliness(records: &[ChildRecord], scope: &Scope) -> Measure {
    Measure::proportion(collect(records, scope, meeting_results))
}

/// Each entry into level 3 whose result is known: the day it became known
/// and whether the meeting was on time.
pub fn meeting_results(record: &ChildRecord) -> impl Iterator<Item = (NaiveDate, bool)> + '_ {
    record
        .entered_level(Level::FamilySupportPackage)
        .into_iter()
        .filter_map(|flagged| meeting_result(record, flagged))
}

/// When the result of a level-3 flag is known, and whether it was on time.
fn meeting_result(record: &ChildRecord, flagged: NaiveDate) -> Option<(NaiveDate, bool)> {
    let deadline = add_weeks(flagged, MEETING_WEEKS);
    let first_meeting = record
        .meetings
        .iter()
        .map(|meeting| meeting.date)
        .filter(|date| *date >= flagged)
        .min();
    if let Some(held) = first_meeting.filter(|held| *held <= deadline) {
        return Some((held, true));
    }
    let still_waiting = record.is_open_on(deadline)
        && record.level_on(deadline) == Some(Level::FamilySupportPackage);
    still_waiting.then(|| (deadline + Days::new(1), false))
}

pub fn review_timeliness(records: &[ChildRecord], scope: &Scope) -> Measure {
    Measure::proportion(collect(records, scope, review_results))
}

/// Each review after a meeting or review: its day and whether it was held
/// within 3 months of the one before.
pub fn review_results(record: &ChildRecord) -> impl Iterator<Item = (NaiveDate, bool)> + '_ {
    record
        .reviews
        .iter()
        .enumerate()
        .filter_map(|(index, review)| {
            let previous_meeting = record
                .meetings
                .iter()
                .map(|meeting| meeting.date)
                .filter(|date| *date < review.date)
                .max();
            let previous_review = index.checked_sub(1).map(|i| record.reviews[i].date);
            let previous = previous_meeting.max(previous_review)?;
            Some((
                review.date,
                review.date <= add_months(previous, REVIEW_MONTHS),
            ))
        })
}

/// Where a child stands on a day, as the point-in-time measures count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// Not on the register that day, or at no level.
    Uncounted,
    /// Open at `level`; `lead` when a Lead Professional is in post.
    Open { level: Level, lead: bool },
}

pub fn standing_on(record: &ChildRecord, date: NaiveDate) -> Standing {
    match record.level_on(date) {
        Some(level) if record.is_open_on(date) => Standing::Open {
            level,
            lead: record.lead_professional_on(date).is_some(),
        },
        _ => Standing::Uncounted,
    }
}

/// The days a child's [`Standing`] can change: between two of them it stays
/// as it was on the first.
pub fn standing_changes(record: &ChildRecord) -> Vec<NaiveDate> {
    let leads = record
        .lead_professionals
        .iter()
        .flat_map(|lead| [Some(lead.from), lead.until].into_iter().flatten());
    let mut days: Vec<NaiveDate> = [record.opened]
        .into_iter()
        .chain(record.status_changes.iter().map(StatusChange::date))
        .chain(record.levels.iter().map(|change| change.date))
        .chain(leads)
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// Open records at `level` on the last day of the period.
pub fn children_at_level(records: &[ChildRecord], scope: &Scope, level: Level) -> Measure {
    let end = scope.period.end();
    Measure::count(collect(records, scope, |record| {
        let at_level =
            matches!(standing_on(record, end), Standing::Open { level: at, .. } if at == level);
        at_level.then_some((end, true))
    }))
}

pub fn level_3_with_lead(records: &[ChildRecord], scope: &Scope) -> Measure {
    let end = scope.period.end();
    Measure::proportion(collect(records, scope, |record| {
        match standing_on(record, end) {
            Standing::Open {
                level: Level::FamilySupportPackage,
                lead,
            } => Some((end, lead)),
            _ => None,
        }
    }))
}

pub fn concerns_raised(records: &[ChildRecord], scope: &Scope) -> Measure {
    Measure::count(collect(records, scope, concern_dates))
}

pub fn concern_dates(record: &ChildRecord) -> impl Iterator<Item = (NaiveDate, bool)> + '_ {
    record.concerns.iter().map(|concern| (concern.date, true))
}

pub fn safeguarding_referrals(records: &[ChildRecord], scope: &Scope) -> Measure {
    Measure::count(collect(records, scope, referral_dates))
}

pub fn referral_dates(record: &ChildRecord) -> impl Iterator<Item = (NaiveDate, bool)> + '_ {
    record
        .referrals
        .iter()
        .map(|referral| (referral.date, true))
}

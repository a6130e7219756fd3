//! What is due for a child: the actions the register's timescales require,
//! each with its due date, worked out for a given day.
//!
//! - **CAF completion**: the open CAF's discussion within 15 working days of
//!   the need being identified.
//! - **Team Around the Child meeting**: within 6 weeks (42 days) of the child
//!   entering level 3, while the child is at level 3.
//! - **Review**: within 3 months of the last meeting or review.
//! - **Lead Professional**: due the day a child enters level 3 while none is
//!   appointed.
//! - **Safeguarding referral**: due the day a child enters level 4 while no
//!   referral has been made since.
//! - **Level review**: concerns from several agencies within a window (see
//!   [`RegisterSettings`]) since the level was last set.
//!
//! A closed record has nothing due.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{add_months, add_weeks, WorkingCalendar};

use super::level::Level;
use super::people::AgencyId;
use super::record::ChildRecord;

/// Working days allowed to complete a CAF after the need is identified.
pub const CAF_WORKING_DAYS: u32 = 15;
/// Weeks allowed between entering level 3 and the first meeting.
pub const MEETING_WEEKS: u32 = 6;
/// Months allowed between a meeting or review and the next review.
pub const REVIEW_MONTHS: i32 = 3;

/// Local choices in how the register prompts its coordinators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RegisterSettings {
    /// Concerns raised within this many days of each other are taken together.
    pub concern_window_days: u32,
    /// This many distinct agencies raising concerns within the window prompts a level review.
    pub concern_sources: usize,
}

impl Default for RegisterSettings {
    /// Three agencies within 90 days.
    fn default() -> Self {
        RegisterSettings {
            concern_window_days: 90,
            concern_sources: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum DueKind {
    CompleteCaf { need_identified: NaiveDate },
    HoldMeeting { entered_level_3: NaiveDate },
    Review { last_meeting_or_review: NaiveDate },
    AppointLeadProfessional { entered_level_3: NaiveDate },
    ReferToSafeguarding { entered_level_4: NaiveDate },
    ReviewLevel { agencies: Vec<AgencyId> },
}

impl DueKind {
    /// The action in plain words.
    pub fn describe(&self) -> String {
        match self {
            DueKind::CompleteCaf { need_identified } => format!(
                "Complete the CAF: need identified {need_identified}, allowed {CAF_WORKING_DAYS} working days"
            ),
            DueKind::HoldMeeting { entered_level_3 } => format!(
                "Hold a Team Around the Child meeting: level 3 since {entered_level_3}, allowed {MEETING_WEEKS} weeks"
            ),
            DueKind::Review { last_meeting_or_review } => format!(
                "Review the plan: last meeting or review {last_meeting_or_review}, reviews every {REVIEW_MONTHS} months"
            ),
            DueKind::AppointLeadProfessional { entered_level_3 } => {
                format!("Appoint a Lead Professional: level 3 since {entered_level_3}")
            }
            DueKind::ReferToSafeguarding { entered_level_4 } => format!(
                "Refer to the safeguarding service at once: level 4 since {entered_level_4}"
            ),
            DueKind::ReviewLevel { agencies } => {
                let names: Vec<&str> = agencies.iter().map(|a| a.0.as_str()).collect();
                format!(
                    "Review the level: concerns from {} agencies ({})",
                    agencies.len(),
                    names.join(", ")
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DueAction {
    pub kind: DueKind,
    pub due: NaiveDate,
    /// The due date has passed (due today is not overdue).
    pub overdue: bool,
}

/// Everything due or overdue for the child on `today`, earliest first.
pub fn due_actions(
    record: &ChildRecord,
    today: NaiveDate,
    calendar: &WorkingCalendar,
    settings: &RegisterSettings,
) -> Vec<DueAction> {
    if !record.is_open() {
        return Vec::new();
    }
    let mut due: Vec<(DueKind, NaiveDate)> = Vec::new();
    if let Some(caf) = record.open_caf().filter(|caf| caf.completed().is_none()) {
        let need_identified = caf.need_identified();
        let deadline = calendar.add_working_days(need_identified, CAF_WORKING_DAYS);
        due.push((DueKind::CompleteCaf { need_identified }, deadline));
    }
    due.extend(level_3_actions(record));
    due.extend(review_action(record));
    if let Some(entered) = entered_current(record, Level::RiskOfSeriousHarm) {
        if !record
            .referrals
            .iter()
            .any(|referral| referral.date >= entered)
        {
            let kind = DueKind::ReferToSafeguarding {
                entered_level_4: entered,
            };
            due.push((kind, entered));
        }
    }
    due.extend(
        level_review_prompt(record, settings)
            .map(|(agencies, date)| (DueKind::ReviewLevel { agencies }, date)),
    );
    let mut actions: Vec<DueAction> = due
        .into_iter()
        .map(|(kind, due)| DueAction {
            kind,
            due,
            overdue: due < today,
        })
        .collect();
    actions.sort_by_key(|action| action.due);
    actions
}

/// The date the child entered `level`, if that is the current level.
fn entered_current(record: &ChildRecord, level: Level) -> Option<NaiveDate> {
    (record.current_level() == Some(level))
        .then(|| record.level_unchanged_since())
        .flatten()
}

fn level_3_actions(record: &ChildRecord) -> Vec<(DueKind, NaiveDate)> {
    let Some(entered_level_3) = entered_current(record, Level::FamilySupportPackage) else {
        return Vec::new();
    };
    let mut due = Vec::new();
    if !record
        .meetings
        .iter()
        .any(|meeting| meeting.date >= entered_level_3)
    {
        let deadline = add_weeks(entered_level_3, MEETING_WEEKS);
        due.push((DueKind::HoldMeeting { entered_level_3 }, deadline));
    }
    if record.current_lead_professional().is_none() {
        due.push((
            DueKind::AppointLeadProfessional { entered_level_3 },
            entered_level_3,
        ));
    }
    due
}

fn review_action(record: &ChildRecord) -> Option<(DueKind, NaiveDate)> {
    let spell_start = record.spell_start();
    let last_meeting = record.meetings.last().map(|meeting| meeting.date);
    let last_review = record.reviews.last().map(|review| review.date);
    let last = last_meeting
        .max(last_review)
        .filter(|date| *date >= spell_start)?;
    let kind = DueKind::Review {
        last_meeting_or_review: last,
    };
    Some((kind, add_months(last, REVIEW_MONTHS)))
}

/// The agencies whose concerns, since the level was last set, fall within one
/// window, and the date the last of them was raised.
pub fn level_review_prompt(
    record: &ChildRecord,
    settings: &RegisterSettings,
) -> Option<(Vec<AgencyId>, NaiveDate)> {
    let last_set = record.levels.last().map(|change| change.date);
    let since: Vec<_> = record
        .concerns
        .iter()
        .filter(|concern| last_set.is_none_or(|set| concern.date > set))
        .collect();
    since.iter().find_map(|latest| {
        let window_start = latest
            .date
            .checked_sub_days(Days::new(u64::from(settings.concern_window_days)))
            .unwrap_or(NaiveDate::MIN);
        let agencies: BTreeSet<&AgencyId> = since
            .iter()
            .filter(|concern| concern.date > window_start && concern.date <= latest.date)
            .map(|concern| &concern.agency)
            .collect();
        (agencies.len() >= settings.concern_sources.max(1))
            .then(|| (agencies.into_iter().cloned().collect(), latest.date))
    })
}

//! Milestones overdue or at risk. Overdue: due before today and not recorded
//! as complete. At risk: recorded so by its owner, or, while not complete, due
//! within the next 30 days.

use chrono::Days;

use trustboard_core::model::{self, Milestone};

use super::scope::Scope;
use crate::pack::{MilestoneRow, MilestoneStatus};

const AT_RISK_WITHIN: Days = Days::new(30);

pub fn at_risk(scope: &Scope<'_>) -> Vec<MilestoneRow> {
    let today = scope.opts.today;
    let horizon = today.checked_add_days(AT_RISK_WITHIN).unwrap_or(today);
    let mut listed: Vec<(&Milestone, MilestoneStatus)> = scope
        .doc
        .milestones
        .iter()
        .filter(|m| scope.covers(&m.node))
        .filter_map(|m| {
            let complete = m.status == Some(model::MilestoneStatus::Complete);
            let status = if m.is_overdue(today) {
                MilestoneStatus::Overdue
            } else if m.status == Some(model::MilestoneStatus::AtRisk)
                || (!complete && m.due.is_some_and(|due| due <= horizon))
            {
                MilestoneStatus::AtRisk
            } else {
                return None;
            };
            Some((m, status))
        })
        .collect();
    // Soonest due first; undated ones (at risk by their owner's word) last.
    listed.sort_by_key(|(m, _)| (m.due.is_none(), m.due, m.node.clone()));
    listed
        .into_iter()
        .map(|(m, status)| MilestoneRow {
            objective: m.node.clone(),
            text: m.text.clone(),
            due: due_text(m),
            status,
            owner: m.owner.clone(),
        })
        .collect()
}

/// The timescale as written, with the date it was read as.
fn due_text(m: &Milestone) -> String {
    let written = m
        .timescale
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match (written, m.due) {
        (Some(written), Some(date)) => format!("{written} ({date})"),
        (Some(written), None) => written.to_owned(),
        (None, Some(date)) => date.to_string(),
        (None, None) => "no date given".to_owned(),
    }
}

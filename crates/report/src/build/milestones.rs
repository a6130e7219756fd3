//! Milestones overdue or at risk. The plan records when a milestone is due but
//! not whether it was done, so "overdue" means due before today and "at risk"
//! due within the next 30 days.

use chrono::Days;

use super::scope::Scope;
use crate::pack::{MilestoneRow, MilestoneStatus};

const AT_RISK_WITHIN: Days = Days::new(30);

pub fn at_risk(scope: &Scope<'_>) -> Vec<MilestoneRow> {
    let today = scope.opts.today;
    let horizon = today.checked_add_days(AT_RISK_WITHIN).unwrap_or(today);
    let mut due: Vec<_> = scope
        .doc
        .milestones
        .iter()
        .filter(|m| scope.covers(&m.node))
        .filter_map(|m| {
            let date = m.due?;
            let status = if date < today {
                MilestoneStatus::Overdue
            } else if date <= horizon {
                MilestoneStatus::AtRisk
            } else {
                return None;
            };
            Some((date, m, status))
        })
        .collect();
    due.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.node.cmp(&b.1.node)));
    due.into_iter()
        .map(|(date, m, status)| MilestoneRow {
            objective: m.node.clone(),
            text: m.text.clone(),
            due: match m.timescale.as_deref().map(str::trim) {
                Some(written) if !written.is_empty() => format!("{written} ({date})"),
                _ => date.to_string(),
            },
            status,
            owner: m.owner.clone(),
        })
        .collect()
}

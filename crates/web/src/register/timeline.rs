//! A child's history as one list, oldest first: every concern, level,
//! CAF step, Lead Professional, meeting, review, referral, closure and
//! sharing decision on the record.

use chrono::NaiveDate;
use serde::Serialize;
use trustboard_core::register::{Carer, ChildRecord, Practitioner, StatusChange};

/// One dated thing on the record.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    pub what: String,
    pub detail: String,
    /// Needs someone to look again (sharing without consent).
    pub flagged: bool,
    /// Consent given, refused or withdrawn, or a decision to share or not.
    pub sharing: bool,
}

fn entry(date: NaiveDate, what: impl Into<String>, detail: impl Into<String>) -> TimelineEntry {
    TimelineEntry {
        date,
        what: what.into(),
        detail: detail.into(),
        flagged: false,
        sharing: false,
    }
}

fn who(practitioner: &Practitioner) -> String {
    format!("{} ({})", practitioner.name, practitioner.agency)
}

fn names(practitioners: &[Practitioner]) -> String {
    let names: Vec<String> = practitioners.iter().map(who).collect();
    names.join(", ")
}

/// A code such as `family_support_meeting` in words.
fn words(code: impl Serialize) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|value| value.as_str().map(|text| text.replace('_', " ")))
        .unwrap_or_default()
}

fn sharing_entry(date: NaiveDate, what: String, detail: String) -> TimelineEntry {
    TimelineEntry {
        sharing: true,
        ..entry(date, what, detail)
    }
}

/// `Ann Smith, mother, with parental responsibility (07700 900123)`.
pub fn carer_text(carer: &Carer) -> String {
    let responsibility = if carer.parental_responsibility {
        ", with parental responsibility"
    } else {
        ""
    };
    let contact = carer
        .contact
        .as_ref()
        .map(|contact| format!(" ({contact})"))
        .unwrap_or_default();
    format!(
        "{}, {}{responsibility}{contact}",
        carer.name, carer.relationship
    )
}

pub fn timeline(record: &ChildRecord) -> Vec<TimelineEntry> {
    let mut entries = vec![entry(record.opened, "Put on the register", "")];
    for concern in &record.concerns {
        let suggested = concern
            .suggested_level
            .map(|level| format!(" Suggested level {}.", level.number()))
            .unwrap_or_default();
        entries.push(entry(
            concern.date,
            "Concern raised",
            format!(
                "By {} ({}): {}{suggested}",
                concern.raised_by, concern.agency, concern.description
            ),
        ));
    }
    for involvement in &record.involvements {
        let by = involvement
            .practitioner
            .as_ref()
            .map(|p| format!(" through {}", who(p)))
            .unwrap_or_default();
        entries.push(entry(
            involvement.date,
            "Agency involved",
            format!("{}{by}: {}", involvement.agency, involvement.note),
        ));
    }
    for change in &record.levels {
        entries.push(entry(
            change.date,
            format!("Level set to {}", change.level.number()),
            format!(
                "{}. Set by {}: {}",
                change.level.title(),
                who(&change.set_by),
                change.reason
            ),
        ));
    }
    for caf in &record.cafs {
        let start = &caf.preparation;
        entries.push(entry(
            start.date,
            "CAF preparation",
            format!(
                "Need identified {}; assessor {}; family agreed: {}",
                start.need_identified,
                who(&start.assessor),
                if start.family_agreed { "yes" } else { "no" }
            ),
        ));
        if let Some(discussion) = &caf.discussion {
            entries.push(entry(
                discussion.date,
                "CAF discussion",
                format!(
                    "Needs: {}. Strengths: {}. Outcome: {}",
                    discussion.needs.join("; "),
                    discussion.strengths.join("; "),
                    words(discussion.outcome)
                ),
            ));
        }
        if let Some(delivery) = &caf.delivery {
            entries.push(entry(delivery.date, "CAF delivery", delivery.plan.clone()));
        }
        if let Some(closed) = caf.closed {
            entries.push(entry(closed, "CAF closed", ""));
        }
    }
    for lead in &record.lead_professionals {
        entries.push(entry(
            lead.from,
            "Lead Professional appointed",
            who(&lead.practitioner),
        ));
        if let Some(until) = lead.until {
            entries.push(entry(
                until,
                "Lead Professional's term ended",
                who(&lead.practitioner),
            ));
        }
    }
    for meeting in &record.meetings {
        entries.push(entry(
            meeting.date,
            format!("Meeting: {}", words(meeting.kind)),
            format!(
                "Attended by {}. Plan: {}",
                names(&meeting.attendees),
                meeting.plan
            ),
        ));
    }
    for review in &record.reviews {
        entries.push(entry(
            review.date,
            "Review",
            format!("Attended by {}. {}", names(&review.attendees), review.notes),
        ));
    }
    for referral in &record.referrals {
        entries.push(entry(
            referral.date,
            "Referred to safeguarding",
            format!("By {}: {}", who(&referral.referred_by), referral.reason),
        ));
    }
    for change in &record.status_changes {
        entries.push(match change {
            StatusChange::Closed(closure) => entry(
                closure.date,
                "Record closed",
                format!(
                    "Outcome: {}. Closed by {}. {}",
                    words(closure.outcome),
                    who(&closure.closed_by),
                    closure.note
                ),
            ),
            StatusChange::Reopened(reopening) => entry(
                reopening.date,
                "Record reopened",
                format!("By {}: {}", who(&reopening.reopened_by), reopening.reason),
            ),
        });
    }
    for carer in &record.carers {
        entries.push(entry(
            carer.date,
            "Parent or carer recorded",
            carer_text(carer),
        ));
    }
    for consent in &record.sharing.consents {
        entries.push(sharing_entry(
            consent.date,
            format!("Consent {}", words(consent.status)),
            format!(
                "By {}, recorded by {}. Scope: {}",
                consent.given_by,
                who(&consent.recorded_by),
                consent.scope
            ),
        ));
    }
    for recorded in &record.sharing.decisions {
        let decision = &recorded.decision;
        let mut shown = sharing_entry(
            decision.date,
            format!(
                "Decision: {} with {}",
                words(decision.choice),
                decision.recipient
            ),
            format!(
                "Purpose: {}. Legal basis: {}. Reason: {}. Decided by {}",
                decision.purpose,
                words(decision.basis),
                decision.reason,
                who(&decision.decided_by)
            ),
        );
        shown.flagged = recorded.flagged_for_review;
        entries.push(shown);
    }
    // Stable: things on one day keep the order above.
    entries.sort_by_key(|entry| entry.date);
    entries
}

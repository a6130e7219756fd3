//! Sign-off of entered figures: the states an entry passes through and the
//! moves between them.
//!
//! An entry is a draft until its author submits it; a submitted entry is
//! approved (its figure becomes the plan's) or returned to its author, who may
//! change it and submit it again. An approved entry is final.
//!
//! Four eyes: nobody approves or returns an entry they made themselves
//! ([`may_decide`]). A lead officer's entries wait for a performance officer
//! unless their organisation has chosen otherwise ([`needs_second_approver`]).

use crate::access::Role;

/// Whether the person `decider_id` may approve or return an entry made by
/// `author_id`: only someone else may.
pub fn may_decide(author_id: i64, decider_id: i64) -> bool {
    author_id != decider_id
}

/// What the approval page and a refused decision say to the entry's author.
pub const OWN_ENTRY_REFUSAL: &str =
    "You entered this figure, so you cannot approve or return it. Another performance officer must check it.";

/// Whether an entry submitted by someone with `author_role` waits for a
/// second person's approval. A performance officer's always does; a lead
/// officer's does unless `lead_officers_need_approval` is off for their
/// organisation, in which case submitting it puts it in the plan.
pub fn needs_second_approver(author_role: Role, lead_officers_need_approval: bool) -> bool {
    match author_role {
        Role::LeadOfficer => lead_officers_need_approval,
        _ => true,
    }
}

/// Where an entered figure is in sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubmissionStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 4] = [
        SubmissionStatus::Draft,
        SubmissionStatus::Submitted,
        SubmissionStatus::Approved,
        SubmissionStatus::Returned,
    ];

    /// The word stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Returned => "returned",
        }
    }

    /// How the state is shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "Draft",
            SubmissionStatus::Submitted => "Awaiting approval",
            SubmissionStatus::Approved => "Approved",
            SubmissionStatus::Returned => "Returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The state an author's save leaves the entry in.
    pub fn after_saving(submit: bool) -> Self {
        if submit {
            SubmissionStatus::Submitted
        } else {
            SubmissionStatus::Draft
        }
    }

    /// Whether the author may still change the entry: a draft, or one returned to them.
    pub fn is_editable(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Returned)
    }

    /// Whether the entry is not yet approved, so its author still has it in hand or in review.
    pub fn is_open(self) -> bool {
        self != SubmissionStatus::Approved
    }

    /// Whether the entry may move to `next`.
    pub fn may_move_to(self, next: SubmissionStatus) -> bool {
        match next {
            SubmissionStatus::Draft | SubmissionStatus::Submitted => self.is_editable(),
            SubmissionStatus::Approved | SubmissionStatus::Returned => {
                self == SubmissionStatus::Submitted
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SubmissionStatus::{self, *};
    use super::{may_decide, needs_second_approver};
    use crate::access::Role;

    #[test]
    fn nobody_decides_their_own_entry() {
        assert!(!may_decide(7, 7));
        assert!(may_decide(7, 8));
    }

    #[test]
    fn only_lead_officers_may_be_spared_a_second_approver() {
        for role in Role::ALL {
            let spared = role == Role::LeadOfficer;
            assert!(needs_second_approver(role, true), "{role:?}");
            assert_eq!(!needs_second_approver(role, false), spared, "{role:?}");
        }
    }

    #[test]
    fn status_codes_round_trip() {
        for status in SubmissionStatus::ALL {
            assert_eq!(SubmissionStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(SubmissionStatus::from_code("rejected"), None);
    }

    #[test]
    fn only_submitted_entries_are_decided() {
        for status in SubmissionStatus::ALL {
            let pending = status == Submitted;
            assert_eq!(status.may_move_to(Approved), pending, "{status:?}");
            assert_eq!(status.may_move_to(Returned), pending, "{status:?}");
        }
    }

    #[test]
    fn drafts_and_returned_entries_are_saved_or_submitted_again() {
        for from in [Draft, Returned] {
            assert!(from.may_move_to(Draft) && from.may_move_to(Submitted));
        }
        for from in [Submitted, Approved] {
            assert!(!from.may_move_to(Draft) && !from.may_move_to(Submitted));
        }
        assert_eq!(SubmissionStatus::after_saving(true), Submitted);
        assert_eq!(SubmissionStatus::after_saving(false), Draft);
    }
}

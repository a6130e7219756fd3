//! Sign-off of entered figures: the states an entry passes through and the
//! moves between them.
//!
//! An entry is a draft until its author submits it; a submitted entry is
//! approved (its figure becomes the plan's) or returned to its author, who may
//! change it and submit it again. An approved entry is final.

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

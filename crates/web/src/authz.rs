//! Who may do what, on the HTTP side. The rules themselves are the core's
//! ([`trustboard_core::access`]): every permission decision is made by [`can`];
//! handlers state the action they need through the `Authorised` extractor and
//! never inspect roles themselves.

pub use trustboard_core::access::{can, may_answer_for, Action};

/// A type-level name for an [`Action`], so a handler's signature says what it needs.
pub trait Permission {
    const ACTION: Action;
}

/// Marker for [`Action::ViewPlans`].
pub struct ViewPlans;
impl Permission for ViewPlans {
    const ACTION: Action = Action::ViewPlans;
}

/// Marker for [`Action::ManageUsers`].
pub struct ManageUsers;
impl Permission for ManageUsers {
    const ACTION: Action = Action::ManageUsers;
}

/// Marker for [`Action::ViewAuditLog`].
pub struct ViewAuditLog;
impl Permission for ViewAuditLog {
    const ACTION: Action = Action::ViewAuditLog;
}

/// Marker for [`Action::PublishPlans`].
pub struct PublishPlans;
impl Permission for PublishPlans {
    const ACTION: Action = Action::PublishPlans;
}

/// Marker for [`Action::ProduceBoardPack`].
pub struct ProduceBoardPack;
impl Permission for ProduceBoardPack {
    const ACTION: Action = Action::ProduceBoardPack;
}

/// Marker for [`Action::EnterFigures`].
pub struct EnterFigures;
impl Permission for EnterFigures {
    const ACTION: Action = Action::EnterFigures;
}

/// Marker for [`Action::ApproveFigures`].
pub struct ApproveFigures;
impl Permission for ApproveFigures {
    const ACTION: Action = Action::ApproveFigures;
}

/// Marker for [`Action::AssignOwners`].
pub struct AssignOwners;
impl Permission for AssignOwners {
    const ACTION: Action = Action::AssignOwners;
}

/// Marker for [`Action::ViewOwnWork`].
pub struct ViewOwnWork;
impl Permission for ViewOwnWork {
    const ACTION: Action = Action::ViewOwnWork;
}

/// Marker for [`Action::UpdateMilestones`].
pub struct UpdateMilestones;
impl Permission for UpdateMilestones {
    const ACTION: Action = Action::UpdateMilestones;
}

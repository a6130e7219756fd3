//! Who may do what, on the HTTP side. The rules themselves are the core's
//! ([`trustboard_core::access`]): every permission decision is made by [`can`];
//! handlers state the action they need through the `Authorised` extractor and
//! never inspect roles themselves.

pub use trustboard_core::access::{can, may_answer_for, may_see_organisation, Action};

/// A type-level name for an [`Action`], so a handler's signature says what it needs.
pub trait Permission {
    const ACTION: Action;
}

/// Declares the marker type of each action, named as the action is.
macro_rules! permissions {
    ($($action:ident),* $(,)?) => {$(
        #[doc = concat!("Marker for [`Action::", stringify!($action), "`].")]
        pub struct $action;
        impl Permission for $action {
            const ACTION: Action = Action::$action;
        }
    )*};
}

permissions!(
    ViewPlans,
    ManageUsers,
    ViewAuditLog,
    ConfigureSignOff,
    PublishPlans,
    ProduceBoardPack,
    LinkPlans,
    EnterFigures,
    ApproveFigures,
    AssignOwners,
    DecidePolarity,
    ViewOwnWork,
    UpdateMilestones,
    UseRegister,
    CoordinateRegister,
    ImportTables,
    ViewReturnValidation,
    SeeReturnChildren,
    LinkBudgets,
    ManageRisks,
);

/// Whether `current` sees project reports before they are approved, on
/// every page and in the API: the core's
/// [`trustboard_core::access::sees_pending_work`].
pub fn sees_pending(current: &crate::session::CurrentUser) -> bool {
    trustboard_core::access::sees_pending_work(current.user.role)
}

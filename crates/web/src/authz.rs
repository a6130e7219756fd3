//! Who may do what. Every permission decision in the application is made by [`can`];
//! handlers state the action they need through the `Authorised`
//! extractor and never inspect roles themselves.

use trustboard_store::accounts::Role;

/// Something a signed-in user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read plans, indicators and their performance.
    ViewPlans,
    /// List, create, change the role of, disable and re-enable user accounts.
    ManageUsers,
    /// Read the security audit log.
    ViewAuditLog,
}

/// The single authorisation rule table.
pub fn can(role: Role, action: Action) -> bool {
    match action {
        Action::ViewPlans => true,
        Action::ManageUsers | Action::ViewAuditLog => role == Role::Admin,
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_administrators_manage_users_and_read_the_audit_log() {
        for role in Role::ALL {
            let admin = role == Role::Admin;
            assert_eq!(can(role, Action::ManageUsers), admin, "{role:?}");
            assert_eq!(can(role, Action::ViewAuditLog), admin, "{role:?}");
        }
    }

    #[test]
    fn every_role_reads_plans() {
        for role in Role::ALL {
            assert!(can(role, Action::ViewPlans), "{role:?}");
        }
    }
}

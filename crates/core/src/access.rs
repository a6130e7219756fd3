//! Roles and what each may do: the permission rules as domain decisions.
//!
//! The web asks these questions for the person signed in; nothing here knows
//! about requests, sessions or storage.

/// What a person may do is decided from their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Admin,
    PerformanceOfficer,
    LeadOfficer,
    BoardMember,
    /// Runs the early-help register of their organisation (the ASKK team).
    RegisterCoordinator,
    /// Works for an agency; sees the register's children they are involved with.
    Practitioner,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::PerformanceOfficer,
        Role::LeadOfficer,
        Role::BoardMember,
        Role::RegisterCoordinator,
        Role::Practitioner,
    ];

    /// The word stored in the database and used in forms and on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PerformanceOfficer => "performance_officer",
            Role::LeadOfficer => "lead_officer",
            Role::BoardMember => "board_member",
            Role::RegisterCoordinator => "register_coordinator",
            Role::Practitioner => "practitioner",
        }
    }

    /// How the role is shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::PerformanceOfficer => "Performance officer",
            Role::LeadOfficer => "Lead officer",
            Role::BoardMember => "Board member",
            Role::RegisterCoordinator => "Register coordinator",
            Role::Practitioner => "Practitioner",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    /// Whether an account with this role must be linked to a practitioner on
    /// the register: that link says which agency the account works for.
    pub fn needs_practitioner(self) -> bool {
        self == Role::Practitioner
    }
}

/// Something a signed-in user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read plans, indicators and their performance.
    ViewPlans,
    /// List, create, change the role of, disable and re-enable user accounts.
    ManageUsers,
    /// Read the security audit log.
    ViewAuditLog,
    /// Choose how figures are signed off in one's organisation: whether lead
    /// officers' figures wait for a performance officer's approval.
    ConfigureSignOff,
    /// Show or hide a plan's public page of approved figures.
    PublishPlans,
    /// Enter out-turns and commentary and submit them for approval (lead
    /// officers only for what they own: see [`may_answer_for`]).
    EnterFigures,
    /// Approve or return entered figures: data-quality sign-off.
    ApproveFigures,
    /// Name the lead officer who owns an indicator or a milestone.
    AssignOwners,
    /// Confirm or change which way is better for a plan's indicators.
    DecidePolarity,
    /// See the indicators one owns.
    ViewOwnWork,
    /// Record a milestone's status and progress notes (lead officers only
    /// for milestones they own).
    UpdateMilestones,
    /// Read commentary marked internal: for the officers who report and check
    /// the figures, never the public page.
    ReadInternalCommentary,
    /// Produce the Trust Board pack (HTML, PDF or XLSX) of a plan.
    ProduceBoardPack,
    /// Record which plan follows which, and which indicators of linked plans
    /// are the same.
    LinkPlans,
    /// Open the early-help register: the work due, search, a child's record
    /// and recording steps. Which children each person may see is decided
    /// child by child by [`crate::sharing::access`].
    UseRegister,
    /// Import a council's performance table (CSV, TSV, XLSX or text) into a
    /// new plan of one's organisation or over one of its plans, and keep how
    /// its columns are read for the next table.
    ImportTables,
    /// Run the whole register of one's organisation: lists of every child,
    /// the audit of who saw what, and the review and erasure of closed
    /// records past retention.
    CoordinateRegister,
    /// Read the validation report of the organisation's statutory returns
    /// (SSDA903 and the CIN census): which rules failed, where, and which
    /// indicators they could change. Whether the report names the children is
    /// a separate question: [`Action::SeeReturnChildren`].
    ViewReturnValidation,
    /// See the children's identifiers a statutory return holds (in its
    /// validation report, and the children each figure computed from it
    /// counted): a child's record, so only for those who may see children's
    /// records, and every such read is audited.
    SeeReturnChildren,
    /// Link a plan's budget lines to its outcomes and objectives with a
    /// share of each line, and remove such links.
    LinkBudgets,
    /// Add risks to a plan's risk register and change them. Reading the
    /// register is [`Action::ViewPlans`].
    ManageRisks,
}

/// The single authorisation rule table.
pub fn can(role: Role, action: Action) -> bool {
    match action {
        Action::ViewPlans => true,
        Action::EnterFigures
        | Action::ViewOwnWork
        | Action::UpdateMilestones
        | Action::ReadInternalCommentary => {
            matches!(role, Role::PerformanceOfficer | Role::LeadOfficer)
        }
        Action::ApproveFigures | Action::AssignOwners | Action::DecidePolarity => {
            role == Role::PerformanceOfficer
        }
        Action::ManageUsers | Action::ViewAuditLog | Action::ConfigureSignOff => {
            role == Role::Admin
        }
        Action::PublishPlans | Action::ProduceBoardPack | Action::LinkPlans => {
            role == Role::PerformanceOfficer
        }
        Action::ImportTables | Action::LinkBudgets | Action::ManageRisks => {
            matches!(role, Role::PerformanceOfficer | Role::Admin)
        }
        Action::UseRegister => matches!(role, Role::RegisterCoordinator | Role::Practitioner),
        Action::CoordinateRegister => role == Role::RegisterCoordinator,
        Action::ViewReturnValidation => matches!(role, Role::PerformanceOfficer | Role::Admin),
        Action::SeeReturnChildren => {
            matches!(role, Role::PerformanceOfficer | Role::RegisterCoordinator)
        }
    }
}

/// Whether someone allowed to enter figures or update milestones may do so for
/// one indicator or milestone: performance officers for anything, lead officers
/// only for what they own.
pub fn may_answer_for(role: Role, owns_it: bool) -> bool {
    match role {
        Role::PerformanceOfficer => true,
        Role::LeadOfficer => owns_it,
        Role::Admin | Role::BoardMember | Role::RegisterCoordinator | Role::Practitioner => false,
    }
}

/// Whether `role` sees work awaiting a decision (a project's progress report
/// not yet approved): those who enter or check it. Everyone else, board
/// members among them, sees approved work only.
pub fn sees_pending_work(role: Role) -> bool {
    can(role, Action::EnterFigures) || can(role, Action::ApproveFigures)
}

/// Whether an account of `account_organisation` may see anything of what
/// belongs to `organisation` (its plans, its register, its accounts): only of
/// its own partnership. The public page of a published plan is the only
/// exception, and it carries nothing an account could not also see.
pub fn may_see_organisation(account_organisation: &str, organisation: &str) -> bool {
    account_organisation == organisation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("auditor"), None);
        assert_eq!(Role::from_code("practitioner"), Some(Role::Practitioner));
    }

    #[test]
    fn only_those_who_enter_or_check_work_see_it_before_approval() {
        let seeing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|role| sees_pending_work(*role))
            .collect();
        assert_eq!(seeing, [Role::PerformanceOfficer, Role::LeadOfficer]);
    }

    #[test]
    fn only_administrators_manage_users_and_read_the_audit_log() {
        for role in Role::ALL {
            let admin = role == Role::Admin;
            assert_eq!(can(role, Action::ManageUsers), admin, "{role:?}");
            assert_eq!(can(role, Action::ViewAuditLog), admin, "{role:?}");
            assert_eq!(can(role, Action::ConfigureSignOff), admin, "{role:?}");
        }
    }

    #[test]
    fn only_performance_officers_publish_plans_and_produce_board_packs() {
        for role in Role::ALL {
            let officer = role == Role::PerformanceOfficer;
            assert_eq!(can(role, Action::PublishPlans), officer, "{role:?}");
            assert_eq!(can(role, Action::ProduceBoardPack), officer, "{role:?}");
        }
    }

    #[test]
    fn performance_officers_and_administrators_import_tables() {
        for role in Role::ALL {
            let may = matches!(role, Role::PerformanceOfficer | Role::Admin);
            assert_eq!(can(role, Action::ImportTables), may, "{role:?}");
        }
    }

    #[test]
    fn performance_officers_and_administrators_link_budget_lines() {
        for role in Role::ALL {
            let may = matches!(role, Role::PerformanceOfficer | Role::Admin);
            assert_eq!(can(role, Action::LinkBudgets), may, "{role:?}");
        }
    }

    #[test]
    fn performance_officers_and_administrators_keep_the_risk_register() {
        for role in Role::ALL {
            let may = matches!(role, Role::PerformanceOfficer | Role::Admin);
            assert_eq!(can(role, Action::ManageRisks), may, "{role:?}");
        }
    }

    #[test]
    fn only_officers_read_internal_commentary() {
        for role in Role::ALL {
            let officer = matches!(role, Role::PerformanceOfficer | Role::LeadOfficer);
            assert_eq!(
                can(role, Action::ReadInternalCommentary),
                officer,
                "{role:?}"
            );
        }
    }

    #[test]
    fn accounts_see_only_their_own_organisation() {
        assert!(may_see_organisation("Kingston", "Kingston"));
        assert!(!may_see_organisation("Kingston", "Kent"));
        assert!(!may_see_organisation("Kingston", "kingston"));
    }

    #[test]
    fn every_role_reads_plans() {
        for role in Role::ALL {
            assert!(can(role, Action::ViewPlans), "{role:?}");
        }
    }

    #[test]
    fn only_the_register_roles_open_the_register_and_only_coordinators_run_it() {
        for role in Role::ALL {
            let register = matches!(role, Role::RegisterCoordinator | Role::Practitioner);
            assert_eq!(can(role, Action::UseRegister), register, "{role:?}");
            assert_eq!(
                can(role, Action::CoordinateRegister),
                role == Role::RegisterCoordinator,
                "{role:?}"
            );
        }
    }

    #[test]
    fn board_members_and_administrators_never_see_the_children_in_a_return() {
        for role in Role::ALL {
            let officer_or_admin = matches!(role, Role::PerformanceOfficer | Role::Admin);
            assert_eq!(
                can(role, Action::ViewReturnValidation),
                officer_or_admin,
                "{role:?}"
            );
            let sees_children =
                matches!(role, Role::PerformanceOfficer | Role::RegisterCoordinator);
            assert_eq!(
                can(role, Action::SeeReturnChildren),
                sees_children,
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_register_roles_enter_no_figures_and_manage_nothing() {
        for role in [Role::RegisterCoordinator, Role::Practitioner] {
            for action in [
                Action::ManageUsers,
                Action::ViewAuditLog,
                Action::EnterFigures,
                Action::ApproveFigures,
                Action::PublishPlans,
                Action::ReadInternalCommentary,
                Action::ImportTables,
            ] {
                assert!(!can(role, action), "{role:?} {action:?}");
            }
            assert!(!may_answer_for(role, true), "{role:?}");
        }
    }

    #[test]
    fn only_practitioner_accounts_are_linked_to_a_practitioner() {
        for role in Role::ALL {
            assert_eq!(role.needs_practitioner(), role == Role::Practitioner);
        }
    }

    #[test]
    fn lead_officers_answer_only_for_what_they_own() {
        assert!(may_answer_for(Role::PerformanceOfficer, false));
        assert!(may_answer_for(Role::LeadOfficer, true));
        assert!(!may_answer_for(Role::LeadOfficer, false));
        assert!(!may_answer_for(Role::BoardMember, true));
        assert!(!may_answer_for(Role::Admin, true));
    }
}

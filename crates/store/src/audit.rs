//! The security audit log: sign-ins, sign-outs and changes to accounts, each with
//! who, when, what and from which address. Records are only ever added.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::error::StoreError;
use crate::Store;

/// What happened. The code is what is stored, so codes never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    SignInSucceeded,
    SignInFailed,
    SignInThrottled,
    SignedOut,
    UserCreated,
    RoleChanged,
    UserDisabled,
    UserEnabled,
    PasswordChanged,
    PasswordReset,
    PlanPublished,
    PlanUnpublished,
    EntrySaved,
    EntrySubmitted,
    EntryApproved,
    EntryReturned,
    OwnerAssigned,
    MilestoneStatusChanged,
    MilestoneNoteAdded,
    SignOffRuleChanged,
    PlansLinked,
    IndicatorsLinked,
    RequestRefused,
    BoardPackDownloaded,
    TableImported,
    TableMappingSaved,
    BudgetLineLinked,
    BudgetLineUnlinked,
    RiskAdded,
    RiskChanged,
    ProjectReportSubmitted,
    ProjectReportApproved,
    ProjectReportReturned,
}

impl AuditAction {
    const ALL: [AuditAction; 33] = [
        AuditAction::SignInSucceeded,
        AuditAction::SignInFailed,
        AuditAction::SignInThrottled,
        AuditAction::SignedOut,
        AuditAction::UserCreated,
        AuditAction::RoleChanged,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::PasswordChanged,
        AuditAction::PasswordReset,
        AuditAction::PlanPublished,
        AuditAction::PlanUnpublished,
        AuditAction::EntrySaved,
        AuditAction::EntrySubmitted,
        AuditAction::EntryApproved,
        AuditAction::EntryReturned,
        AuditAction::OwnerAssigned,
        AuditAction::MilestoneStatusChanged,
        AuditAction::MilestoneNoteAdded,
        AuditAction::SignOffRuleChanged,
        AuditAction::PlansLinked,
        AuditAction::IndicatorsLinked,
        AuditAction::RequestRefused,
        AuditAction::BoardPackDownloaded,
        AuditAction::TableImported,
        AuditAction::TableMappingSaved,
        AuditAction::BudgetLineLinked,
        AuditAction::BudgetLineUnlinked,
        AuditAction::RiskAdded,
        AuditAction::RiskChanged,
        AuditAction::ProjectReportSubmitted,
        AuditAction::ProjectReportApproved,
        AuditAction::ProjectReportReturned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignInSucceeded => "sign_in.succeeded",
            AuditAction::SignInFailed => "sign_in.failed",
            AuditAction::SignInThrottled => "sign_in.throttled",
            AuditAction::SignedOut => "sign_out",
            AuditAction::UserCreated => "user.created",
            AuditAction::RoleChanged => "user.role_changed",
            AuditAction::UserDisabled => "user.disabled",
            AuditAction::UserEnabled => "user.enabled",
            AuditAction::PasswordChanged => "user.password_changed",
            AuditAction::PasswordReset => "user.password_reset",
            AuditAction::PlanPublished => "plan.published",
            AuditAction::PlanUnpublished => "plan.unpublished",
            AuditAction::EntrySaved => "entry.saved",
            AuditAction::EntrySubmitted => "entry.submitted",
            AuditAction::EntryApproved => "entry.approved",
            AuditAction::EntryReturned => "entry.returned",
            AuditAction::OwnerAssigned => "owner.assigned",
            AuditAction::MilestoneStatusChanged => "milestone.status_changed",
            AuditAction::MilestoneNoteAdded => "milestone.note_added",
            AuditAction::SignOffRuleChanged => "organisation.sign_off_changed",
            AuditAction::PlansLinked => "plan.linked",
            AuditAction::IndicatorsLinked => "indicator.linked",
            AuditAction::RequestRefused => "request.refused",
            AuditAction::BoardPackDownloaded => "board_pack.downloaded",
            AuditAction::TableImported => "plan.table_imported",
            AuditAction::TableMappingSaved => "organisation.table_mapping_saved",
            AuditAction::BudgetLineLinked => "budget.line_linked",
            AuditAction::BudgetLineUnlinked => "budget.line_unlinked",
            AuditAction::RiskAdded => "risk.added",
            AuditAction::RiskChanged => "risk.changed",
            AuditAction::ProjectReportSubmitted => "project_report.submitted",
            AuditAction::ProjectReportApproved => "project_report.approved",
            AuditAction::ProjectReportReturned => "project_report.returned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditAction::SignInSucceeded => "Signed in",
            AuditAction::SignInFailed => "Sign-in failed",
            AuditAction::SignInThrottled => "Sign-in refused after repeated failures",
            AuditAction::SignedOut => "Signed out",
            AuditAction::UserCreated => "User added",
            AuditAction::RoleChanged => "Role changed",
            AuditAction::UserDisabled => "Account disabled",
            AuditAction::UserEnabled => "Account enabled",
            AuditAction::PasswordChanged => "Password changed",
            AuditAction::PasswordReset => "Password reset",
            AuditAction::PlanPublished => "Plan published",
            AuditAction::PlanUnpublished => "Plan withdrawn from publication",
            AuditAction::EntrySaved => "Figure saved as draft",
            AuditAction::EntrySubmitted => "Figure submitted for approval",
            AuditAction::EntryApproved => "Figure approved",
            AuditAction::EntryReturned => "Figure returned to its author",
            AuditAction::OwnerAssigned => "Owner assigned",
            AuditAction::MilestoneStatusChanged => "Milestone status changed",
            AuditAction::MilestoneNoteAdded => "Milestone progress note added",
            AuditAction::SignOffRuleChanged => "Sign-off of lead officers' figures changed",
            AuditAction::PlansLinked => "Plan linked to the plan it follows",
            AuditAction::IndicatorsLinked => "Indicator linked across plans",
            AuditAction::RequestRefused => "Request refused",
            AuditAction::BoardPackDownloaded => "Board pack downloaded",
            AuditAction::TableImported => "Performance table imported",
            AuditAction::TableMappingSaved => "How performance tables' columns are read saved",
            AuditAction::BudgetLineLinked => "Budget line linked to an outcome or objective",
            AuditAction::BudgetLineUnlinked => "Budget line's link removed",
            AuditAction::RiskAdded => "Risk added to the register",
            AuditAction::RiskChanged => "Risk changed",
            AuditAction::ProjectReportSubmitted => "Project progress report submitted",
            AuditAction::ProjectReportApproved => "Project progress report approved",
            AuditAction::ProjectReportReturned => "Project progress report returned to its author",
        }
    }

    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL
            .into_iter()
            .find(|action| action.code() == code)
    }
}

/// The signed-in user who did something.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub user_id: i64,
    pub username: &'a str,
}

/// A record to write. `actor` is `None` for anonymous attempts and for the command line.
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry<'a> {
    pub at: DateTime<Utc>,
    pub actor: Option<Actor<'a>>,
    pub action: AuditAction,
    /// The account or thing acted on, e.g. the username tried or changed.
    pub subject: Option<&'a str>,
    pub detail: &'a str,
    pub client_address: Option<&'a str>,
}

/// A record as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor: Option<String>,
    /// The stored code; see [`AuditAction::from_code`].
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub client_address: Option<String>,
}

impl Store {
    /// Writes one record on its own, for events that change nothing else.
    pub async fn record_audit(&self, entry: &AuditEntry<'_>) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, entry).await
    }

    /// Up to `limit` records of organisation `organisation_id`, newest first,
    /// older than record `before` when given. An organisation's records are
    /// those its accounts made, and those no account made (a failed sign-in)
    /// unless they name another organisation's account.
    pub async fn audit_log(
        &self,
        organisation_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, occurred_at, actor, action, subject, detail, client_address FROM audit_events \
             WHERE id < $1 AND ( \
                 actor_user_id IN (SELECT id FROM users WHERE organisation_id = $3) \
                 OR (actor_user_id IS NULL AND NOT EXISTS ( \
                     SELECT 1 FROM users WHERE users.username = audit_events.subject \
                     AND users.organisation_id <> $3)) \
             ) ORDER BY id DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(record_from_row).collect()
    }
}

/// What an audited write decided: keep its changes, recorded with their audit
/// event, or leave the database as it was (nothing matched, or a conflict).
pub(crate) enum Outcome<T> {
    Keep(T),
    Discard(T),
}

/// `Keep(true)` when the write changed something, else `Discard(false)`.
pub(crate) fn kept_if(changed: bool) -> Outcome<bool> {
    if changed {
        Outcome::Keep(true)
    } else {
        Outcome::Discard(false)
    }
}

impl Store {
    /// Runs `write` in one write transaction and, when it keeps its changes,
    /// adds `audit` and commits both together; otherwise everything is rolled back.
    pub(crate) async fn write_audited<T>(
        &self,
        audit: &AuditEntry<'_>,
        write: impl AsyncFnOnce(&mut AnyConnection) -> Result<Outcome<T>, StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.begin_write().await?;
        match write(&mut tx).await? {
            Outcome::Keep(value) => {
                insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(value)
            }
            Outcome::Discard(value) => Ok(value),
        }
    }
}

async fn insert_audit(conn: &mut AnyConnection, entry: &AuditEntry<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (occurred_at, actor_user_id, actor, action, subject, detail, client_address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(timestamp_text(entry.at))
    .bind(entry.actor.map(|actor| actor.user_id))
    .bind(entry.actor.map(|actor| actor.username))
    .bind(entry.action.code())
    .bind(entry.subject)
    .bind(entry.detail)
    .bind(entry.client_address)
    .execute(conn)
    .await?;
    Ok(())
}

fn record_from_row(row: &AnyRow) -> Result<AuditRecord, StoreError> {
    let occurred_at: String = row.try_get("occurred_at")?;
    Ok(AuditRecord {
        id: row.try_get("id")?,
        occurred_at: timestamp_from_text("audit_events.occurred_at", &occurred_at)?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        subject: row.try_get("subject")?,
        detail: row.try_get("detail")?,
        client_address: row.try_get("client_address")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_codes_round_trip_and_are_distinct() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
        }
        assert_eq!(AuditAction::from_code("user.deleted"), None);
    }
}

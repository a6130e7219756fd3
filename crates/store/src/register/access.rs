//! The audit of register access: who viewed, searched, exported, changed or
//! erased what, and when. Rows are only ever added; the database refuses
//! changes and deletions (see migration 0300).

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::ChildId;

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::connect::{Backend, Store};
use crate::error::StoreError;

use super::error::RegisterError;
use super::rows::{existing_organisation, values_sql};
use super::steps::child_row;

/// What was done. The code is what is stored, so codes never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterAction {
    View,
    Search,
    Import,
    Export,
    RecordStep,
    Derive,
    Erase,
    /// Someone asked the audit who saw a child, or what a user saw.
    AuditQuery,
}

impl RegisterAction {
    pub fn code(self) -> &'static str {
        match self {
            RegisterAction::View => "view",
            RegisterAction::Search => "search",
            RegisterAction::Import => "import",
            RegisterAction::Export => "export",
            RegisterAction::RecordStep => "record_step",
            RegisterAction::Derive => "derive",
            RegisterAction::Erase => "erase",
            RegisterAction::AuditQuery => "audit_query",
        }
    }
}

/// One access to record; `child` is `None` for the whole register.
#[derive(Debug, Clone, Copy)]
pub struct RegisterAccess<'a> {
    pub actor: &'a str,
    pub action: RegisterAction,
    pub child: Option<&'a ChildId>,
    pub detail: &'a str,
    pub at: DateTime<Utc>,
}

/// An audit row as read back. `child_pseudonym` links the rows about one
/// child without naming them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterAuditRecord {
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub child_pseudonym: Option<String>,
    /// The child's reference while their record is on the register; `None`
    /// once it has been erased (the pseudonym stays).
    pub child: Option<String>,
    pub detail: String,
}

impl RegisterAuditRecord {
    /// The child the row is about, as a coordinator reads it: their reference,
    /// or for an erased record the pseudonym alone; empty for the whole register.
    pub fn child_label(&self) -> String {
        match (&self.child, &self.child_pseudonym) {
            (Some(reference), _) => reference.clone(),
            (None, Some(pseudonym)) => format!("erased record {pseudonym}"),
            (None, None) => String::new(),
        }
    }
}

pub(crate) async fn insert_access(
    conn: &mut AnyConnection,
    organisation_id: i64,
    pseudonym: Option<&str>,
    access: &RegisterAccess<'_>,
) -> Result<(), StoreError> {
    insert_accesses(conn, &[(organisation_id, pseudonym, *access)]).await
}

/// Accesses to one `INSERT`, six parameters each.
const ACCESSES_PER_INSERT: usize = 100;

/// Records each `(organisation's row id, child's pseudonym, access)`, many
/// to a statement.
pub(crate) async fn insert_accesses(
    conn: &mut AnyConnection,
    accesses: &[(i64, Option<&str>, RegisterAccess<'_>)],
) -> Result<(), StoreError> {
    let backend = Backend::of(conn);
    for part in accesses.chunks(ACCESSES_PER_INSERT) {
        let sql = values_sql(
            backend,
            "INSERT INTO register_audit (organisation_id, occurred_at, actor, action, child_pseudonym, detail)",
            6,
            part.len(),
            "",
        );
        part.iter()
            .fold(
                sqlx::query(&sql),
                |query, (organisation_id, pseudonym, access)| {
                    query
                        .bind(*organisation_id)
                        .bind(timestamp_text(access.at))
                        .bind(access.actor)
                        .bind(access.action.code())
                        .bind(*pseudonym)
                        .bind(access.detail)
                },
            )
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

fn audit_from_row(row: &AnyRow) -> Result<RegisterAuditRecord, StoreError> {
    let occurred_at: String = row.try_get("occurred_at")?;
    Ok(RegisterAuditRecord {
        occurred_at: timestamp_from_text("register_audit.occurred_at", &occurred_at)?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        child_pseudonym: row.try_get("child_pseudonym")?,
        child: row.try_get("child")?,
        detail: row.try_get("detail")?,
    })
}

/// Audit rows with the reference of the child each names, where the child is
/// still on the register.
const AUDIT_COLUMNS: &str = "SELECT a.occurred_at, a.actor, a.action, a.child_pseudonym, \
     c.reference AS child, a.detail FROM register_audit a \
     LEFT JOIN register_children c ON c.pseudonym = a.child_pseudonym AND c.organisation_id = a.organisation_id";

impl Store {
    /// Records an access to the organisation's register.
    /// Returns once the access is committed, with others that came at the
    /// same moment ([`AccessLog`](super::access_log::AccessLog)).
    pub async fn record_register_access(
        &self,
        organisation: &str,
        access: &RegisterAccess<'_>,
    ) -> Result<(), RegisterError> {
        self.accesses.record(organisation, access).await
    }

    /// Everyone who accessed the child's record, oldest first.
    pub async fn register_child_audit(
        &self,
        organisation: &str,
        child: &ChildId,
    ) -> Result<Vec<RegisterAuditRecord>, RegisterError> {
        let mut tx = self.begin_read().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let pseudonym = child_row(&mut tx, organisation_id, organisation, child)
            .await?
            .pseudonym;
        let rows = sqlx::query(&format!(
            "{AUDIT_COLUMNS} WHERE a.organisation_id = $1 AND a.child_pseudonym = $2 ORDER BY a.id"
        ))
        .bind(organisation_id)
        .bind(pseudonym)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows.iter().map(audit_from_row).collect::<Result<_, _>>()?)
    }

    /// Everything `actor` did on the organisation's register, oldest first.
    pub async fn register_actor_audit(
        &self,
        organisation: &str,
        actor: &str,
    ) -> Result<Vec<RegisterAuditRecord>, RegisterError> {
        let mut tx = self.begin_read().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let rows = sqlx::query(&format!(
            "{AUDIT_COLUMNS} WHERE a.organisation_id = $1 AND a.actor = $2 ORDER BY a.id"
        ))
        .bind(organisation_id)
        .bind(actor)
        .fetch_all(&mut *tx)
        .await?;
        Ok(rows.iter().map(audit_from_row).collect::<Result<_, _>>()?)
    }
}

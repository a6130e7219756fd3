//! Writes made from a version of a row: the version a page showed is checked
//! by the statement that moves it on, so of two writes made from one version
//! exactly one is made (on PostgreSQL the later waits for the first to commit
//! and then finds the version moved) and the other is told, not overwritten.

use sqlx::AnyConnection;

use crate::error::StoreError;

/// What became of a write made from a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioned {
    Written,
    /// The row changed since the version the write was made from; nothing was written.
    Conflict,
    /// There is no such current row.
    Missing,
}

/// A current (not retired) row's version column, moved on from `based_on`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VersionClaim {
    /// `milestones` or `indicators`: tables whose rows a re-import retires.
    pub table: &'static str,
    pub column: &'static str,
    pub id: i64,
    pub based_on: i64,
}

impl VersionClaim {
    /// Moves the version on if it is still `based_on`; the caller writes only
    /// on [`Versioned::Written`], in the same transaction.
    pub(crate) async fn claim(self, conn: &mut AnyConnection) -> Result<Versioned, StoreError> {
        let VersionClaim {
            table,
            column,
            id,
            based_on,
        } = self;
        let claimed = sqlx::query(&format!(
            "UPDATE {table} SET {column} = {column} + 1
             WHERE id = $1 AND {column} = $2 AND retired_by IS NULL"
        ))
        .bind(id)
        .bind(based_on)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if claimed > 0 {
            return Ok(Versioned::Written);
        }
        let current = sqlx::query(&format!(
            "SELECT id FROM {table} WHERE id = $1 AND retired_by IS NULL"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        Ok(match current {
            Some(_) => Versioned::Conflict,
            None => Versioned::Missing,
        })
    }
}

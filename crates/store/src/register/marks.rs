//! Registers a migration marked as still to be brought up to date by the
//! store, because the rule that does it is Rust (in the core): a table of
//! organisation ids, each taken off in the transaction that does the work.

use sqlx::{AnyConnection, AnyPool, Row};

use crate::error::StoreError;

/// The organisations listed in the mark table `table`.
pub(super) async fn marked(pool: &AnyPool, table: &str) -> Result<Vec<i64>, StoreError> {
    let sql = format!("SELECT organisation_id FROM {table}");
    Ok(sqlx::query(&sql)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| row.try_get("organisation_id"))
        .collect::<Result<_, _>>()?)
}

/// Takes the organisation off `table` as the first write of `conn`'s
/// transaction: `false` when another store took it first (two stores
/// opening at once do the work once).
pub(super) async fn take_mark(
    conn: &mut AnyConnection,
    table: &str,
    organisation_id: i64,
) -> Result<bool, StoreError> {
    let sql = format!("DELETE FROM {table} WHERE organisation_id = $1");
    let taken = sqlx::query(&sql)
        .bind(organisation_id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(taken > 0)
}

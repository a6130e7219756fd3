//! How much a database holds: shown by backup and restore, and what decides
//! whether a restore would replace anything.

use std::fmt;

use sqlx::{AnyConnection, Row};

use crate::connect::Backend;

/// Row counts of what a council would miss if it were lost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contents {
    pub plans: i64,
    /// Every value of every plan, including those retired by later imports.
    pub values: i64,
    pub register_children: i64,
    pub register_steps: i64,
    /// The plan audit trail and the register's access log together.
    pub audit_records: i64,
    pub accounts: i64,
}

impl Contents {
    pub fn is_empty(&self) -> bool {
        *self == Contents::default()
    }

    /// Counts what the database behind `conn` holds; tables an older (or
    /// no) schema lacks count as empty.
    pub(crate) async fn count(
        conn: &mut AnyConnection,
        backend: Backend,
    ) -> Result<Contents, sqlx::Error> {
        let mut contents = Contents {
            plans: count_rows(conn, backend, "plans").await?,
            ..Contents::default()
        };
        contents.values = count_rows(conn, backend, "observations").await?;
        contents.register_children = count_rows(conn, backend, "register_children").await?;
        contents.register_steps = count_rows(conn, backend, "register_steps").await?;
        contents.audit_records = count_rows(conn, backend, "audit_events").await?
            + count_rows(conn, backend, "register_audit").await?;
        contents.accounts = count_rows(conn, backend, "users").await?;
        Ok(contents)
    }
}

impl fmt::Display for Contents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} plans, {} values, {} register children with {} steps, {} audit records, {} accounts",
            self.plans,
            self.values,
            self.register_children,
            self.register_steps,
            self.audit_records,
            self.accounts
        )
    }
}

async fn count_rows(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &'static str,
) -> Result<i64, sqlx::Error> {
    if !table_exists(conn, backend, table).await? {
        return Ok(0);
    }
    // `table` is one of the fixed names above, never outside text.
    let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(conn)
        .await?;
    row.try_get("n")
}

pub(crate) async fn table_exists(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
) -> Result<bool, sqlx::Error> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = $1"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    let row = sqlx::query(sql).bind(table).fetch_one(conn).await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

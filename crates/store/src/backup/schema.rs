//! Whether a backup's schema is one this build can run: every migration it
//! records must be one of this build's, with the same contents. An older
//! backup is fine (opening it brings it up to date); a newer one is not.

use std::fmt;

use sqlx::{AnyConnection, Row};

use super::contents::table_exists;
use super::BackupError;
use crate::connect::Backend;

/// The latest migration a database records, beside this build's latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaVersion {
    pub recorded: i64,
    pub this_build: i64,
}

impl fmt::Display for SchemaVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.recorded == self.this_build {
            write!(f, "schema {} (this build's)", self.recorded)
        } else {
            write!(
                f,
                "schema {} (brought up to {} when next opened)",
                self.recorded, self.this_build
            )
        }
    }
}

/// A migration a database says it applied: its version and checksum.
pub(crate) type Applied = (i64, Vec<u8>);

/// The migrations recorded in the database behind `conn`; none when it has
/// no migrations table.
pub(crate) async fn read_applied(
    conn: &mut AnyConnection,
    backend: Backend,
) -> Result<Vec<Applied>, sqlx::Error> {
    if !table_exists(conn, backend, "_sqlx_migrations").await? {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("version")?, row.try_get("checksum")?)))
        .collect()
}

/// Checks the migrations recorded in the backup at `path` against this build's.
pub(crate) fn check(
    applied: &[Applied],
    backend: Backend,
    path: &str,
) -> Result<SchemaVersion, BackupError> {
    let known: Vec<_> = backend
        .migrator()
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .collect();
    let this_build = known.iter().map(|m| m.version).max().unwrap_or_default();
    let Some(recorded) = applied.iter().map(|(version, _)| *version).max() else {
        return Err(BackupError::NotTrustboard {
            path: path.to_string(),
            reason: "it records no trustboard schema".to_string(),
        });
    };
    for (version, checksum) in applied {
        let incompatible = |reason: String| BackupError::IncompatibleSchema {
            path: path.to_string(),
            reason,
        };
        match known.iter().find(|m| m.version == *version) {
            None => {
                return Err(incompatible(format!(
                    "was written by a newer trustboard (its schema change {version} is unknown to this version); restore it with that version or later"
                )))
            }
            Some(migration) if migration.checksum.as_ref() != checksum.as_slice() => {
                return Err(incompatible(format!(
                    "records schema change {version} differently from this version of trustboard"
                )))
            }
            Some(_) => {}
        }
    }
    Ok(SchemaVersion {
        recorded,
        this_build,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn this_builds(backend: Backend) -> Vec<Applied> {
        backend
            .migrator()
            .iter()
            .map(|m| (m.version, m.checksum.to_vec()))
            .collect()
    }

    #[test]
    fn this_builds_schema_and_older_ones_are_accepted() {
        let all = this_builds(Backend::Sqlite);
        let latest = all.last().map(|m| m.0).unwrap_or_default();
        let version = check(&all, Backend::Sqlite, "b.db").map_err(|e| e.to_string());
        assert_eq!(
            version,
            Ok(SchemaVersion {
                recorded: latest,
                this_build: latest
            })
        );
        let older = check(&all[..2], Backend::Sqlite, "b.db").map_err(|e| e.to_string());
        assert_eq!(older.map(|v| v.recorded), Ok(all[1].0));
    }

    #[test]
    fn newer_altered_and_missing_schemas_are_refused() {
        let mut newer = this_builds(Backend::Postgres);
        newer.push((99_999, vec![1, 2, 3]));
        let message = check(&newer, Backend::Postgres, "b.dump")
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            message
                .as_ref()
                .is_err_and(|m| m.contains("newer trustboard") && m.contains("99999")),
            "{message:?}"
        );
        let mut altered = this_builds(Backend::Postgres);
        altered[0].1 = vec![0; 48];
        let message = check(&altered, Backend::Postgres, "b.dump")
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(message.is_err_and(|m| m.contains("differently")));
        let message = check(&[], Backend::Sqlite, "x.db")
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(message.is_err_and(|m| m.contains("not a trustboard backup")));
    }
}

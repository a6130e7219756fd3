//! Backing a database up to one file and restoring it, checked both ways.
//!
//! SQLite copies itself (`VACUUM INTO`, a consistent snapshot while the server
//! runs) and the copy is checked before it is put in place. PostgreSQL is
//! dumped and restored by its own tools, `pg_dump` and `pg_restore`, whose
//! versions are checked against the server first. Either way the file must
//! hold a trustboard schema this build knows, and a restore never replaces a
//! database that holds data unless told to.

mod contents;
mod error;
mod files;
mod postgres;
mod schema;
mod sqlite;

use std::path::Path;

pub use contents::Contents;
pub use error::BackupError;
pub use schema::SchemaVersion;

use crate::connect::Backend;
use crate::StoreError;

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub backend: Backend,
    pub schema: SchemaVersion,
    /// What the backed-up database held (on PostgreSQL, just before the dump).
    pub contents: Contents,
    pub bytes: u64,
}

/// What a restore put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub backend: Backend,
    pub schema: SchemaVersion,
    /// What the database held before, now replaced.
    pub replaced: Contents,
    /// What it holds now.
    pub contents: Contents,
}

/// Writes a backup of the database at `url` to `out`. An existing `out` is
/// replaced only with `force`; nothing is left at `out` when a check fails.
pub async fn backup(url: &str, out: &Path, force: bool) -> Result<BackupReport, BackupError> {
    if !force && out.exists() {
        return Err(BackupError::OutputExists {
            path: out.display().to_string(),
        });
    }
    match backend_of(url)? {
        Backend::Sqlite => sqlite::backup(url, out, force).await,
        Backend::Postgres => postgres::backup(url, out, force).await,
    }
}

/// Replaces the database at `url` with the backup in `file`, after checking
/// the file. A database that holds anything is replaced only with `force`.
pub async fn restore(url: &str, file: &Path, force: bool) -> Result<RestoreReport, BackupError> {
    if !file.is_file() {
        return Err(BackupError::NoSuchFile {
            path: file.display().to_string(),
        });
    }
    match backend_of(url)? {
        Backend::Sqlite => sqlite::restore(url, file, force).await,
        Backend::Postgres => postgres::restore(url, file, force).await,
    }
}

fn backend_of(url: &str) -> Result<Backend, BackupError> {
    sqlx::any::install_default_drivers();
    Backend::from_url(url).ok_or_else(|| {
        StoreError::UnsupportedUrl {
            url: crate::connect::redact_password(url),
        }
        .into()
    })
}

/// Refuses to replace a database that holds something, unless forced.
fn may_replace(target: &Contents, force: bool) -> Result<(), BackupError> {
    if target.is_empty() || force {
        Ok(())
    } else {
        Err(BackupError::TargetNotEmpty {
            holds: target.to_string(),
        })
    }
}

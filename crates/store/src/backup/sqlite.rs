//! SQLite: `VACUUM INTO` takes a consistent copy while others read and
//! write, and a restore swaps the checked file in by rename.

use std::path::Path;

use sqlx::{AnyConnection, Connection, Row};

use super::contents::Contents;
use super::files::{self, io_error};
use super::schema::{self, SchemaVersion};
use super::{may_replace, BackupError, BackupReport, RestoreReport};
use crate::connect::{sqlite_file, Backend};

pub(super) async fn backup(
    url: &str,
    out: &Path,
    force: bool,
) -> Result<BackupReport, BackupError> {
    let database = Path::new(sqlite_file(url)?.0);
    if !database.is_file() {
        return Err(BackupError::NoDatabase {
            path: database.display().to_string(),
        });
    }
    let partial = files::partial_path(out);
    files::remove_if_present(&partial)?;
    let mut conn = connect(database, Access::ReadWrite).await?;
    sqlx::query("PRAGMA busy_timeout = 5000")
        .execute(&mut conn)
        .await?;
    let vacuum = format!("VACUUM INTO {}", sql_text(&partial.display().to_string()));
    let copied = sqlx::query(&vacuum).execute(&mut conn).await;
    conn.close().await?;
    copied?;
    let checked = check_file(&partial).await;
    let ((schema, contents), bytes) = files::keep_if_checked(&partial, out, force, checked)?;
    Ok(BackupReport {
        backend: Backend::Sqlite,
        schema,
        contents,
        bytes,
    })
}

pub(super) async fn restore(
    url: &str,
    file: &Path,
    force: bool,
) -> Result<RestoreReport, BackupError> {
    let (schema, contents) = check_file(file).await?;
    let target = Path::new(sqlite_file(url)?.0);
    let replaced = if target.exists() {
        let mut conn = connect(target, Access::ReadWrite).await?;
        let held = Contents::count(&mut conn, Backend::Sqlite).await?;
        may_replace(&held, force)?;
        // Fold the write-ahead log into the file: a log left beside the
        // restored file would be replayed onto it.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        held
    } else {
        if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| io_error("create", folder, e))?;
        }
        Contents::default()
    };
    let partial = files::partial_path(target);
    files::copy(file, &partial)?;
    files::put_in_place(&partial, target, true)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        files::remove_if_present(Path::new(&side))?;
    }
    Ok(RestoreReport {
        backend: Backend::Sqlite,
        schema,
        replaced,
        contents,
    })
}

/// Checks that `path` is an undamaged trustboard database of a schema this
/// build can run, without writing to it.
async fn check_file(path: &Path) -> Result<(SchemaVersion, Contents), BackupError> {
    let shown = path.display().to_string();
    let not_trustboard = |error: sqlx::Error| BackupError::NotTrustboard {
        path: shown.clone(),
        reason: error.to_string(),
    };
    let mut conn = connect(path, Access::ReadOnly)
        .await
        .map_err(not_trustboard)?;
    let problems: Vec<String> = sqlx::query("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .map_err(not_trustboard)?
        .iter()
        .map(|row| row.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    if problems != ["ok"] {
        return Err(BackupError::Damaged {
            path: shown,
            details: problems.join("; "),
        });
    }
    let applied = schema::read_applied(&mut conn, Backend::Sqlite).await?;
    let version = schema::check(&applied, Backend::Sqlite, &shown)?;
    let contents = Contents::count(&mut conn, Backend::Sqlite).await?;
    conn.close().await?;
    Ok((version, contents))
}

enum Access {
    ReadOnly,
    ReadWrite,
}

/// Opens an existing file; never creates one.
async fn connect(path: &Path, access: Access) -> Result<AnyConnection, sqlx::Error> {
    let options = match access {
        // Immutable: reading a backup leaves no lock or log files beside it.
        Access::ReadOnly => "?mode=ro&immutable=true",
        Access::ReadWrite => "",
    };
    let encoded = path
        .display()
        .to_string()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    AnyConnection::connect(&format!("sqlite://{encoded}{options}")).await
}

/// `text` as an SQL string literal.
fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

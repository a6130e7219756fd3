//! PostgreSQL: the server's own tools dump and restore, after their
//! versions are checked against the server's. A restore runs as one
//! transaction in `psql`, so a failed one leaves the database as it was.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sqlx::{AnyConnection, Connection, Row};

use super::contents::Contents;
use super::files;
use super::schema::{self, Applied, SchemaVersion};
use super::{may_replace, BackupError, BackupReport, RestoreReport};
use crate::connect::{redact_password, Backend};
use crate::StoreError;

/// Replaces whatever the database held, inside the restore's transaction.
const CLEAR_SCHEMA: &str = "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n";

pub(super) async fn backup(
    url: &str,
    out: &Path,
    force: bool,
) -> Result<BackupReport, BackupError> {
    let mut conn = connect(url).await?;
    let server = server_major(&mut conn).await?;
    let contents = Contents::count(&mut conn, Backend::Postgres).await?;
    conn.close().await?;
    let dump_version = tool_major("pg_dump")?;
    at_least(server, "pg_dump", dump_version)?;
    at_least(dump_version, "pg_restore", tool_major("pg_restore")?)?;

    let partial = files::partial_path(out);
    files::remove_if_present(&partial)?;
    let dumped = run(Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--file")
        .arg(&partial)
        .arg("--dbname")
        .arg(url));
    let checked = dumped.and_then(|_| check_dump(&partial));
    let (schema, bytes) = files::keep_if_checked(&partial, out, force, checked)?;
    Ok(BackupReport {
        backend: Backend::Postgres,
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
    let mut conn = connect(url).await?;
    let server = server_major(&mut conn).await?;
    at_least(server, "pg_restore", tool_major("pg_restore")?)?;
    tool_major("psql")?;
    let schema = check_dump(file)?;
    let replaced = Contents::count(&mut conn, Backend::Postgres).await?;
    may_replace(&replaced, force)?;
    conn.close().await?;

    restore_in_one_transaction(url, file)?;

    let mut conn = connect(url).await?;
    let contents = Contents::count(&mut conn, Backend::Postgres).await?;
    conn.close().await?;
    Ok(RestoreReport {
        backend: Backend::Postgres,
        schema,
        replaced,
        contents,
    })
}

/// `pg_restore` writes the dump as SQL and `psql` runs it, after clearing
/// the schema, as one transaction that stops at the first error.
fn restore_in_one_transaction(url: &str, file: &Path) -> Result<(), BackupError> {
    let spawn_failed = |tool: &str| {
        let tool = tool.to_string();
        move |error: std::io::Error| BackupError::ToolMissing {
            tool,
            reason: error.to_string(),
        }
    };
    let mut psql = Command::new("psql")
        .args(["--no-psqlrc", "--quiet", "--single-transaction"])
        .args(["--set", "ON_ERROR_STOP=1", "--file", "-", "--dbname"])
        .arg(url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_failed("psql"))?;
    let mut pg_restore = Command::new("pg_restore")
        .args(["--no-owner", "--no-privileges", "--file", "-"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_failed("pg_restore"))?;
    // Feeding psql fails only if psql stopped early; its status says why.
    if let (Some(mut sql), Some(mut into)) = (pg_restore.stdout.take(), psql.stdin.take()) {
        let _ = into
            .write_all(CLEAR_SCHEMA.as_bytes())
            .and_then(|()| std::io::copy(&mut sql, &mut into).map(|_| ()));
    }
    let restored = pg_restore.wait_with_output();
    let applied = psql.wait_with_output();
    succeeded("pg_restore", restored)?;
    succeeded("psql", applied)?;
    Ok(())
}

/// Checks a custom-format dump is readable and holds a trustboard schema
/// this build can run.
fn check_dump(file: &Path) -> Result<SchemaVersion, BackupError> {
    let shown = file.display().to_string();
    let not_a_dump = |error: BackupError| match error {
        BackupError::ToolFailed { stderr, .. } => BackupError::NotTrustboard {
            path: shown.clone(),
            reason: stderr,
        },
        other => other,
    };
    run(Command::new("pg_restore").arg("--list").arg(file)).map_err(not_a_dump)?;
    let table = run(Command::new("pg_restore")
        .args(["--data-only", "--table", "_sqlx_migrations", "--file", "-"])
        .arg(file))
    .map_err(not_a_dump)?;
    let applied = migrations_in_dump(&String::from_utf8_lossy(&table.stdout), &shown)?;
    schema::check(&applied, Backend::Postgres, &shown)
}

/// Reads the migrations table's rows from `pg_restore`'s COPY text.
fn migrations_in_dump(sql: &str, path: &str) -> Result<Vec<Applied>, BackupError> {
    let unreadable = |reason: &str| BackupError::NotTrustboard {
        path: path.to_string(),
        reason: reason.to_string(),
    };
    let mut lines = sql.lines();
    let Some(header) = lines.find(|l| l.starts_with("COPY ") && l.contains("_sqlx_migrations ("))
    else {
        return Ok(Vec::new());
    };
    let columns: Vec<&str> = header
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(names, _)| names.split(", ").collect())
        .unwrap_or_default();
    let position = |name: &str| {
        columns
            .iter()
            .position(|c| *c == name)
            .ok_or_else(|| unreadable("its migrations table lacks a column trustboard records"))
    };
    let (version, success, checksum) = (
        position("version")?,
        position("success")?,
        position("checksum")?,
    );
    let mut applied = Vec::new();
    for line in lines.take_while(|l| *l != "\\.") {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or_default();
        if field(success) != "t" {
            continue;
        }
        let number = field(version)
            .parse()
            .map_err(|_| unreadable("its migrations table holds a version that is not a number"))?;
        let sum = hex::decode(field(checksum).trim_start_matches("\\\\x")).map_err(|_| {
            unreadable("its migrations table holds a checksum that is not hexadecimal")
        })?;
        applied.push((number, sum));
    }
    Ok(applied)
}

async fn connect(url: &str) -> Result<AnyConnection, BackupError> {
    AnyConnection::connect(url).await.map_err(|error| {
        StoreError::Unreachable {
            url: redact_password(url),
            reason: error.to_string(),
        }
        .into()
    })
}

async fn server_major(conn: &mut AnyConnection) -> Result<u32, BackupError> {
    let row = sqlx::query("SELECT current_setting('server_version_num') AS v")
        .fetch_one(conn)
        .await?;
    let number: String = row.try_get("v")?;
    Ok(number.parse::<u32>().unwrap_or_default() / 10_000)
}

/// The major version a PostgreSQL client tool reports, e.g. 15 for
/// `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`.
fn tool_major(tool: &str) -> Result<u32, BackupError> {
    let output = run(Command::new(tool).arg("--version"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace()
        .find_map(|word| word.split('.').next()?.parse().ok())
        .ok_or_else(|| BackupError::ToolMissing {
            tool: tool.to_string(),
            reason: format!("its version cannot be read from `{}`", text.trim()),
        })
}

fn at_least(needed: u32, tool: &str, found: u32) -> Result<(), BackupError> {
    if found >= needed {
        Ok(())
    } else {
        Err(BackupError::ToolTooOld {
            tool: tool.to_string(),
            tool_major: found,
            server_major: needed,
        })
    }
}

fn run(command: &mut Command) -> Result<Output, BackupError> {
    let tool = command.get_program().to_string_lossy().into_owned();
    let output = command.stdin(Stdio::null()).output();
    if let Err(error) = &output {
        if error.kind() == std::io::ErrorKind::NotFound {
            return Err(BackupError::ToolMissing {
                tool,
                reason: error.to_string(),
            });
        }
    }
    succeeded(&tool, output)
}

fn succeeded(tool: &str, output: std::io::Result<Output>) -> Result<Output, BackupError> {
    let output = output.map_err(|error| BackupError::ToolMissing {
        tool: tool.to_string(),
        reason: error.to_string(),
    })?;
    if output.status.success() {
        Ok(output)
    } else {
        Err(BackupError::ToolFailed {
            tool: tool.to_string(),
            status: output.status.to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_read_from_the_dumped_table() {
        let sql = "SET x = 1;\n\
            COPY public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) FROM stdin;\n\
            1\tplans\t2026-01-01 00:00:00+00\tt\t\\\\x0a0b\t12\n\
            2\tfailed\t2026-01-01 00:00:00+00\tf\t\\\\x00\t12\n\
            \\.\n";
        let applied = migrations_in_dump(sql, "b.dump").map_err(|e| e.to_string());
        assert_eq!(applied, Ok(vec![(1, vec![0x0a, 0x0b])]));
        assert_eq!(
            migrations_in_dump("SET x = 1;\n", "b.dump").map_err(|e| e.to_string()),
            Ok(vec![])
        );
    }

    #[test]
    fn client_tool_versions_are_read_and_compared() {
        assert!(at_least(15, "pg_dump", 16).is_ok());
        let refused = at_least(16, "pg_dump", 15).map_err(|e| e.to_string());
        assert!(refused.is_err_and(|m| m.contains("PostgreSQL 16") && m.contains("version 15")));
    }
}

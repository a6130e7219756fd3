//! `trustboard backup` and `trustboard restore`: one checked file holding the
//! whole database. They work on the database URL rather than an open store,
//! so a restore never migrates the database it is about to replace.

use std::path::PathBuf;

use clap::Args;
use trustboard_store::backup::{self, BackupReport, RestoreReport};
use trustboard_store::Backend;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write: a SQLite database for SQLite, a `pg_dump
    /// --format=custom` archive for PostgreSQL.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `trustboard backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace a database that already holds plans, register records,
    /// audit records or accounts.
    #[arg(long)]
    pub force: bool,
}

pub async fn backup(url: &str, args: BackupArgs) -> anyhow::Result<()> {
    let BackupReport {
        backend,
        schema,
        contents,
        bytes,
    } = backup::backup(url, &args.out, args.force).await?;
    out!(
        "backed up the {} database to {} ({bytes} bytes, {schema}, checked)",
        name(backend),
        args.out.display()
    );
    out!("  it holds {contents}");
    Ok(())
}

pub async fn restore(url: &str, args: RestoreArgs) -> anyhow::Result<()> {
    let RestoreReport {
        backend,
        schema,
        replaced,
        contents,
    } = backup::restore(url, &args.file, args.force).await?;
    out!(
        "restored the {} database from {} ({schema})",
        name(backend),
        args.file.display()
    );
    if !replaced.is_empty() {
        out!("  replaced {replaced}");
    }
    out!("  it holds {contents}");
    Ok(())
}

fn name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

//! Why a backup or restore stopped, naming the file or tool to look at.

use thiserror::Error;

use crate::StoreError;

#[derive(Debug, Error)]
pub enum BackupError {
    #[error("{path} already exists; choose another file or give --force to replace it")]
    OutputExists { path: String },

    #[error("there is no backup file at {path}")]
    NoSuchFile { path: String },

    #[error("there is no database at {path} to back up")]
    NoDatabase { path: String },

    #[error("{path} is not a trustboard backup: {reason}")]
    NotTrustboard { path: String, reason: String },

    #[error("{path} failed its integrity check: {details}")]
    Damaged { path: String, details: String },

    #[error("{path} {reason}")]
    IncompatibleSchema { path: String, reason: String },

    #[error("the database already holds {holds}; restoring would replace all of it, so give --force if that is what you want")]
    TargetNotEmpty { holds: String },

    #[error(
        "`{tool}` is needed for PostgreSQL backups and is not installed (or not on PATH): {reason}"
    )]
    ToolMissing { tool: String, reason: String },

    #[error("`{tool}` is version {tool_major} but the server runs PostgreSQL {server_major}; install the client tools of version {server_major} or later")]
    ToolTooOld {
        tool: String,
        tool_major: u32,
        server_major: u32,
    },

    #[error("`{tool}` failed ({status}): {stderr}")]
    ToolFailed {
        tool: String,
        status: String,
        stderr: String,
    },

    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(error: sqlx::Error) -> Self {
        BackupError::Store(StoreError::Database(error))
    }
}

//! Opening a store: the URL scheme picks the backend and its migrations.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};

use crate::error::StoreError;
use crate::register::access_log::AccessLog;
use crate::sessions::SessionCache;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Waiting this long for a locked SQLite file is better than failing a busy import.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A pooled PostgreSQL connection idle longer than this is checked before
/// use: the server may have restarted meanwhile.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub(crate) fn from_url(url: &str) -> Option<Backend> {
        let scheme = url.split_once(':')?.0;
        match scheme {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }

    /// The backend a connection of the store's pool talks to.
    pub(crate) fn of(conn: &AnyConnection) -> Backend {
        if conn.backend_name() == "PostgreSQL" {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// The statement that starts a transaction that only reads and sees one
    /// state of the database throughout (see [`Store::begin_read`]).
    pub(crate) fn begin_read(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }

    pub(crate) fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// A connection pool to one trustboard database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// Register accesses waiting to be written, in groups.
    pub(crate) accesses: Arc<AccessLog>,
    /// Live sessions read within the last moment.
    pub(crate) sessions: Arc<SessionCache>,
}

impl Store {
    /// Opens `sqlite://path/to/file.db` (created with its folder on first use)
    /// or `postgres://user@host/database`, and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = Store::connect(url).await?;
        store.backend.migrator().run(&store.pool).await?;
        store.index_pending_names().await?;
        store.fill_pending_cards().await?;
        Ok(store)
    }

    /// Connects to the database at `url` without touching its schema.
    pub(crate) async fn connect(url: &str) -> Result<Store, StoreError> {
        let backend = Backend::from_url(url).ok_or_else(|| StoreError::UnsupportedUrl {
            url: redact_password(url),
        })?;
        install_default_drivers();
        let connect_url = match backend {
            Backend::Sqlite => prepare_sqlite(url)?,
            Backend::Postgres => quiet_postgres(url),
        };
        let unreachable = |error: sqlx::Error| StoreError::Unreachable {
            url: redact_password(url),
            reason: error.to_string(),
        };
        // One plain connection first: the pool would retry a refused
        // connection until it times out and then report only the timeout.
        AnyConnection::connect(&connect_url)
            .await
            .map_err(unreachable)?
            .close()
            .await
            .map_err(unreachable)?;
        let pool = AnyPoolOptions::new()
            .acquire_timeout(CONNECT_TIMEOUT)
            // The pool checks every connection as it comes back. A
            // PostgreSQL connection idle since longer than a moment is checked
            // again before use, and replaced if the server hung up on it
            // meanwhile; checking one that came back moments ago would only
            // double the round trips of a busy server. A SQLite connection is
            // a file opened in this process: it cannot drop the way a
            // socket can.
            .test_before_acquire(false)
            .before_acquire(move |conn, meta| {
                Box::pin(async move {
                    if backend == Backend::Postgres && meta.idle_for > CHECK_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(sqlite_pragmas().as_str()).await?;
                    }
                    Ok(())
                })
            })
            .connect(&connect_url)
            .await
            .map_err(unreachable)?;
        Ok(Store {
            accesses: AccessLog::new(pool.clone(), backend),
            sessions: Arc::default(),
            pool,
            backend,
        })
    }

    /// Starts a transaction that will write. On SQLite it takes the write
    /// lock at once, so concurrent writers wait (up to the busy timeout)
    /// instead of failing when a reader tries to become a writer.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        begin_write(&self.pool, self.backend).await
    }

    /// Starts a transaction that only reads, seeing one consistent state of
    /// the database even while an import commits.
    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(self.pool.begin_with(self.backend.begin_read()).await?)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Waits for open connections to finish and closes them.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// [`Store::begin_write`] on `pool`, for writers that hold the pool alone.
pub(crate) async fn begin_write(
    pool: &AnyPool,
    backend: Backend,
) -> Result<Transaction<'static, Any>, StoreError> {
    Ok(match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    })
}

fn sqlite_pragmas() -> String {
    format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
    )
}

/// PostgreSQL reports harmless notices ("relation … already exists, skipping"
/// each time the migration table is checked) that the log would print on every
/// command; ask the server to send warnings and errors only, unless the URL
/// already chooses a level.
fn quiet_postgres(url: &str) -> String {
    if url.contains("client_min_messages") {
        return url.to_string();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options%5Bclient_min_messages%5D=warning")
}

/// The file and the options of a `sqlite://` URL; in-memory databases are refused.
pub(crate) fn sqlite_file(url: &str) -> Result<(&str, &str), StoreError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path.starts_with(':') {
        return Err(StoreError::UnsupportedUrl {
            url: url.to_string(),
        });
    }
    Ok((path, query))
}

/// Creates the database's folder and asks SQLite to create the file if it is missing.
fn prepare_sqlite(url: &str) -> Result<String, StoreError> {
    let (path, query) = sqlite_file(url)?;
    if let Some(parent) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDirectory {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let mode = if query.split('&').any(|pair| pair.starts_with("mode=")) {
        ""
    } else {
        "mode=rwc"
    };
    let joined: Vec<&str> = [query, mode]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    Ok(format!("sqlite://{path}?{}", joined.join("&")))
}

/// The URL with any password replaced, fit for error messages and logs.
pub(crate) fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((credentials, host)) = authority.rsplit_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_password("postgres://board:s3cret@db.example:5432/trust"),
            "postgres://board:***@db.example:5432/trust"
        );
        assert_eq!(
            redact_password("postgres://board@db/trust"),
            "postgres://board@db/trust"
        );
        assert_eq!(
            redact_password("sqlite://data/trust.db"),
            "sqlite://data/trust.db"
        );
    }

    #[test]
    fn scheme_picks_the_backend() {
        assert_eq!(Backend::from_url("sqlite://x.db"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::from_url("postgresql://h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::from_url("mysql://h/db"), None);
        assert_eq!(Backend::from_url("trust.db"), None);
    }

    #[test]
    fn sqlite_urls_create_the_file_unless_told_otherwise() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("new/sub/trust.db");
        let url = format!("sqlite://{}", path.display());
        assert_eq!(prepare_sqlite(&url).ok(), Some(format!("{url}?mode=rwc")));
        assert!(path.parent().is_some_and(|p| p.is_dir()));
        let read_only = format!("{url}?mode=ro");
        assert_eq!(prepare_sqlite(&read_only).ok(), Some(read_only.clone()));
    }
}

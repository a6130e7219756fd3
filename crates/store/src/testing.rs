//! Fresh, empty databases for tests, on either backend (feature `testing`).
//!
//! PostgreSQL is found through `TRUSTBOARD_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, a user allowed to create
//! databases). Each [`TestDatabase`] gets a database of its own, so tests can
//! run in parallel. When the server cannot be reached the test fails, saying
//! how to start it: a PostgreSQL test is never quietly skipped.
//!
//! Panicking is the point here: these functions only run inside tests.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::migrate::Migrator;
use sqlx::{Connection, Executor, PgConnection};

use crate::{Backend, Store};

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database that exists for as long as this value does.
///
/// Call [`TestDatabase::cleanup`] at the end of an async test; dropping the
/// value without it removes the database too, on a thread of its own.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    backend: Backend,
    home: Home,
}

#[derive(Debug)]
enum Home {
    /// The SQLite file lives in this directory, removed when it is dropped.
    Sqlite {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Already removed by `cleanup`.
    Gone,
}

impl TestDatabase {
    /// A fresh database on `backend`.
    pub async fn new(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => TestDatabase::sqlite(),
            Backend::Postgres => TestDatabase::postgres().await,
        }
    }

    /// A SQLite file in a folder that does not exist yet, inside a temporary
    /// directory: opening it must create both.
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("a temporary directory for the test database");
        let url = format!("sqlite://{}/data/trustboard.db", dir.path().display());
        TestDatabase {
            url,
            backend: Backend::Sqlite,
            home: Home::Sqlite { _dir: dir },
        }
    }

    /// A newly created, uniquely named PostgreSQL database.
    pub async fn postgres() -> TestDatabase {
        let admin_url = admin_url();
        let mut admin = connect_admin(&admin_url).await;
        let name = unique_database_name();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap_or_else(|error| panic!("cannot create the test database {name}: {error}"));
        // Closing is a courtesy to the server; the database exists either way.
        let _ = admin.close().await;
        let url = database_url(&admin_url, &name);
        TestDatabase {
            url,
            backend: Backend::Postgres,
            home: Home::Postgres { admin_url, name },
        }
    }

    /// The URL to open the database with (as `trustboard --database` takes it).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Opens the database, applying migrations.
    pub async fn open(&self) -> Store {
        Store::open(&self.url).await.unwrap_or_else(|error| {
            panic!(
                "the {:?} test database does not open: {error}",
                self.backend
            )
        })
    }

    /// Brings the schema only as far as the migrations numbered below
    /// `version`, as an earlier trustboard left it, so a test can fill it in
    /// that shape before [`TestDatabase::open`] applies the rest.
    pub async fn migrate_before(&self, version: i64) {
        let store = Store::connect(&self.url)
            .await
            .unwrap_or_else(|error| panic!("the test database does not open: {error}"));
        let older = Migrator {
            migrations: store
                .backend()
                .migrator()
                .iter()
                .filter(|m| m.version < version)
                .cloned()
                .collect(),
            ..Migrator::DEFAULT
        };
        older
            .run(&store.pool)
            .await
            .unwrap_or_else(|error| panic!("migrating to before {version}: {error}"));
        store.close().await;
    }

    /// Runs each statement on a connection of its own, as an earlier
    /// trustboard or someone at the database would have written it; a
    /// statement that fails is named in the panic.
    pub async fn execute(&self, statements: &[&str]) {
        let mut conn = sqlx::AnyConnection::connect(&self.url)
            .await
            .unwrap_or_else(|error| panic!("the test database does not open: {error}"));
        for statement in statements {
            conn.execute(*statement)
                .await
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
        conn.close().await.expect("close");
    }

    /// Removes the database. Close every [`Store`] opened on it first.
    pub async fn cleanup(mut self) {
        if let Home::Postgres { admin_url, name } = std::mem::replace(&mut self.home, Home::Gone) {
            drop_postgres(&admin_url, &name).await;
        }
    }
}

impl Drop for TestDatabase {
    /// Best effort for a test that ended early (a failed assertion): sqlx is
    /// async and `drop` is not, so the database is dropped from a thread with a
    /// runtime of its own, which also works while a runtime is running here.
    fn drop(&mut self) {
        if let Home::Postgres { admin_url, name } = std::mem::replace(&mut self.home, Home::Gone) {
            let dropping = std::thread::spawn(move || {
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    runtime.block_on(drop_postgres(&admin_url, &name));
                }
            });
            let _ = dropping.join();
        }
    }
}

/// The register's tables as text, one line per row in id order, for
/// comparing two databases: every column except those that differ by design
/// (a child's random pseudonym, the moment a step or audit row was written).
pub async fn register_rows(store: &Store) -> Vec<String> {
    const TABLES: [(&str, &[&str]); 6] = [
        (
            "register_agencies",
            &["id", "organisation_id", "reference", "name"],
        ),
        (
            "register_practitioners",
            &["id", "organisation_id", "reference", "name", "agency"],
        ),
        (
            "register_children",
            &[
                "id",
                "organisation_id",
                "reference",
                "name",
                "date_of_birth",
                "gender",
                "ethnicity",
                "setting",
                "locality",
                "family",
                "flags",
                "opened",
                "version",
                "card",
            ],
        ),
        (
            "register_steps",
            &[
                "id",
                "organisation_id",
                "child_id",
                "seq",
                "kind",
                "date",
                "payload",
                "recorded_by",
            ],
        ),
        (
            "register_name_words",
            &["organisation_id", "word", "child_id", "reference", "name"],
        ),
        (
            "register_audit",
            &[
                "id",
                "organisation_id",
                "actor",
                "action",
                "child_pseudonym",
                "detail",
            ],
        ),
    ];
    let mut lines = Vec::new();
    for (table, columns) in TABLES {
        let cells: Vec<String> = columns
            .iter()
            .map(|column| format!("COALESCE(CAST({column} AS TEXT), '(null)')"))
            .collect();
        // Every table but the names' words has a row id.
        let order = if table == "register_name_words" {
            columns.join(", ")
        } else {
            "id".to_string()
        };
        let sql = format!(
            "SELECT {} AS line FROM {table} ORDER BY {order}",
            cells.join(" || '|' || ")
        );
        let rows = sqlx::query(&sql)
            .fetch_all(&store.pool)
            .await
            .unwrap_or_else(|error| panic!("reading {table}: {error}"));
        for row in rows {
            let line: String = sqlx::Row::try_get(&row, "line").expect("a line of text");
            lines.push(format!("{table}: {line}"));
        }
    }
    lines
}

fn admin_url() -> String {
    std::env::var("TRUSTBOARD_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string())
}

async fn connect_admin(admin_url: &str) -> PgConnection {
    match PgConnection::connect(admin_url).await {
        Ok(conn) => conn,
        Err(error) => panic!(
            "PostgreSQL is needed for this test and is not reachable at {admin_url}: {error}.\n\
             Start it (for example `pg_ctlcluster 15 main start`, or \
             `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15`) \
             or point TRUSTBOARD_TEST_POSTGRES at a server whose user may create databases."
        ),
    }
}

async fn drop_postgres(admin_url: &str, name: &str) {
    let mut admin = connect_admin(admin_url).await;
    // FORCE: a connection a failed test left open must not keep the database alive.
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap_or_else(|error| panic!("cannot drop the test database {name}: {error}"));
    let _ = admin.close().await;
}

fn unique_database_name() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "trustboard_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The admin URL with its database name replaced.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut url = format!("{}/{name}", &base[..host_end]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn test_database_url_keeps_host_and_options() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            database_url("postgres://u:p@db/postgres?sslmode=disable", "t2"),
            "postgres://u:p@db/t2?sslmode=disable"
        );
        assert_eq!(database_url("postgres://u@db", "t3"), "postgres://u@db/t3");
    }
}

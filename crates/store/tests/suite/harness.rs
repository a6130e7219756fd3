//! Fresh databases for each test, dropped afterwards.
//!
//! PostgreSQL is found through `TRUSTBOARD_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, a user allowed to create
//! databases). When it cannot be reached the PostgreSQL half of the suite
//! fails, saying how to start it.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};
use trustboard_store::Store;

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Declares one test per backend running `$test(store: Store)`.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                crate::harness::on_sqlite(super::$test).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                crate::harness::on_postgres(super::$test).await;
            }
        }
    )*};
}
pub(crate) use on_both_backends;

/// Runs the test on its own task so that a failing assertion still lets the database be removed.
async fn run<F, Fut>(store: Store, test: F) -> Result<(), Box<dyn std::any::Any + Send>>
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(test(store.clone())).await;
    store.close().await;
    outcome.map_err(|error| match error.try_into_panic() {
        Ok(panic) => panic,
        Err(error) => Box::new(error.to_string()),
    })
}

pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A folder that does not exist yet: opening must create it.
    let url = format!("sqlite://{}/data/trustboard.db", dir.path().display());
    let store = Store::open(&url).await.expect("SQLite store opens");
    if let Err(panic) = run(store, test).await {
        std::panic::resume_unwind(panic);
    }
}

pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let admin_url =
        std::env::var("TRUSTBOARD_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string());
    let mut admin = match PgConnection::connect(&admin_url).await {
        Ok(conn) => conn,
        Err(error) => panic!(
            "PostgreSQL is needed for this test and is not reachable at {admin_url}: {error}.\n\
             Start it (for example `pg_ctlcluster 15 main start`, or \
             `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15`) \
             or point TRUSTBOARD_TEST_POSTGRES at a server whose user may create databases."
        ),
    };
    let name = unique_database_name();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("test database created");
    let outcome = match Store::open(&database_url(&admin_url, &name)).await {
        Ok(store) => run(store, test).await,
        Err(error) => Err(Box::new(format!("PostgreSQL store did not open: {error}")) as Box<_>),
    };
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .expect("test database dropped");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
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

//! Runs a test on a fresh database of each backend (see
//! `trustboard_store::testing`), dropped afterwards.

use std::future::Future;

use trustboard_store::testing::TestDatabase;
use trustboard_store::{Backend, Store};

/// Declares one test per backend running `$test(store: Store)`.
macro_rules! on_both_backends {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                crate::harness::on_backend(trustboard_store::Backend::Sqlite, super::$test).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                crate::harness::on_backend(trustboard_store::Backend::Postgres, super::$test).await;
            }
        }
    )*};
}
pub(crate) use on_both_backends;

/// Declares one test per backend running `$test(backend: Backend)`, for a
/// test that makes its own database (to fill it in an older shape, say).
macro_rules! on_each_backend {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                super::$test(trustboard_store::Backend::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                super::$test(trustboard_store::Backend::Postgres).await;
            }
        }
    )*};
}
pub(crate) use on_each_backend;

/// Runs the test on its own task so that a failing assertion still lets the
/// store close and the database be removed before the failure is passed on.
pub async fn on_backend<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let database = TestDatabase::new(backend).await;
    let store = database.open().await;
    let outcome = tokio::spawn(test(store.clone())).await;
    store.close().await;
    database.cleanup().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the test task did not finish: {error}"),
        }
    }
}

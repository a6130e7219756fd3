//! Opening stores: URLs, files and errors.

use trustboard_core::model::ObservationKind;
use trustboard_store::{Backend, ImportOptions, Store, StoreError};

use crate::sample::{kingston, value};

#[tokio::test]
async fn an_unknown_scheme_is_refused_by_name() {
    let error = Store::open("mysql://root@localhost/trust")
        .await
        .expect_err("not supported");
    assert!(matches!(error, StoreError::UnsupportedUrl { .. }));
    assert!(error.to_string().contains("sqlite://"), "{error}");
}

#[tokio::test]
async fn an_unreachable_server_is_named_without_its_password() {
    let error = Store::open("postgres://board:s3cret@127.0.0.1:1/trust")
        .await
        .expect_err("nothing listens on port 1");
    let message = error.to_string();
    assert!(matches!(error, StoreError::Unreachable { .. }), "{message}");
    assert!(
        message.contains("postgres://board:***@127.0.0.1:1/trust"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}

#[tokio::test]
async fn sqlite_files_are_created_in_wal_mode_and_survive_reopening() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("nested/trust.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::open(&url).await.expect("created");
    assert_eq!(store.backend(), Backend::Sqlite);
    let doc = kingston();
    store
        .import_plan(
            &doc,
            ImportOptions {
                dry_run: false,
                source: "x".to_string(),
            },
        )
        .await
        .expect("imported");
    assert!(
        path.with_file_name("trust.db-wal").exists(),
        "a write-ahead log sits beside the database"
    );
    store.close().await;

    // Reopening runs no migration twice and finds the plan.
    let store = Store::open(&url).await.expect("reopened");
    assert_eq!(
        store.load_plan(None, &doc.plan.name).await.expect("loaded"),
        doc
    );
    let mut next = doc.clone();
    next.observations[0] = value("NI 59", "2009/10", ObservationKind::Actual, "1/2");
    let report = store
        .import_plan(
            &next,
            ImportOptions {
                dry_run: false,
                source: "y".to_string(),
            },
        )
        .await
        .expect("imported again");
    assert_eq!(report.observations.changed, 1);
    store.close().await;
}

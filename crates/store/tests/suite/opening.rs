//! Opening stores: URLs, files and errors.

use trustboard_core::model::ObservationKind;
use trustboard_store::{Backend, ImportOptions, Store, StoreError};

use crate::harness::on_each_backend;
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

/// The migration that added the words of children's names.
const NAME_WORDS: i64 = 931;

/// Two stores opening at once a register from before the names' words split
/// its names once between them: each child's words are there once, and
/// neither open fails on the other's rows.
async fn two_stores_opening_at_once_index_old_names_once(backend: Backend) {
    use sqlx::{AnyConnection, Connection, Row};
    use trustboard_store::testing::TestDatabase;

    let database = TestDatabase::new(backend).await;
    database.migrate_before(NAME_WORDS).await;
    database
        .execute(&[
            "INSERT INTO organisations (id, name) VALUES (1, 'North'), (2, 'South')",
            "INSERT INTO register_children (id, organisation_id, reference, pseudonym, name, gender, flags, opened)
             VALUES (30, 1, 'C1', 'p30', 'Sam Nowak', 'female', '{}', '2010-01-01'),
                    (31, 2, 'C1', 'p31', 'Ann O''Neil', 'female', '{}', '2010-01-01')",
        ])
        .await;
    // The schema up to date, the names not yet split: as two servers find
    // it when they start together after an upgrade.
    database.migrate_before(i64::MAX).await;

    let (first, second) = tokio::join!(database.open(), database.open());
    first.close().await;
    second.close().await;

    let mut conn = AnyConnection::connect(database.url())
        .await
        .expect("connect");
    let words: Vec<(i64, String, i64)> = sqlx::query(
        "SELECT organisation_id, word, child_id FROM register_name_words
         ORDER BY organisation_id, word",
    )
    .fetch_all(&mut conn)
    .await
    .expect("the names' words")
    .iter()
    .map(|row| (row.get(0), row.get(1), row.get(2)))
    .collect();
    let pending: i64 = sqlx::query("SELECT count(*) FROM register_names_to_index")
        .fetch_one(&mut conn)
        .await
        .expect("the list of registers to index")
        .get(0);
    conn.close().await.expect("close");
    database.cleanup().await;
    assert_eq!(
        words,
        [
            (1, "nowak".to_owned(), 30),
            (1, "sam".to_owned(), 30),
            (2, "ann".to_owned(), 31),
            (2, "oneil".to_owned(), 31),
        ]
    );
    assert_eq!(pending, 0);
}

on_each_backend!(two_stores_opening_at_once_index_old_names_once);

/// Two stores opening at once a register whose children have no cards (as
/// one from before cards) fill each child's card in once, as their record
/// stands, and clear the mark.
async fn two_stores_opening_at_once_fill_missing_cards_once(backend: Backend) {
    use sqlx::{AnyConnection, Connection, Row};
    use trustboard_core::register::{ChildCard, ChildId};
    use trustboard_store::testing::TestDatabase;

    use crate::register::{batch, concern, date, new_child, start_caf, TODAY};
    use crate::sample::KINGSTON;

    let database = TestDatabase::new(backend).await;
    let store = database.open().await;
    let children = vec![
        new_child("C1", vec![concern(date(2011, 4, 4))]),
        new_child(
            "C2",
            vec![concern(date(2011, 4, 4)), start_caf(date(2011, 5, 2))],
        ),
    ];
    store
        .import_register(KINGSTON, &batch(children), "coordinator", TODAY())
        .await
        .expect("register import");
    let mut expected = Vec::new();
    for reference in ["C1", "C2"] {
        let record = store
            .register_record(KINGSTON, &ChildId::new(reference))
            .await
            .expect("the record")
            .record;
        expected.push(ChildCard::settled(&record));
    }
    store.close().await;
    // As an upgrade leaves a register from before cards.
    database
        .execute(&[
            "UPDATE register_children SET card = NULL",
            "INSERT INTO register_cards_to_fill (organisation_id) SELECT DISTINCT organisation_id FROM register_children",
        ])
        .await;

    let (first, second) = tokio::join!(database.open(), database.open());
    first.close().await;
    second.close().await;

    let mut conn = AnyConnection::connect(database.url())
        .await
        .expect("connect");
    let cards: Vec<ChildCard> =
        sqlx::query("SELECT card FROM register_children ORDER BY reference")
            .fetch_all(&mut conn)
            .await
            .expect("the cards")
            .iter()
            .map(|row| {
                let text: String = row.get(0);
                serde_json::from_str(&text).expect("a card")
            })
            .collect();
    let pending: i64 = sqlx::query("SELECT count(*) FROM register_cards_to_fill")
        .fetch_one(&mut conn)
        .await
        .expect("the list of registers to fill")
        .get(0);
    conn.close().await.expect("close");
    database.cleanup().await;
    assert_eq!(cards, expected);
    assert_eq!(pending, 0);
}

on_each_backend!(two_stores_opening_at_once_fill_missing_cards_once);

/// The migration that keyed the names' words by reference.
const WORDS_BY_REFERENCE: i64 = 934;

/// The names' words already written keep their children, now with each
/// child's reference and name beside them.
async fn the_names_words_take_their_childrens_references(backend: Backend) {
    use sqlx::{AnyConnection, Connection, Row};
    use trustboard_store::testing::TestDatabase;

    let database = TestDatabase::new(backend).await;
    database.migrate_before(WORDS_BY_REFERENCE).await;
    database
        .execute(&[
            "INSERT INTO organisations (id, name) VALUES (1, 'North'), (2, 'South')",
            "INSERT INTO register_children (id, organisation_id, reference, pseudonym, name, gender, flags, opened)
             VALUES (30, 1, 'C1', 'p30', 'Sam Nowak', 'female', '{}', '2010-01-01'),
                    (31, 2, 'C1', 'p31', 'Ann Nowak', 'female', '{}', '2010-01-01'),
                    (32, 2, 'C2', 'p32', 'Ann', 'female', '{}', '2010-01-01')",
            "INSERT INTO register_name_words (organisation_id, word, child_id)
             VALUES (1, 'nowak', 30), (1, 'sam', 30), (2, 'ann', 31), (2, 'nowak', 31), (2, 'ann', 32)",
        ])
        .await;
    database.open().await.close().await;

    let mut conn = AnyConnection::connect(database.url())
        .await
        .expect("connect");
    let words: Vec<(i64, String, String, i64, String)> = sqlx::query(
        "SELECT organisation_id, word, reference, child_id, name FROM register_name_words
         ORDER BY organisation_id, word, reference",
    )
    .fetch_all(&mut conn)
    .await
    .expect("the names' words")
    .iter()
    .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4)))
    .collect();
    conn.close().await.expect("close");
    database.cleanup().await;
    let row = |organisation: i64, word: &str, reference: &str, child: i64, name: &str| {
        let texts = (word.to_owned(), reference.to_owned(), name.to_owned());
        (organisation, texts.0, texts.1, child, texts.2)
    };
    assert_eq!(
        words,
        [
            row(1, "nowak", "C1", 30, "Sam Nowak"),
            row(1, "sam", "C1", 30, "Sam Nowak"),
            row(2, "ann", "C1", 31, "Ann Nowak"),
            row(2, "ann", "C2", 32, "Ann"),
            row(2, "nowak", "C1", 31, "Ann Nowak"),
        ]
    );
}

on_each_backend!(the_names_words_take_their_childrens_references);

/// A PostgreSQL server that restarts, or ends idle sessions, hangs up on the
/// pool's connections; the next request after a quiet moment must get a
/// working connection, not the dead one.
#[tokio::test]
async fn a_postgres_connection_the_server_ended_while_idle_is_replaced() {
    use trustboard_store::testing::TestDatabase;

    let database = TestDatabase::postgres().await;
    let store = database.open().await;
    store.plan_handles().await.expect("read before");
    database
        .execute(&["SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()"])
        .await;
    // Longer than a connection may sit idle and still be used unchecked.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    store
        .plan_handles()
        .await
        .expect("read after the server ended the pool's connections");
    store.close().await;
    database.cleanup().await;
}

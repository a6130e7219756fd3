//! The schema is ready to distribute by organisation: every table but the
//! reference tables carries the organisation, keys on it and passes it along
//! every foreign key, read back from the database's own catalogue. And a
//! database filled before that change keeps its rows through it.

use sqlx::{AnyConnection, Connection, Executor, Row};
use trustboard_store::distribution::{DISTRIBUTION_COLUMN, REFERENCE_TABLES};
use trustboard_store::testing::TestDatabase;
use trustboard_store::Backend;

use crate::harness::on_each_backend;

/// The migration that keyed every table by its organisation.
const ORGANISATION_KEYS: i64 = 920;

fn is_distributed(table: &str) -> bool {
    !REFERENCE_TABLES.contains(&table) && !table.starts_with("_sqlx")
}

/// A foreign key as the catalogue describes it: the table it points at and
/// its (column, referenced column) pairs.
struct ForeignKey {
    parent: String,
    pairs: Vec<(String, String)>,
}

impl ForeignKey {
    fn carries_organisation(&self) -> bool {
        self.pairs
            .iter()
            .any(|(from, to)| from == DISTRIBUTION_COLUMN && to == DISTRIBUTION_COLUMN)
    }
}

/// What the catalogue says about one table.
struct TableShape {
    /// `Some(not_null)` when the table has the organisation column.
    organisation: Option<bool>,
    /// The primary key's columns, or for a SQLite table keyed by its rowid,
    /// the columns of every unique key (the keys foreign keys can point at).
    keys: Vec<Vec<String>>,
    rowid_keyed: bool,
    foreign_keys: Vec<ForeignKey>,
}

async fn texts(conn: &mut AnyConnection, sql: &str, table: &str) -> Vec<Vec<String>> {
    let rows = sqlx::query(sql)
        .bind(table)
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_else(|error| panic!("reading the catalogue for {table}: {error}"));
    rows.iter()
        .map(|row| {
            (0..row.len())
                .map(|i| row.try_get::<String, _>(i).expect("a text cell"))
                .collect()
        })
        .collect()
}

async fn tables(conn: &mut AnyConnection, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> $1"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1"
        }
    };
    texts(conn, sql, "_sqlx_migrations")
        .await
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

fn foreign_keys(rows: Vec<Vec<String>>) -> Vec<ForeignKey> {
    let mut keys: Vec<(String, ForeignKey)> = Vec::new();
    for row in rows {
        let [id, parent, from, to] = <[String; 4]>::try_from(row).expect("four columns");
        match keys.iter_mut().find(|(key, _)| *key == id) {
            Some((_, key)) => key.pairs.push((from, to)),
            None => keys.push((
                id,
                ForeignKey {
                    parent,
                    pairs: vec![(from, to)],
                },
            )),
        }
    }
    keys.into_iter().map(|(_, key)| key).collect()
}

async fn sqlite_shape(conn: &mut AnyConnection, table: &str) -> TableShape {
    let columns = texts(
        conn,
        "SELECT name, CAST(\"notnull\" AS TEXT), CAST(pk AS TEXT), type FROM pragma_table_info($1) ORDER BY pk",
        table,
    )
    .await;
    let organisation = columns
        .iter()
        .find(|c| c[0] == DISTRIBUTION_COLUMN)
        .map(|c| c[1] == "1");
    let primary: Vec<String> = columns
        .iter()
        .filter(|c| c[2] != "0")
        .map(|c| c[0].clone())
        .collect();
    let rowid_keyed =
        primary == ["id"] && columns.iter().any(|c| c[0] == "id" && c[3] == "INTEGER");
    let mut keys = vec![primary];
    for index in texts(
        conn,
        "SELECT name FROM pragma_index_list($1) WHERE \"unique\" = 1",
        table,
    )
    .await
    {
        let columns = texts(
            conn,
            "SELECT COALESCE(name, '(expression)') FROM pragma_index_info($1) ORDER BY seqno",
            &index[0],
        )
        .await;
        keys.push(columns.into_iter().map(|c| c[0].clone()).collect());
    }
    let foreign = texts(
        conn,
        "SELECT CAST(id AS TEXT), \"table\", \"from\", COALESCE(\"to\", '') FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        table,
    )
    .await;
    TableShape {
        organisation,
        keys,
        rowid_keyed,
        foreign_keys: foreign_keys(foreign),
    }
}

async fn postgres_shape(conn: &mut AnyConnection, table: &str) -> TableShape {
    let organisation = texts(
        conn,
        "SELECT CAST(is_nullable AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'organisation_id'",
        table,
    )
    .await
    .first()
    .map(|c| c[0] == "NO");
    let primary = texts(
        conn,
        "SELECT CAST(a.attname AS TEXT) FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
         WHERE c.contype = 'p' AND t.relname = $1 AND t.relnamespace = current_schema()::regnamespace",
        table,
    )
    .await;
    let foreign = texts(
        conn,
        "SELECT CAST(c.conname AS TEXT), CAST(p.relname AS TEXT), CAST(fa.attname AS TEXT), CAST(pa.attname AS TEXT)
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class p ON p.oid = c.confrelid
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child, parent, n)
         JOIN pg_attribute fa ON fa.attrelid = c.conrelid AND fa.attnum = k.child
         JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent
         WHERE c.contype = 'f' AND t.relname = $1 AND t.relnamespace = current_schema()::regnamespace
         ORDER BY c.conname, k.n",
        table,
    )
    .await;
    TableShape {
        organisation,
        keys: vec![primary.into_iter().map(|c| c[0].clone()).collect()],
        rowid_keyed: false,
        foreign_keys: foreign_keys(foreign),
    }
}

/// What keeps `table` from being distributed by organisation, if anything.
fn problems(table: &str, shape: &TableShape, shapes: &[(String, TableShape)]) -> Vec<String> {
    let mut found = Vec::new();
    match shape.organisation {
        None => found.push(format!("{table} has no {DISTRIBUTION_COLUMN}")),
        Some(false) => found.push(format!("{table}.{DISTRIBUTION_COLUMN} may be null")),
        Some(true) => {}
    }
    let primary_has_it = shape.keys[0].iter().any(|c| c == DISTRIBUTION_COLUMN);
    if !shape.rowid_keyed && !primary_has_it {
        found.push(format!(
            "the primary key of {table} ({}) lacks {DISTRIBUTION_COLUMN}",
            shape.keys[0].join(", ")
        ));
    }
    for key in &shape.foreign_keys {
        if !is_distributed(&key.parent) {
            continue;
        }
        let columns: Vec<&str> = key.pairs.iter().map(|(from, _)| from.as_str()).collect();
        if !key.carries_organisation() {
            found.push(format!(
                "the foreign key of {table} ({}) to {} does not carry {DISTRIBUTION_COLUMN}",
                columns.join(", "),
                key.parent
            ));
            continue;
        }
        let mut target: Vec<&str> = key.pairs.iter().map(|(_, to)| to.as_str()).collect();
        target.sort_unstable();
        let parent_keys = shapes
            .iter()
            .find(|(name, _)| *name == key.parent)
            .map(|(_, parent)| &parent.keys);
        let points_at_a_key = parent_keys.is_some_and(|keys| {
            keys.iter().any(|k| {
                let mut k: Vec<&str> = k.iter().map(String::as_str).collect();
                k.sort_unstable();
                k == target
            })
        });
        // PostgreSQL checks this itself; SQLite only when the key is used.
        if !points_at_a_key && parent_keys.is_some_and(|keys| keys.len() > 1) {
            found.push(format!(
                "the foreign key of {table} ({}) points at columns of {} that are not one of its keys",
                columns.join(", "),
                key.parent
            ));
        }
    }
    found
}

async fn every_table_is_keyed_by_its_organisation(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    database.open().await.close().await;
    let mut conn = AnyConnection::connect(database.url())
        .await
        .expect("connect");
    let mut shapes = Vec::new();
    for table in tables(&mut conn, backend).await {
        let shape = match backend {
            Backend::Sqlite => sqlite_shape(&mut conn, &table).await,
            Backend::Postgres => postgres_shape(&mut conn, &table).await,
        };
        shapes.push((table, shape));
    }
    conn.close().await.expect("close");
    database.cleanup().await;

    let distributed: Vec<&(String, TableShape)> =
        shapes.iter().filter(|(t, _)| is_distributed(t)).collect();
    assert!(
        distributed.len() > 30 && distributed.iter().any(|(t, _)| t == "observations"),
        "the catalogue listed too few tables: {:?}",
        distributed.iter().map(|(t, _)| t).collect::<Vec<_>>()
    );
    for reference in REFERENCE_TABLES {
        assert!(
            shapes.iter().any(|(t, _)| t == reference),
            "reference table {reference} does not exist"
        );
    }
    let linking = distributed
        .iter()
        .flat_map(|(_, shape)| &shape.foreign_keys)
        .filter(|key| is_distributed(&key.parent))
        .count();
    assert!(
        linking > 30,
        "only {linking} foreign keys between organisation tables were read"
    );
    let found: Vec<String> = distributed
        .iter()
        .flat_map(|(table, shape)| problems(table, shape, &shapes))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

on_each_backend!(every_table_is_keyed_by_its_organisation);

/// Rows written in the shape the schema had before it was keyed by
/// organisation: two organisations with a plan each, and below them every
/// kind of row that then lacked the organisation.
const OLD_ROWS: &[&str] = &[
    "INSERT INTO organisations (id, name) VALUES (1, 'North'), (2, 'South')",
    "INSERT INTO users (id, username, password_hash, role, created_at, organisation_id)
     VALUES (1, 'ann', 'x', 'admin', '2026-01-01T00:00:00Z', 1)",
    "INSERT INTO plans (id, organisation_id, name, title, period)
     VALUES (10, 1, 'cypp', 'CYPP', '2009-12'), (20, 2, 'cypp', 'CYPP', '2009-12')",
    "INSERT INTO nodes (id, plan_id, code, parent_code, kind, title, position)
     VALUES (11, 10, 'A', NULL, 'outcome', 'A', 0), (12, 10, 'A.1', 'A', 'objective', 'A.1', 1),
            (21, 20, 'A', NULL, 'outcome', 'A', 0)",
    "INSERT INTO indicators (id, plan_id, key, title, position)
     VALUES (13, 10, 'K1', 'K1', 0), (23, 20, 'K1', 'K1', 0)",
    "INSERT INTO indicator_objectives (indicator_id, node_id, position) VALUES (13, 12, 0), (23, 21, 0)",
    "INSERT INTO observations (id, plan_id, indicator_id, period, period_kind, period_start, kind,
         text, parsed, position, updated_at, updated_by)
     VALUES (14, 10, 13, '2009', 'year', '2009-01-01', 'actual', '5', '{\"value\":{\"type\":\"text\"}}', 0, 't', 'import'),
            (24, 20, 23, '2009', 'year', '2009-01-01', 'actual', '6', '{\"value\":{\"type\":\"text\"}}', 0, 't', 'import')",
    "INSERT INTO observation_history (id, observation_id, text, parsed, recorded_at, recorded_by,
         replaced_at, replaced_by)
     VALUES (15, 14, '4', '{}', 't', 'import', 't', 'import')",
    "INSERT INTO milestones (id, plan_id, node_id, position, text) VALUES (16, 10, 12, 0, 'Open')",
    "INSERT INTO milestone_indicators (milestone_id, indicator_id, position) VALUES (16, 13, 0)",
    "INSERT INTO milestone_status (milestone_id, status, updated_at, updated_by)
     VALUES (16, 'on_track', 't', 1)",
    "INSERT INTO milestone_notes (id, milestone_id, text, author_id, written_at)
     VALUES (17, 16, 'Going well', 1, 't')",
    "INSERT INTO milestone_owners (milestone_id, user_id, assigned_at, assigned_by) VALUES (16, 1, 't', 1)",
    "INSERT INTO indicator_owners (indicator_id, user_id, assigned_at, assigned_by) VALUES (23, 1, 't', 1)",
    "INSERT INTO indicator_polarity_history (id, indicator_id, new_polarity, changed_at, changed_by)
     VALUES (25, 23, 'higher_is_better', 't', 'ann')",
    "INSERT INTO submissions (id, plan_id, indicator_id, period, status, text, parsed, commentary,
         commentary_internal, base_version, author_id, created_at, updated_at)
     VALUES (26, 20, 23, '2009', 'approved', '6', '{}', 'Up', 0, 1, 1, 't', 't')",
    "INSERT INTO commentary (id, indicator_id, period, text, internal, author_id, written_at, submission_id)
     VALUES (27, 23, '2009', 'Up', 0, 1, 't', 26)",
    "INSERT INTO statements (id, plan_id, indicator_id, period, kind, text, position)
     VALUES (28, 20, 23, '2009', 'rag', 'Green', 0)",
    "INSERT INTO register_children (id, organisation_id, reference, pseudonym, name, gender, flags, opened)
     VALUES (30, 2, 'C1', 'p30', 'Sam', 'unknown', '', '2010-01-01')",
    "INSERT INTO register_steps (id, organisation_id, child_id, seq, kind, date, payload, recorded_by, recorded_at)
     VALUES (31, 2, 30, 1, 'concern', '2010-01-01', '{}', 'ann', 't')",
];

/// Each table the rows above touch, and the organisation of each of its rows.
const ORGANISATIONS_BY_TABLE: &[(&str, &[i64])] = &[
    ("plans", &[1, 2]),
    ("nodes", &[1, 1, 2]),
    ("indicators", &[1, 2]),
    ("indicator_objectives", &[1, 2]),
    ("observations", &[1, 2]),
    ("observation_history", &[1]),
    ("milestones", &[1]),
    ("milestone_indicators", &[1]),
    ("milestone_status", &[1]),
    ("milestone_notes", &[1]),
    ("milestone_owners", &[1]),
    ("indicator_owners", &[2]),
    ("indicator_polarity_history", &[2]),
    ("submissions", &[2]),
    ("commentary", &[2]),
    ("statements", &[2]),
    ("register_children", &[2]),
    ("register_steps", &[2]),
    // Split from the child's name when the store opened.
    ("register_name_words", &[2]),
];

async fn a_filled_database_keeps_its_rows_when_keyed_by_organisation(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    database.migrate_before(ORGANISATION_KEYS).await;
    database.execute(OLD_ROWS).await;

    let store = database.open().await;
    let plan = store.load_plan(Some("South"), "cypp").await;
    store.close().await;
    let plan = plan.unwrap_or_else(|error| panic!("the upgraded plan does not load: {error}"));
    let texts: Vec<&str> = plan.observations.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(texts, ["6"]);
    assert_eq!(plan.statements.len(), 1);
    let mut conn = AnyConnection::connect(database.url())
        .await
        .expect("connect");
    for (table, expected) in ORGANISATIONS_BY_TABLE {
        let sql = format!("SELECT organisation_id FROM {table} ORDER BY organisation_id");
        let found: Vec<i64> = sqlx::query(&sql)
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|error| panic!("{table}: {error}"))
            .iter()
            .map(|row| row.try_get(0).expect("an organisation"))
            .collect();
        assert_eq!(&found, expected, "{table}");
    }
    // The name of a child from before the names' words was split when the
    // store opened.
    let words: Vec<(String, i64)> = sqlx::query("SELECT word, child_id FROM register_name_words")
        .fetch_all(&mut conn)
        .await
        .expect("the names' words")
        .iter()
        .map(|row| (row.get("word"), row.get("child_id")))
        .collect();
    assert_eq!(words, [("sam".to_owned(), 30)]);
    // A row naming another organisation's plan is refused by the keys alone.
    let crossing = conn
        .execute(
            "INSERT INTO indicators (plan_id, organisation_id, key, title, position)
             VALUES (10, 2, 'K2', 'K2', 1)",
        )
        .await;
    assert!(crossing.is_err(), "a row crossing organisations was stored");
    conn.close().await.expect("close");
    database.cleanup().await;
}

on_each_backend!(a_filled_database_keeps_its_rows_when_keyed_by_organisation);

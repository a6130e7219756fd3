//! Loading a register in chunks stores what importing it does, refuses what
//! importing refuses, and keeps the chunks committed before a refusal.

use chrono::{TimeZone, Utc};
use trustboard_core::register::ChildId;
use trustboard_store::register::{
    CheckedChildren, NewChild, RegisterAccess, RegisterAction, RegisterError, RegisterLoad,
};
use trustboard_store::testing::{register_rows, TestDatabase};
use trustboard_store::Store;

use crate::harness::on_both_backends;
use crate::register::{
    assert_second_caf_of_c2_refused, batch, close, concern, date, new_child, start_caf, TODAY,
};
use crate::sample::KINGSTON;

on_both_backends!(
    a_load_in_chunks_stores_exactly_what_an_import_stores,
    chunks_appended_into_one_are_stored_as_an_import_stores,
    a_child_already_on_the_register_refuses_its_chunk_and_earlier_chunks_stay,
);

fn access(detail: &str) -> RegisterAccess<'_> {
    RegisterAccess {
        actor: "coordinator",
        action: RegisterAction::Import,
        child: None,
        detail,
        at: Utc.with_ymd_and_hms(2013, 3, 31, 9, 0, 0).unwrap(),
    }
}

async fn begin(store: &Store) -> RegisterLoad {
    let staff = batch(Vec::new());
    store
        .begin_register_load(
            KINGSTON,
            &staff.agencies,
            &staff.practitioners,
            &access("loaded three children"),
        )
        .await
        .expect("the load begins")
}

fn checked(children: &[NewChild]) -> CheckedChildren {
    CheckedChildren::check(children, TODAY()).expect("the steps pass the rules")
}

fn three_children() -> Vec<NewChild> {
    vec![
        new_child(
            "C1",
            vec![
                concern(date(2011, 4, 4)),
                start_caf(date(2011, 4, 5)),
                close(date(2011, 6, 30)),
            ],
        ),
        new_child("C2", vec![concern(date(2011, 5, 2))]),
        new_child("C3", Vec::new()),
    ]
}

async fn a_load_in_chunks_stores_exactly_what_an_import_stores(store: Store) {
    let children = three_children();
    let mut load = begin(&store).await;
    load.add(checked(&children[..2])).await.expect("chunk 1");
    load.add(checked(&children[2..])).await.expect("chunk 2");
    assert_eq!(load.finish().await.expect("finished"), 3);
    assert_stored_as_imported(&store, children).await;
}

async fn chunks_appended_into_one_are_stored_as_an_import_stores(store: Store) {
    let children = three_children();
    let mut load = begin(&store).await;
    let mut both = checked(&children[..2]);
    both.append(checked(&children[2..]));
    assert_eq!(both.len(), 3);
    load.add(both).await.expect("one write");
    assert_eq!(load.finish().await.expect("finished"), 3);
    assert_stored_as_imported(&store, children).await;
}

/// The register `store` holds is row for row what importing `children`
/// (the three children) stores.
async fn assert_stored_as_imported(store: &Store, children: Vec<NewChild>) {
    let database = TestDatabase::new(store.backend()).await;
    let imported = database.open().await;
    imported
        .import_register(KINGSTON, &batch(children), "coordinator", TODAY())
        .await
        .expect("imported");
    imported
        .record_register_access(KINGSTON, &access("loaded three children"))
        .await
        .expect("audited");
    let expected = register_rows(&imported).await;
    imported.close().await;
    database.cleanup().await;

    let loaded = register_rows(store).await;
    // Agencies, practitioners, three children, four steps, two words of
    // each child's name, one audit row.
    assert_eq!(loaded.len(), 1 + 1 + 3 + 4 + 6 + 1, "{loaded:#?}");
    assert_eq!(loaded, expected);
    let c1 = store
        .register_record(KINGSTON, &ChildId::new("C1"))
        .await
        .expect("C1 is on the register");
    assert_eq!(c1.version, 3);
    assert!(!c1.record.is_open_on(date(2011, 7, 1)));
}

async fn a_child_already_on_the_register_refuses_its_chunk_and_earlier_chunks_stay(store: Store) {
    let children = three_children();
    let mut load = begin(&store).await;
    load.add(checked(&children[..1])).await.expect("chunk 1");
    let again = [children[1].clone(), children[0].clone()];
    match load.add(checked(&again)).await {
        Err(RegisterError::DuplicateChild { child, .. }) => assert_eq!(child, ChildId::new("C1")),
        other => panic!("expected C1 to be refused as a duplicate, got {other:?}"),
    }
    let twice = [children[2].clone(), children[2].clone()];
    match load.add(checked(&twice)).await {
        Err(RegisterError::DuplicateChild { child, .. }) => assert_eq!(child, ChildId::new("C3")),
        other => panic!("expected C3 to be refused as a duplicate, got {other:?}"),
    }
    load.finish().await.expect("finished");
    let records = store.register_records(KINGSTON).await.expect("records");
    let on_register: Vec<&str> = records.iter().map(|r| r.child.id.0.as_str()).collect();
    assert_eq!(on_register, ["C1"]);
    let audit = store
        .register_actor_audit(KINGSTON, "coordinator")
        .await
        .expect("the audit");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].detail, "loaded three children");
}

#[test]
fn a_step_the_rules_refuse_is_named_before_anything_is_written() {
    let good = new_child("C1", vec![concern(date(2011, 4, 4))]);
    let bad = new_child(
        "C2",
        vec![start_caf(date(2011, 4, 5)), start_caf(date(2011, 4, 6))],
    );
    assert_second_caf_of_c2_refused(CheckedChildren::check(&[good, bad], TODAY()));
}

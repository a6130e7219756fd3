//! Budget lines linked to a plan's outcomes and objectives: versioned,
//! refused past the whole of a line, audited, on both backends.

use chrono::Utc;
use tokio::task::JoinSet;
use trustboard_core::resources::{
    Figure, LineRef, LinkRefusal, ResourceRow, ResourceTable, RowKind, Share, TableKind,
};
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::{ImportOptions, Store, StoreError};

use crate::harness::on_both_backends;
use crate::sample::{kingston, KINGSTON, PLAN};

on_both_backends!(
    links_are_kept_with_their_share_and_removed_by_version,
    no_line_gives_more_than_the_whole_of_itself,
    concurrent_links_from_one_version_have_one_winner,
);

fn budget() -> ResourceTable {
    let mut cells = vec![None; 10];
    cells[0] = Some(Figure::read("1,000.0"));
    cells[9] = Some(Figure::read("1,200.0"));
    ResourceTable {
        kind: TableKind::Budget,
        title: "Children's services".to_string(),
        year: "2009-10".to_string(),
        previous_year: "2008-09".to_string(),
        rows: vec![ResourceRow {
            line: 10,
            kind: RowKind::Item,
            label: "Fostering".to_string(),
            owner: "LR".to_string(),
            figures: cells,
        }],
    }
}

async fn plan_with_budget(store: &Store) -> i64 {
    let options = ImportOptions {
        dry_run: false,
        source: "business plan".to_string(),
    };
    store
        .import_plan_with_resources(&kingston(), &[budget()], options)
        .await
        .expect("import");
    store.plan_id(Some(KINGSTON), PLAN).await.expect("plan")
}

fn audit(action: AuditAction) -> AuditEntry<'static> {
    AuditEntry {
        at: Utc::now(),
        actor: None,
        action,
        subject: Some("budget link"),
        detail: "",
        client_address: None,
    }
}

fn fostering() -> LineRef {
    LineRef {
        table: 0,
        row: 0,
        label: "Fostering".to_string(),
    }
}

fn share(text: &str) -> Share {
    Share::read(text).expect("share")
}

async fn link(
    store: &Store,
    plan: i64,
    version: i64,
    node: &str,
    part: &str,
) -> Result<(), StoreError> {
    store
        .link_budget_line(
            plan,
            version,
            &fostering(),
            node,
            share(part),
            &audit(AuditAction::BudgetLineLinked),
        )
        .await
}

async fn links_are_kept_with_their_share_and_removed_by_version(store: Store) {
    let plan = plan_with_budget(&store).await;
    let start = store.budget_links(plan).await.expect("links");
    assert!(start.links.is_empty());
    link(&store, plan, start.version, "1", "60")
        .await
        .expect("link");
    link(&store, plan, start.version + 1, "1.1", "12.5")
        .await
        .expect("link");
    let held = store.budget_links(plan).await.expect("links");
    assert_eq!(held.version, start.version + 2);
    let shares: Vec<(String, String)> = held
        .links
        .iter()
        .map(|l| (l.node.clone(), l.share.to_string()))
        .collect();
    assert_eq!(
        shares,
        [
            ("1".to_string(), "60%".to_string()),
            ("1.1".to_string(), "12.5%".to_string())
        ]
    );
    assert_eq!(held.links[0].line, fostering());

    // A page shown before the second link cannot remove the first.
    let stale = store
        .unlink_budget_line(
            plan,
            start.version + 1,
            held.links[0].id,
            &audit(AuditAction::BudgetLineUnlinked),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::BudgetLinksChangedMeanwhile)),
        "{stale:?}"
    );
    store
        .unlink_budget_line(
            plan,
            held.version,
            held.links[0].id,
            &audit(AuditAction::BudgetLineUnlinked),
        )
        .await
        .expect("unlink");
    let after = store.budget_links(plan).await.expect("links");
    assert_eq!(after.links.len(), 1);
    let missing = store
        .unlink_budget_line(
            plan,
            after.version,
            held.links[0].id,
            &audit(AuditAction::BudgetLineUnlinked),
        )
        .await;
    assert!(
        matches!(missing, Err(StoreError::NoSuchBudgetLink(_))),
        "{missing:?}"
    );

    let actions: Vec<String> = store
        .audit_log(0, None, 100)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "budget.line_linked")
            .count(),
        2
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "budget.line_unlinked")
            .count(),
        1
    );
}

async fn no_line_gives_more_than_the_whole_of_itself(store: Store) {
    let plan = plan_with_budget(&store).await;
    let version = store.budget_links(plan).await.expect("links").version;
    link(&store, plan, version, "1", "70").await.expect("link");
    let over = link(&store, plan, version + 1, "2", "30.5").await;
    match over {
        Err(StoreError::BudgetLink(LinkRefusal::OverWhole { total, .. })) => {
            assert_eq!(total, "100.5%")
        }
        other => panic!("{other:?}"),
    }
    let unknown = link(&store, plan, version + 1, "99", "10").await;
    assert!(
        matches!(unknown, Err(StoreError::NotInPlan { .. })),
        "{unknown:?}"
    );
    // Nothing refused was written, and the version did not move.
    let held = store.budget_links(plan).await.expect("links");
    assert_eq!((held.links.len(), held.version), (1, version + 1));
    link(&store, plan, version + 1, "2", "30")
        .await
        .expect("the rest of the line");
}

async fn concurrent_links_from_one_version_have_one_winner(store: Store) {
    let plan = plan_with_budget(&store).await;
    let version = store.budget_links(plan).await.expect("links").version;
    // Each rival would be within the line alone; together they would give 180%.
    let mut rivals = JoinSet::new();
    for node in ["1", "2", "1.1"] {
        let store = store.clone();
        rivals.spawn(async move { link(&store, plan, version, node, "60").await });
    }
    let outcomes = rivals.join_all().await;
    let won = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(won, 1, "{outcomes:?}");
    assert!(outcomes
        .iter()
        .filter_map(|o| o.as_ref().err())
        .all(|e| matches!(e, StoreError::BudgetLinksChangedMeanwhile)));
    let held = store.budget_links(plan).await.expect("links");
    assert_eq!((held.links.len(), held.version), (1, version + 1));
}

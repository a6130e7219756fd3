//! A plan's risk register on both backends: risks numbered within their
//! plan, every change kept field by field, and of two changes made from one
//! version exactly one written.

use chrono::Utc;
use tokio::task::JoinSet;
use trustboard_core::risks::{Risk, RiskInput, RiskStatus};
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::risks::{ChangedBy, RiskWrite};
use trustboard_store::{Store, Versioned};

use crate::harness::on_both_backends;
use crate::sign_off::{entry_audit, plan};

on_both_backends!(
    risks_are_numbered_within_their_plan_and_read_back_as_added,
    a_change_keeps_who_when_and_each_field_before_and_after,
    concurrent_changes_from_one_version_have_one_winner,
);

pub fn typed(description: &str) -> RiskInput {
    RiskInput {
        description: description.to_owned(),
        owner: "Head of Early Help".to_owned(),
        inherent_likelihood: "4".to_owned(),
        inherent_impact: "4".to_owned(),
        residual_likelihood: "3".to_owned(),
        residual_impact: "3".to_owned(),
        controls: "Weekly case audits".to_owned(),
        review_date: "2012-03-31".to_owned(),
        trend: "steady".to_owned(),
        status: "open".to_owned(),
    }
}

pub fn audit(action: AuditAction) -> AuditEntry<'static> {
    entry_audit(None, action)
}

pub fn by(name: &str) -> ChangedBy<'_> {
    ChangedBy {
        name,
        at: Utc::now(),
    }
}

/// `risk` as a risk of the plan as a whole.
fn whole_plan(risk: &Risk) -> RiskWrite<'_> {
    RiskWrite {
        risk,
        project: None,
    }
}

async fn add(store: &Store, plan: i64, description: &str) -> i64 {
    let risk = typed(description).check().expect("a valid risk");
    store
        .add_risk(
            plan,
            whole_plan(&risk),
            by("anna"),
            &audit(AuditAction::RiskAdded),
        )
        .await
        .expect("added")
}

async fn risks_are_numbered_within_their_plan_and_read_back_as_added(store: Store) {
    let plan = plan(&store).await;
    assert_eq!(
        add(&store, plan, "Rising demand at the front door").await,
        1
    );
    assert_eq!(add(&store, plan, "Loss of grant funding").await, 2);
    let held = store.risks(plan).await.expect("risks");
    assert_eq!(held.len(), 2);
    assert_eq!(held[1].number, 2);
    assert_eq!(
        held[1].risk,
        typed("Loss of grant funding")
            .check()
            .expect("as the test set it up")
    );
    assert_eq!(held[1].version, 1);
    let one = store.risk(plan, 1).await.expect("read").expect("risk 1");
    assert_eq!(one.risk.description, "Rising demand at the front door");
    assert_eq!(store.risk(plan, 3).await.expect("read"), None);
}

async fn a_change_keeps_who_when_and_each_field_before_and_after(store: Store) {
    let plan = plan(&store).await;
    add(&store, plan, "Rising demand at the front door").await;
    let mut changed = typed("Rising demand at the front door");
    changed.residual_likelihood = "2".to_owned();
    changed.status = "closed".to_owned();
    let risk = changed.check().expect("as the test set it up");
    let written = store
        .update_risk(
            plan,
            1,
            1,
            whole_plan(&risk),
            by("ben"),
            &audit(AuditAction::RiskChanged),
        )
        .await
        .expect("update");
    assert_eq!(written, Versioned::Written);
    let held = store
        .risk(plan, 1)
        .await
        .expect("as the test set it up")
        .expect("as the test set it up");
    assert_eq!((held.version, held.risk.status), (2, RiskStatus::Closed));
    let history = store.risk_history(held.id).await.expect("history");
    assert_eq!(history.len(), 12, "ten fields added, then two changed");
    assert!(history[..10]
        .iter()
        .all(|c| c.old.is_none() && c.by == "anna"));
    let changes: Vec<(&str, Option<&str>, &str, i64, &str)> = history[10..]
        .iter()
        .map(|c| {
            (
                c.field.as_str(),
                c.old.as_deref(),
                c.new.as_str(),
                c.version,
                c.by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("residual likelihood", Some("3"), "2", 2, "ben"),
            ("status", Some("open"), "closed", 2, "ben"),
        ]
    );
    assert_eq!(
        store
            .update_risk(
                plan,
                9,
                1,
                whole_plan(&risk),
                by("ben"),
                &audit(AuditAction::RiskChanged)
            )
            .await
            .expect("as the test set it up"),
        Versioned::Missing
    );
}

async fn concurrent_changes_from_one_version_have_one_winner(store: Store) {
    let plan = plan(&store).await;
    add(&store, plan, "Rising demand at the front door").await;
    let mut rivals = JoinSet::new();
    for rival in 0..8 {
        let store = store.clone();
        rivals.spawn(async move {
            let mut changed = typed("Rising demand at the front door");
            changed.owner = format!("Owner {rival}");
            let risk = changed.check().expect("as the test set it up");
            let name = format!("rival {rival}");
            store
                .update_risk(
                    plan,
                    1,
                    1,
                    whole_plan(&risk),
                    by(&name),
                    &audit(AuditAction::RiskChanged),
                )
                .await
                .expect("a lost race is a conflict, never an error")
        });
    }
    let outcomes = rivals.join_all().await;
    let winners = outcomes
        .iter()
        .filter(|o| **o == Versioned::Written)
        .count();
    let conflicts = outcomes
        .iter()
        .filter(|o| **o == Versioned::Conflict)
        .count();
    assert_eq!((winners, conflicts), (1, 7), "{outcomes:?}");
    let held = store
        .risk(plan, 1)
        .await
        .expect("as the test set it up")
        .expect("as the test set it up");
    assert_eq!(held.version, 2);
    let history = store
        .risk_history(held.id)
        .await
        .expect("as the test set it up");
    let owner_changes: Vec<_> = history.iter().filter(|c| c.version == 2).collect();
    assert_eq!(owner_changes.len(), 1, "only the winner's change is kept");
    assert_eq!(owner_changes[0].new, held.risk.owner);
}

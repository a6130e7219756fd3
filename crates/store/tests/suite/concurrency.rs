//! Concurrent writers of one figure, on both backends: of writers that start
//! from the same version exactly one wins, the others are told of a conflict,
//! and nothing is written twice.

use chrono::Utc;
use tokio::task::JoinSet;
use trustboard_core::access::Role;
use trustboard_core::model::ObservationKind;
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::parse;
use trustboard_store::accounts::User;
use trustboard_store::audit::AuditAction;
use trustboard_store::entry::{Decision, EditOutcome, EntryDraft, ObservationEdit, SaveOutcome};
use trustboard_store::{ImportOptions, Store, StoreError};

use crate::harness::on_both_backends;
use crate::sample::{KINGSTON, PLAN};
use crate::sign_off::{actor, entry_audit, plan, user};

on_both_backends!(
    concurrent_edits_from_one_version_have_one_winner,
    concurrent_approvals_of_one_entry_approve_it_once,
    concurrent_approvals_of_rival_entries_have_one_winner,
    a_partial_import_never_undoes_an_approval_made_while_it_was_read,
);

/// How many requests race for each version.
const RIVALS: usize = 12;

/// A slot the sample leaves empty, so the first write is an insert.
fn empty_slot() -> Slot {
    Slot {
        indicator: "NI 59".into(),
        period: "2011/12".parse().expect("period"),
        kind: ObservationKind::Actual,
        locality: None,
        group: None,
    }
}

async fn history_len(store: &Store, slot: &Slot) -> usize {
    store
        .observation_history(None, PLAN, slot)
        .await
        .expect("history")
        .len()
}

async fn concurrent_edits_from_one_version_have_one_winner(store: Store) {
    let plan = plan(&store).await;
    let slot = empty_slot();
    assert_eq!(
        store.slot_value(plan, &slot).await.expect("slot").version,
        0
    );
    for version in 0..3 {
        let mut rivals = JoinSet::new();
        for rival in 0..RIVALS {
            let (store, slot) = (store.clone(), slot.clone());
            rivals.spawn(async move {
                let text = format!("{}%", 50 + rival);
                let parsed = parse(&text);
                let edit = ObservationEdit {
                    slot: &slot,
                    text: &text,
                    parsed: &parsed,
                    expected_version: version,
                    source: "web edit",
                    at: Utc::now(),
                };
                let outcome = store
                    .set_observation(plan, &edit, &entry_audit(None, AuditAction::EntryApproved))
                    .await
                    .expect("a lost race is a conflict, never an error");
                (text, outcome)
            });
        }
        let outcomes = rivals.join_all().await;
        let winners: Vec<&String> = outcomes
            .iter()
            .filter(|(_, outcome)| {
                *outcome
                    == EditOutcome::Written {
                        version: version + 1,
                    }
            })
            .map(|(text, _)| text)
            .collect();
        assert_eq!(winners.len(), 1, "from version {version}: {outcomes:?}");
        for (_, outcome) in &outcomes {
            if let EditOutcome::Conflict(value) = outcome {
                assert_eq!(
                    value.version,
                    version + 1,
                    "losers see the winner's version"
                );
            }
        }
        let now = store.slot_value(plan, &slot).await.expect("slot");
        assert_eq!(now.version, version + 1);
        assert_eq!(now.current.map(|c| c.text).as_ref(), Some(winners[0]));
    }
    assert_eq!(
        history_len(&store, &slot).await,
        2,
        "one replaced text per version"
    );
}

async fn submit(
    store: &Store,
    plan: i64,
    author: &User,
    slot: &Slot,
    text: &str,
    base: i64,
) -> i64 {
    let parsed = parse(text);
    let draft = EntryDraft {
        slot,
        text,
        parsed: &parsed,
        commentary: "",
        commentary_internal: false,
        base_version: base,
        submit: true,
        author: actor(author),
        at: Utc::now(),
    };
    match store
        .save_entry(
            plan,
            &draft,
            &entry_audit(None, AuditAction::EntrySubmitted),
        )
        .await
        .expect("save")
    {
        SaveOutcome::Saved(entry) => entry.id,
        SaveOutcome::Conflict(value) => panic!("submitted against version {base}: {value:?}"),
    }
}

/// Every approver tries to approve every one of `entries` at once; returns
/// each attempt's entry and decision.
async fn approve_all_at_once(
    store: &Store,
    approvers: &[User],
    entries: &[i64],
) -> Vec<(i64, Decision)> {
    let mut attempts = JoinSet::new();
    for approver in approvers {
        for entry in entries {
            let (store, approver, entry) = (store.clone(), approver.clone(), *entry);
            attempts.spawn(async move {
                let decision = store
                    .approve_submission(
                        entry,
                        actor(&approver),
                        Utc::now(),
                        &entry_audit(None, AuditAction::EntryApproved),
                    )
                    .await
                    .expect("a lost race is a conflict, never an error");
                (entry, decision)
            });
        }
    }
    attempts.join_all().await
}

async fn approvers(store: &Store, count: usize) -> Vec<User> {
    let mut approvers = Vec::new();
    for n in 0..count {
        approvers.push(user(store, &format!("perf{n}"), Role::PerformanceOfficer).await);
    }
    approvers
}

async fn concurrent_approvals_of_one_entry_approve_it_once(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let approvers = approvers(&store, RIVALS).await;
    let slot = empty_slot();
    let entry = submit(&store, plan, &lead, &slot, "61%", 0).await;
    let revision = store.plan_revision(plan).await.expect("revision");

    let decisions = approve_all_at_once(&store, &approvers, &[entry]).await;
    let done = decisions
        .iter()
        .filter(|(_, d)| *d == Decision::Done)
        .count();
    assert_eq!(done, 1, "{decisions:?}");
    assert!(
        decisions
            .iter()
            .all(|(_, d)| matches!(d, Decision::Done | Decision::NotPending)),
        "the others find it already decided: {decisions:?}"
    );
    let value = store.slot_value(plan, &slot).await.expect("slot");
    assert_eq!(value.version, 1, "written once");
    assert_eq!(history_len(&store, &slot).await, 0);
    assert_eq!(
        store.plan_revision(plan).await.expect("revision"),
        revision.map(|r| r + 1),
        "one approval, one revision"
    );
}

async fn concurrent_approvals_of_rival_entries_have_one_winner(store: Store) {
    let plan = plan(&store).await;
    let approvers = approvers(&store, 3).await;
    let slot = empty_slot();
    for version in 0..2 {
        let mut entries = Vec::new();
        for n in 0..RIVALS / 2 {
            let author = user(&store, &format!("lead{version}-{n}"), Role::LeadOfficer).await;
            let text = format!("{}/{}", n + 1, RIVALS);
            entries.push(submit(&store, plan, &author, &slot, &text, version).await);
        }
        let decisions = approve_all_at_once(&store, &approvers, &entries).await;
        let winners: Vec<i64> = decisions
            .iter()
            .filter(|(_, d)| *d == Decision::Done)
            .map(|(entry, _)| *entry)
            .collect();
        assert_eq!(winners.len(), 1, "from version {version}: {decisions:?}");
        for (entry, decision) in &decisions {
            match decision {
                Decision::Done => {}
                Decision::Conflict(value) => assert_eq!(value.version, version + 1),
                Decision::NotPending => {
                    assert_eq!(*entry, winners[0], "only the winner is decided")
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let value = store.slot_value(plan, &slot).await.expect("slot");
        assert_eq!(value.version, version + 1);
        let winner = store
            .submission(winners[0])
            .await
            .expect("read")
            .expect("entry");
        assert_eq!(value.current.map(|c| c.text), Some(winner.text));
        for entry in entries.iter().filter(|e| **e != winners[0]) {
            let loser = store
                .submission(*entry)
                .await
                .expect("read")
                .expect("entry");
            assert_eq!(
                loser.status,
                trustboard_core::workflow::SubmissionStatus::Submitted,
                "a loser stays in the queue, unchanged"
            );
        }
    }
}

async fn a_partial_import_never_undoes_an_approval_made_while_it_was_read(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let perf = user(&store, "perf", Role::PerformanceOfficer).await;
    let slot = empty_slot();
    let (document, revision) = store
        .load_plan_at_revision(Some(KINGSTON), PLAN)
        .await
        .expect("load");

    let entry = submit(&store, plan, &lead, &slot, "64%", 0).await;
    let decision = store
        .approve_submission(
            entry,
            actor(&perf),
            Utc::now(),
            &entry_audit(None, AuditAction::EntryApproved),
        )
        .await
        .expect("approve");
    assert_eq!(decision, Decision::Done);

    let options = ImportOptions {
        dry_run: false,
        source: "observations.csv".into(),
    };
    let refused = store
        .import_plan_based_on(&document, options.clone(), revision)
        .await;
    assert!(
        matches!(refused, Err(StoreError::PlanChangedMeanwhile { .. })),
        "{refused:?}"
    );
    let value = store.slot_value(plan, &slot).await.expect("slot");
    assert_eq!(
        value.current.map(|c| c.text).as_deref(),
        Some("64%"),
        "the approval stands"
    );

    let (document, revision) = store
        .load_plan_at_revision(Some(KINGSTON), PLAN)
        .await
        .expect("load");
    store
        .import_plan_based_on(&document, options, revision)
        .await
        .expect("read again, the same files import");
}

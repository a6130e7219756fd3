//! Figures entered through the web and their sign-off, owners, commentary,
//! and milestone status and notes, on both backends.

use chrono::Utc;
use trustboard_core::access::Role;
use trustboard_core::model::{MilestoneStatus, ObservationKind};
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::parse;
use trustboard_core::workflow::SubmissionStatus;
use trustboard_store::accounts::{InsertUser, NewUser, User};
use trustboard_store::actions::MilestoneUpdate;
use trustboard_store::audit::{Actor, AuditAction, AuditEntry};
use trustboard_store::entry::{Decision, EditOutcome, EntryDraft, ObservationEdit, SaveOutcome};
use trustboard_store::owners::{Owned, OwnerChange};
use trustboard_store::{ImportOptions, Store, Versioned};

use crate::harness::on_both_backends;
use crate::sample::{kingston, PLAN};

on_both_backends!(
    an_approved_entry_becomes_the_value_and_the_old_text_is_history,
    stale_edits_and_entries_are_conflicts_that_write_nothing,
    returned_entries_leave_the_plan_alone,
    owners_are_assigned_listed_and_removed,
    milestone_status_survives_reimport_and_notes_are_dated,
);

pub async fn user(store: &Store, username: &str, role: Role) -> User {
    let audit = entry_audit(None, AuditAction::UserCreated);
    let new = NewUser {
        username,
        password_hash: "not a real hash",
        role,
        now: Utc::now(),
        organisation: "Royal Borough of Kingston upon Thames",
        practitioner: None,
    };
    match store.insert_user(&new, &audit).await.expect("insert user") {
        InsertUser::Created(user) => user,
        refused => panic!("{username} not added: {refused:?}"),
    }
}

pub fn actor(user: &User) -> Actor<'_> {
    Actor {
        user_id: user.id,
        username: &user.username,
    }
}

pub fn entry_audit(actor: Option<Actor<'_>>, action: AuditAction) -> AuditEntry<'_> {
    AuditEntry {
        at: Utc::now(),
        actor,
        action,
        subject: None,
        detail: "",
        client_address: None,
    }
}

/// The Kingston sample imported, with its plan id.
pub async fn plan(store: &Store) -> i64 {
    let options = ImportOptions {
        dry_run: false,
        source: "sample".into(),
    };
    store
        .import_plan(&kingston(), options)
        .await
        .expect("import");
    store.plan_handles().await.expect("plans")[0].id
}

fn ni59(period: &str) -> Slot {
    Slot {
        indicator: "NI 59".into(),
        period: period.parse().expect("period"),
        kind: ObservationKind::Actual,
        locality: None,
        group: None,
    }
}

async fn submit(
    store: &Store,
    plan: i64,
    author: &User,
    slot: &Slot,
    text: &str,
    base_version: i64,
) -> SaveOutcome {
    let parsed = parse(text);
    let draft = EntryDraft {
        slot,
        text,
        parsed: &parsed,
        commentary: "Backlog cleared in March",
        commentary_internal: true,
        base_version,
        submit: true,
        author: actor(author),
        at: Utc::now(),
    };
    let audit = entry_audit(Some(actor(author)), AuditAction::EntrySubmitted);
    store.save_entry(plan, &draft, &audit).await.expect("save")
}

async fn current_text(store: &Store, plan: i64, slot: &Slot) -> Option<String> {
    let value = store.slot_value(plan, slot).await.expect("slot");
    value.current.map(|c| c.text)
}

async fn an_approved_entry_becomes_the_value_and_the_old_text_is_history(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let perf = user(&store, "perf", Role::PerformanceOfficer).await;
    let slot = ni59("2009/10");
    let before = store.slot_value(plan, &slot).await.expect("slot");
    assert_eq!(before.version, 1, "imported once, never changed");
    let revision = store.plan_revision(plan).await.expect("revision");

    let SaveOutcome::Saved(entry) = submit(&store, plan, &lead, &slot, "5/6", 1).await else {
        panic!("the entry was saved against the version it saw");
    };
    assert_eq!(entry.status, SubmissionStatus::Submitted);
    assert_eq!(
        current_text(&store, plan, &slot).await.as_deref(),
        Some("83.3% (5/6)")
    );

    let audit = entry_audit(Some(actor(&perf)), AuditAction::EntryApproved);
    let decision = store
        .approve_submission(entry.id, actor(&perf), Utc::now(), &audit)
        .await
        .expect("approve");
    assert_eq!(decision, Decision::Done);

    let after = store.slot_value(plan, &slot).await.expect("slot");
    assert_eq!(after.version, 2);
    assert_eq!(after.current.map(|c| c.text).as_deref(), Some("5/6"));
    let history = store
        .observation_history(None, PLAN, &slot)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text, "83.3% (5/6)");
    assert_eq!(
        history[0].replaced_by,
        "web entry by lead, approved by perf"
    );
    let doc = store.load_plan(None, PLAN).await.expect("load");
    let stored = doc
        .observations
        .iter()
        .find(|o| o.indicator == "NI 59" && o.period == slot.period && o.kind == slot.kind)
        .expect("the value");
    assert_eq!(
        (stored.text.as_str(), &stored.parsed),
        ("5/6", &parse("5/6"))
    );

    let decided = store
        .submission(entry.id)
        .await
        .expect("entry")
        .expect("kept");
    assert_eq!(decided.status, SubmissionStatus::Approved);
    assert_eq!(decided.decided_by.as_deref(), Some("perf"));
    assert!(decided.decided_at.is_some() && decided.submitted_at.is_some());
    let again = store
        .approve_submission(entry.id, actor(&perf), Utc::now(), &audit)
        .await
        .expect("approve twice");
    assert_eq!(again, Decision::NotPending);

    let comments = store.commentary(plan, "NI 59").await.expect("commentary");
    assert_eq!(comments.len(), 1);
    assert_eq!(
        (
            comments[0].text.as_str(),
            comments[0].internal,
            comments[0].author.as_str()
        ),
        ("Backlog cleared in March", true, "lead")
    );
    assert!(store.plan_revision(plan).await.expect("revision") > revision);
    let log = store
        .audit_log(perf.organisation.id, None, 20)
        .await
        .expect("audit");
    assert!(log.iter().any(|r| r.action == "entry.approved"));
}

async fn stale_edits_and_entries_are_conflicts_that_write_nothing(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let perf = user(&store, "perf", Role::PerformanceOfficer).await;
    let slot = ni59("2012/13");
    assert_eq!(
        store.slot_value(plan, &slot).await.expect("slot").version,
        0
    );

    let parsed = parse("78%");
    let edit = |expected_version| ObservationEdit {
        slot: &slot,
        text: "78%",
        parsed: &parsed,
        expected_version,
        source: "web edit by perf",
        at: Utc::now(),
    };
    let audit = entry_audit(Some(actor(&perf)), AuditAction::EntryApproved);
    let written = store
        .set_observation(plan, &edit(0), &audit)
        .await
        .expect("edit");
    assert_eq!(written, EditOutcome::Written { version: 1 });
    let refused = store
        .set_observation(plan, &edit(0), &audit)
        .await
        .expect("edit");
    let EditOutcome::Conflict(value) = refused else {
        panic!("a second write from version 0 must be refused, got {refused:?}");
    };
    assert_eq!(value.version, 1);
    assert_eq!(value.current.map(|c| c.text).as_deref(), Some("78%"));

    assert!(matches!(
        submit(&store, plan, &lead, &slot, "81%", 0).await,
        SaveOutcome::Conflict(_)
    ));
    let SaveOutcome::Saved(entry) = submit(&store, plan, &lead, &slot, "81%", 1).await else {
        panic!("saved against the current version");
    };
    let parsed = parse("79%");
    let meanwhile = ObservationEdit {
        text: "79%",
        parsed: &parsed,
        expected_version: 1,
        ..edit(1)
    };
    store
        .set_observation(plan, &meanwhile, &audit)
        .await
        .expect("edit");
    let decision = store
        .approve_submission(entry.id, actor(&perf), Utc::now(), &audit)
        .await
        .expect("approve");
    let Decision::Conflict(value) = decision else {
        panic!("approving over a newer figure must be refused, got {decision:?}");
    };
    assert_eq!(value.current.map(|c| c.text).as_deref(), Some("79%"));
    assert_eq!(
        current_text(&store, plan, &slot).await.as_deref(),
        Some("79%")
    );
    let pending = store
        .submission(entry.id)
        .await
        .expect("entry")
        .expect("kept");
    assert_eq!(
        pending.status,
        SubmissionStatus::Submitted,
        "still awaiting a decision"
    );
    let history = store
        .observation_history(None, PLAN, &slot)
        .await
        .expect("history");
    let texts: Vec<&str> = history.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, ["78%"]);
}

async fn returned_entries_leave_the_plan_alone(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let perf = user(&store, "perf", Role::PerformanceOfficer).await;
    let slot = ni59("2009/10");
    let SaveOutcome::Saved(entry) = submit(&store, plan, &lead, &slot, "50%", 1).await else {
        panic!("saved");
    };
    let queue = store
        .submissions(plan, SubmissionStatus::Submitted)
        .await
        .expect("queue");
    assert_eq!(queue.iter().map(|e| e.id).collect::<Vec<_>>(), [entry.id]);
    let audit = entry_audit(Some(actor(&perf)), AuditAction::EntryReturned);
    let decision = store
        .return_submission(
            entry.id,
            actor(&perf),
            "Check the denominator",
            Utc::now(),
            &audit,
        )
        .await
        .expect("return");
    assert_eq!(decision, Decision::Done);
    assert_eq!(
        current_text(&store, plan, &slot).await.as_deref(),
        Some("83.3% (5/6)")
    );
    let open = store
        .open_submission(plan, &slot, lead.id)
        .await
        .expect("open")
        .expect("the returned entry");
    assert_eq!(open.status, SubmissionStatus::Returned);
    assert_eq!(open.return_reason.as_deref(), Some("Check the denominator"));
    assert!(store
        .submissions(plan, SubmissionStatus::Submitted)
        .await
        .expect("queue")
        .is_empty());
    // Resubmitting reuses the returned entry rather than starting another.
    let SaveOutcome::Saved(again) = submit(&store, plan, &lead, &slot, "5/6", 1).await else {
        panic!("saved");
    };
    assert_eq!(again.id, entry.id);
    assert_eq!(again.status, SubmissionStatus::Submitted);
    assert_eq!(again.return_reason, None);
}

async fn ni59_owner_version(store: &Store, plan: i64) -> i64 {
    store
        .indicator_ownership(plan, "NI 59")
        .await
        .expect("read")
        .expect("NI 59")
        .version
}

async fn owners_are_assigned_listed_and_removed(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let perf = user(&store, "perf", Role::PerformanceOfficer).await;
    let audit = entry_audit(Some(actor(&perf)), AuditAction::OwnerAssigned);
    let change = |subject, user_id, based_on| OwnerChange {
        subject,
        user_id,
        based_on,
        by: actor(&perf),
        at: Utc::now(),
    };
    let ni59 = Owned::Indicator {
        plan_id: plan,
        key: "NI 59",
    };
    let first = ni59_owner_version(&store, plan).await;
    assert_eq!(
        store
            .set_owner(&change(ni59, Some(lead.id), first), &audit)
            .await
            .expect("own"),
        Versioned::Written
    );
    assert_eq!(ni59_owner_version(&store, plan).await, first + 1);
    // A change made from the version before loses and changes nothing.
    assert_eq!(
        store
            .set_owner(&change(ni59, None, first), &audit)
            .await
            .expect("own"),
        Versioned::Conflict
    );
    let missing = Owned::Indicator {
        plan_id: plan,
        key: "NI 999",
    };
    assert_eq!(
        store
            .set_owner(&change(missing, Some(lead.id), 1), &audit)
            .await
            .expect("own"),
        Versioned::Missing
    );
    let owner = store.indicator_owner(plan, "NI 59").await.expect("owner");
    assert_eq!(owner.map(|o| o.username).as_deref(), Some("lead"));
    let owned = store.owned_indicators(lead.id).await.expect("owned");
    assert_eq!(
        owned.iter().map(|o| o.key.as_str()).collect::<Vec<_>>(),
        ["NI 59"]
    );
    assert_eq!(
        store
            .set_owner(&change(ni59, None, first + 1), &audit)
            .await
            .expect("clear"),
        Versioned::Written
    );
    assert!(store
        .owned_indicators(lead.id)
        .await
        .expect("owned")
        .is_empty());
    let listed = &store.milestones(plan, None).await.expect("milestones")[0];
    let milestone = listed.id;
    let subject = Owned::Milestone { id: milestone };
    assert_eq!(
        store
            .set_owner(
                &change(subject, Some(lead.id), listed.owner_version),
                &audit
            )
            .await
            .expect("own"),
        Versioned::Written
    );
    let record = store
        .milestone(plan, milestone)
        .await
        .expect("read")
        .expect("there");
    assert_eq!(record.owner_version, listed.owner_version + 1);
    assert_eq!(record.owner.map(|o| o.username).as_deref(), Some("lead"));
    let owned = store.owned_milestones(lead.id).await.expect("owned");
    assert_eq!(owned.iter().map(|m| m.id).collect::<Vec<_>>(), [milestone]);
}

async fn milestone_status_survives_reimport_and_notes_are_dated(store: Store) {
    let plan = plan(&store).await;
    let lead = user(&store, "lead", Role::LeadOfficer).await;
    let milestones = store.milestones(plan, None).await.expect("milestones");
    let first = &milestones[0];
    assert_eq!(first.status, None);
    let audit = entry_audit(Some(actor(&lead)), AuditAction::MilestoneStatusChanged);
    let status = |status, based_on| MilestoneUpdate::Status { status, based_on };
    let from = first.status_version;
    for (update, outcome) in [
        (status(MilestoneStatus::AtRisk, from), Versioned::Written),
        (MilestoneUpdate::Note("Venue booked"), Versioned::Written),
        (status(MilestoneStatus::OnTrack, from), Versioned::Conflict),
        (
            status(MilestoneStatus::Complete, from + 1),
            Versioned::Written,
        ),
        (MilestoneUpdate::Note("Delivered"), Versioned::Written),
    ] {
        let written = store
            .update_milestone(first.id, update, actor(&lead), Utc::now(), &audit)
            .await
            .expect("update");
        assert_eq!(written, outcome, "{update:?}");
    }
    assert_complete(&store, plan, first.id).await;
    let notes = store.milestone_notes(first.id).await.expect("notes");
    let texts: Vec<&str> = notes.iter().map(|n| n.text.as_str()).collect();
    assert_eq!(texts, ["Delivered", "Venue booked"], "newest first");
    assert!(notes.iter().all(|n| n.author == "lead"));

    let doc = store.load_plan(None, PLAN).await.expect("load");
    let loaded = doc
        .milestones
        .iter()
        .find(|m| m.text == first.text && m.node == first.node)
        .expect("the milestone");
    assert_eq!(loaded.status, Some(MilestoneStatus::Complete));
    // Importing the plan again, with or without the recorded status, changes no milestone.
    for again in [kingston(), doc.clone()] {
        let options = ImportOptions {
            dry_run: false,
            source: "again".into(),
        };
        let report = store.import_plan(&again, options).await.expect("reimport");
        assert_eq!(report.milestones.changes(), 0, "{:?}", report.milestones);
    }
    assert_complete(&store, plan, first.id).await;
}

async fn assert_complete(store: &Store, plan: i64, milestone: i64) {
    let record = store.milestone(plan, milestone).await.expect("read");
    let record = record.expect("there");
    assert_eq!(record.status, Some(MilestoneStatus::Complete));
}

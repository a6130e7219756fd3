//! The early-help register's storage on both backends: steps replayed through
//! the core, concurrent writers, the append-only audit, erasure and derived
//! plan values.

use chrono::{Months, NaiveDate, Utc};
use sqlx::{AnyConnection, Connection, Executor};
use trustboard_core::model::ValueSource;
use trustboard_core::register::{
    Agency, AgencyId, CafStart, Child, ChildFlags, ChildId, ChildSearch, Closure, ClosureOutcome,
    Concern, Gender, Practitioner, PractitionerId, Step, StepError,
};
use trustboard_store::register::{
    Erasure, MeasureMapping, NewChild, NewStep, RegisterAccess, RegisterAction, RegisterBatch,
    RegisterError, DERIVED_SOURCE,
};
use trustboard_store::testing::{register_rows, TestDatabase};
use trustboard_store::{Backend, ImportOptions, Store};

use crate::harness::{on_both_backends, on_each_backend};
use crate::sample::{kingston, KINGSTON};

on_both_backends!(
    records_are_rebuilt_from_their_steps,
    concurrent_writers_one_wins_the_other_gets_a_conflict,
    a_batch_of_steps_with_a_stale_version_writes_nothing,
    a_refused_step_in_an_import_writes_nothing,
    access_is_audited_and_erasure_keeps_the_audit_without_the_child,
    accesses_at_the_same_moment_are_each_committed_before_their_caller_goes_on,
    derived_values_are_plan_values_marked_as_from_the_register,
);

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

pub(crate) fn teacher() -> Practitioner {
    Practitioner {
        id: PractitionerId::new("t1"),
        name: "Ms Brown".into(),
        agency: AgencyId::new("school"),
    }
}

pub(crate) fn child(id: &str) -> Child {
    Child {
        id: ChildId::new(id),
        organisation: KINGSTON.into(),
        name: format!("Child {id}"),
        date_of_birth: Some(date(2004, 2, 29)),
        gender: Gender::Female,
        ethnicity: None,
        setting: Some("Burlington Juniors".into()),
        locality: Some("North Kingston".into()),
        family: Some("F1".into()),
        flags: ChildFlags::default(),
    }
}

pub(crate) fn concern(on: NaiveDate) -> Step {
    Step::RecordConcern(Concern {
        date: on,
        raised_by: "Ms Brown".into(),
        agency: AgencyId::new("school"),
        description: "Often late and hungry".into(),
        suggested_level: None,
    })
}

pub(crate) fn start_caf(on: NaiveDate) -> Step {
    Step::StartCaf(CafStart {
        need_identified: on,
        date: on,
        assessor: teacher(),
        family_agreed: true,
    })
}

pub(crate) fn close(on: NaiveDate) -> Step {
    Step::Close(Closure {
        date: on,
        outcome: ClosureOutcome::NeedsMet,
        closed_by: teacher(),
        note: "Plan complete".into(),
    })
}

pub(crate) fn batch(children: Vec<NewChild>) -> RegisterBatch {
    RegisterBatch {
        agencies: vec![Agency {
            id: AgencyId::new("school"),
            name: "Burlington Juniors".into(),
            organisation: KINGSTON.into(),
        }],
        practitioners: vec![teacher()],
        children,
    }
}

pub(crate) fn new_child(id: &str, steps: Vec<Step>) -> NewChild {
    NewChild {
        child: child(id),
        opened: date(2011, 4, 1),
        steps,
    }
}

pub(crate) const TODAY: fn() -> NaiveDate = || date(2013, 3, 31);

async fn import(store: &Store, children: Vec<NewChild>) {
    store
        .import_register(KINGSTON, &batch(children), "coordinator", TODAY())
        .await
        .expect("register import");
}

async fn records_are_rebuilt_from_their_steps(store: Store) {
    let steps = vec![concern(date(2011, 4, 4)), start_caf(date(2011, 4, 5))];
    import(&store, vec![new_child("C1", steps)]).await;
    let stored = store
        .register_record(KINGSTON, &ChildId::new("C1"))
        .await
        .expect("record");
    assert_eq!(stored.version, 2);
    assert_eq!(stored.record.child, child("C1"));
    assert_eq!(stored.record.concerns.len(), 1);
    assert!(stored.record.open_caf().is_some());
    let refused = store
        .record_register_step(
            KINGSTON,
            &ChildId::new("C1"),
            &start_caf(date(2011, 4, 6)),
            2,
            "coordinator",
            TODAY(),
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(RegisterError::Refused {
                error: StepError::CafAlreadyOpen { .. },
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        store
            .register_records(KINGSTON)
            .await
            .expect("records")
            .len(),
        1
    );
}

async fn concurrent_writers_one_wins_the_other_gets_a_conflict(store: Store) {
    import(
        &store,
        vec![new_child("C1", vec![concern(date(2011, 4, 4))])],
    )
    .await;
    let id = ChildId::new("C1");
    let version = store
        .register_record(KINGSTON, &id)
        .await
        .expect("record")
        .version;
    let writer = |on: NaiveDate| {
        let store = store.clone();
        let id = id.clone();
        tokio::spawn(async move {
            store
                .record_register_step(KINGSTON, &id, &concern(on), version, "someone", TODAY())
                .await
        })
    };
    let (first, second) = tokio::join!(writer(date(2011, 5, 1)), writer(date(2011, 5, 2)));
    let outcomes = [first.expect("task"), second.expect("task")];
    let won = outcomes.iter().filter(|o| o.is_ok()).count();
    let conflicts = outcomes
        .iter()
        .filter(|o| matches!(o, Err(RegisterError::Conflict { .. })))
        .count();
    assert_eq!((won, conflicts), (1, 1), "{outcomes:?}");
    let stored = store.register_record(KINGSTON, &id).await.expect("record");
    assert_eq!(stored.version, version + 1);
    assert_eq!(stored.record.concerns.len(), 2);
}

async fn a_batch_of_steps_with_a_stale_version_writes_nothing(store: Store) {
    import(
        &store,
        vec![
            new_child("C1", vec![concern(date(2011, 4, 4))]),
            new_child("C2", vec![concern(date(2011, 4, 4))]),
        ],
    )
    .await;
    let (c1, c2) = (ChildId::new("C1"), ChildId::new("C2"));
    let step = |child: &ChildId, expected_version: i64| NewStep {
        child: child.clone(),
        step: concern(date(2011, 5, 1)),
        expected_version,
    };
    let refused = [
        // C2 was read before its first step.
        (vec![step(&c1, 1), step(&c2, 0)], &c2, 0, 1),
        // C1's second step is made against the version before its first.
        (vec![step(&c1, 1), step(&c2, 1), step(&c1, 1)], &c1, 1, 2),
    ];
    for (steps, child, expected, found) in refused {
        let outcome = store
            .record_register_steps(KINGSTON, &steps, "someone", TODAY())
            .await;
        match outcome {
            Err(RegisterError::Conflict {
                child: refused,
                expected: e,
                found: f,
            }) => assert_eq!((&refused, e, f), (child, expected, found)),
            other => panic!("expected a conflict for {child:?}, got {other:?}"),
        }
    }
    let unknown = store
        .record_register_steps(
            KINGSTON,
            &[step(&c1, 1), step(&ChildId::new("C9"), 0)],
            "someone",
            TODAY(),
        )
        .await;
    assert!(
        matches!(unknown, Err(RegisterError::UnknownChild { .. })),
        "{unknown:?}"
    );
    for child in [&c1, &c2] {
        let stored = store
            .register_record(KINGSTON, child)
            .await
            .expect("record");
        assert_eq!((stored.version, stored.record.concerns.len()), (1, 1));
    }
    let versions = store
        .record_register_steps(
            KINGSTON,
            &[step(&c1, 1), step(&c2, 1), step(&c1, 2)],
            "someone",
            TODAY(),
        )
        .await
        .expect("a batch made against the versions stored");
    assert_eq!(versions, [2, 2, 3]);
    let stored = store.register_record(KINGSTON, &c1).await.expect("record");
    assert_eq!((stored.version, stored.record.concerns.len()), (3, 3));
}

async fn a_refused_step_in_an_import_writes_nothing(store: Store) {
    let good = new_child("C1", vec![concern(date(2011, 4, 4))]);
    let bad = new_child(
        "C2",
        vec![start_caf(date(2011, 4, 5)), start_caf(date(2011, 4, 6))],
    );
    let outcome = store
        .import_register(KINGSTON, &batch(vec![good, bad]), "coordinator", TODAY())
        .await;
    assert_second_caf_of_c2_refused(outcome);
    assert!(store
        .register_records(KINGSTON)
        .await
        .expect("records")
        .is_empty());
}

async fn access_is_audited_and_erasure_keeps_the_audit_without_the_child(store: Store) {
    let closed = vec![concern(date(2011, 4, 4)), close(date(2011, 6, 30))];
    import(
        &store,
        vec![
            new_child("C1", closed),
            new_child("C2", vec![concern(date(2011, 4, 4))]),
        ],
    )
    .await;
    let c1 = ChildId::new("C1");
    let view = |child| RegisterAccess {
        actor: "auditor",
        action: RegisterAction::View,
        child,
        detail: "looked at the record",
        at: Utc::now(),
    };
    store
        .record_register_access(KINGSTON, &view(Some(&c1)))
        .await
        .expect("audit");
    store
        .record_register_access(KINGSTON, &view(None))
        .await
        .expect("audit");
    let seen = store
        .register_child_audit(KINGSTON, &c1)
        .await
        .expect("who saw");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].actor, "auditor");
    let pseudonym = seen[0].child_pseudonym.clone().expect("pseudonym");
    assert!(!pseudonym.contains("C1"));
    assert_eq!(seen[0].child_label(), "C1", "named while on the register");
    assert_eq!(
        store
            .register_actor_audit(KINGSTON, "auditor")
            .await
            .expect("what they saw")
            .len(),
        2
    );

    let due = store
        .register_past_retention(KINGSTON, Months::new(12), TODAY())
        .await
        .expect("retention");
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].child.clone(), due[0].closed),
        (c1.clone(), date(2011, 6, 30))
    );
    let erasure = Erasure {
        child: &c1,
        decided_by: "records officer",
        reason: "retention period over",
        at: Utc::now(),
    };
    store
        .erase_register_child(KINGSTON, &erasure)
        .await
        .expect("erase");
    assert!(matches!(
        store.register_record(KINGSTON, &c1).await,
        Err(RegisterError::UnknownChild { .. })
    ));
    // Nor does a search by name find the erased child.
    let search = ChildSearch::new("child").expect("a search");
    let found = store
        .search_register(KINGSTON, &search, 10, TODAY())
        .await
        .expect("searched");
    let references: Vec<&str> = found
        .children
        .iter()
        .map(|f| f.child.id.0.as_str())
        .collect();
    assert_eq!(references, ["C2"]);
    let words: Vec<String> = register_rows(&store)
        .await
        .into_iter()
        .filter(|line| line.starts_with("register_name_words:"))
        .collect();
    assert!(
        words.iter().any(|line| line.contains("|c2|")),
        "the other child's words stay: {words:?}"
    );
    assert!(
        !words.iter().any(|line| line.contains("|c1|")),
        "no word of the erased child's name stays: {words:?}"
    );
    let log = store
        .register_actor_audit(KINGSTON, "records officer")
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, "erase");
    assert_eq!(log[0].child_pseudonym.as_deref(), Some(pseudonym.as_str()));
    assert!(!log[0].detail.contains("C1"));
    assert_eq!(log[0].child, None, "no reference once erased");
    assert_eq!(log[0].child_label(), format!("erased record {pseudonym}"));
    assert_eq!(
        store
            .register_actor_audit(KINGSTON, "auditor")
            .await
            .expect("log")
            .len(),
        2,
        "the earlier rows stay"
    );
}

async fn derived_values_are_plan_values_marked_as_from_the_register(store: Store) {
    store
        .import_plan(
            &kingston(),
            ImportOptions {
                dry_run: false,
                source: "sample".into(),
            },
        )
        .await
        .expect("plan");
    let plan_id = store.plan_handles().await.expect("plans")[0].id;
    // Need identified Friday 1 April 2011; the 15 working days after it,
    // skipping Good Friday (22nd) and Easter Monday (25th), end on Tuesday
    // 26 April, so the discussion on Tuesday 3 May is late: 0 of 1.
    let steps = vec![
        concern(date(2011, 4, 1)),
        start_caf(date(2011, 4, 1)),
        Step::DiscussCaf(trustboard_core::register::CafDiscussion {
            date: date(2011, 5, 3),
            needs: vec!["Attendance".into()],
            strengths: vec![],
            outcome: trustboard_core::register::CafOutcome::Flag,
        }),
    ];
    import(&store, vec![new_child("C1", steps)]).await;
    store
        .map_register_measure(
            KINGSTON,
            &MeasureMapping {
                measure: "caf_within_15_working_days".into(),
                plan_id,
                indicator: "NI 59".into(),
            },
        )
        .await
        .expect("mapping");
    let first = store
        .derive_register_values(KINGSTON, "coordinator", date(2011, 6, 30), Utc::now())
        .await
        .expect("derive");
    // May 2011, 2011/12 Q1 and 2011/12, each for North Kingston (a locality
    // of the plan) and the whole area.
    assert_eq!((first.added, first.changed.len()), (6, 0));
    let again = store
        .derive_register_values(KINGSTON, "coordinator", date(2011, 6, 30), Utc::now())
        .await
        .expect("derive again");
    assert_eq!(
        (again.added, again.changed.len(), again.unchanged),
        (0, 0, 6)
    );
    let doc = store
        .load_plan(Some(KINGSTON), "CYPP 2009-13")
        .await
        .expect("plan");
    let derived = doc
        .observations
        .iter()
        .find(|o| {
            o.indicator == "NI 59" && o.period.to_string() == "2011/12" && o.locality.is_none()
        })
        .expect("derived value");
    assert_eq!(derived.text, "0.0% (0/1)");
    assert_eq!(derived.parsed.ratio(), Some((0.0, 1.0)));
    assert_eq!(derived.source, ValueSource::Register, "loaded as computed");
    let written = doc
        .observations
        .iter()
        .find(|o| o.indicator == "NI 59" && o.period.to_string() == "2010/11")
        .expect("a value the sample plan wrote");
    assert_eq!(written.source, ValueSource::Written);
    let slot = trustboard_core::plan_diff::Slot::of(derived);
    let current = store.slot_value(plan_id, &slot).await.expect("slot");
    assert_eq!(current.current.expect("text").updated_by, DERIVED_SOURCE);

    // A counting measure is written as the count alone: one concern in April
    // 2011, none in May.
    store
        .map_register_measure(
            KINGSTON,
            &MeasureMapping {
                measure: "concerns_raised".into(),
                plan_id,
                indicator: "NI 61".into(),
            },
        )
        .await
        .expect_err("the plan has no NI 61");
    store
        .map_register_measure(
            KINGSTON,
            &MeasureMapping {
                measure: "concerns_raised".into(),
                plan_id,
                indicator: "NI 111".into(),
            },
        )
        .await
        .expect("mapping a count");
    store
        .derive_register_values(KINGSTON, "coordinator", date(2011, 6, 30), Utc::now())
        .await
        .expect("derive the count");
    let doc = store
        .load_plan(Some(KINGSTON), "CYPP 2009-13")
        .await
        .expect("plan");
    let concerns = |period: &str| {
        doc.observations
            .iter()
            .find(|o| {
                o.indicator == "NI 111" && o.period.to_string() == period && o.locality.is_none()
            })
            .map(|o| o.text.clone())
    };
    assert_eq!(concerns("2011-04").as_deref(), Some("1"));
    assert_eq!(concerns("2011-05").as_deref(), Some("0"));
}

/// Many practitioners opening records at once: each access is in the audit
/// by the time its caller hears it was recorded, and an access naming a child
/// the register does not have is refused alone, not with the others written
/// in the same transaction.
async fn accesses_at_the_same_moment_are_each_committed_before_their_caller_goes_on(store: Store) {
    import(
        &store,
        vec![new_child("C1", vec![concern(date(2011, 4, 4))])],
    )
    .await;
    let tasks: Vec<_> = (0..120)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let actor = format!("practitioner {n}");
                // Every tenth asks for a child who is not on the register.
                let child = ChildId::new(if n % 10 == 9 { "NOBODY" } else { "C1" });
                let access = RegisterAccess {
                    actor: &actor,
                    action: RegisterAction::View,
                    child: Some(&child),
                    detail: "opened the record",
                    at: Utc::now(),
                };
                let recorded = store.record_register_access(KINGSTON, &access).await;
                let seen = store
                    .register_actor_audit(KINGSTON, &actor)
                    .await
                    .expect("what they saw");
                (n, recorded, seen.len())
            })
        })
        .collect();
    let mut refused = 0;
    for task in tasks {
        let (n, recorded, rows) = task.await.expect("task");
        match recorded {
            Ok(()) => assert_eq!(rows, 1, "practitioner {n}'s access is committed"),
            Err(RegisterError::UnknownChild { child, .. }) => {
                assert_eq!((n % 10, child.0.as_str(), rows), (9, "NOBODY", 0));
                refused += 1;
            }
            Err(other) => panic!("practitioner {n}: {other}"),
        }
    }
    assert_eq!(refused, 12);
    let who_saw = store
        .register_child_audit(KINGSTON, &ChildId::new("C1"))
        .await
        .expect("who saw C1");
    assert_eq!(who_saw.len(), 108);
}

/// The database itself refuses to change or delete audit rows.
async fn audit_rows_cannot_be_changed_or_deleted(backend: Backend) {
    let database = TestDatabase::new(backend).await;
    let store = database.open().await;
    import(
        &store,
        vec![new_child("C1", vec![concern(date(2011, 4, 4))])],
    )
    .await;
    let access = RegisterAccess {
        actor: "auditor",
        action: RegisterAction::Search,
        child: None,
        detail: "surname Smith",
        at: Utc::now(),
    };
    store
        .record_register_access(KINGSTON, &access)
        .await
        .expect("audit");
    store.close().await;
    let mut conn = AnyConnection::connect(database.url())
        .await
        .expect("connect");
    for statement in [
        "UPDATE register_audit SET actor = 'someone else'",
        "DELETE FROM register_audit",
    ] {
        let refused = conn.execute(statement).await;
        let message = refused.expect_err(statement).to_string();
        assert!(message.contains("append-only"), "{statement}: {message}");
    }
    conn.close().await.expect("close");
    let store = database.open().await;
    let log = store
        .register_actor_audit(KINGSTON, "auditor")
        .await
        .expect("log");
    assert_eq!(log.len(), 1);
    store.close().await;
    database.cleanup().await;
}

on_each_backend!(audit_rows_cannot_be_changed_or_deleted);

/// `outcome` refused child C2's second step, a CAF started while one is open.
pub(crate) fn assert_second_caf_of_c2_refused<T: std::fmt::Debug>(
    outcome: Result<T, RegisterError>,
) {
    match outcome {
        Err(RegisterError::Refused {
            child,
            index,
            error,
        }) => {
            assert_eq!(child, ChildId::new("C2"));
            assert_eq!(index, 1);
            assert!(matches!(error, StepError::CafAlreadyOpen { .. }));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

//! `trustboard report` carries what the web pages add to a plan: commentary
//! approved with a figure, shown beside the indicator reported by exception,
//! and the figures of the plan this one follows.

use chrono::Utc;
use trustboard_core::access::Role;
use trustboard_core::model::{
    Indicator, Observation, ObservationKind, PlanDocument, PlanHeader, ValueSource,
};
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::parse;
use trustboard_store::accounts::{InsertUser, NewUser, User};
use trustboard_store::audit::{Actor, AuditAction, AuditEntry};
use trustboard_store::entry::{EntryDraft, SaveOutcome};
use trustboard_store::{Backend, Store};

use crate::harness::{items, on_both_backends, text, Trustboard};

on_both_backends!(the_report_carries_web_commentary_and_figures_across_plans);

const PERIOD: &str = "2010/11";
const PUBLIC_NOTE: &str = "Two new adopters were approved in March";
const INTERNAL_NOTE: &str = "The panel chair was away for the whole quarter";
const EARLIER_FIGURE: &str = "58.25%";

/// The 2006-10 plan with one figure of the NI 61 the sample plan also has.
fn earlier_plan(organisation: &str) -> PlanDocument {
    PlanDocument {
        organisation: organisation.into(),
        plan: PlanHeader {
            name: "CYPP 2006-10".into(),
            title: "Children and Young People's Plan 2006-10".into(),
            period: "2006-10".into(),
        },
        indicators: vec![Indicator {
            code: Some("NI 61".into()),
            ..Indicator::new("NI 61", "Timeliness of placements for adoption")
        }],
        observations: vec![Observation {
            indicator: "NI 61".into(),
            period: "2007/08".parse().expect("a period"),
            kind: ObservationKind::Actual,
            locality: None,
            group: None,
            text: EARLIER_FIGURE.into(),
            parsed: parse(EARLIER_FIGURE),
            set_by: None,
            agreed_on: None,
            source: ValueSource::Written,
        }],
        ..PlanDocument::default()
    }
}

fn audit(actor: Option<Actor<'_>>, action: AuditAction) -> AuditEntry<'_> {
    AuditEntry {
        at: Utc::now(),
        actor,
        action,
        subject: None,
        detail: "",
        client_address: None,
    }
}

async fn add_user(store: &Store, organisation: &str, username: &str, role: Role) -> User {
    let new = NewUser {
        username,
        password_hash: "not a real hash",
        role,
        now: Utc::now(),
        organisation,
        practitioner: None,
    };
    match store
        .insert_user(&new, &audit(None, AuditAction::UserCreated))
        .await
        .expect("a user")
    {
        InsertUser::Created(user) => user,
        refused => panic!("{username} not added: {refused:?}"),
    }
}

fn slot(key: &str) -> Slot {
    Slot {
        indicator: key.into(),
        period: PERIOD.parse().expect("a period"),
        kind: ObservationKind::Actual,
        locality: None,
        group: None,
    }
}

/// The first of `keys` with an out-turn for the period.
async fn with_a_figure(store: &Store, plan: i64, keys: &[String]) -> String {
    for key in keys {
        let value = store.slot_value(plan, &slot(key)).await.expect("the slot");
        if value.current.is_some() {
            return key.clone();
        }
    }
    panic!("no exception has a {PERIOD} out-turn: {keys:?}");
}

/// What a lead officer does on the entry page and a performance officer on
/// the approval page: the figure for `key` confirmed as it stands, with a
/// comment, then approved.
async fn comment_and_approve(
    store: &Store,
    (organisation, plan): (&str, i64),
    key: &str,
    note: &str,
    internal: bool,
) {
    let author = add_user(
        store,
        organisation,
        &format!("lead-{internal}"),
        Role::LeadOfficer,
    )
    .await;
    let approver = add_user(
        store,
        organisation,
        &format!("perf-{internal}"),
        Role::PerformanceOfficer,
    )
    .await;
    let slot = slot(key);
    let value = store.slot_value(plan, &slot).await.expect("the slot");
    let text = value
        .current
        .map(|c| c.text)
        .expect("a figure for the period");
    let parsed = parse(&text);
    let as_author = Actor {
        user_id: author.id,
        username: &author.username,
    };
    let draft = EntryDraft {
        slot: &slot,
        text: &text,
        parsed: &parsed,
        commentary: note,
        commentary_internal: internal,
        base_version: value.version,
        submit: true,
        author: as_author,
        at: Utc::now(),
    };
    let saved = store
        .save_entry(
            plan,
            &draft,
            &audit(Some(as_author), AuditAction::EntrySubmitted),
        )
        .await
        .expect("saved");
    let SaveOutcome::Saved(entry) = saved else {
        panic!("the entry was made against the version it saw");
    };
    let as_approver = Actor {
        user_id: approver.id,
        username: &approver.username,
    };
    store
        .approve_submission(
            entry.id,
            as_approver,
            Utc::now(),
            &audit(Some(as_approver), AuditAction::EntryApproved),
        )
        .await
        .expect("approved");
}

fn report(t: &Trustboard, extra: &[&str]) -> String {
    let out = t.scratch("pack.html");
    let path = out.to_str().expect("a UTF-8 path");
    let mut args = vec![
        "report",
        "--period",
        PERIOD,
        "--today",
        "2011-06-01",
        "--out",
        path,
    ];
    args.extend_from_slice(extra);
    t.ok(args);
    std::fs::read_to_string(&out).expect("the HTML pack")
}

fn the_report_carries_web_commentary_and_figures_across_plans(backend: Backend) {
    let t = Trustboard::new(backend);
    t.ok(["init"]);
    let organisation = t.plan()["organisation"]
        .as_str()
        .expect("the sample plan's organisation")
        .to_owned();
    let summary = t.json([
        "summary",
        "--period",
        PERIOD,
        "--today",
        "2011-06-01",
        "--json",
    ]);
    let exceptions: Vec<String> = items(&summary["exceptions"], "exceptions")
        .iter()
        .filter_map(|e| text(e, "indicator").map(str::to_owned))
        .collect();
    let before = report(&t, &[]);
    assert!(!before.contains(PUBLIC_NOTE));
    assert!(before.contains("No indicator of this report has figures in an earlier or later plan"));

    t.with_store(async |store| {
        let plan = store.plan_handles().await.expect("plans")[0].id;
        let key = with_a_figure(store, plan, &exceptions).await;
        let at = (organisation.as_str(), plan);
        comment_and_approve(store, at, &key, PUBLIC_NOTE, false).await;
        comment_and_approve(store, at, &key, INTERNAL_NOTE, true).await;
    });
    let earlier = t.scratch("earlier.json");
    let json = serde_json::to_string(&earlier_plan(&organisation)).expect("JSON");
    std::fs::write(&earlier, json).expect("written");
    t.import(&[&earlier], &[]);
    t.ok(["plans", "link", "CYPP 2006-10", "CYPP 2009-13"]);

    let internal = report(&t, &["--plan", "CYPP 2009-13"]);
    assert!(
        internal.contains(PUBLIC_NOTE),
        "approved commentary is in the pack"
    );
    assert!(
        internal.contains(INTERNAL_NOTE),
        "internal remarks stay in the internal pack"
    );
    let across = internal
        .split("id=\"across-plans\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the section on figures across plans");
    assert!(
        across.contains("<th scope=\"row\">2007/08</th><td>58.25%</td><td>CYPP 2006-10</td>"),
        "the earlier plan's figure with its plan: {across}"
    );
    let published = report(&t, &["--plan", "CYPP 2009-13", "--published"]);
    assert!(published.contains(PUBLIC_NOTE));
    assert!(
        !published.contains(INTERNAL_NOTE),
        "a published pack drops internal remarks"
    );
}

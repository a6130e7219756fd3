//! One council's accounts never reach another's plans, and plan work is
//! shared out only among the plan's own organisation.

use axum::http::StatusCode;

use crate::harness::*;
use crate::route_matrix::route_matrix;

const KENT: &str = "Kent County Council";
/// Another council's accounts find nothing of Kingston's plan: every plan page,
/// download, form and API route answers as for a plan that does not exist, the
/// lists leave it out, and nothing they send changes it.
#[tokio::test]
async fn another_organisations_accounts_reach_none_of_the_plan() {
    let app = TestApp::start().await;
    let target = app.add_user("target", Role::BoardMember).await;
    app.add_user("lead_officer", Role::LeadOfficer).await;
    app.add_user("performance_officer", Role::PerformanceOfficer)
        .await;
    app.import_sample_plan().await;
    app.prepare_sign_off().await;
    app.prepare_project_report().await;
    app.add_register_staff_of(KENT).await;
    let kent_account = |role: Role| format!("kent_{}", role.code());
    for role in Role::ALL {
        let membership = Membership {
            organisation: KENT.into(),
            practitioner: role.needs_practitioner().then(|| "p-school".into()),
        };
        app.add_member(&kent_account(role), role, membership).await;
    }
    let revision = || async {
        app.store
            .plan_handle(1)
            .await
            .expect("read")
            .expect("plan")
            .revision
    };
    let revision_before = revision().await;
    for role in Role::ALL {
        let mut browser = app.signed_in(&kent_account(role)).await;
        let token = browser.csrf_token().await;
        let home = browser.get("/").await;
        assert!(
            !home.body.contains("/plans/1"),
            "{role:?} sees Kingston's plan listed"
        );
        let listed = browser.get("/api/plans").await;
        assert_eq!(listed.body.trim(), "[]", "{role:?}");
        for case in route_matrix(target.id) {
            if !case.path.contains("/plans/1") {
                continue;
            }
            let reply = case.send(&mut browser, &token).await;
            let what = case.describe();
            assert_eq!(
                reply.status,
                StatusCode::NOT_FOUND,
                "{what} as {role:?} of Kent"
            );
            assert!(
                !reply.body.contains("Kingston"),
                "{what} names the plan's council"
            );
        }
    }
    assert_eq!(revision().await, revision_before, "the plan changed");
    app.finish().await;
}

/// Owners are chosen among the plan's own organisation's lead officers: the
/// settings page lists no other council's, and naming one is refused.
#[tokio::test]
async fn owners_come_from_the_plans_own_organisation() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    app.add_user("leo", Role::LeadOfficer).await;
    let outsider = app
        .add_member("kent_leo", Role::LeadOfficer, Membership::of(KENT))
        .await;
    let mut officer = app.sign_in_as("pam", Role::PerformanceOfficer).await;
    let settings = officer.get("/plans/1/indicators/NI%2061/settings").await;
    assert_eq!(settings.status, StatusCode::OK);
    assert!(
        settings.body.contains(">leo<"),
        "Kingston's lead officer is offered"
    );
    assert!(
        !settings.body.contains("kent_leo"),
        "Kent's lead officer is offered"
    );
    let token = officer.csrf_token().await;
    let outsider_id = outsider.id.to_string();
    let reply = officer
        .post(
            "/plans/1/indicators/NI%2061/owner",
            &[
                ("csrf_token", token.as_str()),
                ("owner", outsider_id.as_str()),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    app.finish().await;
}

/// An administrator's audit log holds their own organisation's events only.
#[tokio::test]
async fn the_audit_log_shows_only_the_administrators_organisation() {
    let app = TestApp::start().await;
    app.sign_in_as("kingston_officer", Role::PerformanceOfficer)
        .await;
    app.add_member(
        "kent_officer",
        Role::PerformanceOfficer,
        Membership::of(KENT),
    )
    .await;
    app.signed_in("kent_officer").await;
    let mut kingston_admin = app.sign_in_as("kingston_admin", Role::Admin).await;
    app.add_member("kent_admin", Role::Admin, Membership::of(KENT))
        .await;
    let mut kent_admin = app.signed_in("kent_admin").await;

    let kingston_log = kingston_admin.get("/admin/audit").await.body;
    assert!(kingston_log.contains("kingston_officer"));
    assert!(!kingston_log.contains("kent_officer"));
    let kent_log = kent_admin.get("/admin/audit").await.body;
    assert!(kent_log.contains("kent_officer"));
    assert!(!kent_log.contains("kingston_officer"));
    assert!(!kent_log.contains("kingston_admin"));
    app.finish().await;
}

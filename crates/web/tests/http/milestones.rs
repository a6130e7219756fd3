//! Milestone owners, status and notes.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test]
async fn milestone_owners_record_status_and_notes_and_complete_ones_are_not_overdue() {
    use trustboard_core::model::MilestoneStatus;
    let app = TestApp::start().await;
    let (mut perf, mut lead) = app.sign_off().await;
    let today = chrono::Utc::now().date_naive();
    let overdue = app
        .store
        .milestones(1, None)
        .await
        .expect("milestones")
        .into_iter()
        .find(|m| m.is_overdue(today))
        .expect("the sample plan has a milestone past its due date");
    let page = format!("/plans/1/milestones/{}", overdue.id);
    let listed = lead.get("/plans/1/milestones/overdue").await;
    assert!(listed.body.contains(&page), "listed while overdue");

    // Not the owner yet: the lead officer may read but not update.
    let token = lead.csrf_token().await;
    let status = format!("{page}/status");
    let reply = lead
        .post(&status, &[("csrf_token", &token), ("status", "complete")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let lead_id = app.user_id("lead").await.to_string();
    let perf_view = perf.get(&page).await;
    let reply = perf
        .post(
            &format!("{page}/owner"),
            &[
                ("csrf_token", &perf_view.csrf_token()),
                ("owner", &lead_id),
                ("owner_version", &perf_view.hidden_field("owner_version")),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let mine = lead.get("/my/indicators").await;
    assert!(
        mine.body.contains(&format!("href=\"{page}\"")),
        "owned milestones are listed"
    );
    let reply = lead
        .post(
            &format!("{page}/notes"),
            &[
                ("csrf_token", &token),
                ("note", "Training delivered to all clusters"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    // The note is kept with the milestone, not copied into the audit log.
    let lead_user = app.add_user("auditor", Role::Admin).await;
    let audit = app
        .store
        .audit_log(lead_user.organisation.id, None, 50)
        .await
        .expect("audit log");
    let added = audit
        .iter()
        .find(|r| r.action == "milestone.note_added")
        .expect("the note is audited");
    assert!(!added.detail.contains("Training"), "{}", added.detail);
    // A note over 10,000 characters is refused, naming the field.
    let long = "x".repeat(10_001);
    let reply = lead
        .post(
            &format!("{page}/notes"),
            &[("csrf_token", &token), ("note", &long)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .error_summary()
            .contains("Progress note must be 10,000 characters or fewer; it has 10,001"),
        "{}",
        reply.error_summary()
    );
    let view = lead.get(&page).await;
    let reply = lead
        .post(
            &status,
            &[
                ("csrf_token", &token),
                ("status", "complete"),
                ("status_version", &view.hidden_field("status_version")),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let shown = lead.get(&page).await;
    assert!(shown.body.contains("Training delivered to all clusters"));
    assert!(!shown.body.contains(">Overdue<"), "{}", shown.body);
    let listed = lead.get("/plans/1/milestones/overdue").await;
    assert!(
        !listed.body.contains(&format!("href=\"{page}\"")),
        "complete milestones are not overdue"
    );

    let doc = app.stored_sample_plan().await;
    assert!(doc
        .milestones
        .iter()
        .any(|m| m.text == overdue.text && m.status == Some(MilestoneStatus::Complete)));
    let mut board = app.signed_in("board").await;
    let token = board.csrf_token().await;
    let reply = board
        .post(&status, &[("csrf_token", &token), ("status", "at_risk")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

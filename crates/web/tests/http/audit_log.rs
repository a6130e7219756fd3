//! The audit log page.

use axum::http::StatusCode;

use crate::harness::*;

#[tokio::test]
async fn the_audit_log_records_who_did_what_from_where() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    app.visitor().try_sign_in("alice", "wrong password!").await;
    let mut admin = app.signed_in("alice").await;
    admin.add_account("bob", "lead_officer", PASSWORD).await;

    let log = admin.get("/admin/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    let rows: Vec<&str> = log.body.split("<tr>").skip(2).collect();
    let row_with = |event: &str| {
        rows.iter()
            .find(|row| row.contains(event))
            .unwrap_or_else(|| panic!("no {event} row in:\n{}", log.body))
            .to_string()
    };
    let created = row_with("User added");
    assert!(
        created.contains(">alice<") && created.contains(">bob<") && created.contains("127.0.0.1"),
        "{created}"
    );
    assert!(created.contains("Lead officer"), "{created}");
    let failed = row_with("Sign-in failed");
    assert!(
        failed.contains(">alice<") && failed.contains("127.0.0.1"),
        "{failed}"
    );
    assert!(row_with("Signed in").contains("127.0.0.1"));
    // The first account came from the command line, with no signed-in actor.
    assert!(row_with("from the command line").contains("—"));
}

#[tokio::test]
async fn the_audit_log_pages_through_older_events() {
    use trustboard_store::audit::{AuditAction, AuditEntry};

    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    for n in 0..120 {
        let subject = format!("guess-{n:03}");
        let entry = AuditEntry {
            at: chrono::Utc::now(),
            actor: None,
            action: AuditAction::SignInFailed,
            subject: Some(&subject),
            detail: "",
            client_address: Some("192.0.2.1"),
        };
        app.store.record_audit(&entry).await.expect("record");
    }
    let mut admin = app.signed_in("alice").await;
    let first = admin.get("/admin/audit").await.body;
    assert!(first.contains(">guess-119<"), "newest first");
    assert!(!first.contains(">guess-019<"), "one page at a time");
    let marker = "href=\"/admin/audit?before=";
    let start = first.find(marker).expect("a link to older events") + "href=\"".len();
    let older_link: String = first[start..].chars().take_while(|c| *c != '"').collect();
    let second = admin.get(&older_link).await.body;
    assert!(second.contains(">guess-019<") && second.contains(">guess-000<"));
    assert!(!second.contains(">guess-119<"));
    assert!(
        second.contains("from the command line"),
        "the oldest event is on the last page"
    );
    assert!(!second.contains(marker), "no link past the oldest event");
}

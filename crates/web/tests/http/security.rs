//! CSRF tokens on every form and security headers on every response.

use axum::http::{Method, StatusCode};

use crate::harness::*;

#[tokio::test]
async fn forms_without_the_sessions_csrf_token_are_refused() {
    let app = TestApp::start().await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;
    let fields = |token: &'static str| {
        [
            ("csrf_token", token),
            ("username", "mallory"),
            ("role", "admin"),
            ("password", PASSWORD),
        ]
    };
    for token in [
        "",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let reply = admin.post("/admin/users", &fields(token)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "token {token:?}");
    }
    let missing = admin
        .post(
            "/admin/users",
            &[("username", "mallory"), ("role", "admin")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(!admin.get("/admin/users").await.body.contains("mallory"));

    let sign_out = admin.post("/sign-out", &[("csrf_token", "nope")]).await;
    assert_eq!(sign_out.status, StatusCode::FORBIDDEN);
    assert_eq!(
        admin.get("/").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

/// Requests covering every kind of response: pages, API, static, errors, signed in or not.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut anonymous = app.visitor();
    let mut admin = app.signed_in("alice").await;
    let mut replies = Vec::new();
    for path in [
        "/sign-in",
        "/",
        "/static/trustboard.css",
        "/api/openapi.json",
        "/api/me",
        "/no-such-page",
    ] {
        replies.push((path, anonymous.get(path).await));
    }
    for path in [
        "/",
        "/admin/users",
        "/admin/users/new",
        "/admin/users/1",
        "/admin/audit",
        "/account/password",
        "/api/plans",
        "/admin/users/999",
        "/admin/users/not-a-number",
    ] {
        replies.push((path, admin.get(path).await));
    }
    replies.push(("DELETE /", admin.send(Method::DELETE, "/", None).await));
    replies.push(("POST bad form", admin.post("/admin/users", &[]).await));

    for (what, reply) in &replies {
        let csp = reply.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(reply.header("x-frame-options"), "DENY", "{what}");
        assert_eq!(reply.header("referrer-policy"), "no-referrer", "{what}");
        // The policy forbids inline code, so the pages must not rely on any.
        assert!(!reply.body.contains("<script"), "{what} has a script");
        assert!(!reply.body.contains(" style=\""), "{what} has inline style");
    }
}

#[tokio::test]
async fn every_new_form_needs_the_sessions_csrf_token() {
    let app = TestApp::start().await;
    let (mut perf, _lead) = app.sign_off().await;
    let lead_id = app.user_id("lead").await.to_string();
    let forms: [(&str, Vec<(&str, &str)>); 7] = [
        (
            NI59_ENTRY,
            vec![
                ("period", "2010/11"),
                ("version", "1"),
                ("intent", "submit"),
                ("text", "81%"),
            ],
        ),
        (
            "/plans/1/indicators/NI%2061/owner",
            vec![("owner", &lead_id)],
        ),
        ("/plans/1/approvals/1/approve", vec![]),
        ("/plans/1/approvals/1/return", vec![("reason", "check")]),
        ("/plans/1/milestones/1/status", vec![("status", "complete")]),
        ("/plans/1/milestones/1/notes", vec![("note", "started")]),
        ("/plans/1/milestones/1/owner", vec![("owner", &lead_id)]),
    ];
    for (path, fields) in &forms {
        for token in [
            "",
            "0000000000000000000000000000000000000000000000000000000000000000",
        ] {
            let mut with_token = vec![("csrf_token", token)];
            with_token.extend_from_slice(fields);
            let reply = perf.post(path, &with_token).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path} with {token:?}");
        }
    }
    assert_eq!(app.stored_ni59().await, "73.5%");
    assert!(app.store.submission(1).await.expect("entry").is_none());
    assert!(app
        .store
        .indicator_owner(1, "NI 61")
        .await
        .expect("owner")
        .is_none());
    let milestone = app
        .store
        .milestone(1, 1)
        .await
        .expect("milestone")
        .expect("milestone 1");
    assert_eq!(milestone.status, None);
    assert!(milestone.owner.is_none());
    assert!(app
        .store
        .milestone_notes(1)
        .await
        .expect("notes")
        .is_empty());
}

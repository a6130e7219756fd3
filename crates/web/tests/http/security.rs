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

#[tokio::test]
async fn hsts_is_sent_when_configured_or_when_a_trusted_proxy_says_https() {
    let plain = TestApp::start().await;
    let reply = plain.visitor().get("/sign-in").await;
    assert_eq!(reply.header("strict-transport-security"), "");
    // Only a trusted proxy may say the client used HTTPS.
    let spoofed = plain
        .visitor()
        .with_header("x-forwarded-proto", "https")
        .get("/sign-in")
        .await;
    assert_eq!(spoofed.header("strict-transport-security"), "");
    plain.finish().await;

    let behind_proxy = TestApp::with_config(trustboard_web::WebConfig {
        trusted_proxies: trustboard_web::proxy::TrustedProxies(vec!["127.0.0.1"
            .parse()
            .expect("an address")]),
        ..trustboard_web::WebConfig::default()
    })
    .await;
    let reply = behind_proxy
        .visitor()
        .with_header("x-forwarded-proto", "https")
        .get("/sign-in")
        .await;
    assert_eq!(
        reply.header("strict-transport-security"),
        "max-age=31536000; includeSubDomains"
    );
    behind_proxy.finish().await;

    let configured = TestApp::with_config(trustboard_web::WebConfig {
        hsts: true,
        ..trustboard_web::WebConfig::default()
    })
    .await;
    let reply = configured.visitor().get("/no-such-page").await;
    assert!(reply
        .header("strict-transport-security")
        .starts_with("max-age="));
    configured.finish().await;
}

/// What axum's extractors and router would have said in plain text, naming
/// internal types, becomes the service's own error page or JSON error.
#[tokio::test]
async fn unreadable_requests_get_the_error_page_and_never_name_internal_types() {
    let app = TestApp::start().await;
    app.import_sample_plan().await;
    let mut officer = app.sign_in_as("olive", Role::PerformanceOfficer).await;
    let token = officer.csrf_token().await;
    let pages = [
        (
            officer.get("/plans/not-a-number").await,
            StatusCode::BAD_REQUEST,
        ),
        (
            officer.get("/plans/1?format=word").await,
            StatusCode::BAD_REQUEST,
        ),
        (
            officer.get("/plans/1/approvals/x").await,
            StatusCode::NOT_FOUND,
        ),
        (
            officer.send(Method::DELETE, "/sign-in", None).await,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            officer
                .post(
                    "/plans/1/published",
                    &[("csrf_token", &token), ("published", "maybe")],
                )
                .await,
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (n, (reply, status)) in pages.into_iter().enumerate() {
        assert_eq!(reply.status, status, "request {n}");
        assert!(
            reply.header("content-type").starts_with("text/html"),
            "{}",
            reply.header("content-type")
        );
        assert!(reply.body.contains("class=\"heading-l\""), "{}", reply.body);
        for internal in ["Cannot parse", "i64", "deserialize", "Failed to"] {
            assert!(
                !reply.body.contains(internal),
                "{internal} in {}",
                reply.body
            );
        }
    }

    let api = [
        officer.get("/api/plans/not-a-number/overview").await,
        officer.get("/api/plans/1/overview?format=word").await,
        officer
            .post_json(
                "/api/register/children/C1/steps",
                &serde_json::json!([1]),
                &token,
            )
            .await,
        officer.get("/api/nothing-here").await,
    ];
    for reply in api {
        assert!(reply.status.is_client_error(), "{}", reply.status);
        assert_eq!(reply.header("content-type"), "application/json");
        let body = reply.json();
        assert_eq!(body["error"]["status"], reply.status.as_u16());
        let message = body["error"]["message"].as_str().expect("a message");
        assert!(
            !message.contains("i64") && !message.contains("deserialize"),
            "{message}"
        );
    }
    app.finish().await;
}

#[tokio::test]
async fn a_body_over_the_limit_gets_the_error_page() {
    let app = TestApp::start().await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;
    let token = admin.csrf_token().await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let reply = admin
        .post(
            "/admin/users",
            &[("csrf_token", &token), ("username", &huge)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("too large"), "{}", reply.body);
    assert!(reply.header("content-type").starts_with("text/html"));
    app.finish().await;
}

/// Who was refused, where, and why: on both backends, since it is written to the
/// audit log.
async fn refused_requests_are_audited(app: &TestApp) {
    app.import_sample_plan().await;
    let member = app.add_user("bea", Role::BoardMember).await;
    let mut board = app.signed_in("bea").await;
    assert_eq!(
        board.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );
    let reply = board
        .post("/sign-out", &[("csrf_token", "not the token")])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    let records = app
        .store
        .audit_log(member.organisation.id, None, 50)
        .await
        .expect("audit log");
    let refused: Vec<_> = records
        .iter()
        .filter(|r| r.action == "request.refused")
        .map(|r| (r.actor.as_deref(), r.subject.as_deref(), r.detail.as_str()))
        .collect();
    assert!(
        refused.contains(&(
            Some("bea"),
            Some("/admin/users"),
            "GET /admin/users: not permitted"
        )),
        "{refused:?}"
    );
    assert!(
        refused.contains(&(
            Some("bea"),
            Some("/sign-out"),
            "POST /sign-out: form token missing or not the session's"
        )),
        "{refused:?}"
    );
}

#[tokio::test]
async fn refused_requests_are_audited_on_sqlite() {
    let app = TestApp::start().await;
    refused_requests_are_audited(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn refused_requests_are_audited_on_postgresql() {
    let app = TestApp::on_postgres().await;
    refused_requests_are_audited(&app).await;
    app.finish().await;
}

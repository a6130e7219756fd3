//! Signing in and out, sessions, the sign-in throttle and people's own passwords.

use std::time::Duration;

use axum::http::StatusCode;
use trustboard_web::throttle::ThrottlePolicy;
use trustboard_web::WebConfig;

use crate::harness::*;

#[tokio::test]
async fn signing_in_sets_a_locked_down_session_cookie_and_shows_the_home_page() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::PerformanceOfficer).await;
    let mut browser = app.visitor();

    let reply = browser.try_sign_in("Alice", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/");
    let session = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("trustboard_session="))
        .expect("a session cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(
            session.split("; ").any(|a| a == attribute),
            "{attribute} missing from {session}"
        );
    }

    let home = browser.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Signed in as alice"), "{}", home.body);
    assert!(home.body.contains("There are no plans yet"));
    assert!(
        !home.body.contains("href=\"/admin/users\""),
        "officers see no admin links"
    );
}

#[tokio::test]
async fn the_session_token_is_stored_only_as_a_hash() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::BoardMember).await;
    let browser = app.signed_in("alice").await;
    let token = browser
        .cookie("trustboard_session")
        .expect("session cookie")
        .to_owned();
    let mut copy = app.visitor().with_cookie("trustboard_session", &token);
    // The raw token works as a cookie, but the database holds only its hash.
    assert_eq!(copy.get("/").await.status, StatusCode::OK);
    let db = app.sqlite_file();
    let bytes = std::fs::read(&db).expect("database file");
    let wal = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
    let haystack = [bytes, wal].concat();
    assert!(
        !haystack.windows(token.len()).any(|w| w == token.as_bytes()),
        "raw session token found in the database"
    );
}

#[tokio::test]
async fn failed_sign_ins_look_the_same_whether_or_not_the_user_exists() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let disabled = app.add_user("dora", Role::LeadOfficer).await;
    let mut admin = app.signed_in("alice").await;
    let token = admin.csrf_token().await;
    let reply = admin
        .post(
            &format!("/admin/users/{}/disable", disabled.id),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let mut attempts = Vec::new();
    for (username, password) in [
        ("alice", "wrong password here"),
        ("nobody", PASSWORD),
        ("dora", PASSWORD),
    ] {
        let mut browser = app.visitor();
        let reply = browser.try_sign_in(username, password).await;
        assert!(
            browser.cookie("trustboard_session").is_none(),
            "{username} got a session"
        );
        attempts.push((username, reply.status, reply.error_summary()));
    }
    for (username, status, summary) in &attempts {
        assert_eq!(*status, attempts[0].1, "status for {username}");
        assert_eq!(summary, &attempts[0].2, "message for {username}");
        assert!(
            summary.contains("Enter a correct username and password"),
            "{summary}"
        );
    }
}

#[tokio::test]
async fn empty_fields_are_named_in_the_error() {
    let app = TestApp::start().await;
    let mut browser = app.visitor();
    let reply = browser.try_sign_in("", "").await;
    assert!(reply.error_summary().contains("Enter your username"));
    let reply = browser.try_sign_in("alice", "").await;
    assert!(reply.error_summary().contains("Enter your password"));
}

#[tokio::test]
async fn repeated_failures_make_the_user_wait_even_with_the_right_password() {
    let config = WebConfig {
        sign_in_throttle: ThrottlePolicy {
            per_account_and_address: 3,
            per_address: 100,
            per_account: 100,
            window: Duration::from_secs(600),
        },
        ..WebConfig::default()
    };
    let app = TestApp::with_config(config).await;
    app.add_user("alice", Role::BoardMember).await;
    app.add_user("bob", Role::BoardMember).await;
    let mut browser = app.visitor();
    for _ in 0..3 {
        let reply = browser.try_sign_in("alice", "not the password").await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let reply = browser.try_sign_in("alice", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        reply.error_summary().contains("Wait 10 minutes"),
        "{}",
        reply.body
    );
    assert!(browser.cookie("trustboard_session").is_none());
    // Another account from the same address is not locked out.
    let other = app.visitor().try_sign_in("bob", PASSWORD).await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_csrf_cookie() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut browser = app.visitor();
    let token = browser.get("/sign-in").await.csrf_token();
    // A cross-site post arrives without the SameSite=Strict cookie.
    let mut stranger = app.visitor();
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "alice"),
        ("password", PASSWORD),
    ];
    let reply = stranger.post("/sign-in", &fields).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(stranger.cookie("trustboard_session").is_none());
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::start().await;
    let mut browser = app.sign_in_as("alice", Role::LeadOfficer).await;
    let old_cookies = browser.clone();
    let token = browser.csrf_token().await;

    let reply = browser.post("/sign-out", &[("csrf_token", &token)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
    assert!(reply
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("trustboard_session=;") && c.contains("Max-Age=0")));
    assert!(browser.cookie("trustboard_session").is_none());

    // Replaying the old cookie does not work: the session is gone, not just forgotten.
    let mut replay = old_cookies;
    let reply = replay.get("/").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
}

#[tokio::test]
async fn pages_send_people_to_sign_in_and_back_but_never_elsewhere() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut browser = app.visitor();
    let reply = browser.get("/admin/users").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in?next=/admin/users");

    let form = browser.get("/sign-in?next=/admin/users").await;
    let token = form.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "alice"),
        ("password", PASSWORD),
        ("next", "/admin/users"),
    ];
    let reply = browser.post("/sign-in", &fields).await;
    assert_eq!(reply.location(), "/admin/users");

    let mut other = app.visitor();
    let token = other.get("/sign-in").await.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "alice"),
        ("password", PASSWORD),
        ("next", "//evil.example/"),
    ];
    let reply = other.post("/sign-in", &fields).await;
    assert_eq!(reply.location(), "/");
}

#[tokio::test]
async fn sessions_end_when_their_lifetime_is_over() {
    let config = WebConfig {
        session_lifetime: Duration::from_secs(1),
        ..WebConfig::default()
    };
    let app = TestApp::with_config(config).await;
    let mut browser = app.sign_in_as("alice", Role::BoardMember).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let reply = browser.get("/").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
}

/// A server keeps what it read of a session for a moment; an account
/// disabled by another server or process loses its session
/// here once that moment is over.
async fn accounts_disabled_elsewhere_lose_their_sessions_within_a_second(app: TestApp) {
    use trustboard_store::audit::{AuditAction, AuditEntry};

    let mut alice = app.sign_in_as("alice", Role::LeadOfficer).await;
    assert_eq!(alice.get("/").await.status, StatusCode::OK);
    let elsewhere = app.another_store().await;
    let audit = AuditEntry {
        at: chrono::Utc::now(),
        actor: None,
        action: AuditAction::UserDisabled,
        subject: Some("alice"),
        detail: "",
        client_address: None,
    };
    let id = app.user_id("alice").await;
    assert!(elsewhere.disable_user(id, &audit).await.expect("disable"));
    elsewhere.close().await;
    tokio::time::sleep(trustboard_store::SESSIONS_KEPT_FOR + Duration::from_millis(100)).await;
    let reply = alice.get("/").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
    app.finish().await;
}

#[tokio::test]
async fn accounts_disabled_elsewhere_lose_their_sessions_within_a_second_on_sqlite() {
    accounts_disabled_elsewhere_lose_their_sessions_within_a_second(TestApp::start().await).await;
}

#[tokio::test]
async fn accounts_disabled_elsewhere_lose_their_sessions_within_a_second_on_postgresql() {
    accounts_disabled_elsewhere_lose_their_sessions_within_a_second(TestApp::on_postgres().await)
        .await;
}

#[tokio::test]
async fn hashes_made_with_weaker_parameters_are_upgraded_at_sign_in() {
    use argon2::password_hash::{PasswordHasher, SaltString};
    use trustboard_store::accounts::{InsertUser, NewUser};
    use trustboard_store::audit::{AuditAction, AuditEntry};

    let app = TestApp::start().await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(8 * 1024, 1, 1, None).expect("parameters"),
    );
    let salt = SaltString::from_b64("c2FsdHNhbHRzYWx0").expect("salt");
    let old_hash = weak
        .hash_password(PASSWORD.as_bytes(), &salt)
        .expect("hash")
        .to_string();
    let now = chrono::Utc::now();
    let audit = AuditEntry {
        at: now,
        actor: None,
        action: AuditAction::UserCreated,
        subject: Some("olga"),
        detail: "",
        client_address: None,
    };
    let new = NewUser {
        username: "olga",
        password_hash: &old_hash,
        role: Role::BoardMember,
        now,
        organisation: KINGSTON,
        practitioner: None,
    };
    let inserted = app.store.insert_user(&new, &audit).await.expect("insert");
    assert!(matches!(inserted, InsertUser::Created(_)));

    app.signed_in("olga").await;
    let stored = app
        .store
        .user_credentials("olga")
        .await
        .expect("read back")
        .expect("olga exists")
        .password_hash;
    assert_ne!(stored, old_hash);
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    // The upgraded hash still accepts the same password.
    app.signed_in("olga").await;
}

#[tokio::test]
async fn people_change_their_own_password_and_other_sessions_end() {
    let app = TestApp::start().await;
    let mut laptop = app.sign_in_as("alice", Role::PerformanceOfficer).await;
    let mut phone = app.signed_in("alice").await;
    let token = laptop.csrf_token().await;
    let new = "a different long passphrase";
    let form = |current, confirm| {
        [
            ("csrf_token", token.as_str()),
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", confirm),
        ]
    };

    let reply = laptop
        .post("/account/password", &form("not my password", new))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .error_summary()
        .contains("Your current password is not correct"));

    let reply = laptop
        .post(
            "/account/password",
            &form(PASSWORD, "something else entirely"),
        )
        .await;
    assert!(reply.error_summary().contains("Passwords must match"));

    let reply = laptop.post("/account/password", &form(PASSWORD, new)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(laptop
        .get(reply.location())
        .await
        .body
        .contains("Password changed"));

    // This session carries on; the other one has ended.
    assert_eq!(laptop.get("/").await.status, StatusCode::OK);
    assert_eq!(phone.get("/").await.status, StatusCode::SEE_OTHER);
    let old = app.visitor().try_sign_in("alice", PASSWORD).await;
    assert!(old
        .error_summary()
        .contains("Enter a correct username and password"));
    let fresh = app.visitor().try_sign_in("alice", new).await;
    assert_eq!(fresh.status, StatusCode::SEE_OTHER);
}

/// A policy small enough to reach in a test: three failures per account and
/// address, four per address.
fn tight_throttle(trusted_proxies: &[&str]) -> WebConfig {
    WebConfig {
        sign_in_throttle: ThrottlePolicy {
            per_account_and_address: 3,
            per_address: 4,
            per_account: 100,
            window: Duration::from_secs(600),
        },
        trusted_proxies: trustboard_web::proxy::TrustedProxies(
            trusted_proxies
                .iter()
                .map(|range| range.parse().expect("a range"))
                .collect(),
        ),
        ..WebConfig::default()
    }
}

/// Twelve wrong passwords for one account sent at the same moment: only as many
/// as the throttle allows are checked, the rest wait, however they interleave.
async fn parallel_wrong_guesses_are_checked_no_more_often_than_the_limit(app: &TestApp) {
    app.add_user("alice", Role::BoardMember).await;
    let mut running = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let mut browser = app.visitor();
        running.spawn(async move { browser.try_sign_in("alice", "a wrong guess").await });
    }
    let replies = running.join_all().await;
    let checked = replies
        .iter()
        .filter(|r| r.status == StatusCode::OK && r.body.contains(SIGN_IN_FAILED))
        .count();
    let refused = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (3, 9));
    let reply = app.visitor().try_sign_in("alice", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

const SIGN_IN_FAILED: &str = "Enter a correct username and password";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_guesses_are_checked_no_more_often_than_the_limit_on_sqlite() {
    let app = TestApp::with_config(tight_throttle(&[])).await;
    parallel_wrong_guesses_are_checked_no_more_often_than_the_limit(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_guesses_are_checked_no_more_often_than_the_limit_on_postgresql() {
    let app = TestApp::on_postgres_with_config(tight_throttle(&[])).await;
    parallel_wrong_guesses_are_checked_no_more_often_than_the_limit(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_throttled_on_its_own() {
    let app = TestApp::with_config(tight_throttle(&["10.0.0.0/24"])).await;
    let bob = app.add_user("bob", Role::BoardMember).await;
    let via_proxy = |client: &str| {
        app.visitor()
            .connecting_from("10.0.0.1")
            .with_header("x-forwarded-for", &format!("{client}, 10.0.0.2"))
    };
    // An attacker behind the proxy sprays wrong passwords until refused.
    let mut attacker = via_proxy("203.0.113.9");
    for name in ["ann", "ben", "cat", "dan"] {
        let reply = attacker.try_sign_in(name, "a wrong guess").await;
        assert_eq!(reply.status, StatusCode::OK, "{name}");
    }
    let reply = attacker.try_sign_in("bob", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    // Everyone else behind the same proxy still signs in.
    let reply = via_proxy("198.51.100.7").try_sign_in("bob", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // The audit log names the client, not the proxy.
    let records = app
        .store
        .audit_log(bob.organisation.id, None, 50)
        .await
        .expect("audit log");
    let failed = records
        .iter()
        .find(|r| r.action == "sign_in.failed")
        .expect("a failed sign-in");
    assert_eq!(failed.client_address.as_deref(), Some("203.0.113.9"));
    app.finish().await;
}

#[tokio::test]
async fn a_client_that_is_not_a_trusted_proxy_cannot_choose_its_address() {
    let app = TestApp::with_config(tight_throttle(&["10.0.0.0/24"])).await;
    app.add_user("bob", Role::BoardMember).await;
    for (n, name) in ["ann", "ben", "cat", "dan"].into_iter().enumerate() {
        let mut browser = app
            .visitor()
            .connecting_from("192.0.2.50")
            .with_header("x-forwarded-for", &format!("198.51.100.{n}"));
        let reply = browser.try_sign_in(name, "a wrong guess").await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let mut browser = app
        .visitor()
        .connecting_from("192.0.2.50")
        .with_header("x-forwarded-for", "198.51.100.99");
    let reply = browser.try_sign_in("bob", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    app.finish().await;
}

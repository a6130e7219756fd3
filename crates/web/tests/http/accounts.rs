//! Administrators managing accounts, on both backends.

use axum::http::StatusCode;
use trustboard_web::accounts::{create_user, Password};

use crate::harness::*;

#[tokio::test]
async fn administrators_add_users_change_roles_and_disable_accounts() {
    let app = TestApp::start().await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;
    let token = admin.csrf_token().await;

    let reply = admin
        .add_account("Bob.Smith", "board_member", PASSWORD)
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let created_page = reply.location().to_owned();
    assert!(created_page.starts_with("/admin/users/"), "{created_page}");
    let page = admin.get(&created_page).await;
    let bob_page = created_page
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    assert!(
        page.body.contains("User added")
            && page.body.contains("bob.smith")
            && page.body.contains("Board member")
    );

    // The new user signs in; as a board member they may not manage users.
    let mut bob = app.signed_in("bob.smith").await;
    assert_eq!(bob.get("/admin/users").await.status, StatusCode::FORBIDDEN);

    // Promotion takes effect on Bob's existing session at once.
    let role_path = format!("{bob_page}/role");
    let reply = admin
        .post(
            &role_path,
            &[("csrf_token", &token), ("role", "admin"), ("version", "1")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(bob.get("/admin/users").await.status, StatusCode::OK);

    // Disabling ends Bob's session and stops him signing in.
    let reply = admin
        .post(&format!("{bob_page}/disable"), &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(bob.get("/").await.status, StatusCode::SEE_OTHER);
    let again = app.visitor().try_sign_in("bob.smith", PASSWORD).await;
    assert!(again
        .error_summary()
        .contains("Enter a correct username and password"));
    let list = admin.get("/admin/users").await;
    assert!(list.body.contains("Disabled"));

    // Enabling lets him back in.
    let reply = admin
        .post(&format!("{bob_page}/enable"), &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    app.signed_in("bob.smith").await;
}

#[tokio::test]
async fn administrators_add_register_accounts_to_their_own_organisation() {
    let app = TestApp::start().await;
    app.add_register_staff().await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;

    // A practitioner's account needs a practitioner on the register.
    let fields = [
        ("username", "pat"),
        ("role", "practitioner"),
        ("password", PASSWORD),
        ("practitioner", ""),
    ];
    let reply = admin.submit("/admin/users", &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .error_summary()
        .contains("Enter the register reference of the practitioner"));
    let fields = [
        ("username", "pat"),
        ("role", "practitioner"),
        ("password", PASSWORD),
        ("practitioner", "p-nobody"),
    ];
    let reply = admin.submit("/admin/users", &fields).await;
    assert!(reply
        .error_summary()
        .contains("There is no practitioner with reference p-nobody"));
    let fields = [
        ("username", "pat"),
        ("role", "practitioner"),
        ("password", PASSWORD),
        ("practitioner", "p-school"),
    ];
    let reply = admin.submit("/admin/users", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let page = admin.get(reply.location()).await;
    assert!(page.body.contains("p-school (school)"), "{}", page.body);

    let fields = [
        ("username", "cora"),
        ("role", "register_coordinator"),
        ("password", PASSWORD),
    ];
    let reply = admin.submit("/admin/users", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    // Both work in Kingston: the practitioner as a school practitioner.
    let mut pat = app.signed_in("pat").await;
    let me = pat.get("/api/me").await.json();
    assert_eq!(me["organisation"], KINGSTON);
    assert_eq!(me["register"]["capacity"], "practitioner");
    assert_eq!(me["register"]["agency"], "school");
    let mut cora = app.signed_in("cora").await;
    let me = cora.get("/api/me").await.json();
    assert_eq!(me["register"]["capacity"], "coordinator");
}

#[tokio::test]
async fn administrators_see_and_manage_only_their_own_organisations_accounts() {
    let app = TestApp::start().await;
    let outsider = app
        .add_member("olivia", Role::BoardMember, Membership::of("Testshire"))
        .await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;
    let token = admin.csrf_token().await;
    let list = admin.get("/admin/users").await;
    assert!(list.body.contains("alice") && !list.body.contains("olivia"));
    let page = format!("/admin/users/{}", outsider.id);
    assert_eq!(admin.get(&page).await.status, StatusCode::NOT_FOUND);
    let reply = admin
        .post(
            &format!("{page}/role"),
            &[("csrf_token", &token), ("role", "admin")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = admin
        .post(&format!("{page}/disable"), &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    app.signed_in("olivia").await;
}

#[tokio::test]
async fn administrators_cannot_demote_or_disable_themselves() {
    let app = TestApp::start().await;
    let alice = app.add_user("alice", Role::Admin).await;
    let mut admin = app.signed_in("alice").await;
    let token = admin.csrf_token().await;
    let own = format!("/admin/users/{}", alice.id);
    let page = admin.get(&own).await;
    assert!(page.body.contains("This is your account"));
    let reply = admin
        .post(
            &format!("{own}/role"),
            &[("csrf_token", &token), ("role", "board_member")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = admin
        .post(&format!("{own}/disable"), &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(admin.get("/admin/users").await.status, StatusCode::OK);
}

#[tokio::test]
async fn invalid_new_users_are_explained_field_by_field() {
    let app = TestApp::start().await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;

    let reply = admin.add_account("bad name", "auditor", "short").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = reply.error_summary();
    assert!(summary.contains("href=\"#username\""), "{summary}");
    assert!(summary.contains("Select a role"), "{summary}");
    assert!(
        reply.body.contains("value=\"bad name\""),
        "what was typed is kept"
    );

    let reply = admin.add_account("carol", "admin", "short").await;
    assert!(reply
        .error_summary()
        .contains("Password must be 12 characters or more"));

    let reply = admin.add_account("ALICE", "admin", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .error_summary()
        .contains("A user called alice already exists"));
}

#[tokio::test]
async fn create_user_checks_the_username_and_password() {
    let app = TestApp::start().await;
    let short = create_user(
        &app.store,
        "erin",
        &Password::new("too short"),
        Role::BoardMember,
        Membership::of(KINGSTON),
    )
    .await;
    assert!(short.is_err());
    let odd = create_user(
        &app.store,
        "erin smith",
        &Password::new(PASSWORD),
        Role::BoardMember,
        Membership::of(KINGSTON),
    )
    .await;
    assert!(odd.is_err());
    let erin = create_user(
        &app.store,
        "Erin",
        &Password::new(PASSWORD),
        Role::BoardMember,
        Membership::of(KINGSTON),
    )
    .await;
    assert_eq!(erin.map(|u| u.username).ok(), Some("erin".to_owned()));
    let again = create_user(
        &app.store,
        "erin",
        &Password::new(PASSWORD),
        Role::Admin,
        Membership::of(KINGSTON),
    )
    .await;
    assert_eq!(
        again.map_err(|e| e.to_string()).err(),
        Some("A user called erin already exists".to_owned())
    );
}

/// The account, session and audit queries on the other backend, through the pages.
#[tokio::test]
async fn accounts_sessions_and_the_audit_log_work_on_postgresql() {
    let app = TestApp::on_postgres().await;
    assert_eq!(app.store.user_count().await.ok(), Some(0));
    app.add_user("alice", Role::Admin).await;
    assert_eq!(app.store.user_count().await.ok(), Some(1));
    let wrong = app.visitor().try_sign_in("alice", "wrong password!").await;
    assert!(wrong
        .error_summary()
        .contains("Enter a correct username and password"));
    let mut admin = app.signed_in("alice").await;
    let token = admin.csrf_token().await;

    let reply = admin.add_account("bob", "board_member", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let bob_page = reply
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let again = admin.add_account("bob", "board_member", PASSWORD).await;
    assert!(again
        .error_summary()
        .contains("A user called bob already exists"));

    let mut bob = app.signed_in("bob").await;
    assert_eq!(bob.get("/admin/users").await.status, StatusCode::FORBIDDEN);
    admin
        .post(
            &format!("{bob_page}/role"),
            &[("csrf_token", &token), ("role", "admin"), ("version", "1")],
        )
        .await;
    assert_eq!(bob.get("/admin/users").await.status, StatusCode::OK);
    admin
        .post(&format!("{bob_page}/disable"), &[("csrf_token", &token)])
        .await;
    assert_eq!(bob.get("/").await.status, StatusCode::SEE_OTHER);
    admin
        .post(&format!("{bob_page}/enable"), &[("csrf_token", &token)])
        .await;
    let mut bob = app.signed_in("bob").await;
    let bob_token = bob.csrf_token().await;
    let reply = bob.post("/sign-out", &[("csrf_token", &bob_token)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let log = admin.get("/admin/audit").await.body;
    for event in [
        "User added",
        "Sign-in failed",
        "Signed in",
        "Role changed",
        "Account disabled",
        "Account enabled",
        "Signed out",
    ] {
        assert!(
            log.contains(event),
            "{event} missing from the audit log:\n{log}"
        );
    }
    let users = admin.get("/admin/users").await.body;
    assert!(
        users.contains(">bob<") && users.contains("Administrator"),
        "{users}"
    );
    app.finish().await;
}

#[tokio::test]
async fn unknown_users_are_pages_that_do_not_exist() {
    let app = TestApp::start().await;
    let mut admin = app.sign_in_as("alice", Role::Admin).await;
    for path in [
        "/admin/users/999",
        "/admin/users/not-a-number",
        "/admin/users/1x",
    ] {
        let reply = admin.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.body.contains("Page not found"), "{path}");
    }
}

#[tokio::test]
async fn administrators_reset_a_forgotten_password_shown_once() {
    let app = TestApp::start().await;
    let alice = app.add_user("alice", Role::Admin).await;
    let bob = app.add_user("bob", Role::LeadOfficer).await;
    let mut admin = app.signed_in("alice").await;
    let mut bob_session = app.signed_in("bob").await;
    let token = admin.csrf_token().await;

    let reset = format!("/admin/users/{}/password", bob.id);
    let reply = admin.post(&reset, &[("csrf_token", &token)]).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("cache-control"), "no-store");
    let marker = "id=\"new-password\">";
    let start = reply.body.find(marker).expect("the new password is shown") + marker.len();
    let password: String = reply.body[start..]
        .chars()
        .take_while(|c| *c != '<')
        .collect();
    assert_eq!(password.chars().count(), 20, "{password}");

    assert_eq!(bob_session.get("/").await.status, StatusCode::SEE_OTHER);
    let old = app.visitor().try_sign_in("bob", PASSWORD).await;
    assert!(old
        .error_summary()
        .contains("Enter a correct username and password"));
    let new = app.visitor().try_sign_in("bob", &password).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);

    // The password is in neither the audit log nor the user's page.
    let log = admin.get("/admin/audit").await.body;
    assert!(log.contains("Password reset") && !log.contains(&password));
    let page = admin.get(&format!("/admin/users/{}", bob.id)).await.body;
    assert!(!page.contains(&password));

    let own = format!("/admin/users/{}/password", alice.id);
    let reply = admin.post(&own, &[("csrf_token", &token)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

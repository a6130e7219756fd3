//! HTTP-level tests: each starts the real server on port 0 with its own SQLite
//! database and talks to it over TCP as a browser would. This is the crate's only
//! integration test binary; add tests here rather than new files.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tempfile::TempDir;
use tokio::net::{TcpListener, TcpStream};
use trustboard_core::access::Role;
use trustboard_core::model::PlanDocument;
use trustboard_core::plan_diff::Slot;
use trustboard_store::{ImportOptions, Store};
use trustboard_web::accounts::{create_user, Password, User};
use trustboard_web::throttle::ThrottlePolicy;
use trustboard_web::{serve_listener, AppState, WebConfig};

const PASSWORD: &str = "correct horse battery staple";

struct TestApp {
    address: SocketAddr,
    store: Store,
    _dir: TempDir,
    /// The PostgreSQL database to drop afterwards, with the server to drop it on.
    postgres: Option<(String, String)>,
}

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

struct Reply {
    status: StatusCode,
    headers: hyper::HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    /// The value of the first hidden `csrf_token` field in the page.
    fn csrf_token(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).map(|i| i + marker.len());
        let start = start.unwrap_or_else(|| panic!("no CSRF field in:\n{}", self.body));
        self.body[start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect()
    }

    fn error_summary(&self) -> String {
        let start = self.body.find("<div class=\"error-summary\"");
        let start = start.unwrap_or_else(|| panic!("no error summary in:\n{}", self.body));
        let end = self.body[start..]
            .find("</div>")
            .map_or(self.body.len(), |i| start + i);
        self.body[start..end].to_owned()
    }
}

/// A cookie jar that behaves as a browser's does for our cookies.
#[derive(Default, Clone)]
struct Browser {
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, reply: &Reply) {
        for set in reply.set_cookies() {
            let first = set.split(';').next().unwrap_or_default();
            let Some((name, value)) = first.split_once('=') else {
                continue;
            };
            if set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }
}

impl TestApp {
    async fn start() -> TestApp {
        TestApp::with_config(WebConfig::default()).await
    }

    async fn with_config(config: WebConfig) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("trustboard.db").display());
        TestApp::serve(&url, dir, config, None).await
    }

    /// On a fresh PostgreSQL database, from `TRUSTBOARD_TEST_POSTGRES`; fails when none is reachable.
    async fn on_postgres() -> TestApp {
        use sqlx::{Connection, Executor};
        let admin_url =
            std::env::var("TRUSTBOARD_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|error| {
            panic!(
                "PostgreSQL is needed for this test and is not reachable at {admin_url}: {error}. \
                 Start it or point TRUSTBOARD_TEST_POSTGRES at a server whose user may create databases."
            )
        });
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let serial = NEXT.fetch_add(1, Ordering::Relaxed);
        let name = format!("trustboard_web_test_{}_{serial}", std::process::id());
        admin
            .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await
            .expect("drop a leftover test database");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create a test database");
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        let dir = tempfile::tempdir().expect("temporary directory");
        TestApp::serve(
            &url,
            dir,
            WebConfig::default(),
            Some((admin_url.clone(), name)),
        )
        .await
    }

    async fn serve(
        url: &str,
        dir: TempDir,
        config: WebConfig,
        postgres: Option<(String, String)>,
    ) -> TestApp {
        let store = Store::open(url).await.expect("open a fresh store");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let address = listener.local_addr().expect("bound address");
        let state = AppState::new(store.clone(), config);
        tokio::spawn(serve_listener(listener, state, std::future::pending()));
        TestApp {
            address,
            store,
            _dir: dir,
            postgres,
        }
    }

    /// Drops a PostgreSQL test database; SQLite's goes with its temporary folder.
    async fn finish(self) {
        use sqlx::{Connection, Executor};
        self.store.close().await;
        if let Some((admin_url, name)) = self.postgres {
            let mut admin = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("reconnect");
            admin
                .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                .await
                .expect("drop the test database");
        }
    }

    async fn add_user(&self, username: &str, role: Role) -> User {
        create_user(&self.store, username, &Password::new(PASSWORD), role)
            .await
            .expect("create user")
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        browser: &mut Browser,
        form: Option<&[(&str, &str)]>,
    ) -> Reply {
        let stream = TcpStream::connect(self.address).await.expect("connect");
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .expect("handshake");
        tokio::spawn(connection);
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.address.to_string());
        if !browser.cookies.is_empty() {
            request = request.header(COOKIE, browser.cookie_header());
        }
        let body = match form {
            Some(fields) => {
                request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
                fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect::<Vec<_>>()
                    .join("&")
            }
            None => String::new(),
        };
        let request = request.body(Full::new(Bytes::from(body))).expect("request");
        let response = sender.send_request(request).await.expect("response");
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        let reply = Reply {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        browser.remember(&reply);
        reply
    }

    async fn get(&self, path: &str, browser: &mut Browser) -> Reply {
        self.send(Method::GET, path, browser, None).await
    }

    async fn post(&self, path: &str, browser: &mut Browser, fields: &[(&str, &str)]) -> Reply {
        self.send(Method::POST, path, browser, Some(fields)).await
    }

    /// Fills in the sign-in form as a person would.
    async fn try_sign_in(&self, browser: &mut Browser, username: &str, password: &str) -> Reply {
        let form = self.get("/sign-in", browser).await;
        assert_eq!(form.status, StatusCode::OK);
        let token = form.csrf_token();
        let fields = [
            ("csrf_token", token.as_str()),
            ("username", username),
            ("password", password),
            ("next", ""),
        ];
        self.post("/sign-in", browser, &fields).await
    }

    async fn signed_in(&self, username: &str) -> Browser {
        let mut browser = Browser::default();
        let reply = self.try_sign_in(&mut browser, username, PASSWORD).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "sign-in of {username} failed:\n{}",
            reply.body
        );
        browser
    }

    /// Imports the Kingston sample plan; the first plan in a fresh store is plan 1.
    async fn import_sample_plan(&self) -> PlanDocument {
        let doc = sample_plan();
        self.store
            .import_plan(
                &doc,
                ImportOptions {
                    dry_run: false,
                    source: "kingston-cypp-2009-13.json".into(),
                },
            )
            .await
            .expect("import the sample plan");
        doc
    }

    /// For the route matrix: NI 59 and milestone 1 of plan 1 owned by the user
    /// `lead_officer`, and entry 1 (NI 59 for 2010/11) submitted by `performance_officer`.
    async fn prepare_sign_off(&self) {
        use trustboard_store::audit::{AuditAction, AuditEntry};
        use trustboard_store::entry::{EntryDraft, SaveOutcome};
        use trustboard_store::owners::{Owned, OwnerChange};
        let users = self.store.users().await.expect("users");
        let user = |name: &str| {
            users
                .iter()
                .find(|u| u.username == name)
                .unwrap_or_else(|| panic!("no user {name}"))
        };
        let (lead, officer) = (user("lead_officer"), user("performance_officer"));
        let actor = trustboard_store::audit::Actor {
            user_id: officer.id,
            username: &officer.username,
        };
        let audit = |action| AuditEntry {
            at: chrono::Utc::now(),
            actor: Some(actor),
            action,
            subject: None,
            detail: "",
            client_address: None,
        };
        for subject in [
            Owned::Indicator {
                plan_id: 1,
                key: "NI 59",
            },
            Owned::Milestone { id: 1 },
        ] {
            let change = OwnerChange {
                subject,
                user_id: Some(lead.id),
                by: actor,
                at: chrono::Utc::now(),
            };
            let done = self
                .store
                .set_owner(&change, &audit(AuditAction::OwnerAssigned))
                .await
                .expect("set an owner");
            assert!(done, "{subject:?} exists");
        }
        let slot = ni59_slot();
        let version = self.store.slot_value(1, &slot).await.expect("slot").version;
        let parsed = trustboard_core::value::parse("81%");
        let draft = EntryDraft {
            slot: &slot,
            text: "81%",
            parsed: &parsed,
            commentary: "",
            commentary_internal: false,
            base_version: version,
            submit: true,
            author: actor,
            at: chrono::Utc::now(),
        };
        let saved = self
            .store
            .save_entry(1, &draft, &audit(AuditAction::EntrySubmitted))
            .await
            .expect("save an entry");
        assert!(
            matches!(saved, SaveOutcome::Saved(ref entry) if entry.id == 1),
            "{saved:?}"
        );
    }

    /// A page's CSRF token for this browser's session.
    async fn csrf_for(&self, browser: &mut Browser) -> String {
        self.get("/", browser).await.csrf_token()
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn header<'a>(reply: &'a Reply, name: &str) -> &'a str {
    reply
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn signing_in_sets_a_locked_down_session_cookie_and_shows_the_home_page() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::PerformanceOfficer).await;
    let mut browser = Browser::default();

    let reply = app.try_sign_in(&mut browser, "Alice", PASSWORD).await;
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

    let home = app.get("/", &mut browser).await;
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
        .cookies
        .get("trustboard_session")
        .expect("session cookie")
        .clone();
    let mut copy = Browser::default();
    copy.cookies
        .insert("trustboard_session".into(), token.clone());
    // The raw token works as a cookie, but the database holds only its hash.
    assert_eq!(app.get("/", &mut copy).await.status, StatusCode::OK);
    let db = app._dir.path().join("trustboard.db");
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
    let token = app.csrf_for(&mut admin).await;
    let reply = app
        .post(
            &format!("/admin/users/{}/disable", disabled.id),
            &mut admin,
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
        let mut browser = Browser::default();
        let reply = app.try_sign_in(&mut browser, username, password).await;
        assert!(
            !browser.cookies.contains_key("trustboard_session"),
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
    let mut browser = Browser::default();
    let reply = app.try_sign_in(&mut browser, "", "").await;
    assert!(reply.error_summary().contains("Enter your username"));
    let reply = app.try_sign_in(&mut browser, "alice", "").await;
    assert!(reply.error_summary().contains("Enter your password"));
}

#[tokio::test]
async fn repeated_failures_make_the_user_wait_even_with_the_right_password() {
    let config = WebConfig {
        sign_in_throttle: ThrottlePolicy {
            per_account_and_address: 3,
            per_address: 100,
            window: Duration::from_secs(600),
        },
        ..WebConfig::default()
    };
    let app = TestApp::with_config(config).await;
    app.add_user("alice", Role::BoardMember).await;
    app.add_user("bob", Role::BoardMember).await;
    let mut browser = Browser::default();
    for _ in 0..3 {
        let reply = app
            .try_sign_in(&mut browser, "alice", "not the password")
            .await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let reply = app.try_sign_in(&mut browser, "alice", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        reply.error_summary().contains("Wait 10 minutes"),
        "{}",
        reply.body
    );
    assert!(!browser.cookies.contains_key("trustboard_session"));
    // Another account from the same address is not locked out.
    let other = app
        .try_sign_in(&mut Browser::default(), "bob", PASSWORD)
        .await;
    assert_eq!(other.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn forms_without_the_sessions_csrf_token_are_refused() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut admin = app.signed_in("alice").await;
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
        let reply = app.post("/admin/users", &mut admin, &fields(token)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "token {token:?}");
    }
    let missing = app
        .post(
            "/admin/users",
            &mut admin,
            &[("username", "mallory"), ("role", "admin")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(!app
        .get("/admin/users", &mut admin)
        .await
        .body
        .contains("mallory"));

    let sign_out = app
        .post("/sign-out", &mut admin, &[("csrf_token", "nope")])
        .await;
    assert_eq!(sign_out.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/", &mut admin).await.status,
        StatusCode::OK,
        "still signed in"
    );
}

#[tokio::test]
async fn the_sign_in_form_needs_its_own_csrf_cookie() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut browser = Browser::default();
    let token = app.get("/sign-in", &mut browser).await.csrf_token();
    // A cross-site post arrives without the SameSite=Strict cookie.
    let mut stranger = Browser::default();
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "alice"),
        ("password", PASSWORD),
    ];
    let reply = app.post("/sign-in", &mut stranger, &fields).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(!stranger.cookies.contains_key("trustboard_session"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::LeadOfficer).await;
    let mut browser = app.signed_in("alice").await;
    let old_cookies = browser.clone();
    let token = app.csrf_for(&mut browser).await;

    let reply = app
        .post("/sign-out", &mut browser, &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
    assert!(reply
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("trustboard_session=;") && c.contains("Max-Age=0")));
    assert!(!browser.cookies.contains_key("trustboard_session"));

    // Replaying the old cookie does not work: the session is gone, not just forgotten.
    let mut replay = old_cookies;
    let reply = app.get("/", &mut replay).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
}

#[tokio::test]
async fn pages_send_people_to_sign_in_and_back_but_never_elsewhere() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut browser = Browser::default();
    let reply = app.get("/admin/users", &mut browser).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in?next=/admin/users");

    let form = app.get("/sign-in?next=/admin/users", &mut browser).await;
    let token = form.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "alice"),
        ("password", PASSWORD),
        ("next", "/admin/users"),
    ];
    let reply = app.post("/sign-in", &mut browser, &fields).await;
    assert_eq!(reply.location(), "/admin/users");

    let mut other = Browser::default();
    let token = app.get("/sign-in", &mut other).await.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "alice"),
        ("password", PASSWORD),
        ("next", "//evil.example/"),
    ];
    let reply = app.post("/sign-in", &mut other, &fields).await;
    assert_eq!(reply.location(), "/");
}

/// Requests covering every kind of response: pages, API, static, errors, signed in or not.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut anonymous = Browser::default();
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
        replies.push((path, app.get(path, &mut anonymous).await));
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
        replies.push((path, app.get(path, &mut admin).await));
    }
    replies.push((
        "DELETE /",
        app.send(Method::DELETE, "/", &mut admin, None).await,
    ));
    replies.push((
        "POST bad form",
        app.post("/admin/users", &mut admin, &[]).await,
    ));

    for (what, reply) in &replies {
        let csp = header(reply, "content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{what}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
        assert_eq!(header(reply, "x-content-type-options"), "nosniff", "{what}");
        assert_eq!(header(reply, "x-frame-options"), "DENY", "{what}");
        assert_eq!(header(reply, "referrer-policy"), "no-referrer", "{what}");
        // The policy forbids inline code, so the pages must not rely on any.
        assert!(!reply.body.contains("<script"), "{what} has a script");
        assert!(!reply.body.contains(" style=\""), "{what} has inline style");
    }
}

/// Who may reach what. Add every new route here with the roles that may use it.
struct RouteCase {
    method: Method,
    path: &'static str,
    /// Form fields besides the CSRF token, for POST routes.
    form: &'static [(&'static str, &'static str)],
    allowed: &'static [Role],
    /// What an allowed user gets.
    success: StatusCode,
}

const EVERYONE: &[Role] = &[
    Role::Admin,
    Role::PerformanceOfficer,
    Role::LeadOfficer,
    Role::BoardMember,
];
const ADMINS: &[Role] = &[Role::Admin];
const PERFORMANCE_OFFICERS: &[Role] = &[Role::PerformanceOfficer];
/// Those who enter figures and update milestones (lead officers for what they own).
const ENTERERS: &[Role] = &[Role::PerformanceOfficer, Role::LeadOfficer];

fn route_matrix(target_id: i64) -> Vec<RouteCase> {
    let path = |p: String| -> &'static str { Box::leak(p.into_boxed_str()) };
    let get = |p: &'static str, allowed, success| RouteCase {
        method: Method::GET,
        path: p,
        form: &[],
        allowed,
        success,
    };
    let post = |p: &'static str, form, allowed, success| RouteCase {
        method: Method::POST,
        path: p,
        form,
        allowed,
        success,
    };
    vec![
        get("/", EVERYONE, StatusCode::OK),
        get("/admin/users", ADMINS, StatusCode::OK),
        get("/admin/users/new", ADMINS, StatusCode::OK),
        get(
            path(format!("/admin/users/{target_id}")),
            ADMINS,
            StatusCode::OK,
        ),
        get("/admin/audit", ADMINS, StatusCode::OK),
        get("/api/me", EVERYONE, StatusCode::OK),
        get("/api/plans", EVERYONE, StatusCode::OK),
        // The plan pages need the sample plan, imported as plan 1.
        get("/plans/1", EVERYONE, StatusCode::OK),
        get("/plans/1?format=csv", EVERYONE, StatusCode::OK),
        get("/plans/1/nodes/1", EVERYONE, StatusCode::OK),
        get("/plans/1/indicators/NI%2061", EVERYONE, StatusCode::OK),
        get("/plans/1/exceptions", EVERYONE, StatusCode::OK),
        get("/plans/1/localities", EVERYONE, StatusCode::OK),
        get("/api/plans/1/overview", EVERYONE, StatusCode::OK),
        get("/api/plans/1/nodes/1", EVERYONE, StatusCode::OK),
        get("/api/plans/1/indicators/NI%2061", EVERYONE, StatusCode::OK),
        get("/api/plans/1/exceptions", EVERYONE, StatusCode::OK),
        get("/api/plans/1/localities", EVERYONE, StatusCode::OK),
        post(
            "/plans/1/published",
            &[("published", "no")],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        get(
            "/plans/1/report?period=2010%2F11&format=xlsx",
            PERFORMANCE_OFFICERS,
            StatusCode::OK,
        ),
        // Entering and signing off figures, with the fixtures of `prepare_sign_off`:
        // NI 59 and milestone 1 owned by `lead_officer`, entry 1 awaiting approval.
        get("/my/indicators", ENTERERS, StatusCode::OK),
        get(
            "/plans/1/indicators/NI%2059/entry?period=2010%2F11",
            ENTERERS,
            StatusCode::OK,
        ),
        post(
            "/plans/1/indicators/NI%2059/entry",
            &[
                ("period", "2010/11"),
                ("version", "1"),
                ("intent", "draft"),
                ("text", ""),
            ],
            ENTERERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        get(
            "/plans/1/indicators/NI%2059/settings",
            PERFORMANCE_OFFICERS,
            StatusCode::OK,
        ),
        post(
            "/plans/1/indicators/NI%2061/owner",
            &[("owner", "")],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        get("/plans/1/approvals", PERFORMANCE_OFFICERS, StatusCode::OK),
        get("/plans/1/approvals/1", PERFORMANCE_OFFICERS, StatusCode::OK),
        post(
            "/plans/1/approvals/1/return",
            &[("reason", "")],
            PERFORMANCE_OFFICERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/approvals/1/approve",
            &[],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        get("/plans/1/nodes/1.1/actions", EVERYONE, StatusCode::OK),
        get("/plans/1/milestones/overdue", EVERYONE, StatusCode::OK),
        get("/plans/1/milestones/1", EVERYONE, StatusCode::OK),
        post(
            "/plans/1/milestones/1/status",
            &[("status", "on_track")],
            ENTERERS,
            StatusCode::SEE_OTHER,
        ),
        post(
            "/plans/1/milestones/1/notes",
            &[("note", "")],
            ENTERERS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            "/plans/1/milestones/1/owner",
            &[("owner", "")],
            PERFORMANCE_OFFICERS,
            StatusCode::SEE_OTHER,
        ),
        // An incomplete form: allowed users get the validation page, not a new account.
        post(
            "/admin/users",
            &[("username", "new.user")],
            ADMINS,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post(
            path(format!("/admin/users/{target_id}/role")),
            &[("role", "lead_officer")],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        post(
            path(format!("/admin/users/{target_id}/disable")),
            &[],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        post(
            path(format!("/admin/users/{target_id}/enable")),
            &[],
            ADMINS,
            StatusCode::SEE_OTHER,
        ),
        post(
            path(format!("/admin/users/{target_id}/password")),
            &[],
            ADMINS,
            StatusCode::OK,
        ),
        get("/account/password", EVERYONE, StatusCode::OK),
        // An incomplete form again: the check runs, the password stays.
        post(
            "/account/password",
            &[("new_password", "x")],
            EVERYONE,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        post("/sign-out", &[], EVERYONE, StatusCode::SEE_OTHER),
    ]
}

/// Routes anyone may use, signed in or not.
const PUBLIC_ROUTES: &[&str] = &["/sign-in", "/static/trustboard.css", "/api/openapi.json"];

#[tokio::test]
async fn each_role_reaches_exactly_the_routes_it_is_allowed() {
    let app = TestApp::start().await;
    let target = app.add_user("target", Role::BoardMember).await;
    for role in Role::ALL {
        app.add_user(role.code(), role).await;
    }
    app.import_sample_plan().await;
    app.prepare_sign_off().await;
    for case in route_matrix(target.id) {
        for role in Role::ALL {
            // A fresh session each time, because one of the routes signs out.
            let mut browser = app.signed_in(role.code()).await;
            let token = app.csrf_for(&mut browser).await;
            let reply = if case.method == Method::POST {
                let mut fields = vec![("csrf_token", token.as_str())];
                fields.extend_from_slice(case.form);
                app.post(case.path, &mut browser, &fields).await
            } else {
                app.get(case.path, &mut browser).await
            };
            let expected = if case.allowed.contains(&role) {
                case.success
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(
                reply.status, expected,
                "{} {} as {role:?}",
                case.method, case.path
            );
        }
        let reply = app
            .send(
                case.method.clone(),
                case.path,
                &mut Browser::default(),
                Some(case.form),
            )
            .await;
        if case.path.starts_with("/api/") {
            assert_eq!(
                reply.status,
                StatusCode::UNAUTHORIZED,
                "{} {} signed out",
                case.method,
                case.path
            );
        } else {
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{} {} signed out",
                case.method,
                case.path
            );
            assert!(
                reply.location().starts_with("/sign-in"),
                "{} {} signed out",
                case.method,
                case.path
            );
        }
    }
    for path in PUBLIC_ROUTES {
        assert_eq!(
            app.get(path, &mut Browser::default()).await.status,
            StatusCode::OK,
            "{path}"
        );
    }
}

#[tokio::test]
async fn administrators_add_users_change_roles_and_disable_accounts() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut admin = app.signed_in("alice").await;
    let token = app.csrf_for(&mut admin).await;

    let reply = app
        .post(
            "/admin/users",
            &mut admin,
            &[
                ("csrf_token", &token),
                ("username", "Bob.Smith"),
                ("role", "board_member"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let created_page = reply.location().to_owned();
    assert!(created_page.starts_with("/admin/users/"), "{created_page}");
    let page = app.get(&created_page, &mut admin).await;
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
    assert_eq!(
        app.get("/admin/users", &mut bob).await.status,
        StatusCode::FORBIDDEN
    );

    // Promotion takes effect on Bob's existing session at once.
    let role_path = format!("{bob_page}/role");
    let reply = app
        .post(
            &role_path,
            &mut admin,
            &[("csrf_token", &token), ("role", "admin")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/admin/users", &mut bob).await.status,
        StatusCode::OK
    );

    // Disabling ends Bob's session and stops him signing in.
    let reply = app
        .post(
            &format!("{bob_page}/disable"),
            &mut admin,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/", &mut bob).await.status, StatusCode::SEE_OTHER);
    let again = app
        .try_sign_in(&mut Browser::default(), "bob.smith", PASSWORD)
        .await;
    assert!(again
        .error_summary()
        .contains("Enter a correct username and password"));
    let list = app.get("/admin/users", &mut admin).await;
    assert!(list.body.contains("Disabled"));

    // Enabling lets him back in.
    let reply = app
        .post(
            &format!("{bob_page}/enable"),
            &mut admin,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    app.signed_in("bob.smith").await;
}

#[tokio::test]
async fn administrators_cannot_demote_or_disable_themselves() {
    let app = TestApp::start().await;
    let alice = app.add_user("alice", Role::Admin).await;
    let mut admin = app.signed_in("alice").await;
    let token = app.csrf_for(&mut admin).await;
    let own = format!("/admin/users/{}", alice.id);
    let page = app.get(&own, &mut admin).await;
    assert!(page.body.contains("This is your account"));
    let reply = app
        .post(
            &format!("{own}/role"),
            &mut admin,
            &[("csrf_token", &token), ("role", "board_member")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = app
        .post(
            &format!("{own}/disable"),
            &mut admin,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/admin/users", &mut admin).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn invalid_new_users_are_explained_field_by_field() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut admin = app.signed_in("alice").await;
    let token = app.csrf_for(&mut admin).await;

    let reply = app
        .post(
            "/admin/users",
            &mut admin,
            &[
                ("csrf_token", &token),
                ("username", "bad name"),
                ("role", "practitioner"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = reply.error_summary();
    assert!(summary.contains("href=\"#username\""), "{summary}");
    assert!(summary.contains("Select a role"), "{summary}");
    assert!(
        reply.body.contains("value=\"bad name\""),
        "what was typed is kept"
    );

    let reply = app
        .post(
            "/admin/users",
            &mut admin,
            &[
                ("csrf_token", &token),
                ("username", "carol"),
                ("role", "admin"),
                ("password", "short"),
            ],
        )
        .await;
    assert!(reply
        .error_summary()
        .contains("Password must be 12 characters or more"));

    let reply = app
        .post(
            "/admin/users",
            &mut admin,
            &[
                ("csrf_token", &token),
                ("username", "ALICE"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .error_summary()
        .contains("A user called alice already exists"));
}

#[tokio::test]
async fn the_audit_log_records_who_did_what_from_where() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    app.try_sign_in(&mut Browser::default(), "alice", "wrong password!")
        .await;
    let mut admin = app.signed_in("alice").await;
    let token = app.csrf_for(&mut admin).await;
    app.post(
        "/admin/users",
        &mut admin,
        &[
            ("csrf_token", &token),
            ("username", "bob"),
            ("role", "lead_officer"),
            ("password", PASSWORD),
        ],
    )
    .await;

    let log = app.get("/admin/audit", &mut admin).await;
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

/// Whether `path` is an instance of the OpenAPI path `template` (`/plans/{id}`).
fn fits_template(template: &str, path: &str) -> bool {
    let (template, path): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}') && !p.is_empty()))
}

#[tokio::test]
async fn the_api_describes_itself_and_answers_in_json() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::LeadOfficer).await;
    let mut browser = Browser::default();
    let spec = app.get("/api/openapi.json", &mut browser).await;
    assert_eq!(header(&spec, "content-type"), "application/json");
    let spec: serde_json::Value =
        serde_json::from_str(&spec.body).expect("OpenAPI document is JSON");
    assert_eq!(spec["openapi"], "3.1.0");
    let documented: Vec<&String> = spec["paths"].as_object().expect("paths").keys().collect();
    let served: Vec<String> = route_matrix(0)
        .iter()
        .map(|case| case.path)
        .chain(PUBLIC_ROUTES.iter().copied())
        .filter_map(|path| path.strip_prefix("/api"))
        .map(|path| path.split('?').next().unwrap_or(path).to_owned())
        .collect();
    for path in &served {
        assert!(
            documented
                .iter()
                .any(|template| fits_template(template, path)),
            "{path} is served but not documented"
        );
    }
    for template in documented {
        assert!(
            served.iter().any(|path| fits_template(template, path)),
            "{template} is documented but not in the route matrix"
        );
    }

    let unauthorised = app.get("/api/me", &mut Browser::default()).await;
    assert_eq!(unauthorised.status, StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = serde_json::from_str(&unauthorised.body).expect("JSON error");
    assert!(body["error"].is_string());

    let mut signed_in = app.signed_in("alice").await;
    let me: serde_json::Value =
        serde_json::from_str(&app.get("/api/me", &mut signed_in).await.body).expect("JSON");
    assert_eq!(me["username"], "alice");
    assert_eq!(me["role"], "lead_officer");
    assert_eq!(me["permissions"], serde_json::json!(["view_plans"]));
    let plans: serde_json::Value =
        serde_json::from_str(&app.get("/api/plans", &mut signed_in).await.body).expect("JSON");
    assert_eq!(plans, serde_json::json!([]));
}

#[tokio::test]
async fn create_user_checks_the_username_and_password() {
    let app = TestApp::start().await;
    let short = create_user(
        &app.store,
        "erin",
        &Password::new("too short"),
        Role::BoardMember,
    )
    .await;
    assert!(short.is_err());
    let odd = create_user(
        &app.store,
        "erin smith",
        &Password::new(PASSWORD),
        Role::BoardMember,
    )
    .await;
    assert!(odd.is_err());
    let erin = create_user(
        &app.store,
        "Erin",
        &Password::new(PASSWORD),
        Role::BoardMember,
    )
    .await;
    assert_eq!(erin.map(|u| u.username).ok(), Some("erin".to_owned()));
    let again = create_user(&app.store, "erin", &Password::new(PASSWORD), Role::Admin).await;
    assert_eq!(
        again.map_err(|e| e.to_string()).err(),
        Some("A user called erin already exists".to_owned())
    );
}

#[tokio::test]
async fn sessions_end_when_their_lifetime_is_over() {
    let config = WebConfig {
        session_lifetime: Duration::from_secs(1),
        ..WebConfig::default()
    };
    let app = TestApp::with_config(config).await;
    app.add_user("alice", Role::BoardMember).await;
    let mut browser = app.signed_in("alice").await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let reply = app.get("/", &mut browser).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/sign-in");
}

/// The account, session and audit queries on the other backend, through the pages.
#[tokio::test]
async fn accounts_sessions_and_the_audit_log_work_on_postgresql() {
    let app = TestApp::on_postgres().await;
    assert_eq!(app.store.user_count().await.ok(), Some(0));
    app.add_user("alice", Role::Admin).await;
    assert_eq!(app.store.user_count().await.ok(), Some(1));
    let wrong = app
        .try_sign_in(&mut Browser::default(), "alice", "wrong password!")
        .await;
    assert!(wrong
        .error_summary()
        .contains("Enter a correct username and password"));
    let mut admin = app.signed_in("alice").await;
    let token = app.csrf_for(&mut admin).await;

    let add_bob = [
        ("csrf_token", token.as_str()),
        ("username", "bob"),
        ("role", "board_member"),
        ("password", PASSWORD),
    ];
    let reply = app.post("/admin/users", &mut admin, &add_bob).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let bob_page = reply
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let again = app.post("/admin/users", &mut admin, &add_bob).await;
    assert!(again
        .error_summary()
        .contains("A user called bob already exists"));

    let mut bob = app.signed_in("bob").await;
    assert_eq!(
        app.get("/admin/users", &mut bob).await.status,
        StatusCode::FORBIDDEN
    );
    app.post(
        &format!("{bob_page}/role"),
        &mut admin,
        &[("csrf_token", &token), ("role", "admin")],
    )
    .await;
    assert_eq!(
        app.get("/admin/users", &mut bob).await.status,
        StatusCode::OK
    );
    app.post(
        &format!("{bob_page}/disable"),
        &mut admin,
        &[("csrf_token", &token)],
    )
    .await;
    assert_eq!(app.get("/", &mut bob).await.status, StatusCode::SEE_OTHER);
    app.post(
        &format!("{bob_page}/enable"),
        &mut admin,
        &[("csrf_token", &token)],
    )
    .await;
    let mut bob = app.signed_in("bob").await;
    let bob_token = app.csrf_for(&mut bob).await;
    let reply = app
        .post("/sign-out", &mut bob, &[("csrf_token", &bob_token)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let log = app.get("/admin/audit", &mut admin).await.body;
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
    let users = app.get("/admin/users", &mut admin).await.body;
    assert!(
        users.contains(">bob<") && users.contains("Administrator"),
        "{users}"
    );
    app.finish().await;
}

#[tokio::test]
async fn people_change_their_own_password_and_other_sessions_end() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::PerformanceOfficer).await;
    let mut laptop = app.signed_in("alice").await;
    let mut phone = app.signed_in("alice").await;
    let token = app.csrf_for(&mut laptop).await;
    let new = "a different long passphrase";
    let form = |current, confirm| {
        [
            ("csrf_token", token.as_str()),
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", confirm),
        ]
    };

    let reply = app
        .post(
            "/account/password",
            &mut laptop,
            &form("not my password", new),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply
        .error_summary()
        .contains("Your current password is not correct"));

    let reply = app
        .post(
            "/account/password",
            &mut laptop,
            &form(PASSWORD, "something else entirely"),
        )
        .await;
    assert!(reply.error_summary().contains("Passwords must match"));

    let reply = app
        .post("/account/password", &mut laptop, &form(PASSWORD, new))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(app
        .get(reply.location(), &mut laptop)
        .await
        .body
        .contains("Password changed"));

    // This session carries on; the other one has ended.
    assert_eq!(app.get("/", &mut laptop).await.status, StatusCode::OK);
    assert_eq!(app.get("/", &mut phone).await.status, StatusCode::SEE_OTHER);
    let old = app
        .try_sign_in(&mut Browser::default(), "alice", PASSWORD)
        .await;
    assert!(old
        .error_summary()
        .contains("Enter a correct username and password"));
    let fresh = app.try_sign_in(&mut Browser::default(), "alice", new).await;
    assert_eq!(fresh.status, StatusCode::SEE_OTHER);
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
    let first = app.get("/admin/audit", &mut admin).await.body;
    assert!(first.contains(">guess-119<"), "newest first");
    assert!(!first.contains(">guess-019<"), "one page at a time");
    let marker = "href=\"/admin/audit?before=";
    let start = first.find(marker).expect("a link to older events") + "href=\"".len();
    let older_link: String = first[start..].chars().take_while(|c| *c != '"').collect();
    let second = app.get(&older_link, &mut admin).await.body;
    assert!(second.contains(">guess-019<") && second.contains(">guess-000<"));
    assert!(!second.contains(">guess-119<"));
    assert!(
        second.contains("from the command line"),
        "the oldest event is on the last page"
    );
    assert!(!second.contains(marker), "no link past the oldest event");
}

#[tokio::test]
async fn unknown_users_are_pages_that_do_not_exist() {
    let app = TestApp::start().await;
    app.add_user("alice", Role::Admin).await;
    let mut admin = app.signed_in("alice").await;
    for path in [
        "/admin/users/999",
        "/admin/users/not-a-number",
        "/admin/users/1x",
    ] {
        let reply = app.get(path, &mut admin).await;
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
    let token = app.csrf_for(&mut admin).await;

    let reset = format!("/admin/users/{}/password", bob.id);
    let reply = app
        .post(&reset, &mut admin, &[("csrf_token", &token)])
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(header(&reply, "cache-control"), "no-store");
    let marker = "id=\"new-password\">";
    let start = reply.body.find(marker).expect("the new password is shown") + marker.len();
    let password: String = reply.body[start..]
        .chars()
        .take_while(|c| *c != '<')
        .collect();
    assert_eq!(password.chars().count(), 20, "{password}");

    assert_eq!(
        app.get("/", &mut bob_session).await.status,
        StatusCode::SEE_OTHER
    );
    let old = app
        .try_sign_in(&mut Browser::default(), "bob", PASSWORD)
        .await;
    assert!(old
        .error_summary()
        .contains("Enter a correct username and password"));
    let new = app
        .try_sign_in(&mut Browser::default(), "bob", &password)
        .await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);

    // The password is in neither the audit log nor the user's page.
    let log = app.get("/admin/audit", &mut admin).await.body;
    assert!(log.contains("Password reset") && !log.contains(&password));
    let page = app
        .get(&format!("/admin/users/{}", bob.id), &mut admin)
        .await
        .body;
    assert!(!page.contains(&password));

    let own = format!("/admin/users/{}/password", alice.id);
    let reply = app.post(&own, &mut admin, &[("csrf_token", &token)]).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

fn sample_plan() -> PlanDocument {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/sample/kingston-cypp-2009-13.json"
    );
    let text = std::fs::read_to_string(path).expect("the Kingston sample plan");
    serde_json::from_str(&text).expect("the sample plan is a plan document")
}

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body)
        .unwrap_or_else(|error| panic!("not JSON ({error}):\n{}", reply.body))
}

/// The text of every cell of the HTML table with id `table-{id}`, row by row, tags stripped.
fn html_table_rows(body: &str, id: &str) -> Vec<Vec<String>> {
    let start = body
        .find(&format!("id=\"table-{id}\""))
        .unwrap_or_else(|| panic!("no table {id} in:\n{body}"));
    let body = &body[start..];
    let tbody =
        &body[body.find("<tbody>").unwrap_or(0)..body.find("</tbody>").unwrap_or(body.len())];
    let strip = |cell: &str| {
        let mut text = String::new();
        let mut in_tag = false;
        for c in cell.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&#38;", "&")
            .replace("&amp;", "&")
            .replace("&#39;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .trim()
            .to_owned()
    };
    tbody
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| strip(&format!("<td{}", cell.split("</td>").next().unwrap_or(""))))
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_overview_counts_what_the_judge_counts_for_each_outcome() {
    use trustboard_core::judge::{judge_plan, JudgeOptions};
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let doc = app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let api = json(
        &app.get("/api/plans/1/overview?period=2010/11", &mut browser)
            .await,
    );
    let page = app.get("/plans/1?period=2010/11", &mut browser).await;
    assert_eq!(page.status, StatusCode::OK);
    let table = html_table_rows(&page.body, "outcomes");
    let outcomes: Vec<_> = doc
        .nodes
        .iter()
        .filter(|n| n.parent.is_none() && n.retired.is_none())
        .collect();
    assert!(!outcomes.is_empty());
    assert_eq!(table.len(), outcomes.len());
    let today = chrono::Utc::now().date_naive();
    for (outcome, row) in outcomes.iter().zip(&table) {
        let mut options = JudgeOptions::new("2010/11".parse().expect("period"), today);
        options.node = Some(outcome.code.clone());
        let judged = judge_plan(&doc, &options).expect("judged");
        let s = &judged.summary;
        let expected: Vec<String> = [
            s.indicators,
            s.rag.green,
            s.rag.amber,
            s.rag.red,
            s.rag.grey,
            s.direction.improved,
            s.direction.declined,
            s.direction.unchanged,
            s.direction.mixed,
            s.direction.not_comparable,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(row[1..], expected[..], "outcome {}", outcome.code);
        assert!(
            page.body.contains(&s.headline.replace('\'', "&#39;"))
                || page.body.contains(&s.headline),
            "headline of {}",
            outcome.code
        );
        let from_api = api["outcomes"]
            .as_array()
            .expect("outcomes")
            .iter()
            .find(|o| o["code"] == outcome.code.as_str())
            .expect("outcome in the API");
        assert_eq!(from_api["summary"]["rag"]["red"], s.rag.red);
        assert_eq!(
            from_api["summary"]["direction"]["improved"],
            s.direction.improved
        );
        assert_eq!(from_api["summary"]["headline"], s.headline.as_str());
    }
}

#[tokio::test]
async fn the_indicator_page_explains_a_small_cohort_and_charts_it() {
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let page = app
        .get("/plans/1/indicators/NI%2061?period=2010/11", &mut browser)
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("one child"), "{}", page.body);
    assert!(page.body.contains("<svg role=\"img\""), "an inline chart");
    assert!(
        page.body.contains("<title id=\"chart-title\">"),
        "the chart has a title"
    );
    assert!(
        !page.body.contains(" style=\""),
        "no inline style under the CSP"
    );
    let api = json(
        &app.get(
            "/api/plans/1/indicators/NI%2061?period=2010/11",
            &mut browser,
        )
        .await,
    );
    let values = html_table_rows(&page.body, "values");
    assert_eq!(
        values.len(),
        api["values"].as_array().expect("values").len()
    );
    for (row, value) in values
        .iter()
        .zip(api["values"].as_array().into_iter().flatten())
    {
        assert_eq!(
            row[3],
            value["text"].as_str().unwrap_or_default(),
            "text as written"
        );
    }
    assert!(api["steps"].as_array().is_some_and(|s| s
        .iter()
        .any(|s| s.as_str().unwrap_or("").contains("one child"))));
}

#[tokio::test]
async fn downloads_hold_exactly_the_rows_of_the_page() {
    let app = TestApp::start().await;
    app.add_user("lead", Role::LeadOfficer).await;
    app.import_sample_plan().await;
    let mut browser = app.signed_in("lead").await;
    for path in [
        "/plans/1/nodes/1?period=2010/11",
        "/plans/1/exceptions?period=2010/11",
        "/plans/1?period=2010/11",
    ] {
        let page = app.get(path, &mut browser).await;
        let id = ["scorecard", "exceptions", "outcomes"]
            .into_iter()
            .find(|id| page.body.contains(&format!("id=\"table-{id}\"")))
            .expect("a table");
        let rows = html_table_rows(&page.body, id);
        assert!(!rows.is_empty(), "{path} has rows");
        let csv = app.get(&format!("{path}&format=csv"), &mut browser).await;
        assert_eq!(header(&csv, "content-type"), "text/csv; charset=utf-8");
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let downloaded: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.expect("CSV row").iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(downloaded, rows, "{path}");
        let xlsx = app.get(&format!("{path}&format=xlsx"), &mut browser).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(header(&xlsx, "content-disposition").contains(".xlsx"));
    }
}

#[tokio::test]
async fn judgements_follow_a_reimport_of_the_plan() {
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let mut doc = app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let before = json(
        &app.get("/api/plans/1/overview?period=2010/11", &mut browser)
            .await,
    );
    let count = before["summary"]["indicators"].as_u64().expect("count");
    let kept = doc.indicators[0].key.clone();
    doc.indicators.retain(|i| i.key == kept);
    doc.observations.retain(|o| o.indicator == kept);
    doc.milestones.clear();
    app.store
        .import_plan(
            &doc,
            ImportOptions {
                dry_run: false,
                source: "smaller.json".into(),
            },
        )
        .await
        .expect("re-import");
    let after = json(
        &app.get("/api/plans/1/overview?period=2010/11", &mut browser)
            .await,
    );
    assert!(count > 1);
    assert_eq!(after["summary"]["indicators"], 1);
}

/// NI 59's 2010/11 out-turn in the sample plan: 73.5% against a target of 80%.
fn ni59_slot() -> Slot {
    Slot {
        indicator: "NI 59".into(),
        period: "2010/11".parse().expect("a period"),
        kind: trustboard_core::model::ObservationKind::Actual,
        locality: None,
        group: None,
    }
}

const NI59_ENTRY: &str = "/plans/1/indicators/NI%2059/entry";

/// The value of the hidden field `name` in a page.
fn hidden_field(reply: &Reply, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = reply
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in:\n{}", reply.body))
        + marker.len();
    reply.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect()
}

/// The sample plan, a performance officer `perf` and lead officers `lead` (who owns
/// NI 59, assigned through the settings page) and `other`, and a board member `board`.
async fn sign_off_app(app: &TestApp) -> (Browser, Browser) {
    app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    let lead = app.add_user("lead", Role::LeadOfficer).await;
    app.add_user("other", Role::LeadOfficer).await;
    app.add_user("board", Role::BoardMember).await;
    let mut perf = app.signed_in("perf").await;
    let settings = app
        .get("/plans/1/indicators/NI%2059/settings", &mut perf)
        .await;
    assert_eq!(settings.status, StatusCode::OK);
    let token = settings.csrf_token();
    let id = lead.id.to_string();
    let reply = app
        .post(
            "/plans/1/indicators/NI%2059/owner",
            &mut perf,
            &[("csrf_token", &token), ("owner", &id)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let lead = app.signed_in("lead").await;
    (perf, lead)
}

/// Fills in NI 59's 2010/11 entry form as `browser` sees it now.
async fn enter_ni59(app: &TestApp, browser: &mut Browser, text: &str, intent: &str) -> Reply {
    let form = app
        .get(&format!("{NI59_ENTRY}?period=2010%2F11"), browser)
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = form.csrf_token();
    let version = hidden_field(&form, "version");
    let fields = [
        ("csrf_token", token.as_str()),
        ("period", "2010/11"),
        ("locality", ""),
        ("group", ""),
        ("version", version.as_str()),
        ("text", text),
        ("commentary", "Audit of late assessments completed"),
        ("intent", intent),
    ];
    app.post(NI59_ENTRY, browser, &fields).await
}

async fn stored_ni59(app: &TestApp) -> String {
    let value = app.store.slot_value(1, &ni59_slot()).await.expect("slot");
    value.current.expect("a stored figure").text
}

#[tokio::test]
async fn lead_officers_enter_and_submit_only_for_indicators_they_own() {
    let app = TestApp::start().await;
    let (_perf, mut lead) = sign_off_app(&app).await;

    let mine = app.get("/my/indicators", &mut lead).await;
    assert!(
        mine.body
            .contains("Initial assessments carried out within 7 days"),
        "{}",
        mine.body
    );
    let mut other = app.signed_in("other").await;
    assert_eq!(
        app.get(&format!("{NI59_ENTRY}?period=2010%2F11"), &mut other)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let token = app.csrf_for(&mut other).await;
    let reply = app
        .post(
            NI59_ENTRY,
            &mut other,
            &[
                ("csrf_token", &token),
                ("period", "2010/11"),
                ("version", "1"),
                ("intent", "submit"),
                ("text", "99%"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // `lead` owns NI 59 but not NI 61.
    assert_eq!(
        app.get("/plans/1/indicators/NI%2061/entry", &mut lead)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let empty = enter_ni59(&app, &mut lead, "  ", "submit").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .error_summary()
        .contains("Enter the out-turn, for example 62% or 31/35"));
    let nonsense = enter_ni59(&app, &mut lead, "going well", "submit").await;
    assert_eq!(nonsense.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nonsense
        .error_summary()
        .contains("for example 62%, 31/35 or n/a"));
    assert!(
        nonsense.body.contains("value=\"going well\""),
        "the text is kept"
    );

    let draft = enter_ni59(&app, &mut lead, "81%", "draft").await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let mut board = app.signed_in("board").await;
    let mut perf = app.signed_in("perf").await;
    let queue = app.get("/plans/1/approvals", &mut perf).await;
    assert!(
        queue.body.contains("No figures are waiting"),
        "a draft is not submitted"
    );
    let submitted = enter_ni59(&app, &mut lead, "81%", "submit").await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let queue = app.get("/plans/1/approvals", &mut perf).await;
    assert!(
        queue.body.contains("81%") && queue.body.contains("lead"),
        "{}",
        queue.body
    );
    assert_eq!(
        stored_ni59(&app).await,
        "73.5%",
        "nothing changes before approval"
    );
    let officer_home = app.get("/my/indicators", &mut perf).await;
    assert!(
        officer_home.body.contains("/plans/1/approvals\">"),
        "{}",
        officer_home.body
    );
    assert!(
        officer_home.body.contains("1 waiting"),
        "{}",
        officer_home.body
    );

    let token = app.csrf_for(&mut board).await;
    for path in [
        NI59_ENTRY,
        "/plans/1/approvals/1/approve",
        "/plans/1/approvals/1/return",
    ] {
        let reply = app
            .post(
                path,
                &mut board,
                &[
                    ("csrf_token", &token),
                    ("period", "2010/11"),
                    ("reason", "no"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let page = app.get("/plans/1/approvals/1", &mut perf).await;
    assert!(page.body.contains("81%"), "the entry is still pending");
}

#[tokio::test]
async fn approval_stores_the_figure_keeps_the_old_one_and_changes_the_rag() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = sign_off_app(&app).await;
    let before = app
        .get(&format!("{NI59_ENTRY}?period=2010%2F11"), &mut lead)
        .await;
    assert!(before.body.contains(">Red</strong>"), "{}", before.body);
    assert_eq!(
        enter_ni59(&app, &mut lead, "81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );

    let page = app.get("/plans/1/approvals/1", &mut perf).await;
    let token = page.csrf_token();
    let reply = app
        .post(
            "/plans/1/approvals/1/approve",
            &mut perf,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    assert_eq!(stored_ni59(&app).await, "81%");
    let doc = app
        .store
        .load_plan(None, "CYPP 2009-13")
        .await
        .expect("plan");
    assert!(doc
        .observations
        .iter()
        .any(|o| o.indicator == "NI 59" && o.text == "81%"));
    let history = app
        .store
        .observation_history(None, "CYPP 2009-13", &ni59_slot())
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].text, "73.5%");
    assert!(
        history[0].replaced_by.contains("approved by perf"),
        "{:?}",
        history[0]
    );

    let after = app
        .get(&format!("{NI59_ENTRY}?period=2010%2F11"), &mut lead)
        .await;
    assert!(after.body.contains(">Green</strong>"), "{}", after.body);
    assert!(
        after.body.contains("Audit of late assessments completed"),
        "commentary shown"
    );
    let comments = app.store.commentary(1, "NI 59").await.expect("commentary");
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].author, "lead");
    let log = app.store.audit_log(None, 50).await.expect("audit log");
    for action in ["entry.submitted", "entry.approved", "owner.assigned"] {
        assert!(log.iter().any(|r| r.action == action), "{action} recorded");
    }
    let queue = app.get("/plans/1/approvals", &mut perf).await;
    assert!(queue.body.contains("No figures are waiting"));
}

#[tokio::test]
async fn returned_figures_go_back_to_their_author_with_the_reason() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = sign_off_app(&app).await;
    assert_eq!(
        enter_ni59(&app, &mut lead, "8.1%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let token = app.csrf_for(&mut perf).await;
    let empty = app
        .post(
            "/plans/1/approvals/1/return",
            &mut perf,
            &[("csrf_token", &token), ("reason", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .error_summary()
        .contains("Enter why the figure is being returned"));
    let reply = app
        .post(
            "/plans/1/approvals/1/return",
            &mut perf,
            &[
                ("csrf_token", &token),
                ("reason", "Decimal point in the wrong place"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_ni59(&app).await, "73.5%");
    let page = app
        .get(&format!("{NI59_ENTRY}?period=2010%2F11"), &mut lead)
        .await;
    assert!(
        page.body
            .contains("Returned: Decimal point in the wrong place"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"8.1%\""),
        "the returned text is there to correct"
    );
}

#[tokio::test]
async fn a_figure_changed_meanwhile_is_a_conflict_and_is_never_overwritten() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = sign_off_app(&app).await;
    // The lead officer opens the form, then the performance officer changes the figure.
    let stale = app
        .get(&format!("{NI59_ENTRY}?period=2010%2F11"), &mut lead)
        .await;
    assert_eq!(
        enter_ni59(&app, &mut perf, "79%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let token = app.csrf_for(&mut perf).await;
    let approved = app
        .post(
            "/plans/1/approvals/1/approve",
            &mut perf,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    let fields = [
        ("csrf_token", stale.csrf_token()),
        ("period", "2010/11".to_owned()),
        ("version", hidden_field(&stale, "version")),
        ("text", "81%".to_owned()),
        ("intent", "submit".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let conflict = app.post(NI59_ENTRY, &mut lead, &fields).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.body.contains("Someone else changed this figure"));
    assert!(
        conflict.body.contains("<strong>81%</strong>")
            && conflict.body.contains("<strong>79%</strong>")
    );
    assert_eq!(stored_ni59(&app).await, "79%");

    // An entry made before a change cannot be approved over it either.
    assert_eq!(
        enter_ni59(&app, &mut lead, "81%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        enter_ni59(&app, &mut perf, "80.5%", "submit").await.status,
        StatusCode::SEE_OTHER
    );
    let approved = app
        .post(
            "/plans/1/approvals/3/approve",
            &mut perf,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let refused = app
        .post(
            "/plans/1/approvals/2/approve",
            &mut perf,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("<strong>81%</strong>")
            && refused.body.contains("<strong>80.5%</strong>")
    );
    assert_eq!(stored_ni59(&app).await, "80.5%");
    let history = app
        .store
        .observation_history(None, "CYPP 2009-13", &ni59_slot())
        .await
        .expect("history");
    let texts: Vec<&str> = history.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, ["73.5%", "79%"], "every change kept");
}

#[tokio::test]
async fn every_new_form_needs_the_sessions_csrf_token() {
    let app = TestApp::start().await;
    let (mut perf, _lead) = sign_off_app(&app).await;
    let lead_id = app
        .store
        .users()
        .await
        .expect("users")
        .iter()
        .find(|u| u.username == "lead")
        .map(|u| u.id.to_string())
        .expect("lead");
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
            let reply = app.post(path, &mut perf, &with_token).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path} with {token:?}");
        }
    }
    assert_eq!(stored_ni59(&app).await, "73.5%");
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
async fn milestone_owners_record_status_and_notes_and_complete_ones_are_not_overdue() {
    use trustboard_core::model::MilestoneStatus;
    let app = TestApp::start().await;
    let (mut perf, mut lead) = sign_off_app(&app).await;
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
    let listed = app.get("/plans/1/milestones/overdue", &mut lead).await;
    assert!(listed.body.contains(&page), "listed while overdue");

    // Not the owner yet: the lead officer may read but not update.
    let token = app.csrf_for(&mut lead).await;
    let status = format!("{page}/status");
    let reply = app
        .post(
            &status,
            &mut lead,
            &[("csrf_token", &token), ("status", "complete")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let lead_id = app
        .store
        .users()
        .await
        .expect("users")
        .iter()
        .find(|u| u.username == "lead")
        .map(|u| u.id.to_string())
        .expect("lead");
    let perf_token = app.csrf_for(&mut perf).await;
    let reply = app
        .post(
            &format!("{page}/owner"),
            &mut perf,
            &[("csrf_token", &perf_token), ("owner", &lead_id)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let mine = app.get("/my/indicators", &mut lead).await;
    assert!(
        mine.body.contains(&format!("href=\"{page}\"")),
        "owned milestones are listed"
    );
    let reply = app
        .post(
            &format!("{page}/notes"),
            &mut lead,
            &[
                ("csrf_token", &token),
                ("note", "Training delivered to all clusters"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = app
        .post(
            &status,
            &mut lead,
            &[("csrf_token", &token), ("status", "complete")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let shown = app.get(&page, &mut lead).await;
    assert!(shown.body.contains("Training delivered to all clusters"));
    assert!(!shown.body.contains(">Overdue<"), "{}", shown.body);
    let listed = app.get("/plans/1/milestones/overdue", &mut lead).await;
    assert!(
        !listed.body.contains(&format!("href=\"{page}\"")),
        "complete milestones are not overdue"
    );

    let doc = app
        .store
        .load_plan(None, "CYPP 2009-13")
        .await
        .expect("plan");
    assert!(doc
        .milestones
        .iter()
        .any(|m| m.text == overdue.text && m.status == Some(MilestoneStatus::Complete)));
    let mut board = app.signed_in("board").await;
    let token = app.csrf_for(&mut board).await;
    let reply = app
        .post(
            &status,
            &mut board,
            &[("csrf_token", &token), ("status", "at_risk")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn figures_are_entered_for_a_group_and_only_for_known_localities() {
    let app = TestApp::start().await;
    let (mut perf, _lead) = sign_off_app(&app).await;
    let unknown = app
        .get(
            &format!("{NI59_ENTRY}?period=2010%2F11&locality=Atlantis"),
            &mut perf,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let form = app
        .get(
            &format!("{NI59_ENTRY}?period=2010%2F11&group=FSM"),
            &mut perf,
        )
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(hidden_field(&form, "version"), "0", "no FSM figure yet");
    let token = form.csrf_token();
    let fields = [
        ("csrf_token", token.as_str()),
        ("period", "2010/11"),
        ("locality", ""),
        ("group", "FSM"),
        ("version", "0"),
        ("text", "12/20"),
        ("intent", "submit"),
    ];
    let reply = app.post(NI59_ENTRY, &mut perf, &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.location().contains("group=FSM"),
        "{}",
        reply.location()
    );
    let reply = app
        .post(
            "/plans/1/approvals/1/approve",
            &mut perf,
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let fsm = Slot {
        group: Some("FSM".into()),
        ..ni59_slot()
    };
    let value = app.store.slot_value(1, &fsm).await.expect("slot");
    assert_eq!(value.current.map(|c| c.text).as_deref(), Some("12/20"));
    assert_eq!(
        stored_ni59(&app).await,
        "73.5%",
        "the whole area's figure is separate"
    );
}

#[tokio::test]
async fn a_published_plan_shows_approved_figures_to_anyone_with_small_numbers_withheld() {
    let app = TestApp::start().await;
    app.add_user("petra", Role::PerformanceOfficer).await;
    app.import_sample_plan().await;
    let mut anonymous = Browser::default();
    assert_eq!(
        app.get("/public/1", &mut anonymous).await.status,
        StatusCode::NOT_FOUND,
        "unpublished plans have no public page"
    );
    let mut officer = app.signed_in("petra").await;
    let token = app.csrf_for(&mut officer).await;
    let reply = app
        .post(
            "/plans/1/published",
            &mut officer,
            &[("csrf_token", &token), ("published", "yes")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    let page = app.get("/public/1?period=2010/11", &mut anonymous).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let rows = html_table_rows(&page.body, "public");
    let ni61 = rows
        .iter()
        .find(|row| row[0].starts_with("NI 61 "))
        .expect("NI 61 on the public page");
    // 83.3% of 6 children: 5 placed in time. Five is below six, so it is withheld.
    assert!(ni61[2].starts_with("Withheld"), "{ni61:?}");
    assert_eq!(ni61[4], "Not shown", "no RAG beside a withheld figure");
    assert!(!page.body.contains("5/6"), "the small count leaked");
    assert!(
        rows.iter()
            .any(|row| !row[2].starts_with("Withheld") && row[2] != "Not available"),
        "other figures are shown"
    );
    assert!(!page.body.contains("Sign out"), "no one is signed in");

    let csv = app
        .get("/public/1?period=2010/11&format=csv", &mut anonymous)
        .await;
    assert!(!csv.body.contains("5/6"));

    app.add_user("root", Role::Admin).await;
    let audit = app
        .get("/admin/audit", &mut app.signed_in("root").await)
        .await;
    assert!(
        audit.body.contains("Plan published"),
        "publication is audited"
    );

    let token = app.csrf_for(&mut officer).await;
    app.post(
        "/plans/1/published",
        &mut officer,
        &[("csrf_token", &token), ("published", "no")],
    )
    .await;
    assert_eq!(
        app.get("/public/1", &mut anonymous).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Reads the plan pages, changes one value by re-importing, and publishes, on `app`'s backend.
async fn plan_pages_follow_changes(app: &TestApp) {
    app.add_user("petra", Role::PerformanceOfficer).await;
    let mut doc = app.import_sample_plan().await;
    let mut officer = app.signed_in("petra").await;
    let path = "/plans/1/indicators/NI%2061?period=2010/11";
    let before = app.get(path, &mut officer).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert!(
        !before.body.contains("id=\"table-history\""),
        "no value has been changed yet"
    );

    let changed = doc
        .observations
        .iter_mut()
        .find(|o| {
            o.indicator == "NI 61"
                && o.kind == trustboard_core::model::ObservationKind::Actual
                && o.locality.is_none()
                && o.group.is_none()
                && o.period.to_string() == "2010/11"
        })
        .expect("NI 61's 2010/11 out-turn");
    let earlier = std::mem::replace(&mut changed.text, "100%".into());
    changed.parsed = trustboard_core::value::parse("100%");
    app.store
        .import_plan(
            &doc,
            ImportOptions {
                dry_run: false,
                source: "corrected.json".into(),
            },
        )
        .await
        .expect("re-import");
    let after = app.get(path, &mut officer).await;
    let history = html_table_rows(&after.body, "history");
    assert!(
        history
            .iter()
            .any(|row| row[4] == earlier && row[7] == "corrected.json"),
        "{history:?}"
    );
    assert!(
        !after.body.contains("one child"),
        "the judgement was not refreshed"
    );

    let token = app.csrf_for(&mut officer).await;
    app.post(
        "/plans/1/published",
        &mut officer,
        &[("csrf_token", &token), ("published", "yes")],
    )
    .await;
    let public = app.get("/public/1", &mut Browser::default()).await;
    assert_eq!(public.status, StatusCode::OK);
}

#[tokio::test]
async fn plan_pages_follow_changes_on_sqlite() {
    let app = TestApp::start().await;
    plan_pages_follow_changes(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn plan_pages_follow_changes_on_postgresql() {
    let app = TestApp::on_postgres().await;
    plan_pages_follow_changes(&app).await;
    app.finish().await;
}

#[tokio::test]
async fn localities_are_compared_where_the_plan_has_figures_for_them() {
    use trustboard_core::model::{Locality, ObservationKind};
    let app = TestApp::start().await;
    app.add_user("board", Role::BoardMember).await;
    let mut doc = app.import_sample_plan().await;
    let mut browser = app.signed_in("board").await;
    let none = app.get("/plans/1/localities", &mut browser).await;
    assert!(none.body.contains("This plan has no figures by locality."));

    let area = doc
        .observations
        .iter()
        .find(|o| {
            o.indicator == "NI 59"
                && o.kind == ObservationKind::Actual
                && o.locality.is_none()
                && o.period.to_string() == "2010/11"
        })
        .cloned()
        .expect("NI 59's 2010/11 out-turn");
    for (name, text) in [("North cluster", "91%"), ("South cluster", "52%")] {
        doc.localities.push(Locality {
            name: name.into(),
            parent: None,
            kind: "cluster".into(),
            valid_from: None,
            valid_to: None,
        });
        let mut local = area.clone();
        local.locality = Some(name.into());
        local.text = text.into();
        local.parsed = trustboard_core::value::parse(text);
        doc.observations.push(local);
    }
    app.store
        .import_plan(
            &doc,
            ImportOptions {
                dry_run: false,
                source: "clusters.json".into(),
            },
        )
        .await
        .expect("import with localities");
    let page = app
        .get(
            "/plans/1/localities?indicator=NI%2059&period=2010/11",
            &mut browser,
        )
        .await;
    let rows = html_table_rows(&page.body, "localities");
    assert_eq!(rows.len(), 2, "{rows:?}");
    // Neither cluster has a target of its own, so both are judged against the area's 80%.
    assert_eq!(rows[0][0], "North cluster");
    assert_eq!(rows[0][1], "91%");
    assert!(rows[0][2].ends_with("(whole-area target)"), "{:?}", rows[0]);
    assert!(rows[0][3].starts_with("Green"), "{:?}", rows[0]);
    assert_eq!(rows[1][1], "52%");
    assert!(rows[1][3].starts_with("Red"), "{:?}", rows[1]);
    let api = json(
        &app.get(
            "/api/plans/1/localities?indicator=NI%2059&period=2010/11",
            &mut browser,
        )
        .await,
    );
    assert_eq!(api["localities"][1]["actual"], "52%");
}

/// The `href`s of the links in `body` whose address contains `part`.
fn links_containing(body: &str, part: &str) -> Vec<String> {
    body.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.contains(part))
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn indicator_and_scorecard_pages_link_to_the_work_each_user_may_do() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = sign_off_app(&app).await;
    let mut board = app.signed_in("board").await;
    let mut other = app.signed_in("other").await;
    let ni59 = "/plans/1/indicators/NI%2059?period=2010%2F11";
    // (who, may enter NI 59, may change its settings)
    for (name, browser, enters, configures) in [
        ("performance officer", &mut perf, true, true),
        ("owning lead officer", &mut lead, true, false),
        ("other lead officer", &mut other, false, false),
        ("board member", &mut board, false, false),
    ] {
        let page = app.get(ni59, browser).await;
        assert_eq!(page.status, StatusCode::OK, "{name}");
        let entry = links_containing(&page.body, "/entry");
        let settings = links_containing(&page.body, "/settings");
        assert_eq!(!entry.is_empty(), enters, "{name}: {entry:?}");
        assert_eq!(!settings.is_empty(), configures, "{name}: {settings:?}");
        let actions = links_containing(&page.body, "/actions");
        assert!(!actions.is_empty(), "{name}: NI 59 serves an objective");
        for href in entry.iter().chain(&settings).chain(&actions) {
            let followed = app.get(href, browser).await;
            assert_eq!(followed.status, StatusCode::OK, "{name} follows {href}");
        }
    }
    let scorecard = app.get("/plans/1/nodes/1.1", &mut board).await;
    let actions = links_containing(&scorecard.body, "/actions");
    assert_eq!(actions, ["/plans/1/nodes/1.1/actions"]);
    let action_plan = app.get(&actions[0], &mut board).await;
    assert_eq!(action_plan.status, StatusCode::OK);
    assert!(action_plan.body.contains("Action plan: 1.1 "));
}

/// Submits `key`'s 2010/11 out-turn with commentary as `browser`.
async fn submit_with_commentary(
    app: &TestApp,
    browser: &mut Browser,
    key: &str,
    commentary: &str,
    internal: bool,
) {
    let entry = format!(
        "/plans/1/indicators/{}/entry",
        encode(key).replace('+', "%20")
    );
    let form = app.get(&format!("{entry}?period=2010%2F11"), browser).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = form.csrf_token();
    let version = hidden_field(&form, "version");
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("period", "2010/11"),
        ("locality", ""),
        ("group", ""),
        ("version", version.as_str()),
        ("text", "75%"),
        ("commentary", commentary),
        ("intent", "submit"),
    ];
    if internal {
        fields.push(("internal", "yes"));
    }
    let reply = app.post(&entry, browser, &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

#[tokio::test]
async fn internal_commentary_is_shown_to_officers_and_never_to_the_board_or_the_public() {
    let app = TestApp::start().await;
    let (mut perf, mut lead) = sign_off_app(&app).await;
    let internal = "Two social workers left the assessment team in March";
    let open = "Timeliness improved after the new triage rota";
    submit_with_commentary(&app, &mut perf, "NI 59", internal, true).await;
    submit_with_commentary(&app, &mut lead, "NI 59", open, false).await;

    let ni59 = "/plans/1/indicators/NI%2059?period=2010%2F11";
    for (name, browser) in [
        ("performance officer", &mut perf),
        ("lead officer", &mut lead),
    ] {
        let page = app.get(ni59, browser).await;
        assert!(page.body.contains(open), "{name}:\n{}", page.body);
        let at = page.body.find(internal).expect("internal commentary shown");
        let item = &page.body[page.body[..at].rfind("<li").unwrap_or(0)..at];
        assert!(item.contains("Internal"), "{name}: marked internal: {item}");
        assert!(item.contains("perf"), "{name}: its author: {item}");
    }
    let mut board = app.signed_in("board").await;
    let page = app.get(ni59, &mut board).await;
    assert!(page.body.contains(open));
    assert!(
        !page.body.contains(internal),
        "board members see no internal commentary"
    );

    let token = app.csrf_for(&mut perf).await;
    let reply = app
        .post(
            "/plans/1/published",
            &mut perf,
            &[("csrf_token", &token), ("published", "yes")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let mut anonymous = Browser::default();
    for path in [
        "/public/1?period=2010%2F11",
        "/public/1?period=2010%2F11&format=csv",
    ] {
        let public = app.get(path, &mut anonymous).await;
        assert_eq!(public.status, StatusCode::OK, "{path}");
        assert!(public.body.contains("NI 59"), "{path} lists NI 59");
        assert!(!public.body.contains(internal), "{path}");
        assert!(!public.body.contains(open), "{path}: no commentary at all");
        assert!(!public.body.contains("Commentary"), "{path}");
    }
}

#[tokio::test]
async fn performance_officers_download_the_board_pack_in_each_format() {
    let app = TestApp::start().await;
    let doc = app.import_sample_plan().await;
    app.add_user("perf", Role::PerformanceOfficer).await;
    app.add_user("board", Role::BoardMember).await;
    let mut perf = app.signed_in("perf").await;

    let overview = app.get("/plans/1?period=2010%2F11", &mut perf).await;
    assert!(
        overview.body.contains("action=\"/plans/1/report\""),
        "the overview offers the pack"
    );
    let mut board = app.signed_in("board").await;
    let overview = app.get("/plans/1", &mut board).await;
    assert!(
        !overview.body.contains("/plans/1/report"),
        "{}",
        overview.body
    );

    for (format, media_type, magic) in [
        ("pdf", "application/pdf", "%PDF"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "PK",
        ),
        ("html", "text/html; charset=utf-8", "<!DOCTYPE html>"),
    ] {
        for published in ["", "&published=1"] {
            let path = format!("/plans/1/report?period=2010%2F11&format={format}{published}");
            let reply = app.get(&path, &mut perf).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
            assert_eq!(header(&reply, "content-type"), media_type, "{path}");
            let disposition = header(&reply, "content-disposition");
            assert!(
                disposition.starts_with("attachment; filename=\"")
                    && disposition.ends_with(&format!("2010-11.{format}\"")),
                "{path}: {disposition}"
            );
            assert!(
                reply
                    .body
                    .to_ascii_lowercase()
                    .starts_with(&magic.to_ascii_lowercase()),
                "{path} starts with {magic}"
            );
        }
    }
    let html = app
        .get("/plans/1/report?period=2010%2F11&format=html", &mut perf)
        .await;
    // The title holds an apostrophe, which HTML may escape.
    for part in doc.plan.title.split('\'') {
        assert!(html.body.contains(part), "the pack names the plan: {part}");
    }

    for bad in [
        "/plans/1/report?period=2010%2F11&format=docx",
        "/plans/1/report?period=someday&format=pdf",
        "/plans/1/report?format=pdf",
    ] {
        assert_eq!(
            app.get(bad, &mut perf).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    assert_eq!(
        app.get("/plans/9/report?period=2010%2F11&format=pdf", &mut perf)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/plans/1/report?period=2010%2F11&format=pdf", &mut board)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

//! The web application in-process on a fresh database, and browsers that use it.
//!
//! Each test gets its own database (SQLite unless it asks for PostgreSQL) and calls
//! the router directly, so no port is opened and requests are answered in order.

mod browser;
mod forms;
mod plan;
mod projects;
mod register;
mod reply;

use std::path::PathBuf;

use trustboard_store::testing::TestDatabase;
use trustboard_store::Store;
use trustboard_web::accounts::{create_user, Password};
use trustboard_web::{router, AppState, WebConfig};

pub use browser::Browser;
pub use plan::*;
pub use register::*;
pub use reply::{html_table_rows, links_containing, Reply};
/// Roles and accounts, imported here alone so that the tests follow them if they move.
pub use trustboard_core::access::Role;
pub use trustboard_web::accounts::{Membership, User};

/// The organisation of the Kingston sample plan, which test accounts belong to
/// unless a test says otherwise.
pub const KINGSTON: &str = "Royal Borough of Kingston upon Thames";

/// Every test user's password.
pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub store: Store,
    router: axum::Router,
    database: TestDatabase,
}

impl TestApp {
    /// On SQLite with the default settings.
    pub async fn start() -> TestApp {
        TestApp::with_config(WebConfig::default()).await
    }

    pub async fn with_config(config: WebConfig) -> TestApp {
        TestApp::open(TestDatabase::sqlite(), config).await
    }

    /// On a fresh PostgreSQL database, from `TRUSTBOARD_TEST_POSTGRES`; fails when none is reachable.
    pub async fn on_postgres() -> TestApp {
        TestApp::on_postgres_with_config(WebConfig::default()).await
    }

    pub async fn on_postgres_with_config(config: WebConfig) -> TestApp {
        TestApp::open(TestDatabase::postgres().await, config).await
    }

    async fn open(database: TestDatabase, config: WebConfig) -> TestApp {
        let store = database.open().await;
        let router = router(AppState::new(store.clone(), config));
        TestApp {
            store,
            router,
            database,
        }
    }

    /// Closes the store and removes the database.
    pub async fn finish(self) {
        self.store.close().await;
        self.database.cleanup().await;
    }

    /// A second store over the same database: what another server, or the
    /// command line, sees and changes.
    pub async fn another_store(&self) -> Store {
        self.database.open().await
    }

    /// The SQLite database file, to look inside it.
    pub fn sqlite_file(&self) -> PathBuf {
        let url = self.database.url();
        PathBuf::from(url.strip_prefix("sqlite://").unwrap_or(url))
    }

    /// An account of Kingston, the sample plan's organisation.
    pub async fn add_user(&self, username: &str, role: Role) -> User {
        self.add_member(username, role, Membership::of(KINGSTON))
            .await
    }

    /// An account of the organisation `membership` names.
    pub async fn add_member(&self, username: &str, role: Role, membership: Membership) -> User {
        create_user(
            &self.store,
            username,
            &Password::new(PASSWORD),
            role,
            membership,
        )
        .await
        .expect("create user")
    }

    /// `browser`, signed in as it is, talking to a second server over the same
    /// database that holds nothing in memory yet: what a page says when
    /// nothing was cached before it.
    pub fn on_a_fresh_server(&self, browser: &Browser) -> Browser {
        let router = router(AppState::new(self.store.clone(), WebConfig::default()));
        browser.clone().through(router)
    }

    /// A browser with no cookies: someone not signed in.
    pub fn visitor(&self) -> Browser {
        Browser::new(self.router.clone())
    }

    /// A browser signed in as `username`, through the sign-in form.
    pub async fn signed_in(&self, username: &str) -> Browser {
        let mut browser = self.visitor();
        let reply = browser.try_sign_in(username, PASSWORD).await;
        assert_eq!(
            reply.status,
            axum::http::StatusCode::SEE_OTHER,
            "sign-in of {username} failed:\n{}",
            reply.body
        );
        browser
    }

    /// A new account with `role`, signed in.
    pub async fn sign_in_as(&self, username: &str, role: Role) -> Browser {
        self.add_user(username, role).await;
        self.signed_in(username).await
    }
}

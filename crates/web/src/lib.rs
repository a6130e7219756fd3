//! trustboard's web application: server-rendered pages in the GOV.UK style and a JSON
//! API, over one [`Store`].
//!
//! Security in one paragraph: passwords are argon2id hashes checked on a blocking
//! thread; sessions are random tokens kept by the browser in an `HttpOnly; Secure;
//! SameSite=Strict` cookie and by the database only as hashes; every form carries a
//! CSRF token; [`authz::can`] decides every permission and the
//! `Authorised` extractor enforces it before a handler runs; every response
//! carries a strict Content-Security-Policy; sign-ins, sign-outs and account changes
//! are written to the audit log.
//!
//! Routes (pages unless under `/api`):
//!
//! | route | who |
//! | --- | --- |
//! | `GET/POST /sign-in`, `GET /static/trustboard.css`, `GET /api/openapi.json` | anyone |
//! | `POST /sign-out`, `GET/POST /account/password`, `GET /api/me` | anyone signed in |
//! | `GET /`, `GET /api/plans` | [`authz::Action::ViewPlans`] |
//! | `GET /plans/{id}`, `/plans/{id}/nodes/{code}`, `/plans/{id}/indicators/{key}`, `/plans/{id}/exceptions`, `/plans/{id}/localities`; `GET /api/plans/{id}/overview`, `/nodes/{code}`, `/indicators/{key}`, `/exceptions`, `/localities` | [`authz::Action::ViewPlans`]; pages take `?period=2010/11` and `?format=csv` or `xlsx` (`&table=`) to download a table |
//! | `GET /plans/{id}/risks` (the register with its heat maps), `GET /plans/{id}/risks/{number}` (a risk with its history) | [`authz::Action::ViewPlans`] |
//! | `GET /plans/{id}/risks/new`, `POST /plans/{id}/risks` (add), `POST /plans/{id}/risks/{number}` (change, from the version the page showed: a lost race is a 409) | [`authz::Action::ManageRisks`] |
//! | `POST /plans/{id}/published` | [`authz::Action::PublishPlans`] |
//! | `GET /plans/{id}/report?period=2010/11&format=html\|pdf\|xlsx&published=1`: the Trust Board pack as a download | [`authz::Action::ProduceBoardPack`] |
//! | `GET /public/{id}`, `GET /api/public/{id}` (the same view as JSON) | anyone, when the plan is published |
//! | `GET /returns`, `GET /returns/{year}` (`?format=csv\|xlsx`): the statutory returns held and each year's validation report | [`authz::Action::ViewReturnValidation`]; children's identifiers only with [`authz::Action::SeeReturnChildren`], audited in the register's audit |
//! | `GET /returns/{year}/indicators/{code}` (`?population=N`, `?format=csv\|xlsx`): the children a return-sourced figure counted and what decided each | [`authz::Action::SeeReturnChildren`], each view audited in the register's audit |
//! | `GET/POST /admin/users`, `GET /admin/users/new`, `GET /admin/users/{id}`, `POST /admin/users/{id}/role`, `/disable`, `/enable`, `/password` | [`authz::Action::ManageUsers`] |
//! | `GET /admin/audit` | [`authz::Action::ViewAuditLog`] |
//! | `GET/POST /admin/sign-off`: whether lead officers' figures wait for a performance officer's approval | [`authz::Action::ConfigureSignOff`] |
//! | `GET/POST /plans/import` (a multipart upload of at most 4 MiB), `POST /plans/import/columns`: a performance table read, previewed, corrected and imported | [`authz::Action::ImportTables`], into the account's own organisation |
//! | `GET /my/indicators` | [`authz::Action::ViewOwnWork`] |
//! | `GET/POST /plans/{id}/indicators/{key}/entry` | [`authz::Action::EnterFigures`], lead officers only for indicators they own |
//! | `GET /plans/{id}/indicators/{key}/settings`, `POST …/owner`, `POST /plans/{id}/milestones/{milestone}/owner` | [`authz::Action::AssignOwners`] |
//! | `GET /plans/{id}/approvals`, `GET /plans/{id}/approvals/{entry}`, `POST …/approve`, `POST …/return` | [`authz::Action::ApproveFigures`], never for one's own entry (the core's `workflow::may_decide`: 403); an entry someone decided first is a 409 |
//! | `GET /plans/{id}/nodes/{code}/actions`, `GET /plans/{id}/milestones/overdue`, `GET /plans/{id}/milestones/{milestone}` | [`authz::Action::ViewPlans`] |
//! | `POST /plans/{id}/milestones/{milestone}/status`, `/notes` | [`authz::Action::UpdateMilestones`], lead officers only for milestones they own |
//! | `GET /register` (`?q=` searches), `GET/POST /register/children/new`, `GET /register/children/{ref}`, `GET/POST /register/children/{ref}/steps/{kind}`; `GET /api/register/search?q=`, `GET /api/register/children/{ref}`, `POST /api/register/children/{ref}/steps` | [`authz::Action::UseRegister`]; each child by the core's `sharing::access`: a practitioner not working with the child gets the signpost as a 403, another organisation's child is a 404 |
//! | `GET /register/children` (every child), `GET /register/children/{ref}/audit`, `GET /register/audit?user=`, `GET /register/retention`, `POST /register/retention/{ref}/erase` | [`authz::Action::CoordinateRegister`] |
//!
//! Every register route reads the user through `register::RegisterUser`, which
//! turns the account into the core's sharing `Viewer` and writes refusals to the
//! register's audit; views, searches and steps are audited there too.
//!
//! Adding a page: give [`authz::Action`] a variant with its rule in [`authz::can`] and a
//! marker type, take `Authorised<Marker>` (and `CsrfForm<T>` for a form) in the handler,
//! register it in `pages::routes`, and add a row to the route matrix in `tests/http/route_matrix.rs`.
//! JSON routes go in `api` and in its `openapi.json`.
//!
//! Modules depend one way: `error`, `navigation`, `display`, `templates` and `authz`
//! are leaves that import nothing above them, so anything may use them; `pages` and
//! `api` sit at the top. docs/ARCHITECTURE.md draws the layout.
//!
//! Every plan route answers only for plans of the signed-in account's own
//! organisation (`plan_scope`); any other plan is not found.
//!
//! Plan `{id}`s are the store's numeric plan ids; node codes and indicator keys
//! are percent-encoded path segments (`/plans/1/indicators/NI%2061`).
//!
//! Judgements are kept in memory (`performance::cache`) per plan, reporting
//! period and locality, and thrown away when the plan's revision changes. The
//! seam for anything that writes to a plan: bump the revision inside the same
//! transaction (`trustboard_store`'s plan writes, imports and data entry all do),
//! and every page shows the change on its next request. Which held values the
//! public page may show is decided in one function, `performance::public::publishable`.

pub mod accounts;
mod api;
mod assets;
pub mod authz;
mod csrf;
mod display;
mod error;
mod navigation;
pub mod pack_inputs;
mod pages;
mod performance;
mod plan_scope;
pub mod proxy;
mod register;
mod responses;
mod security_headers;
mod session;
mod state;
mod templates;
pub mod throttle;

use std::future::Future;
use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use trustboard_store::Store;

pub use state::{AppState, WebConfig};

/// Every route, with security headers on every response.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api", api::routes())
        .route("/static/trustboard.css", get(assets::stylesheet))
        .fallback(|| async { error::AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            pages::refresh::after_plan_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            plan_scope::own_organisation_plans,
        ))
        .layer(DefaultBodyLimit::max(responses::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            responses::finish,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::add_security_headers,
        ))
        .with_state(state)
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the web server stopped: {0}")]
    Serve(#[source] std::io::Error),
}

/// Listens on `bind` until Ctrl-C or SIGTERM.
pub async fn serve(store: Store, bind: SocketAddr, config: WebConfig) -> Result<(), ServeError> {
    let listener = TcpListener::bind(bind)
        .await
        .map_err(|source| ServeError::Bind {
            address: bind,
            source,
        })?;
    serve_listener(listener, AppState::new(store, config), shutdown_signal()).await
}

/// Serves on an already bound listener (port 0 in tests) until `shutdown` completes.
pub async fn serve_listener(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    accounts::prepare().await;
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

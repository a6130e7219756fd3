//! What the web benchmarks share: a kept-alive HTTP/1.1 client that signs in
//! and keeps its session's cookies, latency percentiles, and settings read
//! from the environment.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::parse;
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::entry::ObservationEdit;
use trustboard_store::Store;

pub type Failure = Box<dyn std::error::Error + Send + Sync>;

/// One kept-alive HTTP/1.1 connection, with the session's cookies.
pub struct Client {
    sender: SendRequest<Full<Bytes>>,
    address: SocketAddr,
    pub cookies: BTreeMap<String, String>,
}

impl Client {
    pub async fn connect(address: SocketAddr) -> Result<Client, Failure> {
        let stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Client {
            sender,
            address,
            cookies: BTreeMap::new(),
        })
    }

    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<String>,
    ) -> Result<(StatusCode, String), Failure> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.address.to_string());
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(COOKIE, jar.join("; "));
        }
        if form.is_some() {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        self.sender.ready().await?;
        let response = self
            .sender
            .send_request(request.body(Full::new(Bytes::from(form.unwrap_or_default())))?)
            .await?;
        for set in response.headers().get_all(SET_COOKIE) {
            let first = set.to_str()?.split(';').next().unwrap_or_default();
            if let Some((name, value)) = first.split_once('=') {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    /// The CSRF token of the form on page `path`.
    pub async fn csrf_token(&mut self, path: &str) -> Result<String, Failure> {
        let (_, page) = self.send(Method::GET, path, None).await?;
        let marker = "name=\"csrf_token\" value=\"";
        let start = page
            .find(marker)
            .ok_or_else(|| format!("no CSRF token on {path}"))?
            + marker.len();
        Ok(page[start..].chars().take_while(|c| *c != '"').collect())
    }

    pub async fn sign_in(&mut self, username: &str, password: &str) -> Result<(), Failure> {
        let token = self.csrf_token("/sign-in").await?;
        let body = format!(
            "csrf_token={token}&username={username}&password={}&next=",
            password.replace(' ', "+")
        );
        let (status, _) = self.send(Method::POST, "/sign-in", Some(body)).await?;
        if status != StatusCode::SEE_OTHER {
            return Err(format!("sign-in as {username} answered {status}").into());
        }
        Ok(())
    }
}

/// The latency below which a share `p` of the sorted latencies fall.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A whole number from the environment, or `default`.
pub fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes `text` into `slot` of plan `plan` straight to the database, as an
/// approval writes it and as the command line does.
pub async fn write_figure(
    store: &Store,
    plan: i64,
    slot: &Slot,
    text: &str,
) -> Result<(), Failure> {
    let held = store.slot_value(plan, slot).await?;
    let edit = ObservationEdit {
        slot,
        text,
        parsed: &parse(text),
        expected_version: held.version,
        source: "benchmark",
        at: chrono::Utc::now(),
    };
    let audit = AuditEntry {
        at: chrono::Utc::now(),
        actor: None,
        action: AuditAction::EntryApproved,
        subject: Some("benchmark"),
        detail: "",
        client_address: None,
    };
    store.set_observation(plan, &edit, &audit).await?;
    Ok(())
}

/// The id of the first plan in `store`: the one the benchmark loaded.
pub async fn first_plan(store: &Store) -> Result<i64, Failure> {
    let plans = store.plan_handles().await?;
    Ok(plans.first().map(|p| p.id).ok_or("no plan")?)
}

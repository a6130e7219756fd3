//! Load benchmark of the plan pages.
//!
//! Generates a large plan (500 indicators × 10 years × 20 localities, out-turns
//! and targets), imports it into a fresh SQLite database, serves it on
//! loopback, signs in, and drives the plan overview and an indicator page with
//! concurrent clients for a fixed time each, printing latency percentiles and
//! throughput. Run in release: `scripts/bench-web.sh`.
//!
//! Then it writes figures one at a time, as approvals do, and times the
//! first overview request after each.
//!
//! Options (environment): `BENCH_CLIENTS` (default 50), `BENCH_SECONDS` per
//! page (default 10), `BENCH_WRITES` (default 50).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use trustboard_core::access::Role;
use trustboard_core::model::{
    Indicator, Locality, Node, Observation, ObservationKind, PlanDocument, PlanHeader,
};
use trustboard_core::period::Period;
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::parse;
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::entry::ObservationEdit;
use trustboard_store::{ImportOptions, Store};
use trustboard_web::accounts::{create_user, Membership, Password};
use trustboard_web::{serve_listener, AppState, WebConfig};

const INDICATORS: usize = 500;
const YEARS: i32 = 10;
const LOCALITIES: usize = 20;
const OUTCOMES: usize = 10;
const OBJECTIVES_PER_OUTCOME: usize = 5;
const PASSWORD: &str = "benchmark password 1";

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// A figure that moves from year to year and place to place, deterministically.
fn figure(indicator: usize, year: i32, place: usize, salt: usize) -> f64 {
    let mix =
        (indicator * 7919 + year as usize * 104_729 + place * 1_299_709 + salt * 15_485_863) % 1000;
    40.0 + mix as f64 / 20.0
}

fn observation(
    key: &str,
    period: Period,
    kind: ObservationKind,
    locality: Option<String>,
    value: f64,
) -> Observation {
    let text = format!("{value:.1}%");
    Observation {
        indicator: key.to_owned(),
        period,
        kind,
        locality,
        group: None,
        parsed: parse(&text),
        text,
        set_by: None,
        agreed_on: None,
        source: trustboard_core::model::ValueSource::Written,
    }
}

fn large_plan() -> PlanDocument {
    let mut nodes = Vec::new();
    for outcome in 1..=OUTCOMES {
        nodes.push(Node {
            code: outcome.to_string(),
            parent: None,
            kind: "outcome".into(),
            title: format!("Outcome {outcome}"),
            retired: None,
        });
        for objective in 1..=OBJECTIVES_PER_OUTCOME {
            nodes.push(Node {
                code: format!("{outcome}.{objective}"),
                parent: Some(outcome.to_string()),
                kind: "objective".into(),
                title: format!("Objective {outcome}.{objective}"),
                retired: None,
            });
        }
    }
    let objectives: Vec<String> = nodes
        .iter()
        .filter(|n| n.parent.is_some())
        .map(|n| n.code.clone())
        .collect();
    let localities: Vec<String> = (1..=LOCALITIES)
        .map(|l| format!("Locality {l:02}"))
        .collect();
    let mut indicators = Vec::new();
    let mut observations = Vec::new();
    for i in 0..INDICATORS {
        let key = format!("BX {i:03}");
        indicators.push(Indicator {
            key: key.clone(),
            code: Some(key.clone()),
            title: format!("Percentage of children reached by service {i}"),
            definition: Some("Generated for benchmarking.".into()),
            unit: Some("%".into()),
            polarity: Some(trustboard_core::model::Polarity::HigherIsBetter),
            polarity_source: Some(trustboard_core::model::PolaritySource::Stated),
            frequency: Some("annual".into()),
            lead_officer: Some("Head of Service".into()),
            delivery_board: Some("Benchmark board".into()),
            objectives: vec![objectives[i % objectives.len()].clone()],
        });
        for year in 0..YEARS {
            let period = Period::financial(2001 + year);
            let places = std::iter::once(None).chain(localities.iter().cloned().map(Some));
            for (place, locality) in places.enumerate() {
                observations.push(observation(
                    &key,
                    period,
                    ObservationKind::Actual,
                    locality.clone(),
                    figure(i, year, place, 0),
                ));
                observations.push(observation(
                    &key,
                    period,
                    ObservationKind::Target,
                    locality,
                    figure(i, year, place, 1),
                ));
            }
        }
    }
    PlanDocument {
        organisation: "Benchmark Borough".into(),
        plan: PlanHeader {
            name: "CYPP bench".into(),
            title: "Benchmark Children and Young People's Plan".into(),
            period: "2001-11".into(),
        },
        nodes,
        indicators,
        observations,
        milestones: Vec::new(),
        statements: Vec::new(),
        localities: localities
            .into_iter()
            .map(|name| Locality {
                name,
                parent: None,
                kind: "cluster".into(),
                valid_from: None,
                valid_to: None,
            })
            .collect(),
    }
}

/// One kept-alive HTTP/1.1 connection, with the session's cookies.
struct Client {
    sender: SendRequest<Full<Bytes>>,
    address: SocketAddr,
    cookies: BTreeMap<String, String>,
}

impl Client {
    async fn connect(address: SocketAddr) -> Result<Client, Failure> {
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

    async fn send(
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

    async fn sign_in(&mut self, username: &str) -> Result<(), Failure> {
        let (_, form) = self.send(Method::GET, "/sign-in", None).await?;
        let marker = "name=\"csrf_token\" value=\"";
        let start = form
            .find(marker)
            .ok_or("no CSRF token on the sign-in page")?
            + marker.len();
        let token: String = form[start..].chars().take_while(|c| *c != '"').collect();
        let body = format!(
            "csrf_token={token}&username={username}&password={}&next=",
            PASSWORD.replace(' ', "+")
        );
        let (status, _) = self.send(Method::POST, "/sign-in", Some(body)).await?;
        if status != StatusCode::SEE_OTHER {
            return Err(format!("sign-in answered {status}").into());
        }
        Ok(())
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

async fn drive(
    address: SocketAddr,
    path: &str,
    clients: usize,
    seconds: u64,
) -> Result<(), Failure> {
    let mut warm = Client::connect(address).await?;
    warm.sign_in("bench").await?;
    let started = Instant::now();
    let (status, _) = warm.send(Method::GET, path, None).await?;
    if status != StatusCode::OK {
        return Err(format!("{path} answered {status}").into());
    }
    println!(
        "{path}: first request (load and judge) {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let cookies = warm.cookies.clone();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let cookies = cookies.clone();
        let path = path.to_owned();
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(address).await?;
            client.cookies = cookies;
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let (status, _) = client.send(Method::GET, &path, None).await?;
                if status != StatusCode::OK {
                    return Err::<_, Failure>(format!("{path} answered {status}").into());
                }
                latencies.push(sent.elapsed());
            }
            Ok(latencies)
        }));
    }
    let began = Instant::now();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await??);
    }
    let elapsed = began.elapsed().as_secs_f64();
    all.sort();
    println!(
        "{path}: {} requests by {clients} clients in {elapsed:.1} s: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms",
        all.len(),
        all.len() as f64 / elapsed,
        percentile(&all, 0.50).as_secs_f64() * 1000.0,
        percentile(&all, 0.99).as_secs_f64() * 1000.0,
    );
    Ok(())
}

/// The first request for `path` after each of `writes` figures is written
/// (as an approval writes it): what a board member opening the page right
/// after a sign-off waits for. The server judges again only the indicator
/// written; the figures printed compare with the cold first request above.
async fn first_after_writes(
    address: SocketAddr,
    store: &Store,
    plan: i64,
    path: &str,
    writes: usize,
) -> Result<(), Failure> {
    let mut client = Client::connect(address).await?;
    client.sign_in("bench").await?;
    client.send(Method::GET, path, None).await?;
    let mut latencies = Vec::new();
    for write in 0..writes {
        let slot = Slot {
            indicator: format!("BX {:03}", write % INDICATORS),
            period: Period::financial(2010),
            kind: ObservationKind::Actual,
            locality: None,
            group: None,
        };
        let text = format!("{:.1}%", 50.0 + write as f64 / 10.0);
        let held = store.slot_value(plan, &slot).await?;
        let edit = ObservationEdit {
            slot: &slot,
            text: &text,
            parsed: &parse(&text),
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
        let sent = Instant::now();
        let (status, _) = client.send(Method::GET, path, None).await?;
        if status != StatusCode::OK {
            return Err(format!("{path} answered {status}").into());
        }
        latencies.push(sent.elapsed());
    }
    latencies.sort();
    println!(
        "{path}: first request after each of {writes} written figures: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    Ok(())
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let clients = setting("BENCH_CLIENTS", 50) as usize;
    let seconds = setting("BENCH_SECONDS", 10);
    let dir = tempfile::tempdir()?;
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))
    .await?;
    let doc = large_plan();
    let started = Instant::now();
    store
        .import_plan(
            &doc,
            ImportOptions {
                dry_run: false,
                source: "generated benchmark plan".into(),
            },
        )
        .await?;
    println!(
        "imported {} indicators, {} values, {} localities in {:.1} s",
        doc.indicators.len(),
        doc.observations.len(),
        doc.localities.len(),
        started.elapsed().as_secs_f64()
    );
    let membership = Membership::of(doc.organisation.clone());
    create_user(
        &store,
        "bench",
        &Password::new(PASSWORD),
        Role::BoardMember,
        membership,
    )
    .await?;
    let plan = store
        .plan_handles()
        .await?
        .first()
        .map(|p| p.id)
        .ok_or("no plan")?;
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(serve_listener(
        listener,
        AppState::new(store.clone(), WebConfig::default()),
        std::future::pending(),
    ));
    drive(
        address,
        &format!("/plans/{plan}?period=2010/11"),
        clients,
        seconds,
    )
    .await?;
    drive(
        address,
        &format!("/plans/{plan}/indicators/BX%20250?period=2010/11"),
        clients,
        seconds,
    )
    .await?;
    first_after_writes(
        address,
        &store,
        plan,
        &format!("/plans/{plan}?period=2010/11"),
        setting("BENCH_WRITES", 50) as usize,
    )
    .await?;
    Ok(())
}

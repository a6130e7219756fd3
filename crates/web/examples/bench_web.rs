//! Load benchmark of the plan pages.
//!
//! Generates a large plan (500 indicators × 10 years × 20 localities, out-turns
//! and targets), imports it into a fresh SQLite database, serves it on
//! loopback, signs in, and drives the plan overview and an indicator page with
//! concurrent clients for a fixed time each, printing latency percentiles and
//! throughput. Run in release: `scripts/bench-web.sh`.
//!
//! Then it signs off figures one at a time through the web, as performance
//! officers do, and writes more straight to the database, as the command line
//! does, timing the first overview request after each.
//!
//! Options (environment): `BENCH_CLIENTS` (default 50), `BENCH_SECONDS` per
//! page (default 10), `BENCH_WRITES` (default 50).

mod bench_client;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bench_client::{first_plan, millis, percentile, setting, write_figure, Client, Failure};
use hyper::{Method, StatusCode};
use tokio::net::TcpListener;
use trustboard_core::access::Role;
use trustboard_core::model::{
    Indicator, Locality, Node, Observation, ObservationKind, PlanDocument, PlanHeader,
};
use trustboard_core::period::Period;
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::parse;
use trustboard_store::{ImportOptions, Store};
use trustboard_web::accounts::{create_user, Membership, Password};
use trustboard_web::{serve_listener, AppState, WebConfig};

const INDICATORS: usize = 500;
const YEARS: i32 = 10;
const LOCALITIES: usize = 20;
const OUTCOMES: usize = 10;
const OBJECTIVES_PER_OUTCOME: usize = 5;
const PASSWORD: &str = "benchmark password 1";

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

async fn drive(
    address: SocketAddr,
    path: &str,
    clients: usize,
    seconds: u64,
) -> Result<(), Failure> {
    let mut warm = Client::connect(address).await?;
    warm.sign_in("bench", PASSWORD).await?;
    let started = Instant::now();
    let (status, _) = warm.send(Method::GET, path, None).await?;
    if status != StatusCode::OK {
        return Err(format!("{path} answered {status}").into());
    }
    println!(
        "{path}: first request (load and judge) {:.0} ms",
        millis(started.elapsed())
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
        millis(percentile(&all, 0.50)),
        millis(percentile(&all, 0.99)),
    );
    Ok(())
}

/// The first request for `path` after each of `writes` figures is signed
/// off: what a board member opening the page right after a sign-off waits
/// for. Each figure is entered by one performance officer and approved by
/// another through the web, as in use; the approval's own time is printed
/// too, since it renders the plan's overview again before it answers. Then
/// the same for figures written straight to the database, as a write from
/// the command line is, which the first reader after it pays for.
async fn first_after_writes(
    address: SocketAddr,
    store: &Store,
    plan: i64,
    path: &str,
    writes: usize,
) -> Result<(), Failure> {
    let mut board = Client::connect(address).await?;
    board.sign_in("bench", PASSWORD).await?;
    board.send(Method::GET, path, None).await?;
    let mut officer = Client::connect(address).await?;
    officer.sign_in("officer", PASSWORD).await?;
    let mut checker = Client::connect(address).await?;
    checker.sign_in("checker", PASSWORD).await?;
    let mut approvals = Vec::new();
    let mut signed_off = Vec::new();
    for write in 0..writes {
        let slot = written_slot(write);
        let held = store.slot_value(plan, &slot).await?;
        let entry = format!(
            "/plans/{plan}/indicators/{}/entry",
            slot.indicator.replace(' ', "%20")
        );
        let form = format!(
            "period=2010%2F11&text={}&commentary=&version={}&intent=submit",
            written_text(write).replace('%', "%25"),
            held.version
        );
        post_form(
            &mut officer,
            &format!("{entry}?period=2010%2F11"),
            &entry,
            &form,
        )
        .await?;
        let approval = format!("/plans/{plan}/approvals/{}", write + 1);
        let sent = Instant::now();
        post_form(&mut checker, &approval, &format!("{approval}/approve"), "").await?;
        approvals.push(sent.elapsed());
        signed_off.push(timed_get(&mut board, path).await?);
    }
    report_series(
        &format!("{path}: first request after each of {writes} figures signed off on the web"),
        &mut signed_off,
    );
    report_series(
        &format!("the {writes} approvals themselves"),
        &mut approvals,
    );

    let mut written = Vec::new();
    for write in writes..2 * writes {
        write_figure(store, plan, &written_slot(write), &written_text(write)).await?;
        written.push(timed_get(&mut board, path).await?);
    }
    report_series(
        &format!("{path}: first request after each of {writes} figures written to the database"),
        &mut written,
    );
    Ok(())
}

/// The slot the benchmark's `write`th figure goes to: a different indicator each time.
fn written_slot(write: usize) -> Slot {
    Slot {
        indicator: format!("BX {:03}", write % INDICATORS),
        period: Period::financial(2010),
        kind: ObservationKind::Actual,
        locality: None,
        group: None,
    }
}

fn written_text(write: usize) -> String {
    format!("{:.1}%", 50.0 + write as f64 / 10.0)
}

/// Posts `form` with the token of the form on `form_page` to `path`,
/// expecting a redirect.
async fn post_form(
    client: &mut Client,
    form_page: &str,
    path: &str,
    form: &str,
) -> Result<(), Failure> {
    let token = client.csrf_token(form_page).await?;
    let body = format!("csrf_token={token}&{form}");
    let (status, reply) = client.send(Method::POST, path, Some(body)).await?;
    if status != StatusCode::SEE_OTHER {
        return Err(format!("{path} answered {status}: {reply}").into());
    }
    Ok(())
}

async fn timed_get(client: &mut Client, path: &str) -> Result<Duration, Failure> {
    let sent = Instant::now();
    let (status, _) = client.send(Method::GET, path, None).await?;
    if status != StatusCode::OK {
        return Err(format!("{path} answered {status}").into());
    }
    Ok(sent.elapsed())
}

fn report_series(what: &str, latencies: &mut [Duration]) {
    latencies.sort();
    println!(
        "{what}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        millis(percentile(latencies, 0.50)),
        millis(percentile(latencies, 0.99)),
        millis(latencies.last().copied().unwrap_or_default()),
    );
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
        membership.clone(),
    )
    .await?;
    for officer in ["officer", "checker"] {
        create_user(
            &store,
            officer,
            &Password::new(PASSWORD),
            Role::PerformanceOfficer,
            membership.clone(),
        )
        .await?;
    }
    let plan = first_plan(&store).await?;
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

//! Load on a running `trustboard serve`: register search and a child's page
//! as the early-help coordinator, the plan overview as a board member, with
//! many concurrent clients over loopback; then the first overview after each
//! of several approved figures. Run by `scripts/bench-load.sh`, which makes
//! the database, the accounts and the server this is pointed at.
//!
//! Settings (environment): `BENCH_ADDRESS` (the server), `BENCH_DATABASE`
//! (its database, for the approvals), `BENCH_SERVER_PID` (for its memory),
//! `BENCH_COORDINATOR_PASSWORD` and `BENCH_BOARD_PASSWORD` (of the accounts
//! `coordinator` and `board`), `BENCH_CHILDREN` (on the register),
//! `BENCH_CLIENTS` (default 100), `BENCH_SECONDS` per page (default 10),
//! `BENCH_WRITES` (default 10), `BENCH_PROBE_SECONDS` (default 10): a page
//! whose first request takes longer is reported, not put under load, and
//! `BENCH_PAGES` (default `search,child,overview`; empty for none): the pages
//! put under load.

mod bench_client;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bench_client::{first_plan, millis, percentile, setting, write_figure, Client, Failure};
use hyper::{Method, StatusCode};
use trustboard_core::model::ObservationKind;
use trustboard_core::plan_diff::Slot;
use trustboard_store::Store;

/// The pages `BENCH_PAGES` may name, all by default.
const PAGES: [&str; 3] = ["search", "child", "overview"];

/// A request that takes longer than this counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The synthetic register's names (see `trustboard synth`), whole and in part.
const NAMES: [&str; 8] = [
    "Ruby Nowak",
    "Amelia Smith",
    "Mohammed Khan",
    "nowa",
    "Zara Ev",
    "Leo Taylor",
    // Names no generated child has, as most real names are on a register.
    "Quinn Okafor",
    "okaf",
];

/// SplitMix64, so each client asks for different children in a repeatable way.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }

    fn reference(&mut self, children: u64) -> String {
        format!("K{:05}", self.below(children) + 1)
    }
}

/// The pages put under load, and whose path each request asks for.
#[derive(Clone, Copy)]
enum Page {
    /// `/register?q=`: a reference, a date of birth (both ways it may be
    /// written), a whole name or part of one: all the search box takes.
    Search,
    Child,
    Overview(i64),
}

impl Page {
    fn path(self, rng: &mut Rng, children: u64) -> String {
        match self {
            Page::Search => {
                let query = match rng.below(4) {
                    0 => rng.reference(children),
                    1 => format!(
                        "{}-0{}-1{}",
                        1995 + rng.below(17),
                        1 + rng.below(9),
                        rng.below(9)
                    ),
                    2 => format!(
                        "1{}/0{}/{}",
                        rng.below(9),
                        1 + rng.below(9),
                        1995 + rng.below(17)
                    ),
                    _ => NAMES[rng.below(NAMES.len() as u64) as usize].to_owned(),
                };
                format!(
                    "/register?q={}",
                    query.replace(' ', "+").replace('/', "%2F")
                )
            }
            Page::Child => format!("/register/children/{}", rng.reference(children)),
            Page::Overview(plan) => format!("/plans/{plan}"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Page::Search => "register search",
            Page::Child => "child page",
            Page::Overview(_) => "plan overview",
        }
    }
}

/// What a run of the benchmark needs to know.
struct Run {
    address: SocketAddr,
    server: u32,
    children: u64,
    clients: usize,
    seconds: u64,
    probe: Duration,
}

/// What one client saw: latencies of the 200s, and every other answer.
#[derive(Default)]
struct Seen {
    latencies: Vec<Duration>,
    errors: BTreeMap<String, usize>,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.latencies.extend(other.latencies);
        for (error, count) in other.errors {
            *self.errors.entry(error).or_default() += count;
        }
    }
}

/// One request; anything but a 200 in time is an error, named.
async fn request(client: &mut Client, path: &str) -> Result<Duration, String> {
    let sent = Instant::now();
    match tokio::time::timeout(REQUEST_TIMEOUT, client.send(Method::GET, path, None)).await {
        Ok(Ok((StatusCode::OK, _))) => Ok(sent.elapsed()),
        Ok(Ok((status, _))) => Err(format!("{status} on {path}")),
        Ok(Err(error)) => Err(format!("{error} on {path}")),
        Err(_) => Err(format!("no answer within {REQUEST_TIMEOUT:?} on {path}")),
    }
}

/// A line of `/proc/PID/status` (`VmHWM`, `VmRSS`) in MiB.
fn memory_mib(pid: u32, field: &str) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(|| "-".to_owned(), |kib| (kib / 1024).to_string())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|load| {
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "-".to_owned())
}

async fn client_loop(
    run: Arc<Run>,
    page: Page,
    cookies: BTreeMap<String, String>,
    seed: u64,
    deadline: Instant,
) -> Result<Seen, Failure> {
    let mut client = Client::connect(run.address).await?;
    client.cookies = cookies.clone();
    let mut rng = Rng(seed);
    let mut seen = Seen::default();
    while Instant::now() < deadline {
        let path = page.path(&mut rng, run.children);
        match request(&mut client, &path).await {
            Ok(latency) => seen.latencies.push(latency),
            Err(error) => {
                *seen.errors.entry(error).or_default() += 1;
                // The connection may be gone; carry on with a new one.
                client = Client::connect(run.address).await?;
                client.cookies = cookies.clone();
            }
        }
    }
    Ok(seen)
}

/// Signs in as `username` and drives `page` with every client for the run's
/// seconds, after one request alone; prints what was seen.
async fn drive(run: &Arc<Run>, page: Page, username: &str, password: &str) -> Result<(), Failure> {
    let mut first = Client::connect(run.address).await?;
    first.sign_in(username, password).await?;
    let mut rng = Rng(0);
    let path = page.path(&mut rng, run.children);
    let started = Instant::now();
    let alone = request(&mut first, &path).await;
    let took = started.elapsed();
    println!(
        "{}: first request alone {:.0} ms ({path}){}",
        page.name(),
        millis(took),
        alone
            .as_ref()
            .err()
            .map_or(String::new(), |e| format!(": {e}")),
    );
    if took > run.probe {
        println!(
            "{}: not put under load: one request took longer than {:?}; peak RSS {} MiB, load {}",
            page.name(),
            run.probe,
            memory_mib(run.server, "VmHWM"),
            load_average(),
        );
        return Ok(());
    }
    let deadline = Instant::now() + Duration::from_secs(run.seconds);
    let began = Instant::now();
    let tasks: Vec<_> = (0..run.clients)
        .map(|n| {
            let cookies = first.cookies.clone();
            tokio::spawn(client_loop(
                run.clone(),
                page,
                cookies,
                n as u64 + 1,
                deadline,
            ))
        })
        .collect();
    let mut seen = Seen::default();
    for task in tasks {
        seen.add(task.await??);
    }
    let elapsed = began.elapsed().as_secs_f64();
    seen.latencies.sort();
    let errors: usize = seen.errors.values().sum();
    println!(
        "{}: {} clients, {elapsed:.1} s: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {errors} errors; server peak RSS {} MiB (now {} MiB), load {}",
        page.name(),
        run.clients,
        (seen.latencies.len() + errors) as f64 / elapsed,
        millis(percentile(&seen.latencies, 0.50)),
        millis(percentile(&seen.latencies, 0.99)),
        millis(seen.latencies.last().copied().unwrap_or_default()),
        memory_mib(run.server, "VmHWM"),
        memory_mib(run.server, "VmRSS"),
        load_average(),
    );
    for (error, count) in &seen.errors {
        println!("  {count} × {error}");
    }
    Ok(())
}

/// Writes figures one at a time as an approval writes them (the actual of
/// one indicator after another, for the plan's latest year) and times the
/// board member's first overview after each.
async fn first_after_writes(
    run: &Run,
    store: &Store,
    plan: i64,
    password: &str,
    writes: usize,
) -> Result<(), Failure> {
    let handle = store
        .plan_handles()
        .await?
        .into_iter()
        .find(|h| h.id == plan)
        .ok_or("no plan")?;
    let doc = store
        .load_plan(Some(&handle.organisation), &handle.name)
        .await?;
    let slots: Vec<Slot> = doc
        .observations
        .iter()
        .filter(|o| o.kind == ObservationKind::Actual && o.locality.is_none() && o.group.is_none())
        .map(|o| Slot {
            indicator: o.indicator.clone(),
            period: o.period,
            kind: o.kind,
            locality: None,
            group: None,
        })
        .take(writes)
        .collect();
    let path = Page::Overview(plan).path(&mut Rng(0), 0);
    let mut client = Client::connect(run.address).await?;
    client.sign_in("board", password).await?;
    request(&mut client, &path).await?;
    let mut latencies = Vec::new();
    for (n, slot) in slots.iter().enumerate() {
        let text = format!("{}%", 50 + n);
        write_figure(store, plan, slot, &text).await?;
        latencies.push(request(&mut client, &path).await?);
    }
    latencies.sort();
    println!(
        "plan overview, first request after each of {} approved figures: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; server peak RSS {} MiB, load {}",
        latencies.len(),
        millis(percentile(&latencies, 0.50)),
        millis(percentile(&latencies, 0.99)),
        millis(latencies.last().copied().unwrap_or_default()),
        memory_mib(run.server, "VmHWM"),
        load_average(),
    );
    Ok(())
}

fn required(name: &str) -> Result<String, Failure> {
    std::env::var(name).map_err(|_| format!("{name} is not set").into())
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let run = Arc::new(Run {
        address: required("BENCH_ADDRESS")?.parse()?,
        server: required("BENCH_SERVER_PID")?.parse()?,
        children: setting("BENCH_CHILDREN", 1_000_000),
        clients: setting("BENCH_CLIENTS", 100) as usize,
        seconds: setting("BENCH_SECONDS", 10),
        probe: Duration::from_secs(setting("BENCH_PROBE_SECONDS", 10)),
    });
    let coordinator = required("BENCH_COORDINATOR_PASSWORD")?;
    let board = required("BENCH_BOARD_PASSWORD")?;
    let store = Store::open(&required("BENCH_DATABASE")?).await?;
    let plan = first_plan(&store).await?;
    let pages = std::env::var("BENCH_PAGES").unwrap_or_else(|_| PAGES.join(","));
    let asked: Vec<&str> = pages
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(unknown) = asked.iter().find(|page| !PAGES.contains(page)) {
        return Err(format!("BENCH_PAGES names no page {unknown:?}: pages are {PAGES:?}").into());
    }
    let wanted = |page: &str| asked.contains(&page);
    if wanted("search") {
        drive(&run, Page::Search, "coordinator", &coordinator).await?;
    }
    if wanted("child") {
        drive(&run, Page::Child, "coordinator", &coordinator).await?;
    }
    if wanted("overview") {
        drive(&run, Page::Overview(plan), "board", &board).await?;
    }
    let writes = setting("BENCH_WRITES", 10) as usize;
    first_after_writes(&run, &store, plan, &board, writes).await
}

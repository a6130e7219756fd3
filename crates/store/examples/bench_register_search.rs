//! Times the store's register search alone (no web server), query by query:
//! a reference, a date of birth both ways, whole and partial names of the
//! generated register, and names no generated child has.
//!
//! Usage: bench_register_search DATABASE_URL ORGANISATION [QUERY…]
//! Each query is asked 15 times; prints how many children it found and the
//! median and fastest milliseconds.

use std::time::Instant;

use trustboard_core::register::{ChildSearch, SEARCH_LIMIT};
use trustboard_store::Store;

/// What `trustboard synth` names its children, and what it never does.
const QUERIES: [&str; 10] = [
    "K123456",
    "2003-05-13",
    "13/05/2003",
    "Ruby Nowak",
    "Amelia Smith",
    "nowa",
    "Zara Ev",
    "Mohammed Khan",
    "Quinn Okafor",
    "okaf",
];

const RUNS: usize = 15;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, organisation, asked @ ..] = args.as_slice() else {
        return Err("usage: bench_register_search DATABASE_URL ORGANISATION [QUERY…]".into());
    };
    let queries: Vec<&str> = if asked.is_empty() {
        QUERIES.to_vec()
    } else {
        asked.iter().map(String::as_str).collect()
    };
    let store = Store::open(url).await?;
    let today = chrono::Utc::now().date_naive();
    for query in queries {
        let Some(search) = ChildSearch::new(query) else {
            continue;
        };
        let mut ms = Vec::with_capacity(RUNS);
        let mut found = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            found = store
                .search_register(organisation, &search, SEARCH_LIMIT, today)
                .await?
                .children
                .len();
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{query:<16} found {found:>3}  median {:>7.2} ms  fastest {:>7.2} ms",
            ms[RUNS / 2],
            ms[0]
        );
    }
    store.close().await;
    Ok(())
}

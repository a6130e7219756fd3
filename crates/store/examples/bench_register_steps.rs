//! For scripts/bench-derive.sh: records one new step, then 1,000 in one
//! transaction, on an existing register, timing each write (the step, the
//! record it is checked against, and keeping the figures current), and
//! checks that the kept figures still equal a full recount.
//!
//! Usage: bench_register_steps DATABASE_URL ORGANISATION REFERENCES_FILE
//! where REFERENCES_FILE lists children's references, one a line; a
//! concern dated today is recorded for the first 1,002 that accept one
//! (the first, untimed, opens the database's connection and caches).

use std::time::Instant;

use chrono::Utc;
use trustboard_core::register::{check_step, AgencyId, ChildId, Concern, Step};
use trustboard_store::register::{FigureSource, NewStep};
use trustboard_store::Store;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, organisation, references] = args.as_slice() else {
        return Err("usage: bench_register_steps DATABASE_URL ORGANISATION REFERENCES_FILE".into());
    };
    let store = Store::open(url).await?;
    let today = Utc::now().date_naive();
    let concern = Step::RecordConcern(Concern {
        date: today,
        raised_by: "Benchmark".into(),
        agency: AgencyId::new("school"),
        description: "A new concern".into(),
        suggested_level: None,
    });
    let mut steps = Vec::new();
    for reference in std::fs::read_to_string(references)?.lines() {
        let child = ChildId::new(reference.trim());
        let stored = store.register_record(organisation, &child).await?;
        if check_step(&stored.record, &concern, today).is_ok() {
            steps.push(NewStep {
                child,
                step: concern.clone(),
                expected_version: stored.version,
            });
        }
        if steps.len() == 1002 {
            break;
        }
    }
    let [warm_up, one, thousand @ ..] = steps.as_slice() else {
        return Err("fewer than two children in the list accept a new concern".into());
    };
    let mut one_ms = 0.0;
    for new in [warm_up, one] {
        let started = Instant::now();
        store
            .record_register_step(
                organisation,
                &new.child,
                &new.step,
                new.expected_version,
                "benchmark",
                today,
            )
            .await?;
        one_ms = started.elapsed().as_secs_f64() * 1000.0;
    }
    let started = Instant::now();
    store
        .record_register_steps(organisation, thousand, "benchmark", today)
        .await?;
    let many_ms = started.elapsed().as_secs_f64() * 1000.0;
    let kept = store
        .register_figures(organisation, FigureSource::Kept)
        .await?
        .all(today);
    let recounted = store
        .register_figures(organisation, FigureSource::Recounted)
        .await?
        .all(today);
    println!("incremental_1_ms {one_ms:.1}");
    println!("incremental_{}_ms {many_ms:.1}", thousand.len());
    println!("kept_equals_recount {}", kept == recounted);
    store.close().await;
    Ok(())
}

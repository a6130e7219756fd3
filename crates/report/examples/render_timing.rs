//! Renders a pack the size of a whole plan (12 outcomes, 150 indicators, 6 periods) to
//! HTML, PDF and XLSX and prints the time each format takes.
//!
//! cargo run --release -p trustboard-report --example render_timing [-- OUTPUT_DIR]
//! With OUTPUT_DIR the three files are written there for inspection.

#[path = "../tests/fixture/mod.rs"]
mod fixture;

use std::time::Instant;

use trustboard_report::{PackFormat, RenderOptions};

const RUNS: u32 = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let output = std::env::args().nth(1).map(std::path::PathBuf::from);
    let pack = fixture::plan_sized_pack(150, 6);
    let opts = RenderOptions::default();
    let mut total = 0.0;
    for format in PackFormat::ALL {
        let name = format.extension();
        let mut bytes = format.render(&pack, opts)?;
        let started = Instant::now();
        for _ in 0..RUNS {
            bytes = format.render(&pack, opts)?;
        }
        let millis = started.elapsed().as_secs_f64() * 1000.0 / f64::from(RUNS);
        total += millis;
        println!("{name:>5}: {millis:8.1} ms  ({} bytes)", bytes.len());
        if let Some(dir) = &output {
            std::fs::write(dir.join(format!("board-pack.{name}")), &bytes)?;
        }
    }
    println!("total: {total:8.1} ms per pack, mean of {RUNS} runs after one warm-up");
    Ok(())
}

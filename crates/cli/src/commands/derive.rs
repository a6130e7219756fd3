//! `trustboard derive`: plan values computed from the register.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use clap::Args;
use trustboard_core::register::figures::Figure;
use trustboard_store::register::{DeriveReport, FigureSource};
use trustboard_store::Store;

#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// The organisation whose register feeds its plans; by default the only plan's organisation.
    #[arg(long)]
    pub org: Option<String>,
    /// Also write every register figure (each measure for the whole area and
    /// each locality, by month, quarter and financial year) to FILE as CSV,
    /// saying how long counting them took.
    #[arg(long, value_name = "FILE")]
    pub figures: Option<PathBuf>,
    /// Count the figures written with --figures afresh from every child's
    /// stored contribution rather than reading the tallies kept current with
    /// each step; the numbers are the same.
    #[arg(long, requires = "figures")]
    pub recount: bool,
}

/// The named organisation, or the organisation of the only plan.
pub async fn organisation(store: &Store, org: Option<String>) -> anyhow::Result<String> {
    match org {
        Some(org) => Ok(org),
        None => Ok(store.find_plan(None).await?.organisation),
    }
}

pub async fn derive(store: &Store, args: DeriveArgs) -> anyhow::Result<()> {
    let organisation = organisation(store, args.org).await?;
    let now = Utc::now();
    if let Some(path) = &args.figures {
        let source = if args.recount {
            FigureSource::Recounted
        } else {
            FigureSource::Kept
        };
        write_figures(store, &organisation, source, now.date_naive(), path).await?;
    }
    let report = store
        .derive_register_values(&organisation, "command line", now.date_naive(), now)
        .await?;
    print_report(&report);
    Ok(())
}

pub fn print_report(report: &DeriveReport) {
    out!(
        "register values: {} added, {} changed, {} unchanged",
        report.added,
        report.changed.len(),
        report.unchanged
    );
    if report.kept_after_erasure > 0 {
        out!(
            "  {} values of periods that ended before a record was erased kept as they were",
            report.kept_after_erasure
        );
    }
    for change in &report.changed {
        let slot = &change.slot;
        out!(
            "  {} {} {}: {} -> {}",
            slot.indicator,
            slot.period,
            slot.locality.as_deref().unwrap_or("whole area"),
            change.old,
            change.new
        );
    }
}

/// Counts every figure and writes them as CSV.
async fn write_figures(
    store: &Store,
    organisation: &str,
    source: FigureSource,
    today: NaiveDate,
    path: &Path,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let figures = store
        .register_figures(organisation, source)
        .await?
        .all(today);
    let took = started.elapsed();
    let mut csv = csv::Writer::from_path(path)
        .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
    csv.write_record([
        "measure",
        "locality",
        "period",
        "start",
        "end",
        "numerator",
        "denominator",
    ])?;
    for figure in &figures {
        csv.write_record(figure_row(figure))?;
    }
    csv.flush()?;
    let how = match source {
        FigureSource::Kept => "read from the kept tallies",
        FigureSource::Recounted => "recounted from every child's contribution",
    };
    out!(
        "{} register figures {how} in {:.1} ms, written to {}",
        figures.len(),
        took.as_secs_f64() * 1000.0,
        path.display()
    );
    Ok(())
}

fn figure_row(figure: &Figure) -> [String; 7] {
    [
        figure.measure.name().to_string(),
        figure.locality.clone().unwrap_or_default(),
        figure.period.to_string(),
        figure.period.start().to_string(),
        figure.period.end().to_string(),
        figure.numerator.to_string(),
        figure
            .denominator
            .map(|d| d.to_string())
            .unwrap_or_default(),
    ]
}

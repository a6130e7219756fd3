//! `trustboard derive`: plan values computed from the register.

use chrono::Utc;
use clap::Args;
use trustboard_store::register::DeriveReport;
use trustboard_store::Store;

#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// The organisation whose register feeds its plans; by default the only plan's organisation.
    #[arg(long)]
    pub org: Option<String>,
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

//! `trustboard export`: a plan out in the canonical format.

use trustboard_formats::Format;
use trustboard_store::Store;

use crate::cli::{ExportArgs, ExportFormat};

pub async fn export(store: &Store, args: ExportArgs) -> anyhow::Result<()> {
    let doc = super::load_selected(store, &args.plan).await?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Xlsx => Format::Xlsx,
        ExportFormat::Json => Format::Json,
    };
    // Budget and staffing tables travel in CSV and XLSX; JSON holds the plan alone.
    let tables = match format {
        Format::Json => Vec::new(),
        _ => {
            store
                .resource_tables(Some(&doc.organisation), &doc.plan.name)
                .await?
        }
    };
    trustboard_formats::write_with_resources(&doc, &tables, format, &args.out)?;
    eprintln!(
        "wrote {} ({}) to {}: {} indicators, {} values, {} milestones, {} budget and staffing tables",
        doc.plan.name,
        doc.organisation,
        args.out.display(),
        doc.indicators.len(),
        doc.observations.len(),
        doc.milestones.len(),
        tables.len()
    );
    Ok(())
}

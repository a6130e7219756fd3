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
    trustboard_formats::write(&doc, format, &args.out)?;
    eprintln!(
        "wrote {} ({}) to {}: {} indicators, {} values, {} milestones",
        doc.plan.name,
        doc.organisation,
        args.out.display(),
        doc.indicators.len(),
        doc.observations.len(),
        doc.milestones.len()
    );
    Ok(())
}

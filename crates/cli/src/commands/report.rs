//! `trustboard report`: the Trust Board performance report as HTML, PDF or XLSX.

use anyhow::Context;
use trustboard_report::build::{board_pack, PackOptions};
use trustboard_report::{PackFormat, RenderOptions};
use trustboard_store::Store;

use super::selected_plan_name;
use super::summary::judging_date;
use crate::cli::{ReportArgs, ReportFormat};

pub async fn report(store: &Store, args: ReportArgs) -> anyhow::Result<()> {
    let format = format_of(&args)?;
    let name = selected_plan_name(store, &args.plan).await?;
    let organisation = args.plan.org.as_deref();
    let doc = store.load_plan(organisation, &name).await?;
    let plan_id = store.plan_id(organisation, &name).await?;
    let mut options = PackOptions::new(args.period, judging_date(args.today));
    options.node = args.scope.node;
    options.locality = args.scope.locality;
    options.published = args.published;
    trustboard_web::pack_inputs::fill(store, plan_id, &mut options).await?;
    let pack = board_pack(&doc, &options)
        .with_context(|| format!("cannot build the report for {}", args.period))?;
    let bytes = format
        .render(
            &pack,
            RenderOptions {
                published: args.published,
            },
        )
        .context("cannot render the report")?;
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({}, {}): {} indicators across {} outcomes, {} exceptions",
        args.out.display(),
        format.extension().to_uppercase(),
        size_text(bytes.len()),
        pack.outcomes.iter().map(|o| o.rows.len()).sum::<usize>(),
        pack.outcomes.len(),
        pack.exceptions.len(),
    );
    Ok(())
}

/// The format asked for, or the one the output file's extension names.
fn format_of(args: &ReportArgs) -> anyhow::Result<PackFormat> {
    if let Some(format) = args.format {
        return Ok(match format {
            ReportFormat::Html => PackFormat::Html,
            ReportFormat::Pdf => PackFormat::Pdf,
            ReportFormat::Xlsx => PackFormat::Xlsx,
        });
    }
    let extension = args
        .out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    PackFormat::ALL
        .into_iter()
        .find(|f| f.extension() == extension)
        .with_context(|| {
            format!(
                "give --format html, pdf or xlsx: the extension of {} does not say which",
                args.out.display()
            )
        })
}

fn size_text(bytes: usize) -> String {
    let kib = bytes as f64 / 1024.0;
    if kib < 1024.0 {
        format!("{kib:.1} KiB")
    } else {
        format!("{:.1} MiB", kib / 1024.0)
    }
}

//! `trustboard import`: files in, one transaction, a report of what changed.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use trustboard_core::model::PlanDocument;
use trustboard_formats::{Format, Hints, Reading};
use trustboard_store::{ImportOptions, ImportReport, Store};

use crate::cli::{ImportArgs, ImportFormat};

/// A value the parser could not fully read, kept as written.
#[derive(Debug, Serialize)]
struct ValueWarning<'a> {
    indicator: &'a str,
    period: String,
    text: &'a str,
    warnings: &'a [String],
}

#[derive(Debug, Serialize)]
struct Outcome<'a> {
    report: &'a ImportReport,
    /// Values kept as written but not fully understood.
    warnings: Vec<ValueWarning<'a>>,
    /// What the document reader kept but wants a person to look at.
    reader_warnings: Vec<String>,
}

/// Files holding only some tables (a lone `observations.csv`) add to the
/// stored plan: their rows replace rows with the same key, the rest stays.
/// Returns the plan's revision too: the import is refused if the plan moves
/// on before it is written, rather than undoing what changed meanwhile.
async fn onto_stored_plan(store: &Store, reading: Reading) -> anyhow::Result<(PlanDocument, i64)> {
    let (organisation, plan) = reading.names();
    let Some(plan) = plan else {
        // Reading says which names are missing and how to give them.
        reading.finish()?;
        anyhow::bail!("the files do not name their plan; give --plan and --org");
    };
    let (stored, revision) = store
        .load_plan_at_revision(organisation.as_deref(), &plan)
        .await
        .with_context(|| {
            format!(
                "the files hold only some tables of a plan, so they add to plan `{plan}`, \
                 which has to be imported whole first"
            )
        })?;
    Ok((reading.finish_onto(&stored)?, revision))
}

pub async fn import(store: &Store, args: ImportArgs) -> anyhow::Result<()> {
    let format = args.format.map(|f| match f {
        ImportFormat::Csv => Format::Csv,
        ImportFormat::Xlsx => Format::Xlsx,
        ImportFormat::Json => Format::Json,
        ImportFormat::Document => Format::Document,
    });
    let hints = Hints {
        plan: args.plan.clone(),
        organisation: args.org.clone(),
    };
    let progress = spinner(args.json);
    progress.set_message(format!("reading {} file(s)", args.files.len()));
    let reading = Reading::of(&args.files, format, &hints)?;
    let reader_warnings: Vec<String> = reading.warnings().iter().map(|w| w.to_string()).collect();
    let resources = reading.resources().to_vec();
    let (doc, based_on) = if reading.is_whole() {
        (reading.finish()?, None)
    } else {
        let (doc, revision) = onto_stored_plan(store, reading).await?;
        (doc, Some(revision))
    };
    progress.set_message(format!(
        "{} {}: {} indicators, {} values",
        if args.dry_run { "checking" } else { "writing" },
        doc.plan.name,
        doc.indicators.len(),
        doc.observations.len()
    ));
    let source = args
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let options = ImportOptions {
        dry_run: args.dry_run,
        source,
    };
    let report = match based_on {
        None if !resources.is_empty() => {
            store
                .import_plan_with_resources(&doc, &resources, options)
                .await
        }
        None => store.import_plan(&doc, options).await,
        Some(revision) => store.import_plan_based_on(&doc, options, revision).await,
    }
    .context("nothing was imported")?;
    progress.finish_and_clear();
    let outcome = Outcome {
        report: &report,
        warnings: value_warnings(&doc),
        reader_warnings,
    };
    if args.json {
        return super::print_json(&outcome);
    }
    print_report(&outcome);
    Ok(())
}

fn spinner(hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn value_warnings(doc: &PlanDocument) -> Vec<ValueWarning<'_>> {
    doc.observations
        .iter()
        .filter(|o| !o.parsed.warnings.is_empty())
        .map(|o| ValueWarning {
            indicator: &o.indicator,
            period: o.period.to_string(),
            text: &o.text,
            warnings: &o.parsed.warnings,
        })
        .collect()
}

fn print_report(outcome: &Outcome<'_>) {
    let report = outcome.report;
    let verb = if report.dry_run {
        "would change"
    } else {
        "changed"
    };
    out!(
        "{} ({}): {} {} thing(s){}",
        report.plan,
        report.organisation,
        verb,
        report.changes(),
        if report.new_plan { ", new plan" } else { "" }
    );
    let rows = [
        ("nodes", &report.nodes),
        ("indicators", &report.indicators),
        ("localities", &report.localities),
        ("values", &report.observations),
        ("milestones", &report.milestones),
    ];
    out!(
        "  {:<11} {:>7} {:>7} {:>9} {:>7}",
        "",
        "added",
        "changed",
        "unchanged",
        "retired"
    );
    for (name, counts) in rows {
        out!(
            "  {:<11} {:>7} {:>7} {:>9} {:>7}",
            name,
            counts.added,
            counts.changed,
            counts.unchanged,
            counts.retired
        );
    }
    if report.resource_tables > 0 {
        out!(
            "  budget and staffing: {} table(s) of {} row(s), replacing those held before (see `trustboard resources list`)",
            report.resource_tables,
            report.resource_rows
        );
    }
    for change in &report.changed_observations {
        out!(
            "  {} {} {}: `{}` → `{}`",
            change.indicator,
            change.period,
            change.kind.as_str(),
            change.old_text,
            change.new_text
        );
    }
    if !outcome.warnings.is_empty() {
        out!(
            "{} value(s) kept as written but not fully understood:",
            outcome.warnings.len()
        );
        for warning in &outcome.warnings {
            out!(
                "  {} {}: `{}`: {}",
                warning.indicator,
                warning.period,
                warning.text,
                warning.warnings.join("; ")
            );
        }
    }
    if !outcome.reader_warnings.is_empty() {
        out!(
            "{} note(s) from reading the document:",
            outcome.reader_warnings.len()
        );
        for warning in &outcome.reader_warnings {
            out!("  {warning}");
        }
    }
    if report.dry_run {
        out!("dry run: nothing was written");
    }
}

//! `trustboard resources`: a plan's budget and staffing tables as stored,
//! with the core's reconciliation of every printed total.

use serde::Serialize;
use trustboard_core::resources::{one_line, reconcile, Discrepancy, ResourceTable};
use trustboard_store::Store;

use super::{print_json, selected_plan_name};
use crate::cli::ResourcesCommand;

#[derive(Serialize)]
struct Reconciled<'a> {
    table: &'a ResourceTable,
    differences: Vec<Discrepancy>,
}

pub async fn resources(store: &Store, command: ResourcesCommand) -> anyhow::Result<()> {
    let ResourcesCommand::List { plan, json } = command;
    let name = selected_plan_name(store, &plan).await?;
    let tables = store.resource_tables(plan.org.as_deref(), &name).await?;
    let reconciled: Vec<Reconciled> = tables
        .iter()
        .map(|table| Reconciled {
            table,
            differences: reconcile(table),
        })
        .collect();
    if json {
        return print_json(&reconciled);
    }
    if reconciled.is_empty() {
        out!("{name} holds no budget or staffing tables; import its document to read them");
    }
    for Reconciled { table, differences } in &reconciled {
        print_table(table);
        for d in differences {
            out!(
                "  ! line {} `{}`, {}: printed {}, rows come to {} ({})",
                d.line,
                d.label,
                d.heading,
                if d.printed.is_empty() {
                    "blank".to_string()
                } else {
                    one_line(&d.printed)
                },
                d.summed,
                d.rule
            );
        }
        out!("");
    }
    Ok(())
}

fn print_table(table: &ResourceTable) {
    out!("{} ({} {})", table.title, table.kind.name(), table.year);
    let headings: Vec<String> = (0..table.columns().len())
        .map(|c| format!("{} ({})", table.heading(c), table.columns()[c].unit))
        .collect();
    out!("  {:<45} {}", "", headings.join(" | "));
    for row in &table.rows {
        let figures: Vec<String> = row
            .figures
            .iter()
            .map(|f| f.as_ref().map(|f| one_line(&f.text)).unwrap_or_default())
            .collect();
        let label = if row.label.is_empty() {
            "(blank)"
        } else {
            &row.label
        };
        let owner = if row.owner.is_empty() {
            String::new()
        } else {
            format!(" [{}]", row.owner)
        };
        out!(
            "  {:<45} {}{owner}",
            format!("{label} ({})", row.kind.name()),
            figures.join(" | ")
        );
    }
}

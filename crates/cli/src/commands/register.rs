//! `trustboard register`: the early-help register from the command line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use chrono::Utc;
use clap::Subcommand;
use trustboard_formats::register::{
    read_register_dir, write_register_dir, ChildEntry, RegisterTables, StepEntry,
};
use trustboard_store::register::{
    MeasureMapping, NewChild, RegisterAccess, RegisterAction, RegisterBatch, RegisterError,
    MEASURES,
};
use trustboard_store::Store;

use crate::cli::PlanSelector;

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Add the register tables in DIR (agencies.csv, practitioners.csv,
    /// children.csv, steps.csv; see docs/FORMAT.md) to the register, all or nothing.
    Import {
        dir: PathBuf,
        /// The organisation whose register it is; by default the only plan's organisation.
        #[arg(long)]
        org: Option<String>,
    },
    /// Write the register tables into DIR. Recorded in the register's audit.
    Export {
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        org: Option<String>,
    },
    /// Feed a plan indicator from a register measure; `trustboard derive` then writes its values.
    Map {
        /// caf_within_15_working_days, meeting_within_6_weeks_of_level_3,
        /// reviews_within_3_months or level_3_with_lead_professional.
        measure: String,
        /// The indicator's key (its code or title, as `trustboard indicators list` shows).
        #[arg(long)]
        indicator: String,
        #[command(flatten)]
        plan: PlanSelector,
    },
}

pub async fn register(store: &Store, command: RegisterCommand) -> anyhow::Result<()> {
    match command {
        RegisterCommand::Import { dir, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            import(store, &organisation, &dir).await
        }
        RegisterCommand::Export { out, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            export(store, &organisation, &out).await
        }
        RegisterCommand::Map {
            measure,
            indicator,
            plan,
        } => map(store, measure, indicator, &plan).await,
    }
}

async fn map(
    store: &Store,
    measure: String,
    indicator: String,
    selector: &PlanSelector,
) -> anyhow::Result<()> {
    if !MEASURES.contains(&measure.as_str()) {
        return Err(anyhow!(
            "`{measure}` is not a register measure; use one of {}",
            MEASURES.join(", ")
        ));
    }
    let doc = super::load_selected(store, selector).await?;
    if !doc.indicators.iter().any(|i| i.key == indicator) {
        return Err(anyhow!("the plan has no indicator `{indicator}`"));
    }
    let handle = plan_id(store, &doc.organisation, &doc.plan.name).await?;
    store
        .map_register_measure(
            &doc.organisation,
            &MeasureMapping {
                measure: measure.clone(),
                plan_id: handle,
                indicator: indicator.clone(),
            },
        )
        .await?;
    out!("{measure} now feeds `{indicator}` in {}", doc.plan.name);
    Ok(())
}

/// The id of the organisation's plan `name`.
pub async fn plan_id(store: &Store, organisation: &str, name: &str) -> anyhow::Result<i64> {
    store
        .plan_handles()
        .await?
        .into_iter()
        .find(|plan| plan.organisation == organisation && plan.name == name)
        .map(|plan| plan.id)
        .ok_or_else(|| anyhow!("no plan {name} for {organisation}"))
}

/// The command line's name in the register's audit.
const ACTOR: &str = "command line";

async fn import(store: &Store, organisation: &str, dir: &Path) -> anyhow::Result<()> {
    let tables = read_register_dir(dir, organisation)?;
    let (batch, lines) = batch_of(tables)?;
    let now = Utc::now();
    match store
        .import_register(organisation, &batch, ACTOR, now.date_naive())
        .await
    {
        Ok(added) => {
            let detail = format!("imported {added} children from {}", dir.display());
            audit(store, organisation, RegisterAction::Import, &detail).await?;
            out!("{detail}");
            Ok(())
        }
        Err(RegisterError::Refused {
            child,
            index,
            error,
        }) => {
            let (file, line) = &lines[&child.0][index];
            Err(anyhow!("{file}:{line}: child {child}: {error}"))
        }
        Err(error) => Err(error.into()),
    }
}

/// Each child's steps in file order, and where each step was read from.
type StepLines = HashMap<String, Vec<(String, usize)>>;

fn batch_of(tables: RegisterTables) -> anyhow::Result<(RegisterBatch, StepLines)> {
    let mut children: Vec<NewChild> = tables
        .children
        .into_iter()
        .map(|entry| NewChild {
            child: entry.child,
            opened: entry.opened,
            steps: Vec::new(),
        })
        .collect();
    let position: HashMap<String, usize> = children
        .iter()
        .enumerate()
        .map(|(index, new)| (new.child.id.0.clone(), index))
        .collect();
    let mut lines = StepLines::new();
    for StepEntry {
        file,
        line,
        child,
        step,
    } in tables.steps
    {
        let index = position
            .get(&child.0)
            .ok_or_else(|| anyhow!("{file}:{line}: child {child} is not in children.csv"))?;
        children[*index].steps.push(step);
        lines.entry(child.0).or_default().push((file, line));
    }
    let batch = RegisterBatch {
        agencies: tables.agencies,
        practitioners: tables.practitioners,
        children,
    };
    Ok((batch, lines))
}

async fn export(store: &Store, organisation: &str, out: &Path) -> anyhow::Result<()> {
    let batch = store.register_batch(organisation).await?;
    let mut tables = RegisterTables {
        agencies: batch.agencies,
        practitioners: batch.practitioners,
        ..RegisterTables::default()
    };
    for new in batch.children {
        let steps = new.steps.into_iter().map(|step| StepEntry {
            file: String::new(),
            line: 0,
            child: new.child.id.clone(),
            step,
        });
        tables.steps.extend(steps);
        tables.children.push(ChildEntry {
            child: new.child,
            opened: new.opened,
        });
    }
    write_register_dir(&tables, out)?;
    let detail = format!(
        "exported {} children to {}",
        tables.children.len(),
        out.display()
    );
    audit(store, organisation, RegisterAction::Export, &detail).await?;
    out!("{detail}");
    Ok(())
}

async fn audit(
    store: &Store,
    organisation: &str,
    action: RegisterAction,
    detail: &str,
) -> anyhow::Result<()> {
    let access = RegisterAccess {
        actor: ACTOR,
        action,
        child: None,
        detail,
        at: Utc::now(),
    };
    Ok(store.record_register_access(organisation, &access).await?)
}

//! `trustboard register`: the early-help register from the command line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use chrono::{Months, Utc};
use clap::{Subcommand, ValueEnum};
use trustboard_core::register::figures::RegisterMeasure;
use trustboard_core::register::{ChildId, DEFAULT_RETENTION_MONTHS};
use trustboard_formats::register::{
    read_register_dir, read_register_xlsx_file, register_xlsx_bytes, write_register_dir,
    ChildEntry, RegisterTables, StepEntry,
};
use trustboard_store::register::{
    Erasure, MeasureMapping, NewChild, RegisterAccess, RegisterAction, RegisterAuditRecord,
    RegisterBatch, RegisterError,
};
use trustboard_store::Store;

use crate::cli::PlanSelector;

/// How the register's tables are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Four CSV files in a directory.
    Csv,
    /// One workbook, a sheet per table.
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// Add the register tables in DIR (agencies.csv, practitioners.csv,
    /// children.csv, steps.csv) or in FILE.xlsx (a sheet per table; see
    /// docs/FORMAT.md) to the register, all or nothing.
    Import {
        /// A directory of CSV files, or an XLSX workbook.
        source: PathBuf,
        /// The organisation whose register it is; by default the only plan's organisation.
        #[arg(long)]
        org: Option<String>,
    },
    /// Write the register tables into the directory OUT (csv) or the workbook
    /// OUT (xlsx). Recorded in the register's audit.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// By default xlsx when OUT ends in .xlsx, otherwise csv.
        #[arg(long, value_enum)]
        format: Option<TableFormat>,
        #[arg(long)]
        org: Option<String>,
    },
    /// Who saw a child's record (`--child REF`), or what a user saw (`--user NAME`),
    /// from the register's audit, oldest first. The question is itself recorded in the audit.
    Audit {
        /// The child's reference on the register.
        #[arg(long, required_unless_present = "user", conflicts_with = "user")]
        child: Option<String>,
        /// The name the user is recorded under (a username, or `command line`).
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        org: Option<String>,
    },
    /// List closed records kept longer than the retention period, for review.
    Retention {
        /// Months a record is kept after it is closed (the same setting as
        /// `serve --register-retention-months`).
        #[arg(long, default_value_t = DEFAULT_RETENTION_MONTHS, env = "TRUSTBOARD_REGISTER_RETENTION_MONTHS")]
        months: u32,
        #[arg(long)]
        org: Option<String>,
    },
    /// Erase a child's record, recording the decision and why. Plan values
    /// already derived stay as they are; the audit keeps the decision without
    /// naming the child.
    Erase {
        /// The child's reference on the register.
        child: String,
        /// Why the record is erased, e.g. "closed over six years ago; reviewed at panel".
        #[arg(long)]
        reason: String,
        #[arg(long)]
        org: Option<String>,
    },
    /// Feed a plan indicator from a register measure; `trustboard derive` then writes its values.
    Map {
        /// caf_within_15_working_days, meeting_within_6_weeks_of_level_3,
        /// reviews_within_3_months, level_3_with_lead_professional,
        /// children_at_level_0 … children_at_level_4, concerns_raised or
        /// safeguarding_referrals.
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
        RegisterCommand::Import { source, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            import(store, &organisation, &source).await
        }
        RegisterCommand::Export { out, format, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            let format = format.unwrap_or(if is_workbook(&out) {
                TableFormat::Xlsx
            } else {
                TableFormat::Csv
            });
            export(store, &organisation, &out, format).await
        }
        RegisterCommand::Audit { child, user, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            match (child, user) {
                (Some(child), _) => child_audit(store, &organisation, &ChildId::new(child)).await,
                (None, Some(user)) => user_audit(store, &organisation, &user).await,
                (None, None) => Err(anyhow!("say whose audit: --child REF or --user NAME")),
            }
        }
        RegisterCommand::Retention { months, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            retention(store, &organisation, months).await
        }
        RegisterCommand::Erase { child, reason, org } => {
            let organisation = super::derive::organisation(store, org).await?;
            erase(store, &organisation, &ChildId::new(child), &reason).await
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
    if RegisterMeasure::from_name(&measure).is_none() {
        let names: Vec<&str> = RegisterMeasure::ALL.iter().map(|m| m.name()).collect();
        return Err(anyhow!(
            "`{measure}` is not a register measure; use one of {}",
            names.join(", ")
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

/// Whether `path` names a workbook rather than a directory of CSV files.
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"))
}

async fn import(store: &Store, organisation: &str, source: &Path) -> anyhow::Result<()> {
    let tables = if is_workbook(source) {
        read_register_xlsx_file(source, organisation)?
    } else {
        read_register_dir(source, organisation)?
    };
    let (batch, lines) = batch_of(tables)?;
    let now = Utc::now();
    match store
        .import_register(organisation, &batch, ACTOR, now.date_naive())
        .await
    {
        Ok(added) => {
            let detail = format!("imported {added} children from {}", source.display());
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

async fn export(
    store: &Store,
    organisation: &str,
    out: &Path,
    format: TableFormat,
) -> anyhow::Result<()> {
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
    match format {
        TableFormat::Csv => write_register_dir(&tables, out)?,
        TableFormat::Xlsx => {
            let bytes = register_xlsx_bytes(&tables)?;
            std::fs::write(out, bytes)
                .map_err(|error| anyhow!("cannot write {}: {error}", out.display()))?;
        }
    }
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

fn print_audit(rows: &[RegisterAuditRecord]) {
    if rows.is_empty() {
        out!("no accesses recorded");
    }
    for row in rows {
        let mut columns = vec![
            row.occurred_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            row.actor.clone(),
            row.action.clone(),
            row.child_label(),
            row.detail.clone(),
        ];
        columns.retain(|column| !column.is_empty());
        out!("{}", columns.join("  "));
    }
}

async fn child_audit(store: &Store, organisation: &str, child: &ChildId) -> anyhow::Result<()> {
    let question = RegisterAccess {
        actor: ACTOR,
        action: RegisterAction::AuditQuery,
        child: Some(child),
        detail: "asked who saw this child's record",
        at: Utc::now(),
    };
    store
        .record_register_access(organisation, &question)
        .await?;
    let rows = store.register_child_audit(organisation, child).await?;
    out!("who saw the record of {child}:");
    print_audit(&rows);
    Ok(())
}

async fn user_audit(store: &Store, organisation: &str, user: &str) -> anyhow::Result<()> {
    let detail = format!("asked what `{user}` saw");
    audit(store, organisation, RegisterAction::AuditQuery, &detail).await?;
    let rows = store.register_actor_audit(organisation, user).await?;
    out!("what {user} saw or did on the register:");
    print_audit(&rows);
    Ok(())
}

async fn retention(store: &Store, organisation: &str, months: u32) -> anyhow::Result<()> {
    let today = Utc::now().date_naive();
    let retention = Months::new(months);
    let due = store
        .register_past_retention(organisation, retention, today)
        .await?;
    let detail = format!(
        "listed {} closed records kept over {months} months",
        due.len()
    );
    audit(store, organisation, RegisterAction::Search, &detail).await?;
    if due.is_empty() {
        out!("no closed record has been kept over {months} months");
        return Ok(());
    }
    out!(
        "{} closed records kept over {months} months, for review (erase with `trustboard register erase REF --reason TEXT`):",
        due.len()
    );
    for record in due {
        out!("  {}  closed {}", record.child, record.closed);
    }
    Ok(())
}

async fn erase(
    store: &Store,
    organisation: &str,
    child: &ChildId,
    reason: &str,
) -> anyhow::Result<()> {
    if reason.trim().is_empty() {
        return Err(anyhow!("say why the record is erased with --reason"));
    }
    let erasure = Erasure {
        child,
        decided_by: ACTOR,
        reason: reason.trim(),
        at: Utc::now(),
    };
    store.erase_register_child(organisation, &erasure).await?;
    out!("erased the record of {child}; the decision is kept in the audit without naming the child, and plan values already derived are unchanged");
    Ok(())
}

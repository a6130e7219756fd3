//! One module per subcommand; `dispatch` opens the store and hands over.

pub(crate) mod backup;
pub(crate) mod calendar;
pub(crate) mod derive;
mod export;
mod import;
mod init;
mod lineage;
mod neighbours;
mod plan_view;
mod projects;
pub(crate) mod register;
mod report;
mod resources;
pub(crate) mod returns;
mod risks;
mod show;
mod summary;
pub(crate) mod synth;
mod user;

use anyhow::Context;
use trustboard_core::lineage::EarlierPlans;
use trustboard_core::model::PlanDocument;
use trustboard_store::Store;

use crate::cli::{Command, PlanSelector};

pub async fn dispatch(url: &str, command: Command) -> anyhow::Result<()> {
    let command = match command {
        Command::Backup(args) => return backup::backup(url, args).await,
        Command::Restore(args) => return backup::restore(url, args).await,
        other => other,
    };
    let store = Store::open(url)
        .await
        .with_context(|| "cannot open the database".to_string())?;
    let result = run(&store, command).await;
    store.close().await;
    result
}

async fn run(store: &Store, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init { empty } => init::init(store, empty).await,
        Command::Serve(args) => init::serve(store, args).await,
        Command::Calendar { command } => calendar::calendar(store, command).await,
        Command::Import(args) => import::import(store, args).await,
        Command::Export(args) => export::export(store, args).await,
        Command::Plans { command } => show::plans(store, command).await,
        Command::Plan { command } => show::plan(store, command).await,
        Command::Indicators { command } => show::indicators(store, command).await,
        Command::Milestones { command } => show::milestones(store, command).await,
        Command::Resources { command } => resources::resources(store, command).await,
        Command::Risks { command } => risks::risks(store, command).await,
        Command::Projects { command } => projects::projects(store, command).await,
        Command::Summary(args) => summary::summary(store, args).await,
        Command::Report(args) => report::report(store, args).await,
        Command::Neighbours { command } => neighbours::neighbours(store, command).await,
        Command::User { command } => user::user(store, command).await,
        Command::Register { command } => register::register(store, command).await,
        Command::Synth(args) => synth::synth(store, args).await,
        Command::Derive(args) => derive::derive(store, args).await,
        Command::Backup(_) | Command::Restore(_) => {
            unreachable!("dispatch runs backup and restore without an open store")
        }
        Command::Returns { command } => returns::returns(store, command).await,
    }
}

/// Loads the plan a command names, or the only plan in the database.
pub async fn load_selected(store: &Store, selector: &PlanSelector) -> anyhow::Result<PlanDocument> {
    let name = selected_plan_name(store, selector).await?;
    Ok(store.load_plan(selector.org.as_deref(), &name).await?)
}

/// The plan a command names, with the figures its indicators hold in the
/// plans it follows, which its direction of travel falls back on.
pub async fn load_for_judging(
    store: &Store,
    selector: &PlanSelector,
) -> anyhow::Result<(PlanDocument, EarlierPlans)> {
    let name = selected_plan_name(store, selector).await?;
    let organisation = selector.org.as_deref();
    let doc = store.load_plan(organisation, &name).await?;
    let id = store.plan_id(organisation, &name).await?;
    Ok((doc, store.earlier_plans(id).await?))
}

/// The name of the plan a command names, or of the only plan in the database.
pub async fn selected_plan_name(store: &Store, selector: &PlanSelector) -> anyhow::Result<String> {
    Ok(match &selector.plan {
        Some(name) => name.clone(),
        None if selector.org.is_some() => {
            let plans = store.list_plans().await?;
            let of_org: Vec<_> = plans
                .iter()
                .filter(|p| Some(&p.organisation) == selector.org.as_ref())
                .collect();
            match of_org.as_slice() {
                [only] => only.name.clone(),
                _ => anyhow::bail!(
                    "give --plan: the organisation has {} plans ({})",
                    of_org.len(),
                    of_org
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        None => store.find_plan(None).await?.name,
    })
}

/// Prints a value as pretty JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    out!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

//! Listing and inspecting what the database holds.

use anyhow::anyhow;
use serde::Serialize;
use trustboard_core::model::{Indicator, Observation};
use trustboard_store::Store;

use super::plan_view::{
    find_indicator, label, milestones_due_before, observations_of, print_tree, tree,
};
use super::{load_for_judging, load_selected, print_json};
use crate::cli::{IndicatorsCommand, MilestonesCommand, PlanCommand, PlansCommand};

pub async fn plans(store: &Store, command: PlansCommand) -> anyhow::Result<()> {
    let json = match command {
        PlansCommand::List { json } => json,
        PlansCommand::Link {
            earlier,
            later,
            org,
            continued,
            merged,
            deleted,
        } => {
            let outcomes = super::lineage::outcome_links(&continued, &merged, &deleted)?;
            let pair = (earlier.as_str(), later.as_str());
            return super::lineage::link_plans(store, pair, org.as_deref(), &outcomes).await;
        }
        PlansCommand::Links { org, json } => {
            return super::lineage::links(store, org.as_deref(), json).await
        }
    };
    let plans = store.list_plans().await?;
    if json {
        return print_json(&plans);
    }
    if plans.is_empty() {
        out!("no plans yet: `trustboard import FILE` brings one in");
    }
    for p in &plans {
        out!(
            "{} ({}) {}: {} nodes, {} indicators, {} values, {} milestones",
            p.name,
            p.organisation,
            p.period,
            p.nodes,
            p.indicators,
            p.observations,
            p.milestones
        );
    }
    Ok(())
}

pub async fn plan(store: &Store, command: PlanCommand) -> anyhow::Result<()> {
    let PlanCommand::Show { plan, json } = command;
    let doc = load_selected(store, &plan).await?;
    let nodes = tree(&doc);
    if json {
        #[derive(Serialize)]
        struct Shown<'a> {
            organisation: &'a str,
            plan: &'a trustboard_core::model::PlanHeader,
            tree: &'a [super::plan_view::TreeNode<'a>],
        }
        return print_json(&Shown {
            organisation: &doc.organisation,
            plan: &doc.plan,
            tree: &nodes,
        });
    }
    out!(
        "{}: {} ({})",
        doc.organisation,
        doc.plan.title,
        doc.plan.period
    );
    print_tree(&nodes, 0);
    Ok(())
}

pub async fn indicators(store: &Store, command: IndicatorsCommand) -> anyhow::Result<()> {
    match command {
        IndicatorsCommand::List { plan, json } => {
            let doc = load_selected(store, &plan).await?;
            if json {
                return print_json(&doc.indicators);
            }
            for i in &doc.indicators {
                out!("{}  [{}]", label(&i.key, &i.title), i.objectives.join(", "));
            }
            Ok(())
        }
        IndicatorsCommand::Link {
            indicator,
            to,
            plan,
            org,
        } => {
            let pair = (indicator.as_str(), to.as_str());
            super::lineage::link_indicators(store, pair, &plan, org.as_deref()).await
        }
        IndicatorsCommand::Polarity {
            inferred,
            set,
            plan,
            json,
        } => {
            if let Some(assignment) = set {
                return super::summary::set_polarity(store, &plan, &assignment).await;
            }
            let doc = load_selected(store, &plan).await?;
            super::summary::polarity(&doc, inferred, json)
        }
        IndicatorsCommand::Show {
            indicator,
            plan,
            judging,
            json,
        } => {
            let (doc, earlier_plans) = load_for_judging(store, &plan).await?;
            let found = find_indicator(&doc, &indicator)
                .ok_or_else(|| anyhow!("no indicator `{indicator}` in {}", doc.plan.name))?;
            if let Some(period) = judging.period {
                if !json {
                    print_indicator(found, &observations_of(&doc, &found.key));
                }
                let plan = (&doc, earlier_plans);
                return super::summary::explain(plan, &found.key, period, judging.today, json);
            }
            let values = observations_of(&doc, &found.key);
            if json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    indicator: &'a Indicator,
                    values: &'a [&'a Observation],
                }
                return print_json(&Shown {
                    indicator: found,
                    values: &values,
                });
            }
            print_indicator(found, &values);
            Ok(())
        }
    }
}

fn print_indicator(indicator: &Indicator, values: &[&Observation]) {
    out!("{}", label(&indicator.key, &indicator.title));
    let field = |name: &str, value: &Option<String>| {
        if let Some(value) = value {
            out!("  {name}: {value}");
        }
    };
    field("code", &indicator.code);
    field("definition", &indicator.definition);
    field("unit", &indicator.unit);
    field("frequency", &indicator.frequency);
    field("lead officer", &indicator.lead_officer);
    field("delivery board", &indicator.delivery_board);
    if let Some(polarity) = indicator.polarity {
        out!("  polarity: {polarity:?} ({:?})", indicator.polarity_source);
    }
    out!("  objectives: {}", indicator.objectives.join(", "));
    for o in values {
        let place = [o.locality.as_deref(), o.group.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
        let figure = o
            .parsed
            .figure()
            .map(|f| format!("  = {f}"))
            .unwrap_or_default();
        out!(
            "  {:<12} {:<22} {:<20} {}{}{}",
            o.period.to_string(),
            o.kind.as_str(),
            place,
            o.text,
            figure,
            agreement(o)
        );
    }
}

/// `  (set by Trust Board, agreed 2010-03-24)` for a target whose context is known.
fn agreement(observation: &Observation) -> String {
    let parts: Vec<String> = [
        observation.set_by.as_ref().map(|by| format!("set by {by}")),
        observation.agreed_on.map(|on| format!("agreed {on}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("  ({})", parts.join(", "))
    }
}

pub async fn milestones(store: &Store, command: MilestonesCommand) -> anyhow::Result<()> {
    let MilestonesCommand::List {
        due_before,
        plan,
        json,
    } = command;
    let doc = load_selected(store, &plan).await?;
    let found = milestones_due_before(&doc, due_before);
    if json {
        return print_json(&found);
    }
    for m in found {
        let due = m
            .due
            .map(|d| d.to_string())
            .unwrap_or_else(|| "no date".into());
        out!("{:<8} {:<10} {}", m.node, due, m.text);
    }
    Ok(())
}

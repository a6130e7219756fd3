//! `trustboard risks`: a plan's risk register listed in the order a board
//! reads it, and a risk added by hand. The checks are the core's, as on the web.

use anyhow::anyhow;
use chrono::Utc;
use serde::Serialize;
use trustboard_core::risks::{rank, RiskInput, Score, Scored};
use trustboard_report::build::risks::score_text;
use trustboard_store::audit::{AuditAction, AuditEntry};
use trustboard_store::risks::{ChangedBy, RiskWrite};
use trustboard_store::Store;

use super::{print_json, selected_plan_name};
use crate::cli::{RiskAddArgs, RisksCommand};

pub async fn risks(store: &Store, command: RisksCommand) -> anyhow::Result<()> {
    match command {
        RisksCommand::List { plan, json } => {
            let name = selected_plan_name(store, &plan).await?;
            let plan_id = store.plan_id_named(plan.org.as_deref(), &name).await?;
            list(store, plan_id, &name, json).await
        }
        RisksCommand::Add(args) => add(store, args).await,
    }
}

#[derive(Serialize)]
struct ScoreJson {
    likelihood: u8,
    impact: u8,
    score: u8,
    band: &'static str,
}

impl ScoreJson {
    fn new(score: Score) -> ScoreJson {
        ScoreJson {
            likelihood: score.likelihood.value(),
            impact: score.impact.value(),
            score: score.value(),
            band: score.band().label(),
        }
    }
}

#[derive(Serialize)]
struct RiskJson<'a> {
    number: i64,
    description: &'a str,
    owner: &'a str,
    inherent: ScoreJson,
    residual: ScoreJson,
    controls: &'a str,
    review_date: String,
    review_overdue: bool,
    trend: &'static str,
    status: &'static str,
    /// The project's title; `null` for a risk of the plan as a whole.
    project: Option<&'a str>,
}

async fn list(store: &Store, plan_id: i64, name: &str, json: bool) -> anyhow::Result<()> {
    let records = store.risks(plan_id).await?;
    let mut risks: Vec<Scored> = records.iter().map(|record| record.scored()).collect();
    let project_of = |number: i64| {
        records
            .iter()
            .find(|r| r.number == number)
            .and_then(|r| r.project.as_ref())
            .map(|p| p.title.as_str())
    };
    let today = Utc::now().date_naive();
    rank(&mut risks, today);
    // Reviews overdue first, as the register page lists them.
    risks.sort_by_key(|s| !s.risk.is_review_overdue(today));
    if json {
        let rows: Vec<RiskJson> = risks
            .iter()
            .map(|Scored { number, risk }| RiskJson {
                number: *number,
                description: &risk.description,
                owner: &risk.owner,
                inherent: ScoreJson::new(risk.inherent),
                residual: ScoreJson::new(risk.residual),
                controls: &risk.controls,
                review_date: risk.review_date.format("%Y-%m-%d").to_string(),
                review_overdue: risk.is_review_overdue(today),
                trend: risk.trend.code(),
                status: risk.status.code(),
                project: project_of(*number),
            })
            .collect();
        return print_json(&rows);
    }
    if risks.is_empty() {
        out!("{name} has no risks on its register; add one with `trustboard risks add`");
    }
    for Scored { number, risk } in &risks {
        let overdue = if risk.is_review_overdue(today) {
            " OVERDUE"
        } else {
            ""
        };
        out!("R{number} {} [{}]", risk.description, risk.status.label());
        if let Some(project) = project_of(*number) {
            out!("    project {project}");
        }
        out!(
            "    owner {}; inherent {}; residual {}; trend {}; review {}{overdue}",
            risk.owner,
            score_text(risk.inherent),
            score_text(risk.residual),
            risk.trend.label(),
            risk.review_date
        );
    }
    Ok(())
}

/// The id of plan `plan_id`'s current project titled `title`.
async fn project_titled(
    store: &Store,
    plan_id: i64,
    plan: &str,
    title: &str,
) -> anyhow::Result<i64> {
    let projects = store.projects(plan_id).await?;
    projects
        .iter()
        .find(|p| p.project.title.text.trim() == title.trim())
        .map(|p| p.id)
        .ok_or_else(|| {
            anyhow!(
                "--project `{title}`: {plan} has no project of that title; \
                 `trustboard projects list` lists the {} it has",
                projects.len()
            )
        })
}

/// `4x5` as its likelihood and impact, as typed.
fn ratings<'a>(flag: &str, text: &'a str) -> anyhow::Result<(&'a str, &'a str)> {
    text.split_once(['x', 'X', '×'])
        .ok_or_else(|| anyhow!("--{flag} `{text}`: give likelihood and impact as LxI, e.g. 4x5"))
}

async fn add(store: &Store, args: RiskAddArgs) -> anyhow::Result<()> {
    let name = selected_plan_name(store, &args.plan).await?;
    let plan_id = store.plan_id_named(args.plan.org.as_deref(), &name).await?;
    let (inherent_likelihood, inherent_impact) = ratings("inherent", &args.inherent)?;
    let (residual_likelihood, residual_impact) = ratings("residual", &args.residual)?;
    let input = RiskInput {
        description: args.description.clone(),
        owner: args.owner.clone(),
        inherent_likelihood: inherent_likelihood.to_owned(),
        inherent_impact: inherent_impact.to_owned(),
        residual_likelihood: residual_likelihood.to_owned(),
        residual_impact: residual_impact.to_owned(),
        controls: args.controls.clone(),
        review_date: args.review.clone(),
        trend: args.trend.clone(),
        status: "open".to_owned(),
    };
    let risk = input.check()?;
    let project = match &args.project {
        None => None,
        Some(title) => Some(project_titled(store, plan_id, &name, title).await?),
    };
    let subject = format!("risk register of {name}");
    let detail = format!("residual {}", score_text(risk.residual));
    let now = Utc::now();
    let audit = AuditEntry {
        at: now,
        actor: None,
        action: AuditAction::RiskAdded,
        subject: Some(&subject),
        detail: &detail,
        client_address: None,
    };
    let by = ChangedBy {
        name: "command line",
        at: now,
    };
    let write = RiskWrite {
        risk: &risk,
        project,
    };
    let number = store.add_risk(plan_id, write, by, &audit).await?;
    out!(
        "added R{number} to {name}: residual {}",
        score_text(risk.residual)
    );
    Ok(())
}

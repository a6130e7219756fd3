//! `trustboard projects`: a business plan's projects and key actions as
//! stored, each with the latest progress report approved for it.

use serde::Serialize;
use trustboard_core::projects::{rag_code, Project};
use trustboard_store::projects::{latest_approved, ProjectReport};
use trustboard_store::Store;

use super::{print_json, selected_plan_name};
use crate::cli::ProjectsCommand;

#[derive(Serialize)]
struct Listed<'a> {
    id: i64,
    #[serde(flatten)]
    project: &'a Project,
    latest_report: Option<Reported<'a>>,
}

/// An approved report as the list shows it.
#[derive(Serialize)]
struct Reported<'a> {
    period: String,
    status: &'static str,
    rag: &'static str,
    commentary: &'a str,
    approved_by: Option<&'a str>,
}

impl<'a> Reported<'a> {
    fn of(report: &'a ProjectReport) -> Self {
        Reported {
            period: report.period.to_string(),
            status: report.progress.code(),
            rag: rag_code(report.rag),
            commentary: &report.commentary,
            approved_by: report.decided_by.as_deref(),
        }
    }
}

pub async fn projects(store: &Store, command: ProjectsCommand) -> anyhow::Result<()> {
    let ProjectsCommand::List { plan, json } = command;
    let name = selected_plan_name(store, &plan).await?;
    let (plan_id, projects) = store.projects_of_plan(plan.org.as_deref(), &name).await?;
    let reports = store.project_reports(plan_id).await?;
    let listed: Vec<Listed> = projects
        .iter()
        .map(|p| Listed {
            id: p.id,
            project: &p.project,
            latest_report: latest_approved(&reports, p.id, None).map(Reported::of),
        })
        .collect();
    if json {
        return print_json(&listed);
    }
    if listed.is_empty() {
        out!("{name} holds no projects; import its business plan document to read them");
    }
    let mut group = None;
    for Listed {
        project,
        latest_report,
        ..
    } in &listed
    {
        if group != Some(&project.group) {
            out!("{}", project.group);
            group = Some(&project.group);
        }
        out!("  {} (line {})", project.title.text, project.line);
        out!("    lead: {}", project.lead_services.join("; "));
        for deliverable in &project.deliverables {
            out!("    - {deliverable}");
        }
        let references: Vec<String> = project
            .priority_references
            .iter()
            .map(ToString::to_string)
            .collect();
        out!("    serves: {}", project.priority.text);
        if !references.is_empty() {
            out!("      recognised: {}", references.join(", "));
        }
        match latest_report {
            Some(r) => out!(
                "    {}: {} ({}) {}",
                r.period,
                r.status,
                r.rag,
                r.commentary
            ),
            None => out!("    no approved progress report"),
        }
    }
    Ok(())
}

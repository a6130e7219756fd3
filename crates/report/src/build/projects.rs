//! The pack's "Projects and key actions": each project of the business plan
//! with the latest progress report approved for it up to the pack's period.
//! Projects belong to the whole plan, so a pack of one part of it or of one
//! locality leaves them out.

use trustboard_core::judge::rag::Rag;
use trustboard_core::period::Period;
use trustboard_core::projects::{ProgressStatus, Project};

use super::PackOptions;
use crate::pack::{ProjectProgress, ProjectRow};

/// A project as the pack is given it: the store chooses the report a board may see.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectStanding {
    pub project: Project,
    pub latest: Option<ApprovedReport>,
}

/// The approved report shown for a project.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovedReport {
    pub period: Period,
    pub status: ProgressStatus,
    pub rag: Rag,
    pub commentary: String,
}

pub fn rows(opts: &PackOptions) -> Vec<ProjectRow> {
    if opts.node.is_some() || opts.locality.is_some() {
        return Vec::new();
    }
    opts.projects
        .iter()
        .map(|standing| ProjectRow {
            group: standing.project.group.clone(),
            title: standing.project.title.text.clone(),
            lead: standing.project.lead_services.join("; "),
            progress: standing.latest.as_ref().map(|report| ProjectProgress {
                period_label: report.period.to_string(),
                status: report.status.label().to_owned(),
                rag: report.rag.into(),
                commentary: report.commentary.clone(),
            }),
        })
        .collect()
}

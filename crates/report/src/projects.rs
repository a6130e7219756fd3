//! The words of the pack's projects section, shared by every format.

use crate::pack::{BoardPack, ProjectRow};

pub const PROJECTS_HEADING: &str = "Projects and key actions";
pub const PROJECTS_ANCHOR: &str = "projects";
/// Beside the project's name, which heads each row.
pub const PROJECT_COLUMNS: [&str; 5] = ["Lead", "Reported for", "Status", "RAG", "Commentary"];
/// Where a project has no approved report yet.
pub const NO_REPORT: &str = "No approved progress report yet";

pub fn intro(pack: &BoardPack) -> String {
    format!(
        "Each project and key action of the business plan, by the heading it is printed under, \
         with the latest six-monthly progress report approved for it up to {}.",
        pack.period_label
    )
}

/// The projects by group, in the order printed.
pub fn groups(pack: &BoardPack) -> Vec<(&str, Vec<&ProjectRow>)> {
    let mut groups: Vec<(&str, Vec<&ProjectRow>)> = Vec::new();
    for project in &pack.projects {
        match groups.last_mut() {
            Some((group, rows)) if *group == project.group => rows.push(project),
            _ => groups.push((&project.group, vec![project])),
        }
    }
    groups
}

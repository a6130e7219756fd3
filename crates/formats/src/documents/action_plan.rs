//! Action plans: `Objective | Performance Measures | Key milestones and timescales`
//! under `Outcome N: …` headings. Each bullet of the milestones column is a
//! milestone of the objective; a row without an objective code continues the
//! objective above it across a page break.

use trustboard_core::model::Milestone;
use trustboard_core::timescale::{self, Found};

use crate::ImportError;

use super::builder::{At, Builder};
use super::codes::{numbered_heading, plan_code, top_level};
use super::markup::{self, without_markdown};
use super::table::{Row, TableReader};

const MILESTONES: usize = 2;
const WIDTH: usize = 3;

pub(crate) fn recognises(headings: &[String]) -> bool {
    headings.len() >= WIDTH
        && matches!(headings[0].as_str(), "objective" | "objectives")
        && headings[1] == "performance measures"
        && headings[2].starts_with("key milestones")
}

#[derive(Default)]
pub(crate) struct ActionPlan {
    outcome: Option<String>,
    objective: Option<OpenObjective>,
}

/// The objective being read, with its milestone cells from every page.
struct OpenObjective {
    code: String,
    at: At,
    milestone_cells: Vec<String>,
}

impl TableReader for ActionPlan {
    fn header(&mut self, _row: &Row, _builder: &mut Builder) -> Result<(), ImportError> {
        Ok(())
    }

    fn row(&mut self, row: &Row, builder: &mut Builder) -> Result<(), ImportError> {
        row.check_width(builder, WIDTH)?;
        let first = row.plain(0);
        if self.outcome_heading(&first, builder) {
            return Ok(());
        }
        if let Some((code, title)) = plan_code(&first) {
            self.close_objective(builder);
            let parent = Some(top_level(&code))
                .filter(|p| builder.has_node(p))
                .or(self.outcome.as_deref());
            builder.node(&code, parent, "objective", title);
            self.objective = Some(OpenObjective {
                code,
                at: row.at(MILESTONES),
                milestone_cells: Vec::new(),
            });
        }
        let Some(objective) = &mut self.objective else {
            return Err(row.error(
                builder,
                0,
                "Objective",
                "expected an objective such as `1.1 Ensure …` before this row",
            ));
        };
        if !first.is_empty() && plan_code(&first).is_none() {
            builder.continue_title(&objective.code, &first);
        }
        let milestones = row.raw(MILESTONES).trim();
        if !milestones.is_empty() {
            objective.milestone_cells.push(milestones.to_string());
        }
        Ok(())
    }

    fn prose(&mut self, row: &Row, builder: &mut Builder) -> bool {
        let text = without_markdown(&row.plain(0));
        if self.outcome_heading(&text, builder) {
            return true;
        }
        match &self.outcome {
            Some(outcome) if self.objective.is_none() && is_deletion_note(&text) => {
                builder.retire(outcome, &text);
                true
            }
            _ => false,
        }
    }

    fn finish(&mut self, builder: &mut Builder) -> Result<(), ImportError> {
        self.close_objective(builder);
        Ok(())
    }
}

impl ActionPlan {
    fn outcome_heading(&mut self, text: &str, builder: &mut Builder) -> bool {
        let Some((code, title)) = numbered_heading(text, "Outcome") else {
            return false;
        };
        // The heading repeats on every page; only a new outcome ends the objective.
        if self.outcome.as_deref() != Some(code.as_str()) {
            self.close_objective(builder);
        }
        if is_deletion_note(&title) {
            builder.node(&code, None, "outcome", "");
            builder.retire(&code, &title);
        } else {
            builder.node(&code, None, "outcome", &title);
        }
        self.outcome = Some(code);
        true
    }

    /// Turns the objective's milestone cells into milestones. The cells are
    /// joined first, so a bullet cut by a page break becomes whole again.
    fn close_objective(&mut self, builder: &mut Builder) {
        let Some(objective) = self.objective.take() else {
            return;
        };
        let joined = markup::plain(&objective.milestone_cells.join(" "));
        let (lead, items) = markup::bullets(&joined);
        // `By May 2012:` above a list gives the timescale of every item that has none.
        let shared_timescale = lead
            .ends_with(':')
            .then(|| timescale::find(&lead))
            .flatten();
        if !lead.is_empty() && !lead.ends_with(':') {
            if lead.to_lowercase().starts_with("also see") {
                builder.warn(
                    objective.at,
                    Some(&lead),
                    format!(
                        "objective {}: a cross-reference, not a milestone; not imported",
                        objective.code
                    ),
                );
            } else {
                if items.is_empty() && objective.milestone_cells.iter().any(|c| c.contains("<ul")) {
                    builder.warn(
                        objective.at,
                        None,
                        format!("objective {}: the list items are not marked, so the list is kept as one milestone", objective.code),
                    );
                }
                push_milestone(builder, &objective.code, &lead, None);
            }
        }
        for item in &items {
            push_milestone(builder, &objective.code, item, shared_timescale.clone());
        }
    }
}

fn push_milestone(builder: &mut Builder, node: &str, text: &str, shared_timescale: Option<Found>) {
    let found = timescale::find(text).or(shared_timescale);
    builder.milestone(Milestone {
        node: node.to_string(),
        text: text.to_string(),
        timescale: found.as_ref().map(|f| f.text.to_string()),
        due: found.and_then(|f| f.timescale.due),
        ..Milestone::default()
    });
}

/// `This outcome has been deleted …`, `Removed and objectives merged …`.
fn is_deletion_note(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with("removed")
        || lower.contains("has been deleted")
        || lower.contains("been removed")
}

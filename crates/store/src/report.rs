//! What an import changed (or, in a dry run, would change).

use serde::Serialize;
use trustboard_core::plan_diff::{EntityCounts, ObservationChange};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub organisation: String,
    pub plan: String,
    /// True when nothing was written.
    pub dry_run: bool,
    /// The plan did not exist before this import.
    pub new_plan: bool,
    /// The plan's title or period changed.
    pub header_changed: bool,
    pub nodes: EntityCounts,
    pub indicators: EntityCounts,
    pub localities: EntityCounts,
    pub observations: EntityCounts,
    pub milestones: EntityCounts,
    pub changed_observations: Vec<ObservationChange>,
    /// Budget and staffing tables written with the plan, and their rows.
    pub resource_tables: usize,
    pub resource_rows: usize,
    /// Projects and key actions read from a business plan's document.
    pub projects: usize,
    /// The council's own ratings, trends and comments written with the plan,
    /// replacing those held before.
    pub statements: usize,
    /// How many of those differ from the ones held before (dropped, added or
    /// reworded, each side counted).
    pub statements_changed: usize,
}

impl ImportReport {
    /// How many things were (or would be) added, changed or retired; 0 means the store already held the document.
    pub fn changes(&self) -> usize {
        usize::from(self.new_plan)
            + usize::from(self.header_changed)
            + self.nodes.changes()
            + self.indicators.changes()
            + self.localities.changes()
            + self.observations.changes()
            + self.milestones.changes()
            + self.statements_changed
    }
}

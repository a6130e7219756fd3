//! Storage of trustboard plans in SQLite (the default) or PostgreSQL.
//!
//! The backend is chosen from the URL scheme when the store is opened. Both
//! backends run the same SQL through sqlx's `Any` driver; each has its own
//! migrations (`migrations/sqlite`, `migrations/postgres`) because column types
//! differ. Nothing a council wrote is deleted: content a re-import no longer
//! contains is retired and kept, and every replaced value text goes to history.
//!
//! Error policy: every public function returns [`StoreError`]; callers at the
//! edges (CLI, web) decide how to show it.

pub mod accounts;
pub mod actions;
pub mod audit;
pub mod backup;
mod budget_links;
mod catalogue;
mod codec;
mod connect;
pub mod distribution;
pub mod entry;
mod error;
mod import;
mod lineage;
mod load;
mod neighbours;
pub mod owners;
mod plans;
mod polarity;
pub mod projects;
pub mod register;
mod report;
mod resources;
pub mod returns;
pub mod risks;
mod sessions;
mod settings;
mod table_mappings;
#[cfg(feature = "testing")]
pub mod testing;
mod versioned;

pub use budget_links::BudgetLinks;
pub use catalogue::NationalIndicator;
pub use connect::{Backend, Store};
pub use error::StoreError;
pub use import::{BusinessPlan, ImportOptions, ImportProgress, PartSource, PartsImportError};
pub use lineage::{LinkedPlan, Neighbours, PlanLink};
pub use load::{HistoryEntry, PlanSummary};
pub use neighbours::NeighbourImportReport;
pub use plans::{JudgingStamp, PlanHandle, PlanStamp, SlotHistory};
pub use polarity::{PolarityChange, PolarityDecision, PolarityVersion};
pub use report::ImportReport;
pub use sessions::KEPT_FOR as SESSIONS_KEPT_FOR;
pub use versioned::Versioned;

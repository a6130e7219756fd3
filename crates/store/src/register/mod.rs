//! The early-help register's storage, one partnership (organisation) at a time.
//!
//! The rules live in the core: a child's record is stored as the steps
//! recorded for it (`register_steps`, in `seq` order) and rebuilt by replaying
//! them through [`ChildRecord::apply`](trustboard_core::register::ChildRecord::apply).
//! Writing a step loads the record, checks the step with the core and inserts
//! it as the next `seq` in one transaction; `UNIQUE (child_id, seq)` and the
//! child's `version` make a writer that lost a race get
//! [`RegisterError::Conflict`] instead of overwriting.
//!
//! Access to the register is logged in `register_audit`, which the database
//! itself keeps append-only (triggers refuse UPDATE and DELETE). Audit rows
//! name a child only by a random pseudonym, so they survive the child's
//! erasure without naming them.

pub(crate) mod access;
pub(crate) mod access_log;
mod bulk;
mod calendar;
mod cards;
mod derive;
mod error;
mod figures;
mod marks;
mod name_search;
mod names;
mod people;
mod retention;
pub(crate) mod rows;
mod search;
mod steps;

pub use access::{RegisterAccess, RegisterAction, RegisterAuditRecord};
pub use bulk::{CheckedChildren, RegisterLoad};
pub use calendar::{AddedHolidays, HolidaysError};
pub use derive::{
    value_source, DeriveReport, DerivedChange, FigureSource, MeasureMapping, DERIVED_SOURCE,
};
pub use error::RegisterError;
pub use people::{NewChild, RegisterBatch, RegisterStaff};
pub use retention::{ClosedRecord, Erasure};
pub use search::{FoundChild, FoundChildren};
pub use steps::{NewStep, StoredRecord};

//! The domain core of trustboard.
//!
//! Everything here is pure: no files, no database, no network and no clock.
//! Time enters as a parameter. Storage, web, reports and the CLI are built
//! around these types in their own crates.
//!
//! Error policy: the core returns typed errors (`thiserror`); `anyhow` is used
//! only at the edges (CLI, server start-up).

pub mod access;
pub mod calendar;
pub mod judge;
pub mod limits;
pub mod lineage;
pub mod model;
pub mod period;
pub mod plan_diff;
pub mod projects;
pub mod register;
pub mod resources;
pub mod returns;
pub mod risks;
pub mod sharing;
pub mod span;
pub mod spreadsheet;
pub mod timescale;
pub mod value;
pub mod workflow;

//! Reading and writing plans.
//!
//! - [`canonical`]: trustboard's own format, in CSV, XLSX and JSON; what
//!   `trustboard export` writes and `trustboard import` reads back unchanged.
//! - [`documents`]: tables as they come out of published plan documents
//!   (tab-separated rows, HTML list markup in cells, repeated header rows).
//!
//! Every reader returns a [`trustboard_core::model::PlanDocument`] or an
//! [`ImportError`] that names the file, line, column and offending text.

pub mod canonical;
pub mod documents;
mod error;

pub use error::ImportError;

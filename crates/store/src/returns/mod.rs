//! Statutory returns held per organisation: each return's rows as written
//! (`return_rows`, rebuilt into the core's types on reading), and the plan
//! values computed from them with where each came from (`return_values`).
//!
//! Child identifiers never leave these tables except through
//! [`Store::return_rows`]; its callers audit each read in the register's
//! audit ([`Store::audit_return_read`]).

mod rows;
mod values;

use thiserror::Error;

use crate::error::StoreError;

pub use rows::{HeldReturn, ImportedReturn, ReturnUpload};
pub use values::{ReturnValueRecord, ReturnValuesReport, WrittenValue, RETURN_SOURCE};

#[derive(Debug, Error)]
pub enum ReturnsError {
    #[error("no organisation called `{0}`")]
    UnknownOrganisation(String),

    #[error("{organisation} holds no {collection} return for {year}; import it with `trustboard returns import`")]
    NotImported {
        organisation: String,
        collection: &'static str,
        year: String,
    },

    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ReturnsError {
    fn from(error: sqlx::Error) -> Self {
        ReturnsError::Store(error.into())
    }
}

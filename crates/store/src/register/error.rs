//! What can go wrong writing to the register.

use thiserror::Error;
use trustboard_core::register::{ChildId, StepError};

use crate::error::StoreError;

#[derive(Debug, Error)]
pub enum RegisterError {
    /// Someone recorded a step for the child since its version was read;
    /// nothing was written. Reload the record and try again.
    #[error("the record of child {child} changed while this step was being recorded (expected version {expected}, found {found}); reload it and try again")]
    Conflict {
        child: ChildId,
        expected: i64,
        found: i64,
    },

    /// The core's rules refused step number `index` (from 0) of the child's
    /// steps being written.
    #[error("child {child}: {error}")]
    Refused {
        child: ChildId,
        index: usize,
        error: StepError,
    },

    #[error("the register of {organisation} has no child `{child}`")]
    UnknownChild {
        organisation: String,
        child: ChildId,
    },

    #[error("the register of {organisation} already has a child `{child}`")]
    DuplicateChild {
        organisation: String,
        child: ChildId,
    },

    #[error("the plan has no indicator `{0}`: name it by its key, as `trustboard indicators list` shows it")]
    UnknownIndicator(String),

    #[error("`{0}` is not a register measure")]
    UnknownMeasure(String),

    #[error("no organisation called `{0}`")]
    UnknownOrganisation(String),

    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for RegisterError {
    fn from(error: sqlx::Error) -> Self {
        RegisterError::Store(StoreError::Database(error))
    }
}

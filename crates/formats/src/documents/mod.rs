//! Tables from published plan documents.

use trustboard_core::model::PlanDocument;

use crate::{Hints, ImportError};

/// Reads a table copied from a published plan document. (Placeholder until
/// the document reader lands.)
pub fn read(_text: &str, file: &str, _hints: &Hints) -> Result<PlanDocument, ImportError> {
    Err(ImportError::whole_file(
        file,
        "reading published-document tables is not supported yet",
    ))
}

//! The canonical format as JSON: the plan document as one object.

use trustboard_core::model::PlanDocument;
use trustboard_core::value;

use super::partial::Partial;
use crate::{ExportError, ImportError};

/// The plan as pretty-printed JSON, ending in a newline.
pub fn json_bytes(doc: &PlanDocument) -> Result<Vec<u8>, ExportError> {
    let mut bytes = serde_json::to_vec_pretty(doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads a plan document. Each observation's `parsed` is worked out again
/// from its `text`, as for CSV, so the text stays the one source of truth.
pub(crate) fn read_json(file: &str, text: &str) -> Result<Partial, ImportError> {
    let mut doc: PlanDocument = serde_json::from_str(text).map_err(|error| ImportError {
        file: file.to_string(),
        line: error.line(),
        column: error.column(),
        field: None,
        text: None,
        message: format!("not a trustboard plan document: {error}"),
    })?;
    for observation in &mut doc.observations {
        observation.parsed = value::parse(&observation.text);
    }
    Ok(Partial::whole(doc, file))
}

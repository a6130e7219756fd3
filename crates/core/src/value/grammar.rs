//! The order in which the forms are tried. Earlier forms are more specific:
//! a status word or a relative target is never read as a bare figure.

use super::notes::{apply_notes, split_notes};
use super::parts::{read_dashed, read_lettered, read_paired};
use super::relative::{read_band, read_relative};
use super::single::read_single;
use super::status::{read_cross_reference, read_status};
use super::{ParsedValue, Value};

/// Whether the text is a whole cell or one part of a multi-part value;
/// parts are not split again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Depth {
    Whole,
    Part,
}

/// Parses normalised, non-empty text.
pub(super) fn parse_clean(text: &str, depth: Depth) -> ParsedValue {
    if let Some(parsed) = read_status(text).or_else(|| read_cross_reference(text)) {
        return parsed;
    }
    if depth == Depth::Whole {
        if let Some(parsed) = read_lettered(text) {
            return parsed;
        }
    }
    let (core, notes) = split_notes(text);
    if core.is_empty() {
        return not_understood(text);
    }
    let parsed = read_status(core)
        .or_else(|| read_relative(core))
        .or_else(|| read_band(core))
        .or_else(|| read_dashed(core))
        .or_else(|| (depth == Depth::Whole).then(|| read_paired(core)).flatten())
        .or_else(|| read_single(core));
    match parsed {
        Some(mut parsed) => {
            apply_notes(&mut parsed, notes);
            parsed
        }
        None => not_understood(text),
    }
}

fn not_understood(text: &str) -> ParsedValue {
    let mut parsed = ParsedValue::new(Value::Text);
    parsed.warnings.push(format!(
        "'{text}' was not recognised as a figure, a status or a target; it is kept as text"
    ));
    parsed
}

//! Small-number suppression as the pack applies it: core decides which values
//! could identify a child (`is_count` is always the core's `counts_people`
//! for the value's indicator); published packs then carry no trace of the figure.

use trustboard_core::judge::suppression::{publish, Published};
use trustboard_core::model::Observation;
use trustboard_core::value::ParsedValue;

use super::PackOptions;
use crate::pack::{Cell, Value};

/// Whether a value, as written, is a small number to withhold from publication.
pub fn is_small(text: &str, parsed: &ParsedValue, is_count: bool, opts: &PackOptions) -> bool {
    hides(&publish(text, parsed, is_count, &opts.suppression))
}

/// A multi-part value is withheld whole if any part is: its text holds every part.
fn hides(published: &Published) -> bool {
    match published {
        Published::Shown { .. } => false,
        Published::Suppressed { .. } => true,
        Published::Parts { parts } => parts.iter().any(|(_, part)| hides(part)),
    }
}

/// An observation as a pack cell: its text as written and its figure, or
/// withheld (keeping the value only in packs that stay inside the partnership).
pub fn cell(observation: &Observation, is_count: bool, opts: &PackOptions) -> Cell {
    let value = Value {
        text: observation.text.clone(),
        figure: observation.parsed.figure(),
    };
    if is_small(&observation.text, &observation.parsed, is_count, opts) {
        Cell::Suppressed {
            internal: (!opts.published).then_some(value),
        }
    } else {
        Cell::Value(value)
    }
}

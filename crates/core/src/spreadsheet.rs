//! Keeping CSV cells from being run as formulas when a spreadsheet opens them.
//!
//! A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return may be
//! taken for a formula, so people's downloads write such a cell with a leading
//! apostrophe, which spreadsheets show as text. So that files read back in
//! (the register's CSV tables) get exactly what was written, a cell that itself
//! begins with an apostrophe gets one too, and [`restore_cell`] takes exactly
//! one off a cell whose next character is one of those.
//!
//! The canonical plan CSV is not protected: it is an interchange format read by
//! programs, its figures are often negative (`-2.5`), and a plan's text holds
//! no formulas the service would run.

use std::borrow::Cow;

fn needs_apostrophe(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r', '\''])
}

/// `text` as it is safe to put in a CSV cell a person may open.
pub fn protect_cell(text: &str) -> Cow<'_, str> {
    if needs_apostrophe(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// What [`protect_cell`] was given, from what it returned.
pub fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_apostrophe(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_could_run_as_formulas_become_text() {
        assert_eq!(protect_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for risky in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(protect_cell(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(protect_cell("62%"), "62%");
        assert_eq!(protect_cell("a=b"), "a=b");
        assert_eq!(protect_cell(""), "");
    }

    #[test]
    fn every_protected_cell_restores_to_what_was_written() {
        for text in [
            "=1+2", "'=1+2", "''", "'", "'plain", "plain", "-5", "", "''=x",
        ] {
            assert_eq!(restore_cell(&protect_cell(text)), text, "{text:?}");
        }
    }
}

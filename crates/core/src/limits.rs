//! How long text written through the service may be: long enough for any real
//! note, short enough that one request cannot fill the database or a page.

/// Commentary, progress notes and other free text.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// Names and short values: a figure as written, a code, a name.
pub const MAX_NAME_CHARS: usize = 200;
/// Titles of plans, outcomes, objectives and indicators, which councils write
/// as whole sentences (the sample plan has an objective of 290 characters).
pub const MAX_TITLE_CHARS: usize = 1_000;

/// The start of an over-long `text`, to name it in an error without repeating it whole.
pub fn opening(text: &str) -> String {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// `Err` with a message naming `field` when `text` is longer than `max` characters.
pub fn check_length(field: &str, text: &str, max: usize) -> Result<(), String> {
    let chars = text.chars().count();
    if chars <= max {
        return Ok(());
    }
    Err(format!(
        "{field} must be {} characters or fewer; it has {}",
        thousands(max as u64),
        thousands(chars as u64)
    ))
}

/// `n` with commas between groups of three digits, as people write it: `10,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_up_to_the_limit_passes_and_longer_text_is_named() {
        assert_eq!(
            check_length("Note", &"é".repeat(MAX_NOTE_CHARS), MAX_NOTE_CHARS),
            Ok(())
        );
        assert_eq!(
            check_length("Note", &"x".repeat(10_001), MAX_NOTE_CHARS),
            Err("Note must be 10,000 characters or fewer; it has 10,001".to_owned())
        );
        assert_eq!(
            check_length("Figure", &"x".repeat(201), MAX_NAME_CHARS),
            Err("Figure must be 200 characters or fewer; it has 201".to_owned())
        );
    }

    #[test]
    fn over_long_text_is_named_by_its_opening() {
        assert_eq!(opening("Short"), "Short");
        let long = format!("{}{}", "é".repeat(40), "x".repeat(5_000));
        assert_eq!(opening(&long), format!("{}…", "é".repeat(40)));
    }
}

//! How long text written through the service may be: long enough for any real
//! note, short enough that one request cannot fill the database or a page.

/// Commentary, progress notes and other free text.
pub const MAX_NOTE_CHARS: usize = 10_000;
/// Names and short values: a figure as written, a title, a name.
pub const MAX_NAME_CHARS: usize = 200;

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
pub(crate) fn thousands(n: u64) -> String {
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
}

//! Codes as councils write them: plan codes (`1.1`, `2.1 b)`, `1.1.2`) and
//! indicator codes (`NI 72`, `(NI55)`, `NI (106):`, `CSC 001`, `TARGET 10:`).

/// A plan code at the start of `text` with the text after it.
/// `2.2a) Ensure` and `2.2 a) Ensure` both give `2.2 a)`.
pub(crate) fn plan_code(text: &str) -> Option<(String, &str)> {
    let mut end = 0;
    let mut parts = 0;
    let bytes = text.as_bytes();
    loop {
        let digits = bytes[end..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        end += digits;
        parts += 1;
        let more =
            bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !more {
            break;
        }
        end += 1;
    }
    if parts < 2 {
        return None;
    }
    let mut code = text[..end].to_string();
    let after = &text[end..];
    let spaced = after.trim_start();
    let letter = spaced.as_bytes();
    if letter.len() >= 2 && letter[0].is_ascii_lowercase() && letter[1] == b')' {
        code.push_str(&format!(" {})", char::from(letter[0])));
        return Some((code, spaced[2..].trim_start()));
    }
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    Some((code, after.trim_start()))
}

/// The first number of a plan code: the outcome or theme it belongs to.
pub(crate) fn top_level(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

/// A numbered heading such as `Outcome 3: All children …` or `Theme 1: Ensuring …`:
/// its number and the text after the colon.
pub(crate) fn numbered_heading(text: &str, word: &str) -> Option<(String, String)> {
    let rest = text.trim().strip_prefix(word)?.strip_prefix(' ')?;
    let (number, title) = rest.split_once(':')?;
    let number = number.trim();
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
        .then(|| (number.to_string(), title.trim().to_string()))
}

/// An indicator code found in a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndicatorCode {
    /// As it should be shown: `NI 61 (LAA)`.
    pub written: String,
    /// What identifies the indicator: `NI 61`.
    pub key: String,
}

const PREFIXES: [&str; 3] = ["NI", "CSC", "TARGET"];

/// Splits an indicator title into its code (if it has one) and the title
/// without the code.
pub(crate) fn split_indicator(text: &str) -> (Option<IndicatorCode>, String) {
    match find_indicator_code(text, 0) {
        Some((start, end, code)) => {
            let title = format!("{} {}", &text[..start], &text[end..]);
            (Some(code), tidy_title(&title))
        }
        None => (None, text.trim().to_string()),
    }
}

/// Byte offsets where an indicator code starts, for splitting lists of
/// indicators that lost their markup.
pub(crate) fn indicator_code_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some((start, end, _)) = find_indicator_code(text, from) {
        starts.push(start);
        from = end;
    }
    starts
}

/// Finds `NI 72`, `(NI 72)`, `NI 118:`, `NI (106):`, `(NI55)`, `NI 102a`,
/// `NI 61 (LAA)`, `CSC 001`, `TARGET 10:` from byte offset `from`.
fn find_indicator_code(text: &str, from: usize) -> Option<(usize, usize, IndicatorCode)> {
    let mut i = from;
    while i < text.len() {
        if let Some(found) = code_at(text, i) {
            return Some(found);
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn code_at(text: &str, start: usize) -> Option<(usize, usize, IndicatorCode)> {
    let bytes = text.as_bytes();
    let opening = bytes.get(start) == Some(&b'(');
    let word_start = start + usize::from(opening);
    if word_start > 0 && !opening && bytes[word_start - 1].is_ascii_alphanumeric() {
        return None;
    }
    let prefix = PREFIXES
        .into_iter()
        .find(|p| text[word_start..].starts_with(p))?;
    let mut i = word_start + prefix.len();
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    let inner_paren = bytes.get(i) == Some(&b'(');
    i += usize::from(inner_paren);
    let digits = bytes[i.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let number_start = i;
    i += digits;
    let letter = bytes.get(i).is_some_and(u8::is_ascii_lowercase)
        && !bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
    i += usize::from(letter);
    let key = format!("{prefix} {}", &text[number_start..i]);
    if inner_paren {
        if bytes.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
    }
    if opening {
        if bytes.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
    } else if bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut written = key.clone();
    let rest = &text[i..];
    if let Some(after) = rest.trim_start().strip_prefix("(LAA)") {
        written.push_str(" (LAA)");
        i = text.len() - after.len();
    }
    if text[i..].starts_with(':') {
        i += 1;
    }
    let start = if opening { start } else { word_start };
    Some((start, i, IndicatorCode { written, key }))
}

fn tidy_title(title: &str) -> String {
    let collapsed = super::markup::collapse(title);
    collapsed
        .trim_matches(|c: char| c == ':' || c.is_whitespace())
        .replace(" :", ":")
        .replace(" .", ".")
        .trim_end_matches(':')
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_codes_with_and_without_letters() {
        assert_eq!(
            plan_code("1.1 Ensure all"),
            Some(("1.1".to_string(), "Ensure all"))
        );
        assert_eq!(
            plan_code("2.2a) Ensure"),
            Some(("2.2 a)".to_string(), "Ensure"))
        );
        assert_eq!(
            plan_code("2.1 b) Children"),
            Some(("2.1 b)".to_string(), "Children"))
        );
        assert_eq!(plan_code("1.1.2"), Some(("1.1.2".to_string(), "")));
        assert_eq!(plan_code("2.1 a)"), Some(("2.1 a)".to_string(), "")));
        assert_eq!(plan_code("2009 result"), None);
        assert_eq!(plan_code("57.9%"), None);
        assert_eq!(plan_code("(Inclusion)"), None);
    }

    fn split(text: &str) -> (Option<String>, String) {
        let (code, title) = split_indicator(text);
        (code.map(|c| c.written), title)
    }

    #[test]
    fn indicator_codes_in_their_many_spellings() {
        assert_eq!(
            split("% achieving L4+ (NI 73)"),
            (Some("NI 73".into()), "% achieving L4+".into())
        );
        assert_eq!(
            split("NI 118: % take up"),
            (Some("NI 118".into()), "% take up".into())
        );
        assert_eq!(
            split("progressing to higher education NI (106):"),
            (
                Some("NI 106".into()),
                "progressing to higher education".into()
            )
        );
        assert_eq!(split("(NI55)"), (Some("NI 55".into()), String::new()));
        assert_eq!(
            split("NI 61 (LAA) Timeliness"),
            (Some("NI 61 (LAA)".into()), "Timeliness".into())
        );
        assert_eq!(
            split("NI 102a Pupils"),
            (Some("NI 102a".into()), "Pupils".into())
        );
        assert_eq!(
            split("TARGET 10:"),
            (Some("TARGET 10".into()), String::new())
        );
        assert_eq!(
            split("Proposed new NI c) % final"),
            (None, "Proposed new NI c) % final".into())
        );
        assert_eq!(split("UNIT 5"), (None, "UNIT 5".into()));
    }

    #[test]
    fn numbered_headings() {
        assert_eq!(
            numbered_heading("Outcome 12: All Children", "Outcome"),
            Some(("12".into(), "All Children".into()))
        );
        assert_eq!(numbered_heading("Outcomes: all", "Outcome"), None);
        assert_eq!(
            numbered_heading("Theme 1: Ensuring", "Theme"),
            Some(("1".into(), "Ensuring".into()))
        );
    }

    #[test]
    fn code_starts_split_unmarked_lists() {
        let text = "NI 110 Young people's participation CSC 074 Perceptions";
        assert_eq!(indicator_code_starts(text), [0, 36]);
    }
}

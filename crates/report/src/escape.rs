//! How the pack's templates make council text safe in HTML text and attributes.

use std::fmt;

/// Escapes the five characters that matter in HTML text and quoted attributes, as
/// named entities (askama's own escaper writes numeric ones).
#[derive(Debug, Clone, Copy, Default)]
pub struct NamedEntities;

impl askama::filters::Escaper for NamedEntities {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, text: &str) -> fmt::Result {
        let mut rest = text;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            let (plain, special) = rest.split_at(at);
            dest.write_str(plain)?;
            let mut chars = special.chars();
            dest.write_str(match chars.next() {
                Some('&') => "&amp;",
                Some('<') => "&lt;",
                Some('>') => "&gt;",
                Some('"') => "&quot;",
                _ => "&#39;",
            })?;
            rest = chars.as_str();
        }
        dest.write_str(rest)
    }
}

#[cfg(test)]
mod tests {
    use askama::filters::{escape, Html};

    use super::NamedEntities;

    #[test]
    fn special_characters_become_named_entities() {
        let escaped = escape(r#"A & B <c> "d" 'e' 2010/11"#, NamedEntities)
            .map(|text| text.to_string())
            .unwrap_or_default();
        assert_eq!(
            escaped,
            "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39; 2010/11"
        );
        // Same characters as askama's own escaper, only spelled differently.
        let numeric = escape("&<>\"'", Html)
            .map(|text| text.to_string())
            .unwrap_or_default();
        assert_eq!(numeric.matches('&').count(), 5);
    }
}

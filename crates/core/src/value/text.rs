//! Cleaning a cell before it is read: markup, dashes, bullets and spacing.

/// Removes stray HTML markup and entities, turns every kind of dash into `-`,
/// drops bullets, joins `71 %` into `71%`, separates `a)100%` into `a) 100%`
/// and collapses whitespace.
pub(super) fn normalise(raw: &str) -> String {
    let without_tags = strip_tags(raw);
    let decoded = decode_entities(&without_tags);
    let mut plain = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => plain.push('-'),
            '\u{2022}' | '\u{25cb}' | '\u{25cf}' | '\u{b7}' => plain.push(' '),
            c if c.is_whitespace() => plain.push(' '),
            c => plain.push(c),
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let mut out = String::with_capacity(plain.len());
    for word in words {
        if word == "%" && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('%');
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        push_word(&mut out, word);
    }
    out
}

/// `a)100%` becomes `a) 100%`: a part label glued to its value.
fn push_word(out: &mut String, word: &str) {
    let bytes = word.as_bytes();
    if bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b')' {
        out.push_str(&word[..2]);
        out.push(' ');
        out.push_str(&word[2..]);
    } else {
        out.push_str(word);
    }
}

/// Replaces `<…>` tags with a space. A `<` that never closes is kept as text.
fn strip_tags(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let looks_like_tag =
            after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match (looks_like_tag, after.find('>')) {
            (true, Some(close)) => {
                out.push_str(&rest[..open]);
                out.push(' ');
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entities(text: &str) -> String {
    const ENTITIES: [(&str, &str); 7] = [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&ndash;", "-"),
        ("&amp;", "&"),
    ];
    let mut out = text.to_string();
    for (entity, replacement) in ENTITIES {
        if out.contains(entity) {
            out = out.replace(entity, replacement);
        }
    }
    out
}

/// The text lower-cased and split into words, for matching phrases.
pub(super) fn lower_words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// Trims punctuation that councils leave around a phrase: brackets, stops, commas, colons, ellipses.
pub(super) fn trim_punctuation(text: &str) -> &str {
    text.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | ';' | ':' | ' ' | '\u{2026}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markup_and_bullets() {
        assert_eq!(normalise("<p>15.3</p> <ul><li>• 48</li></ul>"), "15.3 48");
    }

    #[test]
    fn keeps_a_lone_angle_bracket() {
        assert_eq!(normalise("< 5%"), "< 5%");
    }

    #[test]
    fn joins_spaced_percent_and_splits_glued_labels() {
        assert_eq!(normalise("71 %"), "71%");
        assert_eq!(normalise("a)100% b)100%"), "a) 100% b) 100%");
    }

    #[test]
    fn turns_en_dashes_into_hyphens() {
        assert_eq!(normalise("G \u{2013} 62%"), "G - 62%");
    }
}

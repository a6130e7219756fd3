//! Cell text as extracted from PDF and Word: HTML list markup, bullets and
//! paragraphs are turned back into plain text and list items.

/// Tags that break a cell into separate blocks (paragraphs, list items).
const BLOCK_TAGS: [&str; 4] = ["p", "ul", "li", "br"];

/// The cell's text without markup, whitespace collapsed.
pub(crate) fn plain(cell: &str) -> String {
    collapse(&remove_tags(cell, |_| " "))
}

/// The cell split at paragraph and list boundaries, each block as plain text.
pub(crate) fn blocks(cell: &str) -> Vec<String> {
    remove_tags(
        cell,
        |tag| if BLOCK_TAGS.contains(&tag) { "\n" } else { " " },
    )
    .split('\n')
    .map(collapse)
    .filter(|b| !b.is_empty())
    .collect()
}

/// The cell split at runs of two or more spaces as well as at blocks: lists
/// that lost their markup keep their items apart that way.
pub(crate) fn pieces(cell: &str) -> Vec<String> {
    cell.split("  ").flat_map(blocks).collect()
}

/// Text before the first `•` bullet, and the bullet items. Nested `○` items
/// stay inside the bullet they belong to.
pub(crate) fn bullets(plain_text: &str) -> (String, Vec<String>) {
    let mut parts = plain_text.split('•').map(str::trim);
    let lead = parts.next().unwrap_or_default().to_string();
    let items = parts
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    (lead, items)
}

/// Items of a dash list (`– item – item` or `- item - item`), if the text is
/// one. The marker is the dash the text starts with, so hyphens inside an
/// item (`aged 5-16`, `A* - G` in an en-dash list) do not split it.
pub(crate) fn dash_items(plain_text: &str) -> Option<Vec<String>> {
    let marker = ['–', '-']
        .into_iter()
        .find(|m| plain_text.starts_with(*m) && plain_text[m.len_utf8()..].starts_with(' '))?;
    let separator = format!(" {marker} ");
    let items = plain_text[marker.len_utf8()..]
        .split(separator.as_str())
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_string)
        .collect();
    Some(items)
}

/// Labelled parts such as `a) Kingston Town b) Malden and Coombes`: the text
/// before the first label, then each label with its text.
pub(crate) fn lettered_parts(plain_text: &str) -> (String, Vec<(char, String)>) {
    let bytes = plain_text.as_bytes();
    let mut starts = Vec::new();
    let mut expected = b'a';
    for i in 0..bytes.len() {
        let at_word_start = i == 0 || bytes[i - 1] == b' ';
        if at_word_start && bytes[i] == expected && bytes.get(i + 1) == Some(&b')') {
            starts.push(i);
            expected += 1;
        }
    }
    let lead = plain_text[..starts.first().copied().unwrap_or(plain_text.len())].trim();
    let parts = starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(plain_text.len());
            (
                char::from(bytes[start]),
                plain_text[start + 2..end].trim().to_string(),
            )
        })
        .collect();
    (lead.to_string(), parts)
}

/// The names of the HTML tags in a cell, lower case, in order.
pub(crate) fn tag_names(cell: &str) -> Vec<String> {
    let names = std::cell::RefCell::new(Vec::new());
    remove_tags(cell, |name| {
        names.borrow_mut().push(name.to_string());
        ""
    });
    names.into_inner()
}

/// Markdown emphasis and heading marks, as some extractions leave them.
pub(crate) fn without_markdown(text: &str) -> String {
    collapse(&text.trim_start_matches('#').replace(['*', '_'], ""))
}

pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces every HTML tag by what `replacement` gives for its name.
fn remove_tags(cell: &str, replacement: impl Fn(&str) -> &'static str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.is_empty(), after.find('>')) {
            (false, Some(close)) => {
                out.push_str(replacement(&name));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("&amp;", "&").replace("&nbsp;", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_plain_text() {
        let cell = r#"<p>2.1 b) Children</p> <p>(Primary)</p> at <u>both</u> <b>levels</b> 5 < 6"#;
        assert_eq!(
            plain(cell),
            "2.1 b) Children (Primary) at both levels 5 < 6"
        );
    }

    #[test]
    fn tags_are_named_without_their_attributes() {
        assert_eq!(
            tag_names(r#"<ul style="list-style-type: none"> • a</p> 5 < 6"#),
            ["ul", "p"]
        );
    }

    #[test]
    fn paragraphs_are_separate_blocks() {
        let cell = r#"<p>15.3</p> <p>48</p> <p>5%</p>"#;
        assert_eq!(blocks(cell), ["15.3", "48", "5%"]);
    }

    #[test]
    fn bullets_keep_nested_items_and_the_lead_in() {
        let text = plain(
            r#"<p>By May 2012:</p> <ul style="list-style-type: none"> • One <ul> ○ a ○ b • Two"#,
        );
        let (lead, items) = bullets(&text);
        assert_eq!(lead, "By May 2012:");
        assert_eq!(items, ["One ○ a ○ b", "Two"]);
    }

    #[test]
    fn dash_lists_split_only_at_their_own_marker() {
        assert_eq!(
            dash_items("– Number on the CPR – % grade A* - G").expect("a list"),
            ["Number on the CPR", "% grade A* - G"]
        );
        assert_eq!(
            dash_items("- aged 5-16 - other").expect("a list"),
            ["aged 5-16", "other"]
        );
        assert!(dash_items("The number – of").is_none());
    }

    #[test]
    fn lettered_parts_are_found_in_order() {
        let (lead, parts) = lettered_parts("each cluster a) Kingston Town b) Malden and Coombes");
        assert_eq!(lead, "each cluster");
        assert_eq!(
            parts,
            [
                ('a', "Kingston Town".to_string()),
                ('b', "Malden and Coombes".to_string())
            ]
        );
        let (_, parts) = lettered_parts("a) 75% b)");
        assert_eq!(parts, [('a', "75%".to_string()), ('b', String::new())]);
    }
}

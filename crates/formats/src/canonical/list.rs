//! Lists in one cell: items separated by `;`.
//!
//! A backslash makes the next character literal, so `\;` is a semicolon
//! inside an item and `\\` a backslash. Whitespace around items is dropped
//! when reading (people write `1.1; 1.2`), so the writer escapes any leading
//! or trailing whitespace that belongs to an item. Empty items are skipped.

const SEPARATOR: char = ';';
const ESCAPE: char = '\\';

/// Writes items as one cell.
pub fn join_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| escape_item(item))
        .collect::<Vec<_>>()
        .join(";")
}

fn escape_item(item: &str) -> String {
    let lead = item.len() - item.trim_start().len();
    let trail_from = item.trim_end().len();
    let mut out = String::with_capacity(item.len());
    for (at, ch) in item.char_indices() {
        let edge_space = ch.is_whitespace() && (at < lead || at >= trail_from);
        if ch == SEPARATOR || ch == ESCAPE || edge_space {
            out.push(ESCAPE);
        }
        out.push(ch);
    }
    out
}

/// Reads one cell back into items.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    // Each character with whether it was escaped (and so must be kept).
    let mut current: Vec<(char, bool)> = Vec::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            ESCAPE => current.push((chars.next().unwrap_or(ESCAPE), true)),
            SEPARATOR => finish_item(&mut current, &mut items),
            _ => current.push((ch, false)),
        }
    }
    finish_item(&mut current, &mut items);
    items
}

fn finish_item(current: &mut Vec<(char, bool)>, items: &mut Vec<String>) {
    let droppable = |&(ch, escaped): &(char, bool)| ch.is_whitespace() && !escaped;
    let start = current
        .iter()
        .position(|c| !droppable(c))
        .unwrap_or(current.len());
    let end = current
        .iter()
        .rposition(|c| !droppable(c))
        .map_or(start, |i| i + 1);
    if start < end {
        items.push(current[start..end].iter().map(|&(ch, _)| ch).collect());
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_what_people_type() {
        assert_eq!(
            split_list("1.1; 1.2 ;2.1 b)"),
            list(&["1.1", "1.2", "2.1 b)"])
        );
        assert_eq!(split_list(""), Vec::<String>::new());
        assert_eq!(split_list("NI 59;;"), list(&["NI 59"]));
    }

    #[test]
    fn separators_backslashes_and_edge_spaces_survive() {
        let items = list(&["a;b", "c\\d", " padded\t", "tail\\", "x\n"]);
        let cell = join_list(&items);
        assert_eq!(split_list(&cell), items, "cell was {cell:?}");
    }

    proptest! {
        #[test]
        fn any_non_empty_items_round_trip(
            items in prop::collection::vec(any::<String>().prop_filter("empty", |s| !s.is_empty()), 0..6)
        ) {
            prop_assert_eq!(split_list(&join_list(&items)), items);
        }
    }
}

//! Published plan documents read end to end. The expected figures are worked
//! out here from the seed text with simple tab splitting, not taken from the
//! reader.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use trustboard_core::model::{ObservationKind, PlanDocument};
use trustboard_core::period::Period;
use trustboard_formats::documents::{read, read_with_warnings, Hints, Warning};

const RICHMOND: &str = "London Borough of Richmond upon Thames";
const KENT: &str = "Kent County Council";

/// The seed whose file name starts with `prefix`, with its file name.
fn seed(prefix: &str) -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "the seed documents are missing: cannot read {}: {e}",
            dir.display()
        )
    });
    let path = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("seed {prefix}_*.txt is missing from {}", dir.display()));
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    (std::fs::read_to_string(&path).unwrap(), file)
}

fn import(prefix: &str, organisation: Option<&str>) -> (PlanDocument, Vec<Warning>) {
    let (text, file) = seed(prefix);
    let hints = Hints {
        plan: None,
        organisation: organisation.map(str::to_string),
    };
    read_with_warnings(&text, &file, &hints).unwrap_or_else(|e| panic!("{e}"))
}

/// Cell text without HTML tags, whitespace collapsed.
fn untagged(cell: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `1.1`, `2.2a)` → `2.2 a)`, `1.1.2` at the start of a cell.
fn leading_code(cell: &str) -> Option<String> {
    let number: String = cell
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let number = number.trim_end_matches('.');
    if !number.contains('.') {
        return None;
    }
    let rest = &cell[number.len()..];
    let letter: Vec<char> = rest.trim_start().chars().take(2).collect();
    match letter.as_slice() {
        [l, ')'] if l.is_ascii_lowercase() => Some(format!("{number} {l})")),
        _ if rest.is_empty() || rest.starts_with(' ') => Some(number.to_string()),
        _ => None,
    }
}

/// National indicator numbers named in a text: `NI 72`, `(NI 72)`, `NI (106)`, `NI199`.
fn ni_numbers(text: &str) -> Vec<String> {
    text.match_indices("NI")
        .filter_map(|(at, _)| {
            let before_ok = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = text[at + 2..].trim_start().trim_start_matches('(');
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            (before_ok && !digits.is_empty()).then(|| format!("NI {digits}"))
        })
        .collect()
}

fn lines_between<'t>(text: &'t str, from: &str, to: Option<&str>) -> Vec<&'t str> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.trim() == from).unwrap();
    let end = to
        .and_then(|to| lines.iter().position(|l| l.trim() == to))
        .unwrap_or(lines.len());
    lines[start..end].to_vec()
}

mod errors;
mod kent_business_plan;
mod kingston_closing_the_gap;
mod kingston_cypp;
mod richmond_cypp;
mod robustness;

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
mod kent_projects;
mod kent_resources;
mod kingston_closing_the_gap;
mod kingston_cypp;
mod kingston_cypp_summary;
mod richmond_cypp;
mod robustness;
mod tables;

/// A council's quarterly table, then a second table whose heading row is of a
/// layout the reader does not know.
const QUARTERLY: &str = "Example Borough Council\n\
Children and Young People's Plan 2015-18\n\
Objectives\tPerformance Indicator\tQ1 2015/16\tQ2 2015/16\tQ3 2015/16\tQ4 2015/16\n\
1.1 Keep children safe\tNI 60 Core assessments within 35 days\t71%\t74%\t1 in 5\t42 per 10,000\n\
Measure\tBaseline\tLast\tNext target\n\
\tPI ref\tTarget 06/07\tActual 06/07\n\
\tNI 62 Stability of placements\t10%\t12%\n";

fn quarterly() -> (PlanDocument, Vec<Warning>) {
    let hints = Hints {
        plan: None,
        organisation: None,
    };
    read_with_warnings(QUARTERLY, "quarters.txt", &hints).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn four_quarters_are_four_periods_with_their_own_values() {
    let (document, _) = quarterly();
    let values: BTreeMap<String, String> = document
        .observations
        .iter()
        .map(|o| (o.period.to_string(), o.text.clone()))
        .collect();
    let expected: BTreeMap<String, String> = [
        ("2015/16 Q1", "71%"),
        ("2015/16 Q2", "74%"),
        ("2015/16 Q3", "1 in 5"),
        ("2015/16 Q4", "42 per 10,000"),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect();
    assert_eq!(values, expected);
    let q3 = document
        .observations
        .iter()
        .find(|o| o.text == "1 in 5")
        .unwrap();
    assert_eq!(q3.parsed.ratio(), Some((1.0, 5.0)));
}

#[test]
fn a_heading_row_of_an_unknown_table_is_reported_not_imported() {
    let (document, warnings) = quarterly();
    let titles: Vec<&str> = document
        .indicators
        .iter()
        .map(|i| i.title.as_str())
        .collect();
    assert!(
        !titles
            .iter()
            .any(|t| t.contains("PI ref") || t.contains("Baseline")),
        "{titles:?}"
    );
    let reported: Vec<(usize, String)> = warnings
        .iter()
        .filter(|w| w.message.contains("looks like the heading row"))
        .map(|w| (w.line, w.to_string()))
        .collect();
    assert_eq!(reported.len(), 2, "{warnings:#?}");
    assert_eq!(reported[0].0, 5);
    assert!(reported[0].1.starts_with("quarters.txt:5: "));
    assert_eq!(reported[1].0, 6);
    // The row under the unknown heading is reported, not filed as quarters.
    assert!(
        !titles.iter().any(|t| t.contains("Stability")),
        "{titles:?}"
    );
    assert!(warnings
        .iter()
        .any(|w| w.line == 7 && w.message.contains("heading row at line 5")));
}

#[test]
fn an_ni_code_its_title_contradicts_is_reported_with_both_titles() {
    let text = "Example Borough Council\n\
Children and Young People's Plan 2015-18\n\
Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target\n\
1.1 Keep children safe\tNI 62 % of initial assessments carried out within 7 working days of referral\t71%\t80%\n";
    let hints = Hints::default();
    let (document, warnings) = read_with_warnings(text, "codes.txt", &hints).unwrap();
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("national indicator"))
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    assert_eq!((warning.line, warning.column), (4, 2));
    assert!(warning.message.contains("Stability of placements"));
    assert!(warning.message.contains("initial assessments"));
    let indicator = &document.indicators[0];
    assert!(
        trustboard_core::judge::catalogue::lookup(indicator.code.as_deref(), &indicator.title)
            .is_none()
    );
}

#[test]
fn among_the_seeds_only_the_misfiled_ni_108_contradicts_its_code() {
    let mut contradictions = Vec::new();
    for prefix in ["000", "001", "002", "004"] {
        let (text, file) = seed(prefix);
        let hints = Hints {
            plan: Some("Seed".into()),
            organisation: Some("Seed council".into()),
        };
        let (_, warnings) = read_with_warnings(&text, &file, &hints).unwrap();
        contradictions.extend(
            warnings
                .iter()
                .filter(|w| w.message.contains("is the national indicator"))
                .map(|w| (w.file.clone(), w.line, w.message.clone())),
        );
    }
    assert_eq!(contradictions.len(), 1, "{contradictions:#?}");
    assert!(contradictions[0].0.starts_with("001"));
    assert!(contradictions[0].2.contains("NI 108"));
}

#[test]
fn a_value_warning_names_its_column_heading() {
    let text = "Example Borough Council\n\
Children and Young People's Plan 2015-18\n\
Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target\n\
1.1 Keep children safe\tCore assessments within 35 days\t14 (21%) of 133\t80%\n";
    let (_, warnings) = read_with_warnings(text, "ratios.txt", &Hints::default()).unwrap();
    let [warning] = warnings.as_slice() else {
        panic!("{warnings:#?}");
    };
    assert_eq!((warning.line, warning.column), (4, 3));
    assert_eq!(warning.field.as_deref(), Some("2009/10 out-turn"));
    assert_eq!(warning.text.as_deref(), Some("14 (21%) of 133"));
    let shown = warning.to_string();
    assert!(shown.starts_with("ratios.txt:4:3: "), "{shown}");
    assert!(shown.contains("does not match 14/133"), "{shown}");
    assert!(shown.contains("(column `2009/10 out-turn`)"), "{shown}");
}

//! Richmond's Children and Young People's Plan: themes, commitments and benefits.

use super::*;

#[test]
fn themes_commitments_and_benefits() {
    let (text, _) = seed("001");
    let (doc, warnings) = import("001", Some(RICHMOND));
    let count = |kind: &str| doc.nodes.iter().filter(|n| n.kind == kind).count();
    assert_eq!(count("theme"), 4);
    assert_eq!(count("commitment"), 15);
    let benefits: BTreeSet<String> = text
        .lines()
        .filter(|l| l.contains('\t'))
        .flat_map(|l| {
            l.split('\t')
                .skip(1)
                .filter_map(|c| leading_code(&untagged(c)))
                .collect::<Vec<_>>()
        })
        .filter(|code| code.split('.').count() == 3)
        .collect();
    let benefit_nodes: BTreeSet<String> = doc
        .nodes
        .iter()
        .filter(|n| n.kind == "benefit")
        .map(|n| n.code.clone())
        .collect();
    assert_eq!(benefit_nodes, benefits);
    assert_eq!(doc.plan.name, "CYPP 2009-13");
    assert!(doc.localities.is_empty(), "the document names no quindrat");
    // The one thing to look at: the plan files Sure Start children's centres
    // under NI 108, the national code of another indicator.
    let reported: Vec<(usize, &str)> = warnings
        .iter()
        .map(|w| (w.line, w.text.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(
        reported,
        [(120, "Delivering Sure Start Children\u{2019}s Centres")],
        "{warnings:?}"
    );
    assert!(warnings[0].message.contains("NI 108"));
}

#[test]
fn indicators_hang_from_benefits_with_their_delivery_board() {
    let (text, _) = seed("001");
    let (doc, _) = import("001", Some(RICHMOND));
    let mut codes: BTreeSet<String> = ni_numbers(&text).into_iter().collect();
    for (at, _) in text.match_indices("CSC ") {
        let digits: String = text[at + 4..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            codes.insert(format!("CSC {digits}"));
        }
    }
    let keys: BTreeSet<String> = doc
        .indicators
        .iter()
        .map(|i| {
            i.key
                .trim_end_matches(|c: char| c.is_ascii_lowercase())
                .to_string()
        })
        .collect();
    assert_eq!(keys, codes);
    let ni32 = doc.indicators.iter().find(|i| i.key == "NI 32").unwrap();
    assert_eq!(ni32.title, "Repeat incidents of domestic violence");
    assert_eq!(ni32.objectives, ["1.1.1"]);
    assert_eq!(ni32.delivery_board.as_deref(), Some("Stay Safe"));
    assert_eq!(
        doc.indicators
            .iter()
            .find(|i| i.key == "NI 61")
            .unwrap()
            .code
            .as_deref(),
        Some("NI 61 (LAA)")
    );
    assert!(doc.indicators.iter().all(|i| i.delivery_board.is_some()));
}

#[test]
fn capacity_actions_are_milestones() {
    let (doc, _) = import("001", Some(RICHMOND));
    assert!(doc.milestones.iter().any(|m| m.node == "4.1.5"
        && m.text == "Implementing an electronic Common Assessment Framework (CAF) system"));
    assert!(doc
        .indicators
        .iter()
        .any(|i| i.key == "NI 14" && i.objectives == ["4.5.4"]));
}

#[test]
fn without_a_named_council_the_organisation_must_be_given() {
    let (text, file) = seed("001");
    let error = read(&text, &file, &Hints::default()).unwrap_err();
    assert_eq!(error.file, file);
    assert!(error.message.contains("organisation"), "{error}");
}

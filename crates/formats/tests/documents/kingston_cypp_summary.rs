//! Kingston's CYPP 2006–2010 summary: prose, no tables; outcomes and their priorities.

use super::*;

const OUTCOMES: [&str; 5] = [
    "Being Healthy",
    "Staying Safe",
    "Enjoy and Achieve",
    "Making a Positive Contribution",
    "Achieving Economic Well-being",
];

/// The dash items under each `Our current priorities …` line, read from the seed text.
fn priorities_in_text(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut lists = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with("Our current priorities for improvement") {
            let items = lines[n + 1..]
                .iter()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| l.starts_with("- "))
                .map(|l| l[2..].trim().to_string())
                .collect();
            lists.push(items);
        }
    }
    lists
}

#[test]
fn the_five_outcomes_hold_their_priorities_as_objectives() {
    let (text, _) = seed("003");
    let (doc, warnings) = import("003", None);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(doc.organisation, "Royal Borough of Kingston upon Thames");
    assert_eq!(doc.plan.name, "CYPP 2006-10");
    assert_eq!(doc.plan.period, "2006-10");
    assert_eq!(
        doc.plan.title,
        "Children & Young People's Plan 2006 – 2010 Summary"
    );
    let outcomes: Vec<_> = doc.nodes.iter().filter(|n| n.kind == "outcome").collect();
    let titles: Vec<&str> = outcomes.iter().map(|n| n.title.as_str()).collect();
    assert_eq!(titles, OUTCOMES);
    let lists = priorities_in_text(&text);
    assert_eq!(lists.len(), OUTCOMES.len());
    for (outcome, expected) in outcomes.iter().zip(&lists) {
        let objectives: Vec<&str> = doc
            .nodes
            .iter()
            .filter(|n| n.parent.as_deref() == Some(outcome.code.as_str()))
            .map(|n| n.title.as_str())
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(&objectives, expected, "priorities of {}", outcome.title);
    }
    assert_eq!(
        lists[1][0], "Reduce the high re-referral rate of children in need",
        "the list under 'Staying Safe' (written 'improvements') is read too"
    );
    assert!(doc.indicators.is_empty() && doc.observations.is_empty());
}

#[test]
fn dated_service_developments_become_milestones() {
    let (doc, _) = import("003", None);
    let node = doc
        .nodes
        .iter()
        .find(|n| n.kind == "service improvement")
        .unwrap();
    assert_eq!(node.title, "OUR PLANS FOR SERVICE IMPROVEMENT");
    let milestones: Vec<_> = doc
        .milestones
        .iter()
        .filter(|m| m.node == node.code)
        .collect();
    let first = milestones[0];
    assert!(first.text.starts_with("By end 2006 there will be"));
    assert_eq!(first.timescale.as_deref(), Some("By end 2006"));
    let clusters = milestones
        .iter()
        .find(|m| m.text.starts_with("clusters of schools"))
        .unwrap();
    assert_eq!(clusters.timescale.as_deref(), Some("By end 2007"));
    let centres = milestones
        .iter()
        .find(|m| m.text.contains("7 operational Children's Centres"))
        .unwrap();
    assert_eq!(centres.timescale.as_deref(), Some("By end 2008"));
    assert!(
        milestones
            .iter()
            .all(|m| !m.text.starts_with("By end 2007")),
        "a bare date dates the items under it and is no milestone itself"
    );
}

#[test]
fn a_priority_list_that_names_no_outcome_is_refused_with_its_line() {
    let text = "Example Borough Council\nChildren and Young People's Plan 2015-18\n\n\
Our current priorities for improvement\n- Do better\n";
    let error = read(text, "summary.txt", &Hints::default()).unwrap_err();
    assert_eq!((error.line, error.column), (4, 1));
    assert_eq!(error.field.as_deref(), Some("outcome"));
    assert_eq!(
        error.text.as_deref(),
        Some("Our current priorities for improvement")
    );
}

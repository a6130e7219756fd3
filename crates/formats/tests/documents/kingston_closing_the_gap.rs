//! Kingston's Closing the Gap strategy: appendix indicators, parts and clusters.

use super::*;

fn appendix_rows(text: &str) -> Vec<Vec<&str>> {
    lines_between(
        text,
        "Appendix 1: Key Data for Closing the Gap",
        Some("Appendix 2: Summary of Related Objectives from the Children and Young People's Plan"),
    )
    .into_iter()
    .map(|l| l.split('\t').collect::<Vec<_>>())
    .filter(|cells| cells.len() == 4 && cells[0] != "Objectives:")
    .collect()
}

#[test]
fn unnumbered_objectives_are_numbered_in_order() {
    let (text, _) = seed("002");
    let (doc, _) = import("002", None);
    let titles: Vec<String> = appendix_rows(&text)
        .iter()
        .map(|c| untagged(c[0]))
        .filter(|t| !t.is_empty())
        .collect();
    let objectives: Vec<_> = doc.nodes.iter().filter(|n| n.kind == "objective").collect();
    assert_eq!(objectives.len(), titles.len());
    assert_eq!(objectives[0].code, "A1.1");
    assert_eq!(objectives[0].title, titles[0]);
    assert_eq!(objectives.last().unwrap().title, *titles.last().unwrap());
    assert_eq!(doc.organisation, "Royal Borough of Kingston upon Thames");
}

#[test]
fn each_listed_indicator_gets_its_own_values() {
    let (text, _) = seed("002");
    let (doc, _) = import("002", None);
    // One indicator per list item, counted from the markers.
    for cells in appendix_rows(&text) {
        let plain = untagged(cells[1]);
        let marker = if plain.starts_with("– ") {
            Some(" – ")
        } else if plain.starts_with("- ") {
            Some(" - ")
        } else {
            None
        };
        if let Some(marker) = marker {
            let items = plain.matches(marker).count() + 1;
            let first = plain[marker.len() - 1..]
                .split(marker)
                .next()
                .unwrap()
                .trim()
                .to_string();
            let indicator = doc.indicators.iter().find(|i| i.title == first).unwrap();
            let siblings = doc
                .indicators
                .iter()
                .filter(|i| i.objectives == indicator.objectives)
                .count();
            assert!(
                siblings >= items,
                "`{first}`: {siblings} indicators for {items} items"
            );
        }
    }
    let cpr = doc
        .indicators
        .iter()
        .find(|i| i.title == "Number on the CPR")
        .unwrap();
    let values: Vec<(&str, ObservationKind)> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == cpr.key)
        .map(|o| (o.text.as_str(), o.kind))
        .collect();
    assert_eq!(
        values,
        [
            ("48", ObservationKind::Actual),
            ("40", ObservationKind::Target)
        ]
    );
    assert!(doc
        .observations
        .iter()
        .all(|o| [Period::financial(2006), Period::financial(2009)].contains(&o.period)));
}

#[test]
fn values_that_cannot_be_paired_are_kept_whole_with_a_warning() {
    let (doc, warnings) = import("002", None);
    let whole = doc
        .observations
        .iter()
        .find(|o| o.text == "15.5% 1,160 2 full day care 6 flexible places")
        .unwrap();
    let first = doc
        .indicators
        .iter()
        .find(|i| i.key == whole.indicator)
        .unwrap();
    assert!(first
        .title
        .starts_with("% increase in the eligible population"));
    assert!(warnings
        .iter()
        .any(|w| w.text.as_deref() == Some(whole.text.as_str())));
}

#[test]
fn parts_with_one_value_each_become_indicators() {
    let (doc, _) = import("002", None);
    let reading = doc
        .indicators
        .iter()
        .find(|i| i.title == "% gap between FSM and non-FSM groups for KS1 Reading")
        .unwrap();
    let texts: Vec<&str> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == reading.key)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(texts, ["24%", "14%"]);
    assert_eq!(
        doc.indicators
            .iter()
            .filter(|i| i
                .title
                .starts_with("% gap between FSM and non-FSM groups for"))
            .count(),
        8
    );
}

#[test]
fn clusters_are_localities_with_their_own_targets() {
    let (doc, _) = import("002", None);
    let names: Vec<&str> = doc.localities.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Kingston Town",
            "Malden and Coombes",
            "Surbiton",
            "South of the Borough"
        ]
    );
    assert!(doc.localities.iter().all(|l| l.kind == "cluster"));
    let by_cluster: Vec<_> = doc
        .observations
        .iter()
        .filter(|o| o.locality.is_some())
        .collect();
    assert_eq!(by_cluster.len(), 4);
    assert!(by_cluster
        .iter()
        .all(|o| o.text == "100%" && o.kind == ObservationKind::Target));
    let indicator = &by_cluster[0].indicator;
    let baseline = doc
        .observations
        .iter()
        .find(|o| &o.indicator == indicator && o.locality.is_none())
        .unwrap();
    assert_eq!(baseline.text, "Baseline being established");
}

//! Kingston's Children and Young People's Plan 2009-13 (seed 000).

use super::*;

const VALUE_COLUMNS: [(&str, ObservationKind); 6] = [
    ("2009/10", ObservationKind::Actual),
    ("2010/11", ObservationKind::Target),
    ("2010/11", ObservationKind::Actual),
    ("2011/12", ObservationKind::Target),
    ("2012/13", ObservationKind::Target),
    ("2013/14", ObservationKind::Target),
];

/// Data rows of the "Summary of Performance Indicators" tables.
fn indicator_rows(text: &str) -> Vec<Vec<&str>> {
    lines_between(text, "Summary of Performance Indicators", None)
        .into_iter()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|cells| {
            cells.len() == 8 && cells[0] != "Objectives" && !cells[0].starts_with("Outcome")
        })
        .collect()
}

#[test]
fn plan_and_organisation_come_from_the_document() {
    let (doc, _) = import("000", None);
    assert_eq!(doc.organisation, "Royal Borough of Kingston upon Thames");
    assert_eq!(doc.plan.name, "CYPP 2009-13");
    assert_eq!(doc.plan.period, "2009-13");
}

#[test]
fn twelve_outcomes_and_every_objective_once() {
    let (text, _) = seed("000");
    let (doc, _) = import("000", None);
    let outcomes: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Outcome "))
        .filter_map(|l| l.split(':').next())
        .collect();
    let outcome_nodes = doc.nodes.iter().filter(|n| n.kind == "outcome").count();
    assert_eq!(outcome_nodes, outcomes.len());
    assert_eq!(outcome_nodes, 12);

    let tables = lines_between(&text, "Action Plans", None);
    let objectives: BTreeSet<String> = tables
        .iter()
        .filter(|l| l.contains('\t'))
        .filter_map(|l| leading_code(&untagged(l.split('\t').next().unwrap())))
        .collect();
    let nodes: BTreeSet<String> = doc
        .nodes
        .iter()
        .filter(|n| n.kind == "objective")
        .map(|n| n.code.clone())
        .collect();
    assert_eq!(nodes, objectives);

    let retired = doc.nodes.iter().find(|n| n.code == "8").unwrap();
    assert!(
        retired
            .retired
            .as_ref()
            .is_some_and(|r| r.when.contains("2011/12")),
        "{retired:?}"
    );
    assert!(doc
        .nodes
        .iter()
        .filter(|n| n.kind == "objective")
        .all(|n| n.parent.is_some()));
}

#[test]
fn objectives_cut_by_a_page_break_are_joined() {
    let (doc, _) = import("000", None);
    let title = |code: &str| {
        doc.nodes
            .iter()
            .find(|n| n.code == code)
            .map(|n| n.title.clone())
            .unwrap()
    };
    assert!(title("3.6").ends_with(
        "mental health needs are identified early and benefit from appropriate CAMHS provision"
    ));
    assert!(title("2.1 d)").ends_with("(Inclusion)"));
    assert_eq!(doc.nodes.iter().filter(|n| n.code == "3.6").count(), 1);
}

#[test]
fn every_bullet_is_a_milestone_with_its_whole_text() {
    let (text, _) = seed("000");
    let (doc, _) = import("000", None);
    let action_rows = lines_between(
        &text,
        "Action Plans",
        Some("Performance Management Framework"),
    );
    let bullets: Vec<String> = action_rows
        .iter()
        .filter_map(|l| l.split('\t').nth(2))
        .flat_map(|cell| {
            untagged(cell)
                .split('•')
                .skip(1)
                .map(str::trim)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|b| !b.is_empty())
        .collect();
    assert!(bullets.len() > 250, "{}", bullets.len());
    for bullet in &bullets {
        // A bullet cut by a page break continues in the milestone, so compare its start.
        assert!(
            doc.milestones
                .iter()
                .any(|m| m.text.starts_with(bullet.as_str())),
            "no milestone for `{bullet}`"
        );
    }
    let joined = "Ongoing Deputy Heads training through termly Deputy Heads Forum and Deputy Head mentoring programme within SWLSEP LAs.";
    assert!(doc
        .milestones
        .iter()
        .any(|m| m.node == "2.2 b)" && m.text == joined));

    let consultation = doc
        .milestones
        .iter()
        .find(|m| {
            m.text
                .starts_with("Consultation on the scope of the Early Intervention Strategy")
        })
        .unwrap();
    assert_eq!(consultation.node, "1.3");
    assert_eq!(consultation.timescale.as_deref(), Some("September 2011"));
    assert_eq!(
        consultation.due,
        chrono::NaiveDate::from_ymd_opt(2011, 9, 30)
    );
}

#[test]
fn a_list_heading_gives_its_items_their_timescale() {
    let (doc, _) = import("000", None);
    let item = doc
        .milestones
        .iter()
        .find(|m| {
            m.text.starts_with(
                "Continued performance monitoring of all School Resource based Provisions",
            )
        })
        .unwrap();
    assert_eq!(item.timescale.as_deref(), Some("By May 2012"));
}

/// Every non-empty value cell of the indicator tables is an observation
/// with its text exactly as written. A row that repeats an indicator
/// already read (same NI number or same title) with the same texts adds nothing.
#[test]
fn every_value_cell_is_kept_with_its_text() {
    let (text, _) = seed("000");
    let (doc, _) = import("000", None);
    let mut expected: BTreeMap<(String, ObservationKind, String), usize> = BTreeMap::new();
    let mut seen: Vec<(String, Vec<String>)> = Vec::new();
    let mut all_cells = BTreeSet::new();
    for cells in indicator_rows(&text) {
        let values: Vec<String> = cells[2..].iter().map(|c| c.trim().to_string()).collect();
        let identity = ni_numbers(cells[1])
            .into_iter()
            .next()
            .unwrap_or_else(|| untagged(cells[1]).to_lowercase());
        if seen.contains(&(identity.clone(), values.clone())) {
            continue;
        }
        seen.push((identity, values));
        for (cell, (period, kind)) in cells[2..].iter().zip(VALUE_COLUMNS) {
            let cell = cell.trim();
            all_cells.insert(cell.to_string());
            if !cell.is_empty() && !cell.starts_with("(see Objective") {
                *expected
                    .entry((period.to_string(), kind, cell.to_string()))
                    .or_default() += 1;
            }
        }
    }
    let mut held: BTreeMap<(String, ObservationKind, String), usize> = BTreeMap::new();
    for o in doc
        .observations
        .iter()
        .filter(|o| !o.text.starts_with("(see Objective"))
    {
        assert!(
            all_cells.contains(&o.text),
            "`{}` is not a cell of the document",
            o.text
        );
        *held
            .entry((o.period.to_string(), o.kind, o.text.clone()))
            .or_default() += 1;
    }
    assert_eq!(
        held.values().sum::<usize>(),
        expected.values().sum::<usize>()
    );
    assert_eq!(held, expected);
}

#[test]
fn known_values_keep_the_column_period_and_the_text() {
    let (doc, _) = import("000", None);
    let ni72 = doc
        .observations
        .iter()
        .find(|o| {
            o.indicator == "NI 72"
                && o.period == Period::financial(2010)
                && o.kind == ObservationKind::Actual
        })
        .unwrap();
    assert_eq!(ni72.text, "2010 result 66%");
    let ni72 = doc.indicators.iter().find(|i| i.key == "NI 72").unwrap();
    assert_eq!(ni72.objectives, ["2.1 a)"]);
    assert!(!ni72.title.contains("NI 72"));
    let ni118 = doc.indicators.iter().find(|i| i.key == "NI 118").unwrap();
    assert_eq!(
        ni118.title,
        "% take up of childcare element of working tax credits"
    );
}

#[test]
fn an_indicator_under_two_objectives_is_one_indicator() {
    let (doc, _) = import("000", None);
    let behaviour: Vec<_> = doc
        .indicators
        .iter()
        .filter(|i| i.title == "% of schools with good or outstanding behaviour as judged by the school SEF or Ofsted")
        .collect();
    assert_eq!(behaviour.len(), 1);
    assert_eq!(behaviour[0].objectives, ["2.4", "2.6"]);
    let ni81 = doc.indicators.iter().find(|i| i.key == "NI 81").unwrap();
    assert_eq!(ni81.objectives, ["5.1", "7.7"]);
    assert_eq!(
        doc.observations
            .iter()
            .filter(|o| o.indicator == "NI 81")
            .count(),
        6
    );
}

#[test]
fn the_same_code_with_contradicting_values_stays_two_indicators() {
    let (doc, warnings) = import("000", None);
    let ni102: Vec<_> = doc
        .indicators
        .iter()
        .filter(|i| i.code.as_deref() == Some("NI 102"))
        .collect();
    assert_eq!(ni102.len(), 2, "{ni102:?}");
    assert!(warnings
        .iter()
        .any(|w| w.message.contains("NI 102") && w.message.contains("separate indicator")));
}

#[test]
fn cross_references_link_instead_of_copying() {
    let (doc, warnings) = import("000", None);
    let ni111 = doc.indicators.iter().find(|i| i.key == "NI 111").unwrap();
    assert!(ni111.objectives.contains(&"1.3".to_string()), "{ni111:?}");
    // Objective 6.4 has several child-protection indicators; none is "the number of children subject to plans".
    let unresolved = doc
        .indicators
        .iter()
        .find(|i| i.title == "Number of children subject to child protection plans")
        .unwrap();
    assert_eq!(unresolved.objectives, ["1.3"]);
    let kept: Vec<_> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == unresolved.key)
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(kept, ["(see Objective 6.4)"]);
    assert!(warnings.iter().any(|w| w.message.contains("objective 6.4")));
}

#[test]
fn objectives_without_indicators_are_still_nodes() {
    let (doc, _) = import("000", None);
    for code in ["1.6", "3.1", "3.9"] {
        assert!(doc.nodes.iter().any(|n| n.code == code));
        assert!(!doc
            .indicators
            .iter()
            .any(|i| i.objectives.iter().any(|o| o == code)));
    }
}

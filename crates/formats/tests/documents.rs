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

mod kingston_cypp {
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
}

mod richmond_cypp {
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
        assert!(warnings.is_empty(), "{warnings:?}");
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
}

mod kingston_closing_the_gap {
    use super::*;

    fn appendix_rows(text: &str) -> Vec<Vec<&str>> {
        lines_between(text, "Appendix 1: Key Data for Closing the Gap", Some("Appendix 2: Summary of Related Objectives from the Children and Young People's Plan"))
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
        assert!(doc.observations.iter().all(|o| [
            Period::financial(2006),
            Period::financial(2009)
        ]
        .contains(&o.period)));
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
}

mod kent_business_plan {
    use super::*;

    #[test]
    fn indicator_lists_with_their_sections_and_lead() {
        let (text, _) = seed("004");
        let (doc, _) = import("004", Some(KENT));
        let section = lines_between(
            &text,
            "3. KEY PERFORMANCE INDICATORS & ACTIVITY DATA FOR BUSINESS PLAN MONITORING",
            Some("High Risk, High Profile, High Impact New Projects & Activities"),
        );
        let listed: BTreeSet<String> = section
            .iter()
            .filter_map(|l| l.split('\t').next())
            .flat_map(ni_numbers)
            .collect();
        let held: BTreeSet<String> = doc
            .indicators
            .iter()
            .filter(|i| i.key.starts_with("NI "))
            .map(|i| i.key.clone())
            .collect();
        assert_eq!(held, listed);
        let targets = section.iter().filter(|l| l.starts_with("TARGET ")).count();
        assert_eq!(
            doc.indicators
                .iter()
                .filter(|i| i.key.starts_with("TARGET "))
                .count(),
            targets
        );
        assert!(doc.indicators.iter().all(|i| !i.objectives.is_empty()));

        let ni57 = doc.indicators.iter().find(|i| i.key == "NI 57").unwrap();
        assert_eq!(
            ni57.lead_officer.as_deref(),
            Some("Standards & Achievement (support)")
        );
        let health = doc.nodes.iter().find(|n| n.title == "Health").unwrap();
        assert_eq!(ni57.objectives, std::slice::from_ref(&health.code));
        let ni92 = doc.indicators.iter().find(|i| i.key == "NI 92").unwrap();
        assert!(
            ni92.title
                .ends_with("Foundation Stage Profile and the rest"),
            "{}",
            ni92.title
        );
        assert!(
            doc.localities.is_empty(),
            "the document does not list its LCSPs by name"
        );
    }
}

mod errors {
    use super::*;

    const HEADER: &str = "Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target";

    #[test]
    fn a_document_without_a_known_table_names_the_supported_ones() {
        let error = read("Some prose\n\nMore prose\n", "notes.txt", &Hints::default()).unwrap_err();
        assert_eq!(error.file, "notes.txt");
        assert!(
            error
                .message
                .contains("Objective | Performance Measures | Key milestones and timescales"),
            "{error}"
        );
        assert!(error.message.contains("Delivery Board"), "{error}");
    }

    #[test]
    fn a_row_wider_than_its_table_is_an_error_at_the_cell() {
        let text = format!("Royal Borough of Kingston upon Thames\nPlan 2009-13\n{HEADER}\n1.1 Objective\tIndicator\t5%\t6%\t7%\n");
        let error = read(&text, "table.txt", &Hints::default()).unwrap_err();
        assert_eq!(
            (error.file.as_str(), error.line, error.column),
            ("table.txt", 4, 5)
        );
        assert_eq!(error.text.as_deref(), Some("7%"));
    }

    #[test]
    fn a_value_without_an_indicator_is_an_error() {
        let text = format!("Royal Borough of Kingston upon Thames\nPlan 2009-13\n{HEADER}\n1.1 Objective\t\t5%\t\n");
        let error = read(&text, "table.txt", &Hints::default()).unwrap_err();
        assert_eq!((error.line, error.column), (4, 3));
        assert_eq!(error.field.as_deref(), Some("Performance Indicator"));
    }

    #[test]
    fn hints_name_the_plan_and_the_council() {
        let text = format!("{HEADER}\n1.1 Objective\tIndicator\t5%\t6%\n");
        let hints = Hints {
            plan: Some("CYPP 2009-13".into()),
            organisation: Some("Council".into()),
        };
        let doc = read(&text, "table.txt", &hints).unwrap();
        assert_eq!(
            (doc.organisation.as_str(), doc.plan.name.as_str()),
            ("Council", "CYPP 2009-13")
        );
        assert_eq!(doc.observations.len(), 2);
    }
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of real tables, shuffled into rows: whatever comes out, the
    /// reader answers with a plan or an error, never a crash.
    fn fragment() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Objective\tPerformance Measures\tKey milestones and timescales",
            "Objectives\tPerformance Indicator\t2009/10 out-turn\t2010/11 target",
            "Our commitment is to work to...\tThe benefits\tWe will monitor\tDelivery Board",
            "Performance Measure or Activity\t\tRelevant Service level plan\tLead or Support",
            "Outcome 1: All children",
            "Theme 2: Ensuring",
            "Appendix 1: Key Data",
            "1.1 Ensure",
            "2.1 a)",
            "1.1.1",
            "(NI55)",
            "NI (106):",
            "TARGET 10:",
            "<ul style=\"x\"> • By May 2012: • item ○ sub",
            "<p>15.3</p> <p>48</p>",
            "– one – two - three",
            "a) 31/35 b) 9/10",
            "(see Objective 11.1)",
            "See 2.4",
            "é–•",
            "<",
            "",
            "\t",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn any_arrangement_of_table_pieces_is_read_or_refused(
            rows in prop::collection::vec(prop::collection::vec(fragment(), 1..5), 0..12)
        ) {
            let text: String = rows.iter().map(|cells| cells.join("\t") + "\n").collect();
            let hints = Hints { plan: Some("Plan".into()), organisation: Some("Council".into()) };
            if let Err(error) = read(&text, "random.txt", &hints) {
                prop_assert_eq!(error.file, "random.txt");
            }
        }
    }
}

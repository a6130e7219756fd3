//! Kent's business plan: indicator lists by section and lead.

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

//! Rows of Kingston's "Summary of Performance Indicators" (seed 000), read from
//! the seed itself and parsed as written.

use super::*;
use crate::model::ObservationKind;

const COLUMNS: [(i32, ObservationKind); 6] = [
    (2009, Actual),
    (2010, Target),
    (2010, Actual),
    (2011, Target),
    (2012, Target),
    (2013, Target),
];

fn seed() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_4bd5c192ce32ff51.txt");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("seed 000 missing at {}: {e}", path.display()))
}

/// Adds the first table row whose indicator title contains `title`; returns its key.
fn add_row(doc: &mut PlanDocument, seed: &str, title: &str) -> String {
    let cells: Vec<&str> = seed
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|cells| cells.len() == 8 && cells[1].contains(title))
        .unwrap_or_else(|| panic!("no row for {title}"));
    let key = title.to_string();
    doc.indicators
        .push(indicator(&key, None, cells[1], &[cells[0]]));
    for ((year, kind), text) in COLUMNS.iter().zip(&cells[2..]) {
        observe(doc, &key, fy(*year), *kind, text, crate::value::parse(text));
    }
    key
}

#[test]
fn the_2010_11_table_is_judged_as_the_self_assessment_reads_it() {
    let seed = seed();
    let mut doc = plan();
    let expected = [
        // (row, RAG, arrow): why
        (
            "CAF completed by a multi-agency professional",
            Rag::Red,
            Arrow::Worse,
        ), // 59% → 50.53% against 85%
        ("(NI 72)", Rag::Green, Arrow::Better), // 2010 result 66% against 60%, up from 57%
        ("(NI 92)", Rag::Amber, Arrow::Better), // gap 28.5% against 27.8%: "slightly below target"
        ("(NI 73)", Rag::Red, Arrow::Same),     // "maintained at 79%", target 85% not met
        ("(NI 75)", Rag::Green, Arrow::Better), // 69% against 69%: "the target was met"
        ("(NI 104)", Rag::Amber, Arrow::Worse), // SEN gap 51% against 50%
        ("NI 118", Rag::Grey, Arrow::NotComparable), // out-turn not yet available
        (
            "% of childminders achieving a good or outstanding",
            Rag::Grey,
            Arrow::Better,
        ), // "New target"
        (
            "Rate of permanent exclusion from school",
            Rag::Green,
            Arrow::Same,
        ),
        ("judgements rated satisfactory", Rag::Red, Arrow::Same), // 3% against 0%
        ("Number of ante natal sessions", Rag::Green, Arrow::Better), // sessions provided, targets set above 403: higher is better
        ("NI 64", Rag::Green, Arrow::Worse), // 2.8% → 7.9%, under the 10% target
        ("NI 111", Rag::Green, Arrow::Better), // 126 → 81 first-time entrants, target 87
        ("NI 61", Rag::Red, Arrow::Worse),   // 100% → 83.3% (5/6)
        ("NI 148", Rag::Red, Arrow::Worse),  // 77.8% (7/9) → 64.7% (11/17)
    ];
    let keys: Vec<String> = expected
        .iter()
        .map(|(title, ..)| add_row(&mut doc, &seed, title))
        .collect();
    let plan = judge_plan(&doc, &options()).unwrap();
    for (key, (title, rag, arrow)) in keys.iter().zip(expected) {
        let j = judged(&plan, key);
        assert_eq!(
            (j.rag.rag, j.direction.arrow),
            (rag, arrow),
            "{title}: {} / {}",
            j.rag.rule,
            j.direction.reason
        );
    }
    let ni72 = judged(&plan, "(NI 72)");
    assert_eq!(
        ni72.data_period.as_ref().map(|d| d.period),
        Some(Period::academic(2009))
    );
    let adoption = judged(&plan, "NI 61");
    assert!(
        adoption.direction.reason.contains("may be one child"),
        "{}",
        adoption.direction.reason
    );
    let care_leavers = judged(&plan, "NI 148");
    assert_eq!(
        care_leavers
            .direction
            .significance
            .as_ref()
            .map(|s| s.significant),
        Some(false)
    );
    let s = &plan.summary;
    assert_eq!(s.indicators, expected.len());
    assert_eq!(s.direction.improved, 6);
    assert_eq!(s.targets.met, 6);
}

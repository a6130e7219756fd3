//! Published plan documents import as they are.

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    kingston_action_plans_import,
    richmond_plan_imports,
    kingston_early_intervention_strategy_imports,
    kingston_plan_summary_imports,
    kent_business_plan_imports,
    a_council_table_imports_without_a_wrong_value,
);

/// Imports one seed into an empty database and checks that the plan the
/// report announced is the one listed, with what the report says was added.
fn imports_as_a_new_plan(backend: Backend, number: &str, options: &[&str]) {
    let trustboard = Trustboard::new(backend);
    let outcome = trustboard.import(&[&seed(number)], options);
    let report = &outcome["report"];
    assert_eq!(report["new_plan"], Value::Bool(true), "{report}");
    assert_eq!(report["dry_run"], Value::Bool(false), "{report}");
    let plans = trustboard.plans();
    let [plan] = items(&plans, "plans list") else {
        panic!("one plan expected after importing seed {number}: {plans}");
    };
    assert_eq!(text(plan, "name"), text(report, "plan"));
    assert_eq!(text(plan, "organisation"), text(report, "organisation"));
    // Nodes are left out: a document may mark some as removed, and the list counts only live ones.
    for table in ["indicators", "observations", "milestones"] {
        assert_eq!(
            plan[table], report[table]["added"],
            "{table} of seed {number}"
        );
    }
    let added: u64 = ["indicators", "milestones"]
        .iter()
        .filter_map(|table| report[*table]["added"].as_u64())
        .sum();
    assert!(
        added > 0,
        "seed {number} gave a plan with no indicators or milestones: {report}"
    );
}

fn kingston_action_plans_import(backend: Backend) {
    imports_as_a_new_plan(backend, "000", &[]);
}

/// The Richmond plan never names its council in words an importer can find,
/// so the organisation is given, as the command line offers.
fn richmond_plan_imports(backend: Backend) {
    imports_as_a_new_plan(
        backend,
        "001",
        &["--org", "London Borough of Richmond upon Thames"],
    );
}

fn kingston_early_intervention_strategy_imports(backend: Backend) {
    imports_as_a_new_plan(backend, "002", &[]);
}

fn kingston_plan_summary_imports(backend: Backend) {
    imports_as_a_new_plan(backend, "003", &[]);
}

fn kent_business_plan_imports(backend: Backend) {
    imports_as_a_new_plan(backend, "004", &[]);
}

/// Another council's table: quarterly columns, values written as ratios and
/// rates, an NI code its title contradicts, and a second table whose heading
/// row is of no known layout. Every value lands in its own quarter with its
/// meaning, and everything not imported is reported by line.
fn a_council_table_imports_without_a_wrong_value(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let path = trustboard.scratch("quarterly.txt");
    std::fs::write(
        &path,
        "Example Borough Council\n\
         Children and Young People's Plan 2015-18\n\
         Objectives\tPerformance Indicator\tQ1 2015/16\tQ2 2015/16\tQ3 2015/16\tQ4 2015/16\n\
         1.1 Keep children safe\tNI 62 % of initial assessments carried out within 7 working days of referral\t1 in 5\t3 out of 4\t14 (10.5%) of 133\t42 per 10,000\n\
         Measure\tBaseline\tTarget 06/07\tActual 06/07\n\
         \tLocal measure of placements\t10%\t12%\n",
    )
    .unwrap_or_else(|e| panic!("cannot write the table: {e}"));
    let outcome = trustboard.import(&[&path], &["--format", "document"]);
    let report = &outcome["report"];
    assert_eq!(report["observations"]["added"], 4, "{report}");
    assert_eq!(report["indicators"]["added"], 1, "{report}");
    let warnings: Vec<&str> = outcome["reader_warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // Each warning starts with the file's path, then line and column.
    let on_line = |prefix: &str, words: &str| {
        warnings
            .iter()
            .any(|w| w.contains(&format!("/{prefix}")) && w.contains(words))
    };
    assert!(
        on_line("quarterly.txt:4:2: ", "Stability of placements"),
        "{warnings:#?}"
    );
    assert!(on_line("quarterly.txt:5: ", "heading row"), "{warnings:#?}");
    assert!(
        on_line("quarterly.txt:6: ", "not imported"),
        "{warnings:#?}"
    );
}

//! Published plan documents import as they are.

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    kingston_action_plans_import,
    richmond_plan_imports,
    kingston_early_intervention_strategy_imports,
    kent_business_plan_imports,
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

fn kent_business_plan_imports(backend: Backend) {
    imports_as_a_new_plan(backend, "004", &[]);
}

//! Choosing a plan when several share a name, and what every command prints
//! besides its own output.

use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    an_ambiguous_plan_is_answered_with_the_flags_that_pick_each,
    commands_print_no_database_notices,
);

const KINGSTON: &str = "Royal Borough of Kingston upon Thames";
const OTHER: &str = "Borough of \"Elsewhere\"";

fn an_ambiguous_plan_is_answered_with_the_flags_that_pick_each(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let name = trustboard.plan()["plan"]["name"]
        .as_str()
        .expect("plan name")
        .to_string();
    // The same plan, as another council's.
    let copy = trustboard.export("json", "copy.json");
    let mut plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&copy).expect("the export")).expect("JSON");
    plan["organisation"] = OTHER.into();
    std::fs::write(&copy, plan.to_string()).expect("the copy written");
    trustboard.import(&[&copy], &[]);

    let error = trustboard.fails(["plan", "show", "--plan", &name]);
    let kingston_flags = format!("--plan \"{name}\" --org \"{KINGSTON}\"");
    let other_flags = format!("--plan \"{name}\" --org \"Borough of \\\"Elsewhere\\\"\"");
    assert!(
        error.contains(&kingston_flags) && error.contains(&other_flags),
        "{error}"
    );
    // Without --plan the same choices are offered.
    let error = trustboard.fails(["plan", "show"]);
    assert!(error.contains(&kingston_flags), "{error}");

    // The flags work, and so does the plan as the list names it.
    let by_flags = trustboard.json(["plan", "show", "--json", "--plan", &name, "--org", KINGSTON]);
    let label = format!("{name} ({KINGSTON})");
    let by_label = trustboard.json(["plan", "show", "--json", "--plan", &label]);
    assert_eq!(by_flags, by_label);
    let listed = trustboard.plans();
    assert!(listed
        .to_string()
        .contains(OTHER.replace('"', "\\\"").as_str()));
    let other = trustboard.json([
        "plan",
        "show",
        "--json",
        "--plan",
        &format!("{name} ({OTHER})"),
    ]);
    assert_ne!(other, by_label, "each label picks its own plan");
}

fn commands_print_no_database_notices(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    // Every command brings the schema up to date first; on PostgreSQL that
    // used to print a notice that the migration table already exists.
    for _ in 0..2 {
        let output = trustboard.run_with_default_log(["plans", "list"]);
        assert!(output.status.success());
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(!log.contains("already exists"), "{log}");
        assert!(!log.to_lowercase().contains("notice"), "{log}");
    }
}

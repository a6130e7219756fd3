//! Importing what the database already holds changes nothing; a dry run writes nothing.

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(reimport_changes_nothing, dry_run_writes_nothing);

const TABLES: [&str; 5] = [
    "nodes",
    "indicators",
    "localities",
    "observations",
    "milestones",
];

fn reimport_changes_nothing(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let first = trustboard.import(&[&seed("000")], &[]);
    let before = trustboard.export_json();
    let again = &trustboard.import(&[&seed("000")], &[])["report"];
    assert_eq!(again["new_plan"], Value::Bool(false), "{again}");
    assert_eq!(again["header_changed"], Value::Bool(false), "{again}");
    for table in TABLES {
        for count in ["added", "changed", "retired"] {
            assert_eq!(
                again[table][count], 0,
                "{table} {count} on re-import: {again}"
            );
        }
        assert_eq!(
            again[table]["unchanged"], first["report"][table]["added"],
            "everything imported the first time is unchanged the second: {table}"
        );
    }
    assert_eq!(
        again["changed_observations"],
        Value::Array(Vec::new()),
        "{again}"
    );
    assert_eq!(trustboard.export_json(), before);
}

fn dry_run_writes_nothing(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    // Into an empty database: the plan would be new.
    let empty = trustboard.plans();
    let report = &trustboard.import(&[&seed("000")], &["--dry-run"])["report"];
    assert_eq!(report["dry_run"], Value::Bool(true), "{report}");
    assert_eq!(report["new_plan"], Value::Bool(true), "{report}");
    assert!(
        report["observations"]["added"]
            .as_u64()
            .is_some_and(|n| n > 0),
        "{report}"
    );
    assert_eq!(trustboard.plans(), empty);

    // Beside another plan: that plan is untouched and no second plan appears.
    trustboard.import(&[&seed("002")], &[]);
    let plans = trustboard.plans();
    let held = trustboard.export_json();
    let report = &trustboard.import(&[&seed("000")], &["--dry-run"])["report"];
    assert_eq!(report["dry_run"], Value::Bool(true), "{report}");
    assert_eq!(trustboard.plans(), plans);
    assert_eq!(trustboard.export_json(), held);
}

//! Importing what the database already holds changes nothing; a dry run writes nothing.

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    reimport_changes_nothing,
    reimporting_a_summary_without_tables_changes_nothing,
    dry_run_writes_nothing,
    a_lone_table_adds_to_the_stored_plan
);

const TABLES: [&str; 5] = [
    "nodes",
    "indicators",
    "localities",
    "observations",
    "milestones",
];

fn reimport_changes_nothing(backend: Backend) {
    reimport_of_changes_nothing(backend, "000");
}

/// Kingston's 2006-10 summary: outcomes, priorities and service developments only.
fn reimporting_a_summary_without_tables_changes_nothing(backend: Backend) {
    reimport_of_changes_nothing(backend, "003");
}

fn reimport_of_changes_nothing(backend: Backend, number: &str) {
    let trustboard = Trustboard::new(backend);
    let first = trustboard.import(&[&seed(number)], &[]);
    let before = trustboard.export_json();
    let again = &trustboard.import(&[&seed(number)], &[])["report"];
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

/// A lone `observations.csv` (next year's figures, say) changes the values it
/// holds and leaves the rest of the plan as it was.
fn a_lone_table_adds_to_the_stored_plan(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let before = trustboard.plan();
    let dir = trustboard.export("csv", "csv");
    let exported = std::fs::read_to_string(dir.join("observations.csv")).expect("observations.csv");
    let mut lines = exported.lines();
    let header = lines.next().expect("a header row");
    let columns = header.split(',').count();
    let first = lines.next().expect("a value row");
    let indicator = first
        .split("\",")
        .next()
        .expect("quoted indicator")
        .trim_start_matches('"');
    let blanks = ",".repeat(columns - 6);
    let row = |period: &str, kind: &str, text: &str| {
        format!("\"{indicator}\",{period},{kind},,,{text}{blanks}")
    };
    let file = trustboard.scratch("observations.csv");
    std::fs::write(
        &file,
        format!("{header}\n{}\n", row("2014/15", "target", "99%")),
    )
    .expect("file written");
    let plan = before["plan"]["name"].as_str().expect("plan name");
    let org = before["organisation"].as_str().expect("organisation");
    let report = &trustboard.import(&[&file], &["--plan", plan, "--org", org])["report"];
    assert_eq!(report["observations"]["added"], 1, "{report}");
    for table in TABLES {
        assert_eq!(report[table]["retired"], 0, "{table}: {report}");
    }
    let after = trustboard.plan();
    assert_eq!(after["nodes"], before["nodes"]);
    assert_eq!(after["indicators"], before["indicators"]);
    assert_eq!(after["milestones"], before["milestones"]);
    let values = |plan: &Value| plan["observations"].as_array().map_or(0, Vec::len);
    assert_eq!(values(&after), values(&before) + 1);
}

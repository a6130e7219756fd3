//! Export, import into an empty database, export again: the same plan.

use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(csv_round_trip, xlsx_round_trip, json_round_trip);

/// `out` is a directory for CSV, a file otherwise.
fn round_trip(backend: Backend, format: &str, out: &str) {
    let source = Trustboard::new(backend);
    source.import(&[&seed("000")], &[]);
    let before = source.export_json();
    let exported = source.export(format, out);

    let target = Trustboard::new(backend);
    target.import(&[&exported], &[]);
    let after = target.export_json();
    assert!(
        before == after,
        "the plan changed on its way through {format}:\n{}",
        first_difference(&before, &after)
    );
}

/// The first differing line of two exports, for a readable failure.
fn first_difference(before: &str, after: &str) -> String {
    before
        .lines()
        .zip(after.lines())
        .enumerate()
        .find(|(_, (b, a))| b != a)
        .map(|(n, (b, a))| format!("line {}:\n  before: {b}\n  after:  {a}", n + 1))
        .unwrap_or_else(|| {
            format!(
                "one export is longer: {} against {} lines",
                before.lines().count(),
                after.lines().count()
            )
        })
}

fn csv_round_trip(backend: Backend) {
    round_trip(backend, "csv", "plan-csv");
}

fn xlsx_round_trip(backend: Backend) {
    round_trip(backend, "xlsx", "plan.xlsx");
}

fn json_round_trip(backend: Backend) {
    round_trip(backend, "json", "plan.json");
}

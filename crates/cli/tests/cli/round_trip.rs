//! Export, import into an empty database, export again: the same plan.

use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    csv_round_trip,
    xlsx_round_trip,
    json_round_trip,
    kent_budgets_csv_round_trip,
    kent_budgets_xlsx_round_trip,
    a_wrong_budget_cell_is_refused_by_file_line_column_field_and_value,
);

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

/// Every file of a CSV export, by name.
fn csv_files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the export directory")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("a file"))
        })
        .collect();
    files.sort();
    files
}

/// Kent's business plan with its budget tables: imported from the seed,
/// exported in `format`, imported into an empty database and exported again
/// as CSV, every file is the same byte for byte, `resources.csv` included.
fn kent_budgets_round_trip(backend: Backend, format: &str, out: &str) {
    let source = Trustboard::new(backend);
    source.import(&[&seed("004")], &["--org", "Kent County Council"]);
    let before = csv_files(&source.export("csv", "before-csv"));
    let exported = source.export(format, out);
    let target = Trustboard::new(backend);
    target.import(&[&exported], &[]);
    let after = csv_files(&target.export("csv", "after-csv"));
    let resources = before
        .iter()
        .find(|(name, _)| name == "resources.csv")
        .expect("the budgets are exported");
    let text = String::from_utf8_lossy(&resources.1);
    assert!(
        text.contains("Contingency ORS Personnel and Development"),
        "{text}"
    );
    assert!(
        text.contains("\"-\n1,870.2\""),
        "a sign printed apart keeps its line break: {text}"
    );
    for ((name, a), (other, b)) in before.iter().zip(&after) {
        assert_eq!(name, other);
        assert!(
            a == b,
            "{name} changed on its way through {format}:\n{}",
            first_difference(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b))
        );
    }
    assert_eq!(before.len(), after.len());
    let listed = |t: &Trustboard| t.ok(["resources", "list", "--json"]);
    assert_eq!(listed(&source), listed(&target));
}

fn kent_budgets_csv_round_trip(backend: Backend) {
    kent_budgets_round_trip(backend, "csv", "kent-csv");
}

fn kent_budgets_xlsx_round_trip(backend: Backend) {
    kent_budgets_round_trip(backend, "xlsx", "kent.xlsx");
}

fn a_wrong_budget_cell_is_refused_by_file_line_column_field_and_value(backend: Backend) {
    let source = Trustboard::new(backend);
    source.import(&[&seed("004")], &["--org", "Kent County Council"]);
    let dir = source.export("csv", "kent-csv");
    let path = dir.join("resources.csv");
    let text = std::fs::read_to_string(&path).expect("resources.csv");
    // The staffing table has no controllable expenditure: give its first row one.
    let header: Vec<&str> = text.lines().next().unwrap_or_default().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "controllable")
        .expect("the column")
        + 1;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines
        .iter()
        .position(|l| l.contains(",staffing,"))
        .expect("a staffing row");
    let mut cells: Vec<String> = lines[at].split(',').map(str::to_string).collect();
    cells[column - 1] = "12.5".to_string();
    lines[at] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").expect("written");
    let target = Trustboard::new(backend);
    let message = target.fails([std::ffi::OsStr::new("import"), dir.as_os_str()]);
    for expected in [
        format!("resources.csv:{}:{column}:", at + 1),
        "field `controllable`".to_string(),
        "value `12.5`".to_string(),
        "a staffing table has no `controllable` column".to_string(),
    ] {
        assert!(
            message.contains(&expected),
            "{expected:?} not in: {message}"
        );
    }
}

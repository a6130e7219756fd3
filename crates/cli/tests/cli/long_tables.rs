//! A long performance table is read, compared and written a part at a
//! time. The import still reports exactly what changed, is all or nothing,
//! and joins an indicator a table names again far below its first row.

use serde_json::Value;
use trustboard_core::model::ObservationKind;
use trustboard_core::plan_diff::Slot;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};

on_both_backends!(
    a_long_table_imported_again_reports_exactly_what_changed,
    a_bad_row_in_the_last_part_leaves_the_plan_as_it_was,
    an_indicator_named_again_far_below_is_joined_to_it,
    rows_left_out_of_every_part_are_retired_and_come_back,
    a_table_grown_below_its_stored_rows_keeps_every_row_in_place,
    texts_needing_escapes_are_stored_as_written,
);

/// More rows than one part holds, so that a table is read in several.
const ROWS: usize = 2500;

const OPTIONS: [&str; 4] = ["--format", "table", "--plan", "KPIs"];

/// The cells of row `i` of the long table: code, title, objective, an
/// out-turn, a target and the council's RAG.
fn row(i: usize) -> Vec<String> {
    vec![
        format!("L{i}"),
        format!("Local indicator {i}"),
        format!("1.{} Objective {}", i % 3 + 1, i % 3 + 1),
        format!("{}%", 40 + i % 50),
        format!("{}%", 45 + i % 50),
        if i.is_multiple_of(2) {
            "Green"
        } else {
            "Amber"
        }
        .to_string(),
    ]
}

/// The table as CSV, from the rows given.
fn table(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut csv = String::from(
        "Example Borough Council\nCode,Indicator,Objective,Actual 2009/10,Target 2010/11,RAG 2009/10\n",
    );
    for cells in rows {
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    csv
}

fn long_table() -> String {
    table((1..=ROWS).map(row))
}

fn import(trustboard: &Trustboard, contents: &str) -> Value {
    let path = trustboard.scratch("long.csv");
    std::fs::write(&path, contents).expect("the table is written");
    trustboard.import(&[&path], &OPTIONS)
}

fn counts(report: &Value, entity: &str) -> [u64; 4] {
    ["added", "changed", "unchanged", "retired"]
        .map(|count| report[entity][count].as_u64().unwrap_or(u64::MAX))
}

fn a_long_table_imported_again_reports_exactly_what_changed(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let first = import(&trustboard, &long_table());
    let report = &first["report"];
    assert_eq!(counts(report, "indicators"), [2500, 0, 0, 0], "{report}");
    assert_eq!(counts(report, "observations"), [5000, 0, 0, 0], "{report}");
    assert_eq!(counts(report, "nodes"), [3, 0, 0, 0], "{report}");
    assert_eq!(report["statements"], 2500, "{report}");

    // The same table again changes nothing.
    let again = import(&trustboard, &long_table());
    let report = &again["report"];
    assert_eq!(counts(report, "indicators"), [0, 0, 2500, 0], "{report}");
    assert_eq!(counts(report, "observations"), [0, 0, 5000, 0], "{report}");
    assert_eq!(counts(report, "nodes"), [0, 0, 3, 0], "{report}");
    assert_eq!(report["statements_changed"], 0, "{report}");
    assert_eq!(report["changed_observations"], Value::Array(Vec::new()));

    // Two figures in different parts and one rating change; the last row goes.
    let edited = table((1..ROWS).map(|i| {
        let mut cells = row(i);
        match i {
            7 => cells[3] = "99%".to_string(),
            1600 => cells[4] = "1%".to_string(),
            2499 => cells[5] = "Red".to_string(),
            _ => {}
        }
        cells
    }));
    let changed = import(&trustboard, &edited);
    let report = &changed["report"];
    assert_eq!(counts(report, "indicators"), [0, 0, 2499, 1], "{report}");
    assert_eq!(counts(report, "observations"), [0, 2, 4996, 2], "{report}");
    // The rating reworded counts on both sides; the last row's rating is dropped.
    assert_eq!(report["statements_changed"], 3, "{report}");
    let listed: Vec<String> = items(&report["changed_observations"], "changes")
        .iter()
        .map(|c| {
            format!(
                "{} {} {}: {} -> {}",
                text(c, "indicator").unwrap_or_default(),
                text(c, "period").unwrap_or_default(),
                text(c, "kind").unwrap_or_default(),
                text(c, "old_text").unwrap_or_default(),
                text(c, "new_text").unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            "L7 2009/10 actual: 47% -> 99%",
            "L1600 2010/11 target: 45% -> 1%"
        ]
    );
    let plan = trustboard.plan();
    let l7: Vec<&str> = items(&plan["observations"], "observations")
        .iter()
        .filter(|o| text(o, "indicator") == Some("L7"))
        .filter_map(|o| text(o, "text"))
        .collect();
    assert!(l7.contains(&"99%"), "{l7:?}");

    // The replaced texts are kept in the slots' history.
    for (key, period, kind, old) in [
        ("L7", "2009/10", ObservationKind::Actual, "47%"),
        ("L1600", "2010/11", ObservationKind::Target, "45%"),
    ] {
        let slot = Slot {
            indicator: key.to_string(),
            period: period.parse().expect("a period"),
            kind,
            locality: None,
            group: None,
        };
        let history = trustboard
            .with_store(async |store| store.observation_history(None, "KPIs", &slot).await)
            .expect("the history is readable");
        let texts: Vec<&str> = history.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, [old], "{key} {period}");
    }
}

fn a_bad_row_in_the_last_part_leaves_the_plan_as_it_was(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let bad = table((1..=ROWS).map(|i| {
        let mut cells = row(i);
        if i == 3 {
            cells[3] = "12%".to_string();
        }
        if i == ROWS {
            // A figure with no indicator beside it.
            cells[0].clear();
            cells[1].clear();
        }
        cells
    }));
    let path = trustboard.scratch("bad.csv");
    std::fs::write(&path, &bad).expect("the table is written");
    let mut args = vec!["import", path.to_str().expect("a UTF-8 path")];
    args.extend(OPTIONS);
    let error = trustboard.fails(&args);
    // The heading row is line 2, so row 2500 is line 2502; its first figure is column 4.
    assert!(error.contains("bad.csv:2502:4"), "{error}");
    assert!(error.contains("Actual 2009/10"), "{error}");
    assert!(error.contains(&row(ROWS)[3]), "{error}");
    assert_eq!(trustboard.plans().to_string(), "[]", "nothing is written");

    // Into a stored plan: the earlier parts' changes are not kept either.
    import(&trustboard, &long_table());
    let before = trustboard.export_json();
    let error = trustboard.fails(&args);
    assert!(error.contains("bad.csv:2502:4"), "{error}");
    assert_eq!(trustboard.export_json(), before, "the plan is as it was");
}

fn an_indicator_named_again_far_below_is_joined_to_it(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    // L3 again, with the same figures, under another objective.
    let mut repeat = row(3);
    repeat[2] = "1.9 Another objective".to_string();
    let contents = table((1..=ROWS).map(row).chain([repeat]));
    let path = trustboard.scratch("long.csv");
    std::fs::write(&path, contents).expect("the table is written");
    let mut args = vec!["import", "--json", path.to_str().expect("a UTF-8 path")];
    args.extend(OPTIONS);
    let output = trustboard.run(&args);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("long.csv:2503"), "{said}");
    let outcome: Value = serde_json::from_slice(&output.stdout).expect("the outcome is JSON");
    let report = &outcome["report"];
    assert_eq!(counts(report, "indicators"), [2500, 0, 0, 0], "{report}");
    let plan = trustboard.plan();
    let l3 = items(&plan["indicators"], "indicators")
        .iter()
        .find(|i| text(i, "key") == Some("L3"))
        .expect("L3 is stored");
    assert_eq!(l3["objectives"], serde_json::json!(["1.1", "1.9"]), "{l3}");
}

fn rows_left_out_of_every_part_are_retired_and_come_back(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    import(&trustboard, &long_table());

    // Every tenth row left out: some from each part, stored ones found among
    // all the rows written before. Rows 1 to 9 keep their places; every row
    // after the first one left out moves up, which counts as a change.
    let thinned = table((1..=ROWS).filter(|i| i % 10 != 0).map(row));
    let report = &import(&trustboard, &thinned)["report"];
    assert_eq!(counts(report, "indicators"), [0, 2241, 9, 250], "{report}");
    assert_eq!(
        counts(report, "observations"),
        [0, 4482, 18, 500],
        "{report}"
    );
    assert_eq!(report["statements_changed"], 250, "{report}");
    // The plan as exported holds its current indicators alone.
    let plan = trustboard.plan();
    let current: Vec<&str> = items(&plan["indicators"], "indicators")
        .iter()
        .filter_map(|i| text(i, "key"))
        .collect();
    assert_eq!(current.len(), 2250, "{current:?}");
    assert!(!current.contains(&"L1230"), "L1230 is retired");
    assert!(current.contains(&"L1231"), "L1231 is kept");

    // The whole table again: the retired rows are found by key and come
    // back, and the rows that moved up move back.
    let report = &import(&trustboard, &long_table())["report"];
    assert_eq!(counts(report, "indicators"), [250, 2241, 9, 0], "{report}");
    assert_eq!(
        counts(report, "observations"),
        [500, 4482, 18, 0],
        "{report}"
    );
    assert_eq!(report["statements_changed"], 250, "{report}");
    let again = import(&trustboard, &long_table());
    let report = &again["report"];
    assert_eq!(counts(report, "indicators"), [0, 0, 2500, 0], "{report}");
}

/// A table imported short, then whole: its first parts hold stored
/// indicators and are compared once those are read, the later ones hold new
/// indicators alone and are compared while the parts before are written.
/// Either way each row keeps the place the table gives it, as do its values.
fn a_table_grown_below_its_stored_rows_keeps_every_row_in_place(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let short = 1200;
    import(&trustboard, &table((1..=short).map(row)));
    let report = &import(&trustboard, &long_table())["report"];
    let grown = u64::try_from(ROWS - short).unwrap_or(u64::MAX);
    assert_eq!(
        counts(report, "indicators"),
        [grown, 0, 1200, 0],
        "{report}"
    );
    assert_eq!(
        counts(report, "observations"),
        [2 * grown, 0, 2400, 0],
        "{report}"
    );

    let plan = trustboard.plan();
    let keys: Vec<&str> = items(&plan["indicators"], "indicators")
        .iter()
        .filter_map(|i| text(i, "key"))
        .collect();
    let expected: Vec<String> = (1..=ROWS).map(|i| format!("L{i}")).collect();
    assert_eq!(keys, expected);
    let values: Vec<String> = items(&plan["observations"], "observations")
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                text(o, "indicator").unwrap_or_default(),
                text(o, "text").unwrap_or_default()
            )
        })
        .collect();
    let expected: Vec<String> = (1..=ROWS)
        .flat_map(|i| {
            let cells = row(i);
            [format!("L{i} {}", cells[3]), format!("L{i} {}", cells[4])]
        })
        .collect();
    assert_eq!(values, expected);
}

/// The long table with texts a bulk write has to escape: tabs, quotes,
/// backslashes, line breaks, braces, commas, `NULL` and letters beyond
/// ASCII. Returns the CSV and, by key, each such out-turn as stored.
fn awkward_table() -> (String, Vec<(String, String)>) {
    let mut expected = Vec::new();
    let rows = (1..=ROWS).map(|i| {
        let mut cells = row(i);
        if i % 5 == 0 {
            let value = format!("{}% (est.\t\"q\" \\ {{NULL}}, \\N\nline two) é—ü", i % 100);
            cells[3] = format!("\"{}\"", value.replace('"', "\"\""));
            expected.push((cells[0].clone(), value));
        } else if i % 7 == 0 {
            cells[3] = "NULL".to_string();
            expected.push((cells[0].clone(), "NULL".to_string()));
        }
        cells
    });
    (table(rows), expected)
}

fn texts_needing_escapes_are_stored_as_written(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let (contents, expected) = awkward_table();
    import(&trustboard, &contents);
    let plan = trustboard.plan();
    let actuals: std::collections::HashMap<&str, &str> =
        items(&plan["observations"], "observations")
            .iter()
            .filter(|o| text(o, "kind") == Some("actual"))
            .filter_map(|o| Some((text(o, "indicator")?, text(o, "text")?)))
            .collect();
    assert_eq!(actuals.len(), ROWS);
    for (key, value) in &expected {
        assert_eq!(actuals.get(key.as_str()), Some(&value.as_str()), "{key}");
    }
}

/// PostgreSQL writes new rows another way than SQLite: the same table
/// comes back the same from each, every text, parsed value, period, kind
/// and locality alike.
#[test]
fn both_backends_store_an_awkward_long_table_alike() {
    let (contents, _) = awkward_table();
    let [sqlite, postgres] = [Backend::Sqlite, Backend::Postgres].map(|backend| {
        let trustboard = Trustboard::new(backend);
        import(&trustboard, &contents);
        trustboard.plan()
    });
    assert_eq!(
        items(&sqlite["observations"], "observations").len(),
        2 * ROWS
    );
    assert!(sqlite == postgres, "the stored plans differ");
}

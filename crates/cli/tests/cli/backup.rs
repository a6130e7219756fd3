//! `trustboard backup` and `restore`: a round trip brings back exactly what
//! was backed up, and nothing is overwritten or replaced without `--force`.

use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};

on_both_backends!(
    restore_brings_back_the_database_as_it_was_backed_up,
    restore_refuses_a_file_that_is_not_a_backup,
);

/// What a council would check after a restore: its plans with their counts,
/// and every register table.
fn state(trustboard: &Trustboard, export: &str) -> (String, Vec<String>) {
    let plans = trustboard.ok(["plans", "list"]);
    let dir = trustboard.scratch(export);
    trustboard.ok([
        "register".as_ref(),
        "export".as_ref(),
        "--out".as_ref(),
        dir.as_os_str(),
    ]);
    let tables = ["agencies", "practitioners", "children", "steps"]
        .iter()
        .map(|table| {
            std::fs::read_to_string(dir.join(format!("{table}.csv")))
                .expect("the register export is readable")
        })
        .collect();
    (plans, tables)
}

/// The `it holds …` line a backup or restore prints.
fn holds(output: &str) -> &str {
    output
        .lines()
        .find(|line| line.trim_start().starts_with("it holds"))
        .unwrap_or_else(|| panic!("no `it holds` line in:\n{output}"))
}

fn restore_brings_back_the_database_as_it_was_backed_up(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    // The sample: a plan with values derived from a register of 200 children.
    trustboard.ok(["init"]);
    let before = state(&trustboard, "before");
    let file = trustboard.scratch("trustboard.backup");
    let backed_up = trustboard.ok(["backup".as_ref(), "--out".as_ref(), file.as_os_str()]);
    assert!(
        holds(&backed_up).starts_with("  it holds 1 plans, ")
            && holds(&backed_up).contains(" 200 register children"),
        "{backed_up}"
    );
    let again = trustboard.fails(["backup".as_ref(), "--out".as_ref(), file.as_os_str()]);
    assert!(again.contains("already exists"), "{again}");

    // Changes after the backup: another plan, more children, an account.
    let plan_dir = trustboard.export("csv", "plan");
    let plan_file = plan_dir.join("plan.csv");
    let renamed = std::fs::read_to_string(&plan_file)
        .expect("the exported plan table")
        .replace("CYPP 2009-13", "Changed plan");
    std::fs::write(&plan_file, renamed).expect("the plan renamed");
    trustboard.ok(["import".as_ref(), plan_dir.as_os_str()]);
    trustboard.ok([
        "synth",
        "--children",
        "5",
        "--seed",
        "9",
        "--org",
        "Elsewhere",
    ]);
    let refused = trustboard.fails(["restore".as_ref(), file.as_os_str()]);
    assert!(refused.contains("already holds 2 plans"), "{refused}");
    assert!(trustboard.ok(["plans", "list"]).contains("Changed plan"));

    let restored = trustboard.ok(["restore".as_ref(), file.as_os_str(), "--force".as_ref()]);
    assert!(restored.contains("replaced 2 plans"), "{restored}");
    assert_eq!(holds(&restored), holds(&backed_up));
    assert_eq!(state(&trustboard, "after"), before);
}

fn restore_refuses_a_file_that_is_not_a_backup(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    let file = trustboard.scratch("notes.txt");
    std::fs::write(&file, "not a database\n").expect("a scratch file");
    let refused = trustboard.fails(["restore".as_ref(), file.as_os_str(), "--force".as_ref()]);
    assert!(refused.contains("is not a trustboard backup"), "{refused}");
    let missing = trustboard.fails(["restore", "no-such.backup"]);
    assert!(
        missing.contains("there is no backup file at no-such.backup"),
        "{missing}"
    );
    assert!(trustboard.ok(["plans", "list"]).contains("CYPP 2009-13"));
}

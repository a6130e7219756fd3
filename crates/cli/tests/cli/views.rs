//! The read-only commands agree with the exported plan, and `init` loads the sample once.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    plans_list_counts_the_plan,
    plan_show_gives_the_whole_tree,
    indicator_show_gives_all_its_values,
    milestones_due_before_a_date,
    init_loads_the_sample_once,
);

fn with_seed_000(backend: Backend) -> (Trustboard, Value) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let plan = trustboard.plan();
    (trustboard, plan)
}

/// Rows of a table, retired ones left out as `plans list` leaves them out.
fn live(plan: &Value, table: &str) -> usize {
    items(&plan[table], table)
        .iter()
        .filter(|row| row.get("retired").is_none_or(Value::is_null))
        .count()
}

fn plans_list_counts_the_plan(backend: Backend) {
    let (trustboard, plan) = with_seed_000(backend);
    let plans = trustboard.plans();
    let [listed] = items(&plans, "plans list") else {
        panic!("one plan expected: {plans}");
    };
    assert_eq!(text(listed, "organisation"), text(&plan, "organisation"));
    assert_eq!(text(listed, "name"), text(&plan["plan"], "name"));
    for table in ["nodes", "indicators", "observations", "milestones"] {
        assert_eq!(
            listed[table].as_u64(),
            Some(live(&plan, table) as u64),
            "{table}: {listed}"
        );
    }
}

/// (code, parent) of every node of a `plan show --json` tree, and the indicators under each.
fn walk<'a>(
    nodes: &'a [Value],
    parent: Option<&'a str>,
    seen: &mut Vec<(&'a str, Option<&'a str>)>,
    measured: &mut BTreeMap<&'a str, BTreeSet<&'a str>>,
) {
    for node in nodes {
        let code = text(node, "code").expect("a node code");
        seen.push((code, parent));
        let keys = items(&node["indicators"], "indicators")
            .iter()
            .filter_map(Value::as_str);
        measured.insert(code, keys.collect());
        walk(
            items(&node["children"], "children"),
            Some(code),
            seen,
            measured,
        );
    }
}

fn plan_show_gives_the_whole_tree(backend: Backend) {
    let (trustboard, plan) = with_seed_000(backend);
    let shown = trustboard.json(["plan", "show", "--json"]);
    assert_eq!(text(&shown["plan"], "name"), text(&plan["plan"], "name"));
    let mut seen = Vec::new();
    let mut measured = BTreeMap::new();
    walk(
        items(&shown["tree"], "tree"),
        None,
        &mut seen,
        &mut measured,
    );

    let mut expected: Vec<(&str, Option<&str>)> = items(&plan["nodes"], "nodes")
        .iter()
        .map(|n| (text(n, "code").expect("a node code"), text(n, "parent")))
        .collect();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected, "every node once, under its parent");

    for (code, keys) in measured {
        let measuring: BTreeSet<&str> = items(&plan["indicators"], "indicators")
            .iter()
            .filter(|i| {
                items(&i["objectives"], "objectives")
                    .iter()
                    .any(|o| o == code)
            })
            .filter_map(|i| text(i, "key"))
            .collect();
        assert_eq!(keys, measuring, "indicators shown under {code}");
    }
}

/// (period, kind, locality, group, text) of a list of values.
fn slots(values: &[Value]) -> Vec<String> {
    let mut slots: Vec<String> = values
        .iter()
        .map(|v| {
            ["period", "kind", "locality", "group", "text"]
                .map(|f| v[f].to_string())
                .join(" | ")
        })
        .collect();
    slots.sort();
    slots
}

fn indicator_show_gives_all_its_values(backend: Backend) {
    let (trustboard, plan) = with_seed_000(backend);
    let shown = trustboard.json(["indicators", "show", "NI 72", "--json"]);
    assert_eq!(text(&shown["indicator"], "code"), Some("NI 72"), "{shown}");
    let key = text(&shown["indicator"], "key").expect("an indicator key");
    let stored: Vec<Value> = items(&plan["observations"], "observations")
        .iter()
        .filter(|o| text(o, "indicator") == Some(key))
        .cloned()
        .collect();
    assert!(!stored.is_empty(), "NI 72 has values in the plan");
    assert_eq!(slots(items(&shown["values"], "values")), slots(&stored));
    // The same indicator however the code is typed.
    let typed = trustboard.json(["indicators", "show", "ni72", "--json"]);
    assert_eq!(typed, shown);
}

fn milestones_due_before_a_date(backend: Backend) {
    let (trustboard, plan) = with_seed_000(backend);
    let cutoff = "2011-07-01";
    let listed = trustboard.json(["milestones", "list", "--due-before", cutoff, "--json"]);
    let listed = items(&listed, "milestones");
    assert!(
        !listed.is_empty(),
        "some milestones of the plan fall due before {cutoff}"
    );
    for milestone in listed {
        // ISO dates compare as text.
        let due = text(milestone, "due")
            .unwrap_or_else(|| panic!("listed without a due date: {milestone}"));
        assert!(due < cutoff, "due {due}, not before {cutoff}: {milestone}");
    }
    let expected = items(&plan["milestones"], "milestones")
        .iter()
        .filter(|m| text(m, "due").is_some_and(|due| due < cutoff))
        .count();
    assert_eq!(
        listed.len(),
        expected,
        "every milestone due before {cutoff} is listed"
    );
}

fn init_loads_the_sample_once(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.ok(["init"]);
    let plans = trustboard.plans();
    assert_eq!(
        items(&plans, "plans list").len(),
        1,
        "init loads one sample plan: {plans}"
    );
    let sample = trustboard.export_json();
    let again = trustboard.ok(["init"]);
    assert!(
        !again.contains("loaded the sample plan"),
        "second init loaded it again:\n{again}"
    );
    assert_eq!(trustboard.plans(), plans);
    assert!(
        trustboard.export_json() == sample,
        "a second init changed the sample plan"
    );
}

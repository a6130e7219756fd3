//! Linking Kingston's 2006-10 plan to the 2009-13 plan that followed it.

use trustboard_store::Backend;

use crate::harness::{on_both_backends, Trustboard};
use crate::seeds::seed;

on_both_backends!(successive_plans_are_linked_from_the_command_line);

fn successive_plans_are_linked_from_the_command_line(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("003")], &[]);
    trustboard.import(&[&seed("000")], &[]);
    let said = trustboard.ok([
        "plans",
        "link",
        "CYPP 2006-10",
        "CYPP 2009-13",
        "--continued",
        "1=>1",
        "--merged",
        "4=>3",
        "--deleted",
        "5",
    ]);
    assert!(said.contains("CYPP 2009-13 follows CYPP 2006-10"), "{said}");
    let links = trustboard.json(["plans", "links", "--json"]);
    let link = &links[0];
    assert_eq!(link["earlier"]["name"], "CYPP 2006-10", "{links}");
    assert_eq!(link["later"]["period"], "2009-13");
    let fates: Vec<(&str, &str)> = link["outcomes"]
        .as_array()
        .map(|o| {
            o.iter()
                .map(|f| {
                    (
                        f["earlier"].as_str().unwrap_or(""),
                        f["fate"].as_str().unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        fates,
        [("1", "continued"), ("4", "merged_into"), ("5", "deleted")]
    );
    let listed = trustboard.ok(["plans", "links"]);
    assert!(listed.contains("outcome 4: merged into 3"), "{listed}");

    let backwards = trustboard.fails(["plans", "link", "CYPP 2009-13", "CYPP 2006-10"]);
    assert!(backwards.contains("already comes before"), "{backwards}");
    let unknown = trustboard.fails([
        "plans",
        "link",
        "CYPP 2006-10",
        "CYPP 2009-13",
        "--continued",
        "13=>1",
    ]);
    assert!(unknown.contains("has no outcome `13`"), "{unknown}");
    let no_indicator = trustboard.fails([
        "indicators",
        "link",
        "NI 61",
        "--plan",
        "CYPP 2009-13",
        "--to",
        "NI 61",
        "--plan",
        "CYPP 2006-10",
    ]);
    assert!(
        no_indicator.contains("no indicator `NI 61` in CYPP 2006-10"),
        "{no_indicator}"
    );
}

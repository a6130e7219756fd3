//! Judging from the command line: the board's summary, one indicator's
//! explanation, who set a target, statistical neighbours and stated polarities.

use std::path::PathBuf;

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    the_summary_counts_add_up_and_every_unjudged_indicator_says_why,
    a_small_cohort_is_explained_in_children,
    who_set_a_target_and_when_it_was_agreed_travel_through_the_canonical_format,
    neighbour_models_are_imported_and_shown_by_date,
    a_stated_polarity_is_no_longer_a_guess_and_judges_the_indicator,
    the_summary_places_each_indicator_against_its_neighbours,
);

fn count(value: &Value, field: &str) -> u64 {
    value[field]
        .as_u64()
        .unwrap_or_else(|| panic!("`{field}` is not a count in {value}"))
}

fn the_summary_counts_add_up_and_every_unjudged_indicator_says_why(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let summary = trustboard.json(["summary", "--period", "2010/11", "--json"]);
    let totals = &summary["summary"];
    let direction = &totals["direction"];
    let indicators = items(&summary["indicators"], "indicators");
    assert!(!indicators.is_empty());
    assert_eq!(count(totals, "indicators"), indicators.len() as u64);
    let arrows: u64 = [
        "improved",
        "declined",
        "unchanged",
        "mixed",
        "not_comparable",
    ]
    .iter()
    .map(|field| count(direction, field))
    .sum();
    assert_eq!(arrows, count(totals, "indicators"), "{direction}");

    let not_judged = items(&totals["not_judged"], "not_judged");
    for line in indicators {
        let key = text(line, "indicator").expect("each line names its indicator");
        assert!(
            line["comparators"].is_array(),
            "{key}: comparator positions are listed"
        );
        let grey = text(line, "rag") == Some("grey");
        let no_arrow = text(line, "arrow") == Some("not_comparable");
        if !(grey || no_arrow) {
            continue;
        }
        let listed = not_judged
            .iter()
            .find(|n| text(n, "indicator") == Some(key))
            .unwrap_or_else(|| panic!("{key} is not judged but not listed"));
        if grey {
            assert!(
                text(listed, "rag_reason").is_some_and(|r| !r.is_empty()),
                "{listed}"
            );
        }
        if no_arrow {
            assert!(
                text(listed, "direction_reason").is_some_and(|r| !r.is_empty()),
                "{listed}"
            );
        }
    }
}

fn a_small_cohort_is_explained_in_children(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let shown = trustboard.ok(["indicators", "show", "NI 61", "--period", "2010/11"]);
    assert!(shown.contains("83.3% (5/6)"), "{shown}");
    assert!(shown.contains("one child"), "{shown}");
}

fn who_set_a_target_and_when_it_was_agreed_travel_through_the_canonical_format(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let mut plan = trustboard.plan();
    let key = ni61_key(&plan);
    let observations = plan["observations"]
        .as_array_mut()
        .expect("observations are a list");
    let target = observations
        .iter_mut()
        .find(|o| {
            text(o, "indicator") == Some(key.as_str())
                && text(o, "kind") == Some("target")
                && text(o, "period") == Some("2010/11")
        })
        .expect("NI 61 has a 2010/11 target");
    target["set_by"] = Value::from("Trust Board");
    target["agreed_on"] = Value::from("2010-03-24");
    let edited = trustboard.scratch("agreed.json");
    std::fs::write(&edited, plan.to_string()).expect("edited plan written");
    let report = &trustboard.import(&[&edited], &[])["report"];
    assert_eq!(count(&report["observations"], "changed"), 1, "{report}");

    let listed = trustboard.ok(["indicators", "show", "NI 61"]);
    assert!(
        listed.contains("(set by Trust Board, agreed 2010-03-24)"),
        "{listed}"
    );
    let explained = trustboard.ok(["indicators", "show", "NI 61", "--period", "2010/11"]);
    assert!(
        explained.contains("Set by Trust Board, agreed on 2010-03-24"),
        "{explained}"
    );
    let judged = trustboard.json([
        "indicators",
        "show",
        "NI 61",
        "--period",
        "2010/11",
        "--json",
    ]);
    let used = &judged["judgement"]["target"];
    assert_eq!(text(used, "set_by"), Some("Trust Board"));
    let years: Vec<&str> = items(&used["trajectory"], "trajectory")
        .iter()
        .filter_map(|p| text(p, "period"))
        .collect();
    assert_eq!(years, ["2010/11", "2011/12", "2012/13", "2013/14"]);
}

fn neighbour_file(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/statistical-neighbours")
        .join(name);
    assert!(path.is_file(), "test data missing at {}", path.display());
    path
}

fn neighbour_names(set: &Value) -> Vec<&str> {
    items(&set["neighbours"], "neighbours")
        .iter()
        .filter_map(|n| text(n, "name"))
        .collect()
}

fn neighbour_models_are_imported_and_shown_by_date(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let old = neighbour_file("New_Statistical_Neighbour_Groupings_April_2021.csv");
    let new = neighbour_file("sn_model_2025_wide.csv");
    let import = |file: &PathBuf, year: &str, from: &str, to: Option<&str>| {
        let mut args = vec![
            "neighbours".to_string(),
            "import".to_string(),
            file.display().to_string(),
            "--model-year".to_string(),
            year.to_string(),
            "--effective-from".to_string(),
            from.to_string(),
            "--json".to_string(),
        ];
        if let Some(to) = to {
            args.extend(["--effective-to".to_string(), to.to_string()]);
        }
        trustboard.json(args)
    };
    let first = import(&old, "2021", "2021-04-01", Some("2025-03-31"));
    assert!(count(&first, "added") > 150, "{first}");
    import(&new, "2025", "2025-04-01", None);
    let again = import(&new, "2025", "2025-04-01", None);
    assert_eq!(
        (count(&again, "added"), count(&again, "replaced")),
        (0, 0),
        "{again}"
    );

    let show = |council: &str, on: &str| {
        trustboard.json(["neighbours", "show", council, "--on", on, "--json"])
    };
    let in_2023 = show("Kingston upon Thames", "2023-06-01");
    let in_2026 = show("314", "2026-01-01");
    assert_eq!(in_2023["model_year"], 2021);
    assert_eq!(in_2026["model_year"], 2025);
    assert_eq!(neighbour_names(&in_2023).len(), 10);
    assert_ne!(neighbour_names(&in_2023), neighbour_names(&in_2026));

    let readable = trustboard.ok(["neighbours", "show", "314", "--on", "2023-06-01"]);
    assert!(
        readable.contains("Kingston upon Thames (314): 2021 model"),
        "{readable}"
    );
    let none = trustboard.fails(["neighbours", "show", "314", "--on", "2019-01-01"]);
    assert!(none.contains("in force on 2019-01-01"), "{none}");
    let old_path = old.display().to_string();
    let backwards = trustboard.fails([
        "neighbours",
        "import",
        old_path.as_str(),
        "--model-year",
        "2021",
        "--effective-from",
        "2021-04-01",
        "--effective-to",
        "2020-01-01",
    ]);
    assert!(backwards.contains("--effective-to"), "{backwards}");
}

fn a_stated_polarity_is_no_longer_a_guess_and_judges_the_indicator(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let guesses = trustboard.json(["indicators", "polarity", "--inferred", "--json"]);
    let guessed = items(&guesses, "inferred polarities");
    let first = &guessed[0];
    let key = text(first, "indicator").expect("a key").to_string();
    let guessed_polarity = text(&first["polarity"], "polarity").map(str::to_string);
    // State the opposite of the guess, so the change shows in the judgement.
    let (word, stated) = match guessed_polarity.as_deref() {
        Some("higher_is_better") => ("lower", "lower_is_better"),
        _ => ("higher", "higher_is_better"),
    };

    trustboard.ok(["indicators", "polarity", "--set", &format!("{key}={word}")]);
    let after = trustboard.json(["indicators", "polarity", "--inferred", "--json"]);
    let still_guessed: Vec<&str> = items(&after, "inferred polarities")
        .iter()
        .filter_map(|l| text(l, "indicator"))
        .collect();
    assert!(!still_guessed.contains(&key.as_str()), "{still_guessed:?}");
    assert_eq!(still_guessed.len(), guessed.len() - 1);

    let judged = trustboard.json(["indicators", "show", &key, "--period", "2010/11", "--json"]);
    let polarity = &judged["judgement"]["polarity"];
    assert_eq!(text(polarity, "polarity"), Some(stated), "{polarity}");
    assert_eq!(text(&polarity["basis"], "source"), Some("stated"));

    let bad = trustboard.fails([
        "indicators",
        "polarity",
        "--set",
        &format!("{key}=sideways"),
    ]);
    assert!(
        bad.contains("sideways") && bad.contains("higher, lower or band"),
        "{bad}"
    );
    let unknown = trustboard.fails(["indicators", "polarity", "--set", "NI 999=higher"]);
    assert!(unknown.contains("NI 999"), "{unknown}");
}

fn the_summary_places_each_indicator_against_its_neighbours(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let mut plan = trustboard.plan();
    let key = ni61_key(&plan);
    // NI 61 was 83.3% in 2010/11; neighbours at 95% leave Kingston behind.
    // `parsed` is worked out again from `text` on import; any valid one will do.
    let parsed = plan["observations"][0]["parsed"].clone();
    plan["observations"]
        .as_array_mut()
        .expect("observations are a list")
        .push(serde_json::json!({
            "indicator": key,
            "period": "2010/11",
            "kind": "statistical_neighbours",
            "text": "95%",
            "parsed": parsed
        }));
    let edited = trustboard.scratch("with-neighbours.json");
    std::fs::write(&edited, plan.to_string()).expect("edited plan written");
    trustboard.import(&[&edited], &[]);

    let summary = trustboard.json(["summary", "--period", "2010/11", "--json"]);
    let line = items(&summary["indicators"], "indicators")
        .iter()
        .find(|l| text(l, "indicator") == Some(key.as_str()))
        .expect("NI 61 is judged");
    let placed = items(&line["comparators"], "comparators");
    assert_eq!(placed.len(), 1, "{line}");
    assert_eq!(
        text(&placed[0], "comparator"),
        Some("statistical_neighbours")
    );
    assert_eq!(text(&placed[0], "position"), Some("worse"));
    let exception = items(&summary["exceptions"], "exceptions")
        .iter()
        .find(|e| text(e, "indicator") == Some(key.as_str()))
        .expect("NI 61 is an exception");
    assert!(
        items(&exception["reasons"], "reasons")
            .iter()
            .any(|r| text(r, "type") == Some("worse_than_neighbours")),
        "{exception}"
    );
}

/// NI 61's key in an exported seed 000 plan.
fn ni61_key(plan: &Value) -> String {
    items(&plan["indicators"], "indicators")
        .iter()
        .find(|i| text(i, "code") == Some("NI 61"))
        .and_then(|i| text(i, "key"))
        .expect("NI 61 in seed 000")
        .to_string()
}

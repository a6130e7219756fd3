//! What judging needs from the store, on both backends: who set a target and
//! when it was agreed, statistical-neighbour sets by model year, and polarities
//! a person states.

use std::path::PathBuf;

use chrono::NaiveDate;
use trustboard_core::judge::neighbours::{parse_neighbour_file, NeighbourModel, NeighbourSet};
use trustboard_core::model::{ObservationKind, Polarity, PolaritySource};
use trustboard_store::{ImportOptions, Store, StoreError};

use crate::harness::on_both_backends;
use crate::sample::{kingston, PLAN};

on_both_backends!(
    who_set_a_target_and_when_it_was_agreed_are_kept_and_a_change_counts,
    neighbour_sets_of_two_models_are_kept_side_by_side,
    reimporting_a_neighbour_model_changes_nothing,
    a_neighbour_batch_naming_a_council_twice_is_refused_whole,
    a_stated_polarity_replaces_an_inferred_one_and_keeps_the_old,
    polarities_are_confirmed_in_bulk_all_or_nothing_against_the_version_seen,
);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn options(source: &str) -> ImportOptions {
    ImportOptions {
        dry_run: false,
        source: source.to_string(),
    }
}

async fn who_set_a_target_and_when_it_was_agreed_are_kept_and_a_change_counts(store: Store) {
    let mut doc = kingston();
    let target = doc
        .observations
        .iter_mut()
        .find(|o| o.kind == ObservationKind::Target)
        .expect("the sample has a target");
    target.set_by = Some("DCSF (LAA)".to_string());
    target.agreed_on = Some(date(2010, 3, 24));
    store
        .import_plan(&doc, options("plan.xlsx"))
        .await
        .expect("import");
    let loaded = store.load_plan(None, PLAN).await.expect("load");
    assert_eq!(loaded, doc);

    let mut agreed_later = doc.clone();
    let target = agreed_later
        .observations
        .iter_mut()
        .find(|o| o.kind == ObservationKind::Target)
        .expect("the sample has a target");
    target.set_by = Some("Trust Board".to_string());
    target.agreed_on = None;
    let report = store
        .import_plan(&agreed_later, options("refresh.xlsx"))
        .await
        .expect("re-import");
    assert_eq!(report.observations.changed, 1, "{report:#?}");
    assert_eq!(
        store.load_plan(None, PLAN).await.expect("load"),
        agreed_later
    );
}

/// The published DfE files, read from the shared data folder beside the repository.
fn model_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/statistical-neighbours")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("test data missing at {}: {error}", path.display()))
}

fn model_2021() -> Vec<NeighbourSet> {
    let model = NeighbourModel {
        year: 2021,
        effective_from: date(2021, 4, 1),
        effective_to: Some(date(2025, 3, 31)),
    };
    parse_neighbour_file(
        &model_file("New_Statistical_Neighbour_Groupings_April_2021.csv"),
        model,
    )
    .expect("the 2021 file reads")
}

fn model_2025() -> Vec<NeighbourSet> {
    let model = NeighbourModel {
        year: 2025,
        effective_from: date(2025, 4, 1),
        effective_to: None,
    };
    parse_neighbour_file(&model_file("sn_model_2025_wide.csv"), model).expect("the 2025 file reads")
}

fn names(set: &NeighbourSet) -> Vec<&str> {
    set.neighbours.iter().map(|n| n.name.as_str()).collect()
}

async fn neighbour_sets_of_two_models_are_kept_side_by_side(store: Store) {
    let (old, new) = (model_2021(), model_2025());
    let first = store
        .import_neighbour_sets(&old, "2021.csv")
        .await
        .expect("2021 import");
    assert_eq!(first.added, old.len());
    let second = store
        .import_neighbour_sets(&new, "2025.csv")
        .await
        .expect("2025 import");
    assert_eq!((second.added, second.replaced), (new.len(), 0));

    let in_2023 = store
        .neighbour_set_on("Kingston upon Thames", date(2023, 6, 1))
        .await
        .expect("query")
        .expect("a set in force in 2023");
    assert_eq!(in_2023.model_year, 2021);
    let expected_2021 = old
        .iter()
        .find(|s| s.council == "Kingston upon Thames")
        .expect("Kingston in 2021");
    assert_eq!(&in_2023, expected_2021);

    let in_2026 = store
        .neighbour_set_on("314", date(2026, 1, 1))
        .await
        .expect("query")
        .expect("a set in force in 2026");
    assert_eq!(in_2026.model_year, 2025);
    assert_eq!(in_2026.neighbours.len(), 10);
    assert_ne!(
        names(&in_2023),
        names(&in_2026),
        "the two models group Kingston differently"
    );
    // The day a model ends and the day the next begins.
    let last_day = store
        .neighbour_set_on("kingston upon thames", date(2025, 3, 31))
        .await
        .expect("query");
    assert_eq!(last_day.map(|s| s.model_year), Some(2021));
    let first_day = store
        .neighbour_set_on("314", date(2025, 4, 1))
        .await
        .expect("query");
    assert_eq!(first_day.map(|s| s.model_year), Some(2025));
    assert!(store
        .neighbour_set_on("314", date(2020, 1, 1))
        .await
        .expect("query")
        .is_none());

    let versions = store.neighbour_sets("314").await.expect("versions");
    let years: Vec<i32> = versions.iter().map(|s| s.model_year).collect();
    assert_eq!(years, [2021, 2025]);
}

async fn reimporting_a_neighbour_model_changes_nothing(store: Store) {
    let old = model_2021();
    store
        .import_neighbour_sets(&old, "2021.csv")
        .await
        .expect("first import");
    let again = store
        .import_neighbour_sets(&old, "2021 again.csv")
        .await
        .expect("second import");
    assert_eq!(
        (again.added, again.replaced, again.unchanged),
        (0, 0, old.len())
    );

    // Correcting a model's dates replaces that model's version only.
    let mut corrected = old.clone();
    for set in &mut corrected {
        set.effective_to = Some(date(2025, 8, 31));
    }
    let report = store
        .import_neighbour_sets(&corrected, "2021 corrected.csv")
        .await
        .expect("corrected import");
    assert_eq!(report.replaced, old.len());
    let versions = store
        .neighbour_sets("Kingston upon Thames")
        .await
        .expect("versions");
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].effective_to, Some(date(2025, 8, 31)));
    assert_eq!(
        versions[0].neighbours,
        old[0..]
            .iter()
            .find(|s| s.council_code == "314")
            .expect("Kingston")
            .neighbours
    );
}

async fn a_neighbour_batch_naming_a_council_twice_is_refused_whole(store: Store) {
    let mut sets = model_2021();
    let repeated = sets[0].clone();
    sets.push(repeated);
    let error = store
        .import_neighbour_sets(&sets, "doubled.csv")
        .await
        .expect_err("a council twice in one model");
    assert!(
        matches!(
            error,
            StoreError::RepeatedNeighbourSet {
                model_year: 2021,
                ..
            }
        ),
        "{error}"
    );
    assert!(
        store
            .neighbour_sets(&sets[1].council_code)
            .await
            .expect("query")
            .is_empty(),
        "nothing of the batch was stored"
    );
}

async fn a_stated_polarity_replaces_an_inferred_one_and_keeps_the_old(store: Store) {
    let doc = kingston();
    store
        .import_plan(&doc, options("plan.xlsx"))
        .await
        .expect("import");
    let key = "NI 111";
    let before = doc
        .indicators
        .iter()
        .find(|i| i.key == key)
        .expect("NI 111 in the sample");
    assert_eq!(before.polarity_source, Some(PolaritySource::Inferred));

    store
        .set_indicator_polarity(None, PLAN, key, Polarity::Band, "command line")
        .await
        .expect("set");
    let loaded = store.load_plan(None, PLAN).await.expect("load");
    let after = loaded
        .indicators
        .iter()
        .find(|i| i.key == key)
        .expect("NI 111 still there");
    assert_eq!(
        (after.polarity, after.polarity_source),
        (Some(Polarity::Band), Some(PolaritySource::Stated))
    );
    let history = store
        .indicator_polarity_history(None, PLAN, key)
        .await
        .expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].old_polarity, history[0].old_source),
        (before.polarity, before.polarity_source)
    );
    assert_eq!(history[0].new_polarity, Polarity::Band);
    assert_eq!(history[0].changed_by, "command line");

    // Stating the same again records nothing new.
    store
        .set_indicator_polarity(None, PLAN, key, Polarity::Band, "command line")
        .await
        .expect("set again");
    assert_eq!(
        store
            .indicator_polarity_history(None, PLAN, key)
            .await
            .expect("history")
            .len(),
        1
    );

    let unknown = store
        .set_indicator_polarity(None, PLAN, "NI 999", Polarity::Band, "command line")
        .await
        .expect_err("no such indicator");
    assert!(unknown.to_string().contains("NI 999"), "{unknown}");
}

async fn polarities_are_confirmed_in_bulk_all_or_nothing_against_the_version_seen(store: Store) {
    use trustboard_store::PolarityDecision;
    let doc = kingston();
    store
        .import_plan(&doc, options("plan.xlsx"))
        .await
        .expect("import");
    let versions = store.polarity_versions(None, PLAN).await.expect("versions");
    let seen = |key: &str| {
        versions
            .iter()
            .find(|v| v.key == key)
            .map(|v| v.version)
            .expect("a version for every indicator")
    };
    let decide = |key: &str, polarity| PolarityDecision {
        key: key.to_string(),
        polarity,
        based_on: seen(key),
    };
    let (first, second) = ("NI 111", "under-18 conception rate");
    let changed = store
        .state_polarities(
            None,
            PLAN,
            &[
                decide(first, Polarity::LowerIsBetter),
                decide(second, Polarity::LowerIsBetter),
            ],
            "officer@example.org",
        )
        .await
        .expect("confirm both");
    assert_eq!(changed, 2);
    let loaded = store.load_plan(None, PLAN).await.expect("load");
    for key in [first, second] {
        let indicator = loaded
            .indicators
            .iter()
            .find(|i| i.key == key)
            .expect("the indicator");
        assert_eq!(
            (indicator.polarity, indicator.polarity_source),
            (Some(Polarity::LowerIsBetter), Some(PolaritySource::Stated)),
            "{key}"
        );
        let history = store
            .indicator_polarity_history(None, PLAN, key)
            .await
            .expect("history");
        assert_eq!(history.len(), 1, "{key}");
        assert_eq!(history[0].changed_by, "officer@example.org");
        let original = doc
            .indicators
            .iter()
            .find(|i| i.key == key)
            .expect("the indicator");
        assert_eq!(
            (history[0].old_polarity, history[0].old_source),
            (original.polarity, original.polarity_source)
        );
    }

    // A page loaded before that change is refused whole: the first decision
    // is fresh, the second was based on the version before the change above.
    let third = "NI 59";
    let stale = store
        .state_polarities(
            None,
            PLAN,
            &[
                decide(third, Polarity::LowerIsBetter),
                decide(second, Polarity::HigherIsBetter),
            ],
            "someone else",
        )
        .await
        .expect_err("the second changed since the page was loaded");
    assert!(
        matches!(&stale, StoreError::PolarityChangedMeanwhile { indicator } if indicator == second),
        "{stale}"
    );
    let after = store.load_plan(None, PLAN).await.expect("load");
    let third_now = after
        .indicators
        .iter()
        .find(|i| i.key == third)
        .expect("the indicator");
    assert_eq!(
        third_now.polarity,
        Some(Polarity::HigherIsBetter),
        "nothing of the refused batch was saved"
    );
    assert!(store
        .indicator_polarity_history(None, PLAN, third)
        .await
        .expect("history")
        .is_empty());
    let fresh = store.polarity_versions(None, PLAN).await.expect("versions");
    let version = |key: &str| {
        fresh
            .iter()
            .find(|v| v.key == key)
            .expect("a version")
            .version
    };
    assert_eq!(
        (version(second), version(third)),
        (seen(second) + 1, seen(third))
    );
}

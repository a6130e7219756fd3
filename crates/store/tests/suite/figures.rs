//! Values with and without figures, numerators and denominators, in any order.

use trustboard_core::model::ObservationKind;
use trustboard_store::{ImportOptions, Store};

use crate::harness::on_both_backends;
use crate::sample::{kingston, value};

on_both_backends!(values_without_a_ratio_before_values_with_one_are_all_stored);

async fn values_without_a_ratio_before_values_with_one_are_all_stored(store: Store) {
    let mut doc = kingston();
    let indicator = doc.indicators[0].key.clone();
    // A statement first used with missing numbers must still take real ones.
    doc.observations = [
        "n/a",
        "59%",
        "83.3% (5/6)",
        "Not yet available",
        "a) 31/35 b) 9/10",
        "5/6",
    ]
    .iter()
    .zip([
        "2006/07", "2007/08", "2008/09", "2009/10", "2010/11", "2011/12",
    ])
    .map(|(text, period)| value(&indicator, period, ObservationKind::Actual, text))
    .collect();
    store
        .import_plan(
            &doc,
            ImportOptions {
                dry_run: false,
                source: "figures".into(),
            },
        )
        .await
        .unwrap_or_else(|error| panic!("import failed: {error}"));
    let loaded = store
        .load_plan(Some(&doc.organisation), &doc.plan.name)
        .await
        .expect("plan loads");
    assert_eq!(loaded.observations, doc.observations);
}

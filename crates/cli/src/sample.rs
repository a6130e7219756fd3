//! The sample plan shipped inside the binary: Kingston's CYPP 2009–13 Action
//! Plans and Performance Measures 2011–12, derived from the published document.

use anyhow::Context;
use chrono::Utc;
use trustboard_core::model::{Locality, PlanDocument};
use trustboard_store::register::{DeriveReport, MeasureMapping};
use trustboard_store::Store;

const KINGSTON: &str = include_str!("../sample/kingston-cypp-2009-13.json");

/// Children on the sample register, and the seed that makes them.
const SAMPLE_CHILDREN: u32 = 200;
const SAMPLE_SEED: u64 = 2011;

/// The sample plan's indicators fed from the register, by measure.
pub const REGISTER_INDICATORS: [(&str, &str); 3] = [
    (
        "caf_within_15_working_days",
        "% of children and young people with multiple needs who have a CAF completed by a multi-agency professional within 15 working days, following identification of need",
    ),
    (
        "meeting_within_6_weeks_of_level_3",
        "% of children and young people who have a TAC meeting held within 6 weeks of being flagged at level 3",
    ),
    (
        "reviews_within_3_months",
        "% of TAC review meetings delivered within 3 month timeline",
    ),
];

pub fn kingston() -> anyhow::Result<PlanDocument> {
    serde_json::from_str(KINGSTON).context("the built-in sample plan is damaged")
}

/// Kingston's four clusters, the localities the sample register reports on.
pub fn clusters() -> Vec<Locality> {
    crate::synth::LOCALITIES
        .into_iter()
        .map(|name| Locality {
            name: name.into(),
            parent: None,
            kind: "cluster".into(),
            valid_from: None,
            valid_to: None,
        })
        .collect()
}

/// A generated register for the sample plan's organisation, its three CAF
/// and TAC indicators mapped to the register, and their values derived.
pub async fn load_register(
    store: &Store,
    organisation: &str,
    plan_id: i64,
) -> anyhow::Result<DeriveReport> {
    let batch = crate::synth::register(organisation, SAMPLE_CHILDREN, SAMPLE_SEED)?;
    let now = Utc::now();
    store
        .import_register(organisation, &batch, "sample register", now.date_naive())
        .await?;
    for (measure, indicator) in REGISTER_INDICATORS {
        let mapping = MeasureMapping {
            measure: measure.into(),
            plan_id,
            indicator: indicator.into(),
        };
        store.map_register_measure(organisation, &mapping).await?;
    }
    Ok(store
        .derive_register_values(organisation, "sample register", now.date_naive(), now)
        .await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_plan_reads_and_holds_the_pi_summary() {
        let doc = super::kingston().expect("sample plan");
        assert_eq!(doc.organisation, "Royal Borough of Kingston upon Thames");
        assert!(doc.nodes.iter().filter(|n| n.kind == "outcome").count() >= 12);
        let ni72 = doc
            .indicators
            .iter()
            .find(|i| i.code.as_deref() == Some("NI 72"))
            .expect("NI 72");
        assert!(doc
            .observations
            .iter()
            .any(|o| o.indicator == ni72.key && o.text == "2010 result 66%"));
    }

    #[test]
    fn the_register_indicators_are_in_the_sample_plan() {
        let doc = super::kingston().expect("sample plan");
        for (_, key) in super::REGISTER_INDICATORS {
            assert!(doc.indicators.iter().any(|i| i.key == key), "{key}");
        }
    }
}

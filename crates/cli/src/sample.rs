//! The sample plan shipped inside the binary: Kingston's CYPP 2009–13 Action
//! Plans and Performance Measures 2011–12, derived from the published document.

use anyhow::Context;
use trustboard_core::model::PlanDocument;

const KINGSTON: &str = include_str!("../sample/kingston-cypp-2009-13.json");

pub fn kingston() -> anyhow::Result<PlanDocument> {
    serde_json::from_str(KINGSTON).context("the built-in sample plan is damaged")
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
}

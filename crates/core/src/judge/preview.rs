//! How an indicator would be judged were an entered figure stored, so that
//! whoever approves the figure sees what it would change before it does.

use chrono::NaiveDate;

use super::{judge_indicator, IndicatorJudgement, JudgeOptions};
use crate::model::{Indicator, Observation, PlanDocument, ValueSource};
use crate::plan_diff::Slot;
use crate::value;

impl JudgeOptions {
    /// Judging the period, locality and group that `slot` belongs to.
    pub fn for_slot(slot: &Slot, today: NaiveDate) -> JudgeOptions {
        let mut options = JudgeOptions::new(slot.period, today);
        options.locality = slot.locality.clone();
        options.group = slot.group.clone();
        options
    }
}

/// `indicator` judged for `slot`'s period as if `text` were the value stored
/// in `slot`, replacing whatever is stored there now.
pub fn judge_with_entry(
    doc: &PlanDocument,
    indicator: &Indicator,
    slot: &Slot,
    text: &str,
    today: NaiveDate,
) -> IndicatorJudgement {
    let mut doc = doc.clone();
    let parsed = value::parse(text);
    match doc.observations.iter_mut().find(|o| Slot::of(o) == *slot) {
        Some(stored) => {
            stored.text = text.to_owned();
            stored.parsed = parsed;
            stored.source = ValueSource::Written;
        }
        None => doc.observations.push(Observation {
            indicator: slot.indicator.clone(),
            period: slot.period,
            kind: slot.kind,
            locality: slot.locality.clone(),
            group: slot.group.clone(),
            text: text.to_owned(),
            parsed,
            set_by: None,
            agreed_on: None,
            source: ValueSource::Written,
        }),
    }
    judge_indicator(&doc, indicator, &JudgeOptions::for_slot(slot, today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::Rag;
    use crate::model::ObservationKind;

    fn plan() -> PlanDocument {
        let mut doc = PlanDocument::default();
        let mut indicator = Indicator::new("NI 59", "Initial assessments within 7 days");
        indicator.polarity = Some(crate::model::Polarity::HigherIsBetter);
        doc.indicators.push(indicator);
        for (period, kind, text) in [
            ("2009/10", ObservationKind::Actual, "70%"),
            ("2010/11", ObservationKind::Target, "80%"),
            ("2010/11", ObservationKind::Actual, "60%"),
        ] {
            doc.observations.push(Observation {
                indicator: "NI 59".into(),
                period: period.parse().expect("a period"),
                kind,
                locality: None,
                group: None,
                text: text.into(),
                parsed: value::parse(text),
                set_by: None,
                agreed_on: None,
                source: ValueSource::Written,
            });
        }
        doc
    }

    fn slot(period: &str) -> Slot {
        Slot {
            indicator: "NI 59".into(),
            period: period.parse().expect("a period"),
            kind: ObservationKind::Actual,
            locality: None,
            group: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 6, 1).expect("a date")
    }

    #[test]
    fn an_entry_replaces_the_stored_figure_it_would_overwrite() {
        let doc = plan();
        let indicator = &doc.indicators[0];
        let stored = judge_indicator(
            &doc,
            indicator,
            &JudgeOptions::for_slot(&slot("2010/11"), today()),
        );
        assert_eq!(stored.rag.rag, Rag::Red);
        let entered = judge_with_entry(&doc, indicator, &slot("2010/11"), "85%", today());
        assert_eq!(entered.rag.rag, Rag::Green);
        assert_eq!(entered.actual.map(|a| a.text), Some("85%".to_string()));
        assert_eq!(entered.previous.map(|p| p.text), Some("70%".to_string()));
        assert_eq!(doc, plan(), "the plan itself is left as it was");
    }

    #[test]
    fn an_entry_for_an_empty_slot_is_added() {
        let doc = plan();
        let entered = judge_with_entry(&doc, &doc.indicators[0], &slot("2011/12"), "90%", today());
        assert_eq!(entered.actual.map(|a| a.text), Some("90%".to_string()));
        assert_eq!(entered.rag.rag, Rag::Grey, "no target for 2011/12");
    }
}

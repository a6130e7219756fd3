//! Small-number suppression for published outputs.
//!
//! Default rule: counts of people from 1 to 5 are suppressed (a count is shown
//! only if it is 0 or at least 6), and so is any percentage or ratio whose
//! numerator or denominator is such a count. Whether an indicator's figures
//! count people is decided once, by [`counts_people`], and every published
//! output (the board pack, the public page and its downloads) asks
//! [`publish_value`]. Zero is shown. A percentage written without its
//! numerator and denominator cannot be checked and is shown. Secondary
//! suppression (hiding other cells from which a suppressed one could be worked
//! out) is not done here. A suppressed value yields [`Published::Suppressed`],
//! never the figure.

use serde::{Deserialize, Serialize};

use crate::judge::catalogue::{self, IndicatorUnit};
use crate::model::Indicator;
use crate::value::{ParsedValue, Unit, Value};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SuppressionRule {
    /// The smallest non-zero count that may be published.
    pub smallest_shown: u32,
}

impl Default for SuppressionRule {
    fn default() -> Self {
        SuppressionRule { smallest_shown: 6 }
    }
}

impl SuppressionRule {
    /// True when publishing `count` could identify someone.
    pub fn hides(&self, count: f64) -> bool {
        count > 0.0 && count < f64::from(self.smallest_shown)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Published {
    /// Safe to publish as written.
    Shown { text: String },
    /// Hidden; the figure is deliberately absent.
    Suppressed { reason: String },
    /// A multi-part value, each part decided on its own.
    Parts { parts: Vec<(String, Published)> },
}

/// Whether a bare figure of `indicator` is a count of people, so that small
/// ones are withheld: by the national catalogue's unit for a national
/// indicator, otherwise by the unit the plan states, otherwise by its wording
/// (`Number of …`). A rate, score or percentage is never one, and neither is a
/// number of sessions or weeks in an indicator that is not a count.
pub fn counts_people(indicator: &Indicator) -> bool {
    if let Some(national) = catalogue::lookup(indicator.code.as_deref(), &indicator.title) {
        return national.unit == IndicatorUnit::Count;
    }
    if let Some(stated) = indicator.unit.as_deref().map(str::to_lowercase) {
        let measured_otherwise = ["%", "percent", "rate", "per ", "score"]
            .iter()
            .any(|word| stated.contains(word));
        return !measured_otherwise && (stated.contains("number") || stated.contains("count"));
    }
    let title = indicator.title.trim().to_lowercase();
    title.starts_with("number of") || title.starts_with("no. of")
}

/// How a value of `indicator` may appear in a published output: the one
/// decision every published output makes.
pub fn publish_value(
    indicator: &Indicator,
    text: &str,
    parsed: &ParsedValue,
    rule: &SuppressionRule,
) -> Published {
    publish(text, parsed, counts_people(indicator), rule)
}

/// Decides how `text` (parsed as `parsed`) may appear in a published output.
/// `is_count` says whether a bare number, with or without a word after it, is
/// a count of people ([`counts_people`]), as opposed to a rate or score.
pub fn publish(
    text: &str,
    parsed: &ParsedValue,
    is_count: bool,
    rule: &SuppressionRule,
) -> Published {
    let suppressed = |what: &str| Published::Suppressed {
        reason: format!(
            "{what} below {} is suppressed to protect identities",
            rule.smallest_shown
        ),
    };
    match &parsed.value {
        Value::Ratio {
            numerator,
            denominator,
            ..
        } => {
            if rule.hides(*numerator) || rule.hides(*denominator) {
                suppressed("a numerator or denominator")
            } else {
                Published::Shown {
                    text: text.to_string(),
                }
            }
        }
        Value::Number(q) if is_count && q.unit != Unit::Percent && rule.hides(q.amount) => {
            suppressed("a count")
        }
        Value::Parts { parts } => Published::Parts {
            parts: parts
                .iter()
                .map(|p| {
                    (
                        p.label.clone(),
                        publish(&part_text(p), &p.value, is_count, rule),
                    )
                })
                .collect(),
        },
        _ => Published::Shown {
            text: text.to_string(),
        },
    }
}

/// A part's own text is not kept separately, so it is rebuilt from its figures.
fn part_text(part: &crate::value::Part) -> String {
    let value = &part.value;
    match (&value.value, value.figure()) {
        (
            Value::Ratio {
                numerator,
                denominator,
                ..
            },
            _,
        ) => format!("{numerator}/{denominator}"),
        (Value::Number(q), _) if q.unit == Unit::Percent => format!("{}%", q.amount),
        (_, Some(figure)) => figure.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::value::{Part, Quantity};
    use proptest::prelude::*;

    fn ratio(numerator: f64, denominator: f64) -> ParsedValue {
        ParsedValue::new(Value::Ratio {
            numerator,
            denominator,
            stated: None,
        })
    }

    fn count(amount: f64) -> ParsedValue {
        ParsedValue::new(Value::Number(Quantity {
            amount,
            unit: Unit::Number,
        }))
    }

    #[test]
    fn small_counts_and_their_percentages_are_suppressed_without_the_figure() {
        let rule = SuppressionRule::default();
        let hidden = publish("83.3% (5/6)", &ratio(5.0, 6.0), false, &rule);
        let Published::Suppressed { reason } = &hidden else {
            panic!("{hidden:?}")
        };
        assert!(!reason.contains("83") && !reason.contains("5/6"));
        assert!(matches!(
            publish("3", &count(3.0), true, &rule),
            Published::Suppressed { .. }
        ));
        assert!(matches!(
            publish("15/17", &ratio(15.0, 17.0), false, &rule),
            Published::Shown { .. }
        ));
        assert!(matches!(
            publish("0", &count(0.0), true, &rule),
            Published::Shown { .. }
        ));
        assert!(matches!(
            publish("6", &count(6.0), true, &rule),
            Published::Shown { .. }
        ));
        // A rate of 3.2 is not a count of people.
        assert!(matches!(
            publish("3.2", &count(3.2), false, &rule),
            Published::Shown { .. }
        ));
    }

    #[test]
    fn parts_are_suppressed_one_by_one() {
        let parts = ParsedValue::new(Value::Parts {
            parts: vec![
                Part {
                    label: "a".into(),
                    value: ratio(31.0, 35.0),
                },
                Part {
                    label: "c".into(),
                    value: ratio(2.0, 3.0),
                },
            ],
        });
        let Published::Parts { parts } = publish(
            "a) 31/35 c) 2/3",
            &parts,
            false,
            &SuppressionRule::default(),
        ) else {
            panic!()
        };
        assert!(matches!(parts[0].1, Published::Shown { .. }));
        assert!(matches!(parts[1].1, Published::Suppressed { .. }));
    }

    fn indicator(code: Option<&str>, title: &str, unit: Option<&str>) -> Indicator {
        Indicator {
            code: code.map(str::to_string),
            title: title.to_string(),
            unit: unit.map(str::to_string),
            ..Indicator::default()
        }
    }

    #[test]
    fn counts_of_people_are_told_by_the_catalogue_the_stated_unit_or_the_wording() {
        // The catalogue lists NI 48 (children killed or seriously injured on
        // the roads) as a count and NI 59 as a percentage, whatever the plan says.
        let national = catalogue::lookup(Some("NI 48"), "").map(|n| n.unit);
        assert_eq!(national, Some(IndicatorUnit::Count));
        assert!(counts_people(&indicator(
            Some("NI 48"),
            "Children KSI",
            Some("%")
        )));
        assert!(!counts_people(&indicator(
            Some("NI 59"),
            "Initial assessments",
            Some("number")
        )));
        assert!(counts_people(&indicator(
            None,
            "Young carers supported",
            Some("Number")
        )));
        assert!(!counts_people(&indicator(
            None,
            "Sessions held",
            Some("rate per 1,000")
        )));
        assert!(counts_people(&indicator(
            None,
            "Number of children adopted",
            None
        )));
        assert!(!counts_people(&indicator(
            None,
            "Parenting sessions delivered",
            None
        )));
    }

    #[test]
    fn a_small_number_is_withheld_only_when_the_indicator_counts_people() {
        let rule = SuppressionRule::default();
        let sessions = crate::value::parse("3 sessions");
        let carers = indicator(None, "Number of young carers assessed", None);
        let delivered = indicator(None, "Parenting sessions delivered", None);
        assert!(matches!(
            publish_value(&carers, "3 sessions", &sessions, &rule),
            Published::Suppressed { .. }
        ));
        assert!(matches!(
            publish_value(&delivered, "3 sessions", &sessions, &rule),
            Published::Shown { .. }
        ));
        let percent = crate::value::parse("4%");
        assert!(matches!(
            publish_value(&carers, "4%", &percent, &rule),
            Published::Shown { .. }
        ));
    }

    proptest! {
        #[test]
        fn a_threshold_hides_exactly_the_counts_below_it(threshold in 1u32..20, n in 0u32..40) {
            let rule = SuppressionRule { smallest_shown: threshold };
            let hidden = matches!(publish("n", &count(f64::from(n)), true, &rule), Published::Suppressed { .. });
            prop_assert_eq!(hidden, n > 0 && n < threshold);
        }
    }
}

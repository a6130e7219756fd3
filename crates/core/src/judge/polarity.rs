//! Which way is better for an indicator, and how we know.
//!
//! A polarity a person stated wins, then the national catalogue, then an
//! inference from the indicator's wording, then from relative targets that all
//! point one way (`reduce by 5%`). An inferred polarity names the rule
//! and the words that triggered it so a person can confirm it. Wording with no
//! signal, or with signals pointing both ways, stays unknown: never guessed.

use serde::{Deserialize, Serialize};

use super::catalogue;
use crate::model::{Indicator, Polarity, PolaritySource};
use crate::value::{Direction, ParsedValue, RelativeTarget, Value};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum PolarityBasis {
    /// Set on the indicator by a person.
    Stated,
    /// From the national indicator catalogue.
    Catalogue { code: String },
    /// Guessed from the wording; wants confirming.
    Inferred { rule: String, words: String },
    /// No way to tell.
    Unknown { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolarityJudgement {
    pub polarity: Option<Polarity>,
    pub basis: PolarityBasis,
}

impl PolarityJudgement {
    /// How the plan model records this polarity's origin: the catalogue counts as stated.
    pub fn source(&self) -> Option<PolaritySource> {
        match self.basis {
            PolarityBasis::Stated | PolarityBasis::Catalogue { .. } => Some(PolaritySource::Stated),
            PolarityBasis::Inferred { .. } => Some(PolaritySource::Inferred),
            PolarityBasis::Unknown { .. } => None,
        }
    }

    /// Plain-English account, e.g. `lower is better (national catalogue, NI 92)`.
    pub fn describe(&self) -> String {
        let direction = match self.polarity {
            Some(Polarity::HigherIsBetter) => "higher is better",
            Some(Polarity::LowerIsBetter) => "lower is better",
            Some(Polarity::Band) => "within the target band is best",
            None => "polarity unknown",
        };
        match &self.basis {
            PolarityBasis::Stated => format!("{direction} (stated)"),
            PolarityBasis::Catalogue { code } => {
                format!("{direction} (national catalogue, {code})")
            }
            PolarityBasis::Inferred { rule, words } => {
                format!("{direction} (inferred from \"{words}\": {rule})")
            }
            PolarityBasis::Unknown { reason } => format!("{direction}: {reason}"),
        }
    }
}

/// The polarity to judge `indicator` by, also reading its targets: when the
/// wording says nothing, targets written as `reduce by 5%` or `Baseline plus 5%`
/// that all point one way are a signal too. `targets` are (text, parsed) pairs.
pub fn polarity_with_targets<'a>(
    indicator: &Indicator,
    targets: impl IntoIterator<Item = (&'a str, &'a ParsedValue)>,
) -> PolarityJudgement {
    let judged = polarity_of(indicator);
    if judged.polarity.is_some() {
        return judged;
    }
    let mut directions = targets
        .into_iter()
        .filter_map(|(text, parsed)| match &parsed.value {
            Value::Relative {
                target: RelativeTarget::Change { direction, .. },
            } => Some((*direction, text)),
            _ => None,
        });
    let Some((first, text)) = directions.next() else {
        return judged;
    };
    if directions.any(|(d, _)| d != first) {
        return judged;
    }
    let (polarity, rule) = match first {
        Direction::Increase => (Polarity::HigherIsBetter, "its targets ask for an increase"),
        Direction::Reduce => (Polarity::LowerIsBetter, "its targets ask for a reduction"),
    };
    PolarityJudgement {
        polarity: Some(polarity),
        basis: PolarityBasis::Inferred {
            rule: rule.into(),
            words: text.to_string(),
        },
    }
}

/// The polarity to judge `indicator` by.
pub fn polarity_of(indicator: &Indicator) -> PolarityJudgement {
    if let (Some(polarity), None | Some(PolaritySource::Stated)) =
        (indicator.polarity, indicator.polarity_source)
    {
        return PolarityJudgement {
            polarity: Some(polarity),
            basis: PolarityBasis::Stated,
        };
    }
    if let Some(ni) = catalogue::lookup(indicator.code.as_deref(), &indicator.title) {
        return PolarityJudgement {
            polarity: Some(ni.polarity),
            basis: PolarityBasis::Catalogue {
                code: ni.code.clone(),
            },
        };
    }
    let wording = match &indicator.definition {
        Some(definition) => format!("{} {}", indicator.title, definition),
        None => indicator.title.clone(),
    };
    match infer(&wording) {
        Ok(Some(inferred)) => inferred,
        Ok(None) => match indicator.polarity {
            // An earlier inference that was saved with the indicator.
            Some(polarity) => PolarityJudgement {
                polarity: Some(polarity),
                basis: PolarityBasis::Inferred {
                    rule: "recorded as inferred".into(),
                    words: String::new(),
                },
            },
            None => unknown("nothing in the wording says whether higher or lower is better".into()),
        },
        Err(conflict) => unknown(conflict),
    }
}

fn unknown(reason: String) -> PolarityJudgement {
    PolarityJudgement {
        polarity: None,
        basis: PolarityBasis::Unknown { reason },
    }
}

/// One wording rule: consecutive words starting with these stems.
struct Rule {
    stems: &'static [&'static str],
    polarity: Polarity,
    why: &'static str,
}

const fn rule(stems: &'static [&'static str], polarity: Polarity, why: &'static str) -> Rule {
    Rule {
        stems,
        polarity,
        why,
    }
}

use Polarity::{HigherIsBetter as Higher, LowerIsBetter as Lower};

/// Verbs stating the intended direction of the measure itself.
const STATED_AIMS: &[Rule] = &[
    rule(&["reduc"], Lower, "the aim is a reduction"),
    rule(&["decreas"], Lower, "the aim is a decrease"),
    rule(&["fewer"], Lower, "the aim is fewer"),
    rule(&["increas"], Higher, "the aim is an increase"),
    rule(&["rais"], Higher, "the aim is to raise it"),
];

/// What is being measured, in priority order: the first match decides.
const MEASURES: &[Rule] = &[
    rule(
        &["good", "or", "better"],
        Higher,
        "a share judged good or better",
    ),
    rule(
        &["satisfactory", "or", "better"],
        Higher,
        "a share judged satisfactory or better",
    ),
    rule(
        &["good", "or", "outstanding"],
        Higher,
        "a share judged good or outstanding",
    ),
    rule(&["gap"], Lower, "a gap is better narrower"),
    rule(&["gaps"], Lower, "a gap is better narrower"),
    rule(&["obes"], Lower, "obesity"),
    rule(&["exclusion"], Lower, "exclusions"),
    rule(&["excluded"], Lower, "exclusions"),
    rule(&["persistent"], Lower, "persistent absence"),
    rule(&["absen"], Lower, "absence"),
    rule(&["custod"], Lower, "custodial sentences"),
    rule(&["re-offend"], Lower, "re-offending"),
    rule(&["reoffend"], Lower, "re-offending"),
    rule(
        &["first", "time", "entrant"],
        Lower,
        "first-time entrants to youth justice",
    ),
    rule(
        &["first-time", "entrant"],
        Lower,
        "first-time entrants to youth justice",
    ),
    rule(
        &["neet"],
        Lower,
        "young people not in education, employment or training",
    ),
    rule(
        &["not", "in", "education"],
        Lower,
        "young people not in education, employment or training",
    ),
    rule(&["conception"], Lower, "teenage conceptions"),
    rule(
        &["below", "the", "floor"],
        Lower,
        "schools below the floor standard",
    ),
    rule(&["waiting"], Lower, "waiting"),
    rule(&["high", "support"], Lower, "schools needing high support"),
    rule(
        &["high", "priority"],
        Lower,
        "schools of high priority for support",
    ),
    rule(&["satisfactory"], Lower, "judged only satisfactory"),
    rule(
        &["special", "measures"],
        Lower,
        "schools in special measures",
    ),
    rule(
        &["second", "or", "subsequent"],
        Lower,
        "repeat child protection plans",
    ),
    rule(&["repeat"], Lower, "repeat incidents"),
    rule(
        &["temporary", "accommodation"],
        Lower,
        "temporary accommodation",
    ),
    rule(&["poverty"], Lower, "children in poverty"),
    rule(&["bully"], Lower, "bullying"),
    rule(&["bulli"], Lower, "bullying"),
    rule(&["killed"], Lower, "children killed or injured"),
    rule(&["substance", "misuse"], Lower, "substance misuse"),
    rule(&["injur"], Lower, "injuries"),
    rule(&["dropout"], Lower, "dropping out"),
    rule(&["drop-out"], Lower, "dropping out"),
    rule(&["drop", "out"], Lower, "dropping out"),
    rule(&["fear"], Lower, "fear of crime"),
    rule(&["within"], Higher, "done within a time limit"),
    rule(&["take", "up"], Higher, "take-up"),
    rule(&["take-up"], Higher, "take-up"),
    rule(&["participat"], Higher, "participation"),
    rule(&["attendance"], Higher, "attendance"),
    rule(&["achiev"], Higher, "achievement"),
    rule(&["attain"], Higher, "attainment"),
    rule(
        &["eet"],
        Higher,
        "young people in education, employment or training",
    ),
    rule(&["outstanding"], Higher, "a share judged outstanding"),
    rule(&["satisfaction"], Higher, "satisfaction"),
    rule(&["progress"], Higher, "progress made"),
    rule(&["reaching"], Higher, "reaching a level"),
];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '+'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Finds the rule's stems as consecutive words; returns the matched words.
/// Stems longer than three letters also match longer words (`reduc` → `reduction`);
/// short ones (`gap`, `eet`) must match a whole word.
fn find(rule: &Rule, words: &[String]) -> Option<String> {
    let matches =
        |word: &String, stem: &&str| word == stem || (stem.len() > 3 && word.starts_with(stem));
    words
        .windows(rule.stems.len())
        .find(|window| {
            window
                .iter()
                .zip(rule.stems)
                .all(|(word, stem)| matches(word, stem))
        })
        .map(|window| window.join(" "))
}

fn inferred(rule: &Rule, words: String) -> PolarityJudgement {
    PolarityJudgement {
        polarity: Some(rule.polarity),
        basis: PolarityBasis::Inferred {
            rule: rule.why.to_string(),
            words,
        },
    }
}

/// Infers polarity from wording. `Ok(None)` when there is no signal;
/// `Err(reason)` when the stated aims point both ways.
pub fn infer(wording: &str) -> Result<Option<PolarityJudgement>, String> {
    let words = words(wording);
    let aims: Vec<(&Rule, String)> = STATED_AIMS
        .iter()
        .filter_map(|r| find(r, &words).map(|w| (r, w)))
        .collect();
    if let Some((first, first_words)) = aims.first() {
        if let Some((other, other_words)) = aims.iter().find(|(r, _)| r.polarity != first.polarity)
        {
            return Err(format!(
                "the wording points both ways (\"{first_words}\" and \"{other_words}\"): {} but {}",
                first.why, other.why
            ));
        }
        return Ok(Some(inferred(first, first_words.clone())));
    }
    Ok(MEASURES
        .iter()
        .find_map(|r| find(r, &words).map(|w| inferred(r, w))))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn indicator(code: Option<&str>, title: &str) -> Indicator {
        Indicator {
            code: code.map(str::to_string),
            ..Indicator::new(title, title)
        }
    }

    fn inferred_polarity(title: &str) -> Option<Polarity> {
        polarity_of(&indicator(None, title)).polarity
    }

    #[test]
    fn kingston_local_indicators_get_the_right_direction() {
        let lower = [
            "Reduction in the number of first time entrants to Youth Justice System",
            "Fixed term exclusions primary as % of total school population",
            "Secondary schools' persistent absence rate",
            "% of obese primary school age children in reception year",
            "Number of primary schools judged to be satisfactory and high priority by LA",
            "% Ofsted EYFS leadership in maintained schools judgements rated satisfactory",
            "Number of primary schools below the floor standard of 60%",
            "% of 16-18 year olds who are NEET",
            "Under 18 conception rate per 1,000",
            "Re-offending rate of young offenders",
            "Hospital admissions caused by unintentional and deliberate injuries to children",
            "Dropout from FL2 learning programmes in Kingston Post-16",
        ];
        for title in lower {
            assert_eq!(
                inferred_polarity(title),
                Some(Polarity::LowerIsBetter),
                "{title}"
            );
        }
        let higher = [
            "% of pupils with SEN making 3 levels of progress from Key Stage 2 to Key Stage 4 in Maths",
            "% of families completing parenting programmes reporting satisfaction level 'good'",
            "% of children and young people who have a TAC meeting held within 6 weeks of being flagged at level 3",
            "% of schools with good or outstanding behaviour as judged by the school SEF or Ofsted",
            "Number of young people participating in YSS funded positive activities",
            "Primary schools' overall attendance rate",
            "Increase the number of families who benefit from short breaks",
            "% of care leavers in EET",
        ];
        for title in higher {
            assert_eq!(
                inferred_polarity(title),
                Some(Polarity::HigherIsBetter),
                "{title}"
            );
        }
    }

    #[test]
    fn inference_names_its_trigger_and_is_marked_inferred() {
        let judged = polarity_of(&indicator(
            None,
            "The % gap between FSM pupils and their peers",
        ));
        assert_eq!(judged.polarity, Some(Polarity::LowerIsBetter));
        let PolarityBasis::Inferred { words, .. } = judged.basis else {
            panic!("not inferred: {judged:?}")
        };
        assert_eq!(words, "gap");
    }

    #[test]
    fn no_signal_stays_unknown() {
        for title in [
            "Number of children subject to child protection plans",
            "Issues of books to children aged up to 17",
        ] {
            let judged = polarity_of(&indicator(None, title));
            assert_eq!(judged.polarity, None, "{title}");
            assert!(matches!(judged.basis, PolarityBasis::Unknown { .. }));
        }
    }

    #[test]
    fn relative_targets_that_all_point_one_way_are_a_signal() {
        use crate::value::{Base, Change};
        let ind = indicator(
            None,
            "Number of families supported to complete a parenting programme",
        );
        let plus = ParsedValue::new(Value::Relative {
            target: RelativeTarget::Change {
                base: Base::Baseline,
                direction: Direction::Increase,
                change: Change::Percent { amount: 5.0 },
            },
        });
        let minus = ParsedValue::new(Value::Relative {
            target: RelativeTarget::Change {
                base: Base::PreviousPeriod,
                direction: Direction::Reduce,
                change: Change::Unstated,
            },
        });
        let judged = polarity_with_targets(&ind, [("Baseline plus 5%", &plus)]);
        assert_eq!(judged.polarity, Some(Polarity::HigherIsBetter));
        assert_eq!(judged.source(), Some(PolaritySource::Inferred));
        let mixed = polarity_with_targets(&ind, [("Baseline plus 5%", &plus), ("reduce", &minus)]);
        assert_eq!(
            mixed.polarity, None,
            "targets pointing both ways are no signal"
        );
        assert_eq!(polarity_with_targets(&ind, []).polarity, None);
    }

    #[test]
    fn conflicting_aims_stay_unknown_with_both_words_named() {
        let judged = polarity_of(&indicator(None, "Increase attendance and reduce lateness"));
        assert_eq!(judged.polarity, None);
        let PolarityBasis::Unknown { reason } = judged.basis else {
            panic!()
        };
        assert!(
            reason.contains("increase") && reason.contains("reduce"),
            "{reason}"
        );
    }

    #[test]
    fn stated_beats_catalogue_beats_wording() {
        let mut stated = indicator(Some("NI 92"), "Increase something");
        stated.polarity = Some(Polarity::HigherIsBetter);
        stated.polarity_source = Some(PolaritySource::Stated);
        assert_eq!(polarity_of(&stated).basis, PolarityBasis::Stated);
        // The catalogue overrides both an earlier inference and the wording.
        let mut catalogued = indicator(Some("NI 92"), "Increase something");
        catalogued.polarity = Some(Polarity::HigherIsBetter);
        catalogued.polarity_source = Some(PolaritySource::Inferred);
        let judged = polarity_of(&catalogued);
        assert_eq!(judged.polarity, Some(Polarity::LowerIsBetter));
        assert_eq!(
            judged.basis,
            PolarityBasis::Catalogue {
                code: "NI 92".into()
            }
        );
    }

    #[test]
    fn satisfaction_is_not_satisfactory() {
        assert_eq!(
            inferred_polarity("% of parents reporting satisfaction with the service"),
            Some(Polarity::HigherIsBetter)
        );
        assert_eq!(
            inferred_polarity("Number of schools judged satisfactory"),
            Some(Polarity::LowerIsBetter)
        );
    }

    proptest! {
        /// Adding neutral words around a lower-is-better signal never changes the inference.
        #[test]
        fn neutral_words_do_not_change_inference(prefix in "(number|of|the|children|in|kingston| ){0,6}",
                                                 suffix in "(per|1,000|aged|10-17|in|year| ){0,6}") {
            let title = format!("{prefix} persistent absence {suffix}");
            prop_assert_eq!(inferred_polarity(&title), Some(Polarity::LowerIsBetter));
        }
    }
}

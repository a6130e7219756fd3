//! Which way is better for an indicator, and how we know.
//!
//! [`decide`] is the one place this is settled. A polarity a person stated
//! wins, then the national catalogue's published direction. Otherwise the
//! signals a performance officer reads at a glance are weighed together: the
//! indicator's wording and the direction the council set its own targets in.
//! When they agree the polarity is inferred, keeps every reason, and waits
//! for a person to confirm it; when they disagree or say nothing it stays
//! unknown, and the reason says which signals disagreed or why each is silent.

mod targets;

use serde::{Deserialize, Serialize};

use super::catalogue;
use super::series::{Scope, Series};
use crate::model::{Indicator, Observation, Polarity, PolaritySource};
use targets::TargetReading;

/// Where a signal about polarity came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalSource {
    /// The indicator's title and definition.
    Wording,
    /// The direction the council set its own targets in.
    Targets,
    /// A polarity saved with the indicator as inferred, before this reading.
    Recorded,
}

impl SignalSource {
    pub fn label(self) -> &'static str {
        match self {
            SignalSource::Wording => "wording",
            SignalSource::Targets => "targets",
            SignalSource::Recorded => "recorded",
        }
    }
}

/// One reason to think higher or lower is better.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub source: SignalSource,
    pub polarity: Polarity,
    /// e.g. `"sessions provided" counts a service delivered`.
    pub reason: String,
}

impl Signal {
    /// `wording: "sessions provided" counts a service delivered`.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.source.label(), self.reason)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum PolarityBasis {
    /// Set on the indicator by a person.
    Stated,
    /// From the national indicator catalogue.
    Catalogue { code: String },
    /// Read from signals that all agree; wants confirming.
    Inferred { signals: Vec<Signal> },
    /// No way to tell.
    Unknown { reason: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolarityJudgement {
    pub polarity: Option<Polarity>,
    pub basis: PolarityBasis,
}

/// How a polarity is written for people: `higher is better`.
pub fn direction_words(polarity: Option<Polarity>) -> &'static str {
    match polarity {
        Some(Polarity::HigherIsBetter) => "higher is better",
        Some(Polarity::LowerIsBetter) => "lower is better",
        Some(Polarity::Band) => "within the target band is best",
        None => "polarity unknown",
    }
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

    /// Why: `national catalogue: NI 111 lower is better`, each signal of an
    /// inference joined by `; `, or why it is unknown.
    pub fn reason(&self) -> String {
        let direction = direction_words(self.polarity);
        match &self.basis {
            PolarityBasis::Stated => "stated by a person".into(),
            PolarityBasis::Catalogue { code } => {
                format!("national catalogue: {code} {direction}")
            }
            PolarityBasis::Inferred { signals } => signals
                .iter()
                .map(Signal::describe)
                .collect::<Vec<_>>()
                .join("; "),
            PolarityBasis::Unknown { reason } => reason.clone(),
        }
    }

    /// Plain-English account, e.g. `lower is better (national catalogue: NI 92 lower is better)`.
    pub fn describe(&self) -> String {
        let direction = direction_words(self.polarity);
        match &self.basis {
            PolarityBasis::Stated => format!("{direction} (stated)"),
            PolarityBasis::Catalogue { .. } => format!("{direction} ({})", self.reason()),
            PolarityBasis::Inferred { .. } => {
                format!(
                    "{direction} (inferred, awaiting confirmation; {})",
                    self.reason()
                )
            }
            PolarityBasis::Unknown { reason } => format!("{direction}: {reason}"),
        }
    }
}

/// The polarity to judge `indicator` by, from everything known about it.
/// `observations` may hold other indicators' values too; the indicator's own
/// whole-area targets and out-turns are read from them.
pub fn decide<'a>(
    indicator: &Indicator,
    observations: impl IntoIterator<Item = &'a Observation>,
) -> PolarityJudgement {
    if let (Some(polarity), None | Some(PolaritySource::Stated)) =
        (indicator.polarity, indicator.polarity_source)
    {
        return PolarityJudgement {
            polarity: Some(polarity),
            basis: PolarityBasis::Stated,
        };
    }
    let national = catalogue::lookup(indicator.code.as_deref(), &indicator.title);
    if let Some((ni, polarity)) = national.and_then(|ni| Some((ni, ni.polarity?))) {
        return PolarityJudgement {
            polarity: Some(polarity),
            basis: PolarityBasis::Catalogue {
                code: ni.code.clone(),
            },
        };
    }
    let wording = match &indicator.definition {
        Some(definition) => format!("{} {}", indicator.title, definition),
        None => indicator.title.clone(),
    };
    let series = Series::collect(observations, &indicator.key, Scope::default());
    let mut signals = Vec::new();
    let mut silent = Vec::new();
    match infer(&wording) {
        Ok(Some(signal)) => signals.push(signal),
        Ok(None) => silent.push("the wording names nothing whose direction is plain".to_string()),
        Err(conflict) => silent.push(conflict),
    }
    match targets::read(&series) {
        TargetReading::Says(polarity, reason) => signals.push(Signal {
            source: SignalSource::Targets,
            polarity,
            reason,
        }),
        TargetReading::Silent(reason) => silent.push(format!("targets: {reason}")),
    }
    if let Some(ni) = national {
        silent.push(format!(
            "national catalogue: {} states no direction",
            ni.code
        ));
    }
    if signals.is_empty() {
        if let (Some(polarity), Some(PolaritySource::Inferred)) =
            (indicator.polarity, indicator.polarity_source)
        {
            signals.push(Signal {
                source: SignalSource::Recorded,
                polarity,
                reason: "saved with the indicator as inferred".into(),
            });
        }
    }
    let Some(first) = signals.first() else {
        return unknown(format!(
            "nothing says which way is better: {}",
            silent.join("; ")
        ));
    };
    if let Some(other) = signals.iter().find(|s| s.polarity != first.polarity) {
        return unknown(format!(
            "the signals disagree: {} says {}, but {} says {}",
            first.describe(),
            direction_words(Some(first.polarity)),
            other.describe(),
            direction_words(Some(other.polarity))
        ));
    }
    PolarityJudgement {
        polarity: Some(first.polarity),
        basis: PolarityBasis::Inferred { signals },
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
    rule(&["within", "#"], Higher, "done within a time limit"),
    rule(&["within", "required"], Higher, "done within a time limit"),
    rule(&["within", "timescale"], Higher, "done within a time limit"),
    rule(&["take", "up"], Higher, "take-up"),
    rule(&["take-up"], Higher, "take-up"),
    rule(&["taking", "up"], Higher, "take-up"),
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
    rule(&["lasting", "over"], Lower, "plans that drag on"),
    rule(&["scoring"], Higher, "attainment: a share reaching a score"),
    rule(&["provided"], Higher, "counts a service delivered"),
    rule(&["delivered"], Higher, "counts a service delivered"),
    rule(&["issued"], Higher, "counts a service delivered"),
    rule(&["issues", "of"], Higher, "counts use of a service"),
    rule(&["swims"], Higher, "counts use of a service"),
    rule(&["visits"], Higher, "counts use of a service"),
    rule(&["access"], Higher, "counts people reached"),
    rule(&["receiv"], Higher, "counts people reached"),
    rule(&["in", "receipt"], Higher, "counts people reached"),
    rule(&["supported"], Higher, "counts people helped"),
    rule(&["advised"], Higher, "counts people helped"),
    rule(&["offered"], Higher, "counts places offered"),
    rule(&["attend"], Higher, "attendance"),
    rule(&["enrol"], Higher, "enrolments"),
    rule(&["engag"], Higher, "engagement"),
    rule(&["taking", "part"], Higher, "participation"),
    rule(&["retained"], Higher, "retention"),
    rule(&["recruit"], Higher, "recruitment"),
    rule(&["complet"], Higher, "completion"),
    rule(&["immunis"], Higher, "coverage of a health check"),
    rule(&["checks"], Higher, "coverage of a health check"),
    rule(&["apprentice"], Higher, "apprenticeships"),
    rule(&["employment"], Higher, "getting into work"),
    rule(&["qualified"], Higher, "a qualified workforce"),
    rule(&["graduates"], Higher, "a qualified workforce"),
    rule(&["by", "the", "deadline"], Higher, "done on time"),
    rule(&["submitted"], Higher, "completion"),
    rule(&["represented"], Higher, "participation"),
    rule(
        &["accredited"],
        Higher,
        "counts a service meeting a standard",
    ),
    rule(&["demonstrat"], Higher, "a share meeting a standard"),
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
/// short ones (`gap`, `eet`) must match a whole word; `#` matches a number
/// (`within 6 weeks`, not `within the family`).
fn find(rule: &Rule, words: &[String]) -> Option<String> {
    let matches = |word: &String, stem: &&str| match *stem {
        "#" => word.starts_with(|c: char| c.is_ascii_digit()),
        stem => word == stem || (stem.len() > 3 && word.starts_with(stem)),
    };
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

fn inferred(rule: &Rule, words: String) -> Signal {
    Signal {
        source: SignalSource::Wording,
        polarity: rule.polarity,
        reason: format!("\"{words}\" {}", rule.why),
    }
}

/// Reads polarity from wording. `Ok(None)` when there is no signal;
/// `Err(reason)` when the stated aims point both ways.
fn infer(wording: &str) -> Result<Option<Signal>, String> {
    let words = words(wording);
    let aims: Vec<(&Rule, String)> = STATED_AIMS
        .iter()
        .filter_map(|r| find(r, &words).map(|w| (r, w)))
        .collect();
    if let Some((first, first_words)) = aims.first() {
        if let Some((other, other_words)) = aims.iter().find(|(r, _)| r.polarity != first.polarity)
        {
            return Err(format!(
                "wording: it points both ways (\"{first_words}\" and \"{other_words}\"): {} but {}",
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
    use crate::judge::testkit;
    use crate::model::ObservationKind::{self, Actual, Target};
    use crate::value::ParsedValue;
    use proptest::prelude::*;

    fn indicator(code: Option<&str>, title: &str) -> Indicator {
        Indicator {
            code: code.map(str::to_string),
            ..Indicator::new(title, title)
        }
    }

    fn inferred_polarity(title: &str) -> Option<Polarity> {
        decide(&indicator(None, title), []).polarity
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
        let judged = decide(
            &indicator(None, "The % gap between FSM pupils and their peers"),
            [],
        );
        assert_eq!(judged.polarity, Some(Polarity::LowerIsBetter));
        assert_eq!(judged.source(), Some(PolaritySource::Inferred));
        assert_eq!(judged.reason(), "wording: \"gap\" a gap is better narrower");
    }

    #[test]
    fn no_signal_stays_unknown() {
        for title in [
            "Number of children subject to child protection plans",
            "% of referrals made by LAC/Safeguarding Services",
        ] {
            let judged = decide(&indicator(None, title), []);
            assert_eq!(judged.polarity, None, "{title}");
            assert!(matches!(judged.basis, PolarityBasis::Unknown { .. }));
        }
    }

    /// Observations of indicator `key`: (period year, kind, text, parsed).
    fn observations(
        key: &str,
        values: Vec<(i32, ObservationKind, &str, ParsedValue)>,
    ) -> Vec<Observation> {
        let mut doc = testkit::plan();
        for (year, kind, text, parsed) in values {
            testkit::observe(&mut doc, key, testkit::fy(year), kind, text, parsed);
        }
        doc.observations
    }

    #[test]
    fn relative_targets_that_all_point_one_way_are_a_signal() {
        use crate::value::{Base, Change, Direction};
        let title = "Number of families on a parenting programme";
        let ind = indicator(None, title);
        let plus = testkit::relative(
            Base::Baseline,
            Direction::Increase,
            Change::Percent { amount: 5.0 },
        );
        let minus = testkit::relative(Base::PreviousPeriod, Direction::Reduce, Change::Unstated);
        let rising = observations(
            title,
            vec![(2011, Target, "Baseline plus 5%", plus.clone())],
        );
        let judged = decide(&ind, &rising);
        assert_eq!(judged.polarity, Some(Polarity::HigherIsBetter));
        assert_eq!(judged.source(), Some(PolaritySource::Inferred));
        assert_eq!(
            judged.reason(),
            "targets: the 2011/12 target \"Baseline plus 5%\" asks for an increase"
        );
        let mixed = observations(
            title,
            vec![
                (2011, Target, "Baseline plus 5%", plus),
                (2012, Target, "reduce", minus),
            ],
        );
        let judged = decide(&ind, &mixed);
        assert_eq!(
            judged.polarity, None,
            "targets pointing both ways are no signal"
        );
        assert!(
            judged.reason().contains("the targets point both ways"),
            "{}",
            judged.reason()
        );
        assert_eq!(decide(&ind, []).polarity, None);
    }

    #[test]
    fn targets_set_above_the_last_out_turn_say_higher_is_better() {
        use testkit::number;
        let title = "Number of leaflets";
        let values = observations(
            title,
            vec![
                (2009, Actual, "403", number(403.0)),
                (2010, Target, "416", number(416.0)),
                (2010, Actual, "471", number(471.0)),
                (2011, Target, "500", number(500.0)),
                (2012, Target, "500", number(500.0)),
            ],
        );
        let judged = decide(&indicator(None, title), &values);
        assert_eq!(judged.polarity, Some(Polarity::HigherIsBetter));
        assert_eq!(
            judged.reason(),
            "targets: 2010/11 target 416 above 2009/10 out-turn 403; every other step holds or rises"
        );
        let falling = observations(
            title,
            vec![
                (2009, Actual, "31%", testkit::pct(31.0)),
                (2010, Target, "18%", testkit::pct(18.0)),
                (2011, Target, "16%", testkit::pct(16.0)),
            ],
        );
        assert_eq!(
            decide(&indicator(None, title), &falling).polarity,
            Some(Polarity::LowerIsBetter)
        );
    }

    #[test]
    fn parts_pulling_apart_and_wording_against_targets_stay_unknown() {
        use testkit::{number, parts, pct};
        let title = "Ofsted judgements of settings";
        let graded = |s: f64, g: f64| parts(vec![("S", pct(s)), ("G", pct(g))]);
        let values = observations(
            title,
            vec![
                (2009, Actual, "S 24% G 64%", graded(24.0, 64.0)),
                (2010, Target, "S 18% G 67%", graded(18.0, 67.0)),
            ],
        );
        let judged = decide(&indicator(None, title), &values);
        assert_eq!(judged.polarity, None);
        assert!(
            judged.reason().contains("part G: 2010/11 target 67 above"),
            "{}",
            judged.reason()
        );
        let title = "Number of parents enrolled on a programme";
        let values = observations(
            title,
            vec![
                (2010, Actual, "68", number(68.0)),
                (2011, Target, "40", number(40.0)),
            ],
        );
        let judged = decide(&indicator(None, title), &values);
        assert_eq!(judged.polarity, None);
        assert_eq!(
            judged.reason(),
            "the signals disagree: wording: \"enrolled\" enrolments says higher is better, \
             but targets: 2011/12 target 40 below 2010/11 out-turn 68 says lower is better"
        );
    }

    #[test]
    fn conflicting_aims_stay_unknown_with_both_words_named() {
        let judged = decide(
            &indicator(None, "Increase attendance and reduce lateness"),
            [],
        );
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
        assert_eq!(decide(&stated, []).basis, PolarityBasis::Stated);
        // The catalogue overrides both an earlier inference and the wording.
        let mut catalogued = indicator(Some("NI 92"), "Increase something");
        catalogued.polarity = Some(Polarity::HigherIsBetter);
        catalogued.polarity_source = Some(PolaritySource::Inferred);
        let judged = decide(&catalogued, []);
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

//! The sample Kingston plan shipped with the command line, judged for 2010/11:
//! every indicator whose direction its wording, its own targets or the
//! national catalogue gives is judged by it.

use super::*;
use crate::model::PolaritySource;

fn sample() -> PlanDocument {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../cli/sample/kingston-cypp-2009-13.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn find<'a>(plan: &'a PlanJudgement, start: &str) -> &'a IndicatorJudgement {
    plan.indicators
        .iter()
        .find(|j| j.title.starts_with(start))
        .unwrap_or_else(|| panic!("no indicator titled {start}…"))
}

#[test]
fn the_sample_plans_polarities_are_read_from_every_signal() {
    let plan = judge_plan(&sample(), &options()).unwrap();
    for (title, reason) in [
        (
            "Number of ante natal sessions provided in Children's Centres per year",
            "wording: \"provided\" counts a service delivered; \
             targets: 2010/11 target 416 above 2009/10 out-turn 403; every other step holds or rises",
        ),
        (
            "Number of swims at Kingston Leisure Centres",
            "wording: \"swims\" counts use of a service; \
             targets: 2010/11 target 66000 above 2009/10 out-turn 59159",
        ),
        (
            "% of children scoring 6+ in CLL at end of EYFS",
            "wording: \"scoring\" attainment: a share reaching a score; \
             targets: 2010/11 target 59.1 above 2009/10 out-turn 54.3; every other step holds or rises",
        ),
        (
            "Number of specialist foster carers recruited",
            "wording: \"recruited\" recruitment; \
             targets: 2011/12 target 2 above 2010/11 target 0; every other step holds or rises",
        ),
    ] {
        let judged = find(&plan, title);
        assert_eq!(
            judged.polarity.polarity,
            Some(Polarity::HigherIsBetter),
            "{title}: {}",
            judged.polarity.describe()
        );
        assert_eq!(judged.polarity.source(), Some(PolaritySource::Inferred));
        assert_eq!(judged.polarity.reason(), reason, "{title}");
    }
    // What stays unknown, and why a person could not tell either.
    let undecidable = [
        // A share of referrals by source: neither more nor fewer is the aim,
        // and the targets go up (20%) and then down (15%).
        (
            "% of referrals made by LAC/Safeguarding Services",
            "the targets point both ways",
        ),
        // Grades inadequate/satisfactory/good/outstanding in one value: the
        // parts are meant to move in opposite directions.
        (
            "Ofsted judgement overall Private",
            "the targets point both ways",
        ),
        (
            "Ofsted Leadership Judgements in Private",
            "the targets point both ways",
        ),
        (
            "Ofsted FS leadership judgements",
            "the targets point both ways",
        ),
        // More places on the programme, yet the council plans 40 after 68.
        (
            "Number of parents/carers referred/enrolled",
            "the signals disagree",
        ),
        // Neutral wording and no figures at all.
        (
            "% LAC aged 4-16 will be subject to",
            "no target with a figure",
        ),
        (
            "High standard of care plans for LAC",
            "no target with a figure",
        ),
        (
            "Number of cases referred to triage service",
            "no target with a figure",
        ),
        (
            "Number of children subject to child protection plans",
            "no target with a figure",
        ),
    ];
    let unknown: Vec<&IndicatorJudgement> = plan
        .indicators
        .iter()
        .filter(|j| j.polarity.polarity.is_none())
        .collect();
    for j in &unknown {
        assert!(
            undecidable.iter().any(|(title, why)| j.title.starts_with(title)
                && j.polarity.reason().contains(why)),
            "{} should be decidable: {}",
            j.title,
            j.polarity.reason()
        );
    }
    assert_eq!(plan.indicators.len(), 209);
    assert_eq!(unknown.len(), undecidable.len());
    assert_eq!(unknown.len(), 9);
}

#[test]
fn the_inclusion_table_accounts_for_every_indicator_and_adds_up_to_the_headline() {
    use crate::judge::inclusion::{self, Headline, Inclusion, Outcome};
    let plan = judge_plan(&sample(), &options()).unwrap();
    let s = &plan.summary;
    let rows = inclusion::table(&plan.indicators);
    let outcomes = |headline: Headline, outcome: Outcome| {
        rows.iter()
            .filter(|r| r.headline == headline && r.inclusion == Inclusion::Counted { outcome })
            .count()
    };
    for headline in Headline::ALL {
        let mine: Vec<_> = rows.iter().filter(|r| r.headline == headline).collect();
        assert_eq!(mine.len(), 209, "{headline:?}: every indicator once");
        let keys: std::collections::BTreeSet<&str> =
            mine.iter().map(|r| r.indicator.as_str()).collect();
        assert_eq!(keys.len(), 209, "{headline:?}: no indicator twice");
        let reconciled = s
            .reconciliation
            .iter()
            .find(|r| r.headline == headline)
            .unwrap();
        let counted = mine
            .iter()
            .filter(|r| matches!(r.inclusion, Inclusion::Counted { .. }))
            .count();
        assert_eq!(counted, reconciled.counted);
        for (reason, n) in &reconciled.left_out {
            let listed = mine
                .iter()
                .filter(|r| r.inclusion == Inclusion::LeftOut { reason: *reason })
                .count();
            assert_eq!(listed, *n, "{headline:?} {reason:?}");
        }
    }
    let d = &s.direction;
    assert_eq!(
        (
            outcomes(Headline::Improved, Outcome::Improved),
            outcomes(Headline::Improved, Outcome::Declined),
            outcomes(Headline::Improved, Outcome::Unchanged),
            outcomes(Headline::Improved, Outcome::Mixed),
        ),
        (d.improved, d.declined, d.unchanged, d.mixed)
    );
    let comparable = d.improved + d.declined + d.unchanged + d.mixed;
    assert_eq!(
        s.improved_percent,
        Some(100.0 * outcomes(Headline::Improved, Outcome::Improved) as f64 / comparable as f64)
    );
    assert_eq!(
        (
            outcomes(Headline::TargetsMet, Outcome::Met),
            outcomes(Headline::TargetsMet, Outcome::Missed)
        ),
        (s.targets.met, s.targets.missed)
    );
    assert!(
        s.headline.contains(&format!(
            "{} of {comparable} comparable indicators improved",
            d.improved
        )),
        "{}",
        s.headline
    );
    for r in &s.reconciliation {
        eprintln!("{}", r.describe());
    }
}

/// A figure changed, added or taken away: judging again only the indicators
/// whose figures moved gives exactly what judging the whole plan gives.
#[test]
fn rejudging_the_changed_indicators_equals_judging_the_whole_plan() {
    let before = sample();
    let opts = options();
    let previous = judge_plan(&before, &opts).unwrap();
    let actual_of = |doc: &PlanDocument, key: &str| {
        doc.observations
            .iter()
            .position(|o| o.indicator == key && o.kind == Actual && o.period == opts.period)
    };
    let keys: Vec<String> = previous
        .indicators
        .iter()
        .filter(|j| actual_of(&before, &j.indicator).is_some())
        .map(|j| j.indicator.clone())
        .take(3)
        .collect();
    assert_eq!(
        keys.len(),
        3,
        "the sample has out-turns for {:?}",
        opts.period
    );
    let mut after = before.clone();
    // One out-turn changes, one is taken away, one indicator gains a figure it lacked.
    let changed = actual_of(&after, &keys[0]).unwrap();
    after.observations[changed].text = "1".into();
    after.observations[changed].parsed = crate::value::parse("1");
    let removed = actual_of(&after, &keys[1]).unwrap();
    after.observations.remove(removed);
    let lacking = previous
        .indicators
        .iter()
        .find(|j| actual_of(&before, &j.indicator).is_none())
        .map(|j| j.indicator.clone())
        .unwrap();
    let mut added = after.observations[actual_of(&after, &keys[2]).unwrap()].clone();
    added.indicator = lacking.clone();
    after.observations.push(added);

    let changed: BTreeSet<String> = [keys[0].clone(), keys[1].clone(), lacking].into();
    let rejudged = rejudge(&after, &previous, &changed);
    let whole = judge_plan(&after, &opts).unwrap();
    assert_ne!(whole, previous, "the changes move the judgement");
    assert_eq!(rejudged, whole);
    // Leaving a changed indicator out is not the same: the check can fail.
    let partial: BTreeSet<String> = [keys[0].clone()].into();
    assert_ne!(rejudge(&after, &previous, &partial), whole);
}

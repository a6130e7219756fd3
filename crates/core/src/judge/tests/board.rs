//! A board's view of a plan: summaries, exceptions, scopes, tolerances and explanations.

use super::*;

fn board_plan() -> PlanDocument {
    let mut doc = plan();
    doc.nodes.extend([
        node("6", None),
        node("6.4", Some("6")),
        node("11", None),
        node("11.1", Some("11")),
    ]);
    // One indicator serving two objectives.
    doc.indicators.push(indicator(
        "NI 111",
        Some("NI 111"),
        "First time entrants",
        &["11.1", "1.3"],
    ));
    doc.indicators.push(indicator(
        "NI 64",
        Some("NI 64"),
        "CP plans lasting 2 years or more",
        &["6.4"],
    ));
    doc.indicators.push(indicator(
        "referrals",
        None,
        "Referrals made by partner agencies",
        &["11.1"],
    ));
    observe(
        &mut doc,
        "NI 111",
        fy(2009),
        Actual,
        "1,100",
        number(1100.0),
    );
    observe(&mut doc, "NI 111", fy(2010), Actual, "900", number(900.0));
    observe(&mut doc, "NI 111", fy(2010), Target, "950", number(950.0));
    observe(&mut doc, "NI 64", fy(2009), Actual, "2.8%", pct(2.8));
    observe(&mut doc, "NI 64", fy(2010), Actual, "7.9%", pct(7.9));
    observe(&mut doc, "NI 64", fy(2010), Target, "5%", pct(5.0));
    observe(
        &mut doc,
        "NI 64",
        fy(2010),
        StatisticalNeighbours,
        "6.1%",
        pct(6.1),
    );
    observe(
        &mut doc,
        "referrals",
        fy(2010),
        Actual,
        "368,746",
        number(368746.0),
    );
    observe(
        &mut doc,
        "referrals",
        fy(2010),
        Target,
        "365,694",
        number(365694.0),
    );
    doc.milestones.push(milestone(
        "6.4",
        "Audit long CP plans",
        day(2011, 3, 31),
        &["NI 64"],
    ));
    doc.milestones.push(milestone(
        "6.4",
        "Review thresholds",
        day(2011, 12, 31),
        &["NI 64"],
    ));
    doc
}

#[test]
fn summary_counts_each_indicator_once_and_lists_what_was_not_judged() {
    let plan = judge_plan(&board_plan(), &options()).unwrap();
    let s = &plan.summary;
    assert_eq!(s.indicators, 3);
    assert_eq!(
        (
            s.direction.improved,
            s.direction.declined,
            s.direction.not_comparable
        ),
        (1, 1, 1)
    );
    assert_eq!(s.improved_percent, Some(50.0));
    assert_eq!((s.rag.green, s.rag.red, s.rag.grey), (1, 1, 1));
    assert_eq!(
        (s.targets.met, s.targets.missed, s.targets.not_assessed),
        (1, 1, 1)
    );
    assert!(
        s.headline
            .contains("1 of 2 comparable indicators improved (50%)"),
        "{}",
        s.headline
    );
    let referrals = s
        .not_judged
        .iter()
        .find(|n| n.indicator == "referrals")
        .unwrap();
    assert!(referrals
        .rag_reason
        .as_ref()
        .unwrap()
        .contains("polarity unknown"));
    assert!(referrals
        .direction_reason
        .as_ref()
        .unwrap()
        .contains("2009/10"));
}

#[test]
fn exceptions_combine_off_target_worse_neighbours_and_overdue_milestones() {
    let plan = judge_plan(&board_plan(), &options()).unwrap();
    assert_eq!(plan.exceptions.len(), 1, "{:?}", plan.exceptions);
    let e = &plan.exceptions[0];
    assert_eq!(e.indicator, "NI 64");
    assert!(matches!(e.reasons[0], ExceptionReason::OffTarget { .. }));
    assert!(matches!(e.reasons[1], ExceptionReason::GettingWorse { .. }));
    assert!(matches!(
        e.reasons[2],
        ExceptionReason::WorseThanNeighbours { .. }
    ));
    let ExceptionReason::MilestonesOverdue { milestones } = &e.reasons[3] else {
        panic!("{:?}", e.reasons)
    };
    assert_eq!(milestones.len(), 1, "only the one due before today");
    assert_eq!(milestones[0].text, "Audit long CP plans");
}

#[test]
fn a_node_scope_takes_its_descendants_only() {
    let opts = JudgeOptions {
        node: Some("11".into()),
        ..options()
    };
    let plan = judge_plan(&board_plan(), &opts).unwrap();
    let keys: Vec<&str> = plan
        .indicators
        .iter()
        .map(|j| j.indicator.as_str())
        .collect();
    assert_eq!(keys, ["NI 111", "referrals"]);
    let unknown = judge_plan(
        &board_plan(),
        &JudgeOptions {
            node: Some("99".into()),
            ..options()
        },
    );
    assert_eq!(unknown.unwrap_err(), JudgeError::UnknownNode("99".into()));
}

#[test]
fn a_locality_without_its_own_target_uses_the_area_target_and_says_so() {
    let mut doc = board_plan();
    doc.observations.push(crate::model::Observation {
        indicator: "NI 111".into(),
        period: fy(2010),
        kind: Actual,
        locality: Some("North Kingston".into()),
        group: None,
        text: "1,000".into(),
        parsed: number(1000.0),
        set_by: None,
        agreed_on: None,
        source: crate::model::ValueSource::Written,
    });
    let opts = JudgeOptions {
        locality: Some("North Kingston".into()),
        ..options()
    };
    let plan = judge_plan(&doc, &opts).unwrap();
    let j = judged(&plan, "NI 111");
    assert_eq!(j.actual.as_ref().unwrap().text, "1,000");
    assert!(j.target.as_ref().unwrap().area_wide);
    assert_eq!(j.rag.rag, Rag::Red, "1,000 against 950 is over 5% worse");
}

#[test]
fn a_per_indicator_tolerance_overrides_the_default() {
    let mut opts = options();
    opts.tolerances.per_indicator.insert(
        "NI 64".into(),
        Tolerance {
            relative_percent: None,
            points: Some(3.0),
        },
    );
    let plan = judge_plan(&board_plan(), &opts).unwrap();
    let j = judged(&plan, "NI 64");
    assert!(j.tolerance.set_for_indicator);
    assert_eq!(j.rag.rag, Rag::Amber, "7.9% is 2.9 points over 5%");
}

#[test]
fn a_target_keeps_who_set_it_and_shows_the_targets_across_years() {
    let mut doc = board_plan();
    observe(&mut doc, "NI 111", fy(2011), Target, "850", number(850.0));
    observe(
        &mut doc,
        "NI 111",
        fy(2009),
        Target,
        "1,000",
        number(1000.0),
    );
    // Another locality's target is not part of the whole area's trajectory.
    observe(&mut doc, "NI 111", fy(2012), Target, "300", number(300.0));
    doc.observations.last_mut().unwrap().locality = Some("North Kingston".into());
    let target_2010 = doc
        .observations
        .iter_mut()
        .find(|o| o.indicator == "NI 111" && o.kind == Target && o.period == fy(2010))
        .unwrap();
    target_2010.set_by = Some("Trust Board".into());
    target_2010.agreed_on = Some(day(2010, 3, 24));

    let explanation = explain(&doc, "NI 111", &options()).unwrap();
    let target = explanation.judgement.target.as_ref().unwrap();
    assert_eq!(target.set_by.as_deref(), Some("Trust Board"));
    assert_eq!(target.agreed_on, Some(day(2010, 3, 24)));
    let years: Vec<(Period, &str, Option<f64>)> = target
        .trajectory
        .iter()
        .map(|p| (p.period, p.text.as_str(), p.figure))
        .collect();
    assert_eq!(
        years,
        [
            (fy(2009), "1,000", Some(1000.0)),
            (fy(2010), "950", Some(950.0)),
            (fy(2011), "850", Some(850.0)),
        ]
    );
    let steps = explanation.steps.join("\n");
    assert!(
        steps.contains("Set by Trust Board, agreed on 2010-03-24"),
        "{steps}"
    );
    assert!(steps.contains("2011/12 \"850\""), "{steps}");

    // Unknown context is simply not mentioned.
    let plain = explain(&board_plan(), "NI 111", &options()).unwrap();
    assert!(!plain.steps.join("\n").contains("Set by"));
    assert_eq!(plain.judgement.target.unwrap().trajectory.len(), 1);
}

#[test]
fn explanation_names_values_target_tolerance_polarity_and_rule() {
    let explanation = explain(&early_years_plan(), "NI 72", &options()).unwrap();
    let text = explanation.steps.join("\n");
    for needed in [
        "2010 result 66%",
        "2010 target 60%",
        "2 points",
        "national catalogue: NI 72",
        "Green: ",
        "AY 2008/09",
    ] {
        assert!(text.contains(needed), "missing {needed} in\n{text}");
    }
    assert!(
        explanation
            .sentence
            .starts_with("% achieving at least 78 points … (NI 72) is green for 2010/11"),
        "{}",
        explanation.sentence
    );
    assert!(
        explanation.sentence.contains("2010 results"),
        "{}",
        explanation.sentence
    );
    assert_eq!(
        explain(&early_years_plan(), "nope", &options()).unwrap_err(),
        JudgeError::UnknownIndicator("nope".into())
    );
}

#[test]
fn judgements_round_trip_through_json() {
    let plan = judge_plan(&board_plan(), &options()).unwrap();
    let json = serde_json::to_string(&plan).unwrap();
    let back: PlanJudgement = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn an_indicator_repeated_under_another_objective_is_counted_once() {
    let mut doc = board_plan();
    let before = judge_plan(&doc, &options()).unwrap().summary.indicators;
    let first = doc.indicators[0].clone();
    let mut repeat = first.clone();
    repeat.key = format!("{} (repeat)", first.key);
    repeat.title = format!("  {}", first.title.to_uppercase());
    doc.indicators.push(repeat);
    assert_eq!(
        judge_plan(&doc, &options()).unwrap().summary.indicators,
        before
    );

    let mut different = first.clone();
    different.key = "other".into();
    different.title = format!("{} at Key Stage 4", first.title);
    doc.indicators.push(different);
    assert_eq!(
        judge_plan(&doc, &options()).unwrap().summary.indicators,
        before + 1
    );
}

#[test]
fn milestones_recorded_complete_are_not_exceptions() {
    let mut doc = board_plan();
    for milestone in &mut doc.milestones {
        if milestone.text == "Audit long CP plans" {
            milestone.status = Some(crate::model::MilestoneStatus::Complete);
        }
    }
    let plan = judge_plan(&doc, &options()).unwrap();
    let e = &plan.exceptions[0];
    assert!(
        !e.reasons
            .iter()
            .any(|r| matches!(r, ExceptionReason::MilestonesOverdue { .. })),
        "{:?}",
        e.reasons
    );
    assert_eq!(
        e.reasons.len(),
        3,
        "still off target, worse, and worse than neighbours"
    );
}

#[test]
fn explanation_steps_use_the_words_a_board_member_reads() {
    for (plan, key) in [(board_plan(), "NI 111"), (early_years_plan(), "NI 72")] {
        let explanation = explain(&plan, key, &options()).unwrap();
        let text = explanation.steps.join("\n");
        let judgement = &explanation.judgement;
        for wanted in [
            format!("{}: {}.", judgement.rag.rag.label(), judgement.rag.rule),
            format!(
                "{}: {}.",
                judgement.direction.arrow.label(),
                judgement.direction.reason
            ),
        ] {
            assert!(text.contains(&wanted), "{key}: no {wanted} in\n{text}");
        }
        for internal in ["Grey", "NotComparable", "RAG ", "Direction "] {
            assert!(!text.contains(internal), "{key}: {internal} in\n{text}");
        }
    }
}

#[test]
fn a_council_rating_that_differs_from_ours_is_an_exception() {
    let mut doc = plan();
    let mut seen = indicator("seen", None, "Children seen within 7 days", &[]);
    seen.polarity = Some(Polarity::HigherIsBetter);
    doc.indicators.push(seen);
    observe(&mut doc, "seen", fy(2010), Actual, "60%", pct(60.0));
    observe(&mut doc, "seen", fy(2010), Target, "80%", pct(80.0));
    let with_rating = |text: &str| {
        let mut doc = doc.clone();
        doc.statements.push(crate::model::Statement {
            indicator: "seen".into(),
            period: fy(2010),
            kind: crate::model::StatementKind::Rag,
            text: text.into(),
        });
        judge_plan(&doc, &options()).unwrap()
    };
    let stated_reasons = |judged: &PlanJudgement| -> Vec<String> {
        judged
            .exceptions
            .iter()
            .flat_map(|e| &e.reasons)
            .filter_map(|r| match r {
                ExceptionReason::StatedDisagrees { detail } => Some(detail.clone()),
                _ => None,
            })
            .collect()
    };
    let differing = with_rating("On target");
    assert_eq!(judged(&differing, "seen").rag.rag, Rag::Red);
    let reasons = stated_reasons(&differing);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].starts_with(
            "the council said On target (read as Green); trustboard judges Red because"
        ),
        "{reasons:?}"
    );
    for agreeing_or_unread in ["Red", "Not met", "Amber/Green", "TBC"] {
        let judged_plan = with_rating(agreeing_or_unread);
        assert!(
            stated_reasons(&judged_plan).is_empty(),
            "{agreeing_or_unread}"
        );
        let stated = judged(&judged_plan, "seen").stated.as_ref().unwrap();
        assert_eq!(stated.text, agreeing_or_unread);
    }
    // No word from the council, nothing to compare.
    assert_eq!(
        judged(&judge_plan(&doc, &options()).unwrap(), "seen").stated,
        None
    );
}

//! Whole-plan judging on hand-made plans modelled on seed 000 (Kingston).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use chrono::NaiveDate;

use super::testkit::*;
use super::*;
use crate::model::ObservationKind::{Actual, StatisticalNeighbours, Target};
use crate::value::{Base, Change, Direction, Status, YearRole};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn options() -> JudgeOptions {
    JudgeOptions::new(fy(2010), day(2011, 6, 30))
}

fn judged<'a>(plan: &'a PlanJudgement, key: &str) -> &'a IndicatorJudgement {
    plan.indicators.iter().find(|j| j.indicator == key).unwrap()
}

/// NI 72 as Kingston wrote it: academic results in financial-year columns.
fn early_years_plan() -> PlanDocument {
    let mut doc = plan();
    doc.nodes.push(node("2.1 a)", None));
    doc.indicators.push(indicator(
        "NI 72",
        None,
        "% achieving at least 78 points … (NI 72)",
        &["2.1 a)"],
    ));
    observe(
        &mut doc,
        "NI 72",
        fy(2009),
        Actual,
        "2009 result 57%",
        result(2009, 57.0, YearRole::Result),
    );
    observe(
        &mut doc,
        "NI 72",
        fy(2010),
        Target,
        "2010 target 60%",
        result(2010, 60.0, YearRole::Target),
    );
    observe(
        &mut doc,
        "NI 72",
        fy(2010),
        Actual,
        "2010 result 66%",
        result(2010, 66.0, YearRole::Result),
    );
    observe(
        &mut doc,
        "NI 72",
        fy(2011),
        Target,
        "2011 target 62%",
        result(2011, 62.0, YearRole::Target),
    );
    doc
}

#[test]
fn a_financial_year_board_takes_the_results_published_in_it_and_says_which() {
    let plan = judge_plan(&early_years_plan(), &options()).unwrap();
    let ni72 = judged(&plan, "NI 72");
    let data = ni72.data_period.as_ref().unwrap();
    assert_eq!(data.period, Period::academic(2009));
    assert!(
        data.note.contains("2010 results") && data.note.contains("2010/11"),
        "{}",
        data.note
    );
    assert_eq!(ni72.actual.as_ref().unwrap().text, "2010 result 66%");
    assert_eq!(ni72.target.as_ref().unwrap().value.text, "2010 target 60%");
    assert_eq!(ni72.rag.rag, Rag::Green);
    assert_eq!(
        ni72.polarity.basis,
        PolarityBasis::Catalogue {
            code: "NI 72".into()
        }
    );
    // 2009 result (AY 2008/09) is the previous comparable period, though it sits in the 2009/10 column.
    assert_eq!(ni72.direction.arrow, Arrow::Better);
    assert_eq!(ni72.direction.previous_period, Some(Period::academic(2008)));
    assert_eq!(ni72.previous.as_ref().unwrap().column, fy(2009));
}

#[test]
fn academic_and_financial_figures_are_never_compared() {
    let mut doc = plan();
    doc.indicators
        .push(indicator("gap", None, "Attainment gap for FSM pupils", &[]));
    observe(&mut doc, "gap", fy(2009), Actual, "25%", pct(25.0));
    observe(
        &mut doc,
        "gap",
        fy(2010),
        Actual,
        "2010 result 23%",
        result(2010, 23.0, YearRole::Result),
    );
    let ind = judged(&judge_plan(&doc, &options()).unwrap(), "gap").clone();
    assert_eq!(ind.direction.arrow, Arrow::NotComparable);
    assert!(
        ind.direction.reason.contains("different kind of period"),
        "{}",
        ind.direction.reason
    );
}

#[test]
fn one_child_fewer_placed_on_time_is_worse_but_may_be_one_child() {
    let mut doc = plan();
    doc.indicators.push(indicator(
        "NI 61",
        Some("NI 61"),
        "Timeliness of adoption placements",
        &[],
    ));
    observe(
        &mut doc,
        "NI 61",
        fy(2009),
        Actual,
        "100% (6/6)",
        ratio(6.0, 6.0),
    );
    observe(
        &mut doc,
        "NI 61",
        fy(2010),
        Actual,
        "83.3% (5/6)",
        ratio(5.0, 6.0),
    );
    observe(&mut doc, "NI 61", fy(2010), Target, "90%", pct(90.0));
    let plan = judge_plan(&doc, &options()).unwrap();
    let ni61 = judged(&plan, "NI 61");
    assert_eq!(ni61.direction.arrow, Arrow::Worse);
    assert!(
        ni61.direction.reason.contains("may be one child"),
        "{}",
        ni61.direction.reason
    );
    assert_eq!(ni61.rag.rag, Rag::Red);
    let interval = ni61.actual.as_ref().unwrap().interval.unwrap();
    assert!(interval.low < 50.0 && interval.high > 95.0, "{interval:?}");
}

fn parenting_plan(outturn_2011: Option<f64>) -> PlanDocument {
    let mut doc = plan();
    doc.indicators.push(indicator(
        "families",
        None,
        "Number of families supported to complete an accredited parenting programme",
        &[],
    ));
    observe(
        &mut doc,
        "families",
        fy(2010),
        Actual,
        "Baseline to be established",
        status(Status::BaselineToBeEstablished),
    );
    let plus_five = |base| relative(base, Direction::Increase, Change::Percent { amount: 5.0 });
    observe(
        &mut doc,
        "families",
        fy(2011),
        Target,
        "Baseline plus 5%",
        plus_five(Base::Baseline),
    );
    observe(
        &mut doc,
        "families",
        fy(2012),
        Target,
        "Outcome from 2011/12 plus 5%",
        plus_five(Base::OutcomeOf { period: fy(2011) }),
    );
    if let Some(figure) = outturn_2011 {
        observe(
            &mut doc,
            "families",
            fy(2011),
            Actual,
            &figure.to_string(),
            number(figure),
        );
    }
    doc
}

#[test]
fn relative_targets_resolve_against_the_plans_own_outturns() {
    let mut doc = parenting_plan(Some(40.0));
    observe(&mut doc, "families", fy(2012), Actual, "41", number(41.0));
    let opts = JudgeOptions {
        period: fy(2012),
        ..options()
    };
    let plan = judge_plan(&doc, &opts).unwrap();
    let families = judged(&plan, "families");
    let Some(TargetUsed {
        resolution:
            TargetResolution::Figure {
                amount,
                derivation: Some(d),
                ..
            },
        ..
    }) = &families.target
    else {
        panic!("{:?}", families.target)
    };
    assert!((amount - 42.0).abs() < 1e-9);
    assert_eq!(d.base_period, fy(2011));
    // The wording names no direction, but "plus 5%" targets do. 41 is 1 short of 42;
    // 5% of 42 is 2.1, so amber.
    assert_eq!(families.polarity.polarity, Some(Polarity::HigherIsBetter));
    assert!(
        matches!(&families.polarity.basis, PolarityBasis::Inferred { words, .. } if words.contains("plus 5%"))
    );
    assert_eq!(families.rag.rag, Rag::Amber, "{}", families.rag.rule);
    doc.indicators[0].polarity = Some(Polarity::LowerIsBetter);
    let stated = judge_plan(&doc, &opts).unwrap();
    assert_eq!(
        judged(&stated, "families").rag.rag,
        Rag::Green,
        "a stated polarity wins"
    );
}

#[test]
fn relative_targets_without_their_base_are_unresolved_with_the_reason() {
    let doc = parenting_plan(None);
    let opts = JudgeOptions {
        period: fy(2011),
        ..options()
    };
    let plan = judge_plan(&doc, &opts).unwrap();
    let families = judged(&plan, "families");
    let Some(TargetUsed {
        resolution: TargetResolution::Unresolved { reason },
        ..
    }) = &families.target
    else {
        panic!("{:?}", families.target)
    };
    assert!(reason.contains("baseline"), "{reason}");
    let later = judge_plan(
        &doc,
        &JudgeOptions {
            period: fy(2012),
            ..options()
        },
    )
    .unwrap();
    let Some(TargetUsed {
        resolution: TargetResolution::Unresolved { reason },
        ..
    }) = &judged(&later, "families").target
    else {
        panic!()
    };
    assert!(reason.contains("2011/12 out-turn"), "{reason}");
}

#[test]
fn band_targets_judge_inside_the_band_as_green() {
    let mut doc = plan();
    let mut ind = indicator("turnover", None, "Social worker turnover", &[]);
    ind.polarity = Some(Polarity::Band);
    doc.indicators.push(ind);
    observe(
        &mut doc,
        "turnover",
        fy(2010),
        Target,
        "between 5% and 8%",
        band(5.0, 8.0),
    );
    observe(&mut doc, "turnover", fy(2010), Actual, "7%", pct(7.0));
    observe(&mut doc, "turnover", fy(2009), Actual, "10%", pct(10.0));
    let plan = judge_plan(&doc, &options()).unwrap();
    let j = judged(&plan, "turnover");
    assert_eq!(j.rag.rag, Rag::Green);
    assert_eq!(j.direction.arrow, Arrow::Better, "moved into the band");
}

#[test]
fn multi_part_schools_measure_is_judged_per_part() {
    let mut doc = plan();
    doc.indicators.push(indicator(
        "leadership",
        None,
        "Number of schools judged good or better for leadership",
        &[],
    ));
    let three = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        parts(vec![
            ("a", ratio(a.0, a.1)),
            ("b", ratio(b.0, b.1)),
            ("c", ratio(c.0, c.1)),
        ])
    };
    observe(
        &mut doc,
        "leadership",
        fy(2009),
        Actual,
        "a) 31/35 b) 9/10 c) 2/3",
        three((31.0, 35.0), (9.0, 10.0), (2.0, 3.0)),
    );
    observe(
        &mut doc,
        "leadership",
        fy(2010),
        Target,
        "a) 32/35 b) 9/10 c) 3/3",
        three((32.0, 35.0), (9.0, 10.0), (3.0, 3.0)),
    );
    observe(
        &mut doc,
        "leadership",
        fy(2010),
        Actual,
        "a) 31/35 b) 10/10 c) 3/3",
        three((31.0, 35.0), (10.0, 10.0), (3.0, 3.0)),
    );
    let plan = judge_plan(&doc, &options()).unwrap();
    let j = judged(&plan, "leadership");
    // a) 88.6% against 91.4%: 2.86 points short, more than 2: red; b) and c) green.
    assert_eq!(
        j.rag.parts.iter().map(|p| p.rag).collect::<Vec<_>>(),
        [Rag::Red, Rag::Green, Rag::Green]
    );
    assert_eq!(j.rag.rag, Rag::Red);
    assert_eq!(
        j.direction.arrow,
        Arrow::Better,
        "a) same, b) and c) better"
    );
}

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
        "books",
        None,
        "Issues of books to children",
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
        "books",
        fy(2010),
        Actual,
        "368,746",
        number(368746.0),
    );
    observe(
        &mut doc,
        "books",
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
    let books = s
        .not_judged
        .iter()
        .find(|n| n.indicator == "books")
        .unwrap();
    assert!(books
        .rag_reason
        .as_ref()
        .unwrap()
        .contains("polarity unknown"));
    assert!(books.direction_reason.as_ref().unwrap().contains("2009/10"));
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
    assert_eq!(keys, ["NI 111", "books"]);
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
        "national catalogue, NI 72",
        "RAG Green",
        "AY 2008/09",
    ] {
        assert!(text.contains(needed), "missing {needed} in\n{text}");
    }
    assert!(
        explanation
            .sentence
            .starts_with("% achieving at least 78 points … (NI 72) is GREEN for 2010/11"),
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

/// Rows of Kingston's "Summary of Performance Indicators" (seed 000), read from
/// the seed itself and parsed as written.
mod kingston_table {
    use super::*;
    use crate::model::ObservationKind;

    const COLUMNS: [(i32, ObservationKind); 6] = [
        (2009, Actual),
        (2010, Target),
        (2010, Actual),
        (2011, Target),
        (2012, Target),
        (2013, Target),
    ];

    fn seed() -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/seeds/000_4bd5c192ce32ff51.txt");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("seed 000 missing at {}: {e}", path.display()))
    }

    /// Adds the first table row whose indicator title contains `title`; returns its key.
    fn add_row(doc: &mut PlanDocument, seed: &str, title: &str) -> String {
        let cells: Vec<&str> = seed
            .lines()
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|cells| cells.len() == 8 && cells[1].contains(title))
            .unwrap_or_else(|| panic!("no row for {title}"));
        let key = title.to_string();
        doc.indicators
            .push(indicator(&key, None, cells[1], &[cells[0]]));
        for ((year, kind), text) in COLUMNS.iter().zip(&cells[2..]) {
            observe(doc, &key, fy(*year), *kind, text, crate::value::parse(text));
        }
        key
    }

    #[test]
    fn the_2010_11_table_is_judged_as_the_self_assessment_reads_it() {
        let seed = seed();
        let mut doc = plan();
        let expected = [
            // (row, RAG, arrow): why
            (
                "CAF completed by a multi-agency professional",
                Rag::Red,
                Arrow::Worse,
            ), // 59% → 50.53% against 85%
            ("(NI 72)", Rag::Green, Arrow::Better), // 2010 result 66% against 60%, up from 57%
            ("(NI 92)", Rag::Amber, Arrow::Better), // gap 28.5% against 27.8%: "slightly below target"
            ("(NI 73)", Rag::Red, Arrow::Same),     // "maintained at 79%", target 85% not met
            ("(NI 75)", Rag::Green, Arrow::Better), // 69% against 69%: "the target was met"
            ("(NI 104)", Rag::Amber, Arrow::Worse), // SEN gap 51% against 50%
            ("NI 118", Rag::Grey, Arrow::NotComparable), // out-turn not yet available
            (
                "% of childminders achieving a good or outstanding",
                Rag::Grey,
                Arrow::Better,
            ), // "New target"
            (
                "Rate of permanent exclusion from school",
                Rag::Green,
                Arrow::Same,
            ),
            ("judgements rated satisfactory", Rag::Red, Arrow::Same), // 3% against 0%
            (
                "Number of ante natal sessions",
                Rag::Grey,
                Arrow::NotComparable,
            ), // polarity unknown
            ("NI 64", Rag::Green, Arrow::Worse), // 2.8% → 7.9%, under the 10% target
            ("NI 111", Rag::Green, Arrow::Better), // 126 → 81 first-time entrants, target 87
            ("NI 61", Rag::Red, Arrow::Worse),   // 100% → 83.3% (5/6)
            ("NI 148", Rag::Red, Arrow::Worse),  // 77.8% (7/9) → 64.7% (11/17)
        ];
        let keys: Vec<String> = expected
            .iter()
            .map(|(title, ..)| add_row(&mut doc, &seed, title))
            .collect();
        let plan = judge_plan(&doc, &options()).unwrap();
        for (key, (title, rag, arrow)) in keys.iter().zip(expected) {
            let j = judged(&plan, key);
            assert_eq!(
                (j.rag.rag, j.direction.arrow),
                (rag, arrow),
                "{title}: {} / {}",
                j.rag.rule,
                j.direction.reason
            );
        }
        let ni72 = judged(&plan, "(NI 72)");
        assert_eq!(
            ni72.data_period.as_ref().map(|d| d.period),
            Some(Period::academic(2009))
        );
        let adoption = judged(&plan, "NI 61");
        assert!(
            adoption.direction.reason.contains("may be one child"),
            "{}",
            adoption.direction.reason
        );
        let care_leavers = judged(&plan, "NI 148");
        assert_eq!(
            care_leavers
                .direction
                .significance
                .as_ref()
                .map(|s| s.significant),
            Some(false)
        );
        let s = &plan.summary;
        assert_eq!(s.indicators, expected.len());
        assert_eq!(s.direction.improved, 5);
        assert_eq!(s.targets.met, 5);
    }
}

fn one_indicator(
    title: &str,
    rows: &[(Period, crate::model::ObservationKind, &str)],
) -> PlanDocument {
    let mut doc = plan();
    doc.indicators.push(indicator("x", None, title, &[]));
    for (period, kind, text) in rows {
        observe(
            &mut doc,
            "x",
            *period,
            *kind,
            text,
            crate::value::parse(text),
        );
    }
    doc
}

fn judge_x(doc: &PlanDocument) -> IndicatorJudgement {
    judged(&judge_plan(doc, &options()).unwrap(), "x").clone()
}

#[test]
fn year_on_year_reductions_resolve_from_the_previous_period() {
    let doc = one_indicator(
        "Number of first time entrants to the youth justice system",
        &[
            (fy(2009), Actual, "100"),
            (fy(2010), Target, "reduce by 5% year on year"),
            (fy(2010), Actual, "96"),
        ],
    );
    let j = judge_x(&doc);
    let Some(TargetUsed {
        resolution: TargetResolution::Figure { amount, .. },
        ..
    }) = &j.target
    else {
        panic!("{:?}", j.target)
    };
    assert!((amount - 95.0).abs() < 1e-9);
    assert_eq!(j.rag.rag, Rag::Amber, "{}", j.rag.rule);
}

#[test]
fn maintain_holds_the_previous_level() {
    let rows = |now: &'static str| {
        one_indicator(
            "Primary schools' overall attendance rate",
            &[
                (fy(2009), Actual, "95.4%"),
                (fy(2010), Target, "maintain"),
                (fy(2010), Actual, now),
            ],
        )
    };
    assert_eq!(judge_x(&rows("95.4%")).rag.rag, Rag::Green);
    assert_eq!(judge_x(&rows("95.3%")).rag.rag, Rag::Amber);
}

#[test]
fn an_increase_of_unstated_size_must_beat_the_base() {
    let rows = |now: f64| {
        let mut doc = plan();
        doc.indicators.push(indicator(
            "x",
            None,
            "Number of young people participating in positive activities",
            &[],
        ));
        observe(&mut doc, "x", fy(2009), Actual, "40", number(40.0));
        observe(
            &mut doc,
            "x",
            fy(2010),
            Target,
            "increase on baseline",
            relative(Base::Baseline, Direction::Increase, Change::Unstated),
        );
        observe(
            &mut doc,
            "x",
            fy(2010),
            Actual,
            &now.to_string(),
            number(now),
        );
        doc
    };
    assert_eq!(
        judge_x(&rows(40.0)).rag.rag,
        Rag::Amber,
        "equal to the base is not an increase"
    );
    assert_eq!(judge_x(&rows(41.0)).rag.rag, Rag::Green);
}

proptest::proptest! {
    /// An out-turn exactly at a resolved "Baseline plus x%" target meets it.
    #[test]
    fn baseline_plus_percent_resolves_exactly(base in 1u32..5000, percent in 1u32..50) {
        let base = f64::from(base);
        let target = base * (1.0 + f64::from(percent) / 100.0);
        let mut doc = plan();
        doc.indicators.push(indicator("x", None, "Increase the number of families supported", &[]));
        observe(&mut doc, "x", fy(2009), Actual, "base", number(base));
        observe(&mut doc, "x", fy(2010), Target, "Baseline plus x%",
            relative(Base::Baseline, Direction::Increase, Change::Percent { amount: f64::from(percent) }));
        observe(&mut doc, "x", fy(2010), Actual, "at target", number(target));
        let j = judge_x(&doc);
        proptest::prop_assert_eq!(j.rag.rag, Rag::Green, "{}", j.rag.rule);
    }

    /// Exactly at the amber edge is amber; a hair beyond is red.
    #[test]
    fn the_amber_edge_is_inclusive(goal in 10u32..1000, points in 1u32..50) {
        let (goal, points) = (f64::from(goal) / 10.0, f64::from(points) / 10.0);
        let mut opts = options();
        opts.tolerances.per_indicator.insert("x".into(), Tolerance { relative_percent: None, points: Some(points) });
        let rag_at = |actual: f64| {
            let mut doc = plan();
            doc.indicators.push(indicator("x", Some("NI 75"), "GCSE", &[]));
            observe(&mut doc, "x", fy(2010), Target, "goal", pct(goal));
            observe(&mut doc, "x", fy(2010), Actual, "actual", pct(actual));
            judged(&judge_plan(&doc, &opts).unwrap(), "x").rag.rag
        };
        proptest::prop_assert_eq!(rag_at(goal - points), Rag::Amber);
        proptest::prop_assert_eq!(rag_at(goal - points - 0.001), Rag::Red);
        proptest::prop_assert_eq!(rag_at(goal), Rag::Green);
    }
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

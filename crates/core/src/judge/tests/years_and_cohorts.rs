//! Academic results in financial-year columns, and small cohorts.

use super::*;

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

#[test]
fn a_two_yearly_survey_is_compared_with_the_latest_earlier_figure_and_says_which() {
    let mut doc = plan();
    let mut survey = indicator("survey", None, "Young people who feel safe", &[]);
    survey.polarity = Some(Polarity::HigherIsBetter);
    doc.indicators.push(survey);
    observe(&mut doc, "survey", fy(2006), Actual, "60%", pct(60.0));
    observe(&mut doc, "survey", fy(2008), Actual, "65%", pct(65.0));
    // An academic result of the year between is of another kind and is passed over.
    observe(
        &mut doc,
        "survey",
        fy(2008),
        Actual,
        "2008 result 10%",
        result(2008, 10.0, YearRole::Result),
    );
    let opts = JudgeOptions::new(fy(2008), day(2009, 6, 30));
    let ind = judged(&judge_plan(&doc, &opts).unwrap(), "survey").clone();
    assert_eq!(ind.direction.arrow, Arrow::Better);
    assert_eq!(ind.direction.previous_period, Some(fy(2006)));
    assert_eq!(ind.previous.as_ref().unwrap().text, "60%");
    assert!(
        ind.direction
            .reason
            .ends_with("compared with 2006/07, the latest earlier out-turn; none for 2007/08"),
        "{}",
        ind.direction.reason
    );
}

#[test]
fn the_year_just_before_is_compared_without_a_note_of_gaps() {
    let mut doc = plan();
    let mut visits = indicator("visits", None, "Visits by the team", &[]);
    visits.polarity = Some(Polarity::LowerIsBetter);
    doc.indicators.push(visits);
    for (year, text, figure) in [(2006, "70", 70.0), (2009, "90", 90.0), (2010, "80", 80.0)] {
        observe(&mut doc, "visits", fy(year), Actual, text, number(figure));
    }
    let ind = judged(&judge_plan(&doc, &options()).unwrap(), "visits").clone();
    assert_eq!(ind.direction.arrow, Arrow::Better);
    assert_eq!(ind.direction.previous_period, Some(fy(2009)));
    assert!(
        !ind.direction.reason.contains("none for"),
        "{}",
        ind.direction.reason
    );
    // The years missing between are named.
    let opts = JudgeOptions::new(fy(2009), day(2010, 6, 30));
    let ind = judged(&judge_plan(&doc, &opts).unwrap(), "visits").clone();
    assert_eq!(ind.direction.arrow, Arrow::Worse);
    assert!(
        ind.direction
            .reason
            .ends_with("none for 2007/08 and 2008/09"),
        "{}",
        ind.direction.reason
    );
}

//! Hand-built plan documents with the shapes councils' plans take.

use chrono::NaiveDate;
use trustboard_core::model::{
    Indicator, Locality, Milestone, Node, Observation, ObservationKind, PlanDocument, PlanHeader,
    Polarity, PolaritySource, Retirement, Statement, StatementKind,
};
use trustboard_core::period::Period;
use trustboard_core::value::{parse, ParsedValue, Part, Value};

pub const KINGSTON: &str = "Royal Borough of Kingston upon Thames";
pub const PLAN: &str = "CYPP 2009-13";

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn node(code: &str, parent: Option<&str>, kind: &str, title: &str) -> Node {
    Node {
        code: code.to_string(),
        parent: parent.map(str::to_string),
        kind: kind.to_string(),
        title: title.to_string(),
        retired: None,
    }
}

fn indicator(key: &str, title: &str, objectives: &[&str]) -> Indicator {
    Indicator {
        objectives: objectives.iter().map(|o| o.to_string()).collect(),
        ..Indicator::new(key, title)
    }
}

pub fn value(indicator: &str, period: &str, kind: ObservationKind, text: &str) -> Observation {
    Observation {
        indicator: indicator.to_string(),
        period: period.parse().expect("sample periods are valid"),
        kind,
        locality: None,
        group: None,
        text: text.to_string(),
        parsed: parse(text),
        set_by: None,
        agreed_on: None,
        source: trustboard_core::model::ValueSource::Written,
    }
}

fn ratio(numerator: f64, denominator: f64) -> ParsedValue {
    ParsedValue::new(Value::Ratio {
        numerator,
        denominator,
        stated: None,
    })
}

fn milestone(
    node: &str,
    text: &str,
    timescale: Option<&str>,
    due: Option<NaiveDate>,
    indicators: &[&str],
) -> Milestone {
    Milestone {
        node: node.to_string(),
        text: text.to_string(),
        timescale: timescale.map(str::to_string),
        due,
        indicators: indicators.iter().map(|i| i.to_string()).collect(),
        ..Milestone::default()
    }
}

/// A three-level tree, a retired outcome, an indicator shared by two
/// objectives, values of every period kind with localities and groups, a
/// multi-part value, and milestones with and without due dates.
pub fn kingston() -> PlanDocument {
    let mut merged = node("8", None, "outcome", "Achieve economic well-being");
    merged.retired = Some(Retirement {
        when: "2011 refresh".to_string(),
        merged_into: Some("2".to_string()),
    });

    let mut ni59 = indicator(
        "NI 59",
        "Initial assessments for children's social care carried out within 7 working days of referral",
        &["1.1", "2.1 b)"],
    );
    ni59.code = Some("NI 59".to_string());
    ni59.definition =
        Some("Percentage of initial assessments completed within 7 working days".to_string());
    ni59.unit = Some("%".to_string());
    ni59.polarity = Some(Polarity::HigherIsBetter);
    ni59.polarity_source = Some(PolaritySource::Stated);
    ni59.frequency = Some("monthly".to_string());
    ni59.lead_officer = Some("Head of Safeguarding".to_string());
    ni59.delivery_board = Some("Staying Safe Board".to_string());

    let mut ni111 = indicator(
        "NI 111",
        "First time entrants to the Youth Justice System aged 10-17",
        &["1.2"],
    );
    ni111.code = Some("NI 111 (LAA)".to_string());
    ni111.unit = Some("rate per 100,000".to_string());
    ni111.polarity = Some(Polarity::LowerIsBetter);
    ni111.polarity_source = Some(PolaritySource::Inferred);

    let mut parts = ParsedValue::new(Value::Parts {
        parts: vec![
            Part {
                label: "a".to_string(),
                value: ratio(31.0, 35.0),
            },
            Part {
                label: "b".to_string(),
                value: ratio(9.0, 10.0),
            },
        ],
    });
    parts.warnings.push("two measures in one cell".to_string());
    let mut multi_part = value(
        "NI 59",
        "2010/11",
        ObservationKind::Actual,
        "a) 31/35 b) 9/10",
    );
    multi_part.parsed = parts;

    let mut by_locality = value(
        "NI 59",
        "AY 2009/10",
        ObservationKind::Actual,
        "2009 result 57%",
    );
    by_locality.locality = Some("North Kingston".to_string());
    let mut by_group = value("NI 59", "2010/11 Q1", ObservationKind::Actual, "Est 95%");
    by_group.group = Some("FSM".to_string());
    let mut by_both = value("NI 59", "2010-04", ObservationKind::Actual, "1/3");
    by_both.parsed = ratio(1.0, 3.0);
    by_both.locality = Some("South".to_string());
    by_both.group = Some("LAC".to_string());

    PlanDocument {
        organisation: KINGSTON.to_string(),
        plan: PlanHeader {
            name: PLAN.to_string(),
            title: "Children and Young People's Plan 2009–2013".to_string(),
            period: "2009-13".to_string(),
        },
        nodes: vec![
            node("1", None, "outcome", "Be healthy"),
            node(
                "1.1",
                Some("1"),
                "objective",
                "Reduce the number of children with poor health",
            ),
            node("1.1.1", Some("1.1"), "benefit", "Fewer teenage conceptions"),
            node(
                "1.1.2",
                Some("1.1"),
                "benefit",
                "More breastfeeding at 6–8 weeks",
            ),
            node("1.2", Some("1"), "objective", "Reduce offending"),
            node("2", None, "outcome", "Stay safe"),
            node(
                "2.1 b)",
                Some("2"),
                "commitment",
                "Assess children in need promptly",
            ),
            merged,
        ],
        indicators: vec![
            ni59,
            ni111,
            indicator(
                "under-18 conception rate",
                "Under-18 conception rate",
                &["1.1.1", "1.1"],
            ),
        ],
        observations: vec![
            value("NI 59", "2009/10", ObservationKind::Actual, "83.3% (5/6)"),
            value(
                "NI 59",
                "2010/11",
                ObservationKind::Target,
                "Baseline plus 5%",
            ),
            multi_part,
            by_locality,
            by_group,
            by_both,
            value(
                "NI 59",
                "2010/11",
                ObservationKind::StatisticalNeighbours,
                "72.45%",
            ),
            value("NI 111", "2010", ObservationKind::England, "26.8 (2005)"),
            value(
                "NI 111",
                "2010/11",
                ObservationKind::Actual,
                "Not yet available",
            ),
            value(
                "under-18 conception rate",
                "2010/11",
                ObservationKind::Target,
                "",
            ),
        ],
        milestones: vec![
            milestone(
                "1.1",
                "Roll out CAF training to all clusters",
                Some("By March 2012"),
                date(2012, 3, 31),
                &["NI 59", "NI 111"],
            ),
            milestone(
                "1.1",
                "Review progress with the board",
                Some("termly"),
                None,
                &[],
            ),
            milestone(
                "2.1 b)",
                "Review progress with the board",
                Some("Summer 2011"),
                date(2011, 7, 31),
                &["NI 59"],
            ),
            milestone(
                "1.1",
                "Review progress with the board",
                None,
                None,
                &["under-18 conception rate"],
            ),
        ],
        localities: vec![
            Locality {
                name: "Kingston".to_string(),
                parent: None,
                kind: "trust".to_string(),
                valid_from: None,
                valid_to: None,
            },
            Locality {
                name: "North Kingston".to_string(),
                parent: Some("Kingston".to_string()),
                kind: "cluster".to_string(),
                valid_from: date(2009, 4, 1),
                valid_to: date(2011, 3, 31),
            },
            Locality {
                name: "South".to_string(),
                parent: Some("Kingston".to_string()),
                kind: "cluster".to_string(),
                valid_from: date(2011, 4, 1),
                valid_to: None,
            },
        ],
        statements: vec![
            said("NI 59", "2010/11", StatementKind::Rag, "On course"),
            said(
                "NI 59",
                "2010/11",
                StatementKind::Comment,
                "Better than\nlast year, “as hoped” – £0",
            ),
            said("NI 111", "AY 2009/10", StatementKind::Trend, "↑ Improving"),
        ],
    }
}

/// What the council wrote about `indicator` for `period`.
pub fn said(indicator: &str, period_text: &str, kind: StatementKind, text: &str) -> Statement {
    Statement {
        indicator: indicator.to_string(),
        period: period(period_text),
        kind,
        text: text.to_string(),
    }
}

/// A smaller plan of the same name from another council.
pub fn richmond() -> PlanDocument {
    PlanDocument {
        organisation: "London Borough of Richmond upon Thames".to_string(),
        plan: PlanHeader {
            name: PLAN.to_string(),
            title: "Richmond CYPP".to_string(),
            period: "2010-13".to_string(),
        },
        nodes: vec![node("1", None, "theme", "Early intervention")],
        indicators: vec![indicator(
            "NI 59",
            "Initial assessments within 7 days",
            &["1"],
        )],
        observations: vec![value("NI 59", "2010/11", ObservationKind::Actual, "59%")],
        milestones: Vec::new(),
        localities: vec![Locality {
            name: "Quindrat 1".to_string(),
            parent: None,
            kind: "quindrat".to_string(),
            valid_from: None,
            valid_to: None,
        }],
        statements: Vec::new(),
    }
}

pub fn period(text: &str) -> Period {
    text.parse().expect("sample periods are valid")
}

//! A hand-made plan with awkward text, and writing it out.

use std::path::PathBuf;

use chrono::NaiveDate;
use tempfile::TempDir;
use trustboard_core::model::{
    Indicator, Locality, Milestone, MilestoneStatus, Node, Observation, ObservationKind,
    PlanDocument, PlanHeader, Polarity, PolaritySource, Retirement, Statement, StatementKind,
};
use trustboard_core::period::Period;
use trustboard_core::value;
use trustboard_formats::{write, Format, Hints};

pub fn s(text: &str) -> String {
    text.to_string()
}

pub fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub fn node(code: &str, parent: Option<&str>, kind: &str, title: &str) -> Node {
    Node {
        code: s(code),
        parent: parent.map(s),
        kind: s(kind),
        title: s(title),
        retired: None,
    }
}

pub fn observation(
    indicator: &str,
    period: Period,
    kind: ObservationKind,
    text: &str,
) -> Observation {
    Observation {
        indicator: s(indicator),
        period,
        kind,
        locality: None,
        group: None,
        text: s(text),
        parsed: value::parse(text),
        set_by: None,
        agreed_on: None,
        source: trustboard_core::model::ValueSource::Written,
    }
}

/// A plan with the awkward text councils really write.
pub fn sample() -> PlanDocument {
    let mut retired = node("2.1 b)", Some("2"), "objective", "Reduce \"NEET\", by 2%");
    retired.retired = Some(Retirement {
        when: s("2011 refresh"),
        merged_into: Some(s("1.1")),
    });
    let mut deleted = node("007", Some("2"), "benefit", "=1+1");
    deleted.retired = Some(Retirement {
        when: String::new(),
        merged_into: None,
    });
    let mut by_locality = observation(
        "NI 59",
        Period::quarter(2010, 4),
        ObservationKind::Actual,
        "83.3% (5/6)",
    );
    by_locality.locality = Some(s("North – Quindrat 1"));
    by_locality.group = Some(s("FSM"));
    let mut agreed_target = observation(
        "NI 59",
        Period::financial(2010),
        ObservationKind::Target,
        "Baseline plus 5%",
    );
    agreed_target.set_by = Some(s("DCSF (LAA)"));
    agreed_target.agreed_on = date(2010, 3, 24);
    PlanDocument {
        organisation: s("Borough of Example £"),
        plan: PlanHeader {
            name: s("CYPP 2009-13"),
            title: s("  Children’s Plan,\n2009–2013\t"),
            period: s("2009-13"),
        },
        nodes: vec![
            node("1", None, "outcome", "Be healthy"),
            node(
                "1.1",
                Some("1"),
                "objective",
                "Line one\nline two; with \"quotes\", commas",
            ),
            node("2", None, "outcome", " leading and trailing spaces "),
            retired,
            deleted,
        ],
        indicators: vec![
            Indicator {
                key: s("NI 59"),
                code: Some(s("NI 59 (LAA)")),
                title: s("Initial assessments within 7 days"),
                definition: Some(s("Count ÷ referrals\r\nexcluding ‘no further action’")),
                unit: Some(s("%")),
                polarity: Some(Polarity::HigherIsBetter),
                polarity_source: Some(PolaritySource::Inferred),
                frequency: Some(s("quarterly")),
                lead_officer: Some(s("O’Brien, Jo")),
                delivery_board: Some(s("Safeguarding; Board")),
                objectives: vec![s("1.1"), s("2.1 b)")],
            },
            Indicator {
                polarity: Some(Polarity::Band),
                ..Indicator::new("key;with\\odd chars ", "1.1")
            },
        ],
        observations: vec![
            observation(
                "NI 59",
                Period::financial(2010),
                ObservationKind::Actual,
                "2010/11",
            ),
            agreed_target,
            observation(
                "NI 59",
                Period::academic(2009),
                ObservationKind::England,
                "  ",
            ),
            observation(
                "NI 59",
                Period::month(2011, 3),
                ObservationKind::StatisticalNeighbours,
                "007",
            ),
            observation(
                "key;with\\odd chars ",
                Period::calendar(2010),
                ObservationKind::Region,
                "=1+1",
            ),
            observation(
                "key;with\\odd chars ",
                Period::calendar(2011),
                ObservationKind::Target,
                "",
            ),
            by_locality,
        ],
        milestones: vec![
            Milestone {
                node: s("1.1"),
                text: s("• Launch the \"Think Family\" strategy,\n\tthen review"),
                timescale: Some(s("By March 2012")),
                due: date(2012, 3, 31),
                owner: Some(s("Head of Service – Early Help")),
                indicators: vec![s("NI 59"), s("key;with\\odd chars ")],
                status: Some(MilestoneStatus::AtRisk),
            },
            Milestone {
                node: s("007"),
                text: s("_x0041_ is not an escape \u{1}\r"),
                timescale: None,
                due: None,
                owner: None,
                indicators: vec![],
                status: None,
            },
        ],
        localities: vec![
            Locality {
                name: s("Whole area"),
                parent: None,
                kind: s("trust"),
                valid_from: None,
                valid_to: None,
            },
            Locality {
                name: s("North – Quindrat 1"),
                parent: Some(s("Whole area")),
                kind: s("quindrat"),
                valid_from: date(2009, 4, 1),
                valid_to: date(2012, 3, 31),
            },
        ],
        statements: vec![
            Statement {
                indicator: s("NI 59"),
                period: Period::financial(2010),
                kind: StatementKind::Rag,
                text: s(" On course "),
            },
            Statement {
                indicator: s("NI 59"),
                period: Period::financial(2010),
                kind: StatementKind::Comment,
                text: s("Better, \"as hoped\";\nsee p. 4 – £0"),
            },
            Statement {
                indicator: s("key;with\\odd chars "),
                period: Period::academic(2009),
                kind: StatementKind::Trend,
                text: s("↑"),
            },
        ],
    }
}

pub fn no_hints() -> Hints {
    Hints::default()
}

pub fn written(doc: &PlanDocument, format: Format, name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    write(doc, format, &path).expect("plan written");
    (dir, path)
}

//! Packs built from plans: the Kingston sample plan for the shape and the
//! figures, small hand-made plans for suppression and milestones.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use trustboard_core::judge::{judge_plan, JudgeOptions};
use trustboard_core::model::{
    Indicator, Milestone, MilestoneStatus as Recorded, Node, Observation, ObservationKind,
    PlanDocument, PlanHeader,
};
use trustboard_core::period::{Period, PeriodKind};
use trustboard_core::value;
use trustboard_report::build::{board_pack, BuildError, PackOptions};
use trustboard_report::*;

fn kingston() -> PlanDocument {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/sample/kingston-cypp-2009-13.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).expect("the sample plan is a plan document")
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

fn year_2010_11() -> PackOptions {
    PackOptions::new(Period::financial(2010), date("2011-06-01"))
}

fn name(indicator: &Indicator) -> String {
    match &indicator.code {
        Some(code) => format!("{code}: {}", indicator.title),
        None => indicator.title.clone(),
    }
}

/// The top-level node `code` sits under, by the plan's own parent links.
fn outcome_of<'a>(doc: &'a PlanDocument, code: &str) -> Option<&'a str> {
    let mut node = doc.nodes.iter().find(|n| n.code == code)?;
    while let Some(parent) = &node.parent {
        node = doc.nodes.iter().find(|n| &n.code == parent)?;
    }
    Some(&node.code)
}

#[test]
fn headline_counts_are_the_judging_engines_for_this_period_and_the_one_before() {
    let doc = kingston();
    let opts = year_2010_11();
    let pack = board_pack(&doc, &opts).expect("a pack");
    let previous = pack
        .headline
        .previous
        .as_ref()
        .expect("the previous report");
    for (counts, period) in [
        (&pack.headline.current, opts.period),
        (previous, opts.period.previous()),
    ] {
        let summary = judge_plan(&doc, &JudgeOptions::new(period, opts.today))
            .expect("the plan judges")
            .summary;
        let n = |n: usize| u32::try_from(n).expect("a small count");
        assert_eq!(counts.period_label, period.to_string());
        assert_eq!(counts.direction.improved, n(summary.direction.improved));
        assert_eq!(counts.direction.declined, n(summary.direction.declined));
        assert_eq!(counts.direction.unchanged, n(summary.direction.unchanged));
        assert_eq!(counts.direction.mixed, n(summary.direction.mixed));
        assert_eq!(
            counts.direction.not_comparable,
            n(summary.direction.not_comparable)
        );
        assert_eq!(counts.targets.met, n(summary.targets.met));
        assert_eq!(counts.targets.missed, n(summary.targets.missed));
        assert_eq!(counts.targets.not_assessed, n(summary.targets.not_assessed));
        assert_eq!(counts.rag.green, n(summary.rag.green));
        assert_eq!(counts.rag.amber, n(summary.rag.amber));
        assert_eq!(counts.rag.red, n(summary.rag.red));
        assert_eq!(counts.rag.grey, n(summary.rag.grey));
        assert_eq!(counts.rag.total(), n(summary.indicators));
    }
    assert_eq!(
        previous.period_label, "2009/10",
        "compared with the report before"
    );
}

#[test]
fn each_outcome_lists_exactly_its_own_indicators_once() {
    let doc = kingston();
    let pack = board_pack(&doc, &year_2010_11()).expect("a pack");
    let live_outcomes: Vec<&Node> = doc
        .nodes
        .iter()
        .filter(|n| n.parent.is_none() && n.retired.is_none())
        .collect();
    assert!(live_outcomes.len() >= 11);
    for outcome in &live_outcomes {
        let scorecard = pack
            .outcomes
            .iter()
            .find(|s| s.code == outcome.code)
            .unwrap_or_else(|| panic!("no scorecard for outcome {}", outcome.code));
        let expected: BTreeSet<String> = doc
            .indicators
            .iter()
            .filter(|i| {
                i.objectives
                    .iter()
                    .any(|o| outcome_of(&doc, o) == Some(outcome.code.as_str()))
            })
            .map(name)
            .collect();
        let shown: Vec<String> = scorecard
            .rows
            .iter()
            .map(ScorecardRow::display_name)
            .collect();
        let distinct: BTreeSet<String> = shown.iter().cloned().collect();
        assert_eq!(distinct, expected, "outcome {}", outcome.code);
        assert_eq!(
            shown.len(),
            distinct.len(),
            "outcome {} repeats a row",
            outcome.code
        );
        for row in &scorecard.rows {
            let objectives = row.objective.as_deref().unwrap_or_default();
            assert!(
                objectives
                    .split(", ")
                    .all(|o| outcome_of(&doc, o) == Some(outcome.code.as_str())),
                "row {} of outcome {} names objectives {objectives}",
                row.display_name(),
                outcome.code
            );
        }
    }
}

#[test]
fn rows_show_the_latest_outturns_up_to_the_period_and_the_judgement() {
    let doc = kingston();
    let opts = year_2010_11();
    let pack = board_pack(&doc, &opts).expect("a pack");
    let judged = judge_plan(&doc, &JudgeOptions::new(opts.period, opts.today)).expect("judged");
    let ni72 = doc
        .indicators
        .iter()
        .find(|i| i.code.as_deref() == Some("NI 72"))
        .expect("NI 72 in the sample");
    let row = pack
        .outcomes
        .iter()
        .flat_map(|o| &o.rows)
        .find(|r| r.indicator_code.as_deref() == Some("NI 72"))
        .expect("a row for NI 72");
    let written: Vec<(String, String)> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == ni72.key && o.kind == ObservationKind::Actual)
        .filter(|o| o.period.start() <= opts.period.end())
        .map(|o| (o.period.to_string(), o.text.clone()))
        .collect();
    let shown: Vec<(String, String)> = row
        .outturns
        .iter()
        .map(|o| match &o.cell {
            Cell::Value(value) => (o.period_label.clone(), value.text.clone()),
            other => panic!("NI 72's out-turns are shown: {other:?}"),
        })
        .collect();
    assert_eq!(shown, written[written.len().saturating_sub(2)..]);
    let judgement = judged
        .indicators
        .iter()
        .find(|j| j.indicator == ni72.key)
        .expect("NI 72 judged");
    assert_eq!(row.rag.reason, judgement.rag.rule);
    assert_eq!(
        row.target.as_ref().map(|t| t.text.as_str()),
        judgement.target.as_ref().map(|t| t.value.text.as_str())
    );
    let chart_periods: BTreeSet<Period> = doc
        .observations
        .iter()
        .filter(|o| o.indicator == ni72.key)
        .map(|o| o.period)
        .collect();
    assert_eq!(
        row.series
            .iter()
            .map(|p| p.period_label.clone())
            .collect::<Vec<_>>(),
        chart_periods
            .iter()
            .map(Period::to_string)
            .collect::<Vec<_>>(),
        "the chart runs across every year the plan covers"
    );
}

#[test]
fn an_outturn_computed_from_the_register_says_so() {
    let mut doc = kingston();
    let opts = year_2010_11();
    let ni72 = doc
        .indicators
        .iter()
        .find(|i| i.code.as_deref() == Some("NI 72"))
        .expect("NI 72 in the sample")
        .key
        .clone();
    let note_of = |doc: &PlanDocument| {
        board_pack(doc, &opts)
            .expect("a pack")
            .outcomes
            .iter()
            .flat_map(|o| &o.rows)
            .find(|r| r.indicator_code.as_deref() == Some("NI 72"))
            .expect("a row for NI 72")
            .notes
            .clone()
    };
    let note = "Computed from the early-help register".to_string();
    assert!(!note_of(&doc).contains(&note), "a written out-turn");
    let actual = doc
        .observations
        .iter_mut()
        .find(|o| {
            o.indicator == ni72
                && o.kind == ObservationKind::Actual
                && o.period == opts.period
                && o.locality.is_none()
        })
        .expect("NI 72's 2010/11 out-turn");
    actual.source = trustboard_core::model::ValueSource::Register;
    assert!(note_of(&doc).contains(&note), "{:?}", note_of(&doc));
}

/// The value columns of the plan document's own summary table, from the seed document.
fn seed_summary_columns() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let seed = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("the seeds are needed at {}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000_"))
        })
        .expect("seed 000");
    let text = std::fs::read_to_string(&seed).expect("seed 000 reads");
    let after = text
        .split("Summary of Performance Indicators")
        .nth(1)
        .expect("the seed has the summary section");
    let header = after
        .lines()
        .find(|l| l.starts_with("Objectives\tPerformance Indicator\t"))
        .expect("a header row");
    header
        .split('\t')
        .skip(2)
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn appendix_has_the_plans_columns_and_the_texts_the_council_wrote() {
    let doc = kingston();
    let pack = board_pack(&doc, &year_2010_11()).expect("a pack");
    let appendix = &pack.appendix;
    assert_eq!(appendix.columns, seed_summary_columns());

    // (objective, indicator name, column heading) → the text as written.
    let mut written: BTreeMap<(String, String, String), String> = BTreeMap::new();
    let mut listings = 0;
    for indicator in &doc.indicators {
        for objective in &indicator.objectives {
            listings += 1;
            for o in doc
                .observations
                .iter()
                .filter(|o| o.indicator == indicator.key)
            {
                let kind = match o.kind {
                    ObservationKind::Actual => "out-turn",
                    ObservationKind::Target => "target",
                    other => panic!("the sample has no {other:?} figures"),
                };
                written.insert(
                    (
                        objective.clone(),
                        name(indicator),
                        format!("{} {kind}", o.period),
                    ),
                    o.text.clone(),
                );
            }
        }
    }
    let objectives: Vec<&str> = doc.nodes.iter().map(|n| n.code.as_str()).collect();
    let mut rows = 0;
    let mut compared = 0;
    for section in &appendix.sections {
        for row in &section.rows {
            rows += 1;
            // The objective is written out on its first row ("1.1 Ensure …"), then as "1.1".
            let objective = objectives
                .iter()
                .filter(|code| {
                    row.objective == **code || row.objective.starts_with(&format!("{code} "))
                })
                .max_by_key(|code| code.len())
                .unwrap_or_else(|| panic!("row objective {:?} is not in the plan", row.objective));
            assert_eq!(
                outcome_of(&doc, objective),
                Some(section.outcome_code.as_str())
            );
            for (heading, cell) in appendix.columns.iter().zip(&row.cells) {
                let key = (
                    objective.to_string(),
                    row.indicator.clone(),
                    heading.clone(),
                );
                match (written.get(&key), cell) {
                    // Small numbers stay in a pack for the partnership, marked to withhold.
                    (
                        Some(text),
                        Cell::Value(value)
                        | Cell::Suppressed {
                            internal: Some(value),
                        },
                    ) => {
                        assert_eq!(&value.text, text, "{key:?}");
                        compared += 1;
                    }
                    (None, Cell::Empty) => {}
                    (expected, shown) => panic!("{key:?}: expected {expected:?}, shown {shown:?}"),
                }
            }
        }
    }
    assert_eq!(rows, listings, "one row per indicator per objective");
    assert_eq!(compared, written.len(), "every written value appears");
}

#[test]
fn a_pack_for_one_outcome_covers_only_that_outcome() {
    let doc = kingston();
    let mut opts = year_2010_11();
    opts.node = Some("2".into());
    let pack = board_pack(&doc, &opts).expect("a pack");
    assert_eq!(
        pack.outcomes
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        ["2"]
    );
    assert!(pack.appendix.sections.iter().all(|s| s.outcome_code == "2"));
    assert!(pack.exceptions.iter().all(|e| e.outcome_code == "2"));
    opts.node = Some("99".into());
    assert!(matches!(board_pack(&doc, &opts), Err(BuildError::Judge(_))));
    opts.node = None;
    opts.locality = Some("Nowhere".into());
    let error = board_pack(&doc, &opts).expect_err("an unknown locality");
    assert!(error.to_string().contains("Nowhere"), "{error}");
}

fn observation(indicator: &str, period: Period, kind: ObservationKind, text: &str) -> Observation {
    Observation {
        indicator: indicator.into(),
        period,
        kind,
        locality: None,
        group: None,
        text: text.into(),
        parsed: value::parse(text),
        set_by: None,
        agreed_on: None,
        source: trustboard_core::model::ValueSource::Written,
    }
}

fn node(code: &str, parent: Option<&str>, title: &str) -> Node {
    Node {
        code: code.into(),
        parent: parent.map(Into::into),
        kind: if parent.is_some() {
            "objective"
        } else {
            "outcome"
        }
        .into(),
        title: title.into(),
        retired: None,
    }
}

fn indicator(key: &str, unit: Option<&str>) -> Indicator {
    Indicator {
        unit: unit.map(Into::into),
        lead_officer: Some("Head of Adoption".into()),
        objectives: vec!["1.1".into()],
        ..Indicator::new(key, key)
    }
}

fn milestone(text: &str, due: &str, status: Option<Recorded>) -> Milestone {
    Milestone {
        node: "1.1".into(),
        text: text.into(),
        due: Some(date(due)),
        status,
        ..Milestone::default()
    }
}

const ADOPTED: &str = "Number of children adopted";
const PLACED: &str = "% of children placed for adoption within 12 months";
const SMALL_COUNT: &str = "3";
const SMALL_RATIO: &str = "83.3% (5/6)";

/// A plan with a count of 3 and a percentage of 5 out of 6 for 2010/11.
fn small_numbers_plan() -> PlanDocument {
    let (before, now) = (Period::financial(2009), Period::financial(2010));
    PlanDocument {
        organisation: "Test Borough".into(),
        plan: PlanHeader {
            name: "CYPP".into(),
            title: "Test plan".into(),
            period: "2009-13".into(),
        },
        nodes: vec![
            node("1", None, "Children grow up in stable homes"),
            node("1.1", Some("1"), "Find adoptive families sooner"),
        ],
        indicators: vec![
            indicator(ADOPTED, Some("number")),
            indicator(PLACED, Some("%")),
        ],
        observations: vec![
            observation(ADOPTED, before, ObservationKind::Actual, "14"),
            observation(ADOPTED, now, ObservationKind::Target, "12"),
            observation(ADOPTED, now, ObservationKind::Actual, SMALL_COUNT),
            observation(PLACED, before, ObservationKind::Actual, "75% (9/12)"),
            observation(PLACED, now, ObservationKind::Target, "80%"),
            observation(PLACED, now, ObservationKind::Actual, SMALL_RATIO),
        ],
        milestones: vec![
            milestone("Recruit adopters", "2011-03-31", None),
            milestone("Panel reviews cases weekly", "2011-06-20", None),
            milestone("Adoption support offer published", "2011-12-31", None),
            milestone(
                "Adopter training rolled out",
                "2011-05-01",
                Some(Recorded::Complete),
            ),
            milestone(
                "Regional consortium joined",
                "2012-03-31",
                Some(Recorded::AtRisk),
            ),
        ],
        localities: Vec::new(),
        statements: Vec::new(),
    }
}

#[test]
fn a_published_pack_carries_no_small_number() {
    let doc = small_numbers_plan();
    let mut opts = year_2010_11();
    opts.published = true;
    let pack = board_pack(&doc, &opts).expect("a pack");
    let rows: Vec<&ScorecardRow> = pack.outcomes.iter().flat_map(|o| &o.rows).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let latest = row.outturns.last().expect("an out-turn");
        assert_eq!(
            latest.cell,
            Cell::Suppressed { internal: None },
            "{}",
            row.indicator_title
        );
        let point = row
            .series
            .iter()
            .find(|p| p.period_label == "2010/11")
            .expect("2010/11");
        assert!(point.suppressed);
        assert_eq!(
            (point.actual, point.ci_low, point.ci_high),
            (None, None, None)
        );
    }
    // Nothing anywhere in the pack, nor in what it renders to, gives the figures away.
    let json = serde_json::to_string(&pack).expect("the pack serialises");
    for tell in ["5/6", "83.3", "\"3\"", "3 against", " 3 "] {
        assert!(!json.contains(tell), "the published pack contains {tell:?}");
    }
    for rag in rows.iter().map(|r| &r.rag.reason) {
        assert!(!rag.chars().any(|c| c == '3' || c == '5'), "{rag}");
    }
    for exception in &pack.exceptions {
        for reason in &exception.reasons {
            assert!(
                !reason.contains(SMALL_COUNT) && !reason.contains("83"),
                "{reason}"
            );
        }
    }
    let html =
        String::from_utf8(render_html(&pack, RenderOptions { published: true }).expect("renders"))
            .expect("UTF-8");
    assert!(!html.contains(SMALL_RATIO) && !html.contains("5/6"));

    // Inside the partnership the figure stays, marked as one to withhold.
    let internal = board_pack(&doc, &year_2010_11()).expect("a pack");
    let latest: Vec<&Cell> = internal
        .outcomes
        .iter()
        .flat_map(|o| &o.rows)
        .filter_map(|r| r.outturns.last().map(|o| &o.cell))
        .collect();
    let texts: Vec<Option<&str>> = latest
        .iter()
        .map(|cell| match cell {
            Cell::Suppressed {
                internal: Some(value),
            } => Some(value.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, [Some(SMALL_COUNT), Some(SMALL_RATIO)]);
}

#[test]
fn milestones_are_overdue_before_today_and_at_risk_within_thirty_days() {
    let doc = small_numbers_plan();
    let pack = board_pack(&doc, &year_2010_11()).expect("a pack");
    let listed: Vec<(&str, MilestoneStatus)> = pack
        .milestones_at_risk
        .iter()
        .map(|m| (m.text.as_str(), m.status))
        .collect();
    assert_eq!(
        listed,
        [
            ("Recruit adopters", MilestoneStatus::Overdue),
            ("Panel reviews cases weekly", MilestoneStatus::AtRisk),
            ("Regional consortium joined", MilestoneStatus::AtRisk),
        ],
        "due later, or complete, is not listed; recorded at risk is"
    );
    let exceptions: Vec<&ExceptionRow> = pack.exceptions.iter().collect();
    assert!(exceptions
        .iter()
        .all(|e| e.owner.as_deref() == Some("Head of Adoption")));
    assert!(exceptions.iter().all(|e| e.commentary.is_empty()));
}

/// `PLACED` with the monthly and quarterly values a register derives beside
/// its yearly ones, and `ADOPTED` counted only by quarter against its yearly target.
fn plan_with_monthly_values() -> PlanDocument {
    let mut doc = small_numbers_plan();
    doc.observations.retain(|o| {
        !(o.indicator == ADOPTED
            && o.kind == ObservationKind::Actual
            && o.period.kind == PeriodKind::Financial)
    });
    for month in 1..=12u8 {
        let (year, month) = if month <= 9 {
            (2010, month + 3)
        } else {
            (2011, month - 9)
        };
        let period = Period::month(year, month);
        doc.observations.push(observation(
            PLACED,
            period,
            ObservationKind::Actual,
            "50.0% (1/2)",
        ));
    }
    for quarter in 1..=4 {
        let period = Period::quarter(2010, quarter);
        doc.observations.push(observation(
            PLACED,
            period,
            ObservationKind::Actual,
            "75.0% (3/4)",
        ));
        doc.observations
            .push(observation(ADOPTED, period, ObservationKind::Actual, "4"));
    }
    doc
}

#[test]
fn a_yearly_pack_shows_years_and_keeps_quarters_only_for_an_indicator_without_years() {
    let doc = plan_with_monthly_values();
    let pack = board_pack(&doc, &year_2010_11()).expect("a pack");
    assert_eq!(
        pack.appendix.columns,
        [
            "2009/10 out-turn",
            "2010/11 target",
            "2010/11 out-turn",
            "2010/11 Q1 out-turn",
            "2010/11 Q2 out-turn",
            "2010/11 Q3 out-turn",
            "2010/11 Q4 out-turn",
        ]
    );
    let rows = &pack.outcomes[0].rows;
    let placed = rows
        .iter()
        .find(|r| r.indicator_title == PLACED)
        .expect("placed");
    let labels = |row: &ScorecardRow| -> Vec<String> {
        row.series.iter().map(|p| p.period_label.clone()).collect()
    };
    assert_eq!(labels(placed), ["2009/10", "2010/11"]);
    let outturns: Vec<&str> = placed
        .outturns
        .iter()
        .map(|o| o.period_label.as_str())
        .collect();
    assert_eq!(outturns, ["2009/10", "2010/11"]);
    let adopted = rows
        .iter()
        .find(|r| r.indicator_title == ADOPTED)
        .expect("adopted");
    assert_eq!(
        labels(adopted),
        [
            "2010/11",
            "2010/11 Q1",
            "2010/11 Q2",
            "2010/11 Q3",
            "2010/11 Q4"
        ]
    );
}

#[test]
fn a_monthly_pack_shows_the_months() {
    let doc = plan_with_monthly_values();
    let opts = PackOptions::new(Period::month(2011, 3), date("2011-06-01"));
    let pack = board_pack(&doc, &opts).expect("a pack");
    assert!(pack
        .appendix
        .columns
        .iter()
        .any(|c| c == "2011-03 out-turn"));
}

#[test]
fn the_councils_differing_rating_is_an_exception_in_every_format() {
    use trustboard_core::model::{Statement, StatementKind};
    let mut doc = kingston();
    let opts = year_2010_11();
    // NI 59 is 73.5% against a target of 80%: red by trustboard's reckoning.
    doc.statements.push(Statement {
        indicator: "NI 59".into(),
        period: Period::financial(2010),
        kind: StatementKind::Rag,
        text: "Green".into(),
    });
    let pack = board_pack(&doc, &opts).expect("a pack");
    let wanted =
        "Rated differently by the council: the council said Green; trustboard judges Red because";
    let row = pack
        .exceptions
        .iter()
        .find(|e| e.indicator.starts_with("NI 59:"))
        .expect("NI 59 is an exception");
    assert!(
        row.reasons.iter().any(|r| r.starts_with(wanted)),
        "{:?}",
        row.reasons
    );
    let html = render_html(&pack, RenderOptions { published: false }).expect("HTML renders");
    assert!(String::from_utf8_lossy(&html).contains(wanted));
    // Where the council agrees there is nothing to say.
    doc.statements[0].text = "Not met".into();
    let agreeing = board_pack(&doc, &opts).expect("a pack");
    assert!(agreeing
        .exceptions
        .iter()
        .flat_map(|e| &e.reasons)
        .all(|r| !r.contains("Rated differently")));
}

#[test]
fn the_pack_says_for_every_indicator_what_each_headline_figure_counts() {
    use trustboard_core::judge::inclusion::{Headline as Figure, Inclusion};
    let doc = kingston();
    let opts = year_2010_11();
    let pack = board_pack(&doc, &opts).expect("a pack");
    let judged = judge_plan(&doc, &JudgeOptions::new(opts.period, opts.today)).expect("judged");
    let keys: BTreeSet<&str> = judged
        .indicators
        .iter()
        .map(|j| j.indicator.as_str())
        .collect();
    assert!(keys.len() > 200, "the sample plan's indicators");
    let counted = |figure: Figure| {
        let rows: Vec<_> = pack
            .inclusion
            .iter()
            .filter(|r| r.headline == figure)
            .collect();
        let listed: BTreeSet<&str> = rows.iter().map(|r| r.indicator.as_str()).collect();
        assert_eq!(rows.len(), keys.len(), "{figure:?}: each indicator once");
        assert_eq!(listed, keys, "{figure:?}: every indicator");
        rows.iter()
            .filter(|r| matches!(r.inclusion, Inclusion::Counted { .. }))
            .count() as u32
    };
    let current = &pack.headline.current;
    assert_eq!(counted(Figure::Improved), current.direction.comparable());
    assert_eq!(counted(Figure::TargetsMet), current.targets.assessed());

    // Every line reaches the reader, in the HTML and in the workbook.
    let html = String::from_utf8(render_html(&pack, RenderOptions::default()).expect("renders"))
        .expect("UTF-8");
    let table = html
        .split("id=\"table-inclusion\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the inclusion table");
    assert_eq!(
        table.matches("<tr>").count(),
        keys.len() + 1,
        "a line per indicator under the header"
    );
    let bytes = render_xlsx(&pack, RenderOptions::default()).expect("renders");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a workbook");
    let sheet = calamine::Reader::worksheet_range(&mut book, "Headline counts").expect("a sheet");
    assert_eq!(sheet.height(), pack.inclusion.len() + 1);
}

#[test]
fn out_turns_from_an_earlier_plan_join_the_pack_and_small_ones_are_withheld_when_published() {
    use trustboard_core::lineage::JoinedPoint;
    let doc = small_numbers_plan();
    let point = |plan: &str, year: i32, kind: ObservationKind, text: &str| JoinedPoint {
        plan: plan.into(),
        observation: observation(ADOPTED, Period::financial(year), kind, text),
    };
    let mut opts = year_2010_11();
    opts.across_plans = BTreeMap::from([(
        ADOPTED.to_string(),
        vec![
            point("CYPP 2006-10", 2007, ObservationKind::Actual, "15"),
            point("CYPP 2006-10", 2008, ObservationKind::Actual, "2"),
            point("CYPP 2006-10", 2008, ObservationKind::Target, "16"),
            point("CYPP", 2009, ObservationKind::Actual, "14"),
        ],
    )]);
    let internal = board_pack(&doc, &opts).expect("a pack");
    assert_eq!(internal.across_plans.len(), 1, "only the linked indicator");
    let series = &internal.across_plans[0];
    assert_eq!(series.indicator, ADOPTED);
    let shown: Vec<(&str, &str, &Cell)> = series
        .points
        .iter()
        .map(|p| (p.period_label.as_str(), p.plan.as_str(), &p.cell))
        .collect();
    assert_eq!(
        shown,
        [
            ("2007/08", "CYPP 2006-10", &Cell::figure("15", 15.0)),
            (
                "2008/09",
                "CYPP 2006-10",
                &Cell::Suppressed {
                    internal: Some(Value {
                        text: "2".into(),
                        figure: Some(2.0)
                    })
                }
            ),
            ("2009/10", "CYPP", &Cell::figure("14", 14.0)),
        ],
        "out-turns only, each with its plan"
    );
    opts.published = true;
    let published = board_pack(&doc, &opts).expect("a pack");
    assert_eq!(
        published.across_plans[0].points[1].cell,
        Cell::Suppressed { internal: None }
    );
}

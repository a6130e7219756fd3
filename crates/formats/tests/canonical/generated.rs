//! Generated plans survive every encoding.

use chrono::NaiveDate;
use proptest::prelude::*;
use trustboard_core::model::{
    Indicator, Locality, Milestone, MilestoneStatus, Node, Observation, ObservationKind,
    PlanDocument, PlanHeader, Polarity, PolaritySource, Retirement,
};
use trustboard_core::period::Period;
use trustboard_core::span::PlanSpan;
use trustboard_core::value;
use trustboard_formats::{read_path, write, Format, ImportError};

use crate::fixture::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ ;\\\\,\"\r\n\t£–’_xA-F0-9=/.]{0,12}"]
}

fn name() -> impl Strategy<Value = String> {
    text().prop_filter("names are not blank", |t| !t.trim().is_empty())
}

fn optional() -> impl Strategy<Value = Option<String>> {
    prop::option::of(name())
}

fn any_date() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of(
        (1990i32..2030, 1u32..=365)
            .prop_filter_map("a day of the year", |(y, d)| NaiveDate::from_yo_opt(y, d)),
    )
}

fn any_period() -> impl Strategy<Value = Period> {
    (0usize..5, 1990i32..2030, 1u8..=12).prop_map(|(k, year, sub)| match k {
        0 => Period::financial(year),
        1 => Period::academic(year),
        2 => Period::calendar(year),
        3 => Period::quarter(year, (sub - 1) % 4 + 1),
        _ => Period::month(year, sub),
    })
}

fn pick(names: &[String], index: usize) -> Option<String> {
    (!names.is_empty()).then(|| names[index % names.len()].clone())
}

fn picks(names: &[String], indexes: &[usize]) -> Vec<String> {
    indexes.iter().filter_map(|&i| pick(names, i)).collect()
}

/// Plans whose references all hold: parents come earlier, so there are no loops.
fn any_plan() -> impl Strategy<Value = PlanDocument> {
    let keys = || {
        prop::collection::btree_set(name(), 0..5)
            .prop_map(|set| set.into_iter().collect::<Vec<_>>())
    };
    (keys(), keys(), keys()).prop_flat_map(|(codes, indicator_keys, locality_names)| {
        let nodes = codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let earlier = codes[..i].to_vec();
                let code = code.clone();
                let merged = codes.clone();
                (
                    any::<Option<usize>>(),
                    text(),
                    text(),
                    prop::option::of((text(), any::<Option<usize>>())),
                )
                    .prop_map(move |(parent, kind, title, retired)| Node {
                        code: code.clone(),
                        parent: parent.and_then(|p| pick(&earlier, p)),
                        kind,
                        title,
                        retired: retired.map(|(when, into)| Retirement {
                            when,
                            merged_into: into.and_then(|m| pick(&merged, m)),
                        }),
                    })
            })
            .collect::<Vec<_>>();
        let indicators = indicator_keys
            .iter()
            .map(|key| {
                let codes = codes.clone();
                let details = (
                    text(),
                    optional(),
                    optional(),
                    optional(),
                    optional(),
                    optional(),
                    optional(),
                );
                let judged = (
                    prop::option::of(prop_oneof![
                        Just(Polarity::HigherIsBetter),
                        Just(Polarity::LowerIsBetter),
                        Just(Polarity::Band)
                    ]),
                    prop::option::of(prop_oneof![
                        Just(PolaritySource::Stated),
                        Just(PolaritySource::Inferred)
                    ]),
                );
                let key = key.clone();
                (details, judged, prop::collection::vec(any::<usize>(), 0..3)).prop_map(
                    move |(
                        (title, code, definition, unit, frequency, lead, board),
                        (polarity, source),
                        objectives,
                    )| {
                        Indicator {
                            key: key.clone(),
                            code,
                            title,
                            definition,
                            unit,
                            polarity,
                            polarity_source: source,
                            frequency,
                            lead_officer: lead,
                            delivery_board: board,
                            objectives: picks(&codes, &objectives),
                        }
                    },
                )
            })
            .collect::<Vec<_>>();
        let observations = {
            let (keys, localities) = (indicator_keys.clone(), locality_names.clone());
            prop::collection::vec(
                (
                    any::<usize>(),
                    any_period(),
                    prop::sample::select(ObservationKind::ALL.to_vec()),
                    any::<Option<usize>>(),
                    optional(),
                    text(),
                ),
                0..8,
            )
            .prop_map(move |rows| {
                let mut observations: Vec<Observation> = Vec::new();
                for (indicator, period, kind, locality, group, text) in rows {
                    let Some(indicator) = pick(&keys, indicator) else {
                        continue;
                    };
                    let candidate = Observation {
                        indicator,
                        period,
                        kind,
                        locality: locality.and_then(|l| pick(&localities, l)),
                        group,
                        parsed: value::parse(&text),
                        text,
                        set_by: None,
                        agreed_on: None,
                        source: trustboard_core::model::ValueSource::Written,
                    };
                    if observations.iter().all(|o| o.slot() != candidate.slot()) {
                        observations.push(candidate);
                    }
                }
                observations
            })
        };
        let milestones = {
            let (codes, keys) = (codes.clone(), indicator_keys.clone());
            prop::collection::vec(
                (
                    any::<usize>(),
                    text(),
                    optional(),
                    any_date(),
                    optional(),
                    prop::collection::vec(any::<usize>(), 0..3),
                    prop::option::of(prop::sample::select(MilestoneStatus::ALL.to_vec())),
                ),
                0..4,
            )
            .prop_map(move |rows| {
                rows.into_iter()
                    .filter_map(|(node, text, timescale, due, owner, indicators, status)| {
                        Some(Milestone {
                            node: pick(&codes, node)?,
                            text,
                            timescale,
                            due,
                            owner,
                            indicators: picks(&keys, &indicators),
                            status,
                        })
                    })
                    .collect::<Vec<_>>()
            })
        };
        let localities = locality_names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let earlier = locality_names[..i].to_vec();
                let name = name.clone();
                (any::<Option<usize>>(), text(), any_date(), any_date()).prop_map(
                    move |(parent, kind, from, to)| {
                        let (valid_from, valid_to) = match (from, to) {
                            (Some(a), Some(b)) if b < a => (Some(b), Some(a)),
                            other => other,
                        };
                        Locality {
                            name: name.clone(),
                            parent: parent.and_then(|p| pick(&earlier, p)),
                            kind,
                            valid_from,
                            valid_to,
                        }
                    },
                )
            })
            .collect::<Vec<_>>();
        // A header that states years holds every figure generated (1990 to 2029).
        let years = prop_oneof![
            text().prop_filter("states no years", |t| PlanSpan::stated(t).is_none()),
            Just("1990-2029".to_string()),
        ];
        let header =
            (name(), name(), text(), years).prop_map(|(organisation, name, title, period)| {
                (
                    organisation,
                    PlanHeader {
                        name,
                        title,
                        period,
                    },
                )
            });
        (
            header,
            nodes,
            indicators,
            observations,
            milestones,
            localities,
        )
            .prop_map(
                |(
                    (organisation, plan),
                    nodes,
                    indicators,
                    observations,
                    milestones,
                    localities,
                )| PlanDocument {
                    organisation,
                    plan,
                    nodes,
                    indicators,
                    observations,
                    milestones,
                    localities,
                    statements: Vec::new(),
                },
            )
    })
}

fn round_trip(doc: &PlanDocument, format: Format, name: &str) -> Result<PlanDocument, ImportError> {
    let dir = tempfile::tempdir().map_err(|e| ImportError::whole_file("tempdir", e.to_string()))?;
    let path = dir.path().join(name);
    write(doc, format, &path).map_err(|e| ImportError::whole_file(name, e.to_string()))?;
    read_path(&path, None, &no_hints())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_plans_round_trip_through_csv(doc in any_plan()) {
        prop_assert_eq!(round_trip(&doc, Format::Csv, "export"), Ok(doc));
    }

    #[test]
    fn generated_plans_round_trip_through_json(doc in any_plan()) {
        prop_assert_eq!(round_trip(&doc, Format::Json, "plan.json"), Ok(doc));
    }

    #[test]
    fn generated_plans_round_trip_through_xlsx(doc in any_plan()) {
        prop_assert_eq!(round_trip(&doc, Format::Xlsx, "plan.xlsx"), Ok(doc));
    }
}

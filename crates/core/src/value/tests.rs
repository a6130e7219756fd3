//! Every value form found in the published plans, read through [`parse`].

use proptest::prelude::*;

use super::*;

fn number(amount: f64, unit: Unit) -> Value {
    Value::Number(Quantity { amount, unit })
}

fn percent(amount: f64) -> Value {
    number(amount, Unit::Percent)
}

fn labels(parsed: &ParsedValue) -> Vec<&str> {
    parsed.parts().iter().map(|p| p.label.as_str()).collect()
}

fn figures(parsed: &ParsedValue) -> Vec<Option<f64>> {
    parsed.parts().iter().map(|p| p.value.figure()).collect()
}

#[test]
fn plain_numbers_and_percentages() {
    assert_eq!(parse("59%").value, percent(59.0));
    assert_eq!(parse("50.53%").value, percent(50.53));
    assert_eq!(parse("361,888").value, number(361_888.0, Unit::Number));
    assert_eq!(parse("14.7").value, number(14.7, Unit::Number));
    assert_eq!(parse("57.9 %").value, percent(57.9));
    assert!(parse("59%").warnings.is_empty());
}

#[test]
fn empty_and_markup_only_cells_are_empty() {
    assert!(parse("").is_empty());
    assert!(parse("  <p> </p> ").is_empty());
}

#[test]
fn stray_markup_around_a_figure_is_ignored() {
    assert_eq!(parse("<p>15.3</p>").value, number(15.3, Unit::Number));
}

#[test]
fn doubled_percent_sign_is_read_with_a_warning() {
    let parsed = parse("50%%");
    assert_eq!(parsed.value, percent(50.0));
    assert_eq!(parsed.warnings.len(), 1);
}

#[test]
fn numbers_with_unit_words_are_counted() {
    assert_eq!(parse("403 sessions").value, number(403.0, Unit::Counted));
    assert_eq!(parse("0 weeks").value, number(0.0, Unit::Counted));
    assert_eq!(
        parse("5 sessions per week across all 11 centres").value,
        number(5.0, Unit::Counted)
    );
}

#[test]
fn ratios_with_and_without_a_stated_figure() {
    let parsed = parse("5/6");
    assert_eq!(parsed.ratio(), Some((5.0, 6.0)));
    assert!(parsed.figure().is_some_and(|f| (f - 83.333).abs() < 0.01));

    let parsed = parse("83.3% (5/6)");
    assert_eq!(parsed.ratio(), Some((5.0, 6.0)));
    assert_eq!(parsed.figure(), Some(83.3));
    assert!(parsed.warnings.is_empty());

    assert_eq!(parse("10.6% (12/113)").ratio(), Some((12.0, 113.0)));
    assert_eq!(parse("4 of 8 groups").ratio(), Some((4.0, 8.0)));
}

#[test]
fn a_stated_figure_that_disagrees_with_its_fraction_is_kept_and_flagged() {
    let parsed = parse("90% (5/6)");
    assert_eq!(parsed.figure(), Some(90.0));
    assert_eq!(parsed.ratio(), Some((5.0, 6.0)));
    assert!(parsed.warnings.iter().any(|w| w.contains("does not match")));
}

#[test]
fn count_with_percentage() {
    for text in ["141/97%", "141 (97%)"] {
        let parsed = parse(text);
        assert_eq!(labels(&parsed), ["number", "percent"], "{text}");
        assert_eq!(figures(&parsed), [Some(141.0), Some(97.0)], "{text}");
    }
}

#[test]
fn lettered_parts() {
    let parsed = parse("a) 31/35 b) 9/10 c) 2/3");
    assert_eq!(labels(&parsed), ["a", "b", "c"]);
    let ratios: Vec<_> = parsed.parts().iter().map(|p| p.value.ratio()).collect();
    assert_eq!(
        ratios,
        [Some((31.0, 35.0)), Some((9.0, 10.0)), Some((2.0, 3.0))]
    );

    let parsed = parse("a) 95% b) 95%");
    assert_eq!(figures(&parsed), [Some(95.0), Some(95.0)]);
    let parsed = parse("a)100% b)100%");
    assert_eq!(figures(&parsed), [Some(100.0), Some(100.0)]);

    let parsed = parse("a) 4 of 8 groups b) 0 of 8 groups");
    assert_eq!(parsed.parts()[0].value.ratio(), Some((4.0, 8.0)));
    assert_eq!(parsed.parts()[1].value.ratio(), Some((0.0, 8.0)));
}

#[test]
fn lettered_parts_in_list_markup() {
    let parsed =
        parse(r#"<ul style="list-style-type: none"> a) 100% b) 100% c) 100% d) 100%</ul>"#);
    assert_eq!(labels(&parsed), ["a", "b", "c", "d"]);
}

#[test]
fn lettered_parts_with_a_year_before_them() {
    let parsed = parse("2010 result a) 47% b) 59%");
    assert_eq!(
        parsed.qualifiers.year,
        Some(YearNote {
            year: 2010,
            role: YearRole::Result
        })
    );
    assert_eq!(figures(&parsed), [Some(47.0), Some(59.0)]);

    let parsed = parse("2013 target a) b)");
    assert_eq!(
        parsed.qualifiers.year,
        Some(YearNote {
            year: 2013,
            role: YearRole::Target
        })
    );
    assert!(parsed.parts().iter().all(|p| p.value.is_empty()));
}

#[test]
fn lettered_parts_under_a_relative_heading() {
    let parsed = parse("Increase on baseline a) 10% b) 15% c) 5%");
    assert_eq!(labels(&parsed), ["a", "b", "c"]);
    assert_eq!(
        parsed.parts()[1].value.value,
        Value::Relative {
            target: RelativeTarget::Change {
                base: Base::Baseline,
                direction: Direction::Increase,
                change: Change::Percent { amount: 15.0 },
            }
        }
    );
}

#[test]
fn lettered_part_with_its_own_year_note() {
    let parsed = parse("a) 27.1 (2008 data) b) -13.2% reduction");
    assert_eq!(parsed.parts()[0].value.figure(), Some(27.1));
    assert_eq!(
        parsed.parts()[0].value.qualifiers.year,
        Some(YearNote {
            year: 2008,
            role: YearRole::AsAt
        })
    );
    assert_eq!(parsed.parts()[1].value.figure(), Some(-13.2));
}

#[test]
fn dash_labelled_figures() {
    let parsed = parse("G – 62%");
    assert_eq!(parsed.value, percent(62.0));
    assert_eq!(parsed.qualifiers.label.as_deref(), Some("G"));

    let parsed = parse("I – 0% S – 3% G – 62% O – 35%");
    assert_eq!(labels(&parsed), ["I", "S", "G", "O"]);
    assert_eq!(
        figures(&parsed),
        [Some(0.0), Some(3.0), Some(62.0), Some(35.0)]
    );

    let parsed = parse("I- 0% S- 10% G- 65% O- 25%");
    assert_eq!(
        figures(&parsed),
        [Some(0.0), Some(10.0), Some(65.0), Some(25.0)]
    );

    let parsed = parse("I- S- G- O-");
    assert_eq!(labels(&parsed), ["I", "S", "G", "O"]);
    assert!(parsed.parts().iter().all(|p| p.value.is_empty()));
}

#[test]
fn figures_with_trailing_or_leading_labels() {
    let parsed = parse("80% reading 89% writing");
    assert_eq!(labels(&parsed), ["reading", "writing"]);
    assert_eq!(figures(&parsed), [Some(80.0), Some(89.0)]);

    let parsed = parse("83.33% OT 88.89% PT 80% SLT (based on snapshot in 2009/10 submission)");
    assert_eq!(labels(&parsed), ["OT", "PT", "SLT"]);
    assert!(parsed
        .warnings
        .iter()
        .any(|w| w.contains("based on snapshot")));

    let parsed =
        parse("Overnights 3,086 1:1(hours) 13,919 Spec.Grps 25,121 Universal & mainstream 13,393");
    assert_eq!(
        labels(&parsed),
        [
            "Overnights",
            "1:1(hours)",
            "Spec.Grps",
            "Universal & mainstream"
        ]
    );
    assert_eq!(
        figures(&parsed),
        [Some(3086.0), Some(13_919.0), Some(25_121.0), Some(13_393.0)]
    );
}

#[test]
fn year_notes_estimates_and_provisional_figures() {
    let parsed = parse("2009 result 57%");
    assert_eq!(parsed.value, percent(57.0));
    assert_eq!(
        parsed.qualifiers.year,
        Some(YearNote {
            year: 2009,
            role: YearRole::Result
        })
    );

    let parsed = parse("2010 target 60%");
    assert_eq!(
        parsed.qualifiers.year,
        Some(YearNote {
            year: 2010,
            role: YearRole::Target
        })
    );

    let parsed = parse("Est 95%");
    assert_eq!(parsed.value, percent(95.0));
    assert!(parsed.qualifiers.estimate);

    let parsed = parse("1.3 Provisional");
    assert_eq!(parsed.value, number(1.3, Unit::Number));
    assert!(parsed.qualifiers.provisional);

    let parsed = parse("26.8 (2005)");
    assert_eq!(parsed.value, number(26.8, Unit::Number));
    assert_eq!(
        parsed.qualifiers.year,
        Some(YearNote {
            year: 2005,
            role: YearRole::AsAt
        })
    );

    assert_eq!(parse("Latest figure 16%").value, percent(16.0));
}

#[test]
fn cohort_size_is_not_turned_into_a_fraction() {
    let parsed = parse("50% (6 pupils)");
    assert_eq!(parsed.value, percent(50.0));
    assert_eq!(parsed.ratio(), None);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn notes_and_footnotes_are_named_in_warnings() {
    let parsed = parse("17.9% (Regional average 18.5%)");
    assert_eq!(parsed.value, percent(17.9));
    assert!(parsed
        .warnings
        .iter()
        .any(|w| w.contains("Regional average 18.5%")));

    let parsed = parse("66,000* cessation of free swimming scheme");
    assert_eq!(parsed.value, number(66_000.0, Unit::Number));
    assert!(parsed.warnings.iter().any(|w| w.contains("free swimming")));

    let parsed = parse("40 ** 2 programmes delivered");
    assert_eq!(parsed.figure(), Some(40.0));
    assert_eq!(parsed.warnings.len(), 1);
}

#[test]
fn statuses() {
    let status = |text: &str| parse(text).value;
    assert_eq!(
        status("n/a"),
        Value::Status {
            status: Status::NotApplicable
        }
    );
    assert_eq!(
        status("N/A"),
        Value::Status {
            status: Status::NotApplicable
        }
    );
    assert_eq!(
        status("Not yet available"),
        Value::Status {
            status: Status::NotAvailable
        }
    );
    assert_eq!(
        status("TBA"),
        Value::Status {
            status: Status::ToBeAnnounced
        }
    );
    assert_eq!(
        status("Programme/Funding ceased"),
        Value::Status {
            status: Status::Ceased
        }
    );
    assert_eq!(
        status("<p>Baseline to be established</p>"),
        Value::Status {
            status: Status::BaselineToBeEstablished
        }
    );
    let parsed = parse("TBC / n/a (future of project uncertain)");
    assert_eq!(
        parsed.value,
        Value::Status {
            status: Status::ToBeAnnounced
        }
    );
    assert!(parsed
        .warnings
        .iter()
        .any(|w| w.contains("future of project uncertain")));
}

#[test]
fn relative_targets() {
    assert_eq!(
        parse("Baseline plus 5%").value,
        Value::Relative {
            target: RelativeTarget::Change {
                base: Base::Baseline,
                direction: Direction::Increase,
                change: Change::Percent { amount: 5.0 },
            }
        }
    );
    let parsed = parse("5% above baseline \u{2026}");
    assert_eq!(
        parsed.value,
        Value::Relative {
            target: RelativeTarget::Change {
                base: Base::Baseline,
                direction: Direction::Increase,
                change: Change::Percent { amount: 5.0 },
            }
        }
    );
    assert!(parsed.warnings.is_empty());
    let parsed = parse("Maintain 5 sessions across all centres");
    assert_eq!(parsed.figure(), Some(5.0));
    assert!(parsed.warnings.is_empty());
    assert_eq!(
        parse("Outcome from 2012/13 plus 5%").value,
        Value::Relative {
            target: RelativeTarget::Change {
                base: Base::OutcomeOf {
                    period: Period::financial(2012)
                },
                direction: Direction::Increase,
                change: Change::Percent { amount: 5.0 },
            }
        }
    );
}

#[test]
fn bands() {
    assert_eq!(
        parse("between 5% and 8%").value,
        Value::Band {
            low: Quantity {
                amount: 5.0,
                unit: Unit::Percent
            },
            high: Quantity {
                amount: 8.0,
                unit: Unit::Percent
            },
        }
    );
}

#[test]
fn cross_references() {
    assert_eq!(
        parse("(see Objective 11.1)").value,
        Value::CrossReference {
            objective: "11.1".into()
        }
    );
    assert_eq!(
        parse("See 2.4").value,
        Value::CrossReference {
            objective: "2.4".into()
        }
    );
}

#[test]
fn what_is_not_understood_is_text_with_a_warning() {
    for text in [
        "Schools are no longer obliged to report NI198 data so a new PI will be developed",
        "181 102 – childcare vouchers 79 salary sacrifice",
        "By 15%",
        "141 97%",
        "* needs to be measured against school roll – data not available at present",
        "See 2.1 for performance measures See 10.2 for LAC",
    ] {
        let parsed = parse(text);
        assert_eq!(parsed.value, Value::Text, "{text}");
        assert_eq!(parsed.warnings.len(), 1, "{text}");
    }
}

#[test]
fn serde_shape_is_tagged_by_type() -> Result<(), serde_json::Error> {
    let json = serde_json::to_value(parse("83.3% (5/6)"))?;
    assert_eq!(json["value"]["type"], "ratio");
    assert_eq!(json["value"]["stated"]["unit"], "percent");
    let back: ParsedValue = serde_json::from_value(json)?;
    assert_eq!(back, parse("83.3% (5/6)"));
    Ok(())
}

/// A non-negative figure with up to two decimal places, as councils write it,
/// with the value it stands for.
fn written_number() -> impl Strategy<Value = (String, f64)> {
    (
        0u64..10_000_000,
        proptest::option::of(0u8..100),
        any::<bool>(),
    )
        .prop_map(|(whole, cents, grouped)| {
            let whole_text = if grouped {
                crate::limits::thousands(whole)
            } else {
                whole.to_string()
            };
            match cents {
                Some(c) => {
                    let text = format!("{whole_text}.{c:02}");
                    let value = format!("{whole}.{c:02}").parse::<f64>().unwrap_or_default();
                    (text, value)
                }
                None => (whole_text, whole as f64),
            }
        })
}

proptest! {
    #[test]
    fn never_panics_on_any_text(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_value_like_text(text in "[0-9a-dA-Z%/()., *<>&;:\u{2013}-]{0,40}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_is_deterministic(text in "[0-9a-z%/()., *-]{0,30}") {
        prop_assert_eq!(parse(&text), parse(&text));
    }

    #[test]
    fn a_written_number_reads_back((text, value) in written_number()) {
        prop_assert_eq!(parse(&text).value, number(value, Unit::Number));
    }

    #[test]
    fn a_written_percentage_reads_back((text, value) in written_number()) {
        prop_assert_eq!(parse(&format!("{text}%")).value, percent(value));
    }

    #[test]
    fn a_written_ratio_reads_back(numerator in 0u32..100_000, denominator in 1u32..100_000) {
        let parsed = parse(&format!("{numerator}/{denominator}"));
        prop_assert_eq!(parsed.ratio(), Some((f64::from(numerator), f64::from(denominator))));
    }

    #[test]
    fn written_parts_read_back(values in proptest::collection::vec(written_number(), 1..8), as_percent in any::<bool>()) {
        let suffix = if as_percent { "%" } else { "" };
        let text: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, (written, _))| format!("{}) {written}{suffix}", char::from(b'a' + i as u8)))
            .collect();
        let parsed = parse(&text.join(" "));
        let expected: Vec<Option<f64>> = values.iter().map(|(_, v)| Some(*v)).collect();
        prop_assert_eq!(figures(&parsed), expected);
        let expected_labels: Vec<String> = (0..values.len()).map(|i| char::from(b'a' + i as u8).to_string()).collect();
        prop_assert_eq!(labels(&parsed), expected_labels);
    }
}

#[test]
fn one_in_five_and_three_out_of_four_are_ratios() {
    for (text, ratio, figure) in [
        ("1 in 5", (1.0, 5.0), 20.0),
        ("3 out of 4", (3.0, 4.0), 75.0),
        ("1 in 5 children", (1.0, 5.0), 20.0),
    ] {
        let parsed = parse(text);
        assert_eq!(parsed.ratio(), Some(ratio), "{text}");
        assert_eq!(parsed.figure(), Some(figure), "{text}");
        assert!(parsed.warnings.is_empty(), "{text}");
    }
    assert_eq!(parse("3 in 2010").ratio(), None);
}

#[test]
fn a_count_with_its_percentage_of_a_total_is_a_ratio_checked_against_it() {
    let parsed = parse("14 (10.5%) of 133");
    assert_eq!(parsed.ratio(), Some((14.0, 133.0)));
    assert_eq!(parsed.figure(), Some(10.5));
    assert!(parsed.warnings.is_empty());

    let parsed = parse("14 of 133 (10.5%)");
    assert_eq!(parsed.ratio(), Some((14.0, 133.0)));
    assert_eq!(parsed.figure(), Some(10.5));

    let parsed = parse("14 (21%) of 133");
    assert_eq!(parsed.ratio(), Some((14.0, 133.0)));
    assert_eq!(parsed.figure(), Some(21.0));
    assert!(parsed.warnings[0].contains("does not match 14/133"));
}

#[test]
fn rates_keep_the_population_they_are_counted_per() {
    for (text, per) in [
        ("42 per 10,000", 10_000),
        ("42 per 1,000", 1_000),
        ("42 per 100,000 population", 100_000),
        ("42 per 10k", 10_000),
    ] {
        let parsed = parse(text);
        assert_eq!(parsed.value, number(42.0, Unit::Rate { per }), "{text}");
        assert_eq!(parsed.figure(), Some(42.0));
    }
    assert_eq!(parse("2 per week").value, number(2.0, Unit::Counted));
}

#[test]
fn a_period_written_in_the_cell_is_kept_with_the_figure() {
    let parsed = parse("74% (06/07)");
    assert_eq!(parsed.value, percent(74.0));
    assert_eq!(
        parsed.qualifiers.period.map(|p| p.to_string()).as_deref(),
        Some("2006/07")
    );
    assert!(parsed.warnings.is_empty());
    let parsed = parse("61% (AY 2010/11)");
    assert_eq!(
        parsed.qualifiers.period.map(|p| p.to_string()).as_deref(),
        Some("AY 2010/11")
    );
    assert_eq!(
        parse("74% (2006-07)")
            .qualifiers
            .period
            .map(|p| p.to_string())
            .as_deref(),
        Some("2006/07")
    );
    // A fraction that happens to look like two years is still a fraction when it matches.
    let parsed = parse("90.9% (10/11)");
    assert_eq!(parsed.ratio(), Some((10.0, 11.0)));
    assert_eq!(parsed.qualifiers.period, None);
    let parsed = parse("74% (10/11)");
    assert_eq!(parsed.ratio(), None);
    assert_eq!(
        parsed.qualifiers.period.map(|p| p.to_string()).as_deref(),
        Some("2010/11")
    );
}

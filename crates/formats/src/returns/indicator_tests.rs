//! Every indicator computed from the public fake returns lists the children
//! it counted, and its numerator and denominator are made of exactly them.

use trustboard_core::calendar::WorkingCalendar;
use trustboard_core::returns::{
    evaluate_return, Figure, IndicatorInputs, ReturnIndicator, ReturnYear,
};

use super::cin_tests::{fake, FAKES};
use super::read_return;

const SSDA903_TABLES: [&str; 10] = [
    "header.csv",
    "episodes.csv",
    "reviews.csv",
    "oc2.csv",
    "oc3.csv",
    "ad1.csv",
    "placed_for_adoption.csv",
    "previous_permanence.csv",
    "missing.csv",
    "uasc.csv",
];

const POPULATION: u64 = 20_000;

/// The counts the listed children make, by the kind of figure.
fn recounted(indicator: &ReturnIndicator) -> (u64, Option<u64>) {
    let children = indicator.counted.len() as u64;
    match indicator.figure {
        Figure::Percentage => {
            let numerator = indicator.counted.iter().filter(|c| c.in_numerator).count();
            (numerator as u64, Some(children))
        }
        Figure::Average => {
            let scores = indicator
                .counted
                .iter()
                .map(|c| u64::from(c.score.unwrap_or_else(|| panic!("{}: a score", c.child))));
            (scores.sum(), Some(children))
        }
        Figure::Count => (children, None),
        Figure::RatePer10000 => (children, Some(POPULATION)),
    }
}

/// Checks every indicator of the files for each year; how many children were listed.
fn check(files: &[(String, String)], years: std::ops::RangeInclusive<i32>) -> usize {
    let read = read_return(files).expect("the fake return reads");
    let collection = read.collection.expect("rows");
    let calendar = WorkingCalendar::england_and_wales();
    let mut listed = 0;
    for ending in years {
        let inputs = IndicatorInputs {
            year: ReturnYear::ending(ending),
            calendar: &calendar,
            population: Some(POPULATION),
        };
        let (_, indicators) = evaluate_return(collection, read.rows.clone(), &inputs);
        for indicator in &indicators {
            assert_eq!(
                (indicator.numerator, indicator.denominator),
                recounted(indicator),
                "{} for {ending}",
                indicator.code
            );
            for child in &indicator.counted {
                assert!(!child.child.is_empty(), "{}: an identifier", indicator.code);
                assert!(!child.facts.is_empty(), "{}: facts", indicator.code);
            }
            listed += indicator.counted.len();
        }
    }
    listed
}

#[test]
fn the_children_listed_make_every_figure_of_the_fake_ssda903() {
    let files: Vec<_> = SSDA903_TABLES
        .iter()
        .map(|table| fake("quality-lac-data-beta-validator", table))
        .collect();
    assert!(check(&files, 2016..=2019) > 0, "children were counted");
}

#[test]
fn the_children_listed_make_every_figure_of_each_fake_census() {
    let mut listed = 0;
    for (folder, name) in FAKES {
        listed += check(&[fake(folder, name)], 2020..=2026);
    }
    assert!(listed > 0, "children were counted");
}

use chrono::NaiveDate;

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn input() -> RiskInput {
    RiskInput {
        description: "Too few foster carers for sibling groups".to_owned(),
        owner: "Head of Fostering".to_owned(),
        inherent_likelihood: "4".to_owned(),
        inherent_impact: "5".to_owned(),
        residual_likelihood: "3".to_owned(),
        residual_impact: "4".to_owned(),
        controls: "Recruitment campaign".to_owned(),
        review_date: "2012-03-31".to_owned(),
        trend: "steady".to_owned(),
        status: "open".to_owned(),
    }
}

fn scored(number: i64, inherent: (u8, u8), residual: (u8, u8), review: &str) -> Scored {
    let score = |(likelihood, impact): (u8, u8)| Score {
        likelihood: Rating::new(likelihood).unwrap(),
        impact: Rating::new(impact).unwrap(),
    };
    Scored {
        number,
        risk: Risk {
            inherent: score(inherent),
            residual: score(residual),
            review_date: date(review),
            ..input().check().unwrap()
        },
    }
}

#[test]
fn a_score_is_likelihood_times_impact_in_its_band() {
    let risk = input().check().unwrap();
    assert_eq!(risk.inherent.value(), 20);
    assert_eq!(risk.inherent.band(), Band::Extreme);
    assert_eq!(risk.residual.value(), 12);
    assert_eq!(risk.residual.band(), Band::High);
}

#[test]
fn every_possible_score_falls_in_the_band_its_range_prints() {
    let expected = [
        (1, Band::Low),
        (3, Band::Low),
        (4, Band::Moderate),
        (6, Band::Moderate),
        (8, Band::High),
        (12, Band::High),
        (15, Band::Extreme),
        (25, Band::Extreme),
    ];
    for (score, band) in expected {
        assert_eq!(Band::of(score), band, "score {score}");
    }
    for likelihood in Rating::all() {
        for impact in Rating::all() {
            let score = Score { likelihood, impact };
            let band = score.band();
            let (low, high) = band.range().split_once('–').unwrap();
            let value = score.value();
            assert!(
                (low.parse::<u8>().unwrap()..=high.parse::<u8>().unwrap()).contains(&value),
                "{value} is outside {}",
                band.range()
            );
        }
    }
}

#[test]
fn a_review_date_in_the_past_is_overdue_for_open_risks_only() {
    let mut risk = input().check().unwrap();
    assert!(!risk.is_review_overdue(date("2012-03-31")));
    assert!(risk.is_review_overdue(date("2012-04-01")));
    risk.status = RiskStatus::Closed;
    assert!(!risk.is_review_overdue(date("2012-04-01")));
}

#[test]
fn a_residual_score_above_the_inherent_score_is_refused_naming_both() {
    let mut typed = input();
    typed.inherent_likelihood = "3".to_owned();
    typed.inherent_impact = "3".to_owned();
    let error = typed.check().unwrap_err();
    assert_eq!(error.field, "residual score");
    assert_eq!(error.value, "12");
    assert!(
        error.reason.contains("above the inherent score of 9"),
        "{error}"
    );
}

/// Spoils one field of a good risk.
type Spoil = fn(&mut RiskInput);

#[test]
fn each_bad_field_is_refused_by_name_with_its_value() {
    let cases: [(Spoil, &str, &str); 7] = [
        (|i| i.description = "  ".to_owned(), "description", ""),
        (|i| i.owner.clear(), "owner", ""),
        (
            |i| i.inherent_likelihood = "6".to_owned(),
            "inherent likelihood",
            "6",
        ),
        (
            |i| i.residual_impact = "two".to_owned(),
            "residual impact",
            "two",
        ),
        (
            |i| i.review_date = "31/03/2012".to_owned(),
            "review date",
            "31/03/2012",
        ),
        (|i| i.trend = "up".to_owned(), "trend", "up"),
        (|i| i.status = "parked".to_owned(), "status", "parked"),
    ];
    for (spoil, field, value) in cases {
        let mut typed = input();
        spoil(&mut typed);
        let error = typed.check().unwrap_err();
        assert_eq!(
            (error.field, error.value.as_str()),
            (field, value),
            "{error}"
        );
    }
}

#[test]
fn a_checked_risk_gives_back_the_form_it_came_from() {
    let risk = input().check().unwrap();
    assert_eq!(RiskInput::from_risk(&risk), input());
}

#[test]
fn top_risks_rank_by_residual_then_inherent_then_overdue_and_leave_closed_out() {
    let today = date("2012-06-01");
    let mut closed = scored(5, (5, 5), (5, 5), "2013-01-01");
    closed.risk.status = RiskStatus::Closed;
    let risks = vec![
        scored(1, (3, 4), (3, 3), "2013-01-01"),
        scored(2, (4, 5), (3, 3), "2013-01-01"),
        scored(3, (3, 4), (3, 3), "2012-01-01"),
        scored(4, (4, 4), (4, 4), "2013-01-01"),
        closed,
    ];
    let numbers: Vec<i64> = top_risks(&risks, today, 3)
        .iter()
        .map(|s| s.number)
        .collect();
    assert_eq!(numbers, [4, 2, 3]);
}

#[test]
fn the_heat_map_places_open_risks_by_likelihood_and_impact() {
    let mut closed = scored(4, (3, 4), (3, 4), "2013-01-01");
    closed.risk.status = RiskStatus::Closed;
    let risks = vec![
        scored(3, (4, 5), (3, 4), "2013-01-01"),
        scored(1, (4, 5), (3, 4), "2013-01-01"),
        scored(2, (4, 5), (1, 2), "2013-01-01"),
        closed,
    ];
    let residual = HeatMap::of(&risks, |risk| risk.residual);
    let rating = |n| Rating::new(n).unwrap();
    assert_eq!(residual.at(rating(3), rating(4)), [1, 3]);
    assert_eq!(residual.at(rating(1), rating(2)), [2]);
    assert!(residual.at(rating(4), rating(3)).is_empty());
    let inherent = HeatMap::of(&risks, |risk| risk.inherent);
    assert_eq!(inherent.at(rating(4), rating(5)), [1, 2, 3]);
}

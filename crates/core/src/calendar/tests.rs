use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn holidays_in(calendar: &WorkingCalendar, year: i32) -> Vec<(u32, u32)> {
    calendar
        .bank_holidays(date(year, 1, 1), date(year, 12, 31))
        .into_iter()
        .map(|(day, _)| (day.month(), day.day()))
        .collect()
}

#[test]
fn published_bank_holidays_for_sample_years_match() {
    let calendar = WorkingCalendar::england_and_wales();
    let published: [(i32, &[(u32, u32)]); 5] = [
        (
            2010,
            &[
                (1, 1),
                (4, 2),
                (4, 5),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
        (
            2011,
            &[
                (1, 3),
                (4, 22),
                (4, 25),
                (4, 29),
                (5, 2),
                (5, 30),
                (8, 29),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2020,
            &[
                (1, 1),
                (4, 10),
                (4, 13),
                (5, 8),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2022,
            &[
                (1, 3),
                (4, 15),
                (4, 18),
                (5, 2),
                (6, 2),
                (6, 3),
                (8, 29),
                (9, 19),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2023,
            &[
                (1, 2),
                (4, 7),
                (4, 10),
                (5, 1),
                (5, 8),
                (5, 29),
                (8, 28),
                (12, 25),
                (12, 26),
            ],
        ),
    ];
    for (year, expected) in published {
        assert_eq!(
            holidays_in(&calendar, year),
            expected,
            "bank holidays of {year}"
        );
    }
}

#[test]
fn jubilees_moved_the_spring_bank_holiday() {
    let calendar = WorkingCalendar::england_and_wales();
    for (year, moved_from, jubilee) in [
        (
            2002,
            date(2002, 5, 27),
            [date(2002, 6, 3), date(2002, 6, 4)],
        ),
        (
            2012,
            date(2012, 5, 28),
            [date(2012, 6, 4), date(2012, 6, 5)],
        ),
        (
            2022,
            date(2022, 5, 30),
            [date(2022, 6, 2), date(2022, 6, 3)],
        ),
    ] {
        assert!(
            calendar.is_working_day(moved_from),
            "{year}: last Monday of May worked"
        );
        for day in jubilee {
            assert!(!calendar.is_working_day(day), "{day} is a holiday");
        }
    }
    assert!(
        calendar.is_working_day(date(2020, 5, 4)),
        "VE day moved early May to 8 May"
    );
}

#[test]
fn every_covered_year_has_easter_and_the_eight_usual_holidays() {
    let calendar = WorkingCalendar::england_and_wales();
    for year in 2000..=2030 {
        let easter = easter_sunday(year);
        let good_friday = easter - Days::new(2);
        let easter_monday = easter + Days::new(1);
        assert!(
            calendar.bank_holiday(good_friday) == Some("Good Friday"),
            "{year}"
        );
        assert!(
            calendar.bank_holiday(easter_monday) == Some("Easter Monday"),
            "{year}"
        );
        let one_offs = match year {
            2002 | 2011 | 2012 | 2023 => 1,
            2022 => 2,
            _ => 0,
        };
        assert_eq!(holidays_in(&calendar, year).len(), 8 + one_offs, "{year}");
    }
}

/// Anonymous Gregorian computus, written independently of the data file.
fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let h = (19 * a + b - b / 4 - (b - (b + 8) / 25 + 1) / 3 + 15) % 30;
    let l = (32 + 2 * (b % 4) + 2 * (c / 4) - h - c % 4) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month.unsigned_abs(), day.unsigned_abs())
}

#[test]
fn no_shipped_holiday_falls_at_a_weekend_and_the_range_is_2000_to_2030() {
    let calendar = WorkingCalendar::england_and_wales();
    for (day, name) in calendar.bank_holidays(date(1990, 1, 1), date(2040, 1, 1)) {
        assert!(
            !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
            "{day} {name}"
        );
    }
    assert_eq!(
        calendar.covered(),
        Some(date(2000, 1, 1)..=date(2030, 12, 31))
    );
    assert_eq!(
        calendar.bank_holiday(date(1999, 12, 31)),
        None,
        "millennium eve is out of range"
    );
    assert_eq!(
        calendar.bank_holiday(date(2000, 1, 3)),
        Some("New Year's Day (substitute day)")
    );
}

#[test]
fn the_list_can_be_extended_and_bad_lines_are_named() {
    let calendar = WorkingCalendar::england_and_wales()
        .extended_with("date,name\n2031-01-01,New Year's Day\n\n")
        .unwrap();
    assert!(!calendar.is_working_day(date(2031, 1, 1)));
    assert_eq!(
        calendar.covered(),
        Some(date(2000, 1, 1)..=date(2031, 12, 31))
    );

    let error = WorkingCalendar::weekends_only()
        .extended_with("date,name\n2031-01-01,New Year's Day\n2031-13-01,Nonsense")
        .unwrap_err();
    assert_eq!(error.line, 3);
    assert_eq!(error.value, "2031-13-01");
    assert!(error.to_string().contains("line 3"), "{error}");
    let error = WorkingCalendar::from_list("2031-04-18").unwrap_err();
    assert_eq!((error.line, error.value.as_str()), (1, "2031-04-18"));
    assert!(error.to_string().contains("no comma"), "{error}");
    let error = WorkingCalendar::from_list("2031-04-18,  ").unwrap_err();
    assert!(error.to_string().contains("no holiday name"), "{error}");
}

#[test]
fn fifteen_working_days_skip_weekends_and_bank_holidays() {
    let calendar = WorkingCalendar::england_and_wales();
    // Monday 12 April 2010, no holidays in the next three weeks except
    // Monday 3 May: 15 working days later is Tuesday 4 May, not Monday 3 May.
    let identified = date(2010, 4, 12);
    assert_eq!(calendar.add_working_days(identified, 15), date(2010, 5, 4));
    assert_eq!(
        calendar.working_days_between(identified, date(2010, 5, 4)),
        15
    );
    assert!(calendar.within_working_days(identified, date(2010, 5, 4), 15));
    assert!(!calendar.within_working_days(identified, date(2010, 5, 5), 15));
    // Friday before Easter 2010 (Good Friday 2 April, Easter Monday 5 April).
    assert_eq!(
        calendar.add_working_days(date(2010, 4, 1), 1),
        date(2010, 4, 6)
    );
    // Christmas 2010: 24 December (Friday) + 1 working day = 29 December.
    assert_eq!(
        calendar.add_working_days(date(2010, 12, 24), 1),
        date(2010, 12, 29)
    );
    assert_eq!(
        calendar.add_working_days(date(2010, 12, 25), 0),
        date(2010, 12, 25)
    );
    assert_eq!(
        calendar.working_days_between(date(2010, 12, 29), date(2010, 12, 24)),
        -1
    );
    assert_eq!(
        calendar.working_days_between(date(2010, 12, 24), date(2010, 12, 24)),
        0
    );
}

#[test]
fn months_clamp_to_the_end_of_shorter_months_and_weeks_are_seven_days() {
    assert_eq!(add_months(date(2011, 1, 31), 1), date(2011, 2, 28));
    assert_eq!(add_months(date(2012, 1, 31), 1), date(2012, 2, 29));
    assert_eq!(add_months(date(2010, 8, 31), 3), date(2010, 11, 30));
    assert_eq!(add_months(date(2010, 11, 15), 3), date(2011, 2, 15));
    assert_eq!(add_months(date(2011, 3, 31), -1), date(2011, 2, 28));
    assert_eq!(add_weeks(date(2010, 3, 1), 6), date(2010, 4, 12));
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..11_000).prop_map(|offset| date(2000, 1, 1) + chrono::Duration::days(offset))
}

proptest! {
    #[test]
    fn adding_working_days_lands_on_a_working_day_and_counting_inverts_it(
        start in any_date(),
        n in 1u32..80,
    ) {
        let calendar = WorkingCalendar::england_and_wales();
        let end = calendar.add_working_days(start, n);
        prop_assert!(calendar.is_working_day(end));
        prop_assert_eq!(calendar.working_days_between(start, end), i64::from(n));
        prop_assert_eq!(calendar.working_days_between(end, start), -i64::from(n));
        let day_before = end.pred_opt().unwrap();
        prop_assert!(calendar.working_days_between(start, day_before) < i64::from(n));
    }

    #[test]
    fn counting_is_additive(a in any_date(), b in any_date(), c in any_date()) {
        let calendar = WorkingCalendar::england_and_wales();
        prop_assert_eq!(
            calendar.working_days_between(a, b) + calendar.working_days_between(b, c),
            calendar.working_days_between(a, c)
        );
    }
}

//! The figures engine against the measures it adds up: on generated
//! registers (levels going up and down, closures and reopenings, Lead
//! Professionals coming and going, children with no locality), every figure
//! must equal what `register_measures` counts for that period and area.

use chrono::{Days, NaiveDate};

use crate::calendar::WorkingCalendar;
use crate::register::figures::*;
use crate::register::measures::{register_measures, Measure, Scope};
use crate::register::testkit::*;
use crate::register::*;

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

fn reopen(on: NaiveDate) -> Step {
    Step::Reopen(Reopening {
        date: on,
        reopened_by: coordinator(),
        reason: "New concerns".into(),
    })
}

fn end_lead(on: NaiveDate) -> Step {
    Step::EndLeadProfessional {
        date: on,
        reason: "Moved school".into(),
    }
}

/// A child with up to 30 random steps; steps the rules refuse are skipped.
fn generated_record(dice: &mut Dice, id: usize) -> ChildRecord {
    let localities = [Some("North"), Some("South"), Some("East"), None];
    let opened = date(2009, 1, 1) + Days::new(dice.roll(900));
    let mut child = child(&format!("C{id}"), "");
    child.locality = localities[dice.roll(4) as usize].map(String::from);
    let mut record = ChildRecord::new(child, opened);
    let mut day = opened;
    for _ in 0..dice.roll(30) {
        day = day + Days::new(dice.roll(50));
        let level = Level::ALL[dice.roll(5) as usize];
        let step = match dice.roll(12) {
            0 => concern(day, "school"),
            1 | 2 => set_level(day, level),
            3 => start_caf(day - Days::new(dice.roll(30)), day),
            4 => discuss_caf(day, CafOutcome::FamilySupportMeeting),
            5 => lead(day, "teacher", "school"),
            6 => end_lead(day),
            7 | 8 => meeting(day),
            9 => review(day),
            10 if dice.roll(3) == 0 => close(day),
            10 => Step::ReferToSafeguarding(referral(day)),
            _ => reopen(day),
        };
        let _refused_steps_are_skipped = record.apply(step, day);
    }
    record
}

fn generated_register(seed: u64, children: usize) -> Vec<ChildRecord> {
    let mut dice = Dice(seed);
    (0..children)
        .map(|id| generated_record(&mut dice, id))
        .collect()
}

fn figures_of(records: &[ChildRecord], calendar: &WorkingCalendar) -> Figures {
    let mut figures = Figures::default();
    for record in records {
        figures.add(&Contribution::of(record, calendar));
    }
    figures
}

fn counts(measure: &Measure) -> (i64, Option<i64>) {
    (
        measure.numerator as i64,
        measure.denominator.map(|d| d as i64),
    )
}

/// The measure as `register_measures` counts it for the figure's scope.
fn expected(
    records: &[ChildRecord],
    calendar: &WorkingCalendar,
    figure: &Figure,
) -> (i64, Option<i64>) {
    let scope = Scope {
        period: figure.period,
        locality: figure.locality.clone(),
    };
    let measures = register_measures(records, calendar, &scope);
    let by_level = |number: usize| counts(&measures.children_by_level[number].1);
    match figure.measure {
        RegisterMeasure::CafWithin15WorkingDays => counts(&measures.caf_within_15_working_days),
        RegisterMeasure::MeetingWithin6WeeksOfLevel3 => {
            counts(&measures.meeting_within_6_weeks_of_level_3)
        }
        RegisterMeasure::ReviewsWithin3Months => counts(&measures.reviews_within_3_months),
        RegisterMeasure::Level3WithLeadProfessional => {
            counts(&measures.level_3_with_lead_professional)
        }
        RegisterMeasure::ChildrenAtLevel0 => by_level(0),
        RegisterMeasure::ChildrenAtLevel1 => by_level(1),
        RegisterMeasure::ChildrenAtLevel2 => by_level(2),
        RegisterMeasure::ChildrenAtLevel3 => by_level(3),
        RegisterMeasure::ChildrenAtLevel4 => by_level(4),
        RegisterMeasure::ConcernsRaised => counts(&measures.concerns_raised),
        RegisterMeasure::SafeguardingReferrals => counts(&measures.safeguarding_referrals),
    }
}

fn assert_figures_match_measures(records: &[ChildRecord], figures: &Figures, today: NaiveDate) {
    let calendar = WorkingCalendar::england_and_wales();
    let all = figures.all(today);
    let first = records.iter().map(|r| r.opened).min().unwrap();
    let periods = register_periods(first, today);
    // Whole area and three localities, 11 measures, every period.
    assert_eq!(all.len(), 4 * 11 * periods.len());
    let mut nonzero = 0;
    for figure in &all {
        let got = (figure.numerator, figure.denominator);
        assert_eq!(got, expected(records, &calendar, figure), "{figure:?}");
        nonzero += usize::from(figure.numerator > 0);
    }
    // The register is busy enough that most measures count something.
    assert!(nonzero > all.len() / 4, "only {nonzero} non-zero figures");
}

#[test]
fn every_figure_equals_the_measure_for_its_period_and_area() {
    let calendar = WorkingCalendar::england_and_wales();
    for seed in [7, 2011, 99991] {
        let records = generated_register(seed, 60);
        let figures = figures_of(&records, &calendar);
        assert_figures_match_measures(&records, &figures, date(2012, 2, 10));
    }
}

#[test]
fn the_generated_register_has_the_edge_cases_the_engine_must_handle() {
    let records = generated_register(2011, 60);
    let reopened = records
        .iter()
        .filter(|r| r.status_changes.len() >= 2)
        .count();
    let stepped_down = records.iter().filter(|r| {
        r.levels
            .windows(2)
            .any(|pair| pair[1].level < pair[0].level)
    });
    let unplaced = records
        .iter()
        .filter(|r| r.child.locality.is_none())
        .count();
    let leads_ended = records
        .iter()
        .filter(|r| r.lead_professionals.iter().any(|l| l.until.is_some()))
        .count();
    assert!(reopened > 0 && stepped_down.count() > 0 && unplaced > 0 && leads_ended > 0);
}

#[test]
fn changing_one_record_moves_the_figures_to_a_full_recount() {
    let calendar = WorkingCalendar::england_and_wales();
    let mut records = generated_register(31, 40);
    let mut figures = figures_of(&records, &calendar);
    let today = date(2012, 6, 30);
    let steps = [
        set_level(date(2012, 3, 1), Level::FamilySupportPackage),
        meeting(date(2012, 3, 20)),
        close(date(2012, 5, 2)),
    ];
    for step in steps {
        let day = step.date();
        let child = records
            .iter_mut()
            .find(|record| (*record).clone().apply(step.clone(), day).is_ok())
            .expect("a child accepting the step");
        let before = Contribution::of(child, &calendar);
        child.apply(step, day).expect("accepted above");
        figures.remove(&before);
        figures.add(&Contribution::of(child, &calendar));
        assert_eq!(
            figures.all(today),
            figures_of(&records, &calendar).all(today)
        );
    }
    assert_figures_match_measures(&records, &figures, today);
}

#[test]
fn the_compact_form_and_the_stored_tallies_add_up_to_the_same_figures() {
    let calendar = WorkingCalendar::england_and_wales();
    let records = generated_register(5, 50);
    let direct = figures_of(&records, &calendar);
    let mut bytes = Vec::new();
    for record in &records {
        Contribution::of(record, &calendar).encode(&mut bytes);
    }
    let mut decoded = Figures::default();
    let mut at = 0;
    while at < bytes.len() {
        at += decoded.add_encoded(&bytes[at..]).unwrap();
    }
    let today = date(2012, 1, 1);
    assert_eq!(decoded.all(today), direct.all(today));
    let mut restored = Figures::default();
    for (locality, measure, month, tally) in direct.tallies() {
        restored.add_tally(locality, measure, month, tally);
    }
    assert_eq!(restored.all(today), direct.all(today));
    let mut one = Vec::new();
    Contribution::of(&records[0], &calendar).encode(&mut one);
    let cut = &one[..one.len() - 3];
    assert!(Figures::default().add_encoded(cut).is_err());
}

//! The register figures kept in the database: after an import, further steps
//! (for one child and in a batch), an erasure and a new bank holiday, both
//! the kept tallies and a recount from the stored contributions must give
//! exactly what the core's measures count over the records as stored.

use chrono::{Days, NaiveDate};
use trustboard_core::calendar::WorkingCalendar;
use trustboard_core::register::figures::{Figure, RegisterMeasure};
use trustboard_core::register::measures::{register_measures, Measure, Scope};
use trustboard_core::register::{
    Agency, AgencyId, CafDiscussion, CafOutcome, CafStart, Child, ChildFlags, ChildId, ChildRecord,
    Closure, ClosureOutcome, Concern, Gender, Level, LevelChange, Meeting, MeetingKind,
    Practitioner, PractitionerId, Reopening, Review, SafeguardingReferral, Step,
};
use trustboard_store::register::{
    AddedHolidays, Erasure, FigureSource, NewChild, NewStep, RegisterBatch,
};
use trustboard_store::Store;

use crate::harness::on_both_backends;
use crate::sample::KINGSTON;

on_both_backends!(
    kept_and_recounted_figures_equal_the_measures_through_every_kind_of_write,
    a_new_bank_holiday_recounts_caf_timeliness,
    concurrent_steps_for_children_on_one_page_both_reach_the_figures,
);

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn today() -> NaiveDate {
    date(2013, 3, 31)
}

fn worker() -> Practitioner {
    Practitioner {
        id: PractitionerId::new("t1"),
        name: "Ms Brown".into(),
        agency: AgencyId::new("school"),
    }
}

fn child(id: usize, locality: Option<&str>) -> Child {
    Child {
        id: ChildId::new(format!("C{id}")),
        organisation: KINGSTON.into(),
        name: format!("Child {id}"),
        date_of_birth: Some(date(2004, 2, 29)),
        gender: Gender::Female,
        ethnicity: None,
        setting: None,
        locality: locality.map(String::from),
        family: None,
        flags: ChildFlags::default(),
    }
}

/// Deterministic dice (xorshift) for the generated register.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % sides
    }
}

fn referral(on: NaiveDate) -> SafeguardingReferral {
    SafeguardingReferral {
        date: on,
        referred_by: worker(),
        reason: "Disclosure".into(),
    }
}

/// One random step of every kind the measures look at.
fn random_step(dice: &mut Dice, on: NaiveDate) -> Step {
    let level = Level::ALL[dice.roll(5) as usize];
    match dice.roll(11) {
        0 => Step::RecordConcern(Concern {
            date: on,
            raised_by: "Ms Brown".into(),
            agency: AgencyId::new("school"),
            description: "Often late".into(),
            suggested_level: None,
        }),
        1 | 2 => Step::SetLevel {
            change: LevelChange {
                level,
                date: on,
                set_by: worker(),
                reason: "Panel".into(),
            },
            referral: (level == Level::RiskOfSeriousHarm).then(|| referral(on)),
        },
        3 => Step::StartCaf(CafStart {
            need_identified: on - Days::new(dice.roll(40)),
            date: on,
            assessor: worker(),
            family_agreed: true,
        }),
        4 => Step::DiscussCaf(CafDiscussion {
            date: on,
            needs: vec!["Attendance".into()],
            strengths: vec![],
            outcome: CafOutcome::FamilySupportMeeting,
        }),
        5 => Step::AssignLeadProfessional {
            practitioner: worker(),
            date: on,
        },
        6 | 7 => Step::HoldMeeting(Meeting {
            kind: MeetingKind::FamilySupport,
            date: on,
            attendees: vec![worker()],
            plan: "Breakfast club".into(),
        }),
        8 => Step::RecordReview(Review {
            date: on,
            attendees: vec![],
            notes: "Better".into(),
        }),
        9 => Step::Close(Closure {
            date: on,
            outcome: ClosureOutcome::NeedsMet,
            closed_by: worker(),
            note: "Done".into(),
        }),
        _ => Step::Reopen(Reopening {
            date: on,
            reopened_by: worker(),
            reason: "New concerns".into(),
        }),
    }
}

/// A child with the random steps the rules accept.
fn generated_child(dice: &mut Dice, id: usize) -> NewChild {
    let localities = [Some("North Kingston"), Some("South Kingston"), None];
    let child = child(id, localities[dice.roll(3) as usize]);
    let opened = date(2011, 1, 1) + Days::new(dice.roll(500));
    let mut record = ChildRecord::new(child.clone(), opened);
    let mut steps = Vec::new();
    let mut day = opened;
    for _ in 0..dice.roll(20) {
        day = (day + Days::new(dice.roll(40))).min(today());
        let step = random_step(dice, day);
        if record.apply(step.clone(), day).is_ok() {
            steps.push(step);
        }
    }
    NewChild {
        child,
        opened,
        steps,
    }
}

async fn import_generated(store: &Store, seed: u64, children: usize) {
    let mut dice = Dice(seed);
    let batch = RegisterBatch {
        agencies: vec![Agency {
            id: AgencyId::new("school"),
            name: "Burlington Juniors".into(),
            organisation: KINGSTON.into(),
        }],
        practitioners: vec![worker()],
        children: (0..children)
            .map(|id| generated_child(&mut dice, id))
            .collect(),
    };
    store
        .import_register(KINGSTON, &batch, "coordinator", today())
        .await
        .expect("register import");
}

fn counts(measure: &Measure) -> (i64, Option<i64>) {
    let denominator = measure.denominator.map(|d| d as i64);
    (measure.numerator as i64, denominator)
}

/// What the core's measures count over the records for the figure's scope.
fn measured(
    records: &[ChildRecord],
    calendar: &WorkingCalendar,
    figure: &Figure,
) -> (i64, Option<i64>) {
    let scope = Scope {
        period: figure.period,
        locality: figure.locality.clone(),
    };
    let all = register_measures(records, calendar, &scope);
    let by_level = all
        .children_by_level
        .iter()
        .find(|(level, _)| RegisterMeasure::children_at(*level) == figure.measure);
    match (figure.measure, by_level) {
        (_, Some((_, measure))) => counts(measure),
        (RegisterMeasure::CafWithin15WorkingDays, _) => counts(&all.caf_within_15_working_days),
        (RegisterMeasure::MeetingWithin6WeeksOfLevel3, _) => {
            counts(&all.meeting_within_6_weeks_of_level_3)
        }
        (RegisterMeasure::ReviewsWithin3Months, _) => counts(&all.reviews_within_3_months),
        (RegisterMeasure::Level3WithLeadProfessional, _) => {
            counts(&all.level_3_with_lead_professional)
        }
        (RegisterMeasure::ConcernsRaised, _) => counts(&all.concerns_raised),
        (_, _) => counts(&all.safeguarding_referrals),
    }
}

/// Kept and recounted figures are the same, and each equals the measure.
async fn assert_figures_are_the_measures(store: &Store) -> Vec<Figure> {
    let kept = store
        .register_figures(KINGSTON, FigureSource::Kept)
        .await
        .expect("kept figures")
        .all(today());
    let recounted = store
        .register_figures(KINGSTON, FigureSource::Recounted)
        .await
        .expect("recounted figures")
        .all(today());
    assert_eq!(kept, recounted);
    let records = store.register_records(KINGSTON).await.expect("records");
    let calendar = store.working_calendar(KINGSTON).await.expect("calendar");
    assert!(!kept.is_empty());
    for figure in &kept {
        let got = (figure.numerator, figure.denominator);
        assert_eq!(got, measured(&records, &calendar, figure), "{figure:?}");
    }
    kept
}

fn figure(figures: &[Figure], measure: RegisterMeasure, period: &str) -> (i64, Option<i64>) {
    let found = figures
        .iter()
        .find(|f| f.measure == measure && f.locality.is_none() && f.period.to_string() == period)
        .unwrap_or_else(|| panic!("no {measure:?} figure for {period}"));
    (found.numerator, found.denominator)
}

async fn kept_and_recounted_figures_equal_the_measures_through_every_kind_of_write(store: Store) {
    import_generated(&store, 2011, 40).await;
    let before = assert_figures_are_the_measures(&store).await;
    // One step, then a batch moving several children, one of them twice.
    let mut dice = Dice(77);
    let mut batch = Vec::new();
    for id in [3, 5, 8, 13, 21, 3] {
        let child = ChildId::new(format!("C{id}"));
        let stored = store
            .register_record(KINGSTON, &child)
            .await
            .expect("record");
        let mut record = stored.record;
        let mut version = stored.version;
        for earlier in batch.iter().filter(|s: &&NewStep| s.child == child) {
            record
                .apply(earlier.step.clone(), today())
                .expect("accepted before");
            version += 1;
        }
        let accepted = (0..50)
            .map(|_| random_step(&mut dice, today()))
            .find(|step| record.clone().apply(step.clone(), today()).is_ok());
        if let Some(step) = accepted {
            batch.push(NewStep {
                child,
                step,
                expected_version: version,
            });
        }
    }
    assert!(batch.len() >= 4, "too few steps accepted: {batch:?}");
    let (first, rest) = batch.split_first().expect("a step");
    store
        .record_register_step(
            KINGSTON,
            &first.child,
            &first.step,
            first.expected_version,
            "worker",
            today(),
        )
        .await
        .expect("one step");
    store
        .record_register_steps(KINGSTON, rest, "worker", today())
        .await
        .expect("a batch of steps");
    assert_figures_are_the_measures(&store).await;
    let erasure = Erasure {
        child: &ChildId::new("C1"),
        decided_by: "coordinator",
        reason: "past retention",
        at: chrono::Utc::now(),
    };
    store
        .erase_register_child(KINGSTON, &erasure)
        .await
        .expect("erasure");
    let after = assert_figures_are_the_measures(&store).await;
    assert_ne!(before, after);
}

async fn a_new_bank_holiday_recounts_caf_timeliness(store: Store) {
    // Need identified Monday 2 May 2011 (a bank holiday): the 15th working
    // day after it is Monday 23 May, so completing it on 24 May is late.
    let mut c0 = NewChild {
        child: child(0, Some("North Kingston")),
        opened: date(2011, 5, 2),
        steps: Vec::new(),
    };
    c0.steps.push(Step::StartCaf(CafStart {
        need_identified: date(2011, 5, 2),
        date: date(2011, 5, 2),
        assessor: worker(),
        family_agreed: true,
    }));
    c0.steps.push(Step::DiscussCaf(CafDiscussion {
        date: date(2011, 5, 24),
        needs: vec!["Attendance".into()],
        strengths: vec![],
        outcome: CafOutcome::Flag,
    }));
    let batch = RegisterBatch {
        agencies: vec![Agency {
            id: AgencyId::new("school"),
            name: "Burlington Juniors".into(),
            organisation: KINGSTON.into(),
        }],
        practitioners: vec![worker()],
        children: vec![c0],
    };
    store
        .import_register(KINGSTON, &batch, "coordinator", today())
        .await
        .expect("import");
    let figures = assert_figures_are_the_measures(&store).await;
    let caf = RegisterMeasure::CafWithin15WorkingDays;
    assert_eq!(figure(&figures, caf, "2011-05"), (0, Some(1)));
    // A council holiday on Tuesday 3 May moves the deadline to 24 May: on time.
    let holidays = AddedHolidays {
        list: "2011-05-03,Council day\n",
        added_by: "coordinator",
        at: chrono::Utc::now(),
    };
    store
        .add_bank_holidays(KINGSTON, &holidays)
        .await
        .expect("holidays");
    let figures = assert_figures_are_the_measures(&store).await;
    assert_eq!(figure(&figures, caf, "2011-05"), (1, Some(1)));
}

async fn concurrent_steps_for_children_on_one_page_both_reach_the_figures(store: Store) {
    import_generated(&store, 5, 6).await;
    let writer = |id: &str| {
        let store = store.clone();
        let child = ChildId::new(id);
        tokio::spawn(async move {
            let stored = store.register_record(KINGSTON, &child).await?;
            let reopen = stored.record.closure_on(today()).is_some();
            let step = if reopen {
                Step::Reopen(Reopening {
                    date: today(),
                    reopened_by: worker(),
                    reason: "New concerns".into(),
                })
            } else {
                Step::ReferToSafeguarding(referral(today()))
            };
            store
                .record_register_step(KINGSTON, &child, &step, stored.version, "worker", today())
                .await
        })
    };
    let (first, second) = tokio::join!(writer("C1"), writer("C2"));
    first.expect("task").expect("first step");
    second.expect("task").expect("second step");
    assert_figures_are_the_measures(&store).await;
}

//! Small builders for register tests.

use chrono::NaiveDate;

use super::*;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn practitioner(id: &str, agency: &str) -> Practitioner {
    Practitioner {
        id: PractitionerId::new(id),
        name: format!("Practitioner {id}"),
        agency: AgencyId::new(agency),
    }
}

pub fn coordinator() -> Practitioner {
    practitioner("coordinator", "askk")
}

pub fn child(id: &str, locality: &str) -> Child {
    Child {
        id: ChildId::new(id),
        organisation: "Kingston".into(),
        name: format!("Child {id}"),
        date_of_birth: Some(date(2003, 5, 1)),
        gender: Gender::NotRecorded,
        ethnicity: None,
        setting: Some("Burlington Juniors".into()),
        locality: Some(locality.into()),
        family: None,
        flags: ChildFlags::default(),
    }
}

/// A record opened on `opened`, nothing else on it.
pub fn record(id: &str, locality: &str, opened: NaiveDate) -> ChildRecord {
    ChildRecord::new(child(id, locality), opened)
}

/// Applies a step that must pass; "today" is the step's own date.
pub fn apply(record: &mut ChildRecord, step: Step) {
    let date = step.date();
    record
        .apply(step, date)
        .unwrap_or_else(|error| panic!("step on {date} refused: {error}"));
}

pub fn concern(on: NaiveDate, agency: &str) -> Step {
    Step::RecordConcern(Concern {
        date: on,
        raised_by: "Ms Brown".into(),
        agency: AgencyId::new(agency),
        description: "Often late and hungry".into(),
        suggested_level: None,
    })
}

pub fn set_level(on: NaiveDate, level: Level) -> Step {
    let referral = (level == Level::RiskOfSeriousHarm).then(|| referral(on));
    Step::SetLevel {
        change: LevelChange {
            level,
            date: on,
            set_by: coordinator(),
            reason: "Agreed at panel".into(),
        },
        referral,
    }
}

pub fn referral(on: NaiveDate) -> SafeguardingReferral {
    SafeguardingReferral {
        date: on,
        referred_by: coordinator(),
        reason: "Disclosure of harm".into(),
    }
}

pub fn start_caf(need_identified: NaiveDate, on: NaiveDate) -> Step {
    Step::StartCaf(CafStart {
        need_identified,
        date: on,
        assessor: practitioner("teacher", "school"),
        family_agreed: true,
    })
}

pub fn discuss_caf(on: NaiveDate, outcome: CafOutcome) -> Step {
    Step::DiscussCaf(CafDiscussion {
        date: on,
        needs: vec!["Attendance".into()],
        strengths: vec!["Close to grandmother".into()],
        outcome,
    })
}

pub fn meeting(on: NaiveDate) -> Step {
    Step::HoldMeeting(Meeting {
        kind: MeetingKind::TeamAroundTheChild,
        date: on,
        attendees: vec![practitioner("teacher", "school"), coordinator()],
        plan: "Breakfast club; parenting course".into(),
    })
}

pub fn review(on: NaiveDate) -> Step {
    Step::RecordReview(Review {
        date: on,
        attendees: vec![practitioner("teacher", "school")],
        notes: "Attendance improving".into(),
    })
}

pub fn lead(on: NaiveDate, id: &str, agency: &str) -> Step {
    Step::AssignLeadProfessional {
        practitioner: practitioner(id, agency),
        date: on,
    }
}

pub fn close(on: NaiveDate) -> Step {
    Step::Close(Closure {
        date: on,
        outcome: ClosureOutcome::NeedsMet,
        closed_by: coordinator(),
        note: "Plan complete".into(),
    })
}

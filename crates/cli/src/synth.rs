//! A made-up but realistic early-help register, the same for the same seed:
//! families in Kingston's four clusters, concerns from several agencies,
//! levels, CAFs, Lead Professionals, meetings, reviews and closures from
//! April 2009 to March 2013. Delays are counted in working days, so they run
//! over weekends and bank holidays as real ones do; some CAFs, meetings and
//! reviews are late. Every step is checked by the core's rules as it is made.

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate};
use trustboard_core::calendar::WorkingCalendar;
use trustboard_core::register::{
    Agency, AgencyId, CafDelivery, CafDiscussion, CafOutcome, CafStart, Child, ChildFlags, ChildId,
    ChildRecord, Closure, ClosureOutcome, Concern, Gender, Level, LevelChange, Meeting,
    MeetingKind, Practitioner, PractitionerId, Review, SafeguardingReferral, Step,
};
use trustboard_store::register::{NewChild, RegisterBatch};

pub const LOCALITIES: [&str; 4] = [
    "Kingston Town",
    "Malden and Coombes",
    "Surbiton",
    "South of the Borough",
];

const AGENCIES: [(&str, &str); 7] = [
    ("school", "Schools"),
    ("health", "Health visiting and school nursing"),
    ("police", "Metropolitan Police"),
    ("youth", "Youth service"),
    ("early_years", "Children's centres"),
    ("camhs", "Child and adolescent mental health"),
    ("early_help", "Early help coordination"),
];

const FIRST_NAMES: [&str; 12] = [
    "Amelia", "Oliver", "Isla", "Harry", "Aisha", "Jack", "Mia", "Mohammed", "Ruby", "Leo", "Zara",
    "Noah",
];
const SURNAMES: [&str; 10] = [
    "Smith", "Khan", "Jones", "Patel", "Williams", "Brown", "Kim", "Taylor", "Nowak", "Evans",
];
const SETTINGS: [&str; 5] = [
    "Burlington Juniors",
    "Tolworth Infants",
    "Coombe Hill Juniors",
    "Christ Church Primary",
    "Southborough High",
];

/// First and last day steps may fall on.
pub fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2009, 4, 1).unwrap_or_default()
}

pub fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 3, 31).unwrap_or_default()
}

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u32, high: u32) -> u32 {
        low + (self.next() % u64::from(high - low + 1)) as u32
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.between(1, 100) <= percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}

fn practitioner(agency: &str, number: u32) -> Practitioner {
    Practitioner {
        id: PractitionerId::new(format!("{agency}-{number}")),
        name: format!("{} {}", agency_name(agency), number),
        agency: AgencyId::new(agency),
    }
}

fn agency_name(agency: &str) -> &'static str {
    AGENCIES
        .iter()
        .find(|(id, _)| *id == agency)
        .map_or("Practitioner", |(_, name)| name)
}

/// Builds one child's steps, checking each with the core as it goes.
struct Story<'a> {
    rng: &'a mut Rng,
    calendar: &'a WorkingCalendar,
    record: ChildRecord,
    steps: Vec<Step>,
    today: NaiveDate,
}

impl Story<'_> {
    fn coordinator(&mut self) -> Practitioner {
        let number = self.rng.between(1, 2);
        practitioner("early_help", number)
    }

    fn staff(&mut self, agency: &str) -> Practitioner {
        let number = self.rng.between(1, 3);
        practitioner(agency, number)
    }

    /// The date `days` working days after the latest entry.
    fn after(&self, days: u32) -> NaiveDate {
        self.calendar
            .add_working_days(self.record.latest_date(), days)
    }

    /// A date between `low` and `high` working days after the latest entry.
    fn later(&mut self, low: u32, high: u32) -> NaiveDate {
        let days = self.rng.between(low, high);
        self.after(days)
    }

    /// Records the step if it falls in the generated years; `false` when it does not.
    fn add(&mut self, step: Step) -> anyhow::Result<bool> {
        if step.date() > self.today {
            return Ok(false);
        }
        let date = step.date();
        self.record
            .apply(step.clone(), self.today)
            .with_context(|| format!("generated step on {date} for {}", self.record.child.id))?;
        self.steps.push(step);
        Ok(true)
    }

    fn set_level(&mut self, level: Level, date: NaiveDate) -> anyhow::Result<bool> {
        let set_by = self.coordinator();
        let referral = (level == Level::RiskOfSeriousHarm).then(|| SafeguardingReferral {
            date,
            referred_by: set_by.clone(),
            reason: "Disclosure of harm at home".into(),
        });
        self.add(Step::SetLevel {
            change: LevelChange {
                level,
                date,
                set_by,
                reason: "Agreed at the locality panel".into(),
            },
            referral,
        })
    }

    fn tell(mut self) -> anyhow::Result<Vec<Step>> {
        let first = *self
            .rng
            .pick(&["school", "health", "police", "early_years"]);
        let raised_by = self.staff(first);
        let opened = self.record.opened;
        if !self.add(concern(opened, &raised_by, "Often late, tired and hungry"))? {
            return Ok(self.steps);
        }
        if self.rng.chance(50) {
            let second = *self.rng.pick(&["youth", "camhs", "health", "school"]);
            let by = self.staff(second);
            let on = self.later(1, 15);
            self.add(concern(on, &by, "Withdrawn; family under strain"))?;
        }
        let level = if self.rng.chance(40) {
            Level::EarlyWarning
        } else {
            Level::Flagged
        };
        let on = self.later(1, 5);
        if !self.set_level(level, on)? {
            return Ok(self.steps);
        }
        if self.rng.chance(65) && !self.caf(first)? {
            return Ok(self.steps);
        }
        if self.rng.chance(4) {
            let on = self.later(1, 20);
            self.set_level(Level::RiskOfSeriousHarm, on)?;
            self.close(ClosureOutcome::SteppedUpToSocialCare, 1)?;
            return Ok(self.steps);
        }
        if self.rng.chance(75) {
            let outcome = *self.rng.pick(&[
                ClosureOutcome::NeedsMet,
                ClosureOutcome::NeedsMet,
                ClosureOutcome::SteppedDownToUniversalServices,
                ClosureOutcome::MovedAway,
                ClosureOutcome::FamilyWithdrew,
            ]);
            let wait = self.rng.between(10, 120);
            self.close(outcome, wait)?;
        }
        Ok(self.steps)
    }

    /// A CAF and, for some children, level 3 with its meeting and reviews.
    /// `false` once the generated years run out.
    fn caf(&mut self, agency: &str) -> anyhow::Result<bool> {
        let need_identified = self.later(0, 10);
        let assessor = self.staff(agency);
        let prepared = self
            .calendar
            .add_working_days(need_identified, self.rng.between(0, 3));
        if !self.add(Step::StartCaf(CafStart {
            need_identified,
            date: prepared,
            assessor,
            family_agreed: true,
        }))? {
            return Ok(false);
        }
        // Most within 15 working days of the need; a tail runs late.
        let delay = if self.rng.chance(80) {
            self.rng.between(4, 15)
        } else {
            self.rng.between(16, 30)
        };
        let discussed = self
            .calendar
            .add_working_days(need_identified, delay)
            .max(prepared);
        let level_3 = self.rng.chance(55);
        let outcome = if level_3 {
            CafOutcome::FamilySupportMeeting
        } else {
            *self.rng.pick(&[
                CafOutcome::Flag,
                CafOutcome::InvolveAnotherAgency,
                CafOutcome::NoFurtherAction,
            ])
        };
        if !self.add(Step::DiscussCaf(CafDiscussion {
            date: discussed,
            needs: vec!["School attendance".into(), "Parenting support".into()],
            strengths: vec!["Close to grandparents".into()],
            outcome,
        }))? {
            return Ok(false);
        }
        if outcome == CafOutcome::NoFurtherAction || !level_3 {
            return Ok(true);
        }
        self.level_3(agency).map(|_| true)
    }

    fn level_3(&mut self, agency: &str) -> anyhow::Result<bool> {
        let flagged = self.later(1, 5);
        if !self.set_level(Level::FamilySupportPackage, flagged)? {
            return Ok(false);
        }
        let lead = self.staff(agency);
        let appointed = self.later(0, 5);
        if !self.add(Step::AssignLeadProfessional {
            practitioner: lead.clone(),
            date: appointed,
        })? {
            return Ok(false);
        }
        // Mostly within six weeks (30 working days), some later.
        let wait = if self.rng.chance(80) {
            self.rng.between(5, 26)
        } else {
            self.rng.between(31, 50)
        };
        let coordinator = self.coordinator();
        let kind = *self.rng.pick(&[
            MeetingKind::TeamAroundTheChild,
            MeetingKind::FamilySupport,
            MeetingKind::Yisp,
        ]);
        if !self.add(Step::HoldMeeting(Meeting {
            kind,
            date: self
                .calendar
                .add_working_days(flagged, wait)
                .max(self.record.latest_date()),
            attendees: vec![lead.clone(), coordinator],
            plan: "Breakfast club; parenting course; school nurse sessions".into(),
        }))? {
            return Ok(false);
        }
        let delivery = self.later(1, 10);
        if !self.add(Step::StartCafDelivery(CafDelivery {
            date: delivery,
            plan: "Family and child support plan agreed at the meeting".into(),
        }))? {
            return Ok(false);
        }
        for _ in 0..self.rng.between(1, 4) {
            // About three months; some slip past.
            let wait = if self.rng.chance(80) {
                self.rng.between(40, 63)
            } else {
                self.rng.between(67, 90)
            };
            if !self.add(Step::RecordReview(Review {
                date: self.after(wait),
                attendees: vec![lead.clone()],
                notes: "Progress reviewed; plan updated".into(),
            }))? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn close(&mut self, outcome: ClosureOutcome, wait: u32) -> anyhow::Result<bool> {
        let closed_by = self.coordinator();
        self.add(Step::Close(Closure {
            date: self.after(wait),
            outcome,
            closed_by,
            note: "Closed at the locality panel".into(),
        }))
    }
}

fn concern(date: NaiveDate, by: &Practitioner, description: &str) -> Step {
    Step::RecordConcern(Concern {
        date,
        raised_by: by.name.clone(),
        agency: by.agency.clone(),
        description: description.into(),
        suggested_level: None,
    })
}

/// Children are made in chunks of this many, each from a seed of its own,
/// so chunks can be made on several threads and loaded one at a time.
pub const CHUNK_CHILDREN: u32 = 10_000;

/// The agencies and practitioners of a generated register.
pub fn staff(organisation: &str) -> (Vec<Agency>, Vec<Practitioner>) {
    let agencies = AGENCIES
        .iter()
        .map(|(id, name)| Agency {
            id: AgencyId::new(*id),
            name: (*name).into(),
            organisation: organisation.into(),
        })
        .collect();
    let practitioners = AGENCIES
        .iter()
        .flat_map(|(id, _)| (1..=3).map(move |n| practitioner(id, n)))
        .collect();
    (agencies, practitioners)
}

/// How many chunks make `children` children.
pub fn chunk_count(children: u32) -> u32 {
    children.div_ceil(CHUNK_CHILDREN)
}

/// The seed of chunk `index`: the register's own seed for the first chunk,
/// then the seed mixed with the chunk's number, so that chunks' streams
/// neither repeat nor overlap one another.
fn chunk_seed(seed: u64, index: u32) -> u64 {
    let mut z = u64::from(index);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    seed ^ z ^ (z >> 31)
}

/// Chunk `index` (from 0) of a register of `children` children: children
/// number `index × CHUNK_CHILDREN + 1` onwards, made from the chunk's own
/// seed, so any chunk can be made without the ones before it.
pub fn chunk(
    organisation: &str,
    children: u32,
    seed: u64,
    index: u32,
) -> anyhow::Result<Vec<NewChild>> {
    let first = index * CHUNK_CHILDREN;
    let last = children.min(first + CHUNK_CHILDREN);
    let mut rng = Rng(chunk_seed(seed, index));
    let calendar = WorkingCalendar::england_and_wales();
    let span = u32::try_from((end() - start()).num_days()).unwrap_or(0);
    let mut made = Vec::with_capacity(last.saturating_sub(first) as usize);
    // Families are numbered within the chunk's own range, so that chunks
    // never share one.
    let mut family = first;
    for number in first + 1..=last {
        // One child in four has a brother or sister already on the register.
        let sibling = number > first + 1 && rng.chance(25);
        if !sibling {
            family += 1;
        }
        let surname = SURNAMES[family as usize % SURNAMES.len()];
        let locality = LOCALITIES[(family as usize * 7 + 3) % LOCALITIES.len()];
        // Records open on a working day.
        let day = start() + Days::new(u64::from(rng.between(0, span)));
        let opened = calendar.add_working_days(day.pred_opt().unwrap_or(day), 1);
        let age = rng.between(0, 16);
        let child = Child {
            id: ChildId::new(format!("K{number:05}")),
            organisation: organisation.into(),
            name: format!("{} {surname}", rng.pick(&FIRST_NAMES)),
            date_of_birth: NaiveDate::from_ymd_opt(
                opened.year() - 1 - age as i32,
                rng.between(1, 12),
                rng.between(1, 28),
            ),
            gender: if rng.chance(50) {
                Gender::Female
            } else {
                Gender::Male
            },
            ethnicity: Some(
                (*rng.pick(&[
                    "White British",
                    "Asian British",
                    "Black British",
                    "Mixed",
                    "Other",
                ]))
                .into(),
            ),
            setting: Some((*rng.pick(&SETTINGS)).into()),
            locality: Some(locality.into()),
            family: Some(format!("F{family:05}")),
            flags: ChildFlags {
                free_school_meals: rng.chance(30),
                special_educational_needs: rng.chance(20),
                looked_after: rng.chance(3),
                young_carer: rng.chance(5),
            },
        };
        let story = Story {
            rng: &mut rng,
            calendar: &calendar,
            record: ChildRecord::new(child.clone(), opened),
            steps: Vec::new(),
            today: end(),
        };
        let steps = story.tell()?;
        made.push(NewChild {
            child,
            opened,
            steps,
        });
    }
    Ok(made)
}

/// A whole register of `children` children for `organisation`, the same
/// for the same `seed`: its chunks one after another.
pub fn register(organisation: &str, children: u32, seed: u64) -> anyhow::Result<RegisterBatch> {
    let (agencies, practitioners) = staff(organisation);
    let mut batch = RegisterBatch {
        agencies,
        practitioners,
        children: Vec::with_capacity(children as usize),
    };
    for index in 0..chunk_count(children) {
        batch
            .children
            .extend(chunk(organisation, children, seed, index)?);
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_register_and_another_seed_another() {
        let a = register("Kingston", 300, 7).expect("register");
        let b = register("Kingston", 300, 7).expect("register");
        let c = register("Kingston", 300, 8).expect("register");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn chunks_share_no_child_or_family_and_each_has_a_stream_of_its_own() {
        let children = CHUNK_CHILDREN + 200;
        let batch = register("Kingston", children, 7).expect("register");
        assert_eq!(batch.children.len(), children as usize);
        let ids: std::collections::HashSet<&str> = batch
            .children
            .iter()
            .map(|c| c.child.id.0.as_str())
            .collect();
        assert_eq!(ids.len(), children as usize);
        let (first, second) = batch.children.split_at(CHUNK_CHILDREN as usize);
        let families = |chunk: &[NewChild]| -> std::collections::HashSet<String> {
            chunk
                .iter()
                .filter_map(|c| c.child.family.clone())
                .collect()
        };
        assert!(families(first).is_disjoint(&families(second)));
        // The second chunk is not the first one's stream again.
        let opened =
            |chunk: &[NewChild]| chunk.iter().map(|c| c.opened).take(50).collect::<Vec<_>>();
        assert_ne!(opened(first), opened(second));
        assert_eq!(
            chunk("Kingston", children, 7, 1).expect("chunk 1 alone"),
            second
        );
    }

    #[test]
    fn the_register_holds_every_kind_of_step_in_every_cluster() {
        let batch = register("Kingston", 400, 2011).expect("register");
        let steps: Vec<&Step> = batch.children.iter().flat_map(|c| &c.steps).collect();
        let has = |f: fn(&Step) -> bool| steps.iter().any(|s| f(s));
        assert!(has(|s| matches!(s, Step::DiscussCaf(_))));
        assert!(has(|s| matches!(s, Step::HoldMeeting(_))));
        assert!(has(|s| matches!(s, Step::RecordReview(_))));
        assert!(has(|s| matches!(s, Step::Close(_))));
        assert!(has(|s| matches!(
            s,
            Step::SetLevel {
                referral: Some(_),
                ..
            }
        )));
        for locality in LOCALITIES {
            assert!(batch
                .children
                .iter()
                .any(|c| c.child.locality.as_deref() == Some(locality)));
        }
    }
}

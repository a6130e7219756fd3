//! Every register figure at once: each measure of [`super::measures`] for the
//! whole area and each locality, by month, quarter and financial year.
//!
//! The rules stay in [`super::measures`]. A child's [`Contribution`] is what
//! those rules make of its record, reduced to signed monthly tallies: one
//! entry per thing counted (a CAF completed in March 2024, on time), and for
//! the point-in-time measures one entry each time the child's standing at a
//! month's end changes (+1 to level 3 from May, −1 from August). Adding up
//! every child's contribution gives [`Figures`]; a quarter or a year is the
//! sum of its months, and a point-in-time figure is the running total at the
//! period's last month. Because tallies only add, a changed record updates
//! the figures by taking its old contribution away and adding the new one.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::calendar::WorkingCalendar;
use crate::period::Period;

use super::level::Level;
use super::measures::{
    caf_results, concern_dates, meeting_results, referral_dates, review_results, standing_changes,
    standing_on, Standing,
};
use super::record::ChildRecord;

/// A register measure a plan indicator can be fed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegisterMeasure {
    CafWithin15WorkingDays,
    MeetingWithin6WeeksOfLevel3,
    ReviewsWithin3Months,
    Level3WithLeadProfessional,
    ChildrenAtLevel0,
    ChildrenAtLevel1,
    ChildrenAtLevel2,
    ChildrenAtLevel3,
    ChildrenAtLevel4,
    ConcernsRaised,
    SafeguardingReferrals,
}

impl RegisterMeasure {
    pub const ALL: [RegisterMeasure; 11] = [
        RegisterMeasure::CafWithin15WorkingDays,
        RegisterMeasure::MeetingWithin6WeeksOfLevel3,
        RegisterMeasure::ReviewsWithin3Months,
        RegisterMeasure::Level3WithLeadProfessional,
        RegisterMeasure::ChildrenAtLevel0,
        RegisterMeasure::ChildrenAtLevel1,
        RegisterMeasure::ChildrenAtLevel2,
        RegisterMeasure::ChildrenAtLevel3,
        RegisterMeasure::ChildrenAtLevel4,
        RegisterMeasure::ConcernsRaised,
        RegisterMeasure::SafeguardingReferrals,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RegisterMeasure::CafWithin15WorkingDays => "caf_within_15_working_days",
            RegisterMeasure::MeetingWithin6WeeksOfLevel3 => "meeting_within_6_weeks_of_level_3",
            RegisterMeasure::ReviewsWithin3Months => "reviews_within_3_months",
            RegisterMeasure::Level3WithLeadProfessional => "level_3_with_lead_professional",
            RegisterMeasure::ChildrenAtLevel0 => "children_at_level_0",
            RegisterMeasure::ChildrenAtLevel1 => "children_at_level_1",
            RegisterMeasure::ChildrenAtLevel2 => "children_at_level_2",
            RegisterMeasure::ChildrenAtLevel3 => "children_at_level_3",
            RegisterMeasure::ChildrenAtLevel4 => "children_at_level_4",
            RegisterMeasure::ConcernsRaised => "concerns_raised",
            RegisterMeasure::SafeguardingReferrals => "safeguarding_referrals",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|measure| measure.name() == name)
    }

    pub fn children_at(level: Level) -> Self {
        match level {
            Level::Universal => RegisterMeasure::ChildrenAtLevel0,
            Level::EarlyWarning => RegisterMeasure::ChildrenAtLevel1,
            Level::Flagged => RegisterMeasure::ChildrenAtLevel2,
            Level::FamilySupportPackage => RegisterMeasure::ChildrenAtLevel3,
            Level::RiskOfSeriousHarm => RegisterMeasure::ChildrenAtLevel4,
        }
    }

    /// A share of those counted (`None` denominators are plain counts).
    pub fn is_proportion(self) -> bool {
        self.slot() < 4
    }

    /// Counted on the period's last day rather than over the period.
    pub fn at_period_end(self) -> bool {
        (3..9).contains(&self.slot())
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// A tally slot past the measures: children opened that month, which says
/// where the register's periods begin.
const OPENED: usize = RegisterMeasure::ALL.len();
const SLOTS: usize = OPENED + 1;

/// A calendar month as one number: `year * 12 + month - 1`.
pub type Month = i32;

pub fn month_of(date: NaiveDate) -> Month {
    date.year() * 12 + date.month0() as i32
}

/// How many were counted and how many of those were in the numerator; for
/// point-in-time measures, the change in both at a month's end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub counted: i64,
    pub in_numerator: i64,
}

impl Tally {
    fn add(&mut self, other: Tally, sign: i64) {
        self.counted += sign * other.counted;
        self.in_numerator += sign * other.in_numerator;
    }

    pub fn is_zero(&self) -> bool {
        self.counted == 0 && self.in_numerator == 0
    }
}

/// One monthly tally of a child's contribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    slot: u8,
    pub month: Month,
    /// +1 or −1.
    counted: i8,
    /// −1, 0 or +1.
    in_numerator: i8,
}

impl Entry {
    fn new(slot: usize, month: Month, counted: i8, in_numerator: bool) -> Entry {
        Entry {
            slot: slot as u8,
            month,
            counted,
            in_numerator: if in_numerator { counted } else { 0 },
        }
    }

    /// The measure tallied; `None` for the children-opened tally.
    pub fn measure(&self) -> Option<RegisterMeasure> {
        RegisterMeasure::ALL.get(usize::from(self.slot)).copied()
    }

    pub fn tally(&self) -> Tally {
        Tally {
            counted: i64::from(self.counted),
            in_numerator: i64::from(self.in_numerator),
        }
    }
}

/// What one child's record adds to the figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub locality: Option<String>,
    pub entries: Vec<Entry>,
}

impl Contribution {
    /// The record's contribution, by the rules of [`super::measures`].
    pub fn of(record: &ChildRecord, calendar: &WorkingCalendar) -> Contribution {
        let mut entries = vec![Entry::new(OPENED, month_of(record.opened), 1, true)];
        let dated = [
            (
                RegisterMeasure::CafWithin15WorkingDays,
                caf_results(record, calendar).collect::<Vec<_>>(),
            ),
            (
                RegisterMeasure::MeetingWithin6WeeksOfLevel3,
                meeting_results(record).collect(),
            ),
            (
                RegisterMeasure::ReviewsWithin3Months,
                review_results(record).collect(),
            ),
            (
                RegisterMeasure::ConcernsRaised,
                concern_dates(record).collect(),
            ),
            (
                RegisterMeasure::SafeguardingReferrals,
                referral_dates(record).collect(),
            ),
        ];
        for (measure, results) in dated {
            entries.extend(
                results
                    .into_iter()
                    .map(|(date, yes)| Entry::new(measure.slot(), month_of(date), 1, yes)),
            );
        }
        entries.extend(standing_entries(record));
        Contribution {
            locality: record.child.locality.clone(),
            entries,
        }
    }

    /// Appends the compact form read back by [`Figures::add_encoded`].
    pub fn encode(&self, out: &mut Vec<u8>) {
        match &self.locality {
            Some(name) => {
                out.extend_from_slice(&(name.len() as u32).to_le_bytes());
                out.extend_from_slice(name.as_bytes());
            }
            None => out.extend_from_slice(&NO_LOCALITY.to_le_bytes()),
        }
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for entry in &self.entries {
            let numerator_bits = match entry.in_numerator {
                0 => 0,
                1 => 1,
                _ => 2,
            };
            let negative = u8::from(entry.counted < 0);
            out.push(entry.slot | negative << 4 | numerator_bits << 5);
            out.extend_from_slice(&entry.month.to_le_bytes());
        }
    }
}

/// The locality length that stands for "no locality" in the compact form.
const NO_LOCALITY: u32 = u32::MAX;

/// A contribution's compact form ended early or held an unknown tally.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a register figure contribution is damaged at byte {at}")]
pub struct DamagedContribution {
    pub at: usize,
}

/// The child's standing at each month's end, as +1/−1 entries where it changes.
fn standing_entries(record: &ChildRecord) -> Vec<Entry> {
    // The standing at a month's end is the one at the month's last change.
    let mut at_month_ends: Vec<(Month, Standing)> = Vec::new();
    for day in standing_changes(record) {
        let standing = standing_on(record, day);
        match at_month_ends.last_mut() {
            Some((month, last)) if *month == month_of(day) => *last = standing,
            _ => at_month_ends.push((month_of(day), standing)),
        }
    }
    let mut entries = Vec::new();
    let mut previous = Standing::Uncounted;
    for (month, standing) in at_month_ends {
        if standing == previous {
            continue;
        }
        push_standing(&mut entries, month, previous, -1);
        push_standing(&mut entries, month, standing, 1);
        previous = standing;
    }
    entries
}

fn push_standing(entries: &mut Vec<Entry>, month: Month, standing: Standing, sign: i8) {
    let Standing::Open { level, lead } = standing else {
        return;
    };
    entries.push(Entry::new(
        RegisterMeasure::children_at(level).slot(),
        month,
        sign,
        true,
    ));
    if level == Level::FamilySupportPackage {
        let slot = RegisterMeasure::Level3WithLeadProfessional.slot();
        entries.push(Entry::new(slot, month, sign, lead));
    }
}

/// One area's tallies, month by month from `first`.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tallies {
    first: Month,
    months: Vec<[Tally; SLOTS]>,
}

impl Tallies {
    fn add(&mut self, month: Month, slot: usize, tally: Tally, sign: i64) {
        if self.months.is_empty() {
            self.first = month;
        }
        if month < self.first {
            let before = (self.first - month) as usize;
            self.months
                .splice(0..0, std::iter::repeat_n([Tally::default(); SLOTS], before));
            self.first = month;
        }
        let index = (month - self.first) as usize;
        if index >= self.months.len() {
            self.months.resize(index + 1, [Tally::default(); SLOTS]);
        }
        self.months[index][slot].add(tally, sign);
    }

    fn get(&self, month: Month, slot: usize) -> Tally {
        usize::try_from(month - self.first)
            .ok()
            .and_then(|index| self.months.get(index))
            .map_or_else(Tally::default, |tallies| tallies[slot])
    }

    fn merge(&mut self, other: &Tallies) {
        for (offset, tallies) in other.months.iter().enumerate() {
            for (slot, tally) in tallies.iter().enumerate() {
                if !tally.is_zero() {
                    self.add(other.first + offset as Month, slot, *tally, 1);
                }
            }
        }
    }
}

/// One figure: a measure for an area and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub measure: RegisterMeasure,
    /// `None` for the whole area.
    pub locality: Option<String>,
    pub period: Period,
    pub numerator: i64,
    /// `None` for plain counts.
    pub denominator: Option<i64>,
}

/// Every child's contribution added up, by locality and month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    localities: HashMap<String, Tallies>,
    unplaced: Tallies,
}

impl Figures {
    pub fn add(&mut self, contribution: &Contribution) {
        self.apply(contribution, 1);
    }

    pub fn remove(&mut self, contribution: &Contribution) {
        self.apply(contribution, -1);
    }

    fn apply(&mut self, contribution: &Contribution, sign: i64) {
        let area = self.area(contribution.locality.as_deref());
        for entry in &contribution.entries {
            area.add(entry.month, usize::from(entry.slot), entry.tally(), sign);
        }
    }

    fn area(&mut self, locality: Option<&str>) -> &mut Tallies {
        match locality {
            None => &mut self.unplaced,
            Some(name) => {
                if !self.localities.contains_key(name) {
                    self.localities.insert(name.to_string(), Tallies::default());
                }
                self.localities.get_mut(name).unwrap_or(&mut self.unplaced)
            }
        }
    }

    /// Adds one contribution in the compact form of [`Contribution::encode`]
    /// without building it; returns the bytes it took.
    pub fn add_encoded(&mut self, bytes: &[u8]) -> Result<usize, DamagedContribution> {
        let mut reader = Reader { bytes, at: 0 };
        let length = u32::from_le_bytes(reader.take()?);
        let locality = if length == NO_LOCALITY {
            None
        } else {
            let name = reader.slice(length as usize)?;
            Some(std::str::from_utf8(name).map_err(|_| reader.damaged())?)
        };
        let count = u32::from_le_bytes(reader.take()?) as usize;
        let entries_at = reader.at;
        reader.slice(count * 5)?;
        let area = self.area(locality);
        for raw in bytes[entries_at..entries_at + count * 5].chunks_exact(5) {
            let slot = usize::from(raw[0] & 0x0f);
            if slot >= SLOTS {
                return Err(DamagedContribution { at: entries_at });
            }
            let counted = if raw[0] & 0x10 == 0 { 1 } else { -1 };
            let in_numerator = match raw[0] >> 5 {
                0 => 0,
                1 => 1,
                _ => -1,
            };
            let month = i32::from_le_bytes([raw[1], raw[2], raw[3], raw[4]]);
            let tally = Tally {
                counted,
                in_numerator,
            };
            area.add(month, slot, tally, 1);
        }
        Ok(reader.at)
    }

    /// Adds figures gathered separately (another part of the register).
    pub fn merge(&mut self, other: &Figures) {
        for (name, tallies) in &other.localities {
            self.area(Some(name)).merge(tallies);
        }
        self.unplaced.merge(&other.unplaced);
    }

    /// Every non-zero monthly tally: locality, measure (`None` for children
    /// opened), month and tally; what is stored to keep the figures.
    pub fn tallies(&self) -> Vec<(Option<&str>, Option<RegisterMeasure>, Month, Tally)> {
        let areas = self
            .localities
            .iter()
            .map(|(name, tallies)| (Some(name.as_str()), tallies))
            .chain([(None, &self.unplaced)]);
        let mut all = Vec::new();
        for (locality, tallies) in areas {
            for (offset, months) in tallies.months.iter().enumerate() {
                for (slot, tally) in months.iter().enumerate() {
                    if !tally.is_zero() {
                        let measure = RegisterMeasure::ALL.get(slot).copied();
                        all.push((locality, measure, tallies.first + offset as Month, *tally));
                    }
                }
            }
        }
        all
    }

    /// Adds a stored monthly tally (see [`Figures::tallies`]).
    pub fn add_tally(
        &mut self,
        locality: Option<&str>,
        measure: Option<RegisterMeasure>,
        month: Month,
        tally: Tally,
    ) {
        let slot = measure.map_or(OPENED, RegisterMeasure::slot);
        self.area(locality).add(month, slot, tally, 1);
    }

    /// The localities with children on the register, in name order.
    pub fn localities(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .localities
            .iter()
            .filter(|(_, tallies)| tallies.months.iter().any(|m| !m[OPENED].is_zero()))
            .map(|(name, _)| name.as_str())
            .collect();
        names.sort_unstable();
        names
    }

    /// The month the first child was put on the register.
    fn first_opened(&self) -> Option<Month> {
        self.localities
            .values()
            .chain([&self.unplaced])
            .filter_map(|tallies| {
                let offset = tallies.months.iter().position(|m| !m[OPENED].is_zero())?;
                Some(tallies.first + offset as Month)
            })
            .min()
    }

    /// Every figure: each measure for the whole area and each locality, for
    /// every month, quarter and financial year from the one holding the
    /// first opening to the one holding `today`; empty for an empty register.
    pub fn all(&self, today: NaiveDate) -> Vec<Figure> {
        let Some(first) = self.first_opened() else {
            return Vec::new();
        };
        let periods = register_periods(first_day(first), today);
        let mut whole = Tallies::default();
        for tallies in self.localities.values().chain([&self.unplaced]) {
            whole.merge(tallies);
        }
        let mut areas: Vec<(Option<String>, &Tallies)> = vec![(None, &whole)];
        for name in self.localities() {
            areas.push((Some(name.to_string()), &self.localities[name]));
        }
        let mut figures = Vec::new();
        for (locality, tallies) in areas {
            let running = RunningTotals::of(tallies);
            for measure in RegisterMeasure::ALL {
                for period in &periods {
                    let tally = if measure.at_period_end() {
                        running.at(month_of(period.end()), measure.slot())
                    } else {
                        let months = month_of(period.start())..=month_of(period.end());
                        months.fold(Tally::default(), |mut sum, month| {
                            sum.add(tallies.get(month, measure.slot()), 1);
                            sum
                        })
                    };
                    figures.push(Figure {
                        measure,
                        locality: locality.clone(),
                        period: *period,
                        numerator: tally.in_numerator,
                        denominator: measure.is_proportion().then_some(tally.counted),
                    });
                }
            }
        }
        figures
    }
}

/// Running totals of an area's tallies: the point-in-time counts at each month's end.
struct RunningTotals<'a> {
    tallies: &'a Tallies,
    totals: Vec<[Tally; SLOTS]>,
}

impl<'a> RunningTotals<'a> {
    fn of(tallies: &'a Tallies) -> Self {
        let mut sum = [Tally::default(); SLOTS];
        let totals = tallies
            .months
            .iter()
            .map(|month| {
                for (slot, tally) in month.iter().enumerate() {
                    sum[slot].add(*tally, 1);
                }
                sum
            })
            .collect();
        RunningTotals { tallies, totals }
    }

    fn at(&self, month: Month, slot: usize) -> Tally {
        if self.tallies.months.is_empty() || month < self.tallies.first {
            return Tally::default();
        }
        let index = ((month - self.tallies.first) as usize).min(self.totals.len() - 1);
        self.totals[index][slot]
    }
}

fn first_day(month: Month) -> NaiveDate {
    NaiveDate::from_ymd_opt(month.div_euclid(12), month.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(NaiveDate::MIN)
}

/// Months, quarters and financial years from the one holding `first` to the
/// one holding `today`.
pub fn register_periods(first: NaiveDate, today: NaiveDate) -> Vec<Period> {
    let financial_year = |date: NaiveDate| {
        if date.month() >= 4 {
            date.year()
        } else {
            date.year() - 1
        }
    };
    let month = Period::month(first.year(), first.month() as u8);
    let start = financial_year(first);
    let quarter_index = (first.year() - start) * 12 + first.month() as i32 - 4;
    let quarter = Period::quarter(start, (quarter_index / 3 + 1) as u8);
    let mut all = Vec::new();
    for first_of_kind in [month, quarter, Period::financial(start)] {
        let mut period = first_of_kind;
        while period.start() <= today {
            all.push(period);
            period = period.next();
        }
    }
    all
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn slice(&mut self, length: usize) -> Result<&'a [u8], DamagedContribution> {
        let part = self
            .bytes
            .get(self.at..self.at + length)
            .ok_or(self.damaged())?;
        self.at += length;
        Ok(part)
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], DamagedContribution> {
        let part = self.slice(N)?;
        part.try_into().map_err(|_| self.damaged())
    }

    fn damaged(&self) -> DamagedContribution {
        DamagedContribution { at: self.at }
    }
}

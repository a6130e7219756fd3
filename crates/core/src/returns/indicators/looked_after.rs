//! NI 58, 61, 62, 63, 66, 147, 148 and the count of children looked after.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::calendar::add_months;
use crate::returns::figure::{Counted, Figure, ReturnIndicator};
use crate::returns::ssda903::{Episode, Ssda903};

use super::care::{
    age_on, care_episodes, care_start, open_on, placement_start, placements_between,
};
use super::{dates, day, reviews_on_time, IndicatorInputs};

/// A child looked after at 31 March, with their episodes of care.
struct AtYearEnd<'a> {
    child: &'a str,
    episodes: Vec<&'a Episode>,
    /// The episode open on 31 March.
    open: usize,
    care_start: NaiveDate,
    dob: Option<NaiveDate>,
}

/// Children with an episode other than respite open on 31 March.
fn looked_after_at_end<'a>(ret: &'a Ssda903, end: NaiveDate) -> Vec<AtYearEnd<'a>> {
    let births = ret.births();
    ret.episodes_by_child()
        .into_iter()
        .filter_map(|(child, episodes)| {
            let episodes = care_episodes(&episodes);
            let open = open_on(&episodes, end)?;
            Some(AtYearEnd {
                child,
                care_start: care_start(&episodes, open)?,
                open,
                dob: births.get(child).copied(),
                episodes,
            })
        })
        .collect()
}

impl AtYearEnd<'_> {
    fn in_care_since(&self) -> String {
        format!("in care since {}", day(self.care_start))
    }

    fn age(&self, end: NaiveDate) -> String {
        self.dob.map_or("date of birth not recorded".into(), |dob| {
            format!("aged {} on {}", age_on(dob, end), day(end))
        })
    }
}

pub fn all(ret: &Ssda903, inputs: &IndicatorInputs) -> Vec<ReturnIndicator> {
    let cohort = looked_after_at_end(ret, inputs.year.end());
    let mut indicators = vec![
        children_looked_after(&cohort),
        ni_58(ret, &cohort, inputs),
        ni_61(ret, inputs),
        ni_62(&cohort, inputs),
        ni_63(&cohort, inputs),
        ni_66(ret, &cohort, inputs),
        ni_147(ret),
        ni_148(ret),
    ];
    if let Some(population) = inputs.population {
        indicators.insert(1, rate_per_10000(&cohort, population));
    }
    indicators
}

/// Each child of the cohort, counted.
fn everyone(cohort: &[AtYearEnd]) -> Vec<Counted> {
    cohort
        .iter()
        .map(|c| Counted::new(c.child, true, c.in_care_since()))
        .collect()
}

fn children_looked_after(cohort: &[AtYearEnd]) -> ReturnIndicator {
    ReturnIndicator::new(
        "CLA at 31 March",
        "Children looked after at 31 March",
        Figure::Count,
        "Children with an episode of care open on 31 March, other than an agreed series of short-term placements (LS V3, V4).",
    )
    .headcount(everyone(cohort), None)
}

fn rate_per_10000(cohort: &[AtYearEnd], population: u64) -> ReturnIndicator {
    ReturnIndicator::new(
        "CLA rate per 10,000",
        "Children looked after at 31 March per 10,000 children under 18",
        Figure::RatePer10000,
        "Children looked after at 31 March (as counted above) per 10,000 of the population under 18 given.",
    )
    .headcount(everyone(cohort), Some(population))
}

fn ni_62(cohort: &[AtYearEnd], inputs: &IndicatorInputs) -> ReturnIndicator {
    let (start, end) = (inputs.year.start(), inputs.year.end());
    let counted = cohort
        .iter()
        .map(|c| {
            let placements = placements_between(&c.episodes, start, end);
            let facts = format!(
                "{placements} placements in the year ({})",
                c.in_care_since()
            );
            Counted::new(c.child, placements >= 3, facts)
        })
        .collect();
    ReturnIndicator::new(
        "NI 62",
        "Stability of placements of looked after children: number of moves",
        Figure::Percentage,
        "Children looked after at 31 March (not respite) who had three or more placements in the year (1 April to 31 March): the placement held on 1 April plus each new placement begun (RNE S, P, T, U, B), not counting temporary placements (T0-T4) or returns from them, or placements for adoption with current foster carers (A3, A5).",
    )
    .proportion(counted)
}

fn ni_63(cohort: &[AtYearEnd], inputs: &IndicatorInputs) -> ReturnIndicator {
    let end = inputs.year.end();
    let counted = cohort
        .iter()
        .filter(|c| c.dob.is_some_and(|dob| age_on(dob, end) < 16))
        .filter(|c| c.care_start <= add_months(end, -30))
        .map(|c| {
            let placed = placement_start(&c.episodes, c.open);
            let settled = placed.is_some_and(|start| start <= add_months(end, -24));
            let facts = format!(
                "{}; {}; in the current placement since {}",
                c.age(end),
                c.in_care_since(),
                dates(placed)
            );
            Counted::new(c.child, settled, facts)
        })
        .collect();
    ReturnIndicator::new(
        "NI 63",
        "Stability of placements of looked after children: length of placement",
        Figure::Percentage,
        "Children under 16 at 31 March, looked after continuously for at least 2.5 years, who had been in their current placement for at least 2 years (changes of legal status only do not end a placement; a placement for adoption counts together with the placement before it).",
    )
    .proportion(counted)
}

/// The latest day the next review may be held: the first within 20 working
/// days of care starting, the second within 3 months of the first, each later
/// one within 6 months of the one before.
fn review_due(previous: NaiveDate, held_so_far: usize, inputs: &IndicatorInputs) -> NaiveDate {
    match held_so_far {
        0 => inputs.calendar.add_working_days(previous, 20),
        1 => add_months(previous, 3),
        _ => add_months(previous, 6),
    }
}

fn ni_66(ret: &Ssda903, cohort: &[AtYearEnd], inputs: &IndicatorInputs) -> ReturnIndicator {
    let end = inputs.year.end();
    let mut reviews: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for review in &ret.reviews {
        if let Some(date) = review.date {
            reviews.entry(&review.child).or_default().push(date);
        }
    }
    let four_weeks_before_end = end - Days::new(28);
    let counted = cohort
        .iter()
        .filter(|c| c.care_start <= four_weeks_before_end)
        .map(|c| {
            let held = reviews.get(c.child).into_iter().flatten().copied();
            let due = |previous, held_so_far| review_due(previous, held_so_far, inputs);
            let facts = format!(
                "{}; reviews held: {}",
                c.in_care_since(),
                dates(held.clone())
            );
            Counted::new(
                c.child,
                reviews_on_time(c.care_start, held, inputs.year, due),
                facts,
            )
        })
        .collect();
    ReturnIndicator::new(
        "NI 66",
        "Looked after children cases which were reviewed within required timescales",
        Figure::Percentage,
        "Children looked after at 31 March, continuously for at least 4 weeks, whose every review in the year was on time (first within 20 working days of care starting, second within 3 months, then every 6 months) and none overdue on 31 March.",
    )
    .proportion(counted)
}

fn ni_58(ret: &Ssda903, cohort: &[AtYearEnd], inputs: &IndicatorInputs) -> ReturnIndicator {
    let end = inputs.year.end();
    let scores: BTreeMap<&str, u32> = ret
        .oc2
        .iter()
        .filter_map(|row| Some((row.child.as_str(), row.score()?)))
        .collect();
    let mut counted = Vec::new();
    for c in cohort {
        let in_age = c
            .dob
            .is_some_and(|dob| (4..=16).contains(&age_on(dob, end)));
        let long_enough = c.care_start <= add_months(end, -12);
        if let Some(score) = scores.get(c.child).filter(|_| in_age && long_enough) {
            let facts = format!("SDQ score {score}; {}; {}", c.age(end), c.in_care_since());
            counted.push(Counted::scored(c.child, *score, facts));
        }
    }
    ReturnIndicator::new(
        "NI 58",
        "Emotional and behavioural health of children in care",
        Figure::Average,
        "Average SDQ total score (OC2) of children looked after at 31 March, continuously for at least 12 months, aged 4 to 16 on 31 March, with a score from 0 to 40; lower is better.",
    )
    .average(counted)
}

fn ni_61(ret: &Ssda903, inputs: &IndicatorInputs) -> ReturnIndicator {
    let mut decisions: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for row in &ret.placed_for_adoption {
        if let Some(decided) = row.decided {
            decisions.entry(&row.child).or_default().push(decided);
        }
    }
    let mut counted_children = Vec::new();
    for (child, episodes) in ret.episodes_by_child() {
        let episodes = care_episodes(&episodes);
        let adopted = episodes.iter().position(|e| {
            matches!(e.rec.as_str(), "E11" | "E12")
                && e.dec.is_some_and(|dec| inputs.year.contains(dec))
        });
        let Some(at) = adopted else { continue };
        let mut first = at;
        while first > 0
            && episodes[first - 1].placed_for_adoption()
            && episodes[first - 1].dec == episodes[first].decom
        {
            first -= 1;
        }
        let placed = episodes[at]
            .placed_for_adoption()
            .then_some(episodes[first].decom)
            .flatten();
        let decided = placed.and_then(|placed| {
            let decided = decisions.get(child).into_iter().flatten();
            decided.filter(|decided| **decided <= placed).max().copied()
        });
        let timely = placed
            .zip(decided)
            .is_some_and(|(placed, decided)| placed <= add_months(decided, 12));
        let facts = format!(
            "adopted {}; placed for adoption {}; decision to place {}",
            dates(episodes[at].dec),
            dates(placed),
            dates(decided)
        );
        counted_children.push(Counted::new(child, timely, facts));
    }
    ReturnIndicator::new(
        "NI 61",
        "Timeliness of placements of looked after children for adoption following an agency decision that the child should be placed for adoption",
        Figure::Percentage,
        "Children who ceased to be looked after through adoption (REC E11, E12) in the year who were placed for adoption (start of their A3-A6 placement) within 12 months of the latest decision that they should be (DATE_PLACED) made on or before it; no decision or placement recorded counts as not within 12 months.",
    )
    .proportion(counted_children)
}

/// Former relevant young people the OC3 table lists, less those who died.
fn care_leavers(ret: &Ssda903) -> impl Iterator<Item = &crate::returns::ssda903::Oc3> {
    ret.oc3.iter().filter(|row| row.in_touch != "DIED")
}

fn ni_147(ret: &Ssda903) -> ReturnIndicator {
    let counted = care_leavers(ret)
        .map(|row| {
            let mut code = row.accom.chars();
            let suitable = matches!(
                (code.next(), code.next(), code.next()),
                (Some(letter), Some('1'), None) if letter.is_ascii_uppercase()
            );
            Counted::new(&row.child, suitable, format!("ACCOM {}", row.accom))
        })
        .collect();
    ReturnIndicator::new(
        "NI 147",
        "Care leavers in suitable accommodation",
        Figure::Percentage,
        "Care leavers listed in OC3 (those whose qualifying birthday fell in the year), less those who died, whose accommodation is recorded as suitable (ACCOM a letter followed by 1).",
    )
    .proportion(counted)
}

fn ni_148(ret: &Ssda903) -> ReturnIndicator {
    let counted = care_leavers(ret)
        .map(|row| {
            let in_work_or_learning =
                matches!(row.activ.as_str(), "F1" | "P1" | "F2" | "P2" | "F3" | "P3");
            Counted::new(
                &row.child,
                in_work_or_learning,
                format!("ACTIV {}", row.activ),
            )
        })
        .collect();
    ReturnIndicator::new(
        "NI 148",
        "Care leavers in education, employment or training",
        Figure::Percentage,
        "Care leavers listed in OC3, less those who died, in higher education, other education, or training or employment, full or part time (ACTIV F1, P1, F2, P2, F3, P3).",
    )
    .proportion(counted)
}

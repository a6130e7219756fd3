//! Periods of care and placements, read from a child's episodes.

use chrono::NaiveDate;

use crate::returns::ssda903::Episode;

/// The child's episodes that describe their care: with a start date and not
/// respite (V3/V4), in order.
pub fn care_episodes<'a>(episodes: &[&'a Episode]) -> Vec<&'a Episode> {
    episodes
        .iter()
        .copied()
        .filter(|episode| episode.decom.is_some() && !episode.is_respite())
        .collect()
}

/// The episode open on `day`, by its place in `episodes`.
pub fn open_on(episodes: &[&Episode], day: NaiveDate) -> Option<usize> {
    episodes.iter().position(|episode| episode.open_on(day))
}

/// The next episode starts the day the previous one ceased.
fn follows(previous: &Episode, next: &Episode) -> bool {
    previous.dec.is_some() && previous.dec == next.decom
}

/// The first day of the period of care holding episode `at`: back through
/// episodes that follow on without a break, to one that started care (`S`)
/// or the earliest the return holds.
pub fn care_start(episodes: &[&Episode], at: usize) -> Option<NaiveDate> {
    let mut index = at;
    while index > 0 && episodes[index].rne != "S" && follows(episodes[index - 1], episodes[index]) {
        index -= 1;
    }
    episodes[index].decom
}

/// The first day of the placement holding episode `at`: back through changes
/// of legal status only (`L`). A placement for adoption (A3 to A6) is taken
/// together with the placement just before it.
pub fn placement_start(episodes: &[&Episode], at: usize) -> Option<NaiveDate> {
    let mut index = at;
    let mut joins_previous = episodes[at].placed_for_adoption();
    while index > 0 && follows(episodes[index - 1], episodes[index]) {
        let same_placement =
            episodes[index].rne == "L" || std::mem::replace(&mut joins_previous, false);
        if !same_placement {
            break;
        }
        index -= 1;
    }
    episodes[index].decom
}

const TEMPORARY: [&str; 5] = ["T0", "T1", "T2", "T3", "T4"];

fn same_place(a: &Episode, b: &Episode) -> bool {
    (a.place.as_str(), a.urn.as_str(), a.pl_post.as_str())
        == (b.place.as_str(), b.urn.as_str(), b.pl_post.as_str())
}

/// Whether episode `at` moves the child to a new placement that counts: it
/// starts care or changes placement (`S`, `P`, `T`, `U`, `B`), is not a
/// temporary placement (T0 to T4) nor a return from one to where the child
/// was before it, and is not a placement for adoption with the child's
/// current foster carers (A3, A5).
pub fn begins_placement(episodes: &[&Episode], at: usize) -> bool {
    let episode = episodes[at];
    let moves = matches!(episode.rne.as_str(), "S" | "P" | "T" | "U" | "B");
    let temporary = TEMPORARY.contains(&episode.place.as_str());
    let with_foster_carers = matches!(episode.place.as_str(), "A3" | "A5");
    let back_from_temporary = at >= 2
        && TEMPORARY.contains(&episodes[at - 1].place.as_str())
        && same_place(episodes[at - 2], episode);
    moves && !temporary && !with_foster_carers && !back_from_temporary
}

/// Placements the child had between `from` and `to`: the one held on `from`
/// (if any) and each new one begun after it.
pub fn placements_between(episodes: &[&Episode], from: NaiveDate, to: NaiveDate) -> usize {
    let begun = (0..episodes.len())
        .filter(|&at| episodes[at].decom.is_some_and(|d| d >= from && d <= to))
        .filter(|&at| begins_placement(episodes, at))
        .count();
    let held_at_start = open_on(episodes, from).is_some_and(|at| {
        episodes[at].decom.is_some_and(|d| d < from) || !begins_placement(episodes, at)
    });
    begun + usize::from(held_at_start)
}

/// Whole years from `dob` to `day`.
pub fn age_on(dob: NaiveDate, day: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut age = day.year() - dob.year();
    if (day.month(), day.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

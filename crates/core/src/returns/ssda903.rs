//! The SSDA903 return understood: each table's rows as typed records, every
//! record keeping where it was read. A date that cannot be read is `None`
//! here and reported by validation (rules 102, 141 …), never guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::parse_date;
use super::rows::{RawRow, Table};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Header {
    pub child: String,
    pub sex: String,
    pub dob: Option<NaiveDate>,
    pub ethnic: String,
    pub source: String,
}

/// A period during which nothing about the child's care changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Episode {
    pub child: String,
    pub decom: Option<NaiveDate>,
    /// Reason for new episode: S started, L legal status only, P placement
    /// and carer, T both, U placement with the same carer, B legal status and
    /// placement with the same carer.
    pub rne: String,
    /// Legal status; V3 and V4 are agreed series of short-term placements (respite).
    pub ls: String,
    pub cin: String,
    pub place: String,
    pub dec: Option<NaiveDate>,
    pub rec: String,
    pub urn: String,
    pub pl_post: String,
    pub source: String,
}

impl Episode {
    /// Part of an agreed series of short breaks, left out of every indicator.
    pub fn is_respite(&self) -> bool {
        matches!(self.ls.as_str(), "V3" | "V4")
    }

    /// Open on `day`: begun on or before it and not ceased by it.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.decom.is_some_and(|decom| decom <= day) && self.dec.is_none_or(|dec| dec > day)
    }

    /// Placed for adoption (A3 to A6).
    pub fn placed_for_adoption(&self) -> bool {
        matches!(self.place.as_str(), "A3" | "A4" | "A5" | "A6")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub child: String,
    pub date: Option<NaiveDate>,
    pub code: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Oc2 {
    pub child: String,
    /// The Strengths and Difficulties Questionnaire total, 0 to 40, as written.
    pub sdq_score: String,
    pub source: String,
}

impl Oc2 {
    pub fn score(&self) -> Option<u32> {
        self.sdq_score.parse().ok().filter(|score| *score <= 40)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Oc3 {
    pub child: String,
    pub dob: Option<NaiveDate>,
    pub in_touch: String,
    pub activ: String,
    pub accom: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedForAdoption {
    pub child: String,
    /// The date of the decision that the child should be placed for adoption.
    pub decided: Option<NaiveDate>,
    /// The date that decision was reversed, if it was.
    pub ceased: Option<NaiveDate>,
    pub source: String,
}

/// A whole SSDA903 return.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ssda903 {
    pub headers: Vec<Header>,
    /// In each child's order of `decom`, children in order of their id.
    pub episodes: Vec<Episode>,
    pub reviews: Vec<Review>,
    pub oc2: Vec<Oc2>,
    pub oc3: Vec<Oc3>,
    pub placed_for_adoption: Vec<PlacedForAdoption>,
    /// Every row as written, for validation.
    pub rows: Vec<RawRow>,
}

fn text(row: &RawRow, field: &str) -> String {
    row.text(field).to_string()
}

fn date(row: &RawRow, field: &str) -> Option<NaiveDate> {
    parse_date(row.text(field))
}

impl Ssda903 {
    pub fn from_rows(rows: Vec<RawRow>) -> Ssda903 {
        let mut ret = Ssda903::default();
        for row in &rows {
            let child = text(row, "CHILD");
            let source = row.source.clone();
            match row.table {
                Table::Header => ret.headers.push(Header {
                    child,
                    sex: text(row, "SEX"),
                    dob: date(row, "DOB"),
                    ethnic: text(row, "ETHNIC"),
                    source,
                }),
                Table::Episodes => ret.episodes.push(Episode {
                    child,
                    decom: date(row, "DECOM"),
                    rne: text(row, "RNE"),
                    ls: text(row, "LS"),
                    cin: text(row, "CIN"),
                    place: text(row, "PLACE"),
                    dec: date(row, "DEC"),
                    rec: text(row, "REC"),
                    urn: text(row, "URN"),
                    pl_post: text(row, "PL_POST"),
                    source,
                }),
                Table::Reviews => ret.reviews.push(Review {
                    child,
                    date: date(row, "REVIEW"),
                    code: text(row, "REVIEW_CODE"),
                    source,
                }),
                Table::Oc2 => ret.oc2.push(Oc2 {
                    child,
                    sdq_score: text(row, "SDQ_SCORE"),
                    source,
                }),
                Table::Oc3 => ret.oc3.push(Oc3 {
                    child,
                    dob: date(row, "DOB"),
                    in_touch: text(row, "IN_TOUCH"),
                    activ: text(row, "ACTIV"),
                    accom: text(row, "ACCOM"),
                    source,
                }),
                Table::PlacedForAdoption => ret.placed_for_adoption.push(PlacedForAdoption {
                    child,
                    decided: date(row, "DATE_PLACED"),
                    ceased: date(row, "DATE_PLACED_CEASED"),
                    source,
                }),
                _ => {}
            }
        }
        ret.episodes
            .sort_by(|a, b| (&a.child, a.decom).cmp(&(&b.child, b.decom)));
        ret.reviews
            .sort_by(|a, b| (&a.child, a.date).cmp(&(&b.child, b.date)));
        ret.rows = rows;
        ret
    }

    /// Each child's episodes, in order.
    pub fn episodes_by_child(&self) -> BTreeMap<&str, Vec<&Episode>> {
        let mut by_child: BTreeMap<&str, Vec<&Episode>> = BTreeMap::new();
        for episode in &self.episodes {
            by_child.entry(&episode.child).or_default().push(episode);
        }
        by_child
    }

    /// Dates of birth by child, from the header table.
    pub fn births(&self) -> BTreeMap<&str, NaiveDate> {
        self.headers
            .iter()
            .filter_map(|header| Some((header.child.as_str(), header.dob?)))
            .collect()
    }
}

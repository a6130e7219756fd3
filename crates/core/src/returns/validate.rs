//! Validation of a return. Numbered rules are the DfE's own (their codes and
//! meaning as the DfE publishes them); rules starting `TB-` are structural
//! checks of trustboard's own that no DfE number covers. A failure never
//! stops an import: it is listed, and names the indicators it could change.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::parse_date;
use super::rows::{Collection, RawRow, Table};
use super::ssda903::Ssda903;
use super::year::ReturnYear;

/// One failure of one rule, on one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub rule: &'static str,
    pub child: String,
    /// Where the row was read.
    pub source: String,
    pub field: &'static str,
    pub value: String,
    /// What is wrong, in plain words.
    pub message: String,
    /// Indicators whose figure this could change.
    pub affects: Vec<&'static str>,
}

/// The fields of either return whose text identifies a child: the local
/// authority's identifier and the unique pupil numbers.
const CHILD_IDENTIFIERS: [&str; 4] = ["CHILD", "LAchildID", "UPN", "FormerUPN"];

impl Issue {
    /// Whether the value the issue quotes identifies a child, so that it is
    /// shown only where the child may be.
    pub fn value_identifies_child(&self) -> bool {
        CHILD_IDENTIFIERS.contains(&self.field) && !self.value.trim().is_empty()
    }
}

const EPISODE_INDICATORS: [&str; 6] = [
    "CLA at 31 March",
    "NI 58",
    "NI 61",
    "NI 62",
    "NI 63",
    "NI 66",
];

const RNE: [&str; 6] = ["S", "P", "L", "T", "U", "B"];
const LS: [&str; 13] = [
    "C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3",
];
const CIN: [&str; 8] = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];
const PLACE: [&str; 27] = [
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "T0",
    "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
];
const REC: [&str; 22] = [
    "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5", "E6",
    "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
];
const ETHNIC: [&str; 20] = [
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];

/// The date fields of each table, checked by rule `TB-02` unless a numbered
/// rule covers them.
fn date_fields(table: Table) -> &'static [&'static str] {
    match table {
        Table::Episodes => &["DEC"],
        Table::Reviews => &["REVIEW"],
        Table::Oc3 => &["DOB"],
        Table::Ad1 => &["DATE_INT", "DATE_MATCH"],
        Table::PlacedForAdoption => &["DATE_PLACED", "DATE_PLACED_CEASED"],
        Table::PreviousPermanence => &["DATE_PERM"],
        Table::Missing => &["MIS_START", "MIS_END"],
        Table::Uasc => &["DUC"],
        Table::SocialWorkerEpisodes => &["SW_DECOM", "SW_DEC"],
        Table::DeprivationOfLiberty => &["DOLO_START", "DOLO_END"],
        _ => &[],
    }
}

/// Checks of one row, collecting its failures.
pub(super) struct Checker<'a> {
    pub issues: Vec<Issue>,
    pub row: &'a RawRow,
}

impl<'a> Checker<'a> {
    pub fn new(row: &'a RawRow) -> Checker<'a> {
        Checker {
            issues: Vec::new(),
            row,
        }
    }

    pub fn fail(
        &mut self,
        rule: &'static str,
        field: &'static str,
        message: &str,
        affects: &[&'static str],
    ) {
        self.issues.push(Issue {
            rule,
            child: self.row.child().to_string(),
            source: self.row.source.clone(),
            field,
            value: self.row.text(field).to_string(),
            message: message.to_string(),
            affects: affects.to_vec(),
        });
    }

    /// A code outside `allowed`; blank is left to the mandatory-field rule.
    pub fn code(
        &mut self,
        rule: &'static str,
        field: &'static str,
        allowed: &[&str],
        what: &str,
        affects: &[&'static str],
    ) {
        let value = self.row.text(field);
        if !value.is_empty() && !allowed.contains(&value) {
            let message = format!("{what} is not one of the allowed codes.");
            self.fail(rule, field, &message, affects);
        }
    }

    pub fn mandatory(&mut self, fields: &[&'static str], affects: &[&'static str]) {
        for field in fields {
            if self.row.text(field).is_empty() {
                self.fail(
                    "TB-01",
                    field,
                    &format!("{field} is mandatory but blank."),
                    affects,
                );
            }
        }
    }

    pub fn date(
        &mut self,
        rule: &'static str,
        field: &'static str,
        what: &str,
        affects: &[&'static str],
    ) {
        let value = self.row.text(field);
        if !value.is_empty() && parse_date(value).is_none() {
            self.fail(
                rule,
                field,
                &format!("{what} cannot be read as a date."),
                affects,
            );
        }
    }
}

fn check_row(row: &RawRow, year: ReturnYear) -> Vec<Issue> {
    let mut check = Checker::new(row);
    check.mandatory(&["CHILD"], &EPISODE_INDICATORS);
    for field in date_fields(row.table) {
        check.date("TB-02", field, field, &EPISODE_INDICATORS);
    }
    match row.table {
        Table::Header => {
            if !["1", "2"].contains(&row.text("SEX")) {
                check.fail("101", "SEX", "SEX should be 1 (male) or 2 (female).", &[]);
            }
            if parse_date(row.text("DOB")).is_none() {
                check.fail(
                    "102",
                    "DOB",
                    "The date of birth cannot be read as a date.",
                    &["NI 58", "NI 63"],
                );
            }
            if !ETHNIC.contains(&row.text("ETHNIC")) {
                check.fail(
                    "103",
                    "ETHNIC",
                    "The ethnicity is blank or not one of the allowed codes.",
                    &[],
                );
            }
        }
        Table::Episodes => {
            check.mandatory(&["DECOM", "RNE", "LS", "CIN", "PLACE"], &EPISODE_INDICATORS);
            check.date("141", "DECOM", "Date episode began", &EPISODE_INDICATORS);
            check.code(
                "143",
                "RNE",
                &RNE,
                "The reason for new episode",
                &EPISODE_INDICATORS,
            );
            check.code("144", "LS", &LS, "The legal status", &EPISODE_INDICATORS);
            check.code("145", "CIN", &CIN, "Category of need", &EPISODE_INDICATORS);
            check.code(
                "146",
                "PLACE",
                &PLACE,
                "Placement type",
                &EPISODE_INDICATORS,
            );
            check.code(
                "149",
                "REC",
                &REC,
                "Reason episode ceased",
                &EPISODE_INDICATORS,
            );
            let after_year = |field| parse_date(row.text(field)).is_some_and(|d| d > year.end());
            if after_year("DECOM") {
                check.fail(
                    "354",
                    "DECOM",
                    "The episode begins after the collection year ends.",
                    &EPISODE_INDICATORS,
                );
            }
            if after_year("DEC") {
                check.fail(
                    "385",
                    "DEC",
                    "The episode ends after the collection year ends.",
                    &EPISODE_INDICATORS,
                );
            }
            let (decom, dec) = (parse_date(row.text("DECOM")), parse_date(row.text("DEC")));
            if let (Some(decom), Some(dec)) = (decom, dec) {
                if dec < decom {
                    check.fail(
                        "TB-03",
                        "DEC",
                        "The episode ceased before it began.",
                        &EPISODE_INDICATORS,
                    );
                }
            }
        }
        Table::Reviews => check.mandatory(&["REVIEW"], &["NI 66"]),
        _ => {}
    }
    check.issues
}

/// Rules across a child's episodes and reviews.
fn check_sequences(ret: &Ssda903) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut first_episode: std::collections::BTreeMap<&str, NaiveDate> = Default::default();
    for (child, episodes) in ret.episodes_by_child() {
        let dated: Vec<_> = episodes.iter().filter(|e| e.decom.is_some()).collect();
        if let Some(first) = dated.first().and_then(|e| e.decom) {
            first_episode.insert(child, first);
        }
        for pair in dated.windows(2) {
            let (previous, next) = (pair[0], pair[1]);
            let issue = |rule, field: &'static str, value: String, message: &str| Issue {
                rule,
                child: child.to_string(),
                source: next.source.clone(),
                field,
                value,
                message: message.to_string(),
                affects: EPISODE_INDICATORS.to_vec(),
            };
            let decom_text = next
                .decom
                .map(|d| d.format("%d/%m/%Y").to_string())
                .unwrap_or_default();
            match previous.dec {
                None => issues.push(Issue {
                    source: previous.source.clone(),
                    ..issue("142", "DEC", String::new(), "The child's earlier episode has no end date, yet a later episode starts.")
                }),
                Some(dec) if next.decom < Some(dec) => issues.push(issue(
                    "TB-04",
                    "DECOM",
                    decom_text,
                    "This episode begins before the previous episode ceased: the episodes overlap.",
                )),
                Some(dec) if next.decom > Some(dec) && next.rne != "S" => issues.push(issue(
                    "TB-05",
                    "DECOM",
                    decom_text,
                    "There is a gap since the previous episode ceased, but this episode does not start a new period of care (RNE is not S).",
                )),
                Some(_) => {}
            }
        }
    }
    issues.extend(overlapping_adoption_decisions(ret));
    for review in &ret.reviews {
        let before_care = match (review.date, first_episode.get(review.child.as_str())) {
            (Some(date), Some(first)) => date < *first,
            _ => false,
        };
        if before_care {
            issues.push(Issue {
                rule: "TB-06",
                child: review.child.clone(),
                source: review.source.clone(),
                field: "REVIEW",
                value: review
                    .date
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
                message:
                    "The review is dated before the child's first episode of care in the return."
                        .into(),
                affects: vec!["NI 66"],
            });
        }
    }
    issues
}

/// A decision that the child should be placed for adoption made while an
/// earlier one for the same child had not ceased.
fn overlapping_adoption_decisions(ret: &Ssda903) -> Vec<Issue> {
    let mut by_child: std::collections::BTreeMap<&str, Vec<_>> = Default::default();
    for row in &ret.placed_for_adoption {
        by_child.entry(row.child.as_str()).or_default().push(row);
    }
    let mut issues = Vec::new();
    for (child, mut decisions) in by_child {
        decisions.sort_by_key(|d| d.decided);
        for pair in decisions.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            let still_open = match (later.decided, earlier.ceased) {
                (Some(decided), Some(ceased)) => decided < ceased,
                (Some(_), None) => true,
                _ => false,
            };
            if still_open {
                issues.push(Issue {
                    rule: "TB-07",
                    child: child.to_string(),
                    source: later.source.clone(),
                    field: "DATE_PLACED",
                    value: later.decided.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
                    message: "A decision that the child should be placed for adoption was made before the previous decision ceased.".into(),
                    affects: vec!["NI 61"],
                });
            }
        }
    }
    issues
}

/// Every rule over the whole return, in the order the rows were read.
pub fn validate_ssda903(ret: &Ssda903, year: ReturnYear) -> Vec<Issue> {
    let mut issues: Vec<Issue> = ret
        .rows
        .iter()
        .flat_map(|row| check_row(row, year))
        .collect();
    issues.extend(check_sequences(ret));
    issues
}

/// The rules a return of `collection` is checked against, each with what it means.
pub fn rules_of(collection: Collection) -> &'static [(&'static str, &'static str)] {
    match collection {
        Collection::Ssda903 => &RULES,
        Collection::Cin => &super::validate_cin::CIN_RULES,
    }
}

/// The rules trustboard checks, with what each means: for the report and docs.
pub const RULES: [(&str, &str); 19] = [
    ("101", "SEX should be 1 (male) or 2 (female)."),
    ("102", "The date of birth cannot be read as a date."),
    (
        "103",
        "The ethnicity is blank or not one of the allowed codes.",
    ),
    ("141", "The episode's start date cannot be read as a date."),
    (
        "142",
        "The child's earlier episode has no end date, yet a later episode starts.",
    ),
    (
        "143",
        "The reason for the new episode is not one of the allowed codes.",
    ),
    ("144", "The legal status is not one of the allowed codes."),
    (
        "145",
        "The category of need is not one of the allowed codes.",
    ),
    ("146", "The placement type is not one of the allowed codes."),
    (
        "149",
        "The reason the episode ended is not one of the allowed codes.",
    ),
    ("354", "The episode begins after the collection year ends."),
    ("385", "The episode ends after the collection year ends."),
    ("TB-01", "A mandatory field is blank."),
    ("TB-02", "A date is not a valid date."),
    ("TB-03", "An episode ceased before it began."),
    ("TB-04", "Episodes overlap."),
    (
        "TB-05",
        "A gap between episodes without a new period of care (RNE S).",
    ),
    (
        "TB-06",
        "A review is dated before the child's first episode of care.",
    ),
    (
        "TB-07",
        "A decision to place for adoption made before the previous one ceased.",
    ),
];

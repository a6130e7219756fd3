//! Rows of a return as written, before anything is understood from them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which statutory return a table belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// SSDA903: children looked after.
    Ssda903,
    /// The Children in Need census.
    Cin,
}

impl Collection {
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::Ssda903 => "ssda903",
            Collection::Cin => "cin",
        }
    }

    pub fn parse(text: &str) -> Option<Collection> {
        [Collection::Ssda903, Collection::Cin]
            .into_iter()
            .find(|collection| collection.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Collection::Ssda903 => "SSDA903",
            Collection::Cin => "CIN census",
        }
    }
}

/// A table of a return. The SSDA903's are the DfE's CSV tables (the XML form
/// is read into the same tables); the CIN census is flattened into one row
/// per referral, assessment, plan and review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Header,
    Episodes,
    Reviews,
    Oc2,
    Oc3,
    Ad1,
    PlacedForAdoption,
    PreviousPermanence,
    Missing,
    Uasc,
    /// Social workers' episodes, collected since 2023/24.
    SocialWorkerEpisodes,
    /// Deprivation of liberty orders, collected since 2023/24.
    DeprivationOfLiberty,
    /// The census's `Header`: collection details and who sent it.
    CinHeader,
    CinChild,
    CinReferral,
    CinAssessment,
    CinSection47,
    CinPlan,
    CinPlanReview,
}

impl Table {
    pub const SSDA903: [Table; 12] = [
        Table::Header,
        Table::Episodes,
        Table::Reviews,
        Table::Oc2,
        Table::Oc3,
        Table::Ad1,
        Table::PlacedForAdoption,
        Table::PreviousPermanence,
        Table::Missing,
        Table::Uasc,
        Table::SocialWorkerEpisodes,
        Table::DeprivationOfLiberty,
    ];
    pub const CIN: [Table; 7] = [
        Table::CinHeader,
        Table::CinChild,
        Table::CinReferral,
        Table::CinAssessment,
        Table::CinSection47,
        Table::CinPlan,
        Table::CinPlanReview,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Table::Header => "header",
            Table::Episodes => "episodes",
            Table::Reviews => "reviews",
            Table::Oc2 => "oc2",
            Table::Oc3 => "oc3",
            Table::Ad1 => "ad1",
            Table::PlacedForAdoption => "placed_for_adoption",
            Table::PreviousPermanence => "previous_permanence",
            Table::Missing => "missing",
            Table::Uasc => "uasc",
            Table::SocialWorkerEpisodes => "sw_episodes",
            Table::DeprivationOfLiberty => "dolo",
            Table::CinHeader => "cin_header",
            Table::CinChild => "cin_child",
            Table::CinReferral => "cin_referral",
            Table::CinAssessment => "cin_assessment",
            Table::CinSection47 => "cin_section47",
            Table::CinPlan => "cin_plan",
            Table::CinPlanReview => "cin_plan_review",
        }
    }

    pub fn parse(text: &str) -> Option<Table> {
        Table::SSDA903
            .into_iter()
            .chain(Table::CIN)
            .find(|table| table.as_str() == text)
    }

    pub fn collection(self) -> Collection {
        if Table::CIN.contains(&self) {
            Collection::Cin
        } else {
            Collection::Ssda903
        }
    }

    /// The columns a file of this table must have. They also tell the
    /// SSDA903's tables apart: no two of them require the same columns. A CIN
    /// census row's are the keys the XML reader writes: the child
    /// (`LAchildID`), the path of its `CINdetails` (`REFERRAL`) and of its
    /// `ChildProtectionPlans` (`PLAN`).
    pub fn required(self) -> &'static [&'static str] {
        match self {
            Table::Header => &["CHILD", "SEX", "DOB", "ETHNIC"],
            Table::Episodes => &["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "DEC", "REC"],
            Table::Reviews => &["CHILD", "REVIEW", "REVIEW_CODE"],
            Table::Oc2 => &["CHILD", "SDQ_SCORE", "CONVICTED", "HEALTH_CHECK"],
            Table::Oc3 => &["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"],
            Table::Ad1 => &["CHILD", "DATE_INT", "DATE_MATCH", "FOSTER_CARE"],
            Table::PlacedForAdoption => &["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED"],
            Table::PreviousPermanence => &["CHILD", "PREV_PERM", "DATE_PERM"],
            Table::Missing => &["CHILD", "MISSING", "MIS_START"],
            Table::Uasc => &["CHILD", "DUC"],
            Table::SocialWorkerEpisodes => &["CHILD", "SW_ID", "SW_DECOM"],
            Table::DeprivationOfLiberty => &["CHILD", "DOLO_START"],
            Table::CinHeader => &["ReferenceDate"],
            Table::CinChild => &["CHILD"],
            Table::CinReferral => &["CHILD", "REFERRAL"],
            Table::CinAssessment | Table::CinSection47 => &["CHILD", "REFERRAL"],
            Table::CinPlan | Table::CinPlanReview => &["CHILD", "REFERRAL", "PLAN"],
        }
    }

    /// The SSDA903 table whose required columns are all among `headers`;
    /// where several match, the one requiring most.
    pub fn detect_ssda903(headers: &[String]) -> Option<Table> {
        Table::SSDA903
            .into_iter()
            .filter(|table| {
                table
                    .required()
                    .iter()
                    .all(|column| headers.iter().any(|header| header == column))
            })
            .max_by_key(|table| table.required().len())
    }
}

/// One row of a return exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    pub table: Table,
    /// Where it was read: `episodes.csv:12`, or `fake_903.xml /EXPSSDA903/CHILD[3]/EPISODE[2]`.
    pub source: String,
    /// Field name to its text; a field the file did not have is absent.
    pub fields: BTreeMap<String, String>,
}

impl RawRow {
    /// A row of `table` read at `source`, with the fields given.
    pub fn new(table: Table, source: impl Into<String>, fields: &[(&str, &str)]) -> RawRow {
        RawRow {
            table,
            source: source.into(),
            fields: fields
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
        }
    }

    /// The field's text, trimmed; blank and absent are both "".
    pub fn text(&self, field: &str) -> &str {
        self.fields.get(field).map(|text| text.trim()).unwrap_or("")
    }

    pub fn child(&self) -> &str {
        self.text("CHILD")
    }
}

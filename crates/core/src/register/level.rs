//! Levels of vulnerability and the response each one requires.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::people::Practitioner;

/// How vulnerable a child is, from 0 (universal) to 4 (risk of serious harm).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 0: not vulnerable; a query about services.
    Universal,
    /// 1: a weak early-warning sign, often temporary.
    EarlyWarning,
    /// 2: several sources see a risk to outcomes; single-agency support.
    Flagged,
    /// 3: high risk in several areas; a co-ordinated multi-agency package.
    FamilySupportPackage,
    /// 4: the child is being hurt or abused.
    RiskOfSeriousHarm,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Universal,
        Level::EarlyWarning,
        Level::Flagged,
        Level::FamilySupportPackage,
        Level::RiskOfSeriousHarm,
    ];

    pub fn number(self) -> u8 {
        match self {
            Level::Universal => 0,
            Level::EarlyWarning => 1,
            Level::Flagged => 2,
            Level::FamilySupportPackage => 3,
            Level::RiskOfSeriousHarm => 4,
        }
    }

    pub fn from_number(number: u8) -> Option<Level> {
        Level::ALL
            .into_iter()
            .find(|level| level.number() == number)
    }

    pub fn title(self) -> &'static str {
        match self {
            Level::Universal => "Universal, not vulnerable",
            Level::EarlyWarning => "Early warning",
            Level::Flagged => "Vulnerable and flagged",
            Level::FamilySupportPackage => "Vulnerable, flagged, family support package",
            Level::RiskOfSeriousHarm => "Risk of serious harm",
        }
    }

    /// What the early-help service must do for a child at this level.
    pub fn required_response(self) -> &'static str {
        match self {
            Level::Universal => "Signpost the caller to the information service or another relevant service.",
            Level::EarlyWarning => "Log the information about the concern.",
            Level::Flagged => "Flag the child and track their progress; support is usually from one agency.",
            Level::FamilySupportPackage => {
                "Flag the child, appoint a Lead Professional and hold a family support, YISP or Team Around the Child meeting to agree a multi-agency plan."
            }
            Level::RiskOfSeriousHarm => "Refer the child to the safeguarding service at once.",
        }
    }
}

/// One decision about a child's level: who set it, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LevelChange {
    pub level: Level,
    pub date: NaiveDate,
    pub set_by: Practitioner,
    pub reason: String,
}

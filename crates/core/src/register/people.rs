//! Who is who on the register: children, agencies and practitioners.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

identifier!(
    /// A child on the register, unique within the partnership.
    ChildId
);
identifier!(
    /// An agency: a school, health visiting team, youth service, the police …
    AgencyId
);
identifier!(
    /// A practitioner working for one agency.
    PractitionerId
);

/// An agency and the organisation (partnership) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Agency {
    pub id: AgencyId,
    pub name: String,
    pub organisation: String,
}

/// A practitioner as named on a record: enough to contact them and to know
/// their agency without looking anything up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Practitioner {
    pub id: PractitionerId,
    pub name: String,
    pub agency: AgencyId,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    Other,
    #[default]
    NotRecorded,
}

/// The groups partnerships break their figures down by.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct ChildFlags {
    #[serde(default)]
    pub free_school_meals: bool,
    #[serde(default)]
    pub special_educational_needs: bool,
    #[serde(default)]
    pub looked_after: bool,
    #[serde(default)]
    pub young_carer: bool,
}

/// A parent or carer of the child, as the family describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Carer {
    /// The day they were recorded.
    pub date: NaiveDate,
    pub name: String,
    /// To the child: `mother`, `grandfather`, `foster carer` …
    pub relationship: String,
    #[serde(default)]
    pub parental_responsibility: bool,
    /// How to reach them, as the family gave it.
    #[serde(default)]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Child {
    pub id: ChildId,
    /// The partnership whose register the child is on.
    pub organisation: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub gender: Gender,
    /// As the family describes it; codes differ between councils.
    #[serde(default)]
    pub ethnicity: Option<String>,
    /// School, nursery or other setting.
    #[serde(default)]
    pub setting: Option<String>,
    /// Cluster, quindrat or other area the partnership works through.
    #[serde(default)]
    pub locality: Option<String>,
    /// Reference shared by brothers and sisters, for whole-family work.
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub flags: ChildFlags,
}

//! Who may see a child's record.
//!
//! - Someone from another organisation: nothing.
//! - Aggregate-only viewers (board members, the public, plan roles): nothing
//!   of any individual child.
//! - Coordinators of the child's organisation: the full record.
//! - Practitioners of the child's organisation: the full record when they or
//!   their agency are involved with the child, or a decision to share with
//!   their agency is in force; otherwise a signpost: the child is known, whom
//!   to contact, and whether a CAF is open, never what it says.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::register::{AgencyId, ChildRecord, Practitioner, PractitionerId};

/// The person asking, as far as the register is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Viewer {
    pub organisation: String,
    pub capacity: Capacity,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "capacity")]
pub enum Capacity {
    /// Runs the register (the early-help coordinators).
    Coordinator,
    Practitioner {
        practitioner: PractitionerId,
        agency: AgencyId,
    },
    /// Sees figures, never a child.
    AggregateOnly,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "contact")]
pub enum Contact {
    LeadProfessional(Practitioner),
    Coordinators,
}

/// What a practitioner not working with the child may know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Signpost {
    pub contact: Contact,
    pub open_caf: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "access")]
pub enum Access {
    Full,
    Signpost(Signpost),
    None,
}

/// The register practitioner an account is linked to, and that
/// practitioner's agency (the account's agency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LinkedPractitioner {
    pub practitioner: PractitionerId,
    pub agency: AgencyId,
}

impl Viewer {
    /// The viewer an account is, from its role, its organisation and the
    /// practitioner it is linked to. Coordinators see their organisation's
    /// register; practitioners work as their linked practitioner (without a
    /// link they see no child); every other role sees only aggregates.
    pub fn for_account(
        role: Role,
        organisation: &str,
        linked: Option<&LinkedPractitioner>,
    ) -> Viewer {
        let capacity = match (role, linked) {
            (Role::RegisterCoordinator, _) => Capacity::Coordinator,
            (Role::Practitioner, Some(linked)) => Capacity::Practitioner {
                practitioner: linked.practitioner.clone(),
                agency: linked.agency.clone(),
            },
            (Role::Practitioner, None)
            | (Role::Admin, _)
            | (Role::PerformanceOfficer, _)
            | (Role::LeadOfficer, _)
            | (Role::BoardMember, _) => Capacity::AggregateOnly,
        };
        Viewer {
            organisation: organisation.to_string(),
            capacity,
        }
    }
}

/// What access to a child rests on, read off their record on one day: who
/// is involved, which agencies a decision to share is in force for, and the
/// signpost others are given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The day it was read for.
    pub on: NaiveDate,
    /// Whether `on` is on or after every entry of the record: then it holds
    /// for every later day too, until the next step.
    pub settled: bool,
    pub agencies: BTreeSet<AgencyId>,
    pub practitioners: BTreeSet<PractitionerId>,
    pub shared_with: BTreeSet<AgencyId>,
    pub signpost: Signpost,
}

impl Standing {
    /// The record's standing on `date`.
    pub fn of(record: &ChildRecord, date: NaiveDate) -> Standing {
        let recipients: BTreeSet<&AgencyId> = record
            .sharing
            .decisions
            .iter()
            .map(|recorded| &recorded.decision.recipient)
            .collect();
        Standing {
            on: date,
            settled: date >= record.latest_date(),
            agencies: record.involved_agencies().into_iter().cloned().collect(),
            practitioners: record
                .involved_practitioners()
                .map(|p| p.id.clone())
                .collect(),
            shared_with: recipients
                .into_iter()
                .filter(|agency| record.sharing.share_in_force(agency, date).is_some())
                .cloned()
                .collect(),
            signpost: signpost(record),
        }
    }

    /// Whether this standing says what it would say on `today`: it was read
    /// for that day, or it is settled and `today` comes later.
    pub fn holds_on(&self, today: NaiveDate) -> bool {
        self.on == today || (self.settled && today > self.on)
    }
}

/// What `viewer` may see of `record` on `today`.
pub fn access(viewer: &Viewer, record: &ChildRecord, today: NaiveDate) -> Access {
    access_by_standing(
        viewer,
        &record.child.organisation,
        &Standing::of(record, today),
    )
}

/// What `viewer` may see of a child of `organisation` whose record stands as
/// `standing` says.
pub fn access_by_standing(viewer: &Viewer, organisation: &str, standing: &Standing) -> Access {
    if viewer.organisation != organisation {
        return Access::None;
    }
    match &viewer.capacity {
        Capacity::AggregateOnly => Access::None,
        Capacity::Coordinator => Access::Full,
        Capacity::Practitioner {
            practitioner,
            agency,
        } => {
            let involved = standing.agencies.contains(agency)
                || standing.practitioners.contains(practitioner)
                || standing.shared_with.contains(agency);
            if involved {
                Access::Full
            } else {
                Access::Signpost(standing.signpost.clone())
            }
        }
    }
}

fn signpost(record: &ChildRecord) -> Signpost {
    let contact = match record.current_lead_professional() {
        Some(lead) => Contact::LeadProfessional(lead.clone()),
        None => Contact::Coordinators,
    };
    Signpost {
        contact,
        open_caf: record.open_caf().is_some(),
    }
}

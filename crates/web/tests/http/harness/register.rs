//! Kingston's register staff: the agencies and practitioners accounts are
//! linked to.

use chrono::NaiveDate;
use trustboard_core::register::{Agency, AgencyId, Practitioner, PractitionerId};
use trustboard_store::register::RegisterBatch;
use trustboard_web::accounts::Membership;

use super::{Role, TestApp, User, KINGSTON};

/// Agencies of Kingston's register: (reference, name).
pub const AGENCIES: &[(&str, &str)] = &[
    ("school", "Burlington Junior School"),
    ("health", "Health visiting"),
    ("youth", "Youth service"),
];

/// Practitioners of Kingston's register: (reference, name, agency).
pub const PRACTITIONERS: &[(&str, &str, &str)] = &[
    ("p-school", "Sam Teacher", "school"),
    ("p-health", "Hana Visitor", "health"),
    ("p-youth", "Yusuf Worker", "youth"),
];

pub fn register_today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

impl TestApp {
    /// Puts Kingston's agencies and practitioners on its register.
    pub async fn add_register_staff(&self) {
        self.add_register_staff_of(KINGSTON).await;
    }

    /// Puts the same agencies and practitioners on `organisation`'s register.
    pub async fn add_register_staff_of(&self, organisation: &str) {
        let batch = RegisterBatch {
            agencies: AGENCIES
                .iter()
                .map(|(id, name)| Agency {
                    id: AgencyId::new(*id),
                    name: (*name).into(),
                    organisation: organisation.into(),
                })
                .collect(),
            practitioners: PRACTITIONERS
                .iter()
                .map(|(id, name, agency)| Practitioner {
                    id: PractitionerId::new(*id),
                    name: (*name).into(),
                    agency: AgencyId::new(*agency),
                })
                .collect(),
            children: Vec::new(),
        };
        self.store
            .import_register(organisation, &batch, "test", register_today())
            .await
            .expect("register staff");
    }

    /// A practitioner's account in Kingston, working as `practitioner`.
    pub async fn add_practitioner(&self, username: &str, practitioner: &str) -> User {
        let membership = Membership {
            organisation: KINGSTON.into(),
            practitioner: Some(practitioner.into()),
        };
        self.add_member(username, Role::Practitioner, membership)
            .await
    }
}

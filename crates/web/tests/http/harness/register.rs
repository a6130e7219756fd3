//! Kingston's register staff: the agencies and practitioners accounts are
//! linked to.

use chrono::NaiveDate;
use trustboard_core::register::{
    Agency, AgencyId, Child, ChildFlags, ChildId, Concern, Gender, Practitioner, PractitionerId,
    Step,
};
use trustboard_store::register::{NewChild, RegisterBatch};
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

/// Another partnership, with a register of its own.
pub const TESTSHIRE: &str = "Testshire";

impl TestApp {
    /// Puts a child on Kingston's register with one concern from `agency`,
    /// raised on `on`.
    pub async fn add_register_child(
        &self,
        reference: &str,
        name: &str,
        agency: &str,
        on: NaiveDate,
    ) {
        self.add_register_child_of(KINGSTON, reference, name, agency, on)
            .await;
    }

    pub async fn add_register_child_of(
        &self,
        organisation: &str,
        reference: &str,
        name: &str,
        agency: &str,
        on: NaiveDate,
    ) {
        let child = Child {
            id: ChildId::new(reference),
            organisation: organisation.into(),
            name: name.into(),
            date_of_birth: NaiveDate::from_ymd_opt(2003, 5, 1),
            gender: Gender::NotRecorded,
            ethnicity: None,
            setting: Some("Burlington Junior School".into()),
            locality: Some("Surbiton".into()),
            family: None,
            flags: ChildFlags::default(),
        };
        let concern = Step::RecordConcern(Concern {
            date: on,
            raised_by: "Ms Brown".into(),
            agency: AgencyId::new(agency),
            description: "Often late and hungry".into(),
            suggested_level: None,
        });
        let batch = RegisterBatch {
            agencies: Vec::new(),
            practitioners: Vec::new(),
            children: vec![NewChild {
                child,
                opened: on,
                steps: vec![concern],
            }],
        };
        self.store
            .import_register(organisation, &batch, "test", register_today())
            .await
            .expect("register child");
    }
}

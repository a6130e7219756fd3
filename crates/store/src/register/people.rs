//! Putting agencies, practitioners and children, with their steps, on the
//! register in one go: an import or a generated register.

use chrono::{NaiveDate, Utc};
use rand_core::{OsRng, RngCore};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
use trustboard_core::register::{
    Agency, AgencyId, Child, ChildCard, ChildRecord, Practitioner, PractitionerId, Step,
};

use crate::codec::{date_text, enum_text, json_text};
use crate::connect::{Backend, Store};
use crate::error::StoreError;

use super::error::RegisterError;
use super::figures::{keep_figures_current, RecordChange};
use super::names::{insert_name_words, ChildName};
use super::rows::organisation_id_or_add;
use super::steps::{insert_step, Recorded};

/// A child to add, the day they were put on the register, and their steps
/// in the order they happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChild {
    pub child: Child,
    pub opened: NaiveDate,
    pub steps: Vec<Step>,
}

/// Everything an import adds to one organisation's register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterBatch {
    pub agencies: Vec<Agency>,
    pub practitioners: Vec<Practitioner>,
    pub children: Vec<NewChild>,
}

/// A random id naming nobody, for the audit (see the module docs).
fn new_pseudonym() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl Store {
    /// Adds `batch` to the organisation's register (creating the organisation
    /// if needed) in one transaction: every child's steps are checked by the
    /// core's rules in order, `today` bounding their dates, and the first
    /// refusal or repeated child leaves the database as it was. Agencies and
    /// practitioners already on the register are kept as they are.
    pub async fn import_register(
        &self,
        organisation: &str,
        batch: &RegisterBatch,
        recorded_by: &str,
        today: NaiveDate,
    ) -> Result<usize, RegisterError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = organisation_id_or_add(&mut tx, organisation).await?;
        insert_staff(
            &mut tx,
            organisation_id,
            &batch.agencies,
            &batch.practitioners,
        )
        .await?;
        let recorded = Recorded {
            by: recorded_by,
            at: Utc::now(),
        };
        let mut added = Vec::with_capacity(batch.children.len());
        for new in &batch.children {
            let record = checked_record(new, today)?;
            let child_row_id = insert_child(
                &mut tx,
                self.backend(),
                organisation_id,
                organisation,
                new,
                &record,
            )
            .await?;
            for (index, step) in new.steps.iter().enumerate() {
                let seq = i64::try_from(index).unwrap_or(i64::MAX) + 1;
                insert_step(&mut tx, organisation_id, child_row_id, seq, step, recorded).await?;
            }
            added.push((child_row_id, record, new.steps.len()));
        }
        let changes: Vec<RecordChange> = added
            .iter()
            .map(|(child_row_id, record, steps)| RecordChange::added(*child_row_id, record, *steps))
            .collect();
        keep_figures_current(&mut tx, organisation_id, &changes).await?;
        tx.commit().await?;
        Ok(batch.children.len())
    }
}

/// The child's record: its steps replayed through the core's rules.
pub(super) fn checked_record(
    new: &NewChild,
    today: NaiveDate,
) -> Result<ChildRecord, RegisterError> {
    let mut record = ChildRecord::new(new.child.clone(), new.opened);
    for (index, step) in new.steps.iter().enumerate() {
        record
            .apply(step.clone(), today)
            .map_err(|error| RegisterError::Refused {
                child: new.child.id.clone(),
                index,
                error,
            })?;
    }
    Ok(record)
}

/// Adds the agencies and practitioners not yet on the organisation's register;
/// those already there are kept as they are.
pub(super) async fn insert_staff(
    conn: &mut AnyConnection,
    organisation_id: i64,
    agencies: &[Agency],
    practitioners: &[Practitioner],
) -> Result<(), StoreError> {
    for agency in agencies {
        sqlx::query(
            "INSERT INTO register_agencies (organisation_id, reference, name) VALUES ($1, $2, $3)
             ON CONFLICT (organisation_id, reference) DO NOTHING",
        )
        .bind(organisation_id)
        .bind(&agency.id.0)
        .bind(&agency.name)
        .execute(&mut *conn)
        .await?;
    }
    for practitioner in practitioners {
        sqlx::query(
            "INSERT INTO register_practitioners (organisation_id, reference, name, agency)
             VALUES ($1, $2, $3, $4) ON CONFLICT (organisation_id, reference) DO NOTHING",
        )
        .bind(organisation_id)
        .bind(&practitioner.id.0)
        .bind(&practitioner.name)
        .bind(&practitioner.agency.0)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The columns of `register_children` after `organisation_id`, in this order,
/// as [`ChildColumns::bind`] binds them.
pub(super) const CHILD_INSERT_COLUMNS: &str = "reference, pseudonym, name, date_of_birth, \
     gender, ethnicity, setting, locality, family, flags, opened, version, card";
pub(super) const CHILD_INSERT_WIDTH: usize = 13;

/// A new child's row as stored, with a fresh pseudonym; `version` is the
/// number of steps and `card` is read off the record they make.
#[derive(Debug)]
pub(super) struct ChildColumns {
    pub reference: String,
    pseudonym: String,
    name: String,
    date_of_birth: Option<String>,
    gender: String,
    ethnicity: Option<String>,
    setting: Option<String>,
    locality: Option<String>,
    family: Option<String>,
    flags: String,
    opened: Option<String>,
    version: i64,
    card: String,
}

impl ChildColumns {
    pub fn of(new: &NewChild, record: &ChildRecord) -> Result<ChildColumns, StoreError> {
        let child = &new.child;
        Ok(ChildColumns {
            reference: child.id.0.clone(),
            pseudonym: new_pseudonym(),
            name: child.name.clone(),
            date_of_birth: date_text(child.date_of_birth),
            gender: enum_text(&child.gender),
            ethnicity: child.ethnicity.clone(),
            setting: child.setting.clone(),
            locality: child.locality.clone(),
            family: child.family.clone(),
            flags: json_text(&child.flags)?,
            opened: date_text(Some(new.opened)),
            version: i64::try_from(new.steps.len()).unwrap_or(i64::MAX),
            card: json_text(&ChildCard::settled(record))?,
        })
    }

    /// Binds the columns named by [`CHILD_INSERT_COLUMNS`], in order.
    pub fn bind<'q>(
        self,
        query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        query
            .bind(self.reference)
            .bind(self.pseudonym)
            .bind(self.name)
            .bind(self.date_of_birth)
            .bind(self.gender)
            .bind(self.ethnicity)
            .bind(self.setting)
            .bind(self.locality)
            .bind(self.family)
            .bind(self.flags)
            .bind(self.opened)
            .bind(self.version)
            .bind(self.card)
    }
}

async fn insert_child(
    conn: &mut AnyConnection,
    backend: Backend,
    organisation_id: i64,
    organisation: &str,
    new: &NewChild,
    record: &ChildRecord,
) -> Result<i64, RegisterError> {
    let existing = sqlx::query(
        "SELECT id FROM register_children WHERE organisation_id = $1 AND reference = $2",
    )
    .bind(organisation_id)
    .bind(&new.child.id.0)
    .fetch_optional(&mut *conn)
    .await?;
    if existing.is_some() {
        return Err(RegisterError::DuplicateChild {
            organisation: organisation.to_string(),
            child: new.child.id.clone(),
        });
    }
    let columns = ChildColumns::of(new, record)?;
    let sql = format!(
        "INSERT INTO register_children (organisation_id, {CHILD_INSERT_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id"
    );
    let row = columns
        .bind(sqlx::query(&sql).bind(organisation_id))
        .fetch_one(&mut *conn)
        .await?;
    let id = row.try_get::<i64, _>("id").map_err(StoreError::from)?;
    let named = ChildName {
        id,
        reference: &new.child.id.0,
        name: &new.child.name,
    };
    insert_name_words(conn, backend, organisation_id, &[named]).await?;
    Ok(id)
}

/// The agencies and practitioners on one organisation's register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterStaff {
    pub agencies: Vec<Agency>,
    pub practitioners: Vec<Practitioner>,
    /// The organisation's localities (of its plans and its own), by name:
    /// the areas a child's figures can be counted in.
    pub localities: Vec<String>,
}

async fn staff(
    conn: &mut AnyConnection,
    organisation_id: i64,
    organisation: &str,
) -> Result<RegisterStaff, RegisterError> {
    let agencies = sqlx::query(
        "SELECT reference, name FROM register_agencies WHERE organisation_id = $1 ORDER BY reference",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        Ok(Agency {
            id: AgencyId::new(row.try_get::<String, _>("reference")?),
            name: row.try_get("name")?,
            organisation: organisation.to_string(),
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let practitioners = sqlx::query(
        "SELECT reference, name, agency FROM register_practitioners WHERE organisation_id = $1 ORDER BY reference",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        Ok(Practitioner {
            id: PractitionerId::new(row.try_get::<String, _>("reference")?),
            name: row.try_get("name")?,
            agency: AgencyId::new(row.try_get::<String, _>("agency")?),
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let localities = sqlx::query(
        "SELECT DISTINCT name FROM localities WHERE organisation_id = $1 AND retired_by IS NULL ORDER BY name",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| row.try_get("name"))
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(RegisterStaff {
        agencies,
        practitioners,
        localities,
    })
}

impl Store {
    /// The organisation's agencies and practitioners, in order of reference;
    /// none when it has no register.
    pub async fn register_staff(&self, organisation: &str) -> Result<RegisterStaff, RegisterError> {
        let mut tx = self.begin_read().await?;
        match super::rows::organisation_id(&mut tx, organisation).await? {
            Some(organisation_id) => staff(&mut tx, organisation_id, organisation).await,
            None => Ok(RegisterStaff::default()),
        }
    }

    /// The organisation's whole register as stored, each child with their
    /// steps in order, for an export; empty when it has none.
    pub async fn register_batch(&self, organisation: &str) -> Result<RegisterBatch, RegisterError> {
        let mut tx = self.begin_read().await?;
        let Some(organisation_id) = super::rows::organisation_id(&mut tx, organisation).await?
        else {
            return Ok(RegisterBatch::default());
        };
        let RegisterStaff {
            agencies,
            practitioners,
            ..
        } = staff(&mut tx, organisation_id, organisation).await?;
        let children = super::steps::children_with_steps(&mut tx, organisation_id, organisation)
            .await?
            .into_iter()
            .map(|(row, steps)| NewChild {
                child: row.child,
                opened: row.opened,
                steps,
            })
            .collect();
        Ok(RegisterBatch {
            agencies,
            practitioners,
            children,
        })
    }
}

//! Reading register rows back into the core's types.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::{Child, ChildId, Step};

use crate::codec::{date_from_text, date_text, enum_from_text, from_json_text, json_text};
use crate::error::StoreError;

use super::error::RegisterError;

/// The organisation's id, if it exists.
pub(crate) async fn organisation_id(
    conn: &mut AnyConnection,
    organisation: &str,
) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT id FROM organisations WHERE name = $1")
        .bind(organisation)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|row| row.try_get("id")).transpose()?)
}

pub(super) async fn existing_organisation(
    conn: &mut AnyConnection,
    organisation: &str,
) -> Result<i64, RegisterError> {
    organisation_id(conn, organisation)
        .await?
        .ok_or_else(|| RegisterError::UnknownOrganisation(organisation.to_string()))
}

/// The organisation's id, adding it when the register or an account is its first use.
pub(crate) async fn organisation_id_or_add(
    conn: &mut AnyConnection,
    organisation: &str,
) -> Result<i64, StoreError> {
    if let Some(id) = organisation_id(conn, organisation).await? {
        return Ok(id);
    }
    let row = sqlx::query("INSERT INTO organisations (name) VALUES ($1) RETURNING id")
        .bind(organisation)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("id")?)
}

pub(super) const CHILD_COLUMNS: &str = "id, reference, pseudonym, name, date_of_birth, gender, \
     ethnicity, setting, locality, family, flags, opened, version";

/// A child's row: the child, the day they were put on the register, and
/// the row's bookkeeping.
pub(super) struct ChildRow {
    pub id: i64,
    pub pseudonym: String,
    pub child: Child,
    pub opened: chrono::NaiveDate,
    pub version: i64,
}

pub(super) fn child_from_row(row: &AnyRow, organisation: &str) -> Result<ChildRow, StoreError> {
    let gender: String = row.try_get("gender")?;
    let flags: String = row.try_get("flags")?;
    let opened: String = row.try_get("opened")?;
    let opened = date_from_text("register_children.opened", Some(opened))?.unwrap_or_default();
    Ok(ChildRow {
        id: row.try_get("id")?,
        pseudonym: row.try_get("pseudonym")?,
        opened,
        version: row.try_get("version")?,
        child: Child {
            id: ChildId::new(row.try_get::<String, _>("reference")?),
            organisation: organisation.to_string(),
            name: row.try_get("name")?,
            date_of_birth: date_from_text(
                "register_children.date_of_birth",
                row.try_get("date_of_birth")?,
            )?,
            gender: enum_from_text("register_children.gender", &gender)?,
            ethnicity: row.try_get("ethnicity")?,
            setting: row.try_get("setting")?,
            locality: row.try_get("locality")?,
            family: row.try_get("family")?,
            flags: from_json_text("register_children.flags", &flags)?,
        },
    })
}

pub(super) fn step_from_row(row: &AnyRow) -> Result<Step, StoreError> {
    let payload: String = row.try_get("payload")?;
    from_json_text("register_steps.payload", &payload)
}

/// A step as its row stores it: the kind (`start_caf` …), the date and the
/// step as JSON. Every way of writing a step builds its columns here, so a
/// bulk load stores exactly what recording one by one does.
#[derive(Debug)]
pub(super) struct StepColumns {
    pub kind: &'static str,
    pub date: String,
    pub payload: String,
}

impl StepColumns {
    pub fn of(step: &Step) -> Result<StepColumns, StoreError> {
        Ok(StepColumns {
            kind: step.kind(),
            date: date_text(Some(step.date())).unwrap_or_default(),
            payload: json_text(step)?,
        })
    }
}

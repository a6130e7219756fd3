//! Reading register rows back into the core's types.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::{Child, ChildId, Step};

use crate::codec::{date_from_text, date_text, enum_from_text, from_json_text, json_text};
use crate::connect::Backend;
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

/// Step rows to one `INSERT`: enough to save the round trips, few enough to
/// stay well inside SQLite's limit of 32,766 parameters.
const STEPS_PER_INSERT: usize = 2_000;

/// Parameters of a step row: organisation, child, seq, kind, date, payload,
/// who recorded it and when.
const STEP_WIDTH: usize = 8;

/// What every step row of one write shares.
pub(super) struct StepRows<'a> {
    pub organisation_id: i64,
    pub recorded_by: &'a str,
    pub recorded_at: &'a str,
}

/// Inserts steps, each `(child row id, seq, columns)`, many rows to a statement.
pub(super) async fn insert_step_rows(
    conn: &mut AnyConnection,
    backend: Backend,
    shared: &StepRows<'_>,
    rows: impl IntoIterator<Item = (i64, i64, StepColumns)>,
) -> Result<(), StoreError> {
    let mut rows = rows.into_iter();
    loop {
        let batch: Vec<(i64, i64, StepColumns)> = rows.by_ref().take(STEPS_PER_INSERT).collect();
        if batch.is_empty() {
            return Ok(());
        }
        let sql = values_sql(
            backend,
            "INSERT INTO register_steps (organisation_id, child_id, seq, kind, date,
                payload, recorded_by, recorded_at)",
            STEP_WIDTH,
            batch.len(),
            "",
        );
        let mut query = sqlx::query(&sql);
        for (child_id, seq, columns) in batch {
            query = query
                .bind(shared.organisation_id)
                .bind(child_id)
                .bind(seq)
                .bind(columns.kind)
                .bind(columns.date)
                .bind(columns.payload)
                .bind(shared.recorded_by)
                .bind(shared.recorded_at);
        }
        query.execute(&mut *conn).await?;
    }
}

/// `$first, …`: `count` numbered parameters, as for an `IN (…)` list.
pub(super) fn numbered_parameters(first: usize, count: usize) -> String {
    let numbers: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    numbers.join(", ")
}

/// `insert VALUES (…), (…) tail` for `rows` rows of `width` parameters.
/// SQLite gets anonymous `?` parameters: it looks a numbered one up by
/// walking a list of every name in the statement, which makes binding
/// thousands of them take time growing with their square.
pub(super) fn values_sql(
    backend: Backend,
    insert: &str,
    width: usize,
    rows: usize,
    tail: &str,
) -> String {
    let mut sql = String::with_capacity(insert.len() + rows * width * 8 + tail.len());
    sql.push_str(insert);
    sql.push_str(" VALUES ");
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        let params: Vec<String> = (row * width + 1..=(row + 1) * width)
            .map(|n| match backend {
                Backend::Sqlite => "?".to_string(),
                Backend::Postgres => format!("${n}"),
            })
            .collect();
        sql.push('(');
        sql.push_str(&params.join(", "));
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

#[cfg(test)]
mod tests {
    use super::{values_sql, Backend};

    #[test]
    fn postgres_numbers_the_parameters_and_sqlite_takes_them_in_order() {
        let sql = |backend| values_sql(backend, "INSERT INTO t (a, b)", 2, 2, " RETURNING id");
        assert_eq!(
            sql(Backend::Postgres),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) RETURNING id"
        );
        assert_eq!(
            sql(Backend::Sqlite),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) RETURNING id"
        );
    }
}

//! Reading register rows back into the core's types.

use std::sync::OnceLock;

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
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

/// The condition that a row is the organisation's whose name is bound as
/// `$1`: a statement that looks the organisation up itself.
pub(super) const OF_ORGANISATION: &str =
    "organisation_id = (SELECT id FROM organisations WHERE name = $1)";

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
    rows: Vec<(i64, i64, StepColumns)>,
) -> Result<(), StoreError> {
    let sql = ManyRows::steps(backend);
    execute_overlapped(conn, step_statements(&sql, shared, rows)).await
}

/// The statements that insert steps, each `(child row id, seq, columns)`.
pub(super) fn step_statements<'q>(
    sql: &'q ManyRows,
    shared: &'q StepRows<'q>,
    rows: Vec<(i64, i64, StepColumns)>,
) -> impl Iterator<Item = Statement<'q>> + Send + 'q {
    sql.statements(rows, |query, (child_id, seq, columns)| {
        query
            .bind(shared.organisation_id)
            .bind(child_id)
            .bind(seq)
            .bind(columns.kind)
            .bind(columns.date)
            .bind(columns.payload)
            .bind(shared.recorded_by)
            .bind(shared.recorded_at)
    })
}

/// A statement with its values bound, ready to run.
pub(super) type Statement<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Runs `statements` one after another, making each while the one before
/// runs. The database works on a statement (SQLite on the connection's own
/// thread, PostgreSQL in its server) while this thread binds the thousands
/// of values of the next, instead of each waiting for the other.
pub(super) async fn execute_overlapped<'q>(
    conn: &mut AnyConnection,
    mut statements: impl Iterator<Item = Statement<'q>> + Send,
) -> Result<(), StoreError> {
    let mut next = statements.next();
    while let Some(statement) = next {
        // `join` polls the statement first, which sends it, then makes the next.
        let (done, following) =
            futures_util::future::join(statement.execute(&mut *conn), async { statements.next() })
                .await;
        done?;
        next = following;
    }
    Ok(())
}

/// The SQL of an `INSERT` of `rows` rows, `per_statement` to a statement:
/// made once for the full statements and once for the shorter last one, so
/// that each statement made from it can be held while the next is made.
pub(super) struct ManyRows {
    backend: Backend,
    insert: &'static str,
    width: usize,
    per_statement: usize,
    full: OnceLock<String>,
    /// The last statement's row count with its SQL.
    last: OnceLock<(usize, String)>,
}

impl ManyRows {
    pub(super) fn new(
        backend: Backend,
        insert: &'static str,
        width: usize,
        per_statement: usize,
    ) -> ManyRows {
        ManyRows {
            backend,
            insert,
            width,
            per_statement,
            full: OnceLock::new(),
            last: OnceLock::new(),
        }
    }

    pub(super) fn steps(backend: Backend) -> ManyRows {
        ManyRows::new(
            backend,
            "INSERT INTO register_steps (organisation_id, child_id, seq, kind, date,
                payload, recorded_by, recorded_at)",
            STEP_WIDTH,
            STEPS_PER_INSERT,
        )
    }

    /// The SQL for the next `rows` of the rows taken in order,
    /// `per_statement` at a time: a full statement, or the last.
    fn for_rows(&self, rows: usize) -> &str {
        let sql = |rows| values_sql(self.backend, self.insert, self.width, rows, "");
        if rows == self.per_statement {
            return self.full.get_or_init(|| sql(rows));
        }
        let (last_rows, last) = self.last.get_or_init(|| (rows, sql(rows)));
        // Only the last statement of a run is short, so there is one such count.
        assert_eq!(*last_rows, rows, "a short statement before the last");
        last
    }

    /// The statements inserting `rows` in order, `per_statement` to each;
    /// `bind` binds one row's values.
    pub(super) fn statements<'q, T: Send + 'q>(
        &'q self,
        rows: impl IntoIterator<Item = T, IntoIter: Send + 'q>,
        bind: impl Fn(Statement<'q>, T) -> Statement<'q> + Send + 'q,
    ) -> impl Iterator<Item = Statement<'q>> + Send + 'q {
        let mut rows = rows.into_iter();
        std::iter::from_fn(move || {
            let batch: Vec<T> = rows.by_ref().take(self.per_statement).collect();
            if batch.is_empty() {
                return None;
            }
            let query = sqlx::query(self.for_rows(batch.len()));
            Some(batch.into_iter().fold(query, &bind))
        })
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

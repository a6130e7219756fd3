//! A child's steps: replayed through the core to load a record, and appended
//! one at a time with a version check.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::{ChildId, ChildRecord, Step};

use crate::accounts::timestamp_text;
use crate::codec::corrupt;
use crate::connect::{Backend, Store};
use crate::error::StoreError;

use super::cards::write_cards;
use super::error::RegisterError;
use super::figures::{keep_figures_current, RecordChange};
use super::rows::{
    child_from_row, existing_organisation, insert_step_rows, numbered_parameters, step_from_row,
    values_sql, ChildRow, StepColumns, StepRows, CHILD_COLUMNS,
};

/// A child's record as stored, with the version a change must be made against.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub record: ChildRecord,
    /// The number of steps recorded; a step is written against it.
    pub version: i64,
}

/// Who recorded a step, and when.
#[derive(Debug, Clone, Copy)]
pub(super) struct Recorded<'a> {
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

/// Rebuilds a record from its steps through the core's rules. Each step was
/// checked when written, so "today" for the replay is the step's own date.
pub(super) fn replay(
    row: ChildRow,
    steps: impl IntoIterator<Item = Step>,
) -> Result<StoredRecord, StoreError> {
    let mut record = ChildRecord::new(row.child, row.opened);
    for step in steps {
        let date = step.date();
        record
            .apply(step, date)
            .map_err(|error| corrupt("register_steps.payload", &record.child.id.0, error))?;
    }
    Ok(StoredRecord {
        record,
        version: row.version,
    })
}

pub(super) async fn child_row(
    conn: &mut AnyConnection,
    organisation_id: i64,
    organisation: &str,
    child: &ChildId,
) -> Result<ChildRow, RegisterError> {
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children WHERE organisation_id = $1 AND reference = $2"
    );
    let row = sqlx::query(&sql)
        .bind(organisation_id)
        .bind(&child.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| RegisterError::UnknownChild {
            organisation: organisation.to_string(),
            child: child.clone(),
        })?;
    Ok(child_from_row(&row, organisation)?)
}

pub(super) async fn load_record(
    conn: &mut AnyConnection,
    row: ChildRow,
) -> Result<StoredRecord, RegisterError> {
    let steps = sqlx::query("SELECT payload FROM register_steps WHERE child_id = $1 ORDER BY seq")
        .bind(row.id)
        .fetch_all(&mut *conn)
        .await?;
    let steps = steps
        .iter()
        .map(step_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(replay(row, steps)?)
}

/// Every child of the organisation, in order of reference, with their steps in order.
pub(super) async fn children_with_steps(
    conn: &mut AnyConnection,
    organisation_id: i64,
    organisation: &str,
) -> Result<Vec<(ChildRow, Vec<Step>)>, StoreError> {
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children WHERE organisation_id = $1 ORDER BY reference"
    );
    let children = sqlx::query(&sql)
        .bind(organisation_id)
        .fetch_all(&mut *conn)
        .await?;
    let steps = sqlx::query(
        "SELECT child_id, payload FROM register_steps WHERE organisation_id = $1 ORDER BY child_id, seq",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    with_steps(&children, &steps, organisation)
}

/// The rows (of [`CHILD_COLUMNS`]) of up to `limit` children of the
/// organisation whose row ids come after `after`, in id order.
pub(super) async fn child_rows_after(
    conn: &mut AnyConnection,
    organisation_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children
         WHERE organisation_id = $1 AND id > $2 ORDER BY id LIMIT $3"
    );
    sqlx::query(&sql)
        .bind(organisation_id)
        .bind(after)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// Up to `limit` children of the organisation whose row ids come after
/// `after`, in id order, with their steps in order: a register read a part
/// at a time.
pub(super) async fn children_with_steps_after(
    conn: &mut AnyConnection,
    organisation_id: i64,
    organisation: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<(ChildRow, Vec<Step>)>, StoreError> {
    let children = child_rows_after(conn, organisation_id, after, limit).await?;
    let Some(last) = children.last() else {
        return Ok(Vec::new());
    };
    let last: i64 = last.try_get("id")?;
    let steps = sqlx::query(
        "SELECT child_id, payload FROM register_steps
         WHERE organisation_id = $1 AND child_id > $2 AND child_id <= $3 ORDER BY child_id, seq",
    )
    .bind(organisation_id)
    .bind(after)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    with_steps(&children, &steps, organisation)
}

/// Children's ids to one `IN (…)` list.
const CHILDREN_PER_READ: usize = 500;

/// The step rows (`child_id`, `payload`) of the children with row ids `ids`,
/// each child's in order of seq.
pub(super) async fn steps_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for part in ids.chunks(CHILDREN_PER_READ) {
        let sql = format!(
            "SELECT child_id, payload FROM register_steps WHERE child_id IN ({}) ORDER BY child_id, seq",
            numbered_parameters(1, part.len())
        );
        let query = part
            .iter()
            .fold(sqlx::query(&sql), |query, id| query.bind(id));
        rows.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// Steps rows (`child_id`, `payload`, ordered by seq) by child.
pub(super) fn steps_by_child(steps: &[AnyRow]) -> Result<HashMap<i64, Vec<Step>>, StoreError> {
    let mut by_child: HashMap<i64, Vec<Step>> = HashMap::new();
    for row in steps {
        let child: i64 = row.try_get("child_id")?;
        by_child.entry(child).or_default().push(step_from_row(row)?);
    }
    Ok(by_child)
}

/// Children's rows, each with its steps from `steps` (rows ordered by seq).
fn with_steps(
    children: &[AnyRow],
    steps: &[AnyRow],
    organisation: &str,
) -> Result<Vec<(ChildRow, Vec<Step>)>, StoreError> {
    let mut by_child = steps_by_child(steps)?;
    children
        .iter()
        .map(|row| {
            let row = child_from_row(row, organisation)?;
            let steps = by_child.remove(&row.id).unwrap_or_default();
            Ok((row, steps))
        })
        .collect()
}

/// Appends `step` as number `seq` (from 1) of the child's steps.
pub(super) async fn insert_step(
    conn: &mut AnyConnection,
    organisation_id: i64,
    child_row_id: i64,
    seq: i64,
    step: &Step,
    recorded: Recorded<'_>,
) -> Result<(), StoreError> {
    let columns = StepColumns::of(step)?;
    sqlx::query(
        "INSERT INTO register_steps
            (organisation_id, child_id, seq, kind, date, payload, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(organisation_id)
    .bind(child_row_id)
    .bind(seq)
    .bind(columns.kind)
    .bind(columns.date)
    .bind(columns.payload)
    .bind(recorded.by)
    .bind(timestamp_text(recorded.at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// One child's record, rebuilt from its steps, and its version.
    pub async fn register_record(
        &self,
        organisation: &str,
        child: &ChildId,
    ) -> Result<StoredRecord, RegisterError> {
        let mut tx = self.begin_read().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let row = child_row(&mut tx, organisation_id, organisation, child).await?;
        load_record(&mut tx, row).await
    }

    /// Every record on the organisation's register, in order of reference;
    /// none when the organisation has no register.
    pub async fn register_records(
        &self,
        organisation: &str,
    ) -> Result<Vec<ChildRecord>, RegisterError> {
        let mut tx = self.begin_read().await?;
        let Some(organisation_id) = super::rows::organisation_id(&mut tx, organisation).await?
        else {
            return Ok(Vec::new());
        };
        let children = children_with_steps(&mut tx, organisation_id, organisation).await?;
        let mut records = Vec::with_capacity(children.len());
        for (row, steps) in children {
            records.push(replay(row, steps)?.record);
        }
        Ok(records)
    }

    /// Records one step for a child whose record was read at
    /// `expected_version`: checked by the core's rules against the record as
    /// stored, written in one transaction with the figures it changes.
    /// Returns the new version. A step recorded meanwhile by someone else
    /// gives [`RegisterError::Conflict`].
    pub async fn record_register_step(
        &self,
        organisation: &str,
        child: &ChildId,
        step: &Step,
        expected_version: i64,
        recorded_by: &str,
        today: NaiveDate,
    ) -> Result<i64, RegisterError> {
        let new = NewStep {
            child: child.clone(),
            step: step.clone(),
            expected_version,
        };
        let versions = self
            .record_register_steps(organisation, std::slice::from_ref(&new), recorded_by, today)
            .await?;
        Ok(versions.first().copied().unwrap_or(expected_version + 1))
    }

    /// Records several steps, for one child or many, all or none, in one
    /// transaction (as [`Store::record_register_step`] does one). A child's
    /// second step in the batch is written against the version its first
    /// made. Returns each step's new version.
    ///
    /// Statements are few whatever the batch: one per thousand children
    /// claims their versions, then the children's steps are read and the new
    /// steps written, many to a statement; the records are checked in memory.
    pub async fn record_register_steps(
        &self,
        organisation: &str,
        steps: &[NewStep],
        recorded_by: &str,
        today: NaiveDate,
    ) -> Result<Vec<i64>, RegisterError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        // Claim every version before reading any steps: on PostgreSQL a
        // concurrent writer to one of these children blocks here until the
        // first commits, then finds the version moved and updates nothing,
        // so it never checks a step against steps it read half-way through
        // someone else's write.
        let (step_children, claimed) = claim_versions(
            &mut tx,
            self.backend(),
            organisation_id,
            organisation,
            steps,
        )
        .await?;
        let ids: Vec<i64> = claimed.iter().map(|row| row.id).collect();
        let mut stored = steps_by_child(&steps_of(&mut tx, &ids).await?)?;
        // Each child's record as the batch leaves it so far.
        let mut records = claimed
            .into_iter()
            .map(|row| {
                let own = stored.remove(&row.id).unwrap_or_default();
                Ok((row.id, replay(row, own)?.record))
            })
            .collect::<Result<HashMap<i64, ChildRecord>, StoreError>>()?;
        let mut written = Vec::with_capacity(steps.len());
        for (index, (new, child_row_id)) in steps.iter().zip(step_children).enumerate() {
            let record =
                records
                    .get_mut(&child_row_id)
                    .ok_or_else(|| RegisterError::UnknownChild {
                        organisation: organisation.to_string(),
                        child: new.child.clone(),
                    })?;
            let before = record.clone();
            record
                .apply(new.step.clone(), today)
                .map_err(|error| RegisterError::Refused {
                    child: new.child.clone(),
                    index,
                    error,
                })?;
            written.push((child_row_id, before, record.clone()));
        }
        let rows = steps
            .iter()
            .zip(&written)
            .map(|(new, (child_row_id, _, _))| {
                Ok((
                    *child_row_id,
                    new.expected_version + 1,
                    StepColumns::of(&new.step)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let recorded_at = timestamp_text(Utc::now());
        let shared = StepRows {
            organisation_id,
            recorded_by,
            recorded_at: &recorded_at,
        };
        insert_step_rows(&mut tx, self.backend(), &shared, rows).await?;
        let cards: Vec<(i64, &ChildRecord)> =
            records.iter().map(|(id, record)| (*id, record)).collect();
        write_cards(&mut tx, self.backend(), &cards).await?;
        let changes: Vec<RecordChange> = written
            .iter()
            .map(|(child_row_id, before, after)| RecordChange {
                child_row_id: *child_row_id,
                before: Some(before),
                after: Some(after),
                steps: 1,
            })
            .collect();
        keep_figures_current(&mut tx, organisation_id, &changes).await?;
        tx.commit().await?;
        Ok(steps.iter().map(|new| new.expected_version + 1).collect())
    }
}

/// A step to record for a child whose record was read at `expected_version`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStep {
    pub child: ChildId,
    pub step: Step,
    pub expected_version: i64,
}

/// Children to one claiming `UPDATE`, three parameters each.
const CLAIMS_PER_UPDATE: usize = 1_000;

/// Moves each child's version on by its steps in the batch, in statements
/// that check it against the version the first was made against (a child's
/// later steps must follow on from it). Returns each step's child row id,
/// in the order of `steps`, and each child's row. A child not on the
/// register, or whose version has moved, refuses the batch.
async fn claim_versions(
    conn: &mut AnyConnection,
    backend: Backend,
    organisation_id: i64,
    organisation: &str,
    steps: &[NewStep],
) -> Result<(Vec<i64>, Vec<ChildRow>), RegisterError> {
    // Each child once: reference, version expected, steps in the batch.
    let mut claims: Vec<(&ChildId, i64, i64)> = Vec::new();
    let mut claim_of: HashMap<&ChildId, usize> = HashMap::new();
    for new in steps {
        let Some(&at) = claim_of.get(&new.child) else {
            claim_of.insert(&new.child, claims.len());
            claims.push((&new.child, new.expected_version, 1));
            continue;
        };
        let (_, first, count) = &mut claims[at];
        if new.expected_version != *first + *count {
            return Err(RegisterError::Conflict {
                child: new.child.clone(),
                expected: new.expected_version,
                found: *first + *count,
            });
        }
        *count += 1;
    }
    let mut rows: HashMap<String, ChildRow> = HashMap::with_capacity(claims.len());
    for part in claims.chunks(CLAIMS_PER_UPDATE) {
        let organisation_param = match backend {
            Backend::Sqlite => "?".to_string(),
            Backend::Postgres => format!("${}", 3 * part.len() + 1),
        };
        let sql = values_sql(
            backend,
            "UPDATE register_children SET version = version + v.column3 FROM (",
            3,
            part.len(),
            &format!(
                ") AS v WHERE register_children.organisation_id = {organisation_param}
                   AND register_children.reference = v.column1
                   AND register_children.version = v.column2
                 RETURNING {CHILD_COLUMNS}"
            ),
        );
        let query = part
            .iter()
            .fold(sqlx::query(&sql), |query, (child, expected, count)| {
                query.bind(&child.0).bind(*expected).bind(*count)
            });
        for row in query.bind(organisation_id).fetch_all(&mut *conn).await? {
            let row = child_from_row(&row, organisation)?;
            rows.insert(row.child.id.0.clone(), row);
        }
    }
    let mut step_children = Vec::with_capacity(steps.len());
    for new in steps {
        let Some(row) = rows.get(&new.child.0) else {
            let found = child_row(conn, organisation_id, organisation, &new.child).await?;
            return Err(RegisterError::Conflict {
                child: new.child.clone(),
                expected: new.expected_version,
                found: found.version,
            });
        };
        step_children.push(row.id);
    }
    Ok((step_children, rows.into_values().collect()))
}

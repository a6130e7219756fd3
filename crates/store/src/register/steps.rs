//! A child's steps: replayed through the core to load a record, and appended
//! one at a time with a version check.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::{ChildId, ChildRecord, Step};

use crate::accounts::timestamp_text;
use crate::codec::corrupt;
use crate::connect::Store;
use crate::error::StoreError;

use super::error::RegisterError;
use super::figures::{keep_figures_current, RecordChange};
use super::rows::{
    child_from_row, existing_organisation, step_from_row, ChildRow, StepColumns, CHILD_COLUMNS,
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
) -> Result<Vec<(ChildRow, Vec<Step>)>, RegisterError> {
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

/// Up to `limit` children of the organisation whose row ids come after
/// `after`, in id order, with their steps in order: a register read a part
/// at a time.
pub(super) async fn children_with_steps_after(
    conn: &mut AnyConnection,
    organisation_id: i64,
    organisation: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<(ChildRow, Vec<Step>)>, RegisterError> {
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children
         WHERE organisation_id = $1 AND id > $2 ORDER BY id LIMIT $3"
    );
    let children = sqlx::query(&sql)
        .bind(organisation_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
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

/// Steps rows (`child_id`, `payload`, ordered by seq) by child.
pub(super) fn steps_by_child(steps: &[AnyRow]) -> Result<HashMap<i64, Vec<Step>>, RegisterError> {
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
) -> Result<Vec<(ChildRow, Vec<Step>)>, RegisterError> {
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
    pub async fn record_register_steps(
        &self,
        organisation: &str,
        steps: &[NewStep],
        recorded_by: &str,
        today: NaiveDate,
    ) -> Result<Vec<i64>, RegisterError> {
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        let recorded = Recorded {
            by: recorded_by,
            at: Utc::now(),
        };
        let write = StepWrite {
            organisation_id,
            organisation,
            recorded,
            today,
        };
        let mut written = Vec::with_capacity(steps.len());
        for (index, new) in steps.iter().enumerate() {
            written.push(write.record(&mut tx, new, index).await?);
        }
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

/// Where and by whom steps are being recorded.
struct StepWrite<'a> {
    organisation_id: i64,
    organisation: &'a str,
    recorded: Recorded<'a>,
    today: NaiveDate,
}

impl StepWrite<'_> {
    /// Checks and writes step `index` of a batch; returns the child's row id
    /// and its record before and after the step.
    async fn record(
        &self,
        conn: &mut AnyConnection,
        new: &NewStep,
        index: usize,
    ) -> Result<(i64, ChildRecord, ChildRecord), RegisterError> {
        let child = &new.child;
        let expected_version = new.expected_version;
        let row = child_row(conn, self.organisation_id, self.organisation, child).await?;
        let conflict = |found| RegisterError::Conflict {
            child: child.clone(),
            expected: expected_version,
            found,
        };
        if row.version != expected_version {
            return Err(conflict(row.version));
        }
        let child_row_id = row.id;
        // Claim the version before reading the steps: on PostgreSQL a
        // concurrent writer blocks here until the first commits, then finds
        // the version moved and updates nothing, so it never checks its step
        // against steps it read half-way through someone else's write.
        let updated = sqlx::query(
            "UPDATE register_children SET version = version + 1 WHERE id = $1 AND version = $2",
        )
        .bind(child_row_id)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(conflict(expected_version + 1));
        }
        let before = load_record(conn, row).await?.record;
        let mut after = before.clone();
        after
            .apply(new.step.clone(), self.today)
            .map_err(|error| RegisterError::Refused {
                child: child.clone(),
                index,
                error,
            })?;
        let seq = expected_version + 1;
        let organisation_id = self.organisation_id;
        insert_step(
            conn,
            organisation_id,
            child_row_id,
            seq,
            &new.step,
            self.recorded,
        )
        .await?;
        Ok((child_row_id, before, after))
    }
}

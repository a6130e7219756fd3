//! Keeping the register's figures (see [`trustboard_core::register::figures`])
//! in the database, current with every write.
//!
//! - `register_figure_pages` holds each child's contribution in the core's
//!   compact form, 1,024 children (by row id) to a page, so a full recount
//!   reads a thousand rows per million children rather than ten million steps.
//! - `register_figure_tallies` holds the figures themselves as monthly
//!   tallies. Recording a step adds the difference the step makes to the
//!   child's contribution: a handful of rows, whatever the register's size.
//! - `register_figures_state` says how many children and steps the two
//!   cover. When that disagrees with the register (rows written by another
//!   tool, or before the tables existed) or the working-day calendar changed,
//!   both are rebuilt from the records before they are read.

use std::collections::BTreeMap;

use sqlx::{AnyConnection, Row};
use trustboard_core::register::figures::{Contribution, Figures, RegisterMeasure, Tally};
use trustboard_core::register::ChildRecord;

use crate::connect::Backend;
use crate::error::StoreError;

use super::calendar::calendar_of;
use super::error::RegisterError;
use super::rows::values_sql;
use super::steps::{children_with_steps_after, replay};

/// Children to a page of contributions.
const PAGE_CHILDREN: i64 = 1024;

/// Tallies to one upsert, inside SQLite's limit of 32,766 parameters; each
/// (locality, measure, month) comes once, as PostgreSQL requires.
const TALLIES_PER_UPSERT: usize = 1_000;

/// Children read at a time when the figures are rebuilt from the records.
const REBUILD_CHILDREN: i64 = 8 * PAGE_CHILDREN;

/// The measure column's value for the children-opened tally.
const OPENED: &str = "opened";

/// A child's row id and its new compact contribution (`None`: taken off the page).
type PageEdit = (i64, Option<Vec<u8>>);

/// What one write did to one child's record.
pub(super) struct RecordChange<'a> {
    pub child_row_id: i64,
    /// `None` for a child just added.
    pub before: Option<&'a ChildRecord>,
    /// `None` for a child erased.
    pub after: Option<&'a ChildRecord>,
    /// Steps added (or, erasing, taken away).
    pub steps: i64,
}

impl<'a> RecordChange<'a> {
    /// A child just added to the register with its `steps`.
    pub fn added(child_row_id: i64, record: &'a ChildRecord, steps: usize) -> RecordChange<'a> {
        RecordChange {
            child_row_id,
            before: None,
            after: Some(record),
            steps: i64::try_from(steps).unwrap_or(i64::MAX),
        }
    }
}

/// Brings the stored contributions and tallies up to date with `changes`,
/// in the caller's transaction.
pub(super) async fn keep_figures_current(
    conn: &mut AnyConnection,
    organisation_id: i64,
    changes: &[RecordChange<'_>],
) -> Result<(), StoreError> {
    let calendar = calendar_of(conn, organisation_id).await?;
    let mut delta = Figures::default();
    let mut pages: BTreeMap<i64, Vec<PageEdit>> = BTreeMap::new();
    let (mut children, mut steps) = (0, 0);
    for change in changes {
        if let Some(before) = change.before {
            delta.remove(&Contribution::of(before, &calendar));
        }
        let encoded = change.after.map(|after| {
            let contribution = Contribution::of(after, &calendar);
            delta.add(&contribution);
            let mut bytes = Vec::new();
            contribution.encode(&mut bytes);
            bytes
        });
        children += i64::from(change.after.is_some()) - i64::from(change.before.is_some());
        steps += change.steps;
        let page = change.child_row_id / PAGE_CHILDREN;
        pages
            .entry(page)
            .or_default()
            .push((change.child_row_id, encoded));
    }
    for (page, replaced) in pages {
        rewrite_page(conn, organisation_id, page, replaced).await?;
    }
    add_tallies(conn, organisation_id, &delta).await?;
    sqlx::query(
        "INSERT INTO register_figures_state (organisation_id, children, steps) VALUES ($1, $2, $3)
         ON CONFLICT (organisation_id) DO UPDATE SET
             children = register_figures_state.children + excluded.children,
             steps = register_figures_state.steps + excluded.steps",
    )
    .bind(organisation_id)
    .bind(children)
    .bind(steps)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces (or adds, or with `None` removes) children's contributions on a
/// page. The first statement claims the page's row, so a concurrent writer
/// to the same page waits and then reads what this one wrote.
async fn rewrite_page(
    conn: &mut AnyConnection,
    organisation_id: i64,
    page: i64,
    replaced: Vec<PageEdit>,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "INSERT INTO register_figure_pages (organisation_id, page, contributions, version)
         VALUES ($1, $2, $3, 0)
         ON CONFLICT (organisation_id, page) DO UPDATE
             SET version = register_figure_pages.version + 1
         RETURNING contributions",
    )
    .bind(organisation_id)
    .bind(page)
    .bind(Vec::<u8>::new())
    .fetch_one(&mut *conn)
    .await?;
    let stored: Vec<u8> = row.try_get("contributions")?;
    let mut entries = page_entries(&stored)?;
    for (child, bytes) in replaced {
        match bytes {
            Some(bytes) => {
                entries.insert(child, bytes);
            }
            None => {
                entries.remove(&child);
            }
        }
    }
    let mut body = Vec::with_capacity(stored.len() + 64);
    for (child, bytes) in &entries {
        push_page_entry(&mut body, *child, bytes);
    }
    sqlx::query(
        "UPDATE register_figure_pages SET contributions = $3 WHERE organisation_id = $1 AND page = $2",
    )
    .bind(organisation_id)
    .bind(page)
    .bind(body)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A page is a run of entries: the child's row id (8 bytes), the length of
/// its contribution (4 bytes), the contribution.
fn push_page_entry(body: &mut Vec<u8>, child: i64, contribution: &[u8]) {
    body.extend_from_slice(&child.to_le_bytes());
    body.extend_from_slice(&(contribution.len() as u32).to_le_bytes());
    body.extend_from_slice(contribution);
}

fn damaged_page(at: usize) -> StoreError {
    StoreError::Corrupt {
        column: "register_figure_pages.contributions",
        value: format!("byte {at}"),
        reason: "a page of figure contributions ends part-way through an entry".into(),
    }
}

/// Each entry of a page: child row id and the contribution's bytes.
fn page_slices(body: &[u8]) -> impl Iterator<Item = Result<(i64, &[u8]), StoreError>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= body.len() {
            return None;
        }
        let header = body.get(at..at + 12);
        let entry = header.and_then(|header| {
            let child = i64::from_le_bytes(header[..8].try_into().ok()?);
            let length = u32::from_le_bytes(header[8..].try_into().ok()?) as usize;
            let bytes = body.get(at + 12..at + 12 + length)?;
            Some((child, bytes))
        });
        let result = entry.ok_or_else(|| damaged_page(at));
        at = match &result {
            Ok((_, bytes)) => at + 12 + bytes.len(),
            Err(_) => body.len(),
        };
        Some(result)
    })
}

fn page_entries(body: &[u8]) -> Result<BTreeMap<i64, Vec<u8>>, StoreError> {
    page_slices(body)
        .map(|entry| entry.map(|(child, bytes)| (child, bytes.to_vec())))
        .collect()
}

/// Adds `delta`'s tallies to the stored ones, in key order so that two
/// writers never wait on each other's rows crosswise.
async fn add_tallies(
    conn: &mut AnyConnection,
    organisation_id: i64,
    delta: &Figures,
) -> Result<(), StoreError> {
    let backend = Backend::of(conn);
    let mut tallies: Vec<(String, &str, i32, Tally)> = delta
        .tallies()
        .into_iter()
        .map(|(locality, measure, month, tally)| {
            let measure = measure.map_or(OPENED, RegisterMeasure::name);
            (
                locality.unwrap_or_default().to_string(),
                measure,
                month,
                tally,
            )
        })
        .collect();
    tallies.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    for batch in tallies.chunks(TALLIES_PER_UPSERT) {
        let sql = values_sql(
            backend,
            "INSERT INTO register_figure_tallies
                 (organisation_id, locality, measure, month, counted, in_numerator)",
            6,
            batch.len(),
            " ON CONFLICT (organisation_id, locality, measure, month) DO UPDATE SET
                 counted = register_figure_tallies.counted + excluded.counted,
                 in_numerator = register_figure_tallies.in_numerator + excluded.in_numerator",
        );
        let mut query = sqlx::query(&sql);
        for (locality, measure, month, tally) in batch {
            query = query
                .bind(organisation_id)
                .bind(locality.as_str())
                .bind(*measure)
                .bind(i64::from(*month))
                .bind(tally.counted)
                .bind(tally.in_numerator);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Whether the stored figures cover the register as it stands.
async fn figures_are_current(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<bool, StoreError> {
    let state = sqlx::query(
        "SELECT children, steps FROM register_figures_state WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(state) = state else {
        return Ok(false);
    };
    let register = sqlx::query(
        "SELECT COUNT(*) AS children, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS steps
         FROM register_children WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_one(&mut *conn)
    .await?;
    let counts = |row: &sqlx::any::AnyRow| -> Result<(i64, i64), sqlx::Error> {
        Ok((row.try_get("children")?, row.try_get("steps")?))
    };
    Ok(counts(&state)? == counts(&register)?)
}

/// Makes the stored figures current, rebuilding them from every record when
/// they are not; returns whether it rebuilt them.
pub(super) async fn make_figures_current(
    conn: &mut AnyConnection,
    organisation_id: i64,
    organisation: &str,
) -> Result<bool, RegisterError> {
    if figures_are_current(conn, organisation_id).await? {
        return Ok(false);
    }
    forget_figures(conn, organisation_id).await?;
    // A part of the register at a time, so that memory stays bounded.
    let mut after = 0;
    loop {
        let part =
            children_with_steps_after(conn, organisation_id, organisation, after, REBUILD_CHILDREN)
                .await?;
        let Some((last, _)) = part.last() else {
            break;
        };
        after = last.id;
        let mut records = Vec::with_capacity(part.len());
        for (row, steps) in part {
            let id = row.id;
            let stored = replay(row, steps)?;
            records.push((id, stored.version, stored.record));
        }
        let changes: Vec<RecordChange> = records
            .iter()
            .map(|(id, version, record)| RecordChange {
                child_row_id: *id,
                before: None,
                after: Some(record),
                steps: *version,
            })
            .collect();
        keep_figures_current(conn, organisation_id, &changes).await?;
    }
    Ok(true)
}

/// Drops the stored figures; the next read rebuilds them. For changes that
/// move every child's contribution, such as a new bank holiday.
pub(super) async fn forget_figures(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<(), StoreError> {
    for table in [
        "register_figure_pages",
        "register_figure_tallies",
        "register_figures_state",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE organisation_id = $1"))
            .bind(organisation_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The figures as kept in the tallies.
pub(super) async fn stored_figures(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Figures, StoreError> {
    let rows = sqlx::query(
        "SELECT locality, measure, month, counted, in_numerator FROM register_figure_tallies
         WHERE organisation_id = $1",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut figures = Figures::default();
    for row in &rows {
        let locality: String = row.try_get("locality")?;
        let name: String = row.try_get("measure")?;
        let measure = match RegisterMeasure::from_name(&name) {
            Some(measure) => Some(measure),
            None if name == OPENED => None,
            None => {
                return Err(StoreError::Corrupt {
                    column: "register_figure_tallies.measure",
                    value: name,
                    reason: "not a register measure".into(),
                })
            }
        };
        let month: i64 = row.try_get("month")?;
        let month = i32::try_from(month).map_err(|_| StoreError::Corrupt {
            column: "register_figure_tallies.month",
            value: month.to_string(),
            reason: "not a month".into(),
        })?;
        let tally = Tally {
            counted: row.try_get("counted")?,
            in_numerator: row.try_get("in_numerator")?,
        };
        let locality = (!locality.is_empty()).then_some(locality.as_str());
        figures.add_tally(locality, measure, month, tally);
    }
    Ok(figures)
}

/// The figures counted afresh from every child's stored contribution, the
/// pages shared out between the machine's cores.
pub(super) async fn recounted_figures(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Figures, StoreError> {
    let rows =
        sqlx::query("SELECT contributions FROM register_figure_pages WHERE organisation_id = $1")
            .bind(organisation_id)
            .fetch_all(&mut *conn)
            .await?;
    let pages = rows
        .iter()
        .map(|row| row.try_get::<Vec<u8>, _>("contributions"))
        .collect::<Result<Vec<_>, _>>()?;
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let share = pages.len().div_ceil(workers).max(1);
    let counted: Vec<Result<Figures, StoreError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pages
            .chunks(share)
            .map(|chunk| scope.spawn(|| count_pages(chunk)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_else(|_| Err(damaged_page(0))))
            .collect()
    });
    let mut figures = Figures::default();
    for part in counted {
        figures.merge(&part?);
    }
    Ok(figures)
}

fn count_pages(pages: &[Vec<u8>]) -> Result<Figures, StoreError> {
    let mut figures = Figures::default();
    for page in pages {
        for entry in page_slices(page) {
            let (_, bytes) = entry?;
            figures
                .add_encoded(bytes)
                .map_err(|error| StoreError::Corrupt {
                    column: "register_figure_pages.contributions",
                    value: format!("byte {}", error.at),
                    reason: error.to_string(),
                })?;
        }
    }
    Ok(figures)
}

//! Loading a large register in chunks: a generated register of a million
//! children, or a big import, without a round trip per row.
//!
//! The rows are exactly those [`Store::import_register`] writes: each child's
//! steps are checked by the core's rules and their columns built by the same
//! functions ([`ChildColumns`], [`StepColumns`]). What differs is how they
//! travel: many rows to an `INSERT`, one transaction per chunk, on one
//! connection of its own.
//!
//! Each chunk is committed on its own, so a load that is stopped part-way
//! (killed, or refused at a later chunk) leaves the chunks committed before
//! it: whole children with all their steps, and the load's audit row written
//! before the first of them. Nothing is ever left half-written.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{Any, AnyConnection, Connection, Executor, Row, Transaction};
use trustboard_core::register::{Agency, ChildId, ChildRecord, Practitioner};

use crate::accounts::timestamp_text;
use crate::connect::{Backend, Store};
use crate::error::StoreError;

use super::access::{insert_access, RegisterAccess};
use super::error::RegisterError;
use super::figures::{keep_figures_current, RecordChange};
use super::names::{name_word_statements, name_words_sql, words_of, ChildName};
use super::people::{
    checked_record, insert_staff, ChildColumns, NewChild, CHILD_INSERT_COLUMNS, CHILD_INSERT_WIDTH,
};
use super::rows::{
    execute_overlapped, organisation_id_or_add, step_statements, values_sql, ManyRows, StepColumns,
    StepRows,
};

/// Rows to one `INSERT`: enough to save the round trips, few enough to stay
/// well inside SQLite's limit of 32,766 parameters.
const CHILDREN_PER_INSERT: usize = 1_000;

/// SQLite's page cache for the load, in KiB (negative `cache_size` is KiB):
/// the indexes of a big register, and every page a large chunk changes, stay
/// in memory instead of being re-read or written out before the commit.
const SQLITE_LOAD_CACHE_KIB: u32 = 256 * 1024;

/// Children whose steps the core's rules accepted, turned into rows, ready
/// for [`RegisterLoad::add`]. Checking needs no database, so it can run on
/// any thread while another chunk is written.
#[derive(Debug)]
pub struct CheckedChildren {
    /// Each child's row, its steps' rows and its record, for the figures.
    children: Vec<(ChildColumns, Vec<StepColumns>, ChildRecord)>,
}

impl CheckedChildren {
    /// Replays each child's steps through the core's rules, `today` bounding
    /// their dates, as [`Store::import_register`] does.
    pub fn check(children: &[NewChild], today: NaiveDate) -> Result<Self, RegisterError> {
        let children = children
            .iter()
            .map(|new| {
                let record = checked_record(new, today)?;
                let steps = new
                    .steps
                    .iter()
                    .map(StepColumns::of)
                    .collect::<Result<_, _>>()?;
                Ok((ChildColumns::of(new, &record)?, steps, record))
            })
            .collect::<Result<_, RegisterError>>()?;
        Ok(CheckedChildren { children })
    }

    pub fn len(&self) -> usize {
        self.children.len()
    }

    /// Adds `more` after these, to be written in the same transaction.
    pub fn append(&mut self, mut more: CheckedChildren) {
        self.children.append(&mut more.children);
    }

    pub fn is_empty(&self) -> bool {
        self.children.is_empty()
    }
}

/// A register being loaded chunk by chunk; see the module docs.
#[derive(Debug)]
pub struct RegisterLoad {
    /// Taken out of the pool, so the settings made for the load end with it.
    conn: AnyConnection,
    backend: Backend,
    organisation: String,
    organisation_id: i64,
    recorded_by: String,
    recorded_at: String,
    loaded: usize,
}

impl Store {
    /// Starts loading children into the organisation's register (creating the
    /// organisation if needed): adds the agencies and practitioners not yet
    /// on it and records `access` (the load as a whole) in the register's
    /// audit, in one transaction. Steps are recorded as by `access.actor` at
    /// `access.at`.
    pub async fn begin_register_load(
        &self,
        organisation: &str,
        agencies: &[Agency],
        practitioners: &[Practitioner],
        access: &RegisterAccess<'_>,
    ) -> Result<RegisterLoad, RegisterError> {
        let mut conn = self.pool.acquire().await?.detach();
        if self.backend() == Backend::Sqlite {
            // Per connection, so only this load's: a bigger page cache, and
            // no wait for the disk at each chunk's commit. With the
            // write-ahead log the file stays consistent whatever stops the
            // load; a power cut may lose the last chunks committed, a killed
            // process none. Each many-row statement keeps the pages it
            // changes until it ends, so that a refused row undoes the
            // statement alone: in memory, not in a temporary file written
            // page by page.
            let settings = format!(
                "PRAGMA cache_size = -{SQLITE_LOAD_CACHE_KIB}; PRAGMA synchronous = NORMAL; \
                 PRAGMA temp_store = MEMORY;"
            );
            conn.execute(settings.as_str()).await?;
        }
        let mut load = RegisterLoad {
            conn,
            backend: self.backend(),
            organisation: organisation.to_string(),
            organisation_id: 0,
            recorded_by: access.actor.to_string(),
            recorded_at: timestamp_text(access.at),
            loaded: 0,
        };
        let mut tx = load.begin().await?;
        let organisation_id = organisation_id_or_add(&mut tx, organisation).await?;
        insert_staff(&mut tx, organisation_id, agencies, practitioners).await?;
        insert_access(&mut tx, organisation_id, None, access).await?;
        tx.commit().await?;
        load.organisation_id = organisation_id;
        Ok(load)
    }
}

impl RegisterLoad {
    async fn begin(&mut self) -> Result<Transaction<'_, Any>, StoreError> {
        Ok(match self.backend {
            // Take the write lock at once, as `Store::begin_write` does.
            Backend::Sqlite => self.conn.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.conn.begin().await?,
        })
    }

    /// Writes the children and their steps in one transaction. A child
    /// already on the register refuses the whole chunk. The rows are moved
    /// into the statements rather than copied.
    pub async fn add(&mut self, checked: CheckedChildren) -> Result<(), RegisterError> {
        let organisation_id = self.organisation_id;
        let organisation = self.organisation.clone();
        let recorded_by = self.recorded_by.clone();
        let recorded_at = self.recorded_at.clone();
        let backend = self.backend;
        let added = checked.len();
        let mut children = checked.children.into_iter().peekable();
        let mut records = Vec::with_capacity(added);
        let mut tx = self.begin().await?;
        while children.peek().is_some() {
            let (word_sql, step_sql) = (name_words_sql(backend), ManyRows::steps(backend));
            let mut columns = Vec::with_capacity(CHILDREN_PER_INSERT);
            let mut steps = Vec::with_capacity(CHILDREN_PER_INSERT);
            let mut chunk_records = Vec::with_capacity(CHILDREN_PER_INSERT);
            for (child, child_steps, record) in children.by_ref().take(CHILDREN_PER_INSERT) {
                columns.push(child);
                chunk_records.push((record, child_steps.len()));
                steps.push(child_steps);
            }
            let ids =
                insert_children(&mut tx, backend, organisation_id, &organisation, columns).await?;
            let names: Vec<ChildName<'_>> = ids
                .iter()
                .zip(&chunk_records)
                .map(|(id, (record, _))| ChildName {
                    id: *id,
                    reference: &record.child.id.0,
                    name: &record.child.name,
                })
                .collect();
            let words = words_of(&names);
            let rows = steps
                .into_iter()
                .zip(ids.iter().copied())
                .flat_map(|(steps, id)| {
                    steps
                        .into_iter()
                        .zip(1..)
                        .map(move |(columns, seq): (StepColumns, i64)| (id, seq, columns))
                })
                .collect();
            let recorded = StepRows {
                organisation_id,
                recorded_by: &recorded_by,
                recorded_at: &recorded_at,
            };
            // The steps are bound while the words are written, and so on.
            let statements = name_word_statements(&word_sql, organisation_id, &words)
                .chain(step_statements(&step_sql, &recorded, rows));
            execute_overlapped(&mut tx, statements).await?;
            records.extend(ids.into_iter().zip(chunk_records));
        }
        // The register's figures take the children in, in the same transaction.
        let changes: Vec<RecordChange> = records
            .iter()
            .map(|(child_row_id, (record, steps))| {
                RecordChange::added(*child_row_id, record, *steps)
            })
            .collect();
        keep_figures_current(&mut tx, organisation_id, &changes).await?;
        tx.commit().await?;
        self.loaded += added;
        Ok(())
    }

    /// Ends the load, returning how many children it added.
    pub async fn finish(mut self) -> Result<usize, RegisterError> {
        if self.backend == Backend::Postgres {
            // PostgreSQL plans queries by statistics its autovacuum gathers
            // in its own time; until then, after a big load, it plans as if
            // the register were empty (walking a whole index to find one
            // child). SQLite plans from the schema alone unless analysed.
            self.conn
                .execute("ANALYZE register_children, register_steps, register_name_words")
                .await?;
        }
        self.conn.close().await?;
        Ok(self.loaded)
    }
}

/// Inserts the children, returning their row ids in the same order. A
/// reference already on the register (or twice among them) is refused.
async fn insert_children(
    conn: &mut AnyConnection,
    backend: Backend,
    organisation_id: i64,
    organisation: &str,
    children: Vec<ChildColumns>,
) -> Result<Vec<i64>, RegisterError> {
    let references: Vec<String> = children.iter().map(|c| c.reference.clone()).collect();
    let sql = values_sql(
        backend,
        &format!("INSERT INTO register_children (organisation_id, {CHILD_INSERT_COLUMNS})"),
        CHILD_INSERT_WIDTH + 1,
        children.len(),
        " ON CONFLICT (organisation_id, reference) DO NOTHING RETURNING id, reference",
    );
    let mut query = sqlx::query(&sql);
    for columns in children {
        query = columns.bind(query.bind(organisation_id));
    }
    let mut ids: HashMap<String, i64> = HashMap::with_capacity(references.len());
    for row in query.fetch_all(&mut *conn).await? {
        let id: i64 = row.try_get("id")?;
        ids.insert(row.try_get("reference")?, id);
    }
    // A row skipped as a conflict has no id; of two with one reference, the
    // second finds the id taken by the first.
    references
        .into_iter()
        .map(|reference| {
            ids.remove(&reference)
                .ok_or_else(|| RegisterError::DuplicateChild {
                    organisation: organisation.to_string(),
                    child: ChildId::new(reference),
                })
        })
        .collect()
}

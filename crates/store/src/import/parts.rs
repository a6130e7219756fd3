//! Importing a plan read a part at a time (a long performance table): each
//! part is compared with the stored rows of its own indicators, found by
//! key, and written before the next part is read, all in the one
//! transaction. Memory holds one part and a few numbers an indicator, never
//! the whole plan; an error in any part leaves the store as it was.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use futures_util::TryStreamExt;
use sqlx::Row;
use trustboard_core::model::{Indicator, Node, PlanDocument, PlanHeader, Statement};
use trustboard_core::plan_diff::{
    diff_part, diff_plan, EntityCounts, ObservationChange, PartDiff, PartStart, PlanDiffError,
    PlanPart, StoredPart, StoredPlan, Write,
};

use super::{
    bind_ids, columns_of, ids_by_key, indicator_columns, keys_with_ids, locality_columns,
    lookup_all, now_text, organisation_id, value_columns, Import, ImportOptions, NewIds,
    MAX_ROWS_A_STATEMENT, OBJECTIVE_LINKS,
};
use crate::connect::Store;
use crate::error::StoreError;
use crate::load::{
    hideable, indicator_from_row, observation_from_row, read_localities, read_milestones,
    read_nodes, INDICATOR_COLUMNS, OBSERVATION_COLUMNS,
};
use crate::report::ImportReport;

/// Where the parts of a plan come from.
pub trait PartSource {
    type Error;
    /// The next part, or `None` once every part is handed over.
    fn next_part(&mut self) -> Result<Option<PlanPart>, Self::Error>;
    /// After the last part: the plan's nodes (its objectives, few), which
    /// the parts' indicators name.
    fn nodes(&mut self) -> Result<Vec<Node>, Self::Error>;
}

/// Why an import in parts wrote nothing: the store refused, or the source
/// could not give a part.
#[derive(Debug)]
pub enum PartsImportError<E> {
    Store(StoreError),
    Source(E),
}

impl<E> From<StoreError> for PartsImportError<E> {
    fn from(error: StoreError) -> Self {
        PartsImportError::Store(error)
    }
}

impl<E> From<PlanDiffError> for PartsImportError<E> {
    fn from(error: PlanDiffError) -> Self {
        PartsImportError::Store(error.into())
    }
}

impl Store {
    /// Makes the stored plan `header` of `organisation` match the parts
    /// `source` gives, as [`Store::import_plan`] does for a whole document:
    /// one transaction, the same counts and changes reported, missing
    /// content retired. The plan has no milestones or localities of its own,
    /// so stored ones are retired.
    pub async fn import_in_parts<S: PartSource>(
        &self,
        organisation: &str,
        header: &PlanHeader,
        source: &mut S,
        options: ImportOptions,
    ) -> Result<ImportReport, PartsImportError<S::Error>> {
        let mut tx = self.begin_import().await?;
        let now = now_text();
        let organisation_id = organisation_id(&mut tx, organisation).await?;
        let mut import = Import {
            conn: &mut tx,
            organisation_id,
            source: &options.source,
            now: &now,
            progress: &(),
            marks: self.marks(),
        };
        let report = import
            .run_parts(organisation, header, source, options.dry_run)
            .await?;
        if options.dry_run {
            tx.rollback().await.map_err(StoreError::from)?;
        } else {
            tx.commit().await.map_err(StoreError::from)?;
        }
        Ok(report)
    }
}

/// What the parts written so far add up to.
#[derive(Default)]
struct Tally {
    indicators: EntityCounts,
    observations: EntityCounts,
    changed_observations: Vec<ObservationChange>,
    statements: usize,
    statements_changed: usize,
    /// The row of every indicator the parts hold: stored indicators
    /// missing from all of them are retired at the end.
    seen: HashSet<i64>,
    /// The objectives of each written indicator, as indexes into
    /// `objectives`: linked once the nodes are written, at the end.
    links: Vec<(i64, Vec<u32>)>,
    objectives: Vec<String>,
    objective_index: HashMap<String, u32>,
}

/// The row id of every indicator the plan held before the import, by a hash
/// of its key, sorted by hash: a part's stored indicators are then read by
/// id. (Read by plan and key instead, PostgreSQL planned each part's query
/// from statistics that did not yet count the rows this import wrote, and
/// scanned every one of them: the square of the rows in all.) Two keys
/// with one hash only fetch a row too many, which is left out by its key.
#[derive(Default)]
struct StoredKeys {
    by_hash: Vec<(u64, i64)>,
    /// The ids of those not retired: the ones to retire if no part holds them.
    current: Vec<i64>,
}

impl StoredKeys {
    fn hash(key: &str) -> u64 {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        hasher.finish()
    }

    /// The stored indicators whose keys have the hash of `key`.
    fn with_hash_of(&self, key: &str) -> impl Iterator<Item = i64> + '_ {
        let hash = Self::hash(key);
        let from = self.by_hash.partition_point(|(h, _)| *h < hash);
        self.by_hash[from..]
            .iter()
            .take_while(move |(h, _)| *h == hash)
            .map(|(_, id)| *id)
    }

    /// The ids of the stored indicators that may have these keys.
    fn ids(&self, keys: &[&str]) -> Vec<i64> {
        keys.iter().flat_map(|key| self.with_hash_of(key)).collect()
    }

    /// Whether any stored indicator may have one of these keys.
    fn holds_any(&self, keys: &[&str]) -> bool {
        keys.iter()
            .any(|key| self.with_hash_of(key).next().is_some())
    }
}

/// A part as the reader hands it over: compared at once when none of its
/// indicators was stored before the import, which needs no query.
enum Received {
    Compared(ComparedPart),
    /// Holds stored indicators: compared once they are read.
    Stored(PlanPart),
}

/// A part compared with the stored rows of its indicators, ready to write.
struct ComparedPart {
    stored: StoredPart,
    diff: PartDiff,
    statements: Vec<Statement>,
}

impl ComparedPart {
    /// Compares `part` with `stored`; its rows take their positions from
    /// `start`, which moves past them.
    fn of(
        stored: StoredPart,
        part: PlanPart,
        start: &mut PartStart,
    ) -> Result<ComparedPart, PlanDiffError> {
        let here = *start;
        start.indicators += i64::try_from(part.indicators.len()).unwrap_or(i64::MAX);
        start.observations += i64::try_from(part.observations.len()).unwrap_or(i64::MAX);
        let diff = diff_part(&stored, part.indicators, part.observations, here)?;
        Ok(ComparedPart {
            stored,
            diff,
            statements: part.statements,
        })
    }
}

fn part_keys(part: &PlanPart) -> Vec<&str> {
    part.indicators.iter().map(|i| i.key.as_str()).collect()
}

/// The part the source gave next, compared if it can be without a query.
fn received<E>(
    next: Result<Option<PlanPart>, E>,
    stored: &StoredKeys,
    start: &mut PartStart,
) -> Result<Option<Received>, PartsImportError<E>> {
    let Some(part) = next.map_err(PartsImportError::Source)? else {
        return Ok(None);
    };
    if stored.holds_any(&part_keys(&part)) {
        return Ok(Some(Received::Stored(part)));
    }
    let compared = ComparedPart::of(StoredPart::default(), part, start)?;
    Ok(Some(Received::Compared(compared)))
}

impl Tally {
    fn note_links(&mut self, indicator_id: i64, indicator: &Indicator) {
        let mut targets = Vec::with_capacity(indicator.objectives.len());
        for objective in &indicator.objectives {
            let next = u32::try_from(self.objectives.len()).unwrap_or(u32::MAX);
            let index = *self
                .objective_index
                .entry(objective.clone())
                .or_insert_with(|| {
                    self.objectives.push(objective.clone());
                    next
                });
            targets.push(index);
        }
        self.links.push((indicator_id, targets));
    }
}

impl Import<'_> {
    async fn run_parts<S: PartSource>(
        &mut self,
        organisation: &str,
        header: &PlanHeader,
        source: &mut S,
        dry_run: bool,
    ) -> Result<ImportReport, PartsImportError<S::Error>> {
        let (plan_id, new_plan, header_changed) = self.plan(self.organisation_id, header).await?;
        let stored_keys = self.stored_keys(plan_id).await?;
        let mut part_start = PartStart::default();
        let mut tally = Tally::default();
        let mut next = received(source.next_part(), &stored_keys, &mut part_start)?;
        while let Some(part) = next {
            let part = match part {
                Received::Compared(part) => part,
                Received::Stored(part) => {
                    let stored = self.read_part(&part_keys(&part), &stored_keys).await?;
                    ComparedPart::of(stored, part, &mut part_start)?
                }
            };
            // The next part is taken from the reader, and compared if it
            // holds no stored indicator, while the database writes this one.
            let following = async { received(source.next_part(), &stored_keys, &mut part_start) };
            next = self
                .write_part(plan_id, part, &mut tally, following)
                .await??;
        }
        let nodes = source.nodes().map_err(PartsImportError::Source)?;

        // The rest of the plan is small and compared whole.
        let stored = StoredPlan {
            nodes: read_nodes(self.conn, plan_id).await?,
            localities: read_localities(self.conn, plan_id).await?,
            milestones: read_milestones(self.conn, plan_id).await?,
            ..StoredPlan::default()
        };
        let rest = PlanDocument {
            organisation: organisation.to_string(),
            plan: header.clone(),
            nodes,
            ..PlanDocument::default()
        };
        let diff = diff_plan(&stored, &rest, self.source)?;
        let node_ids = self
            .write_nodes(plan_id, &stored.nodes, &diff.nodes)
            .await?;
        self.link_objectives(&tally, &node_ids).await?;
        let columns = columns_of(&diff.localities, |w| Ok(locality_columns(plan_id, w)))?;
        self.write(&diff.localities, "localities", NewIds::Unwanted, columns)
            .await?;
        self.write_milestones(plan_id, &rest, &diff.milestones, &node_ids, &HashMap::new())
            .await?;
        self.retire_unseen(&stored_keys, &mut tally).await?;
        crate::plans::bump_revision(self.conn, plan_id).await?;

        Ok(ImportReport {
            organisation: organisation.to_string(),
            plan: header.name.clone(),
            dry_run,
            new_plan,
            header_changed,
            nodes: diff.nodes.counts,
            indicators: tally.indicators,
            localities: diff.localities.counts,
            observations: tally.observations,
            milestones: diff.milestones.counts,
            changed_observations: tally.changed_observations,
            resource_tables: 0,
            resource_rows: 0,
            projects: 0,
            statements: tally.statements,
            statements_changed: tally.statements_changed,
        })
    }

    /// Writes one compared part; `following` runs while the database writes
    /// the part's values, and its output is returned. The client's work and
    /// the database's overlap; one after the other, a long import took the
    /// sum of the two.
    async fn write_part<F: std::future::Future>(
        &mut self,
        plan_id: i64,
        part: ComparedPart,
        tally: &mut Tally,
        following: F,
    ) -> Result<F::Output, StoreError> {
        let ComparedPart {
            stored,
            diff,
            statements,
        } = part;
        let mut indicator_ids = ids_by_key(&stored.indicators, |i| &i.key);
        // The values' columns are built while the database writes the
        // indicators whose new ids they then take.
        let (now, source) = (self.now, self.source);
        let indicators = columns_of(&diff.indicators, |w| Ok(indicator_columns(plan_id, w)))?;
        let (ids, value_columns) = futures_util::future::join(
            self.write(&diff.indicators, "indicators", NewIds::Wanted, indicators),
            async { value_columns(plan_id, &diff.observations, now, source) },
        )
        .await;
        let (ids, value_columns) = (ids?, value_columns?);
        for (write, id) in diff.indicators.writes.iter().zip(&ids) {
            // A new indicator without objectives has no links to replace.
            let linked =
                matches!(write, Write::Update { .. }) || !write.item().objectives.is_empty();
            if linked {
                tally.note_links(*id, write.item());
            }
        }
        indicator_ids.extend(keys_with_ids(&diff.indicators, ids, |i| &i.key));
        let (written, following) = futures_util::future::join(
            self.write_value_columns(&diff.observations, value_columns, &indicator_ids),
            following,
        )
        .await;
        written?;
        let stored_ids: Vec<i64> = stored.indicators.iter().map(|s| s.id).collect();
        tally.statements_changed += self
            .replace_statements(
                plan_id,
                &statements,
                &indicator_ids,
                Some(&stored_ids),
                i64::try_from(tally.statements).unwrap_or(i64::MAX),
            )
            .await?;
        tally.statements += statements.len();
        tally.seen.extend(indicator_ids.into_values());
        tally.indicators.add(&diff.indicators.counts);
        tally.observations.add(&diff.observations.counts);
        tally
            .changed_observations
            .extend(diff.observations.changed());
        Ok(following)
    }

    /// Every indicator stored for the plan, by the hash of its key, read in
    /// one pass.
    async fn stored_keys(&mut self, plan_id: i64) -> Result<StoredKeys, StoreError> {
        let sql = format!(
            "SELECT id, key, retired_by FROM indicators WHERE plan_id = {}",
            self.marks.mark(1)
        );
        let mut stored = StoredKeys::default();
        let mut rows = sqlx::query(&sql).bind(plan_id).fetch(&mut *self.conn);
        while let Some(row) = rows.try_next().await? {
            let id: i64 = row.try_get("id")?;
            let key: String = row.try_get("key")?;
            stored.by_hash.push((StoredKeys::hash(&key), id));
            if row.try_get::<Option<String>, _>("retired_by")?.is_none() {
                stored.current.push(id);
            }
        }
        stored.by_hash.sort_unstable();
        Ok(stored)
    }

    /// The stored indicators with these keys (retired ones too), with their
    /// objectives, and every value stored for them.
    async fn read_part(
        &mut self,
        keys: &[&str],
        stored: &StoredKeys,
    ) -> Result<StoredPart, StoreError> {
        let mut part = StoredPart::default();
        let wanted: HashSet<&str> = keys.iter().copied().collect();
        for ids in stored.ids(keys).chunks(MAX_ROWS_A_STATEMENT) {
            let sql = format!(
                "SELECT {INDICATOR_COLUMNS} FROM indicators WHERE id IN ({})",
                self.marks.list(1, ids.len())
            );
            let mut rows = Vec::with_capacity(ids.len());
            for row in bind_ids(sqlx::query(&sql), ids)
                .fetch_all(&mut *self.conn)
                .await?
            {
                let key: String = row.try_get("key")?;
                if wanted.contains(key.as_str()) {
                    rows.push(row);
                }
            }
            let ids: Vec<i64> = rows
                .iter()
                .map(|row| row.try_get("id"))
                .collect::<Result<_, _>>()?;
            if ids.is_empty() {
                continue;
            }
            let list = self.marks.list(1, ids.len());
            let sql = format!(
                "SELECT l.indicator_id, n.code FROM indicator_objectives l
                 JOIN nodes n ON n.id = l.node_id AND n.organisation_id = l.organisation_id
                 WHERE l.indicator_id IN ({list}) ORDER BY l.indicator_id, l.position"
            );
            let mut objectives: HashMap<i64, Vec<String>> = HashMap::new();
            for row in bind_ids(sqlx::query(&sql), &ids)
                .fetch_all(&mut *self.conn)
                .await?
            {
                objectives
                    .entry(row.try_get(0)?)
                    .or_default()
                    .push(row.try_get(1)?);
            }
            for row in &rows {
                let id: i64 = row.try_get("id")?;
                let indicator =
                    indicator_from_row(row, objectives.remove(&id).unwrap_or_default())?;
                part.indicators.push(hideable(row, indicator)?);
            }
            let sql = format!(
                "SELECT {OBSERVATION_COLUMNS}
                 FROM observations o JOIN indicators i ON i.id = o.indicator_id AND i.organisation_id = o.organisation_id
                 WHERE o.indicator_id IN ({list})"
            );
            for row in bind_ids(sqlx::query(&sql), &ids)
                .fetch_all(&mut *self.conn)
                .await?
            {
                let observation = observation_from_row(&row)?;
                part.observations.push(hideable(&row, observation)?);
            }
        }
        Ok(part)
    }

    /// Links each written indicator to its objectives, now that every node
    /// has its row.
    async fn link_objectives(
        &mut self,
        tally: &Tally,
        node_ids: &HashMap<String, i64>,
    ) -> Result<(), StoreError> {
        let from = || "an indicator of the table".to_string();
        let ids = lookup_all(node_ids, &tally.objectives, &from, "objective")?;
        let links: Vec<(i64, Vec<i64>)> = tally
            .links
            .iter()
            .map(|(owner, targets)| (*owner, targets.iter().map(|t| ids[*t as usize]).collect()))
            .collect();
        self.replace_links(OBJECTIVE_LINKS, &links).await
    }

    /// Retires the stored indicators no part held, with their values, and
    /// drops their statements; counts each in the tally. The parts touch
    /// their own indicators alone, so those to retire are the ones current
    /// before the import that no part held.
    async fn retire_unseen(
        &mut self,
        stored: &StoredKeys,
        tally: &mut Tally,
    ) -> Result<(), StoreError> {
        let unseen: Vec<i64> = stored
            .current
            .iter()
            .filter(|id| !tally.seen.contains(id))
            .copied()
            .collect();
        for ids in unseen.chunks(MAX_ROWS_A_STATEMENT) {
            let list = self.marks.list(2, ids.len());
            let sql = format!(
                "UPDATE indicators SET retired_by = {} WHERE id IN ({list})",
                self.marks.mark(1)
            );
            bind_ids(sqlx::query(&sql).bind(self.source), ids)
                .execute(&mut *self.conn)
                .await?;
            let sql = format!(
                "UPDATE observations SET retired_by = {}
                 WHERE retired_by IS NULL AND indicator_id IN ({list})",
                self.marks.mark(1)
            );
            let values = bind_ids(sqlx::query(&sql).bind(self.source), ids)
                .execute(&mut *self.conn)
                .await?;
            let sql = format!(
                "DELETE FROM statements WHERE indicator_id IN ({})",
                self.marks.list(1, ids.len())
            );
            let statements = bind_ids(sqlx::query(&sql), ids)
                .execute(&mut *self.conn)
                .await?;
            tally.indicators.retired += ids.len();
            tally.observations.retired += usize::try_from(values.rows_affected()).unwrap_or(0);
            tally.statements_changed += usize::try_from(statements.rows_affected()).unwrap_or(0);
        }
        Ok(())
    }
}

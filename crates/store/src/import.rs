//! Importing a plan document: one transaction, all or nothing.
//!
//! The core's pure [`plan_diff`](trustboard_core::plan_diff) decides what changes; this module
//! writes it. References (a value's indicator, an indicator's objectives, a
//! milestone's node and indicators) are resolved while writing, so a document
//! that names something it does not contain fails inside the transaction and
//! leaves the store as it was.

use std::collections::{HashMap, HashSet};

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
use trustboard_core::model::{
    Indicator, Locality, Milestone, Node, Observation, PlanDocument, PlanHeader, Statement,
};
use trustboard_core::plan_diff::{diff_plan, EntityDiff, Slot, Stored, Write};
use trustboard_core::projects::Project;
use trustboard_core::resources::ResourceTable;

use crate::codec::{date_text, enum_text, json_text};
use crate::connect::{Backend, Store};
use crate::error::StoreError;
use crate::load::read_stored;

mod parts;
use crate::report::ImportReport;
use crate::resources::Owner;
pub use parts::{PartSource, PartsImportError};

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Work out and report the changes, then roll back.
    pub dry_run: bool,
    /// What the document came from (a file name, `web edit by …`); recorded
    /// against every value it replaces and everything it retires.
    pub source: String,
}

/// Told how the writing of an import goes, for a progress bar.
pub trait ImportProgress: Sync {
    /// How many rows are to be written, once the changes are worked out.
    fn start(&self, rows: u64);
    /// `rows` more rows written.
    fn advance(&self, rows: u64);
}

/// What a business plan's document holds beside the plan; each part given
/// replaces what the plan held of it, in the import's transaction.
#[derive(Debug, Clone, Copy, Default)]
pub struct BusinessPlan<'a> {
    pub resources: Option<&'a [ResourceTable]>,
    pub projects: Option<&'a [Project]>,
}

/// No one is watching.
impl ImportProgress for () {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

impl Store {
    /// Makes the stored plan match `doc`. Re-importing the same document
    /// changes nothing. Content missing from `doc` is retired, not deleted,
    /// and every replaced value text is kept in history.
    pub async fn import_plan(
        &self,
        doc: &PlanDocument,
        options: ImportOptions,
    ) -> Result<ImportReport, StoreError> {
        self.import_checked(doc, options, None, BusinessPlan::default(), &())
            .await
    }

    /// Like [`Store::import_plan`], and in the same transaction replaces the
    /// plan's budget and staffing tables with `resources`.
    pub async fn import_plan_with_resources(
        &self,
        doc: &PlanDocument,
        resources: &[ResourceTable],
        options: ImportOptions,
    ) -> Result<ImportReport, StoreError> {
        let business_plan = BusinessPlan {
            resources: Some(resources),
            projects: None,
        };
        self.import_checked(doc, options, None, business_plan, &())
            .await
    }

    /// Like [`Store::import_plan`], for a document made from the stored plan
    /// as it was at `revision` (files holding only some tables, laid over
    /// it): if anything wrote to the plan since (an approval), nothing is
    /// imported, since the document would quietly undo that write.
    pub async fn import_plan_based_on(
        &self,
        doc: &PlanDocument,
        options: ImportOptions,
        revision: i64,
    ) -> Result<ImportReport, StoreError> {
        self.import_checked(doc, options, Some(revision), BusinessPlan::default(), &())
            .await
    }

    /// Any of the imports above, telling `progress` how the writing goes:
    /// `based_on` as for [`Store::import_plan_based_on`], `business_plan` as
    /// for [`Store::import_plan_with_resources`].
    pub async fn import_checked(
        &self,
        doc: &PlanDocument,
        options: ImportOptions,
        based_on: Option<i64>,
        business_plan: BusinessPlan<'_>,
        progress: &dyn ImportProgress,
    ) -> Result<ImportReport, StoreError> {
        let mut tx = self.begin_import().await?;
        if let Some(revision) = based_on {
            check_revision(&mut tx, doc, revision).await?;
        }
        let now = now_text();
        let organisation_id = organisation_id(&mut tx, &doc.organisation).await?;
        let mut import = Import {
            conn: &mut tx,
            organisation_id,
            source: &options.source,
            now: &now,
            progress,
            marks: self.marks(),
        };
        let report = import.run(doc, business_plan, options.dry_run).await?;
        if options.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(report)
    }
}

impl Store {
    /// The transaction an import writes in, with the plan table to itself.
    async fn begin_import(&self) -> Result<sqlx::Transaction<'static, Any>, StoreError> {
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // Two imports of one plan must not interleave; imports are rare, so
            // they take turns (SQLite's write lock already does this). Other
            // writers of a plan update its revision first, so they queue too.
            sqlx::query("LOCK TABLE plans IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    fn marks(&self) -> Marks {
        match self.backend() {
            Backend::Sqlite => Marks::InOrder,
            Backend::Postgres => Marks::Numbered,
        }
    }
}

/// When an import writes, as stored beside what it wrote.
fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Refuses the import when `doc`'s plan is no longer at `revision`. Runs
/// inside the import's transaction, after it has the plan to itself.
async fn check_revision(
    conn: &mut AnyConnection,
    doc: &PlanDocument,
    revision: i64,
) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT p.revision FROM plans p JOIN organisations o ON o.id = p.organisation_id
         WHERE o.name = $1 AND p.name = $2",
    )
    .bind(&doc.organisation)
    .bind(&doc.plan.name)
    .fetch_optional(&mut *conn)
    .await?;
    let now: Option<i64> = row.map(|row| row.try_get("revision")).transpose()?;
    if now == Some(revision) {
        Ok(())
    } else {
        Err(StoreError::PlanChangedMeanwhile {
            plan: doc.plan.name.clone(),
        })
    }
}

/// A column value to bind; the `Any` driver takes these three kinds.
#[derive(Debug, Clone, PartialEq)]
enum Param {
    Text(Option<String>),
    Int(i64),
    Real(Option<f64>),
}

impl Param {
    /// The PostgreSQL type of the column it is written to.
    fn sql_type(&self) -> &'static str {
        match self {
            Param::Text(_) => "text",
            Param::Int(_) => "bigint",
            Param::Real(_) => "float8",
        }
    }
}

/// The values as a PostgreSQL array literal: texts in double quotes with
/// their quotes and backslashes escaped (any other character, tabs and
/// newlines too, stands for itself there), missing values as `NULL`.
fn array_literal<'a>(values: impl Iterator<Item = &'a Param>) -> String {
    use std::fmt::Write as _;
    let mut literal = String::from("{");
    for (n, value) in values.enumerate() {
        if n > 0 {
            literal.push(',');
        }
        // Writing to a String cannot fail.
        let _ = match value {
            Param::Text(None) | Param::Real(None) => write!(literal, "NULL"),
            Param::Int(value) => write!(literal, "{value}"),
            // Rust prints the shortest digits that read back as the same f64.
            Param::Real(Some(value)) => write!(literal, "{value}"),
            Param::Text(Some(value)) => {
                literal.push('"');
                for c in value.chars() {
                    if c == '"' || c == '\\' {
                        literal.push('\\');
                    }
                    literal.push(c);
                }
                write!(literal, "\"")
            }
        };
    }
    literal.push('}');
    literal
}

type Columns = Vec<(&'static str, Param)>;

fn text(value: &str) -> Param {
    Param::Text(Some(value.to_string()))
}

fn maybe(value: &Option<String>) -> Param {
    Param::Text(value.clone())
}

/// Rows a re-import can hide become current again when written.
const NOT_RETIRED: (&str, Param) = ("retired_by", Param::Text(None));

/// SQL for each column's value: `$n` for bound ones, a literal `NULL` for a
/// missing number. The Any driver sends a missing `f64` to PostgreSQL typed as
/// a 4-byte float; a statement prepared that way then refuses the 8-byte
/// floats of later rows, so number NULLs are written into the SQL instead and
/// rows with and without figures get statements of their own.
fn placeholders(columns: &[(&str, Param)], first: usize, marks: Marks) -> Vec<String> {
    let mut next = first;
    columns
        .iter()
        .map(|(_, param)| match param {
            Param::Real(None) => "NULL".to_string(),
            _ => {
                next += 1;
                marks.mark(next - 1)
            }
        })
        .collect()
}

/// How many placeholders [`placeholders`] numbered.
fn bound_count(columns: &[(&str, Param)]) -> usize {
    columns
        .iter()
        .filter(|(_, p)| !matches!(p, Param::Real(None)))
        .count()
}

fn bind_all<'q>(
    mut query: Query<'q, Any, AnyArguments<'q>>,
    columns: &[(&str, Param)],
) -> Query<'q, Any, AnyArguments<'q>> {
    for (_, param) in columns {
        query = match param.clone() {
            Param::Text(value) => query.bind(value),
            Param::Int(value) => query.bind(value),
            Param::Real(Some(value)) => query.bind(value),
            Param::Real(None) => query,
        };
    }
    query
}

fn lookup(
    ids: &HashMap<String, i64>,
    key: &str,
    from: &dyn Fn() -> String,
    entity: &'static str,
) -> Result<i64, StoreError> {
    ids.get(key)
        .copied()
        .ok_or_else(|| StoreError::UnknownReference {
            from: from(),
            entity,
            key: key.to_string(),
        })
}

fn lookup_all(
    ids: &HashMap<String, i64>,
    keys: &[String],
    from: &dyn Fn() -> String,
    entity: &'static str,
) -> Result<Vec<i64>, StoreError> {
    keys.iter()
        .map(|key| lookup(ids, key, from, entity))
        .collect()
}

/// The id of the organisation called `name`, added if it is new.
async fn organisation_id(conn: &mut AnyConnection, name: &str) -> Result<i64, StoreError> {
    let found = sqlx::query("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await?;
    let row = match found {
        Some(row) => row,
        None => {
            sqlx::query("INSERT INTO organisations (name) VALUES ($1) RETURNING id")
                .bind(name)
                .fetch_one(&mut *conn)
                .await?
        }
    };
    Ok(row.try_get("id")?)
}

struct Import<'c> {
    conn: &'c mut AnyConnection,
    /// The organisation of the plan being written, which every row carries.
    organisation_id: i64,
    source: &'c str,
    now: &'c str,
    progress: &'c dyn ImportProgress,
    marks: Marks,
}

impl Import<'_> {
    async fn run(
        &mut self,
        doc: &PlanDocument,
        business_plan: BusinessPlan<'_>,
        dry_run: bool,
    ) -> Result<ImportReport, StoreError> {
        let BusinessPlan {
            resources,
            projects,
        } = business_plan;
        let organisation_id = self.organisation_id;
        let (plan_id, new_plan, header_changed) = self.plan(organisation_id, &doc.plan).await?;
        let stored = read_stored(self.conn, plan_id).await?;
        let diff = diff_plan(&stored, doc, self.source)?;
        let writes = diff.nodes.writes.len()
            + diff.indicators.writes.len()
            + diff.localities.writes.len()
            + diff.observations.writes.len()
            + diff.milestones.writes.len();
        self.progress.start(writes as u64);

        let node_ids = self
            .write_nodes(plan_id, &stored.nodes, &diff.nodes)
            .await?;

        // Only indicators the document contains can be referred to.
        let mut indicator_ids = ids_by_key(&stored.indicators, |i| &i.key);
        let in_doc: HashSet<&str> = doc.indicators.iter().map(|i| i.key.as_str()).collect();
        indicator_ids.retain(|key, _| in_doc.contains(key.as_str()));
        let ids = self
            .write(
                &diff.indicators,
                "indicators",
                NewIds::Wanted,
                columns_of(&diff.indicators, |w| Ok(indicator_columns(plan_id, w)))?,
            )
            .await?;
        let mut links = Vec::with_capacity(ids.len());
        for (write, id) in diff.indicators.writes.iter().zip(&ids) {
            let indicator = write.item();
            let from = || format!("indicator `{}`", indicator.key);
            let nodes = lookup_all(&node_ids, &indicator.objectives, &from, "objective")?;
            links.push((*id, nodes));
        }
        self.replace_links(OBJECTIVE_LINKS, &links).await?;
        indicator_ids.extend(keys_with_ids(&diff.indicators, ids, |i| &i.key));

        let columns = columns_of(&diff.localities, |w| Ok(locality_columns(plan_id, w)))?;
        self.write(&diff.localities, "localities", NewIds::Unwanted, columns)
            .await?;
        self.write_observations(plan_id, doc, &diff.observations, &indicator_ids)
            .await?;
        self.write_milestones(plan_id, doc, &diff.milestones, &node_ids, &indicator_ids)
            .await?;
        let statements_changed = self
            .replace_statements(plan_id, &doc.statements, &indicator_ids, None, 0)
            .await?;
        let owner = Owner {
            organisation_id,
            plan_id,
        };
        if let Some(tables) = resources {
            crate::resources::replace(self.conn, &owner, tables, self.source).await?;
        }
        if let Some(projects) = projects {
            crate::projects::replace(self.conn, &owner, projects, self.source).await?;
        }
        crate::plans::bump_revision(self.conn, plan_id).await?;

        Ok(ImportReport {
            organisation: doc.organisation.clone(),
            plan: doc.plan.name.clone(),
            dry_run,
            new_plan,
            header_changed,
            nodes: diff.nodes.counts.clone(),
            indicators: diff.indicators.counts.clone(),
            localities: diff.localities.counts.clone(),
            observations: diff.observations.counts.clone(),
            milestones: diff.milestones.counts.clone(),
            changed_observations: diff.changed_observations(),
            resource_tables: resources.map_or(0, <[ResourceTable]>::len),
            resource_rows: resources.map_or(0, |t| t.iter().map(|t| t.rows.len()).sum()),
            projects: projects.map_or(0, <[Project]>::len),
            statements: doc.statements.len(),
            statements_changed,
        })
    }

    /// Writes the nodes; returns every node's id by code.
    async fn write_nodes(
        &mut self,
        plan_id: i64,
        stored: &[Stored<Node>],
        diff: &EntityDiff<Node>,
    ) -> Result<HashMap<String, i64>, StoreError> {
        // Every node, retired or not, can be referred to; none is ever deleted.
        let mut node_ids = ids_by_key(stored, |n| &n.code);
        let ids = self
            .write(
                diff,
                "nodes",
                NewIds::Wanted,
                columns_of(diff, |w| Ok(node_columns(plan_id, w)))?,
            )
            .await?;
        node_ids.extend(keys_with_ids(diff, ids, |n| &n.code));
        Ok(node_ids)
    }

    async fn write_observations(
        &mut self,
        plan_id: i64,
        doc: &PlanDocument,
        diff: &EntityDiff<Observation>,
        indicator_ids: &HashMap<String, i64>,
    ) -> Result<(), StoreError> {
        // Unchanged values are checked too: their indicator may have just been retired.
        for observation in &doc.observations {
            let from = || format!("value {}", Slot::of(observation).describe());
            lookup(indicator_ids, &observation.indicator, &from, "indicator")?;
        }
        self.write_values(plan_id, diff, indicator_ids).await
    }

    /// Writes values whose indicators are all in `indicator_ids`, keeping
    /// the text each replaced one held.
    async fn write_values(
        &mut self,
        plan_id: i64,
        diff: &EntityDiff<Observation>,
        indicator_ids: &HashMap<String, i64>,
    ) -> Result<(), StoreError> {
        let columns = value_columns(plan_id, diff, self.now, self.source)?;
        self.write_value_columns(diff, columns, indicator_ids).await
    }

    /// Writes values whose columns, all but their indicator's, are built.
    async fn write_value_columns(
        &mut self,
        diff: &EntityDiff<Observation>,
        mut columns: Vec<Columns>,
        indicator_ids: &HashMap<String, i64>,
    ) -> Result<(), StoreError> {
        self.record_history(diff).await?;
        for (w, columns) in diff.writes.iter().zip(&mut columns) {
            let indicator_id = lookup(
                indicator_ids,
                &w.item().indicator,
                &|| "value".to_string(),
                "indicator",
            )?;
            columns.push(("indicator_id", Param::Int(indicator_id)));
        }
        self.write(diff, "observations", NewIds::Unwanted, columns)
            .await?;
        Ok(())
    }

    async fn write_milestones(
        &mut self,
        plan_id: i64,
        doc: &PlanDocument,
        diff: &EntityDiff<Milestone>,
        node_ids: &HashMap<String, i64>,
        indicator_ids: &HashMap<String, i64>,
    ) -> Result<(), StoreError> {
        let from = |m: &Milestone| format!("milestone `{}` of {}", m.text, m.node);
        for milestone in &doc.milestones {
            lookup(node_ids, &milestone.node, &|| from(milestone), "node")?;
            lookup_all(
                indicator_ids,
                &milestone.indicators,
                &|| from(milestone),
                "indicator",
            )?;
        }
        let ids = self
            .write(
                diff,
                "milestones",
                NewIds::Wanted,
                columns_of(diff, |w| {
                    let node_id = lookup(node_ids, &w.item().node, &|| from(w.item()), "node")?;
                    Ok(milestone_columns(plan_id, node_id, w))
                })?,
            )
            .await?;
        let mut links = Vec::with_capacity(ids.len());
        for (write, id) in diff.writes.iter().zip(ids) {
            let milestone = write.item();
            let indicators = lookup_all(
                indicator_ids,
                &milestone.indicators,
                &|| from(milestone),
                "indicator",
            )?;
            links.push((id, indicators));
        }
        self.replace_links(MILESTONE_LINKS, &links).await?;
        Ok(())
    }

    /// The council's statements are kept as the document gives them: the
    /// stored ones are replaced as a whole, those of the plan or, with
    /// `scope`, those of these indicators alone; the first new one is at
    /// position `first`. Returns how many statements differ between the
    /// stored set and the new one (each one dropped, added, or changed on
    /// either side), so a re-import that changes only statements does not
    /// report itself as changing nothing.
    async fn replace_statements(
        &mut self,
        plan_id: i64,
        statements: &[Statement],
        indicator_ids: &HashMap<String, i64>,
        scope: Option<&[i64]>,
        first: i64,
    ) -> Result<usize, StoreError> {
        const STORED: &str = "SELECT i.key, s.period, s.kind, s.text FROM statements s
             JOIN indicators i ON i.id = s.indicator_id AND i.organisation_id = s.organisation_id WHERE";
        let stored = match scope {
            None => {
                let sql = format!("{STORED} s.plan_id = {}", self.marks.mark(1));
                let rows = sqlx::query(&sql)
                    .bind(plan_id)
                    .fetch_all(&mut *self.conn)
                    .await?;
                sqlx::query(&format!(
                    "DELETE FROM statements WHERE plan_id = {}",
                    self.marks.mark(1)
                ))
                .bind(plan_id)
                .execute(&mut *self.conn)
                .await?;
                rows
            }
            Some(ids) => {
                let mut rows = Vec::new();
                for ids in ids.chunks(MAX_ROWS_A_STATEMENT) {
                    let list = self.marks.list(1, ids.len());
                    let sql = format!("{STORED} s.indicator_id IN ({list})");
                    rows.extend(
                        bind_ids(sqlx::query(&sql), ids)
                            .fetch_all(&mut *self.conn)
                            .await?,
                    );
                    let sql = format!("DELETE FROM statements WHERE indicator_id IN ({list})");
                    bind_ids(sqlx::query(&sql), ids)
                        .execute(&mut *self.conn)
                        .await?;
                }
                rows
            }
        };
        let mut unmatched: HashMap<(String, String, String, String), usize> = HashMap::new();
        for row in &stored {
            let key = (
                row.try_get(0)?,
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
            );
            *unmatched.entry(key).or_default() += 1;
        }
        let mut added = 0;
        for statement in statements {
            let key = (
                statement.indicator.clone(),
                statement.period.to_string(),
                statement.kind.code().to_string(),
                statement.text.clone(),
            );
            match unmatched.get_mut(&key).filter(|n| **n > 0) {
                Some(n) => *n -= 1,
                None => added += 1,
            }
        }
        let differing = added + unmatched.values().sum::<usize>();
        let mut rows = Vec::with_capacity(statements.len());
        for (position, statement) in (first..).zip(statements) {
            let from = || {
                format!(
                    "the {} for `{}` in {}",
                    statement.kind.code(),
                    statement.indicator,
                    statement.period
                )
            };
            let indicator_id = lookup(indicator_ids, &statement.indicator, &from, "indicator")?;
            rows.push((indicator_id, statement, position));
        }
        for chunk in rows.chunks(MAX_ROWS_A_STATEMENT) {
            let sql = format!(
                "INSERT INTO statements (plan_id, organisation_id, indicator_id, period, kind, text, position) VALUES {}",
                self.marks.tuples(chunk.len(), 7)
            );
            let mut query = sqlx::query(&sql);
            for (indicator_id, statement, position) in chunk {
                query = query
                    .bind(plan_id)
                    .bind(self.organisation_id)
                    .bind(*indicator_id)
                    .bind(statement.period.to_string())
                    .bind(statement.kind.code())
                    .bind(statement.text.clone())
                    .bind(*position);
            }
            query.execute(&mut *self.conn).await?;
        }
        Ok(differing)
    }

    /// The plan's id, whether it is new, and whether its title or period changed.
    async fn plan(
        &mut self,
        organisation_id: i64,
        header: &PlanHeader,
    ) -> Result<(i64, bool, bool), StoreError> {
        let found = sqlx::query(
            "SELECT id, title, period FROM plans WHERE organisation_id = $1 AND name = $2",
        )
        .bind(organisation_id)
        .bind(&header.name)
        .fetch_optional(&mut *self.conn)
        .await?;
        let Some(row) = found else {
            let row = sqlx::query("INSERT INTO plans (organisation_id, name, title, period) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(organisation_id)
                .bind(&header.name)
                .bind(&header.title)
                .bind(&header.period)
                .fetch_one(&mut *self.conn)
                .await?;
            return Ok((row.try_get("id")?, true, false));
        };
        let id: i64 = row.try_get("id")?;
        let (title, period): (String, String) = (row.try_get("title")?, row.try_get("period")?);
        let changed = title != header.title || period != header.period;
        if changed {
            sqlx::query("UPDATE plans SET title = $1, period = $2 WHERE id = $3")
                .bind(&header.title)
                .bind(&header.period)
                .bind(id)
                .execute(&mut *self.conn)
                .await?;
        }
        Ok((id, false, changed))
    }

    /// Inserts and updates one entity's rows, given the columns of each
    /// write in order, and marks the retired ones; with [`NewIds::Wanted`],
    /// returns the row id of each write, in order. New rows go in many to a statement; each row says its position, which
    /// is unique within one entity's writes, so the ids are matched to the
    /// writes by it.
    async fn write<T>(
        &mut self,
        diff: &EntityDiff<T>,
        table: &'static str,
        new_ids: NewIds,
        columns: Vec<Columns>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut inserted = match new_ids {
            NewIds::Wanted => Some(HashMap::new()),
            NewIds::Unwanted => None,
        };
        let mut batch = InsertBatch::new(self.marks);
        for (write, mut columns) in diff.writes.iter().zip(columns) {
            match write {
                Write::Insert { .. } => {
                    columns.push(("organisation_id", Param::Int(self.organisation_id)));
                    if !batch.takes(&columns) {
                        self.insert_batch(table, &mut batch, inserted.as_mut())
                            .await?;
                    }
                    batch.push(columns);
                }
                Write::Update { id, .. } => self.update(table, *id, &columns).await?,
            }
            self.progress.advance(1);
        }
        self.insert_batch(table, &mut batch, inserted.as_mut())
            .await?;
        let ids = match &inserted {
            Some(inserted) => new_ids_in_order(diff, inserted, table)?,
            None => Vec::new(),
        };
        for ids in diff.retire.chunks(MAX_ROWS_A_STATEMENT) {
            let sql = format!(
                "UPDATE {table} SET retired_by = {} WHERE id IN ({})",
                self.marks.mark(1),
                self.marks.list(2, ids.len())
            );
            let query = sqlx::query(&sql).bind(self.source);
            bind_ids(query, ids).execute(&mut *self.conn).await?;
        }
        Ok(ids)
    }

    async fn update(&mut self, table: &str, id: i64, columns: &Columns) -> Result<(), StoreError> {
        let sets: Vec<String> = columns
            .iter()
            .zip(placeholders(columns, 1, self.marks))
            .map(|((name, _), value)| format!("{name} = {value}"))
            .collect();
        let sql = format!(
            "UPDATE {table} SET {} WHERE id = {}",
            sets.join(", "),
            self.marks.mark(bound_count(columns) + 1)
        );
        bind_all(sqlx::query(&sql), columns)
            .bind(id)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    /// Writes the rows gathered in `batch` as one statement and empties it;
    /// notes each new row's id by its position in `ids`, if given.
    async fn insert_batch(
        &mut self,
        table: &str,
        batch: &mut InsertBatch,
        ids: Option<&mut HashMap<i64, i64>>,
    ) -> Result<(), StoreError> {
        let rows = std::mem::take(&mut batch.rows);
        batch.bound = 0;
        let Some(first) = rows.first() else {
            return Ok(());
        };
        let names: Vec<&str> = first.iter().map(|(name, _)| *name).collect();
        if let Marks::Numbered = self.marks {
            return self.insert_arrays(table, &names, &rows, ids).await;
        }
        let mut next = 1;
        let tuples: Vec<String> = rows
            .iter()
            .map(|columns| {
                let tuple = format!("({})", placeholders(columns, next, self.marks).join(", "));
                next += bound_count(columns);
                tuple
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}{}",
            names.join(", "),
            tuples.join(", "),
            returning(ids.is_some())
        );
        let mut query = sqlx::query(&sql);
        for columns in &rows {
            query = bind_all(query, columns);
        }
        run_insert(query, &mut *self.conn, ids).await
    }

    /// PostgreSQL's way of writing `rows`: each column's values go as one
    /// array literal, unnested into rows by the server, and a column holding
    /// one value in every row (the plan, the organisation, the import's
    /// stamp, missing figures) as that value alone, so the server parses it
    /// once rather than once a row. The statement is the same for every
    /// batch with the same columns held alike (prepared once), binds a few
    /// long texts instead of a value a cell, and takes many more rows than a
    /// `VALUES` list, which PostgreSQL parses and plans anew for each batch.
    /// (`COPY FROM STDIN` needs sqlx's own PostgreSQL connection, which the
    /// `Any` connection the import's transaction runs on does not give out.)
    async fn insert_arrays(
        &mut self,
        table: &str,
        names: &[&str],
        rows: &[Columns],
        ids: Option<&mut HashMap<i64, i64>>,
    ) -> Result<(), StoreError> {
        let first = &rows[0];
        // A row's position matches it to its new id, so it always varies.
        let alike: Vec<bool> = first
            .iter()
            .enumerate()
            .map(|(n, (name, value))| {
                *name != "position" && rows[1..].iter().all(|row| row[n].1 == *value)
            })
            .collect();
        let mut arrays = Vec::new();
        let mut values = Vec::new();
        let mut bound = 0;
        for ((_, param), alike) in first.iter().zip(&alike) {
            let sql_type = param.sql_type();
            if !alike {
                bound += 1;
                arrays.push(format!("${bound}::{sql_type}[]"));
                values.push(format!("u.c{}", arrays.len()));
            } else if let Param::Real(None) = param {
                // Bound, a missing number would be sent as a 4-byte float (see `placeholders`).
                values.push(format!("NULL::{sql_type}"));
            } else {
                bound += 1;
                values.push(format!("${bound}::{sql_type}"));
            }
        }
        let aliases: Vec<String> = (1..=arrays.len()).map(|n| format!("c{n}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) SELECT {} FROM unnest({}) AS u({}){}",
            names.join(", "),
            values.join(", "),
            arrays.join(", "),
            aliases.join(", "),
            returning(ids.is_some())
        );
        let mut query = sqlx::query(&sql);
        for (column, ((_, param), alike)) in first.iter().zip(&alike).enumerate() {
            query = match (alike, param) {
                (false, _) => query.bind(array_literal(rows.iter().map(|row| &row[column].1))),
                (true, Param::Text(value)) => query.bind(value.clone()),
                (true, Param::Int(value)) => query.bind(*value),
                (true, Param::Real(Some(value))) => query.bind(*value),
                (true, Param::Real(None)) => query,
            };
        }
        run_insert(query, &mut *self.conn, ids).await
    }

    /// Keeps the text a slot held before this import replaces it, and moves
    /// the slot's version on.
    async fn record_history(&mut self, diff: &EntityDiff<Observation>) -> Result<(), StoreError> {
        let replaced: Vec<i64> = diff
            .writes
            .iter()
            .filter_map(|write| match write {
                Write::Update {
                    id, item, previous, ..
                } if content_changed(previous, item) => Some(*id),
                _ => None,
            })
            .collect();
        for ids in replaced.chunks(MAX_ROWS_A_STATEMENT) {
            let keep = format!(
                "INSERT INTO observation_history
                    (observation_id, organisation_id, text, parsed, set_by, agreed_on, recorded_at, recorded_by, replaced_at, replaced_by)
                 SELECT id, organisation_id, text, parsed, set_by, agreed_on, updated_at, updated_by, {}, {} FROM observations
                 WHERE id IN ({})",
                self.marks.mark(1),
                self.marks.mark(2),
                self.marks.list(3, ids.len())
            );
            let query = sqlx::query(&keep).bind(self.now).bind(self.source);
            bind_ids(query, ids).execute(&mut *self.conn).await?;
            // An entry made against the old text must now conflict.
            let bump = format!(
                "UPDATE observations SET version = version + 1 WHERE id IN ({})",
                self.marks.list(1, ids.len())
            );
            bind_ids(sqlx::query(&bump), ids)
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(())
    }

    /// Replaces each owner's links with its targets, in their order.
    async fn replace_links(
        &mut self,
        links: Links,
        owners: &[(i64, Vec<i64>)],
    ) -> Result<(), StoreError> {
        let Links {
            table,
            owner_column,
            target_column,
        } = links;
        for chunk in owners.chunks(MAX_ROWS_A_STATEMENT) {
            let sql = format!(
                "DELETE FROM {table} WHERE {owner_column} IN ({})",
                self.marks.list(1, chunk.len())
            );
            let owners: Vec<i64> = chunk.iter().map(|(owner, _)| *owner).collect();
            bind_ids(sqlx::query(&sql), &owners)
                .execute(&mut *self.conn)
                .await?;
        }
        let rows: Vec<(i64, i64, i64)> = owners
            .iter()
            .flat_map(|(owner, targets)| {
                (0i64..)
                    .zip(targets)
                    .map(move |(position, target)| (*owner, *target, position))
            })
            .collect();
        for chunk in rows.chunks(MAX_ROWS_A_STATEMENT) {
            let sql = format!(
                "INSERT INTO {table} ({owner_column}, {target_column}, position, organisation_id) VALUES {}",
                self.marks.tuples(chunk.len(), 4)
            );
            let mut query = sqlx::query(&sql);
            for (owner, target, position) in chunk {
                query = query
                    .bind(*owner)
                    .bind(*target)
                    .bind(*position)
                    .bind(self.organisation_id);
            }
            query.execute(&mut *self.conn).await?;
        }
        Ok(())
    }
}

/// Whether a write hands back the new rows' ids: only rows other rows of
/// the import point at need them, and reading back a million ids costs.
#[derive(Debug, Clone, Copy)]
enum NewIds {
    Wanted,
    Unwanted,
}

/// The clause an insert ends with: the new rows' ids by position, if wanted.
fn returning(wanted: bool) -> &'static str {
    if wanted {
        " RETURNING id, position"
    } else {
        ""
    }
}

/// Runs an insert built with [`returning`]; notes the new ids in `ids`.
async fn run_insert<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    conn: &mut AnyConnection,
    ids: Option<&mut HashMap<i64, i64>>,
) -> Result<(), StoreError> {
    match ids {
        Some(ids) => {
            for row in query.fetch_all(conn).await? {
                ids.insert(row.try_get("position")?, row.try_get("id")?);
            }
        }
        None => {
            query.execute(conn).await?;
        }
    }
    Ok(())
}

/// The row id of each write, in order: an update's own, a new row's by its
/// position among those `inserted`.
fn new_ids_in_order<T>(
    diff: &EntityDiff<T>,
    inserted: &HashMap<i64, i64>,
    table: &'static str,
) -> Result<Vec<i64>, StoreError> {
    diff.writes
        .iter()
        .map(|write| match write {
            Write::Insert { position, .. } => {
                inserted
                    .get(position)
                    .copied()
                    .ok_or_else(|| StoreError::Corrupt {
                        column: table,
                        value: format!("position {position}"),
                        reason: "the new row's id did not come back".to_string(),
                    })
            }
            Write::Update { id, .. } => Ok(*id),
        })
        .collect()
}

/// Rows one statement writes at most, and values it binds at most (SQLite
/// takes 32,766, PostgreSQL 65,535).
const MAX_ROWS_A_STATEMENT: usize = 1000;
const MAX_BOUND_A_STATEMENT: usize = 30_000;
/// Rows one PostgreSQL insert of arrays writes at most (see `insert_arrays`).
const MAX_ROWS_AN_ARRAY_INSERT: usize = 10_000;

/// How the parameters of the statements built here are written: `$1, $2 …`
/// on PostgreSQL; on SQLite `?`, numbered by their order. sqlx finds each
/// numbered SQLite parameter by looking through the statement's list of
/// named ones, so a long statement of `$n` would cost the square of its length.
#[derive(Debug, Clone, Copy)]
enum Marks {
    Numbered,
    InOrder,
}

impl Marks {
    /// The `n`-th parameter (1-based).
    fn mark(self, n: usize) -> String {
        match self {
            Marks::Numbered => format!("${n}"),
            Marks::InOrder => "?".to_string(),
        }
    }

    /// `rows` parenthesised lists of `width` parameters each, numbered on
    /// from the first: the values of a many-row INSERT.
    fn tuples(self, rows: usize, width: usize) -> String {
        (0..rows)
            .map(|row| format!("({})", self.list(width * row + 1, width)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `count` parameters from the `first`-th on, comma-separated.
    fn list(self, first: usize, count: usize) -> String {
        (first..first + count)
            .map(|n| self.mark(n))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// New rows of one table, gathered to be written as one statement.
struct InsertBatch {
    rows: Vec<Columns>,
    bound: usize,
    marks: Marks,
}

impl InsertBatch {
    fn new(marks: Marks) -> InsertBatch {
        InsertBatch {
            rows: Vec::new(),
            bound: 0,
            marks,
        }
    }

    /// Whether `columns` can join the rows gathered: the same columns, and
    /// room left in the statement.
    fn takes(&self, columns: &Columns) -> bool {
        let Some(first) = self.rows.first() else {
            return true;
        };
        let room = match self.marks {
            Marks::InOrder => {
                self.rows.len() < MAX_ROWS_A_STATEMENT
                    && self.bound + bound_count(columns) <= MAX_BOUND_A_STATEMENT
            }
            // PostgreSQL binds one array a column, whatever the rows.
            Marks::Numbered => self.rows.len() < MAX_ROWS_AN_ARRAY_INSERT,
        };
        room && first.len() == columns.len()
            && first.iter().zip(columns).all(|((a, _), (b, _))| a == b)
    }

    fn push(&mut self, columns: Columns) {
        self.bound += bound_count(&columns);
        self.rows.push(columns);
    }
}

fn bind_ids<'q>(
    mut query: Query<'q, Any, AnyArguments<'q>>,
    ids: &[i64],
) -> Query<'q, Any, AnyArguments<'q>> {
    for id in ids {
        query = query.bind(*id);
    }
    query
}

/// A many-to-many table whose rows for one owner are replaced as a whole.
#[derive(Clone, Copy)]
struct Links {
    table: &'static str,
    owner_column: &'static str,
    target_column: &'static str,
}

const OBJECTIVE_LINKS: Links = Links {
    table: "indicator_objectives",
    owner_column: "indicator_id",
    target_column: "node_id",
};

const MILESTONE_LINKS: Links = Links {
    table: "milestone_indicators",
    owner_column: "milestone_id",
    target_column: "indicator_id",
};

fn ids_by_key<T>(rows: &[Stored<T>], key: impl Fn(&T) -> &String) -> HashMap<String, i64> {
    rows.iter()
        .map(|row| (key(&row.item).clone(), row.id))
        .collect()
}

/// Pairs each written item's key with the row id the write returned.
fn keys_with_ids<'a, T>(
    diff: &'a EntityDiff<T>,
    ids: Vec<i64>,
    key: impl Fn(&T) -> &String + 'a,
) -> impl Iterator<Item = (String, i64)> + 'a {
    diff.writes
        .iter()
        .zip(ids)
        .map(move |(write, id)| (key(write.item()).clone(), id))
}

/// A new text, or a target set by someone else or agreed on another day.
fn content_changed(previous: &Observation, item: &Observation) -> bool {
    previous.text != item.text
        || previous.parsed != item.parsed
        || previous.set_by != item.set_by
        || previous.agreed_on != item.agreed_on
}

fn node_columns(plan_id: i64, write: &Write<Node>) -> Columns {
    let node = write.item();
    vec![
        ("plan_id", Param::Int(plan_id)),
        ("code", text(&node.code)),
        ("parent_code", maybe(&node.parent)),
        ("kind", text(&node.kind)),
        ("title", text(&node.title)),
        ("position", Param::Int(write.position())),
        (
            "retired_when",
            Param::Text(node.retired.as_ref().map(|r| r.when.clone())),
        ),
        (
            "merged_into",
            Param::Text(node.retired.as_ref().and_then(|r| r.merged_into.clone())),
        ),
    ]
}

fn indicator_columns(plan_id: i64, write: &Write<Indicator>) -> Columns {
    let indicator = write.item();
    vec![
        ("plan_id", Param::Int(plan_id)),
        ("key", text(&indicator.key)),
        ("code", maybe(&indicator.code)),
        ("title", text(&indicator.title)),
        ("definition", maybe(&indicator.definition)),
        ("unit", maybe(&indicator.unit)),
        (
            "polarity",
            Param::Text(indicator.polarity.as_ref().map(enum_text)),
        ),
        (
            "polarity_source",
            Param::Text(indicator.polarity_source.as_ref().map(enum_text)),
        ),
        ("frequency", maybe(&indicator.frequency)),
        ("lead_officer", maybe(&indicator.lead_officer)),
        ("delivery_board", maybe(&indicator.delivery_board)),
        ("position", Param::Int(write.position())),
        NOT_RETIRED,
    ]
}

fn locality_columns(plan_id: i64, write: &Write<Locality>) -> Columns {
    let locality = write.item();
    vec![
        ("plan_id", Param::Int(plan_id)),
        ("name", text(&locality.name)),
        ("parent", maybe(&locality.parent)),
        ("kind", text(&locality.kind)),
        ("valid_from", Param::Text(date_text(locality.valid_from))),
        ("valid_to", Param::Text(date_text(locality.valid_to))),
        ("position", Param::Int(write.position())),
        NOT_RETIRED,
    ]
}

/// The columns of each write of `diff`, in order.
fn columns_of<T>(
    diff: &EntityDiff<T>,
    columns: impl Fn(&Write<T>) -> Result<Columns, StoreError>,
) -> Result<Vec<Columns>, StoreError> {
    diff.writes.iter().map(columns).collect()
}

/// The columns of each value written, all but its indicator's, which is
/// only known once new indicators are written.
fn value_columns(
    plan_id: i64,
    diff: &EntityDiff<Observation>,
    now: &str,
    source: &str,
) -> Result<Vec<Columns>, StoreError> {
    columns_of(diff, |w| observation_columns(plan_id, w, now, source))
}

fn observation_columns(
    plan_id: i64,
    write: &Write<Observation>,
    now: &str,
    source: &str,
) -> Result<Columns, StoreError> {
    let observation = write.item();
    let parsed = &observation.parsed;
    let ratio = parsed.ratio();
    let mut columns = vec![
        ("plan_id", Param::Int(plan_id)),
        ("period", text(&observation.period.to_string())),
        ("period_kind", text(&enum_text(&observation.period.kind))),
        (
            "period_start",
            Param::Text(date_text(Some(observation.period.start()))),
        ),
        ("kind", text(observation.kind.as_str())),
        ("locality", maybe(&observation.locality)),
        ("breakdown_group", maybe(&observation.group)),
        ("text", text(&observation.text)),
        ("parsed", text(&json_text(parsed)?)),
        ("set_by", maybe(&observation.set_by)),
        ("agreed_on", Param::Text(date_text(observation.agreed_on))),
        ("figure", Param::Real(parsed.figure())),
        ("numerator", Param::Real(ratio.map(|(n, _)| n))),
        ("denominator", Param::Real(ratio.map(|(_, d)| d))),
        ("position", Param::Int(write.position())),
        NOT_RETIRED,
    ];
    // A slot's stamp says who wrote its current text; moving it keeps the stamp.
    let stamp = match write {
        Write::Insert { .. } => true,
        Write::Update {
            previous,
            was_retired,
            ..
        } => *was_retired || content_changed(previous, observation),
    };
    if stamp {
        columns.push(("updated_at", text(now)));
        columns.push(("updated_by", text(source)));
    }
    Ok(columns)
}

fn milestone_columns(plan_id: i64, node_id: i64, write: &Write<Milestone>) -> Columns {
    let milestone = write.item();
    vec![
        ("plan_id", Param::Int(plan_id)),
        ("node_id", Param::Int(node_id)),
        ("position", Param::Int(write.position())),
        ("text", text(&milestone.text)),
        ("timescale", maybe(&milestone.timescale)),
        ("due", Param::Text(date_text(milestone.due))),
        ("owner", maybe(&milestone.owner)),
        NOT_RETIRED,
    ]
}

//! Reading plans back: whole documents, summaries, and finding a plan by name.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::model::{
    Indicator, Locality, Milestone, Node, Observation, PlanDocument, PlanHeader, Retirement,
    Statement,
};
use trustboard_core::plan_diff::{Slot, Stored, StoredPlan};
use trustboard_core::value::ParsedValue;

use crate::codec::{
    bind_slot, corrupt, date_from_text, enum_from_text, from_json_text, period_from_text,
    slot_from_row, timestamp_from_text,
};
use crate::connect::Store;
use crate::error::StoreError;

/// One plan in the store, with how much it holds (retired content not counted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PlanSummary {
    pub organisation: String,
    pub name: String,
    pub title: String,
    pub period: String,
    pub nodes: usize,
    pub indicators: usize,
    pub observations: usize,
    pub milestones: usize,
}

impl PlanSummary {
    /// `CYPP 2009-13 (Kingston)`: how plans are named in messages.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.organisation)
    }

    /// The command-line options that pick this plan out of any others.
    pub fn flags(&self) -> String {
        plan_flags(&self.name, &self.organisation)
    }
}

/// `--plan "CYPP 2009-13" --org "Royal Borough of Kingston upon Thames"`,
/// quoted so that a shell passes each name as one argument.
fn plan_flags(plan: &str, organisation: &str) -> String {
    format!(
        "--plan {} --org {}",
        shell_quoted(plan),
        shell_quoted(organisation)
    )
}

fn shell_quoted(text: &str) -> String {
    let mut quoted = String::from('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

impl Store {
    /// The plan whose listed label (`CYPP 2009-13 (Royal Borough of Kingston
    /// upon Thames)`) is `text`, so that a name copied from a list or an
    /// error message is understood. A plan really called that is found first.
    async fn plan_labelled(&self, text: &str) -> Result<Option<PlanSummary>, StoreError> {
        if !text.ends_with(')') {
            return Ok(None);
        }
        let plans = self.list_plans().await?;
        if plans.iter().any(|p| p.name == text) {
            return Ok(None);
        }
        Ok(plans.into_iter().find(|p| p.label() == text))
    }
}

/// A text a value slot held before it was replaced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub text: String,
    pub parsed: ParsedValue,
    /// For a target, who had set it and when the board had agreed it.
    pub set_by: Option<String>,
    pub agreed_on: Option<NaiveDate>,
    /// When and by what (import source or edit) this text was written.
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    /// When and by what it was replaced.
    pub replaced_at: DateTime<Utc>,
    pub replaced_by: String,
}

impl Store {
    /// Every earlier text of one value slot, oldest first.
    pub async fn observation_history(
        &self,
        organisation: Option<&str>,
        plan: &str,
        slot: &Slot,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut conn = self.begin_read().await?;
        let (plan_id, _) = self.resolve_plan(&mut conn, organisation, plan).await?;
        let query = sqlx::query(
            "SELECT h.text, h.parsed, h.set_by, h.agreed_on, h.recorded_at, h.recorded_by, h.replaced_at, h.replaced_by
             FROM observation_history h
             JOIN observations o ON o.id = h.observation_id AND o.organisation_id = h.organisation_id
             JOIN indicators i ON i.id = o.indicator_id AND i.organisation_id = o.organisation_id
             WHERE i.plan_id = $1 AND i.key = $2 AND o.period = $3 AND o.kind = $4
               AND COALESCE(o.locality, '') = $5 AND COALESCE(o.breakdown_group, '') = $6
             ORDER BY h.id",
        );
        let rows = bind_slot(query, plan_id, slot)
            .fetch_all(&mut *conn)
            .await?;
        rows.iter().map(history_entry).collect()
    }

    /// The plan as last imported: current content in document order, plus
    /// retired nodes with their [`Retirement`]. `organisation` is needed only
    /// when two organisations have plans of the same name.
    pub async fn load_plan(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<PlanDocument, StoreError> {
        Ok(self.load_plan_at_revision(organisation, plan).await?.0)
    }

    /// [`Store::load_plan`], with the plan's revision as read: what
    /// [`Store::import_plan_based_on`] checks.
    pub async fn load_plan_at_revision(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<(PlanDocument, i64), StoreError> {
        let mut conn = self.begin_read().await?;
        let (plan_id, organisation) = self.resolve_plan(&mut conn, organisation, plan).await?;
        let row = sqlx::query("SELECT name, title, period, revision FROM plans WHERE id = $1")
            .bind(plan_id)
            .fetch_one(&mut *conn)
            .await?;
        let header = PlanHeader {
            name: row.try_get("name")?,
            title: row.try_get("title")?,
            period: row.try_get("period")?,
        };
        let revision: i64 = row.try_get("revision")?;
        let mut stored = read_stored(&mut conn, plan_id).await?;
        // Delivery status is recorded through the web, not imported, so it is
        // added here rather than in what imports compare against.
        let statuses = crate::actions::milestone_statuses(&mut conn, plan_id).await?;
        for row in &mut stored.milestones {
            row.item.status = statuses.get(&row.id).copied();
        }
        fn current<T>(rows: Vec<Stored<T>>) -> Vec<T> {
            rows.into_iter()
                .filter(|row| !row.retired)
                .map(|row| row.item)
                .collect()
        }
        let document = PlanDocument {
            organisation,
            plan: header,
            nodes: current(stored.nodes),
            indicators: current(stored.indicators),
            observations: current(stored.observations),
            milestones: current(stored.milestones),
            localities: current(stored.localities),
            statements: read_statements(&mut conn, plan_id).await?,
        };
        Ok((document, revision))
    }

    /// The current figures of plan `plan_id`'s indicators `keys`, in
    /// document order for each: what [`Store::load_plan`] would give them.
    pub async fn current_observations_of(
        &self,
        plan_id: i64,
        keys: &BTreeSet<String>,
    ) -> Result<Vec<Observation>, StoreError> {
        let sql = format!(
            "SELECT {OBSERVATION_COLUMNS}
             FROM observations o JOIN indicators i ON i.id = o.indicator_id AND i.organisation_id = o.organisation_id
             WHERE i.plan_id = $1 AND i.key = $2 AND o.retired_by IS NULL
             ORDER BY o.position, o.id"
        );
        let mut conn = self.begin_read().await?;
        let mut found = Vec::new();
        for key in keys {
            let rows = sqlx::query(&sql)
                .bind(plan_id)
                .bind(key)
                .fetch_all(&mut *conn)
                .await?;
            for row in &rows {
                found.push(observation_from_row(row)?);
            }
        }
        Ok(found)
    }

    /// Every plan, ordered by organisation and name.
    pub async fn list_plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.name AS organisation, p.name, p.title, p.period,
                (SELECT COUNT(*) FROM nodes x WHERE x.plan_id = p.id AND x.organisation_id = p.organisation_id AND x.retired_when IS NULL) AS nodes,
                (SELECT COUNT(*) FROM indicators x WHERE x.plan_id = p.id AND x.organisation_id = p.organisation_id AND x.retired_by IS NULL) AS indicators,
                (SELECT COUNT(*) FROM observations x JOIN indicators y ON y.id = x.indicator_id AND y.organisation_id = x.organisation_id
                    WHERE y.plan_id = p.id AND y.organisation_id = p.organisation_id AND x.retired_by IS NULL) AS observations,
                (SELECT COUNT(*) FROM milestones x WHERE x.plan_id = p.id AND x.organisation_id = p.organisation_id AND x.retired_by IS NULL) AS milestones
             FROM plans p JOIN organisations o ON o.id = p.organisation_id
             ORDER BY o.name, p.name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(PlanSummary {
                    organisation: row.try_get("organisation")?,
                    name: row.try_get("name")?,
                    title: row.try_get("title")?,
                    period: row.try_get("period")?,
                    nodes: count(row, "nodes")?,
                    indicators: count(row, "indicators")?,
                    observations: count(row, "observations")?,
                    milestones: count(row, "milestones")?,
                })
            })
            .collect()
    }

    /// The plan called `name`, or the only plan when no name is given. Errors
    /// list the plans there are, so the user can pick one.
    pub async fn find_plan(&self, name: Option<&str>) -> Result<PlanSummary, StoreError> {
        let all = self.list_plans().await?;
        let labels = || all.iter().map(PlanSummary::label).collect::<Vec<_>>();
        let matching: Vec<&PlanSummary> = all
            .iter()
            .filter(|p| name.is_none_or(|n| p.name == n || p.label() == n))
            .collect();
        match (matching.as_slice(), name) {
            ([only], _) => Ok((*only).clone()),
            ([], Some(name)) => Err(StoreError::PlanNotFound {
                name: name.to_string(),
                available: labels(),
            }),
            ([], None) => Err(StoreError::NoPlans),
            (many, _) => Err(StoreError::AmbiguousPlan {
                choices: many.iter().map(|p| p.flags()).collect(),
            }),
        }
    }

    pub(crate) async fn resolve_plan(
        &self,
        conn: &mut AnyConnection,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<(i64, String), StoreError> {
        let labelled = match organisation {
            None => self.plan_labelled(plan).await?,
            Some(_) => None,
        };
        let (plan, organisation) = match &labelled {
            Some(found) => (found.name.as_str(), Some(found.organisation.as_str())),
            None => (plan, organisation),
        };
        let rows = sqlx::query(
            "SELECT p.id, o.name AS organisation FROM plans p JOIN organisations o ON o.id = p.organisation_id
             WHERE p.name = $1 ORDER BY o.name",
        )
        .bind(plan)
        .fetch_all(&mut *conn)
        .await?;
        let mut found = Vec::new();
        for row in &rows {
            let org: String = row.try_get("organisation")?;
            if organisation.is_none_or(|wanted| wanted == org) {
                found.push((row.try_get::<i64, _>("id")?, org));
            }
        }
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => {
                let available = self
                    .list_plans()
                    .await?
                    .iter()
                    .map(PlanSummary::label)
                    .collect();
                let name = match organisation {
                    Some(org) => format!("{plan} ({org})"),
                    None => plan.to_string(),
                };
                Err(StoreError::PlanNotFound { name, available })
            }
            _ => Err(StoreError::AmbiguousPlan {
                choices: found
                    .into_iter()
                    .map(|(_, org)| plan_flags(plan, &org))
                    .collect(),
            }),
        }
    }
}

/// One row of `observation_history`.
pub(crate) fn history_entry(row: &AnyRow) -> Result<HistoryEntry, StoreError> {
    let parsed: String = row.try_get("parsed")?;
    let recorded_at: String = row.try_get("recorded_at")?;
    let replaced_at: String = row.try_get("replaced_at")?;
    Ok(HistoryEntry {
        text: row.try_get("text")?,
        parsed: from_json_text("parsed", &parsed)?,
        set_by: row.try_get("set_by")?,
        agreed_on: date_from_text("agreed_on", row.try_get("agreed_on")?)?,
        recorded_at: timestamp_from_text("recorded_at", &recorded_at)?,
        recorded_by: row.try_get("recorded_by")?,
        replaced_at: timestamp_from_text("replaced_at", &replaced_at)?,
        replaced_by: row.try_get("replaced_by")?,
    })
}

fn count(row: &AnyRow, column: &'static str) -> Result<usize, StoreError> {
    let n: i64 = row.try_get(column)?;
    usize::try_from(n).map_err(|error| corrupt(column, &n.to_string(), error))
}

/// Everything stored for a plan, retired rows included, each entity in stored order.
pub(crate) async fn read_stored(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<StoredPlan, StoreError> {
    Ok(StoredPlan {
        nodes: read_nodes(conn, plan_id).await?,
        indicators: read_indicators(conn, plan_id).await?,
        localities: read_localities(conn, plan_id).await?,
        observations: read_observations(conn, plan_id).await?,
        milestones: read_milestones(conn, plan_id).await?,
    })
}

/// Runs `sql` for plan `plan_id` and reads each row it returns with `read`.
async fn read_rows<T>(
    conn: &mut AnyConnection,
    plan_id: i64,
    sql: &str,
    read: impl FnMut(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let rows = sqlx::query(sql).bind(plan_id).fetch_all(&mut *conn).await?;
    rows.iter().map(read).collect()
}

/// Rows of a table whose rows a re-import can hide (all but nodes): `read`
/// makes the item, and `id`, `position` and `retired_by` say where it stands.
async fn read_hideable<T>(
    conn: &mut AnyConnection,
    plan_id: i64,
    sql: &str,
    mut read: impl FnMut(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<Stored<T>>, StoreError> {
    read_rows(conn, plan_id, sql, |row| hideable(row, read(row)?)).await
}

/// Hideable rows that each own a list of links: `links_sql` reads the links as
/// `owner`/`target` pairs, and `read` gets each row with its own targets.
async fn read_hideable_linked<T>(
    conn: &mut AnyConnection,
    plan_id: i64,
    links_sql: &str,
    sql: &str,
    mut read: impl FnMut(&AnyRow, Vec<String>) -> Result<T, StoreError>,
) -> Result<Vec<Stored<T>>, StoreError> {
    let mut links = read_links(conn, links_sql, plan_id).await?;
    read_hideable(conn, plan_id, sql, |row| {
        let id: i64 = row.try_get("id")?;
        read(row, links.remove(&id).unwrap_or_default())
    })
    .await
}

/// Links (indicator → node codes, milestone → indicator keys), grouped by owner in link order.
async fn read_links(
    conn: &mut AnyConnection,
    sql: &str,
    plan_id: i64,
) -> Result<HashMap<i64, Vec<String>>, StoreError> {
    let pairs = read_rows(conn, plan_id, sql, |row| {
        Ok((row.try_get::<i64, _>("owner")?, row.try_get("target")?))
    })
    .await?;
    let mut links: HashMap<i64, Vec<String>> = HashMap::new();
    for (owner, target) in pairs {
        links.entry(owner).or_default().push(target);
    }
    Ok(links)
}

pub(crate) async fn read_nodes(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Stored<Node>>, StoreError> {
    read_rows(
        conn,
        plan_id,
        "SELECT id, code, parent_code, kind, title, position, retired_when, merged_into
         FROM nodes WHERE plan_id = $1 ORDER BY position, id",
        |row| {
            let when: Option<String> = row.try_get("retired_when")?;
            let node = Node {
                code: row.try_get("code")?,
                parent: row.try_get("parent_code")?,
                kind: row.try_get("kind")?,
                title: row.try_get("title")?,
                retired: when
                    .map(|when| -> Result<Retirement, StoreError> {
                        Ok(Retirement {
                            when,
                            merged_into: row.try_get("merged_into")?,
                        })
                    })
                    .transpose()?,
            };
            // Retired nodes stay part of the plan; their Retirement says so.
            Ok(Stored {
                id: row.try_get("id")?,
                item: node,
                position: row.try_get("position")?,
                retired: false,
            })
        },
    )
    .await
}

pub(crate) async fn read_indicators(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Stored<Indicator>>, StoreError> {
    read_hideable_linked(
        conn,
        plan_id,
        "SELECT l.indicator_id AS owner, n.code AS target
         FROM indicator_objectives l JOIN nodes n ON n.id = l.node_id AND n.organisation_id = l.organisation_id
         WHERE n.plan_id = $1 ORDER BY l.indicator_id, l.position",
        &format!(
            "SELECT {INDICATOR_COLUMNS} FROM indicators WHERE plan_id = $1 ORDER BY position, id"
        ),
        indicator_from_row,
    )
    .await
}

/// The columns of [`INDICATOR_COLUMNS`] as an indicator with its objectives.
pub(crate) fn indicator_from_row(
    row: &AnyRow,
    objectives: Vec<String>,
) -> Result<Indicator, StoreError> {
    let polarity: Option<String> = row.try_get("polarity")?;
    let polarity_source: Option<String> = row.try_get("polarity_source")?;
    Ok(Indicator {
        key: row.try_get("key")?,
        code: row.try_get("code")?,
        title: row.try_get("title")?,
        definition: row.try_get("definition")?,
        unit: row.try_get("unit")?,
        polarity: polarity
            .map(|p| enum_from_text("polarity", &p))
            .transpose()?,
        polarity_source: polarity_source
            .map(|p| enum_from_text("polarity_source", &p))
            .transpose()?,
        frequency: row.try_get("frequency")?,
        lead_officer: row.try_get("lead_officer")?,
        delivery_board: row.try_get("delivery_board")?,
        objectives,
    })
}

/// An indicator's columns, as [`indicator_from_row`] reads them.
pub(crate) const INDICATOR_COLUMNS: &str =
    "id, key, code, title, definition, unit, polarity, polarity_source, frequency,
     lead_officer, delivery_board, position, retired_by";

/// A value's columns (`o` its row, `i` its indicator's), as
/// [`observation_from_row`] reads them.
pub(crate) const OBSERVATION_COLUMNS: &str =
    "o.id, i.key AS indicator, o.period, o.kind, o.locality, o.breakdown_group,
     o.text, o.parsed, o.set_by, o.agreed_on, o.updated_by, o.position, o.retired_by";

pub(crate) fn observation_from_row(row: &AnyRow) -> Result<Observation, StoreError> {
    let Slot {
        indicator,
        period,
        kind,
        locality,
        group,
    } = slot_from_row(row, row.try_get("indicator")?)?;
    let parsed: String = row.try_get("parsed")?;
    Ok(Observation {
        indicator,
        period,
        kind,
        locality,
        group,
        text: row.try_get("text")?,
        parsed: from_json_text("parsed", &parsed)?,
        set_by: row.try_get("set_by")?,
        agreed_on: date_from_text("agreed_on", row.try_get("agreed_on")?)?,
        source: crate::register::value_source(&row.try_get::<String, _>("updated_by")?),
    })
}

/// A stored row that a re-import can hide, from its `id`, `position` and `retired_by`.
pub(crate) fn hideable<T>(row: &AnyRow, item: T) -> Result<Stored<T>, StoreError> {
    let retired_by: Option<String> = row.try_get("retired_by")?;
    Ok(Stored {
        id: row.try_get("id")?,
        item,
        position: row.try_get("position")?,
        retired: retired_by.is_some(),
    })
}

pub(crate) async fn read_localities(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Stored<Locality>>, StoreError> {
    read_hideable(
        conn,
        plan_id,
        "SELECT id, name, parent, kind, valid_from, valid_to, position, retired_by
         FROM localities WHERE plan_id = $1 ORDER BY position, id",
        |row| {
            let locality = Locality {
                name: row.try_get("name")?,
                parent: row.try_get("parent")?,
                kind: row.try_get("kind")?,
                valid_from: date_from_text("valid_from", row.try_get("valid_from")?)?,
                valid_to: date_from_text("valid_to", row.try_get("valid_to")?)?,
            };
            Ok(locality)
        },
    )
    .await
}

pub(crate) async fn read_observations(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Stored<Observation>>, StoreError> {
    read_hideable(
        conn,
        plan_id,
        &format!(
            "SELECT {OBSERVATION_COLUMNS}
             FROM observations o JOIN indicators i ON i.id = o.indicator_id AND i.organisation_id = o.organisation_id
             WHERE i.plan_id = $1 ORDER BY o.position, o.id"
        ),
        observation_from_row,
    )
    .await
}

async fn read_statements(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Statement>, StoreError> {
    read_rows(
        conn,
        plan_id,
        "SELECT i.key AS indicator, s.period, s.kind, s.text
         FROM statements s JOIN indicators i ON i.id = s.indicator_id AND i.organisation_id = s.organisation_id
         WHERE s.plan_id = $1 ORDER BY s.position, s.id",
        |row| {
            let (period, kind): (String, String) = (row.try_get("period")?, row.try_get("kind")?);
            Ok(Statement {
                indicator: row.try_get("indicator")?,
                period: period_from_text("period", &period)?,
                kind: enum_from_text("kind", &kind)?,
                text: row.try_get("text")?,
            })
        },
    )
    .await
}

pub(crate) async fn read_milestones(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Stored<Milestone>>, StoreError> {
    read_hideable_linked(
        conn,
        plan_id,
        "SELECT l.milestone_id AS owner, i.key AS target
         FROM milestone_indicators l JOIN indicators i ON i.id = l.indicator_id AND i.organisation_id = l.organisation_id
         WHERE i.plan_id = $1 ORDER BY l.milestone_id, l.position",
        "SELECT m.id, n.code AS node, m.text, m.timescale, m.due, m.owner, m.position, m.retired_by
         FROM milestones m JOIN nodes n ON n.id = m.node_id AND n.organisation_id = m.organisation_id
         WHERE m.plan_id = $1 ORDER BY m.position, m.id",
        |row, indicators| {
            let milestone = Milestone {
                node: row.try_get("node")?,
                text: row.try_get("text")?,
                timescale: row.try_get("timescale")?,
                due: date_from_text("due", row.try_get("due")?)?,
                owner: row.try_get("owner")?,
                indicators,
                status: None,
            };
            Ok(milestone)
        },
    )
    .await
}

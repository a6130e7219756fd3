//! Plans by their numeric id: what web addresses name, each plan's revision
//! counter, and whether its approved figures are published.
//!
//! The revision is the seam between writers and anything that keeps a plan's
//! judgements in memory: every write to a plan (import, edit, publication)
//! calls [`bump_revision`] inside its own transaction, and a reader compares
//! [`Store::plan_revision`] with the revision it judged. A writer that knows
//! which indicators' figures it wrote says so with [`record_touched`], so a
//! reader may judge those again rather than the whole plan.

use std::collections::BTreeSet;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use trustboard_core::plan_diff::Slot;

use crate::audit::{kept_if, AuditEntry};
use crate::codec::slot_from_row;
use crate::connect::Store;
use crate::error::StoreError;
use crate::load::{history_entry, HistoryEntry};

/// What a plan's judgements were made from, as [`Store::plan_stamp`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JudgingStamp {
    pub revision: i64,
    pub links: i64,
    pub organisation_revisions: i64,
    pub organisation_plans: i64,
}

/// A plan's organisation and its [`JudgingStamp`], read together: what a
/// request for the plan checks and what its cached judgements are keyed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStamp {
    pub organisation: String,
    pub judging: JudgingStamp,
}

/// A plan as addressed by the web application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanHandle {
    pub id: i64,
    pub organisation: String,
    pub name: String,
    pub title: String,
    pub period: String,
    /// Goes up with every write to the plan.
    pub revision: i64,
    /// Its approved figures are shown to the public.
    pub published: bool,
}

/// The earlier texts of one value slot.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotHistory {
    pub slot: Slot,
    pub entries: Vec<HistoryEntry>,
}

const HANDLE_COLUMNS: &str =
    "SELECT p.id, o.name AS organisation, p.name, p.title, p.period, p.revision, p.published
     FROM plans p JOIN organisations o ON o.id = p.organisation_id";

fn handle_from_row(row: &AnyRow) -> Result<PlanHandle, StoreError> {
    let published: i64 = row.try_get("published")?;
    Ok(PlanHandle {
        id: row.try_get("id")?,
        organisation: row.try_get("organisation")?,
        name: row.try_get("name")?,
        title: row.try_get("title")?,
        period: row.try_get("period")?,
        revision: row.try_get("revision")?,
        published: published != 0,
    })
}

/// Marks plan `plan_id` as changed. Call inside the transaction that changes it.
pub(crate) async fn bump_revision(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE plans SET revision = revision + 1 WHERE id = $1")
        .bind(plan_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks plan `plan_id` as changed by a write of nothing judging reads (a
/// risk, a project report, a budget link), so pages drawn from the plan show
/// it while judgements carry over. Call inside the transaction that writes.
pub(crate) async fn bump_revision_unjudged(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<(), StoreError> {
    bump_revision(conn, plan_id).await?;
    record_touched(conn, plan_id, &[]).await
}

/// How many revisions of a plan's changes are kept: a cache further behind
/// than this loads the plan whole.
const CHANGES_KEPT: i64 = 1000;

/// Records that the write now under way in `conn`, which has bumped plan
/// `plan_id`'s revision, changed the figures of `indicators` and nothing else
/// that judging reads; no indicators: it changed nothing judging reads. A
/// writer that records nothing may have changed anything.
pub(crate) async fn record_touched(
    conn: &mut AnyConnection,
    plan_id: i64,
    indicators: &[&str],
) -> Result<(), StoreError> {
    let none: [Option<&str>; 1] = [None];
    let rows: Vec<Option<&str>> = match indicators {
        [] => none.to_vec(),
        keys => keys.iter().map(|k| Some(*k)).collect(),
    };
    for indicator in rows {
        sqlx::query(
            "INSERT INTO plan_changes (organisation_id, plan_id, revision, indicator)
             SELECT organisation_id, id, revision, $2 FROM plans WHERE id = $1",
        )
        .bind(plan_id)
        .bind(indicator)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "DELETE FROM plan_changes WHERE plan_id = $1
           AND revision <= (SELECT revision FROM plans WHERE id = $1) - $2",
    )
    .bind(plan_id)
    .bind(CHANGES_KEPT)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl JudgingStamp {
    /// Whether `later` differs from this stamp by writes to this plan alone:
    /// no link, and no other plan of the organisation, has changed.
    pub fn moved_by_own_writes_only(&self, later: &JudgingStamp) -> bool {
        self.links == later.links
            && self.organisation_plans == later.organisation_plans
            && self.organisation_revisions - self.revision
                == later.organisation_revisions - later.revision
    }
}

impl Store {
    /// The indicators whose figures the writes to plan `plan_id` after
    /// revision `since`, up to `until`, changed; `None` when one of them may
    /// have changed anything else (it recorded nothing) or its record is gone.
    pub async fn changed_indicators(
        &self,
        plan_id: i64,
        since: i64,
        until: i64,
    ) -> Result<Option<BTreeSet<String>>, StoreError> {
        let rows = sqlx::query(
            "SELECT revision, indicator FROM plan_changes
             WHERE plan_id = $1 AND revision > $2 AND revision <= $3",
        )
        .bind(plan_id)
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let mut revisions = BTreeSet::new();
        let mut indicators = BTreeSet::new();
        for row in &rows {
            revisions.insert(row.try_get::<i64, _>("revision")?);
            if let Some(key) = row.try_get::<Option<String>, _>("indicator")? {
                indicators.insert(key);
            }
        }
        let every_write_said = i64::try_from(revisions.len()).is_ok_and(|n| n == until - since);
        Ok(every_write_said.then_some(indicators))
    }

    /// Every plan with its id, ordered by organisation and name.
    pub async fn plan_handles(&self) -> Result<Vec<PlanHandle>, StoreError> {
        let sql = format!("{HANDLE_COLUMNS} ORDER BY o.name, p.name");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(handle_from_row).collect()
    }

    /// Plan `id`, if there is one.
    pub async fn plan_handle(&self, id: i64) -> Result<Option<PlanHandle>, StoreError> {
        let sql = format!("{HANDLE_COLUMNS} WHERE p.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(handle_from_row).transpose()
    }

    /// The revision of plan `id`: one indexed read, cheap enough for every request.
    pub async fn plan_revision(&self, id: i64) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT revision FROM plans WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.try_get("revision").map_err(StoreError::from))
            .transpose()
    }

    /// Whose plan `id` is, and everything judging it depends on, in one
    /// indexed read: its own revision, and (since its direction of travel
    /// falls back on the plans it follows) its organisation's links and the
    /// revisions of the organisation's plans. Each only grows, so a changed
    /// stamp means something a judgement used may have changed.
    pub async fn plan_stamp(&self, id: i64) -> Result<Option<PlanStamp>, StoreError> {
        let row = sqlx::query(
            "SELECT o.name AS organisation, p.revision, o.links_version,
                    (SELECT CAST(COALESCE(SUM(q.revision), 0) AS BIGINT) FROM plans q
                     WHERE q.organisation_id = p.organisation_id) AS organisation_revisions,
                    (SELECT COUNT(*) FROM plans q
                     WHERE q.organisation_id = p.organisation_id) AS organisation_plans
             FROM plans p JOIN organisations o ON o.id = p.organisation_id
             WHERE p.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(PlanStamp {
            organisation: row.try_get("organisation")?,
            judging: JudgingStamp {
                revision: row.try_get("revision")?,
                links: row.try_get("links_version")?,
                organisation_revisions: row.try_get("organisation_revisions")?,
                organisation_plans: row.try_get("organisation_plans")?,
            },
        }))
    }

    /// Shows or hides plan `id`'s public page, audited in the same transaction.
    /// Returns false when there is no such plan.
    pub async fn set_plan_published(
        &self,
        id: i64,
        published: bool,
        audit: &AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        self.write_audited(audit, async |tx| {
            let changed = sqlx::query("UPDATE plans SET published = $1 WHERE id = $2")
                .bind(i64::from(published))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed > 0 {
                bump_revision(tx, id).await?;
            }
            Ok(kept_if(changed > 0))
        })
        .await
    }

    /// The earlier texts of every value of indicator `key` in plan `plan_id`
    /// that has any, in one query; slots in stored order, texts oldest first.
    pub async fn indicator_history(
        &self,
        plan_id: i64,
        key: &str,
    ) -> Result<Vec<SlotHistory>, StoreError> {
        let rows = sqlx::query(
            "SELECT o.id AS slot_id, o.period, o.kind, o.locality, o.breakdown_group,
                    h.text, h.parsed, h.set_by, h.agreed_on, h.recorded_at, h.recorded_by, h.replaced_at, h.replaced_by
             FROM observation_history h
             JOIN observations o ON o.id = h.observation_id AND o.organisation_id = h.organisation_id
             WHERE o.indicator_id = (SELECT id FROM indicators WHERE plan_id = $1 AND key = $2)
             ORDER BY o.position, h.id",
        )
        .bind(plan_id)
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(i64, SlotHistory)> = Vec::new();
        for row in &rows {
            let slot_id: i64 = row.try_get("slot_id")?;
            let entry = history_entry(row)?;
            match out.last_mut() {
                Some((id, history)) if *id == slot_id => history.entries.push(entry),
                _ => {
                    let slot = slot_from_row(row, key.to_string())?;
                    out.push((
                        slot_id,
                        SlotHistory {
                            slot,
                            entries: vec![entry],
                        },
                    ));
                }
            }
        }
        Ok(out.into_iter().map(|(_, history)| history).collect())
    }
}

/// The organisation of plan `plan_id`, which every row written beneath the
/// plan carries.
pub(crate) async fn plan_organisation(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<i64, StoreError> {
    sqlx::query("SELECT organisation_id FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NoPlanWithId(plan_id))?
        .try_get("organisation_id")
        .map_err(StoreError::from)
}

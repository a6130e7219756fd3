//! Figures entered through the web, and their sign-off.
//!
//! An entry (a [`Submission`]) moves draft → submitted → approved or returned;
//! only approval writes the figure into the plan, with the text it replaces
//! kept in `observation_history`, in the same transaction that records the
//! decision and its audit event. Every value slot has a version that goes up
//! with each change of its text; an entry carries the version its author saw,
//! so a figure changed meanwhile is reported as a conflict, never overwritten.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
use trustboard_core::access::Role;
use trustboard_core::model::ObservationKind;
use trustboard_core::plan_diff::Slot;
use trustboard_core::value::ParsedValue;
use trustboard_core::workflow::{self, SubmissionStatus};

use crate::accounts::{timestamp_from_text, timestamp_text};
use crate::audit::{Actor, AuditEntry, Outcome};
use crate::codec::{
    bind_slot, corrupt, date_text, enum_text, from_json_text, json_text, period_from_text,
};
use crate::connect::Store;
use crate::error::StoreError;

/// The value a slot holds now, with its version.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotValue {
    /// `None` when nothing has been recorded for the slot.
    pub current: Option<CurrentText>,
    /// 0 for an empty slot; one more with every change of its text.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CurrentText {
    pub text: String,
    pub parsed: ParsedValue,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// A change to one value slot of a plan.
#[derive(Debug, Clone)]
pub struct ObservationEdit<'a> {
    pub slot: &'a Slot,
    pub text: &'a str,
    pub parsed: &'a ParsedValue,
    /// The slot's version when the change was asked for.
    pub expected_version: i64,
    /// Recorded against the new text and the one it replaces (`web entry by …`).
    pub source: &'a str,
    pub at: DateTime<Utc>,
}

/// What became of an edit.
#[derive(Debug, Clone, PartialEq)]
pub enum EditOutcome {
    Written {
        version: i64,
    },
    /// Someone changed the slot since its author saw it; nothing was written.
    Conflict(SlotValue),
}

/// An out-turn entered for one slot, and where it is in sign-off.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub id: i64,
    pub plan_id: i64,
    /// Always an out-turn (`ObservationKind::Actual`).
    pub slot: Slot,
    pub status: SubmissionStatus,
    pub text: String,
    pub parsed: ParsedValue,
    pub commentary: String,
    pub commentary_internal: bool,
    pub base_version: i64,
    pub author_id: i64,
    pub author: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decided_by: Option<String>,
    pub return_reason: Option<String>,
}

/// What an author saved: a draft, or an entry submitted for approval.
#[derive(Debug, Clone)]
pub struct EntryDraft<'a> {
    pub slot: &'a Slot,
    pub text: &'a str,
    pub parsed: &'a ParsedValue,
    pub commentary: &'a str,
    pub commentary_internal: bool,
    /// The slot's version the author saw.
    pub base_version: i64,
    pub submit: bool,
    pub author: Actor<'a>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveOutcome {
    Saved(Box<Submission>),
    Conflict(SlotValue),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Done,
    Conflict(SlotValue),
    /// The entry is not awaiting approval (already decided, or never submitted).
    NotPending,
    /// The decider made the entry: someone else must decide it
    /// ([`workflow::may_decide`]).
    OwnEntry,
}

/// A dated comment on an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub period: String,
    pub text: String,
    pub internal: bool,
    pub author: String,
    pub written_at: DateTime<Utc>,
}

const SUBMISSION_COLUMNS: &str =
    "SELECT s.id, s.plan_id, i.key AS indicator, s.period, s.locality, s.breakdown_group,
        s.status, s.text, s.parsed, s.commentary, s.commentary_internal, s.base_version,
        s.author_id, a.username AS author, s.created_at, s.updated_at, s.submitted_at,
        s.decided_at, d.username AS decided_by, s.return_reason
     FROM submissions s
     JOIN indicators i ON i.id = s.indicator_id AND i.organisation_id = s.organisation_id
     JOIN users a ON a.id = s.author_id
     LEFT JOIN users d ON d.id = s.decided_by";

/// The stored codes of the states `wanted` picks, as an SQL list: `'draft', 'returned'`.
fn status_codes(wanted: impl Fn(SubmissionStatus) -> bool) -> String {
    SubmissionStatus::ALL
        .into_iter()
        .filter(|status| wanted(*status))
        .map(|status| format!("'{}'", status.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn optional_time(row: &AnyRow, column: &'static str) -> Result<Option<DateTime<Utc>>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| timestamp_from_text(column, &t)).transpose()
}

fn submission_from_row(row: &AnyRow) -> Result<Submission, StoreError> {
    let period: String = row.try_get("period")?;
    let status: String = row.try_get("status")?;
    let parsed: String = row.try_get("parsed")?;
    let created_at: String = row.try_get("created_at")?;
    let updated_at: String = row.try_get("updated_at")?;
    let internal: i64 = row.try_get("commentary_internal")?;
    Ok(Submission {
        id: row.try_get("id")?,
        plan_id: row.try_get("plan_id")?,
        slot: Slot {
            indicator: row.try_get("indicator")?,
            period: period_from_text("submissions.period", &period)?,
            kind: ObservationKind::Actual,
            locality: row.try_get("locality")?,
            group: row.try_get("breakdown_group")?,
        },
        status: SubmissionStatus::from_code(&status)
            .ok_or_else(|| corrupt("submissions.status", &status, "not a known status"))?,
        text: row.try_get("text")?,
        parsed: from_json_text("submissions.parsed", &parsed)?,
        commentary: row.try_get("commentary")?,
        commentary_internal: internal != 0,
        base_version: row.try_get("base_version")?,
        author_id: row.try_get("author_id")?,
        author: row.try_get("author")?,
        created_at: timestamp_from_text("submissions.created_at", &created_at)?,
        updated_at: timestamp_from_text("submissions.updated_at", &updated_at)?,
        submitted_at: optional_time(row, "submitted_at")?,
        decided_at: optional_time(row, "decided_at")?,
        decided_by: row.try_get("decided_by")?,
        return_reason: row.try_get("return_reason")?,
    })
}

async fn indicator_id(
    conn: &mut AnyConnection,
    plan_id: i64,
    key: &str,
) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT id FROM indicators WHERE plan_id = $1 AND key = $2 AND retired_by IS NULL",
    )
    .bind(plan_id)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(row.try_get("id")?),
        None => Err(StoreError::UnknownReference {
            from: "the entry".to_string(),
            entity: "indicator",
            key: key.to_string(),
        }),
    }
}

/// The slot's row id (if it has one) and its current value and version. A
/// read only: writes check the version again in the statement that writes.
pub(crate) async fn read_slot(
    conn: &mut AnyConnection,
    plan_id: i64,
    slot: &Slot,
) -> Result<(Option<i64>, SlotValue), StoreError> {
    let row = bind_slot(
        sqlx::query(
            "SELECT o.id, o.text, o.parsed, o.updated_at, o.updated_by, o.retired_by, o.version
             FROM observations o JOIN indicators i ON i.id = o.indicator_id AND i.organisation_id = o.organisation_id
             WHERE i.plan_id = $1 AND i.key = $2 AND o.period = $3 AND o.kind = $4
               AND COALESCE(o.locality, '') = $5 AND COALESCE(o.breakdown_group, '') = $6",
        ),
        plan_id,
        slot,
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok((
            None,
            SlotValue {
                current: None,
                version: 0,
            },
        ));
    };
    let retired: Option<String> = row.try_get("retired_by")?;
    let current = if retired.is_some() {
        None
    } else {
        let parsed: String = row.try_get("parsed")?;
        let updated_at: String = row.try_get("updated_at")?;
        Some(CurrentText {
            text: row.try_get("text")?,
            parsed: from_json_text("parsed", &parsed)?,
            updated_at: timestamp_from_text("updated_at", &updated_at)?,
            updated_by: row.try_get("updated_by")?,
        })
    };
    Ok((
        Some(row.try_get("id")?),
        SlotValue {
            current,
            version: row.try_get("version")?,
        },
    ))
}

/// SQL for a figure column: a placeholder, or a literal NULL when there is no
/// figure (PostgreSQL refuses a statement first prepared with an untyped NULL
/// float and later given a real one).
fn number_sql(value: Option<f64>, next: &mut usize) -> String {
    match value {
        Some(_) => {
            *next += 1;
            format!("${}", *next - 1)
        }
        None => "NULL".to_string(),
    }
}

/// Writes a value trustboard computed (from the register or a return) in the
/// transaction that read its slot's version, so a conflict can only mean the
/// database changed underneath it.
pub(crate) async fn write_computed(
    conn: &mut AnyConnection,
    plan_id: i64,
    edit: &ObservationEdit<'_>,
) -> Result<(), StoreError> {
    match write_observation(conn, plan_id, edit).await? {
        EditOutcome::Conflict(_) => Err(StoreError::Corrupt {
            column: "observations",
            value: edit.text.to_string(),
            reason: "the slot changed while it was being written".into(),
        }),
        _ => Ok(()),
    }
}

/// Writes `edit` if the slot is still at the version its author saw. The
/// version is checked by the statement that writes (an update of the row at
/// that version, or an insert the slot's unique index lets through only for a
/// slot still empty), so of two concurrent writers from one version exactly
/// one succeeds, on either backend and at any isolation level. On a conflict
/// the caller must discard the transaction: history may have been written.
pub(crate) async fn write_observation(
    conn: &mut AnyConnection,
    plan_id: i64,
    edit: &ObservationEdit<'_>,
) -> Result<EditOutcome, StoreError> {
    let indicator = indicator_id(conn, plan_id, &edit.slot.indicator).await?;
    let (row_id, value) = read_slot(conn, plan_id, edit.slot).await?;
    if value.version != edit.expected_version {
        return Ok(EditOutcome::Conflict(value));
    }
    let now = timestamp_text(edit.at);
    let parsed = json_text(edit.parsed)?;
    let figure = edit.parsed.figure();
    let ratio = edit.parsed.ratio();
    let numbers = [figure, ratio.map(|(n, _)| n), ratio.map(|(_, d)| d)];
    let mut next = 5;
    let number_columns: Vec<String> = numbers.iter().map(|n| number_sql(*n, &mut next)).collect();
    let written = match row_id {
        Some(id) => {
            sqlx::query(
                "INSERT INTO observation_history
                    (observation_id, organisation_id, text, parsed, set_by, agreed_on, recorded_at, recorded_by, replaced_at, replaced_by)
                 SELECT id, organisation_id, text, parsed, set_by, agreed_on, updated_at, updated_by, $1, $2 FROM observations
                 WHERE id = $3 AND version = $4",
            )
            .bind(&now)
            .bind(edit.source)
            .bind(id)
            .bind(edit.expected_version)
            .execute(&mut *conn)
            .await?;
            let sql = format!(
                "UPDATE observations SET text = $1, parsed = $2, updated_at = $3, updated_by = $4,
                     figure = {}, numerator = {}, denominator = {}, retired_by = NULL,
                     version = version + 1
                 WHERE id = ${next} AND version = ${}",
                number_columns[0],
                number_columns[1],
                number_columns[2],
                next + 1
            );
            bind_written_value(sqlx::query(&sql), edit, parsed, now, numbers)
                .bind(id)
                .bind(edit.expected_version)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        }
        None => {
            // A first entry that loses the race meets the slot's unique index
            // and writes nothing, like an update from an old version.
            let organisation_id = crate::plans::plan_organisation(conn, plan_id).await?;
            let sql = format!(
                "INSERT INTO observations
                    (text, parsed, updated_at, updated_by, figure, numerator, denominator,
                     plan_id, indicator_id, period, period_kind, period_start, kind, locality,
                     breakdown_group, position, organisation_id)
                 VALUES ($1, $2, $3, $4, {}, {}, {}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${},
                     (SELECT COALESCE(MAX(v.position), -1) + 1 FROM observations v
                      JOIN indicators w ON w.id = v.indicator_id AND w.organisation_id = v.organisation_id
                      WHERE w.plan_id = ${}),
                     ${})
                 ON CONFLICT DO NOTHING",
                number_columns[0],
                number_columns[1],
                number_columns[2],
                next,
                next + 1,
                next + 2,
                next + 3,
                next + 4,
                next + 5,
                next + 6,
                next + 7,
                next,
                next + 8,
            );
            let slot = edit.slot;
            bind_written_value(sqlx::query(&sql), edit, parsed, now, numbers)
                .bind(plan_id)
                .bind(indicator)
                .bind(slot.period.to_string())
                .bind(enum_text(&slot.period.kind))
                .bind(date_text(Some(slot.period.start())))
                .bind(slot.kind.as_str())
                .bind(slot.locality.clone())
                .bind(slot.group.clone())
                .bind(organisation_id)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        }
    };
    if written == 0 {
        let (_, now_held) = read_slot(conn, plan_id, edit.slot).await?;
        return Ok(EditOutcome::Conflict(now_held));
    }
    Ok(EditOutcome::Written {
        version: edit.expected_version + 1,
    })
}

/// Binds the columns an update and an insert of a value share, in the order
/// both statements list them: text, parsed form, time, author, then whichever
/// of figure, numerator and denominator are present.
fn bind_written_value<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    edit: &ObservationEdit<'q>,
    parsed: String,
    now: String,
    numbers: [Option<f64>; 3],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let query = query
        .bind(edit.text)
        .bind(parsed)
        .bind(now)
        .bind(edit.source);
    numbers
        .into_iter()
        .flatten()
        .fold(query, |query, n| query.bind(n))
}

impl Store {
    /// What slot `slot` of plan `plan_id` holds now, and its version.
    pub async fn slot_value(&self, plan_id: i64, slot: &Slot) -> Result<SlotValue, StoreError> {
        let mut conn = self.begin_read().await?;
        let (_, value) = read_slot(&mut conn, plan_id, slot).await?;
        Ok(value)
    }

    /// Changes one value of a plan, keeping the text it replaces in history,
    /// unless the slot moved on from `edit.expected_version`. One transaction
    /// with its audit record; the plan's revision goes up.
    pub async fn set_observation(
        &self,
        plan_id: i64,
        edit: &ObservationEdit<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<EditOutcome, StoreError> {
        self.write_audited(audit, async |tx| {
            crate::plans::bump_revision(tx, plan_id).await?;
            crate::plans::record_touched(tx, plan_id, &[edit.slot.indicator.as_str()]).await?;
            let outcome = write_observation(tx, plan_id, edit).await?;
            if let EditOutcome::Conflict(_) = outcome {
                return Ok(Outcome::Discard(outcome));
            }
            Ok(Outcome::Keep(outcome))
        })
        .await
    }

    /// Saves an author's entry for a slot: their open entry for it (draft or
    /// returned) is updated, otherwise a new one is started. An entry whose
    /// author needs no second approver (a lead officer, where their
    /// organisation allows it) is approved as it is submitted.
    pub async fn save_entry(
        &self,
        plan_id: i64,
        draft: &EntryDraft<'_>,
        audit: &AuditEntry<'_>,
    ) -> Result<SaveOutcome, StoreError> {
        self.write_audited(audit, async |tx| {
            let indicator = indicator_id(tx, plan_id, &draft.slot.indicator).await?;
            let (_, value) = read_slot(tx, plan_id, draft.slot).await?;
            if value.version != draft.base_version {
                return Ok(Outcome::Discard(SaveOutcome::Conflict(value)));
            }
            let slot = draft.slot;
            let now = timestamp_text(draft.at);
            let status = SubmissionStatus::after_saving(draft.submit);
            let submitted_at = draft.submit.then(|| now.clone());
            let open = latest_entry(
                tx,
                plan_id,
                slot,
                draft.author.user_id,
                SubmissionStatus::is_editable,
            )
            .await?;
            let parsed = json_text(draft.parsed)?;
            let id: i64 = match open {
                Some(Submission { id, .. }) => {
                    // Only while the entry is still the author's to change: one
                    // submitted meanwhile (a second tab) is left as it was.
                    let sql = format!(
                        "UPDATE submissions SET status = $1, text = $2, parsed = $3, commentary = $4,
                             commentary_internal = $5, base_version = $6, updated_at = $7,
                             submitted_at = $8, decided_at = NULL, decided_by = NULL, return_reason = NULL
                         WHERE id = $9 AND status IN ({})",
                        status_codes(SubmissionStatus::is_editable)
                    );
                    let changed = sqlx::query(&sql)
                    .bind(status.code())
                    .bind(draft.text)
                    .bind(parsed)
                    .bind(draft.commentary)
                    .bind(i64::from(draft.commentary_internal))
                    .bind(draft.base_version)
                    .bind(&now)
                    .bind(submitted_at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed == 0 {
                        return Ok(Outcome::Discard(SaveOutcome::Conflict(value)));
                    }
                    id
                }
                None => sqlx::query(
                    "INSERT INTO submissions (plan_id, indicator_id, period, locality, breakdown_group,
                         status, text, parsed, commentary, commentary_internal, base_version,
                         author_id, created_at, updated_at, submitted_at, organisation_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15)
                     RETURNING id",
                )
                .bind(plan_id)
                .bind(indicator)
                .bind(slot.period.to_string())
                .bind(slot.locality.clone())
                .bind(slot.group.clone())
                .bind(status.code())
                .bind(draft.text)
                .bind(parsed)
                .bind(draft.commentary)
                .bind(i64::from(draft.commentary_internal))
                .bind(draft.base_version)
                .bind(draft.author.user_id)
                .bind(&now)
                .bind(submitted_at)
                .bind(crate::plans::plan_organisation(tx, plan_id).await?)
                .fetch_one(&mut *tx)
                .await?
                .try_get("id")?,
            };
            if draft.submit && !needs_second_approver(tx, draft.author.user_id).await? {
                // The organisation lets this author's figures into the plan
                // as submitted: approved at once, in the same transaction.
                match approve_claimed(tx, id, plan_id, draft.author, draft.at).await? {
                    Decision::Done => {}
                    Decision::Conflict(value) => {
                        return Ok(Outcome::Discard(SaveOutcome::Conflict(value)))
                    }
                    other => {
                        let reason = format!("could not be approved on submission: {other:?}");
                        return Err(corrupt("submissions.id", &id.to_string(), reason));
                    }
                }
            }
            let saved = fetch_submission(tx, id).await?.ok_or_else(|| {
                corrupt("submissions.id", &id.to_string(), "vanished while saving")
            })?;
            Ok(Outcome::Keep(SaveOutcome::Saved(Box::new(saved))))
        })
        .await
    }

    /// Entry `id`, if there is one.
    pub async fn submission(&self, id: i64) -> Result<Option<Submission>, StoreError> {
        let mut conn = self.begin_read().await?;
        fetch_submission(&mut conn, id).await
    }

    /// The author's latest entry for a slot that is not yet approved.
    pub async fn open_submission(
        &self,
        plan_id: i64,
        slot: &Slot,
        author_id: i64,
    ) -> Result<Option<Submission>, StoreError> {
        let mut conn = self.begin_read().await?;
        latest_entry(
            &mut conn,
            plan_id,
            slot,
            author_id,
            SubmissionStatus::is_open,
        )
        .await
    }

    /// A plan's entries with `status`, oldest first: the approval queue is `Submitted`.
    pub async fn submissions(
        &self,
        plan_id: i64,
        status: SubmissionStatus,
    ) -> Result<Vec<Submission>, StoreError> {
        let sql =
            format!("{SUBMISSION_COLUMNS} WHERE s.plan_id = $1 AND s.status = $2 ORDER BY s.id");
        let rows = sqlx::query(&sql)
            .bind(plan_id)
            .bind(status.code())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(submission_from_row).collect()
    }

    /// Approves entry `id`: its figure becomes the plan's value for the slot
    /// (the text it replaces kept in history), the decision and audit record
    /// are written and the plan's revision goes up, all in one transaction.
    /// Nothing is written when the slot changed since the entry was made.
    pub async fn approve_submission(
        &self,
        id: i64,
        decider: Actor<'_>,
        at: DateTime<Utc>,
        audit: &AuditEntry<'_>,
    ) -> Result<Decision, StoreError> {
        self.write_audited(audit, async |tx| {
            let Some(entry) = fetch_submission(tx, id).await? else {
                return Ok(Outcome::Discard(Decision::NotPending));
            };
            if !workflow::may_decide(entry.author_id, decider.user_id) {
                return Ok(Outcome::Discard(Decision::OwnEntry));
            }
            match approve_claimed(tx, id, entry.plan_id, decider, at).await? {
                Decision::Done => Ok(Outcome::Keep(Decision::Done)),
                refused => Ok(Outcome::Discard(refused)),
            }
        })
        .await
    }

    /// Sends entry `id` back to its author with `reason`; the plan is unchanged.
    pub async fn return_submission(
        &self,
        id: i64,
        decider: Actor<'_>,
        reason: &str,
        at: DateTime<Utc>,
        audit: &AuditEntry<'_>,
    ) -> Result<Decision, StoreError> {
        self.write_audited(audit, async |tx| {
            let Some(entry) = fetch_submission(tx, id).await? else {
                return Ok(Outcome::Discard(Decision::NotPending));
            };
            if !workflow::may_decide(entry.author_id, decider.user_id) {
                return Ok(Outcome::Discard(Decision::OwnEntry));
            }
            let returned = decide(
                tx,
                id,
                SubmissionStatus::Returned,
                decider,
                at,
                Some(reason),
            )
            .await?;
            if !returned {
                return Ok(Outcome::Discard(Decision::NotPending));
            }
            Ok(Outcome::Keep(Decision::Done))
        })
        .await
    }

    /// Every comment on indicator `key` of plan `plan_id`, newest first.
    pub async fn commentary(&self, plan_id: i64, key: &str) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(&format!(
            "{COMMENT_COLUMNS} WHERE i.plan_id = $1 AND i.key = $2
             ORDER BY c.written_at DESC, c.id DESC"
        ))
        .bind(plan_id)
        .bind(key)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok(comment_from_row(row)?.1))
            .collect()
    }

    /// The comments on plan `plan_id`'s figures for `period`, by indicator key,
    /// oldest first: what the board pack of that period says beside them.
    /// Comments exist only for approved figures.
    pub async fn period_commentary(
        &self,
        plan_id: i64,
        period: &str,
    ) -> Result<BTreeMap<String, Vec<Comment>>, StoreError> {
        let rows = sqlx::query(&format!(
            "{COMMENT_COLUMNS} WHERE i.plan_id = $1 AND c.period = $2
             ORDER BY c.written_at, c.id"
        ))
        .bind(plan_id)
        .bind(period)
        .fetch_all(&self.pool)
        .await?;
        let mut by_indicator: BTreeMap<String, Vec<Comment>> = BTreeMap::new();
        for row in &rows {
            let (key, comment) = comment_from_row(row)?;
            by_indicator.entry(key).or_default().push(comment);
        }
        Ok(by_indicator)
    }
}

const COMMENT_COLUMNS: &str =
    "SELECT i.key, c.period, c.text, c.internal, u.username AS author, c.written_at
     FROM commentary c
     JOIN indicators i ON i.id = c.indicator_id AND i.organisation_id = c.organisation_id
     JOIN users u ON u.id = c.author_id";

/// A comment and the key of its indicator.
fn comment_from_row(row: &AnyRow) -> Result<(String, Comment), StoreError> {
    let internal: i64 = row.try_get("internal")?;
    let written_at: String = row.try_get("written_at")?;
    let comment = Comment {
        period: row.try_get("period")?,
        text: row.try_get("text")?,
        internal: internal != 0,
        author: row.try_get("author")?,
        written_at: timestamp_from_text("commentary.written_at", &written_at)?,
    };
    Ok((row.try_get("key")?, comment))
}

/// The author's latest entry for a slot among those in a state `wanted` picks.
async fn latest_entry(
    conn: &mut AnyConnection,
    plan_id: i64,
    slot: &Slot,
    author_id: i64,
    wanted: fn(SubmissionStatus) -> bool,
) -> Result<Option<Submission>, StoreError> {
    let sql = format!(
        "{SUBMISSION_COLUMNS}
         WHERE s.plan_id = $1 AND i.key = $2 AND s.period = $3
           AND COALESCE(s.locality, '') = $4 AND COALESCE(s.breakdown_group, '') = $5
           AND s.author_id = $6 AND s.status IN ({})
         ORDER BY s.id DESC LIMIT 1",
        status_codes(wanted)
    );
    let query = sqlx::query(&sql)
        .bind(plan_id)
        .bind(&slot.indicator)
        .bind(slot.period.to_string())
        .bind(slot.locality.as_deref().unwrap_or_default())
        .bind(slot.group.as_deref().unwrap_or_default())
        .bind(author_id);
    first_submission(conn, query).await
}

async fn fetch_submission(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Submission>, StoreError> {
    let sql = format!("{SUBMISSION_COLUMNS} WHERE s.id = $1");
    first_submission(conn, sqlx::query(&sql).bind(id)).await
}

/// The entry a `SUBMISSION_COLUMNS` query finds first, if any.
async fn first_submission<'q>(
    conn: &mut AnyConnection,
    query: Query<'q, Any, AnyArguments<'q>>,
) -> Result<Option<Submission>, StoreError> {
    let row = query.fetch_optional(&mut *conn).await?;
    row.as_ref().map(submission_from_row).transpose()
}

/// Approves entry `id` of plan `plan_id` for `decider` (whom the caller has
/// checked may decide it): its figure is written into the plan if the slot
/// is still at the version the entry was made against, and its commentary
/// goes live. On anything but `Done` the caller discards the transaction.
async fn approve_claimed(
    conn: &mut AnyConnection,
    id: i64,
    plan_id: i64,
    decider: Actor<'_>,
    at: DateTime<Utc>,
) -> Result<Decision, StoreError> {
    // Every writer of a plan takes its revision first, so writers of one
    // plan (imports included) queue in the same order and never deadlock.
    crate::plans::bump_revision(conn, plan_id).await?;
    // Claiming the entry is the check: of concurrent approvals, one finds
    // it still submitted and the others find nothing to change.
    if !decide(conn, id, SubmissionStatus::Approved, decider, at, None).await? {
        return Ok(Decision::NotPending);
    }
    let entry = fetch_submission(conn, id).await?.ok_or_else(|| {
        corrupt(
            "submissions.id",
            &id.to_string(),
            "vanished while approving",
        )
    })?;
    let source = if entry.author_id == decider.user_id {
        format!("web entry by {}", entry.author)
    } else {
        format!(
            "web entry by {}, approved by {}",
            entry.author, decider.username
        )
    };
    let edit = ObservationEdit {
        slot: &entry.slot,
        text: &entry.text,
        parsed: &entry.parsed,
        expected_version: entry.base_version,
        source: &source,
        at,
    };
    if let EditOutcome::Conflict(value) = write_observation(conn, plan_id, &edit).await? {
        return Ok(Decision::Conflict(value));
    }
    crate::plans::record_touched(conn, plan_id, &[entry.slot.indicator.as_str()]).await?;
    publish_commentary(conn, &entry, at).await?;
    Ok(Decision::Done)
}

/// Makes an approved entry's commentary, if it has any, a dated comment on
/// its indicator. Commentary is never shown before its figure is approved.
async fn publish_commentary(
    conn: &mut AnyConnection,
    entry: &Submission,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let text = entry.commentary.trim();
    if text.is_empty() {
        return Ok(());
    }
    let indicator = indicator_id(conn, entry.plan_id, &entry.slot.indicator).await?;
    let organisation_id = crate::plans::plan_organisation(conn, entry.plan_id).await?;
    sqlx::query(
        "INSERT INTO commentary
             (indicator_id, period, text, internal, author_id, written_at, submission_id, organisation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(indicator)
    .bind(entry.slot.period.to_string())
    .bind(text)
    .bind(i64::from(entry.commentary_internal))
    .bind(entry.author_id)
    .bind(timestamp_text(at))
    .bind(entry.id)
    .bind(organisation_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether entries submitted by `author_id` wait for someone else's
/// approval, by the author's role and their organisation's setting.
pub(crate) async fn needs_second_approver(
    conn: &mut AnyConnection,
    author_id: i64,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT u.role, o.lead_officer_entries_need_approval
         FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1",
    )
    .bind(author_id)
    .fetch_one(&mut *conn)
    .await?;
    let code: String = row.try_get("role")?;
    let role =
        Role::from_code(&code).ok_or_else(|| corrupt("users.role", &code, "not a known role"))?;
    let setting: i64 = row.try_get("lead_officer_entries_need_approval")?;
    Ok(workflow::needs_second_approver(role, setting != 0))
}

/// Moves entry `id` to `status` if it may move there from where it is now,
/// checked in the same statement; false when it may not (already decided).
async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    status: SubmissionStatus,
    decider: Actor<'_>,
    at: DateTime<Utc>,
    reason: Option<&str>,
) -> Result<bool, StoreError> {
    let now = timestamp_text(at);
    let sql = format!(
        "UPDATE submissions SET status = $1, decided_at = $2, decided_by = $3, return_reason = $4,
             updated_at = $2
         WHERE id = $5 AND status IN ({})",
        status_codes(|from| from.may_move_to(status))
    );
    let changed = sqlx::query(&sql)
        .bind(status.code())
        .bind(now)
        .bind(decider.user_id)
        .bind(reason)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(changed == 1)
}

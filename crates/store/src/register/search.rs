//! Finding children on the register without reading all of it: a reference
//! or a date of birth is looked up through its index (migration 0925); part
//! of a name is looked for first among the children first by reference, and
//! when they do not fill the page, through the index of the names' trigrams
//! (migration 0926). Only the children found are read with their steps.

use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use trustboard_core::register::{ChildRecord, ChildSearch};

use crate::codec::date_text;
use crate::connect::{Backend, Store};

use super::error::RegisterError;
use super::rows::{child_from_row, organisation_id, ChildRow, CHILD_COLUMNS};
use super::steps::{replay, steps_by_child, steps_of};

/// What a search found: at most the limit asked for, in order of reference.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundChildren {
    pub records: Vec<ChildRecord>,
    /// More children matched than were read.
    pub more: bool,
}

/// How many children, first by reference, a search by part of a name reads
/// before it turns to the names' index. When that many hold a page's worth
/// of matches, those are the first matches by reference, found without the
/// index; when they do not, matches are rare enough for the index to find
/// them all quickly.
const NAME_WALK: i64 = 2000;

/// The fewest letters the names' index can look for: it holds every run of
/// three letters of each name.
const TRIGRAM: usize = 3;

/// `text` for a LIKE pattern: its own `%`, `_` and `\` stand for themselves.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

async fn children_where(
    conn: &mut AnyConnection,
    organisation_id: i64,
    condition: &str,
    value: &str,
    limit: i64,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children
         WHERE organisation_id = $1 AND {condition} ORDER BY reference LIMIT $3"
    );
    sqlx::query(&sql)
        .bind(organisation_id)
        .bind(value)
        .bind(limit)
        .fetch_all(conn)
        .await
}

impl Store {
    /// The organisation's children `search` finds, first by reference, at
    /// most `limit` of them.
    pub async fn search_register(
        &self,
        organisation: &str,
        search: &ChildSearch,
        limit: usize,
    ) -> Result<FoundChildren, RegisterError> {
        let mut tx = self.begin_read().await?;
        let Some(organisation_id) = organisation_id(&mut tx, organisation).await? else {
            return Ok(FoundChildren {
                records: Vec::new(),
                more: false,
            });
        };
        // One more than the limit says whether there were more.
        let wanted = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
        let mut rows = children_where(
            &mut tx,
            organisation_id,
            "lower(reference) = $2",
            &search.text,
            wanted,
        )
        .await?;
        if let Some(born) = date_text(search.born) {
            rows.extend(
                children_where(
                    &mut tx,
                    organisation_id,
                    "date_of_birth = $2",
                    &born,
                    wanted,
                )
                .await?,
            );
        }
        if search.in_names() {
            rows.extend(
                by_name(
                    &mut tx,
                    self.backend(),
                    organisation_id,
                    &search.text,
                    wanted,
                )
                .await?,
            );
        }
        let mut children = rows
            .iter()
            .map(|row| child_from_row(row, organisation))
            .collect::<Result<Vec<ChildRow>, _>>()?;
        // The database narrows; the core's rule decides.
        children.retain(|row| search.matches(&row.child));
        children.sort_by(|a, b| a.child.id.0.cmp(&b.child.id.0));
        children.dedup_by_key(|row| row.id);
        let more = children.len() > limit;
        children.truncate(limit);
        let ids: Vec<i64> = children.iter().map(|row| row.id).collect();
        let mut steps = steps_by_child(&steps_of(&mut tx, &ids).await?)?;
        let records = children
            .into_iter()
            .map(|row| {
                let own = steps.remove(&row.id).unwrap_or_default();
                Ok(replay(row, own)?.record)
            })
            .collect::<Result<_, RegisterError>>()?;
        Ok(FoundChildren { records, more })
    }
}

/// The first `wanted` children, by reference, whose name holds `text`.
async fn by_name(
    conn: &mut AnyConnection,
    backend: Backend,
    organisation_id: i64,
    text: &str,
    wanted: i64,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let pattern = format!("%{}%", like_escaped(text));
    let first = sqlx::query(&format!(
        "SELECT {CHILD_COLUMNS} FROM (
             SELECT {CHILD_COLUMNS} FROM register_children
             WHERE organisation_id = $1 ORDER BY reference LIMIT $4
         ) AS first_children
         WHERE {NAME_LIKE} ORDER BY reference LIMIT $3"
    ))
    .bind(organisation_id)
    .bind(&pattern)
    .bind(wanted)
    .bind(NAME_WALK)
    .fetch_all(&mut *conn)
    .await?;
    if i64::try_from(first.len()).unwrap_or(i64::MAX) >= wanted {
        return Ok(first);
    }
    match backend {
        // The trigram tokenizer finds a quoted phrase anywhere in a name,
        // in any case, given three letters or more.
        Backend::Sqlite if text.chars().count() >= TRIGRAM => {
            let phrase = format!("\"{}\"", text.replace('"', "\"\""));
            children_where(
                conn,
                organisation_id,
                "id IN (SELECT rowid FROM register_child_names WHERE register_child_names MATCH $2)",
                &phrase,
                wanted,
            )
            .await
        }
        // PostgreSQL's planner takes the trigram index when the pattern is
        // selective enough for it to pay.
        _ => children_where(conn, organisation_id, NAME_LIKE, &pattern, wanted).await,
    }
}

/// A child whose name holds pattern `$2`.
const NAME_LIKE: &str = "lower(name) LIKE $2 ESCAPE '\\'";

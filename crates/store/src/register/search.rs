//! Finding children on the register without reading all of it: a reference
//! or a date of birth is looked up through its index (migration 0925), part
//! of a name walks the children in order of reference until the page is
//! full, and only the children found are read with their steps.

use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use trustboard_core::register::{ChildRecord, ChildSearch};

use crate::codec::date_text;
use crate::connect::Store;

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
        let pattern = format!("%{}%", like_escaped(&search.text));
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
                children_where(
                    &mut tx,
                    organisation_id,
                    "lower(name) LIKE $2 ESCAPE '\\'",
                    &pattern,
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

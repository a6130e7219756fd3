//! Finding children on the register without reading all of it: a reference
//! or a date of birth is looked up through its index (migration 0925), the
//! start of each word of a name through the names' words (migration 0931),
//! and the children found are shown by their cards (migration 0933).

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::{ChildCard, ChildId, ChildListing, ChildSearch};

use crate::codec::{date_from_text, date_text};
use crate::connect::Store;
use crate::error::StoreError;

use super::cards::{cards_on, kept_card};
use super::error::RegisterError;
use super::name_search::children_named;
use super::rows::{numbered_parameters, OF_ORGANISATION};

/// A child a search found, with their card on the day of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundChild {
    pub child: ChildListing,
    pub card: ChildCard,
}

/// What a search reads of each child: their listing and their kept card.
const LISTING_COLUMNS: &str = "id, reference, name, date_of_birth, locality, card";

/// A child as a search reads them, by row id.
struct Listed {
    id: i64,
    child: ChildListing,
    card: Option<ChildCard>,
}

impl Listed {
    fn of(row: &AnyRow, organisation: &str) -> Result<Listed, StoreError> {
        Ok(Listed {
            id: row.try_get("id")?,
            child: ChildListing {
                id: ChildId::new(row.try_get::<String, _>("reference")?),
                organisation: organisation.to_owned(),
                name: row.try_get("name")?,
                date_of_birth: date_from_text(
                    "register_children.date_of_birth",
                    row.try_get("date_of_birth")?,
                )?,
                locality: row.try_get("locality")?,
            },
            card: kept_card(row)?,
        })
    }
}

/// What a search found: at most the limit asked for, in order of reference.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundChildren {
    pub children: Vec<FoundChild>,
    /// More children matched than were read.
    pub more: bool,
}

/// One way a search finds children.
enum Part<'a> {
    /// The first children by reference whose `column` is `value`, read in
    /// the order of an index on the column then the reference.
    First {
        column: &'static str,
        value: &'a str,
    },
    /// The children of these row ids, read by row id alone: asked for in
    /// order of reference, SQLite would walk the register's references to
    /// find them.
    Ids(&'a [i64]),
}

/// The children each of `parts` finds, the first `limit` by reference of
/// each, all read in one statement.
async fn children_where(
    conn: &mut AnyConnection,
    organisation: &str,
    parts: &[Part<'_>],
    limit: i64,
) -> Result<Vec<Listed>, RegisterError> {
    // $1 is the organisation, $2 the limit, and each part's values follow.
    let mut next = 3;
    let selects: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let condition = match part {
                Part::First { column, .. } => {
                    next += 1;
                    format!("{column} = ${} ORDER BY reference LIMIT $2", next - 1)
                }
                Part::Ids(ids) => {
                    next += ids.len();
                    format!(
                        "id IN ({})",
                        numbered_parameters(next - ids.len(), ids.len())
                    )
                }
            };
            format!(
                "SELECT * FROM (SELECT {LISTING_COLUMNS} FROM register_children
                 WHERE {OF_ORGANISATION}
                 AND {condition}) AS part{i}"
            )
        })
        .collect();
    let sql = selects.join(" UNION ALL ");
    let query = sqlx::query(&sql).bind(organisation).bind(limit);
    let rows: Vec<AnyRow> = parts
        .iter()
        .fold(query, |query, part| match part {
            Part::First { value, .. } => query.bind(*value),
            Part::Ids(ids) => ids.iter().fold(query, |query, id| query.bind(*id)),
        })
        .fetch_all(conn)
        .await?;
    Ok(rows
        .iter()
        .map(|row| Listed::of(row, organisation))
        .collect::<Result<_, StoreError>>()?)
}

impl Store {
    /// The organisation's children `search` finds, first by reference, at
    /// most `limit` of them, with their cards on `today`.
    pub async fn search_register(
        &self,
        organisation: &str,
        search: &ChildSearch,
        limit: usize,
        today: NaiveDate,
    ) -> Result<FoundChildren, RegisterError> {
        // Read outside a transaction: each statement sees what was committed
        // when it ran, and the core's rule checks every child read last.
        // Only a record rebuilt from its steps is read in one (`cards_on`).
        let mut conn = self.pool.acquire().await?;
        // One more than the limit says whether there were more.
        let wanted = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
        let named = children_named(&mut conn, organisation, search, wanted).await?;
        let born = date_text(search.born);
        let mut parts = vec![Part::First {
            column: "lower(reference)",
            value: &search.text,
        }];
        if let Some(born) = &born {
            parts.push(Part::First {
                column: "date_of_birth",
                value: born,
            });
        }
        if !named.is_empty() {
            parts.push(Part::Ids(&named));
        }
        let mut children = children_where(&mut conn, organisation, &parts, wanted).await?;
        // The database narrows; the core's rule decides.
        children.retain(|listed| search.matches(&listed.child));
        children.sort_by(|a, b| a.child.id.0.cmp(&b.child.id.0));
        children.dedup_by_key(|listed| listed.id);
        let more = children.len() > limit;
        children.truncate(limit);
        let kept = children
            .iter_mut()
            .map(|listed| (listed.id, listed.card.take()))
            .collect();
        let cards = cards_on(&mut conn, organisation, kept, today).await?;
        let children = children
            .into_iter()
            .zip(cards)
            .filter_map(|(listed, card)| {
                Some(FoundChild {
                    child: listed.child,
                    card: card?,
                })
            })
            .collect();
        Ok(FoundChildren { children, more })
    }
}

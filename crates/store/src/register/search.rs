//! Finding children on the register without reading all of it: a reference
//! or a date of birth is looked up through its index (migration 0925), the
//! start of each word of a name through the names' words (migration 0931),
//! and only the children found are read with their steps.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::{ChildRecord, ChildSearch};

use crate::codec::date_text;
use crate::connect::Store;

use super::error::RegisterError;
use super::names::prefix_range;
use super::rows::{child_from_row, organisation_id, ChildRow, CHILD_COLUMNS};
use super::steps::{replay, steps_by_child, steps_of};

/// What a search found: at most the limit asked for, in order of reference.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundChildren {
    pub records: Vec<ChildRecord>,
    /// More children matched than were read.
    pub more: bool,
}

/// A typed word that begins the words of at most this many children is
/// rare enough for those children to be read and checked one by one.
const FEW_CHILDREN: i64 = 2_000;

/// When every typed word is common, children are read in order of reference,
/// this many at a time, until the page is full or this many children were
/// read for each one wanted: a name rarer than that is found by intersecting
/// the children of each typed word instead.
const WALK_PAGE: i64 = 1_000;
const WALK_PER_CHILD_WANTED: usize = 400;

/// The organisation searched: its row id and its name.
#[derive(Clone, Copy)]
struct Searched<'a> {
    id: i64,
    name: &'a str,
}

/// The children where `condition` holds (`$1` is the organisation, `values`
/// are `$2` on), first by reference, at most `limit`.
async fn children_where(
    conn: &mut AnyConnection,
    organisation: Searched<'_>,
    condition: &str,
    values: &[&str],
    limit: i64,
) -> Result<Vec<ChildRow>, RegisterError> {
    let limit_param = values.len() + 2;
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children
         WHERE organisation_id = $1 AND {condition} ORDER BY reference LIMIT ${limit_param}"
    );
    let mut query = sqlx::query(&sql).bind(organisation.id);
    for value in values {
        query = query.bind(*value);
    }
    let rows: Vec<AnyRow> = query.bind(limit).fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(|row| child_from_row(row, organisation.name))
        .collect::<Result<_, _>>()?)
}

/// `child_id IN` the children with a word beginning with each of the
/// prefixes given as `(low, high)` bounds, from `$2` on.
fn with_words(prefixes: usize) -> String {
    let sets: Vec<String> = (0..prefixes)
        .map(|i| {
            format!(
                "SELECT child_id FROM register_name_words
                 WHERE organisation_id = $1 AND word >= ${} AND word < ${}",
                2 * i + 2,
                2 * i + 3
            )
        })
        .collect();
    format!("id IN ({})", sets.join(" INTERSECT "))
}

/// How many children have a word in `low..high`, counting no further than
/// one past [`FEW_CHILDREN`].
async fn children_with_word(
    conn: &mut AnyConnection,
    organisation_id: i64,
    (low, high): &(String, String),
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "SELECT count(*) AS n FROM (SELECT 1 FROM register_name_words
         WHERE organisation_id = $1 AND word >= $2 AND word < $3 LIMIT $4) AS found",
    )
    .bind(organisation_id)
    .bind(low)
    .bind(high)
    .bind(FEW_CHILDREN + 1)
    .fetch_one(conn)
    .await?
    .try_get("n")
}

/// The children whose name `search` matches, first by reference, at least
/// `wanted` of them where there are that many. Through the words of the
/// rarest typed word when it is rare; otherwise by walking the register,
/// where common words usually meet soon; otherwise through the children
/// every typed word begins a word of.
async fn children_named(
    conn: &mut AnyConnection,
    organisation: Searched<'_>,
    search: &ChildSearch,
    wanted: i64,
) -> Result<Vec<ChildRow>, RegisterError> {
    let mut prefixes: Vec<(String, String)> =
        search.words.iter().map(|word| prefix_range(word)).collect();
    prefixes.sort();
    prefixes.dedup();
    let mut fewest: Option<(i64, &(String, String))> = None;
    for prefix in &prefixes {
        let n = children_with_word(conn, organisation.id, prefix).await?;
        if fewest.is_none_or(|(least, _)| n < least) {
            fewest = Some((n, prefix));
        }
    }
    let Some((n, (low, high))) = fewest else {
        return Ok(Vec::new());
    };
    if n <= FEW_CHILDREN {
        // One typed word: every child found matches, so a page is enough.
        let limit = if prefixes.len() == 1 { wanted } else { n };
        return children_where(conn, organisation, &with_words(1), &[low, high], limit).await;
    }
    if let Some(ids) = walk_names(conn, organisation.id, search, wanted).await? {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let listed: Vec<String> = ids.iter().map(i64::to_string).collect();
        let condition = format!("id IN ({})", listed.join(", "));
        return children_where(conn, organisation, &condition, &[], wanted).await;
    }
    let bounds: Vec<&str> = prefixes
        .iter()
        .flat_map(|(low, high)| [low.as_str(), high.as_str()])
        .collect();
    children_where(
        conn,
        organisation,
        &with_words(prefixes.len()),
        &bounds,
        wanted,
    )
    .await
}

/// Walks the register in order of reference, reading only names, for the
/// row ids of the first `wanted` children whose name `search` matches:
/// `None` when it gave up before finding them all or reaching the end.
async fn walk_names(
    conn: &mut AnyConnection,
    organisation_id: i64,
    search: &ChildSearch,
    wanted: i64,
) -> Result<Option<Vec<i64>>, sqlx::Error> {
    let wanted = usize::try_from(wanted).unwrap_or(usize::MAX);
    let mut found = Vec::new();
    let mut after = String::new();
    let mut read = 0;
    while read < WALK_PER_CHILD_WANTED.saturating_mul(wanted) {
        let page = sqlx::query(
            "SELECT id, reference, name FROM register_children
             WHERE organisation_id = $1 AND reference > $2 ORDER BY reference LIMIT $3",
        )
        .bind(organisation_id)
        .bind(&after)
        .bind(WALK_PAGE)
        .fetch_all(&mut *conn)
        .await?;
        let Some(last) = page.last() else {
            return Ok(Some(found));
        };
        after = last.try_get("reference")?;
        read += page.len();
        for row in &page {
            if search.matches_name(row.try_get("name")?) {
                found.push(row.try_get("id")?);
                if found.len() == wanted {
                    return Ok(Some(found));
                }
            }
        }
    }
    Ok(None)
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
        let searched = Searched {
            id: organisation_id,
            name: organisation,
        };
        // One more than the limit says whether there were more.
        let wanted = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
        let mut children = children_where(
            &mut tx,
            searched,
            "lower(reference) = $2",
            &[search.text.as_str()],
            wanted,
        )
        .await?;
        if let Some(born) = date_text(search.born) {
            children.extend(
                children_where(
                    &mut tx,
                    searched,
                    "date_of_birth = $2",
                    &[born.as_str()],
                    wanted,
                )
                .await?,
            );
        }
        children.extend(children_named(&mut tx, searched, search, wanted).await?);
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

//! Finding children by the start of the words of their name, through the
//! names' words (`register_name_words`) and never a walk of the whole
//! register. The database narrows; the core's [`ChildSearch::matches_name`]
//! decides which children match. Each statement looks the organisation's
//! row id up by its name (`$1`, [`OF_ORGANISATION`]) itself, so none is
//! spent on that alone.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use trustboard_core::register::ChildSearch;

use crate::connect::Backend;

use super::names::prefix_range;
use super::rows::{numbered_parameters, OF_ORGANISATION};

/// A typed word that begins the words of at most this many children is
/// rare enough for those children to be read and checked one by one. Each
/// typed word's children are counted up to one past it, so it is kept low:
/// a word with more is walked in order of reference, which stops at the
/// limit.
const FEW_CHILDREN: i64 = 250;

/// When every typed word is common, the first children in order of
/// reference are read, up to this many for each one wanted: a name rarer
/// than that is found by intersecting the children of each typed word.
const WALK_PER_CHILD_WANTED: i64 = 400;

/// A typed word that begins at most this many different words of the
/// register's names has their children read in order of reference, word by
/// word; one that begins more (a letter or two) walks the register.
const FEW_WORDS: usize = 32;

/// Row ids to one `IN (…)` list.
const IDS_PER_READ: usize = 1_000;

/// A child as a name search reads it.
struct Named {
    id: i64,
    reference: String,
    name: String,
}

impl Named {
    fn of(row: &AnyRow) -> Result<Named, sqlx::Error> {
        Ok(Named {
            id: row.try_get("id")?,
            reference: row.try_get("reference")?,
            name: row.try_get("name")?,
        })
    }
}

/// The row ids of the first `wanted` children, by reference, whose name
/// `search` matches: through the children of the rarest typed word when it
/// is rare; otherwise through its children in order of reference, when it
/// begins few different words, or by walking the register, where common
/// words usually meet soon; otherwise through the children every typed word
/// begins a word of.
pub(super) async fn children_named(
    conn: &mut AnyConnection,
    organisation: &str,
    search: &ChildSearch,
    wanted: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let mut prefixes: Vec<(String, String)> =
        search.words.iter().map(|word| prefix_range(word)).collect();
    prefixes.sort();
    prefixes.dedup();
    let counts = children_with_words(conn, organisation, &prefixes).await?;
    let fewest = counts.into_iter().zip(&prefixes).min_by_key(|(n, _)| *n);
    let Some((n, rarest)) = fewest.filter(|(n, _)| *n > 0) else {
        return Ok(Vec::new());
    };
    let ids = if n <= FEW_CHILDREN {
        words_children(conn, organisation, std::slice::from_ref(rarest)).await?
    } else {
        let words = words_in_range(conn, organisation, rarest).await?;
        let found = if words.len() <= FEW_WORDS {
            in_order_of_reference(conn, organisation, search, &words, wanted).await?
        } else {
            walk(conn, organisation, search, wanted).await?
        };
        match found {
            Some(found) => return Ok(found),
            None => words_children(conn, organisation, &prefixes).await?,
        }
    };
    let mut named = Vec::with_capacity(ids.len());
    for some in ids.chunks(IDS_PER_READ) {
        let sql = format!(
            "SELECT id, reference, name FROM register_children
             WHERE {OF_ORGANISATION} AND id IN ({})",
            numbered_parameters(2, some.len())
        );
        let query = some
            .iter()
            .fold(sqlx::query(&sql).bind(organisation), |query, id| {
                query.bind(*id)
            });
        for row in query.fetch_all(&mut *conn).await? {
            let child = Named::of(&row)?;
            if search.matches_name(&child.name) {
                named.push(child);
            }
        }
    }
    named.sort_by(|a, b| a.reference.cmp(&b.reference));
    named.truncate(usize::try_from(wanted).unwrap_or(usize::MAX));
    Ok(named.into_iter().map(|child| child.id).collect())
}

/// How many children have a word in each `low..high` of `prefixes`,
/// counting no further than one past [`FEW_CHILDREN`]: all in one statement.
async fn children_with_words(
    conn: &mut AnyConnection,
    organisation: &str,
    prefixes: &[(String, String)],
) -> Result<Vec<i64>, sqlx::Error> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let counts: Vec<String> = (0..prefixes.len())
        .map(|i| {
            format!(
                "(SELECT count(*) FROM (SELECT 1 FROM register_name_words
                 WHERE {OF_ORGANISATION} AND word >= ${} AND word < ${} LIMIT $2) AS found{i}) AS n{i}",
                2 * i + 3,
                2 * i + 4
            )
        })
        .collect();
    let sql = format!("SELECT {}", counts.join(", "));
    let query = sqlx::query(&sql).bind(organisation).bind(FEW_CHILDREN + 1);
    let row = prefixes
        .iter()
        .fold(query, |query, (low, high)| query.bind(low).bind(high))
        .fetch_one(conn)
        .await?;
    (0..prefixes.len())
        .map(|i| row.try_get(format!("n{i}").as_str()))
        .collect()
}

/// The row ids of the children with a word in each of the `(low, high)`
/// ranges.
async fn words_children(
    conn: &mut AnyConnection,
    organisation: &str,
    prefixes: &[(String, String)],
) -> Result<Vec<i64>, sqlx::Error> {
    // Each child once, however many of their words begin with one prefix:
    // INTERSECT removes repeats itself.
    let distinct = if prefixes.len() == 1 { "DISTINCT " } else { "" };
    let sets: Vec<String> = (0..prefixes.len())
        .map(|i| {
            format!(
                "SELECT {distinct}child_id FROM register_name_words
                 WHERE {OF_ORGANISATION} AND word >= ${} AND word < ${}",
                2 * i + 2,
                2 * i + 3
            )
        })
        .collect();
    let sql = sets.join(" INTERSECT ");
    let mut query = sqlx::query(&sql).bind(organisation);
    for (low, high) in prefixes {
        query = query.bind(low).bind(high);
    }
    query
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| row.try_get("child_id"))
        .collect()
}

/// The different words of the register's names in `low..high`, at most one
/// more than [`FEW_WORDS`], in one statement that seeks the key once for
/// each, never reading the whole range: the first word from `low` on, then
/// each word after the last.
async fn words_in_range(
    conn: &mut AnyConnection,
    organisation: &str,
    (low, high): &(String, String),
) -> Result<Vec<String>, sqlx::Error> {
    let sql = format!(
        "WITH RECURSIVE found (word) AS (
             SELECT (SELECT min(word) FROM register_name_words
                     WHERE {OF_ORGANISATION} AND word >= $2 AND word < $3)
             UNION ALL
             SELECT (SELECT min(word) FROM register_name_words
                     WHERE {OF_ORGANISATION} AND word > found.word AND word < $3)
             FROM found WHERE found.word IS NOT NULL
         )
         SELECT word FROM found WHERE word IS NOT NULL LIMIT $4"
    );
    sqlx::query(&sql)
        .bind(organisation)
        .bind(low)
        .bind(high)
        .bind(i64::try_from(FEW_WORDS + 1).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| row.try_get("word"))
        .collect()
}

/// Reads the children with any of `words` in order of reference, straight
/// from the names' key, for the row ids of the first `wanted` whose name
/// `search` matches: `None` when they are not among the first
/// [`WALK_PER_CHILD_WANTED`] for each wanted.
async fn in_order_of_reference(
    conn: &mut AnyConnection,
    organisation: &str,
    search: &ChildSearch,
    words: &[String],
    wanted: i64,
) -> Result<Option<Vec<i64>>, sqlx::Error> {
    // The first children of each word whose name may match, then the
    // first of them all: each part stops at the limit in the order of the
    // key, and names that cannot match are never sent back.
    let narrowed = NameFilter::of(Backend::of(conn), &search.words, words.len() + 4);
    let parts: Vec<String> = (0..words.len())
        .map(|i| {
            format!(
                "SELECT * FROM (SELECT child_id AS id, reference, name FROM register_name_words
                 WHERE {OF_ORGANISATION} AND word = ${} AND reference > $2 AND {}
                 ORDER BY reference LIMIT $3) AS part{i}",
                i + 4,
                narrowed.condition
            )
        })
        .collect();
    let sql = format!("{} ORDER BY reference LIMIT $3", parts.join(" UNION ALL "));
    let most = WALK_PER_CHILD_WANTED.saturating_mul(wanted);
    let wanted_len = usize::try_from(wanted).unwrap_or(usize::MAX);
    let mut found = Vec::new();
    let mut after = String::new();
    let mut read = 0_i64;
    loop {
        let query = sqlx::query(&sql)
            .bind(organisation)
            .bind(&after)
            .bind(wanted);
        let query = words
            .iter()
            .chain(&narrowed.words)
            .fold(query, |query, word| query.bind(word.as_str()));
        let rows = query.fetch_all(&mut *conn).await?;
        if take_matches(&rows, search, (&mut found, &mut after), wanted_len)?
            || rows.len() < wanted_len
        {
            return Ok(Some(found));
        }
        read += wanted;
        if read >= most {
            return Ok(None);
        }
    }
}

/// Walks the first children of the register in order of reference for the
/// row ids of the first `wanted` whose name `search` matches: `None` when
/// they are not among the first [`WALK_PER_CHILD_WANTED`] for each wanted.
async fn walk(
    conn: &mut AnyConnection,
    organisation: &str,
    search: &ChildSearch,
    wanted: i64,
) -> Result<Option<Vec<i64>>, sqlx::Error> {
    // The last reference the walk may read, if the register goes further.
    let sql = format!(
        "SELECT reference FROM register_children WHERE {OF_ORGANISATION}
         ORDER BY reference LIMIT 1 OFFSET $2"
    );
    let bound: Option<String> = sqlx::query(&sql)
        .bind(organisation)
        .bind(WALK_PER_CHILD_WANTED.saturating_mul(wanted) - 1)
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| row.try_get("reference"))
        .transpose()?;
    let narrowed = NameFilter::of(Backend::of(conn), &search.words, 4);
    let bound_param = narrowed.words.len() + 4;
    let within = if bound.is_some() {
        format!("AND reference <= ${bound_param}")
    } else {
        String::new()
    };
    // In the order of the index, so the database stops at the limit.
    let sql = format!(
        "SELECT id, reference, name FROM register_children
         WHERE {OF_ORGANISATION} AND reference > $2 {within} AND {}
         ORDER BY reference LIMIT $3",
        narrowed.condition
    );
    let wanted_len = usize::try_from(wanted).unwrap_or(usize::MAX);
    let mut found = Vec::new();
    let mut after = String::new();
    loop {
        let mut query = sqlx::query(&sql)
            .bind(organisation)
            .bind(&after)
            .bind(wanted);
        for word in &narrowed.words {
            query = query.bind(word.as_str());
        }
        if let Some(bound) = &bound {
            query = query.bind(bound.as_str());
        }
        let rows = query.fetch_all(&mut *conn).await?;
        if take_matches(&rows, search, (&mut found, &mut after), wanted_len)? {
            return Ok(Some(found));
        }
        if rows.len() < wanted_len {
            break;
        }
    }
    Ok(bound.is_none().then_some(found))
}

/// Goes through a page of children in order of reference, adding the row
/// ids of those whose name `search` matches to `found` and moving `after` on
/// to each; a child read twice in a row (for two words of their name) counts
/// once. Returns whether `found` now has all that are wanted.
fn take_matches(
    rows: &[AnyRow],
    search: &ChildSearch,
    (found, after): (&mut Vec<i64>, &mut String),
    wanted: usize,
) -> Result<bool, sqlx::Error> {
    for row in rows {
        let child = Named::of(row)?;
        if child.reference == *after {
            continue;
        }
        if search.matches_name(&child.name) {
            found.push(child.id);
            if found.len() == wanted {
                return Ok(true);
            }
        }
        *after = child.reference;
    }
    Ok(false)
}

/// A condition in SQL that every child whose name the typed words match
/// meets, so a walk reads fewer names to check. Each typed word in plain
/// ASCII must be found in the name with its ASCII letters in lower case.
/// A name with an apostrophe or a backtick (which the core drops from inside
/// words) is always read, and so is one with either of the two letters whose
/// lower case holds an ASCII letter: İ and the Kelvin sign.
struct NameFilter {
    condition: String,
    /// Bound from the parameter numbered `first` on.
    words: Vec<String>,
}

impl NameFilter {
    fn of(backend: Backend, typed: &[String], first: usize) -> NameFilter {
        let words: Vec<String> = typed
            .iter()
            .filter(|word| word.is_ascii())
            .cloned()
            .collect();
        if words.is_empty() {
            return NameFilter {
                condition: "1 = 1".to_string(),
                words,
            };
        }
        // In the "C" collation PostgreSQL's lower() changes only ASCII
        // letters, as SQLite's does, whatever the database's locale.
        let (find, lowered) = match backend {
            Backend::Sqlite => ("instr", "lower(name)"),
            Backend::Postgres => ("strpos", "lower(name COLLATE \"C\")"),
        };
        let found: Vec<String> = (0..words.len())
            .map(|i| format!("{find}({lowered}, ${}) > 0", i + first))
            .collect();
        let always: Vec<String> = ["''", "`", "\u{130}", "\u{212A}"]
            .iter()
            .map(|letter| format!("{find}(name, '{letter}') > 0"))
            .collect();
        NameFilter {
            condition: format!("(({}) OR {})", found.join(" AND "), always.join(" OR ")),
            words,
        }
    }
}

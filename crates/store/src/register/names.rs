//! The words of children's names (`register_name_words`, migration 0931),
//! split by the core's [`name_words`], which a search by name reads instead
//! of walking the register.

use sqlx::{AnyConnection, Row};
use trustboard_core::register::name_words;

use crate::connect::{Backend, Store};
use crate::error::StoreError;

use super::marks::{marked, take_mark};
use super::rows::{execute_overlapped, ManyRows, Statement};

/// Words to one `INSERT`, inside SQLite's limit of 32,766 parameters.
const WORDS_PER_INSERT: usize = 5_000;

/// The registers whose names are still to be split (migration 0931).
const MARKS: &str = "register_names_to_index";

/// Children's names read at a time when a register's names are indexed.
const NAMES_PER_READ: i64 = 10_000;

/// A child whose name's words are written: their row id, reference and name.
#[derive(Clone, Copy)]
pub(super) struct ChildName<'a> {
    pub id: i64,
    pub reference: &'a str,
    pub name: &'a str,
}

/// One row of the names' words: the child, and one word of their name.
pub(super) type WordRow<'a> = (ChildName<'a>, String);

/// Writes the words of each child's name.
pub(super) async fn insert_name_words(
    conn: &mut AnyConnection,
    backend: Backend,
    organisation_id: i64,
    names: &[ChildName<'_>],
) -> Result<(), StoreError> {
    let words = words_of(names);
    let sql = name_words_sql(backend);
    execute_overlapped(conn, name_word_statements(&sql, organisation_id, &words)).await
}

/// The words of each child's name, as rows.
pub(super) fn words_of<'a>(names: &[ChildName<'a>]) -> Vec<WordRow<'a>> {
    names
        .iter()
        .flat_map(|child| {
            name_words(child.name)
                .into_iter()
                .map(move |word| (*child, word))
        })
        .collect()
}

pub(super) fn name_words_sql(backend: Backend) -> ManyRows {
    ManyRows::new(
        backend,
        "INSERT INTO register_name_words (organisation_id, child_id, reference, name, word)",
        5,
        WORDS_PER_INSERT,
    )
}

/// The statements that insert `words`.
pub(super) fn name_word_statements<'q>(
    sql: &'q ManyRows,
    organisation_id: i64,
    words: &'q [WordRow<'q>],
) -> impl Iterator<Item = Statement<'q>> + Send + 'q {
    sql.statements(words, move |query, (child, word)| {
        query
            .bind(organisation_id)
            .bind(child.id)
            .bind(child.reference)
            .bind(child.name)
            .bind(word.as_str())
    })
}

/// Deletes the words of the child with `reference`, whose name is `name`,
/// through the key rather than by looking for the child's rows.
pub(super) async fn delete_name_words(
    conn: &mut AnyConnection,
    organisation_id: i64,
    reference: &str,
    name: &str,
) -> Result<(), StoreError> {
    for word in name_words(name) {
        sqlx::query(
            "DELETE FROM register_name_words
             WHERE organisation_id = $1 AND word = $2 AND reference = $3",
        )
        .bind(organisation_id)
        .bind(word)
        .bind(reference)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The bounds of the words that begin with `prefix`, as `word >= low AND
/// word < high`: both backends compare words byte by byte, and no character
/// encodes above U+10FFFF.
pub(super) fn prefix_range(prefix: &str) -> (String, String) {
    (prefix.to_string(), format!("{prefix}\u{10FFFF}"))
}

impl Store {
    /// Splits the names of the children of every organisation the schema
    /// marked as not yet indexed (their register predates the words), one
    /// organisation to a transaction. Two stores opening at once do it once:
    /// taking the mark is the transaction's first write.
    pub(crate) async fn index_pending_names(&self) -> Result<(), StoreError> {
        for organisation_id in marked(&self.pool, MARKS).await? {
            let mut tx = self.begin_write().await?;
            if !take_mark(&mut tx, MARKS, organisation_id).await? {
                continue;
            }
            let mut after = 0_i64;
            loop {
                let rows = sqlx::query(
                    "SELECT id, reference, name FROM register_children
                     WHERE organisation_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(organisation_id)
                .bind(after)
                .bind(NAMES_PER_READ)
                .fetch_all(&mut *tx)
                .await?;
                let names: Vec<(i64, String, String)> = rows
                    .iter()
                    .map(|row| {
                        Ok((
                            row.try_get("id")?,
                            row.try_get("reference")?,
                            row.try_get("name")?,
                        ))
                    })
                    .collect::<Result<_, sqlx::Error>>()?;
                let Some((last, _, _)) = names.last() else {
                    break;
                };
                after = *last;
                let names: Vec<ChildName<'_>> = names
                    .iter()
                    .map(|(id, reference, name)| ChildName {
                        id: *id,
                        reference,
                        name,
                    })
                    .collect();
                insert_name_words(&mut tx, self.backend(), organisation_id, &names).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

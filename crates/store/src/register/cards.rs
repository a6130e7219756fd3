//! Children's cards (`register_children.card`, migration 0933): the core's
//! [`ChildCard`] as JSON, written with the child and with every step, so a
//! search shows children without reading their steps. A card that is
//! missing, or that does not hold on the day asked about, is read off the
//! record rebuilt from its steps instead.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Connection, Row};
use trustboard_core::register::{ChildCard, ChildRecord, Step};

use crate::codec::{from_json_text, json_text};
use crate::connect::{Backend, Store};
use crate::error::StoreError;

use super::marks::{marked, take_mark};
use super::rows::{
    child_from_row, numbered_parameters, step_from_row, values_sql, CHILD_COLUMNS, OF_ORGANISATION,
};
use super::steps::{child_rows_after, replay, steps_by_child, steps_of};

/// The registers whose cards are still to be filled in (migration 0933).
const MARKS: &str = "register_cards_to_fill";

/// Cards to one `UPDATE`, two parameters each.
const CARDS_PER_UPDATE: usize = 1_000;

/// Children whose cards are filled in at a time when a register's cards are.
const CHILDREN_PER_FILL: i64 = 5_000;

/// Writes each `(child row id, record)`'s card as the record now stands.
pub(super) async fn write_cards(
    conn: &mut AnyConnection,
    backend: Backend,
    records: &[(i64, &ChildRecord)],
) -> Result<(), StoreError> {
    for part in records.chunks(CARDS_PER_UPDATE) {
        let sql = values_sql(
            backend,
            "UPDATE register_children SET card = v.column2 FROM (",
            2,
            part.len(),
            ") AS v WHERE register_children.id = v.column1",
        );
        let mut query = sqlx::query(&sql);
        for (id, record) in part {
            query = query
                .bind(*id)
                .bind(json_text(&ChildCard::settled(record))?);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The kept card of `row` (read with its `card` column), if it has one.
pub(super) fn kept_card(row: &AnyRow) -> Result<Option<ChildCard>, StoreError> {
    let text: Option<String> = row.try_get("card")?;
    text.map(|text| from_json_text("register_children.card", &text))
        .transpose()
}

/// The card on `today` of each child `(row id, kept card)`: the kept one
/// where it holds, else one read off their record, rebuilt from their row
/// and steps; `None` for a child whose record has gone since (erased).
pub(super) async fn cards_on(
    conn: &mut AnyConnection,
    organisation: &str,
    kept: Vec<(i64, Option<ChildCard>)>,
    today: NaiveDate,
) -> Result<Vec<Option<ChildCard>>, StoreError> {
    let holding: Vec<(i64, Option<ChildCard>)> = kept
        .into_iter()
        .map(|(id, card)| (id, card.filter(|card| card.standing.holds_on(today))))
        .collect();
    let stale: Vec<i64> = holding
        .iter()
        .filter(|(_, card)| card.is_none())
        .map(|(id, _)| *id)
        .collect();
    let mut records = if stale.is_empty() {
        HashMap::new()
    } else {
        records_of(conn, organisation, &stale).await?
    };
    Ok(holding
        .into_iter()
        .map(|(id, card)| {
            card.or_else(|| {
                records
                    .remove(&id)
                    .map(|record| ChildCard::of(&record, today))
            })
        })
        .collect())
}

/// The records of the children with row ids `ids`, rebuilt from their rows
/// and steps, by row id: read in one transaction, so the steps are those of
/// the rows.
async fn records_of(
    conn: &mut AnyConnection,
    organisation: &str,
    ids: &[i64],
) -> Result<HashMap<i64, ChildRecord>, StoreError> {
    let mut tx = conn.begin_with(Backend::of(conn).begin_read()).await?;
    let sql = format!(
        "SELECT {CHILD_COLUMNS} FROM register_children
         WHERE {OF_ORGANISATION}
         AND id IN ({})",
        numbered_parameters(2, ids.len())
    );
    let rows = ids
        .iter()
        .fold(sqlx::query(&sql).bind(organisation), |query, id| {
            query.bind(*id)
        })
        .fetch_all(&mut *tx)
        .await?;
    let mut steps = steps_by_child(&steps_of(&mut tx, ids).await?)?;
    tx.commit().await?;
    rows.iter()
        .map(|row| {
            let row = child_from_row(row, organisation)?;
            let id = row.id;
            let own = steps.remove(&id).unwrap_or_default();
            Ok((id, replay(row, own)?.record))
        })
        .collect()
}

impl Store {
    /// Fills in the cards of the children of every organisation the schema
    /// marked (their register predates cards), one organisation to a
    /// transaction. Two stores opening at once do it once: taking the mark is
    /// the transaction's first write.
    pub(crate) async fn fill_pending_cards(&self) -> Result<(), StoreError> {
        for organisation_id in marked(&self.pool, MARKS).await? {
            let mut tx = self.begin_write().await?;
            if !take_mark(&mut tx, MARKS, organisation_id).await? {
                continue;
            }
            let organisation: String = sqlx::query("SELECT name FROM organisations WHERE id = $1")
                .bind(organisation_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get("name")?;
            let mut after = 0_i64;
            loop {
                let children =
                    child_rows_after(&mut tx, organisation_id, after, CHILDREN_PER_FILL).await?;
                let Some(last) = children.last() else {
                    break;
                };
                after = last.try_get("id")?;
                let records = rebuilt(&mut tx, &children, &organisation).await?;
                let records: Vec<(i64, &ChildRecord)> =
                    records.iter().map(|(id, record)| (*id, record)).collect();
                write_cards(&mut tx, self.backend(), &records).await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
}

/// The records of `children` (rows of `CHILD_COLUMNS`) rebuilt from their
/// steps, by row id. A record that cannot be rebuilt is left out, to keep no
/// card: a search then reads it from its steps and reports the fault there,
/// as reading the record always has, rather than the store refusing to open.
async fn rebuilt(
    conn: &mut AnyConnection,
    children: &[AnyRow],
    organisation: &str,
) -> Result<Vec<(i64, ChildRecord)>, StoreError> {
    let ids: Vec<i64> = children
        .iter()
        .map(|row| row.try_get("id"))
        .collect::<Result<_, _>>()?;
    let steps = steps_of(conn, &ids).await?;
    let mut by_child: HashMap<i64, Vec<&AnyRow>> = HashMap::new();
    for step in &steps {
        by_child
            .entry(step.try_get("child_id")?)
            .or_default()
            .push(step);
    }
    Ok(children
        .iter()
        .filter_map(|row| {
            let row = child_from_row(row, organisation).ok()?;
            let own = by_child.remove(&row.id).unwrap_or_default();
            let steps: Vec<Step> = own
                .into_iter()
                .map(step_from_row)
                .collect::<Result<_, _>>()
                .ok()?;
            let id = row.id;
            Some((id, replay(row, steps).ok()?.record))
        })
        .collect())
}

//! A plan's resource tables: written whole by the import of its document,
//! read back exactly (figures as decimal text beside the printed text).

use sqlx::{AnyConnection, Row};
use trustboard_core::resources::{Amount, Figure, ResourceRow, ResourceTable, RowKind, TableKind};

use crate::connect::Store;
use crate::error::StoreError;

/// Where a plan's resource tables belong.
pub(crate) struct Owner {
    pub organisation_id: i64,
    pub plan_id: i64,
}

/// Replaces the plan's resource tables with `tables`, inside the caller's transaction.
pub(crate) async fn replace(
    conn: &mut AnyConnection,
    owner: &Owner,
    tables: &[ResourceTable],
    source: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM resource_tables WHERE plan_id = $1")
        .bind(owner.plan_id)
        .execute(&mut *conn)
        .await?;
    for (position, table) in tables.iter().enumerate() {
        let table_id: i64 = sqlx::query(
            "INSERT INTO resource_tables
               (organisation_id, plan_id, position, kind, title, year, previous_year, source)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(owner.organisation_id)
        .bind(owner.plan_id)
        .bind(position as i64)
        .bind(table.kind.name())
        .bind(&table.title)
        .bind(&table.year)
        .bind(&table.previous_year)
        .bind(source)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?;
        for (position, row) in table.rows.iter().enumerate() {
            write_row(conn, owner, table_id, position, table.kind, row).await?;
        }
    }
    Ok(())
}

async fn write_row(
    conn: &mut AnyConnection,
    owner: &Owner,
    table_id: i64,
    position: usize,
    kind: TableKind,
    row: &ResourceRow,
) -> Result<(), StoreError> {
    let row_id: i64 = sqlx::query(
        "INSERT INTO resource_rows (organisation_id, table_id, position, line, kind, label, owner)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(owner.organisation_id)
    .bind(table_id)
    .bind(position as i64)
    .bind(row.line as i64)
    .bind(row.kind.name())
    .bind(&row.label)
    .bind(&row.owner)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    for (column, figure) in kind.columns().iter().zip(&row.figures) {
        let Some(figure) = figure else { continue };
        sqlx::query(
            "INSERT INTO resource_figures (organisation_id, row_id, column_key, text, amount)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(owner.organisation_id)
        .bind(row_id)
        .bind(column.key)
        .bind(&figure.text)
        .bind(figure.value.map(|v| v.to_string()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn corrupt(column: &'static str, value: &str, reason: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// The plan's resource tables in the order they were printed.
pub(crate) async fn read(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<ResourceTable>, StoreError> {
    let tables = sqlx::query(
        "SELECT id, kind, title, year, previous_year FROM resource_tables
         WHERE plan_id = $1 ORDER BY position",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut read = Vec::with_capacity(tables.len());
    for table in tables {
        let kind_text: String = table.try_get("kind")?;
        let kind = TableKind::from_name(&kind_text)
            .ok_or_else(|| corrupt("resource_tables.kind", &kind_text, "not a table kind"))?;
        let id: i64 = table.try_get("id")?;
        read.push(ResourceTable {
            kind,
            title: table.try_get("title")?,
            year: table.try_get("year")?,
            previous_year: table.try_get("previous_year")?,
            rows: read_rows(conn, id, kind).await?,
        });
    }
    Ok(read)
}

async fn read_rows(
    conn: &mut AnyConnection,
    table_id: i64,
    kind: TableKind,
) -> Result<Vec<ResourceRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, line, kind, label, owner FROM resource_rows
         WHERE table_id = $1 ORDER BY position",
    )
    .bind(table_id)
    .fetch_all(&mut *conn)
    .await?;
    let figures = sqlx::query(
        "SELECT f.row_id, f.column_key, f.text, f.amount FROM resource_figures f
         JOIN resource_rows r ON r.id = f.row_id AND r.organisation_id = f.organisation_id WHERE r.table_id = $1",
    )
    .bind(table_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut read = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let kind_text: String = row.try_get("kind")?;
        let mut cells = vec![None; kind.columns().len()];
        for figure in figures
            .iter()
            .filter(|f| f.try_get::<i64, _>("row_id").ok() == Some(id))
        {
            let key: String = figure.try_get("column_key")?;
            let column = kind.column(&key).ok_or_else(|| {
                corrupt(
                    "resource_figures.column_key",
                    &key,
                    "not a column of the table",
                )
            })?;
            let amount: Option<String> = figure.try_get("amount")?;
            let value = match amount {
                Some(text) => Some(Amount::read(&text).ok_or_else(|| {
                    corrupt("resource_figures.amount", &text, "not an exact figure")
                })?),
                None => None,
            };
            cells[column] = Some(Figure {
                text: figure.try_get("text")?,
                value,
            });
        }
        let line: i64 = row.try_get("line")?;
        read.push(ResourceRow {
            line: usize::try_from(line).unwrap_or_default(),
            kind: RowKind::from_name(&kind_text)
                .ok_or_else(|| corrupt("resource_rows.kind", &kind_text, "not a row kind"))?,
            label: row.try_get("label")?,
            owner: row.try_get("owner")?,
            figures: cells,
        });
    }
    Ok(read)
}

impl Store {
    /// The resource tables held for a plan (none until its document brought some).
    pub async fn resource_tables(
        &self,
        organisation: Option<&str>,
        plan: &str,
    ) -> Result<Vec<ResourceTable>, StoreError> {
        let mut conn = self.begin_read().await?;
        let (plan_id, _) = self.resolve_plan(&mut conn, organisation, plan).await?;
        read(&mut conn, plan_id).await
    }
}

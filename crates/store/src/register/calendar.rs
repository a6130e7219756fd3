//! The working-day calendar an organisation's deadlines are counted in: the
//! England and Wales bank holidays shipped in the core, with the holidays the
//! organisation has added (see migration 0320).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AnyConnection, Row};
use trustboard_core::calendar::{HolidayListError, WorkingCalendar};

use crate::accounts::timestamp_text;
use crate::connect::Store;
use crate::error::StoreError;

use super::error::RegisterError;
use super::figures::forget_figures;
use super::rows::{existing_organisation, organisation_id};

/// Holidays to add, as a `date,name` list (the format of the shipped one).
pub struct AddedHolidays<'a> {
    pub list: &'a str,
    pub added_by: &'a str,
    pub at: DateTime<Utc>,
}

/// Why a list of holidays was not added; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum HolidaysError {
    #[error(transparent)]
    List(#[from] HolidayListError),
    #[error(transparent)]
    Register(#[from] RegisterError),
}

impl From<StoreError> for HolidaysError {
    fn from(error: StoreError) -> Self {
        HolidaysError::Register(error.into())
    }
}

impl From<sqlx::Error> for HolidaysError {
    fn from(error: sqlx::Error) -> Self {
        HolidaysError::Register(error.into())
    }
}

pub(super) async fn calendar_of(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<WorkingCalendar, StoreError> {
    let rows = sqlx::query(
        "SELECT date, name FROM added_bank_holidays WHERE organisation_id = $1 ORDER BY date",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut added = String::new();
    for row in &rows {
        let date: String = row.try_get("date")?;
        let name: String = row.try_get("name")?;
        added.push_str(&format!("{date},{name}\n"));
    }
    WorkingCalendar::england_and_wales()
        .extended_with(&added)
        .map_err(|error| StoreError::Corrupt {
            column: "added_bank_holidays",
            value: error.value.clone(),
            reason: error.to_string(),
        })
}

impl Store {
    /// The organisation's working-day calendar; an organisation not yet in
    /// the database counts in the shipped one.
    pub async fn working_calendar(
        &self,
        organisation: &str,
    ) -> Result<WorkingCalendar, StoreError> {
        let mut conn = self.begin_read().await?;
        match organisation_id(&mut conn, organisation).await? {
            Some(id) => calendar_of(&mut conn, id).await,
            None => Ok(WorkingCalendar::england_and_wales()),
        }
    }

    /// Adds every holiday of `holidays.list` to the organisation's calendar
    /// (a date already there takes the new name), all or none; returns how
    /// many there were.
    pub async fn add_bank_holidays(
        &self,
        organisation: &str,
        holidays: &AddedHolidays<'_>,
    ) -> Result<usize, HolidaysError> {
        let listed = WorkingCalendar::weekends_only().extended_with(holidays.list)?;
        let entries = listed.bank_holidays(NaiveDate::MIN, NaiveDate::MAX);
        let mut tx = self.begin_write().await?;
        let organisation_id = existing_organisation(&mut tx, organisation).await?;
        for (date, name) in &entries {
            sqlx::query(
                "INSERT INTO added_bank_holidays (organisation_id, date, name, added_by, added_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (organisation_id, date) DO UPDATE SET name = excluded.name,
                     added_by = excluded.added_by, added_at = excluded.added_at",
            )
            .bind(organisation_id)
            .bind(date.to_string())
            .bind(*name)
            .bind(holidays.added_by)
            .bind(timestamp_text(holidays.at))
            .execute(&mut *tx)
            .await?;
        }
        // Working-day deadlines moved, so every CAF's timeliness may have.
        forget_figures(&mut tx, organisation_id).await?;
        tx.commit().await?;
        Ok(entries.len())
    }
}

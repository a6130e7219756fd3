//! `trustboard calendar`: the bank holidays working-day deadlines skip.

use std::path::PathBuf;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use trustboard_store::register::{AddedHolidays, HolidaysError};
use trustboard_store::Store;

use super::derive::organisation;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Add bank holidays from a `date,name` list (one a line, dates as
    /// YYYY-MM-DD), such as next years' or a newly announced one. All or none.
    Add {
        file: PathBuf,
        /// The organisation whose calendar it is; by default the only plan's organisation.
        #[arg(long)]
        org: Option<String>,
    },
    /// The bank holidays of one year.
    Show {
        year: i32,
        #[arg(long)]
        org: Option<String>,
    },
}

pub async fn calendar(store: &Store, command: CalendarCommand) -> anyhow::Result<()> {
    match command {
        CalendarCommand::Add { file, org } => {
            let organisation = organisation(store, org).await?;
            let list = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let holidays = AddedHolidays {
                list: &list,
                added_by: "command line",
                at: Utc::now(),
            };
            match store.add_bank_holidays(&organisation, &holidays).await {
                Ok(added) => {
                    out!("added {added} bank holidays to the calendar of {organisation}");
                    Ok(())
                }
                Err(HolidaysError::List(error)) => Err(anyhow::anyhow!(
                    "{}: {error}; nothing was added",
                    file.display()
                )),
                Err(error) => Err(error.into()),
            }
        }
        CalendarCommand::Show { year, org } => {
            let organisation = organisation(store, org).await?;
            let calendar = store.working_calendar(&organisation).await?;
            let (Some(first), Some(last)) = (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year, 12, 31),
            ) else {
                anyhow::bail!("{year} is not a year trustboard can count in");
            };
            let holidays = calendar.bank_holidays(first, last);
            if holidays.is_empty() {
                out!("no bank holidays known in {year}: only weekends are skipped; add them with `trustboard calendar add FILE`");
            }
            for (date, name) in holidays {
                out!("{date}  {name}");
            }
            Ok(())
        }
    }
}

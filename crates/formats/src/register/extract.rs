//! The register as flat CSV files for other tools (documented in
//! docs/FORMAT.md, "Register extract"): one row per child and one per event
//! (step), every value a plain code, ISO date or integer, with no names or
//! free text, and beside them the tables needed to compute the register's
//! measures: the localities and the working-day calendar.
//!
//! Parts of the files are made apart ([`ExtractPart`], on any thread) and
//! appended in order ([`ExtractWriter`]), so a register far bigger than
//! memory streams through.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use trustboard_core::calendar::WorkingCalendar;
use trustboard_core::register::{Child, Step};
use trustboard_core::spreadsheet::protect_cell;

use super::{date_text, gender_text, TableSpec};
use crate::ExportError;

pub const EXTRACT_CHILDREN: TableSpec = (
    "children.csv",
    &[
        "child",
        "locality",
        "opened",
        "date_of_birth",
        "gender",
        "family",
        "free_school_meals",
        "special_educational_needs",
        "looked_after",
        "young_carer",
    ],
);
pub const EXTRACT_EVENTS: TableSpec = (
    "events.csv",
    &[
        "child",
        "seq",
        "date",
        "step",
        "level",
        "need_identified",
        "referral_date",
        "agency",
        "practitioner",
    ],
);
pub const EXTRACT_LOCALITIES: TableSpec = ("localities.csv", &["locality"]);
pub const EXTRACT_WORKING_DAYS: TableSpec = (
    "working_days.csv",
    &["date", "working_day", "working_days_so_far", "bank_holiday"],
);

/// One child with their steps in order, as the extract reads them.
#[derive(Debug, Clone, Copy)]
pub struct ExtractChild<'a> {
    pub child: &'a Child,
    pub opened: NaiveDate,
    pub steps: &'a [Step],
}

/// Rows of `children.csv` and `events.csv` for some children, without headings.
#[derive(Debug, Default)]
pub struct ExtractPart {
    children: Vec<u8>,
    events: Vec<u8>,
}

fn flag(value: bool) -> &'static str {
    if value {
        "1"
    } else {
        "0"
    }
}

/// A text cell, kept from running as a formula where a spreadsheet opens it.
fn text(value: &str) -> String {
    protect_cell(value).into_owned()
}

/// The cells of an event beyond child, seq, date and step: the level set, the
/// day a CAF's need was identified, the day of a safeguarding referral, the
/// agency raising a concern or becoming involved, and the practitioner acting.
fn event_detail(step: &Step) -> [String; 5] {
    let none = String::new;
    match step {
        Step::RecordConcern(concern) => [none(), none(), none(), text(&concern.agency.0), none()],
        Step::RecordInvolvement(involvement) => [
            none(),
            none(),
            none(),
            text(&involvement.agency.0),
            involvement
                .practitioner
                .as_ref()
                .map_or_else(none, |p| text(&p.id.0)),
        ],
        Step::SetLevel { change, referral } => [
            change.level.number().to_string(),
            none(),
            date_text(referral.as_ref().map(|r| r.date)),
            none(),
            text(&change.set_by.id.0),
        ],
        Step::StartCaf(start) => [
            none(),
            date_text(Some(start.need_identified)),
            none(),
            none(),
            text(&start.assessor.id.0),
        ],
        Step::AssignLeadProfessional { practitioner, .. } => {
            [none(), none(), none(), none(), text(&practitioner.id.0)]
        }
        Step::ReferToSafeguarding(referral) => [
            none(),
            none(),
            date_text(Some(referral.date)),
            none(),
            text(&referral.referred_by.id.0),
        ],
        _ => [none(), none(), none(), none(), none()],
    }
}

impl ExtractPart {
    pub fn of<'a>(
        children: impl IntoIterator<Item = ExtractChild<'a>>,
    ) -> Result<ExtractPart, ExportError> {
        let mut child_rows = csv::Writer::from_writer(Vec::new());
        let mut event_rows = csv::Writer::from_writer(Vec::new());
        for ExtractChild {
            child,
            opened,
            steps,
        } in children
        {
            let reference = text(&child.id.0);
            let flags = &child.flags;
            child_rows.write_record([
                reference.as_str(),
                &text(child.locality.as_deref().unwrap_or_default()),
                &date_text(Some(opened)),
                &date_text(child.date_of_birth),
                gender_text(child.gender),
                &text(child.family.as_deref().unwrap_or_default()),
                flag(flags.free_school_meals),
                flag(flags.special_educational_needs),
                flag(flags.looked_after),
                flag(flags.young_carer),
            ])?;
            for (seq, step) in (1..).zip(steps) {
                let seq: u64 = seq;
                let [level, need, referral, agency, practitioner] = event_detail(step);
                event_rows.write_record([
                    reference.as_str(),
                    &seq.to_string(),
                    &date_text(Some(step.date())),
                    step.kind(),
                    &level,
                    &need,
                    &referral,
                    &agency,
                    &practitioner,
                ])?;
            }
        }
        let bytes = |writer: csv::Writer<Vec<u8>>| {
            writer
                .into_inner()
                .map_err(|error| ExportError::Unsupported(error.to_string()))
        };
        Ok(ExtractPart {
            children: bytes(child_rows)?,
            events: bytes(event_rows)?,
        })
    }
}

/// The extract being written into one directory.
#[derive(Debug)]
pub struct ExtractWriter {
    children: (PathBuf, BufWriter<File>),
    events: (PathBuf, BufWriter<File>),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a whole small table.
fn write_table(
    dir: &Path,
    (name, headings): TableSpec,
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<(), ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headings)?;
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| ExportError::Unsupported(error.to_string()))?;
    let path = dir.join(name);
    fs::write(&path, bytes).map_err(io_error(&path))
}

/// Opens a table for appending parts, its header row written.
fn open_table(
    dir: &Path,
    (name, headings): TableSpec,
) -> Result<(PathBuf, BufWriter<File>), ExportError> {
    let path = dir.join(name);
    let mut file = BufWriter::new(File::create(&path).map_err(io_error(&path))?);
    writeln!(file, "{}", headings.join(",")).map_err(io_error(&path))?;
    Ok((path, file))
}

impl ExtractWriter {
    /// Creates `dir` if need be and writes the localities and the working
    /// days from `from` to `to` by `calendar`; children and events follow
    /// with [`ExtractWriter::append`].
    pub fn create(
        dir: &Path,
        localities: &[String],
        calendar: &WorkingCalendar,
        (from, to): (NaiveDate, NaiveDate),
    ) -> Result<ExtractWriter, ExportError> {
        fs::create_dir_all(dir).map_err(io_error(dir))?;
        write_table(
            dir,
            EXTRACT_LOCALITIES,
            localities.iter().map(|name| vec![text(name)]),
        )?;
        let mut so_far = 0u64;
        let days = from.iter_days().take_while(|day| *day <= to).map(|day| {
            let working = calendar.is_working_day(day);
            so_far += u64::from(working);
            vec![
                date_text(Some(day)),
                flag(working).to_string(),
                so_far.to_string(),
                flag(calendar.bank_holiday(day).is_some()).to_string(),
            ]
        });
        write_table(dir, EXTRACT_WORKING_DAYS, days)?;
        Ok(ExtractWriter {
            children: open_table(dir, EXTRACT_CHILDREN)?,
            events: open_table(dir, EXTRACT_EVENTS)?,
        })
    }

    /// Appends a part's rows after those already written.
    pub fn append(&mut self, part: &ExtractPart) -> Result<(), ExportError> {
        for ((path, file), bytes) in [
            (&mut self.children, &part.children),
            (&mut self.events, &part.events),
        ] {
            file.write_all(bytes).map_err(io_error(path))?;
        }
        Ok(())
    }

    /// Flushes the files to disk.
    pub fn finish(self) -> Result<(), ExportError> {
        for (path, file) in [self.children, self.events] {
            file.into_inner()
                .map_err(|error| error.into_error())
                .and_then(|file| file.sync_all())
                .map_err(io_error(&path))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trustboard_core::register::{ChildFlags, ChildId, Gender, Level};

    fn kingston_child() -> Child {
        Child {
            id: ChildId::new("K00001"),
            organisation: "Kingston".into(),
            name: "Amelia Smith".into(),
            date_of_birth: NaiveDate::from_ymd_opt(2004, 5, 17),
            gender: Gender::Female,
            ethnicity: Some("Mixed".into()),
            setting: Some("Tolworth Infants".into()),
            locality: Some("Surbiton".into()),
            family: Some("F00001".into()),
            flags: ChildFlags {
                free_school_meals: true,
                ..ChildFlags::default()
            },
        }
    }

    #[test]
    fn children_and_events_are_codes_dates_and_integers_without_names() {
        let child = kingston_child();
        let on = NaiveDate::from_ymd_opt(2010, 1, 4).expect("a date");
        let practitioner = trustboard_core::register::Practitioner {
            id: trustboard_core::register::PractitionerId::new("early_help-1"),
            name: "Early help coordination 1".into(),
            agency: trustboard_core::register::AgencyId::new("early_help"),
        };
        let steps = [Step::SetLevel {
            change: trustboard_core::register::LevelChange {
                level: Level::FamilySupportPackage,
                date: on,
                set_by: practitioner,
                reason: "Agreed at the locality panel".into(),
            },
            referral: None,
        }];
        let dir = tempfile::tempdir().expect("a directory");
        let mut writer = ExtractWriter::create(
            dir.path(),
            &["Surbiton".to_string()],
            &WorkingCalendar::england_and_wales(),
            (on, on),
        )
        .expect("created");
        let part = ExtractPart::of([ExtractChild {
            child: &child,
            opened: on,
            steps: &steps,
        }])
        .expect("a part");
        writer.append(&part).expect("appended");
        writer.finish().expect("finished");
        let read = |name: &str| fs::read_to_string(dir.path().join(name)).expect(name);
        assert_eq!(
            read("children.csv"),
            "child,locality,opened,date_of_birth,gender,family,free_school_meals,\
             special_educational_needs,looked_after,young_carer\n\
             K00001,Surbiton,2010-01-04,2004-05-17,female,F00001,1,0,0,0\n"
        );
        assert_eq!(
            read("events.csv"),
            "child,seq,date,step,level,need_identified,referral_date,agency,practitioner\n\
             K00001,1,2010-01-04,set_level,3,,,,early_help-1\n"
        );
        assert!(!read("children.csv").contains("Amelia"));
    }

    #[test]
    fn working_days_count_weekdays_that_are_not_bank_holidays() {
        let dir = tempfile::tempdir().expect("a directory");
        // Friday 1 April 2011 to Tuesday 5 April; no bank holiday.
        let from = NaiveDate::from_ymd_opt(2011, 4, 1).expect("a date");
        let to = NaiveDate::from_ymd_opt(2011, 4, 5).expect("a date");
        ExtractWriter::create(
            dir.path(),
            &[],
            &WorkingCalendar::england_and_wales(),
            (from, to),
        )
        .expect("created")
        .finish()
        .expect("finished");
        let days = fs::read_to_string(dir.path().join("working_days.csv")).expect("read");
        assert_eq!(
            days,
            "date,working_day,working_days_so_far,bank_holiday\n\
             2011-04-01,1,1,0\n2011-04-02,0,1,0\n2011-04-03,0,1,0\n\
             2011-04-04,1,2,0\n2011-04-05,1,3,0\n"
        );
        // Good Friday 2011 was 22 April.
        let good_friday = NaiveDate::from_ymd_opt(2011, 4, 22).expect("a date");
        let dir = tempfile::tempdir().expect("a directory");
        ExtractWriter::create(
            dir.path(),
            &[],
            &WorkingCalendar::england_and_wales(),
            (good_friday, good_friday),
        )
        .expect("created")
        .finish()
        .expect("finished");
        let days = fs::read_to_string(dir.path().join("working_days.csv")).expect("read");
        assert!(days.ends_with("2011-04-22,0,0,1\n"), "{days}");
    }
}

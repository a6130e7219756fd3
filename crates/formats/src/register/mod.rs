//! The early-help register as four tables, for moving a register in and out
//! (documented in docs/FORMAT.md, "Register tables"): four CSV files in one
//! directory ([`read_register_dir`]) or one XLSX workbook with a sheet per
//! table, named as the file without `.csv` ([`read_register_xlsx`]):
//!
//! - `agencies.csv`: `agency, name`
//! - `practitioners.csv`: `practitioner, name, agency`
//! - `children.csv`: `child, name, date_of_birth, gender, ethnicity, setting,
//!   locality, family, free_school_meals, special_educational_needs,
//!   looked_after, young_carer, opened`
//! - `steps.csv`: `child, date, step, details`, one row per step in the order
//!   they happened; `details` holds the step's fields as JSON.
//!
//! Errors name the file (and sheet), line or row, column, field and the text found.

mod csv_dir;
mod extract;
mod workbook;

pub use csv_dir::{read_register_dir, write_register_dir};
pub use extract::{
    ExtractChild, ExtractPart, ExtractWriter, EXTRACT_CHILDREN, EXTRACT_EVENTS, EXTRACT_LOCALITIES,
    EXTRACT_WORKING_DAYS,
};
pub use workbook::{read_register_xlsx, read_register_xlsx_file, register_xlsx_bytes};

use chrono::NaiveDate;
use trustboard_core::register::{
    Agency, AgencyId, Child, ChildFlags, ChildId, Gender, Practitioner, PractitionerId, Step,
};

use crate::{ExportError, ImportError};

/// A table: its CSV file name and its headings, in order.
pub type TableSpec = (&'static str, &'static [&'static str]);

/// The tables in the order they are read and written.
pub const TABLES: [TableSpec; 4] = [AGENCIES, PRACTITIONERS, CHILDREN, STEPS];

/// The worksheet holding `table` in a workbook: `children.csv` is `children`.
pub fn sheet_name((file, _): TableSpec) -> &'static str {
    file.trim_end_matches(".csv")
}

pub const AGENCIES: TableSpec = ("agencies.csv", &["agency", "name"]);
pub const PRACTITIONERS: TableSpec = ("practitioners.csv", &["practitioner", "name", "agency"]);
pub const CHILDREN: TableSpec = (
    "children.csv",
    &[
        "child",
        "name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "setting",
        "locality",
        "family",
        "free_school_meals",
        "special_educational_needs",
        "looked_after",
        "young_carer",
        "opened",
    ],
);
pub const STEPS: TableSpec = ("steps.csv", &["child", "date", "step", "details"]);

/// A child and the day they were put on the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildEntry {
    pub child: Child,
    pub opened: NaiveDate,
}

/// One step and where it was read from, so that a refusal can name the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepEntry {
    pub file: String,
    pub line: usize,
    pub child: ChildId,
    pub step: Step,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterTables {
    pub agencies: Vec<Agency>,
    pub practitioners: Vec<Practitioner>,
    pub children: Vec<ChildEntry>,
    pub steps: Vec<StepEntry>,
}

/// One row's cells, with what is needed to say where a bad one is.
struct Row {
    /// The file, or the workbook and sheet, in messages.
    file: String,
    line: usize,
    headings: &'static [&'static str],
    cells: Vec<String>,
}

impl Row {
    fn error(&self, column: usize, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.file.clone(),
            line: self.line,
            column: column + 1,
            field: Some(self.headings[column].to_string()),
            text: Some(self.cells[column].clone()),
            message: message.into(),
        }
    }

    fn text(&self, column: usize) -> String {
        self.cells[column].trim().to_string()
    }

    fn optional(&self, column: usize) -> Option<String> {
        Some(self.text(column)).filter(|text| !text.is_empty())
    }

    fn required(&self, column: usize) -> Result<String, ImportError> {
        self.optional(column)
            .ok_or_else(|| self.error(column, "this column must not be empty"))
    }

    fn date(&self, column: usize) -> Result<Option<NaiveDate>, ImportError> {
        self.optional(column)
            .map(|text| {
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|_| self.error(column, "write dates as YYYY-MM-DD"))
            })
            .transpose()
    }

    fn yes_no(&self, column: usize) -> Result<bool, ImportError> {
        match self.text(column).to_ascii_lowercase().as_str() {
            "yes" => Ok(true),
            "no" | "" => Ok(false),
            _ => Err(self.error(column, "write yes or no")),
        }
    }
}

fn gender(row: &Row, column: usize) -> Result<Gender, ImportError> {
    match row.text(column).as_str() {
        "female" => Ok(Gender::Female),
        "male" => Ok(Gender::Male),
        "other" => Ok(Gender::Other),
        "" | "not_recorded" => Ok(Gender::NotRecorded),
        _ => Err(row.error(column, "write female, male, other or not_recorded")),
    }
}

fn gender_text(gender: Gender) -> &'static str {
    match gender {
        Gender::Female => "female",
        Gender::Male => "male",
        Gender::Other => "other",
        Gender::NotRecorded => "not_recorded",
    }
}

fn step(row: &Row) -> Result<Step, ImportError> {
    let kind = row.required(2)?;
    let details = row.required(3)?;
    let mut value: serde_json::Value = serde_json::from_str(&details)
        .map_err(|error| row.error(3, format!("the details are not JSON: {error}")))?;
    let Some(fields) = value.as_object_mut() else {
        return Err(row.error(3, "the details must be a JSON object"));
    };
    fields.insert("step".into(), serde_json::Value::String(kind));
    let step: Step = serde_json::from_value(value)
        .map_err(|error| row.error(3, format!("these are not the details of the step: {error}")))?;
    let date = row.date(1)?;
    if date != Some(step.date()) {
        return Err(row.error(1, format!("the details date the step {}", step.date())));
    }
    Ok(step)
}

/// Reads the four tables, each table's rows from `rows_of`. `organisation`
/// is the partnership whose register they are.
fn read_tables(
    mut rows_of: impl FnMut(TableSpec) -> Result<Vec<Row>, ImportError>,
    organisation: &str,
) -> Result<RegisterTables, ImportError> {
    let agencies = rows_of(AGENCIES)?
        .iter()
        .map(|row| {
            Ok(Agency {
                id: AgencyId::new(row.required(0)?),
                name: row.required(1)?,
                organisation: organisation.to_string(),
            })
        })
        .collect::<Result<_, ImportError>>()?;
    let practitioners = rows_of(PRACTITIONERS)?
        .iter()
        .map(|row| {
            Ok(Practitioner {
                id: PractitionerId::new(row.required(0)?),
                name: row.required(1)?,
                agency: AgencyId::new(row.required(2)?),
            })
        })
        .collect::<Result<_, ImportError>>()?;
    let children = rows_of(CHILDREN)?
        .iter()
        .map(|row| {
            Ok(ChildEntry {
                child: Child {
                    id: ChildId::new(row.required(0)?),
                    organisation: organisation.to_string(),
                    name: row.required(1)?,
                    date_of_birth: row.date(2)?,
                    gender: gender(row, 3)?,
                    ethnicity: row.optional(4),
                    setting: row.optional(5),
                    locality: row.optional(6),
                    family: row.optional(7),
                    flags: ChildFlags {
                        free_school_meals: row.yes_no(8)?,
                        special_educational_needs: row.yes_no(9)?,
                        looked_after: row.yes_no(10)?,
                        young_carer: row.yes_no(11)?,
                    },
                },
                opened: row
                    .date(12)?
                    .ok_or_else(|| row.error(12, "this column must not be empty"))?,
            })
        })
        .collect::<Result<_, ImportError>>()?;
    let steps = rows_of(STEPS)?
        .iter()
        .map(|row| {
            Ok(StepEntry {
                file: row.file.clone(),
                line: row.line,
                child: ChildId::new(row.required(0)?),
                step: step(row)?,
            })
        })
        .collect::<Result<_, ImportError>>()?;
    Ok(RegisterTables {
        agencies,
        practitioners,
        children,
        steps,
    })
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn yes_no_text(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

fn step_cells(child: &ChildId, step: &Step) -> Result<Vec<String>, ExportError> {
    let mut value = serde_json::to_value(step)?;
    let kind = value
        .as_object_mut()
        .and_then(|fields| fields.remove("step"))
        .and_then(|kind| kind.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(vec![
        child.0.clone(),
        date_text(Some(step.date())),
        kind,
        serde_json::to_string(&value)?,
    ])
}

/// Each table's rows as text, in the order of [`TABLES`].
fn table_cells(tables: &RegisterTables) -> Result<[Vec<Vec<String>>; 4], ExportError> {
    let agencies = tables
        .agencies
        .iter()
        .map(|a| vec![a.id.0.clone(), a.name.clone()])
        .collect();
    let practitioners = tables
        .practitioners
        .iter()
        .map(|p| vec![p.id.0.clone(), p.name.clone(), p.agency.0.clone()])
        .collect();
    let children = tables
        .children
        .iter()
        .map(|entry| {
            let c = &entry.child;
            vec![
                c.id.0.clone(),
                c.name.clone(),
                date_text(c.date_of_birth),
                gender_text(c.gender).to_string(),
                c.ethnicity.clone().unwrap_or_default(),
                c.setting.clone().unwrap_or_default(),
                c.locality.clone().unwrap_or_default(),
                c.family.clone().unwrap_or_default(),
                yes_no_text(c.flags.free_school_meals),
                yes_no_text(c.flags.special_educational_needs),
                yes_no_text(c.flags.looked_after),
                yes_no_text(c.flags.young_carer),
                date_text(Some(entry.opened)),
            ]
        })
        .collect();
    let steps = tables
        .steps
        .iter()
        .map(|entry| step_cells(&entry.child, &entry.step))
        .collect::<Result<Vec<_>, _>>()?;
    Ok([agencies, practitioners, children, steps])
}

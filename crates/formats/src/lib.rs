//! Reading and writing plans.
//!
//! - [`canonical`]: trustboard's own format, in CSV, XLSX and JSON; what
//!   `trustboard export` writes and `trustboard import` reads back unchanged.
//! - [`documents`]: tables as they come out of published plan documents
//!   (tab-separated rows, HTML list markup in cells, repeated header rows).
//!
//! Every reader returns a [`trustboard_core::model::PlanDocument`] or an
//! [`ImportError`] that names the file, line, column and offending text.
//! Every plan read is checked as a whole ([`canonical::validate`]) before it
//! is handed over.

pub mod canonical;
pub mod documents;
mod error;
pub mod register;
pub mod returns;
pub mod tables;
mod workbook_reader;

use std::fs;
use std::path::Path;

/// What the caller knows about the plan being imported, for inputs that do
/// not say themselves (a lone `observations.csv`, a document table). Where an
/// input does name its plan, it must agree with these.
pub use documents::Hints;
pub use error::{ExportError, ImportError};
use trustboard_core::model::PlanDocument;
use trustboard_core::projects::Project;
use trustboard_core::resources::ResourceTable;

use canonical::{Partial, Table, Tables};

/// The encodings trustboard reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Canonical CSV: a directory of table files, or one table file.
    Csv,
    /// Canonical XLSX workbook.
    Xlsx,
    /// Canonical JSON plan document.
    Json,
    /// Tab-separated tables copied from a published plan document (read only).
    Document,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Csv, Format::Xlsx, Format::Json, Format::Document];

    /// The format called `name` (`csv`, `xlsx`, `json`, `document`), in any letter case.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Json => "json",
            Format::Document => "document",
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Works out a file's format from its content: a zip archive is XLSX, text
/// starting with `{` is JSON, text whose first row holds the headings of a
/// canonical table (or a `.csv` file without tabs in its first row) is CSV,
/// and other text is a published-document table.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, ImportError> {
    let file = path.display().to_string();
    let extension = extension(path);
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Format::Xlsx);
    }
    if extension.as_deref() == Some("xlsx") && !bytes.is_empty() {
        return Err(ImportError::whole_file(
            &file,
            "the file is named .xlsx but is not an XLSX workbook (it does not start as a zip archive does)",
        ));
    }
    let text = canonical::utf8(&file, bytes)?;
    if text.trim_start().starts_with('{') {
        return Ok(Format::Json);
    }
    let first_line = text.lines().next().unwrap_or_default();
    let headings = first_row(text);
    // Document tables are tab-separated; canonical headings never hold a tab.
    let named_csv = extension.as_deref() == Some("csv") && !first_line.contains('\t');
    if Table::recognise(&headings).is_some() || named_csv {
        return Ok(Format::Csv);
    }
    Ok(Format::Document)
}

/// Whether a file given without a format is a council's own performance
/// table ([`tables`]) rather than a plan in the canonical format: a `.csv`
/// whose first row is not a canonical table's headings and whose name is not
/// a table's (`observations.csv`), any `.tsv` or `.tab`, or an XLSX workbook
/// with a worksheet not named after a canonical table (or `resources`). Other files (JSON,
/// documents saved as text) are never taken for such a table.
pub fn is_council_table(path: &Path, bytes: &[u8]) -> Result<bool, ImportError> {
    let file = path.display().to_string();
    match tables::Encoding::of(&file, bytes) {
        tables::Encoding::Xlsx => {
            let names = workbook_reader::worksheet_names(&file, bytes)?;
            let canonical = |name: &str| {
                Table::from_name(name).is_some()
                    || name.trim().eq_ignore_ascii_case(canonical::RESOURCES)
            };
            Ok(names.iter().any(|name| !canonical(name)))
        }
        tables::Encoding::Tsv => Ok(true),
        tables::Encoding::Csv => {
            let named = path
                .file_stem()
                .and_then(|s| Table::from_name(&s.to_string_lossy()))
                .is_some();
            let headings = first_row(canonical::utf8(&file, bytes)?);
            Ok(!named
                && Table::recognise(&headings).is_none()
                && !canonical::is_resources_header(&headings))
        }
        tables::Encoding::Text => Ok(false),
    }
}

/// The cells of a CSV text's first row.
fn first_row(text: &str) -> Vec<String> {
    let first_line = text.lines().next().unwrap_or_default();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first_line.as_bytes())
        .records()
        .next()
        .and_then(Result::ok)
        .map(|record| record.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Reads one input: a file of any format, or a directory of canonical CSV files.
pub fn read_path(
    path: &Path,
    format: Option<Format>,
    hints: &Hints,
) -> Result<PlanDocument, ImportError> {
    read_paths(&[path], format, hints)
}

/// Reads several inputs as one plan. Inputs that name their plan must all name
/// the same one.
pub fn read_paths<P: AsRef<Path>>(
    paths: &[P],
    format: Option<Format>,
    hints: &Hints,
) -> Result<PlanDocument, ImportError> {
    read_paths_with_tables(paths, format, hints).map(|(plan, _)| plan)
}

/// As [`read_paths`], also saying which tables the inputs supplied: a plan
/// read from a lone `observations.csv` has no indicators because none were
/// given, not because the plan has none.
pub fn read_paths_with_tables<P: AsRef<Path>>(
    paths: &[P],
    format: Option<Format>,
    hints: &Hints,
) -> Result<(PlanDocument, Tables), ImportError> {
    let reading = Reading::of(paths, format, hints)?;
    let tables = reading.partial.tables;
    Ok((reading.finish()?, tables))
}

/// Files read but not yet checked as a plan: either they hold a whole plan,
/// or only some of its tables, to be laid over the plan already stored.
pub struct Reading {
    partial: Partial,
    hints: Hints,
}

impl Reading {
    pub fn of<P: AsRef<Path>>(
        paths: &[P],
        format: Option<Format>,
        hints: &Hints,
    ) -> Result<Reading, ImportError> {
        if paths.is_empty() {
            return Err(ImportError::whole_file("", "no file was given to import"));
        }
        let mut partial = Partial::default();
        for path in paths {
            partial.absorb(read_partial(path.as_ref(), format, hints)?)?;
        }
        Ok(Reading {
            partial,
            hints: hints.clone(),
        })
    }

    /// Whether the files hold every table of a plan.
    pub fn is_whole(&self) -> bool {
        self.partial.is_whole()
    }

    /// The organisation and plan named by the files or the hints.
    pub fn names(&self) -> (Option<String>, Option<String>) {
        self.partial.names(&self.hints)
    }

    /// What the readers kept but want a person to look at.
    pub fn warnings(&self) -> &[documents::Warning] {
        &self.partial.warnings
    }

    /// The budget and staffing tables the files hold beside the plan.
    pub fn resources(&self) -> &[ResourceTable] {
        &self.partial.resources
    }

    /// The projects and key actions the files hold beside the plan.
    pub fn projects(&self) -> &[Project] {
        &self.partial.projects
    }

    /// The plan the files describe, checked as a whole.
    pub fn finish(self) -> Result<PlanDocument, ImportError> {
        self.partial.finish(&self.hints)
    }

    /// The stored plan with the files' rows laid over it, checked as a whole.
    pub fn finish_onto(self, stored: &PlanDocument) -> Result<PlanDocument, ImportError> {
        self.partial.finish_onto(&self.hints, stored)
    }
}

/// Reads one input already in memory (an upload); `name` is used in messages
/// and, for a lone CSV table, to tell which table it is.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    hints: &Hints,
) -> Result<PlanDocument, ImportError> {
    from_bytes(Path::new(name), bytes, format, hints)?.finish(hints)
}

fn read_partial(
    path: &Path,
    format: Option<Format>,
    hints: &Hints,
) -> Result<Partial, ImportError> {
    let file = path.display().to_string();
    if path.is_dir() {
        return match format {
            None | Some(Format::Csv) => read_csv_dir(path),
            Some(other) => Err(ImportError::whole_file(
                &file,
                format!(
                    "this is a directory; only the csv format is read from a directory, not {}",
                    other.name()
                ),
            )),
        };
    }
    let bytes = fs::read(path)
        .map_err(|e| ImportError::whole_file(&file, format!("cannot read the file: {e}")))?;
    from_bytes(path, &bytes, format, hints)
}

fn read_csv_dir(dir: &Path) -> Result<Partial, ImportError> {
    let mut plan = Partial::default();
    let mut found = false;
    let read = |path: &Path, table: Option<Table>| -> Result<Partial, ImportError> {
        let file = path.display().to_string();
        let bytes = fs::read(path)
            .map_err(|e| ImportError::whole_file(&file, format!("cannot read the file: {e}")))?;
        canonical::read_csv(&file, canonical::utf8(&file, &bytes)?, table)
    };
    for table in Table::ALL {
        let path = dir.join(table.file_name());
        if path.is_file() {
            found = true;
            plan.absorb(read(&path, Some(table))?)?;
        }
    }
    // The budget and staffing tables ride beside the plan's own files.
    let resources = dir.join(format!("{}.csv", canonical::RESOURCES));
    if found && resources.is_file() {
        plan.absorb(read(&resources, None)?)?;
    }
    if !found {
        let names: Vec<String> = Table::ALL.iter().map(|t| t.file_name()).collect();
        let message = format!(
            "the directory holds none of the canonical files ({})",
            names.join(", ")
        );
        return Err(ImportError::whole_file(&dir.display().to_string(), message));
    }
    Ok(plan)
}

fn from_bytes(
    path: &Path,
    bytes: &[u8],
    format: Option<Format>,
    hints: &Hints,
) -> Result<Partial, ImportError> {
    let file = path.display().to_string();
    let format = match format {
        Some(format) => format,
        None => detect(path, bytes)?,
    };
    match format {
        Format::Xlsx => canonical::read_xlsx(&file, bytes),
        Format::Csv => {
            let named = path
                .file_stem()
                .and_then(|s| Table::from_name(&s.to_string_lossy()));
            canonical::read_csv(&file, canonical::utf8(&file, bytes)?, named)
        }
        Format::Json => canonical::read_json(&file, canonical::utf8(&file, bytes)?),
        Format::Document => {
            let text = canonical::utf8(&file, bytes)?;
            let (doc, mut warnings) = documents::read_with_warnings(text, &file, hints)?;
            let (resources, resource_warnings) = documents::read_resources(text, &file);
            warnings.extend(resource_warnings);
            let (projects, project_warnings) = documents::read_projects(text, &file);
            warnings.extend(project_warnings);
            let mut partial = Partial::whole(doc, &file);
            partial.warnings = warnings;
            partial.resources = resources;
            partial.projects = projects;
            Ok(partial)
        }
    }
}

/// Writes a plan in a canonical encoding: CSV into the directory `out`, XLSX
/// or JSON into the file `out`.
pub fn write(doc: &PlanDocument, format: Format, out: &Path) -> Result<(), ExportError> {
    write_with_resources(doc, &[], format, out)
}

/// As [`write`], with the plan's budget and staffing tables: `resources.csv`
/// beside the CSV files or a `resources` worksheet. JSON carries the plan alone.
pub fn write_with_resources(
    doc: &PlanDocument,
    tables: &[ResourceTable],
    format: Format,
    out: &Path,
) -> Result<(), ExportError> {
    let bytes =
        match format {
            Format::Csv => return canonical::write_csv_dir(doc, tables, out),
            Format::Xlsx => canonical::xlsx_bytes(doc, tables)?,
            Format::Json => canonical::json_bytes(doc)?,
            Format::Document => return Err(ExportError::Unsupported(
                "published-document tables are read, never written; export as csv, xlsx or json"
                    .to_string(),
            )),
        };
    fs::write(out, bytes).map_err(|source| ExportError::Io {
        path: out.to_path_buf(),
        source,
    })
}

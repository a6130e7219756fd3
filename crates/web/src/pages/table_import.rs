//! Importing a council's performance table in the browser, as
//! `trustboard import FILE --format table` does on the command line: upload
//! the file, see how each column was read with the first rows' values,
//! correct any column's reading, choose the plan, import. Where the heading
//! row cannot be found (or the person asks), the first lines are shown to
//! choose the line that holds the headings, as `--heading-line` does.
//!
//! The uploaded file travels with the preview form (base64 in a hidden
//! field), so nothing is kept on the server between the steps and a
//! correction is checked against the same bytes that are imported. The
//! corrections are a column mapping as `--columns-file` reads it; saved, it
//! is offered for the organisation's next table.

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::{Field, Multipart};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use trustboard_core::model::PlanDocument;
use trustboard_core::plan_diff::EntityCounts;
use trustboard_formats::tables::{
    first_lines, no_heading_row, ColumnReading, Mapping, Options, Reading, Table, READINGS,
};
use trustboard_formats::{Hints, ImportError};
use trustboard_store::audit::AuditAction;
use trustboard_store::{ImportOptions, ImportReport, PlanHandle};

use super::work::audit_entry;
use crate::authz::{may_see_organisation, ImportTables};
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::navigation::{plan_path, Crumb, Nav};
use crate::session::{secrets_match, Authorised, ClientAddress, CurrentUser};
use crate::state::AppState;
use crate::templates::render;

/// The largest table file accepted. Councils' performance tables are a few
/// hundred kilobytes at most; the command line takes larger files.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

/// The request limit of the upload: the file and the form's other fields.
pub const UPLOAD_REQUEST_BYTES: usize = MAX_UPLOAD_BYTES + 64 * 1024;

/// The request limit of the preview form, which carries the file as base64
/// (a third larger) beside every column's reading.
pub const PREVIEW_REQUEST_BYTES: usize = 2 * MAX_UPLOAD_BYTES;

/// How many rows under the heading the preview shows.
const PREVIEW_ROWS: usize = 5;

/// How many of the file's first lines are offered as the heading line.
const HEADING_CHOICES: usize = 15;

/// A problem shown in the error summary and beside its field.
pub struct Problem {
    /// The id of the field it concerns, for the summary's link.
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Template)]
#[template(path = "table_upload.html")]
struct UploadPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    organisation: String,
    limit: String,
    /// The organisation's saved mapping, if it has one.
    saved_mapping: Option<String>,
    errors: Vec<Problem>,
}

/// A reading the person may choose for a column.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One column as the preview shows it.
struct ColumnView {
    /// Names the column's fields: `{sheet}-{column}`.
    key: String,
    sheet: String,
    column: usize,
    heading: String,
    /// How it is read, in words; `None` while undecided.
    meaning: Option<String>,
    mapped: bool,
    choices: Vec<Choice>,
    period: String,
    /// Its cells in the first rows.
    values: Vec<String>,
    error: Option<String>,
}

/// One of the file's first lines, offered as the heading line.
struct LineChoice {
    number: usize,
    /// Its cells, as many as the widest line's.
    cells: Vec<String>,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "table_heading.html")]
struct HeadingPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    organisation: String,
    file_name: String,
    content: String,
    /// Why the person is asked.
    note: Option<String>,
    headers: Vec<String>,
    lines: Vec<LineChoice>,
    /// What was wrong with the line chosen.
    error: Option<String>,
    errors: Vec<Problem>,
}

/// The file as the person is asked which of its lines holds the headings.
struct Uploaded<'f> {
    file_name: &'f str,
    bytes: &'f [u8],
    /// The bytes as the forms carry them.
    content: String,
}

impl Uploaded<'_> {
    /// The page choosing the heading line among the file's first lines;
    /// `None` when no line holds anything.
    fn heading_page(
        &self,
        current: &CurrentUser,
        chosen: Option<usize>,
        note: Option<String>,
        error: Option<String>,
    ) -> Option<HeadingPage> {
        let lines = first_lines(self.file_name, self.bytes, None, HEADING_CHOICES).ok()?;
        let width = lines.iter().map(|(_, cells)| cells.len()).max()?;
        let headers = std::iter::once("Line".to_string())
            .chain((1..=width).map(|column| format!("Col {column}")))
            .collect();
        let lines = lines
            .into_iter()
            .map(|(number, mut cells)| {
                cells.resize(width, String::new());
                LineChoice {
                    number,
                    cells,
                    chosen: chosen == Some(number),
                }
            })
            .collect();
        let errors = error
            .iter()
            .map(|message| Problem::new("heading_line", message.clone()))
            .collect();
        Some(HeadingPage {
            nav: current.nav(),
            breadcrumbs: breadcrumbs(),
            organisation: current.user.organisation.name.clone(),
            file_name: self.file_name.to_string(),
            content: self.content.clone(),
            note,
            headers,
            lines,
            error,
            errors,
        })
    }
}

struct PlanOption {
    id: i64,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "table_preview.html")]
struct PreviewPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    organisation: String,
    file_name: String,
    content: String,
    /// The heading line the person chose; found by the reader when `None`.
    heading_line: Option<usize>,
    /// Undecided columns first, then the rest in order.
    columns: Vec<ColumnView>,
    undecided: usize,
    /// The lines the first rows came from.
    lines: Vec<usize>,
    plans: Vec<PlanOption>,
    into_existing: bool,
    new_plan_name: String,
    save_mapping: bool,
    /// Said when the saved mapping did not fit this file.
    mapping_note: Option<String>,
    errors: Vec<Problem>,
}

impl PreviewPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// A warning as the result page lists it.
struct WarningRow {
    place: String,
    column: String,
    value: String,
    message: String,
}

#[derive(Template)]
#[template(path = "table_imported.html")]
struct ImportedPage {
    nav: Nav,
    breadcrumbs: Vec<Crumb>,
    file_name: String,
    plan_name: String,
    plan_href: Option<String>,
    report: ImportReport,
    /// What was added, changed, left and retired, by kind.
    counts: Vec<(&'static str, EntityCounts)>,
    warnings: Vec<WarningRow>,
    mapping_saved: bool,
}

fn breadcrumbs() -> Vec<Crumb> {
    vec![Crumb::new("Plans", "/")]
}

fn megabytes(bytes: usize) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

async fn upload_page(
    state: &AppState,
    current: &CurrentUser,
    errors: Vec<Problem>,
) -> Result<UploadPage, AppError> {
    let organisation = &current.user.organisation;
    Ok(UploadPage {
        nav: current.nav(),
        breadcrumbs: breadcrumbs(),
        organisation: organisation.name.clone(),
        limit: megabytes(MAX_UPLOAD_BYTES),
        saved_mapping: state.store().table_mapping(organisation.id).await?,
        errors,
    })
}

/// `GET /plans/import`: the upload form.
pub async fn form(
    auth: Authorised<ImportTables>,
    State(state): State<AppState>,
) -> Result<Response, AppError> {
    let page = upload_page(&state, &auth.current, Vec::new()).await?;
    Ok(render(&page)?.into_response())
}

/// The upload form again, with what was wrong.
async fn refuse_upload(
    state: &AppState,
    current: &CurrentUser,
    status: StatusCode,
    message: String,
) -> Result<Response, AppError> {
    let page = upload_page(state, current, vec![Problem::new("file", message)]).await?;
    Ok((status, render(&page)?).into_response())
}

/// What the upload's fields held.
#[derive(Default)]
struct Upload {
    csrf_token: String,
    file_name: String,
    bytes: Vec<u8>,
    /// The file was larger than [`MAX_UPLOAD_BYTES`].
    too_large: bool,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                upload.too_large = true;
                break;
            }
            Err(_) => return Err(AppError::BadRequest),
        };
        let name = field.name().map(str::to_owned);
        match name.as_deref() {
            Some("csrf_token") => {
                upload.csrf_token = field.text().await.map_err(|_| AppError::BadRequest)?;
            }
            Some("file") => {
                upload.file_name = base_name(field.file_name().unwrap_or_default());
                match read_file(field).await? {
                    Some(bytes) => upload.bytes = bytes,
                    None => {
                        upload.too_large = true;
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// The file's bytes; `None` when it is over the limit.
async fn read_file(mut field: Field<'_>) -> Result<Option<Vec<u8>>, AppError> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                    return Ok(None);
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(Some(bytes)),
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return Ok(None),
            Err(_) => return Err(AppError::BadRequest),
        }
    }
}

/// The file's own name, without any folder a browser sent with it.
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .trim()
        .to_string()
}

/// `POST /plans/import`: the uploaded file read as far as its columns.
pub async fn upload(
    auth: Authorised<ImportTables>,
    State(state): State<AppState>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let upload = read_upload(multipart).await?;
    if !secrets_match(&upload.csrf_token, &current.csrf_token) {
        return Err(AppError::FormExpired);
    }
    let name = if upload.file_name.is_empty() {
        "The file".to_string()
    } else {
        format!("The file {}", upload.file_name)
    };
    if upload.too_large {
        let message = format!(
            "{name} is larger than {}; import it with `trustboard import --format table` or split it",
            megabytes(MAX_UPLOAD_BYTES)
        );
        return refuse_upload(&state, current, StatusCode::PAYLOAD_TOO_LARGE, message).await;
    }
    if upload.file_name.is_empty() {
        let message = "Select a CSV, TSV, XLSX or text file holding the table".to_string();
        return refuse_upload(&state, current, StatusCode::UNPROCESSABLE_ENTITY, message).await;
    }
    if upload.bytes.is_empty() {
        let message = format!("{name} is empty");
        return refuse_upload(&state, current, StatusCode::UNPROCESSABLE_ENTITY, message).await;
    }
    let saved = state
        .store()
        .table_mapping(current.user.organisation.id)
        .await?;
    // The headings alone must show the table: the readings chosen later are
    // told apart from theirs.
    let automatic = match open(&upload.file_name, &upload.bytes, Mapping::default(), None) {
        Ok(table) => table,
        Err(error) if no_heading_row(&error) => {
            let uploaded = Uploaded {
                file_name: &upload.file_name,
                bytes: &upload.bytes,
                content: URL_SAFE_NO_PAD.encode(&upload.bytes),
            };
            let note = format!(
                "{name} has no row of column headings that trustboard recognises by itself. \
                 Choose the line that holds them."
            );
            if let Some(page) = uploaded.heading_page(current, None, Some(note), None) {
                return Ok(render(&page)?.into_response());
            }
            let message = format!("{name} could not be read: {error}");
            return refuse_upload(&state, current, StatusCode::UNPROCESSABLE_ENTITY, message).await;
        }
        Err(error) => {
            let message = format!("{name} could not be read: {error}");
            return refuse_upload(&state, current, StatusCode::UNPROCESSABLE_ENTITY, message).await;
        }
    };
    let (table, mapping_note) = with_saved(
        &upload.file_name,
        &upload.bytes,
        saved.as_deref(),
        &automatic,
    );
    let plans = own_plans(&state, current).await?;
    // Readings the saved mapping changed are ticked to be kept again.
    let entries = differences(&automatic, &table);
    let page = PreviewPage {
        nav: current.nav(),
        breadcrumbs: breadcrumbs(),
        organisation: current.user.organisation.name.clone(),
        content: URL_SAFE_NO_PAD.encode(&upload.bytes),
        file_name: upload.file_name,
        heading_line: None,
        columns: Vec::new(),
        undecided: 0,
        lines: Vec::new(),
        plans: plan_options(&plans, None),
        into_existing: false,
        new_plan_name: String::new(),
        save_mapping: !entries.is_empty(),
        mapping_note,
        errors: Vec::new(),
    };
    Ok(render(&with_columns(page, &table, &HashMap::new()))?.into_response())
}

fn open(
    file: &str,
    bytes: &[u8],
    mapping: Mapping,
    heading_line: Option<usize>,
) -> Result<Table, ImportError> {
    let options = Options {
        sheet: None,
        mapping,
        heading_line,
    };
    Table::open(file, bytes, &options)
}

/// The table read with the organisation's saved mapping, or as its
/// headings say (`automatic`, with a note saying why) when the mapping names
/// columns this file lacks.
fn with_saved(
    file: &str,
    bytes: &[u8],
    saved: Option<&str>,
    automatic: &Table,
) -> (Table, Option<String>) {
    let Some(saved) = saved.filter(|text| !text.trim().is_empty()) else {
        return (automatic.clone(), None);
    };
    let note = match Mapping::parse_file(saved) {
        Ok(mapping) => match open(file, bytes, mapping, None) {
            Ok(table) => return (table, None),
            Err(error) => error.message,
        },
        Err(error) => error,
    };
    (
        automatic.clone(),
        Some(format!(
            "The columns are read from their headings alone: the way your organisation saved last time does not fit this file ({note})."
        )),
    )
}

/// The organisation's plans, by name.
async fn own_plans(state: &AppState, current: &CurrentUser) -> Result<Vec<PlanHandle>, AppError> {
    Ok(state
        .store()
        .plan_handles()
        .await?
        .into_iter()
        .filter(|plan| may_see_organisation(&current.user.organisation.name, &plan.organisation))
        .collect())
}

fn plan_options(plans: &[PlanHandle], selected: Option<i64>) -> Vec<PlanOption> {
    plans
        .iter()
        .map(|plan| PlanOption {
            id: plan.id,
            label: format!("{} ({})", plan.title, plan.name),
            selected: selected == Some(plan.id),
        })
        .collect()
}

/// The readings offered in each column's select, as `--columns` writes them.
fn reading_names() -> impl Iterator<Item = &'static str> {
    READINGS
        .split(',')
        .map(|name| name.trim().trim_end_matches("[:PERIOD]"))
}

/// A reading as the select and the period field show it.
fn select_parts(reading: Option<Reading>) -> (String, String) {
    let Some(reading) = reading else {
        return (String::new(), String::new());
    };
    let text = reading.mapping_text();
    match text.split_once(':') {
        Some((name, period)) => (name.to_string(), period.to_string()),
        None => (text, String::new()),
    }
}

fn choices(selected: &str) -> Vec<Choice> {
    let mut choices = vec![Choice {
        value: String::new(),
        label: "Choose how to read this column".to_string(),
        selected: selected.is_empty(),
    }];
    choices.extend(reading_names().map(|name| Choice {
        value: name.to_string(),
        label: Reading::parse_mapping(name).map_or_else(|_| name.to_string(), |r| r.to_string()),
        selected: name == selected,
    }));
    choices
}

/// Fills in the preview's columns from `table`, keeping what the person
/// chose (`form`) where a column's choice could not be read.
fn with_columns(
    mut page: PreviewPage,
    table: &Table,
    form: &HashMap<String, String>,
) -> PreviewPage {
    let mut columns = Vec::new();
    let mut lines = Vec::new();
    for (index, sheet) in table.sheets.iter().enumerate() {
        let rows = sheet.first_rows(PREVIEW_ROWS);
        if lines.is_empty() {
            lines = rows.iter().map(|(line, _)| *line).collect();
        }
        for column in &sheet.columns {
            let key = format!("{index}-{}", column.column);
            let error = page
                .error_for(&format!("reading-{key}"))
                .map(str::to_string);
            let (selected, period) = match (&error, form.get(&format!("reading-{key}"))) {
                (Some(_), Some(chosen)) => (
                    chosen.clone(),
                    form.get(&format!("period-{key}"))
                        .cloned()
                        .unwrap_or_default(),
                ),
                _ => select_parts(column.reading),
            };
            columns.push(ColumnView {
                sheet: sheet.file.clone(),
                column: column.column,
                heading: column.name(),
                meaning: column.reading.map(|r| r.to_string()),
                mapped: column.mapped,
                choices: choices(&selected),
                period,
                values: rows
                    .iter()
                    .map(|(_, cells)| cells.get(column.column - 1).cloned().unwrap_or_default())
                    .collect(),
                error,
                key,
            });
        }
    }
    // Undecided columns first, so that they are decided before anything else.
    columns.sort_by_key(|c| c.meaning.is_some());
    page.undecided = columns.iter().filter(|c| c.meaning.is_none()).count();
    page.columns = columns;
    page.lines = lines;
    page
}

/// How a column is named in a mapping: by its heading when no other column
/// has the same and the heading reads as one mapping line, else by place.
fn mapping_name(table: &Table, heading: &str, column: usize) -> String {
    let same = table
        .columns()
        .filter(|(_, c)| c.heading.trim().eq_ignore_ascii_case(heading.trim()))
        .count();
    let plain = !heading.trim().is_empty() && !heading.contains(['#', '\n', '\r', '=']);
    if same == 1 && plain {
        heading.trim().to_string()
    } else {
        format!("Col {column}")
    }
}

/// The mapping lines that make `wanted`'s readings out of `automatic`'s:
/// one for each column read otherwise than its heading says.
fn differences(automatic: &Table, wanted: &Table) -> Vec<String> {
    automatic
        .columns()
        .zip(wanted.columns())
        .filter(|((_, auto), (_, want))| want.reading.is_some() && auto.reading != want.reading)
        .filter_map(|((_, auto), (_, want))| {
            want.reading
                .map(|reading| mapping_line(automatic, auto, reading))
        })
        .collect()
}

/// The mapping line that reads `column` of `table` as `reading`.
fn mapping_line(table: &Table, column: &ColumnReading, reading: Reading) -> String {
    format!(
        "{}={}",
        mapping_name(table, &column.heading, column.column),
        reading.mapping_text()
    )
}

/// `POST /plans/import/columns`: the preview's form, to read the columns
/// again as corrected (`action=check`), to choose the heading line
/// (`action=heading`) or to import (`action=import`); and the heading
/// line's form, to read the columns under the line chosen.
pub async fn decide(
    auth: Authorised<ImportTables>,
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let current = &auth.current;
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let file_name = base_name(field("file_name"));
    let bytes = URL_SAFE_NO_PAD
        .decode(field("content"))
        .map_err(|_| AppError::BadRequest)?;
    if file_name.is_empty() || bytes.is_empty() || bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::BadRequest);
    }
    let plans = own_plans(&state, current).await?;
    let into_existing = field("target") == "existing";
    let chosen_plan = match field("plan") {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::BadRequest)?),
    };
    // Another organisation's plan is not found, as on every plan route.
    if into_existing {
        if let Some(id) = chosen_plan {
            if !plans.iter().any(|p| p.id == id) {
                return Err(AppError::NotFound);
            }
        }
    }
    let heading_line = match field("heading_line") {
        "" => None,
        line => Some(line.parse::<usize>().map_err(|_| AppError::BadRequest)?),
    };
    let uploaded = Uploaded {
        file_name: &file_name,
        bytes: &bytes,
        content: field("content").to_string(),
    };
    if field("action") == "heading" {
        let page = uploaded
            .heading_page(current, heading_line, None, None)
            .ok_or(AppError::BadRequest)?;
        return Ok(render(&page)?.into_response());
    }
    // The readings are compared with the headings' own under the same line.
    let automatic = match open(&file_name, &bytes, Mapping::default(), heading_line) {
        Ok(table) => table,
        Err(error) if heading_line.is_some() || no_heading_row(&error) => {
            let message = match heading_line {
                Some(line) => format!(
                    "Line {line} cannot be read as the headings: {}",
                    error.message
                ),
                None => "Choose the line that holds the column headings".to_string(),
            };
            let page = uploaded
                .heading_page(current, heading_line, None, Some(message))
                .ok_or(AppError::BadRequest)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
        Err(error) => {
            let message = format!("The file {file_name} could not be read: {error}");
            return refuse_upload(&state, current, StatusCode::UNPROCESSABLE_ENTITY, message).await;
        }
    };
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    for (index, sheet) in automatic.sheets.iter().enumerate() {
        for column in &sheet.columns {
            let key = format!("{index}-{}", column.column);
            let name = field(&format!("reading-{key}"));
            let period = field(&format!("period-{key}")).trim();
            if name.is_empty() {
                continue;
            }
            let text = if period.is_empty() {
                name.to_string()
            } else {
                format!("{name}:{period}")
            };
            match Reading::parse_mapping(&text) {
                Ok(reading) if Some(reading) == column.reading => {}
                Ok(reading) => lines.push(mapping_line(&automatic, column, reading)),
                Err(error) => errors.push(Problem::new(
                    format!("reading-{key}"),
                    format!("Column {} `{}`: {error}", column.column, column.name()),
                )),
            }
        }
    }
    let mapping_text = lines.join("\n");
    let mapping = Mapping::parse_file(&mapping_text).map_err(AppError::internal)?;
    let table = match open(&file_name, &bytes, mapping, heading_line) {
        Ok(table) => table,
        Err(error) => {
            errors.push(Problem::new("columns", error.to_string()));
            automatic.clone()
        }
    };
    let importing = field("action") == "import";
    let new_plan_name = field("plan_name").trim().to_string();
    let mut target = None;
    if importing && errors.is_empty() {
        let undecided = table.sheets.iter().enumerate().flat_map(|(index, sheet)| {
            sheet
                .columns
                .iter()
                .filter(|c| c.reading.is_none())
                .map(move |c| (index, c))
        });
        for (index, column) in undecided {
            errors.push(Problem::new(
                format!("reading-{index}-{}", column.column),
                format!(
                    "Choose how to read column {} `{}`: nothing is imported while a column is undecided",
                    column.column,
                    column.name()
                ),
            ));
        }
        target = choose_plan(
            &plans,
            into_existing,
            chosen_plan,
            &new_plan_name,
            &mut errors,
        );
    }
    let page = PreviewPage {
        nav: current.nav(),
        breadcrumbs: breadcrumbs(),
        organisation: current.user.organisation.name.clone(),
        content: field("content").to_string(),
        file_name: file_name.clone(),
        heading_line,
        columns: Vec::new(),
        undecided: 0,
        lines: Vec::new(),
        plans: plan_options(&plans, chosen_plan),
        into_existing,
        new_plan_name: new_plan_name.clone(),
        save_mapping: field("save_mapping") == "yes",
        mapping_note: None,
        errors,
    };
    let Some(plan_name) = target.filter(|_| page.errors.is_empty()) else {
        let status = if page.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return Ok((status, render(&with_columns(page, &table, &form))?).into_response());
    };
    let hints = Hints {
        plan: Some(plan_name.clone()),
        organisation: Some(current.user.organisation.name.clone()),
    };
    let (mut doc, warnings) = match table.read(&hints) {
        Ok(read) => read,
        Err(error) => {
            let mut page = page;
            page.errors.push(Problem::new("columns", error.to_string()));
            let page = with_columns(page, &table, &form);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
        }
    };
    let stored = plans.iter().find(|p| into_existing && p.name == plan_name);
    keep_title(&mut doc, stored);
    let options = ImportOptions {
        dry_run: false,
        source: format!("{file_name} (uploaded by {})", current.user.username),
    };
    let report = state.store().import_plan(&doc, options).await?;
    let address = address.to_string();
    let detail = format!(
        "{file_name}: {} indicator(s), {} value(s), {} change(s), {} warning(s)",
        doc.indicators.len(),
        doc.observations.len(),
        report.changes(),
        warnings.len()
    );
    let audit = audit_entry(
        current,
        AuditAction::TableImported,
        &plan_name,
        &detail,
        &address,
    );
    state.store().record_audit(&audit).await?;
    let mapping_saved = page.save_mapping;
    if mapping_saved {
        let detail = format!("read from {file_name}: {} column(s) named", lines.len());
        let audit = audit_entry(
            current,
            AuditAction::TableMappingSaved,
            &current.user.organisation.name,
            &detail,
            &address,
        );
        state
            .store()
            .save_table_mapping(current.user.organisation.id, &mapping_text, &audit)
            .await?;
    }
    let plan_href = state
        .store()
        .plan_handles()
        .await?
        .into_iter()
        .find(|p| p.organisation == current.user.organisation.name && p.name == plan_name)
        .map(|p| plan_path(p.id));
    let mut rows: Vec<WarningRow> = warnings
        .iter()
        .map(|w| WarningRow {
            place: if w.line > 0 {
                format!("{} line {}", w.file, w.line)
            } else {
                w.file.clone()
            },
            column: match (w.column, &w.field) {
                (0, _) => String::new(),
                (n, Some(field)) => format!("{n} `{field}`"),
                (n, None) => n.to_string(),
            },
            value: w.text.clone().unwrap_or_default(),
            message: w.message.clone(),
        })
        .collect();
    rows.extend(value_warnings(&doc));
    let page = ImportedPage {
        nav: current.nav(),
        breadcrumbs: breadcrumbs(),
        file_name,
        plan_name,
        plan_href,
        counts: vec![
            ("Objectives and outcomes", report.nodes.clone()),
            ("Indicators", report.indicators.clone()),
            ("Values", report.observations.clone()),
        ],
        report,
        warnings: rows,
        mapping_saved,
    };
    Ok(render(&page)?.into_response())
}

/// A table seldom says its plan's title: an updated plan keeps the title and
/// period it has, and a new one is titled with its name.
fn keep_title(doc: &mut PlanDocument, stored: Option<&PlanHandle>) {
    if !doc.plan.title.trim().is_empty() {
        return;
    }
    match stored {
        Some(plan) => {
            doc.plan.title = plan.title.clone();
            if doc.plan.period.trim().is_empty() {
                doc.plan.period = plan.period.clone();
            }
        }
        None => doc.plan.title = doc.plan.name.clone(),
    }
}

/// Values kept as written but not fully understood.
fn value_warnings(doc: &PlanDocument) -> Vec<WarningRow> {
    doc.observations
        .iter()
        .filter(|o| !o.parsed.warnings.is_empty())
        .map(|o| WarningRow {
            place: format!("{} {}", o.indicator, o.period),
            column: String::new(),
            value: o.text.clone(),
            message: o.parsed.warnings.join("; "),
        })
        .collect()
}

/// The name of the plan to import into: a new name no plan of the
/// organisation has, or one of its plans.
fn choose_plan(
    plans: &[PlanHandle],
    into_existing: bool,
    chosen: Option<i64>,
    new_name: &str,
    errors: &mut Vec<Problem>,
) -> Option<String> {
    if into_existing {
        let found = chosen.and_then(|id| plans.iter().find(|p| p.id == id));
        if found.is_none() {
            errors.push(Problem::new("plan", "Choose the plan to update"));
        }
        return found.map(|p| p.name.clone());
    }
    if new_name.is_empty() {
        errors.push(Problem::new(
            "plan_name",
            "Enter a name for the new plan, such as CYPP 2009-13",
        ));
        return None;
    }
    if plans.iter().any(|p| p.name == new_name) {
        errors.push(Problem::new(
            "plan_name",
            format!("A plan named {new_name} already exists: choose it under “Update a plan”, or give another name"),
        ));
        return None;
    }
    Some(new_name.to_string())
}

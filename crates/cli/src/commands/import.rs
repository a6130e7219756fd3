//! `trustboard import`: files in, one transaction, a report of what changed.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use trustboard_core::model::{Node, Observation, PlanDocument};
use trustboard_core::plan_diff::PlanPart;
use trustboard_core::projects::Project;
use trustboard_core::resources::ResourceTable;
use trustboard_formats::tables::{Mapping, Options, PartsError, Table, TableParts};
use trustboard_formats::{Format, Hints, ImportError, Reading};
use trustboard_store::{
    BusinessPlan, ImportOptions, ImportProgress, ImportReport, PartSource, PartsImportError, Store,
};

use crate::cli::{ImportArgs, ImportFormat};

/// A value the parser could not fully read, kept as written.
#[derive(Debug, Serialize)]
struct ValueWarning {
    indicator: String,
    period: String,
    text: String,
    warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Outcome<'a> {
    report: &'a ImportReport,
    /// Values kept as written but not fully understood.
    warnings: Vec<ValueWarning>,
    /// What the document reader kept but wants a person to look at.
    reader_warnings: Vec<String>,
    /// For a table: how each column was read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    columns: Vec<ColumnLine>,
}

/// One column of a table and how it was read.
#[derive(Debug, Serialize)]
struct ColumnLine {
    file: String,
    column: usize,
    heading: String,
    /// The reading as a mapping writes it; `None` while undecided.
    reading: Option<String>,
    /// The reading in words.
    meaning: String,
    from_mapping: bool,
}

/// The plan read from the files, with what the reader noted.
struct Read {
    doc: PlanDocument,
    /// The stored plan's revision, when the files only add to it.
    based_on: Option<i64>,
    reader_warnings: Vec<String>,
    /// Budget and staffing tables read from the same document.
    resources: Vec<ResourceTable>,
    /// Projects and key actions read from the same document.
    projects: Vec<Project>,
}

/// What an import wrote and what its reading noted.
struct Imported {
    report: ImportReport,
    warnings: Vec<ValueWarning>,
    reader_warnings: Vec<String>,
    columns: Vec<ColumnLine>,
}

/// Files holding only some tables (a lone `observations.csv`) add to the
/// stored plan: their rows replace rows with the same key, the rest stays.
/// Returns the plan's revision too: the import is refused if the plan moves
/// on before it is written, rather than undoing what changed meanwhile.
async fn onto_stored_plan(store: &Store, reading: Reading) -> anyhow::Result<(PlanDocument, i64)> {
    let (organisation, plan) = reading.names();
    let Some(plan) = plan else {
        // Reading says which names are missing and how to give them.
        reading.finish()?;
        anyhow::bail!("the files do not name their plan; give the plan's name with --plan");
    };
    let (stored, revision) = store
        .load_plan_at_revision(organisation.as_deref(), &plan)
        .await
        .with_context(|| {
            format!(
                "the files hold only some tables of a plan, so they add to plan `{plan}`, \
                 which has to be imported whole first"
            )
        })?;
    Ok((reading.finish_onto(&stored)?, revision))
}

pub async fn import(store: &Store, args: ImportArgs) -> anyhow::Result<()> {
    let hints = Hints {
        plan: args.plan.clone(),
        organisation: args.org.clone(),
    };
    let progress = Progress::new(args.json);
    progress.spin(format!("reading {} file(s)", args.files.len()));
    let source = args
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let options = ImportOptions {
        dry_run: args.dry_run,
        source,
    };
    let imported = match table_file(&args)? {
        Some((file, bytes)) => {
            import_table(store, &args, &hints, &file, bytes, &progress, options).await?
        }
        None => {
            let read = read_plan(store, &args, &hints).await?;
            let report = write_whole(store, &read, options, &progress).await?;
            Imported {
                report,
                warnings: value_warnings(&read.doc.observations).collect(),
                reader_warnings: read.reader_warnings,
                columns: Vec::new(),
            }
        }
    };
    progress.bar.finish_and_clear();
    let outcome = Outcome {
        report: &imported.report,
        warnings: imported.warnings,
        reader_warnings: imported.reader_warnings,
        columns: imported.columns,
    };
    if args.json {
        return super::print_json(&outcome);
    }
    print_report(&outcome);
    Ok(())
}

/// Imports a plan read whole.
async fn write_whole(
    store: &Store,
    read: &Read,
    options: ImportOptions,
    progress: &Progress,
) -> anyhow::Result<ImportReport> {
    let doc = &read.doc;
    progress.spin(format!(
        "{} {}: {} indicators, {} values",
        if options.dry_run {
            "checking"
        } else {
            "writing"
        },
        doc.plan.name,
        doc.indicators.len(),
        doc.observations.len()
    ));
    let business_plan = BusinessPlan {
        resources: (!read.resources.is_empty()).then_some(read.resources.as_slice()),
        projects: (!read.projects.is_empty()).then_some(read.projects.as_slice()),
    };
    store
        .import_checked(doc, options, read.based_on, business_plan, progress)
        .await
        .context("nothing was imported")
}

async fn read_plan(store: &Store, args: &ImportArgs, hints: &Hints) -> anyhow::Result<Read> {
    let format = args.format.and_then(|f| match f {
        ImportFormat::Csv => Some(Format::Csv),
        ImportFormat::Xlsx => Some(Format::Xlsx),
        ImportFormat::Json => Some(Format::Json),
        ImportFormat::Document => Some(Format::Document),
        ImportFormat::Table => None,
    });
    let reading = Reading::of(&args.files, format, hints)?;
    let reader_warnings: Vec<String> = reading.warnings().iter().map(|w| w.to_string()).collect();
    let resources = reading.resources().to_vec();
    let projects = reading.projects().to_vec();
    let (doc, based_on) = if reading.is_whole() {
        (reading.finish()?, None)
    } else {
        let (doc, revision) = onto_stored_plan(store, reading).await?;
        (doc, Some(revision))
    };
    Ok(Read {
        doc,
        based_on,
        reader_warnings,
        resources,
        projects,
    })
}

/// The file to read as a council's performance table, with its bytes:
/// the one file given with `--format table` (or an option only tables
/// take), or a `.csv`, `.tsv` or `.xlsx` file given without a format that is
/// not in the canonical format, which is said on stderr.
fn table_file(args: &ImportArgs) -> anyhow::Result<Option<(String, Vec<u8>)>> {
    let told = args.is_table();
    let path = match args.files.as_slice() {
        [path] if told || (args.format.is_none() && has_table_extension(path)) => path,
        _ if told => anyhow::bail!("a table is read one file at a time; give one file"),
        _ => return Ok(None),
    };
    let file = path.display().to_string();
    if path.is_dir() {
        return Ok(None);
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {file}"))?;
    if told {
        return Ok(Some((file, bytes)));
    }
    if !trustboard_formats::is_council_table(path, &bytes)? {
        return Ok(None);
    }
    eprintln!(
        "{file} is not in the canonical plan format (docs/FORMAT.md): reading it as a council's \
         performance table, as --format table does"
    );
    Ok(Some((file, bytes)))
}

fn has_table_extension(path: &std::path::Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "csv" | "tsv" | "tab" | "xlsx"))
}

/// Rows of a table compared and written together: enough to make each
/// part's statements few, few enough to keep memory small.
const PART_ROWS: usize = 1000;
/// Parts read and waiting for the store: enough that the reader never waits
/// for a store that is busy, and memory holds a few parts at most.
const PARTS_AHEAD: usize = 2;

/// A performance table: its columns are read (and, on a dry run, shown and
/// saved) before its rows, so that a refusal over undecided columns comes
/// after the reading that explains it. The rows are then read, compared and
/// written a part at a time; a table that names an indicator again after
/// its part was written is read whole instead, so that its rows are joined.
async fn import_table(
    store: &Store,
    args: &ImportArgs,
    hints: &Hints,
    file: &str,
    bytes: Vec<u8>,
    progress: &Progress,
    options: ImportOptions,
) -> anyhow::Result<Imported> {
    let mut mapping = Mapping::default();
    if let Some(saved) = &args.columns_file {
        let text = std::fs::read_to_string(saved)
            .with_context(|| format!("cannot read the column mapping {}", saved.display()))?;
        let parsed = Mapping::parse_file(&text)
            .map_err(|e| anyhow::anyhow!("{} (--columns-file): {e}", saved.display()))?;
        mapping.extend(parsed);
    }
    if let Some(list) = &args.columns {
        mapping.extend(Mapping::parse_list(list).map_err(|e| anyhow::anyhow!("--columns: {e}"))?);
    }
    let table_options = Options {
        sheet: args.sheet.clone(),
        mapping,
        heading_line: args.heading_line,
    };
    let table = Table::open(file, &bytes, &table_options)?;
    // The table keeps the text it reads its rows from; the bytes are not needed.
    drop(bytes);
    let columns = column_lines(&table);
    if let Some(save) = &args.save_columns {
        anyhow::ensure!(
            args.dry_run,
            "--save-columns writes how the columns were read, for a dry run; add --dry-run"
        );
        std::fs::write(save, table.mapping_file())
            .with_context(|| format!("cannot write {}", save.display()))?;
    }
    if args.dry_run && !args.json {
        progress.bar.finish_and_clear();
        print_columns(&columns);
    }
    progress.count(if options.dry_run {
        "reading and checking rows"
    } else {
        "reading and writing rows"
    });
    let parts = table.parts(hints)?;
    let (written, read) = read_while_writing(store, file, parts, progress, &options)?;
    let report = match written {
        Ok(report) => report,
        Err(PartsImportError::Store(error)) => {
            return Err(anyhow::Error::from(error).context("nothing was imported"))
        }
        Err(PartsImportError::Source(PartsError::Unreadable(error))) => return Err(error.into()),
        Err(PartsImportError::Source(PartsError::Repeated { line })) => {
            eprintln!(
                "{file}:{line}: this row names an indicator of a row far above it; \
                 reading the whole table before writing, so that the two are joined"
            );
            progress.count("reading rows");
            let (doc, warnings) = table.read_watched(hints, &mut |done, total| {
                progress.bar.set_length(total);
                progress.bar.set_position(done);
            })?;
            let read = Read {
                doc,
                based_on: None,
                reader_warnings: warnings.iter().map(|w| w.to_string()).collect(),
                resources: Vec::new(),
                projects: Vec::new(),
            };
            let report = write_whole(store, &read, options, progress).await?;
            return Ok(Imported {
                report,
                warnings: value_warnings(&read.doc.observations).collect(),
                reader_warnings: read.reader_warnings,
                columns,
            });
        }
    };
    Ok(Imported {
        report,
        warnings: read.warnings,
        reader_warnings: read.reader_warnings,
        columns,
    })
}

/// What the reader of a table hands the store, in order: parts, then the
/// plan's objectives once every row is read, or why it stopped.
enum Step {
    Part(PlanPart, Vec<ValueWarning>),
    Finished(Vec<Node>, Vec<String>),
}

/// What the reader noted while the store wrote.
#[derive(Default)]
struct Noted {
    /// Values kept as written but not fully understood.
    warnings: Vec<ValueWarning>,
    reader_warnings: Vec<String>,
}

/// Reads the table's parts on a thread of their own while the store
/// compares and writes those read before, so that reading and writing (and
/// the database server's work) overlap; at most [`PARTS_AHEAD`] parts wait
/// between the two, so memory stays bounded.
fn read_while_writing(
    store: &Store,
    file: &str,
    mut parts: TableParts<'_>,
    progress: &Progress,
    options: &ImportOptions,
) -> anyhow::Result<(Result<ImportReport, PartsImportError<PartsError>>, Noted)> {
    let (organisation, plan) = parts.names()?;
    Ok(tokio::task::block_in_place(|| {
        std::thread::scope(|scope| {
            let (sender, steps) = std::sync::mpsc::sync_channel(PARTS_AHEAD);
            scope.spawn(move || read_parts(parts, progress, &sender));
            let mut source = TableSource {
                file: file.to_string(),
                steps,
                nodes: Vec::new(),
                noted: Noted::default(),
            };
            let written = tokio::runtime::Handle::current().block_on(store.import_in_parts(
                &organisation,
                &plan,
                &mut source,
                options.clone(),
            ));
            // Dropping the receiving end stops a reader the store stopped listening to.
            (written, source.noted)
        })
    }))
}

/// The reader's side: sends each part as it is read, then the objectives,
/// or the error that stopped it; stops when the store no longer listens.
fn read_parts(
    mut parts: TableParts<'_>,
    progress: &Progress,
    steps: &std::sync::mpsc::SyncSender<Result<Step, PartsError>>,
) {
    let bar = &progress.bar;
    loop {
        let step = match parts.next_part(PART_ROWS, &mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        }) {
            Ok(Some(part)) => {
                let warnings = value_warnings(&part.observations).collect();
                Ok(Step::Part(part, warnings))
            }
            Ok(None) => {
                let finished = parts.finish().map(|(nodes, warnings)| {
                    Step::Finished(nodes, warnings.iter().map(|w| w.to_string()).collect())
                });
                // The last step: whatever it is, nothing follows it.
                let _ = steps.send(finished.map_err(PartsError::from));
                return;
            }
            Err(error) => Err(error),
        };
        let stopped = step.is_err();
        if steps.send(step).is_err() || stopped {
            return;
        }
    }
}

/// A table's parts as the store takes them, from the reader's thread.
struct TableSource {
    file: String,
    steps: std::sync::mpsc::Receiver<Result<Step, PartsError>>,
    nodes: Vec<Node>,
    noted: Noted,
}

impl PartSource for TableSource {
    type Error = PartsError;

    fn next_part(&mut self) -> Result<Option<PlanPart>, PartsError> {
        match self.steps.recv() {
            Ok(Ok(Step::Part(part, warnings))) => {
                self.noted.warnings.extend(warnings);
                Ok(Some(part))
            }
            Ok(Ok(Step::Finished(nodes, warnings))) => {
                self.nodes = nodes;
                self.noted.reader_warnings = warnings;
                Ok(None)
            }
            Ok(Err(error)) => Err(error),
            // The reader ends after its last step, which ends the parts, so
            // it cannot have ended normally: it must not pass for the end.
            Err(std::sync::mpsc::RecvError) => Err(PartsError::Unreadable(
                ImportError::whole_file(&self.file, "reading the table stopped before its end"),
            )),
        }
    }

    fn nodes(&mut self) -> Result<Vec<Node>, PartsError> {
        Ok(std::mem::take(&mut self.nodes))
    }
}

fn column_lines(table: &Table) -> Vec<ColumnLine> {
    table
        .columns()
        .map(|(sheet, column)| ColumnLine {
            file: sheet.file.clone(),
            column: column.column,
            heading: column.name(),
            reading: column.reading.map(|r| r.mapping_text()),
            meaning: column
                .reading
                .map_or_else(|| "UNDECIDED".to_string(), |r| r.to_string()),
            from_mapping: column.mapped,
        })
        .collect()
}

fn print_columns(columns: &[ColumnLine]) {
    let mut file = None;
    for column in columns {
        if file != Some(&column.file) {
            out!("columns of {}:", column.file);
            file = Some(&column.file);
        }
        out!(
            "  {:>3}  {:<32} → {}{}",
            column.column,
            column.heading,
            column.meaning,
            if column.from_mapping {
                " (mapping)"
            } else {
                ""
            }
        );
    }
}

/// What the import is doing, on stderr when it is a terminal (and not
/// with --json): a spinner while there is nothing to count, else a bar.
struct Progress {
    bar: ProgressBar,
}

impl Progress {
    fn new(json: bool) -> Progress {
        use std::io::IsTerminal;
        let bar = if json || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::new_spinner()
        };
        Progress { bar }
    }

    fn spin(&self, message: String) {
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            self.bar.set_style(style);
        }
        self.bar.set_message(message);
        self.bar
            .enable_steady_tick(std::time::Duration::from_millis(120));
    }

    /// A bar counting towards a length set as the work goes.
    fn count(&self, message: &'static str) {
        self.bar.disable_steady_tick();
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:40}] {percent}% ({elapsed}, {eta} left)")
        {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(message);
        self.bar.set_position(0);
    }
}

impl ImportProgress for Progress {
    fn start(&self, rows: u64) {
        self.count("writing rows");
        self.bar.set_length(rows);
    }

    fn advance(&self, rows: u64) {
        self.bar.inc(rows);
    }
}

fn value_warnings(observations: &[Observation]) -> impl Iterator<Item = ValueWarning> + '_ {
    observations
        .iter()
        .filter(|o| !o.parsed.warnings.is_empty())
        .map(|o| ValueWarning {
            indicator: o.indicator.clone(),
            period: o.period.to_string(),
            text: o.text.clone(),
            warnings: o.parsed.warnings.clone(),
        })
}

fn print_report(outcome: &Outcome<'_>) {
    let report = outcome.report;
    let verb = if report.dry_run {
        "would change"
    } else {
        "changed"
    };
    out!(
        "{} ({}): {} {} thing(s){}",
        report.plan,
        report.organisation,
        verb,
        report.changes(),
        if report.new_plan { ", new plan" } else { "" }
    );
    let rows = [
        ("nodes", &report.nodes),
        ("indicators", &report.indicators),
        ("localities", &report.localities),
        ("values", &report.observations),
        ("milestones", &report.milestones),
    ];
    out!(
        "  {:<11} {:>7} {:>7} {:>9} {:>7}",
        "",
        "added",
        "changed",
        "unchanged",
        "retired"
    );
    for (name, counts) in rows {
        out!(
            "  {:<11} {:>7} {:>7} {:>9} {:>7}",
            name,
            counts.added,
            counts.changed,
            counts.unchanged,
            counts.retired
        );
    }
    if report.resource_tables > 0 {
        out!(
            "  budget and staffing: {} table(s) of {} row(s), replacing those held before (see `trustboard resources list`)",
            report.resource_tables,
            report.resource_rows
        );
    }
    if report.projects > 0 {
        out!(
            "  projects and key actions: {}, replacing those held before (see `trustboard projects list`)",
            report.projects
        );
    }
    if report.statements > 0 || report.statements_changed > 0 {
        out!(
            "  the council's own ratings, trends and comments: {}, replacing those held before ({} differing)",
            report.statements,
            report.statements_changed
        );
    }
    for change in &report.changed_observations {
        out!(
            "  {} {} {}: `{}` → `{}`",
            change.indicator,
            change.period,
            change.kind.as_str(),
            change.old_text,
            change.new_text
        );
    }
    if !outcome.warnings.is_empty() {
        out!(
            "{} value(s) kept as written but not fully understood:",
            outcome.warnings.len()
        );
        for warning in &outcome.warnings {
            out!(
                "  {} {}: `{}`: {}",
                warning.indicator,
                warning.period,
                warning.text,
                warning.warnings.join("; ")
            );
        }
    }
    if !outcome.reader_warnings.is_empty() {
        out!(
            "{} note(s) from reading the document:",
            outcome.reader_warnings.len()
        );
        for warning in &outcome.reader_warnings {
            out!("  {warning}");
        }
    }
    if report.dry_run {
        out!("dry run: nothing was written");
    }
}

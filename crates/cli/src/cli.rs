//! The command line, as clap definitions only.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use trustboard_core::period::Period;
use trustboard_core::register::RegisterSettings;
use trustboard_web::proxy::AddressRange;
use trustboard_web::WebConfig;

#[derive(Debug, Parser)]
#[command(
    name = "trustboard",
    version,
    about = "Plans, performance and reporting for children's trusts"
)]
pub struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Defaults to a SQLite file in the data directory.
    #[arg(long, global = true, env = "TRUSTBOARD_DATABASE_URL")]
    pub database: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (if needed), apply migrations and load the sample plan into an empty database.
    Init {
        /// Do not load the sample plan.
        #[arg(long)]
        empty: bool,
    },
    /// Start the web application (the default when no command is given).
    Serve(ServeArgs),
    /// The working-day calendar deadlines are counted in: England and Wales
    /// bank holidays 2000-2030, plus those an organisation adds.
    Calendar {
        #[command(subcommand)]
        command: crate::commands::calendar::CalendarCommand,
    },
    /// Import plans from canonical CSV/XLSX/JSON files or from tables of published plan documents.
    Import(ImportArgs),
    /// Write a plan out in the canonical format.
    Export(ExportArgs),
    /// Plans held in the database.
    Plans {
        #[command(subcommand)]
        command: PlansCommand,
    },
    /// One plan: its tree of outcomes and objectives.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Performance indicators.
    Indicators {
        #[command(subcommand)]
        command: IndicatorsCommand,
    },
    /// Milestones and actions of the action plans.
    Milestones {
        #[command(subcommand)]
        command: MilestonesCommand,
    },
    /// Budget and staffing tables of a plan, with printed totals that disagree with their rows.
    Resources {
        #[command(subcommand)]
        command: ResourcesCommand,
    },
    /// A plan's risk register: list it, or add a risk.
    Risks {
        #[command(subcommand)]
        command: RisksCommand,
    },
    /// Projects and key actions of a business plan, with their latest approved progress report.
    Projects {
        #[command(subcommand)]
        command: ProjectsCommand,
    },
    /// Headline judgement of a plan, or part of it, for a reporting period.
    Summary(SummaryArgs),
    /// Write the Trust Board performance report (HTML, PDF or XLSX) for a reporting period.
    Report(ReportArgs),
    /// Statistical neighbours: the councils most like each council, by model year.
    Neighbours {
        #[command(subcommand)]
        command: NeighboursCommand,
    },
    /// Accounts for the web application.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The early-help register: import, export, and feeding plan indicators.
    Register {
        #[command(subcommand)]
        command: crate::commands::register::RegisterCommand,
    },
    /// Generate a realistic register (the same for the same seed) to try trustboard out.
    Synth(crate::commands::synth::SynthArgs),
    /// Compute the register measures mapped to plan indicators and store them as the plans' values.
    Derive(crate::commands::derive::DeriveArgs),
    /// Write a checked copy of the whole database to a file, also while the server runs.
    Backup(crate::commands::backup::BackupArgs),
    /// Replace the database with a backup, after checking the file.
    Restore(crate::commands::backup::RestoreArgs),
    /// Statutory returns (SSDA903): import, validation and the indicators computed from them.
    Returns {
        #[command(subcommand)]
        command: crate::commands::returns::ReturnsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is read from TRUSTBOARD_PASSWORD, or generated and printed.
    Add {
        username: String,
        /// admin, performance_officer, lead_officer, board_member,
        /// register_coordinator or practitioner.
        #[arg(long)]
        role: String,
        /// The organisation the account belongs to; by default the only one
        /// in the database.
        #[arg(long)]
        organisation: Option<String>,
        /// For a practitioner: their reference on the organisation's register.
        #[arg(long, value_name = "REF")]
        practitioner: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value_t = default_bind(), env = "TRUSTBOARD_BIND")]
    pub bind: SocketAddr,
    /// Months after closure before a register record is listed for a
    /// decision whether to erase it.
    #[arg(
        long,
        default_value_t = WebConfig::default().register_retention_months,
        env = "TRUSTBOARD_REGISTER_RETENTION_MONTHS"
    )]
    pub register_retention_months: u32,
    /// Concerns about a child raised within this many days of each other are
    /// taken together when prompting a review of their level.
    #[arg(
        long,
        default_value_t = RegisterSettings::default().concern_window_days,
        env = "TRUSTBOARD_CONCERN_WINDOW_DAYS"
    )]
    pub concern_window_days: u32,
    /// How many different agencies raising concerns within that window
    /// prompt a review of the child's level.
    #[arg(
        long,
        default_value_t = RegisterSettings::default().concern_sources,
        env = "TRUSTBOARD_CONCERN_SOURCES"
    )]
    pub concern_sources: usize,
    /// A reverse proxy (address or range such as 10.0.0.0/8) whose
    /// X-Forwarded-For and X-Forwarded-Proto are believed; repeat for several.
    /// The environment variable takes a comma-separated list.
    #[arg(
        long = "trusted-proxy",
        value_name = "CIDR|IP",
        env = "TRUSTBOARD_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<AddressRange>,
    /// Send Strict-Transport-Security on every response: set when users reach
    /// the service only over HTTPS.
    #[arg(long, env = "TRUSTBOARD_HSTS")]
    pub hsts: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        let settings = RegisterSettings::default();
        ServeArgs {
            bind: default_bind(),
            register_retention_months: WebConfig::default().register_retention_months,
            concern_window_days: settings.concern_window_days,
            concern_sources: settings.concern_sources,
            trusted_proxies: Vec::new(),
            hsts: false,
        }
    }
}

/// Loopback only: exposing the server is a deliberate choice.
fn default_bind() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    Csv,
    Xlsx,
    Json,
    /// Tables from a published plan document (tab-separated text).
    Document,
    /// A council's performance table: CSV, TSV, XLSX or a text table, one indicator a row.
    Table,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import; a directory is read as a canonical CSV set.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Name of the plan (overrides what the files say).
    #[arg(long)]
    pub plan: Option<String>,
    /// Organisation the plan belongs to (overrides what the files say).
    #[arg(long)]
    pub org: Option<String>,
    /// Format of the files; detected from their content when left out.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Show what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
    /// For a table: how to read columns, `Heading=reading,…` (e.g. `Actual 06/07=actual:2006/07,Col 5=ignore`).
    #[arg(long)]
    pub columns: Option<String>,
    /// For a table: a saved column mapping, one `Heading=reading` a line.
    #[arg(long)]
    pub columns_file: Option<PathBuf>,
    /// For a table, with --dry-run: write how each column was read as a mapping file to edit.
    #[arg(long)]
    pub save_columns: Option<PathBuf>,
    /// For an XLSX table: the worksheet to read (every sheet holding a table when left out).
    #[arg(long)]
    pub sheet: Option<String>,
    /// For a table: the line (row of a sheet) holding the column headings,
    /// where the reader cannot find it by itself.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(usize))]
    pub heading_line: Option<usize>,
}

impl ImportArgs {
    /// Whether the file is a performance table: said with --format table or
    /// by giving any of the table's options.
    pub fn is_table(&self) -> bool {
        matches!(self.format, Some(ImportFormat::Table))
            || self.columns.is_some()
            || self.columns_file.is_some()
            || self.save_columns.is_some()
            || self.sheet.is_some()
            || self.heading_line.is_some()
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output path: a directory for CSV, a file for XLSX and JSON.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub plan: PlanSelector,
}

/// Which plan a command is about; may be left out when the database holds one.
#[derive(Debug, Args, Clone, Default)]
pub struct PlanSelector {
    /// Plan name.
    #[arg(long)]
    pub plan: Option<String>,
    /// Organisation, where two organisations have plans of the same name.
    #[arg(long)]
    pub org: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PlansCommand {
    /// List the plans with their size.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Record that plan LATER follows plan EARLIER (both of one organisation),
    /// with what became of the earlier plan's outcomes.
    Link {
        /// The earlier plan's name.
        earlier: String,
        /// The later plan's name.
        later: String,
        /// Organisation, where two organisations have plans of these names.
        #[arg(long)]
        org: Option<String>,
        /// An outcome that goes on in the later plan: `EARLIER=>LATER` outcome codes, e.g. `1=>1`.
        #[arg(long, value_name = "A=>B")]
        continued: Vec<String>,
        /// An outcome merged into an outcome of the later plan: `4=>3`.
        #[arg(long, value_name = "A=>B")]
        merged: Vec<String>,
        /// An outcome of the earlier plan that the later plan dropped.
        #[arg(long, value_name = "CODE")]
        deleted: Vec<String>,
    },
    /// List which plans follow which, with their outcome and indicator links.
    Links {
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Show a plan's tree of outcomes, objectives and their indicators.
    Show {
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum IndicatorsCommand {
    /// List a plan's indicators.
    List {
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
    /// Show one indicator with all its values and targets; with --period, why it is judged as it is.
    Show {
        /// Indicator code (`NI 72`) or key.
        indicator: String,
        #[command(flatten)]
        plan: PlanSelector,
        #[command(flatten)]
        judging: JudgingArgs,
        #[arg(long)]
        json: bool,
    },
    /// Record that an indicator of one plan is the same as one of a linked
    /// plan: `indicators link CODE --plan P --to CODE --plan Q`.
    Link {
        /// Indicator code (`NI 72`) or key in the first plan.
        indicator: String,
        /// The indicator's code or key in the second plan.
        #[arg(long, value_name = "CODE")]
        to: String,
        /// The two plans, first the indicator's, then the one of --to.
        #[arg(long, required = true, num_args = 1)]
        plan: Vec<String>,
        /// Organisation, where two organisations have plans of these names.
        #[arg(long)]
        org: Option<String>,
    },
    /// Each indicator's polarity and where it came from; with --set, state one.
    Polarity {
        /// Only polarities guessed from the wording, for a person to confirm.
        #[arg(long, conflicts_with = "set")]
        inferred: bool,
        /// State which way is better for an indicator: `"NI 61=higher"`, `CODE=lower` or `CODE=band`.
        #[arg(long, value_name = "CODE=higher|lower|band")]
        set: Option<String>,
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
}

/// The reporting period and date a judgement is made for.
#[derive(Debug, Args, Clone, Default)]
pub struct JudgingArgs {
    /// Reporting period: `2010/11` (financial year), `AY 2010/11`, `2010`, `2010/11 Q2`.
    #[arg(long)]
    pub period: Option<Period>,
    /// Judge as on this date (milestones overdue before it); defaults to today.
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Reporting period: `2010/11` (financial year), `AY 2010/11`, `2010`, `2010/11 Q2`.
    #[arg(long)]
    pub period: Period,
    /// Judge as on this date (milestones overdue before it); defaults to today.
    #[arg(long)]
    pub today: Option<NaiveDate>,
    #[command(flatten)]
    pub plan: PlanSelector,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Only this group's figures (`FSM`, `SEN` …).
    #[arg(long)]
    pub group: Option<String>,
    /// Instead of the summary, each indicator once per headline percentage:
    /// counted (and how) or left out (and why). Needs --json or --csv.
    #[arg(long, requires = "table_format")]
    pub inclusion: bool,
    #[arg(long, group = "table_format")]
    pub json: bool,
    /// With --inclusion: the table as CSV.
    #[arg(long, group = "table_format", requires = "inclusion")]
    pub csv: bool,
}

/// Which part of a plan a judgement covers; the whole plan when left out.
#[derive(Debug, Args, Clone, Default)]
pub struct ScopeArgs {
    /// Only this node (`2` or `2.1`) and the nodes below it.
    #[arg(long)]
    pub node: Option<String>,
    /// Only this locality's figures.
    #[arg(long)]
    pub locality: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum NeighboursCommand {
    /// Import a DfE statistical-neighbour file (2021 or 2025 layout) as one model year.
    Import {
        file: PathBuf,
        /// The year of the model, e.g. 2021.
        #[arg(long)]
        model_year: i32,
        /// The first day the model is in force (YYYY-MM-DD).
        #[arg(long)]
        effective_from: NaiveDate,
        /// The last day the model is in force; leave out while it still is.
        #[arg(long)]
        effective_to: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// A council's neighbours in force on a date (today unless given).
    Show {
        /// Council name (`Kingston upon Thames`) or number (`314`).
        council: String,
        /// The date the set must be in force on (YYYY-MM-DD).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Html,
    Pdf,
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Reporting period: `2010/11` (financial year), `AY 2010/11`, `2010`, `2010/11 Q2`.
    #[arg(long)]
    pub period: Period,
    /// Format of the report; taken from the extension of --out when left out.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// File to write.
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub plan: PlanSelector,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// For publication: small numbers withheld, internal commentary left out.
    #[arg(long)]
    pub published: bool,
    /// Report as on this date (milestones overdue before it); defaults to today.
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum MilestonesCommand {
    /// List milestones, optionally only those due before a date.
    List {
        /// Only milestones due before this date (YYYY-MM-DD).
        #[arg(long)]
        due_before: Option<NaiveDate>,
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ResourcesCommand {
    /// List each budget and staffing table with its rows, then every printed
    /// total that is not what its rows add up to.
    List {
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RisksCommand {
    /// List the plan's risks: reviews overdue first, then by residual score.
    List {
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
    /// Add a risk to the plan's register.
    Add(RiskAddArgs),
}

#[derive(Debug, Args)]
pub struct RiskAddArgs {
    #[command(flatten)]
    pub plan: PlanSelector,
    #[arg(long)]
    pub description: String,
    /// The person or post answerable for the risk.
    #[arg(long)]
    pub owner: String,
    /// Before controls, as LIKELIHOODxIMPACT, each 1 to 5: `4x5`.
    #[arg(long, value_name = "LxI")]
    pub inherent: String,
    /// After controls, as LIKELIHOODxIMPACT: never above the inherent score.
    #[arg(long, value_name = "LxI")]
    pub residual: String,
    /// YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub review: String,
    #[arg(long, default_value = "")]
    pub controls: String,
    /// rising, steady or falling.
    #[arg(long, default_value = "steady")]
    pub trend: String,
    /// The title of the plan's project the risk belongs to, as `projects
    /// list` prints it; by default the risk is the plan's as a whole.
    #[arg(long, value_name = "TITLE")]
    pub project: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ProjectsCommand {
    /// List each project by group with its lead services, deliverables, the
    /// priorities it serves and its latest approved progress report.
    List {
        #[command(flatten)]
        plan: PlanSelector,
        #[arg(long)]
        json: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}

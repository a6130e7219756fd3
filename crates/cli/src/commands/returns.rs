//! `trustboard returns`: statutory returns (SSDA903 and the CIN census)
//! imported, validated and turned into the plans' social-care indicators.

use std::path::PathBuf;

use anyhow::Context;
use chrono::Utc;
use clap::{Args, Subcommand, ValueEnum};
use trustboard_core::returns::{rules_of, Collection, Issue, ReturnIndicator, ReturnYear};
use trustboard_formats::returns::{issues_csv, issues_xlsx, read_return};
use trustboard_store::returns::{ReturnUpload, ReturnValuesReport};
use trustboard_store::Store;

use super::derive::organisation;

#[derive(Debug, Clone, Args)]
pub struct ReturnScope {
    /// The year the return ends: 2018 (or 2017/18) is 1 April 2017 to 31 March 2018.
    #[arg(long, value_parser = parse_year)]
    pub year: ReturnYear,
    /// The organisation the return belongs to; by default the only plan's organisation.
    #[arg(long)]
    pub org: Option<String>,
    /// The population under 18, for children looked after (and on child
    /// protection plans) per 10,000.
    #[arg(long)]
    pub population: Option<u64>,
}

fn parse_year(text: &str) -> Result<ReturnYear, String> {
    ReturnYear::parse(text).map_err(|error| error.to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum ReturnsCommand {
    /// Import an SSDA903 return (its CSV tables, in any order, or its XML
    /// form) or a CIN census (its XML), replacing the organisation's return
    /// of that collection for that year, then validate it and write its
    /// indicators into the plans.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        scope: ReturnScope,
    },
    /// Every indicator computed from the year's returns, with numerator and denominator.
    Indicators {
        #[command(flatten)]
        scope: ReturnScope,
        #[arg(long)]
        json: bool,
    },
    /// The validation report: every rule failure with rule code, child, row and explanation.
    Validate {
        #[command(flatten)]
        scope: ReturnScope,
        /// Write the report as CSV or XLSX to --out instead of listing it.
        #[arg(long, value_enum, requires = "out")]
        format: Option<ReportFormat>,
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn returns(store: &Store, command: ReturnsCommand) -> anyhow::Result<()> {
    match command {
        ReturnsCommand::Import { files, scope } => import(store, &files, &scope).await,
        ReturnsCommand::Indicators { scope, json } => {
            let indicators: Vec<ReturnIndicator> = held(store, &scope)
                .await?
                .into_iter()
                .flat_map(|(_, _, indicators)| indicators)
                .collect();
            if json {
                super::print_json(&indicators)
            } else {
                print_indicators(&indicators);
                Ok(())
            }
        }
        ReturnsCommand::Validate { scope, format, out } => {
            let returns = held(store, &scope).await?;
            let issues: Vec<&Issue> = returns.iter().flat_map(|(_, issues, _)| issues).collect();
            let listed = match (format, out) {
                (Some(format), Some(out)) => {
                    let issues: Vec<Issue> = issues.into_iter().cloned().collect();
                    let bytes = match format {
                        ReportFormat::Csv => issues_csv(&issues)?,
                        ReportFormat::Xlsx => issues_xlsx(&issues)?,
                    };
                    std::fs::write(&out, bytes)
                        .with_context(|| format!("cannot write {}", out.display()))?;
                    out!("{} problems written to {}", issues.len(), out.display());
                    format!(
                        "wrote the validation report of the returns for {} ({} problems naming children) to {}",
                        scope.year,
                        issues.len(),
                        out.display()
                    )
                }
                _ => {
                    let count = issues.len();
                    for (collection, issues, _) in &returns {
                        out!("{} {}:", collection.label(), scope.year);
                        print_issues(*collection, issues);
                    }
                    format!(
                        "listed the validation report of the returns for {} ({count} problems naming children)",
                        scope.year
                    )
                }
            };
            if returns.iter().any(|(_, issues, _)| !issues.is_empty()) {
                let organisation = organisation(store, scope.org.clone()).await?;
                store
                    .audit_return_read(&organisation, "command line", &listed, Utc::now())
                    .await?;
            }
            Ok(())
        }
    }
}

async fn import(store: &Store, files: &[PathBuf], scope: &ReturnScope) -> anyhow::Result<()> {
    let organisation = organisation(store, scope.org.clone()).await?;
    let mut texts = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = String::from_utf8(bytes)
            .with_context(|| format!("{name}: the file is not UTF-8 text"))?;
        texts.push((name, text));
    }
    let read =
        read_return(&texts).map_err(|error| anyhow::anyhow!("{error}; nothing was imported"))?;
    for note in &read.notes {
        out!("note: {note}");
    }
    let names: Vec<String> = texts.into_iter().map(|(name, _)| name).collect();
    let now = Utc::now();
    let collection = read.collection.unwrap_or(Collection::Ssda903);
    let upload = ReturnUpload {
        collection,
        year: scope.year,
        files: &names,
        rows: &read.rows,
        actor: "command line",
        at: now,
    };
    let imported = store.import_return(&organisation, &upload).await?;
    out!(
        "{} {}: {} rows imported{}",
        collection.label(),
        scope.year,
        imported.rows,
        if imported.replaced {
            ", replacing the return held before"
        } else {
            ""
        }
    );
    let (issues, indicators) = computed(store, scope, collection).await?;
    out!(
        "validation: {} problems (trustboard returns validate --year {} lists them)",
        issues.len(),
        scope.year.ending
    );
    let report = store
        .store_return_values(&organisation, collection, scope.year, &indicators, now)
        .await?;
    print_values(&report);
    Ok(())
}

/// The year's return of `collection` from the store, validated, and its indicators.
async fn computed(
    store: &Store,
    scope: &ReturnScope,
    collection: Collection,
) -> anyhow::Result<(Vec<Issue>, Vec<ReturnIndicator>)> {
    let organisation = organisation(store, scope.org.clone()).await?;
    Ok(store
        .evaluated_return(&organisation, collection, scope.year, scope.population)
        .await?)
}

/// Every return the organisation holds for the year (SSDA903 first),
/// validated, with its indicators; an error when it holds none.
async fn held(
    store: &Store,
    scope: &ReturnScope,
) -> anyhow::Result<Vec<(Collection, Vec<Issue>, Vec<ReturnIndicator>)>> {
    let organisation = organisation(store, scope.org.clone()).await?;
    let mut collections: Vec<Collection> = store
        .held_returns(&organisation)
        .await?
        .into_iter()
        .filter(|held| held.year == scope.year)
        .map(|held| held.collection)
        .collect();
    if collections.is_empty() {
        // Reading the missing return gives the error that says how to import one.
        collections.push(Collection::Ssda903);
    }
    collections.sort();
    let mut returns = Vec::new();
    for collection in collections {
        let (issues, indicators) = computed(store, scope, collection).await?;
        returns.push((collection, issues, indicators));
    }
    Ok(returns)
}

fn print_indicators(indicators: &[ReturnIndicator]) {
    for indicator in indicators {
        let denominator = indicator
            .denominator
            .map_or(String::new(), |d| format!(" / {d}"));
        out!(
            "{:<22} {:>8}{:<10} {}",
            indicator.code,
            indicator.numerator,
            denominator,
            indicator.text.as_deref().unwrap_or("no one counted")
        );
        if !indicator.affected_by.is_empty() {
            out!(
                "    could be affected by failures of rules {}",
                indicator.affected_by.join(", ")
            );
        }
    }
}

fn print_issues(collection: Collection, issues: &[Issue]) {
    for issue in issues {
        out!(
            "{} child {} at {} ({} `{}`): {}",
            issue.rule,
            issue.child,
            issue.source,
            issue.field,
            issue.value,
            issue.message
        );
    }
    out!("{} problems", issues.len());
    for (rule, meaning) in rules_of(collection) {
        let count = issues.iter().filter(|issue| issue.rule == *rule).count();
        if count > 0 {
            out!("  {rule:<6} {count:>6}  {meaning}");
        }
    }
}

fn print_values(report: &ReturnValuesReport) {
    for value in &report.written {
        out!(
            "  {} {} ({}): {}",
            value.plan,
            value.indicator,
            value.code,
            value.text
        );
    }
    out!(
        "plan values: {} written, {} unchanged",
        report.written.len(),
        report.unchanged
    );
    if !report.unmatched.is_empty() {
        out!(
            "  no plan indicator has the NI code of {}; give one the code to receive it",
            report.unmatched.join(", ")
        );
    }
}

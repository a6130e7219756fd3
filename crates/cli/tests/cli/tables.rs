//! Councils' own performance tables (CSV, TSV, text) import through
//! `--format table`, with every column's reading shown and undecided
//! columns refused until a person maps them.

use serde_json::Value;
use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};

on_both_backends!(
    a_csv_table_imports_every_column_it_can_read,
    a_latest_column_files_each_value_under_its_own_period,
    undecided_columns_are_refused_until_mapped,
    a_council_table_given_without_a_format_is_read_as_one,
    a_heading_line_named_on_the_command_line_is_read,
);

/// The stored values of one indicator, as `period kind text` lines, sorted.
fn values(plan: &Value, indicator: &str) -> Vec<String> {
    let mut found: Vec<String> = items(&plan["observations"], "observations")
        .iter()
        .filter(|o| text(o, "indicator") == Some(indicator))
        .map(|o| {
            format!(
                "{} {} {}",
                text(o, "period").unwrap_or_default(),
                text(o, "kind").unwrap_or_default(),
                text(o, "text").unwrap_or_default()
            )
        })
        .collect();
    found.sort();
    found
}

fn write(trustboard: &Trustboard, name: &str, contents: &str) -> std::path::PathBuf {
    let path = trustboard.scratch(name);
    std::fs::write(&path, contents).expect("the table is written");
    path
}

const CSV_TABLE: &str = "Example Borough Council\n\
Performance of the Children and Young People's Plan\n\
\n\
Ref,Indicator,Baseline (2005/06),Actual 06/07,Target 06/07,Next target,RAG,England,Lead officer,Comments\n\
NI 50,\"Emotional health\n of children\",55%,58%,60%,62%,Green,56%,Jo Bloggs,On course\n\
CYP 2,Children seen within 7 days,70%,74%,80%,85%,Amber,,,\n";

fn a_csv_table_imports_every_column_it_can_read(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let table = write(&trustboard, "performance.csv", CSV_TABLE);
    // The council is named above the headings: no --org is needed.
    let outcome = trustboard.import(&[&table], &["--format", "table", "--plan", "CYPP 2006-09"]);
    assert_eq!(
        text(&outcome["report"], "organisation"),
        Some("Example Borough Council")
    );
    let readings: Vec<&str> = items(&outcome["columns"], "columns")
        .iter()
        .map(|c| text(c, "reading").unwrap_or("?"))
        .collect();
    assert_eq!(
        readings,
        [
            "code",
            "title",
            "baseline:2005/06",
            "actual:2006/07",
            "target:2006/07",
            "target:2007/08",
            "rag",
            "england:2006/07",
            "lead_officer",
            "comments"
        ]
    );
    let plan = trustboard.plan();
    // The baseline is the out-turn of its year; `Next target` is for the
    // year after the latest out-turn; a comparator without a year is of the
    // latest out-turn's.
    assert_eq!(
        values(&plan, "NI 50"),
        [
            "2005/06 actual 55%",
            "2006/07 actual 58%",
            "2006/07 england 56%",
            "2006/07 target 60%",
            "2007/08 target 62%"
        ]
    );
    let indicators = items(&plan["indicators"], "indicators");
    let ni50 = indicators
        .iter()
        .find(|i| text(i, "key") == Some("NI 50"))
        .expect("NI 50 is stored");
    assert_eq!(text(ni50, "title"), Some("Emotional health of children"));
    assert_eq!(text(ni50, "lead_officer"), Some("Jo Bloggs"));
    assert!(values(&plan, "CYP 2").contains(&"2006/07 actual 74%".to_string()));
    // The stated RAG and comments are kept as written, for the latest
    // out-turn on their row, and the import says which period it took.
    let mut statements: Vec<String> = items(&plan["statements"], "statements")
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {}",
                text(s, "indicator").unwrap_or_default(),
                text(s, "period").unwrap_or_default(),
                text(s, "kind").unwrap_or_default(),
                text(s, "text").unwrap_or_default()
            )
        })
        .collect();
    statements.sort();
    assert_eq!(
        statements,
        [
            "CYP 2 2006/07 rag Amber",
            "NI 50 2006/07 comment On course",
            "NI 50 2006/07 rag Green"
        ]
    );
    let notes = outcome["reader_warnings"].to_string();
    assert!(
        notes.contains("stated RAG or status in this column name no period"),
        "{notes}"
    );
    assert!(
        notes.contains("latest out-turn on its row (2006/07)"),
        "{notes}"
    );
    assert!(notes.contains("performance.csv:4:7"), "{notes}");
}

fn a_latest_column_files_each_value_under_its_own_period(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let table = write(
        &trustboard,
        "latest.txt",
        "| Indicator | Latest | Target 08/09 |\n|---|---|---|\n| Children seen | 74% (06/07) | 80% |\n| Young people in work | 61% (07/08) | 65% |\n",
    );
    let options = [
        "--format",
        "table",
        "--org",
        "Example Council",
        "--plan",
        "KPIs",
    ];
    trustboard.import(&[&table], &options);
    let plan = trustboard.plan();
    assert_eq!(
        values(&plan, "Children seen"),
        ["2006/07 actual 74% (06/07)", "2008/09 target 80%"]
    );
    assert_eq!(
        values(&plan, "Young people in work"),
        ["2007/08 actual 61% (07/08)", "2008/09 target 65%"]
    );
    let undated = write(
        &trustboard,
        "undated.txt",
        "| Indicator | Latest |\n| Children seen | 74% |\n",
    );
    let mut args = vec!["import", undated.to_str().expect("a UTF-8 path")];
    args.extend(options);
    let error = trustboard.fails(&args);
    assert!(error.contains("undated.txt:2:2"), "{error}");
    assert!(
        error.contains("--columns \"Latest=actual:2006/07\""),
        "{error}"
    );
}

const MYSTERY: &str = "Indicator\tActual 2007/08\tCol 5\tWho knows\n\
Children seen\t74%\tx\tBlue\n";

fn undecided_columns_are_refused_until_mapped(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let table = write(&trustboard, "mystery.tsv", MYSTERY);
    let path = table.to_str().expect("a UTF-8 path");
    let named = ["--org", "Example Council", "--plan", "KPIs"];
    let mut args = vec!["import", path, "--format", "table"];
    args.extend(named);
    let error = trustboard.fails(&args);
    assert!(error.contains("3 `Col 5`, 4 `Who knows`"), "{error}");
    assert!(error.contains("--columns"), "{error}");
    assert_eq!(trustboard.plans().to_string(), "[]", "nothing is written");

    // A dry run shows each column's reading and saves it as a mapping to edit.
    let saved = trustboard.scratch("columns.txt");
    let mut dry = args.clone();
    dry.extend([
        "--dry-run",
        "--save-columns",
        saved.to_str().expect("a UTF-8 path"),
    ]);
    let output = trustboard.run(&dry);
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("Actual 2007/08"), "{shown}");
    assert!(shown.contains("out-turn (2007/08)"), "{shown}");
    assert!(shown.contains("UNDECIDED"), "{shown}");
    let mapping = std::fs::read_to_string(&saved).expect("the mapping was saved");
    assert!(mapping.contains("Indicator=title\n"), "{mapping}");
    assert!(mapping.contains("Col 5=\n"), "{mapping}");
    std::fs::write(
        &saved,
        mapping
            .replace("Col 5=\n", "Col 5=ignore\n")
            .replace("Who knows=\n", "Who knows=comments\n"),
    )
    .expect("the mapping is edited");
    let outcome = trustboard.import(
        &[&table],
        &[
            "--columns-file",
            saved.to_str().expect("a UTF-8 path"),
            "--org",
            "Example Council",
            "--plan",
            "KPIs",
        ],
    );
    assert_eq!(outcome["report"]["observations"]["added"], 1, "{outcome}");
    // The same on the command line, naming a column by its place.
    let again = Trustboard::new(backend);
    let outcome = again.import(
        &[&table],
        &[
            "--columns",
            "Col 3=ignore,Who knows=ignore",
            "--org",
            "Example Council",
            "--plan",
            "KPIs",
        ],
    );
    assert_eq!(outcome["report"]["observations"]["added"], 1, "{outcome}");
}

/// A `.csv` that is not in the canonical format is read as a council's
/// table, and says so; a canonical file beside it is read as before.
fn a_council_table_given_without_a_format_is_read_as_one(backend: Backend) {
    let told = Trustboard::new(backend);
    let table = write(&told, "performance.csv", CSV_TABLE);
    told.import(&[&table], &["--format", "table", "--plan", "CYPP 2006-09"]);

    let trustboard = Trustboard::new(backend);
    let table = write(&trustboard, "performance.csv", CSV_TABLE);
    let path = table.to_str().expect("a UTF-8 path");
    let output = trustboard.run(["import", "--json", path, "--plan", "CYPP 2006-09"]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("performance.csv"), "{said}");
    assert!(
        said.contains("reading it as a council's performance table"),
        "{said}"
    );
    let plan = trustboard.plan();
    assert_eq!(values(&plan, "NI 50"), values(&told.plan(), "NI 50"));
    assert_eq!(values(&plan, "CYP 2"), values(&told.plan(), "CYP 2"));

    // A canonical table on its own adds to the stored plan, as it always has.
    let exported = trustboard.export("csv", "exported");
    let observations = exported.join("observations.csv");
    let canonical = std::fs::read_to_string(&observations).expect("the export is readable");
    std::fs::write(&observations, canonical.replacen("58%", "59%", 1))
        .expect("the export is edited");
    let path = observations.to_str().expect("a UTF-8 path");
    let output = trustboard.run([
        "import",
        "--json",
        path,
        "--org",
        "Example Borough Council",
        "--plan",
        "CYPP 2006-09",
    ]);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(!said.contains("council's performance table"), "{said}");
    assert!(values(&trustboard.plan(), "NI 50").contains(&"2006/07 actual 59%".to_string()));
}

/// Headings under two lines of titles that the reader cannot place by itself.
const UNHEADED: &str = "Example Council\n\
KPI report\n\
Ref,What we look at,Then,Hoped for\n\
NI 50,Emotional health,63%,65%\n";

fn a_heading_line_named_on_the_command_line_is_read(backend: Backend) {
    let trustboard = Trustboard::new(backend);
    let table = write(&trustboard, "unheaded.csv", UNHEADED);
    let path = table.to_str().expect("a UTF-8 path");
    let named = ["--org", "Example Council", "--plan", "KPIs"];
    let mut args = vec!["import", path, "--format", "table"];
    args.extend(named);
    let error = trustboard.fails(&args);
    assert!(error.contains("--heading-line N"), "{error}");
    let outcome = trustboard.import(
        &[&table],
        &[
            "--heading-line",
            "3",
            "--columns",
            "What we look at=title,Then=actual:2006/07,Hoped for=target:2007/08",
            "--org",
            "Example Council",
            "--plan",
            "KPIs",
        ],
    );
    assert_eq!(outcome["report"]["observations"]["added"], 2, "{outcome}");
    assert_eq!(
        values(&trustboard.plan(), "NI 50"),
        ["2006/07 actual 63%", "2007/08 target 65%"]
    );
}

//! Bad input is refused with its place named, and the database is left as it was.

use std::path::Path;

use trustboard_store::Backend;

use crate::harness::{items, on_both_backends, text, Trustboard};
use crate::seeds::seed;

on_both_backends!(
    unknown_heading_is_refused,
    missing_column_is_refused,
    latin1_file_is_refused,
    truncated_workbook_is_refused,
    unknown_indicator_is_refused,
    figure_outside_the_plans_years_is_refused,
    over_long_figure_is_refused,
);

/// A database holding seed 000, and its canonical CSV export to spoil.
fn with_plan(backend: Backend) -> (Trustboard, String) {
    let trustboard = Trustboard::new(backend);
    trustboard.import(&[&seed("000")], &[]);
    let before = trustboard.export_json();
    (trustboard, before)
}

/// Importing `input` fails, the message holds every one of `expected`, and the plan is unchanged.
fn refused(
    trustboard: &Trustboard,
    before: &str,
    input: &Path,
    options: &[&str],
    expected: &[String],
) {
    let mut args = vec!["import".to_string(), input.display().to_string()];
    args.extend(options.iter().map(|o| o.to_string()));
    let message = trustboard.fails(&args);
    for part in expected {
        assert!(
            message.contains(part.as_str()),
            "the message should contain `{part}`:\n{message}"
        );
    }
    assert!(
        trustboard.export_json() == before,
        "a refused import changed the stored plan"
    );
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
}

/// The 1-based position of `heading` in a CSV header row.
fn heading_column(header: &str, heading: &str) -> usize {
    header
        .split(',')
        .position(|h| h == heading)
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no `{heading}` in the header `{header}`"))
}

/// Appends a row to the exported observations table, giving the cells named
/// in `cells` and leaving the others blank; returns the row's line number and the row.
fn append_observation(file: &Path, cells: &[(&str, &[u8])]) -> (usize, Vec<u8>) {
    let mut bytes = read(file);
    let content = String::from_utf8_lossy(&bytes).into_owned();
    let header = content.lines().next().expect("a header row");
    let mut row: Vec<u8> = Vec::new();
    for (n, heading) in header.split(',').enumerate() {
        if n > 0 {
            row.push(b',');
        }
        if let Some((_, value)) = cells.iter().find(|(h, _)| *h == heading) {
            row.extend_from_slice(value);
        }
    }
    row.push(b'\n');
    assert!(
        bytes.ends_with(b"\n"),
        "the export ends its last row with a line break"
    );
    let line = content.lines().count() + 1;
    bytes.extend_from_slice(&row);
    write(file, &bytes);
    (line, row)
}

/// An indicator key that needs no quoting in CSV and is plain ASCII, so that
/// characters and bytes count alike.
fn plain_key(trustboard: &Trustboard) -> String {
    let plan = trustboard.plan();
    items(&plan["indicators"], "indicators")
        .iter()
        .filter_map(|i| text(i, "key"))
        .find(|k| k.is_ascii() && !k.contains([',', '"']))
        .expect("an indicator with a plain key")
        .to_string()
}

fn unknown_heading_is_refused(backend: Backend) {
    let (trustboard, before) = with_plan(backend);
    let dir = trustboard.export("csv", "plan-csv");
    let file = dir.join("observations.csv");
    let content = String::from_utf8(read(&file)).expect("UTF-8 export");
    let header = content.lines().next().expect("a header row").to_string();
    let column = heading_column(&header, "text");
    let renamed = header.replacen(",text,", ",value,", 1);
    write(&file, content.replacen(&header, &renamed, 1).as_bytes());
    let at = format!("{}:1:{column}:", file.display());
    refused(&trustboard, &before, &dir, &[], &[at, "`value`".into()]);
}

fn missing_column_is_refused(backend: Backend) {
    let (trustboard, before) = with_plan(backend);
    let key = plain_key(&trustboard);
    let plan = trustboard.plans();
    let name = text(&plan[0], "name").expect("plan name").to_string();
    let organisation = text(&plan[0], "organisation")
        .expect("organisation")
        .to_string();
    // A lone observations table without its `kind` column.
    let file = trustboard.scratch("observations.csv");
    write(
        &file,
        format!("indicator,period,text\n{key},2014/15,5%\n").as_bytes(),
    );
    let at = format!("{}:1:", file.display());
    refused(
        &trustboard,
        &before,
        &file,
        &["--plan", &name, "--org", &organisation],
        &[at, "`kind`".into()],
    );
}

fn latin1_file_is_refused(backend: Backend) {
    let (trustboard, before) = with_plan(backend);
    let key = plain_key(&trustboard);
    let dir = trustboard.export("csv", "plan-csv");
    let file = dir.join("observations.csv");
    // `£5` as a Latin-1 spreadsheet saves it: 0xA3 then `5`.
    let (line, row) = append_observation(
        &file,
        &[
            ("indicator", key.as_bytes()),
            ("period", b"2014/15"),
            ("kind", b"target"),
            ("text", b"\xA35"),
        ],
    );
    let column = row
        .iter()
        .position(|b| *b == 0xA3)
        .map(|i| i + 1)
        .expect("the byte is in the row");
    let at = format!("{}:{line}:{column}:", file.display());
    refused(&trustboard, &before, &dir, &[], &[at, "0xA3".into()]);
}

fn truncated_workbook_is_refused(backend: Backend) {
    let (trustboard, before) = with_plan(backend);
    let whole = read(&trustboard.export("xlsx", "plan.xlsx"));
    let file = trustboard.scratch("half.xlsx");
    write(&file, &whole[..whole.len() / 2]);
    refused(
        &trustboard,
        &before,
        &file,
        &[],
        &[format!("{}:", file.display())],
    );
}

/// Appends to the plan's exported observations the row `cells` makes from
/// a plain indicator key, and checks the import is refused at that row's
/// `heading` column with each of `expected`.
fn refused_row(
    backend: Backend,
    cells: impl Fn(&str) -> Vec<(&'static str, Vec<u8>)>,
    heading: &str,
    expected: &[&str],
) {
    let (trustboard, before) = with_plan(backend);
    let cells = cells(&plain_key(&trustboard));
    let cells: Vec<(&str, &[u8])> = cells.iter().map(|(h, v)| (*h, v.as_slice())).collect();
    let dir = trustboard.export("csv", "plan-csv");
    let file = dir.join("observations.csv");
    let (line, _) = append_observation(&file, &cells);
    let content = String::from_utf8(read(&file)).expect("UTF-8 export");
    let column = heading_column(content.lines().next().unwrap_or_default(), heading);
    let mut parts = vec![format!("{}:{line}:{column}:", file.display())];
    parts.extend(expected.iter().map(|part| part.to_string()));
    refused(&trustboard, &before, &dir, &[], &parts);
}

/// An observation row of `indicator`, `period`, `kind` and `text`.
fn row(indicator: &str, period: &str, kind: &str, text: &str) -> Vec<(&'static str, Vec<u8>)> {
    [
        ("indicator", indicator),
        ("period", period),
        ("kind", kind),
        ("text", text),
    ]
    .into_iter()
    .map(|(heading, value)| (heading, value.as_bytes().to_vec()))
    .collect()
}

fn unknown_indicator_is_refused(backend: Backend) {
    refused_row(
        backend,
        |_| row("No such indicator", "2014/15", "target", "5%"),
        "indicator",
        &["field `indicator`", "`No such indicator`"],
    );
}

/// The plan of seed 000 runs 2009-13: a figure for 2099/00 is refused where it is written.
fn figure_outside_the_plans_years_is_refused(backend: Backend) {
    refused_row(
        backend,
        |key| row(key, "2099/00", "actual", "5%"),
        "period",
        &["field `period`", "`2099/00`", "outside the plan's years"],
    );
}

/// A figure as written longer than 200 characters is refused where it is written.
fn over_long_figure_is_refused(backend: Backend) {
    refused_row(
        backend,
        |key| row(key, "2011/12 Q3", "target", &"9".repeat(201)),
        "text",
        &[
            "field `text`",
            "text must be 200 characters or fewer; it has 201",
        ],
    );
}

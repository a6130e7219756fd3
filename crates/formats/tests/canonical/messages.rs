//! The messages a person gets for bad input: where, and what was expected.

use std::fs;
use std::path::Path;

use trustboard_formats::{read_path, write, Format, ImportError};

use crate::fixture::*;

/// Writes the sample as CSV, applies `edit` to one file's text and reads the directory.
fn csv_error(file: &str, edit: impl FnOnce(String) -> String) -> (ImportError, String) {
    let (dir, path) = written(&sample(), Format::Csv, "export");
    let target = path.join(file);
    let text = fs::read_to_string(&target).expect("table read");
    fs::write(&target, edit(text)).expect("table written");
    let error = read_path(&path, None, &no_hints()).expect_err("bad input refused");
    drop(dir);
    (error, target.display().to_string())
}

fn located(error: &ImportError) -> (usize, usize, Option<&str>, Option<&str>) {
    (
        error.line,
        error.column,
        error.field.as_deref(),
        error.text.as_deref(),
    )
}

#[test]
fn a_missing_column_is_named_with_the_expected_headings() {
    let (error, file) = csv_error("observations.csv", |text| {
        text.replacen("indicator,period,kind,", "indicator,kind,", 1)
    });
    assert_eq!(error.file, file, "{error}");
    assert_eq!(located(&error), (1, 0, Some("period"), None), "{error}");
    assert!(
        error
            .message
            .contains("indicator, period, kind, locality, group, text"),
        "{error}"
    );
}

#[test]
fn a_column_of_another_name_is_refused() {
    let (error, file) = csv_error("localities.csv", |text| {
        text.replacen("valid_to", "valid_until", 1)
    });
    assert_eq!(error.file, file);
    assert_eq!(located(&error), (1, 5, Some("valid_until"), None));
    assert!(
        error
            .message
            .contains("name, parent, kind, valid_from, valid_to"),
        "{error}"
    );
}

#[test]
fn an_unknown_period_label_is_pointed_at() {
    let (error, file) = csv_error("observations.csv", |text| {
        text.replacen("2010/11 Q4", "2010/12 Q4", 1)
    });
    assert_eq!(error.file, file);
    // The header, six single-line observations, then the one by locality.
    assert_eq!(located(&error), (8, 2, Some("period"), Some("2010/12 Q4")));
    assert!(
        error.message.contains("2010/11 (financial year)"),
        "{error}"
    );
}

#[test]
fn a_target_agreed_on_a_date_in_another_form_is_pointed_at() {
    let (error, file) = csv_error("observations.csv", |text| {
        text.replacen(",2010-03-24,", ",24/03/2010,", 1)
    });
    assert_eq!(error.file, file);
    // The agreed target is the second observation; `agreed_on` is the eighth column.
    assert_eq!(
        located(&error),
        (3, 8, Some("agreed_on"), Some("24/03/2010")),
        "{error}"
    );
    assert!(error.message.contains("YYYY-MM-DD"), "{error}");
}

#[test]
fn a_milestone_status_that_is_not_one_of_the_four_is_pointed_at() {
    let (error, file) = csv_error("milestones.csv", |text| {
        text.replacen(",at_risk", ",late", 1)
    });
    assert_eq!(error.file, file);
    // The first milestone starts on line 2; `status` is the seventh column.
    assert_eq!(
        located(&error),
        (2, 7, Some("status"), Some("late")),
        "{error}"
    );
    assert!(
        error
            .message
            .contains("not_started, on_track, at_risk, complete"),
        "{error}"
    );
}

#[test]
fn an_observation_of_an_unknown_indicator_is_pointed_at() {
    let (error, file) = csv_error("observations.csv", |text| {
        let mut lines: Vec<String> = text.lines().map(s).collect();
        lines[4] = lines[4].replacen("NI 59", "NI 95", 1);
        lines.join("\n") + "\n"
    });
    assert_eq!(error.file, file);
    assert_eq!(located(&error), (5, 1, Some("indicator"), Some("NI 95")));
    assert!(error.message.contains("no indicator"), "{error}");
}

#[test]
fn json_problems_name_the_row_and_field() {
    let mut doc = sample();
    doc.observations[2].indicator = s("NI 95");
    let (_dir, path) = written(&doc, Format::Json, "plan.json");
    let error = read_path(&path, None, &no_hints()).expect_err("unknown indicator refused");
    assert_eq!(error.file, path.display().to_string());
    assert_eq!(error.field.as_deref(), Some("indicator"));
    assert_eq!(error.text.as_deref(), Some("NI 95"));
    assert!(error.message.starts_with("observation 3: "), "{error}");

    fs::write(
        &path,
        "{\n  \"organisation\": \"Borough\",\n  \"plan\": 7\n}\n",
    )
    .expect("written");
    let error = read_path(&path, None, &no_hints()).expect_err("bad JSON refused");
    assert_eq!((error.line, error.column), (3, 11), "{error}");
}

#[test]
fn a_node_whose_parent_is_missing_is_pointed_at_past_multi_line_cells() {
    let (error, file) = csv_error("nodes.csv", |text| {
        text.replacen("\n2,,outcome,", "\n2,9,outcome,", 1)
    });
    assert_eq!(error.file, file);
    // Node 1.1's title spans two lines, so node 2 starts on line 5.
    assert_eq!(located(&error), (5, 2, Some("parent"), Some("9")));
}

#[test]
fn a_second_observation_for_the_same_slot_is_refused() {
    let (error, file) = csv_error("observations.csv", |text| {
        let second = text.lines().nth(1).map(s).unwrap_or_default();
        format!("{text}{second}\n")
    });
    assert_eq!(error.file, file);
    assert_eq!(located(&error), (9, 1, Some("indicator"), Some("NI 59")));
    assert!(error.message.contains("another observation"), "{error}");
}

#[test]
fn a_file_that_is_not_utf8_names_the_line() {
    let (dir, path) = written(&sample(), Format::Csv, "export");
    let target = path.join("milestones.csv");
    let mut bytes = fs::read(&target).expect("read");
    bytes.extend_from_slice(b"1.1,Caf\xe9,,,,\n");
    fs::write(&target, bytes).expect("written");
    let error = read_path(&path, None, &no_hints()).expect_err("latin-1 refused");
    assert_eq!(error.file, target.display().to_string());
    // The header, a milestone whose text spans two lines, another, then the new row.
    assert_eq!((error.line, error.column), (5, 8));
    assert!(error.message.contains("not UTF-8"), "{error}");
    drop(dir);
}

#[test]
fn an_empty_file_is_refused() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("observations.csv");
    fs::write(&path, "").expect("written");
    let error = read_path(&path, None, &no_hints()).expect_err("empty refused");
    assert_eq!(error.file, path.display().to_string());
    assert!(error.message.contains("empty"), "{error}");
}

#[test]
fn a_truncated_workbook_is_reported_as_damaged() {
    let (_dir, path) = written(&sample(), Format::Xlsx, "plan.xlsx");
    let bytes = fs::read(&path).expect("read");
    fs::write(&path, &bytes[..bytes.len() / 2]).expect("cut in half");
    let error = read_path(&path, None, &no_hints()).expect_err("truncated refused");
    assert_eq!(error.file, path.display().to_string());
    assert!(error.message.contains("truncated or damaged"), "{error}");
}

/// A workbook laid out by hand, as a person editing in Excel might leave it.
fn hand_made_workbook(
    path: &Path,
    observations: &[[&str; 4]],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let plan = workbook.add_worksheet().set_name("plan")?;
    plan.write_row(0, 0, ["organisation", "plan"])?;
    plan.write_row(1, 0, ["Borough", "CYPP"])?;
    let indicators = workbook.add_worksheet().set_name("indicators")?;
    indicators.write_row(0, 0, ["key", "title", "objectives"])?;
    indicators.write_row(1, 0, ["NI 59", "Assessments", ""])?;
    // A key Excel has turned into a number.
    indicators.write_number(2, 0, 1.5)?;
    indicators.write_string(2, 1, "Score")?;
    let sheet = workbook.add_worksheet().set_name("Observations")?;
    sheet.write_row(0, 0, ["indicator", "period", "kind", "text"])?;
    for (row, cells) in (1u32..).zip(observations) {
        sheet.write_row(row, 0, cells.iter().copied())?;
    }
    workbook.save(path)
}

#[test]
fn workbook_problems_name_the_sheet_row_and_column() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("edited.xlsx");
    let rows = [
        ["NI 59", "2010/11", "actual", "72%"],
        ["NI 60", "2010/11", "actual", "75%"],
    ];
    hand_made_workbook(&path, &rows).expect("workbook written");
    let error = read_path(&path, None, &no_hints()).expect_err("unknown indicator refused");
    assert_eq!(
        error.file,
        format!("{} (sheet Observations)", path.display())
    );
    assert_eq!(located(&error), (3, 1, Some("indicator"), Some("NI 60")));

    let rows = [
        ["1.5", "2010/11", "actual", "7"],
        ["NI 59", "2010/11", "estimate", "75%"],
    ];
    hand_made_workbook(&path, &rows).expect("workbook written");
    let error = read_path(&path, None, &no_hints()).expect_err("unknown kind refused");
    assert_eq!(located(&error), (3, 3, Some("kind"), Some("estimate")));
}

#[test]
fn workbook_cells_excel_made_numeric_read_back_as_written() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("edited.xlsx");
    hand_made_workbook(&path, &[["1.5", "2010/11", "target", "8"]]).expect("workbook written");
    let doc = read_path(&path, None, &no_hints()).expect("workbook read");
    assert_eq!(doc.indicators[1].key, "1.5");
    assert_eq!(doc.observations[0].indicator, "1.5");
}

#[test]
fn writing_a_document_table_is_refused() {
    let dir = tempfile::tempdir().expect("temporary directory");
    assert!(write(&sample(), Format::Document, &dir.path().join("x.txt")).is_err());
}

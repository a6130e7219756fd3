//! The validation report as CSV or an XLSX workbook: one row per failure.

use rust_xlsxwriter::{Format, Workbook};
use trustboard_core::returns::Issue;
use trustboard_core::spreadsheet::protect_cell;

use crate::error::ExportError;

const COLUMNS: [&str; 7] = [
    "rule",
    "child",
    "row",
    "field",
    "value",
    "explanation",
    "affects",
];

fn cells(issue: &Issue) -> [String; 7] {
    [
        issue.rule.to_string(),
        issue.child.clone(),
        issue.source.clone(),
        issue.field.to_string(),
        issue.value.clone(),
        issue.message.clone(),
        issue.affects.join(", "),
    ]
}

/// The report as CSV, every cell safe to open in a spreadsheet.
pub fn issues_csv(issues: &[Issue]) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for issue in issues {
        // A value as the return wrote it may begin `=` or `-`: kept as text.
        writer.write_record(
            cells(issue)
                .iter()
                .map(|cell| protect_cell(cell).into_owned()),
        )?;
    }
    writer
        .into_inner()
        .map_err(|error| ExportError::from(csv::Error::from(error.into_error())))
}

pub fn issues_xlsx(issues: &[Issue]) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Validation")?;
    for (column, heading) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, column, heading, &bold)?;
        sheet.set_column_width(column, if heading == "explanation" { 70.0 } else { 16.0 })?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (row, issue) in (1u32..).zip(issues) {
        for (column, cell) in (0u16..).zip(cells(issue)) {
            sheet.write_string(row, column, cell)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

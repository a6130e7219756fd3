//! The "Resources" sheet: the section's tables one under another, each with
//! its heading, what it shows and its own header row.

use rust_xlsxwriter::{Format, Worksheet};

use super::{body_format, header_format};
use crate::pack::BoardPack;
use crate::resources::RESOURCES_HEADING;
use crate::ReportError;

pub fn sheet(sheet: &mut Worksheet, pack: &BoardPack) -> Result<(), ReportError> {
    let Some(resources) = &pack.resources else {
        return Ok(());
    };
    sheet.set_name(RESOURCES_HEADING)?;
    let bold = Format::new().set_bold();
    let header = header_format();
    let body = body_format();
    sheet.write_string_with_format(0, 0, RESOURCES_HEADING, &bold)?;
    sheet.write_string(
        1,
        0,
        "Money is in £000s as the council printed it; full-time equivalents are FTE.",
    )?;
    sheet.set_column_width(0, 50.0)?;
    for col in 1u16..8 {
        sheet.set_column_width(col, 22.0)?;
    }
    let mut row = 3u32;
    for table in resources.worded() {
        sheet.write_string_with_format(row, 0, table.heading, &bold)?;
        sheet.write_string(row + 1, 0, &table.intro)?;
        row += 2;
        if table.rows.is_empty() {
            row += 1;
            continue;
        }
        for (col, (title, _)) in (0u16..).zip(&table.columns) {
            sheet.write_string_with_format(row, col, title, &header)?;
        }
        row += 1;
        for cells in &table.rows {
            for (col, cell) in (0u16..).zip(cells) {
                sheet.write_string_with_format(row, col, cell, &body)?;
            }
            row += 1;
        }
        row += 1;
    }
    Ok(())
}

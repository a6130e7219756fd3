//! The workbook's risk sheet: the top risks as a table, then both heat maps
//! with each cell filled by its band and worded.

use rust_xlsxwriter::{Color, Format, Worksheet};

use super::{body_format, header_format, write_headers};
use crate::pack::{BoardPack, HeatMap};
use crate::risks::{band_fill, bands_key, intro, RISK_COLUMNS};
use crate::ReportError;

pub fn risks_sheet(sheet: &mut Worksheet, pack: &BoardPack) -> Result<(), ReportError> {
    sheet.set_name("Risks")?;
    let widths = [50.0, 24.0, 18.0, 18.0, 12.0, 22.0];
    let headers: Vec<(&str, f64)> = RISK_COLUMNS.into_iter().zip(widths).collect();
    write_headers(sheet, 0, &headers)?;
    let body = body_format();
    let mut row = 1u32;
    for risk in &pack.risks.top {
        sheet.write_string_with_format(
            row,
            0,
            format!("{} {}", risk.number, risk.description),
            &body,
        )?;
        sheet.write_string_with_format(row, 1, &risk.owner, &body)?;
        sheet.write_string_with_format(row, 2, &risk.inherent, &body)?;
        sheet.write_string_with_format(row, 3, &risk.residual, &band_format(risk.residual_band))?;
        sheet.write_string_with_format(row, 4, &risk.trend, &body)?;
        sheet.write_string_with_format(row, 5, risk.review_text(), &body)?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, intro(&pack.risks), &body)?;
    sheet.write_string_with_format(row + 1, 0, bands_key(), &body)?;
    row += 3;
    row = heat_map(sheet, row, &pack.risks.residual)?;
    heat_map(sheet, row + 1, &pack.risks.inherent)?;
    Ok(())
}

fn band_format(band: crate::pack::Band) -> Format {
    let (red, green, blue) = band_fill(band);
    let fill = (u32::from(red) << 16) | (u32::from(green) << 8) | u32::from(blue);
    body_format().set_background_color(Color::RGB(fill))
}

/// Writes `map` from `row` (caption, headings, five rows); returns the row after it.
fn heat_map(sheet: &mut Worksheet, row: u32, map: &HeatMap) -> Result<u32, ReportError> {
    let header = header_format();
    sheet.write_string_with_format(row, 0, &map.caption, &Format::new().set_bold())?;
    sheet.write_string_with_format(row + 1, 0, "Impact", &header)?;
    for (column, title) in (1u16..).zip(&map.columns) {
        sheet.write_string_with_format(row + 1, column, title, &header)?;
    }
    let mut at = row + 2;
    for line in &map.rows {
        sheet.write_string_with_format(at, 0, &line.impact, &header)?;
        for (column, cell) in (1u16..).zip(&line.cells) {
            let text = format!("{}: {}", cell.band_text(), cell.risks_text());
            sheet.write_string_with_format(at, column, text, &band_format(cell.band))?;
        }
        at += 1;
    }
    Ok(at)
}

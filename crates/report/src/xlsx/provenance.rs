//! The workbook's sheets on where the figures come from: out-turns across
//! successive plans (figures as numbers, with the text as written), and what
//! each headline percentage counts.

use rust_xlsxwriter::Worksheet;

use super::{body_format, write_headers};
use crate::display::cell_text;
use crate::inclusion::{write_sheet, PACK_COLUMNS};
use crate::pack::BoardPack;
use crate::{RenderOptions, ReportError};

pub fn across_plans_sheet(
    sheet: &mut Worksheet,
    pack: &BoardPack,
    opts: RenderOptions,
) -> Result<(), ReportError> {
    sheet.set_name("Across plans")?;
    write_headers(
        sheet,
        0,
        &[
            ("Indicator", 60.0),
            ("Period", 12.0),
            ("Out-turn", 12.0),
            ("As written", 24.0),
            ("Plan", 24.0),
        ],
    )?;
    let body = body_format();
    let lines = pack
        .across_plans
        .iter()
        .flat_map(|series| series.points.iter().map(move |point| (series, point)));
    for (row, (series, point)) in (1u32..).zip(lines) {
        let shown = cell_text(&point.cell, opts);
        sheet.write_string_with_format(row, 0, &series.indicator, &body)?;
        sheet.write_string_with_format(row, 1, &point.period_label, &body)?;
        if let Some(figure) = shown.figure {
            sheet.write_number(row, 2, figure)?;
        }
        sheet.write_string_with_format(row, 3, &shown.text, &body)?;
        sheet.write_string_with_format(row, 4, &point.plan, &body)?;
    }
    Ok(())
}

pub fn inclusion_sheet(sheet: &mut Worksheet, pack: &BoardPack) -> Result<(), ReportError> {
    write_sheet(
        sheet,
        ("Headline counts", &PACK_COLUMNS, &[2, 6]),
        pack.inclusion.iter().map(crate::inclusion::pack_cells),
    )
}

//! The workbook's projects sheet: one row per project with its latest
//! approved report, the RAG as a letter and word on its colour.

use rust_xlsxwriter::Worksheet;

use super::{body_format, rag_format, write_headers};
use crate::pack::BoardPack;
use crate::projects::{NO_REPORT, PROJECT_COLUMNS};
use crate::ReportError;

pub fn projects_sheet(sheet: &mut Worksheet, pack: &BoardPack) -> Result<(), ReportError> {
    sheet.set_name("Projects")?;
    let [lead, period, status, rag, commentary] = PROJECT_COLUMNS;
    write_headers(
        sheet,
        0,
        &[
            ("Group", 24.0),
            ("Project", 60.0),
            (lead, 30.0),
            (period, 14.0),
            (status, 14.0),
            (rag, 12.0),
            (commentary, 60.0),
        ],
    )?;
    let body = body_format();
    for (row, project) in (1u32..).zip(&pack.projects) {
        sheet.write_string_with_format(row, 0, &project.group, &body)?;
        sheet.write_string_with_format(row, 1, &project.title, &body)?;
        sheet.write_string_with_format(row, 2, &project.lead, &body)?;
        let Some(progress) = &project.progress else {
            sheet.write_string_with_format(row, 3, NO_REPORT, &body)?;
            continue;
        };
        sheet.write_string_with_format(row, 3, &progress.period_label, &body)?;
        sheet.write_string_with_format(row, 4, &progress.status, &body)?;
        let rating = format!("{} {}", progress.rag.letter(), progress.rag.label());
        sheet.write_string_with_format(row, 5, &rating, &rag_format(progress.rag))?;
        sheet.write_string_with_format(row, 6, &progress.commentary, &body)?;
    }
    Ok(())
}

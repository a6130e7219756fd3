//! The headline's inclusion table as a download: one line per indicator per
//! headline figure, saying whether it is counted and, if not, why.

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use trustboard_core::judge::inclusion::{Inclusion, InclusionRow};
use trustboard_core::spreadsheet::protect_cell;

use crate::ReportError;

const COLUMNS: [&str; 8] = [
    "headline",
    "indicator",
    "code",
    "title",
    "counted",
    "outcome",
    "left_out_because",
    "detail",
];

/// The row's cells, in [`COLUMNS`] order.
fn cells(row: &InclusionRow) -> [String; 8] {
    let (counted, outcome, reason) = match &row.inclusion {
        Inclusion::Counted { outcome } => ("yes", outcome.label().to_string(), String::new()),
        Inclusion::LeftOut { reason } => ("no", String::new(), reason.label().to_string()),
    };
    [
        row.headline.label().to_string(),
        row.indicator.clone(),
        row.code.clone().unwrap_or_default(),
        row.title.clone(),
        counted.to_string(),
        outcome,
        reason,
        row.detail.clone(),
    ]
}

/// Column headings of the table as the board pack prints it.
pub(crate) const PACK_COLUMNS: [&str; 7] = [
    "Headline figure",
    "Code",
    "Indicator",
    "Counted",
    "Counted as",
    "Left out because",
    "Detail",
];

/// The row's cells as the board pack prints them: the download's without the
/// indicator's key, which only the plan's files use.
pub(crate) fn pack_cells(row: &InclusionRow) -> [String; 7] {
    let [headline, _, code, title, counted, outcome, reason, detail] = cells(row);
    [headline, code, title, counted, outcome, reason, detail]
}

/// A field quoted when it holds a comma, quote or line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The table as CSV with a header line.
pub fn csv(rows: &[InclusionRow]) -> String {
    let mut out = COLUMNS.join(",") + "\n";
    for row in rows {
        // A cell a spreadsheet would read as a formula is kept as text.
        let line: Vec<String> = cells(row).iter().map(|c| field(&protect_cell(c))).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The table as a one-sheet workbook, header row frozen.
pub fn xlsx(rows: &[InclusionRow]) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    write_sheet(
        workbook.add_worksheet(),
        ("Inclusion", &COLUMNS, &[3, 7]),
        rows.iter().map(cells),
    )?;
    Ok(workbook.save_to_buffer()?)
}

/// Writes `lines` on a sheet called `name` under bold `headings`, header row
/// frozen, the `wide` columns (of long text) widened.
pub(crate) fn write_sheet<const N: usize>(
    sheet: &mut Worksheet,
    (name, headings, wide): (&str, &[&str; N], &[u16]),
    lines: impl Iterator<Item = [String; N]>,
) -> Result<(), ReportError> {
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    for (col, heading) in (0u16..).zip(headings) {
        sheet.write_string_with_format(0, col, *heading, &bold)?;
        sheet.set_column_width(col, if wide.contains(&col) { 60 } else { 16 })?;
    }
    for (line, cells) in (1u32..).zip(lines) {
        for (col, cell) in (0u16..).zip(cells) {
            sheet.write_string(line, col, &cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use trustboard_core::judge::inclusion::{Headline, LeftOut, Outcome};

    fn row(inclusion: Inclusion, title: &str) -> InclusionRow {
        InclusionRow {
            headline: Headline::Improved,
            indicator: "k".into(),
            code: None,
            title: title.into(),
            inclusion,
            detail: "no out-turn for 2009/10 to compare with".into(),
        }
    }

    #[test]
    fn csv_lines_say_counted_or_why_not_and_quote_commas() {
        let text = csv(&[
            row(
                Inclusion::Counted {
                    outcome: Outcome::Improved,
                },
                "Swims, aged 0-16",
            ),
            row(
                Inclusion::LeftOut {
                    reason: LeftOut::NoComparablePrevious,
                },
                "Sessions",
            ),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "% improved,k,,\"Swims, aged 0-16\",yes,improved,,no out-turn for 2009/10 to compare with"
        );
        assert_eq!(
            lines[2],
            "% improved,k,,Sessions,no,,no comparable previous figure,no out-turn for 2009/10 to compare with"
        );
    }
}

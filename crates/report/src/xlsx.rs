//! The pack as a workbook: a summary sheet, one sheet per outcome, exceptions, milestones
//! and the plan's own indicator summary. Figures are stored as numbers with a number
//! format; where a council wrote something other than the plain figure, its text sits in
//! the next column.

mod projects;
mod provenance;
mod resources;
mod risks;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::display::{
    cell_text, figure_text, headline_lines, polarity_label, visible_commentary, CellText,
};
use crate::pack::{BoardPack, Cell, HeadlineCounts, OutcomeScorecard, Rag, ScorecardRow, Unit};
use crate::{RenderOptions, ReportError};

pub fn render_xlsx(pack: &BoardPack, opts: RenderOptions) -> Result<Vec<u8>, ReportError> {
    pack.validate()?;
    let mut workbook = Workbook::new();
    summary_sheet(workbook.add_worksheet(), pack, opts)?;
    let mut used_names = vec!["Summary".to_owned()];
    for outcome in &pack.outcomes {
        let name = sheet_name(&format!("Outcome {}", outcome.code), &used_names);
        used_names.push(name.clone());
        outcome_sheet(workbook.add_worksheet(), &name, outcome, opts)?;
    }
    exceptions_sheet(workbook.add_worksheet(), pack, opts)?;
    milestones_sheet(workbook.add_worksheet(), pack)?;
    if pack.resources.is_some() {
        resources::sheet(workbook.add_worksheet(), pack)?;
    }
    risks::risks_sheet(workbook.add_worksheet(), pack)?;
    if !pack.projects.is_empty() {
        projects::projects_sheet(workbook.add_worksheet(), pack)?;
    }
    appendix_sheet(workbook.add_worksheet(), pack, opts)?;
    provenance::across_plans_sheet(workbook.add_worksheet(), pack, opts)?;
    provenance::inclusion_sheet(workbook.add_worksheet(), pack)?;
    Ok(workbook.save_to_buffer()?)
}

/// Excel limits sheet names to 31 characters, forbids `[]:*?/\` and an apostrophe at
/// either end; names must be unique.
fn sheet_name(wanted: &str, used: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|ch| if "[]:*?/\\".contains(ch) { '-' } else { ch })
        .take(28)
        .collect();
    let clean = clean.trim_matches('\'').to_owned();
    let mut name = clean.clone();
    let mut suffix = 2;
    while used.iter().any(|taken| taken.eq_ignore_ascii_case(&name)) {
        name = format!("{clean} {suffix}");
        suffix += 1;
    }
    name
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8E8E8))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn body_format() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

fn rag_format(rag: Rag) -> Format {
    let (red, green, blue) = rag.colour();
    let fill = (u32::from(red) << 16) | (u32::from(green) << 8) | u32::from(blue);
    let text = match rag {
        Rag::Red | Rag::Green => Color::White,
        Rag::Amber | Rag::Grey => Color::Black,
    };
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(fill))
        .set_font_color(text)
        .set_align(FormatAlign::Top)
}

/// Decimal places the figure needs (at most two), so the cell shows what the council wrote.
fn decimals(figure: f64) -> usize {
    figure_text(figure)
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

fn number_format(unit: Unit, figure: f64) -> Format {
    let places = "0".repeat(decimals(figure));
    let point = if places.is_empty() { "" } else { "." };
    let pattern = match unit {
        Unit::Percent => format!("0{point}{places}%"),
        Unit::Count => format!("#,##0{point}{places}"),
        Unit::Rate | Unit::Score | Unit::Other => format!("0{point}{places}"),
    };
    Format::new()
        .set_num_format(pattern)
        .set_align(FormatAlign::Top)
}

/// How the stored number reads, to tell whether the council's text adds anything.
fn plain_text(unit: Unit, figure: f64) -> String {
    match unit {
        Unit::Percent => format!("{}%", figure_text(figure)),
        _ => figure_text(figure),
    }
}

/// Writes a figure (as a number) and, in the next column, its text when that differs.
fn write_figure(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    unit: Unit,
    shown: &CellText,
) -> Result<(), ReportError> {
    if let Some(figure) = shown.figure {
        let stored = if unit == Unit::Percent {
            figure / 100.0
        } else {
            figure
        };
        sheet.write_number_with_format(row, col, stored, &number_format(unit, figure))?;
        if shown.suppressed || shown.text != plain_text(unit, figure) {
            sheet.write_string_with_format(row, col + 1, &shown.text, &body_format())?;
        }
    } else if !shown.text.is_empty() {
        sheet.write_string_with_format(row, col + 1, &shown.text, &body_format())?;
    }
    Ok(())
}

fn write_headers(
    sheet: &mut Worksheet,
    row: u32,
    headers: &[(&str, f64)],
) -> Result<(), ReportError> {
    let format = header_format();
    for (col, (title, width)) in (0u16..).zip(headers) {
        sheet.write_string_with_format(row, col, *title, &format)?;
        sheet.set_column_width(col, *width)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    pack: &BoardPack,
    opts: RenderOptions,
) -> Result<(), ReportError> {
    sheet.set_name("Summary")?;
    let title = Format::new().set_bold().set_font_size(14);
    sheet.write_string_with_format(
        0,
        0,
        format!("{} – {}", pack.title, pack.period_label),
        &title,
    )?;
    sheet.write_string(1, 0, &pack.organisation)?;
    sheet.write_string(2, 0, &pack.plan)?;
    let status = if opts.published {
        "Published version"
    } else {
        "For the partnership: not for publication"
    };
    sheet.write_string(3, 0, format!("Produced {} · {status}", pack.generated_on))?;
    let current = &pack.headline.current;
    let previous = pack.headline.previous.as_ref();
    let current_count = format!("{} count", current.period_label);
    let current_share = format!("{} %", current.period_label);
    let previous_count = previous.map(|counts| format!("{} count", counts.period_label));
    let previous_share = previous.map(|counts| format!("{} %", counts.period_label));
    let mut headers = vec![
        ("Measure", 28.0),
        (current_count.as_str(), 14.0),
        (current_share.as_str(), 12.0),
    ];
    if let (Some(count), Some(share)) = (&previous_count, &previous_share) {
        headers.push((count.as_str(), 14.0));
        headers.push((share.as_str(), 12.0));
    }
    let header_row = 5;
    write_headers(sheet, header_row, &headers)?;
    write_headline_columns(sheet, header_row + 1, 0, current, true)?;
    if let Some(previous) = previous {
        write_headline_columns(sheet, header_row + 1, 2, previous, false)?;
    }
    Ok(())
}

/// Count and share columns for one report's headline, starting at `col` (+1, +2).
fn write_headline_columns(
    sheet: &mut Worksheet,
    first_row: u32,
    col: u16,
    counts: &HeadlineCounts,
    with_labels: bool,
) -> Result<(), ReportError> {
    let count_format = Format::new().set_num_format("#,##0");
    let share_format = Format::new().set_num_format("0%");
    for (row, line) in (first_row..).zip(headline_lines(counts)) {
        if with_labels {
            sheet.write_string(row, 0, line.label)?;
        }
        sheet.write_number_with_format(row, col + 1, f64::from(line.count), &count_format)?;
        if let Some(percent) = line.percent {
            sheet.write_number_with_format(row, col + 2, percent / 100.0, &share_format)?;
        }
    }
    Ok(())
}

/// Out-turn periods across an outcome's rows, in first-seen order.
fn outturn_periods(outcome: &OutcomeScorecard) -> Vec<String> {
    let mut periods: Vec<String> = vec![];
    for outturn in outcome.rows.iter().flat_map(|row| &row.outturns) {
        if !periods.contains(&outturn.period_label) {
            periods.push(outturn.period_label.clone());
        }
    }
    periods
}

fn outcome_sheet(
    sheet: &mut Worksheet,
    name: &str,
    outcome: &OutcomeScorecard,
    opts: RenderOptions,
) -> Result<(), ReportError> {
    sheet.set_name(name)?;
    let title = Format::new().set_bold().set_font_size(12);
    sheet.write_string_with_format(
        0,
        0,
        format!("Outcome {}: {}", outcome.code, outcome.title),
        &title,
    )?;
    let periods = outturn_periods(outcome);
    let period_headers: Vec<(String, String)> = periods
        .iter()
        .map(|period| (format!("{period} out-turn"), format!("{period} as written")))
        .collect();
    let mut headers: Vec<(&str, f64)> =
        vec![("Objective", 10.0), ("Code", 10.0), ("Indicator", 48.0)];
    for (figure, written) in &period_headers {
        headers.push((figure.as_str(), 12.0));
        headers.push((written.as_str(), 16.0));
    }
    headers.extend([
        ("Target period", 11.0),
        ("Target", 11.0),
        ("Target as written", 18.0),
        ("RAG", 12.0),
        ("RAG reason", 36.0),
        ("Direction of travel", 14.0),
        ("Comparators", 30.0),
        ("Polarity", 16.0),
        ("Notes", 36.0),
    ]);
    let header_row = 2;
    write_headers(sheet, header_row, &headers)?;
    for (row_number, row) in (header_row + 1..).zip(&outcome.rows) {
        write_scorecard_row(sheet, row_number, row, &periods, opts)?;
    }
    Ok(())
}

fn write_scorecard_row(
    sheet: &mut Worksheet,
    row_number: u32,
    row: &ScorecardRow,
    periods: &[String],
    opts: RenderOptions,
) -> Result<(), ReportError> {
    let body = body_format();
    sheet.write_string_with_format(row_number, 0, row.objective.as_deref().unwrap_or(""), &body)?;
    sheet.write_string_with_format(
        row_number,
        1,
        row.indicator_code.as_deref().unwrap_or(""),
        &body,
    )?;
    sheet.write_string_with_format(row_number, 2, &row.indicator_title, &body)?;
    let mut col: u16 = 3;
    for period in periods {
        let outturn = row
            .outturns
            .iter()
            .find(|outturn| &outturn.period_label == period);
        if let Some(outturn) = outturn {
            write_figure(
                sheet,
                (row_number, col),
                row.unit,
                &cell_text(&outturn.cell, opts),
            )?;
        }
        col += 2;
    }
    if let Some(target) = &row.target {
        sheet.write_string_with_format(row_number, col, &target.period_label, &body)?;
        let shown = cell_text(
            &match target.figure {
                Some(figure) => Cell::figure(&target.text, figure),
                None => Cell::text(&target.text),
            },
            opts,
        );
        write_figure(sheet, (row_number, col + 1), row.unit, &shown)?;
    }
    col += 3;
    sheet.write_string_with_format(
        row_number,
        col,
        row.rag.status.label(),
        &rag_format(row.rag.status),
    )?;
    sheet.write_string_with_format(row_number, col + 1, &row.rag.reason, &body)?;
    sheet.write_string_with_format(row_number, col + 2, row.direction.label(), &body)?;
    sheet.write_string_with_format(
        row_number,
        col + 3,
        row.comparator.as_deref().unwrap_or(""),
        &body,
    )?;
    sheet.write_string_with_format(row_number, col + 4, polarity_label(row.polarity), &body)?;
    sheet.write_string_with_format(row_number, col + 5, row.notes.join("\n"), &body)?;
    Ok(())
}

fn exceptions_sheet(
    sheet: &mut Worksheet,
    pack: &BoardPack,
    opts: RenderOptions,
) -> Result<(), ReportError> {
    sheet.set_name("Exceptions")?;
    write_headers(
        sheet,
        0,
        &[
            ("Outcome", 10.0),
            ("Indicator", 48.0),
            ("Why it is reported", 30.0),
            ("Lead officer", 20.0),
            ("Commentary", 70.0),
        ],
    )?;
    let body = body_format();
    for (row, exception) in (1u32..).zip(&pack.exceptions) {
        let commentary: Vec<String> = visible_commentary(&exception.commentary, opts)
            .map(|note| match &note.author {
                Some(author) => format!("{author}: {}", note.text),
                None => note.text.clone(),
            })
            .collect();
        sheet.write_string_with_format(row, 0, &exception.outcome_code, &body)?;
        sheet.write_string_with_format(row, 1, &exception.indicator, &body)?;
        sheet.write_string_with_format(row, 2, exception.reasons.join("\n"), &body)?;
        sheet.write_string_with_format(row, 3, exception.owner.as_deref().unwrap_or(""), &body)?;
        sheet.write_string_with_format(row, 4, commentary.join("\n"), &body)?;
    }
    Ok(())
}

fn milestones_sheet(sheet: &mut Worksheet, pack: &BoardPack) -> Result<(), ReportError> {
    sheet.set_name("Milestones")?;
    write_headers(
        sheet,
        0,
        &[
            ("Objective", 10.0),
            ("Milestone", 60.0),
            ("Due", 18.0),
            ("Status", 12.0),
            ("Lead", 24.0),
        ],
    )?;
    let body = body_format();
    for (row, milestone) in (1u32..).zip(&pack.milestones_at_risk) {
        sheet.write_string_with_format(row, 0, &milestone.objective, &body)?;
        sheet.write_string_with_format(row, 1, &milestone.text, &body)?;
        sheet.write_string_with_format(row, 2, &milestone.due, &body)?;
        sheet.write_string_with_format(row, 3, milestone.status.label(), &body)?;
        sheet.write_string_with_format(row, 4, milestone.owner.as_deref().unwrap_or(""), &body)?;
    }
    Ok(())
}

fn appendix_sheet(
    sheet: &mut Worksheet,
    pack: &BoardPack,
    opts: RenderOptions,
) -> Result<(), ReportError> {
    sheet.set_name("Appendix")?;
    let appendix = &pack.appendix;
    let mut headers: Vec<(&str, f64)> = vec![
        ("Outcome", 10.0),
        ("Objectives", 12.0),
        ("Performance Indicator", 60.0),
    ];
    headers.extend(
        appendix
            .columns
            .iter()
            .map(|column| (column.as_str(), 16.0)),
    );
    write_headers(sheet, 0, &headers)?;
    let body = body_format();
    let rows = appendix
        .sections
        .iter()
        .flat_map(|section| section.rows.iter().map(move |row| (section, row)));
    for (row_number, (section, row)) in (1u32..).zip(rows) {
        sheet.write_string_with_format(row_number, 0, &section.outcome_code, &body)?;
        sheet.write_string_with_format(row_number, 1, &row.objective, &body)?;
        sheet.write_string_with_format(row_number, 2, &row.indicator, &body)?;
        // The plan's own table is kept as written: every cell as text.
        for (col, cell) in (3u16..).zip(&row.cells) {
            sheet.write_string_with_format(row_number, col, cell_text(cell, opts).text, &body)?;
        }
    }
    Ok(())
}

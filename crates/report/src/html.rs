//! A single self-contained, script-free HTML document in the order a board reads it.

use std::fmt::Write as _;

use crate::chart;
use crate::display::{
    cell_text, headline_lines, headline_sentence, outturn_lines, polarity_label, rag_meaning,
    target_text, visible_commentary, CHART_LEGEND, SUPPRESSED_LEGEND,
};
use crate::pack::{
    Appendix, BoardPack, ExceptionRow, Headline, MilestoneRow, OutcomeScorecard, Rag, ScorecardRow,
};
use crate::{RenderOptions, ReportError};

const STYLE: &str = include_str!("html.css");

/// Chart size in CSS pixels.
const CHART_WIDTH: f32 = 120.0;
const CHART_HEIGHT: f32 = 36.0;

pub fn render_html(pack: &BoardPack, opts: RenderOptions) -> Result<Vec<u8>, ReportError> {
    pack.validate()?;
    let mut out = String::with_capacity(64 * 1024);
    // Writing into a String cannot fail, so the fmt::Result values are discarded.
    let _ = write_document(&mut out, pack, opts);
    Ok(out.into_bytes())
}

/// Escapes text for element content and quoted attribute values.
fn esc(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(ch),
        }
    }
    escaped
}

fn outcome_anchor(code: &str) -> String {
    let slug: String = code
        .chars()
        .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
        .collect();
    format!("outcome-{slug}")
}

fn write_document(out: &mut String, pack: &BoardPack, opts: RenderOptions) -> std::fmt::Result {
    let heading = format!("{} – {}", pack.title, pack.period_label);
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{} – {}</title>",
        esc(&heading),
        esc(&pack.organisation)
    )?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<header>")?;
    writeln!(
        out,
        "<p class=\"organisation\">{}</p>",
        esc(&pack.organisation)
    )?;
    writeln!(out, "<h1>{}</h1>", esc(&heading))?;
    writeln!(
        out,
        "<p class=\"meta\">{} · Produced {}{}</p>",
        esc(&pack.plan),
        pack.generated_on,
        if opts.published {
            " · Published version"
        } else {
            " · For the partnership: not for publication"
        }
    )?;
    writeln!(out, "</header>")?;
    write_contents(out, pack)?;
    writeln!(out, "<main>")?;
    write_headline(out, &pack.headline)?;
    writeln!(
        out,
        "<section aria-labelledby=\"scorecards\">\n<h2 id=\"scorecards\">Scorecards by outcome</h2>"
    )?;
    let mut chart_ids = 0usize;
    for outcome in &pack.outcomes {
        write_scorecard(out, outcome, opts, &mut chart_ids)?;
    }
    writeln!(out, "</section>")?;
    write_exceptions(out, &pack.exceptions, opts)?;
    write_milestones(out, &pack.milestones_at_risk)?;
    write_appendix(out, &pack.appendix, opts)?;
    writeln!(out, "</main>")?;
    write_key(out)?;
    writeln!(out, "</body>\n</html>")
}

fn write_contents(out: &mut String, pack: &BoardPack) -> std::fmt::Result {
    writeln!(out, "<nav aria-labelledby=\"contents\">")?;
    writeln!(out, "<h2 id=\"contents\">Contents</h2>\n<ol>")?;
    writeln!(out, "<li><a href=\"#headline\">Headline</a></li>")?;
    writeln!(
        out,
        "<li><a href=\"#scorecards\">Scorecards by outcome</a>\n<ol>"
    )?;
    for outcome in &pack.outcomes {
        writeln!(
            out,
            "<li><a href=\"#{}\">Outcome {}: {}</a></li>",
            outcome_anchor(&outcome.code),
            esc(&outcome.code),
            esc(&outcome.title)
        )?;
    }
    writeln!(out, "</ol></li>")?;
    writeln!(out, "<li><a href=\"#exceptions\">Exceptions</a></li>")?;
    writeln!(
        out,
        "<li><a href=\"#milestones\">Milestones overdue or at risk</a></li>"
    )?;
    writeln!(
        out,
        "<li><a href=\"#appendix\">Appendix: summary of performance indicators</a></li>"
    )?;
    writeln!(out, "</ol>\n</nav>")
}

fn write_headline(out: &mut String, headline: &Headline) -> std::fmt::Result {
    writeln!(
        out,
        "<section aria-labelledby=\"headline\">\n<h2 id=\"headline\">Headline</h2>"
    )?;
    writeln!(
        out,
        "<p class=\"lead\">{}</p>",
        esc(&headline_sentence(&headline.current))
    )?;
    if let Some(previous) = &headline.previous {
        writeln!(out, "<p>{}</p>", esc(&headline_sentence(previous)))?;
    }
    writeln!(
        out,
        "<table class=\"headline\">\n<caption>Headline measures for {}{}</caption>",
        esc(&headline.current.period_label),
        match &headline.previous {
            Some(previous) => format!(" compared with {}", esc(&previous.period_label)),
            None => String::new(),
        }
    )?;
    write!(
        out,
        "<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">{}</th>",
        esc(&headline.current.period_label)
    )?;
    if let Some(previous) = &headline.previous {
        write!(
            out,
            "<th scope=\"col\">{}</th>",
            esc(&previous.period_label)
        )?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    let previous_lines = headline.previous.as_ref().map(headline_lines);
    for (index, line) in headline_lines(&headline.current).iter().enumerate() {
        write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td>",
            line.label,
            line.text()
        )?;
        if let Some(lines) = &previous_lines {
            let text = lines.get(index).map(|line| line.text()).unwrap_or_default();
            write!(out, "<td class=\"num\">{text}</td>")?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn rag_badge(rag: Rag) -> String {
    // A distinct shape and letter per status keeps the badge readable in greyscale.
    let (shape, class) = match rag {
        Rag::Red => ("■", "red"),
        Rag::Amber => ("▲", "amber"),
        Rag::Green => ("●", "green"),
        Rag::Grey => ("○", "grey"),
    };
    format!(
        "<span class=\"rag rag-{class}\"><span aria-hidden=\"true\">{shape} {}</span> {}</span>",
        rag.letter(),
        rag.label()
    )
}

fn write_scorecard(
    out: &mut String,
    outcome: &OutcomeScorecard,
    opts: RenderOptions,
    chart_ids: &mut usize,
) -> std::fmt::Result {
    let anchor = outcome_anchor(&outcome.code);
    writeln!(
        out,
        "<section aria-labelledby=\"{anchor}\">\n<h3 id=\"{anchor}\">Outcome {}: {}</h3>",
        esc(&outcome.code),
        esc(&outcome.title)
    )?;
    if outcome.rows.is_empty() {
        return writeln!(
            out,
            "<p>No indicators are reported for this outcome.</p>\n</section>"
        );
    }
    writeln!(
        out,
        "<table class=\"scorecard\">\n<caption>Outcome {} scorecard: {} indicator{}</caption>",
        esc(&outcome.code),
        outcome.rows.len(),
        if outcome.rows.len() == 1 { "" } else { "s" }
    )?;
    writeln!(
        out,
        "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Out-turns</th><th scope=\"col\">Target</th><th scope=\"col\">RAG</th><th scope=\"col\">Direction of travel</th><th scope=\"col\">Comparators</th><th scope=\"col\">Trend</th></tr></thead>\n<tbody>"
    )?;
    for row in &outcome.rows {
        *chart_ids += 1;
        write_scorecard_row(out, row, opts, *chart_ids)?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn write_scorecard_row(
    out: &mut String,
    row: &ScorecardRow,
    opts: RenderOptions,
    chart_id: usize,
) -> std::fmt::Result {
    write!(out, "<tr><th scope=\"row\">")?;
    if let Some(objective) = &row.objective {
        write!(out, "<span class=\"objective\">{}</span> ", esc(objective))?;
    }
    write!(out, "{}", esc(&row.display_name()))?;
    let polarity = polarity_label(row.polarity);
    if !polarity.is_empty() {
        write!(out, "<span class=\"note\">{polarity}</span>")?;
    }
    for note in &row.notes {
        write!(out, "<span class=\"note\">{}</span>", esc(note))?;
    }
    write!(out, "</th><td>")?;
    let lines: Vec<String> = outturn_lines(row, opts)
        .iter()
        .map(|line| esc(line))
        .collect();
    write!(out, "{}</td>", lines.join("<br>"))?;
    write!(out, "<td>{}</td>", esc(&target_text(row)))?;
    write!(
        out,
        "<td>{}<span class=\"note\">{}</span></td>",
        rag_badge(row.rag.status),
        esc(&row.rag.reason)
    )?;
    write!(
        out,
        "<td><span aria-hidden=\"true\">{}</span> {}</td>",
        row.direction.arrow(),
        row.direction.label()
    )?;
    write!(
        out,
        "<td>{}</td><td>",
        esc(row.comparator.as_deref().unwrap_or(""))
    )?;
    write_chart(out, row, opts, chart_id)?;
    writeln!(out, "</td></tr>")
}

fn write_polyline(out: &mut String, points: &[(f32, f32)], class: &str) -> std::fmt::Result {
    let coordinates: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    write!(
        out,
        "<polyline class=\"{class}\" points=\"{}\"/>",
        coordinates.join(" ")
    )
}

fn write_chart(
    out: &mut String,
    row: &ScorecardRow,
    opts: RenderOptions,
    chart_id: usize,
) -> std::fmt::Result {
    let Some(geometry) = chart::geometry(&row.series, CHART_WIDTH, CHART_HEIGHT, opts) else {
        return write!(out, "No figures to chart");
    };
    write!(
        out,
        "<svg role=\"img\" aria-labelledby=\"chart-{chart_id}-title chart-{chart_id}-desc\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title id=\"chart-{chart_id}-title\">{}</title><desc id=\"chart-{chart_id}-desc\">{}</desc>",
        esc(&chart::title(row)),
        esc(&chart::description(row, opts)),
        w = geometry.width,
        h = geometry.height,
    )?;
    for (x, top, bottom) in &geometry.intervals {
        write!(
            out,
            "<line class=\"ci\" x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{bottom:.1}\"/>"
        )?;
    }
    for run in chart::runs(&geometry.target) {
        write_polyline(out, &run, "target")?;
    }
    for run in chart::runs(&geometry.actual) {
        write_polyline(out, &run, "actual")?;
    }
    for (x, y) in geometry.actual.iter().flatten() {
        write!(
            out,
            "<circle class=\"actual\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\"/>"
        )?;
    }
    write!(out, "</svg>")
}

fn write_exceptions(
    out: &mut String,
    exceptions: &[ExceptionRow],
    opts: RenderOptions,
) -> std::fmt::Result {
    writeln!(
        out,
        "<section aria-labelledby=\"exceptions\">\n<h2 id=\"exceptions\">Exceptions</h2>"
    )?;
    if exceptions.is_empty() {
        return writeln!(
            out,
            "<p>No indicators are reported by exception.</p>\n</section>"
        );
    }
    writeln!(
        out,
        "<table class=\"exceptions\">\n<caption>Indicators reported by exception, with the lead officer's commentary</caption>"
    )?;
    writeln!(
        out,
        "<thead><tr><th scope=\"col\">Indicator</th><th scope=\"col\">Why it is reported</th><th scope=\"col\">Lead officer</th><th scope=\"col\">Commentary</th></tr></thead>\n<tbody>"
    )?;
    for exception in exceptions {
        write!(
            out,
            "<tr><th scope=\"row\">Outcome {}: {}</th><td>",
            esc(&exception.outcome_code),
            esc(&exception.indicator)
        )?;
        let reasons: Vec<String> = exception.reasons.iter().map(|reason| esc(reason)).collect();
        write!(
            out,
            "{}</td><td>{}</td><td>",
            reasons.join("<br>"),
            esc(exception.owner.as_deref().unwrap_or(""))
        )?;
        for note in visible_commentary(&exception.commentary, opts) {
            write!(out, "<p>")?;
            if let Some(author) = &note.author {
                write!(out, "<strong>{}:</strong> ", esc(author))?;
            }
            write!(out, "{}</p>", esc(&note.text))?;
        }
        writeln!(out, "</td></tr>")?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn write_milestones(out: &mut String, milestones: &[MilestoneRow]) -> std::fmt::Result {
    writeln!(
        out,
        "<section aria-labelledby=\"milestones\">\n<h2 id=\"milestones\">Milestones overdue or at risk</h2>"
    )?;
    if milestones.is_empty() {
        return writeln!(
            out,
            "<p>No milestones are overdue or at risk.</p>\n</section>"
        );
    }
    writeln!(
        out,
        "<table>\n<caption>Key milestones overdue or at risk</caption>\n<thead><tr><th scope=\"col\">Objective</th><th scope=\"col\">Milestone</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th><th scope=\"col\">Lead</th></tr></thead>\n<tbody>"
    )?;
    for milestone in milestones {
        writeln!(
            out,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&milestone.objective),
            esc(&milestone.text),
            esc(&milestone.due),
            milestone.status.label(),
            esc(milestone.owner.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</section>")
}

fn write_appendix(out: &mut String, appendix: &Appendix, opts: RenderOptions) -> std::fmt::Result {
    writeln!(
        out,
        "<section aria-labelledby=\"appendix\">\n<h2 id=\"appendix\">Appendix: summary of performance indicators</h2>"
    )?;
    for section in &appendix.sections {
        writeln!(
            out,
            "<h3>Outcome {}: {}</h3>",
            esc(&section.outcome_code),
            esc(&section.outcome_title)
        )?;
        writeln!(
            out,
            "<table class=\"appendix\">\n<caption>Outcome {} performance indicators</caption>",
            esc(&section.outcome_code)
        )?;
        write!(
            out,
            "<thead><tr><th scope=\"col\">Objective</th><th scope=\"col\">Performance indicator</th>"
        )?;
        for column in &appendix.columns {
            write!(out, "<th scope=\"col\">{}</th>", esc(column))?;
        }
        writeln!(out, "</tr></thead>\n<tbody>")?;
        for row in &section.rows {
            write!(
                out,
                "<tr><td>{}</td><th scope=\"row\">{}</th>",
                esc(&row.objective),
                esc(&row.indicator)
            )?;
            for cell in &row.cells {
                write!(out, "<td>{}</td>", esc(&cell_text(cell, opts).text))?;
            }
            writeln!(out, "</tr>")?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "</section>")
}

fn write_key(out: &mut String) -> std::fmt::Result {
    writeln!(out, "<footer>\n<h2 id=\"key\">Key</h2>\n<ul>")?;
    for rag in Rag::ALL {
        writeln!(out, "<li>{}: {}</li>", rag_badge(rag), rag_meaning(rag))?;
    }
    writeln!(
        out,
        "<li>{}</li>\n<li>{}</li>\n</ul>\n</footer>",
        esc(SUPPRESSED_LEGEND),
        esc(CHART_LEGEND)
    )
}

//! The pack as a flat list of blocks in reading order, ready for pagination.

mod projects;
mod provenance;
mod resources;
mod risks;

use crate::chart::{self, ChartGeometry, Layout};
use crate::display::{
    cell_text, headline_lines, headline_sentence, outturn_lines, polarity_label, target_text,
    visible_commentary, CHART_LEGEND, SUPPRESSED_LEGEND,
};
use crate::pack::{BoardPack, Rag, ScorecardRow};
use crate::RenderOptions;

pub enum Block {
    Heading {
        level: u16,
        text: String,
        in_contents: bool,
    },
    Paragraph {
        text: String,
        size: f32,
    },
    /// The contents list; its entries are the headings marked `in_contents`.
    Contents,
    Table(Table),
    /// A RAG badge with what it means.
    KeyLine(Rag),
    PageBreak,
}

pub struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    /// The first cell of each row names the row (a row header).
    pub rows: Vec<Vec<TableCell>>,
}

pub struct Column {
    pub title: String,
    /// Share of the text width; the shares of a table add up to 1.
    pub share: f32,
}

pub enum TableCell {
    Text(String),
    /// A row header: the name in bold, then notes in regular type.
    Named {
        name: String,
        notes: String,
    },
    Rag {
        rag: Rag,
        reason: String,
    },
    Chart {
        geometry: ChartGeometry,
        alt: String,
    },
    /// Text on a coloured fill (a heat map's cell); the text says what the colour does.
    Shaded {
        text: String,
        fill: (u8, u8, u8),
    },
}

/// Height of the small chart in a scorecard row, in points.
pub const CHART_HEIGHT: f32 = 26.0;
/// Radius of the dots marking out-turns, in points.
const CHART_DOT: f32 = 1.4;
/// Width of the scorecard's trend column, as a share of the text width.
const CHART_SHARE: f32 = 0.13;

pub fn blocks(pack: &BoardPack, opts: RenderOptions, text_width: f32) -> Vec<Block> {
    let mut blocks = vec![
        Block::Paragraph {
            text: pack.organisation.clone(),
            size: 11.0,
        },
        Block::Heading {
            level: 1,
            text: format!("{} – {}", pack.title, pack.period_label),
            in_contents: false,
        },
        Block::Paragraph {
            text: format!(
                "{} · Produced {} · {}",
                pack.plan,
                pack.generated_on,
                if opts.published {
                    "Published version"
                } else {
                    "For the partnership: not for publication"
                }
            ),
            size: 10.0,
        },
        heading(2, "Contents", false),
        Block::Contents,
    ];
    headline(pack, &mut blocks);
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, "Scorecards by outcome", true));
    for outcome in &pack.outcomes {
        let title = format!("Outcome {}: {}", outcome.code, outcome.title);
        blocks.push(heading(3, &title, true));
        if outcome.rows.is_empty() {
            blocks.push(paragraph("No indicators are reported for this outcome."));
            continue;
        }
        blocks.push(Block::Table(scorecard_table(
            &outcome.code,
            &outcome.rows,
            opts,
            text_width,
        )));
    }
    blocks.push(Block::PageBreak);
    exceptions(pack, opts, &mut blocks);
    milestones(pack, &mut blocks);
    resources::section(pack, &mut blocks);
    risks::section(pack, &mut blocks);
    projects::section(pack, &mut blocks);
    blocks.push(Block::PageBreak);
    appendix(pack, opts, &mut blocks);
    provenance::sections(pack, opts, &mut blocks);
    blocks.push(heading(2, "Key", true));
    blocks.extend(Rag::ALL.map(Block::KeyLine));
    blocks.push(paragraph(SUPPRESSED_LEGEND));
    blocks.push(paragraph(CHART_LEGEND));
    blocks
}

fn heading(level: u16, text: &str, in_contents: bool) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
        in_contents,
    }
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph {
        text: text.to_owned(),
        size: 10.0,
    }
}

fn columns(spec: &[(&str, f32)]) -> Vec<Column> {
    spec.iter()
        .map(|(title, share)| Column {
            title: (*title).to_owned(),
            share: *share,
        })
        .collect()
}

fn headline(pack: &BoardPack, blocks: &mut Vec<Block>) {
    let headline = &pack.headline;
    blocks.push(Block::PageBreak);
    blocks.push(heading(2, "Headline", true));
    blocks.push(Block::Paragraph {
        text: headline_sentence(&headline.current),
        size: 11.0,
    });
    if let Some(previous) = &headline.previous {
        blocks.push(paragraph(&headline_sentence(previous)));
    }
    let mut spec = vec![
        ("Measure", 0.5),
        (headline.current.period_label.as_str(), 0.25),
    ];
    if let Some(previous) = &headline.previous {
        spec.push((previous.period_label.as_str(), 0.25));
    }
    let previous_lines = headline.previous.as_ref().map(headline_lines);
    let rows = headline_lines(&headline.current)
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let mut row = vec![
                TableCell::Text(line.label.to_owned()),
                TableCell::Text(line.text()),
            ];
            if let Some(lines) = &previous_lines {
                let text = lines.get(index).map(|line| line.text()).unwrap_or_default();
                row.push(TableCell::Text(text));
            }
            row
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: format!("Headline measures for {}", headline.current.period_label),
        columns: columns(&spec),
        rows,
    }));
}

fn scorecard_table(
    code: &str,
    rows: &[ScorecardRow],
    opts: RenderOptions,
    text_width: f32,
) -> Table {
    let chart_width = text_width * CHART_SHARE - 6.0;
    let rows = rows
        .iter()
        .map(|row| {
            let mut name = String::new();
            if let Some(objective) = &row.objective {
                name.push_str(objective);
                name.push(' ');
            }
            name.push_str(&row.display_name());
            let notes: Vec<&str> = std::iter::once(polarity_label(row.polarity))
                .filter(|label| !label.is_empty())
                .chain(row.notes.iter().map(String::as_str))
                .collect();
            let layout = Layout::Sparkline {
                width: chart_width,
                height: CHART_HEIGHT,
                dot: CHART_DOT,
            };
            let chart = match chart::row::trend(row, layout, opts) {
                Some(geometry) => TableCell::Chart {
                    geometry,
                    alt: format!(
                        "{}: {}",
                        chart::row::title(row),
                        chart::row::description(row, opts)
                    ),
                },
                None => TableCell::Text("No figures to chart".to_owned()),
            };
            vec![
                TableCell::Named {
                    name,
                    notes: notes.join("\n"),
                },
                TableCell::Text(outturn_lines(row, opts).join("\n")),
                TableCell::Text(target_text(row)),
                TableCell::Rag {
                    rag: row.rag.status,
                    reason: row.rag.reason.clone(),
                },
                TableCell::Text(format!(
                    "{} {}",
                    row.direction.arrow(),
                    row.direction.label()
                )),
                TableCell::Text(row.comparator.clone().unwrap_or_default()),
                chart,
            ]
        })
        .collect();
    Table {
        caption: format!("Outcome {code} scorecard"),
        columns: columns(&[
            ("Indicator", 0.25),
            ("Out-turns", 0.14),
            ("Target", 0.10),
            ("RAG", 0.15),
            ("Direction", 0.11),
            ("Comparators", 0.12),
            ("Trend", CHART_SHARE),
        ]),
        rows,
    }
}

fn exceptions(pack: &BoardPack, opts: RenderOptions, blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Exceptions", true));
    if pack.exceptions.is_empty() {
        blocks.push(paragraph("No indicators are reported by exception."));
        return;
    }
    let rows = pack
        .exceptions
        .iter()
        .map(|exception| {
            let commentary: Vec<String> = visible_commentary(&exception.commentary, opts)
                .map(|note| match &note.author {
                    Some(author) => format!("{author}: {}", note.text),
                    None => note.text.clone(),
                })
                .collect();
            vec![
                TableCell::Text(format!(
                    "Outcome {}: {}",
                    exception.outcome_code, exception.indicator
                )),
                TableCell::Text(exception.reasons.join("\n")),
                TableCell::Text(exception.owner.clone().unwrap_or_default()),
                TableCell::Text(commentary.join("\n")),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: "Indicators reported by exception, with the lead officer's commentary".to_owned(),
        columns: columns(&[
            ("Indicator", 0.25),
            ("Why it is reported", 0.2),
            ("Lead officer", 0.13),
            ("Commentary", 0.42),
        ]),
        rows,
    }));
}

fn milestones(pack: &BoardPack, blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Milestones overdue or at risk", true));
    if pack.milestones_at_risk.is_empty() {
        blocks.push(paragraph("No milestones are overdue or at risk."));
        return;
    }
    let rows = pack
        .milestones_at_risk
        .iter()
        .map(|milestone| {
            vec![
                TableCell::Text(milestone.text.clone()),
                TableCell::Text(milestone.objective.clone()),
                TableCell::Text(milestone.due.clone()),
                TableCell::Text(milestone.status.label().to_owned()),
                TableCell::Text(milestone.owner.clone().unwrap_or_default()),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: "Key milestones overdue or at risk".to_owned(),
        columns: columns(&[
            ("Milestone", 0.45),
            ("Objective", 0.1),
            ("Due", 0.15),
            ("Status", 0.12),
            ("Lead", 0.18),
        ]),
        rows,
    }));
}

fn appendix(pack: &BoardPack, opts: RenderOptions, blocks: &mut Vec<Block>) {
    blocks.push(heading(
        2,
        "Appendix: summary of performance indicators",
        true,
    ));
    let appendix = &pack.appendix;
    // The indicator column takes what the figures leave; figures share the rest evenly.
    let figure_share = if appendix.columns.is_empty() {
        0.0
    } else {
        (0.55 / appendix.columns.len() as f32).min(0.12)
    };
    let indicator_share = 1.0 - 0.1 - figure_share * appendix.columns.len() as f32;
    let mut spec = vec![
        ("Performance indicator", indicator_share),
        ("Objective", 0.1),
    ];
    spec.extend(
        appendix
            .columns
            .iter()
            .map(|column| (column.as_str(), figure_share)),
    );
    for section in &appendix.sections {
        blocks.push(heading(
            3,
            &format!(
                "Outcome {}: {}",
                section.outcome_code, section.outcome_title
            ),
            false,
        ));
        let rows = section
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![
                    TableCell::Text(row.indicator.clone()),
                    TableCell::Text(row.objective.clone()),
                ];
                cells.extend(
                    row.cells
                        .iter()
                        .map(|cell| TableCell::Text(cell_text(cell, opts).text)),
                );
                cells
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!("Outcome {} performance indicators", section.outcome_code),
            columns: columns(&spec),
            rows,
        }));
    }
}

//! A single self-contained, script-free HTML document in the order a board reads it,
//! drawn by the templates in `templates/pack` (and the shared chart partial).

use askama::Template;

use crate::chart::Chart;
use crate::display::{
    cell_text, headline_lines, headline_sentence, outturn_lines, polarity_label, rag_meaning,
    target_text, visible_commentary, CHART_LEGEND, SUPPRESSED_LEGEND,
};
use crate::pack::{
    BoardPack, Commentary, ExceptionRow, Headline, MilestoneRow, OutcomeScorecard, ProjectRow, Rag,
    ScorecardRow,
};
use crate::projects::{self, NO_REPORT, PROJECTS_ANCHOR, PROJECTS_HEADING, PROJECT_COLUMNS};
use crate::provenance::{
    Provenance, ACROSS_PLANS_COLUMNS, ACROSS_PLANS_HEADING, INCLUSION_COLUMNS, INCLUSION_HEADING,
};
use crate::resources::{WordedTable, RESOURCES_HEADING};
use crate::risks;
use crate::{RenderOptions, ReportError};

const STYLE: &str = include_str!("html.css");

pub fn render_html(pack: &BoardPack, opts: RenderOptions) -> Result<Vec<u8>, ReportError> {
    pack.validate()?;
    let page = PackPage::new(pack, opts);
    page.render()
        .map(String::into_bytes)
        .map_err(|error| ReportError::Html(error.to_string()))
}

#[derive(Template)]
#[template(path = "pack.html")]
struct PackPage<'a> {
    pack: &'a BoardPack,
    published: bool,
    heading: String,
    style: &'static str,
    headline: HeadlineTable<'a>,
    outcomes: Vec<OutcomeSection<'a>>,
    exceptions: Vec<ExceptionLine<'a>>,
    milestones: &'a [MilestoneRow],
    projects_heading: &'static str,
    projects_anchor: &'static str,
    projects_intro: String,
    project_columns: [&'static str; 5],
    project_groups: Vec<ProjectGroup<'a>>,
    no_report: &'static str,
    appendix_columns: &'a [String],
    appendix: Vec<AppendixTable<'a>>,
    key: Vec<KeyLine>,
    suppressed_legend: &'static str,
    chart_legend: &'static str,
    provenance: Provenance,
    across_plans_heading: &'static str,
    across_plans_columns: [&'static str; 3],
    inclusion_heading: &'static str,
    inclusion_columns: [&'static str; 3],
    resources_heading: &'static str,
    /// Empty for a plan without resource tables: the section is left out.
    resources: Vec<WordedTable>,
    risks_heading: &'static str,
    risks_intro: String,
    bands_key: String,
    risk_columns: [&'static str; 6],
    top_risks_caption: &'static str,
}

impl<'a> PackPage<'a> {
    fn new(pack: &'a BoardPack, opts: RenderOptions) -> Self {
        // Chart ids run through the whole document so each is unique.
        let mut charts = 0usize;
        let outcomes = pack
            .outcomes
            .iter()
            .map(|scorecard| OutcomeSection {
                anchor: outcome_anchor(&scorecard.code),
                rows: scorecard
                    .rows
                    .iter()
                    .map(|row| {
                        charts += 1;
                        ScorecardLine::new(row, opts, charts)
                    })
                    .collect(),
                scorecard,
            })
            .collect();
        PackPage {
            pack,
            published: opts.published,
            heading: format!("{} – {}", pack.title, pack.period_label),
            style: STYLE,
            headline: HeadlineTable::new(&pack.headline),
            outcomes,
            exceptions: pack
                .exceptions
                .iter()
                .map(|row| ExceptionLine::new(row, opts))
                .collect(),
            milestones: &pack.milestones_at_risk,
            projects_heading: PROJECTS_HEADING,
            projects_anchor: PROJECTS_ANCHOR,
            projects_intro: projects::intro(pack),
            project_columns: PROJECT_COLUMNS,
            project_groups: projects::groups(pack)
                .into_iter()
                .map(|(name, rows)| ProjectGroup {
                    name,
                    lines: rows
                        .into_iter()
                        .map(|row| ProjectLine {
                            row,
                            badge: RagBadge::new(
                                row.progress.as_ref().map_or(Rag::Grey, |p| p.rag),
                            ),
                        })
                        .collect(),
                })
                .collect(),
            no_report: NO_REPORT,
            appendix_columns: &pack.appendix.columns,
            appendix: pack
                .appendix
                .sections
                .iter()
                .map(|section| AppendixTable {
                    code: &section.outcome_code,
                    title: &section.outcome_title,
                    rows: section
                        .rows
                        .iter()
                        .map(|row| AppendixLine {
                            objective: &row.objective,
                            indicator: &row.indicator,
                            cells: row
                                .cells
                                .iter()
                                .map(|cell| cell_text(cell, opts).text)
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
            key: Rag::ALL
                .into_iter()
                .map(|rag| KeyLine {
                    badge: RagBadge::new(rag),
                    meaning: rag_meaning(rag),
                })
                .collect(),
            suppressed_legend: SUPPRESSED_LEGEND,
            chart_legend: CHART_LEGEND,
            provenance: Provenance::new(pack, opts),
            across_plans_heading: ACROSS_PLANS_HEADING,
            across_plans_columns: ACROSS_PLANS_COLUMNS,
            inclusion_heading: INCLUSION_HEADING,
            inclusion_columns: INCLUSION_COLUMNS,
            resources_heading: RESOURCES_HEADING,
            resources: pack
                .resources
                .as_ref()
                .map(|r| r.worded())
                .unwrap_or_default(),
            risks_heading: risks::RISKS_HEADING,
            risks_intro: risks::intro(&pack.risks),
            bands_key: risks::bands_key(),
            risk_columns: risks::RISK_COLUMNS,
            top_risks_caption: risks::TOP_RISKS_CAPTION,
        }
    }
}

struct ProjectGroup<'a> {
    name: &'a str,
    lines: Vec<ProjectLine<'a>>,
}

struct ProjectLine<'a> {
    row: &'a ProjectRow,
    /// Shown only with an approved report.
    badge: RagBadge,
}

fn outcome_anchor(code: &str) -> String {
    let slug: String = code
        .chars()
        .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
        .collect();
    format!("outcome-{slug}")
}

struct HeadlineTable<'a> {
    current_sentence: String,
    previous_sentence: Option<String>,
    current_label: &'a str,
    previous_label: Option<&'a str>,
    lines: Vec<HeadlineLine>,
}

struct HeadlineLine {
    label: &'static str,
    current: String,
    /// Present when the previous report is shown beside this one.
    previous: Option<String>,
}

impl<'a> HeadlineTable<'a> {
    fn new(headline: &'a Headline) -> Self {
        let previous_lines = headline.previous.as_ref().map(headline_lines);
        let lines = headline_lines(&headline.current)
            .iter()
            .enumerate()
            .map(|(index, line)| HeadlineLine {
                label: line.label,
                current: line.text(),
                previous: previous_lines
                    .as_ref()
                    .map(|lines| lines.get(index).map(|line| line.text()).unwrap_or_default()),
            })
            .collect();
        HeadlineTable {
            current_sentence: headline_sentence(&headline.current),
            previous_sentence: headline.previous.as_ref().map(headline_sentence),
            current_label: &headline.current.period_label,
            previous_label: headline
                .previous
                .as_ref()
                .map(|previous| previous.period_label.as_str()),
            lines,
        }
    }
}

struct OutcomeSection<'a> {
    scorecard: &'a OutcomeScorecard,
    anchor: String,
    rows: Vec<ScorecardLine<'a>>,
}

struct ScorecardLine<'a> {
    row: &'a ScorecardRow,
    polarity: &'static str,
    outturns: Vec<String>,
    target: String,
    rag: RagBadge,
    comparator: &'a str,
    chart: Option<Chart>,
}

impl<'a> ScorecardLine<'a> {
    fn new(row: &'a ScorecardRow, opts: RenderOptions, chart_number: usize) -> Self {
        let chart = Chart::trend(row, format!("chart-{chart_number}"), opts);
        ScorecardLine {
            row,
            polarity: polarity_label(row.polarity),
            outturns: outturn_lines(row, opts),
            target: target_text(row),
            rag: RagBadge::new(row.rag.status),
            comparator: row.comparator.as_deref().unwrap_or_default(),
            chart,
        }
    }
}

/// A RAG status with a distinct shape and letter, so it reads in greyscale;
/// the pack's `rag_badge` macro (`templates/pack/macros.html`) draws it.
pub struct RagBadge {
    pub class: &'static str,
    pub shape: &'static str,
    pub letter: &'static str,
    pub label: &'static str,
}

impl RagBadge {
    pub fn new(rag: Rag) -> Self {
        let (shape, class) = match rag {
            Rag::Red => ("■", "red"),
            Rag::Amber => ("▲", "amber"),
            Rag::Green => ("●", "green"),
            Rag::Grey => ("○", "grey"),
        };
        RagBadge {
            class,
            shape,
            letter: rag.letter(),
            label: rag.label(),
        }
    }
}

struct KeyLine {
    badge: RagBadge,
    meaning: &'static str,
}

struct ExceptionLine<'a> {
    row: &'a ExceptionRow,
    owner: &'a str,
    commentary: Vec<&'a Commentary>,
}

impl<'a> ExceptionLine<'a> {
    fn new(row: &'a ExceptionRow, opts: RenderOptions) -> Self {
        ExceptionLine {
            row,
            owner: row.owner.as_deref().unwrap_or_default(),
            commentary: visible_commentary(&row.commentary, opts).collect(),
        }
    }
}

struct AppendixTable<'a> {
    code: &'a str,
    title: &'a str,
    rows: Vec<AppendixLine<'a>>,
}

struct AppendixLine<'a> {
    objective: &'a str,
    indicator: &'a str,
    cells: Vec<String>,
}

//! Trust Board pack: the scorecards, exceptions and plan summary a children's trust board
//! scrutinises, rendered as accessible HTML, paginated tagged PDF and an XLSX workbook.
//!
//! Build a [`BoardPack`] (already judged: RAG, direction, suppression and wording are
//! decided before rendering), then call [`render_html`], [`render_pdf`] or [`render_xlsx`],
//! or [`PackFormat::render`]. Each returns the file's bytes. [`RenderOptions::published`]
//! drops internal commentary and shows suppressed small numbers only as `[c]`.
//!
//! - HTML: one self-contained, script-free document; headings in board order (headline,
//!   scorecards by outcome, exceptions, milestones, appendix, key); tables with captions
//!   and scoped headers; RAG as word, letter, shape and colour; inline SVG charts with
//!   `<title>` and `<desc>`, drawn by the [`chart`] module the web pages use too.
//! - PDF: A4, contents page, running header (plan and period), "Page n of m", rows kept
//!   whole (a row taller than a page continues in slices), vector charts, greyscale-safe RAG
//!   badges, tagged structure in reading order under krilla's PDF/UA-1 validator, with the
//!   DejaVu Sans Condensed typeface embedded (licence in `fonts/`).
//! - XLSX: summary, one sheet per outcome, exceptions, milestones and the plan's appendix
//!   table; figures stored as numbers with formats, the council's text beside them where
//!   it says more; RAG cells filled and worded; header rows frozen; column widths set.

pub mod build;
pub mod chart;
mod display;
mod escape;
mod html;
pub mod inclusion;
pub mod pack;
mod pdf;
mod projects;
mod provenance;
pub mod resources;
pub mod risks;
mod xlsx;

pub use html::{render_html, RagBadge};
pub use pack::*;
pub use pdf::render_pdf;
pub use xlsx::render_xlsx;

/// How a pack is rendered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// For publication outside the partnership: internal commentary is dropped and
    /// suppressed small numbers are shown only as a marker.
    pub published: bool,
}

/// The formats a pack can be rendered to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    Html,
    Pdf,
    Xlsx,
}

impl PackFormat {
    pub const ALL: [PackFormat; 3] = [PackFormat::Html, PackFormat::Pdf, PackFormat::Xlsx];

    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Html => "html",
            PackFormat::Pdf => "pdf",
            PackFormat::Xlsx => "xlsx",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            PackFormat::Html => "text/html; charset=utf-8",
            PackFormat::Pdf => "application/pdf",
            PackFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn render(self, pack: &BoardPack, opts: RenderOptions) -> Result<Vec<u8>, ReportError> {
        match self {
            PackFormat::Html => render_html(pack, opts),
            PackFormat::Pdf => render_pdf(pack, opts),
            PackFormat::Xlsx => render_xlsx(pack, opts),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the board pack cannot be rendered: {0}")]
    InvalidPack(String),
    #[error("writing the HTML failed: {0}")]
    Html(String),
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
    #[error("writing the workbook failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

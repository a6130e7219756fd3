//! Trust Board pack: the scorecards, exceptions and plan summary a children's trust board
//! scrutinises, rendered as accessible HTML, paginated tagged PDF and an XLSX workbook.

mod chart;
mod display;
mod html;
pub mod pack;
mod pdf;
mod xlsx;

pub use html::render_html;
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

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the board pack cannot be rendered: {0}")]
    InvalidPack(String),
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
    #[error("writing the workbook failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

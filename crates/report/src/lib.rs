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
    #[error("writing the PDF failed: {0}")]
    Pdf(String),
    #[error("writing the workbook failed: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

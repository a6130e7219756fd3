//! The pack's risk section, worded once for every format.

use trustboard_core::risks::Band;

use crate::pack::RiskSection;

pub const RISKS_HEADING: &str = "Risks";

/// Columns of the top risks' table.
pub const RISK_COLUMNS: [&str; 6] = [
    "Risk",
    "Owner",
    "Inherent score",
    "Residual score",
    "Trend",
    "Review date",
];

pub const TOP_RISKS_CAPTION: &str = "Top risks by residual score";

/// What the section shows, with how many risks are open.
pub fn intro(section: &RiskSection) -> String {
    match (section.open, section.top.len()) {
        (0, _) => "The plan's risk register holds no open risks.".to_owned(),
        (open, shown) => format!(
            "{open} open risks. The heat maps place each by likelihood and impact, after and before its controls; the table lists the top {shown}, highest residual score first."
        ),
    }
}

/// How scores are made and banded.
pub fn bands_key() -> String {
    let bands: Vec<String> = Band::ALL
        .iter()
        .map(|band| format!("{} {}", band.label(), band.range()))
        .collect();
    format!(
        "Score = likelihood × impact, each rated 1 to 5. Bands: {}.",
        bands.join(", ")
    )
}

/// The fill behind a band, light enough for black text on it.
pub fn band_fill(band: Band) -> (u8, u8, u8) {
    match band {
        Band::Low => (0xC8, 0xE6, 0xC9),
        Band::Moderate => (0xFF, 0xF5, 0x9D),
        Band::High => (0xFF, 0xCC, 0x80),
        Band::Extreme => (0xEF, 0x9A, 0x9A),
    }
}

//! A business plan's high-profile projects and key actions, and the
//! six-monthly progress reports a lead officer gives on each.
//!
//! A project keeps every cell as the council printed it beside the text
//! trustboard read from it. A progress report goes through the same sign-off
//! as an entered figure ([`crate::workflow`]): entered, then approved or
//! returned by someone else.

use serde::{Deserialize, Serialize};

use crate::judge::rag::Rag;
use crate::period::{Period, PeriodKind};

/// A cell as printed (markup and all) and as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    pub original: String,
    pub text: String,
}

/// What a project says it serves: a National Indicator or a priority of the
/// Children and Young People's Plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "number")]
pub enum PriorityReference {
    NationalIndicator(u16),
    CyppPriority(u8),
}

impl std::fmt::Display for PriorityReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PriorityReference::NationalIndicator(n) => write!(f, "NI {n}"),
            PriorityReference::CyppPriority(n) => write!(f, "CYPP Priority {n}"),
        }
    }
}

/// One row of the projects table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// The line the row starts on in the document.
    pub line: usize,
    /// The heading row above it (`T2010`, `CFE Specific Projects`).
    pub group: String,
    pub title: Written,
    /// The "Relevant Plan" column: the services that lead.
    pub lead: Written,
    pub lead_services: Vec<String>,
    /// The deliverables as printed; `deliverables` holds each paragraph or
    /// bullet as one item.
    pub deliverables_original: String,
    pub deliverables: Vec<String>,
    pub priority: Written,
    pub priority_references: Vec<PriorityReference>,
}

/// The services a "Relevant Plan" cell names: several are parted by `/`.
pub fn lead_services(text: &str) -> Vec<String> {
    text.split('/')
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The National Indicators (`NI 110`, `NI51`) and CYPP priorities
/// (`CYPP Priority 3`, `CYPP P5`) a "Link to strategic priority" cell names,
/// in the order written, each once.
pub fn priority_references(text: &str) -> Vec<PriorityReference> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | ',' | '(' | ')' | '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = Vec::new();
    for (n, word) in words.iter().enumerate() {
        let next = words.get(n + 1).copied().unwrap_or_default();
        let reference = if let Some(rest) = word.strip_prefix("NI") {
            let digits = if rest.is_empty() { next } else { rest };
            number(digits).map(PriorityReference::NationalIndicator)
        } else if *word == "CYPP" {
            let after = words.get(n + 2).copied().unwrap_or_default();
            match next {
                "Priority" => number(after).and_then(|p| u8::try_from(p).ok()),
                _ => next
                    .strip_prefix('P')
                    .and_then(number)
                    .and_then(|p| u8::try_from(p).ok()),
            }
            .map(PriorityReference::CyppPriority)
        } else {
            None
        };
        if let Some(reference) = reference.filter(|r| !found.contains(r)) {
            found.push(reference);
        }
    }
    found
}

fn number(text: &str) -> Option<u16> {
    let digits = text.trim_end_matches(['.', ';', ':']);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// How a project stands, in its lead officer's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Complete,
}

impl ProgressStatus {
    pub const ALL: [ProgressStatus; 5] = [
        ProgressStatus::NotStarted,
        ProgressStatus::OnTrack,
        ProgressStatus::AtRisk,
        ProgressStatus::OffTrack,
        ProgressStatus::Complete,
    ];

    /// The word stored and sent in forms.
    pub fn code(self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "not_started",
            ProgressStatus::OnTrack => "on_track",
            ProgressStatus::AtRisk => "at_risk",
            ProgressStatus::OffTrack => "off_track",
            ProgressStatus::Complete => "complete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgressStatus::NotStarted => "Not started",
            ProgressStatus::OnTrack => "On track",
            ProgressStatus::AtRisk => "At risk",
            ProgressStatus::OffTrack => "Off track",
            ProgressStatus::Complete => "Complete",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The ratings a person may give a project: red, amber or green (grey is
/// what a judgement gives when it cannot judge, never a choice).
pub const CHOSEN_RAGS: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

/// The word a chosen rating is stored and sent as.
pub fn rag_code(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "red",
        Rag::Amber => "amber",
        Rag::Green => "green",
        Rag::Grey => "grey",
    }
}

/// A rating a person chose, from its word.
pub fn chosen_rag(code: &str) -> Option<Rag> {
    CHOSEN_RAGS.into_iter().find(|r| rag_code(*r) == code)
}

/// Why a progress report's period is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a half year; progress reports are six-monthly, written like 2009/10 H1 (April to September) or 2009/10 H2 (October to March)")]
pub struct HalfYearError {
    pub text: String,
}

/// The half year a progress report is for.
pub fn report_period(text: &str) -> Result<Period, HalfYearError> {
    text.parse::<Period>()
        .ok()
        .filter(|p| p.kind == PeriodKind::HalfYear)
        .ok_or_else(|| HalfYearError {
            text: text.to_string(),
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn several_lead_services_are_parted_by_slashes() {
        assert_eq!(
            lead_services("Children's Social Services / Strategy, Policy & Performance"),
            [
                "Children's Social Services",
                "Strategy, Policy & Performance"
            ]
        );
        assert_eq!(lead_services("ALL"), ["ALL"]);
    }

    #[test]
    fn indicators_and_priorities_are_recognised_as_councils_write_them() {
        use PriorityReference::*;
        assert_eq!(
            priority_references(
                "CYPP Priority 7/ Lead LAA NI 117 /LAA Local target-NI78)/ support to LAA NI 111"
            ),
            [
                CyppPriority(7),
                NationalIndicator(117),
                NationalIndicator(78),
                NationalIndicator(111)
            ]
        );
        assert_eq!(
            priority_references("V4K CYPP 2D/ LAA NI51 Effectiveness"),
            [NationalIndicator(51)]
        );
        assert_eq!(priority_references("CYPP P5"), [CyppPriority(5)]);
        assert!(priority_references("National requirement").is_empty());
    }

    #[test]
    fn statuses_and_ratings_round_trip() {
        for status in ProgressStatus::ALL {
            assert_eq!(ProgressStatus::from_code(status.code()), Some(status));
        }
        for rag in CHOSEN_RAGS {
            assert_eq!(chosen_rag(rag_code(rag)), Some(rag));
        }
        assert_eq!(chosen_rag("grey"), None);
    }

    #[test]
    fn reports_are_for_half_years_only() {
        assert_eq!(report_period("2009/10 H2"), Ok(Period::half_year(2009, 2)));
        assert!(report_period("2009/10").is_err());
        assert!(report_period("2009/10 Q1").is_err());
    }
}

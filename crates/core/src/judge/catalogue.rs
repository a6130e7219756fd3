//! The 2008 National Indicator Set, NI 1 to NI 198 (and NI 199, added later).
//!
//! Shipped as `data/national_indicators.csv` (code, title, unit, polarity,
//! definition) and read once on first use. The polarity is the published
//! direction of good performance (`higher_is_better`, `lower_is_better`,
//! `band`, or `none` where the definition states none); it counts as stated:
//! it is the national definition, not a guess.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::csv_text;
use crate::model::Polarity;

const SHIPPED: &str = include_str!("../../data/national_indicators.csv");

/// How an indicator is measured. Decides the default amber tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorUnit {
    Percent,
    /// A difference between two percentages (attainment gaps).
    PercentagePoints,
    /// A rate per 1,000, 10,000 or 100,000, or per offender.
    Rate,
    Count,
    Score,
}

impl IndicatorUnit {
    fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "percent" => Some(Self::Percent),
            "percentage_points" => Some(Self::PercentagePoints),
            "rate" => Some(Self::Rate),
            "count" => Some(Self::Count),
            "score" => Some(Self::Score),
            _ => None,
        }
    }

    /// Measured in percent or percentage points.
    pub fn is_percentage(self) -> bool {
        matches!(self, Self::Percent | Self::PercentagePoints)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalIndicator {
    /// The number: 59 for `NI 59`.
    pub number: u16,
    /// `NI 59`.
    pub code: String,
    pub title: String,
    pub unit: IndicatorUnit,
    /// `None` where the national definition states no direction.
    pub polarity: Option<Polarity>,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("national indicator catalogue, line {line}, field `{field}`: {problem} (value `{value}`)")]
pub struct CatalogueError {
    pub line: usize,
    pub field: &'static str,
    pub value: String,
    pub problem: String,
}

/// `Some(None)` for `none`: a direction the definition does not state.
fn parse_polarity(text: &str) -> Option<Option<Polarity>> {
    match text.trim() {
        "higher_is_better" => Some(Some(Polarity::HigherIsBetter)),
        "lower_is_better" => Some(Some(Polarity::LowerIsBetter)),
        "band" => Some(Some(Polarity::Band)),
        "none" => Some(None),
        _ => None,
    }
}

/// Parses catalogue text: a header line, then `code,title,unit,polarity,definition`.
pub fn parse_catalogue(text: &str) -> Result<Vec<NationalIndicator>, CatalogueError> {
    let records = csv_text::records(text).map_err(|e| CatalogueError {
        line: e.line(),
        field: "line",
        value: e.line_text(text).to_string(),
        problem: e.to_string(),
    })?;
    let mut indicators = Vec::new();
    for record in records.iter().skip(1) {
        if record.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let error = |field: &'static str, value: &str, problem: &str| CatalogueError {
            line: record.line,
            field,
            value: value.to_string(),
            problem: problem.to_string(),
        };
        let [code, title, unit, polarity, definition] = record.fields.as_slice() else {
            return Err(error("line", record.raw, "expected 5 fields"));
        };
        let number = ni_number(code).ok_or_else(|| error("code", code, "not an NI code"))?;
        indicators.push(NationalIndicator {
            number,
            code: format!("NI {number}"),
            title: title.trim().to_string(),
            unit: IndicatorUnit::parse(unit).ok_or_else(|| error("unit", unit, "unknown unit"))?,
            polarity: parse_polarity(polarity)
                .ok_or_else(|| error("polarity", polarity, "unknown polarity"))?,
            definition: definition.trim().to_string(),
        });
    }
    Ok(indicators)
}

/// The shipped catalogue. Its text is fixed at build time and a test proves it
/// parses, so a failure here cannot come from user input; it yields an empty list.
pub fn national_indicators() -> &'static [NationalIndicator] {
    static CATALOGUE: OnceLock<Vec<NationalIndicator>> = OnceLock::new();
    CATALOGUE.get_or_init(|| parse_catalogue(SHIPPED).unwrap_or_default())
}

/// Finds the first `NI <number>` in text such as `NI 61 (LAA)`, `NI118:` or
/// `% achieving … (NI 72)`.
pub fn ni_number(text: &str) -> Option<u16> {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut from = 0;
    while let Some(found) = upper[from..].find("NI") {
        let start = from + found;
        from = start + 2;
        let preceded_by_letter = start > 0 && bytes[start - 1].is_ascii_alphanumeric();
        if preceded_by_letter {
            continue;
        }
        let digits: String = upper[from..]
            .trim_start_matches([' ', '-'])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(number) = digits.parse() {
            return Some(number);
        }
    }
    None
}

/// The catalogue entry for an indicator, by its code or else by an `NI` code
/// in its title. A code whose national title the indicator's own wording
/// contradicts (see [`contradicted`]) gives nothing: the council's wording
/// decides, and no national definition or polarity is taken over, until the
/// title is corrected to agree with the code or the code is removed.
pub fn lookup(code: Option<&str>, title: &str) -> Option<&'static NationalIndicator> {
    coded(code, title).filter(|ni| !disagrees(ni, title))
}

/// The national indicator an indicator's `NI` code names when its own title
/// plainly describes something else, such as `NI 62` (stability of
/// placements) on a title about initial assessments: the title has at least
/// three telling words and shares none with the national title.
pub fn contradicted(code: Option<&str>, title: &str) -> Option<&'static NationalIndicator> {
    coded(code, title).filter(|ni| disagrees(ni, title))
}

fn coded(code: Option<&str>, title: &str) -> Option<&'static NationalIndicator> {
    let number = code.and_then(ni_number).or_else(|| ni_number(title))?;
    national_indicators().iter().find(|ni| ni.number == number)
}

fn disagrees(national: &NationalIndicator, title: &str) -> bool {
    let own = telling_words(title);
    let theirs = telling_words(&national.title);
    own.len() >= 3 && own.iter().all(|w| !theirs.iter().any(|t| same_word(w, t)))
}

/// `review` and `reviewed`, `placement` and `placements`: one word.
fn same_word(a: &str, b: &str) -> bool {
    const STEM: usize = 5;
    a == b || (a.len() >= STEM && b.len() >= STEM && a.as_bytes()[..STEM] == b.as_bytes()[..STEM])
}

/// Words that tell one indicator from another, lower case and singular:
/// without codes, figures and the words nearly every title shares.
fn telling_words(title: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "who",
        "with",
        "within",
        "ni",
        "laa",
        "child",
        "children",
        "children's",
        "young",
        "people",
        "people's",
        "person",
        "number",
        "percentage",
        "proportion",
        "rate",
        "reduce",
        "increase",
        "improve",
        "more",
        "le",
    ];
    title
        .to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() > 3 && !stem.ends_with('s') => stem.to_string(),
            _ => w.to_string(),
        })
        .filter(|w| !COMMON.contains(&w.as_str()))
        // The abbreviations councils use for words of the national titles.
        .flat_map(|w| match w.as_str() {
            "lac" | "cla" => vec!["looked".to_string(), "after".to_string()],
            "ks1" | "ks2" | "ks3" | "ks4" | "ks" => vec!["key".to_string(), "stage".to_string()],
            "cp" => vec!["protection".to_string()],
            _ => vec![w],
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_parses_completely() {
        let parsed = parse_catalogue(SHIPPED).unwrap();
        assert_eq!(
            parsed.len(),
            SHIPPED
                .lines()
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .count()
        );
        assert_eq!(national_indicators().len(), parsed.len());
        let numbers: Vec<u16> = parsed.iter().map(|ni| ni.number).collect();
        assert_eq!(
            numbers,
            (1..=199).collect::<Vec<u16>>(),
            "the whole set, each code once and in order"
        );
    }

    #[test]
    fn a_definition_stating_no_direction_gives_none() {
        let national = |n: u16| national_indicators().iter().find(|ni| ni.number == n);
        assert_eq!(national(187).map(|ni| ni.polarity), Some(None));
        assert_eq!(
            national(111).and_then(|ni| ni.polarity),
            Some(Polarity::LowerIsBetter)
        );
        assert_eq!(
            national(154).and_then(|ni| ni.polarity),
            Some(Polarity::HigherIsBetter)
        );
    }

    #[test]
    fn a_definition_may_run_over_lines_and_errors_name_the_record_line() {
        let text = "code,title,unit,polarity,definition\n\
                    NI 59,Initial assessments,percent,higher_is_better,\"Within 7 days\nof referral\"\n\
                    NI 60,Core assessments,percent,sideways,x\n";
        let error = parse_catalogue(text).unwrap_err();
        assert_eq!((error.line, error.field), (4, "polarity"));
        let parsed = parse_catalogue(&text.replace("sideways", "higher_is_better")).unwrap();
        assert_eq!(parsed[0].definition, "Within 7 days\nof referral");
    }

    #[test]
    fn polarity_follows_the_national_definitions() {
        let polarity = |n: u16| {
            national_indicators()
                .iter()
                .find(|ni| ni.number == n)
                .and_then(|ni| ni.polarity)
        };
        for lower in [
            64, 65, 92, 102, 104, 105, 111, 112, 117, 19, 43, 55, 56, 87, 114,
        ] {
            assert_eq!(polarity(lower), Some(Polarity::LowerIsBetter), "NI {lower}");
        }
        for higher in [72, 73, 75, 59, 60, 148, 61, 63, 66, 79, 80, 118] {
            assert_eq!(
                polarity(higher),
                Some(Polarity::HigherIsBetter),
                "NI {higher}"
            );
        }
    }

    #[test]
    fn finds_codes_as_councils_write_them() {
        assert_eq!(ni_number("NI 61 (LAA)"), Some(61));
        assert_eq!(ni_number("NI118: % take up"), Some(118));
        assert_eq!(
            ni_number("% achieving L4+ at Key Stage 2 (NI 73)"),
            Some(73)
        );
        assert_eq!(ni_number("Unit cost"), None);
        assert_eq!(ni_number("MINI 5"), None);
        assert_eq!(
            lookup(None, "The % gap … (NI 92)").and_then(|ni| ni.polarity),
            Some(Polarity::LowerIsBetter)
        );
        assert_eq!(lookup(Some("CSC 001"), "Local measure"), None);
    }

    #[test]
    fn a_code_contradicted_by_its_title_is_not_taken_over() {
        let title = "% of initial assessments carried out within 7 working days of referral";
        assert_eq!(
            contradicted(Some("NI 62"), title).map(|ni| ni.number),
            Some(62)
        );
        assert_eq!(lookup(Some("NI 62"), title), None);
        // Paraphrases and bare codes keep their national definition.
        for (code, title) in [
            ("NI 62", "Stability of placements: three or more moves"),
            (
                "NI 100",
                "NI 100: % Year 6 LAC reaching Level 4 in Maths at Key Stage 2",
            ),
            ("NI 62", "NI 62"),
            (
                "NI 118",
                "% take up of childcare element of working tax credits",
            ),
            ("NI 66", "% LAC reviews on time"),
        ] {
            assert_eq!(contradicted(Some(code), title), None, "{title}");
            assert!(lookup(Some(code), title).is_some(), "{title}");
        }
    }

    #[test]
    fn bad_rows_name_line_field_and_value() {
        let err = parse_catalogue(
            "code,title,unit,polarity,definition\nNI 5,T,litres,higher_is_better,D\n",
        )
        .unwrap_err();
        assert_eq!(
            (err.line, err.field, err.value.as_str()),
            (2, "unit", "litres")
        );
    }
}

//! How a column is read: what its heading says, in the many ways councils
//! write it, and the same readings as written in a column mapping
//! (`actual:2006/07`, `ignore`).

use std::fmt;

use trustboard_core::model::ObservationKind;
use trustboard_core::period::{read_written, Period};

use crate::documents::{heading_period, without_period_words};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The indicator's code (`NI 50`, `CYP 12`).
    Code,
    /// The indicator's title.
    Title,
    /// The objective or outcome the indicator measures.
    Objective,
    /// The figure a plan started from; an out-turn of its period.
    Baseline(Option<Period>),
    /// Out-turns, targets or comparators; with no period, each cell names its own.
    Figure {
        kind: ObservationKind,
        period: Option<Period>,
    },
    /// The target for the year after the latest out-turn column.
    NextTarget,
    /// The council's own RAG rating or status word; with no period, each is
    /// for the latest out-turn on its row.
    StatedRag(Option<Period>),
    /// The council's own direction of travel, for a period as a rating is.
    Trend(Option<Period>),
    /// Comments, for a period as a rating is.
    Comments(Option<Period>),
    LeadOfficer,
    Ignore,
}

impl Reading {
    /// Whether the column holds figures for periods.
    pub fn holds_figures(self) -> bool {
        matches!(
            self,
            Reading::Baseline(_) | Reading::Figure { .. } | Reading::NextTarget
        )
    }

    /// The reading as a mapping writes it: `actual:2006/07`, `rag`.
    pub fn mapping_text(self) -> String {
        let with = |name: &str, period: Option<Period>| match period {
            Some(p) => format!("{name}:{p}"),
            None => name.to_string(),
        };
        match self {
            Reading::Code => "code".into(),
            Reading::Title => "title".into(),
            Reading::Objective => "objective".into(),
            Reading::Baseline(period) => with("baseline", period),
            Reading::Figure { kind, period } => with(kind.as_str(), period),
            Reading::NextTarget => "next_target".into(),
            Reading::StatedRag(period) => with("rag", period),
            Reading::Trend(period) => with("trend", period),
            Reading::Comments(period) => with("comments", period),
            Reading::LeadOfficer => "lead_officer".into(),
            Reading::Ignore => "ignore".into(),
        }
    }

    /// Reads `actual:2006/07`, `target`, `ignore` …; the error lists what may be written.
    pub fn parse_mapping(text: &str) -> Result<Reading, String> {
        let (name, period) = match text.split_once(':') {
            Some((name, period)) => (name.trim(), Some(period.trim())),
            None => (text.trim(), None),
        };
        let period = period
            .map(|p| {
                read_written(&p.to_lowercase())
                    .or_else(|| p.parse::<Period>().ok())
                    .ok_or_else(|| format!("`{p}` is not a period (write 2006/07, AY 2010/11, 2015/16 Q1, 2011-09 or 2010)"))
            })
            .transpose()?;
        let figure = |kind| Reading::Figure { kind, period };
        let reading = match name.to_lowercase().replace([' ', '-'], "_").as_str() {
            "code" => Reading::Code,
            "title" => Reading::Title,
            "objective" | "outcome" => Reading::Objective,
            "baseline" => Reading::Baseline(period),
            "actual" | "outturn" | "out_turn" => figure(ObservationKind::Actual),
            "target" => figure(ObservationKind::Target),
            "next_target" => Reading::NextTarget,
            "england" => figure(ObservationKind::England),
            "region" => figure(ObservationKind::Region),
            "statistical_neighbours" | "neighbours" => {
                figure(ObservationKind::StatisticalNeighbours)
            }
            "rag" | "status" => Reading::StatedRag(period),
            "trend" => Reading::Trend(period),
            "comments" => Reading::Comments(period),
            "lead_officer" | "lead" => Reading::LeadOfficer,
            "ignore" => Reading::Ignore,
            "" => return Err("no reading was given".to_string()),
            other => {
                return Err(format!(
                    "`{other}` is not a reading; write one of {READINGS}"
                ))
            }
        };
        let takes_period = matches!(
            reading,
            Reading::Baseline(_)
                | Reading::Figure { .. }
                | Reading::StatedRag(_)
                | Reading::Trend(_)
                | Reading::Comments(_)
        );
        if period.is_some() && !takes_period {
            return Err(format!("`{name}` takes no period"));
        }
        Ok(reading)
    }
}

/// The readings a mapping may give, for messages and help.
pub const READINGS: &str = "code, title, objective, baseline[:PERIOD], actual[:PERIOD], \
target[:PERIOD], next_target, england[:PERIOD], region[:PERIOD], \
statistical_neighbours[:PERIOD], rag[:PERIOD], trend[:PERIOD], comments[:PERIOD], lead_officer, ignore";

impl fmt::Display for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let period = |p: &Option<Period>| match p {
            Some(p) => p.to_string(),
            None => "period written in each cell".to_string(),
        };
        let stated = |p: &Option<Period>| match p {
            Some(p) => p.to_string(),
            None => "for the latest out-turn on each row".to_string(),
        };
        match self {
            Reading::Code => f.write_str("indicator code"),
            Reading::Title => f.write_str("indicator title"),
            Reading::Objective => f.write_str("objective"),
            Reading::Baseline(p) => write!(f, "baseline ({})", period(p)),
            Reading::Figure { kind, period: p } => {
                write!(f, "{} ({})", kind.label().to_lowercase(), period(p))
            }
            Reading::NextTarget => f.write_str("next target"),
            Reading::StatedRag(p) => write!(f, "stated RAG or status ({})", stated(p)),
            Reading::Trend(p) => write!(f, "stated trend ({})", stated(p)),
            Reading::Comments(p) => write!(f, "comments ({})", stated(p)),
            Reading::LeadOfficer => f.write_str("lead officer"),
            Reading::Ignore => f.write_str("ignored"),
        }
    }
}

/// A heading as words: lower case, punctuation other than `/` and `-` made
/// spaces, `&` made `and`.
pub(crate) fn words(heading: &str) -> String {
    heading
        .to_lowercase()
        .replace('&', " and ")
        .replace(['’', '\''], "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const SMALL_WORDS: [&str; 9] = ["the", "of", "and", "or", "a", "an", "to", "for", "in"];

/// The heading's words that say what the column is, once its period is set aside.
fn kind_words(heading: &str) -> String {
    without_period_words(&words(heading))
        .split(' ')
        .map(|w| w.trim_matches('-'))
        .filter(|w| !w.is_empty() && !SMALL_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

const RAG: &[&str] = &[
    "rag",
    "r a g",
    "r/a/g",
    "rag rating",
    "rag status",
    "status",
    "rating",
    "on target",
    "on track",
    "traffic light",
    "traffic lights",
    "traffic light rating",
    "red amber green",
    "performance status",
    "progress rating",
];
const TREND: &[&str] = &[
    "trend",
    "direction travel",
    "dot",
    "direction",
    "travel",
    "improving",
    "trend arrow",
];
const COMMENTS: &[&str] = &[
    "comment",
    "comments",
    "commentary",
    "note",
    "notes",
    "remarks",
    "narrative",
    "explanation",
    "progress",
    "update",
    "progress update",
    "action",
    "actions",
    "analysis",
    "comment action",
];
/// Words that name a code column (`PI Ref No`, `NI code`, `Indicator reference`).
const CODE_WORDS: &[&str] = &[
    "code",
    "ref",
    "reference",
    "no",
    "number",
    "id",
    "ni",
    "pi",
    "kpi",
    "nis",
];
const TITLE: &[&str] = &[
    "indicator",
    "indicators",
    "performance indicator",
    "performance indicators",
    "measure",
    "measures",
    "performance measure",
    "performance measures",
    "title",
    "description",
    "indicator title",
    "indicator description",
    "indicator name",
    "name",
    "pi description",
    "measure description",
    "performance measure activity",
    "key performance indicator",
    "key performance indicators",
    "ni description",
    "national indicator",
    "local indicator",
    "indicator definition",
    "definition",
    "pi title",
    "ni title",
    "kpi description",
    "kpi title",
];
const OBJECTIVE: &[&str] = &[
    "objective",
    "objectives",
    "outcome",
    "outcomes",
    "priority",
    "priorities",
    "theme",
    "themes",
    "aim",
    "aims",
    "ecm outcome",
    "every child matters outcome",
    "strategic objective",
    "strategic priority",
    "outcome area",
    "laa outcome",
    "cypp objective",
    "cypp priority",
];
const ACTUAL: &[&str] = &[
    "actual",
    "actuals",
    "out-turn",
    "outturn",
    "out turn",
    "result",
    "results",
    "performance",
    "last",
    "latest",
    "current",
    "value",
    "figure",
    "achieved",
    "ytd",
    "year date",
    "data",
    "actual performance",
    "last year",
    "latest data",
    "latest figure",
    "latest result",
    "latest performance",
    "current performance",
    "current position",
    "position",
    "last result",
    "previous",
    "last actual",
    "latest actual",
];
const ENGLAND: &[&str] = &[
    "england",
    "eng",
    "national",
    "england average",
    "national average",
    "england figure",
    "national figure",
    "comparison quartile",
    "quartile",
    "national quartile",
    "england quartile",
];
const REGION: &[&str] = &[
    "region",
    "regional",
    "regional average",
    "london",
    "inner london",
    "outer london",
    "south east",
    "south west",
    "east",
    "eastern",
    "east midlands",
    "west midlands",
    "north west",
    "north east",
    "yorkshire humber",
    "yorkshire",
    "gor",
];
const NEIGHBOURS: &[&str] = &[
    "statistical neighbours",
    "statistical neighbour",
    "stat neighbours",
    "stat neighbour",
    "sn",
    "sn average",
    "statistical neighbours average",
    "statistical neighbour average",
    "similar authorities",
    "comparator group",
    "comparators",
    "comparator",
    "neighbours",
];

/// What a heading says the column holds, or `None` when it cannot tell.
pub fn classify(heading: &str) -> Option<Reading> {
    let all = words(heading);
    if all.is_empty() {
        return None;
    }
    let period = heading_period(&all);
    let rest = kind_words(heading);
    let has = |word: &str| rest.split(' ').any(|w| w == word);
    let is = |list: &[&str]| list.contains(&rest.as_str());
    let figure = |kind| Some(Reading::Figure { kind, period });
    if is(RAG) || rest.contains("traffic light") {
        return Some(Reading::StatedRag(period));
    }
    if has("target") || has("targets") {
        let next = ["next", "future", "new"].iter().any(|w| has(w));
        return if next && period.is_none() {
            Some(Reading::NextTarget)
        } else {
            figure(ObservationKind::Target)
        };
    }
    if has("baseline") || rest.contains("base line") || rest.contains("base year") {
        return Some(Reading::Baseline(period));
    }
    if is(ENGLAND) {
        return figure(ObservationKind::England);
    }
    if is(REGION) {
        return figure(ObservationKind::Region);
    }
    if is(NEIGHBOURS) {
        return figure(ObservationKind::StatisticalNeighbours);
    }
    if is(TREND) {
        return Some(Reading::Trend(period));
    }
    if is(COMMENTS) {
        return Some(Reading::Comments(period));
    }
    if [
        "lead",
        "officer",
        "owner",
        "responsible",
        "accountable",
        "contact",
    ]
    .iter()
    .any(|w| has(w))
    {
        return Some(Reading::LeadOfficer);
    }
    let names_code = rest.split(' ').any(|w| CODE_WORDS.contains(&w))
        && rest.split(' ').all(|w| {
            CODE_WORDS.contains(&w) || ["indicator", "measure", "performance"].contains(&w)
        });
    if period.is_none() && names_code {
        return Some(Reading::Code);
    }
    if period.is_none() && is(TITLE) {
        return Some(Reading::Title);
    }
    if period.is_none() && is(OBJECTIVE) {
        return Some(Reading::Objective);
    }
    if (rest.is_empty() && period.is_some()) || is(ACTUAL) {
        return figure(ObservationKind::Actual);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ObservationKind::*;

    fn figure(kind: ObservationKind, period: &str) -> Option<Reading> {
        Some(Reading::Figure {
            kind,
            period: Some(period.parse().expect("a period")),
        })
    }

    #[test]
    fn headings_in_the_forms_councils_write_them() {
        let cases = [
            ("NI Code", Some(Reading::Code)),
            ("Ref.", Some(Reading::Code)),
            ("PI  Ref No", Some(Reading::Code)),
            ("Performance Indicator", Some(Reading::Title)),
            ("Indicator description", Some(Reading::Title)),
            ("MEASURE", Some(Reading::Title)),
            ("Objectives:", Some(Reading::Objective)),
            ("ECM Outcome", Some(Reading::Objective)),
            ("Baseline", Some(Reading::Baseline(None))),
            (
                "Baseline (2005/06)",
                Some(Reading::Baseline(Some(Period::financial(2005)))),
            ),
            ("Actual 06/07", figure(Actual, "2006/07")),
            ("Out-turn 2007/08", figure(Actual, "2007/08")),
            ("2007-08", figure(Actual, "2007/08")),
            ("Target 06/07", figure(Target, "2006/07")),
            ("Target_2008/09", figure(Target, "2008/09")),
            ("Next target", Some(Reading::NextTarget)),
            (
                "Last",
                Some(Reading::Figure {
                    kind: Actual,
                    period: None,
                }),
            ),
            (
                "Latest",
                Some(Reading::Figure {
                    kind: Actual,
                    period: None,
                }),
            ),
            ("RAG", Some(Reading::StatedRag(None))),
            ("R/A/G", Some(Reading::StatedRag(None))),
            ("Traffic Light", Some(Reading::StatedRag(None))),
            ("On target?", Some(Reading::StatedRag(None))),
            ("Status", Some(Reading::StatedRag(None))),
            (
                "RAG 2009/10",
                Some(Reading::StatedRag(Some(Period::financial(2009)))),
            ),
            ("Trend", Some(Reading::Trend(None))),
            ("Direction of travel", Some(Reading::Trend(None))),
            (
                "Comments 06/07",
                Some(Reading::Comments(Some(Period::financial(2006)))),
            ),
            (
                "England",
                Some(Reading::Figure {
                    kind: England,
                    period: None,
                }),
            ),
            ("England 2007/08", figure(England, "2007/08")),
            (
                "Comparison (quartile)",
                Some(Reading::Figure {
                    kind: England,
                    period: None,
                }),
            ),
            (
                "London",
                Some(Reading::Figure {
                    kind: Region,
                    period: None,
                }),
            ),
            (
                "Statistical Neighbours",
                Some(Reading::Figure {
                    kind: StatisticalNeighbours,
                    period: None,
                }),
            ),
            ("Comments", Some(Reading::Comments(None))),
            ("Progress update", Some(Reading::Comments(None))),
            ("Lead Officer", Some(Reading::LeadOfficer)),
            ("Responsible officer", Some(Reading::LeadOfficer)),
            ("Col 5", None),
            ("", None),
        ];
        for (heading, expected) in cases {
            assert_eq!(classify(heading), expected, "{heading}");
        }
    }

    #[test]
    fn mapping_readings_read_back_what_they_write() {
        for text in [
            "actual:2006/07",
            "target",
            "baseline:AY 2010/11",
            "ignore",
            "rag",
            "rag:2006/07",
            "trend:AY 2010/11",
            "england:2007/08",
        ] {
            let reading = Reading::parse_mapping(text).expect(text);
            assert_eq!(reading.mapping_text(), text);
        }
        assert_eq!(
            Reading::parse_mapping("Target: 06/07"),
            Ok(Reading::Figure {
                kind: Target,
                period: Some(Period::financial(2006))
            })
        );
        let wrong = Reading::parse_mapping("figure").expect_err("not a reading");
        assert!(wrong.contains("ignore"), "{wrong}");
        assert!(Reading::parse_mapping("lead_officer:2006/07").is_err());
        assert!(Reading::parse_mapping("actual:soon").is_err());
    }
}

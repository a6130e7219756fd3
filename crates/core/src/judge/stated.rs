//! The council's own rating beside trustboard's.
//!
//! Councils publish a RAG colour or a progress word (`On course`, `Ahead`,
//! `Slippage`, `Not met`) for each indicator. [`read`] says what such a word
//! means as a rating, keeping any word it does not know as text rather than
//! guessing; [`compare`] sets it beside trustboard's own judgement. Where
//! both are ratings and they differ, the board should know: that is an
//! exception.

use serde::{Deserialize, Serialize};

use super::rag::{Rag, RagJudgement};
use crate::model::{Statement, StatementKind};
use crate::period::Period;

/// What a stated word was read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StatedReading {
    /// A RAG colour (`Red`, `A`, `GREEN`).
    Colour { rag: Rag },
    /// A progress word (`On course`, `Slippage`, `Not met`) and the rating it stands for.
    Progress { rag: Rag },
    /// A word trustboard does not read as a rating; shown as written.
    Unread,
}

impl StatedReading {
    /// The rating the word stands for, where it stands for one.
    pub fn rag(&self) -> Option<Rag> {
        match self {
            StatedReading::Colour { rag } | StatedReading::Progress { rag } => Some(*rag),
            StatedReading::Unread => None,
        }
    }
}

/// Colours as councils write them, with the initials of a RAG column.
const COLOURS: &[(&str, Rag)] = &[
    ("red", Rag::Red),
    ("r", Rag::Red),
    ("amber", Rag::Amber),
    ("a", Rag::Amber),
    ("yellow", Rag::Amber),
    ("green", Rag::Green),
    ("g", Rag::Green),
];

/// Progress words and the rating each stands for.
const PROGRESS: &[(&str, Rag)] = &[
    ("on course", Rag::Green),
    ("on target", Rag::Green),
    ("on track", Rag::Green),
    ("ahead", Rag::Green),
    ("ahead of target", Rag::Green),
    ("achieved", Rag::Green),
    ("target achieved", Rag::Green),
    ("met", Rag::Green),
    ("target met", Rag::Green),
    ("exceeded", Rag::Green),
    ("target exceeded", Rag::Green),
    ("complete", Rag::Green),
    ("completed", Rag::Green),
    ("slippage", Rag::Amber),
    ("some slippage", Rag::Amber),
    ("minor slippage", Rag::Amber),
    ("slight slippage", Rag::Amber),
    ("at risk", Rag::Amber),
    ("close to target", Rag::Amber),
    ("near target", Rag::Amber),
    ("nearly met", Rag::Amber),
    ("not met", Rag::Red),
    ("target not met", Rag::Red),
    ("not achieved", Rag::Red),
    ("target not achieved", Rag::Red),
    ("missed", Rag::Red),
    ("off target", Rag::Red),
    ("off course", Rag::Red),
    ("off track", Rag::Red),
    ("significant slippage", Rag::Red),
    ("major slippage", Rag::Red),
];

/// Reads a stated RAG or progress word. Case, surrounding punctuation and
/// spacing do not matter; anything not listed above (`Amber/Green`, `TBC`,
/// `see note`) is [`StatedReading::Unread`].
pub fn read(text: &str) -> StatedReading {
    let words = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let find = |list: &[(&str, Rag)]| list.iter().find(|(w, _)| *w == words).map(|(_, r)| *r);
    if let Some(rag) = find(COLOURS) {
        return StatedReading::Colour { rag };
    }
    match find(PROGRESS) {
        Some(rag) => StatedReading::Progress { rag },
        None => StatedReading::Unread,
    }
}

/// The council's rating set beside trustboard's for one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatedRating {
    /// Exactly what the council wrote.
    pub text: String,
    /// The period the council's word is for.
    pub period: Period,
    pub reading: StatedReading,
    /// Set when the council's word is a rating and trustboard's own judgement
    /// (not grey) differs from it: in plain words, why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disagreement: Option<String>,
}

/// Compares the council's word with trustboard's rating. A word read as a
/// rating that differs from a rating trustboard could make is a disagreement;
/// a grey judgement or an unread word is never one.
pub fn compare(text: &str, period: Period, ours: &RagJudgement) -> StatedRating {
    let mut rating = StatedRating {
        text: text.to_string(),
        period,
        reading: read(text),
        disagreement: None,
    };
    rating.disagreement = rating
        .reading
        .rag()
        .filter(|theirs| ours.rag != Rag::Grey && *theirs != ours.rag)
        .map(|_| {
            format!(
                "the council said {}; trustboard judges {} because {}",
                rating.said(),
                ours.rag.label(),
                ours.rule
            )
        });
    rating
}

impl StatedRating {
    /// The council's word as a reader sees it: `Green`, `On course (read as
    /// Green)`, `Amber/Green (not read as a rating)`.
    pub fn said(&self) -> String {
        let text = self.text.trim();
        match &self.reading {
            StatedReading::Colour { .. } => text.to_string(),
            StatedReading::Progress { rag } => format!("{text} (read as {})", rag.label()),
            StatedReading::Unread => format!("{text} (not read as a rating)"),
        }
    }
}

/// The council's rating of `indicator` for the first of `periods` it rated
/// (the data period judged, then the board's reporting period), set beside `ours`.
pub fn for_indicator<'a>(
    statements: impl IntoIterator<Item = &'a Statement>,
    indicator: &str,
    periods: &[Period],
    ours: &RagJudgement,
) -> Option<StatedRating> {
    let ratings: Vec<&Statement> = statements
        .into_iter()
        .filter(|s| s.kind == StatementKind::Rag && s.indicator == indicator)
        .collect();
    let said = periods
        .iter()
        .find_map(|period| ratings.iter().find(|s| s.period == *period))?;
    Some(compare(&said.text, said.period, ours))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(rag: Rag, rule: &str) -> RagJudgement {
        RagJudgement {
            rag,
            rule: rule.to_string(),
            parts: Vec::new(),
        }
    }

    #[test]
    fn colours_and_progress_words_read_as_ratings() {
        let cases = [
            ("Red", Some(Rag::Red)),
            ("  GREEN ", Some(Rag::Green)),
            ("A", Some(Rag::Amber)),
            ("On course", Some(Rag::Green)),
            ("Ahead", Some(Rag::Green)),
            ("Achieved", Some(Rag::Green)),
            ("On target", Some(Rag::Green)),
            ("Slippage", Some(Rag::Amber)),
            ("Not met", Some(Rag::Red)),
            ("off-target", Some(Rag::Red)),
        ];
        for (text, rag) in cases {
            assert_eq!(read(text).rag(), rag, "{text}");
        }
        assert_eq!(read("Red"), StatedReading::Colour { rag: Rag::Red });
        assert_eq!(
            read("Slippage"),
            StatedReading::Progress { rag: Rag::Amber }
        );
        let unread = compare(
            "Amber/Green",
            Period::financial(2010),
            &judged(Rag::Green, "x"),
        );
        assert_eq!(unread.said(), "Amber/Green (not read as a rating)");
    }

    #[test]
    fn words_not_understood_are_kept_never_guessed() {
        for text in [
            "Amber/Green",
            "TBC",
            "see comments",
            "Improving",
            "",
            "Reddish",
        ] {
            let rating = compare(text, Period::financial(2010), &judged(Rag::Red, "x"));
            assert_eq!(rating.reading, StatedReading::Unread, "{text}");
            assert_eq!(rating.text, text);
            assert_eq!(rating.disagreement, None, "{text}");
        }
    }

    #[test]
    fn a_different_rating_is_a_disagreement_in_plain_words() {
        let ours = judged(Rag::Red, "62% against a target of 70%: more than 5% short");
        let rating = compare("Green", Period::financial(2010), &ours);
        assert_eq!(
            rating.disagreement.as_deref(),
            Some(
                "the council said Green; trustboard judges Red because \
                 62% against a target of 70%: more than 5% short"
            )
        );
        let progress = compare("On course", Period::financial(2010), &ours);
        assert_eq!(
            progress.disagreement.as_deref().map(|d| d
                .starts_with("the council said On course (read as Green); trustboard judges Red")),
            Some(true),
            "{progress:?}"
        );
    }

    #[test]
    fn agreement_and_a_grey_judgement_are_not_disagreements() {
        let rating = compare(
            "Not met",
            Period::financial(2010),
            &judged(Rag::Red, "short"),
        );
        assert_eq!(rating.disagreement, None);
        let grey = judged(Rag::Grey, "no target set for 2010/11");
        assert_eq!(
            compare("Red", Period::financial(2010), &grey).disagreement,
            None
        );
    }

    #[test]
    fn the_statement_for_the_data_period_is_preferred() {
        let said = |period: Period, text: &str, kind| Statement {
            indicator: "NI 1".into(),
            period,
            kind,
            text: text.into(),
        };
        let statements = [
            said(Period::financial(2009), "Red", StatementKind::Rag),
            said(Period::financial(2010), "Improving", StatementKind::Trend),
            said(Period::financial(2010), "Green", StatementKind::Rag),
        ];
        let ours = judged(Rag::Amber, "close");
        let found = for_indicator(
            &statements,
            "NI 1",
            &[Period::financial(2010), Period::financial(2009)],
            &ours,
        );
        assert_eq!(found.as_ref().map(|f| f.text.as_str()), Some("Green"));
        assert_eq!(
            for_indicator(&statements, "NI 2", &[Period::financial(2010)], &ours),
            None
        );
    }
}

//! Words written instead of a figure (`n/a`, `New target`, `TBA`) and
//! pointers to another objective (`(see Objective 11.1)`).

use super::text::{lower_words, trim_punctuation};
use super::{ParsedValue, Status, Value};

/// Phrases, lower case, longest first within each status so that
/// `not yet available` wins over `not`.
const PHRASES: &[(&str, Status)] = &[
    ("not applicable", Status::NotApplicable),
    ("n/a", Status::NotApplicable),
    ("n.a", Status::NotApplicable),
    ("na", Status::NotApplicable),
    ("data not yet available", Status::NotAvailable),
    ("data not available", Status::NotAvailable),
    ("not yet available", Status::NotAvailable),
    ("not available", Status::NotAvailable),
    ("not yet known", Status::NotAvailable),
    ("not known", Status::NotAvailable),
    ("unavailable", Status::NotAvailable),
    ("no data", Status::NotAvailable),
    ("new target", Status::NewTarget),
    ("new indicator", Status::NewTarget),
    ("new measure", Status::NewTarget),
    (
        "baseline to be established",
        Status::BaselineToBeEstablished,
    ),
    (
        "baseline being established",
        Status::BaselineToBeEstablished,
    ),
    ("baseline to be developed", Status::BaselineToBeEstablished),
    ("baseline to be agreed", Status::BaselineToBeEstablished),
    ("baseline to be set", Status::BaselineToBeEstablished),
    ("establish baseline", Status::BaselineToBeEstablished),
    ("establish a baseline", Status::BaselineToBeEstablished),
    ("baseline year", Status::BaselineToBeEstablished),
    ("to be announced", Status::ToBeAnnounced),
    ("to be confirmed", Status::ToBeAnnounced),
    ("to be determined", Status::ToBeAnnounced),
    ("tba", Status::ToBeAnnounced),
    ("tbc", Status::ToBeAnnounced),
    ("tbd", Status::ToBeAnnounced),
    ("target to be developed", Status::ToBeDeveloped),
    ("to be developed", Status::ToBeDeveloped),
    ("programme/funding ceased", Status::Ceased),
    ("funding ceased", Status::Ceased),
    ("programme ceased", Status::Ceased),
    ("project ceased", Status::Ceased),
    ("service ceased", Status::Ceased),
    ("ceased", Status::Ceased),
    ("discontinued", Status::Ceased),
];

/// A status phrase, alone or at the start of the cell. Words after the phrase
/// (`TBC / n/a`) are kept in the text and named in a warning.
pub(super) fn read_status(text: &str) -> Option<ParsedValue> {
    let lower = text.to_lowercase();
    let lower = trim_punctuation(&lower);
    for (phrase, status) in PHRASES {
        let Some(rest) = lower.strip_prefix(phrase) else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with([' ', '/', ',', ';', '(', '-', '.', ':']) {
            continue;
        }
        let mut parsed = ParsedValue::new(Value::Status { status: *status });
        let rest = rest
            .trim_start_matches([' ', '/', ',', ';', '-', '.', ':'])
            .trim_end();
        if !rest.is_empty() {
            parsed.warnings.push(format!(
                "read as the status '{phrase}'; the words after it ('{rest}') are kept in the text but were not read"
            ));
        }
        return Some(parsed);
    }
    None
}

/// `(see Objective 11.1)`, `See 2.4`, `see outcome 3`: exactly one reference.
pub(super) fn read_cross_reference(text: &str) -> Option<ParsedValue> {
    let words = lower_words(trim_punctuation(text));
    let mut words = words
        .iter()
        .map(|w| trim_punctuation(w))
        .filter(|w| !w.is_empty());
    if words.next()? != "see" {
        return None;
    }
    let mut target = words.next()?;
    if matches!(target, "also") {
        target = words.next()?;
    }
    if matches!(
        target,
        "objective" | "objectives" | "outcome" | "indicator" | "section" | "obj"
    ) {
        target = words.next()?;
    }
    let reference_like = target.starts_with(|c: char| c.is_ascii_digit())
        && target
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.');
    if !reference_like {
        return None;
    }
    let trailing: Vec<&str> = words.collect();
    if !trailing.iter().all(|w| matches!(*w, "above" | "below")) {
        return None;
    }
    Some(ParsedValue::new(Value::CrossReference {
        objective: target.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(text: &str) -> Option<Status> {
        match read_status(text)?.value {
            Value::Status { status } => Some(status),
            _ => None,
        }
    }

    #[test]
    fn reads_every_status_word_in_the_seeds() {
        assert_eq!(status("n/a"), Some(Status::NotApplicable));
        assert_eq!(status("N/A"), Some(Status::NotApplicable));
        assert_eq!(status("Not yet available"), Some(Status::NotAvailable));
        assert_eq!(status("not available"), Some(Status::NotAvailable));
        assert_eq!(status("Not known"), Some(Status::NotAvailable));
        assert_eq!(status("New target"), Some(Status::NewTarget));
        assert_eq!(status("New Target"), Some(Status::NewTarget));
        assert_eq!(
            status("Baseline to be established"),
            Some(Status::BaselineToBeEstablished)
        );
        assert_eq!(
            status("Baseline being established"),
            Some(Status::BaselineToBeEstablished)
        );
        assert_eq!(
            status("Establish baseline"),
            Some(Status::BaselineToBeEstablished)
        );
        assert_eq!(
            status("Baseline to be agreed"),
            Some(Status::BaselineToBeEstablished)
        );
        assert_eq!(status("TBA"), Some(Status::ToBeAnnounced));
        assert_eq!(status("To be developed"), Some(Status::ToBeDeveloped));
        assert_eq!(status("Programme/Funding ceased"), Some(Status::Ceased));
        assert_eq!(status("ceased"), Some(Status::Ceased));
    }

    #[test]
    fn a_status_with_more_words_warns_about_them() {
        let parsed = read_status("New target for 2011/2 building on 2010/11 outturn");
        assert_eq!(
            parsed.as_ref().map(|p| &p.value),
            Some(&Value::Status {
                status: Status::NewTarget
            })
        );
        assert!(parsed.is_some_and(|p| p.warnings[0].contains("building on 2010/11 outturn")));
    }

    #[test]
    fn a_word_that_only_begins_like_a_status_is_not_one() {
        assert_eq!(status("national average"), None);
        assert_eq!(status("ceasefire"), None);
    }

    #[test]
    fn reads_cross_references() {
        let objective = |text: &str| match read_cross_reference(text).map(|p| p.value) {
            Some(Value::CrossReference { objective }) => Some(objective),
            _ => None,
        };
        assert_eq!(objective("(see Objective 11.1)").as_deref(), Some("11.1"));
        assert_eq!(objective("See 2.4").as_deref(), Some("2.4"));
        assert_eq!(objective("see 6.4").as_deref(), Some("6.4"));
        assert_eq!(
            objective("See 2.1 for performance measures See 10.2 for LAC"),
            None
        );
    }
}

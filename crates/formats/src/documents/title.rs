//! Who published the document and what plan it is, from its opening lines.

use trustboard_core::model::PlanHeader;

use super::Hints;

use super::markup::without_markdown;

const LONGEST_TITLE: usize = 120;

/// The council and the plan: as the hints give them, else as the opening
/// lines (or, for the council, `elsewhere`) name them. The error says what
/// is missing and the flag that gives it.
pub(crate) fn names(
    hints: &Hints,
    opening: &[&str],
    elsewhere: impl FnOnce() -> Option<String>,
) -> Result<(String, PlanHeader), &'static str> {
    let organisation = match &hints.organisation {
        Some(name) => name.clone(),
        None => organisation(opening)
            .or_else(elsewhere)
            .ok_or("does not name its council; give the organisation with --org")?,
    };
    let mut plan = plan_header(opening).unwrap_or_default();
    if let Some(name) = &hints.plan {
        plan.name = name.clone();
    }
    if plan.name.is_empty() {
        return Err("has no recognisable plan title; give the plan's name with --plan");
    }
    Ok((organisation, plan))
}

/// The council named at the top of the document, e.g. `Royal Borough of Kingston upon Thames`.
pub(crate) fn organisation(lines: &[&str]) -> Option<String> {
    let opening: Vec<String> = lines
        .iter()
        .map(|l| without_markdown(l))
        .filter(|l| !l.is_empty())
        .take(40)
        .collect();
    opening.iter().enumerate().find_map(|(n, line)| {
        let names_council = line.contains("Borough of") || is_council_name(line);
        if !names_council || line.len() > LONGEST_TITLE {
            return None;
        }
        // `The Royal Borough of …` is the same council as `Royal Borough of …`.
        let line = line.strip_prefix("The ").unwrap_or(line);
        match opening.get(n + 1) {
            Some(next) if line.ends_with(" of") => Some(format!("{line} {next}")),
            _ => Some(line.to_string()),
        }
    })
}

/// `Example Borough Council`, `Wiltshire Council`, `Kingston upon Hull City
/// Council`: a few capitalised words (place names may hold `upon`, `of` …)
/// ending in `Council`.
fn is_council_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=7).contains(&words.len())
        && words.last() == Some(&"Council")
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || ["of", "and", "upon", "on", "in", "le"].contains(w)
        })
}

/// The council the document names most often anywhere in its text, for documents
/// whose opening lines do not say (`… KCC … Kent County Council …`).
pub(crate) fn organisation_named_in_text(text: &str) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for suffix in ["County Council", "City Council", "Borough Council"] {
        for (at, _) in text.match_indices(suffix) {
            let words: Vec<&str> = text[..at]
                .split_whitespace()
                .rev()
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .take(3)
                .collect();
            if words.is_empty() {
                continue;
            }
            let place: Vec<&str> = words.into_iter().rev().collect();
            *counts
                .entry(format!("{} {suffix}", place.join(" ")))
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(name, _)| name)
}

/// The plan's title and the years it runs, e.g. `Children and Young People's Plan 2009 – 13`.
pub(crate) fn plan_header(lines: &[&str]) -> Option<PlanHeader> {
    let text: Vec<String> = lines
        .iter()
        .filter(|l| !l.contains('\t'))
        .map(|l| without_markdown(l))
        .filter(|l| !l.is_empty())
        .collect();
    text.iter().enumerate().find_map(|(n, line)| {
        let lower = line.to_lowercase();
        if line.len() > LONGEST_TITLE || !(lower.contains("plan") || lower.contains("strategy")) {
            return None;
        }
        let (title, period) = match year_span(line) {
            Some(period) => (line.clone(), period),
            None => {
                let next = text.get(n + 1)?;
                let period =
                    year_span(next).filter(|_| next.chars().all(|c| !c.is_alphabetic()))?;
                (format!("{line} {next}"), period)
            }
        };
        let title = match n.checked_sub(1).and_then(|p| text.get(p)) {
            Some(before) if is_title_lead(before) => {
                format!("{}: {title}", before.trim_end_matches(['.', ' ']))
            }
            _ => title,
        };
        let name = if title
            .to_lowercase()
            .replace('’', "'")
            .replace(" & ", " and ")
            .contains("children and young people's plan")
        {
            format!("CYPP {period}")
        } else {
            title.clone()
        };
        Some(PlanHeader {
            name,
            title,
            period,
        })
    })
}

/// A short line just above the title that belongs to it (`Closing the Gap ...`),
/// not the name of the council or of its partnership (`… Trust`).
fn is_title_lead(line: &str) -> bool {
    line.len() < 40
        && !line.chars().any(|c| c.is_ascii_digit())
        && !["Borough", "Council", "Trust"]
            .iter()
            .any(|word| line.contains(word))
}

/// `2009 – 13`, `2009-2013`, `2007 – 2010` give `2009-13`, `2009-13`, `2007-10`; `2009/10` stays.
fn year_span(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (n, word) in words.iter().enumerate() {
        let Some(first) = four_digit_year(word.get(..4).unwrap_or_default()) else {
            continue;
        };
        let rest = &word[4..];
        let second = if rest.is_empty() {
            match (words.get(n + 1), words.get(n + 2)) {
                (Some(&("–" | "-")), Some(end)) => Some(*end),
                _ => None,
            }
        } else {
            rest.strip_prefix(['–', '-'])
        };
        if let Some(second) = second.and_then(|s| s.get(s.len().saturating_sub(2)..)) {
            return Some(format!("{first}-{second}"));
        }
        if let Some(short) = rest.strip_prefix('/') {
            return Some(format!("{first}/{short}"));
        }
    }
    None
}

fn four_digit_year(text: &str) -> Option<i32> {
    let year: i32 = text.parse().ok()?;
    (text.len() == 4 && (1990..=2100).contains(&year)).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_council_named_only_in_the_body() {
        let text =
            "KCC plans.\nThe plan of Kent County Council for 2009.\nAgreed by Kent County Council.";
        assert_eq!(
            organisation_named_in_text(text).as_deref(),
            Some("Kent County Council")
        );
        assert_eq!(organisation_named_in_text("no council here"), None);
    }

    #[test]
    fn any_council_named_on_its_own_line() {
        for name in [
            "Example Borough Council",
            "Wiltshire Council",
            "Kent County Council",
        ] {
            assert_eq!(
                organisation(&["", name, "Plan 2009-12"]).as_deref(),
                Some(name)
            );
        }
        assert_eq!(organisation(&["Reported to the Council"]), None);
    }

    #[test]
    fn finds_the_council_and_the_plan() {
        let lines = [
            "",
            "Royal Borough of",
            "Kingston upon Thames",
            "",
            "Closing the Gap ...",
            "Strategy for Early Intervention",
            "2007 – 2010",
        ];
        assert_eq!(
            organisation(&lines).as_deref(),
            Some("Royal Borough of Kingston upon Thames")
        );
        let header = plan_header(&lines).expect("a title");
        assert_eq!(header.period, "2007-10");
        assert_eq!(
            header.title,
            "Closing the Gap: Strategy for Early Intervention 2007 – 2010"
        );
        let lines = [
            "The Royal Borough of Kingston upon Thames",
            "Children & Young People's Trust",
            "Children & Young People's Plan 2006 – 2010 Summary",
        ];
        assert_eq!(
            organisation(&lines).as_deref(),
            Some("Royal Borough of Kingston upon Thames")
        );
        let header = plan_header(&lines).expect("a title");
        assert_eq!(
            (header.name.as_str(), header.period.as_str()),
            ("CYPP 2006-10", "2006-10")
        );
        assert_eq!(header.title, lines[2]);
        let header = plan_header(&["Children and Young People's Plan 2009 – 13"]).expect("a title");
        assert_eq!(
            (header.name.as_str(), header.period.as_str()),
            ("CYPP 2009-13", "2009-13")
        );
        let header =
            plan_header(&["## **Children and Young People's Plan 2009-2013**"]).expect("a title");
        assert_eq!(header.name, "CYPP 2009-13");
        assert_eq!(
            plan_header(&["BUSINESS PLAN 2009/10"])
                .expect("a title")
                .period,
            "2009/10"
        );
    }
}

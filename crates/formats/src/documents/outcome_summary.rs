//! Plan summaries written as prose: each Every Child Matters outcome has a
//! heading of its own, and its priorities follow a line such as
//! `Our current priorities for improvement in 'Being Healthy'` as a bullet
//! list. Each outcome becomes a node, each priority an objective under it.
//! A section `Our plans for service improvement` lists dated service
//! developments (`By end 2007` over the items it dates); they become the
//! milestones of one node of that name, their timescale kept as written (a
//! bare year gives no due date: the timescale reader dates months and terms).

use trustboard_core::model::Milestone;

use crate::ImportError;

use super::builder::{At, Builder};
use super::markup::without_markdown;

const PRIORITIES_LEAD: &str = "our current priorities for improvement";
const SERVICE_IMPROVEMENT: &str = "our plans for service improvement";
/// The code of the node that holds the dated service developments.
const SERVICE_NODE: &str = "S";

/// Reads every outcome's priorities and the service developments. Returns
/// whether the document has any outcome priorities.
pub(crate) fn read(lines: &[&str], builder: &mut Builder) -> Result<bool, ImportError> {
    let mut outcomes = 0;
    for (n, line) in lines.iter().enumerate() {
        let text = without_markdown(line);
        let lower = text.to_lowercase();
        if lower.starts_with(PRIORITIES_LEAD) {
            outcomes += 1;
            let name = quoted_outcome(&text).ok_or_else(|| ImportError {
                file: builder.file.to_string(),
                line: n + 1,
                column: 1,
                field: Some("outcome".into()),
                text: Some(text.clone()),
                message: "a list of priorities must name its outcome in quotes, as in `Our current priorities for improvement in 'Being Healthy'`".into(),
            })?;
            let title = heading_above(&lines[..n], &name).unwrap_or(name);
            let code = outcomes.to_string();
            builder.node(&code, None, "outcome", &title);
            let priorities = bullets_after(lines, n);
            if priorities.is_empty() {
                let at = At {
                    line: n + 1,
                    column: 0,
                };
                builder.warn(at, Some(&text), "no bulleted priorities follow this line");
            }
            for (k, (_, priority)) in priorities.iter().enumerate() {
                let objective = format!("{code}.{}", k + 1);
                builder.node(&objective, Some(&code), "objective", priority);
            }
        } else if lower == SERVICE_IMPROVEMENT && outcomes > 0 {
            service_developments(lines, n, &text, builder);
        }
    }
    Ok(outcomes > 0)
}

/// `… in 'Staying Safe'` gives `Staying Safe`; straight or curly quotes.
fn quoted_outcome(text: &str) -> Option<String> {
    let open = text.find(['\'', '‘'])?;
    let rest = &text[open..];
    let rest = rest.strip_prefix('\'').or(rest.strip_prefix('‘'))?;
    let close = rest.rfind(['\'', '’'])?;
    let name = rest[..close].trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The outcome's own heading as the document writes it: the nearest line
/// above that names it alone.
fn heading_above(lines: &[&str], name: &str) -> Option<String> {
    lines
        .iter()
        .rev()
        .map(|l| without_markdown(l))
        .find(|l| l.eq_ignore_ascii_case(name))
}

/// The bullet items (`- …`, `• …`) after line `n`, up to the first line of
/// prose, each with its 1-based line number.
fn bullets_after(lines: &[&str], n: usize) -> Vec<(usize, String)> {
    let mut items = Vec::new();
    for (k, line) in lines.iter().enumerate().skip(n + 1) {
        let text = line.trim();
        if text.is_empty() {
            if items.is_empty() {
                continue;
            }
            // A list ends at a blank line unless another item follows at once.
            let next = lines.get(k + 1).map(|l| l.trim()).unwrap_or_default();
            if bullet(next).is_none() {
                break;
            }
            continue;
        }
        match bullet(text) {
            Some(item) => items.push((k + 1, item.to_string())),
            None => break,
        }
    }
    items
}

fn bullet(text: &str) -> Option<&str> {
    text.strip_prefix("- ")
        .or_else(|| text.strip_prefix("• "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Each item is a milestone; an item that is only a timescale (`By end 2007`)
/// dates the items under it that state none of their own. The list may follow
/// a paragraph that leads into it (`… the following service developments:`).
fn service_developments(lines: &[&str], n: usize, heading: &str, builder: &mut Builder) {
    let lead_in = lines
        .iter()
        .enumerate()
        .skip(n + 1)
        .find(|(_, l)| !l.trim().is_empty())
        .filter(|(_, l)| l.trim_end().ends_with(':'))
        .map_or(n, |(k, _)| k);
    let items = bullets_after(lines, lead_in);
    if items.is_empty() {
        return;
    }
    builder.node(SERVICE_NODE, None, "service improvement", heading);
    let mut shared: Option<&str> = None;
    for (_, item) in &items {
        let own = dated_lead(item);
        if own.is_some_and(|lead| lead.len() == item.trim_end_matches([':', '.']).len()) {
            shared = own;
            continue;
        }
        builder.milestone(Milestone {
            node: SERVICE_NODE.to_string(),
            text: item.clone(),
            timescale: own.or(shared).map(str::to_string),
            ..Milestone::default()
        });
    }
}

/// `By end 2007 …`, `From 2006 …`: the words up to the year that opens an item.
fn dated_lead(item: &str) -> Option<&str> {
    let first = item.split_whitespace().next()?;
    if !["By", "From"].contains(&first) {
        return None;
    }
    let mut end = 0;
    for word in item.split_whitespace().take(4) {
        end = item[end..].find(word)? + end + word.len();
        let is_year = word.len() == 4 && word.chars().all(|c| c.is_ascii_digit());
        if is_year {
            return Some(&item[..end]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_names_come_from_their_quotes() {
        assert_eq!(
            quoted_outcome("Our current priorities for improvements in 'Staying Safe'").as_deref(),
            Some("Staying Safe")
        );
        assert_eq!(
            quoted_outcome("Our current priorities for improvement in ‘Enjoy and Achieve’")
                .as_deref(),
            Some("Enjoy and Achieve")
        );
        assert_eq!(
            quoted_outcome("Our current priorities for improvement"),
            None
        );
    }

    #[test]
    fn an_item_opening_with_a_year_is_dated_by_it() {
        assert_eq!(dated_lead("By end 2007"), Some("By end 2007"));
        assert_eq!(dated_lead("From 2006 the system"), Some("From 2006"));
        assert_eq!(dated_lead("50% of schools by 2008"), None);
    }

    #[test]
    fn a_list_runs_to_the_first_line_of_prose() {
        let lines = [
            "Priorities",
            "",
            "- One",
            "- Two",
            "",
            "- Three",
            "",
            "Prose",
            "- Four",
        ];
        let items: Vec<String> = bullets_after(&lines, 0)
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(items, ["One", "Two", "Three"]);
    }
}

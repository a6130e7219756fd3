//! One figure with the words councils put around it: `Est 95%`,
//! `2009 result 57%`, `1.3 Provisional`, `403 sessions`, `4 of 8 groups`,
//! `141/97%`.

use super::figure::{read_figure, read_unsigned, Figure};
use super::notes::{number_and_percent, ratio_with_stated, read_year};
use super::{ParsedValue, Qualifiers, Quantity, Unit, Value, YearNote, YearRole};

/// Reads words before a figure that qualify it, returning them and the rest.
pub(super) fn read_prefix_qualifiers(text: &str) -> (Qualifiers, &str) {
    let mut qualifiers = Qualifiers::default();
    let mut rest = text.trim();
    loop {
        let (first, after) = rest.split_once(' ').unwrap_or((rest, ""));
        let lower = first.to_lowercase();
        match lower.as_str() {
            "est" | "est." | "estimate" | "estimated" | "approx" | "approx." | "approximately"
            | "c." | "circa" => {
                qualifiers.estimate = true;
                rest = after;
            }
            "provisional" | "prov" | "prov." => {
                qualifiers.provisional = true;
                rest = after;
            }
            "latest" => {
                rest = after.strip_prefix("figure").map_or(after, str::trim_start);
            }
            _ => match (read_year(first), year_role(after)) {
                (Some(year), Some((role, after_role))) if qualifiers.year.is_none() => {
                    qualifiers.year = Some(YearNote { year, role });
                    rest = after_role;
                }
                _ => return (qualifiers, rest),
            },
        }
    }
}

/// `result 57%` → `Result`; `target 60%` → `Target`.
fn year_role(text: &str) -> Option<(YearRole, &str)> {
    let (word, after) = text.split_once(' ').unwrap_or((text, ""));
    let role = match word.to_lowercase().trim_end_matches(':') {
        "result" | "results" | "outturn" | "out-turn" | "actual" => YearRole::Result,
        "target" => YearRole::Target,
        _ => return None,
    };
    Some((role, after.trim_start()))
}

/// Reads one figure with its qualifiers, or `None` if the text is not one.
pub(super) fn read_single(text: &str) -> Option<ParsedValue> {
    let (mut qualifiers, rest) = read_prefix_qualifiers(text);
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    if let Some(last) = words.last() {
        match last.to_lowercase().as_str() {
            "provisional" | "prov" | "prov." => {
                qualifiers.provisional = true;
                words.pop();
            }
            "est" | "est." | "estimate" => {
                qualifiers.estimate = true;
                words.pop();
            }
            _ => {}
        }
    }
    let (first, after) = words.split_first()?;
    let mut warnings = Vec::new();
    let value = match read_figure(first) {
        Some(read) => {
            warnings.extend(read.warning);
            figure_with_words(read.figure, after, &mut warnings)?
        }
        None => number_slash_percent(first).filter(|_| after.is_empty())?,
    };
    Some(ParsedValue {
        value,
        qualifiers,
        warnings,
    })
}

/// What follows the figure: nothing, `of 8 groups`, or unit words.
fn figure_with_words(figure: Figure, after: &[&str], warnings: &mut Vec<String>) -> Option<Value> {
    let Some(next) = after.first() else {
        return Some(figure.into_value());
    };
    if let Figure::Quantity(Quantity {
        amount: numerator,
        unit: Unit::Number,
    }) = figure
    {
        if let Some(value) = ratio_or_rate(numerator, after, warnings) {
            return Some(value);
        }
    }
    if !next.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    match figure {
        Figure::Quantity(Quantity {
            amount,
            unit: Unit::Number,
        }) => Some(Value::Number(Quantity {
            amount,
            unit: Unit::Counted,
        })),
        Figure::Quantity(q) => {
            warnings.push(format!(
                "the words '{}' after {}% are kept in the text but were not read",
                after.join(" "),
                q.amount
            ));
            Some(Value::Number(q))
        }
        ratio @ Figure::Ratio { .. } => Some(ratio.into_value()),
    }
}

/// The words after a count that make it a ratio or a rate: `of 8`, `in 5`,
/// `out of 4`, `(10.5%) of 133`, `per 10,000`. Words may follow (`1 in 5 children`).
fn ratio_or_rate(numerator: f64, after: &[&str], warnings: &mut Vec<String>) -> Option<Value> {
    let lower: Vec<String> = after.iter().map(|w| w.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let (stated, denominator) = match lower.as_slice() {
        // `in 2010` is a year, not a denominator.
        ["in", denominator, ..] if read_year(denominator).is_some() => return None,
        ["of" | "in", denominator, ..] | ["out", "of", denominator, ..] => (None, *denominator),
        [bracket, "of", denominator, ..] => (Some(bracketed_percent(bracket)?), *denominator),
        ["per", base, ..] => {
            let per = read_population_base(base)?;
            return Some(Value::Number(Quantity {
                amount: numerator,
                unit: Unit::Rate { per },
            }));
        }
        _ => return None,
    };
    let denominator = read_unsigned(denominator)?;
    Some(match stated {
        Some(stated) => {
            let (value, warning) = ratio_with_stated(numerator, denominator, stated);
            warnings.extend(warning);
            value
        }
        None => Value::Ratio {
            numerator,
            denominator,
            stated: None,
        },
    })
}

/// `(10.5%)` → 10.5%.
fn bracketed_percent(word: &str) -> Option<Quantity> {
    let inside = word.strip_prefix('(')?.strip_suffix(')')?;
    let amount = read_unsigned(inside.strip_suffix('%')?)?;
    Some(Quantity {
        amount,
        unit: Unit::Percent,
    })
}

/// The population a rate is counted per: `100`, `1,000`, `10,000`, `100,000`, `10k`.
fn read_population_base(word: &str) -> Option<u32> {
    let word = word.trim_end_matches([',', '.', ';']);
    let per = match word.strip_suffix('k') {
        Some(thousands) => read_unsigned(thousands)? * 1000.0,
        None => read_unsigned(word)?,
    };
    [100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0]
        .contains(&per)
        .then_some(per as u32)
}

/// `141/97%`: the `Number/%` form, a count with its percentage.
fn number_slash_percent(word: &str) -> Option<Value> {
    let (count, percent) = word.split_once('/')?;
    let count = read_unsigned(count)?;
    let percent = read_unsigned(percent.strip_suffix('%')?)?;
    Some(number_and_percent(count, percent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_year_roles_before_the_figure() {
        let (qualifiers, rest) = read_prefix_qualifiers("2009 result 57%");
        assert_eq!(
            qualifiers.year,
            Some(YearNote {
                year: 2009,
                role: YearRole::Result
            })
        );
        assert_eq!(rest, "57%");
        let (qualifiers, _) = read_prefix_qualifiers("2010 target 60%");
        assert_eq!(
            qualifiers.year,
            Some(YearNote {
                year: 2010,
                role: YearRole::Target
            })
        );
    }

    #[test]
    fn a_year_alone_is_not_a_qualifier() {
        let (qualifiers, rest) = read_prefix_qualifiers("2009 57%");
        assert!(qualifiers.is_empty());
        assert_eq!(rest, "2009 57%");
    }

    #[test]
    fn two_bare_figures_are_not_one_value() {
        assert_eq!(read_single("141 97%"), None);
        assert_eq!(read_single("90% 0.68 0.82"), None);
    }
}

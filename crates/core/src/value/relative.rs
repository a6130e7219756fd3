//! Targets stated against another figure (`Baseline plus 5%`, `maintain`,
//! `reduce by 5% year on year`) and target bands (`between 5% and 8%`).

use super::figure::{read_figure, read_number, Figure};
use super::notes::read_year;
use super::text::trim_punctuation;
use super::{Base, Change, Direction, ParsedValue, Quantity, RelativeTarget, Unit, Value};
use crate::period::Period;

/// Reads a relative target, or `None` if the text is not one.
pub(super) fn read_relative(text: &str) -> Option<ParsedValue> {
    let lowered = text.to_lowercase();
    let words: Vec<&str> = lowered
        .split_whitespace()
        .map(trim_punctuation)
        .filter(|w| !w.is_empty())
        .collect();
    read_maintain(&words)
        .or_else(|| read_base_plus(&words))
        .or_else(|| read_amount_then_direction(&words))
        .or_else(|| read_direction_then_amount(&words))
}

/// `maintain`, `Maintain 5 sessions across all centres`, `100% to be maintained`.
fn read_maintain(words: &[&str]) -> Option<ParsedValue> {
    match words {
        ["maintain" | "maintained" | "sustain", rest @ ..] => {
            let rest = rest.strip_prefix(&["at"]).unwrap_or(rest);
            let Some((first, after)) = rest.split_first() else {
                return Some(maintain(None));
            };
            match read_figure(first).and_then(|r| r.figure.quantity()) {
                Some(level) => Some(maintain(Some(counted_if_words_follow(level, after)))),
                None => {
                    let mut parsed = maintain(None);
                    parsed.warnings.push(format!(
                        "read as 'maintain'; the words after it ('{}') are kept in the text but were not read",
                        rest.join(" ")
                    ));
                    Some(parsed)
                }
            }
        }
        [level, "to", "be", "maintained"] | [level, "maintained"] => {
            let level = read_figure(level)?.figure.quantity()?;
            Some(maintain(Some(level)))
        }
        _ => None,
    }
}

fn maintain(level: Option<Quantity>) -> ParsedValue {
    ParsedValue::new(Value::Relative {
        target: RelativeTarget::Maintain { level },
    })
}

/// A bare number followed by words is a count of those things (`5 sessions`).
fn counted_if_words_follow(level: Quantity, after: &[&str]) -> Quantity {
    if level.unit == Unit::Number && !after.is_empty() {
        Quantity {
            unit: Unit::Counted,
            ..level
        }
    } else {
        level
    }
}

/// `Baseline plus 5%`, `Outcome from 2011/12 plus 5%`, `baseline minus 2`.
fn read_base_plus(words: &[&str]) -> Option<ParsedValue> {
    let at = words
        .iter()
        .position(|w| matches!(*w, "plus" | "minus" | "+"))?;
    let (base, used) = read_base(&words[..at])?;
    if used != at {
        return None;
    }
    let direction = if words[at] == "minus" {
        Direction::Reduce
    } else {
        Direction::Increase
    };
    let (change, used) = read_change(&words[at + 1..])?;
    let mut parsed = change_value(base, direction, change);
    warn_unread(&mut parsed, &words[at + 1 + used..]);
    Some(parsed)
}

/// `5% above baseline …`, `5% increase`, `17.86% reduction on baseline`,
/// `10% above 2011 baseline`.
fn read_amount_then_direction(words: &[&str]) -> Option<ParsedValue> {
    // A signed amount (`-13.2% reduction`) reports a change that happened, not a target.
    if words.first()?.starts_with(['-', '+']) {
        return None;
    }
    let (change, used) = read_change(words)?;
    let rest = &words[used..];
    let (direction, rest) = match rest {
        ["above" | "over" | "more" | "higher", rest @ ..] => (Direction::Increase, skip_than(rest)),
        ["below" | "under" | "less" | "lower" | "fewer", rest @ ..] => {
            (Direction::Reduce, skip_than(rest))
        }
        ["increase" | "rise" | "improvement", rest @ ..] => (Direction::Increase, skip_link(rest)),
        ["reduction" | "decrease" | "fall" | "drop", rest @ ..] => {
            (Direction::Reduce, skip_link(rest))
        }
        _ => return None,
    };
    Some(with_base(direction, change, rest))
}

/// `reduce by 5% year on year`, `increase by 10 on baseline`, `Increase on baseline`.
fn read_direction_then_amount(words: &[&str]) -> Option<ParsedValue> {
    let (direction, rest) = match words {
        ["increase" | "increased" | "improve" | "raise" | "rise", rest @ ..] => {
            (Direction::Increase, rest)
        }
        ["reduce" | "reduced" | "reduction" | "decrease" | "lower" | "fall", rest @ ..] => {
            (Direction::Reduce, rest)
        }
        _ => return None,
    };
    let rest = rest.strip_prefix(&["by"]).unwrap_or(rest);
    match read_change(rest) {
        Some((change, used)) => Some(with_base(direction, change, skip_link(&rest[used..]))),
        None => Some(with_base(direction, Change::Unstated, skip_link(rest))),
    }
}

fn skip_than<'a, 'b>(rest: &'a [&'b str]) -> &'a [&'b str] {
    rest.strip_prefix(&["than"]).unwrap_or(rest)
}

fn skip_link<'a, 'b>(rest: &'a [&'b str]) -> &'a [&'b str] {
    match rest {
        ["on" | "from" | "against" | "over" | "in", rest @ ..] => rest,
        _ => rest,
    }
}

/// Builds the change from a base read at the start of `rest`. With no base
/// written, the change is read against the baseline and a warning says so.
fn with_base(direction: Direction, change: Change, rest: &[&str]) -> ParsedValue {
    match read_base(rest) {
        Some((base, used)) => {
            let mut parsed = change_value(base, direction, change);
            warn_unread(&mut parsed, &rest[used..]);
            parsed
        }
        None => {
            let mut parsed = change_value(Base::Baseline, direction, change);
            parsed
                .warnings
                .push("no base figure was written; read as a change from the baseline".to_string());
            warn_unread(&mut parsed, rest);
            parsed
        }
    }
}

fn change_value(base: Base, direction: Direction, change: Change) -> ParsedValue {
    ParsedValue::new(Value::Relative {
        target: RelativeTarget::Change {
            base,
            direction,
            change,
        },
    })
}

fn warn_unread(parsed: &mut ParsedValue, rest: &[&str]) {
    if !rest.is_empty() {
        parsed.warnings.push(format!(
            "the words '{}' after the target are kept in the text but were not read",
            rest.join(" ")
        ));
    }
}

/// `5%` is a relative change; `5`, `5 percentage points`, `5pp` are in the value's own units.
fn read_change(words: &[&str]) -> Option<(Change, usize)> {
    let first = words.first()?;
    if let Some(points) = first.strip_suffix("pp").and_then(read_number) {
        return Some((
            Change::Absolute {
                amount: points.abs(),
            },
            1,
        ));
    }
    let quantity = read_figure(first)?.figure.quantity()?;
    let amount = quantity.amount.abs();
    match (quantity.unit, words.get(1..3)) {
        (_, Some(["percentage", "points" | "point"])) => Some((Change::Absolute { amount }, 3)),
        (Unit::Percent, Some(["points" | "point", ..])) => Some((Change::Absolute { amount }, 2)),
        (Unit::Percent, _) => Some((Change::Percent { amount }, 1)),
        _ => Some((Change::Absolute { amount }, 1)),
    }
}

/// The figure a change is measured from, and how many words it took.
fn read_base(words: &[&str]) -> Option<(Base, usize)> {
    match words {
        ["baseline", ..] => Some((Base::Baseline, 1)),
        ["the", "baseline", ..] => Some((Base::Baseline, 2)),
        [year, "baseline", ..] if read_year(year).is_some() => Some((Base::Baseline, 2)),
        ["year", "on", "year", ..] => Some((Base::PreviousPeriod, 3)),
        ["each" | "every" | "last" | "previous", "year", ..] => Some((Base::PreviousPeriod, 2)),
        ["the", "previous" | "last", "year", ..] => Some((Base::PreviousPeriod, 3)),
        ["annually", ..] => Some((Base::PreviousPeriod, 1)),
        ["outcome" | "outturn" | "out-turn" | "result", "from" | "for" | "in" | "of", period, ..] => {
            Some((
                Base::OutcomeOf {
                    period: period.parse::<Period>().ok()?,
                },
                3,
            ))
        }
        [period, "outcome" | "outturn" | "out-turn" | "result", ..] => Some((
            Base::OutcomeOf {
                period: period.parse::<Period>().ok()?,
            },
            2,
        )),
        _ => None,
    }
}

/// `between 5% and 8%`, `5%-8%`, `5-8%`, `5% to 8%`.
pub(super) fn read_band(text: &str) -> Option<ParsedValue> {
    let lowered = text.to_lowercase();
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let (low, high) = match words.as_slice() {
        ["between", low, "and", high] | [low, "to" | "-", high] => (*low, *high),
        [single] => {
            let at = single
                .char_indices()
                .skip(1)
                .find(|(_, c)| *c == '-')
                .map(|(i, _)| i)?;
            (&single[..at], &single[at + 1..])
        }
        _ => return None,
    };
    let (low, high) = (band_end(low)?, band_end(high)?);
    let unit = match (low.unit, high.unit) {
        (a, b) if a == b => a,
        (Unit::Number, Unit::Percent) | (Unit::Percent, Unit::Number) => Unit::Percent,
        _ => return None,
    };
    if low.amount > high.amount {
        return None;
    }
    let low = Quantity { unit, ..low };
    let high = Quantity { unit, ..high };
    Some(ParsedValue::new(Value::Band { low, high }))
}

fn band_end(word: &str) -> Option<Quantity> {
    match read_figure(word)?.figure {
        Figure::Quantity(q) => Some(q),
        Figure::Ratio { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> Option<RelativeTarget> {
        match read_relative(text)?.value {
            Value::Relative { target } => Some(target),
            _ => None,
        }
    }

    fn change(base: Base, direction: Direction, change: Change) -> Option<RelativeTarget> {
        Some(RelativeTarget::Change {
            base,
            direction,
            change,
        })
    }

    #[test]
    fn reads_baseline_plus() {
        assert_eq!(
            target("Baseline plus 5%"),
            change(
                Base::Baseline,
                Direction::Increase,
                Change::Percent { amount: 5.0 }
            )
        );
        assert_eq!(
            target("Outcome from 2011/12 plus 5%"),
            change(
                Base::OutcomeOf {
                    period: Period::financial(2011)
                },
                Direction::Increase,
                Change::Percent { amount: 5.0 }
            )
        );
    }

    #[test]
    fn reads_amount_above_baseline_and_warns_about_the_rest() {
        let parsed = read_relative("5% above baseline form summer 2011 CYPP young people's survey");
        assert_eq!(
            parsed.as_ref().map(|p| &p.value),
            Some(&Value::Relative {
                target: RelativeTarget::Change {
                    base: Base::Baseline,
                    direction: Direction::Increase,
                    change: Change::Percent { amount: 5.0 }
                }
            })
        );
        assert!(parsed.is_some_and(|p| p
            .warnings
            .iter()
            .any(|w| w.contains("young people's survey"))));
        assert_eq!(
            target("7.5% above 2011 baseline"),
            change(
                Base::Baseline,
                Direction::Increase,
                Change::Percent { amount: 7.5 }
            )
        );
    }

    #[test]
    fn reads_maintain_with_and_without_a_level() {
        assert_eq!(
            target("maintain"),
            Some(RelativeTarget::Maintain { level: None })
        );
        assert_eq!(
            target("Maintain 5 sessions across all centres"),
            Some(RelativeTarget::Maintain {
                level: Some(Quantity {
                    amount: 5.0,
                    unit: Unit::Counted
                })
            })
        );
        assert_eq!(
            target("100% to be maintained"),
            Some(RelativeTarget::Maintain {
                level: Some(Quantity {
                    amount: 100.0,
                    unit: Unit::Percent
                })
            })
        );
    }

    #[test]
    fn reads_year_on_year_reductions() {
        assert_eq!(
            target("reduce by 5% year on year"),
            change(
                Base::PreviousPeriod,
                Direction::Reduce,
                Change::Percent { amount: 5.0 }
            )
        );
        assert_eq!(
            target("reduce by 2 percentage points year on year"),
            change(
                Base::PreviousPeriod,
                Direction::Reduce,
                Change::Absolute { amount: 2.0 }
            )
        );
    }

    #[test]
    fn an_unstated_base_is_read_as_the_baseline_with_a_warning() {
        let parsed = read_relative("5% increase");
        assert!(parsed
            .as_ref()
            .is_some_and(|p| p.warnings.iter().any(|w| w.contains("no base"))));
        assert_eq!(
            target("5% increase"),
            change(
                Base::Baseline,
                Direction::Increase,
                Change::Percent { amount: 5.0 }
            )
        );
        assert_eq!(
            target("Increase on baseline"),
            change(Base::Baseline, Direction::Increase, Change::Unstated)
        );
        assert!(read_relative("Increase on baseline").is_some_and(|p| p.warnings.is_empty()));
    }

    #[test]
    fn plain_figures_are_not_relative() {
        assert_eq!(target("59%"), None);
        assert_eq!(target("By 15%"), None);
    }

    #[test]
    fn reads_bands() {
        let band = |text: &str| match read_band(text).map(|p| p.value) {
            Some(Value::Band { low, high }) => Some((low.amount, high.amount, low.unit, high.unit)),
            _ => None,
        };
        assert_eq!(
            band("between 5% and 8%"),
            Some((5.0, 8.0, Unit::Percent, Unit::Percent))
        );
        assert_eq!(
            band("5%-8%"),
            Some((5.0, 8.0, Unit::Percent, Unit::Percent))
        );
        assert_eq!(band("5-8%"), Some((5.0, 8.0, Unit::Percent, Unit::Percent)));
        assert_eq!(band("-13.2%"), None);
        assert_eq!(band("2011-12"), None);
    }
}

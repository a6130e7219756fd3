//! One figure written as a single word: `59%`, `361,888`, `-13.2%`, `5/6`.

use super::{Quantity, Unit, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Figure {
    Quantity(Quantity),
    Ratio { numerator: f64, denominator: f64 },
}

/// A figure and, when it was written oddly, what was odd about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReadFigure {
    pub figure: Figure,
    pub warning: Option<String>,
}

impl Figure {
    pub fn into_value(self) -> Value {
        match self {
            Figure::Quantity(q) => Value::Number(q),
            Figure::Ratio {
                numerator,
                denominator,
            } => Value::Ratio {
                numerator,
                denominator,
                stated: None,
            },
        }
    }

    pub fn quantity(self) -> Option<Quantity> {
        match self {
            Figure::Quantity(q) => Some(q),
            Figure::Ratio { .. } => None,
        }
    }
}

/// Reads one whitespace-free word as a figure, or `None` if it is not one.
pub(super) fn read_figure(word: &str) -> Option<ReadFigure> {
    if let Some(body) = word.strip_suffix("%%") {
        let amount = read_number(body)?;
        return Some(ReadFigure {
            figure: Figure::Quantity(Quantity {
                amount,
                unit: Unit::Percent,
            }),
            warning: Some(format!(
                "'{word}' has a doubled percent sign; read as {body}%"
            )),
        });
    }
    if let Some(body) = word.strip_suffix('%') {
        let amount = read_number(body)?;
        return Some(plain(Figure::Quantity(Quantity {
            amount,
            unit: Unit::Percent,
        })));
    }
    if let Some((top, bottom)) = word.split_once('/') {
        if looks_like_a_year_span(top, bottom) {
            return None;
        }
        let numerator = read_unsigned(top)?;
        let denominator = read_unsigned(bottom)?;
        return Some(plain(Figure::Ratio {
            numerator,
            denominator,
        }));
    }
    let amount = read_number(word)?;
    Some(plain(Figure::Quantity(Quantity {
        amount,
        unit: Unit::Number,
    })))
}

/// `2010/11` and `2011/2012` name a year, not a fraction.
fn looks_like_a_year_span(top: &str, bottom: &str) -> bool {
    let (Ok(first), Ok(second)) = (top.parse::<u32>(), bottom.parse::<u32>()) else {
        return false;
    };
    top.len() == 4
        && (1990..=2100).contains(&first)
        && ((bottom.len() == 2 && second == (first + 1) % 100)
            || (bottom.len() == 4 && second == first + 1))
}

fn plain(figure: Figure) -> ReadFigure {
    ReadFigure {
        figure,
        warning: None,
    }
}

/// A plain number with no sign.
pub(super) fn read_unsigned(text: &str) -> Option<f64> {
    if text.starts_with(['-', '+']) {
        return None;
    }
    read_number(text)
}

/// `361,888`, `-13.2`, `0.04`, `+5`. Thousands separators must group in threes.
pub(super) fn read_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    if !valid_whole(whole) {
        return None;
    }
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let digits: String = text.chars().filter(|c| *c != ',' && *c != '+').collect();
    digits.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn valid_whole(whole: &str) -> bool {
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(first) {
        return false;
    }
    let mut grouped = false;
    for group in groups {
        grouped = true;
        if group.len() != 3 || !all_digits(group) {
            return false;
        }
    }
    !grouped || first.len() <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(word: &str) -> Option<f64> {
        read_figure(word)
            .and_then(|r| r.figure.quantity())
            .map(|q| q.amount)
    }

    #[test]
    fn reads_thousands_separators_only_in_threes() {
        assert_eq!(amount("361,888"), Some(361_888.0));
        assert_eq!(amount("1,160"), Some(1160.0));
        assert_eq!(amount("1,16"), None);
        assert_eq!(amount("1234,567"), None);
    }

    #[test]
    fn reads_signed_and_decimal_percentages() {
        let read = read_figure("-13.2%");
        assert_eq!(
            read.map(|r| r.figure),
            Some(Figure::Quantity(Quantity {
                amount: -13.2,
                unit: Unit::Percent
            }))
        );
        assert_eq!(amount("0.04%"), Some(0.04));
    }

    #[test]
    fn doubled_percent_is_read_with_a_warning() {
        let read = read_figure("50%%");
        assert_eq!(
            read.as_ref().map(|r| r.figure),
            Some(Figure::Quantity(Quantity {
                amount: 50.0,
                unit: Unit::Percent
            }))
        );
        assert!(read
            .and_then(|r| r.warning)
            .is_some_and(|w| w.contains("doubled")));
    }

    #[test]
    fn rejects_words_and_dates() {
        assert_eq!(read_figure("n/a"), None);
        assert_eq!(read_figure("1:1(hours)"), None);
        assert_eq!(read_figure("30/9/11"), None);
        assert_eq!(read_figure("-"), None);
        assert_eq!(read_figure("."), None);
        assert_eq!(read_figure("2010/11"), None);
        assert_eq!(read_figure("2011/2012"), None);
        assert!(read_figure("2010/12").is_some());
    }
}

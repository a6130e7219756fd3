//! Notes after a figure: `(5/6)`, `(2005)`, `(6 pupils)`, `(Regional average 18.5%)`,
//! footnotes such as `66,000* cessation of free swimming scheme`.

use super::figure::{read_figure, Figure};
use super::text::lower_words;
use super::{ParsedValue, Part, Quantity, Unit, Value, YearNote, YearRole};
use crate::period::{read_written, Period};

/// What a note says about the figure before it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Note {
    /// `(5/6)`: the figure is this fraction.
    Ratio {
        numerator: f64,
        denominator: f64,
    },
    /// `141 (97%)`: a count and its percentage.
    Percent(f64),
    /// `(2005)`, `(2008 data)`.
    AsAt(i32),
    /// `(06/07)`, `(2006-07)`, `(AY 2010/11)`: the period the figure belongs to.
    Period(Period),
    /// `(10/11)`: a fraction or a period; the figure before it decides.
    RatioOrPeriod {
        numerator: f64,
        denominator: f64,
        period: Period,
    },
    Provisional,
    Estimate,
    /// `(6 pupils)`: the cohort behind a percentage; the text keeps it.
    Cohort,
    /// Anything else, kept in the text and named in a warning.
    Other(String),
}

/// Splits trailing notes off `text`, returning the figure part and the notes
/// in the order written.
pub(super) fn split_notes(text: &str) -> (&str, Vec<Note>) {
    let mut core = text.trim();
    let mut notes = Vec::new();
    if let Some(star) = footnote_start(core) {
        let footnote = core[star..].trim_start_matches('*').trim();
        notes.push(Note::Other(footnote.to_string()));
        core = core[..star].trim();
    }
    while let Some((rest, inside)) = trailing_bracket(core) {
        notes.push(classify(inside));
        core = rest;
    }
    notes.reverse();
    (core, notes)
}

/// A `*` after a digit or a space starts a footnote (`66,000*`, `40 **`),
/// unlike the `*` of a grade such as `A*-C`.
fn footnote_start(text: &str) -> Option<usize> {
    let star = text.find('*')?;
    let before = text[..star].chars().next_back()?;
    (before.is_ascii_digit() || before == ' ' || before == '%').then_some(star)
}

/// `17.9% (Regional average 18.5%)` gives `("17.9%", "Regional average 18.5%")`.
fn trailing_bracket(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_suffix(')')?;
    let mut depth = 0usize;
    for (i, c) in body.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                let rest = body[..i].trim_end();
                return (!rest.is_empty()).then_some((rest, body[i + 1..].trim()));
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn classify(inside: &str) -> Note {
    let words = lower_words(inside);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["provisional"] | ["prov"] | ["prov."] => return Note::Provisional,
        ["est"] | ["est."] | ["estimate"] | ["estimated"] => return Note::Estimate,
        [year] | [year, "data" | "figure" | "figures"] | ["as", "at", year] => {
            if let Some(year) = read_year(year) {
                return Note::AsAt(year);
            }
        }
        [count, rest @ ..]
            if !rest.is_empty()
                && count.bytes().all(|b| b.is_ascii_digit())
                && rest.iter().all(|w| COHORT_WORDS.contains(w)) =>
        {
            return Note::Cohort;
        }
        _ => {}
    }
    if let Some(period) = read_written(inside) {
        return match (words.as_slice(), read_figure(inside).map(|r| r.figure)) {
            (
                [word],
                Some(Figure::Ratio {
                    numerator,
                    denominator,
                }),
            ) if !word.starts_with('0') => Note::RatioOrPeriod {
                numerator,
                denominator,
                period,
            },
            _ => Note::Period(period),
        };
    }
    if let [word] = words.as_slice() {
        match read_figure(word).map(|r| r.figure) {
            Some(Figure::Ratio {
                numerator,
                denominator,
            }) => {
                return Note::Ratio {
                    numerator,
                    denominator,
                }
            }
            Some(Figure::Quantity(Quantity {
                amount,
                unit: Unit::Percent,
            })) => return Note::Percent(amount),
            _ => {}
        }
    }
    Note::Other(inside.to_string())
}

const COHORT_WORDS: &[&str] = &[
    "pupils", "pupil", "children", "child", "young", "people", "students", "learners", "families",
    "cases",
];

/// A four-digit year between 1990 and 2100.
pub(super) fn read_year(word: &str) -> Option<i32> {
    let year: i32 = word.parse().ok()?;
    (word.len() == 4 && (1990..=2100).contains(&year)).then_some(year)
}

/// Applies the notes to what was read before them.
pub(super) fn apply_notes(parsed: &mut ParsedValue, notes: Vec<Note>) {
    for note in notes {
        match note {
            Note::Ratio {
                numerator,
                denominator,
            } => apply_ratio(parsed, numerator, denominator),
            Note::Percent(percent) => apply_percent(parsed, percent),
            Note::AsAt(year) if parsed.qualifiers.year.is_none() => {
                parsed.qualifiers.year = Some(YearNote {
                    year,
                    role: YearRole::AsAt,
                });
            }
            Note::AsAt(year) => parsed.warnings.push(format!(
                "a second year ({year}) is kept in the text but was not read"
            )),
            Note::Period(period) => apply_period(parsed, period),
            Note::RatioOrPeriod {
                numerator,
                denominator,
                period,
            } => match parsed.value {
                Value::Number(stated) if matches_fraction(stated, numerator, denominator) => {
                    apply_ratio(parsed, numerator, denominator)
                }
                _ => apply_period(parsed, period),
            },
            Note::Provisional => parsed.qualifiers.provisional = true,
            Note::Estimate => parsed.qualifiers.estimate = true,
            Note::Cohort => {}
            Note::Other(note) => {
                parsed.warnings.push(format!(
                    "the note '{note}' is kept in the text but was not read"
                ));
            }
        }
    }
}

/// `83.3% (5/6)`: the stated figure stays; a mismatch is reported, not corrected.
fn apply_ratio(parsed: &mut ParsedValue, numerator: f64, denominator: f64) {
    let Value::Number(stated) = parsed.value else {
        parsed.warnings.push(format!(
            "the fraction {numerator}/{denominator} is kept in the text but was not read"
        ));
        return;
    };
    let (value, warning) = ratio_with_stated(numerator, denominator, stated);
    parsed.value = value;
    parsed.warnings.extend(warning);
}

/// A ratio with the figure the council stated beside it; a stated percentage
/// that does not match the fraction beyond rounding is kept and flagged.
pub(super) fn ratio_with_stated(
    numerator: f64,
    denominator: f64,
    stated: Quantity,
) -> (Value, Option<String>) {
    let warning = (!matches_fraction(stated, numerator, denominator)).then(|| {
        format!(
            "{}% does not match {numerator}/{denominator}, which is {:.1}%; both are kept",
            stated.amount,
            100.0 * numerator / denominator
        )
    });
    let value = Value::Ratio {
        numerator,
        denominator,
        stated: Some(stated),
    };
    (value, warning)
}

/// Whether a stated percentage is the fraction, allowing for rounding.
fn matches_fraction(stated: Quantity, numerator: f64, denominator: f64) -> bool {
    stated.unit != Unit::Percent
        || denominator == 0.0
        || (100.0 * numerator / denominator - stated.amount).abs() <= 0.6
}

/// `74% (06/07)`: the figure belongs to the period written beside it.
fn apply_period(parsed: &mut ParsedValue, period: Period) {
    match parsed.qualifiers.period {
        None => parsed.qualifiers.period = Some(period),
        Some(_) => parsed.warnings.push(format!(
            "a second period ({period}) is kept in the text but was not read"
        )),
    }
}

/// `141 (97%)`: a count with its percentage, kept as two parts.
fn apply_percent(parsed: &mut ParsedValue, percent: f64) {
    match parsed.value {
        Value::Number(count) if count.unit == Unit::Number || count.unit == Unit::Counted => {
            parsed.value = number_and_percent(count.amount, percent);
        }
        // `14 of 133 (10.5%)`: the stated percentage of the ratio.
        Value::Ratio {
            numerator,
            denominator,
            stated: None,
        } => {
            let stated = Quantity {
                amount: percent,
                unit: Unit::Percent,
            };
            let (value, warning) = ratio_with_stated(numerator, denominator, stated);
            parsed.value = value;
            parsed.warnings.extend(warning);
        }
        _ => parsed.warnings.push(format!(
            "the percentage {percent}% is kept in the text but was not read"
        )),
    }
}

/// The `Number/%` form: parts labelled `number` and `percent`.
pub(super) fn number_and_percent(count: f64, percent: f64) -> Value {
    let part = |label: &str, amount: f64, unit: Unit| Part {
        label: label.to_string(),
        value: ParsedValue::new(Value::Number(Quantity { amount, unit })),
    };
    Value::Parts {
        parts: vec![
            part("number", count, Unit::Number),
            part("percent", percent, Unit::Percent),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_trailing_notes_in_order() {
        let (core, notes) = split_notes("83.3% (5/6) (2009)");
        assert_eq!(core, "83.3%");
        assert_eq!(
            notes,
            vec![
                Note::Ratio {
                    numerator: 5.0,
                    denominator: 6.0
                },
                Note::AsAt(2009)
            ]
        );
    }

    #[test]
    fn a_grade_star_is_not_a_footnote() {
        assert_eq!(split_notes("5 A*-C").1, vec![]);
        let (core, notes) = split_notes("66,000* cessation of free swimming scheme");
        assert_eq!(core, "66,000");
        assert_eq!(
            notes,
            vec![Note::Other("cessation of free swimming scheme".into())]
        );
    }

    #[test]
    fn a_bracket_alone_is_not_a_note() {
        assert_eq!(
            split_notes("(see Objective 11.1)").0,
            "(see Objective 11.1)"
        );
    }

    #[test]
    fn cohort_sizes_and_years_are_recognised() {
        assert_eq!(split_notes("50% (6 pupils)").1, vec![Note::Cohort]);
        assert_eq!(split_notes("27.1 (2008 data)").1, vec![Note::AsAt(2008)]);
    }
}

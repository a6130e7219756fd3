//! One indicator, several labelled figures: `a) 31/35 b) 9/10 c) 2/3`,
//! `I – 0% S – 3% G – 62% O – 35%`, `80% reading 89% writing`,
//! `Overnights 3,086 1:1(hours) 13,919`.

use super::figure::{read_figure, Figure, ReadFigure};
use super::grammar::{parse_clean, Depth};
use super::relative::read_relative;
use super::single::read_prefix_qualifiers;
use super::{Change, ParsedValue, Part, RelativeTarget, Unit, Value};

/// Longest label, in words, that a figure may carry in the paired forms.
const MAX_LABEL_WORDS: usize = 3;
/// Longest label, in letters, of the `G – 62%` form.
const MAX_DASH_LABEL: usize = 4;

/// `a) … b) … c) …`, labels in order from `a`, with optional words before
/// them (`2010 result a) 47% b) 59%`, `Increase on baseline a) 10% b) 15%`).
pub(super) fn read_lettered(text: &str) -> Option<ParsedValue> {
    let mut labels = Vec::new();
    let mut offset = 0;
    for word in text.split(' ') {
        let expected = char::from(b'a' + labels.len().min(25) as u8);
        if is_letter_label(word, expected) {
            labels.push((offset, word.len()));
        }
        offset += word.len() + 1;
    }
    let (first, _) = *labels.first()?;
    let prefix = text[..first].trim();
    let mut parts = Vec::with_capacity(labels.len());
    for (i, (start, len)) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(text.len(), |(next, _)| *next);
        let label = text[*start..start + len - 1].to_lowercase();
        let body = text[start + len..end].trim();
        let value = if body.is_empty() {
            ParsedValue::new(Value::Empty)
        } else {
            parse_clean(body, Depth::Part)
        };
        parts.push(Part { label, value });
    }
    Some(apply_prefix(prefix, parts))
}

fn is_letter_label(word: &str, expected: char) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some(')'), None) if c.to_ascii_lowercase() == expected)
}

/// Words before the first part either qualify the whole value (`2010 result`)
/// or state the kind of target each part is (`Increase on baseline`).
fn apply_prefix(prefix: &str, mut parts: Vec<Part>) -> ParsedValue {
    if prefix.is_empty() {
        return ParsedValue::new(Value::Parts { parts });
    }
    let (qualifiers, rest) = read_prefix_qualifiers(prefix);
    if rest.is_empty() {
        let mut parsed = ParsedValue::new(Value::Parts { parts });
        parsed.qualifiers = qualifiers;
        return parsed;
    }
    let mut warnings = Vec::new();
    match read_relative(prefix).map(|p| p.value) {
        Some(Value::Relative {
            target:
                RelativeTarget::Change {
                    base,
                    direction,
                    change: Change::Unstated,
                },
        }) => {
            for part in &mut parts {
                if let Value::Number(q) = part.value.value {
                    let change = match q.unit {
                        Unit::Percent => Change::Percent { amount: q.amount },
                        _ => Change::Absolute { amount: q.amount },
                    };
                    part.value.value = Value::Relative {
                        target: RelativeTarget::Change {
                            base: base.clone(),
                            direction,
                            change,
                        },
                    };
                }
            }
        }
        _ => warnings.push(format!(
            "the words '{prefix}' before the parts are kept in the text but were not read"
        )),
    }
    let mut parsed = ParsedValue::new(Value::Parts { parts });
    parsed.warnings = warnings;
    parsed
}

/// `G – 62%` (one labelled figure) or `I – 0% S – 3% G – 62% O – 35%`
/// (several); a label with nothing after its dash is an empty part.
pub(super) fn read_dashed(text: &str) -> Option<ParsedValue> {
    let mut parts = Vec::new();
    let mut warnings = Vec::new();
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        let label = match word.strip_suffix('-') {
            Some(label) => label,
            None if words.peek() == Some(&"-") => {
                words.next();
                word
            }
            None => return None,
        };
        if label.is_empty()
            || label.len() > MAX_DASH_LABEL
            || !label.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        let figure = words.peek().and_then(|w| read_figure(w));
        let value = match figure {
            Some(ReadFigure { figure, warning }) => {
                words.next();
                warnings.extend(warning);
                ParsedValue::new(figure.into_value())
            }
            None => ParsedValue::new(Value::Empty),
        };
        parts.push(Part {
            label: label.to_string(),
            value,
        });
    }
    let mut parsed = match parts.len() {
        0 => return None,
        1 => {
            let part = parts.pop()?;
            let mut single = part.value;
            single.qualifiers.label = Some(part.label);
            single
        }
        _ => ParsedValue::new(Value::Parts { parts }),
    };
    parsed.warnings.extend(warnings);
    Some(parsed)
}

/// Figures each with a short label, before (`Overnights 3,086 Spec.Grps 25,121`)
/// or after (`80% reading 89% writing`). At least two figures are needed:
/// one figure with words is read elsewhere as a count or left as text.
pub(super) fn read_paired(text: &str) -> Option<ParsedValue> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut runs: Vec<Run> = Vec::new();
    for word in &words {
        match (read_figure(word), runs.last_mut()) {
            (Some(read), _) => runs.push(Run::Figure(read.figure, read.warning)),
            (None, _) if !word.chars().any(char::is_alphanumeric) && *word != "&" => return None,
            (None, Some(Run::Label(label))) => label.push(word),
            (None, _) => runs.push(Run::Label(vec![word])),
        }
    }
    let labels_first = matches!(runs.first(), Some(Run::Label(_)));
    // Two pairs at least; an odd run left over fails the pairing below.
    if runs.len() < 4 {
        return None;
    }
    let mut parts = Vec::new();
    let mut warnings = Vec::new();
    for pair in runs.chunks(2) {
        let (label, figure, warning) = match (labels_first, pair) {
            (true, [Run::Label(label), Run::Figure(figure, warning)])
            | (false, [Run::Figure(figure, warning), Run::Label(label)]) => {
                (label, figure, warning)
            }
            _ => return None,
        };
        // `4 of 8 groups`, `1 in 5 children` are fractions and `42 per
        // 100,000 population` a rate, not two labelled figures.
        if label.len() > MAX_LABEL_WORDS
            || label.first().is_some_and(|w| {
                ["of", "in", "out", "per"]
                    .iter()
                    .any(|joining| w.eq_ignore_ascii_case(joining))
            })
        {
            return None;
        }
        warnings.extend(warning.clone());
        parts.push(Part {
            label: label.join(" "),
            value: ParsedValue::new(figure.into_value()),
        });
    }
    let mut parsed = ParsedValue::new(Value::Parts { parts });
    parsed.warnings = warnings;
    Some(parsed)
}

enum Run<'a> {
    Figure(Figure, Option<String>),
    Label(Vec<&'a str>),
}
